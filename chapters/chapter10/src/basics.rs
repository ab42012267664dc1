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

/// The minimum of the mean loss of the one-feature model `z = w·x + b`
/// under `loss`, whose second derivative in `z` is `curvature`, by Newton's
/// method (chapter 7) from `start` until the gradient norm is below
/// `10⁻¹²` (at most 100 steps, each halved until the loss or the gradient
/// falls): `(w, b)`. For squared error on the probability, which is not
/// convex, start it near the bottom.
pub fn landscape_minimum(
    loss: impl Loss,
    curvature: impl Fn(f64, f64) -> f64,
    data: &DataSet,
    start: (f64, f64),
) -> (f64, f64) {
    let n = data.len() as f64;
    let gradient = |w: f64, b: f64| {
        let mut g = [0.0; 2];
        for s in &data.samples {
            let slope = loss.slope(w * s.x + b, s.y);
            g[0] += slope * s.x / n;
            g[1] += slope / n;
        }
        g
    };
    let (mut w, mut b) = start;
    for _ in 0..100 {
        let g = gradient(w, b);
        let size = g[0].hypot(g[1]);
        if size <= 1e-12 {
            break;
        }
        let mut h = [0.0; 3];
        for s in &data.samples {
            let c = curvature(w * s.x + b, s.y);
            h[0] += c * s.x * s.x / n;
            h[1] += c * s.x / n;
            h[2] += c / n;
        }
        let det = h[0] * h[2] - h[1] * h[1];
        let step = [
            (h[2] * g[0] - h[1] * g[1]) / det,
            (h[0] * g[1] - h[1] * g[0]) / det,
        ];
        let value = mean_loss(&loss, data, w, b);
        let mut a = 1.0;
        loop {
            let (nw, nb) = (w - a * step[0], b - a * step[1]);
            let ng = gradient(nw, nb);
            if mean_loss(&loss, data, nw, nb) < value || ng[0].hypot(ng[1]) < size || a < 1e-12 {
                (w, b) = (nw, nb);
                break;
            }
            a /= 2.0;
        }
    }
    (w, b)
}
