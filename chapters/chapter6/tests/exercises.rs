//! The exercises' checks are sound: typical wrong answers fail them with the
//! hint meant for that mistake. (That the reference solutions pass and the
//! stubs fail is the kit's check.)

use chapter6::basis::legendre;
use chapter6::exercise_checks::{Answers, CHOICE_SEEDS, choices, exercises};
use descent::linalg::{Matrix, dot, gram, mean_products, solve_spd, symmetric_eigen};
use harness::exercise::{failure_message, library_use};

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn n_minus_one(fits: &[f64], s: f64) -> (f64, f64) {
    let m = mean(fits);
    let spread = fits.iter().map(|f| (f - m).powi(2)).sum::<f64>();
    ((m - s).powi(2), spread / (fits.len() as f64 - 1.0))
}

fn around_the_signal(fits: &[f64], s: f64) -> (f64, f64) {
    let m = mean(fits);
    (
        (m - s).powi(2),
        mean(&fits.iter().map(|f| (f - s).powi(2)).collect::<Vec<_>>()),
    )
}

fn unsquared_bias(fits: &[f64], s: f64) -> (f64, f64) {
    let m = mean(fits);
    let spread = mean(&fits.iter().map(|f| (f - m).powi(2)).collect::<Vec<_>>());
    ((m - s).abs(), spread)
}

/// E[ŷ²] − (E ŷ)²: right in exact arithmetic, wrong in doubles when the fits
/// are large and close together.
fn one_pass(fits: &[f64], s: f64) -> (f64, f64) {
    let m = mean(fits);
    let squares = mean(&fits.iter().map(|f| f * f).collect::<Vec<_>>());
    ((m - s).powi(2), squares - m * m)
}

/// Ridge by filters with the mistakes of exercise 6.2 switched on: the sums
/// instead of the means, the filter applied to `q·b` itself, the
/// coordinates returned unrotated, every direction kept at `μ = 0`, `μ/2`.
#[derive(Clone, Copy, Default)]
struct Mistakes {
    sums: bool,
    unscaled: bool,
    unrotated: bool,
    keep_zero: bool,
    half: bool,
}

fn filters_with(rows: &[Vec<f64>], ys: &[f64], mus: &[f64], m: Mistakes) -> Vec<Vec<f64>> {
    let x = Matrix::from_rows(rows);
    let scale = if m.sums { ys.len() as f64 } else { 1.0 };
    let mut h = gram(&x);
    for j in 0..h.rows() {
        for k in 0..h.cols() {
            h[(j, k)] *= scale;
        }
    }
    let b: Vec<f64> = mean_products(&x, ys).iter().map(|v| v * scale).collect();
    let eigen = symmetric_eigen(&h);
    let d = b.len();
    mus.iter()
        .map(|&mu| {
            let mu = if m.half { mu / 2.0 } else { mu };
            let mut theta = vec![0.0; d];
            for i in 0..d {
                let lambda = eigen.values[i];
                if mu == 0.0 && !m.keep_zero && lambda <= 1e-10 * eigen.max() {
                    continue;
                }
                let q = eigen.vector(i);
                let along = dot(&q, &b);
                let coordinate = if m.unscaled {
                    lambda / (lambda + mu) * along
                } else {
                    along / (lambda + mu)
                };
                if m.unrotated {
                    theta[i] = coordinate;
                } else {
                    for j in 0..d {
                        theta[j] += coordinate * q[j];
                    }
                }
            }
            theta
        })
        .collect()
}

fn summed(rows: &[Vec<f64>], ys: &[f64], mus: &[f64]) -> Vec<Vec<f64>> {
    let sums = Mistakes {
        sums: true,
        ..Mistakes::default()
    };
    filters_with(rows, ys, mus, sums)
}

fn unscaled(rows: &[Vec<f64>], ys: &[f64], mus: &[f64]) -> Vec<Vec<f64>> {
    let m = Mistakes {
        unscaled: true,
        ..Mistakes::default()
    };
    filters_with(rows, ys, mus, m)
}

fn unrotated(rows: &[Vec<f64>], ys: &[f64], mus: &[f64]) -> Vec<Vec<f64>> {
    let m = Mistakes {
        unrotated: true,
        ..Mistakes::default()
    };
    filters_with(rows, ys, mus, m)
}

fn keeps_zero_curvatures(rows: &[Vec<f64>], ys: &[f64], mus: &[f64]) -> Vec<Vec<f64>> {
    let m = Mistakes {
        keep_zero: true,
        ..Mistakes::default()
    };
    filters_with(rows, ys, mus, m)
}

fn half_mu(rows: &[Vec<f64>], ys: &[f64], mus: &[f64]) -> Vec<Vec<f64>> {
    let m = Mistakes {
        half: true,
        ..Mistakes::default()
    };
    filters_with(rows, ys, mus, m)
}

fn by_training_error(_xs: &[f64], _ys: &[f64], _degree: usize, mus: &[f64]) -> f64 {
    // The training error always prefers the weakest penalty.
    mus.iter().copied().fold(f64::INFINITY, f64::min)
}

fn leaked(xs: &[f64], ys: &[f64], degree: usize, mus: &[f64]) -> f64 {
    // The fit sees every point; only the judging uses the validation third.
    let rows: Vec<Vec<f64>> = xs.iter().map(|x| legendre(*x, degree)).collect();
    let mut best = (f64::INFINITY, mus[0]);
    for &mu in mus {
        let x = Matrix::from_rows(&rows);
        let mut h = gram(&x);
        for j in 0..h.rows() {
            h[(j, j)] += mu;
        }
        let theta = solve_spd(&h, &mean_products(&x, ys)).unwrap();
        let mut e = 0.0;
        for i in (0..xs.len()).filter(|i| i % 3 == 2) {
            let p: f64 = rows[i].iter().zip(&theta).map(|(a, b)| a * b).sum();
            e += (p - ys[i]).powi(2);
        }
        if e < best.0 {
            best = (e, mu);
        }
    }
    best.1
}

fn first_third(xs: &[f64], ys: &[f64], degree: usize, mus: &[f64]) -> f64 {
    // Validation on the points with i % 3 == 0 instead.
    let mut best = (f64::INFINITY, mus[0]);
    for &mu in mus {
        let (mut tr, mut ty, mut vr, mut vy) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for i in 0..xs.len() {
            if i % 3 == 0 {
                vr.push(legendre(xs[i], degree));
                vy.push(ys[i]);
            } else {
                tr.push(legendre(xs[i], degree));
                ty.push(ys[i]);
            }
        }
        let x = Matrix::from_rows(&tr);
        let mut h = gram(&x);
        for j in 0..h.rows() {
            h[(j, j)] += mu;
        }
        let theta = solve_spd(&h, &mean_products(&x, &ty)).unwrap();
        let e: f64 = vr
            .iter()
            .zip(&vy)
            .map(|(r, y)| (r.iter().zip(&theta).map(|(a, b)| a * b).sum::<f64>() - y).powi(2))
            .sum();
        if e < best.0 {
            best = (e, mu);
        }
    }
    best.1
}

/// The walk of exercise 6.4 with one of three mistakes switched on.
#[allow(clippy::too_many_arguments)] // the exercise's seven, and the three switches
fn stopped_not_best(
    train_rows: &[Vec<f64>],
    train_ys: &[f64],
    val_rows: &[Vec<f64>],
    val_ys: &[f64],
    eta: f64,
    patience: usize,
    max_steps: usize,
    keep_best_theta: bool,
    return_best_step: bool,
    mean: bool,
) -> (usize, Vec<f64>) {
    let d = train_rows[0].len();
    let n = if mean { train_ys.len() as f64 } else { 1.0 };
    let error = |theta: &[f64]| -> f64 {
        val_rows
            .iter()
            .zip(val_ys)
            .map(|(r, y)| (r.iter().zip(theta).map(|(a, b)| a * b).sum::<f64>() - y).powi(2))
            .sum::<f64>()
            / val_ys.len() as f64
    };
    let mut theta = vec![0.0; d];
    let (mut best_error, mut best_step, mut best_theta) = (error(&theta), 0, theta.clone());
    let mut step = 0;
    while step < max_steps {
        step += 1;
        let mut g = vec![0.0; d];
        for (r, y) in train_rows.iter().zip(train_ys) {
            let res = r.iter().zip(&theta).map(|(a, b)| a * b).sum::<f64>() - y;
            for j in 0..d {
                g[j] += res * r[j] / n;
            }
        }
        for j in 0..d {
            theta[j] -= eta * g[j];
        }
        let e = error(&theta);
        if e < best_error {
            best_error = e;
            best_step = step;
            best_theta = theta.clone();
        } else if step - best_step >= patience {
            break;
        }
    }
    let s = if return_best_step { best_step } else { step };
    let t = if keep_best_theta { best_theta } else { theta };
    (s, t)
}

fn returns_stop(
    a: &[Vec<f64>],
    b: &[f64],
    c: &[Vec<f64>],
    d: &[f64],
    eta: f64,
    p: usize,
    m: usize,
) -> (usize, Vec<f64>) {
    stopped_not_best(a, b, c, d, eta, p, m, true, false, true)
}

fn returns_last_theta(
    a: &[Vec<f64>],
    b: &[f64],
    c: &[Vec<f64>],
    d: &[f64],
    eta: f64,
    p: usize,
    m: usize,
) -> (usize, Vec<f64>) {
    stopped_not_best(a, b, c, d, eta, p, m, false, true, true)
}

fn sums_the_gradient(
    a: &[Vec<f64>],
    b: &[f64],
    c: &[Vec<f64>],
    d: &[f64],
    eta: f64,
    p: usize,
    m: usize,
) -> (usize, Vec<f64>) {
    stopped_not_best(a, b, c, d, eta, p, m, true, true, false)
}

fn with(answers: Answers) -> impl Fn(&str) -> String {
    move |id: &str| failure_message(exercises(answers), id)
}

fn base() -> Answers {
    Answers::reference()
}

#[test]
fn wrong_bias_and_variance_get_the_matching_hint() {
    for (wrong, hint) in [
        (n_minus_one as fn(&[f64], f64) -> (f64, f64), "not N − 1"),
        (around_the_signal, "about their own mean"),
        (unsquared_bias, "the square of"),
        (one_pass, "subtract the mean from each fit first"),
    ] {
        let message = with(Answers {
            bias_and_variance: wrong,
            ..base()
        })("6.1");
        assert!(message.contains(hint), "{message}");
    }
}

#[test]
fn wrong_filters_get_the_matching_hint() {
    for (wrong, hint) in [
        (
            summed as fn(&[Vec<f64>], &[f64], &[f64]) -> Vec<Vec<f64>>,
            "the loss is a mean",
        ),
        (unscaled, "not of qᵢ·(XᵀY/n) itself"),
        (unrotated, "rotate back"),
        (keeps_zero_curvatures, "leave out the directions"),
        (half_mu, "not μ/2"),
    ] {
        let message = with(Answers {
            ridge_by_filters: wrong,
            ..base()
        })("6.2");
        assert!(message.contains(hint), "{message}");
    }
}

#[test]
fn solving_the_normal_equations_is_refused_in_exercise_6_2() {
    let banned = [
        "solve_spd",
        "cholesky",
        "least_squares",
        "ridge",
        "min_norm",
    ];
    for (call, name) in [
        (
            "chapter6::basis::ridge(&model, &data, mu).unwrap()",
            "chapter6::basis::ridge",
        ),
        (
            "descent::linalg::solve_spd(&h, &b).unwrap()",
            "descent::linalg::solve_spd",
        ),
    ] {
        let source = format!(
            "pub fn ridge_by_filters(rows: &[Vec<f64>], ys: &[f64], mus: &[f64]) -> Vec<Vec<f64>> {{\n    mus.iter().map(|&mu| {call}).collect()\n}}\n"
        );
        let used = library_use(&source, "ridge_by_filters", &banned);
        assert_eq!(used.map(|(_, n)| n), Some(name.to_string()), "{source}");
    }
}

#[test]
fn wrong_choices_of_mu_get_the_matching_hint() {
    // The data sets tell these mistakes apart from the right answer.
    for seed in CHOICE_SEEDS {
        let (right, training, leak, other) = choices(seed);
        assert!(
            right != training && right != leak && right != other,
            "{seed}"
        );
    }
    let message = with(Answers {
        choose_mu: by_training_error,
        ..base()
    })("6.3");
    assert!(message.contains("weakest penalty"), "{message}");
    let message = with(Answers {
        choose_mu: leaked,
        ..base()
    })("6.3");
    assert!(message.contains("training points only"), "{message}");
    let message = with(Answers {
        choose_mu: first_third,
        ..base()
    })("6.3");
    assert!(message.contains("i % 3 == 2"), "{message}");
}

#[test]
fn wrong_early_stopping_gets_the_matching_hint() {
    let message = with(Answers {
        early_stopping: returns_stop,
        ..base()
    })("6.4");
    assert!(
        message.contains("not the step at which you stopped"),
        "{message}"
    );
    let message = with(Answers {
        early_stopping: returns_last_theta,
        ..base()
    })("6.4");
    assert!(message.contains("keep a copy"), "{message}");
    let message = with(Answers {
        early_stopping: sums_the_gradient,
        ..base()
    })("6.4");
    assert!(message.contains("summed gradient"), "{message}");
}
