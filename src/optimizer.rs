//! Optimizers: rules that turn a gradient into a step.
//!
//! Every method in the book, from plain gradient descent to Adam, has the same
//! shape: look at the gradient at the current point and move. What differs is
//! how the move is computed, and what the optimizer remembers between steps.
//! That is the [`Optimizer`] trait; each method is one type implementing it,
//! whose fields are exactly the state its formula names.

use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

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

/// Gradient descent with Gaussian noise added to every gradient:
/// `θ ← θ − η·(∇f(θ) + s·ξ)`, where `ξ` holds one independent standard
/// normal draw per coordinate, fresh at every step.
///
/// The noise stands in for the error of a stochastic gradient: like one
/// sample's gradient in SGD, the step is right on average and wrong in every
/// single draw, by an amount of scale `s`. Chapter 7 uses it to show noise
/// carrying a walk out of a shallow well. With `s = 0` it is plain
/// [`GradientDescent`]. The draws come from a `ChaCha8Rng` seeded with
/// `seed`; [`Optimizer::start`] seeds it again, so every run from the same
/// settings takes the same steps.
#[derive(Debug)]
pub struct NoisyGradientDescent {
    /// The learning rate `η > 0`.
    pub eta: f64,
    /// The noise scale `s ≥ 0`: the standard deviation of the noise added
    /// to each coordinate of the gradient.
    pub noise: f64,
    /// The seed of the draws.
    pub seed: u64,
    rng: ChaCha8Rng,
}

impl NoisyGradientDescent {
    /// Noisy descent with rate `eta`, noise scale `noise` and draws seeded by `seed`.
    pub fn new(eta: f64, noise: f64, seed: u64) -> Self {
        NoisyGradientDescent {
            eta,
            noise,
            seed,
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }
}

// ANCHOR: noisy
impl Optimizer for NoisyGradientDescent {
    fn start(&mut self, _dimension: usize) {
        self.rng = ChaCha8Rng::seed_from_u64(self.seed);
    }

    fn step(&mut self, theta: &mut [f64], gradient: &[f64]) {
        for i in 0..theta.len() {
            let xi: f64 = StandardNormal.sample(&mut self.rng);
            theta[i] -= self.eta * (gradient[i] + self.noise * xi);
        }
    }
}
// ANCHOR_END: noisy

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

    #[test]
    fn noisy_descent_adds_scaled_normal_draws_to_the_gradient() {
        // Replay the draws by hand: θ ← θ − η·(g + s·ξ).
        let mut noisy = NoisyGradientDescent::new(0.1, 2.0, 7);
        let mut replay = ChaCha8Rng::seed_from_u64(7);
        let mut x = [1.0, -2.0];
        noisy.start(2);
        noisy.step(&mut x, &[4.0, -10.0]);
        let xi: [f64; 2] = [
            StandardNormal.sample(&mut replay),
            StandardNormal.sample(&mut replay),
        ];
        assert_eq!(x[0], 1.0 - 0.1 * (4.0 + 2.0 * xi[0]));
        assert_eq!(x[1], -2.0 - 0.1 * (-10.0 + 2.0 * xi[1]));
        // A new run starts the same draws again.
        noisy.start(2);
        let mut y = [1.0, -2.0];
        noisy.step(&mut y, &[4.0, -10.0]);
        assert_eq!(x, y);
    }

    #[test]
    fn without_noise_it_is_gradient_descent() {
        let mut noisy = NoisyGradientDescent::new(0.3, 0.0, 1);
        let mut plain = GradientDescent { eta: 0.3 };
        let (mut x, mut y) = ([0.5, 3.0], [0.5, 3.0]);
        for _ in 0..5 {
            let g = [x[0] * 2.0, -x[1]];
            noisy.step(&mut x, &g);
            plain.step(&mut y, &g);
        }
        assert_eq!(x, y);
    }
}
