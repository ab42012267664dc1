//! Models: how parameters and a sample's features make a prediction.
//!
//! A model is a function `ŷ = m(θ, x)` of the parameters `θ` (what training
//! adjusts) and the features `x` of one sample (what the data fix). Training
//! needs two things from it: the prediction, and how the prediction changes
//! with each parameter, the gradient `∂ŷ/∂θ`. The loss of a prediction is a
//! separate idea ([`crate::loss`]); the chain rule joins the two in
//! [`crate::risk`].
//!
//! Every model here is linear in its parameters, so `∂ŷ/∂θ` does not depend
//! on `θ`: it is the vector of numbers each parameter multiplies.

/// A prediction `ŷ = m(θ, x)` and its gradient with respect to `θ`.
///
/// Implementations must keep `gradient` honest: the tests of every model
/// compare it against central differences.
pub trait Model {
    /// How many parameters `θ` has.
    fn parameter_count(&self) -> usize;

    /// The prediction `ŷ = m(θ, x)` for one sample's features `x`.
    fn predict(&self, theta: &[f64], x: &[f64]) -> f64;

    /// The gradient `∂ŷ/∂θ` at one sample: one entry per parameter.
    fn gradient(&self, theta: &[f64], x: &[f64]) -> Vec<f64>;
}

/// The straight line `ŷ = w·x + b`, with parameters `θ = (w, b)` and one feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Line;

impl Model for Line {
    fn parameter_count(&self) -> usize {
        2
    }

    fn predict(&self, theta: &[f64], x: &[f64]) -> f64 {
        theta[0] * x[0] + theta[1]
    }

    /// `∂ŷ/∂w = x`, `∂ŷ/∂b = 1`.
    fn gradient(&self, _theta: &[f64], x: &[f64]) -> Vec<f64> {
        vec![x[0], 1.0]
    }
}

/// The polynomial `ŷ = c₀ + c₁·x + c₂·x² + … + c_d·x^d` of one feature, with
/// parameters `θ = (c₀, c₁, …, c_d)`: `d + 1` of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Polynomial {
    /// The degree `d`.
    pub degree: usize,
}

impl Polynomial {
    /// The powers `1, x, x², …, x^d`: the features the coefficients multiply.
    pub fn powers(&self, x: f64) -> Vec<f64> {
        let mut powers = Vec::with_capacity(self.degree + 1);
        let mut power = 1.0;
        for _ in 0..=self.degree {
            powers.push(power);
            power *= x;
        }
        powers
    }
}

impl Model for Polynomial {
    fn parameter_count(&self) -> usize {
        self.degree + 1
    }

    fn predict(&self, theta: &[f64], x: &[f64]) -> f64 {
        let mut prediction = 0.0;
        for (c, power) in theta.iter().zip(self.powers(x[0])) {
            prediction += c * power;
        }
        prediction
    }

    /// `∂ŷ/∂c_k = x^k`.
    fn gradient(&self, _theta: &[f64], x: &[f64]) -> Vec<f64> {
        self.powers(x[0])
    }
}

/// The linear model `ŷ = w₁·x₁ + … + w_d·x_d + b` in `d` features, with
/// parameters `θ = (w₁, …, w_d, b)`: the weights, then the intercept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Linear {
    /// The number of features `d`.
    pub features: usize,
}

impl Model for Linear {
    fn parameter_count(&self) -> usize {
        self.features + 1
    }

    fn predict(&self, theta: &[f64], x: &[f64]) -> f64 {
        let d = self.features;
        let mut prediction = theta[d];
        for j in 0..d {
            prediction += theta[j] * x[j];
        }
        prediction
    }

    /// `∂ŷ/∂wⱼ = xⱼ`, `∂ŷ/∂b = 1`.
    fn gradient(&self, _theta: &[f64], x: &[f64]) -> Vec<f64> {
        let mut gradient = x[..self.features].to_vec();
        gradient.push(1.0);
        gradient
    }
}

/// Logistic regression's score: the *logit* `z = w·x + b` in `d` features,
/// with parameters `θ = (w₁, …, w_d, b)`.
///
/// The model's answer is the probability `p = s(z)` (see
/// [`crate::loss::sigmoid`]); it outputs the logit because the cross-entropy
/// is computed stably from the logit ([`crate::loss::CrossEntropy`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Logistic {
    /// The number of features `d`.
    pub features: usize,
}

impl Logistic {
    /// The probability `p = s(z)` that the sample is in the positive class.
    pub fn probability(&self, theta: &[f64], x: &[f64]) -> f64 {
        crate::loss::sigmoid(self.predict(theta, x))
    }
}

impl Model for Logistic {
    fn parameter_count(&self) -> usize {
        self.features + 1
    }

    fn predict(&self, theta: &[f64], x: &[f64]) -> f64 {
        Linear {
            features: self.features,
        }
        .predict(theta, x)
    }

    fn gradient(&self, theta: &[f64], x: &[f64]) -> Vec<f64> {
        Linear {
            features: self.features,
        }
        .gradient(theta, x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derivative::central_difference;

    /// `∂ŷ/∂θ` by central differences, one parameter at a time.
    fn numerical(model: &impl Model, theta: &[f64], x: &[f64]) -> Vec<f64> {
        let mut gradient = Vec::new();
        for k in 0..theta.len() {
            let along = |t: f64| {
                let mut shifted = theta.to_vec();
                shifted[k] = t;
                model.predict(&shifted, x)
            };
            gradient.push(central_difference(along, theta[k], 1e-5));
        }
        gradient
    }

    fn assert_gradient(model: &impl Model, theta: &[f64], x: &[f64]) {
        assert_eq!(theta.len(), model.parameter_count());
        let analytic = model.gradient(theta, x);
        let numerical = numerical(model, theta, x);
        for (a, n) in analytic.iter().zip(&numerical) {
            assert!(
                (a - n).abs() <= 1e-8 * a.abs().max(1.0),
                "{analytic:?} vs {numerical:?}"
            );
        }
    }

    #[test]
    fn every_gradient_matches_finite_differences() {
        assert_gradient(&Line, &[1.5, -0.5], &[2.0]);
        assert_gradient(
            &Polynomial { degree: 4 },
            &[1.0, -2.0, 0.5, 3.0, -1.0],
            &[0.7],
        );
        assert_gradient(
            &Linear { features: 3 },
            &[0.2, -1.0, 4.0, 0.5],
            &[1.0, 2.0, -3.0],
        );
        assert_gradient(&Logistic { features: 2 }, &[0.3, -0.7, 0.1], &[5.0, 1.5]);
    }

    #[test]
    fn predictions_follow_their_formulas() {
        assert_eq!(Line.predict(&[2.0, 1.0], &[3.0]), 7.0);
        // 1 − 2·2 + 3·4 = 9
        assert_eq!(
            Polynomial { degree: 2 }.predict(&[1.0, -2.0, 3.0], &[2.0]),
            9.0
        );
        assert_eq!(
            Polynomial { degree: 3 }.powers(-2.0),
            vec![1.0, -2.0, 4.0, -8.0]
        );
        // 1·4 + 2·5 + 0.5
        assert_eq!(
            Linear { features: 2 }.predict(&[1.0, 2.0, 0.5], &[4.0, 5.0]),
            14.5
        );
        let logistic = Logistic { features: 1 };
        assert_eq!(logistic.predict(&[0.0, 0.0], &[3.0]), 0.0);
        assert_eq!(logistic.probability(&[0.0, 0.0], &[3.0]), 0.5);
    }
}
