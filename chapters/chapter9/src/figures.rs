//! The chapter's figures, drawn from the book's run.

use descent::{Objective, Trajectory};
use harness::format::significant;
use harness::plot::{Anchor, Axis, Chart, Figure, Grid, contour_lines, palette};

use crate::Report;
use crate::compare::Problem;
use crate::experiments::{
    CORRECTION_STEPS, DROP_AT, MEMORY_STEPS, PATH_KAPPA, PATH_STEPS, REDDI_STEPS, SLOPE_STEPS,
    ScaledRun, bowl, correction_ratio, uncorrected_steps,
};
use crate::methods::Method;
use crate::surfaces::Quadratic;

/// Every figure of the book's run.
pub fn figures(report: &Report) -> Vec<Figure> {
    vec![
        paths(report),
        rescue(report),
        slope(report),
        memory(report),
        correction(),
        reddi(report),
        decay(report),
        comparison(report),
    ]
}

/// The first `steps` points of a 2-D run as `(x, y)` pairs.
pub fn path(run: &Trajectory, steps: usize) -> Vec<(f64, f64)> {
    run.points
        .iter()
        .take(steps + 1)
        .map(|p| (p[0], p[1]))
        .collect()
}

/// Contour lines of a quadratic in grey.
pub fn contours(chart: &mut Chart, q: &Quadratic, grid: &Grid, levels: &[f64]) {
    for contour in contour_lines(|a, b| q.value(&[a, b]), grid, levels) {
        for line in &contour.lines {
            chart.line(line, palette::GREY).width(1);
        }
    }
}

const PATH_WINDOW: ((f64, f64), (f64, f64)) = ((-0.35, 1.1), (-0.7, 0.7));

fn path_panel(title: &str) -> Chart {
    let ((x0, x1), (y0, y1)) = PATH_WINDOW;
    let mut chart = Chart::new(Axis::linear("θ₁", x0, x1), Axis::linear("θ₂", y0, y1))
        .panel_title(title)
        .ticks(4, 7);
    let grid = Grid {
        x: (x0, x1),
        y: (y0, y1),
        cells: (90, 90),
    };
    contours(
        &mut chart,
        &bowl(PATH_KAPPA),
        &grid,
        &[0.5, 2.0, 6.0, 12.0, 20.0],
    );
    chart.points(&[(0.0, 0.0)], palette::INK).radius(4);
    chart
}

/// Gradient descent zig-zags on the stretched bowl; Adagrad and Adam take
/// the same walk on it as on the round bowl.
fn paths(report: &Report) -> Figure {
    let p = &report.paths;
    let mut gd = path_panel("gradient descent");
    gd.path(
        &path(&p.gradient_descent, PATH_STEPS),
        Method::GradientDescent.colour(),
    );
    let mut adagrad = path_panel("Adagrad");
    adagrad
        .line(&path(&p.adagrad[1], PATH_STEPS), palette::INK)
        .dashed();
    adagrad.path(&path(&p.adagrad[0], PATH_STEPS), Method::Adagrad.colour());
    adagrad
        .text((-0.3, -0.42), "dashed: round bowl", palette::INK)
        .anchor(Anchor::Left);
    let mut adam = path_panel("Adam");
    adam.line(&path(&p.adam[1], PATH_STEPS), palette::INK)
        .dashed();
    adam.path(&path(&p.adam[0], PATH_STEPS), Method::Adam.colour());
    Figure::panels("paths.svg", &[gd, adagrad, adam], 3, 720, 340)
}

/// A condition number as the figure prints it: 187, 34.5, 1.4×10⁵.
fn kappa_text(kappa: f64) -> String {
    if kappa < 1e4 {
        significant(kappa, 3)
    } else {
        harness::format::scientific(kappa, 1).replace(" × ", "×")
    }
}

fn excess_points(run: &ScaledRun) -> Vec<(f64, f64)> {
    run.relative
        .iter()
        .enumerate()
        .map(|(t, &r)| (t as f64, r.max(1e-18)))
        .collect()
}

/// Adagrad against gradient descent on the raw points and on the penguins.
fn rescue(report: &Report) -> Figure {
    let mut charts = Vec::new();
    for (rescue, title, low) in [
        (&report.raw, "ten raw points", 1e-12),
        (&report.penguins, "penguins, mm and g", 1e-4),
    ] {
        let steps = rescue.adagrad.relative.len() as f64 - 1.0;
        let mut chart = Chart::new(
            Axis::linear("step t", 0.0, steps),
            Axis::log("excess loss, share of start", low, 1.0),
        )
        .panel_title(title);
        chart.line(
            &excess_points(&rescue.gradient_descent),
            Method::GradientDescent.colour(),
        );
        chart.line(&excess_points(&rescue.adagrad), Method::Adagrad.colour());
        // Each label just above or below its own line.
        let (gd_y, ada_y) = if low < 1e-6 {
            (1e-3, 1e-10)
        } else {
            (2.2e-2, 2e-3)
        };
        chart
            .text(
                (steps * 0.97, gd_y),
                &format!("GD, κ = {}", kappa_text(rescue.kappa)),
                Method::GradientDescent.colour(),
            )
            .anchor(Anchor::Right);
        chart
            .text(
                (steps * 0.97, ada_y),
                &format!("Adagrad, κ = {}", kappa_text(rescue.effective_kappa)),
                Method::Adagrad.colour(),
            )
            .anchor(Anchor::Right);
        charts.push(chart);
    }
    Figure::panels("adagrad-scaling.svg", &charts, 2, 720, 360)
}

/// The distance walked down a steady slope: Adagrad falls ever further
/// behind.
fn slope(report: &Report) -> Figure {
    let steps = SLOPE_STEPS as f64;
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, steps),
        Axis::linear("distance walked, in units of η", 0.0, 1200.0),
    );
    for (method, distances) in &report.slope {
        let points: Vec<(f64, f64)> = distances
            .iter()
            .enumerate()
            .map(|(t, &d)| (t as f64, d))
            .collect();
        chart.line(&points, method.colour()).width(3);
    }
    let twice_root: Vec<(f64, f64)> = (0..=SLOPE_STEPS)
        .step_by(10)
        .map(|t| (t as f64, 2.0 * (t as f64).sqrt()))
        .collect();
    chart.line(&twice_root, palette::INK).dashed();
    // Each label beside its own line: RMSprop above its line, Adam below
    // its line, Adagrad above its curve.
    chart
        .text((steps * 0.42, 680.0), "RMSprop", Method::RmsProp.colour())
        .anchor(Anchor::Right)
        .narrow_at((steps * 0.5, 860.0));
    chart
        .text(
            (steps * 0.55, 420.0),
            "Adam: η a step",
            Method::Adam.colour(),
        )
        .anchor(Anchor::Left)
        .narrow_at((steps * 0.45, 250.0));
    chart
        .text(
            (steps * 0.98, 140.0),
            "Adagrad: η/√t a step, about 2√t in all (dashed)",
            Method::Adagrad.colour(),
        )
        .anchor(Anchor::Right)
        .wide_only();
    chart
        .text(
            (steps * 0.98, 140.0),
            "Adagrad, ≈ 2√t",
            Method::Adagrad.colour(),
        )
        .anchor(Anchor::Right)
        .narrow_only();
    Figure::new("slope.svg", &chart)
}

/// The step after the gradient shrinks a hundredfold.
fn memory(report: &Report) -> Figure {
    let steps = MEMORY_STEPS as f64;
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, steps),
        Axis::log("step length, in units of η", 1e-4, 2.0),
    );
    chart.vertical_line(DROP_AT as f64, palette::GREY).dashed();
    let to_points = |lengths: &[f64]| -> Vec<(f64, f64)> {
        lengths
            .iter()
            .enumerate()
            .map(|(t, &l)| ((t + 1) as f64, l.max(1e-9)))
            .collect()
    };
    chart.line(&to_points(&report.memory[0]), Method::Adagrad.colour());
    chart.line(&to_points(&report.memory[1]), Method::RmsProp.colour());
    chart
        .line(&to_points(&report.memory[2]), Method::RmsProp.colour())
        .dashed();
    chart
        .text(
            (DROP_AT as f64 + 6.0, 1.2e-4),
            "gradient 1 → 0.01",
            palette::INK,
        )
        .anchor(Anchor::Left);
    chart
        .text((steps * 0.97, 1.6e-3), "Adagrad", Method::Adagrad.colour())
        .anchor(Anchor::Right);
    chart
        .text(
            (steps * 0.6, 0.5),
            "RMSprop, α = 0.9",
            Method::RmsProp.colour(),
        )
        .anchor(Anchor::Left)
        .narrow_at((steps * 0.4, 3.0));
    chart
        .text(
            (steps * 0.97, 0.022),
            "RMSprop, α = 0.99",
            Method::RmsProp.colour(),
        )
        .anchor(Anchor::Right)
        .narrow_at((steps * 0.97, 0.2));
    Figure::new("memory.svg", &chart)
}

/// The uncorrected step over the corrected one, for two pairs of `β`s.
fn correction() -> Figure {
    let mut chart = Chart::new(
        Axis::log("step t", 1.0, CORRECTION_STEPS as f64),
        Axis::linear("uncorrected step / corrected step", 0.0, 7.5),
    );
    chart.horizontal_line(1.0, palette::GREY).dashed();
    for (beta1, beta2, dashed) in [(0.9, 0.999, false), (0.9, 0.9, true)] {
        let mut curve = Vec::new();
        let mut t = 1.0_f64;
        while t <= CORRECTION_STEPS as f64 {
            let step = t.round() as usize;
            curve.push((step as f64, correction_ratio(beta1, beta2, step)));
            t *= 1.05;
        }
        let mark = chart.line(&curve, Method::Adam.colour());
        if dashed {
            mark.dashed();
        }
        let measured = uncorrected_steps(beta1, beta2, CORRECTION_STEPS);
        let dots: Vec<(f64, f64)> = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]
            .iter()
            .map(|&t| (t as f64, measured[t - 1]))
            .collect();
        chart.points(&dots, palette::INK).radius(3);
    }
    chart
        .text((14.0, 6.9), "β₁ = 0.9, β₂ = 0.999", Method::Adam.colour())
        .anchor(Anchor::Left);
    chart
        .text((30.0, 0.55), "β₁ = β₂ = 0.9", Method::Adam.colour())
        .anchor(Anchor::Left);
    Figure::new("bias-correction.svg", &chart)
}

/// Adam and AMSGrad on the online problem: Adam ends at the worst point,
/// AMSGrad at the best.
fn reddi(report: &Report) -> Figure {
    let steps = REDDI_STEPS as f64;
    let mut chart = Chart::new(
        Axis::log("step t", 1.0, steps),
        Axis::linear("point θₜ", -1.25, 1.25),
    )
    .ticks(4, 5);
    for (walk, method) in [
        (&report.reddi[0], Method::Adam),
        (&report.reddi[1], Method::AmsGrad),
    ] {
        let points: Vec<(f64, f64)> = walk
            .iter()
            .enumerate()
            .skip(1)
            .map(|(t, &x)| (t as f64, x))
            .collect();
        chart.line(&points, method.colour()).width(2);
    }
    chart
        .text(
            (steps, 1.14),
            "Adam ends at +1, the worst point",
            Method::Adam.colour(),
        )
        .anchor(Anchor::Right);
    chart
        .text(
            (steps, -1.14),
            "AMSGrad ends at −1, the best point",
            Method::AmsGrad.colour(),
        )
        .anchor(Anchor::Right);
    Figure::new("reddi.svg", &chart)
}

/// Each method at its own best `μ`, draw by draw: the test error of Adam
/// with the L2 penalty against AdamW's.
fn decay(report: &Report) -> Figure {
    let d = &report.decay;
    let all = d.l2.test.iter().chain(&d.adamw.test);
    let high = all.clone().fold(0.0_f64, |m, v| m.max(*v));
    let low = all.fold(f64::INFINITY, |m, v| m.min(*v));
    // The same window on both axes, in steps of 0.005, with room for the
    // labels.
    let (low, high) = (
        (low * 0.8 / 0.005).floor() * 0.005,
        (high * 1.05 / 0.005).ceil() * 0.005,
    );
    let mut chart = Chart::new(
        Axis::linear(
            &format!("test error, Adam + L2 (μ = {})", significant(d.l2.mu, 2)),
            low,
            high,
        ),
        Axis::linear(
            &format!("test error, AdamW (μ = {})", significant(d.adamw.mu, 2)),
            low,
            high,
        ),
    )
    .ticks(4, 4)
    .size(720, 480)
    .narrow_size(360);
    chart
        .line(&[(low, low), (high, high)], palette::GREY)
        .dashed();
    let span = high - low;
    chart
        .text(
            (low + 0.08 * span, low + 0.88 * span),
            "above the line: Adam + L2 did better",
            Method::Adam.colour(),
        )
        .anchor(Anchor::Left)
        .wide_only();
    chart
        .text(
            (low + 0.03 * span, low + 0.93 * span),
            "above: Adam + L2 better",
            Method::Adam.colour(),
        )
        .anchor(Anchor::Left)
        .narrow_only();
    chart
        .text(
            (high - 0.04 * span, low + 0.06 * span),
            "below: AdamW did better",
            Method::AdamW.colour(),
        )
        .anchor(Anchor::Right)
        .wide_only();
    chart
        .text(
            (high - 0.03 * span, low + 0.06 * span),
            "below: AdamW better",
            Method::AdamW.colour(),
        )
        .anchor(Anchor::Right)
        .narrow_only();
    let pairs: Vec<(f64, f64)> =
        d.l2.test
            .iter()
            .zip(&d.adamw.test)
            .map(|(a, b)| (*a, *b))
            .collect();
    chart.points(&pairs, palette::INK).radius(5);
    Figure::new("weight-decay.svg", &chart)
}

/// Where each tuned method ends on each problem.
fn comparison(report: &Report) -> Figure {
    let mut charts = Vec::new();
    for problem in Problem::ALL {
        let entries: Vec<_> = report
            .comparison
            .iter()
            .filter(|e| e.problem == problem)
            .collect();
        let floor = 1e-17;
        let low = entries
            .iter()
            .fold(1.0_f64, |m, e| m.min(e.relative.max(floor)));
        let high = entries
            .iter()
            .fold(floor, |m, e| m.max(e.relative + 2.0 * e.error));
        // Whole decades around the points, with room for the labels; on the
        // noisy line, where the methods are close, a linear axis from 0.
        let x_axis = if problem == Problem::NoisyLine {
            let unit = 10f64.powf(high.log10().floor());
            let top = (high * 1.2 / unit).ceil() * unit;
            Axis::linear("gap left, share of start", 0.0, top)
        } else {
            Axis::log("gap left, share of start", low / 3.0, high * 3.0)
        };
        let linear = problem == Problem::NoisyLine;
        let (l, h) = if linear {
            (x_axis.min, x_axis.max)
        } else {
            (x_axis.min.log10(), x_axis.max.log10())
        };
        let mut chart = Chart::new(x_axis, Axis::linear("", 0.0, 9.0))
            .ticks(5, 0)
            .panel_title(problem.name())
            .narrow_size(300);
        for (row, method) in Method::ALL.iter().enumerate() {
            let entry = entries
                .iter()
                .find(|e| e.method == *method)
                .expect("every method runs on every problem");
            let y = 8.0 - row as f64;
            let x = entry.relative.max(floor);
            if entry.error > 0.0 {
                // Two standard errors either side of the mean.
                let bar = [
                    ((entry.relative - 2.0 * entry.error).max(floor), y),
                    (entry.relative + 2.0 * entry.error, y),
                ];
                chart.line(&bar, method.colour()).width(3);
            }
            chart.points(&[(x, y)], method.colour()).radius(5);
            // The label goes on the side with more room, clear of the bar.
            let middle = if linear {
                (x - l) / (h - l)
            } else {
                (x.log10() - l) / (h - l)
            };
            let right = middle > 0.5;
            let at = match (linear, right) {
                (true, true) => x - 0.03 * (h - l) - 2.0 * entry.error,
                (true, false) => x + 0.03 * (h - l) + 2.0 * entry.error,
                (false, true) => x / 10f64.powf((h - l) * 0.03),
                (false, false) => x * 10f64.powf((h - l) * 0.03),
            };
            let anchor = if right { Anchor::Right } else { Anchor::Left };
            chart
                .text((at, y), method.short(), method.colour())
                .anchor(anchor);
        }
        charts.push(chart);
    }
    Figure::panels("comparison.svg", &charts, 2, 720, 620)
}
