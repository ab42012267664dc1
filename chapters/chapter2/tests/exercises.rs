//! The exercises' checks are sound: typical wrong answers fail them with the
//! hint meant for that mistake. (That the reference solutions pass and the
//! stubs fail is the kit's check.)
//!
//! No wrong answer here is a right answer to another exercise; the one that
//! would be one edit away from its own right answer (the signed factor) is
//! taken from `descent`, whose use the checker refuses in that exercise.
//! This file is left out of a student copy.

use chapter2::exercise_checks::{Answers, exercises};
use chapter2::exercises::Regime;
use descent::{GradientDescent, Optimizer};
use harness::exercise::{failure_message, set_variant};

/// The signed factor: where one step of `descent` takes the point 1.
fn signed_factor(eta: f64, a: f64) -> f64 {
    let mut point = [1.0];
    GradientDescent { eta }.step(&mut point, &[a]);
    point[0]
}

fn never_gives_up(x0: f64, eta: f64, a: f64, tolerance: f64) -> Option<usize> {
    // Gives up after a fixed number of steps instead of reasoning about |1 − ηa|,
    // and reports the budget as if it had arrived.
    let mut x = x0;
    let mut steps = 0;
    while x.abs() > tolerance && steps < 1000 {
        x -= eta * a * x;
        steps += 1;
    }
    Some(steps)
}

/// The closed form `⌈ln(tolerance/|x0|) / ln|1 − ηa|⌉`, which is right
/// everywhere except at `η = 1/a`, where `ln 0 = −∞` makes it say 0 steps.
fn ceiling_formula(x0: f64, eta: f64, a: f64, tolerance: f64) -> Option<usize> {
    let factor = (1.0 - eta * a).abs();
    if x0.abs() <= tolerance {
        Some(0)
    } else if factor >= 1.0 {
        None
    } else {
        Some(((tolerance / x0.abs()).ln() / factor.ln()).ceil() as usize)
    }
}

fn forgets_the_boundary(x0: f64, x1: f64) -> Regime {
    let ratio = x1 / x0;
    if (0.0..1.0).contains(&ratio) {
        Regime::Monotone
    } else if (-1.0..0.0).contains(&ratio) {
        Regime::Oscillating
    } else {
        Regime::Diverging
    }
}

fn cautious(curvatures: &[f64]) -> f64 {
    1.0 / curvatures.iter().copied().fold(0.0, f64::max)
}

fn wrong() -> Answers {
    Answers {
        contraction_factor: signed_factor,
        steps_to_tolerance: never_gives_up,
        regime: forgets_the_boundary,
        best_rate: cautious,
    }
}

fn message(id: &str) -> String {
    failure_message(exercises(wrong()), id)
}

#[test]
fn wrong_answers_fail_with_the_matching_hint() {
    assert!(
        message("2.1").contains("never negative"),
        "{}",
        message("2.1")
    );
    assert!(message("2.2").contains("return None"), "{}", message("2.2"));
    assert!(message("2.3").contains("exact cases"), "{}", message("2.3"));
    assert!(
        message("2.4").contains("safe but slow"),
        "{}",
        message("2.4")
    );
}

#[test]
fn the_closed_form_is_told_what_happens_at_the_one_step_rate() {
    let message = failure_message(
        exercises(Answers {
            steps_to_tolerance: ceiling_formula,
            ..wrong()
        }),
        "2.2",
    );
    assert!(message.contains("ln 0 = −∞"), "{message}");
}

#[test]
fn a_variant_changes_the_values_checked() {
    let messages = |seed: Option<u64>| {
        set_variant(seed);
        let messages = ["2.1", "2.2", "2.3", "2.4"].map(message);
        set_variant(None);
        messages
    };
    let (book, one, two) = (messages(None), messages(Some(1)), messages(Some(2)));
    for i in 0..book.len() {
        assert_ne!(book[i], one[i]);
        assert_ne!(one[i], two[i]);
    }
}
