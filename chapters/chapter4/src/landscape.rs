//! The landscape of a line fit, made by its data: curvature, condition
//! number, the best fixed rate, and walks on raw, centred and standardised
//! inputs.

use descent::data::{DataSet, Sample};
use descent::linalg::{Eigen, Matrix, dot, symmetric_eigen};
use descent::line::{Line, MeanSquaredError, curvatures, hessian, least_squares};
use descent::scaling::{FeatureScaling, feature_moments};
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
    /// `(x − x̄)/σ_x`, with `σ_x` the standard deviation of `x`.
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
/// by [`TOLERANCE`] on a bowl of condition number `kappa`: every step
/// multiplies it by at most `ρ²`, with `ρ = (κ − 1)/(κ + 1)`, so
/// `⌈ln(1/TOLERANCE) / (2·ln(1/ρ))⌉` steps do (one step when `κ = 1`).
///
/// `ln(1/ρ)` is taken as `ln(1 + 2/(κ − 1))` by `ln_1p`: for a large `κ`,
/// `ρ` rounds to a double whose logarithm is off in the sixth digit at
/// `κ = 10¹¹`.
pub fn steps_bound(kappa: f64) -> usize {
    if kappa <= 1.0 {
        return 1;
    }
    ((1.0 / TOLERANCE).ln() / (2.0 * (2.0 / (kappa - 1.0)).ln_1p())).ceil() as usize
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

/// The factor by which one step of exact line search multiplies the excess
/// loss `E = L − L*` of a quadratic, when the gradient is `g` and the
/// Hessian `H`: `1 − (gᵀg)² / ((gᵀHg)·2E)`.
///
/// The step lowers the loss by `(gᵀg)²/(2·gᵀHg)` (the parabola along `−g`
/// at its lowest), and `2E = eᵀHe = gᵀH⁻¹g` with `g = He`. In two
/// dimensions the walk's gradients alternate between two perpendicular
/// directions, and the factor is the same for both: every step multiplies
/// the excess by this one number, set by the start.
pub fn line_search_factor(h: &Matrix, g: &[f64], excess: f64) -> f64 {
    let gg = dot(g, g);
    if gg == 0.0 {
        return 0.0;
    }
    1.0 - gg * gg / (dot(g, &h.times_vector(g)) * 2.0 * excess)
}

/// The steps a walk needs to shrink the excess loss by [`TOLERANCE`] when
/// every step multiplies it by `factor`: the smallest `t` with
/// `factorᵗ ≤ TOLERANCE` (one step when `factor = 0`).
pub fn steps_at_factor(factor: f64) -> usize {
    if factor <= 0.0 {
        return 1;
    }
    (TOLERANCE.ln() / factor.ln()).ceil() as usize
}

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

/// The eigenvalues and eigenvectors of `H` for a line: the directions from
/// the Jacobi method, the curvatures from [`curvatures`], which keeps
/// `λ_min` accurate in a long valley, where the entries of `H` (means of
/// raw `x²`) have already rounded part of it away.
pub fn line_eigen(data: &DataSet) -> Eigen {
    let mut eigen = symmetric_eigen(&hessian_matrix(data));
    let (largest, smallest) = curvatures(data);
    eigen.values = vec![largest, smallest];
    eigen
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
    /// If the inputs are all equal (then there is no best line); the book's
    /// are not, and a reader's run goes through [`Walk::try_run`].
    pub fn run(raw: &DataSet, scaling: Scaling, method: Method, steps: usize) -> Self {
        Self::try_run(raw, scaling, method, steps).expect("the inputs are not all equal")
    }

    /// The same, or `None` when the scaled inputs have no single best line
    /// (all equal, or so close together that their variance underflows).
    pub fn try_run(raw: &DataSet, scaling: Scaling, method: Method, steps: usize) -> Option<Self> {
        let feature_scaling = scaling.of(raw)?;
        let data = feature_scaling.apply_to_one(raw);
        let best = least_squares(&data)?;
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
        Some(Walk {
            scaling,
            method,
            curvature: Curvature::of(&data),
            data,
            feature_scaling,
            best,
            trajectory,
        })
    }

    /// The excess loss `L(θₜ) − L*` of every step: with `e = θₜ − θ*`,
    ///
    /// ```text
    /// ½·eᵀHe = ½·mean (e_w·xᵢ + e_b)² = ½·(var(x)·e_w² + (e_b + x̄·e_w)²),
    /// ```
    ///
    /// the cross term gone because the centred `xᵢ − x̄` have mean 0. Exact
    /// for this quadratic, accurate far below the rounding of `L` itself,
    /// and, unlike `½·eᵀHe` summed from the entries of `H`, free of
    /// cancellation in a long valley.
    pub fn excess(&self) -> Vec<f64> {
        let (mean, sd) = feature_moments(&self.data);
        let (mean, variance) = (mean[0], sd[0] * sd[0]);
        self.trajectory
            .points
            .iter()
            .map(|p| {
                let (e_w, e_b) = (p[0] - self.best.w, p[1] - self.best.b);
                let centred = e_b + mean * e_w;
                0.5 * (variance * e_w * e_w + centred * centred)
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
    /// (`vₖ` and `cₖ` are this comment's names only.)
    /// `None` for line search, whose rates depend on the path.
    pub fn predicted_relative_excess(&self) -> Option<Vec<f64>> {
        let Method::Fixed(eta) = self.method else {
            return None;
        };
        let model = self.decay(eta);
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
        self.decay(eta).steps_to(TOLERANCE).map(|t| t as usize)
    }

    /// The exact decay of a fixed-rate walk at rate `eta` from [`START`].
    pub fn decay(&self, eta: f64) -> Decay {
        let start = [START[0] - self.best.w, START[1] - self.best.b];
        Decay::from_eigen(&line_eigen(&self.data), &start, eta)
    }

    /// The rate, for a fixed-rate walk.
    pub fn eta(&self) -> Option<f64> {
        match self.method {
            Method::Fixed(eta) => Some(eta),
            Method::LineSearch => None,
        }
    }

    /// How much rounding error the gradient at `p` may carry: each term
    /// `(w·xᵢ + b − yᵢ)·(xᵢ, 1)` of the mean is computed from numbers of size
    /// `|w·xᵢ| + |b| + |yᵢ|`, each rounded to a few `ε` of its size.
    pub fn gradient_rounding(&self, p: &[f64]) -> f64 {
        let mut sum = 0.0;
        for s in &self.data.samples {
            sum += ((p[0] * s.x).abs() + p[1].abs() + s.y.abs()) * (s.x.abs() + 1.0);
        }
        4.0 * f64::EPSILON * sum / self.data.len() as f64
    }

    /// The `|cos|` of the angle between consecutive gradients, for each step
    /// before the walk reaches [`TOLERANCE`] whose two gradients are both
    /// well above their rounding (a thousand times
    /// [`Walk::gradient_rounding`]): once a gradient is rounding noise, its
    /// direction says nothing. 0 for right angles.
    pub fn cosines(&self) -> Vec<f64> {
        let loss = MeanSquaredError { data: &self.data };
        let last = self.steps_to_tolerance().unwrap_or(self.trajectory.steps());
        let points = &self.trajectory.points[..=last];
        let mut cosines = Vec::new();
        for pair in points.windows(2) {
            let (g0, g1) = (loss.gradient(&pair[0]), loss.gradient(&pair[1]));
            let (n0, n1) = (dot(&g0, &g0).sqrt(), dot(&g1, &g1).sqrt());
            if n0 <= 1e3 * self.gradient_rounding(&pair[0])
                || n1 <= 1e3 * self.gradient_rounding(&pair[1])
            {
                break;
            }
            cosines.push((dot(&g0, &g1) / (n0 * n1)).abs());
        }
        cosines
    }

    /// The largest of [`Walk::cosines`], or `None` when no step counts
    /// (the first step already landed on the bottom, to rounding).
    pub fn worst_cosine(&self) -> Option<f64> {
        self.cosines().into_iter().reduce(f64::max)
    }

    /// The factor by which each step multiplied the excess loss, up to the
    /// step that reached [`TOLERANCE`].
    pub fn step_factors(&self) -> Vec<f64> {
        let excess = self.excess();
        let last = self.steps_to_tolerance().unwrap_or(excess.len() - 1);
        (1..=last).map(|t| excess[t] / excess[t - 1]).collect()
    }

    /// What theory says every step of exact line search from [`START`]
    /// multiplies the excess loss by: [`line_search_factor`] at the first
    /// gradient.
    pub fn predicted_search_factor(&self) -> f64 {
        let loss = MeanSquaredError { data: &self.data };
        let g = loss.gradient(&START);
        line_search_factor(&hessian_matrix(&self.data), &g, self.excess()[0])
    }

    /// The angle in degrees between the first gradient and the steepest
    /// direction of the bowl (the eigenvector of `λ_max`).
    pub fn first_gradient_angle(&self) -> f64 {
        let loss = MeanSquaredError { data: &self.data };
        let g = loss.gradient(&START);
        let eigen = line_eigen(&self.data);
        let along = dot(&g, &eigen.vector(0)).abs();
        let across = dot(&g, &eigen.vector(1)).abs();
        across.atan2(along).to_degrees()
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
    /// The eigenvalues `λₖ` of `H`, largest first.
    pub curvatures: Vec<f64>,
    /// `λₖ·cₖ²`, the parts of twice the starting excess along each eigenvector.
    pub weights: Vec<f64>,
    /// The per-step factors `1 − η·λₖ`.
    pub factors: Vec<f64>,
    /// `ln|1 − η·λₖ|`, computed from `η·λₖ` without rounding `1 − η·λₖ`
    /// first (which would turn a factor of `1 − 10⁻¹⁷` into 1).
    pub log_factors: Vec<f64>,
}

impl Decay {
    /// The decay for Hessian `h`, starting error `start`, rate `eta`.
    pub fn new(h: &Matrix, start: &[f64], eta: f64) -> Self {
        Self::from_eigen(&symmetric_eigen(h), start, eta)
    }

    /// The same from the eigenvalues and eigenvectors of `H`.
    pub fn from_eigen(eigen: &Eigen, start: &[f64], eta: f64) -> Self {
        let mut weights = Vec::new();
        let mut factors = Vec::new();
        let mut log_factors = Vec::new();
        for (k, lambda) in eigen.values.iter().enumerate() {
            let c = dot(&eigen.vectors.column(k), start);
            weights.push(lambda * c * c);
            let q = eta * lambda;
            factors.push(1.0 - q);
            // For a small η·λ, ln(1 − η·λ) by `ln_1p`; otherwise from
            // η·λ − 1 formed with one rounding (`mul_add`), which keeps the
            // digits of a factor near −1, as at the best rate in a long valley.
            log_factors.push(if q < 0.5 {
                (-q).ln_1p()
            } else {
                eta.mul_add(*lambda, -1.0).abs().ln()
            });
        }
        Decay {
            curvatures: eigen.values.clone(),
            weights,
            factors,
            log_factors,
        }
    }

    /// Each direction's part of the excess after `t` steps, as a fraction
    /// of the whole excess at the start.
    pub fn parts(&self, t: u64) -> Vec<f64> {
        let total: f64 = self.weights.iter().sum();
        self.weights
            .iter()
            .zip(&self.log_factors)
            .map(|(w, l)| {
                if t == 0 {
                    w / total
                } else {
                    w / total * (2.0 * t as f64 * l).exp()
                }
            })
            .collect()
    }

    /// The excess after `t` steps as a fraction of the start's.
    pub fn relative(&self, t: u64) -> f64 {
        self.parts(t).iter().sum()
    }

    /// The first `t` with `relative(t) ≤ tolerance`; `None` when some
    /// direction with weight does not shrink (`|1 − ηλ| ≥ 1`), and
    /// `Some(u64::MAX)` when it takes more than 2⁶² steps.
    pub fn steps_to(&self, tolerance: f64) -> Option<u64> {
        let total: f64 = self.weights.iter().sum();
        for (w, l) in self.weights.iter().zip(&self.log_factors) {
            if *l >= 0.0 && *w > 1e-300 * total {
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
            if high >= 1 << 62 {
                return Some(u64::MAX);
            }
            high *= 2;
        }
        let mut low = high / 2;
        while high - low > 1 {
            let middle = low + (high - low) / 2;
            if self.relative(middle) <= tolerance {
                high = middle;
            } else {
                low = middle;
            }
        }
        Some(high)
    }
}
