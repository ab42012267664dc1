//! Polynomials of growing degree: on one data set, the training and test
//! errors; over many data sets, the test error taken apart into bias²,
//! variance and noise.

use descent::data::DataSet;
use descent::linalg::{
    Matrix, cholesky, condition_number, dot, gram, mean_products, solve_factored,
};
use descent::model::Polynomial;

use crate::basis::{
    Draw, Featured, GridMoments, Legendre, inputs, least_squares, mse, signal, targets,
};

/// One polynomial fit of the degree sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct DegreeFit {
    /// The degree `k`.
    pub degree: usize,
    /// The coefficients in the Legendre basis.
    pub theta: Vec<f64>,
    /// The mean squared error on the training points.
    pub train: f64,
    /// The mean squared error on the test points.
    pub test: f64,
}

/// Fit every degree from 0 to `n − 1` to the training points of `draw`.
pub fn sweep(draw: &Draw) -> Vec<DegreeFit> {
    (0..draw.train.len())
        .map(|degree| {
            let model = Legendre::new(degree);
            let theta = least_squares(&model, &draw.train)
                .expect("degree below n on distinct inputs: the normal equations are regular");
            DegreeFit {
                degree,
                train: mse(&model, &theta, &draw.train),
                test: mse(&model, &theta, &draw.test),
                theta,
            }
        })
        .collect()
}

/// The degree with the smallest test error.
pub fn best_degree(fits: &[DegreeFit]) -> usize {
    let mut best = 0;
    for (k, fit) in fits.iter().enumerate() {
        if fit.test < fits[best].test {
            best = k;
        }
    }
    best
}

/// The condition of the normal equations for three ways of writing the
/// same polynomials of degree `k`, at `n` evenly spaced inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conditioning {
    /// The degree.
    pub degree: usize,
    /// `κ(XᵀX/n)` for the powers `1, x, …, x^k` with `x` on `[0, 1]`, or
    /// `None` if Cholesky finds a pivot that is not positive: then the
    /// normal equations cannot be solved at all in double precision.
    pub powers_unit: Option<f64>,
    /// The same for `x` on `[−1, 1]`.
    pub powers_symmetric: Option<f64>,
    /// The same for the normalised Legendre polynomials on `[−1, 1]`.
    pub legendre: Option<f64>,
    /// The training error of the degree-`k` fit to the book's targets with
    /// the powers of `x` on `[0, 1]`, from the normal equations: 0 in exact
    /// arithmetic when `k = n − 1`.
    pub powers_unit_train: Option<f64>,
}

fn kappa(rows: Vec<Vec<f64>>) -> Option<f64> {
    let h = gram(&Matrix::from_rows(&rows));
    cholesky(&h)?;
    Some(condition_number(&h))
}

impl Conditioning {
    /// Measure all three at degree `k` with the `n` inputs of `data`.
    pub fn of(degree: usize, data: &DataSet) -> Self {
        let powers = Polynomial { degree };
        let symmetric = inputs(data.len());
        let unit: Vec<f64> = symmetric.iter().map(|x| (x + 1.0) / 2.0).collect();
        let unit_rows =
            Matrix::from_rows(&unit.iter().map(|x| powers.powers(*x)).collect::<Vec<_>>());
        let y = targets(data);
        let powers_unit_train = descent::linalg::least_squares(&unit_rows, &y).map(|theta| {
            let fitted = unit_rows.times_vector(&theta);
            fitted
                .iter()
                .zip(&y)
                .map(|(f, y)| (f - y) * (f - y))
                .sum::<f64>()
                / y.len() as f64
        });
        Conditioning {
            powers_unit_train,
            degree,
            powers_unit: kappa(unit.iter().map(|x| powers.powers(*x)).collect()),
            powers_symmetric: kappa(symmetric.iter().map(|x| powers.powers(*x)).collect()),
            legendre: kappa(
                symmetric
                    .iter()
                    .map(|x| Legendre::new(degree).features(*x))
                    .collect(),
            ),
        }
    }
}

/// The Monte Carlo experiment: many data sets, the same inputs, fresh
/// noise each time.
#[derive(Debug, Clone, PartialEq)]
pub struct BiasVariance {
    /// How many data sets: the sample size `N`.
    pub sets: usize,
    /// The noise level `σ`.
    pub sigma: f64,
    /// One row per degree `k = 0, …, n − 1`.
    pub rows: Vec<Decomposition>,
    /// The signal's own test error, per data set: what a perfect model scores.
    pub perfect: Vec<f64>,
    /// Every fitted coefficient, data set by data set, degree by degree.
    pub coefficients: Vec<f64>,
    /// The exact bias² and variance of each degree, from their formulas.
    pub exact: Vec<(f64, f64)>,
    /// The smallest distance to the signal any polynomial of each degree
    /// can reach ([`best_approximation`]).
    pub best_possible: Vec<f64>,
}

/// The test error of one degree, over all data sets, taken apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Decomposition {
    /// The degree `k`.
    pub degree: usize,
    /// The test error of each data set, on its own fresh test points.
    pub tests: Vec<f64>,
    /// bias²: the mean over `x` of `(φ(x)·θ̄ − 𝒮(x))²`, with `φ(x)·θ̄` the
    /// mean fit.
    pub bias2: f64,
    /// variance: the mean over `x` of the fits' variance about the mean fit.
    pub variance: f64,
    /// Each data set's share of the variance, `mean over x of (ŷ − φ·θ̄)²`,
    /// whose spread gives the variance its standard error.
    pub spreads: Vec<f64>,
    /// The mean of the fitted coefficients, `θ̄`: the mean fit is `φ(x)·θ̄`.
    pub mean: Vec<f64>,
    /// The standard error of `bias2`, from the fits' own spread
    /// ([`bias2_standard_error`]).
    pub bias2_error: f64,
}

/// The mean and the standard error `sd/√S` of a sample.
pub fn mean_and_error(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let var = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

impl Decomposition {
    /// The mean test error and its standard error.
    pub fn test(&self) -> (f64, f64) {
        mean_and_error(&self.tests)
    }

    /// The variance's standard error.
    pub fn variance_error(&self) -> f64 {
        mean_and_error(&self.spreads).1
    }
}

/// How many data sets the book's Monte Carlo draws.
pub const SETS: usize = 200;
/// How many fresh test points each of its data sets is judged on.
pub const SET_TEST_POINTS: usize = 50;
/// The seed of its first data set; the others follow.
pub const FIRST_SEED: u64 = 1000;

impl BiasVariance {
    /// Draw `sets` data sets of `n` points with noise `σ`, fit every degree
    /// below `n` to each, and take the test error apart at every point `x`
    /// of the grid:
    /// `E(ŷ(x) − y)² = (E ŷ(x) − 𝒮(x))² + E(ŷ(x) − E ŷ(x))² + σ²`,
    /// bias² + variance + noise, with `E ŷ(x)` estimated by the mean of the
    /// fits at `x`.
    pub fn run(n: usize, sigma: f64, sets: usize) -> Self {
        let top = Legendre::new(n - 1);
        // Every data set has the same inputs, so the same XᵀX/n: factor it once.
        let design = top.design(&Draw::new(n, sigma, 0, 0, 0).train);
        let factors: Vec<(Matrix, Matrix)> = (0..n)
            .map(|k| {
                let rows: Vec<Vec<f64>> = (0..n).map(|i| design.row(i)[..=k].to_vec()).collect();
                let x = Matrix::from_rows(&rows);
                let l = cholesky(&gram(&x)).expect("k < n distinct inputs");
                (x, l)
            })
            .collect();
        // thetas[k][s]: the fit of degree k to data set s.
        let mut thetas = vec![Vec::with_capacity(sets); n];
        let mut tests = vec![Vec::with_capacity(sets); n];
        let mut perfect = Vec::with_capacity(sets);
        for s in 0..sets {
            let draw = Draw::new(n, sigma, FIRST_SEED + s as u64, 0, SET_TEST_POINTS);
            let test = Featured::new(&top, &draw.test);
            let y = targets(&draw.train);
            perfect.push(signal_error(&draw.test));
            for (k, (x, l)) in factors.iter().enumerate() {
                let theta = solve_factored(l, &mean_products(x, &y));
                tests[k].push(test.mse(&theta));
                thetas[k].push(theta);
            }
        }
        let moments = GridMoments::new(&top);
        let rows = (0..n)
            .map(|k| {
                let (bias2, variance, spreads) = decompose(&thetas[k], &moments);
                Decomposition {
                    degree: k,
                    tests: tests[k].clone(),
                    bias2,
                    variance,
                    spreads,
                    mean: mean_of(&thetas[k]),
                    bias2_error: bias2_standard_error(&thetas[k], &moments),
                }
            })
            .collect();
        let mut coefficients = Vec::new();
        for s in 0..sets {
            for theta in &thetas {
                coefficients.extend(&theta[s]);
            }
        }
        let exact = (0..n).map(|k| exact_bias_variance(k, n, sigma)).collect();
        let best_possible = (0..n).map(|k| best_approximation(k, &moments)).collect();
        BiasVariance {
            sets,
            sigma,
            rows,
            perfect,
            coefficients,
            exact,
            best_possible,
        }
    }
}

// ANCHOR: decompose
/// Take many fits `θ` of the same model, one per data set, apart over `x`
/// uniform on `[−1, 1]`. With `θ̄` their mean, the mean fit is `φ(x)·θ̄`;
/// bias² is the mean over `x` of `(φ(x)·θ̄ − 𝒮(x))²`, and the variance the
/// mean over `x` and the data sets of `(φ(x)·θ − φ(x)·θ̄)²`. A mean over `x`
/// of a product of two polynomials is a quadratic form in their
/// coefficients, `aᵀ·M·b` with `M = mean φφᵀ`, so: bias²
/// `= θ̄ᵀMθ̄ − 2·θ̄ᵀv + mean 𝒮²` with `v = mean φ𝒮`, and each data set adds
/// `(θ − θ̄)ᵀM(θ − θ̄)` to the variance. Returns bias², the variance and
/// each data set's share.
pub fn decompose(thetas: &[Vec<f64>], moments: &GridMoments) -> (f64, f64, Vec<f64>) {
    let sets = thetas.len() as f64;
    let d = thetas[0].len();
    let mut mean = vec![0.0; d];
    for theta in thetas {
        for j in 0..d {
            mean[j] += theta[j] / sets;
        }
    }
    let bias2 = moments.form(&mean, &mean) - 2.0 * dot(&mean, &moments.v[..d]) + moments.s2;
    let spreads: Vec<f64> = thetas
        .iter()
        .map(|theta| {
            let deviation: Vec<f64> = theta.iter().zip(&mean).map(|(t, m)| t - m).collect();
            moments.form(&deviation, &deviation)
        })
        .collect();
    let variance = spreads.iter().sum::<f64>() / sets;
    (bias2, variance, spreads)
}
// ANCHOR_END: decompose

// ANCHOR: exact
/// The exact bias² and variance of the degree-`k` least-squares fit to `n`
/// evenly spaced points with noise `σ`, over `x` uniform on `[−1, 1]`.
///
/// The fit is linear in the targets, `θ = H⁻¹·XᵀY/n` with `H = XᵀX/n`, so its
/// mean is the fit to the noise-free targets `𝒮(xᵢ)`, whose distance to the
/// signal is bias²; and its covariance is `σ²/n·H⁻¹`, so the variance of
/// `ŷ(x) = φ(x)·θ` is `σ²/n·φ(x)ᵀH⁻¹φ(x)`, whose mean over `x` is
/// `σ²/n·trace(H⁻¹M)` with `M = mean φφᵀ` (`M = I` for orthonormal features).
pub fn exact_bias_variance(k: usize, n: usize, sigma: f64) -> (f64, f64) {
    let model = Legendre::new(k);
    let mean_theta = clean_fit(k, n);
    let bias2 = crate::basis::distance_to_signal(&model, &mean_theta);
    let h = gram(&model.design(&clean_points(n)));
    let l = cholesky(&h).expect("k < n");
    let moments = GridMoments::new(&model);
    let mut trace = 0.0;
    for j in 0..=k {
        // Column j of H⁻¹M is H⁻¹ times column j of M; add its entry j.
        trace += solve_factored(&l, &moments.m.column(j))[j];
    }
    (bias2, sigma * sigma / n as f64 * trace)
}
// ANCHOR_END: exact

/// The exact expected test error `bias² + variance + σ²` of the
/// least-squares fit of every degree from 0 to `most` (at most `n − 1`) to
/// `n` evenly spaced points with noise `σ`, as `(degree, error)` pairs; a
/// degree whose normal equations cannot be factored in double precision is
/// left out. Computed from the fit's matrix, `θ = A·Y`
/// ([`crate::interpolation::expected_error`]): a second route to the
/// numbers of [`exact_bias_variance`].
pub fn expected_test_errors(n: usize, sigma: f64, most: usize) -> Vec<(usize, f64)> {
    let xs = inputs(n);
    let most = most.min(n - 1);
    let moments = GridMoments::new(&Legendre::new(most));
    (0..=most)
        .filter_map(|k| {
            let a = crate::interpolation::fit_matrix(&Legendre::new(k), &xs, 0.0)?;
            let (bias2, variance) = crate::interpolation::expected_error(&a, &xs, &moments, sigma);
            Some((k, bias2 + variance + sigma * sigma))
        })
        .collect()
}

/// The pair of [`expected_test_errors`] with the smallest error.
pub fn best_expected(errors: &[(usize, f64)]) -> (usize, f64) {
    let mut best = errors[0];
    for &pair in errors {
        if pair.1 < best.1 {
            best = pair;
        }
    }
    best
}

/// The `n` evenly spaced inputs with their noise-free values `𝒮(xᵢ)`.
pub fn clean_points(n: usize) -> DataSet {
    DataSet::new(
        inputs(n)
            .into_iter()
            .map(|x| descent::data::Sample { x, y: signal(x) })
            .collect(),
    )
}

/// The degree-`k` least-squares fit to the noise-free values at the `n`
/// inputs: the mean of the fits over the noise, since the fit is linear in
/// the targets and the noise has mean zero.
pub fn clean_fit(k: usize, n: usize) -> Vec<f64> {
    least_squares(&Legendre::new(k), &clean_points(n)).expect("k < n distinct inputs")
}

/// The smallest mean over `x` (the grid) of `(p(x) − 𝒮(x))²` over all
/// polynomials `p` of degree `k`: what the degree could reach if it were fitted
/// to the signal everywhere rather than at the `n` inputs. Least squares on
/// the grid: `θ = M⁻¹·v` with the grid's moments.
pub fn best_approximation(k: usize, moments: &GridMoments) -> f64 {
    let d = k + 1;
    let rows: Vec<Vec<f64>> = (0..d).map(|j| moments.m.row(j)[..d].to_vec()).collect();
    let theta = descent::linalg::solve_spd(&Matrix::from_rows(&rows), &moments.v[..d])
        .expect("the grid has far more points than coefficients");
    crate::basis::distance_to_signal(&Legendre::new(k), &theta)
}

/// The mean of a list of coefficient vectors.
pub fn mean_of(thetas: &[Vec<f64>]) -> Vec<f64> {
    let d = thetas[0].len();
    let mut mean = vec![0.0; d];
    for theta in thetas {
        for j in 0..d {
            mean[j] += theta[j] / thetas.len() as f64;
        }
    }
    mean
}

/// The standard error of the measured bias², from the fits themselves.
///
/// With `N` fits, the mean `θ̄` misses the exact mean fit `θ_c` by `e`,
/// about normal with covariance `C/N` (`C` the fits' covariance). The
/// measured bias² is `b + 2·gᵀe + eᵀMe` with `g = M·θ_c − v`, so its
/// variance is `4·gᵀ(C/N)g + 2·trace((M·C/N)²)`: the first term from the
/// mean fit's tilt, the second from its wander. Here `θ_c` is replaced by
/// `θ̄` and `C` by the fits' sample covariance.
pub fn bias2_standard_error(thetas: &[Vec<f64>], moments: &GridMoments) -> f64 {
    let sets = thetas.len() as f64;
    let d = thetas[0].len();
    let mean = mean_of(thetas);
    // C/N, the covariance of the mean.
    let mut c = Matrix::zeros(d, d);
    for theta in thetas {
        for j in 0..d {
            for l in 0..d {
                c[(j, l)] += (theta[j] - mean[j]) * (theta[l] - mean[l]) / ((sets - 1.0) * sets);
            }
        }
    }
    let g: Vec<f64> = (0..d)
        .map(|j| dot(&moments.m.row(j)[..d], &mean) - moments.v[j])
        .collect();
    let tilt = dot(&g, &c.times_vector(&g));
    let mut mc = Matrix::zeros(d, d);
    for j in 0..d {
        for l in 0..d {
            mc[(j, l)] = (0..d).map(|i| moments.m[(j, i)] * c[(i, l)]).sum();
        }
    }
    let mut trace = 0.0;
    for j in 0..d {
        for l in 0..d {
            trace += mc[(j, l)] * mc[(l, j)];
        }
    }
    (4.0 * tilt + 2.0 * trace).sqrt()
}

/// How much of the degree-`k` fit's variance (averaged over `x`) lies along
/// the one direction of the coefficients that carries the most: the largest
/// eigenvalue of `σ²/n·H⁻¹` measured with `M` (of `Lᵀ·H⁻¹·L`, `M = L·Lᵀ`)
/// over their sum.
pub fn dominant_share(k: usize, n: usize) -> f64 {
    let model = Legendre::new(k);
    let h = gram(&model.design(&clean_points(n)));
    let factor = cholesky(&h).expect("k < n");
    let moments = GridMoments::new(&model);
    let l = cholesky(&moments.m).expect("the grid's moments are positive definite");
    let d = k + 1;
    // Columns of H⁻¹·L, then Lᵀ times them.
    let mut inner = Matrix::zeros(d, d);
    let solved: Vec<Vec<f64>> = (0..d)
        .map(|j| solve_factored(&factor, &l.column(j)))
        .collect();
    for i in 0..d {
        for j in 0..d {
            inner[(i, j)] = dot(&l.column(i), &solved[j]);
        }
    }
    let eigen = descent::linalg::symmetric_eigen(&inner);
    eigen.max() / eigen.values.iter().sum::<f64>()
}

/// The mean squared error of the signal itself on `data`.
pub fn signal_error(data: &DataSet) -> f64 {
    data.samples
        .iter()
        .map(|s| (signal(s.x) - s.y).powi(2))
        .sum::<f64>()
        / data.len() as f64
}

impl BiasVariance {
    /// The degree whose mean test error is smallest.
    pub fn best_degree(&self) -> usize {
        let mut best = 0;
        for (k, row) in self.rows.iter().enumerate() {
            if row.test().0 < self.rows[best].test().0 {
                best = k;
            }
        }
        best
    }

    /// The degree whose exact bias² is smallest.
    pub fn smallest_exact_bias(&self) -> usize {
        let mut best = 0;
        for (k, pair) in self.exact.iter().enumerate() {
            if pair.0 < self.exact[best].0 {
                best = k;
            }
        }
        best
    }

    /// How far the mean of the `N` fits of degree `k` happens to lie from
    /// the exact mean fit, as a mean over `x` of the squared difference of
    /// the two curves: the wander of this simulation.
    pub fn drawn_wander(&self, k: usize) -> f64 {
        let n = self.rows.len();
        let clean = clean_fit(k, n);
        let e: Vec<f64> = self.rows[k]
            .mean
            .iter()
            .zip(&clean)
            .map(|(a, b)| a - b)
            .collect();
        GridMoments::new(&Legendre::new(k)).form(&e, &e)
    }

    /// The smallest mean test error over the degrees, minus `σ²`.
    pub fn smallest_excess(&self) -> f64 {
        self.rows
            .iter()
            .map(|r| r.test().0)
            .fold(f64::INFINITY, f64::min)
            - self.sigma * self.sigma
    }
}

/// The fits of degree `k` to the first `count` data sets of the Monte Carlo,
/// for the figure of the spread across seeds.
pub fn fits_across_seeds(n: usize, sigma: f64, degree: usize, count: usize) -> Vec<Vec<f64>> {
    (0..count)
        .map(|s| {
            let draw = Draw::new(n, sigma, FIRST_SEED + s as u64, 0, 0);
            least_squares(&Legendre::new(degree), &draw.train).expect("k < n")
        })
        .collect()
}

/// The signal at the grid points, for the figures.
pub fn signal_curve() -> Vec<(f64, f64)> {
    let xs: Vec<f64> = (0..=400).map(|i| -1.0 + i as f64 / 200.0).collect();
    xs.iter().map(|x| (*x, signal(*x))).collect()
}

/// How many points a drawn curve has.
pub const CURVE_POINTS: usize = 241;

/// Fitted curves at `CURVE_POINTS` points of `[−1, 1]`, for the figures,
/// the features computed once for them all.
pub fn curves(model: &Legendre, thetas: &[Vec<f64>]) -> Vec<Vec<(f64, f64)>> {
    let xs: Vec<f64> = (0..CURVE_POINTS)
        .map(|i| -1.0 + 2.0 * i as f64 / (CURVE_POINTS - 1) as f64)
        .collect();
    let features: Vec<Vec<f64>> = xs.iter().map(|x| model.features(*x)).collect();
    thetas
        .iter()
        .map(|theta| {
            xs.iter()
                .zip(&features)
                .map(|(x, phi)| (*x, dot(theta, phi)))
                .collect()
        })
        .collect()
}

/// One fitted curve, for the figures.
pub fn curve(model: &Legendre, theta: &[f64]) -> Vec<(f64, f64)> {
    curves(model, &[theta.to_vec()]).remove(0)
}
