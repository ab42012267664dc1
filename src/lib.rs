//! `descent`: the numerics every chapter of *Downhill* shares.
//!
//! The crate reads like the book's appendix: one module per idea, named after
//! what it holds.
//!
//! - [`objective`]: the functions we walk down, with their analytic gradients.
//! - [`derivative`]: finite differences, and the gradient check built on them.
//! - [`optimizer`]: the rules that turn a gradient into a step.
//! - [`stopping`]: when a run is close enough, out of budget, or diverging.
//! - [`trajectory`]: the descent loop and the record of every step.
//! - [`plot`]: the book's figure house style.

pub mod derivative;
pub mod objective;
pub mod optimizer;
pub mod plot;
pub mod stopping;
pub mod trajectory;

pub use objective::{Objective, Parabola, QuadraticBowl};
pub use optimizer::{GradientDescent, Optimizer};
pub use stopping::{Criterion, Divergence, Outcome, StoppingRules};
pub use trajectory::{Trajectory, descend};
