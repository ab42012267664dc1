//! The exercises' checks are sound: typical wrong answers fail them with the
//! hint meant for that mistake. (That the reference solutions pass and the
//! stubs fail is the kit's check.)

use chapter3::exercise_checks::{Answers, exercises};
use harness::exercise::failure_message;

fn without_the_half(w: f64, b: f64, x: f64, y: f64) -> (f64, f64) {
    let r = w * x + b - y;
    (2.0 * r * x, 2.0 * r)
}

fn summed(xs: &[f64], ys: &[f64], w: f64, b: f64) -> (f64, f64) {
    let mut g = (0.0, 0.0);
    for i in 0..xs.len() {
        let r = w * xs[i] + b - ys[i];
        g.0 += r * xs[i];
        g.1 += r;
    }
    g
}

fn mean(xs: &[f64], ys: &[f64], w: f64, b: f64) -> (f64, f64) {
    let (dw, db) = summed(xs, ys, w, b);
    (dw / xs.len() as f64, db / xs.len() as f64)
}

fn sequential(xs: &[f64], ys: &[f64], eta: f64, steps: usize) -> (f64, f64) {
    let (mut w, mut b) = (0.0, 0.0);
    for _ in 0..steps {
        w -= eta * mean(xs, ys, w, b).0;
        b -= eta * mean(xs, ys, w, b).1;
    }
    (w, b)
}

fn every_point(xs: &[f64], ys: &[f64], _order: &[usize], w: f64, b: f64, eta: f64) -> (f64, f64) {
    let (mut w, mut b) = (w, b);
    for i in 0..xs.len() {
        let r = w * xs[i] + b - ys[i];
        w -= eta * r * xs[i];
        b -= eta * r;
    }
    (w, b)
}

fn forgets_the_flat_case(xs: &[f64], ys: &[f64]) -> Option<(f64, f64)> {
    let n = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let mut cov = 0.0;
    let mut var = 0.0;
    for i in 0..xs.len() {
        cov += (xs[i] - mx) * (ys[i] - my);
        var += (xs[i] - mx) * (xs[i] - mx);
    }
    Some((cov / var, my - cov / var * mx))
}

fn wrong() -> Answers {
    Answers {
        sample_gradient: without_the_half,
        mean_gradient: summed,
        batch_fit: sequential,
        sgd_pass: every_point,
        least_squares: forgets_the_flat_case,
    }
}

fn message(id: &str) -> String {
    failure_message(exercises(wrong()), id)
}

#[test]
fn wrong_answers_fail_with_the_matching_hint() {
    assert!(
        message("3.1").contains("the ½ in the loss"),
        "{}",
        message("3.1")
    );
    assert!(
        message("3.2").contains("divide by the number of points"),
        "{}",
        message("3.2")
    );
    assert!(
        message("3.3").contains("before changing either"),
        "{}",
        message("3.3")
    );
    assert!(
        message("3.4").contains("repeats included"),
        "{}",
        message("3.4")
    );
    assert!(
        message("3.5").contains("variance of x is zero"),
        "{}",
        message("3.5")
    );
}
