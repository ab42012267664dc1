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

pub fn noise_floor(eta: f64, a: f64, sigma2: f64) -> f64 {
    if eta * a >= 2.0 {
        return f64::INFINITY;
    }
    eta * sigma2 / (a * (2.0 - eta * a))
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
    let mut x = x0;
    let mut eta = eta0;
    while a * eta > f64::EPSILON / 4.0 {
        x *= 1.0 - a * eta;
        eta *= gamma;
    }
    x
}
