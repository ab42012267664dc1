//! Losses: how wrong one prediction is.
//!
//! A loss `ℓ(ŷ, y)` compares a model's prediction `ŷ` with the target `y` of
//! one sample. Training needs its value and its *slope* `∂ℓ/∂ŷ`; the chain
//! rule multiplies the slope by the model's `∂ŷ/∂θ` ([`crate::risk`]).
//!
//! Both losses here have a slope of the same shape, what the model says
//! minus the target: for [`Squared`] the prediction minus the target, for
//! [`CrossEntropy`] (whose prediction is a logit `z`) the probability
//! `s(z)` minus the target. That is why the line of chapter 3 and the
//! classifier of chapter 10 learn by the same rule.

/// A loss of one prediction against its target, with its slope.
pub trait Loss {
    /// The loss `ℓ(ŷ, y)`.
    fn value(&self, prediction: f64, target: f64) -> f64;

    /// The slope `∂ℓ/∂ŷ`.
    fn slope(&self, prediction: f64, target: f64) -> f64;
}

/// Half the squared error, `ℓ = ½·(ŷ − y)²`, with slope `ŷ − y` (the ½
/// cancels the 2 that the square brings down).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Squared;

impl Loss for Squared {
    fn value(&self, prediction: f64, target: f64) -> f64 {
        let residual = prediction - target;
        0.5 * residual * residual
    }

    fn slope(&self, prediction: f64, target: f64) -> f64 {
        prediction - target
    }
}

/// The logistic function `s(z) = 1 / (1 + e^(−z))`, which turns a logit `z`
/// into a probability. (Many texts write it `σ(z)`; the book keeps `σ` for
/// the standard deviation of noise.)
///
/// Computed so that no exponential overflows: for `z < 0` as
/// `e^z / (1 + e^z)`, which is the same number.
pub fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// The cross-entropy of a probability `p = s(z)` against a target `y` in
/// `[0, 1]`, computed from the logit `z`:
///
/// ```text
/// ℓ(z, y) = −y·ln p − (1 − y)·ln(1 − p) = max(z, 0) − y·z + ln(1 + e^(−|z|)),
/// ```
///
/// with slope `∂ℓ/∂z = s(z) − y`: the probability minus the target.
///
/// The right-hand form is the same number, but it never takes the logarithm
/// of a probability that has rounded to 0 or 1, and its exponential never
/// overflows: at `z = 800` the left-hand form gives `NaN` or `∞`, this one the
/// answer correct to double precision (for `(800, 1)` that is 0, the true
/// `e^(−800)` being below the smallest double).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CrossEntropy;

impl Loss for CrossEntropy {
    fn value(&self, logit: f64, target: f64) -> f64 {
        logit.max(0.0) - target * logit + (-logit.abs()).exp().ln_1p()
    }

    fn slope(&self, logit: f64, target: f64) -> f64 {
        sigmoid(logit) - target
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derivative::central_difference;

    fn assert_slope(loss: &impl Loss, prediction: f64, target: f64) {
        let numerical = central_difference(|p| loss.value(p, target), prediction, 1e-5);
        let analytic = loss.slope(prediction, target);
        assert!(
            (analytic - numerical).abs() < 1e-8,
            "at ŷ = {prediction}, y = {target}: {analytic} vs {numerical}"
        );
    }

    #[test]
    fn slopes_match_finite_differences() {
        for (p, y) in [(0.0, 1.0), (2.5, -1.0), (-3.0, 0.5)] {
            assert_slope(&Squared, p, y);
        }
        for (z, y) in [
            (0.0, 1.0),
            (2.197, 0.0),
            (-4.0, 1.0),
            (10.0, 1.0),
            (1.0, 0.3),
        ] {
            assert_slope(&CrossEntropy, z, y);
        }
    }

    #[test]
    fn cross_entropy_is_minus_the_log_likelihood() {
        for z in [-5.0, -0.5, 0.0, 0.7, 6.0] {
            let p = 1.0 / (1.0 + f64::exp(-z));
            assert!((CrossEntropy.value(z, 1.0) + p.ln()).abs() < 1e-12);
            assert!((CrossEntropy.value(z, 0.0) + (1.0 - p).ln()).abs() < 1e-12);
        }
        // "90% cat" is a logit of ln 9.
        assert!((sigmoid(9f64.ln()) - 0.9).abs() < 1e-15);
    }

    #[test]
    fn cross_entropy_stays_finite_where_the_naive_formula_breaks() {
        let naive = |z: f64, y: f64| {
            let p = 1.0 / (1.0 + f64::exp(-z));
            -y * p.ln() - (1.0 - y) * (1.0 - p).ln()
        };
        // A confident mistake: p rounds to 1 and ln(1 − p) is −∞.
        assert!(!naive(800.0, 0.0).is_finite());
        assert_eq!(CrossEntropy.value(800.0, 0.0), 800.0);
        assert_eq!(CrossEntropy.value(-800.0, 1.0), 800.0);
        // A confident right answer costs (almost) nothing.
        assert_eq!(CrossEntropy.value(800.0, 1.0), 0.0);
        assert_eq!(sigmoid(-800.0), 0.0);
        assert_eq!(sigmoid(800.0), 1.0);
    }
}
