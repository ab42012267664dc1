//! The checks behind chapter 1's coding exercises.
//!
//! Each check calls one function of an [`Answers`] (the reader's file, or the
//! reference solutions) on cases whose answers come from `descent` or from a
//! closed form, and fails with what it expected, what it got, and a hint
//! aimed at the likely mistake. The cases are the book's, or, under a
//! per-student variant (`--variant SEED`), drawn from that seed by
//! [`vary`]. An answer may not lean on the library's own version of what it
//! asks for (`without [...]` below).

use descent::{GradientDescent, Parabola, StoppingRules, descend};
use harness::exercise::{Failure, expect_close, vary};

/// A finite-difference formula: `(f, x, h)` to an estimate of `f′(x)`.
pub type Difference = fn(fn(f64) -> f64, f64, f64) -> f64;

fn square(x: f64) -> f64 {
    x * x
}

fn cube(x: f64) -> f64 {
    x * x * x
}

/// The test values of exercises 1.1 and 1.2: the book's, or a variant's.
/// `x` is kept away from 0, where the forward and the central difference of
/// `x³` coincide.
fn point_and_step(book: (f64, f64)) -> (f64, f64) {
    vary(book, |d| {
        (d.sign() * d.grid(0.5, 2.5, 0.25), d.grid(0.05, 0.5, 0.05))
    })
}

fn check_secant(secant_slope: Difference) -> Result<(), Failure> {
    // Closed forms: the secant slope of x² is 2x + h, that of x³ is
    // 3x² + 3xh + h²; the derivative of x² is 2x.
    let (x, h) = point_and_step((1.0, 0.5));
    let got = secant_slope(square, x, h);
    let what = format!("the secant slope of x² from x = {x} with h = {h}");
    if (got - 2.0 * x).abs() < 1e-12 {
        return Err(Failure::new(
            format!("{what} = {}", 2.0 * x + h),
            format!("{got}, the exact derivative"),
            "that is the central difference; this exercise wants the points x and x + h",
        ));
    }
    expect_close(
        &what,
        got,
        2.0 * x + h,
        1e-10,
        "rise over run: (f(x + h) − f(x)) divided by h",
    )?;
    let (x, h) = point_and_step((2.0, 0.1));
    expect_close(
        &format!("the secant slope of x³ from x = {x} with h = {h}"),
        secant_slope(cube, x, h),
        3.0 * x * x + 3.0 * x * h + h * h,
        1e-10,
        "use the function you are given, f, not a formula for one particular curve",
    )
}

fn check_central(central_slope: Difference) -> Result<(), Failure> {
    // Closed forms for x³: the central difference is 3x² + h², the forward
    // one 3x² + 3xh + h², and the two-point difference divided by h only
    // twice the central one.
    let (x, h) = point_and_step((1.0, 0.1));
    let got = central_slope(cube, x, h);
    let expected = 3.0 * x * x + h * h;
    let forward = 3.0 * x * x + 3.0 * x * h + h * h;
    let hint = if (got - forward).abs() < 1e-9 {
        "that is the forward difference; use the points x − h and x + h"
    } else if (got - 2.0 * expected).abs() < 1e-9 {
        "the two points are 2h apart: divide by 2h"
    } else {
        "(f(x + h) − f(x − h)) / (2h)"
    };
    expect_close(
        &format!("the central slope of x³ at x = {x} with h = {h}"),
        got,
        expected,
        1e-10,
        hint,
    )?;
    let (x, h) = point_and_step((1.0, 0.5));
    expect_close(
        &format!("the central slope of x² at x = {x} with h = {h}"),
        central_slope(square, x, h),
        2.0 * x,
        1e-10,
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
    let cases = [(2.0, 0.1, 10), (-1.0, 0.25, 3), (3.0, 0.1, 0)].map(|book| {
        vary(book, |d| {
            let x0 = d.sign() * d.grid(0.5, 3.0, 0.25);
            (
                x0,
                d.grid(0.05, 0.45, 0.05),
                d.integer(2, 12) * usize::from(book.2 > 0),
            )
        })
    });
    for (x0, eta, steps) in cases {
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
    // The walk of the case list, and the number of steps its rule takes,
    // from `descent`; the other cases are built around that number.
    let (x0, eta, tolerance) = vary((2.0, 0.1, 1e-6), |d| {
        let x0 = d.sign() * d.grid(1.0, 4.0, 0.5);
        (x0, d.grid(0.05, 0.4, 0.05), d.pick(&[1e-4, 1e-6, 1e-8]))
    });
    let needed = reference_steps(x0, eta, tolerance, 100_000)
        .expect("a learning rate below 1/2 converges on x²");
    let flat_enough = vary(5.0, |d| 2.0 * x0.abs() * d.grid(1.5, 3.0, 0.5));
    let climbing = vary(1.5, |d| d.grid(1.05, 1.5, 0.05));
    let cases = [
        (
            x0,
            eta,
            tolerance,
            1000.max(2 * needed),
            "the walk of the chapter",
        ),
        (
            x0,
            eta,
            flat_enough,
            10,
            "a start that is already flat enough",
        ),
        (x0, eta, tolerance, needed, "a budget just large enough"),
        (
            x0,
            eta,
            tolerance,
            needed - 1,
            "a budget one step too small",
        ),
        (
            x0,
            climbing,
            tolerance,
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
    "1.1" secant_slope: Difference, Warm, "the forward difference" => check_secant,
        without [forward_difference, central_difference];
    "1.2" central_slope: Difference, Warm, "the central difference" => check_central,
        without [forward_difference, central_difference];
    "1.3" walk_down: fn(f64, f64, usize) -> Vec<f64>, Steady, "gradient descent on x²" => check_walk,
        without [descend, descend_sampled, GradientDescent, Optimizer];
    "1.4" steps_until_flat: fn(f64, f64, f64, usize) -> Option<usize>, Stretch, "a stopping rule" => check_steps,
        without [descend, descend_sampled, GradientDescent, Optimizer];
}
