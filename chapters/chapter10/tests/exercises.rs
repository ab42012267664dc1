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

fn counted(p: &[f64], y: &[f64]) -> f64 {
    p.iter()
        .zip(y)
        .filter(|(p, y)| (**p >= 0.5) == (**y == 1.0))
        .count() as f64
}

fn strict(p: &[f64], y: &[f64]) -> f64 {
    let right = p
        .iter()
        .zip(y)
        .filter(|(p, y)| (**p > 0.5) == (**y == 1.0))
        .count();
    right as f64 / y.len() as f64
}

fn table(
    p: &[f64],
    y: &[f64],
    bins: usize,
    include_one: bool,
    mean: bool,
) -> Vec<(usize, f64, f64)> {
    let mut rows = vec![(0usize, 0.0, 0.0); bins];
    for (p, y) in p.iter().zip(y) {
        let k = (p * bins as f64) as usize;
        let k = if include_one { k.min(bins - 1) } else { k };
        if k >= bins {
            continue;
        }
        rows[k].0 += 1;
        rows[k].1 += p;
        rows[k].2 += y;
    }
    if mean {
        for row in &mut rows {
            if row.0 > 0 {
                row.1 /= row.0 as f64;
                row.2 /= row.0 as f64;
            }
        }
    }
    rows
}

fn drops_one(p: &[f64], y: &[f64], bins: usize) -> Vec<(usize, f64, f64)> {
    table(p, y, bins, false, true)
}

fn sums(p: &[f64], y: &[f64], bins: usize) -> Vec<(usize, f64, f64)> {
    table(p, y, bins, true, false)
}

fn wrong() -> Answers {
    Answers {
        logistic: exp_over_one_plus_exp,
        cross_entropy: naive,
        example_gradient: flipped,
        correction: uphill,
        accuracy: counted,
        calibration_table: drops_one,
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
        ("10.5", "divide by the number of examples"),
        ("10.6", "p = 1 belongs to the last bin"),
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
    answers.accuracy = strict;
    answers.calibration_table = sums;
    let hints = [
        ("10.1", "overflows past z ≈ −709"),
        ("10.2", "ln_1p"),
        ("10.3", "gradient of ½(p − y)²"),
        ("10.4", "the intercept moves too"),
        ("10.5", "p = ½ exactly"),
        ("10.6", "divide the sums"),
    ];
    for (id, hint) in hints {
        let m = message(answers, id);
        assert!(m.contains(hint), "{id}: {m}");
    }
    answers.example_gradient = no_x;
    let m = message(answers, "10.3");
    assert!(m.contains("factor xⱼ"), "{m}");
}
