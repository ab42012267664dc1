//! The chapter's figures.
//!
//! One colour per meaning throughout: the cross-entropy and everything
//! trained with it blue, squared error on the probability vermillion, the
//! positive class (a cat, a Chinstrap, the upper cloud) orange and the
//! negative class sky blue, boundaries and theory's lines near-black, the
//! maximum-margin separator and contours grey.

use descent::loss::{CrossEntropy, Loss, sigmoid};
use descent::objective::norm;
use harness::format::{decimals, significant};
use harness::plot::{
    Anchor, Axis, Chart, Colour, Figure, Grid, contour_lines, legible, palette, sample,
};

use crate::basics::{SquaredProbability, landscape_minimum, mean_loss};
use crate::penguins::{BINS, Fit, ThreeSpecies, calibration};
use crate::separable::Separable;
use crate::story::{ANIMALS, Story};
use crate::{LANDSCAPE_B, LANDSCAPE_W, Report, bill_length_only};

/// The colour of the cross-entropy and of fits made with it.
pub const CROSS_ENTROPY: Colour = palette::BLUE;
/// The colour of squared error on the probability.
pub const SQUARED: Colour = palette::VERMILLION;
/// The colour of the positive class.
pub const POSITIVE: Colour = palette::ORANGE;
/// The colour of the negative class.
pub const NEGATIVE: Colour = palette::SKY;

/// Every figure of the book's run, in the order the text shows them.
pub fn book(report: &Report) -> Vec<Figure> {
    vec![
        logistic_figure(),
        losses_figure(),
        landscapes_figure(report.squared_dip),
        story_figure(&report.story, "story"),
        penguin_boundary(&report.gd, None, "penguins"),
        reliability_figure(&report.gd, &report.blurred),
        rates_figure(report),
        separable_figure(&report.separable, "separable"),
    ]
}

/// The logistic function, with "90% cat" and the boundary marked.
pub fn logistic_figure() -> Figure {
    let mut chart = Chart::new(
        Axis::linear("logit z = wᵀx + b", -6.0, 6.0),
        Axis::linear("probability p = s(z)", 0.0, 1.0),
    );
    chart.horizontal_line(0.5, palette::GREY);
    chart.vertical_line(0.0, palette::GREY);
    let ninety = 9f64.ln();
    chart
        .line(&[(ninety, 0.0), (ninety, 0.9), (-6.0, 0.9)], palette::INK)
        .width(1)
        .dashed();
    chart.line(&sample(sigmoid, -6.0, 6.0, 241), CROSS_ENTROPY);
    chart
        .points(&[(0.0, 0.5), (ninety, 0.9)], palette::INK)
        .radius(4);
    chart
        .text((0.3, 0.43), "z = 0: p = ½, the boundary", palette::INK)
        .wide_only();
    chart
        .text((0.4, 0.42), "z = 0, p = ½", palette::INK)
        .narrow_only();
    chart
        .text((2.55, 0.86), "z = ln 9 ≈ 2.197: 90% cat", palette::INK)
        .narrow_at((-5.7, 0.95));
    chart
        .text((-5.7, 0.2), "p → 0 as z → −∞", palette::GREY)
        .wide_only();
    chart
        .text((5.7, 0.74), "p → 1 as z → ∞", palette::GREY)
        .anchor(Anchor::Right)
        .wide_only();
    Figure::new("logistic.svg", &chart)
}

/// Loss and slope against the logit for a cat (`y = 1`): cross-entropy and
/// squared error on the probability.
pub fn losses_figure() -> Figure {
    let range = (-10.0, 6.0);
    let mut loss = Chart::new(
        Axis::linear("logit z (the answer is cat, y = 1)", range.0, range.1),
        Axis::linear("loss ℓ", 0.0, 6.0),
    )
    .panel_title("loss");
    loss.line(
        &sample(|z| CrossEntropy.value(z, 1.0), range.0, range.1, 161),
        CROSS_ENTROPY,
    );
    loss.line(
        &sample(|z| SquaredProbability.value(z, 1.0), range.0, range.1, 161),
        SQUARED,
    );
    loss.text((-3.9, 4.6), "cross-entropy −ln p", CROSS_ENTROPY)
        .narrow_at((-2.8, 4.8));
    loss.text((-9.5, 1.0), "½(p − 1)²: flat", SQUARED);
    let mut slope = Chart::new(
        Axis::linear("logit z (the answer is cat, y = 1)", range.0, range.1),
        Axis::linear("slope dℓ/dz", -1.1, 0.1),
    )
    .panel_title("slope");
    slope.horizontal_line(0.0, palette::GREY);
    slope.line(
        &sample(|z| CrossEntropy.slope(z, 1.0), range.0, range.1, 161),
        CROSS_ENTROPY,
    );
    slope.line(
        &sample(|z| SquaredProbability.slope(z, 1.0), range.0, range.1, 161),
        SQUARED,
    );
    slope
        .text((-9.5, -0.9), "p − 1 → −1", CROSS_ENTROPY)
        .narrow_at((-9.5, -0.85));
    slope
        .text((-9.5, -0.08), "(p − 1)·p(1 − p) → 0", SQUARED)
        .narrow_at((-9.5, -0.2));
    Figure::panels("losses.svg", &[loss, slope], 2, 720, 360)
}

/// A label on a white box, centred at `at`, so that the contours under it
/// do not run through its letters. The box is sized for the text in data
/// units: about 8 px a letter and 18 px high, at `px` pixels per unit of
/// `(x, y)` (both renderings of the landscapes have nearly the same scale).
fn boxed_label(chart: &mut Chart, at: (f64, f64), text: &str, colour: Colour, px: (f64, f64)) {
    let letters = text.chars().count() as f64;
    let (half_w, half_h) = ((8.0 * letters / 2.0 + 3.0) / px.0, 9.0 / px.1);
    chart.rectangle(
        (at.0 - half_w, at.1 - half_h),
        (at.0 + half_w, at.1 + half_h),
        palette::tint(palette::GREY, 0.0),
    );
    chart.text(at, text, colour).anchor(Anchor::Centre);
}

/// The point of a contour closest to `target`.
fn nearest_on(contour: &harness::plot::Contour, target: (f64, f64)) -> (f64, f64) {
    let distance = |p: &(f64, f64)| (p.0 - target.0).hypot(p.1 - target.1);
    contour
        .lines
        .iter()
        .flatten()
        .copied()
        .min_by(|a, b| distance(a).total_cmp(&distance(b)))
        .unwrap_or(target)
}

/// The contour levels of the landscapes, and the levels labelled with
/// their values, each near a point of the plane.
const CE_LEVELS: [f64; 10] = [0.13, 0.16, 0.2, 0.3, 0.5, 0.8, 1.2, 2.0, 3.0, 4.0];
const CE_LABELLED: [(f64, (f64, f64)); 2] = [(0.13, (3.0, -0.5)), (2.0, (-3.0, 3.0))];
const SQUARED_LEVELS: [f64; 12] = [
    0.019, 0.025, 0.04, 0.07, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45,
];
const SQUARED_LABELLED: [(f64, (f64, f64)); 2] = [(0.025, (11.0, -5.0)), (0.2, (-6.0, -6.0))];

/// The mean loss over the `(w, b)` plane for the bill lengths alone: a bowl
/// for the cross-entropy, plateaus for squared error on the probability.
/// Each panel marks its minimum and labels two contours with their values.
pub fn landscapes_figure(dip: (f64, f64)) -> Figure {
    let data = bill_length_only();
    let grid = Grid {
        x: LANDSCAPE_W,
        y: LANDSCAPE_B,
        cells: (44, 44),
    };
    // About 12 px a unit of w and 17 px a unit of b, wide and narrow.
    let px = (12.0, 17.0);
    let chart = |title: &str| {
        Chart::new(
            Axis::linear("weight w", LANDSCAPE_W.0, LANDSCAPE_W.1),
            Axis::linear("intercept b", LANDSCAPE_B.0, LANDSCAPE_B.1),
        )
        .panel_title(title)
        .ticks(5, 5)
    };
    let ce_minimum = landscape_minimum(
        CrossEntropy,
        |z, _| sigmoid(z) * (1.0 - sigmoid(z)),
        &data,
        (0.0, 0.0),
    );
    let squared_minimum = landscape_minimum(
        SquaredProbability,
        |z, y| SquaredProbability.curvature(z, y),
        &data,
        ce_minimum,
    );
    let mut ce = chart("cross-entropy: one bowl");
    let ce_contours = contour_lines(
        |w, b| mean_loss(&CrossEntropy, &data, w, b),
        &grid,
        &CE_LEVELS,
    );
    for contour in &ce_contours {
        for line in &contour.lines {
            ce.line(line, CROSS_ENTROPY).width(1);
        }
    }
    let mut sq = chart("squared error on p: plateaus");
    let squared_contours = contour_lines(
        |w, b| mean_loss(&SquaredProbability, &data, w, b),
        &grid,
        &SQUARED_LEVELS,
    );
    for contour in &squared_contours {
        for line in &contour.lines {
            sq.line(line, SQUARED).width(1);
        }
    }
    sq.horizontal_line(0.0, palette::GREY);
    for (panel, contours, labelled, colour) in [
        (&mut ce, &ce_contours, &CE_LABELLED, CROSS_ENTROPY),
        (&mut sq, &squared_contours, &SQUARED_LABELLED, SQUARED),
    ] {
        for (level, target) in labelled {
            let contour = contours
                .iter()
                .find(|c| c.level == *level)
                .expect("a labelled level is drawn");
            let at = nearest_on(contour, *target);
            boxed_label(panel, at, &significant(*level, 3), legible(colour), px);
        }
    }
    for (panel, minimum) in [(&mut ce, ce_minimum), (&mut sq, squared_minimum)] {
        panel.points(&[minimum], palette::INK).radius(4);
        boxed_label(
            panel,
            (minimum.0, minimum.1 - 1.3),
            "minimum",
            palette::INK,
            px,
        );
    }
    boxed_label(&mut sq, (-3.5, -8.5), "plateau", palette::INK, px);
    sq.points(&[(dip.0, 0.0)], palette::INK).radius(4);
    sq.text((dip.0 + 0.6, -1.2), "curves down", palette::INK);
    Figure::panels("landscapes.svg", &[ce, sq], 2, 720, 380)
}

/// The colour of each animal of the story.
pub fn animal_colour(i: usize) -> Colour {
    [
        palette::INK,
        NEGATIVE,
        palette::PURPLE,
        POSITIVE,
        palette::GREEN,
    ][i % 5]
}

/// Heights for labels at `ys` moved apart to at least `gap` from each other,
/// in the same order, kept inside `[low, high]`.
pub fn spread_labels(ys: &[f64], gap: f64, low: f64, high: f64) -> Vec<f64> {
    let mut order: Vec<usize> = (0..ys.len()).collect();
    order.sort_by(|a, b| ys[*a].total_cmp(&ys[*b]));
    let mut placed = vec![0.0; ys.len()];
    let mut previous = f64::NEG_INFINITY;
    for &i in &order {
        let y = ys[i].max(previous + gap).max(low);
        placed[i] = y;
        previous = y;
    }
    // Push back down from the top if the highest went past it.
    let mut next = f64::INFINITY;
    for &i in order.iter().rev() {
        let y = placed[i].min(next - gap).min(high);
        placed[i] = y;
        next = y;
    }
    placed
}

/// A short name for an animal, for the narrow rendering: "black" for the
/// black cat, "house" for the house cat.
fn shortest(name: &str) -> &str {
    name.split(' ').next().unwrap_or(name)
}

/// `p(cat)` for every animal after each correction.
pub fn story_figure(story: &Story, stem: &str) -> Figure {
    let steps = story.corrections.len();
    // Room on the right for the animals' names, short of the next tick.
    let right = steps as f64 * 1.19;
    let mut chart = Chart::new(
        Axis::linear("correction t", 0.0, right),
        Axis::linear("p(cat)", 0.0, 1.0),
    );
    chart.horizontal_line(0.5, palette::INK);
    chart
        .text((right - 0.05, 0.46), "boundary p = ½", palette::INK)
        .anchor(Anchor::Right)
        .wide_only();
    chart
        .text((right - 0.05, 0.46), "p = ½", palette::INK)
        .anchor(Anchor::Right)
        .narrow_only();
    let mut ends = Vec::new();
    for i in 0..ANIMALS.len() {
        let mut points = vec![(0.0, 0.5)];
        for (t, c) in story.corrections.iter().enumerate() {
            points.push(((t + 1) as f64, c.after[i]));
        }
        let colour = animal_colour(i);
        if steps <= 10 {
            chart.path(&points, colour).width(2);
        } else {
            chart.line(&points, colour);
        }
        ends.push(points[points.len() - 1]);
    }
    let heights = spread_labels(
        &ends.iter().map(|e| e.1).collect::<Vec<_>>(),
        0.055,
        0.03,
        0.97,
    );
    let gap = right / 50.0;
    for (i, (end, y)) in ends.iter().zip(heights).enumerate() {
        chart
            .text((end.0 + gap, y), ANIMALS[i].short, animal_colour(i))
            .wide_only();
        chart
            .text(
                (end.0 + gap, y),
                shortest(ANIMALS[i].short),
                animal_colour(i),
            )
            .narrow_only();
    }
    // Which animal each correction was about, along the bottom.
    if steps <= 5 {
        for (t, c) in story.corrections.iter().enumerate() {
            let name = ANIMALS[c.animal].short;
            chart
                .text(((t + 1) as f64, 0.03), name, palette::GREY)
                .anchor(Anchor::Centre)
                .wide_only();
            chart
                .text(((t + 1) as f64, 0.03), shortest(name), palette::GREY)
                .anchor(Anchor::Centre)
                .narrow_only();
        }
    }
    Figure::new(&format!("{stem}.svg"), &chart)
}

/// The penguins in millimetres, the boundary `p = ½` and the lines
/// `p = 0.1` and `p = 0.9` of `fit` (and the boundary of `other`).
pub fn penguin_boundary(fit: &Fit, other: Option<&Fit>, stem: &str) -> Figure {
    let (bill, flipper) = ((32.0, 60.0), (170.0, 215.0));
    let mut chart = Chart::new(
        Axis::linear("bill length (mm)", bill.0, bill.1),
        Axis::linear("flipper length (mm)", flipper.0, flipper.1),
    );
    let (mut adelie, mut chinstrap) = (Vec::new(), Vec::new());
    for s in &fit.raw.samples {
        if s.y == 1.0 {
            chinstrap.push((s.x[0], s.x[1]));
        } else {
            adelie.push((s.x[0], s.x[1]));
        }
    }
    chart.points(&adelie, NEGATIVE).radius(3);
    chart.points(&chinstrap, POSITIVE).radius(3);
    // z = w₁·bill + w₂·flipper + b = c  ⇒  bill = (c − b − w₂·flipper)/w₁.
    let line_at = |f: &Fit, z: f64| {
        let (w, b) = f.in_millimetres();
        [
            ((z - b - w[1] * flipper.0) / w[0], flipper.0),
            ((z - b - w[1] * flipper.1) / w[0], flipper.1),
        ]
    };
    let logit = |p: f64| (p / (1.0 - p)).ln();
    if let Some(other) = other {
        chart
            .line(&line_at(other, 0.0), palette::GREY)
            .width(2)
            .dashed();
    }
    chart
        .line(&line_at(fit, logit(0.1)), palette::INK)
        .width(1)
        .dashed();
    chart
        .line(&line_at(fit, logit(0.9)), palette::INK)
        .width(1)
        .dashed();
    chart.line(&line_at(fit, 0.0), palette::INK).width(2);
    chart.text((33.0, 212.0), "Adélie", legible_class(NEGATIVE));
    chart
        .text((59.0, 172.5), "Chinstrap", legible_class(POSITIVE))
        .anchor(Anchor::Right);
    // Each line labelled where it leaves the chart: p = ½ at the top, the
    // other two at the bottom, outside the band they enclose.
    let at = |z: f64, flipper_mm: f64| {
        let (w, b) = fit.in_millimetres();
        (z - b - w[1] * flipper_mm) / w[0]
    };
    // On a phone the three lines are about 25 px apart: "p = ½" no longer
    // fits between two of them, so the solid line is labelled "½" alone,
    // beside it, and the dashed lines keep their full labels.
    chart
        .text((at(0.0, 212.0) - 0.3, 212.0), "p = ½", palette::INK)
        .anchor(Anchor::Right)
        .wide_only();
    chart
        .text(
            (0.5 * (at(0.0, 210.0) + at(logit(0.1), 210.0)), 210.0),
            "½",
            palette::INK,
        )
        .anchor(Anchor::Centre)
        .narrow_only();
    chart
        .text(
            (at(logit(0.1), 172.5) - 0.3, 172.5),
            "p = 0.1",
            palette::INK,
        )
        .anchor(Anchor::Right)
        .narrow_at((at(logit(0.1), 172.5) - 0.6, 172.5));
    chart
        .text(
            (at(logit(0.9), 172.5) + 0.3, 172.5),
            "p = 0.9",
            palette::INK,
        )
        .narrow_at((at(logit(0.9), 172.5) + 0.6, 172.5));
    Figure::new(&format!("{stem}.svg"), &chart)
}

fn legible_class(colour: Colour) -> Colour {
    colour
}

/// A reliability diagram: each bin's mean predicted probability against the
/// fraction of Chinstraps in it, over a shaded band along the diagonal, two
/// standard errors either way, across the bin (where the point should fall
/// if the probabilities were right).
pub fn reliability_chart(fit: &Fit, title: &str, colour: Colour) -> Chart {
    let mut chart = Chart::new(
        Axis::linear("mean predicted p in the bin", 0.0, 1.0),
        Axis::linear("fraction that are Chinstraps", 0.0, 1.0),
    )
    .panel_title(title)
    .ticks(6, 6);
    let table = calibration(&fit.probabilities(), &fit.labels(), BINS);
    // The band, drawn first: in each bin with predictions, thin slices from
    // the diagonal minus two standard errors to the diagonal plus two, each
    // a little wider than its step so that no seam shows.
    let slices = 40;
    for bin in table.iter().filter(|b| b.count > 0) {
        let e = 2.0 * bin.standard_error;
        let width = (bin.upper - bin.lower) / slices as f64;
        for k in 0..slices {
            let x0 = bin.lower + k as f64 * width;
            let x1 = (x0 + 1.5 * width).min(bin.upper);
            chart.rectangle((x0, x0 - e), (x1, x1 + e), palette::tint(colour, 0.25));
        }
    }
    chart
        .line(&[(0.0, 0.0), (1.0, 1.0)], palette::GREY)
        .width(1)
        .dashed();
    let mut points = Vec::new();
    for bin in &table {
        if bin.count == 0 {
            continue;
        }
        let (x, y) = (bin.mean_probability, bin.fraction);
        points.push((x, y));
        let (dx, anchor) = if x < 0.5 {
            (0.03, Anchor::Left)
        } else {
            (-0.03, Anchor::Right)
        };
        let dy = if y > 0.9 { -0.05 } else { 0.0 };
        chart
            .text((x + dx, y + dy), &bin.count.to_string(), palette::INK)
            .anchor(anchor);
    }
    chart.points(&points, colour).radius(5);
    chart
}

/// The book's reliability diagrams: the sharp fit and the blurred one.
pub fn reliability_figure(sharp: &Fit, blurred: &Fit) -> Figure {
    Figure::panels(
        "reliability.svg",
        &[
            reliability_chart(sharp, "bill and flipper length", CROSS_ENTROPY),
            reliability_chart(blurred, "flipper length and body mass", palette::GREEN),
        ],
        2,
        720,
        380,
    )
}

/// A reader's reliability diagram.
pub fn reliability(fit: &Fit, stem: &str) -> Figure {
    Figure::new(
        &format!("{stem}.svg"),
        &reliability_chart(fit, "bill and flipper length", CROSS_ENTROPY),
    )
}

/// The excess loss of gradient descent on the penguins at the safe rate and
/// around the local threshold.
pub fn rates_figure(report: &Report) -> Figure {
    let best = report.gd.trajectory.final_loss();
    let floor = 1e-14;
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, 800.0),
        Axis::log("excess loss L(θₜ) − L*", floor, 1.0),
    );
    let curve = |fit: &Fit| -> Vec<(f64, f64)> {
        fit.trajectory
            .losses
            .iter()
            .enumerate()
            .take(801)
            .map(|(t, l)| (t as f64, (l - best).max(floor)))
            .collect()
    };
    chart.line(&curve(&report.gd), CROSS_ENTROPY);
    chart
        .line(&curve(&report.rate_runs[0]), palette::GREEN)
        .width(1);
    chart
        .line(&curve(&report.rate_runs[1]), palette::PURPLE)
        .width(1);
    let c = report.curvatures;
    let safe = decimals(c.safe_rate, 2);
    let below = decimals(0.97 * c.local_threshold, 1);
    let above = decimals(1.03 * c.local_threshold, 1);
    chart
        .text(
            (150.0, 3e-3),
            &format!("η = {safe}: safe everywhere"),
            CROSS_ENTROPY,
        )
        .wide_only();
    chart
        .text((250.0, 1e-3), &format!("η = {safe}"), CROSS_ENTROPY)
        .narrow_only();
    chart
        .text(
            (135.0, 1e-12),
            &format!("η = {below}: settles"),
            palette::GREEN,
        )
        .narrow_at((135.0, 1e-12));
    chart
        .text(
            (690.0, 3e-2),
            &format!("η = {above}: does not settle"),
            palette::PURPLE,
        )
        .anchor(Anchor::Right)
        .wide_only();
    chart
        .text((640.0, 0.3), &format!("η = {above}"), palette::PURPLE)
        .anchor(Anchor::Right)
        .narrow_only();
    // The walks that settle reach excess losses far below the floor (or
    // exactly 0); they are drawn at the floor, and the figure says so.
    chart
        .text(
            (790.0, 3e-14),
            "smaller values drawn at 10⁻¹⁴",
            palette::GREY,
        )
        .anchor(Anchor::Right)
        .wide_only();
    Figure::new("rates.svg", &chart)
}

/// The clouds with the boundary after several steps, and the maximum-margin
/// separator; the loss against `t`; `‖θ‖` against `t`.
pub fn separable_charts(sep: &Separable) -> Vec<Chart> {
    let range = (-3.5, 3.5);
    let mut points = Chart::new(
        Axis::linear("x₁", range.0, range.1),
        Axis::linear("x₂", range.0, range.1),
    )
    .panel_title("boundaries")
    .ticks(5, 5);
    let (mut zero, mut one) = (Vec::new(), Vec::new());
    for s in &sep.data.samples {
        if s.y == 1.0 {
            one.push((s.x[0], s.x[1]));
        } else {
            zero.push((s.x[0], s.x[1]));
        }
    }
    let boundary = |theta: &[f64]| -> Vec<(f64, f64)> {
        // w₁x₁ + w₂x₂ + b = 0 ⇒ x₂ = −(b + w₁x₁)/w₂.
        vec![
            (range.0, -(theta[2] + theta[0] * range.0) / theta[1]),
            (range.1, -(theta[2] + theta[0] * range.1) / theta[1]),
        ]
    };
    points
        .line(&boundary(&sep.best.theta_mm), palette::INK)
        .width(2)
        .dashed();
    let steps = sep.trajectory.steps();
    let mut shown = vec![10, steps];
    shown.retain(|t| *t <= steps);
    for (k, &t) in shown.iter().enumerate() {
        let colour = if k + 1 == shown.len() {
            CROSS_ENTROPY
        } else {
            palette::GREY
        };
        points
            .line(&boundary(&sep.trajectory.points[t]), colour)
            .width(if k + 1 == shown.len() { 2 } else { 1 });
    }
    // The points at the margin, ringed: a dark disc, a white one, and the
    // point on top.
    let support: Vec<(f64, f64)> = sep
        .best
        .support()
        .iter()
        .map(|&i| (sep.data.samples[i].x[0], sep.data.samples[i].x[1]))
        .collect();
    points.points(&support, palette::INK).radius(7);
    points
        .points(&support, palette::tint(palette::GREY, 0.0))
        .radius(5);
    points.points(&zero, NEGATIVE).radius(3);
    points.points(&one, POSITIVE).radius(3);
    // Direct labels in the empty lower right, each just right of the lines
    // at its height: the lines nearly coincide there, so each label is in
    // its line's colour.
    let rightmost = |y: f64| {
        let mut lines = vec![sep.best.theta_mm.as_slice()];
        lines.extend(shown.iter().map(|&t| sep.trajectory.points[t].as_slice()));
        lines
            .iter()
            .map(|theta| -(theta[2] + theta[1] * y) / theta[0])
            .fold(f64::NEG_INFINITY, f64::max)
    };
    let mut labels = vec![(palette::INK, "max margin".to_string())];
    for (k, &t) in shown.iter().enumerate().rev() {
        let colour = if k + 1 == shown.len() {
            CROSS_ENTROPY
        } else {
            palette::GREY
        };
        labels.push((colour, format!("t = {}", step_count(t))));
    }
    for (k, (colour, text)) in labels.iter().enumerate() {
        let y = -0.3 - 0.6 * k as f64;
        // The lines run down to the right, and the text hangs a little
        // below its point: clear the lines at the text's lower edge.
        points.text((rightmost(y - 0.4) + 0.25, y), text, legible(*colour));
    }

    let ts: Vec<usize> = (0..=40)
        .map(|k| 10f64.powf(k as f64 / 10.0).round() as usize)
        .filter(|t| *t >= 1 && *t <= steps)
        .collect();
    let u2 = sep.best.norm().powi(2);
    let t_max = steps.max(10) as f64;
    let mut loss = Chart::new(
        Axis::log("step t", 1.0, t_max),
        Axis::log("loss L(θₜ)", u2 / (sep.eta * t_max) / 3.0, 1.0),
    )
    .panel_title("loss")
    .ticks(5, 5);
    let curve: Vec<(f64, f64)> = ts
        .iter()
        .map(|&t| (t as f64, sep.trajectory.losses[t]))
        .collect();
    loss.line(&curve, CROSS_ENTROPY);
    loss.line(
        &[
            (10.0, u2 / (sep.eta * 10.0)),
            (t_max, u2 / (sep.eta * t_max)),
        ],
        palette::INK,
    )
    .dashed();
    loss.text(
        (30.0, 1.2 * u2 / (sep.eta * t_max)),
        "‖θₘₘ‖²/(ηt)",
        palette::INK,
    );

    let top = norm(sep.trajectory.final_point()) * 1.15;
    let mut growth = Chart::new(
        Axis::log("step t", 1.0, t_max),
        Axis::linear("‖θₜ‖", 0.0, top),
    )
    .panel_title("size of θ")
    .ticks(5, 5);
    let sizes: Vec<(f64, f64)> = ts
        .iter()
        .map(|&t| (t as f64, norm(&sep.trajectory.points[t])))
        .collect();
    growth.line(&sizes, CROSS_ENTROPY);
    let end = *sizes.last().unwrap_or(&(1.0, 0.0));
    let slope = sep.best.norm();
    growth
        .line(
            &[(10.0, end.1 - slope * (end.0 / 10.0).ln()), (end.0, end.1)],
            palette::INK,
        )
        .dashed();
    growth.text((1.3, top * 0.92), "dashed: slope ‖θₘₘ‖", palette::INK);
    growth.text((1.3, top * 0.8), "per unit of ln t", palette::INK);
    let mut penalised = sep
        .penalised
        .points
        .iter()
        .enumerate()
        .filter(|(t, _)| ts.contains(t))
        .map(|(t, p)| (t as f64, norm(p)))
        .collect::<Vec<_>>();
    if let Some(last) = penalised.last().copied()
        && last.0 < end.0
    {
        penalised.push((end.0, last.1));
    }
    growth.line(&penalised, palette::GREEN);
    growth
        .text(
            (end.0 * 0.8, penalised.last().map_or(0.0, |p| p.1) * 0.45),
            &format!("L2, μ = {}", sep.mu),
            palette::GREEN,
        )
        .anchor(Anchor::Right);
    vec![points, loss, growth]
}

/// A step count as a label: `10⁴` for a power of ten from 100 on, the
/// digits otherwise.
fn step_count(t: usize) -> String {
    let exponent = (t as f64).log10().round() as i32;
    if t >= 100 && 10usize.pow(exponent as u32) == t {
        harness::format::power_of_ten(exponent)
    } else {
        t.to_string()
    }
}

/// The book's separable-data figure.
pub fn separable_figure(sep: &Separable, stem: &str) -> Figure {
    Figure::panels(&format!("{stem}.svg"), &separable_charts(sep), 3, 720, 300)
}

/// A reader's penguin figures.
pub fn penguin_figures(fit: &Fit, stem: &str) -> Vec<Figure> {
    if fit.trajectory.outcome.diverged() {
        return vec![loss_by_step(&fit.trajectory.losses, stem, true)];
    }
    vec![
        penguin_boundary(fit, None, &format!("{stem}-boundary")),
        reliability(fit, &format!("{stem}-reliability")),
        loss_by_step(&fit.trajectory.losses, stem, false),
    ]
}

/// The colour of each species in the three-species figure: Adélie and
/// Chinstrap as in the two-species figures, Gentoo green.
pub const SPECIES: [Colour; 3] = [NEGATIVE, POSITIVE, palette::GREEN];

/// A reader's three-species fit: the penguins in millimetres over the
/// regions where the softmax names each species.
pub fn species_figure(three: &ThreeSpecies, stem: &str) -> Figure {
    let (bill, flipper) = ((30.0, 62.0), (170.0, 235.0));
    let mut chart = Chart::new(
        Axis::linear("bill length (mm)", bill.0, bill.1),
        Axis::linear("flipper length (mm)", flipper.0, flipper.1),
    );
    let cells = (64, 65);
    let (dx, dy) = (
        (bill.1 - bill.0) / cells.0 as f64,
        (flipper.1 - flipper.0) / cells.1 as f64,
    );
    for i in 0..cells.0 {
        for j in 0..cells.1 {
            let (x, y) = (bill.0 + i as f64 * dx, flipper.0 + j as f64 * dy);
            let k = three.predict_mm(x + dx / 2.0, y + dy / 2.0);
            // A little overlap, so that no seam shows between the cells.
            chart.rectangle(
                (x, y),
                (x + 1.05 * dx, y + 1.05 * dy),
                palette::tint(SPECIES[k], 0.2),
            );
        }
    }
    for (k, colour) in SPECIES.iter().enumerate() {
        let points: Vec<(f64, f64)> = three
            .raw
            .samples
            .iter()
            .filter(|s| s.y as usize == k)
            .map(|s| (s.x[0], s.x[1]))
            .collect();
        chart.points(&points, *colour).radius(3);
    }
    chart.text((31.0, 173.0), "Adélie", legible_class(SPECIES[0]));
    chart
        .text((61.0, 173.0), "Chinstrap", legible_class(SPECIES[1]))
        .anchor(Anchor::Right);
    chart.text((31.0, 230.0), "Gentoo", legible_class(SPECIES[2]));
    Figure::new(&format!("{stem}.svg"), &chart)
}

/// A reader's separable figures.
pub fn separable_figures(sep: &Separable, stem: &str) -> Vec<Figure> {
    if sep.trajectory.outcome.diverged() {
        return vec![loss_by_step(&sep.trajectory.losses, stem, true)];
    }
    vec![separable_figure(sep, stem)]
}

/// The loss of a run step by step; a diverged run says so.
pub fn loss_by_step(losses: &[f64], stem: &str, diverged: bool) -> Figure {
    let steps = (losses.len() - 1).max(1) as f64;
    let top = losses.iter().copied().fold(1e-12, f64::max);
    let bottom = losses
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min)
        .max(top * 1e-12);
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, steps),
        Axis::log("loss L(θₜ)", bottom, top),
    );
    let curve: Vec<(f64, f64)> = losses
        .iter()
        .enumerate()
        .map(|(t, l)| (t as f64, l.max(bottom)))
        .collect();
    chart.line(&curve, CROSS_ENTROPY);
    if diverged {
        chart
            .text((steps, top), "diverged: stopped here", palette::VERMILLION)
            .anchor(Anchor::Right);
    }
    Figure::new(&format!("{stem}-loss.svg"), &chart)
}
