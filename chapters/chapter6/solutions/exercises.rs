//! Reference solutions to chapter 6's exercises.
//!
//! `cargo test` checks these against the same checks readers face. A student
//! copy of the repository (`cargo run -p exercises -- student-copy DIR`)
//! leaves this folder out.

use descent::linalg::{Matrix, gram, mean_products, symmetric_eigen};

use crate::basis::legendre;

pub fn bias_and_variance(fits: &[f64], signal: f64) -> (f64, f64) {
    let n = fits.len() as f64;
    let mean = fits.iter().sum::<f64>() / n;
    // The spread about the mean, not E[ŷ²] − (E ŷ)², which cancels.
    let variance = fits.iter().map(|f| (f - mean) * (f - mean)).sum::<f64>() / n;
    ((mean - signal) * (mean - signal), variance)
}

pub fn ridge_by_filters(rows: &[Vec<f64>], ys: &[f64], mus: &[f64]) -> Vec<Vec<f64>> {
    let x = Matrix::from_rows(rows);
    let eigen = symmetric_eigen(&gram(&x));
    let b = mean_products(&x, ys);
    let d = b.len();
    // The coordinates of XᵀY/n along the eigenvectors.
    let along: Vec<f64> = (0..d)
        .map(|i| {
            let q = eigen.vector(i);
            q.iter().zip(&b).map(|(a, b)| a * b).sum()
        })
        .collect();
    mus.iter()
        .map(|&mu| {
            let mut theta = vec![0.0; d];
            for (i, (&lambda, &along)) in eigen.values.iter().zip(&along).enumerate() {
                if mu == 0.0 && lambda <= 1e-10 * eigen.max() {
                    continue;
                }
                let coordinate = along / (lambda + mu);
                let q = eigen.vector(i);
                for j in 0..d {
                    theta[j] += coordinate * q[j];
                }
            }
            theta
        })
        .collect()
}

fn error(rows: &[Vec<f64>], ys: &[f64], theta: &[f64]) -> f64 {
    let mut sum = 0.0;
    for (row, y) in rows.iter().zip(ys) {
        let prediction: f64 = row.iter().zip(theta).map(|(a, b)| a * b).sum();
        sum += (prediction - y) * (prediction - y);
    }
    sum / ys.len() as f64
}

pub fn choose_mu(xs: &[f64], ys: &[f64], degree: usize, mus: &[f64]) -> f64 {
    let (mut train_rows, mut train_ys, mut val_rows, mut val_ys) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for i in 0..xs.len() {
        let row = legendre(xs[i], degree);
        if i % 3 == 2 {
            val_rows.push(row);
            val_ys.push(ys[i]);
        } else {
            train_rows.push(row);
            train_ys.push(ys[i]);
        }
    }
    let fits = ridge_by_filters(&train_rows, &train_ys, mus);
    let mut best = (f64::INFINITY, mus[0]);
    for (&mu, theta) in mus.iter().zip(&fits) {
        let e = error(&val_rows, &val_ys, theta);
        if e < best.0 {
            best = (e, mu);
        }
    }
    best.1
}

pub fn early_stopping(
    train_rows: &[Vec<f64>],
    train_ys: &[f64],
    val_rows: &[Vec<f64>],
    val_ys: &[f64],
    eta: f64,
    patience: usize,
    max_steps: usize,
) -> (usize, Vec<f64>) {
    let d = train_rows[0].len();
    let n = train_ys.len() as f64;
    let mut theta = vec![0.0; d];
    let mut best = (error(val_rows, val_ys, &theta), 0, theta.clone());
    for step in 1..=max_steps {
        let mut gradient = vec![0.0; d];
        for (row, y) in train_rows.iter().zip(train_ys) {
            let r: f64 = row.iter().zip(&theta).map(|(a, b)| a * b).sum::<f64>() - y;
            for j in 0..d {
                gradient[j] += r * row[j] / n;
            }
        }
        for j in 0..d {
            theta[j] -= eta * gradient[j];
        }
        let e = error(val_rows, val_ys, &theta);
        if e < best.0 {
            best = (e, step, theta.clone());
        } else if step - best.1 >= patience {
            break;
        }
    }
    (best.1, best.2)
}
