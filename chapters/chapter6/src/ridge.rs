//! The L2 penalty (ridge): the fit for many strengths `μ`, the one a
//! validation set chooses, and weight decay, which is the same thing for
//! plain gradient descent.

use descent::optimizer::Optimizer;
use descent::penalty::L2;
use descent::{GradientDescent, StoppingRules, Trajectory, descend};

use crate::basis::{Draw, Featured, FeaturedDraw, FeaturedLoss, Legendre, ridge};

/// The degree of the ridge fits: `n − 1`, where least squares interpolates.
pub fn ridge_degree(n: usize) -> usize {
    n - 1
}

/// The strengths tried: `10⁻⁸` to `10²`, four per decade.
pub fn strengths() -> Vec<f64> {
    (0..=40)
        .map(|i| 10f64.powf(-8.0 + i as f64 / 4.0))
        .collect()
}

/// The strengths whose fits the figure draws: two weak ones, the
/// validation's choice `chosen`, and a strong one.
pub fn shown_strengths(chosen: f64) -> [f64; 4] {
    [1e-3, 1e-2, chosen, 10.0]
}

/// One ridge fit and its errors.
#[derive(Debug, Clone, PartialEq)]
pub struct RidgeFit {
    /// The strength `μ`.
    pub mu: f64,
    /// The coefficients.
    pub theta: Vec<f64>,
    /// Mean squared error on the training points.
    pub train: f64,
    /// On the validation points.
    pub validation: f64,
    /// On the test points.
    pub test: f64,
}

impl RidgeFit {
    /// Fit `draw`'s training points with degree `k` and strength `μ`;
    /// `featured` holds the draw's features at degree `k` or more.
    pub fn new(draw: &Draw, featured: &FeaturedDraw, degree: usize, mu: f64) -> Option<Self> {
        let theta = ridge(&Legendre::new(degree), &draw.train, mu)?;
        Some(RidgeFit {
            mu,
            train: featured.train.mse(&theta),
            validation: featured.validation.mse(&theta),
            test: featured.test.mse(&theta),
            theta,
        })
    }

    /// `‖θ‖`, the length of the coefficient vector.
    pub fn norm(&self) -> f64 {
        self.theta.iter().map(|t| t * t).sum::<f64>().sqrt()
    }
}

/// The ridge path: every strength of [`strengths`], and the validation's choice.
#[derive(Debug, Clone, PartialEq)]
pub struct RidgePath {
    /// The degree.
    pub degree: usize,
    /// The unpenalised fit, `μ = 0`.
    pub unpenalised: RidgeFit,
    /// One fit per strength.
    pub fits: Vec<RidgeFit>,
    /// The index of the fit with the smallest validation error.
    pub chosen: usize,
}

impl RidgePath {
    /// Fit every strength and choose the one with the smallest error on the
    /// validation points, which the fits never saw.
    // ANCHOR: choose
    pub fn run(draw: &Draw, degree: usize) -> Self {
        let featured = FeaturedDraw::new(&Legendre::new(degree), draw);
        let fits: Vec<RidgeFit> = strengths()
            .into_iter()
            .map(|mu| RidgeFit::new(draw, &featured, degree, mu).expect("μ > 0: regular"))
            .collect();
        let mut chosen = 0;
        for (i, fit) in fits.iter().enumerate() {
            if fit.validation < fits[chosen].validation {
                chosen = i;
            }
        }
        let unpenalised = RidgeFit::new(draw, &featured, degree, 0.0).expect("k < n: regular");
        RidgePath {
            degree,
            unpenalised,
            fits,
            chosen,
        }
    }
    // ANCHOR_END: choose

    /// The validation's choice.
    pub fn chosen(&self) -> &RidgeFit {
        &self.fits[self.chosen]
    }

    /// The fit whose test error is smallest (which a practitioner cannot
    /// know: it peeks at the test set).
    pub fn best_on_test(&self) -> &RidgeFit {
        let mut best = 0;
        for (i, fit) in self.fits.iter().enumerate() {
            if fit.test < self.fits[best].test {
                best = i;
            }
        }
        &self.fits[best]
    }
}

/// A validation error taken apart: with `y = 𝒮(x) + ψ` at each validation
/// point, `(ŷ − y)² = (ŷ − 𝒮)² + ψ² − 2·(ŷ − 𝒮)·ψ`, averaged over the points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValidationParts {
    /// The mean of `ψ²`: the validation points' own noise.
    pub noise: f64,
    /// The mean of `(ŷ − 𝒮)²`: how far the fit is from the signal there.
    pub distance: f64,
    /// The mean of `−2·(ŷ − 𝒮)·ψ`: zero on average over fresh noise, but not
    /// for twelve given points.
    pub cross: f64,
}

impl ValidationParts {
    /// The parts for the degree-`k` fit `θ` on `data`.
    pub fn of(model: &Legendre, theta: &[f64], data: &descent::data::DataSet) -> Self {
        let n = data.len() as f64;
        let mut parts = ValidationParts {
            noise: 0.0,
            distance: 0.0,
            cross: 0.0,
        };
        for s in &data.samples {
            let off = model.predict_at(theta, s.x) - crate::basis::signal(s.x);
            let noise = s.y - crate::basis::signal(s.x);
            parts.noise += noise * noise / n;
            parts.distance += off * off / n;
            parts.cross -= 2.0 * off * noise / n;
        }
        parts
    }
}

/// Why the ridge figure's validation and test errors part at both ends of
/// the `μ` axis, on one draw: where the inputs lie, and what the targets
/// are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValidationGaps {
    /// The largest `|x|` among the validation inputs.
    pub farthest: f64,
    /// How many test points lie farther out than that.
    pub outer_count: usize,
    /// How many test points there are in all.
    pub test_count: usize,
    /// The unpenalised fit's mean squared error on those outer test points.
    pub outer_error: f64,
    /// Its mean squared error on the other test points.
    pub inner_error: f64,
    /// The mean squares of the targets `y`: (training, validation, test),
    /// where every error tends as `μ → ∞` and the fit flattens to zero.
    pub target_squares: (f64, f64, f64),
    /// The mean square of the signal `𝒮(x)` at the validation inputs: the
    /// validation targets' mean square without their noise.
    pub validation_signal: f64,
}

impl ValidationGaps {
    /// The gaps for the unpenalised fit `theta` of `model` to `draw`.
    pub fn of(model: &Legendre, theta: &[f64], draw: &Draw) -> Self {
        let farthest = draw
            .validation
            .samples
            .iter()
            .fold(0.0f64, |m, s| m.max(s.x.abs()));
        let (mut outer, mut outer_count, mut inner) = (0.0, 0, 0.0);
        for s in &draw.test.samples {
            let e = (model.predict_at(theta, s.x) - s.y).powi(2);
            if s.x.abs() > farthest {
                outer += e;
                outer_count += 1;
            } else {
                inner += e;
            }
        }
        let test_count = draw.test.len();
        let squares = |data: &descent::data::DataSet| {
            data.samples.iter().map(|s| s.y * s.y).sum::<f64>() / data.len() as f64
        };
        let validation_signal = draw
            .validation
            .samples
            .iter()
            .map(|s| crate::basis::signal(s.x).powi(2))
            .sum::<f64>()
            / draw.validation.len() as f64;
        ValidationGaps {
            farthest,
            outer_count,
            test_count,
            outer_error: outer / outer_count as f64,
            inner_error: inner / (test_count - outer_count) as f64,
            target_squares: (
                squares(&draw.train),
                squares(&draw.validation),
                squares(&draw.test),
            ),
            validation_signal,
        }
    }
}

// ANCHOR: weight_decay
/// Gradient descent with weight decay: shrink the parameters by `1 − η·μ`,
/// then step against the gradient of the unpenalised loss,
/// `θ ← (1 − η·μ)·θ − η·∇L(θ)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WeightDecay {
    /// The learning rate `η`.
    pub eta: f64,
    /// The decay strength `μ`.
    pub mu: f64,
}

impl Optimizer for WeightDecay {
    fn step(&mut self, theta: &mut [f64], gradient: &[f64]) {
        for i in 0..theta.len() {
            theta[i] = (1.0 - self.eta * self.mu) * theta[i] - self.eta * gradient[i];
        }
    }
}
// ANCHOR_END: weight_decay

/// The strength of the weight-decay comparison.
pub const DECAY_MU: f64 = 1e-2;
/// Its number of steps.
pub const DECAY_STEPS: usize = 200;

/// The same walk twice: plain gradient descent on `L + (μ/2)‖θ‖²`, and
/// weight decay on `L`; both from zero with rate `η`.
pub fn decay_and_penalty(draw: &Draw, degree: usize, eta: f64) -> (Trajectory, Trajectory) {
    let model = Legendre::new(degree);
    let featured = Featured::new(&model, &draw.train);
    let risk = FeaturedLoss {
        data: &featured,
        count: model.count(),
    };
    let start = vec![0.0; model.count()];
    let rules = StoppingRules::budget(DECAY_STEPS);
    let penalised = descend(
        &L2 {
            inner: risk,
            mu: DECAY_MU,
        },
        &mut GradientDescent { eta },
        &start,
        &rules,
    );
    let decayed = descend(
        &risk,
        &mut WeightDecay { eta, mu: DECAY_MU },
        &start,
        &rules,
    );
    (penalised, decayed)
}

/// The largest difference between two walks, coordinate by coordinate,
/// over every step.
pub fn largest_gap(a: &Trajectory, b: &Trajectory) -> f64 {
    let mut worst: f64 = 0.0;
    for (p, q) in a.points.iter().zip(&b.points) {
        for (u, v) in p.iter().zip(q) {
            worst = worst.max((u - v).abs());
        }
    }
    worst
}
