//! Chapter 2's numbers against theory, and the reader's command line; the
//! kit's check covers its figures, its quotes and its exercises.

use approx::assert_relative_eq;
use chapter2::*;
use descent::{Criterion, Divergence, Outcome, Parabola, StoppingRules};
use harness::Output;
use harness::cli::CliError;
use harness::paths::{book_figures, readers_figures};

fn run_cli<'a>(arguments: impl IntoIterator<Item = &'a str>) -> Result<Output, CliError> {
    harness::run_cli(&Chapter2, arguments)
}

fn report() -> Report {
    Report::compute()
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
        for eta_a in CONTRACTION_RATES {
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
                assert_relative_eq!(factor, contraction(eta, a), max_relative = 1e-12);
            }
        }
    }
    // The report's measured factors are the theory's.
    for (eta, factor) in report().factors {
        assert_relative_eq!(factor, contraction(eta, A), max_relative = 1e-12);
    }
}

#[test]
fn converges_just_below_two_over_a_and_diverges_just_above() {
    for a in [0.5, 1.0, 6.0, 40.0] {
        let bowl = Parabola::new(a);
        let limit = threshold(a);
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
        let expected = steps_to_reach(START * A, TOLERANCE, contraction(*eta, A));
        assert_eq!(
            *outcome,
            Outcome::Converged {
                criterion: Criterion::GradientNorm,
                step: expected
            },
            "η = {eta}"
        );
    }
    // Too small and too large by the same margin are equally slow.
    assert_eq!(report.count(0.1), report.count(1.9));
    assert_eq!(report.count(0.5), report.count(1.5));
    // The ant: ten times smaller steps, about ten times more of them
    // (ln(1/0.99) ≈ 0.01, ln(1/0.9) ≈ 0.105).
    let steps = |o: Outcome| match o {
        Outcome::Converged { step, .. } => step as f64,
        _ => panic!("{o:?}"),
    };
    let ratio = steps(report.count(0.01)) / steps(report.count(0.1));
    assert!((10.0..11.0).contains(&ratio), "{ratio}");
}

#[test]
fn a_divergent_run_is_stopped_where_the_loss_runs_away() {
    let report = report();
    let run = report.loss_run(2.1);
    // |xₜ| = 2·1.1ᵗ and f = |xₜ|²/2 = 2·1.21ᵗ; the runaway limit is
    // 10⁶·(1 + f(x₀)) = 3·10⁶.
    let limit = 1e6 * (1.0 + BOWL.at(START));
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
    assert!(run.final_loss() > limit);
    assert!(run.losses.iter().all(|l| l.is_finite()));
    // η = 2 neither converges nor diverges; η = 0.5 and 1.5 fall alike.
    assert!(report.loss_run(2.0).losses.iter().all(|&l| l == 2.0));
    assert_eq!(
        report.loss_run(0.5).losses,
        report.loss_run(1.5).losses,
        "(1 − 0.5) and (1 − 1.5) are ±0.5, exact in binary"
    );
}

#[test]
fn runs_are_classified_as_theory_says() {
    let run_at = |eta: f64| walk(&BOWL, START, eta, &StoppingRules::budget(30));
    let kind = |eta: f64| describe(&classify(&run_at(eta), 0.0));
    for k in 1..100 {
        let eta = k as f64 / 40.0;
        let expected = if eta < 1.0 {
            "monotone convergence"
        } else if eta == 1.0 {
            "one step to the bottom"
        } else if eta < 2.0 {
            "oscillating convergence"
        } else if eta == 2.0 {
            "stalls at the boundary"
        } else {
            "divergence"
        };
        assert_eq!(kind(eta), expected, "η = {eta}");
    }
    assert_eq!(kind(2.0 - 1e-9), "oscillating convergence");
    assert_eq!(kind(2.0 + 1e-9), "divergence");
    assert_eq!(kind(1e-20), "frozen");
    assert_eq!(
        classify(&run_at(1e300), 0.0),
        Behaviour::Diverging { factor: None }
    );
    let Behaviour::Oscillating { factor } = classify(&run_at(1.9), 0.0) else {
        panic!("η = 1.9 oscillates");
    };
    assert_relative_eq!(factor, 0.9, max_relative = 1e-12);
}

#[test]
fn a_bottom_away_from_zero_puts_a_floor_under_the_loss() {
    let report = report();
    let (step, d) = report.floor();
    // The shifted walk stops a whole number of spacings above 1 …
    assert!(step < FLOOR_BUDGET);
    assert!(d > 0.0);
    assert_eq!(d / SPACING, (d / SPACING).round());
    assert_eq!(d, 4.0 * SPACING);
    // … because there the step η·a·(x − 1) is below half a spacing, and
    // x − step rounds back to x.
    let x = 1.0 + d;
    assert!(FLOOR_RATE * A * d < SPACING / 2.0);
    assert_eq!(x - FLOOR_RATE * SHIFTED.slope(x), x);
    assert!(d <= floor_bound(FLOOR_RATE, A));
    // The loss there is (a/2)·d², computed exactly from an exact d.
    assert_eq!(report.shifted.final_loss(), 0.5 * A * d * d);
    // The two walks are one walk in exact arithmetic; in floating point they
    // agree to a few spacings until the shifted one runs out of doubles.
    let shifted = report.shifted.first_coordinates();
    let unshifted = report.unshifted.first_coordinates();
    for t in 0..=FLOOR_BUDGET {
        assert!(
            ((shifted[t] - 1.0) - unshifted[t]).abs() <= 5e-15,
            "step {t}"
        );
    }
    // The unshifted walk keeps falling as 2·0.81ᵗ.
    assert_relative_eq!(
        report.unshifted.final_loss(),
        2.0 * 0.81f64.powi(FLOOR_BUDGET as i32),
        max_relative = 1e-10
    );
    assert!(report.unshifted.final_loss() < report.shifted.final_loss() * 1e-10);
}

#[test]
fn every_walk_ends_within_the_bound_and_small_contractions_land_exactly() {
    let report = report();
    assert_eq!(report.endings.len(), ending_rates().len());
    for ending in &report.endings {
        let eta = ending.eta;
        // Inclusive, with room for the rounding of 1 − ρ itself: at η = 0.05
        // the walk rests exactly on the bound (a tie, rounded to even).
        assert!(
            ending.distance() <= floor_bound(eta, A) * (1.0 + 1e-9),
            "η = {eta}: {:?}",
            ending.distances
        );
        if contraction(eta, A) <= 0.5 {
            assert!(ending.exact(), "η = {eta}: {:?}", ending.distances);
        }
        if eta < 0.5 {
            assert!(ending.distance() >= SPACING, "η = {eta}");
            assert_eq!(ending.distances.len(), 1, "η = {eta}: frozen, not cycling");
        }
        if eta > 1.0 && !ending.exact() {
            assert_eq!(ending.distances.len(), 2, "η = {eta}: a two-point cycle");
            assert!(ending.distances[0] < 0.0 && ending.distances[1] > 0.0);
        }
    }
    let (low, high) = report.exact_range();
    assert_eq!(low, 0.5);
    assert!((1.5..2.0).contains(&high), "{high}");
}

#[test]
fn the_quotes_say_what_theory_says() {
    let report = report();
    let text = |name: &str| {
        report
            .quotes()
            .into_iter()
            .find(|q| q.name == name)
            .unwrap_or_else(|| panic!("no quote {name}"))
            .text
    };
    assert_eq!(text("steps-eta-0.01"), "1444 steps");
    assert_eq!(text("steps-eta-0.1"), "138 steps");
    assert_eq!(text("steps-eta-0.5"), "21 steps");
    assert_eq!(text("steps-eta-1"), "1 step");
    assert_eq!(text("steps-eta-1.9"), "138 steps");
    assert_eq!(text("divergence-eta-2.1"), "diverged at step 75");
    assert_eq!(text("spacing"), "2.2 × 10⁻¹⁶");
    assert_eq!(text("floor-spacings"), "4 spacings");
    assert_eq!(text("exact-landing-range"), "0.50 to 1.70");
    assert_relative_eq!(
        report.loss_run(0.1).final_loss(),
        2.0 * 0.81f64.powi(BUDGET as i32),
        max_relative = 1e-12
    );
    // Frozen walks rest a whole number of spacings above c, under the bound.
    assert_eq!(text("frozen-spacings"), "10, 4, 3, 2, 2, 1, 1, 1, 1");
    assert_eq!(text("cycle-spacings"), "1, 1, 1, 2, 5");
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
fn help_lists_the_options_and_the_curvature() {
    let output = run_cli(["--help"]).unwrap();
    assert_eq!(output.text, harness::help(&Chapter2));
    assert!(output.figures.is_empty());
    for needle in [
        "--lr",
        "--steps",
        "--help",
        "a = 1",
        "0 < η < 2",
        "1 to 10000",
    ] {
        assert!(
            output.text.contains(needle),
            "--help does not mention {needle}"
        );
    }
}

#[test]
fn the_readers_run_is_reported_and_drawn_outside_the_book() {
    let output = run_cli(["--lr", "0.9", "--steps", "30"]).unwrap();
    assert!(output.text.contains("a = 1"), "{}", output.text);
    assert!(output.text.contains("Verdict: monotone convergence"));
    assert!(
        output.text.contains("30     2.0000 × 10⁻³⁰"),
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

    let verdict = |arguments: &[&str]| {
        let text = run_cli(arguments.iter().copied()).unwrap().text;
        text.lines()
            .find(|l| l.starts_with("Verdict: "))
            .unwrap_or_default()
            .to_string()
    };
    assert!(verdict(&["--lr", "1.5"]).starts_with("Verdict: oscillating convergence"));
    assert!(verdict(&["--lr", "1"]).starts_with("Verdict: one step to the bottom"));
    assert!(
        verdict(&["--lr", "2", "--steps", "10"]).starts_with("Verdict: stalls at the boundary")
    );
    let diverged = verdict(&["--lr", "2.5"]);
    assert!(diverged.starts_with("Verdict: divergence"), "{diverged}");
    assert!(
        diverged.contains("stopped the run at step 18"),
        "{diverged}"
    );
    let slow = verdict(&["--lr", "2.01", "--steps", "30"]);
    assert!(slow.contains("has not stopped it"), "{slow}");
    let huge = run_cli(["--lr", "1e300"]).unwrap();
    assert!(huge.text.contains("the first step already overflowed"));
    assert!(!huge.figures[0].svg.contains("NaN"));
    assert_eq!(huge.figures[0].file_name, "lr-1e300-steps-30.svg");
    // Only --steps: the default rate.
    assert!(verdict(&["--steps", "5"]).starts_with("Verdict: monotone convergence"));
}

#[test]
fn no_options_is_the_chapter() {
    let output = run_cli([]).unwrap();
    assert_eq!(output.directory, book_figures(2));
    assert_eq!(output.figures.len(), 5);
    assert_eq!(
        output.text,
        format!(
            "{}\nWrote 5 figures to book/src/figures/chapter2\n",
            report()
        )
    );
}
