//! Reference solutions to chapter 8's exercises.
//!
//! `cargo test` checks these against the same checks readers face. A student
//! copy of the repository (`cargo run -p exercises -- student-copy DIR`)
//! leaves this folder out.

pub fn heavy_ball_step(theta: &mut [f64], m: &mut [f64], g: &[f64], eta: f64, beta: f64) {
    for i in 0..theta.len() {
        m[i] = beta * m[i] + g[i];
        theta[i] -= eta * m[i];
    }
}

pub fn nesterov_step(theta: &mut [f64], m: &mut [f64], g: &[f64], eta: f64, beta: f64) {
    for i in 0..theta.len() {
        m[i] = beta * m[i] + g[i];
        theta[i] -= eta * (g[i] + beta * m[i]);
    }
}

pub fn optimal_settings(lambda_min: f64, lambda_max: f64) -> (f64, f64) {
    let (small, large) = (lambda_min.sqrt(), lambda_max.sqrt());
    let eta = (2.0 / (large + small)).powi(2);
    let beta = ((large - small) / (large + small)).powi(2);
    (eta, beta)
}

pub fn spectral_radius(eta: f64, beta: f64, lambda: f64) -> f64 {
    let s = 1.0 + beta - eta * lambda;
    let discriminant = s * s - 4.0 * beta;
    if discriminant < 0.0 {
        // Complex conjugates: their product is β, so each has modulus √β.
        beta.sqrt()
    } else {
        let root = discriminant.sqrt();
        ((s + root) / 2.0).abs().max(((s - root) / 2.0).abs())
    }
}
