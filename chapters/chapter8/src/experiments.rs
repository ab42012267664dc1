//! The chapter's experiments, each a function the report, the figures and the
//! tests share.

use descent::objective::norm;
use descent::{Momentum, Optimizer, StepMomentum, StoppingRules, Trajectory, descend};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use crate::surfaces::{Pieces, Surface};
use crate::theory::{
    Tuning, best_gradient_descent, closed_form_error, exact_error, heavy_ball_roots,
    nesterov_tuning, optimal_heavy_ball, steps_to_shrink,
};

/// The condition number of the chapter's bowl.
pub const KAPPA: f64 = 100.0;
/// The condition numbers of the table of optimal settings.
pub const KAPPAS: [f64; 3] = [10.0, 100.0, 1000.0];
/// Where the walks on the bowl start.
pub const START: [f64; 2] = [1.0, 1.0];
/// "Converged": the distance to the bottom has shrunk by this factor.
pub const TOLERANCE: f64 = 1e-6;
/// The steps over which the long-run factor is measured.
pub const WINDOW: (usize, usize) = (20_000, 40_000);

/// The three methods the chapter compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Plain gradient descent at chapter 4's best fixed rate.
    GradientDescent,
    /// The heavy ball at its optimal pair `(η*, β*)`.
    HeavyBall,
    /// Nesterov's method (PyTorch's form) at `η = 1/λ_max`, `β = (√κ − 1)/(√κ + 1)`.
    Nesterov,
}

impl Method {
    /// All three, in the order the tables show them.
    pub const ALL: [Method; 3] = [Method::GradientDescent, Method::HeavyBall, Method::Nesterov];

    /// The name in tables and labels.
    pub fn name(self) -> &'static str {
        match self {
            Method::GradientDescent => "gradient descent",
            Method::HeavyBall => "heavy ball",
            Method::Nesterov => "Nesterov",
        }
    }

    /// Whether the method steps along `g + β·m`.
    pub fn nesterov(self) -> bool {
        self == Method::Nesterov
    }

    /// The method's settings for curvatures in `[λ_min, λ_max]`.
    pub fn tuning(self, lambda_min: f64, lambda_max: f64) -> Tuning {
        match self {
            Method::GradientDescent => best_gradient_descent(lambda_min, lambda_max),
            Method::HeavyBall => optimal_heavy_ball(lambda_min, lambda_max),
            Method::Nesterov => nesterov_tuning(lambda_min, lambda_max),
        }
    }

    /// The optimizer with those settings (plain descent is `β = 0`).
    pub fn optimizer(self, tuning: Tuning) -> Momentum {
        let mut optimizer = Momentum::heavy_ball(tuning.eta, tuning.beta);
        optimizer.nesterov = self.nesterov();
        optimizer
    }
}

/// The distance of every point of a run from `bottom`.
pub fn distances(run: &Trajectory, bottom: &[f64]) -> Vec<f64> {
    run.points
        .iter()
        .map(|p| {
            let e: Vec<f64> = p.iter().zip(bottom).map(|(a, b)| a - b).collect();
            norm(&e)
        })
        .collect()
}

/// How many steps the distances take to shrink by [`TOLERANCE`] and stay
/// below it to the end of the sequence: one more than the last step still
/// above it (0 if none is). Whether it is for good depends on how far the
/// sequence reaches: the book's runs go far past it, and the tests check
/// each count against the exact solution over a longer horizon.
pub fn steps_to_tolerance(distances: &[f64]) -> usize {
    let limit = TOLERANCE * distances[0];
    match distances.iter().rposition(|&d| d > limit) {
        Some(last) => last + 1,
        None => 0,
    }
}

/// The factor per step of a long run of `optimizer` on the bowl `κ`,
/// measured as `(‖θ_b‖/‖θ_a‖)^{1/(b − a)}` over the steps `window = (a, b)`.
///
/// The run goes far below the smallest number a double can hold, so
/// whenever the point gets tiny (or huge) the point and the momentum buffer
/// are rescaled together by `2⁵⁰⁰`, which is exact in binary floating point
/// and, on a quadratic with its bottom at the origin, changes nothing else.
// Index loops read like the formulas here.
#[allow(clippy::needless_range_loop)]
pub fn measured_factor(kappa: f64, mut optimizer: Momentum, window: (usize, usize)) -> f64 {
    let scale = 2f64.powi(500);
    optimizer.start(2);
    let mut theta = START;
    let mut log_shift = 0.0; // the true point is theta · e^{log_shift}
    let mut log_at_start = 0.0;
    for t in 1..=window.1 {
        let gradient = [theta[0], kappa * theta[1]];
        optimizer.step(&mut theta, &gradient);
        let d = theta[0].hypot(theta[1]);
        if !d.is_finite() || d == 0.0 {
            return if d == 0.0 { 0.0 } else { f64::INFINITY };
        }
        if d < 1.0 / scale || d > scale {
            let factor = if d < 1.0 / scale { scale } else { 1.0 / scale };
            for i in 0..2 {
                theta[i] *= factor;
                optimizer.m[i] *= factor;
            }
            log_shift -= factor.ln();
        }
        if t == window.0 {
            log_at_start = theta[0].hypot(theta[1]).ln() + log_shift;
        }
    }
    let log_at_end = theta[0].hypot(theta[1]).ln() + log_shift;
    ((log_at_end - log_at_start) / (window.1 - window.0) as f64).exp()
}

/// One method tuned for the bowl `κ`, run from [`START`] and measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Tuned {
    /// The bowl's condition number.
    pub kappa: f64,
    /// The method.
    pub method: Method,
    /// Its settings and theoretical factor.
    pub tuning: Tuning,
    /// The run, until well past [`TOLERANCE`].
    pub run: Trajectory,
    /// Steps to [`TOLERANCE`], measured on the run.
    pub steps: usize,
    /// Steps to [`TOLERANCE`], from the exact error of each axis.
    pub predicted_steps: usize,
    /// The factor per step measured over [`WINDOW`].
    pub measured_factor: f64,
}

/// The exact distance after `t` steps on the bowl `κ` from [`START`].
pub fn exact_distance(kappa: f64, method: Method, tuning: Tuning, t: usize) -> f64 {
    let mut square = 0.0;
    for (lambda, e0) in [(1.0, START[0]), (kappa, START[1])] {
        let e = exact_error(tuning.eta, tuning.beta, lambda, method.nesterov(), e0, t);
        square += e * e;
    }
    square.sqrt()
}

// ANCHOR: tuned
/// Run `method` with its settings for the bowl `κ`.
pub fn tuned(kappa: f64, method: Method) -> Tuned {
    let tuning = method.tuning(1.0, kappa);
    let d0 = norm(&START);
    // The prediction: the last step at which the exact distance is above
    // the tolerance, plus one. (Past a few hundred steps beyond the factor's
    // own estimate, the exact distance only shrinks.)
    let horizon = 2 * steps_to_shrink(tuning.factor, TOLERANCE) + 200;
    let mut predicted_steps = 0;
    for t in 0..=horizon {
        if exact_distance(kappa, method, tuning, t) > TOLERANCE * d0 {
            predicted_steps = t + 1;
        }
    }
    // The run goes a hundred steps past the prediction, so that a late
    // excursion above the tolerance would be seen.
    let bowl = Surface::bowl(kappa);
    let mut optimizer = method.optimizer(tuning);
    let budget = StoppingRules::budget(predicted_steps + 100);
    let run = descend(&bowl, &mut optimizer, &START, &budget);
    let steps = steps_to_tolerance(&distances(&run, &[0.0, 0.0]));
    Tuned {
        kappa,
        method,
        tuning,
        run,
        steps,
        predicted_steps,
        measured_factor: measured_factor(kappa, method.optimizer(tuning), WINDOW),
    }
}
// ANCHOR_END: tuned

/// The points of the `(η, β)` map where the factor is measured, besides the
/// optimum and gradient descent's best rate (as fractions of `4/λ_max` and
/// values of `β`).
pub const MAP_POINTS: [(f64, f64); 3] = [(0.25, 0.5), (0.5, 0.9), (0.85, 0.85)];

/// The steps over which the map's factors are measured: the long window of
/// [`WINDOW`]. Where the roots are complex the distance oscillates inside
/// its envelope `ρᵗ`, and the phase at the window's two ends moves the
/// measured factor by about `ln(ratio of phases)/(b − a)`: in the third
/// decimal over 2000 steps, below `10⁻⁴` over 20000.
pub const MAP_WINDOW: (usize, usize) = WINDOW;

/// The measured factor at `(η, β)` on the bowl `κ`, over [`MAP_WINDOW`].
pub fn map_factor(kappa: f64, eta: f64, beta: f64) -> f64 {
    measured_factor(kappa, Momentum::heavy_ball(eta, beta), MAP_WINDOW)
}

/// Steps on a constant slope: the step lengths of the heavy ball in
/// PyTorch's form and with the rate inside the buffer, when the rate drops
/// from `η` to `η/10` after [`RATE_DROP`] steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Ramp {
    /// The step lengths `θₜ₋₁ − θₜ` of PyTorch's form, `t = 1, …`.
    pub outside: Vec<f64>,
    /// The step lengths of the rate-inside form.
    pub inside: Vec<f64>,
}

/// The rate on the ramp before the drop.
pub const RAMP_ETA: f64 = 0.1;
/// The momentum on the ramp.
pub const RAMP_BETA: f64 = 0.9;
/// The step after which the rate drops tenfold.
pub const RAMP_DROP: usize = 40;
/// How many steps the ramp runs.
pub const RAMP_STEPS: usize = 80;

// ANCHOR: ramp
/// Walk down the ramp `f(θ) = θ` (gradient 1 everywhere) with both forms.
pub fn ramp() -> Ramp {
    let mut outside = Momentum::heavy_ball(RAMP_ETA, RAMP_BETA);
    let mut inside = StepMomentum::new(RAMP_ETA, RAMP_BETA);
    outside.start(1);
    inside.start(1);
    let (mut a, mut b) = ([0.0], [0.0]);
    let mut ramp = Ramp {
        outside: Vec::new(),
        inside: Vec::new(),
    };
    for t in 1..=RAMP_STEPS {
        if t == RAMP_DROP + 1 {
            outside.eta = RAMP_ETA / 10.0;
            inside.eta = RAMP_ETA / 10.0;
        }
        let (before_a, before_b) = (a[0], b[0]);
        outside.step(&mut a, &[1.0]);
        inside.step(&mut b, &[1.0]);
        ramp.outside.push(before_a - a[0]);
        ramp.inside.push(before_b - b[0]);
    }
    ramp
}
// ANCHOR_END: ramp

/// The momentum of the dampening experiment.
pub const DAMPENING_BETA: f64 = 0.9;
/// Its dampening `ζ`.
pub const DAMPENING_ZETA: f64 = 0.9;
/// The rate of the undampened heavy ball it is compared with; the dampened
/// one runs at `η/(1 − ζ)`, ten times larger, "to make up for" dampening.
pub const DAMPENING_ETA: f64 = 0.03;

/// One run of the dampening experiment on the bowl [`KAPPA`] from [`START`].
#[derive(Debug, Clone, PartialEq)]
pub struct Dampened {
    /// The rate.
    pub eta: f64,
    /// The dampening.
    pub zeta: f64,
    /// The run, [`TOLERANCE`] and well past it.
    pub run: Trajectory,
    /// Steps until the distance has shrunk by [`TOLERANCE`] for good.
    pub steps: usize,
}

/// The exact distance after `t` steps of the heavy ball with dampening `ζ`
/// on the bowl `κ` from [`START`]. Along each axis the first step, with the
/// undampened buffer `m = g`, is `Δ₁ = (1 − ηλ)·Δ₀`; from then on
/// `mₜ − β·mₜ₋₁ = (1 − ζ)·gₜ`, the heavy ball's recursion at the rate
/// `η(1 − ζ)`.
pub fn exact_dampened_distance(kappa: f64, eta: f64, beta: f64, zeta: f64, t: usize) -> f64 {
    let mut square = 0.0;
    for (lambda, e0) in [(1.0, START[0]), (kappa, START[1])] {
        let roots = heavy_ball_roots(eta * (1.0 - zeta), beta, lambda);
        let e = closed_form_error(roots, e0, (1.0 - eta * lambda) * e0, t);
        square += e * e;
    }
    square.sqrt()
}

// ANCHOR: dampening
/// The undampened heavy ball at [`DAMPENING_ETA`], and the same momentum
/// with dampening ζ at the rate `η/(1 − ζ)`: the same walk from the second
/// step on, but a first step `1/(1 − ζ)` times too long.
pub fn dampening_runs() -> [Dampened; 2] {
    [
        (DAMPENING_ETA, 0.0),
        (DAMPENING_ETA / (1.0 - DAMPENING_ZETA), DAMPENING_ZETA),
    ]
    .map(|(eta, zeta)| {
        let mut optimizer = Momentum::heavy_ball(eta, DAMPENING_BETA).with_dampening(zeta);
        let run = descend(
            &Surface::bowl(KAPPA),
            &mut optimizer,
            &START,
            &StoppingRules::budget(DAMPENING_STEPS),
        );
        let steps = steps_to_tolerance(&distances(&run, &[0.0, 0.0]));
        Dampened {
            eta,
            zeta,
            run,
            steps,
        }
    })
}
// ANCHOR_END: dampening

/// How many steps the dampening runs take: well past their [`TOLERANCE`].
pub const DAMPENING_STEPS: usize = 800;

/// Where the walks on the pieces start.
pub const PIECES_START: f64 = 3.3;
/// How many steps they take.
pub const PIECES_STEPS: usize = 60;

/// How many starts, evenly spaced from −10 to 10, the tests run Nesterov's
/// method from on the pieces.
pub const PIECES_GRID: usize = 401;

/// The starts of [`PIECES_GRID`]: −10, −9.95, …, 10.
pub fn pieces_grid() -> impl Iterator<Item = f64> {
    let last = (PIECES_GRID - 1) as f64;
    (0..PIECES_GRID).map(move |i| -10.0 + 20.0 * i as f64 / last)
}

/// A run on [`Pieces`] with `method`'s settings for its curvatures `[1, 25]`.
pub fn pieces_run(method: Method, start: f64, steps: usize) -> Trajectory {
    let tuning = method.tuning(Pieces::LAMBDA_MIN, Pieces::LAMBDA_MAX);
    pieces_walk(method.optimizer(tuning), start, steps)
}

/// A run of `optimizer` on [`Pieces`].
pub fn pieces_walk(mut optimizer: Momentum, start: f64, steps: usize) -> Trajectory {
    descend(
        &Pieces,
        &mut optimizer,
        &[start],
        &StoppingRules::budget(steps),
    )
}

/// The three points the heavy ball cycles through on the pieces, solved
/// from the update rule: on each piece the slope is affine, so a cycle
/// `a → b → c → a` with `a ≥ 2 > 1 > b, c` satisfies three linear equations
/// `b = a − η(25a − 24) + β(a − c)`, `c = b − η·25b + β(b − a)`,
/// `a = c − η·25c + β(c − b)`.
// Index loops read like the formulas here.
#[allow(clippy::needless_range_loop)]
pub fn pieces_cycle() -> [f64; 3] {
    let Tuning { eta, beta, .. } = optimal_heavy_ball(Pieces::LAMBDA_MIN, Pieces::LAMBDA_MAX);
    let k = 1.0 + beta - 25.0 * eta;
    // Rows: coefficients of (a, b, c) and the constant on the right.
    let mut m = [
        [k, -1.0, -beta, -24.0 * eta],
        [-beta, k, -1.0, 0.0],
        [-1.0, -beta, k, 0.0],
    ];
    // Gaussian elimination with partial pivoting.
    for col in 0..3 {
        let pivot = (col..3)
            .max_by(|&i, &j| m[i][col].abs().total_cmp(&m[j][col].abs()))
            .unwrap_or(col);
        m.swap(col, pivot);
        for row in 0..3 {
            if row != col {
                let f = m[row][col] / m[col][col];
                for k in col..4 {
                    m[row][k] -= f * m[col][k];
                }
            }
        }
    }
    [m[0][3] / m[0][0], m[1][3] / m[1][1], m[2][3] / m[2][2]]
}

/// The standard deviation `σ_g` of the gradient noise: each step's gradient
/// is off by `±σ_g`.
pub const NOISE_SIGMA_G: f64 = 1.0;
/// The momentum of the noisy experiment.
pub const NOISE_BETA: f64 = 0.9;
/// The heavy ball's rate in the noisy experiment.
pub const NOISE_ETA: f64 = 0.002;
/// How many independent runs each method makes.
pub const NOISE_RUNS: usize = 200;
/// How many steps each run takes.
pub const NOISE_STEPS: usize = 2000;
/// The step after which a run is averaged for its noise floor.
pub const NOISE_FROM: usize = 500;
/// The seed of the first run (run `r` uses `NOISE_SEED + r`).
pub const NOISE_SEED: u64 = 800;

/// A method in the noisy experiment: rate and momentum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Noisy {
    /// The learning rate.
    pub eta: f64,
    /// The momentum (0: plain SGD).
    pub beta: f64,
}

/// The noisy experiment's three methods: the heavy ball, plain SGD at the
/// rate `η/(1 − β)`, and plain SGD at the heavy ball's own rate.
pub fn noisy_methods() -> [Noisy; 3] {
    [
        Noisy {
            eta: NOISE_ETA,
            beta: NOISE_BETA,
        },
        Noisy {
            eta: NOISE_ETA / (1.0 - NOISE_BETA),
            beta: 0.0,
        },
        Noisy {
            eta: NOISE_ETA,
            beta: 0.0,
        },
    ]
}

/// What the runs of one method measured.
#[derive(Debug, Clone, PartialEq)]
pub struct NoiseFloor {
    /// The method.
    pub method: Noisy,
    /// The mean excess loss `f(θₜ) − f*` over the runs at every step.
    pub mean_losses: Vec<f64>,
    /// Each run's mean excess loss over the steps after [`NOISE_FROM`].
    pub run_floors: Vec<f64>,
}

impl NoiseFloor {
    /// The measured floor: the mean of the runs' floors.
    pub fn floor(&self) -> f64 {
        self.run_floors.iter().sum::<f64>() / self.run_floors.len() as f64
    }

    /// Its standard error: the runs' spread over `√runs` (the runs are
    /// independent; the steps within one run are not, which is why each run
    /// counts once).
    pub fn standard_error(&self) -> f64 {
        let n = self.run_floors.len() as f64;
        let mean = self.floor();
        let variance = self
            .run_floors
            .iter()
            .map(|f| (f - mean) * (f - mean))
            .sum::<f64>()
            / (n - 1.0);
        (variance / n).sqrt()
    }
}

// ANCHOR: noisy
/// [`NOISE_RUNS`] runs of `method`, each from `θ₀ = 1`, on the two data
/// points `c = −1` and `c = +1` with the loss `½(θ − c)²`: their mean,
/// `f(θ) = ½θ² + ½`, has gradient `θ`. Each step draws one of the two
/// points at random, as SGD does, so its gradient `θ − c` is the true
/// gradient plus a noise of `±1`.
// Index loops read like the formulas here.
#[allow(clippy::needless_range_loop)]
pub fn noise_floor_runs(method: Noisy) -> NoiseFloor {
    let mut totals = vec![0.0; NOISE_STEPS + 1];
    let mut run_floors = Vec::with_capacity(NOISE_RUNS);
    for r in 0..NOISE_RUNS {
        let mut rng = ChaCha8Rng::seed_from_u64(NOISE_SEED + r as u64);
        let mut optimizer = Momentum::heavy_ball(method.eta, method.beta);
        optimizer.start(1);
        let mut theta = [1.0];
        let mut tail = 0.0;
        let mut bits: u32 = 0;
        totals[0] += 0.5;
        for t in 1..=NOISE_STEPS {
            // One random bit per step picks the point: 32 steps per draw.
            if (t - 1) % 32 == 0 {
                bits = rng.random();
            }
            let c = if bits & 1 == 1 {
                NOISE_SIGMA_G
            } else {
                -NOISE_SIGMA_G
            };
            bits >>= 1;
            let gradient = [theta[0] - c];
            optimizer.step(&mut theta, &gradient);
            let excess = 0.5 * theta[0] * theta[0];
            totals[t] += excess;
            if t > NOISE_FROM {
                tail += excess;
            }
        }
        run_floors.push(tail / (NOISE_STEPS - NOISE_FROM) as f64);
    }
    NoiseFloor {
        method,
        mean_losses: totals.iter().map(|t| t / NOISE_RUNS as f64).collect(),
        run_floors,
    }
}
// ANCHOR_END: noisy

/// One method run on a line fit from `(0, 0)`.
#[derive(Debug, Clone, PartialEq)]
pub struct LineRun {
    /// The method.
    pub method: Method,
    /// Its settings for the data's curvatures.
    pub tuning: Tuning,
    /// The run.
    pub run: Trajectory,
    /// Steps until the distance to the least-squares line has shrunk by
    /// [`TOLERANCE`] for good.
    pub steps: usize,
}

/// How many steps the line fits run.
pub const LINE_STEPS: usize = 3000;

/// Every method on a line-fit surface, from `(0, 0)`.
pub fn line_runs(surface: &Surface) -> Vec<LineRun> {
    let (lambda_min, lambda_max) = surface.curvatures();
    let bottom = surface.bottom(0.0);
    Method::ALL
        .iter()
        .map(|&method| {
            let tuning = method.tuning(lambda_min, lambda_max);
            let mut optimizer = method.optimizer(tuning);
            let run = descend(
                surface,
                &mut optimizer,
                &[0.0, 0.0],
                &StoppingRules::budget(LINE_STEPS),
            );
            let steps = steps_to_tolerance(&distances(&run, &bottom));
            LineRun {
                method,
                tuning,
                run,
                steps,
            }
        })
        .collect()
}

/// The heavy ball at gradient descent's best rate `η = 2/(λ_max + λ_min)`,
/// with the momentum that critically damps the flattest direction,
/// `β = (1 − √(ηλ_min))²`: "keep your rate, add momentum". Its factor is
/// `√β = 1 − √(ηλ_min)` (the steep direction's roots are complex, of
/// modulus `√β` too).
pub fn damped_tuning(lambda_min: f64, lambda_max: f64) -> Tuning {
    let eta = 2.0 / (lambda_max + lambda_min);
    let factor = 1.0 - (eta * lambda_min).sqrt();
    Tuning {
        eta,
        beta: factor * factor,
        factor,
    }
}

/// [`damped_tuning`] run on a line-fit surface from `(0, 0)`, with its steps
/// to [`TOLERANCE`].
pub fn damped_run(surface: &Surface) -> LineRun {
    let (lambda_min, lambda_max) = surface.curvatures();
    let tuning = damped_tuning(lambda_min, lambda_max);
    let mut optimizer = Momentum::heavy_ball(tuning.eta, tuning.beta);
    let run = descend(
        surface,
        &mut optimizer,
        &[0.0, 0.0],
        &StoppingRules::budget(LINE_STEPS),
    );
    let steps = steps_to_tolerance(&distances(&run, &surface.bottom(0.0)));
    LineRun {
        method: Method::HeavyBall,
        tuning,
        run,
        steps,
    }
}

/// Steps of chapter 3's own run (`η = 0.2`, no momentum) on its line until
/// the distance has shrunk by [`TOLERANCE`].
pub fn chapter3_steps(surface: &Surface) -> usize {
    let mut optimizer = Momentum::heavy_ball(chapter3::BATCH_ETA, 0.0);
    let run = descend(
        surface,
        &mut optimizer,
        &[0.0, 0.0],
        &StoppingRules::budget(LINE_STEPS),
    );
    steps_to_tolerance(&distances(&run, &surface.bottom(0.0)))
}
