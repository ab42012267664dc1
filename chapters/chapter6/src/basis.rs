//! The chapter's curve, its noisy data, and polynomials written in the
//! Legendre basis, fitted exactly.
//!
//! Everything here uses only `+`, `−`, `×`, `÷` and `√`, which IEEE 754
//! rounds the same way on every machine: the curve is a ratio of
//! polynomials, not a sine, so that the fits are bit-for-bit the same
//! everywhere (see [`crate::seeds`]).

use descent::Objective;
use descent::data::{DataSet, Sample};
use descent::linalg::{Matrix, dot, gram, mean_products, solve_spd};
use descent::model::Model;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Normal};

// ANCHOR: truth
/// The signal: the curve the data come from, `𝒮(x) = (1 + 2x)/(1 + 4x²)`.
pub fn signal(x: f64) -> f64 {
    (1.0 + 2.0 * x) / (1.0 + 4.0 * x * x)
}

/// How many points the book's data set has: `n`.
pub const POINTS: usize = 12;
/// The standard deviation `σ` of the measurement noise.
pub const NOISE: f64 = 0.2;
/// The seed of the book's data set.
pub const SEED: u64 = 6;

/// `n` inputs evenly spaced on `[−1, 1]`, both ends included.
pub fn inputs(n: usize) -> Vec<f64> {
    if n == 1 {
        return vec![0.0];
    }
    (0..n)
        .map(|i| -1.0 + 2.0 * i as f64 / (n - 1) as f64)
        .collect()
}
// ANCHOR_END: truth

/// How many points the validation set has.
pub const VALIDATION_POINTS: usize = 12;
/// How many points the test set of one data set has.
pub const TEST_POINTS: usize = 1000;

/// One data set and the fresh points it is judged on.
#[derive(Debug, Clone, PartialEq)]
pub struct Draw {
    /// The training points: evenly spaced inputs, noisy outputs.
    pub train: DataSet,
    /// Points at uniformly random inputs, for choosing settings.
    pub validation: DataSet,
    /// Points at uniformly random inputs, for measuring the test error.
    pub test: DataSet,
}

// ANCHOR: draw
impl Draw {
    /// `n` training points `yᵢ = 𝒮(xᵢ) + ψᵢ` at evenly spaced `xᵢ`, with
    /// `ψᵢ ~ Normal(0, σ²)`; then `validation` and `test` points of the same
    /// kind at inputs uniform on `[−1, 1)`. Every draw comes from one
    /// `ChaCha8Rng` seeded with `seed`, in that order.
    pub fn new(n: usize, sigma: f64, seed: u64, validation: usize, test: usize) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let noise = Normal::new(0.0, sigma).expect("σ is finite and ≥ 0");
        let point = |x: f64, rng: &mut ChaCha8Rng| Sample {
            x,
            y: signal(x) + noise.sample(rng),
        };
        let train = inputs(n).into_iter().map(|x| point(x, &mut rng)).collect();
        let random = |count: usize, rng: &mut ChaCha8Rng| -> Vec<Sample> {
            (0..count)
                .map(|_| {
                    let x = -1.0 + 2.0 * rng.random::<f64>();
                    point(x, rng)
                })
                .collect()
        };
        let validation = random(validation, &mut rng);
        let test = random(test, &mut rng);
        Draw {
            train: DataSet::new(train),
            validation: DataSet::new(validation),
            test: DataSet::new(test),
        }
    }
}
// ANCHOR_END: draw

/// The book's data set: `n` = 12, `σ` = 0.2, seed 6.
pub fn book_draw() -> Draw {
    Draw::new(POINTS, NOISE, SEED, VALIDATION_POINTS, TEST_POINTS)
}

// ANCHOR: legendre
/// The normalised Legendre polynomials `√(2j + 1)·Pⱼ(x)` for
/// `j = 0, …, degree`, from the recurrence
/// `P₀ = 1`, `P₁ = x`, `(j + 1)·Pⱼ₊₁ = (2j + 1)·x·Pⱼ − j·Pⱼ₋₁`.
///
/// Each is a polynomial of degree `j`; together they span the same
/// polynomials as `1, x, …, x^degree`. The factor `√(2j + 1)` makes the
/// mean of `√(2j+1)·Pⱼ · √(2l+1)·Pₗ` over `x` uniform on `[−1, 1]` exactly 1
/// when `j = l` and 0 otherwise: the features are orthonormal.
pub fn legendre(x: f64, degree: usize) -> Vec<f64> {
    let mut p = Vec::with_capacity(degree + 1);
    p.push(1.0);
    if degree >= 1 {
        p.push(x);
    }
    for j in 1..degree {
        let jf = j as f64;
        let next = ((2.0 * jf + 1.0) * x * p[j] - jf * p[j - 1]) / (jf + 1.0);
        p.push(next);
    }
    for (j, pj) in p.iter_mut().enumerate() {
        *pj *= (2.0 * j as f64 + 1.0).sqrt();
    }
    p
}
// ANCHOR_END: legendre

/// A polynomial of degree `k` written in the normalised Legendre basis,
/// `ŷ = Σⱼ θⱼ·wⱼ·√(2j + 1)·Pⱼ(x)`, with parameters `θ = (θ₀, …, θ_k)`.
///
/// The weights `wⱼ` are 1, or `1/(j + 1)` when `tapered`: a tapered basis
/// makes a wiggly polynomial cost larger coefficients, which matters only to
/// a penalty or to the smallest-coefficient interpolant (section "Beyond the
/// U"); least squares fits the same curve in either.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Legendre {
    /// The degree `k`.
    pub degree: usize,
    /// Whether feature `j` is scaled by `1/(j + 1)`.
    pub tapered: bool,
}

impl Legendre {
    /// The degree-`k` basis, untapered.
    pub fn new(degree: usize) -> Self {
        Legendre {
            degree,
            tapered: false,
        }
    }

    /// The `d` = `count` tapered features of degrees `0, …, count − 1`.
    pub fn tapered(count: usize) -> Self {
        Legendre {
            degree: count - 1,
            tapered: true,
        }
    }

    /// How many features: `d = k + 1`.
    pub fn count(&self) -> usize {
        self.degree + 1
    }

    /// The features `φ(x)` the parameters multiply.
    pub fn features(&self, x: f64) -> Vec<f64> {
        let mut phi = legendre(x, self.degree);
        if self.tapered {
            for (j, f) in phi.iter_mut().enumerate() {
                *f /= (j + 1) as f64;
            }
        }
        phi
    }

    /// The prediction at `x`.
    pub fn predict_at(&self, theta: &[f64], x: f64) -> f64 {
        dot(theta, &self.features(x))
    }

    /// The data matrix: one row `φ(xᵢ)` per sample.
    pub fn design(&self, data: &DataSet) -> Matrix {
        let rows: Vec<Vec<f64>> = data.samples.iter().map(|s| self.features(s.x)).collect();
        Matrix::from_rows(&rows)
    }
}

impl Model for Legendre {
    fn parameter_count(&self) -> usize {
        self.count()
    }

    fn predict(&self, theta: &[f64], x: &[f64]) -> f64 {
        self.predict_at(theta, x[0])
    }

    /// `∂ŷ/∂θⱼ = φⱼ(x)`.
    fn gradient(&self, _theta: &[f64], x: &[f64]) -> Vec<f64> {
        self.features(x[0])
    }
}

/// `θ·φ` over the first `θ.len()` features of `φ`.
fn prediction(theta: &[f64], phi: &[f64]) -> f64 {
    let mut sum = 0.0;
    for j in 0..theta.len() {
        sum += theta[j] * phi[j];
    }
    sum
}

/// A data set with its features computed once, at the largest degree
/// needed: a fit of degree `k` uses the first `k + 1` of each row (the
/// Legendre features of lower degrees do not change when more are added).
#[derive(Debug, Clone, PartialEq)]
pub struct Featured {
    /// `φ(xᵢ)`, one row per sample.
    pub rows: Vec<Vec<f64>>,
    /// The targets.
    pub ys: Vec<f64>,
}

impl Featured {
    /// The features of `model` at every sample of `data`.
    pub fn new(model: &Legendre, data: &DataSet) -> Self {
        Featured {
            rows: data.samples.iter().map(|s| model.features(s.x)).collect(),
            ys: targets(data),
        }
    }

    /// The mean squared error of `θ`, which uses the first `θ.len()` features.
    pub fn mse(&self, theta: &[f64]) -> f64 {
        let mut sum = 0.0;
        for i in 0..self.ys.len() {
            let r = prediction(theta, &self.rows[i]) - self.ys[i];
            sum += r * r;
        }
        sum / self.ys.len() as f64
    }
}

/// The chapter's loss on features computed once,
/// `L(θ) = (1/2n)·Σᵢ (θ·φ(xᵢ) − yᵢ)²` over the first `θ.len()` features:
/// the same function as `descent`'s `Risk` of [`Legendre`] with the squared
/// loss, written out as one loop so that a walk of ten thousand steps stays
/// quick.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FeaturedLoss<'a> {
    /// The points and their features.
    pub data: &'a Featured,
    /// How many features the parameters multiply.
    pub count: usize,
}

impl Objective for FeaturedLoss<'_> {
    fn dimension(&self) -> usize {
        self.count
    }

    fn value(&self, theta: &[f64]) -> f64 {
        0.5 * self.data.mse(theta)
    }

    /// `(1/n)·Σᵢ (θ·φᵢ − yᵢ)·φᵢ`.
    fn gradient(&self, theta: &[f64]) -> Vec<f64> {
        let n = self.data.ys.len();
        let mut gradient = vec![0.0; self.count];
        for i in 0..n {
            let row = &self.data.rows[i];
            let r = (prediction(theta, row) - self.data.ys[i]) / n as f64;
            for j in 0..self.count {
                gradient[j] += r * row[j];
            }
        }
        gradient
    }

    fn sample_count(&self) -> usize {
        self.data.ys.len()
    }
}

/// A draw's three data sets with their features computed once.
#[derive(Debug, Clone, PartialEq)]
pub struct FeaturedDraw {
    /// The training points.
    pub train: Featured,
    /// The validation points.
    pub validation: Featured,
    /// The test points.
    pub test: Featured,
}

impl FeaturedDraw {
    /// The features of `model` at every point of `draw`.
    pub fn new(model: &Legendre, draw: &Draw) -> Self {
        FeaturedDraw {
            train: Featured::new(model, &draw.train),
            validation: Featured::new(model, &draw.validation),
            test: Featured::new(model, &draw.test),
        }
    }
}

/// The targets of a data set.
pub fn targets(data: &DataSet) -> Vec<f64> {
    data.samples.iter().map(|s| s.y).collect()
}

// ANCHOR: ridge
/// The ridge fit: the `θ` that minimises
/// `L(θ) + (μ/2)·‖θ‖² = (1/2n)·‖Xθ − Y‖² + (μ/2)·‖θ‖²`.
/// Its gradient `(XᵀX/n)·θ − XᵀY/n + μ·θ` is zero where
/// `(XᵀX/n + μ·I)·θ = XᵀY/n`: the normal equations with `μ` added to the
/// diagonal. With `μ = 0` this is least squares.
/// `None` when the matrix is not positive definite (`μ = 0` and fewer
/// points than coefficients, or features too ill-conditioned to factor).
pub fn ridge(model: &Legendre, data: &DataSet, mu: f64) -> Option<Vec<f64>> {
    let x = model.design(data);
    let mut h = gram(&x);
    for j in 0..h.rows() {
        h[(j, j)] += mu;
    }
    solve_spd(&h, &mean_products(&x, &targets(data)))
}
// ANCHOR_END: ridge

// ANCHOR: least_squares
/// The least-squares fit: the `θ` that minimises `L(θ) = (1/2n)·‖Xθ − Y‖²`,
/// from the normal equations `(XᵀX/n)·θ = XᵀY/n` (chapter 4), solved by
/// Cholesky. `None` when `XᵀX/n` is not positive definite in double
/// precision: more coefficients than points, or features too
/// ill-conditioned to factor.
pub fn least_squares(model: &Legendre, data: &DataSet) -> Option<Vec<f64>> {
    let x = model.design(data);
    solve_spd(&gram(&x), &mean_products(&x, &targets(data)))
}
// ANCHOR_END: least_squares

// ANCHOR: min_norm
/// The interpolant with the smallest `‖θ‖`, for at least as many
/// coefficients as points (`d ≥ n`): `θ = Xᵀ·(XXᵀ)⁻¹·y`. Every `θ` with
/// `Xθ = y` is this one plus a vector that `X` maps to zero, which is
/// orthogonal to every row of `X`, and so to `Xᵀ(…)`: adding it only
/// lengthens `θ`.
/// With fewer coefficients than points it is least squares.
pub fn min_norm(model: &Legendre, data: &DataSet) -> Option<Vec<f64>> {
    if model.count() <= data.len() {
        return least_squares(model, data);
    }
    let x = model.design(data);
    let n = data.len() as f64;
    // (XXᵀ/n)⁻¹·y/n, then Xᵀ times that.
    let y: Vec<f64> = targets(data).iter().map(|y| y / n).collect();
    let a = solve_spd(&row_gram(&x), &y)?;
    Some(x.transpose().times_vector(&a))
}
// ANCHOR_END: min_norm

/// `XXᵀ/n` for a data matrix `X` of `n` rows: entry `(i, l)` is
/// `φ(xᵢ)·φ(xₗ)/n`. It has the same nonzero eigenvalues as `XᵀX/n`.
pub fn row_gram(x: &Matrix) -> Matrix {
    let n = x.rows();
    let mut g = Matrix::zeros(n, n);
    for i in 0..n {
        for l in 0..n {
            g[(i, l)] = dot(x.row(i), x.row(l)) / n as f64;
        }
    }
    g
}

/// The mean squared error `(1/n)·Σᵢ (ŷᵢ − yᵢ)²` of `θ` on `data`: twice the
/// loss `L`, so that the noise alone gives `σ²`.
pub fn mse(model: &Legendre, theta: &[f64], data: &DataSet) -> f64 {
    let mut sum = 0.0;
    for s in &data.samples {
        let r = model.predict_at(theta, s.x) - s.y;
        sum += r * r;
    }
    sum / data.len() as f64
}

/// How many cells the grid of [`grid`] has.
pub const GRID_CELLS: usize = 200;

/// The midpoints of `GRID_CELLS` equal cells of `[−1, 1]`: where the chapter
/// averages over `x` uniform on `[−1, 1]` (the midpoint rule).
pub fn grid() -> Vec<f64> {
    (0..GRID_CELLS)
        .map(|i| -1.0 + (2.0 * i as f64 + 1.0) / GRID_CELLS as f64)
        .collect()
}

/// Means over `x` uniform on `[−1, 1]` (the grid) that the expected test
/// error needs: `M = mean φ(x)φ(x)ᵀ`, `v = mean φ(x)·𝒮(x)`, `mean 𝒮(x)²`.
#[derive(Debug, Clone, PartialEq)]
pub struct GridMoments {
    /// `M`, for the largest model.
    pub m: Matrix,
    /// `v`.
    pub v: Vec<f64>,
    /// The mean square of the signal.
    pub s2: f64,
}

impl GridMoments {
    /// The moments of `model`'s features; a model with the first `d` of
    /// them uses the leading `d × d` block.
    pub fn new(model: &Legendre) -> Self {
        let grid = grid();
        let d = model.count();
        let points = grid.len() as f64;
        let (mut m, mut v, mut s2) = (Matrix::zeros(d, d), vec![0.0; d], 0.0);
        for x in &grid {
            let phi = model.features(*x);
            let s = signal(*x);
            for j in 0..d {
                v[j] += phi[j] * s / points;
                for l in 0..d {
                    m[(j, l)] += phi[j] * phi[l] / points;
                }
            }
            s2 += s * s / points;
        }
        GridMoments { m, v, s2 }
    }

    /// `uᵀ·M·w` over the first `u.len()` features.
    pub fn form(&self, u: &[f64], w: &[f64]) -> f64 {
        let mut sum = 0.0;
        for (j, uj) in u.iter().enumerate() {
            let row = &self.m.row(j)[..w.len()];
            let mut inner = 0.0;
            for l in 0..row.len() {
                inner += row[l] * w[l];
            }
            sum += uj * inner;
        }
        sum
    }
}

/// The mean over [`grid`] of `(ŷ(x) − 𝒮(x))²`: how far the fitted curve is
/// from the signal, on average over `x`. The expected test error of the fit
/// on a new point is this plus `σ²`.
pub fn distance_to_signal(model: &Legendre, theta: &[f64]) -> f64 {
    let grid = grid();
    let mut sum = 0.0;
    for x in &grid {
        let r = model.predict_at(theta, *x) - signal(*x);
        sum += r * r;
    }
    sum / grid.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use descent::derivative::central_difference;

    #[test]
    fn the_features_follow_the_closed_forms_of_the_first_legendre_polynomials() {
        for x in [-1.0, -0.3, 0.0, 0.45, 1.0] {
            let p = legendre(x, 4);
            let x2 = x * x;
            let expected = [
                1.0,
                x,
                (3.0 * x2 - 1.0) / 2.0,
                (5.0 * x2 * x - 3.0 * x) / 2.0,
                (35.0 * x2 * x2 - 30.0 * x2 + 3.0) / 8.0,
            ];
            for j in 0..5 {
                let normalised = expected[j] * (2.0 * j as f64 + 1.0).sqrt();
                assert!((p[j] - normalised).abs() < 1e-14, "{x} {j}");
            }
        }
        // Pⱼ(1) = 1, so the normalised value at 1 is √(2j + 1).
        let at_one = legendre(1.0, 20);
        for (j, v) in at_one.iter().enumerate() {
            assert!((v - (2.0 * j as f64 + 1.0).sqrt()).abs() < 1e-12);
        }
    }

    #[test]
    fn the_model_gradient_matches_finite_differences() {
        for model in [Legendre::new(5), Legendre::tapered(7)] {
            let theta: Vec<f64> = (0..model.count()).map(|j| 0.3 - 0.1 * j as f64).collect();
            let analytic = model.gradient(&theta, &[0.37]);
            for (j, a) in analytic.iter().enumerate() {
                let along = |t: f64| {
                    let mut shifted = theta.clone();
                    shifted[j] = t;
                    model.predict(&shifted, &[0.37])
                };
                let numerical = central_difference(along, theta[j], 1e-5);
                assert!((a - numerical).abs() < 1e-9, "{j}: {a} vs {numerical}");
            }
        }
    }

    #[test]
    fn the_inputs_are_evenly_spaced_with_both_ends() {
        let x = inputs(5);
        assert_eq!(x, vec![-1.0, -0.5, 0.0, 0.5, 1.0]);
        assert_eq!(inputs(1), vec![0.0]);
    }
}
