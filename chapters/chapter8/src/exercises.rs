//! Chapter 8 exercises: write these functions.
//!
//! Each function below says what to do in its doc comment and starts as
//! `todo!()`. Replace the `todo!()` with your code, then check your work:
//!
//! ```sh
//! cargo run -p exercises -- 8
//! ```
//!
//! The chapter's own code (`crate::theory`, `descent::Momentum`) has answers
//! to some of these; calling it is not the exercise. Write the formulas.

// The parameters are unused until you write the bodies.
#![allow(unused_variables)]

/// Exercise 8.1 ★ — one heavy-ball step, as PyTorch takes it.
///
/// `m` is the momentum buffer (all zeros before the first step). Update it
/// with the gradient `g` at the current `theta`, then move `theta`, in
/// place, with learning rate `eta` and momentum `beta`:
/// `m ← β·m + g`, then `θ ← θ − η·m`. The rate may change between calls.
pub fn heavy_ball_step(theta: &mut [f64], m: &mut [f64], g: &[f64], eta: f64, beta: f64) {
    todo!("exercise 8.1: the buffer first, then the step")
}

/// Exercise 8.2 ★★ — one Nesterov step in PyTorch's form.
///
/// Like [`heavy_ball_step`], but the move goes along `g + β·m` (with the
/// buffer already updated), which needs only the gradient at the current
/// point.
pub fn nesterov_step(theta: &mut [f64], m: &mut [f64], g: &[f64], eta: f64, beta: f64) {
    todo!("exercise 8.2: m ← β·m + g, then θ ← θ − η·(g + β·m)")
}

/// Exercise 8.3 ★★ — the best heavy ball for a quadratic.
///
/// Return `(η*, β*)`, the learning rate and momentum that make the heavy
/// ball's worst factor over all curvatures in `[lambda_min, lambda_max]`
/// as small as it can be.
pub fn optimal_settings(lambda_min: f64, lambda_max: f64) -> (f64, f64) {
    todo!("exercise 8.3: put both extreme curvatures on the edge of the complex regime")
}

/// Exercise 8.4 ★★★ — the heavy ball's factor along one curvature.
///
/// Return the spectral radius of the heavy ball's 2×2 recursion along
/// curvature `lambda`: the larger modulus of the two roots `ρ₁`, `ρ₂` of
/// `ρ² − (1 + β − ηλ)·ρ + β = 0`. Handle real and complex roots.
pub fn spectral_radius(eta: f64, beta: f64, lambda: f64) -> f64 {
    todo!("exercise 8.4: the larger |ρᵢ| of the two roots")
}
