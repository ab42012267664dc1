//! Chapter 6 exercises: write these functions.
//!
//! Each function below says what to do in its doc comment and starts as
//! `todo!()`. Replace the `todo!()` with your code, then check your work:
//!
//! ```sh
//! cargo run -p exercises -- 6
//! ```
//!
//! Throughout, a data set is given as its data matrix, one row of features
//! `φ(xᵢ)` per point (`rows`), and its targets `ys`; the loss is the mean
//! `L(θ) = (1/2n)·Σᵢ (θ·φ(xᵢ) − yᵢ)²`, and an *error* is the mean squared
//! error `(1/n)·Σᵢ (θ·φ(xᵢ) − yᵢ)²`, as in the chapter. You may use
//! `descent::linalg` (`Matrix`, `gram`, `mean_products`, `solve_spd`) and
//! your own earlier answers; `chapter6` has functions for some of these
//! (`basis::legendre`, `basis::ridge`), and calling them is not the
//! exercise: write the idea.

// The parameters are unused until you write the bodies.
#![allow(unused_variables)]

/// Exercise 6.1 ★ — polynomial features that do not fight each other.
///
/// Return the `degree + 1` normalised Legendre features
/// `√(2j + 1)·Pⱼ(x)` for `j = 0, …, degree`, from the recurrence
/// `P₀ = 1`, `P₁ = x`, `(j + 1)·Pⱼ₊₁(x) = (2j + 1)·x·Pⱼ(x) − j·Pⱼ₋₁(x)`.
/// (`chapter6::basis::legendre` computes them; calling it is not the
/// exercise.)
pub fn legendre_features(x: f64, degree: usize) -> Vec<f64> {
    todo!("exercise 6.1: the three-term recurrence, then scale by √(2j + 1)")
}

/// Exercise 6.2 ★★ — ridge in closed form.
///
/// Return the `θ` that minimises `L(θ) + (μ/2)·‖θ‖²` for the data matrix
/// `rows` and targets `ys`, every coefficient penalised.
pub fn ridge_fit(rows: &[Vec<f64>], ys: &[f64], mu: f64) -> Vec<f64> {
    todo!("exercise 6.2: set the gradient (XᵀX/n)θ − XᵀY/n + μθ to zero")
}

/// Exercise 6.3 ★★ — a validation set chooses `μ`.
///
/// Split the points `(xs[i], ys[i])`: those with `i % 3 == 2` are the
/// validation set, the others the training set. For each strength in `mus`,
/// fit a polynomial of degree `degree` in the normalised Legendre features
/// to the training set with ridge, and measure its mean squared error on the
/// validation set. Return the strength with the smallest validation error
/// (the first of them, if several tie).
pub fn choose_mu(xs: &[f64], ys: &[f64], degree: usize, mus: &[f64]) -> f64 {
    todo!("exercise 6.3: fit on two thirds, judge on the other third")
}

/// Exercise 6.4 ★★★ — early stopping with patience.
///
/// Walk down the training loss `L(θ) = (1/2n)·Σᵢ (θ·φ(xᵢ) − yᵢ)²` of
/// (`train_rows`, `train_ys`) by gradient descent from `θ = 0` with rate
/// `eta`. After every step measure the mean squared error on
/// (`val_rows`, `val_ys`). Stop as soon as `patience` steps in a row have
/// not lowered the best validation error seen so far (counting the start,
/// step 0, as the first one seen), or after `max_steps` steps. Return the
/// step with the smallest validation error and the `θ` of that step.
pub fn early_stopping(
    train_rows: &[Vec<f64>],
    train_ys: &[f64],
    val_rows: &[Vec<f64>],
    val_ys: &[f64],
    eta: f64,
    patience: usize,
    max_steps: usize,
) -> (usize, Vec<f64>) {
    todo!("exercise 6.4: keep the best step and its θ; count the steps since it")
}
