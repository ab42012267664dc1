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
/// exponential that overflows: the answer must be finite for `z = ±800`, and
/// far out in the left tail it must not collapse to 0 while the true value is
/// still a double (at `z = −720`, `p` is about `2·10⁻³¹³`, below the smallest
/// normal double, where only about 35 significant bits are left, but not 0).
/// `descent::loss::sigmoid` is this function: calling it is not the exercise.
pub fn logistic(z: f64) -> f64 {
    todo!("exercise 10.1: one way of writing p for z ≥ 0 and another for z < 0")
}

/// Exercise 10.2 ★★ — the cross-entropy, safely.
///
/// Return `−y·ln p − (1 − y)·ln(1 − p)` with `p = s(z)`, computed from `z`
/// so that it is finite and accurate for every finite `z`: `800` for
/// `(z, y) = (800, 0)`, and about `4.25·10⁻¹⁸` (not 0) for `(40, 1)`.
/// Calling `descent::loss::CrossEntropy` is not the exercise.
pub fn cross_entropy(z: f64, y: f64) -> f64 {
    todo!("exercise 10.2: write −ln p and −ln(1 − p) in terms of z, never forming p")
}

/// Exercise 10.3 ★★ — the gradient of one example.
///
/// For the model `z = w·x + b` (weights `w`, features `x` of the same
/// length, intercept `b`) and the cross-entropy of the label `y`, return
/// `(∂ℓ/∂w, ∂ℓ/∂b)`: a vector as long as `w`, and a number. `descent`'s
/// `CrossEntropy` and `Risk` know this gradient: using them is not the
/// exercise.
pub fn example_gradient(w: &[f64], b: f64, x: &[f64], y: f64) -> (Vec<f64>, f64) {
    todo!("exercise 10.3: the chain rule, from ℓ to z and from z to each parameter")
}

/// Exercise 10.4 ★★ — one of Xiao Ming's corrections.
///
/// `theta` holds the seven weights and then the intercept, `(w₁, …, w₇, b)`;
/// `x` an animal's seven features; `y` whether it is a cat. Return the
/// parameters after one step of stochastic gradient descent with learning
/// rate `eta` on this one animal's cross-entropy. The chapter's `correct`
/// (the listing) and `descent`'s `Logistic`, `Sgd`, `CrossEntropy` and
/// `Risk` are not the exercise; your own `logistic` and `example_gradient`
/// are welcome.
pub fn correction(theta: &[f64], x: &[f64], y: f64, eta: f64) -> Vec<f64> {
    todo!("exercise 10.4: this animal's gradient at the current θ, then one step against it")
}

/// Exercise 10.5 ★ — the best model without features.
///
/// A model with no features at all, `z = b`, gives every example the same
/// probability `p = s(b)`. Return the intercept `b` that minimises the mean
/// cross-entropy over `labels` (each 0 or 1, with at least one of each): a
/// formula, not a walk.
pub fn best_intercept(labels: &[f64]) -> f64 {
    todo!("exercise 10.5: what the chapter says the mean p is at the optimum, then undo s")
}

/// Exercise 10.6 ★★★ — the curvature where the walk is.
///
/// `xs` holds `n` examples' features, each a vector of length `d`, and
/// `theta` the weights and then the intercept, `(w₁, …, w_d, b)`. Return the
/// largest eigenvalue `λ_max` of the Hessian of the mean cross-entropy at
/// `theta`, `H = (1/n)·Σᵢ pᵢ(1 − pᵢ)·φᵢφᵢᵀ` with `φᵢ = (xᵢ, 1)` (10.5): the
/// largest curvature of the loss there, so that `2/λ_max` is the largest
/// rate at which a walk can settle near `theta` ("Faster than safe"). The
/// labels do not enter: the cross-entropy's curvature does not depend on
/// them.
///
/// Build `H` yourself, then find `λ_max` by *power iteration*: start from
/// `v = (1, …, 1)` and repeat `v ← Hv/‖Hv‖` until `‖Hv‖` changes by less
/// than `10⁻¹²` of itself from one round to the next; then `λ_max = ‖Hv‖`.
/// (Each round multiplies the part of `v` along an eigenvector by its
/// eigenvalue, so the largest one takes over; `H` has no negative
/// eigenvalues, so the largest in size is the largest.) The chapter's
/// `hessian` and `descent::linalg`'s eigenvalues are not the exercise.
pub fn largest_curvature(theta: &[f64], xs: &[Vec<f64>]) -> f64 {
    todo!(
        "exercise 10.6: one p per example, a sum of weighted outer products, then multiply and rescale until it settles"
    )
}
