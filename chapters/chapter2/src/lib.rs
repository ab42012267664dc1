//! Chapter 2: the learning rate.
//!
//! The experiments behind the chapter, each a function the example, the
//! tests and the book share:
//!
//! 1. gradient descent on the bowl `f(x) = (a/2)·x²` with learning rates that
//!    are too small, just right, too large and divergent;
//! 2. the contraction factor `|1 − ηa|` measured against theory, and the
//!    threshold `η < 2/a`;
//! 3. the floor that floating point puts under the loss when the bottom of
//!    the bowl is not at zero.
//!
//! [`Report::compute`] runs them all; [`figures`] draws the chapter's figures.
//! [`Experiment::run`] is the reader's own run (`--lr`, `--steps`), and
//! [`Chapter2`] hands both to the chapter kit. The reader's coding
//! exercises are in [`exercises`], checked by [`exercise_checks`].

pub mod exercise_checks;
pub mod exercises;
/// The reference solutions to the exercises (absent from a student copy).
#[cfg(has_solutions)]
#[path = "../solutions/exercises.rs"]
pub mod solutions;

use std::fmt;

use descent::{Divergence, GradientDescent, Outcome, Parabola, StoppingRules, Trajectory, descend};
use harness::cli::{Args, CliError, Opt};
use harness::exercise::Exercise;
use harness::format::{decimals, distinct, scientific, significant, steps};
use harness::plot::{Anchor, Axis, Chart, Colour, Figure, palette, sample};
use harness::quote::{Quote, text_of};
use harness::table::Table;
use harness::{Chapter, Run, Trace};

/// The curvature `a` of every bowl in the chapter, and of the reader's runs.
/// With `a = 1` the threshold `2/a` is 2 and the one-step rate `1/a` is 1.
pub const A: f64 = 1.0;

/// The bowl `f(x) = (a/2)·x²`, bottom at `x = 0`.
pub const BOWL: Parabola = Parabola {
    curvature: A,
    minimum: 0.0,
};

/// Where every walk on [`BOWL`] starts.
pub const START: f64 = 2.0;

/// The learning rates drawn on the curve: too small, one step, too large
/// (bouncing but converging), and divergent.
pub const WALK_RATES: [f64; 4] = [0.1, 1.0, 1.9, 2.1];

/// The learning rates whose losses are compared step by step.
pub const LOSS_RATES: [f64; 6] = [0.1, 0.5, 1.5, 1.9, 2.0, 2.1];

/// The learning rates whose steps to [`TOLERANCE`] the chapter counts.
pub const COUNT_RATES: [f64; 6] = [0.01, 0.1, 0.5, 1.0, 1.5, 1.9];

/// The learning rates whose contraction per step is measured.
pub const CONTRACTION_RATES: [f64; 9] = [0.1, 0.5, 0.9, 1.0, 1.5, 1.9, 2.0, 2.1, 2.5];

/// The step budget of the walks drawn in the figures.
pub const BUDGET: usize = 100;

/// "Close enough": `|f′(x)| = a·|x| ≤` this.
pub const TOLERANCE: f64 = 1e-6;

/// The budget for counting steps to [`TOLERANCE`]: enough for the slowest rate.
pub const COUNT_BUDGET: usize = 10_000;

// ANCHOR: walk
/// Gradient descent on `bowl` from `start` with learning rate `eta`.
pub fn walk(bowl: &Parabola, start: f64, eta: f64, rules: &StoppingRules) -> Trajectory {
    let mut optimizer = GradientDescent { eta };
    descend(bowl, &mut optimizer, &[start], rules)
}
// ANCHOR_END: walk

// ANCHOR: theory
/// The factor `|1 − ηa|` by which one step multiplies the distance to the
/// bottom of a bowl of curvature `a`.
pub fn contraction(eta: f64, a: f64) -> f64 {
    (1.0 - eta * a).abs()
}

/// The largest learning rate that still converges is just below `2/a`.
pub fn threshold(a: f64) -> f64 {
    2.0 / a
}

/// The learning rate that reaches the bottom in one step: `1/a`.
pub fn one_step_rate(a: f64) -> f64 {
    1.0 / a
}

/// Steps until `|xₜ − c| ≤ distance`, from `|x₀ − c| = start`, when each step
/// multiplies the distance by `factor < 1`: the smallest `t` with
/// `start·factorᵗ ≤ distance`.
pub fn steps_to_reach(start: f64, distance: f64, factor: f64) -> usize {
    if start <= distance {
        0
    } else if factor == 0.0 {
        1
    } else {
        ((distance / start).ln() / factor.ln()).ceil() as usize
    }
}
// ANCHOR_END: theory

/// The measured factor of every step, `|xₜ₊₁ − c| / |xₜ − c|`, up to the
/// first step that lands exactly on `c`.
pub fn measured_factors(run: &Trajectory, c: f64) -> Vec<f64> {
    let mut factors = Vec::new();
    for pair in run.points.windows(2) {
        let before = (pair[0][0] - c).abs();
        if before == 0.0 {
            break;
        }
        factors.push((pair[1][0] - c).abs() / before);
    }
    factors
}

// ANCHOR: behaviour
/// What a run on a quadratic bowl does, read from its record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Behaviour {
    /// `x` does not move: every step is too small to change a double.
    Frozen,
    /// Stays on one side of the bottom; the distance shrinks by `factor`.
    Monotone { factor: f64 },
    /// Lands exactly on the bottom in one step (`η = 1/a`).
    OneStep,
    /// Jumps across the bottom each step; the distance shrinks by `factor`.
    Oscillating { factor: f64 },
    /// Jumps across the bottom to the same distance forever (`η = 2/a`).
    Bouncing,
    /// Jumps across the bottom and the distance grows by `factor`
    /// (`None` when the very first step overflowed).
    Diverging { factor: Option<f64> },
}

/// Read the behaviour of a run on a bowl with its bottom at `c`.
///
/// On a quadratic every step multiplies `x − c` by the same number `1 − ηa`,
/// so the first step tells the whole story; a run that `descend` stopped as
/// divergent is divergent whatever its first step says.
pub fn classify(run: &Trajectory, c: f64) -> Behaviour {
    let first_factor = if run.points.len() > 1 {
        Some((run.points[1][0] - c) / (run.points[0][0] - c))
    } else {
        None
    };
    if run.outcome.diverged() {
        return Behaviour::Diverging {
            factor: first_factor.map(f64::abs),
        };
    }
    let Some(r) = first_factor else {
        return Behaviour::Frozen;
    };
    if r >= 1.0 {
        Behaviour::Frozen
    } else if r > 0.0 {
        Behaviour::Monotone { factor: r }
    } else if r == 0.0 {
        Behaviour::OneStep
    } else if r > -1.0 {
        Behaviour::Oscillating { factor: -r }
    } else if r == -1.0 {
        Behaviour::Bouncing
    } else {
        Behaviour::Diverging { factor: Some(-r) }
    }
}
// ANCHOR_END: behaviour

// ANCHOR: floor
/// The same bowl with its bottom moved to `c = 1`: `f(x) = (a/2)·(x − 1)²`.
pub const SHIFTED: Parabola = Parabola {
    curvature: A,
    minimum: 1.0,
};

/// The shifted walk starts at the same distance from the bottom, `x₀ − c = 2`.
pub const SHIFTED_START: f64 = 3.0;

/// The spacing of doubles just above 1: the machine epsilon `ε = 2⁻⁵²`.
/// Just below 1 the spacing is `ε/2`.
pub const SPACING: f64 = f64::EPSILON;

/// A walk ends, in floating point, within this distance of `c`: beyond it,
/// each step still shrinks `|x − c|` by `(1 − ρ)·|x − c|`, more than the
/// half spacing that rounding can add back.
pub fn floor_bound(eta: f64, a: f64) -> f64 {
    SPACING / (2.0 * (1.0 - contraction(eta, a)))
}
// ANCHOR_END: floor

/// The learning rate of the floor experiment.
pub const FLOOR_RATE: f64 = 0.1;

/// The step budget of the floor experiment.
pub const FLOOR_BUDGET: usize = 500;

/// A budget long enough for every walk in [`ending_rates`] to settle.
pub const SETTLE_BUDGET: usize = 5000;

/// The learning rates `0.05, 0.10, …, 1.95` whose floating-point endings are measured.
pub fn ending_rates() -> Vec<f64> {
    let mut rates = Vec::new();
    for k in 1..=39 {
        rates.push(k as f64 / 20.0);
    }
    rates
}

/// Where floating point ends a walk on [`SHIFTED`].
#[derive(Debug, Clone, PartialEq)]
pub struct Ending {
    /// The learning rate.
    pub eta: f64,
    /// The first step from which the walk only repeats itself.
    pub step: usize,
    /// The values of `x − c` it repeats: one (frozen, or exactly on `c`)
    /// or two (a two-point cycle around `c`).
    pub distances: Vec<f64>,
}

impl Ending {
    /// The largest `|x − c|` of the repeating values.
    pub fn distance(&self) -> f64 {
        self.distances.iter().fold(0.0, |m, d| m.max(d.abs()))
    }

    /// Whether the walk ended exactly on the bottom.
    pub fn exact(&self) -> bool {
        self.distance() == 0.0
    }
}

/// Run the walk on [`SHIFTED`] with `eta` until it repeats, and say where it ended.
///
/// Returns `None` if it has not settled into a fixed point or a two-point
/// cycle within [`SETTLE_BUDGET`] steps.
pub fn ending(eta: f64) -> Option<Ending> {
    let run = walk(
        &SHIFTED,
        SHIFTED_START,
        eta,
        &StoppingRules::budget(SETTLE_BUDGET),
    );
    let xs = run.first_coordinates();
    let n = xs.len();
    for period in [1, 2] {
        if xs[n - 1] == xs[n - 1 - period] {
            let mut first = n - 1 - period;
            while first > 0 && xs[first - 1] == xs[first - 1 + period] {
                first -= 1;
            }
            let mut distances: Vec<f64> = xs[first..first + period]
                .iter()
                .map(|x| x - SHIFTED.minimum)
                .collect();
            distances.sort_by(f64::total_cmp);
            return Some(Ending {
                eta,
                step: first,
                distances,
            });
        }
    }
    None
}

/// The first step after which `x` never changes again.
pub fn frozen_step(run: &Trajectory) -> usize {
    let xs = run.first_coordinates();
    let last = xs[xs.len() - 1];
    let mut first = xs.len() - 1;
    while first > 0 && xs[first - 1] == last {
        first -= 1;
    }
    first
}

/// Every number the chapter's prose quotes, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The walks of [`WALK_RATES`], under the step budget.
    pub walks: Vec<(f64, Trajectory)>,
    /// The walks of [`LOSS_RATES`], under the step budget.
    pub loss_runs: Vec<(f64, Trajectory)>,
    /// How each rate of [`COUNT_RATES`] ends under the tolerance.
    pub counts: Vec<(f64, Outcome)>,
    /// The measured first-step factor `|x₁| / |x₀|` of each rate of [`CONTRACTION_RATES`].
    pub factors: Vec<(f64, f64)>,
    /// The floor experiment: the walk with its bottom at 0 …
    pub unshifted: Trajectory,
    /// … and the same walk with its bottom at 1.
    pub shifted: Trajectory,
    /// Where floating point ends the walk on [`SHIFTED`] for each of [`ending_rates`].
    pub endings: Vec<Ending>,
}

impl Report {
    /// Run every experiment of the chapter.
    pub fn compute() -> Self {
        let budget = StoppingRules::budget(BUDGET);
        let mut walks = Vec::new();
        for eta in WALK_RATES {
            walks.push((eta, walk(&BOWL, START, eta, &budget)));
        }
        let mut loss_runs = Vec::new();
        for eta in LOSS_RATES {
            loss_runs.push((eta, walk(&BOWL, START, eta, &budget)));
        }
        let tolerance = StoppingRules::budget(COUNT_BUDGET).with_gradient_tolerance(TOLERANCE);
        let mut counts = Vec::new();
        for eta in COUNT_RATES {
            counts.push((eta, walk(&BOWL, START, eta, &tolerance).outcome));
        }
        let mut factors = Vec::new();
        for eta in CONTRACTION_RATES {
            let run = walk(&BOWL, START, eta, &StoppingRules::budget(1));
            factors.push((eta, measured_factors(&run, BOWL.minimum)[0]));
        }
        let floor = StoppingRules::budget(FLOOR_BUDGET);
        let unshifted = walk(&BOWL, START, FLOOR_RATE, &floor);
        let shifted = walk(&SHIFTED, SHIFTED_START, FLOOR_RATE, &floor);
        let endings = ending_rates()
            .into_iter()
            .map(|eta| ending(eta).expect("every walk settles within the budget"))
            .collect();
        Report {
            walks,
            loss_runs,
            counts,
            factors,
            unshifted,
            shifted,
            endings,
        }
    }

    /// The outcome of the count for learning rate `eta`.
    pub fn count(&self, eta: f64) -> Outcome {
        self.counts
            .iter()
            .find(|(rate, _)| *rate == eta)
            .map(|(_, outcome)| *outcome)
            .expect("a counted learning rate")
    }

    /// The loss-curve run for learning rate `eta`.
    pub fn loss_run(&self, eta: f64) -> &Trajectory {
        &self
            .loss_runs
            .iter()
            .find(|(rate, _)| *rate == eta)
            .expect("a learning rate of the loss figure")
            .1
    }

    /// The step at which the shifted walk stops moving, and its `x − 1` there.
    pub fn floor(&self) -> (usize, f64) {
        let step = frozen_step(&self.shifted);
        (step, self.shifted.final_point()[0] - SHIFTED.minimum)
    }

    /// The smallest and largest rate of [`ending_rates`] that end exactly on `c`.
    pub fn exact_range(&self) -> (f64, f64) {
        let exact: Vec<f64> = self
            .endings
            .iter()
            .filter(|e| e.exact())
            .map(|e| e.eta)
            .collect();
        (exact[0], exact[exact.len() - 1])
    }

    /// The final distances, in spacings, of the walks that freeze (one
    /// repeated value) and of those that cycle (two), in order of `η`.
    pub fn ending_spacings(&self) -> (String, String) {
        let mut frozen = Vec::new();
        let mut cycles = Vec::new();
        for ending in self.endings.iter().filter(|e| !e.exact()) {
            let spacings = format!("{}", ending.distance() / SPACING);
            if ending.distances.len() == 1 {
                frozen.push(spacings);
            } else {
                cycles.push(spacings);
            }
        }
        (frozen.join(", "), cycles.join(", "))
    }

    /// The numbers the prose quotes, exactly as printed.
    pub fn quotes(&self) -> Vec<Quote> {
        let (frozen_spacings, cycle_spacings) = self.ending_spacings();
        let (floor_step, floor_distance) = self.floor();
        let (exact_low, exact_high) = self.exact_range();
        vec![
            Quote::new("steps-eta-0.01", steps(&self.count(0.01))),
            Quote::new("steps-eta-0.1", steps(&self.count(0.1))),
            Quote::new("steps-eta-0.5", steps(&self.count(0.5))),
            Quote::new("steps-eta-1", steps(&self.count(1.0))),
            Quote::new("steps-eta-1.9", steps(&self.count(1.9))),
            Quote::new(
                "loss-after-budget-eta-0.1",
                scientific(self.loss_run(0.1).final_loss(), 1),
            ),
            Quote::new("divergence-eta-2.1", steps(&self.loss_run(2.1).outcome)),
            Quote::new(
                "loss-stopped-eta-2.1",
                scientific(self.loss_run(2.1).final_loss(), 1),
            ),
            Quote::new("spacing", scientific(SPACING, 1)),
            Quote::new("floor-step", format!("step {floor_step}")),
            Quote::new("floor-distance", scientific(floor_distance, 1)),
            Quote::new(
                "floor-spacings",
                format!("{} spacings", floor_distance / SPACING),
            ),
            Quote::new("floor-loss", scientific(self.shifted.final_loss(), 1)),
            Quote::new("floor-bound", scientific(floor_bound(FLOOR_RATE, A), 1)),
            Quote::new("unshifted-loss", scientific(self.unshifted.final_loss(), 1)),
            Quote::new(
                "loss-one-spacing",
                scientific(0.5 * A * SPACING * SPACING, 1),
            ),
            Quote::new(
                "exact-landing-range",
                format!("{exact_low:.2} to {exact_high:.2}"),
            ),
            Quote::new("frozen-spacings", frozen_spacings),
            Quote::new("cycle-spacings", cycle_spacings),
        ]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.quotes();
        let text = |name: &str| text_of(&q, name);
        writeln!(f, "Chapter 2: the learning rate")?;
        writeln!(f)?;
        writeln!(
            f,
            "The bowl f(x) = (a/2)·x² with a = {A}: one step is x ← (1 − ηa)·x."
        )?;
        writeln!(
            f,
            "Converges iff 0 < η < 2/a = {}; one step to the bottom at η = 1/a = {}.",
            threshold(A),
            one_step_rate(A)
        )?;
        writeln!(f)?;
        writeln!(f, "Walks from x₀ = {START}, first steps:")?;
        for (eta, run) in &self.walks {
            let xs: Vec<String> = run
                .first_coordinates()
                .iter()
                .take(6)
                .map(|x| decimals(*x, 4))
                .collect();
            writeln!(
                f,
                "  η = {eta:<4} {:<24} x: {} …",
                describe(&classify(run, BOWL.minimum)),
                xs.join(", ")
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "Contraction per step, measured |x₁|/|x₀| against |1 − ηa|:"
        )?;
        for (eta, factor) in &self.factors {
            writeln!(
                f,
                "  η = {eta:<4} measured {factor:<20} theory {}",
                contraction(*eta, A)
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "Steps until |f′(x)| ≤ {} (theory: the smallest t with 2·|1 − ηa|ᵗ ≤ 10⁻⁶):",
            scientific(TOLERANCE, 0)
        )?;
        for (eta, outcome) in &self.counts {
            let theory = steps_to_reach(START * A, TOLERANCE, contraction(*eta, A));
            writeln!(f, "  η = {eta:<4} {:<10} theory {theory}", steps(outcome))?;
        }
        writeln!(f)?;
        writeln!(f, "Loss after {BUDGET} steps, or when the run was stopped:")?;
        for (eta, run) in &self.loss_runs {
            writeln!(
                f,
                "  η = {eta:<4} {:<22} after {} steps: {}",
                scientific(run.final_loss(), 1),
                run.steps(),
                run.outcome
            )?;
        }
        writeln!(
            f,
            "  η = 2.1 {}, with the loss at {}",
            text("divergence-eta-2.1"),
            text("loss-stopped-eta-2.1")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "The floor: the same walk (η = {FLOOR_RATE}, {FLOOR_BUDGET} steps) with the bottom at c = 0 and at c = 1:"
        )?;
        writeln!(
            f,
            "  c = 0: loss after {FLOOR_BUDGET} steps {}",
            text("unshifted-loss")
        )?;
        writeln!(
            f,
            "  c = 1: x stops changing at {}, with x − 1 = {} ({} of ε = {}) and loss {}",
            text("floor-step"),
            text("floor-distance"),
            text("floor-spacings"),
            text("spacing"),
            text("floor-loss")
        )?;
        writeln!(
            f,
            "  bound ε/(2(1 − ρ)) = {}; the loss one spacing above 1 is ½·a·ε² = {}",
            text("floor-bound"),
            text("loss-one-spacing")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Where each walk on the shifted bowl ends (x − 1 in units of ε):"
        )?;
        for ending in &self.endings {
            let distances: Vec<String> = ending
                .distances
                .iter()
                .map(|d| format!("{}", d / SPACING))
                .collect();
            writeln!(
                f,
                "  η = {:.2}  from step {:<5} x − 1 = {} ε   (bound {:.2} ε)",
                ending.eta,
                ending.step,
                distances.join(" and "),
                floor_bound(ending.eta, A) / SPACING
            )?;
        }
        writeln!(
            f,
            "  lands exactly on c for η from {}",
            text("exact-landing-range")
        )?;
        writeln!(
            f,
            "  frozen at {} spacings above c; in two-point cycles at {} spacings on each side",
            text("frozen-spacings"),
            text("cycle-spacings")
        )
    }
}

/// A behaviour in a few words.
pub fn describe(behaviour: &Behaviour) -> &'static str {
    match behaviour {
        Behaviour::Frozen => "frozen",
        Behaviour::Monotone { .. } => "monotone convergence",
        Behaviour::OneStep => "one step to the bottom",
        Behaviour::Oscillating { .. } => "oscillating convergence",
        Behaviour::Bouncing => "stalls at the boundary",
        Behaviour::Diverging { .. } => "divergence",
    }
}

/// The walk drawn on the bowl, in a frame that clips a run that climbs out.
fn walk_chart(run: &Trajectory, steps: usize, title: &str, colour: Colour) -> Chart {
    let mut chart = Chart::new(
        Axis::linear("x", -3.5, 3.5),
        Axis::linear("f(x) = x²/2", 0.0, 6.5),
    )
    .panel_title(title);
    chart
        .line(&sample(|x| BOWL.at(x), -3.5, 3.5, 141), palette::BLUE)
        .width(3);
    let mut points = Vec::new();
    for t in 0..=steps.min(run.steps()) {
        let x = run.points[t][0];
        points.push((x, BOWL.at(x)));
    }
    chart.path(&points, colour);
    chart
}

/// Four walks on the bowl: too small, one step, bouncing, climbing out.
pub fn walks_figure(report: &Report) -> Figure {
    let titles = [
        "η = 0.1: too small",
        "η = 1: one step",
        "η = 1.9: bouncing, converging",
        "η = 2.1: climbing out",
    ];
    let mut charts = Vec::new();
    for (i, ((_, run), title)) in report.walks.iter().zip(titles).enumerate() {
        charts.push(walk_chart(run, 12, title, palette::series(i + 1)));
    }
    Figure::panels("walks.svg", &charts, 2, 720, 600)
}

/// The points `(t, f(xₜ))` of a run, leaving out losses that are exactly 0
/// (a log scale cannot show them).
fn loss_points(run: &Trajectory) -> Vec<(f64, f64)> {
    let mut points = Vec::new();
    for (t, &loss) in run.losses.iter().enumerate() {
        if loss > 0.0 {
            points.push((t as f64, loss));
        }
    }
    points
}

/// Losses against steps on a log scale for several learning rates.
pub fn loss_figure(report: &Report) -> Figure {
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, BUDGET as f64),
        Axis::log("loss f(xₜ)", 1e-20, 1e8),
    );
    let styles = [
        (0.1, palette::BLUE, false),
        (1.9, palette::SKY, true),
        (0.5, palette::GREEN, false),
        (1.5, palette::ORANGE, true),
        (2.0, palette::INK, false),
        (2.1, palette::VERMILLION, false),
    ];
    for (eta, colour, dashed) in styles {
        let run = report.loss_run(eta);
        let mark = chart.line(&loss_points(run), colour);
        mark.width(3);
        if dashed {
            mark.dashed();
        }
    }
    let stopped = report.loss_run(2.1);
    let end = (stopped.steps() as f64, stopped.final_loss());
    chart.points(&[end], palette::VERMILLION).radius(5);
    chart
        .text(
            (end.0 - 2.0, end.1 * 30.0),
            &format!("η = 2.1: diverged, stopped at step {}", stopped.steps()),
            palette::VERMILLION,
        )
        .anchor(Anchor::Right);
    chart
        .text((98.0, 12.0), "η = 2: stays at 2", palette::INK)
        .anchor(Anchor::Right);
    chart
        .text(
            (50.0, 3e-2),
            "η = 0.1 (solid) and η = 1.9 (dashed)",
            palette::BLUE,
        )
        .anchor(Anchor::Left);
    chart
        .text(
            (35.0, 1e-17),
            "η = 0.5 (solid) and η = 1.5 (dashed)",
            palette::GREEN,
        )
        .anchor(Anchor::Left);
    Figure::new("loss-curves.svg", &chart)
}

/// The contraction factor `|1 − ηa|` against `η`, with its three regions
/// and the measured factors on top.
pub fn contraction_figure(report: &Report) -> Figure {
    let eta_max = 2.5;
    let mut chart = Chart::new(
        Axis::linear("learning rate η (a = 1)", 0.0, eta_max),
        Axis::linear("contraction per step |1 − ηa|", 0.0, 1.7),
    );
    chart.band(0.0, one_step_rate(A), palette::GREEN);
    chart.band(one_step_rate(A), threshold(A), palette::ORANGE);
    chart.band(threshold(A), eta_max, palette::VERMILLION);
    chart.horizontal_line(1.0, palette::GREY);
    chart.line(
        &sample(|eta| contraction(eta, A), 0.0, eta_max, 251),
        palette::INK,
    );
    chart.points(&report.factors, palette::BLUE).radius(5);
    chart
        .text((1.72, 0.6), "line: theory |1 − ηa|", palette::INK)
        .anchor(Anchor::Left);
    chart
        .text((1.72, 0.48), "dots: measured |x₁| / |x₀|", palette::BLUE)
        .anchor(Anchor::Left);
    chart
        .text((0.5, 1.55), "monotone", palette::GREEN)
        .anchor(Anchor::Centre);
    chart
        .text((1.5, 1.55), "oscillating, converging", palette::ORANGE)
        .anchor(Anchor::Centre);
    chart
        .text((2.25, 1.55), "diverging", palette::VERMILLION)
        .anchor(Anchor::Centre);
    chart
        .text((1.12, 0.04), "1/a: one step", palette::INK)
        .anchor(Anchor::Left);
    chart
        .text((1.97, 1.06), "2/a", palette::INK)
        .anchor(Anchor::Right);
    Figure::new("contraction.svg", &chart)
}

/// The loss of the same walk with the bottom at 0 and at 1: the second one
/// stops falling.
pub fn floor_figure(report: &Report) -> Figure {
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, FLOOR_BUDGET as f64),
        Axis::log("loss f(xₜ)", 1e-40, 10.0),
    );
    // The shifted walk underneath, thicker, so that the two show as one
    // line until they part.
    chart
        .line(&loss_points(&report.shifted), palette::VERMILLION)
        .width(5);
    chart
        .line(&loss_points(&report.unshifted), palette::BLUE)
        .width(2);
    let one_spacing = 0.5 * A * SPACING * SPACING;
    chart.horizontal_line(one_spacing, palette::GREY);
    chart
        .text(
            (10.0, one_spacing / 12.0),
            "one spacing from c: ½·a·ε²",
            palette::GREY,
        )
        .anchor(Anchor::Left);
    let (step, _) = report.floor();
    chart
        .text(
            (step as f64, report.shifted.final_loss() * 200.0),
            &format!("bottom at c = 1: stuck from step {step}"),
            palette::VERMILLION,
        )
        .anchor(Anchor::Left);
    chart
        .text(
            (385.0, 3e-39),
            "bottom at c = 0: keeps falling",
            palette::BLUE,
        )
        .anchor(Anchor::Right);
    Figure::new("floor.svg", &chart)
}

/// Where floating point ends each walk on the shifted bowl, against `η`.
pub fn endings_figure(report: &Report) -> Figure {
    let mut chart = Chart::new(
        Axis::linear("learning rate η (a = 1)", 0.0, 2.0),
        Axis::linear("final |x − c| in spacings ε", -0.5, 11.0),
    );
    chart
        .line(
            &sample(|eta| floor_bound(eta, A) / SPACING, 0.001, 1.999, 400),
            palette::GREY,
        )
        .dashed();
    let mut frozen = Vec::new();
    let mut exact = Vec::new();
    let mut cycles = Vec::new();
    for ending in &report.endings {
        let point = (ending.eta, ending.distance() / SPACING);
        if ending.exact() {
            exact.push(point);
        } else if ending.distances.len() == 1 {
            frozen.push(point);
        } else {
            cycles.push(point);
        }
    }
    chart.points(&frozen, palette::BLUE).radius(5);
    chart.points(&exact, palette::GREEN).radius(5);
    chart.points(&cycles, palette::VERMILLION).radius(5);
    chart
        .text((0.3, 6.0), "frozen above c", palette::BLUE)
        .anchor(Anchor::Left);
    chart
        .text((1.1, 1.1), "lands exactly on c", palette::GREEN)
        .anchor(Anchor::Centre);
    chart
        .text((1.7, 6.0), "two-point cycle around c", palette::VERMILLION)
        .anchor(Anchor::Right);
    chart
        .text((1.0, 3.2), "bound ε / (2(1 − |1 − ηa|))", palette::GREY)
        .anchor(Anchor::Centre);
    Figure::new("endings.svg", &chart)
}

/// Every figure of the chapter, in the order the text shows them.
pub fn figures(report: &Report) -> Vec<Figure> {
    vec![
        walks_figure(report),
        loss_figure(report),
        contraction_figure(report),
        floor_figure(report),
        endings_figure(report),
    ]
}

/// The learning rate of the reader's run when only `--steps` is given.
pub const DEFAULT_RATE: f64 = 0.1;
/// The number of steps of the reader's run when only `--lr` is given.
pub const DEFAULT_STEPS: usize = 30;
/// The most steps the reader may ask for.
pub const MAX_STEPS: usize = 10_000;

/// The reader's choices.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// The learning rate `η`.
    pub eta: f64,
    /// The step budget.
    pub steps: usize,
}

/// The reader's own run on [`BOWL`] from [`START`].
#[derive(Debug, Clone, PartialEq)]
pub struct Experiment {
    /// What the reader asked for.
    pub settings: Settings,
    /// What happened.
    pub run: Trajectory,
    /// What the run did, read from its record.
    pub behaviour: Behaviour,
}

impl Experiment {
    /// Run the reader's learning rate for the reader's number of steps.
    pub fn run(settings: &Settings) -> Self {
        let run = walk(
            &BOWL,
            START,
            settings.eta,
            &StoppingRules::budget(settings.steps),
        );
        let behaviour = classify(&run, BOWL.minimum);
        Experiment {
            settings: *settings,
            run,
            behaviour,
        }
    }

    /// The verdict, in a sentence.
    pub fn verdict(&self) -> String {
        let eta = self.settings.eta;
        let theory = 1.0 - eta * A;
        match self.behaviour {
            Behaviour::Frozen => "frozen: x never moves. The step η·f′(x) is smaller than half \
                 the spacing of doubles near x, so every update rounds back to x."
                .to_string(),
            Behaviour::Monotone { factor } => format!(
                "monotone convergence: x stays on one side of the bottom and shrinks by \
                 a factor {} per step (theory 1 − ηa = {}); |x| ≤ 10⁻⁶ after {} steps.",
                distinct(factor, 1.0),
                distinct(theory, 1.0),
                steps_to_reach(START, TOLERANCE, factor)
            ),
            Behaviour::OneStep => "one step to the bottom: η = 1/a, so the first step lands \
                 exactly on x = 0 and the walk stays there."
                .to_string(),
            Behaviour::Oscillating { factor } => format!(
                "oscillating convergence: x jumps across the bottom every step and |x| \
                 shrinks by a factor {} per step (theory |1 − ηa| = {}); \
                 |x| ≤ 10⁻⁶ after {} steps.",
                distinct(factor, 1.0),
                distinct(theory.abs(), 1.0),
                steps_to_reach(START, TOLERANCE, factor)
            ),
            Behaviour::Bouncing => format!(
                "stalls at the boundary: η = 2/a exactly, so every step sends x to −x. \
                 |x| stays {START} forever; the run neither converges nor diverges."
            ),
            Behaviour::Diverging { factor } => {
                let growth = match factor {
                    Some(factor) => format!(
                        "|x| grows by a factor {} per step (theory |1 − ηa| = {} > 1)",
                        distinct(factor, 1.0),
                        distinct(theory.abs(), 1.0)
                    ),
                    None => "the first step already overflowed".to_string(),
                };
                match self.run.outcome {
                    Outcome::Diverged {
                        step,
                        reason: Divergence::Runaway,
                    } => format!(
                        "divergence: η > 2/a, {growth}; descend stopped the run at step \
                         {step}, when the loss had grown a million-fold."
                    ),
                    Outcome::Diverged { step, .. } => format!(
                        "divergence: η > 2/a, {growth}; descend stopped the run at step \
                         {step}, when a value became infinite."
                    ),
                    _ => format!(
                        "divergence: η > 2/a, {growth}. Within {} steps the loss has not yet \
                         grown a million-fold, so descend has not stopped it; more steps will.",
                        self.settings.steps
                    ),
                }
            }
        }
    }

    /// The file the reader's figure is written to, under `target/downhill/chapter2/`.
    pub fn file_name(&self) -> String {
        let mut eta = format!("{}", self.settings.eta);
        if eta.len() > 12 {
            eta = format!("{:e}", self.settings.eta);
        }
        format!("lr-{eta}-steps-{}.svg", self.settings.steps)
    }

    /// The reader's run: on the bowl, and its loss against the step.
    pub fn figure(&self) -> Figure {
        let title = format!(
            "η = {}: {}",
            significant(self.settings.eta, 6),
            describe(&self.behaviour)
        );
        let left = walk_chart(&self.run, self.run.steps(), &title, palette::VERMILLION);
        let losses = loss_points(&self.run);
        // The start's loss is never 0 (x₀ = 2), so `losses` is not empty.
        let low = losses.iter().fold(f64::INFINITY, |m, p| m.min(p.1)) / 2.0;
        let high = losses.iter().fold(0.0, |m: f64, p| m.max(p.1)) * 2.0;
        let steps = self.run.steps().max(1) as f64;
        let mut right = Chart::new(
            Axis::linear("step t", 0.0, steps),
            Axis::log("loss f(xₜ)", low, high),
        )
        .panel_title("loss on a log scale");
        right.line(&losses, palette::VERMILLION).width(2);
        right.points(&losses, palette::VERMILLION).radius(2);
        if let Some(zero) = self.run.losses.iter().position(|&loss| loss == 0.0) {
            right
                .text(
                    (steps / 2.0, (low * high).sqrt()),
                    &format!("loss exactly 0 from step {zero}: not drawable on a log scale"),
                    palette::INK,
                )
                .anchor(Anchor::Centre);
        }
        Figure::panels(&self.file_name(), &[left, right], 2, 900, 400)
    }
}

impl fmt::Display for Experiment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Settings { eta, steps } = self.settings;
        writeln!(
            f,
            "Chapter 2: your learning rate on f(x) = (a/2)·x² with a = {A}, from x₀ = {START}."
        )?;
        writeln!(
            f,
            "With a = {A} the run converges for 0 < η < 2/a = {} and is fastest at η = 1/a = {}.",
            threshold(A),
            one_step_rate(A)
        )?;
        writeln!(
            f,
            "η = {}, {steps} steps: each step is x ← (1 − ηa)·x = {}·x",
            significant(eta, 6),
            distinct(1.0 - eta * A, (1.0 - eta * A).signum())
        )?;
        writeln!(f)?;
        writeln!(f, "  step   x                      f(x)")?;
        let n = self.run.points.len();
        for t in 0..n {
            if n > 41 && t == 20 {
                writeln!(f, "  …")?;
            }
            if n > 41 && (20..n - 20).contains(&t) {
                continue;
            }
            writeln!(
                f,
                "  {t:<6} {:<22} {}",
                scientific(self.run.points[t][0], 4),
                scientific(self.run.losses[t], 4)
            )?;
        }
        writeln!(f)?;
        writeln!(f, "{}", self.run.outcome)?;
        writeln!(f, "Verdict: {}", self.verdict())
    }
}

/// `--lr`: the reader's learning rate.
pub const LR: Opt = Opt::positive(
    "--lr",
    "ETA",
    "the learning rate η, a number greater than 0 (default 0.1)",
);

/// `--steps`: the length of the reader's run.
pub const STEPS: Opt = Opt::count(
    "--steps",
    "N",
    1,
    MAX_STEPS,
    "the number of steps, a whole number from 1 to 10000 (default 30)",
);

/// Chapter 2 for the kit: the book's run, the reader's learning rate, and
/// the exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter2;

impl Chapter for Chapter2 {
    fn number(&self) -> u32 {
        2
    }

    fn title(&self) -> &'static str {
        "The learning rate"
    }

    fn about(&self) -> &'static str {
        "With no options, prints every number the chapter quotes and redraws the
chapter's figures in book/src/figures/chapter2/.

With options, runs your own learning rate on the bowl f(x) = (a/2)·x² with
a = 1, starting from x₀ = 2. Each step is x ← (1 − η)·x, so the run converges
for 0 < η < 2 and diverges for η > 2. It prints every step, says whether the
run converged (monotonically or oscillating), bounced forever or diverged,
and draws it to target/downhill/chapter2/."
    }

    fn options(&self) -> &'static [Opt] {
        &[LR, STEPS]
    }

    fn examples(&self) -> &'static [&'static str] {
        &["--lr 0.9 --steps 30", "--lr 2 --steps 10", "--lr 2.5"]
    }

    fn runs_descent(&self) -> bool {
        true
    }

    fn book_run(&self) -> Run {
        let report = Report::compute();
        let (eta, walk) = &report.walks[0];
        let trace = Trace {
            what: format!("the walk with η = {eta}"),
            table: Table::trace(walk, &["x"]),
        };
        Run {
            report: report.to_string(),
            quotes: report.quotes(),
            figures: figures(&report),
            data: None,
            trace: Some(trace),
        }
    }

    fn readers_run(&self, args: &mut Args) -> Result<Run, CliError> {
        let eta = args.positive(&LR, DEFAULT_RATE)?;
        let steps = args.count(&STEPS, DEFAULT_STEPS)?;
        args.finish()?;
        let experiment = Experiment::run(&Settings { eta, steps });
        let mut run = Run::new(experiment.to_string());
        run.figures.push(experiment.figure());
        run.trace = Some(Trace {
            what: format!("your run with η = {}", significant(eta, 6)),
            table: Table::trace(&experiment.run, &["x"]),
        });
        Ok(run)
    }

    fn exercises(&self) -> Vec<Exercise> {
        exercise_checks::readers_exercises()
    }

    fn reference_exercises(&self) -> Option<Vec<Exercise>> {
        exercise_checks::reference_exercises()
    }
}
