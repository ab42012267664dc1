//! Chapter 4 exercises: write these functions.
//!
//! Each function below says what to do in its doc comment and starts as
//! `todo!()`. Replace the `todo!()` with your code, then check your work:
//!
//! ```sh
//! cargo run -p exercises -- 4
//! ```
//!
//! Throughout, the model is the line `ŷ = w·x + b` and the loss is the mean
//! of `½·(w·xᵢ + b − yᵢ)²`, as in chapters 3 and 4. `descent` has functions
//! for some of these (`descent::line::hessian`, `descent::linalg`,
//! `descent::scaling`); calling them is not the exercise: write the formula.

// The parameters are unused until you write the bodies.
#![allow(unused_variables)]

/// Exercise 4.1 ★ — the curvature is made of the data.
///
/// Return the Hessian of the mean loss of a line fitted to inputs `xs`, as
/// rows `[[∂²L/∂w², ∂²L/∂w∂b], [∂²L/∂b∂w, ∂²L/∂b²]]`. (The targets do not
/// enter it: that is the point.)
pub fn mean_loss_hessian(xs: &[f64]) -> [[f64; 2]; 2] {
    todo!("exercise 4.1: average each point's Hessian [[x², x], [x, 1]]")
}

/// Exercise 4.2 ★★ — the condition number of a 2 × 2 Hessian.
///
/// `h` is symmetric and positive definite. Return `κ = λ_max/λ_min`, the
/// ratio of its eigenvalues. (Mind the smaller root when `κ` is large:
/// chapter 4 says how to get it without cancellation.)
pub fn condition_number(h: [[f64; 2]; 2]) -> f64 {
    todo!("exercise 4.2: the two roots of λ² − (tr H)·λ + det H = 0")
}

/// Exercise 4.3 ★★ — steps at the best fixed rate.
///
/// Gradient descent at the best fixed rate `2/(λ_max + λ_min)` on a
/// quadratic with condition number `kappa`: return the smallest number of
/// steps `t` that guarantees the excess loss `L − L*` has shrunk by the
/// factor `reduction` (e.g. `1e-6`), whatever the start. For `kappa = 1`,
/// one step.
pub fn steps_at_best_rate(kappa: f64, reduction: f64) -> usize {
    todo!("exercise 4.3: each step multiplies the excess loss by at most ((κ − 1)/(κ + 1))²")
}

/// Exercise 4.4 ★★ — standardise the inputs.
///
/// Return `(scaled, mean, sd)`: the mean `x̄` of `xs`, their standard
/// deviation `σ_x` (the root of the mean of `(x − x̄)²`), and the standardised
/// inputs `x̃ᵢ = (xᵢ − x̄)/σ_x`, in order.
pub fn standardise(xs: &[f64]) -> (Vec<f64>, f64, f64) {
    todo!("exercise 4.4: subtract the mean, divide by the standard deviation")
}

/// Exercise 4.5 ★★★ — fit on standardised inputs, answer in raw units.
///
/// Standardise `xs`, take `steps` steps of gradient descent at the best
/// fixed rate on the standardised data, from `w̃ = 0, b′ = 0` (the line
/// `ŷ = w̃·x̃ + b′`), and return the line `(w, b)` in the units of the raw
/// `x`: the line that makes the same predictions.
pub fn fit_standardised(xs: &[f64], ys: &[f64], steps: usize) -> (f64, f64) {
    todo!("exercise 4.5: standardise, descend, then map (w, b) back to raw x")
}
