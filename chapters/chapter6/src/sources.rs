//! Three sources of noise: measurement error, a model too simple for the
//! curve (misspecification), and randomness in the thing measured itself.

use descent::data::{DataSet, Sample};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use crate::basis::{Legendre, POINTS, inputs, least_squares, signal};

/// A straight line fitted by least squares to `n` points lying exactly on
/// the signal: what is left over is not noise at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Misspecified {
    /// The noise-free points `(xᵢ, 𝒮(xᵢ))`.
    pub data: DataSet,
    /// The line's parameters in the Legendre basis, `(θ₀, θ₁)`.
    pub theta: Vec<f64>,
}

impl Misspecified {
    /// The line through the chapter's `n` evenly spaced points on the signal.
    pub fn fit() -> Self {
        let data = DataSet::new(
            inputs(POINTS)
                .into_iter()
                .map(|x| Sample { x, y: signal(x) })
                .collect(),
        );
        let theta = least_squares(&Legendre::new(1), &data).expect("two or more distinct inputs");
        Misspecified { data, theta }
    }

    /// The residuals `ŷᵢ − yᵢ`, in the order of the inputs.
    pub fn residuals(&self) -> Vec<f64> {
        let line = Legendre::new(1);
        self.data
            .samples
            .iter()
            .map(|s| line.predict_at(&self.theta, s.x) - s.y)
            .collect()
    }

    /// Their mean square: the "noise" the line sees.
    pub fn mean_square(&self) -> f64 {
        let r = self.residuals();
        r.iter().map(|r| r * r).sum::<f64>() / r.len() as f64
    }

    /// How many neighbouring residuals have opposite signs.
    pub fn sign_changes(&self) -> usize {
        sign_changes(&self.residuals())
    }
}

/// How many neighbours in `values` have opposite signs.
pub fn sign_changes(values: &[f64]) -> usize {
    values.windows(2).filter(|w| w[0] * w[1] < 0.0).count()
}

/// How many atoms the decay experiment starts with.
pub const ATOMS: usize = 1000;
/// The chance that an atom still there decays within one second.
pub const DECAY_CHANCE: f64 = 0.1;
/// How many seconds are counted.
pub const SECONDS: usize = 30;
/// The seed of the decays.
pub const DECAY_SEED: u64 = 1;
/// How many runs of the decay experiment the chapter's tests simulate to
/// check the perfect model's mean error and its scatter.
pub const CHECK_RUNS: u64 = 2000;

// ANCHOR: decay
/// Radioactive decay, second by second: each of `ATOMS` atoms still there
/// decays within the next second with chance `DECAY_CHANCE`, whatever its
/// age. Returns the number of decays counted in each second.
pub fn decays(seed: u64) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut left = ATOMS;
    let mut counts = Vec::with_capacity(SECONDS);
    for _ in 0..SECONDS {
        let mut decayed = 0;
        for _ in 0..left {
            if rng.random::<f64>() < DECAY_CHANCE {
                decayed += 1;
            }
        }
        counts.push(decayed);
        left -= decayed;
    }
    counts
}

/// The expected count in second `j` (from 0), and its variance: an atom
/// decays in second `j` if it survives `j` seconds and then decays, with
/// chance `qⱼ = (1 − DECAY_CHANCE)ʲ·DECAY_CHANCE`, so the count is binomial,
/// with mean `ATOMS·qⱼ` and variance `ATOMS·qⱼ·(1 − qⱼ)`.
pub fn expected_decays(j: usize) -> (f64, f64) {
    let q = (1.0 - DECAY_CHANCE).powi(j as i32) * DECAY_CHANCE;
    let n = ATOMS as f64;
    (n * q, n * q * (1.0 - q))
}
// ANCHOR_END: decay

/// The decay experiment: the counts, and how far they are from the perfect
/// model, their expected values.
#[derive(Debug, Clone, PartialEq)]
pub struct Decay {
    /// Decays counted in each second.
    pub counts: Vec<usize>,
}

impl Decay {
    /// Count the decays of the book's seed.
    pub fn run() -> Self {
        Decay {
            counts: decays(DECAY_SEED),
        }
    }

    /// The mean squared error of the perfect model, the expected counts.
    pub fn perfect_model_error(&self) -> f64 {
        let mut sum = 0.0;
        for (j, c) in self.counts.iter().enumerate() {
            let r = *c as f64 - expected_decays(j).0;
            sum += r * r;
        }
        sum / self.counts.len() as f64
    }

    /// What that error is on average: the mean of the counts' variances.
    pub fn expected_error(&self) -> f64 {
        (0..self.counts.len())
            .map(|j| expected_decays(j).1)
            .sum::<f64>()
            / self.counts.len() as f64
    }

    /// How much that error scatters from one run to the next: the standard
    /// deviation of `(1/T)·Σⱼ (cⱼ − N·qⱼ)²` over the `T` seconds.
    ///
    /// The counts come from one multinomial draw (each atom decays in at
    /// most one second), so the seconds are not independent. For one atom,
    /// write `aⱼ = [it decays in second j] − qⱼ`; the counts' deviations are
    /// sums of `N` independent copies, and for such sums
    /// `Cov((cⱼ − mⱼ)², (cₖ − mₖ)²) = N·κⱼₖ + 2N²·(E aⱼaₖ)²` with the joint
    /// cumulant `κⱼₖ = E aⱼ²aₖ² − E aⱼ²·E aₖ² − 2·(E aⱼaₖ)²` of one atom
    /// (for `j = k` this is the binomial's `μ₄ − v²`).
    pub fn error_sd(&self) -> f64 {
        let n = ATOMS as f64;
        let seconds = self.counts.len();
        let q: Vec<f64> = (0..seconds)
            .map(|j| (1.0 - DECAY_CHANCE).powi(j as i32) * DECAY_CHANCE)
            .collect();
        // One atom's outcomes: decay in second m (chance q[m]), or not at all.
        let survive = 1.0 - q.iter().sum::<f64>();
        let mean = |f: &dyn Fn(Option<usize>) -> f64| {
            (0..seconds).map(|m| q[m] * f(Some(m))).sum::<f64>() + survive * f(None)
        };
        let a = |j: usize, outcome: Option<usize>| f64::from(u8::from(outcome == Some(j))) - q[j];
        let mut variance = 0.0;
        for j in 0..seconds {
            for k in 0..seconds {
                let ab = mean(&|o| a(j, o) * a(k, o));
                let aabb = mean(&|o| a(j, o).powi(2) * a(k, o).powi(2));
                let aa = mean(&|o| a(j, o).powi(2));
                let bb = mean(&|o| a(k, o).powi(2));
                let cumulant = aabb - aa * bb - 2.0 * ab * ab;
                variance += n * cumulant + 2.0 * n * n * ab * ab;
            }
        }
        variance.sqrt() / seconds as f64
    }
}
