//! Chapter 2: the learning rate.
//!
//! The experiments behind the chapter, each a function the example, the
//! tests and the book share:
//!
//! 1. gradient descent on the bowl `f(x) = (a/2)·x²` with one learning rate
//!    for each of the five regimes: monotone, one step, oscillating,
//!    bouncing and diverging;
//! 2. the contraction factor `|1 − ηa|` measured against theory, the steps a
//!    run needs, and the threshold `η < 2/a`;
//! 3. a bowl with two curvatures, where each coordinate has its own factor;
//! 4. a curve that is not a bowl, where the rule holds only near a bottom;
//! 5. the floor that floating point puts under the loss, and where each walk
//!    ends in floating point (for the appendix on floating point).
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

use descent::{
    Divergence, GradientDescent, Objective, Outcome, Parabola, QuadraticBowl, StoppingRules,
    Trajectory, descend,
};
use harness::cli::{Args, CliError, Opt};
use harness::exercise::Exercise;
use harness::format::{decimals, distinct, scientific, significant, steps};
use harness::plot::{Anchor, Axis, Chart, Colour, Figure, Grid, contour_lines, palette, sample};
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

/// One learning rate for each of the five regimes, in the order of the
/// chapter's table: monotone, one step, oscillating, bouncing, diverging.
/// Every figure draws each of them in its own colour ([`colour`]).
pub const WALK_RATES: [f64; 5] = [0.1, 1.0, 1.9, 2.0, 2.1];

/// The learning rates whose steps to [`TOLERANCE`] the chapter counts.
pub const COUNT_RATES: [f64; 6] = [0.01, 0.1, 0.5, 1.0, 1.5, 1.9];

/// The step budget of the walks.
pub const BUDGET: usize = 100;

/// How many steps of each walk the figure on the curve draws.
pub const DRAWN_STEPS: usize = 12;

/// "Close enough": `|f′(x)| = a·|x| ≤` this.
pub const TOLERANCE: f64 = 1e-6;

/// The budget for counting steps to [`TOLERANCE`]: enough for the slowest rate.
pub const COUNT_BUDGET: usize = 10_000;

/// The colour of a learning rate of [`WALK_RATES`], the same in every figure
/// of the chapter; grey for any other rate.
pub fn colour(eta: f64) -> Colour {
    if eta == 0.1 {
        palette::BLUE
    } else if eta == 1.0 {
        palette::GREEN
    } else if eta == 1.9 {
        palette::PURPLE
    } else if eta == 2.0 {
        palette::INK
    } else if eta == 2.1 {
        palette::VERMILLION
    } else {
        palette::GREY
    }
}

/// `n` steps, in words: `1 step`, `21 steps`.
pub fn count_steps(n: usize) -> String {
    if n == 1 {
        "1 step".to_string()
    } else {
        format!("{n} steps")
    }
}

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
/// `start·factorᵗ ≤ distance`, that is `⌈ln(distance/start) / ln factor⌉`.
/// At `factor = 0` that formula gives 0 (`ln 0 = −∞`), but one step is
/// still needed, so it is a case of its own.
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
/// What a run on a quadratic bowl does, read from its record: one of the
/// five regimes, or frozen by floating point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Behaviour {
    /// Stays on one side of the bottom; the distance shrinks by `factor`.
    Monotone { factor: f64 },
    /// Lands exactly on the bottom in one step (`η = 1/a`).
    OneStep,
    /// Jumps across the bottom each step; the distance shrinks by `factor`.
    Oscillating { factor: f64 },
    /// Jumps across the bottom to the same distance forever (`η = 2/a`).
    Bouncing,
    /// The distance grows by `factor` per step (`None` when the very first
    /// step overflowed), whether or not `descend` has stopped the run yet.
    Diverging { factor: Option<f64> },
    /// Not a regime of exact arithmetic: `x` does not move, because every
    /// step is too small to change a double (or the walk started on the
    /// bottom).
    Frozen,
}

/// Read the behaviour of a run on a bowl with its bottom at `c`.
///
/// On a quadratic every step multiplies `x − c` by the same number `1 − ηa`,
/// so the first step's ratio `r = (x₁ − c)/(x₀ − c)` tells the whole story;
/// a run that `descend` stopped as divergent is divergent whatever its first
/// step says.
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
        // Neither stopped as divergent nor a single step taken: nothing moved.
        return Behaviour::Frozen;
    };
    if r == 1.0 || r.is_nan() {
        // x₁ = x₀; or x₀ = c, where nothing moves either.
        Behaviour::Frozen
    } else if !(-1.0..=1.0).contains(&r) {
        Behaviour::Diverging {
            factor: Some(r.abs()),
        }
    } else if r > 0.0 {
        Behaviour::Monotone { factor: r }
    } else if r == 0.0 {
        Behaviour::OneStep
    } else if r > -1.0 {
        Behaviour::Oscillating { factor: -r }
    } else {
        Behaviour::Bouncing
    }
}
// ANCHOR_END: behaviour

/// A behaviour's name, the one the chapter's table, figures and verdicts use.
pub fn describe(behaviour: &Behaviour) -> &'static str {
    match behaviour {
        Behaviour::Monotone { .. } => "monotone",
        Behaviour::OneStep => "one step",
        Behaviour::Oscillating { .. } => "oscillating",
        Behaviour::Bouncing => "bouncing",
        Behaviour::Diverging { .. } => "diverging",
        Behaviour::Frozen => "frozen",
    }
}

/// The colour a regime is drawn in: that of its learning rate in
/// [`WALK_RATES`], grey for a frozen run.
pub fn regime_colour(behaviour: &Behaviour) -> Colour {
    match behaviour {
        Behaviour::Monotone { .. } => colour(WALK_RATES[0]),
        Behaviour::OneStep => colour(WALK_RATES[1]),
        Behaviour::Oscillating { .. } => colour(WALK_RATES[2]),
        Behaviour::Bouncing => colour(WALK_RATES[3]),
        Behaviour::Diverging { .. } => colour(WALK_RATES[4]),
        Behaviour::Frozen => palette::GREY,
    }
}

// ANCHOR: two_curvatures
/// A bowl with two curvatures, `f(x, y) = (a₁·x² + a₂·y²)/2`: flat along
/// `x` (`a₁ = 0.1`) and, along `y`, as steep as [`BOWL`] (`a₂ = 1`).
pub const TWO_CURVATURES: QuadraticBowl = QuadraticBowl { a1: 0.1, a2: 1.0 };

/// The factors by which one step multiplies `x` and `y`: the gradient is
/// `(a₁·x, a₂·y)`, so each coordinate takes its own one-variable step,
/// `x ← (1 − η·a₁)·x` and `y ← (1 − η·a₂)·y`.
pub fn coordinate_factors(eta: f64, bowl: &QuadraticBowl) -> (f64, f64) {
    (1.0 - eta * bowl.a1, 1.0 - eta * bowl.a2)
}

/// The run is as slow as its slower coordinate: `max(|1 − η·a₁|, |1 − η·a₂|)`.
pub fn slowest_factor(eta: f64, bowl: &QuadraticBowl) -> f64 {
    let (x, y) = coordinate_factors(eta, bowl);
    x.abs().max(y.abs())
}
// ANCHOR_END: two_curvatures

/// Where the walks on [`TWO_CURVATURES`] start.
pub const TWO_START: [f64; 2] = [3.0, 1.0];

/// The learning rates walked on [`TWO_CURVATURES`]: the one-step, oscillating
/// and diverging rates of [`BOWL`].
pub const TWO_RATES: [f64; 3] = [1.0, 1.9, 2.1];

/// Gradient descent on [`TWO_CURVATURES`] from [`TWO_START`].
pub fn two_walk(eta: f64, rules: &StoppingRules) -> Trajectory {
    descend(
        &TWO_CURVATURES,
        &mut GradientDescent { eta },
        &TWO_START,
        rules,
    )
}

/// A curve that is not a bowl: the double well `f(x) = (x² − 1)²/4`, with
/// bottoms at `x = ±1` (curvature `f″(±1) = 2`) and a hump at `x = 0`
/// (curvature `f″(0) = −1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DoubleWell;

impl DoubleWell {
    /// `f(x) = (x² − 1)²/4`.
    pub fn at(&self, x: f64) -> f64 {
        let s = x * x - 1.0;
        0.25 * s * s
    }

    /// `f′(x) = x·(x² − 1)`.
    pub fn slope(&self, x: f64) -> f64 {
        x * (x * x - 1.0)
    }

    /// `f″(x) = 3x² − 1`: negative on the hump, `|x| < 1/√3`.
    pub fn curvature(&self, x: f64) -> f64 {
        3.0 * x * x - 1.0
    }
}

impl Objective for DoubleWell {
    fn dimension(&self) -> usize {
        1
    }

    fn value(&self, x: &[f64]) -> f64 {
        self.at(x[0])
    }

    fn gradient(&self, x: &[f64]) -> Vec<f64> {
        vec![self.slope(x[0])]
    }
}

/// The learning rate of the walks on [`DoubleWell`]: well below the
/// threshold `2/f″(±1) = 1` of its bottoms.
pub const WELL_RATE: f64 = 0.3;

/// Where the walks on [`DoubleWell`] start: either side of the hump, far up
/// a steep wall, and on top of the hump.
pub const WELL_STARTS: [f64; 4] = [0.5, -0.5, 3.0, 0.0];

/// Gradient descent on [`DoubleWell`] from `start` with [`WELL_RATE`],
/// until the slope is below [`TOLERANCE`].
pub fn well_walk(start: f64) -> Trajectory {
    descend(
        &DoubleWell,
        &mut GradientDescent { eta: WELL_RATE },
        &[start],
        &StoppingRules::budget(COUNT_BUDGET).with_gradient_tolerance(TOLERANCE),
    )
}

// ANCHOR: floor
/// The same bowl with its bottom moved to `c = 1`: `f(x) = (a/2)·(x − 1)²`.
pub const SHIFTED: Parabola = Parabola {
    curvature: A,
    minimum: 1.0,
};

/// The shifted walk starts at the same distance from the bottom, `x₀ − c = 2`.
pub const SHIFTED_START: f64 = 3.0;

/// The machine epsilon `ε = 2⁻⁵²`: the spacing of the doubles from 1 to 2.
/// From ½ to 1 the spacing is `ε/2`.
pub const EPSILON: f64 = f64::EPSILON;

/// The spacing `u` of the doubles next to `c`, the larger of the two gaps
/// either side of it: `ε` for `c = 1` (below 1 the gap is `ε/2`), at most
/// `ε·|c|` for any `c`, and `2⁻¹⁰⁷⁴`, the gap between the smallest
/// ("subnormal") doubles, for `c = 0`.
pub fn spacing_next_to(c: f64) -> f64 {
    let c = c.abs();
    c.next_up() - c
}

/// Once a walk is near `c` (where the spacing of the doubles is at most
/// `u`), it ends, in floating point, within this distance of `c`: while
/// `|x − c|` is larger, one step takes away `(1 − ρ)·|x − c|`, more than
/// the half spacing `u/2` that rounding can add back. A walk whose steps are
/// less than half the spacing where it stands freezes before it gets near
/// (see [`freeze_point`]).
pub fn floor_bound(eta: f64, a: f64, c: f64) -> f64 {
    spacing_next_to(c) / (2.0 * (1.0 - contraction(eta, a)))
}
// ANCHOR_END: floor

/// Where floating point freezes a walk on [`BOWL`] (bottom at 0) that starts
/// at `from > 0` with a monotone rate `0 < η < 1/a`, if it freezes before
/// `x` falls to `target`: the largest double `x` in `[target, from]` at which
/// one step rounds back to `x`.
///
/// Such a walk moves down by at most one spacing per step while `η·a < ε/2`
/// (the step `η·a·x` is then less than the spacing `ε·2ᵏ` of the binade
/// `[2ᵏ, 2ᵏ⁺¹)` it is in), so it cannot jump over a frozen point; and with
/// `η·a ≥ ε/2` no point freezes (the step is at least half the spacing
/// below `x`). Within a binade the step grows with `x` and the half spacing
/// does not, so the frozen points are the bottom of the binade: one binary
/// search per binade finds the highest.
pub fn freeze_point(eta: f64, from: f64, target: f64) -> Option<f64> {
    let stuck = |x: f64| x - eta * BOWL.slope(x) == x;
    let mut high = from;
    while high >= target {
        // The bottom 2ᵏ of the binade of `high`, or `target` if higher.
        let bottom = f64::from_bits(high.to_bits() & !((1u64 << 52) - 1));
        let low = bottom.max(target);
        let first = if stuck(low) {
            Some(low)
        } else if low.next_up() <= high && stuck(low.next_up()) {
            Some(low.next_up())
        } else {
            None
        };
        if let Some(first) = first {
            // Largest stuck x in [first, high], by bisection on the bits.
            let (mut lo, mut hi) = (first.to_bits(), high.to_bits());
            while lo < hi {
                let mid = lo + (hi - lo).div_ceil(2);
                if stuck(f64::from_bits(mid)) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            return Some(f64::from_bits(lo));
        }
        high = bottom.next_down();
    }
    None
}

/// A rate so small that the walk on [`BOWL`] freezes long before the
/// tolerance: `η·a` is below `ε/2`, the relative spacing of the doubles at
/// the bottom of a binade.
pub const TINY_RATE: f64 = 1e-16;

/// The learning rate of the floor experiment.
pub const FLOOR_RATE: f64 = 0.1;

/// The step budget of the floor figure.
pub const FLOOR_BUDGET: usize = 500;

/// A budget long enough for every walk in [`ending_rates`] to settle.
pub const SETTLE_BUDGET: usize = 5000;

/// A budget long enough for the walk toward a bottom at 0 to freeze.
pub const ZERO_BUDGET: usize = 8000;

/// The learning rates `0.05, 0.10, …, 1.95` whose floating-point endings are measured.
pub fn ending_rates() -> Vec<f64> {
    let mut rates = Vec::new();
    for k in 1..=39 {
        rates.push(k as f64 / 20.0);
    }
    rates
}

/// Where floating point ends a walk.
#[derive(Debug, Clone, PartialEq)]
pub struct Ending {
    /// The learning rate.
    pub eta: f64,
    /// The first step from which the walk only repeats itself.
    pub step: usize,
    /// The values of `x − c` it repeats, in increasing order: one (frozen,
    /// or exactly on `c`) or two (a two-point cycle around `c`).
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

    /// Whether the walk ended frozen away from the bottom.
    pub fn frozen(&self) -> bool {
        self.distances.len() == 1 && !self.exact()
    }
}

/// Run the walk on `bowl` from `start` with `eta` until it repeats, and say
/// where it ended.
///
/// Returns `None` if it has not settled into a fixed point or a two-point
/// cycle within `budget` steps.
pub fn ending(bowl: &Parabola, start: f64, eta: f64, budget: usize) -> Option<Ending> {
    let run = walk(bowl, start, eta, &StoppingRules::budget(budget));
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
                .map(|x| x - bowl.minimum)
                .collect();
            distances.sort_by(f64::total_cmp);
            distances.dedup();
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

/// `v` in units of `ε` to `digits` significant digits, as the report prints
/// it: `4ε`, `−2ε`, `0`.
pub fn in_epsilons(v: f64, digits: usize) -> String {
    let units = v / EPSILON;
    if units == 0.0 {
        "0".to_string()
    } else {
        format!("{}ε", significant(units, digits))
    }
}

/// Every number the chapter's prose (and its appendix on floating point)
/// quotes, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The walks of [`WALK_RATES`], under the step budget.
    pub walks: Vec<(f64, Trajectory)>,
    /// How each rate of [`COUNT_RATES`] ends under the tolerance.
    pub counts: Vec<(f64, Outcome)>,
    /// The walks of [`TWO_RATES`] on [`TWO_CURVATURES`], under the tolerance.
    pub two: Vec<(f64, Trajectory)>,
    /// The walks on [`DoubleWell`] from each of [`WELL_STARTS`].
    pub wells: Vec<(f64, Trajectory)>,
    /// The floor experiment: the walk with its bottom at 0 …
    pub unshifted: Trajectory,
    /// … and the same walk with its bottom at 1.
    pub shifted: Trajectory,
    /// Where floating point ends the walk toward a bottom at 0.
    pub zero_ending: Ending,
    /// Where floating point ends the walk on [`SHIFTED`] for each of [`ending_rates`].
    pub endings: Vec<Ending>,
}

impl Report {
    /// Run every experiment of the chapter.
    pub fn compute() -> Self {
        let budget = StoppingRules::budget(BUDGET);
        let walks = WALK_RATES
            .iter()
            .map(|&eta| (eta, walk(&BOWL, START, eta, &budget)))
            .collect();
        let tolerance = StoppingRules::budget(COUNT_BUDGET).with_gradient_tolerance(TOLERANCE);
        let counts = COUNT_RATES
            .iter()
            .map(|&eta| (eta, walk(&BOWL, START, eta, &tolerance).outcome))
            .collect();
        let two = TWO_RATES
            .iter()
            .map(|&eta| (eta, two_walk(eta, &tolerance)))
            .collect();
        let wells = WELL_STARTS
            .iter()
            .map(|&start| (start, well_walk(start)))
            .collect();
        let floor = StoppingRules::budget(FLOOR_BUDGET);
        let unshifted = walk(&BOWL, START, FLOOR_RATE, &floor);
        let shifted = walk(&SHIFTED, SHIFTED_START, FLOOR_RATE, &floor);
        let zero_ending = ending(&BOWL, START, FLOOR_RATE, ZERO_BUDGET)
            .expect("the walk toward 0 freezes within the budget");
        let endings = ending_rates()
            .into_iter()
            .map(|eta| {
                ending(&SHIFTED, SHIFTED_START, eta, SETTLE_BUDGET)
                    .expect("every walk settles within the budget")
            })
            .collect();
        Report {
            walks,
            counts,
            two,
            wells,
            unshifted,
            shifted,
            zero_ending,
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

    /// The walk for learning rate `eta` of [`WALK_RATES`].
    pub fn walk(&self, eta: f64) -> &Trajectory {
        find(&self.walks, eta, "a learning rate of WALK_RATES")
    }

    /// The walk on [`TWO_CURVATURES`] for learning rate `eta` of [`TWO_RATES`].
    pub fn two_walk(&self, eta: f64) -> &Trajectory {
        find(&self.two, eta, "a learning rate of TWO_RATES")
    }

    /// The walk on [`DoubleWell`] from `start`, one of [`WELL_STARTS`].
    pub fn well(&self, start: f64) -> &Trajectory {
        find(&self.wells, start, "a start of WELL_STARTS")
    }

    /// The measured factors `(x₁/x₀, y₁/y₀)` of the first step on
    /// [`TWO_CURVATURES`] with learning rate `eta`.
    pub fn two_factors(&self, eta: f64) -> (f64, f64) {
        let run = self.two_walk(eta);
        let (p0, p1) = (&run.points[0], &run.points[1]);
        (p1[0] / p0[0], p1[1] / p0[1])
    }

    /// The slope of the log-loss line of the walk with `eta`: decades per
    /// step from the start to the end of its run.
    pub fn loss_slope(&self, eta: f64) -> f64 {
        let run = self.walk(eta);
        (run.final_loss().log10() - run.losses[0].log10()) / run.steps() as f64
    }

    /// The factor by which the last step of the walk on [`DoubleWell`] from
    /// 0.5 shrank its distance to the bottom at 1.
    pub fn well_factor(&self) -> f64 {
        let xs = self.well(WELL_STARTS[0]).first_coordinates();
        let n = xs.len();
        (xs[n - 1] - 1.0) / (xs[n - 2] - 1.0)
    }

    /// The step at which the shifted walk stops moving, and its `x − 1` there.
    pub fn floor(&self) -> (usize, f64) {
        let step = frozen_step(&self.shifted);
        (step, self.shifted.final_point()[0] - SHIFTED.minimum)
    }

    /// The largest difference between the shifted walk's `x − 1` and the
    /// walk toward 0, up to the step where the shifted walk stops.
    pub fn shifted_deviation(&self) -> f64 {
        let (step, _) = self.floor();
        let shifted = self.shifted.first_coordinates();
        let unshifted = self.unshifted.first_coordinates();
        (0..=step)
            .map(|t| ((shifted[t] - SHIFTED.minimum) - unshifted[t]).abs())
            .fold(0.0, f64::max)
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

    /// The final distances in units of `ε` of the walks that freeze above
    /// `c`, and the two values `±kε` of those that end in a two-point cycle,
    /// in order of `η`.
    pub fn ending_units(&self) -> (String, String) {
        let mut frozen = Vec::new();
        let mut cycles = Vec::new();
        for ending in self.endings.iter().filter(|e| !e.exact()) {
            let units = significant(ending.distance() / EPSILON, 6);
            if ending.frozen() {
                frozen.push(units);
            } else {
                cycles.push(format!("±{units}"));
            }
        }
        (frozen.join(", "), cycles.join(", "))
    }

    /// The numbers the prose quotes, exactly as printed.
    pub fn quotes(&self) -> Vec<Quote> {
        let (frozen_units, cycle_units) = self.ending_units();
        let (floor_step, floor_distance) = self.floor();
        let (exact_low, exact_high) = self.exact_range();
        let runaway = 1e6 * (1.0 + BOWL.at(START).abs());
        let smallest = spacing_next_to(0.0);
        let mut quotes = vec![
            Quote::new("steps-eta-0.01", steps(&self.count(0.01))),
            Quote::new("steps-eta-0.1", steps(&self.count(0.1))),
            Quote::new("steps-eta-0.5", steps(&self.count(0.5))),
            Quote::new("steps-eta-1", steps(&self.count(1.0))),
            Quote::new("steps-eta-1.5", steps(&self.count(1.5))),
            Quote::new("steps-eta-1.9", steps(&self.count(1.9))),
            Quote::new(
                "loss-after-budget-eta-0.1",
                scientific(self.walk(0.1).final_loss(), 1),
            ),
            Quote::new("loss-slope-eta-0.1", significant(self.loss_slope(0.1), 2)),
            Quote::new("runaway-limit", scientific(runaway, 0)),
            Quote::new("divergence-eta-2.1", steps(&self.walk(2.1).outcome)),
            Quote::new(
                "loss-stopped-eta-2.1",
                scientific(self.walk(2.1).final_loss(), 1),
            ),
        ];
        let names = [
            (
                "two-x-factor-eta-1",
                "two-y-factor-eta-1",
                "two-steps-eta-1",
            ),
            (
                "two-x-factor-eta-1.9",
                "two-y-factor-eta-1.9",
                "two-steps-eta-1.9",
            ),
            (
                "two-x-factor-eta-2.1",
                "two-y-factor-eta-2.1",
                "two-steps-eta-2.1",
            ),
        ];
        for (eta, (x_name, y_name, steps_name)) in TWO_RATES.into_iter().zip(names) {
            let (x, y) = self.two_factors(eta);
            quotes.push(Quote::new(x_name, significant(x, 6)));
            quotes.push(Quote::new(y_name, significant(y, 6)));
            quotes.push(Quote::new(steps_name, steps(&self.two_walk(eta).outcome)));
        }
        quotes.extend([
            Quote::new(
                "well-end-from-0.5",
                decimals(self.well(0.5).final_point()[0], 3),
            ),
            Quote::new(
                "well-end-from-minus-0.5",
                decimals(self.well(-0.5).final_point()[0], 3),
            ),
            Quote::new("well-factor", decimals(self.well_factor(), 3)),
            Quote::new(
                "well-first-step-from-3",
                decimals(self.well(3.0).points[1][0], 1),
            ),
            Quote::new("well-divergence-from-3", steps(&self.well(3.0).outcome)),
            Quote::new("well-steps-from-0", steps(&self.well(0.0).outcome)),
            Quote::new("floor-step", format!("step {floor_step}")),
            Quote::new("floor-units", in_epsilons(floor_distance, 6)),
            Quote::new("floor-loss", scientific(self.shifted.final_loss(), 1)),
            Quote::new(
                "floor-bound-units",
                in_epsilons(floor_bound(FLOOR_RATE, A, SHIFTED.minimum), 6),
            ),
            Quote::new("unshifted-loss", scientific(self.unshifted.final_loss(), 1)),
            // The appendix on floating point.
            Quote::new("spacing", scientific(EPSILON, 1)),
            Quote::new("smallest-double", scientific(smallest, 1)),
            Quote::new(
                "shifted-deviation",
                in_epsilons(self.shifted_deviation(), 2),
            ),
            Quote::new("floor-distance", scientific(floor_distance, 1)),
            Quote::new(
                "floor-bound",
                scientific(floor_bound(FLOOR_RATE, A, SHIFTED.minimum), 1),
            ),
            Quote::new("loss-one-unit", scientific(0.5 * A * EPSILON * EPSILON, 1)),
            Quote::new(
                "zero-frozen-step",
                format!("step {}", self.zero_ending.step),
            ),
            Quote::new(
                "zero-frozen-units",
                format!(
                    "{} × 2⁻¹⁰⁷⁴",
                    significant(self.zero_ending.distance() / smallest, 6)
                ),
            ),
            Quote::new("zero-frozen-x", scientific(self.zero_ending.distance(), 1)),
            Quote::new(
                "zero-bound-units",
                format!(
                    "{} × 2⁻¹⁰⁷⁴",
                    significant(floor_bound(FLOOR_RATE, A, 0.0) / smallest, 6)
                ),
            ),
            Quote::new(
                "freeze-tiny-rate",
                significant(
                    freeze_point(TINY_RATE, START, TOLERANCE).unwrap_or(f64::NAN),
                    5,
                ),
            ),
            Quote::new("half-epsilon", scientific(EPSILON / 2.0, 1)),
            Quote::new(
                "first-frozen-units",
                in_epsilons(self.endings[0].distance(), 6),
            ),
            Quote::new(
                "exact-landing-range",
                format!("{exact_low:.2} to {exact_high:.2}"),
            ),
            Quote::new("frozen-units", frozen_units),
            Quote::new("cycle-units", cycle_units),
        ]);
        quotes
    }
}

/// The run of `key` in a list of `(key, run)`.
fn find<'a>(runs: &'a [(f64, Trajectory)], key: f64, what: &str) -> &'a Trajectory {
    &runs
        .iter()
        .find(|(k, _)| *k == key)
        .unwrap_or_else(|| panic!("{what}: {key}"))
        .1
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
        writeln!(
            f,
            "One walk per regime from x₀ = {START}, first steps, and the measured factor |x₁|/|x₀|:"
        )?;
        for (eta, run) in &self.walks {
            let xs: Vec<String> = run
                .first_coordinates()
                .iter()
                .take(6)
                .map(|x| decimals(*x, 4))
                .collect();
            let measured = measured_factors(run, BOWL.minimum)[0];
            writeln!(
                f,
                "  η = {eta:<4} {:<12} x: {} …  measured {} (theory |1 − ηa| = {})",
                describe(&classify(run, BOWL.minimum)),
                xs.join(", "),
                significant(measured, 6),
                significant(contraction(*eta, A), 6)
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
        for (eta, run) in &self.walks {
            writeln!(
                f,
                "  η = {eta:<4} {:<22} after {}: {}",
                scientific(run.final_loss(), 1),
                count_steps(run.steps()),
                run.outcome
            )?;
        }
        writeln!(
            f,
            "  η = 0.1: the loss line has slope {} decades per step (theory 2·log₁₀ 0.9 = {})",
            text("loss-slope-eta-0.1"),
            significant(2.0 * 0.9f64.log10(), 4)
        )?;
        writeln!(
            f,
            "  η = 2.1: {}, when |f| passed 10⁶·(1 + |f(x₀)|) = {}, with the loss at {}",
            text("divergence-eta-2.1"),
            text("runaway-limit"),
            text("loss-stopped-eta-2.1")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Two curvatures: f(x, y) = (a₁·x² + a₂·y²)/2 with a₁ = {}, a₂ = {}, from (x, y) = ({}, {}):",
            TWO_CURVATURES.a1, TWO_CURVATURES.a2, TWO_START[0], TWO_START[1]
        )?;
        for (eta, run) in &self.two {
            let (x, y) = self.two_factors(*eta);
            let (theory_x, theory_y) = coordinate_factors(*eta, &TWO_CURVATURES);
            writeln!(
                f,
                "  η = {eta:<4} x₁/x₀ = {:<6} y₁/y₀ = {:<6} (theory {}, {}); until |∇f| ≤ 10⁻⁶: {}",
                significant(x, 6),
                significant(y, 6),
                significant(theory_x, 6),
                significant(theory_y, 6),
                steps(&run.outcome)
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "A double well, f(x) = (x² − 1)²/4, with η = {WELL_RATE} (bottoms at ±1, curvature 2 there):"
        )?;
        for (start, run) in &self.wells {
            writeln!(
                f,
                "  from x₀ = {:<5} {:<19} ends at x = {}",
                significant(*start, 3),
                steps(&run.outcome),
                decimals(run.final_point()[0], 3)
            )?;
        }
        writeln!(
            f,
            "  the first step from 3 lands at x = {}",
            text("well-first-step-from-3")
        )?;
        writeln!(
            f,
            "  the last step from 0.5 shrank the distance to 1 by {} (theory |1 − η·f″(1)| = {})",
            text("well-factor"),
            significant(contraction(WELL_RATE, DoubleWell.curvature(1.0)), 6)
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
            "  c = 1: x stops changing at {}, with x − 1 = {} = {} (ε = {}) and loss {}",
            text("floor-step"),
            text("floor-distance"),
            text("floor-units"),
            text("spacing"),
            text("floor-loss")
        )?;
        writeln!(
            f,
            "  until then x − 1 differs from the walk toward 0 by at most {}",
            text("shifted-deviation")
        )?;
        writeln!(
            f,
            "  bound u/(2(1 − ρ)) with u = ε: {} = {}; the loss ε above 1 is ½·a·ε² = {}",
            text("floor-bound"),
            text("floor-bound-units"),
            text("loss-one-unit")
        )?;
        writeln!(
            f,
            "  with η = {TINY_RATE:e} (ηa below ε/2 = {}) the walk toward 0 from x₀ = {START} freezes at x = {}",
            text("half-epsilon"),
            text("freeze-tiny-rate")
        )?;
        writeln!(
            f,
            "  c = 0, run on: x stops changing at {}, at x = {} = {} (bound u/(2(1 − ρ)) with u = 2⁻¹⁰⁷⁴ = {}: {})",
            text("zero-frozen-step"),
            text("zero-frozen-x"),
            text("zero-frozen-units"),
            text("smallest-double"),
            text("zero-bound-units")
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
                .map(|d| in_epsilons(*d, 6))
                .collect();
            writeln!(
                f,
                "  η = {:.2}  from step {:<5} x − 1 = {:<12} (bound {}ε)",
                ending.eta,
                ending.step,
                distances.join(" and "),
                decimals(floor_bound(ending.eta, A, SHIFTED.minimum) / EPSILON, 2)
            )?;
        }
        writeln!(
            f,
            "  lands exactly on c for η from {}",
            text("exact-landing-range")
        )?;
        writeln!(
            f,
            "  frozen at {} units of ε above c; in two-point cycles at {} units of ε",
            text("frozen-units"),
            text("cycle-units")
        )
    }
}

/// The walk drawn on the bowl, in a frame that clips a run that climbs out.
fn walk_chart(run: &Trajectory, steps: usize, title: &str, colour: Colour) -> Chart {
    let mut chart = Chart::new(
        Axis::linear("x", -5.0, 5.0),
        Axis::linear("f(x) = x²/2", 0.0, 6.5),
    )
    .panel_title(title);
    chart
        .line(&sample(|x| BOWL.at(x), -5.0, 5.0, 201), palette::GREY)
        .width(2);
    let mut points = Vec::new();
    for t in 0..=steps.min(run.steps()) {
        let x = run.points[t][0];
        points.push((x, BOWL.at(x)));
    }
    chart.path(&points, colour).width(2).radius(4);
    chart
}

/// One walk per regime on the bowl, each in its learning rate's colour.
pub fn walks_figure(report: &Report) -> Figure {
    let mut charts = Vec::new();
    for (eta, run) in &report.walks {
        let title = format!("η = {eta}: {}", describe(&classify(run, BOWL.minimum)));
        charts.push(walk_chart(run, DRAWN_STEPS, &title, colour(*eta)).narrow_size(230));
    }
    Figure::panels("walks.svg", &charts, 3, 720, 520)
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

/// The contraction factor `|1 − ηa|` against `η`, with the five regimes and
/// the measured factors of the five walks on top.
pub fn contraction_figure(report: &Report) -> Figure {
    let eta_max = 2.5;
    let mut chart = Chart::new(
        Axis::linear("learning rate η (a = 1)", 0.0, eta_max),
        Axis::linear("contraction per step |1 − ηa|", -0.2, 1.7),
    );
    chart.band(threshold(A), eta_max, palette::GREY);
    chart.horizontal_line(1.0, palette::GREY);
    chart
        .line(
            &sample(|eta| contraction(eta, A), 0.0, eta_max, 251),
            palette::INK,
        )
        .width(2);
    for (eta, run) in &report.walks {
        let measured = measured_factors(run, BOWL.minimum)[0];
        chart.points(&[(*eta, measured)], colour(*eta)).radius(6);
    }
    chart
        .text((0.5, 1.55), "monotone", palette::INK)
        .anchor(Anchor::Centre);
    chart
        .text((1.5, 1.55), "oscillating", palette::INK)
        .anchor(Anchor::Centre);
    // On a phone "diverging" goes low in its band, under the V's arm.
    chart
        .text((2.25, 1.55), "diverging", palette::INK)
        .anchor(Anchor::Centre)
        .narrow_at((2.48, 0.3))
        .narrow_anchor(Anchor::Right);
    chart.horizontal_line(0.0, palette::GREY);
    chart
        .text((1.0, -0.1), "one step (η = 1/a)", palette::INK)
        .anchor(Anchor::Centre);
    chart
        .text((1.95, 1.09), "bouncing (η = 2/a)", palette::INK)
        .anchor(Anchor::Right)
        .narrow_at((1.86, 1.08));
    chart
        .text((0.05, 1.36), "line: theory |1 − ηa|", palette::INK)
        .anchor(Anchor::Left);
    chart
        .text((0.05, 1.2), "dots: measured |x₁| / |x₀|", palette::INK)
        .anchor(Anchor::Left);
    Figure::new("contraction.svg", &chart)
}

/// Losses against steps on a log scale, one line per regime.
pub fn loss_figure(report: &Report) -> Figure {
    let bottom = 1e-20;
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, BUDGET as f64),
        Axis::log("loss f(xₜ)", bottom, 1e8),
    );
    for eta in WALK_RATES {
        let run = report.walk(eta);
        let mut points = loss_points(run);
        if let Some(zero) = run.losses.iter().position(|&loss| loss == 0.0) {
            // A loss of exactly 0 lies below every log scale: the line
            // leaves through the bottom edge at the step it happens.
            points.truncate(zero);
            points.push((zero as f64, bottom));
        }
        let mark = chart.line(&points, colour(eta));
        mark.width(3);
        if eta > one_step_rate(A) && eta < threshold(A) {
            mark.dashed();
        }
    }
    let stopped = report.walk(2.1);
    let end = (stopped.steps() as f64, stopped.final_loss());
    chart.points(&[end], colour(2.1)).radius(5);
    chart
        .text(
            (end.0 - 2.0, end.1 * 30.0),
            &format!("η = 2.1: stopped at step {}", stopped.steps()),
            colour(2.1),
        )
        .anchor(Anchor::Right);
    chart
        .text((98.0, 30.0), "η = 2: stays at 2", colour(2.0))
        .anchor(Anchor::Right);
    chart
        .text((40.0, 1e-7), "η = 0.1 (solid)", colour(0.1))
        .anchor(Anchor::Left)
        .narrow_at((30.0, 1e-8));
    chart
        .text((40.0, 1e-9), "and η = 1.9 (dashed)", colour(1.9))
        .anchor(Anchor::Left)
        .narrow_at((30.0, 1e-11));
    chart
        .text((3.0, 1e-17), "η = 1: exactly 0 from step 1", colour(1.0))
        .anchor(Anchor::Left);
    Figure::new("loss-curves.svg", &chart)
}

/// How many steps of each walk the map of [`TWO_CURVATURES`] draws.
const TWO_DRAWN_STEPS: usize = 16;

/// The window of the map of [`TWO_CURVATURES`], with equal scales on both axes.
const TWO_X: (f64, f64) = (-1.0, 3.5);
const TWO_Y: (f64, f64) = (-1.75, 1.75);

/// The height of a 360-pixel-wide panel with a title whose plot area has
/// one scale on both axes for the window `x`, `y`. The house style's margins
/// and label areas take 96 pixels of the width and, with a panel title,
/// [`TITLED_PANEL_FRAME`] of the height.
fn equal_scale_height(width: f64, x: (f64, f64), y: (f64, f64)) -> u32 {
    let per_unit = (width - 96.0) / (x.1 - x.0);
    (TITLED_PANEL_FRAME + per_unit * (y.1 - y.0)).round() as u32
}

/// The height a titled panel's frame takes from the plot area, in pixels
/// (measured on the rendered figure by the chapter's tests).
pub const TITLED_PANEL_FRAME: f64 = 91.0;

/// A walk on [`TWO_CURVATURES`] on its contour map, up to the first step
/// that leaves the window.
fn two_map(eta: f64, run: &Trajectory, width: f64, height: u32) -> Chart {
    let (x, y) = coordinate_factors(eta, &TWO_CURVATURES);
    let title = format!(
        "η = {eta}: x × {} and y × {} per step",
        significant(x, 6),
        significant(y, 6)
    );
    let mut map = Chart::new(
        Axis::linear("x", TWO_X.0, TWO_X.1),
        Axis::linear("y", TWO_Y.0, TWO_Y.1),
    )
    .size(width as u32, height)
    .narrow_size(height)
    .panel_title(&title);
    let grid = Grid {
        x: TWO_X,
        y: TWO_Y,
        cells: (90, 70),
    };
    for contour in contour_lines(|x, y| TWO_CURVATURES.value(&[x, y]), &grid, &TWO_LEVELS) {
        for line in &contour.lines {
            map.line(line, palette::GREY).width(1);
        }
    }
    map.points(&[(0.0, 0.0)], palette::INK).radius(3);
    let mut points = Vec::new();
    for p in run.points.iter().take(TWO_DRAWN_STEPS + 1) {
        points.push((p[0], p[1]));
        if !(TWO_Y.0..=TWO_Y.1).contains(&p[1]) {
            break;
        }
    }
    map.path(&points, colour(eta)).width(2).radius(3);
    map
}

/// The contour levels of the map of [`TWO_CURVATURES`].
const TWO_LEVELS: [f64; 4] = [0.05, 0.2, 0.45, 0.8];

/// The walks on a bowl with two curvatures, each on its contour map with
/// equal scales, and the two factors against the learning rate.
pub fn two_curvatures_figure(report: &Report) -> Figure {
    let width = 360.0;
    let height = equal_scale_height(width, TWO_X, TWO_Y);
    let mut charts: Vec<Chart> = report
        .two
        .iter()
        .map(|(eta, run)| two_map(*eta, run, width, height))
        .collect();

    let eta_max = 2.5;
    let mut factors = Chart::new(
        Axis::linear("learning rate η", 0.0, eta_max),
        Axis::linear("factor per step", 0.0, 1.6),
    )
    .size(width as u32, height)
    .narrow_size(height)
    .panel_title("each coordinate's factor");
    factors.horizontal_line(1.0, palette::GREY);
    factors
        .line(
            &sample(
                |eta| coordinate_factors(eta, &TWO_CURVATURES).0.abs(),
                0.0,
                eta_max,
                101,
            ),
            palette::INK,
        )
        .width(2)
        .dashed();
    factors
        .line(
            &sample(
                |eta| coordinate_factors(eta, &TWO_CURVATURES).1.abs(),
                0.0,
                eta_max,
                251,
            ),
            palette::INK,
        )
        .width(2);
    for eta in TWO_RATES {
        let (x, y) = report.two_factors(eta);
        factors
            .points(&[(eta, x.abs()), (eta, y.abs())], colour(eta))
            .radius(5);
    }
    factors
        .text((0.05, 1.48), "dashed: along x, |1 − η·a₁|", palette::INK)
        .anchor(Anchor::Left);
    factors
        .text((0.05, 1.3), "solid: along y, |1 − η·a₂|", palette::INK)
        .anchor(Anchor::Left);
    charts.push(factors);
    Figure::panels(
        "two-curvatures.svg",
        &charts,
        2,
        2 * width as u32,
        2 * height,
    )
}

/// The loss of the same walk with the bottom at 0 and at 1: the second one
/// stops falling.
pub fn floor_figure(report: &Report) -> Figure {
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, FLOOR_BUDGET as f64),
        Axis::log("loss f(xₜ)", 1e-40, 10.0),
    );
    // The walk toward c = 1, solid and wide; the walk toward 0 dashed on top
    // of it, in a lighter blue, so that the two show as one line until they
    // part. Both are η = 0.1.
    chart
        .line(&loss_points(&report.shifted), colour(FLOOR_RATE))
        .width(5);
    chart
        .line(&loss_points(&report.unshifted), palette::SKY)
        .width(2)
        .dashed();
    let one_unit = 0.5 * A * EPSILON * EPSILON;
    chart.horizontal_line(one_unit, palette::GREY);
    chart
        .text(
            (10.0, one_unit / 12.0),
            "x − c = ε: loss ½·a·ε²",
            palette::GREY,
        )
        .anchor(Anchor::Left)
        .narrow_at((10.0, one_unit / 300.0));
    let (step, _) = report.floor();
    chart
        .text(
            (step as f64, report.shifted.final_loss() * 300.0),
            &format!("c = 1: stuck from step {step}"),
            colour(FLOOR_RATE),
        )
        .anchor(Anchor::Left)
        .narrow_at((FLOOR_BUDGET as f64, report.shifted.final_loss() * 300.0))
        .narrow_anchor(Anchor::Right);
    chart
        .text(
            (385.0, 3e-39),
            "c = 0 (dashed): falls on",
            colour(FLOOR_RATE),
        )
        .anchor(Anchor::Right);
    Figure::new("floor.svg", &chart)
}

/// Where floating point ends each walk on the shifted bowl, against `η`:
/// the values of `x − c` it ends on, in units of `ε`.
pub fn endings_figure(report: &Report) -> Figure {
    let mut chart = Chart::new(
        Axis::linear("learning rate η (a = 1)", 0.0, 2.0),
        Axis::linear("final x − c, in units of ε", -7.0, 11.0),
    );
    for sign in [1.0, -1.0] {
        chart
            .line(
                &sample(
                    |eta| sign * floor_bound(eta, A, SHIFTED.minimum) / EPSILON,
                    0.001,
                    1.999,
                    400,
                ),
                palette::GREY,
            )
            .dashed();
    }
    chart.horizontal_line(0.0, palette::GREY);
    let mut points = Vec::new();
    for ending in &report.endings {
        for d in &ending.distances {
            points.push((ending.eta, d / EPSILON));
        }
    }
    chart.points(&points, palette::INK).radius(4);
    for (eta, label) in [(0.5, "ρ = ½"), (1.75, "ρ = ¾")] {
        chart.vertical_line(eta, palette::GREY);
        let mark = chart.text((eta + 0.02, 10.2), label, palette::GREY);
        mark.anchor(Anchor::Left);
        if eta > 1.0 {
            // On a phone there is no room right of the line: go left of it.
            mark.narrow_at((eta - 0.02, 10.2))
                .narrow_anchor(Anchor::Right);
        }
    }
    chart
        .text((0.28, 7.0), "frozen above c", palette::INK)
        .anchor(Anchor::Left)
        .narrow_at((0.55, 7.6));
    chart
        .text((1.1, 1.4), "lands exactly on c", palette::INK)
        .anchor(Anchor::Centre)
        .narrow_at((1.1, 2.3));
    chart
        .text((1.72, 7.0), "two-point cycle", palette::INK)
        .anchor(Anchor::Right)
        .narrow_at((1.72, 5.2));
    chart
        .text((1.0, -4.0), "bound ±ε / (2(1 − |1 − ηa|))", palette::GREY)
        .anchor(Anchor::Centre);
    Figure::new("endings.svg", &chart)
}

/// Every figure of the chapter, in the order the text shows them; the last
/// is the appendix's.
pub fn figures(report: &Report) -> Vec<Figure> {
    vec![
        walks_figure(report),
        contraction_figure(report),
        loss_figure(report),
        two_curvatures_figure(report),
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

    /// The first step at which `|x| ≤ 10⁻⁶`, if the run got there.
    pub fn reached(&self) -> Option<usize> {
        self.run.points.iter().position(|p| p[0].abs() <= TOLERANCE)
    }

    /// How long a converging walk takes to `|x| ≤ 10⁻⁶`: measured where the
    /// run got there, predicted by exact arithmetic where it did not, and
    /// neither where floating point will freeze it first.
    fn arrival(&self) -> String {
        let eta = self.settings.eta;
        let theory = steps_to_reach(START, TOLERANCE, contraction(eta, A));
        if let Some(t) = self.reached() {
            return format!(
                "|x| ≤ 10⁻⁶ first at step {t} (theory: the smallest t with 2·|1 − ηa|ᵗ ≤ 10⁻⁶, {theory})"
            );
        }
        if eta * A < 1.0
            && let Some(x) = freeze_point(eta, START, TOLERANCE)
        {
            return format!(
                "it will not reach |x| ≤ 10⁻⁶: below x = {} the step η·f′(x) is less than half \
                 the spacing of the doubles next to x, so the walk freezes there",
                significant(x, 5)
            );
        }
        let count = if theory < 1_000_000 {
            count_steps(theory)
        } else {
            format!("about {} steps", scientific(theory as f64, 1))
        };
        format!(
            "theory: |x| ≤ 10⁻⁶ would take {count}, more than this run's {}",
            self.settings.steps
        )
    }

    /// The verdict, in a sentence that starts with the regime's name.
    pub fn verdict(&self) -> String {
        let eta = self.settings.eta;
        let theory = 1.0 - eta * A;
        let runaway = 1e6 * (1.0 + BOWL.at(START).abs());
        let name = describe(&self.behaviour);
        match self.behaviour {
            Behaviour::Frozen => format!(
                "{name}: x never moves. That is not one of the five regimes but floating \
                 point: the step η·f′(x) is less than half the spacing of the doubles next \
                 to x, so every update rounds back to x."
            ),
            Behaviour::Monotone { factor } => format!(
                "{name}: x stays on one side of the bottom and its distance shrinks by \
                 a factor {} per step (theory 1 − ηa = {}); {}.",
                distinct(factor, 1.0),
                distinct(theory, 1.0),
                self.arrival()
            ),
            Behaviour::OneStep => format!(
                "{name}: η = 1/a, so the first step lands exactly on x = 0 and the walk \
                 stays there."
            ),
            Behaviour::Oscillating { factor } => format!(
                "{name}: x jumps across the bottom every step and |x| shrinks by a \
                 factor {} per step (theory |1 − ηa| = {}); {}.",
                distinct(factor, 1.0),
                distinct(theory.abs(), 1.0),
                self.arrival()
            ),
            Behaviour::Bouncing => format!(
                "{name}: η = 2/a exactly, so every step sends x to −x. |x| stays {START} \
                 forever; the run neither converges nor diverges."
            ),
            Behaviour::Diverging { factor } => {
                let growth = match factor {
                    Some(factor) => format!(
                        "|x| grows by a factor {} per step (theory |1 − ηa| = {})",
                        distinct(factor, 1.0),
                        distinct(theory.abs(), 1.0)
                    ),
                    None => "the first step already overflowed".to_string(),
                };
                let rule = format!(
                    "the size of the loss passed 10⁶·(1 + |f(x₀)|) = {}",
                    scientific(runaway, 0)
                );
                match self.run.outcome {
                    Outcome::Diverged {
                        step,
                        reason: Divergence::Runaway,
                    } => format!(
                        "{name}: {growth}; descend stopped the run at step {step}, when {rule}."
                    ),
                    Outcome::Diverged { step, .. } => format!(
                        "{name}: {growth}; descend stopped the run at step {step}, when a \
                         value became infinite."
                    ),
                    _ => format!(
                        "{name}: {growth}. Within {} it has not happened yet that {rule}, \
                         so descend has not stopped the run; given enough steps, it will.",
                        count_steps(self.settings.steps)
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

    /// The reader's run: on the bowl, and its loss against the step, in the
    /// colour the book gives its regime.
    pub fn figure(&self) -> Figure {
        let title = format!(
            "η = {}: {}",
            significant(self.settings.eta, 6),
            describe(&self.behaviour)
        );
        let colour = regime_colour(&self.behaviour);
        let left = walk_chart(&self.run, self.run.steps(), &title, colour);
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
        right.line(&losses, colour).width(2);
        right.points(&losses, colour).radius(2);
        if let Outcome::Diverged { step, .. } = self.run.outcome {
            let end = (step as f64, self.run.final_loss());
            right.points(&[end], colour).radius(6);
            right
                .text(
                    (0.03 * steps, end.1 / 2.0),
                    &format!("diverged: stopped at step {step}"),
                    colour,
                )
                .anchor(Anchor::Left);
        }
        if let Some(zero) = self.run.losses.iter().position(|&loss| loss == 0.0) {
            right
                .text(
                    (steps / 2.0, (low * high).sqrt()),
                    &format!("loss exactly 0 from step {zero}: below any log scale"),
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
            "η = {}, {}: each step is x ← (1 − ηa)·x = {}·x",
            significant(eta, 6),
            count_steps(steps),
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
        "With no options, prints every number the chapter and its appendix on
floating point quote, and redraws the chapter's figures in
book/src/figures/chapter2/.

With options, runs your own learning rate on the bowl f(x) = (a/2)·x² with
a = 1, starting from x₀ = 2. Each step is x ← (1 − η)·x, so the run converges
for 0 < η < 2 and diverges for η > 2. It prints every step, names the run's
regime (monotone, one step, oscillating, bouncing or diverging; or frozen, when
floating point keeps x from moving), and draws it to target/downhill/chapter2/."
    }

    fn options(&self) -> &'static [Opt] {
        &[LR, STEPS]
    }

    fn examples(&self) -> &'static [&'static str] {
        &[
            "--lr 0.9 --steps 30",
            "--lr 2 --steps 10",
            "--lr 2.5",
            "--lr 1.99 --steps 10000",
            "--lr 1e-16",
        ]
    }

    fn runs_descent(&self) -> bool {
        true
    }

    fn quoting_pages(&self) -> &'static [&'static str] {
        &["floating-point.md"]
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
