//! The descent loop.
//!
//! One loop serves every chapter: take a gradient, let the optimizer step,
//! record where the walk is, check the stopping rules, repeat. What varies is
//! where each step's gradient comes from, and there are two entry points:
//!
//! - [`descend`]: every step uses the full gradient `∇f(x)`;
//! - [`descend_sampled`]: every step uses the gradient of the samples a
//!   [`Sampler`] draws (one sample, a mini-batch, or shuffled passes).
//!
//! Either way the record is the same: after every step the loop evaluates
//! the whole objective, its value and the norm of its gradient, so that the
//! stopping rules, the divergence watch and the figures see where the walk
//! really is. In a stochastic run that evaluation is only for the record, and
//! the trajectory's work counter leaves it out.

use crate::objective::{Objective, Separable, norm};
use crate::optimizer::Optimizer;
use crate::sampling::{Sampler, Sampling, batch_gradient};
use crate::stopping::{Criterion, Divergence, Outcome, StoppingRules};
use crate::trajectory::Trajectory;

/// Walk down `objective` from `start` with `optimizer`, stepping along the
/// full gradient, until a rule in `rules` stops the run.
///
/// Each step costs [`Objective::sample_count`] per-sample gradients.
pub fn descend(
    objective: &impl Objective,
    optimizer: &mut impl Optimizer,
    start: &[f64],
    rules: &StoppingRules,
) -> Trajectory {
    let n = objective.sample_count();
    run(objective, optimizer, start, rules, |_, gradient| {
        (gradient.to_vec(), n)
    })
}

/// Walk down `objective` from `start` with `optimizer`, stepping along the
/// mean gradient of the samples `sampler` draws for each step, until a rule
/// in `rules` stops the run.
///
/// Each step costs as many per-sample gradients as its batch holds. Every
/// stopping rule applies, tested on the whole objective (see the module's
/// documentation).
pub fn descend_sampled(
    objective: &impl Separable,
    sampler: &mut Sampler,
    optimizer: &mut impl Optimizer,
    start: &[f64],
    rules: &StoppingRules,
) -> Trajectory {
    let n = objective.sample_count();
    run(objective, optimizer, start, rules, |x, gradient| {
        if sampler.sampling() == Sampling::Full {
            return (gradient.to_vec(), n);
        }
        let batch = sampler.next_batch();
        (batch_gradient(objective, batch, x), batch.len())
    })
}

fn all_finite(v: &[f64]) -> bool {
    v.iter().all(|x| x.is_finite())
}

/// The loop behind both entry points. `next_gradient(x, ∇f(x))` gives the
/// direction of the next step and its cost in per-sample gradients.
///
/// After each step the loop checks, in order: divergence (a non-finite value,
/// or a loss past the runaway threshold), the gradient-norm rule, the
/// loss-change rule, and finally the step budget.
fn run(
    objective: &impl Objective,
    optimizer: &mut impl Optimizer,
    start: &[f64],
    rules: &StoppingRules,
    mut next_gradient: impl FnMut(&[f64], &[f64]) -> (Vec<f64>, usize),
) -> Trajectory {
    optimizer.start(start.len());
    let mut x = start.to_vec();
    let mut loss = objective.value(&x);
    let mut gradient = objective.gradient(&x);
    let mut work: u64 = 0;
    let mut trajectory = Trajectory {
        points: vec![x.clone()],
        losses: vec![loss],
        gradient_norms: vec![norm(&gradient)],
        evaluations: vec![0],
        outcome: Outcome::BudgetExhausted { steps: 0 },
    };
    if !loss.is_finite() || !all_finite(&gradient) {
        trajectory.outcome = Outcome::Diverged {
            step: 0,
            reason: Divergence::NonFinite,
        };
        return trajectory;
    }
    if let Some(tolerance) = rules.gradient_tolerance
        && norm(&gradient) <= tolerance
    {
        trajectory.outcome = Outcome::Converged {
            criterion: Criterion::GradientNorm,
            step: 0,
        };
        return trajectory;
    }
    // ANCHOR: loop
    // A loss whose size passes this is not coming back: the run has diverged.
    let runaway = rules.runaway_factor * (1.0 + loss.abs());
    for step in 1..=rules.max_steps {
        let (direction, cost) = next_gradient(&x, &gradient);
        optimizer.step(&mut x, &direction);
        work += cost as u64;
        let previous_loss = loss;
        loss = objective.value(&x);
        gradient = objective.gradient(&x);

        if !loss.is_finite() || !all_finite(&x) || !all_finite(&gradient) {
            trajectory.outcome = Outcome::Diverged {
                step,
                reason: Divergence::NonFinite,
            };
            return trajectory;
        }
        let gradient_norm = norm(&gradient);
        trajectory.points.push(x.clone());
        trajectory.losses.push(loss);
        trajectory.gradient_norms.push(gradient_norm);
        trajectory.evaluations.push(work);

        if loss.abs() > runaway {
            trajectory.outcome = Outcome::Diverged {
                step,
                reason: Divergence::Runaway,
            };
            return trajectory;
        }
        if let Some(tolerance) = rules.gradient_tolerance
            && gradient_norm <= tolerance
        {
            trajectory.outcome = Outcome::Converged {
                criterion: Criterion::GradientNorm,
                step,
            };
            return trajectory;
        }
        if let Some(tolerance) = rules.loss_change_tolerance
            && (loss - previous_loss).abs() <= tolerance
        {
            trajectory.outcome = Outcome::Converged {
                criterion: Criterion::LossChange,
                step,
            };
            return trajectory;
        }
    }
    // ANCHOR_END: loop
    trajectory.outcome = Outcome::BudgetExhausted {
        steps: rules.max_steps,
    };
    trajectory
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objective::{Parabola, QuadraticBowl};
    use crate::optimizer::{GradientDescent, Sgd};
    use crate::schedule::Schedule;
    use approx::assert_relative_eq;

    #[test]
    fn each_step_contracts_by_one_minus_eta_a() {
        let f = Parabola::new(2.0);
        let mut gd = GradientDescent { eta: 0.1 };
        let run = descend(&f, &mut gd, &[4.0], &StoppingRules::budget(20));
        assert_eq!(run.outcome, Outcome::BudgetExhausted { steps: 20 });
        let xs = run.first_coordinates();
        for t in 1..xs.len() {
            assert_relative_eq!(xs[t] / xs[t - 1], 0.8, max_relative = 1e-12);
        }
        // A formula is one "sample": one evaluation per step.
        assert_eq!(run.evaluations, (0..=20).collect::<Vec<u64>>());
    }

    #[test]
    fn gradient_rule_stops_at_the_first_small_gradient() {
        let f = Parabola::new(1.0);
        let mut gd = GradientDescent { eta: 0.5 };
        let rules = StoppingRules::budget(1000).with_gradient_tolerance(1e-3);
        let run = descend(&f, &mut gd, &[1.0], &rules);
        // |f'(x_t)| = 0.5^t, first ≤ 1e-3 at t = 10.
        assert_eq!(
            run.outcome,
            Outcome::Converged {
                criterion: Criterion::GradientNorm,
                step: 10
            }
        );
        assert!(run.gradient_norms[9] > 1e-3);
    }

    #[test]
    fn loss_change_rule_stops_when_progress_stalls() {
        let f = QuadraticBowl { a1: 1.0, a2: 3.0 };
        let mut gd = GradientDescent { eta: 0.1 };
        let rules = StoppingRules::budget(10_000).with_loss_change_tolerance(1e-12);
        let run = descend(&f, &mut gd, &[1.0, 1.0], &rules);
        let Outcome::Converged {
            criterion: Criterion::LossChange,
            step,
        } = run.outcome
        else {
            panic!(
                "expected the loss-change rule to stop the run: {:?}",
                run.outcome
            );
        };
        let n = run.losses.len();
        assert!((run.losses[n - 2] - run.losses[n - 1]).abs() <= 1e-12);
        assert!((run.losses[n - 3] - run.losses[n - 2]).abs() > 1e-12);
        assert_eq!(step, n - 1);
    }

    #[test]
    fn a_runaway_is_reported_and_every_recorded_value_is_finite() {
        let f = Parabola::new(1.0);
        let mut gd = GradientDescent { eta: 2.5 };
        let run = descend(&f, &mut gd, &[1.0], &StoppingRules::budget(10_000));
        assert!(run.outcome.diverged(), "{:?}", run.outcome);
        assert!(run.losses.iter().all(|l| l.is_finite()));
        // |x_t| = 1.5^t; the loss 2.25^t/2 first passes 10⁶·(1 + 0.5) at t = 19.
        assert_eq!(
            run.outcome,
            Outcome::Diverged {
                step: 19,
                reason: Divergence::Runaway
            }
        );
    }

    #[test]
    fn a_loss_running_to_minus_infinity_is_caught_while_finite() {
        // f(x) = −x²/2 has no bottom: gradient descent runs away from 0,
        // |x_t| = 1.1^t and f = −1.21^t/2, which passes −10⁶·(1 + 0.5) at t = 78.
        let f = Parabola::new(-1.0);
        let mut gd = GradientDescent { eta: 0.1 };
        let run = descend(&f, &mut gd, &[1.0], &StoppingRules::budget(10_000));
        let mut expected = 0;
        while 0.5 * 1.21f64.powi(expected) <= 1.5e6 {
            expected += 1;
        }
        assert_eq!(
            run.outcome,
            Outcome::Diverged {
                step: expected as usize,
                reason: Divergence::Runaway
            }
        );
        assert!(run.final_loss() < -1.5e6 && run.final_loss().is_finite());
    }

    #[test]
    fn a_non_finite_value_is_reported_not_recorded() {
        let f = Parabola::new(1.0);
        let mut gd = GradientDescent { eta: 1e300 };
        let mut rules = StoppingRules::budget(10);
        rules.runaway_factor = f64::INFINITY;
        let run = descend(&f, &mut gd, &[1e10], &rules);
        assert_eq!(
            run.outcome,
            Outcome::Diverged {
                step: 1,
                reason: Divergence::NonFinite
            }
        );
        assert_eq!(run.points.len(), 1);
    }

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
        fn sample_count(&self) -> usize {
            self.0.len()
        }
    }
    impl Separable for Centres {
        fn sample_gradient(&self, i: usize, x: &[f64]) -> Vec<f64> {
            vec![x[0] - self.0[i]]
        }
    }

    #[test]
    fn one_epoch_in_one_batch_is_a_full_gradient_step() {
        // With B = n and shuffled epochs, every step averages all n gradients.
        let f = Centres(vec![1.0, 2.0, 6.0]);
        let mut sampler = Sampler::new(Sampling::Epochs { batch: 3 }, 3, 1);
        let mut sgd = Sgd::new(Schedule::Constant { eta: 0.5 });
        let run = descend_sampled(
            &f,
            &mut sampler,
            &mut sgd,
            &[0.0],
            &StoppingRules::budget(10),
        );
        // x − 3 halves every step.
        for (t, p) in run.points.iter().enumerate() {
            assert_relative_eq!(p[0] - 3.0, -3.0 * 0.5f64.powi(t as i32), epsilon = 1e-12);
        }
        assert_eq!(run.evaluations[10], 30);
    }

    #[test]
    fn a_stochastic_step_is_one_samples_step_and_costs_one_sample() {
        // Replay the sampler's draws by hand: each step moves x by η·(x − c_i).
        let f = Centres(vec![-1.0, 0.0, 4.0, 5.0]);
        let mut replay = Sampler::new(Sampling::WithReplacement { batch: 1 }, 4, 9);
        let mut sampler = Sampler::new(Sampling::WithReplacement { batch: 1 }, 4, 9);
        let mut sgd = Sgd::new(Schedule::Constant { eta: 0.1 });
        let run = descend_sampled(
            &f,
            &mut sampler,
            &mut sgd,
            &[10.0],
            &StoppingRules::budget(50),
        );
        let mut x = 10.0;
        for t in 1..=50 {
            let i = replay.next_batch()[0];
            x -= 0.1 * (x - f.0[i]);
            assert_eq!(run.points[t][0], x, "step {t}");
            assert_eq!(run.evaluations[t], t as u64);
            // The record is the whole objective's loss, not the sample's.
            assert_eq!(run.losses[t], f.value(&[x]));
        }
    }

    #[test]
    fn every_rule_works_in_a_stochastic_run() {
        let f = Centres(vec![-1.0, 0.0, 4.0, 5.0]);
        let schedule = Schedule::InverseTime {
            eta0: 0.5,
            tau: 10.0,
        };
        let sampled = |rules: &StoppingRules, schedule: Schedule| {
            let mut sampler = Sampler::new(Sampling::WithReplacement { batch: 2 }, 4, 9);
            descend_sampled(&f, &mut sampler, &mut Sgd::new(schedule), &[10.0], rules)
        };
        // The gradient rule fires where the whole gradient |x − 2| first falls below it.
        let run = sampled(
            &StoppingRules::budget(20_000).with_gradient_tolerance(1e-2),
            schedule,
        );
        let Outcome::Converged { step, .. } = run.outcome else {
            panic!("{:?}", run.outcome);
        };
        assert!((run.points[step][0] - 2.0).abs() <= 1e-2);
        assert!((run.points[step - 1][0] - 2.0).abs() > 1e-2);
        assert_eq!(run.evaluations[step], 2 * step as u64);
        // The loss-change rule fires on the first small change of the whole loss.
        let run = sampled(
            &StoppingRules::budget(20_000).with_loss_change_tolerance(1e-9),
            schedule,
        );
        let Outcome::Converged { step, criterion } = run.outcome else {
            panic!("{:?}", run.outcome);
        };
        assert_eq!(criterion, Criterion::LossChange);
        assert!((run.losses[step] - run.losses[step - 1]).abs() <= 1e-9);
        // And a wild rate is caught before anything non-finite is recorded.
        let wild = sampled(
            &StoppingRules::budget(1000),
            Schedule::Constant { eta: 5.0 },
        );
        assert!(wild.outcome.diverged(), "{:?}", wild.outcome);
        assert!(wild.losses.iter().all(|l| l.is_finite()));
    }
}
