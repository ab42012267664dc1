//! The cubic `f(θ) = θ³`: a flat spot with no bottom, where the walk crawls
//! and the gradient-norm rule stops it anyway.

use descent::landscape::Cubic;
use descent::{GradientDescent, StoppingRules, Trajectory, descend};

/// The learning rate on the cubic.
pub const ETA: f64 = 0.1;
/// Where the walk starts.
pub const START: f64 = 1.0;
/// The gradient-norm tolerance, chapter 1's.
pub const TOLERANCE: f64 = 1e-6;
/// A budget the rule stops long before.
pub const BUDGET: usize = 100_000;
/// The size of the kicks of the second look.
pub const KICK: f64 = 1e-2;

/// The walk down the cubic from [`START`] that chapter 1's gradient rule stops.
pub fn walk() -> Trajectory {
    descend(
        &Cubic,
        &mut GradientDescent { eta: ETA },
        &[START],
        &StoppingRules::budget(BUDGET).with_gradient_tolerance(TOLERANCE),
    )
}

/// The second look: walk on from `theta` with the same rule.
pub fn walk_from(theta: f64) -> Trajectory {
    descend(
        &Cubic,
        &mut GradientDescent { eta: ETA },
        &[theta],
        &StoppingRules::budget(BUDGET).with_gradient_tolerance(TOLERANCE),
    )
}

// ANCHOR: crawl
/// The crawl `θₜ ≈ 1/(3ηt)`, with the start kept: `1/(1/θ₀ + 3ηt)`.
///
/// Each step lowers `θ` by `3ηθ²`, so `1/θ` grows by
/// `3η/(1 − 3ηθ) = 3η + 9η²θ/(1 − 3ηθ)`: by at least `3η` per step. This
/// is an upper bound on `θₜ` for every `t`, and `3ηt·θₜ → 1`.
pub fn crawl(theta0: f64, eta: f64, t: usize) -> f64 {
    1.0 / (1.0 / theta0 + 3.0 * eta * t as f64)
}
// ANCHOR_END: crawl

/// A lower bound on `θₜ` to go with [`crawl`], for `0 < 3ηθ₀ ≤ 1/2`: the
/// extra growth of `1/θ` per step, `9η²θ/(1 − 3ηθ) ≤ 18η²θ`, adds up over
/// `t` steps to at most `6η·(1/A + ln(1 + t/A))` with `A = 1/(3ηθ₀)`.
pub fn crawl_lower(theta0: f64, eta: f64, t: usize) -> f64 {
    assert!(3.0 * eta * theta0 <= 0.5, "the bound needs 3ηθ₀ ≤ 1/2");
    let a = 1.0 / (3.0 * eta * theta0);
    let extra = 6.0 * eta * (1.0 / a + (t as f64 / a).ln_1p());
    1.0 / (1.0 / theta0 + 3.0 * eta * t as f64 + extra)
}
