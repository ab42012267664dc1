//! Noise that escapes: noisy gradient descent started in the double well's
//! shallow minimum, run many times for every noise scale.

use descent::landscape::DoubleWell;
use descent::{NoisyGradientDescent, Optimizer};

/// The learning rate of the noisy walks.
pub const ETA: f64 = 0.1;
/// The number of steps `T` of each walk.
pub const STEPS: usize = 200;
/// The number of walks `N` for each noise scale.
pub const RUNS: usize = 300;
/// The noise levels `σ_g` of the experiment.
pub const SCALES: [f64; 7] = [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0];
/// The seed of the experiment.
pub const SEED: u64 = 7;
/// A walk that gets this far from the wells has been thrown out of the
/// landscape: past `|θ| = √(2/η)` a step of gradient descent overshoots
/// further than it started, so it is counted as diverged.
pub const THROWN_OUT: f64 = 10.0;

/// How one noisy walk went.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Walk {
    /// Whether it got over the top of the hill, `θ > 0`, at some step.
    pub escaped: bool,
    /// Where it was after the last step (meaningless if it diverged).
    pub end: f64,
    /// Whether it was thrown out of the landscape.
    pub diverged: bool,
}

// ANCHOR: noisy_walk
/// One walk of noisy gradient descent on the double well from the shallow
/// minimum: `steps` steps of `θ ← θ − η·(f′(θ) + ξ)`, with `ξ` a fresh
/// normal draw of mean 0 and standard deviation `σ_g` (`sigma`) at every
/// step, watching whether it ever gets over the hilltop at `θ = 0`.
pub fn noisy_walk(eta: f64, sigma: f64, steps: usize, seed: u64) -> Walk {
    let f = DoubleWell;
    let mut optimizer = NoisyGradientDescent::new(eta, sigma, seed);
    optimizer.start(1);
    let mut theta = [DoubleWell::SHALLOW];
    let mut escaped = false;
    for _ in 0..steps {
        let gradient = [f.slope(theta[0])];
        optimizer.step(&mut theta, &gradient);
        escaped |= theta[0] > DoubleWell::TOP;
        if theta[0].is_nan() || theta[0].abs() >= THROWN_OUT {
            return Walk {
                escaped,
                end: theta[0],
                diverged: true,
            };
        }
    }
    Walk {
        escaped,
        end: theta[0],
        diverged: false,
    }
}
// ANCHOR_END: noisy_walk

/// The seed of walk `i` at noise level number `k`: every walk draws its own
/// noise.
pub fn walk_seed(seed: u64, k: usize, i: usize) -> u64 {
    seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(((k as u64) << 32) | i as u64)
}

/// What `N` walks at one noise level did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// The noise's standard deviation `σ_g`.
    pub sigma: f64,
    /// The number of walks `N`.
    pub runs: usize,
    /// How many got over the hilltop.
    pub escaped: usize,
    /// How many were thrown out.
    pub diverged: usize,
    /// The mean of `f(θ_T) − f(2)` over the walks that were not thrown out:
    /// how far above the deep minimum they ended.
    pub excess: f64,
    /// The standard error of that mean.
    pub excess_error: f64,
}

impl Scale {
    /// The estimated probability of escape, `P̂ = escaped / N`.
    pub fn probability(&self) -> f64 {
        self.escaped as f64 / self.runs as f64
    }

    /// Its standard error `√(P̂(1 − P̂)/N)`.
    pub fn probability_error(&self) -> f64 {
        let p = self.probability();
        (p * (1.0 - p) / self.runs as f64).sqrt()
    }

    /// The 95% confidence interval of the probability: the Wilson score
    /// interval, which stays inside `[0, 1]` and is not empty when `P̂` is 0
    /// or 1.
    pub fn interval(&self) -> (f64, f64) {
        wilson(self.escaped, self.runs)
    }
}

/// The Wilson score interval for `successes` out of `n` at 95%
/// (`z = 1.96`).
pub fn wilson(successes: usize, n: usize) -> (f64, f64) {
    let z = 1.959_963_984_540_054;
    let n = n as f64;
    let p = successes as f64 / n;
    let denominator = 1.0 + z * z / n;
    let centre = (p + z * z / (2.0 * n)) / denominator;
    let half = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt() / denominator;
    // At 0 or n successes the bound is exactly 0 or 1, whatever the rounding.
    let low = if successes == 0 { 0.0 } else { centre - half };
    let high = if successes as f64 == n {
        1.0
    } else {
        centre + half
    };
    (low, high)
}

/// Run `runs` walks of `steps` steps at noise level `σ_g` (`sigma`, level
/// number `k` of the experiment, for the seeds).
pub fn scale(eta: f64, sigma: f64, steps: usize, runs: usize, seed: u64, k: usize) -> Scale {
    let f = DoubleWell;
    let bottom = f.at(DoubleWell::DEEP);
    let mut escaped = 0;
    let mut diverged = 0;
    let mut excesses = Vec::with_capacity(runs);
    for i in 0..runs {
        let walk = noisy_walk(eta, sigma, steps, walk_seed(seed, k, i));
        escaped += walk.escaped as usize;
        if walk.diverged {
            diverged += 1;
        } else {
            excesses.push(f.at(walk.end) - bottom);
        }
    }
    let (excess, excess_error) = if excesses.len() >= 2 {
        crate::saddle::mean_and_standard_error(&excesses)
    } else {
        (f64::NAN, f64::NAN)
    };
    Scale {
        sigma,
        runs,
        escaped,
        diverged,
        excess,
        excess_error,
    }
}

/// The book's experiment: every level of [`SCALES`].
pub fn experiment() -> Vec<Scale> {
    SCALES
        .iter()
        .enumerate()
        .map(|(k, &sigma)| scale(ETA, sigma, STEPS, RUNS, SEED, k))
        .collect()
}

/// The height of the hill seen from the shallow well, `f(0) − f(−1) = 5/12`.
pub fn barrier() -> f64 {
    DoubleWell.at(DoubleWell::TOP) - DoubleWell.at(DoubleWell::SHALLOW)
}

/// The temperature of noisy descent, `ησ_g²/2`: for small steps the walk's
/// density settles towards `e^(−f(θ)/temperature)`, which in a bowl of
/// curvature `a` has variance `ησ_g²/(2a)`, the small-`η` form of chapter
/// 5's noise floor.
pub fn temperature(eta: f64, sigma: f64) -> f64 {
    eta * sigma * sigma / 2.0
}

/// Kramers' estimate of the probability that noisy descent from the shallow
/// minimum gets over the hill within `steps` steps.
///
/// With small steps the walk is a particle in the landscape at the
/// temperature `ησ_g²/2`, and each step lasts a time `η`. It leaves the
/// well at the rate `√(f″(−1)·|f″(0)|)/(2π) · e^(−barrier/temperature)`, so
/// it is still inside after `steps` steps with probability
/// `e^(−rate·η·steps)`.
pub fn kramers(eta: f64, sigma: f64, steps: usize) -> f64 {
    let f = DoubleWell;
    let prefactor = (f.curvature(DoubleWell::SHALLOW) * f.curvature(DoubleWell::TOP).abs()).sqrt()
        / std::f64::consts::TAU;
    let rate = prefactor * (-barrier() / temperature(eta, sigma)).exp();
    -(-rate * eta * steps as f64).exp_m1()
}

/// How far above the bottom of the shallow well a walk that stays there
/// sits on average: the well is nearly the bowl `(a/2)(θ + 1)²` with
/// `a = f″(−1) = 3`, and chapter 5's noise floor (5.4) puts `E[(θ + 1)²]`
/// at `ησ_g²/(a(2 − ηa))`, so the mean height is `a/2` times that.
pub fn shallow_jitter(eta: f64, sigma: f64) -> f64 {
    let a = DoubleWell.curvature(DoubleWell::SHALLOW);
    0.5 * a * eta * sigma * sigma / (a * (2.0 - eta * a))
}
