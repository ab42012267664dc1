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

use descent::derivative::{central_difference, central_step, forward_difference, forward_step};
use descent::{GradientDescent, Outcome, Parabola, StoppingRules, Trajectory, descend};
use harness::exercise::Exercise;
use harness::format::{scientific, signed, steps};
use harness::plot::{Anchor, Axis, Chart, Figure, LegendCorner, palette, sample};
use harness::quote::{Quote, text_of};
use harness::table::Table;
use harness::{Chapter, Run, Trace};

/// The bowl of the whole chapter: `f(x) = x²`, a [`Parabola`] of curvature 2,
/// so that `f′(x) = 2x`.
pub const BOWL: Parabola = Parabola {
    curvature: 2.0,
    minimum: 0.0,
};

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

/// Where the walk down the bowl starts.
pub const START: f64 = 2.0;
/// The learning rate of the walk.
pub const ETA: f64 = 0.1;
/// The gradient-norm tolerance of the "nearly flat" rule.
pub const GRADIENT_TOLERANCE: f64 = 1e-6;
/// The loss-change tolerance of the "no more progress" rule.
pub const LOSS_CHANGE_TOLERANCE: f64 = 1e-12;
/// The step budget of the walk drawn in the figures.
pub const BUDGET: usize = 100;
/// The step budget of the very long walk that finds floating point's last word.
pub const LONG_BUDGET: usize = 4000;

// ANCHOR: walk
/// Walk down the bowl from `START` with learning rate `ETA` under `rules`.
pub fn walk(rules: &StoppingRules) -> Trajectory {
    let mut optimizer = GradientDescent { eta: ETA };
    descend(&BOWL, &mut optimizer, &[START], rules)
}
// ANCHOR_END: walk

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

    /// The numbers the prose quotes, exactly as printed.
    pub fn quotes(&self) -> Vec<Quote> {
        let (zero_step, (frozen_step, frozen_x)) =
            (self.first_zero_loss_step().unwrap_or(0), self.frozen_at());
        vec![
            Quote::new("best-forward-step", scientific(self.best_forward.0, 1)),
            Quote::new("best-forward-error", scientific(self.best_forward.1, 1)),
            Quote::new("best-central-step", scientific(self.best_central.0, 1)),
            Quote::new("best-central-error", scientific(self.best_central.1, 1)),
            Quote::new("forward-balance", scientific(forward_step(), 1)),
            Quote::new("central-balance", scientific(central_step(), 1)),
            Quote::new("forward-order", format!("{:.2}", self.forward_order)),
            Quote::new("central-order", format!("{:.2}", self.central_order)),
            Quote::new(
                "x-after-10-steps",
                format!("{:.4}", self.walk.points[10][0]),
            ),
            Quote::new("x-after-budget", scientific(self.walk.final_point()[0], 1)),
            Quote::new("gradient-rule-steps", steps(&self.gradient_rule)),
            Quote::new("loss-change-rule-steps", steps(&self.loss_change_rule)),
            Quote::new("first-zero-loss", format!("step {zero_step}")),
            Quote::new("frozen-step", format!("step {frozen_step}")),
            Quote::new("frozen-x", scientific(frozen_x, 1)),
        ]
    }
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
            "  forward: best h = {} (error {}); theory puts it near √ε = {}; order {}",
            text("best-forward-step"),
            text("best-forward-error"),
            text("forward-balance"),
            text("forward-order")
        )?;
        writeln!(
            f,
            "  central: best h = {} (error {}); theory puts it near ∛ε = {}; order {}",
            text("best-central-step"),
            text("best-central-error"),
            text("central-balance"),
            text("central-order")
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
            "  gradient rule |f′(x)| ≤ {}: stops after {}",
            scientific(GRADIENT_TOLERANCE, 0),
            text("gradient-rule-steps")
        )?;
        writeln!(
            f,
            "  loss-change rule |Δf| ≤ {}: stops after {}",
            scientific(LOSS_CHANGE_TOLERANCE, 0),
            text("loss-change-rule-steps")
        )?;
        writeln!(
            f,
            "  in floating point: f(x) first rounds to 0 at {}; x stops changing at {}, x = {}",
            text("first-zero-loss"),
            text("frozen-step"),
            text("frozen-x")
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
        chart
            .line(&sample(tangent, x - 0.55, x + 0.55, 2), colour)
            .dashed();
        chart.points(&[(x, y)], colour).radius(5);
        let (anchor, dx) = if x < 0.0 {
            (Anchor::Right, -0.12)
        } else {
            (Anchor::Left, 0.12)
        };
        let label_y = if x == 0.0 { y + 0.35 } else { y };
        chart
            .text(
                (x + dx, label_y),
                &format!("slope {}", signed(slope)),
                colour,
            )
            .anchor(anchor);
    }
    Figure::new("tangent-lines.svg", &chart)
}

/// Secants from `x = 1` that tilt towards the tangent as `h` shrinks.
pub fn secant_figure(report: &Report) -> Figure {
    let mut chart = Chart::new(
        Axis::linear("x", 0.0, 2.3),
        Axis::linear("f(x) = x²", 0.0, 4.6),
    )
    .legend(LegendCorner::UpperLeft);
    chart
        .line(&sample(|x| BOWL.at(x), 0.0, 2.3, 231), palette::BLUE)
        .width(3);
    for (i, (&h, &slope)) in SECANT_STEPS.iter().zip(&report.secant_slopes).enumerate() {
        let colour = palette::series(i + 1);
        let secant = |u: f64| 1.0 + slope * (u - 1.0);
        chart
            .line(&sample(secant, 0.3, 2.3, 2), colour)
            .label(&format!("h = {h}: slope {slope}"));
        chart
            .points(&[(1.0 + h, BOWL.at(1.0 + h))], colour)
            .radius(5);
    }
    chart
        .line(
            &sample(|u| 1.0 + 2.0 * (u - 1.0), 0.3, 2.3, 2),
            palette::INK,
        )
        .dashed()
        .label("tangent: slope 2");
    chart.points(&[(1.0, 1.0)], palette::INK).radius(5);
    Figure::new("secant-slopes.svg", &chart)
}

/// The V of finite-difference error: truncation on the right, round-off on the left.
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
    )
    .legend(LegendCorner::LowerLeft);
    let eps = f64::EPSILON;
    chart
        .line(&sample(|h| h / 2.0, 1e-16, 1.0, 2), palette::GREY)
        .dashed()
        .width(1);
    chart
        .line(&sample(|h| h * h / 6.0, 1e-16, 1.0, 2), palette::GREY)
        .dashed()
        .width(1);
    chart
        .line(&sample(|h| eps / h, 1e-16, 1.0, 2), palette::GREY)
        .dashed()
        .width(1);
    chart
        .text((2e-3, 2e-2), "h/2", palette::GREY)
        .anchor(Anchor::Right);
    chart
        .text((1e-4, 2e-10), "h²/6", palette::GREY)
        .anchor(Anchor::Left);
    chart
        .text((2e-4, 1e-12), "ε/h", palette::GREY)
        .anchor(Anchor::Left);
    chart
        .line(&forward, palette::BLUE)
        .label("forward difference");
    chart
        .line(&central, palette::VERMILLION)
        .label("central difference");
    chart
        .points(&[report.best_forward], palette::BLUE)
        .radius(5);
    chart
        .points(&[report.best_central], palette::VERMILLION)
        .radius(5);
    Figure::new("difference-error.svg", &chart)
}

/// The first steps of the walk, drawn on the bowl.
pub fn steps_figure(report: &Report) -> Figure {
    let mut chart = Chart::new(
        Axis::linear("x", -0.5, 2.3),
        Axis::linear("f(x) = x²", -0.2, 4.6),
    );
    chart
        .line(&sample(|x| BOWL.at(x), -0.5, 2.3, 141), palette::BLUE)
        .width(3);
    let mut steps = Vec::new();
    for t in 0..=12 {
        let x = report.walk.points[t][0];
        steps.push((x, report.walk.losses[t]));
    }
    chart.path(&steps, palette::VERMILLION);
    chart
        .text(
            (START - 0.08, BOWL.at(START)),
            "start, x₀ = 2",
            palette::VERMILLION,
        )
        .anchor(Anchor::Right);
    chart
        .text((-0.4, 3.6), "each step: x ← x − η·2x = 0.8·x", palette::INK)
        .anchor(Anchor::Left);
    Figure::new("descent-steps.svg", &chart)
}

/// The distance to the bottom shrinks by the same factor every step, and
/// where each stopping rule would end the walk.
pub fn distance_figure(report: &Report) -> Figure {
    let mut distance = Vec::new();
    for t in 0..report.walk.points.len() {
        distance.push((t as f64, report.walk.points[t][0].abs()));
    }
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, BUDGET as f64),
        Axis::log("distance to the bottom |xₜ|", 1e-10, 10.0),
    );
    chart.line(&distance, palette::BLUE).width(3);
    // The loss-change rule fires first: its label goes left of its line,
    // the gradient rule's right of its own.
    for (outcome, label, colour, anchor, dx) in [
        (
            report.loss_change_rule,
            "|Δf| ≤ 10⁻¹²",
            palette::GREEN,
            Anchor::Right,
            -1.5,
        ),
        (
            report.gradient_rule,
            "|f′(x)| ≤ 10⁻⁶",
            palette::VERMILLION,
            Anchor::Left,
            1.5,
        ),
    ] {
        if let Some(step) = outcome.converged_at() {
            chart.vertical_line(step as f64, colour).width(2);
            chart
                .text((step as f64 + dx, 0.1), label, colour)
                .anchor(anchor);
        }
    }
    chart
        .text(
            (BUDGET as f64 - 1.0, 3.0),
            "budget: 100 steps",
            palette::INK,
        )
        .anchor(Anchor::Right);
    Figure::new("distance-to-bottom.svg", &chart)
}

/// Every figure of the chapter, in the order the text shows them.
pub fn figures(report: &Report) -> Vec<Figure> {
    vec![
        tangent_figure(report),
        secant_figure(report),
        error_figure(report),
        steps_figure(report),
        distance_figure(report),
    ]
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
        "Prints the tangent slopes, the finite-difference errors and the walk down\n\
         f(x) = x², and redraws the chapter's figures in book/src/figures/chapter1/."
    }

    fn runs_descent(&self) -> bool {
        true
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
