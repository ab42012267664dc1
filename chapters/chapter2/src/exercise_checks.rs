//! The checks behind chapter 2's coding exercises.
//!
//! Each check calls one function of an [`Answers`] (the reader's file, or the
//! reference solutions) on cases whose answers come from `descent` or from a
//! direct numerical search, never from the solutions, and fails with what it
//! expected, what it got, and a hint aimed at the likely mistake. The cases
//! are the book's, or, under a per-student variant (`--variant SEED`), drawn
//! from that seed by [`vary`]; curvatures are then powers of two, so that
//! the exact cases (`η = 1/a`, `η = 2/a`) stay exact in floating point. An
//! answer may not lean on the library's own loop (`without [...]` below).

use descent::{GradientDescent, Optimizer, Parabola, StoppingRules, descend};
use harness::exercise::{Failure, expect_close, vary};

use crate::exercises::Regime;

/// One gradient descent step from `x` on `(a/2)·x²`, taken by `descent`.
fn one_step(x: f64, eta: f64, a: f64) -> f64 {
    let bowl = Parabola::new(a);
    let mut point = [x];
    GradientDescent { eta }.step(&mut point, &descent::Objective::gradient(&bowl, &[x]));
    point[0]
}

fn check_contraction(contraction_factor: fn(f64, f64) -> f64) -> Result<(), Failure> {
    // Under a variant: rates on both sides of 1/a, and one past 2/a.
    let cases = [(0.1, 1.0), (1.9, 1.0), (0.25, 4.0), (0.5, 4.0), (0.3, 10.0)]
        .into_iter()
        .enumerate()
        .map(|(i, book)| {
            vary(book, |d| {
                let a = d.pick(&[0.5, 1.0, 2.0, 4.0, 8.0]);
                let eta_a = match i {
                    0 | 2 => d.grid(0.05, 0.95, 0.05),
                    1 | 3 => d.grid(1.05, 1.95, 0.05),
                    _ => d.grid(2.05, 2.95, 0.05),
                };
                (eta_a / a, a)
            })
        });
    for (eta, a) in cases {
        let measured = (one_step(1.0, eta, a) / 1.0).abs();
        let got = contraction_factor(eta, a);
        let hint = if (got + measured).abs() < 1e-12 && measured != 0.0 {
            "a distance is never negative: the factor is the size of 1 − η·a"
        } else if (got - (1.0 - eta)).abs() < 1e-12 {
            "the curvature matters: the slope of (a/2)·x² is a·x"
        } else {
            "one step is x ← x − η·a·x = (1 − η·a)·x; the distance is |x|"
        };
        expect_close(
            &format!("the factor for η = {eta}, a = {a}"),
            got,
            measured,
            1e-12,
            hint,
        )?;
    }
    Ok(())
}

/// The steps `descent` takes until `|x| ≤ tolerance`, or `None`.
fn reference_steps(x0: f64, eta: f64, a: f64, tolerance: f64) -> Option<usize> {
    let bowl = Parabola::new(a);
    let mut optimizer = GradientDescent { eta };
    // |f′(x)| = a·|x|, so the gradient rule at a·tolerance is |x| ≤ tolerance.
    let rules = StoppingRules::budget(100_000).with_gradient_tolerance(a * tolerance);
    descend(&bowl, &mut optimizer, &[x0], &rules)
        .outcome
        .converged_at()
}

fn check_steps(steps_to_tolerance: fn(f64, f64, f64, f64) -> Option<usize>) -> Result<(), Failure> {
    let a = vary(1.0, |d| d.pick(&[0.5, 1.0, 2.0, 4.0]));
    let (x0, tolerance) = vary((2.0, 1e-6), |d| {
        (
            d.sign() * d.grid(0.5, 4.0, 0.5),
            d.pick(&[1e-4, 1e-6, 1e-8]),
        )
    });
    let slow = vary(0.1, |d| d.grid(0.05, 0.5, 0.05)) / a;
    let bouncing = vary(1.9, |d| d.grid(1.5, 1.95, 0.05)) / a;
    let close = vary(3e-7, |d| tolerance * d.grid(0.1, 0.9, 0.1));
    let steep = vary(40.0, |d| d.pick(&[30.0, 40.0, 50.0]));
    let cases = [
        (x0, slow, a, tolerance, "a slow but sure walk"),
        (
            x0,
            bouncing,
            a,
            tolerance,
            "a walk that bounces but converges",
        ),
        (x0, 1.0 / a, a, tolerance, "the one-step rate"),
        (
            close,
            slow,
            a,
            tolerance,
            "a start that is already close enough",
        ),
        (
            x0,
            2.0 / a,
            a,
            tolerance,
            "a walk that bounces forever (η = 2/a)",
        ),
        (
            x0,
            0.1,
            steep,
            tolerance,
            "a steep bowl where η = 0.1 is too large",
        ),
    ];
    for (x0, eta, a, tolerance, case) in cases {
        let expected = reference_steps(x0, eta, a, tolerance);
        let got = steps_to_tolerance(x0, eta, a, tolerance);
        if got != expected {
            let hint = match (expected, got) {
                (Some(0), _) => "check the distance at the start, before any step",
                (None, _) => {
                    "if |1 − η·a| ≥ 1 the distance never shrinks: return None instead of looping"
                }
                (Some(1), Some(0)) if eta * a == 1.0 => {
                    "with η = 1/a the factor is 0 and the first step lands on the bottom: one \
                     step; a formula with ln|1 − η·a| breaks here, since ln 0 = −∞"
                }
                (Some(e), Some(g)) if g + 1 == e || g == e + 1 => {
                    "off by one: count a step once it is taken, then test |x| after it"
                }
                _ => "each step is x ← x − η·a·x; stop at the first |x| ≤ tolerance",
            };
            return Err(Failure::new(
                format!("{expected:?} for {case} (x0 = {x0}, η = {eta}, a = {a})"),
                format!("{got:?}"),
                hint,
            ));
        }
    }
    Ok(())
}

fn check_regime(regime: fn(f64, f64) -> Regime) -> Result<(), Failure> {
    // Under a variant the curvature is a power of two, so η = 1/a and
    // η = 2/a land exactly on 0 and on −x0.
    let a = vary(1.0, |d| d.pick(&[0.5, 1.0, 2.0, 4.0]));
    let eta_a = [
        (vary(0.1, |d| d.grid(0.05, 0.95, 0.05)), Regime::Monotone),
        (1.0, Regime::OneStep),
        (vary(1.5, |d| d.grid(1.05, 1.95, 0.05)), Regime::Oscillating),
        (2.0, Regime::Bouncing),
        (vary(2.5, |d| d.grid(2.05, 3.0, 0.05)), Regime::Diverging),
        (vary(-0.5, |d| -d.grid(0.1, 1.0, 0.1)), Regime::Diverging),
    ];
    let starts = [
        vary(2.0, |d| d.grid(0.5, 4.0, 0.5)),
        vary(-3.0, |d| -d.grid(0.5, 4.0, 0.5)),
    ];
    for x0 in starts {
        for (eta_a, expected) in eta_a {
            let eta = eta_a / a;
            let x1 = one_step(x0, eta, a);
            let got = regime(x0, x1);
            if got != expected {
                let hint = if x0 < 0.0 {
                    "the walk may start left of the bottom: compare x1 with x0 through their ratio x1/x0"
                } else if expected == Regime::Bouncing || expected == Regime::OneStep {
                    "the boundaries are exact cases: a ratio x1/x0 of exactly −1, or exactly 0"
                } else {
                    "the ratio x1/x0 is the factor 1 − η·a: its sign says which side, its size how far"
                };
                return Err(Failure::new(
                    format!("{expected:?} for x0 = {x0}, x1 = {x1} (η = {eta}, a = {a})"),
                    format!("{got:?}"),
                    hint,
                ));
            }
        }
    }
    Ok(())
}

/// The largest contraction over all directions at learning rate `eta`.
fn slowest(eta: f64, curvatures: &[f64]) -> f64 {
    let mut worst = 0.0_f64;
    for &a in curvatures {
        worst = worst.max((1.0 - eta * a).abs());
    }
    worst
}

/// The best rate by direct search: `slowest` is convex in `eta`, so a
/// ternary search on `[0, 2/min a]` finds its minimum.
fn searched_rate(curvatures: &[f64]) -> f64 {
    let smallest = curvatures.iter().copied().fold(f64::INFINITY, f64::min);
    let (mut low, mut high) = (0.0, 2.0 / smallest);
    for _ in 0..200 {
        let a = low + (high - low) / 3.0;
        let b = high - (high - low) / 3.0;
        if slowest(a, curvatures) < slowest(b, curvatures) {
            high = b;
        } else {
            low = a;
        }
    }
    (low + high) / 2.0
}

fn check_best_rate(best_rate: fn(&[f64]) -> f64) -> Result<(), Failure> {
    let book: [&[f64]; 4] = [
        &[1.0, 10.0],
        &[0.5, 2.0, 8.0],
        &[3.0],
        &[4.0, 1.0, 2.5, 9.0],
    ];
    let cases: Vec<Vec<f64>> = book
        .iter()
        .map(|curvatures| {
            vary(curvatures.to_vec(), |d| {
                let count = d.integer(1, 5);
                (0..count).map(|_| d.grid(0.5, 20.0, 0.5)).collect()
            })
        })
        .collect();
    for curvatures in &cases {
        let curvatures = curvatures.as_slice();
        let expected = searched_rate(curvatures);
        let got = best_rate(curvatures);
        let largest = curvatures.iter().copied().fold(0.0, f64::max);
        let hint = if (got - 1.0 / largest).abs() < 1e-9 {
            "1/a_max is safe but slow: the flattest direction crawls; let the steepest one oscillate a little"
        } else if (got - 2.0 / largest).abs() < 1e-9 {
            "at 2/a_max the steepest direction bounces forever; balance it against the flattest"
        } else {
            "the slowest direction is either the flattest or the steepest: make their factors equal"
        };
        expect_close(
            &format!("the best rate for curvatures {curvatures:?}"),
            got,
            expected,
            1e-9,
            hint,
        )?;
    }
    Ok(())
}

harness::exercises! {
    "2.1" contraction_factor: fn(f64, f64) -> f64, Warm, "the factor per step" => check_contraction,
        without [GradientDescent, Optimizer];
    "2.2" steps_to_tolerance: fn(f64, f64, f64, f64) -> Option<usize>, Steady, "steps until close enough" => check_steps,
        without [descend, descend_sampled, GradientDescent, Optimizer];
    "2.3" regime: fn(f64, f64) -> Regime, Steady, "name the regime" => check_regime;
    "2.4" best_rate: fn(&[f64]) -> f64, Stretch, "one rate, many curvatures" => check_best_rate;
}
