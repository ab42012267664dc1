//! Every optimizer of chapters 2, 8 and 9, by name, ready to run at a given
//! learning rate with its other settings at PyTorch's defaults.

use descent::{Adagrad, Adam, AdamW, GradientDescent, Momentum, Optimizer, RmsProp};
use harness::plot::{Colour, legible, palette};

/// AdamW's colour: Adam's purple, darkened until text in it is legible
/// (AdamW is Adam with one line more).
pub fn dark_purple() -> Colour {
    legible(palette::PURPLE)
}

/// The momentum `β` the heavy ball and Nesterov run with in the comparison:
/// the value most code uses.
pub const MOMENTUM: f64 = 0.9;

/// One of the book's optimizers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// Plain gradient descent (chapter 2); stochastic when its gradients are.
    GradientDescent,
    /// The heavy ball (chapter 8), `β` = [`MOMENTUM`].
    HeavyBall,
    /// Nesterov's method in PyTorch's form (chapter 8), `β` = [`MOMENTUM`].
    Nesterov,
    /// Adagrad.
    Adagrad,
    /// RMSprop, `α = 0.99`.
    RmsProp,
    /// Adam, `β₁ = 0.9`, `β₂ = 0.999`.
    Adam,
    /// AMSGrad: Adam with `amsgrad`.
    AmsGrad,
    /// AdamW with PyTorch's default decay `μ = 0.01`.
    AdamW,
}

impl Method {
    /// Every method, in the book's order.
    pub const ALL: [Method; 8] = [
        Method::GradientDescent,
        Method::HeavyBall,
        Method::Nesterov,
        Method::Adagrad,
        Method::RmsProp,
        Method::Adam,
        Method::AmsGrad,
        Method::AdamW,
    ];

    /// Its name in the book.
    pub fn name(self) -> &'static str {
        match self {
            Method::GradientDescent => "gradient descent",
            Method::HeavyBall => "heavy ball",
            Method::Nesterov => "Nesterov",
            Method::Adagrad => "Adagrad",
            Method::RmsProp => "RMSprop",
            Method::Adam => "Adam",
            Method::AmsGrad => "AMSGrad",
            Method::AdamW => "AdamW",
        }
    }

    /// A short name for narrow tables and labels.
    pub fn short(self) -> &'static str {
        match self {
            Method::GradientDescent => "GD",
            Method::HeavyBall => "heavy ball",
            other => other.name(),
        }
    }

    /// Its name on the command line.
    pub fn cli(self) -> &'static str {
        match self {
            Method::GradientDescent => "sgd",
            Method::HeavyBall => "momentum",
            Method::Nesterov => "nesterov",
            Method::Adagrad => "adagrad",
            Method::RmsProp => "rmsprop",
            Method::Adam => "adam",
            Method::AmsGrad => "amsgrad",
            Method::AdamW => "adamw",
        }
    }

    /// Its colour, the same in every figure of the chapter.
    pub fn colour(self) -> Colour {
        match self {
            Method::GradientDescent => palette::BLUE,
            Method::HeavyBall => palette::VERMILLION,
            Method::Nesterov => palette::GREEN,
            Method::Adagrad => palette::ORANGE,
            Method::RmsProp => palette::SKY,
            Method::Adam => palette::PURPLE,
            Method::AmsGrad => palette::GREY,
            Method::AdamW => dark_purple(),
        }
    }

    /// The optimizer at rate `eta`, every other setting at PyTorch's
    /// default (momentum [`MOMENTUM`]).
    pub fn build(self, eta: f64) -> Box<dyn Optimizer> {
        match self {
            Method::GradientDescent => Box::new(GradientDescent { eta }),
            Method::HeavyBall => Box::new(Momentum::heavy_ball(eta, MOMENTUM)),
            Method::Nesterov => Box::new(Momentum::nesterov(eta, MOMENTUM)),
            Method::Adagrad => Box::new(Adagrad::new(eta)),
            Method::RmsProp => Box::new(RmsProp::new(eta)),
            Method::Adam => Box::new(Adam::new(eta)),
            Method::AmsGrad => Box::new(Adam::amsgrad(eta)),
            Method::AdamW => Box::new(AdamW {
                weight_decay: 0.01,
                adam: Adam::new(eta),
            }),
        }
    }
}
