//! `descent`: the numerics the book teaches, and nothing else.
//!
//! The crate reads like the book's appendix: one module per idea, named after
//! what it holds. It draws no figures and knows nothing of the book's files;
//! that plumbing lives in the `harness` crate.
//!
//! - [`objective`]: the functions we walk down, with their analytic gradients.
//! - [`derivative`]: finite differences, and the gradient check built on them.
//! - [`data`]: samples with any number of features, and seeded generators.
//! - [`model`]: models that map parameters and a sample's features to a prediction.
//! - [`loss`]: losses that compare a prediction with its target.
//! - [`risk`]: a model's mean loss over a data set, an objective like any other.
//! - [`penalty`]: the L2 penalty, which wraps any objective.
//! - [`softmax`]: more than two classes: the softmax, its cross-entropy, the
//!   log-sum-exp trick, and multinomial logistic regression.
//! - [`line`]: chapter 3's straight line, written out by hand, and its
//!   least-squares solution.
//! - [`linalg`]: small dense matrices: `XᵀX/n`, Cholesky, symmetric
//!   eigenvalues by Jacobi.
//! - [`scaling`]: centring and standardising features, and mapping a fit back.
//! - [`landscape`]: landscapes that are not bowls (two wells, a saddle, a
//!   plateau, Himmelblau's function), their Hessians, and the kinds of
//!   critical point.
//! - [`optimizer`]: the rules that turn a gradient into a step.
//! - [`momentum`]: the rules that also remember the steps before: the heavy
//!   ball and Nesterov's method, as PyTorch's `SGD` computes them.
//! - [`adaptive`]: the rules that give every coordinate its own step size:
//!   Adagrad, RMSprop, Adam (and AMSGrad) and AdamW, as PyTorch computes them.
//! - [`schedule`]: learning rates that change with the step.
//! - [`sampling`]: which samples each step's gradient is averaged over.
//! - [`descend`]: the one descent loop.
//! - [`stopping`]: when a run is close enough, out of budget, or diverging.
//! - [`trajectory`]: the record of every step.

pub mod adaptive;
pub mod data;
pub mod derivative;
pub mod descend;
pub mod landscape;
pub mod linalg;
pub mod line;
pub mod loss;
pub mod model;
pub mod momentum;
pub mod objective;
pub mod optimizer;
pub mod penalty;
pub mod risk;
pub mod sampling;
pub mod scaling;
pub mod schedule;
pub mod softmax;
pub mod stopping;
pub mod trajectory;

pub use adaptive::{Adagrad, Adam, AdamW, RmsProp};
pub use descend::{descend, descend_sampled};
pub use momentum::{LookAheadNesterov, Momentum, StepMomentum};
pub use objective::{Objective, Parabola, QuadraticBowl, Separable};
pub use optimizer::NoisyGradientDescent;
pub use optimizer::{GradientDescent, Optimizer, Sgd};
pub use sampling::{Sampler, Sampling};
pub use schedule::Schedule;
pub use stopping::{Criterion, Divergence, Outcome, StoppingRules};
pub use trajectory::Trajectory;
