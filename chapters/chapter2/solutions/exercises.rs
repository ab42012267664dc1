//! Reference solutions to chapter 2's exercises.
//!
//! `cargo test` checks these against the same checks readers face. A student
//! copy of the repository (`cargo run -p exercises -- student-copy DIR`)
//! leaves this folder out.

use crate::exercises::Regime;

pub fn contraction_factor(eta: f64, a: f64) -> f64 {
    (1.0 - eta * a).abs()
}

pub fn steps_to_tolerance(x0: f64, eta: f64, a: f64, tolerance: f64) -> Option<usize> {
    if x0.abs() <= tolerance {
        return Some(0);
    }
    if contraction_factor(eta, a) >= 1.0 {
        return None;
    }
    // In exact arithmetic |x| shrinks for ever; in floating point the walk
    // ends, frozen or in a two-point cycle, a few of the tiniest doubles
    // from 0. If it ends before reaching the tolerance (a tolerance of 0,
    // say), it never will.
    let (mut before, mut x) = (f64::NAN, x0);
    let mut steps = 0;
    while x.abs() > tolerance {
        let next = x - eta * a * x;
        if next == x || next == before {
            return None;
        }
        (before, x) = (x, next);
        steps += 1;
    }
    Some(steps)
}

pub fn regime(x0: f64, x1: f64) -> Regime {
    let ratio = x1 / x0;
    if ratio == 0.0 {
        Regime::OneStep
    } else if ratio > 0.0 && ratio < 1.0 {
        Regime::Monotone
    } else if ratio < 0.0 && ratio > -1.0 {
        Regime::Oscillating
    } else if ratio == -1.0 {
        Regime::Bouncing
    } else {
        Regime::Diverging
    }
}

pub fn best_rate(curvatures: &[f64]) -> f64 {
    let mut smallest = f64::INFINITY;
    let mut largest = 0.0_f64;
    for &a in curvatures {
        smallest = smallest.min(a);
        largest = largest.max(a);
    }
    2.0 / (smallest + largest)
}
