//! Which samples each step's gradient is averaged over.
//!
//! Full-batch gradient descent averages the gradient over every sample before
//! each step. Stochastic gradient descent (SGD) steps on the gradient of one
//! sample, or the mean over a small *mini-batch*: an estimate of the full
//! gradient that is right on average and wrong in every single draw, at a
//! fraction of the cost. There are two common ways to pick the samples, and
//! [`Sampling`] names them; a [`Sampler`] draws them from a seeded
//! `ChaCha8Rng`, so a run is the same on every machine.

use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use crate::objective::Separable;

/// Which samples each step looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sampling {
    /// Every step uses every sample: the full gradient.
    Full,
    /// Each step draws `batch` samples uniformly at random, each
    /// independently of all the others (with replacement). This is the
    /// textbook model that the theory of stochastic approximation describes.
    WithReplacement {
        /// The mini-batch size `B`; 1 is SGD proper.
        batch: usize,
    },
    /// Passes over the data (*epochs*): each pass shuffles the samples and
    /// cuts them into batches of `batch`, the last one smaller when `batch`
    /// does not divide `n`. Every sample is used exactly once per epoch.
    Epochs {
        /// The mini-batch size `B`.
        batch: usize,
    },
}

/// Hands out the sample indices of each step's batch according to a
/// [`Sampling`], from a `ChaCha8Rng` seeded with `seed`.
#[derive(Debug)]
pub struct Sampler {
    sampling: Sampling,
    n: usize,
    rng: ChaCha8Rng,
    order: Vec<usize>,
    next: usize,
    batch: Vec<usize>,
}

impl Sampler {
    /// A sampler over `n` samples.
    ///
    /// # Panics
    /// If `n` is 0 or a batch size is 0.
    pub fn new(sampling: Sampling, n: usize, seed: u64) -> Self {
        assert!(n >= 1, "there must be at least one sample");
        if let Sampling::WithReplacement { batch } | Sampling::Epochs { batch } = sampling {
            assert!(batch >= 1, "a batch holds at least one sample");
        }
        Sampler {
            sampling,
            n,
            rng: ChaCha8Rng::seed_from_u64(seed),
            order: (0..n).collect(),
            next: n,
            batch: Vec::new(),
        }
    }

    /// The sampling rule.
    pub fn sampling(&self) -> Sampling {
        self.sampling
    }

    /// The indices of the next step's batch (all `n` of them, in order, for
    /// [`Sampling::Full`]).
    pub fn next_batch(&mut self) -> &[usize] {
        self.batch.clear();
        match self.sampling {
            Sampling::Full => self.batch.extend(0..self.n),
            Sampling::WithReplacement { batch } => {
                for _ in 0..batch {
                    self.batch.push(self.rng.random_range(0..self.n));
                }
            }
            Sampling::Epochs { batch } => {
                if self.next == self.n {
                    self.order.shuffle(&mut self.rng);
                    self.next = 0;
                }
                let end = (self.next + batch).min(self.n);
                self.batch.extend_from_slice(&self.order[self.next..end]);
                self.next = end;
            }
        }
        &self.batch
    }
}

// ANCHOR: batch_gradient
/// The mean of the samples' gradients over `batch`: for a batch drawn at
/// random, an unbiased estimate of the full gradient `∇f(x)`.
pub fn batch_gradient(objective: &impl Separable, batch: &[usize], x: &[f64]) -> Vec<f64> {
    let mut g = vec![0.0; x.len()];
    for &i in batch {
        let gi = objective.sample_gradient(i, x);
        for j in 0..g.len() {
            g[j] += gi[j];
        }
    }
    for gj in &mut g {
        *gj /= batch.len() as f64;
    }
    g
}
// ANCHOR_END: batch_gradient

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epochs_use_every_sample_once_and_end_with_a_short_batch() {
        let mut sampler = Sampler::new(Sampling::Epochs { batch: 3 }, 7, 3);
        for _ in 0..4 {
            let mut epoch = Vec::new();
            let mut sizes = Vec::new();
            while epoch.len() < 7 {
                let batch = sampler.next_batch();
                sizes.push(batch.len());
                epoch.extend_from_slice(batch);
            }
            assert_eq!(sizes, vec![3, 3, 1]);
            epoch.sort();
            assert_eq!(epoch, (0..7).collect::<Vec<_>>());
        }
    }

    #[test]
    fn draws_with_replacement_are_uniform_and_seeded() {
        let mut sampler = Sampler::new(Sampling::WithReplacement { batch: 4 }, 5, 11);
        let mut counts = [0usize; 5];
        for _ in 0..5000 {
            let batch = sampler.next_batch();
            assert_eq!(batch.len(), 4);
            for &i in batch {
                counts[i] += 1;
            }
        }
        // 20 000 draws, 4000 expected per index, standard deviation √(20000·0.2·0.8) ≈ 57.
        for count in counts {
            assert!((count as f64 - 4000.0).abs() < 5.0 * 57.0, "{counts:?}");
        }
        let mut again = Sampler::new(Sampling::WithReplacement { batch: 4 }, 5, 11);
        let mut first = Sampler::new(Sampling::WithReplacement { batch: 4 }, 5, 11);
        assert_eq!(again.next_batch(), first.next_batch());
        assert_eq!(Sampler::new(Sampling::Full, 3, 0).next_batch(), &[0, 1, 2]);
    }
}
