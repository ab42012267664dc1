//! Chapter 4's numbers against closed forms and independent computations,
//! and its command line; the kit's check covers figures, quotes and
//! exercises.

use approx::assert_relative_eq;
use chapter4::*;
use descent::data::{DataSet, Sample};
use descent::derivative::numerical_gradient;
use descent::linalg::{Matrix, condition_number, symmetric_eigen};
use descent::line::{MeanSquaredError, SampleLoss, hessian, least_squares, sample_gradient};
use descent::{Objective, Outcome};
use harness::Output;
use harness::cli::CliError;
use harness::paths::{book_figures, readers_figures};

/// The book's run, computed once for all the tests of this file.
fn report() -> &'static Report {
    static REPORT: std::sync::OnceLock<Report> = std::sync::OnceLock::new();
    REPORT.get_or_init(Report::compute)
}

fn run_cli<'a>(arguments: impl IntoIterator<Item = &'a str>) -> Result<Output, CliError> {
    harness::run_cli(&Chapter4, arguments)
}

#[test]
fn the_chapter_passes_the_kits_check() {
    harness::check(&Chapter4);
}

#[test]
fn one_point_is_a_trough_with_a_singular_hessian_and_its_floor_line() {
    let s = Sample { x: 2.5, y: -1.0 };
    let one = SampleLoss { sample: s };
    // The Hessian by finite differences of the gradient: [[x², x], [x, 1]].
    let h = 1e-5;
    let p = [0.7, 0.3];
    let mut hess = [[0.0; 2]; 2];
    for j in 0..2 {
        let mut up = p;
        let mut down = p;
        up[j] += h;
        down[j] -= h;
        let (gu, gd) = (one.gradient(&up), one.gradient(&down));
        for i in 0..2 {
            hess[i][j] = (gu[i] - gd[i]) / (2.0 * h);
        }
    }
    let expected = [[s.x * s.x, s.x], [s.x, 1.0]];
    for i in 0..2 {
        for j in 0..2 {
            assert!((hess[i][j] - expected[i][j]).abs() < 1e-6, "{hess:?}");
        }
    }
    let det = expected[0][0] * expected[1][1] - expected[0][1] * expected[1][0];
    assert_eq!(det, 0.0);
    // Zero loss all along the floor b = y − x·w.
    for w in [-3.0, 0.0, 1.0, 10.0] {
        assert_eq!(one.value(&[w, s.y - s.x * w]), 0.0);
    }
    // A point at x = 0 has no pull on w, ever.
    let origin = Sample { x: 0.0, y: 3.0 };
    for p in [[1.0, 2.0], [-5.0, 7.0]] {
        assert_eq!(sample_gradient(p[0], p[1], &origin)[0], 0.0);
    }
}

#[test]
fn the_mean_loss_hessian_is_made_of_the_inputs() {
    let report = report();
    let data = &report.data;
    // x = 1, …, 10 exactly: mean x = 5.5, mean x² = 38.5.
    let xs: Vec<f64> = data.samples.iter().map(|s| s.x).collect();
    assert_eq!(xs, (1..=10).map(f64::from).collect::<Vec<_>>());
    let h = hessian(data);
    assert_eq!(h, [[38.5, 5.5], [5.5, 1.0]]);
    // The Hessian by finite differences of the mean loss's gradient agrees.
    let loss = MeanSquaredError { data };
    let g0 = loss.gradient(&[0.3, -0.2]);
    let g1 = loss.gradient(&[1.3, -0.2]);
    assert_relative_eq!(g1[0] - g0[0], 38.5, max_relative = 1e-12);
    assert_relative_eq!(g1[1] - g0[1], 5.5, max_relative = 1e-12);
    // The curvatures are the roots of λ² − 39.5λ + 8.25 = 0.
    let raw = report.walk(Scaling::Raw).curvature;
    let root = (39.5f64 * 39.5 - 4.0 * 8.25).sqrt();
    assert_relative_eq!(raw.largest, (39.5 + root) / 2.0, max_relative = 1e-14);
    assert_relative_eq!(raw.smallest, (39.5 - root) / 2.0, max_relative = 1e-12);
    assert_relative_eq!(raw.condition_number(), 187.115_867_8, max_relative = 1e-9);
}

#[test]
fn kappa_and_the_best_rates_match_their_closed_forms() {
    let report = report();
    let raw = report.walk(Scaling::Raw).curvature;
    let centred = report.walk(Scaling::Centred).curvature;
    let standardised = report.walk(Scaling::Standardised).curvature;
    // Centred: H = diag(var x, 1) = diag(8.25, 1).
    assert_relative_eq!(centred.largest, 8.25, max_relative = 1e-14);
    assert_relative_eq!(centred.smallest, 1.0, max_relative = 1e-14);
    assert_relative_eq!(centred.best_rate(), 2.0 / 9.25, max_relative = 1e-14);
    assert_relative_eq!(centred.best_factor(), 7.25 / 9.25, max_relative = 1e-14);
    // Standardised: H = I.
    assert_relative_eq!(standardised.condition_number(), 1.0, max_relative = 1e-14);
    assert_relative_eq!(standardised.best_rate(), 1.0, max_relative = 1e-14);
    // Raw: η* = 2/trace, ρ* = (κ − 1)/(κ + 1), and η* sits below 2/λ_max.
    assert_relative_eq!(raw.best_rate(), 2.0 / 39.5, max_relative = 1e-14);
    let kappa = raw.condition_number();
    assert_relative_eq!(
        1.0 - raw.best_rate() * raw.smallest,
        (kappa - 1.0) / (kappa + 1.0),
        max_relative = 1e-12
    );
    assert_relative_eq!(
        raw.best_rate() * raw.largest - 1.0,
        (kappa - 1.0) / (kappa + 1.0),
        max_relative = 1e-12
    );
    assert!(raw.best_rate() < raw.threshold());
    // Scaling x changes the landscape, not the best line.
    let best = least_squares(&report.data).unwrap();
    for walk in &report.walks {
        // Raw, 1000 steps leave a distance of about ρ*¹⁰⁰⁰ ≈ 2 × 10⁻⁵ of the start's.
        let tolerance = if walk.scaling == Scaling::Raw {
            1e-4
        } else {
            1e-10
        };
        let end = walk.raw_line();
        assert_relative_eq!(end.w, best.w, max_relative = tolerance);
        assert_relative_eq!(end.b, best.b, max_relative = tolerance);
    }
}

#[test]
fn steps_to_a_millionfold_match_the_closed_form() {
    let report = report();
    let expected = [647, 29, 1];
    for (walk, expected) in report.walks.iter().zip(expected) {
        let c = walk.curvature;
        // In two dimensions at the best rate the excess shrinks by exactly
        // ρ*² per step: the step count is ⌈ln 10⁶ / (2 ln(1/ρ*))⌉.
        let closed = if c.best_factor() < 1e-12 {
            1
        } else {
            (1e6f64.ln() / (2.0 * (1.0 / c.best_factor()).ln())).ceil() as usize
        };
        assert_eq!(closed, expected, "{:?}", walk.scaling);
        assert_eq!(walk.steps_to_tolerance(), Some(expected));
        assert_eq!(walk.predicted_steps(), Some(expected));
        assert_eq!(steps_bound(c.best_factor()), expected);
        // And step by step: the measured excess follows ρ*^(2t).
        if expected > 1 {
            let excess = walk.relative_excess();
            for (t, measured) in excess.iter().enumerate().take(expected + 1) {
                let theory = c.best_factor().powi(2 * t as i32);
                assert_relative_eq!(*measured, theory, max_relative = 1e-8);
            }
        }
    }
    // The question's κ = 100 and the rule of thumb 3.45·κ.
    assert_eq!(steps_bound(99.0 / 101.0), 346);
    assert_eq!((1e6f64.ln() / 4.0 * 100.0).round(), 345.0);
}

#[test]
fn exact_line_search_turns_right_angles_within_the_kantorovich_bound() {
    let report = report();
    let walk = &report.line_search;
    assert!(walk.worst_cosine() < 1e-12, "{}", walk.worst_cosine());
    // In the first steps, where the gradient is large, orthogonal to 1e-15.
    let loss = MeanSquaredError { data: &walk.data };
    for t in 0..5 {
        let g0 = loss.gradient(&walk.trajectory.points[t]);
        let g1 = loss.gradient(&walk.trajectory.points[t + 1]);
        let cosine = (g0[0] * g1[0] + g0[1] * g1[1]) / (g0[0].hypot(g0[1]) * g1[0].hypot(g1[1]));
        assert!(cosine.abs() < 1e-14, "step {t}: {cosine}");
    }
    let bound = walk.curvature.best_factor().powi(2);
    assert_relative_eq!(bound, (7.25f64 / 9.25).powi(2), max_relative = 1e-12);
    assert!(walk.worst_step_factor() <= bound);
    assert_eq!(walk.steps_to_tolerance(), Some(27));
    // Each step is the minimum along its line: the loss at the chosen rate
    // is below the loss at slightly smaller and larger rates.
    let p = walk.trajectory.points[3].clone();
    let q = walk.trajectory.points[4].clone();
    let along = |s: f64| loss.value(&[p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1])]);
    assert!(along(1.0) < along(0.99) && along(1.0) < along(1.01));
}

#[test]
fn the_penguin_numbers_match_an_independent_computation() {
    let report = report();
    let [raw, half, std] = [
        &report.penguins[0],
        &report.penguins[1],
        &report.penguins[2],
    ];
    assert_eq!(report.penguin_rows, (11, 344));
    assert_eq!(raw.data.len(), 342);
    // The least-squares fit against numpy's (see the report): raw units.
    let (w, b) = raw.raw_fit();
    assert_relative_eq!(w[0], 51.541_444_82, max_relative = 1e-8);
    assert_relative_eq!(w[1], 22.634_138_5, max_relative = 1e-8);
    assert_relative_eq!(b, -6_541.907_498_16, max_relative = 1e-9);
    // The gradient vanishes there, by the descent crate's own risk.
    let risk = descent::risk::Risk {
        model: descent::model::Linear { features: 2 },
        loss: descent::loss::Squared,
        data: &raw.data,
    };
    let g = risk.gradient(&raw.best);
    assert!(g.iter().all(|gi| gi.abs() < 1e-6), "{g:?}");
    // Both units give the same fit.
    let (w_std, b_std) = std.raw_fit();
    assert_relative_eq!(w_std[0], w[0], max_relative = 1e-10);
    assert_relative_eq!(w_std[1], w[1], max_relative = 1e-10);
    assert_relative_eq!(b_std, b, max_relative = 1e-10);
    // κ in millimetres: numpy's eigvalsh gives 2.644 × 10⁷.
    assert_relative_eq!(raw.condition_number(), 2.644_057_7e7, max_relative = 1e-5);
    // Standardised: eigenvalues 1 − r, 1, 1 + r with r the correlation.
    let r = std.hessian[(0, 1)];
    assert_relative_eq!(std.eigen.max(), 1.0 - r, max_relative = 1e-12);
    assert_relative_eq!(std.eigen.min(), 1.0 + r, max_relative = 1e-12);
    assert_relative_eq!(std.eta(), 1.0, max_relative = 1e-12);
    assert_eq!(std.steps_to_tolerance(), Some(10));
    assert_eq!(std.predicted_steps(), Some(10));
    assert!(10 <= steps_bound((std.condition_number() - 1.0) / (std.condition_number() + 1.0)));
    // The measured walks follow the exact decay, step by step.
    for fit in [raw, half, std] {
        let decay = fit.decay();
        let measured = fit.relative_excess();
        for t in [1usize, 10, 100, 1000] {
            if measured[t] > 1e-12 {
                assert_relative_eq!(measured[t], decay.relative(t as u64), max_relative = 1e-6);
            }
        }
    }
    // Raw: theory's 9.1 × 10⁷ steps, checked by a matrix power: after them
    // the excess is at most a millionth, one step before it is not.
    let steps = raw.predicted_steps().unwrap();
    assert_eq!(steps, 91_285_696);
    let excess_after = |t: u64| {
        let eta = raw.eta();
        let mut m = Matrix::identity(3);
        let mut step = Matrix::identity(3);
        for i in 0..3 {
            for j in 0..3 {
                step[(i, j)] -= eta * raw.hessian[(i, j)];
            }
        }
        let mut k = t;
        while k > 0 {
            if k & 1 == 1 {
                m = m.times(&step);
            }
            step = step.times(&step);
            k >>= 1;
        }
        let e0: Vec<f64> = raw.best.iter().map(|b| -b).collect();
        let e = m.times_vector(&e0);
        let quad = |v: &[f64]| descent::linalg::dot(v, &raw.hessian.times_vector(v));
        quad(&e) / quad(&e0)
    };
    assert!(excess_after(steps) <= 1e-6 * (1.0 + 1e-4));
    assert!(excess_after(steps - 2000) > 1e-6);
}

#[test]
fn polynomial_conditions_approach_the_continuous_moments() {
    let report = report();
    // Over [0, 1] the Gram matrix of 1, …, x⁵ tends to the Hilbert matrix,
    // κ = 1.495 × 10⁷; over [−1, 1] to the moments (1 + (−1)^(i+j))/(2(i+j+1)).
    let continuous = |a: f64| {
        let rows: Vec<Vec<f64>> = (0..6i32)
            .map(|i| {
                (0..6i32)
                    .map(|j| {
                        let k = i + j + 1;
                        (1f64.powi(k) - a.powi(k)) / (k as f64 * (1.0 - a))
                    })
                    .collect()
            })
            .collect();
        condition_number(&Matrix::from_rows(&rows))
    };
    let (unit, symmetric) = report.polynomial[4];
    assert_relative_eq!(continuous(0.0), 1.495_105_864e7, max_relative = 1e-8);
    assert_relative_eq!(unit, continuous(0.0), max_relative = 0.02);
    assert_relative_eq!(symmetric, continuous(-1.0), max_relative = 0.02);
    // "About thirty-fold per degree" on [0, 1].
    for k in 1..5 {
        let ratio = report.polynomial[k].0 / report.polynomial[k - 1].0;
        assert!((20.0..40.0).contains(&ratio), "{k}: {ratio}");
    }
}

#[test]
fn jacobi_agrees_with_the_line_curvatures() {
    let data = data(1.0, 10.0, SEED);
    let h = landscape::hessian_matrix(&data);
    let eigen = symmetric_eigen(&h);
    let c = Curvature::of(&data);
    assert_relative_eq!(eigen.max(), c.largest, max_relative = 1e-14);
    assert_relative_eq!(eigen.min(), c.smallest, max_relative = 1e-12);
}

#[test]
fn the_question_and_try_it_claims_hold() {
    // Moved to 101 … 110: κ about 1.5 × 10⁷, and no arrival in 100 000 steps.
    let far = data(101.0, 110.0, SEED);
    let c = Curvature::of(&far);
    assert_relative_eq!(c.condition_number(), 1.5e7, max_relative = 0.02);
    let walk = Walk::run(&far, Scaling::Raw, Method::Fixed(c.best_rate()), 100_000);
    assert_eq!(walk.steps_to_tolerance(), None);
    let centred = Walk::run(&far, Scaling::Centred, Method::Fixed(2.0 / 9.25), 100);
    assert_eq!(centred.steps_to_tolerance(), Some(29));
    // Symmetric inputs are already centred.
    let symmetric = data(-4.5, 4.5, SEED);
    assert_eq!(hessian(&symmetric)[0][1], 0.0);
    // Past 2/λ_max the raw walk diverges and says so.
    let output = run_cli(["--lr", "0.06"]).unwrap();
    assert!(output.text.contains("diverged at step"), "{}", output.text);
    // Barely past it, the walk grows too slowly to be stopped in 1000 steps,
    // and theory says it never arrives.
    let output = run_cli(["--lr", "0.051"]).unwrap();
    assert!(output.text.contains("theory says never"), "{}", output.text);
    // η = 2 on standardised inputs keeps the loss where it was.
    let standardised = Settings {
        scaling: Scaling::Standardised,
        method: ReaderMethod::Fixed(Some(2.0)),
        x_range: X_RANGE,
        steps: 10,
        seed: SEED,
    }
    .run();
    let losses = &standardised.trajectory.losses;
    assert_relative_eq!(losses[10], losses[0], max_relative = 1e-9);
}

#[test]
fn the_gradient_the_walks_use_matches_finite_differences() {
    let data: DataSet = data(1.0, 10.0, SEED);
    let loss = MeanSquaredError { data: &data };
    for p in [[0.0, 0.0], [2.0, 1.0], [-1.0, 4.0]] {
        let analytic = loss.gradient(&p);
        let numerical = numerical_gradient(&loss, &p);
        for i in 0..2 {
            assert_relative_eq!(analytic[i], numerical[i], max_relative = 1e-7);
        }
    }
}

#[test]
fn no_options_print_the_report_and_redraw_the_books_figures() {
    let output = run_cli([]).unwrap();
    assert_eq!(output.directory, book_figures(4));
    assert_eq!(output.figures.len(), 6);
    assert!(output.text.starts_with("Chapter 4"));
}

#[test]
fn options_run_the_readers_walk_and_name_its_figures() {
    let output = run_cli(["--scaling", "centred", "--steps", "50"]).unwrap();
    assert_eq!(output.directory, readers_figures(4));
    assert_eq!(output.figures.len(), 2);
    assert!(
        output.figures[0]
            .file_name
            .starts_with("centred-x-1-10-lr-best-steps-50")
    );
    assert!(
        output.text.contains("theory says 29 steps"),
        "{}",
        output.text
    );
    let search = run_cli(["--scaling", "centred", "--method", "line-search"]).unwrap();
    assert!(search.text.contains("27 steps"), "{}", search.text);
    for bad in [
        vec!["--x-min", "5", "--x-max", "5"],
        vec!["--method", "line-search", "--lr", "0.1"],
    ] {
        let error = run_cli(bad.clone()).unwrap_err();
        assert!(!error.0.contains('\n'));
        assert!(error.0.contains(bad[0]), "{}", error.0);
    }
    let diverged = run_cli(["--lr", "1"]).unwrap();
    assert!(!diverged.text.contains("NaN") && !diverged.text.contains("inf"));
    assert_eq!(diverged.figures.len(), 2);
    assert!(matches!(
        Settings {
            scaling: Scaling::Raw,
            method: ReaderMethod::Fixed(Some(1.0)),
            x_range: X_RANGE,
            steps: 100,
            seed: SEED
        }
        .run()
        .trajectory
        .outcome,
        Outcome::Diverged { .. }
    ));
}
