//! The exercises' checks are sound: typical wrong answers fail them with the
//! hint meant for that mistake. (That the reference solutions pass and the
//! stubs fail is the kit's check.)

use chapter6::basis::legendre;
use chapter6::exercise_checks::{Answers, CHOICE_SEEDS, choices, exercises};
use descent::linalg::{Matrix, gram, mean_products, solve_spd};
use harness::exercise::failure_message;

fn powers(x: f64, degree: usize) -> Vec<f64> {
    (0..=degree).map(|j| x.powi(j as i32)).collect()
}

fn plain(x: f64, degree: usize) -> Vec<f64> {
    legendre(x, degree)
        .iter()
        .enumerate()
        .map(|(j, p)| p / (2.0 * j as f64 + 1.0).sqrt())
        .collect()
}

fn one_short(x: f64, degree: usize) -> Vec<f64> {
    let mut p = legendre(x, degree);
    p.pop();
    p
}

fn summed(rows: &[Vec<f64>], ys: &[f64], mu: f64) -> Vec<f64> {
    // XᵀX + μI against XᵀY: the sums, not the means.
    let x = Matrix::from_rows(rows);
    let n = ys.len() as f64;
    let mut h = gram(&x);
    for j in 0..h.rows() {
        for k in 0..h.cols() {
            h[(j, k)] *= n;
        }
        h[(j, j)] += mu;
    }
    let b: Vec<f64> = mean_products(&x, ys).iter().map(|v| v * n).collect();
    solve_spd(&h, &b).unwrap()
}

fn half_mu(rows: &[Vec<f64>], ys: &[f64], mu: f64) -> Vec<f64> {
    let x = Matrix::from_rows(rows);
    let mut h = gram(&x);
    for j in 0..h.rows() {
        h[(j, j)] += mu / 2.0;
    }
    solve_spd(&h, &mean_products(&x, ys)).unwrap()
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
fn wrong_features_get_the_matching_hint() {
    for (wrong, hint) in [
        (powers as fn(f64, usize) -> Vec<f64>, "powers 1, x, x²"),
        (plain, "√(2j + 1)"),
        (one_short, "k + 1 features"),
    ] {
        let message = with(Answers {
            legendre_features: wrong,
            ..base()
        })("6.1");
        assert!(message.contains(hint), "{message}");
    }
}

#[test]
fn wrong_ridge_fits_get_the_matching_hint() {
    let message = with(Answers {
        ridge_fit: summed,
        ..base()
    })("6.2");
    assert!(message.contains("the loss is a mean"), "{message}");
    let message = with(Answers {
        ridge_fit: half_mu,
        ..base()
    })("6.2");
    assert!(message.contains("not μ/2"), "{message}");
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
