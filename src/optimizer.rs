//! Optimizers: rules that turn a gradient into a step.
//!
//! Every method in the book, from plain gradient descent to Adam, has the same
//! shape: look at the gradient at the current point and move. What differs is
//! how the move is computed, and what the optimizer remembers between steps.
//! That is the [`Optimizer`] trait; each method is one type implementing it.

/// A rule that moves a point one step, given the gradient there.
pub trait Optimizer {
    /// Move `x` in place, given the gradient `∇f(x)` at the current `x`.
    fn step(&mut self, x: &mut [f64], gradient: &[f64]);
}

/// Plain gradient descent: `x ← x − η·∇f(x)`.
///
/// The learning rate `η` (eta) is the only knob: how far to walk against the
/// gradient. Chapter 2 shows what each choice of `η` does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GradientDescent {
    /// The learning rate `η > 0`.
    pub eta: f64,
}

// ANCHOR: gradient_descent
impl Optimizer for GradientDescent {
    fn step(&mut self, x: &mut [f64], gradient: &[f64]) {
        for i in 0..x.len() {
            x[i] -= self.eta * gradient[i];
        }
    }
}
// ANCHOR_END: gradient_descent

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_descent_follows_its_update_rule() {
        let mut optimizer = GradientDescent { eta: 0.1 };
        let mut x = [1.0, -2.0];
        optimizer.step(&mut x, &[4.0, -10.0]);
        // x − η·g = (1 − 0.4, −2 + 1.0)
        approx::assert_relative_eq!(x[0], 0.6, epsilon = 1e-15);
        approx::assert_relative_eq!(x[1], -1.0, epsilon = 1e-15);
    }
}
