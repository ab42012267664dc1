//! Chapter 8: momentum.
//!
//! The experiments behind the chapter, each a function the example, the
//! tests and the book share:
//!
//! 1. on the bowl of condition number κ, plain gradient descent at its best
//!    rate, the heavy ball at its optimal pair `(η*, β*)` and Nesterov's
//!    method, each run, counted to `10⁻⁶` and measured against the spectral
//!    radius of its 2×2 recursion ([`experiments::tuned`]);
//! 2. the convergence factor over the `(η, β)` plane, with measured factors
//!    on top ([`figures::map_figure`]);
//! 3. a constant slope, where momentum's step grows to `η/(1 − β)`, and the
//!    two ways of writing the heavy ball part when the rate drops
//!    ([`experiments::ramp`]); dampening, which leaves the heavy ball at the
//!    rate `η(1 − ζ)` after a first step taken at the full rate
//!    ([`experiments::dampening_runs`]);
//! 4. a bowl of three quadratic pieces, where the heavy ball's best
//!    quadratic settings cycle forever and Nesterov's converge
//!    ([`experiments::pieces_run`]);
//! 5. noisy gradients: momentum's noise floor is plain SGD's at the rate
//!    `η/(1 − β)` ([`experiments::noise_floor_runs`]);
//! 6. chapter 3's line and ten raw points `x = 1, …, 10`, with and without
//!    momentum ([`experiments::line_runs`]).
//!
//! [`Report::compute`] runs them all; [`figures::figures`] draws them;
//! [`Chapter8`] is the command line.

pub mod exercise_checks;
pub mod exercises;
pub mod experiments;
pub mod figures;
pub mod readers;
/// The reference solutions to the exercises (absent from a student copy).
#[cfg(has_solutions)]
#[path = "../solutions/exercises.rs"]
pub mod solutions;
pub mod surfaces;
pub mod theory;

use std::fmt;

use harness::cli::{Args, CliError};
use harness::exercise::Exercise;
use harness::format::{decimals, scientific, significant};
use harness::quote::{Quote, text_of};
use harness::table::Table;
use harness::{Chapter, Run, Trace};

use experiments::{
    DAMPENING_BETA, Dampened, KAPPA, KAPPAS, LineRun, MAP_POINTS, Method, NOISE_FROM, NOISE_RUNS,
    NOISE_STEPS, NoiseFloor, PIECES_START, PIECES_STEPS, RAMP_BETA, RAMP_DROP, RAMP_ETA, Ramp,
    TOLERANCE, Tuned, WINDOW, chapter3_steps, damped_run, dampening_runs, line_runs, map_factor,
    noise_floor_runs, noisy_methods, pieces_cycle, pieces_run, ramp, tuned,
};
use surfaces::Surface;
use theory::{nesterov_best, noise_floor, optimal_heavy_ball, steps_to_shrink, worst_radius};

/// A point of the `(η, β)` map with its factor, in theory and measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapPoint {
    /// The learning rate.
    pub eta: f64,
    /// The momentum.
    pub beta: f64,
    /// The spectral radius over the bowl's two curvatures.
    pub theory: f64,
    /// The factor measured over a long run.
    pub measured: f64,
}

impl MapPoint {
    /// Measure the bowl `κ` at `(η, β)` (over [`experiments::MAP_WINDOW`]).
    pub fn at(kappa: f64, eta: f64, beta: f64) -> Self {
        MapPoint {
            eta,
            beta,
            theory: worst_radius(eta, beta, &[1.0, kappa], false),
            measured: map_factor(kappa, eta, beta),
        }
    }
}

/// The map's measured points on the bowl `κ`: the optimum (`optimum` is its
/// measurement over [`WINDOW`], taken with the bowl's runs), gradient
/// descent's best rate, and [`MAP_POINTS`].
pub fn map_points(kappa: f64, optimum: f64) -> Vec<MapPoint> {
    let best = optimal_heavy_ball(1.0, kappa);
    let mut points = vec![
        MapPoint {
            eta: best.eta,
            beta: best.beta,
            theory: worst_radius(best.eta, best.beta, &[1.0, kappa], false),
            measured: optimum,
        },
        MapPoint::at(kappa, 2.0 / (kappa + 1.0), 0.0),
    ];
    for (share, beta) in MAP_POINTS {
        points.push(MapPoint::at(kappa, share * 4.0 / kappa, beta));
    }
    points
}

/// Every number the chapter's prose quotes, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Each method on each bowl of [`KAPPAS`], in the order κ, then method.
    pub tuned: Vec<Tuned>,
    /// The measured points of the map on the bowl [`KAPPA`].
    pub map: Vec<MapPoint>,
    /// The constant slope with a rate drop.
    pub ramp: Ramp,
    /// The undampened heavy ball and the dampened one at ten times its rate.
    pub dampening: [Dampened; 2],
    /// The heavy ball and Nesterov on the pieces from [`PIECES_START`].
    pub pieces: Vec<(Method, descent::Trajectory)>,
    /// The heavy ball's cycle on the pieces, solved from its rule.
    pub cycle: [f64; 3],
    /// The three noisy methods' runs.
    pub noise: Vec<NoiseFloor>,
    /// Chapter 3's line.
    pub line: Surface,
    /// Every method on it.
    pub line_runs: Vec<LineRun>,
    /// Chapter 3's own rate on it.
    pub chapter3_steps: usize,
    /// The ten raw points.
    pub raw: Surface,
    /// Every method on them.
    pub raw_runs: Vec<LineRun>,
    /// Gradient descent's rate with critical momentum, on chapter 3's line
    /// and on the raw points.
    pub damped: [LineRun; 2],
}

impl Report {
    /// Run every experiment of the chapter.
    pub fn compute() -> Self {
        let mut all = Vec::new();
        for kappa in KAPPAS {
            for method in Method::ALL {
                all.push(tuned(kappa, method));
            }
        }
        let line = Surface::chapter3_line();
        let raw = Surface::raw();
        let optimum = all
            .iter()
            .find(|t| t.kappa == KAPPA && t.method == Method::HeavyBall)
            .map(|t| t.measured_factor)
            .unwrap_or(f64::NAN);
        Report {
            tuned: all,
            map: map_points(KAPPA, optimum),
            ramp: ramp(),
            dampening: dampening_runs(),
            pieces: [Method::HeavyBall, Method::Nesterov]
                .iter()
                .map(|&m| (m, pieces_run(m, PIECES_START, PIECES_STEPS)))
                .collect(),
            cycle: pieces_cycle(),
            noise: noisy_methods()
                .iter()
                .map(|&m| noise_floor_runs(m))
                .collect(),
            line_runs: line_runs(&line),
            chapter3_steps: chapter3_steps(&line),
            raw_runs: line_runs(&raw),
            damped: [damped_run(&line), damped_run(&raw)],
            line,
            raw,
        }
    }

    /// The run of `method` on the bowl `κ`.
    pub fn tuned(&self, kappa: f64, method: Method) -> &Tuned {
        self.tuned
            .iter()
            .find(|t| t.kappa == kappa && t.method == method)
            .expect("every method runs on every bowl of KAPPAS")
    }

    /// The run of `method` on the pieces.
    pub fn pieces(&self, method: Method) -> &descent::Trajectory {
        &self
            .pieces
            .iter()
            .find(|(m, _)| *m == method)
            .expect("both methods run on the pieces")
            .1
    }

    /// Steps until Nesterov's run on the pieces stays within [`TOLERANCE`]
    /// of the bottom, relative to its start.
    pub fn pieces_nesterov_steps(&self) -> usize {
        let run = self.pieces(Method::Nesterov);
        let d: Vec<f64> = run.points.iter().map(|p| p[0].abs()).collect();
        experiments::steps_to_tolerance(&d)
    }

    /// The numbers the prose quotes, exactly as printed.
    pub fn quotes(&self) -> Vec<Quote> {
        let mut q = Vec::new();
        let bowl = |m| self.tuned(KAPPA, m);
        let gd = bowl(Method::GradientDescent);
        let hb = bowl(Method::HeavyBall);
        let nag = bowl(Method::Nesterov);
        q.push(Quote::new("gd-eta", decimals(gd.tuning.eta, 4)));
        q.push(Quote::new("gd-factor", decimals(gd.tuning.factor, 4)));
        q.push(Quote::new("gd-steps", gd.steps.to_string()));
        q.push(Quote::new("hb-eta", decimals(hb.tuning.eta, 4)));
        q.push(Quote::new("hb-beta", decimals(hb.tuning.beta, 4)));
        q.push(Quote::new("hb-factor", decimals(hb.tuning.factor, 4)));
        q.push(Quote::new("hb-steps", hb.steps.to_string()));
        q.push(Quote::new(
            "hb-naive-steps",
            steps_to_shrink(hb.tuning.factor, TOLERANCE).to_string(),
        ));
        q.push(Quote::new("nag-eta", decimals(nag.tuning.eta, 4)));
        q.push(Quote::new("nag-beta", decimals(nag.tuning.beta, 4)));
        q.push(Quote::new("nag-factor", decimals(nag.tuning.factor, 4)));
        q.push(Quote::new("nag-steps", nag.steps.to_string()));
        // The run's own first step, as a multiple of θ₂'s start.
        q.push(Quote::new(
            "hb-first-overshoot",
            decimals(hb.run.points[1][1] / experiments::START[1], 2),
        ));
        q.push(Quote::new(
            "gd-hb-ratio",
            decimals(gd.steps as f64 / hb.steps as f64, 1),
        ));
        // The edge of stability at β*: ηλ_max = 2 + 2β*.
        q.push(Quote::new(
            "hb-edge-eta",
            decimals((2.0 + 2.0 * hb.tuning.beta) / KAPPA, 5),
        ));
        let best = nesterov_best(1.0, KAPPA);
        q.push(Quote::new("nag-best-eta", decimals(best.eta, 5)));
        q.push(Quote::new("nag-best-beta", decimals(best.beta, 4)));
        q.push(Quote::new("nag-best-factor", decimals(best.factor, 4)));
        let [undamped, damped] = &self.dampening;
        for (names, run) in [
            (["undamped-first", "undamped-steps"], undamped),
            (["damped-first", "damped-steps"], damped),
        ] {
            q.push(Quote::new(
                names[0],
                significant(run.run.points[1][1] / experiments::START[1], 6),
            ));
            q.push(Quote::new(names[1], run.steps.to_string()));
        }
        q.push(Quote::new(
            "damped-factor",
            decimals(
                worst_radius(undamped.eta, DAMPENING_BETA, &[1.0, KAPPA], false),
                4,
            ),
        ));
        let names: [[&'static str; 8]; 3] = [
            [
                "k10-hb-eta",
                "k10-hb-beta",
                "k10-hb-factor",
                "k10-hb-measured",
                "k10-hb-steps",
                "k10-gd-steps",
                "k10-nag-factor",
                "k10-nag-steps",
            ],
            [
                "k100-hb-eta",
                "k100-hb-beta",
                "k100-hb-factor",
                "k100-hb-measured",
                "k100-hb-steps",
                "k100-gd-steps",
                "k100-nag-factor",
                "k100-nag-steps",
            ],
            [
                "k1000-hb-eta",
                "k1000-hb-beta",
                "k1000-hb-factor",
                "k1000-hb-measured",
                "k1000-hb-steps",
                "k1000-gd-steps",
                "k1000-nag-factor",
                "k1000-nag-steps",
            ],
        ];
        let factor_names: [[&'static str; 3]; 3] = [
            ["k10-gd-factor", "k10-gd-measured", "k10-nag-measured"],
            ["k100-gd-factor", "k100-gd-measured", "k100-nag-measured"],
            ["k1000-gd-factor", "k1000-gd-measured", "k1000-nag-measured"],
        ];
        for (i, kappa) in KAPPAS.iter().enumerate() {
            let hb = self.tuned(*kappa, Method::HeavyBall);
            let gd = self.tuned(*kappa, Method::GradientDescent);
            let nag = self.tuned(*kappa, Method::Nesterov);
            let n = names[i];
            q.push(Quote::new(n[0], significant(hb.tuning.eta, 4)));
            q.push(Quote::new(n[1], decimals(hb.tuning.beta, 4)));
            q.push(Quote::new(n[2], decimals(hb.tuning.factor, 4)));
            q.push(Quote::new(n[3], decimals(hb.measured_factor, 4)));
            q.push(Quote::new(n[4], hb.steps.to_string()));
            q.push(Quote::new(n[5], gd.steps.to_string()));
            q.push(Quote::new(n[6], decimals(nag.tuning.factor, 4)));
            q.push(Quote::new(n[7], nag.steps.to_string()));
            let f = factor_names[i];
            q.push(Quote::new(f[0], decimals(gd.tuning.factor, 4)));
            q.push(Quote::new(f[1], decimals(gd.measured_factor, 4)));
            q.push(Quote::new(f[2], decimals(nag.measured_factor, 4)));
        }
        q.push(Quote::new("window-from", WINDOW.0.to_string()));
        q.push(Quote::new("window-to", WINDOW.1.to_string()));
        let ramp = &self.ramp;
        q.push(Quote::new(
            "ramp-step-before-drop",
            decimals(ramp.outside[RAMP_DROP - 1], 3),
        ));
        q.push(Quote::new(
            "ramp-outside-after",
            decimals(ramp.outside[RAMP_DROP], 3),
        ));
        q.push(Quote::new(
            "ramp-inside-after",
            decimals(ramp.inside[RAMP_DROP], 3),
        ));
        q.push(Quote::new(
            "ramp-limit",
            significant(RAMP_ETA / (1.0 - RAMP_BETA), 6),
        ));
        for (name, value) in ["cycle-a", "cycle-b", "cycle-c"].iter().zip(self.cycle) {
            q.push(Quote::new(name, decimals(value, 3)));
        }
        q.push(Quote::new(
            "pieces-nesterov-steps",
            self.pieces_nesterov_steps().to_string(),
        ));
        let [momentum, faster, same] = [&self.noise[0], &self.noise[1], &self.noise[2]];
        for (names, floor) in [
            (
                ["noise-hb-floor", "noise-hb-se", "noise-hb-theory"],
                momentum,
            ),
            (
                ["noise-fast-floor", "noise-fast-se", "noise-fast-theory"],
                faster,
            ),
        ] {
            q.push(Quote::new(names[0], decimals(floor.floor(), 5)));
            q.push(Quote::new(names[1], decimals(floor.standard_error(), 5)));
            q.push(Quote::new(
                names[2],
                decimals(
                    noise_floor(
                        floor.method.eta,
                        floor.method.beta,
                        1.0,
                        experiments::NOISE_SIGMA_G,
                    ),
                    5,
                ),
            ));
        }
        q.push(Quote::new(
            "noise-slow-theory",
            decimals(
                noise_floor(same.method.eta, 0.0, 1.0, experiments::NOISE_SIGMA_G),
                5,
            ),
        ));
        q.push(Quote::new("noise-runs", NOISE_RUNS.to_string()));
        q.push(Quote::new("noise-from", NOISE_FROM.to_string()));
        q.push(Quote::new("noise-steps", NOISE_STEPS.to_string()));
        let (line_min, line_max) = self.line.curvatures();
        let (raw_min, raw_max) = self.raw.curvatures();
        q.push(Quote::new("line-kappa", decimals(line_max / line_min, 1)));
        q.push(Quote::new("raw-kappa", decimals(raw_max / raw_min, 0)));
        q.push(Quote::new("raw-lambda-max", decimals(raw_max, 2)));
        q.push(Quote::new("raw-lambda-min", decimals(raw_min, 3)));
        q.push(Quote::new(
            "chapter3-steps",
            self.chapter3_steps.to_string(),
        ));
        for (names, runs) in [
            (
                ["line-gd-steps", "line-hb-steps", "line-nag-steps"],
                &self.line_runs,
            ),
            (
                ["raw-gd-steps", "raw-hb-steps", "raw-nag-steps"],
                &self.raw_runs,
            ),
        ] {
            for (name, run) in names.iter().zip(runs.iter()) {
                q.push(Quote::new(name, run.steps.to_string()));
            }
        }
        for (names, run) in [
            (["line-damped-beta", "line-damped-steps"], &self.damped[0]),
            (["raw-damped-beta", "raw-damped-steps"], &self.damped[1]),
        ] {
            q.push(Quote::new(names[0], decimals(run.tuning.beta, 3)));
            q.push(Quote::new(names[1], run.steps.to_string()));
        }
        q.push(Quote::new(
            "raw-gd-factor",
            decimals(self.raw_runs[0].tuning.factor, 4),
        ));
        q.push(Quote::new(
            "raw-damped-factor",
            decimals(self.damped[1].tuning.factor, 4),
        ));
        q.push(Quote::new(
            "raw-hb-factor",
            decimals(self.raw_runs[1].tuning.factor, 4),
        ));
        q
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.quotes();
        let t = |name: &str| text_of(&q, name);
        writeln!(f, "Chapter 8: momentum")?;
        writeln!(f)?;
        writeln!(
            f,
            "The bowl f = (θ₁² + κθ₂²)/2 with κ = {KAPPA}, from (1, 1), until the distance to the bottom shrinks by 10⁻⁶:"
        )?;
        writeln!(
            f,
            "  gradient descent  η = {}             factor {}  {} steps",
            t("gd-eta"),
            t("gd-factor"),
            t("gd-steps")
        )?;
        writeln!(
            f,
            "  heavy ball        η* = {}, β* = {}  factor {}  {} steps (ρᵗ alone would say {}); first step multiplies θ₂ by {}",
            t("hb-eta"),
            t("hb-beta"),
            t("hb-factor"),
            t("hb-steps"),
            t("hb-naive-steps"),
            t("hb-first-overshoot")
        )?;
        writeln!(
            f,
            "                    {} times fewer steps than gradient descent; at β* the edge of stability is at η = {}",
            t("gd-hb-ratio"),
            t("hb-edge-eta")
        )?;
        writeln!(
            f,
            "  Nesterov          η = {}, β = {}   factor {}  {} steps",
            t("nag-eta"),
            t("nag-beta"),
            t("nag-factor"),
            t("nag-steps")
        )?;
        writeln!(
            f,
            "  Nesterov at its best on the quadratic: η = {}, β = {}, factor {}",
            t("nag-best-eta"),
            t("nag-best-beta"),
            t("nag-best-factor")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Optimal settings and factors (theory; measured over steps {} to {}), steps to 10⁻⁶:",
            t("window-from"),
            t("window-to")
        )?;
        writeln!(
            f,
            "  κ      η*       β*      heavy ball     gradient descent   Nesterov         steps: HB   GD    NAG"
        )?;
        for (i, kappa) in KAPPAS.iter().enumerate() {
            let k = ["k10", "k100", "k1000"][i];
            let get = |suffix: &str| t(&format!("{k}-{suffix}"));
            writeln!(
                f,
                "  {:<6} {:<8} {:<7} {} ({})  {} ({})    {} ({})   {:>5} {:>5} {:>5}",
                kappa,
                get("hb-eta"),
                get("hb-beta"),
                get("hb-factor"),
                get("hb-measured"),
                get("gd-factor"),
                get("gd-measured"),
                get("nag-factor"),
                get("nag-measured"),
                get("hb-steps"),
                get("gd-steps"),
                get("nag-steps"),
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "The factor over the (η, β) plane of the bowl κ = {KAPPA} (theory, measured):"
        )?;
        for p in &self.map {
            writeln!(
                f,
                "  η = {:<7} β = {:<6}  {}  {}",
                decimals(p.eta, 4),
                decimals(p.beta, 4),
                decimals(p.theory, 4),
                decimals(p.measured, 4)
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "A constant slope with η = {RAMP_ETA}, β = {RAMP_BETA}: steps grow to η/(1 − β) = {}; at step {RAMP_DROP} the step is {};",
            t("ramp-limit"),
            t("ramp-step-before-drop")
        )?;
        writeln!(
            f,
            "  after the rate drops tenfold the next step is {} (PyTorch's form) or {} (rate inside the buffer)",
            t("ramp-outside-after"),
            t("ramp-inside-after")
        )?;
        writeln!(f)?;
        let [undamped, damped] = &self.dampening;
        writeln!(
            f,
            "Dampening on the bowl κ = {KAPPA}, β = {DAMPENING_BETA}: the heavy ball at η = {} and, with ζ = {}, at η = {}:",
            undamped.eta,
            damped.zeta,
            significant(damped.eta, 6)
        )?;
        writeln!(
            f,
            "  the same factor {} from the second step on; the first step multiplies θ₂ by {} against {},",
            t("damped-factor"),
            t("damped-first"),
            t("undamped-first")
        )?;
        writeln!(
            f,
            "  and the distance takes {} steps to shrink by 10⁻⁶ against {}",
            t("damped-steps"),
            t("undamped-steps")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Three quadratic pieces (curvature from 1 to 25), from θ = {PIECES_START}: the heavy ball with its best quadratic"
        )?;
        writeln!(
            f,
            "  settings cycles through {}, {}, {} forever; Nesterov is within 10⁻⁶ after {} steps",
            t("cycle-a"),
            t("cycle-b"),
            t("cycle-c"),
            t("pieces-nesterov-steps")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Noisy gradients: SGD on the points −1 and +1 (gradient θ ± 1), {} runs each, mean excess loss after step {} of {}:",
            t("noise-runs"),
            t("noise-from"),
            t("noise-steps")
        )?;
        writeln!(
            f,
            "  heavy ball η = {}, β = {}:   {} ± {} (theory {})",
            experiments::NOISE_ETA,
            experiments::NOISE_BETA,
            t("noise-hb-floor"),
            t("noise-hb-se"),
            t("noise-hb-theory")
        )?;
        writeln!(
            f,
            "  plain SGD η/(1 − β) = {}:  {} ± {} (theory {})",
            significant(experiments::NOISE_ETA / (1.0 - experiments::NOISE_BETA), 6),
            t("noise-fast-floor"),
            t("noise-fast-se"),
            t("noise-fast-theory")
        )?;
        writeln!(
            f,
            "  plain SGD η = {}:           theory {}",
            experiments::NOISE_ETA,
            t("noise-slow-theory")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Line fits from (0, 0), steps until the distance to least squares shrinks by 10⁻⁶:"
        )?;
        writeln!(
            f,
            "  chapter 3's line (κ = {}): gradient descent {}, heavy ball {}, Nesterov {}; chapter 3's η = 0.2: {}",
            t("line-kappa"),
            t("line-gd-steps"),
            t("line-hb-steps"),
            t("line-nag-steps"),
            t("chapter3-steps")
        )?;
        writeln!(
            f,
            "  raw x = 1…10 (λ_max = {}, λ_min = {}, κ = {}): gradient descent {}, heavy ball {}, Nesterov {}",
            t("raw-lambda-max"),
            t("raw-lambda-min"),
            t("raw-kappa"),
            t("raw-gd-steps"),
            t("raw-hb-steps"),
            t("raw-nag-steps")
        )?;
        writeln!(
            f,
            "  gradient descent's rate with β = (1 − √(ηλ_min))²: β = {} and {} steps on chapter 3's line, β = {} and {} steps on the raw points",
            t("line-damped-beta"),
            t("line-damped-steps"),
            t("raw-damped-beta"),
            t("raw-damped-steps")
        )?;
        writeln!(
            f,
            "  factors on the raw points: gradient descent {}, its rate with momentum {}, optimal heavy ball {}",
            t("raw-gd-factor"),
            t("raw-damped-factor"),
            t("raw-hb-factor")
        )
    }
}

/// Chapter 8 for the kit: the book's run, the reader's experiment, and the
/// exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter8;

impl Chapter for Chapter8 {
    fn number(&self) -> u32 {
        8
    }

    fn title(&self) -> &'static str {
        "Momentum"
    }

    fn about(&self) -> &'static str {
        "With no options: prints every number the chapter quotes (optimal settings,
measured factors, steps to 10⁻⁶) and redraws the book's figures in
book/src/figures/chapter8/.

With options: runs your own optimizer on a surface and draws the walk, its
distance to the bottom step by step, and (on a bowl) your (η, β) on the
map of convergence factors, in target/downhill/chapter8/. Unset --lr and
--beta default to the best settings for the surface and optimizer."
    }

    fn options(&self) -> &'static [harness::cli::Opt] {
        readers::OPTIONS
    }

    fn examples(&self) -> &'static [&'static str] {
        &[
            "--optimizer momentum --kappa 1000 --steps 400",
            "--optimizer gd --lr 0.0198",
            "--optimizer momentum --lr 0.01 --beta 0.99",
            "--optimizer nesterov --surface pieces --theta1 3.3",
            "--optimizer momentum --surface raw --steps 300",
            "--optimizer momentum --lr 0.05 --beta 0.5",
            "--optimizer momentum --beta 0.9 --dampening 0.9 --lr 0.3 --steps 400",
        ]
    }

    fn runs_descent(&self) -> bool {
        true
    }

    fn book_run(&self) -> Run {
        let report = Report::compute();
        let hb = report.tuned(KAPPA, Method::HeavyBall);
        let trace = Trace {
            what: format!(
                "the heavy ball on the bowl κ = {KAPPA} with η* = {}, β* = {}",
                decimals(hb.tuning.eta, 4),
                decimals(hb.tuning.beta, 4)
            ),
            table: Table::trace(&hb.run, &["theta1", "theta2"]),
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

/// A distance as the tables print it.
pub fn distance_text(v: f64) -> String {
    if v == 0.0 {
        "0".to_string()
    } else if (1e-3..1e4).contains(&v.abs()) {
        decimals(v, 4)
    } else {
        scientific(v, 2)
    }
}
