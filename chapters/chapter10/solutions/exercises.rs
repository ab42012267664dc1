//! Reference solutions to chapter 10's exercises.
//!
//! `cargo test` checks these against the same checks readers face. A student
//! copy of the repository (`cargo run -p exercises -- student-copy DIR`)
//! leaves this folder out.

pub fn logistic(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

pub fn cross_entropy(z: f64, y: f64) -> f64 {
    z.max(0.0) - y * z + (-z.abs()).exp().ln_1p()
}

pub fn example_gradient(w: &[f64], b: f64, x: &[f64], y: f64) -> (Vec<f64>, f64) {
    let mut z = b;
    for j in 0..w.len() {
        z += w[j] * x[j];
    }
    let r = logistic(z) - y;
    (x.iter().map(|xj| r * xj).collect(), r)
}

pub fn correction(theta: &[f64], x: &[f64], y: f64, eta: f64) -> Vec<f64> {
    let d = x.len();
    let (dw, db) = example_gradient(&theta[..d], theta[d], x, y);
    let mut next: Vec<f64> = theta[..d]
        .iter()
        .zip(&dw)
        .map(|(t, g)| t - eta * g)
        .collect();
    next.push(theta[d] - eta * db);
    next
}

pub fn accuracy(probabilities: &[f64], labels: &[f64]) -> f64 {
    let mut right = 0;
    for (p, y) in probabilities.iter().zip(labels) {
        if (*p >= 0.5) == (*y == 1.0) {
            right += 1;
        }
    }
    right as f64 / labels.len() as f64
}

pub fn calibration_table(
    probabilities: &[f64],
    labels: &[f64],
    bins: usize,
) -> Vec<(usize, f64, f64)> {
    let mut table = vec![(0usize, 0.0, 0.0); bins];
    for (p, y) in probabilities.iter().zip(labels) {
        let k = ((p * bins as f64) as usize).min(bins - 1);
        table[k].0 += 1;
        table[k].1 += p;
        table[k].2 += y;
    }
    for row in &mut table {
        if row.0 > 0 {
            row.1 /= row.0 as f64;
            row.2 /= row.0 as f64;
        }
    }
    table
}
