//! Reference solutions to chapter 5's exercises.
//!
//! `cargo test` checks these against the same checks readers face. A student
//! copy of the repository (`cargo run -p exercises -- student-copy DIR`)
//! leaves this folder out.

pub fn minibatch_gradient(xs: &[f64], ys: &[f64], batch: &[usize], w: f64, b: f64) -> (f64, f64) {
    let mut dw = 0.0;
    let mut db = 0.0;
    for &i in batch {
        let r = w * xs[i] + b - ys[i];
        dw += r * xs[i];
        db += r;
    }
    let size = batch.len() as f64;
    (dw / size, db / size)
}

pub fn steps_to_floor(eta: f64, a: f64, sigma2: f64, x0: f64, within: f64) -> usize {
    // E[xₜ²] − F = (1 − ηa)^(2t)·(x₀² − F): the gap shrinks by (1 − ηa)² per step.
    let floor = eta * sigma2 / (a * (2.0 - eta * a));
    let gap = (x0 * x0 - floor).abs();
    if gap <= within * floor {
        return 0;
    }
    let shrink = (1.0 - eta * a).powi(2);
    ((within * floor / gap).ln() / shrink.ln()).ceil() as usize
}

pub fn shuffled_epoch(
    xs: &[f64],
    ys: &[f64],
    order: &[usize],
    batch: usize,
    w: f64,
    b: f64,
    eta: f64,
) -> (f64, f64) {
    let (mut w, mut b) = (w, b);
    for indices in order.chunks(batch) {
        let (dw, db) = minibatch_gradient(xs, ys, indices, w, b);
        w -= eta * dw;
        b -= eta * db;
    }
    (w, b)
}

pub fn robbins_monro(nu: f64) -> (bool, bool) {
    // Σ 1/tᵖ is finite exactly when p > 1; ηₜ behaves like 1/t^ν, ηₜ² like 1/t^(2ν).
    (nu <= 1.0, 2.0 * nu > 1.0)
}

pub fn exponential_stop(x0: f64, a: f64, eta0: f64, gamma: f64) -> f64 {
    // Multiply while the factors are well below 1. Once u = a·ηₜ is tiny, the
    // factors still to come round to 1 in double precision long before their
    // product does; their logarithms add up to
    // Σₛ ln(1 − u·γˢ) = −u/(1 − γ) − u²/(2·(1 − γ²)) − …, the next term below
    // 10⁻¹⁸ here.
    let mut x = x0;
    let mut u = a * eta0;
    while u > 1e-6 {
        x *= 1.0 - u;
        u *= gamma;
    }
    x * (-(u / (1.0 - gamma) + u * u / (2.0 * (1.0 - gamma * gamma)))).exp()
}
