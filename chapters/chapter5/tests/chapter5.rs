//! Chapter 5's numbers against theory, computed here independently (closed
//! forms, enumeration, Monte Carlo with tolerances from its own standard
//! error), and its command line against good and bad input; the kit's check
//! covers its figures, its quotes and its exercises.

use std::sync::OnceLock;

use chapter5::bowl::{
    NoisyBowl, ensemble, expected_square, exponential_stop, mean_walk, noise_floor,
    shuffled_average, shuffled_floor, shuffled_profile,
};
use chapter5::variance::{Estimate, gradient_spread};
use chapter5::*;
use descent::data::Sample;
use descent::line::{MeanSquaredError, curvatures, sample_gradient};
use descent::{GradientDescent, Objective, Sampling, Schedule, StoppingRules, descend};
use harness::Output;
use harness::cli::CliError;
use harness::paths::readers_figures;

/// The book's run, computed once for all the tests of this file.
/// The text the book's run quotes under `name`.
fn quoted(r: &Report, name: &str) -> String {
    let text = harness::quote::text_of(&r.quotes(), name);
    assert!(!text.is_empty(), "the report quotes nothing called {name}");
    text
}

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(Report::compute)
}

fn run_cli<'a>(arguments: impl IntoIterator<Item = &'a str>) -> Result<Output, CliError> {
    harness::run_cli(&Chapter5, arguments)
}

/// How many standard errors a Monte Carlo estimate may miss by.
const K: f64 = 4.0;

#[test]
fn the_chapter_passes_the_kits_check() {
    harness::check(&Chapter5);
}

#[test]
fn enumerating_every_batch_gives_the_variance_formulas() {
    let r = report();
    // The spread, from chapter 3's per-point formula.
    let small = &r.problem.data.samples[..SMALL];
    let gradients: Vec<[f64; 2]> = small.iter().map(|s| sample_gradient(0.0, 0.0, s)).collect();
    let mean = [
        gradients.iter().map(|g| g[0]).sum::<f64>() / SMALL as f64,
        gradients.iter().map(|g| g[1]).sum::<f64>() / SMALL as f64,
    ];
    let spread: f64 = gradients
        .iter()
        .map(|g| (g[0] - mean[0]).powi(2) + (g[1] - mean[1]).powi(2))
        .sum::<f64>()
        / SMALL as f64;
    assert!((r.small_spread - spread).abs() < 1e-13 * spread);
    for e in &r.enumerated {
        let b = e.batch as f64;
        let n = SMALL as f64;
        assert!((e.with_replacement - spread / b).abs() < 1e-12 * spread);
        assert!((e.without_replacement - spread / b * (n - b) / (n - 1.0)).abs() < 1e-12 * spread);
    }
    assert!(r.enumeration_agreement() < 1e-12);
    // B = 2 without replacement is σ²/2 · 4/5, as the prose says, and the
    // prose quotes the enumerated values.
    assert!((r.enumerated[1].without_formula - spread / 2.0 * 0.8).abs() < 1e-14);
    assert_eq!(quoted(r, "small-with-2"), format!("{:.4}", spread / 2.0));
    assert_eq!(
        quoted(r, "small-without-2"),
        format!("{:.4}", spread / 2.0 * 0.8)
    );
}

#[test]
fn a_mini_batch_gradient_is_unbiased() {
    // The mean over all 6³ ordered batches of 3 is the full gradient.
    let r = report();
    let data = descent::data::DataSet::new(r.problem.data.samples[..SMALL].to_vec());
    let loss = MeanSquaredError { data: &data };
    let theta = [0.7, -0.4];
    let full = loss.gradient(&theta);
    let mut sum = [0.0, 0.0];
    let mut count = 0.0;
    for i in 0..SMALL {
        for j in 0..SMALL {
            for k in 0..SMALL {
                let g = descent::sampling::batch_gradient(&loss, &[i, j, k], &theta);
                sum[0] += g[0];
                sum[1] += g[1];
                count += 1.0;
            }
        }
    }
    assert!((sum[0] / count - full[0]).abs() < 1e-13);
    assert!((sum[1] / count - full[1]).abs() < 1e-13);
}

#[test]
fn sampled_variances_agree_with_the_formulas() {
    let r = report();
    let loss = MeanSquaredError {
        data: &r.problem.data,
    };
    assert!((r.spread - gradient_spread(&loss, &START)).abs() < 1e-15);
    let n = r.problem.n();
    for s in &r.sampled {
        let b = s.batch as f64;
        let with = r.spread / b;
        let without = r.spread / b * (n as f64 - b) / (n as f64 - 1.0);
        assert_eq!(s.with_replacement.draws, DRAWS);
        assert!(
            s.with_replacement.agrees_with(with, K),
            "B = {}: {:?} against {with}",
            s.batch,
            s.with_replacement
        );
        if s.batch == n {
            assert!(
                s.without_replacement.mean < 1e-25,
                "{:?}",
                s.without_replacement
            );
        } else {
            assert!(
                s.without_replacement.agrees_with(without, K),
                "B = {}: {:?} against {without}",
                s.batch,
                s.without_replacement
            );
        }
    }
    let s64 = r.sampled_at(64);
    assert!((s64.without_formula / s64.with_formula - 192.0 / 255.0).abs() < 1e-14);
}

#[test]
fn the_condition_number_is_the_ratio_of_the_hessians_eigenvalues() {
    // H = [[mean x², mean x], [mean x, 1]]: its eigenvalues from the
    // characteristic polynomial, computed here.
    let r = report();
    let h = r.problem.hessian;
    let trace = h[0][0] + h[1][1];
    let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
    let root = (trace * trace / 4.0 - det).sqrt();
    let kappa = (trace / 2.0 + root) / (trace / 2.0 - root);
    let quoted = r
        .quotes()
        .into_iter()
        .find(|q| q.name == "condition-number")
        .unwrap();
    assert_eq!(quoted.text, format!("{kappa:.1}"));
    // Inputs uniform on [−1, 1): mean x² near ⅓, so κ near 3.
    assert!((2.5..3.6).contains(&kappa));
}

#[test]
fn work_is_counted_exactly() {
    let r = report();
    let n = r.problem.n() as u64;
    for walk in &r.walks {
        let b = walk.settings.batch(r.problem.n()) as u64;
        let run = &walk.trajectory;
        assert_eq!(run.steps() as u64 * b, WORK_EPOCHS as u64 * n);
        for (t, &e) in run.evaluations.iter().enumerate() {
            assert_eq!(e, t as u64 * b);
        }
    }
}

/// `½·eᵀHe` after `t` full-batch steps, `e = (I − ηH)ᵗ·e₀`, by the
/// eigenvectors of the 2 × 2 Hessian.
fn full_batch_excess(problem: &Problem, eta: f64, t: usize) -> f64 {
    let h = problem.hessian;
    let (big, small) = curvatures(&problem.data);
    let e0 = [START[0] - problem.best.w, START[1] - problem.best.b];
    let mut total = 0.0;
    for lambda in [big, small] {
        // An eigenvector of [[p, q], [q, s]] for λ is (q, λ − p).
        let v = [h[0][1], lambda - h[0][0]];
        let norm = (v[0] * v[0] + v[1] * v[1]).sqrt();
        let along = (v[0] * e0[0] + v[1] * e0[1]) / norm;
        total += 0.5 * lambda * ((1.0 - eta * lambda).powi(2 * t as i32)) * along * along;
    }
    total
}

#[test]
fn full_batch_descent_follows_the_closed_form() {
    let r = report();
    let full = r.walk(r.problem.n());
    let expected = full.expected.as_ref().unwrap();
    assert_eq!(expected.len(), full.excess.len());
    for (t, (measured, expected)) in full.excess.iter().zip(expected).enumerate() {
        let closed = full_batch_excess(&r.problem, WORK_ETA, t);
        assert!((measured - closed).abs() < 1e-9 * closed, "step {t}");
        assert!((expected - closed).abs() < 1e-9 * closed, "step {t}");
    }
}

/// The mean excess loss after `steps` steps over `runs` independent fits
/// with batches of `batch` drawn with replacement at the rate `eta`.
fn many_fits(problem: &Problem, batch: usize, eta: f64, steps: usize, runs: usize) -> Estimate {
    let n = problem.n();
    let mut finals = Vec::with_capacity(runs);
    for run in 0..runs {
        let settings = Settings {
            sampling: Sampling::WithReplacement { batch },
            schedule: Schedule::Constant { eta },
            epochs: 1,
            seed: 1000 + run as u64,
        };
        let loss = MeanSquaredError {
            data: &problem.data,
        };
        let mut sampler = descent::Sampler::new(settings.sampling, n, run as u64 * 7919 + 1);
        let mut sgd = descent::Sgd::new(settings.schedule);
        let walk = descent::descend_sampled(
            &loss,
            &mut sampler,
            &mut sgd,
            &START,
            &StoppingRules::budget(steps),
        );
        finals.push(problem.excess(walk.final_point()));
    }
    Estimate::of(&finals)
}

#[test]
fn the_expected_excess_loss_matches_many_runs() {
    // 300 runs each, at a step count where the walk has reached its floor
    // (B = 1) or is still on its way (B = 8).
    let r = report();
    for (batch, steps) in [(1, 40), (8, 16)] {
        let expected = moments::expected_excess(
            &r.problem.data,
            Some(batch),
            &Schedule::Constant { eta: WORK_ETA },
            START,
            steps,
        )
        .unwrap()[steps];
        let measured = many_fits(&r.problem, batch, WORK_ETA, steps, 300);
        assert!(
            measured.agrees_with(expected, K),
            "B = {batch}, {steps} steps: {measured:?} against {expected}"
        );
    }
}

#[test]
fn for_single_points_the_recursion_is_chapter_3s() {
    // The prose says so: chapter 3's recursion sums over the points, this
    // chapter's uses their means H, K, C and N; they must agree on any data
    // with residuals, here the chapter's, from a start off the line.
    let r = report();
    let data = &r.problem.data;
    let h = r.problem.hessian;
    let schedule = Schedule::InversePower {
        eta0: 0.6,
        tau: 20.0,
        nu: 1.0,
    };
    let start = [-0.5, 2.0];
    let steps = 60;
    let ours = moments::expected_excess(data, Some(1), &schedule, start, steps).unwrap();
    let theirs = chapter3::moments::sgd_error_moments(data, &schedule, start, steps).unwrap();
    for (t, (ours, theirs)) in ours.iter().zip(&theirs).enumerate() {
        let theirs = chapter3::moments::excess_loss(&h, theirs);
        assert!(
            (ours - theirs).abs() < 1e-12 * theirs,
            "step {t}: {ours} {theirs}"
        );
    }
}

#[test]
fn single_points_are_stable_on_average_beyond_the_per_point_bound() {
    let r = report();
    let problem = &r.problem;
    let limit = r.single_point_limit;
    // Between the safe bound for every point and the full batch's limit.
    let steepest = problem
        .data
        .samples
        .iter()
        .map(|s| s.x * s.x + 1.0)
        .fold(0.0, f64::max);
    let (big, _) = curvatures(&problem.data);
    assert!(2.0 / steepest < limit && limit < 2.0 / big, "{limit}");
    // Either side of it, the exact recursion (tested against every sequence
    // of draws) settles or grows without bound.
    let run = |eta: f64| {
        let c = Schedule::Constant { eta };
        moments::expected_excess(&problem.data, Some(1), &c, START, 6000).unwrap()
    };
    let below = run(0.99 * limit);
    assert!((below[6000] / below[3000] - 1.0).abs() < 1e-6);
    let above = run(1.01 * limit);
    assert!(above[6000] > 10.0 * above[3000]);
    // The Try-it claim: --batch 1 --lr 1.2 runs stably, a long way past 1.
    let out = run_cli(["--batch", "1", "--lr", "1.2"]).unwrap();
    assert!(!out.text.contains("diverged"), "{}", out.text);
    assert!(1.2 < limit && 1.2 > 1.1 * 2.0 / steepest);
}

#[test]
fn small_batches_win_early_and_lose_late() {
    let r = report();
    let n = r.problem.n();
    let epoch = n as u64;
    let end = (WORK_EPOCHS * n) as u64;
    let at = |b: usize, e: u64| r.walk(b).expected_at(e).unwrap();
    // After one epoch: 8 ahead of 1 ahead of 64 ahead of the full batch.
    assert!(at(8, epoch) < at(1, epoch) && at(1, epoch) < at(64, epoch));
    assert!(at(64, epoch) < at(n, epoch));
    // After 32: the order is reversed.
    assert!(at(n, end) < at(64, end) && at(64, end) < at(8, end) && at(8, end) < at(1, end));
    // Per step, a larger batch is never worse on average.
    let expected = |b: usize| r.walk(b).expected.as_ref().unwrap();
    for t in 0..=WORK_EPOCHS {
        assert!(expected(1)[t] >= expected(8)[t] && expected(8)[t] >= expected(64)[t]);
        assert!(expected(64)[t] >= expected(n)[t]);
    }
    // B = 1 and 8 have settled after one epoch: within 1 % of their end.
    for b in [1, 8] {
        assert!((at(b, epoch) - at(b, end)).abs() < 0.01 * at(b, end));
    }
    // Each eightfold batch settles about eightfold lower.
    for (small, big) in [(1, 8), (8, 64)] {
        let ratio = at(small, end) / at(big, end);
        assert!((5.0..12.0).contains(&ratio), "{small} → {big}: {ratio}");
    }
    // On the work axis, B = 8 passes below B = 1 after about sixty
    // evaluations (the figure's alt text).
    let crossing = (1..=epoch).find(|&e| at(8, e) < at(1, e)).unwrap();
    assert!((56..=72).contains(&crossing), "{crossing}");
    // Within a few hundredths in a fraction of an epoch for single points;
    // within 10⁻⁵ only for the full batch.
    assert!(at(1, 64) < 0.07);
    assert!(at(n, end) < 1e-5 && at(64, end) > 1e-5);
}

#[test]
fn the_paths_figure_shows_what_its_caption_says() {
    let r = report();
    let n = r.problem.n();
    let two_epochs = (PATH_EPOCHS * n) as u64;
    let full = r.walk(n);
    let distance = |p: &[f64]| (p[0] - r.problem.best.w).hypot(p[1] - r.problem.best.b);
    // Two full-batch steps, not yet halfway to the bottom.
    let t = full
        .trajectory
        .evaluations
        .iter()
        .rposition(|&e| e <= two_epochs)
        .unwrap();
    assert_eq!(t, 2);
    assert!(distance(&full.trajectory.points[2]) > 0.5 * distance(&START));
    // Every walk's first two epochs fit in the window.
    let ((w0, w1), (b0, b1)) = PATH_WINDOW;
    for walk in &r.walks {
        let last = walk
            .trajectory
            .evaluations
            .iter()
            .rposition(|&e| e <= two_epochs)
            .unwrap();
        for p in &walk.trajectory.points[..=last] {
            assert!(
                (w0..w1).contains(&p[0]) && (b0..b1).contains(&p[1]),
                "{p:?}"
            );
        }
    }
    // Single points are at their floor within a tenth of that work.
    let one = r.walk(1);
    assert!(one.expected.as_ref().unwrap()[50] < 1.01 * r.walk(1).expected_at(two_epochs).unwrap());
}

#[test]
fn the_noise_floor_is_reached_and_matches_the_formula() {
    let r = report();
    for (k, &eta) in FLOOR_ETAS.iter().enumerate() {
        let floor = eta * BOWL_SIGMA2 / (BOWL_A * (2.0 - eta * BOWL_A));
        assert_eq!(noise_floor(eta, BOWL_A, BOWL_SIGMA2), floor);
        let steps = FLOOR_STEPS[k];
        let settle = FLOOR_SETTLE[k];
        let rho2 = (1.0 - eta * BOWL_A).powi(2);
        let closed = |t: usize| floor + rho2.powi(t as i32) * (BOWL_START * BOWL_START - floor);
        let exact = expected_square(
            &Schedule::Constant { eta },
            BOWL_A,
            BOWL_SIGMA2,
            BOWL_START,
            steps,
        );
        for (t, m) in exact.iter().enumerate() {
            assert!(
                (m - closed(t)).abs() < 1e-12 * closed(t),
                "η = {eta}, t = {t}"
            );
        }
        let ensemble = &r.floors[k];
        assert_eq!(ensemble.last.draws, RUNS);
        assert!(
            ensemble.last.agrees_with(closed(steps), K),
            "η = {eta}: {:?}",
            ensemble.last
        );
        // By the settling step the walks are at the floor, not on their
        // way: the gap is tiny.
        assert!(closed(settle) - floor < 1e-4 * floor);
        // Each walk averaged over its steps after settling: its mean is the
        // mean of closed(t) over those steps.
        let expected = (settle + 1..=steps).map(closed).sum::<f64>() / (steps - settle) as f64;
        assert!(
            ensemble.settled.agrees_with(expected, K),
            "η = {eta}: {:?} against {expected}",
            ensemble.settled
        );
        // And it is far sharper than the last step alone.
        assert!(ensemble.settled.standard_error < 0.25 * ensemble.last.standard_error);
    }
    // At η = 0.2 the sharp estimate rules out the small-rate approximation
    // ησ²/(2a), which drops the ηa in 2 − ηa: exercise 5.2's typical wrong
    // answer.
    let settled = r.floors[0].settled;
    let approximate = small_rate_floor(FLOOR_ETAS[0], BOWL_A, BOWL_SIGMA2);
    assert!((approximate - 0.1).abs() < 1e-15);
    assert!((settled.mean - approximate).abs() > K * settled.standard_error);
    // The bowl's noise really has the stated variance and mean zero.
    let bowl = noisy_bowl();
    assert!((bowl.sigma2() - BOWL_SIGMA2).abs() < 1e-12);
    assert!(bowl.centres.iter().sum::<f64>().abs() < 1e-12);
}

#[test]
fn at_large_rates_the_floor_is_far_from_the_small_rate_approximation() {
    // Where ηa is not small, (5.4) and ησ²/(2a) part by a factor 2 − ηa
    // over 2 − 2ηa… at η = 1 the floor is σ²/a, twice the approximation; at
    // η = 1.5 it is 3σ²/a, four times. 400 walks of 60 steps, each averaged
    // after step 20, tell them apart by far.
    let bowl = noisy_bowl();
    for eta in [1.0, 1.5] {
        let walks = ensemble(
            &bowl,
            Sampling::WithReplacement { batch: 1 },
            Schedule::Constant { eta },
            BOWL_START,
            60,
            20,
            400,
            900 + (10.0 * eta) as u64,
        );
        let floor = noise_floor(eta, BOWL_A, BOWL_SIGMA2);
        assert!(
            walks.settled.agrees_with(floor, K),
            "η = {eta}: {:?} against {floor}",
            walks.settled
        );
        let approximate = small_rate_floor(eta, BOWL_A, BOWL_SIGMA2);
        assert!((walks.settled.mean - approximate).abs() > 10.0 * K * walks.settled.standard_error);
    }
}

#[test]
fn halving_the_rate_almost_halves_the_floor_and_almost_doubles_the_time() {
    let (eta, a) = (FLOOR_ETAS[0], BOWL_A);
    let ratio = floor_ratio(eta, a);
    assert!((ratio - (2.0 - eta * a) / (4.0 - eta * a)).abs() < 1e-15);
    assert!(ratio < 0.5 && ratio > 0.45);
    // The time: steps for the gap to the floor to fall by 10⁻⁸, counted on
    // the exact recursion.
    let steps_to_close = |eta: f64| {
        let floor = noise_floor(eta, a, 1.0);
        let m = expected_square(&Schedule::Constant { eta }, a, 1.0, BOWL_START, 2000);
        let start_gap = m[0] - floor;
        m.iter()
            .position(|v| v - floor <= 1e-8 * start_gap)
            .unwrap() as f64
    };
    let measured = steps_to_close(eta / 2.0) / steps_to_close(eta);
    let predicted = time_ratio(eta, a);
    assert!(predicted > 2.0 && predicted < 2.2);
    assert!(
        (measured - predicted).abs() < 0.05,
        "{measured} against {predicted}"
    );
}

/// Whether `Σₜ ηₜ` and `Σₜ ηₜ²` grow without bound, judged from their
/// partial sums: a sum of terms that fall like `1/tᵖ` gains about as much
/// from `10⁴` to `10⁵` as from `10³` to `10⁴` when `p = 1` (far out, as
/// here, where `t ≫ τ`), more when `p < 1`, and a factor `10^(1−p)` less
/// when `p > 1`; terms that fall geometrically add nothing at all that far
/// out. One pass gives both.
fn grows(schedule: &Schedule) -> (bool, bool) {
    let (mut early, mut late) = ([0.0; 2], [0.0; 2]);
    for t in 1_000..100_000usize {
        let rate = schedule.rate(t);
        let sums = if t < 10_000 { &mut early } else { &mut late };
        sums[0] += rate;
        sums[1] += rate * rate;
    }
    let verdict = |k: usize| late[k] > 0.0 && late[k] >= 0.9 * early[k];
    (verdict(0), verdict(1))
}

#[test]
fn the_robbins_monro_verdicts_match_the_partial_sums() {
    for (name, schedule) in schedules() {
        let (sum, squares) = grows(&schedule);
        assert_eq!(robbins_monro(&schedule), (sum, !squares), "{name}");
    }
    // The powers on either side of ½ and 1, through the same partial sums.
    for nu in [0.3, 0.75, 2.0] {
        let s = Schedule::InversePower {
            eta0: 0.2,
            tau: 50.0,
            nu,
        };
        let (sum, squares) = grows(&s);
        assert_eq!(robbins_monro(&s), (sum, !squares), "ν = {nu}");
    }
    // The totals of the two decays that have one.
    let total = |s: &Schedule| (0..100_000).map(|t| s.rate(t)).sum::<f64>();
    for (_, s) in &schedules()[3..] {
        let closed = total_rate(s).unwrap();
        assert!((total(s) - closed).abs() < 1e-9 * closed);
    }
    assert!((total_rate(&schedules()[4].1).unwrap() - 2.0).abs() < 1e-12);
    assert!((total_rate(&schedules()[3].1).unwrap() - 80.0).abs() < 1e-9);
}

#[test]
fn the_total_of_a_power_decay_includes_its_tail() {
    // For a decreasing f, ∫_T^∞ f ≤ Σ_(t ≥ T) f(t) ≤ f(T) + ∫_T^∞ f: the
    // sum of the first T terms plus the integral brackets the total to
    // within f(T).
    for (eta0, tau, nu) in [(0.5, 50.0, 1.1), (0.2, 3.0, 1.5), (1.0, 1000.0, 2.0)] {
        let s = Schedule::InversePower { eta0, tau, nu };
        let cut = 1_000_000usize;
        let head: f64 = (0..cut).map(|t| s.rate(t)).sum();
        let integral = eta0 * tau / (nu - 1.0) * (1.0 + cut as f64 / tau).powf(1.0 - nu);
        let (low, high) = (head + integral, head + integral + s.rate(cut));
        let total = total_rate(&s).unwrap();
        let slack = 1e-9 * total;
        assert!(
            low - slack <= total && total <= high + slack,
            "{s:?}: {total} outside [{low}, {high}]"
        );
        assert!(high - low < 1e-5 * total);
    }
    // The reader's report no longer cuts the sum short: ν = 1.1 adds up to
    // about 250, not the 176 of its first ten million terms.
    let out = run_cli([
        "--schedule",
        "inverse",
        "--power",
        "1.1",
        "--lr",
        "0.5",
        "--epochs",
        "1",
    ])
    .unwrap();
    assert!(out.text.contains("add up to 250.3"), "{}", out.text);
}

#[test]
fn the_exponential_decay_stops_where_the_product_says() {
    let r = report();
    let Schedule::Exponential { eta0, gamma } = schedules()[4].1 else {
        panic!("the fifth schedule is the exponential decay");
    };
    let stop = exponential_stop(BOWL_START, BOWL_A, eta0, gamma);
    let end = r.exponential.final_point()[0];
    assert!((end - stop).abs() < 1e-12 * stop, "{end} against {stop}");
    // Between the two bounds of the prose: at least as close as
    // x₀·e^(−aΣηₜ) (from 1 − u ≤ e^(−u)), never closer than
    // x₀·e^(−aΣηₜ/(1 − aη₀)) (from ln(1 − u) ≥ −u/(1 − u)).
    let total = eta0 / (1.0 - gamma);
    let upper = BOWL_START * (-BOWL_A * total).exp();
    let lower = BOWL_START * (-BOWL_A * total / (1.0 - BOWL_A * eta0)).exp();
    assert!(lower < stop && stop < upper, "{lower} < {stop} < {upper}");
    assert_eq!(exponential_bounds(), (lower, upper));
    // The inequality behind the lower bound, at every step's u.
    for t in 0..EXPONENTIAL_STEPS {
        let u = BOWL_A * eta0 * gamma.powi(t as i32);
        assert!((-u).ln_1p() >= -u / (1.0 - BOWL_A * eta0), "u = {u}");
    }
    // And it stays there however long it runs.
    let later = mean_walk(BOWL_A, schedules()[4].1, BOWL_START, 4 * EXPONENTIAL_STEPS);
    assert_eq!(later.final_point()[0], end);
    // E[x²] is frozen above the mean's square: noise frozen in.
    let frozen = r.schedule_ends()[4];
    assert!(frozen > stop * stop && frozen > 10.0 * r.schedule_ends()[0]);
}

#[test]
fn the_schedule_table_matches_many_walks() {
    // The exact E[x²] of the schedules against 300 walks each with the
    // chapter's loop, at a step where they have parted.
    let bowl = noisy_bowl();
    for (k, steps) in [(1, 300), (4, 150), (2, 300)] {
        let (name, schedule) = schedules()[k];
        let exact = expected_square(&schedule, BOWL_A, BOWL_SIGMA2, BOWL_START, steps)[steps];
        let walks = ensemble(
            &bowl,
            Sampling::WithReplacement { batch: 1 },
            schedule,
            BOWL_START,
            steps,
            steps - 1,
            300,
            77 + k as u64,
        );
        assert!(
            walks.last.agrees_with(exact, K),
            "{name}: {:?} against {exact}",
            walks.last
        );
    }
}

#[test]
fn the_table_of_schedules_reads_as_the_prose_says() {
    let r = report();
    let ends = r.schedule_ends();
    let floor = noise_floor(0.2, BOWL_A, BOWL_SIGMA2);
    let m = &r.schedule_squares;
    // Constant: at its floor after a few dozen steps.
    assert!((m[0][60] - floor).abs() < 1e-6 * floor);
    // ν = 1 and ν = ½ keep falling; ν = ½ follows ηₜσ²/(2a) down.
    for k in [1, 2] {
        assert!(m[k][10_000] < m[k][5_000] && m[k][5_000] < m[k][1_000]);
    }
    let rate = schedules()[2].1.rate(SCHEDULE_STEPS);
    assert!((m[2][SCHEDULE_STEPS] / (rate / 2.0) - 1.0).abs() < 0.1);
    assert!(ends[1] < ends[2]);
    // Step decay: frozen, low.
    assert!((m[3][10_000] - m[3][6_000]).abs() < 1e-6 * m[3][10_000]);
    assert!(ends[3] < 0.01 * floor);
}

#[test]
fn a_short_time_scale_makes_one_over_t_slow() {
    // ν = 1 with τ = 1: aη₀τ = 0.2 < ½. E[x_T²] unrolled, independently of
    // the recursion: x₀²·Πₜ qₜ + σ²·Σₛ ηₛ²·Π_(s<t<T) qₜ with qₜ = (1 − aηₜ)².
    let r = report();
    let schedule = trap_schedule();
    let unrolled = |steps: usize| {
        let q: Vec<f64> = (0..steps)
            .map(|t| (1.0 - BOWL_A * schedule.rate(t)).powi(2))
            .collect();
        let mut after = 1.0;
        let mut noise = 0.0;
        for s in (0..steps).rev() {
            noise += schedule.rate(s).powi(2) * BOWL_SIGMA2 * after;
            after *= q[s];
        }
        BOWL_START * BOWL_START * after + noise
    };
    let end = unrolled(SCHEDULE_STEPS);
    assert!(
        (r.trap_end - end).abs() < 1e-10 * end,
        "{} {end}",
        r.trap_end
    );
    // Worse than the constant rate's floor, and falling like t^(−2aη₀τ).
    assert!(r.trap_end > 10.0 * noise_floor(0.2, BOWL_A, BOWL_SIGMA2));
    let slope = (end / unrolled(SCHEDULE_STEPS / 10)).log10();
    assert!((slope + 2.0 * BOWL_A * 0.2 * 1.0).abs() < 0.01, "{slope}");
    // Both Robbins–Monro conditions hold all the same.
    assert_eq!(robbins_monro(&schedule), (true, true));
}

#[test]
fn an_epoch_of_draws_with_replacement_misses_about_one_in_e() {
    let r = report();
    let n = r.problem.n() as f64;
    let exact = (1.0 - 1.0 / n).powf(n);
    assert_eq!(r.missed.draws, MISSED_EPOCHS);
    assert!(
        r.missed.agrees_with(exact, K),
        "{:?} against {exact}",
        r.missed
    );
    // (1 − 1/n)ⁿ rises towards 1/e.
    let e = (-1.0f64).exp();
    assert!(exact < e && e - exact < 1e-3);
    // Question 4: used exactly once, (1 − 1/n)^(n−1), also → 1/e; the rest 1 − 2/e.
    assert!(((1.0 - 1.0 / n).powf(n - 1.0) - e).abs() < 1e-3);
    assert!((1.0 - 2.0 * e - 0.264).abs() < 1e-3);
}

/// `E[x²]` at the ends of epochs of shuffled single-point steps on a small
/// bowl, by averaging every epoch's outcome over all `n!` orders exactly.
fn shuffled_by_enumeration(bowl: &NoisyBowl, eta: f64) -> f64 {
    fn permutations(items: &mut Vec<usize>, k: usize, out: &mut Vec<Vec<usize>>) {
        if k == items.len() {
            out.push(items.clone());
            return;
        }
        for i in k..items.len() {
            items.swap(k, i);
            permutations(items, k + 1, out);
            items.swap(k, i);
        }
    }
    let n = bowl.centres.len();
    let mut orders = Vec::new();
    permutations(&mut (0..n).collect(), 0, &mut orders);
    let a = bowl.curvature;
    // Over one epoch from x: x·ρⁿ + (what the order adds, independent of x).
    let rho_n = (1.0 - eta * a).powi(n as i32);
    let mut added = 0.0;
    for order in &orders {
        let mut x = 0.0;
        for &i in order {
            x -= eta * a * (x - bowl.centres[i]);
        }
        added += x * x / orders.len() as f64;
    }
    // m ← ρ²ⁿ·m + added, to its fixed point.
    added / (1.0 - rho_n * rho_n)
}

/// The stationary `E[x²]` after each step `k = 0, …, n` of an epoch, by
/// averaging over all `n!` orders of the epoch: each order's walk from
/// `x = 0` gives what the order adds after `k` steps, and the epoch's start
/// (at its own stationary level, independent of the order) adds its square
/// times `(1 − ηa)^(2k)`.
fn shuffled_profile_by_enumeration(bowl: &NoisyBowl, eta: f64) -> Vec<f64> {
    fn permutations(items: &mut Vec<usize>, k: usize, out: &mut Vec<Vec<usize>>) {
        if k == items.len() {
            out.push(items.clone());
            return;
        }
        for i in k..items.len() {
            items.swap(k, i);
            permutations(items, k + 1, out);
            items.swap(k, i);
        }
    }
    let n = bowl.centres.len();
    let mut orders = Vec::new();
    permutations(&mut (0..n).collect(), 0, &mut orders);
    let a = bowl.curvature;
    let end = shuffled_by_enumeration(bowl, eta);
    let mut added = vec![0.0; n + 1];
    for order in &orders {
        let mut x = 0.0;
        for (k, &i) in order.iter().enumerate() {
            x -= eta * a * (x - bowl.centres[i]);
            added[k + 1] += x * x / orders.len() as f64;
        }
    }
    (0..=n)
        .map(|k| (1.0 - eta * a).powi(2 * k as i32) * end + added[k])
        .collect()
}

#[test]
fn shuffled_epochs_sit_lower_by_the_exact_amount() {
    let r = report();
    let bowl = noisy_bowl();
    let exact = shuffled_floor(&bowl, FLOOR_ETAS[1]);
    assert!(
        r.shuffled.last.agrees_with(exact, K),
        "{:?} against {exact}",
        r.shuffled.last
    );
    // The formula, against every order of a bowl of 6 parabolas.
    for eta in [0.1, 0.3] {
        let small = NoisyBowl::new(1.3, 0.7, 6);
        let by_formula = shuffled_floor(&small, eta);
        let by_enumeration = shuffled_by_enumeration(&small, eta);
        assert!((by_formula - by_enumeration).abs() < 1e-12 * by_enumeration);
    }
    // Inside an epoch: the profile against every order of the small bowl,
    // step by step, and the epoch's average against the walks.
    for eta in [0.1, 0.3] {
        let small = NoisyBowl::new(1.3, 0.7, 6);
        let profile = shuffled_profile(&small, eta);
        let by_enumeration = shuffled_profile_by_enumeration(&small, eta);
        for (k, (a, b)) in profile.iter().zip(&by_enumeration).enumerate() {
            assert!(
                (a - b).abs() < 1e-12 * b,
                "η = {eta}, step {k} of the epoch"
            );
        }
    }
    let average = shuffled_average(&bowl, FLOOR_ETAS[1]);
    assert!(
        r.shuffled.settled.agrees_with(average, K),
        "{:?} against {average}",
        r.shuffled.settled
    );
    let profile = shuffled_profile(&bowl, FLOOR_ETAS[1]);
    assert!((profile[0] - exact).abs() < 1e-15 && (profile[BOWL_POINTS] - exact).abs() < 1e-15);
    let peak = profile.iter().cloned().fold(0.0, f64::max);
    assert!(peak > 4.0 * exact && peak < noise_floor(FLOOR_ETAS[1], BOWL_A, BOWL_SIGMA2));
    let average_ratio = noise_floor(FLOOR_ETAS[1], BOWL_A, BOWL_SIGMA2) / average;
    assert!((3.0..3.6).contains(&average_ratio), "{average_ratio}");
    // The measured gap between the two samplings is far beyond the noise.
    let with = r.floors[1].settled;
    let shuffled = r.shuffled.last;
    let se = (with.standard_error.powi(2) + shuffled.standard_error.powi(2)).sqrt();
    assert!(with.mean - shuffled.mean > K * se);
    let ratio = noise_floor(FLOOR_ETAS[1], BOWL_A, BOWL_SIGMA2) / exact;
    assert!((10.5..11.5).contains(&ratio), "{ratio}");
}

#[test]
fn a_full_gradient_at_ten_million_points_reads_160_megabytes() {
    assert_eq!(benchmark::bytes_per_pass(10_000_000), 160_000_000);
    assert_eq!(
        std::mem::size_of::<Sample>(),
        16,
        "a point is two f64 in the book's layout"
    );
}

#[test]
fn no_options_print_the_report_and_redraw_the_books_figures() {
    let out = run_cli([]).unwrap();
    assert!(
        out.text
            .starts_with("Chapter 5: batch, stochastic, mini-batch")
    );
    assert!(out.directory.ends_with("book/src/figures/chapter5"));
    assert_eq!(out.figures.len(), 5);
}

#[test]
fn options_run_the_readers_fit_and_never_touch_the_book() {
    let out = run_cli(["--batch", "1", "--lr", "0.1", "--epochs", "2"]).unwrap();
    assert_eq!(out.directory, readers_figures(5));
    assert_eq!(out.figures.len(), 1);
    assert_eq!(
        out.figures[0].file_name,
        "batch-1-replacement-constant-lr-0.1-epochs-2-seed-5.svg"
    );
    assert!(out.text.contains("expected E[L] − L*"), "{}", out.text);
    let out = run_cli([
        "--batch",
        "4",
        "--schedule",
        "step",
        "--gamma",
        "0.25",
        "--every",
        "10",
    ])
    .unwrap();
    assert_eq!(
        out.figures[0].file_name,
        "batch-4-replacement-step-lr-0.5-gamma-0.25-every-10-epochs-32-seed-5.svg"
    );
    let out = run_cli(["--schedule", "inverse", "--tau", "1e-7", "--power", "0.6"]).unwrap();
    assert_eq!(
        out.figures[0].file_name,
        "batch-8-replacement-inverse-lr-0.5-tau-0.0000001-power-0.6-epochs-32-seed-5.svg"
    );
}

#[test]
fn options_of_another_schedule_are_refused_with_one_line() {
    for (line, name) in [
        ("--tau 3", "--tau"),
        ("--power 0.7 --schedule step", "--power"),
        ("--gamma 0.5", "--gamma"),
        ("--every 10 --schedule exponential", "--every"),
    ] {
        let error = run_cli(line.split_whitespace()).unwrap_err().0;
        assert!(
            error.starts_with(name) && !error.contains('\n'),
            "{line}: {error}"
        );
    }
    let error = run_cli(["--benchmark", "--lr", "0.1"]).unwrap_err().0;
    assert!(error.starts_with("--benchmark"), "{error}");
    let error = run_cli(["--benchmark=yes"]).unwrap_err().0;
    assert_eq!(error, "--benchmark takes no value, got `yes`");
}

#[test]
fn a_diverged_run_is_reported_and_drawn_as_diverged() {
    let out = run_cli(["--batch", "1", "--lr", "1.5"]).unwrap();
    assert!(out.text.contains("diverged at step"), "{}", out.text);
    assert!(out.text.contains("Try a smaller --lr"), "{}", out.text);
    assert!(!out.text.contains("NaN") && !out.text.contains("inf"));
    assert_eq!(out.figures.len(), 1);
    assert!(out.figures[0].svg.contains("diverged at step"));
    // The full batch at the same rate converges: 1.5 < 2/λ_max.
    let problem = Problem::new(SEED);
    let (big, _) = curvatures(&problem.data);
    assert!(1.5 < 2.0 / big);
    let full = descend(
        &MeanSquaredError {
            data: &problem.data,
        },
        &mut GradientDescent { eta: 1.5 },
        &START,
        &StoppingRules::budget(200),
    );
    assert!(!full.outcome.diverged() && problem.excess(full.final_point()) < 1e-12);
    // A full batch that diverges is told about the full batch's limit, not
    // about single points' troughs.
    let out = run_cli(["--batch", "256", "--sampling", "epochs", "--lr", "2.5"]).unwrap();
    assert!(out.text.contains("full-batch descent"), "{}", out.text);
    assert!(!out.text.contains("one point"), "{}", out.text);
    assert!(out.figures[0].svg.contains("diverged at step"));
}

#[test]
fn the_try_it_claims_hold() {
    let settings = |batch, sampling: &str, schedule| Settings {
        sampling: if sampling == "epochs" {
            Sampling::Epochs { batch }
        } else {
            Sampling::WithReplacement { batch }
        },
        schedule,
        epochs: WORK_EPOCHS,
        seed: SEED,
    };
    let end = |s: &Settings| {
        let e = Experiment::run(s).walk.expected.unwrap();
        (e[e.len() / 2], e[e.len() - 1])
    };
    // A smaller rate settles several times lower.
    let (_, slow) = end(&settings(1, "replacement", Schedule::Constant { eta: 0.1 }));
    let ratio = report().walk(1).expected.as_ref().unwrap()[8192] / slow;
    assert!((5.0..9.0).contains(&ratio), "{ratio}");
    // ν = 1 keeps falling for all 32 epochs; ν = ½ too, more slowly.
    let inverse = |nu| Schedule::InversePower {
        eta0: WORK_ETA,
        tau: DEFAULT_TAU,
        nu,
    };
    let (mid_1, end_1) = end(&settings(1, "replacement", inverse(1.0)));
    let (mid_half, end_half) = end(&settings(1, "replacement", inverse(0.5)));
    assert!(end_1 < 0.6 * mid_1 && end_half < mid_half && end_1 < end_half);
    // Exponential decay with γ = 0.8 freezes within a few dozen steps, more
    // than ten times above where a constant rate settles.
    let frozen = Experiment::run(&settings(
        8,
        "replacement",
        Schedule::Exponential {
            eta0: WORK_ETA,
            gamma: 0.8,
        },
    ));
    let e = frozen.walk.expected.unwrap();
    assert!((e[50] - e[e.len() - 1]).abs() < 1e-3 * e[50]);
    assert!(e[e.len() - 1] > 10.0 * report().walk(8).expected.as_ref().unwrap()[1024]);
    // ν = 1 with τ = 1: both conditions, and more than a hundred times
    // higher at the end than with τ = 50; the report says it falls like
    // t^(−2·λ_min·η₀·τ), and the expectation does, from epoch 8 to 32.
    let short = Schedule::InversePower {
        eta0: WORK_ETA,
        tau: 1.0,
        nu: 1.0,
    };
    assert_eq!(robbins_monro(&short), (true, true));
    let (_, end_short) = end(&settings(1, "replacement", short));
    assert!(end_short > 100.0 * end_1, "{end_short} against {end_1}");
    let problem = Problem::new(SEED);
    let (_, smallest) = curvatures(&problem.data);
    let power = 2.0 * smallest * WORK_ETA;
    assert_eq!(inverse_time_exponent(&short, &problem.data), Some(power));
    let e = Experiment::run(&settings(1, "replacement", short))
        .walk
        .expected
        .unwrap();
    let measured = (e[8192] / e[2048]).ln() / 4.0f64.ln();
    assert!(
        (measured + power).abs() < 0.05 * power,
        "{measured} against −{power}"
    );
    let out = run_cli(["--batch", "1", "--schedule", "inverse", "--tau", "1"]).unwrap();
    assert!(
        out.text.contains("falls only like t^(−0.33)"),
        "{}",
        out.text
    );
    // ν = ½: the second condition fails, and the report says the rate still
    // shrinks; a constant rate's report says it never settles.
    let out = run_cli(["--batch", "1", "--schedule", "inverse", "--power", "0.5"]).unwrap();
    assert!(out.text.contains("still shrinks to 0"), "{}", out.text);
    assert!(!out.text.contains("never settles"), "{}", out.text);
    let out = run_cli(["--batch", "1", "--epochs", "1"]).unwrap();
    assert!(out.text.contains("never settles"), "{}", out.text);
    // Epochs: no expectation, and the column says so.
    let epochs = Experiment::run(&settings(64, "epochs", Schedule::Constant { eta: 0.5 }));
    assert!(epochs.walk.expected.is_none());
    let out = run_cli(["--batch", "64", "--sampling", "epochs", "--epochs", "8"]).unwrap();
    assert!(out.text.contains("expected E[L] − L*") && out.text.contains("(no formula)"));
}

#[test]
fn question_three_numbers_hold() {
    let slow = &report().slow_decay;
    let s = Schedule::Exponential {
        eta0: 0.2,
        gamma: SLOW_GAMMA,
    };
    let total = total_rate(&s).unwrap();
    assert!((total - 20.0).abs() < 1e-9);
    // Where the mean walk stops: the product itself, multiplied out.
    let mut x = BOWL_START;
    for t in 0..20_000 {
        x *= 1.0 - BOWL_A * s.rate(t);
    }
    assert!(
        (slow.stop - x).abs() < 1e-10 * x,
        "{} against {x}",
        slow.stop
    );
    assert!(slow.bounds.0 < slow.stop && slow.stop < slow.bounds.1);
    assert!((slow.bounds.1 - 10.0 * (-20.0f64).exp()).abs() < 1e-12 * slow.bounds.1);
    assert!((slow.bounds.0 - 10.0 * (-25.0f64).exp()).abs() < 1e-12 * slow.bounds.0);
    // Where E[x²] freezes: 400 walks on the bowl, to the step where the
    // rate is below 10⁻¹⁶ (nothing moves after it).
    let steps = slow_decay_steps();
    assert!(s.rate(steps) < 1e-16);
    let walks = ensemble(
        &noisy_bowl(),
        Sampling::WithReplacement { batch: 1 },
        s,
        BOWL_START,
        steps,
        steps - 1,
        RUNS,
        SEED + 50_000,
    );
    assert!(
        walks.last.agrees_with(slow.frozen, K),
        "{:?} against {}",
        walks.last,
        slow.frozen
    );
    // Close to the floor of the rate (1 − γ)/(2a), as the answer says.
    assert!((slow.rate - 0.005).abs() < 1e-15);
    assert!((slow.frozen / slow.rate_floor - 1.0).abs() < 0.02);
    assert_eq!(slow.rate_floor, noise_floor(slow.rate, BOWL_A, BOWL_SIGMA2));
}

#[test]
fn the_floors_of_the_try_it_section_hold() {
    let r = report();
    let data = &r.problem.data;
    for settling in &r.settling {
        // The floor solved directly is where the recursion ends up.
        let eta = settling.eta;
        let long =
            moments::expected_excess(data, Some(1), &Schedule::Constant { eta }, START, 20_000)
                .unwrap()[20_000];
        assert!(
            (long - settling.floor).abs() < 1e-9 * settling.floor,
            "η = {eta}: {long} against {}",
            settling.floor
        );
    }
    // And where many runs end up, long after they settled: 400 runs each.
    for (k, steps) in [(0, 600), (2, 200)] {
        let settling = r.settling[k];
        let measured = many_fits(&r.problem, 1, settling.eta, steps, 400);
        assert!(
            measured.agrees_with(settling.floor, K),
            "η = {}: {measured:?} against {}",
            settling.eta,
            settling.floor
        );
    }
    // Lower and slower at η = 0.1, ten times higher at η = 1.2.
    let [slow, book, fast] = [r.settling[0], r.settling[1], r.settling[2]];
    assert_eq!(book.eta, WORK_ETA);
    assert!(
        (book.floor
            - r.walk(1)
                .expected_at((WORK_EPOCHS * r.problem.n()) as u64)
                .unwrap())
        .abs()
            < 1e-9
    );
    assert!(slow.floor < book.floor / 5.0 && slow.step > 3 * book.step);
    assert!((9.0..11.0).contains(&(fast.floor / book.floor)));
    assert!(fast.floor < r.problem.excess(&START));
    // The settle step is where the exact curve enters the band for good.
    for settling in &r.settling {
        let e = moments::expected_excess(
            data,
            Some(1),
            &Schedule::Constant { eta: settling.eta },
            START,
            2000,
        )
        .unwrap();
        let inside = |t: usize| (e[t] - settling.floor).abs() <= SETTLE_WITHIN * settling.floor;
        assert!(!inside(settling.step - 1) && (settling.step..=2000).all(inside));
    }
    // The reader's report says it.
    let out = run_cli(["--batch", "1", "--lr", "0.1"]).unwrap();
    assert!(
        out.text
            .contains(&format!("for good from step {}", slow.step)),
        "{}",
        out.text
    );
    // At η = 1.2 the book's seed ends far from the line: above the floor
    // of η = 0.5 several times over.
    let run = Experiment::run(&Settings {
        sampling: Sampling::WithReplacement { batch: 1 },
        schedule: Schedule::Constant { eta: 1.2 },
        epochs: WORK_EPOCHS,
        seed: SEED,
    });
    let end = run.walk.excess[run.walk.excess.len() - 1];
    assert!(end > 3.0 * book.floor, "{end}");
}

#[test]
fn for_a_small_rate_the_lines_floor_is_eta_times_the_spread_over_four() {
    let r = report();
    let data = &r.problem.data;
    // Chapter 3's mean of rᵢ*²(xᵢ² + 1), from the residuals of the
    // least-squares line, against the spread of the gradients there.
    let (w, b) = (r.problem.best.w, r.problem.best.b);
    let by_hand = data
        .samples
        .iter()
        .map(|s| {
            let residual = w * s.x + b - s.y;
            residual * residual * (s.x * s.x + 1.0)
        })
        .sum::<f64>()
        / data.len() as f64;
    let spread = best_spread(&r.problem);
    assert!(
        (spread - by_hand).abs() < 1e-12 * by_hand,
        "{spread} {by_hand}"
    );
    // The exact floor (the fixed point of the recursion) tends to η·σ_g²/4
    // as η shrinks, the relative gap shrinking in proportion to η.
    for eta in [1e-2, 1e-3, 1e-4] {
        let exact = moments::floor(data, 1, eta).unwrap();
        let ratio = exact / (eta * by_hand / 4.0);
        assert!((ratio - 1.0).abs() < eta, "η = {eta}: {ratio}");
    }
    // At η = 0.1 the approximation is a little below the exact floor.
    let exact = moments::floor(data, 1, 0.1).unwrap();
    let approximate = small_rate_line_floor(&r.problem, 0.1);
    assert!(
        approximate < exact && exact < 1.1 * approximate,
        "{approximate} {exact}"
    );
    assert_eq!(quoted(r, "best-spread"), format!("{by_hand:.4}"));
    assert_eq!(
        quoted(r, "line-small-rate-floor-0.1"),
        format!("{:.4}", 0.1 * by_hand / 4.0)
    );
    assert_eq!(quoted(r, "line-floor-0.1"), format!("{exact:.4}"));
}

#[test]
fn a_single_point_step_is_worse_on_average_by_half_eta_squared_xi_h_xi() {
    // From the start, at the book's rate, over every one of the n points
    // (one point drawn with replacement, each equally likely).
    let r = report();
    let p = &r.problem;
    let eta = WORK_ETA;
    let gradients: Vec<[f64; 2]> = p
        .data
        .samples
        .iter()
        .map(|s| sample_gradient(START[0], START[1], s))
        .collect();
    let n = gradients.len() as f64;
    let full = [
        gradients.iter().map(|g| g[0]).sum::<f64>() / n,
        gradients.iter().map(|g| g[1]).sum::<f64>() / n,
    ];
    let after = |g: &[f64; 2]| p.excess(&[START[0] - eta * g[0], START[1] - eta * g[1]]);
    let h = p.hessian;
    let mut mean_after = 0.0;
    let mut mean_gap = 0.0;
    for g in &gradients {
        let xi = [g[0] - full[0], g[1] - full[1]];
        let quadratic =
            h[0][0] * xi[0] * xi[0] + 2.0 * h[0][1] * xi[0] * xi[1] + h[1][1] * xi[1] * xi[1];
        mean_after += after(g) / n;
        mean_gap += 0.5 * eta * eta * quadratic / n;
    }
    let difference = mean_after - after(&full);
    assert!(mean_gap > 0.0);
    assert!(
        (difference - mean_gap).abs() < 1e-12 * mean_after,
        "{difference} against {mean_gap}"
    );
}
