//! Chapter 3's numbers against theory and against independent computations
//! (closed forms solved another way, measurements of the runs themselves,
//! Monte Carlo with its own standard error), and its command line against
//! good and bad input; the kit's check covers its figures, its quotes and its
//! exercises. The Monte Carlo checks of the SGD theory are in `src/moments.rs`.

use std::cell::Cell;

use approx::assert_relative_eq;
use chapter3::*;
use descent::data::{DataSet, Sample};
use descent::derivative::{central_step, numerical_gradient};
use descent::line::{
    MeanSquaredError, SampleLoss, curvatures, hessian, least_squares, sample_gradient,
};
use descent::{
    Objective, Outcome, Sampler, Sampling, Separable, Sgd, StoppingRules, descend_sampled,
};
use harness::Output;
use harness::cli::CliError;
use harness::format::decimals;
use harness::paths::{book_figures, readers_figures};
use harness::quote::text_of;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

fn run_cli<'a>(arguments: impl IntoIterator<Item = &'a str>) -> Result<Output, CliError> {
    harness::run_cli(&Chapter3, arguments)
}

fn report() -> Report {
    Report::compute()
}

/// The text the run prints for the quote `name`.
fn quoted(report: &Report, name: &str) -> String {
    text_of(&report.quotes(), name)
}

fn batch(eta: f64, steps: usize) -> Experiment {
    Experiment::run(&Settings {
        eta,
        steps,
        ..Settings::book(Mode::Batch)
    })
}

/// The factor by which a run's distance from the least-squares point shrank
/// per step, on average, from step `from` to step `to`: a measurement of the
/// run, which knows nothing of curvatures.
fn measured_factor(run: &Experiment, from: usize, to: usize) -> f64 {
    (run.distance_at(to) / run.distance_at(from)).powf(1.0 / (to - from) as f64)
}

#[test]
fn the_chapter_passes_the_kits_check() {
    harness::check(&Chapter3);
}

#[test]
fn the_gradient_check_misses_by_round_off_alone() {
    let report = report();
    // The loss is a parabola along each coordinate, so the central
    // difference has no truncation error: all that is left is the rounding
    // of the two loss values, about ε·ℓ/h each, relative to the gradient.
    let mut round_off: f64 = 0.0;
    for (sample, point) in gradient_check_points(CHECK_POINTS, SEED) {
        let loss = SampleLoss { sample }.value(&point);
        let g = sample_gradient(point[0], point[1], &sample);
        let h = central_step() * point[0].abs().max(point[1].abs()).max(1.0);
        round_off = round_off.max(f64::EPSILON * loss / h / g[0].hypot(g[1]).max(1.0));
    }
    assert!(
        report.worst_check <= 4.0 * round_off,
        "{} against {round_off}",
        report.worst_check
    );
    assert!(
        report.worst_check >= round_off / 100.0,
        "{} against {round_off}",
        report.worst_check
    );
    // A wrong formula (a missing x) misses by order one.
    struct MissingX(Sample);
    impl Objective for MissingX {
        fn dimension(&self) -> usize {
            2
        }
        fn value(&self, p: &[f64]) -> f64 {
            SampleLoss { sample: self.0 }.value(p)
        }
        fn gradient(&self, p: &[f64]) -> Vec<f64> {
            let error = p[0] * self.0.x + p[1] - self.0.y;
            vec![error, error]
        }
    }
    let wrong =
        descent::derivative::check_gradient(&MissingX(Sample { x: 3.0, y: 1.0 }), &[0.5, 0.2]);
    assert!(wrong.error > 0.1, "{wrong:?}");
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
fn least_squares_solves_the_normal_equations_in_matrix_form() {
    let report = report();
    let data = report.data();
    let best = report.batch.best;
    // XᵀX·θ = Xᵀy with the rows of X the φᵢ = (xᵢ, 1), solved by Cramer's rule.
    let mut xtx = [[0.0; 2]; 2];
    let mut xty = [0.0; 2];
    for s in &data.samples {
        let phi = [s.x, 1.0];
        for j in 0..2 {
            xty[j] += phi[j] * s.y;
            for k in 0..2 {
                xtx[j][k] += phi[j] * phi[k];
            }
        }
    }
    let det = xtx[0][0] * xtx[1][1] - xtx[0][1] * xtx[1][0];
    let w = (xty[0] * xtx[1][1] - xtx[0][1] * xty[1]) / det;
    let b = (xtx[0][0] * xty[1] - xtx[1][0] * xty[0]) / det;
    assert_relative_eq!(best.w, w, max_relative = 1e-12);
    assert_relative_eq!(best.b, b, max_relative = 1e-12);
    // det(XᵀX) = n²·var(x), with var the mean squared deviation: nonzero
    // exactly when the x are not all equal.
    let n = data.len() as f64;
    assert_relative_eq!(det, n * n * variance_of_x(data), max_relative = 1e-12);
    // XᵀX/n is the Hessian.
    let h = hessian(data);
    for j in 0..2 {
        for k in 0..2 {
            assert_relative_eq!(xtx[j][k] / n, h[j][k], max_relative = 1e-12);
        }
    }
    // The gradient vanishes there, and the line passes through (x̄, ȳ).
    let g = MeanSquaredError { data }.gradient(&best.to_point());
    assert!(g[0].abs() < 1e-12 && g[1].abs() < 1e-12, "{g:?}");
    let mean_x = data.samples.iter().map(|s| s.x).sum::<f64>() / n;
    let mean_y = data.samples.iter().map(|s| s.y).sum::<f64>() / n;
    assert_relative_eq!(best.predict(mean_x), mean_y, max_relative = 1e-12);
    // The printed values, against numbers computed independently (NumPy's
    // `linalg.solve` on XᵀX θ = Xᵀy for the chapter's data, and the mean
    // loss ½·mean((Xθ − y)²) there and at the true line (2, 1)).
    assert_relative_eq!(best.w, 2.07323765, max_relative = 1e-8);
    assert_relative_eq!(best.b, 0.91841616, max_relative = 1e-7);
    let truth = descent::line::Line {
        w: TRUTH.slope,
        b: TRUTH.intercept,
    };
    assert_relative_eq!(
        report.batch.loss(best),
        0.1172837700395999,
        max_relative = 1e-12
    );
    assert_relative_eq!(
        report.batch.loss(truth),
        0.11824002003985058,
        max_relative = 1e-12
    );
    assert_eq!(quoted(&report, "least-squares-loss"), "0.117284");
    assert_eq!(quoted(&report, "true-line-loss"), "0.118240");
}

#[test]
fn equal_x_have_no_least_squares_line_even_when_their_mean_is_inexact() {
    let data = DataSet::new(vec![
        Sample { x: 0.1, y: 1.0 },
        Sample { x: 0.1, y: 2.0 },
        Sample { x: 0.1, y: 4.0 },
    ]);
    assert_eq!(least_squares(&data), None);
    assert!(
        variance_of_x(&data) > 0.0,
        "the trap: a tiny, nonzero variance"
    );
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
    // Independently (NumPy on the chapter's data): after 500 steps only the
    // floor direction v is left, e₅₀₀ = (1 − ηλ_min)⁵⁰⁰·(e₀·v)·v, and the
    // larger relative error is |e₅₀₀,b|/b* = 5.5666813e-8.
    assert_relative_eq!(
        batch.relative_error(),
        5.5666813006835015e-8,
        max_relative = 1e-6
    );
    assert_eq!(quoted(&report, "batch-relative-error"), "5.6 × 10⁻⁸");
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
fn the_curvatures_are_what_the_runs_measure() {
    let report = report();
    let (big, small) = curvatures(report.data());
    // Independently: the eigenvalues of H = (mean x², x̄; x̄, 1) from NumPy's
    // `linalg.eigh` on the chapter's data.
    assert_relative_eq!(big, 2.12863572, max_relative = 1e-8);
    assert_relative_eq!(small, 0.15838467, max_relative = 1e-7);
    // At η = 0.2 the steep direction is gone after a few dozen steps and the
    // run shrinks by 1 − ηλ_min per step; at η = 0.9 the flat direction dies
    // first and it shrinks by ηλ_max − 1. Measure both from the runs.
    let slow = measured_factor(&report.batch, 200, 400);
    let bold = batch(BOLD_ETA, 200);
    let zig_zag = measured_factor(&bold, 100, 200);
    let small_measured = (1.0 - slow) / BATCH_ETA;
    let big_measured = (1.0 + zig_zag) / BOLD_ETA;
    assert_relative_eq!(small_measured, small, max_relative = 1e-6);
    assert_relative_eq!(big_measured, big, max_relative = 1e-4);
    // The quoted factors and thresholds, from the measured curvatures.
    assert_eq!(quoted(&report, "batch-slow-factor"), decimals(slow, 4));
    assert_eq!(
        quoted(&report, "batch-steep-factor"),
        decimals((1.0 - BATCH_ETA * big_measured).abs(), 4)
    );
    assert_eq!(quoted(&report, "bold-steep-factor"), decimals(zig_zag, 3));
    assert_eq!(
        quoted(&report, "bold-flat-factor"),
        decimals(1.0 - BOLD_ETA * small_measured, 3)
    );
    assert_eq!(
        quoted(&report, "batch-threshold"),
        decimals(2.0 / big_measured, 2)
    );
    assert_eq!(
        quoted(&report, "largest-curvature"),
        decimals(big_measured, 2)
    );
    assert_eq!(
        quoted(&report, "smallest-curvature"),
        decimals(small_measured, 3)
    );
    // At η = 0.9 the zig-zag is the slower of the two and sets the pace, and
    // that pace still beats η = 0.2's.
    assert!(zig_zag > 1.0 - BOLD_ETA * small_measured);
    assert!(zig_zag < slow);
    assert!(bold.distance_at(100) < report.batch.distance_at(100));
}

#[test]
fn the_batch_threshold_divides_runs_that_converge_from_runs_that_diverge() {
    let report = report();
    let threshold = report.batch.batch_threshold();
    let below = batch(0.97 * threshold, 3000);
    assert!(below.relative_error() < 1e-6, "{}", below.relative_error());
    let above = batch(1.03 * threshold, 3000);
    assert!(
        above.trajectory.outcome.diverged(),
        "{:?}",
        above.trajectory.outcome
    );
    // Just above, each step multiplies the distance by more than one.
    let grows = measured_factor(&above, 20, 40);
    assert!(grows > 1.0, "{grows}");
}

#[test]
fn the_best_constant_rate_is_the_fastest() {
    let report = report();
    let best = best_rate(report.data());
    let factor = |eta: f64| measured_factor(&batch(eta, 90), 30, 90);
    let at_best = factor(best);
    assert_eq!(quoted(&report, "best-factor"), decimals(at_best, 3));
    assert_eq!(quoted(&report, "best-rate"), decimals(best, 4));
    for eta in [0.8 * best, 0.95 * best, 1.02 * best, 1.05 * best] {
        assert!(factor(eta) > at_best, "η = {eta}");
    }
}

#[test]
fn the_valley_floor_is_nearly_but_not_exactly_a_tilt_about_the_centre() {
    // Find the flat direction without eigenvectors: the direction u in which
    // the loss rises least, L(θ* + 0.1·u) − L*, over a fine scan of angles.
    let report = report();
    let data = report.data();
    let best = report.batch.best;
    let loss = MeanSquaredError { data };
    let rise = |angle: f64| {
        let (s, c) = angle.to_radians().sin_cos();
        loss.value(&[best.w + 0.1 * c, best.b + 0.1 * s]) - loss.value(&best.to_point())
    };
    // A scan in steps of 0.1°, then one of 0.0001° around its best.
    let scan = |from: f64, step: f64, count: usize| {
        let mut flattest = from;
        for k in 0..=count {
            let angle = from + k as f64 * step;
            if rise(angle) < rise(flattest) {
                flattest = angle;
            }
        }
        flattest
    };
    let coarse = scan(0.0, 0.1, 1800);
    let flattest = scan(coarse - 0.1, 1e-4, 2000);
    let n = data.len() as f64;
    let mean_x = data.samples.iter().map(|s| s.x).sum::<f64>() / n;
    let tilt = (-mean_x).atan2(1.0).to_degrees() + 180.0;
    let off = (flattest - tilt).abs();
    assert!(
        (off - tilt_angle(data)).abs() < 2e-3,
        "{off} against {}",
        tilt_angle(data)
    );
    assert_eq!(
        quoted(&report, "tilt-angle"),
        format!("{}°", decimals(off, 1))
    );
    // Centred on x̄ = 0, the same points' floor is exactly a tilt.
    let centred = DataSet::new(
        data.samples
            .iter()
            .map(|s| Sample {
                x: s.x - mean_x,
                y: s.y,
            })
            .collect(),
    );
    assert!(tilt_angle(&centred) < 1e-6, "{}", tilt_angle(&centred));
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
    // Not at the bottom: the noise is real.
    assert!(distance > 1e-3);
    // The shrinking rate ends at η₀/(1 + (T − 1)/τ).
    assert_relative_eq!(
        Settings::book(Mode::Sgd).schedule().rate(SGD_STEPS - 1),
        SGD_ETA / (1.0 + (SGD_STEPS - 1) as f64 / SGD_TAU)
    );
}

#[test]
fn the_chapters_sgd_is_the_step_written_by_hand_and_costs_one_sample_per_step() {
    /// The chapter's loss, counting every per-sample gradient it is asked
    /// for and every full gradient.
    struct Counting<'a> {
        loss: MeanSquaredError<'a>,
        samples: Cell<u64>,
        full: Cell<u64>,
    }
    impl Objective for Counting<'_> {
        fn dimension(&self) -> usize {
            2
        }
        fn value(&self, p: &[f64]) -> f64 {
            self.loss.value(p)
        }
        fn gradient(&self, p: &[f64]) -> Vec<f64> {
            self.full.set(self.full.get() + 1);
            self.loss.gradient(p)
        }
        fn sample_count(&self) -> usize {
            self.loss.sample_count()
        }
    }
    impl Separable for Counting<'_> {
        fn sample_gradient(&self, i: usize, p: &[f64]) -> Vec<f64> {
            self.samples.set(self.samples.get() + 1);
            self.loss.sample_gradient(i, p)
        }
    }
    let report = report();
    let data = report.data();
    let settings = Settings::book(Mode::Sgd);
    // The same draws, the step written out by hand: the same walk, bit for bit.
    let mut sampler = Sampler::new(
        Sampling::WithReplacement { batch: 1 },
        data.len(),
        settings.sampler_seed(),
    );
    let (mut w, mut b) = (START[0], START[1]);
    for t in 1..=SGD_STEPS {
        let s = data.samples[sampler.next_batch()[0]];
        let eta = settings.schedule().rate(t - 1);
        let error = w * s.x + b - s.y;
        w -= eta * (error * s.x);
        b -= eta * error;
        assert_eq!(report.sgd.trajectory.points[t], vec![w, b], "step {t}");
    }
    // The quoted end, from the replayed walk: its distance from the
    // least-squares point and its excess loss, the latter as a difference of
    // two mean losses summed here (the chapter computes ½·eᵀHe).
    let best = report.batch.best;
    assert_eq!(
        quoted(&report, "sgd-distance"),
        decimals((w - best.w).hypot(b - best.b), 3)
    );
    let mean_loss = |w: f64, b: f64| {
        data.samples
            .iter()
            .map(|s| 0.5 * (w * s.x + b - s.y).powi(2))
            .sum::<f64>()
            / data.len() as f64
    };
    let excess = mean_loss(w, b) - mean_loss(best.w, best.b);
    assert_relative_eq!(
        report.sgd.excess_losses()[SGD_STEPS],
        excess,
        max_relative = 1e-6
    );
    assert_eq!(quoted(&report, "sgd-excess"), "3.7 × 10⁻⁴");
    assert!((excess - 3.7e-4).abs() < 0.05e-4, "{excess}");
    // Its steps use one per-sample gradient each and no full gradient: the
    // full gradient the loop computes after every step is for the record.
    let counting = Counting {
        loss: MeanSquaredError { data },
        samples: Cell::new(0),
        full: Cell::new(0),
    };
    let mut sampler = Sampler::new(
        Sampling::WithReplacement { batch: 1 },
        data.len(),
        settings.sampler_seed(),
    );
    let run = descend_sampled(
        &counting,
        &mut sampler,
        &mut Sgd::new(settings.schedule()),
        &START,
        &StoppingRules::budget(SGD_STEPS),
    );
    assert_eq!(run.points, report.sgd.trajectory.points);
    assert_eq!(counting.samples.get(), SGD_STEPS as u64);
    assert_eq!(report.sgd.cost(), counting.samples.get());
    assert_eq!(counting.full.get(), SGD_STEPS as u64 + 1, "the record only");
    // Batch uses all fifty per step.
    assert_eq!(report.batch.cost(), (BATCH_STEPS * data.len()) as u64);
    assert_eq!(quoted(&report, "batch-cost"), count(25_000));
    assert_eq!(quoted(&report, "sgd-cost"), count(2_500));
}

#[test]
fn at_sgds_cost_batch_has_taken_fifty_steps_whose_excess_loss_theory_gives() {
    let report = report();
    let (steps, excess) = report.batch_excess_at_sgd_cost();
    assert_eq!(steps, SGD_STEPS / report.data().len());
    // Along each axis of the valley the error shrinks by its own factor:
    // e_t = Σ (1 − ηλ)ᵗ·(e₀·v)·v, so L − L* = ½·Σ λ·(1 − ηλ)^{2t}·(e₀·v)².
    let data = report.data();
    let (big, small) = curvatures(data);
    let best = report.batch.best;
    let e0 = [START[0] - best.w, START[1] - best.b];
    let [[a, c], _] = hessian(data);
    let mut theory = 0.0;
    for lambda in [big, small] {
        let v = [c, lambda - a];
        let norm = v[0].hypot(v[1]);
        let along = (e0[0] * v[0] + e0[1] * v[1]) / norm;
        theory += 0.5 * lambda * (1.0 - BATCH_ETA * lambda).powi(2 * steps as i32) * along * along;
    }
    assert_relative_eq!(excess, theory, max_relative = 1e-9);
}

#[test]
fn the_standard_errors_are_the_spread_of_least_squares_over_fresh_noise() {
    // Keep the chapter's x, draw fresh noise many times, and measure how the
    // least-squares slope and intercept spread: a Monte Carlo estimate of the
    // standard errors, against the formulas.
    let report = report();
    let data = report.data();
    let (se_w, se_b) = report.standard_errors();
    let noise = Normal::new(0.0, TRUTH.noise).unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(17);
    let runs = 20_000;
    let (mut ws, mut bs) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let fresh = DataSet::new(
            data.samples
                .iter()
                .map(|s| Sample {
                    x: s.x,
                    y: TRUTH.slope * s.x + TRUTH.intercept + noise.sample(&mut rng),
                })
                .collect(),
        );
        let line = least_squares(&fresh).unwrap();
        ws.push(line.w);
        bs.push(line.b);
    }
    for (values, formula) in [(ws, se_w), (bs, se_b)] {
        let k = values.len() as f64;
        let mean = values.iter().sum::<f64>() / k;
        let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (k - 1.0)).sqrt();
        // The standard error of a Gaussian sample's standard deviation.
        let se_of_sd = sd / (2.0 * (k - 1.0)).sqrt();
        assert!(
            (sd - formula).abs() < 4.0 * se_of_sd,
            "{sd} ± {se_of_sd} against {formula}"
        );
    }
    // On the book's draw the miss is less than one standard error in each.
    let best = report.batch.best;
    assert!((best.w - TRUTH.slope).abs() < se_w);
    assert!((best.b - TRUTH.intercept).abs() < se_b);
    // On its own data, the least-squares line beats even the truth.
    let truth = descent::line::Line {
        w: TRUTH.slope,
        b: TRUTH.intercept,
    };
    assert!(report.batch.loss(best) < report.batch.loss(truth));
}

#[test]
fn the_maps_of_the_plane_draw_w_and_b_to_one_scale() {
    // In every panel of the maps the plotting area is square, and so is the
    // window of the plane it shows.
    let report = report();
    let figures = chapter3::figures::book_figures(&report);
    for name in ["troughs.svg", "loss-surface.svg"] {
        let figure = figures.iter().find(|f| f.file_name == name).unwrap();
        for svg in [&figure.svg, &figure.narrow] {
            let (mut widths, mut heights) = (Vec::new(), Vec::new());
            for piece in svg
                .split("stroke=\"#888888\" stroke-width=\"2\" points=\"")
                .skip(1)
            {
                let numbers: Vec<i64> = piece
                    .split('"')
                    .next()
                    .unwrap()
                    .split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .map(|s| s.parse().unwrap())
                    .collect();
                let (dx, dy) = (
                    (numbers[2] - numbers[0]).abs(),
                    (numbers[3] - numbers[1]).abs(),
                );
                if dx > 100 {
                    widths.push(dx);
                }
                if dy > 100 {
                    heights.push(dy);
                }
            }
            assert_eq!(widths.len(), 2, "{name}: two panels");
            assert_eq!(widths, heights, "{name}: square plotting areas");
        }
    }
    for window in [figures::WHOLE, figures::CLOSE] {
        assert_relative_eq!(
            window.w.1 - window.w.0,
            window.b.1 - window.b.0,
            epsilon = 1e-12
        );
    }
}

#[test]
fn no_options_print_the_report_and_redraw_the_books_figures() {
    let output = run_cli([]).unwrap();
    assert_eq!(output.directory, book_figures(3));
    assert_eq!(output.figures.len(), 6);
    assert!(output.text.starts_with("Chapter 3"));
    assert!(
        output
            .text
            .contains("Wrote 6 figures to book/src/figures/chapter3")
    );
}

#[test]
fn options_run_the_readers_experiment_and_name_its_figures_by_them() {
    let mut names = std::collections::HashSet::new();
    for arguments in [
        vec!["--lr", "0.3"],
        vec!["--mode", "sgd", "--steps", "500", "--seed", "9"],
        vec!["--mode=batch"],
        vec!["--seed", "18446744073709551615"],
        vec!["--lr", "0.30000000000000004"],
    ] {
        let output = run_cli(arguments.clone()).unwrap();
        assert_eq!(output.directory, readers_figures(3), "{arguments:?}");
        assert!(output.directory.ends_with("target/downhill/chapter3"));
        assert_eq!(output.figures.len(), 3, "{arguments:?}");
        assert!(output.text.contains("least squares (exact)"));
        assert!(!output.text.contains("NaN"));
        for figure in &output.figures {
            assert!(
                names.insert(figure.file_name.clone()),
                "{} twice",
                figure.file_name
            );
        }
    }
    assert!(
        names.contains("batch-lr-0.3-steps-500-seed-3-loss-surface.svg"),
        "{names:?}"
    );
    assert!(
        names.contains("sgd-lr-0.2-steps-500-seed-9-cost.svg"),
        "{names:?}"
    );
    let sgd = run_cli(["--mode", "sgd", "--seed", "9"]).unwrap();
    assert!(sgd.text.contains("seed 9") && sgd.text.contains("theory"));
    let bold = run_cli(["--lr", "0.9"]).unwrap();
    assert!(
        bold.text.contains("the larger, 0.9158, sets the pace"),
        "{}",
        bold.text
    );
}

#[test]
fn a_diverging_run_is_reported_and_drawn_as_diverged() {
    for arguments in [
        vec!["--lr", "5"],
        vec!["--mode", "sgd", "--lr", "5"],
        vec!["--lr", "1"],
    ] {
        let output = run_cli(arguments.clone()).unwrap();
        assert!(output.text.contains("diverged at step"), "{}", output.text);
        assert!(output.text.contains("try a smaller --lr"));
        assert!(!output.text.contains("NaN") && !output.text.contains("inf"));
        assert_eq!(output.figures.len(), 3);
        for figure in &output.figures {
            assert!(
                figure.svg.contains("diverged: stopped at step"),
                "{}",
                figure.file_name
            );
            assert!(!figure.svg.contains("NaN"), "{}", figure.file_name);
        }
    }
    let batch = run_cli(["--lr", "5"]).unwrap();
    assert!(batch.text.contains("stable only for η < 0.94"));
    // The rule in the same words as chapters 1 and 2, with the limit
    // 10⁶·(1 + |L(θ₀)|), L(θ₀) = mean of ½yᵢ² at the flat start line.
    let data = data(SEED);
    let start_loss = data.samples.iter().map(|s| 0.5 * s.y * s.y).sum::<f64>() / data.len() as f64;
    let limit = harness::format::scientific(1e6 * (1.0 + start_loss), 1);
    assert!(
        batch.text.contains(&format!(
            "the size of the loss passed 10⁶·(1 + |L(θ₀)|) = {limit}"
        )),
        "{}",
        batch.text
    );
    // A run that overflows in its first step used that step's fifty
    // per-sample gradients.
    let overflow = run_cli(["--lr", "1e300"]).unwrap();
    assert!(
        overflow
            .text
            .contains("per-sample gradients used: 50 (50 per step)"),
        "{}",
        overflow.text
    );
}

#[test]
fn bad_options_give_one_line_naming_the_valid_range() {
    let cases: [(&[&str], &str); 7] = [
        (&["--lr", "abc"], "--lr must be a number greater than 0"),
        (&["--lr", "-1"], "--lr must be a number greater than 0"),
        (
            &["--lr", "1e400"],
            "--lr must be a finite number greater than 0",
        ),
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
    // A timid SGD start ends farther away, in theory and in this run.
    let timid = run(Mode::Sgd, 0.05, SGD_STEPS);
    let expected = timid.expected.as_ref().unwrap();
    assert!(expected.final_rms() > 3.0 * report.sgd_expected().final_rms());
    assert!(timid.distance() > report.sgd.distance());
    // Ten times the steps: about √10 times closer, in root-mean-square terms.
    let long = run(Mode::Sgd, SGD_ETA, 10 * SGD_STEPS);
    let ratio = report.sgd_expected().final_rms() / long.expected.as_ref().unwrap().final_rms();
    assert!((ratio - 10f64.sqrt()).abs() < 0.3, "{ratio}");
    // A new seed moves the least-squares line by about a standard error.
    let other = Experiment::run(&Settings {
        seed: 4,
        ..Settings::book(Mode::Batch)
    });
    let (se_w, _) = report.standard_errors();
    let moved = (other.best.w - report.batch.best.w).abs();
    assert!(
        moved > 0.1 * se_w && moved < 4.0 * se_w,
        "{moved} against {se_w}"
    );
}

#[test]
fn testing_the_computed_variance_would_fit_equal_x_with_a_nonsense_slope() {
    let report = report();
    let (mean, variance, slope) = variance_test(&trap());
    assert_ne!(mean, 0.1);
    assert!(variance > 0.0 && variance < 1e-30, "{variance}");
    // cov/var with both made of the same rounding error: far from anything
    // the data say (they say nothing about a slope at all).
    assert!(slope.unwrap().abs() > 1.0, "{slope:?}");
    assert_eq!(least_squares(&trap()), None);
    assert_eq!(quoted(&report, "trap-slope"), decimals(slope.unwrap(), 2));
}

#[test]
fn one_step_on_the_trough_figures_point_goes_half_way_to_its_floor() {
    let report = report();
    let point = figures::TWO_POINTS[1];
    let eta = figures::TROUGH_ETA;
    let r0 = 0.0 * point.x + 0.0 - point.y;
    let g = sample_gradient(0.0, 0.0, &point);
    let (w, b) = (-eta * g[0], -eta * g[1]);
    let r1 = w * point.x + b - point.y;
    let removed = 1.0 - r1 / r0;
    assert_relative_eq!(removed, trough_fraction(), max_relative = 1e-12);
    assert_eq!(quoted(&report, "trough-fraction"), decimals(removed, 1));
    // The step is perpendicular to the floor line, which runs along (1, −x).
    assert_eq!(g[0] - point.x * g[1], 0.0);
}

#[test]
fn a_constant_rates_floor_is_higher_for_the_larger_rate_about_in_proportion() {
    let report = report();
    let ratio = report.floors[0] / report.floors[1];
    let rates = FLOOR_RATES[0] / FLOOR_RATES[1];
    // "A quarter of the rate gives about a fifth of the floor."
    assert!(ratio > rates && ratio < 1.5 * rates, "{ratio}");
    // The constant-rate curves of the figure settle on their floors, and the
    // shrinking rate ends below both.
    for (curve, floor) in report.constant.iter().zip(&report.floors) {
        assert_relative_eq!(curve.final_excess(), *floor, max_relative = 1e-6);
        assert!(report.sgd_expected().final_excess() < *floor);
    }
}

#[test]
fn sgd_is_ahead_at_its_own_cost_and_batch_far_ahead_at_ten_times_that() {
    let report = report();
    let (_, batch_at_sgd_cost) = report.batch_excess_at_sgd_cost();
    assert!(batch_at_sgd_cost > report.sgd_expected().final_excess());
    assert!(batch_at_sgd_cost > report.sgd.excess_losses()[SGD_STEPS]);
    // For the batch run's whole cost, SGD would take ten times its steps.
    let long = Experiment::run(&Settings {
        steps: BATCH_STEPS * report.data().len(),
        ..Settings::book(Mode::Sgd)
    });
    let batch_end = report.batch.excess_losses()[BATCH_STEPS];
    assert_eq!(long.cost(), report.batch.cost());
    assert!(batch_end < 1e-6 * long.expected.as_ref().unwrap().final_excess());
}

// ------------------------------------------------- just enough probability

/// `erf(x)` by its Taylor series, `2/√π · Σ (−1)ᵏ x²ᵏ⁺¹ / (k! (2k + 1))`, summed
/// until the terms are below 10⁻¹⁷ of the sum: a route to the normal
/// probabilities that shares nothing with the chapter's integration. (For
/// `x ≤ 3` the largest term is below 10³, so the sum keeps 13 digits.)
fn erf_series(x: f64) -> f64 {
    let mut term = x; // (−1)ᵏ x²ᵏ⁺¹ / k!
    let mut sum = x;
    let mut k = 0.0;
    while term.abs() > 1e-17 * sum.abs() {
        k += 1.0;
        term *= -x * x / k;
        sum += term / (2.0 * k + 1.0);
    }
    2.0 / std::f64::consts::PI.sqrt() * sum
}

#[test]
fn the_normal_probabilities_are_the_error_functions() {
    let report = report();
    // P(|Z| ≤ k) = erf(k/√2).
    let within = |k: f64| erf_series(k / 2f64.sqrt());
    assert_relative_eq!(within(1.0), 0.682_689_492_137_085_9, max_relative = 1e-12);
    for k in [1.0, 2.0, 3.0, 4.0] {
        assert!((normal_within(k) - within(k)).abs() < 1e-12, "k = {k}");
    }
    assert_eq!(quoted(&report, "normal-within-1"), decimals(within(1.0), 3));
    assert_eq!(quoted(&report, "normal-within-2"), decimals(within(2.0), 3));
    assert_eq!(
        quoted(&report, "normal-beyond-3"),
        harness::format::significant(1.0 - within(3.0), 2)
    );
    assert_eq!(
        quoted(&report, "normal-beyond-4"),
        harness::format::scientific(1.0 - within(4.0), 1)
    );
    // The prose reads "about six times in a hundred thousand".
    assert_eq!((1e5 * (1.0 - within(4.0))).round(), 6.0);
}

#[test]
fn the_data_noise_is_normal_and_its_mean_is_within_its_standard_error() {
    let report = report();
    // The quoted mean is the mean of yᵢ − (2xᵢ + 1) over the fifty points,
    // and its standard error is σ/√50.
    let data = report.data();
    let psi: Vec<f64> = data.samples.iter().map(|s| s.y - 2.0 * s.x - 1.0).collect();
    let mean = psi.iter().sum::<f64>() / 50.0;
    let se = 0.5 / 50f64.sqrt();
    assert_eq!(quoted(&report, "noise-mean"), decimals(mean, 3));
    assert_eq!(quoted(&report, "noise-mean-se"), decimals(se, 3));
    // "Well within" one standard error.
    assert!(mean.abs() < se);
    // The box's claims, measured on the book's own way of drawing data:
    // over many seeds, single noises land within ±σ and ±2σ, and the mean of
    // fifty within ±2 se, as often as the normal shares say; each share
    // within four standard errors of its own (the binomial's).
    const SETS: u64 = 4000;
    let (mut within_one, mut within_two, mut draws, mut means_within) = (0, 0, 0, 0);
    for seed in 0..SETS {
        let psi: Vec<f64> = DataSet::noisy_line(&TRUTH, 1_000_000 + seed)
            .samples
            .iter()
            .map(|s| s.y - 2.0 * s.x - 1.0)
            .collect();
        for p in &psi {
            within_one += usize::from(p.abs() <= 0.5);
            within_two += usize::from(p.abs() <= 1.0);
            draws += 1;
        }
        let mean = psi.iter().sum::<f64>() / psi.len() as f64;
        means_within += usize::from(mean.abs() <= 2.0 * se);
    }
    let check = |hits: usize, count: usize, share: f64, what: &str| {
        let measured = hits as f64 / count as f64;
        let se = (share * (1.0 - share) / count as f64).sqrt();
        assert!(
            (measured - share).abs() <= 4.0 * se,
            "{what}: {measured} against {share} (standard error {se})"
        );
    };
    check(within_one, draws, normal_within(1.0), "noises within ±σ");
    check(within_two, draws, normal_within(2.0), "noises within ±2σ");
    check(
        means_within,
        SETS as usize,
        normal_within(2.0),
        "means of fifty within ±2 se",
    );
}

#[test]
fn expectations_multiply_for_independent_draws_and_variances_add() {
    // Two fair dice, every pair of faces equally likely: exact sums.
    let faces: Vec<f64> = (1..=6).map(f64::from).collect();
    let mean = faces.iter().sum::<f64>() / 6.0;
    assert_eq!(mean, 3.5);
    let product: f64 = faces
        .iter()
        .flat_map(|u| faces.iter().map(move |v| u * v))
        .sum::<f64>()
        / 36.0;
    assert_eq!(product, mean * mean);
    let variance = faces.iter().map(|u| (u - mean).powi(2)).sum::<f64>() / 6.0;
    let sum_variance: f64 = faces
        .iter()
        .flat_map(|u| faces.iter().map(move |v| (u + v - 2.0 * mean).powi(2)))
        .sum::<f64>()
        / 36.0;
    assert!((sum_variance - 2.0 * variance).abs() < 1e-12);
    // Not for a quantity and itself: U = ±1 has E[U·U] = 1, E[U]² = 0.
    let signs = [1.0, -1.0];
    let square = signs.iter().map(|u| u * u).sum::<f64>() / 2.0;
    let mean_sign = signs.iter().sum::<f64>() / 2.0;
    assert_eq!((square, mean_sign * mean_sign), (1.0, 0.0));
}
