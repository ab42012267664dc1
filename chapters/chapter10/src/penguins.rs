//! Real measurements: Adélie or Chinstrap from bill length and flipper
//! length; calibration; the learning rate from the curvature; and all three
//! species with the softmax.

use descent::data::{DataSet, Sample};
use descent::linalg::{Matrix, gram, symmetric_eigen};
use descent::loss::{CrossEntropy, sigmoid};
use descent::model::{Logistic, Model};
use descent::objective::Objective;
use descent::risk::Risk;
use descent::scaling::FeatureScaling;
use descent::softmax::Multinomial;
use descent::{
    GradientDescent, Sampler, Sampling, Schedule, Sgd, StoppingRules, Trajectory, descend,
    descend_sampled,
};
use harness::penguins::{Measurement, Penguins, Species};

use crate::ridge;

// ANCHOR: data
/// The two measurements: bill length and flipper length, in millimetres.
pub const FEATURES: [Measurement; 2] = [Measurement::BillLength, Measurement::FlipperLength];
/// The species called 0.
pub const NEGATIVE: Species = Species::Adelie;
/// The species called 1: the model's `p` is the probability of a Chinstrap.
pub const POSITIVE: Species = Species::Chinstrap;

/// Every penguin of `species` that has the `features`, as features in
/// their units and the class number (its index in `species`) as the target.
pub fn penguins(species: &[Species], features: &[Measurement]) -> DataSet<Vec<f64>> {
    let file = Penguins::load();
    let samples = file
        .complete(features)
        .iter()
        .filter_map(|p| {
            let class = species.iter().position(|s| *s == p.species)?;
            Some(Sample {
                x: features
                    .iter()
                    .map(|m| m.of(p).unwrap_or(f64::NAN))
                    .collect(),
                y: class as f64,
            })
        })
        .collect();
    DataSet::new(samples)
}
// ANCHOR_END: data

/// The two species of the binary fit, measured in millimetres.
pub fn two_species() -> DataSet<Vec<f64>> {
    penguins(&[NEGATIVE, POSITIVE], &FEATURES)
}

/// Two measurements that tell the species apart much less well: flipper
/// length (mm) and body mass (g).
pub const BLURRED: [Measurement; 2] = [Measurement::FlipperLength, Measurement::BodyMass];

/// The data matrix `X` with rows `φᵢ = (xᵢ, 1)`.
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

// ANCHOR: bound
/// The largest learning rate at which every step of gradient descent on the
/// mean cross-entropy goes downhill, wherever it starts: the Hessian is
/// `(1/n)·Σ pᵢ(1 − pᵢ)·φᵢφᵢᵀ` and `p(1 − p) ≤ ¼`, so no curvature exceeds
/// `a = λ_max(XᵀX/n)/4` (reached only at `θ = 0`), and chapter 2's `2/a`
/// becomes `8/λ_max(XᵀX/n)`.
pub fn safe_rate(data: &DataSet<Vec<f64>>) -> f64 {
    8.0 / symmetric_eigen(&gram(&design(data))).max()
}
// ANCHOR_END: bound

/// The Hessian of the mean cross-entropy at `theta`, `(1/n)·Σ pᵢ(1 − pᵢ)·φᵢφᵢᵀ`.
pub fn hessian(data: &DataSet<Vec<f64>>, theta: &[f64]) -> Matrix {
    let model = Logistic {
        features: theta.len() - 1,
    };
    let d = theta.len();
    let mut h = Matrix::zeros(d, d);
    let n = data.len() as f64;
    for s in &data.samples {
        let p = model.probability(theta, &s.x);
        let phi = model.gradient(theta, &s.x);
        for j in 0..d {
            for k in 0..d {
                h[(j, k)] += p * (1.0 - p) * phi[j] * phi[k] / n;
            }
        }
    }
    h
}

/// How a penguin fit walks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    /// Gradient descent on all penguins at a fixed rate.
    Gd {
        /// The learning rate `η`.
        eta: f64,
    },
    /// Mini-batch SGD with a decaying rate `η₀/(1 + t/τ)`.
    Sgd {
        /// The starting rate `η₀`.
        eta0: f64,
        /// The time scale `τ`, in steps.
        tau: f64,
        /// The mini-batch size `B`.
        batch: usize,
        /// The seed of the batches' draws.
        seed: u64,
    },
    /// Gradient descent on all penguins with SGD's decaying rate
    /// `η₀/(1 + t/τ)`: SGD without the noise.
    Scheduled {
        /// The starting rate `η₀`.
        eta0: f64,
        /// The time scale `τ`, in steps.
        tau: f64,
    },
}

/// The book's full-batch tolerance: stop once `‖∇L‖ ≤ 10⁻¹²`.
pub const GD_TOLERANCE: f64 = 1e-12;
/// The book's step budget for a penguin walk.
pub const GD_STEPS: usize = 5000;
/// The book's SGD: `η₀`, `τ`, the batch, the number of steps (about 30 passes).
pub const SGD_BOOK: (f64, f64, usize, usize) = (2.0, 50.0, 32, 210);

/// A logistic fit to the two species, on standardised features.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The two measurements.
    pub features: [Measurement; 2],
    /// How it walked.
    pub method: Method,
    /// The strength `μ` of an L2 penalty (0 in the book).
    pub mu: f64,
    /// The features in millimetres.
    pub raw: DataSet<Vec<f64>>,
    /// Standardising, to map the fit back to millimetres.
    pub scaling: FeatureScaling,
    /// The standardised features the walk saw.
    pub data: DataSet<Vec<f64>>,
    /// The walk, from `θ = 0`.
    pub trajectory: Trajectory,
}

// ANCHOR: fit
/// Fit `p(Chinstrap) = s(w₁x̃₁ + w₂x̃₂ + b)` to the standardised measurements
/// `x̃`, from `θ = 0`, by `method`.
pub fn fit(raw: &DataSet<Vec<f64>>, method: Method, steps: usize, mu: f64) -> Fit {
    walk(raw, method, steps, mu, Some(GD_TOLERANCE))
}
// ANCHOR_END: fit

/// [`fit`] with the gradient-norm rule `tolerance` for gradient descent, or
/// only the step budget (`None`).
pub fn walk(
    raw: &DataSet<Vec<f64>>,
    method: Method,
    steps: usize,
    mu: f64,
    tolerance: Option<f64>,
) -> Fit {
    let scaling = FeatureScaling::standardising(raw).expect("the measurements vary");
    let data = scaling.apply_to(raw);
    let risk = Risk {
        model: Logistic { features: 2 },
        loss: CrossEntropy,
        data: &data,
    };
    let objective = ridge(risk, mu);
    let start = [0.0; 3];
    let trajectory = match method {
        Method::Gd { eta } => {
            let mut rules = StoppingRules::budget(steps);
            rules.gradient_tolerance = tolerance;
            descend(&objective, &mut GradientDescent { eta }, &start, &rules)
        }
        Method::Sgd {
            eta0,
            tau,
            batch,
            seed,
        } => {
            let mut sampler = Sampler::new(Sampling::Epochs { batch }, data.len(), seed);
            let mut sgd = Sgd::new(Schedule::InverseTime { eta0, tau });
            let rules = StoppingRules::budget(steps);
            descend_sampled(&objective, &mut sampler, &mut sgd, &start, &rules)
        }
        Method::Scheduled { eta0, tau } => {
            let mut sampler = Sampler::new(Sampling::Full, data.len(), 0);
            let mut sgd = Sgd::new(Schedule::InverseTime { eta0, tau });
            let rules = StoppingRules::budget(steps);
            descend_sampled(&objective, &mut sampler, &mut sgd, &start, &rules)
        }
    };
    Fit {
        features: FEATURES,
        method,
        mu,
        raw: raw.clone(),
        scaling,
        data,
        trajectory,
    }
}

impl Fit {
    /// The parameters at the end, on standardised features.
    pub fn theta(&self) -> &[f64] {
        self.trajectory.final_point()
    }

    /// `p(Chinstrap)` for every penguin.
    pub fn probabilities(&self) -> Vec<f64> {
        let model = Logistic { features: 2 };
        self.data
            .samples
            .iter()
            .map(|s| model.probability(self.theta(), &s.x))
            .collect()
    }

    /// The labels, 0 or 1.
    pub fn labels(&self) -> Vec<f64> {
        self.data.samples.iter().map(|s| s.y).collect()
    }

    /// The mean cross-entropy at the end (without any penalty).
    pub fn loss(&self) -> f64 {
        Risk {
            model: Logistic { features: 2 },
            loss: CrossEntropy,
            data: &self.data,
        }
        .value(self.theta())
    }

    /// The share of penguins on the right side of the boundary `p = ½`.
    pub fn accuracy(&self) -> f64 {
        accuracy(&self.probabilities(), &self.labels())
    }

    /// The mean predicted probability, `(1/n)·Σ pᵢ`.
    pub fn mean_probability(&self) -> f64 {
        let p = self.probabilities();
        p.iter().sum::<f64>() / p.len() as f64
    }

    /// The fraction of Chinstraps, `ȳ`.
    pub fn positive_fraction(&self) -> f64 {
        let y = self.labels();
        y.iter().sum::<f64>() / y.len() as f64
    }

    /// The fit in millimetres: `(w_bill, w_flipper, b)` with
    /// `z = w_bill·bill + w_flipper·flipper + b`.
    pub fn in_millimetres(&self) -> (Vec<f64>, f64) {
        let t = self.theta();
        self.scaling.to_original(&t[..2], t[2])
    }

    /// `p(Chinstrap)` for a penguin measured in millimetres.
    pub fn probability_mm(&self, bill: f64, flipper: f64) -> f64 {
        let (w, b) = self.in_millimetres();
        sigmoid(w[0] * bill + w[1] * flipper + b)
    }
}

// ANCHOR: calibration
/// The share of predictions on the right side of `p = ½`.
pub fn accuracy(probabilities: &[f64], labels: &[f64]) -> f64 {
    let mut right = 0;
    for (p, y) in probabilities.iter().zip(labels) {
        if (*p >= 0.5) == (*y == 1.0) {
            right += 1;
        }
    }
    right as f64 / labels.len() as f64
}

/// One bin of a reliability diagram.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bin {
    /// The bin holds predictions `lower ≤ p < upper` (the last one also `p = 1`).
    pub lower: f64,
    /// The upper end.
    pub upper: f64,
    /// How many predictions fell in it.
    pub count: usize,
    /// Their mean predicted probability.
    pub mean_probability: f64,
    /// The fraction of them that were positive.
    pub fraction: f64,
    /// The standard error of that fraction if the predictions were exactly
    /// right: `√(Σ pᵢ(1 − pᵢ))/count`.
    pub standard_error: f64,
}

/// A reliability table: the predictions cut into `bins` equal bins of `p`,
/// and for each the mean prediction against the observed fraction.
pub fn calibration(probabilities: &[f64], labels: &[f64], bins: usize) -> Vec<Bin> {
    let mut table = Vec::with_capacity(bins);
    for k in 0..bins {
        let lower = k as f64 / bins as f64;
        let upper = (k + 1) as f64 / bins as f64;
        let (mut count, mut sum_p, mut sum_y, mut variance) = (0, 0.0, 0.0, 0.0);
        for (p, y) in probabilities.iter().zip(labels) {
            let inside = *p >= lower && (*p < upper || (k + 1 == bins && *p <= 1.0));
            if inside {
                count += 1;
                sum_p += p;
                sum_y += y;
                variance += p * (1.0 - p);
            }
        }
        let m = count.max(1) as f64;
        table.push(Bin {
            lower,
            upper,
            count,
            mean_probability: sum_p / m,
            fraction: sum_y / m,
            standard_error: variance.sqrt() / m,
        });
    }
    table
}
// ANCHOR_END: calibration

/// How many bins the book's reliability diagram has.
pub const BINS: usize = 5;

/// The curvature of the penguins' mean cross-entropy: everywhere, and at
/// the fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Curvatures {
    /// `λ_max(XᵀX/n)`.
    pub data: f64,
    /// The safe rate `8/λ_max(XᵀX/n)`.
    pub safe_rate: f64,
    /// `λ_max` of the Hessian at the fit.
    pub at_fit: f64,
    /// `λ_min` of the Hessian at the fit.
    pub at_fit_min: f64,
    /// `2/λ_max` there: the largest rate at which the walk can settle.
    pub local_threshold: f64,
}

impl Curvatures {
    /// The curvatures of `fit`'s data, and at its end.
    pub fn of(fit: &Fit) -> Self {
        let data = symmetric_eigen(&gram(&design(&fit.data))).max();
        let eigen = symmetric_eigen(&hessian(&fit.data, fit.theta()));
        Curvatures {
            data,
            safe_rate: 8.0 / data,
            at_fit: eigen.max(),
            at_fit_min: eigen.min(),
            local_threshold: 2.0 / eigen.max(),
        }
    }
}

/// The sum `Σ ηₜ` of the rates of `steps` steps of `schedule`: how far the
/// walk can travel along a direction of curvature `λ` near the bottom is
/// set by `λ·Σ ηₜ` (each step multiplies the distance by `1 − ηₜλ`).
pub fn total_rate(schedule: Schedule, steps: usize) -> f64 {
    (0..steps).map(|t| schedule.rate(t)).sum()
}

/// Where `theta` lies from the optimum `best`: the distance `‖θ − θ*‖`, and
/// the share of it along the flattest direction of the Hessian at `best`,
/// `|(θ − θ*)ᵀq|/‖θ − θ*‖` with `q` the eigenvector of the smallest
/// eigenvalue.
pub fn offset_from_optimum(data: &DataSet<Vec<f64>>, theta: &[f64], best: &[f64]) -> (f64, f64) {
    let eigen = symmetric_eigen(&hessian(data, best));
    let flat = eigen.vector(eigen.values.len() - 1);
    let delta: Vec<f64> = theta.iter().zip(best).map(|(a, b)| a - b).collect();
    let distance = delta.iter().map(|d| d * d).sum::<f64>().sqrt();
    let along: f64 = delta.iter().zip(&flat).map(|(d, q)| d * q).sum();
    (distance, along.abs() / distance)
}

/// The curvature of the loss along the segment from `b` to `a`, averaged
/// over the segment: `dᵀH̄d/dᵀd` with `d = a − b` and `H̄` the Hessian
/// averaged from `b` to `a` (Simpson's rule on 64 pieces). For a walk that
/// cycles between `a` and `b` at rate `η` it is exactly `2/η`.
pub fn curvature_along(data: &DataSet<Vec<f64>>, a: &[f64], b: &[f64]) -> f64 {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    let pieces = 64;
    let mut sum = 0.0;
    for k in 0..=pieces {
        let s = k as f64 / pieces as f64;
        let point: Vec<f64> = b.iter().zip(&d).map(|(b, d)| b + s * d).collect();
        let h = hessian(data, &point);
        let dhd: f64 = (0..d.len())
            .map(|j| (0..d.len()).map(|k| d[j] * h[(j, k)] * d[k]).sum::<f64>())
            .sum();
        let weight = if k == 0 || k == pieces {
            1.0
        } else if k % 2 == 1 {
            4.0
        } else {
            2.0
        };
        sum += weight * dhd;
    }
    let dd: f64 = d.iter().map(|x| x * x).sum();
    sum / (3.0 * pieces as f64) / dd
}

/// The factors of the rate around the local threshold that the chapter tries.
pub const RATE_FACTORS: [f64; 2] = [0.97, 1.03];
/// Their step budgets: enough to settle, and enough to see that it does not
/// (when the walk above the threshold leaves the bottom depends on the last
/// bits of the arithmetic, so its budget leaves room).
pub const RATE_STEPS: [usize; 2] = [300, 1000];

/// All three species, from the same two measurements: multinomial logistic
/// regression by gradient descent on standardised features.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreeSpecies {
    /// The features in millimetres, targets 0, 1, 2 for Adélie, Chinstrap,
    /// Gentoo.
    pub raw: DataSet<Vec<f64>>,
    /// Standardising, to draw the fit over millimetres.
    pub scaling: FeatureScaling,
    /// The standardised data the walk saw.
    pub data: DataSet<Vec<f64>>,
    /// The walk.
    pub trajectory: Trajectory,
    /// The rate.
    pub eta: f64,
    /// The safe rate `4/λ_max(XᵀX/n)`, safe because the softmax's curvature
    /// is at most ½.
    pub safe_rate: f64,
    /// The strength `μ` of an L2 penalty (0 in the book).
    pub mu: f64,
}

/// The book's steps for the three species.
pub const THREE_STEPS: usize = 100;

impl ThreeSpecies {
    /// Fit all three species at the safe rate: the book's run.
    pub fn fit(steps: usize) -> Self {
        ThreeSpecies::walk(None, steps, 0.0)
    }

    /// Fit all three species by gradient descent from `θ = 0` at the rate
    /// `eta` (the safe rate if `None`) for `steps` steps, with an L2
    /// penalty `mu`. The divergence watch stops a run that blows up.
    pub fn walk(eta: Option<f64>, steps: usize, mu: f64) -> Self {
        let raw = penguins(&Species::ALL, &FEATURES);
        let scaling = FeatureScaling::standardising(&raw).expect("the measurements vary");
        let data = scaling.apply_to(&raw);
        let safe_rate = 4.0 / symmetric_eigen(&gram(&design(&data))).max();
        let eta = eta.unwrap_or(safe_rate);
        let risk = Multinomial {
            classes: 3,
            features: 2,
            data: &data,
        };
        let trajectory = descend(
            &ridge(risk, mu),
            &mut GradientDescent { eta },
            &[0.0; 9],
            &StoppingRules::budget(steps),
        );
        ThreeSpecies {
            raw,
            scaling,
            data,
            trajectory,
            eta,
            safe_rate,
            mu,
        }
    }

    /// The species the fit names for a penguin measured in millimetres.
    pub fn predict_mm(&self, bill: f64, flipper: f64) -> usize {
        let x = self.scaling.apply(&[bill, flipper]);
        self.risk().predict(self.trajectory.final_point(), &x)
    }

    fn risk(&self) -> Multinomial<'_, Vec<f64>> {
        Multinomial {
            classes: 3,
            features: 2,
            data: &self.data,
        }
    }

    /// The mean cross-entropy at the end (without any penalty).
    pub fn loss(&self) -> f64 {
        self.risk().value(self.trajectory.final_point())
    }

    /// For each species, how many penguins it has and how many the fit
    /// names rightly.
    pub fn right_by_species(&self) -> [(usize, usize); 3] {
        let risk = self.risk();
        let theta = self.trajectory.final_point();
        let mut counts = [(0, 0); 3];
        for s in &self.data.samples {
            let k = s.y as usize;
            counts[k].0 += 1;
            if risk.predict(theta, &s.x) == k {
                counts[k].1 += 1;
            }
        }
        counts
    }

    /// The share of penguins whose most probable species is theirs.
    pub fn accuracy(&self) -> f64 {
        let counts = self.right_by_species();
        let right: usize = counts.iter().map(|c| c.1).sum();
        right as f64 / self.data.len() as f64
    }
}
