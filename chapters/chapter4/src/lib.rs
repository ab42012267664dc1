//! Chapter 4: the role of x, data shapes the landscape.
//!
//! The experiments behind the chapter, each a function the example, the
//! tests and the book share:
//!
//! 1. ten points at `x = 1, …, 10`: each point's loss is a trough, the mean
//!    loss a bowl whose curvature is made of the `x` values;
//! 2. the condition number `κ`, the best fixed rate `2/(λ_max + λ_min)` and
//!    the steps it needs, for raw, centred and standardised `x`;
//! 3. exact line search, whose consecutive gradients are orthogonal;
//! 4. the Palmer penguins: body mass from flipper length and bill depth, in
//!    millimetres and standardised;
//! 5. a look ahead: the condition of polynomial features.
//!
//! [`Report::compute`] runs them all; [`figures::book`] draws the figures.

pub mod exercise_checks;
pub mod exercises;
pub mod features;
pub mod figures;
pub mod landscape;
/// The reference solutions to the exercises (absent from a student copy).
#[cfg(has_solutions)]
#[path = "../solutions/exercises.rs"]
pub mod solutions;

use std::fmt;

use descent::data::DataSet;
use descent::line::hessian;
use harness::cli::{Args, CliError, Opt};
use harness::exercise::Exercise;
use harness::format::{decimals, distinct, scientific, significant};
use harness::penguins::Penguins;
use harness::quote::{Quote, text_of};
use harness::table::{Table, cell};
use harness::{Chapter, Run, Trace};

pub use features::{
    PENGUIN_STEPS, POLYNOMIAL_DEGREE, POLYNOMIAL_INTERVALS, POLYNOMIAL_POINTS, PenguinFit, Rate,
    penguin_data, polynomial_condition,
};
pub use landscape::{
    COUNT, Curvature, Decay, ExactLineSearch, Method, NOISE, SEED, START, Scaling, TOLERANCE,
    TRUTH, Walk, X_RANGE, data, line_eigen, line_search_factor, steps_at_factor, steps_bound,
};

/// The steps of the book's walks on the ten points.
pub const BOOK_STEPS: usize = 1000;

/// The book's walk on `data` with its inputs scaled by `scaling`: at that
/// scaling's best fixed rate `2/(λ_max + λ_min)`, for [`BOOK_STEPS`] steps.
pub fn book_walk(data: &DataSet, scaling: Scaling) -> Walk {
    let scaled = scaling.of(data).expect("x varies").apply_to_one(data);
    let eta = Curvature::of(&scaled).best_rate();
    Walk::run(data, scaling, Method::Fixed(eta), BOOK_STEPS)
}

/// Every number the chapter's prose quotes, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The ten points.
    pub data: DataSet,
    /// Raw, centred and standardised walks at their best fixed rates.
    pub walks: Vec<Walk>,
    /// Exact line search on the centred inputs.
    pub line_search: Walk,
    /// Exact line search on the raw inputs, from the same start.
    pub line_search_raw: Walk,
    /// The penguins: raw at the best rate, raw at `1/λ_max`, standardised
    /// at the best rate.
    pub penguins: Vec<PenguinFit>,
    /// How many rows of the penguin file miss a value, and how many rows it has.
    pub penguin_rows: (usize, usize),
    /// `κ` of the polynomial features of degree 1 to 5, on each of
    /// [`POLYNOMIAL_INTERVALS`].
    pub polynomial: Vec<[f64; 3]>,
}

impl Report {
    /// Run every experiment of the chapter.
    pub fn compute() -> Self {
        let data = data(X_RANGE.0, X_RANGE.1, SEED);
        let walks = Scaling::ALL
            .iter()
            .map(|&scaling| book_walk(&data, scaling))
            .collect();
        let line_search = Walk::run(&data, Scaling::Centred, Method::LineSearch, BOOK_STEPS);
        let line_search_raw = Walk::run(&data, Scaling::Raw, Method::LineSearch, BOOK_STEPS);
        let raw = penguin_data();
        let penguins = vec![
            PenguinFit::run(&raw, Scaling::Raw, Rate::Best, PENGUIN_STEPS),
            PenguinFit::run(&raw, Scaling::Raw, Rate::InverseLargest, PENGUIN_STEPS),
            PenguinFit::run(&raw, Scaling::Standardised, Rate::Best, PENGUIN_STEPS),
        ];
        let file = Penguins::load();
        let polynomial = (1..=POLYNOMIAL_DEGREE)
            .map(|k| {
                POLYNOMIAL_INTERVALS.map(|(a, b)| polynomial_condition(k, a, b, POLYNOMIAL_POINTS))
            })
            .collect();
        Report {
            data,
            walks,
            line_search,
            line_search_raw,
            penguins,
            penguin_rows: (file.incomplete(), file.rows.len()),
            polynomial,
        }
    }

    /// The walk on inputs scaled by `scaling`.
    pub fn walk(&self, scaling: Scaling) -> &Walk {
        &self.walks[Scaling::ALL.iter().position(|s| *s == scaling).unwrap_or(0)]
    }

    /// The numbers the prose quotes, exactly as printed.
    pub fn quotes(&self) -> Vec<Quote> {
        let h = hessian(&self.data);
        let raw = self.walk(Scaling::Raw);
        let centred = self.walk(Scaling::Centred);
        let standardised = self.walk(Scaling::Standardised);
        let search = &self.line_search;
        let search_raw = &self.line_search_raw;
        let [p_raw, p_half, p_std] = [&self.penguins[0], &self.penguins[1], &self.penguins[2]];
        let (raw_w, raw_b) = p_raw.raw_fit();
        let (means, sds) = features::penguin_moments();
        let steps = |walk: &Walk| {
            walk.steps_to_tolerance()
                .map_or("—".into(), |t| t.to_string())
        };
        let last = |fit: &PenguinFit| fit.relative_excess()[fit.trajectory.steps()];
        let half_parts = p_half.parts_after(PENGUIN_STEPS as u64);
        let half_decay = p_half.decay();
        let std_decay = p_std.decay();
        // The standardised penguins' eigenvalue-1 direction (the intercept)
        // is the middle one of 1 + |r|, 1, 1 − |r|.
        let std_start = p_std.parts_after(0);
        let intercept_share = std_start[1];
        let [poly_unit, poly_centred, poly_symmetric] = self.polynomial[POLYNOMIAL_DEGREE - 1];
        vec![
            Quote::new("mean-x2", significant(h[0][0], 4)),
            Quote::new("mean-x", significant(h[0][1], 4)),
            Quote::new("x-sd", decimals(standardised.feature_scaling.scale[0], 3)),
            Quote::new("raw-largest", decimals(raw.curvature.largest, 2)),
            Quote::new("raw-smallest", decimals(raw.curvature.smallest, 3)),
            Quote::new("raw-kappa", decimals(raw.curvature.condition_number(), 1)),
            Quote::new("raw-threshold", decimals(raw.curvature.threshold(), 4)),
            Quote::new("raw-best-rate", decimals(raw.curvature.best_rate(), 4)),
            Quote::new("raw-factor", decimals(raw.curvature.best_factor(), 4)),
            Quote::new("raw-steps", steps(raw)),
            Quote::new(
                "centred-kappa",
                significant(centred.curvature.condition_number(), 4),
            ),
            Quote::new(
                "centred-best-rate",
                decimals(centred.curvature.best_rate(), 4),
            ),
            Quote::new(
                "centred-factor",
                decimals(centred.curvature.best_factor(), 4),
            ),
            Quote::new("centred-steps", steps(centred)),
            Quote::new(
                "standardised-kappa",
                significant(standardised.curvature.condition_number(), 6),
            ),
            Quote::new(
                "standardised-best-rate",
                significant(standardised.curvature.best_rate(), 6),
            ),
            Quote::new("standardised-steps", steps(standardised)),
            Quote::new("search-steps", steps(search)),
            Quote::new("search-cosine", cosine_bound(search.worst_cosine())),
            Quote::new("search-factor", decimals(search.step_factors()[0], 4)),
            Quote::new(
                "search-bound",
                decimals(search.curvature.best_factor().powi(2), 4),
            ),
            Quote::new("search-raw-steps", steps(search_raw)),
            Quote::new(
                "search-raw-factor",
                significant(search_raw.step_factors()[0], 2),
            ),
            Quote::new(
                "search-raw-angle",
                format!("{}°", decimals(search_raw.first_gradient_angle(), 2)),
            ),
            Quote::new(
                "search-raw-bound",
                decimals(search_raw.curvature.best_factor().powi(2), 4),
            ),
            Quote::new("penguin-rows", self.penguin_rows.1.to_string()),
            Quote::new("penguin-incomplete", self.penguin_rows.0.to_string()),
            Quote::new(
                "penguin-sex-only",
                (self.penguin_rows.0 + p_raw.data.len() - self.penguin_rows.1).to_string(),
            ),
            Quote::new("penguin-count", p_raw.data.len().to_string()),
            Quote::new("flipper-mean", decimals(means[0], 1)),
            Quote::new("flipper-sd", decimals(sds[0], 1)),
            Quote::new("depth-mean", decimals(means[1], 1)),
            Quote::new("depth-sd", decimals(sds[1], 2)),
            Quote::new("penguin-raw-largest", significant(p_raw.eigen.max(), 3)),
            Quote::new("penguin-raw-middle", decimals(p_raw.eigen.values[1], 2)),
            Quote::new("penguin-raw-smallest", significant(p_raw.eigen.min(), 3)),
            Quote::new("penguin-raw-kappa", scientific(p_raw.condition_number(), 1)),
            Quote::new("penguin-raw-rate", scientific(p_raw.eta(), 2)),
            Quote::new(
                "penguin-raw-steps",
                scientific(p_raw.predicted_steps().unwrap_or(0) as f64, 1),
            ),
            Quote::new("penguin-raw-after", decimals(last(p_raw), 4)),
            Quote::new("penguin-half-after", decimals(last(p_half), 4)),
            Quote::new("penguin-half-middle", decimals(half_parts[1], 4)),
            Quote::new("penguin-half-flat", decimals(half_parts[2], 4)),
            Quote::new("penguin-middle-factor", decimals(half_decay.factors[1], 4)),
            Quote::new(
                "penguin-middle-gone",
                scientific(part_gone_after(&half_decay, 1) as f64, 1),
            ),
            Quote::new("penguin-std-kappa", decimals(p_std.condition_number(), 2)),
            Quote::new("penguin-std-rate", significant(p_std.eta(), 6)),
            Quote::new("penguin-correlation", decimals(p_std.hessian[(0, 1)], 2)),
            Quote::new(
                "penguin-std-factor",
                decimals(std_decay.factors[0].powi(2), 3),
            ),
            Quote::new(
                "penguin-intercept-share",
                format!("{}%", decimals(100.0 * intercept_share, 1)),
            ),
            Quote::new(
                "penguin-rest-share",
                format!("{}%", decimals(100.0 * (1.0 - intercept_share), 1)),
            ),
            Quote::new(
                "penguin-std-steps",
                p_std
                    .steps_to_tolerance()
                    .map_or("—".into(), |t| t.to_string()),
            ),
            Quote::new(
                "penguin-std-bound",
                steps_bound(p_std.condition_number()).to_string(),
            ),
            Quote::new("fit-flipper", decimals(raw_w[0], 2)),
            Quote::new("fit-depth", decimals(raw_w[1], 2)),
            Quote::new("fit-intercept", decimals(raw_b, 0)),
            Quote::new("fit-std-flipper", decimals(p_std.best[0], 1)),
            Quote::new("fit-std-depth", decimals(p_std.best[1], 1)),
            Quote::new("fit-std-intercept", decimals(p_std.best[2], 1)),
            Quote::new("poly-kappa-unit", scientific(poly_unit, 1)),
            Quote::new("poly-kappa-centred", scientific(poly_centred, 1)),
            Quote::new("poly-kappa-symmetric", significant(poly_symmetric, 3)),
            Quote::new(
                "poly-gain-centring",
                significant(poly_unit / poly_centred, 1),
            ),
            Quote::new("poly-gain-both", significant(poly_unit / poly_symmetric, 1)),
        ]
    }
}

/// How the book states the largest `|cos|` between consecutive gradients:
/// the power of ten it stays below (the digits themselves are rounding
/// noise), or a dash when no step counts.
pub fn cosine_bound(worst: Option<f64>) -> String {
    match worst {
        Some(c) if c > 0.0 => harness::format::power_of_ten(c.log10().floor() as i32 + 1),
        Some(_) => "0".to_string(),
        None => "—".to_string(),
    }
}

/// The steps after which direction `k`'s part of the excess has fallen
/// below [`TOLERANCE`] of the whole starting excess: the smallest `t` with
/// `shareₖ·(1 − ηλₖ)²ᵗ ≤ TOLERANCE`.
pub fn part_gone_after(decay: &Decay, k: usize) -> u64 {
    let share = decay.parts(0)[k];
    if share <= TOLERANCE {
        return 0;
    }
    ((TOLERANCE / share).ln() / (2.0 * decay.log_factors[k])).ceil() as u64
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.quotes();
        let text = |name: &str| text_of(&q, name);
        writeln!(f, "Chapter 4: the role of x, data shapes the landscape")?;
        writeln!(f)?;
        writeln!(
            f,
            "Ten points at x = 1, …, 10 around y = 2x + 1 (noise σ = {NOISE}, seed {SEED})."
        )?;
        writeln!(
            f,
            "The Hessian of the mean loss: mean x² = {}, mean x = {}, and 1.",
            text("mean-x2"),
            text("mean-x")
        )?;
        writeln!(
            f,
            "  λ_max = {}, λ_min = {}, κ = {}; stable for η < {}; best fixed rate {}, factor {} per step",
            text("raw-largest"),
            text("raw-smallest"),
            text("raw-kappa"),
            text("raw-threshold"),
            text("raw-best-rate"),
            text("raw-factor")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Steps until L − L* falls a millionfold, at the best fixed rate (x's standard deviation is {}):",
            text("x-sd")
        )?;
        writeln!(
            f,
            "  {:<14} {:>8} {:>10} {:>10} {:>9} {:>9}",
            "inputs", "κ", "best η", "factor", "measured", "theory"
        )?;
        for walk in &self.walks {
            let c = walk.curvature;
            writeln!(
                f,
                "  {:<14} {:>8} {:>10} {:>10} {:>9} {:>9}",
                walk.scaling.name(),
                significant(c.condition_number(), 4),
                significant(c.best_rate(), 4),
                decimals(c.best_factor(), 4),
                walk.steps_to_tolerance()
                    .map_or("—".into(), |t| t.to_string()),
                walk.predicted_steps().map_or("—".into(), |t| t.to_string()),
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "Exact line search from the flat line ŷ = 0 (w = 0 and b′ = 0 centred, w = b = 0 raw; in two dimensions every step multiplies L − L* by the same factor):"
        )?;
        writeln!(
            f,
            "  centred: {} steps; each step's factor {} (the worst start's ((κ − 1)/(κ + 1))² is {});",
            text("search-steps"),
            text("search-factor"),
            text("search-bound")
        )?;
        writeln!(
            f,
            "    largest |cos| between consecutive gradients below {}",
            text("search-cosine")
        )?;
        writeln!(
            f,
            "  raw: {} steps; the first gradient is {} off the steepest direction, so each step's factor is {}",
            text("search-raw-steps"),
            text("search-raw-angle"),
            text("search-raw-factor")
        )?;
        writeln!(
            f,
            "    (the worst start's is {}, as slow as the best fixed rate)",
            text("search-raw-bound")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Palmer penguins: {} rows, {} missing a value ({} only the sex); {} have flipper length, bill depth and body mass.",
            text("penguin-rows"),
            text("penguin-incomplete"),
            text("penguin-sex-only"),
            text("penguin-count")
        )?;
        writeln!(
            f,
            "  flipper length {} ± {} mm, bill depth {} ± {} mm (mean ± standard deviation)",
            text("flipper-mean"),
            text("flipper-sd"),
            text("depth-mean"),
            text("depth-sd")
        )?;
        writeln!(
            f,
            "  in mm: λ = {}, {}, {}; κ = {}; best fixed rate {}; theory: {} steps to a millionfold",
            text("penguin-raw-largest"),
            text("penguin-raw-middle"),
            text("penguin-raw-smallest"),
            text("penguin-raw-kappa"),
            text("penguin-raw-rate"),
            text("penguin-raw-steps")
        )?;
        writeln!(
            f,
            "    after {PENGUIN_STEPS} steps L − L* is still {} of its start at the best fixed rate, {} at η = 1/λ_max:",
            text("penguin-raw-after"),
            text("penguin-half-after")
        )?;
        writeln!(
            f,
            "    {} along the middle direction (factor {} per step, below a millionth after {} steps), {} along the flattest",
            text("penguin-half-middle"),
            text("penguin-middle-factor"),
            text("penguin-middle-gone"),
            text("penguin-half-flat")
        )?;
        writeln!(
            f,
            "  standardised: κ = {} (correlation {}), best fixed rate {}, factor {} per step on L − L*",
            text("penguin-std-kappa"),
            text("penguin-correlation"),
            text("penguin-std-rate"),
            text("penguin-std-factor")
        )?;
        writeln!(
            f,
            "    from 0: {} of L − L* along the intercept (gone in one step), {} elsewhere; {} steps measured, {} by the bound",
            text("penguin-intercept-share"),
            text("penguin-rest-share"),
            text("penguin-std-steps"),
            text("penguin-std-bound")
        )?;
        writeln!(
            f,
            "  least squares, raw units: mass = {} g/mm · flipper + {} g/mm · depth + ({} g)",
            text("fit-flipper"),
            text("fit-depth"),
            text("fit-intercept")
        )?;
        writeln!(
            f,
            "  standardised units:        mass = {} g · x̃_flipper + {} g · x̃_depth + {} g",
            text("fit-std-flipper"),
            text("fit-std-depth"),
            text("fit-std-intercept")
        )?;
        let std_walk = &self.penguins[2];
        let end = std_walk.trajectory.final_point();
        let (walk_w, walk_b) = std_walk.feature_scaling.to_original(&end[..2], end[2]);
        writeln!(
            f,
            "  the standardised walk after {} steps, mapped back to mm: {} g/mm, {} g/mm, {} g",
            std_walk.trajectory.steps(),
            decimals(walk_w[0], 2),
            decimals(walk_w[1], 2),
            decimals(walk_b, 0)
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Polynomial features 1, x, …, x^k at {POLYNOMIAL_POINTS} evenly spaced x: κ of XᵀX/n"
        )?;
        writeln!(
            f,
            "  {:<8} {:>14} {:>14} {:>14}",
            "degree", "x in [0, 1]", "[−½, ½]", "[−1, 1]"
        )?;
        for (k, [unit, centred, symmetric]) in self.polynomial.iter().enumerate() {
            writeln!(
                f,
                "  {:<8} {:>14} {:>14} {:>14}",
                k + 1,
                scientific(*unit, 1),
                scientific(*centred, 1),
                significant(*symmetric, 3)
            )?;
        }
        writeln!(
            f,
            "  (degree {POLYNOMIAL_DEGREE}: {}, centred {}, centred and stretched {}; gains ×{} and ×{})",
            text("poly-kappa-unit"),
            text("poly-kappa-centred"),
            text("poly-kappa-symmetric"),
            text("poly-gain-centring"),
            text("poly-gain-both")
        )
    }
}

/// `--scaling`: how `x` is moved and stretched.
pub const SCALING: Opt = Opt::choice(
    "--scaling",
    &["raw", "centred", "standardised"],
    "the inputs as measured, minus their mean, or also divided by their\nstandard deviation (default raw)",
);

/// `--method`: a fixed rate, or exact line search.
pub const METHOD: Opt = Opt::choice(
    "--method",
    &["fixed", "line-search"],
    "one learning rate for every step, or exact line search (default fixed)",
);

/// `--lr`: the fixed rate.
pub const LR: Opt = Opt::positive(
    "--lr",
    "ETA",
    "the learning rate of --method fixed (default: the best fixed rate\n2/(λ_max + λ_min) of the scaled data)",
);

/// `--x-min`: where the ten inputs start.
pub const X_MIN: Opt = Opt::number(
    "--x-min",
    "X",
    -1000.0,
    1000.0,
    "the first of the ten evenly spaced inputs, −1000 to 1000 (default 1)",
);

/// `--x-max`: where they end.
pub const X_MAX: Opt = Opt::number(
    "--x-max",
    "X",
    -1000.0,
    1000.0,
    "the last input, −1000 to 1000 and above --x-min (default 10)",
);

/// `--steps`: the length of the walk.
pub const STEPS: Opt = Opt::count(
    "--steps",
    "N",
    1,
    100_000,
    "number of steps, 1 to 100000 (default 1000)",
);

/// `--seed`: the seed of the noise.
pub const SEED_OPTION: Opt =
    Opt::seed("--seed", "seed of the noise in y, 0 to 2⁶⁴ − 1 (default 4)");

/// The settings of a reader's walk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// How `x` is scaled.
    pub scaling: Scaling,
    /// The rate: `None` for line search, else the fixed rate (or `None`
    /// inside for the best one).
    pub method: ReaderMethod,
    /// The inputs' range.
    pub x_range: (f64, f64),
    /// The number of steps.
    pub steps: usize,
    /// The noise's seed.
    pub seed: u64,
}

/// A reader's choice of rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ReaderMethod {
    /// A fixed rate, or the best one when `None`.
    Fixed(Option<f64>),
    /// Exact line search.
    LineSearch,
}

impl Settings {
    /// The name of the reader's figure files, made of the options:
    /// `raw-x-1-10-lr-best-steps-1000-seed-4`.
    pub fn file_stem(&self) -> String {
        let number = |v: f64| {
            let text = format!("{v}");
            if text.len() > 12 {
                format!("{v:e}")
            } else {
                text
            }
        };
        let rate = match self.method {
            ReaderMethod::Fixed(None) => "lr-best".to_string(),
            ReaderMethod::Fixed(Some(eta)) => format!("lr-{}", number(eta)),
            ReaderMethod::LineSearch => "line-search".to_string(),
        };
        format!(
            "{}-x-{}-{}-{rate}-steps-{}-seed-{}",
            self.scaling.name(),
            number(self.x_range.0),
            number(self.x_range.1),
            self.steps,
            self.seed
        )
    }

    /// Run the walk these settings describe, or say in one line why not:
    /// inputs too close together for their size to be told apart reliably
    /// (a width below `10⁻⁶·max(|x|, 1)`), or a landscape whose `κ` is above
    /// [`KAPPA_LIMIT`].
    pub fn run(&self) -> Result<Walk, CliError> {
        let (x_min, x_max) = self.x_range;
        let size = x_min.abs().max(x_max.abs()).max(1.0);
        if x_max - x_min < MIN_WIDTH * size {
            return Err(CliError(format!(
                "--x-min {} and --x-max {} are too close together for their size: the ten inputs need a range of at least 10⁻⁶ · max(|x|, 1) = {} to be told apart reliably",
                distinct(x_min, x_max),
                distinct(x_max, x_min),
                significant(MIN_WIDTH * size, 3)
            )));
        }
        let raw = data(x_min, x_max, self.seed);
        let no_line = || {
            CliError(format!(
                "--x-min {} and --x-max {} give no single best line",
                significant(x_min, 6),
                significant(x_max, 6)
            ))
        };
        let scaled = self
            .scaling
            .of(&raw)
            .ok_or_else(no_line)?
            .apply_to_one(&raw);
        let curvature = Curvature::of(&scaled);
        let kappa = curvature.condition_number();
        if kappa.is_nan() || kappa > KAPPA_LIMIT {
            let advice = match self.scaling {
                Scaling::Raw => "--scaling centred",
                _ => "--scaling standardised",
            };
            return Err(CliError(format!(
                "--x-min {} and --x-max {} with {} inputs make κ = {}, above the 10¹² that double precision can walk (a step along the valley's floor would be lost to rounding): widen the range, move it towards 0, or use {advice}",
                significant(x_min, 6),
                significant(x_max, 6),
                self.scaling.name(),
                significant(kappa, 2)
            )));
        }
        let method = match self.method {
            ReaderMethod::LineSearch => Method::LineSearch,
            ReaderMethod::Fixed(Some(eta)) => Method::Fixed(eta),
            ReaderMethod::Fixed(None) => Method::Fixed(curvature.best_rate()),
        };
        Walk::try_run(&raw, self.scaling, method, self.steps).ok_or_else(no_line)
    }
}

/// The narrowest range of inputs a reader's run accepts, as a fraction of
/// `max(|x|, 1)`.
pub const MIN_WIDTH: f64 = 1e-6;

/// The largest condition number a reader's run accepts. Beyond about 10¹⁶
/// a step along the floor of the valley, a fraction `1/κ` of the distance,
/// is below the rounding of the parameters themselves; 10¹² keeps well
/// clear of that.
pub const KAPPA_LIMIT: f64 = 1e12;

/// A step count as a reader's run prints it, with its noun: "1 step",
/// "29 steps", or beyond 2⁶² "more than 4.6 × 10¹⁸ steps".
fn step_count(t: u64) -> String {
    match t {
        1 => "1 step".to_string(),
        u64::MAX => format!("more than {} steps", scientific((1u64 << 62) as f64, 1)),
        _ => format!("{t} steps"),
    }
}

/// The best fixed rate's factor `(κ − 1)/(κ + 1)` as a reader's run prints
/// it: four decimals, or, when those would show a misleading `1.0000`, as
/// `1 − 2/(κ + 1)` with the small part in scientific notation
/// (`1 − 1.3 × 10⁻⁷`), computed without the cancellation of `1 − ρ*`.
pub fn factor_text(kappa: f64) -> String {
    let factor = (kappa - 1.0) / (kappa + 1.0);
    let short = decimals(factor, 4);
    if short == "1.0000" {
        format!("1 − {}", scientific(2.0 / (kappa + 1.0), 1))
    } else {
        short
    }
}

/// The start of every walk, the flat line `ŷ = 0`, in the coordinates of
/// `scaling`: the parameters the walk moves are `(w, b)` raw, `(w, b′)`
/// centred and `(w̃, b′)` standardised.
pub fn start_text(scaling: Scaling) -> &'static str {
    match scaling {
        Scaling::Raw => "slope w = 0 and intercept b = 0",
        Scaling::Centred => "slope w = 0 and height at the centre b′ = 0",
        Scaling::Standardised => "standardised slope w̃ = 0 and height at the centre b′ = 0",
    }
}

/// What a reader's walk prints.
pub fn describe(settings: &Settings, walk: &Walk) -> String {
    let c = walk.curvature;
    let mut text = format!(
        "Chapter 4: ten points with x from {} to {} (seed {}), inputs {}.\n",
        significant(settings.x_range.0, 6),
        significant(settings.x_range.1, 6),
        settings.seed,
        walk.scaling.name()
    );
    text.push_str(&format!(
        "  curvatures λ_max = {}, λ_min = {}, κ = {}\n  stable for η < {}; best fixed rate {}, factor {} per step\n",
        significant(c.largest, 4),
        significant(c.smallest, 4),
        significant(c.condition_number(), 4),
        distinct(c.threshold(), c.best_rate()),
        distinct(c.best_rate(), c.threshold()),
        factor_text(c.condition_number())
    ));
    let how = match walk.method {
        Method::Fixed(eta) => format!("fixed rate η = {}", distinct(eta, c.threshold())),
        Method::LineSearch => "exact line search".to_string(),
    };
    text.push_str(&format!(
        "Gradient descent with {how}, {} steps from the flat line ŷ = 0, {}:\n",
        walk.trajectory.steps(),
        start_text(walk.scaling)
    ));
    if let descent::Outcome::Diverged { step, .. } = walk.trajectory.outcome {
        text.push_str(&format!(
            "  diverged at step {step}: η is above 2/λ_max = {}, so the steepest direction grows by |1 − ηλ_max| = {} per step.\n",
            significant(c.threshold(), 4),
            significant((1.0 - walk.eta().unwrap_or(0.0) * c.largest).abs(), 4)
        ));
        text.push_str("  The figures draw the walk up to the step where it was stopped.\n");
        return text;
    }
    let measured = walk.steps_to_tolerance().map_or(
        format!(
            "  L − L* did not fall a millionfold within {} steps",
            walk.trajectory.steps()
        ),
        |t| format!("  L − L* fell a millionfold after {}", step_count(t as u64)),
    );
    text.push_str(&measured);
    match (walk.method, walk.predicted_steps()) {
        (Method::Fixed(_), Some(t)) => {
            text.push_str(&format!("; theory says {}\n", step_count(t as u64)));
        }
        (Method::Fixed(_), None) => text.push_str("; theory says never\n"),
        (Method::LineSearch, _) => {
            // Rounding can leave a factor of 0 slightly negative.
            let factor = walk.predicted_search_factor().max(0.0);
            text.push_str(&format!(
                "; theory says {}:\n  from this start every step multiplies L − L* by {} (from the worst start by ((κ − 1)/(κ + 1))² = {}: {})\n",
                step_count(steps_at_factor(factor) as u64),
                significant(factor, 4),
                significant(c.best_factor().powi(2), 4),
                step_count(steps_bound(c.condition_number()) as u64)
            ));
            text.push_str(&match walk.worst_cosine() {
                Some(cosine) => format!(
                    "  largest |cos| between consecutive gradients, while they are above rounding: {}\n",
                    scientific(cosine, 1)
                ),
                None => "  the first step landed on the bottom, to rounding: no turn to measure\n"
                    .to_string(),
            });
        }
    }
    let end = walk.raw_line();
    let (best_w, best_b) = walk
        .feature_scaling
        .to_original(&[walk.best.w], walk.best.b);
    text.push_str(&format!(
        "  final line in raw x: w = {}, b = {}; least squares: w = {}, b = {}\n",
        significant(end.w, 6),
        significant(end.b, 6),
        significant(best_w[0], 6),
        significant(best_b, 6)
    ));
    text
}

/// The data set of a run as a table: raw `x`, the scaled `x` the walk saw, `y`.
fn data_table(raw: &DataSet, walk: &Walk) -> Table {
    let mut table = Table::new(&["x", "x_scaled", "y"]);
    for (s, z) in raw.samples.iter().zip(&walk.data.samples) {
        table.push(vec![cell(s.x), cell(z.x), cell(s.y)]);
    }
    table
}

fn trace(walk: &Walk) -> Trace {
    let what = match walk.method {
        Method::Fixed(eta) => format!(
            "the {} walk with η = {}",
            walk.scaling.name(),
            significant(eta, 6)
        ),
        Method::LineSearch => format!("the {} walk with exact line search", walk.scaling.name()),
    };
    Trace {
        what,
        table: Table::trace(&walk.trajectory, &["w", "b"]),
    }
}

/// Chapter 4 for the kit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter4;

impl Chapter for Chapter4 {
    fn number(&self) -> u32 {
        4
    }

    fn title(&self) -> &'static str {
        "The role of x: data shapes the landscape"
    }

    fn about(&self) -> &'static str {
        "With no options: prints the chapter's report (curvature, κ, best rates and
steps for raw, centred and standardised x, line search, the penguin fit, the
polynomial look-ahead) and redraws the book's figures in
book/src/figures/chapter4/.

With options: walks down the loss of ten points of your choosing, with your
scaling and rate, and draws the walk in target/downhill/chapter4/ (the book's
figures are left alone)."
    }

    fn options(&self) -> &'static [Opt] {
        &[SCALING, METHOD, LR, X_MIN, X_MAX, STEPS, SEED_OPTION]
    }

    fn examples(&self) -> &'static [&'static str] {
        &[
            "--scaling centred",
            "--scaling centred --method line-search",
            "--lr 0.06",
            "--x-min 101 --x-max 110 --steps 100000",
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
        let raw = report.walk(Scaling::Raw);
        Run {
            report: report.to_string(),
            quotes: report.quotes(),
            figures: figures::book(&report),
            data: Some(data_table(&report.data, raw)),
            trace: Some(trace(raw)),
        }
    }

    fn readers_run(&self, args: &mut Args) -> Result<Run, CliError> {
        let scaling = match args.choice(&SCALING, "raw")? {
            "centred" => Scaling::Centred,
            "standardised" => Scaling::Standardised,
            _ => Scaling::Raw,
        };
        let line_search = args.choice(&METHOD, "fixed")? == "line-search";
        // No default rate: without --lr the walk takes the best fixed rate.
        let lr = args.positive(&LR, f64::NAN)?;
        let lr = (!lr.is_nan()).then_some(lr);
        let x_min = args.number(&X_MIN, X_RANGE.0)?;
        let x_max = args.number(&X_MAX, X_RANGE.1)?;
        let steps = args.count(&STEPS, BOOK_STEPS)?;
        let seed = args.seed(&SEED_OPTION, SEED)?;
        args.finish()?;
        if x_min >= x_max {
            return Err(CliError(format!(
                "--x-min must be below --x-max, got --x-min {} and --x-max {}",
                significant(x_min, 6),
                significant(x_max, 6)
            )));
        }
        if line_search && lr.is_some() {
            return Err(CliError(
                "--lr sets a fixed rate, so it goes with --method fixed, not line-search"
                    .to_string(),
            ));
        }
        let settings = Settings {
            scaling,
            method: if line_search {
                ReaderMethod::LineSearch
            } else {
                ReaderMethod::Fixed(lr)
            },
            x_range: (x_min, x_max),
            steps,
            seed,
        };
        let walk = settings.run()?;
        let mut run = Run::new(describe(&settings, &walk));
        run.figures = figures::readers(&settings, &walk);
        run.data = Some(data_table(&data(x_min, x_max, seed), &walk));
        run.trace = Some(trace(&walk));
        Ok(run)
    }

    fn exercises(&self) -> Vec<Exercise> {
        exercise_checks::readers_exercises()
    }

    fn reference_exercises(&self) -> Option<Vec<Exercise>> {
        exercise_checks::reference_exercises()
    }
}
