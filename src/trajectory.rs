//! The record of a run.
//!
//! The descent loop ([`crate::descend`]) keeps every point it visits in a
//! [`Trajectory`], so that the figures can draw the walk and the tests can
//! measure it.

use crate::stopping::Outcome;

/// Everything a run visited, and how it ended.
///
/// `points[t]`, `losses[t]`, `gradient_norms[t]` and `evaluations[t]` belong
/// to step `t`; entry 0 is the starting point. The losses and gradient norms
/// are those of the whole objective, whatever the steps themselves looked at,
/// so that runs of any batch size can be compared on the same terms. Every
/// recorded number is finite: a step that produces infinity or NaN is
/// reported in `outcome` and not recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct Trajectory {
    /// The points `x₀, x₁, …`.
    pub points: Vec<Vec<f64>>,
    /// The losses `f(x₀), f(x₁), …`.
    pub losses: Vec<f64>,
    /// The gradient norms `‖∇f(x₀)‖, ‖∇f(x₁)‖, …`.
    pub gradient_norms: Vec<f64>,
    /// The work the method did to reach each point: how many per-sample
    /// gradients it evaluated in all (`t·n` after `t` full-batch steps on `n`
    /// samples, `t·B` after `t` steps on mini-batches of `B`). What the loop
    /// evaluates only for the record (the losses and gradient norms above,
    /// in a stochastic run) is not counted.
    pub evaluations: Vec<u64>,
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
