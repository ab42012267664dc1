//! A reader's own walk: any of the chapter's landscapes, any start, any
//! rate, with or without noise.

use std::fmt::Write as _;

use descent::landscape::{
    CriticalKind, Cubic, Curvature, DoubleWell, Himmelblau, Saddle, classify, eigenvalues,
};
use descent::{
    Divergence, GradientDescent, NoisyGradientDescent, Objective, Outcome, StoppingRules,
    Trajectory, descend,
};
use harness::cli::{Args, CliError, Opt};
use harness::format::{cadence, scientific, significant};
use harness::plot::{Anchor, Axis, Chart, Figure, Grid, contour_lines, palette, sample};
use harness::table::Table;
use harness::{Run, Trace};

/// `--landscape`: which landscape to walk on.
pub const LANDSCAPE: Opt = Opt::choice(
    "--landscape",
    &["double-well", "saddle", "cubic", "himmelblau"],
    "the landscape: θ⁴/4 − θ³/3 − θ², θ₁² − θ₂², θ³ or Himmelblau's\nfunction (default double-well)",
);

/// `--start`: the start's first coordinate.
pub const START: Opt = Opt::number(
    "--start",
    "THETA1",
    -10.0,
    10.0,
    "where the walk starts, θ₁, from −10 to 10 (default 3.2 on the\ndouble well, 1 on the saddle and the cubic, 0 on himmelblau)",
);

/// `--start2`: the start's second coordinate, on a two-variable landscape.
pub const START2: Opt = Opt::number(
    "--start2",
    "THETA2",
    -10.0,
    10.0,
    "the start's θ₂ on saddle and himmelblau, from −10 to 10 (default\n10⁻⁶ on the saddle, 0 on himmelblau)",
);

/// `--lr`: the learning rate.
pub const LR: Opt = Opt::positive(
    "--lr",
    "ETA",
    "learning rate η (default 0.25 on the double well, 0.1 on the saddle\nand the cubic, 0.01 on himmelblau)",
);

/// `--noise`: the noise's standard deviation.
pub const NOISE: Opt = Opt::number(
    "--noise",
    "SIGMA",
    0.0,
    1000.0,
    "the noise σ_g: θ ← θ − η(∇f(θ) + ξ), ξ normal with standard\ndeviation σ_g in each coordinate, from 0 to 1000 (default 0, plain\ngradient descent, stopped once ‖∇f‖ ≤ 10⁻⁶)",
);

/// `--steps`: the step budget.
pub const STEPS: Opt = Opt::count(
    "--steps",
    "N",
    1,
    100_000,
    "number of steps, 1 to 100000 (default 200)",
);

/// `--seed`: the seed of the noise.
pub const SEED: Opt = Opt::seed("--seed", "seed of the noise, 0 to 2⁶⁴ − 1 (default 7)");

/// Every option of the reader's run.
pub const OPTIONS: &[Opt] = &[LANDSCAPE, START, START2, LR, NOISE, STEPS, SEED];

/// Command lines `--help` suggests.
pub const EXAMPLES: &[&str] = &[
    "--lr 0.05",
    "--start 3 --lr 0.25",
    "--start 1.5 --lr 0.4",
    "--landscape saddle --start2 1e-12",
    "--landscape cubic --steps 100000",
    "--landscape himmelblau --start -0.27 --start2 -0.92",
    "--noise 3 --start -1 --lr 0.1 --seed 2",
];

/// The landscapes a reader can choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Landscape {
    /// [`DoubleWell`].
    DoubleWell,
    /// [`Saddle`].
    Saddle,
    /// [`Cubic`].
    Cubic,
    /// [`Himmelblau`].
    Himmelblau,
}

impl Landscape {
    /// Its name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Landscape::DoubleWell => "double-well",
            Landscape::Saddle => "saddle",
            Landscape::Cubic => "cubic",
            Landscape::Himmelblau => "himmelblau",
        }
    }

    /// Its formula.
    pub fn formula(self) -> &'static str {
        match self {
            Landscape::DoubleWell => "the double well f(θ) = θ⁴/4 − θ³/3 − θ²",
            Landscape::Saddle => "the saddle f(θ) = θ₁² − θ₂²",
            Landscape::Cubic => "the cubic f(θ) = θ³",
            Landscape::Himmelblau => {
                "Himmelblau's function f(θ) = (θ₁² + θ₂ − 11)² + (θ₁ + θ₂² − 7)²"
            }
        }
    }

    /// How many variables it has.
    pub fn dimension(self) -> usize {
        match self {
            Landscape::DoubleWell | Landscape::Cubic => 1,
            Landscape::Saddle | Landscape::Himmelblau => 2,
        }
    }

    /// The default start, rate.
    fn defaults(self) -> ([f64; 2], f64) {
        match self {
            Landscape::DoubleWell => ([3.2, 0.0], 0.25),
            Landscape::Saddle => ([1.0, 1e-6], 0.1),
            Landscape::Cubic => ([1.0, 0.0], 0.1),
            Landscape::Himmelblau => ([0.0, 0.0], 0.01),
        }
    }

    /// `f`, its gradient and its Hessian at `theta`.
    fn evaluate(self, theta: &[f64]) -> (f64, Vec<f64>, Vec<Vec<f64>>) {
        fn all(f: &impl Curvature, theta: &[f64]) -> (f64, Vec<f64>, Vec<Vec<f64>>) {
            (f.value(theta), f.gradient(theta), f.hessian(theta))
        }
        match self {
            Landscape::DoubleWell => all(&DoubleWell, theta),
            Landscape::Saddle => all(&Saddle, theta),
            Landscape::Cubic => all(&Cubic, theta),
            Landscape::Himmelblau => all(&Himmelblau, theta),
        }
    }
}

/// The settings of a reader's walk.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// The landscape.
    pub landscape: Landscape,
    /// The start (the second coordinate unused in one variable).
    pub start: [f64; 2],
    /// The learning rate.
    pub eta: f64,
    /// The noise's standard deviation `σ_g`.
    pub noise: f64,
    /// The step budget.
    pub steps: usize,
    /// The seed of the noise.
    pub seed: u64,
}

impl Settings {
    /// The start as a point of the landscape.
    pub fn start_point(&self) -> Vec<f64> {
        self.start[..self.landscape.dimension()].to_vec()
    }

    /// Walk.
    pub fn walk(&self) -> Trajectory {
        let start = self.start_point();
        let budget = StoppingRules::budget(self.steps);
        fn go(
            f: &impl Objective,
            settings: &Settings,
            start: &[f64],
            budget: StoppingRules,
        ) -> Trajectory {
            if settings.noise > 0.0 {
                let mut noisy =
                    NoisyGradientDescent::new(settings.eta, settings.noise, settings.seed);
                descend(f, &mut noisy, start, &budget)
            } else {
                let rules = budget.with_gradient_tolerance(1e-6);
                descend(f, &mut GradientDescent { eta: settings.eta }, start, &rules)
            }
        }
        match self.landscape {
            Landscape::DoubleWell => go(&DoubleWell, self, &start, budget),
            Landscape::Saddle => go(&Saddle, self, &start, budget),
            Landscape::Cubic => go(&Cubic, self, &start, budget),
            Landscape::Himmelblau => go(&Himmelblau, self, &start, budget),
        }
    }

    /// The file the figure is written to, named by the options.
    pub fn file_name(&self) -> String {
        let mut name = format!("{}-start-{}", self.landscape.name(), compact(self.start[0]));
        if self.landscape.dimension() == 2 {
            let _ = write!(name, "-{}", compact(self.start[1]));
        }
        let _ = write!(name, "-lr-{}", compact(self.eta));
        if self.noise > 0.0 {
            let _ = write!(name, "-noise-{}-seed-{}", compact(self.noise), self.seed);
        }
        let _ = write!(name, "-steps-{}.svg", self.steps);
        name
    }
}

/// A number for a file name: as Rust prints it, or in `e` notation when that
/// is long.
fn compact(v: f64) -> String {
    let plain = format!("{v}");
    if plain.len() > 12 {
        format!("{v:e}")
    } else {
        plain
    }
}

/// Read the reader's options.
pub fn settings(args: &mut Args) -> Result<Settings, CliError> {
    let landscape = match args.choice(&LANDSCAPE, "double-well")? {
        "saddle" => Landscape::Saddle,
        "cubic" => Landscape::Cubic,
        "himmelblau" => Landscape::Himmelblau,
        _ => Landscape::DoubleWell,
    };
    let (start, eta) = landscape.defaults();
    let first = args.number(&START, start[0])?;
    let second = args.number(&START2, f64::NAN)?;
    if landscape.dimension() == 1 && !second.is_nan() {
        return Err(CliError(format!(
            "--start2 is for the two-variable landscapes (saddle, himmelblau); the {} has one variable",
            landscape.name()
        )));
    }
    let second = if second.is_nan() { start[1] } else { second };
    let settings = Settings {
        landscape,
        start: [first, second],
        eta: args.positive(&LR, eta)?,
        noise: args.number(&NOISE, 0.0)?,
        steps: args.count(&STEPS, 200)?,
        seed: args.seed(&SEED, 7)?,
    };
    args.finish()?;
    Ok(settings)
}

/// A point as the report prints it.
fn point(p: &[f64]) -> String {
    let parts: Vec<String> = p.iter().map(|&v| significant(v, 6)).collect();
    if parts.len() == 1 {
        parts[0].clone()
    } else {
        format!("({})", parts.join(", "))
    }
}

/// What the Hessian's eigenvalues say about the point where a walk
/// stopped. Whether that point is a critical point at all the Hessian
/// cannot say: a small gradient may be a plateau's, far from any flat point.
fn verdict(kind: CriticalKind, second_look: bool) -> &'static str {
    match kind {
        CriticalKind::Minimum if second_look => {
            "positive curvature every way here; a minimum only if this is a critical point: see the second look"
        }
        CriticalKind::Minimum => {
            "positive curvature every way here; a minimum only if this is a critical point"
        }
        CriticalKind::Maximum => {
            "negative curvature every way here: a hilltop if this is a critical point, no minimum either way"
        }
        CriticalKind::Saddle => {
            "up one way, down another: a saddle if this is a critical point, no minimum either way"
        }
        CriticalKind::Undecided => "a zero curvature: the Hessian cannot tell",
    }
}

/// What chapter 2's rule says a step of rate `eta` does near a bottom with
/// these curvatures (all positive, smallest first): along a direction of
/// curvature `λ` it multiplies the distance by `1 − ηλ`. Below `ηλ = 1` it
/// removes the share `ηλ`; from 1 to 2 it overshoots but lands closer; from
/// 2 on the bottom cannot hold a walk at all.
pub fn step_against_curvature(eta: f64, curvatures: &[f64]) -> String {
    let steepest = eta * curvatures[curvatures.len() - 1];
    let flattest = eta * curvatures[0];
    if steepest >= 2.0 {
        let along = if curvatures.len() > 1 {
            "along the steepest direction "
        } else {
            ""
        };
        format!(
            "({along}ηλ = {} ≥ 2: at this rate a bottom curved like this cannot hold a walk; a step multiplies the distance to it by |1 − ηλ| = {})",
            significant(steepest, 3),
            significant((1.0 - steepest).abs(), 3)
        )
    } else if steepest > 1.0 {
        format!(
            "(ηλ = {} is between 1 and 2: a step overshoots a bottom curved like this but lands closer, |1 − ηλ| = {} times as far)",
            significant(steepest, 3),
            significant((1.0 - steepest).abs(), 3)
        )
    } else {
        let along = if curvatures.len() > 1 {
            "along the flattest direction "
        } else {
            ""
        };
        format!(
            "({along}a step removes the share ηλ = {} of the distance to a bottom curved like this)",
            significant(flattest, 3)
        )
    }
}

/// The size of the second look's kicks.
pub const KICK: f64 = 1e-2;
/// The most steps a kicked walk takes.
pub const LOOK_BUDGET: usize = 20_000;

/// How a walk from a kicked point went on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    /// Stopped again by the gradient rule, no lower than before.
    CameBack,
    /// Stopped again by the gradient rule, lower than before.
    LowerGround,
    /// Ran away (the divergence watch stopped it).
    RanAway,
    /// Hopping between two points when its budget ran out: a two-step
    /// cycle ([`two_step_cycle`]).
    Cycling,
    /// Still moving when its budget ran out, in no two-step cycle.
    StillWalking,
}

/// The two points a walk that used its whole budget hops between, if it
/// ended in a two-step cycle: its last point is (to `10⁻⁹` relative) where
/// it was two steps before, and at least `10⁻⁶` from where it was one step
/// before. The smaller point first (by its first coordinate).
pub fn two_step_cycle(walk: &Trajectory) -> Option<(Vec<f64>, Vec<f64>)> {
    if !matches!(walk.outcome, Outcome::BudgetExhausted { .. }) || walk.points.len() < 3 {
        return None;
    }
    let n = walk.points.len();
    let (last, before, two_before) = (
        &walk.points[n - 1],
        &walk.points[n - 2],
        &walk.points[n - 3],
    );
    let distance = |a: &[f64], b: &[f64]| {
        a.iter()
            .zip(b)
            .map(|(x, y)| (x - y) * (x - y))
            .sum::<f64>()
            .sqrt()
    };
    let size = 1.0 + descent::objective::norm(last);
    let returns = distance(last, two_before) <= 1e-9 * size;
    let hops = distance(last, before) >= 1e-6 * size;
    (returns && hops).then(|| {
        if last[0] <= before[0] {
            (last.clone(), before.clone())
        } else {
            (before.clone(), last.clone())
        }
    })
}

/// The second look at the point `end` where a plain walk stopped: kick it by
/// [`KICK`] to either side (in one variable) or in eight directions (in two),
/// walk on from each kicked point with the same rate and the gradient rule,
/// and say how each walk went.
pub fn second_look(settings: &Settings, end: &[f64]) -> Vec<Look> {
    let directions: Vec<Vec<f64>> = if settings.landscape.dimension() == 1 {
        vec![vec![-1.0], vec![1.0]]
    } else {
        (0..8)
            .map(|k| {
                let angle = (k as f64 + 0.5) * std::f64::consts::FRAC_PI_4;
                vec![angle.cos(), angle.sin()]
            })
            .collect()
    };
    let before = settings.landscape.evaluate(end).0;
    let lower = before - 1e-9 * (1.0 + before.abs());
    directions
        .iter()
        .map(|direction| {
            let start: Vec<f64> = end
                .iter()
                .zip(direction)
                .map(|(x, d)| x + KICK * d)
                .collect();
            let walk = Settings {
                start: [start[0], start.get(1).copied().unwrap_or(0.0)],
                steps: LOOK_BUDGET,
                noise: 0.0,
                ..*settings
            }
            .walk();
            match walk.outcome {
                Outcome::Diverged { .. } => Look::RanAway,
                Outcome::BudgetExhausted { .. } if two_step_cycle(&walk).is_some() => Look::Cycling,
                Outcome::BudgetExhausted { .. } => Look::StillWalking,
                Outcome::Converged { .. } if *walk.losses.last().unwrap() < lower => {
                    Look::LowerGround
                }
                Outcome::Converged { .. } => Look::CameBack,
            }
        })
        .collect()
}

/// The second look in one line: how many kicked walks did what, and what
/// that says.
fn describe_look(looks: &[Look]) -> String {
    let count = |look: Look| looks.iter().filter(|&&l| l == look).count();
    let parts: Vec<String> = [
        (Look::CameBack, "came back"),
        (Look::LowerGround, "stopped lower"),
        (Look::RanAway, "ran away"),
        (Look::Cycling, "hopping in a two-step cycle"),
        (Look::StillWalking, "still moving"),
    ]
    .iter()
    .filter(|(look, _)| count(*look) > 0)
    .map(|(look, what)| format!("{} {what}", count(*look)))
    .collect();
    let meaning = if count(Look::RanAway) > 0 {
        "the ground falls away from here: no minimum"
    } else if count(Look::LowerGround) > 0 {
        "there is lower ground next to this point: no minimum (or the walk had not arrived)"
    } else if count(Look::Cycling) + count(Look::StillWalking) > 0 {
        "some walks never settled: the steps are too long for this part of the landscape"
    } else {
        "every kick came back to the same loss: a minimum, as far as this look can tell"
    };
    format!("{}: {meaning}", parts.join(", "))
}

/// Run the reader's walk and describe it.
pub fn run(args: &mut Args) -> Result<Run, CliError> {
    let settings = settings(args)?;
    let walk = settings.walk();
    let mut report = String::new();
    let how = if settings.noise > 0.0 {
        format!(
            "noisy gradient descent, η = {}, σ_g = {}, seed {}",
            significant(settings.eta, 6),
            significant(settings.noise, 6),
            settings.seed
        )
    } else {
        format!("gradient descent, η = {}", significant(settings.eta, 6))
    };
    let _ = writeln!(
        report,
        "Walking down {} from θ₀ = {} by {how}:",
        settings.landscape.formula(),
        point(&settings.start_point())
    );
    let _ = writeln!(
        report,
        "  step      θ                          f(θ)          ‖∇f(θ)‖"
    );
    for t in cadence(walk.steps()) {
        let _ = writeln!(
            report,
            "  {t:<9} {:<26} {:<13} {}",
            point(&walk.points[t]),
            significant(walk.losses[t], 6),
            scientific(walk.gradient_norms[t], 2)
        );
    }
    let end = walk.final_point().to_vec();
    match walk.outcome {
        Outcome::Diverged { step, reason } => {
            let why = match reason {
                Divergence::Runaway => "the size of the loss passed 10⁶·(1 + |f(θ₀)|)",
                Divergence::NonFinite => "a value became infinite",
            };
            let _ = writeln!(
                report,
                "The walk diverged at step {step}: {why}, so it was stopped there."
            );
            let _ = writeln!(report, "{}", why_diverged(&settings, &walk));
            describe_landscape(&mut report, &settings, &walk);
        }
        outcome => {
            let (value, gradient, hessian) = settings.landscape.evaluate(&end);
            let curvatures = eigenvalues(&hessian);
            let g = descent::objective::norm(&gradient);
            let _ = match outcome {
                Outcome::Converged { step, .. } => writeln!(
                    report,
                    "The gradient rule (‖∇f‖ ≤ 10⁻⁶) stopped the walk after {}.",
                    steps_text(step)
                ),
                _ => match two_step_cycle(&walk) {
                    Some((low, high)) if settings.noise == 0.0 => writeln!(
                        report,
                        "The walk used its whole budget of {}, hopping in a two-step cycle between θ = {} and {}.",
                        steps_text(walk.steps()),
                        point(&low),
                        point(&high)
                    ),
                    _ => writeln!(
                        report,
                        "The walk used its whole budget of {}.",
                        steps_text(walk.steps())
                    ),
                },
            };
            let _ = writeln!(
                report,
                "  it ended at θ = {}, f = {}, ‖∇f‖ = {}",
                point(&end),
                significant(value, 6),
                scientific(g, 2)
            );
            let listed: Vec<String> = curvatures.iter().map(|&l| significant(l, 4)).collect();
            let kind = classify(&curvatures, 1e-9);
            let _ = writeln!(
                report,
                "  the Hessian's eigenvalues there: {}: {}",
                listed.join(", "),
                verdict(kind, settings.noise == 0.0)
            );
            let cycling = two_step_cycle(&walk).is_some();
            if kind == CriticalKind::Minimum && settings.noise == 0.0 && !cycling {
                let _ = writeln!(
                    report,
                    "  {}",
                    step_against_curvature(settings.eta, &curvatures)
                );
            }
            if settings.noise > 0.0 {
                let _ = writeln!(
                    report,
                    "  a noisy walk never stops at a critical point: it ends wherever the last kick left it"
                );
            } else {
                let _ = writeln!(
                    report,
                    "  second look, kicks of {} walked on (at most {} steps each): {}",
                    scientific(KICK, 0),
                    LOOK_BUDGET,
                    describe_look(&second_look(&settings, &end))
                );
            }
            describe_landscape(&mut report, &settings, &walk);
        }
    }
    let mut run = Run::new(report);
    run.figures = vec![figure(&settings, &walk)];
    run.trace = Some(Trace {
        what: format!("your walk on the {}", settings.landscape.name()),
        table: Table::trace(
            &walk,
            if settings.landscape.dimension() == 1 {
                &["theta"]
            } else {
                &["theta1", "theta2"]
            },
        ),
    });
    Ok(run)
}

/// Why a walk on this landscape ran away, in a sentence.
fn why_diverged(settings: &Settings, walk: &Trajectory) -> String {
    let eta = settings.eta;
    let theta0 = settings.start[0];
    match settings.landscape {
        Landscape::Cubic if settings.noise == 0.0 && theta0 < 0.0 => {
            "θ³ has no bottom: from a start below 0 the walk runs downhill forever.".to_string()
        }
        Landscape::Cubic if settings.noise == 0.0 && 3.0 * eta * theta0 > 1.0 => format!(
            "3ηθ₀ = {} is above 1, so the first step, 3ηθ₀², jumps past 0 to θ₁ = {}; below 0, θ³ has no bottom and the walk runs downhill forever.",
            significant(3.0 * eta * theta0, 4),
            significant(walk.points[1][0], 4)
        ),
        Landscape::Cubic => {
            "The walk got below 0, where θ³ has no bottom, and ran downhill forever.".to_string()
        }
        Landscape::Saddle if settings.noise == 0.0 && settings.start[1] == 0.0 => format!(
            "θ₂ started at exactly 0 and stays there, but with η > 1 each step multiplies θ₁ by 1 − 2η = {}, larger than 1 in size: the walk zigzags outward along the valley and diverges.",
            significant(1.0 - 2.0 * eta, 4)
        ),
        Landscape::Saddle => {
            "θ₁² − θ₂² has no bottom: off the ridge θ₂ = 0, θ₂ grows by 1 + 2η a step and the walk runs down the side of the pass forever.".to_string()
        }
        _ if settings.noise > 0.0 => {
            "The noise (or the steps) threw the walk up a wall steep enough for the steps to overshoot: try a smaller --lr or --noise.".to_string()
        }
        _ => "The steps were too long for the walls' curvature: try a smaller --lr.".to_string(),
    }
}

/// `"1 step"`, `"N steps"`.
fn steps_text(n: usize) -> String {
    if n == 1 {
        "1 step".to_string()
    } else {
        format!("{n} steps")
    }
}

/// What the chapter's theory says about this walk, landscape by landscape.
fn describe_landscape(report: &mut String, settings: &Settings, walk: &Trajectory) {
    let end = walk.final_point();
    match settings.landscape {
        Landscape::DoubleWell if !walk.outcome.diverged() => {
            let where_ = if settings.noise > 0.0 {
                if end[0] > DoubleWell::TOP {
                    "on the deep well's side of the hilltop"
                } else {
                    "on the shallow well's side of the hilltop"
                }
            } else if (end[0] - DoubleWell::DEEP).abs() < 1e-3 {
                "in the deep well (θ = 2, f = −8/3)"
            } else if (end[0] - DoubleWell::SHALLOW).abs() < 1e-3 {
                "in the shallow well (θ = −1, f = −5/12)"
            } else if two_step_cycle(walk).is_some() {
                "in neither well, hopping in a two-step cycle: at this rate it never settles"
            } else {
                "in neither well"
            };
            let _ = writeln!(report, "  it ended {where_}.");
            let _ = writeln!(
                report,
                "  a minimum of curvature a holds a walk only if η < 2/a: η < 1/3 for the deep well, η < 2/3 for the shallow one."
            );
        }
        Landscape::Saddle if settings.noise == 0.0 => {
            let theta2 = settings.start[1];
            if theta2 == 0.0 {
                let _ = writeln!(
                    report,
                    "  θ₂ started at exactly 0, so it stays 0: the walk never leaves the ridge{}.",
                    if walk.outcome.diverged() {
                        ""
                    } else {
                        ", and with η < 1 it ends at the saddle"
                    }
                );
            } else if theta2.abs() < 1.0 {
                let predicted = crate::saddle::escape_steps(theta2, settings.eta, 1.0);
                let measured = crate::saddle::measured_escape(walk, 1.0);
                let _ = writeln!(
                    report,
                    "  escape (|θ₂| ≥ 1) from R₀ = |θ₂| off the crest predicted after ⌈ln(1/R₀)/ln(1 + 2η)⌉ = {predicted} steps; {}",
                    match (measured, walk.outcome) {
                        (Some(t), _) => format!("measured {t}"),
                        (None, Outcome::Converged { .. }) => {
                            "the gradient rule stopped the walk in the pass first".to_string()
                        }
                        (None, _) => "not reached within the budget (raise --steps)".to_string(),
                    }
                );
            }
        }
        Landscape::Cubic if settings.noise == 0.0 => {
            let theta0 = settings.start[0];
            if theta0 > 0.0 && 3.0 * settings.eta * theta0 < 1.0 {
                let t = walk.steps();
                let _ = writeln!(
                    report,
                    "  the crawl 1/(1/θ₀ + 3ηt) at t = {t}: {} (the walk: {})",
                    significant(crate::plateau::crawl(theta0, settings.eta, t), 4),
                    significant(end[0], 4)
                );
                let _ = writeln!(
                    report,
                    "  θ = 0 is no minimum: f = θ³ goes on down for θ < 0. Try --landscape cubic --start -0.01 --steps 1000 to see."
                );
            }
        }
        _ => {}
    }
}

/// The reader's figure: the walk on the landscape, and its loss by step.
pub fn figure(settings: &Settings, walk: &Trajectory) -> Figure {
    let colour = match walk.outcome {
        Outcome::Diverged { .. } => palette::VERMILLION,
        _ => palette::SKY,
    };
    let map = match settings.landscape.dimension() {
        1 => curve_chart(settings, walk, colour),
        _ => plane_chart(settings, walk, colour),
    };
    let steps = walk.steps().max(1) as f64;
    let mut low = walk.losses.iter().copied().fold(f64::INFINITY, f64::min);
    let mut high = walk
        .losses
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    if high - low < 1e-9 * (1.0 + high.abs()) {
        low -= 1.0;
        high += 1.0;
    }
    let pad = 0.05 * (high - low);
    let mut losses = Chart::new(
        Axis::linear("step t", 0.0, steps),
        Axis::linear("loss f(θₜ)", low - pad, high + pad),
    )
    .panel_title("the loss along the walk");
    let points: Vec<(f64, f64)> = walk
        .losses
        .iter()
        .enumerate()
        .map(|(t, &l)| (t as f64, l))
        .collect();
    losses.line(&points, colour);
    if let Outcome::Diverged { step, .. } = walk.outcome {
        losses
            .text(
                (steps, low + 0.5 * (high - low)),
                &format!("diverged at step {step}"),
                palette::VERMILLION,
            )
            .anchor(Anchor::Right);
    }
    Figure::panels(&settings.file_name(), &[map, losses], 2, 720, 380)
}

/// A one-variable landscape with the walk on it.
fn curve_chart(settings: &Settings, walk: &Trajectory, colour: harness::plot::Colour) -> Chart {
    let (mut low, mut high): (f64, f64) = match settings.landscape {
        Landscape::DoubleWell => (-2.5, 3.5),
        _ => (-1.0, 1.5),
    };
    low = low.min(settings.start[0] - 0.5);
    high = high.max(settings.start[0] + 0.5);
    let f = |t: f64| settings.landscape.evaluate(&[t]).0;
    let curve = sample(f, low, high, 241);
    let bottom = curve.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let top = curve.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let pad = 0.05 * (top - bottom);
    let mut chart = Chart::new(
        Axis::linear("θ", low, high),
        Axis::linear("f(θ)", bottom - pad, top + pad),
    )
    .panel_title("the walk on the landscape");
    chart.line(&curve, palette::GREY).width(2);
    let points: Vec<(f64, f64)> = walk.points.iter().map(|p| (p[0], f(p[0]))).collect();
    if points.len() <= 60 {
        chart.path(&points, colour);
    } else {
        chart.line(&points, colour);
        chart.points(&points[..1], colour).radius(5);
    }
    chart
}

/// A two-variable landscape as contour lines, with the walk across it.
fn plane_chart(settings: &Settings, walk: &Trajectory, colour: harness::plot::Colour) -> Chart {
    let (mut x, mut y, levels): ((f64, f64), (f64, f64), Vec<f64>) = match settings.landscape {
        Landscape::Saddle => (
            (-1.5, 1.5),
            (-1.5, 1.5),
            vec![-2.0, -1.0, -0.5, -0.1, 0.1, 0.5, 1.0, 2.0],
        ),
        _ => (
            (-5.0, 5.0),
            (-5.0, 5.0),
            vec![2.0, 10.0, 30.0, 70.0, 120.0, 180.0, 250.0, 400.0],
        ),
    };
    x = (
        x.0.min(settings.start[0] - 0.5),
        x.1.max(settings.start[0] + 0.5),
    );
    y = (
        y.0.min(settings.start[1] - 0.5),
        y.1.max(settings.start[1] + 0.5),
    );
    let mut chart = Chart::new(Axis::linear("θ₁", x.0, x.1), Axis::linear("θ₂", y.0, y.1))
        .panel_title("the walk on the landscape");
    let grid = Grid {
        x,
        y,
        cells: (80, 80),
    };
    let landscape = settings.landscape;
    for contour in contour_lines(|a, b| landscape.evaluate(&[a, b]).0, &grid, &levels) {
        for line in &contour.lines {
            chart.line(line, palette::GREY).width(1);
        }
    }
    let points: Vec<(f64, f64)> = walk.points.iter().map(|p| (p[0], p[1])).collect();
    if points.len() <= 60 {
        chart.path(&points, colour);
    } else {
        chart.line(&points, colour);
        chart.points(&points[..1], colour).radius(5);
    }
    chart
}
