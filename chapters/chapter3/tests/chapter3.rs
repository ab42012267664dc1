//! Chapter 3's numbers against theory and the closed form, and its command
//! line against good and bad input; the kit's check covers its figures, its
//! quotes and its exercises.

use approx::assert_relative_eq;
use chapter3::*;
use descent::data::Sample;
use descent::derivative::numerical_gradient;
use descent::line::{
    MeanSquaredError, SampleLoss, curvatures, hessian, least_squares, sample_gradient,
};
use descent::{Objective, Outcome, Sampler, Sampling, Sgd, StoppingRules, descend_sampled};
use harness::Output;
use harness::cli::CliError;
use harness::paths::{book_figures, readers_figures};

fn run_cli<'a>(arguments: impl IntoIterator<Item = &'a str>) -> Result<Output, CliError> {
    harness::run_cli(&Chapter3, arguments)
}

fn report() -> Report {
    Report::compute()
}

#[test]
fn the_chapter_passes_the_kits_check() {
    harness::check(&Chapter3);
}

#[test]
fn both_partial_derivatives_match_finite_differences_at_many_random_points() {
    let report = report();
    assert_eq!(report.worst_check, worst_gradient_check(CHECK_POINTS, SEED));
    // A wrong formula (a missing x, a stray factor 2) misses by order one.
    assert!(report.worst_check < 1e-8, "{}", report.worst_check);
    // And the formulas are the ones the chapter derives.
    let s = Sample { x: 1.5, y: -2.0 };
    let (w, b) = (0.7, 0.4);
    let error = w * s.x + b - s.y;
    assert_eq!(sample_gradient(w, b, &s), [error * s.x, error]);
}

#[test]
fn without_the_half_both_derivatives_double() {
    /// `(wx + b − y)²`, with no ½.
    struct NoHalf(Sample);
    impl Objective for NoHalf {
        fn dimension(&self) -> usize {
            2
        }
        fn value(&self, p: &[f64]) -> f64 {
            (p[0] * self.0.x + p[1] - self.0.y).powi(2)
        }
        fn gradient(&self, _: &[f64]) -> Vec<f64> {
            unreachable!("only the numerical gradient is used")
        }
    }
    let s = Sample { x: -1.2, y: 0.8 };
    let p = [0.3, 2.0];
    let with_half = SampleLoss { sample: s }.gradient(&p);
    let without = numerical_gradient(&NoHalf(s), &p);
    for i in 0..2 {
        assert_relative_eq!(without[i], 2.0 * with_half[i], max_relative = 1e-8);
    }
}

#[test]
fn least_squares_solves_the_normal_equations() {
    let report = report();
    let data = report.data();
    let best = report.batch.best;
    // H·(w, b) = (mean xy, mean y), solved here by Cramer's rule.
    let h = hessian(data);
    let n = data.len() as f64;
    let mean_xy = data.samples.iter().map(|s| s.x * s.y).sum::<f64>() / n;
    let mean_y = data.samples.iter().map(|s| s.y).sum::<f64>() / n;
    let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
    let w = (mean_xy * h[1][1] - h[0][1] * mean_y) / det;
    let b = (h[0][0] * mean_y - h[1][0] * mean_xy) / det;
    assert_relative_eq!(best.w, w, max_relative = 1e-12);
    assert_relative_eq!(best.b, b, max_relative = 1e-12);
}

#[test]
fn full_batch_descent_reaches_the_closed_form_to_one_part_in_a_million() {
    let report = report();
    let batch = &report.batch;
    assert_eq!(
        batch.trajectory.outcome,
        Outcome::BudgetExhausted { steps: BATCH_STEPS }
    );
    assert!(batch.relative_error() < 1e-6, "{}", batch.relative_error());
    // Exactly as theory says: the error is multiplied by I − ηH every step.
    let h = hessian(&batch.data);
    let mut e = [START[0] - batch.best.w, START[1] - batch.best.b];
    for t in 0..=BATCH_STEPS {
        let p = &batch.trajectory.points[t];
        assert!((p[0] - batch.best.w - e[0]).abs() < 1e-12, "step {t}");
        assert!((p[1] - batch.best.b - e[1]).abs() < 1e-12, "step {t}");
        e = [
            e[0] - BATCH_ETA * (h[0][0] * e[0] + h[0][1] * e[1]),
            e[1] - BATCH_ETA * (h[1][0] * e[0] + h[1][1] * e[1]),
        ];
    }
    // The loss never rises: η is below 2/λ_max, so every step goes downhill.
    for pair in batch.trajectory.losses.windows(2) {
        assert!(pair[1] <= pair[0]);
    }
}

#[test]
fn the_batch_threshold_is_two_over_the_largest_curvature() {
    let report = report();
    let (big, small) = curvatures(report.data());
    let threshold = report.batch.batch_threshold();
    assert_relative_eq!(threshold, 2.0 / big);
    assert!(
        small > 0.0,
        "the x values differ, so the bowl is strictly convex"
    );
    let run = |eta: f64| {
        Experiment::run(&Settings {
            eta,
            steps: 3000,
            ..Settings::book(Mode::Batch)
        })
    };
    let below = run(0.97 * threshold);
    assert!(below.relative_error() < 1e-6, "{}", below.relative_error());
    let above = run(1.03 * threshold);
    assert!(
        above.trajectory.outcome.diverged(),
        "{:?}",
        above.trajectory.outcome
    );
}

#[test]
fn sgd_ends_within_three_root_mean_square_distances_of_the_closed_form() {
    let report = report();
    let expected = report.sgd_expected();
    let distance = report.sgd.distance();
    assert!(
        distance < expected.tolerance(),
        "{distance} ≥ {}",
        expected.tolerance()
    );
    assert_relative_eq!(expected.tolerance(), 3.0 * expected.final_rms());
    // Not at the bottom: the noise is real.
    assert!(distance > 1e-3);
}

#[test]
fn the_sgd_prediction_matches_many_seeded_runs() {
    // Theory says E‖θ_T − θ*‖²; average over 100 runs that differ only in
    // the draws of samples. ‖e‖² has a relative spread of about 1, so the
    // mean of 100 is within ±30% with overwhelming probability.
    let report = report();
    let data = report.data();
    let best = report.batch.best;
    let settings = Settings::book(Mode::Sgd);
    let loss = MeanSquaredError { data };
    let runs = 100;
    let mut sum = 0.0;
    for k in 0..runs {
        let mut sampler =
            Sampler::new(Sampling::WithReplacement { batch: 1 }, data.len(), 1000 + k);
        let mut sgd = Sgd::new(settings.schedule());
        let rules = StoppingRules::budget(SGD_STEPS);
        let run = descend_sampled(&loss, &mut sampler, &mut sgd, &START, &rules);
        let end = run.final_point();
        sum += (end[0] - best.w).powi(2) + (end[1] - best.b).powi(2);
    }
    let measured = sum / runs as f64;
    let predicted = report.sgd_expected().square_distance[SGD_STEPS];
    assert_relative_eq!(measured, predicted, max_relative = 0.3);
}

#[test]
fn least_squares_differs_from_the_true_line_by_noise_alone() {
    let report = report();
    let best = report.batch.best;
    let (se_w, se_b) = report.standard_errors();
    // Typical for noise: within a standard error or so (the text says
    // "less than one" for the book's seed).
    assert!((best.w - TRUTH.slope).abs() < se_w);
    assert!((best.b - TRUTH.intercept).abs() < se_b);
    // On its own data, the least-squares line beats even the truth.
    let truth = descent::line::Line {
        w: TRUTH.slope,
        b: TRUTH.intercept,
    };
    assert!(report.batch.loss(best) < report.batch.loss(truth));
    // se(w) = σ/√(n·var x): for x uniform on [0, 2), var x ≈ 1/3, so about 0.12.
    assert_relative_eq!(se_w, 0.5 / (50.0f64 / 3.0).sqrt(), max_relative = 0.1);
    assert_eq!(least_squares(report.data()), Some(best));
}

#[test]
fn the_table_cadence_is_sensible() {
    assert_eq!(cadence(500), vec![0, 1, 2, 5, 10, 20, 50, 100, 200, 500]);
    assert_eq!(
        cadence(2500),
        vec![0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 2500]
    );
    assert_eq!(cadence(1), vec![0, 1]);
}

#[test]
fn no_options_print_the_report_and_redraw_the_books_figures() {
    let output = run_cli([]).unwrap();
    assert_eq!(output.directory, book_figures(3));
    assert_eq!(output.figures.len(), 4);
    assert!(output.text.starts_with("Chapter 3"));
    assert!(
        output
            .text
            .contains("Wrote 4 figures to book/src/figures/chapter3")
    );
}

#[test]
fn options_run_the_readers_experiment_and_never_touch_the_book() {
    for arguments in [
        vec!["--lr", "0.3"],
        vec!["--mode", "sgd", "--steps", "500", "--seed", "9"],
        vec!["--mode=batch"],
        vec!["--seed", "18446744073709551615"],
    ] {
        let output = run_cli(arguments.clone()).unwrap();
        assert_eq!(output.directory, readers_figures(3), "{arguments:?}");
        assert!(output.directory.ends_with("target/downhill/chapter3"));
        assert_eq!(output.figures.len(), 3, "{arguments:?}");
        assert!(output.text.contains("least squares (exact)"));
        assert!(!output.text.contains("NaN"));
    }
    let sgd = run_cli(["--mode", "sgd", "--seed", "9"]).unwrap();
    assert!(sgd.text.contains("seed 9") && sgd.text.contains("theory"));
}

#[test]
fn a_diverging_learning_rate_is_reported_not_plotted() {
    for arguments in [vec!["--lr", "5"], vec!["--mode", "sgd", "--lr", "5"]] {
        let output = run_cli(arguments.clone()).unwrap();
        assert!(output.text.contains("diverged at step"), "{}", output.text);
        assert!(output.text.contains("try a smaller --lr"));
        assert!(output.figures.is_empty());
        assert!(!output.text.contains("NaN") && !output.text.contains("inf"));
    }
    let batch = run_cli(["--lr", "5"]).unwrap();
    assert!(batch.text.contains("stable only for η < 0.94"));
}

#[test]
fn bad_options_give_one_line_naming_the_valid_range() {
    let cases: [(&[&str], &str); 6] = [
        (&["--lr", "abc"], "--lr must be a number greater than 0"),
        (&["--lr", "-1"], "--lr must be a number greater than 0"),
        (
            &["--steps", "0"],
            "--steps must be a whole number from 1 to 100000",
        ),
        (&["--seed", "x"], "--seed must be a whole number from 0 to"),
        (&["--mode", "adam"], "--mode must be one of batch, sgd"),
        (&["--momentum", "0.9"], "unknown option --momentum"),
    ];
    for (arguments, message) in cases {
        let error = run_cli(arguments.iter().copied()).unwrap_err();
        assert!(error.0.contains(message), "{arguments:?}: {}", error.0);
        assert!(!error.0.contains('\n'), "one line: {}", error.0);
    }
}

#[test]
fn help_lists_every_option() {
    let output = run_cli(["--help"]).unwrap();
    for option in ["--mode batch|sgd", "--lr", "--steps", "--seed", "--help"] {
        assert!(output.text.contains(option), "{option}");
    }
    assert!(output.figures.is_empty());
}

#[test]
fn the_try_it_claims_hold() {
    let report = report();
    let run = |mode: Mode, eta: f64, steps: usize| {
        Experiment::run(&Settings {
            eta,
            steps,
            ..Settings::book(mode)
        })
    };
    // Just below the threshold: converges, and faster than the book's η.
    let bold = run(Mode::Batch, 0.9, BATCH_STEPS);
    assert!(bold.distance() < report.batch.distance());
    // A timid SGD start ends farther away, in theory and in this run.
    let timid = run(Mode::Sgd, 0.05, SGD_STEPS);
    let expected = timid.expected.as_ref().unwrap();
    assert!(expected.final_rms() > 3.0 * report.sgd_expected().final_rms());
    assert!(timid.distance() > report.sgd.distance());
    // Ten times the steps: about √10 times closer, in root-mean-square terms.
    let long = run(Mode::Sgd, SGD_ETA, 10 * SGD_STEPS);
    let ratio = report.sgd_expected().final_rms() / long.expected.as_ref().unwrap().final_rms();
    assert!((ratio - 10f64.sqrt()).abs() < 0.3, "{ratio}");
}
