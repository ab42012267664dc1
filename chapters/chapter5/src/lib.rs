//! Chapter 5: batch, stochastic, mini-batch.
//!
//! The experiments behind the chapter, each a function the example, the
//! tests and the book share:
//!
//! 1. how noisy a mini-batch gradient is: exactly, by enumerating every batch
//!    of a small data set, and by sampling on the chapter's data
//!    ([`variance`]);
//! 2. the same line fitted with batches of 1, 8, 64 and all 256 points, each
//!    run measured against the work it did (per-sample gradients) and
//!    against the exact expectation ([`moments`]);
//! 3. the noise floor of a constant rate, on a bowl with gradient noise of
//!    known variance ([`bowl`]), by formula and by Monte Carlo;
//! 4. learning-rate schedules and the Robbins–Monro conditions, with the two
//!    ways to fail;
//! 5. sampling with replacement against shuffled epochs;
//! 6. (only with `--benchmark`) what a gradient costs on this machine
//!    ([`benchmark`]).
//!
//! [`Report::compute`] runs 1–5; [`figures`] draws the chapter's figures.

pub mod benchmark;
pub mod bowl;
pub mod exercise_checks;
pub mod exercises;
pub mod moments;
/// The reference solutions to the exercises (absent from a student copy).
#[cfg(has_solutions)]
#[path = "../solutions/exercises.rs"]
pub mod solutions;
pub mod variance;

use std::fmt;

use descent::data::{DataSet, NoisyLine};
use descent::line::{Line, MeanSquaredError, hessian, least_squares};
use descent::{
    Objective, Outcome, Sampler, Sampling, Schedule, Sgd, StoppingRules, Trajectory,
    descend_sampled,
};
use harness::cli::{Args, CliError, Opt};
use harness::exercise::Exercise;
use harness::format::{decimals, scientific, significant};
use harness::plot::{Anchor, Axis, Chart, Colour, Figure, Grid, contour_lines, palette};
use harness::quote::{Quote, text_of};
use harness::table::Table;
use harness::{Chapter, Run, Trace};

use bowl::{
    Ensemble, NoisyBowl, ensemble, expected_square, noise_floor, shuffled_average, shuffled_floor,
    shuffled_profile,
};
use variance::{
    Estimate, enumerate_with_replacement, enumerate_without_replacement, gradient_spread,
    sample_gradients, sampled_variance, variance_with_replacement, variance_without_replacement,
};

// ANCHOR: data
/// The chapter's data: 256 points around the line `y = 2x + 1`, with inputs
/// uniform on `[−1, 1)` (centred, as chapter 4 recommends) and Gaussian noise
/// of standard deviation `σ = 0.5` on each output.
pub const TRUTH: NoisyLine = NoisyLine {
    slope: 2.0,
    intercept: 1.0,
    x_min: -1.0,
    x_max: 1.0,
    noise: 0.5,
    count: 256,
};

/// The seed of the book's data set.
pub const SEED: u64 = 5;
// ANCHOR_END: data

/// Where every fit starts: the flat line `w = 0`, `b = 0`.
pub const START: [f64; 2] = [0.0, 0.0];

/// The data set for `seed`.
pub fn data(seed: u64) -> DataSet {
    DataSet::noisy_line(&TRUTH, seed)
}

/// The seed of the samplers' draws, different from the data's so that the
/// draws do not reuse the random numbers that made the data.
pub fn sampler_seed(seed: u64) -> u64 {
    seed ^ 0x9E37_79B9_7F4A_7C15
}

/// The data, their least-squares line and the curvature of their loss.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The data.
    pub data: DataSet,
    /// The least-squares line `(w*, b*)`.
    pub best: Line,
    /// The Hessian `H` of the mean loss.
    pub hessian: [[f64; 2]; 2],
}

impl Problem {
    /// The problem of the data drawn with `seed`.
    pub fn new(seed: u64) -> Self {
        let data = data(seed);
        let best = least_squares(&data).expect("256 uniform inputs are not all equal");
        let hessian = hessian(&data);
        Problem {
            data,
            best,
            hessian,
        }
    }

    /// The number of points `n`.
    pub fn n(&self) -> usize {
        self.data.len()
    }

    /// The excess loss `L(θ) − L*`, computed as `½·eᵀHe` with `e = θ − θ*`:
    /// exact for this quadratic loss, and accurate far below `10⁻¹⁶`, where
    /// the difference of two nearly equal losses would be rounding noise.
    pub fn excess(&self, theta: &[f64]) -> f64 {
        let e = [theta[0] - self.best.w, theta[1] - self.best.b];
        let h = &self.hessian;
        0.5 * (h[0][0] * e[0] * e[0] + 2.0 * h[0][1] * e[0] * e[1] + h[1][1] * e[1] * e[1])
    }
}

/// The settings of one fit: how each step's batch is drawn, the schedule,
/// how many epochs' worth of work, and the seed of the data and the draws.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// Full batch, or mini-batches with or without replacement.
    pub sampling: Sampling,
    /// The learning rate at each step.
    pub schedule: Schedule,
    /// The work, in epochs: the run stops after `epochs·n` per-sample
    /// gradients (rounded up to a whole step).
    pub epochs: usize,
    /// The seed of the data and of the draws.
    pub seed: u64,
}

impl Settings {
    /// The number of steps `epochs` epochs take on `n` samples.
    pub fn steps(&self, n: usize) -> usize {
        match self.sampling {
            Sampling::Full => self.epochs,
            Sampling::WithReplacement { batch } => (self.epochs * n).div_ceil(batch),
            Sampling::Epochs { batch } => self.epochs * n.div_ceil(batch),
        }
    }

    /// The batch size `B` of each step, `n` for the full batch.
    pub fn batch(&self, n: usize) -> usize {
        match self.sampling {
            Sampling::Full => n,
            Sampling::WithReplacement { batch } | Sampling::Epochs { batch } => batch,
        }
    }
}

// ANCHOR: fit
/// Fit the line to `problem`'s data from [`START`] with `settings`.
pub fn fit(problem: &Problem, settings: &Settings) -> Trajectory {
    let loss = MeanSquaredError {
        data: &problem.data,
    };
    let n = problem.n();
    let mut sampler = Sampler::new(settings.sampling, n, sampler_seed(settings.seed));
    let mut sgd = Sgd::new(settings.schedule);
    let rules = StoppingRules::budget(settings.steps(n));
    descend_sampled(&loss, &mut sampler, &mut sgd, &START, &rules)
}
// ANCHOR_END: fit

/// One fit, with its excess loss at every step, measured and expected.
#[derive(Debug, Clone, PartialEq)]
pub struct Walk {
    /// What was run.
    pub settings: Settings,
    /// The run.
    pub trajectory: Trajectory,
    /// `L(θₜ) − L*` at every recorded step.
    pub excess: Vec<f64>,
    /// `E[L(θₜ)] − L*` at every step, exactly, where theory gives it: for
    /// the full batch and for draws with replacement ([`moments`]).
    pub expected: Option<Vec<f64>>,
}

impl Walk {
    /// Run `settings` on `problem`.
    pub fn run(problem: &Problem, settings: &Settings) -> Self {
        let trajectory = fit(problem, settings);
        let excess = trajectory
            .points
            .iter()
            .map(|p| problem.excess(p))
            .collect();
        let batch = match settings.sampling {
            Sampling::Full => Some(None),
            Sampling::WithReplacement { batch } => Some(Some(batch)),
            Sampling::Epochs { .. } => None,
        };
        let expected = batch.and_then(|batch| {
            moments::expected_excess(
                &problem.data,
                batch,
                &settings.schedule,
                START,
                settings.steps(problem.n()),
            )
        });
        Walk {
            settings: *settings,
            trajectory,
            excess,
            expected,
        }
    }

    /// The expected excess loss after the step that brings the work to
    /// `evaluations` per-sample gradients (or the last step before it).
    pub fn expected_at(&self, evaluations: u64) -> Option<f64> {
        let expected = self.expected.as_ref()?;
        let t = self
            .trajectory
            .evaluations
            .iter()
            .rposition(|&e| e <= evaluations)?;
        expected.get(t).copied()
    }
}

/// The learning rate of the work experiment, the same for every batch size.
pub const WORK_ETA: f64 = 0.5;
/// The work of the experiment, in epochs.
pub const WORK_EPOCHS: usize = 32;
/// The mini-batch sizes of the experiment (the full batch is the fourth).
pub const BATCHES: [usize; 3] = [1, 8, 64];

/// The book's fits: batches of 1, 8 and 64 drawn with replacement, and the
/// full batch, all at the constant rate [`WORK_ETA`].
pub fn work_settings() -> Vec<Settings> {
    let schedule = Schedule::Constant { eta: WORK_ETA };
    let mut settings: Vec<Settings> = BATCHES
        .iter()
        .map(|&batch| Settings {
            sampling: Sampling::WithReplacement { batch },
            schedule,
            epochs: WORK_EPOCHS,
            seed: SEED,
        })
        .collect();
    settings.push(Settings {
        sampling: Sampling::Full,
        schedule,
        epochs: WORK_EPOCHS,
        seed: SEED,
    });
    settings
}

/// How many of the chapter's points the small data set of the exact
/// enumeration takes.
pub const SMALL: usize = 6;
/// The batch sizes whose variance is estimated by sampling: those of the
/// work experiment.
pub const SAMPLED_BATCHES: [usize; 4] = [1, 8, 64, 256];
/// How many batches each estimate with replacement draws.
pub const DRAWS: usize = 400;
/// How many shuffled epochs each estimate without replacement averages.
pub const EPOCH_DRAWS: usize = 100;

/// The exact variance of a mini-batch gradient on the small data set, for
/// one batch size: by enumeration and by formula.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Enumerated {
    /// The batch size `B`.
    pub batch: usize,
    /// The mean over all `n^B` ordered batches.
    pub with_replacement: f64,
    /// `σ_g²/B`.
    pub with_formula: f64,
    /// The mean over all `n choose B` sets.
    pub without_replacement: f64,
    /// `σ_g²/B·(n − B)/(n − 1)`.
    pub without_formula: f64,
}

/// The variance of a mini-batch gradient on the chapter's data, for one
/// batch size: sampled both ways, and by formula.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sampled {
    /// The batch size `B`.
    pub batch: usize,
    /// Drawn with replacement.
    pub with_replacement: Estimate,
    /// Drawn without (the first batch of a shuffle).
    pub without_replacement: Estimate,
    /// `σ_g²/B`.
    pub with_formula: f64,
    /// `σ_g²/B·(n − B)/(n − 1)`.
    pub without_formula: f64,
}

/// The noisy bowl's curvature `a`.
pub const BOWL_A: f64 = 1.0;
/// The variance `σ_g²` of one sample's gradient on the bowl.
pub const BOWL_SIGMA2: f64 = 1.0;
/// The number of parabolas the bowl averages.
pub const BOWL_POINTS: usize = 10;
/// Where every walk on the bowl starts.
pub const BOWL_START: f64 = 10.0;
/// The constant rate of the noise-floor experiment, and its half.
pub const FLOOR_ETAS: [f64; 2] = [0.2, 0.1];
/// The step by which each rate's walks have reached their floor (the gap
/// `E[xₜ²] − F` is then below `10⁻⁴·F`), and which the figure shows.
pub const FLOOR_SETTLE: [usize; 2] = [40, 80];
/// How many steps each noise-floor walk takes in all: each walk's `xₜ²` is
/// averaged over its steps after [`FLOOR_SETTLE`].
pub const FLOOR_STEPS: [usize; 2] = [240, 280];
/// How many steps the walks in shuffled epochs take: eight epochs of the
/// bowl's ten points. Each walk's `xₜ²` is also averaged over the last
/// epoch's ten steps.
pub const SHUFFLED_STEPS: usize = 80;
/// How many independent walks each Monte Carlo estimate on the bowl averages.
pub const RUNS: usize = 400;

/// The noisy bowl of the chapter.
pub fn noisy_bowl() -> NoisyBowl {
    NoisyBowl::new(BOWL_A, BOWL_SIGMA2, BOWL_POINTS)
}

/// The schedules the chapter compares on the bowl, with their names.
pub fn schedules() -> Vec<(&'static str, Schedule)> {
    vec![
        ("constant", Schedule::Constant { eta: 0.2 }),
        (
            "1/(1 + t/τ)",
            Schedule::InversePower {
                eta0: 0.2,
                tau: 50.0,
                nu: 1.0,
            },
        ),
        (
            "1/√(1 + t/τ)",
            Schedule::InversePower {
                eta0: 0.2,
                tau: 50.0,
                nu: 0.5,
            },
        ),
        (
            "step",
            Schedule::Step {
                eta0: 0.2,
                gamma: 0.5,
                every: 200,
            },
        ),
        (
            "exponential",
            Schedule::Exponential {
                eta0: 0.2,
                gamma: 0.9,
            },
        ),
    ]
}

/// How many steps the schedules run on the bowl.
pub const SCHEDULE_STEPS: usize = 10_000;

/// Every number the chapter's prose quotes, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The chapter's data and their best line.
    pub problem: Problem,
    /// `σ_g²` of the small data set at the start.
    pub small_spread: f64,
    /// The exact variances on the small data set, for `B = 1, …, 6`.
    pub enumerated: Vec<Enumerated>,
    /// `σ_g²` of the chapter's data at the start.
    pub spread: f64,
    /// The sampled variances on the chapter's data.
    pub sampled: Vec<Sampled>,
    /// The four fits of the work experiment.
    pub walks: Vec<Walk>,
    /// Walks down the noisy bowl at the two constant rates, with replacement.
    pub floors: Vec<Ensemble>,
    /// Walks down the bowl at the smaller rate, in shuffled epochs.
    pub shuffled: Ensemble,
    /// The fraction of points an epoch's worth of draws with replacement
    /// misses, measured over many such epochs.
    pub missed: Estimate,
    /// `E[xₜ²]` on the bowl under each of [`schedules`].
    pub schedule_squares: Vec<Vec<f64>>,
    /// The mean walk under the exponential decay: where it stops.
    pub exponential: Trajectory,
    /// `E[x²]` on the bowl after [`SCHEDULE_STEPS`] steps of `ν = 1` with
    /// the short time scale of [`trap_schedule`].
    pub trap_end: f64,
    /// The largest constant rate at which single points drawn with
    /// replacement are stable in mean square on the chapter's data.
    pub single_point_limit: f64,
    /// Single points at the constant rates of [`SETTLE_ETAS`]: where each
    /// settles, and when.
    pub settling: Vec<Settling>,
    /// The exponential decay of question 3, with `γ` = [`SLOW_GAMMA`].
    pub slow_decay: SlowDecay,
}

/// The constant rates at which the chapter says where single points settle
/// and how soon: the Try-it section's `--lr 0.1` and `--lr 1.2`, and the
/// book's [`WORK_ETA`] between them.
pub const SETTLE_ETAS: [f64; 3] = [0.1, WORK_ETA, 1.2];
/// "Settled": within this fraction of the floor, for good.
pub const SETTLE_WITHIN: f64 = 0.1;

/// Where single points drawn with replacement settle at one constant rate,
/// and when.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settling {
    /// The rate `η`.
    pub eta: f64,
    /// The floor: the limit of `E[L(θₜ)] − L*` ([`moments::floor`]).
    pub floor: f64,
    /// The first step after which `E[L(θₜ)] − L*` stays within
    /// [`SETTLE_WITHIN`] of the floor ([`moments::settle_step`]).
    pub step: usize,
}

impl Settling {
    /// Batches of `batch` drawn with replacement at the constant rate `eta`
    /// on `data`, from [`START`], followed for `steps` steps.
    pub fn of(data: &DataSet, batch: usize, eta: f64, steps: usize) -> Option<Self> {
        let floor = moments::floor(data, batch, eta)?;
        let expected =
            moments::expected_excess(data, Some(batch), &Schedule::Constant { eta }, START, steps)?;
        let step = moments::settle_step(&expected, floor, SETTLE_WITHIN)?;
        Some(Settling { eta, floor, step })
    }
}

/// The factor `γ` of question 3's exponential decay, with `η₀ = 0.2` as in
/// the table.
pub const SLOW_GAMMA: f64 = 0.99;

/// Question 3: the exponential decay `0.2·0.99ᵗ` on the noisy bowl.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlowDecay {
    /// Where its mean walk stops, `x∞ = x₀·Πₜ (1 − a·η₀·γᵗ)`
    /// ([`bowl::exponential_stop`]).
    pub stop: f64,
    /// The bounds of [`bowl::stop_bounds`] on `|x∞|`: `(lower, upper)`.
    pub bounds: (f64, f64),
    /// Where `E[x²]` freezes: the exact recursion run until the rate is
    /// below `10⁻¹⁶`.
    pub frozen: f64,
    /// The rate `(1 − γ)/(2a)` at which the gap to the floor stops
    /// shrinking faster than the rate itself.
    pub rate: f64,
    /// The floor [`noise_floor`] of that rate.
    pub rate_floor: f64,
}

impl SlowDecay {
    /// Compute it on the chapter's bowl.
    pub fn compute() -> Self {
        let schedule = Schedule::Exponential {
            eta0: schedules()[4].1.initial(),
            gamma: SLOW_GAMMA,
        };
        let eta0 = schedule.initial();
        let total = total_rate(&schedule).expect("γ < 1: a finite total");
        let steps = slow_decay_steps();
        let frozen = expected_square(&schedule, BOWL_A, BOWL_SIGMA2, BOWL_START, steps)[steps];
        let rate = (1.0 - SLOW_GAMMA) / (2.0 * BOWL_A);
        SlowDecay {
            stop: bowl::exponential_stop(BOWL_START, BOWL_A, eta0, SLOW_GAMMA),
            bounds: bowl::stop_bounds(BOWL_START, BOWL_A, eta0, total),
            frozen,
            rate,
            rate_floor: noise_floor(rate, BOWL_A, BOWL_SIGMA2),
        }
    }
}

/// How many steps question 3's decay runs: until `0.2·0.99ᵗ < 10⁻¹⁶`.
pub fn slow_decay_steps() -> usize {
    ((1e-16f64 / 0.2).ln() / SLOW_GAMMA.ln()).ceil() as usize
}

/// Chapter 3's decay `η₀/(1 + t/τ)` on the bowl with `τ = 1`, so that
/// `a·η₀·τ = 0.2 < ½`: it meets both Robbins–Monro conditions, and is slow.
pub fn trap_schedule() -> Schedule {
    Schedule::InversePower {
        eta0: 0.2,
        tau: 1.0,
        nu: 1.0,
    }
}

/// How many epochs' worth of draws with replacement the missed fraction averages.
pub const MISSED_EPOCHS: usize = 200;

impl Report {
    /// Run every experiment of the chapter.
    pub fn compute() -> Self {
        let problem = Problem::new(SEED);
        let loss = MeanSquaredError {
            data: &problem.data,
        };
        let small_data = DataSet::new(problem.data.samples[..SMALL].to_vec());
        let small = MeanSquaredError { data: &small_data };
        let small_spread = gradient_spread(&small, &START);
        let small_gradients = sample_gradients(&small, &START);
        let enumerated = (1..=SMALL)
            .map(|b| Enumerated {
                batch: b,
                with_replacement: enumerate_with_replacement(&small_gradients, b),
                with_formula: variance_with_replacement(small_spread, b),
                without_replacement: enumerate_without_replacement(&small_gradients, b),
                without_formula: variance_without_replacement(small_spread, SMALL, b),
            })
            .collect();
        let spread = gradient_spread(&loss, &START);
        let gradients = sample_gradients(&loss, &START);
        let n = problem.n();
        let sampled = SAMPLED_BATCHES
            .iter()
            .map(|&b| Sampled {
                batch: b,
                with_replacement: sampled_variance(
                    &gradients,
                    Sampling::WithReplacement { batch: b },
                    DRAWS,
                    SEED + b as u64,
                ),
                without_replacement: sampled_variance(
                    &gradients,
                    Sampling::Epochs { batch: b },
                    EPOCH_DRAWS,
                    SEED + 1000 + b as u64,
                ),
                with_formula: variance_with_replacement(spread, b),
                without_formula: variance_without_replacement(spread, n, b),
            })
            .collect();
        let walks = work_settings()
            .iter()
            .map(|s| Walk::run(&problem, s))
            .collect();

        let bowl = noisy_bowl();
        let floors = FLOOR_ETAS
            .iter()
            .zip(FLOOR_STEPS)
            .enumerate()
            .map(|(k, (&eta, steps))| {
                ensemble(
                    &bowl,
                    Sampling::WithReplacement { batch: 1 },
                    Schedule::Constant { eta },
                    BOWL_START,
                    steps,
                    FLOOR_SETTLE[k],
                    RUNS,
                    SEED + 10_000 * (k as u64 + 1),
                )
            })
            .collect();
        let shuffled = ensemble(
            &bowl,
            Sampling::Epochs { batch: 1 },
            Schedule::Constant { eta: FLOOR_ETAS[1] },
            BOWL_START,
            SHUFFLED_STEPS,
            SHUFFLED_STEPS - BOWL_POINTS,
            RUNS,
            SEED + 30_000,
        );
        let missed = missed_fraction(n, MISSED_EPOCHS, SEED);
        let schedule_squares = schedules()
            .iter()
            .map(|(_, s)| expected_square(s, BOWL_A, BOWL_SIGMA2, BOWL_START, SCHEDULE_STEPS))
            .collect();
        let exponential = bowl::mean_walk(BOWL_A, schedules()[4].1, BOWL_START, EXPONENTIAL_STEPS);
        let trap_end = expected_square(
            &trap_schedule(),
            BOWL_A,
            BOWL_SIGMA2,
            BOWL_START,
            SCHEDULE_STEPS,
        )[SCHEDULE_STEPS];
        let single_point_limit = moments::mean_square_limit(&problem.data, 1)
            .expect("the chapter's data have a least-squares line");
        let settling = SETTLE_ETAS
            .iter()
            .map(|&eta| {
                Settling::of(&problem.data, 1, eta, WORK_EPOCHS * n)
                    .expect("every rate of SETTLE_ETAS is stable and settles within 32 epochs")
            })
            .collect();
        Report {
            problem,
            small_spread,
            enumerated,
            spread,
            sampled,
            walks,
            floors,
            shuffled,
            missed,
            schedule_squares,
            exponential,
            trap_end,
            single_point_limit,
            settling,
            slow_decay: SlowDecay::compute(),
        }
    }
}

/// How many steps the mean walk under exponential decay takes: enough for
/// the rate `0.2·0.9ᵗ` to fall below `10⁻¹⁶`.
pub const EXPONENTIAL_STEPS: usize = 400;

// ANCHOR: missed
/// Draw `n` samples with replacement, `epochs` times over, and estimate the
/// fraction of the `n` samples a pass of `n` draws never picks.
pub fn missed_fraction(n: usize, epochs: usize, seed: u64) -> Estimate {
    let mut sampler = Sampler::new(Sampling::WithReplacement { batch: n }, n, seed);
    let mut fractions = Vec::with_capacity(epochs);
    for _ in 0..epochs {
        let mut seen = vec![false; n];
        for &i in sampler.next_batch() {
            seen[i] = true;
        }
        let missed = seen.iter().filter(|&&s| !s).count();
        fractions.push(missed as f64 / n as f64);
    }
    Estimate::of(&fractions)
}
// ANCHOR_END: missed

/// Whether a schedule meets each of the Robbins–Monro conditions: `Σ ηₜ =
/// ∞` (the rates add up to an unbounded distance) and `Σ ηₜ² < ∞` (the
/// noise they let in adds up to something finite), decided from the
/// schedule's formula.
///
/// - a constant `η > 0`: the first holds, the second fails;
/// - `η₀/(1 + t/τ)^ν`: `Σ` behaves like `Σ 1/t^ν`, unbounded exactly when
///   `ν ≤ 1`; `Σ ηₜ²` like `Σ 1/t^(2ν)`, finite exactly when `ν > ½`;
/// - step decay with `γ < 1`: `Σ ηₜ = τ·η₀/(1 − γ)` and `Σ ηₜ² =
///   τ·η₀²/(1 − γ²)`, both finite (with `γ = 1` it is a constant);
/// - exponential decay with `γ < 1`: `η₀/(1 − γ)` and `η₀²/(1 − γ²)`, both
///   finite (with `γ = 1` it is a constant).
pub fn robbins_monro(schedule: &Schedule) -> (bool, bool) {
    match *schedule {
        Schedule::Constant { .. } => (true, false),
        Schedule::InverseTime { .. } => (true, true),
        Schedule::InversePower { nu, .. } => (nu <= 1.0, nu > 0.5),
        Schedule::Step { gamma, .. } | Schedule::Exponential { gamma, .. } => {
            if gamma < 1.0 {
                (false, true)
            } else {
                (true, false)
            }
        }
    }
}

/// For a rate that falls like `1/t` (`ν = 1`): `2·λ_min·η₀·τ`, the power
/// of `t` at which the slowest direction's noise-free part of `E[L] − L*`
/// shrinks once `t ≫ τ` (each step multiplies its distance by about
/// `1 − λ_min·η₀·τ/t`, and `Π (1 − c/t)` falls like `t^(−c)`). Below 1 it
/// is slower than the `1/t` of the noise, and it decides the pace. `None`
/// for other schedules.
pub fn inverse_time_exponent(schedule: &Schedule, data: &DataSet) -> Option<f64> {
    let (eta0, tau) = match *schedule {
        Schedule::InverseTime { eta0, tau } => (eta0, tau),
        Schedule::InversePower { eta0, tau, nu: 1.0 } => (eta0, tau),
        _ => return None,
    };
    let (_, small) = descent::line::curvatures(data);
    Some(2.0 * small * eta0 * tau)
}

/// Whether `ηₜ → 0`: every decay with `γ < 1` or `ν > 0`, not a constant
/// rate (nor step or exponential decay with `γ = 1`).
pub fn shrinks_to_zero(schedule: &Schedule) -> bool {
    match *schedule {
        Schedule::Constant { .. } => false,
        Schedule::InverseTime { .. } | Schedule::InversePower { .. } => true,
        Schedule::Step { gamma, .. } | Schedule::Exponential { gamma, .. } => gamma < 1.0,
    }
}

/// `Σ ηₜ` over all steps, where it is finite.
///
/// For step and exponential decay it is a geometric series. For
/// `η₀/(1 + t/τ)^ν` with `ν > 1` it has no elementary closed form: the
/// first [`PARTIAL_TERMS`] terms are added one by one, and the rest by the
/// Euler–Maclaurin formula, `Σₜ₌T^∞ f(t) ≈ ∫_T^∞ f + f(T)/2 − f′(T)/12`, with
/// `∫_T^∞ f = η₀·τ/(ν − 1)·(1 + T/τ)^(1−ν)`. Its error is of the order of
/// `f‴(T)`, far below `10⁻¹⁰` of the total for the options a reader can
/// choose.
pub fn total_rate(schedule: &Schedule) -> Option<f64> {
    match *schedule {
        Schedule::Step { eta0, gamma, every } if gamma < 1.0 => {
            Some(every as f64 * eta0 / (1.0 - gamma))
        }
        Schedule::Exponential { eta0, gamma } if gamma < 1.0 => Some(eta0 / (1.0 - gamma)),
        Schedule::InversePower { eta0, tau, nu } if nu > 1.0 => {
            let t = PARTIAL_TERMS as f64;
            let head: f64 = (0..PARTIAL_TERMS).map(|k| schedule.rate(k)).sum();
            let at = 1.0 + t / tau;
            let integral = eta0 * tau / (nu - 1.0) * at.powf(1.0 - nu);
            let value = eta0 * at.powf(-nu);
            let slope = -eta0 * nu / tau * at.powf(-nu - 1.0);
            Some(head + integral + value / 2.0 - slope / 12.0)
        }
        _ => None,
    }
}

/// How many terms of `Σ ηₜ` [`total_rate`] adds one by one before it
/// estimates the rest.
pub const PARTIAL_TERMS: usize = 10_000;

/// An estimate as the book prints it: the mean and its standard error, both
/// with `places` decimals: `0.107 ± 0.007`.
pub fn plus_minus(estimate: &Estimate, places: usize) -> String {
    format!(
        "{} ± {}",
        decimals(estimate.mean, places),
        decimals(estimate.standard_error, places)
    )
}

/// The floor as it is often quoted, `η·σ_g²/(2a)`: [`noise_floor`] with
/// the `η·a` in `2 − η·a` dropped, good only while `η·a` is small.
pub fn small_rate_floor(eta: f64, a: f64, sigma2: f64) -> f64 {
    eta * sigma2 / (2.0 * a)
}

/// The spread `σ_g² = (1/n)·Σᵢ ‖∇ℓᵢ(θ*)‖²` of the points' gradients at the
/// least-squares line `θ*`, where their mean, the full gradient, is zero.
pub fn best_spread(problem: &Problem) -> f64 {
    let loss = MeanSquaredError {
        data: &problem.data,
    };
    gradient_spread(&loss, &problem.best.to_point())
}

/// The floor of the expected excess loss of single points at a small
/// constant rate `eta`, `η·σ_g²/4` with the spread [`best_spread`] at the
/// least-squares line: chapter 3's `η/4 · (1/n)·Σᵢ rᵢ*²(xᵢ² + 1)`, and the
/// bowl's `(a/2)·η·σ_g²/(2a)`. Good only while `η` is small.
pub fn small_rate_line_floor(problem: &Problem, eta: f64) -> f64 {
    eta * best_spread(problem) / 4.0
}

/// Where the chapter's exponential decay may stop on the bowl without
/// noise: the `(lower, upper)` bounds of [`bowl::stop_bounds`] for its
/// total [`total_rate`].
pub fn exponential_bounds() -> (f64, f64) {
    let exponential = schedules()[4].1;
    let total = total_rate(&exponential).expect("γ < 1: a finite total");
    bowl::stop_bounds(BOWL_START, BOWL_A, exponential.initial(), total)
}

/// The factor by which halving a constant rate changes the noise floor:
/// `v(η/2)/v(η) = (2 − ηa)/(4 − ηa)`, a little under ½.
pub fn floor_ratio(eta: f64, a: f64) -> f64 {
    noise_floor(eta / 2.0, a, 1.0) / noise_floor(eta, a, 1.0)
}

/// How many times as many steps the gap `E[xₜ²] − floor` takes to shrink by
/// the same factor after halving `η`: it shrinks by `(1 − ηa)²` per step,
/// so the ratio is `ln(1 − ηa)/ln(1 − ηa/2)`, a little over 2.
pub fn time_ratio(eta: f64, a: f64) -> f64 {
    (1.0 - eta * a).ln() / (1.0 - eta * a / 2.0).ln()
}

impl Report {
    /// The walk of the work experiment with batches of `batch` (`n` for the full batch).
    pub fn walk(&self, batch: usize) -> &Walk {
        let n = self.problem.n();
        self.walks
            .iter()
            .find(|w| w.settings.batch(n) == batch)
            .unwrap_or_else(|| panic!("no walk with batches of {batch}"))
    }

    /// The sampled variances for batches of `batch`.
    pub fn sampled_at(&self, batch: usize) -> &Sampled {
        self.sampled
            .iter()
            .find(|s| s.batch == batch)
            .unwrap_or_else(|| panic!("no sampled variance for batches of {batch}"))
    }

    /// The largest relative difference between the enumerated variances and
    /// their formulas (where the formula is not zero), over every batch size.
    pub fn enumeration_agreement(&self) -> f64 {
        let mut worst: f64 = 0.0;
        for e in &self.enumerated {
            worst = worst.max((e.with_replacement - e.with_formula).abs() / e.with_formula);
            if e.without_formula > 0.0 {
                worst = worst
                    .max((e.without_replacement - e.without_formula).abs() / e.without_formula);
            }
        }
        worst
    }

    /// The expected excess loss after the last step of each schedule on the
    /// bowl, in the order of [`schedules`].
    pub fn schedule_ends(&self) -> Vec<f64> {
        self.schedule_squares
            .iter()
            .map(|m| m[SCHEDULE_STEPS])
            .collect()
    }

    /// The numbers the prose quotes, exactly as printed.
    pub fn quotes(&self) -> Vec<Quote> {
        let n = self.problem.n();
        let small_2 = self.enumerated[1];
        let s64 = self.sampled_at(64);
        let s256 = self.sampled_at(256);
        let (big, small) = descent::line::curvatures(&self.problem.data);
        let mut quotes = vec![
            Quote::new("condition-number", decimals(big / small, 1)),
            Quote::new("small-spread", decimals(self.small_spread, 4)),
            Quote::new("small-with-2", decimals(small_2.with_replacement, 4)),
            Quote::new("small-without-2", decimals(small_2.without_replacement, 4)),
            Quote::new(
                "enumeration-agreement",
                scientific(self.enumeration_agreement(), 0),
            ),
            Quote::new("spread", decimals(self.spread, 4)),
            Quote::new("sampled-with-64", plus_minus(&s64.with_replacement, 4)),
            Quote::new("formula-with-64", decimals(s64.with_formula, 4)),
            Quote::new(
                "sampled-without-64",
                plus_minus(&s64.without_replacement, 4),
            ),
            Quote::new("formula-without-64", decimals(s64.without_formula, 4)),
            Quote::new("factor-64", decimals((n - 64) as f64 / (n - 1) as f64, 3)),
            Quote::new("sampled-with-256", plus_minus(&s256.with_replacement, 4)),
            Quote::new("formula-with-256", decimals(s256.with_formula, 4)),
        ];
        for (name, batch) in [("1", 1), ("8", 8), ("64", 64), ("full", n)] {
            let walk = self.walk(batch);
            let names: [&'static str; 3] = match name {
                "1" => ["steps-1", "one-epoch-1", "end-1"],
                "8" => ["steps-8", "one-epoch-8", "end-8"],
                "64" => ["steps-64", "one-epoch-64", "end-64"],
                _ => ["steps-full", "one-epoch-full", "end-full"],
            };
            let epoch = n as u64;
            let end = (WORK_EPOCHS * n) as u64;
            quotes.push(Quote::new(names[0], walk.trajectory.steps().to_string()));
            quotes.push(Quote::new(
                names[1],
                excess_text(walk.expected_at(epoch).unwrap_or(f64::NAN)),
            ));
            quotes.push(Quote::new(
                names[2],
                excess_text(walk.expected_at(end).unwrap_or(f64::NAN)),
            ));
        }
        let floors: Vec<f64> = FLOOR_ETAS
            .iter()
            .map(|&eta| noise_floor(eta, BOWL_A, BOWL_SIGMA2))
            .collect();
        quotes.extend([
            Quote::new("floor-0.2", decimals(floors[0], 4)),
            Quote::new("measured-0.2", plus_minus(&self.floors[0].last, 3)),
            Quote::new("settled-0.2", plus_minus(&self.floors[0].settled, 4)),
            Quote::new(
                "approximate-0.2",
                decimals(small_rate_floor(FLOOR_ETAS[0], BOWL_A, BOWL_SIGMA2), 4),
            ),
            Quote::new("floor-0.1", decimals(floors[1], 4)),
            Quote::new("measured-0.1", plus_minus(&self.floors[1].last, 3)),
            Quote::new("settled-0.1", plus_minus(&self.floors[1].settled, 4)),
            Quote::new(
                "floor-ratio",
                decimals(floor_ratio(FLOOR_ETAS[0], BOWL_A), 3),
            ),
            Quote::new("time-ratio", decimals(time_ratio(FLOOR_ETAS[0], BOWL_A), 2)),
        ]);
        let ends = self.schedule_ends();
        let bowl = noisy_bowl();
        let exponential = schedules()[4].1;
        let total = total_rate(&exponential).unwrap_or(f64::NAN);
        quotes.extend([
            Quote::new("end-constant", decimals(ends[0], 4)),
            Quote::new("end-inverse", scientific(ends[1], 1)),
            Quote::new("end-sqrt", scientific(ends[2], 1)),
            Quote::new("end-step", scientific(ends[3], 1)),
            Quote::new("end-exponential", decimals(ends[4], 3)),
            Quote::new("exponential-total", significant(total, 6)),
            Quote::new(
                "step-total",
                significant(total_rate(&schedules()[3].1).unwrap_or(f64::NAN), 6),
            ),
            Quote::new(
                "exponential-stop",
                decimals(self.exponential.final_point()[0], 4),
            ),
            Quote::new("exponential-bound", decimals(exponential_bounds().1, 4)),
            Quote::new("exponential-lower", decimals(exponential_bounds().0, 4)),
            Quote::new("trap-end", decimals(self.trap_end, 2)),
            Quote::new(
                "per-point-limit",
                decimals(2.0 / steepest_point(&self.problem.data), 2),
            ),
            Quote::new("single-point-limit", decimals(self.single_point_limit, 2)),
            Quote::new("full-batch-limit", decimals(2.0 / big, 2)),
            Quote::new(
                "missed-exact",
                decimals((1.0 - 1.0 / n as f64).powi(n as i32), 4),
            ),
            Quote::new("inverse-e", decimals((-1.0f64).exp(), 4)),
            Quote::new("missed-measured", plus_minus(&self.missed, 3)),
            Quote::new("shuffled-measured", plus_minus(&self.shuffled.last, 4)),
            Quote::new(
                "shuffled-average-measured",
                plus_minus(&self.shuffled.settled, 4),
            ),
            Quote::new(
                "shuffled-average",
                decimals(shuffled_average(&bowl, FLOOR_ETAS[1]), 4),
            ),
            Quote::new(
                "shuffled-peak",
                decimals(
                    shuffled_profile(&bowl, FLOOR_ETAS[1])
                        .into_iter()
                        .fold(0.0, f64::max),
                    4,
                ),
            ),
            Quote::new(
                "shuffled-average-ratio",
                decimals(floors[1] / shuffled_average(&bowl, FLOOR_ETAS[1]), 1),
            ),
            Quote::new(
                "shuffled-exact",
                decimals(shuffled_floor(&bowl, FLOOR_ETAS[1]), 4),
            ),
            Quote::new(
                "shuffled-ratio",
                format!("{:.0}", floors[1] / shuffled_floor(&bowl, FLOOR_ETAS[1])),
            ),
            Quote::new(
                "bytes-10-7",
                scientific(benchmark::bytes_per_pass(10_000_000) as f64, 1),
            ),
        ]);
        let names = [
            ("line-floor-0.1", "line-settle-0.1"),
            ("line-floor-0.5", "line-settle-0.5"),
            ("line-floor-1.2", "line-settle-1.2"),
        ];
        for (settling, (floor, step)) in self.settling.iter().zip(names) {
            quotes.push(Quote::new(floor, excess_text(settling.floor)));
            quotes.push(Quote::new(step, settling.step.to_string()));
        }
        quotes.push(Quote::new(
            "start-excess",
            decimals(self.problem.excess(&START), 2),
        ));
        quotes.push(Quote::new(
            "best-spread",
            decimals(best_spread(&self.problem), 4),
        ));
        quotes.push(Quote::new(
            "line-small-rate-floor-0.1",
            excess_text(small_rate_line_floor(&self.problem, SETTLE_ETAS[0])),
        ));
        quotes.push(Quote::new(
            "line-floor-ratio-1.2",
            decimals(self.settling[2].floor / self.settling[1].floor, 1),
        ));
        let slow = &self.slow_decay;
        quotes.extend([
            Quote::new("q3-stop", scientific(slow.stop, 1)),
            Quote::new("q3-lower", scientific(slow.bounds.0, 1)),
            Quote::new("q3-upper", scientific(slow.bounds.1, 1)),
            Quote::new("q3-frozen", decimals(slow.frozen, 5)),
            Quote::new("q3-rate", decimals(slow.rate, 3)),
            Quote::new("q3-rate-floor", decimals(slow.rate_floor, 5)),
        ]);
        quotes
    }
}

/// The largest curvature `x² + 1` of one point's own trough.
pub fn steepest_point(data: &DataSet) -> f64 {
    data.samples
        .iter()
        .fold(0.0f64, |m, p| m.max(p.x * p.x + 1.0))
}

/// An excess loss for the tables: four decimals down to `10⁻³`, scientific
/// notation below.
fn excess_text(v: f64) -> String {
    if v >= 1e-3 {
        decimals(v, 4)
    } else {
        scientific(v, 1)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.quotes();
        let text = |name: &str| text_of(&q, name);
        let n = self.problem.n();
        writeln!(f, "Chapter 5: batch, stochastic, mini-batch")?;
        writeln!(f)?;
        writeln!(
            f,
            "The data: {n} points around y = 2x + 1, x uniform on [−1, 1), noise σ = {} (seed {SEED});",
            TRUTH.noise
        )?;
        writeln!(
            f,
            "their least-squares line is w* = {}, b* = {}; the loss's condition number κ = {}.",
            decimals(self.problem.best.w, 4),
            decimals(self.problem.best.b, 4),
            text("condition-number")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "1. How noisy is a mini-batch gradient? E‖g − ∇L‖² at the start (w, b) = (0, 0)."
        )?;
        writeln!(
            f,
            "Exactly, on the first {SMALL} points (σ_g² = {}), over every possible batch:",
            text("small-spread")
        )?;
        writeln!(
            f,
            "  B   with replacement: all {SMALL}^B   σ_g²/B     without: all sets   σ_g²/B·(n − B)/(n − 1)"
        )?;
        for e in &self.enumerated {
            writeln!(
                f,
                "  {:<3} {:<28} {:<10} {:<19} {}",
                e.batch,
                decimals(e.with_replacement, 4),
                decimals(e.with_formula, 4),
                decimals(e.without_replacement, 4),
                decimals(e.without_formula, 4)
            )?;
        }
        writeln!(
            f,
            "  largest relative difference between enumeration and formula: {}",
            text("enumeration-agreement")
        )?;
        writeln!(
            f,
            "By sampling, on all {n} points (σ_g² = {}):",
            text("spread")
        )?;
        writeln!(
            f,
            "  B     with replacement ({DRAWS} batches)   σ_g²/B    without ({EPOCH_DRAWS} shuffled epochs)   σ_g²/B·(n − B)/(n − 1)"
        )?;
        for s in &self.sampled {
            writeln!(
                f,
                "  {:<5} {:<31} {:<9} {:<31} {}",
                s.batch,
                plus_minus(&s.with_replacement, 4),
                decimals(s.with_formula, 4),
                if s.without_formula == 0.0 {
                    format!("{} (rounding)", scientific(s.without_replacement.mean, 0))
                } else {
                    plus_minus(&s.without_replacement, 4)
                },
                decimals(s.without_formula, 4)
            )?;
        }
        writeln!(
            f,
            "  at B = 64 the finite-population factor (n − B)/(n − 1) is {}",
            text("factor-64")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "2. Progress against work: the line fitted from (0, 0) with η = {WORK_ETA}, {WORK_EPOCHS} epochs each."
        )?;
        writeln!(
            f,
            "Excess loss L − L* ({} at the start): expected (exact) after 1 epoch and after {WORK_EPOCHS}, and this run's after {WORK_EPOCHS}:",
            text("start-excess")
        )?;
        writeln!(
            f,
            "  batch          steps    after 1 epoch   after {WORK_EPOCHS} epochs   this run"
        )?;
        for (label, batch, key) in [
            ("B = 1", 1, "1"),
            ("B = 8", 8, "8"),
            ("B = 64", 64, "64"),
            ("full, B = 256", n, "full"),
        ] {
            let walk = self.walk(batch);
            writeln!(
                f,
                "  {label:<14} {:<8} {:<15} {:<16} {}",
                text(&format!("steps-{key}")),
                text(&format!("one-epoch-{key}")),
                text(&format!("end-{key}")),
                excess_text(walk.excess[walk.excess.len() - 1])
            )?;
        }
        writeln!(
            f,
            "  single points are safe for η ≤ 2/(x² + 1) = {} at every point, and stable on average",
            text("per-point-limit")
        )?;
        writeln!(
            f,
            "  (in mean square) up to η = {}; the full batch up to 2/λ_max = {}",
            text("single-point-limit"),
            text("full-batch-limit")
        )?;
        writeln!(
            f,
            "  single points at a constant rate settle on a floor of E[L] − L* (exact), within {}% of it for good after:",
            SETTLE_WITHIN * 100.0
        )?;
        writeln!(
            f,
            "    η = 0.1: floor {} from step {}; η = {WORK_ETA}: {} from step {}; η = 1.2: {} from step {} ({} times η = {WORK_ETA}'s)",
            text("line-floor-0.1"),
            text("line-settle-0.1"),
            text("line-floor-0.5"),
            text("line-settle-0.5"),
            text("line-floor-1.2"),
            text("line-settle-1.2"),
            text("line-floor-ratio-1.2")
        )?;
        writeln!(
            f,
            "  for a small rate the floor is about η·σ_g²/4, with σ_g² = {} at the least-squares line: {} at η = 0.1",
            text("best-spread"),
            text("line-small-rate-floor-0.1")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "3. The noise floor: the bowl of {BOWL_POINTS} parabolas ½·a·(x − cᵢ)², a = {BOWL_A}, σ_g² = {BOWL_SIGMA2}, from x₀ = {BOWL_START};"
        )?;
        writeln!(
            f,
            "one sample per step, drawn with replacement; {RUNS} walks for each rate:"
        )?;
        writeln!(
            f,
            "  η     floor ησ_g²/(a(2 − ηa))   E[x²] at the last step     each walk averaged after it settles"
        )?;
        for (k, eta) in FLOOR_ETAS.iter().enumerate() {
            let key = if k == 0 { "0.2" } else { "0.1" };
            let last = format!(
                "{} (step {})",
                text(&format!("measured-{key}")),
                FLOOR_STEPS[k]
            );
            writeln!(
                f,
                "  {eta:<5} {:<25} {last:<26} {} (steps {} to {})",
                text(&format!("floor-{key}")),
                text(&format!("settled-{key}")),
                FLOOR_SETTLE[k] + 1,
                FLOOR_STEPS[k]
            )?;
        }
        writeln!(
            f,
            "  (mean ± standard error over the walks); the small-rate approximation ησ_g²/(2a) at η = {}: {}",
            FLOOR_ETAS[0],
            text("approximate-0.2")
        )?;
        writeln!(
            f,
            "  halving η multiplies the floor by (2 − ηa)/(4 − ηa) = {} and the time to approach it by {}",
            text("floor-ratio"),
            text("time-ratio")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "4. Schedules on the same bowl (η₀ = 0.2, τ = 50), E[x²] exactly, after {SCHEDULE_STEPS} steps:"
        )?;
        writeln!(
            f,
            "  schedule              Σηₜ = ∞?   Σηₜ² < ∞?   Robbins–Monro   E[x²]"
        )?;
        let end_names = [
            "end-constant",
            "end-inverse",
            "end-sqrt",
            "end-step",
            "end-exponential",
        ];
        let yes = |b: bool| if b { "yes" } else { "no" };
        for ((name, schedule), end) in schedules().iter().zip(end_names) {
            let (sum, squares) = robbins_monro(schedule);
            let sum = match total_rate(schedule) {
                Some(total) if !sum => format!("no ({})", significant(total, 6)),
                _ => yes(sum).to_string(),
            };
            writeln!(
                f,
                "  {name:<21} {sum:<10} {:<11} {:<15} {}",
                yes(squares),
                if robbins_monro(schedule) == (true, true) {
                    "met"
                } else {
                    "not met"
                },
                text(end)
            )?;
        }
        writeln!(
            f,
            "  the exponential decay's rates add up to {}: its mean walk stops at x = {},",
            text("exponential-total"),
            text("exponential-stop"),
        )?;
        writeln!(
            f,
            "  between x₀·e^(−a·Σηₜ/(1 − a·η₀)) = {} and x₀·e^(−a·Σηₜ) = {}",
            text("exponential-lower"),
            text("exponential-bound")
        )?;
        writeln!(
            f,
            "  ν = 1 with τ = 1 (a·η₀·τ = 0.2 < ½) meets both conditions, yet E[x²] after {SCHEDULE_STEPS} steps is {}",
            text("trap-end")
        )?;
        writeln!(
            f,
            "  exponential decay with γ = {SLOW_GAMMA} (question 3): the mean walk stops at x = {}, between {} and {};",
            text("q3-stop"),
            text("q3-lower"),
            text("q3-upper")
        )?;
        writeln!(
            f,
            "  E[x²] freezes at {}, near the floor {} of η = (1 − γ)/(2a) = {}",
            text("q3-frozen"),
            text("q3-rate-floor"),
            text("q3-rate")
        )?;
        writeln!(f)?;
        writeln!(f, "5. Drawing with replacement, or shuffling:")?;
        writeln!(
            f,
            "  {n} draws with replacement miss (1 − 1/n)ⁿ = {} of the points (1/e = {});",
            text("missed-exact"),
            text("inverse-e")
        )?;
        writeln!(
            f,
            "  measured over {MISSED_EPOCHS} such epochs: {}",
            text("missed-measured")
        )?;
        writeln!(
            f,
            "  on the bowl at η = {}, one point per step, {RUNS} walks each way:",
            FLOOR_ETAS[1],
        )?;
        writeln!(
            f,
            "    with replacement  {} averaged after step {} (floor {})",
            text("settled-0.1"),
            FLOOR_SETTLE[1],
            text("floor-0.1")
        )?;
        writeln!(
            f,
            "    shuffled epochs   {} at the end of epoch {} (exact {}, {} times lower)",
            text("shuffled-measured"),
            SHUFFLED_STEPS / BOWL_POINTS,
            text("shuffled-exact"),
            text("shuffled-ratio")
        )?;
        writeln!(
            f,
            "                      {} over the last epoch's steps (exact {}, {} times lower; {} mid-epoch)",
            text("shuffled-average-measured"),
            text("shuffled-average"),
            text("shuffled-average-ratio"),
            text("shuffled-peak")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "6. What a step costs: a full gradient at n = 10⁷ reads {} bytes. Time it on your",
            text("bytes-10-7")
        )?;
        writeln!(
            f,
            "machine with: cargo run --release --example chapter5 -- --benchmark"
        )
    }
}

/// The colour of each batch size, in every figure: one sample as chapter
/// 3's SGD, the full batch as its batch descent.
///
/// The chapter's colours keep one meaning each across its figures. On the
/// line, colour is the batch size (this function). On the bowl, colour is
/// what the rate does: [`CONSTANT_COLOUR`], [`SETTLING_COLOUR`],
/// [`FINITE_COLOUR`]. Grey is for references: contours, formulas drawn
/// against measurements, floors, the least-squares point.
pub fn batch_colour(batch: usize, n: usize) -> Colour {
    match batch {
        1 => palette::VERMILLION,
        b if b >= n => palette::BLUE,
        b if b <= 8 => palette::PURPLE,
        _ => palette::GREEN,
    }
}

/// The colour of a constant rate on the bowl, in every figure.
pub const CONSTANT_COLOUR: Colour = palette::ORANGE;
/// The colour of a rate that shrinks to zero while its total grows without
/// bound (`ν = 1` and `ν = ½`), in every figure.
pub const SETTLING_COLOUR: Colour = palette::SKY;
/// The colour of a rate whose total is finite (step and exponential
/// decay), in every figure.
pub const FINITE_COLOUR: Colour = palette::INK;
/// The colour of references: contours, formulas, floors, the least-squares
/// point.
pub const REFERENCE_COLOUR: Colour = palette::GREY;

/// How a batch size is named in the figures.
fn batch_name(batch: usize, n: usize) -> String {
    if batch >= n {
        format!("full batch, B = {n}")
    } else {
        format!("B = {batch}")
    }
}

/// The work the paths figure shows, in epochs.
pub const PATH_EPOCHS: usize = 2;

/// The window of the `(w, b)` plane the paths figure shows: wide enough for
/// the first jumps of single points.
pub const PATH_WINDOW: ((f64, f64), (f64, f64)) = ((-0.3, 3.3), (-0.3, 2.4));

/// Contours of the mean loss over `window`, with the walks' first
/// `evaluations` per-sample gradients drawn on them.
pub fn paths_chart(
    problem: &Problem,
    walks: &[&Walk],
    evaluations: u64,
    window: ((f64, f64), (f64, f64)),
) -> Chart {
    let loss = MeanSquaredError {
        data: &problem.data,
    };
    let best_loss = loss.value(&problem.best.to_point());
    let levels: Vec<f64> = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0]
        .iter()
        .map(|c| best_loss + c)
        .collect();
    let grid = Grid {
        x: window.0,
        y: window.1,
        cells: (90, 90),
    };
    let contours = contour_lines(|w, b| loss.value(&[w, b]), &grid, &levels);
    let mut chart = Chart::new(
        Axis::linear("slope w", window.0.0, window.0.1),
        Axis::linear("intercept b", window.1.0, window.1.1),
    );
    for contour in &contours {
        for line in &contour.lines {
            chart.line(line, REFERENCE_COLOUR).width(1);
        }
    }
    let n = problem.n();
    for walk in walks {
        let last = walk
            .trajectory
            .evaluations
            .iter()
            .rposition(|&e| e <= evaluations)
            .unwrap_or(0);
        let points: Vec<(f64, f64)> = walk.trajectory.points[..=last]
            .iter()
            .map(|p| (p[0], p[1]))
            .collect();
        let batch = walk.settings.batch(n);
        let colour = batch_colour(batch, n);
        if points.len() <= 20 {
            chart.path(&points, colour).width(2).radius(4);
        } else {
            chart
                .line(&points, colour)
                .width(if batch == 1 { 1 } else { 2 });
        }
    }
    // The least-squares point: a grey ring, visible on top of any walk.
    let best = [(problem.best.w, problem.best.b)];
    chart
        .points(&best, palette::tint(palette::INK, 0.0))
        .radius(7);
    chart.points(&best, REFERENCE_COLOUR).radius(5);
    chart
}

/// The book's paths figure: the same work, [`PATH_EPOCHS`] epochs, spent
/// four ways.
pub fn paths_figure(report: &Report) -> Figure {
    let n = report.problem.n();
    let walks: Vec<&Walk> = report.walks.iter().collect();
    let mut chart = paths_chart(
        &report.problem,
        &walks,
        (PATH_EPOCHS * n) as u64,
        PATH_WINDOW,
    );
    // Direct labels, placed where each walk is alone.
    let full = report.walk(n);
    let second = &full.trajectory.points[PATH_EPOCHS.min(full.trajectory.steps())];
    chart
        .text(
            (second[0] + 0.1, second[1] - 0.05),
            &format!("full batch: {PATH_EPOCHS} steps"),
            batch_colour(n, n),
        )
        .narrow_at((1.45, -0.14));
    // On a phone the walks fill the middle: the labels go to the free
    // corners, top right and bottom right.
    for (batch, at, narrow) in [
        (64, (0.25, 1.3), (1.45, 1.99)),
        (8, (0.95, 0.3), (1.45, 0.1)),
        (1, (0.75, 2.2), (1.45, 2.24)),
    ] {
        let walk = report.walk(batch);
        let steps = walk
            .trajectory
            .evaluations
            .iter()
            .rposition(|&e| e <= (PATH_EPOCHS * n) as u64)
            .unwrap_or(0);
        chart
            .text(
                at,
                &format!("B = {batch}: {steps} steps"),
                batch_colour(batch, n),
            )
            .narrow_at(narrow);
    }
    Figure::new("paths.svg", &chart)
}

/// The variance of a mini-batch gradient against the batch size: both
/// formulas as grey curves (solid with replacement, dashed without), the
/// sampled estimates as points in the colours of their batch sizes (filled
/// with replacement, rings without), with error bars of two standard errors.
pub fn variance_figure(report: &Report) -> Figure {
    let n = report.problem.n();
    let spread = report.spread;
    let low = variance_without_replacement(spread, n, n - 1) / 2.0;
    let mut chart = Chart::new(
        log_axis_to("batch size B", 1.0, 1.2 * n as f64),
        Axis::log("E‖g − ∇L‖²", low, 3.0 * spread),
    );
    let with: Vec<(f64, f64)> = (1..=n)
        .map(|b| (b as f64, variance_with_replacement(spread, b)))
        .collect();
    let without: Vec<(f64, f64)> = (1..n)
        .map(|b| (b as f64, variance_without_replacement(spread, n, b)))
        .collect();
    chart.line(&with, REFERENCE_COLOUR).width(2);
    chart.line(&without, REFERENCE_COLOUR).width(2).dashed();
    let white = palette::tint(palette::INK, 0.0);
    for s in &report.sampled {
        let b = s.batch as f64;
        let colour = batch_colour(s.batch, n);
        // Side by side where both are drawn, so that neither hides the other.
        let both = s.batch > 1 && s.batch < n;
        for (estimate, at, ring, show) in [
            (
                &s.with_replacement,
                if both { b / 1.1 } else { b },
                false,
                true,
            ),
            (&s.without_replacement, b * 1.1, true, both),
        ] {
            if !show {
                continue;
            }
            let bar = 2.0 * estimate.standard_error;
            chart
                .line(
                    &[
                        (at, (estimate.mean - bar).max(low)),
                        (at, estimate.mean + bar),
                    ],
                    colour,
                )
                .width(2);
            chart.points(&[(at, estimate.mean)], colour).radius(5);
            if ring {
                chart.points(&[(at, estimate.mean)], white).radius(2);
            }
        }
    }
    // Each formula labelled at its right end: the solid line above its
    // end, the dashed one left of its plunge. On a phone the solid line's
    // label moves to its left end, where the dots leave room.
    chart
        .text((250.0, 0.08), "with replacement", palette::INK)
        .anchor(Anchor::Right)
        .narrow_at((1.6, 5.0))
        .narrow_anchor(Anchor::Left);
    chart
        .text((200.0, 1.5e-3), "without replacement", palette::INK)
        .anchor(Anchor::Right)
        .narrow_at((150.0, 1.5e-3));
    chart
        .text((230.0, 2.0e-4), "0 at B = n", palette::INK)
        .anchor(Anchor::Right)
        .narrow_at((190.0, 2.0e-4));
    Figure::new("variance.svg", &chart)
}

/// A log axis from the whole decade at or below `min` to `max` itself, not
/// widened to the next decade: for data that stop well short of one.
fn log_axis_to(label: &str, min: f64, max: f64) -> Axis {
    let mut axis = Axis::log(label, min, max);
    axis.max = max;
    axis
}

/// The smallest excess loss the work figure shows.
const WORK_FLOOR: f64 = 1e-6;

/// About `count` indices from `0..len`, evenly spread on a log scale of
/// `t + 1` (every index while they are few): enough to draw a curve on a log
/// axis without drawing every one of thousands of points.
pub fn log_spaced(len: usize, count: usize) -> Vec<usize> {
    let mut indices: Vec<usize> = Vec::new();
    let top = (len as f64).ln();
    for k in 0..=count {
        let t = ((top * k as f64 / count as f64).exp() - 1.0).round() as usize;
        let t = t.min(len - 1);
        if indices.last() != Some(&t) {
            indices.push(t);
        }
    }
    indices
}

/// How strongly a single run's thin line keeps its batch's colour: lighter
/// than the thick expectation, so that the labels and the expectations
/// stand out from the noise.
const RUN_TINT: f64 = 0.5;

/// Excess loss against the step (`by_work` false) or against the
/// per-sample gradients evaluated (`by_work` true): each run thin and
/// light, its exact expectation thick, each labelled directly.
pub fn work_chart(report: &Report, by_work: bool) -> Chart {
    let n = report.problem.n();
    let top = 10.0;
    let x_axis = if by_work {
        Axis::log("per-sample gradients evaluated", 1.0, 1e4)
    } else {
        Axis::log("step t", 1.0, 1e4)
    };
    let mut chart = Chart::new(x_axis, Axis::log("excess loss L − L*", WORK_FLOOR, top))
        .panel_title(if by_work {
            "against work"
        } else {
            "against steps"
        });
    let x_of = |walk: &Walk, t: usize| {
        if by_work {
            walk.trajectory.evaluations[t] as f64
        } else {
            t as f64
        }
    };
    for walk in &report.walks {
        let colour = palette::tint(batch_colour(walk.settings.batch(n), n), RUN_TINT);
        let run: Vec<(f64, f64)> = log_spaced(walk.excess.len(), 300)
            .into_iter()
            .filter(|&t| t > 0)
            .map(|t| (x_of(walk, t), walk.excess[t].max(WORK_FLOOR)))
            .collect();
        chart.line(&run, colour).width(1);
    }
    for walk in &report.walks {
        let batch = walk.settings.batch(n);
        let colour = batch_colour(batch, n);
        if let Some(expected) = &walk.expected {
            let curve: Vec<(f64, f64)> = log_spaced(expected.len(), 300)
                .into_iter()
                .filter(|&t| t > 0)
                .map(|t| (x_of(walk, t), expected[t].max(WORK_FLOOR)))
                .collect();
            chart.line(&curve, colour).width(3);
        }
    }
    if by_work {
        // Each curve starts after its first step, at B evaluations: the
        // labels sit above the starts, in order.
        for (batch, at, narrow) in [
            (1, (1.0, 2.2), (1.0, 2.2)),
            (8, (6.0, 4.5), (5.0, 4.5)),
            (64, (50.0, 2.2), (45.0, 2.2)),
            (n, (200.0, 4.5), (200.0, 4.5)),
        ] {
            let name = if batch >= n {
                "full batch".to_string()
            } else {
                batch_name(batch, n)
            };
            chart
                .text(at, &name, batch_colour(batch, n))
                .narrow_at(narrow);
        }
    } else {
        // Where each expectation levels off (or, for the full batch, ends).
        for (batch, at, narrow) in [
            (1, (3000.0, 0.6), (3000.0, 0.6)),
            (8, (1400.0, 4e-3), (1400.0, 4e-3)),
            (64, (160.0, 5e-4), (160.0, 5e-4)),
            (n, (40.0, 6e-6), (40.0, 6e-6)),
        ] {
            chart
                .text(at, &batch_name(batch, n), batch_colour(batch, n))
                .anchor(if batch == 1 {
                    Anchor::Centre
                } else {
                    Anchor::Left
                })
                .narrow_at(narrow);
        }
    }
    chart
}

/// The book's work figure: the same four fits against steps and against work.
pub fn work_figure(report: &Report) -> Figure {
    let charts = [work_chart(report, false), work_chart(report, true)];
    Figure::panels("work.svg", &charts, 2, 720, 400)
}

/// How many steps of the noise-floor walks the figure shows.
const FLOOR_SHOWN: usize = 80;

/// `E[xₜ²]` on the bowl at the two constant rates: the Monte Carlo mean
/// over the walks as dots, the exact curve through them (solid for `η =
/// 0.2`, dashed for `η = 0.1`), and the floor each settles on.
pub fn floor_figure(report: &Report) -> Figure {
    let mut chart = Chart::new(
        Axis::linear("step t", 0.0, FLOOR_SHOWN as f64),
        log_axis_to("E[xₜ²]", 0.02, 150.0),
    );
    for (k, &eta) in FLOOR_ETAS.iter().enumerate() {
        let floor = noise_floor(eta, BOWL_A, BOWL_SIGMA2);
        chart.horizontal_line(floor, REFERENCE_COLOUR);
        let exact = expected_square(
            &Schedule::Constant { eta },
            BOWL_A,
            BOWL_SIGMA2,
            BOWL_START,
            FLOOR_SHOWN,
        );
        let exact: Vec<(f64, f64)> = exact
            .iter()
            .enumerate()
            .map(|(t, m)| (t as f64, *m))
            .collect();
        let line = chart.line(&exact, CONSTANT_COLOUR).width(2);
        if k == 1 {
            line.dashed();
        }
        let measured: Vec<(f64, f64)> = report.floors[k].mean_square[..=FLOOR_SHOWN]
            .iter()
            .enumerate()
            .map(|(t, m)| (t as f64, *m))
            .collect();
        chart.points(&measured, CONSTANT_COLOUR).radius(2);
        // The larger floor's label above its line, the smaller's below.
        let y = if k == 0 { floor * 1.7 } else { floor / 1.7 };
        chart
            .text(
                (FLOOR_SHOWN as f64 * 0.98, y),
                &format!("η = {eta}: floor {}", decimals(floor, 3)),
                palette::INK,
            )
            .anchor(Anchor::Right);
    }
    chart
        .text((9.0, 1.5), "η = 0.2", palette::INK)
        .anchor(Anchor::Right)
        .narrow_at((1.0, 0.18))
        .narrow_anchor(Anchor::Left);
    chart.text((24.0, 3.0), "η = 0.1", palette::INK);
    Figure::new("noise-floor.svg", &chart)
}

/// Every schedule's rate against the step (left) and `E[xₜ²]` on the bowl
/// (right), both on log scales: coloured by what the rate does, and the
/// second of each colour dashed.
pub fn schedules_figure(report: &Report) -> Figure {
    let mut rates = Chart::new(
        Axis::log("step t", 1.0, SCHEDULE_STEPS as f64),
        Axis::log("learning rate ηₜ", 1e-6, 1.0),
    )
    .panel_title("the rates");
    let mut squares = Chart::new(
        Axis::log("step t", 1.0, SCHEDULE_STEPS as f64),
        log_axis_to("E[xₜ²]", 1e-4, 150.0),
    )
    .panel_title("where they lead");
    let labels = ["constant", "ν = 1", "ν = ½", "step", "exponential"];
    let styles = [
        (CONSTANT_COLOUR, false),
        (SETTLING_COLOUR, false),
        (SETTLING_COLOUR, true),
        (FINITE_COLOUR, false),
        (FINITE_COLOUR, true),
    ];
    // The constant rate last, on top: the step decay follows it exactly for
    // its first 200 steps, and shows where it leaves it.
    for k in [4, 3, 2, 1, 0] {
        let (_, schedule) = &schedules()[k];
        let m = &report.schedule_squares[k];
        let (colour, dashed) = styles[k];
        // Every step while the steps are few; then every step of a step
        // decay's drops, and a log-spaced selection in between.
        let mut ts = log_spaced(SCHEDULE_STEPS + 1, 400);
        if let Schedule::Step { every, .. } = schedule {
            ts.extend(
                (*every..=SCHEDULE_STEPS)
                    .step_by(*every)
                    .flat_map(|t| [t - 1, t]),
            );
            ts.sort_unstable();
            ts.dedup();
        }
        let ts: Vec<usize> = ts.into_iter().filter(|&t| t >= 1).collect();
        let curve: Vec<(f64, f64)> = ts
            .iter()
            .map(|&t| (t as f64, schedule.rate(t)))
            .filter(|&(_, rate)| rate >= 1e-7)
            .collect();
        let line = rates.line(&curve, colour).width(2);
        if dashed {
            line.dashed();
        }
        let curve: Vec<(f64, f64)> = ts.iter().map(|&t| (t as f64, m[t])).collect();
        let line = squares.line(&curve, colour).width(2);
        if dashed {
            line.dashed();
        }
    }
    for (k, y) in [0.19, 2.8e-4, 0.012, 1.7e-3, 2.6].iter().enumerate() {
        squares
            .text((9000.0, *y), labels[k], styles[k].0)
            .anchor(Anchor::Right);
    }
    for (k, (at, anchor)) in [
        ((9000.0, 0.3), Anchor::Right),
        ((9000.0, 6e-4), Anchor::Right),
        ((9000.0, 0.03), Anchor::Right),
        ((800.0, 2e-5), Anchor::Right),
        ((40.0, 2e-5), Anchor::Centre),
    ]
    .iter()
    .enumerate()
    {
        rates.text(*at, labels[k], styles[k].0).anchor(*anchor);
    }
    Figure::panels("schedules.svg", &[rates, squares], 2, 720, 400)
}

/// Every figure of the chapter, in the order the text shows them.
pub fn figures(report: &Report) -> Vec<Figure> {
    vec![
        paths_figure(report),
        variance_figure(report),
        work_figure(report),
        floor_figure(report),
        schedules_figure(report),
    ]
}

/// `--batch`: the mini-batch size.
pub const BATCH: Opt = Opt::count(
    "--batch",
    "B",
    1,
    256,
    "mini-batch size B, 1 to 256 (default 8); with --sampling epochs,\n256 is full-batch descent",
);

/// `--sampling`: with replacement, or shuffled epochs.
pub const SAMPLING: Opt = Opt::choice(
    "--sampling",
    &["replacement", "epochs"],
    "draw each batch with replacement, or shuffle every epoch and cut it\ninto batches (default replacement)",
);

/// `--schedule`: how the learning rate changes.
pub const SCHEDULE: Opt = Opt::choice(
    "--schedule",
    &["constant", "inverse", "step", "exponential"],
    "η constant; η₀/(1 + t/τ)^ν; η₀·γ^⌊t/τ⌋; or η₀·γᵗ (default constant)",
);

/// `--lr`: the learning rate, or the starting rate of a schedule.
pub const LR: Opt = Opt::positive(
    "--lr",
    "ETA",
    "learning rate η, or the starting rate η₀ of a schedule (default 0.5)",
);

/// `--tau`: the time scale of the inverse-power schedule.
pub const TAU: Opt = Opt::positive(
    "--tau",
    "TAU",
    "for --schedule inverse: the time scale τ in steps (default 50)",
);

/// `--power`: the power of the inverse-power schedule.
pub const POWER: Opt = Opt::number(
    "--power",
    "NU",
    0.1,
    4.0,
    "for --schedule inverse: the power ν, 0.1 to 4 (default 1)",
);

/// `--gamma`: the factor of step and exponential decay.
pub const GAMMA: Opt = Opt::number(
    "--gamma",
    "GAMMA",
    0.0,
    1.0,
    "for --schedule step or exponential: the factor γ, 0 to 1\n(default 0.5 for step, 0.99 for exponential)",
);

/// `--every`: the period `τ` of step decay.
pub const EVERY: Opt = Opt::count(
    "--every",
    "STEPS",
    1,
    1_000_000,
    "for --schedule step: the period τ, multiply the rate by γ every τ steps\n(default 200)",
);

/// `--epochs`: how much work the run does.
pub const EPOCHS: Opt = Opt::count(
    "--epochs",
    "E",
    1,
    200,
    "the work, in epochs of 256 per-sample gradients, 1 to 200 (default 32)",
);

/// `--seed`: the seed of the data and of the draws.
pub const SEED_OPTION: Opt = Opt::seed(
    "--seed",
    "seed of the data and of the draws, 0 to 2⁶⁴ − 1 (default 5)",
);

/// `--benchmark`: time a gradient on this machine instead.
pub const BENCHMARK: Opt = Opt::flag(
    "--benchmark",
    "time a full-batch gradient for n = 10³ to 10⁷ and a mini-batch step on\nthis machine (run it with --release; takes a few seconds)",
);

/// The defaults of the reader's run.
pub const DEFAULT_BATCH: usize = 8;
/// The default power `ν` of the inverse-power schedule.
pub const DEFAULT_POWER: f64 = 1.0;
/// The default time scale `τ`.
pub const DEFAULT_TAU: f64 = 50.0;
/// The default period `τ` of step decay.
pub const DEFAULT_EVERY: usize = 200;

/// The reader's schedule from the options, refusing the options that belong
/// to another schedule.
fn readers_schedule(args: &mut Args) -> Result<Schedule, CliError> {
    let kind = args.choice(&SCHEDULE, "constant")?;
    let eta = args.positive(&LR, WORK_ETA)?;
    // NaN and 0 stand for "not given": no valid value is either.
    let tau = args.positive(&TAU, f64::NAN)?;
    let nu = args.number(&POWER, f64::NAN)?;
    let gamma = args.number(&GAMMA, f64::NAN)?;
    let every = args.count(&EVERY, 0)?;
    let refuse = |opt: &Opt, given: bool, belongs: &str| -> Result<(), CliError> {
        if given {
            Err(CliError(format!(
                "{} belongs to {belongs}, not to --schedule {kind}",
                opt.name
            )))
        } else {
            Ok(())
        }
    };
    if kind != "inverse" {
        refuse(&TAU, !tau.is_nan(), "--schedule inverse")?;
        refuse(&POWER, !nu.is_nan(), "--schedule inverse")?;
    }
    if kind != "step" {
        refuse(&EVERY, every != 0, "--schedule step")?;
    }
    if kind != "step" && kind != "exponential" {
        refuse(&GAMMA, !gamma.is_nan(), "--schedule step or exponential")?;
    }
    let or = |v: f64, default: f64| if v.is_nan() { default } else { v };
    Ok(match kind {
        "inverse" => Schedule::InversePower {
            eta0: eta,
            tau: or(tau, DEFAULT_TAU),
            nu: or(nu, DEFAULT_POWER),
        },
        "step" => Schedule::Step {
            eta0: eta,
            gamma: or(gamma, 0.5),
            every: if every == 0 { DEFAULT_EVERY } else { every },
        },
        "exponential" => Schedule::Exponential {
            eta0: eta,
            gamma: or(gamma, 0.99),
        },
        _ => Schedule::Constant { eta },
    })
}

/// A number the reader chose, as a file name shows it: `0.5`, `1e-7`.
fn file_number(v: f64) -> String {
    let plain = format!("{v}");
    if plain.len() > 12 {
        format!("{v:e}")
    } else {
        plain
    }
}

/// A schedule in words, with the reader's numbers.
pub fn describe(schedule: &Schedule) -> String {
    let s = |v: f64| significant(v, 6);
    match *schedule {
        Schedule::Constant { eta } => format!("a constant rate η = {}", s(eta)),
        Schedule::InverseTime { eta0, tau } => {
            format!("ηₜ = {}/(1 + t/{})", s(eta0), s(tau))
        }
        Schedule::InversePower { eta0, tau, nu } => {
            format!("ηₜ = {}/(1 + t/{})^{}", s(eta0), s(tau), s(nu))
        }
        Schedule::Step { eta0, gamma, every } => {
            format!("ηₜ = {}·{}^⌊t/{every}⌋ (step decay)", s(eta0), s(gamma))
        }
        Schedule::Exponential { eta0, gamma } => {
            format!("ηₜ = {}·{}ᵗ (exponential decay)", s(eta0), s(gamma))
        }
    }
}

/// The reader's own fit: the settings, the run, and its figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Experiment {
    /// The data and their best line.
    pub problem: Problem,
    /// The run, with its expected excess loss where theory gives it.
    pub walk: Walk,
}

impl Experiment {
    /// Run `settings`.
    pub fn run(settings: &Settings) -> Self {
        let problem = Problem::new(settings.seed);
        let walk = Walk::run(&problem, settings);
        Experiment { problem, walk }
    }

    /// The file the reader's figure is written to, named by the options.
    pub fn file_name(&self) -> String {
        let s = &self.walk.settings;
        let n = self.problem.n();
        let sampling = match s.sampling {
            Sampling::Epochs { .. } => "epochs",
            _ => "replacement",
        };
        let schedule = match s.schedule {
            Schedule::Constant { eta } => format!("constant-lr-{}", file_number(eta)),
            Schedule::InverseTime { eta0, tau } => {
                format!("inverse-lr-{}-tau-{}", file_number(eta0), file_number(tau))
            }
            Schedule::InversePower { eta0, tau, nu } => format!(
                "inverse-lr-{}-tau-{}-power-{}",
                file_number(eta0),
                file_number(tau),
                file_number(nu)
            ),
            Schedule::Step { eta0, gamma, every } => format!(
                "step-lr-{}-gamma-{}-every-{every}",
                file_number(eta0),
                file_number(gamma)
            ),
            Schedule::Exponential { eta0, gamma } => format!(
                "exponential-lr-{}-gamma-{}",
                file_number(eta0),
                file_number(gamma)
            ),
        };
        format!(
            "batch-{}-{sampling}-{schedule}-epochs-{}-seed-{}.svg",
            s.batch(n),
            s.epochs,
            s.seed
        )
    }

    /// The reader's figure: the walk on the loss's contours, and its excess
    /// loss against the work, with the expectation where theory gives it.
    /// A diverged run is drawn up to where it was stopped, and says so.
    pub fn figure(&self) -> Figure {
        let walk = &self.walk;
        let n = self.problem.n();
        let batch = walk.settings.batch(n);
        let colour = batch_colour(batch, n);
        let work = (walk.settings.epochs * n) as u64;
        // A long walk of small steps is a tangle: the map shows its first
        // epochs, as the book's paths figure does.
        let shown = work.min((PATH_EPOCHS * n) as u64);
        let title = if shown < work {
            format!("the walk, first {PATH_EPOCHS} epochs")
        } else {
            "the walk".to_string()
        };
        let map = paths_chart(&self.problem, &[walk], shown, PATH_WINDOW).panel_title(&title);
        let floor = walk
            .excess
            .iter()
            .chain(walk.expected.iter().flatten())
            .fold(f64::INFINITY, |m, &e| if e > 0.0 { m.min(e) } else { m })
            .max(1e-12);
        let top = walk
            .excess
            .iter()
            .fold(0.0f64, |m, &e| m.max(e))
            .max(walk.excess[0])
            * 2.0;
        let mut chart = Chart::new(
            Axis::log(
                "per-sample gradients evaluated",
                1.0,
                (work as f64).max(10.0),
            ),
            Axis::log("excess loss L − L*", floor, top),
        )
        .panel_title("its excess loss")
        .legend(harness::plot::LegendCorner::LowerLeft);
        let run: Vec<(f64, f64)> = log_spaced(walk.excess.len(), 400)
            .into_iter()
            .filter(|&t| t > 0)
            .map(|t| {
                (
                    walk.trajectory.evaluations[t] as f64,
                    walk.excess[t].max(floor),
                )
            })
            .collect();
        chart.line(&run, colour).width(1).label("this run");
        if let Some(expected) = &walk.expected {
            let steps = walk.trajectory.steps();
            let per_step = batch as f64;
            // Where the expectation outgrows the chart (a rate too large for
            // single points makes it explode), the curve stops.
            let curve: Vec<(f64, f64)> = log_spaced(expected.len(), 400)
                .into_iter()
                .filter(|&t| t > 0 && t <= steps.max(1))
                .take_while(|&t| expected[t].is_finite() && expected[t] <= top)
                .map(|t| (t as f64 * per_step, expected[t].max(floor)))
                .collect();
            if !curve.is_empty() {
                chart
                    .line(&curve, colour)
                    .width(3)
                    .label("expected (exact)");
            }
        }
        if let Outcome::Diverged { step, .. } = walk.trajectory.outcome {
            // The title says it: a label inside the panel would sit on the
            // curves. Short, so that it stays clear of the top tick label.
            let x = walk.trajectory.evaluations[walk.trajectory.steps()].max(1) as f64;
            chart.vertical_line(x, palette::INK);
            chart = chart.panel_title(&format!("diverged at step {step}"));
        }
        Figure::panels(&self.file_name(), &[map, chart], 2, 720, 400)
    }
}

/// The epochs the reader's table shows: 0, 1, 2, 4, 8, … and the last.
fn epoch_cadence(epochs: usize) -> Vec<usize> {
    let mut shown = vec![0];
    let mut e = 1;
    while e < epochs {
        shown.push(e);
        e *= 2;
    }
    shown.push(epochs);
    shown
}

impl fmt::Display for Experiment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let walk = &self.walk;
        let s = &walk.settings;
        let n = self.problem.n();
        let how = match s.sampling {
            Sampling::Full => "the full batch".to_string(),
            Sampling::WithReplacement { batch } => {
                format!("batches of B = {batch} drawn with replacement")
            }
            Sampling::Epochs { batch } if batch >= n => {
                "shuffled epochs in one batch of all 256 points (the full batch)".to_string()
            }
            Sampling::Epochs { batch } => {
                format!("batches of B = {batch} cut from shuffled epochs")
            }
        };
        writeln!(
            f,
            "Chapter 5: your fit of y = w·x + b to the chapter's {n} points (seed {}),",
            s.seed
        )?;
        writeln!(f, "with {how} and {},", describe(&s.schedule))?;
        writeln!(
            f,
            "for {} epochs of work: {} steps, {} per-sample gradients.",
            s.epochs,
            s.steps(n),
            s.epochs * n
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "  epoch   gradients   step     rate ηₜ       L − L*        expected E[L] − L*"
        )?;
        let run = &walk.trajectory;
        for epoch in epoch_cadence(s.epochs) {
            let work = (epoch * n) as u64;
            let Some(t) = run.evaluations.iter().rposition(|&e| e <= work) else {
                continue;
            };
            if epoch > 0 && run.evaluations[t] < work && t == run.steps() && run.outcome.diverged()
            {
                break;
            }
            let expected = match &walk.expected {
                None => "(no formula)".to_string(),
                Some(e) if e[t].is_finite() => scientific(e[t], 3),
                Some(_) => "∞ (overflows)".to_string(),
            };
            writeln!(
                f,
                "  {epoch:<7} {:<11} {t:<8} {:<13} {:<13} {expected}",
                run.evaluations[t],
                significant(s.schedule.rate(t), 4),
                scientific(walk.excess[t], 3),
            )?;
        }
        writeln!(f)?;
        writeln!(f, "{}", run.outcome)?;
        if let Outcome::Diverged { .. } = run.outcome {
            let steepest = steepest_point(&self.problem.data);
            let full = 2.0 / descent::line::curvatures(&self.problem.data).0;
            let batch = s.batch(n);
            let whole =
                matches!(s.sampling, Sampling::Full | Sampling::Epochs { .. }) && batch >= n;
            if whole {
                writeln!(
                    f,
                    "Every step here uses all {n} points: it is full-batch descent, which diverges once"
                )?;
                writeln!(
                    f,
                    "η > 2/λ_max = {} (chapter 4): each step then overshoots the bottom along the steepest",
                    decimals(full, 2)
                )?;
                writeln!(f, "direction by more than it was away. Try a smaller --lr.")?;
                return Ok(());
            }
            writeln!(
                f,
                "A step on one point moves straight across that point's trough, towards its floor, and"
            )?;
            writeln!(
                f,
                "lands farther from it than it started once η > 2/(x² + 1), which is {} for the steepest",
                decimals(2.0 / steepest, 2)
            )?;
            writeln!(
                f,
                "point here: below that every step is safe. It is not the limit:"
            )?;
            if let (Sampling::WithReplacement { .. }, Some(limit)) = (
                s.sampling,
                moments::mean_square_limit(&self.problem.data, batch),
            ) {
                let what = if batch == 1 {
                    "single points".to_string()
                } else {
                    format!("batches of {batch}")
                };
                writeln!(
                    f,
                    "{what} drawn with replacement are stable on average (in mean square) up to η = {},",
                    decimals(limit, 2)
                )?;
                writeln!(
                    f,
                    "and the full batch up to 2/λ_max = {}. Try a smaller --lr.",
                    decimals(full, 2)
                )?;
            } else {
                writeln!(
                    f,
                    "the full batch is stable up to 2/λ_max = {}. Try a smaller --lr.",
                    decimals(full, 2)
                )?;
            }
            return Ok(());
        }
        if let (Sampling::WithReplacement { batch }, Schedule::Constant { eta }) =
            (s.sampling, s.schedule)
            && let Some(floor) = moments::floor(&self.problem.data, batch, eta)
        {
            let settled = walk
                .expected
                .as_ref()
                .and_then(|e| moments::settle_step(e, floor, SETTLE_WITHIN));
            writeln!(
                f,
                "The expected excess loss settles on a floor of {} (exact); {}.",
                scientific(floor, 3),
                match settled {
                    Some(t) => format!(
                        "it is within {}% of it for good from step {t} ({} per-sample gradients)",
                        SETTLE_WITHIN * 100.0,
                        run.evaluations[t]
                    ),
                    None => format!(
                        "it is not yet within {}% of it at the end of this run",
                        SETTLE_WITHIN * 100.0
                    ),
                }
            )?;
        }
        let end = run.final_point();
        writeln!(
            f,
            "Ended at w = {}, b = {}; least squares w* = {}, b* = {}.",
            decimals(end[0], 4),
            decimals(end[1], 4),
            decimals(self.problem.best.w, 4),
            decimals(self.problem.best.b, 4)
        )?;
        let (sum, squares) = robbins_monro(&s.schedule);
        writeln!(
            f,
            "Robbins–Monro: Σηₜ = ∞ {}, Σηₜ² < ∞ {}{}.",
            if sum { "holds" } else { "fails" },
            if squares { "holds" } else { "fails" },
            match total_rate(&s.schedule) {
                Some(total) if !sum => format!(
                    " (the rates add up to {}: the walk can only go so far)",
                    significant(total, 4)
                ),
                _ if !squares && !shrinks_to_zero(&s.schedule) => {
                    " (the rate never shrinks, so the noise never settles)".to_string()
                }
                _ if !squares =>
                    " (the rate still shrinks to 0, so here the noise dies down, but\n\
                     more slowly than under rates that meet both conditions)"
                        .to_string(),
                _ => String::new(),
            }
        )?;
        if let Some(exponent) = inverse_time_exponent(&s.schedule, &self.problem.data)
            && exponent < 1.0
        {
            writeln!(
                f,
                "But 2·λ_min·η₀·τ = {} < 1: the rate shrinks faster than the walk can travel, and the",
                decimals(exponent, 2)
            )?;
            writeln!(
                f,
                "expected excess loss falls only like t^(−{}), slower than 1/t. A larger --tau or --lr helps.",
                decimals(exponent, 2)
            )?;
        }
        Ok(())
    }
}

/// The reader's settings from the options.
fn readers_settings(args: &mut Args) -> Result<Settings, CliError> {
    let batch = args.count(&BATCH, DEFAULT_BATCH)?;
    let sampling = match args.choice(&SAMPLING, "replacement")? {
        "epochs" => Sampling::Epochs { batch },
        _ => Sampling::WithReplacement { batch },
    };
    let schedule = readers_schedule(args)?;
    let epochs = args.count(&EPOCHS, WORK_EPOCHS)?;
    let seed = args.seed(&SEED_OPTION, SEED)?;
    Ok(Settings {
        sampling,
        schedule,
        epochs,
        seed,
    })
}

/// Chapter 5 for the kit: the book's run, the reader's fit, the benchmark
/// and the exercises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter5;

impl Chapter for Chapter5 {
    fn number(&self) -> u32 {
        5
    }

    fn title(&self) -> &'static str {
        "Batch, stochastic, mini-batch"
    }

    fn about(&self) -> &'static str {
        "With no options: prints every number the chapter quotes and redraws the
book's figures in book/src/figures/chapter5/.

With options: fits the line to the chapter's 256 points with your batch size,
sampling and learning-rate schedule, prints its excess loss epoch by epoch
against the exact expectation, and draws the walk and its loss to
target/downhill/chapter5/.

With --benchmark (alone): times a gradient of the line on this machine."
    }

    fn options(&self) -> &'static [Opt] {
        &[
            BATCH,
            SAMPLING,
            SCHEDULE,
            LR,
            TAU,
            POWER,
            GAMMA,
            EVERY,
            EPOCHS,
            SEED_OPTION,
            BENCHMARK,
        ]
    }

    fn examples(&self) -> &'static [&'static str] {
        &[
            "--batch 1 --lr 0.1",
            "--batch 64 --sampling epochs --epochs 8",
            "--batch 1 --schedule inverse --power 0.5",
            "--batch 1 --schedule inverse --tau 1",
            "--batch 8 --schedule exponential --gamma 0.8",
            "--batch 1 --lr 1.2",
            "--batch 1 --lr 1.5",
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
        let walk = report.walk(8);
        Run {
            report: report.to_string(),
            quotes: report.quotes(),
            figures: figures(&report),
            data: Some(Table::data(&report.problem.data, &["x"], "y")),
            trace: Some(Trace {
                what: format!(
                    "the fit with batches of 8 drawn with replacement and η = {WORK_ETA}"
                ),
                table: Table::trace(&walk.trajectory, &["w", "b"]),
            }),
        }
    }

    fn readers_run(&self, args: &mut Args) -> Result<Run, CliError> {
        if args.flag(&BENCHMARK) {
            if !args.is_empty() {
                return Err(CliError(
                    "--benchmark runs alone: leave out the other options".to_string(),
                ));
            }
            return Ok(Run::new(benchmark::report()));
        }
        let settings = readers_settings(args)?;
        args.finish()?;
        let experiment = Experiment::run(&settings);
        let mut run = Run::new(experiment.to_string());
        run.figures.push(experiment.figure());
        run.data = Some(Table::data(&experiment.problem.data, &["x"], "y"));
        run.trace = Some(Trace {
            what: format!("your fit ({})", describe(&settings.schedule)),
            table: Table::trace(&experiment.walk.trajectory, &["w", "b"]),
        });
        Ok(run)
    }

    fn exercises(&self) -> Vec<Exercise> {
        exercise_checks::readers_exercises()
    }

    fn reference_exercises(&self) -> Option<Vec<Exercise>> {
        exercise_checks::reference_exercises()
    }
}
