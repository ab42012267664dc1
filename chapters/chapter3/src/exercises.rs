//! Chapter 3 exercises: write these functions.
//!
//! Each function below says what to do in its doc comment and starts as
//! `todo!()`. Replace the `todo!()` with your code, then check your work:
//!
//! ```sh
//! cargo run -p exercises -- 3
//! ```
//!
//! Throughout, the model is the line `ŷ = w·x + b` and the loss of one point
//! `(x, y)` is `L = ½·(w·x + b − y)²`, as in the chapter. A data set is given
//! as two slices of equal length: the inputs `xs` and the outputs `ys`.
//!
//! Write each function yourself from the chapter's formulas. The `descent`
//! library has its own versions of some of them (`line::sample_gradient`,
//! `line::least_squares`, `MeanSquaredError`, the loop `descend`): an answer
//! that calls one passes the numbers but is reported as "uses the library's
//! own answer".

// The parameters are unused until you write the bodies.
#![allow(unused_variables)]

/// Exercise 3.1 ★ — the gradient of one point.
///
/// Return `(∂ℓ/∂w, ∂ℓ/∂b)`, the gradient of the point's own loss
/// `ℓ = ½·(w·x + b − y)²`, for the point `(x, y)` at the line `(w, b)`.
pub fn sample_gradient(w: f64, b: f64, x: f64, y: f64) -> (f64, f64) {
    todo!("exercise 3.1: both partial derivatives of ½(wx + b − y)²")
}

/// Exercise 3.2 ★★ — the gradient of the whole data set.
///
/// Return the gradient of the mean loss `(1/n)·Σᵢ ½·(w·xᵢ + b − yᵢ)²`:
/// the average of the points' gradients.
pub fn mean_gradient(xs: &[f64], ys: &[f64], w: f64, b: f64) -> (f64, f64) {
    todo!("exercise 3.2: the average of the per-point gradients")
}

/// Exercise 3.3 ★★ — full-batch gradient descent.
///
/// Start at `w = 0, b = 0` and take `steps` steps of gradient descent on the
/// mean loss with learning rate `eta`. Return the final `(w, b)`.
pub fn batch_fit(xs: &[f64], ys: &[f64], eta: f64, steps: usize) -> (f64, f64) {
    todo!("exercise 3.3: repeat w ← w − η·∂L/∂w, b ← b − η·∂L/∂b")
}

/// Exercise 3.4 ★★★ — one pass of stochastic gradient descent.
///
/// Start at `(w, b)` and visit the points in the order given by `order`
/// (indices into `xs` and `ys`), taking one gradient step with learning rate
/// `eta` on each point's own loss. Return the final `(w, b)`.
pub fn sgd_pass(xs: &[f64], ys: &[f64], order: &[usize], w: f64, b: f64, eta: f64) -> (f64, f64) {
    todo!("exercise 3.4: one step per point, in the given order")
}

/// Exercise 3.5 ★★★ — the exact answer.
///
/// Return the least-squares line `(w*, b*)` that minimises the mean loss,
/// from the closed form, or `None` when no single best line exists.
pub fn least_squares(xs: &[f64], ys: &[f64]) -> Option<(f64, f64)> {
    todo!("exercise 3.5: solve the normal equations")
}
