//! Optimizers: rules that turn a gradient into a step.
//!
//! Every method in the book, from plain gradient descent to Adam, has the same
//! shape: look at the gradient at the current point and move. What differs is
//! how the move is computed, and what the optimizer remembers between steps.
//! That is the [`Optimizer`] trait; each method is one type implementing it,
//! whose fields are exactly the state its formula names.

use crate::schedule::Schedule;

/// A rule that moves a point one step, given the gradient there.
pub trait Optimizer {
    /// Get ready for a run in `dimension` coordinates: size the state the
    /// rule keeps per coordinate (momentum, averages of squares) and reset it,
    /// and reset the step count. The descent loop calls this before the first
    /// step; a rule without memory needs nothing.
    fn start(&mut self, _dimension: usize) {}

    /// Move `x` in place, given the gradient `∇f(x)` (or an estimate of it)
    /// at the current `x`.
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

/// Gradient descent with a learning rate that follows a [`Schedule`]: at the
/// `t`-th step (counting from 0), `x ← x − ηₜ·g`. With noisy gradients `g`
/// this is stochastic gradient descent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sgd {
    /// The learning rate at each step.
    pub schedule: Schedule,
    /// How many steps have been taken: the `t` of the next step.
    pub t: usize,
}

impl Sgd {
    /// SGD at the start of a run.
    pub fn new(schedule: Schedule) -> Self {
        Sgd { schedule, t: 0 }
    }
}

// ANCHOR: sgd
impl Optimizer for Sgd {
    fn start(&mut self, _dimension: usize) {
        self.t = 0;
    }

    fn step(&mut self, x: &mut [f64], gradient: &[f64]) {
        let eta = self.schedule.rate(self.t);
        for i in 0..x.len() {
            x[i] -= eta * gradient[i];
        }
        self.t += 1;
    }
}
// ANCHOR_END: sgd

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

    #[test]
    fn sgd_takes_each_step_at_its_scheduled_rate() {
        let mut sgd = Sgd::new(Schedule::InverseTime {
            eta0: 0.5,
            tau: 1.0,
        });
        let mut x = [0.0];
        // Rates 0.5, 0.25, 1/6: x = −(0.5 + 0.25 + 1/6) after three unit gradients.
        for _ in 0..3 {
            sgd.step(&mut x, &[1.0]);
        }
        approx::assert_relative_eq!(x[0], -(0.5 + 0.25 + 1.0 / 6.0), epsilon = 1e-15);
        assert_eq!(sgd.t, 3);
        sgd.start(1);
        assert_eq!(sgd.t, 0, "a new run starts the schedule again");
    }
}
