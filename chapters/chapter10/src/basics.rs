//! From a score to a probability, the cross-entropy and its gradient, the
//! stable formula, and why not squared error on the probability.

use descent::data::{DataSet, Sample};
use descent::derivative::check_gradient;
use descent::loss::{CrossEntropy, Loss, sigmoid};
use descent::model::Logistic;
use descent::risk::Risk;
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

// ANCHOR: naive
/// The cross-entropy as its definition reads, `−y·ln p − (1 − y)·ln(1 − p)`
/// with `p = 1/(1 + e^(−z))`: right in exact arithmetic, and wrong in floating
/// point for confident answers (the chapter's table shows how).
pub fn naive_cross_entropy(z: f64, y: f64) -> f64 {
    let p = 1.0 / (1.0 + (-z).exp());
    -y * p.ln() - (1.0 - y) * (1.0 - p).ln()
}
// ANCHOR_END: naive

/// The logits and labels of the stability table.
pub const STABILITY_CASES: [(f64, f64); 5] = [
    (800.0, 1.0),
    (800.0, 0.0),
    (-800.0, 1.0),
    (-800.0, 0.0),
    (40.0, 1.0),
];

/// Half the squared error of the *probability*, `ℓ = ½·(s(z) − y)²`, as a
/// loss of the logit: the tempting alternative to the cross-entropy.
///
/// Its slope is `(p − y)·p·(1 − p)`: the cross-entropy's `p − y` times
/// `p(1 − p)`, which vanishes when `p` is near 0 or 1, right or wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SquaredProbability;

impl Loss for SquaredProbability {
    fn value(&self, logit: f64, target: f64) -> f64 {
        let r = sigmoid(logit) - target;
        0.5 * r * r
    }

    fn slope(&self, logit: f64, target: f64) -> f64 {
        let p = sigmoid(logit);
        (p - target) * p * (1.0 - p)
    }
}

impl SquaredProbability {
    /// The second derivative `d²ℓ/dz² = s′² + (s − y)·s″`, with
    /// `s′ = p(1 − p)` and `s″ = p(1 − p)(1 − 2p)`.
    pub fn curvature(&self, logit: f64, target: f64) -> f64 {
        let p = sigmoid(logit);
        let s1 = p * (1.0 - p);
        let s2 = s1 * (1.0 - 2.0 * p);
        s1 * s1 + (p - target) * s2
    }
}

/// The logit of a confident mistake in the chapter's comparison of slopes.
pub const CONFIDENT_MISTAKE: f64 = -10.0;

/// How many random points the gradient check visits.
pub const CHECK_POINTS: usize = 1000;

/// The largest disagreement between the analytic gradient
/// `∇ℓ = (p − y)·(x₁, x₂, 1)` of one sample's cross-entropy and central
/// differences, over `count` random samples and parameters: weights,
/// intercept and features uniform on `[−5, 5]`, the label 0 or 1.
pub fn worst_gradient_check(count: usize, seed: u64) -> f64 {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut worst: f64 = 0.0;
    for _ in 0..count {
        let mut draw = || 10.0 * rng.random::<f64>() - 5.0;
        let x = [draw(), draw()];
        let theta = [draw(), draw(), draw()];
        let y = if rng.random::<f64>() < 0.5 { 0.0 } else { 1.0 };
        let data = DataSet::new(vec![Sample { x, y }]);
        let risk = Risk {
            model: Logistic { features: 2 },
            loss: CrossEntropy,
            data: &data,
        };
        worst = worst.max(check_gradient(&risk, &theta).error);
    }
    worst
}

/// The mean loss of a one-feature logistic model `z = w·x + b` under `loss`.
pub fn mean_loss(loss: &impl Loss, data: &DataSet, w: f64, b: f64) -> f64 {
    let mut sum = 0.0;
    for s in &data.samples {
        sum += loss.value(w * s.x + b, s.y);
    }
    sum / data.len() as f64
}

/// The second derivative along `w` of the mean squared-probability loss,
/// `(1/n)·Σ ℓ″(zᵢ)·xᵢ²`.
pub fn squared_curvature_along_w(data: &DataSet, w: f64, b: f64) -> f64 {
    let mut sum = 0.0;
    for s in &data.samples {
        sum += SquaredProbability.curvature(w * s.x + b, s.y) * s.x * s.x;
    }
    sum / data.len() as f64
}

/// Where, along the line `b = b0` and for `w` in `range`, the mean
/// squared-probability loss curves down the most: `(w, curvature)`.
pub fn most_negative_curvature(data: &DataSet, b0: f64, range: (f64, f64)) -> (f64, f64) {
    let mut best = (range.0, f64::INFINITY);
    for k in 0..=400 {
        let w = range.0 + (range.1 - range.0) * k as f64 / 400.0;
        let c = squared_curvature_along_w(data, w, b0);
        if c < best.1 {
            best = (w, c);
        }
    }
    best
}

/// The smallest second derivative along `w` of the mean cross-entropy for
/// `w` in `range`: `(1/n)·Σ pᵢ(1 − pᵢ)·xᵢ²`, never negative.
pub fn cross_entropy_curvature_along_w(data: &DataSet, w: f64, b: f64) -> f64 {
    let mut sum = 0.0;
    for s in &data.samples {
        let p = sigmoid(w * s.x + b);
        sum += p * (1.0 - p) * s.x * s.x;
    }
    sum / data.len() as f64
}
