//! Chapter 1's numbers against theory; the kit's check covers its figures,
//! its quotes, its command line and its exercises.

use approx::assert_relative_eq;
use chapter1::*;
use descent::derivative::{central_difference, check_gradient};
use descent::{Criterion, Outcome};
use harness::format::scientific;

fn report() -> Report {
    Report::compute()
}

/// The text the run prints for the quote `name`.
fn quoted(report: &Report, name: &str) -> String {
    harness::quote::text_of(&report.quotes(), name)
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

/// What rounding can do at worst, relative to `f′(1) = e`: each of the two
/// values of `f` is rounded by at most half a unit in its last place, a
/// relative `ε/2` (together `ε·f/h`, the lines the figure draws: `ε/h`, and
/// `ε/(2h)` for the central difference), and so is the point `1 + h` (and
/// `1 − h`), which moves `f(1 ± h)` by up to `ε/2` (or `ε/4` below 1) times
/// `f′`: another `ε/(2h)` forward and `3ε/(8h)` central. The last `2ε` is
/// the rounding of the division and of the truncation model.
fn round_off_bound(h: f64, central: bool) -> f64 {
    let eps = f64::EPSILON;
    if central {
        eps / (2.0 * h) + 3.0 * eps / (8.0 * h) + 2.0 * eps
    } else {
        eps / h + eps / (2.0 * h) + 2.0 * eps
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
        // The text's claim about this run: where round-off dominates, the
        // measured errors stay under the drawn lines ε/h and ε/(2h), which
        // leave out the rounding of 1 ± h; they come within 0.8 and 0.9 of
        // them, so that is the roundings partly cancelling, not a bound.
        if h < 1e-9 {
            assert!(errors.forward[i] <= f64::EPSILON / h, "forward at h = {h}");
        }
        if h < 1e-6 {
            assert!(
                errors.central[i] <= f64::EPSILON / (2.0 * h),
                "central at h = {h}"
            );
        }
    }
    let closest = |errors: &[f64], line: &dyn Fn(f64) -> f64, below: f64| {
        report
            .errors
            .h
            .iter()
            .zip(errors)
            .filter(|(h, _)| **h < below)
            .map(|(h, e)| e / line(*h))
            .fold(0.0, f64::max)
    };
    let eps = f64::EPSILON;
    assert!(closest(&errors.forward, &|h| eps / h, 1e-9) > 0.75);
    assert!(closest(&errors.central, &|h| eps / (2.0 * h), 1e-6) > 0.75);
    // Far to the left, round-off wins: at h = 10⁻¹⁶, x + h rounds to x.
    assert_eq!(*report.errors.forward.last().unwrap(), 1.0);
}

#[test]
fn no_measured_error_is_below_the_quoted_best() {
    let report = report();
    for (errors, best, step, error) in [
        (
            &report.errors.forward,
            report.best_forward,
            "best-forward-step",
            "best-forward-error",
        ),
        (
            &report.errors.central,
            report.best_central,
            "best-central-step",
            "best-central-error",
        ),
    ] {
        let smallest = errors.iter().copied().fold(f64::INFINITY, f64::min);
        for &e in errors.iter() {
            assert!(e >= best.1, "{e} is below the quoted best {}", best.1);
        }
        assert_eq!(best.1, smallest);
        let at = errors.iter().position(|&e| e == smallest).unwrap();
        assert_eq!(best.0, report.errors.h[at]);
        assert_eq!(quoted(&report, step), scientific(report.errors.h[at], 1));
        assert_eq!(quoted(&report, error), scientific(smallest, 1));
    }
    // Independently: with a correctly rounded eˣ (mpmath at 200 bits,
    // rounded to doubles) the same grid has its bests at h = 10⁻⁸ (error
    // 2.429016271e-9) and at h = 10^(−22/4) (error 1.2108753298e-11).
    assert_eq!(report.best_forward.0, 10f64.powf(-32.0 / 4.0));
    assert_relative_eq!(
        report.best_forward.1,
        2.429016271026634e-9,
        max_relative = 1e-9
    );
    assert_eq!(report.best_central.0, 10f64.powf(-22.0 / 4.0));
    assert_relative_eq!(
        report.best_central.1,
        1.2108753298154513e-11,
        max_relative = 1e-6
    );
}

#[test]
fn the_balance_points_are_where_the_two_error_terms_are_equal() {
    let eps = f64::EPSILON;
    let h = forward_balance();
    assert_relative_eq!(h / 2.0, eps / h, max_relative = 1e-12);
    let h = central_balance();
    assert_relative_eq!(h * h / 6.0, eps / (2.0 * h), max_relative = 1e-12);
    // The sum of the central difference's two terms is least at ∛(3ε/2),
    // found here by a fine scan of h, not by the derivative.
    let sum = |h: f64| h * h / 6.0 + eps / (2.0 * h);
    let scanned = (0..=20_000)
        .map(|k| 1e-6 * 10f64.powf(k as f64 / 10_000.0))
        .fold(1e-6, |best, h| if sum(h) < sum(best) { h } else { best });
    assert_relative_eq!(scanned, central_minimum(), max_relative = 1e-3);
    assert!(sum(central_minimum()) < sum(central_balance()));
    // For the forward difference the crossing is the minimum of the sum.
    let forward_sum = |h: f64| h / 2.0 + eps / h;
    let h = forward_balance();
    assert!(forward_sum(h) <= forward_sum(h * 1.001) && forward_sum(h) <= forward_sum(h / 1.001));
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
fn each_step_lowers_the_loss_by_exactly_the_taylor_line() {
    // f(x − ηf′) = f − ηf′² + ½η²f′²f″ exactly on a parabola, so the change
    // is ηf′²·(1 − ηf″/2) = 0.9·ηf′² for η = 0.1 and f″ = 2, at every step.
    let report = report();
    let (low, high) = report.change_ratios();
    let theory = 1.0 - ETA * BOWL.curvature / 2.0;
    assert_relative_eq!(low, theory, max_relative = 1e-12);
    assert_relative_eq!(high, theory, max_relative = 1e-12);
    assert_eq!(quoted(&report, "change-ratio"), "0.9");
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
    // within a grid step or two, and the error is below the bound √(2ε).
    let eps32 = f64::from(f32::EPSILON);
    let (h, error) = report.single_precision;
    assert!((h / (2.0 * eps32).sqrt()).log10().abs() * 4.0 <= 2.0, "{h}");
    assert!(error <= (2.0 * eps32).sqrt() && error >= (eps32 / 2.0).sqrt() / 10.0);
    // Independently: with eˣ correctly rounded to f32 (mpmath at 200 bits)
    // the same grid in f32 arithmetic has its best at h = 10^(−13/4), error
    // 2.461122930981219e-4.
    assert_eq!(h, 10f64.powf(-13.0 / 4.0));
    assert_relative_eq!(error, 2.461122930981219e-4, max_relative = 1e-6);
    // And the f32 exponential is correctly rounded: e is 2.7182817 in f32.
    assert_eq!(exp_single(1.0), 2.718_281_7_f32);
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

// A model of the walk among the subnormals, in integers: independent of the
// f64 loop, it rounds as IEEE 754 does (to nearest, ties to even).

/// `η = m·2ᵉ` with `m` a 53-bit whole number.
fn decompose(eta: f64) -> (i128, i32) {
    let bits = eta.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = (bits & ((1u64 << 52) - 1)) as i128;
    (fraction | (1i128 << 52), exponent - 1075)
}

/// `v / unit` rounded to the nearest whole number, a tie to the even one.
fn round_div(v: i128, unit: i128) -> i128 {
    let (q, r) = (v.div_euclid(unit), v.rem_euclid(unit));
    if 2 * r > unit || (2 * r == unit && q % 2 != 0) {
        q + 1
    } else {
        q
    }
}

/// One step at `x = k·2⁻¹⁰⁷⁴`: the slope `2x` is exact, the step `η·2x`
/// rounds to the grid of `2⁻¹⁰⁷⁴`, and `x` minus it is exact.
fn subnormal_step(k: i128) -> i128 {
    let (m, e) = decompose(ETA);
    k - round_div(m * 2 * k, 1i128 << -e)
}

#[test]
fn the_last_move_among_the_subnormals_is_where_the_integer_model_says() {
    let report = report();
    let smallest = f64::from_bits(1);
    let xs = report.long_walk.first_coordinates();
    let entry = xs
        .iter()
        .position(|x| *x < f64::MIN_POSITIVE)
        .expect("the walk reaches the subnormals");
    // The model reproduces every step from there …
    let mut k = (xs[entry] / smallest) as i128;
    for (t, x) in xs.iter().enumerate().skip(entry) {
        assert_eq!((x / smallest) as i128, k, "step {t}");
        k = subnormal_step(k);
    }
    // … and its last move is the quoted one.
    let mut k = (xs[entry] / smallest) as i128;
    let mut last_move = entry;
    while subnormal_step(k) != k {
        k = subnormal_step(k);
        last_move += 1;
    }
    assert_eq!(k, 2);
    assert_eq!(report.frozen_at(), (last_move, 2.0 * smallest));
    assert_eq!(quoted(&report, "frozen-step"), format!("step {last_move}"));
    assert_eq!(
        quoted(&report, "first-idle-step"),
        format!("step {}", last_move + 1)
    );
    // At 2·2⁻¹⁰⁷⁴ the step 0.2·x is 0.4 of the grid: it rounds to 0. At
    // 3·2⁻¹⁰⁷⁴ it is 0.6 and rounds to a whole spacing.
    assert_eq!(subnormal_step(2), 2);
    assert_eq!(subnormal_step(3), 2);
}

fn run_cli<'a>(
    arguments: impl IntoIterator<Item = &'a str>,
) -> Result<harness::Output, harness::cli::CliError> {
    harness::run_cli(&Chapter1, arguments)
}

#[test]
fn a_readers_walk_is_printed_with_its_rules_and_drawn_under_its_options() {
    let output = run_cli(["--lr", "0.9"]).unwrap();
    assert_eq!(output.directory, harness::paths::readers_figures(1));
    let names: Vec<&str> = output
        .figures
        .iter()
        .map(|f| f.file_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "lr-0.9-start-2-descent-steps.svg",
            "lr-0.9-start-2-stopping-rules.svg"
        ]
    );
    // η = 0.9 multiplies x by −0.8 each step: as fast as η = 0.1, so the
    // rules fire where |f′(xₜ)| = 4·0.8ᵗ and the loss change
    // 4·0.64^(t−1)·(1 − 0.64) cross their tolerances.
    let gradient = ((1e-6f64 / 4.0).ln() / 0.8f64.ln()).ceil() as usize;
    let change = 1 + ((1e-12f64 / (4.0 * 0.36)).ln() / 0.64f64.ln()).ceil() as usize;
    let experiment = Experiment::run(2.0, 0.9);
    assert_eq!(experiment.gradient_rule.converged_at(), Some(gradient));
    assert_eq!(experiment.loss_change_rule.converged_at(), Some(change));
    assert!(output.text.contains(&format!("≤ 10⁻⁶: {gradient} steps")));
    assert!(output.text.contains(&format!("≤ 10⁻¹²: {change} steps")));
    assert!(output.text.contains("= −0.8·x"), "{}", output.text);
    let other = run_cli(["--lr", "0.9", "--start", "-3"]).unwrap();
    assert_eq!(
        other.figures[0].file_name,
        "lr-0.9-start--3-descent-steps.svg"
    );
    assert!(other.text.contains("from x₀ = −3"), "{}", other.text);
}

#[test]
fn a_readers_diverged_walk_is_reported_and_drawn_as_diverged() {
    let output = run_cli(["--lr", "1.1"]).unwrap();
    // |x| grows by 1.2 per step; the loss 4·1.44ᵗ passes 10⁶·(1 + 4) at
    // the first t with 1.44ᵗ > 1.25·10⁶.
    let step = (1.25e6f64.ln() / 1.44f64.ln()).ceil() as usize;
    assert!(
        output
            .text
            .contains(&format!("descend stopped it at step {step}")),
        "{}",
        output.text
    );
    assert!(!output.text.contains("NaN") && !output.text.contains("inf"));
    for figure in &output.figures {
        for svg in [&figure.svg, &figure.narrow] {
            assert!(
                svg.contains(&format!("diverged: stopped at step {step}")),
                "{}",
                figure.file_name
            );
            assert!(!svg.contains("NaN"));
        }
    }
}

#[test]
fn a_frozen_walk_says_why_and_bad_options_get_one_line() {
    let frozen = run_cli(["--lr", "1e-17"]).unwrap();
    assert!(frozen.text.contains("x never moved"), "{}", frozen.text);
    assert!(frozen.text.contains("10000 steps (budget)"));
    for (arguments, message) in [
        (
            vec!["--lr", "1e400"],
            "--lr must be a finite number greater than 0",
        ),
        (vec!["--lr", "0"], "--lr must be a number greater than 0"),
        (
            vec!["--start", "2000"],
            "--start must be a number from -1000 to 1000",
        ),
        (vec!["--steps", "5"], "unknown option --steps"),
    ] {
        let error = run_cli(arguments.clone()).unwrap_err();
        assert!(error.0.contains(message), "{arguments:?}: {}", error.0);
        assert!(!error.0.contains('\n'));
    }
}
