//! Beyond the U: more coefficients than points. Gradient descent from zero
//! ends at the interpolant with the smallest coefficients, and the expected
//! test error, after peaking where the coefficients first suffice to
//! interpolate, falls again.

use descent::data::DataSet;
use descent::linalg::{Matrix, cholesky, dot, gram, solve_factored, symmetric_eigen};
use descent::{GradientDescent, StoppingRules, Trajectory, descend};

use crate::basis::{
    Featured, FeaturedLoss, GridMoments, Legendre, inputs, min_norm, row_gram, signal,
};

/// The largest number of features the sweep tries.
pub const MOST_FEATURES: usize = 40;
/// The number of features of the gradient-descent check: twice `n`.
pub const WALK_FEATURES: usize = 24;
/// Its number of steps.
pub const WALK_STEPS: usize = 3000;
/// The number of steps of the walk from a random start.
pub const ELSEWHERE_STEPS: usize = 2000;
/// The strength of the ridge curve drawn beside it.
pub const SWEEP_MU: f64 = 1e-3;

/// `A` with `θ = A·Y` for the fit of `model` at the inputs `xs`: ridge with
/// strength `μ`, or with `μ = 0` least squares (`d ≤ n`) and the
/// smallest-norm interpolant (`d ≥ n`).
///
/// With fewer features than points and `μ = 0`, `A = (XᵀX/n)⁻¹·Xᵀ/n`.
/// Otherwise `A = Xᵀ·(XXᵀ/n + μI)⁻¹/n`, which is the same matrix as
/// `(XᵀX/n + μI)⁻¹·Xᵀ/n` when `μ > 0` (multiply both by `XᵀX/n + μI` on the
/// left and `XXᵀ/n + μI` on the right) and, when `μ = 0`, is [`min_norm`]'s
/// formula: only an `n × n` system to solve, however many features.
pub fn fit_matrix(model: &Legendre, xs: &[f64], mu: f64) -> Option<Matrix> {
    let n = xs.len();
    let x = Matrix::from_rows(&xs.iter().map(|x| model.features(*x)).collect::<Vec<_>>());
    let d = model.count();
    let mut a = Matrix::zeros(d, n);
    if d < n && mu == 0.0 {
        let l = cholesky(&gram(&x))?;
        for i in 0..n {
            let rhs: Vec<f64> = (0..d).map(|j| x[(i, j)] / n as f64).collect();
            let column = solve_factored(&l, &rhs);
            for j in 0..d {
                a[(j, i)] = column[j];
            }
        }
    } else {
        let mut rows = row_gram(&x);
        for i in 0..n {
            rows[(i, i)] += mu;
        }
        let l = cholesky(&rows)?;
        let xt = x.transpose();
        for i in 0..n {
            let mut e = vec![0.0; n];
            e[i] = 1.0 / n as f64;
            let column = xt.times_vector(&solve_factored(&l, &e));
            for j in 0..d {
                a[(j, i)] = column[j];
            }
        }
    }
    Some(a)
}

/// The bias² and variance of a linear fit `θ = A·Y`, `Y = 𝒮 + ψ`, over the
/// noise and over `x` uniform on `[−1, 1]` (the grid): the mean fit is `A·𝒮`
/// (`𝒮` the signal at the inputs), and its distance to the signal,
/// `mean (φ·A𝒮 − 𝒮)²`, is bias²; the fit at
/// `x` varies by `σ²·‖Aᵀφ(x)‖²`, whose mean is `σ²·Σᵢ aᵢᵀ·M·aᵢ` over the
/// columns `aᵢ` of `A`.
pub fn expected_error(a: &Matrix, xs: &[f64], moments: &GridMoments, sigma: f64) -> (f64, f64) {
    let s: Vec<f64> = xs.iter().map(|x| signal(*x)).collect();
    let mean_theta = a.times_vector(&s);
    let d = mean_theta.len();
    let bias2 = moments.form(&mean_theta, &mean_theta) - 2.0 * dot(&mean_theta, &moments.v[..d])
        + moments.s2;
    let mut variance = 0.0;
    for i in 0..a.cols() {
        let column = a.column(i);
        variance += sigma * sigma * moments.form(&column, &column);
    }
    (bias2, variance)
}

/// One point of the double-descent curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SweepPoint {
    /// The number of features `d`.
    pub features: usize,
    /// bias² of the smallest-norm fit.
    pub bias2: f64,
    /// Its variance.
    pub variance: f64,
    /// The expected test error of ridge with `μ = SWEEP_MU`, same features.
    pub ridge: f64,
}

impl SweepPoint {
    /// The expected test error of the smallest-norm fit, noise included.
    pub fn test(&self, sigma: f64) -> f64 {
        self.bias2 + self.variance + sigma * sigma
    }
}

/// The double-descent sweep over `d = 1, …, MOST_FEATURES` tapered features
/// at `n` evenly spaced inputs.
pub fn sweep(n: usize, sigma: f64, most: usize) -> Vec<SweepPoint> {
    let xs = inputs(n);
    let moments = GridMoments::new(&Legendre::tapered(most));
    (1..=most)
        .map(|d| {
            let model = Legendre::tapered(d);
            let a = fit_matrix(&model, &xs, 0.0).expect("evenly spaced inputs: full rank");
            let (bias2, variance) = expected_error(&a, &xs, &moments, sigma);
            let r = fit_matrix(&model, &xs, SWEEP_MU).expect("μ > 0");
            let (rb, rv) = expected_error(&r, &xs, &moments, sigma);
            SweepPoint {
                features: d,
                bias2,
                variance,
                ridge: rb + rv + sigma * sigma,
            }
        })
        .collect()
}

/// The sweep point with the largest test error.
pub fn peak(points: &[SweepPoint], sigma: f64) -> SweepPoint {
    let mut best = points[0];
    for p in points {
        if p.test(sigma) > best.test(sigma) {
            best = *p;
        }
    }
    best
}

/// The top of ridge's hump: the sweep point with the largest ridge test
/// error among those with more than `after` features (past the bottom of
/// the classical U).
pub fn ridge_hump(points: &[SweepPoint], after: usize) -> SweepPoint {
    let beyond: Vec<SweepPoint> = points
        .iter()
        .filter(|p| p.features > after)
        .copied()
        .collect();
    let mut worst = beyond[0];
    for p in beyond {
        if p.ridge > worst.ridge {
            worst = p;
        }
    }
    worst
}

/// The smallest nonzero curvature of the loss with `d` tapered features at
/// `n` evenly spaced inputs: the smallest eigenvalue of `XᵀX/n` when
/// `d ≤ n`, and of `XXᵀ/n` (which has the same nonzero eigenvalues) when
/// `d ≥ n`.
pub fn smallest_curvature(d: usize, n: usize) -> f64 {
    let model = Legendre::tapered(d);
    let rows: Vec<Vec<f64>> = inputs(n).iter().map(|x| model.features(*x)).collect();
    let x = Matrix::from_rows(&rows);
    let h = if d <= n { gram(&x) } else { row_gram(&x) };
    symmetric_eigen(&h).min()
}

/// The sweep point with the smallest test error among `d ≤ n`.
pub fn classical_best(points: &[SweepPoint], n: usize, sigma: f64) -> SweepPoint {
    let mut best = points[0];
    for p in points.iter().filter(|p| p.features <= n) {
        if p.test(sigma) < best.test(sigma) {
            best = *p;
        }
    }
    best
}

/// Gradient descent from `start` on the unpenalised loss with `d` tapered
/// features, at `η = 1/λ_max`, compared with the smallest-norm interpolant.
#[derive(Debug, Clone, PartialEq)]
pub struct Interpolation {
    /// The features.
    pub model: Legendre,
    /// The walk.
    pub walk: Trajectory,
    /// The smallest-norm interpolant, from its closed form.
    pub min_norm: Vec<f64>,
    /// The rate.
    pub eta: f64,
    /// `λ_max` and the smallest nonzero curvature, `λ_min` of `XXᵀ/n`.
    pub curvatures: (f64, f64),
}

// ANCHOR: interpolate
impl Interpolation {
    /// Walk from `start` for `steps` steps.
    pub fn run(data: &DataSet, features: usize, start: &[f64], steps: usize) -> Self {
        let model = Legendre::tapered(features);
        let x = model.design(data);
        // XᵀX/n and XXᵀ/n share their nonzero eigenvalues.
        let rows = symmetric_eigen(&row_gram(&x));
        let eta = 1.0 / rows.max();
        let featured = Featured::new(&model, data);
        let loss = FeaturedLoss {
            data: &featured,
            count: features,
        };
        let walk = descend(
            &loss,
            &mut GradientDescent { eta },
            start,
            &StoppingRules::budget(steps),
        );
        Interpolation {
            model,
            walk,
            min_norm: min_norm(&model, data).expect("full row rank"),
            eta,
            curvatures: (rows.max(), rows.min()),
        }
    }
    // ANCHOR_END: interpolate

    /// The distance `‖θ_T − θ_min‖` at the end of the walk.
    pub fn distance(&self) -> f64 {
        let end = self.walk.final_point();
        end.iter()
            .zip(&self.min_norm)
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f64>()
            .sqrt()
    }

    /// The largest `|ŷᵢ − yᵢ|` at the end: how nearly it interpolates.
    pub fn largest_residual(&self, data: &DataSet) -> f64 {
        let end = self.walk.final_point();
        data.samples
            .iter()
            .map(|s| (self.model.predict_at(end, s.x) - s.y).abs())
            .fold(0.0, f64::max)
    }

    /// `‖θ‖` of the end point and of the smallest-norm interpolant.
    pub fn norms(&self) -> (f64, f64) {
        let norm = |v: &[f64]| v.iter().map(|a| a * a).sum::<f64>().sqrt();
        (norm(self.walk.final_point()), norm(&self.min_norm))
    }

    /// The bound `(1 − ηλ_min)ᵀ·‖θ₀ − θ_min‖` theory puts on the distance
    /// for a start in the rows' span (zero is one).
    pub fn predicted_distance(&self, start_distance: f64) -> f64 {
        (1.0 - self.eta * self.curvatures.1).powi(self.walk.steps() as i32) * start_distance
    }
}
