//! Chapter 9: adaptive step sizes.
//!
//! The experiments behind the chapter, each a function the example, the
//! tests and the book share:
//!
//! 1. gradient descent, Adagrad and Adam on the stretched bowl, and the
//!    adaptive walks on the round bowl ([`experiments::paths`]);
//! 2. Adagrad on ten raw points and on the penguins in millimetres, and the
//!    condition number its sums leave ([`experiments::rescue`]);
//! 3. a steady slope, where Adagrad's steps shrink like `1/√t`
//!    ([`experiments::slope_distances`]);
//! 4. RMSprop's memory: half-lives, a gradient that drops a hundredfold,
//!    and the centred variant on a steady slope;
//! 5. Adam's bias correction and the size of its steps;
//! 6. multiplying the loss by 1000 ([`experiments::scale_runs`]);
//! 7. Reddi, Kale and Kumar's online problem ([`experiments::reddi_walk`]);
//! 8. an L2 penalty against decoupled weight decay on an overfitted
//!    polynomial, each at its own best strength, over fresh draws of the
//!    noise ([`experiments::decay`]);
//! 9. every optimizer of chapters 2, 8 and 9, tuned, on four problems
//!    ([`compare::book_table`]).
//!
//! [`Report::compute`] runs them all; [`figures::figures`] draws them;
//! [`Chapter9`] is the command line.

pub mod compare;
pub mod exercise_checks;
pub mod exercises;
pub mod experiments;
pub mod figures;
pub mod methods;
pub mod readers;
/// The reference solutions to the exercises (absent from a student copy).
#[cfg(has_solutions)]
#[path = "../solutions/exercises.rs"]
pub mod solutions;
pub mod surfaces;

use std::fmt;

use harness::cli::{Args, CliError};
use harness::exercise::Exercise;
use harness::format::{decimals, scientific, significant};
use harness::quote::{Quote, text_of};
use harness::table::Table;
use harness::{Chapter, Run, Trace};

use compare::{
    Entry, Problem, REPORT_SEEDS, TUNING_SEEDS, book_table, mean_and_error, paired_difference,
};
use experiments::*;
use methods::Method;
use surfaces::{penguins, raw_line};

/// Every number the chapter's prose quotes, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The walks of the first figure.
    pub paths: Paths,
    /// Adagrad on the ten raw points.
    pub raw: Rescue,
    /// Adagrad on the penguins.
    pub penguins: Rescue,
    /// The distance Adagrad, RMSprop and Adam walk down a steady slope.
    pub slope: Vec<(Method, Vec<f64>)>,
    /// The step lengths of Adagrad, RMSprop `α = 0.9` and `α = 0.99` when
    /// the gradient drops.
    pub memory: [Vec<f64>; 3],
    /// Centred RMSprop's steps on a steady slope, `α = 0.99`.
    pub centred: Vec<f64>,
    /// The same for [`CENTRED_LONG`] steps, with the differences it
    /// divided by: gradient 1, then [`CENTRED_NAN_GRADIENT`].
    pub centred_long: [CentredRun; 2],
    /// Adam's last round of three steps on the online problem, in units of
    /// `ηₜ`.
    pub reddi_round: [f64; 3],
    /// The scale experiment.
    pub scale: Vec<Scaled>,
    /// Adam's and AMSGrad's walks on the online problem.
    pub reddi: [Vec<f64>; 2],
    /// The weight-decay experiment.
    pub decay: Decay,
    /// The side-by-side table.
    pub comparison: Vec<Entry>,
}

/// The steps of the centred experiment.
pub const CENTRED_STEPS: usize = 1000;

impl Report {
    /// Run every experiment of the chapter.
    pub fn compute() -> Self {
        let raw = raw_line();
        Report {
            paths: paths(),
            raw: rescue(&raw, RAW_STEPS, RESCUE_TUNED[0]),
            penguins: rescue(&penguins(), PENGUIN_STEPS, RESCUE_TUNED[1]),
            slope: [Method::Adagrad, Method::RmsProp, Method::Adam]
                .iter()
                .map(|&m| (m, slope_distances(m, SLOPE_STEPS)))
                .collect(),
            memory: [
                memory_steps(Method::Adagrad, 0.0),
                memory_steps(Method::RmsProp, 0.9),
                memory_steps(Method::RmsProp, 0.99),
            ],
            centred: centred_steps(0.99, CENTRED_STEPS),
            centred_long: [
                centred_run(0.99, 1.0, CENTRED_LONG),
                centred_run(0.99, CENTRED_NAN_GRADIENT, CENTRED_LONG),
            ],
            reddi_round: reddi_round(),
            scale: scale_runs(&raw),
            reddi: [reddi_walk(false), reddi_walk(true)],
            decay: decay(),
            comparison: book_table(),
        }
    }

    /// The table's entry for `method` on `problem`.
    pub fn entry(&self, problem: Problem, method: Method) -> &Entry {
        self.comparison
            .iter()
            .find(|e| e.problem == problem && e.method == method)
            .expect("every method runs on every problem")
    }

    /// The scale run of `method`.
    pub fn scaled(&self, method: Method) -> &Scaled {
        self.scale
            .iter()
            .find(|s| s.method == method)
            .expect("every method of SCALE_METHODS runs")
    }

    /// The numbers the prose quotes, exactly as printed.
    pub fn quotes(&self) -> Vec<Quote> {
        let mut q = Vec::new();
        let mut add = |name: &str, text: String| q.push(Quote::new(interned(name), text));
        add(
            "paths-adagrad-difference",
            scientific(
                largest_difference(&self.paths.adagrad[0], &self.paths.adagrad[1]),
                0,
            ),
        );
        add(
            "paths-adam-difference",
            scientific(
                largest_difference(&self.paths.adam[0], &self.paths.adam[1]),
                0,
            ),
        );
        add("paths-gd-eta", decimals(2.0 / (1.0 + PATH_KAPPA), 4));
        add("paths-adagrad-eta", significant(PATH_ADAGRAD_ETA, 3));
        add("paths-adam-eta", significant(PATH_ADAM_ETA, 3));
        // Adagrad on bad scaling.
        let raw = &self.raw;
        add("raw-eta-star", decimals(raw.eta_star, 4));
        add("raw-edge", decimals(raw.edge, 4));
        add("raw-star-factor", decimals(raw.star_factor, 4));
        add("raw-steep-factor", decimals(raw.steep_factor, 3));
        add(
            "raw-star-after",
            scientific(raw.at_star.relative[RAW_STEPS], 1),
        );
        add(
            "raw-gd-after",
            scientific(raw.gradient_descent.relative[RAW_STEPS], 1),
        );
        add("raw-kappa", decimals(raw.kappa, 0));
        add("raw-effective-kappa", decimals(raw.effective_kappa, 1));
        add("raw-adagrad-eta", significant(raw.adagrad.eta, 3));
        add(
            "raw-adagrad-steps",
            raw.adagrad
                .steps_to_tolerance()
                .map_or("none".to_string(), |s| s.to_string()),
        );
        add(
            "raw-gd-steps",
            raw.gradient_descent
                .steps_to_tolerance()
                .map_or("none".to_string(), |s| s.to_string()),
        );
        add("raw-gd-eta", significant(raw.gradient_descent.eta, 3));
        add("raw-gd-factor", decimals(raw.gd_factor, 4));
        add("raw-steep-share", decimals(100.0 * raw.steep_share, 1));
        add(
            "raw-gd-late-factor",
            decimals(raw.gradient_descent.late_factor(), 4),
        );
        add("raw-predicted-factor", decimals(raw.predicted_factor, 4));
        add("raw-late-factor", decimals(raw.adagrad.late_factor(), 4));
        let p = &self.penguins;
        add("penguin-kappa", scientific(p.kappa, 1));
        add("penguin-effective-kappa", scientific(p.effective_kappa, 1));
        add("penguin-adagrad-eta", significant(p.adagrad.eta, 3));
        add("penguin-gd-eta", significant(p.gradient_descent.eta, 3));
        add(
            "penguin-gd-after",
            decimals(p.gradient_descent.relative[PENGUIN_STEPS], 4),
        );
        add(
            "penguin-adagrad-after",
            decimals(p.adagrad.relative[PENGUIN_STEPS], 4),
        );
        // The slope.
        let distance = |m: Method| {
            self.slope
                .iter()
                .find(|(method, _)| *method == m)
                .map_or(f64::NAN, |(_, d)| d[SLOPE_STEPS])
        };
        add("slope-adagrad", decimals(distance(Method::Adagrad), 1));
        add("slope-rmsprop", decimals(distance(Method::RmsProp), 0));
        add("slope-adam", decimals(distance(Method::Adam), 0));
        add("slope-steps", adagrad_steps_to(1000.0).to_string());
        let rms = self
            .slope
            .iter()
            .find(|(method, _)| *method == Method::RmsProp)
            .map(|(_, d)| d[100] - d[99])
            .unwrap_or(f64::NAN);
        add("slope-rmsprop-100", decimals(rms, 2));
        // Memory.
        add("half-09", decimals(half_life(0.9), 2));
        add("half-099", decimals(half_life(0.99), 2));
        add("half-09-measured", measured_half_life(0.9).to_string());
        add("half-099-measured", measured_half_life(0.99).to_string());
        for (k, w) in memory_weights(0.9, 4).iter().enumerate() {
            add(&format!("weight-{k}"), significant(*w, 3));
        }
        add(
            "recovery-09",
            recovery_steps(&self.memory[1]).map_or("never".to_string(), |s| s.to_string()),
        );
        add(
            "memory-099-end",
            decimals(self.memory[2][MEMORY_STEPS - 1], 3),
        );
        add(
            "memory-adagrad-end",
            decimals(self.memory[0][MEMORY_STEPS - 1], 4),
        );
        add("centred-100", decimals(self.centred[99], 2));
        add("centred-1000", decimals(self.centred[CENTRED_STEPS - 1], 0));
        let [steady, small] = &self.centred_long;
        add(
            "centred-settled",
            steady
                .settled_from()
                .map_or("never".to_string(), |t| t.to_string()),
        );
        add(
            "centred-residue",
            scientific(*steady.differences.last().unwrap_or(&f64::NAN), 1),
        );
        add(
            "centred-end",
            scientific(*steady.lengths.last().unwrap_or(&f64::NAN), 1),
        );
        add("centred-nan-gradient", significant(CENTRED_NAN_GRADIENT, 3));
        add(
            "centred-nan-step",
            small
                .first_negative()
                .map_or("never".to_string(), |t| t.to_string()),
        );
        // Bias correction and step sizes.
        let (peak, at) = peak_ratio(0.9, 0.999);
        add("ratio-first", decimals(correction_ratio(0.9, 0.999, 1), 2));
        add("ratio-peak", decimals(peak, 2));
        add("ratio-peak-step", at.to_string());
        add("ratio-100", decimals(correction_ratio(0.9, 0.999, 100), 2));
        add(
            "ratio-1000",
            decimals(correction_ratio(0.9, 0.999, 1000), 2),
        );
        add(
            "ratio-equal-first",
            decimals(correction_ratio(0.9, 0.9, 1), 3),
        );
        add("bound", decimals(stated_bound(0.9, 0.999), 2));
        add("lone-step", decimals(lone_gradient_step(LONE_SILENCE), 4));
        add("lone-silence", LONE_SILENCE.to_string());
        add("largest-1000", decimals(largest_step(0.9, 0.999, 1000), 2));
        add("largest-limit", decimals(largest_step_limit(0.9, 0.999), 2));
        add("largest-first-above", first_above_bound().to_string());
        // Scale.
        add("scale-eta", decimals(scale_eta(&raw_line()), 4));
        add(
            "scale-gd-step",
            diverged(&self.scaled(Method::GradientDescent).scaled)
                .map_or("never".to_string(), |s| s.to_string()),
        );
        add(
            "scale-adagrad",
            scientific(self.scaled(Method::Adagrad).difference(), 0),
        );
        add(
            "scale-rmsprop",
            scientific(self.scaled(Method::RmsProp).difference(), 0),
        );
        add(
            "scale-adam",
            scientific(self.scaled(Method::Adam).difference(), 0),
        );
        // Reddi.
        add("reddi-adam-end", decimals(self.reddi[0][REDDI_STEPS], 3));
        add("reddi-amsgrad-end", decimals(self.reddi[1][REDDI_STEPS], 3));
        add("reddi-adam-regret", decimals(regret(&self.reddi[0]), 3));
        add("reddi-amsgrad-regret", decimals(regret(&self.reddi[1]), 3));
        let [down, up1, up2] = self.reddi_round;
        add("reddi-down", decimals(down, 3));
        add("reddi-up1", decimals(up1, 3));
        add("reddi-up2", decimals(up2, 3));
        add("reddi-ups", decimals(up1 + up2, 3));
        add("reddi-net", decimals(up1 + up2 - down, 3));
        // Weight decay.
        let d = &self.decay;
        for (name, runs) in [("none", &d.none), ("l2", &d.l2), ("w", &d.adamw)] {
            let (train, train_error) = mean_and_error(&runs.train);
            let (test, test_error) = mean_and_error(&runs.test);
            add(
                &format!("decay-{name}-train"),
                plus_minus(train, train_error, 4),
            );
            add(
                &format!("decay-{name}-test"),
                plus_minus(test, test_error, 4),
            );
        }
        add("decay-l2-mu", significant(d.l2.mu, 2));
        add("decay-w-mu", significant(d.adamw.mu, 2));
        add(
            "decay-mu-ratio",
            decimals((d.adamw.mu / d.l2.mu).log10(), 2),
        );
        let (difference, error) = paired_difference(&d.l2.test, &d.adamw.test);
        add("decay-difference", plus_minus(difference, error, 4));
        add(
            "decay-l2-wins",
            d.l2.test
                .iter()
                .zip(&d.adamw.test)
                .filter(|(a, b)| a < b)
                .count()
                .to_string(),
        );
        add("decay-draws", d.l2.test.len().to_string());
        add(
            "decay-l2-gain",
            decimals(100.0 * (1.0 - mean(&d.l2.test) / mean(&d.none.test)), 0),
        );
        add(
            "decay-w-gain",
            decimals(100.0 * (1.0 - mean(&d.adamw.test) / mean(&d.none.test)), 0),
        );
        add("decay-ridge-distance", scientific(d.shown_l2.to_ridge, 0));
        add(
            "decay-adamw-ridge-distance",
            decimals(d.shown_adamw.to_ridge, 2),
        );
        add(
            "decay-spread",
            decimals(d.shown_l2.spread.0 / d.shown_l2.spread.1, 0),
        );
        // The comparison.
        for e in &self.comparison {
            let name = entry_name(e.problem, e.method);
            let gap = if e.runs.len() > 1 {
                gap_with_error(e.relative, e.error)
            } else {
                gap_text(e.relative)
            };
            add(&format!("{name}-gap"), gap);
            add(&format!("{name}-eta"), significant(e.eta, 3));
        }
        add("grid-count", compare::GRID_EXPONENTS.count().to_string());
        add("decay-grid-count", DECAY_EXPONENTS.count().to_string());
        let (low, high) = noisy_ratios(&self.comparison);
        add("cmp-noisy-low-ratio", decimals(low, 2));
        add("cmp-noisy-high-ratio", decimals(high, 2));
        let c = self.claims();
        add("cmp-adam-behind-low", decimals(c.adam_behind.0, 0));
        add("cmp-adam-behind-high", decimals(c.adam_behind.1, 0));
        add("cmp-peng-spread", decimals(c.penguin_spread, 1));
        add("cmp-trail-decades", decimals(c.trail_decades, 1));
        add("cmp-amsgrad-bowl", decimals(c.amsgrad_over_adam[0], 2));
        add("cmp-amsgrad-rosen", decimals(c.amsgrad_over_adam[1], 1));
        add("cmp-amsgrad-peng", decimals(c.amsgrad_over_adam[3], 2));
        add("cmp-span-low", decimals(c.rate_spans.0, 1));
        add("cmp-span-high", decimals(c.rate_spans.1, 1));
        q
    }
}

/// The side-by-side table's numbers that the prose reads off it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Claims {
    /// How many times Adam's gap is the winner's, on the turned bowl and in
    /// Rosenbrock's valley: the smaller and the larger of the two.
    pub adam_behind: (f64, f64),
    /// On the penguins, the largest gap over the smallest.
    pub penguin_spread: f64,
    /// By how many decades Adagrad and RMSprop trail Adam at least, on the
    /// turned bowl and in Rosenbrock's valley.
    pub trail_decades: f64,
    /// AMSGrad's gap over Adam's, problem by problem.
    pub amsgrad_over_adam: [f64; 4],
    /// Over the methods, the smallest and the largest span, in decades, of
    /// a method's best rates across the four problems.
    pub rate_spans: (f64, f64),
}

impl Report {
    /// What the prose reads off the side-by-side table.
    pub fn claims(&self) -> Claims {
        let gap = |p, m| self.entry(p, m).relative;
        let winner = |p| compare::winner(&self.comparison, p);
        let behind: Vec<f64> = [Problem::TurnedBowl, Problem::Rosenbrock]
            .iter()
            .map(|&p| gap(p, Method::Adam) / gap(p, winner(p)))
            .collect();
        let penguins: Vec<f64> = Method::ALL
            .iter()
            .map(|&m| gap(Problem::Penguins, m))
            .collect();
        let mut trail = f64::INFINITY;
        for p in [Problem::TurnedBowl, Problem::Rosenbrock] {
            for m in [Method::Adagrad, Method::RmsProp] {
                trail = trail.min((gap(p, m) / gap(p, Method::Adam)).log10());
            }
        }
        let spans: Vec<f64> = Method::ALL
            .iter()
            .map(|&m| {
                let rates: Vec<f64> = Problem::ALL.iter().map(|&p| self.entry(p, m).eta).collect();
                (largest(&rates) / smallest(&rates)).log10()
            })
            .collect();
        Claims {
            adam_behind: (smallest(&behind), largest(&behind)),
            penguin_spread: largest(&penguins) / smallest(&penguins),
            trail_decades: trail,
            amsgrad_over_adam: Problem::ALL.map(|p| gap(p, Method::AmsGrad) / gap(p, Method::Adam)),
            rate_spans: (smallest(&spans), largest(&spans)),
        }
    }
}

fn largest(values: &[f64]) -> f64 {
    values.iter().cloned().fold(f64::NEG_INFINITY, f64::max)
}

fn smallest(values: &[f64]) -> f64 {
    values.iter().cloned().fold(f64::INFINITY, f64::min)
}

/// `name` as a `&'static str`, leaked once per distinct name (the quotes'
/// names are a fixed, small set).
fn interned(name: &str) -> &'static str {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut names = NAMES
        .get_or_init(|| Mutex::new(HashSet::new()))
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(known) = names.get(name) {
        return known;
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    names.insert(leaked);
    leaked
}

/// How many silent steps come before the lone gradient.
pub const LONE_SILENCE: usize = 10_000;

/// The first step at which some sequence of gradients makes Adam's step
/// (defaults) longer than the stated bound.
pub fn first_above_bound() -> usize {
    let bound = stated_bound(0.9, 0.999);
    (1..100_000)
        .find(|&t| largest_step(0.9, 0.999, t) > bound)
        .unwrap_or(0)
}

/// Gradient descent's best rate on a quadratic, `2/(λ_min + λ_max)`: the
/// rate of the scale experiment.
pub fn scale_eta(q: &surfaces::Quadratic) -> f64 {
    let (small, large) = q.curvatures();
    2.0 / (small + large)
}

/// A relative gap as the table prints it.
pub fn gap_text(v: f64) -> String {
    if v.is_infinite() {
        "diverged".to_string()
    } else if v == 0.0 {
        "0".to_string()
    } else {
        scientific(v, 1)
    }
}

/// On the noisy line, the methods that divide by a running average of
/// squared gradients (RMSprop, Adam, AMSGrad, AdamW) against the others:
/// the lowest of their mean gaps over the highest of the others', and the
/// highest over the lowest.
pub fn noisy_ratios(entries: &[Entry]) -> (f64, f64) {
    let averaged = |m: Method| {
        matches!(
            m,
            Method::RmsProp | Method::Adam | Method::AmsGrad | Method::AdamW
        )
    };
    let (mut front, mut back) = ((f64::INFINITY, 0.0_f64), (f64::INFINITY, 0.0_f64));
    for e in entries.iter().filter(|e| e.problem == Problem::NoisyLine) {
        let side = if averaged(e.method) {
            &mut back
        } else {
            &mut front
        };
        side.0 = side.0.min(e.relative);
        side.1 = side.1.max(e.relative);
    }
    (back.0 / front.1, back.1 / front.0)
}

/// A mean with its standard error, both with `digits` decimals:
/// `0.0234 ± 0.0019`.
pub fn plus_minus(mean: f64, error: f64, digits: usize) -> String {
    format!("{} ± {}", decimals(mean, digits), decimals(error, digits))
}

/// The mean of `values`.
pub fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

/// A mean gap with its standard error, in the mean's power of ten, with
/// enough decimals to show the error's first digit (at least one, at most
/// three): `(2.13 ± 0.05) × 10⁻³`.
pub fn gap_with_error(mean: f64, error: f64) -> String {
    let exponent = mean.log10().floor() as i32;
    let unit = 10f64.powi(exponent);
    let digits = if error > 0.0 {
        (-(error / unit).log10().floor()).clamp(1.0, 3.0) as usize
    } else {
        1
    };
    format!(
        "({} ± {}) × {}",
        decimals(mean / unit, digits),
        decimals(error / unit, digits),
        harness::format::power_of_ten(exponent)
    )
}

/// The quote name of a table entry.
pub fn entry_name(problem: Problem, method: Method) -> String {
    let p = match problem {
        Problem::TurnedBowl => "bowl",
        Problem::Rosenbrock => "rosen",
        Problem::NoisyLine => "noisy",
        Problem::Penguins => "peng",
    };
    format!("cmp-{p}-{}", method.cli())
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.quotes();
        let t = |name: &str| text_of(&q, name);
        writeln!(f, "Chapter 9: adaptive step sizes")?;
        writeln!(f)?;
        writeln!(
            f,
            "The bowl (θ₁² + 100θ₂²)/2 against the round bowl, {PATH_STEPS} steps: the walks differ by at most {} (Adagrad) and {} (Adam).",
            t("paths-adagrad-difference"),
            t("paths-adam-difference")
        )?;
        writeln!(
            f,
            "  (gradient descent at η* = {}, Adagrad at η = {}, Adam at η = {})",
            t("paths-gd-eta"),
            t("paths-adagrad-eta"),
            t("paths-adam-eta")
        )?;
        writeln!(f)?;
        writeln!(f, "Adagrad on badly scaled data:")?;
        writeln!(
            f,
            "  ten raw points: κ = {} becomes {} for Adagrad (η = {}); {} steps to a millionth of the excess;",
            t("raw-kappa"),
            t("raw-effective-kappa"),
            t("raw-adagrad-eta"),
            t("raw-adagrad-steps")
        )?;
        writeln!(
            f,
            "    {}% of the starting excess lies along the steepest direction; late factor {} predicted, {} measured;",
            t("raw-steep-share"),
            t("raw-predicted-factor"),
            t("raw-late-factor")
        )?;
        writeln!(
            f,
            "    gradient descent at its best rate of the same grid, η = {}: {} steps, late factor {} predicted, {} measured",
            t("raw-gd-eta"),
            t("raw-gd-steps"),
            t("raw-gd-factor"),
            t("raw-gd-late-factor")
        )?;
        writeln!(
            f,
            "    (η* = {}, 2/λ_max = {}; the steep direction's factor {} at η = {}, {} at η*; after {RAW_STEPS} steps {} of the excess is left at η = {}, {} at η*)",
            t("raw-eta-star"),
            t("raw-edge"),
            t("raw-steep-factor"),
            t("raw-gd-eta"),
            t("raw-star-factor"),
            t("raw-gd-after"),
            t("raw-gd-eta"),
            t("raw-star-after")
        )?;
        writeln!(
            f,
            "  penguins in mm and g: κ = {} becomes {} (η = {}); after {PENGUIN_STEPS} steps the excess left is {} (Adagrad), {} (gradient descent at η = {})",
            t("penguin-kappa"),
            t("penguin-effective-kappa"),
            t("penguin-adagrad-eta"),
            t("penguin-adagrad-after"),
            t("penguin-gd-after"),
            t("penguin-gd-eta")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "A steady slope, {SLOPE_STEPS} steps at η = 1: Adagrad walks {}, RMSprop {}, Adam {}; Adagrad needs {} steps to walk 1000;",
            t("slope-adagrad"),
            t("slope-rmsprop"),
            t("slope-adam"),
            t("slope-steps")
        )?;
        writeln!(
            f,
            "  RMSprop's step 100 is still {} η long.",
            t("slope-rmsprop-100")
        )?;
        writeln!(
            f,
            "Half-lives of RMSprop's average: {} steps at α = 0.9 (measured {}), {} at α = 0.99 (measured {}).",
            t("half-09"),
            t("half-09-measured"),
            t("half-099"),
            t("half-099-measured")
        )?;
        writeln!(
            f,
            "The weights of RMSprop's average at α = 0.9, newest first: {}, {}, {}, {}, …",
            t("weight-0"),
            t("weight-1"),
            t("weight-2"),
            t("weight-3")
        )?;
        writeln!(
            f,
            "After the gradient drops a hundredfold: RMSprop α = 0.9 is back to η/2 after {} steps; α = 0.99 is at {} η, Adagrad at {} η after {} steps.",
            t("recovery-09"),
            t("memory-099-end"),
            t("memory-adagrad-end"),
            MEMORY_STEPS - DROP_AT
        )?;
        writeln!(
            f,
            "Centred RMSprop (α = 0.99) on a steady slope: step {} η at t = 100, {} η at t = 1000;",
            t("centred-100"),
            t("centred-1000")
        )?;
        writeln!(
            f,
            "  from step {} on, v − ḡ² is rounding residue, {}, and every step {} η; with gradient {} it is negative (NaN) from step {}.",
            t("centred-settled"),
            t("centred-residue"),
            t("centred-end"),
            t("centred-nan-gradient"),
            t("centred-nan-step")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Adam without bias correction, steady gradient: steps {} times too long at t = 1, {} at t = {} (the most), {} at t = 100, {} at t = 1000;",
            t("ratio-first"),
            t("ratio-peak"),
            t("ratio-peak-step"),
            t("ratio-100"),
            t("ratio-1000")
        )?;
        writeln!(
            f,
            "  with β₁ = β₂ = 0.9 the first step is {} times too short.",
            t("ratio-equal-first")
        )?;
        writeln!(
            f,
            "Step bound (1 − β₁)/√(1 − β₂) = {} η; a lone gradient after {} silent steps moves {} η;",
            t("bound"),
            t("lone-silence"),
            t("lone-step")
        )?;
        writeln!(
            f,
            "  exceeded from step {} on: the largest possible step is {} η at t = 1000, {} η in the limit.",
            t("largest-first-above"),
            t("largest-1000"),
            t("largest-limit")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "The raw points' loss times {SCALE}, η = {}: gradient descent diverges at step {}; the walks move by at most {} (Adagrad), {} (RMSprop), {} (Adam).",
            t("scale-eta"),
            t("scale-gd-step"),
            t("scale-adagrad"),
            t("scale-rmsprop"),
            t("scale-adam")
        )?;
        writeln!(
            f,
            "Online problem (C = {REDDI_C}, η/√t with η = {REDDI_ETA}, {REDDI_STEPS} steps): Adam ends at {} (regret per step {}), AMSGrad at {} ({}).",
            t("reddi-adam-end"),
            t("reddi-adam-regret"),
            t("reddi-amsgrad-end"),
            t("reddi-amsgrad-regret")
        )?;
        writeln!(
            f,
            "  Adam's last round, in units of ηₜ: {} down, then {} and {} up ({} up in all, {} net up).",
            t("reddi-down"),
            t("reddi-up1"),
            t("reddi-up2"),
            t("reddi-ups"),
            t("reddi-net")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Degree-{} polynomial on {} points, {} fresh draws of the noise, Adam at η = {DECAY_ETA} for {DECAY_STEPS} steps",
            surfaces::POLY_DEGREE,
            surfaces::POLY_POINTS,
            DECAY_REPORT_DRAWS.count()
        )?;
        writeln!(
            f,
            "  (mean squared errors, mean ± standard error over the draws; μ the best of the {} strengths 10^(j/4), j = −20…6, on draws {}–{}):",
            t("decay-grid-count"),
            DECAY_TUNING_DRAWS.start(),
            DECAY_TUNING_DRAWS.end()
        )?;
        for (label, name, mu) in [
            ("no decay", "none", "0".to_string()),
            ("Adam + L2", "l2", t("decay-l2-mu").to_string()),
            ("AdamW", "w", t("decay-w-mu").to_string()),
        ] {
            writeln!(
                f,
                "  {label:<10} μ = {mu:<7} train {}   test {}",
                t(&format!("decay-{name}-train")),
                t(&format!("decay-{name}-test"))
            )?;
        }
        writeln!(
            f,
            "  the best μ differ by {} decades; test error below no decay by {}% (Adam + L2) and {}% (AdamW);",
            t("decay-mu-ratio"),
            t("decay-l2-gain"),
            t("decay-w-gain")
        )?;
        writeln!(
            f,
            "  Adam + L2 minus AdamW: {}; Adam + L2 lower on {} of the {} draws",
            t("decay-difference"),
            t("decay-l2-wins"),
            t("decay-draws")
        )?;
        writeln!(
            f,
            "  first draw, μ = {DECAY_SHOWN}: Adam + L2 ends {} from the ridge solution, AdamW {}; the L2 pull differs {}-fold between coefficients",
            t("decay-ridge-distance"),
            t("decay-adamw-ridge-distance"),
            t("decay-spread")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Side by side, each at its best rate of the {} rates 10^(j/10), j = −60…30",
            t("grid-count")
        )?;
        writeln!(
            f,
            "  (the mean gap over the last tenth of the steps, as a share of the start; rate);"
        )?;
        writeln!(
            f,
            "  on the line, tuned on seeds {}–{}, mean ± standard error over seeds {}–{}:",
            TUNING_SEEDS.start(),
            TUNING_SEEDS.end(),
            REPORT_SEEDS.start(),
            REPORT_SEEDS.end()
        )?;
        write!(f, "  {:<18}", "")?;
        for problem in Problem::ALL {
            write!(f, "{:<34}", problem.name())?;
        }
        writeln!(f)?;
        for method in Method::ALL {
            write!(f, "  {:<18}", method.name())?;
            for problem in Problem::ALL {
                let name = entry_name(problem, method);
                write!(
                    f,
                    "{:<34}",
                    format!(
                        "{} ({})",
                        t(&format!("{name}-gap")),
                        t(&format!("{name}-eta"))
                    )
                )?;
            }
            writeln!(f)?;
        }
        writeln!(
            f,
            "  on the line, RMSprop, Adam, AMSGrad and AdamW end {} to {} times as high as the others",
            t("cmp-noisy-low-ratio"),
            t("cmp-noisy-high-ratio")
        )?;
        writeln!(
            f,
            "  Adam {} to {} times the winner's gap on the bowl and in the valley; Adagrad and RMSprop at least {} decades above Adam there;",
            t("cmp-adam-behind-low"),
            t("cmp-adam-behind-high"),
            t("cmp-trail-decades")
        )?;
        writeln!(
            f,
            "  penguins: largest gap {} times the smallest; AMSGrad over Adam {} (bowl), {} (valley), {} (penguins);",
            t("cmp-peng-spread"),
            t("cmp-amsgrad-bowl"),
            t("cmp-amsgrad-rosen"),
            t("cmp-amsgrad-peng")
        )?;
        writeln!(
            f,
            "  each method's best rate spans {} to {} decades across the problems",
            t("cmp-span-low"),
            t("cmp-span-high")
        )?;
        Ok(())
    }
}

/// Chapter 9 for the kit: the book's run, the reader's experiment, and the
/// exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter9;

impl Chapter for Chapter9 {
    fn number(&self) -> u32 {
        9
    }

    fn title(&self) -> &'static str {
        "Adaptive step sizes"
    }

    fn about(&self) -> &'static str {
        "With no options: prints every number the chapter quotes and redraws the
book's figures in book/src/figures/chapter9/.

With options: runs one optimizer, with every PyTorch option, on a surface,
and draws the walk and its loss in target/downhill/chapter9/. An unset
--lr defaults to the best rate of the grid 10^(j/10), j = −60…30, for your
settings."
    }

    fn options(&self) -> &'static [harness::cli::Opt] {
        readers::OPTIONS
    }

    fn examples(&self) -> &'static [&'static str] {
        &[
            "--optimizer adam",
            "--optimizer adagrad --surface raw",
            "--optimizer adam --surface bowl --kappa 10000 --lr 0.1 --steps 40",
            "--optimizer amsgrad --surface turned --kappa 1000",
            "--optimizer adamw --weight-decay 0.1 --surface penguins",
            "--optimizer sgd --surface line --lr 0.0251 --seed 3",
            "--optimizer adam --surface raw --scale 1000 --lr 0.05",
            "--optimizer rmsprop --centered --lr 0.0001 --steps 3000",
        ]
    }

    fn runs_descent(&self) -> bool {
        true
    }

    fn book_run(&self) -> Run {
        let report = Report::compute();
        let trace = Trace {
            what: format!(
                "Adam (η = {PATH_ADAM_ETA}) on the bowl (θ₁² + {PATH_KAPPA}θ₂²)/2 from (1, 0.6)"
            ),
            table: Table::trace(&report.paths.adam[0], &["theta1", "theta2"]),
        };
        Run {
            report: report.to_string(),
            quotes: report.quotes(),
            figures: figures::figures(&report),
            data: None,
            trace: Some(trace),
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
