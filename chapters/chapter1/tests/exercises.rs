//! The exercises' checks are sound: typical wrong answers fail them with the
//! hint meant for that mistake, and an answer that calls the library's own
//! version of the exercise is caught. (That the reference solutions pass and
//! the stubs fail is the kit's check.)
//!
//! No wrong answer here is a right answer to another exercise, or one edit
//! away from one: each is built from `descent`, whose use the checker
//! refuses in these exercises ("uses the library's own answer"), and this
//! file is left out of a student copy.

use chapter1::exercise_checks::{Answers, exercises};
use descent::derivative::{central_difference, forward_difference};
use descent::{GradientDescent, Parabola, StoppingRules, descend};
use harness::exercise::{failure_message, library_use, set_variant};

/// The central difference where the forward one is asked for.
fn central_for_forward(f: fn(f64) -> f64, x: f64, h: f64) -> f64 {
    central_difference(f, x, h)
}

/// The forward difference where the central one is asked for.
fn forward_for_central(f: fn(f64) -> f64, x: f64, h: f64) -> f64 {
    forward_difference(f, x, h)
}

/// A walk uphill: descent with the learning rate's sign flipped.
fn uphill(x0: f64, eta: f64, steps: usize) -> Vec<f64> {
    let mut optimizer = GradientDescent { eta: -eta };
    descend(
        &Parabola::new(2.0),
        &mut optimizer,
        &[x0],
        &StoppingRules::budget(steps),
    )
    .first_coordinates()
}

/// One step short of the gradient rule's count.
fn off_by_one(x0: f64, eta: f64, tolerance: f64, max_steps: usize) -> Option<usize> {
    let mut optimizer = GradientDescent { eta };
    let mut rules = StoppingRules::budget(max_steps).with_gradient_tolerance(tolerance);
    rules.runaway_factor = f64::INFINITY;
    descend(&Parabola::new(2.0), &mut optimizer, &[x0], &rules)
        .outcome
        .converged_at()
        .map(|steps| steps.saturating_sub(1))
}

fn wrong() -> Answers {
    Answers {
        secant_slope: central_for_forward,
        central_slope: forward_for_central,
        walk_down: uphill,
        steps_until_flat: off_by_one,
    }
}

fn message(id: &str) -> String {
    failure_message(exercises(wrong()), id)
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

/// Answers that hand the work to the library, as a reader might write them.
const SHORTCUTS: &str = r#"
pub fn central_slope(f: fn(f64) -> f64, x: f64, h: f64) -> f64 {
    descent::derivative::central_difference(f, x, h)
}

pub fn walk_down(x0: f64, eta: f64, steps: usize) -> Vec<f64> {
    use descent::*;
    descend(&Parabola::new(2.0), &mut GradientDescent { eta }, &[x0], &StoppingRules::budget(steps))
        .first_coordinates()
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
        refused("1.2"),
        Some((3, "descent::derivative::central_difference".to_string()))
    );
    assert_eq!(refused("1.3"), Some((8, "descend".to_string())));
}

#[test]
fn a_variant_changes_the_values_checked() {
    let messages = |seed: Option<u64>| {
        set_variant(seed);
        let messages = ["1.1", "1.2", "1.3", "1.4"].map(message);
        set_variant(None);
        messages
    };
    let (book, one, two) = (messages(None), messages(Some(1)), messages(Some(2)));
    for i in 0..book.len() {
        assert_ne!(book[i], one[i]);
        assert_ne!(one[i], two[i]);
    }
}
