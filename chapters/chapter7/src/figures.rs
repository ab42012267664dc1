//! The chapter's figures.
//!
//! One colour per meaning throughout: the deep well and the walks that end
//! there are blue, the shallow well green, a walk not settled orange, a
//! walk that ran away vermillion, a walk stuck at a point that is no
//! minimum (a hilltop, a saddle, a plateau) reddish purple, other walks sky
//! blue; formulas are dashed ink, contour lines grey, and regions that only
//! need telling apart (Himmelblau's basins) light grey tints.

use descent::landscape::{CriticalKind, DoubleWell, Saddle};
use descent::{Objective, Trajectory};
use harness::format::power_of_ten;
use harness::plot::{Anchor, Axis, Chart, Colour, Figure, Grid, contour_lines, palette, sample};

use crate::basins::{BasinMap, Destination};
use crate::himmelblau::{self, CriticalPoint};
use crate::noise::{self, Scale};
use crate::{DRAWN_OFFSETS, JUMP_START, LARGE_ETA, Report, SMALL_ETA, plateau, saddle};

/// The colour of each destination.
pub fn colour(destination: Destination) -> Colour {
    match destination {
        Destination::Deep => palette::BLUE,
        Destination::Shallow => palette::GREEN,
        Destination::Unsettled => palette::ORANGE,
        Destination::Diverged => palette::VERMILLION,
        Destination::Top => palette::PURPLE,
    }
}

/// The double well over `[low, high]` with one walk drawn on it.
pub fn well_chart(walk: &Trajectory, title: &str, colour: Colour, range: (f64, f64)) -> Chart {
    let f = DoubleWell;
    let mut chart = Chart::new(
        Axis::linear("θ", range.0, range.1),
        Axis::linear("f(θ)", -3.5, 6.0),
    )
    .panel_title(title);
    chart
        .line(&sample(|t| f.at(t), range.0, range.1, 241), palette::GREY)
        .width(2);
    let points: Vec<(f64, f64)> = walk
        .points
        .iter()
        .take(40)
        .map(|p| (p[0], f.at(p[0])))
        .collect();
    chart.path(&points, colour).width(2);
    chart
        .text((-1.0, -1.2), "shallow", palette::GREEN)
        .anchor(Anchor::Centre);
    chart
        .text((2.0, -3.1), "deep", palette::BLUE)
        .anchor(Anchor::Centre);
    chart
}

/// Two walks from the same start: a small rate settles in the deep well
/// below it, a large one jumps the hill into the shallow well.
pub fn jump_figure(report: &Report) -> Figure {
    let range = (-2.0, 3.5);
    let charts = [
        well_chart(
            &report.small_walk,
            &format!("η = {SMALL_ETA}: stays on its side"),
            palette::BLUE,
            range,
        ),
        well_chart(
            &report.large_walk,
            &format!("η = {LARGE_ETA}: jumps the hill"),
            palette::GREEN,
            range,
        ),
    ];
    let _ = JUMP_START;
    Figure::panels("double-well.svg", &charts, 2, 720, 360)
}

/// The fill of a destination on the basin map: the destination's colour,
/// lightened only so far that each hue still reads as itself (orange as
/// orange, vermillion as red-orange) and the labels on it stay legible.
pub fn basin_fill(destination: Destination) -> Colour {
    palette::tint(colour(destination), 0.75)
}

/// The basin map: where the walk from each start (across) with each rate
/// (up) ends.
pub fn basin_chart(map: &BasinMap) -> Chart {
    let (x0, x1) = map.grid.start;
    let (y0, y1) = map.grid.eta;
    let mut chart = Chart::new(
        Axis::linear("start θ₀", x0, x1),
        Axis::linear("learning rate η", y0, y1),
    )
    .size(720, 460)
    .narrow_size(400);
    let dx = (x1 - x0) / map.starts.len() as f64;
    let dy = (y1 - y0) / map.etas.len() as f64;
    for (j, row) in map.cells.iter().enumerate() {
        let bottom = y0 + j as f64 * dy;
        let mut i = 0;
        while i < row.len() {
            let mut k = i;
            while k + 1 < row.len() && row[k + 1] == row[i] {
                k += 1;
            }
            // Each cell reaches half a cell into its neighbours above and to
            // the right, which are drawn over it: no hairline of background
            // shows between cells whose edges fall between pixels.
            chart.rectangle(
                (x0 + i as f64 * dx, bottom),
                (x0 + (k as f64 + 1.5) * dx, bottom + 1.5 * dy),
                basin_fill(row[i]),
            );
            i = k + 1;
        }
    }
    chart.horizontal_line(2.0 / 6.0, palette::INK).width(2);
    chart.horizontal_line(2.0 / 3.0, palette::INK).width(2);
    chart
        .text((3.45, 2.0 / 6.0 + 0.015), "η = 2/f″(2) = 1/3", palette::INK)
        .anchor(Anchor::Right)
        .narrow_at((3.45, 2.0 / 6.0 + 0.03));
    chart
        .text(
            (3.45, 2.0 / 3.0 + 0.015),
            "η = 2/f″(−1) = 2/3",
            palette::INK,
        )
        .anchor(Anchor::Right)
        .narrow_at((3.45, 2.0 / 3.0 + 0.03));
    chart
        .text((1.5, 0.08), "deep well", palette::INK)
        .anchor(Anchor::Centre);
    chart
        .text((-1.2, 0.08), "shallow well", palette::INK)
        .anchor(Anchor::Centre);
    chart
        .text((1.0, 0.5), "not settled", palette::INK)
        .anchor(Anchor::Centre);
    chart
        .text((-2.4, 0.62), "diverged", palette::INK)
        .anchor(Anchor::Left)
        // On a phone the word is wider than the left strip of diverged
        // starts: it goes in the band above η = 2/3, where most walks diverge.
        .narrow_at((-2.45, 0.69));
    chart
}

/// The book's basin map.
pub fn basin_figure(report: &Report) -> Figure {
    Figure::new("basins.svg", &basin_chart(&report.map))
}

/// The starts' `θ₂` of the walks on the saddle's map: offsets `R₀` either
/// side of the crest.
pub const MAP_OFFSETS: [f64; 8] = [0.6, 0.3, 0.1, 0.02, -0.02, -0.1, -0.3, -0.6];

/// The saddle as a map: contour lines and walks from `(1, ±R₀)`.
pub fn saddle_map() -> Chart {
    let mut chart = Chart::new(Axis::linear("θ₁", -0.3, 1.2), Axis::linear("θ₂", -1.2, 1.2))
        .panel_title("walks from (1, ±R₀)");
    let grid = Grid {
        x: (-0.3, 1.2),
        y: (-1.2, 1.2),
        cells: (60, 80),
    };
    let levels = [-1.0, -0.6, -0.3, -0.1, 0.1, 0.3, 0.6, 1.0];
    for contour in contour_lines(|a, b| Saddle.value(&[a, b]), &grid, &levels) {
        for line in &contour.lines {
            chart.line(line, palette::GREY).width(1);
        }
    }
    for theta2 in MAP_OFFSETS {
        let run = saddle::walk(theta2, saddle::ETA, 30);
        let points: Vec<(f64, f64)> = run.points.iter().map(|p| (p[0], p[1])).collect();
        chart.path(&points, palette::SKY).radius(2);
    }
    let captured = saddle::walk(0.0, saddle::ETA, 30);
    let points: Vec<(f64, f64)> = captured.points.iter().map(|p| (p[0], p[1])).collect();
    chart.path(&points, palette::PURPLE).radius(2);
    chart.points(&[(0.0, 0.0)], palette::PURPLE).radius(5);
    chart
        .text((1.05, 0.0), "R₀ = 0", palette::PURPLE)
        .anchor(Anchor::Left)
        .wide_only();
    chart
        .text((-0.04, 0.12), "saddle", palette::PURPLE)
        .anchor(Anchor::Right);
    chart
}

/// The loss along the walks from `(1, R₀)` for tiny offsets: the longer the
/// walk stays near the saddle, the longer its loss stays flat.
pub fn saddle_losses(report: &Report) -> Chart {
    let steps = 220.0;
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, steps),
        Axis::linear("loss f(θₜ)", -1.5, 1.0),
    )
    .panel_title("the loss along the walk");
    let (walks, captured) = report.saddle_walks.split_at(DRAWN_OFFSETS.len());
    for (k, (walk, &r0)) in walks.iter().zip(&DRAWN_OFFSETS).enumerate() {
        let points: Vec<(f64, f64)> = walk
            .losses
            .iter()
            .enumerate()
            .map(|(t, &l)| (t as f64, l))
            .collect();
        chart.line(&points, palette::SKY);
        let escape = saddle::escape_time(r0, saddle::ETA, 1.0);
        let exponent = power_of_ten(r0.log10().round() as i32);
        let label = if k == 0 {
            format!("R₀ = {exponent}")
        } else {
            exponent
        };
        chart
            .text((escape + 4.0, -0.3 - 0.3 * k as f64), &label, palette::SKY)
            .anchor(Anchor::Left);
    }
    let points: Vec<(f64, f64)> = captured[0]
        .losses
        .iter()
        .enumerate()
        .map(|(t, &l)| (t as f64, l))
        .collect();
    chart.line(&points, palette::PURPLE);
    chart
        .text((steps - 4.0, 0.15), "R₀ = 0", palette::PURPLE)
        .anchor(Anchor::Right);
    chart
}

/// The saddle: its map and the loss of nearly captured walks.
pub fn saddle_figure(report: &Report) -> Figure {
    Figure::panels(
        "saddle.svg",
        &[saddle_map(), saddle_losses(report)],
        2,
        720,
        380,
    )
}

/// Measured escape times against the formula, over every offset.
pub fn escape_chart(escapes: &[saddle::Escape]) -> Chart {
    let mut chart = Chart::new(
        Axis::log("offset R₀ from the crest", 1e-15, 0.1),
        Axis::linear("escape step", 0.0, 200.0),
    );
    let formula = |r0: f64| saddle::escape_time(r0, saddle::ETA, saddle::RADIUS);
    let mut curve = Vec::new();
    for k in 0..=140 {
        let r0 = 10f64.powf(-15.0 + k as f64 / 10.0);
        curve.push((r0, formula(r0)));
    }
    chart.line(&curve, palette::INK).dashed().width(2);
    let points: Vec<(f64, f64)> = escapes.iter().map(|e| (e.r0, e.measured as f64)).collect();
    chart.points(&points, palette::SKY).radius(3);
    chart
        .text((1e-12, 170.0), "ln(R/R₀) / ln(1 + 2η)", palette::INK)
        .anchor(Anchor::Left)
        .narrow_at((1e-12, 189.0));
    chart
        .text(
            (1e-12, 157.0),
            &format!("η = {}, R = {}", saddle::ETA, saddle::RADIUS),
            palette::INK,
        )
        .anchor(Anchor::Left)
        .narrow_at((1e-12, 174.0));
    chart
        .text((3e-6, 58.0), "measured", palette::SKY)
        .anchor(Anchor::Right)
        .narrow_at((1e-5, 50.0));
    chart
}

/// The book's escape-time figure.
pub fn escape_figure(report: &Report) -> Figure {
    Figure::new("escape-times.svg", &escape_chart(&report.escapes))
}

/// The crawl on the cubic, on log–log axes, and where the gradient rule
/// stops it.
pub fn crawl_chart(report: &Report) -> Chart {
    let walk = &report.on_plateau.stopped;
    let steps = walk.steps() as f64;
    let mut chart = Chart::new(Axis::log("step t", 1.0, 1e4), Axis::log("θₜ", 1e-4, 1.0))
        .panel_title("θₜ falls like 1/(3ηt)");
    let points: Vec<(f64, f64)> = walk
        .points
        .iter()
        .enumerate()
        .skip(1)
        .map(|(t, p)| (t as f64, p[0]))
        .collect();
    chart.line(&points, palette::SKY).width(3);
    let theory: Vec<(f64, f64)> = (0..=40)
        .map(|k| {
            let t = 10f64.powf(k as f64 / 10.0);
            (t, 1.0 / (3.0 * plateau::ETA * t))
        })
        .collect();
    chart.line(&theory, palette::INK).dashed();
    chart
        .text((25.0, 0.2), "1/(3ηt)", palette::INK)
        .anchor(Anchor::Left);
    let end = walk.final_point()[0];
    chart.points(&[(steps, end)], palette::PURPLE).radius(5);
    chart
        .text((steps / 1.6, end / 2.2), "rule stops", palette::PURPLE)
        .anchor(Anchor::Right);
    chart
}

/// The cubic near its flat point, with the second look from both sides.
pub fn second_look_chart(report: &Report) -> Chart {
    let end = report.on_plateau.stopped.final_point()[0];
    let scale = 1e-6;
    let mut chart = Chart::new(
        Axis::linear("θ", -0.03, 0.03),
        Axis::linear("f(θ) = θ³ (× 10⁻⁶)", -20.0, 20.0),
    )
    .panel_title("a second look");
    chart
        .line(
            &sample(|t| t * t * t / scale, -0.03, 0.03, 121),
            palette::GREY,
        )
        .width(2);
    let left = end - plateau::KICK;
    let right = end + plateau::KICK;
    let f = |t: f64| t * t * t / scale;
    chart.points(&[(end, f(end))], palette::PURPLE).radius(5);
    chart
        .points(&[(left, f(left))], palette::VERMILLION)
        .radius(5);
    chart.points(&[(right, f(right))], palette::SKY).radius(5);
    chart
        .text(
            (left - 0.001, -4.5),
            "kicked left: runs away",
            palette::VERMILLION,
        )
        .anchor(Anchor::Left);
    chart
        .text(
            (right + 0.001, 6.5),
            "kicked right: crawls back",
            palette::SKY,
        )
        .anchor(Anchor::Right);
    chart
        .text((end, 2.0), "stopped", palette::PURPLE)
        .anchor(Anchor::Centre);
    chart
}

/// The book's plateau figure.
pub fn plateau_figure(report: &Report) -> Figure {
    Figure::panels(
        "plateau.svg",
        &[crawl_chart(report), second_look_chart(report)],
        2,
        720,
        360,
    )
}

/// The light grey tint of each basin of Himmelblau's function: basins that
/// share a boundary (A and B, A and C, B and D, C and D) differ.
pub fn basin_tint(letter: char) -> Colour {
    match letter {
        'A' | 'D' => palette::tint(palette::GREY, 0.05),
        _ => palette::tint(palette::GREY, 0.42),
    }
}

/// Himmelblau's landscape: its basins in two grey tints, contour lines,
/// every critical point, and the walks from a grid of starts.
pub fn himmelblau_chart(
    critical: &[CriticalPoint],
    basins: &[Vec<Option<char>>],
    walks: &[Trajectory],
) -> Chart {
    let f = descent::landscape::Himmelblau;
    let mut chart = Chart::new(Axis::linear("θ₁", -5.0, 5.0), Axis::linear("θ₂", -5.0, 5.0))
        .size(640, 600)
        .narrow_size(380);
    let cells = basins.len();
    let width = 10.0 / cells as f64;
    for (j, row) in basins.iter().enumerate() {
        let bottom = -5.0 + j as f64 * width;
        let mut i = 0;
        while i < row.len() {
            let mut k = i;
            while k + 1 < row.len() && row[k + 1] == row[i] {
                k += 1;
            }
            if let Some(letter) = row[i] {
                // Half a cell into the neighbours above and to the right,
                // which are drawn over it: no hairline gaps between cells.
                let top = (bottom + 1.5 * width).min(5.0);
                let right = (-5.0 + (k as f64 + 1.5) * width).min(5.0);
                chart.rectangle(
                    (-5.0 + i as f64 * width, bottom),
                    (right, top),
                    basin_tint(letter),
                );
            }
            i = k + 1;
        }
    }
    let grid = Grid {
        x: (-5.0, 5.0),
        y: (-5.0, 5.0),
        cells: (100, 100),
    };
    let levels = [2.0, 10.0, 30.0, 70.0, 120.0, 180.0, 250.0, 400.0];
    for contour in contour_lines(|a, b| f.value(&[a, b]), &grid, &levels) {
        for line in &contour.lines {
            chart.line(line, palette::GREY).width(1);
        }
    }
    for walk in walks {
        let points: Vec<(f64, f64)> = walk.points.iter().map(|p| (p[0], p[1])).collect();
        chart.line(&points, palette::SKY).width(1);
        chart.points(&points[..1], palette::SKY).radius(2);
    }
    for c in critical {
        let (colour, radius) = match c.kind {
            CriticalKind::Minimum => (palette::INK, 6),
            _ => (palette::PURPLE, 6),
        };
        chart.points(&[(c.at[0], c.at[1])], colour).radius(radius);
    }
    for c in critical {
        let (x, y) = (c.at[0], c.at[1]);
        let (label, colour) = match c.kind {
            CriticalKind::Minimum => (himmelblau::letter(c.at).to_string(), palette::INK),
            CriticalKind::Maximum => ("hilltop".to_string(), palette::PURPLE),
            _ => ("saddle".to_string(), palette::PURPLE),
        };
        // Labels to the right of their points, each on a white box so that
        // the walks under it do not run through its letters; on a phone the
        // saddle near the right edge has its label to its left, inside the
        // frame. The boxes are sized for the text: about 9 px a letter and
        // 20 px high, at 54 px a unit wide and 26 px a unit on a phone.
        let letters = label.chars().count() as f64;
        let left = x > 3.0 && c.kind != CriticalKind::Minimum;
        let (wide_w, narrow_w) = (7.8 * letters / 54.0 + 0.06, 8.6 * letters / 26.0 + 0.12);
        let (wide_h, narrow_h) = (0.2, 0.36);
        chart
            .rectangle(
                (x + 0.2, y + 0.3 - wide_h),
                (x + 0.2 + wide_w, y + 0.3 + wide_h),
                palette::tint(palette::GREY, 0.0),
            )
            .wide_only();
        let narrow_box = if left {
            (
                (x - 0.2 - narrow_w, y + 0.3 - narrow_h),
                (x - 0.2, y + 0.3 + narrow_h),
            )
        } else {
            (
                (x + 0.2, y + 0.3 - narrow_h),
                (x + 0.2 + narrow_w, y + 0.3 + narrow_h),
            )
        };
        chart
            .rectangle(
                narrow_box.0,
                narrow_box.1,
                palette::tint(palette::GREY, 0.0),
            )
            .narrow_only();
        let mark = chart
            .text((x + 0.25, y + 0.3), &label, colour)
            .anchor(Anchor::Left);
        if left {
            mark.narrow_at((x - 0.25, y + 0.3))
                .narrow_anchor(Anchor::Right);
        }
    }
    chart
}

/// The book's Himmelblau figure.
pub fn himmelblau_figure(report: &Report) -> Figure {
    Figure::new(
        "himmelblau.svg",
        &himmelblau_chart(
            &report.critical,
            &report.himmelblau_basins,
            &report.himmelblau_walks,
        ),
    )
}

/// The noise levels `σ_g` of the drawn walks, and their colours.
pub const DRAWN_SCALES: [(f64, Colour); 3] = [
    (1.0, palette::GREEN),
    (3.0, palette::BLUE),
    (5.0, palette::ORANGE),
];

/// Three noisy walks from the shallow minimum, one per noise level, with
/// the wells and the hilltop labelled in a margin to the right of the walks.
pub fn noisy_walks_chart() -> Chart {
    let steps = noise::STEPS as f64;
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, 1.25 * steps),
        Axis::linear("θₜ", -2.5, 4.0),
    );
    chart.horizontal_line(-1.0, palette::GREEN);
    chart.horizontal_line(0.0, palette::PURPLE);
    chart.horizontal_line(2.0, palette::BLUE);
    let margin = steps + 4.0;
    chart
        .text((margin, 2.25), "deep", palette::BLUE)
        .anchor(Anchor::Left);
    chart
        .text((margin, 0.25), "hilltop", palette::PURPLE)
        .anchor(Anchor::Left);
    chart
        .text((margin, -0.75), "shallow", palette::GREEN)
        .anchor(Anchor::Left);
    for (k, (sigma, colour)) in DRAWN_SCALES.iter().enumerate() {
        let path = crate::noisy_path(
            *sigma,
            noise::STEPS,
            noise::walk_seed(noise::SEED, 100 + k, 0),
        );
        let points: Vec<(f64, f64)> = path
            .iter()
            .enumerate()
            .map(|(t, &theta)| (t as f64, theta))
            .collect();
        chart
            .line(&points, *colour)
            .width(if k == 0 { 2 } else { 1 });
    }
    chart
        .text((3.0, -2.2), "σ_g = 1", palette::GREEN)
        .anchor(Anchor::Left);
    chart
        .text((22.0, 2.6), "σ_g = 3", palette::BLUE)
        .anchor(Anchor::Right)
        .narrow_at((3.0, 2.6))
        .narrow_anchor(Anchor::Left);
    chart
        .text((103.0, 3.5), "σ_g = 5", palette::ORANGE)
        .anchor(Anchor::Left)
        .narrow_at((58.0, 3.5));
    chart
}

/// The book's noisy walks.
pub fn noisy_walks_figure() -> Figure {
    with_subscripts(Figure::new("noisy-walks.svg", &noisy_walks_chart()))
}

/// `figure` with every `σ_g` in its text drawn as σ with a lowered `g`, a
/// true subscript (the house style writes text as plain SVG text, in which
/// `_` would show as an underscore). The `g` keeps the text's size, so the
/// smallest text of the figure is unchanged.
pub fn with_subscripts(mut figure: Figure) -> Figure {
    fn lower(svg: &str) -> String {
        let mut out = String::with_capacity(svg.len() + 256);
        for line in svg.split_inclusive('\n') {
            match line.split_once("σ_g") {
                Some((before, after)) if !line.starts_with('<') => {
                    let rest = after.trim_end_matches('\n');
                    out.push_str(before);
                    out.push_str("σ<tspan dy=\"0.3em\">g</tspan>");
                    if !rest.is_empty() {
                        // A space that opens a tspan may be dropped by a
                        // renderer: keep it as a no-break space.
                        out.push_str("<tspan dy=\"-0.3em\">");
                        if let Some(tail) = rest.strip_prefix(' ') {
                            out.push('\u{a0}');
                            out.push_str(tail);
                        } else {
                            out.push_str(rest);
                        }
                        out.push_str("</tspan>");
                    }
                    out.push_str(&after[rest.len()..]);
                }
                _ => out.push_str(line),
            }
        }
        out
    }
    figure.svg = lower(&figure.svg);
    figure.narrow = lower(&figure.narrow);
    figure
}

/// The escape probability against the noise level, with 95% intervals.
pub fn escape_probability_chart(scales: &[Scale]) -> Chart {
    let mut chart = Chart::new(
        Axis::linear("noise σ_g", 0.0, 5.5),
        Axis::linear("P(escape within T steps)", 0.0, 1.0),
    )
    .panel_title("more noise escapes more");
    for scale in scales {
        let (low, high) = scale.interval();
        chart
            .line(&[(scale.sigma, low), (scale.sigma, high)], palette::INK)
            .width(2);
    }
    // Measured points only: a line joining them would read as a model.
    let points: Vec<(f64, f64)> = scales.iter().map(|s| (s.sigma, s.probability())).collect();
    chart.points(&points, palette::INK).radius(4);
    let kramers = sample(
        |sigma| noise::kramers(noise::ETA, sigma, noise::STEPS),
        0.5,
        5.5,
        101,
    );
    chart.line(&kramers, palette::INK).dashed().width(2);
    chart
        .text((1.97, 0.4), "Kramers' estimate", palette::INK)
        .anchor(Anchor::Left);
    chart
}

/// The mean final loss above the deep minimum against the noise level.
pub fn settling_chart(scales: &[Scale]) -> Chart {
    let mut chart = Chart::new(
        Axis::linear("noise σ_g", 0.0, 5.5),
        Axis::linear("mean final loss above f(2)", 0.0, 2.5),
    )
    .panel_title("… but settles less");
    for scale in scales {
        let half = 1.96 * scale.excess_error;
        chart
            .line(
                &[
                    (scale.sigma, scale.excess - half),
                    (scale.sigma, scale.excess + half),
                ],
                palette::INK,
            )
            .width(2);
    }
    let points: Vec<(f64, f64)> = scales.iter().map(|s| (s.sigma, s.excess)).collect();
    chart.points(&points, palette::INK).radius(4);
    chart.horizontal_line(DoubleWell.at(-1.0) - DoubleWell.at(2.0), palette::GREEN);
    chart
        .text((5.4, 2.38), "stuck in the shallow well", palette::GREEN)
        .anchor(Anchor::Right);
    chart
}

/// The book's trade-off figure.
pub fn tradeoff_figure(report: &Report) -> Figure {
    with_subscripts(Figure::panels(
        "noise-tradeoff.svg",
        &[
            escape_probability_chart(&report.noise),
            settling_chart(&report.noise),
        ],
        2,
        720,
        380,
    ))
}

/// Every figure of the chapter, in the order the text shows them.
pub fn figures(report: &Report) -> Vec<Figure> {
    vec![
        jump_figure(report),
        basin_figure(report),
        saddle_figure(report),
        escape_figure(report),
        plateau_figure(report),
        himmelblau_figure(report),
        noisy_walks_figure(),
        tradeoff_figure(report),
    ]
}
