//! The epilogue's numbers against independent computations, and against
//! what the chapters that measured them say; the kit's check covers its
//! quotes and its command line.
//!
//! Comparing a number with the function that computed it would prove
//! nothing, so every quote is checked here as its own chapter's tests check
//! it, by a route that does not go through that chapter's code: a closed
//! form, a replay by hand, a model of floating-point rounding written in
//! integers, an exact integration of a random walk's density, another
//! way of fitting the same polynomial, or a step count read off a closed
//! form.

use std::sync::OnceLock;

use approx::assert_relative_eq;
use chapter11::{
    COUNT_RATES, Chapter11, EPILOGUE_ONLY, NOISE_LEVELS, Report, animal, source_chapter,
};
use harness::format::{decimals, scientific};
use harness::quote::markers;

fn report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(Report::gather)
}

/// The text of the epilogue's quote `name`.
fn quote(name: &str) -> String {
    report()
        .quotes()
        .into_iter()
        .find(|q| q.name == name)
        .unwrap_or_else(|| panic!("no quote {name}"))
        .text
}

fn book_page(name: &str) -> String {
    let path = harness::paths::book_page(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The pages that quote chapter `n`'s run: its own, and those it owns.
fn pages_of(n: u32) -> Vec<String> {
    use harness::Chapter;
    let chapter: &dyn Chapter = match n {
        2 => &chapter2::Chapter2,
        4 => &chapter4::Chapter4,
        5 => &chapter5::Chapter5,
        6 => &chapter6::Chapter6,
        7 => &chapter7::Chapter7,
        8 => &chapter8::Chapter8,
        10 => &chapter10::Chapter10,
        _ => panic!("the epilogue quotes no number of chapter {n}"),
    };
    let mut pages = vec![format!("chapter{n}.md")];
    pages.extend(chapter.quoting_pages().iter().map(|p| p.to_string()));
    pages
}

#[test]
fn the_chapter_passes_the_kits_check() {
    harness::check(&Chapter11);
}

#[test]
fn every_number_is_the_one_its_own_chapter_prints_and_quotes() {
    // Each chapter's own check holds its page to its run; so the epilogue
    // agrees with the chapter's run when it agrees with the chapter's page.
    // The few numbers the epilogue computes with a chapter's code that the
    // chapter does not quote are checked by the tests below alone.
    for q in report().quotes() {
        let n = source_chapter(q.name);
        if EPILOGUE_ONLY.contains(&q.name) {
            continue;
        }
        let page: String = pages_of(n).iter().map(|p| book_page(p)).collect();
        let found: Vec<String> = markers(&page)
            .unwrap()
            .into_iter()
            .filter(|m| m.name == q.name)
            .map(|m| m.text)
            .collect();
        assert!(
            !found.is_empty(),
            "chapter {n} quotes no number called {}",
            q.name
        );
        for text in found {
            assert_eq!(
                text, q.text,
                "`{}`: chapter {n} says {text}, the epilogue {}",
                q.name, q.text
            );
        }
    }
}

#[test]
fn the_epilogue_only_numbers_are_its_own() {
    // Each is a quote of the run, with a source chapter, that its source
    // chapter's pages do not quote (else it belongs in the test above).
    let quotes = report().quotes();
    for name in EPILOGUE_ONLY {
        assert!(quotes.iter().any(|q| q.name == name), "no quote {name}");
        let n = source_chapter(name);
        let page: String = pages_of(n).iter().map(|p| book_page(p)).collect();
        assert!(
            markers(&page).unwrap().iter().all(|m| m.name != name),
            "chapter {n} quotes {name}: take it off EPILOGUE_ONLY"
        );
    }
}

#[test]
fn the_book_run_takes_no_options_and_draws_nothing() {
    let output = harness::run_cli(&Chapter11, Vec::<String>::new()).unwrap();
    assert!(output.figures.is_empty());
    assert!(!output.text.contains("Wrote"), "{}", output.text);
    let error = harness::run_cli(&Chapter11, ["--lr", "0.1"]).unwrap_err();
    assert!(error.0.contains("--lr"), "{}", error.0);
}

// ------------------------------------------------- many small corrections

/// The logistic function as its definition reads.
fn logistic(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// An animal's features with the constant 1: `φ = (x, 1)`.
fn phi(x: &[f64; 7]) -> [f64; 8] {
    let mut phi = [1.0; 8];
    phi[..7].copy_from_slice(x);
    phi
}

/// Xiao Ming's story replayed by hand at rate `eta`: five steps
/// `θ ← θ − η·(p − y)·φ` with `φ = (x, 1)`, and every animal's probability
/// after each step.
fn story_steps_by_hand(eta: f64) -> Vec<Vec<f64>> {
    use chapter10::story::ANIMALS;
    let z = |theta: &[f64; 8], x: &[f64; 7]| -> f64 {
        theta.iter().zip(phi(x)).map(|(t, f)| t * f).sum()
    };
    let mut theta = [0.0; 8];
    let mut steps = Vec::new();
    for a in &ANIMALS {
        let p = logistic(z(&theta, &a.x));
        for (t, f) in theta.iter_mut().zip(phi(&a.x)) {
            *t -= eta * (p - a.y) * f;
        }
        steps.push(ANIMALS.iter().map(|a| logistic(z(&theta, &a.x))).collect());
    }
    steps
}

/// Every animal's probability at the end of the story told by hand.
fn story_by_hand(eta: f64) -> Vec<f64> {
    story_steps_by_hand(eta).pop().unwrap()
}

/// The mean cross-entropy of the five animals at the end of the story told
/// by hand, `−ln p` for a cat and `−ln(1 − p)` for the others.
fn mean_loss_by_hand(eta: f64) -> f64 {
    use chapter10::story::ANIMALS;
    let p = story_by_hand(eta);
    let losses: Vec<f64> = ANIMALS
        .iter()
        .zip(&p)
        .map(|(a, p)| if a.y == 1.0 { -p.ln() } else { -(1.0 - p).ln() })
        .collect();
    losses.iter().sum::<f64>() / losses.len() as f64
}

#[test]
fn the_story_ends_where_a_replay_by_hand_ends() {
    let calm = story_by_hand(0.5);
    let hasty = story_by_hand(2.0);
    assert_eq!(quote("after-cat"), decimals(calm[animal("black cat")], 3));
    assert_eq!(quote("after-lion"), decimals(calm[animal("lion")], 3));
    assert_eq!(quote("after-house"), decimals(calm[animal("house cat")], 3));
    assert_eq!(
        quote("hasty-cat-end"),
        decimals(hasty[animal("black cat")], 3)
    );
    // What the prose says of them: the calm learner keeps the first cat a
    // cat, the hasty one does not; nobody is certain.
    assert!(calm[animal("black cat")] > 0.5 && hasty[animal("black cat")] < 0.5);
    for p in calm.iter().chain(&hasty) {
        assert!(*p > 0.0 && *p < 1.0);
    }
    // The lion and the house cat end within a percent of each other.
    assert!((calm[animal("lion")] - calm[animal("house cat")]).abs() < 0.01);
}

#[test]
fn the_hasty_black_cat_falls_at_the_toy_and_the_lion_not_at_the_dog() {
    // After each correction at η = 2, replayed by hand.
    let steps = story_steps_by_hand(2.0);
    let cat = |after: &str| steps[animal(after)][animal("black cat")];
    assert_eq!(quote("hasty-cat-after-dog"), decimals(cat("dog"), 3));
    assert_eq!(quote("hasty-cat-after-toy"), decimals(cat("toy"), 3));
    assert_eq!(quote("hasty-cat-after-lion"), decimals(cat("lion"), 3));
    // What the prose says of them: its own correction makes the black cat
    // all but certain, the dog's moves it by about a percent, the toy's and
    // the lion's each take away more than half of what was left, and the
    // house cat's gives little back.
    assert!(cat("black cat") > 0.999);
    assert!(cat("black cat") - cat("dog") < 0.02);
    assert!(cat("toy") < 0.5 * cat("dog") && cat("lion") < 0.5 * cat("toy"));
    assert!(cat("house cat") > cat("lion") && cat("house cat") < 0.2);
    // The harm is in the mean loss of the five: more than twice the calm
    // learner's.
    let (calm, hasty) = (mean_loss_by_hand(0.5), mean_loss_by_hand(2.0));
    assert_eq!(quote("calm-mean-loss"), decimals(calm, 3));
    assert_eq!(quote("hasty-mean-loss"), decimals(hasty, 3));
    assert!(hasty > 2.0 * calm);
}

/// The largest eigenvalue of a symmetric matrix with no negative eigenvalue,
/// by power iteration from the vector of ones.
fn largest_eigenvalue(m: &[Vec<f64>]) -> f64 {
    let mut v = vec![1.0; m.len()];
    let mut lambda = 0.0;
    for _ in 0..10_000 {
        let w: Vec<f64> = m
            .iter()
            .map(|row| row.iter().zip(&v).map(|(a, b)| a * b).sum())
            .collect();
        let norm = w.iter().map(|x| x * x).sum::<f64>().sqrt();
        let next = norm / v.iter().map(|x| x * x).sum::<f64>().sqrt();
        v = w.iter().map(|x| x / norm).collect();
        if (next - lambda).abs() < 1e-15 * next {
            return next;
        }
        lambda = next;
    }
    lambda
}

#[test]
fn the_story_rates_are_the_curvature_ceilings() {
    use chapter10::story::ANIMALS;
    // One animal: its loss's Hessian is p(1 − p)·φφᵀ, at most ‖φ‖²/4 along
    // φ, and every φ has eight entries ±1, so ‖φ‖² = 8 and a = 2: chapter
    // 2's 2/a is 1.
    for a in &ANIMALS {
        assert_eq!(phi(&a.x).iter().map(|f| f * f).sum::<f64>(), 8.0);
    }
    assert_eq!(quote("animal-curvature"), "2");
    assert_eq!(quote("animal-rate"), "1");
    // All five: the largest eigenvalue of XᵀX/n is that of the 5 × 5 matrix
    // of dot products φᵢᵀφⱼ/n (the same nonzero eigenvalues), and (10.6)'s
    // rate is 8 over it.
    let n = ANIMALS.len() as f64;
    let gram: Vec<Vec<f64>> = ANIMALS
        .iter()
        .map(|a| {
            ANIMALS
                .iter()
                .map(|b| {
                    phi(&a.x)
                        .iter()
                        .zip(phi(&b.x))
                        .map(|(u, v)| u * v)
                        .sum::<f64>()
                        / n
                })
                .collect()
        })
        .collect();
    let rate = 8.0 / largest_eigenvalue(&gram);
    assert_eq!(quote("story-safe-rate"), decimals(rate, 2));
    // The two rates of the story sit as the prose says: Xiao Ming's below
    // one animal's 2/a, the hasty one above it but below the five's.
    use chapter10::story::{HASTY_ETA, STORY_ETA};
    let one_animal = 2.0 / (8.0 / 4.0);
    assert!(STORY_ETA < one_animal && one_animal < HASTY_ETA && HASTY_ETA < rate);
}

#[test]
fn a_double_rounds_the_probability_to_one_from_a_logit_of_37() {
    // 1/(1 + e^(−z)) is exactly 1 when 1 + e^(−z) rounds to 1, that is when
    // e^(−z) ≤ 2^(−53) (half a spacing above 1; a tie goes to the even 1):
    // z ≥ 53·ln 2 = 36.7.
    let threshold = 53.0 * 2f64.ln();
    let first = threshold.ceil();
    assert_eq!(quote("certain-logit"), format!("{first}"));
    assert_eq!(logistic(first), 1.0);
    assert!(logistic(first - 1.0) < 1.0);
    // The figure chapter 10 and the epilogue use, z = 40, is past it.
    assert!(40.0 > threshold);
}

#[test]
fn ninety_percent_is_a_logit_of_ln_9() {
    assert_relative_eq!(logistic(9f64.ln()), 0.9, max_relative = 1e-15);
    assert_eq!(quote("ninety-logit"), "2.197");
    assert!((9f64.ln() - 2.197).abs() < 5e-4);
}

#[test]
fn step_counts_are_the_contraction_factors_prediction() {
    // On x²/2 from x₀ = 2 the slope after t steps is 2·|1 − η|ᵗ; the count
    // is the first t with that at most 10⁻⁶, found here one step at a time.
    let count = |eta: f64| {
        let rho = (1.0f64 - eta).abs();
        let mut t = 0;
        while 2.0 * rho.powi(t) > 1e-6 {
            t += 1;
        }
        t
    };
    assert_eq!(COUNT_RATES, [0.01, 0.5, 1.0]);
    assert_eq!(quote("steps-eta-0.01"), format!("{} steps", count(0.01)));
    assert_eq!(quote("steps-eta-0.5"), format!("{} steps", count(0.5)));
    // η = 1/a: the factor is 0, and one step lands on the bottom.
    assert_eq!(count(1.0), 1);
    assert_eq!(quote("steps-eta-1"), "1 step");
    assert_eq!(
        chapter2::walk(
            &chapter2::BOWL,
            chapter2::START,
            1.0,
            &descent::StoppingRules::budget(1)
        )
        .final_loss(),
        0.0
    );
}

// --------------------------------- the bottom is approached, not reached

// The walk toward c = 1 near its bottom, written in integers: independent of
// the f64 loop, it rounds as IEEE 754 does. It is chapter 2's own model of the
// floor, included from chapter 2's tests rather than written again.
#[path = "../../chapter2/tests/rounding/mod.rs"]
mod rounding;
use rounding::model_step_near_one;

#[test]
fn the_floor_is_where_integer_rounding_freezes_the_walk() {
    let walk = &report().floor_walk;
    let xs = walk.first_coordinates();
    let half_epsilon = f64::EPSILON / 2.0;
    // From the first step within 2¹⁰·ε of 1 the model reproduces every step.
    let entry = xs
        .iter()
        .position(|x| (x - 1.0).abs() <= 1024.0 * f64::EPSILON)
        .expect("the walk gets close to 1");
    let mut q = ((xs[entry] - 1.0) / half_epsilon) as i128;
    let mut frozen_at = entry;
    while model_step_near_one(q, 0.1) != q {
        q = model_step_near_one(q, 0.1);
        frozen_at += 1;
    }
    // It freezes 8 half-epsilons, 4ε, above the bottom.
    assert_eq!(q, 8);
    assert_eq!(quote("floor-step"), format!("step {frozen_at}"));
    assert_eq!(quote("floor-units"), "4ε");
    // The loss there is ½·(4ε)² = 8ε², for ever.
    assert_eq!(walk.final_loss(), 8.0 * f64::EPSILON * f64::EPSILON);
    assert_eq!(
        quote("floor-loss"),
        scientific(8.0 * f64::EPSILON * f64::EPSILON, 1)
    );
    assert_eq!(report().floor(), (frozen_at, 4.0 * f64::EPSILON));
}

#[test]
fn rounding_lands_the_walk_exactly_where_the_integer_model_does() {
    // Every rate of the grid 0.05, 0.10, …, 1.95, from the walk's first
    // point within 2¹⁰·ε of 1, followed by the integer model until it
    // repeats: it has landed if it repeats at 0.
    let mut landed = Vec::new();
    for k in 1..=39 {
        let eta = k as f64 / 20.0;
        let walk = chapter2::walk(
            &chapter2::SHIFTED,
            chapter2::SHIFTED_START,
            eta,
            &descent::StoppingRules::budget(chapter2::SETTLE_BUDGET),
        );
        let xs = walk.first_coordinates();
        let entry = xs
            .iter()
            .position(|x| (x - 1.0).abs() <= 1024.0 * f64::EPSILON)
            .expect("close to 1");
        let mut seen = vec![((xs[entry] - 1.0) / (f64::EPSILON / 2.0)) as i128];
        loop {
            let next = model_step_near_one(*seen.last().unwrap(), eta);
            if seen.contains(&next) {
                if next == 0 && model_step_near_one(0, eta) == 0 {
                    landed.push(eta);
                }
                break;
            }
            seen.push(next);
        }
    }
    let (low, high) = (landed[0], landed[landed.len() - 1]);
    // The landing rates form one unbroken run of the grid.
    assert_eq!(landed.len(), ((high - low) * 20.0).round() as usize + 1);
    assert_eq!(report().exact_landings(), (low, high));
    assert_eq!(
        quote("exact-landing-range"),
        format!("{low:.2} to {high:.2}")
    );
}

#[test]
fn the_noise_floor_and_the_decaying_rate_are_the_closed_forms() {
    // On the bowl of curvature a = 1 with gradient noise of variance 1, from
    // x₀ = 10: the floor ησ²/(a(2 − ηa)) = 0.2/1.8 = 1/9.
    let (a, sigma2, x0, steps): (f64, f64, f64, usize) = (1.0, 1.0, 10.0, 10_000);
    let floor = 0.2 * sigma2 / (a * (2.0 - 0.2 * a));
    assert!((floor - 1.0 / 9.0).abs() < 1e-15);
    assert_eq!(quote("floor-0.2"), decimals(1.0 / 9.0, 4));
    // The constant rate after T steps: F + (1 − ηa)^(2T)·(x₀² − F), which is F.
    let constant = floor + 0.8f64.powi(2 * steps as i32) * (x0 * x0 - floor);
    assert_eq!(quote("end-constant"), decimals(constant, 4));
    // The decaying rate ηₜ = 0.2/(1 + t/50), unrolled: the start shrunk by
    // every factor, plus each step's noise ηₜ²σ² shrunk by the factors after
    // it, summed from the last step backwards.
    let rate = |t: usize| 0.2 / (1.0 + t as f64 / 50.0);
    let mut after = 1.0; // Π over s > t of (1 − a·ηₛ)²
    let mut noise = 0.0;
    for t in (0..steps).rev() {
        noise += rate(t) * rate(t) * sigma2 * after;
        after *= (1.0 - a * rate(t)).powi(2);
    }
    let decaying = x0 * x0 * after + noise;
    assert_relative_eq!(report().schedule_ends[1], decaying, max_relative = 1e-10);
    assert_eq!(quote("end-inverse"), scientific(decaying, 1));
    // Never reached: the last step's noise alone keeps E[x²] above zero.
    assert!(decaying >= rate(steps - 1).powi(2) * sigma2);
}

// ------------------------------- randomness escapes, at a price

/// Chapter 7's double well, written out: `f(θ) = θ⁴/4 − θ³/3 − θ²`.
fn well(theta: f64) -> f64 {
    theta.powi(4) / 4.0 - theta.powi(3) / 3.0 - theta * theta
}

/// Its slope `θ(θ + 1)(θ − 2)`.
fn well_slope(theta: f64) -> f64 {
    theta * (theta + 1.0) * (theta - 2.0)
}

/// The density of noisy descent from θ₀ = −1 after `steps` steps of
/// `θ′ ~ N(θ − η·f′(θ), (η·σ_g)²)`, pushed through the steps on a grid of
/// cells of width `ησ_g/10` over `(low, high]` (mass that lands outside is
/// dropped: with `high = 0`, the mass that got past the hilltop). Chapter
/// 7's tests integrate the same way.
fn density(low: f64, high: f64, sigma: f64, steps: usize) -> (Vec<f64>, Vec<f64>) {
    let eta = 0.1;
    let n = ((high - low) / (eta * sigma / 10.0)).ceil() as usize;
    let h = (high - low) / n as f64;
    let x: Vec<f64> = (0..n).map(|i| low + (i as f64 + 0.5) * h).collect();
    let sd = eta * sigma;
    let gauss = |z: f64| (-0.5 * z * z).exp() / (sd * (2.0 * std::f64::consts::PI).sqrt());
    let kernel: Vec<(usize, Vec<f64>)> = x
        .iter()
        .map(|&xj| {
            let mean = xj - eta * well_slope(xj);
            let first = (((mean - 9.0 * sd - low) / h).floor().max(0.0) as usize).min(n);
            let last = (((mean + 9.0 * sd - low) / h).ceil().max(0.0) as usize).min(n);
            let weights = (first..last)
                .map(|i| gauss((x[i] - mean) / sd) * h)
                .collect();
            (first, weights)
        })
        .collect();
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

#[test]
fn the_escapes_agree_with_the_exact_integration() {
    assert_eq!(quote("noise-runs"), "300");
    for sigma in [1.0, 2.0] {
        let walks = report().noise_level(sigma);
        let (_, p) = density(-5.0, 0.0, sigma, 200);
        let exact = 1.0 - p.iter().sum::<f64>();
        let se = (exact * (1.0 - exact) / walks.runs as f64).sqrt();
        // The integration is good to about 10⁻⁴: a floor where se vanishes.
        assert!(
            (walks.probability() - exact).abs() <= 4.0 * se + 5e-4,
            "σ_g = {sigma}: {} against {exact} (se {se})",
            walks.probability()
        );
    }
    assert_eq!(quote("escape-low"), "0.0%");
    assert_eq!(
        quote("escape-mid"),
        format!(
            "{}%",
            decimals(100.0 * report().noise_level(2.0).probability(), 1)
        )
    );
}

#[test]
fn the_final_losses_agree_with_the_exact_integration_and_the_middle_is_best() {
    for sigma in NOISE_LEVELS {
        if sigma == 2.0 {
            continue;
        }
        let walks = report().noise_level(sigma);
        let (x, p) = density(-5.0, 6.0, sigma, 200);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-6);
        let exact: f64 = x
            .iter()
            .zip(&p)
            .map(|(&xi, &pi)| pi * (well(xi) - well(2.0)))
            .sum();
        assert!(
            (walks.excess - exact).abs() <= 4.0 * walks.excess_error,
            "σ_g = {sigma}: {} ± {} against {exact}",
            walks.excess,
            walks.excess_error
        );
    }
    // The middle level ends lowest, beyond the error bars of both ends.
    let best = report().best_noise();
    assert_eq!(best.sigma, 3.0);
    for end in [1.0, 5.0] {
        let end = report().noise_level(end);
        assert!(end.excess - best.excess > 4.0 * (end.excess_error + best.excess_error));
    }
    assert_eq!(quote("best-noise"), "3");
}

// ------------------------------- a model is useful for what it leaves out

#[test]
fn the_misspecified_line_is_chapter_3s_closed_form() {
    let data = &report().misspecified.data;
    let line = descent::line::least_squares(data).unwrap();
    let residuals: Vec<f64> = data
        .samples
        .iter()
        .map(|s| line.w * s.x + line.b - s.y)
        .collect();
    let ms = residuals.iter().map(|r| r * r).sum::<f64>() / residuals.len() as f64;
    assert_eq!(quote("misspec-ms"), harness::format::significant(ms, 3));
    let changes = residuals
        .windows(2)
        .filter(|w| w[0].signum() != w[1].signum())
        .count();
    assert_eq!(quote("misspec-changes"), changes.to_string());
    // The points lie on the curve (1 + 2x)/(1 + 4x²): no noise at all.
    for s in &data.samples {
        assert_eq!(s.y, (1.0 + 2.0 * s.x) / (1.0 + 4.0 * s.x * s.x));
    }
}

#[test]
fn the_test_errors_of_every_degree_agree_with_another_fit() {
    use descent::linalg::{Matrix, least_squares};
    use descent::model::Polynomial;
    let draw = chapter6::basis::book_draw();
    let xs: Vec<f64> = draw.train.samples.iter().map(|s| s.x).collect();
    let ys: Vec<f64> = draw.train.samples.iter().map(|s| s.y).collect();
    let n = xs.len();
    let test_error = |predict: &dyn Fn(f64) -> f64| {
        draw.test
            .samples
            .iter()
            .map(|s| (predict(s.x) - s.y).powi(2))
            .sum::<f64>()
            / draw.test.len() as f64
    };
    // Degrees 0 to n − 2 in the plain powers of x, not in chapter 6's
    // Legendre basis; degree n − 1 by Lagrange's interpolating polynomial.
    let mut errors = Vec::new();
    for k in 0..n - 1 {
        let model = Polynomial { degree: k };
        let rows: Vec<Vec<f64>> = xs.iter().map(|&x| model.powers(x)).collect();
        let c = least_squares(&Matrix::from_rows(&rows), &ys).unwrap();
        errors.push(test_error(&|x| {
            model.powers(x).iter().zip(&c).map(|(p, c)| p * c).sum()
        }));
    }
    errors.push(test_error(&|x| {
        let mut sum = 0.0;
        for i in 0..n {
            let mut basis = 1.0;
            for l in 0..n {
                if l != i {
                    basis *= (x - xs[l]) / (xs[i] - xs[l]);
                }
            }
            sum += ys[i] * basis;
        }
        sum
    }));
    for (fit, error) in report().fits.iter().zip(&errors) {
        assert_relative_eq!(fit.test, *error, max_relative = 1e-6);
    }
    let best = (0..n)
        .min_by(|&a, &b| errors[a].total_cmp(&errors[b]))
        .unwrap();
    assert_eq!(quote("best-degree"), best.to_string());
    assert_eq!(quote("best-test"), decimals(errors[best], 4));
    assert_eq!(quote("test-11"), decimals(errors[n - 1], 3));
    // Degree 11 passes through every point: its training error is rounding.
    assert!(report().fits[n - 1].train < 1e-25);
}

/// `a·u = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for k in 0..n {
        let pivot = (k..n)
            .max_by(|&i, &j| a[i][k].abs().total_cmp(&a[j][k].abs()))
            .unwrap();
        a.swap(k, pivot);
        b.swap(k, pivot);
        let (upper, lower) = a.split_at_mut(k + 1);
        let pivot_row = &upper[k];
        for (i, row) in lower.iter_mut().enumerate() {
            let factor = row[k] / pivot_row[k];
            for (entry, p) in row[k..].iter_mut().zip(&pivot_row[k..]) {
                *entry -= factor * p;
            }
            b[k + 1 + i] -= factor * b[k];
        }
    }
    let mut u = vec![0.0; n];
    for k in (0..n).rev() {
        let tail: f64 = (k + 1..n).map(|j| a[k][j] * u[j]).sum();
        u[k] = (b[k] - tail) / a[k][k];
    }
    u
}

/// The expected test error, noise included, of a fit that predicts
/// `ŷ(x) = a(x)ᵀY` from the twelve noisy targets `Y = 𝒮 + ψ`: over the noise
/// the mean prediction is `a(x)ᵀ𝒮` and its variance `σ²‖a(x)‖²`, and over
/// `x` uniform on `[−1, 1]` both are averaged by the midpoint rule on 200
/// cells, as chapter 6 averages them.
fn expected_test_error(weights: &dyn Fn(f64) -> Vec<f64>) -> f64 {
    use chapter6::basis::{NOISE, inputs, signal};
    let s: Vec<f64> = inputs(12).iter().map(|&x| signal(x)).collect();
    let cells = 200;
    let mut total = 0.0;
    for c in 0..cells {
        let x = -1.0 + (2.0 * c as f64 + 1.0) / cells as f64;
        let a = weights(x);
        let mean: f64 = a.iter().zip(&s).map(|(a, s)| a * s).sum();
        let spread: f64 = a.iter().map(|a| a * a).sum();
        total += (mean - signal(x)).powi(2) + NOISE * NOISE * spread;
    }
    total / cells as f64 + NOISE * NOISE
}

#[test]
fn the_double_descent_ends_agree_with_fits_written_another_way() {
    use chapter6::basis::inputs;
    let xs = inputs(12);
    let n = xs.len();
    // With d ≤ n features the smallest-norm fit is the least-squares fit, and
    // least squares fits the same curve in any basis of the same polynomials:
    // here the powers 1, x, …, x^(d−1). Its weights are
    // a(x) = P (PᵀP)⁻¹ p(x), with p(x) the powers at x and P their rows at
    // the twelve inputs. At d = n the fit interpolates, and a(x) holds
    // Lagrange's basis polynomials.
    let powers = |x: f64, d: usize| (0..d).map(|j| x.powi(j as i32)).collect::<Vec<f64>>();
    let least_squares = |d: usize| {
        let rows: Vec<Vec<f64>> = xs.iter().map(|&x| powers(x, d)).collect();
        let normal: Vec<Vec<f64>> = (0..d)
            .map(|j| {
                (0..d)
                    .map(|l| rows.iter().map(|r| r[j] * r[l]).sum())
                    .collect()
            })
            .collect();
        expected_test_error(&|x| {
            let u = solve(normal.clone(), powers(x, d));
            rows.iter()
                .map(|r| r.iter().zip(&u).map(|(a, b)| a * b).sum())
                .collect()
        })
    };
    let mut classical: Vec<f64> = (1..n).map(least_squares).collect();
    classical.push(expected_test_error(&|x| {
        (0..n)
            .map(|i| {
                (0..n)
                    .filter(|&l| l != i)
                    .map(|l| (x - xs[l]) / (xs[i] - xs[l]))
                    .product()
            })
            .collect()
    }));
    let best = (0..n)
        .min_by(|&a, &b| classical[a].total_cmp(&classical[b]))
        .unwrap();
    let (fit_classical, fit_last) = report().double_descent_ends();
    assert_relative_eq!(
        fit_classical.test(0.2),
        classical[best],
        max_relative = 1e-9
    );
    assert_eq!(quote("dd-classical-d"), (best + 1).to_string());
    assert_eq!(quote("dd-classical"), decimals(classical[best], 4));
    // With d = 40 > n tapered Legendre features √(2j + 1)·Pⱼ(x)/(j + 1), Pⱼ
    // from Bonnet's recursion, the smallest-norm interpolant predicts
    // ŷ(x) = k(x)ᵀK⁻¹Y, with K the 12 × 12 matrix of dot products of the
    // inputs' features and k(x) the dot products with the features at x: its
    // weights solve K a(x) = k(x).
    let d = 40;
    let features = |x: f64| {
        let mut p = vec![1.0, x];
        for j in 1..d - 1 {
            let j_ = j as f64;
            p.push(((2.0 * j_ + 1.0) * x * p[j] - j_ * p[j - 1]) / (j_ + 1.0));
        }
        p.iter()
            .enumerate()
            .map(|(j, p)| (2.0 * j as f64 + 1.0).sqrt() * p / (j as f64 + 1.0))
            .collect::<Vec<f64>>()
    };
    let dot = |u: &[f64], v: &[f64]| u.iter().zip(v).map(|(a, b)| a * b).sum::<f64>();
    let rows: Vec<Vec<f64>> = xs.iter().map(|&x| features(x)).collect();
    let kernel: Vec<Vec<f64>> = rows
        .iter()
        .map(|r| rows.iter().map(|q| dot(r, q)).collect())
        .collect();
    let last = expected_test_error(&|x| {
        let f = features(x);
        solve(kernel.clone(), rows.iter().map(|r| dot(r, &f)).collect())
    });
    assert_eq!(fit_last.features, d);
    assert_relative_eq!(fit_last.test(0.2), last, max_relative = 1e-9);
    assert_eq!(quote("dd-last-d"), d.to_string());
    assert_eq!(quote("dd-last"), decimals(last, 4));
    // What the prose says: the second descent does not come back down to the
    // classical best.
    assert!(last > classical[best]);
}

// ------------------------------- the shape of the landscape sets the pace

#[test]
fn chapter_4s_step_counts_are_the_condition_numbers_prediction() {
    // The ten inputs 1, …, 10, and their Hessian (mean x², mean x; mean x, 1)
    // by hand: its trace and determinant give the two curvatures.
    let xs: Vec<f64> = (1..=10).map(f64::from).collect();
    let ten = chapter4::data(chapter4::X_RANGE.0, chapter4::X_RANGE.1, chapter4::SEED);
    let measured: Vec<f64> = ten.samples.iter().map(|s| s.x).collect();
    assert_eq!(measured, xs);
    let mean = xs.iter().sum::<f64>() / 10.0;
    let mean_square = xs.iter().map(|x| x * x).sum::<f64>() / 10.0;
    let (trace, det) = (mean_square + 1.0, mean_square - mean * mean);
    let largest = trace / 2.0 + (trace * trace / 4.0 - det).sqrt();
    let kappa = largest / (det / largest);
    assert_eq!(quote("raw-kappa"), decimals(kappa, 1));
    // At the best fixed rate both directions shrink by ρ* = (κ − 1)/(κ + 1)
    // per step, so the excess loss by ρ*²: a millionfold after the first t
    // with ρ*²ᵗ ≤ 10⁻⁶, found one step at a time.
    let rho = (kappa - 1.0) / (kappa + 1.0);
    let mut t = 0;
    while rho.powi(2 * t) > 1e-6 {
        t += 1;
    }
    assert_eq!(quote("raw-steps"), t.to_string());
    // About ln(10⁶)/4 · κ, in proportion to κ, as the lesson says.
    assert!((f64::from(t) / (1e6f64.ln() / 4.0 * kappa) - 1.0).abs() < 0.01);
    // Standardised, H = I: κ = 1, ρ* = 0, and the first step lands.
    assert_eq!(quote("standardised-steps"), "1");
}

#[test]
fn chapter_8s_step_counts_are_the_closed_forms() {
    // The bowl (θ₁² + 100 θ₂²)/2 from (1, 1), counted until the distance
    // has shrunk by 10⁻⁶ for good.
    let shrunk = |parts: &dyn Fn(i32) -> (f64, f64)| {
        let mut last = 0;
        for t in 0..5000 {
            let (a, b) = parts(t);
            if (a * a + b * b).sqrt() > 1e-6 * 2f64.sqrt() {
                last = t + 1;
            }
        }
        last
    };
    // Gradient descent at 2/(1 + 100): both coordinates shrink by 99/101.
    let rho: f64 = 99.0 / 101.0;
    let gd = shrunk(&|t| (rho.powi(t), rho.powi(t)));
    assert_eq!(quote("gd-steps"), gd.to_string());
    // The heavy ball at (η*, β*) = ((2/11)², (9/11)²): double roots 9/11 and
    // −9/11, so (1 + (1 − ρ)t)ρᵗ along the flat axis and
    // (1 + (1 + ρ)t)(−ρ)ᵗ along the steep one, with ρ = 9/11.
    let rho: f64 = 9.0 / 11.0;
    let heavy = shrunk(&|t| {
        let t_ = f64::from(t);
        (
            (1.0 + (1.0 - rho) * t_) * rho.powi(t),
            (1.0 + (1.0 + rho) * t_) * (-rho).powi(t),
        )
    });
    assert_eq!(quote("hb-steps"), heavy.to_string());
    // Momentum turns κ into √κ: far fewer steps, though not the full tenfold
    // of the long run (the lesson says "far fewer", not how many).
    assert!(gd > 5 * heavy && gd < 10 * heavy);
}
