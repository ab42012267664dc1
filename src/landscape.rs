//! Landscapes that are not bowls, and how to tell their flat points apart.
//!
//! A bowl has one flat point, its bottom. The functions here have several:
//! two minima of different depth with a hill between them ([`DoubleWell`]),
//! a pass between two hills ([`Saddle`]), a flat spot that is no bottom at
//! all ([`Cubic`]), and a landscape with four minima, four saddles and a
//! hilltop ([`Himmelblau`]). Every one of them knows its Hessian, the matrix
//! of second derivatives ([`Curvature`]), and [`classify`] reads the kind of
//! a critical point off the Hessian's eigenvalues.
//!
//! The variable is `θ` throughout, as for the parameters of a model: these
//! are the landscapes that training walks on.

use crate::objective::Objective;

/// An objective whose Hessian is known as well as its gradient.
///
/// The Hessian `H(θ)` holds the second derivatives `Hᵢⱼ = ∂²f/∂θᵢ∂θⱼ`. It
/// is symmetric, and its eigenvalues are the curvatures of `f` along its
/// eigenvectors: at a critical point they say whether the ground curves up
/// or down in each direction. The tests of every implementation compare it
/// with [`numerical_hessian`].
pub trait Curvature: Objective {
    /// The Hessian at `θ`, as rows.
    fn hessian(&self, theta: &[f64]) -> Vec<Vec<f64>>;
}

/// The Hessian estimated by central differences of the analytic gradient:
/// column `j` is `(∇f(θ + h·eⱼ) − ∇f(θ − h·eⱼ)) / (2h)`, with the step
/// `h = ε^(1/3)·max(1, |θⱼ|)` of [`crate::derivative::numerical_gradient`].
pub fn numerical_hessian(objective: &impl Objective, theta: &[f64]) -> Vec<Vec<f64>> {
    let d = theta.len();
    let mut hessian = vec![vec![0.0; d]; d];
    let mut shifted = theta.to_vec();
    for j in 0..d {
        let h = crate::derivative::central_step() * theta[j].abs().max(1.0);
        shifted[j] = theta[j] + h;
        let above = objective.gradient(&shifted);
        shifted[j] = theta[j] - h;
        let below = objective.gradient(&shifted);
        shifted[j] = theta[j];
        for i in 0..d {
            hessian[i][j] = (above[i] - below[i]) / (2.0 * h);
        }
    }
    hessian
}

// ANCHOR: classify
/// What kind of critical point a point with these Hessian eigenvalues is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CriticalKind {
    /// Every curvature is positive: the ground curves up in every direction,
    /// a strict local minimum.
    Minimum,
    /// Every curvature is negative: a strict local maximum, a hilltop.
    Maximum,
    /// Some curvature is positive and some negative: up one way, down
    /// another. Neither a minimum nor a maximum: a saddle, and a *strict*
    /// one, since it has a direction of negative curvature.
    Saddle,
    /// Some eigenvalue is zero and the others do not disagree in sign: the
    /// second derivatives cannot decide. `θ⁴` and `θ³` both land here at 0;
    /// the first has a minimum there, the second a saddle with no downhill
    /// curvature. (A zero eigenvalue makes a critical point *degenerate*;
    /// a degenerate point whose other curvatures have both signs is still
    /// decided: a [`CriticalKind::Saddle`].)
    Undecided,
}

/// Classify a critical point by the eigenvalues `λ` of its Hessian, counting
/// `|λ| ≤ tolerance` as zero.
///
/// A positive and a negative eigenvalue make a saddle whatever the others
/// are: the point is a minimum along one direction and a maximum along
/// another. All positive make a strict local minimum, all negative a strict
/// local maximum. Anything else is [`CriticalKind::Undecided`]: the
/// second derivatives do not decide, and only higher ones can.
pub fn classify(eigenvalues: &[f64], tolerance: f64) -> CriticalKind {
    let up = eigenvalues.iter().any(|&l| l > tolerance);
    let down = eigenvalues.iter().any(|&l| l < -tolerance);
    let flat = eigenvalues.iter().any(|&l| l.abs() <= tolerance);
    match (up, down, flat) {
        (true, true, _) => CriticalKind::Saddle,
        (true, false, false) => CriticalKind::Minimum,
        (false, true, false) => CriticalKind::Maximum,
        _ => CriticalKind::Undecided,
    }
}
// ANCHOR_END: classify

/// The eigenvalues of a symmetric 2 × 2 matrix `[[a, c], [c, b]]`, smaller
/// first: `(a + b)/2 ∓ √(((a − b)/2)² + c²)`.
pub fn eigenvalues_2x2(h: &[Vec<f64>]) -> [f64; 2] {
    let (a, b, c) = (h[0][0], h[1][1], h[0][1]);
    let mean = 0.5 * (a + b);
    let radius = (0.5 * (a - b)).hypot(c);
    [mean - radius, mean + radius]
}

/// The eigenvalues of a 1 × 1 or 2 × 2 symmetric Hessian, smaller first.
///
/// # Panics
/// For a larger matrix: the landscapes of this module have one or two
/// variables.
pub fn eigenvalues(h: &[Vec<f64>]) -> Vec<f64> {
    match h.len() {
        1 => vec![h[0][0]],
        2 => eigenvalues_2x2(h).to_vec(),
        d => panic!("eigenvalues of a {d} × {d} Hessian: only 1 × 1 and 2 × 2 here"),
    }
}

// ANCHOR: double_well
/// A one-variable landscape with two minima of different depth:
/// `f(θ) = θ⁴/4 − θ³/3 − θ²`.
///
/// Its derivative factors, `f′(θ) = θ³ − θ² − 2θ = θ·(θ + 1)·(θ − 2)`, so
/// it is flat at exactly three points: a shallow minimum at `θ = −1`
/// (`f = −5/12`), a hilltop at `θ = 0` (`f = 0`) and a deep minimum at
/// `θ = 2` (`f = −8/3`). The curvature `f″(θ) = 3θ² − 2θ − 2` is 3 at the
/// shallow minimum, −2 on the hilltop and 6 at the deep minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DoubleWell;

impl DoubleWell {
    /// The shallow minimum.
    pub const SHALLOW: f64 = -1.0;
    /// The top of the hill between the two minima.
    pub const TOP: f64 = 0.0;
    /// The deep minimum.
    pub const DEEP: f64 = 2.0;

    /// `f(θ)`.
    pub fn at(&self, theta: f64) -> f64 {
        theta * theta * (theta * theta / 4.0 - theta / 3.0 - 1.0)
    }

    /// `f′(θ) = θ·(θ + 1)·(θ − 2)`.
    pub fn slope(&self, theta: f64) -> f64 {
        theta * (theta + 1.0) * (theta - 2.0)
    }

    /// `f″(θ) = 3θ² − 2θ − 2`.
    pub fn curvature(&self, theta: f64) -> f64 {
        3.0 * theta * theta - 2.0 * theta - 2.0
    }
}
// ANCHOR_END: double_well

impl Objective for DoubleWell {
    fn dimension(&self) -> usize {
        1
    }

    fn value(&self, theta: &[f64]) -> f64 {
        self.at(theta[0])
    }

    fn gradient(&self, theta: &[f64]) -> Vec<f64> {
        vec![self.slope(theta[0])]
    }
}

impl Curvature for DoubleWell {
    fn hessian(&self, theta: &[f64]) -> Vec<Vec<f64>> {
        vec![vec![self.curvature(theta[0])]]
    }
}

/// The saddle `f(θ) = θ₁² − θ₂²`: a pass between two hills.
///
/// Its gradient is `(2θ₁, −2θ₂)` and its Hessian the constant
/// `[[2, 0], [0, −2]]`: up along `θ₁`, down along `θ₂`. The only critical
/// point is the origin, a saddle. Gradient descent with rate `η` multiplies
/// `θ₁` by `1 − 2η` and `θ₂` by `1 + 2η` at every step: it walks in along
/// the first axis and out along the second. A walk that starts with
/// `θ₂ = 0` exactly never leaves the line `θ₂ = 0` and ends at the saddle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Saddle;

impl Objective for Saddle {
    fn dimension(&self) -> usize {
        2
    }

    fn value(&self, theta: &[f64]) -> f64 {
        theta[0] * theta[0] - theta[1] * theta[1]
    }

    fn gradient(&self, theta: &[f64]) -> Vec<f64> {
        vec![2.0 * theta[0], -2.0 * theta[1]]
    }
}

impl Curvature for Saddle {
    fn hessian(&self, _theta: &[f64]) -> Vec<Vec<f64>> {
        vec![vec![2.0, 0.0], vec![0.0, -2.0]]
    }
}

/// The cubic `f(θ) = θ³`, flat at `θ = 0` without a minimum there.
///
/// `f′(θ) = 3θ²` and `f″(θ) = 6θ` both vanish at 0, so the Hessian test is
/// silent ([`CriticalKind::Undecided`]); the point is neither a minimum nor
/// a maximum, a degenerate saddle with no direction of negative curvature.
/// From `0 < θ₀ < 1/(3η)` gradient descent creeps towards 0 and never
/// passes it (each step multiplies `θ` by `1 − 3ηθ`, between 0 and 1); a
/// start with `3ηθ₀ > 1` jumps past 0 in one step, and from any point below
/// 0 the walk runs away downhill, since `f` has no bottom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cubic;

impl Objective for Cubic {
    fn dimension(&self) -> usize {
        1
    }

    fn value(&self, theta: &[f64]) -> f64 {
        theta[0] * theta[0] * theta[0]
    }

    fn gradient(&self, theta: &[f64]) -> Vec<f64> {
        vec![3.0 * theta[0] * theta[0]]
    }
}

impl Curvature for Cubic {
    fn hessian(&self, theta: &[f64]) -> Vec<Vec<f64>> {
        vec![vec![6.0 * theta[0]]]
    }
}

/// Himmelblau's function, `f(θ) = (θ₁² + θ₂ − 11)² + (θ₁ + θ₂² − 7)²`.
///
/// A classic test landscape (Himmelblau, 1972) with nine critical points:
/// four minima, all with `f = 0` (one of them at `(3, 2)`), four saddles
/// between them, and one hilltop near `(−0.27, −0.92)`. With
/// `p = θ₁² + θ₂ − 11` and `q = θ₁ + θ₂² − 7` the gradient is
/// `(4θ₁·p + 2q, 2p + 4θ₂·q)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Himmelblau;

impl Objective for Himmelblau {
    fn dimension(&self) -> usize {
        2
    }

    fn value(&self, theta: &[f64]) -> f64 {
        let (x, y) = (theta[0], theta[1]);
        let p = x * x + y - 11.0;
        let q = x + y * y - 7.0;
        p * p + q * q
    }

    fn gradient(&self, theta: &[f64]) -> Vec<f64> {
        let (x, y) = (theta[0], theta[1]);
        let p = x * x + y - 11.0;
        let q = x + y * y - 7.0;
        vec![4.0 * x * p + 2.0 * q, 2.0 * p + 4.0 * y * q]
    }
}

impl Curvature for Himmelblau {
    fn hessian(&self, theta: &[f64]) -> Vec<Vec<f64>> {
        let (x, y) = (theta[0], theta[1]);
        let cross = 4.0 * (x + y);
        vec![
            vec![12.0 * x * x + 4.0 * y - 42.0, cross],
            vec![cross, 12.0 * y * y + 4.0 * x - 26.0],
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derivative::check_gradient;
    use approx::assert_relative_eq;

    fn check_second_order(f: &impl Curvature, points: &[Vec<f64>]) {
        for p in points {
            let check = check_gradient(f, p);
            assert!(check.passes(1e-7), "gradient at {p:?}: {check:?}");
            let analytic = f.hessian(p);
            let numerical = numerical_hessian(f, p);
            for i in 0..p.len() {
                for j in 0..p.len() {
                    let scale = analytic[i][j].abs().max(1.0);
                    assert!(
                        (analytic[i][j] - numerical[i][j]).abs() <= 1e-6 * scale,
                        "Hessian[{i}][{j}] at {p:?}: {} against {}",
                        analytic[i][j],
                        numerical[i][j]
                    );
                }
            }
        }
    }

    #[test]
    fn every_gradient_and_hessian_matches_finite_differences() {
        let line: Vec<Vec<f64>> = [-2.7, -1.0, -0.3, 0.0, 0.5, 2.0, 3.9]
            .iter()
            .map(|&t| vec![t])
            .collect();
        check_second_order(&DoubleWell, &line);
        check_second_order(&Cubic, &line);
        let plane: Vec<Vec<f64>> = [
            [0.0, 0.0],
            [1.0, -2.0],
            [-3.5, 2.5],
            [3.0, 2.0],
            [-0.27, -0.92],
            [4.5, -4.5],
        ]
        .iter()
        .map(|p| p.to_vec())
        .collect();
        check_second_order(&Saddle, &plane);
        check_second_order(&Himmelblau, &plane);
    }

    #[test]
    fn the_double_well_is_flat_exactly_where_its_factors_say() {
        let f = DoubleWell;
        for theta in [DoubleWell::SHALLOW, DoubleWell::TOP, DoubleWell::DEEP] {
            assert_eq!(f.slope(theta), 0.0);
        }
        assert_relative_eq!(f.at(-1.0), -5.0 / 12.0, epsilon = 1e-15);
        assert_relative_eq!(f.at(2.0), -8.0 / 3.0, epsilon = 1e-15);
        assert_eq!(f.curvature(-1.0), 3.0);
        assert_eq!(f.curvature(0.0), -2.0);
        assert_eq!(f.curvature(2.0), 6.0);
    }

    #[test]
    fn the_hessian_test_names_every_kind_and_admits_no_maximum_as_a_saddle() {
        let kind =
            |f: &dyn Fn(&[f64]) -> Vec<Vec<f64>>, p: &[f64]| classify(&eigenvalues(&f(p)), 1e-9);
        assert_eq!(
            kind(&|p| DoubleWell.hessian(p), &[-1.0]),
            CriticalKind::Minimum
        );
        assert_eq!(
            kind(&|p| DoubleWell.hessian(p), &[0.0]),
            CriticalKind::Maximum
        );
        assert_eq!(
            kind(&|p| Saddle.hessian(p), &[0.0, 0.0]),
            CriticalKind::Saddle
        );
        assert_eq!(kind(&|p| Cubic.hessian(p), &[0.0]), CriticalKind::Undecided);
        assert_eq!(
            kind(&|p| Himmelblau.hessian(p), &[3.0, 2.0]),
            CriticalKind::Minimum
        );
        // A positive and a negative curvature make a saddle even beside a zero one.
        assert_eq!(classify(&[-1.0, 0.0, 2.0], 1e-9), CriticalKind::Saddle);
        assert_eq!(classify(&[0.0, 2.0], 1e-9), CriticalKind::Undecided);
        // A negative curvature beside a zero one rules out a minimum, but
        // not a maximum: still undecided.
        assert_eq!(classify(&[-1.0, 0.0], 1e-9), CriticalKind::Undecided);
        assert_eq!(classify(&[-3.0, -1.0], 1e-9), CriticalKind::Maximum);
    }

    #[test]
    fn on_the_cubic_a_walk_creeps_to_zero_only_while_three_eta_theta_is_below_one() {
        use crate::optimizer::{GradientDescent, Optimizer};
        // 3ηθ₀ = 0.9: every step multiplies θ by 1 − 3ηθ ∈ (0, 1).
        let mut gd = GradientDescent { eta: 0.3 };
        let mut theta = [1.0];
        for _ in 0..1000 {
            let before = theta[0];
            let gradient = Cubic.gradient(&theta);
            gd.step(&mut theta, &gradient);
            assert!(theta[0] > 0.0 && theta[0] < before);
        }
        // 3ηθ₀ = 4.5: the first step jumps from 1 to 1 − 1.5·3 = −3.5.
        let mut gd = GradientDescent { eta: 1.5 };
        let mut theta = [1.0];
        let gradient = Cubic.gradient(&theta);
        gd.step(&mut theta, &gradient);
        assert_eq!(theta[0], -3.5);
    }

    #[test]
    fn two_by_two_eigenvalues_solve_the_characteristic_equation() {
        let h = vec![vec![1.0, 3.0], vec![3.0, 1.0]];
        assert_eq!(eigenvalues_2x2(&h), [-2.0, 4.0]);
        let h = vec![vec![74.0, 20.0], vec![20.0, 34.0]];
        for l in eigenvalues_2x2(&h) {
            // det(H − λI) = 0
            let det = (h[0][0] - l) * (h[1][1] - l) - h[0][1] * h[1][0];
            assert!(det.abs() < 1e-9, "{l}: {det}");
        }
    }
}
