//! The exercises' checks are sound: typical wrong answers fail them with the
//! hint meant for that mistake. (That the reference solutions pass and the
//! stubs fail is the kit's check.)

use chapter1::exercise_checks::{Answers, exercises};
use harness::exercise::failure_message;

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
