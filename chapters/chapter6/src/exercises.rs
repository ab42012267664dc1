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
//! `descent::linalg` (`Matrix`, `gram`, `mean_products`, `dot`,
//! `symmetric_eigen`, and `solve_spd` except in exercise 6.2), `chapter6`'s
//! `basis::legendre` for the normalised Legendre features, and your own
//! earlier answers.

// The parameters are unused until you write the bodies.
#![allow(unused_variables)]

/// Exercise 6.1 ★ — bias² and variance at one input.
///
/// `fits` holds the predictions `ŷ(x)` at one input `x` of `N` fits, each
/// to a data set with the same inputs and fresh noise, and `signal` is the
/// signal there, `𝒮(x)`. Return `(bias², variance)` of (6.1) at `x`: the
/// squared distance of the mean fit from the signal, and the mean squared
/// distance of the fits from their own mean. Both are means over the `N`
/// fits (divide by `N`, as the chapter does). The predictions may be large
/// and close together: keep the variance accurate to about 9 digits then
/// too.
pub fn bias_and_variance(fits: &[f64], signal: f64) -> (f64, f64) {
    todo!(
        "exercise 6.1: the mean fit first, then its distance from 𝒮(x) and the fits' spread about it"
    )
}

/// Exercise 6.2 ★★ — ridge for many strengths, by filter factors.
///
/// Return the ridge fit `θ_μ` of (6.2) for every strength `μ` in `mus`, in
/// that order, for the data matrix `rows` and targets `ys`, from one
/// eigendecomposition of `H = XᵀX/n` (`descent::linalg::symmetric_eigen`)
/// shared by all the strengths: along each eigenvector `qᵢ`, (6.3) keeps
/// the share `λᵢ/(λᵢ + μ)` of the least-squares coordinate, which is
/// `qᵢ·(XᵀY/n)/λᵢ`. A strength may be 0: then leave out every direction
/// whose curvature is at most `10⁻¹⁰·λ_max` (`XᵀY/n` has no part along it,
/// and dividing by a rounded zero would blow up). That gives least squares
/// when the rows determine `θ`, and the minimum-norm interpolant `θ_min`
/// when there are more features than points. Solving the normal equations
/// (`solve_spd`, `cholesky`, `least_squares`, the chapter's `ridge` or
/// `min_norm`) is not this exercise, and the check refuses them.
pub fn ridge_by_filters(rows: &[Vec<f64>], ys: &[f64], mus: &[f64]) -> Vec<Vec<f64>> {
    todo!(
        "exercise 6.2: decompose H once; for each μ, filter the coordinates along its eigenvectors"
    )
}

/// Exercise 6.3 ★★ — a validation set chooses `μ`.
///
/// Split the points `(xs[i], ys[i])`: those with `i % 3 == 2` are the
/// validation set, the others the training set. For each strength in `mus`,
/// fit a polynomial of degree `degree` in the normalised Legendre features
/// (`chapter6::basis::legendre`) to the training set with ridge, and
/// measure its mean squared error on the validation set. Return the strength with the smallest validation error
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
