//! The chapter's figures.
//!
//! One colour per meaning throughout: raw inputs vermillion, centred blue,
//! standardised green, line search purple, contours grey, the least-squares
//! point and theory's curves near-black. Dashes mean theory or a reference:
//! theory's curves, the "millionfold" line, and the troughs' floor lines.

use descent::Objective;
use descent::line::MeanSquaredError;
use harness::format::{decimals, significant};
use harness::plot::{Anchor, Axis, Chart, Colour, Figure, Grid, contour_lines, palette};

use crate::features::{POLYNOMIAL_DEGREE, PenguinFit, Rate};
use crate::landscape::{Method, Scaling, TOLERANCE, Walk};
use crate::{Report, Settings};

/// The colour of each scaling.
pub fn colour(scaling: Scaling) -> Colour {
    match scaling {
        Scaling::Raw => palette::VERMILLION,
        Scaling::Centred => palette::BLUE,
        Scaling::Standardised => palette::GREEN,
    }
}

/// The colour of exact line search.
pub const SEARCH: Colour = palette::PURPLE;

/// The contour heights above the minimum in the trough figure.
pub const TROUGH_LEVELS: [f64; 4] = [0.05, 0.2, 0.45, 0.8];

/// The side of the trough figure's square window, in units of `w` and of
/// `b` (or `b′`), around each panel's bottom: one unit of `w` as long as
/// one unit of `b` on the page.
pub const TROUGH_WINDOW: f64 = 6.0;

/// The height of each panel of the trough figure, wide and narrow: plot
/// areas of 263.5 × 264 pixels, square like the window.
pub const TROUGH_PANEL_HEIGHT: u32 = 354;

/// All ten points' floors and the mean loss, in one walk's coordinates:
/// each point's floor is the line `b = y − x·w` of its trough, with `x` as
/// the walk sees it.
fn trough_chart(walk: &Walk, title: &str, axes: (&str, &str)) -> Chart {
    let data = &walk.data;
    let centre = (walk.best.w.round(), walk.best.b.round());
    let w_range = (
        centre.0 - 0.5 * TROUGH_WINDOW,
        centre.0 + 0.5 * TROUGH_WINDOW,
    );
    let b_range = (
        centre.1 - 0.5 * TROUGH_WINDOW,
        centre.1 + 0.5 * TROUGH_WINDOW,
    );
    let loss = MeanSquaredError { data };
    let floor = loss.value(&[walk.best.w, walk.best.b]);
    let levels: Vec<f64> = TROUGH_LEVELS.iter().map(|l| floor + l).collect();
    let grid = Grid {
        x: w_range,
        y: b_range,
        cells: (120, 120),
    };
    let mut chart = Chart::new(
        Axis::linear(axes.0, w_range.0, w_range.1),
        Axis::linear(axes.1, b_range.0, b_range.1),
    )
    .panel_title(title)
    .ticks(6, 6)
    .narrow_size(TROUGH_PANEL_HEIGHT);
    for contour in contour_lines(|u, v| loss.value(&[u, v]), &grid, &levels) {
        for line in &contour.lines {
            chart.line(line, palette::GREY).width(1);
        }
    }
    let colour = colour(walk.scaling);
    for s in &data.samples {
        let floor_line = [
            (w_range.0, s.y - w_range.0 * s.x),
            (w_range.1, s.y - w_range.1 * s.x),
        ];
        chart.line(&floor_line, colour).dashed().width(1);
    }
    // Direct labels on the first and the last point's floors, each where
    // its floor leaves the window, just to its left, where no other floor
    // crosses: a falling floor (x > 0) at the bottom edge, where the
    // steepest is the leftmost of them; a rising one (x < 0) at the top
    // edge, where the steepest is the leftmost of its fan and the falling
    // fan ends short of it. A gentle floor that leaves through the right
    // edge is labelled there, just below it, where it rises away from its
    // label.
    let inset = 0.03 * TROUGH_WINDOW;
    let (top, bottom) = (b_range.1 - inset, b_range.0 + inset);
    let right = w_range.1 - 0.1;
    for (i, name) in [(0, "x = 1"), (data.len() - 1, "x = 10")] {
        let s = data.samples[i];
        let w_at = |b: f64| (s.y - b) / s.x;
        let b_right = s.y - right * s.x;
        let (at, anchor) = if b_right > bottom && b_right < top {
            ((right, b_right - 0.06 * TROUGH_WINDOW), Anchor::Right)
        } else if s.x < 0.0 {
            ((w_at(top) - 0.08, top), Anchor::Right)
        } else {
            ((w_at(bottom) - 0.08, bottom), Anchor::Right)
        };
        chart.text(at, name, colour).anchor(anchor);
    }
    chart
        .points(&[(walk.best.w, walk.best.b)], palette::INK)
        .radius(5);
    chart
}

/// All ten points' troughs, with `x` as measured and centred: the floors
/// of the raw points all fall the same way and average to a long, tilted
/// valley; centred, they fan both ways and average to a rounder bowl.
pub fn troughs(report: &Report) -> Figure {
    let raw = report.walk(Scaling::Raw);
    let centred = report.walk(Scaling::Centred);
    let charts = [
        trough_chart(raw, "raw x", axes(Scaling::Raw)),
        trough_chart(centred, "centred x − x̄", axes(Scaling::Centred)),
    ];
    Figure::panels("troughs.svg", &charts, 2, 720, TROUGH_PANEL_HEIGHT)
}

/// The window `((w₀, w₁), (b₀, b₁))` around a walk: its start, its end and
/// the least-squares point, widened by a margin, then to the `aspect`
/// (width over height, in data units) that makes one unit of `w` as long
/// as one unit of `b` on the page. Points farther than `reach` times the
/// start's distance from the bottom are left out, so a diverging walk
/// does not blow the window up.
pub fn window(points: &[(f64, f64)], best: (f64, f64), aspect: f64) -> ((f64, f64), (f64, f64)) {
    let start = points[0];
    let reach = 3.0 * (start.0 - best.0).hypot(start.1 - best.1).max(1e-9);
    let mut w = (best.0.min(start.0), best.0.max(start.0));
    let mut b = (best.1.min(start.1), best.1.max(start.1));
    for p in points {
        if (p.0 - best.0).hypot(p.1 - best.1) <= reach {
            w = (w.0.min(p.0), w.1.max(p.0));
            b = (b.0.min(p.1), b.1.max(p.1));
        }
    }
    let margin = 0.08 * (w.1 - w.0).max(b.1 - b.0);
    w = (w.0 - margin, w.1 + margin);
    b = (b.0 - margin, b.1 + margin);
    let (width, height) = (w.1 - w.0, b.1 - b.0);
    if width / height < aspect {
        let extra = 0.5 * (aspect * height - width);
        w = (w.0 - extra, w.1 + extra);
    } else {
        let extra = 0.5 * (width / aspect - height);
        b = (b.0 - extra, b.1 + extra);
    }
    (w, b)
}

/// How many of a walk's first steps the maps draw.
pub const DRAWN_STEPS: usize = 30;

/// How many of a walk's first steps get markers.
pub const MARKED_STEPS: usize = 12;

/// Contours of the mean loss in a walk's own coordinates, and the walk.
pub fn walk_chart(walk: &Walk, aspect: f64, title: Option<&str>, axes: (&str, &str)) -> Chart {
    let points: Vec<(f64, f64)> = walk
        .trajectory
        .points
        .iter()
        .map(|p| (p[0], p[1]))
        .collect();
    let best = (walk.best.w, walk.best.b);
    let (w, b) = window(&points, best, aspect);
    let loss = MeanSquaredError { data: &walk.data };
    let bottom = loss.value(&[best.0, best.1]);
    let start_excess = loss.value(&[points[0].0, points[0].1]) - bottom;
    let levels: Vec<f64> = [1.0, 0.3, 0.1, 0.03, 0.01]
        .iter()
        .map(|f| bottom + f * start_excess)
        .collect();
    let grid = Grid {
        x: w,
        y: b,
        cells: (120, 120),
    };
    let mut chart = Chart::new(
        Axis::linear(axes.0, w.0, w.1),
        Axis::linear(axes.1, b.0, b.1),
    );
    if let Some(title) = title {
        chart = chart.panel_title(title).ticks(5, 6);
    }
    for contour in contour_lines(|u, v| loss.value(&[u, v]), &grid, &levels) {
        for line in &contour.lines {
            chart.line(line, palette::GREY).width(1);
        }
    }
    let colour = match walk.method {
        Method::LineSearch => SEARCH,
        Method::Fixed(_) => colour(walk.scaling),
    };
    let drawn = &points[..points.len().min(DRAWN_STEPS + 1)];
    let marked = drawn.len().min(MARKED_STEPS + 1);
    chart.path(&drawn[..marked], colour);
    chart.line(&drawn[marked - 1..], colour).width(1);
    chart.points(&[best], palette::INK).radius(5);
    chart
}

/// The axis labels of a walk's map: `w` and `b` raw, `w` and `b′` centred,
/// `w̃` and `b′` standardised.
pub fn axes(scaling: Scaling) -> (&'static str, &'static str) {
    match scaling {
        Scaling::Raw => ("slope w", "intercept b"),
        Scaling::Centred => ("slope w", "intercept b′"),
        Scaling::Standardised => ("slope w̃", "intercept b′"),
    }
}

/// The aspect (width over height, in pixels) of the plotting area of one
/// panel of the scalings figure, wide and narrow.
pub const PANEL_ASPECT: f64 = 0.7;

/// The same ten points, three ways of writing x: contours and the walk at
/// each one's best fixed rate.
pub fn scalings(report: &Report) -> Figure {
    let charts: Vec<Chart> = report
        .walks
        .iter()
        .map(|walk| {
            let axes = axes(walk.scaling);
            // Plot areas of 143.5 × 205 wide and 263.5 × 376 narrow: one
            // unit of w as long as one unit of b on the page.
            walk_chart(walk, PANEL_ASPECT, Some(walk.scaling.name()), axes).narrow_size(467)
        })
        .collect();
    Figure::panels("scalings.svg", &charts, 3, 720, 296)
}

/// The relative excess of a run for a log axis: floored at `floor`.
/// The curve stops at the first value at or below `floor`.
fn curve(values: &[f64], floor: f64) -> Vec<(f64, f64)> {
    let mut points = Vec::new();
    for (t, v) in values.iter().enumerate() {
        points.push((t as f64, v.max(floor)));
        if *v <= floor {
            break;
        }
    }
    points
}

/// The floor of the log axes of excess loss.
pub const EXCESS_FLOOR: f64 = 1e-16;

/// Excess loss against step at the best fixed rates, measured and theory.
pub fn steps(report: &Report) -> Figure {
    let last = report
        .walks
        .iter()
        .filter_map(Walk::steps_to_tolerance)
        .max()
        .unwrap_or(100);
    let end = (last as f64 * 1.15).ceil();
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, end),
        Axis::log("excess loss (L − L*)/(L₀ − L*)", EXCESS_FLOOR, 1.0),
    );
    chart.horizontal_line(TOLERANCE, palette::GREY);
    // Left of where the raw line crosses it, well below that line.
    chart
        .text((0.5 * end, 3.0 * TOLERANCE), "a millionfold", palette::GREY)
        .anchor(Anchor::Left)
        .narrow_at((0.6 * end, 3.0 * TOLERANCE))
        .narrow_anchor(Anchor::Centre);
    for walk in &report.walks {
        let measured = walk.relative_excess();
        let upto = (end as usize).min(measured.len() - 1);
        let colour = colour(walk.scaling);
        chart.line(&curve(&measured[..=upto], EXCESS_FLOOR), colour);
        if let Some(theory) = walk.predicted_relative_excess() {
            chart
                .line(&curve(&theory[..=upto], EXCESS_FLOOR), palette::INK)
                .dashed()
                .width(1);
        }
    }
    let raw = report.walk(Scaling::Raw);
    let centred = report.walk(Scaling::Centred);
    let label = |walk: &Walk| {
        format!(
            "{}, κ = {}",
            walk.scaling.name(),
            significant(walk.curvature.condition_number(), 3)
        )
    };
    let raw_at = (0.55 * end, 2e-3);
    chart
        .text(raw_at, &label(raw), colour(Scaling::Raw))
        .anchor(Anchor::Left)
        .narrow_at((0.35 * end, 1e-1));
    chart
        .text((70.0, 1e-8), &label(centred), colour(Scaling::Centred))
        .anchor(Anchor::Left)
        .narrow_at((100.0, 1e-9));
    chart
        .text(
            (90.0, 1e-15),
            "standardised: one step",
            colour(Scaling::Standardised),
        )
        .anchor(Anchor::Left)
        // Right of where the centred line reaches the floor (step 75),
        // which it crosses at 10⁻¹⁵ near step 70.
        .narrow_at((95.0, 3e-16));
    chart
        .text((0.5 * end, 1e-13), "dashed: theory", palette::INK)
        .anchor(Anchor::Left)
        .narrow_at((0.3 * end, 1e-13));
    Figure::new("steps.svg", &chart)
}

/// Exact line search on the centred inputs: right angles all the way.
pub fn line_search(report: &Report) -> Figure {
    let walk = &report.line_search;
    // Plot areas of 383.5 × 479 wide and 263.5 × 329 narrow.
    let chart = walk_chart(walk, SEARCH_ASPECT, None, ("slope w", "intercept b′"))
        .size(480, 549)
        .narrow_size(399);
    Figure::new("line-search.svg", &chart)
}

/// The plotting area's aspect in the line-search figure, wide and narrow.
pub const SEARCH_ASPECT: f64 = 0.8;

/// The penguins: how far each walk still is from the bottom, step by step.
/// Both walks in millimetres are vermillion, the one at `1/λ_max` thinner;
/// dashes are kept for reference lines.
pub fn penguins(report: &Report) -> Figure {
    let steps = crate::PENGUIN_STEPS as f64;
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, steps),
        Axis::log("excess loss (L − L*)/(L₀ − L*)", EXCESS_FLOOR, 1.0),
    );
    chart.horizontal_line(TOLERANCE, palette::GREY);
    chart
        .text((steps, 3.0 * TOLERANCE), "a millionfold", palette::GREY)
        .anchor(Anchor::Right);
    for fit in &report.penguins {
        let measured = fit.relative_excess();
        let colour = colour(fit.scaling);
        let mark = chart.line(&curve(&measured, EXCESS_FLOOR), colour);
        if fit.rate == Rate::InverseLargest {
            mark.width(1);
        }
    }
    let label = |fit: &PenguinFit| match (fit.scaling, fit.rate) {
        (Scaling::Standardised, _) => format!(
            "standardised, κ = {}: {} steps",
            decimals(fit.condition_number(), 1),
            fit.steps_to_tolerance().unwrap_or(0)
        ),
        (_, Rate::Best) => "millimetres, best fixed rate".to_string(),
        (_, Rate::InverseLargest) => "millimetres, η = 1/λmax".to_string(),
    };
    chart
        .text(
            (0.55 * steps, 0.15),
            &label(&report.penguins[0]),
            colour(Scaling::Raw),
        )
        .narrow_at((0.2 * steps, 0.08));
    chart
        .text(
            (0.55 * steps, 1.5e-3),
            &label(&report.penguins[1]),
            colour(Scaling::Raw),
        )
        .narrow_at((0.2 * steps, 4e-4));
    chart
        .text(
            (30.0, 1e-10),
            &label(&report.penguins[2]),
            colour(Scaling::Standardised),
        )
        .narrow_at((30.0, 1e-11));
    Figure::new("penguins.svg", &chart)
}

/// κ of polynomial features by degree, on `[0, 1]`, centred on `[−½, ½]`,
/// and centred and stretched on `[−1, 1]`: raw, centred and standardised
/// in the chapter's colours.
pub fn polynomial(report: &Report) -> Figure {
    let mut chart = Chart::new(
        Axis::linear("degree k", 1.0, POLYNOMIAL_DEGREE as f64),
        Axis::log("condition number κ", 1.0, 1e8),
    )
    .ticks(5, 8);
    let colours = [palette::VERMILLION, palette::BLUE, palette::GREEN];
    for (i, colour) in colours.iter().enumerate() {
        let line: Vec<(f64, f64)> = report
            .polynomial
            .iter()
            .enumerate()
            .map(|(k, kappas)| ((k + 1) as f64, kappas[i]))
            .collect();
        chart.line(&line, *colour).width(1);
        chart.points(&line, *colour);
    }
    // On a phone the lines leave no room for these labels between them:
    // they stack in the empty upper left, in the lines' colours, top to
    // bottom in the lines' order.
    chart
        .text((2.9, 3e5), "x in [0, 1]", palette::VERMILLION)
        .anchor(Anchor::Right)
        .narrow_at((1.1, 3e7))
        .narrow_anchor(Anchor::Left);
    chart
        .text((3.5, 2e3), "centred: [−½, ½]", palette::BLUE)
        .anchor(Anchor::Left)
        .narrow_at((1.1, 7e6))
        .narrow_anchor(Anchor::Left);
    chart
        .text((3.2, 1e1), "centred and stretched: [−1, 1]", palette::GREEN)
        .anchor(Anchor::Left)
        .narrow_at((1.1, 1.7e6))
        .narrow_anchor(Anchor::Left);
    Figure::new("polynomial.svg", &chart)
}

/// Every figure of the book's run, in the order the text shows them.
pub fn book(report: &Report) -> Vec<Figure> {
    vec![
        troughs(report),
        scalings(report),
        steps(report),
        line_search(report),
        penguins(report),
        polynomial(report),
    ]
}

/// The plotting area's aspect (width over height) of a reader's map, wide
/// and narrow.
pub const READER_ASPECT: f64 = 1.6;

/// The reader's figures: the walk on its contours, and its excess loss
/// against step with theory's. A diverged walk is drawn up to where it
/// was stopped, and says so.
pub fn readers(settings: &Settings, walk: &Walk) -> Vec<Figure> {
    let stem = settings.file_stem();
    let title = match walk.method {
        Method::Fixed(eta) => format!("{}, η = {}", walk.scaling.name(), significant(eta, 4)),
        Method::LineSearch => format!("{}, line search", walk.scaling.name()),
    };
    // Plot areas of 624 × 390 wide and 264 × 165 narrow (the panel title
    // takes 21 pixels): one unit of w as long as one unit of b on the page,
    // so line search's right angles look right.
    let map = walk_chart(walk, READER_ASPECT, None, axes(walk.scaling))
        .panel_title(&title)
        .size(720, 481)
        .narrow_size(256);
    let measured = walk.relative_excess();
    let steps = walk.trajectory.steps().max(1) as f64;
    let top = measured.iter().copied().fold(1.0, f64::max);
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, steps),
        Axis::log("excess loss (L − L*)/(L₀ − L*)", EXCESS_FLOOR, top),
    );
    chart.horizontal_line(TOLERANCE, palette::GREY);
    let colour = match walk.method {
        Method::LineSearch => SEARCH,
        Method::Fixed(_) => colour(walk.scaling),
    };
    chart.line(&curve(&measured, EXCESS_FLOOR), colour);
    if let Some(theory) = walk.predicted_relative_excess() {
        chart
            .line(&curve(&theory, EXCESS_FLOOR), palette::INK)
            .dashed()
            .width(1);
    }
    if let descent::Outcome::Diverged { step, .. } = walk.trajectory.outcome {
        chart
            .text(
                (0.5 * steps, top.sqrt()),
                &format!("diverged: stopped at step {step}"),
                palette::INK,
            )
            .anchor(Anchor::Centre);
    }
    vec![
        Figure::new(&format!("{stem}-walk.svg"), &map),
        Figure::new(&format!("{stem}-loss.svg"), &chart),
    ]
}
