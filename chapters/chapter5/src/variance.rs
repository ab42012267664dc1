//! How noisy a mini-batch gradient is: the exact variance, by formula, by
//! enumerating every possible batch, and by sampling.
//!
//! At a point `θ` the samples' gradients `gᵢ = ∇ℓᵢ(θ)` have the mean
//! `ḡ = ∇L(θ)` and the spread
//!
//! ```text
//! σ_g² = (1/n)·Σᵢ ‖gᵢ − ḡ‖²,
//! ```
//!
//! the mean squared distance of one sample's gradient from the full one. A
//! mini-batch of `B` samples averages `B` of them. Drawn independently (with
//! replacement), the average misses `ḡ` by `σ_g²/B` in mean square; drawn as
//! `B` distinct samples (without replacement), by `σ_g²/B · (n − B)/(n − 1)`,
//! which is zero at `B = n`.

use descent::{Sampler, Sampling, Separable};

// ANCHOR: spread
/// The spread `σ_g² = (1/n)·Σᵢ ‖∇ℓᵢ(θ) − ∇L(θ)‖²` of the samples' gradients
/// at `theta`: the variance of the gradient of one sample drawn at random.
pub fn gradient_spread(objective: &impl Separable, theta: &[f64]) -> f64 {
    let n = objective.sample_count();
    let full = objective.gradient(theta);
    let mut sum = 0.0;
    for i in 0..n {
        let g = objective.sample_gradient(i, theta);
        for j in 0..g.len() {
            sum += (g[j] - full[j]) * (g[j] - full[j]);
        }
    }
    sum / n as f64
}

/// `E‖g − ∇L‖²` for a batch of `b` samples drawn independently, with
/// replacement: `σ_g²/B`.
pub fn variance_with_replacement(spread: f64, b: usize) -> f64 {
    spread / b as f64
}

/// `E‖g − ∇L‖²` for a batch of `b` distinct samples out of `n`, every such
/// batch equally likely: `σ_g²/B · (n − B)/(n − 1)`.
pub fn variance_without_replacement(spread: f64, n: usize, b: usize) -> f64 {
    if n == 1 {
        return 0.0;
    }
    spread / b as f64 * (n - b) as f64 / (n - 1) as f64
}
// ANCHOR_END: spread

/// `‖a − b‖²`.
fn square_distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Every sample's gradient at `theta`, `∇ℓ₁(θ), …, ∇ℓₙ(θ)`. At a fixed point
/// these are fixed vectors, and a mini-batch's gradient is the mean of `B`
/// of them: the experiments below compute them once and then only average.
pub fn sample_gradients(objective: &impl Separable, theta: &[f64]) -> Vec<Vec<f64>> {
    (0..objective.sample_count())
        .map(|i| objective.sample_gradient(i, theta))
        .collect()
}

/// The mean of the gradients `gradients[i]` over the indices `i` in `batch`.
pub fn batch_mean(gradients: &[Vec<f64>], batch: &[usize]) -> Vec<f64> {
    let mut mean = vec![0.0; gradients[0].len()];
    for &i in batch {
        for (m, g) in mean.iter_mut().zip(&gradients[i]) {
            *m += g;
        }
    }
    for m in &mut mean {
        *m /= batch.len() as f64;
    }
    mean
}

/// The mean of all the gradients: the full gradient.
fn full_mean(gradients: &[Vec<f64>]) -> Vec<f64> {
    let all: Vec<usize> = (0..gradients.len()).collect();
    batch_mean(gradients, &all)
}

/// The exact `E‖g − ∇L‖²` with replacement, by visiting every one of the
/// `n^B` ordered batches of the `n` sample gradients (all equally likely).
/// Only for small `n^B`.
pub fn enumerate_with_replacement(gradients: &[Vec<f64>], b: usize) -> f64 {
    let n = gradients.len();
    let full = full_mean(gradients);
    let mut batch = vec![0usize; b];
    let mut sum = 0.0;
    let mut count = 0u64;
    loop {
        sum += square_distance(&batch_mean(gradients, &batch), &full);
        count += 1;
        // The next batch, counting in base n.
        let mut k = 0;
        while k < b && batch[k] == n - 1 {
            batch[k] = 0;
            k += 1;
        }
        if k == b {
            break;
        }
        batch[k] += 1;
    }
    sum / count as f64
}

/// The exact `E‖g − ∇L‖²` without replacement, by visiting every one of
/// the `n choose B` sets of `B` distinct samples (all equally likely).
pub fn enumerate_without_replacement(gradients: &[Vec<f64>], b: usize) -> f64 {
    let n = gradients.len();
    assert!(n < 64, "one bit per sample");
    let full = full_mean(gradients);
    let mut sum = 0.0;
    let mut count = 0u64;
    // Every subset of 0..n is a bit mask; keep those with b members.
    for mask in 0u64..(1u64 << n) {
        if mask.count_ones() as usize != b {
            continue;
        }
        let batch: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
        sum += square_distance(&batch_mean(gradients, &batch), &full);
        count += 1;
    }
    sum / count as f64
}

/// A Monte Carlo estimate: the mean of independent values, and its
/// standard error (the sample standard deviation over the square root of
/// their number).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The sample mean.
    pub mean: f64,
    /// Its standard error.
    pub standard_error: f64,
    /// How many independent values it averages.
    pub draws: usize,
}

impl Estimate {
    /// The mean and standard error of `values`.
    pub fn of(values: &[f64]) -> Self {
        let r = values.len() as f64;
        let mean = values.iter().sum::<f64>() / r;
        let variance = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (r - 1.0);
        Estimate {
            mean,
            standard_error: (variance / r).sqrt(),
            draws: values.len(),
        }
    }

    /// Whether `value` is within `k` standard errors of the mean (or, where
    /// the standard error is zero, within rounding of it).
    pub fn agrees_with(&self, value: f64, k: f64) -> bool {
        let slack = (k * self.standard_error).max(1e-12 * value.abs().max(1e-300));
        (self.mean - value).abs() <= slack
    }
}

/// Estimate `E‖g − ∇L‖²` from batches of the sample `gradients` drawn
/// with [`Sampling::WithReplacement`] or [`Sampling::Epochs`].
///
/// With replacement, every batch is independent of the others: the
/// estimate averages `draws` of them. In epochs the batches of one epoch
/// never share a sample, so they are not independent; each of `draws`
/// epochs contributes the mean over its full batches (every one of them a
/// uniformly random set of `B` distinct samples), and the epochs are
/// independent of each other.
pub fn sampled_variance(
    gradients: &[Vec<f64>],
    sampling: Sampling,
    draws: usize,
    seed: u64,
) -> Estimate {
    let n = gradients.len();
    let full = full_mean(gradients);
    let mut sampler = Sampler::new(sampling, n, seed);
    let mut values = Vec::with_capacity(draws);
    for _ in 0..draws {
        match sampling {
            Sampling::Epochs { batch: b } => {
                let full_batches = n / b;
                let mut sum = 0.0;
                for k in 0..n.div_ceil(b) {
                    let batch = sampler.next_batch();
                    if k < full_batches {
                        sum += square_distance(&batch_mean(gradients, batch), &full);
                    }
                }
                values.push(sum / full_batches as f64);
            }
            _ => {
                let batch = sampler.next_batch();
                values.push(square_distance(&batch_mean(gradients, batch), &full));
            }
        }
    }
    Estimate::of(&values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use descent::Objective;
    use descent::data::{DataSet, Sample};
    use descent::line::MeanSquaredError;

    fn small() -> DataSet {
        DataSet::new(vec![
            Sample { x: -1.0, y: 0.5 },
            Sample { x: 0.0, y: 1.5 },
            Sample { x: 0.5, y: 1.0 },
            Sample { x: 2.0, y: 4.0 },
        ])
    }

    #[test]
    fn enumeration_counts_every_batch() {
        // With B = 1 both ways are "one sample at random": the spread itself.
        let data = small();
        let loss = MeanSquaredError { data: &data };
        let theta = [0.3, -0.2];
        let spread = gradient_spread(&loss, &theta);
        let gradients = sample_gradients(&loss, &theta);
        let with = enumerate_with_replacement(&gradients, 1);
        let without = enumerate_without_replacement(&gradients, 1);
        assert!((with - spread).abs() < 1e-12 * spread);
        assert!((without - spread).abs() < 1e-12 * spread);
        // B = n without replacement is the whole data set: no error at all.
        assert!(enumerate_without_replacement(&gradients, 4) < 1e-28);
        // The mean of all the gradients is the full gradient.
        let full = loss.gradient(&theta);
        let mean = batch_mean(&gradients, &[0, 1, 2, 3]);
        assert!((mean[0] - full[0]).abs() < 1e-15 && (mean[1] - full[1]).abs() < 1e-15);
        assert_eq!(variance_without_replacement(spread, 4, 4), 0.0);
    }

    #[test]
    fn an_estimate_has_the_textbook_standard_error() {
        let e = Estimate::of(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(e.mean, 2.5);
        // Sample variance 5/3, standard error √(5/3/4).
        assert!((e.standard_error - (5.0f64 / 12.0).sqrt()).abs() < 1e-15);
        assert!(e.agrees_with(2.5 + 3.0 * e.standard_error, 3.01));
        assert!(!e.agrees_with(2.5 + 3.0 * e.standard_error, 2.99));
    }
}
