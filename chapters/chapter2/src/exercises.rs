//! Chapter 2 exercises: write these functions.
//!
//! Each function below says what to do in its doc comment and starts as
//! `todo!()`. Replace the `todo!()` with your code, then check your work:
//!
//! ```sh
//! cargo run -p exercises -- 2
//! ```
//!
//! The checker tells you, for each exercise, "passed", "not yet" (still
//! `todo!()`) or "failed", with what it expected, what it got, and a hint.
//!
//! Write each function yourself from the chapter's formulas. An answer that
//! hands the work to the `descent` library (its loop `descend`, its
//! `GradientDescent` step) passes the numbers but is reported as "uses the
//! library's own answer".

// The parameters are unused until you write the bodies.
#![allow(unused_variables)]

/// What a walk on a bowl with its bottom at 0 does, as its first step shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regime {
    /// Stays on one side of the bottom and gets closer.
    Monotone,
    /// Lands exactly on the bottom.
    OneStep,
    /// Jumps across the bottom and gets closer.
    Oscillating,
    /// Jumps across the bottom to the same distance, forever.
    Bouncing,
    /// Gets farther from the bottom.
    Diverging,
}

/// Exercise 2.1 ★ — the contraction factor.
///
/// On the bowl `f(x) = (a/2)·x²`, one gradient descent step with learning
/// rate `eta` multiplies the distance to the bottom by the same factor,
/// wherever it starts. Return that factor.
pub fn contraction_factor(eta: f64, a: f64) -> f64 {
    todo!("exercise 2.1: the factor by which one step multiplies the distance")
}

/// Exercise 2.2 ★★ — how many steps.
///
/// Run gradient descent on `f(x) = (a/2)·x²` from `x0` and return how many
/// steps it takes until `|x| ≤ tolerance`: `Some(0)` if `x0` is already that
/// close, and `None` if the walk will never get there.
pub fn steps_to_tolerance(x0: f64, eta: f64, a: f64, tolerance: f64) -> Option<usize> {
    todo!("exercise 2.2: count the steps, or say it never arrives")
}

/// Exercise 2.3 ★★ — name the regime.
///
/// `x0` (not zero) and `x1` are the first two points of a gradient descent
/// walk on a bowl with its bottom at 0. Say which regime the walk is in.
pub fn regime(x0: f64, x1: f64) -> Regime {
    todo!("exercise 2.3: read the regime from the first step")
}

/// Exercise 2.4 ★★★ — one learning rate for many curvatures.
///
/// The bowl `f(x) = Σᵢ (aᵢ/2)·xᵢ²` has a different curvature `aᵢ > 0` in
/// each direction, and one learning rate serves them all: direction `i`
/// contracts by `|1 − η·aᵢ|` per step. The run is as slow as its slowest
/// direction. Return the learning rate `η` that makes the slowest direction
/// as fast as possible, i.e. that minimises `maxᵢ |1 − η·aᵢ|`.
pub fn best_rate(curvatures: &[f64]) -> f64 {
    todo!("exercise 2.4: balance the steepest and the flattest direction")
}
