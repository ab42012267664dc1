//! The reader's own run: any optimizer of the chapter, with PyTorch's
//! options, on any of its surfaces.

use std::fmt::Write as _;

use descent::{Momentum, Outcome, StoppingRules, Trajectory, descend};
use harness::cli::{Args, CliError, Opt};
use harness::format::{cadence, decimals, scientific, significant};
use harness::plot::{Anchor, Axis, Chart, Figure, Grid, palette};
use harness::table::Table;
use harness::{Run, Trace};

use crate::experiments::{TOLERANCE, distances, steps_to_tolerance};
use crate::figures::{contours, map_chart_for, path};
use crate::surfaces::{Pieces, Surface};
use crate::theory::{
    best_gradient_descent, exact_error, nesterov_tuning, optimal_heavy_ball, steps_to_shrink,
    worst_radius,
};
use crate::{MapPoint, distance_text};

/// `--optimizer`.
pub const OPTIMIZER: Opt = Opt::choice(
    "--optimizer",
    &["gd", "momentum", "nesterov"],
    "plain gradient descent, the heavy ball, or Nesterov in PyTorch's form\n(default momentum)",
);
/// `--surface`.
pub const SURFACE: Opt = Opt::choice(
    "--surface",
    &["bowl", "line", "raw", "pieces"],
    "the bowl (θ₁² + κθ₂²)/2, chapter 3's line, the raw points x = 1…10,\nor the three quadratic pieces (default bowl)",
);
/// `--kappa`.
pub const KAPPA: Opt = Opt::number(
    "--kappa",
    "K",
    1.0,
    1e6,
    "the bowl's condition number κ, from 1 to 1000000 (default 100)",
);
/// `--lr`.
pub const LR: Opt = Opt::positive(
    "--lr",
    "ETA",
    "the learning rate η (default: the best for the surface and optimizer)",
);
/// `--beta`.
pub const BETA: Opt = Opt::number(
    "--beta",
    "BETA",
    0.0,
    0.999,
    "the momentum β, from 0 to 0.999 (default: the best for the surface)",
);
/// `--dampening`.
pub const DAMPENING: Opt = Opt::number(
    "--dampening",
    "ZETA",
    0.0,
    1.0,
    "PyTorch's dampening ζ, from 0 to 1 (default 0; momentum only)",
);
/// `--weight-decay`.
pub const WEIGHT_DECAY: Opt = Opt::number(
    "--weight-decay",
    "MU",
    0.0,
    1000.0,
    "PyTorch's weight decay μ, from 0 to 1000 (default 0)",
);
/// `--theta1`.
pub const THETA1: Opt = Opt::number(
    "--theta1",
    "X",
    -1000.0,
    1000.0,
    "the first coordinate of the start (default 1 on the bowl, 0 on the\nlines, 3.3 on the pieces)",
);
/// `--theta2`.
pub const THETA2: Opt = Opt::number(
    "--theta2",
    "Y",
    -1000.0,
    1000.0,
    "the second coordinate of the start (default 1 on the bowl, 0 on the lines)",
);
/// `--steps`.
pub const STEPS: Opt = Opt::count(
    "--steps",
    "N",
    1,
    100_000,
    "the number of steps, 1 to 100000 (default 300)",
);

/// Every option of the reader's run.
pub const OPTIONS: &[Opt] = &[
    OPTIMIZER,
    SURFACE,
    KAPPA,
    LR,
    BETA,
    DAMPENING,
    WEIGHT_DECAY,
    THETA1,
    THETA2,
    STEPS,
];

/// What the reader asked for, with every default filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `gd`, `momentum` or `nesterov`.
    pub optimizer: &'static str,
    /// The surface.
    pub surface: Surface,
    /// The optimizer, ready to run.
    pub rule: Momentum,
    /// The start.
    pub start: Vec<f64>,
    /// The number of steps.
    pub steps: usize,
}

/// A value that was not given on the command line.
fn given(v: f64) -> Option<f64> {
    if v.is_nan() { None } else { Some(v) }
}

/// Read the options.
pub fn settings(args: &mut Args) -> Result<Settings, CliError> {
    let optimizer = args.choice(&OPTIMIZER, "momentum")?;
    let surface_name = args.choice(&SURFACE, "bowl")?;
    let kappa = given(args.number(&KAPPA, f64::NAN)?);
    let eta = args.positive(&LR, f64::NAN)?;
    let eta = given(eta);
    let beta = given(args.number(&BETA, f64::NAN)?);
    let dampening = given(args.number(&DAMPENING, f64::NAN)?);
    let weight_decay = args.number(&WEIGHT_DECAY, 0.0)?;
    let theta1 = given(args.number(&THETA1, f64::NAN)?);
    let theta2 = given(args.number(&THETA2, f64::NAN)?);
    let steps = args.count(&STEPS, 300)?;
    args.finish()?;

    let surface = match surface_name {
        "line" => Surface::chapter3_line(),
        "raw" => Surface::raw(),
        "pieces" => Surface::Pieces,
        _ => Surface::bowl(kappa.unwrap_or(100.0)),
    };
    if kappa.is_some() && surface_name != "bowl" {
        return Err(CliError(
            "--kappa sets the bowl's condition number: use it with --surface bowl".to_string(),
        ));
    }
    if theta2.is_some() && surface_name == "pieces" {
        return Err(CliError(
            "--theta2 has nothing to set: the pieces surface has one coordinate".to_string(),
        ));
    }
    if optimizer == "gd" {
        if beta.is_some() {
            return Err(CliError(
                "--beta needs --optimizer momentum or nesterov".to_string(),
            ));
        }
        if dampening.is_some() {
            return Err(CliError(
                "--dampening needs --optimizer momentum".to_string(),
            ));
        }
    }
    if optimizer == "nesterov" {
        if dampening.is_some_and(|d| d != 0.0) {
            return Err(CliError(
                "--dampening must be 0 with --optimizer nesterov (Nesterov momentum requires zero dampening)"
                    .to_string(),
            ));
        }
        if beta == Some(0.0) {
            return Err(CliError(
                "--beta must be above 0 with --optimizer nesterov (Nesterov momentum requires a momentum)"
                    .to_string(),
            ));
        }
    }
    // The defaults: the best settings for the surface's curvatures (with
    // weight decay, every curvature grows by μ).
    let (lambda_min, lambda_max) = surface.curvatures();
    let (lambda_min, lambda_max) = (lambda_min + weight_decay, lambda_max + weight_decay);
    let tuning = match optimizer {
        "gd" => best_gradient_descent(lambda_min, lambda_max),
        "nesterov" => nesterov_tuning(lambda_min, lambda_max),
        _ => optimal_heavy_ball(lambda_min, lambda_max),
    };
    let mut rule = Momentum::heavy_ball(eta.unwrap_or(tuning.eta), beta.unwrap_or(tuning.beta))
        .with_dampening(dampening.unwrap_or(0.0))
        .with_weight_decay(weight_decay);
    rule.nesterov = optimizer == "nesterov";
    let start = match &surface {
        Surface::Bowl(_) => vec![theta1.unwrap_or(1.0), theta2.unwrap_or(1.0)],
        Surface::Line { .. } => vec![theta1.unwrap_or(0.0), theta2.unwrap_or(0.0)],
        Surface::Pieces => vec![theta1.unwrap_or(3.3)],
    };
    Ok(Settings {
        optimizer,
        surface,
        rule,
        start,
        steps,
    })
}

impl Settings {
    /// The curvatures the theory sees: the surface's, each raised by `μ`
    /// (`None` on the pieces, which are not a quadratic).
    pub fn curvatures(&self) -> Option<Vec<f64>> {
        let h = self.surface.hessian()?;
        let (lambda_min, lambda_max) = self.surface.curvatures();
        let _ = h;
        Some(vec![
            lambda_min + self.rule.weight_decay,
            lambda_max + self.rule.weight_decay,
        ])
    }

    /// The long-run factor per step theory predicts on a quadratic surface.
    /// With dampening `ζ` the buffer after `t` steps is
    /// `(1 − ζ)·(gₜ + β·gₜ₋₁ + … + βᵗ⁻¹·g₁) + ζ·βᵗ⁻¹·g₁`: the first gradient
    /// enters whole. So the walk follows the heavy ball's recursion at the
    /// rate `η(1 − ζ)` from its second step on, after a first step taken at
    /// the full rate `η`, and its long-run factor is that of `η(1 − ζ)`.
    pub fn theory_factor(&self) -> Option<f64> {
        let curvatures = self.curvatures()?;
        let rate = if self.rule.beta != 0.0 {
            self.rule.eta * (1.0 - self.rule.dampening)
        } else {
            self.rule.eta
        };
        Some(worst_radius(
            rate,
            self.rule.beta,
            &curvatures,
            self.rule.nesterov,
        ))
    }

    /// On a bowl, without dampening or weight decay, the steps until the
    /// distance to the bottom falls below [`TOLERANCE`] of its start for
    /// good, from the exact error of each axis ([`exact_error`]): one more
    /// than the last step above it, searched up to twice the steps the
    /// factor alone would need and 200 more (past that the exact distance
    /// only shrinks). `None` elsewhere, or when theory says the walk does
    /// not converge, or needs more than 10⁷ steps.
    pub fn predicted_steps(&self) -> Option<usize> {
        let Surface::Bowl(kappa) = self.surface else {
            return None;
        };
        if self.rule.dampening != 0.0 || self.rule.weight_decay != 0.0 {
            return None;
        }
        let factor = self.theory_factor()?;
        if factor.is_nan() || factor >= 1.0 {
            return None;
        }
        let horizon = 2 * steps_to_shrink(factor, TOLERANCE) + 200;
        if horizon > 10_000_000 {
            return None;
        }
        let distance = |t: usize| {
            [(1.0, self.start[0]), (kappa, self.start[1])]
                .iter()
                .map(|&(lambda, e0)| {
                    exact_error(
                        self.rule.eta,
                        self.rule.beta,
                        lambda,
                        self.rule.nesterov,
                        e0,
                        t,
                    )
                    .powi(2)
                })
                .sum::<f64>()
                .sqrt()
        };
        let limit = TOLERANCE * distance(0);
        (0..=horizon)
            .rev()
            .find(|&t| distance(t) > limit)
            .map(|t| t + 1)
            .or(Some(0))
    }

    /// The figure's file name, made of the options.
    pub fn file_name(&self) -> String {
        // Six significant digits, written plainly: 0.00375853, not 3.758531090837113e-3.
        let short = |v: f64| {
            let rounded: f64 = format!("{v:.5e}").parse().unwrap_or(v);
            let text = format!("{rounded}");
            if text.len() > 12 {
                format!("{rounded:e}")
            } else {
                text
            }
        };
        let surface = match &self.surface {
            Surface::Bowl(kappa) => format!("bowl-kappa-{}", short(*kappa)),
            other => other.name().to_string(),
        };
        let mut name = format!("{}-{surface}-lr-{}", self.optimizer, short(self.rule.eta));
        if self.optimizer != "gd" {
            name.push_str(&format!("-beta-{}", short(self.rule.beta)));
        }
        if self.rule.dampening != 0.0 {
            name.push_str(&format!("-dampening-{}", short(self.rule.dampening)));
        }
        if self.rule.weight_decay != 0.0 {
            name.push_str(&format!("-wd-{}", short(self.rule.weight_decay)));
        }
        let start: Vec<String> = self.start.iter().map(|&v| short(v)).collect();
        name.push_str(&format!("-from-{}-steps-{}", start.join("_"), self.steps));
        name
    }
}

/// The reader's run and its figures.
pub fn run(args: &mut Args) -> Result<Run, CliError> {
    let settings = settings(args)?;
    let mut rule = settings.rule.clone();
    let trajectory = descend(
        &settings.surface,
        &mut rule,
        &settings.start,
        &StoppingRules::budget(settings.steps),
    );
    let bottom = settings.surface.bottom(settings.rule.weight_decay);
    let d = distances(&trajectory, &bottom);
    let mut report = describe(&settings, &trajectory, &d);
    let mut figures = vec![walk_figure(&settings, &trajectory, &d)];
    if let (Surface::Bowl(kappa), false, true, true) = (
        &settings.surface,
        settings.rule.nesterov,
        settings.rule.dampening == 0.0,
        settings.rule.weight_decay == 0.0,
    ) && settings.optimizer == "momentum"
    {
        let theory = settings.theory_factor().unwrap_or(f64::NAN);
        let best = optimal_heavy_ball(1.0, *kappa);
        // Only your pair and the optimum: the book's run measures the others.
        let measured: Vec<MapPoint> = Vec::new();
        let chart = map_chart_for(
            *kappa,
            &measured,
            Some((settings.rule.eta, settings.rule.beta, theory)),
        );
        figures.push(Figure::new(
            &format!("{}-map.svg", settings.file_name()),
            &chart,
        ));
        let _ = writeln!(
            report,
            "On the map: the green dot marks your pair, the black dot the optimum (η* = {}, β* = {}, factor {}).",
            decimals(best.eta, 4),
            decimals(best.beta, 4),
            decimals(best.factor, 4)
        );
    }
    let mut out = Run::new(report);
    out.figures = figures;
    out.trace = Some(Trace {
        what: format!("your {} run", settings.optimizer),
        table: Table::trace(&trajectory, settings.surface.coordinates()),
    });
    Ok(out)
}

fn describe(settings: &Settings, run: &Trajectory, d: &[f64]) -> String {
    let rule = &settings.rule;
    let mut text = String::new();
    let surface = match &settings.surface {
        Surface::Bowl(kappa) => format!(
            "the bowl (θ₁² + κθ₂²)/2 with κ = {}",
            significant(*kappa, 6)
        ),
        Surface::Line { name: "line", .. } => "chapter 3's line (50 points)".to_string(),
        Surface::Line { .. } => "the raw points x = 1…10".to_string(),
        Surface::Pieces => "the three quadratic pieces (curvature 1 to 25)".to_string(),
    };
    let _ = writeln!(text, "Chapter 8: your run on {surface}.");
    let (lambda_min, lambda_max) = settings.surface.curvatures();
    let _ = writeln!(
        text,
        "Curvatures: λ_min = {}, λ_max = {} (κ = {}).",
        significant(lambda_min, 4),
        significant(lambda_max, 4),
        significant(lambda_max / lambda_min, 4)
    );
    let mut how = format!(
        "{} with η = {}",
        match settings.optimizer {
            "gd" => "Gradient descent",
            "nesterov" => "Nesterov (PyTorch's form)",
            _ => "The heavy ball",
        },
        significant(rule.eta, 6)
    );
    if settings.optimizer != "gd" {
        let _ = write!(how, ", β = {}", significant(rule.beta, 6));
    }
    if rule.dampening != 0.0 {
        let _ = write!(how, ", dampening ζ = {}", significant(rule.dampening, 6));
    }
    if rule.weight_decay != 0.0 {
        let _ = write!(
            how,
            ", weight decay μ = {}",
            significant(rule.weight_decay, 6)
        );
    }
    let _ = writeln!(text, "{how}, {} steps:", settings.steps);
    let names = settings.surface.coordinates();
    let _ = writeln!(
        text,
        "  step      {}distance to the bottom",
        names.iter().map(|n| format!("{n:<12}")).collect::<String>()
    );
    for t in cadence(run.steps()) {
        let coords: String = run.points[t]
            .iter()
            .map(|&v| format!("{:<12}", distance_text(v)))
            .collect();
        let _ = writeln!(text, "  {t:<8}  {coords}{}", distance_text(d[t]));
    }
    let _ = writeln!(text);
    let _ = writeln!(text, "{}", run.outcome);
    if let Outcome::Diverged { step, .. } = run.outcome {
        let _ = writeln!(
            text,
            "The walk left the bowl at step {step}: the heavy ball is stable only for \
             0 < ηλ < 2 + 2β on every curvature λ (0 < ηλ < 2 without momentum)."
        );
    } else {
        let steps = steps_to_tolerance(d);
        if steps <= run.steps() && d[run.steps()] <= TOLERANCE * d[0] {
            // The run cannot see past its end: say only what it saw.
            let _ = writeln!(
                text,
                "The distance to the bottom was below 10⁻⁶ of its start from step {steps} to the end of the run (step {}).",
                run.steps()
            );
        } else {
            let _ = writeln!(
                text,
                "The distance to the bottom has shrunk to {} of its start.",
                scientific(d[run.steps()] / d[0], 2)
            );
        }
        if let Some(t) = settings.predicted_steps() {
            let _ = writeln!(
                text,
                "Theory (the exact solution of the recursion on each axis): below 10⁻⁶ of its start for good from step {t}{}.",
                if t > run.steps() {
                    format!(
                        ", past this run's end: try --steps {}",
                        t.next_multiple_of(100)
                    )
                } else {
                    String::new()
                }
            );
        }
    }
    match settings.theory_factor() {
        Some(factor) => {
            let _ = writeln!(
                text,
                "Theory: the factor per step is {} (the spectral radius over both curvatures{}){}.",
                if factor < 10.0 {
                    decimals(factor, 4)
                } else {
                    significant(factor, 4)
                },
                if rule.dampening != 0.0 && rule.beta != 0.0 {
                    ", at the rate η(1 − ζ) that dampening leaves after the first step"
                } else {
                    ""
                },
                if factor >= 1.0 {
                    ": no convergence"
                } else {
                    ""
                }
            );
        }
        None => {
            let _ = writeln!(
                text,
                "The pieces are not one quadratic: no single factor; watch the walk instead."
            );
        }
    }
    text
}

fn walk_figure(settings: &Settings, run: &Trajectory, d: &[f64]) -> Figure {
    let steps = run.steps().max(1) as f64;
    let left = match &settings.surface {
        Surface::Pieces => {
            let mut chart = Chart::new(
                Axis::linear("step t", 0.0, steps),
                Axis::linear("θₜ", -4.0, 4.0),
            )
            .panel_title("the walk");
            let points: Vec<(f64, f64)> = run
                .points
                .iter()
                .enumerate()
                .map(|(t, p)| (t as f64, p[0]))
                .collect();
            chart.horizontal_line(0.0, palette::GREY);
            chart.line(&points, palette::VERMILLION).width(2);
            let _ = Pieces;
            chart
        }
        surface => {
            let bottom = surface.bottom(settings.rule.weight_decay);
            let reach = settings
                .start
                .iter()
                .zip(&bottom)
                .map(|(s, b)| (s - b).abs())
                .fold(0.5_f64, f64::max)
                * 1.6;
            let (x0, x1) = (bottom[0] - reach, bottom[0] + reach);
            let (y0, y1) = (bottom[1] - reach, bottom[1] + reach);
            let names = settings.surface.coordinates();
            let mut chart = Chart::new(
                Axis::linear(names[0], x0, x1),
                Axis::linear(names[1], y0, y1),
            )
            .panel_title("the walk on the contours");
            let grid = Grid {
                x: (x0, x1),
                y: (y0, y1),
                cells: (80, 80),
            };
            let low = {
                use descent::Objective;
                surface.value(&bottom)
            };
            let top = {
                use descent::Objective;
                surface.value(&settings.start)
            };
            let levels: Vec<f64> = [0.001, 0.01, 0.1, 0.5, 1.0]
                .iter()
                .map(|f| low + f * (top - low).max(1e-9))
                .collect();
            contours(&mut chart, surface, &grid, &levels);
            chart.path(&path(run, 200), palette::VERMILLION);
            chart
                .points(&[(bottom[0], bottom[1])], palette::INK)
                .radius(4);
            chart
        }
    };
    let positive: Vec<(f64, f64)> = d
        .iter()
        .enumerate()
        .filter(|(_, v)| **v > 0.0)
        .map(|(t, &v)| (t as f64, v))
        .collect();
    let low = positive
        .iter()
        .fold(f64::INFINITY, |m, p| m.min(p.1))
        .max(1e-300)
        .min(d[0] * 1e-3);
    let high = positive
        .iter()
        .fold(0.0_f64, |m, p| m.max(p.1))
        .max(low * 10.0);
    let mut right = Chart::new(
        Axis::linear("step t", 0.0, steps),
        Axis::log("distance to the bottom", low, high * 2.0),
    )
    .panel_title("distance, log scale");
    right.line(&positive, palette::VERMILLION).width(2);
    if let (Some(factor), false) = (settings.theory_factor(), run.outcome.diverged())
        && factor > 0.0
        && factor < 1.0
    {
        // The slope theory predicts, drawn through the last point.
        let last = run.steps();
        let theory: Vec<(f64, f64)> = (0..=last)
            .map(|t| (t as f64, d[last] * factor.powi(t as i32 - last as i32)))
            .filter(|p| p.1 >= low && p.1 <= high * 2.0)
            .collect();
        right.line(&theory, palette::INK).dashed();
        right
            .text(
                (steps * 0.5, high),
                &format!("dashed: {}ᵗ", decimals(factor, 4)),
                palette::INK,
            )
            .anchor(Anchor::Centre);
    }
    if let Some(zero) = d.iter().position(|&v| v == 0.0) {
        right
            .text(
                (steps * 0.5, (low * high).sqrt()),
                &format!("exactly 0 from step {zero}: off the log scale"),
                palette::INK,
            )
            .anchor(Anchor::Centre);
    }
    if let Outcome::Diverged { step, .. } = run.outcome {
        right
            .text(
                (steps * 0.5, (low * high).sqrt()),
                &format!("diverged at step {step}: stopped"),
                palette::INK,
            )
            .anchor(Anchor::Centre);
    }
    Figure::panels(
        &format!("{}.svg", settings.file_name()),
        &[left, right],
        2,
        720,
        380,
    )
}
