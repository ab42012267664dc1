//! Chapter 10 exercises: write these functions.
//!
//! Each function below says what to do in its doc comment and starts as
//! `todo!()`. Replace the `todo!()` with your code, then check your work:
//!
//! ```sh
//! cargo run -p exercises -- 10
//! ```
//!
//! Throughout, `z` is a logit, `p = 1/(1 + e^(−z))` the probability of the
//! positive class, and `y` the label, 0 or 1. `descent` has some of these
//! (`descent::loss::sigmoid`, `descent::loss::CrossEntropy`); calling them is
//! not the exercise: write the formula.

// The parameters are unused until you write the bodies.
#![allow(unused_variables)]

/// Exercise 10.1 ★ — the logistic function, safely.
///
/// Return `p = 1/(1 + e^(−z))` for any finite `z`, without ever computing an
/// exponential that overflows: the answer must be finite for `z = ±800` and
/// keep its relative precision far out in the left tail (at `z = −720`, `p`
/// is about `2·10⁻³¹³`, not 0).
pub fn logistic(z: f64) -> f64 {
    todo!("exercise 10.1: 1/(1 + e^(−z)) for z ≥ 0, and e^z/(1 + e^z) for z < 0")
}

/// Exercise 10.2 ★★ — the cross-entropy, safely.
///
/// Return `−y·ln p − (1 − y)·ln(1 − p)` with `p = s(z)`, computed from `z`
/// so that it is finite and accurate for every finite `z`: `800` for
/// `(z, y) = (800, 0)`, and about `4.25·10⁻¹⁸` (not 0) for `(40, 1)`.
pub fn cross_entropy(z: f64, y: f64) -> f64 {
    todo!("exercise 10.2: max(z, 0) − y·z + ln(1 + e^(−|z|)), with ln_1p")
}

/// Exercise 10.3 ★★ — the gradient of one example.
///
/// For the model `z = w·x + b` (weights `w`, features `x` of the same
/// length, intercept `b`) and the cross-entropy of the label `y`, return
/// `(∂ℓ/∂w, ∂ℓ/∂b)`: a vector as long as `w`, and a number.
pub fn example_gradient(w: &[f64], b: f64, x: &[f64], y: f64) -> (Vec<f64>, f64) {
    todo!("exercise 10.3: (p − y)·x and p − y")
}

/// Exercise 10.4 ★★ — one of Xiao Ming's corrections.
///
/// `theta` holds the seven weights and then the intercept, `(w₁, …, w₇, b)`;
/// `x` an animal's seven features; `y` whether it is a cat. Return the
/// parameters after one step of stochastic gradient descent with learning
/// rate `eta` on this one animal's cross-entropy.
pub fn correction(theta: &[f64], x: &[f64], y: f64, eta: f64) -> Vec<f64> {
    todo!("exercise 10.4: θ ← θ − η·(p − y)·(x, 1)")
}

/// Exercise 10.5 ★ — accuracy.
///
/// Return the share of examples whose prediction is on the right side of
/// `p = ½`: `p ≥ ½` for `y = 1`, `p < ½` for `y = 0`.
pub fn accuracy(probabilities: &[f64], labels: &[f64]) -> f64 {
    todo!("exercise 10.5: count the right answers, divide by the number of examples")
}

/// Exercise 10.6 ★★★ — a calibration table.
///
/// Cut `[0, 1]` into `bins` equal bins; bin `k` holds the predictions with
/// `k/bins ≤ p < (k + 1)/bins` (the last bin also holds `p = 1`). Return one
/// `(count, mean predicted probability, fraction of positives)` per bin, in
/// order, with `(0, 0.0, 0.0)` for an empty bin.
pub fn calibration_table(
    probabilities: &[f64],
    labels: &[f64],
    bins: usize,
) -> Vec<(usize, f64, f64)> {
    todo!("exercise 10.6: for each bin, count, average p, and average y")
}
