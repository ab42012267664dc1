//! Chapter 10: from lines to cats, probability.
//!
//! The experiments behind the chapter, each a function the example, the
//! tests and the book share:
//!
//! 1. the logistic function, the cross-entropy, its gradient `(p − y)·φ`
//!    against finite differences, and the stable formula against the naive
//!    one at logits of ±800 ([`basics`]);
//! 2. squared error on the probability against cross-entropy: vanishing
//!    slopes and a landscape that is not a bowl ([`basics`]);
//! 3. Xiao Ming's corrections as five steps of SGD ([`story`]);
//! 4. Adélie or Chinstrap from two measurements, with calibration and the
//!    learning rate from the curvature; all three species with the softmax
//!    ([`penguins`]);
//! 5. separable data: the loss like `1/t`, the weights like `ln t`, the
//!    direction towards the maximum margin ([`separable`]).
//!
//! [`Report::compute`] runs them all; [`figures::book`] draws the figures.

pub mod basics;
pub mod exercise_checks;
pub mod exercises;
pub mod figures;
pub mod penguins;
pub mod separable;
/// The reference solutions to the exercises (absent from a student copy).
#[cfg(has_solutions)]
#[path = "../solutions/exercises.rs"]
pub mod solutions;
pub mod story;

use std::fmt;

use descent::data::{DataSet, Sample};
use descent::loss::{CrossEntropy, Loss, sigmoid};
use descent::objective::Objective;
use descent::penalty::L2;
use descent::scaling::FeatureScaling;
use descent::{Outcome, Schedule, Trajectory};
use harness::cli::{Args, CliError, Opt};
use harness::exercise::Exercise;
use harness::format::{decimals, scientific, significant};
use harness::quote::{Quote, text_of};
use harness::table::{Table, cell};
use harness::{Chapter, Run, Trace};

use basics::{
    CHECK_POINTS, CONFIDENT_MISTAKE, STABILITY_CASES, SquaredProbability,
    cross_entropy_curvature_along_w, most_negative_curvature, naive_cross_entropy,
    worst_gradient_check,
};
use penguins::{
    BINS, BLURRED, Curvatures, Fit, GD_STEPS, Method, RATE_FACTORS, RATE_STEPS, SGD_BOOK,
    THREE_STEPS, ThreeSpecies, calibration, fit, two_species,
};
use separable::Separable;
use story::{ANIMALS, BIG, EARS, HASTY_ETA, MEOW, STORY_ETA, Story, agreements};

/// `inner + (μ/2)·‖θ‖²`: every penalised objective of the chapter is made
/// here, so that the penalty's strength is named in one place.
pub fn ridge<O>(inner: O, mu: f64) -> L2<O> {
    L2 { inner, mu }
}

/// The seed of the gradient check's random points.
pub const CHECK_SEED: u64 = 10;

/// The one-feature data of the landscape figure: Adélie (0) or Chinstrap (1)
/// from the standardised bill length alone.
pub fn bill_length_only() -> DataSet {
    let raw = two_species();
    let scaling = FeatureScaling::standardising(&raw).expect("the measurements vary");
    DataSet::new(
        scaling
            .apply_to(&raw)
            .samples
            .iter()
            .map(|s| Sample { x: s.x[0], y: s.y })
            .collect(),
    )
}

/// The window of `w` in which the landscapes are drawn and compared (their
/// curvatures along `b = 0`).
pub const LANDSCAPE_W: (f64, f64) = (-8.0, 14.0);
/// The window of `b` in which they are drawn.
pub const LANDSCAPE_B: (f64, f64) = (-10.0, 6.0);

/// Every number the chapter's prose quotes, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The largest disagreement of `(p − y)·φ` with central differences.
    pub worst_check: f64,
    /// Where the squared-probability landscape curves down most: `(w, curvature)`.
    pub squared_dip: (f64, f64),
    /// The smallest curvature of the cross-entropy along the same line, in
    /// the drawn window: `(w, curvature)`.
    pub cross_entropy_least: (f64, f64),
    /// Xiao Ming's five corrections.
    pub story: Story,
    /// The same five at four times the rate.
    pub hasty: Story,
    /// Gradient descent on the two species, at the safe rate.
    pub gd: Fit,
    /// Mini-batch SGD on the same.
    pub sgd: Fit,
    /// Gradient descent on all the data with SGD's decaying rate.
    pub scheduled: Fit,
    /// Gradient descent on flipper length and body mass instead.
    pub blurred: Fit,
    /// The curvatures of the penguins' loss.
    pub curvatures: Curvatures,
    /// Gradient descent just below and just above the local threshold.
    pub rate_runs: Vec<Fit>,
    /// The curvature averaged along the last jump of the walk above the
    /// threshold.
    pub jump_curvature: f64,
    /// All three species.
    pub three: ThreeSpecies,
    /// The separable clouds.
    pub separable: Separable,
    /// A typical draw of the clouds: its maximum-margin separator's next
    /// margin.
    pub typical_next_margin: f64,
    /// The penalised minima on the clouds for ever weaker penalties:
    /// `(μ, angle to θₘₘ in radians, ‖θ‖)`.
    pub shrinking: Vec<(f64, f64, f64)>,
}

impl Report {
    /// Run every experiment of the chapter.
    pub fn compute() -> Self {
        let landscape = bill_length_only();
        let squared_dip = most_negative_curvature(&landscape, 0.0, LANDSCAPE_W);
        let cross_entropy_least = (0..=400)
            .map(|k| {
                let w = LANDSCAPE_W.0 + (LANDSCAPE_W.1 - LANDSCAPE_W.0) * k as f64 / 400.0;
                (w, cross_entropy_curvature_along_w(&landscape, w, 0.0))
            })
            .fold(
                (f64::NAN, f64::INFINITY),
                |a, b| if b.1 < a.1 { b } else { a },
            );
        let raw = two_species();
        let scaled = FeatureScaling::standardising(&raw)
            .expect("the measurements vary")
            .apply_to(&raw);
        let safe = penguins::safe_rate(&scaled);
        let gd = fit(&raw, Method::Gd { eta: safe }, GD_STEPS, 0.0);
        let (eta0, tau, batch, steps) = SGD_BOOK;
        let sgd = fit(
            &raw,
            Method::Sgd {
                eta0,
                tau,
                batch,
                seed: CHECK_SEED,
            },
            steps,
            0.0,
        );
        let scheduled = fit(&raw, Method::Scheduled { eta0, tau }, steps, 0.0);
        let curvatures = Curvatures::of(&gd);
        let blurred_raw = penguins::penguins(&[penguins::NEGATIVE, penguins::POSITIVE], &BLURRED);
        let blurred_rate = penguins::safe_rate(
            &FeatureScaling::standardising(&blurred_raw)
                .expect("the measurements vary")
                .apply_to(&blurred_raw),
        );
        let mut blurred = fit(
            &blurred_raw,
            Method::Gd { eta: blurred_rate },
            GD_STEPS,
            0.0,
        );
        blurred.features = BLURRED;
        let rate_runs = RATE_FACTORS
            .iter()
            .zip(RATE_STEPS)
            .map(|(f, steps)| {
                let eta = f * curvatures.local_threshold;
                penguins::walk(&raw, Method::Gd { eta }, steps, 0.0, None)
            })
            .collect::<Vec<Fit>>();
        let cycle = &rate_runs[1].trajectory.points;
        let last = cycle.len() - 1;
        let jump_curvature =
            penguins::curvature_along(&rate_runs[1].data, &cycle[last], &cycle[last - 1]);
        let typical = separable::clouds(separable::SEPARABLE_COUNT, separable::TYPICAL_SEED);
        let typical_next_margin = separable::max_margin(&typical)
            .expect("the typical clouds are separable")
            .next_margin(&typical);
        let separable = Separable::book();
        let shrinking = separable.shrinking_penalties();
        Report {
            worst_check: worst_gradient_check(CHECK_POINTS, CHECK_SEED),
            squared_dip,
            cross_entropy_least,
            story: Story::book(),
            hasty: Story::tell(HASTY_ETA, ANIMALS.len(), 0.0),
            gd,
            sgd,
            scheduled,
            blurred,
            curvatures,
            rate_runs,
            jump_curvature,
            three: ThreeSpecies::fit(THREE_STEPS),
            separable,
            typical_next_margin,
            shrinking,
        }
    }

    /// The numbers the prose quotes, exactly as printed.
    pub fn quotes(&self) -> Vec<Quote> {
        // From a score to a probability.
        let mut q = vec![Quote::new("ninety-logit", decimals(9f64.ln(), 3))];
        q.push(Quote::new(
            "gradient-check",
            scientific(self.worst_check, 1),
        ));
        q.push(Quote::new(
            "naive-800-0",
            significant(naive_cross_entropy(800.0, 0.0), 3),
        ));
        q.push(Quote::new(
            "naive-800-1",
            significant(naive_cross_entropy(800.0, 1.0), 3),
        ));
        q.push(Quote::new(
            "naive-40-1",
            significant(naive_cross_entropy(40.0, 1.0), 3),
        ));
        q.push(Quote::new(
            "stable-800-0",
            significant(CrossEntropy.value(800.0, 0.0), 3),
        ));
        q.push(Quote::new(
            "stable-40-1",
            significant(CrossEntropy.value(40.0, 1.0), 3),
        ));
        let z = CONFIDENT_MISTAKE;
        q.push(Quote::new("mistake-p", scientific(sigmoid(z), 1)));
        q.push(Quote::new(
            "mistake-slope-ce",
            decimals(CrossEntropy.slope(z, 1.0), 5),
        ));
        q.push(Quote::new(
            "mistake-slope-sq",
            scientific(SquaredProbability.slope(z, 1.0), 1),
        ));
        q.push(Quote::new("dip-w", decimals(self.squared_dip.0, 2)));
        q.push(Quote::new("dip-curvature", decimals(self.squared_dip.1, 4)));
        q.push(Quote::new(
            "ce-least-curvature",
            scientific(self.cross_entropy_least.1, 1),
        ));
        q.push(Quote::new(
            "ce-least-w",
            decimals(self.cross_entropy_least.0, 0),
        ));
        // The story.
        let s = &self.story;
        // Before the first correction every animal is at ½ by construction.
        for (k, c) in s.corrections.iter().enumerate().skip(1) {
            q.push(Quote::new(STORY_BEFORE[k], decimals(c.before, 3)));
        }
        let dog = &s.corrections[1];
        q.push(Quote::new("dog-loss-before", decimals(dog.loss_before, 3)));
        q.push(Quote::new("dog-loss-after", decimals(dog.loss_after, 3)));
        q.push(Quote::new(
            "cat-after-first",
            decimals(s.corrections[0].after[0], 3),
        ));
        q.push(Quote::new(
            "cat-after-toy",
            decimals(s.corrections[2].after[0], 3),
        ));
        q.push(Quote::new(
            "house-after-first",
            decimals(s.corrections[0].after[4], 3),
        ));
        q.push(Quote::new(
            "house-agrees",
            agreements(&ANIMALS[0], &ANIMALS[4]).to_string(),
        ));
        q.push(Quote::new(
            "toy-agrees",
            agreements(&ANIMALS[0], &ANIMALS[2]).to_string(),
        ));
        let weight = |step: usize, feature: usize| decimals(s.corrections[step].theta[feature], 3);
        q.push(Quote::new("big-before-lion", weight(2, BIG)));
        q.push(Quote::new("big-after-lion", weight(3, BIG)));
        q.push(Quote::new("meow-before-lion", weight(2, MEOW)));
        q.push(Quote::new("meow-after-lion", weight(3, MEOW)));
        q.push(Quote::new("big-end", weight(4, BIG)));
        q.push(Quote::new("ears-end", weight(4, EARS)));
        let hasty = &self.hasty.corrections;
        q.push(Quote::new(
            "hasty-cat-after-toy",
            decimals(hasty[2].after[0], 3),
        ));
        q.push(Quote::new(
            "hasty-cat-end",
            decimals(hasty[hasty.len() - 1].after[0], 3),
        ));
        let end = s.final_probabilities();
        for (k, p) in end.iter().enumerate() {
            q.push(Quote::new(STORY_AFTER[k], decimals(*p, 3)));
        }
        // Penguins.
        let gd = &self.gd;
        q.push(Quote::new("penguin-count", gd.data.len().to_string()));
        q.push(Quote::new(
            "chinstrap-count",
            (gd.positive_fraction() * gd.data.len() as f64)
                .round()
                .to_string(),
        ));
        q.push(Quote::new(
            "safe-rate",
            decimals(self.curvatures.safe_rate, 2),
        ));
        q.push(Quote::new(
            "data-curvature",
            decimals(self.curvatures.data, 3),
        ));
        q.push(Quote::new(
            "gd-steps",
            harness::format::steps(&gd.trajectory.outcome),
        ));
        q.push(Quote::new("gd-loss", decimals(gd.loss(), 4)));
        q.push(Quote::new("gd-accuracy", percent(gd.accuracy())));
        q.push(Quote::new("mean-p", decimals(gd.mean_probability(), 6)));
        q.push(Quote::new("fraction", decimals(gd.positive_fraction(), 6)));
        q.push(Quote::new(
            "mean-p-gap",
            scientific((gd.mean_probability() - gd.positive_fraction()).abs(), 0),
        ));
        let (w, b) = gd.in_millimetres();
        q.push(Quote::new("w-bill", decimals(w[0], 3)));
        q.push(Quote::new("w-flipper", decimals(w[1], 3)));
        q.push(Quote::new("b-mm", decimals(b, 2)));
        q.push(Quote::new("odds-per-mm", decimals(w[0].exp(), 2)));
        q.push(Quote::new(
            "blurred-steps",
            harness::format::steps(&self.blurred.trajectory.outcome),
        ));
        q.push(Quote::new("blurred-loss", decimals(self.blurred.loss(), 4)));
        q.push(Quote::new(
            "blurred-accuracy",
            percent(self.blurred.accuracy()),
        ));
        q.push(Quote::new("sgd-loss", decimals(self.sgd.loss(), 4)));
        q.push(Quote::new("sgd-accuracy", percent(self.sgd.accuracy())));
        q.push(Quote::new(
            "sgd-mean-p",
            decimals(self.sgd.mean_probability(), 4),
        ));
        let sched = &self.scheduled;
        q.push(Quote::new("sched-loss", decimals(sched.loss(), 4)));
        q.push(Quote::new(
            "sched-mean-p",
            decimals(sched.mean_probability(), 4),
        ));
        let (eta0, tau, _, sgd_steps) = SGD_BOOK;
        q.push(Quote::new(
            "sum-eta",
            decimals(
                penguins::total_rate(Schedule::InverseTime { eta0, tau }, sgd_steps),
                0,
            ),
        ));
        q.push(Quote::new(
            "lambda-min",
            significant(self.curvatures.at_fit_min, 2),
        ));
        let total = penguins::total_rate(Schedule::InverseTime { eta0, tau }, sgd_steps);
        q.push(Quote::new(
            "flat-factor",
            decimals((-self.curvatures.at_fit_min * total).exp(), 2),
        ));
        let (sched_distance, sched_share) =
            penguins::offset_from_optimum(&gd.data, sched.theta(), gd.theta());
        let (sgd_distance, sgd_share) =
            penguins::offset_from_optimum(&gd.data, self.sgd.theta(), gd.theta());
        q.push(Quote::new("sched-distance", decimals(sched_distance, 2)));
        q.push(Quote::new("sgd-distance", decimals(sgd_distance, 2)));
        q.push(Quote::new(
            "sched-flat-angle",
            decimals(sched_share.acos().to_degrees(), 1),
        ));
        q.push(Quote::new(
            "sgd-flat-angle",
            decimals(sgd_share.acos().to_degrees(), 1),
        ));
        q.push(Quote::new(
            "local-curvature",
            decimals(self.curvatures.at_fit, 4),
        ));
        q.push(Quote::new(
            "local-threshold",
            decimals(self.curvatures.local_threshold, 1),
        ));
        q.push(Quote::new(
            "local-over-safe",
            significant(
                (self.curvatures.local_threshold / self.curvatures.safe_rate).round(),
                3,
            ),
        ));
        let best = gd.trajectory.final_loss();
        let below = &self.rate_runs[0];
        q.push(Quote::new(
            "below-rate",
            decimals(RATE_FACTORS[0] * self.curvatures.local_threshold, 1),
        ));
        q.push(Quote::new(
            "above-rate",
            decimals(RATE_FACTORS[1] * self.curvatures.local_threshold, 1),
        ));
        q.push(Quote::new(
            "below-excess-0",
            decimals(below.trajectory.losses[0] - best, 3),
        ));
        q.push(Quote::new(
            "below-excess-1",
            decimals(below.trajectory.losses[1] - best, 3),
        ));
        q.push(Quote::new(
            "above-factor",
            decimals(1.0 - RATE_FACTORS[1] * 2.0, 2),
        ));
        q.push(Quote::new(
            "below-steps",
            first_below(&self.rate_runs[0].trajectory, penguins::GD_TOLERANCE)
                .map_or("—".to_string(), |t| t.to_string()),
        ));
        let above = &self.rate_runs[1].trajectory;
        let closest = closest_approach(above);
        q.push(Quote::new("above-closest-step", closest.0.to_string()));
        q.push(Quote::new("above-steps", RATE_STEPS[1].to_string()));
        q.push(Quote::new("above-closest", scientific(closest.1, 0)));
        q.push(Quote::new(
            "above-gradient",
            scientific(
                *self.rate_runs[1]
                    .trajectory
                    .gradient_norms
                    .last()
                    .unwrap_or(&0.0),
                1,
            ),
        ));
        let cycle = &self.rate_runs[1].trajectory;
        q.push(Quote::new(
            "cycle-excess",
            scientific(cycle.final_loss() - best, 1),
        ));
        let ends = &cycle.points[cycle.points.len() - 2..];
        let (a, b) = (
            penguins::offset_from_optimum(&gd.data, &ends[0], gd.theta()).0,
            penguins::offset_from_optimum(&gd.data, &ends[1], gd.theta()).0,
        );
        q.push(Quote::new("cycle-near", decimals(a.min(b), 2)));
        q.push(Quote::new("cycle-far", decimals(a.max(b), 2)));
        q.push(Quote::new(
            "jump-curvature",
            decimals(self.jump_curvature, 4),
        ));
        q.push(Quote::new("three-accuracy", percent(self.three.accuracy())));
        q.push(Quote::new("three-rate", decimals(self.three.eta, 2)));
        // Separable data.
        let sep = &self.separable;
        let c = sep.checkpoints();
        q.push(Quote::new("separator-norm", decimals(sep.best.norm(), 3)));
        q.push(Quote::new(
            "separator-norm-squared",
            decimals(sep.best.norm().powi(2), 3),
        ));
        q.push(Quote::new("margin", decimals(1.0 / sep.best.norm(), 3)));
        q.push(Quote::new("clouds-safe-rate", decimals(sep.safe_rate(), 2)));
        q.push(Quote::new(
            "plane-distance",
            decimals(sep.best.distance_in_plane(), 3),
        ));
        q.push(Quote::new(
            "support-count",
            sep.best.support().len().to_string(),
        ));
        q.push(Quote::new(
            "next-margin",
            decimals(sep.best.next_margin(&sep.data), 2),
        ));
        q.push(Quote::new(
            "typical-next-margin",
            decimals(self.typical_next_margin, 2),
        ));
        for (k, point) in c.iter().enumerate() {
            q.push(Quote::new(SEP_RATIO[k], decimals(point.loss_ratio, 3)));
            q.push(Quote::new(SEP_NORM[k], decimals(point.norm, 2)));
            q.push(Quote::new(
                SEP_ANGLE[k],
                decimals(point.angle.to_degrees(), 1),
            ));
        }
        q.push(Quote::new("growth-ratio", decimals(sep.growth_ratio(), 3)));
        if let Some(last) = c.last() {
            // ‖θ_fin,⊥‖/(‖θₘₘ‖ ln t) with θ_fin = θₜ − θₘₘ·ln t at the last checkpoint.
            let theta_fin = sep.offset(last.t);
            let mm_norm = sep.best.norm();
            let along: f64 = theta_fin
                .iter()
                .zip(&sep.best.theta_mm)
                .map(|(c, p)| c * p)
                .sum::<f64>()
                / mm_norm;
            let across = (theta_fin.iter().map(|c| c * c).sum::<f64>() - along * along).sqrt();
            q.push(Quote::new(
                "angle-estimate",
                decimals((across / (mm_norm * (last.t as f64).ln())).to_degrees(), 1),
            ));
        }
        q.push(Quote::new(
            "plain-certainty",
            decimals(sep.least_certainty(sep.trajectory.final_point()), 4),
        ));
        q.push(Quote::new(
            "l2-norm",
            decimals(descent::objective::norm(sep.penalised.final_point()), 2),
        ));
        q.push(Quote::new(
            "l2-certainty",
            decimals(sep.least_certainty(sep.penalised.final_point()), 3),
        ));
        q.push(Quote::new(
            "l2-steps",
            harness::format::steps(&sep.penalised.outcome),
        ));
        for (k, (_, angle, _)) in self.shrinking.iter().enumerate() {
            q.push(Quote::new(
                SHRINKING_ANGLE[k],
                decimals(angle.to_degrees(), 1),
            ));
        }
        q
    }
}

/// The quote names of `p(cat)` before each correction.
const STORY_BEFORE: [&str; 5] = [
    "before-cat",
    "before-dog",
    "before-toy",
    "before-lion",
    "before-house",
];
/// The quote names of each animal's `p(cat)` at the end.
const STORY_AFTER: [&str; 5] = [
    "after-cat",
    "after-dog",
    "after-toy",
    "after-lion",
    "after-house",
];
const SEP_RATIO: [&str; 4] = ["ratio-10", "ratio-100", "ratio-1000", "ratio-10000"];
const SEP_NORM: [&str; 4] = ["norm-10", "norm-100", "norm-1000", "norm-10000"];
const SEP_ANGLE: [&str; 4] = ["angle-10", "angle-100", "angle-1000", "angle-10000"];
/// The quote names of the penalised minima's angles to `θₘₘ`, one per
/// penalty of [`separable::SHRINKING_MU`].
const SHRINKING_ANGLE: [&str; 3] = ["l2-angle-0.1", "l2-angle-0.01", "l2-angle-0.001"];

/// The first step from which on the gradient norm stays at or below `tolerance`.
pub fn first_below(trajectory: &Trajectory, tolerance: f64) -> Option<usize> {
    let norms = &trajectory.gradient_norms;
    let last_above = norms.iter().rposition(|g| *g > tolerance);
    match last_above {
        None => Some(0),
        Some(t) if t + 1 < norms.len() => Some(t + 1),
        Some(_) => None,
    }
}

/// The step at which a walk came closest to a stationary point, and its
/// gradient norm there.
pub fn closest_approach(trajectory: &Trajectory) -> (usize, f64) {
    let mut best = (0, f64::INFINITY);
    for (t, g) in trajectory.gradient_norms.iter().enumerate() {
        if *g < best.1 {
            best = (t, *g);
        }
    }
    best
}

/// A share as a percentage with one decimal: `95.9%`.
pub fn percent(v: f64) -> String {
    format!("{}%", decimals(100.0 * v, 1))
}

/// The stability table: the naive and the stable cross-entropy at the
/// chapter's logits.
pub fn write_stability(f: &mut fmt::Formatter<'_>) -> fmt::Result {
    writeln!(
        f,
        "  {:>6} {:>3} {:>12} {:>14}",
        "z", "y", "naive", "stable"
    )?;
    for (z, y) in STABILITY_CASES {
        writeln!(
            f,
            "  {:>6} {:>3} {:>12} {:>14}",
            significant(z, 6),
            significant(y, 1),
            significant(naive_cross_entropy(z, y), 3),
            significant(CrossEntropy.value(z, y), 3),
        )?;
    }
    Ok(())
}

/// The story as a table: one row per correction.
pub fn write_story(f: &mut fmt::Formatter<'_>, story: &Story) -> fmt::Result {
    write!(
        f,
        "  {:<22} {:>3} {:>7} {:>7} {:>7} │",
        "correction", "y", "p", "ℓ", "ℓ after"
    )?;
    for a in ANIMALS {
        write!(f, " {:>9}", a.short)?;
    }
    writeln!(f)?;
    write!(
        f,
        "  {:<22} {:>3} {:>7} {:>7} {:>7} │",
        "(no notion yet)", "", "", "", ""
    )?;
    for _ in ANIMALS {
        write!(f, " {:>9}", decimals(0.5, 3))?;
    }
    writeln!(f)?;
    for c in &story.corrections {
        let a = &ANIMALS[c.animal];
        write!(
            f,
            "  {:<22} {:>3} {:>7} {:>7} {:>7} │",
            a.name,
            significant(a.y, 1),
            decimals(c.before, 3),
            decimals(c.loss_before, 3),
            decimals(c.loss_after, 3),
        )?;
        for p in &c.after {
            write!(f, " {:>9}", decimals(*p, 3))?;
        }
        writeln!(f)?;
    }
    Ok(())
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.quotes();
        let text = |name: &str| text_of(&q, name);
        writeln!(f, "Chapter 10: from lines to cats, probability")?;
        writeln!(f)?;
        writeln!(
            f,
            "\"90% cat\" is the logit z = ln 9 = {}; p = ½ at z = 0, the decision boundary.",
            text("ninety-logit")
        )?;
        writeln!(
            f,
            "The gradient (p − y)·(x, 1) of one penguin's cross-entropy against central differences"
        )?;
        writeln!(
            f,
            "  at {CHECK_POINTS} random points: largest disagreement {}",
            text("gradient-check")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "The cross-entropy as written (naive) and as computed (stable):"
        )?;
        write_stability(f)?;
        writeln!(f)?;
        writeln!(
            f,
            "A confident mistake, z = {} for a cat (p = {}): slope of the cross-entropy {},",
            significant(CONFIDENT_MISTAKE, 3),
            text("mistake-p"),
            text("mistake-slope-ce")
        )?;
        writeln!(
            f,
            "  of the squared error on p {}. Along b = 0 on the bill lengths, the squared",
            text("mistake-slope-sq")
        )?;
        writeln!(
            f,
            "  loss curves down most at w = {} (curvature {}); the cross-entropy's least curvature",
            text("dip-w"),
            text("dip-curvature"),
        )?;
        writeln!(
            f,
            "  along that line, for w from {} to {}, is {}, at w = {}.",
            significant(LANDSCAPE_W.0, 3),
            significant(LANDSCAPE_W.1, 3),
            text("ce-least-curvature"),
            text("ce-least-w")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Xiao Ming's corrections, one SGD step each with η = {}: p(cat) for every animal after each",
            significant(self.story.eta, 3)
        )?;
        write_story(f, &self.story)?;
        writeln!(
            f,
            "  (names for the prose: before each step 0.500, {}, {}, {}, {}; at the end {}, {}, {}, {}, {})",
            text("before-dog"),
            text("before-toy"),
            text("before-lion"),
            text("before-house"),
            text("after-cat"),
            text("after-dog"),
            text("after-toy"),
            text("after-lion"),
            text("after-house"),
        )?;
        writeln!(
            f,
            "  the house cat: {} after the first step; it agrees with grandma's cat on {} of 8 entries, the toy on {}",
            text("house-after-first"),
            text("house-agrees"),
            text("toy-agrees")
        )?;
        writeln!(
            f,
            "  the weight of \"big\": {} before the lion's step, {} after; of \"says meow\": {}, then {}",
            text("big-before-lion"),
            text("big-after-lion"),
            text("meow-before-lion"),
            text("meow-after-lion")
        )?;
        writeln!(
            f,
            "  at the end \"big\" weighs {} and \"pointed ears\" {}",
            text("big-end"),
            text("ears-end")
        )?;
        writeln!(
            f,
            "  with η = {}: grandma's cat at {} after the toy, and {} at the end",
            significant(HASTY_ETA, 3),
            text("hasty-cat-after-toy"),
            text("hasty-cat-end")
        )?;
        writeln!(f)?;
        let gd = &self.gd;
        writeln!(
            f,
            "Palmer penguins: {} Adélie or Chinstrap ({} Chinstraps) from bill and flipper length, standardised.",
            text("penguin-count"),
            text("chinstrap-count")
        )?;
        writeln!(
            f,
            "  λ_max(XᵀX/n) = {}, so every step goes downhill for η ≤ 8/λ_max = {}",
            text("data-curvature"),
            text("safe-rate")
        )?;
        writeln!(
            f,
            "  gradient descent at that rate: {}; loss {}, accuracy {}",
            text("gd-steps"),
            text("gd-loss"),
            text("gd-accuracy")
        )?;
        writeln!(
            f,
            "  mean p = {} and the fraction of Chinstraps = {}: they differ by {}",
            text("mean-p"),
            text("fraction"),
            text("mean-p-gap")
        )?;
        writeln!(
            f,
            "  in millimetres: z = w_bill·bill + w_flipper·flipper + b with w_bill = {}, w_flipper = {}, b = {}",
            text("w-bill"),
            text("w-flipper"),
            text("b-mm")
        )?;
        writeln!(
            f,
            "  one more millimetre of bill multiplies the odds of a Chinstrap by e^w_bill = {}",
            text("odds-per-mm")
        )?;
        writeln!(
            f,
            "  SGD (batches of {}, η₀ = {}, τ = {}, {} steps): loss {}, accuracy {}, mean p {}",
            SGD_BOOK.2,
            significant(SGD_BOOK.0, 3),
            significant(SGD_BOOK.1, 3),
            SGD_BOOK.3,
            text("sgd-loss"),
            text("sgd-accuracy"),
            text("sgd-mean-p")
        )?;
        writeln!(
            f,
            "  gradient descent on all penguins with the same decaying rate: loss {}, mean p {}",
            text("sched-loss"),
            text("sched-mean-p")
        )?;
        writeln!(
            f,
            "    the rates add up to Σηₜ = {}; the flattest curvature at the fit is λ_min = {}; e^(−λ_min·Σηₜ) = {}",
            text("sum-eta"),
            text("lambda-min"),
            text("flat-factor")
        )?;
        writeln!(
            f,
            "    distance from the optimum: SGD {} ({}° off the flattest direction), decaying-rate GD {} ({}°)",
            text("sgd-distance"),
            text("sgd-flat-angle"),
            text("sched-distance"),
            text("sched-flat-angle")
        )?;
        writeln!(f, "  reliability, gradient descent's fit:")?;
        write_calibration(f, &gd.probabilities(), &gd.labels())?;
        let blurred = &self.blurred;
        writeln!(
            f,
            "  from flipper length and body mass instead: {}; loss {}, accuracy {}; reliability:",
            text("blurred-steps"),
            text("blurred-loss"),
            text("blurred-accuracy")
        )?;
        write_calibration(f, &blurred.probabilities(), &blurred.labels())?;
        writeln!(
            f,
            "  at the fit the largest curvature is {}, so the walk can settle for η < {} ({} times the safe rate):",
            text("local-curvature"),
            text("local-threshold"),
            text("local-over-safe")
        )?;
        writeln!(
            f,
            "    above that, the steepest direction is multiplied by 1 − ηλ_max = {} per step",
            text("above-factor")
        )?;
        writeln!(
            f,
            "    at {} of that, η = {}: the first step raises the excess loss from {} to {},",
            RATE_FACTORS[0],
            text("below-rate"),
            text("below-excess-0"),
            text("below-excess-1")
        )?;
        writeln!(
            f,
            "      and ‖∇L‖ ≤ 10⁻¹² from step {} on",
            text("below-steps"),
        )?;
        writeln!(
            f,
            "    at {} of it, η = {}: ‖∇L‖ falls to {} at step {},",
            RATE_FACTORS[1],
            text("above-rate"),
            text("above-closest"),
            text("above-closest-step"),
        )?;
        writeln!(
            f,
            "      and after {} steps it is back at {}, in a two-step cycle between two points {} and {}",
            text("above-steps"),
            text("above-gradient"),
            text("cycle-near"),
            text("cycle-far"),
        )?;
        writeln!(
            f,
            "      from the optimum (excess loss {}), where the curvature averaged over one jump is {} = 2/η",
            text("cycle-excess"),
            text("jump-curvature")
        )?;
        writeln!(
            f,
            "  all three species (softmax, η = {}, {THREE_STEPS} steps): accuracy {}",
            text("three-rate"),
            text("three-accuracy")
        )?;
        writeln!(f)?;
        let sep = &self.separable;
        writeln!(
            f,
            "Separable clouds ({} points, seed {}): maximum-margin θₘₘ with ‖θₘₘ‖ = {} (margin {}, ‖θₘₘ‖² = {})",
            sep.data.len(),
            separable::SEPARABLE_SEED,
            text("separator-norm"),
            text("margin"),
            text("separator-norm-squared")
        )?;
        writeln!(
            f,
            "  gradient descent at η = {} (every step downhill up to 8/λ_max(XᵀX/n) = {})",
            significant(sep.eta, 3),
            text("clouds-safe-rate")
        )?;
        writeln!(
            f,
            "  {} points at the margin; in the plane the line is 1/‖w‖ = {} from them; the next point's margin is {}",
            text("support-count"),
            text("plane-distance"),
            text("next-margin")
        )?;
        writeln!(
            f,
            "  (for seed {}, a typical draw, the next point's margin is {})",
            separable::TYPICAL_SEED,
            text("typical-next-margin")
        )?;
        writeln!(
            f,
            "  {:>6} {:>12} {:>10} {:>8} {:>12}",
            "t", "L", "tηL/‖θₘₘ‖²", "‖θ‖", "angle to θₘₘ"
        )?;
        for (k, c) in sep.checkpoints().iter().enumerate() {
            writeln!(
                f,
                "  {:>6} {:>12} {:>10} {:>8} {:>12}",
                c.t,
                scientific(c.loss, 2),
                text(SEP_RATIO[k]),
                text(SEP_NORM[k]),
                format!("{}°", text(SEP_ANGLE[k]))
            )?;
        }
        writeln!(
            f,
            "  ‖θ‖ grew by {} × ‖θₘₘ‖ per unit of ln t over the last decade; the least certain point has p = {}",
            text("growth-ratio"),
            text("plain-certainty")
        )?;
        writeln!(
            f,
            "  with θ_fin = θₜ − θₘₘ·ln t at the last step, ‖θ_fin,⊥‖/(‖θₘₘ‖ ln t) = {}° against the measured angle",
            text("angle-estimate")
        )?;
        writeln!(
            f,
            "  with L2 (μ = {}): {}; ‖θ‖ = {}, least certain point p = {}",
            significant(sep.mu, 3),
            text("l2-steps"),
            text("l2-norm"),
            text("l2-certainty")
        )?;
        write_shrinking(f, &self.shrinking)
    }
}

/// The penalised minima for ever weaker penalties, and their angles to
/// `θₘₘ`.
pub fn write_shrinking(f: &mut fmt::Formatter<'_>, shrinking: &[(f64, f64, f64)]) -> fmt::Result {
    write!(
        f,
        "  the minimum with L2 (Newton's method), its size and its angle to θₘₘ:"
    )?;
    for (k, (mu, angle, size)) in shrinking.iter().enumerate() {
        write!(
            f,
            "{} μ = {}: ‖θ‖ = {}, {}°",
            if k == 0 { "" } else { ";" },
            significant(*mu, 3),
            decimals(*size, 2),
            decimals(angle.to_degrees(), 1)
        )?;
    }
    writeln!(f)
}

/// A reliability table, printed.
pub fn write_calibration(
    f: &mut fmt::Formatter<'_>,
    probabilities: &[f64],
    labels: &[f64],
) -> fmt::Result {
    writeln!(
        f,
        "    {:<11} {:>6} {:>8} {:>10} {:>8}",
        "p in", "count", "mean p", "fraction", "± s.e."
    )?;
    for bin in calibration(probabilities, labels, BINS) {
        if bin.count == 0 {
            continue;
        }
        writeln!(
            f,
            "    {:<11} {:>6} {:>8} {:>10} {:>8}",
            format!("{}–{}", decimals(bin.lower, 1), decimals(bin.upper, 1)),
            bin.count,
            decimals(bin.mean_probability, 3),
            decimals(bin.fraction, 3),
            decimals(bin.standard_error, 3)
        )?;
    }
    Ok(())
}

/// `--set`: which data the reader's run learns from.
pub const SET: Opt = Opt::choice(
    "--set",
    &["story", "penguins", "separable", "species"],
    "what to learn: Xiao Ming's five animals, Adélie or Chinstrap penguins,\ntwo separable clouds, or all three penguin species with the softmax\n(default penguins)",
);

/// `--optimizer`: full-batch gradient descent or mini-batch SGD.
pub const OPTIMIZER: Opt = Opt::choice(
    "--optimizer",
    &["gd", "sgd"],
    "gradient descent on all the data, or SGD on batches of 32 with η₀/(1 + t/50)\n(default gd; not for the story, whose every step is SGD on one animal)",
);

/// `--lr`: the learning rate.
pub const LR: Opt = Opt::positive(
    "--lr",
    "ETA",
    "the learning rate, or SGD's η₀ (default: 0.5 for the story, the safe rate\n8/λ_max(XᵀX/n) for gd, 2 for sgd on the penguins, 1 on the clouds,\n4/λ_max(XᵀX/n) for the species)",
);

/// `--steps`: the length of the run.
pub const STEPS: Opt = Opt::count(
    "--steps",
    "N",
    1,
    100_000,
    "number of steps, 1 to 100000 (default 5 for the story, 5000 for gd,\n210 for sgd, 10000 on the clouds, 100 for the species)",
);

/// `--l2`: the strength of an L2 penalty.
pub const L2_OPTION: Opt = Opt::number(
    "--l2",
    "MU",
    0.0,
    10.0,
    "the strength μ of an L2 penalty (μ/2)·‖θ‖², 0 to 10 (default 0)",
);

/// `--seed`: the seed of SGD's batches and of the clouds.
pub const SEED_OPTION: Opt = Opt::seed(
    "--seed",
    "seed of SGD's batches (--optimizer sgd) or of the separable clouds,\n0 to 2⁶⁴ − 1 (default 10 for the batches, 137 for the clouds)",
);

/// What a reader asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// `story`, `penguins` or `separable`.
    pub set: &'static str,
    /// `gd` or `sgd`.
    pub optimizer: &'static str,
    /// The rate, or `None` for the default.
    pub eta: Option<f64>,
    /// The steps, or `None` for the default.
    pub steps: Option<usize>,
    /// `μ`.
    pub mu: f64,
    /// The seed, or `None` for the default.
    pub seed: Option<u64>,
}

impl Settings {
    /// The name of the reader's figure files, made of the options.
    pub fn file_stem(&self) -> String {
        let number = |v: f64| {
            let text = format!("{v}");
            if text.len() > 12 {
                format!("{v:e}")
            } else {
                text
            }
        };
        let mut stem = if self.set == "story" || self.set == "species" {
            self.set.to_string()
        } else {
            format!("{}-{}", self.set, self.optimizer)
        };
        if let Some(eta) = self.eta {
            stem.push_str(&format!("-lr-{}", number(eta)));
        }
        if let Some(steps) = self.steps {
            stem.push_str(&format!("-steps-{steps}"));
        }
        if self.mu > 0.0 {
            stem.push_str(&format!("-l2-{}", number(self.mu)));
        }
        if let Some(seed) = self.seed {
            stem.push_str(&format!("-seed-{seed}"));
        }
        stem
    }
}

/// How a walk ended, in words.
pub fn ending(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Diverged { step, .. } => {
            format!("diverged at step {step}: the loss ran away, so the run was stopped there")
        }
        other => other.to_string(),
    }
}

/// The reader's run of the story.
fn readers_story(settings: &Settings) -> Run {
    let steps = settings.steps.unwrap_or(ANIMALS.len());
    let story = Story::tell(settings.eta.unwrap_or(STORY_ETA), steps, settings.mu);
    let mut report = format!(
        "Chapter 10: Xiao Ming's corrections, {} steps of SGD with η = {}{}:\n",
        steps,
        significant(story.eta, 6),
        if settings.mu > 0.0 {
            format!(" and an L2 penalty μ = {}", significant(settings.mu, 6))
        } else {
            String::new()
        }
    );
    report.push_str(&Shown(|f: &mut fmt::Formatter<'_>| write_story(f, &story)).to_string());
    let end = story.final_probabilities();
    report.push_str("  at the end, p(cat):");
    for (a, p) in ANIMALS.iter().zip(&end) {
        report.push_str(&format!(" {} {}", a.short, decimals(*p, 3)));
        if a.short != "house cat" {
            report.push(',');
        }
    }
    report.push('\n');
    let mut run = Run::new(report);
    run.figures = vec![figures::story_figure(&story, &settings.file_stem())];
    run.data = Some(story_table());
    run.trace = Some(Trace {
        what: format!("the story with η = {}", significant(story.eta, 6)),
        table: Table::trace(&story.trajectory, &parameter_names(7)),
    });
    run
}

/// The reader's run on the penguins.
fn readers_penguins(settings: &Settings) -> Run {
    let raw = two_species();
    let scaled = FeatureScaling::standardising(&raw)
        .expect("the measurements vary")
        .apply_to(&raw);
    let safe = penguins::safe_rate(&scaled);
    let (method, steps) = if settings.optimizer == "sgd" {
        let (eta0, tau, batch, steps) = SGD_BOOK;
        (
            Method::Sgd {
                eta0: settings.eta.unwrap_or(eta0),
                tau,
                batch,
                seed: settings.seed.unwrap_or(CHECK_SEED),
            },
            settings.steps.unwrap_or(steps),
        )
    } else {
        (
            Method::Gd {
                eta: settings.eta.unwrap_or(safe),
            },
            settings.steps.unwrap_or(GD_STEPS),
        )
    };
    let result = fit(&raw, method, steps, settings.mu);
    let mut report = format!(
        "Chapter 10: Adélie or Chinstrap from bill and flipper length ({} penguins, standardised),\n  {}{}:\n  {}\n",
        result.data.len(),
        match method {
            Method::Gd { eta } => format!(
                "gradient descent with η = {} (every step downhill up to {})",
                significant(eta, 6),
                significant(safe, 4)
            ),
            Method::Sgd { eta0, .. } => format!(
                "SGD on batches of {} with η₀ = {}, decaying as η₀/(1 + t/{})",
                SGD_BOOK.2,
                significant(eta0, 6),
                significant(SGD_BOOK.1, 3)
            ),
            Method::Scheduled { eta0, tau } => format!(
                "gradient descent with η₀ = {}, decaying as η₀/(1 + t/{})",
                significant(eta0, 6),
                significant(tau, 3)
            ),
        },
        if settings.mu > 0.0 {
            format!(" and an L2 penalty μ = {}", significant(settings.mu, 6))
        } else {
            String::new()
        },
        ending(&result.trajectory.outcome)
    );
    if !result.trajectory.outcome.diverged() {
        let (w, b) = result.in_millimetres();
        report.push_str(&format!(
            "  loss {}, accuracy {}; mean p {} against the fraction of Chinstraps {}\n  in millimetres: z = w_bill·bill + w_flipper·flipper + b with w_bill = {}, w_flipper = {}, b = {}\n",
            decimals(result.loss(), 4),
            percent(result.accuracy()),
            decimals(result.mean_probability(), 6),
            decimals(result.positive_fraction(), 6),
            significant(w[0], 4),
            significant(w[1], 4),
            significant(b, 4)
        ));
        report.push_str("  reliability:\n");
        report.push_str(
            &Shown(|f: &mut fmt::Formatter<'_>| {
                write_calibration(f, &result.probabilities(), &result.labels())
            })
            .to_string(),
        );
    }
    let stem = settings.file_stem();
    let mut run = Run::new(report);
    run.figures = figures::penguin_figures(&result, &stem);
    run.data = Some(Table::data(
        &result.raw,
        &["bill_length_mm", "flipper_length_mm"],
        "chinstrap",
    ));
    run.trace = Some(Trace {
        what: "the penguin fit (standardised features)".to_string(),
        table: Table::trace(&result.trajectory, &["w_bill", "w_flipper", "b"]),
    });
    run
}

/// The reader's run on all three species, with the softmax.
fn readers_species(settings: &Settings) -> Result<Run, CliError> {
    if settings.optimizer == "sgd" {
        return Err(CliError(
            "--optimizer sgd goes with --set penguins; the species are fitted by gradient descent"
                .to_string(),
        ));
    }
    let steps = settings.steps.unwrap_or(THREE_STEPS);
    let three = ThreeSpecies::walk(settings.eta, steps, settings.mu);
    let mut report = format!(
        "Chapter 10: all three species from bill and flipper length ({} penguins, standardised),\n  softmax by gradient descent with η = {} (every step downhill up to 4/λ_max(XᵀX/n) = {}){}:\n  {}\n",
        three.data.len(),
        significant(three.eta, 6),
        decimals(three.safe_rate, 2),
        if settings.mu > 0.0 {
            format!(" and an L2 penalty μ = {}", significant(settings.mu, 6))
        } else {
            String::new()
        },
        ending(&three.trajectory.outcome)
    );
    if !three.trajectory.outcome.diverged() {
        report.push_str(&format!(
            "  loss {}, accuracy {}; named rightly:",
            decimals(three.loss(), 4),
            percent(three.accuracy())
        ));
        for (k, (count, right)) in three.right_by_species().iter().enumerate() {
            report.push_str(&format!(
                "{} {} {right} of {count}",
                if k == 0 { "" } else { "," },
                ["Adélie", "Chinstrap", "Gentoo"][k]
            ));
        }
        report.push('\n');
        let start = three.trajectory.losses[0];
        if three.loss() > start {
            report.push_str(&format!(
                "  the loss ended higher than it started ({} at θ = 0): these steps are too long\n  to settle, though the softmax's loss grows only in proportion to θ and never overflows\n",
                decimals(start, 4)
            ));
        }
    }
    let stem = settings.file_stem();
    let mut run = Run::new(report);
    run.figures = if three.trajectory.outcome.diverged() {
        vec![figures::loss_by_step(&three.trajectory.losses, &stem, true)]
    } else {
        vec![
            figures::species_figure(&three, &format!("{stem}-map")),
            figures::loss_by_step(&three.trajectory.losses, &stem, false),
        ]
    };
    run.data = Some(Table::data(
        &three.raw,
        &["bill_length_mm", "flipper_length_mm"],
        "species",
    ));
    let names: Vec<String> = ["adelie", "chinstrap", "gentoo"]
        .iter()
        .flat_map(|s| {
            [
                format!("{s}_w_bill"),
                format!("{s}_w_flipper"),
                format!("{s}_b"),
            ]
        })
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    run.trace = Some(Trace {
        what: "the softmax fit to the three species (standardised features)".to_string(),
        table: Table::trace(&three.trajectory, &names),
    });
    Ok(run)
}

/// The reader's run on the separable clouds.
fn readers_separable(settings: &Settings) -> Result<Run, CliError> {
    if settings.optimizer == "sgd" {
        return Err(CliError(
            "--optimizer sgd goes with --set penguins; the clouds are walked by gradient descent"
                .to_string(),
        ));
    }
    let seed = settings.seed.unwrap_or(separable::SEPARABLE_SEED);
    let eta = settings.eta.unwrap_or(separable::SEPARABLE_ETA);
    let steps = settings.steps.unwrap_or(separable::SEPARABLE_STEPS);
    let mu = if settings.mu > 0.0 {
        settings.mu
    } else {
        separable::SEPARABLE_MU
    };
    let Some(sep) = Separable::run(seed, eta, steps, mu) else {
        let mut run = Run::new(format!(
            "Chapter 10: the clouds for seed {seed} overlap, so no line separates them: the loss has a\n  minimum and the weights stay finite. Try another --seed, or --set penguins.\n"
        ));
        run.data = Some(Table::data(
            &separable::clouds(separable::SEPARABLE_COUNT, seed),
            &["x1", "x2"],
            "y",
        ));
        run.trace = None;
        return Ok(with_empty_trace(run));
    };
    let mut report = format!(
        "Chapter 10: two separable clouds (seed {seed}), gradient descent with η = {}\n  (every step downhill up to 8/λ_max(XᵀX/n) = {}), {}:\n  {}\n  maximum-margin θₘₘ: ‖θₘₘ‖ = {} (margin {})\n",
        significant(eta, 6),
        decimals(sep.safe_rate(), 2),
        format_args!("{steps} steps"),
        ending(&sep.trajectory.outcome),
        significant(sep.best.norm(), 4),
        significant(1.0 / sep.best.norm(), 4)
    );
    report.push_str(&format!(
        "  {:>6} {:>12} {:>10} {:>8} {:>12}\n",
        "t", "L", "tηL/‖θₘₘ‖²", "‖θ‖", "angle to θₘₘ"
    ));
    let mut t = 1;
    while t <= sep.trajectory.steps() {
        let c = sep.at(t);
        report.push_str(&format!(
            "  {:>6} {:>12} {:>10} {:>8} {:>12}\n",
            t,
            scientific(c.loss, 2),
            decimals(c.loss_ratio, 3),
            decimals(c.norm, 2),
            format!("{}°", decimals(c.angle.to_degrees(), 1))
        ));
        t *= 10;
    }
    report.push_str(&format!(
        "  with L2 (μ = {}): {}; ‖θ‖ = {}, angle to θₘₘ {}°\n",
        significant(mu, 4),
        ending(&sep.penalised.outcome),
        decimals(descent::objective::norm(sep.penalised.final_point()), 2),
        decimals(
            separable::angle(sep.penalised.final_point(), &sep.best.theta_mm).to_degrees(),
            1
        )
    ));
    let shrinking = sep.shrinking_penalties();
    report
        .push_str(&Shown(|f: &mut fmt::Formatter<'_>| write_shrinking(f, &shrinking)).to_string());
    let mut run = Run::new(report);
    run.figures = figures::separable_figures(&sep, &settings.file_stem());
    run.data = Some(Table::data(&sep.data, &["x1", "x2"], "y"));
    run.trace = Some(Trace {
        what: format!(
            "gradient descent on the clouds with η = {}",
            significant(eta, 6)
        ),
        table: Table::trace(&sep.trajectory, &["w1", "w2", "b"]),
    });
    Ok(run)
}

/// A run whose descent never started still has a (one-row) trace.
fn with_empty_trace(mut run: Run) -> Run {
    let trajectory = Trajectory {
        points: vec![vec![0.0; 3]],
        losses: vec![2f64.ln()],
        gradient_norms: vec![0.0],
        evaluations: vec![0],
        outcome: Outcome::BudgetExhausted { steps: 0 },
    };
    run.trace = Some(Trace {
        what: "no descent (the clouds overlap)".to_string(),
        table: Table::trace(&trajectory, &["w1", "w2", "b"]),
    });
    run
}

/// Displays whatever a closure writes.
struct Shown<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result>(F);

impl<F: Fn(&mut fmt::Formatter<'_>) -> fmt::Result> fmt::Display for Shown<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

/// `w1, …, wd, b`.
fn parameter_names(d: usize) -> Vec<&'static str> {
    const NAMES: [&str; 7] = ["w1", "w2", "w3", "w4", "w5", "w6", "w7"];
    let mut names = NAMES[..d].to_vec();
    names.push("b");
    names
}

/// The story's animals as a table: the seven features and the label.
pub fn story_table() -> Table {
    let mut table = Table::new(&[
        "black",
        "pointed_ears",
        "whiskers",
        "short_snout",
        "moves",
        "meows",
        "big",
        "cat",
    ]);
    for a in ANIMALS {
        let mut row: Vec<String> = a.x.iter().map(|v| cell(*v)).collect();
        row.push(cell(a.y));
        table.push(row);
    }
    table
}

/// Chapter 10 for the kit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter10;

impl Chapter for Chapter10 {
    fn number(&self) -> u32 {
        10
    }

    fn title(&self) -> &'static str {
        "From lines to cats: probability"
    }

    fn about(&self) -> &'static str {
        "With no options: prints the chapter's report (the stable cross-entropy,
Xiao Ming's corrections, the penguin fit with its calibration, separable data)
and redraws the book's figures in book/src/figures/chapter10/.

With options: runs one experiment of your choosing and draws it in
target/downhill/chapter10/ (the book's figures are left alone)."
    }

    fn options(&self) -> &'static [Opt] {
        &[SET, OPTIMIZER, LR, STEPS, L2_OPTION, SEED_OPTION]
    }

    fn examples(&self) -> &'static [&'static str] {
        &[
            "--set story --steps 50",
            "--set story --steps 50 --l2 0.1",
            "--set penguins --optimizer sgd --seed 3",
            "--set penguins --lr 70 --steps 2000",
            "--set separable --l2 0.1",
            "--set species --lr 20",
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
        Run {
            report: report.to_string(),
            quotes: report.quotes(),
            figures: figures::book(&report),
            data: Some(Table::data(
                &report.gd.raw,
                &["bill_length_mm", "flipper_length_mm"],
                "chinstrap",
            )),
            trace: Some(Trace {
                what: "gradient descent on the penguins (standardised features)".to_string(),
                table: Table::trace(&report.gd.trajectory, &["w_bill", "w_flipper", "b"]),
            }),
        }
    }

    fn readers_run(&self, args: &mut Args) -> Result<Run, CliError> {
        let set = args.choice(&SET, "penguins")?;
        // "" when --optimizer is not given.
        let optimizer = args.choice(&OPTIMIZER, "")?;
        let eta = args.positive(&LR, f64::NAN)?;
        let steps = args.count(&STEPS, 0)?;
        let mu = args.number(&L2_OPTION, 0.0)?;
        let seed = args.seed(&SEED_OPTION, u64::MAX)?;
        args.finish()?;
        let seeded = seed != u64::MAX;
        if set == "story" && !optimizer.is_empty() {
            return Err(CliError(
                "--optimizer does nothing with --set story: each correction is one SGD step on one animal"
                    .to_string(),
            ));
        }
        if seeded
            && (set == "story" || set == "species" || (set == "penguins" && optimizer != "sgd"))
        {
            return Err(CliError(format!(
                "--seed does nothing with --set {set}{}: it seeds SGD's batches (--optimizer sgd) or the separable clouds",
                if set == "penguins" {
                    " and gradient descent"
                } else {
                    ""
                }
            )));
        }
        let settings = Settings {
            set,
            optimizer: if optimizer.is_empty() {
                "gd"
            } else {
                optimizer
            },
            eta: (!eta.is_nan()).then_some(eta),
            steps: (steps > 0).then_some(steps),
            mu,
            seed: seeded.then_some(seed),
        };
        match set {
            "story" => Ok(readers_story(&settings)),
            "separable" => readers_separable(&settings),
            "species" => readers_species(&settings),
            _ => Ok(readers_penguins(&settings)),
        }
    }

    fn exercises(&self) -> Vec<Exercise> {
        exercise_checks::readers_exercises()
    }

    fn reference_exercises(&self) -> Option<Vec<Exercise>> {
        exercise_checks::reference_exercises()
    }
}

/// The mean cross-entropy of `theta` on any data, for the tests and figures.
pub fn mean_cross_entropy(data: &DataSet<Vec<f64>>, theta: &[f64]) -> f64 {
    descent::risk::Risk {
        model: descent::model::Logistic {
            features: theta.len() - 1,
        },
        loss: CrossEntropy,
        data,
    }
    .value(theta)
}
