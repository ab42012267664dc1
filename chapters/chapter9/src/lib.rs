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
//!    polynomial ([`experiments::decay_fits`]);
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

use compare::{Entry, Problem, book_table};
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
    /// The scale experiment.
    pub scale: Vec<Scaled>,
    /// Adam's and AMSGrad's walks on the online problem.
    pub reddi: [Vec<f64>; 2],
    /// The polynomial fits.
    pub decay: Vec<DecayFit>,
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
            raw: rescue(&raw, RAW_STEPS),
            penguins: rescue(&penguins(), PENGUIN_STEPS),
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
            scale: scale_runs(&raw),
            reddi: [reddi_walk(false), reddi_walk(true)],
            decay: decay_fits(),
            comparison: book_table(),
        }
    }

    /// The fit with `μ`, decoupled or not.
    pub fn decay_fit(&self, mu: f64, decoupled: bool) -> &DecayFit {
        self.decay
            .iter()
            .find(|f| f.mu == mu && f.decoupled == decoupled)
            .expect("every μ of DECAY_MUS is fitted both ways")
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
        // Adagrad on bad scaling.
        let raw = &self.raw;
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
            "raw-gd-after",
            decimals(raw.gradient_descent.relative[RAW_STEPS], 4),
        );
        add("raw-gd-eta", decimals(raw.gradient_descent.eta, 4));
        add("raw-predicted-factor", decimals(raw.predicted_factor, 4));
        add("raw-late-factor", decimals(raw.adagrad.late_factor(), 4));
        let p = &self.penguins;
        add("penguin-kappa", scientific(p.kappa, 1));
        add("penguin-effective-kappa", scientific(p.effective_kappa, 1));
        add("penguin-adagrad-eta", significant(p.adagrad.eta, 3));
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
        // Memory.
        add("half-09", decimals(half_life(0.9), 2));
        add("half-099", decimals(half_life(0.99), 2));
        add("half-09-measured", measured_half_life(0.9).to_string());
        add("half-099-measured", measured_half_life(0.99).to_string());
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
        // Weight decay.
        for mu in DECAY_MUS {
            for decoupled in [false, true] {
                let fit = self.decay_fit(mu, decoupled);
                let name = decay_name(mu, decoupled);
                add(&format!("{name}-train"), decimals(fit.train, 4));
                add(&format!("{name}-test"), decimals(fit.test, 4));
            }
        }
        let shown = self.decay_fit(DECAY_SHOWN, false);
        add("decay-ridge-distance", scientific(shown.to_ridge, 0));
        add(
            "decay-adamw-ridge-distance",
            decimals(self.decay_fit(DECAY_SHOWN, true).to_ridge, 2),
        );
        add("decay-spread", decimals(shown.spread.0 / shown.spread.1, 0));
        // The comparison.
        for e in &self.comparison {
            let name = entry_name(e.problem, e.method);
            add(&format!("{name}-gap"), gap_text(e.relative));
            add(&format!("{name}-eta"), significant(e.eta, 3));
        }
        q
    }
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

/// The quote name of a weight-decay fit.
pub fn decay_name(mu: f64, decoupled: bool) -> String {
    let m = match mu {
        0.0 => "0",
        0.001 => "0001",
        0.01 => "001",
        _ => "01",
    };
    format!("decay-{m}-{}", if decoupled { "w" } else { "l2" })
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
            "    gradient descent at η = {} leaves {} after {RAW_STEPS} steps; late factor {} predicted, {} measured",
            t("raw-gd-eta"),
            t("raw-gd-after"),
            t("raw-predicted-factor"),
            t("raw-late-factor")
        )?;
        writeln!(
            f,
            "  penguins in mm and g: κ = {} becomes {} (η = {}); after {PENGUIN_STEPS} steps the excess left is {} (Adagrad), {} (gradient descent)",
            t("penguin-kappa"),
            t("penguin-effective-kappa"),
            t("penguin-adagrad-eta"),
            t("penguin-adagrad-after"),
            t("penguin-gd-after")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "A steady slope, {SLOPE_STEPS} steps at η = 1: Adagrad walks {}, RMSprop {}, Adam {}; Adagrad needs {} steps to walk 1000.",
            t("slope-adagrad"),
            t("slope-rmsprop"),
            t("slope-adam"),
            t("slope-steps")
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
            "After the gradient drops a hundredfold: RMSprop α = 0.9 is back to η/2 after {} steps; α = 0.99 is at {} η, Adagrad at {} η after {} steps.",
            t("recovery-09"),
            t("memory-099-end"),
            t("memory-adagrad-end"),
            MEMORY_STEPS - DROP_AT
        )?;
        writeln!(
            f,
            "Centred RMSprop (α = 0.99) on a steady slope: step {} η at t = 100, {} η at t = 1000.",
            t("centred-100"),
            t("centred-1000")
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
        writeln!(f)?;
        writeln!(
            f,
            "Degree-{} polynomial on {} points, Adam at η = {DECAY_ETA} for {DECAY_STEPS} steps (train loss, test error):",
            surfaces::POLY_DEGREE,
            surfaces::POLY_POINTS
        )?;
        for mu in DECAY_MUS {
            let l2 = decay_name(mu, false);
            let w = decay_name(mu, true);
            writeln!(
                f,
                "  μ = {:<6} Adam + L2 {} {}   AdamW {} {}",
                mu,
                t(&format!("{l2}-train")),
                t(&format!("{l2}-test")),
                t(&format!("{w}-train")),
                t(&format!("{w}-test"))
            )?;
        }
        writeln!(
            f,
            "  at μ = {DECAY_SHOWN}: Adam + L2 ends {} from the ridge solution, AdamW {}; the L2 pull differs {}-fold between coefficients",
            t("decay-ridge-distance"),
            t("decay-adamw-ridge-distance"),
            t("decay-spread")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Side by side, each at its best rate of 10^(k/2) (gap left as a share of the start; rate):"
        )?;
        write!(f, "  {:<18}", "")?;
        for problem in Problem::ALL {
            write!(f, "{:<28}", problem.name())?;
        }
        writeln!(f)?;
        for method in Method::ALL {
            write!(f, "  {:<18}", method.name())?;
            for problem in Problem::ALL {
                let name = entry_name(problem, method);
                write!(
                    f,
                    "{:<28}",
                    format!(
                        "{} ({})",
                        t(&format!("{name}-gap")),
                        t(&format!("{name}-eta"))
                    )
                )?;
            }
            writeln!(f)?;
        }
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
--lr defaults to the best rate of the grid 10^(k/2), k = −12…6, for your
settings."
    }

    fn options(&self) -> &'static [harness::cli::Opt] {
        readers::OPTIONS
    }

    fn examples(&self) -> &'static [&'static str] {
        &[
            "--optimizer adam",
            "--optimizer adagrad --surface raw",
            "--optimizer rmsprop --centered --surface bowl",
            "--optimizer amsgrad --surface turned --kappa 1000",
            "--optimizer adamw --weight-decay 0.1 --surface penguins",
            "--optimizer sgd --surface line --seed 3",
            "--optimizer adam --surface raw --scale 1000 --lr 0.05",
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
