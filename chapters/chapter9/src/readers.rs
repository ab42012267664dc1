//! The reader's own run: any optimizer of chapters 2, 8 and 9, with every
//! PyTorch option, on any of the chapter's surfaces.

use std::fmt::Write as _;

use descent::{Adagrad, Adam, AdamW, Momentum, Objective, Optimizer, Outcome, RmsProp, Trajectory};
use harness::cli::{Args, CliError, Opt};
use harness::format::{cadence, scientific, significant};
use harness::plot::{Anchor, Axis, Chart, Figure, Grid, palette};
use harness::table::Table;
use harness::{Run, Trace};

use crate::compare::{BOWL_ANGLE_DEGREES, BOWL_BOTTOM, TUNING_SEEDS, grid};
use crate::experiments::{Dyn, bowl};
use crate::figures::{contours, path};
use crate::methods::Method;
use crate::surfaces::{
    Quadratic, Rosenbrock, chapter3_data, chapter3_quadratic, penguins, raw_line,
};

/// `--optimizer`.
pub const OPTIMIZER: Opt = Opt::choice(
    "--optimizer",
    &[
        "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "amsgrad", "adamw",
    ],
    "plain (stochastic) gradient descent, the heavy ball, Nesterov, Adagrad,\nRMSprop, Adam, AMSGrad or AdamW, as PyTorch computes them (default adam)",
);
/// `--surface`.
pub const SURFACE: Opt = Opt::choice(
    "--surface",
    &["rosenbrock", "bowl", "turned", "raw", "penguins", "line"],
    "Rosenbrock's valley, the bowl (θ₁² + κθ₂²)/2, the same bowl turned by 30°\nwith its bottom at (1, 1), ten raw points x = 1…10, the penguins in mm and g,\nor chapter 3's line one point per step (default rosenbrock)",
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
    "the learning rate η (default: the best of the grid 10^(j/10), ten rates a decade from 10⁻⁶ to 10³, for your settings)",
);
/// `--momentum`.
pub const MOMENTUM: Opt = Opt::number(
    "--momentum",
    "BETA",
    0.0,
    0.999,
    "the momentum β of momentum, nesterov and rmsprop, 0 to 0.999\n(default 0.9 for momentum and nesterov, 0 for rmsprop)",
);
/// `--dampening`.
pub const DAMPENING: Opt = Opt::number(
    "--dampening",
    "ZETA",
    0.0,
    1.0,
    "PyTorch's dampening ζ of momentum, 0 to 1 (default 0)",
);
/// `--weight-decay`.
pub const WEIGHT_DECAY: Opt = Opt::number(
    "--weight-decay",
    "MU",
    0.0,
    1000.0,
    "the weight decay μ, 0 to 1000 (default 0.01 for adamw, where it is\ndecoupled; 0 for the others, where it is an L2 penalty)",
);
/// `--lr-decay`.
pub const LR_DECAY: Opt = Opt::number(
    "--lr-decay",
    "D",
    0.0,
    1000.0,
    "Adagrad's lr_decay: step t uses η/(1 + (t − 1)·D), 0 to 1000 (default 0)",
);
/// `--initial-accumulator`.
pub const INITIAL_ACCUMULATOR: Opt = Opt::number(
    "--initial-accumulator",
    "G0",
    0.0,
    1e12,
    "Adagrad's initial_accumulator_value, where G starts, 0 to 10¹² (default 0)",
);
/// `--alpha`.
pub const ALPHA: Opt = Opt::number(
    "--alpha",
    "ALPHA",
    0.0,
    0.999999,
    "RMSprop's smoothing constant α, 0 to 0.999999 (default 0.99)",
);
/// `--centered`.
pub const CENTERED: Opt = Opt::flag(
    "--centered",
    "RMSprop divides by the running standard deviation of g (PyTorch's centered)",
);
/// `--beta1`.
pub const BETA1: Opt = Opt::number(
    "--beta1",
    "B1",
    0.0,
    0.999999,
    "Adam's β₁, 0 to 0.999999 (default 0.9)",
);
/// `--beta2`.
pub const BETA2: Opt = Opt::number(
    "--beta2",
    "B2",
    0.0,
    0.999999,
    "Adam's β₂, 0 to 0.999999 (default 0.999)",
);
/// `--eps`.
pub const EPS: Opt = Opt::number(
    "--eps",
    "DELTA",
    0.0,
    1.0,
    "δ, PyTorch's eps, added after the square root, 0 to 1 (default 1e-10 for\nadagrad, 1e-8 for rmsprop and the Adams)",
);
/// `--amsgrad`.
pub const AMSGRAD: Opt = Opt::flag(
    "--amsgrad",
    "AdamW with AMSGrad's maximum of v (adam with it is --optimizer amsgrad)",
);
/// `--theta1`.
pub const THETA1: Opt = Opt::number(
    "--theta1",
    "X",
    -1000.0,
    1000.0,
    "the first coordinate of the start (default −1.2 on Rosenbrock, 1 on the\nbowl, 0 elsewhere)",
);
/// `--theta2`.
pub const THETA2: Opt = Opt::number(
    "--theta2",
    "Y",
    -1000.0,
    1000.0,
    "the second coordinate of the start (default 1 on Rosenbrock, 0.6 on the\nbowl, 0 elsewhere)",
);
/// `--steps`.
pub const STEPS: Opt = Opt::count(
    "--steps",
    "N",
    1,
    100_000,
    "the number of steps, 1 to 100000 (default 500)",
);
/// `--seed`.
pub const SEED: Opt = Opt::seed(
    "--seed",
    "the seed of the points drawn on the line surface (default 1, the first seed of the book's search)",
);
/// `--scale`.
pub const SCALE: Opt = Opt::number(
    "--scale",
    "S",
    1e-6,
    1e6,
    "multiply the loss by S, 10⁻⁶ to 10⁶ (default 1)",
);

/// Every option of the reader's run.
pub const OPTIONS: &[Opt] = &[
    OPTIMIZER,
    SURFACE,
    KAPPA,
    LR,
    MOMENTUM,
    DAMPENING,
    WEIGHT_DECAY,
    LR_DECAY,
    INITIAL_ACCUMULATOR,
    ALPHA,
    CENTERED,
    BETA1,
    BETA2,
    EPS,
    AMSGRAD,
    THETA1,
    THETA2,
    STEPS,
    SEED,
    SCALE,
];

/// A surface of the reader's run.
#[derive(Debug, Clone, PartialEq)]
pub enum Surface {
    /// A quadratic: the bowl, turned or not, the raw points or the penguins.
    Quadratic(Quadratic),
    /// Rosenbrock's valley, times a scale.
    Rosenbrock(f64),
    /// Chapter 3's line, one point per step, times a scale.
    Line(f64),
}

impl Surface {
    fn value(&self, theta: &[f64]) -> f64 {
        match self {
            Surface::Quadratic(q) => q.value(theta),
            Surface::Rosenbrock(s) => s * Rosenbrock.value(theta),
            Surface::Line(s) => s * chapter3_quadratic(&chapter3_data()).value(theta),
        }
    }

    fn lowest(&self) -> f64 {
        match self {
            Surface::Quadratic(q) => q.lowest(),
            Surface::Rosenbrock(_) => 0.0,
            Surface::Line(s) => s * chapter3_quadratic(&chapter3_data()).lowest(),
        }
    }

    fn dimension(&self) -> usize {
        match self {
            Surface::Quadratic(q) => q.c.len(),
            _ => 2,
        }
    }
}

/// A scaled objective for the descent loop.
struct Scaled<'a, O>(&'a O, f64);

impl<O: Objective> Objective for Scaled<'_, O> {
    fn dimension(&self) -> usize {
        self.0.dimension()
    }
    fn value(&self, x: &[f64]) -> f64 {
        self.1 * self.0.value(x)
    }
    fn gradient(&self, x: &[f64]) -> Vec<f64> {
        self.0.gradient(x).iter().map(|g| self.1 * g).collect()
    }
}

/// What the reader asked for, with every default filled in.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The optimizer's command-line name.
    pub optimizer: &'static str,
    /// The surface's command-line name.
    pub surface_name: &'static str,
    /// The surface.
    pub surface: Surface,
    /// The rate, if given.
    pub eta: Option<f64>,
    /// Every other option, as given or defaulted.
    pub momentum: f64,
    /// Dampening.
    pub dampening: f64,
    /// Weight decay.
    pub weight_decay: f64,
    /// Adagrad's rate decay.
    pub lr_decay: f64,
    /// Adagrad's starting `G`.
    pub initial_accumulator: f64,
    /// RMSprop's `α`.
    pub alpha: f64,
    /// RMSprop's centred flag.
    pub centered: bool,
    /// Adam's `β₁`.
    pub beta1: f64,
    /// Adam's `β₂`.
    pub beta2: f64,
    /// `δ`.
    pub delta: f64,
    /// AMSGrad.
    pub amsgrad: bool,
    /// The start.
    pub start: Vec<f64>,
    /// The steps.
    pub steps: usize,
    /// The seed of the line's draws.
    pub seed: u64,
    /// The loss's factor.
    pub scale: f64,
    /// The options given, for the file name.
    pub given: Vec<(String, f64)>,
}

fn given(v: f64) -> Option<f64> {
    if v.is_nan() { None } else { Some(v) }
}

fn refuse(option: &str, optimizers: &str) -> CliError {
    CliError(format!("{option} needs --optimizer {optimizers}"))
}

/// Read the options.
pub fn settings(args: &mut Args) -> Result<Settings, CliError> {
    let optimizer = args.choice(&OPTIMIZER, "adam")?;
    let surface_name = args.choice(&SURFACE, "rosenbrock")?;
    let kappa = given(args.number(&KAPPA, f64::NAN)?);
    let eta = given(args.positive(&LR, f64::NAN)?);
    let momentum = given(args.number(&MOMENTUM, f64::NAN)?);
    let dampening = given(args.number(&DAMPENING, f64::NAN)?);
    let weight_decay = given(args.number(&WEIGHT_DECAY, f64::NAN)?);
    let lr_decay = given(args.number(&LR_DECAY, f64::NAN)?);
    let initial = given(args.number(&INITIAL_ACCUMULATOR, f64::NAN)?);
    let alpha = given(args.number(&ALPHA, f64::NAN)?);
    let centered = args.flag(&CENTERED);
    let beta1 = given(args.number(&BETA1, f64::NAN)?);
    let beta2 = given(args.number(&BETA2, f64::NAN)?);
    let eps = given(args.number(&EPS, f64::NAN)?);
    let amsgrad = args.flag(&AMSGRAD);
    let theta1 = given(args.number(&THETA1, f64::NAN)?);
    let theta2 = given(args.number(&THETA2, f64::NAN)?);
    let steps = args.count(&STEPS, 500)?;
    let seed_given = args.seed(&SEED, u64::MAX)?;
    let scale = args.number(&SCALE, 1.0)?;
    args.finish()?;

    // Which options go with which optimizer.
    let adams = ["adam", "amsgrad", "adamw"];
    if momentum.is_some() && !["momentum", "nesterov", "rmsprop"].contains(&optimizer) {
        return Err(refuse("--momentum", "momentum, nesterov or rmsprop"));
    }
    if dampening.is_some() && optimizer != "momentum" {
        return Err(refuse("--dampening", "momentum"));
    }
    if lr_decay.is_some() && optimizer != "adagrad" {
        return Err(refuse("--lr-decay", "adagrad"));
    }
    if initial.is_some() && optimizer != "adagrad" {
        return Err(refuse("--initial-accumulator", "adagrad"));
    }
    if alpha.is_some() && optimizer != "rmsprop" {
        return Err(refuse("--alpha", "rmsprop"));
    }
    if centered && optimizer != "rmsprop" {
        return Err(refuse("--centered", "rmsprop"));
    }
    if (beta1.is_some() || beta2.is_some()) && !adams.contains(&optimizer) {
        let which = if beta1.is_some() {
            "--beta1"
        } else {
            "--beta2"
        };
        return Err(refuse(which, "adam, amsgrad or adamw"));
    }
    if eps.is_some() && ["sgd", "momentum", "nesterov"].contains(&optimizer) {
        return Err(refuse("--eps", "adagrad, rmsprop, adam, amsgrad or adamw"));
    }
    if amsgrad && optimizer != "adamw" {
        return Err(refuse(
            "--amsgrad",
            "adamw (for Adam, use --optimizer amsgrad)",
        ));
    }
    if kappa.is_some() && !["bowl", "turned"].contains(&surface_name) {
        return Err(CliError(
            "--kappa sets the bowl's condition number: use it with --surface bowl or turned"
                .to_string(),
        ));
    }
    if seed_given != u64::MAX && surface_name != "line" {
        return Err(CliError(
            "--seed draws the points of --surface line: use it with that surface".to_string(),
        ));
    }
    if optimizer == "nesterov" {
        if dampening.is_some_and(|d| d != 0.0) {
            return Err(CliError(
                "--dampening must be 0 with --optimizer nesterov".to_string(),
            ));
        }
        if momentum == Some(0.0) {
            return Err(CliError(
                "--momentum must be above 0 with --optimizer nesterov".to_string(),
            ));
        }
    }
    let surface = match surface_name {
        "bowl" => Surface::Quadratic(bowl(kappa.unwrap_or(100.0)).scaled(scale)),
        "turned" => Surface::Quadratic(
            Quadratic::turned_bowl(
                1.0,
                kappa.unwrap_or(100.0),
                BOWL_ANGLE_DEGREES.to_radians(),
                &BOWL_BOTTOM,
            )
            .scaled(scale),
        ),
        "raw" => Surface::Quadratic(raw_line().scaled(scale)),
        "penguins" => Surface::Quadratic(penguins().scaled(scale)),
        "line" => Surface::Line(scale),
        _ => Surface::Rosenbrock(scale),
    };
    let mut start = match surface_name {
        "rosenbrock" => vec![-1.2, 1.0],
        "bowl" => vec![1.0, 0.6],
        _ => vec![0.0; surface.dimension()],
    };
    if let Some(v) = theta1 {
        start[0] = v;
    }
    if let Some(v) = theta2 {
        start[1] = v;
    }
    let mut given_list = Vec::new();
    for (name, v) in [
        ("lr", eta),
        ("kappa", kappa),
        ("momentum", momentum),
        ("dampening", dampening),
        ("wd", weight_decay),
        ("lr-decay", lr_decay),
        ("g0", initial),
        ("alpha", alpha),
        ("beta1", beta1),
        ("beta2", beta2),
        ("eps", eps),
        ("scale", if scale != 1.0 { Some(scale) } else { None }),
    ] {
        if let Some(v) = v {
            given_list.push((name.to_string(), v));
        }
    }
    Ok(Settings {
        optimizer,
        surface_name,
        surface,
        eta,
        momentum: momentum.unwrap_or(if optimizer == "rmsprop" { 0.0 } else { 0.9 }),
        dampening: dampening.unwrap_or(0.0),
        weight_decay: weight_decay.unwrap_or(if optimizer == "adamw" { 0.01 } else { 0.0 }),
        lr_decay: lr_decay.unwrap_or(0.0),
        initial_accumulator: initial.unwrap_or(0.0),
        alpha: alpha.unwrap_or(0.99),
        centered,
        beta1: beta1.unwrap_or(0.9),
        beta2: beta2.unwrap_or(0.999),
        delta: eps.unwrap_or(if optimizer == "adagrad" { 1e-10 } else { 1e-8 }),
        amsgrad,
        start,
        steps,
        seed: if seed_given == u64::MAX {
            *TUNING_SEEDS.start()
        } else {
            seed_given
        },
        scale,
        given: given_list,
    })
}

impl Settings {
    /// The optimizer at rate `eta` with every other setting.
    pub fn build(&self, eta: f64) -> Box<dyn Optimizer> {
        let adam = Adam {
            eta,
            beta1: self.beta1,
            beta2: self.beta2,
            delta: self.delta,
            weight_decay: self.weight_decay,
            amsgrad: self.optimizer == "amsgrad",
            ..Adam::default()
        };
        match self.optimizer {
            "sgd" => Box::new(
                Momentum {
                    eta,
                    ..Momentum::default()
                }
                .with_weight_decay(self.weight_decay),
            ),
            "momentum" | "nesterov" => {
                let mut rule = Momentum::heavy_ball(eta, self.momentum)
                    .with_dampening(self.dampening)
                    .with_weight_decay(self.weight_decay);
                rule.nesterov = self.optimizer == "nesterov";
                Box::new(rule)
            }
            "adagrad" => Box::new(Adagrad {
                eta,
                lr_decay: self.lr_decay,
                weight_decay: self.weight_decay,
                initial_accumulator_value: self.initial_accumulator,
                delta: self.delta,
                ..Adagrad::default()
            }),
            "rmsprop" => Box::new(RmsProp {
                eta,
                alpha: self.alpha,
                delta: self.delta,
                weight_decay: self.weight_decay,
                momentum: self.momentum,
                centered: self.centered,
                ..RmsProp::default()
            }),
            "adamw" => Box::new(AdamW {
                weight_decay: self.weight_decay,
                adam: Adam {
                    weight_decay: 0.0,
                    amsgrad: self.amsgrad,
                    ..adam
                },
            }),
            _ => Box::new(adam),
        }
    }

    /// Walk the surface at rate `eta`.
    pub fn walk(&self, eta: f64) -> Trajectory {
        let mut optimizer = self.build(eta);
        let rules = descent::StoppingRules::budget(self.steps);
        match &self.surface {
            Surface::Quadratic(q) => {
                descent::descend(q, &mut Dyn(optimizer.as_mut()), &self.start, &rules)
            }
            Surface::Rosenbrock(s) => descent::descend(
                &Scaled(&Rosenbrock, *s),
                &mut Dyn(optimizer.as_mut()),
                &self.start,
                &rules,
            ),
            Surface::Line(s) => {
                let data = chapter3_data();
                let line = crate::surfaces::noisy_line(&data);
                let scaled = ScaledSeparable(&line, *s);
                let mut sampler = descent::Sampler::new(
                    descent::Sampling::WithReplacement { batch: 1 },
                    data.len(),
                    self.seed,
                );
                descent::descend_sampled(
                    &scaled,
                    &mut sampler,
                    &mut Dyn(optimizer.as_mut()),
                    &self.start,
                    &rules,
                )
            }
        }
    }

    /// The rate of the grid that leaves the lowest loss at the end (the
    /// mean of the last tenth on the line).
    pub fn best_rate(&self) -> f64 {
        let lowest = self.surface.lowest();
        let mut best = (f64::INFINITY, grid()[0]);
        for eta in grid() {
            let run = self.walk(eta);
            if run.outcome.diverged() {
                continue;
            }
            let tail = (run.losses.len() / 10).max(1);
            let n = run.losses.len();
            let score = run.losses[n - tail..]
                .iter()
                .map(|l| l - lowest)
                .sum::<f64>()
                / tail as f64;
            if score < best.0 {
                best = (score, eta);
            }
        }
        best.1
    }

    /// The figure's file name, made of the options.
    pub fn file_name(&self, eta: f64) -> String {
        let short = |v: f64| {
            let rounded: f64 = format!("{v:.5e}").parse().unwrap_or(v);
            let text = format!("{rounded}");
            if text.len() > 12 {
                format!("{rounded:e}")
            } else {
                text
            }
        };
        let mut name = format!("{}-{}", self.optimizer, self.surface_name);
        if !self.given.iter().any(|(n, _)| n == "lr") {
            name.push_str(&format!("-lr-{}", short(eta)));
        }
        for (option, v) in &self.given {
            name.push_str(&format!("-{option}-{}", short(*v)));
        }
        if self.centered {
            name.push_str("-centered");
        }
        if self.amsgrad {
            name.push_str("-amsgrad");
        }
        let start: Vec<String> = self.start.iter().map(|&v| short(v)).collect();
        name.push_str(&format!("-from-{}-steps-{}", start.join("_"), self.steps));
        if self.surface_name == "line" {
            name.push_str(&format!("-seed-{}", self.seed));
        }
        name
    }
}

/// A scaled separable objective, for the line.
struct ScaledSeparable<'a, O>(&'a O, f64);

impl<O: descent::Separable> Objective for ScaledSeparable<'_, O> {
    fn dimension(&self) -> usize {
        self.0.dimension()
    }
    fn value(&self, x: &[f64]) -> f64 {
        self.1 * self.0.value(x)
    }
    fn gradient(&self, x: &[f64]) -> Vec<f64> {
        self.0.gradient(x).iter().map(|g| self.1 * g).collect()
    }
    fn sample_count(&self) -> usize {
        self.0.sample_count()
    }
}

impl<O: descent::Separable> descent::Separable for ScaledSeparable<'_, O> {
    fn sample_gradient(&self, i: usize, x: &[f64]) -> Vec<f64> {
        self.0
            .sample_gradient(i, x)
            .iter()
            .map(|g| self.1 * g)
            .collect()
    }
}

/// The reader's run and its figure.
pub fn run(args: &mut Args) -> Result<Run, CliError> {
    let settings = settings(args)?;
    let eta = settings.eta.unwrap_or_else(|| settings.best_rate());
    let trajectory = settings.walk(eta);
    let lowest = settings.surface.lowest();
    let mut text = String::new();
    let method = Method::ALL
        .iter()
        .find(|m| m.cli() == settings.optimizer)
        .copied()
        .unwrap_or(Method::Adam);
    let _ = writeln!(
        text,
        "Chapter 9: {} on {}{}, η = {}{}, {} steps from ({}).",
        method.name(),
        settings.surface_name,
        if settings.scale == 1.0 {
            String::new()
        } else {
            format!(" (loss times {})", significant(settings.scale, 6))
        },
        significant(eta, 6),
        if settings.eta.is_none() {
            " (the best of the grid)"
        } else {
            ""
        },
        settings.steps,
        settings
            .start
            .iter()
            .map(|v| significant(*v, 6))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(text, "  step      loss − lowest        point θ");
    for t in cadence(trajectory.steps()) {
        let gap = trajectory.losses[t] - lowest;
        let point = trajectory.points[t]
            .iter()
            .map(|&v| point_text(v))
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(text, "  {t:<8}  {:<19}  ({point})", gap_text(gap));
    }
    let _ = writeln!(text);
    let _ = writeln!(text, "{}", trajectory.outcome);
    if let Outcome::Diverged { step, .. } = trajectory.outcome {
        let _ = writeln!(
            text,
            "The walk ran away at step {step}: try a smaller --lr."
        );
    }
    let mut out = Run::new(text);
    out.figures = vec![figure(&settings, &trajectory, lowest, eta, method)];
    let names: &[&str] = if settings.surface.dimension() == 3 {
        &["w1", "w2", "b"]
    } else {
        &["theta1", "theta2"]
    };
    out.trace = Some(Trace {
        what: format!("your {} run", method.name()),
        table: Table::trace(&trajectory, names),
    });
    Ok(out)
}

/// A coordinate of the point, to six significant digits: enough to see
/// that two walks agree, or where they part.
fn point_text(v: f64) -> String {
    if v == 0.0 || (v.abs() >= 1e-3 && v.abs() < 1e6) {
        significant(v, 6)
    } else {
        scientific(v, 5)
    }
}

fn gap_text(v: f64) -> String {
    if v.abs() >= 1e-3 && v.abs() < 1e6 {
        significant(v, 6)
    } else if v == 0.0 {
        "0".to_string()
    } else {
        scientific(v, 3)
    }
}

fn figure(settings: &Settings, run: &Trajectory, lowest: f64, eta: f64, method: Method) -> Figure {
    let steps = run.steps().max(1) as f64;
    let gaps: Vec<(f64, f64)> = run
        .losses
        .iter()
        .enumerate()
        .map(|(t, l)| (t as f64, (l - lowest).max(1e-300)))
        .filter(|p| p.1 > 0.0)
        .collect();
    let low = gaps
        .iter()
        .fold(f64::INFINITY, |m, p| m.min(p.1))
        .max(1e-300)
        .min(gaps[0].1 * 1e-3);
    let high = gaps.iter().fold(0.0_f64, |m, p| m.max(p.1)).max(low * 10.0);
    let mut right = Chart::new(
        Axis::linear("step t", 0.0, steps),
        Axis::log("loss − lowest", low, high * 2.0),
    )
    .panel_title("the loss, log scale");
    right.line(&gaps, method.colour()).width(2);
    if let Outcome::Diverged { step, .. } = run.outcome {
        right
            .text(
                (steps * 0.5, (low * high).sqrt()),
                &format!("diverged at step {step}: stopped"),
                palette::INK,
            )
            .anchor(Anchor::Centre);
    }
    let file = format!("{}.svg", settings.file_name(eta));
    if settings.surface.dimension() != 2 {
        return Figure::new(&file, &right);
    }
    let points = path(run, run.steps());
    let bottom = match &settings.surface {
        Surface::Quadratic(q) => q.minimum(),
        Surface::Rosenbrock(_) => vec![1.0, 1.0],
        Surface::Line(_) => chapter3_quadratic(&chapter3_data()).minimum(),
    };
    let mut x_range = (bottom[0], bottom[0]);
    let mut y_range = (bottom[1], bottom[1]);
    for p in points.iter().take(run.steps().min(2000) + 1) {
        x_range = (x_range.0.min(p.0), x_range.1.max(p.0));
        y_range = (y_range.0.min(p.1), y_range.1.max(p.1));
    }
    let pad = |r: (f64, f64)| {
        let w = (r.1 - r.0).max(0.5) * 0.1;
        (r.0 - w, r.1 + w)
    };
    let (x_range, y_range) = (pad(x_range), pad(y_range));
    let mut left = Chart::new(
        Axis::linear("θ₁", x_range.0, x_range.1),
        Axis::linear("θ₂", y_range.0, y_range.1),
    )
    .panel_title("the walk on the contours");
    let grid = Grid {
        x: x_range,
        y: y_range,
        cells: (80, 80),
    };
    let top = settings.surface.value(&settings.start).max(lowest + 1e-9);
    let levels: Vec<f64> = [0.001, 0.01, 0.1, 0.5, 1.0]
        .iter()
        .map(|f| lowest + f * (top - lowest))
        .collect();
    match &settings.surface {
        Surface::Quadratic(q) => contours(&mut left, q, &grid, &levels),
        other => {
            for contour in harness::plot::contour_lines(|a, b| other.value(&[a, b]), &grid, &levels)
            {
                for line in &contour.lines {
                    left.line(line, palette::GREY).width(1);
                }
            }
        }
    }
    left.path(&points, method.colour());
    left.points(&[(bottom[0], bottom[1])], palette::INK)
        .radius(4);
    if run.outcome.diverged() {
        left.text(
            (
                (x_range.0 + x_range.1) / 2.0,
                y_range.1 - 0.08 * (y_range.1 - y_range.0),
            ),
            "diverged: the walk ran away",
            palette::INK,
        )
        .anchor(Anchor::Centre);
    }
    Figure::panels(&file, &[left, right], 2, 720, 380)
}
