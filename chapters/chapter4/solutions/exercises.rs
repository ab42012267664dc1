//! Reference solutions to chapter 4's exercises.
//!
//! `cargo test` checks these against the same checks readers face. A student
//! copy of the repository (`cargo run -p exercises -- student-copy DIR`)
//! leaves this folder out.

pub fn mean_loss_hessian(xs: &[f64]) -> [[f64; 2]; 2] {
    let n = xs.len() as f64;
    let mean_x = xs.iter().sum::<f64>() / n;
    let mean_square = xs.iter().map(|x| x * x).sum::<f64>() / n;
    [[mean_square, mean_x], [mean_x, 1.0]]
}

pub fn condition_number(h: [[f64; 2]; 2]) -> f64 {
    let half_trace = 0.5 * (h[0][0] + h[1][1]);
    let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
    let largest = half_trace + (half_trace * half_trace - det).max(0.0).sqrt();
    // The smaller root from the product of the two, det H: no cancellation.
    let smallest = det / largest;
    largest / smallest
}

pub fn steps_at_best_rate(kappa: f64, reduction: f64) -> usize {
    let factor = (kappa - 1.0) / (kappa + 1.0);
    if factor <= 0.0 {
        return 1;
    }
    (reduction.ln() / (2.0 * factor.ln())).ceil() as usize
}

pub fn standardise(xs: &[f64]) -> (Vec<f64>, f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let variance = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    let sd = variance.sqrt();
    (xs.iter().map(|x| (x - mean) / sd).collect(), mean, sd)
}

pub fn fit_standardised(xs: &[f64], ys: &[f64], steps: usize) -> (f64, f64) {
    let (scaled, mean, sd) = standardise(xs);
    // Standardised, the Hessian is the identity: the best fixed rate is 1.
    // The line is ŷ = w̃·x̃ + b′ in the standardised input x̃.
    let n = scaled.len() as f64;
    let (mut w_tilde, mut b_prime) = (0.0, 0.0);
    for _ in 0..steps {
        let mut g_w = 0.0;
        let mut g_b = 0.0;
        for i in 0..scaled.len() {
            let r = w_tilde * scaled[i] + b_prime - ys[i];
            g_w += r * scaled[i] / n;
            g_b += r / n;
        }
        w_tilde -= g_w;
        b_prime -= g_b;
    }
    (w_tilde / sd, b_prime - w_tilde * mean / sd)
}
