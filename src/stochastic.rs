//! Stochastic gradient descent: steps on a few samples at a time, and the
//! learning-rate schedules that make its noise die down.
//!
//! Full-batch gradient descent averages the gradient over every sample before
//! each step. Stochastic gradient descent (SGD) steps on the gradient of one
//! sample, or of a small *mini-batch*: an estimate of the full gradient that is
//! right on average and wrong in every single draw. Near the bottom the
//! samples disagree about which way is down, so with a constant learning rate
//! the walk never settles; it jitters around the minimum with a spread that
//! grows with `η`. Letting `η` shrink over time, as a [`Schedule`] does, lets
//! the jitter die down (Robbins and Monro's condition: `Σ ηₜ = ∞` so the walk
//! can get anywhere, `Σ ηₜ² < ∞` so the noise adds up to something finite).

use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use crate::objective::{Separable, norm};
use crate::stopping::{Divergence, Outcome, StoppingRules};
use crate::trajectory::Trajectory;

/// How the learning rate changes with the step number `t = 0, 1, 2, …`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Schedule {
    /// The same `η` at every step.
    Constant {
        /// The learning rate `η`.
        eta: f64,
    },
    /// `ηₜ = η₀ / (1 + t/τ)`: about `η₀` for the first `τ` steps, then
    /// falling like `η₀·τ/t`. It meets both Robbins–Monro conditions.
    InverseTime {
        /// The starting rate `η₀`.
        eta0: f64,
        /// The number of steps `τ` over which the rate halves at first.
        tau: f64,
    },
}

impl Schedule {
    /// The learning rate at step `t`.
    pub fn rate(&self, t: usize) -> f64 {
        match *self {
            Schedule::Constant { eta } => eta,
            Schedule::InverseTime { eta0, tau } => eta0 / (1.0 + t as f64 / tau),
        }
    }
}

/// Which samples each step sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sampling {
    /// Every sample of every batch is drawn uniformly at random, independently
    /// of all the others (with replacement). This is the textbook model that
    /// the theory of stochastic approximation describes.
    WithReplacement,
    /// The data are shuffled once per pass (*epoch*) and taken in that order,
    /// so every sample is used exactly once per epoch. Common in practice.
    Reshuffled,
}

/// The settings of a stochastic run besides its stopping rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stochastic {
    /// The learning rate at each step.
    pub schedule: Schedule,
    /// How many samples each step averages: 1 is SGD proper.
    pub batch_size: usize,
    /// How the samples are drawn.
    pub sampling: Sampling,
    /// The seed of the `ChaCha8Rng` that draws them.
    pub seed: u64,
}

/// Hands out sample indices according to a [`Sampling`].
struct Sampler {
    rng: ChaCha8Rng,
    sampling: Sampling,
    order: Vec<usize>,
    next: usize,
}

impl Sampler {
    fn new(n: usize, sampling: Sampling, seed: u64) -> Self {
        Sampler {
            rng: ChaCha8Rng::seed_from_u64(seed),
            sampling,
            order: (0..n).collect(),
            next: n,
        }
    }

    fn draw(&mut self) -> usize {
        match self.sampling {
            Sampling::WithReplacement => self.rng.random_range(0..self.order.len()),
            Sampling::Reshuffled => {
                if self.next == self.order.len() {
                    self.order.shuffle(&mut self.rng);
                    self.next = 0;
                }
                self.next += 1;
                self.order[self.next - 1]
            }
        }
    }
}

/// Stochastic gradient descent on `objective` from `start`.
///
/// Step `t` draws `settings.batch_size` sample indices, averages their
/// gradients into `g`, and moves `x ← x − ηₜ·g` with `ηₜ = schedule.rate(t)`.
/// The trajectory records, after every step, the *full* loss `f(x)` and the
/// norm of the *full* gradient, so that runs of any batch size can be compared
/// on the same terms.
///
/// Of `rules`, the step budget and the divergence watch apply; the gradient
/// and loss-change tolerances are ignored, because a single noisy step says
/// little about whether the walk has arrived.
pub fn descend_stochastic(
    objective: &impl Separable,
    settings: &Stochastic,
    start: &[f64],
    rules: &StoppingRules,
) -> Trajectory {
    assert!(
        settings.batch_size >= 1,
        "a batch holds at least one sample"
    );
    let n = objective.sample_count();
    let mut sampler = Sampler::new(n, settings.sampling, settings.seed);
    let mut x = start.to_vec();
    let loss = objective.value(&x);
    let mut trajectory = Trajectory {
        points: vec![x.clone()],
        losses: vec![loss],
        gradient_norms: vec![norm(&objective.gradient(&x))],
        outcome: Outcome::BudgetExhausted {
            steps: rules.max_steps,
        },
    };
    let runaway = rules.runaway_factor * (1.0 + loss.abs());
    for step in 1..=rules.max_steps {
        // ANCHOR: sgd_step
        let mut g = vec![0.0; x.len()];
        for _ in 0..settings.batch_size {
            let gi = objective.sample_gradient(sampler.draw(), &x);
            for (gj, gij) in g.iter_mut().zip(&gi) {
                *gj += gij / settings.batch_size as f64;
            }
        }
        let eta = settings.schedule.rate(step - 1);
        for (xj, gj) in x.iter_mut().zip(&g) {
            *xj -= eta * gj;
        }
        // ANCHOR_END: sgd_step
        let loss = objective.value(&x);
        let gradient = objective.gradient(&x);
        if !loss.is_finite() || x.iter().chain(&gradient).any(|v| !v.is_finite()) {
            trajectory.outcome = Outcome::Diverged {
                step,
                reason: Divergence::NonFinite,
            };
            return trajectory;
        }
        trajectory.points.push(x.clone());
        trajectory.losses.push(loss);
        trajectory.gradient_norms.push(norm(&gradient));
        if loss > runaway {
            trajectory.outcome = Outcome::Diverged {
                step,
                reason: Divergence::Runaway,
            };
            return trajectory;
        }
    }
    trajectory
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objective::Objective;
    use approx::assert_relative_eq;

    /// `f(x) = (1/n)·Σ ½·(x − cᵢ)²`, minimised at the mean of the `cᵢ`.
    struct Centres(Vec<f64>);
    impl Objective for Centres {
        fn dimension(&self) -> usize {
            1
        }
        fn value(&self, x: &[f64]) -> f64 {
            self.0.iter().map(|c| 0.5 * (x[0] - c).powi(2)).sum::<f64>() / self.0.len() as f64
        }
        fn gradient(&self, x: &[f64]) -> Vec<f64> {
            vec![self.0.iter().map(|c| x[0] - c).sum::<f64>() / self.0.len() as f64]
        }
    }
    impl Separable for Centres {
        fn sample_count(&self) -> usize {
            self.0.len()
        }
        fn sample_gradient(&self, i: usize, x: &[f64]) -> Vec<f64> {
            vec![x[0] - self.0[i]]
        }
    }

    #[test]
    fn schedules_follow_their_formulas() {
        assert_eq!(Schedule::Constant { eta: 0.3 }.rate(1000), 0.3);
        let decay = Schedule::InverseTime {
            eta0: 0.2,
            tau: 50.0,
        };
        assert_eq!(decay.rate(0), 0.2);
        assert_relative_eq!(decay.rate(50), 0.1);
        assert_relative_eq!(decay.rate(450), 0.02);
    }

    #[test]
    fn a_full_batch_without_replacement_is_gradient_descent() {
        // With batch = n and reshuffling, every step averages all n gradients.
        let f = Centres(vec![1.0, 2.0, 6.0]);
        let settings = Stochastic {
            schedule: Schedule::Constant { eta: 0.5 },
            batch_size: 3,
            sampling: Sampling::Reshuffled,
            seed: 1,
        };
        let run = descend_stochastic(&f, &settings, &[0.0], &StoppingRules::budget(10));
        // x − 3 halves every step.
        for (t, p) in run.points.iter().enumerate() {
            assert_relative_eq!(p[0] - 3.0, -3.0 * 0.5f64.powi(t as i32), epsilon = 1e-12);
        }
    }

    #[test]
    fn reshuffling_uses_every_sample_once_per_epoch() {
        let mut sampler = Sampler::new(7, Sampling::Reshuffled, 3);
        for _ in 0..4 {
            let mut epoch: Vec<usize> = (0..7).map(|_| sampler.draw()).collect();
            epoch.sort();
            assert_eq!(epoch, (0..7).collect::<Vec<_>>());
        }
    }

    #[test]
    fn decaying_sgd_settles_and_a_huge_rate_is_caught() {
        let f = Centres(vec![-1.0, 0.0, 4.0, 5.0]);
        let settings = Stochastic {
            schedule: Schedule::InverseTime {
                eta0: 0.5,
                tau: 10.0,
            },
            batch_size: 1,
            sampling: Sampling::WithReplacement,
            seed: 9,
        };
        let run = descend_stochastic(&f, &settings, &[10.0], &StoppingRules::budget(20_000));
        assert_eq!(run.outcome, Outcome::BudgetExhausted { steps: 20_000 });
        assert!(
            (run.final_point()[0] - 2.0).abs() < 0.1,
            "{:?}",
            run.final_point()
        );
        let wild = Stochastic {
            schedule: Schedule::Constant { eta: 5.0 },
            ..settings
        };
        let run = descend_stochastic(&f, &wild, &[10.0], &StoppingRules::budget(1000));
        assert!(run.outcome.diverged(), "{:?}", run.outcome);
        assert!(run.losses.iter().all(|l| l.is_finite()));
    }
}
