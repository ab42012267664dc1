//! More than two classes: the softmax, its cross-entropy, and the
//! log-sum-exp trick.
//!
//! With more than two classes a classifier gives each class `k` a logit `z_k`
//! and turns the logits into probabilities with the *softmax*,
//!
//! ```text
//! p_k = e^(z_k) / Σⱼ e^(z_j),
//! ```
//!
//! which are positive and add up to 1. The cross-entropy of the true class
//! `y` is `−ln p_y = ln Σⱼ e^(z_j) − z_y`, and its gradient with respect to
//! the logits is `p − onehot(y)`: the binary rule `p − y` once per class.
//! With two classes and logits `(0, z)` all of this is the logistic function
//! and the binary cross-entropy of [`crate::loss`].
//!
//! `ln Σⱼ e^(z_j)` overflows for logits past about 709 if computed as
//! written; subtracting the largest logit `m` first,
//! `m + ln Σⱼ e^(z_j − m)`, gives the same number with every exponential at
//! most 1 ([`log_sum_exp`]).

use crate::data::{DataSet, Features};
use crate::objective::{Objective, Separable};

// ANCHOR: log_sum_exp
/// `ln Σⱼ e^(z_j)`, computed as `m + ln Σⱼ e^(z_j − m)` with `m = max z`, so
/// that no exponential overflows and the largest term is exactly 1.
pub fn log_sum_exp(z: &[f64]) -> f64 {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    let mut sum = 0.0;
    for zj in z {
        sum += (zj - m).exp();
    }
    m + sum.ln()
}

/// The softmax `p_k = e^(z_k − m) / Σⱼ e^(z_j − m)`: the same as
/// `e^(z_k) / Σⱼ e^(z_j)`, without overflow.
pub fn softmax(z: &[f64]) -> Vec<f64> {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let shifted: Vec<f64> = z.iter().map(|zk| (zk - m).exp()).collect();
    let sum: f64 = shifted.iter().sum();
    shifted.iter().map(|e| e / sum).collect()
}

/// The cross-entropy of class `class` under logits `z`:
/// `−ln p_class = log_sum_exp(z) − z_class`.
pub fn cross_entropy(z: &[f64], class: usize) -> f64 {
    log_sum_exp(z) - z[class]
}

/// The gradient of [`cross_entropy`] with respect to the logits:
/// `softmax(z) − onehot(class)`.
pub fn cross_entropy_slope(z: &[f64], class: usize) -> Vec<f64> {
    let mut slope = softmax(z);
    slope[class] -= 1.0;
    slope
}
// ANCHOR_END: log_sum_exp

/// Multinomial logistic regression: `classes` classes, each with its own
/// weights and intercept, `z_k = w_kᵀx + b_k`, fitted by the mean
/// cross-entropy over `data`, whose targets are class numbers
/// `0, 1, …, classes − 1`.
///
/// The parameters are the classes' `(w_k, b_k)` one after the other:
/// `θ = (w₁₁, …, w₁d, b₁, w₂₁, …)`, `classes·(d + 1)` numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Multinomial<'a, X> {
    /// The number of classes.
    pub classes: usize,
    /// The number of features `d`.
    pub features: usize,
    /// The data: features and a class number as the target.
    pub data: &'a DataSet<X>,
}

impl<X: Features> Multinomial<'_, X> {
    /// The logits `z_k = w_kᵀx + b_k`, one per class, for the features `x`.
    pub fn logits(&self, theta: &[f64], x: &[f64]) -> Vec<f64> {
        let d = self.features;
        (0..self.classes)
            .map(|k| {
                let row = &theta[k * (d + 1)..(k + 1) * (d + 1)];
                let mut z = row[d];
                for j in 0..d {
                    z += row[j] * x[j];
                }
                z
            })
            .collect()
    }

    /// The class with the largest logit (and so the largest probability).
    pub fn predict(&self, theta: &[f64], x: &[f64]) -> usize {
        let z = self.logits(theta, x);
        let mut best = 0;
        for k in 1..z.len() {
            if z[k] > z[best] {
                best = k;
            }
        }
        best
    }

    fn class(&self, i: usize) -> usize {
        let y = self.data.samples[i].y;
        assert!(
            y >= 0.0 && y.fract() == 0.0 && (y as usize) < self.classes,
            "the target of sample {i} must be a class number below {}, got {y}",
            self.classes
        );
        y as usize
    }
}

impl<X: Features> Objective for Multinomial<'_, X> {
    fn dimension(&self) -> usize {
        self.classes * (self.features + 1)
    }

    fn value(&self, theta: &[f64]) -> f64 {
        let mut sum = 0.0;
        for i in 0..self.data.len() {
            let z = self.logits(theta, self.data.samples[i].x.as_slice());
            sum += cross_entropy(&z, self.class(i));
        }
        sum / self.data.len() as f64
    }

    fn gradient(&self, theta: &[f64]) -> Vec<f64> {
        let mut sum = vec![0.0; theta.len()];
        for i in 0..self.data.len() {
            for (s, g) in sum.iter_mut().zip(self.sample_gradient(i, theta)) {
                *s += g;
            }
        }
        let n = self.data.len() as f64;
        sum.iter().map(|s| s / n).collect()
    }

    fn sample_count(&self) -> usize {
        self.data.len()
    }
}

impl<X: Features> Separable for Multinomial<'_, X> {
    /// `∂ℓ/∂w_k = (p_k − [y = k])·x`, `∂ℓ/∂b_k = p_k − [y = k]`.
    fn sample_gradient(&self, i: usize, theta: &[f64]) -> Vec<f64> {
        let x = self.data.samples[i].x.as_slice();
        let slope = cross_entropy_slope(&self.logits(theta, x), self.class(i));
        let d = self.features;
        let mut gradient = Vec::with_capacity(theta.len());
        for sk in slope {
            for xj in &x[..d] {
                gradient.push(sk * xj);
            }
            gradient.push(sk);
        }
        gradient
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Sample;
    use crate::derivative::{central_difference, check_gradient};
    use crate::loss::{CrossEntropy, Loss, sigmoid};

    #[test]
    fn log_sum_exp_never_overflows() {
        assert_eq!(log_sum_exp(&[0.0, 0.0]), 2f64.ln());
        // As written, e^1000 is infinite; shifted, it is exact.
        assert!(f64::exp(1000.0).is_infinite());
        let lse = log_sum_exp(&[1000.0, 1000.0]);
        assert!((lse - (1000.0 + 2f64.ln())).abs() < 1e-12);
        assert_eq!(log_sum_exp(&[-1000.0, 0.0]), 0.0);
        let p = softmax(&[1000.0, 999.0, -1e308]);
        assert!((p[0] - 1.0 / (1.0 + (-1f64).exp())).abs() < 1e-15);
        assert_eq!(p[2], 0.0);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-15);
    }

    #[test]
    fn two_classes_are_the_logistic_function() {
        for z in [-800.0, -3.0, 0.0, 2.197, 40.0, 800.0] {
            let p = softmax(&[0.0, z]);
            assert!((p[1] - sigmoid(z)).abs() < 1e-15, "{z}");
            for y in [0.0, 1.0] {
                let binary = CrossEntropy.value(z, y);
                let two = cross_entropy(&[0.0, z], y as usize);
                assert!((binary - two).abs() <= 1e-12 * binary.max(1.0), "{z} {y}");
            }
        }
    }

    #[test]
    fn the_slope_is_softmax_minus_one_hot() {
        let z = [0.3, -1.2, 2.0, 0.0];
        for class in 0..4 {
            let slope = cross_entropy_slope(&z, class);
            for k in 0..4 {
                let along = |t: f64| {
                    let mut shifted = z;
                    shifted[k] = t;
                    cross_entropy(&shifted, class)
                };
                let numerical = central_difference(along, z[k], 1e-5);
                assert!((slope[k] - numerical).abs() < 1e-9, "{class} {k}");
            }
            assert!(slope.iter().sum::<f64>().abs() < 1e-15);
        }
    }

    #[test]
    fn the_risk_gradient_matches_finite_differences() {
        let samples = (0..9)
            .map(|i| {
                let t = i as f64;
                Sample {
                    x: [t.sin() * 2.0, 0.3 * t - 1.0],
                    y: (i % 3) as f64,
                }
            })
            .collect();
        let data = DataSet::new(samples);
        let risk = Multinomial {
            classes: 3,
            features: 2,
            data: &data,
        };
        assert_eq!(risk.dimension(), 9);
        for theta in [
            vec![0.0; 9],
            vec![0.5, -1.0, 0.2, 1.5, 0.3, -0.7, -0.4, 2.0, 0.1],
        ] {
            let check = check_gradient(&risk, &theta);
            assert!(check.passes(1e-8), "{check:?}");
        }
        // All parameters 0: every class has probability 1/3.
        assert!((risk.value(&[0.0; 9]) - 3f64.ln()).abs() < 1e-15);
        let theta = [0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
        assert_eq!(risk.predict(&theta, &[1.0, 1.0]), 0);
    }
}
