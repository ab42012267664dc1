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

pub fn best_intercept(labels: &[f64]) -> f64 {
    // At the optimum the mean p is the fraction of positives, and here every
    // p is the same s(b): so s(b) = ȳ, and b is the logit of ȳ.
    let fraction = labels.iter().sum::<f64>() / labels.len() as f64;
    (fraction / (1.0 - fraction)).ln()
}

pub fn largest_curvature(theta: &[f64], xs: &[Vec<f64>]) -> f64 {
    let d = theta.len();
    let n = xs.len() as f64;
    let mut h = vec![vec![0.0; d]; d];
    for x in xs {
        let mut phi = x.clone();
        phi.push(1.0);
        let z: f64 = theta.iter().zip(&phi).map(|(t, f)| t * f).sum();
        let p = logistic(z);
        for j in 0..d {
            for k in 0..d {
                h[j][k] += p * (1.0 - p) * phi[j] * phi[k] / n;
            }
        }
    }
    let mut v = vec![1.0; d];
    let mut size = 0.0;
    for _ in 0..1_000_000 {
        let hv: Vec<f64> = h
            .iter()
            .map(|row| row.iter().zip(&v).map(|(a, b)| a * b).sum())
            .collect();
        let new = hv.iter().map(|x| x * x).sum::<f64>().sqrt();
        v = hv.iter().map(|x| x / new).collect();
        if (new - size).abs() <= 1e-12 * new {
            return new;
        }
        size = new;
    }
    size
}
