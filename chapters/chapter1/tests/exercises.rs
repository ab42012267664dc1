//! The exercises' checks are sound: the reference solutions pass them, and
//! typical wrong answers fail them with the hint meant for that mistake.

use chapter1::exercise_checks::{Answers, exercises};
use descent::exercise::{Status, attempt, missing_from_chapter};

#[cfg(has_solutions)]
#[test]
fn reference_solutions_pass_every_exercise() {
    let failures = descent::exercise::failures(&exercises(Answers::reference()));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn forward(f: fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x)) / h
}

fn central(f: fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}

fn uphill(x0: f64, eta: f64, steps: usize) -> Vec<f64> {
    let mut xs = vec![x0];
    for _ in 0..steps {
        let x = xs[xs.len() - 1];
        xs.push(x + eta * 2.0 * x);
    }
    xs
}

fn off_by_one(x0: f64, eta: f64, tolerance: f64, max_steps: usize) -> Option<usize> {
    let mut x = x0;
    for step in 0..max_steps {
        x -= eta * 2.0 * x;
        if (2.0 * x).abs() <= tolerance {
            return Some(step);
        }
    }
    None
}

fn wrong() -> Answers {
    Answers {
        secant_slope: central,
        central_slope: forward,
        walk_down: uphill,
        steps_until_flat: off_by_one,
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
        message("1.1").contains("that is the central difference"),
        "{}",
        message("1.1")
    );
    assert!(
        message("1.2").contains("that is the forward difference"),
        "{}",
        message("1.2")
    );
    assert!(
        message("1.3").contains("you stepped uphill"),
        "{}",
        message("1.3")
    );
    assert!(message("1.4").contains("off by one"), "{}", message("1.4"));
}

#[test]
fn the_chapter_shows_the_exercises_and_the_command() {
    let markdown =
        std::fs::read_to_string(chapter1::repository_root().join("book/src/chapter1.md"))
            .expect("book/src/chapter1.md exists");
    let missing = missing_from_chapter(&markdown, 1, &exercises(Answers::readers()));
    assert!(missing.is_empty(), "chapter 1 does not show {missing:?}");
}
