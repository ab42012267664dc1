//! Xiao Ming learns "cat": five animals, seven features, one stochastic
//! gradient step per correction.

use descent::data::{DataSet, Sample};
use descent::loss::CrossEntropy;
use descent::model::{Logistic, Model};
use descent::objective::{Objective, norm};
use descent::optimizer::{Optimizer, Sgd};
use descent::{Outcome, Schedule, Trajectory};

use crate::ridge;

// ANCHOR: features
/// What Xiao Ming notices about an animal: seven yes-or-no features, each
/// written `+1` for yes and `−1` for no.
pub const FEATURES: [&str; 7] = [
    "black fur",
    "pointed ears",
    "long whiskers",
    "short snout",
    "moves by itself",
    "says \"meow\"",
    "big",
];

/// One animal of the story: its name, its features, and whether the grown-up
/// who corrects Xiao Ming calls it a cat (`y = 1`) or not (`y = 0`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Animal {
    /// Who it is.
    pub name: &'static str,
    /// A shorter name, for labels.
    pub short: &'static str,
    /// The seven features, in the order of [`FEATURES`].
    pub x: [f64; 7],
    /// Cat (1) or not (0).
    pub y: f64,
}

/// The animals in the order Xiao Ming meets them.
pub const ANIMALS: [Animal; 5] = [
    Animal {
        name: "grandma's black cat",
        short: "black cat",
        x: [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -1.0],
        y: 1.0,
    },
    Animal {
        name: "the black dog",
        short: "dog",
        x: [1.0, 1.0, -1.0, -1.0, 1.0, -1.0, -1.0],
        y: 0.0,
    },
    Animal {
        name: "the plush toy",
        short: "toy",
        x: [1.0, 1.0, 1.0, 1.0, -1.0, -1.0, -1.0],
        y: 0.0,
    },
    Animal {
        name: "the lion",
        short: "lion",
        x: [-1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0],
        y: 1.0,
    },
    Animal {
        name: "the house cat",
        short: "house cat",
        x: [-1.0, 1.0, 1.0, 1.0, 1.0, 1.0, -1.0],
        y: 1.0,
    },
];

/// Xiao Ming's learning rate.
pub const STORY_ETA: f64 = 0.5;
// ANCHOR_END: features

/// The rate of a hasty learner, four times Xiao Ming's.
pub const HASTY_ETA: f64 = 2.0;

/// The positions of some features in `θ = (w, b)`.
pub const BIG: usize = 6;
/// "says meow".
pub const MEOW: usize = 5;
/// "pointed ears".
pub const EARS: usize = 1;

/// On how many of their eight entries `φ = (x, 1)` two animals agree.
pub fn agreements(a: &Animal, b: &Animal) -> usize {
    1 + a.x.iter().zip(&b.x).filter(|(u, v)| u == v).count()
}

/// The animals as a data set: features and label.
pub fn animals() -> DataSet<[f64; 7]> {
    DataSet::new(ANIMALS.iter().map(|a| Sample { x: a.x, y: a.y }).collect())
}

/// One correction: which animal, and what the model said before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    /// The index of the animal in [`ANIMALS`].
    pub animal: usize,
    /// `p(cat)` for that animal before the step.
    pub before: f64,
    /// Its own loss before the step.
    pub loss_before: f64,
    /// Its own loss after the step.
    pub loss_after: f64,
    /// `p(cat)` for every animal after the step.
    pub after: Vec<f64>,
    /// The parameters `θ = (w, b)` after the step.
    pub theta: Vec<f64>,
}

/// The whole story: every correction, and the record of the walk.
#[derive(Debug, Clone, PartialEq)]
pub struct Story {
    /// The learning rate.
    pub eta: f64,
    /// The strength `μ` of an L2 penalty (0 in the book).
    pub mu: f64,
    /// Every correction, in order.
    pub corrections: Vec<Correction>,
    /// The walk: `θ` after each step, with the mean loss over the five animals.
    pub trajectory: Trajectory,
}

// ANCHOR: correction
/// One correction: a step of stochastic gradient descent on the loss of the
/// one animal Xiao Ming has just been told about.
pub fn correct(theta: &mut [f64], animal: &Animal, sgd: &mut Sgd, mu: f64) {
    let model = Logistic { features: 7 };
    let p = model.probability(theta, &animal.x);
    // ∇ℓ = (p − y)·φ with φ = (x, 1): the same shape as chapter 3's r·φ.
    let mut gradient = model.gradient(theta, &animal.x);
    for g in &mut gradient {
        *g *= p - animal.y;
    }
    // An L2 penalty adds μ·θ (nothing in the book's story, where μ = 0).
    for (g, t) in gradient.iter_mut().zip(theta.iter()) {
        *g += mu * t;
    }
    sgd.step(theta, &gradient);
}
// ANCHOR_END: correction

/// `p(cat)` for every animal at `theta`.
pub fn probabilities(theta: &[f64]) -> Vec<f64> {
    let model = Logistic { features: 7 };
    ANIMALS
        .iter()
        .map(|a| model.probability(theta, &a.x))
        .collect()
}

impl Story {
    /// Tell the story: start from no notion at all (`θ = 0`, every animal
    /// 50–50), then correct `steps` times, meeting the animals in order (and
    /// again from the first after the fifth).
    pub fn tell(eta: f64, steps: usize, mu: f64) -> Self {
        let data = animals();
        let risk = ridge(
            descent::risk::Risk {
                model: Logistic { features: 7 },
                loss: CrossEntropy,
                data: &data,
            },
            mu,
        );
        let mut theta = vec![0.0; 8];
        let mut sgd = Sgd::new(Schedule::Constant { eta });
        sgd.start(8);
        let mut trajectory = Trajectory {
            points: vec![theta.clone()],
            losses: vec![risk.value(&theta)],
            gradient_norms: vec![norm(&risk.gradient(&theta))],
            evaluations: vec![0],
            outcome: Outcome::BudgetExhausted { steps },
        };
        let mut corrections = Vec::with_capacity(steps);
        for t in 0..steps {
            let i = t % ANIMALS.len();
            let animal = &ANIMALS[i];
            let before = probabilities(&theta)[i];
            let loss_before = risk.inner.sample_loss(i, &theta);
            correct(&mut theta, animal, &mut sgd, mu);
            let loss_after = risk.inner.sample_loss(i, &theta);
            corrections.push(Correction {
                animal: i,
                before,
                loss_before,
                loss_after,
                after: probabilities(&theta),
                theta: theta.clone(),
            });
            trajectory.points.push(theta.clone());
            trajectory.losses.push(risk.value(&theta));
            trajectory.gradient_norms.push(norm(&risk.gradient(&theta)));
            trajectory.evaluations.push(t as u64 + 1);
        }
        Story {
            eta,
            mu,
            corrections,
            trajectory,
        }
    }

    /// The book's story: five corrections at `η = 0.5`.
    pub fn book() -> Self {
        Story::tell(STORY_ETA, ANIMALS.len(), 0.0)
    }

    /// The logit `z = wᵀx + b` of an animal at the end.
    pub fn final_logit(&self, animal: usize) -> f64 {
        let theta = self.trajectory.final_point();
        Logistic { features: 7 }.predict(theta, &ANIMALS[animal].x)
    }

    /// `p(cat)` of every animal at the end.
    pub fn final_probabilities(&self) -> Vec<f64> {
        probabilities(self.trajectory.final_point())
    }
}

/// The closed form of the first notion: after one step from `θ = 0` on
/// grandma's cat, `θ = (η/2)·φ_cat`, so an animal's logit is `η/2` times the
/// number of its eight entries `φ = (x, 1)` that agree with the cat's, minus
/// the number that disagree.
pub fn first_notion_logit(eta: f64, animal: &Animal) -> f64 {
    let cat = &ANIMALS[0];
    let mut agree = 1.0; // the constant 1 of the intercept always agrees
    for j in 0..7 {
        agree += cat.x[j] * animal.x[j];
    }
    0.5 * eta * agree
}
