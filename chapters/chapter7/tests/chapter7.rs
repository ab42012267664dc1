//! Chapter 7's numbers against derivations and independent computations,
//! and its command line against good and bad input; the kit's check covers
//! its figures, its quotes and its exercises.

use chapter7::basins::{Destination, destination};
use chapter7::*;
use descent::landscape::{
    CriticalKind, Cubic, Curvature, DoubleWell, Himmelblau, classify, eigenvalues,
    numerical_hessian,
};
use descent::{GradientDescent, NoisyGradientDescent, Objective, Outcome, StoppingRules, descend};
use harness::Output;
use harness::cli::CliError;
use std::sync::OnceLock;

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(Report::compute)
}

fn run_cli<'a>(arguments: impl IntoIterator<Item = &'a str>) -> Result<Output, CliError> {
    harness::run_cli(&Chapter7, arguments)
}

#[test]
fn the_chapter_passes_the_kits_check() {
    harness::check(&Chapter7);
}

// ---------------------------------------------------------------- basins

#[test]
fn with_small_steps_the_hilltop_divides_the_basins_exactly() {
    // A step from θ crosses the hilltop only if η·(θ + 1)(θ − 2) ≥ 1 (see
    // the text); on [−2.5, 3.5] that product is largest at the two ends,
    // 6.75 at both, so for η < 1/6.75 no walk crosses and every start ends
    // in the well on its own side.
    assert_eq!((-2.5f64 + 1.0) * (-2.5 - 2.0), 6.75);
    assert_eq!((3.5f64 + 1.0) * (3.5 - 2.0), 6.75);
    let map = &report().map;
    // The cell centres −2.5 + (i + ½)·0.03 lie right of 0 from
    // i = ⌈2.5/0.03 − ½⌉ = 83 on: 117 of the 200.
    let first_right = (2.5f64 / 0.03 - 0.5).ceil() as usize;
    assert_eq!(first_right, 83);
    assert_eq!(report().starts_right_of_top(), 200 - first_right);
    let right = map.starts.iter().filter(|&&t| t > 0.0).count() as f64 / map.starts.len() as f64;
    let mut rows = 0;
    for (j, &eta) in map.etas.iter().enumerate() {
        if eta < 1.0 / 6.75 {
            let deep = map.fraction(j, Destination::Deep);
            let shallow = map.fraction(j, Destination::Shallow);
            assert!((deep - right).abs() < 1e-12, "η = {eta}: {deep}");
            assert!(
                (shallow - (1.0 - right)).abs() < 1e-12,
                "η = {eta}: {shallow}"
            );
            rows += 1;
        }
    }
    assert!(rows >= 20);
}

#[test]
fn a_minimum_holds_a_walk_only_below_two_over_its_curvature() {
    // Chapter 2's rule at each minimum: f″(2) = 6, f″(−1) = 3.
    let map = &report().map;
    for (j, &eta) in map.etas.iter().enumerate() {
        if eta > 2.0 / 6.0 {
            assert_eq!(map.fraction(j, Destination::Deep), 0.0, "η = {eta}");
        }
        if eta > 2.0 / 3.0 {
            assert_eq!(map.fraction(j, Destination::Shallow), 0.0, "η = {eta}");
        }
        if eta < 2.0 / 6.0 - 0.02 {
            assert!(map.fraction(j, Destination::Deep) > 0.0, "η = {eta}");
        }
        if eta < 2.0 / 3.0 - 0.01 {
            assert!(map.fraction(j, Destination::Shallow) > 0.0, "η = {eta}");
        }
    }
    let deep = largest_rate_reaching(map, Destination::Deep);
    let shallow = largest_rate_reaching(map, Destination::Shallow);
    assert!(deep < 1.0 / 3.0 && deep > 1.0 / 3.0 - 0.02, "{deep}");
    assert!(
        shallow < 2.0 / 3.0 && shallow > 2.0 / 3.0 - 0.01,
        "{shallow}"
    );
}

#[test]
fn the_map_agrees_with_the_descent_loop_where_the_minima_hold() {
    // Below η = 1/3 both minima are stable, and chapter 1's loop with its
    // gradient rule must end every sampled walk where `destination` says.
    let map = &report().map;
    for j in (0..map.etas.len()).step_by(5) {
        let eta = map.etas[j];
        if eta >= 1.0 / 3.0 {
            continue;
        }
        for i in (0..map.starts.len()).step_by(7) {
            let run = descend(
                &DoubleWell,
                &mut GradientDescent { eta },
                &[map.starts[i]],
                &StoppingRules::budget(basins::BUDGET).with_gradient_tolerance(basins::ARRIVED),
            );
            let expected = match run.outcome {
                Outcome::Diverged { .. } => Destination::Diverged,
                Outcome::BudgetExhausted { .. } => Destination::Unsettled,
                Outcome::Converged { .. } if run.final_point()[0] < 0.0 => Destination::Shallow,
                Outcome::Converged { .. } => Destination::Deep,
            };
            assert_eq!(
                map.cells[j][i], expected,
                "θ₀ = {}, η = {eta}",
                map.starts[i]
            );
        }
    }
}

/// The shares (shallow, deep, not settled, diverged) of a row of the map, by a
/// walk of its own: exactly `BUDGET` steps of `θ ← θ − η·f′(θ)`, then the
/// end point is read. Within 10⁻³ of a minimum that can hold the walk
/// (`η·f″ < 2`) is that minimum; farther than 100 out (or NaN) has run away;
/// anything else has not settled.
fn row_by_end_points(starts: &[f64], eta: f64) -> [f64; 4] {
    let mut counts = [0usize; 4];
    for &theta0 in starts {
        let mut theta = theta0;
        for _ in 0..basins::BUDGET {
            theta -= eta * (theta * theta * theta - theta * theta - 2.0 * theta);
            if theta.is_nan() || theta.abs() > 100.0 {
                break;
            }
        }
        let k = if theta.is_nan() || theta.abs() > 100.0 {
            3
        } else if (theta + 1.0).abs() < 1e-3 && 3.0 * eta < 2.0 {
            0
        } else if (theta - 2.0).abs() < 1e-3 && 6.0 * eta < 2.0 {
            1
        } else {
            2
        };
        counts[k] += 1;
    }
    counts.map(|c| c as f64 / starts.len() as f64)
}

#[test]
fn the_quoted_rows_of_the_map_agree_with_walks_read_at_their_end() {
    let map = &report().map;
    for eta in [SMALL_ETA, LARGE_ETA, MIDDLE_ETA] {
        let j = map.row(eta);
        let expected = row_by_end_points(&map.starts, map.etas[j]);
        let got = [
            Destination::Shallow,
            Destination::Deep,
            Destination::Unsettled,
            Destination::Diverged,
        ]
        .map(|d| map.fraction(j, d));
        assert_eq!(got, expected, "η = {}", map.etas[j]);
    }
}

#[test]
fn above_one_third_a_two_step_cycle_holds_walks_until_it_splits() {
    let r = report();
    let (p, q) = r.cycle;
    // At η = 0.4 a plain walk from near the deep minimum settles on the cycle.
    let mut theta = 2.1;
    for _ in 0..2000 {
        theta = basins::step(theta, CYCLE_ETA);
    }
    let next = basins::step(theta, CYCLE_ETA);
    let (low, high) = (theta.min(next), theta.max(next));
    assert!(
        (low - p).abs() < 1e-9 && (high - q).abs() < 1e-9,
        "{low} {high}"
    );
    assert!((p - 1.511).abs() < 1e-3 && (q - 2.253).abs() < 1e-3);
    // Just below the limit the walk still alternates between two points;
    // just above, the two points it alternates between themselves alternate:
    // a four-step cycle.
    let limit = r.cycle_limit;
    assert!(limit > 0.41 && limit < 0.415, "{limit}");
    let period = |eta: f64| {
        let mut theta = 2.1;
        for _ in 0..20_000 {
            theta = basins::step(theta, eta);
        }
        let mut orbit = vec![theta];
        for _ in 0..8 {
            orbit.push(basins::step(*orbit.last().unwrap(), eta));
        }
        (1..=8)
            .find(|&k| (orbit[k] - orbit[0]).abs() < 1e-6)
            .unwrap_or(0)
    };
    assert_eq!(period(limit - 0.003), 2);
    assert_eq!(period(limit + 0.003), 4);
}

#[test]
fn the_lyapunov_exponents_match_the_drift_of_two_nearby_walks() {
    // Benettin's method: walk two copies 10⁻⁹ apart, add up the logarithm of
    // how much each step stretches their distance, and set the second copy
    // back to 10⁻⁹ from the first after every step. No derivative involved.
    let r = report();
    let middle = r.map.etas[r.map.row(MIDDLE_ETA)];
    for (eta, quoted) in [(CHAOS_ETA, r.lyapunov[0]), (middle, r.lyapunov[1])] {
        let mut a = 1.3;
        for _ in 0..1000 {
            a = basins::step(a, eta);
        }
        let d0 = 1e-9;
        let steps = 100_000;
        let mut sum = 0.0;
        for _ in 0..steps {
            let b = basins::step(a + d0, eta);
            a = basins::step(a, eta);
            sum += ((b - a).abs() / d0).ln();
        }
        let measured = sum / steps as f64;
        assert!(measured > 0.2, "η = {eta}: {measured}");
        assert!(
            (measured - quoted).abs() < 0.02,
            "η = {eta}: {measured} against {quoted}"
        );
    }
}

#[test]
fn above_one_third_the_gradient_rule_can_stop_a_walk_the_deep_well_cannot_hold() {
    // The chapter's warning in the basin map itself: a walk passing close to
    // the deep minimum when η > 1/3 has a tiny gradient for a moment. The
    // gradient rule stops it there; walked on, it leaves.
    // Some walk of the book's map does this: find it with the rule alone
    // (no check that the minimum can hold the walk), then replay it in the
    // descent loop.
    let map = &report().map;
    let mut found = None;
    'search: for (j, &eta) in map.etas.iter().enumerate() {
        if eta <= 1.0 / 3.0 {
            continue;
        }
        for (i, &theta0) in map.starts.iter().enumerate() {
            let mut theta = theta0;
            for _ in 0..basins::BUDGET {
                if DoubleWell.slope(theta).abs() <= basins::ARRIVED {
                    if (theta - DoubleWell::DEEP).abs() < 1e-3 {
                        found = Some((j, i));
                        break 'search;
                    }
                    break;
                }
                theta -= eta * DoubleWell.slope(theta);
                if theta.is_nan() || theta.abs() > 100.0 {
                    break;
                }
            }
        }
    }
    let (j, i) = found.expect("a walk of the map passes close enough to θ = 2");
    let (theta0, eta) = (map.starts[i], map.etas[j]);
    let run = descend(
        &DoubleWell,
        &mut GradientDescent { eta },
        &[theta0],
        &StoppingRules::budget(basins::BUDGET).with_gradient_tolerance(basins::ARRIVED),
    );
    assert!(eta > 1.0 / 3.0);
    assert!(run.outcome.converged(), "{:?}", run.outcome);
    assert!((run.final_point()[0] - DoubleWell::DEEP).abs() < 1e-6);
    assert_ne!(map.cells[j][i], Destination::Deep);
    // Walked on from there, it leaves: |1 − η·f″(2)| = |1 − 6η| > 1.
    let on = descend(
        &DoubleWell,
        &mut GradientDescent { eta },
        run.final_point(),
        &StoppingRules::budget(200),
    );
    assert!(
        on.points
            .iter()
            .any(|p| (p[0] - DoubleWell::DEEP).abs() > 0.1)
    );
}

#[test]
fn a_large_first_step_jumps_the_hill() {
    let r = report();
    // θ₁ = 3.2 − 0.25·f′(3.2), with f′(3.2) = 3.2·4.2·1.2.
    let expected = 3.2 - 0.25 * (3.2 * 4.2 * 1.2);
    assert!((r.large_walk.points[1][0] - expected).abs() < 1e-12);
    assert!((r.large_walk.final_point()[0] - DoubleWell::SHALLOW).abs() < 1e-6);
    assert!((r.small_walk.final_point()[0] - DoubleWell::DEEP).abs() < 1e-6);
    // From θ₀ = 3 with η = 1/4 the step 0.25·f′(3) = 0.25·12 = 3 lands
    // exactly on the hilltop, where the slope is 0: the walk stays.
    assert_eq!(destination(3.0, 0.25, 1000), Destination::Top);
}

// ---------------------------------------------------------------- saddle

#[test]
fn every_measured_escape_is_the_formula_rounded_up() {
    let r = report();
    assert_eq!(r.escapes.len(), 57);
    for e in &r.escapes {
        // The formula's time is never this close to a whole number here,
        // where rounding in the walk could move the step by one.
        assert!((e.formula - e.formula.round()).abs() > 1e-6, "{e:?}");
        assert_eq!(e.measured, e.formula.ceil() as usize, "{e:?}");
        // Without logarithms: R₀·1.2ᵗ reaches 1 at the measured step, and not
        // one step before.
        let t = e.measured as i32;
        assert!(e.r0 * 1.2f64.powi(t) >= 1.0, "{e:?}");
        assert!(e.r0 * 1.2f64.powi(t - 1) < 1.0, "{e:?}");
    }
    assert_eq!(r.escapes_as_predicted(), 57);
}

#[test]
fn random_offsets_escape_after_a_geometric_time() {
    // P(t_esc > t) = P(R₀ < 1.2⁻ᵗ) = 1.2⁻ᵗ for θ₂ uniform on (−1, 1), so
    // the mean is Σₜ 1.2⁻ᵗ = 6. Each is asserted within four of its own
    // standard errors.
    let r = report();
    let (mean, error) = r.random_escape();
    let expected = saddle::expected_random_escape(saddle::ETA);
    assert!((expected - 6.0).abs() < 1e-12);
    assert!((mean - 6.0).abs() <= 4.0 * error, "{mean} ± {error}");
    let n = r.random_escapes.len() as f64;
    for k in [3, 10, 20] {
        let p = 1.2f64.powi(-k);
        let measured = r.random_escapes.iter().filter(|&&t| t > k as usize).count() as f64 / n;
        let se = (p * (1.0 - p) / n).sqrt();
        assert!(
            (measured - p).abs() <= 4.0 * se,
            "k = {k}: {measured} against {p}"
        );
    }
}

#[test]
fn on_the_ridge_the_walk_stays_and_the_gradient_rule_stops_it_at_the_saddle() {
    let look = &report().at_saddle;
    assert!(look.stopped.points.iter().all(|p| p[1] == 0.0));
    // ‖∇f‖ = 2·0.8ᵗ: the first t with 2·0.8ᵗ ≤ 10⁻⁶.
    let mut t = 0;
    while 2.0 * 0.8f64.powi(t) > 1e-6 {
        t += 1;
    }
    assert_eq!(look.stopped.outcome.converged_at(), Some(t as usize));
    assert_eq!(look.curvatures, vec![-2.0, 2.0]);
    assert_eq!(classify(&look.curvatures, 1e-9), CriticalKind::Saddle);
    // The kick's θ₂ grows by 1.2 a step from its first value.
    let theta2 = look.kicked.points[0][1];
    let expected = saddle::escape_steps(theta2, saddle::ETA, 1.0);
    assert_eq!(saddle::measured_escape(&look.kicked, 1.0), Some(expected));
}

// ---------------------------------------------------------------- plateau

#[test]
fn the_cubic_crawls_between_its_two_bounds_and_like_one_over_three_eta_t() {
    let look = &report().on_plateau;
    for (t, p) in look.stopped.points.iter().enumerate() {
        let upper = plateau::crawl(plateau::START, plateau::ETA, t);
        let lower = plateau::crawl_lower(plateau::START, plateau::ETA, t);
        assert!(p[0] <= upper * (1.0 + 1e-12), "t = {t}");
        assert!(p[0] >= lower * (1.0 - 1e-12), "t = {t}");
    }
    let t = look.stopped.steps();
    let theta = look.stopped.final_point()[0];
    // The rule stops at the first θ with 3θ² ≤ 10⁻⁶.
    assert!(3.0 * theta * theta <= 1e-6);
    let before = look.stopped.points[t - 1][0];
    assert!(3.0 * before * before > 1e-6);
    let ratio = 3.0 * plateau::ETA * t as f64 * theta;
    assert!(ratio < 1.0 && ratio > 0.99, "{ratio}");
    // The two crawl bounds alone pin the stopping step: the rule fires at the
    // first θₜ ≤ √(10⁻⁶/3), which the upper bound guarantees by step
    // ⌈(1/threshold − 1/θ₀)/(3η)⌉ and the lower bound forbids before the
    // first t where it falls to the threshold.
    let (earliest, latest) = stopping_interval(plateau::START);
    assert!((earliest, latest) == (5755, 5771), "{earliest}..{latest}");
    assert!(earliest <= t && t <= latest, "{t}");
    // The same for the second look to the right, from θ + 10⁻².
    let right = theta + plateau::KICK;
    let (earliest, latest) = stopping_interval(right);
    let steps = report().plateau_right.steps();
    assert!(latest - earliest <= 10 && earliest <= steps && steps <= latest);
    // To the left, θ − 10⁻² < 0: |θ| grows by 3η·θ² a step, so 1/|θ| falls
    // by at most 3η a step and |θ| cannot pass 100 (where |θ³| passes the
    // divergence watch's 10⁶) before step (1/|θ₀| − 1/100)/(3η) ≈ 353.7.
    let left = theta - plateau::KICK;
    let Outcome::Diverged { step: at, .. } = look.kicked.outcome else {
        panic!("the left kick runs away: {:?}", look.kicked.outcome)
    };
    let first_possible = ((1.0 / left.abs() - 0.01) / (3.0 * plateau::ETA)).ceil() as usize;
    assert_eq!(first_possible, 354);
    assert!(at >= first_possible, "{at}");
    // And a plain loop with the watch's rule, |f| > 10⁶·(1 + |f(θ₀)|), agrees.
    let mut x = left;
    let limit = 1e6 * (1.0 + (left * left * left).abs());
    let mut step = 0;
    while (x * x * x).abs() <= limit {
        x -= plateau::ETA * 3.0 * x * x;
        step += 1;
    }
    assert_eq!(at, step);
    // Positive curvature, yet no minimum: the Hessian test says nothing at
    // θ = 0, and a kick to the left runs away while one to the right comes back.
    // f″ = 6θ, positive; the share a step removes, ηf″ = 0.6θ, is tiny.
    assert_eq!(look.curvatures[0], 6.0 * theta);
    assert!(plateau::ETA * look.curvatures[0] < 4e-4);
    assert_eq!(
        classify(&eigenvalues(&Cubic.hessian(&[0.0])), 1e-9),
        CriticalKind::Undecided
    );
    assert!(report().plateau_right.outcome.converged());
}

/// The steps between which the gradient rule (`3θ² ≤ 10⁻⁶`) must stop the
/// walk on the cubic from `theta0`, by the two crawl bounds.
fn stopping_interval(theta0: f64) -> (usize, usize) {
    let threshold = (1e-6f64 / 3.0).sqrt();
    let latest = ((1.0 / threshold - 1.0 / theta0) / (3.0 * plateau::ETA)).ceil() as usize;
    let earliest = (0..)
        .find(|&t| plateau::crawl_lower(theta0, plateau::ETA, t) <= threshold)
        .unwrap();
    (earliest, latest)
}

// ---------------------------------------------------------------- Himmelblau

#[test]
fn himmelblau_has_four_minima_four_saddles_and_a_hilltop() {
    let r = report();
    assert_eq!(r.critical.len(), 9);
    let (minima, saddles, maxima) = r.kinds();
    assert_eq!((minima, saddles, maxima), (4, 4, 1));
    // Morse theory on the plane, for a function that grows without bound in
    // every direction: minima − saddles + maxima = 1.
    assert_eq!(minima as i64 - saddles as i64 + maxima as i64, 1);
    // The published locations (Himmelblau, 1972).
    let published = [
        [3.0, 2.0],
        [-2.805118, 3.131312],
        [-3.779310, -3.283186],
        [3.584428, -1.848126],
    ];
    for m in published {
        assert!(
            r.critical.iter().any(|c| c.kind == CriticalKind::Minimum
                && (c.at[0] - m[0]).hypot(c.at[1] - m[1]) < 1e-5),
            "{m:?}"
        );
    }
    let top = r
        .critical
        .iter()
        .find(|c| c.kind == CriticalKind::Maximum)
        .unwrap();
    assert!((top.at[0] + 0.270845).hypot(top.at[1] + 0.923039) < 1e-5);
    for c in &r.critical {
        assert!(descent::objective::norm(&Himmelblau.gradient(&c.at)) < 1e-8);
        // The analytic Hessian and finite differences tell the same kind.
        let numerical = eigenvalues(&numerical_hessian(&Himmelblau, &c.at));
        assert_eq!(classify(&numerical, 1e-6), c.kind);
        if c.kind == CriticalKind::Minimum {
            assert!(c.value.abs() < 1e-12);
        }
    }
}

#[test]
fn the_shaded_basins_agree_with_the_descent_loop() {
    // The figure's shading follows each walk only until it is near a
    // minimum; the descent loop walks on until the gradient rule stops it.
    let r = report();
    let cells = r.himmelblau_basins.len();
    let width = 10.0 / cells as f64;
    let mut checked = 0;
    for j in (0..cells).step_by(13) {
        for i in (0..cells).step_by(13) {
            let start = [
                -5.0 + (i as f64 + 0.5) * width,
                -5.0 + (j as f64 + 0.5) * width,
            ];
            let walk = himmelblau::walk(start);
            assert!(walk.outcome.converged(), "{start:?}");
            let end = &r.critical[himmelblau::nearest(&r.critical, walk.final_point())];
            assert_eq!(end.kind, CriticalKind::Minimum);
            assert_eq!(
                r.himmelblau_basins[j][i],
                Some(himmelblau::letter(end.at)),
                "{start:?}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 64);
}

#[test]
fn nine_critical_points_are_all_there_are() {
    // ∇f = 0 is two cubic equations. Their top-degree parts, 4θ₁³ and 4θ₂³,
    // vanish together only at θ = 0, so the two curves share no point at
    // infinity, hence no component, and Bézout's theorem allows at most
    // 3 · 3 = 9 common points: the nine found are all of them.
    let f = Himmelblau;
    // The top-degree parts, read off the gradient: g(tθ)/t³ → (4θ₁³, 4θ₂³).
    for theta in [[1.0, 0.0], [0.0, 1.0], [0.6, -0.8], [-0.3, 0.9]] {
        let t = 1e5;
        let g = f.gradient(&[t * theta[0], t * theta[1]]);
        let top = [4.0 * theta[0].powi(3), 4.0 * theta[1].powi(3)];
        for k in 0..2 {
            assert!((g[k] / (t * t * t) - top[k]).abs() < 1e-3, "{theta:?}");
        }
    }
    assert_eq!(report().critical.len(), 9);
}

#[test]
fn every_walk_on_himmelblau_ends_at_a_minimum() {
    let r = report();
    let ends = r.himmelblau_ends();
    assert_eq!(ends[..4].iter().sum::<usize>(), 100);
    assert!(ends[..4].iter().all(|&n| n > 0));
    for walk in &r.himmelblau_walks {
        assert!(walk.outcome.converged(), "{:?}", walk.points[0]);
    }
}

// ---------------------------------------------------------------- noise

/// The density of noisy descent from θ₀ = −1 after `steps` steps, by
/// numerical integration: the walker's density on a grid of cell centres
/// `x` of width `h` over `(low, high]`, pushed through the Gaussian step
/// `θ′ ~ N(θ − η·f′(θ), (η·σ_g)²)` once per step. Mass that lands outside
/// the grid is dropped: with `high = 0` that is the mass that got past the
/// hilltop.
fn density_by_integration(low: f64, high: f64, sigma: f64, steps: usize) -> (Vec<f64>, Vec<f64>) {
    // Ten grid points to a standard deviation of the step's noise.
    let n = ((high - low) / (noise::ETA * sigma / 10.0)).ceil() as usize;
    let h = (high - low) / n as f64;
    let x: Vec<f64> = (0..n).map(|i| low + (i as f64 + 0.5) * h).collect();
    let sd = noise::ETA * sigma;
    let gauss = |z: f64| (-0.5 * z * z).exp() / (sd * (2.0 * std::f64::consts::PI).sqrt());
    // Row j of the kernel: the first grid point within nine standard
    // deviations of θⱼ's step, and the weights from there on.
    let kernel: Vec<(usize, Vec<f64>)> = x
        .iter()
        .map(|&xj| {
            let mean = xj - noise::ETA * DoubleWell.slope(xj);
            let first = (((mean - 9.0 * sd - low) / h).floor().max(0.0) as usize).min(n);
            let last = (((mean + 9.0 * sd - low) / h).ceil().max(0.0) as usize).min(n);
            let weights = (first..last)
                .map(|i| gauss((x[i] - mean) / sd) * h)
                .collect();
            (first, weights)
        })
        .collect();
    // After the first step from exactly −1, where f′ = 0: N(−1, (ηs)²).
    let mut p: Vec<f64> = x.iter().map(|&xi| gauss((xi + 1.0) / sd) * h).collect();
    for _ in 1..steps {
        let mut next = vec![0.0; n];
        for (j, &mass) in p.iter().enumerate() {
            let (first, weights) = &kernel[j];
            for (k, w) in weights.iter().enumerate() {
                next[first + k] += mass * w;
            }
        }
        p = next;
    }
    (x, p)
}

/// The exact probability that noisy descent from θ₀ = −1 is past θ = 0 at
/// some step of `steps`: one minus the mass never cut off above 0.
fn escape_by_integration(sigma: f64, steps: usize) -> f64 {
    let (_, p) = density_by_integration(-5.0, 0.0, sigma, steps);
    1.0 - p.iter().sum::<f64>()
}

/// The exact mean of `f(θ_T) − f(2)` for the same walk without the cut.
fn final_excess_by_integration(sigma: f64, steps: usize) -> f64 {
    let (x, p) = density_by_integration(-5.0, 6.0, sigma, steps);
    let total: f64 = p.iter().sum();
    assert!((total - 1.0).abs() < 1e-6, "mass left the grid: {total}");
    let bottom = DoubleWell.at(2.0);
    x.iter()
        .zip(&p)
        .map(|(&xi, &pi)| pi * (DoubleWell.at(xi) - bottom))
        .sum()
}

/// The exact escape probability at every level of the experiment,
/// integrated once and shared by the tests.
fn exact_escapes() -> &'static [(f64, f64)] {
    static EXACT: OnceLock<Vec<(f64, f64)>> = OnceLock::new();
    EXACT.get_or_init(|| {
        noise::SCALES
            .iter()
            .map(|&sigma| (sigma, escape_by_integration(sigma, noise::STEPS)))
            .collect()
    })
}

/// The exact escape probability at the level `sigma`.
fn exact_escape(sigma: f64) -> f64 {
    exact_escapes()
        .iter()
        .find(|(s, _)| *s == sigma)
        .expect("a level of the experiment")
        .1
}

#[test]
fn the_monte_carlo_escape_probabilities_agree_with_exact_integration() {
    for scale in &report().noise {
        assert_eq!(scale.diverged, 0);
        let exact = exact_escape(scale.sigma);
        let se = (exact * (1.0 - exact) / scale.runs as f64).sqrt();
        assert!(
            // The integration itself is good to about 10⁻⁴ (halving its grid
            // moves it by less): a floor for where P is 0 or 1 and se vanishes.
            (scale.probability() - exact).abs() <= 4.0 * se + 5e-4,
            "σ_g = {}: {} against {exact} (se {se})",
            scale.sigma,
            scale.probability()
        );
    }
}

#[test]
fn the_mean_final_loss_agrees_with_exact_integration() {
    for sigma in [1.0, 1.5, 3.0, 5.0] {
        let scale = report().scale(sigma);
        let exact = final_excess_by_integration(sigma, noise::STEPS);
        assert!(
            (scale.excess - exact).abs() <= 4.0 * scale.excess_error,
            "σ_g = {sigma}: {} ± {} against {exact}",
            scale.excess,
            scale.excess_error
        );
        if sigma == 1.0 {
            // At the lowest noise the walks stay in the shallow well: the
            // final loss is its height above the deep one, f(−1) − f(2) =
            // −5/12 + 8/3 = 9/4, plus the jitter (a/2)·F with chapter 5's
            // floor F = ησ_g²/(a(2 − ηa)), a = 3, which is 0.1/(2·1.7).
            let jitter = noise::shallow_jitter(noise::ETA, 1.0);
            assert!((jitter - 0.1 / 3.4).abs() < 1e-15);
            assert_eq!(DoubleWell.at(-1.0) - DoubleWell.at(2.0), 2.25);
            assert!((exact - (2.25 + jitter)).abs() < 0.005, "{exact}");
        }
    }
}

#[test]
fn kramers_estimate_is_the_formula_and_a_little_below_the_exact_escape() {
    for sigma in [1.0, 1.5, 2.0] {
        // √(f″(−1)·|f″(0)|)/(2π) = √6/(2π); barrier 5/12; temperature ησ_g²/2.
        let temperature = 0.1 * sigma * sigma / 2.0;
        let rate =
            6f64.sqrt() / (2.0 * std::f64::consts::PI) * (-(5.0f64 / 12.0) / temperature).exp();
        let formula = 1.0 - (-rate * 0.1 * 200.0).exp();
        let kramers = noise::kramers(noise::ETA, sigma, noise::STEPS);
        assert!((kramers - formula).abs() < 1e-12 * formula, "{sigma}");
        let exact = exact_escape(sigma);
        assert!(
            kramers < exact && kramers > 0.5 * exact,
            "σ_g = {sigma}: {kramers} against {exact}"
        );
    }
}

#[test]
fn the_lean_noisy_walk_is_the_descent_loop_with_the_noisy_optimizer() {
    for (sigma, seed) in [(1.0, 3), (3.0, 4), (5.0, 5)] {
        let walk = noise::noisy_walk(noise::ETA, sigma, noise::STEPS, seed);
        let run = descend(
            &DoubleWell,
            &mut NoisyGradientDescent::new(noise::ETA, sigma, seed),
            &[DoubleWell::SHALLOW],
            &StoppingRules::budget(noise::STEPS),
        );
        assert_eq!(walk.end, run.final_point()[0]);
        assert_eq!(walk.escaped, run.points.iter().any(|p| p[0] > 0.0));
        assert_eq!(
            noisy_path(sigma, noise::STEPS, seed),
            run.first_coordinates()
        );
    }
}

#[test]
fn the_trade_off_is_real_beyond_the_error_bars() {
    // More noise escapes more…
    let r = report();
    let (low, mid) = (r.scale(1.0), r.scale(2.0));
    assert!(
        mid.probability() - low.probability()
            > 4.0 * (mid.probability_error() + low.probability_error())
    );
    // …but the best final loss is at a middle scale, beyond both ends.
    let best = r.best_scale();
    for end in [r.scale(1.0), r.scale(5.0)] {
        assert!(end.excess - best.excess > 4.0 * (end.excess_error + best.excess_error));
    }
}

#[test]
fn wilson_intervals_cover_and_stay_inside_zero_and_one() {
    let (low, high) = noise::wilson(0, 400);
    assert_eq!(low, 0.0);
    assert!(high > 0.0 && high < 0.02);
    let (low, high) = noise::wilson(200, 400);
    assert!((low + high - 1.0).abs() < 1e-12 && high - low > 0.09 && high - low < 0.1);
}

// ---------------------------------------------------------------- Hessians

#[test]
fn random_hessians_are_positive_definite_far_less_often_than_coin_flips() {
    let r = report();
    let one = r.rarities[0];
    assert!((one.fraction() - 0.5).abs() <= 4.0 * (0.25 / one.samples as f64).sqrt());
    let two = r.rarities[1];
    let p = hessians::two_by_two();
    assert!((two.fraction() - p).abs() <= 4.0 * (p * (1.0 - p) / two.samples as f64).sqrt());
    for rarity in &r.rarities[1..] {
        assert!(
            rarity.fraction() + 4.0 * rarity.error() < rarity.coin_flips(),
            "{rarity:?}"
        );
    }
    // Every measured share within four standard errors of the exact value.
    for (rarity, &p) in r.rarities.iter().zip(&r.exact_rarities) {
        let se = (p * (1.0 - p) / rarity.samples as f64).sqrt();
        assert!(
            (rarity.fraction() - p).abs() <= 4.0 * se,
            "D = {}: {} against {p}",
            rarity.d,
            rarity.fraction()
        );
    }
}

#[test]
fn the_exact_shares_agree_with_their_closed_forms() {
    // D = 1: a normal number is positive half the time; D = 2: question 4;
    // D = 3: (π − 2√2)/(4π) (Dean and Majumdar's small-D values).
    let pi = std::f64::consts::PI;
    let closed = [
        0.5,
        (2.0 - 2f64.sqrt()) / 4.0,
        (pi - 2.0 * 2f64.sqrt()) / (4.0 * pi),
    ];
    for (d, c) in (1..=3).zip(closed) {
        let exact = hessians::exact_positive_definite(d);
        assert!((exact - c).abs() < 1e-5 * c, "D = {d}: {exact} against {c}");
    }
    // Over the whole line the integrals have closed forms (Mehta's integral,
    // divided by D! for the ordering): √(2π), 2√π, √2·π and 2π. That checks
    // the 4 × 4 Pfaffian that D = 4 needs.
    let mehta = [
        (2.0 * pi).sqrt(),
        2.0 * pi.sqrt(),
        2f64.sqrt() * pi,
        2.0 * pi,
    ];
    for (d, m) in (1..=4).zip(mehta) {
        let whole = hessians::ordered_integral(d, -hessians::TAIL).abs();
        assert!((whole - m).abs() < 1e-4 * m, "D = {d}: {whole} against {m}");
    }
}

#[test]
fn cholesky_agrees_with_the_eigenvalues() {
    use rand::SeedableRng;
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(1);
    for _ in 0..2000 {
        let h = hessians::random_symmetric(2, &mut rng);
        let l = descent::landscape::eigenvalues_2x2(&h);
        assert_eq!(hessians::positive_definite(&h), l[0] > 0.0);
    }
}

// ---------------------------------------------------------------- command line

#[test]
fn no_options_print_the_report_and_redraw_the_books_figures() {
    let output = run_cli([]).unwrap();
    assert!(output.text.contains("Chapter 7"));
    assert_eq!(output.figures.len(), 8);
    assert_eq!(output.directory, harness::paths::book_figures(7));
}

#[test]
fn a_readers_walk_is_named_by_its_options_and_never_touches_the_book() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["--lr", "0.05"],
            "double-well-start-3.2-lr-0.05-steps-200.svg",
        ),
        (
            &["--landscape", "saddle", "--start2", "1e-12"],
            "saddle-start-1-1e-12-lr-0.1-steps-200.svg",
        ),
        (
            &[
                "--noise", "3", "--start", "-1", "--lr", "0.1", "--seed", "2",
            ],
            "double-well-start--1-lr-0.1-noise-3-seed-2-steps-200.svg",
        ),
        (
            &[
                "--landscape",
                "himmelblau",
                "--start",
                "-0.27",
                "--start2",
                "-0.92",
            ],
            "himmelblau-start--0.27--0.92-lr-0.01-steps-200.svg",
        ),
    ];
    for (arguments, name) in cases {
        let output = run_cli(arguments.iter().copied()).unwrap();
        assert_eq!(output.directory, harness::paths::readers_figures(7));
        assert_eq!(output.figures.len(), 1);
        assert_eq!(output.figures[0].file_name, name);
    }
}

#[test]
fn the_readers_saddle_walk_escapes_when_the_formula_says() {
    let output = run_cli(["--landscape", "saddle"]).unwrap();
    // From R₀ = 10⁻⁶: ⌈ln(10⁶)/ln 1.2⌉ = 76.
    assert_eq!(saddle::escape_steps(1e-6, 0.1, 1.0), 76);
    assert!(
        output
            .text
            .contains("predicted after ⌈ln(1/R₀)/ln(1 + 2η)⌉ = 76 steps; measured 76"),
        "{}",
        output.text
    );
    // From R₀ = 10⁻¹² the walk is still so close to the ridge when θ₁ has
    // shrunk that the gradient rule stops it at the saddle.
    for theta2 in ["0", "1e-12"] {
        let captured = run_cli(["--landscape", "saddle", "--start2", theta2]).unwrap();
        assert!(
            captured.text.contains("stopped the walk after 66 steps"),
            "{}",
            captured.text
        );
        assert!(
            captured
                .text
                .contains("a saddle if this is a critical point"),
            "{}",
            captured.text
        );
        // The second look: every kick runs away down the pass.
        assert!(captured.text.contains("8 ran away"), "{}", captured.text);
    }
}

#[test]
fn the_readers_cubic_walk_gets_a_second_look_not_a_minimum() {
    // Stopped by the gradient rule where the book's run stops.
    let stopped = run_cli(["--landscape", "cubic", "--steps", "10000"]).unwrap();
    assert!(
        stopped.text.contains("stopped the walk after 5763 steps"),
        "{}",
        stopped.text
    );
    assert!(
        stopped.text.contains("1 came back, 1 ran away"),
        "{}",
        stopped.text
    );
    assert!(stopped.text.contains("no minimum"), "{}", stopped.text);
    assert!(
        !stopped.text.contains("a minimum, as far as"),
        "{}",
        stopped.text
    );
    // Out of steps on the way: the kicks find lower ground.
    let on_the_way = run_cli(["--landscape", "cubic"]).unwrap();
    assert!(
        on_the_way.text.contains("2 stopped lower"),
        "{}",
        on_the_way.text
    );
    // At a real minimum every kick comes back.
    let deep = run_cli(["--lr", "0.05"]).unwrap();
    assert!(deep.text.contains("2 came back"), "{}", deep.text);
    assert!(deep.text.contains("a minimum, as far as"), "{}", deep.text);
}

#[test]
fn a_start_with_three_eta_theta_above_one_jumps_past_zero_and_is_told_so() {
    let output = run_cli(["--landscape", "cubic", "--lr", "1.5"]).unwrap();
    // θ₁ = 1 − 1.5·3 = −3.5.
    assert!(
        output.text.contains("3ηθ₀ = 4.5 is above 1")
            && output.text.contains("jumps past 0 to θ₁ = −3.5"),
        "{}",
        output.text
    );
    let below = run_cli([
        "--landscape",
        "cubic",
        "--start",
        "-0.01",
        "--steps",
        "1000",
    ])
    .unwrap();
    assert!(
        below.text.contains("from a start below 0"),
        "{}",
        below.text
    );
}

#[test]
fn a_diverged_walk_is_reported_and_drawn_as_diverged() {
    let output = run_cli(["--lr", "2"]).unwrap();
    assert!(
        output.text.contains("The walk diverged at step"),
        "{}",
        output.text
    );
    let svg = &output.figures[0].svg;
    assert!(svg.contains("diverged at step"));
    assert!(!svg.contains("NaN"));
    let huge = run_cli(["--lr", "1e300"]).unwrap();
    assert!(huge.text.contains("diverged"), "{}", huge.text);
    assert!(!huge.figures[0].svg.contains("NaN"));
}

#[test]
fn a_second_coordinate_on_a_one_variable_landscape_is_refused_in_one_line() {
    let error = run_cli(["--start2", "1"]).unwrap_err();
    assert!(error.0.starts_with("--start2"), "{}", error.0);
    assert!(!error.0.contains('\n'));
    let error = run_cli(["--noise", "-1"]).unwrap_err();
    assert!(error.0.starts_with("--noise"), "{}", error.0);
}

#[test]
fn a_readers_walk_that_hops_between_two_points_is_told_it_is_a_two_step_cycle() {
    let output = run_cli(["--start", "1.5", "--lr", "0.4"]).unwrap();
    // The two points the report names are a two-step cycle of θ ← θ − η·f′(θ):
    // each is the other's step, and neither is a critical point.
    let eta = 0.4;
    let step = |t: f64| t - eta * DoubleWell.slope(t);
    let mut theta = 1.5;
    for _ in 0..1000 {
        theta = step(theta);
    }
    let (low, high) = (theta.min(step(theta)), theta.max(step(theta)));
    assert!((step(step(low)) - low).abs() < 1e-12 && (high - low) > 0.5);
    let expected = format!(
        "hopping in a two-step cycle between θ = {} and {}",
        harness::format::significant(low, 6),
        harness::format::significant(high, 6)
    );
    assert!(output.text.contains(&expected), "{}", output.text);
    assert!(
        output.text.contains("2 hopping in a two-step cycle"),
        "{}",
        output.text
    );
    assert!(!output.text.contains("still moving"), "{}", output.text);
    // The book's suggestion as it was typed before, from the default start 3.2,
    // diverges: the chapter suggests the start 1.5.
    let from_default = run_cli(["--lr", "0.4"]).unwrap();
    assert!(
        from_default.text.contains("diverged"),
        "{}",
        from_default.text
    );
}

#[test]
fn a_rate_the_minimum_cannot_hold_is_said_so_not_given_as_a_share() {
    // From 1 with η = 1/2 the first step lands exactly on θ = 2, where
    // f″ = 6: ηλ = 3, and 2/6 < 1/2 means the deep well cannot hold a walk.
    let output = run_cli(["--start", "1", "--lr", "0.5"]).unwrap();
    assert_eq!(DoubleWell.curvature(2.0), 6.0);
    assert!(
        output
            .text
            .contains("ηλ = 3 ≥ 2: at this rate a bottom curved like this cannot hold a walk")
            && output.text.contains("|1 − ηλ| = 2"),
        "{}",
        output.text
    );
    assert!(!output.text.contains("share ηλ = 3"), "{}", output.text);
    // Between 1 and 2 the step overshoots but lands closer: |1 − 0.3·6| = 0.8.
    let overshoot = run_cli(["--start", "2.2", "--lr", "0.3"]).unwrap();
    assert!(
        overshoot.text.contains("ηλ = 1.8 is between 1 and 2")
            && overshoot.text.contains("0.8 times as far"),
        "{}",
        overshoot.text
    );
    // Below 1 it is a share of the distance.
    let small = run_cli(["--lr", "0.05"]).unwrap();
    assert!(
        small.text.contains("removes the share ηλ = 0.3 "),
        "{}",
        small.text
    );
}

#[test]
fn a_suggested_command_is_typed_with_an_ascii_minus_and_a_true_minus_is_read_too() {
    let output = run_cli(["--landscape", "cubic"]).unwrap();
    assert!(
        output
            .text
            .contains("Try --landscape cubic --start -0.01 --steps 1000 to see."),
        "{}",
        output.text
    );
    // Pasted from the page or from --help, with U+2212, the value still works.
    let pasted = run_cli([
        "--landscape",
        "cubic",
        "--start",
        "\u{2212}0.01",
        "--steps",
        "1000",
    ])
    .unwrap();
    assert!(
        pasted.text.contains("from a start below 0"),
        "{}",
        pasted.text
    );
}
