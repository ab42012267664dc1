//! Moving and stretching the inputs: centring and standardising features.
//!
//! A linear model does not care where its inputs' zero is or what unit they
//! are in: the line `ŷ = w·x + b` in millimetres is the line
//! `ŷ = (1000·w)·x′ + b` in metres. Gradient descent cares a great deal,
//! because the landscape it walks on is made of the inputs (chapter 4).
//! A [`FeatureScaling`] replaces each feature `xⱼ` by
//!
//! ```text
//! x̃ⱼ = (xⱼ − shiftⱼ) / scaleⱼ,
//! ```
//!
//! and maps a model fitted on `x̃` back to the same predictions in `x`:
//!
//! ```text
//! ŷ = Σⱼ w̃ⱼ·x̃ⱼ + b′ = Σⱼ (w̃ⱼ/scaleⱼ)·xⱼ + (b′ − Σⱼ w̃ⱼ·shiftⱼ/scaleⱼ).
//! ```
//!
//! *Centring* subtracts each feature's mean; *standardising* also divides by
//! its standard deviation, taken with `1/n` (the population form), so that
//! every standardised feature has mean 0 and mean square exactly 1. (With
//! the sample form `1/(n − 1)` the mean square would be `(n − 1)/n`.)

use crate::data::{DataSet, Features, Sample};

/// An affine change of each feature, `x̃ⱼ = (xⱼ − shiftⱼ)/scaleⱼ`.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureScaling {
    /// What is subtracted from each feature (its mean, or 0).
    pub shift: Vec<f64>,
    /// What each feature is then divided by (its standard deviation, or 1).
    pub scale: Vec<f64>,
}

/// The mean and the population standard deviation `√(mean (x − x̄)²)` of
/// each feature of `data`.
pub fn feature_moments<X: Features>(data: &DataSet<X>) -> (Vec<f64>, Vec<f64>) {
    assert!(!data.is_empty(), "moments of an empty data set");
    let d = data.samples[0].x.as_slice().len();
    let n = data.len() as f64;
    let mut mean = vec![0.0; d];
    for s in &data.samples {
        for (m, x) in mean.iter_mut().zip(s.x.as_slice()) {
            *m += x / n;
        }
    }
    let mut variance = vec![0.0; d];
    for s in &data.samples {
        for j in 0..d {
            let deviation = s.x.as_slice()[j] - mean[j];
            variance[j] += deviation * deviation / n;
        }
    }
    (mean, variance.iter().map(|v| v.sqrt()).collect())
}

impl FeatureScaling {
    /// No change at all, for `d` features.
    pub fn identity(d: usize) -> Self {
        FeatureScaling {
            shift: vec![0.0; d],
            scale: vec![1.0; d],
        }
    }

    /// Subtract each feature's mean.
    pub fn centring<X: Features>(data: &DataSet<X>) -> Self {
        let (mean, sd) = feature_moments(data);
        FeatureScaling {
            shift: mean,
            scale: vec![1.0; sd.len()],
        }
    }

    /// Subtract each feature's mean and divide by its standard deviation.
    /// `None` when a feature is the same in every sample (a standard
    /// deviation of 0 leaves nothing to divide by), or varies so little that
    /// its variance underflows to 0.
    ///
    /// "The same in every sample" is decided on the values themselves, as
    /// `line::least_squares` does: a computed standard deviation is no test.
    /// Ten `x = 0.7` have a computed mean of `0.6999999999999998`, so their
    /// computed standard deviation is about `10⁻¹⁶`, not 0, and dividing by
    /// it would turn every one of them into `x̃ = 2`.
    pub fn standardising<X: Features>(data: &DataSet<X>) -> Option<Self> {
        let first = data.samples.first()?.x.as_slice();
        for (j, value) in first.iter().enumerate() {
            if data.samples.iter().all(|s| s.x.as_slice()[j] == *value) {
                return None;
            }
        }
        let (mean, sd) = feature_moments(data);
        if sd.contains(&0.0) {
            return None;
        }
        Some(FeatureScaling {
            shift: mean,
            scale: sd,
        })
    }

    /// The scaled features `x̃ⱼ = (xⱼ − shiftⱼ)/scaleⱼ` of one sample.
    pub fn apply(&self, x: &[f64]) -> Vec<f64> {
        assert_eq!(x.len(), self.shift.len(), "one shift per feature");
        let mut z = Vec::with_capacity(x.len());
        for ((xj, shift), scale) in x.iter().zip(&self.shift).zip(&self.scale) {
            z.push((xj - shift) / scale);
        }
        z
    }

    /// The data set with every sample's features scaled; targets unchanged.
    pub fn apply_to<X: Features>(&self, data: &DataSet<X>) -> DataSet<Vec<f64>> {
        DataSet::new(
            data.samples
                .iter()
                .map(|s| Sample {
                    x: self.apply(s.x.as_slice()),
                    y: s.y,
                })
                .collect(),
        )
    }

    /// The same for a data set of one feature, which stays one feature.
    pub fn apply_to_one(&self, data: &DataSet) -> DataSet {
        assert_eq!(self.shift.len(), 1, "a scaling of one feature");
        DataSet::new(
            data.samples
                .iter()
                .map(|s| Sample {
                    x: (s.x - self.shift[0]) / self.scale[0],
                    y: s.y,
                })
                .collect(),
        )
    }

    /// A linear model fitted on the scaled features, with `weights` `w̃ⱼ` and
    /// intercept `b′`, as the weights and intercept of the same predictions
    /// in the original units: `wⱼ = w̃ⱼ/scaleⱼ`, `b = b′ − Σⱼ w̃ⱼ·shiftⱼ/scaleⱼ`.
    pub fn to_original(&self, weights: &[f64], intercept: f64) -> (Vec<f64>, f64) {
        assert_eq!(weights.len(), self.shift.len(), "one weight per feature");
        let mut raw = Vec::with_capacity(weights.len());
        let mut b = intercept;
        for ((v, shift), scale) in weights.iter().zip(&self.shift).zip(&self.scale) {
            raw.push(v / scale);
            b -= v * shift / scale;
        }
        (raw, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    fn data() -> DataSet<[f64; 2]> {
        DataSet::new(
            (0..7)
                .map(|i| {
                    let t = i as f64;
                    Sample {
                        x: [180.0 + 5.0 * t, 15.0 + (t * 1.3).sin()],
                        y: 3000.0 + 100.0 * t,
                    }
                })
                .collect(),
        )
    }

    #[test]
    fn standardised_features_have_mean_zero_and_mean_square_one() {
        let data = data();
        let scaling = FeatureScaling::standardising(&data).unwrap();
        let z = scaling.apply_to(&data);
        let (mean, sd) = feature_moments(&z);
        for j in 0..2 {
            assert!(mean[j].abs() < 1e-14, "{mean:?}");
            assert_relative_eq!(sd[j], 1.0, max_relative = 1e-14);
            let square = z.samples.iter().map(|s| s.x[j] * s.x[j]).sum::<f64>() / 7.0;
            assert_relative_eq!(square, 1.0, max_relative = 1e-14);
        }
        let centred = FeatureScaling::centring(&data).apply_to(&data);
        assert!(feature_moments(&centred).0[0].abs() < 1e-12);
        assert_eq!(
            FeatureScaling::identity(2).apply(&[3.0, 4.0]),
            vec![3.0, 4.0]
        );
    }

    #[test]
    fn a_model_on_scaled_features_maps_back_to_the_same_predictions() {
        let data = data();
        let scaling = FeatureScaling::standardising(&data).unwrap();
        let (v, c) = ([2.5, -40.0], 3200.0);
        let (w, b) = scaling.to_original(&v, c);
        for s in &data.samples {
            let z = scaling.apply(&s.x);
            let scaled = v[0] * z[0] + v[1] * z[1] + c;
            let original = w[0] * s.x[0] + w[1] * s.x[1] + b;
            assert_relative_eq!(scaled, original, max_relative = 1e-13);
        }
    }

    #[test]
    fn a_constant_feature_cannot_be_standardised() {
        let flat = DataSet::new(vec![Sample { x: 2.0, y: 1.0 }, Sample { x: 2.0, y: 3.0 }]);
        assert_eq!(FeatureScaling::standardising(&flat), None);
        let one = FeatureScaling::centring(&flat).apply_to_one(&flat);
        assert_eq!(one.samples[1].x, 0.0);
        // Ten x = 0.7: the computed mean is not 0.7, so the computed standard
        // deviation is not 0 (a test of it would divide by rounding noise);
        // the values themselves say the feature is constant.
        let sevens = DataSet::new(vec![Sample { x: 0.7, y: 1.0 }; 10]);
        let (mean, sd) = feature_moments(&sevens);
        assert_ne!(mean[0], 0.7);
        assert!(sd[0] > 0.0);
        assert_eq!(FeatureScaling::standardising(&sevens), None);
        // A constant second feature is caught too, and a varying one is not.
        let mixed = DataSet::new(vec![
            Sample {
                x: [1.0, 0.7],
                y: 0.0,
            },
            Sample {
                x: [2.0, 0.7],
                y: 0.0,
            },
        ]);
        assert_eq!(FeatureScaling::standardising(&mixed), None);
        let varied = DataSet::new(vec![
            Sample {
                x: [1.0, 0.7],
                y: 0.0,
            },
            Sample {
                x: [2.0, 0.8],
                y: 0.0,
            },
        ]);
        assert!(FeatureScaling::standardising(&varied).is_some());
        // Values so close that the variance underflows: refused, not divided by 0.
        let tiny = DataSet::new(vec![
            Sample { x: 0.0, y: 0.0 },
            Sample { x: 1e-200, y: 0.0 },
        ]);
        assert_eq!(FeatureScaling::standardising(&tiny), None);
    }
}
