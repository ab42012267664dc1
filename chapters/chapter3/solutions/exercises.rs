//! Reference solutions to chapter 3's exercises.
//!
//! `cargo test` checks these against the same checks readers face. A student
//! copy of the repository (`cargo run -p exercises -- student-copy DIR`)
//! leaves this folder out.

pub fn sample_gradient(w: f64, b: f64, x: f64, y: f64) -> (f64, f64) {
    let residual = w * x + b - y;
    (residual * x, residual)
}

pub fn mean_gradient(xs: &[f64], ys: &[f64], w: f64, b: f64) -> (f64, f64) {
    let mut dw = 0.0;
    let mut db = 0.0;
    for i in 0..xs.len() {
        let (gw, gb) = sample_gradient(w, b, xs[i], ys[i]);
        dw += gw;
        db += gb;
    }
    let n = xs.len() as f64;
    (dw / n, db / n)
}

pub fn batch_fit(xs: &[f64], ys: &[f64], eta: f64, steps: usize) -> (f64, f64) {
    let (mut w, mut b) = (0.0, 0.0);
    for _ in 0..steps {
        let (dw, db) = mean_gradient(xs, ys, w, b);
        w -= eta * dw;
        b -= eta * db;
    }
    (w, b)
}

pub fn sgd_pass(xs: &[f64], ys: &[f64], order: &[usize], w: f64, b: f64, eta: f64) -> (f64, f64) {
    let (mut w, mut b) = (w, b);
    for &i in order {
        let (dw, db) = sample_gradient(w, b, xs[i], ys[i]);
        w -= eta * dw;
        b -= eta * db;
    }
    (w, b)
}

pub fn least_squares(xs: &[f64], ys: &[f64]) -> Option<(f64, f64)> {
    // "All x equal" is decided on the data, exactly: a computed variance can
    // be tiny but not zero when it should be zero (three x = 0.1 have a
    // computed mean that is not exactly 0.1).
    let first = *xs.first()?;
    if xs.iter().all(|&x| x == first) {
        return None;
    }
    let n = xs.len() as f64;
    let mean_x = xs.iter().sum::<f64>() / n;
    let mean_y = ys.iter().sum::<f64>() / n;
    let mut covariance = 0.0;
    let mut variance = 0.0;
    for i in 0..xs.len() {
        covariance += (xs[i] - mean_x) * (ys[i] - mean_y);
        variance += (xs[i] - mean_x) * (xs[i] - mean_x);
    }
    if variance == 0.0 {
        // The x differ so little that their squares underflow.
        return None;
    }
    let w = covariance / variance;
    Some((w, mean_y - w * mean_x))
}
