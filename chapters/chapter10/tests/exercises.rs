//! The exercises' checks are sound: typical wrong answers fail them with the
//! hint meant for that mistake. (That the reference solutions pass and the
//! stubs fail is the kit's check.)

use chapter10::exercise_checks::{Answers, exercises};
use harness::exercise::failure_message;

fn exp_over_one_plus_exp(z: f64) -> f64 {
    z.exp() / (1.0 + z.exp())
}

fn one_formula(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn naive(z: f64, y: f64) -> f64 {
    let p = one_formula(z);
    -y * p.ln() - (1.0 - y) * (1.0 - p).ln()
}

fn without_ln_1p(z: f64, y: f64) -> f64 {
    z.max(0.0) - y * z + (1.0 + (-z.abs()).exp()).ln()
}

fn logit(w: &[f64], b: f64, x: &[f64]) -> f64 {
    b + w.iter().zip(x).map(|(w, x)| w * x).sum::<f64>()
}

fn flipped(w: &[f64], b: f64, x: &[f64], y: f64) -> (Vec<f64>, f64) {
    let r = y - one_formula(logit(w, b, x));
    (x.iter().map(|x| r * x).collect(), r)
}

fn squared(w: &[f64], b: f64, x: &[f64], y: f64) -> (Vec<f64>, f64) {
    let p = one_formula(logit(w, b, x));
    let r = (p - y) * p * (1.0 - p);
    (x.iter().map(|x| r * x).collect(), r)
}

fn no_x(w: &[f64], b: f64, x: &[f64], y: f64) -> (Vec<f64>, f64) {
    let r = one_formula(logit(w, b, x)) - y;
    (vec![r; x.len()], r)
}

fn uphill(theta: &[f64], x: &[f64], y: f64, eta: f64) -> Vec<f64> {
    let d = x.len();
    let r = one_formula(logit(&theta[..d], theta[d], x)) - y;
    let mut next: Vec<f64> = theta[..d]
        .iter()
        .zip(x)
        .map(|(t, x)| t + eta * r * x)
        .collect();
    next.push(theta[d] + eta * r);
    next
}

fn frozen_intercept(theta: &[f64], x: &[f64], y: f64, eta: f64) -> Vec<f64> {
    let d = x.len();
    let r = one_formula(logit(&theta[..d], theta[d], x)) - y;
    let mut next: Vec<f64> = theta[..d]
        .iter()
        .zip(x)
        .map(|(t, x)| t - eta * r * x)
        .collect();
    next.push(theta[d]);
    next
}

fn fraction(labels: &[f64]) -> f64 {
    labels.iter().sum::<f64>() / labels.len() as f64
}

fn the_probability(labels: &[f64]) -> f64 {
    fraction(labels)
}

fn log_of_p(labels: &[f64]) -> f64 {
    fraction(labels).ln()
}

fn odds_upside_down(labels: &[f64]) -> f64 {
    let f = fraction(labels);
    ((1.0 - f) / f).ln()
}

/// The largest eigenvalue by power iteration of `(1/n or 1)·Σ cᵢ·φᵢφᵢᵀ`,
/// with the weights `cᵢ` given by `weight(pᵢ)`, with or without the
/// intercept's 1 in `φᵢ`.
fn power(
    theta: &[f64],
    xs: &[Vec<f64>],
    weight: fn(f64) -> f64,
    mean: bool,
    intercept: bool,
) -> f64 {
    let d = if intercept {
        theta.len()
    } else {
        theta.len() - 1
    };
    let mut h = vec![vec![0.0; d]; d];
    for x in xs {
        let z = theta[theta.len() - 1] + x.iter().zip(theta).map(|(x, t)| x * t).sum::<f64>();
        let c = weight(one_formula(z));
        let mut phi = x.clone();
        if intercept {
            phi.push(1.0);
        }
        for j in 0..d {
            for k in 0..d {
                h[j][k] += c * phi[j] * phi[k] / if mean { xs.len() as f64 } else { 1.0 };
            }
        }
    }
    let mut v = vec![1.0; d];
    let mut size = 0.0;
    for _ in 0..100_000 {
        let hv: Vec<f64> = h
            .iter()
            .map(|row| row.iter().zip(&v).map(|(a, b)| a * b).sum())
            .collect();
        size = hv.iter().map(|x| x * x).sum::<f64>().sqrt();
        v = hv.iter().map(|x| x / size).collect();
    }
    size
}

fn unweighted(theta: &[f64], xs: &[Vec<f64>]) -> f64 {
    power(theta, xs, |_| 1.0, true, true)
}

fn quarter(theta: &[f64], xs: &[Vec<f64>]) -> f64 {
    power(theta, xs, |_| 0.25, true, true)
}

fn summed(theta: &[f64], xs: &[Vec<f64>]) -> f64 {
    power(theta, xs, |p| p * (1.0 - p), false, true)
}

fn no_intercept(theta: &[f64], xs: &[Vec<f64>]) -> f64 {
    power(theta, xs, |p| p * (1.0 - p), true, false)
}

fn the_safe_rate(theta: &[f64], xs: &[Vec<f64>]) -> f64 {
    8.0 / power(theta, xs, |_| 1.0, true, true)
}

fn wrong() -> Answers {
    Answers {
        logistic: exp_over_one_plus_exp,
        cross_entropy: naive,
        example_gradient: flipped,
        correction: uphill,
        best_intercept: the_probability,
        largest_curvature: unweighted,
    }
}

fn message(answers: Answers, id: &str) -> String {
    failure_message(exercises(answers), id)
}

#[test]
fn wrong_answers_fail_with_the_matching_hint() {
    let hints = [
        ("10.1", "∞/∞"),
        ("10.2", "−∞ once p rounds to 1"),
        ("10.3", "you would walk uphill"),
        ("10.4", "step against the gradient"),
        ("10.5", "the model's parameter is its logit"),
        ("10.6", "the curvature of the data alone"),
    ];
    for (id, hint) in hints {
        let m = message(wrong(), id);
        assert!(m.contains(hint), "{id}: {m}");
    }
}

#[test]
fn second_mistakes_get_their_own_hints() {
    let mut answers = wrong();
    answers.logistic = one_formula;
    answers.cross_entropy = without_ln_1p;
    answers.example_gradient = squared;
    answers.correction = frozen_intercept;
    answers.best_intercept = log_of_p;
    answers.largest_curvature = summed;
    let hints = [
        ("10.1", "overflows past z ≈ −709"),
        ("10.2", "ln_1p"),
        ("10.3", "gradient of ½(p − y)²"),
        ("10.4", "the intercept moves too"),
        ("10.5", "not of p"),
        ("10.6", "divide the sum by n"),
    ];
    for (id, hint) in hints {
        let m = message(answers, id);
        assert!(m.contains(hint), "{id}: {m}");
    }
    answers.example_gradient = no_x;
    let m = message(answers, "10.3");
    assert!(m.contains("factor xⱼ"), "{m}");
    answers.best_intercept = odds_upside_down;
    let m = message(answers, "10.5");
    assert!(m.contains("grows with b"), "{m}");
    for (wrong, hint) in [
        (
            quarter as fn(&[f64], &[Vec<f64>]) -> f64,
            "only where p = ½",
        ),
        (no_intercept, "the intercept's constant 1"),
        (the_safe_rate, "not a learning rate"),
    ] {
        answers.largest_curvature = wrong;
        let m = message(answers, "10.6");
        assert!(m.contains(hint), "{hint}: {m}");
    }
}
