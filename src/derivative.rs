//! Derivatives by finite differences, and the gradient check built on them.
//!
//! A derivative is a limit: the slope of the secant through `x` and `x + h` as
//! `h` shrinks to zero. A computer cannot take a limit, but it can pick a small
//! `h`. How small is a real question: too large and the secant is a poor
//! tangent (*truncation error*, shrinking with `h`); too small and the two
//! nearly equal values of `f` cancel, leaving mostly rounding noise
//! (*round-off error*, growing as `h` shrinks). Chapter 1 plots the two.

use crate::objective::{Objective, norm};

// ANCHOR: differences
/// The forward difference `(f(x + h) − f(x)) / h`.
///
/// Its truncation error is `h·f″(x)/2 + O(h²)`: first order in `h`.
pub fn forward_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x)) / h
}

/// The central difference `(f(x + h) − f(x − h)) / (2h)`.
///
/// The even terms of the two Taylor expansions cancel, so its truncation error
/// is `h²·f‴(x)/6 + O(h⁴)`: second order in `h`, and exact for any parabola.
pub fn central_difference(f: impl Fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}
// ANCHOR_END: differences

/// The step the library uses for central differences: `h = ε^(1/3)`, about
/// `6·10⁻⁶`, with `ε` the machine epsilon.
///
/// It is a round number near the balance point, not the balance point itself.
/// For `f`, `f′` and `f‴` of order one, the central difference's truncation
/// error `h²/6` equals its round-off error `ε/(2h)` at `h = ∛(3ε) ≈ 8.7·10⁻⁶`
/// (their sum is smallest a little lower, at `∛(3ε/2) ≈ 6.9·10⁻⁶`); chapter 1
/// derives both and measures where the error really is smallest. Any step
/// within a factor of two of these gives nearly the best accuracy, and `∛ε`
/// is one.
pub fn central_step() -> f64 {
    f64::EPSILON.cbrt()
}

/// The step near the forward difference's balance point: `h = √ε`, about
/// `1.5·10⁻⁸`. The truncation error `h/2` equals the round-off error `ε/h`
/// at `h = √(2ε) ≈ 2.1·10⁻⁸` (chapter 1), within a factor 1.5 of this step.
pub fn forward_step() -> f64 {
    f64::EPSILON.sqrt()
}

/// The gradient of `objective` at `x`, one central difference per coordinate.
///
/// Each coordinate gets the step `central_step()·max(1, |xᵢ|)`, so the step is
/// relative to the size of the coordinate it perturbs.
pub fn numerical_gradient(objective: &impl Objective, x: &[f64]) -> Vec<f64> {
    let mut gradient = Vec::with_capacity(x.len());
    let mut shifted = x.to_vec();
    for i in 0..x.len() {
        let h = central_step() * x[i].abs().max(1.0);
        shifted[i] = x[i] + h;
        let above = objective.value(&shifted);
        shifted[i] = x[i] - h;
        let below = objective.value(&shifted);
        shifted[i] = x[i];
        gradient.push((above - below) / (2.0 * h));
    }
    gradient
}

/// The result of comparing an analytic gradient with a numerical one.
#[derive(Debug, Clone, PartialEq)]
pub struct GradientCheck {
    /// What the objective's `gradient` returned.
    pub analytic: Vec<f64>,
    /// What central differences estimate.
    pub numerical: Vec<f64>,
    /// `‖analytic − numerical‖ / max(1, ‖analytic‖, ‖numerical‖)`.
    ///
    /// Relative where the gradient is large, absolute where it is near zero
    /// (at the bottom of a bowl a purely relative error would divide by zero).
    pub error: f64,
}

impl GradientCheck {
    /// Whether the two gradients agree to within `tolerance`.
    pub fn passes(&self, tolerance: f64) -> bool {
        self.error <= tolerance
    }
}

/// Compare `objective.gradient(x)` with [`numerical_gradient`].
///
/// With central differences the agreement is typically around `10⁻⁹`–`10⁻¹⁰`
/// for well-scaled problems; a wrong formula misses by order one.
pub fn check_gradient(objective: &impl Objective, x: &[f64]) -> GradientCheck {
    let analytic = objective.gradient(x);
    let numerical = numerical_gradient(objective, x);
    let mut difference = Vec::with_capacity(x.len());
    for i in 0..x.len() {
        difference.push(analytic[i] - numerical[i]);
    }
    let scale = 1.0_f64.max(norm(&analytic)).max(norm(&numerical));
    GradientCheck {
        error: norm(&difference) / scale,
        analytic,
        numerical,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn central_difference_is_exact_for_a_parabola() {
        let f = |x: f64| 3.0 * x * x - 2.0 * x + 1.0;
        assert_relative_eq!(central_difference(f, 2.0, 0.5), 10.0, epsilon = 1e-12);
    }

    #[test]
    fn forward_difference_error_is_first_order() {
        // f = exp, f'(0) = 1, f''(0) = 1: the error is h/2 + O(h²).
        let h = 1e-3;
        let error = forward_difference(f64::exp, 0.0, h) - 1.0;
        assert_relative_eq!(error, h / 2.0, max_relative = 1e-3);
    }

    #[test]
    fn central_difference_error_is_second_order() {
        // f = exp, f'''(0) = 1: the error is h²/6 + O(h⁴).
        let h = 1e-3;
        let error = central_difference(f64::exp, 0.0, h) - 1.0;
        assert_relative_eq!(error, h * h / 6.0, max_relative = 1e-3);
    }

    #[test]
    fn balanced_steps_are_where_theory_puts_them() {
        assert_relative_eq!(central_step(), 6.055454e-6, max_relative = 1e-6);
        assert_relative_eq!(forward_step(), 1.490116e-8, max_relative = 1e-6);
    }

    /// An objective whose gradient is deliberately wrong by a factor of two.
    struct WrongGradient;
    impl Objective for WrongGradient {
        fn dimension(&self) -> usize {
            1
        }
        fn value(&self, x: &[f64]) -> f64 {
            x[0] * x[0]
        }
        fn gradient(&self, x: &[f64]) -> Vec<f64> {
            vec![x[0]]
        }
    }

    #[test]
    fn gradient_check_catches_a_wrong_formula() {
        let check = check_gradient(&WrongGradient, &[3.0]);
        assert!(!check.passes(1e-3), "{check:?}");
        assert_relative_eq!(check.error, 0.5, max_relative = 1e-6);
    }
}
