//! The saddle `f(θ) = θ₁² − θ₂²`: how long a walk lingers near it, and why
//! it almost never stays.

use descent::landscape::Saddle;
use descent::{GradientDescent, StoppingRules, Trajectory, descend};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// The learning rate of every walk on the saddle.
pub const ETA: f64 = 0.1;
/// The distance `R` from the ridge at which a walk counts as escaped.
pub const RADIUS: f64 = 1.0;
/// Where the walks start along the first axis: `θ₀ = (1, R₀)`.
pub const ALONG: f64 = 1.0;
/// The step budget of a walk on the saddle: enough to escape from `R₀ = 10⁻⁶⁰`.
pub const BUDGET: usize = 1000;

// ANCHOR: escape
/// The number of steps after which a walk from `θ₀ = (θ₁, R₀)`, a distance
/// `0 < R₀ < R` off the crest, first has `|θ₂| ≥ R`, by the formula of the
/// text: `θ₂` is multiplied by `1 + 2η` at every step, so `R₀·(1 + 2η)ᵗ ≥ R`
/// first holds at `t = ⌈ln(R/R₀) / ln(1 + 2η)⌉`. A negative `r0` is the
/// mirror start, the same distance below the crest.
pub fn escape_steps(r0: f64, eta: f64, radius: f64) -> usize {
    (escape_time(r0, eta, radius)).ceil() as usize
}

/// The same time before rounding up: `ln(R/R₀) / ln(1 + 2η)`.
pub fn escape_time(r0: f64, eta: f64, radius: f64) -> f64 {
    (radius / r0.abs()).ln() / (2.0 * eta).ln_1p()
}
// ANCHOR_END: escape

/// Walk down the saddle from `(ALONG, theta2)` with rate `eta` for `steps`
/// steps (or until the divergence watch stops the runaway).
pub fn walk(theta2: f64, eta: f64, steps: usize) -> Trajectory {
    descend(
        &Saddle,
        &mut GradientDescent { eta },
        &[ALONG, theta2],
        &StoppingRules::budget(steps),
    )
}

/// The first step at which `|θ₂| ≥ radius` in a walk, if there is one.
pub fn measured_escape(run: &Trajectory, radius: f64) -> Option<usize> {
    run.points.iter().position(|p| p[1].abs() >= radius)
}

/// The offsets `R₀` of the book's measurement: every quarter of a decade from
/// `10⁻¹` down to `10⁻¹⁵`, 57 in all.
pub fn offsets() -> Vec<f64> {
    (0..57).map(|k| 10f64.powf(-1.0 - k as f64 / 4.0)).collect()
}

/// One offset's escape, measured and predicted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Escape {
    /// The offset `R₀`.
    pub r0: f64,
    /// The step at which the walk reached `|θ₂| ≥ R`.
    pub measured: usize,
    /// `ln(R/R₀) / ln(1 + 2η)`.
    pub formula: f64,
}

/// Walk from every offset and measure when each escapes.
pub fn escapes(eta: f64) -> Vec<Escape> {
    offsets()
        .into_iter()
        .map(|r0| {
            let run = walk(r0, eta, BUDGET);
            Escape {
                r0,
                measured: measured_escape(&run, RADIUS)
                    .expect("every offset of the book escapes within the budget"),
                formula: escape_time(r0, eta, RADIUS),
            }
        })
        .collect()
}

/// How many random starts the mean escape time averages over.
pub const RANDOM_STARTS: usize = 10_000;

/// The escape times of `count` walks whose starts' `θ₂` are uniform on
/// `(−R, R)` (their distances `R₀` from the crest uniform on `[0, R)`): each walk steps `θ₂ ← θ₂ − η·(−2θ₂)`, the saddle's second
/// coordinate (the first does not affect it), until `|θ₂| ≥ R`.
pub fn random_escape_times(count: usize, eta: f64, seed: u64) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut times = Vec::with_capacity(count);
    while times.len() < count {
        let mut theta2 = RADIUS * (2.0 * rng.random::<f64>() - 1.0);
        if theta2 == 0.0 {
            // Exactly on the ridge, this walk would never leave: it happens
            // with probability about 2⁻⁵³ per draw, and is drawn again.
            continue;
        }
        let mut t = 0;
        while theta2.abs() < RADIUS {
            theta2 -= eta * (-2.0 * theta2);
            t += 1;
        }
        times.push(t);
    }
    times
}

/// The mean of the random starts' escape times, as the text derives it:
/// `P(t_esc > t) = (1 + 2η)⁻ᵗ`, so `E[t_esc] = Σₜ (1 + 2η)⁻ᵗ = (1 + 2η)/(2η)`.
pub fn expected_random_escape(eta: f64) -> f64 {
    (1.0 + 2.0 * eta) / (2.0 * eta)
}

/// The mean and its standard error.
pub fn mean_and_standard_error(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (variance / n).sqrt())
}
