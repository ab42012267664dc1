//! The checks behind chapter 6's coding exercises.
//!
//! Expected values come from `descent` (`linalg`, the descent loop) and the
//! chapter's own functions (`basis::legendre`, `basis::ridge`,
//! `early::patience_rule`), checked in turn by the chapter's tests against
//! closed forms; never from the solutions. A failure says what was expected,
//! what came back, and a hint aimed at the likely mistake.

use descent::data::{DataSet, Sample};
use descent::linalg::{Matrix, dot, gram, mean_products, solve_spd, symmetric_eigen};
use descent::loss::Squared;
use descent::risk::Risk;
use descent::{GradientDescent, StoppingRules, descend};
use harness::exercise::Failure;

use crate::basis::{Draw, Legendre, legendre, mse, ridge};
use crate::early::patience_rule;

/// Exercise 6.1's signature: `(x, degree)` to the features.
pub type LegendreFeatures = fn(f64, usize) -> Vec<f64>;
/// Exercise 6.2's signature: `(rows, ys, μ)` to `θ`.
pub type RidgeFit = fn(&[Vec<f64>], &[f64], f64) -> Vec<f64>;
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

/// The Legendre polynomials without the factor √(2j + 1).
fn plain_legendre(x: f64, degree: usize) -> Vec<f64> {
    legendre(x, degree)
        .iter()
        .enumerate()
        .map(|(j, p)| p / (2.0 * j as f64 + 1.0).sqrt())
        .collect()
}

/// The recurrence without the division by `j + 1`, then normalised.
fn undivided(x: f64, degree: usize) -> Vec<f64> {
    let mut p = vec![1.0];
    if degree >= 1 {
        p.push(x);
    }
    for j in 1..degree {
        let jf = j as f64;
        p.push((2.0 * jf + 1.0) * x * p[j] - jf * p[j - 1]);
    }
    p.iter()
        .enumerate()
        .map(|(j, v)| v * (2.0 * j as f64 + 1.0).sqrt())
        .collect()
}

fn check_legendre(answer: LegendreFeatures) -> Result<(), Failure> {
    for degree in [0, 1, 2, 5, 11] {
        for x in [-1.0, -0.37, 0.0, 0.5, 0.91] {
            let expected = legendre(x, degree);
            let got = answer(x, degree);
            if close_vectors(&got, &expected, 1e-11) {
                continue;
            }
            // Tell the mistakes apart where they differ: degree 5 at x = 0.5.
            let (cx, ck) = (0.5, 5);
            let probe = answer(cx, ck);
            let powers: Vec<f64> = (0..=ck).map(|j| cx.powi(j as i32)).collect();
            let hint = if got.len() == degree {
                "degree k has k + 1 features: j runs from 0 to k, both included"
            } else if got.len() != degree + 1 {
                "return one feature for each j = 0, 1, …, degree"
            } else if close_vectors(&probe, &powers, 1e-11) {
                "those are the powers 1, x, x², …, whose normal equations chapter 4 showed to be badly conditioned; use the recurrence"
            } else if close_vectors(&probe, &plain_legendre(cx, ck), 1e-11) {
                "those are the plain Pⱼ: multiply each by √(2j + 1) to make the features orthonormal"
            } else if close_vectors(&probe, &undivided(cx, ck), 1e-11) {
                "the recurrence gives (j + 1)·Pⱼ₊₁: divide by j + 1"
            } else {
                "start from P₀ = 1, P₁ = x, then Pⱼ₊₁ = ((2j + 1)·x·Pⱼ − j·Pⱼ₋₁)/(j + 1), and scale Pⱼ by √(2j + 1)"
            };
            return Err(Failure::new(
                format!(
                    "the features at x = {x} for degree {degree}: {}",
                    short(&expected)
                ),
                short(&got),
                hint,
            ));
        }
    }
    Ok(())
}

/// The chapter's data set: twelve evenly spaced points.
fn book_rows(degree: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
    let draw = crate::basis::book_draw();
    rows_of(&draw.train, degree)
}

fn rows_of(data: &DataSet, degree: usize) -> (Vec<Vec<f64>>, Vec<f64>) {
    let model = Legendre::new(degree);
    (
        data.samples.iter().map(|s| model.features(s.x)).collect(),
        data.samples.iter().map(|s| s.y).collect(),
    )
}

/// `(XᵀX/n)θ − XᵀY/n + μθ`: the penalised gradient at `θ`.
fn penalised_gradient(rows: &[Vec<f64>], ys: &[f64], mu: f64, theta: &[f64]) -> Vec<f64> {
    let x = Matrix::from_rows(rows);
    let h = gram(&x);
    let b = mean_products(&x, ys);
    let ht = h.times_vector(theta);
    (0..theta.len())
        .map(|j| ht[j] - b[j] + mu * theta[j])
        .collect()
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

fn check_ridge(answer: RidgeFit) -> Result<(), Failure> {
    for (degree, mu) in [(5, 0.05), (11, 1e-3), (3, 0.5)] {
        let (rows, ys) = book_rows(degree);
        let expected = solve_ridge(&rows, &ys, mu);
        let got = answer(&rows, &ys, mu);
        let gradient = if got.len() == expected.len() {
            penalised_gradient(&rows, &ys, mu, &got)
        } else {
            vec![f64::INFINITY]
        };
        let norm = dot(&gradient, &gradient).sqrt();
        if norm.is_finite() && norm <= 1e-9 && close_vectors(&got, &expected, 1e-7) {
            continue;
        }
        let n = ys.len() as f64;
        let variant = |m: f64| solve_ridge(&rows, &ys, m);
        let hint = if got.len() != expected.len() {
            "return one coefficient per column of the rows"
        } else if close_vectors(&got, &variant(0.0), 1e-7) {
            "that is least squares: the penalty adds μ to every diagonal entry of XᵀX/n"
        } else if close_vectors(&got, &variant(mu / n), 1e-7) {
            "the loss is a mean: solve (XᵀX/n + μI)θ = XᵀY/n (or (XᵀX + nμI)θ = XᵀY)"
        } else if close_vectors(&got, &variant(mu / 2.0), 1e-7) {
            "the gradient of (μ/2)‖θ‖² is μθ, so add μ, not μ/2"
        } else if close_vectors(&got, &variant(2.0 * mu), 1e-7) {
            "the gradient of (μ/2)‖θ‖² is μθ, so add μ, not 2μ"
        } else {
            "set the gradient (XᵀX/n)θ − XᵀY/n + μθ to zero and solve for θ"
        };
        return Err(Failure::new(
            format!(
                "the ridge coefficients for degree {degree} on the chapter's 12 points with μ = {mu}: {}, where the penalised gradient is 0",
                short(&expected)
            ),
            format!("{}, penalised gradient of size {norm:.2e}", short(&got)),
            hint,
        ));
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
    let (train_rows, train_ys) = rows_of(&draw.train, degree);
    let (val_rows, val_ys) = rows_of(&draw.validation, degree);
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
    "6.1" legendre_features: LegendreFeatures, Warm, "the Legendre features" => check_legendre;
    "6.2" ridge_fit: RidgeFit, Steady, "ridge in closed form" => check_ridge;
    "6.3" choose_mu: ChooseMu, Steady, "choosing μ on a validation set" => check_choose_mu;
    "6.4" early_stopping: EarlyStop, Stretch, "early stopping with patience" => check_early_stopping;
}
