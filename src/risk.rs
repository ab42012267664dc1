//! The risk: a model's mean loss over a data set.
//!
//! Put a [`Model`], a [`Loss`] and a [`DataSet`] together and you have the
//! function training walks down,
//!
//! ```text
//! R(θ) = (1/n)·Σᵢ ℓ(m(θ, xᵢ), yᵢ),
//! ```
//!
//! an [`Objective`] on the parameters `θ` like the bowls of chapters 1 and 2.
//! By the chain rule each sample's gradient is the loss's slope times the
//! model's gradient, `∇ℓᵢ = ℓ′(ŷᵢ, yᵢ)·∂ŷᵢ/∂θ`, and the risk's gradient is the
//! mean of those. Because the risk is a mean over samples it is
//! [`Separable`]: stochastic descent steps on one sample's gradient, or a
//! mini-batch's.

use crate::data::{DataSet, Features};
use crate::loss::Loss;
use crate::model::Model;
use crate::objective::{Objective, Separable};

/// The mean loss of `model` under `loss` over `data`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Risk<'a, M, L, X = f64> {
    /// The model.
    pub model: M,
    /// The loss of one prediction.
    pub loss: L,
    /// The data the model is fitted to.
    pub data: &'a DataSet<X>,
}

impl<M: Model, L: Loss, X: Features> Risk<'_, M, L, X> {
    /// The loss of sample `i` alone at `θ`.
    pub fn sample_loss(&self, i: usize, theta: &[f64]) -> f64 {
        let sample = &self.data.samples[i];
        let prediction = self.model.predict(theta, sample.x.as_slice());
        self.loss.value(prediction, sample.y)
    }
}

impl<M: Model, L: Loss, X: Features> Objective for Risk<'_, M, L, X> {
    fn dimension(&self) -> usize {
        self.model.parameter_count()
    }

    fn value(&self, theta: &[f64]) -> f64 {
        let mut sum = 0.0;
        for i in 0..self.data.len() {
            sum += self.sample_loss(i, theta);
        }
        sum / self.data.len() as f64
    }

    fn gradient(&self, theta: &[f64]) -> Vec<f64> {
        let mut sum = vec![0.0; theta.len()];
        for i in 0..self.data.len() {
            let g = self.sample_gradient(i, theta);
            for k in 0..sum.len() {
                sum[k] += g[k];
            }
        }
        let n = self.data.len() as f64;
        sum.iter().map(|s| s / n).collect()
    }

    fn sample_count(&self) -> usize {
        self.data.len()
    }
}

impl<M: Model, L: Loss, X: Features> Separable for Risk<'_, M, L, X> {
    /// `∇ℓᵢ = ℓ′(ŷᵢ, yᵢ)·∂ŷᵢ/∂θ`: the chain rule.
    fn sample_gradient(&self, i: usize, theta: &[f64]) -> Vec<f64> {
        let sample = &self.data.samples[i];
        let x = sample.x.as_slice();
        let slope = self.loss.slope(self.model.predict(theta, x), sample.y);
        let mut gradient = self.model.gradient(theta, x);
        for g in &mut gradient {
            *g *= slope;
        }
        gradient
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::Sample;
    use crate::derivative::check_gradient;
    use crate::loss::{CrossEntropy, Squared};
    use crate::model::{Linear, Logistic, Polynomial};

    fn two_features() -> DataSet<[f64; 2]> {
        let mut samples = Vec::new();
        for i in 0..12 {
            let t = i as f64;
            samples.push(Sample {
                x: [t.sin() * 3.0, 0.5 * t - 2.0],
                y: if i % 3 == 0 { 1.0 } else { 0.0 },
            });
        }
        DataSet::new(samples)
    }

    #[test]
    fn gradients_match_finite_differences() {
        let data = two_features();
        let regression = Risk {
            model: Linear { features: 2 },
            loss: Squared,
            data: &data,
        };
        let classifier = Risk {
            model: Logistic { features: 2 },
            loss: CrossEntropy,
            data: &data,
        };
        for theta in [[0.0, 0.0, 0.0], [1.0, -2.0, 0.5], [-3.0, 0.2, 4.0]] {
            let check = check_gradient(&regression, &theta);
            assert!(check.passes(1e-8), "{theta:?}: {check:?}");
            let check = check_gradient(&classifier, &theta);
            assert!(check.passes(1e-8), "{theta:?}: {check:?}");
        }
        let line = DataSet::new(vec![
            Sample { x: -1.0, y: 2.0 },
            Sample { x: 0.5, y: 0.0 },
            Sample { x: 2.0, y: 3.0 },
        ]);
        let cubic = Risk {
            model: Polynomial { degree: 3 },
            loss: Squared,
            data: &line,
        };
        let check = check_gradient(&cubic, &[0.5, -1.0, 2.0, 0.3]);
        assert!(check.passes(1e-8), "{check:?}");
    }

    #[test]
    fn the_risk_is_the_mean_of_the_samples() {
        let data = two_features();
        let risk = Risk {
            model: Logistic { features: 2 },
            loss: CrossEntropy,
            data: &data,
        };
        let theta = [0.4, -0.3, 0.1];
        assert_eq!(risk.sample_count(), 12);
        assert_eq!(risk.dimension(), 3);
        let mut value = 0.0;
        let mut gradient = [0.0; 3];
        for i in 0..data.len() {
            value += risk.sample_loss(i, &theta) / 12.0;
            for (g, gi) in gradient.iter_mut().zip(risk.sample_gradient(i, &theta)) {
                *g += gi / 12.0;
            }
        }
        assert!((risk.value(&theta) - value).abs() < 1e-14);
        for (a, b) in risk.gradient(&theta).iter().zip(gradient) {
            assert!((a - b).abs() < 1e-14);
        }
    }
}
