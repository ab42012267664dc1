//! Reference solutions to chapter 6's exercises.
//!
//! `cargo test` checks these against the same checks readers face. A student
//! copy of the repository (`cargo run -p exercises -- student-copy DIR`)
//! leaves this folder out.

use descent::linalg::{Matrix, gram, mean_products, solve_spd};

pub fn legendre_features(x: f64, degree: usize) -> Vec<f64> {
    let mut p = vec![1.0];
    if degree >= 1 {
        p.push(x);
    }
    for j in 1..degree {
        let j = j as f64;
        let next = ((2.0 * j + 1.0) * x * p[p.len() - 1] - j * p[p.len() - 2]) / (j + 1.0);
        p.push(next);
    }
    p.iter()
        .enumerate()
        .map(|(j, pj)| pj * (2.0 * j as f64 + 1.0).sqrt())
        .collect()
}

pub fn ridge_fit(rows: &[Vec<f64>], ys: &[f64], mu: f64) -> Vec<f64> {
    let x = Matrix::from_rows(rows);
    let mut h = gram(&x);
    for j in 0..h.rows() {
        h[(j, j)] += mu;
    }
    solve_spd(&h, &mean_products(&x, ys)).expect("μ > 0 or enough points")
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
        let row = legendre_features(xs[i], degree);
        if i % 3 == 2 {
            val_rows.push(row);
            val_ys.push(ys[i]);
        } else {
            train_rows.push(row);
            train_ys.push(ys[i]);
        }
    }
    let mut best = (f64::INFINITY, mus[0]);
    for &mu in mus {
        let theta = ridge_fit(&train_rows, &train_ys, mu);
        let e = error(&val_rows, &val_ys, &theta);
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
