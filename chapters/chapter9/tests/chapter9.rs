//! Chapter 9's numbers against theory and independent computations; the
//! kit's check covers its figures, its quotes and its exercises.

use chapter9::{Chapter9, Report};
use std::sync::OnceLock;

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(Report::compute)
}

#[test]
fn the_chapter_passes_the_kits_check() {
    harness::check(&Chapter9);
}

#[test]
fn the_report_computes() {
    assert!(!report().comparison.is_empty());
}

use chapter9::compare::{
    GRID_EXPONENTS, Problem, REPORT_SEEDS, TUNED, clearly_different, mean_and_error,
    paired_difference, tune, winner,
};
use chapter9::experiments::*;
use chapter9::methods::Method;
use chapter9::surfaces::*;
use descent::derivative::check_gradient;
use descent::{Adagrad, Adam, AdamW, Objective, Optimizer, StoppingRules, descend};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * b.abs().max(1e-300)
}

// ------------------------------------------------------------- surfaces

#[test]
fn every_surface_has_the_gradient_of_its_value() {
    for theta in [[0.3, -0.7], [-1.2, 1.0], [2.0, 0.5]] {
        assert!(check_gradient(&Rosenbrock, &theta).passes(1e-7));
        assert!(check_gradient(&raw_line(), &theta).passes(1e-7));
        assert!(check_gradient(&Problem::turned_bowl(), &theta).passes(1e-7));
    }
    let q = penguins();
    let theta = [40.0, 20.0, -5000.0];
    let check = check_gradient(&q, &theta);
    assert!(check.passes(1e-6), "{check:?}");
    // The penguins' quadratic is the mean loss of descent's linear model.
    let data = harness::penguins::Penguins::load()
        .regression(&PENGUIN_FEATURES, harness::penguins::Measurement::BodyMass);
    let risk = descent::risk::Risk {
        model: descent::model::Linear { features: 2 },
        loss: descent::loss::Squared,
        data: &data,
    };
    assert!(close(q.value(&theta), risk.value(&theta), 1e-12));
    for (a, b) in q.gradient(&theta).iter().zip(risk.gradient(&theta)) {
        assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0));
    }
    // The polynomial's quadratic against descent's polynomial model.
    let poly = poly_data(1);
    let q = poly_quadratic(&poly);
    let risk = descent::risk::Risk {
        model: descent::model::Polynomial {
            degree: POLY_DEGREE,
        },
        loss: descent::loss::Squared,
        data: &poly,
    };
    let theta: Vec<f64> = (0..=POLY_DEGREE).map(|k| 0.1 * k as f64 - 0.4).collect();
    assert!(close(q.value(&theta), risk.value(&theta), 1e-10));
    // Rosenbrock's bottom.
    assert_eq!(Rosenbrock.value(&[1.0, 1.0]), 0.0);
    assert_eq!(Rosenbrock.gradient(&[1.0, 1.0]), vec![0.0, 0.0]);
}

// ------------------------------------------------------------- the paths

#[test]
fn the_adaptive_walks_do_not_see_the_stretch() {
    let p = &report().paths;
    assert!(largest_difference(&p.adagrad[0], &p.adagrad[1]) < 1e-9);
    assert!(largest_difference(&p.adam[0], &p.adam[1]) < 1e-7);
    // Adagrad's walk by the derivation: each coordinate shrinks by
    // 1 − η/√(Σ θ²) over its own past, whatever its curvature.
    let mut theta = PATH_START;
    let mut sums = [0.0; 2];
    for t in 1..=PATH_STEPS {
        for i in 0..2 {
            sums[i] += theta[i] * theta[i];
            theta[i] *= 1.0 - PATH_ADAGRAD_ETA / sums[i].sqrt();
        }
        let walked = &p.adagrad[0].points[t];
        assert!((walked[0] - theta[0]).abs() < 1e-9 && (walked[1] - theta[1]).abs() < 1e-9);
    }
    // Gradient descent does see it: its walk on the round bowl is another.
    assert!(p.gradient_descent.outcome == descent::Outcome::BudgetExhausted { steps: PATH_STEPS });
}

// --------------------------------------------------------------- Adagrad

/// The relative excess of gradient descent on a quadratic, in closed form:
/// along each eigenvector the error shrinks by `1 − ηλ` per step.
fn exact_gd_relative(q: &Quadratic, eta: f64, steps: usize) -> f64 {
    let eigen = descent::linalg::symmetric_eigen(&q.h);
    let bottom = q.minimum();
    let start: Vec<f64> = bottom.iter().map(|b| -b).collect();
    let (mut now, mut then) = (0.0, 0.0);
    for (k, lambda) in eigen.values.iter().enumerate() {
        let v = eigen.vector(k);
        let c: f64 = v.iter().zip(&start).map(|(a, b)| a * b).sum();
        then += 0.5 * lambda * c * c;
        now += 0.5 * lambda * (c * (1.0 - eta * lambda).powi(steps as i32)).powi(2);
    }
    now / then
}

#[test]
fn adagrad_on_the_raw_points_matches_its_frozen_rates() {
    let raw = &report().raw;
    // κ of [[38.5, 5.5], [5.5, 1]] from the quadratic formula.
    let (tr, det) = (39.5_f64, 38.5 - 5.5 * 5.5);
    let root = (tr * tr - 4.0 * det).sqrt();
    assert!(close(raw.kappa, (tr + root) / (tr - root), 1e-9));
    // Gradient descent's excess in closed form.
    let q = raw_line();
    let exact = exact_gd_relative(&q, raw.gradient_descent.eta, RAW_STEPS);
    assert!(close(raw.gradient_descent.relative[RAW_STEPS], exact, 1e-6));
    // The effective κ from the eigenvalues of M·H (not symmetric: its
    // trace and determinant), M from Adagrad's sums replayed by hand.
    let eta = raw.adagrad.eta;
    let (mut theta, mut sum) = ([0.0_f64; 2], [0.0_f64; 2]);
    for _ in 0..RAW_STEPS {
        let g = q.gradient(&theta);
        for i in 0..2 {
            sum[i] += g[i] * g[i];
            theta[i] -= eta * g[i] / (sum[i].sqrt() + 1e-10);
        }
    }
    let m = [1.0 / sum[0].sqrt(), 1.0 / sum[1].sqrt()];
    let h = |i: usize, j: usize| q.h[(i, j)];
    let tr = m[0] * h(0, 0) + m[1] * h(1, 1);
    let det = m[0] * m[1] * (h(0, 0) * h(1, 1) - h(0, 1) * h(1, 0));
    let root = (tr * tr - 4.0 * det).sqrt();
    let (large, small) = ((tr + root) / 2.0, (tr - root) / 2.0);
    assert!(close(raw.effective_kappa, large / small, 1e-6));
    let factor = (1.0 - eta * large).abs().max((1.0 - eta * small).abs());
    assert!(close(raw.predicted_factor, factor, 1e-6));
    // The measured late factor is the predicted one.
    assert!((raw.adagrad.late_factor() - raw.predicted_factor).abs() < 2e-4);
    // Arrival: a millionth of the excess, and not before.
    let steps = raw.adagrad.steps_to_tolerance().expect("Adagrad arrives");
    assert!(raw.adagrad.relative[steps] <= TOLERANCE);
    assert!(raw.adagrad.relative[steps - 1] > TOLERANCE);
    // Gradient descent at its own best rate of the same grid arrives too,
    // later: its step in closed form, the first after which the excess
    // stays below a millionth.
    let gd = raw
        .gradient_descent
        .steps_to_tolerance()
        .expect("GD arrives");
    let gd_eta = raw.gradient_descent.eta;
    assert!(exact_gd_relative(&q, gd_eta, gd) <= TOLERANCE);
    assert!(exact_gd_relative(&q, gd_eta, gd - 1) > TOLERANCE);
    assert!(gd > 3 * steps);
    // Its late factor is its slowest eigen-direction's, max |1 − ηλ|.
    let (small, large) = q.curvatures();
    let gd_factor = (1.0 - gd_eta * small)
        .abs()
        .max((1.0 - gd_eta * large).abs());
    assert!(close(raw.gd_factor, gd_factor, 1e-12));
    assert!((raw.gradient_descent.late_factor() - gd_factor).abs() < 1e-3);
    // The share of the starting excess along the steep direction, from the
    // 2 × 2 formulas: the bottom by Cramer's rule, the eigenvector of λ_max
    // as (h₀₁, λ_max − h₀₀).
    let (a, b, d) = (h(0, 0), h(0, 1), h(1, 1));
    let det = a * d - b * b;
    let bottom = [
        (q.c[0] * d - b * q.c[1]) / det,
        (a * q.c[1] - b * q.c[0]) / det,
    ];
    let steepest = 0.5 * (a + d + ((a - d) * (a - d) + 4.0 * b * b).sqrt());
    let v = [b, steepest - a];
    let length = (v[0] * v[0] + v[1] * v[1]).sqrt();
    let along = -(v[0] * bottom[0] + v[1] * bottom[1]) / length;
    let excess = 0.5
        * (a * bottom[0] * bottom[0] + 2.0 * b * bottom[0] * bottom[1] + d * bottom[1] * bottom[1]);
    assert!(close(
        raw.steep_share,
        0.5 * steepest * along * along / excess,
        1e-9
    ));
}

#[test]
fn gradient_descent_and_adagrad_get_the_same_search_and_their_best_is_inside_it() {
    for (rescue, (q, steps)) in RESCUE_TUNED
        .iter()
        .zip([(raw_line(), RAW_STEPS), (penguins(), PENGUIN_STEPS)])
    {
        let gd = best_rate(&q, Method::GradientDescent, steps);
        let adagrad = best_rate(&q, Method::Adagrad, steps);
        assert_eq!((gd, adagrad), *rescue);
        for j in [gd, adagrad] {
            assert!(j > *GRID_EXPONENTS.start() && j < *GRID_EXPONENTS.end());
        }
    }
}

#[test]
fn adagrad_on_the_penguins() {
    let p = &report().penguins;
    // Chapter 4's condition number.
    assert!((p.kappa / 2.6e7 - 1.0).abs() < 0.02, "{}", p.kappa);
    assert!(p.effective_kappa < p.kappa / 100.0 && p.effective_kappa > 1e5);
    let q = penguins();
    let exact = exact_gd_relative(&q, p.gradient_descent.eta, PENGUIN_STEPS);
    assert!(close(
        p.gradient_descent.relative[PENGUIN_STEPS],
        exact,
        1e-6
    ));
    // Both tuned, Adagrad leaves less, but within a factor of two.
    let (gd, ada) = (
        p.gradient_descent.relative[PENGUIN_STEPS],
        p.adagrad.relative[PENGUIN_STEPS],
    );
    assert!(ada < gd && gd < 2.0 * ada);
    // Adagrad by hand, in three coordinates.
    let eta = p.adagrad.eta;
    let (mut theta, mut sum) = ([0.0_f64; 3], [0.0_f64; 3]);
    for _ in 0..PENGUIN_STEPS {
        let g = q.gradient(&theta);
        for i in 0..3 {
            sum[i] += g[i] * g[i];
            theta[i] -= eta * g[i] / (sum[i].sqrt() + 1e-10);
        }
    }
    let lowest = q.lowest();
    let relative = (q.value(&theta) - lowest) / (q.value(&[0.0; 3]) - lowest);
    assert!(close(p.adagrad.relative[PENGUIN_STEPS], relative, 1e-6));
}

#[test]
fn adagrads_steps_on_a_slope_shrink_like_one_over_root_t() {
    let slope = &report().slope;
    let distance = |m: Method| slope.iter().find(|(x, _)| *x == m).unwrap().1.clone();
    let adagrad = distance(Method::Adagrad);
    for t in [1, 10, 100, SLOPE_STEPS] {
        let sum: f64 = (1..=t).map(|s| 1.0 / (s as f64).sqrt()).sum();
        assert!(close(adagrad[t], sum, 1e-9));
    }
    // Adam: η per step; RMSprop: η/√(1 − αᵗ) per step.
    assert!(close(
        distance(Method::Adam)[SLOPE_STEPS],
        SLOPE_STEPS as f64,
        1e-7
    ));
    let rms: f64 = (1..=SLOPE_STEPS)
        .map(|t| 1.0 / (1.0 - 0.99_f64.powi(t as i32)).sqrt())
        .sum();
    assert!(close(distance(Method::RmsProp)[SLOPE_STEPS], rms, 1e-7));
    // Σ_{t ≤ T} 1/√t = 2√T + ζ(½) + O(1/√T), ζ(½) = −1.4603545…
    let t = adagrad_steps_to(1000.0);
    let predicted = ((1000.0 + 1.460_354_508_8) / 2.0_f64).powi(2);
    assert!(
        (t as f64 - predicted).abs() < 2.0,
        "{t} against {predicted}"
    );
    // And by simulation of descent's Adagrad, the distance at T and T − 1.
    let mut rule = Adagrad {
        delta: 0.0,
        ..Adagrad::new(1.0)
    };
    rule.start(1);
    let mut x = [0.0];
    for step in 1..=t {
        rule.step(&mut x, &[1.0]);
        if step == t - 1 {
            assert!(-x[0] < 1000.0);
        }
    }
    assert!(-x[0] >= 1000.0 - 1e-6);
}

// --------------------------------------------------------------- RMSprop

#[test]
fn rmsprops_memory_and_the_centred_rule() {
    for alpha in [0.9, 0.99, 0.999] {
        let h = half_life(alpha);
        assert!(close(alpha.powf(h), 0.5, 1e-12));
        assert_eq!(measured_half_life(alpha), h.ceil() as usize);
    }
    // Question 2: α = 0.999.
    assert!((half_life(0.999) - 692.8).abs() < 0.05);
    assert!(((1.0 / (1.0 - 0.999_f64).sqrt()) - 31.6).abs() < 0.05);
    // Recovery after the drop, in closed form: v after the drop is
    // αᵏ·v₀ + (1 − αᵏ)·g², and the step g/√v reaches ½ when v ≤ (2g)².
    let memory = &report().memory;
    let v0 = 1.0 - 0.9_f64.powi(DROP_AT as i32);
    let g: f64 = DROP.1;
    let k = (1..)
        .find(|&k: &i32| {
            let a = 0.9_f64.powi(k);
            g / (a * v0 + (1.0 - a) * g * g).sqrt() >= 0.5
        })
        .unwrap();
    assert_eq!(recovery_steps(&memory[1]), Some(k as usize));
    // Adagrad after the drop: g/√(100·1 + k·g²).
    let adagrad_end = g / (DROP_AT as f64 + (MEMORY_STEPS - DROP_AT) as f64 * g * g).sqrt();
    assert!(close(memory[0][MEMORY_STEPS - 1], adagrad_end, 1e-9));
    // The centred rule on a steady slope.
    let centred = &report().centred;
    for t in [1, 10, 100, 1000] {
        if t == 1 {
            // ḡ² = (1 − α)² and v = 1 − α: the root of (1 − α)α.
            assert!(close(centred[0], 1.0 / (0.01_f64 * 0.99).sqrt(), 1e-6));
            continue;
        }
        assert!(close(centred[t - 1], centred_prediction(0.99, t), 1e-5));
    }
}

// ------------------------------------------------------------------- Adam

#[test]
fn the_bias_correction_is_worth_what_the_formula_says() {
    for (b1, b2) in [(0.9, 0.999), (0.9, 0.9), (0.5, 0.75)] {
        let measured = uncorrected_steps(b1, b2, 2000);
        for t in [1, 2, 12, 100, 2000] {
            assert!(close(measured[t - 1], correction_ratio(b1, b2, t), 1e-12));
        }
    }
    let (peak, at) = peak_ratio(0.9, 0.999);
    assert_eq!(at, 12);
    assert!(peak > correction_ratio(0.9, 0.999, 11) && peak > correction_ratio(0.9, 0.999, 13));
    assert!(close(correction_ratio(0.9, 0.9, 1), 0.1_f64.sqrt(), 1e-12));
    assert!(close(
        correction_ratio(0.9, 0.999, 1),
        0.1 / 0.001_f64.sqrt(),
        1e-12
    ));
    // The first step of descent's Adam is η·sign(g), up to δ/|g|.
    for g in [1e-3, -2.0, 5e4] {
        let mut adam = Adam::new(0.25);
        adam.start(1);
        let mut x = [0.0];
        adam.step(&mut x, &[g]);
        assert!((x[0] + 0.25 * g.signum()).abs() <= 0.25 * 1e-8 / g.abs() * 1.01);
    }
}

#[test]
fn the_stated_bound_holds_for_a_lone_gradient_and_fails_for_growing_ones() {
    let bound = stated_bound(0.9, 0.999);
    assert!(close(bound, 0.1 / 0.001_f64.sqrt(), 1e-12));
    let lone = lone_gradient_step(chapter9::LONE_SILENCE);
    assert!(lone < bound && lone > bound * (1.0 - 1e-4));
    // The worst sequence attains the formula, measured with descent's Adam.
    for t in [1, 10, 100, 1000] {
        assert!(close(
            worst_sequence_step(t),
            largest_step(0.9, 0.999, t),
            1e-9
        ));
    }
    // No random sequence beats it (500 sequences of 300 steps, seeded).
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let limit = largest_step(0.9, 0.999, 300);
    for _ in 0..500 {
        let mut adam = Adam {
            delta: 0.0,
            ..Adam::new(1.0)
        };
        adam.start(1);
        let mut x = [0.0];
        let growth = 1.0 + 0.2 * rng.random::<f64>();
        let mut before = 0.0;
        for s in 0..300 {
            before = x[0];
            let g = growth.powi(s) * (0.5 + rng.random::<f64>());
            adam.step(&mut x, &[g]);
        }
        assert!((before - x[0]).abs() <= limit * (1.0 + 1e-12));
    }
    let first = chapter9::first_above_bound();
    assert!(largest_step(0.9, 0.999, first) > bound);
    assert!(largest_step(0.9, 0.999, first - 1) <= bound);
    assert!(close(
        largest_step(0.9, 0.999, 30_000),
        largest_step_limit(0.9, 0.999),
        1e-9
    ));
}

// --------------------------------------------------------------- scaling

#[test]
fn a_thousand_times_the_loss_changes_the_adaptive_walks_by_delta_only() {
    let q = raw_line();
    let (_, large) = q.curvatures();
    let eta = chapter9::scale_eta(&q);
    // Gradient descent is stable on the loss (ηλ_max < 2) and not on 1000 times it.
    assert!(eta * large < 2.0 && eta * SCALE * large > 2.0);
    for run in &report().scale {
        assert!(!run.plain.outcome.diverged());
        match run.method {
            Method::GradientDescent => assert!(run.scaled.outcome.diverged()),
            _ => {
                assert!(run.difference() < 1e-7, "{:?}", run.method);
                assert!(!run.scaled.outcome.diverged());
            }
        }
    }
    // With δ = 0 the walks agree to rounding.
    let big = q.scaled(SCALE);
    let rules = StoppingRules::budget(SCALE_STEPS);
    let exact = |q: &Quadratic| {
        descend(
            q,
            &mut Adam {
                delta: 0.0,
                ..Adam::new(eta)
            },
            &[0.0, 0.0],
            &rules,
        )
    };
    let (a, b) = (exact(&q), exact(&big));
    for (p, r) in a.points.iter().zip(&b.points) {
        for (x, y) in p.iter().zip(r) {
            assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0));
        }
    }
}

// ------------------------------------------------------------------ Reddi

#[test]
fn adam_drifts_to_the_worst_point_and_amsgrad_to_the_best() {
    let [adam, ams] = &report().reddi;
    // Adam ends a round at +1, and one step down from it after the next
    // large gradient.
    assert_eq!(adam[REDDI_STEPS - 1], 1.0);
    assert!(adam[REDDI_STEPS] > 0.99);
    assert!(ams[REDDI_STEPS] < -0.9);
    // Adam at +1 loses 2(C − 2)/3 per step against −1, on average.
    let per_step = 2.0 * (REDDI_C - 2.0) / 3.0;
    assert!((regret(adam) - per_step).abs() < 0.02);
    assert!(regret(ams) < 0.05);
    // AMSGrad's regret per step falls: lower over the whole run than over
    // its first tenth, and lower still over the second half; Adam's, over
    // the second half, is still 2(C − 2)/3.
    let second_half = |points: &[f64]| {
        let half = REDDI_STEPS / 2;
        (half + 1..=REDDI_STEPS)
            .map(|t| reddi_gradient(t) * (points[t - 1] + 1.0))
            .sum::<f64>()
            / (REDDI_STEPS - half) as f64
    };
    assert!(regret(ams) < regret(&ams[..=REDDI_STEPS / 10]));
    assert!(second_half(ams) < regret(ams));
    assert!((second_half(adam) - per_step).abs() < 0.01);
    // The setting: C > 2, and the sum over a period is (C − 2)·θ.
    const { assert!(REDDI_C > 2.0) };
    assert_eq!(
        reddi_gradient(1) + reddi_gradient(2) + reddi_gradient(3),
        REDDI_C - 2.0
    );
    // Question 5: with β₂ close to 1 Adam goes down too.
    let mut rule = Adam {
        beta1: 0.0,
        beta2: 0.999,
        ..Adam::new(REDDI_ETA)
    };
    rule.start(1);
    let mut x = [0.0];
    for t in 1..=REDDI_STEPS {
        rule.eta = REDDI_ETA / (t as f64).sqrt();
        rule.step(&mut x, &[reddi_gradient(t)]);
        x[0] = x[0].clamp(-1.0, 1.0);
    }
    assert!(x[0] < -0.9);
}

// ------------------------------------------------------------ weight decay

#[test]
fn the_mean_and_its_standard_error_by_hand() {
    // 1, 2, 3, 4: mean 5/2, sample variance (9/4 + 1/4 + 1/4 + 9/4)/3 = 5/3,
    // standard error √(5/3/4) = √(5/12).
    let (mean, error) = mean_and_error(&[1.0, 2.0, 3.0, 4.0]);
    assert!(close(mean, 2.5, 1e-15) && close(error, (5.0_f64 / 12.0).sqrt(), 1e-15));
    assert_eq!(mean_and_error(&[7.0]), (7.0, 0.0));
    // Paired: the differences 1, 1, 1 have no spread at all.
    assert_eq!(
        paired_difference(&[2.0, 3.0, 4.0], &[1.0, 2.0, 3.0]),
        (1.0, 0.0)
    );
    assert!(clearly_different(&[2.0, 3.0, 4.1], &[1.0, 2.0, 3.0]));
    assert!(!clearly_different(&[2.0, 1.0, 3.0], &[1.0, 2.0, 3.0]));
}

#[test]
fn each_decay_is_tuned_on_a_wide_grid_and_carrying_one_mu_over_hurts() {
    let mut scores = [Vec::new(), Vec::new()];
    for (k, decoupled) in [false, true].into_iter().enumerate() {
        for j in DECAY_EXPONENTS {
            scores[k].push((j, decay_score(strength(j), decoupled)));
        }
    }
    let best = |k: usize| {
        scores[k].iter().fold(
            (0, f64::INFINITY),
            |b, &(j, s)| if s < b.1 { (j, s) } else { b },
        )
    };
    let (l2, w) = (best(0), best(1));
    assert_eq!((l2.0, w.0), DECAY_TUNED);
    // Inside the grid, not at an edge, for both.
    for j in [l2.0, w.0] {
        assert!(j > *DECAY_EXPONENTS.start() && j < *DECAY_EXPONENTS.end());
    }
    // Each method at the other's best μ does worse than at its own.
    let at = |k: usize, j: i32| scores[k].iter().find(|(i, _)| *i == j).unwrap().1;
    assert!(at(0, w.0) > 2.0 * l2.1, "Adam + L2 at AdamW's μ");
    assert!(at(1, l2.0) > 1.2 * w.1, "AdamW at Adam + L2's μ");
    // ... where AdamW is hardly better than with no decay at all.
    assert!(at(1, l2.0) > 0.97 * decay_score(0.0, true));
}

#[test]
fn adam_with_l2_ends_at_ridge_and_adamw_does_not() {
    let d = &report().decay;
    let q = poly_quadratic(&first_draw());
    let ridge = ridge(&q, DECAY_SHOWN);
    for (a, b) in d.shown_l2.theta.iter().zip(&ridge) {
        assert!((a - b).abs() < 1e-10);
    }
    assert!(d.shown_adamw.to_ridge > 1.0);
    // Without decay the two are one rule.
    assert_eq!(decay_fit(&q, 0.0, false), decay_fit(&q, 0.0, true));
    // The spread of the L2 pull: replay Adam with L2 for DECAY_PROBE steps
    // on descent's own loop.
    let mut adam = Adam {
        weight_decay: DECAY_SHOWN,
        ..Adam::new(DECAY_ETA)
    };
    let _ = descend(
        &q,
        &mut adam,
        &[0.0; POLY_DEGREE + 1],
        &StoppingRules::budget(DECAY_PROBE),
    );
    let c = 1.0 - 0.999_f64.powi(DECAY_PROBE as i32);
    let factors: Vec<f64> = adam
        .v
        .iter()
        .map(|v| 1.0 / ((v / c).sqrt() + 1e-8))
        .collect();
    let (hi, lo) = (
        factors.iter().cloned().fold(0.0, f64::max),
        factors.iter().cloned().fold(f64::INFINITY, f64::min),
    );
    let spread = d.shown_l2.spread;
    assert!(close(spread.0, hi, 1e-9) && close(spread.1, lo, 1e-9));
    // Question 6: AdamW with μ = 1/η sets the weights to zero before each step.
    let mut w = AdamW::new(0.5, 2.0);
    w.start(2);
    let mut theta = [3.0, -4.0];
    w.step(&mut theta, &[1.0, -1.0]);
    assert!((theta[0] + 0.5).abs() < 1e-7 && (theta[1] - 0.5).abs() < 1e-7);
}

#[test]
fn the_decay_table_is_what_descents_polynomial_model_gives() {
    let d = &report().decay;
    let model = descent::model::Polynomial {
        degree: POLY_DEGREE,
    };
    use descent::model::Model;
    for (k, seed) in DECAY_REPORT_DRAWS.enumerate() {
        let data = poly_data(seed);
        let risk = descent::risk::Risk {
            model,
            loss: descent::loss::Squared,
            data: &data,
        };
        for (runs, decoupled) in [(&d.none, false), (&d.l2, false), (&d.adamw, true)] {
            let mut optimizer: Box<dyn Optimizer> = if decoupled {
                Box::new(AdamW::new(DECAY_ETA, runs.mu))
            } else {
                Box::new(Adam {
                    weight_decay: runs.mu,
                    ..Adam::new(DECAY_ETA)
                })
            };
            let run = walk(
                &risk,
                optimizer.as_mut(),
                &[0.0; POLY_DEGREE + 1],
                DECAY_STEPS,
            );
            // The fit by descent's loop on descent's polynomial model (its
            // own gradient, not the chapter's quadratic) agrees to 10⁻⁴:
            // over 1500 Adam steps rounding differences grow, no more.
            let walked = run.final_point();
            let size = walked.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
            for (a, b) in runs.fits[k].iter().zip(walked) {
                assert!((a - b).abs() <= 1e-4 * size, "{a} {b}");
            }
            // Both errors of the stored fit, by the model's predictions: mean
            // squared errors, the train one twice the ½-scaled risk.
            let theta = &runs.fits[k];
            assert!(close(runs.train[k], 2.0 * risk.value(theta), 1e-10));
            let test = (0..GRID_POINTS)
                .map(|i| {
                    let x = -1.0 + 2.0 * i as f64 / (GRID_POINTS - 1) as f64;
                    (model.predict(theta, &[x]) - (1.0 + 2.0 * x) / (1.0 + 4.0 * x * x)).powi(2)
                })
                .sum::<f64>()
                / GRID_POINTS as f64;
            assert!(close(runs.test[k], test, 1e-10));
        }
    }
}

#[test]
fn each_at_its_own_best_mu_both_help_and_neither_wins() {
    let d = &report().decay;
    assert_eq!(d.l2.mu, strength(DECAY_TUNED.0));
    assert_eq!(d.adamw.mu, strength(DECAY_TUNED.1));
    // Both lower the test error by more than two standard errors of the
    // paired difference ...
    for runs in [&d.l2, &d.adamw] {
        let (gain, error) = paired_difference(&d.none.test, &runs.test);
        assert!(gain > 2.0 * error, "{gain} ± {error}");
    }
    // Both raise the training error, again by more than two standard errors.
    for runs in [&d.l2, &d.adamw] {
        let (rise, error) = paired_difference(&runs.train, &d.none.train);
        assert!(rise > 2.0 * error, "{rise} ± {error}");
    }
    // ... and the difference between them is not.
    assert!(!clearly_different(&d.l2.test, &d.adamw.test));
    // The best strengths are (DECAY_TUNED.1 − DECAY_TUNED.0)/4 decades apart.
    let decades = (d.adamw.mu / d.l2.mu).log10();
    assert!(close(
        decades,
        (DECAY_TUNED.1 - DECAY_TUNED.0) as f64 / 4.0,
        1e-12
    ));
}

// ---------------------------------------------------------- side by side

#[test]
fn the_stored_rates_are_the_searchs_and_inside_its_grid() {
    for (p, problem) in Problem::ALL.iter().enumerate() {
        for (m, method) in Method::ALL.iter().enumerate() {
            let tuned = tune(*problem, *method);
            assert_eq!(tuned.j, TUNED[p][m], "{problem:?} {method:?}");
            assert!(
                tuned.j > *GRID_EXPONENTS.start() && tuned.j < *GRID_EXPONENTS.end(),
                "{problem:?} {method:?} at the grid's edge"
            );
        }
    }
}

/// The noisy line's score for one seed, by descent's own sampled loop: the
/// mean of `L(θₜ) − L*` over the last tenth of the steps.
fn noisy_by_descent(method: Method, eta: f64, seed: u64) -> f64 {
    let data = chapter3_data();
    let line = noisy_line(&data);
    let lowest = chapter3_quadratic(&data).lowest();
    let steps = Problem::NoisyLine.budget();
    let mut sampler = descent::Sampler::new(
        descent::Sampling::WithReplacement { batch: 1 },
        data.len(),
        seed,
    );
    let mut optimizer = method.build(eta);
    let run = descent::descend_sampled(
        &line,
        &mut sampler,
        &mut Dyn(optimizer.as_mut()),
        &[0.0, 0.0],
        &StoppingRules::budget(steps),
    );
    let tail = steps / 10;
    run.losses[steps + 1 - tail..]
        .iter()
        .map(|l| l - lowest)
        .sum::<f64>()
        / tail as f64
}

#[test]
fn the_table_is_what_the_descent_loop_measures() {
    let r = report();
    for e in &r.comparison {
        let first = e.problem.start_gap();
        if e.problem == Problem::NoisyLine {
            assert_eq!(e.runs.len(), REPORT_SEEDS.count());
            for (seed, run) in REPORT_SEEDS.zip(&e.runs).step_by(7) {
                let by_descent = noisy_by_descent(e.method, e.eta, seed) / first;
                assert!(close(*run, by_descent, 1e-9), "{e:?} seed {seed}");
            }
            let (mean, error) = mean_and_error(&e.runs);
            assert!(close(e.relative, mean, 1e-15) && close(e.error, error, 1e-15));
            continue;
        }
        let mut optimizer = e.method.build(e.eta);
        let start = e.problem.start();
        let steps = e.problem.budget();
        let (run, lowest) = match e.problem {
            Problem::TurnedBowl => (
                walk(&Problem::turned_bowl(), optimizer.as_mut(), &start, steps),
                0.0,
            ),
            Problem::Rosenbrock => (walk(&Rosenbrock, optimizer.as_mut(), &start, steps), 0.0),
            _ => {
                let q = penguins();
                (walk(&q, optimizer.as_mut(), &start, steps), q.lowest())
            }
        };
        // The mean gap over the last tenth of the steps, by descent's loop.
        let tail = steps / 10;
        let mean = run.losses[steps + 1 - tail..]
            .iter()
            .map(|l| l - lowest)
            .sum::<f64>()
            / tail as f64;
        assert!(close(e.relative, mean / first, 1e-9), "{e:?}");
        assert_eq!(e.error, 0.0);
    }
    // Gradient descent on the turned bowl in closed form: the mean of the
    // excess over steps 181 to 200.
    let bowl = Problem::turned_bowl();
    let gd = r.entry(Problem::TurnedBowl, Method::GradientDescent);
    let exact = (181..=200)
        .map(|t| exact_gd_relative(&bowl, gd.eta, t))
        .sum::<f64>()
        / 20.0;
    assert!(close(gd.relative, exact, 1e-6));
}

#[test]
fn what_the_table_says() {
    let r = report();
    let gap = |p, m| r.entry(p, m).relative;
    // No method wins everywhere.
    assert_eq!(winner(&r.comparison, Problem::TurnedBowl), Method::Nesterov);
    assert_eq!(
        winner(&r.comparison, Problem::Rosenbrock),
        Method::HeavyBall
    );
    assert_eq!(winner(&r.comparison, Problem::Penguins), Method::Adam);
    let c = r.claims();
    // Adam behind the momentum winners, by the factors the prose quotes
    // (between one and two decades).
    let behind: Vec<f64> = [
        (Problem::TurnedBowl, Method::Nesterov),
        (Problem::Rosenbrock, Method::HeavyBall),
    ]
    .iter()
    .map(|&(p, best)| gap(p, Method::Adam) / gap(p, best))
    .collect();
    assert!(close(c.adam_behind.0, behind[0].min(behind[1]), 1e-12));
    assert!(close(c.adam_behind.1, behind[0].max(behind[1]), 1e-12));
    assert!(c.adam_behind.0 > 10.0 && c.adam_behind.1 < 100.0);
    // On the penguins, all within a factor of three.
    let penguins: Vec<f64> = Method::ALL
        .iter()
        .map(|&m| gap(Problem::Penguins, m))
        .collect();
    let spread = penguins.iter().cloned().fold(0.0, f64::max)
        / penguins.iter().cloned().fold(f64::INFINITY, f64::min);
    assert!(close(c.penguin_spread, spread, 1e-12));
    assert!(spread < 3.0, "{spread}");
    // The noisy line: the four methods without a running average of
    // squares end lower than each of the four with one, every difference
    // larger than two standard errors of the paired runs ...
    let front = [
        Method::GradientDescent,
        Method::HeavyBall,
        Method::Nesterov,
        Method::Adagrad,
    ];
    let back = [
        Method::RmsProp,
        Method::Adam,
        Method::AmsGrad,
        Method::AdamW,
    ];
    let noisy = |m| r.entry(Problem::NoisyLine, m);
    for a in front {
        for b in back {
            assert!(noisy(a).relative < noisy(b).relative);
            assert!(
                clearly_different(&noisy(a).runs, &noisy(b).runs),
                "{a:?} {b:?}"
            );
        }
    }
    // ... by the factors the prose quotes.
    let (low, high) = chapter9::noisy_ratios(&r.comparison);
    let front_means: Vec<f64> = front.iter().map(|&m| noisy(m).relative).collect();
    let back_means: Vec<f64> = back.iter().map(|&m| noisy(m).relative).collect();
    let max = |v: &[f64]| v.iter().cloned().fold(0.0, f64::max);
    let min = |v: &[f64]| v.iter().cloned().fold(f64::INFINITY, f64::min);
    assert!(close(low, min(&back_means) / max(&front_means), 1e-12));
    assert!(close(high, max(&back_means) / min(&front_means), 1e-12));
    // The front four within 12% of each other.
    assert!(max(&front_means) / min(&front_means) < 1.12);
    // Adam and AMSGrad on the line: no difference the seeds can resolve.
    assert!(!clearly_different(
        &noisy(Method::Adam).runs,
        &noisy(Method::AmsGrad).runs
    ));
    // Adagrad and RMSprop trail Adam by decades on the bowl and the valley:
    // at least the quoted number, more than three.
    let mut trail = f64::INFINITY;
    for p in [Problem::TurnedBowl, Problem::Rosenbrock] {
        let adam = gap(p, Method::Adam);
        for m in [Method::Adagrad, Method::RmsProp] {
            trail = trail.min((gap(p, m) / adam).log10());
        }
    }
    assert!(
        close(c.trail_decades, trail, 1e-12) && trail > 3.0,
        "{trail}"
    );
    // AMSGrad: within a tenth of Adam on the bowl and the penguins, several
    // times above it in Rosenbrock's valley.
    for (k, p) in Problem::ALL.iter().enumerate() {
        let ratio = gap(*p, Method::AmsGrad) / gap(*p, Method::Adam);
        assert!(close(c.amsgrad_over_adam[k], ratio, 1e-12));
    }
    for p in [Problem::TurnedBowl, Problem::Penguins] {
        let ratio = gap(p, Method::AmsGrad) / gap(p, Method::Adam);
        assert!((0.9..1.1).contains(&ratio), "{p:?}: {ratio}");
    }
    let valley = gap(Problem::Rosenbrock, Method::AmsGrad) / gap(Problem::Rosenbrock, Method::Adam);
    assert!((2.0..10.0).contains(&valley), "{valley}");
    // Every method's best rate moves by two or three decades.
    let mut spans = Vec::new();
    for m in Method::ALL {
        let rates: Vec<f64> = Problem::ALL.iter().map(|&p| r.entry(p, m).eta).collect();
        let span = (max(&rates) / min(&rates)).log10();
        assert!((1.8..=3.2).contains(&span), "{m:?}: {span}");
        spans.push(span);
    }
    assert!(close(c.rate_spans.0, min(&spans), 1e-12) && close(c.rate_spans.1, max(&spans), 1e-12));
    // AdamW ends above Adam on every problem, clearly so on the noisy line.
    for p in Problem::ALL {
        assert!(gap(p, Method::AdamW) > gap(p, Method::Adam), "{p:?}");
    }
    assert!(clearly_different(
        &noisy(Method::AdamW).runs,
        &noisy(Method::Adam).runs
    ));
    // AdamW stops short of the bottom that Adam reaches on the bowl.
    assert!(gap(Problem::TurnedBowl, Method::AdamW) > 1e4 * gap(Problem::TurnedBowl, Method::Adam));
}

// ------------------------------------------------- numbers added for the prose

#[test]
fn the_tuned_rate_sits_a_hair_below_eta_star_and_beats_it_from_zero() {
    let raw = &report().raw;
    // [[38.5, 5.5], [5.5, 1]]: λ_min + λ_max is the trace, λ_max by the
    // quadratic formula.
    let (tr, det) = (39.5_f64, 38.5 - 5.5 * 5.5);
    let large = (tr + (tr * tr - 4.0 * det).sqrt()) / 2.0;
    assert!(close(raw.eta_star, 2.0 / tr, 1e-12));
    assert!(close(raw.edge, 2.0 / large, 1e-12));
    let kappa = raw.kappa;
    assert!(close(raw.star_factor, (kappa - 1.0) / (kappa + 1.0), 1e-9));
    let eta = raw.gradient_descent.eta;
    assert!(close(raw.steep_factor, (1.0 - eta * large).abs(), 1e-12));
    // The order the prose states: tuned < η* < 2/λ_max, and the tuned rate
    // shrinks the steep direction faster.
    assert!(eta < raw.eta_star && raw.eta_star < raw.edge);
    assert!(raw.steep_factor < raw.star_factor);
    // The excess left after the run at each rate, in closed form.
    let q = raw_line();
    let at_star = exact_gd_relative(&q, raw.eta_star, RAW_STEPS);
    assert!(close(raw.at_star.relative[RAW_STEPS], at_star, 1e-6));
    let tuned = exact_gd_relative(&q, eta, RAW_STEPS);
    assert!(close(raw.gradient_descent.relative[RAW_STEPS], tuned, 1e-6));
    assert!(tuned < at_star / 100.0);
}

#[test]
fn the_first_figures_rates_are_the_constants() {
    let q = report().quotes();
    let text = |name: &str| harness::quote::text_of(&q, name).to_string();
    assert_eq!(text("paths-gd-eta"), "0.0198");
    assert!(close(2.0 / (1.0 + PATH_KAPPA), 0.0198, 0.01));
    assert_eq!(text("paths-adagrad-eta"), "0.3");
    assert_eq!(text("paths-adam-eta"), "0.1");
}

#[test]
fn rmsprops_uncorrected_steps_on_the_slope_stay_long_for_hundreds_of_steps() {
    let slope = &report().slope;
    let rms = &slope.iter().find(|(m, _)| *m == Method::RmsProp).unwrap().1;
    for t in [1, 10, 100, 175, 1000] {
        let step = rms[t] - rms[t - 1];
        let formula = 1.0 / (1.0 - 0.99_f64.powi(t as i32)).sqrt();
        assert!(close(step, formula, 1e-7), "{t}");
    }
    // More than 10% too long up to step 174, then less.
    assert!(1.0 / (1.0 - 0.99_f64.powi(174)).sqrt() > 1.1);
    assert!(1.0 / (1.0 - 0.99_f64.powi(175)).sqrt() < 1.1);
}

/// Centred RMSprop's averages written out by hand, in the order descent
/// computes them: `(v − ḡ²)` after each of `steps` steps of gradient `g`.
fn centred_by_hand(alpha: f64, g: f64, steps: usize) -> Vec<f64> {
    let (mut v, mut mean) = (0.0_f64, 0.0_f64);
    (0..steps)
        .map(|_| {
            v = alpha * v + (1.0 - alpha) * g * g;
            mean = alpha * mean + (1.0 - alpha) * g;
            v - mean * mean
        })
        .collect()
}

#[test]
fn the_centred_difference_ends_as_rounding_residue() {
    let [steady, small] = &report().centred_long;
    for (run, g) in [(steady, 1.0), (small, CENTRED_NAN_GRADIENT)] {
        let by_hand = centred_by_hand(0.99, g, CENTRED_LONG);
        for (a, b) in run.differences.iter().zip(&by_hand) {
            assert!(a == b || (a.is_nan() && b.is_nan()));
        }
        // While αᵗ is well above the rounding, the difference is the exact
        // αᵗ(1 − αᵗ)g²; by the end the exact value is below 10⁻²¹ and the
        // computed one is rounding residue, a few ε times v = g² in size.
        for t in [100, 1000, 2000] {
            let a = 0.99_f64.powi(t);
            assert!(close(
                run.differences[t as usize - 1],
                a * (1.0 - a) * g * g,
                1e-4
            ));
        }
        let end = *run.differences.last().unwrap();
        let exact = 0.99_f64.powi(CENTRED_LONG as i32) * g * g;
        assert!(exact < 1e-21 * g * g);
        assert!(end.abs() < 64.0 * f64::EPSILON * g * g && end != 0.0);
    }
    // Gradient 1: a positive residue, every step g/(√residue + δ).
    let residue = *steady.differences.last().unwrap();
    assert!(residue > 0.0);
    let settled = steady.settled_from().unwrap();
    let step = 1.0 / (residue.sqrt() + 1e-8);
    for t in settled..=CENTRED_LONG {
        assert!(close(steady.lengths[t - 1], step, 1e-9));
    }
    assert!(steady.differences[settled - 2] != residue);
    assert!(step > 1e7 && residue.sqrt() > 1e-8, "δ hardly matters");
    // Gradient 0.1: negative from the quoted step on, and the walk is NaN.
    let first = small.first_negative().unwrap();
    assert!(small.differences[first - 2] >= 0.0 && small.differences[first - 1] < 0.0);
    assert!(small.lengths[first - 1].is_nan());
    assert!(small.lengths[first - 2].is_finite());
}

#[test]
fn adams_round_on_the_online_problem_is_the_fixed_point_of_its_average() {
    // With β₁ = 0 and β₂ = b, late in the run (1 − bᵗ = 1) v cycles through
    // v_C = b·v₂ + (1 − b)C², v₁ = b·v_C + (1 − b), v₂ = b·v₁ + (1 − b);
    // its fixed point is v_C = (1 − b)(C² + b + b²)/(1 − b³).
    let b = 1.0 / (1.0 + REDDI_C * REDDI_C);
    let v_c = (1.0 - b) * (REDDI_C * REDDI_C + b + b * b) / (1.0 - b * b * b);
    let v1 = b * v_c + (1.0 - b);
    let v2 = b * v1 + (1.0 - b);
    let expected = [REDDI_C / v_c.sqrt(), 1.0 / v1.sqrt(), 1.0 / v2.sqrt()];
    let round = report().reddi_round;
    for (got, want) in round.iter().zip(expected) {
        assert!(close(*got, want, 1e-6), "{got} {want}");
    }
    // Each step up is shorter than the step down; the two together longer.
    assert!(round[1] < round[0] && round[2] < round[0]);
    assert!(round[1] + round[2] > round[0]);
}

// ------------------------------------------------- AdamW against its paper

/// The paper's AdamW (Loshchilov and Hutter, Algorithm 2), written here from
/// its own formulas: a base rate, a decay strength and a schedule multiplier
/// `s` that multiplies both Adam's step and the decay,
/// `θ ← θ − s·(base·m̂/(√v̂ + δ) + strength·θ)`.
fn paper_adamw(
    theta: &mut [f64],
    gradients: &mut impl FnMut(&[f64]) -> Vec<f64>,
    base: f64,
    strength: f64,
    multipliers: &[f64],
) -> Vec<Vec<f64>> {
    let (beta1, beta2, delta) = (0.9, 0.999, 1e-8);
    let mut m = vec![0.0; theta.len()];
    let mut v = vec![0.0; theta.len()];
    let mut points = Vec::new();
    for (k, &s) in multipliers.iter().enumerate() {
        let t = (k + 1) as i32;
        let g = gradients(theta);
        for i in 0..theta.len() {
            m[i] = beta1 * m[i] + (1.0 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];
            let m_hat = m[i] / (1.0 - beta1.powi(t));
            let v_hat = v[i] / (1.0 - beta2.powi(t));
            theta[i] -= s * (base * m_hat / (v_hat.sqrt() + delta) + strength * theta[i]);
        }
        points.push(theta.to_vec());
    }
    points
}

#[test]
fn pytorchs_weight_decay_is_the_papers_strength_over_its_base_rate() {
    // A stretched bowl with its bottom away from zero, so that the decay
    // matters; a schedule that falls and rises again.
    let mut gradient = |x: &[f64]| vec![x[0] - 2.0, 30.0 * (x[1] + 1.0)];
    let multipliers: Vec<f64> = (0..60)
        .map(|k| 0.5 + 0.5 * (k as f64 * 0.3).cos())
        .collect();
    let (base, strength) = (0.05, 0.2);
    let start = [1.0, 1.0];
    let paper = paper_adamw(
        &mut start.to_vec(),
        &mut gradient,
        base,
        strength,
        &multipliers,
    );
    // PyTorch's rule with the scheduled rate η = base·s and μ = strength/base.
    let walk = |mu: f64| {
        let mut adamw = AdamW::new(base, mu);
        adamw.start(2);
        let mut x = start.to_vec();
        let mut points = Vec::new();
        for &s in &multipliers {
            adamw.adam.eta = base * s;
            let g = gradient(&x);
            adamw.step(&mut x, &g);
            points.push(x.clone());
        }
        points
    };
    let matched = walk(strength / base);
    for (p, q) in paper.iter().zip(&matched) {
        for i in 0..2 {
            assert!(close(q[i], p[i], 1e-12), "{q:?} against {p:?}");
        }
    }
    // With μ equal to the paper's strength itself, the walks part.
    let unmatched = walk(strength);
    let last = multipliers.len() - 1;
    assert!((unmatched[last][0] - paper[last][0]).abs() > 1e-2);
}

#[test]
fn a_dampened_buffer_and_adams_corrected_average_share_out_the_missing_weight_differently() {
    let beta = 0.9;
    // The weight each gives the first gradient after t steps: feed 1, then 0.
    let mut momentum = descent::Momentum {
        dampening: beta,
        ..descent::Momentum::heavy_ball(1.0, beta)
    };
    let mut adam = Adam {
        beta1: beta,
        ..Adam::new(1.0)
    };
    momentum.start(1);
    adam.start(1);
    let (mut x, mut y) = ([0.0], [0.0]);
    for t in 1..=30 {
        let g = [if t == 1 { 1.0 } else { 0.0 }];
        momentum.step(&mut x, &g);
        adam.step(&mut y, &g);
        let m_hat = adam.m[0] / (1.0 - beta.powi(t));
        assert!(close(momentum.m[0], beta.powi(t - 1), 1e-12));
        assert!(close(
            m_hat,
            (1.0 - beta) * beta.powi(t - 1) / (1.0 - beta.powi(t)),
            1e-12
        ));
        if t == 1 {
            assert_eq!((momentum.m[0], m_hat), (1.0, 1.0));
        }
    }
    // On a steady gradient both are that gradient at every step.
    momentum.start(1);
    adam.start(1);
    for t in 1..=30 {
        momentum.step(&mut x, &[2.5]);
        adam.step(&mut y, &[2.5]);
        assert!(close(momentum.m[0], 2.5, 1e-14));
        assert!(close(adam.m[0] / (1.0 - beta.powi(t)), 2.5, 1e-14));
    }
}
