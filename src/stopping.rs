//! When to stop walking.
//!
//! Gradient descent approaches the bottom of a bowl but, in exact arithmetic,
//! never arrives: each step only shrinks the distance. So a run needs a rule
//! that says "close enough". The three in common use are a step budget, a small
//! gradient (the ground is nearly flat), and a small change in the loss (the
//! walk has stopped making progress). A fourth rule watches for the opposite:
//! a run that climbs out of the bowl.

/// The rules a descent run checks after every step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoppingRules {
    /// The step budget: stop after this many steps whatever happens.
    pub max_steps: usize,
    /// Stop once `‖∇f(x)‖ ≤` this value.
    pub gradient_tolerance: Option<f64>,
    /// Stop once `|f(xₜ) − f(xₜ₋₁)| ≤` this value.
    pub loss_change_tolerance: Option<f64>,
    /// Declare divergence once `|f(x)| > runaway_factor·(1 + |f(x₀)|)`.
    ///
    /// A loss whose size has passed a million times `1 + |f(x₀)|` is not
    /// coming back. The rule looks at the size, so a loss running to `−∞`
    /// (a function with no bottom) is caught as well as one running to `+∞`,
    /// and both long before anything overflows; the `1 +` keeps it meaningful
    /// when `f(x₀)` is near zero, where it becomes the plain bound
    /// `|f(x)| > 10⁶`. Stopping there keeps every recorded number finite.
    pub runaway_factor: f64,
}

impl StoppingRules {
    /// Only a step budget (and the divergence watch).
    pub fn budget(max_steps: usize) -> Self {
        StoppingRules {
            max_steps,
            gradient_tolerance: None,
            loss_change_tolerance: None,
            runaway_factor: 1e6,
        }
    }

    /// Also stop when the gradient norm falls to `tolerance`.
    pub fn with_gradient_tolerance(mut self, tolerance: f64) -> Self {
        self.gradient_tolerance = Some(tolerance);
        self
    }

    /// Also stop when one step changes the loss by at most `tolerance`.
    pub fn with_loss_change_tolerance(mut self, tolerance: f64) -> Self {
        self.loss_change_tolerance = Some(tolerance);
        self
    }
}

/// Which "close enough" rule ended a converged run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Criterion {
    /// The gradient norm fell below its tolerance.
    GradientNorm,
    /// The loss changed by less than its tolerance in one step.
    LossChange,
}

/// Why a run was declared divergent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Divergence {
    /// The loss, the point or the gradient became infinite or NaN.
    NonFinite,
    /// The size of the loss grew past the runaway threshold.
    Runaway,
}

/// How a run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A stopping rule said "close enough" after `step` steps.
    Converged { criterion: Criterion, step: usize },
    /// The step budget ran out first.
    BudgetExhausted { steps: usize },
    /// The run left the bowl at step `step`.
    Diverged { step: usize, reason: Divergence },
}

impl Outcome {
    /// Whether the run ended by a convergence rule.
    pub fn converged(&self) -> bool {
        matches!(self, Outcome::Converged { .. })
    }

    /// The step at which a stopping rule said "close enough", if one did.
    pub fn converged_at(&self) -> Option<usize> {
        match self {
            Outcome::Converged { step, .. } => Some(*step),
            _ => None,
        }
    }

    /// Whether the run diverged.
    pub fn diverged(&self) -> bool {
        matches!(self, Outcome::Diverged { .. })
    }
}

impl std::fmt::Display for Outcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Outcome::Converged {
                criterion: Criterion::GradientNorm,
                step,
            } => write!(
                f,
                "converged after {step} steps (gradient norm below tolerance)"
            ),
            Outcome::Converged {
                criterion: Criterion::LossChange,
                step,
            } => write!(
                f,
                "converged after {step} steps (loss change below tolerance)"
            ),
            Outcome::BudgetExhausted { steps } => {
                write!(f, "stopped after the step budget of {steps} steps")
            }
            Outcome::Diverged {
                step,
                reason: Divergence::NonFinite,
            } => write!(
                f,
                "diverged at step {step} (a value became infinite or NaN)"
            ),
            Outcome::Diverged {
                step,
                reason: Divergence::Runaway,
            } => write!(
                f,
                "diverged at step {step} (the loss passed 10⁶·(1 + |f(x₀)|) in size)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_outcome_says_how_the_run_ended() {
        let converged = Outcome::Converged {
            criterion: Criterion::GradientNorm,
            step: 69,
        };
        assert_eq!(converged.converged_at(), Some(69));
        assert!(converged.converged() && !converged.diverged());
        assert_eq!(Outcome::BudgetExhausted { steps: 100 }.converged_at(), None);
        let diverged = Outcome::Diverged {
            step: 75,
            reason: Divergence::Runaway,
        };
        assert!(diverged.diverged());
        assert_eq!(
            diverged.to_string(),
            "diverged at step 75 (the loss passed 10⁶·(1 + |f(x₀)|) in size)"
        );
    }
}
