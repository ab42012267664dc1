//! The chapter's figures: the data, one point's trough and two points' bowl,
//! the landscape with both walks, the batch line step by step, both runs
//! against their cost in per-sample gradients, and the noise floor of a
//! constant learning rate.
//!
//! One colour per meaning throughout: blue is full-batch descent, vermillion
//! is SGD, green is the least-squares line (and its point), grey is the
//! truth and the contours, near-black is theory.

use descent::data::{DataSet, Sample};
use descent::line::{Line, MeanSquaredError, hessian, least_squares};
use descent::{Objective, Outcome};
use harness::format::significant;
use harness::plot::{Anchor, Axis, Chart, Colour, Figure, Grid, contour_lines, palette, sample};

use crate::{BATCH_STEPS, Experiment, FLOOR_RATES, Mode, Report, SGD_STEPS, TRUTH, count};

/// The size of one panel of a map of the `(w, b)` plane, in pixels. With a
/// panel title, the plotting area of a panel this size is square (264 × 264),
/// so a square window of the plane draws `w` and `b` to the same scale and a
/// gradient step looks perpendicular to the contour it crosses, as it is.
pub const MAP_PANEL: (u32, u32) = (360, 354);

/// The colour of each procedure in every figure.
pub fn colour(mode: Mode) -> Colour {
    match mode {
        Mode::Batch => palette::BLUE,
        Mode::Sgd => palette::VERMILLION,
    }
}

/// Every figure of the book's run, in the order the text shows them.
pub fn book_figures(report: &Report) -> Vec<Figure> {
    vec![
        data_figure(report),
        troughs_figure(),
        surface_figure(&[&report.sgd, &report.batch], "loss-surface.svg"),
        fit_figure(&report.batch, &FIT_STEPS, "fit-steps.svg"),
        cost_figure(report),
        noise_floor_figure(report),
    ]
}

/// The reader's figures for one experiment, named by its options; a
/// diverged run is drawn up to the step where it was stopped, and says so.
pub fn experiment_figures(experiment: &Experiment) -> Vec<Figure> {
    let steps = experiment.trajectory.steps();
    let mut fit_steps = vec![0];
    for t in [1, steps / 20, steps / 4, steps] {
        if t > *fit_steps.last().unwrap_or(&0) {
            fit_steps.push(t);
        }
    }
    vec![
        surface_figure(&[experiment], &experiment.file_name("loss-surface")),
        fit_figure(experiment, &fit_steps, &experiment.file_name("fit-steps")),
        Figure::new(&experiment.file_name("cost"), &run_cost_chart(experiment)),
    ]
}

/// A sentence for a diverged run, or `None`.
fn stopped(experiment: &Experiment) -> Option<String> {
    match experiment.trajectory.outcome {
        Outcome::Diverged { step, .. } => Some(format!("diverged: stopped at step {step}")),
        _ => None,
    }
}

/// The data, the true line (dashed) and the least-squares line, labelled
/// where they are drawn.
pub fn data_figure(report: &Report) -> Figure {
    let data = report.data();
    let best = report.batch.best;
    let mut chart = Chart::new(Axis::linear("x", 0.0, 2.0), Axis::linear("y", -0.5, 6.5));
    chart.points(&data.points(), palette::INK).radius(3);
    chart
        .line(
            &sample(|x| TRUTH.slope * x + TRUTH.intercept, 0.0, 2.0, 2),
            palette::GREY,
        )
        .dashed();
    chart.line(&sample(|x| best.predict(x), 0.0, 2.0, 2), palette::GREEN);
    chart
        .text((0.05, 6.0), "50 noisy points", palette::INK)
        .narrow_at((0.12, 6.0));
    chart
        .text(
            (1.95, -0.15),
            "true line y = 2x + 1 (dashed grey)",
            palette::INK,
        )
        .anchor(Anchor::Right);
    chart
        .text((1.95, 0.5), "least-squares line (green)", palette::GREEN)
        .anchor(Anchor::Right);
    Figure::new("data.svg", &chart)
}

/// One point's loss, `½(wx + b − y)²`, as a function of `(w, b)`.
fn point_loss(s: Sample) -> impl Fn(f64, f64) -> f64 {
    move |w, b| 0.5 * (w * s.x + b - s.y).powi(2)
}

/// The window of the trough figure: square, so the two axes share a scale.
const TROUGH_W: (f64, f64) = (-0.5, 3.5);
const TROUGH_B: (f64, f64) = (-1.5, 2.5);

/// The two points of the trough figure: both on the true line `y = 2x + 1`.
pub const TWO_POINTS: [Sample; 2] = [Sample { x: 0.0, y: 1.0 }, Sample { x: 2.0, y: 5.0 }];

/// The learning rate of the one step the trough figure draws.
pub const TROUGH_ETA: f64 = 0.1;

/// One point's loss is a trough, two points' mean loss is a bowl.
pub fn troughs_figure() -> Figure {
    let grid = Grid {
        x: TROUGH_W,
        y: TROUGH_B,
        cells: (80, 80),
    };
    let floor = |s: Sample| {
        // The line w·x + b = y of the (w, b) plane, across the window.
        sample(|w| s.y - s.x * w, TROUGH_W.0, TROUGH_W.1, 2)
    };
    let axes = || {
        Chart::new(
            Axis::linear("slope w", TROUGH_W.0, TROUGH_W.1),
            Axis::linear("intercept b", TROUGH_B.0, TROUGH_B.1),
        )
        .size(MAP_PANEL.0, MAP_PANEL.1)
        .narrow_size(MAP_PANEL.1)
    };

    // Left: the point (2, 5) alone, and one gradient step on it from (0, 0).
    let [left_point, right_point] = TWO_POINTS;
    let mut one = axes().panel_title("one point (2, 5): a trough");
    for contour in contour_lines(point_loss(right_point), &grid, &[0.5, 2.0, 4.5]) {
        for line in &contour.lines {
            one.line(line, palette::GREY).width(1);
        }
    }
    one.line(&floor(right_point), palette::GREEN).width(3);
    let start = [0.0, 0.0];
    let g = descent::line::sample_gradient(start[0], start[1], &right_point);
    let end = (start[0] - TROUGH_ETA * g[0], start[1] - TROUGH_ETA * g[1]);
    one.line(&[(start[0], start[1]), end], palette::VERMILLION)
        .width(2);
    one.points(&[(start[0], start[1])], palette::VERMILLION)
        .radius(3);
    // An arrowhead at the end: two barbs at ±25° from the way back. The
    // axes share one scale, so angles in the plane are angles on the page.
    let back = (start[0] - end.0, start[1] - end.1);
    let length = back.0.hypot(back.1);
    for angle in [25f64.to_radians(), -25f64.to_radians()] {
        let (sin, cos) = angle.sin_cos();
        let barb = (
            (back.0 * cos - back.1 * sin) / length * 0.18,
            (back.0 * sin + back.1 * cos) / length * 0.18,
        );
        one.line(
            &[end, (end.0 + barb.0, end.1 + barb.1)],
            palette::VERMILLION,
        )
        .width(2);
    }
    // Where the step was heading: the nearest point of the floor.
    let r = start[0] * right_point.x + start[1] - right_point.y;
    let reach = 1.0 / (right_point.x * right_point.x + 1.0);
    let foot = (start[0] - reach * r * right_point.x, start[1] - reach * r);
    one.line(&[end, foot], palette::VERMILLION)
        .dashed()
        .width(1);
    one.text((end.0 + 0.1, end.1 - 0.25), "one step", palette::VERMILLION);
    one.text((2.6, 2.2), "floor: ℓ = 0", palette::GREEN)
        .anchor(Anchor::Centre);

    // Right: both points; their floors cross at the one bottom of the mean.
    let mut two = axes().panel_title("two points: a bowl");
    let both = DataSet::new(TWO_POINTS.to_vec());
    let mean = MeanSquaredError { data: &both };
    for contour in contour_lines(|w, b| mean.value(&[w, b]), &grid, &[0.1, 0.4, 1.0, 2.0]) {
        for line in &contour.lines {
            two.line(line, palette::GREY).width(1);
        }
    }
    two.line(&floor(left_point), palette::INK).dashed().width(1);
    two.line(&floor(right_point), palette::INK)
        .dashed()
        .width(1);
    let bottom = least_squares(&both).expect("two different x");
    two.points(&[(bottom.w, bottom.b)], palette::GREEN)
        .radius(5);
    two.text((-0.4, 1.25), "floor of (0, 1)", palette::INK);
    two.text((2.55, -1.15), "floor of (2, 5)", palette::INK)
        .anchor(Anchor::Centre);
    two.text(
        (bottom.w + 0.15, bottom.b + 0.3),
        "bottom (2, 1)",
        palette::GREEN,
    );
    Figure::panels("troughs.svg", &[one, two], 2, 2 * MAP_PANEL.0, MAP_PANEL.1)
}

/// A square window of the `(w, b)` plane and the excess losses `L − L*` at
/// which contour lines are drawn in it, with a direction from the minimum
/// along which their levels are written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// The range of the slope `w`.
    pub w: (f64, f64),
    /// The range of the intercept `b`, as long as that of `w`.
    pub b: (f64, f64),
    /// The contour levels, as excess losses above the minimum.
    pub levels: &'static [f64],
    /// The direction `(dw, db)` from the minimum along which the levels are written.
    pub labels_towards: (f64, f64),
}

/// The whole walk, from the flat start line to the bottom.
pub const WHOLE: Window = Window {
    w: (-0.3, 3.3),
    b: (-1.3, 2.3),
    levels: &[0.01, 0.03, 0.1, 0.3, 1.0, 3.0],
    labels_towards: (0.25, -1.0),
};

/// Close to the bottom, where the stochastic walk jitters.
pub const CLOSE: Window = Window {
    w: (1.6, 2.5),
    b: (0.5, 1.4),
    levels: &[0.001, 0.003, 0.01, 0.03],
    labels_towards: (0.25, -1.0),
};

/// Contours of the mean loss over `window`, with their levels written on
/// them, and the paths of `runs`.
pub fn surface_chart(runs: &[&Experiment], window: &Window, title: &str) -> Chart {
    let first = runs[0];
    let loss = MeanSquaredError { data: &first.data };
    let best = first.best;
    let best_loss = first.loss(best);
    let levels: Vec<f64> = window.levels.iter().map(|c| best_loss + c).collect();
    let grid = Grid {
        x: window.w,
        y: window.b,
        cells: (90, 90),
    };
    let contours = contour_lines(|w, b| loss.value(&[w, b]), &grid, &levels);
    let mut chart = Chart::new(
        Axis::linear("slope w", window.w.0, window.w.1),
        Axis::linear("intercept b", window.b.0, window.b.1),
    )
    .size(MAP_PANEL.0, MAP_PANEL.1)
    .narrow_size(MAP_PANEL.1)
    .panel_title(title);
    for contour in &contours {
        for line in &contour.lines {
            chart.line(line, palette::GREY).width(1);
        }
    }
    // Each level written where the contour crosses a ray from the minimum.
    let h = hessian(&first.data);
    let (dw, db) = window.labels_towards;
    let norm = dw.hypot(db);
    let u = (dw / norm, db / norm);
    let curvature = h[0][0] * u.0 * u.0 + 2.0 * h[0][1] * u.0 * u.1 + h[1][1] * u.1 * u.1;
    // From the outermost in, a level is written only if it keeps clear of
    // the one written before it (the window is 264 pixels across).
    let span = window.b.1 - window.b.0;
    let mut last: Option<f64> = None;
    for &c in window.levels.iter().rev() {
        let s = (2.0 * c / curvature).sqrt();
        let at = (best.w + s * u.0, best.b + s * u.1);
        let inside =
            |v: f64, (lo, hi): (f64, f64)| v > lo + 0.04 * (hi - lo) && v < hi - 0.1 * (hi - lo);
        let clear = last.is_none_or(|b| (b - at.1).abs() > 18.0 / 264.0 * span);
        if inside(at.0, window.w) && inside(at.1, window.b) && clear {
            chart
                .text(at, &significant(c, 2), palette::INK)
                .anchor(Anchor::Left);
            last = Some(at.1);
        }
    }
    for run in runs {
        let points: Vec<(f64, f64)> = run.trajectory.points.iter().map(|p| (p[0], p[1])).collect();
        let colour = colour(run.settings.mode);
        match run.settings.mode {
            // The smooth walk: a marker on each of the first steps, where
            // they are far apart, then a plain line where they crowd.
            Mode::Batch => {
                let marked = points.len().min(BATCH_MARKERS + 1);
                chart.path(&points[..marked], colour);
                chart.line(&points[marked - 1..], colour);
            }
            Mode::Sgd => {
                chart.line(&points, colour).width(1);
            }
        }
    }
    chart.points(&[(best.w, best.b)], palette::GREEN).radius(5);
    chart
}

/// How many of the batch run's first steps get a marker on the surface.
pub const BATCH_MARKERS: usize = 12;

/// The landscape: the whole walk and a close-up of the bottom, both to scale,
/// with the runs labelled on the whole walk.
pub fn surface_figure(runs: &[&Experiment], file_name: &str) -> Figure {
    let mut whole = surface_chart(runs, &WHOLE, "the whole walk");
    let close = surface_chart(runs, &CLOSE, "close to the bottom");
    for run in runs {
        let eta = significant(run.settings.eta, 6);
        match run.settings.mode {
            Mode::Batch => whole
                .text(
                    (0.9, 0.2),
                    &format!("batch, η = {eta}"),
                    colour(Mode::Batch),
                )
                .anchor(Anchor::Left),
            Mode::Sgd => whole
                .text((1.0, 1.75), &format!("SGD, η₀ = {eta}"), colour(Mode::Sgd))
                .anchor(Anchor::Right),
        };
        if let Some(sentence) = stopped(run) {
            whole
                .text((1.5, 2.1), &sentence, colour(run.settings.mode))
                .anchor(Anchor::Centre);
        }
    }
    whole
        .text((2.5, 1.7), "least squares", palette::GREEN)
        .anchor(Anchor::Centre);
    Figure::panels(file_name, &[whole, close], 2, 2 * MAP_PANEL.0, MAP_PANEL.1)
}

/// The steps of the batch run whose lines the fit figure draws.
pub const FIT_STEPS: [usize; 5] = [0, 1, 3, 10, BATCH_STEPS];

/// The data with the line after several steps of a run, each labelled with
/// its step at its right end.
pub fn fit_chart(experiment: &Experiment, steps: &[usize]) -> Chart {
    let mut chart = Chart::new(Axis::linear("x", 0.0, 2.4), Axis::linear("y", -0.5, 6.5));
    chart
        .points(&experiment.data.points(), palette::GREY)
        .radius(3);
    let run = &experiment.trajectory;
    let colour = colour(experiment.settings.mode);
    let shown: Vec<usize> = steps
        .iter()
        .copied()
        .filter(|&t| t <= run.steps())
        .collect();
    // The labels' heights at the right edge, pushed apart where lines end close together.
    let mut heights: Vec<(f64, usize)> = shown
        .iter()
        .map(|&t| (Line::from_point(&run.points[t]).predict(2.0), t))
        .collect();
    heights.sort_by(|a, b| a.0.total_cmp(&b.0));
    let gap = 0.45;
    for i in 1..heights.len() {
        if heights[i].0 < heights[i - 1].0 + gap {
            heights[i].0 = heights[i - 1].0 + gap;
        }
    }
    for &t in &shown {
        let line = Line::from_point(&run.points[t]);
        chart.line(&sample(|x| line.predict(x), 0.0, 2.0, 2), colour);
    }
    for (y, t) in heights {
        if y > -0.5 && y < 6.5 {
            chart.text((2.03, y), &format!("t = {t}"), colour);
        }
    }
    if let Some(sentence) = stopped(experiment) {
        chart
            .text((1.0, 6.1), &sentence, colour)
            .anchor(Anchor::Centre);
    }
    chart
}

/// The fit figure: a run's line at several steps.
pub fn fit_figure(experiment: &Experiment, steps: &[usize], file_name: &str) -> Figure {
    Figure::new(file_name, &fit_chart(experiment, steps))
}

/// The points `(per-sample gradients used, excess loss)` of a run, from its
/// first step on (a logarithmic axis has no room for zero cost).
fn by_cost(experiment: &Experiment) -> Vec<(f64, f64)> {
    let excess = experiment.excess_losses();
    let run = &experiment.trajectory;
    (1..=run.steps())
        .map(|t| (run.evaluations[t] as f64, excess[t]))
        .collect()
}

/// The expected excess loss of an SGD run against its cost.
fn expected_by_cost(experiment: &Experiment) -> Option<Vec<(f64, f64)>> {
    let expected = experiment.expected.as_ref()?;
    let run = &experiment.trajectory;
    Some(
        (1..=run.steps())
            .map(|t| (run.evaluations[t] as f64, expected.excess_loss[t]))
            .collect(),
    )
}

/// Both of the book's runs against what they cost, in per-sample gradients.
pub fn cost_figure(report: &Report) -> Figure {
    let mut chart = Chart::new(
        Axis::log("per-sample gradients used", 1.0, 1e5),
        Axis::log("excess loss L(w, b) − L*", 1e-8, 10.0),
    );
    let sgd_cost = report.sgd.cost() as f64;
    chart.vertical_line(sgd_cost, palette::GREY);
    chart
        .line(&by_cost(&report.sgd), colour(Mode::Sgd))
        .width(1);
    if let Some(expected) = expected_by_cost(&report.sgd) {
        chart.line(&expected, palette::INK).dashed();
    }
    chart
        .line(&by_cost(&report.batch), colour(Mode::Batch))
        .width(3);
    chart
        .text((1.3, 3e-3), "SGD: 1 per step", colour(Mode::Sgd))
        .narrow_at((1.5, 1e-6));
    chart
        .text((1.3, 1e-4), "dashed: its average (theory)", palette::INK)
        .narrow_at((1.5, 1e-7));
    chart
        .text((4e3, 3e-2), "batch: 50 per step", colour(Mode::Batch))
        .narrow_at((1.5, 1e-5));
    chart
        .text(
            (sgd_cost * 1.15, 2.0),
            &format!("SGD's {} steps", count(report.sgd.cost())),
            palette::GREY,
        )
        .wide_only();
    Figure::new("cost.svg", &chart)
}

/// One reader's run against its cost, with the expectation for SGD.
pub fn run_cost_chart(experiment: &Experiment) -> Chart {
    let points = by_cost(experiment);
    let expected = expected_by_cost(experiment);
    let mut low = f64::INFINITY;
    let mut high: f64 = 1.0;
    for &(_, e) in points.iter().chain(expected.iter().flatten()) {
        if e > 0.0 {
            low = low.min(e);
        }
        high = high.max(e);
    }
    let low = low.clamp(1e-16, 1e-2);
    let cost = experiment.cost().max(2) as f64;
    let mut chart = Chart::new(
        Axis::log("per-sample gradients used", 1.0, cost),
        Axis::log("excess loss L(w, b) − L*", low, high),
    );
    let colour = colour(experiment.settings.mode);
    chart.line(&points, colour).width(1);
    if let Some(expected) = expected {
        chart.line(&expected, palette::INK).dashed();
        chart.text(
            (1.5, low * 4.0),
            "dashed: the average (theory)",
            palette::INK,
        );
    }
    if let Some(sentence) = stopped(experiment) {
        if let Some(&end) = points.last() {
            chart.points(&[end], colour).radius(5);
        }
        chart
            .text((1.5, (low * high).sqrt()), &sentence, colour)
            .anchor(Anchor::Left);
    }
    chart
}

/// The expected excess loss of SGD with each constant rate and with the
/// book's decaying rate, and the floors the constant rates settle on.
pub fn noise_floor_figure(report: &Report) -> Figure {
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, SGD_STEPS as f64),
        Axis::log("average excess loss E[L] − L*", 1e-4, 10.0),
    );
    let curve = |values: &[f64]| -> Vec<(f64, f64)> {
        values
            .iter()
            .enumerate()
            .map(|(t, &e)| (t as f64, e))
            .collect()
    };
    let styles = [palette::ORANGE, palette::PURPLE];
    for (k, eta) in FLOOR_RATES.iter().enumerate() {
        chart
            .line(&curve(&report.constant[k].excess_loss), styles[k])
            .width(3);
        chart
            .text(
                (2450.0, report.floors[k] * 1.8),
                &format!(
                    "constant η = {}: floor {}",
                    significant(*eta, 6),
                    significant(report.floors[k], 2)
                ),
                palette::INK,
            )
            .anchor(Anchor::Right);
    }
    chart
        .line(
            &curve(&report.sgd_expected().excess_loss),
            colour(Mode::Sgd),
        )
        .width(3);
    chart
        .text(
            (2450.0, report.sgd_expected().final_excess() * 0.45),
            &format!(
                "η₀ = {}, shrinking",
                significant(report.sgd.settings.eta, 6)
            ),
            colour(Mode::Sgd),
        )
        .anchor(Anchor::Right);
    Figure::new("noise-floor.svg", &chart)
}
