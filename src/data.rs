//! Data sets: samples of features and a target, and a seeded generator of
//! noisy ones.
//!
//! A sample is what was measured once: its *features* `x` (one number for a
//! line, several for the penguins of chapter 4) and the *target* `y` the model
//! should predict from them. [`Features`] lets a model read any of these
//! shapes as a slice, so one [`DataSet`] type serves them all; with one
//! feature, `x` is a plain `f64`.
//!
//! A model is fitted to data; to see whether the fit is right we need data
//! whose truth we know. [`DataSet::noisy_line`] draws points on a known line
//! `y = w·x + b` and adds Gaussian noise to each `y`. The generator is
//! `ChaCha8Rng` seeded with a number, so the same seed gives the same points on
//! every machine and every run, and the book's figures never change by chance.

use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Normal};

/// The features of one sample, read as a slice of numbers.
///
/// A single number is one feature; an array or a vector holds several.
pub trait Features {
    /// The features `x₁, …, x_d`.
    fn as_slice(&self) -> &[f64];
}

impl Features for f64 {
    fn as_slice(&self) -> &[f64] {
        std::slice::from_ref(self)
    }
}

impl<const D: usize> Features for [f64; D] {
    fn as_slice(&self) -> &[f64] {
        self
    }
}

impl Features for Vec<f64> {
    fn as_slice(&self) -> &[f64] {
        self
    }
}

/// One observation: the input `x` (one feature by default, any
/// [`Features`] in general) and the value `y` measured there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample<X = f64> {
    /// The input: the sample's features.
    pub x: X,
    /// The measured output, the target.
    pub y: f64,
}

/// How to draw a noisy line: the true line, where the inputs lie, and how
/// much noise is added to each output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NoisyLine {
    /// The true slope `w`.
    pub slope: f64,
    /// The true intercept `b`.
    pub intercept: f64,
    /// The inputs are drawn uniformly from `x_min..x_max`.
    pub x_min: f64,
    /// The upper end of the input range.
    pub x_max: f64,
    /// The standard deviation `σ` of the Gaussian noise added to each `y`.
    pub noise: f64,
    /// How many samples to draw.
    pub count: usize,
}

/// A data set: the samples a model is fitted to.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSet<X = f64> {
    /// The samples, in the order they were drawn.
    pub samples: Vec<Sample<X>>,
}

impl<X> DataSet<X> {
    /// A data set holding `samples`.
    pub fn new(samples: Vec<Sample<X>>) -> Self {
        DataSet { samples }
    }

    /// How many samples there are.
    pub fn len(&self) -> usize {
        self.samples.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }
}

impl DataSet {
    /// Draw `spec.count` samples `yᵢ = w·xᵢ + b + εᵢ`, with `xᵢ` uniform on
    /// `[x_min, x_max)` and `εᵢ ~ Normal(0, σ²)` independent of everything else.
    ///
    /// Each sample takes one uniform draw for `x` and then one normal draw for
    /// the noise, all from `ChaCha8Rng::seed_from_u64(seed)`.
    pub fn noisy_line(spec: &NoisyLine, seed: u64) -> Self {
        assert!(
            spec.x_min < spec.x_max,
            "need x_min < x_max, got {}..{}",
            spec.x_min,
            spec.x_max
        );
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let noise = Normal::new(0.0, spec.noise).expect("the noise level σ is finite and ≥ 0");
        let mut samples = Vec::with_capacity(spec.count);
        for _ in 0..spec.count {
            let x = spec.x_min + (spec.x_max - spec.x_min) * rng.random::<f64>();
            let y = spec.slope * x + spec.intercept + noise.sample(&mut rng);
            samples.push(Sample { x, y });
        }
        DataSet { samples }
    }

    /// The samples as `(x, y)` pairs, ready for a scatter plot.
    pub fn points(&self) -> Vec<(f64, f64)> {
        self.samples.iter().map(|s| (s.x, s.y)).collect()
    }

    /// The smallest and largest `x`.
    pub fn x_range(&self) -> (f64, f64) {
        let mut range = (f64::INFINITY, f64::NEG_INFINITY);
        for s in &self.samples {
            range = (range.0.min(s.x), range.1.max(s.x));
        }
        range
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: NoisyLine = NoisyLine {
        slope: 2.0,
        intercept: 1.0,
        x_min: 0.0,
        x_max: 2.0,
        noise: 0.5,
        count: 2000,
    };

    #[test]
    fn features_of_any_shape_read_as_a_slice() {
        let one = Sample { x: 2.5, y: 1.0 };
        let two = Sample {
            x: [1.0, -3.0],
            y: 0.0,
        };
        let many = Sample {
            x: vec![4.0, 5.0, 6.0],
            y: 2.0,
        };
        assert_eq!(one.x.as_slice(), &[2.5]);
        assert_eq!(two.x.as_slice(), &[1.0, -3.0]);
        assert_eq!(many.x.as_slice(), &[4.0, 5.0, 6.0]);
        assert_eq!(DataSet::new(vec![two, two]).len(), 2);
    }

    #[test]
    fn the_same_seed_gives_the_same_data() {
        assert_eq!(DataSet::noisy_line(&SPEC, 7), DataSet::noisy_line(&SPEC, 7));
        assert_ne!(DataSet::noisy_line(&SPEC, 7), DataSet::noisy_line(&SPEC, 8));
    }

    #[test]
    fn inputs_are_uniform_and_noise_has_the_stated_spread() {
        let data = DataSet::noisy_line(&SPEC, 1);
        assert_eq!(data.len(), 2000);
        let (lo, hi) = data.x_range();
        assert!(0.0 <= lo && hi < 2.0);
        let n = data.len() as f64;
        let mean_x = data.samples.iter().map(|s| s.x).sum::<f64>() / n;
        // Uniform on [0, 2): mean 1, standard error 2/√12/√n ≈ 0.013.
        approx::assert_relative_eq!(mean_x, 1.0, epsilon = 0.05);
        let residuals: Vec<f64> = data.samples.iter().map(|s| s.y - 2.0 * s.x - 1.0).collect();
        let mean = residuals.iter().sum::<f64>() / n;
        let variance = residuals
            .iter()
            .map(|r| (r - mean) * (r - mean))
            .sum::<f64>()
            / n;
        approx::assert_relative_eq!(mean, 0.0, epsilon = 0.05);
        // The sample standard deviation of 2000 normals is within a few percent of σ.
        approx::assert_relative_eq!(variance.sqrt(), 0.5, max_relative = 0.05);
    }
}
