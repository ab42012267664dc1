//! The checks behind chapter 1's coding exercises.
//!
//! Each check calls one function of an [`Answers`] (the reader's file, or the
//! reference solutions) on cases whose answers come from `descent`, and fails
//! with what it expected, what it got, and a hint aimed at the likely mistake.

use descent::{GradientDescent, Parabola, StoppingRules, descend};
use harness::exercise::{Failure, expect_close};

/// A finite-difference formula: `(f, x, h)` to an estimate of `f′(x)`.
pub type Difference = fn(fn(f64) -> f64, f64, f64) -> f64;

fn square(x: f64) -> f64 {
    x * x
}

fn cube(x: f64) -> f64 {
    x * x * x
}

fn check_secant(secant_slope: Difference) -> Result<(), Failure> {
    let got = secant_slope(square, 1.0, 0.5);
    if (got - 2.0).abs() < 1e-12 {
        return Err(Failure::new(
            "the secant slope of x² from x = 1 with h = 0.5 = 2.5",
            "2, the exact derivative",
            "that is the central difference; this exercise wants the points x and x + h",
        ));
    }
    expect_close(
        "the secant slope of x² from x = 1 with h = 0.5",
        got,
        2.5,
        1e-12,
        "rise over run: (f(x + h) − f(x)) divided by h",
    )?;
    expect_close(
        "the secant slope of x³ from x = 2 with h = 0.1",
        secant_slope(cube, 2.0, 0.1),
        (cube(2.1) - cube(2.0)) / 0.1,
        1e-12,
        "use the function you are given, f, not a formula for one particular curve",
    )
}

fn check_central(central_slope: Difference) -> Result<(), Failure> {
    let got = central_slope(cube, 1.0, 0.1);
    let forward = (cube(1.1) - cube(1.0)) / 0.1;
    let undivided = (cube(1.1) - cube(0.9)) / 0.1;
    let expected = (cube(1.1) - cube(0.9)) / 0.2;
    let hint = if (got - forward).abs() < 1e-9 {
        "that is the forward difference; use the points x − h and x + h"
    } else if (got - undivided).abs() < 1e-9 {
        "the two points are 2h apart: divide by 2h"
    } else {
        "(f(x + h) − f(x − h)) / (2h)"
    };
    expect_close(
        "the central slope of x³ at x = 1 with h = 0.1",
        got,
        expected,
        1e-12,
        hint,
    )?;
    expect_close(
        "the central slope of x² at x = 1 with h = 0.5",
        central_slope(square, 1.0, 0.5),
        2.0,
        1e-12,
        "for a parabola the central difference is exact, whatever h is",
    )
}

/// Gradient descent on `x²` by `descent` itself: the answers the checks expect.
fn reference_walk(x0: f64, eta: f64, steps: usize) -> Vec<f64> {
    let bowl = Parabola::new(2.0);
    let mut optimizer = GradientDescent { eta };
    descend(&bowl, &mut optimizer, &[x0], &StoppingRules::budget(steps)).first_coordinates()
}

fn check_walk(walk_down: fn(f64, f64, usize) -> Vec<f64>) -> Result<(), Failure> {
    for (x0, eta, steps) in [(2.0, 0.1, 10), (-1.0, 0.25, 3), (3.0, 0.1, 0)] {
        let got = walk_down(x0, eta, steps);
        let expected = reference_walk(x0, eta, steps);
        if got.len() != expected.len() {
            return Err(Failure::new(
                format!("{} points for {steps} steps", expected.len()),
                format!("{} points", got.len()),
                "return the starting point and then one point per step: steps + 1 in all",
            ));
        }
        if got[0] != x0 {
            return Err(Failure::new(
                format!("the first point to be the start, {x0}"),
                format!("{}", got[0]),
                "put x0 into the vector before the first step",
            ));
        }
        for t in 1..got.len() {
            let previous = expected[t - 1];
            let hint = if (got[t] - (previous + eta * 2.0 * previous)).abs() < 1e-12 {
                "you stepped uphill: subtract η·f′(x), do not add it"
            } else if (got[t] - (previous - eta * previous)).abs() < 1e-12 {
                "the slope of x² is f′(x) = 2x, not x"
            } else {
                "each step is x ← x − η·f′(x), with f′(x) = 2x"
            };
            expect_close(
                &format!("x{t} from x0 = {x0} with η = {eta}"),
                got[t],
                expected[t],
                1e-12,
                hint,
            )?;
        }
    }
    Ok(())
}

/// The number of steps `descent`'s gradient rule takes, or `None`.
fn reference_steps(x0: f64, eta: f64, tolerance: f64, max_steps: usize) -> Option<usize> {
    let bowl = Parabola::new(2.0);
    let mut optimizer = GradientDescent { eta };
    let mut rules = StoppingRules::budget(max_steps).with_gradient_tolerance(tolerance);
    rules.runaway_factor = f64::INFINITY;
    descend(&bowl, &mut optimizer, &[x0], &rules)
        .outcome
        .converged_at()
}

fn check_steps(steps_until_flat: fn(f64, f64, f64, usize) -> Option<usize>) -> Result<(), Failure> {
    let cases = [
        (2.0, 0.1, 1e-6, 1000, "the walk of the chapter"),
        (2.0, 0.1, 5.0, 10, "a start that is already flat enough"),
        (2.0, 0.1, 1e-6, 69, "a budget just large enough"),
        (2.0, 0.1, 1e-6, 68, "a budget one step too small"),
        (
            2.0,
            1.5,
            1e-6,
            100,
            "a learning rate that climbs out of the bowl",
        ),
    ];
    for (x0, eta, tolerance, max_steps, case) in cases {
        let expected = reference_steps(x0, eta, tolerance, max_steps);
        let got = steps_until_flat(x0, eta, tolerance, max_steps);
        if got != expected {
            let hint = match (expected, got) {
                (Some(0), _) => "check the slope at the start, before the first step",
                (Some(e), Some(g)) if g + 1 == e || g == e + 1 => {
                    "off by one: count a step once it is taken, and test the slope after it"
                }
                (None, Some(_)) => "return None when the rule has not fired within max_steps steps",
                (Some(_), None) => {
                    "allow max_steps steps, and test the slope after the last one too"
                }
                _ => "test |f′(x)| = |2x| against the tolerance after every step",
            };
            return Err(Failure::new(
                format!(
                    "{expected:?} for {case} (x0 = {x0}, η = {eta}, tolerance = {tolerance}, max_steps = {max_steps})"
                ),
                format!("{got:?}"),
                hint,
            ));
        }
    }
    Ok(())
}

harness::exercises! {
    "1.1" secant_slope: Difference, Warm, "the forward difference" => check_secant;
    "1.2" central_slope: Difference, Warm, "the central difference" => check_central;
    "1.3" walk_down: fn(f64, f64, usize) -> Vec<f64>, Steady, "gradient descent on x²" => check_walk;
    "1.4" steps_until_flat: fn(f64, f64, f64, usize) -> Option<usize>, Stretch, "a stopping rule" => check_steps;
}
