//! Chapter 1's numbers against theory; the kit's check covers its figures,
//! its quotes, its command line and its exercises.

use approx::assert_relative_eq;
use chapter1::*;
use descent::derivative::{central_difference, check_gradient};
use descent::{Criterion, Outcome};

fn report() -> Report {
    Report::compute()
}

#[test]
fn the_chapter_passes_the_kits_check() {
    harness::check(&Chapter1);
}

#[test]
fn tangent_slopes_are_the_derivative() {
    let report = report();
    for (x, slope) in TANGENT_POINTS.iter().zip(&report.tangent_slopes) {
        assert_relative_eq!(*slope, 2.0 * x);
        let numerical = central_difference(|u| BOWL.at(u), *x, 1e-4);
        assert_relative_eq!(*slope, numerical, epsilon = 1e-9);
    }
    assert!(check_gradient(&BOWL, &[0.7]).passes(1e-9));
}

#[test]
fn secant_slopes_approach_the_tangent_as_two_plus_h() {
    let report = report();
    for (h, slope) in SECANT_STEPS.iter().zip(&report.secant_slopes) {
        assert_relative_eq!(*slope, 2.0 + h, epsilon = 1e-12);
    }
}

#[test]
fn truncation_error_has_the_order_theory_predicts() {
    let report = report();
    assert_relative_eq!(report.forward_order, 1.0, epsilon = 0.02);
    assert_relative_eq!(report.central_order, 2.0, epsilon = 0.02);
    // Where truncation dominates, the errors are h/2 and h²/6 (f = eˣ at 1).
    let errors = &report.errors;
    for i in 0..errors.h.len() {
        let h = errors.h[i];
        if (1e-4..=1e-2).contains(&h) {
            assert_relative_eq!(errors.forward[i], h / 2.0, max_relative = 0.01);
            assert_relative_eq!(errors.central[i], h * h / 6.0, max_relative = 0.01);
        }
    }
}

/// The round-off bound the text derives: each of the two values is rounded
/// by up to half a unit in its last place (and so is the point `1 + h`),
/// which the division by `h` (or `2h`) magnifies. Relative to `f′(1) = e`.
fn round_off_bound(h: f64, central: bool) -> f64 {
    let eps = f64::EPSILON;
    if central {
        1.5 * eps * (h.exp() + (-h).exp()) / (2.0 * h) + eps
    } else {
        1.5 * eps * (1.0 + h.exp()) / h + eps
    }
}

#[test]
fn every_measured_error_is_truncation_plus_at_most_the_round_off_bound() {
    let report = report();
    let errors = &report.errors;
    for (i, &h) in errors.h.iter().enumerate() {
        // The exact truncation error, from the closed forms of eʰ and sinh.
        let forward_model = forward_truncation(h);
        let central_model = central_truncation(h);
        assert!(
            (errors.forward[i] - forward_model).abs() <= round_off_bound(h, false),
            "forward at h = {h}: {} vs {forward_model}",
            errors.forward[i]
        );
        assert!(
            (errors.central[i] - central_model).abs() <= round_off_bound(h, true),
            "central at h = {h}: {} vs {central_model}",
            errors.central[i]
        );
    }
    // So the best measured error is no worse than the model's best.
    let best_bound = |central: bool| {
        errors
            .h
            .iter()
            .map(|&h| {
                let truncation = if central {
                    central_truncation(h)
                } else {
                    forward_truncation(h)
                };
                truncation + round_off_bound(h, central)
            })
            .fold(f64::INFINITY, f64::min)
    };
    assert!(report.best_forward.1 <= best_bound(false));
    assert!(report.best_central.1 <= best_bound(true));
    // Far to the left, round-off wins: at h = 10⁻¹⁶, x + h rounds to x.
    assert_eq!(*report.errors.forward.last().unwrap(), 1.0);
}

#[test]
fn the_balance_points_are_where_the_two_error_terms_are_equal() {
    let eps = f64::EPSILON;
    let h = forward_balance();
    assert_relative_eq!(h / 2.0, eps / h, max_relative = 1e-12);
    let h = central_balance();
    assert_relative_eq!(h * h / 6.0, eps / (2.0 * h), max_relative = 1e-12);
    // The measured best steps lie within a few grid steps (a factor 10^(1/4)
    // each) of the balance points: rounding decides where exactly.
    let report = report();
    for (best, balance) in [
        (report.best_forward.0, forward_balance()),
        (report.best_central.0, central_balance()),
    ] {
        let grid_steps = (best / balance).log10().abs() * 4.0;
        assert!(
            grid_steps <= 2.0,
            "{best} is {grid_steps} grid steps from {balance}"
        );
    }
    // Central differences are far more accurate at their best.
    assert!(report.best_forward.1 / report.best_central.1 > 100.0);
}

#[test]
fn the_leading_terms_hold_in_a_middle_range_and_not_at_h_one() {
    let report = report();
    // At h = 1 the errors are e − 2 and sinh(1) − 1 exactly (up to rounding).
    let e = std::f64::consts::E;
    assert_relative_eq!(report.errors.forward[0], e - 2.0, max_relative = 1e-12);
    assert_relative_eq!(
        report.errors.central[0],
        1f64.sinh() - 1.0,
        max_relative = 1e-12
    );
    // Between 10⁻⁴ and 10⁻² the deviation from h/2 is the next Taylor term,
    // about h/3 relative: at most 0.33% at h = 10⁻².
    let deviation = report.middle_range_deviation();
    assert_relative_eq!(
        deviation,
        (forward_truncation(1e-2) / 5e-3 - 1.0),
        max_relative = 1e-3
    );
    assert!(deviation < 0.01);
}

#[test]
fn the_walk_shrinks_the_distance_by_one_minus_two_eta() {
    let report = report();
    let factor = 1.0 - 2.0 * ETA;
    for t in 0..=BUDGET {
        assert_relative_eq!(
            report.walk.points[t][0],
            START * factor.powi(t as i32),
            max_relative = 1e-12
        );
    }
    assert!(report.walk.final_point()[0] > 0.0);
}

#[test]
fn stopping_rules_fire_where_theory_says() {
    let report = report();
    let factor: f64 = 1.0 - 2.0 * ETA;
    // |f′(xₜ)| = 2·START·factorᵗ ≤ tol.
    let gradient_steps = ((GRADIENT_TOLERANCE / (2.0 * START)).ln() / factor.ln()).ceil() as usize;
    assert_eq!(
        report.gradient_rule,
        Outcome::Converged {
            criterion: Criterion::GradientNorm,
            step: gradient_steps
        }
    );
    // f(xₜ₋₁) − f(xₜ) = START²·factor^(2t−2)·(1 − factor²) ≤ tol.
    let q = factor * factor;
    let loss_steps =
        1 + ((LOSS_CHANGE_TOLERANCE / (START * START * (1.0 - q))).ln() / q.ln()).ceil() as usize;
    assert_eq!(
        report.loss_change_rule,
        Outcome::Converged {
            criterion: Criterion::LossChange,
            step: loss_steps
        }
    );
}

#[test]
fn floating_point_freezes_the_walk_short_of_the_bottom() {
    let report = report();
    let zero_step = report
        .first_zero_loss_step()
        .expect("the loss underflows to 0");
    // The loss reads 0 while x is still positive: x² underflowed.
    assert!(report.long_walk.points[zero_step][0] > 0.0);
    let (frozen_step, frozen_x) = report.frozen_at();
    assert!(
        frozen_step < LONG_BUDGET,
        "the walk must freeze within the budget"
    );
    assert!(frozen_x > 0.0, "the bottom x = 0 is never reached");
    // Frozen where the step η·f′(x) = 0.2·x rounds to zero: x is a tiny
    // subnormal, a whole number of the smallest positive double.
    let smallest = f64::from_bits(1);
    assert_eq!(frozen_x, 2.0 * smallest);
    assert_eq!(ETA * BOWL.slope(frozen_x), 0.0);
}

#[test]
fn the_loss_change_rule_is_a_gradient_rule_in_disguise() {
    let report = report();
    let step = report.loss_change_rule.converged_at().unwrap();
    let slope = |t: usize| BOWL.slope(report.walk.points[t][0]).abs();
    // On this bowl one step changes the loss by exactly 0.09·f′(x)², so the
    // rule fires once |f′(x_{t−1})| ≤ √(10⁻¹²/0.09) …
    let exact = (LOSS_CHANGE_TOLERANCE / 0.09).sqrt();
    assert!(slope(step - 1) <= exact && slope(step - 2) > exact);
    // … and the first-order estimate √(10⁻¹²/η) is within 6% of that.
    let first_order = equivalent_gradient_tolerance(LOSS_CHANGE_TOLERANCE, ETA);
    assert_relative_eq!(first_order, exact, max_relative = 0.06);
    assert!(first_order > GRADIENT_TOLERANCE);
}

/// `x² < 2⁻¹⁰⁷⁵` (half the smallest positive double), decided exactly: `x`
/// is scaled by `2⁶⁰⁰`, which loses nothing.
fn square_below_half_smallest(x: f64) -> bool {
    let scaled = x * 2f64.powi(600);
    scaled * scaled < 2f64.powi(1200 - 1075)
}

#[test]
fn the_loss_rounds_to_zero_exactly_when_the_square_drops_below_half_the_smallest_double() {
    let report = report();
    let zero = report.first_zero_loss_step().unwrap();
    let x = |t: usize| report.long_walk.points[t][0];
    assert!(square_below_half_smallest(x(zero)));
    assert!(!square_below_half_smallest(x(zero - 1)));
    // One step earlier the square is below the smallest double and still rounds up to it.
    assert_eq!(x(zero - 1) * x(zero - 1), f64::from_bits(1));
    assert_relative_eq!(
        x(zero),
        START * 0.8f64.powi(zero as i32),
        max_relative = 1e-12
    );
}

#[test]
fn the_answers_to_the_questions_hold() {
    let report = report();
    // 3: the count on the walk is the bound rounded up.
    let (bound, step) = report.question_three();
    assert_eq!(step as f64, bound.ceil());
    // 5: in f32, the best measured step and error are those of the balance,
    // within a grid step or two.
    let eps32 = f64::from(f32::EPSILON);
    let (h, error) = report.single_precision;
    assert!((h / (2.0 * eps32).sqrt()).log10().abs() * 4.0 <= 2.0, "{h}");
    assert!(error <= 2.0 * (2.0 * eps32).sqrt() && error >= (eps32 / 2.0).sqrt() / 10.0);
    // 6: one step changes the flat bowl's loss by 10⁻⁸·(x₀² − x₁²) < 10⁻¹²,
    // while the slope is still above 10⁻⁶, and the gradient rule needs
    // ln 2 / ln(1/(1 − ηa)) steps.
    let x1 = FLAT_START * (1.0 - ETA * FLAT.curvature);
    assert_eq!(report.flat_walk.final_point()[0], x1);
    assert!(1e-8 * (FLAT_START * FLAT_START - x1 * x1) < LOSS_CHANGE_TOLERANCE);
    assert_eq!(report.flat_walk.outcome.converged_at(), Some(1));
    assert!(FLAT.slope(x1) > GRADIENT_TOLERANCE);
    assert_relative_eq!(
        report.flat_gradient_steps(),
        (2f64.ln() / 2e-9).ceil(),
        max_relative = 1e-6
    );
}

#[test]
fn the_loop_by_hand_walks_as_the_formula_says() {
    for t in [0, 1, 10, 100] {
        assert_relative_eq!(
            walk_by_hand(START, ETA, t),
            START * 0.8f64.powi(t as i32),
            max_relative = 1e-12
        );
    }
}
