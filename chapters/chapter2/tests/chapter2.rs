//! Chapter 2's numbers against theory, and the reader's command line; the
//! kit's check covers its figures, its quotes and its exercises.
//!
//! Every quoted number is compared with an independent computation: a closed
//! form, a count done here by hand, or a model of floating-point rounding
//! written here in integers.

use approx::assert_relative_eq;
use chapter2::*;
use descent::derivative::check_gradient;
use descent::{Criterion, Divergence, Outcome, Parabola, StoppingRules};
use harness::Output;
use harness::cli::CliError;
use harness::format::{decimals, scientific, significant};
use harness::paths::{book_figures, readers_figures};

// A model of the floating-point arithmetic of the walk x ← x − η·(x − 1)
// near its bottom at 1, written in integers (chapter 11's tests use it too).
mod rounding;
use rounding::{decompose, model_step_near_one, round_to_multiple};

fn run_cli<'a>(arguments: impl IntoIterator<Item = &'a str>) -> Result<Output, CliError> {
    harness::run_cli(&Chapter2, arguments)
}

fn report() -> Report {
    Report::compute()
}

/// The text of the quote `name` of the book's run.
fn quote(report: &Report, name: &str) -> String {
    report
        .quotes()
        .into_iter()
        .find(|q| q.name == name)
        .unwrap_or_else(|| panic!("no quote {name}"))
        .text
}

/// The smallest `t` with `start·factorᵗ ≤ tolerance`, counted one step at a
/// time (no logarithms), for `factor < 1`.
fn count_until(start: f64, factor: f64, tolerance: f64) -> usize {
    let mut t = 0;
    while start * factor.powi(t as i32) > tolerance {
        t += 1;
    }
    t
}

#[test]
fn the_chapter_passes_the_kits_check() {
    harness::check(&Chapter2);
}

#[test]
fn every_step_multiplies_the_distance_by_one_minus_eta_a() {
    // x_{t+1} = x_t − η·a·x_t = (1 − ηa)·x_t, on bowls of several curvatures.
    for a in [1.0, 0.5, 6.0] {
        let bowl = Parabola::new(a);
        for eta_a in [0.1, 0.5, 0.9, 1.0, 1.5, 1.9, 2.0, 2.1, 2.5] {
            let eta = eta_a / a;
            let run = walk(&bowl, START, eta, &StoppingRules::budget(20));
            let xs = run.first_coordinates();
            for t in 1..xs.len() {
                assert_relative_eq!(
                    xs[t],
                    (1.0 - eta * a) * xs[t - 1],
                    max_relative = 1e-12,
                    epsilon = 1e-300
                );
            }
            for factor in measured_factors(&run, 0.0) {
                assert_relative_eq!(factor, (1.0 - eta_a).abs(), max_relative = 1e-12);
            }
        }
    }
    // The factors the report prints and the contraction figure draws.
    let report = report();
    for (eta, run) in &report.walks {
        let measured = measured_factors(run, 0.0)[0];
        assert_relative_eq!(measured, (1.0 - eta * A).abs(), max_relative = 1e-12);
    }
}

#[test]
fn the_five_walks_are_one_per_regime() {
    let report = report();
    let names: Vec<&str> = report
        .walks
        .iter()
        .map(|(_, run)| describe(&classify(run, 0.0)))
        .collect();
    assert_eq!(
        names,
        [
            "monotone",
            "one step",
            "oscillating",
            "bouncing",
            "diverging"
        ]
    );
    // Each in a colour of its own, the same in every figure that draws it.
    let colours: Vec<String> = WALK_RATES
        .iter()
        .map(|&eta| format!("{:?}", colour(eta)))
        .collect();
    for (i, c) in colours.iter().enumerate() {
        assert_eq!(colours.iter().filter(|d| *d == c).count(), 1, "{c} twice");
        assert_ne!(
            *c,
            format!("{:?}", harness::plot::palette::GREY),
            "η = {}",
            WALK_RATES[i]
        );
    }
    let hex = |eta: f64| {
        let c = colour(eta);
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    };
    let figures = figures(&report);
    let svg = |name: &str| {
        figures
            .iter()
            .find(|f| f.file_name == name)
            .unwrap_or_else(|| panic!("no figure {name}"))
            .svg
            .clone()
    };
    for eta in WALK_RATES {
        for name in ["walks.svg", "contraction.svg", "loss-curves.svg"] {
            assert!(svg(name).contains(&hex(eta)), "{name} lacks η = {eta}");
        }
    }
    for eta in TWO_RATES {
        assert!(svg("two-curvatures.svg").contains(&hex(eta)));
    }
}

#[test]
fn converges_just_below_two_over_a_and_diverges_just_above() {
    for a in [0.5, 1.0, 6.0, 40.0] {
        let bowl = Parabola::new(a);
        let limit = 2.0 / a;
        assert_eq!(threshold(a), limit);
        let below = walk(
            &bowl,
            START,
            limit * (1.0 - 1e-3),
            &StoppingRules::budget(100_000).with_gradient_tolerance(1e-6),
        );
        assert!(below.outcome.converged(), "a = {a}: {:?}", below.outcome);
        let above = walk(
            &bowl,
            START,
            limit * (1.0 + 1e-3),
            &StoppingRules::budget(100_000),
        );
        assert!(above.outcome.diverged(), "a = {a}: {:?}", above.outcome);
        // At exactly 2/a (a power of two here, so 2/a is exact) |x| never changes.
        if a == 0.5 || a == 1.0 {
            let edge = walk(&bowl, START, limit, &StoppingRules::budget(1000));
            assert_eq!(edge.outcome, Outcome::BudgetExhausted { steps: 1000 });
            assert!(edge.first_coordinates().iter().all(|x| x.abs() == START));
        }
    }
}

#[test]
fn at_two_over_a_the_loss_change_rule_is_fooled_and_the_gradient_rule_is_not() {
    // Question 7: the loss is exactly constant, so a loss-change rule fires
    // after the first step, however far from the bottom the walk is.
    let fooled = walk(
        &BOWL,
        START,
        2.0 / A,
        &StoppingRules::budget(1000).with_loss_change_tolerance(1e-12),
    );
    assert_eq!(
        fooled.outcome,
        Outcome::Converged {
            criterion: Criterion::LossChange,
            step: 1
        }
    );
    assert_eq!(fooled.final_point()[0].abs(), START);
    let honest = walk(
        &BOWL,
        START,
        2.0 / A,
        &StoppingRules::budget(1000).with_gradient_tolerance(1e-6),
    );
    assert_eq!(honest.outcome, Outcome::BudgetExhausted { steps: 1000 });
}

#[test]
fn the_fastest_rate_is_one_over_a_and_takes_one_step() {
    for a in [0.5, 1.0, 6.0, 40.0] {
        let bowl = Parabola::new(a);
        let run = walk(&bowl, START, one_step_rate(a), &StoppingRules::budget(1));
        assert!(run.final_point()[0].abs() <= 1e-15 * START, "a = {a}");
        // Every other rate on a grid needs more steps to the tolerance.
        let steps = |eta: f64| match walk(
            &bowl,
            START,
            eta,
            &StoppingRules::budget(100_000).with_gradient_tolerance(1e-6),
        )
        .outcome
        {
            Outcome::Converged { step, .. } => step,
            other => panic!("a = {a}, η = {eta}: {other:?}"),
        };
        let best = steps(one_step_rate(a));
        assert_eq!(best, 1);
        for k in 1..40 {
            let eta = k as f64 / 20.0 / a;
            if (eta * a - 1.0).abs() > 1e-9 {
                assert!(steps(eta) > best, "a = {a}, η = {eta}");
            }
        }
    }
}

#[test]
fn steps_to_the_tolerance_are_what_the_contraction_predicts() {
    let report = report();
    for (eta, outcome) in &report.counts {
        // |f′(xₜ)| = a·|x₀|·ρᵗ ≤ 10⁻⁶, counted step by step.
        let expected = count_until(A * START, (1.0 - eta * A).abs(), TOLERANCE);
        assert_eq!(
            *outcome,
            Outcome::Converged {
                criterion: Criterion::GradientNorm,
                step: expected
            },
            "η = {eta}"
        );
        // The ceiling formula the chapter shows gives the same count.
        assert_eq!(
            steps_to_reach(START * A, TOLERANCE, contraction(*eta, A)),
            expected,
            "η = {eta}"
        );
        let name = format!("steps-eta-{eta}");
        let words = if expected == 1 {
            "1 step".to_string()
        } else {
            format!("{expected} steps")
        };
        assert_eq!(quote(&report, &name), words);
    }
    // At ρ = 0 the bare formula gives 0 steps; the one-step rate needs 1.
    let bare = ((TOLERANCE / (START * A)).ln() / 0.0f64.ln()).ceil();
    assert_eq!(bare, 0.0);
    assert_eq!(steps_to_reach(START * A, TOLERANCE, 0.0), 1);
    // Too small and too large by the same margin are equally slow.
    assert_eq!(report.count(0.1), report.count(1.9));
    assert_eq!(report.count(0.5), report.count(1.5));
    // The ant: ten times smaller steps, about ten times more of them
    // (ln(1/0.99) ≈ 0.01, ln(1/0.9) ≈ 0.105).
    let steps = |o: Outcome| o.converged_at().expect("converged") as f64;
    let ratio = steps(report.count(0.01)) / steps(report.count(0.1));
    assert!((10.0..11.0).contains(&ratio), "{ratio}");
}

#[test]
fn the_loss_lines_fall_as_rho_squared() {
    let report = report();
    // f(xₜ) = (a/2)·x₀²·ρ²ᵗ = 2·0.81ᵗ for η = 0.1.
    let after = 2.0 * 0.81f64.powi(BUDGET as i32);
    assert_relative_eq!(report.walk(0.1).final_loss(), after, max_relative = 1e-12);
    assert_eq!(
        quote(&report, "loss-after-budget-eta-0.1"),
        scientific(after, 1)
    );
    // The slope on a log scale: log₁₀ ρ² = 2·log₁₀ 0.9 decades per step,
    // not the factor 0.81 itself.
    let slope = 2.0 * 0.9f64.log10();
    assert_relative_eq!(report.loss_slope(0.1), slope, max_relative = 1e-9);
    assert_eq!(quote(&report, "loss-slope-eta-0.1"), significant(slope, 2));
    assert_eq!(quote(&report, "loss-slope-eta-0.1"), "−0.092");
    // η = 1.9 has the same ρ, and the same line.
    for (a, b) in report.walk(0.1).losses.iter().zip(&report.walk(1.9).losses) {
        assert_relative_eq!(*a, *b, max_relative = 1e-12);
    }
    // η = 1 is exactly 0 from step 1; η = 2 stays at 2.
    assert!(report.walk(1.0).losses[1..].iter().all(|&l| l == 0.0));
    assert!(report.walk(2.0).losses.iter().all(|&l| l == 2.0));
}

#[test]
fn a_divergent_run_is_stopped_where_the_size_of_the_loss_passes_the_limit() {
    let report = report();
    let run = report.walk(2.1);
    // |xₜ| = 2·1.1ᵗ and f = |xₜ|²/2 = 2·1.21ᵗ; the limit is
    // 10⁶·(1 + |f(x₀)|) = 10⁶·(1 + 2).
    let limit = 1e6 * (1.0 + 2.0);
    assert_eq!(quote(&report, "runaway-limit"), "3 × 10⁶");
    let mut expected = 0;
    while 2.0 * 1.21f64.powi(expected) <= limit {
        expected += 1;
    }
    assert_eq!(
        run.outcome,
        Outcome::Diverged {
            step: expected as usize,
            reason: Divergence::Runaway
        }
    );
    assert_eq!(
        quote(&report, "divergence-eta-2.1"),
        format!("diverged at step {expected}")
    );
    assert_eq!(
        quote(&report, "loss-stopped-eta-2.1"),
        scientific(2.0 * 1.21f64.powi(expected), 1)
    );
    assert!(run.final_loss() > limit);
    assert!(run.losses.iter().all(|l| l.is_finite()));
}

#[test]
fn runs_are_classified_as_theory_says() {
    let run_at = |eta: f64| walk(&BOWL, START, eta, &StoppingRules::budget(30));
    let kind = |eta: f64| describe(&classify(&run_at(eta), 0.0));
    for k in 1..100 {
        let eta = k as f64 / 40.0;
        let expected = if eta < 1.0 {
            "monotone"
        } else if eta == 1.0 {
            "one step"
        } else if eta < 2.0 {
            "oscillating"
        } else if eta == 2.0 {
            "bouncing"
        } else {
            "diverging"
        };
        assert_eq!(kind(eta), expected, "η = {eta}");
    }
    assert_eq!(kind(2.0 - 1e-9), "oscillating");
    assert_eq!(kind(2.0 + 1e-9), "diverging");
    // Steps that round away: the ratio is exactly 1.
    assert_eq!(kind(1e-20), "frozen");
    assert_eq!(
        classify(&run_at(1e300), 0.0),
        Behaviour::Diverging { factor: None }
    );
    let Behaviour::Oscillating { factor } = classify(&run_at(1.9), 0.0) else {
        panic!("η = 1.9 oscillates");
    };
    assert_relative_eq!(factor, 0.9, max_relative = 1e-12);
    // Growth on one side (a ratio above 1: here a bowl upside down, where
    // every step multiplies x by 1 + 0.1) is divergence, even before
    // descend stops the run.
    let hill = Parabola::new(-1.0);
    let climbing = walk(&hill, START, 0.1, &StoppingRules::budget(5));
    assert!(!climbing.outcome.diverged());
    let Behaviour::Diverging {
        factor: Some(factor),
    } = classify(&climbing, 0.0)
    else {
        panic!("{:?}", classify(&climbing, 0.0));
    };
    assert_relative_eq!(factor, 1.1, max_relative = 1e-12);
}

#[test]
fn each_coordinate_of_the_two_curvature_bowl_has_its_own_factor() {
    let report = report();
    let (a1, a2) = (0.1, 1.0);
    let (x0, y0) = (3.0, 1.0);
    let f0 = 0.5 * (a1 * x0 * x0 + a2 * y0 * y0);
    for (eta, run) in &report.two {
        let (fx, fy) = (1.0 - eta * a1, 1.0 - eta * a2);
        // Every step multiplies x by 1 − η·a₁ and y by 1 − η·a₂.
        for pair in run.points.windows(2) {
            assert_relative_eq!(pair[1][0], fx * pair[0][0], max_relative = 1e-12);
            assert_relative_eq!(
                pair[1][1],
                fy * pair[0][1],
                max_relative = 1e-12,
                epsilon = 1e-300
            );
        }
        assert_eq!(
            quote(&report, &format!("two-x-factor-eta-{eta}")),
            significant(fx, 6)
        );
        assert_eq!(
            quote(&report, &format!("two-y-factor-eta-{eta}")),
            significant(fy, 6)
        );
        // Until ‖∇f‖ = ‖(a₁·x₀·fxᵗ, a₂·y₀·fyᵗ)‖ ≤ 10⁻⁶, or until the loss
        // (a₁x₀²·fx²ᵗ + a₂y₀²·fy²ᵗ)/2 passes 10⁶·(1 + f₀).
        let mut t = 0;
        let expected = loop {
            t += 1;
            let (gx, gy) = (a1 * x0 * fx.powi(t), a2 * y0 * fy.powi(t));
            let loss = 0.5 * (a1 * (x0 * fx.powi(t)).powi(2) + a2 * (y0 * fy.powi(t)).powi(2));
            if loss > 1e6 * (1.0 + f0) {
                break format!("diverged at step {t}");
            }
            if gx.hypot(gy) <= TOLERANCE {
                break format!("{t} steps");
            }
        };
        assert_eq!(
            quote(&report, &format!("two-steps-eta-{eta}")),
            expected,
            "η = {eta}"
        );
        // The theory functions the chapter shows.
        assert_eq!(coordinate_factors(*eta, &TWO_CURVATURES), (fx, fy));
        assert_eq!(
            slowest_factor(*eta, &TWO_CURVATURES),
            fx.abs().max(fy.abs())
        );
    }
    // The steep direction sets the threshold: 2/a₂ = 2, not 2/a₁ = 20.
    assert!(slowest_factor(1.999, &TWO_CURVATURES) < 1.0);
    assert!(slowest_factor(2.001, &TWO_CURVATURES) > 1.0);
}

/// Where the first panel of a figure puts its tick labels `0` and `1`: the
/// x position of each on the x axis and the y position of each on the y
/// axis, in the SVG's own coordinates.
fn unit_ticks(svg: &str) -> ((f64, f64), (f64, f64)) {
    let mut x_ticks = [None, None];
    let mut y_ticks = [None, None];
    for piece in svg.split("<text ").skip(1) {
        let Some((tag, rest)) = piece.split_once('>') else {
            continue;
        };
        let tag = format!(" {tag}");
        let content = rest.split("</text>").next().unwrap_or("").trim();
        let index = match content {
            "0" => 0,
            "1" => 1,
            _ => continue,
        };
        let attribute = |name: &str| -> f64 {
            let start = tag.find(&format!(" {name}=\"")).expect("an attribute") + name.len() + 3;
            let end = start + tag[start..].find('"').expect("a closing quote");
            tag[start..end].parse().expect("a number")
        };
        if tag.contains("text-anchor=\"end\"") {
            y_ticks[index].get_or_insert(attribute("y"));
        } else if tag.contains("text-anchor=\"middle\"") && tag.contains("dy=\"0.76em\"") {
            x_ticks[index].get_or_insert(attribute("x"));
        }
    }
    let both = |t: [Option<f64>; 2]| (t[0].expect("a tick 0"), t[1].expect("a tick 1"));
    (both(x_ticks), both(y_ticks))
}

#[test]
fn the_two_curvature_maps_have_one_scale_on_both_axes() {
    let report = report();
    let figure = two_curvatures_figure(&report);
    for svg in [&figure.svg, &figure.narrow] {
        let ((x0, x1), (y0, y1)) = unit_ticks(svg);
        let (x_unit, y_unit) = (x1 - x0, y0 - y1);
        assert!(
            x_unit > 0.0 && (x_unit / y_unit - 1.0).abs() < 0.02,
            "x: {x_unit} per unit, y: {y_unit} per unit"
        );
    }
}

#[test]
fn the_double_well_obeys_the_rule_only_near_its_bottoms() {
    // The gradient is right: against finite differences.
    for x in [-2.5, -1.0, -0.3, 0.0, 0.4, 1.0, 1.7, 3.0] {
        assert!(check_gradient(&DoubleWell, &[x]).error < 1e-8, "x = {x}");
        // f″ against a central difference of f′.
        let h = 1e-5;
        let numeric = (DoubleWell.slope(x + h) - DoubleWell.slope(x - h)) / (2.0 * h);
        assert_relative_eq!(DoubleWell.curvature(x), numeric, epsilon = 1e-6);
    }
    let report = report();
    // Either side of the hump, the walk ends at the bottom on its side: the
    // gradient rule stops it where |x³ − x| ≤ 10⁻⁶, within 10⁻⁶ of ±1.
    for (start, bottom) in [(0.5, 1.0), (-0.5, -1.0)] {
        let end = report.well(start).final_point()[0];
        assert!((end - bottom).abs() < 1e-6, "from {start}: {end}");
    }
    assert_eq!(quote(&report, "well-end-from-0.5"), decimals(1.0, 3));
    assert_eq!(quote(&report, "well-end-from-minus-0.5"), decimals(-1.0, 3));
    // Near the bottom the factor per step is |1 − η·f″(1)| = |1 − 0.3·2|,
    // up to the change of f″ over the last step (f‴ = 6x, so about
    // η·3·|x − 1| by Taylor).
    let xs = report.well(0.5).first_coordinates();
    let last = (xs[xs.len() - 2] - 1.0).abs();
    assert!((report.well_factor() - 0.4).abs() <= 3.0 * WELL_RATE * 3.0 * last);
    assert_eq!(quote(&report, "well-factor"), "0.400");
    // From 3 the first step is 3 − 0.3·(27 − 3) = −4.2, and the walk is
    // thrown out: iterate x ← x − 0.3·(x³ − x) by hand until the size of
    // the loss passes 10⁶·(1 + f(3)).
    let f = |x: f64| (x * x - 1.0).powi(2) / 4.0;
    let limit = 1e6 * (1.0 + f(3.0));
    let (mut x, mut t) = (3.0f64, 0);
    while f(x) <= limit {
        x -= WELL_RATE * (x * x * x - x);
        t += 1;
    }
    assert_eq!(quote(&report, "well-first-step-from-3"), decimals(-4.2, 1));
    assert_eq!(
        quote(&report, "well-divergence-from-3"),
        format!("diverged at step {t}")
    );
    // On top of the hump the slope is 0: converged before any step.
    assert_eq!(
        report.well(0.0).outcome,
        Outcome::Converged {
            criterion: Criterion::GradientNorm,
            step: 0
        }
    );
    assert_eq!(quote(&report, "well-steps-from-0"), "0 steps");
}

/// One step of the walk toward 0 at `x = k·2⁻¹⁰⁷⁴`, among the subnormals:
/// the step `η·x` rounded to the grid of `2⁻¹⁰⁷⁴`, and `x` minus it exact.
fn model_step_subnormal(k: i128, eta: f64) -> i128 {
    let (m, e) = decompose(eta);
    k - (round_to_multiple(m * k, 1i128 << -e) >> -e)
}

#[test]
fn a_bottom_away_from_zero_puts_a_floor_under_the_loss() {
    let report = report();
    let (step, d) = report.floor();
    let half_epsilon = f64::EPSILON / 2.0;
    // From the first step within 2¹⁰·ε of 1, the integer model reproduces
    // every step of the run, and where and when it stops.
    let xs = report.shifted.first_coordinates();
    let entry = xs
        .iter()
        .position(|x| (x - 1.0).abs() <= 1024.0 * f64::EPSILON)
        .expect("the walk gets close to 1");
    let mut q = ((xs[entry] - 1.0) / half_epsilon) as i128;
    for (t, x) in xs.iter().enumerate().skip(entry) {
        assert_eq!(((x - 1.0) / half_epsilon) as i128, q, "step {t}");
        q = model_step_near_one(q, FLOOR_RATE);
    }
    // The model freezes at 4ε (q = 8 half units), the tie at 5ε having gone
    // to the even neighbour.
    assert_eq!(model_step_near_one(10, FLOOR_RATE), 8);
    assert_eq!(model_step_near_one(8, FLOOR_RATE), 8);
    assert_eq!(d, 4.0 * f64::EPSILON);
    let mut model = ((xs[entry] - 1.0) / half_epsilon) as i128;
    let mut frozen_at = entry;
    while model_step_near_one(model, FLOOR_RATE) != model {
        model = model_step_near_one(model, FLOOR_RATE);
        frozen_at += 1;
    }
    assert_eq!(step, frozen_at);
    assert_eq!(quote(&report, "floor-step"), format!("step {frozen_at}"));
    assert_eq!(quote(&report, "floor-units"), "4ε");
    assert_eq!(
        quote(&report, "floor-distance"),
        scientific(4.0 * f64::EPSILON, 1)
    );
    // The loss there is (a/2)·(4ε)², and the dashed line is (a/2)·ε².
    assert_eq!(
        report.shifted.final_loss(),
        8.0 * f64::EPSILON * f64::EPSILON
    );
    assert_eq!(
        quote(&report, "floor-loss"),
        scientific(8.0 * f64::EPSILON * f64::EPSILON, 1)
    );
    assert_eq!(
        quote(&report, "loss-one-unit"),
        scientific(0.5 * f64::EPSILON * f64::EPSILON, 1)
    );
    assert_eq!(quote(&report, "spacing"), scientific(2f64.powi(-52), 1));
    // The bound ε/(2(1 − 0.9)) = 5ε.
    assert_relative_eq!(
        floor_bound(FLOOR_RATE, A, 1.0),
        5.0 * f64::EPSILON,
        max_relative = 1e-12
    );
    assert_eq!(quote(&report, "floor-bound-units"), "5ε");
    assert_eq!(
        quote(&report, "floor-bound"),
        scientific(5.0 * f64::EPSILON, 1)
    );
    // Up to the floor, x − 1 tracks the walk toward 0 to a few ε (an
    // absolute error), the figure of the shifted-deviation quote.
    let shifted = report.shifted.first_coordinates();
    let unshifted = report.unshifted.first_coordinates();
    let mut deviation: f64 = 0.0;
    for t in 0..=step {
        deviation = deviation.max(((shifted[t] - 1.0) - unshifted[t]).abs());
    }
    assert!(deviation <= 3.0 * f64::EPSILON, "{deviation}");
    assert_eq!(report.shifted_deviation(), deviation);
    // The walk toward 0 keeps falling as 2·0.81ᵗ.
    assert_relative_eq!(
        report.unshifted.final_loss(),
        2.0 * 0.81f64.powi(FLOOR_BUDGET as i32),
        max_relative = 1e-10
    );
    assert_eq!(
        quote(&report, "unshifted-loss"),
        scientific(2.0 * 0.81f64.powi(FLOOR_BUDGET as i32), 1)
    );
}

#[test]
fn the_walk_toward_zero_stops_among_the_subnormals_within_its_bound() {
    let report = report();
    let smallest = f64::from_bits(1); // 2⁻¹⁰⁷⁴
    assert_eq!(spacing_next_to(0.0), smallest);
    assert_eq!(quote(&report, "smallest-double"), "4.9 × 10⁻³²⁴");
    // The bound with the spacing next to 0: 2⁻¹⁰⁷⁴/(2·0.1) = 5·2⁻¹⁰⁷⁴.
    assert_eq!(quote(&report, "zero-bound-units"), "5 × 2⁻¹⁰⁷⁴");
    // The integer model of the subnormal steps reproduces the end of the
    // run, from its first subnormal point.
    let run = walk(
        &BOWL,
        START,
        FLOOR_RATE,
        &StoppingRules::budget(ZERO_BUDGET),
    );
    let xs = run.first_coordinates();
    let entry = xs
        .iter()
        .position(|x| *x < f64::MIN_POSITIVE)
        .expect("the walk reaches the subnormals");
    let mut k = (xs[entry] / smallest) as i128;
    for (t, x) in xs.iter().enumerate().skip(entry) {
        assert_eq!((x / smallest) as i128, k, "step {t}");
        k = model_step_subnormal(k, FLOOR_RATE);
    }
    assert_eq!(k, 4);
    assert_eq!(model_step_subnormal(4, FLOOR_RATE), 4);
    assert_eq!(report.zero_ending.distances, [4.0 * smallest]);
    assert!(report.zero_ending.distance() <= 5.0 * smallest);
    assert_eq!(quote(&report, "zero-frozen-units"), "4 × 2⁻¹⁰⁷⁴");
    assert_eq!(
        quote(&report, "zero-frozen-x"),
        scientific(4.0 * smallest, 1)
    );
    let mut last_move = entry;
    let mut k = (xs[entry] / smallest) as i128;
    while model_step_subnormal(k, FLOOR_RATE) != k {
        k = model_step_subnormal(k, FLOOR_RATE);
        last_move += 1;
    }
    assert_eq!(
        quote(&report, "zero-frozen-step"),
        format!("step {last_move}")
    );
    // Chapter 1's walk on x² (ηa = 0.2, ρ = 0.8, bound 2.5·2⁻¹⁰⁷⁴) stops
    // at 2·2⁻¹⁰⁷⁴, as the appendix says.
    let ch1 = walk(&Parabola::new(2.0), 2.0, 0.1, &StoppingRules::budget(4000));
    assert_eq!(ch1.final_point()[0], 2.0 * smallest);
    assert!(ch1.final_point()[0] <= floor_bound(0.1, 2.0, 0.0));
}

#[test]
fn every_walk_ends_within_the_bound_and_lands_exactly_as_the_spacing_rule_says() {
    let report = report();
    assert_eq!(report.endings.len(), ending_rates().len());
    for ending in &report.endings {
        let eta = ending.eta;
        // Inclusive, with room for the rounding of 1 − ρ itself: at η = 0.05
        // the walk rests exactly on the bound (a tie, rounded to even).
        assert!(
            ending.distance() <= floor_bound(eta, A, 1.0) * (1.0 + 1e-9),
            "η = {eta}: {:?}",
            ending.distances
        );
        // The integer model ends the same way, from the run's first point
        // within 2¹⁰·ε of 1.
        let run = walk(
            &SHIFTED,
            SHIFTED_START,
            eta,
            &StoppingRules::budget(SETTLE_BUDGET),
        );
        let xs = run.first_coordinates();
        let entry = xs
            .iter()
            .position(|x| (x - 1.0).abs() <= 1024.0 * f64::EPSILON)
            .expect("close to 1");
        let mut seen = vec![((xs[entry] - 1.0) / (f64::EPSILON / 2.0)) as i128];
        let mut model: Vec<f64> = loop {
            let n = seen.len();
            let q = model_step_near_one(seen[n - 1], eta);
            if q == seen[n - 1] {
                break vec![q as f64];
            }
            if n >= 2 && q == seen[n - 2] {
                break vec![seen[n - 1] as f64, q as f64];
            }
            seen.push(q);
        };
        model.sort_by(f64::total_cmp);
        let run_ending: Vec<f64> = ending
            .distances
            .iter()
            .map(|d| d / (f64::EPSILON / 2.0))
            .collect();
        assert_eq!(run_ending, model, "η = {eta}");
        // Monotone walks land iff ρ ≤ ½, oscillating ones iff ρ < ¾.
        let rho = contraction(eta, A);
        let lands = if eta <= 1.0 { rho <= 0.5 } else { rho < 0.75 };
        assert_eq!(ending.exact(), lands, "η = {eta}: {:?}", ending.distances);
        if eta < 0.5 {
            assert!(ending.frozen(), "η = {eta}");
        }
        if eta >= 1.75 {
            assert_eq!(ending.distances.len(), 2, "η = {eta}: a two-point cycle");
            assert_eq!(ending.distances[0], -ending.distances[1]);
        }
    }
    let (low, high) = report.exact_range();
    assert_eq!(
        quote(&report, "exact-landing-range"),
        format!("{low:.2} to {high:.2}")
    );
    assert_eq!((low, high), (0.5, 1.7));
    // The lists of the figure, from the model's rule for the frozen walks
    // (1 + qε freezes where the step η·qε is below half a spacing) …
    let mut frozen = Vec::new();
    let mut cycles = Vec::new();
    for ending in &report.endings {
        if ending.frozen() {
            frozen.push(significant(ending.distance() / f64::EPSILON, 6));
        } else if !ending.exact() {
            cycles.push(format!(
                "±{}",
                significant(ending.distance() / f64::EPSILON, 6)
            ));
        }
    }
    assert_eq!(quote(&report, "frozen-units"), frozen.join(", "));
    assert_eq!(quote(&report, "cycle-units"), cycles.join(", "));
    for ending in report.endings.iter().filter(|e| e.frozen()) {
        // Frozen: the step η·(x − 1) is at most half the spacing ε.
        assert!(ending.eta * ending.distance() <= f64::EPSILON / 2.0);
    }
}

#[test]
fn the_landing_rule_holds_on_a_fine_grid_of_rates() {
    // ½ ≤ η < 1.75 lands exactly on 1; every other rate of (0.1, 2) does not.
    for k in 40..800 {
        let eta = k as f64 / 400.0;
        let mut x = SHIFTED_START;
        let mut history = vec![x];
        let end = loop {
            x -= eta * (A * (x - 1.0));
            history.push(x);
            let n = history.len();
            if n > 3 && (history[n - 1] == history[n - 2] || history[n - 1] == history[n - 3]) {
                break x;
            }
            assert!(n < 100_000, "η = {eta} does not settle");
        };
        let lands = (0.5..1.75).contains(&eta);
        assert_eq!(
            end == 1.0 && history[history.len() - 2] == 1.0,
            lands,
            "η = {eta}"
        );
    }
}

fn error(arguments: &[&str]) -> String {
    match run_cli(arguments.iter().copied()) {
        Err(error) => error.to_string(),
        Ok(output) => panic!("{arguments:?} should fail, printed:\n{}", output.text),
    }
}

#[test]
fn bad_command_lines_get_one_clear_line() {
    assert_eq!(
        error(&["--lr", "abc"]),
        "--lr must be a number greater than 0 (such as 0.1), got `abc`"
    );
    assert_eq!(
        error(&["--lr", "-1"]),
        "--lr must be a number greater than 0 (such as 0.1), got `-1`"
    );
    assert_eq!(
        error(&["--lr", "0"]),
        "--lr must be a number greater than 0 (such as 0.1), got `0`"
    );
    assert_eq!(
        error(&["--steps", "0"]),
        "--steps must be a whole number from 1 to 10000, got `0`"
    );
    assert_eq!(
        error(&["--lr", "0.5", "--steps", "2.5"]),
        "--steps must be a whole number from 1 to 10000, got `2.5`"
    );
    assert_eq!(error(&["--lr"]), "--lr needs a value");
    assert_eq!(error(&["--rate", "0.5"]), "unknown option --rate");
    assert_eq!(
        error(&["0.5"]),
        "unexpected argument `0.5`: options look like `--name value`"
    );
}

#[test]
fn help_lists_the_options_and_the_regimes() {
    let output = run_cli(["--help"]).unwrap();
    assert!(output.figures.is_empty());
    for needle in [
        "--lr",
        "--steps",
        "--help",
        "a = 1",
        "0 < η < 2",
        "1 to 10000",
        "monotone, one step, oscillating, bouncing or diverging",
    ] {
        assert!(
            output.text.contains(needle),
            "--help does not mention {needle}"
        );
    }
}

fn verdict(arguments: &[&str]) -> String {
    let text = run_cli(arguments.iter().copied()).unwrap().text;
    text.lines()
        .find(|l| l.starts_with("Verdict: "))
        .unwrap_or_default()
        .to_string()
}

#[test]
fn the_readers_run_is_reported_and_drawn_outside_the_book() {
    let output = run_cli(["--lr", "0.9", "--steps", "30"]).unwrap();
    assert!(output.text.contains("a = 1"), "{}", output.text);
    assert!(output.text.contains("Verdict: monotone"));
    // x₃₀ = 2·0.1³⁰.
    assert!(
        output
            .text
            .contains(&format!("30     {}", scientific(2.0 * 0.1f64.powi(30), 4))),
        "{}",
        output.text
    );
    assert_eq!(output.directory, readers_figures(2));
    assert!(output.directory.ends_with("target/downhill/chapter2"));
    assert!(
        output
            .text
            .contains("Wrote your figure to target/downhill/chapter2/lr-0.9-steps-30.svg")
    );
    assert_eq!(output.figures.len(), 1);
    assert_eq!(output.figures[0].file_name, "lr-0.9-steps-30.svg");
    assert!(!output.figures[0].svg.contains("NaN"));

    assert!(verdict(&["--lr", "1.5"]).starts_with("Verdict: oscillating:"));
    assert!(verdict(&["--lr", "1"]).starts_with("Verdict: one step:"));
    assert!(verdict(&["--lr", "2", "--steps", "10"]).starts_with("Verdict: bouncing:"));
    // Only --steps: the default rate, 0.1.
    assert!(verdict(&["--steps", "5"]).starts_with("Verdict: monotone:"));
    // The rate where the verdict changes is 1/a.
    assert!(verdict(&["--lr", "0.99"]).starts_with("Verdict: monotone:"));
    assert!(verdict(&["--lr", "1.01"]).starts_with("Verdict: oscillating:"));
    // From 2 with ρ = 10⁻⁷, |x₁| = 2·10⁻⁷ ≤ 10⁻⁶: measured at step 1.
    let one = verdict(&["--lr", "0.9999999"]);
    assert!(one.contains("first at step 1 ("), "{one}");
}

#[test]
fn the_verdict_measures_the_arrival_or_labels_it_a_prediction() {
    // Within the run's budget: the step where |x| first falls to 10⁻⁶,
    // 2·0.99ᵗ ≤ 10⁻⁶, counted here without the chapter's formula.
    let count = count_until(START, 0.99, TOLERANCE);
    let within = verdict(&["--lr", "1.99", "--steps", "10000"]);
    assert!(
        within.contains(&format!("first at step {count} (")),
        "{within}"
    );
    // Beyond it: a prediction, said to be one, and never a step the run
    // did not take.
    let count = count_until(START, 0.999, TOLERANCE);
    assert!(count > MAX_STEPS);
    let beyond = verdict(&["--lr", "1.999", "--steps", "10000"]);
    assert!(
        beyond.contains(&format!(
            "theory: |x| ≤ 10⁻⁶ would take {count} steps, more than this run's 10000"
        )),
        "{beyond}"
    );
    // Counts too long to read are given in scientific notation.
    let long = verdict(&["--lr", "1e-10"]);
    assert!(long.contains("would take about 1.5 × 10¹¹ steps"), "{long}");
    assert!(!long.contains("0000000"), "{long}");
    // A walk that floating point will freeze gets no count at all.
    let frozen = verdict(&["--lr", "1e-16"]);
    assert!(frozen.contains("it will not reach |x| ≤ 10⁻⁶"), "{frozen}");
    assert!(frozen.contains("below x = 1.1102"), "{frozen}");
    assert!(!frozen.contains("steps"), "{frozen}");
}

#[test]
fn a_tiny_rate_freezes_the_walk_where_its_step_falls_below_half_a_spacing() {
    let report = report();
    let x = freeze_point(TINY_RATE, START, TOLERANCE).expect("η·a < ε/2 freezes");
    // Independently: below 2 the spacing is ε until x = 1, so the walk
    // freezes where η·x falls below ε/2, at x = ε/(2η), within rounding.
    let closed_form = f64::EPSILON / (2.0 * TINY_RATE);
    assert!(
        (x - closed_form).abs() <= 4.0 * f64::EPSILON,
        "{x} against {closed_form}"
    );
    assert_eq!(
        quote(&report, "freeze-tiny-rate"),
        significant(closed_form, 5)
    );
    assert_eq!(
        quote(&report, "half-epsilon"),
        scientific(f64::EPSILON / 2.0, 1)
    );
    // A walk started a hundred spacings above it comes down one spacing per
    // step and stops exactly there, and nowhere earlier.
    let above = x + 100.0 * f64::EPSILON;
    let run = walk(&BOWL, above, TINY_RATE, &StoppingRules::budget(150));
    let xs = run.first_coordinates();
    for (t, &v) in xs.iter().enumerate().take(101) {
        assert_eq!(v, above - t as f64 * f64::EPSILON, "step {t}");
    }
    assert!(xs[100..].iter().all(|&v| v == x));
    // 10⁻¹⁷ freezes at the start, and a rate of at least ε/2 never freezes.
    assert_eq!(freeze_point(1e-17, START, TOLERANCE), Some(START));
    for eta in [f64::EPSILON / 2.0, 1.2e-16, 1e-10, 0.1, 0.5] {
        assert_eq!(freeze_point(eta, START, TOLERANCE), None, "η = {eta}");
    }
}

#[test]
fn the_floor_bound_holds_only_for_walks_that_get_near_the_bottom() {
    // With η = 10⁻¹⁷ the walk toward 0 never leaves x = 2, though the
    // bound 2⁻¹⁰⁷⁴/(2(1 − ρ)) is about 2.5·10⁻³⁰⁷: (1 − ρ)·2 is less than
    // half the spacing ε below 2.
    let still = walk(&BOWL, START, 1e-17, &StoppingRules::budget(10));
    assert!(still.first_coordinates().iter().all(|&x| x == START));
    // (1 − ρ = ηa exactly; in doubles 1 − 10⁻¹⁷ rounds to 1.)
    assert!(spacing_next_to(0.0) / (2.0 * 1e-17 * A) < 1e-300);
    const { assert!(1e-17 * START < f64::EPSILON / 2.0) };
    // With η = 10⁻¹⁶ the walk toward c = 1 never leaves x₀ = 3: the spacing
    // there is 2ε and the step 2·10⁻¹⁶ is less than half of it.
    let shifted = walk(
        &SHIFTED,
        SHIFTED_START,
        TINY_RATE,
        &StoppingRules::budget(10),
    );
    assert!(
        shifted
            .first_coordinates()
            .iter()
            .all(|&x| x == SHIFTED_START)
    );
    assert_eq!(SHIFTED_START.next_up() - SHIFTED_START, 2.0 * f64::EPSILON);
    const { assert!(TINY_RATE * (SHIFTED_START - 1.0) < f64::EPSILON) };
    // The walk with η = 0.05 ends at 10ε, the bound for η = 1/20 exactly,
    // and a hair outside the bound for the double nearest 0.05, which is
    // larger than 1/20: 20·0.05 − 1 is a few parts in 10¹⁷ (exactly, in
    // integers: 0.05 = m·2⁻⁵⁶).
    let report = report();
    assert_eq!(report.endings[0].eta, 0.05);
    assert_eq!(report.endings[0].distance(), 10.0 * f64::EPSILON);
    assert_eq!(quote(&report, "first-frozen-units"), "10ε");
    let m = (0.05f64 * 2f64.powi(56)) as i128;
    assert_eq!(m as f64 * 2f64.powi(-56), 0.05);
    assert!(20 * m > 1i128 << 56, "the double 0.05 is above 1/20");
    // η = 0.25 is exact and ends exactly on its bound, 2ε.
    let quarter = report.endings.iter().find(|e| e.eta == 0.25).unwrap();
    assert_eq!(quarter.distance(), floor_bound(0.25, A, 1.0));
}

#[test]
fn a_readers_diverged_run_marks_where_it_was_stopped() {
    let output = run_cli(["--lr", "2.5"]).unwrap();
    let figure = &output.figures[0];
    for svg in [&figure.svg, &figure.narrow] {
        assert!(
            svg.contains("diverged: stopped at step"),
            "{}",
            figure.file_name
        );
    }
}

#[test]
fn a_diverging_run_is_named_whether_or_not_descend_has_stopped_it() {
    // |x| = 2·1.5ᵗ, the loss 2·2.25ᵗ passes 10⁶·(1 + 2) at the smallest t
    // with 2.25ᵗ > 1.5·10⁶.
    let mut t = 0;
    while 2.0 * 2.25f64.powi(t) <= 3e6 {
        t += 1;
    }
    let stopped = verdict(&["--lr", "2.5"]);
    assert!(stopped.starts_with("Verdict: diverging:"), "{stopped}");
    assert!(
        stopped.contains(&format!("stopped the run at step {t}, when the size of the loss passed 10⁶·(1 + |f(x₀)|) = 3 × 10⁶")),
        "{stopped}"
    );
    let slow = verdict(&["--lr", "2.01", "--steps", "30"]);
    assert!(slow.starts_with("Verdict: diverging:"), "{slow}");
    assert!(slow.contains("has not stopped the run"), "{slow}");
    // Just above the threshold descend stops it after many steps: the loss
    // 2·1.001²ᵗ passes 3·10⁶ at the smallest such t.
    let mut t = 0;
    while 2.0 * 1.001f64.powi(2 * t) <= 3e6 {
        t += 1;
    }
    let edge = verdict(&["--lr", "2.001", "--steps", "10000"]);
    assert!(
        edge.contains(&format!("stopped the run at step {t},")) || {
            // The recorded walk multiplies by the rounded 1 − 2.001, so the
            // step may differ by one from the exact count.
            edge.contains(&format!("stopped the run at step {},", t + 1))
                || edge.contains(&format!("stopped the run at step {},", t - 1))
        },
        "{edge}"
    );
    let huge = run_cli(["--lr", "1e300"]).unwrap();
    assert!(huge.text.contains("the first step already overflowed"));
    assert!(!huge.figures[0].svg.contains("NaN"));
    assert_eq!(huge.figures[0].file_name, "lr-1e300-steps-30.svg");
}

#[test]
fn steps_that_round_away_freeze_the_walk() {
    // The walk moves down from x = 2, where the doubles below 2 are ε
    // apart: a step η·2 below half of that, ε/2, rounds away.
    // 10⁻¹⁶·2 is above ε/2 (and below ε: each step moves x by exactly one
    // spacing), 10⁻¹⁷·2 and 10⁻²⁰·2 are below it.
    let crawl = walk(&BOWL, START, 1e-16, &StoppingRules::budget(30));
    for (t, x) in crawl.first_coordinates().iter().enumerate() {
        assert_eq!(*x, START - t as f64 * f64::EPSILON);
    }
    assert!(verdict(&["--lr", "1e-16"]).starts_with("Verdict: monotone:"));
    assert!(verdict(&["--lr", "1e-17"]).starts_with("Verdict: frozen:"));
    assert!(verdict(&["--lr", "1e-20"]).starts_with("Verdict: frozen:"));
}

#[cfg(has_solutions)]
#[test]
fn the_reference_count_stops_when_the_walk_stops() {
    // A tolerance of 0 is never reached in floating point: the walk
    // freezes at 4·2⁻¹⁰⁷⁴ (see above), and the answer is None, not a loop
    // for ever.
    assert_eq!(solutions::steps_to_tolerance(2.0, 0.1, 1.0, 0.0), None);
    // An oscillating rate ends in a two-point cycle among the subnormals
    // (x and −x, never 0): None again.
    let run = walk(&BOWL, 2.0, 1.9, &StoppingRules::budget(ZERO_BUDGET));
    let xs = run.first_coordinates();
    let n = xs.len();
    assert!(xs[n - 1] == xs[n - 3] && xs[n - 1] == -xs[n - 2] && xs[n - 1] != 0.0);
    assert_eq!(solutions::steps_to_tolerance(2.0, 1.9, 1.0, 0.0), None);
    // The one-step rate reaches 0 exactly.
    assert_eq!(solutions::steps_to_tolerance(2.0, 1.0, 1.0, 0.0), Some(1));
}

#[test]
fn no_options_is_the_book_run() {
    let output = run_cli([]).unwrap();
    assert_eq!(output.directory, book_figures(2));
    let names: Vec<&str> = output
        .figures
        .iter()
        .map(|f| f.file_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "walks.svg",
            "contraction.svg",
            "loss-curves.svg",
            "two-curvatures.svg",
            "floor.svg",
            "endings.svg"
        ]
    );
    assert!(output.text.starts_with("Chapter 2: the learning rate\n"));
    assert!(
        output
            .text
            .ends_with("\nWrote 6 figures to book/src/figures/chapter2\n")
    );
    // Every number the prose quotes is printed.
    for q in report().quotes() {
        assert!(output.text.contains(&q.text), "{} is not printed", q.name);
    }
}

#[test]
fn the_worked_answers_hold() {
    // Question 1: ρ = 0.5 either way; 2·0.5ᵗ ≤ 10⁻³ first at t = 11.
    for eta in [0.5, 1.5] {
        let run = walk(
            &BOWL,
            START,
            eta,
            &StoppingRules::budget(100).with_gradient_tolerance(1e-3),
        );
        assert_eq!(run.outcome.converged_at(), Some(11), "η = {eta}");
    }
    // Question 6: near c = 1000 the doubles are 2⁻⁴³ apart, and the walk
    // with η = 0.1 ends within 5·2⁻⁴³ ≈ 5.7·10⁻¹³, its loss below 1.6·10⁻²⁵.
    let far = Parabola {
        curvature: 1.0,
        minimum: 1000.0,
    };
    assert_eq!(spacing_next_to(1000.0), 2f64.powi(-43));
    assert_relative_eq!(
        floor_bound(0.1, 1.0, 1000.0),
        5.0 * 2f64.powi(-43),
        max_relative = 1e-12
    );
    let end = ending(&far, 1002.0, 0.1, SETTLE_BUDGET).expect("the walk settles");
    assert!(end.distance() <= 5.0 * 2f64.powi(-43) * (1.0 + 1e-9));
    assert!(0.5 * end.distance() * end.distance() <= 1.62e-25);
}
