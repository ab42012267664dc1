//! Objectives: the functions we walk down.
//!
//! Every objective in the book answers two questions about a point `x`: how
//! high is the ground here (`value`), and which way is uphill (`gradient`).
//! Gradient descent needs nothing else. Points are plain slices of `f64`, so the
//! same trait serves a parabola in one variable, the `(w, b)` plane of a line
//! fit, and anything with more parameters later in the book.

/// A differentiable function `f: ℝⁿ → ℝ` together with its analytic gradient.
///
/// Implementations must keep `gradient` honest: the tests of every objective
/// compare it against [`crate::derivative::numerical_gradient`].
pub trait Objective {
    /// How many variables the function takes (`n`).
    fn dimension(&self) -> usize;

    /// The height `f(x)`.
    fn value(&self, x: &[f64]) -> f64;

    /// The gradient `∇f(x)`: the vector of partial derivatives `∂f/∂xᵢ`.
    /// It points in the direction in which `f` rises fastest.
    fn gradient(&self, x: &[f64]) -> Vec<f64>;

    /// How many samples one evaluation of [`Objective::gradient`] looks at:
    /// 1 for a function given by a formula, `n` for a mean over `n` samples
    /// (which must say so). The descent loop counts a run's work in these
    /// per-sample gradients.
    fn sample_count(&self) -> usize {
        1
    }
}

/// An objective that is the mean of one term per data sample,
/// `f(x) = (1/n)·Σᵢ fᵢ(x)`, so that its gradient is the mean of the terms'
/// gradients.
///
/// Stochastic gradient descent needs exactly this: it steps along one term's
/// gradient (or the mean over a few), an unbiased but noisy estimate of the
/// whole gradient, which costs one sample's work instead of `n`. The number
/// of terms `n` is [`Objective::sample_count`].
pub trait Separable: Objective {
    /// The gradient `∇fᵢ(x)` of term `i` alone.
    fn sample_gradient(&self, i: usize, x: &[f64]) -> Vec<f64>;
}

/// The one-variable bowl `f(x) = (a/2)·(x − c)²`.
///
/// Its derivative is `f′(x) = a·(x − c)`: the slope grows in proportion to the
/// distance from the bottom at `x = c`, and the curvature `f″ = a` is the same
/// everywhere. The factor ½ keeps the derivative free of a stray 2.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parabola {
    /// The curvature `a > 0`: how steep the walls of the bowl are.
    pub curvature: f64,
    /// The position `c` of the bottom.
    pub minimum: f64,
}

impl Parabola {
    /// A parabola of curvature `a` with its bottom at `x = 0`.
    pub fn new(curvature: f64) -> Self {
        Parabola {
            curvature,
            minimum: 0.0,
        }
    }

    /// `f(x)` for a single number, so chapter code can write `f.at(x)`.
    pub fn at(&self, x: f64) -> f64 {
        let d = x - self.minimum;
        0.5 * self.curvature * d * d
    }

    /// The derivative `f′(x) = a·(x − c)`.
    pub fn slope(&self, x: f64) -> f64 {
        self.curvature * (x - self.minimum)
    }
}

impl Objective for Parabola {
    fn dimension(&self) -> usize {
        1
    }

    fn value(&self, x: &[f64]) -> f64 {
        self.at(x[0])
    }

    fn gradient(&self, x: &[f64]) -> Vec<f64> {
        vec![self.slope(x[0])]
    }
}

/// The two-variable bowl `f(x, y) = (a₁·x² + a₂·y²)/2`, with its bottom at the origin.
///
/// Its gradient is `(a₁·x, a₂·y)`. When `a₁ ≠ a₂` the bowl is stretched: its
/// contour lines are ellipses and the steepest way down does not point at the
/// bottom. The ratio of the larger to the smaller curvature is the bowl's
/// *condition number*.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuadraticBowl {
    /// Curvature `a₁` along the first axis.
    pub a1: f64,
    /// Curvature `a₂` along the second axis.
    pub a2: f64,
}

impl QuadraticBowl {
    /// The condition number `max(a₁, a₂) / min(a₁, a₂)`.
    pub fn condition_number(&self) -> f64 {
        self.a1.max(self.a2) / self.a1.min(self.a2)
    }
}

impl Objective for QuadraticBowl {
    fn dimension(&self) -> usize {
        2
    }

    fn value(&self, x: &[f64]) -> f64 {
        0.5 * (self.a1 * x[0] * x[0] + self.a2 * x[1] * x[1])
    }

    fn gradient(&self, x: &[f64]) -> Vec<f64> {
        vec![self.a1 * x[0], self.a2 * x[1]]
    }
}

/// The Euclidean length `‖v‖` of a vector, used for gradient norms and distances.
///
/// The entries are divided by the largest one before they are squared, so
/// that the norm neither underflows to 0 for tiny gradients (squaring
/// 10⁻¹⁶⁰ gives 0) nor overflows for huge ones; for one entry it is `|v₀|`
/// exactly.
pub fn norm(v: &[f64]) -> f64 {
    let mut largest: f64 = 0.0;
    for vi in v {
        largest = largest.max(vi.abs());
    }
    if largest == 0.0 || !largest.is_finite() {
        return largest;
    }
    let mut sum = 0.0;
    for vi in v {
        let scaled = vi / largest;
        sum += scaled * scaled;
    }
    largest * sum.sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derivative::check_gradient;

    #[test]
    fn parabola_gradient_matches_finite_differences() {
        let f = Parabola {
            curvature: 3.0,
            minimum: -1.5,
        };
        for x in [-4.0, -1.5, 0.0, 0.3, 2.0, 10.0] {
            let check = check_gradient(&f, &[x]);
            assert!(check.passes(1e-7), "at x = {x}: {check:?}");
        }
    }

    #[test]
    fn bowl_gradient_matches_finite_differences() {
        let f = QuadraticBowl { a1: 1.0, a2: 20.0 };
        for p in [[1.0, 1.0], [-3.0, 0.5], [0.0, -2.0], [7.0, 0.01]] {
            let check = check_gradient(&f, &p);
            assert!(check.passes(1e-7), "at {p:?}: {check:?}");
        }
        approx::assert_relative_eq!(f.condition_number(), 20.0);
    }

    #[test]
    fn norm_is_euclidean() {
        approx::assert_relative_eq!(norm(&[3.0, 4.0]), 5.0);
        assert_eq!(norm(&[]), 0.0);
        // No underflow or overflow where the squares would.
        assert_eq!(norm(&[1e-160]), 1e-160);
        approx::assert_relative_eq!(norm(&[3e-200, 4e-200]), 5e-200);
        approx::assert_relative_eq!(norm(&[3e200, 4e200]), 5e200);
        assert!(norm(&[f64::NAN, 1.0]).is_nan() || !norm(&[f64::NAN, 1.0]).is_finite());
    }
}
