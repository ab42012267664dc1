//! The chapter's experiments, each a function the book's run, the figures
//! and the tests share.

use std::ops::RangeInclusive;

use descent::data::DataSet;
use descent::{
    Adagrad, Adam, AdamW, GradientDescent, Objective, Optimizer, Outcome, RmsProp, StoppingRules,
    Trajectory, descend,
};

use crate::methods::Method;
use crate::surfaces::{Quadratic, poly_at, poly_data, poly_quadratic, ridge, test_error};

/// `&mut dyn Optimizer` as an optimizer the descent loop takes.
pub struct Dyn<'a>(pub &'a mut dyn Optimizer);

impl Optimizer for Dyn<'_> {
    fn start(&mut self, dimension: usize) {
        self.0.start(dimension);
    }

    fn step(&mut self, x: &mut [f64], gradient: &[f64]) {
        self.0.step(x, gradient);
    }
}

/// Walk `objective` from `start` with `optimizer` for `steps` steps.
pub fn walk(
    objective: &impl Objective,
    optimizer: &mut dyn Optimizer,
    start: &[f64],
    steps: usize,
) -> Trajectory {
    descend(
        objective,
        &mut Dyn(optimizer),
        start,
        &StoppingRules::budget(steps),
    )
}

// ------------------------------------------------------------ the paths

/// The stretched bowl of the first figure: curvatures 1 and [`PATH_KAPPA`].
pub const PATH_KAPPA: f64 = 100.0;
/// Where the walks of the first figure start.
pub const PATH_START: [f64; 2] = [1.0, 0.6];
/// How many steps they take.
pub const PATH_STEPS: usize = 40;
/// Adagrad's rate in the first figure.
pub const PATH_ADAGRAD_ETA: f64 = 0.3;
/// Adam's rate in the first figure.
pub const PATH_ADAM_ETA: f64 = 0.1;

/// The bowl `(θ₁² + κθ₂²)/2`, as a quadratic.
pub fn bowl(kappa: f64) -> Quadratic {
    Quadratic::turned_bowl(1.0, kappa, 0.0, &[0.0, 0.0])
}

/// The walks of the first figure: gradient descent at its best rate on the
/// stretched bowl, then Adagrad and Adam on the stretched bowl and on the
/// round one (`κ = 1`).
#[derive(Debug, Clone, PartialEq)]
pub struct Paths {
    /// Gradient descent at `2/(1 + κ)`.
    pub gradient_descent: Trajectory,
    /// Adagrad on the stretched bowl, and on the round one.
    pub adagrad: [Trajectory; 2],
    /// Adam on the stretched bowl, and on the round one.
    pub adam: [Trajectory; 2],
}

/// Run the walks of the first figure.
pub fn paths() -> Paths {
    let stretched = bowl(PATH_KAPPA);
    let round = bowl(1.0);
    let run =
        |q: &Quadratic, optimizer: &mut dyn Optimizer| walk(q, optimizer, &PATH_START, PATH_STEPS);
    Paths {
        gradient_descent: run(
            &stretched,
            &mut GradientDescent {
                eta: 2.0 / (1.0 + PATH_KAPPA),
            },
        ),
        adagrad: [
            run(&stretched, &mut Adagrad::new(PATH_ADAGRAD_ETA)),
            run(&round, &mut Adagrad::new(PATH_ADAGRAD_ETA)),
        ],
        adam: [
            run(&stretched, &mut Adam::new(PATH_ADAM_ETA)),
            run(&round, &mut Adam::new(PATH_ADAM_ETA)),
        ],
    }
}

/// The largest distance between two walks' points, step by step.
pub fn largest_difference(a: &Trajectory, b: &Trajectory) -> f64 {
    let mut largest: f64 = 0.0;
    for (p, q) in a.points.iter().zip(&b.points) {
        for (x, y) in p.iter().zip(q) {
            largest = largest.max((x - y).abs());
        }
    }
    largest
}

// ------------------------------------------------ Adagrad on bad scaling

/// The rates the chapter's searches try: `10^(j/10)` for `j = −60, …, 30`.
pub fn grid() -> Vec<f64> {
    crate::compare::grid()
}

/// A walk on a quadratic made from data, measured.
#[derive(Debug, Clone, PartialEq)]
pub struct ScaledRun {
    /// The rate.
    pub eta: f64,
    /// The walk.
    pub run: Trajectory,
    /// `L(θₜ) − L*` over `L(θ₀) − L*`, step by step.
    pub relative: Vec<f64>,
}

impl ScaledRun {
    /// Walk `q` from the origin with `method` at `eta`.
    pub fn new(q: &Quadratic, method: Method, eta: f64, steps: usize) -> Self {
        let start = vec![0.0; q.c.len()];
        let run = walk(q, method.build(eta).as_mut(), &start, steps);
        let lowest = q.lowest();
        let first = q.value(&start) - lowest;
        let relative = run.losses.iter().map(|l| (l - lowest) / first).collect();
        ScaledRun { eta, run, relative }
    }

    /// The first step after which the relative excess stays at or below
    /// [`TOLERANCE`] (`None` if it never does within the run).
    pub fn steps_to_tolerance(&self) -> Option<usize> {
        let last_above = self.relative.iter().rposition(|&r| r > TOLERANCE);
        match last_above {
            None => Some(0),
            Some(t) if t + 1 < self.relative.len() => Some(t + 1),
            Some(_) => None,
        }
    }

    /// The excess's factor per step over the last [`LATE_WINDOW`] steps,
    /// as a factor of the distance (the square root of the excess's).
    pub fn late_factor(&self) -> f64 {
        let n = self.relative.len() - 1;
        let ratio = self.relative[n] / self.relative[n - LATE_WINDOW];
        ratio.powf(0.5 / LATE_WINDOW as f64)
    }
}

/// "Arrived": the excess loss is a millionth of its start.
pub const TOLERANCE: f64 = 1e-6;
/// The steps over which the late factor is measured.
pub const LATE_WINDOW: usize = 20;
/// The steps of the walks on the raw points.
pub const RAW_STEPS: usize = 300;
/// The steps of the walks on the penguins, as in chapter 4.
pub const PENGUIN_STEPS: usize = 1000;

/// The exponent `j` of the rate `10^(j/10)` of [`grid`] that leaves the
/// smallest excess after `steps` (the smaller rate on a tie): the search
/// that gradient descent and Adagrad both get.
pub fn best_rate(q: &Quadratic, method: Method, steps: usize) -> i32 {
    let lowest = q.lowest();
    let start = vec![0.0; q.c.len()];
    let mut best = (f64::INFINITY, 0);
    for j in crate::compare::GRID_EXPONENTS {
        let eta = crate::compare::rate(j);
        let gap = crate::compare::tail_gap(q, lowest, method.build(eta).as_mut(), &start, steps);
        if gap < best.0 {
            best = (gap, j);
        }
    }
    best.1
}

/// The search's results for gradient descent and Adagrad, kept so that the
/// book's run need not repeat them: the exponents `j` of their best rates
/// `10^(j/10)` on the ten raw points (after [`RAW_STEPS`] steps) and on the
/// penguins (after [`PENGUIN_STEPS`]). A test runs the searches again.
pub const RESCUE_TUNED: [(i32, i32); 2] = [(-13, 5), (-44, 15)];

// ANCHOR: effective
/// What Adagrad's sums `G` at the end of a run do to the landscape: with
/// `M = diag(1/(√G + δ))`, the late steps are the gradient descent
/// `θ ← θ − η·M·∇f`, whose curvatures are the eigenvalues of `M^½·H·M^½`.
/// Returns that matrix's condition number and the factor
/// `max |1 − η·λ|` over its eigenvalues `λ`.
pub fn preconditioned(q: &Quadratic, sum: &[f64], delta: f64, eta: f64) -> (f64, f64) {
    // The diagonal of M: one rate per coordinate.
    let rates: Vec<f64> = sum.iter().map(|g| 1.0 / (g.sqrt() + delta)).collect();
    let mut reshaped = q.h.clone();
    for i in 0..reshaped.rows() {
        for j in 0..reshaped.cols() {
            reshaped[(i, j)] *= (rates[i] * rates[j]).sqrt();
        }
    }
    let eigen = descent::linalg::symmetric_eigen(&reshaped);
    let factor = eigen
        .values
        .iter()
        .map(|l| (1.0 - eta * l).abs())
        .fold(0.0, f64::max);
    (eigen.max() / eigen.min(), factor)
}
// ANCHOR_END: effective

/// Adagrad against gradient descent on one badly scaled quadratic.
#[derive(Debug, Clone, PartialEq)]
pub struct Rescue {
    /// The quadratic's condition number.
    pub kappa: f64,
    /// Gradient descent at its best rate of the grid.
    pub gradient_descent: ScaledRun,
    /// Adagrad at its best rate of the grid.
    pub adagrad: ScaledRun,
    /// The condition number Adagrad's late steps see.
    pub effective_kappa: f64,
    /// The factor per step that predicts for the distance.
    pub predicted_factor: f64,
    /// Gradient descent's factor per step, `max |1 − ηλ|` over the
    /// curvatures `λ`.
    pub gd_factor: f64,
    /// The share of the starting excess `f(0) − f*` that lies along the
    /// steepest direction (the eigenvector of `λ_max`).
    pub steep_share: f64,
    /// Chapter 4's best fixed rate `η* = 2/(λ_min + λ_max)`.
    pub eta_star: f64,
    /// The edge of stability, `2/λ_max`.
    pub edge: f64,
    /// The factor per step of the distance at `η*` along both directions,
    /// `ρ* = (κ − 1)/(κ + 1)`.
    pub star_factor: f64,
    /// The factor along the steepest direction at gradient descent's tuned
    /// rate, `|1 − ηλ_max|`.
    pub steep_factor: f64,
    /// Gradient descent at `η*`, for comparison with its tuned rate.
    pub at_star: ScaledRun,
}

/// The share of `f(start) − f*` along the eigenvector of the largest
/// curvature: `½λ_max·c²` over the whole excess, with `c` the start's
/// offset from the bottom along that eigenvector.
pub fn steep_share(q: &Quadratic, start: &[f64]) -> f64 {
    let eigen = descent::linalg::symmetric_eigen(&q.h);
    let bottom = q.minimum();
    let offset: Vec<f64> = start.iter().zip(&bottom).map(|(s, b)| s - b).collect();
    let steepest = (0..eigen.values.len())
        .max_by(|&a, &b| eigen.values[a].total_cmp(&eigen.values[b]))
        .unwrap_or(0);
    let along = eigen
        .vector(steepest)
        .iter()
        .zip(&offset)
        .map(|(v, o)| v * o)
        .sum::<f64>();
    0.5 * eigen.values[steepest] * along * along / (q.value(start) - q.lowest())
}

/// Run gradient descent and Adagrad on `q` for `steps` steps, at the rates
/// `10^(j/10)` with the exponents `tuned` (gradient descent's, Adagrad's).
pub fn rescue(q: &Quadratic, steps: usize, tuned: (i32, i32)) -> Rescue {
    let (small, large) = q.curvatures();
    let eta = crate::compare::rate(tuned.1);
    let adagrad = ScaledRun::new(q, Method::Adagrad, eta, steps);
    // Replay the run to read its sums.
    let mut rule = Adagrad::new(eta);
    let _ = descend(
        q,
        &mut rule,
        &vec![0.0; q.c.len()],
        &StoppingRules::budget(steps),
    );
    let (effective_kappa, predicted_factor) = preconditioned(q, &rule.sum, rule.delta, eta);
    let gd_eta = crate::compare::rate(tuned.0);
    let eta_star = 2.0 / (small + large);
    Rescue {
        kappa: large / small,
        gd_factor: (1.0 - gd_eta * small)
            .abs()
            .max((1.0 - gd_eta * large).abs()),
        eta_star,
        edge: 2.0 / large,
        star_factor: (1.0 - eta_star * large).abs(),
        steep_factor: (1.0 - gd_eta * large).abs(),
        at_star: ScaledRun::new(q, Method::GradientDescent, eta_star, steps),
        steep_share: steep_share(q, &vec![0.0; q.c.len()]),
        gradient_descent: ScaledRun::new(q, Method::GradientDescent, gd_eta, steps),
        adagrad,
        effective_kappa,
        predicted_factor,
    }
}

// --------------------------------------------------- the slow-down on a slope

/// The steps of the long slope.
pub const SLOPE_STEPS: usize = 1000;

/// The distance each method walks down the slope `f(θ) = θ` (gradient 1
/// everywhere) in `steps` steps, in units of `η`, at PyTorch's defaults
/// and `η = 1`.
pub fn slope_distances(method: Method, steps: usize) -> Vec<f64> {
    let mut optimizer = method.build(1.0);
    let mut theta = [0.0];
    optimizer.start(1);
    let mut distances = vec![0.0];
    for _ in 0..steps {
        optimizer.step(&mut theta, &[1.0]);
        distances.push(-theta[0]);
    }
    distances
}

/// `Σ_{t ≤ T} 1/√t`: Adagrad's distance on the slope after `T` steps in
/// units of `η` (with `δ` = 0).
pub fn adagrad_slope(steps: usize) -> f64 {
    (1..=steps).map(|t| 1.0 / (t as f64).sqrt()).sum()
}

/// The first `T` at which `Σ_{t ≤ T} 1/√t` reaches `distance`.
pub fn adagrad_steps_to(distance: f64) -> usize {
    let mut sum = 0.0;
    let mut t = 0;
    while sum < distance {
        t += 1;
        sum += 1.0 / (t as f64).sqrt();
    }
    t
}

// -------------------------------------------------------- RMSprop's memory

/// The half-life of an exponential average with coefficient `α`: after
/// `ln 2 / ln(1/α)` steps a value's weight has halved.
pub fn half_life(alpha: f64) -> f64 {
    std::f64::consts::LN_2 / (1.0 / alpha).ln()
}

/// Measure it: feed RMSprop gradients 1 for a long while, then gradients
/// 0, and count the steps until `v` is at most half what it was.
pub fn measured_half_life(alpha: f64) -> usize {
    let mut rule = RmsProp {
        alpha,
        ..RmsProp::new(1e-3)
    };
    rule.start(1);
    let mut theta = [0.0];
    for _ in 0..10_000 {
        rule.step(&mut theta, &[1.0]);
    }
    let before = rule.v[0];
    let mut steps = 0;
    while rule.v[0] > 0.5 * before {
        rule.step(&mut theta, &[0.0]);
        steps += 1;
    }
    steps
}

/// The weights of RMSprop's average with `α`, newest first, measured:
/// `v` after a single squared gradient of 1 followed by zeros, step by
/// step, is the weight `(1 − α)·αᵏ` of a gradient `k` steps old.
pub fn memory_weights(alpha: f64, count: usize) -> Vec<f64> {
    let mut rule = RmsProp {
        alpha,
        ..RmsProp::new(1e-3)
    };
    rule.start(1);
    let mut theta = [0.0];
    (0..count)
        .map(|k| {
            rule.step(&mut theta, &[if k == 0 { 1.0 } else { 0.0 }]);
            rule.v[0]
        })
        .collect()
}

/// When the gradient's size drops in [`memory_steps`].
pub const DROP_AT: usize = 100;
/// The steps of the memory experiment.
pub const MEMORY_STEPS: usize = 400;
/// The gradient's size before and after the drop.
pub const DROP: (f64, f64) = (1.0, 0.01);

/// Each step's length over `η` when the gradient is [`DROP`]`.0` for the
/// first [`DROP_AT`] steps and [`DROP`]`.1` after, for Adagrad and RMSprop
/// with `α` (and `δ` = 0, so the lengths are the rules' own).
pub fn memory_steps(method: Method, alpha: f64) -> Vec<f64> {
    let mut optimizer: Box<dyn Optimizer> = match method {
        Method::Adagrad => Box::new(Adagrad {
            delta: 0.0,
            ..Adagrad::new(1.0)
        }),
        _ => Box::new(RmsProp {
            alpha,
            delta: 0.0,
            ..RmsProp::new(1.0)
        }),
    };
    optimizer.start(1);
    let mut theta = [0.0];
    let mut lengths = Vec::new();
    for t in 1..=MEMORY_STEPS {
        let g = if t <= DROP_AT { DROP.0 } else { DROP.1 };
        let before = theta[0];
        optimizer.step(&mut theta, &[g]);
        lengths.push(before - theta[0]);
    }
    lengths
}

/// The step after the drop at which RMSprop's step is back to half of `η`:
/// `v` must fall to `(2g)²` with `g` the new size.
pub fn recovery_steps(lengths: &[f64]) -> Option<usize> {
    lengths[DROP_AT..]
        .iter()
        .position(|&l| l >= 0.5)
        .map(|k| k + 1)
}

/// Centred RMSprop's step on a steady slope, in units of `η`, at steps
/// `1, …, steps` (gradient 1, `α`, PyTorch's `δ`).
pub fn centred_steps(alpha: f64, steps: usize) -> Vec<f64> {
    centred_run(alpha, 1.0, steps).lengths
}

/// Centred RMSprop on a steady gradient, step by step.
#[derive(Debug, Clone, PartialEq)]
pub struct CentredRun {
    /// Each step's length over `η` (NaN once the point is NaN).
    pub lengths: Vec<f64>,
    /// The difference `v − ḡ²` each step divided by (before the root).
    pub differences: Vec<f64>,
}

impl CentredRun {
    /// The first step from which the difference no longer changes: from
    /// there on it is rounding residue, and every step is the same.
    pub fn settled_from(&self) -> Option<usize> {
        let last = *self.differences.last()?;
        let changing = self.differences.iter().rposition(|&d| d != last)?;
        (changing + 2 < self.differences.len()).then_some(changing + 2)
    }

    /// The first step whose difference came out negative: its square root,
    /// and the point after it, are NaN.
    pub fn first_negative(&self) -> Option<usize> {
        self.differences
            .iter()
            .position(|&d| d < 0.0)
            .map(|k| k + 1)
    }
}

/// The steps of the long centred runs: long enough for `αᵗ` at `α = 0.99`
/// to fall far below the rounding of `v`.
pub const CENTRED_LONG: usize = 5000;
/// The steady gradient whose rounding comes out negative.
pub const CENTRED_NAN_GRADIENT: f64 = 0.1;

/// Centred RMSprop from descent (`α`, PyTorch's `δ`, `η = 1`) fed the
/// gradient `g` at every step, for `steps` steps.
pub fn centred_run(alpha: f64, g: f64, steps: usize) -> CentredRun {
    let mut rule = RmsProp {
        alpha,
        centered: true,
        ..RmsProp::new(1.0)
    };
    rule.start(1);
    let mut theta = [0.0];
    let (mut lengths, mut differences) = (Vec::new(), Vec::new());
    for _ in 0..steps {
        let before = theta[0];
        rule.step(&mut theta, &[g]);
        lengths.push(before - theta[0]);
        differences.push(rule.v[0] - rule.mean[0] * rule.mean[0]);
    }
    CentredRun {
        lengths,
        differences,
    }
}

/// What the centred rule predicts: `1/√(αᵗ(1 − αᵗ))` (with `δ` = 0).
pub fn centred_prediction(alpha: f64, t: usize) -> f64 {
    let a = alpha.powi(t as i32);
    1.0 / (a * (1.0 - a)).sqrt()
}

// --------------------------------------------------------- bias correction

/// The uncorrected step over the corrected one on a steady gradient at step
/// `t`: `(1 − β₁ᵗ)/√(1 − β₂ᵗ)`.
pub fn correction_ratio(beta1: f64, beta2: f64, t: usize) -> f64 {
    (1.0 - beta1.powi(t as i32)) / (1.0 - beta2.powi(t as i32)).sqrt()
}

/// Adam without bias correction, as some first descriptions write it:
/// `θ ← θ − η·m/(√v + δ)`; the steps it takes on a steady gradient 1, in
/// units of `η`.
pub fn uncorrected_steps(beta1: f64, beta2: f64, steps: usize) -> Vec<f64> {
    let (mut m, mut v) = (0.0, 0.0);
    let mut lengths = Vec::new();
    for _ in 0..steps {
        m = beta1 * m + (1.0 - beta1) * 1.0;
        v = beta2 * v + (1.0 - beta2) * 1.0;
        lengths.push(m / (f64::sqrt(v) + 0.0));
    }
    lengths
}

/// The steps of the bias-correction figure.
pub const CORRECTION_STEPS: usize = 10_000;

/// The largest ratio and the step where it occurs.
pub fn peak_ratio(beta1: f64, beta2: f64) -> (f64, usize) {
    let mut best = (0.0, 0);
    for t in 1..=CORRECTION_STEPS {
        let r = correction_ratio(beta1, beta2, t);
        if r > best.0 {
            best = (r, t);
        }
    }
    best
}

/// The step bound Kingma and Ba state, `(1 − β₁)/√(1 − β₂)`, in units of `η`.
pub fn stated_bound(beta1: f64, beta2: f64) -> f64 {
    (1.0 - beta1) / (1.0 - beta2).sqrt()
}

/// The exact largest step at step `t`, over every sequence of gradients,
/// in units of `η` (with `δ` = 0): by Cauchy–Schwarz,
/// `|m̂|/√v̂ ≤ (1 − β₁)/(1 − β₁ᵗ)·√((1 − β₂ᵗ)/(1 − β₂))·√(Σ_{j≤t} (β₁²/β₂)^(t−j))`,
/// with equality for gradients `gⱼ ∝ (β₁/β₂)^(t−j)`.
pub fn largest_step(beta1: f64, beta2: f64, t: usize) -> f64 {
    let r = beta1 * beta1 / beta2;
    let sum: f64 = (0..t).map(|k| r.powi(k as i32)).sum();
    (1.0 - beta1) / (1.0 - beta1.powi(t as i32))
        * ((1.0 - beta2.powi(t as i32)) / (1.0 - beta2)).sqrt()
        * sum.sqrt()
}

/// Its limit for long runs (when `β₁² < β₂`):
/// `(1 − β₁)/√((1 − β₂)(1 − β₁²/β₂))`.
pub fn largest_step_limit(beta1: f64, beta2: f64) -> f64 {
    (1.0 - beta1) / ((1.0 - beta2) * (1.0 - beta1 * beta1 / beta2)).sqrt()
}

/// The step Adam (PyTorch's defaults, `η = 1`, `δ` = 0) takes at step `t`
/// after the gradients `gⱼ = (β₁/β₂)^(t−j)`, the sequence that attains
/// [`largest_step`].
pub fn worst_sequence_step(t: usize) -> f64 {
    let mut adam = Adam {
        delta: 0.0,
        ..Adam::new(1.0)
    };
    adam.start(1);
    let c = adam.beta1 / adam.beta2;
    let mut theta = [0.0];
    let mut before = 0.0;
    for s in 1..=t {
        before = theta[0];
        adam.step(&mut theta, &[c.powi((t - s) as i32)]);
    }
    before - theta[0]
}

/// The step Adam (defaults, `η = 1`) takes when a gradient 1 arrives after
/// `silence` steps of gradient 0.
pub fn lone_gradient_step(silence: usize) -> f64 {
    let mut adam = Adam::new(1.0);
    adam.start(1);
    let mut theta = [0.0];
    for _ in 0..silence {
        adam.step(&mut theta, &[0.0]);
    }
    let before = theta[0];
    adam.step(&mut theta, &[1.0]);
    before - theta[0]
}

// ---------------------------------------------------------- scale invariance

/// How much the loss is multiplied by.
pub const SCALE: f64 = 1000.0;
/// The steps of the scale experiment.
pub const SCALE_STEPS: usize = 200;

/// One method on the raw points' loss and on [`SCALE`] times it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaled {
    /// The method.
    pub method: Method,
    /// The walk on the loss.
    pub plain: Trajectory,
    /// The walk on the scaled loss.
    pub scaled: Trajectory,
}

impl Scaled {
    /// The largest difference between the two walks' points, relative to
    /// the size of the point.
    pub fn difference(&self) -> f64 {
        let mut largest: f64 = 0.0;
        for (p, q) in self.plain.points.iter().zip(&self.scaled.points) {
            let size = p.iter().fold(0.0_f64, |m, v| m.max(v.abs())).max(1e-300);
            for (x, y) in p.iter().zip(q) {
                largest = largest.max((x - y).abs() / size);
            }
        }
        largest
    }
}

/// Every method of [`SCALE_METHODS`] at gradient descent's best rate on the
/// raw points, on the loss and on [`SCALE`] times it.
pub fn scale_runs(q: &Quadratic) -> Vec<Scaled> {
    let (small, large) = q.curvatures();
    let eta = 2.0 / (small + large);
    let big = q.scaled(SCALE);
    SCALE_METHODS
        .iter()
        .map(|&method| Scaled {
            method,
            plain: walk(q, method.build(eta).as_mut(), &[0.0, 0.0], SCALE_STEPS),
            scaled: walk(&big, method.build(eta).as_mut(), &[0.0, 0.0], SCALE_STEPS),
        })
        .collect()
}

/// The methods the scale experiment runs.
pub const SCALE_METHODS: [Method; 4] = [
    Method::GradientDescent,
    Method::Adagrad,
    Method::RmsProp,
    Method::Adam,
];

// ------------------------------------------------------- Reddi's counterexample

/// The constant `C > 2` of the online problem.
pub const REDDI_C: f64 = 3.0;
/// The base rate: step `t` uses `η/√t`.
pub const REDDI_ETA: f64 = 0.5;
/// The steps of the online problem.
pub const REDDI_STEPS: usize = 10_000;

// ANCHOR: reddi
/// The online problem: at step `t` the loss is `fₜ(θ) = C·θ` when
/// `t mod 3 = 1` and `−θ` otherwise, on the interval `[−1, 1]`. Over any
/// three steps the losses add up to `(C − 2)·θ`, smallest at `θ = −1`.
/// Its gradient at step `t`:
pub fn reddi_gradient(t: usize) -> f64 {
    if t % 3 == 1 { REDDI_C } else { -1.0 }
}

/// Adam (or AMSGrad) with `β₁ = 0`, `β₂ = 1/(1 + C²)`, rate `η/√t` at step
/// `t`, and every iterate put back into `[−1, 1]`; the points it visits.
pub fn reddi_walk(amsgrad: bool) -> Vec<f64> {
    let mut adam = Adam {
        beta1: 0.0,
        beta2: 1.0 / (1.0 + REDDI_C * REDDI_C),
        amsgrad,
        ..Adam::new(REDDI_ETA)
    };
    adam.start(1);
    let mut theta = [0.0];
    let mut points = vec![0.0];
    for t in 1..=REDDI_STEPS {
        adam.eta = REDDI_ETA / (t as f64).sqrt();
        adam.step(&mut theta, &[reddi_gradient(t)]);
        theta[0] = theta[0].clamp(-1.0, 1.0);
        points.push(theta[0]);
    }
    points
}
// ANCHOR_END: reddi

/// Adam's steps on the online problem late in the run, in units of the
/// step's rate `ηₜ`: the step on the large gradient `C` (down) and the two
/// on `−1` after it (up), over the last whole round of three steps before
/// [`REDDI_STEPS`]. Measured on descent's Adam without the projection (the
/// gradients do not depend on the point, so the averages are the same).
pub fn reddi_round() -> [f64; 3] {
    let mut adam = Adam {
        beta1: 0.0,
        beta2: 1.0 / (1.0 + REDDI_C * REDDI_C),
        ..Adam::new(REDDI_ETA)
    };
    adam.start(1);
    let mut x = [0.0];
    // The round's first step is the last t ≤ REDDI_STEPS − 2 with t mod 3 = 1.
    let first = (1..=REDDI_STEPS - 2)
        .rev()
        .find(|t| t % 3 == 1)
        .unwrap_or(1);
    let mut round = [0.0; 3];
    for t in 1..=first + 2 {
        adam.eta = REDDI_ETA / (t as f64).sqrt();
        let before = x[0];
        adam.step(&mut x, &[reddi_gradient(t)]);
        if t >= first {
            round[t - first] = (x[0] - before).abs() / adam.eta;
        }
    }
    round
}

/// The average regret per step of a walk: the mean of `fₜ(xₜ₋₁) − fₜ(−1)`
/// (each step's loss is paid at the point before the step).
pub fn regret(points: &[f64]) -> f64 {
    let mut sum = 0.0;
    for t in 1..points.len() {
        let g = reddi_gradient(t);
        // fₜ(θ) − fₜ(−1) = g·θ + g.
        sum += g * points[t - 1] + g;
    }
    sum / (points.len() - 1) as f64
}

// ------------------------------------------------------------- weight decay

/// The rate of the weight-decay runs.
pub const DECAY_ETA: f64 = 0.03;
/// The steps of the weight-decay runs.
pub const DECAY_STEPS: usize = 1500;
/// The exponents `j` of the strengths `μ = 10^(j/4)` the search tries:
/// four to a decade, from `10⁻⁵` to `10^1.5`.
pub const DECAY_EXPONENTS: RangeInclusive<i32> = -20..=6;
/// The noise draws (seeds of [`poly_data`]) the search averages over.
pub const DECAY_TUNING_DRAWS: RangeInclusive<u64> = 1..=10;
/// The fresh draws the book reports.
pub const DECAY_REPORT_DRAWS: RangeInclusive<u64> = 11..=30;
/// The search's result, kept so that the book's run need not repeat it:
/// the exponents `j` of the best `μ = 10^(j/4)` for Adam with an L2
/// penalty and for AdamW. A test runs the search again.
pub const DECAY_TUNED: (i32, i32) = (-10, -1);
/// The strength of the demonstration on the first draw.
pub const DECAY_SHOWN: f64 = 0.01;
/// The step at which the spread of `1/√v̂` is read.
pub const DECAY_PROBE: usize = 300;

/// The strength `μ = 10^(j/4)`.
pub fn strength(j: i32) -> f64 {
    10f64.powf(j as f64 / 4.0)
}

/// The coefficients after [`DECAY_STEPS`] steps of Adam with an L2 penalty
/// `μ` (PyTorch's coupled `weight_decay`), or of AdamW with decoupled decay
/// `μ`, from zero at `η` = [`DECAY_ETA`], on the quadratic `q` of a draw.
pub fn decay_fit(q: &Quadratic, mu: f64, decoupled: bool) -> Vec<f64> {
    let mut optimizer: Box<dyn Optimizer> = if decoupled {
        Box::new(AdamW::new(DECAY_ETA, mu))
    } else {
        Box::new(Adam {
            weight_decay: mu,
            ..Adam::new(DECAY_ETA)
        })
    };
    let mut theta = vec![0.0; q.c.len()];
    optimizer.start(theta.len());
    for _ in 0..DECAY_STEPS {
        let g = q.gradient(&theta);
        optimizer.step(&mut theta, &g);
    }
    theta
}

/// The training error of a fit: the mean squared residual over its points
/// (no ½, no penalty: the same scale as [`test_error`]).
pub fn train_error(data: &DataSet, theta: &[f64]) -> f64 {
    data.samples
        .iter()
        .map(|s| (poly_at(theta, s.x) - s.y).powi(2))
        .sum::<f64>()
        / data.len() as f64
}

/// The search's score of a strength: the test error after the run,
/// averaged over the [`DECAY_TUNING_DRAWS`].
pub fn decay_score(mu: f64, decoupled: bool) -> f64 {
    let draws = DECAY_TUNING_DRAWS.count() as f64;
    DECAY_TUNING_DRAWS
        .map(|seed| test_error(&decay_fit(&poly_quadratic(&poly_data(seed)), mu, decoupled)))
        .sum::<f64>()
        / draws
}

/// The exponent `j` of the best strength `10^(j/4)` for one method (the
/// smaller on a tie).
pub fn best_strength(decoupled: bool) -> i32 {
    let mut best = (f64::INFINITY, 0);
    for j in DECAY_EXPONENTS {
        let score = decay_score(strength(j), decoupled);
        if score < best.0 {
            best = (score, j);
        }
    }
    best.1
}

/// One way of fitting, measured on every draw of [`DECAY_REPORT_DRAWS`].
#[derive(Debug, Clone, PartialEq)]
pub struct DecayRuns {
    /// The strength `μ`.
    pub mu: f64,
    /// The training error on each draw.
    pub train: Vec<f64>,
    /// The test error on each draw.
    pub test: Vec<f64>,
    /// The coefficients fitted to each draw.
    pub fits: Vec<Vec<f64>>,
}

impl DecayRuns {
    /// Fit every report draw with `μ`, decoupled or not.
    pub fn new(mu: f64, decoupled: bool) -> Self {
        let (mut train, mut test, mut fits) = (Vec::new(), Vec::new(), Vec::new());
        for seed in DECAY_REPORT_DRAWS {
            let data = poly_data(seed);
            let theta = decay_fit(&poly_quadratic(&data), mu, decoupled);
            train.push(train_error(&data, &theta));
            test.push(test_error(&theta));
            fits.push(theta);
        }
        DecayRuns {
            mu,
            train,
            test,
            fits,
        }
    }
}

/// The weight-decay experiment: no decay, and each method at its own best
/// `μ`, on the report draws; and the demonstration on the first draw.
#[derive(Debug, Clone, PartialEq)]
pub struct Decay {
    /// No decay at all (`μ = 0`, where the two rules are one).
    pub none: DecayRuns,
    /// Adam with an L2 penalty at its best `μ`.
    pub l2: DecayRuns,
    /// AdamW at its best `μ`.
    pub adamw: DecayRuns,
    /// Adam with an L2 penalty [`DECAY_SHOWN`] on the first draw.
    pub shown_l2: DecayFit,
    /// AdamW with [`DECAY_SHOWN`] on the first draw.
    pub shown_adamw: DecayFit,
}

/// A demonstration fit on the first draw.
#[derive(Debug, Clone, PartialEq)]
pub struct DecayFit {
    /// The coefficients after [`DECAY_STEPS`] steps.
    pub theta: Vec<f64>,
    /// The distance to the ridge solution of the same `μ`.
    pub to_ridge: f64,
    /// After [`DECAY_PROBE`] steps (Adam with the penalty only): the largest
    /// and smallest `1/(√v̂ᵢ + δ)` over the coefficients, the factor the L2
    /// pull on coefficient `i` is multiplied by.
    pub spread: (f64, f64),
}

/// The first draw: the one the demonstration uses.
pub fn first_draw() -> DataSet {
    poly_data(*DECAY_TUNING_DRAWS.start())
}

/// Fit the first draw with `μ` = [`DECAY_SHOWN`], as a penalty or decoupled.
pub fn shown_fit(decoupled: bool) -> DecayFit {
    let q = poly_quadratic(&first_draw());
    let mut spread = (f64::NAN, f64::NAN);
    if !decoupled {
        let mut rule = Adam {
            weight_decay: DECAY_SHOWN,
            ..Adam::new(DECAY_ETA)
        };
        let mut theta = vec![0.0; q.c.len()];
        rule.start(theta.len());
        for _ in 0..DECAY_PROBE {
            let g = q.gradient(&theta);
            rule.step(&mut theta, &g);
        }
        let correction = 1.0 - rule.beta2.powi(DECAY_PROBE as i32);
        let factors: Vec<f64> = rule
            .v
            .iter()
            .map(|v| 1.0 / ((v / correction).sqrt() + rule.delta))
            .collect();
        spread = (
            factors.iter().fold(0.0_f64, |m, f| m.max(*f)),
            factors.iter().fold(f64::INFINITY, |m, f| m.min(*f)),
        );
    }
    let theta = decay_fit(&q, DECAY_SHOWN, decoupled);
    let r = ridge(&q, DECAY_SHOWN);
    let to_ridge = theta
        .iter()
        .zip(&r)
        .map(|(a, b)| (a - b) * (a - b))
        .sum::<f64>()
        .sqrt();
    DecayFit {
        theta,
        to_ridge,
        spread,
    }
}

/// Run the weight-decay experiment at the stored best strengths.
pub fn decay() -> Decay {
    Decay {
        none: DecayRuns::new(0.0, false),
        l2: DecayRuns::new(strength(DECAY_TUNED.0), false),
        adamw: DecayRuns::new(strength(DECAY_TUNED.1), true),
        shown_l2: shown_fit(false),
        shown_adamw: shown_fit(true),
    }
}

/// Whether a walk ended by diverging.
pub fn diverged(run: &Trajectory) -> Option<usize> {
    match run.outcome {
        Outcome::Diverged { step, .. } => Some(step),
        _ => None,
    }
}
