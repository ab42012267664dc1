//! Many features: the same landscape in `d` dimensions, on the Palmer
//! penguins, and a look ahead at polynomial features.

use descent::data::DataSet;
use descent::linalg::{Eigen, Matrix, condition_number, gram, least_squares, symmetric_eigen};
use descent::loss::Squared;
use descent::model::{Linear, Polynomial};
use descent::risk::Risk;
use descent::scaling::FeatureScaling;
use descent::{GradientDescent, StoppingRules, Trajectory, descend};
use harness::penguins::{Measurement, Penguins};

use crate::landscape::{Decay, Scaling, TOLERANCE};

/// The features: flipper length and bill depth, in millimetres.
pub const FEATURES: [Measurement; 2] = [Measurement::FlipperLength, Measurement::BillDepth];
/// The target: body mass, in grams.
pub const TARGET: Measurement = Measurement::BodyMass;
/// The steps of the book's penguin walks.
pub const PENGUIN_STEPS: usize = 1000;

/// Body mass against flipper length and bill depth, for every penguin that
/// has all three.
pub fn penguin_data() -> DataSet<Vec<f64>> {
    Penguins::load().regression(&FEATURES, TARGET)
}

// ANCHOR: design
/// The data matrix of a linear model: one row `(x₁, …, x_d, 1)` per sample,
/// the features and then a 1 for the intercept, in the order of the
/// parameters `(w₁, …, w_d, b)`.
pub fn design(data: &DataSet<Vec<f64>>) -> Matrix {
    let rows: Vec<Vec<f64>> = data
        .samples
        .iter()
        .map(|s| {
            let mut row = s.x.clone();
            row.push(1.0);
            row
        })
        .collect();
    Matrix::from_rows(&rows)
}
// ANCHOR_END: design

/// Which fixed rate a penguin walk takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rate {
    /// The best fixed rate `2/(λ_max + λ_min)`.
    Best,
    /// `1/λ_max`: half the largest stable rate, which flattens the steepest
    /// direction in one step.
    InverseLargest,
}

/// A walk of gradient descent fitting body mass to the features, on
/// inputs scaled one way.
#[derive(Debug, Clone, PartialEq)]
pub struct PenguinFit {
    /// How the features were scaled.
    pub scaling: Scaling,
    /// The rate's rule.
    pub rate: Rate,
    /// The data as the walk sees them.
    pub data: DataSet<Vec<f64>>,
    /// The scaling, to map a fit back to millimetres.
    pub feature_scaling: FeatureScaling,
    /// `XᵀX/n`, the Hessian of the mean loss.
    pub hessian: Matrix,
    /// Its eigenvalues and eigenvectors.
    pub eigen: Eigen,
    /// The least-squares parameters `(w₁, w₂, b)`.
    pub best: Vec<f64>,
    /// The walk, from all parameters 0.
    pub trajectory: Trajectory,
}

impl PenguinFit {
    /// Scale `raw` by `scaling` and walk `steps` steps at `rate` from 0.
    pub fn run(raw: &DataSet<Vec<f64>>, scaling: Scaling, rate: Rate, steps: usize) -> Self {
        let feature_scaling = scaling.of(raw).expect("the penguins' measurements vary");
        let data = feature_scaling.apply_to(raw);
        let x = design(&data);
        let y: Vec<f64> = data.samples.iter().map(|s| s.y).collect();
        let hessian = gram(&x);
        let eigen = symmetric_eigen(&hessian);
        let best = least_squares(&x, &y).expect("the features are not collinear");
        let eta = match rate {
            Rate::Best => 2.0 / (eigen.max() + eigen.min()),
            Rate::InverseLargest => 1.0 / eigen.max(),
        };
        let risk = Risk {
            model: Linear { features: 2 },
            loss: Squared,
            data: &data,
        };
        let start = vec![0.0; 3];
        let trajectory = descend(
            &risk,
            &mut GradientDescent { eta },
            &start,
            &StoppingRules::budget(steps),
        );
        PenguinFit {
            scaling,
            rate,
            data,
            feature_scaling,
            hessian,
            eigen,
            best,
            trajectory,
        }
    }

    /// `κ = λ_max/λ_min` of the Hessian.
    pub fn condition_number(&self) -> f64 {
        self.eigen.max() / self.eigen.min()
    }

    /// The rate the walk took.
    pub fn eta(&self) -> f64 {
        match self.rate {
            Rate::Best => 2.0 / (self.eigen.max() + self.eigen.min()),
            Rate::InverseLargest => 1.0 / self.eigen.max(),
        }
    }

    /// The exact decay of the excess loss at this rate from the start.
    pub fn decay(&self) -> Decay {
        let start: Vec<f64> = self.best.iter().map(|b| -b).collect();
        Decay::new(&self.hessian, &start, self.eta())
    }

    /// The excess loss of every step as a fraction of the start's,
    /// `½·eᵀHe` with `e = θₜ − θ*`.
    pub fn relative_excess(&self) -> Vec<f64> {
        let excess: Vec<f64> = self
            .trajectory
            .points
            .iter()
            .map(|p| {
                let e: Vec<f64> = p.iter().zip(&self.best).map(|(a, b)| a - b).collect();
                0.5 * descent::linalg::dot(&e, &self.hessian.times_vector(&e))
            })
            .collect();
        excess.iter().map(|e| e / excess[0]).collect()
    }

    /// The first step with relative excess at most [`TOLERANCE`], if the
    /// walk got there.
    pub fn steps_to_tolerance(&self) -> Option<usize> {
        self.relative_excess().iter().position(|r| *r <= TOLERANCE)
    }

    /// The steps theory says the walk needs to reach [`TOLERANCE`].
    pub fn predicted_steps(&self) -> Option<u64> {
        self.decay().steps_to(TOLERANCE)
    }

    /// Each eigen-direction's part of the excess after `t` steps, as a
    /// fraction of the whole excess at the start (largest curvature first).
    pub fn parts_after(&self, t: u64) -> Vec<f64> {
        self.decay().parts(t)
    }

    /// The least-squares fit in millimetres: weights in grams per
    /// millimetre and the intercept in grams.
    pub fn raw_fit(&self) -> (Vec<f64>, f64) {
        self.feature_scaling
            .to_original(&self.best[..2], self.best[2])
    }
}

/// The penguins' means and standard deviations of the features.
pub fn penguin_moments() -> (Vec<f64>, Vec<f64>) {
    descent::scaling::feature_moments(&penguin_data())
}

// ANCHOR: polynomial
/// The condition number of `XᵀX/n` for the polynomial features
/// `1, x, x², …, x^degree` of `points` inputs evenly spaced on `[a, b]`.
pub fn polynomial_condition(degree: usize, a: f64, b: f64, points: usize) -> f64 {
    let model = Polynomial { degree };
    let rows: Vec<Vec<f64>> = (0..points)
        .map(|i| model.powers(a + (b - a) * i as f64 / (points - 1) as f64))
        .collect();
    condition_number(&gram(&Matrix::from_rows(&rows)))
}
// ANCHOR_END: polynomial

/// How many inputs the polynomial look-ahead spreads over its interval.
pub const POLYNOMIAL_POINTS: usize = 1001;
/// The degree of the look-ahead's polynomial.
pub const POLYNOMIAL_DEGREE: usize = 5;
/// The look-ahead's intervals: `[0, 1]`; centred only, `[−½, ½]`; centred
/// and stretched, `[−1, 1]`.
pub const POLYNOMIAL_INTERVALS: [(f64, f64); 3] = [(0.0, 1.0), (-0.5, 0.5), (-1.0, 1.0)];
