//! The checks behind chapter 6's coding exercises.
//!
//! Expected values come from `descent` (`linalg`, the descent loop), from
//! closed forms written here in another way than the exercise asks (the
//! variance as a mean over pairs), and from the chapter's own functions
//! (`basis::ridge`, `basis::min_norm`, `early::patience_rule`), checked in
//! turn by the chapter's tests; never from the solutions. A failure says
//! what was expected, what came back, and a hint aimed at the likely
//! mistake.

use descent::data::{DataSet, Sample};
use descent::linalg::{Matrix, dot, gram, mean_products, solve_spd, symmetric_eigen};
use descent::loss::Squared;
use descent::risk::Risk;
use descent::{GradientDescent, StoppingRules, descend};
use harness::exercise::Failure;

use crate::basis::{Draw, Legendre, min_norm, mse, ridge, signal};
use crate::early::patience_rule;

/// Exercise 6.1's signature: `(fits, 𝒮(x))` to `(bias², variance)`.
pub type BiasAndVariance = fn(&[f64], f64) -> (f64, f64);
/// Exercise 6.2's signature: `(rows, ys, mus)` to one `θ` per strength.
pub type RidgeByFilters = fn(&[Vec<f64>], &[f64], &[f64]) -> Vec<Vec<f64>>;
/// Exercise 6.3's signature: `(xs, ys, degree, mus)` to the chosen `μ`.
pub type ChooseMu = fn(&[f64], &[f64], usize, &[f64]) -> f64;
/// Exercise 6.4's signature: training and validation rows and targets,
/// `η`, patience and the step budget, to the best step and its `θ`.
pub type EarlyStop =
    fn(&[Vec<f64>], &[f64], &[Vec<f64>], &[f64], f64, usize, usize) -> (usize, Vec<f64>);

fn close_vectors(got: &[f64], expected: &[f64], tolerance: f64) -> bool {
    got.len() == expected.len()
        && got
            .iter()
            .zip(expected)
            .all(|(g, e)| g.is_finite() && (g - e).abs() <= tolerance * e.abs().max(1.0))
}

fn short(v: &[f64]) -> String {
    let shown: Vec<String> = v.iter().take(6).map(|x| format!("{x:.6}")).collect();
    let more = if v.len() > 6 { ", …" } else { "" };
    format!("[{}{more}] ({} numbers)", shown.join(", "), v.len())
}

fn close(got: f64, expected: f64, tolerance: f64) -> bool {
    got.is_finite() && (got - expected).abs() <= tolerance * expected.abs().max(1e-300)
}

/// The variance of `values` as a mean over all ordered pairs,
/// `(1/(2N²))·Σᵢ Σⱼ (vᵢ − vⱼ)²`: the same number as the mean squared
/// distance from the mean, computed without the mean, from differences
/// that rounding does not spoil.
pub fn pairwise_variance(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let mut sum = 0.0;
    for a in values {
        for b in values {
            sum += (a - b) * (a - b);
        }
    }
    sum / (2.0 * n * n)
}

/// The predictions at `x` of the chapter's 200 fits of degree 11.
pub fn chapter_predictions(x: f64) -> Vec<f64> {
    let model = Legendre::new(11);
    crate::degree::fits_across_seeds(crate::basis::POINTS, crate::basis::NOISE, 11, 200)
        .iter()
        .map(|theta| model.predict_at(theta, x))
        .collect()
}

/// Exercise 6.1's cases: `(fits, 𝒮(x), what they are)`.
fn bias_variance_cases() -> Vec<(Vec<f64>, f64, String)> {
    vec![
        (vec![1.0, 2.0, 4.0], 2.0, "three fits".to_string()),
        (vec![0.3, 0.3, 0.3, 0.3], 0.1, "four equal fits".to_string()),
        (
            vec![1000.001, 999.9995, 1000.0002, 999.9987, 1000.0011],
            1000.0,
            "five large fits close together".to_string(),
        ),
        (
            chapter_predictions(0.9),
            signal(0.9),
            "the chapter's 200 fits of degree 11 at x = 0.9".to_string(),
        ),
    ]
}

fn check_bias_and_variance(answer: BiasAndVariance) -> Result<(), Failure> {
    for (fits, s, what) in bias_variance_cases() {
        let n = fits.len() as f64;
        let mean = fits.iter().sum::<f64>() / n;
        let bias2 = (mean - s) * (mean - s);
        let variance = pairwise_variance(&fits);
        let (got_bias2, got_variance) = answer(&fits, s);
        let bias_ok = close(got_bias2, bias2, 1e-8) || (bias2 == 0.0 && got_bias2 == 0.0);
        let variance_ok =
            close(got_variance, variance, 1e-8) || (variance == 0.0 && got_variance.abs() < 1e-15);
        if bias_ok && variance_ok {
            continue;
        }
        let around_signal = fits.iter().map(|f| (f - s) * (f - s)).sum::<f64>() / n;
        let hint = if !variance_ok && n > 1.0 && close(got_variance, variance * n / (n - 1.0), 1e-8)
        {
            "the chapter's variance is a mean over the N fits: divide by N, not N − 1 (then bias² + variance is exactly the mean of (ŷ − 𝒮)²)"
        } else if !variance_ok && close(got_variance, around_signal, 1e-8) {
            "that is the mean of (ŷ − 𝒮)², which is bias² + variance: the variance is the spread of the fits about their own mean"
        } else if !bias_ok && close(got_bias2, (mean - s).abs(), 1e-8) {
            "bias² is the square of (the mean fit − 𝒮(x))"
        } else if bias_ok && close(got_variance, variance, 1e-3) {
            "E[ŷ²] − (E ŷ)² subtracts two large, nearly equal numbers when the fits are large and close together: subtract the mean from each fit first, then square"
        } else {
            "bias² = (mean of the fits − 𝒮(x))², variance = mean of (fit − mean of the fits)²"
        };
        return Err(Failure::new(
            format!("bias² {bias2:e}, variance {variance:e} for {what}"),
            format!("bias² {got_bias2:e}, variance {got_variance:e}"),
            hint,
        ));
    }
    Ok(())
}

fn rows_of(data: &DataSet, model: &Legendre) -> (Vec<Vec<f64>>, Vec<f64>) {
    (
        data.samples.iter().map(|s| model.features(s.x)).collect(),
        data.samples.iter().map(|s| s.y).collect(),
    )
}

/// Ridge by `descent::linalg`: `(XᵀX/n + μI)θ = XᵀY/n`.
fn solve_ridge(rows: &[Vec<f64>], ys: &[f64], mu: f64) -> Vec<f64> {
    let x = Matrix::from_rows(rows);
    let mut h = gram(&x);
    for j in 0..h.rows() {
        h[(j, j)] += mu;
    }
    solve_spd(&h, &mean_products(&x, ys)).expect("positive definite")
}

/// What (6.3) would give with the filter applied to `qᵢ·XᵀY/n` itself
/// rather than to the least-squares coordinate, and the right answer's
/// coordinates along the eigenvectors, not rotated back.
fn filter_variants(rows: &[Vec<f64>], ys: &[f64], mu: f64) -> (Vec<f64>, Vec<f64>) {
    let x = Matrix::from_rows(rows);
    let eigen = symmetric_eigen(&gram(&x));
    let b = mean_products(&x, ys);
    let d = b.len();
    let mut unscaled = vec![0.0; d];
    let mut coordinates = vec![0.0; d];
    for (i, coordinate) in coordinates.iter_mut().enumerate() {
        let q = eigen.vector(i);
        let along = dot(&q, &b);
        let lambda = eigen.values[i];
        *coordinate = if mu == 0.0 && lambda <= 1e-10 * eigen.max() {
            0.0
        } else {
            along / (lambda + mu)
        };
        for j in 0..d {
            unscaled[j] += lambda / (lambda + mu) * along * q[j];
        }
    }
    (unscaled, coordinates)
}

/// Exercise 6.2's cases: the chapter's twelve points at degree 11, and with
/// 24 tapered features (more features than points).
fn filter_cases() -> Vec<(Legendre, Vec<f64>, &'static str)> {
    vec![
        (
            Legendre::new(11),
            vec![0.05, 1e-3, 0.0, 0.5],
            "degree 11 on the chapter's 12 points",
        ),
        (
            Legendre::tapered(24),
            vec![0.0, 1e-3],
            "24 tapered features on the chapter's 12 points",
        ),
    ]
}

fn check_ridge_by_filters(answer: RidgeByFilters) -> Result<(), Failure> {
    let draw = crate::basis::book_draw();
    for (model, mus, what) in filter_cases() {
        let (rows, ys) = rows_of(&draw.train, &model);
        let got = answer(&rows, &ys, &mus);
        if got.len() != mus.len() {
            return Err(Failure::new(
                format!("{} fits, one per strength, for {what}", mus.len()),
                format!("{} fits", got.len()),
                "return one θ for each strength in `mus`, in the same order",
            ));
        }
        for (&mu, theta) in mus.iter().zip(&got) {
            let expected = if mu > 0.0 {
                solve_ridge(&rows, &ys, mu)
            } else if model.count() <= ys.len() {
                solve_ridge(&rows, &ys, 0.0)
            } else {
                min_norm(&model, &draw.train).expect("distinct inputs")
            };
            if close_vectors(theta, &expected, 1e-7) {
                continue;
            }
            let n = ys.len() as f64;
            let (unscaled, coordinates) = filter_variants(&rows, &ys, mu);
            let hint = if theta.len() != expected.len() {
                "return one coefficient per column of the rows"
            } else if close_vectors(theta, &unscaled, 1e-7) {
                "(6.3) keeps λᵢ/(λᵢ + μ) of the least-squares coordinate qᵢ·(XᵀY/n)/λᵢ, not of qᵢ·(XᵀY/n) itself"
            } else if close_vectors(theta, &coordinates, 1e-7) {
                "those are θ's coordinates along the eigenvectors: rotate back, θ = Σᵢ (coordinate i)·qᵢ"
            } else if mu > 0.0 && close_vectors(theta, &solve_ridge(&rows, &ys, mu / n), 1e-7) {
                "the loss is a mean: decompose H = XᵀX/n and project XᵀY/n, not the sums"
            } else if mu > 0.0 && close_vectors(theta, &solve_ridge(&rows, &ys, mu / 2.0), 1e-7) {
                "the penalty (μ/2)‖θ‖² adds μ to every curvature, not μ/2"
            } else if mu > 0.0 && close_vectors(theta, &solve_ridge(&rows, &ys, 2.0 * mu), 1e-7) {
                "the penalty (μ/2)‖θ‖² adds μ to every curvature, not 2μ"
            } else if mu == 0.0 && model.count() > ys.len() {
                "at μ = 0, leave out the directions whose curvature is at most 10⁻¹⁰·λ_max: there are more features than points, so some λ are zero, computed as rounding noise, and dividing by them gives noise"
            } else {
                "θ_μ = Σᵢ qᵢ·(qᵢ·XᵀY/n)/(λᵢ + μ) over the eigenvectors qᵢ of H = XᵀX/n (at μ = 0, only those with λᵢ > 10⁻¹⁰·λ_max)"
            };
            return Err(Failure::new(
                format!("for {what} with μ = {mu}: {}", short(&expected)),
                short(theta),
                hint,
            ));
        }
    }
    Ok(())
}

/// The data of exercise 6.3: 24 evenly spaced noisy points.
pub fn choice_data(seed: u64) -> (Vec<f64>, Vec<f64>) {
    let draw = Draw::new(24, crate::basis::NOISE, seed, 0, 0);
    (
        draw.train.samples.iter().map(|s| s.x).collect(),
        draw.train.samples.iter().map(|s| s.y).collect(),
    )
}

/// The seeds and degree of exercise 6.3's data sets.
pub const CHOICE_SEEDS: [u64; 2] = [6, 10];
/// The degree of exercise 6.3's fits.
pub const CHOICE_DEGREE: usize = 12;

/// The strengths exercise 6.3 chooses among.
pub fn choice_strengths() -> Vec<f64> {
    (0..=14)
        .map(|i| 10f64.powf(-6.0 + i as f64 / 2.0))
        .collect()
}

/// Split by `keep(i)` into (training, validation) data sets.
fn split(xs: &[f64], ys: &[f64], validation: impl Fn(usize) -> bool) -> (DataSet, DataSet) {
    let (mut train, mut val) = (Vec::new(), Vec::new());
    for i in 0..xs.len() {
        let s = Sample { x: xs[i], y: ys[i] };
        if validation(i) {
            val.push(s);
        } else {
            train.push(s);
        }
    }
    (DataSet::new(train), DataSet::new(val))
}

/// The strength that fitting on `fit` and judging on `judge` chooses.
fn chosen(fit: &DataSet, judge: &DataSet, degree: usize, mus: &[f64]) -> f64 {
    let model = Legendre::new(degree);
    let mut best = (f64::INFINITY, mus[0]);
    for &mu in mus {
        let theta = ridge(&model, fit, mu).expect("μ > 0");
        let e = mse(&model, &theta, judge);
        if e < best.0 {
            best = (e, mu);
        }
    }
    best.1
}

/// What the right answer and the typical wrong ones choose, for one data set:
/// `(right, by training error, fitted on every point, the split i % 3 == 0)`.
pub fn choices(seed: u64) -> (f64, f64, f64, f64) {
    let (xs, ys) = choice_data(seed);
    let mus = choice_strengths();
    let (train, val) = split(&xs, &ys, |i| i % 3 == 2);
    let all = DataSet::new(xs.iter().zip(&ys).map(|(&x, &y)| Sample { x, y }).collect());
    let (train0, val0) = split(&xs, &ys, |i| i % 3 == 0);
    (
        chosen(&train, &val, CHOICE_DEGREE, &mus),
        chosen(&train, &train, CHOICE_DEGREE, &mus),
        chosen(&all, &val, CHOICE_DEGREE, &mus),
        chosen(&train0, &val0, CHOICE_DEGREE, &mus),
    )
}

fn check_choose_mu(answer: ChooseMu) -> Result<(), Failure> {
    for seed in CHOICE_SEEDS {
        let (xs, ys) = choice_data(seed);
        let mus = choice_strengths();
        let (right, by_training, leaked, other_split) = choices(seed);
        let got = answer(&xs, &ys, CHOICE_DEGREE, &mus);
        if got == right {
            continue;
        }
        let hint = if got == by_training {
            "the training error always prefers the weakest penalty: judge each fit on the validation points"
        } else if got == leaked {
            "fit on the training points only: a fit that has seen the validation points is judged too kindly"
        } else if got == other_split {
            "the validation points are those with i % 3 == 2 (the third, sixth, … point)"
        } else if !mus.contains(&got) {
            "return one of the strengths in `mus`"
        } else {
            "for each μ: ridge fit on the training points, mean squared error on the validation points; keep the smallest"
        };
        return Err(Failure::new(
            format!("μ = {right} for the 24 points of seed {seed} at degree {CHOICE_DEGREE}"),
            format!("μ = {got}"),
            hint,
        ));
    }
    Ok(())
}

/// What exercise 6.4 expects: the walk by `descent`, the patience rule.
pub fn expected_early_stop(
    train: &DataSet,
    validation: &DataSet,
    degree: usize,
    eta: f64,
    patience: usize,
    max_steps: usize,
) -> (usize, usize, Vec<f64>, Vec<f64>) {
    let model = Legendre::new(degree);
    let risk = Risk {
        model,
        loss: Squared,
        data: train,
    };
    let walk = descend(
        &risk,
        &mut GradientDescent { eta },
        &vec![0.0; model.count()],
        &StoppingRules::budget(max_steps),
    );
    let errors: Vec<f64> = walk
        .points
        .iter()
        .map(|theta| mse(&model, theta, validation))
        .collect();
    let stop = patience_rule(&errors, patience);
    (
        stop.best,
        stop.stopped,
        walk.points[stop.best].clone(),
        walk.points[stop.stopped].clone(),
    )
}

fn check_early_stopping(answer: EarlyStop) -> Result<(), Failure> {
    let draw = crate::basis::book_draw();
    let degree = 11;
    let (train_rows, train_ys) = rows_of(&draw.train, &Legendre::new(degree));
    let (val_rows, val_ys) = rows_of(&draw.validation, &Legendre::new(degree));
    let eta = 1.0 / symmetric_eigen(&gram(&Matrix::from_rows(&train_rows))).max();
    for (patience, max_steps) in [(100, 3000), (20, 3000), (100, 15)] {
        let (best, stopped, theta, last) = expected_early_stop(
            &draw.train,
            &draw.validation,
            degree,
            eta,
            patience,
            max_steps,
        );
        let (step, got) = answer(
            &train_rows,
            &train_ys,
            &val_rows,
            &val_ys,
            eta,
            patience,
            max_steps,
        );
        if step == best && close_vectors(&got, &theta, 1e-9) {
            continue;
        }
        let n = train_ys.len() as f64;
        let (summed_step, _, summed_theta, _) = expected_early_stop(
            &draw.train,
            &draw.validation,
            degree,
            eta * n,
            patience,
            max_steps,
        );
        let hint = if step == summed_step && close_vectors(&got, &summed_theta, 1e-9) {
            "that is the walk with the summed gradient, n times too long a step: the gradient of the mean loss is (1/n)·Σᵢ (θ·φᵢ − yᵢ)·φᵢ"
        } else if step == stopped && step != best {
            "return the best step, not the step at which you stopped waiting"
        } else if step == best && close_vectors(&got, &last, 1e-9) && stopped != best {
            "return θ as it was at the best step: keep a copy when the validation error improves"
        } else if got.iter().any(|v| !v.is_finite()) {
            "the walk blew up: the gradient of the mean loss is (1/n)·Σᵢ (θ·φᵢ − yᵢ)·φᵢ"
        } else if step == best {
            "each step is θ ← θ − η·(1/n)·Σᵢ (θ·φᵢ − yᵢ)·φᵢ, all from the same θ"
        } else {
            "after each step, if the validation error beats the best so far, remember the step and θ; stop once `patience` steps have passed since the best"
        };
        return Err(Failure::new(
            format!(
                "the best step {best} (patience {patience}, at most {max_steps} steps, η = {eta:.6}) with θ = {}",
                short(&theta)
            ),
            format!("step {step} with θ = {}", short(&got)),
            hint,
        ));
    }
    Ok(())
}

harness::exercises! {
    "6.1" bias_and_variance: BiasAndVariance, Warm, "bias² and variance at one input" => check_bias_and_variance;
    "6.2" ridge_by_filters: RidgeByFilters, Steady, "ridge by filter factors" => check_ridge_by_filters, without [solve_spd, cholesky, least_squares, ridge, min_norm];
    "6.3" choose_mu: ChooseMu, Steady, "choosing μ on a validation set" => check_choose_mu;
    "6.4" early_stopping: EarlyStop, Stretch, "early stopping with patience" => check_early_stopping;
}
