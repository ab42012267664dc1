//! Chapter 1's numbers against theory; the kit's check covers its figures,
//! its quotes, its command line and its exercises.

use approx::assert_relative_eq;
use chapter1::*;
use descent::derivative::{central_difference, central_step, check_gradient, forward_step};
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

#[test]
fn the_best_step_is_where_truncation_meets_round_off() {
    let report = report();
    let (forward_h, forward_error) = report.best_forward;
    let (central_h, central_error) = report.best_central;
    assert!(
        forward_h / forward_step() < 10.0 && forward_step() / forward_h < 10.0,
        "best forward h {forward_h} is not within a factor 10 of √ε"
    );
    assert!(
        central_h / central_step() < 10.0 && central_step() / central_h < 10.0,
        "best central h {central_h} is not within a factor 10 of ∛ε"
    );
    // The balance errors: about √ε for forward, about ε^(2/3) for central.
    assert!(
        forward_error < 10.0 * f64::EPSILON.sqrt(),
        "{forward_error}"
    );
    assert!(
        central_error < 10.0 * f64::EPSILON.powf(2.0 / 3.0),
        "{central_error}"
    );
    assert!(central_error < forward_error / 100.0);
    // Far to the left, round-off wins: at h = 10⁻¹⁶, x + h rounds to x.
    assert_eq!(*report.errors.forward.last().unwrap(), 1.0);
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
