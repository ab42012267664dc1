//! Chapter 3: fitting a line, the gradient formulas.
//!
//! The experiments behind the chapter, each a function the example, the
//! tests and the book share:
//!
//! 1. fifty noisy points around a known line, and the least-squares line
//!    through them in closed form;
//! 2. the two partial derivatives of the squared loss, checked against finite
//!    differences at many random points;
//! 3. full-batch gradient descent, which reaches the least-squares line;
//! 4. stochastic gradient descent, one sample per step with a decaying
//!    learning rate, which ends near it, as near as theory predicts.
//!
//! [`Report::compute`] runs them all; [`figures`] draws the chapter's
//! figures. [`run_cli`] is the command line: with no options the book's
//! report, with options the reader's own experiment ([`Experiment`]).

pub mod exercise_checks;
pub mod exercises;
pub mod moments;
/// The reference solutions to the exercises (absent from a student copy).
#[cfg(has_solutions)]
#[path = "../solutions/exercises.rs"]
pub mod solutions;

use std::fmt;

use descent::data::{DataSet, NoisyLine, Sample};
use descent::derivative::check_gradient;
use descent::line::{Line, MeanSquaredError, SampleLoss, curvatures, hessian, least_squares};
use descent::{
    Divergence, GradientDescent, Objective, Outcome, Sampler, Sampling, Schedule, Sgd,
    StoppingRules, Trajectory, descend, descend_sampled,
};
use harness::cli::{Args, CliError, Opt};
use harness::exercise::Exercise;
use harness::format::{decimals, scientific, significant};
use harness::plot::{Axis, Chart, Figure, Grid, LegendCorner, contour_lines, palette, sample};
use harness::quote::{Quote, text_of};
use harness::table::Table;
use harness::{Chapter, Run, Trace};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use moments::{excess_loss, sgd_error_moments, trace};

// ANCHOR: data
/// The true line the data come from, `y = 2x + 1`, and how the data are drawn
/// around it: 50 inputs uniform on `[0, 2)`, each output with Gaussian noise
/// of standard deviation `σ = 0.5` added.
pub const TRUTH: NoisyLine = NoisyLine {
    slope: 2.0,
    intercept: 1.0,
    x_min: 0.0,
    x_max: 2.0,
    noise: 0.5,
    count: 50,
};

/// The seed of the book's data set.
pub const SEED: u64 = 3;
// ANCHOR_END: data

/// Where both descents start: the flat line `w = 0`, `b = 0`.
pub const START: [f64; 2] = [0.0, 0.0];

/// The learning rate of full-batch descent.
pub const BATCH_ETA: f64 = 0.2;
/// The number of full-batch steps.
pub const BATCH_STEPS: usize = 500;

/// The starting learning rate `η₀` of stochastic descent.
pub const SGD_ETA: f64 = 0.2;
/// The time scale `τ` of its decay, `ηₜ = η₀ / (1 + t/τ)`, in steps.
pub const SGD_TAU: f64 = 50.0;
/// The number of stochastic steps: 50 passes' worth of samples.
pub const SGD_STEPS: usize = 2500;

/// How many random points the gradient check visits.
pub const CHECK_POINTS: usize = 1000;

/// The two procedures of the chapter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every step uses the mean gradient over all samples.
    Batch,
    /// Every step uses the gradient of one sample drawn at random.
    Sgd,
}

impl Mode {
    /// The name used in tables and legends.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Batch => "batch",
            Mode::Sgd => "SGD",
        }
    }
}

/// The settings of one run: the procedure, its (starting) learning rate, the
/// number of steps, and the seed of the data (and of SGD's draws).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Batch or stochastic.
    pub mode: Mode,
    /// `η` for batch, `η₀` for SGD.
    pub eta: f64,
    /// How many steps.
    pub steps: usize,
    /// The seed.
    pub seed: u64,
}

impl Settings {
    /// The book's settings for `mode`.
    pub fn book(mode: Mode) -> Self {
        match mode {
            Mode::Batch => Settings {
                mode,
                eta: BATCH_ETA,
                steps: BATCH_STEPS,
                seed: SEED,
            },
            Mode::Sgd => Settings {
                mode,
                eta: SGD_ETA,
                steps: SGD_STEPS,
                seed: SEED,
            },
        }
    }

    /// The seed of SGD's draws of samples. It differs from the data's seed,
    /// so that the draws do not reuse the random numbers that made the data
    /// (the same seed would make the first sample picked depend on the first
    /// `x` drawn).
    pub fn sampler_seed(&self) -> u64 {
        self.seed ^ 0x9E37_79B9_7F4A_7C15
    }

    /// SGD's learning-rate schedule, `ηₜ = η₀ / (1 + t/τ)`.
    pub fn schedule(&self) -> Schedule {
        Schedule::InverseTime {
            eta0: self.eta,
            tau: SGD_TAU,
        }
    }
}

/// The data set for `seed`.
pub fn data(seed: u64) -> DataSet {
    DataSet::noisy_line(&TRUTH, seed)
}

// ANCHOR: fit
/// Fit the line to `data` by the procedure and settings in `settings`.
pub fn fit(data: &DataSet, settings: &Settings) -> Trajectory {
    let loss = MeanSquaredError { data };
    let rules = StoppingRules::budget(settings.steps);
    match settings.mode {
        Mode::Batch => {
            let mut optimizer = GradientDescent { eta: settings.eta };
            descend(&loss, &mut optimizer, &START, &rules)
        }
        Mode::Sgd => {
            let one_point = Sampling::WithReplacement { batch: 1 };
            let mut sampler = Sampler::new(one_point, data.len(), settings.sampler_seed());
            let mut optimizer = Sgd::new(settings.schedule());
            descend_sampled(&loss, &mut sampler, &mut optimizer, &START, &rules)
        }
    }
}
// ANCHOR_END: fit

/// The largest disagreement between the analytic gradient of one sample's
/// loss and central differences, over `count` random `(w, b, x, y)` with each
/// of them uniform on `[−5, 5]`.
pub fn worst_gradient_check(count: usize, seed: u64) -> f64 {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut draw = || 10.0 * rng.random::<f64>() - 5.0;
    let mut worst: f64 = 0.0;
    for _ in 0..count {
        let sample = Sample {
            x: draw(),
            y: draw(),
        };
        let point = [draw(), draw()];
        let check = check_gradient(&SampleLoss { sample }, &point);
        worst = worst.max(check.error);
    }
    worst
}

/// One run and what is needed to judge it.
#[derive(Debug, Clone, PartialEq)]
pub struct Experiment {
    /// What was run.
    pub settings: Settings,
    /// The data.
    pub data: DataSet,
    /// The least-squares line of the data.
    pub best: Line,
    /// The run.
    pub trajectory: Trajectory,
    /// For SGD, what theory expects at each step ([`Expectation`]).
    pub expected: Option<Expectation>,
}

/// What theory expects of SGD at each step `t`, exactly, averaged over the
/// random draws of samples (see `descent::line::sgd_error_moments`).
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    /// `E‖θₜ − θ*‖²`: the mean squared distance from the least-squares point.
    pub square_distance: Vec<f64>,
    /// `E[L(θₜ)] − L*`: the mean excess loss.
    pub excess_loss: Vec<f64>,
}

impl Expectation {
    /// The root-mean-square distance from the least-squares point at the end.
    pub fn final_rms(&self) -> f64 {
        self.square_distance[self.square_distance.len() - 1].sqrt()
    }

    /// The tolerance the chapter states for SGD's final distance: three
    /// times the root-mean-square distance theory predicts.
    pub fn tolerance(&self) -> f64 {
        3.0 * self.final_rms()
    }
}

impl Experiment {
    /// Draw the data and run `settings` on them.
    pub fn run(settings: &Settings) -> Self {
        let data = data(settings.seed);
        let best = least_squares(&data).expect("50 uniform inputs are not all equal");
        let trajectory = fit(&data, settings);
        let expected = match settings.mode {
            Mode::Batch => None,
            Mode::Sgd => {
                let moments =
                    sgd_error_moments(&data, &settings.schedule(), START, trajectory.steps())
                        .expect("the data have a least-squares line");
                let h = hessian(&data);
                Some(Expectation {
                    square_distance: moments.iter().map(trace).collect(),
                    excess_loss: moments.iter().map(|m| excess_loss(&h, m)).collect(),
                })
            }
        };
        Experiment {
            settings: *settings,
            data,
            best,
            trajectory,
            expected,
        }
    }

    /// The line the run ended on.
    pub fn final_line(&self) -> Line {
        Line::from_point(self.trajectory.final_point())
    }

    /// The mean loss of `line` on the data.
    pub fn loss(&self, line: Line) -> f64 {
        MeanSquaredError { data: &self.data }.value(&line.to_point())
    }

    /// `max(|w − w*|/|w*|, |b − b*|/|b*|)`: how far the final line is from
    /// the least-squares line, relative to its size.
    pub fn relative_error(&self) -> f64 {
        let end = self.final_line();
        ((end.w - self.best.w) / self.best.w)
            .abs()
            .max(((end.b - self.best.b) / self.best.b).abs())
    }

    /// The distance `‖(w, b) − (w*, b*)‖` of the final line from the best.
    pub fn distance(&self) -> f64 {
        let end = self.final_line();
        (end.w - self.best.w).hypot(end.b - self.best.b)
    }

    /// The learning rate below which full-batch descent is stable: `2/λ_max`.
    pub fn batch_threshold(&self) -> f64 {
        2.0 / curvatures(&self.data).0
    }

    /// The learning rate above which a step on the steepest single sample
    /// overshoots that sample's own trough: `2 / max(xᵢ² + 1)`.
    pub fn sample_threshold(&self) -> f64 {
        let mut steepest: f64 = 0.0;
        for s in &self.data.samples {
            steepest = steepest.max(s.x * s.x + 1.0);
        }
        2.0 / steepest
    }

    fn write_table(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let run = &self.trajectory;
        writeln!(f, "  step      w          b          L(w, b)")?;
        for t in cadence(run.steps()) {
            let p = &run.points[t];
            writeln!(
                f,
                "  {t:<8}  {:<10} {:<10} {}",
                tabular(p[0]),
                tabular(p[1]),
                if run.losses[t] < 1e4 {
                    decimals(run.losses[t], 6)
                } else {
                    scientific(run.losses[t], 2)
                }
            )?;
        }
        Ok(())
    }

    fn write_comparison(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = self.final_line();
        let truth = Line {
            w: TRUTH.slope,
            b: TRUTH.intercept,
        };
        let label = format!(
            "{}, {} steps",
            self.settings.mode.name(),
            self.trajectory.steps()
        );
        writeln!(f, "  {:<22} w          b          L(w, b)", "")?;
        for (name, line) in [
            (label.as_str(), end),
            ("least squares (exact)", self.best),
            ("true line y = 2x + 1", truth),
        ] {
            writeln!(
                f,
                "  {name:<22} {:<9}  {:<9}  {}",
                decimals(line.w, 4),
                decimals(line.b, 4),
                decimals(self.loss(line), 6)
            )?;
        }
        Ok(())
    }
}

/// The steps the printed tables show: 0, 1, 2, 5, 10, 20, 50, … and the last.
pub fn cadence(steps: usize) -> Vec<usize> {
    let mut shown = vec![0];
    let mut decade = 1;
    'outer: loop {
        for m in [1, 2, 5] {
            let t = m * decade;
            if t >= steps {
                break 'outer;
            }
            shown.push(t);
        }
        decade *= 10;
    }
    if steps > 0 {
        shown.push(steps);
    }
    shown
}

/// A parameter for the table: four decimals, or scientific notation once
/// it is too large for the column.
fn tabular(v: f64) -> String {
    if v.abs() < 1e4 {
        decimals(v, 4)
    } else {
        scientific(v, 2)
    }
}

/// A distance in the `(w, b)` plane: three decimals when it is at least
/// 0.001, scientific notation below.
fn distance(v: f64) -> String {
    if v >= 1e-3 {
        decimals(v, 3)
    } else {
        scientific(v, 1)
    }
}

impl fmt::Display for Experiment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.settings;
        let how = match s.mode {
            Mode::Batch => format!("full-batch descent with η = {}", significant(s.eta, 6)),
            Mode::Sgd => format!(
                "SGD (one random sample per step) with η₀ = {}, decaying as η₀/(1 + t/{SGD_TAU})",
                significant(s.eta, 6)
            ),
        };
        writeln!(
            f,
            "Fitting y = w·x + b to {} noisy points (seed {}) by {how}:",
            self.data.len(),
            s.seed,
        )?;
        self.write_table(f)?;
        if let Outcome::Diverged { step, reason } = self.trajectory.outcome {
            writeln!(f)?;
            let what = match reason {
                Divergence::Runaway => "the loss grew past a million times its starting value",
                Divergence::NonFinite => "a value became infinite",
            };
            writeln!(
                f,
                "The run diverged at step {step}: {what}, so it was stopped there."
            )?;
            match s.mode {
                Mode::Batch => writeln!(
                    f,
                    "Full-batch descent on these data is stable only for η < {} (2/λ_max, as in chapter 2): try a smaller --lr.",
                    decimals(self.batch_threshold(), 2)
                )?,
                Mode::Sgd => writeln!(
                    f,
                    "A step on the steepest single sample overshoots once η₀ > {} (2/max(x² + 1)): try a smaller --lr.",
                    decimals(self.sample_threshold(), 2)
                )?,
            }
            return Ok(());
        }
        writeln!(f)?;
        self.write_comparison(f)?;
        writeln!(
            f,
            "  distance from the least-squares line: {}",
            distance(self.distance())
        )?;
        if let Some(expected) = &self.expected {
            writeln!(
                f,
                "  theory (exact for this loss): root-mean-square distance {}; 3 × that = {}",
                distance(expected.final_rms()),
                distance(expected.tolerance())
            )?;
            writeln!(
                f,
                "  learning rate at the last step: η = {}",
                decimals(s.schedule().rate(self.trajectory.steps() - 1), 4)
            )?;
        }
        Ok(())
    }
}

/// Every number the chapter's prose quotes, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Full-batch descent with the book's settings.
    pub batch: Experiment,
    /// Stochastic descent with the book's settings.
    pub sgd: Experiment,
    /// The largest gradient-check error over [`CHECK_POINTS`] random points.
    pub worst_check: f64,
}

impl Report {
    /// Run every experiment of the chapter.
    pub fn compute() -> Self {
        Report {
            worst_check: worst_gradient_check(CHECK_POINTS, SEED),
            batch: Experiment::run(&Settings::book(Mode::Batch)),
            sgd: Experiment::run(&Settings::book(Mode::Sgd)),
        }
    }

    /// The data (the same for both runs).
    pub fn data(&self) -> &DataSet {
        &self.batch.data
    }

    /// What theory expects of the book's SGD run.
    pub fn sgd_expected(&self) -> &Expectation {
        self.sgd
            .expected
            .as_ref()
            .expect("an SGD experiment carries its expectation")
    }

    /// `1 − η·λ_min`: the factor by which full-batch descent shrinks the
    /// error along the bowl's flattest direction at every step.
    pub fn slow_factor(&self) -> f64 {
        1.0 - BATCH_ETA * curvatures(self.data()).1
    }

    /// The standard errors `(se(w), se(b))` of the least-squares line: how far,
    /// typically, noise of size `σ` moves it from the true line with these `x`.
    /// `se(w) = σ/√(n·var x)` and `se(b) = σ·√(mean x² / (n·var x))`.
    pub fn standard_errors(&self) -> (f64, f64) {
        let h = hessian(self.data());
        let n = self.data().len() as f64;
        let variance = h[0][0] - h[0][1] * h[0][1];
        let se_w = TRUTH.noise / (n * variance).sqrt();
        let se_b = TRUTH.noise * (h[0][0] / (n * variance)).sqrt();
        (se_w, se_b)
    }

    /// The numbers the prose quotes, exactly as printed.
    pub fn quotes(&self) -> Vec<Quote> {
        let best = self.batch.best;
        let sgd_end = self.sgd.final_line();
        let (big, small) = curvatures(self.data());
        let (se_w, se_b) = self.standard_errors();
        let truth = Line {
            w: TRUTH.slope,
            b: TRUTH.intercept,
        };
        let expected = self.sgd_expected();
        vec![
            Quote::new("gradient-check", scientific(self.worst_check, 1)),
            Quote::new("least-squares-w", decimals(best.w, 4)),
            Quote::new("least-squares-b", decimals(best.b, 4)),
            Quote::new("least-squares-loss", decimals(self.batch.loss(best), 6)),
            Quote::new("true-line-loss", decimals(self.batch.loss(truth), 6)),
            Quote::new("se-w", decimals(se_w, 2)),
            Quote::new("se-b", decimals(se_b, 2)),
            Quote::new("largest-curvature", decimals(big, 2)),
            Quote::new("smallest-curvature", decimals(small, 3)),
            Quote::new("batch-threshold", decimals(self.batch.batch_threshold(), 2)),
            Quote::new(
                "batch-relative-error",
                scientific(self.batch.relative_error(), 1),
            ),
            Quote::new("sgd-w", decimals(sgd_end.w, 4)),
            Quote::new("sgd-b", decimals(sgd_end.b, 4)),
            Quote::new("sgd-distance", distance(self.sgd.distance())),
            Quote::new("sgd-predicted-rms", distance(expected.final_rms())),
            Quote::new("sgd-tolerance", distance(expected.tolerance())),
            Quote::new(
                "sgd-final-rate",
                decimals(Settings::book(Mode::Sgd).schedule().rate(SGD_STEPS - 1), 4),
            ),
            Quote::new("batch-slow-factor", decimals(self.slow_factor(), 4)),
        ]
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.quotes();
        let text = |name: &str| text_of(&q, name);
        writeln!(f, "Chapter 3: fitting a line, the gradient formulas")?;
        writeln!(f)?;
        writeln!(
            f,
            "The gradient of L = ½(wx + b − y)² against central differences at {CHECK_POINTS} random points:"
        )?;
        writeln!(f, "  largest disagreement {}", text("gradient-check"))?;
        writeln!(f)?;
        write!(f, "{}", self.batch)?;
        writeln!(
            f,
            "  relative error against least squares: {}",
            text("batch-relative-error"),
        )?;
        writeln!(
            f,
            "  curvatures of the loss: λ_max = {}, λ_min = {}; stable for η < {} = 2/λ_max;",
            text("largest-curvature"),
            text("smallest-curvature"),
            text("batch-threshold")
        )?;
        writeln!(
            f,
            "  the flattest direction shrinks by 1 − η·λ_min = {} per step",
            text("batch-slow-factor")
        )?;
        writeln!(f)?;
        write!(f, "{}", self.sgd)?;
        writeln!(f)?;
        writeln!(
            f,
            "Least squares (w* = {}, b* = {}, L* = {}) is the best line for these noisy points,",
            text("least-squares-w"),
            text("least-squares-b"),
            text("least-squares-loss")
        )?;
        writeln!(
            f,
            "not the true line (whose loss on them is {}): noise of σ = {} moves it",
            text("true-line-loss"),
            TRUTH.noise
        )?;
        writeln!(
            f,
            "by about se(w) = {} and se(b) = {} (the standard errors, σ/√(n·var x) for w).",
            text("se-w"),
            text("se-b")
        )
    }
}

/// The excess loss `L(w, b) − L*` of every point of a run, computed as
/// `½·eᵀHe` with `e = (w, b) − (w*, b*)`. That is exact for this quadratic
/// loss, and unlike the difference of two nearly equal losses it stays
/// accurate far below `10⁻¹⁶`.
pub fn excess_losses(experiment: &Experiment) -> Vec<f64> {
    let h = hessian(&experiment.data);
    let best = experiment.best;
    let mut out = Vec::with_capacity(experiment.trajectory.points.len());
    for p in &experiment.trajectory.points {
        let e = [p[0] - best.w, p[1] - best.b];
        let m = [[e[0] * e[0], e[0] * e[1]], [e[1] * e[0], e[1] * e[1]]];
        out.push(excess_loss(&h, &m));
    }
    out
}

/// The colour of each procedure in every figure.
fn colour(mode: Mode) -> harness::plot::Colour {
    match mode {
        Mode::Batch => palette::BLUE,
        Mode::Sgd => palette::VERMILLION,
    }
}

/// A window of the `(w, b)` plane and the excess losses `L − L*` at which
/// contour lines are drawn in it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Window {
    /// The range of the slope `w`.
    pub w: (f64, f64),
    /// The range of the intercept `b`.
    pub b: (f64, f64),
    /// The contour levels, as excess losses above the minimum.
    pub levels: &'static [f64],
}

/// The whole walk, from the flat start line to the bottom.
pub const WHOLE: Window = Window {
    w: (-0.3, 3.3),
    b: (-0.3, 2.1),
    levels: &[0.01, 0.03, 0.1, 0.3, 1.0, 3.0],
};

/// Close to the bottom, where the stochastic walk jitters.
pub const CLOSE: Window = Window {
    w: (1.6, 2.5),
    b: (0.5, 1.4),
    levels: &[0.001, 0.003, 0.01, 0.03],
};

/// The data, the true line and the least-squares line.
pub fn data_figure(report: &Report) -> Figure {
    let data = report.data();
    let best = report.batch.best;
    let mut chart = Chart::new(Axis::linear("x", 0.0, 2.0), Axis::linear("y", -0.5, 6.5))
        .legend(LegendCorner::UpperLeft);
    chart
        .points(&data.points(), palette::INK)
        .radius(3)
        .label("data: 50 noisy points");
    chart
        .line(
            &sample(|x| TRUTH.slope * x + TRUTH.intercept, 0.0, 2.0, 2),
            palette::GREY,
        )
        .dashed()
        .label("true line y = 2x + 1");
    chart
        .line(&sample(|x| best.predict(x), 0.0, 2.0, 2), palette::GREEN)
        .label("least-squares line");
    Figure::new("data.svg", &chart)
}

/// Contours of the mean loss over the `(w, b)` plane, with the runs' paths.
pub fn surface_chart(runs: &[&Experiment], window: &Window, legend: bool) -> Chart {
    let first = runs[0];
    let loss = MeanSquaredError { data: &first.data };
    let best_loss = first.loss(first.best);
    let levels: Vec<f64> = window.levels.iter().map(|c| best_loss + c).collect();
    let grid = Grid {
        x: window.w,
        y: window.b,
        cells: (90, 90),
    };
    let contours = contour_lines(|w, b| loss.value(&[w, b]), &grid, &levels);
    let mut chart = Chart::new(
        Axis::linear("slope w", window.w.0, window.w.1),
        Axis::linear("intercept b", window.b.0, window.b.1),
    )
    .legend(LegendCorner::UpperRight);
    for contour in &contours {
        for line in &contour.lines {
            chart.line(line, palette::GREY).width(1);
        }
    }
    for run in runs {
        let points: Vec<(f64, f64)> = run.trajectory.points.iter().map(|p| (p[0], p[1])).collect();
        let colour = colour(run.settings.mode);
        let mark = match run.settings.mode {
            // The smooth walk: a marker on each of the first steps, where
            // they are far apart, then a plain line where they crowd.
            Mode::Batch => {
                let marked = points.len().min(BATCH_MARKERS + 1);
                chart.path(&points[..marked], colour);
                chart.line(&points[marked - 1..], colour)
            }
            Mode::Sgd => chart.line(&points, colour).width(1),
        };
        if legend {
            mark.label(&match run.settings.mode {
                Mode::Batch => format!("batch, η = {}", significant(run.settings.eta, 6)),
                Mode::Sgd => format!("SGD, η₀ = {}", significant(run.settings.eta, 6)),
            });
        }
    }
    let bottom = chart.points(&[(first.best.w, first.best.b)], palette::INK);
    bottom.radius(5);
    if legend {
        bottom.label("least squares");
    }
    chart
}

/// How many of the batch run's first steps get a marker on the surface.
pub const BATCH_MARKERS: usize = 12;

/// The book's loss surface: both runs on one map.
pub fn surface_figure(report: &Report) -> Figure {
    let runs = [&report.sgd, &report.batch];
    let charts = [
        surface_chart(&runs, &WHOLE, true).panel_title("the whole walk"),
        surface_chart(&runs, &CLOSE, false).panel_title("close to the bottom"),
    ];
    Figure::panels("loss-surface.svg", &charts, 2, 720, 400)
}

/// The steps of the batch run whose lines the fit figure draws.
pub const FIT_STEPS: [usize; 5] = [0, 1, 3, 10, 500];

/// The data with the line after several steps of a run.
pub fn fit_chart(experiment: &Experiment, steps: &[usize]) -> Chart {
    let mut chart = Chart::new(Axis::linear("x", 0.0, 2.0), Axis::linear("y", -0.5, 6.5))
        .legend(LegendCorner::UpperLeft);
    chart
        .points(&experiment.data.points(), palette::GREY)
        .radius(3);
    let run = &experiment.trajectory;
    for (i, &t) in steps.iter().filter(|&&t| t <= run.steps()).enumerate() {
        let line = Line::from_point(&run.points[t]);
        chart
            .line(
                &sample(|x| line.predict(x), 0.0, 2.0, 2),
                palette::series(i),
            )
            .label(&format!("after {t} step{}", if t == 1 { "" } else { "s" }));
    }
    chart
}

/// The book's fit figure: the batch run's line at [`FIT_STEPS`].
pub fn fit_figure(report: &Report) -> Figure {
    Figure::new("fit-steps.svg", &fit_chart(&report.batch, &FIT_STEPS))
}

/// Excess loss against step for one run, with the exact expectation when
/// one is given.
pub fn loss_chart(experiment: &Experiment, expected: Option<&[f64]>, floor: f64) -> Chart {
    let excess = excess_losses(experiment);
    let steps = experiment.trajectory.steps().max(1);
    let mut top: f64 = 1.0;
    for e in &excess {
        top = top.max(*e);
    }
    let curve: Vec<(f64, f64)> = excess
        .iter()
        .enumerate()
        .map(|(t, e)| (t as f64, e.max(floor)))
        .collect();
    let title = match experiment.settings.mode {
        Mode::Batch => "full batch",
        Mode::Sgd => "one sample per step",
    };
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, steps as f64),
        Axis::log("excess loss L(w, b) − L*", floor, top),
    )
    .panel_title(title);
    chart
        .line(&curve, colour(experiment.settings.mode))
        .width(1)
        .label("measured");
    if let Some(expected) = expected {
        let curve: Vec<(f64, f64)> = expected
            .iter()
            .enumerate()
            .map(|(t, e)| (t as f64, e.max(floor)))
            .collect();
        chart
            .line(&curve, palette::INK)
            .dashed()
            .label("expected (theory)");
    }
    chart
}

/// The book's loss figure: batch and SGD side by side.
pub fn loss_figure(report: &Report) -> Figure {
    let charts = [
        loss_chart(&report.batch, None, 1e-16),
        loss_chart(&report.sgd, Some(&report.sgd_expected().excess_loss), 1e-6),
    ];
    Figure::panels("loss-by-step.svg", &charts, 2, 720, 360)
}

/// Every figure of the chapter, in the order the text shows them.
pub fn figures(report: &Report) -> Vec<Figure> {
    vec![
        data_figure(report),
        surface_figure(report),
        fit_figure(report),
        loss_figure(report),
    ]
}

/// The reader's figures for one experiment (none for a diverged run).
pub fn experiment_figures(experiment: &Experiment) -> Vec<Figure> {
    if experiment.trajectory.outcome.diverged() {
        return Vec::new();
    }
    let steps = experiment.trajectory.steps();
    let mut fit_steps = vec![0];
    for t in [1, steps / 20, steps / 4, steps] {
        if t > *fit_steps.last().unwrap_or(&0) {
            fit_steps.push(t);
        }
    }
    vec![
        Figure::new(
            "loss-surface.svg",
            &surface_chart(&[experiment], &WHOLE, true),
        ),
        Figure::new("fit-steps.svg", &fit_chart(experiment, &fit_steps)),
        Figure::new(
            "loss-by-step.svg",
            &loss_chart(
                experiment,
                experiment.expected.as_ref().map(|e| &e.excess_loss[..]),
                match experiment.settings.mode {
                    Mode::Batch => 1e-16,
                    Mode::Sgd => 1e-8,
                },
            ),
        ),
    ]
}

/// `--mode`: full-batch descent or SGD.
pub const MODE: Opt = Opt::choice(
    "--mode",
    &["batch", "sgd"],
    "full-batch descent, or one random sample per step (default batch)",
);

/// `--lr`: the learning rate, or SGD's starting rate.
pub const LR: Opt = Opt::positive(
    "--lr",
    "ETA",
    "learning rate; for sgd the starting rate η₀ of η₀/(1 + t/50)\n(default 0.2 for both)",
);

/// `--steps`: the length of the run.
pub const STEPS: Opt = Opt::count(
    "--steps",
    "N",
    1,
    100_000,
    "number of steps, 1 to 100000 (default 500 for batch, 2500 for sgd)",
);

/// `--seed`: the seed of the data and of SGD's draws.
pub const SEED_OPTION: Opt = Opt::seed(
    "--seed",
    "seed of the data and of sgd's draws, 0 to 2⁶⁴ − 1 (default 3)",
);

/// The data set of a run as a table: `x`, `y`.
fn data_table(data: &DataSet) -> Table {
    Table::data(data, &["x"], "y")
}

/// The steps of a run as a table, with what it is.
fn steps_table(experiment: &Experiment) -> Trace {
    let what = match experiment.settings.mode {
        Mode::Batch => format!(
            "full-batch descent with η = {}",
            significant(experiment.settings.eta, 6)
        ),
        Mode::Sgd => format!("SGD with η₀ = {}", significant(experiment.settings.eta, 6)),
    };
    Trace {
        what,
        table: Table::trace(&experiment.trajectory, &["w", "b"]),
    }
}

/// Chapter 3 for the kit: the book's run, the reader's experiment, and the
/// exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter3;

impl Chapter for Chapter3 {
    fn number(&self) -> u32 {
        3
    }

    fn title(&self) -> &'static str {
        "Fitting a line: the gradient formulas"
    }

    fn about(&self) -> &'static str {
        "With no options: prints the chapter's report (both procedures against the
exact least-squares line) and redraws the book's figures in
book/src/figures/chapter3/.

With options: runs your own experiment and draws its figures in
target/downhill/chapter3/ (the book's figures are left alone)."
    }

    fn options(&self) -> &'static [Opt] {
        &[MODE, LR, STEPS, SEED_OPTION]
    }

    fn examples(&self) -> &'static [&'static str] {
        &[
            "--lr 0.9",
            "--mode sgd --steps 500 --seed 9",
            "--mode sgd --lr 0.05",
        ]
    }

    fn has_data(&self) -> bool {
        true
    }

    fn runs_descent(&self) -> bool {
        true
    }

    fn book_run(&self) -> Run {
        let report = Report::compute();
        Run {
            report: report.to_string(),
            quotes: report.quotes(),
            figures: figures(&report),
            data: Some(data_table(report.data())),
            trace: Some(steps_table(&report.batch)),
        }
    }

    fn readers_run(&self, args: &mut Args) -> Result<Run, CliError> {
        let mode = match args.choice(&MODE, "batch")? {
            "sgd" => Mode::Sgd,
            _ => Mode::Batch,
        };
        let defaults = Settings::book(mode);
        let settings = Settings {
            mode,
            eta: args.positive(&LR, defaults.eta)?,
            steps: args.count(&STEPS, defaults.steps)?,
            seed: args.seed(&SEED_OPTION, defaults.seed)?,
        };
        args.finish()?;
        let experiment = Experiment::run(&settings);
        let mut run = Run::new(experiment.to_string());
        run.figures = experiment_figures(&experiment);
        if run.figures.is_empty() {
            run.report
                .push_str("\nNo figures written: a diverged run has nothing to draw.\n");
        }
        run.data = Some(data_table(&experiment.data));
        run.trace = Some(steps_table(&experiment));
        Ok(run)
    }

    fn exercises(&self) -> Vec<Exercise> {
        exercise_checks::readers_exercises()
    }

    fn reference_exercises(&self) -> Option<Vec<Exercise>> {
        exercise_checks::reference_exercises()
    }
}
