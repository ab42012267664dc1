//! Chapter 9 exercises: write these functions.
//!
//! Each function below says what to do in its doc comment and starts as
//! `todo!()`. Replace the `todo!()` with your code, then check your work:
//!
//! ```sh
//! cargo run -p exercises -- 9
//! ```
//!
//! `descent::{Adagrad, RmsProp, Adam, AdamW}` and the chapter's own code
//! have answers to these; calling them is not the exercise, and the check
//! refuses an answer that does. Write the formulas, coordinate by
//! coordinate.

// The parameters are unused until you write the bodies.
#![allow(unused_variables)]

/// Exercise 9.1 ★ — one Adagrad step.
///
/// `sum` holds Adagrad's running sums `G` of squared gradients (zeros before
/// the first step). With the gradient `g` at the current `theta`, the rate
/// `eta` and `delta` (PyTorch's `eps`), update `sum` and move `theta` in
/// place: `G ← G + g²`, then `θ ← θ − η·g/(√G + δ)`, coordinate by
/// coordinate.
pub fn adagrad_step(theta: &mut [f64], sum: &mut [f64], g: &[f64], eta: f64, delta: f64) {
    todo!("exercise 9.1: add g² to the sum, then divide the step by √G + δ")
}

/// Exercise 9.2 ★ — one RMSprop step, as PyTorch takes it.
///
/// `v` holds the running averages of squared gradients (zeros before the
/// first step). Update it with smoothing constant `alpha`, then move
/// `theta`: `v ← α·v + (1 − α)·g²`, `θ ← θ − η·g/(√v + δ)`. No bias
/// correction.
pub fn rmsprop_step(theta: &mut [f64], v: &mut [f64], g: &[f64], eta: f64, alpha: f64, delta: f64) {
    todo!("exercise 9.2: a running average of g², not a sum")
}

/// Adam's settings for exercises 9.3 and 9.5.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdamSettings {
    /// The learning rate `η`.
    pub eta: f64,
    /// `β₁`.
    pub beta1: f64,
    /// `β₂`.
    pub beta2: f64,
    /// `δ`, PyTorch's `eps`.
    pub delta: f64,
}

/// Exercise 9.3 ★★ — one Adam step, with bias correction.
///
/// `m` and `v` are Adam's running averages of gradients and of squared
/// gradients (zeros before the first step), and `t` is the number of this
/// step, counting from 1. Update both averages, correct them for starting
/// at zero, and move `theta`:
/// `θ ← θ − η·m̂/(√v̂ + δ)` with `m̂ = m/(1 − β₁ᵗ)`, `v̂ = v/(1 − β₂ᵗ)`.
pub fn adam_step(
    theta: &mut [f64],
    m: &mut [f64],
    v: &mut [f64],
    t: usize,
    g: &[f64],
    settings: AdamSettings,
) {
    todo!("exercise 9.3: both averages, both corrections, then the step")
}

/// Exercise 9.4 ★★ — what the bias correction is worth.
///
/// On a gradient that is the same at every step, Adam without bias
/// correction steps `η·m/√v` and Adam with it steps `η·m̂/√v̂` (take δ = 0).
/// Return the first over the second at step `t`, as a formula (no loop
/// over steps).
pub fn uncorrected_over_corrected(beta1: f64, beta2: f64, t: usize) -> f64 {
    todo!("exercise 9.4: m = (1 − β₁ᵗ)·g and v = (1 − β₂ᵗ)·g² on a steady gradient")
}

/// Exercise 9.5 ★★ — one AdamW step.
///
/// Like [`adam_step`], but with decoupled weight decay `mu`: first shrink
/// every weight, `θ ← (1 − η·μ)·θ`, then take Adam's step with the gradient
/// `g` (which was taken at the weights before the shrink).
///
/// Do exercise 9.3 first: you may call your own `adam_step` here, and then
/// this exercise passes only once 9.3 does.
pub fn adamw_step(
    theta: &mut [f64],
    m: &mut [f64],
    v: &mut [f64],
    t: usize,
    g: &[f64],
    settings: AdamSettings,
    mu: f64,
) {
    todo!("exercise 9.5: shrink the weights, then the Adam step")
}

/// Exercise 9.6 ★★★ — the longest step Adam can take.
///
/// At step `t`, over every possible sequence of gradients `g₁, …, g_t`
/// for one coordinate, how long can Adam's step `|m̂|/√v̂` (in units of `η`,
/// with δ = 0) be? Return the exact largest value. (Write `m` and `v` as
/// weighted sums of the gradients and use the Cauchy–Schwarz inequality.)
pub fn largest_step(beta1: f64, beta2: f64, t: usize) -> f64 {
    todo!("exercise 9.6: Cauchy–Schwarz on m = (1 − β₁)·Σ β₁^(t−j)·gⱼ")
}
