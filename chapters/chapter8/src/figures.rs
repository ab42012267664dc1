//! The chapter's figures. One colour per meaning throughout: plain gradient
//! descent blue, the heavy ball vermillion, Nesterov green, the rate-inside
//! form purple, plain SGD at the same rate as the heavy ball sky blue,
//! theory dashed in ink.

use descent::Trajectory;
use harness::format::decimals;
use harness::plot::{
    Anchor, Axis, Chart, Colour, Figure, Grid, LegendCorner, contour_lines, palette, sample,
};

use crate::Report;
use crate::experiments::{
    KAPPA, LineRun, Method, NOISE_SIGMA_G, NOISE_STEPS, RAMP_BETA, RAMP_DROP, RAMP_ETA, TOLERANCE,
    distances,
};
use crate::surfaces::{Pieces, Surface};
use crate::theory::{expected_losses, optimal_heavy_ball, spectral_radius};

/// The colour of each method.
pub fn colour(method: Method) -> Colour {
    match method {
        Method::GradientDescent => palette::BLUE,
        Method::HeavyBall => palette::VERMILLION,
        Method::Nesterov => palette::GREEN,
    }
}

/// The colour of the rate-inside form of the heavy ball.
pub const INSIDE: Colour = palette::PURPLE;
/// The colour of plain SGD at the heavy ball's own rate.
pub const SLOW: Colour = palette::SKY;

/// Contour lines of a two-variable surface, in grey.
pub fn contours(chart: &mut Chart, surface: &Surface, grid: &Grid, levels: &[f64]) {
    use descent::Objective;
    for contour in contour_lines(|a, b| surface.value(&[a, b]), grid, levels) {
        for line in &contour.lines {
            chart.line(line, palette::GREY).width(1);
        }
    }
}

/// The first `steps` points of a 2-D run as `(x, y)` pairs.
pub fn path(run: &Trajectory, steps: usize) -> Vec<(f64, f64)> {
    run.points
        .iter()
        .take(steps + 1)
        .map(|p| (p[0], p[1]))
        .collect()
}

/// How many steps of the bowl runs the path figure draws.
pub const PATH_STEPS: usize = 40;

/// The window of the bowl in the path figure.
const BOWL_WINDOW: ((f64, f64), (f64, f64)) = ((-0.1, 1.1), (-4.0, 4.0));

/// One panel of the bowl with one method's walk.
fn bowl_panel(report: &Report, method: Method, title: &str) -> Chart {
    let ((x0, x1), (y0, y1)) = BOWL_WINDOW;
    let surface = Surface::bowl(KAPPA);
    let mut chart =
        Chart::new(Axis::linear("θ₁", x0, x1), Axis::linear("θ₂", y0, y1)).panel_title(title);
    let grid = Grid {
        x: (x0, x1),
        y: (y0, y1),
        cells: (90, 90),
    };
    contours(&mut chart, &surface, &grid, &[0.5, 8.0, 50.0, 200.0, 800.0]);
    let run = &report.tuned(KAPPA, method).run;
    chart.path(&path(run, PATH_STEPS), colour(method));
    chart.points(&[(0.0, 0.0)], palette::INK).radius(4);
    chart
}

/// The bowl κ = 100: gradient descent zig-zags, the heavy ball rolls.
pub fn paths_figure(report: &Report) -> Figure {
    let charts = [
        bowl_panel(report, Method::GradientDescent, "gradient descent"),
        bowl_panel(report, Method::HeavyBall, "heavy ball"),
        bowl_panel(report, Method::Nesterov, "Nesterov"),
    ];
    Figure::panels("bowl-paths.svg", &charts, 3, 720, 380)
}

/// Distance to the bottom against the step, for every method on the bowl κ,
/// with the exact distance dashed. The grey line is the tolerance, 10⁻⁶ of
/// the start's distance; a dot marks where each method crosses it for the
/// last time, and its label says after how many steps. (The label
/// positions suit the bowl κ = 100 of the book.)
pub fn distance_chart(report: &Report, kappa: f64) -> Chart {
    let gd = report.tuned(kappa, Method::GradientDescent);
    let last = (gd.steps + 20) as f64;
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, last),
        Axis::log("distance to the bottom ‖θₜ‖", 1e-8, 10.0),
    )
    .narrow_size(320);
    let tolerance = TOLERANCE * 2f64.sqrt();
    chart.horizontal_line(tolerance, palette::GREY);
    chart
        .text((230.0, 2.8e-6), "10⁻⁶ of the start", palette::GREY)
        .anchor(Anchor::Left)
        .narrow_at((240.0, 3.2e-6));
    for method in Method::ALL {
        let tuned = report.tuned(kappa, method);
        let d = distances(&tuned.run, &[0.0, 0.0]);
        let points: Vec<(f64, f64)> = d
            .iter()
            .enumerate()
            .map(|(t, &v)| (t as f64, v.max(1e-300)))
            .collect();
        chart.line(&points, colour(method)).width(2);
        let exact: Vec<(f64, f64)> = (0..points.len())
            .map(|t| {
                (
                    t as f64,
                    crate::experiments::exact_distance(kappa, method, tuned.tuning, t).max(1e-300),
                )
            })
            .collect();
        chart.line(&exact, palette::INK).dashed();
        let crossing = tuned.steps as f64;
        chart
            .points(&[(crossing, tolerance)], colour(method))
            .radius(4);
        // Wide: each label beside its dot, where no curve runs (the heavy
        // ball's in two lines, left of its steep curve).
        let words = format!("{}: {} steps", method.name(), tuned.steps);
        let wide: Vec<(String, (f64, f64), Anchor)> = match method {
            Method::GradientDescent => vec![(words.clone(), (crossing, 3e-7), Anchor::Right)],
            Method::HeavyBall => vec![
                (
                    format!("{}:", method.name()),
                    (crossing - 5.0, 4e-7),
                    Anchor::Right,
                ),
                (
                    format!("{} steps", tuned.steps),
                    (crossing - 5.0, 1.3e-7),
                    Anchor::Right,
                ),
            ],
            Method::Nesterov => vec![(words.clone(), (crossing + 21.0, 3e-5), Anchor::Left)],
        };
        for (text, at, anchor) in wide {
            chart
                .text(at, &text, colour(method))
                .anchor(anchor)
                .wide_only();
        }
        // On a phone the curves leave no room beside the dots: the three
        // labels stack in the empty corner below the tolerance line, in the
        // order of the dots from right to left.
        let y = match method {
            Method::GradientDescent => 6e-7,
            Method::Nesterov => 1.5e-7,
            Method::HeavyBall => 3.8e-8,
        };
        chart
            .text((0.97 * last, y), &words, colour(method))
            .anchor(Anchor::Right)
            .narrow_only();
    }
    chart.text((last * 0.55, 2.5), "exact, dashed", palette::INK);
    chart
}

/// The distance figure for the bowl κ = 100.
pub fn distance_figure(report: &Report) -> Figure {
    Figure::new("distance-by-step.svg", &distance_chart(report, KAPPA))
}

/// The momenta of the curvature figure.
pub const CURVE_BETAS: [f64; 4] = [0.0, 0.25, 0.5, 0.8];

/// The factor against `ηλ` for several `β`: chapter 2's V for `β = 0`, and a
/// flat floor at `√β` between `(1 − √β)²` and `(1 + √β)²` for the others.
pub fn curvature_figure() -> Figure {
    let mut chart = Chart::new(
        Axis::linear("ηλ (learning rate × curvature)", 0.0, 4.0),
        Axis::linear("factor per step ρ", 0.0, 1.2),
    );
    chart.horizontal_line(1.0, palette::GREY);
    // Plain descent in its blue; the heavy ball in shades of its vermillion.
    let shades = [
        palette::BLUE,
        Colour {
            0: 0xF0,
            1: 0xB0,
            2: 0x80,
        },
        Colour {
            0: 0xE8,
            1: 0x88,
            2: 0x40,
        },
        palette::VERMILLION,
    ];
    for (i, &beta) in CURVE_BETAS.iter().enumerate() {
        let c = shades[i];
        let limit = 2.0 + 2.0 * beta;
        let curve = sample(|h| spectral_radius(h, beta, 1.0), 0.0, 4.0, 401);
        chart.line(&curve, c).width(2);
        let label = format!("β = {beta}");
        let floor = beta.sqrt();
        let (at, anchor) = if beta == 0.0 {
            ((1.12, 0.05), Anchor::Left)
        } else {
            ((1.0, floor + 0.05), Anchor::Centre)
        };
        chart.text(at, &label, c).anchor(anchor);
        chart.points(&[(limit, 1.0)], c).radius(4);
    }
    chart
        .text((0.1, 1.12), "the edge ηλ = 2 + 2β (dots)", palette::INK)
        .anchor(Anchor::Left);
    Figure::new("factor-by-curvature.svg", &chart)
}

/// The factor over the `(η, β)` plane of the bowl κ = 100, with the
/// optimum and the measured points.
pub fn map_chart(report: &Report, mark: Option<(f64, f64, f64)>) -> Chart {
    map_chart_for(KAPPA, &report.map, mark)
}

/// The map for any bowl κ: contours of the theoretical factor, the edge of
/// stability, the optimum, and measured points (theory, measured) on top.
pub fn map_chart_for(
    kappa: f64,
    measured: &[crate::MapPoint],
    mark: Option<(f64, f64, f64)>,
) -> Chart {
    // Wide enough for a reader's own pair beyond the edge.
    let eta_max = mark.map_or(4.5 / kappa, |(eta, _, _)| (4.5 / kappa).max(1.15 * eta));
    let mut chart = Chart::new(
        Axis::linear("learning rate η", 0.0, eta_max),
        Axis::linear("momentum β", 0.0, 1.0),
    );
    let levels = [0.85, 0.9, 0.95, 0.98];
    // The contours are straight lines, drawn exactly (a grid would show
    // stair-steps at their corners, where the factor has kinks).
    for level in levels {
        chart
            .line(&map_contour(1.0, kappa, level), palette::GREY)
            .width(1);
    }
    // Each level's flat stretch lies at β = ρ², where the factor is √β: its
    // label sits just above the left end of that stretch, wide and narrow.
    for level in levels {
        let x = (1.0 - level) * (1.0 - level) + 0.1 / kappa;
        if x > 0.8 * eta_max {
            continue;
        }
        chart
            .text(
                (x, level * level + 0.025),
                &format!("ρ = {level}"),
                palette::GREY,
            )
            .anchor(Anchor::Left);
    }
    // The edge of stability: ηλ_max = 2 + 2β.
    let edge = [(2.0 / kappa, 0.0), (4.0 / kappa, 1.0)];
    chart.line(&edge, palette::INK).dashed();
    chart
        .text((4.15 / kappa, 0.55), "diverges", palette::INK)
        .anchor(Anchor::Centre)
        .narrow_at((3.9 / kappa, 0.2));
    let best = optimal_heavy_ball(1.0, kappa);
    for p in measured {
        chart
            .points(&[(p.eta, p.beta)], palette::VERMILLION)
            .radius(4);
        let label = chart.text(
            (p.eta + 0.06 / kappa, p.beta),
            &decimals(p.measured, 3),
            palette::VERMILLION,
        );
        label.anchor(Anchor::Left);
        // On a phone the labels near the edge go to the left of their dots.
        if p.eta > 0.6 * eta_max {
            label
                .narrow_at((p.eta - 0.08 / kappa, p.beta))
                .narrow_anchor(Anchor::Right);
        }
    }
    chart
        .points(&[(best.eta, best.beta)], palette::INK)
        .radius(6);
    match mark {
        None => {
            chart
                .text(
                    (best.eta - 0.06 / kappa, best.beta + 0.04),
                    "optimum",
                    palette::INK,
                )
                .anchor(Anchor::Right)
                .narrow_at((best.eta + 0.12 / kappa, best.beta - 0.08))
                .narrow_anchor(Anchor::Left);
        }
        // A reader's pair can be anywhere, the optimum by default: the
        // panel title names the two dots, and no label can collide with
        // the map. The smaller green dot stays visible on the black one.
        Some((eta, beta, factor)) => {
            chart.points(&[(eta, beta)], palette::GREEN).radius(4);
            chart = chart.panel_title(&format!(
                "green: yours ({}); black: optimum",
                decimals(factor, 3)
            ));
        }
    }
    chart
}

/// The contour `ρ` of the heavy ball's factor over the `(η, β)` plane for
/// the curvatures `λ_min`, `λ_max`, as a polyline: a wedge with three
/// straight sides. Its flat top is `β = ρ²`, where the floor `√β` is `ρ`,
/// from `ηλ_min = (1 − ρ)²` to `ηλ_max = (1 + ρ)²`. Below it, the left side
/// is where `λ_min` has the real root `ρ`, `ηλ_min = (1 − ρ)(1 − β/ρ)`, and
/// the right side where `λ_max` has the root `−ρ`,
/// `ηλ_max = (1 + ρ)(1 + β/ρ)`: both straight in `(η, β)`. They meet at
/// `β = ρ(A − B)/(A + B)` with `A = (1 − ρ)/λ_min`, `B = (1 + ρ)/λ_max`, or
/// reach `β = 0` first when `A < B` (when `ρ` is above gradient descent's
/// best factor). Below the optimal factor [`optimal_heavy_ball`] gives
/// there is no such pair, and the polyline is empty.
pub fn map_contour(lambda_min: f64, lambda_max: f64, rho: f64) -> Vec<(f64, f64)> {
    let left = |beta: f64| (1.0 - rho) * (1.0 - beta / rho) / lambda_min;
    let right = |beta: f64| (1.0 + rho) * (1.0 + beta / rho) / lambda_max;
    let top = rho * rho;
    if left(top) >= right(top) {
        return Vec::new();
    }
    let (a, b) = (left(0.0), right(0.0));
    let meet = rho * (a - b) / (a + b);
    if meet >= 0.0 {
        vec![
            (right(meet), meet),
            (left(top), top),
            (right(top), top),
            (right(meet), meet),
        ]
    } else {
        vec![(a, 0.0), (left(top), top), (right(top), top), (b, 0.0)]
    }
}

/// The book's map.
pub fn map_figure(report: &Report) -> Figure {
    Figure::new("factor-map.svg", &map_chart(report, None))
}

/// Step lengths on a constant slope, with the rate dropping tenfold.
pub fn ramp_figure(report: &Report) -> Figure {
    let ramp = &report.ramp;
    let n = ramp.outside.len() as f64;
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, n),
        Axis::linear("step length θₜ₋₁ − θₜ", 0.0, 1.1),
    );
    chart.horizontal_line(RAMP_ETA / (1.0 - RAMP_BETA), palette::INK);
    chart.horizontal_line(RAMP_ETA / 10.0 / (1.0 - RAMP_BETA), palette::INK);
    chart.vertical_line(RAMP_DROP as f64 + 0.5, palette::GREY);
    let points = |steps: &[f64]| -> Vec<(f64, f64)> {
        steps
            .iter()
            .enumerate()
            .map(|(t, &s)| ((t + 1) as f64, s))
            .collect()
    };
    chart.line(&points(&ramp.inside), INSIDE).width(5);
    chart
        .line(&points(&ramp.outside), palette::VERMILLION)
        .width(2);
    chart
        .text((2.0, 1.05), "η/(1 − β) = 1", palette::INK)
        .anchor(Anchor::Left);
    chart
        .text((n - 1.0, 0.16), "η/(1 − β) = 0.1", palette::INK)
        .anchor(Anchor::Right);
    chart
        .text(
            (RAMP_DROP as f64 + 1.5, 0.95),
            "η drops to η/10",
            palette::GREY,
        )
        .anchor(Anchor::Left);
    chart
        .text(
            (RAMP_DROP as f64 + 12.0, 0.62),
            "rate inside the buffer",
            INSIDE,
        )
        .anchor(Anchor::Left)
        .wide_only();
    chart
        .text((n - 2.0, 0.72), "rate inside", INSIDE)
        .anchor(Anchor::Right)
        .narrow_only();
    chart
        .text(
            (RAMP_DROP as f64 - 1.0, 0.4),
            "PyTorch's form",
            palette::VERMILLION,
        )
        .anchor(Anchor::Right);
    Figure::new("ramp.svg", &chart)
}

/// The pieces: the function with the heavy ball's cycle, and both walks.
pub fn pieces_figure(report: &Report) -> Figure {
    let mut shape = Chart::new(
        Axis::linear("θ", -2.5, 3.5),
        Axis::linear("f(θ)", 0.0, 80.0),
    )
    .panel_title("three quadratic pieces");
    shape
        .line(&sample(Pieces::height, -2.5, 3.5, 241), palette::INK)
        .width(2);
    let cycle: Vec<(f64, f64)> = report
        .cycle
        .iter()
        .map(|&c| (c, Pieces::height(c)))
        .collect();
    // The pieces' boundaries, dashed like every reference line, and each
    // piece's curvature.
    for boundary in [1.0, 2.0] {
        shape.vertical_line(boundary, palette::GREY);
    }
    for (at, text) in [
        ((-0.75, 30.0), "λ = 25"),
        ((1.5, 12.0), "λ = 1"),
        ((2.75, 12.0), "λ = 25"),
    ] {
        shape.text(at, text, palette::GREY).anchor(Anchor::Centre);
    }
    shape.points(&cycle, palette::VERMILLION).radius(5);
    // Each point of the cycle with its value, beside its dot and clear of
    // the curve.
    let [a, b, c] = report.cycle;
    for (at, value, anchor) in [
        ((a + 0.14, Pieces::height(a) - 4.0), a, Anchor::Left),
        ((b - 0.1, Pieces::height(b) + 9.0), b, Anchor::Right),
        ((c + 0.15, Pieces::height(c) + 2.0), c, Anchor::Left),
    ] {
        shape
            .text(at, &decimals(value, 3), palette::VERMILLION)
            .anchor(anchor);
    }
    shape
        .text((0.0, 70.0), "heavy ball's cycle", palette::VERMILLION)
        .anchor(Anchor::Centre);
    let steps = report.pieces(Method::HeavyBall).steps() as f64;
    let mut walks = Chart::new(
        Axis::linear("step t", 0.0, steps),
        Axis::linear("θₜ", -4.0, 4.0),
    )
    .panel_title("the walks from θ₀ = 3.3");
    walks.horizontal_line(0.0, palette::GREY);
    for boundary in [1.0, 2.0] {
        walks.horizontal_line(boundary, palette::GREY);
    }
    for method in [Method::Nesterov, Method::HeavyBall] {
        let run = report.pieces(method);
        let points: Vec<(f64, f64)> = run
            .points
            .iter()
            .enumerate()
            .map(|(t, p)| (t as f64, p[0]))
            .collect();
        walks.line(&points, colour(method)).width(2);
    }
    walks
        .text(
            (steps * 0.5, 3.5),
            "heavy ball: cycles",
            colour(Method::HeavyBall),
        )
        .anchor(Anchor::Centre);
    walks
        .text(
            (steps * 0.5, -3.3),
            "Nesterov: converges",
            colour(Method::Nesterov),
        )
        .anchor(Anchor::Centre);
    Figure::panels("pieces.svg", &[shape, walks], 2, 720, 360)
}

/// Mean loss against the step under noisy gradients, with the exact
/// expectation dashed.
pub fn noise_figure(report: &Report) -> Figure {
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, NOISE_STEPS as f64),
        Axis::log("mean excess loss E f(θₜ) − f*", 1e-4, 1.0),
    );
    let colours = [palette::VERMILLION, palette::BLUE, SLOW];
    let labels = [
        "heavy ball, η = 0.002, β = 0.9",
        "plain SGD, η = 0.02",
        "plain SGD, η = 0.002",
    ];
    let at = [(150.0, 0.0032), (150.0, 0.0019), (1500.0, 0.0004)];
    for (i, floor) in report.noise.iter().enumerate() {
        let points: Vec<(f64, f64)> = floor
            .mean_losses
            .iter()
            .enumerate()
            .step_by(5)
            .map(|(t, &l)| (t as f64, l))
            .collect();
        chart.line(&points, colours[i]).width(1);
        let exact = expected_losses(
            floor.method.eta,
            floor.method.beta,
            1.0,
            NOISE_SIGMA_G,
            1.0,
            NOISE_STEPS,
        );
        let exact: Vec<(f64, f64)> = exact
            .iter()
            .enumerate()
            .step_by(5)
            .map(|(t, &l)| (t as f64, l))
            .collect();
        chart.line(&exact, palette::INK).dashed();
        chart
            .text(at[i], labels[i], colours[i])
            .anchor(if i < 2 { Anchor::Left } else { Anchor::Centre })
            .wide_only();
        let (short, at, anchor) = [
            ("heavy ball, β = 0.9", (30.0, 2.4e-3), Anchor::Left),
            ("SGD, η = 0.02", (30.0, 1.2e-3), Anchor::Left),
            ("SGD, η = 0.002", (1990.0, 2.5e-4), Anchor::Right),
        ][i];
        chart
            .text(at, short, colours[i])
            .anchor(anchor)
            .narrow_only();
    }
    Figure::new("noise-floor.svg", &chart)
}

/// One panel of a line fit with two walks on its contours.
pub fn line_panel(
    surface: &Surface,
    runs: &[&LineRun],
    window: ((f64, f64), (f64, f64)),
    steps: usize,
    title: &str,
) -> Chart {
    let ((x0, x1), (y0, y1)) = window;
    let bottom = surface.bottom(0.0);
    let best = {
        use descent::Objective;
        surface.value(&bottom)
    };
    let mut chart = Chart::new(
        Axis::linear("slope w", x0, x1),
        Axis::linear("intercept b", y0, y1),
    )
    .panel_title(title)
    .legend(LegendCorner::UpperLeft);
    let grid = Grid {
        x: (x0, x1),
        y: (y0, y1),
        cells: (90, 90),
    };
    let levels: Vec<f64> = [0.03, 0.3, 3.0, 30.0].iter().map(|l| best + l).collect();
    contours(&mut chart, surface, &grid, &levels);
    for run in runs {
        let label = match run.method {
            Method::GradientDescent => "gradient descent".to_string(),
            _ => format!("same η, β = {}", decimals(run.tuning.beta, 2)),
        };
        chart
            .path(&path(&run.run, steps), colour(run.method))
            .label(&label);
    }
    chart
        .points(&[(bottom[0], bottom[1])], palette::INK)
        .radius(5);
    chart
}

/// Chapter 3's line and the raw points, with and without momentum.
pub fn line_figure(report: &Report) -> Figure {
    let charts = [
        line_panel(
            &report.line,
            &[&report.line_runs[0], &report.damped[0]],
            ((-0.5, 3.5), (-0.5, 3.0)),
            20,
            "chapter 3's line, 20 steps",
        ),
        line_panel(
            &report.raw,
            &[&report.raw_runs[0], &report.damped[1]],
            ((-0.5, 4.5), (-1.0, 2.5)),
            20,
            "raw x = 1…10, 20 steps",
        ),
    ];
    Figure::panels("line-fits.svg", &charts, 2, 720, 400)
}

/// Every figure of the chapter, in the order the text shows them.
pub fn figures(report: &Report) -> Vec<Figure> {
    vec![
        paths_figure(report),
        ramp_figure(report),
        curvature_figure(),
        distance_figure(report),
        map_figure(report),
        pieces_figure(report),
        noise_figure(report),
        line_figure(report),
    ]
}
