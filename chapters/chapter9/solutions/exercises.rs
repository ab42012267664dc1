//! Reference solutions to chapter 9's exercises.
//!
//! `cargo test` checks these against the same checks readers face. A student
//! copy of the repository (`cargo run -p exercises -- student-copy DIR`)
//! leaves this folder out.

use crate::exercises::AdamSettings;

pub fn adagrad_step(theta: &mut [f64], sum: &mut [f64], g: &[f64], eta: f64, delta: f64) {
    for i in 0..theta.len() {
        sum[i] += g[i] * g[i];
        theta[i] -= eta * g[i] / (sum[i].sqrt() + delta);
    }
}

pub fn rmsprop_step(theta: &mut [f64], v: &mut [f64], g: &[f64], eta: f64, alpha: f64, delta: f64) {
    for i in 0..theta.len() {
        v[i] = alpha * v[i] + (1.0 - alpha) * g[i] * g[i];
        theta[i] -= eta * g[i] / (v[i].sqrt() + delta);
    }
}

pub fn adam_step(
    theta: &mut [f64],
    m: &mut [f64],
    v: &mut [f64],
    t: usize,
    g: &[f64],
    settings: AdamSettings,
) {
    let AdamSettings {
        eta,
        beta1,
        beta2,
        delta,
    } = settings;
    let c1 = 1.0 - beta1.powi(t as i32);
    let c2 = 1.0 - beta2.powi(t as i32);
    for i in 0..theta.len() {
        m[i] = beta1 * m[i] + (1.0 - beta1) * g[i];
        v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];
        theta[i] -= eta * (m[i] / c1) / ((v[i] / c2).sqrt() + delta);
    }
}

pub fn uncorrected_over_corrected(beta1: f64, beta2: f64, t: usize) -> f64 {
    (1.0 - beta1.powi(t as i32)) / (1.0 - beta2.powi(t as i32)).sqrt()
}

pub fn adamw_step(
    theta: &mut [f64],
    m: &mut [f64],
    v: &mut [f64],
    t: usize,
    g: &[f64],
    settings: AdamSettings,
    mu: f64,
) {
    for weight in theta.iter_mut() {
        *weight *= 1.0 - settings.eta * mu;
    }
    adam_step(theta, m, v, t, g, settings);
}

pub fn largest_step(beta1: f64, beta2: f64, t: usize) -> f64 {
    // |Σ aⱼgⱼ| ≤ √(Σ aⱼ²/bⱼ)·√(Σ bⱼgⱼ²) with aⱼ = (1 − β₁)β₁^(t−j),
    // bⱼ = (1 − β₂)β₂^(t−j); equality for gⱼ ∝ aⱼ/bⱼ.
    let ratio = beta1 * beta1 / beta2;
    let sum: f64 = (0..t).map(|k| ratio.powi(k as i32)).sum();
    let m_part = (1.0 - beta1) / (1.0 - beta1.powi(t as i32));
    let v_part = ((1.0 - beta2.powi(t as i32)) / (1.0 - beta2)).sqrt();
    m_part * v_part * sum.sqrt()
}
