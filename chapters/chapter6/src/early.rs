//! Early stopping: gradient descent from zero fits the directions of large
//! curvature first, so stopping it early acts like a penalty.

use descent::linalg::{Eigen, gram, symmetric_eigen};
use descent::{GradientDescent, StoppingRules, Trajectory, descend};

use crate::basis::{Draw, FeaturedDraw, FeaturedLoss, Legendre, ridge};

/// How many steps the book's early-stopping walk takes.
pub const WALK_STEPS: usize = 10_000;
/// How many steps without a better validation error the book's rule waits.
pub const PATIENCE: usize = 100;
/// The steps whose filters the figure draws.
pub const SHOWN_STEPS: [usize; 3] = [10, 100, 1000];

// ANCHOR: filters
/// The share of direction `i`'s least-squares coefficient that gradient
/// descent from zero has after `t` steps: `1 − (1 − η·λᵢ)ᵗ`.
pub fn descent_filter(eta: f64, lambda: f64, t: usize) -> f64 {
    1.0 - (1.0 - eta * lambda).powi(t as i32)
}

/// The share ridge keeps: `λᵢ/(λᵢ + μ)`.
pub fn ridge_filter(lambda: f64, mu: f64) -> f64 {
    lambda / (lambda + mu)
}
// ANCHOR_END: filters

/// `gap(λ̃) = 1/(1 + λ̃) − e^{−λ̃}`, with `λ̃ = λ/μ = η·λ·t`: by how much
/// `1 − e^{−λ̃}` exceeds `λ̃/(1 + λ̃)`.
pub fn gap(u: f64) -> f64 {
    1.0 / (1.0 + u) - (-u).exp()
}

/// The largest value of [`gap`] over `λ̃ ≥ 0`, `gap_max`, at the root of
/// `e^{−λ̃}·(1 + λ̃)² = 1`, found by bisection.
pub fn largest_gap() -> f64 {
    gap(largest_gap_at())
}

/// Where [`gap`] is largest: the root of `e^{−λ̃}·(1 + λ̃)² = 1` in `λ̃ > 0`.
pub fn largest_gap_at() -> f64 {
    // gap′(u) = e^{−u} − 1/(1 + u)², positive below the root and negative above.
    let slope = |u: f64| (-u).exp() - 1.0 / ((1.0 + u) * (1.0 + u));
    let (mut lo, mut hi) = (0.5, 5.0);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if slope(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The bound on `e^{−ηλt} − (1 − ηλ)ᵗ` over every `ηλ ≥ 0`: `2t/(e²(t − 1)²)`
/// for `t ≥ 2`.
pub fn step_bound(t: usize) -> f64 {
    if t < 2 {
        return 1.0;
    }
    let t = t as f64;
    2.0 * t / (std::f64::consts::E.powi(2) * (t - 1.0) * (t - 1.0))
}

/// The whole bound: `0 ≤ (1 − (1 − ηλ)ᵗ) − λ/(λ + 1/(ηt)) ≤ gap_max + 2t/(e²(t − 1)²)`
/// for every curvature with `0 ≤ ηλ ≤ 1`.
pub fn filter_bound(t: usize) -> f64 {
    largest_gap() + step_bound(t)
}

/// The curvature at which early stopping after `t` steps keeps half of a
/// direction, `(1 − 2^{−1/t})/η`, and at which ridge with `μ = 1/(ηt)` does,
/// `λ = μ`: the ratio of the second to the first, `1/(t·(1 − 2^{−1/t}))`,
/// which falls to `1/ln 2` as `t` grows.
pub fn half_point_ratio(t: usize) -> f64 {
    let t = t as f64;
    1.0 / (t * (1.0 - 0.5f64.powf(1.0 / t)))
}

/// Gradient descent from zero on the unpenalised loss of degree `n − 1`,
/// with the eigen-decomposition that explains it.
#[derive(Debug, Clone, PartialEq)]
pub struct EarlyStopping {
    /// The degree.
    pub degree: usize,
    /// The Hessian `XᵀX/n`'s eigenvalues and eigenvectors.
    pub eigen: Eigen,
    /// The learning rate `η = 1/λ_max`.
    pub eta: f64,
    /// The walk.
    pub walk: Trajectory,
    /// The validation error after every step (entry 0 is the start).
    pub validation: Vec<f64>,
    /// The step the patience rule picked, and the step at which it stopped.
    pub stop: Stop,
}

/// What the patience rule decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop {
    /// The step with the smallest validation error seen.
    pub best: usize,
    /// The step at which the rule gave up waiting (or the last step).
    pub stopped: usize,
}

// ANCHOR: patience
/// The patience rule: watch the validation error after every step; stop
/// once `patience` steps in a row have not beaten the best seen, and go
/// back to the best step.
pub fn patience_rule(validation: &[f64], patience: usize) -> Stop {
    let mut best = 0;
    for t in 1..validation.len() {
        if validation[t] < validation[best] {
            best = t;
        } else if t - best >= patience {
            return Stop { best, stopped: t };
        }
    }
    Stop {
        best,
        stopped: validation.len() - 1,
    }
}
// ANCHOR_END: patience

impl EarlyStopping {
    /// Walk `steps` steps from zero at `η = 1/λ_max` on `draw`'s training
    /// points with degree `k`, and apply the patience rule.
    pub fn run(draw: &Draw, degree: usize, steps: usize, patience: usize) -> Self {
        let model = Legendre::new(degree);
        let eigen = symmetric_eigen(&gram(&model.design(&draw.train)));
        let eta = 1.0 / eigen.max();
        // The features of every point, computed once for the whole walk.
        let featured = FeaturedDraw::new(&model, draw);
        let loss = FeaturedLoss {
            data: &featured.train,
            count: model.count(),
        };
        let walk = descend(
            &loss,
            &mut GradientDescent { eta },
            &vec![0.0; model.count()],
            &StoppingRules::budget(steps),
        );
        let validation: Vec<f64> = walk
            .points
            .iter()
            .map(|theta| featured.validation.mse(theta))
            .collect();
        let stop = patience_rule(&validation, patience);
        EarlyStopping {
            degree,
            eigen,
            eta,
            walk,
            validation,
            stop,
        }
    }

    /// The model.
    pub fn model(&self) -> Legendre {
        Legendre::new(self.degree)
    }

    /// The strength `μ = 1/(ηt)` that stopping at step `t` acts like.
    pub fn matching_mu(&self, t: usize) -> f64 {
        1.0 / (self.eta * t as f64)
    }

    /// The ridge fit with that strength.
    pub fn matching_ridge(&self, draw: &Draw, t: usize) -> Vec<f64> {
        ridge(&self.model(), &draw.train, self.matching_mu(t)).expect("μ > 0")
    }

    /// The largest difference of the two filters over the Hessian's
    /// eigenvalues, at step `t`, and the smallest (which is never negative).
    pub fn filter_gaps(&self, t: usize) -> (f64, f64) {
        let mu = self.matching_mu(t);
        let mut range = (f64::INFINITY, f64::NEG_INFINITY);
        for &lambda in &self.eigen.values {
            let d = descent_filter(self.eta, lambda, t) - ridge_filter(lambda, mu);
            range = (range.0.min(d), range.1.max(d));
        }
        (range.0, range.1)
    }

    /// The coefficients of the walk at step `t` in the eigenvectors' basis,
    /// as shares of the least-squares coefficients: the measured filters.
    pub fn measured_filters(&self, least_squares: &[f64], t: usize) -> Vec<f64> {
        let theta = &self.walk.points[t];
        (0..self.eigen.values.len())
            .map(|i| {
                let v = self.eigen.vector(i);
                let along = descent::linalg::dot(&v, theta);
                let full = descent::linalg::dot(&v, least_squares);
                along / full
            })
            .collect()
    }
}

/// The steps at which the figures and the report sample the walk: every
/// step to 10, then about twelve per decade, up to `last`.
pub fn sampled_steps(last: usize) -> Vec<usize> {
    let mut steps: Vec<usize> = (1..=last.min(10)).collect();
    let mut t = 10.0f64;
    while (t as usize) < last {
        t *= 10f64.powf(1.0 / 12.0);
        let s = (t.round() as usize).min(last);
        if s > *steps.last().unwrap_or(&0) {
            steps.push(s);
        }
    }
    steps
}
