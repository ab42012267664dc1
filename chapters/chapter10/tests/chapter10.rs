//! Chapter 10's numbers against closed forms, finite differences and
//! independent computations, and its command line against good and bad
//! input; the kit's check covers its figures, its quotes and its exercises.

// Index loops read like the formulas they check.
#![allow(clippy::needless_range_loop)]

use std::sync::OnceLock;

use approx::assert_relative_eq;
use chapter10::basics::{
    CONFIDENT_MISTAKE, SquaredProbability, mean_loss, naive_cross_entropy,
    squared_curvature_along_w, worst_gradient_check,
};
use chapter10::penguins::{
    BINS, Fit, GD_TOLERANCE, Method, NEGATIVE, POSITIVE, calibration, design, hessian,
};
use chapter10::separable::{CHECKPOINTS, SEPARABLE_COUNT, Separable, angle};
use chapter10::story::{ANIMALS, STORY_ETA, Story, first_notion_logit};
use chapter10::*;
use descent::linalg::{Matrix, gram, solve_spd};
use descent::loss::{CrossEntropy, Loss, sigmoid};
use descent::objective::norm;
use harness::penguins::{Penguins, Species};

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(Report::compute)
}

/// The logistic function as its definition reads: accurate for moderate `z`.
fn plain_logistic(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// The largest eigenvalue of a symmetric positive semi-definite matrix by
/// power iteration: independent of `descent::linalg`'s Jacobi method.
fn largest_eigenvalue(a: &Matrix) -> f64 {
    let d = a.rows();
    let mut v = vec![1.0; d];
    let mut lambda = 0.0;
    for _ in 0..5000 {
        let w = a.times_vector(&v);
        let size = norm(&w);
        lambda = size / norm(&v);
        v = w.iter().map(|x| x / size).collect();
    }
    lambda
}

#[test]
fn the_chapter_passes_the_kits_check() {
    harness::check(&Chapter10);
}

#[test]
fn ninety_percent_is_a_logit_of_ln_9_and_the_boundary_is_a_half() {
    assert_relative_eq!(plain_logistic(9f64.ln()), 0.9, max_relative = 1e-15);
    assert_eq!(sigmoid(0.0), 0.5);
    // s(−z) = 1 − s(z), the first question's answer.
    for z in [-5.0, -0.3, 1.0, 2.197, 12.0] {
        assert_relative_eq!(sigmoid(-z), 1.0 - sigmoid(z), epsilon = 1e-15);
    }
}

#[test]
fn the_gradient_is_p_minus_y_times_phi_at_a_thousand_random_points() {
    assert_eq!(report().worst_check, worst_gradient_check(1000, CHECK_SEED));
    assert!(report().worst_check < 1e-8, "{}", report().worst_check);
    // dℓ/dz = p − y, against central differences of the naive formula
    // where it is accurate.
    for z in [-6.0, -1.0, 0.0, 0.5, 3.0] {
        for y in [0.0, 1.0] {
            let h = 1e-5;
            let numerical =
                (naive_cross_entropy(z + h, y) - naive_cross_entropy(z - h, y)) / (2.0 * h);
            assert!((CrossEntropy.slope(z, y) - numerical).abs() < 1e-9);
            assert_relative_eq!(
                CrossEntropy.value(z, y),
                naive_cross_entropy(z, y),
                max_relative = 1e-12
            );
        }
    }
}

#[test]
fn the_naive_formula_breaks_where_the_stable_one_is_exact() {
    assert!(naive_cross_entropy(800.0, 0.0).is_infinite());
    assert!(naive_cross_entropy(800.0, 1.0).is_nan());
    assert!(naive_cross_entropy(40.0, 1.0).is_nan());
    assert!(naive_cross_entropy(-800.0, 1.0).is_infinite());
    assert!(naive_cross_entropy(-800.0, 0.0).is_nan());
    // ln(1 + e^(−800)) is far below the last digit of 800.
    assert_eq!(CrossEntropy.value(800.0, 0.0), 800.0);
    assert_eq!(CrossEntropy.value(-800.0, 1.0), 800.0);
    // ln(1 + u) = u − u²/2 + … with u = e^(−40).
    let u = (-40f64).exp();
    assert_relative_eq!(
        CrossEntropy.value(40.0, 1.0),
        u - u * u / 2.0,
        max_relative = 1e-15
    );
    assert_eq!(1.0 + u, 1.0, "why ln_1p is needed");
}

#[test]
fn squared_error_goes_flat_on_confident_mistakes() {
    let z = CONFIDENT_MISTAKE;
    let p = 1.0 / (1.0 + z.abs().exp());
    assert_relative_eq!(sigmoid(z), p, max_relative = 1e-14);
    assert_relative_eq!(CrossEntropy.slope(z, 1.0), p - 1.0, max_relative = 1e-14);
    let h = 1e-4;
    let numerical =
        (SquaredProbability.value(z + h, 1.0) - SquaredProbability.value(z - h, 1.0)) / (2.0 * h);
    assert_relative_eq!(
        SquaredProbability.slope(z, 1.0),
        numerical,
        max_relative = 1e-6
    );
    assert!(SquaredProbability.slope(z, 1.0).abs() < 1e-4);
    assert!(CrossEntropy.slope(z, 1.0) < -0.9999);
}

#[test]
fn squared_error_on_p_curves_down_and_the_cross_entropy_never_does() {
    let data = bill_length_only();
    let (w, curvature) = report().squared_dip;
    // The analytic curvature against second differences of the loss itself.
    let h = 1e-3;
    let along = |w: f64| mean_loss(&SquaredProbability, &data, w, 0.0);
    let numerical = (along(w + h) - 2.0 * along(w) + along(w - h)) / (h * h);
    assert_relative_eq!(curvature, numerical, max_relative = 1e-4);
    assert!(curvature < 0.0);
    assert_relative_eq!(squared_curvature_along_w(&data, w, 0.0), curvature);
    // Not convex: halfway between two points, above the average of the two.
    let (a, b) = (along(w - 1.0), along(w + 1.0));
    assert!(along(w) > (a + b) / 2.0);
    // The cross-entropy curves up everywhere along the same line.
    let ce = |w: f64| mean_loss(&CrossEntropy, &data, w, 0.0);
    for k in 0..=44 {
        let w = LANDSCAPE_W.0 + 0.5 * k as f64;
        assert!(ce(w + 0.1) + ce(w - 0.1) - 2.0 * ce(w) > 0.0, "at w = {w}");
    }
    assert!(report().cross_entropy_least > 0.0);
}

#[test]
fn the_first_notion_counts_agreements_with_grandmothers_cat() {
    let story = Story::book();
    let first = &story.corrections[0];
    for (i, animal) in ANIMALS.iter().enumerate() {
        let z = first_notion_logit(STORY_ETA, animal);
        assert_relative_eq!(first.after[i], plain_logistic(z), max_relative = 1e-14);
    }
    // The dog agrees on five of eight entries: a logit of η.
    assert_relative_eq!(story.corrections[1].before, plain_logistic(STORY_ETA));
    assert_relative_eq!(first.after[0], plain_logistic(4.0 * STORY_ETA));
}

#[test]
fn every_correction_is_one_sgd_step_replayed_by_hand() {
    let story = Story::book();
    let mut theta = [0.0; 8];
    for c in &story.corrections {
        let a = &ANIMALS[c.animal];
        let phi = [a.x[0], a.x[1], a.x[2], a.x[3], a.x[4], a.x[5], a.x[6], 1.0];
        let z: f64 = theta.iter().zip(&phi).map(|(t, f)| t * f).sum();
        let p = plain_logistic(z);
        assert_relative_eq!(c.before, p, max_relative = 1e-14);
        let loss =
            |z: f64| -a.y * plain_logistic(z).ln() - (1.0 - a.y) * (1.0 - plain_logistic(z)).ln();
        assert_relative_eq!(c.loss_before, loss(z), max_relative = 1e-12);
        for k in 0..8 {
            theta[k] -= STORY_ETA * (p - a.y) * phi[k];
        }
        for k in 0..8 {
            assert!((c.theta[k] - theta[k]).abs() < 1e-14);
        }
        // The animal's own logit moved by −η(p − y)‖φ‖², towards its label,
        // and its loss fell.
        let z_after: f64 = theta.iter().zip(&phi).map(|(t, f)| t * f).sum();
        assert_relative_eq!(
            z_after - z,
            -STORY_ETA * (p - a.y) * 8.0,
            max_relative = 1e-12
        );
        assert!(c.loss_after < c.loss_before);
        assert_relative_eq!(c.loss_after, loss(z_after), max_relative = 1e-12);
    }
}

#[test]
fn the_story_ends_as_the_text_tells_it() {
    let story = Story::book();
    let c = &story.corrections;
    // Xiao Ming's mistakes: the dog and the toy called cats, the lion
    // barely a cat, the house cat a cat.
    assert!(c[1].before > 0.5 && c[2].before > 0.5);
    assert!(c[3].before > 0.5 && c[3].before < 0.55);
    assert!(c[4].before > 0.5);
    // The black cat falls below one half after the lion, and recovers.
    assert!(c[3].after[0] < 0.5 && c[4].after[0] > 0.5);
    let end = story.final_probabilities();
    assert!(end[1] < 0.5 && end[2] < 0.5);
    assert!(end[0] > 0.5 && end[4] > 0.5);
    // The lion: high, but not certain.
    assert!(end[3] > 0.8 && end[3] < 0.95, "{}", end[3]);
    assert!((end[3] - end[4]).abs() < 0.01);
    for p in &end {
        assert!(*p > 0.0 && *p < 1.0);
    }
    // The try-it claims: with η = 2 the dog and the toy drop far, and the
    // black cat dips below one half; fifty corrections head for certainty,
    // and an L2 penalty stops them short.
    let hasty = Story::tell(2.0, 5, 0.0);
    assert!(hasty.corrections[1].after[1] < 0.1 && hasty.corrections[2].after[2] < 0.1);
    assert!(hasty.corrections.iter().any(|c| c.after[0] < 0.5));
    let long = Story::tell(STORY_ETA, 50, 0.0).final_probabilities();
    let penalised = Story::tell(STORY_ETA, 50, 0.1).final_probabilities();
    for (i, a) in ANIMALS.iter().enumerate() {
        let (certain, doubtful) = ((long[i] - a.y).abs(), (penalised[i] - a.y).abs());
        assert!(certain < 0.05, "{}: {}", a.name, long[i]);
        assert!(
            doubtful > 2.0 * certain && doubtful < 0.5,
            "{}: {} vs {}",
            a.name,
            penalised[i],
            long[i]
        );
    }
}

#[test]
fn the_penguins_are_counted_from_the_file() {
    let file = Penguins::load();
    let keep = |s: Species| s == NEGATIVE || s == POSITIVE;
    let with_both: Vec<_> = file
        .rows
        .iter()
        .filter(|p| keep(p.species) && p.bill_length_mm.is_some() && p.flipper_length_mm.is_some())
        .collect();
    let chinstraps = with_both
        .iter()
        .filter(|p| p.species == Species::Chinstrap)
        .count();
    let gd = &report().gd;
    assert_eq!(gd.data.len(), with_both.len());
    assert_eq!(gd.data.len(), 219);
    assert_eq!(chinstraps, 68);
    assert_relative_eq!(gd.positive_fraction(), 68.0 / 219.0, max_relative = 1e-15);
}

/// Newton's method on the mean cross-entropy: an independent route to the
/// optimum.
fn newton(data: &descent::data::DataSet<Vec<f64>>) -> Vec<f64> {
    let mut theta = vec![0.0; 3];
    let x = design(data);
    for _ in 0..30 {
        let mut g = vec![0.0; 3];
        for (i, s) in data.samples.iter().enumerate() {
            let z: f64 = x.row(i).iter().zip(&theta).map(|(a, t)| a * t).sum();
            for k in 0..3 {
                g[k] += (plain_logistic(z) - s.y) * x.row(i)[k] / data.len() as f64;
            }
        }
        let step = solve_spd(&hessian(data, &theta), &g).expect("positive definite");
        for k in 0..3 {
            theta[k] -= step[k];
        }
    }
    theta
}

#[test]
fn gradient_descent_at_the_safe_rate_goes_downhill_to_newtons_optimum() {
    let r = report();
    let gd = &r.gd;
    // The safe rate is 8/λ_max(XᵀX/n), λ_max by power iteration.
    let lambda = largest_eigenvalue(&gram(&design(&gd.data)));
    assert_relative_eq!(r.curvatures.data, lambda, max_relative = 1e-9);
    assert_relative_eq!(r.curvatures.safe_rate, 8.0 / lambda, max_relative = 1e-9);
    assert!(matches!(gd.method, Method::Gd { eta } if (eta - 8.0 / lambda).abs() < 1e-9));
    for pair in gd.trajectory.losses.windows(2) {
        assert!(pair[1] <= pair[0] + 1e-15, "{pair:?}");
    }
    assert!(gd.trajectory.outcome.converged());
    let best = newton(&gd.data);
    for k in 0..3 {
        assert!(
            (gd.theta()[k] - best[k]).abs() < 1e-9,
            "{:?} {best:?}",
            gd.theta()
        );
    }
}

#[test]
fn at_the_optimum_the_mean_probability_is_the_fraction_of_chinstraps() {
    let gd = &report().gd;
    let mean = gd.probabilities().iter().sum::<f64>() / gd.data.len() as f64;
    assert!((mean - 68.0 / 219.0).abs() < 1e-10, "{mean}");
    assert!(*gd.trajectory.gradient_norms.last().unwrap() <= GD_TOLERANCE);
    // SGD stops near the bottom, not at it.
    let sgd = &report().sgd;
    let gap = (sgd.mean_probability() - 68.0 / 219.0).abs();
    assert!(gap > 1e-4 && gap < 0.01, "{gap}");
    assert!(sgd.loss() > gd.loss() && sgd.loss() < gd.loss() + 0.01);
    assert!((sgd.accuracy() - gd.accuracy()).abs() < 0.02);
}

#[test]
fn the_fit_in_millimetres_gives_the_same_probabilities() {
    let gd = &report().gd;
    let p = gd.probabilities();
    for (s, p) in gd.raw.samples.iter().zip(&p) {
        assert_relative_eq!(gd.probability_mm(s.x[0], s.x[1]), *p, max_relative = 1e-9);
    }
    let right = gd
        .raw
        .samples
        .iter()
        .filter(|s| (gd.probability_mm(s.x[0], s.x[1]) >= 0.5) == (s.y == 1.0))
        .count();
    assert_relative_eq!(gd.accuracy(), right as f64 / 219.0);
}

fn assert_calibrated(fit: &Fit, standard_errors: f64) {
    let p = fit.probabilities();
    let y = fit.labels();
    let table = calibration(&p, &y, BINS);
    assert_eq!(table.iter().map(|b| b.count).sum::<usize>(), p.len());
    for bin in &table {
        let inside: Vec<usize> = (0..p.len())
            .filter(|&i| {
                p[i] >= bin.lower && (p[i] < bin.upper || (bin.upper == 1.0 && p[i] <= 1.0))
            })
            .collect();
        assert_eq!(inside.len(), bin.count);
        if bin.count == 0 {
            continue;
        }
        let m = bin.count as f64;
        let mean: f64 = inside.iter().map(|&i| p[i]).sum::<f64>() / m;
        let fraction: f64 = inside.iter().map(|&i| y[i]).sum::<f64>() / m;
        assert_relative_eq!(bin.mean_probability, mean, max_relative = 1e-12);
        assert_relative_eq!(bin.fraction, fraction, max_relative = 1e-12);
        // The fraction of m outcomes, each positive with probability pᵢ,
        // has standard error √(Σ pᵢ(1 − pᵢ))/m.
        let se = inside
            .iter()
            .map(|&i| p[i] * (1.0 - p[i]))
            .sum::<f64>()
            .sqrt()
            / m;
        assert_relative_eq!(bin.standard_error, se, max_relative = 1e-12);
        assert!(
            (fraction - mean).abs() <= standard_errors * se,
            "bin {}–{}: {fraction} vs {mean} ± {se}",
            bin.lower,
            bin.upper
        );
    }
}

#[test]
fn both_fits_are_calibrated_within_three_standard_errors() {
    assert_calibrated(&report().gd, 3.0);
    assert_calibrated(&report().blurred, 3.0);
    // The text says more of the blurred fit: every bin within two.
    assert_calibrated(&report().blurred, 2.0);
    // Calibration is not accuracy.
    assert!(report().blurred.accuracy() < 0.8 && report().gd.accuracy() > 0.95);
}

#[test]
fn the_local_threshold_separates_settling_from_bouncing() {
    let r = report();
    // The Hessian at the fit, by its formula, and its largest eigenvalue by
    // power iteration.
    let gd = &r.gd;
    let mut h = Matrix::zeros(3, 3);
    let x = design(&gd.data);
    for i in 0..gd.data.len() {
        let z: f64 = x.row(i).iter().zip(gd.theta()).map(|(a, t)| a * t).sum();
        let p = plain_logistic(z);
        for j in 0..3 {
            for k in 0..3 {
                h[(j, k)] += p * (1.0 - p) * x.row(i)[j] * x.row(i)[k] / 219.0;
            }
        }
    }
    let lambda = largest_eigenvalue(&h);
    assert_relative_eq!(r.curvatures.at_fit, lambda, max_relative = 1e-9);
    assert_relative_eq!(
        r.curvatures.local_threshold,
        2.0 / lambda,
        max_relative = 1e-9
    );
    // Everywhere p(1 − p) ≤ ¼: the local curvature is below the ceiling.
    assert!(lambda <= r.curvatures.data / 4.0);
    let [below, above] = [&r.rate_runs[0], &r.rate_runs[1]];
    // Below: the first step goes uphill (the rate is far above the safe
    // one), and yet the walk settles.
    assert!(below.trajectory.losses[1] > below.trajectory.losses[0]);
    assert!(*below.trajectory.gradient_norms.last().unwrap() < 1e-12);
    // Above: it passes through the bottom and leaves it for a two-step bounce.
    let (_, closest) = closest_approach(&above.trajectory);
    assert!(closest < 1e-9, "{closest}");
    let norms = &above.trajectory.gradient_norms;
    assert!(*norms.last().unwrap() > 1e-3);
    let pts = &above.trajectory.points;
    let t = pts.len() - 1;
    let two = norm(&[
        pts[t][0] - pts[t - 2][0],
        pts[t][1] - pts[t - 2][1],
        pts[t][2] - pts[t - 2][2],
    ]);
    let one = norm(&[
        pts[t][0] - pts[t - 1][0],
        pts[t][1] - pts[t - 1][1],
        pts[t][2] - pts[t - 1][2],
    ]);
    assert!(two < 1e-2 * one, "{two} vs {one}");
}

#[test]
fn three_species_by_the_softmax() {
    let three = &report().three;
    for pair in three.trajectory.losses.windows(2) {
        assert!(pair[1] <= pair[0] + 1e-15);
    }
    // 4/λ_max(XᵀX/n), λ_max by power iteration.
    let lambda = largest_eigenvalue(&gram(&design(&three.data)));
    assert_relative_eq!(three.eta, 4.0 / lambda, max_relative = 1e-9);
    assert_eq!(three.data.len(), 342);
    assert!(three.accuracy() > 0.9);
}

#[test]
fn the_maximum_margin_separator_meets_its_optimality_conditions() {
    let sep = &report().separable;
    let best = &sep.best;
    let margins = best.margins(&sep.data);
    let mut rebuilt = [0.0; 3];
    for (i, s) in sep.data.samples.iter().enumerate() {
        assert!(best.alpha[i] >= 0.0);
        assert!(margins[i] >= 1.0 - 1e-9, "{}", margins[i]);
        if best.alpha[i] > 1e-9 {
            assert!((margins[i] - 1.0).abs() < 1e-9);
        }
        let sign = if s.y == 1.0 { 1.0 } else { -1.0 };
        for (k, f) in [s.x[0], s.x[1], 1.0].iter().enumerate() {
            rebuilt[k] += best.alpha[i] * sign * f;
        }
    }
    for k in 0..3 {
        assert!((rebuilt[k] - best.u[k]).abs() < 1e-9);
    }
    assert_relative_eq!(
        best.alpha.iter().sum::<f64>(),
        best.norm().powi(2),
        max_relative = 1e-9
    );
    assert_eq!(sep.data.len(), SEPARABLE_COUNT);
}

#[test]
fn on_separable_data_the_loss_falls_like_one_over_t_and_the_weights_grow_like_ln_t() {
    let sep = &report().separable;
    // The rate is below the safe one, so every step goes downhill.
    let safe = 8.0
        / largest_eigenvalue(&gram(&design(&descent::data::DataSet::new(
            sep.data
                .samples
                .iter()
                .map(|s| descent::data::Sample {
                    x: s.x.to_vec(),
                    y: s.y,
                })
                .collect(),
        ))));
    assert!(sep.eta < safe);
    for pair in sep.trajectory.losses.windows(2) {
        assert!(pair[1] < pair[0]);
    }
    let c = sep.checkpoints();
    assert_eq!(c.len(), CHECKPOINTS.len());
    // t·η·L/‖u‖² rises towards 1 and is within 2% of it after 10⁴ steps.
    for pair in c.windows(2) {
        assert!(pair[1].loss_ratio > pair[0].loss_ratio);
        assert!(pair[1].angle < pair[0].angle);
    }
    let last = c[c.len() - 1];
    assert!((last.loss_ratio - 1.0).abs() < 0.02, "{}", last.loss_ratio);
    // ‖θ‖ grows by ‖u‖ per unit of ln t, within 5% over the last decade.
    assert!(
        (sep.growth_ratio() - 1.0).abs() < 0.05,
        "{}",
        sep.growth_ratio()
    );
    // The angle shrinks like 1/ln t: angle·ln t changes little per decade.
    let (a, b) = (c[c.len() - 2], c[c.len() - 1]);
    let ratio = (b.angle * (b.t as f64).ln()) / (a.angle * (a.t as f64).ln());
    assert!((ratio - 1.0).abs() < 0.2, "{ratio}");
    assert_relative_eq!(last.angle, angle(sep.trajectory.final_point(), &sep.best.u));
}

#[test]
fn a_penalty_gives_separable_data_a_bottom() {
    let sep: &Separable = &report().separable;
    assert!(sep.penalised.outcome.converged());
    let (_, gradient) = sep.penalised_end();
    assert!(gradient <= 1e-12);
    let plain = sep.least_certainty(sep.trajectory.final_point());
    let penalised = sep.least_certainty(sep.penalised.final_point());
    assert!(plain > 0.99 && penalised < 0.9, "{plain} {penalised}");
    // The plain walk keeps growing more certain.
    assert!(sep.least_certainty(&sep.trajectory.points[1000]) < plain);
    // At the penalised optimum ∇L = −μθ: check it with an independent sum.
    let theta = sep.penalised.final_point();
    let mut g = [0.0; 3];
    for s in &sep.data.samples {
        let p = plain_logistic(theta[0] * s.x[0] + theta[1] * s.x[1] + theta[2]);
        for (k, f) in [s.x[0], s.x[1], 1.0].iter().enumerate() {
            g[k] += (p - s.y) * f / sep.data.len() as f64;
        }
    }
    for k in 0..3 {
        assert!((g[k] + sep.mu * theta[k]).abs() < 1e-11);
    }
}

fn run_cli<'a>(
    arguments: impl IntoIterator<Item = &'a str>,
) -> Result<harness::Output, harness::cli::CliError> {
    harness::run_cli(&Chapter10, arguments)
}

#[test]
fn readers_runs_write_their_figures_under_target_named_by_their_options() {
    let output = run_cli(["--set", "story", "--steps", "12", "--lr", "0.7"]).unwrap();
    assert!(output.directory.ends_with("target/downhill/chapter10"));
    assert_eq!(output.figures[0].file_name, "story-lr-0.7-steps-12.svg");
    assert!(output.text.contains("12 steps of SGD"));
    let penguins = run_cli(["--optimizer", "sgd", "--seed", "3"]).unwrap();
    assert!(penguins.text.contains("reliability"));
    assert_eq!(penguins.figures.len(), 3);
    assert!(!penguins.text.contains("NaN"));
}

#[test]
fn a_diverging_run_is_reported_and_drawn_as_diverged() {
    let output = run_cli(["--set", "penguins", "--lr", "1e9", "--steps", "50"]).unwrap();
    assert!(output.text.contains("diverged at step"), "{}", output.text);
    assert_eq!(output.figures.len(), 1);
    assert!(output.figures[0].svg.contains("diverged"));
    assert!(!output.text.contains("NaN") && !output.figures[0].svg.contains("NaN"));
}

#[test]
fn bad_combinations_get_one_line() {
    let error = run_cli(["--set", "separable", "--optimizer", "sgd"]).unwrap_err();
    assert!(error.0.contains("--optimizer") && !error.0.contains('\n'));
    let error = run_cli(["--l2", "-1"]).unwrap_err();
    assert!(error.0.starts_with("--l2 must be a number from 0 to 10"));
}

#[test]
fn faster_than_safe_on_the_command_line() {
    let raw = penguins::two_species();
    let quick = penguins::fit(&raw, Method::Gd { eta: 60.0 }, 5000, 0.0);
    let steps = quick.trajectory.outcome.converged_at().unwrap();
    assert!(steps * 5 < report().gd.trajectory.steps(), "{steps}");
    let bouncing = penguins::walk(&raw, Method::Gd { eta: 70.0 }, 1000, 0.0, None);
    assert!(*bouncing.trajectory.gradient_norms.last().unwrap() > 1e-3);
}
