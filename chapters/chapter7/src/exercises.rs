//! Chapter 7 exercises: write these functions.
//!
//! Each function below says what to do in its doc comment and starts as
//! `todo!()`. Replace the `todo!()` with your code, then check your work:
//!
//! ```sh
//! cargo run -p exercises -- 7
//! ```
//!
//! The double well is `f(θ) = θ⁴/4 − θ³/3 − θ²`, with `f′(θ) = θ³ − θ² − 2θ`:
//! a shallow minimum at `θ = −1`, a hilltop at `0`, a deep minimum at `2`.
//! Himmelblau's function is `f(θ) = (θ₁² + θ₂ − 11)² + (θ₁ + θ₂² − 7)²`.

// The parameters are unused until you write the bodies.
#![allow(unused_variables)]

pub use descent::landscape::CriticalKind;

/// Exercise 7.1 ★ — the Hessian test.
///
/// A critical point has the symmetric Hessian `[[h11, h12], [h12, h22]]`.
/// Say what kind of point it is from the Hessian's two eigenvalues (count an
/// eigenvalue with `|λ| ≤ 10⁻⁹` as zero): `Minimum`, `Maximum`, `Saddle`, or
/// `Undecided` when the second derivatives cannot tell. Work the eigenvalues out
/// yourself; calling `descent::landscape::classify` is not the exercise.
pub fn classify_hessian(h11: f64, h12: f64, h22: f64) -> CriticalKind {
    todo!("exercise 7.1: the signs of the two eigenvalues")
}

/// Exercise 7.2 ★ — the escape time from a saddle.
///
/// On the saddle `f(θ) = θ₁² + (λ/2)·θ₂²` with `λ < 0` (its curvature along
/// `θ₂` is the negative `lambda`), gradient descent with rate `eta` starts
/// at `θ₀ = (1, theta2)`, a distance `R₀ = |theta2|` off the crest, with
/// `0 < R₀ < radius`. Return the first step `t` at which `|θ₂| ≥ radius`,
/// from a formula, not by walking.
pub fn escape_steps(theta2: f64, eta: f64, radius: f64, lambda: f64) -> usize {
    todo!("exercise 7.2: how θ₂ grows at every step, then a logarithm")
}

/// Exercise 7.3 ★★ — a row of the basin map.
///
/// Take `count` starts at the centres of `count` equal cells across
/// `[low, high]`. From each, take `steps` steps of gradient descent on the
/// double well with rate `eta`. A walk *ends in* a well if after the last
/// step it is within `10⁻³` of that well's minimum; otherwise (still
/// moving in a cycle or chaotically, not yet there, or run away to
/// infinity) it ends in neither.
/// Return the fractions of the starts that end in the shallow well, in the
/// deep well, and in neither, in that order. Write the walk yourself:
/// calling the chapter's `basins::destination` is not the exercise.
pub fn basin_fractions(low: f64, high: f64, count: usize, eta: f64, steps: usize) -> [f64; 3] {
    todo!("exercise 7.3: cell centres, a walk from each, and a count")
}

/// Exercise 7.4 ★★★ — critical points of every kind, by Newton's method.
///
/// Himmelblau's function is the case `a = 11`, `b = 7` of the family
/// `f(θ) = (θ₁² + θ₂ − a)² + (θ₁ + θ₂² − b)²`. Work out the gradient and the
/// Hessian of this family yourself, for any `a` and `b`. From `start`, run
/// Newton's method `θ ← θ − H(θ)⁻¹·∇f(θ)` until `‖∇f(θ)‖ ≤ 10⁻⁹`, and
/// return the point with its kind from the Hessian there (`Minimum`,
/// `Maximum`, `Saddle` or `Undecided`; your `classify_hessian` of 7.1 is
/// welcome). Return `None` if 50 steps do not get there or the Hessian is
/// singular. The chapter's `newton` and `descent::landscape::Himmelblau`
/// know only `a = 11, b = 7`, and `descent::landscape::classify` is 7.1's
/// answer: using them is not the exercise.
pub fn critical_point(a: f64, b: f64, start: (f64, f64)) -> Option<((f64, f64), CriticalKind)> {
    todo!("exercise 7.4: differentiate each bracket, then the 2 × 2 solve, then the kind")
}

/// Exercise 7.5 ★★★ — noise that escapes.
///
/// Run `runs` walks of noisy gradient descent on the double well, each from
/// the shallow minimum `θ₀ = −1` for `steps` steps of
/// `θ ← θ − η·(f′(θ) + ξ)` with `η = 0.1` and `ξ` a fresh normal draw of mean
/// 0 and standard deviation `sigma` (`σ_g`) at every step. For the draws,
/// make one generator for all the walks with
/// `rand::rngs::ChaCha8Rng::seed_from_u64(seed)` (the trait
/// `rand::SeedableRng` brings `seed_from_u64` into scope), and take each
/// `ξ` as `sigma * z` with `z: f64 = StandardNormal.sample(&mut rng)`
/// (`rand_distr::StandardNormal`, with the trait
/// `rand_distr::Distribution` in scope for `sample`). A walk *escapes* if at
/// some step it is past the hilltop, `θ > 0`. Return the fraction `P̂` of
/// walks that escape and its standard error.
pub fn escape_probability(sigma: f64, runs: usize, steps: usize, seed: u64) -> (f64, f64) {
    todo!("exercise 7.5: many noisy walks, a count, and its standard error")
}
