//! Chapter 5 exercises: write these functions.
//!
//! Each function below says what to do in its doc comment and starts as
//! `todo!()`. Replace the `todo!()` with your code, then check your work:
//!
//! ```sh
//! cargo run -p exercises -- 5
//! ```
//!
//! As in chapter 3, the model is the line `ŷ = w·x + b`, the loss of one point
//! `(x, y)` is `½·(w·x + b − y)²`, and a data set is two slices of equal
//! length, the inputs `xs` and the outputs `ys`.

// The parameters are unused until you write the bodies.
#![allow(unused_variables)]

/// Exercise 5.1 ★ — the mini-batch gradient.
///
/// Return the gradient `(∂/∂w, ∂/∂b)` of the mean loss over the points whose
/// indices are in `batch`, at the line `(w, b)`: the mean of those points'
/// gradients. An index may appear more than once (a batch drawn with
/// replacement); it then counts as often as it appears.
pub fn minibatch_gradient(xs: &[f64], ys: &[f64], batch: &[usize], w: f64, b: f64) -> (f64, f64) {
    todo!("exercise 5.1: the mean of the batch's gradients")
}

/// Exercise 5.2 ★★ — how long a constant rate takes to reach its floor.
///
/// Gradient descent with a constant rate `eta` on `f(x) = ½·a·x²`, with a
/// gradient that is right on average and has noise of variance `sigma2`,
/// starts at `x0` and settles on the noise floor `F` of formula (5.4). Return
/// the first step `t` at which `E[xₜ²]` is within the fraction `within` of
/// the floor, `|E[xₜ²] − F| ≤ within·F` (0 if the start already is). Use the
/// closed form of the gap, not a loop over the steps (a small rate takes
/// tens of thousands of them). Assume
/// `0 < a·eta < 2`, `a·eta ≠ 1` and `within > 0`.
pub fn steps_to_floor(eta: f64, a: f64, sigma2: f64, x0: f64, within: f64) -> usize {
    todo!("exercise 5.2: solve |E[xₜ²] − F| ≤ within·F for the smallest whole t")
}

/// Exercise 5.3 ★★ — one epoch of shuffled mini-batch SGD.
///
/// Start at `(w, b)`. `order` is a shuffle of the points' indices: cut it, in
/// order, into consecutive batches of `batch` points (the last one smaller
/// when `batch` does not divide the number of points) and take one step
/// `θ ← θ − η·g` per batch, with `g` the mean gradient of the batch's points
/// at the current `(w, b)`. Return the final `(w, b)`.
pub fn shuffled_epoch(
    xs: &[f64],
    ys: &[f64],
    order: &[usize],
    batch: usize,
    w: f64,
    b: f64,
    eta: f64,
) -> (f64, f64) {
    todo!("exercise 5.3: one step per batch, the last batch possibly short")
}

/// Exercise 5.4 ★★ — the Robbins–Monro conditions.
///
/// For the schedule `ηₜ = η₀ / (1 + t/τ)^ν` (with `η₀, τ > 0`), return
/// whether `Σ ηₜ = ∞` and whether `Σ ηₜ² < ∞`, as a pair of booleans, for
/// the power `nu > 0`. (The answer depends on `ν` alone.)
pub fn robbins_monro(nu: f64) -> (bool, bool) {
    todo!("exercise 5.4: compare each sum with Σ 1/tᵖ")
}

/// Exercise 5.5 ★★★ — where an exponential decay stops.
///
/// Gradient descent on `f(x) = ½·a·x²` (no noise) from `x0`, with the rate
/// `ηₜ = eta0·gammaᵗ` at step `t = 0, 1, 2, …` and `0 < gamma < 1`, never
/// reaches the bottom: it stops where the shrinking steps run out. Return
/// that point, the limit of `xₜ` as `t → ∞`, to about 12 significant digits,
/// also for `gamma` as close to 1 as `1 − 10⁻⁶` (the stop is then still a
/// normal double, but some tens of millions of steps away). Assume
/// `0 < a·eta0 < 1`.
pub fn exponential_stop(x0: f64, a: f64, eta0: f64, gamma: f64) -> f64 {
    todo!("exercise 5.5: x∞ = x₀·Πₜ (1 − a·η₀·γᵗ), to about 12 digits even for γ near 1")
}
