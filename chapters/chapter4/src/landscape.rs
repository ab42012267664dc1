//! The landscape of a line fit, made by its data: curvature, condition
//! number, the best fixed rate, and walks on raw, centred and standardised
//! inputs.

use descent::data::{DataSet, Sample};
use descent::linalg::{Eigen, Matrix, dot, symmetric_eigen};
use descent::line::{Line, MeanSquaredError, curvatures, hessian, least_squares};
use descent::scaling::FeatureScaling;
use descent::{GradientDescent, Objective, Optimizer, StoppingRules, Trajectory, descend};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

// ANCHOR: data
/// The true line `y = 2x + 1` the chapter's points scatter around.
pub const TRUTH: Line = Line { w: 2.0, b: 1.0 };
/// The standard deviation `σ` of the Gaussian noise added to each `y`.
pub const NOISE: f64 = 1.0;
/// How many points: `x = 1, 2, …, 10` in the book.
pub const COUNT: usize = 10;
/// The book's inputs run from 1 to 10.
pub const X_RANGE: (f64, f64) = (1.0, 10.0);
/// The seed of the noise.
pub const SEED: u64 = 4;

/// [`COUNT`] points with `x` evenly spaced from `x_min` to `x_max` and
/// `y = 2x + 1` plus noise drawn from `ChaCha8Rng::seed_from_u64(seed)`.
pub fn data(x_min: f64, x_max: f64, seed: u64) -> DataSet {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let noise = Normal::new(0.0, NOISE).expect("σ is finite and positive");
    let mut samples = Vec::with_capacity(COUNT);
    for i in 0..COUNT {
        let x = x_min + (x_max - x_min) * i as f64 / (COUNT - 1) as f64;
        let y = TRUTH.predict(x) + noise.sample(&mut rng);
        samples.push(Sample { x, y });
    }
    DataSet::new(samples)
}
// ANCHOR_END: data

/// Where every walk starts: the flat line `w = 0`, `b = 0`, which is the
/// same line `ŷ = 0` whatever the scaling of `x`.
pub const START: [f64; 2] = [0.0, 0.0];

/// A walk has arrived once its excess loss `L − L*` has fallen to this
/// fraction of where it started: a millionfold.
pub const TOLERANCE: f64 = 1e-6;

/// How the input is moved and stretched before the fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scaling {
    /// `x` as measured.
    Raw,
    /// `x − x̄`.
    Centred,
    /// `(x − x̄)/s`, with `s` the standard deviation of `x`.
    Standardised,
}

impl Scaling {
    /// All three, in the chapter's order.
    pub const ALL: [Scaling; 3] = [Scaling::Raw, Scaling::Centred, Scaling::Standardised];

    /// The word for tables, titles and file names.
    pub fn name(self) -> &'static str {
        match self {
            Scaling::Raw => "raw",
            Scaling::Centred => "centred",
            Scaling::Standardised => "standardised",
        }
    }

    /// The change of the feature for `data`. `None` for standardising
    /// inputs that are all equal.
    pub fn of<X: descent::data::Features>(self, data: &DataSet<X>) -> Option<FeatureScaling> {
        let d = data.samples[0].x.as_slice().len();
        match self {
            Scaling::Raw => Some(FeatureScaling::identity(d)),
            Scaling::Centred => Some(FeatureScaling::centring(data)),
            Scaling::Standardised => FeatureScaling::standardising(data),
        }
    }
}

// ANCHOR: curvature
/// The curvature of a quadratic loss, read from its Hessian: the largest and
/// smallest eigenvalue and everything that follows from them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Curvature {
    /// `λ_max`: the curvature across the valley.
    pub largest: f64,
    /// `λ_min`: the curvature along its floor.
    pub smallest: f64,
}

impl Curvature {
    /// The curvatures of the mean squared loss of a line on `data`: the
    /// eigenvalues of `H = ( mean x²  mean x ; mean x  1 )`.
    pub fn of(data: &DataSet) -> Self {
        let (largest, smallest) = curvatures(data);
        Curvature { largest, smallest }
    }

    /// The condition number `κ = λ_max/λ_min`.
    pub fn condition_number(&self) -> f64 {
        self.largest / self.smallest
    }

    /// The largest stable rate `2/λ_max` (chapter 2's `2/a`).
    pub fn threshold(&self) -> f64 {
        2.0 / self.largest
    }

    /// The best fixed rate `η* = 2/(λ_max + λ_min)`: the one that makes the
    /// steepest and the flattest direction shrink equally fast.
    pub fn best_rate(&self) -> f64 {
        2.0 / (self.largest + self.smallest)
    }

    /// The factor `(κ − 1)/(κ + 1)` by which, at the best rate, every step
    /// shrinks the distance along the steepest and the flattest direction.
    pub fn best_factor(&self) -> f64 {
        let kappa = self.condition_number();
        (kappa - 1.0) / (kappa + 1.0)
    }
}
// ANCHOR_END: curvature

/// The steps the best fixed rate needs, at most, to shrink the excess loss
/// by [`TOLERANCE`]: every step multiplies it by at most `ρ²`, with
/// `ρ = (κ − 1)/(κ + 1)`, so `⌈ln(1/TOLERANCE) / (2·ln(1/ρ))⌉` steps do
/// (one step when `ρ = 0`).
pub fn steps_bound(factor: f64) -> usize {
    if factor <= 0.0 {
        return 1;
    }
    ((1.0 / TOLERANCE).ln() / (2.0 * (1.0 / factor).ln())).ceil() as usize
}

// ANCHOR: line_search
/// Steepest descent with exact line search on a quadratic with Hessian `H`:
/// step along `−g` by the rate that minimises the loss along that line,
/// `η = gᵀg / gᵀHg`.
///
/// Along `θ − η·g` the loss is a parabola in `η` with slope
/// `−gᵀg + η·gᵀHg` at `η`; it is zero there. The new gradient is then
/// orthogonal to the old one: the walk turns a right angle at every step.
#[derive(Debug, Clone, PartialEq)]
pub struct ExactLineSearch {
    /// The Hessian of the quadratic.
    pub hessian: Matrix,
}

impl Optimizer for ExactLineSearch {
    fn step(&mut self, x: &mut [f64], gradient: &[f64]) {
        let curvature = dot(gradient, &self.hessian.times_vector(gradient));
        if curvature <= 0.0 {
            return; // g = 0: already at the bottom.
        }
        let eta = dot(gradient, gradient) / curvature;
        for i in 0..x.len() {
            x[i] -= eta * gradient[i];
        }
    }
}
// ANCHOR_END: line_search

/// How each step's rate is chosen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    /// The same rate `η` at every step.
    Fixed(f64),
    /// Exact line search along the gradient.
    LineSearch,
}

/// `H` as a [`Matrix`].
pub fn hessian_matrix(data: &DataSet) -> Matrix {
    let h = hessian(data);
    Matrix::from_rows(&[h[0].to_vec(), h[1].to_vec()])
}

/// One walk down the mean loss of a line, on inputs scaled one way.
#[derive(Debug, Clone, PartialEq)]
pub struct Walk {
    /// How `x` was scaled.
    pub scaling: Scaling,
    /// How the rate was chosen.
    pub method: Method,
    /// The data as the walk sees them, with `x` scaled.
    pub data: DataSet,
    /// The scaling, to map the fit back to raw `x`.
    pub feature_scaling: FeatureScaling,
    /// The curvature of the loss on the scaled data.
    pub curvature: Curvature,
    /// The least-squares line in the scaled coordinates, `θ*`.
    pub best: Line,
    /// The run.
    pub trajectory: Trajectory,
}

impl Walk {
    /// Scale `raw`'s `x` by `scaling` and walk `steps` steps from [`START`].
    ///
    /// # Panics
    /// If the inputs are all equal (then there is no best line); the
    /// command line never lets that happen.
    pub fn run(raw: &DataSet, scaling: Scaling, method: Method, steps: usize) -> Self {
        let feature_scaling = scaling.of(raw).expect("the inputs are not all equal");
        let data = feature_scaling.apply_to_one(raw);
        let best = least_squares(&data).expect("the inputs are not all equal");
        let loss = MeanSquaredError { data: &data };
        let rules = StoppingRules::budget(steps);
        let trajectory = match method {
            Method::Fixed(eta) => descend(&loss, &mut GradientDescent { eta }, &START, &rules),
            Method::LineSearch => {
                let mut search = ExactLineSearch {
                    hessian: hessian_matrix(&data),
                };
                descend(&loss, &mut search, &START, &rules)
            }
        };
        Walk {
            scaling,
            method,
            curvature: Curvature::of(&data),
            data,
            feature_scaling,
            best,
            trajectory,
        }
    }

    /// The excess loss `L(θₜ) − L*` of every step, computed as `½·eᵀHe` with
    /// `e = θₜ − θ*`: exact for this quadratic, and accurate far below the
    /// rounding of `L` itself.
    pub fn excess(&self) -> Vec<f64> {
        let h = hessian(&self.data);
        self.trajectory
            .points
            .iter()
            .map(|p| {
                let e = [p[0] - self.best.w, p[1] - self.best.b];
                0.5 * (h[0][0] * e[0] * e[0] + 2.0 * h[0][1] * e[0] * e[1] + h[1][1] * e[1] * e[1])
            })
            .collect()
    }

    /// The excess loss of every step as a fraction of the first.
    pub fn relative_excess(&self) -> Vec<f64> {
        let excess = self.excess();
        let first = excess[0];
        excess.iter().map(|e| e / first).collect()
    }

    /// The first step at which the relative excess is at most
    /// [`TOLERANCE`], if the run got there.
    pub fn steps_to_tolerance(&self) -> Option<usize> {
        self.relative_excess().iter().position(|r| *r <= TOLERANCE)
    }

    /// What theory says the relative excess is after each step of a
    /// fixed-rate walk, up to the run's length: in the eigenvectors `vₖ` of
    /// `H`, the start's error `e₀` has parts `cₖ = vₖ·e₀`, each multiplied by
    /// `1 − η·λₖ` per step, so
    /// `(L − L*)ₜ / (L − L*)₀ = Σₖ λₖ·cₖ²·(1 − η·λₖ)²ᵗ / Σₖ λₖ·cₖ²`.
    /// `None` for line search, whose rates depend on the path.
    pub fn predicted_relative_excess(&self) -> Option<Vec<f64>> {
        let Method::Fixed(eta) = self.method else {
            return None;
        };
        let start = [START[0] - self.best.w, START[1] - self.best.b];
        let model = Decay::new(&hessian_matrix(&self.data), &start, eta);
        Some(
            (0..=self.trajectory.steps())
                .map(|t| model.relative(t as u64))
                .collect(),
        )
    }

    /// The first step at which theory puts the relative excess at most
    /// [`TOLERANCE`] (fixed rates that converge only).
    pub fn predicted_steps(&self) -> Option<usize> {
        let Method::Fixed(eta) = self.method else {
            return None;
        };
        let start = [START[0] - self.best.w, START[1] - self.best.b];
        Decay::new(&hessian_matrix(&self.data), &start, eta)
            .steps_to(TOLERANCE)
            .map(|t| t as usize)
    }

    /// The rate, for a fixed-rate walk.
    pub fn eta(&self) -> Option<f64> {
        match self.method {
            Method::Fixed(eta) => Some(eta),
            Method::LineSearch => None,
        }
    }

    /// The largest `|cos|` of the angle between consecutive gradients, over
    /// the steps before the walk reaches [`TOLERANCE`]: 0 for right angles.
    pub fn worst_cosine(&self) -> f64 {
        let loss = MeanSquaredError { data: &self.data };
        let last = self.steps_to_tolerance().unwrap_or(self.trajectory.steps());
        let gradients: Vec<Vec<f64>> = self.trajectory.points[..=last]
            .iter()
            .map(|p| loss.gradient(p))
            .collect();
        let mut worst: f64 = 0.0;
        for pair in gradients.windows(2) {
            let cosine = dot(&pair[0], &pair[1])
                / (dot(&pair[0], &pair[0]).sqrt() * dot(&pair[1], &pair[1]).sqrt());
            worst = worst.max(cosine.abs());
        }
        worst
    }

    /// The largest factor by which one step multiplied the excess loss,
    /// over the steps before the walk reaches [`TOLERANCE`].
    pub fn worst_step_factor(&self) -> f64 {
        let excess = self.excess();
        let last = self.steps_to_tolerance().unwrap_or(excess.len() - 1);
        let mut worst: f64 = 0.0;
        for t in 1..=last {
            worst = worst.max(excess[t] / excess[t - 1]);
        }
        worst
    }

    /// The final line in raw units of `x`.
    pub fn raw_line(&self) -> Line {
        let p = self.trajectory.final_point();
        let (w, b) = self.feature_scaling.to_original(&[p[0]], p[1]);
        Line { w: w[0], b }
    }
}

/// The exact decay of the excess loss of fixed-rate gradient descent on a
/// quadratic with Hessian `H`, from a start at error `e₀ = θ₀ − θ*`.
#[derive(Debug, Clone, PartialEq)]
pub struct Decay {
    /// The eigenvalues `λₖ` of `H`.
    pub curvatures: Vec<f64>,
    /// `λₖ·cₖ²`, the parts of twice the starting excess along each eigenvector.
    pub weights: Vec<f64>,
    /// The per-step factors `1 − η·λₖ`.
    pub factors: Vec<f64>,
}

impl Decay {
    /// The decay for Hessian `h`, starting error `start`, rate `eta`.
    pub fn new(h: &Matrix, start: &[f64], eta: f64) -> Self {
        let Eigen { values, vectors } = symmetric_eigen(h);
        let mut weights = Vec::new();
        let mut factors = Vec::new();
        for (k, lambda) in values.iter().enumerate() {
            let c = dot(&vectors.column(k), start);
            weights.push(lambda * c * c);
            factors.push(1.0 - eta * lambda);
        }
        Decay {
            curvatures: values,
            weights,
            factors,
        }
    }

    /// The excess after `t` steps as a fraction of the start's.
    pub fn relative(&self, t: u64) -> f64 {
        let total: f64 = self.weights.iter().sum();
        let mut sum = 0.0;
        for (w, f) in self.weights.iter().zip(&self.factors) {
            sum += w * f.abs().powf(2.0 * t as f64);
        }
        sum / total
    }

    /// The first `t` with `relative(t) ≤ tolerance`; `None` when some
    /// direction with weight does not shrink (`|1 − ηλ| ≥ 1`).
    pub fn steps_to(&self, tolerance: f64) -> Option<u64> {
        let total: f64 = self.weights.iter().sum();
        for (w, f) in self.weights.iter().zip(&self.factors) {
            if f.abs() >= 1.0 && *w > 1e-300 * total {
                return None;
            }
        }
        if self.relative(0) <= tolerance {
            return Some(0);
        }
        // Each term shrinks with t, so the relative excess does: double,
        // then bisect.
        let mut high: u64 = 1;
        while self.relative(high) > tolerance {
            high *= 2;
        }
        let mut low = high / 2;
        while high - low > 1 {
            let middle = (low + high) / 2;
            if self.relative(middle) <= tolerance {
                high = middle;
            } else {
                low = middle;
            }
        }
        Some(high)
    }
}
