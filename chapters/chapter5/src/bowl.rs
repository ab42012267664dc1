//! The noisy bowl: chapter 2's parabola, walked down with gradients that are
//! right on average and wrong by a known amount at every step.
//!
//! The bowl is the mean of `n` parabolas of the same curvature `a` whose
//! bottoms `cᵢ` sit around 0:
//!
//! ```text
//! f(x) = (1/n)·Σᵢ ½·a·(x − cᵢ)²,      ∇f(x) = a·x   (the cᵢ average to 0).
//! ```
//!
//! Sample `i`'s gradient is `a·(x − cᵢ) = a·x − a·cᵢ`: the true gradient plus
//! a noise `−a·cᵢ` of mean zero and variance `σ_g² = a²·mean(cᵢ²)`, the same
//! wherever `x` is. So stochastic descent on it is exactly the model of the
//! chapter's noise floor: `xₜ₊₁ = (1 − ηa)·xₜ + η·ξₜ` with `ξₜ` of mean 0
//! and variance `σ_g²`, independent from step to step when the samples are
//! drawn with replacement.

use descent::{
    Objective, Parabola, Sampler, Sampling, Schedule, Separable, Sgd, StoppingRules, Trajectory,
    descend, descend_sampled,
};

use crate::variance::Estimate;

/// The mean of `n` parabolas `½·a·(x − cᵢ)²` with bottoms `cᵢ` of mean 0.
#[derive(Debug, Clone, PartialEq)]
pub struct NoisyBowl {
    /// The curvature `a` of every parabola, and of their mean.
    pub curvature: f64,
    /// The bottoms `cᵢ`.
    pub centres: Vec<f64>,
}

impl NoisyBowl {
    /// `n ≥ 2` parabolas of curvature `a` with evenly spaced bottoms, of
    /// mean 0 and spread such that one sample's gradient has variance
    /// `sigma2` (`σ_g²`) around the true one.
    pub fn new(curvature: f64, sigma2: f64, n: usize) -> Self {
        assert!(n >= 2, "two bottoms at least, or there is no noise");
        // The offsets 2i + 1 − n have mean 0 and mean square (n² − 1)/3.
        let n_f = n as f64;
        let scale = (3.0 * sigma2 / (curvature * curvature * (n_f * n_f - 1.0))).sqrt();
        let centres = (0..n)
            .map(|i| scale * (2.0 * i as f64 + 1.0 - n_f))
            .collect();
        NoisyBowl { curvature, centres }
    }

    /// The variance `σ_g² = a²·mean(cᵢ²)` of one sample's gradient.
    pub fn sigma2(&self) -> f64 {
        let n = self.centres.len() as f64;
        let a = self.curvature;
        a * a * self.centres.iter().map(|c| c * c).sum::<f64>() / n
    }
}

impl Objective for NoisyBowl {
    fn dimension(&self) -> usize {
        1
    }

    fn value(&self, x: &[f64]) -> f64 {
        let mut sum = 0.0;
        for c in &self.centres {
            sum += 0.5 * self.curvature * (x[0] - c) * (x[0] - c);
        }
        sum / self.centres.len() as f64
    }

    fn gradient(&self, x: &[f64]) -> Vec<f64> {
        let mut sum = 0.0;
        for c in &self.centres {
            sum += self.curvature * (x[0] - c);
        }
        vec![sum / self.centres.len() as f64]
    }

    fn sample_count(&self) -> usize {
        self.centres.len()
    }
}

impl Separable for NoisyBowl {
    fn sample_gradient(&self, i: usize, x: &[f64]) -> Vec<f64> {
        vec![self.curvature * (x[0] - self.centres[i])]
    }
}

// ANCHOR: floor
/// The noise floor of a constant rate: the limit of `E[xₜ²]` for
/// `xₜ₊₁ = (1 − ηa)·xₜ + η·ξₜ` with independent noise of variance `σ_g²`,
///
/// ```text
/// E[x²] → η·σ_g² / (a·(2 − η·a)),
/// ```
///
/// or infinity when `η·a ≥ 2`, where the walk itself is unstable.
pub fn noise_floor(eta: f64, a: f64, sigma2: f64) -> f64 {
    if eta * a >= 2.0 {
        return f64::INFINITY;
    }
    eta * sigma2 / (a * (2.0 - eta * a))
}

/// `E[xₜ²]` for `t = 0, …, steps`, exactly, for any schedule: square the
/// step, `E[xₜ₊₁²] = (1 − ηₜa)²·E[xₜ²] + ηₜ²·σ_g²` (the cross term
/// averages to zero because the noise has mean zero and is new at every
/// step).
pub fn expected_square(
    schedule: &Schedule,
    a: f64,
    sigma2: f64,
    x0: f64,
    steps: usize,
) -> Vec<f64> {
    let mut m = x0 * x0;
    let mut out = Vec::with_capacity(steps + 1);
    out.push(m);
    for t in 0..steps {
        let eta = schedule.rate(t);
        m = (1.0 - eta * a).powi(2) * m + eta * eta * sigma2;
        out.push(m);
    }
    out
}
// ANCHOR_END: floor

/// The stationary `E[x²]` at the ends of epochs, when every epoch visits the
/// `n` samples once each in a fresh random order (batch 1, constant `η`).
///
/// Over one epoch `x ← ρⁿ·x + η·a·Σⱼ ρⁿ⁻¹⁻ʲ·c_π(j)` with `ρ = 1 − ηa` and `π`
/// the epoch's order. The weights `ωⱼ = ρⁿ⁻¹⁻ʲ` differ, but only a little
/// when `ηn` is small, and the `cᵢ` sum to zero: most of the noise cancels
/// within the epoch. A random order's weighted sum has variance
/// `mean(c²)·n/(n − 1)·Σⱼ (ωⱼ − ω̄)²`, so at the epochs' ends
/// `E[x²] → η²·a²·that / (1 − ρ²ⁿ)`.
pub fn shuffled_floor(bowl: &NoisyBowl, eta: f64) -> f64 {
    let n = bowl.centres.len();
    let a = bowl.curvature;
    let rho = 1.0 - eta * a;
    let weights: Vec<f64> = (0..n).map(|j| rho.powi((n - 1 - j) as i32)).collect();
    let mean = weights.iter().sum::<f64>() / n as f64;
    let spread: f64 = weights.iter().map(|w| (w - mean) * (w - mean)).sum();
    let mean_square = bowl.sigma2() / (a * a);
    let variance = mean_square * n as f64 / (n as f64 - 1.0) * spread;
    eta * eta * a * a * variance / (1.0 - rho.powi(2 * n as i32))
}

/// The variance of `Σⱼ ωⱼ·c_π(j)` over the first `t = weights.len()` places
/// of a uniformly random order `π` of the bowl's `n` bottoms: `t` draws
/// without replacement from values of mean 0 and mean square `mean(c²)`,
/// so every cross term is `−mean(c²)/(n − 1)` and the variance is
/// `mean(c²)·(n/(n − 1)·Σ ωⱼ² − (Σ ωⱼ)²/(n − 1))`.
fn weighted_draws_variance(bowl: &NoisyBowl, weights: &[f64]) -> f64 {
    let n = bowl.centres.len() as f64;
    let a = bowl.curvature;
    let mean_square = bowl.sigma2() / (a * a);
    let sum: f64 = weights.iter().sum();
    let squares: f64 = weights.iter().map(|w| w * w).sum();
    mean_square * (n / (n - 1.0) * squares - sum * sum / (n - 1.0))
}

/// The stationary `E[x²]` after each of the `t = 0, 1, …, n` steps of an
/// epoch, with single-point steps in shuffled epochs at the constant rate
/// `eta`: the first and the last entries are [`shuffled_floor`], the level
/// at the epochs' ends.
///
/// After `t` steps of an epoch that starts at `x` (`t` counted from the
/// epoch's start), `x ← (1 − ηa)ᵗ·x + η·a·Σⱼ₍ⱼ₌₀…ₜ₋₁₎ (1 − ηa)ᵗ⁻¹⁻ʲ·c_π(j)`. The start is
/// independent of this epoch's order and the bottoms have mean 0, so the
/// two parts add their mean squares.
pub fn shuffled_profile(bowl: &NoisyBowl, eta: f64) -> Vec<f64> {
    let n = bowl.centres.len();
    let a = bowl.curvature;
    let rho = 1.0 - eta * a;
    let end = shuffled_floor(bowl, eta);
    (0..=n)
        .map(|t| {
            let weights: Vec<f64> = (0..t).map(|j| rho.powi((t - 1 - j) as i32)).collect();
            rho.powi(2 * t as i32) * end
                + eta * eta * a * a * weighted_draws_variance(bowl, &weights)
        })
        .collect()
}

/// The mean of [`shuffled_profile`] over the `n` steps of an epoch: the
/// level shuffled epochs keep on average, to compare with the floor of
/// draws with replacement.
pub fn shuffled_average(bowl: &NoisyBowl, eta: f64) -> f64 {
    let profile = shuffled_profile(bowl, eta);
    profile[1..].iter().sum::<f64>() / (profile.len() - 1) as f64
}

/// Many independent stochastic walks down the bowl: `E[xₜ²]` estimated at
/// every step, and two estimates of where it settles, each with its
/// standard error.
#[derive(Debug, Clone, PartialEq)]
pub struct Ensemble {
    /// The mean of `xₜ²` over the runs, for `t = 0, …, steps`.
    pub mean_square: Vec<f64>,
    /// The mean of `x²` at the last step, with its standard error.
    pub last: Estimate,
    /// The mean over the runs of each run's own average of `xₜ²` over the
    /// steps after `settle`, to the last, with its standard error: once the
    /// walks have reached their floor, every step's `x²` measures it, and
    /// averaging a run over many steps makes the estimate far sharper than
    /// the last step alone. The runs are independent, so the standard error
    /// is the textbook one, over the runs.
    pub settled: Estimate,
}

// ANCHOR: ensemble
/// Walk down `bowl` from `x0` `runs` times, each with its own seeded
/// sampler, and average `xₜ²` over the runs; also average each run's `xₜ²`
/// over its steps after `settle` (`settle < steps`).
#[allow(clippy::too_many_arguments)]
pub fn ensemble(
    bowl: &NoisyBowl,
    sampling: Sampling,
    schedule: Schedule,
    x0: f64,
    steps: usize,
    settle: usize,
    runs: usize,
    seed: u64,
) -> Ensemble {
    let mut sums = vec![0.0; steps + 1];
    let mut last = Vec::with_capacity(runs);
    let mut settled = Vec::with_capacity(runs);
    for run in 0..runs {
        let mut sampler = Sampler::new(sampling, bowl.sample_count(), seed + run as u64);
        let mut sgd = Sgd::new(schedule);
        let rules = StoppingRules::budget(steps);
        let walk = descend_sampled(bowl, &mut sampler, &mut sgd, &[x0], &rules);
        assert_eq!(walk.steps(), steps, "the walk is stable: {}", walk.outcome);
        for (t, p) in walk.points.iter().enumerate() {
            sums[t] += p[0] * p[0];
        }
        last.push(walk.final_point()[0].powi(2));
        let tail = &walk.points[settle + 1..];
        settled.push(tail.iter().map(|p| p[0] * p[0]).sum::<f64>() / tail.len() as f64);
    }
    Ensemble {
        mean_square: sums.iter().map(|s| s / runs as f64).collect(),
        last: Estimate::of(&last),
        settled: Estimate::of(&settled),
    }
}
// ANCHOR_END: ensemble

/// The walk of the mean: full-batch descent on the bowl's mean parabola
/// `½·a·x²` with the learning rates of `schedule`, for `steps` steps. Every
/// stochastic walk averages to this one, since the noise has mean zero.
pub fn mean_walk(a: f64, schedule: Schedule, x0: f64, steps: usize) -> Trajectory {
    let mut sgd = Sgd::new(schedule);
    descend(
        &Parabola::new(a),
        &mut sgd,
        &[x0],
        &StoppingRules::budget(steps),
    )
}

/// Where an exponential decay `ηₜ = η₀·γᵗ` stops on `½·a·x²` from `x0`, in
/// closed form: `x∞ = x₀·Πₜ (1 − a·η₀·γᵗ)`, whose logarithm is
/// `Σₜ ln(1 − a·η₀·γᵗ) = −Σₖ (a·η₀)ᵏ / (k·(1 − γᵏ))` (expand each logarithm
/// and sum over `t` first). Needs `0 ≤ a·η₀ < 1` and `0 ≤ γ < 1`.
pub fn exponential_stop(x0: f64, a: f64, eta0: f64, gamma: f64) -> f64 {
    assert!((0.0..1.0).contains(&(a * eta0)) && (0.0..1.0).contains(&gamma));
    let u = a * eta0;
    let mut log = 0.0;
    let mut power = 1.0;
    for k in 1..10_000 {
        power *= u;
        let term = power / (k as f64 * (1.0 - gamma.powi(k)));
        log -= term;
        if term < 1e-18 * log.abs() {
            break;
        }
    }
    x0 * log.exp()
}

/// Bounds on where a noise-free walk down `½·a·x²` stops when its rates add
/// up to the finite `total` and none exceeds `eta0` (with `a·eta0 < 1`):
/// `(lower, upper)` with `lower ≤ |x∞| ≤ upper`.
///
/// Every step multiplies `x` by `1 − uₜ` with `uₜ = a·ηₜ`. Since
/// `1 − u ≤ e^(−u)`, `|x∞| ≤ |x₀|·e^(−a·Σηₜ)`: the walk gets at least that
/// close. Since `ln(1 − u) ≥ −u/(1 − u) ≥ −u/(1 − a·η₀)` for
/// `0 ≤ u ≤ a·η₀ < 1`, `|x∞| ≥ |x₀|·e^(−a·Σηₜ/(1 − a·η₀))`: it never gets
/// closer than that.
pub fn stop_bounds(x0: f64, a: f64, eta0: f64, total: f64) -> (f64, f64) {
    assert!((0.0..1.0).contains(&(a * eta0)));
    let upper = x0.abs() * (-a * total).exp();
    let lower = x0.abs() * (-a * total / (1.0 - a * eta0)).exp();
    (lower, upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bowl_has_the_stated_noise_and_gradient() {
        let bowl = NoisyBowl::new(2.0, 3.0, 10);
        assert!((bowl.sigma2() - 3.0).abs() < 1e-12);
        assert!(bowl.centres.iter().sum::<f64>().abs() < 1e-12);
        for x in [-1.5, 0.0, 2.0] {
            let check = descent::derivative::check_gradient(&bowl, &[x]);
            assert!(check.passes(1e-8), "{check:?}");
            assert!((bowl.gradient(&[x])[0] - 2.0 * x).abs() < 1e-12);
        }
    }

    #[test]
    fn the_floor_is_the_fixed_point_of_the_recursion() {
        let v = noise_floor(0.2, 1.0, 1.0);
        assert!((v - 0.2 / 1.8).abs() < 1e-15);
        let m = expected_square(&Schedule::Constant { eta: 0.2 }, 1.0, 1.0, 10.0, 400);
        assert!((m[400] - v).abs() < 1e-14 * v.max(1.0));
        assert_eq!(noise_floor(2.0, 1.0, 1.0), f64::INFINITY);
    }

    #[test]
    fn the_exponential_stop_is_the_infinite_product() {
        let mut x = 3.0;
        for t in 0..5000 {
            x *= 1.0 - 0.5 * 0.3 * 0.95f64.powi(t);
        }
        let closed = exponential_stop(3.0, 0.5, 0.3, 0.95);
        assert!((x - closed).abs() < 1e-12 * x, "{x} {closed}");
    }
}
