//! Chapter 6: noise and overfitting.
//!
//! The experiments behind the chapter, each a function the example, the
//! tests and the book share:
//!
//! 1. three sources of noise: measurement, misspecification, decay;
//! 2. polynomials of degree 0 to `n − 1` fitted exactly to twelve noisy
//!    points, in the Legendre basis, and the conditioning that asks for it;
//! 3. the test error over many data sets, taken apart into bias², variance
//!    and noise;
//! 4. ridge: the path over `μ`, the validation's choice, weight decay;
//! 5. early stopping, its filters against ridge's;
//! 6. more features than points: the smallest-norm interpolant and double
//!    descent;
//! 7. determinism: the same seed, the same bits.
//!
//! [`Report::compute`] runs them all; [`figures::book`] draws the figures.

pub mod basis;
pub mod degree;
pub mod early;
pub mod exercise_checks;
pub mod exercises;
pub mod figures;
pub mod interpolation;
pub mod readers;
pub mod ridge;
pub mod seeds;
/// The reference solutions to the exercises (absent from a student copy).
#[cfg(has_solutions)]
#[path = "../solutions/exercises.rs"]
pub mod solutions;
pub mod sources;

use std::fmt;

use harness::cli::{Args, CliError};
use harness::exercise::Exercise;
use harness::format::{decimals, scientific, significant};
use harness::quote::{Quote, text_of};
use harness::table::Table;
use harness::{Chapter, Run, Trace};

pub use basis::{Draw, Legendre, NOISE, POINTS, SEED, book_draw, signal};
pub use degree::{BiasVariance, Conditioning, DegreeFit, SETS};
pub use early::{EarlyStopping, PATIENCE, WALK_STEPS};
pub use interpolation::{Interpolation, SweepPoint};
pub use readers::{Settings, options};
pub use ridge::RidgePath;
pub use sources::{Decay, Misspecified};

/// Every number the chapter's prose quotes, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The book's data set, with its validation and test points.
    pub draw: Draw,
    /// A line through noise-free points on the signal.
    pub misspecified: Misspecified,
    /// Radioactive decays, second by second.
    pub decay: Decay,
    /// The fits of degree 0 to `n − 1`.
    pub fits: Vec<DegreeFit>,
    /// The conditioning of three bases at degree `n − 1`.
    pub conditioning: Conditioning,
    /// The Monte Carlo over many data sets.
    pub bias_variance: BiasVariance,
    /// Ridge at degree `n − 1`.
    pub ridge: RidgePath,
    /// Weight decay against the penalty: the largest gap between the walks.
    pub decay_gap: f64,
    /// Early stopping at degree `n − 1`.
    pub early: EarlyStopping,
    /// The double-descent sweep.
    pub sweep: Vec<SweepPoint>,
    /// Gradient descent from zero with more features than points.
    pub interpolation: Interpolation,
    /// The same from a random start.
    pub interpolation_elsewhere: Interpolation,
    /// The fingerprint of every coefficient of the determinism check.
    pub fingerprint: u64,
}

/// The larger noise of question 3: `σ` doubled.
pub const NOISIER: f64 = 0.4;

/// The seed of the random start of the second interpolation walk.
pub const ELSEWHERE_SEED: u64 = 7;

impl Report {
    /// Run every experiment of the chapter.
    pub fn compute() -> Self {
        let draw = book_draw();
        let top = POINTS - 1;
        let fits = degree::sweep(&draw);
        let ridge = RidgePath::run(&draw, top);
        let eta = 1.0
            / descent::linalg::symmetric_eigen(&descent::linalg::gram(
                &Legendre::new(top).design(&draw.train),
            ))
            .max();
        let (penalised, decayed) = ridge::decay_and_penalty(&draw, top, eta);
        let start = random_start(interpolation::WALK_FEATURES, ELSEWHERE_SEED);
        let bias_variance = BiasVariance::run(POINTS, NOISE, SETS);
        Report {
            fingerprint: seeds::fingerprint(&bias_variance.coefficients),
            bias_variance,
            misspecified: Misspecified::fit(),
            decay: Decay::run(),
            fits,
            conditioning: Conditioning::of(top, &draw.train),
            ridge,
            decay_gap: ridge::largest_gap(&penalised, &decayed),
            early: EarlyStopping::run(&draw, top, WALK_STEPS, PATIENCE),
            sweep: interpolation::sweep(POINTS, NOISE, interpolation::MOST_FEATURES),
            interpolation: Interpolation::run(
                &draw.train,
                interpolation::WALK_FEATURES,
                &[0.0; interpolation::WALK_FEATURES],
                interpolation::WALK_STEPS,
            ),
            interpolation_elsewhere: Interpolation::run(
                &draw.train,
                interpolation::WALK_FEATURES,
                &start,
                interpolation::ELSEWHERE_STEPS,
            ),
            draw,
        }
    }

    /// The numbers the prose quotes, exactly as printed.
    pub fn quotes(&self) -> Vec<Quote> {
        let fit = |k: usize| &self.fits[k];
        let best = degree::best_degree(&self.fits);
        let bv = &self.bias_variance;
        let mc_best = bv.best_degree();
        let (mc_best_test, mc_best_se) = bv.rows[mc_best].test();
        let top = POINTS - 1;
        let (perfect, perfect_se) = degree::mean_and_error(&bv.perfect);
        let c = self.conditioning;
        let or_dash = |v: Option<f64>, f: &dyn Fn(f64) -> String| v.map_or("—".to_string(), f);
        let ridge = &self.ridge;
        let chosen = ridge.chosen();
        let peek = ridge.best_on_test();
        let e = &self.early;
        let second = e.eigen.values[e.eigen.values.len() - 2];
        let featured = basis::FeaturedDraw::new(&e.model(), &self.draw);
        let stop_theta = &e.walk.points[e.stop.best];
        let stop_ridge = e.matching_ridge(&self.draw, e.stop.best);
        let shown = early::SHOWN_STEPS;
        let last_shown = shown[shown.len() - 1];
        let peak = interpolation::peak(&self.sweep, NOISE);
        let classical = interpolation::classical_best(&self.sweep, POINTS, NOISE);
        let last = self.sweep[self.sweep.len() - 1];
        let i = &self.interpolation;
        let j = &self.interpolation_elsewhere;
        let start_distance = i.norms().1;
        let bias_min = bv.smallest_exact_bias();
        let parts = ridge::ValidationParts::of(
            &Legendre::new(ridge.degree),
            &chosen.theta,
            &self.draw.validation,
        );
        let gaps = ridge::ValidationGaps::of(
            &Legendre::new(ridge.degree),
            &ridge.unpenalised.theta,
            &self.draw,
        );
        let noisier = degree::expected_test_errors(POINTS, NOISIER, POINTS - 1);
        let as_book = degree::expected_test_errors(POINTS, NOISE, POINTS - 1);
        let expected_at = |k: usize| decimals(noisier[k].1, 4);
        let ridge_peak = interpolation::ridge_hump(&self.sweep, classical.features);
        let second_peak = self.sweep[POINTS];
        let curvature = |d: usize| interpolation::smallest_curvature(d, POINTS);
        vec![
            Quote::new(
                "misspec-ms",
                significant(self.misspecified.mean_square(), 3),
            ),
            Quote::new(
                "misspec-changes",
                self.misspecified.sign_changes().to_string(),
            ),
            Quote::new("decay-error", decimals(self.decay.perfect_model_error(), 1)),
            Quote::new("decay-expected", decimals(self.decay.expected_error(), 1)),
            Quote::new("decay-sd", decimals(self.decay.error_sd(), 1)),
            Quote::new("decay-runs", sources::CHECK_RUNS.to_string()),
            Quote::new("inverse-epsilon", scientific(1.0 / f64::EPSILON, 1)),
            Quote::new(
                "kappa-symmetric",
                or_dash(c.powers_symmetric, &|k| scientific(k, 1)),
            ),
            Quote::new(
                "kappa-legendre",
                or_dash(c.legendre, &|k| significant(k, 3)),
            ),
            Quote::new("digits-legendre", or_dash(c.legendre, &digits_kept)),
            Quote::new(
                "digits-symmetric",
                or_dash(c.powers_symmetric, &digits_kept),
            ),
            Quote::new(
                "powers-unit-train",
                or_dash(c.powers_unit_train, &|v| scientific(v, 1)),
            ),
            Quote::new("train-0", decimals(fit(0).train, 3)),
            Quote::new("test-0", decimals(fit(0).test, 3)),
            Quote::new("best-degree", best.to_string()),
            Quote::new("best-train", decimals(fit(best).train, 4)),
            Quote::new("best-test", decimals(fit(best).test, 4)),
            Quote::new("train-10", scientific(fit(top - 1).train, 1)),
            Quote::new("test-10", decimals(fit(top - 1).test, 3)),
            Quote::new("train-11", scientific(fit(top).train, 0)),
            Quote::new("test-11", decimals(fit(top).test, 3)),
            Quote::new("sets", bv.sets.to_string()),
            Quote::new("mc-best-degree", mc_best.to_string()),
            Quote::new("mc-best-test", decimals(mc_best_test, 4)),
            Quote::new("mc-best-se", decimals(mc_best_se, 4)),
            Quote::new("mc-excess", decimals(bv.smallest_excess(), 4)),
            Quote::new("perfect-test", decimals(perfect, 4)),
            Quote::new("perfect-se", decimals(perfect_se, 4)),
            Quote::new("bias-0", decimals(bv.rows[0].bias2, 3)),
            Quote::new("var-0", decimals(bv.rows[0].variance, 4)),
            Quote::new("bias-best", decimals(bv.rows[mc_best].bias2, 4)),
            Quote::new("var-best", decimals(bv.rows[mc_best].variance, 4)),
            Quote::new("exact-bias-11", scientific(bv.exact[top].0, 1)),
            Quote::new("exact-bias-min-degree", bias_min.to_string()),
            Quote::new("exact-bias-min", scientific(bv.exact[bias_min].0, 1)),
            Quote::new("exact-bias-best", decimals(bv.exact[mc_best].0, 4)),
            Quote::new("best-possible-best", decimals(bv.best_possible[mc_best], 4)),
            Quote::new("best-possible-11", scientific(bv.best_possible[top], 1)),
            Quote::new("bias-11", scientific(bv.rows[top].bias2, 1)),
            Quote::new("wander-drawn-11", decimals(bv.drawn_wander(top), 4)),
            Quote::new(
                "wander-cross-11",
                decimals(
                    bv.rows[top].bias2 - bv.exact[top].0 - bv.drawn_wander(top),
                    4,
                ),
            ),
            Quote::new(
                "wander-share",
                decimals(degree::dominant_share(top, POINTS), 2),
            ),
            Quote::new("exact-var-11", decimals(bv.exact[top].1, 2)),
            Quote::new("exact-var-best", decimals(bv.exact[mc_best].1, 4)),
            Quote::new("var-11", decimals(bv.rows[top].variance, 2)),
            Quote::new("var-11-se", decimals(bv.rows[top].variance_error(), 2)),
            Quote::new("mc-test-11", decimals(bv.rows[top].test().0, 2)),
            Quote::new("mc-test-11-se", decimals(bv.rows[top].test().1, 2)),
            Quote::new("ridge-unpenalised", decimals(ridge.unpenalised.test, 3)),
            Quote::new("ridge-norm-0", significant(ridge.unpenalised.norm(), 3)),
            Quote::new("ridge-mu", significant(chosen.mu, 2)),
            Quote::new("ridge-norm", significant(chosen.norm(), 3)),
            Quote::new("ridge-validation", decimals(chosen.validation, 4)),
            Quote::new("ridge-test", decimals(chosen.test, 3)),
            Quote::new("ridge-best-mu", significant(peek.mu, 2)),
            Quote::new("ridge-best-test", decimals(peek.test, 3)),
            Quote::new("ridge-count", ridge.fits.len().to_string()),
            Quote::new("ridge-val-small", decimals(ridge.unpenalised.validation, 3)),
            Quote::new("ridge-farthest", decimals(gaps.farthest, 3)),
            Quote::new("ridge-outer-count", gaps.outer_count.to_string()),
            Quote::new(
                "ridge-inner-count",
                (gaps.test_count - gaps.outer_count).to_string(),
            ),
            Quote::new("ridge-outer-error", decimals(gaps.outer_error, 2)),
            Quote::new("ridge-inner-error", decimals(gaps.inner_error, 3)),
            Quote::new("ridge-targets-train", decimals(gaps.target_squares.0, 2)),
            Quote::new(
                "ridge-targets-validation",
                decimals(gaps.target_squares.1, 2),
            ),
            Quote::new("ridge-targets-test", decimals(gaps.target_squares.2, 2)),
            Quote::new(
                "ridge-validation-signal",
                decimals(gaps.validation_signal, 2),
            ),
            Quote::new("noisier-sigma", decimals(NOISIER, 1)),
            Quote::new(
                "noisier-best",
                degree::best_expected(&noisier).0.to_string(),
            ),
            Quote::new("book-best", degree::best_expected(&as_book).0.to_string()),
            Quote::new("noisier-3", expected_at(3)),
            Quote::new("noisier-4", expected_at(4)),
            Quote::new("noisier-5", expected_at(5)),
            Quote::new("ridge-val-noise", decimals(parts.noise, 3)),
            Quote::new("ridge-val-distance", decimals(parts.distance, 3)),
            Quote::new("ridge-val-cross", decimals(parts.cross, 3)),
            Quote::new("decay-gap", scientific(self.decay_gap, 1)),
            Quote::new("lambda-max", decimals(e.eigen.max(), 2)),
            Quote::new("lambda-min", decimals(e.eigen.min(), 4)),
            Quote::new("lambda-second", decimals(second, 3)),
            Quote::new("inverse-min", decimals(1.0 / e.eigen.min(), 0)),
            Quote::new("inverse-second", decimals(1.0 / second, 0)),
            Quote::new("gap-argmax", decimals(early::largest_gap_at(), 2)),
            Quote::new("wander-11", decimals(bv.exact[top].1 / bv.sets as f64, 4)),
            Quote::new("eta", decimals(e.eta, 4)),
            Quote::new("gap-max", decimals(early::largest_gap(), 4)),
            Quote::new("half-ratio", decimals(1.0 / std::f64::consts::LN_2, 2)),
            Quote::new("gap-last", decimals(e.filter_gaps(last_shown).1, 5)),
            Quote::new("bound-last", decimals(early::filter_bound(last_shown), 5)),
            Quote::new("gap-first", decimals(e.filter_gaps(shown[0]).1, 3)),
            Quote::new("bound-first", decimals(early::filter_bound(shown[0]), 3)),
            Quote::new("stop-best", e.stop.best.to_string()),
            Quote::new("stop-stopped", e.stop.stopped.to_string()),
            Quote::new("stop-test", decimals(featured.test.mse(stop_theta), 3)),
            Quote::new("stop-mu", decimals(e.matching_mu(e.stop.best), 2)),
            Quote::new(
                "stop-ridge-test",
                decimals(featured.test.mse(&stop_ridge), 3),
            ),
            Quote::new("interp-steps", i.walk.steps().to_string()),
            Quote::new("interp-kappa", decimals(i.curvatures.0 / i.curvatures.1, 0)),
            Quote::new("interp-distance", scientific(i.distance(), 1)),
            Quote::new(
                "interp-bound",
                scientific(i.predicted_distance(start_distance), 1),
            ),
            Quote::new(
                "interp-residual",
                scientific(i.largest_residual(&self.draw.train), 1),
            ),
            Quote::new("min-norm-norm", decimals(i.norms().1, 3)),
            Quote::new("elsewhere-steps", j.walk.steps().to_string()),
            Quote::new("elsewhere-distance", decimals(j.distance(), 2)),
            Quote::new(
                "elsewhere-residual",
                scientific(j.largest_residual(&self.draw.train), 1),
            ),
            Quote::new("elsewhere-norm", decimals(j.norms().0, 3)),
            Quote::new("dd-peak-d", peak.features.to_string()),
            Quote::new("dd-peak", decimals(peak.test(NOISE), 2)),
            Quote::new("dd-classical-d", classical.features.to_string()),
            Quote::new("dd-classical", decimals(classical.test(NOISE), 4)),
            Quote::new("dd-last-d", last.features.to_string()),
            Quote::new("dd-last", decimals(last.test(NOISE), 4)),
            Quote::new("dd-ridge-n", decimals(self.sweep[POINTS - 1].ridge, 3)),
            Quote::new("dd-ridge-peak", decimals(ridge_peak.ridge, 3)),
            Quote::new("dd-ridge-peak-d", ridge_peak.features.to_string()),
            Quote::new("dd-second-d", second_peak.features.to_string()),
            Quote::new("dd-second", decimals(second_peak.test(NOISE), 2)),
            Quote::new("curvature-n", scientific(curvature(POINTS), 1)),
            Quote::new("curvature-n1", scientific(curvature(POINTS + 1), 1)),
            Quote::new("curvature-n2", scientific(curvature(POINTS + 2), 1)),
            Quote::new("curvature-n4", scientific(curvature(POINTS + 4), 1)),
            Quote::new("fingerprint", seeds::hex(self.fingerprint)),
            Quote::new("fingerprint-count", bv.coefficients.len().to_string()),
        ]
    }
}

/// How many of the about sixteen decimal digits of double precision
/// (`−log₁₀(ε/2)` = 15.95, from its 53 bits) solving a system of condition
/// number `κ` keeps, by the rule of thumb that it loses `log₁₀ κ`, rounded.
pub fn digits_kept(kappa: f64) -> String {
    decimals(-(f64::EPSILON / 2.0).log10() - kappa.log10(), 0)
}

/// A start drawn uniformly from `[−1, 1)` in every coordinate.
pub fn random_start(d: usize, seed: u64) -> Vec<f64> {
    use rand::{RngExt, SeedableRng};
    let mut rng = rand::rngs::ChaCha8Rng::seed_from_u64(seed);
    (0..d).map(|_| -1.0 + 2.0 * rng.random::<f64>()).collect()
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.quotes();
        let t = |name: &str| text_of(&q, name);
        let top = POINTS - 1;
        writeln!(f, "Chapter 6: noise and overfitting")?;
        writeln!(f)?;
        writeln!(
            f,
            "The signal 𝒮(x) = (1 + 2x)/(1 + 4x²); {POINTS} evenly spaced points on [−1, 1], noise σ = {NOISE} (seed {SEED})."
        )?;
        writeln!(f, "Three sources of noise:")?;
        writeln!(
            f,
            "  a line through {POINTS} noise-free points on 𝒮: mean squared residual {}, sign changes {} of {}",
            t("misspec-ms"),
            t("misspec-changes"),
            POINTS - 1
        )?;
        writeln!(
            f,
            "  {} atoms decaying for {} s: the perfect model's mean squared error {} (expected {}, scattering by {} from run to run;",
            sources::ATOMS,
            sources::SECONDS,
            t("decay-error"),
            t("decay-expected"),
            t("decay-sd")
        )?;
        writeln!(f, "  the tests check both over {} runs)", t("decay-runs"))?;
        writeln!(f)?;
        let unit = match self.conditioning.powers_unit {
            Some(k) if k < 1.0 / f64::EPSILON => significant(k, 3),
            _ => format!("beyond 1/ε = {}", t("inverse-epsilon")),
        };
        writeln!(
            f,
            "κ of XᵀX/n at degree {top}: powers on [0, 1] {unit}, powers on [−1, 1] {}, Legendre {}",
            t("kappa-symmetric"),
            t("kappa-legendre")
        )?;
        writeln!(
            f,
            "  a solve keeps about {} of double precision's digits with Legendre, {} with powers on [−1, 1]",
            t("digits-legendre"),
            t("digits-symmetric")
        )?;
        writeln!(
            f,
            "  the degree-{top} fit with powers on [0, 1] by the normal equations: training error {} (exactly 0 in exact arithmetic)",
            t("powers-unit-train")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Least squares on the book's data set, mean squared errors (test: {} fresh points):",
            basis::TEST_POINTS
        )?;
        writeln!(f, "  {:<8} {:>12} {:>10}", "degree", "training", "test")?;
        for fit in &self.fits {
            writeln!(
                f,
                "  {:<8} {:>12} {:>10}",
                fit.degree,
                significant(fit.train, 3),
                decimals(fit.test, 4)
            )?;
        }
        writeln!(
            f,
            "  (degree 0: training {}, test {}; best test at degree {}: training {}, test {};",
            t("train-0"),
            t("test-0"),
            t("best-degree"),
            t("best-train"),
            t("best-test")
        )?;
        writeln!(
            f,
            "   degree {}: training {}, test {}; degree {top}: training {}, test {})",
            top - 1,
            t("train-10"),
            t("test-10"),
            t("train-11"),
            t("test-11")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Over {} data sets (seeds {}…), each judged on {} fresh points: mean ± standard error",
            t("sets"),
            degree::FIRST_SEED,
            degree::SET_TEST_POINTS
        )?;
        writeln!(
            f,
            "  {:<8} {:>18} {:>12} {:>18}",
            "degree", "test error", "bias²", "variance"
        )?;
        for row in &self.bias_variance.rows {
            let (test, se) = row.test();
            writeln!(
                f,
                "  {:<8} {:>18} {:>12} {:>18}",
                row.degree,
                format!("{} ± {}", decimals(test, 4), decimals(se, 4)),
                significant(row.bias2, 3),
                format!(
                    "{} ± {}",
                    significant(row.variance, 3),
                    significant(row.variance_error(), 1)
                )
            )?;
        }
        writeln!(
            f,
            "  best degree {}: {} ± {}; the smallest mean test error exceeds σ² = {} by {}",
            t("mc-best-degree"),
            t("mc-best-test"),
            t("mc-best-se"),
            decimals(NOISE * NOISE, 2),
            t("mc-excess")
        )?;
        writeln!(
            f,
            "  the signal itself scores {} ± {}; degree 0: bias² {}, variance {}; best: bias² {}, variance {}",
            t("perfect-test"),
            t("perfect-se"),
            t("bias-0"),
            t("var-0"),
            t("bias-best"),
            t("var-best")
        )?;
        writeln!(
            f,
            "  degree {top}: variance {} ± {}, test {} ± {}; exactly, bias² {} and variance {} (best degree: {})",
            t("var-11"),
            t("var-11-se"),
            t("mc-test-11"),
            t("mc-test-11-se"),
            t("exact-bias-11"),
            t("exact-var-11"),
            t("exact-var-best")
        )?;
        writeln!(
            f,
            "  exact bias² is smallest at degree {}, {}, and rises to {} at degree {top}; the best degree-{top} polynomial is {} from the signal",
            t("exact-bias-min-degree"),
            t("exact-bias-min"),
            t("exact-bias-11"),
            t("best-possible-11")
        )?;
        writeln!(
            f,
            "  (at degree {}: exact bias² {}, the best polynomial {})",
            t("mc-best-degree"),
            t("exact-bias-best"),
            t("best-possible-best")
        )?;
        writeln!(
            f,
            "  exact expected test error: smallest at degree {} for σ = {NOISE}; for σ = {} at degree {}",
            t("book-best"),
            t("noisier-sigma"),
            t("noisier-best")
        )?;
        writeln!(
            f,
            "  (σ = {}: degree 3 {}, degree 4 {}, degree 5 {})",
            t("noisier-sigma"),
            t("noisier-3"),
            t("noisier-4"),
            t("noisier-5")
        )?;
        writeln!(
            f,
            "  the mean of {} fits wanders by about variance/N: {} at degree {top}, {} of it along one direction;",
            t("sets"),
            t("wander-11"),
            t("wander-share")
        )?;
        writeln!(
            f,
            "  this run's mean wandered by {}, with a cross term {}: its measured bias² is {}",
            t("wander-drawn-11"),
            t("wander-cross-11"),
            t("bias-11")
        )?;
        writeln!(f)?;
        let ridge = &self.ridge;
        writeln!(
            f,
            "Ridge at degree {top}: μ = 0 tests at {} with ‖θ‖ = {}; the validation set ({} points) chooses μ = {} of {} strengths:",
            t("ridge-unpenalised"),
            t("ridge-norm-0"),
            basis::VALIDATION_POINTS,
            t("ridge-mu"),
            t("ridge-count")
        )?;
        writeln!(
            f,
            "  validation {}, test {}, ‖θ‖ = {}; the best μ for the test set would be {} (test {})",
            t("ridge-validation"),
            t("ridge-test"),
            t("ridge-norm"),
            t("ridge-best-mu"),
            t("ridge-best-test")
        )?;
        writeln!(
            f,
            "  μ → 0: validation {}, test {}: the farthest validation input is at |x| = {}; the {} test points beyond it",
            t("ridge-val-small"),
            t("ridge-unpenalised"),
            t("ridge-farthest"),
            t("ridge-outer-count")
        )?;
        writeln!(
            f,
            "  have mean squared error {}, the other {} {}",
            t("ridge-outer-error"),
            t("ridge-inner-count"),
            t("ridge-inner-error")
        )?;
        writeln!(
            f,
            "  μ → ∞: every error tends to its targets' mean square: training {}, validation {}, test {}",
            t("ridge-targets-train"),
            t("ridge-targets-validation"),
            t("ridge-targets-test")
        )?;
        writeln!(
            f,
            "  (the signal alone at the validation inputs: {})",
            t("ridge-validation-signal")
        )?;
        writeln!(
            f,
            "  the validation error there: the noise's mean square {} + the fit's distance from 𝒮 {} + a cross term {}",
            t("ridge-val-noise"),
            t("ridge-val-distance"),
            t("ridge-val-cross")
        )?;
        writeln!(
            f,
            "  weight decay against the penalty, μ = {}, {} steps: the walks differ by at most {}",
            significant(ridge::DECAY_MU, 3),
            ridge::DECAY_STEPS,
            t("decay-gap")
        )?;
        let _ = ridge;
        writeln!(f)?;
        writeln!(
            f,
            "Early stopping at degree {top}: curvatures from λ_max = {} to λ_min = {}; η = 1/λ_max = {}",
            t("lambda-max"),
            t("lambda-min"),
            t("eta")
        )?;
        writeln!(
            f,
            "  the two smallest curvatures, {} and {}, add {} and {} to Σ 1/λ, the variance's sum",
            t("lambda-second"),
            t("lambda-min"),
            t("inverse-second"),
            t("inverse-min")
        )?;
        let shown = early::SHOWN_STEPS;
        writeln!(
            f,
            "  filters, descent minus ridge at μ = 1/(ηt): never below 0, at most gap_max = {} (at λ/μ = {}) plus 2t/(e²(t − 1)²)",
            t("gap-max"),
            t("gap-argmax")
        )?;
        writeln!(
            f,
            "  their half-points differ by a factor that tends to 1/ln 2 = {} in λ",
            t("half-ratio")
        )?;
        for step in shown {
            let (low, high) = self.early.filter_gaps(step);
            writeln!(
                f,
                "    t = {step:<5} from {} to {}, bound {}",
                scientific(low, 1),
                decimals(high, 5),
                decimals(early::filter_bound(step), 5)
            )?;
        }
        writeln!(
            f,
            "    (t = {}: largest {} against {}; t = {}: largest {} against {})",
            shown[0],
            t("gap-first"),
            t("bound-first"),
            shown[shown.len() - 1],
            t("gap-last"),
            t("bound-last")
        )?;
        writeln!(
            f,
            "  patience {}: best validation at step {}, stopped at step {}; test error there {}",
            PATIENCE,
            t("stop-best"),
            t("stop-stopped"),
            t("stop-test")
        )?;
        writeln!(
            f,
            "  ridge with μ = 1/(ηt) = {} tests at {}",
            t("stop-mu"),
            t("stop-ridge-test")
        )?;
        writeln!(f)?;
        let i = &self.interpolation;
        writeln!(
            f,
            "More features than points: d = {} tapered features, {POINTS} points; κ of the nonzero curvatures {}",
            interpolation::WALK_FEATURES,
            t("interp-kappa")
        )?;
        writeln!(
            f,
            "  from zero, {} steps: distance to the smallest-norm interpolant {} (theory: at most {}), largest residual {}",
            t("interp-steps"),
            t("interp-distance"),
            t("interp-bound"),
            t("interp-residual")
        )?;
        let _ = i;
        writeln!(
            f,
            "  from a random start, {} steps: distance {}, largest residual {}; ‖θ‖ = {} against the smallest, {}",
            t("elsewhere-steps"),
            t("elsewhere-distance"),
            t("elsewhere-residual"),
            t("elsewhere-norm"),
            t("min-norm-norm")
        )?;
        writeln!(
            f,
            "  expected test error, smallest-norm fit: peak {} at d = {}; best below n: {} at d = {}; at d = {}: {}",
            t("dd-peak"),
            t("dd-peak-d"),
            t("dd-classical"),
            t("dd-classical-d"),
            t("dd-last-d"),
            t("dd-last")
        )?;
        writeln!(
            f,
            "  d = {}: {}; the smallest nonzero curvature {} at d = n, {} at d = {}, {} at d = {}, {} at d = {}",
            t("dd-second-d"),
            t("dd-second"),
            t("curvature-n"),
            t("curvature-n1"),
            POINTS + 1,
            t("curvature-n2"),
            POINTS + 2,
            t("curvature-n4"),
            POINTS + 4
        )?;
        writeln!(
            f,
            "  ridge with μ = {}: {} at d = n; its highest, {} at d = {}",
            significant(interpolation::SWEEP_MU, 2),
            t("dd-ridge-n"),
            t("dd-ridge-peak"),
            t("dd-ridge-peak-d")
        )?;
        let row: Vec<String> = self
            .sweep
            .iter()
            .map(|p| format!("{}:{}", p.features, significant(p.test(NOISE), 3)))
            .collect();
        writeln!(f, "    d:test {}", row.join(" "))?;
        writeln!(f)?;
        writeln!(
            f,
            "Determinism: the fingerprint of all {} coefficients fitted over the data sets is {}",
            t("fingerprint-count"),
            t("fingerprint")
        )
    }
}

/// Chapter 6 for the kit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter6;

impl Chapter for Chapter6 {
    fn number(&self) -> u32 {
        6
    }

    fn title(&self) -> &'static str {
        "Noise and overfitting"
    }

    fn about(&self) -> &'static str {
        "With no options: prints the chapter's report (the three sources of noise,
the degree sweep, bias² and variance over many data sets, ridge, early
stopping, more features than points, the fingerprint of the fits) and
redraws the book's figures in book/src/figures/chapter6/.

With options: fits a polynomial of your degree to your noisy points, exactly
with your L2 strength μ and by gradient descent from zero stopped at your
step, and draws both in target/downhill/chapter6/ (the book's figures are
left alone)."
    }

    fn options(&self) -> &'static [harness::cli::Opt] {
        options()
    }

    fn examples(&self) -> &'static [&'static str] {
        &[
            "--degree 3",
            "--degree 11 --mu 0.01",
            "--degree 11 --stop 30",
            "--degree 40 --points 12",
            "--degree 11 --taper",
            "--noise 0.4 --degree 3",
            "--noise 0 --degree 11",
        ]
    }

    fn has_data(&self) -> bool {
        true
    }

    fn runs_descent(&self) -> bool {
        true
    }

    fn book_run(&self) -> Run {
        let report = Report::compute();
        let e = &report.early;
        let names = readers::coefficient_names(e.model().count());
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        Run {
            report: report.to_string(),
            quotes: report.quotes(),
            figures: figures::book(&report),
            data: Some(Table::data(&report.draw.train, &["x"], "y")),
            trace: Some(Trace {
                what: format!(
                    "gradient descent from zero at degree {} with η = 1/λ_max = {}",
                    e.degree,
                    significant(e.eta, 6)
                ),
                table: Table::trace(&e.walk, &refs),
            }),
        }
    }

    fn readers_run(&self, args: &mut Args) -> Result<Run, CliError> {
        readers::run(args)
    }

    fn exercises(&self) -> Vec<Exercise> {
        exercise_checks::readers_exercises()
    }

    fn reference_exercises(&self) -> Option<Vec<Exercise>> {
        exercise_checks::reference_exercises()
    }
}
