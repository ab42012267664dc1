//! Reference solutions to chapter 7's exercises.
//!
//! `cargo test` checks these against the same checks readers face. A student
//! copy of the repository (`cargo run -p exercises -- student-copy DIR`)
//! leaves this folder out.

use descent::landscape::CriticalKind;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

pub fn classify_hessian(h11: f64, h12: f64, h22: f64) -> CriticalKind {
    let mean = 0.5 * (h11 + h22);
    let radius = (0.5 * (h11 - h22)).hypot(h12);
    let (low, high) = (mean - radius, mean + radius);
    let zero = 1e-9;
    if low > zero {
        CriticalKind::Minimum
    } else if high < -zero {
        CriticalKind::Maximum
    } else if low < -zero && high > zero {
        CriticalKind::Saddle
    } else {
        CriticalKind::Undecided
    }
}

pub fn escape_steps(theta2: f64, eta: f64, radius: f64, lambda: f64) -> usize {
    // Each step multiplies θ₂ by 1 − ηλ = 1 + η|λ|.
    ((radius / theta2.abs()).ln() / (-eta * lambda).ln_1p()).ceil() as usize
}

fn slope(theta: f64) -> f64 {
    theta * theta * theta - theta * theta - 2.0 * theta
}

pub fn basin_fractions(low: f64, high: f64, count: usize, eta: f64, steps: usize) -> [f64; 3] {
    let mut counts = [0.0; 3];
    for i in 0..count {
        let mut theta = low + (i as f64 + 0.5) * (high - low) / count as f64;
        for _ in 0..steps {
            theta -= eta * slope(theta);
        }
        if (theta + 1.0).abs() <= 1e-3 {
            counts[0] += 1.0;
        } else if (theta - 2.0).abs() <= 1e-3 {
            counts[1] += 1.0;
        } else {
            counts[2] += 1.0;
        }
    }
    counts.map(|c| c / count as f64)
}

pub fn critical_point(a: f64, b: f64, start: (f64, f64)) -> Option<((f64, f64), CriticalKind)> {
    let (mut x, mut y) = start;
    for _ in 0..50 {
        let p = x * x + y - a;
        let q = x + y * y - b;
        // ∂f/∂θ₁ = 2p·2θ₁ + 2q, ∂f/∂θ₂ = 2p + 2q·2θ₂.
        let (gx, gy) = (4.0 * x * p + 2.0 * q, 2.0 * p + 4.0 * y * q);
        // The Hessian: differentiate once more.
        let (h11, h12, h22) = (
            4.0 * p + 8.0 * x * x + 2.0,
            4.0 * (x + y),
            4.0 * q + 8.0 * y * y + 2.0,
        );
        if gx.hypot(gy) <= 1e-9 {
            return Some(((x, y), classify_hessian(h11, h12, h22)));
        }
        let det = h11 * h22 - h12 * h12;
        if det == 0.0 {
            return None;
        }
        x -= (h22 * gx - h12 * gy) / det;
        y -= (h11 * gy - h12 * gx) / det;
    }
    None
}

pub fn escape_probability(sigma: f64, runs: usize, steps: usize, seed: u64) -> (f64, f64) {
    let eta = 0.1;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut escaped = 0;
    for _ in 0..runs {
        let mut theta: f64 = -1.0;
        let mut over = false;
        for _ in 0..steps {
            let z: f64 = StandardNormal.sample(&mut rng);
            theta -= eta * (slope(theta) + sigma * z);
            over |= theta > 0.0;
        }
        escaped += over as usize;
    }
    let p = escaped as f64 / runs as f64;
    (p, (p * (1.0 - p) / runs as f64).sqrt())
}
