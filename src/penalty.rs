//! The L2 penalty: a pull towards zero that wraps any objective.
//!
//! Adding `(μ/2)·‖θ‖²` to an objective makes large parameters cost something,
//! so among fits that are nearly as good the smaller one wins (chapter 6). Its
//! gradient is `μ·θ`, which is why, for plain gradient descent, the penalty
//! is the same as shrinking the weights by `1 − η·μ` before each step
//! ("weight decay"). The strength is `μ` (mu), not `λ`: in this book `λ` is a
//! curvature, an eigenvalue of the Hessian. Libraries call it `alpha`
//! (scikit-learn) or `weight_decay` (PyTorch's optimizers). Chapter 9 shows why that equivalence breaks for adaptive
//! methods: there the decay belongs in the optimizer, not here.

use crate::objective::{Objective, Separable};

/// `f(θ) + (μ/2)·‖θ‖²`: the objective `inner` with every parameter penalised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct L2<O> {
    /// The objective being penalised.
    pub inner: O,
    /// The strength `μ ≥ 0`.
    pub mu: f64,
}

impl<O: Objective> Objective for L2<O> {
    fn dimension(&self) -> usize {
        self.inner.dimension()
    }

    fn value(&self, theta: &[f64]) -> f64 {
        let mut square = 0.0;
        for t in theta {
            square += t * t;
        }
        self.inner.value(theta) + 0.5 * self.mu * square
    }

    fn gradient(&self, theta: &[f64]) -> Vec<f64> {
        let mut gradient = self.inner.gradient(theta);
        for (g, t) in gradient.iter_mut().zip(theta) {
            *g += self.mu * t;
        }
        gradient
    }

    fn sample_count(&self) -> usize {
        self.inner.sample_count()
    }
}

impl<O: Separable> Separable for L2<O> {
    /// Each sample carries the whole penalty, so that the mean of the
    /// samples' gradients is the penalised gradient.
    fn sample_gradient(&self, i: usize, theta: &[f64]) -> Vec<f64> {
        let mut gradient = self.inner.sample_gradient(i, theta);
        for (g, t) in gradient.iter_mut().zip(theta) {
            *g += self.mu * t;
        }
        gradient
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{DataSet, Sample};
    use crate::derivative::check_gradient;
    use crate::loss::Squared;
    use crate::model::Line;
    use crate::objective::QuadraticBowl;
    use crate::risk::Risk;

    #[test]
    fn the_penalty_adds_mu_theta_to_the_gradient() {
        let bowl = L2 {
            inner: QuadraticBowl { a1: 1.0, a2: 3.0 },
            mu: 0.5,
        };
        // (x² + 3y²)/2 + 0.25·(x² + y²) at (2, −1): 3.5 + 1.25.
        assert_eq!(bowl.value(&[2.0, -1.0]), 4.75);
        assert_eq!(bowl.gradient(&[2.0, -1.0]), vec![3.0, -3.5]);
        assert!(check_gradient(&bowl, &[0.3, 1.7]).passes(1e-9));
    }

    #[test]
    fn the_samples_gradients_average_to_the_penalised_gradient() {
        let data = DataSet::new(vec![
            Sample { x: 1.0, y: 2.0 },
            Sample { x: -2.0, y: 0.5 },
            Sample { x: 0.5, y: -1.0 },
        ]);
        let ridge = L2 {
            inner: Risk {
                model: Line,
                loss: Squared,
                data: &data,
            },
            mu: 0.1,
        };
        let theta = [0.7, -0.2];
        assert!(check_gradient(&ridge, &theta).passes(1e-9));
        let mut mean = [0.0; 2];
        for i in 0..3 {
            let g = ridge.sample_gradient(i, &theta);
            mean[0] += g[0] / 3.0;
            mean[1] += g[1] / 3.0;
        }
        let full = ridge.gradient(&theta);
        assert!((mean[0] - full[0]).abs() < 1e-15 && (mean[1] - full[1]).abs() < 1e-15);
        assert_eq!(ridge.sample_count(), 3);
    }
}
