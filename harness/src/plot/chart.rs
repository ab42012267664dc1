//! Charts: axes and marks, drawn in the house style through plotters' SVG
//! backend.
//!
//! A figure is a [`Chart`]: two [`Axis`] and a list of marks (lines, points,
//! paths of steps, text, shaded bands) added one call at a time. Rendering
//! goes through plotters' SVG backend, which needs no font file: text is
//! written as SVG `<text>` and laid out by the browser. The output depends
//! only on the inputs, so a regenerated figure equals its committed file byte
//! for byte ([`super::check_figures`] is the test of that).

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::clip::{clip_polyline, inside};
use super::style::{
    AXIS_TITLE_SIZE, Colour, FONT, HEIGHT, NARROW_WIDTH, TEXT_SIZE, TICK_SIZE, WIDTH, palette, px,
};
use crate::format::power_of_ten;

/// How an axis maps numbers to positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// Equal distances for equal differences.
    Linear,
    /// Equal distances for equal ratios, with ticks at powers of ten.
    Log10,
}

/// One axis of a chart: its title (with units or symbols), range and scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The axis title, e.g. `"step t"` or `"loss f(xₜ)"`.
    pub label: String,
    /// The smallest value shown.
    pub min: f64,
    /// The largest value shown.
    pub max: f64,
    /// Linear or logarithmic.
    pub scale: Scale,
}

impl Axis {
    /// A linear axis from `min` to `max`.
    pub fn linear(label: &str, min: f64, max: f64) -> Self {
        assert!(
            min < max,
            "axis {label:?}: min {min} must be below max {max}"
        );
        Axis {
            label: label.to_string(),
            min,
            max,
            scale: Scale::Linear,
        }
    }

    /// A base-10 logarithmic axis, widened to whole decades around `min..max`.
    pub fn log(label: &str, min: f64, max: f64) -> Self {
        assert!(
            0.0 < min && min < max,
            "log axis {label:?}: need 0 < min < max, got {min}..{max}"
        );
        Axis {
            label: label.to_string(),
            min: 10f64.powf(min.log10().floor()),
            max: 10f64.powf(max.log10().ceil()),
            scale: Scale::Log10,
        }
    }

    /// Where `v` sits on the drawing's internal (linear) coordinate.
    fn to_coordinate(&self, v: f64) -> f64 {
        match self.scale {
            Scale::Linear => v,
            Scale::Log10 => v.log10(),
        }
    }

    fn coordinate_range(&self) -> (f64, f64) {
        (self.to_coordinate(self.min), self.to_coordinate(self.max))
    }

    /// The text of the tick at internal coordinate `c`.
    fn tick_label(&self, c: f64) -> String {
        match self.scale {
            Scale::Linear => format_tick(c, self.max - self.min),
            Scale::Log10 => {
                let exponent = c.round();
                if (c - exponent).abs() > 1e-9 {
                    String::new()
                } else {
                    power_of_ten(exponent as i32)
                }
            }
        }
    }
}

/// A tick value with as many decimals as the axis span calls for, a true
/// minus sign, and no trailing zeros.
fn format_tick(v: f64, span: f64) -> String {
    if v.abs() < span * 1e-9 {
        return "0".to_string();
    }
    let decimals = (-(span / 10.0).log10()).ceil().clamp(0.0, 8.0) as usize;
    let mut text = format!("{v:.decimals$}");
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    text.replace('-', "−")
}

/// How a line is stroked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stroke {
    /// A continuous line.
    Solid,
    /// Long dashes, for reference curves and tangents.
    Dashed,
}

/// Where a text mark sits relative to its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The text starts at the point (it extends to the right).
    Left,
    /// The text is centred on the point.
    Centre,
    /// The text ends at the point.
    Right,
}

#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Line,
    Points,
    Path,
    Text(String),
    Band,
    Rectangle,
}

/// One thing drawn on a chart. Made by [`Chart`]'s methods and styled in place
/// by the methods here, e.g. `chart.line(&curve, palette::BLUE).label("f(x)")`.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    kind: Kind,
    points: Vec<(f64, f64)>,
    colour: Colour,
    stroke: Stroke,
    width: u32,
    radius: u32,
    label: Option<String>,
    anchor: Anchor,
    narrow_at: Option<(f64, f64)>,
    narrow_anchor: Option<Anchor>,
    wide_only: bool,
    narrow_only: bool,
}

impl Mark {
    /// Name this mark in the legend.
    pub fn label(&mut self, label: &str) -> &mut Self {
        self.label = Some(label.to_string());
        self
    }

    /// Draw this line dashed.
    pub fn dashed(&mut self) -> &mut Self {
        self.stroke = Stroke::Dashed;
        self
    }

    /// Set the line width in pixels.
    pub fn width(&mut self, width: u32) -> &mut Self {
        self.width = width;
        self
    }

    /// Set the radius of point markers in pixels.
    pub fn radius(&mut self, radius: u32) -> &mut Self {
        self.radius = radius;
        self
    }

    /// Set where a text mark sits relative to its point.
    pub fn anchor(&mut self, anchor: Anchor) -> &mut Self {
        self.anchor = anchor;
        self
    }

    /// In the narrow rendering (for phones), put this text mark at `at`
    /// instead: the same text takes twice the share of a narrow chart.
    pub fn narrow_at(&mut self, at: (f64, f64)) -> &mut Self {
        self.narrow_at = Some(at);
        self
    }

    /// In the narrow rendering, anchor this text mark this way instead.
    pub fn narrow_anchor(&mut self, anchor: Anchor) -> &mut Self {
        self.narrow_anchor = Some(anchor);
        self
    }

    /// Leave this mark out of the narrow rendering.
    pub fn wide_only(&mut self) -> &mut Self {
        self.wide_only = true;
        self
    }

    /// Draw this mark only in the narrow rendering: with
    /// [`Mark::wide_only`] on another, a shorter label for phones.
    pub fn narrow_only(&mut self) -> &mut Self {
        self.narrow_only = true;
        self
    }
}

/// Where the legend box goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendCorner {
    /// Top right of the plotting area.
    UpperRight,
    /// Top left.
    UpperLeft,
    /// Bottom right.
    LowerRight,
    /// Bottom left.
    LowerLeft,
}

/// A chart in the house style: axes, marks and an optional legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    x: Axis,
    y: Axis,
    width: u32,
    height: u32,
    marks: Vec<Mark>,
    legend: LegendCorner,
    panel_title: Option<String>,
    narrow_height: Option<u32>,
    ticks: Option<(usize, usize)>,
}

impl Chart {
    /// An empty chart of the default size.
    pub fn new(x: Axis, y: Axis) -> Self {
        Chart {
            x,
            y,
            width: WIDTH,
            height: HEIGHT,
            marks: Vec::new(),
            legend: LegendCorner::UpperRight,
            panel_title: None,
            narrow_height: None,
            ticks: None,
        }
    }

    /// At most `x` and `y` tick labels on the axes (by default 9 and 8
    /// wide, 5 and 6 narrow), for a small panel whose labels would crowd.
    /// The narrow rendering never takes more than its defaults.
    pub fn ticks(mut self, x: usize, y: usize) -> Self {
        self.ticks = Some((x, y));
        self
    }

    /// Change the size in pixels (the default fits the book's column).
    pub fn size(mut self, width: u32, height: u32) -> Self {
        self.width = width;
        self.height = height;
        self
    }

    /// Change the height of the narrow rendering (for phones), which is
    /// [`NARROW_WIDTH`] wide and by default three quarters as tall as the
    /// wide one, but at least 240 pixels.
    pub fn narrow_size(mut self, height: u32) -> Self {
        self.narrow_height = Some(height);
        self
    }

    /// The height of the narrow rendering.
    pub fn narrow_height(&self) -> u32 {
        self.narrow_height.unwrap_or((self.height * 3 / 4).max(240))
    }

    /// Put the legend in another corner.
    pub fn legend(mut self, corner: LegendCorner) -> Self {
        self.legend = corner;
        self
    }

    /// A short label above the plot, for one panel of a multi-panel figure
    /// (a whole figure's title belongs in the book's caption instead).
    pub fn panel_title(mut self, title: &str) -> Self {
        self.panel_title = Some(title.to_string());
        self
    }

    fn add(&mut self, kind: Kind, points: &[(f64, f64)], colour: Colour) -> &mut Mark {
        self.marks.push(Mark {
            kind,
            points: points.to_vec(),
            colour,
            stroke: Stroke::Solid,
            width: 2,
            radius: 3,
            label: None,
            anchor: Anchor::Left,
            narrow_at: None,
            narrow_anchor: None,
            wide_only: false,
            narrow_only: false,
        });
        let last = self.marks.len() - 1;
        &mut self.marks[last]
    }

    /// A polyline through `points`, clipped to the axes.
    pub fn line(&mut self, points: &[(f64, f64)], colour: Colour) -> &mut Mark {
        self.add(Kind::Line, points, colour)
    }

    /// Filled circular markers; points outside the axes are left out.
    pub fn points(&mut self, points: &[(f64, f64)], colour: Colour) -> &mut Mark {
        self.add(Kind::Points, points, colour)
    }

    /// A walk: thin segments joining markers, for the steps of a descent run.
    /// The starting point gets a larger, hollow marker.
    pub fn path(&mut self, points: &[(f64, f64)], colour: Colour) -> &mut Mark {
        let mark = self.add(Kind::Path, points, colour);
        mark.width = 1;
        mark
    }

    /// Text at a point in data coordinates, e.g. a direct label on a curve.
    pub fn text(&mut self, at: (f64, f64), text: &str, colour: Colour) -> &mut Mark {
        self.add(Kind::Text(text.to_string()), &[at], colour)
    }

    /// A shaded vertical band from `x0` to `x1`, over the full height.
    pub fn band(&mut self, x0: f64, x1: f64, colour: Colour) -> &mut Mark {
        self.add(Kind::Band, &[(x0, 0.0), (x1, 0.0)], colour)
    }

    /// A filled rectangle with opposite corners `from` and `to` in data
    /// coordinates, clipped to the axes: one cell of a map, such as a map of
    /// which minimum each start reaches.
    pub fn rectangle(&mut self, from: (f64, f64), to: (f64, f64), colour: Colour) -> &mut Mark {
        self.add(Kind::Rectangle, &[from, to], colour)
    }

    /// A dashed horizontal reference line at height `y`.
    pub fn horizontal_line(&mut self, y: f64, colour: Colour) -> &mut Mark {
        let points = [(self.x.min, y), (self.x.max, y)];
        let mark = self.line(&points, colour);
        mark.width = 1;
        mark.dashed()
    }

    /// A dashed vertical reference line at `x`.
    pub fn vertical_line(&mut self, x: f64, colour: Colour) -> &mut Mark {
        let points = [(x, self.y.min), (x, self.y.max)];
        let mark = self.line(&points, colour);
        mark.width = 1;
        mark.dashed()
    }

    /// Render to an SVG document, at the chart's size.
    pub fn to_svg(&self) -> String {
        self.render(self.width, self.height, false)
    }

    /// Render the narrow version, for phones: [`NARROW_WIDTH`] wide, with the
    /// same text sizes, fewer ticks, and text marks moved or left out as the
    /// marks say.
    pub fn to_narrow_svg(&self) -> String {
        self.render(NARROW_WIDTH, self.narrow_height(), true)
    }

    fn render(&self, width: u32, height: u32, narrow: bool) -> String {
        let mut svg = String::new();
        {
            let root =
                SVGBackend::with_string(&mut svg, (px(width), px(height))).into_drawing_area();
            root.fill(&WHITE).expect(IN_MEMORY);
            self.draw_on(&root, narrow);
            root.present().expect(IN_MEMORY);
        }
        set_display_size(svg, width, height)
    }

    /// Map a data point to the chart's internal coordinates.
    fn to_coordinates(&self, (x, y): (f64, f64)) -> (f64, f64) {
        (self.x.to_coordinate(x), self.y.to_coordinate(y))
    }

    fn draw_on(&self, area: &DrawingArea<SVGBackend, Shift>, narrow: bool) {
        let (x0, x1) = self.x.coordinate_range();
        let (y0, y1) = self.y.coordinate_range();
        let mut builder = ChartBuilder::on(area);
        builder
            .margin_top(px(14))
            .margin_right(px(22))
            .margin_left(px(8))
            .margin_bottom(px(6))
            .x_label_area_size(px(50))
            .y_label_area_size(px(66));
        if let Some(title) = &self.panel_title {
            builder.caption(
                title,
                (FONT, AXIS_TITLE_SIZE).into_font().color(&palette::INK),
            );
        }
        let mut chart = builder.build_cartesian_2d(x0..x1, y0..y1).expect(IN_MEMORY);

        let x_ticks = |c: &f64| self.x.tick_label(*c);
        let y_ticks = |c: &f64| self.y.tick_label(*c);
        let tick_style = (FONT, TICK_SIZE).into_font().color(&palette::INK);
        let title_style = (FONT, AXIS_TITLE_SIZE).into_font().color(&palette::INK);
        chart
            .configure_mesh()
            .x_desc(self.x.label.as_str())
            .y_desc(self.y.label.as_str())
            .x_labels(match (narrow, self.ticks) {
                (false, None) => 9,
                (false, Some((x, _))) => x,
                (true, ticks) => ticks.map_or(5, |(x, _)| x.min(5)),
            })
            .y_labels(match (narrow, self.ticks) {
                (false, None) => 8,
                (false, Some((_, y))) => y,
                (true, ticks) => ticks.map_or(6, |(_, y)| y.min(6)),
            })
            .x_label_formatter(&x_ticks)
            .y_label_formatter(&y_ticks)
            .bold_line_style(RGBColor(0xE3, 0xE3, 0xE3).stroke_width(px(1)))
            .light_line_style(TRANSPARENT)
            .axis_style(palette::GREY.stroke_width(px(1)))
            .label_style(tick_style)
            .axis_desc_style(title_style)
            .draw()
            .expect(IN_MEMORY);

        let clip = ((x0, y0), (x1, y1));
        let mut has_legend = false;
        for mark in &self.marks {
            if (narrow && mark.wide_only) || (!narrow && mark.narrow_only) {
                continue;
            }
            let points: Vec<(f64, f64)> = match (narrow, mark.narrow_at) {
                (true, Some(at)) => vec![self.to_coordinates(at)],
                _ => mark
                    .points
                    .iter()
                    .map(|p| self.to_coordinates(*p))
                    .collect(),
            };
            let colour = mark.colour;
            let style = colour.stroke_width(px(mark.width));
            let mut legend_drawn = false;
            match &mark.kind {
                Kind::Line | Kind::Path => {
                    for piece in clip_polyline(&points, clip) {
                        let annotation = match mark.stroke {
                            Stroke::Solid => chart
                                .draw_series(LineSeries::new(piece, style))
                                .expect(IN_MEMORY),
                            Stroke::Dashed => chart
                                .draw_series(DashedLineSeries::new(piece, px(7), px(5), style))
                                .expect(IN_MEMORY),
                        };
                        if let (Some(label), false) = (&mark.label, legend_drawn) {
                            let width = mark.width;
                            // The swatch is dashed like its line: one long dash for a solid one.
                            let (dash, gap) = match mark.stroke {
                                Stroke::Solid => (px(22), 0),
                                Stroke::Dashed => (px(7), px(5)),
                            };
                            annotation.label(label.as_str()).legend(move |(x, y)| {
                                DashedPathElement::new(
                                    vec![(x, y), (x + px(22) as i32, y)],
                                    dash,
                                    gap,
                                    colour.stroke_width(px(width.max(2))),
                                )
                            });
                            legend_drawn = true;
                            has_legend = true;
                        }
                    }
                    if mark.kind == Kind::Path {
                        let visible: Vec<(f64, f64)> = points
                            .iter()
                            .copied()
                            .filter(|p| inside(*p, clip))
                            .collect();
                        let radius = px(mark.radius);
                        chart
                            .draw_series(
                                visible
                                    .iter()
                                    .map(|p| Circle::new(*p, radius, colour.filled())),
                            )
                            .expect(IN_MEMORY);
                        if let Some(start) = points.first().filter(|p| inside(**p, clip)) {
                            chart
                                .draw_series(std::iter::once(Circle::new(
                                    *start,
                                    radius + px(3),
                                    colour.stroke_width(px(2)),
                                )))
                                .expect(IN_MEMORY);
                        }
                    }
                }
                Kind::Points => {
                    let radius = px(mark.radius);
                    let annotation = chart
                        .draw_series(
                            points
                                .iter()
                                .filter(|p| inside(**p, clip))
                                .map(|p| Circle::new(*p, radius, colour.filled())),
                        )
                        .expect(IN_MEMORY);
                    if let Some(label) = &mark.label {
                        annotation.label(label.as_str()).legend(move |(x, y)| {
                            Circle::new((x + px(11) as i32, y), radius, colour.filled())
                        });
                        has_legend = true;
                    }
                }
                Kind::Text(text) => {
                    let anchor = match (narrow, mark.narrow_anchor) {
                        (true, Some(anchor)) => anchor,
                        _ => mark.anchor,
                    };
                    let pos = match anchor {
                        Anchor::Left => Pos::new(HPos::Left, VPos::Center),
                        Anchor::Centre => Pos::new(HPos::Center, VPos::Center),
                        Anchor::Right => Pos::new(HPos::Right, VPos::Center),
                    };
                    let ink = legible(colour);
                    let style = (FONT, TEXT_SIZE).into_font().color(&ink).pos(pos);
                    chart
                        .draw_series(std::iter::once(Text::new(text.clone(), points[0], style)))
                        .expect(IN_MEMORY);
                }
                Kind::Rectangle => {
                    let (left, right) =
                        (points[0].0.min(points[1].0), points[0].0.max(points[1].0));
                    let (bottom, top) =
                        (points[0].1.min(points[1].1), points[0].1.max(points[1].1));
                    let (left, right) = (left.max(x0), right.min(x1));
                    let (bottom, top) = (bottom.max(y0), top.min(y1));
                    if left < right && bottom < top {
                        let fill = colour.filled();
                        let annotation = chart
                            .draw_series(std::iter::once(Rectangle::new(
                                [(left, bottom), (right, top)],
                                fill,
                            )))
                            .expect(IN_MEMORY);
                        if let Some(label) = &mark.label {
                            annotation.label(label.as_str()).legend(move |(x, y)| {
                                Rectangle::new(
                                    [(x, y - px(6) as i32), (x + px(16) as i32, y + px(6) as i32)],
                                    fill,
                                )
                            });
                            has_legend = true;
                        }
                    }
                }
                Kind::Band => {
                    let left = points[0].0.max(x0);
                    let right = points[1].0.min(x1);
                    if left < right {
                        chart
                            .draw_series(std::iter::once(Rectangle::new(
                                [(left, y0), (right, y1)],
                                colour.mix(0.14).filled(),
                            )))
                            .expect(IN_MEMORY);
                    }
                }
            }
        }

        if has_legend {
            let position = match self.legend {
                LegendCorner::UpperRight => SeriesLabelPosition::UpperRight,
                LegendCorner::UpperLeft => SeriesLabelPosition::UpperLeft,
                LegendCorner::LowerRight => SeriesLabelPosition::LowerRight,
                LegendCorner::LowerLeft => SeriesLabelPosition::LowerLeft,
            };
            chart
                .configure_series_labels()
                .position(position)
                .margin(px(10))
                .legend_area_size(px(30))
                .background_style(WHITE.mix(0.9))
                .border_style(RGBColor(0xCC, 0xCC, 0xCC))
                .label_font((FONT, TICK_SIZE).into_font().color(&palette::INK))
                .draw()
                .expect(IN_MEMORY);
        }
    }
}

/// `colour`, darkened as little as needed for text in it to have a contrast
/// of at least 4.5 : 1 against the white panel (the WCAG level for text of
/// this size), keeping its hue: the palette's orange, pink and sky blue are
/// fine as lines but too light for words.
pub fn legible(colour: Colour) -> Colour {
    fn luminance(c: Colour) -> f64 {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.0) + 0.7152 * channel(c.1) + 0.0722 * channel(c.2)
    }
    let mut shade = colour;
    let mut factor = 1.0;
    while 1.05 / (luminance(shade) + 0.05) < 4.5 && factor > 0.0 {
        factor -= 0.02;
        let scale = |v: u8| (f64::from(v) * factor).round() as u8;
        shade = RGBColor(scale(colour.0), scale(colour.1), scale(colour.2));
    }
    shade
}

const IN_MEMORY: &str = "drawing into an in-memory SVG string cannot fail";

/// Several charts side by side in a grid of `columns` columns, as one SVG.
/// Each chart keeps its own axes; the grid takes the size `width × height`.
pub fn panels(charts: &[Chart], columns: usize, width: u32, height: u32) -> String {
    let rows = charts.len().div_ceil(columns);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (px(width), px(height))).into_drawing_area();
        root.fill(&WHITE).expect(IN_MEMORY);
        let areas = root.split_evenly((rows, columns));
        for (chart, area) in charts.iter().zip(areas.iter()) {
            chart.draw_on(area, false);
        }
        root.present().expect(IN_MEMORY);
    }
    set_display_size(svg, width, height)
}

/// The narrow rendering of [`panels`]: the charts stacked in one column,
/// each [`NARROW_WIDTH`] wide and as tall as its own narrow rendering.
pub fn stacked_panels(charts: &[Chart]) -> String {
    let heights: Vec<u32> = charts.iter().map(Chart::narrow_height).collect();
    let total: u32 = heights.iter().sum();
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (px(NARROW_WIDTH), px(total))).into_drawing_area();
        root.fill(&WHITE).expect(IN_MEMORY);
        let mut rest = root;
        for (chart, height) in charts.iter().zip(&heights) {
            let (top, bottom) = rest.split_vertically(px(*height));
            chart.draw_on(&top, true);
            rest = bottom;
        }
        rest.present().expect(IN_MEMORY);
    }
    set_display_size(svg, NARROW_WIDTH, total)
}

/// Replace the drawing size in the `<svg>` header with the display size;
/// the `viewBox` keeps the drawing's own coordinates.
fn set_display_size(svg: String, width: u32, height: u32) -> String {
    let drawn = format!("<svg width=\"{}\" height=\"{}\"", px(width), px(height));
    let shown = format!("<svg width=\"{width}\" height=\"{height}\"");
    assert!(
        svg.starts_with(&drawn),
        "unexpected SVG header from plotters"
    );
    svg.replacen(&drawn, &shown, 1)
}

/// `n` evenly spaced samples of `f` on `[a, b]`, ready for [`Chart::line`].
pub fn sample(f: impl Fn(f64) -> f64, a: f64, b: f64, n: usize) -> Vec<(f64, f64)> {
    let mut points = Vec::with_capacity(n);
    for i in 0..n {
        let x = a + (b - a) * i as f64 / (n - 1) as f64;
        points.push((x, f(x)));
    }
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn demo() -> Chart {
        let mut chart = Chart::new(Axis::linear("x", -2.0, 2.0), Axis::linear("f(x)", 0.0, 4.0));
        chart
            .line(&sample(|x| x * x, -2.0, 2.0, 41), palette::BLUE)
            .label("f(x) = x²");
        chart
            .line(&[(-3.0, -2.0), (3.0, 10.0)], palette::VERMILLION)
            .dashed();
        chart.path(&[(1.5, 2.25), (0.9, 0.81), (0.5, 0.25)], palette::ORANGE);
        chart.text((0.2, 3.0), "η = 0.3", palette::INK);
        chart
    }

    #[test]
    fn rendering_is_deterministic_and_fontless() {
        let a = demo().to_svg();
        let b = demo().to_svg();
        assert_eq!(a, b);
        assert!(a.starts_with("<svg"));
        assert!(a.contains("font-family=\"sans-serif\""));
        assert!(a.contains("f(x) = x²"));
        assert!(!a.contains("NaN"));
    }

    #[test]
    fn text_colours_are_darkened_to_a_readable_contrast() {
        // Blue and vermillion already read well; orange is too light.
        assert_eq!(legible(palette::BLUE), palette::BLUE);
        assert_eq!(legible(palette::INK), palette::INK);
        let orange = legible(palette::ORANGE);
        assert!(orange.0 < palette::ORANGE.0 && orange.1 < palette::ORANGE.1);
        // The hue stays: the channels keep their ratio (to rounding).
        let ratio = |c: Colour| f64::from(c.1) / f64::from(c.0);
        assert!((ratio(orange) - ratio(palette::ORANGE)).abs() < 0.02);
    }

    #[test]
    fn rectangles_fill_their_cell_and_stay_inside_the_axes() {
        let mut chart = Chart::new(Axis::linear("x", 0.0, 1.0), Axis::linear("y", 0.0, 1.0));
        let empty = chart.to_svg();
        chart.rectangle((0.25, 0.25), (0.5, 0.5), palette::GREEN);
        let one = chart.to_svg();
        assert_eq!(
            one.matches("<rect").count(),
            empty.matches("<rect").count() + 1
        );
        // Wholly outside the axes: nothing drawn.
        chart.rectangle((2.0, 2.0), (3.0, 3.0), palette::GREEN);
        assert_eq!(chart.to_svg(), one);
    }

    #[test]
    fn ticks_read_well() {
        assert_eq!(format_tick(0.30000000000000004, 1.0), "0.3");
        assert_eq!(format_tick(-2.0, 10.0), "−2");
        assert_eq!(format_tick(1e-17, 1.0), "0");
        let axis = Axis::log("loss", 3e-9, 20.0);
        assert_eq!((axis.min, axis.max), (1e-9, 100.0));
        assert_eq!(axis.tick_label(-3.0), "10⁻³");
        assert_eq!(axis.tick_label(-2.5), "");
    }
}
