//! Fitting a straight line: the model, its squared loss and their gradients.
//!
//! The model predicts `ŷ = w·x + b`. The loss of one sample `(x, y)` is half
//! the squared error,
//!
//! ```text
//! ℓ(w, b) = ½·(w·x + b − y)²,
//! ```
//!
//! and the ½ is there on purpose: the chain rule brings down a factor 2 from
//! the square, and the ½ cancels it, so the two partial derivatives are
//!
//! ```text
//! ∂ℓ/∂w = (w·x + b − y)·x,      ∂ℓ/∂b = w·x + b − y.
//! ```
//!
//! Without the ½ both would carry a factor 2; nothing else would change
//! except that every learning rate would have to be halved to take the same
//! steps. The book keeps the ½ everywhere.
//!
//! The loss of a whole data set is the mean of the samples' losses,
//! [`MeanSquaredError`], an [`Objective`] on the plane of `(w, b)`, so
//! [`crate::descend`] runs full-batch gradient descent on it and
//! [`crate::descend_sampled`] runs stochastic gradient descent.
//! [`least_squares`] gives its exact minimum in closed form, the yardstick
//! both are measured against.
//!
//! Everything here is written out by hand for one feature, as chapter 3
//! derives it. The same loss in general form, any model and any loss, is
//! [`crate::risk::Risk`] with [`crate::model::Line`] and
//! [`crate::loss::Squared`]; a test checks that the two agree exactly.

use crate::data::{DataSet, Sample};
use crate::objective::{Objective, Separable};

/// A straight line `y = w·x + b`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    /// The slope `w` (the weight).
    pub w: f64,
    /// The intercept `b` (the bias).
    pub b: f64,
}

impl Line {
    /// The line through the parameter point `[w, b]` of a descent run.
    pub fn from_point(point: &[f64]) -> Self {
        Line {
            w: point[0],
            b: point[1],
        }
    }

    /// The line as a parameter point `[w, b]`.
    pub fn to_point(self) -> [f64; 2] {
        [self.w, self.b]
    }

    /// The prediction `ŷ = w·x + b`.
    pub fn predict(&self, x: f64) -> f64 {
        self.w * x + self.b
    }
}

// ANCHOR: sample_loss
/// The loss of one sample, `ℓ = ½·(w·x + b − y)²`.
pub fn sample_loss(w: f64, b: f64, sample: &Sample) -> f64 {
    let error = w * sample.x + b - sample.y;
    0.5 * error * error
}

/// The gradient of [`sample_loss`] with respect to `(w, b)`:
/// `∂ℓ/∂w = (w·x + b − y)·x` and `∂ℓ/∂b = w·x + b − y`.
pub fn sample_gradient(w: f64, b: f64, sample: &Sample) -> [f64; 2] {
    let error = w * sample.x + b - sample.y;
    [error * sample.x, error]
}
// ANCHOR_END: sample_loss

/// The loss of a single sample as an objective on `(w, b)`.
///
/// Its minimum is not a point but the whole line `w·x + b = y` of the `(w, b)`
/// plane: every line through the one data point fits it perfectly. The surface
/// is a trough, not a bowl (chapter 3 draws it). Its gradient `r·(x, 1)` is
/// perpendicular to that floor line, so a gradient step on one sample moves
/// straight towards the floor, a fraction `η·(x² + 1)` of the way there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SampleLoss {
    /// The one sample.
    pub sample: Sample,
}

impl Objective for SampleLoss {
    fn dimension(&self) -> usize {
        2
    }

    fn value(&self, p: &[f64]) -> f64 {
        sample_loss(p[0], p[1], &self.sample)
    }

    fn gradient(&self, p: &[f64]) -> Vec<f64> {
        sample_gradient(p[0], p[1], &self.sample).to_vec()
    }
}

/// The mean loss over a data set, `L(w, b) = (1/n)·Σᵢ ½·(w·xᵢ + b − yᵢ)²`,
/// whose gradient is the mean of the samples' gradients.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanSquaredError<'a> {
    /// The data the line is fitted to.
    pub data: &'a DataSet,
}

// ANCHOR: mean_loss
impl Objective for MeanSquaredError<'_> {
    fn dimension(&self) -> usize {
        2
    }

    fn value(&self, p: &[f64]) -> f64 {
        let mut sum = 0.0;
        for s in &self.data.samples {
            sum += sample_loss(p[0], p[1], s);
        }
        sum / self.data.len() as f64
    }

    fn gradient(&self, p: &[f64]) -> Vec<f64> {
        let mut sum = [0.0, 0.0];
        for s in &self.data.samples {
            let g = sample_gradient(p[0], p[1], s);
            sum[0] += g[0];
            sum[1] += g[1];
        }
        let n = self.data.len() as f64;
        vec![sum[0] / n, sum[1] / n]
    }

    fn sample_count(&self) -> usize {
        self.data.len()
    }
}
// ANCHOR_END: mean_loss

impl Separable for MeanSquaredError<'_> {
    fn sample_gradient(&self, i: usize, p: &[f64]) -> Vec<f64> {
        sample_gradient(p[0], p[1], &self.data.samples[i]).to_vec()
    }
}

/// Means of the data that the closed form and the curvature need.
struct Moments {
    x: f64,
    y: f64,
    xx: f64,
    xy: f64,
}

fn moments(data: &DataSet) -> Moments {
    let n = data.len() as f64;
    let mut m = Moments {
        x: 0.0,
        y: 0.0,
        xx: 0.0,
        xy: 0.0,
    };
    for s in &data.samples {
        m.x += s.x;
        m.y += s.y;
        m.xx += s.x * s.x;
        m.xy += s.x * s.y;
    }
    m.x /= n;
    m.y /= n;
    m.xx /= n;
    m.xy /= n;
    m
}

// ANCHOR: least_squares
/// The least-squares line: the exact minimum of [`MeanSquaredError`].
///
/// Setting both partial derivatives of the mean loss to zero gives two linear
/// equations (the *normal equations*) whose solution is
/// `w = cov(x, y) / var(x)` and `b = ȳ − w·x̄`. Returns `None` when all `x`
/// are equal: then `var(x) = 0` and every line through `(x̄, ȳ)` fits equally
/// well, so there is no single best line. (It also returns `None` in the
/// rare case that the best line's slope or intercept is too large for a
/// double, when the `x` are spread so much less than the `y` that the slope
/// overflows.)
pub fn least_squares(data: &DataSet) -> Option<Line> {
    let first = data.samples.first()?.x;
    // Decide "all x equal" on the data, exactly. A computed variance is no
    // test: three x = 0.1 have a computed mean that is not exactly 0.1, so
    // their variance comes out tiny but not zero.
    if data.samples.iter().all(|s| s.x == first) {
        return None;
    }
    let n = data.len() as f64;
    // Measure every x from the first one: d = x − x₀. For x close together
    // these differences are exact, so nearly equal x lose nothing to rounding.
    let d = |s: &Sample| s.x - first;
    let mean_d = data.samples.iter().map(d).sum::<f64>() / n;
    let mean_y = data.samples.iter().map(|s| s.y).sum::<f64>() / n;
    // Centre on the mean, c = d − d̄, and scale by the largest |c| so that
    // the squares can neither underflow nor overflow.
    let scale = data
        .samples
        .iter()
        .fold(0.0, |m: f64, s| m.max((d(s) - mean_d).abs()));
    let mut covariance = 0.0;
    let mut variance = 0.0;
    for s in &data.samples {
        let c = (d(s) - mean_d) / scale;
        covariance += c * (s.y - mean_y);
        variance += c * c;
    }
    // With cᵢ the unscaled deviations, w = Σ cᵢ(yᵢ − ȳ) / Σ cᵢ².
    let w = covariance / variance / scale;
    // The line passes through (x̄, ȳ) with x̄ = first + mean_d: its height at
    // the first x is ȳ − w·mean_d, which keeps the small part exact.
    let b = (mean_y - w * mean_d) - w * first;
    (w.is_finite() && b.is_finite()).then_some(Line { w, b })
}
// ANCHOR_END: least_squares

/// The Hessian of [`MeanSquaredError`], the same at every `(w, b)`:
///
/// ```text
/// H = ( mean x²   mean x )
///     ( mean x    1      )
/// ```
///
/// The mean loss is a quadratic, so this matrix says everything about its
/// shape: its eigenvalues are the curvatures along the axes of the elliptic
/// contours.
pub fn hessian(data: &DataSet) -> [[f64; 2]; 2] {
    let m = moments(data);
    [[m.xx, m.x], [m.x, 1.0]]
}

// ANCHOR: curvatures
/// The eigenvalues `(λ_max, λ_min)` of the [`hessian`]: the largest and the
/// smallest curvature of the mean loss.
///
/// They are the roots of `λ² − (tr H)·λ + det H = 0`, with `tr H = mean x² + 1`
/// and `det H = mean x² − x̄² = var(x)`. The larger root is a sum of positive
/// numbers, `tr H/2 + √((tr H/2)² − det H)`. The smaller root, written the
/// same way with a minus sign, is a difference of two nearly equal numbers
/// when the valley is long, and rounding eats it: at `x = 999.99, …, 1000`
/// nothing of it is left. So it is taken from the product of the roots
/// instead, `λ_min = det H/λ_max`, with `var(x)` summed from the centred
/// `x − x̄` (no cancellation either).
///
/// Full-batch gradient descent is stable exactly when `η < 2/λ_max` (the
/// chapter-2 threshold `2/a`, along the steepest direction), and its slowest
/// direction shrinks by `1 − η·λ_min` per step.
pub fn curvatures(data: &DataSet) -> (f64, f64) {
    let m = moments(data);
    let mut variance = 0.0;
    // All x equal is decided on the x themselves, as in `least_squares`.
    if data.samples.iter().any(|s| s.x != data.samples[0].x) {
        for s in &data.samples {
            variance += (s.x - m.x) * (s.x - m.x);
        }
        variance /= data.len() as f64;
    }
    let half_trace = 0.5 * (m.xx + 1.0);
    // (tr H/2)² − det H, written as a sum of squares: ((mean x² − 1)/2)² + x̄².
    let spread = (0.25 * (m.xx - 1.0) * (m.xx - 1.0) + m.x * m.x).sqrt();
    let largest = half_trace + spread;
    (largest, variance / largest)
}
// ANCHOR_END: curvatures

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::NoisyLine;
    use crate::derivative::check_gradient;
    use crate::objective::Separable;

    fn data() -> DataSet {
        DataSet::noisy_line(
            &NoisyLine {
                slope: -1.5,
                intercept: 4.0,
                x_min: -1.0,
                x_max: 3.0,
                noise: 0.3,
                count: 40,
            },
            11,
        )
    }

    #[test]
    fn gradients_match_finite_differences() {
        let data = data();
        let mean = MeanSquaredError { data: &data };
        for p in [[0.0, 0.0], [2.0, -1.0], [-1.5, 4.0], [10.0, 3.0]] {
            let check = check_gradient(&mean, &p);
            assert!(check.passes(1e-8), "{p:?}: {check:?}");
            let one = SampleLoss {
                sample: data.samples[3],
            };
            let check = check_gradient(&one, &p);
            assert!(check.passes(1e-8), "{p:?}: {check:?}");
        }
    }

    #[test]
    fn least_squares_is_where_the_gradient_vanishes() {
        let data = data();
        let best = least_squares(&data).unwrap();
        let g = MeanSquaredError { data: &data }.gradient(&best.to_point());
        assert!(g[0].abs() < 1e-12 && g[1].abs() < 1e-12, "{g:?}");
        let same_x = DataSet::new(vec![Sample { x: 1.0, y: 0.0 }, Sample { x: 1.0, y: 2.0 }]);
        assert_eq!(least_squares(&same_x), None);
        assert_eq!(least_squares(&DataSet::new(Vec::new())), None);
    }

    #[test]
    fn equal_x_with_an_inexact_mean_have_no_best_line() {
        // 0.1 + 0.1 + 0.1 = 0.30000000000000004, so the computed mean of
        // three x = 0.1 is not 0.1 and their computed variance is not 0: a
        // test of `variance == 0` would return a line with w ≈ 10.67.
        let xs = [0.1, 0.1, 0.1];
        let mean = xs.iter().sum::<f64>() / 3.0;
        assert_ne!(mean, 0.1);
        assert!(xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() > 0.0);
        let data = DataSet::new(vec![
            Sample { x: 0.1, y: 1.0 },
            Sample { x: 0.1, y: 2.0 },
            Sample { x: 0.1, y: 4.0 },
        ]);
        assert_eq!(least_squares(&data), None);
        // Two x one step of a double apart do have a best line: through both.
        let near = 0.1f64.next_up();
        let two = DataSet::new(vec![Sample { x: 0.1, y: 1.0 }, Sample { x: near, y: 2.0 }]);
        let line = least_squares(&two).unwrap();
        assert_eq!(line.w, 1.0 / (near - 0.1), "{line:?}");
        for s in &two.samples {
            assert_eq!(line.w * s.x + line.b - s.y, 0.0, "{line:?} misses {s:?}");
        }
        // x that differ only below the square root of the smallest double
        // (their squared deviations would underflow) still have their line:
        // through (0, 1) and (10⁻²⁰⁰, 2), slope 10²⁰⁰.
        let tiny = DataSet::new(vec![
            Sample { x: 0.0, y: 1.0 },
            Sample { x: 1e-200, y: 2.0 },
        ]);
        let line = least_squares(&tiny).unwrap();
        assert_eq!(line.b, 1.0);
        assert!((line.w / 1e200 - 1.0).abs() < 1e-15, "{line:?}");
        // A slope too large for a double is refused, not returned as ∞.
        let steep = DataSet::new(vec![
            Sample { x: 0.0, y: 0.0 },
            Sample { x: 1e-300, y: 1e10 },
        ]);
        assert_eq!(least_squares(&steep), None);
    }

    #[test]
    fn least_squares_agrees_with_the_textbook_formula_on_ordinary_data() {
        // Far from any rounding trouble, centring on the first x changes
        // nothing but the last bits: compare with cov/var from the means.
        let data = data();
        let n = data.len() as f64;
        let mx = data.samples.iter().map(|s| s.x).sum::<f64>() / n;
        let my = data.samples.iter().map(|s| s.y).sum::<f64>() / n;
        let cov: f64 = data.samples.iter().map(|s| (s.x - mx) * (s.y - my)).sum();
        let var: f64 = data.samples.iter().map(|s| (s.x - mx) * (s.x - mx)).sum();
        let line = least_squares(&data).unwrap();
        assert!((line.w - cov / var).abs() < 1e-13 * line.w.abs());
        assert!((line.b - (my - cov / var * mx)).abs() < 1e-13 * line.b.abs());
    }

    #[test]
    fn a_step_on_one_sample_goes_straight_towards_its_floor_line() {
        let sample = Sample { x: 2.0, y: 3.0 };
        let eta = 0.1;
        let (w, b) = (-1.0, 0.5);
        let g = sample_gradient(w, b, &sample);
        // The floor line 2w + b = 3 runs along (1, −x); the step is perpendicular to it.
        assert_eq!(g[0] * 1.0 + g[1] * -sample.x, 0.0);
        // and it removes the fraction η·(x² + 1) = 0.5 of the residual.
        let r = w * sample.x + b - sample.y;
        let (w1, b1) = (w - eta * g[0], b - eta * g[1]);
        let r1 = w1 * sample.x + b1 - sample.y;
        assert!((r1 - r * (1.0 - eta * (sample.x * sample.x + 1.0))).abs() < 1e-12);
    }

    #[test]
    fn a_single_sample_is_minimised_along_a_whole_line() {
        let one = SampleLoss {
            sample: Sample { x: 2.0, y: 3.0 },
        };
        // Every (w, b) with 2w + b = 3 has zero loss.
        for w in [-5.0, 0.0, 1.5, 7.0] {
            assert_eq!(one.value(&[w, 3.0 - 2.0 * w]), 0.0);
        }
    }

    #[test]
    fn curvatures_are_the_hessian_eigenvalues() {
        let data = data();
        let h = hessian(&data);
        let (big, small) = curvatures(&data);
        for lambda in [big, small] {
            let det = (h[0][0] - lambda) * (h[1][1] - lambda) - h[0][1] * h[1][0];
            assert!(det.abs() < 1e-12, "{det}");
        }
        assert!(big > small && small > 0.0);
    }

    #[test]
    fn the_small_curvature_survives_a_long_valley() {
        // x = 10⁸ + 1, …, 10⁸ + 10: var(x) = 8.25 exactly, and the product of
        // the two curvatures is det H = var(x). Written as the difference
        // tr H/2 − √(…), the small one would be lost to rounding entirely.
        let far = DataSet::new(
            (1..=10)
                .map(|i| Sample {
                    x: 1e8 + f64::from(i),
                    y: 0.0,
                })
                .collect(),
        );
        let (big, small) = curvatures(&far);
        let h = hessian(&far);
        assert!((big - (h[0][0] + 1.0)).abs() / big < 1e-15, "{big}");
        assert!((big * small - 8.25).abs() < 1e-12 * 8.25, "{big} · {small}");
        let [[a, c], [_, d]] = h;
        let naive = 0.5 * (a + d) - (0.25 * (a - d) * (a - d) + c * c).sqrt();
        assert!((naive - small).abs() > small, "{naive} against {small}");
        // The doc's example, x = 999.99, …, 1000: the difference keeps
        // nothing of λ_min, the product keeps it.
        let close = DataSet::new(
            (0..10)
                .map(|i| Sample {
                    x: 999.99 + 0.01 * f64::from(i) / 9.0,
                    y: 0.0,
                })
                .collect(),
        );
        let [[a, c], [_, d]] = hessian(&close);
        let naive = 0.5 * (a + d) - (0.25 * (a - d) * (a - d) + c * c).sqrt();
        let (big, small) = curvatures(&close);
        assert!(
            small > 0.0 && (naive - small).abs() >= small,
            "{naive} against {small}"
        );
        let var = close
            .samples
            .iter()
            .map(|s| (s.x - 999.995).powi(2))
            .sum::<f64>()
            / 10.0;
        assert!(
            (big * small - var).abs() < 1e-6 * var,
            "{} against {var}",
            big * small
        );
        // All x equal: no curvature along the floor at all.
        let flat = DataSet::new(vec![Sample { x: 0.7, y: 1.0 }; 10]);
        assert_eq!(curvatures(&flat).1, 0.0);
    }

    #[test]
    fn the_hand_written_loss_is_the_general_risk_of_a_line() {
        use crate::loss::Squared;
        use crate::model::Line as LineModel;
        use crate::risk::Risk;
        let data = data();
        let by_hand = MeanSquaredError { data: &data };
        let general = Risk {
            model: LineModel,
            loss: Squared,
            data: &data,
        };
        // The same arithmetic in the same order: equal to the last bit.
        for p in [[0.0, 0.0], [2.0, -1.0], [-1.5, 4.0], [10.0, 3.0]] {
            assert_eq!(by_hand.value(&p), general.value(&p));
            assert_eq!(by_hand.gradient(&p), general.gradient(&p));
            for i in [0, 7, 39] {
                assert_eq!(
                    by_hand.sample_gradient(i, &p),
                    general.sample_gradient(i, &p)
                );
            }
        }
        assert_eq!(by_hand.sample_count(), general.sample_count());
    }
}
