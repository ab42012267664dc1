//! Chapter 1: slope and the derivative.
//!
//! The experiments behind the chapter, each a function the example, the
//! tests and the book share:
//!
//! 1. tangent lines on the bowl `f(x) = x²`, and secants that turn into one;
//! 2. finite-difference derivatives and how their error depends on the step `h`;
//! 3. gradient descent on the bowl, and what "close enough" means.
//!
//! [`Report::compute`] runs them all; [`figures`] draws the chapter's figures.
//! The reader's coding exercises are in [`exercises`], checked by
//! [`exercise_checks`].

pub mod exercise_checks;
pub mod exercises;
/// The reference solutions to the exercises (absent from a student copy).
#[cfg(has_solutions)]
#[path = "../solutions/exercises.rs"]
pub mod solutions;

use std::fmt;

use descent::derivative::{central_difference, forward_difference};
use descent::{Divergence, GradientDescent, Outcome, Parabola, StoppingRules, Trajectory, descend};
use harness::cli::{Args, CliError, Opt};
use harness::exercise::Exercise;
use harness::format::{
    cadence, decimals, distinct, power_of_ten, scientific, signed, significant, steps,
};
use harness::plot::{Anchor, Axis, Chart, Colour, Figure, palette, sample};
use harness::quote::{Quote, text_of};
use harness::table::Table;
use harness::{Chapter, Run, Trace};

/// The points where the first figure draws tangents.
pub const TANGENT_POINTS: [f64; 4] = [-1.5, -0.5, 0.0, 1.0];

/// The secant steps `h` of the second figure, all from `x = 1`.
pub const SECANT_STEPS: [f64; 3] = [1.0, 0.5, 0.25];

// ANCHOR: test_function
/// The function whose derivative we estimate numerically: `f(x) = eˣ`.
///
/// It is a good test because every derivative is `eˣ` again, so we know the
/// exact answer `f′(1) = e` and the size of every error term.
pub fn test_function(x: f64) -> f64 {
    x.exp()
}

/// The point where the derivative is estimated.
pub const ESTIMATE_AT: f64 = 1.0;
// ANCHOR_END: test_function

/// The steps `h = 10^(−k/4)`, for `k = 0, 1, …, 64`: from 1 down to 10⁻¹⁶.
pub fn steps_h() -> Vec<f64> {
    let mut hs = Vec::new();
    for k in 0..=64 {
        hs.push(10f64.powf(-(k as f64) / 4.0));
    }
    hs
}

/// The relative error of one finite-difference estimate of `f′(1) = e`.
fn relative_error(estimate: f64) -> f64 {
    let exact = test_function(ESTIMATE_AT);
    (estimate - exact).abs() / exact
}

/// Relative errors of both difference formulas at every step in [`steps_h`].
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorCurves {
    /// The steps `h`.
    pub h: Vec<f64>,
    /// `|forward estimate − e| / e` at each `h`.
    pub forward: Vec<f64>,
    /// `|central estimate − e| / e` at each `h`.
    pub central: Vec<f64>,
}

impl ErrorCurves {
    /// Measure both formulas at every step.
    pub fn measure() -> Self {
        let h = steps_h();
        let mut forward = Vec::new();
        let mut central = Vec::new();
        for &step in &h {
            forward.push(relative_error(forward_difference(
                test_function,
                ESTIMATE_AT,
                step,
            )));
            central.push(relative_error(central_difference(
                test_function,
                ESTIMATE_AT,
                step,
            )));
        }
        ErrorCurves {
            h,
            forward,
            central,
        }
    }

    /// The step with the smallest error in `errors`, and that error.
    pub fn best(&self, errors: &[f64]) -> (f64, f64) {
        let mut best = 0;
        for i in 1..errors.len() {
            if errors[i] < errors[best] {
                best = i;
            }
        }
        (self.h[best], errors[best])
    }

    /// The slope of `log error` against `log h` over the steps in `[h_min, h_max]`,
    /// by least squares: the order of the method where truncation dominates.
    pub fn order(&self, errors: &[f64], h_min: f64, h_max: f64) -> f64 {
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for (&h, &error) in self.h.iter().zip(errors) {
            if h_min <= h && h <= h_max {
                xs.push(h.log10());
                ys.push(error.log10());
            }
        }
        let n = xs.len() as f64;
        let mean_x = xs.iter().sum::<f64>() / n;
        let mean_y = ys.iter().sum::<f64>() / n;
        let mut covariance = 0.0;
        let mut variance = 0.0;
        for i in 0..xs.len() {
            covariance += (xs[i] - mean_x) * (ys[i] - mean_y);
            variance += (xs[i] - mean_x) * (xs[i] - mean_x);
        }
        covariance / variance
    }
}

/// The gradient-norm tolerance of the "nearly flat" rule.
pub const GRADIENT_TOLERANCE: f64 = 1e-6;
/// The loss-change tolerance of the "no more progress" rule.
pub const LOSS_CHANGE_TOLERANCE: f64 = 1e-12;
/// The step budget of the walk drawn in the figures.
pub const BUDGET: usize = 100;
/// The step budget of the very long walk that finds floating point's last word.
pub const LONG_BUDGET: usize = 4000;

// ANCHOR: walk_by_hand
/// Gradient descent on `f(x) = x²`, written out in full: `steps` times,
/// compute the slope `f′(x) = 2x` and move against it by `η·f′(x)`.
pub fn walk_by_hand(x0: f64, eta: f64, steps: usize) -> f64 {
    let mut x = x0;
    for _ in 0..steps {
        let slope = 2.0 * x; // f′(x) for f(x) = x²
        x -= eta * slope; // one step downhill
    }
    x
}
// ANCHOR_END: walk_by_hand

// ANCHOR: walk
/// The bowl of the whole chapter: `f(x) = x²`, a [`Parabola`] of curvature 2,
/// so that `f′(x) = 2x`.
pub const BOWL: Parabola = Parabola {
    curvature: 2.0,
    minimum: 0.0,
};
/// Where the book's walk starts.
pub const START: f64 = 2.0;
/// The learning rate of the book's walk.
pub const ETA: f64 = 0.1;

/// Walk down the bowl from `x0` with learning rate `eta` under `rules`.
pub fn walk_from(x0: f64, eta: f64, rules: &StoppingRules) -> Trajectory {
    let mut optimizer = GradientDescent { eta };
    descend(&BOWL, &mut optimizer, &[x0], rules)
}
// ANCHOR_END: walk

/// The book's walk: from [`START`] with learning rate [`ETA`] under `rules`.
pub fn walk(rules: &StoppingRules) -> Trajectory {
    walk_from(START, ETA, rules)
}

/// The exact truncation error of the forward difference of `eˣ` at any `x`,
/// relative to the derivative: `(eʰ − 1)/h − 1 = h/2 + h²/6 + h³/24 + …`.
pub fn forward_truncation(h: f64) -> f64 {
    if h < 1e-3 {
        h / 2.0 + h * h / 6.0 + h * h * h / 24.0
    } else {
        h.exp_m1() / h - 1.0
    }
}

/// The exact truncation error of the central difference of `eˣ`, relative
/// to the derivative: `sinh(h)/h − 1 = h²/6 + h⁴/120 + …`.
pub fn central_truncation(h: f64) -> f64 {
    if h < 1e-3 {
        h * h / 6.0 + h.powi(4) / 120.0
    } else {
        h.sinh() / h - 1.0
    }
}

/// The step where the forward difference's two error terms are equal:
/// `h/2 = ε/h` at `h = √(2ε)`.
pub fn forward_balance() -> f64 {
    (2.0 * f64::EPSILON).sqrt()
}

/// The step where the central difference's two error terms are equal:
/// `h²/6 = ε/(2h)` at `h = ∛(3ε)`.
pub fn central_balance() -> f64 {
    (3.0 * f64::EPSILON).cbrt()
}

/// The step where the central difference's two error terms add up to the
/// least: `h²/6 + ε/(2h)` has derivative `h/3 − ε/(2h²)`, zero at
/// `h = ∛(3ε/2)`. (For the forward difference `h/2 + ε/h` is least at
/// `√(2ε)`, where its two terms are also equal.)
pub fn central_minimum() -> f64 {
    (1.5 * f64::EPSILON).cbrt()
}

/// A gradient tolerance equivalent, to first order, to the loss-change rule:
/// one step changes the loss by about `η·f′(x)²`, so `|f(xₜ₋₁) − f(xₜ)| ≤ tol` when
/// `|f′(x)| ≤ √(tol/η)`.
pub fn equivalent_gradient_tolerance(loss_change: f64, eta: f64) -> f64 {
    (loss_change / eta).sqrt()
}

/// The walk of question 6: the flat bowl `f(x) = 10⁻⁸·x²` from `x₀ = 100`.
pub const FLAT: Parabola = Parabola {
    curvature: 2e-8,
    minimum: 0.0,
};
/// Where the walk of question 6 starts.
pub const FLAT_START: f64 = 100.0;

/// The walk of question 6 under the loss-change rule alone.
pub fn flat_walk() -> Trajectory {
    let mut optimizer = GradientDescent { eta: ETA };
    let rules = StoppingRules::budget(BUDGET).with_loss_change_tolerance(LOSS_CHANGE_TOLERANCE);
    descend(&FLAT, &mut optimizer, &[FLAT_START], &rules)
}

/// `eˣ` in single precision, correctly rounded: computed in double precision
/// and rounded once to `f32`, so that the result does not depend on the
/// platform's own single-precision `exp`.
pub fn exp_single(x: f32) -> f32 {
    f64::from(x).exp() as f32
}

/// The best forward step and its error in single precision (`f32`), for
/// question 5: measured on the same steps `h`, in `f32` arithmetic.
pub fn single_precision_best() -> (f64, f64) {
    let exact = exp_single(1.0);
    let mut best = (1.0, f64::INFINITY);
    for h in steps_h() {
        let h32 = h as f32;
        let estimate = (exp_single(1.0f32 + h32) - exact) / h32;
        let error = f64::from(((estimate - exact) / exact).abs());
        if error < best.1 {
            best = (h, error);
        }
    }
    best
}

/// Every number the chapter's prose quotes, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// `f′(x)` at each of [`TANGENT_POINTS`].
    pub tangent_slopes: Vec<f64>,
    /// The secant slopes `(f(1 + h) − f(1)) / h` for each of [`SECANT_STEPS`].
    pub secant_slopes: Vec<f64>,
    /// The finite-difference errors.
    pub errors: ErrorCurves,
    /// The measured best forward step and its error.
    pub best_forward: (f64, f64),
    /// The measured best central step and its error.
    pub best_central: (f64, f64),
    /// The fitted order of the forward difference (theory: 1).
    pub forward_order: f64,
    /// The fitted order of the central difference (theory: 2).
    pub central_order: f64,
    /// The walk under the step budget only.
    pub walk: Trajectory,
    /// How the walk ends under the gradient rule.
    pub gradient_rule: Outcome,
    /// How the walk ends under the loss-change rule.
    pub loss_change_rule: Outcome,
    /// A very long walk, to see where floating point stops it.
    pub long_walk: Trajectory,
    /// Question 6's walk on the flat bowl under the loss-change rule.
    pub flat_walk: Trajectory,
    /// Question 5: the best forward step and its error in `f32`.
    pub single_precision: (f64, f64),
}

impl Report {
    /// Run every experiment of the chapter.
    pub fn compute() -> Self {
        let mut tangent_slopes = Vec::new();
        for x in TANGENT_POINTS {
            tangent_slopes.push(BOWL.slope(x));
        }
        let mut secant_slopes = Vec::new();
        for h in SECANT_STEPS {
            secant_slopes.push(forward_difference(|x| BOWL.at(x), 1.0, h));
        }
        let errors = ErrorCurves::measure();
        let best_forward = errors.best(&errors.forward);
        let best_central = errors.best(&errors.central);
        let forward_order = errors.order(&errors.forward, 1e-4, 1e-1);
        let central_order = errors.order(&errors.central, 1e-3, 1e-1);
        let walk = walk(&StoppingRules::budget(BUDGET));
        let gradient_rule =
            self::walk(&StoppingRules::budget(BUDGET).with_gradient_tolerance(GRADIENT_TOLERANCE))
                .outcome;
        let loss_change_rule = self::walk(
            &StoppingRules::budget(BUDGET).with_loss_change_tolerance(LOSS_CHANGE_TOLERANCE),
        )
        .outcome;
        let long_walk = self::walk(&StoppingRules::budget(LONG_BUDGET));
        Report {
            flat_walk: flat_walk(),
            single_precision: single_precision_best(),
            tangent_slopes,
            secant_slopes,
            errors,
            best_forward,
            best_central,
            forward_order,
            central_order,
            walk,
            gradient_rule,
            loss_change_rule,
            long_walk,
        }
    }

    /// The first step of the long walk whose loss is exactly zero.
    pub fn first_zero_loss_step(&self) -> Option<usize> {
        self.long_walk.losses.iter().position(|&loss| loss == 0.0)
    }

    /// The first step after which `x` never changes again, and that `x`.
    pub fn frozen_at(&self) -> (usize, f64) {
        let xs = self.long_walk.first_coordinates();
        let last = xs[xs.len() - 1];
        let mut first = xs.len() - 1;
        while first > 0 && xs[first - 1] == last {
            first -= 1;
        }
        (first, last)
    }

    /// The largest relative deviation of the measured errors from their
    /// leading terms `h/2` and `h²/6`, over the middle range `10⁻⁴ ≤ h ≤ 10⁻²`.
    pub fn middle_range_deviation(&self) -> f64 {
        let mut worst: f64 = 0.0;
        for (i, &h) in self.errors.h.iter().enumerate() {
            if (1e-4..=1e-2).contains(&h) {
                worst = worst.max((self.errors.forward[i] / (h / 2.0) - 1.0).abs());
                worst = worst.max((self.errors.central[i] / (h * h / 6.0) - 1.0).abs());
            }
        }
        worst
    }

    /// Question 3: the bound `ln(2000)/ln(1.25)` and the first step with
    /// `|xₜ| < 10⁻³`, counted on the walk itself.
    pub fn question_three(&self) -> (f64, usize) {
        let bound = 2000f64.ln() / 1.25f64.ln();
        let step = self
            .walk
            .points
            .iter()
            .position(|p| p[0].abs() < 1e-3)
            .expect("the walk gets below 10⁻³ within its budget");
        (bound, step)
    }

    /// How many steps the gradient rule would need on question 6's flat bowl:
    /// the smallest `t` with `|f′(x₀)|·(1 − ηa)ᵗ ≤ 10⁻⁶`.
    pub fn flat_gradient_steps(&self) -> f64 {
        let start = FLAT.slope(FLAT_START);
        let factor = 1.0 - ETA * FLAT.curvature;
        ((GRADIENT_TOLERANCE / start).ln() / factor.ln()).ceil()
    }

    /// The ratio of the loss change of one step, `f(xₜ) − f(xₜ₊₁)`, to the
    /// first-order estimate `η·f′(xₜ)²`, over the walk's first 50 steps: the
    /// smallest and the largest.
    pub fn change_ratios(&self) -> (f64, f64) {
        let walk = &self.walk;
        let mut range = (f64::INFINITY, f64::NEG_INFINITY);
        for t in 0..50 {
            let slope = BOWL.slope(walk.points[t][0]);
            let ratio = (walk.losses[t] - walk.losses[t + 1]) / (ETA * slope * slope);
            range = (range.0.min(ratio), range.1.max(ratio));
        }
        range
    }

    /// The numbers the prose quotes, exactly as printed.
    pub fn quotes(&self) -> Vec<Quote> {
        let (zero_step, (frozen_step, frozen_x)) =
            (self.first_zero_loss_step().unwrap_or(0), self.frozen_at());
        let (bound, q3_step) = self.question_three();
        let epsilon32 = f64::from(f32::EPSILON);
        let flat_end = self.flat_walk.final_point()[0];
        vec![
            Quote::new("forward-balance", scientific(forward_balance(), 1)),
            Quote::new("central-balance", scientific(central_balance(), 1)),
            Quote::new("central-minimum", scientific(central_minimum(), 1)),
            Quote::new("best-forward-step", scientific(self.best_forward.0, 1)),
            Quote::new("best-forward-error", scientific(self.best_forward.1, 1)),
            Quote::new("best-central-step", scientific(self.best_central.0, 1)),
            Quote::new("best-central-error", scientific(self.best_central.1, 1)),
            Quote::new(
                "accuracy-ratio",
                format!("{:.0}", self.best_forward.1 / self.best_central.1),
            ),
            Quote::new("forward-order", format!("{:.2}", self.forward_order)),
            Quote::new("central-order", format!("{:.2}", self.central_order)),
            Quote::new(
                "middle-range-deviation",
                format!("{}%", decimals(100.0 * self.middle_range_deviation(), 2)),
            ),
            Quote::new("forward-error-at-1", decimals(self.errors.forward[0], 3)),
            Quote::new("central-error-at-1", decimals(self.errors.central[0], 3)),
            Quote::new(
                "x-after-10-steps",
                format!("{:.4}", self.walk.points[10][0]),
            ),
            Quote::new("x-after-budget", scientific(self.walk.final_point()[0], 1)),
            Quote::new("gradient-rule-steps", steps(&self.gradient_rule)),
            Quote::new("change-ratio", significant(self.change_ratios().1, 6)),
            Quote::new("loss-change-rule-steps", steps(&self.loss_change_rule)),
            Quote::new(
                "equivalent-tolerance",
                scientific(equivalent_gradient_tolerance(LOSS_CHANGE_TOLERANCE, ETA), 1),
            ),
            Quote::new("first-zero-loss", format!("step {zero_step}")),
            Quote::new(
                "x-at-first-zero",
                scientific(self.long_walk.points[zero_step][0], 1),
            ),
            Quote::new(
                "square-before-zero",
                exact_square(self.long_walk.points[zero_step - 1][0]),
            ),
            Quote::new(
                "square-at-zero",
                exact_square(self.long_walk.points[zero_step][0]),
            ),
            Quote::new("smallest-double", scientific(f64::from_bits(1), 1)),
            Quote::new("half-smallest-double", half_smallest_double()),
            Quote::new("frozen-step", format!("step {frozen_step}")),
            Quote::new("first-idle-step", format!("step {}", frozen_step + 1)),
            Quote::new("frozen-x", scientific(frozen_x, 1)),
            Quote::new("q3-bound", decimals(bound, 2)),
            Quote::new("q3-steps", format!("{q3_step} steps")),
            Quote::new("epsilon-single", scientific(epsilon32, 1)),
            Quote::new("single-balance", scientific((2.0 * epsilon32).sqrt(), 1)),
            Quote::new(
                "single-balance-error",
                scientific((epsilon32 / 2.0).sqrt(), 1),
            ),
            Quote::new("single-best-step", scientific(self.single_precision.0, 1)),
            Quote::new("single-best-error", scientific(self.single_precision.1, 1)),
            Quote::new("flat-steps", steps(&self.flat_walk.outcome)),
            Quote::new("flat-x", decimals(flat_end, 7)),
            Quote::new("flat-slope", scientific(FLAT.slope(flat_end).abs(), 1)),
            Quote::new(
                "flat-gradient-steps",
                scientific(self.flat_gradient_steps(), 1),
            ),
        ]
    }
}

/// A positive number given by its base-10 logarithm, in the book's
/// scientific notation with one decimal: for numbers too small for a double.
pub fn scientific_from_log10(log10: f64) -> String {
    let mut exponent = log10.floor();
    let mut mantissa = 10f64.powf(log10 - exponent);
    if mantissa >= 9.95 {
        mantissa /= 10.0;
        exponent += 1.0;
    }
    format!("{mantissa:.1} × {}", power_of_ten(exponent as i32))
}

/// `x²` in scientific notation without rounding it to a double first, for
/// squares too small for a double to hold: `x` is scaled up by `2⁶⁰⁰`
/// (exactly), squared, and the power of two is put back in the logarithm.
pub fn exact_square(x: f64) -> String {
    let scaled = x * 2f64.powi(600);
    scientific_from_log10(2.0 * scaled.abs().log10() - 1200.0 * 2f64.log10())
}

/// Half the smallest positive double, `2⁻¹⁰⁷⁵`, which no double can hold.
pub fn half_smallest_double() -> String {
    scientific_from_log10(-1075.0 * 2f64.log10())
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.quotes();
        let text = |name: &str| text_of(&q, name);
        writeln!(f, "Chapter 1: slope and the derivative")?;
        writeln!(f)?;
        writeln!(f, "Tangent slopes of f(x) = x² (f′(x) = 2x):")?;
        for (x, slope) in TANGENT_POINTS.iter().zip(&self.tangent_slopes) {
            writeln!(f, "  x = {x:>4}   slope = {slope}")?;
        }
        writeln!(f, "Secant slopes from x = 1 (the tangent's slope is 2):")?;
        for (h, slope) in SECANT_STEPS.iter().zip(&self.secant_slopes) {
            writeln!(f, "  h = {h:<4}   slope = {slope}")?;
        }
        writeln!(f)?;
        writeln!(f, "Estimating f′(1) = e for f(x) = eˣ:")?;
        writeln!(f, "  h            forward error   central error")?;
        for i in (0..self.errors.h.len()).step_by(8) {
            writeln!(
                f,
                "  {:<12} {:<15} {}",
                scientific(self.errors.h[i], 1),
                scientific(self.errors.forward[i], 1),
                scientific(self.errors.central[i], 1)
            )?;
        }
        writeln!(
            f,
            "  at h = 1: forward {}, central {}; for 10⁻⁴ ≤ h ≤ 10⁻² within {} of h/2 and h²/6",
            text("forward-error-at-1"),
            text("central-error-at-1"),
            text("middle-range-deviation")
        )?;
        writeln!(
            f,
            "  forward: best h = {} (error {}); h/2 = ε/h at √(2ε) = {}; order {}",
            text("best-forward-step"),
            text("best-forward-error"),
            text("forward-balance"),
            text("forward-order")
        )?;
        writeln!(
            f,
            "  central: best h = {} (error {}); h²/6 = ε/(2h) at ∛(3ε) = {}, their sum least at ∛(3ε/2) = {}; order {}",
            text("best-central-step"),
            text("best-central-error"),
            text("central-balance"),
            text("central-minimum"),
            text("central-order")
        )?;
        writeln!(
            f,
            "  at their best steps, central is {} times more accurate than forward",
            text("accuracy-ratio")
        )?;
        writeln!(f)?;
        writeln!(f, "Walking down f(x) = x² from x = {START} with η = {ETA}:")?;
        writeln!(f, "  step   x                  f(x)")?;
        for t in [0, 1, 2, 3, 5, 10, 20, 50, 100] {
            let x = self.walk.points[t][0];
            writeln!(
                f,
                "  {t:<6} {:<18} {}",
                scientific(x, 4),
                scientific(self.walk.losses[t], 4)
            )?;
        }
        writeln!(f, "  x after 10 steps: {}", text("x-after-10-steps"))?;
        writeln!(
            f,
            "  x after {BUDGET} steps: {} (closer, never there)",
            text("x-after-budget")
        )?;
        writeln!(
            f,
            "  each step lowers f by {} times η·f′(x)², the first-order estimate",
            text("change-ratio")
        )?;
        writeln!(
            f,
            "  gradient rule |f′(x)| ≤ {}: stops after {}",
            scientific(GRADIENT_TOLERANCE, 0),
            text("gradient-rule-steps")
        )?;
        writeln!(
            f,
            "  loss-change rule |f(xₜ₋₁) − f(xₜ)| ≤ {}: stops after {}; to first order that is |f′(x)| ≤ √(tol/η) = {}",
            scientific(LOSS_CHANGE_TOLERANCE, 0),
            text("loss-change-rule-steps"),
            text("equivalent-tolerance")
        )?;
        writeln!(
            f,
            "  in floating point: f(x) first rounds to 0 at {}, with x = {} and x² = {} below half the smallest double, {}",
            text("first-zero-loss"),
            text("x-at-first-zero"),
            text("square-at-zero"),
            text("half-smallest-double")
        )?;
        writeln!(
            f,
            "    (one step earlier x² = {} rounded up to the smallest double, {})",
            text("square-before-zero"),
            text("smallest-double")
        )?;
        writeln!(
            f,
            "  the last step that moves x is {}, to x = {}; from {} on the step 0.2·x rounds to 0",
            text("frozen-step"),
            text("frozen-x"),
            text("first-idle-step")
        )?;
        writeln!(f)?;
        writeln!(f, "For the questions:")?;
        writeln!(
            f,
            "  3. 2·0.8ᵗ < 10⁻³ needs t > ln 2000 / ln 1.25 = {}: the walk is below 10⁻³ after {}",
            text("q3-bound"),
            text("q3-steps")
        )?;
        writeln!(
            f,
            "  5. in f32, ε = {}: √(2ε) = {} where h/2 = ε/h = {}; measured best h = {}, error {}",
            text("epsilon-single"),
            text("single-balance"),
            text("single-balance-error"),
            text("single-best-step"),
            text("single-best-error")
        )?;
        writeln!(
            f,
            "  6. f(x) = 10⁻⁸·x² from x₀ = 100: the loss-change rule stops after {} at x = {}, where |f′(x)| = {} > 10⁻⁶; the gradient rule needs {} steps",
            text("flat-steps"),
            text("flat-x"),
            text("flat-slope"),
            text("flat-gradient-steps")
        )
    }
}

/// Tangent lines at several points of the bowl, labelled with their slopes.
pub fn tangent_figure(report: &Report) -> Figure {
    let mut chart = Chart::new(
        Axis::linear("x", -2.2, 2.2),
        Axis::linear("f(x) = x²", -0.5, 4.5),
    );
    chart
        .line(&sample(|x| BOWL.at(x), -2.2, 2.2, 221), palette::BLUE)
        .width(3);
    for (i, (&x, &slope)) in TANGENT_POINTS
        .iter()
        .zip(&report.tangent_slopes)
        .enumerate()
    {
        let colour = palette::series(i + 1);
        let y = BOWL.at(x);
        let tangent = |u: f64| y + slope * (u - x);
        // Short enough that neighbouring tangents never meet.
        chart
            .line(&sample(tangent, x - 0.4, x + 0.4, 2), colour)
            .width(3)
            .dashed();
        chart.points(&[(x, y)], colour).radius(5);
        let (anchor, dx) = if x < 0.0 {
            (Anchor::Right, -0.15)
        } else {
            (Anchor::Left, 0.15)
        };
        let label_y = if x == 0.0 { y + 0.4 } else { y };
        // On a phone the labels go inside the bowl, where there is room.
        let (narrow_at, narrow_anchor) = if x < -1.0 {
            ((x + 0.2, y + 0.5), Anchor::Left)
        } else if x < 0.0 {
            // Below its point, under the curve and clear of the flat tangent.
            ((x - 0.1, -0.1), Anchor::Right)
        } else if x == 0.0 {
            ((0.0, 0.55), Anchor::Centre)
        } else {
            ((x + dx, label_y), anchor)
        };
        chart
            .text(
                (x + dx, label_y),
                &format!("slope {}", signed(slope)),
                colour,
            )
            .anchor(anchor)
            .narrow_at(narrow_at)
            .narrow_anchor(narrow_anchor);
    }
    Figure::new("tangent-lines.svg", &chart)
}

/// Secants from `x = 1` that tilt towards the tangent as `h` shrinks, each
/// labelled where it leaves the chart.
pub fn secant_figure(report: &Report) -> Figure {
    let mut chart = Chart::new(
        Axis::linear("x", 0.0, 2.3),
        Axis::linear("f(x) = x²", 0.0, 4.6),
    );
    chart
        .line(&sample(|x| BOWL.at(x), 0.0, 2.3, 231), palette::BLUE)
        .width(3);
    for (i, (&h, &slope)) in SECANT_STEPS.iter().zip(&report.secant_slopes).enumerate() {
        let colour = palette::series(i + 1);
        let secant = |u: f64| 1.0 + slope * (u - 1.0);
        chart.line(&sample(secant, 0.3, 2.3, 2), colour).width(2);
        chart
            .points(&[(1.0 + h, BOWL.at(1.0 + h))], colour)
            .radius(5);
        // Labels stacked in the empty upper left, in the secants' colours,
        // clear of the tick labels.
        chart
            .text(
                (0.08, 4.25 - 0.42 * i as f64),
                &format!("h = {h}: slope {slope}"),
                colour,
            )
            .anchor(Anchor::Left)
            .narrow_at((0.2, 4.25 - 0.42 * i as f64));
    }
    chart
        .line(
            &sample(|u| 1.0 + 2.0 * (u - 1.0), 0.3, 2.3, 2),
            palette::INK,
        )
        .dashed();
    chart
        .text(
            (0.08, 4.25 - 0.42 * 3.0),
            "tangent (dashed): slope 2",
            palette::INK,
        )
        .anchor(Anchor::Left)
        .narrow_at((0.2, 4.25 - 0.42 * 3.0));
    chart.points(&[(1.0, 1.0)], palette::INK).radius(5);
    Figure::new("secant-slopes.svg", &chart)
}

/// The V of finite-difference error: truncation on the right, round-off on
/// the left, with the four terms the text balances drawn on top.
pub fn error_figure(report: &Report) -> Figure {
    let errors = &report.errors;
    let floor = 1e-17;
    let mut forward = Vec::new();
    let mut central = Vec::new();
    for i in 0..errors.h.len() {
        forward.push((errors.h[i], errors.forward[i].max(floor)));
        central.push((errors.h[i], errors.central[i].max(floor)));
    }
    let mut chart = Chart::new(
        Axis::log("step h", 1e-16, 1.0),
        Axis::log("relative error of f′(1)", 1e-13, 1.0),
    );
    chart.line(&forward, palette::BLUE).width(3);
    chart.line(&central, palette::VERMILLION).width(3);
    chart
        .points(&[report.best_forward], palette::BLUE)
        .radius(6);
    chart
        .points(&[report.best_central], palette::VERMILLION)
        .radius(6);
    // The error terms of the text, on top of the measurements so that they
    // show where the two agree.
    let eps = f64::EPSILON;
    for (term, from, to) in [
        (
            &(|h: f64| h / 2.0) as &dyn Fn(f64) -> f64,
            1e-11_f64,
            1.0_f64,
        ),
        (&|h: f64| h * h / 6.0, 1e-7, 1.0),
        (&|h: f64| eps / h, 1e-16, 1e-3),
        (&|h: f64| eps / (2.0 * h), 1e-16, 1e-3),
    ] {
        let line: Vec<(f64, f64)> = (0..=40)
            .map(|k| {
                let h = from * (to / from).powf(k as f64 / 40.0);
                (h, term(h))
            })
            .collect();
        chart.line(&line, palette::INK).width(1).dashed();
    }
    chart
        .text((3e-3, 2e-2), "h/2", palette::INK)
        .anchor(Anchor::Right);
    chart
        .text((2e-4, 1e-9), "h²/6", palette::INK)
        .anchor(Anchor::Left);
    chart
        .text((2e-13, 3e-3), "ε/h", palette::INK)
        .anchor(Anchor::Left);
    chart
        .text((1e-14, 3e-3), "ε/(2h)", palette::INK)
        .anchor(Anchor::Right)
        .narrow_at((1e-14, 2e-4));
    chart
        .text((5e-8, 2e-12), "central", palette::VERMILLION)
        .anchor(Anchor::Left)
        .narrow_at((1e-7, 3e-13));
    chart
        .text((1e-7, 3e-6), "forward", palette::BLUE)
        .anchor(Anchor::Left)
        .narrow_at((3e-7, 1e-5));
    Figure::new("difference-error.svg", &chart)
}

/// How many steps of a walk the figure on the bowl draws.
pub const DRAWN_STEPS: usize = 12;

/// The frame of a walk from `x0` drawn on the bowl: `(x range, f range)`,
/// and whether the walk crosses the bottom. A walk that stays on its side
/// gets a little room on the other side; one that crosses gets both walls,
/// and one that climbs out gets room for its first steps (up to four times
/// its start).
fn bowl_frame(walk: &Trajectory, x0: f64) -> ((f64, f64), (f64, f64), bool) {
    let start = if x0 == 0.0 { 1.0 } else { x0.abs() };
    let drawn = walk.points.iter().take(DRAWN_STEPS + 1);
    let farthest = drawn.clone().fold(0.0, |m: f64, p| m.max(p[0].abs()));
    let s = farthest.clamp(start, 4.0 * start);
    let crosses = drawn.clone().any(|p| p[0] * x0 < 0.0);
    let x = if crosses {
        (-1.15 * s, 1.15 * s)
    } else if x0 < 0.0 {
        (-1.15 * s, 0.25 * s)
    } else {
        (-0.25 * s, 1.15 * s)
    };
    (x, (-0.05 * s * s, 1.15 * s * s), crosses)
}

/// The first [`DRAWN_STEPS`] steps of a walk from `x0` with learning rate
/// `eta`, drawn on the bowl. A walk that `descend` stopped as divergent is
/// marked as such.
pub fn walk_chart(walk: &Trajectory, x0: f64, eta: f64) -> Chart {
    let (x_range, f_range, crosses) = bowl_frame(walk, x0);
    let s = x_range.1 / 1.15;
    let top = f_range.1 / 1.15;
    let mut chart = Chart::new(
        Axis::linear("x", x_range.0, x_range.1),
        Axis::linear("f(x) = x²", f_range.0, f_range.1),
    );
    chart
        .line(
            &sample(|x| BOWL.at(x), x_range.0, x_range.1, 141),
            palette::BLUE,
        )
        .width(3);
    let mut steps = Vec::new();
    for t in 0..=DRAWN_STEPS.min(walk.steps()) {
        let x = walk.points[t][0];
        steps.push((x, walk.losses[t]));
    }
    chart.path(&steps, palette::VERMILLION);
    let start = if x0 == 0.0 { 1.0 } else { x0.abs() };
    let (anchor, dx) = if x0 < 0.0 {
        (Anchor::Left, 0.04 * start)
    } else {
        (Anchor::Right, -0.04 * start)
    };
    chart
        .text(
            (x0 + dx, BOWL.at(x0)),
            &format!("start, x₀ = {}", significant(x0, 6)),
            palette::VERMILLION,
        )
        .anchor(anchor)
        .narrow_at((x0 + 1.5 * dx, 0.86 * BOWL.at(x0)));
    let factor = 1.0 - eta * BOWL.curvature;
    let rule = format!("x ← x − η·2x = {}·x", distinct(factor, factor.signum()));
    let how = format!("η = {}: each step is", significant(eta, 6));
    // Where the note goes: the empty corner beside a one-sided walk, the
    // empty middle above the bottom of a walk that crosses.
    let (at, note_anchor) = if crosses {
        (0.0, Anchor::Centre)
    } else if x0 < 0.0 {
        (x_range.1 - 0.05 * s, Anchor::Right)
    } else {
        (x_range.0 + 0.05 * s, Anchor::Left)
    };
    chart
        .text((at, 0.9 * top), &format!("{how} {rule}"), palette::INK)
        .anchor(note_anchor)
        .wide_only();
    // On a phone the note takes two lines.
    chart
        .text((at, 1.1 * top), &how, palette::INK)
        .anchor(note_anchor)
        .narrow_only();
    chart
        .text((at, 1.0 * top), &rule, palette::INK)
        .anchor(note_anchor)
        .narrow_only();
    if let Outcome::Diverged { step, .. } = walk.outcome {
        chart
            .text(
                (0.0, 0.6 * top),
                &format!("diverged: stopped at step {step}"),
                palette::VERMILLION,
            )
            .anchor(Anchor::Centre);
    }
    chart
}

/// The first steps of the book's walk, drawn on the bowl.
pub fn steps_figure(report: &Report) -> Figure {
    Figure::new("descent-steps.svg", &walk_chart(&report.walk, START, ETA))
}

/// Points `(x, y)` of a line in a chart.
type Points = Vec<(f64, f64)>;

/// What each stopping rule tests at every step of `walk`: the slope
/// `|f′(xₜ)|` and the loss change `|f(xₜ₋₁) − f(xₜ)|`, leaving out values of
/// exactly 0 (no log scale shows them).
fn rule_lines(walk: &Trajectory) -> (Points, Points) {
    let mut slopes = Vec::new();
    let mut changes = Vec::new();
    for t in 0..walk.points.len() {
        if walk.gradient_norms[t] > 0.0 {
            slopes.push((t as f64, walk.gradient_norms[t]));
        }
        let change = if t > 0 {
            (walk.losses[t - 1] - walk.losses[t]).abs()
        } else {
            0.0
        };
        if change > 0.0 {
            changes.push((t as f64, change));
        }
    }
    (slopes, changes)
}

/// The colour of the gradient rule in the stopping figures.
const GRADIENT_COLOUR: Colour = palette::VERMILLION;
/// The colour of the loss-change rule in the stopping figures.
const CHANGE_COLOUR: Colour = palette::GREEN;

/// What the two stopping rules test, step by step, against their
/// tolerances: each rule stops the walk where its line crosses its tolerance.
pub fn stopping_figure(report: &Report) -> Figure {
    let walk = &report.walk;
    let (slopes, changes) = rule_lines(walk);
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, BUDGET as f64),
        Axis::log("what each rule tests", 1e-20, 10.0),
    );
    chart.line(&slopes, GRADIENT_COLOUR).width(3);
    chart.line(&changes, CHANGE_COLOUR).width(3);
    chart
        .horizontal_line(GRADIENT_TOLERANCE, GRADIENT_COLOUR)
        .width(2);
    chart
        .horizontal_line(LOSS_CHANGE_TOLERANCE, CHANGE_COLOUR)
        .width(2);
    chart
        .text((2.0, 3e-6), "gradient tolerance 10⁻⁶", GRADIENT_COLOUR)
        .anchor(Anchor::Left)
        .wide_only();
    chart
        .text((2.0, 3e-12), "loss-change tolerance 10⁻¹²", CHANGE_COLOUR)
        .anchor(Anchor::Left)
        .wide_only();
    chart
        .text((30.0, 1e-1), "|f′(xₜ)|", GRADIENT_COLOUR)
        .anchor(Anchor::Left)
        .narrow_at((40.0, 1e-1));
    chart
        .text((22.0, 1e-7), "|f(xₜ₋₁) − f(xₜ)|", CHANGE_COLOUR)
        .anchor(Anchor::Right)
        .narrow_at((3.0, 1e-14))
        .narrow_anchor(Anchor::Left);
    // Shorter labels on a phone: the tolerances alone, under their lines.
    chart
        .text((2.0, 1e-7), "10⁻⁶", GRADIENT_COLOUR)
        .anchor(Anchor::Left)
        .narrow_only();
    chart
        .text((2.0, 3e-11), "10⁻¹²", CHANGE_COLOUR)
        .anchor(Anchor::Left)
        .narrow_only();
    for (outcome, colour, anchor, dy) in [
        (report.gradient_rule, GRADIENT_COLOUR, Anchor::Left, 1.0),
        (report.loss_change_rule, CHANGE_COLOUR, Anchor::Right, -1.0),
    ] {
        if let Some(step) = outcome.converged_at() {
            let value = if colour == GRADIENT_COLOUR {
                walk.gradient_norms[step]
            } else {
                (walk.losses[step - 1] - walk.losses[step]).abs()
            };
            chart.points(&[(step as f64, value)], colour).radius(6);
            chart
                .text(
                    (step as f64 + 2.0 * dy, value * 10f64.powf(1.5 * dy)),
                    &format!("stops at step {step}"),
                    colour,
                )
                .anchor(anchor)
                .wide_only();
            chart
                .text(
                    (step as f64 + 3.0 * dy, value * 10f64.powf(2.0 * dy)),
                    &format!("{step}"),
                    colour,
                )
                .anchor(anchor)
                .narrow_only();
        }
    }
    Figure::new("stopping-rules.svg", &chart)
}

/// Every figure of the chapter, in the order the text shows them.
pub fn figures(report: &Report) -> Vec<Figure> {
    vec![
        tangent_figure(report),
        secant_figure(report),
        error_figure(report),
        steps_figure(report),
        stopping_figure(report),
    ]
}

/// The longest walk a reader's run takes.
pub const READER_BUDGET: usize = 10_000;

/// `--lr`: the learning rate of the reader's walk.
pub const LR: Opt = Opt::positive(
    "--lr",
    "ETA",
    "the learning rate η, a number greater than 0 (default 0.1)",
);

/// `--start`: where the reader's walk starts.
pub const START_OPTION: Opt = Opt::number(
    "--start",
    "X0",
    -1000.0,
    1000.0,
    "where the walk starts, x₀, a number from −1000 to 1000 (default 2)",
);

/// A reader's walk down `f(x) = x²`, with each stopping rule on its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Experiment {
    /// Where the walk starts.
    pub x0: f64,
    /// The learning rate.
    pub eta: f64,
    /// The walk under the budget alone (stopped early only if it diverges).
    pub walk: Trajectory,
    /// How the walk ends under the gradient rule.
    pub gradient_rule: Outcome,
    /// How the walk ends under the loss-change rule.
    pub loss_change_rule: Outcome,
}

impl Experiment {
    /// Walk from `x0` with `eta`, three times: under the budget, and under
    /// each tolerance rule with the same budget.
    pub fn run(x0: f64, eta: f64) -> Self {
        let budget = StoppingRules::budget(READER_BUDGET);
        let walk = walk_from(x0, eta, &budget);
        let gradient_rule =
            walk_from(x0, eta, &budget.with_gradient_tolerance(GRADIENT_TOLERANCE)).outcome;
        let loss_change_rule = walk_from(
            x0,
            eta,
            &budget.with_loss_change_tolerance(LOSS_CHANGE_TOLERANCE),
        )
        .outcome;
        Experiment {
            x0,
            eta,
            walk,
            gradient_rule,
            loss_change_rule,
        }
    }

    /// The file name of one of the reader's figures, named by the options:
    /// `lr-0.5-start-2-descent-steps.svg`.
    pub fn file_name(&self, figure: &str) -> String {
        let short = |v: f64| {
            let text = format!("{v}");
            if text.len() > 12 {
                format!("{v:e}")
            } else {
                text
            }
        };
        format!(
            "lr-{}-start-{}-{figure}.svg",
            short(self.eta),
            short(self.x0)
        )
    }

    /// The steps the stopping figure shows: past the later of the two rules,
    /// or the whole walk when a rule never fires.
    fn shown_steps(&self) -> usize {
        let last = self.walk.steps();
        match (
            self.gradient_rule.converged_at(),
            self.loss_change_rule.converged_at(),
        ) {
            (Some(a), Some(b)) => (a.max(b) + a.max(b) / 4 + 5).clamp(10, last.max(10)),
            _ => last.max(10),
        }
    }

    /// What the two rules test along the walk, against their tolerances,
    /// with the step where each fires; a divergent walk is marked where
    /// `descend` stopped it.
    pub fn stopping_chart(&self) -> Chart {
        let shown = self.shown_steps();
        let mut walk = self.walk.clone();
        walk.points.truncate(shown + 1);
        walk.losses.truncate(shown + 1);
        walk.gradient_norms.truncate(shown + 1);
        let (slopes, changes) = rule_lines(&walk);
        let values = slopes.iter().chain(&changes).map(|p| p.1);
        let low = values
            .clone()
            .fold(LOSS_CHANGE_TOLERANCE, f64::min)
            .max(1e-300)
            / 100.0;
        let high = values.fold(GRADIENT_TOLERANCE, f64::max).min(1e300) * 100.0;
        let mut chart = Chart::new(
            Axis::linear("step t", 0.0, shown as f64),
            Axis::log("what each rule tests", low, high),
        );
        chart.line(&slopes, GRADIENT_COLOUR).width(3);
        chart.line(&changes, CHANGE_COLOUR).width(3);
        // Each line named where it is half way along, a little above it.
        let lift = (high / low).powf(0.04);
        for (line, name, colour) in [
            (&slopes, "|f′(xₜ)|", GRADIENT_COLOUR),
            (&changes, "|f(xₜ₋₁) − f(xₜ)|", CHANGE_COLOUR),
        ] {
            if let Some(&(t, v)) = line.get(line.len() / 2) {
                chart.text((t, v * lift), name, colour).anchor(Anchor::Left);
            }
        }
        let left = 0.02 * shown as f64;
        for (tolerance, name, colour) in [
            (
                GRADIENT_TOLERANCE,
                "gradient tolerance 10⁻⁶",
                GRADIENT_COLOUR,
            ),
            (
                LOSS_CHANGE_TOLERANCE,
                "loss-change tolerance 10⁻¹²",
                CHANGE_COLOUR,
            ),
        ] {
            chart.horizontal_line(tolerance, colour).width(2);
            chart
                .text((left, tolerance * lift), name, colour)
                .anchor(Anchor::Left);
        }
        for (outcome, colour, name) in [
            (self.gradient_rule, GRADIENT_COLOUR, "gradient rule"),
            (self.loss_change_rule, CHANGE_COLOUR, "loss-change rule"),
        ] {
            if let Some(step) = outcome.converged_at() {
                let value = if colour == GRADIENT_COLOUR {
                    self.walk.gradient_norms[step]
                } else {
                    (self.walk.losses[step - 1] - self.walk.losses[step]).abs()
                };
                // A change of exactly 0 sits on the bottom edge.
                let at = (step as f64, value.max(low));
                chart.points(&[at], colour).radius(6);
                let (x, anchor) = if at.0 > 0.5 * shown as f64 {
                    (at.0 - 0.01 * shown as f64, Anchor::Right)
                } else {
                    (at.0 + 0.01 * shown as f64, Anchor::Left)
                };
                chart
                    .text(
                        (x, (at.1 / lift / lift).max(low * lift)),
                        &format!("{name}: stops at step {step}"),
                        colour,
                    )
                    .anchor(anchor);
            }
        }
        if let Outcome::Diverged { step, .. } = self.walk.outcome {
            chart
                .text(
                    (0.5 * shown as f64, (low * high).sqrt()),
                    &format!("diverged: stopped at step {step}"),
                    palette::INK,
                )
                .anchor(Anchor::Centre);
        }
        chart
    }

    /// The reader's figures: the walk on the bowl, and what the rules test.
    pub fn figures(&self) -> Vec<Figure> {
        vec![
            Figure::new(
                &self.file_name("descent-steps"),
                &walk_chart(&self.walk, self.x0, self.eta),
            ),
            Figure::new(&self.file_name("stopping-rules"), &self.stopping_chart()),
        ]
    }
}

impl fmt::Display for Experiment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let factor = 1.0 - self.eta * BOWL.curvature;
        writeln!(
            f,
            "Chapter 1: your walk down f(x) = x² from x₀ = {} with η = {}.",
            significant(self.x0, 6),
            significant(self.eta, 6)
        )?;
        writeln!(
            f,
            "Each step: x ← x − η·2x = (1 − 2η)·x = {}·x",
            distinct(factor, factor.signum())
        )?;
        writeln!(f)?;
        writeln!(f, "  step     x                  f(x)")?;
        for t in cadence(self.walk.steps()) {
            writeln!(
                f,
                "  {t:<8} {:<18} {}",
                scientific(self.walk.points[t][0], 4),
                scientific(self.walk.losses[t], 4)
            )?;
        }
        writeln!(f)?;
        writeln!(f, "Where each stopping rule fires (each on its own):")?;
        writeln!(
            f,
            "  gradient rule |f′(x)| ≤ {}: {}",
            scientific(GRADIENT_TOLERANCE, 0),
            steps(&self.gradient_rule)
        )?;
        writeln!(
            f,
            "  loss-change rule |f(xₜ₋₁) − f(xₜ)| ≤ {}: {}",
            scientific(LOSS_CHANGE_TOLERANCE, 0),
            steps(&self.loss_change_rule)
        )?;
        writeln!(
            f,
            "    (to first order that is |f′(x)| ≤ √(10⁻¹²/η) = {})",
            scientific(
                equivalent_gradient_tolerance(LOSS_CHANGE_TOLERANCE, self.eta),
                1
            )
        )?;
        match self.walk.outcome {
            Outcome::Diverged { step, reason } => {
                let why = match reason {
                    Divergence::Runaway => format!(
                        "the size of the loss passed 10⁶·(1 + |f(x₀)|) = {}",
                        scientific(1e6 * (1.0 + BOWL.at(self.x0)), 1)
                    ),
                    Divergence::NonFinite => "a value became infinite".to_string(),
                };
                writeln!(
                    f,
                    "  the walk diverged: descend stopped it at step {step}, when {why}"
                )?;
            }
            _ => writeln!(
                f,
                "  step budget: {} steps; x ends at {}",
                READER_BUDGET,
                scientific(self.walk.final_point()[0], 4)
            )?,
        }
        if self.x0 != 0.0 && self.walk.points.iter().all(|p| p[0] == self.x0) {
            writeln!(
                f,
                "x never moved: the step η·f′(x) is less than half the spacing of the doubles near x, so \
                 every update rounds back to x (chapter 2 and its appendix on floating point say more). \
                 The loss-change rule calls that converged, far from the bottom."
            )?;
        }
        if self.eta >= 1.0 {
            writeln!(
                f,
                "With η ≥ 1 each step lands at least as far from the bottom as it started: chapter 2 explains why."
            )?;
        }
        Ok(())
    }
}

/// Chapter 1 for the kit: the book's run, its trace and its exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter1;

impl Chapter for Chapter1 {
    fn number(&self) -> u32 {
        1
    }

    fn title(&self) -> &'static str {
        "Slope and the derivative"
    }

    fn about(&self) -> &'static str {
        "With no options: prints the tangent slopes, the finite-difference errors
and the walk down f(x) = x², and redraws the chapter's figures in
book/src/figures/chapter1/.

With options: walks down f(x) = x² from your start with your learning rate,
prints the walk and where each stopping rule fires, and draws it in
target/downhill/chapter1/, named by the options."
    }

    fn options(&self) -> &'static [Opt] {
        &[LR, START_OPTION]
    }

    fn examples(&self) -> &'static [&'static str] {
        &["--lr 0.5", "--lr 0.9 --start -3", "--lr 1.1", "--lr 0.001"]
    }

    fn runs_descent(&self) -> bool {
        true
    }

    fn readers_run(&self, args: &mut Args) -> Result<Run, CliError> {
        let eta = args.positive(&LR, ETA)?;
        let x0 = args.number(&START_OPTION, START)?;
        args.finish()?;
        let experiment = Experiment::run(x0, eta);
        let mut run = Run::new(experiment.to_string());
        run.figures = experiment.figures();
        run.trace = Some(Trace {
            what: format!(
                "your walk from x = {} with η = {}",
                significant(x0, 6),
                significant(eta, 6)
            ),
            table: Table::trace(&experiment.walk, &["x"]),
        });
        Ok(run)
    }

    fn book_run(&self) -> Run {
        let report = Report::compute();
        Run {
            report: report.to_string(),
            quotes: report.quotes(),
            figures: figures(&report),
            data: None,
            trace: Some(Trace {
                what: format!("the walk from x = {START} with η = {ETA}"),
                table: Table::trace(&report.walk, &["x"]),
            }),
        }
    }

    fn exercises(&self) -> Vec<Exercise> {
        exercise_checks::readers_exercises()
    }

    fn reference_exercises(&self) -> Option<Vec<Exercise>> {
        exercise_checks::reference_exercises()
    }
}
