//! The exercises' checks are sound: typical wrong answers fail them with the
//! hint meant for that mistake, and an answer that calls the library's own
//! version of the exercise is caught. (That the reference solutions pass and
//! the stubs fail is the kit's check.)
//!
//! No wrong answer here is a right answer to another exercise, or one edit
//! away from one: each is built from `descent` (its per-point gradient, its
//! mean squared error, its least-squares line), whose use the checker
//! refuses in these exercises ("uses the library's own answer"). This file
//! is left out of a student copy.

use chapter3::exercise_checks::{Answers, exercises};
use descent::data::{DataSet, Sample};
use descent::line::{MeanSquaredError, least_squares, sample_gradient};
use descent::objective::Objective;
use harness::exercise::{failure_message, library_use, set_variant};

fn data(xs: &[f64], ys: &[f64]) -> DataSet {
    DataSet {
        samples: xs.iter().zip(ys).map(|(&x, &y)| Sample { x, y }).collect(),
    }
}

/// Twice the library's gradient: the ½ of the loss forgotten.
fn without_the_half(w: f64, b: f64, x: f64, y: f64) -> (f64, f64) {
    let [dw, db] = sample_gradient(w, b, &Sample { x, y });
    (2.0 * dw, 2.0 * db)
}

/// The library's mean gradient times the number of points: a sum.
fn summed(xs: &[f64], ys: &[f64], w: f64, b: f64) -> (f64, f64) {
    let data = data(xs, ys);
    let g = MeanSquaredError { data: &data }.gradient(&[w, b]);
    let n = xs.len() as f64;
    (n * g[0], n * g[1])
}

/// `b`'s derivative taken after `w` has moved.
fn sequential(xs: &[f64], ys: &[f64], eta: f64, steps: usize) -> (f64, f64) {
    let data = data(xs, ys);
    let loss = MeanSquaredError { data: &data };
    let (mut w, mut b) = (0.0, 0.0);
    for _ in 0..steps {
        w -= eta * loss.gradient(&[w, b])[0];
        b -= eta * loss.gradient(&[w, b])[1];
    }
    (w, b)
}

/// Every point in stored order, whatever `order` says.
fn stored_order(xs: &[f64], ys: &[f64], _order: &[usize], w: f64, b: f64, eta: f64) -> (f64, f64) {
    let (mut w, mut b) = (w, b);
    for (&x, &y) in xs.iter().zip(ys) {
        let [dw, db] = sample_gradient(w, b, &Sample { x, y });
        w -= eta * dw;
        b -= eta * db;
    }
    (w, b)
}

/// The library's line, and a made-up one where there is no best line.
fn invents_a_line(xs: &[f64], ys: &[f64]) -> Option<(f64, f64)> {
    least_squares(&data(xs, ys))
        .map(|line| (line.w, line.b))
        .or(Some((0.0, 0.0)))
}

/// The textbook formula with the common guard: `None` only when the
/// computed variance is exactly zero.
fn tests_the_variance(xs: &[f64], ys: &[f64]) -> Option<(f64, f64)> {
    let n = xs.len() as f64;
    let (x_bar, y_bar) = (xs.iter().sum::<f64>() / n, ys.iter().sum::<f64>() / n);
    let variance: f64 = xs.iter().map(|x| (x - x_bar).powi(2)).sum();
    let covariance: f64 = xs
        .iter()
        .zip(ys)
        .map(|(x, y)| (x - x_bar) * (y - y_bar))
        .sum();
    if variance == 0.0 {
        return None;
    }
    let w = covariance / variance;
    Some((w, y_bar - w * x_bar))
}

fn wrong() -> Answers {
    Answers {
        sample_gradient: without_the_half,
        mean_gradient: summed,
        batch_fit: sequential,
        sgd_pass: stored_order,
        least_squares: invents_a_line,
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

#[test]
fn a_computed_variance_falls_into_the_trap_of_three_equal_x() {
    let message = failure_message(
        exercises(Answers {
            least_squares: tests_the_variance,
            ..wrong()
        }),
        "3.5",
    );
    assert!(message.contains("comparing the x themselves"), "{message}");
}

/// Answers that hand the work to the library, as a reader might write them.
const SHORTCUTS: &str = r#"
use descent::line;

pub fn sample_gradient(w: f64, b: f64, x: f64, y: f64) -> (f64, f64) {
    let [dw, db] = line::sample_gradient(w, b, &descent::data::Sample { x, y });
    (dw, db)
}

pub fn batch_fit(xs: &[f64], ys: &[f64], eta: f64, steps: usize) -> (f64, f64) {
    let data = to_data(xs, ys);
    let run = descent::descend(&line::MeanSquaredError { data: &data },
        &mut descent::GradientDescent { eta }, &[0.0, 0.0], &descent::StoppingRules::budget(steps));
    (run.final_point()[0], run.final_point()[1])
}

pub fn least_squares(xs: &[f64], ys: &[f64]) -> Option<(f64, f64)> {
    descent::line::least_squares(&to_data(xs, ys)).map(|l| (l.w, l.b))
}

fn to_data(xs: &[f64], ys: &[f64]) -> descent::data::DataSet {
    todo!()
}
"#;

#[test]
fn answers_that_call_the_library_are_caught() {
    let exercises = exercises(wrong());
    let refused = |id: &str| {
        let exercise = exercises.iter().find(|e| e.id == id).unwrap();
        library_use(SHORTCUTS, exercise.function, exercise.not_from_library)
    };
    assert_eq!(
        refused("3.1"),
        Some((5, "line::sample_gradient".to_string()))
    );
    assert_eq!(refused("3.3"), Some((11, "descent::descend".to_string())));
    assert_eq!(
        refused("3.5"),
        Some((17, "descent::line::least_squares".to_string()))
    );
}

#[test]
fn a_variant_changes_the_values_checked() {
    let messages = |seed: Option<u64>| {
        set_variant(seed);
        let messages = ["3.1", "3.2", "3.3", "3.4", "3.5"].map(message);
        set_variant(None);
        messages
    };
    let (book, one, two) = (messages(None), messages(Some(1)), messages(Some(2)));
    for i in 0..book.len() {
        assert_ne!(book[i], one[i]);
        assert_ne!(one[i], two[i]);
    }
}
