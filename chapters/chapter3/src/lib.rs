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
//! figures; [`Chapter3`] is the command line: with no options the book's
//! report, with options the reader's own experiment ([`Experiment`]).

pub mod exercise_checks;
pub mod exercises;
pub mod figures;
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
use harness::format::{cadence, decimals, scientific, significant};
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

/// The learning rate the chapter's "Try it" suggests: just below the
/// threshold, where the steep direction zig-zags.
pub const BOLD_ETA: f64 = 0.9;

/// The constant learning rates whose noise floors the chapter compares.
pub const FLOOR_RATES: [f64; 2] = [0.2, 0.05];

/// How many seeded runs of SGD the tests' Monte Carlo checks average over.
pub const MONTE_CARLO_RUNS: u64 = 4000;

/// The largest disagreement between the analytic gradient of one sample's
/// loss and central differences, over `count` random `(w, b, x, y)` with each
/// of them uniform on `[−5, 5]`.
pub fn worst_gradient_check(count: usize, seed: u64) -> f64 {
    let mut worst: f64 = 0.0;
    for (sample, point) in gradient_check_points(count, seed) {
        let check = check_gradient(&SampleLoss { sample }, &point);
        worst = worst.max(check.error);
    }
    worst
}

/// The random samples and points `(w, b)` the gradient check visits.
pub fn gradient_check_points(count: usize, seed: u64) -> Vec<(Sample, [f64; 2])> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut draw = || 10.0 * rng.random::<f64>() - 5.0;
    let mut points = Vec::with_capacity(count);
    for _ in 0..count {
        let sample = Sample {
            x: draw(),
            y: draw(),
        };
        points.push((sample, [draw(), draw()]));
    }
    points
}

/// The factors by which one full-batch step with learning rate `eta`
/// multiplies the distance to the bottom along the valley's two axes:
/// `(1 − η·λ_min, |1 − η·λ_max|)`, along its floor and across it. The larger
/// of the two sets the pace.
pub fn step_factors(data: &DataSet, eta: f64) -> (f64, f64) {
    let (big, small) = curvatures(data);
    ((1.0 - eta * small).abs(), (1.0 - eta * big).abs())
}

/// The best constant learning rate for full-batch descent, `2/(λ_max + λ_min)`,
/// where the two factors of [`step_factors`] are equal.
pub fn best_rate(data: &DataSet) -> f64 {
    let (big, small) = curvatures(data);
    2.0 / (big + small)
}

/// The variance of the inputs, `(1/n)·Σ (xᵢ − x̄)²` (dividing by `n`).
pub fn variance_of_x(data: &DataSet) -> f64 {
    let n = data.len() as f64;
    let mean = data.samples.iter().map(|s| s.x).sum::<f64>() / n;
    data.samples
        .iter()
        .map(|s| (s.x - mean) * (s.x - mean))
        .sum::<f64>()
        / n
}

/// The chance that a normally distributed quantity lands within `k`
/// standard deviations of its mean, `P(|Z| ≤ k)` for a standard normal `Z`:
/// twice the integral of the density `e^(−z²/2)/√(2π)` from 0 to `k`, by
/// Simpson's rule on 2000 intervals (exact to about 10⁻¹⁴ for `k ≤ 5`).
pub fn normal_within(k: f64) -> f64 {
    let density = |z: f64| (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let intervals = 2000;
    let h = k / intervals as f64;
    let mut sum = density(0.0) + density(k);
    for i in 1..intervals {
        let weight = if i % 2 == 1 { 4.0 } else { 2.0 };
        sum += weight * density(i as f64 * h);
    }
    2.0 * sum * h / 3.0
}

/// The noise of each point of `data`: its target minus the true line's
/// value there, `ψᵢ = yᵢ − (2xᵢ + 1)`.
pub fn noises(data: &DataSet) -> Vec<f64> {
    data.samples
        .iter()
        .map(|s| s.y - (TRUTH.slope * s.x + TRUTH.intercept))
        .collect()
}

/// The mean of the noises of `data`, and its standard error `σ/√n` (the
/// noise's `σ` is known: the data were drawn with it).
pub fn noise_mean(data: &DataSet) -> (f64, f64) {
    let psi = noises(data);
    let n = psi.len() as f64;
    (psi.iter().sum::<f64>() / n, TRUTH.noise / n.sqrt())
}

/// The angle, in degrees, between the valley's floor (the direction of the
/// smallest curvature) and a pure tilt of the line about the centre of the
/// data, the direction `(1, −x̄)` in the `(w, b)` plane.
pub fn tilt_angle(data: &DataSet) -> f64 {
    // H = (mean x², x̄; x̄, 1): the off-diagonal entry is the mean of x.
    let [[a, mean_x], [_, d]] = hessian(data);
    let (_, small) = curvatures(data);
    // (H − λ_min·I)·v = 0 is solved by (x̄, λ_min − mean x²) and by
    // (λ_min − 1, x̄); the longer of the two is the one rounding cannot spoil
    // (when x̄ is nearly 0, one of them is nearly (0, 0)).
    let first = [mean_x, small - a];
    let second = [small - d, mean_x];
    let floor = if first[0].hypot(first[1]) >= second[0].hypot(second[1]) {
        first
    } else {
        second
    };
    let tilt = [1.0, -mean_x];
    let cos = (floor[0] * tilt[0] + floor[1] * tilt[1]).abs()
        / (floor[0].hypot(floor[1]) * tilt[0].hypot(tilt[1]));
    cos.min(1.0).acos().to_degrees()
}

/// The data set behind the warning in `least_squares`: three equal `x` whose
/// computed mean is not exact.
pub fn trap() -> DataSet {
    DataSet::new(vec![
        Sample { x: 0.1, y: 1.0 },
        Sample { x: 0.1, y: 2.0 },
        Sample { x: 0.1, y: 4.0 },
    ])
}

/// What the closed form computes when "all `x` equal" is decided by testing
/// the computed variance for zero: `(x̄, Σ(xᵢ − x̄)², slope)`. On [`trap`] the
/// variance is tiny but not zero, and the slope is nonsense.
pub fn variance_test(data: &DataSet) -> (f64, f64, Option<f64>) {
    let n = data.len() as f64;
    let mean_x = data.samples.iter().map(|s| s.x).sum::<f64>() / n;
    let mean_y = data.samples.iter().map(|s| s.y).sum::<f64>() / n;
    let mut covariance = 0.0;
    let mut variance = 0.0;
    for s in &data.samples {
        covariance += (s.x - mean_x) * (s.y - mean_y);
        variance += (s.x - mean_x) * (s.x - mean_x);
    }
    let slope = (variance != 0.0).then(|| covariance / variance);
    (mean_x, variance, slope)
}

/// The fraction `η·(x² + 1)` of its residual that one step on the trough
/// figure's point removes.
pub fn trough_fraction() -> f64 {
    let s = figures::TWO_POINTS[1];
    figures::TROUGH_ETA * (s.x * s.x + 1.0)
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
/// random draws of samples (see [`moments::sgd_error_moments`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    /// `E‖θₜ − θ*‖²`: the mean squared distance from the least-squares point.
    pub square_distance: Vec<f64>,
    /// `E[L(θₜ)] − L*`: the mean excess loss.
    pub excess_loss: Vec<f64>,
    /// The second moment `E[(θ − θ*)(θ − θ*)ᵀ]` after the last step.
    pub final_moment: moments::Matrix2,
}

impl Expectation {
    /// The expectation for SGD with `schedule` on `data` from [`START`], for
    /// `steps` steps; `None` when the data have no least-squares line.
    pub fn of(data: &DataSet, schedule: &Schedule, steps: usize) -> Option<Self> {
        let moments = sgd_error_moments(data, schedule, START, steps)?;
        let h = hessian(data);
        Some(Expectation {
            square_distance: moments.iter().map(trace).collect(),
            excess_loss: moments.iter().map(|m| excess_loss(&h, m)).collect(),
            final_moment: moments[moments.len() - 1],
        })
    }

    /// The root-mean-square distance from the least-squares point at the end.
    pub fn final_rms(&self) -> f64 {
        self.square_distance[self.square_distance.len() - 1].sqrt()
    }

    /// The tolerance the chapter states for SGD's final distance: three
    /// times the root-mean-square distance theory predicts.
    pub fn tolerance(&self) -> f64 {
        3.0 * self.final_rms()
    }

    /// The expected excess loss at the end.
    pub fn final_excess(&self) -> f64 {
        self.excess_loss[self.excess_loss.len() - 1]
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
            Mode::Sgd => Expectation::of(&data, &settings.schedule(), trajectory.steps()),
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

    /// The distance `‖(w, b) − (w*, b*)‖` of the line after step `t`.
    pub fn distance_at(&self, t: usize) -> f64 {
        let p = &self.trajectory.points[t];
        (p[0] - self.best.w).hypot(p[1] - self.best.b)
    }

    /// The distance `‖(w, b) − (w*, b*)‖` of the final line from the best.
    pub fn distance(&self) -> f64 {
        self.distance_at(self.trajectory.steps())
    }

    /// The per-sample gradients the method used in all ([`Trajectory::evaluations`]),
    /// counting the step that overflowed when a run was stopped for a value
    /// that became infinite (the record ends before that step).
    pub fn cost(&self) -> u64 {
        let recorded = self.trajectory.evaluations[self.trajectory.steps()];
        match self.trajectory.outcome {
            Outcome::Diverged {
                reason: Divergence::NonFinite,
                ..
            } => recorded + self.per_step() as u64,
            _ => recorded,
        }
    }

    /// The per-sample gradients one step of the method uses.
    pub fn per_step(&self) -> usize {
        match self.settings.mode {
            Mode::Batch => self.data.len(),
            Mode::Sgd => 1,
        }
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

    /// The excess loss `L(w, b) − L*` after every step, computed as `½·eᵀHe`
    /// with `e = (w, b) − (w*, b*)`. That is exact for this quadratic loss,
    /// and unlike the difference of two nearly equal losses it stays accurate
    /// far below `10⁻¹⁶`.
    pub fn excess_losses(&self) -> Vec<f64> {
        let h = hessian(&self.data);
        let mut out = Vec::with_capacity(self.trajectory.points.len());
        for p in &self.trajectory.points {
            let e = [p[0] - self.best.w, p[1] - self.best.b];
            let m = [[e[0] * e[0], e[0] * e[1]], [e[1] * e[0], e[1] * e[1]]];
            out.push(excess_loss(&h, &m));
        }
        out
    }

    /// The file name of one of the reader's figures, named by the run's
    /// options so that runs with other options do not overwrite it:
    /// `batch-lr-0.9-steps-500-seed-3-loss-surface.svg`.
    pub fn file_name(&self, figure: &str) -> String {
        let s = &self.settings;
        let mut eta = format!("{}", s.eta);
        if eta.len() > 12 {
            eta = format!("{:e}", s.eta);
        }
        let mode = match s.mode {
            Mode::Batch => "batch",
            Mode::Sgd => "sgd",
        };
        format!(
            "{mode}-lr-{eta}-steps-{}-seed-{}-{figure}.svg",
            s.steps, s.seed
        )
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

/// A count with a comma between thousands: `25,000`.
pub fn count(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An excess loss: two significant digits, plain down to 0.001, scientific below.
fn excess(v: f64) -> String {
    if v >= 1e-3 {
        significant(v, 2)
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
        writeln!(
            f,
            "  per-sample gradients used: {} ({} per step)",
            count(self.cost()),
            self.per_step()
        )?;
        if let Outcome::Diverged { step, reason } = self.trajectory.outcome {
            writeln!(f)?;
            let start = self.trajectory.losses[0];
            let what = match reason {
                Divergence::Runaway => format!(
                    "the size of the loss passed 10⁶·(1 + |L(θ₀)|) = {}",
                    scientific(1e6 * (1.0 + start.abs()), 1)
                ),
                Divergence::NonFinite => "a value became infinite".to_string(),
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
        if s.mode == Mode::Batch {
            let (flat, steep) = step_factors(&self.data, s.eta);
            writeln!(
                f,
                "  each step multiplies the distance along the valley floor by 1 − ηλ_min = {}",
                decimals(flat, 4)
            )?;
            writeln!(
                f,
                "  and across the valley by |1 − ηλ_max| = {}: the larger, {}, sets the pace",
                decimals(steep, 4),
                decimals(flat.max(steep), 4)
            )?;
        }
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
                significant(s.schedule().rate(self.trajectory.steps() - 1), 2)
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
    /// What theory expects of SGD with each constant rate of [`FLOOR_RATES`],
    /// over the book's number of SGD steps.
    pub constant: Vec<Expectation>,
    /// The noise floor of each constant rate of [`FLOOR_RATES`]: the expected
    /// excess loss once the walk has settled.
    pub floors: Vec<f64>,
    /// The chance that the book's SGD run ends more than three
    /// root-mean-square distances from the least-squares point, if its final
    /// error were Gaussian with the second moment theory gives
    /// ([`moments::gaussian_tail`]).
    pub sgd_tail: f64,
}

impl Report {
    /// Run every experiment of the chapter.
    pub fn compute() -> Self {
        let batch = Experiment::run(&Settings::book(Mode::Batch));
        let sgd = Experiment::run(&Settings::book(Mode::Sgd));
        let h = hessian(&batch.data);
        let mut constant = Vec::new();
        let mut floors = Vec::new();
        for eta in FLOOR_RATES {
            let schedule = Schedule::Constant { eta };
            constant.push(
                Expectation::of(&batch.data, &schedule, SGD_STEPS)
                    .expect("the data have a least-squares line"),
            );
            let floor = moments::stationary_moment(&batch.data, eta)
                .expect("these rates are small enough to have a floor");
            floors.push(excess_loss(&h, &floor));
        }
        let final_moment = sgd
            .expected
            .as_ref()
            .expect("an SGD experiment carries its expectation")
            .final_moment;
        Report {
            worst_check: worst_gradient_check(CHECK_POINTS, SEED),
            batch,
            sgd,
            constant,
            floors,
            sgd_tail: moments::gaussian_tail(&final_moment, 3.0),
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
        step_factors(self.data(), BATCH_ETA).0
    }

    /// The standard errors `(se(w), se(b))` of the least-squares line: how far,
    /// typically, noise of size `σ` moves it from the true line with these `x`.
    /// `se(w) = σ/√(n·var x)` and `se(b) = σ·√(mean x² / (n·var x))`, with
    /// `var x = (1/n)·Σ (xᵢ − x̄)²`.
    pub fn standard_errors(&self) -> (f64, f64) {
        let data = self.data();
        let n = data.len() as f64;
        let variance = variance_of_x(data);
        let mean_square = data.samples.iter().map(|s| s.x * s.x).sum::<f64>() / n;
        let se_w = TRUTH.noise / (n * variance).sqrt();
        let se_b = TRUTH.noise * (mean_square / (n * variance)).sqrt();
        (se_w, se_b)
    }

    /// The batch run's excess loss after the number of per-sample gradients
    /// the SGD run used in all (its first step at or beyond that cost).
    pub fn batch_excess_at_sgd_cost(&self) -> (usize, f64) {
        let budget = self.sgd.cost();
        let run = &self.batch.trajectory;
        let t = run
            .evaluations
            .iter()
            .position(|&e| e >= budget)
            .unwrap_or(run.steps());
        (t, self.batch.excess_losses()[t])
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
        let (flat, steep) = step_factors(self.data(), BATCH_ETA);
        let (bold_flat, bold_steep) = step_factors(self.data(), BOLD_ETA);
        let best_eta = best_rate(self.data());
        let (best_flat, _) = step_factors(self.data(), best_eta);
        let (batch_steps_at_cost, batch_excess) = self.batch_excess_at_sgd_cost();
        let (trap_mean, trap_variance, trap_slope) = variance_test(&trap());
        let (noise_mean, noise_mean_se) = noise_mean(self.data());
        vec![
            Quote::new("normal-within-1", decimals(normal_within(1.0), 3)),
            Quote::new("normal-within-2", decimals(normal_within(2.0), 3)),
            Quote::new("normal-beyond-3", significant(1.0 - normal_within(3.0), 2)),
            Quote::new("normal-beyond-4", scientific(1.0 - normal_within(4.0), 1)),
            Quote::new("noise-mean", decimals(noise_mean, 3)),
            Quote::new("noise-mean-se", decimals(noise_mean_se, 3)),
            Quote::new("sample-count", self.data().len().to_string()),
            Quote::new("seed", SEED.to_string()),
            Quote::new("batch-eta", significant(BATCH_ETA, 6)),
            Quote::new("batch-steps", BATCH_STEPS.to_string()),
            Quote::new("sgd-eta0", significant(SGD_ETA, 6)),
            Quote::new("sgd-tau", significant(SGD_TAU, 6)),
            Quote::new("sgd-steps", SGD_STEPS.to_string()),
            Quote::new("batch-cost", count(self.batch.cost())),
            Quote::new("sgd-cost", count(self.sgd.cost())),
            Quote::new("gradient-check", scientific(self.worst_check, 1)),
            Quote::new("trough-eta", significant(figures::TROUGH_ETA, 6)),
            Quote::new("trough-fraction", significant(trough_fraction(), 6)),
            Quote::new("trap-mean", format!("{trap_mean:?}")),
            Quote::new("trap-variance", scientific(trap_variance, 1)),
            Quote::new("trap-slope", decimals(trap_slope.unwrap_or(f64::NAN), 2)),
            Quote::new("least-squares-w", decimals(best.w, 4)),
            Quote::new("least-squares-b", decimals(best.b, 4)),
            Quote::new("least-squares-loss", decimals(self.batch.loss(best), 6)),
            Quote::new("true-line-loss", decimals(self.batch.loss(truth), 6)),
            Quote::new("se-w", decimals(se_w, 2)),
            Quote::new("se-b", decimals(se_b, 2)),
            Quote::new("largest-curvature", decimals(big, 2)),
            Quote::new("smallest-curvature", decimals(small, 3)),
            Quote::new("batch-threshold", decimals(self.batch.batch_threshold(), 2)),
            Quote::new("batch-slow-factor", decimals(flat, 4)),
            Quote::new("batch-steep-factor", decimals(steep, 4)),
            Quote::new("bold-flat-factor", decimals(bold_flat, 3)),
            Quote::new("bold-steep-factor", decimals(bold_steep, 3)),
            Quote::new("best-rate", decimals(best_eta, 4)),
            Quote::new("best-factor", decimals(best_flat, 3)),
            Quote::new(
                "tilt-angle",
                format!("{}°", decimals(tilt_angle(self.data()), 1)),
            ),
            Quote::new(
                "batch-relative-error",
                scientific(self.batch.relative_error(), 1),
            ),
            Quote::new("batch-steps-at-sgd-cost", batch_steps_at_cost.to_string()),
            Quote::new("batch-excess-at-sgd-cost", excess(batch_excess)),
            Quote::new("sgd-excess", excess(self.sgd.excess_losses()[SGD_STEPS])),
            Quote::new("sgd-expected-excess", excess(expected.final_excess())),
            Quote::new("sgd-w", decimals(sgd_end.w, 4)),
            Quote::new("sgd-b", decimals(sgd_end.b, 4)),
            Quote::new("sgd-distance", distance(self.sgd.distance())),
            Quote::new("sgd-predicted-rms", distance(expected.final_rms())),
            Quote::new("sgd-tolerance", distance(expected.tolerance())),
            Quote::new(
                "sgd-final-rate",
                decimals(Settings::book(Mode::Sgd).schedule().rate(SGD_STEPS - 1), 4),
            ),
            Quote::new("floor-rate-fast", significant(FLOOR_RATES[0], 6)),
            Quote::new("floor-rate-slow", significant(FLOOR_RATES[1], 6)),
            Quote::new("floor-fast", excess(self.floors[0])),
            Quote::new("floor-slow", excess(self.floors[1])),
            Quote::new("monte-carlo-runs", count(MONTE_CARLO_RUNS)),
            Quote::new("gaussian-tail", scientific(self.sgd_tail, 1)),
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
            "A normal quantity lands within 1 standard deviation of its mean with chance {}, within 2 with {};",
            text("normal-within-1"),
            text("normal-within-2"),
        )?;
        writeln!(
            f,
            "  beyond 3 with chance {}, beyond 4 with {}.",
            text("normal-beyond-3"),
            text("normal-beyond-4"),
        )?;
        writeln!(
            f,
            "The {} noises of the data (y − (2x + 1)) average {}; their mean's standard error σ/√n is {}.",
            text("sample-count"),
            text("noise-mean"),
            text("noise-mean-se"),
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "The gradient of ℓ = ½(wx + b − y)² against central differences at {CHECK_POINTS} random points:"
        )?;
        writeln!(f, "  largest disagreement {}", text("gradient-check"))?;
        writeln!(
            f,
            "One step with η = {} on the point (2, 5) alone removes {} of its residual.",
            text("trough-eta"),
            text("trough-fraction"),
        )?;
        writeln!(
            f,
            "Three x = 0.1 have a computed mean of {} and Σ(x − x̄)² = {}, not 0:",
            text("trap-mean"),
            text("trap-variance"),
        )?;
        writeln!(
            f,
            "  testing that for zero would fit y = 1, 2, 4 with a slope of {}; least_squares says None.",
            text("trap-slope"),
        )?;
        writeln!(f)?;
        write!(f, "{}", self.batch)?;
        writeln!(
            f,
            "  relative error against least squares: {}",
            text("batch-relative-error"),
        )?;
        writeln!(
            f,
            "  curvatures of the loss: λ_max = {}, λ_min = {}; stable for η < {} = 2/λ_max",
            text("largest-curvature"),
            text("smallest-curvature"),
            text("batch-threshold")
        )?;
        writeln!(
            f,
            "  at η = {BOLD_ETA} (--lr {BOLD_ETA}) the factors are {} along the floor and {} across it",
            text("bold-flat-factor"),
            text("bold-steep-factor"),
        )?;
        writeln!(
            f,
            "  best constant rate 2/(λ_max + λ_min) = {}, where both shrink by {} per step",
            text("best-rate"),
            text("best-factor"),
        )?;
        writeln!(
            f,
            "  the valley floor is {} off a pure tilt of the line about the centre of the data",
            text("tilt-angle"),
        )?;
        writeln!(f)?;
        write!(f, "{}", self.sgd)?;
        writeln!(f)?;
        writeln!(
            f,
            "Cost in per-sample gradients: batch {} in {} steps of {}, SGD {} in {} steps of one.",
            text("batch-cost"),
            text("batch-steps"),
            text("sample-count"),
            text("sgd-cost"),
            text("sgd-steps"),
        )?;
        writeln!(
            f,
            "  At SGD's whole cost, batch had taken {} steps and was {} above L*; SGD ended {} above",
            text("batch-steps-at-sgd-cost"),
            text("batch-excess-at-sgd-cost"),
            text("sgd-excess"),
        )?;
        writeln!(
            f,
            "  (theory expects {} on average over the draws).",
            text("sgd-expected-excess"),
        )?;
        writeln!(
            f,
            "Noise floors (expected excess loss once settled) of a constant rate: η = {}: {}; η = {}: {}.",
            text("floor-rate-fast"),
            text("floor-fast"),
            text("floor-rate-slow"),
            text("floor-slow"),
        )?;
        writeln!(
            f,
            "The tests check the SGD theory against {} seeded runs.",
            text("monte-carlo-runs")
        )?;
        writeln!(
            f,
            "  A Gaussian error with SGD's final spread would end beyond 3 × the rms distance with chance {}.",
            text("gaussian-tail")
        )?;
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
            "by about se(w) = {} and se(b) = {} (the standard errors; seed {} draws the data).",
            text("se-w"),
            text("se-b"),
            text("seed"),
        )?;
        writeln!(
            f,
            "  (SGD's settings: η₀ = {}, τ = {})",
            text("sgd-eta0"),
            text("sgd-tau"),
        )
    }
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
target/downhill/chapter3/, named by the options (the book's figures are
left alone)."
    }

    fn options(&self) -> &'static [Opt] {
        &[MODE, LR, STEPS, SEED_OPTION]
    }

    fn examples(&self) -> &'static [&'static str] {
        &[
            "--lr 0.9",
            "--lr 1",
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
            figures: figures::book_figures(&report),
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
        run.figures = figures::experiment_figures(&experiment);
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
