//! The descent loop, and the record it keeps.
//!
//! [`descend`] is the loop every chapter runs: evaluate, check the rules, step,
//! repeat. It keeps every point it visits in a [`Trajectory`] so that the
//! figures can draw the walk and the tests can measure it.

use crate::objective::{Objective, norm};
use crate::optimizer::Optimizer;
use crate::stopping::{Criterion, Divergence, Outcome, StoppingRules};

/// Everything a run visited, and how it ended.
///
/// `points[t]`, `losses[t]` and `gradient_norms[t]` belong to step `t`;
/// entry 0 is the starting point. Every recorded number is finite: a step
/// that produces infinity or NaN is reported in `outcome` and not recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    /// The points `x₀, x₁, …`.
    pub points: Vec<Vec<f64>>,
    /// The losses `f(x₀), f(x₁), …`.
    pub losses: Vec<f64>,
    /// The gradient norms `‖∇f(x₀)‖, ‖∇f(x₁)‖, …`.
    pub gradient_norms: Vec<f64>,
    /// How the run ended.
    pub outcome: Outcome,
}

impl Trajectory {
    /// The number of steps taken and recorded.
    pub fn steps(&self) -> usize {
        self.points.len() - 1
    }

    /// The last recorded point.
    pub fn final_point(&self) -> &[f64] {
        &self.points[self.points.len() - 1]
    }

    /// The last recorded loss.
    pub fn final_loss(&self) -> f64 {
        self.losses[self.losses.len() - 1]
    }

    /// The first coordinate of every point: the whole walk of a
    /// one-variable run.
    pub fn first_coordinates(&self) -> Vec<f64> {
        let mut xs = Vec::with_capacity(self.points.len());
        for p in &self.points {
            xs.push(p[0]);
        }
        xs
    }
}

fn all_finite(v: &[f64]) -> bool {
    v.iter().all(|x| x.is_finite())
}

/// Walk down `objective` from `start` with `optimizer` until a rule in `rules` stops the run.
///
/// After each step the loop checks, in order: divergence (a non-finite value,
/// or a loss past the runaway threshold), the gradient-norm rule, the
/// loss-change rule, and finally the step budget.
pub fn descend(
    objective: &impl Objective,
    optimizer: &mut impl Optimizer,
    start: &[f64],
    rules: &StoppingRules,
) -> Trajectory {
    let mut x = start.to_vec();
    let mut loss = objective.value(&x);
    let mut gradient = objective.gradient(&x);
    let mut trajectory = Trajectory {
        points: vec![x.clone()],
        losses: vec![loss],
        gradient_norms: vec![norm(&gradient)],
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
    let runaway = rules.runaway_factor * (1.0 + loss.abs());

    // ANCHOR: loop
    for step in 1..=rules.max_steps {
        optimizer.step(&mut x, &gradient);
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

        if loss > runaway {
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
    use crate::optimizer::GradientDescent;
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
        let f = QuadraticBowl { a: 1.0, b: 3.0 };
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
}
