//! The exercises' checks are sound: the reference solutions pass them, and
//! typical wrong answers fail them with the hint meant for that mistake.

use chapter3::exercise_checks::{Answers, exercises};
use descent::exercise::{Status, attempt, missing_from_chapter};

#[cfg(has_solutions)]
#[test]
fn reference_solutions_pass_every_exercise() {
    let failures = descent::exercise::failures(&exercises(Answers::reference()));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

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
    let exercise = exercises(wrong())
        .into_iter()
        .find(|e| e.id == id)
        .expect("the exercise exists");
    match attempt(&exercise) {
        Status::Failed(message) => message,
        other => panic!("exercise {id} should fail on a wrong answer, got {other:?}"),
    }
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

#[test]
fn the_chapter_shows_the_exercises_and_the_command() {
    let markdown =
        std::fs::read_to_string(chapter3::repository_root().join("book/src/chapter3.md"))
            .expect("book/src/chapter3.md exists");
    let missing = missing_from_chapter(&markdown, 3, &exercises(Answers::readers()));
    assert!(missing.is_empty(), "chapter 3 does not show {missing:?}");
}
