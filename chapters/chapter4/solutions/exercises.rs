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
    let spread = (0.25 * (h[0][0] - h[1][1]).powi(2) + h[0][1] * h[1][0]).sqrt();
    (half_trace + spread) / (half_trace - spread)
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
    let (zs, mean, sd) = standardise(xs);
    // Standardised, the Hessian is the identity: the best fixed rate is 1.
    let n = zs.len() as f64;
    let (mut v, mut c) = (0.0, 0.0);
    for _ in 0..steps {
        let mut gv = 0.0;
        let mut gc = 0.0;
        for i in 0..zs.len() {
            let r = v * zs[i] + c - ys[i];
            gv += r * zs[i] / n;
            gc += r / n;
        }
        v -= gv;
        c -= gc;
    }
    (v / sd, c - v * mean / sd)
}
