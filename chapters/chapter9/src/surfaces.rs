//! The surfaces the chapter walks on: quadratics made from data (ten raw
//! points, the penguins in millimetres and grams, a polynomial fit), the
//! stretched bowl, turned or not, Rosenbrock's valley, and chapter 3's line
//! walked one point at a time.

use descent::Objective;
use descent::data::{DataSet, Sample};
use descent::linalg::{Matrix, gram, mean_products, solve_spd, symmetric_eigen};
use descent::line::MeanSquaredError;
use harness::penguins::{Measurement, Penguins};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

/// A quadratic `f(θ) = ½·θᵀHθ − cᵀθ + k` with a symmetric positive-definite
/// `H`: the mean squared loss of any linear model, written once so that a
/// step costs a matrix-vector product instead of a pass over the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Quadratic {
    /// The Hessian `H`.
    pub h: Matrix,
    /// The linear term `c`.
    pub c: Vec<f64>,
    /// The constant `k`.
    pub k: f64,
}

// ANCHOR: quadratic
impl Quadratic {
    /// The mean loss, half the squared error averaged over the `n` points,
    /// of a linear model whose data matrix `X` has one point's features
    /// per row and whose targets are `Y`: `½θᵀHθ − θᵀc + k` with
    /// `H = XᵀX/n`, `c = XᵀY/n` and `k = ½·mean(y²)`.
    pub fn least_squares(x: &Matrix, y: &[f64]) -> Self {
        let k = 0.5 * y.iter().map(|v| v * v).sum::<f64>() / y.len() as f64;
        Quadratic {
            h: gram(x),
            c: mean_products(x, y),
            k,
        }
    }
}
// ANCHOR_END: quadratic

impl Quadratic {
    /// The bowl `(λ₁·u₁² + λ₂·u₂²)/2` in coordinates `u` turned by `angle`
    /// (radians) from `θ − θ*`: its bottom is `bottom`, where it is 0.
    pub fn turned_bowl(lambda1: f64, lambda2: f64, angle: f64, bottom: &[f64]) -> Self {
        let (s, c) = angle.sin_cos();
        // H = R·diag(λ₁, λ₂)·Rᵀ with R the rotation by `angle`.
        let h = Matrix::from_rows(&[
            vec![
                lambda1 * c * c + lambda2 * s * s,
                (lambda1 - lambda2) * c * s,
            ],
            vec![
                (lambda1 - lambda2) * c * s,
                lambda1 * s * s + lambda2 * c * c,
            ],
        ]);
        let c = h.times_vector(bottom);
        let k = 0.5 * bottom.iter().zip(&c).map(|(b, c)| b * c).sum::<f64>();
        Quadratic { h, c, k }
    }

    /// The same surface with every height multiplied by `factor`.
    pub fn scaled(&self, factor: f64) -> Self {
        let mut h = self.h.clone();
        for i in 0..h.rows() {
            for j in 0..h.cols() {
                h[(i, j)] *= factor;
            }
        }
        Quadratic {
            h,
            c: self.c.iter().map(|v| v * factor).collect(),
            k: self.k * factor,
        }
    }

    /// The bottom `θ* = H⁻¹c`.
    pub fn minimum(&self) -> Vec<f64> {
        solve_spd(&self.h, &self.c).expect("H is positive definite")
    }

    /// The lowest height `f(θ*)`.
    pub fn lowest(&self) -> f64 {
        self.value(&self.minimum())
    }

    /// `(λ_min, λ_max)`: the smallest and largest curvature.
    pub fn curvatures(&self) -> (f64, f64) {
        let eigen = symmetric_eigen(&self.h);
        (eigen.min(), eigen.max())
    }

    /// The condition number `κ = λ_max/λ_min`.
    pub fn kappa(&self) -> f64 {
        let (small, large) = self.curvatures();
        large / small
    }
}

impl Objective for Quadratic {
    fn dimension(&self) -> usize {
        self.c.len()
    }

    fn value(&self, theta: &[f64]) -> f64 {
        let h_theta = self.h.times_vector(theta);
        let mut value = self.k;
        for i in 0..theta.len() {
            value += 0.5 * theta[i] * h_theta[i] - self.c[i] * theta[i];
        }
        value
    }

    fn gradient(&self, theta: &[f64]) -> Vec<f64> {
        let mut g = self.h.times_vector(theta);
        for (gi, ci) in g.iter_mut().zip(&self.c) {
            *gi -= ci;
        }
        g
    }
}

/// The rows `(x, 1)` of a line's data matrix.
pub fn line_matrix(data: &DataSet) -> (Matrix, Vec<f64>) {
    let rows: Vec<Vec<f64>> = data.samples.iter().map(|s| vec![s.x, 1.0]).collect();
    let y = data.samples.iter().map(|s| s.y).collect();
    (Matrix::from_rows(&rows), y)
}

/// Chapter 8's ten raw points `x = 1, …, 10` around `y = 2x + 1`, as a
/// quadratic in `(w, b)`: `κ` ≈ 187.
pub fn raw_line() -> Quadratic {
    let (x, y) = line_matrix(&chapter8::surfaces::raw_data());
    Quadratic::least_squares(&x, &y)
}

/// The penguins' features: flipper length and bill depth, in millimetres.
pub const PENGUIN_FEATURES: [Measurement; 2] = [Measurement::FlipperLength, Measurement::BillDepth];

/// Body mass (g) against flipper length and bill depth (mm), as chapter 4
/// fits it, as a quadratic in `(w₁, w₂, b)`: `κ` ≈ 2.6 × 10⁷.
pub fn penguins() -> Quadratic {
    let data = Penguins::load().regression(&PENGUIN_FEATURES, Measurement::BodyMass);
    let rows: Vec<Vec<f64>> = data
        .samples
        .iter()
        .map(|s| {
            let mut row = s.x.clone();
            row.push(1.0);
            row
        })
        .collect();
    let y: Vec<f64> = data.samples.iter().map(|s| s.y).collect();
    Quadratic::least_squares(&Matrix::from_rows(&rows), &y)
}

// ANCHOR: rosenbrock
/// Rosenbrock's valley `f(θ) = (1 − θ₁)² + 100·(θ₂ − θ₁²)²`: a curved,
/// narrow valley along the parabola `θ₂ = θ₁²`, with its bottom at
/// `(1, 1)`, where `f = 0`. Its gradient is
/// `(−2(1 − θ₁) − 400·θ₁·(θ₂ − θ₁²), 200·(θ₂ − θ₁²))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rosenbrock;

impl Objective for Rosenbrock {
    fn dimension(&self) -> usize {
        2
    }

    fn value(&self, theta: &[f64]) -> f64 {
        let (t1, t2) = (theta[0], theta[1]);
        (1.0 - t1).powi(2) + 100.0 * (t2 - t1 * t1).powi(2)
    }

    fn gradient(&self, theta: &[f64]) -> Vec<f64> {
        let (t1, t2) = (theta[0], theta[1]);
        vec![
            -2.0 * (1.0 - t1) - 400.0 * t1 * (t2 - t1 * t1),
            200.0 * (t2 - t1 * t1),
        ]
    }
}
// ANCHOR_END: rosenbrock

/// Chapter 3's fifty points, for a line walked one point at a time.
pub fn chapter3_data() -> DataSet {
    chapter3::data(chapter3::SEED)
}

/// The mean squared error of a line on `data`, which stochastic descent
/// samples one point at a time.
pub fn noisy_line(data: &DataSet) -> MeanSquaredError<'_> {
    MeanSquaredError { data }
}

/// Chapter 3's line as a quadratic, for its exact minimum.
pub fn chapter3_quadratic(data: &DataSet) -> Quadratic {
    let (x, y) = line_matrix(data);
    Quadratic::least_squares(&x, &y)
}

// ANCHOR: overfit
/// The curve the polynomial data come from, `𝒮(x) = (1 + 2x)/(1 + 4x²)`.
pub fn signal(x: f64) -> f64 {
    (1.0 + 2.0 * x) / (1.0 + 4.0 * x * x)
}

/// How many training points: `n` = 12, evenly spaced on `[−1, 1]`.
pub const POLY_POINTS: usize = 12;
/// The standard deviation `σ` of the noise on each `y`.
pub const POLY_NOISE: f64 = 0.3;
/// The degree `k` of the polynomial: 11, enough to pass through all twelve.
pub const POLY_DEGREE: usize = 11;
/// One draw of the twelve points, `yᵢ = 𝒮(xᵢ) + ψᵢ`, `ψᵢ ~ Normal(0, σ²)`,
/// the noise drawn with `seed`.
pub fn poly_data(seed: u64) -> DataSet {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let noise = Normal::new(0.0, POLY_NOISE).expect("σ is finite and positive");
    let samples = (0..POLY_POINTS)
        .map(|i| {
            let x = -1.0 + 2.0 * i as f64 / (POLY_POINTS - 1) as f64;
            Sample {
                x,
                y: signal(x) + noise.sample(&mut rng),
            }
        })
        .collect();
    DataSet::new(samples)
}

/// The powers `1, x, …, x^k`: the polynomial's features.
pub fn powers(x: f64, degree: usize) -> Vec<f64> {
    let mut row = Vec::with_capacity(degree + 1);
    let mut power = 1.0;
    for _ in 0..=degree {
        row.push(power);
        power *= x;
    }
    row
}
// ANCHOR_END: overfit

/// The polynomial fit's mean squared loss, as a quadratic in its
/// coefficients `(c₀, …, c_k)`.
pub fn poly_quadratic(data: &DataSet) -> Quadratic {
    let rows: Vec<Vec<f64>> = data
        .samples
        .iter()
        .map(|s| powers(s.x, POLY_DEGREE))
        .collect();
    let y: Vec<f64> = data.samples.iter().map(|s| s.y).collect();
    Quadratic::least_squares(&Matrix::from_rows(&rows), &y)
}

/// How many points of `[−1, 1]` the test error averages over.
pub const GRID_POINTS: usize = 401;

/// The polynomial's value at `x`.
pub fn poly_at(theta: &[f64], x: f64) -> f64 {
    let mut value = 0.0;
    for c in theta.iter().rev() {
        value = value * x + c;
    }
    value
}

/// The test error: the mean squared distance between the fitted polynomial
/// and the curve `𝒮` over [`GRID_POINTS`] evenly spaced points of `[−1, 1]`.
pub fn test_error(theta: &[f64]) -> f64 {
    let mut sum = 0.0;
    for i in 0..GRID_POINTS {
        let x = -1.0 + 2.0 * i as f64 / (GRID_POINTS - 1) as f64;
        let r = poly_at(theta, x) - signal(x);
        sum += r * r;
    }
    sum / GRID_POINTS as f64
}

/// The ridge solution `(H + μI)⁻¹c`: the bottom of the quadratic plus the
/// penalty `(μ/2)·‖θ‖²`.
pub fn ridge(q: &Quadratic, mu: f64) -> Vec<f64> {
    let mut h = q.h.clone();
    for i in 0..h.rows() {
        h[(i, i)] += mu;
    }
    solve_spd(&h, &q.c).expect("H + μI is positive definite")
}
