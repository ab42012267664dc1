//! `descent`: the numerics every chapter of *Downhill* shares.
//!
//! The crate reads like the book's appendix: one module per idea, named after
//! what it holds.
//!
//! - [`objective`]: the functions we walk down, with their analytic gradients.
//! - [`data`]: data sets of `(x, y)` samples, and a seeded noisy-line generator.
//! - [`line`]: the straight-line model, its squared loss, gradients and
//!   least-squares solution.
//! - [`derivative`]: finite differences, and the gradient check built on them.
//! - [`optimizer`]: the rules that turn a gradient into a step.
//! - [`stopping`]: when a run is close enough, out of budget, or diverging.
//! - [`trajectory`]: the descent loop and the record of every step.
//! - [`stochastic`]: stochastic and mini-batch descent, and learning-rate schedules.
//! - [`contour`]: contour lines of a landscape over a plane, for the figures.
//! - [`plot`]: the book's figure house style.
//! - [`quote`]: the numbers the prose quotes, checked against the run.
//! - [`exercise`]: the harness that checks the readers' coding exercises.
//! - [`cli`]: the command-line options of the chapter examples, with clear errors.

pub mod cli;
pub mod contour;
pub mod data;
pub mod derivative;
pub mod exercise;
pub mod line;
pub mod objective;
pub mod optimizer;
pub mod plot;
pub mod quote;
pub mod stochastic;
pub mod stopping;
pub mod trajectory;

pub use objective::{Objective, Parabola, QuadraticBowl, Separable};
pub use optimizer::{GradientDescent, Optimizer};
pub use stopping::{Criterion, Divergence, Outcome, StoppingRules};
pub use trajectory::{Trajectory, descend};
