//! The chapter's figures.
//!
//! One colour per meaning throughout: data points near-black; the signal
//! `𝒮(x)` and the noise level `σ²` grey and dashed; a fitted curve blue;
//! training error blue, validation error green, test error vermillion;
//! bias² orange, variance purple. A dashed line of an error's colour is
//! the same error for ridge where the solid one is for another method; in
//! the bias–variance figure dots are measured and thin solid lines exact.

use harness::format::{scientific, significant};
use harness::plot::{Anchor, Axis, Chart, Colour, Figure, palette};

use crate::Report;
use crate::basis::{Legendre, NOISE, POINTS};
use crate::degree::{curve, curves, fits_across_seeds, signal_curve};
use crate::early::{SHOWN_STEPS, descent_filter, ridge_filter, sampled_steps};
use crate::readers::Experiment;
use crate::ridge::shown_strengths;
use crate::sources::{ATOMS, SECONDS, expected_decays};

/// Data points.
pub const DATA: Colour = palette::INK;
/// The signal, and the noise level `σ²`, the irreducible error.
pub const SIGNAL: Colour = palette::GREY;
/// A fitted curve, and the training error.
pub const FIT: Colour = palette::BLUE;
/// The training error.
pub const TRAIN: Colour = palette::BLUE;
/// The validation error.
pub const VALIDATION: Colour = palette::GREEN;
/// The test error.
pub const TEST: Colour = palette::VERMILLION;
/// bias², and what is left over by a model too simple.
pub const BIAS: Colour = palette::ORANGE;
/// The variance.
pub const VARIANCE: Colour = palette::PURPLE;

/// The window of the data panels: `x` on `[−1, 1]`, `y` on this range.
pub const Y_RANGE: (f64, f64) = (-1.0, 2.0);

/// A panel with the signal dashed and the points of `data`.
fn data_panel(title: &str, points: &[(f64, f64)]) -> Chart {
    let mut chart = Chart::new(
        Axis::linear("input x", -1.0, 1.0),
        Axis::linear("output y", Y_RANGE.0, Y_RANGE.1),
    )
    .panel_title(title)
    .ticks(5, 7);
    chart.line(&signal_curve(), SIGNAL).dashed().width(2);
    chart.points(points, DATA).radius(4);
    chart
}

/// Three sources of noise, one panel each.
pub fn sources(report: &Report) -> Figure {
    let measured = data_panel("measurement noise", &report.draw.train.points());
    let mut line = data_panel("a line for a curve", &report.misspecified.data.points());
    let model = Legendre::new(1);
    line.line(&curve(&model, &report.misspecified.theta), FIT);
    for s in &report.misspecified.data.samples {
        let fitted = model.predict_at(&report.misspecified.theta, s.x);
        line.line(&[(s.x, s.y), (s.x, fitted)], BIAS).width(2);
    }
    let counts: Vec<(f64, f64)> = report
        .decay
        .counts
        .iter()
        .enumerate()
        .map(|(j, c)| (j as f64 + 0.5, *c as f64))
        .collect();
    let expected: Vec<(f64, f64)> = (0..=SECONDS * 4)
        .map(|i| {
            let t = i as f64 / 4.0;
            // The expected count in the second starting at t, for a smooth curve.
            let (mean, _) = expected_decays(0);
            (t, mean * (1.0 - crate::sources::DECAY_CHANCE).powf(t - 0.5))
        })
        .collect();
    let mut decay = Chart::new(
        Axis::linear("second", 0.0, SECONDS as f64),
        // Up to 110, so that the top tick label (100) stays clear of the title.
        Axis::linear("decays counted", 0.0, 110.0),
    )
    .panel_title(&format!("{ATOMS} atoms decaying"))
    .ticks(4, 6);
    decay.line(&expected, SIGNAL).dashed().width(2);
    decay.points(&counts, DATA).radius(4);
    Figure::panels("sources.svg", &[measured, line, decay], 3, 720, 320)
}

/// The fits of three degrees to the book's data set.
pub fn fits(report: &Report) -> Figure {
    let best = crate::degree::best_degree(&report.fits);
    let charts: Vec<Chart> = [1, best, POINTS - 1]
        .iter()
        .map(|&k| {
            let fit = &report.fits[k];
            let mut chart = data_panel(&format!("degree {k}"), &report.draw.train.points());
            chart.line(&curve(&Legendre::new(k), &fit.theta), FIT);
            chart
        })
        .collect();
    Figure::panels("fits.svg", &charts, 3, 720, 320)
}

/// The floor of the error axes: smaller errors are drawn off the bottom.
pub const ERROR_FLOOR: f64 = 1e-5;

/// Training and test error of one data set against the degree.
pub fn degree(report: &Report) -> Figure {
    let top = (POINTS - 1) as f64;
    let mut chart = Chart::new(
        Axis::linear("degree k", 0.0, top),
        Axis::log("mean squared error", ERROR_FLOOR, 10.0),
    )
    .ticks(12, 7);
    let train: Vec<(f64, f64)> = report
        .fits
        .iter()
        .map(|f| (f.degree as f64, f.train.max(1e-300)))
        .collect();
    let test: Vec<(f64, f64)> = report
        .fits
        .iter()
        .map(|f| (f.degree as f64, f.test))
        .collect();
    chart.horizontal_line(NOISE * NOISE, SIGNAL);
    chart.line(&train, TRAIN);
    chart.points(&train, TRAIN);
    chart.line(&test, TEST);
    chart.points(&test, TEST);
    chart.text((0.2, 0.6), "test", TEST).narrow_at((0.3, 0.9));
    chart
        .text((3.3, 6e-3), "training", TRAIN)
        .narrow_at((2.5, 4e-3));
    chart
        .text((6.0, 0.025), "noise σ²", SIGNAL)
        .narrow_at((4.0, 0.022));
    let last = report.fits[POINTS - 1].train;
    chart
        .text(
            (top - 1.15, 2.5 * ERROR_FLOOR),
            &format!("k = {}: {} ↓", POINTS - 1, scientific(last, 0)),
            TRAIN,
        )
        .anchor(Anchor::Right)
        .narrow_at((top - 1.4, 3e-5));
    Figure::new("degree.svg", &chart)
}

/// The mean test error over many data sets, taken apart.
pub fn bias_variance(report: &Report) -> Figure {
    let bv = &report.bias_variance;
    let top = (POINTS - 1) as f64;
    let mut chart = Chart::new(
        Axis::linear("degree k", 0.0, top),
        Axis::log("mean squared error", 1e-4, 10.0),
    )
    .ticks(12, 6);
    let series = |f: &dyn Fn(&crate::degree::Decomposition) -> f64| -> Vec<(f64, f64)> {
        bv.rows.iter().map(|r| (r.degree as f64, f(r))).collect()
    };
    let test = series(&|r| r.test().0);
    let bias = series(&|r| r.bias2);
    let variance = series(&|r| r.variance);
    let exact = |f: &dyn Fn(&(f64, f64)) -> f64| -> Vec<(f64, f64)> {
        bv.exact
            .iter()
            .enumerate()
            .map(|(k, pair)| (k as f64, f(pair)))
            .collect()
    };
    let sigma2 = NOISE * NOISE;
    chart.horizontal_line(sigma2, SIGNAL).width(2);
    chart.line(&exact(&|p| p.0), BIAS).width(1);
    chart.points(&bias, BIAS).radius(4);
    chart.line(&exact(&|p| p.1), VARIANCE).width(1);
    chart.points(&variance, VARIANCE).radius(4);
    chart.line(&exact(&|p| sigma2 + p.0 + p.1), TEST).width(1);
    chart.points(&test, TEST).radius(5);
    chart
        .text((0.3, 0.45), "mean test error", TEST)
        .narrow_at((0.3, 1.0));
    chart
        .text((0.3, 0.11), "bias²", BIAS)
        .narrow_at((1.5, 0.25));
    chart.text((0.3, 1.7e-3), "variance", VARIANCE);
    chart
        .text((4.0, 0.028), "noise σ²", SIGNAL)
        .narrow_at((3.0, 0.025));
    chart
        .text((4.6, 2.5e-4), "dots: measured; lines: exact", palette::INK)
        .wide_only();
    chart
        .text((0.3, 3e-4), "dots: measured", palette::INK)
        .narrow_only();
    chart
        .text((0.3, 1.5e-4), "lines: exact", palette::INK)
        .narrow_only();
    Figure::new("bias-variance.svg", &chart)
}

/// How many data sets the spread figure draws.
pub const SPREAD_SETS: usize = 20;
/// The degrees of its panels.
pub const SPREAD_DEGREES: [usize; 2] = [3, 11];

/// Fits of the same degree to twenty data sets: each is fixed by its seed,
/// the spread between them is the variance.
pub fn seeds() -> Figure {
    let charts: Vec<Chart> = SPREAD_DEGREES
        .iter()
        .map(|&k| {
            let model = Legendre::new(k);
            let thetas = fits_across_seeds(POINTS, NOISE, k, SPREAD_SETS);
            let mut chart = Chart::new(
                Axis::linear("input x", -1.0, 1.0),
                Axis::linear("output y", Y_RANGE.0, Y_RANGE.1),
            )
            .panel_title(&format!("degree {k}, {SPREAD_SETS} seeds"))
            .ticks(5, 7);
            for line in curves(&model, &thetas) {
                chart.line(&line, FIT).width(1);
            }
            let mean: Vec<f64> = (0..model.count())
                .map(|j| thetas.iter().map(|t| t[j]).sum::<f64>() / thetas.len() as f64)
                .collect();
            chart.line(&signal_curve(), SIGNAL).dashed().width(2);
            chart.line(&curve(&model, &mean), BIAS).width(3);
            if k == SPREAD_DEGREES[0] {
                chart
                    .text((-0.9, 1.75), "orange: the mean of the fits", BIAS)
                    .anchor(Anchor::Left);
            }
            chart
        })
        .collect();
    Figure::panels("seeds.svg", &charts, 2, 720, 340)
}

/// Ridge fits of degree `n − 1` for several strengths.
pub fn ridge_fits(report: &Report) -> Figure {
    let model = Legendre::new(report.ridge.degree);
    let chosen = report.ridge.chosen().mu;
    let mut charts = Vec::new();
    for mu in shown_strengths(chosen) {
        let theta = crate::basis::ridge(&model, &report.draw.train, mu).expect("μ > 0");
        let title = if mu == chosen {
            format!("μ = {} (chosen)", significant(mu, 2))
        } else if mu >= 1.0 {
            format!("μ = {}", significant(mu, 3))
        } else {
            format!("μ = {}", scientific(mu, 0))
        };
        let mut chart = data_panel(&title, &report.draw.train.points());
        chart.line(&curve(&model, &theta), FIT);
        charts.push(chart);
    }
    Figure::panels("ridge-fits.svg", &charts, 2, 720, 560)
}

/// Training, validation and test error against the L2 strength.
pub fn ridge(report: &Report) -> Figure {
    let path = &report.ridge;
    let mut chart = Chart::new(
        Axis::log("L2 strength μ", 1e-8, 100.0),
        Axis::log("mean squared error", ERROR_FLOOR, 10.0),
    );
    let series = |f: &dyn Fn(&crate::ridge::RidgeFit) -> f64| -> Vec<(f64, f64)> {
        path.fits.iter().map(|r| (r.mu, f(r))).collect()
    };
    chart.horizontal_line(NOISE * NOISE, SIGNAL);
    chart.line(&series(&|r| r.train), TRAIN);
    chart.line(&series(&|r| r.validation), VALIDATION);
    chart.line(&series(&|r| r.test), TEST);
    let chosen = path.chosen();
    chart.vertical_line(chosen.mu, VALIDATION);
    chart
        .points(&[(chosen.mu, chosen.validation)], VALIDATION)
        .radius(5);
    chart.points(&[(chosen.mu, chosen.test)], TEST).radius(5);
    chart.text((1e-7, 0.5), "test", TEST).narrow_at((1e-7, 0.6));
    chart
        .text((1e-7, 0.13), "validation", VALIDATION)
        .narrow_at((1e-7, 0.15));
    chart.text((1e-7, 0.027), "noise σ²", SIGNAL);
    chart
        .text((2e-3, 3e-4), "training", TRAIN)
        .anchor(Anchor::Right);
    chart
        .text(
            (chosen.mu * 0.7, 3e-5),
            &format!("chosen μ = {}", significant(chosen.mu, 2)),
            VALIDATION,
        )
        .anchor(Anchor::Right)
        .narrow_at((chosen.mu * 0.7, 3.0));
    Figure::new("ridge.svg", &chart)
}

/// The colours of the steps whose filters the figure draws: lighter to
/// darker as the walk goes on.
pub const STEP_COLOURS: [Colour; 3] = [palette::SKY, palette::BLUE, palette::INK];

/// Early stopping's filter factors against ridge's at `μ = 1/(ηt)`.
pub fn filters(report: &Report) -> Figure {
    let e = &report.early;
    let (low, high) = (1e-4, 100.0);
    let mut chart = Chart::new(
        Axis::log("curvature λ", low, high),
        Axis::linear("share of the coefficient fitted", 0.0, 1.05),
    );
    let lambdas: Vec<f64> = (0..=240)
        .map(|i| 10f64.powf(-4.0 + 6.0 * i as f64 / 240.0))
        .filter(|l| e.eta * l <= 1.0)
        .collect();
    for (t, colour) in SHOWN_STEPS.iter().zip(STEP_COLOURS) {
        let mu = e.matching_mu(*t);
        let descent: Vec<(f64, f64)> = lambdas
            .iter()
            .map(|l| (*l, descent_filter(e.eta, *l, *t)))
            .collect();
        let ridge: Vec<(f64, f64)> = lambdas.iter().map(|l| (*l, ridge_filter(*l, mu))).collect();
        chart.line(&descent, colour);
        chart.line(&ridge, colour).dashed();
        let at: Vec<(f64, f64)> = e
            .eigen
            .values
            .iter()
            .map(|l| (*l, descent_filter(e.eta, *l, *t)))
            .collect();
        chart.points(&at, colour).radius(4);
        // Right of the descent curve's middle, which is at ηλt = ln 2.
        let x = 1.8 / (e.eta * *t as f64);
        chart
            .text((x, 0.5), &format!("t = {t}"), colour)
            .anchor(Anchor::Left)
            .wide_only();
        let narrow_height = match t {
            10 => 0.45,
            100 => 0.55,
            _ => 0.65,
        };
        chart
            .text((2e-4, narrow_height), &format!("t = {t}"), colour)
            .narrow_only();
    }
    chart.vertical_line(1.0 / e.eta, SIGNAL);
    chart
        .text((0.9 / e.eta, 0.08), "λmax = 1/η", SIGNAL)
        .anchor(Anchor::Right)
        .narrow_at((0.9 / e.eta, 0.05));
    chart
        .text(
            (1.5e-4, 0.95),
            "solid: descent; dashed: ridge",
            palette::INK,
        )
        .wide_only();
    chart
        .text((2e-4, 0.9), "solid: descent", palette::INK)
        .narrow_only();
    chart
        .text((2e-4, 0.8), "dashed: ridge", palette::INK)
        .narrow_only();
    Figure::new("filters.svg", &chart)
}

/// Errors along the early-stopping walk, and ridge's test error at the
/// matching strength.
pub fn early_stopping(report: &Report) -> Figure {
    let e = &report.early;
    let draw = &report.draw;
    let model = e.model();
    let featured = crate::basis::FeaturedDraw::new(&model, draw);
    let steps = sampled_steps(e.walk.steps());
    let mut chart = Chart::new(
        Axis::log("step t", 1.0, e.walk.steps() as f64),
        Axis::log("mean squared error", ERROR_FLOOR, 1.0),
    );
    let along = |f: &dyn Fn(&[f64]) -> f64| -> Vec<(f64, f64)> {
        steps
            .iter()
            .map(|&t| (t as f64, f(&e.walk.points[t])))
            .collect()
    };
    chart.horizontal_line(NOISE * NOISE, SIGNAL);
    chart.line(&along(&|th| featured.train.mse(th)), TRAIN);
    chart.line(&along(&|th| featured.validation.mse(th)), VALIDATION);
    chart.line(&along(&|th| featured.test.mse(th)), TEST);
    let ridge_test: Vec<(f64, f64)> = steps
        .iter()
        .map(|&t| (t as f64, featured.test.mse(&e.matching_ridge(draw, t))))
        .collect();
    chart.line(&ridge_test, TEST).dashed();
    let best = e.stop.best;
    chart.vertical_line(best as f64, VALIDATION);
    chart.text((1.3, 0.7), "test", TEST).narrow_at((1.3, 0.75));
    chart.text((1.3, 0.08), "validation", VALIDATION);
    chart.text((1.3, 0.026), "noise σ²", SIGNAL);
    chart.text((40.0, 1e-3), "training", TRAIN);
    chart
        .text((300.0, 0.5), "dashed: ridge, μ = 1/(ηt)", TEST)
        .narrow_at((80.0, 0.6));
    chart
        .text(
            (best as f64 * 1.1, 3e-5),
            &format!("best at t = {best}, stopped at t = {}", e.stop.stopped),
            VALIDATION,
        )
        .wide_only();
    chart
        .text(
            (best as f64 * 1.1, 3e-5),
            &format!("best at t = {best}"),
            VALIDATION,
        )
        .narrow_only();
    Figure::new("early-stopping.svg", &chart)
}

/// The expected test error against the number of features.
pub fn double_descent(report: &Report) -> Figure {
    let most = report.sweep.len() as f64;
    let mut chart = Chart::new(
        Axis::linear("number of features d", 1.0, most),
        Axis::log("expected test error", 0.01, 10.0),
    );
    let min_norm: Vec<(f64, f64)> = report
        .sweep
        .iter()
        .map(|p| (p.features as f64, p.test(NOISE)))
        .collect();
    let ridge: Vec<(f64, f64)> = report
        .sweep
        .iter()
        .map(|p| (p.features as f64, p.ridge))
        .collect();
    chart.horizontal_line(NOISE * NOISE, SIGNAL);
    chart.vertical_line(POINTS as f64, palette::GREY);
    chart.line(&min_norm, TEST);
    chart.points(&min_norm, TEST);
    chart.line(&ridge, TEST).dashed();
    chart
        .text(
            (POINTS as f64 + 1.0, 4.0),
            &format!("d = n = {POINTS}"),
            palette::GREY,
        )
        .anchor(Anchor::Left);
    chart
        .text((22.0, 0.15), "smallest-norm fit", TEST)
        .narrow_at((16.0, 0.2));
    chart
        .text((22.0, 0.045), "ridge, μ = 10⁻³ (dashed)", TEST)
        .narrow_at((14.0, 0.03));
    chart.text((2.0, 0.03), "noise σ²", SIGNAL);
    Figure::new("double-descent.svg", &chart)
}

/// Every figure of the book's run, in the order the text shows them.
pub fn book(report: &Report) -> Vec<Figure> {
    vec![
        sources(report),
        fits(report),
        degree(report),
        seeds(),
        bias_variance(report),
        ridge_fits(report),
        ridge(report),
        filters(report),
        early_stopping(report),
        double_descent(report),
    ]
}

/// The reader's figure: the data, the signal, the exact fit and the walk's
/// fit where it stopped.
pub fn readers(experiment: &Experiment) -> Figure {
    let s = experiment.settings;
    let model = experiment.model();
    let points = experiment.draw.train.points();
    let spread = 3.0 * s.noise;
    let mut chart = Chart::new(
        Axis::linear("input x", -1.0, 1.0),
        Axis::linear("output y", Y_RANGE.0 - spread, Y_RANGE.1 + spread),
    )
    .panel_title(&format!(
        "degree {}{}, n = {}, σ = {}, μ = {}",
        s.degree,
        if s.taper { " (tapered)" } else { "" },
        s.points,
        significant(s.noise, 3),
        significant(s.mu, 3)
    ));
    chart.line(&signal_curve(), SIGNAL).dashed().width(2);
    chart.points(&points, DATA).radius(4);
    if let Some(theta) = &experiment.exact {
        chart.line(&curve(&model, theta), FIT);
    }
    chart
        .line(&curve(&model, experiment.walk.final_point()), BIAS)
        .width(2);
    chart
        .text(
            (-0.95, Y_RANGE.1 + 0.6 * spread),
            &format!("blue: exact fit; orange: descent stopped at t = {}", s.stop),
            palette::INK,
        )
        .anchor(Anchor::Left);
    Figure::new(&s.file_name(), &chart)
}
