//! The surfaces the chapter walks on: the stretched bowl of any condition
//! number, two line fits (chapter 3's fifty points, and ten raw points
//! `x = 1, …, 10`), and a bowl of three quadratic pieces on which the heavy
//! ball's best quadratic settings fail.

use descent::data::{DataSet, Sample};
use descent::line::{MeanSquaredError, curvatures, hessian};
use descent::{Objective, QuadraticBowl};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

/// The seed of the ten raw points.
pub const RAW_SEED: u64 = 8;

// ANCHOR: raw_data
/// Ten points at `x = 1, 2, …, 10` around the line `y = 2x + 1`, with
/// Gaussian noise of standard deviation 0.5: data that nobody centred or
/// scaled, so the intercept and the slope pull on very different scales.
pub fn raw_data() -> DataSet {
    let mut rng = ChaCha8Rng::seed_from_u64(RAW_SEED);
    let noise = Normal::new(0.0, 0.5).expect("a finite noise level");
    let mut samples = Vec::new();
    for i in 1..=10 {
        let x = i as f64;
        samples.push(Sample {
            x,
            y: 2.0 * x + 1.0 + noise.sample(&mut rng),
        });
    }
    DataSet::new(samples)
}
// ANCHOR_END: raw_data

// ANCHOR: pieces
/// A one-variable bowl made of three quadratic pieces, with its bottom at 0:
/// slope `25θ` below 1, `θ + 24` from 1 to 2, `25θ − 24` above 2. The slope
/// is continuous and its steepness (the second derivative) is 25 or 1, so
/// the curvature stays between `λ_min = 1` and `λ_max = 25`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pieces;

impl Pieces {
    /// The smallest curvature anywhere.
    pub const LAMBDA_MIN: f64 = 1.0;
    /// The largest curvature anywhere.
    pub const LAMBDA_MAX: f64 = 25.0;

    /// The slope at `θ`.
    pub fn slope(theta: f64) -> f64 {
        if theta < 1.0 {
            25.0 * theta
        } else if theta < 2.0 {
            theta + 24.0
        } else {
            25.0 * theta - 24.0
        }
    }

    /// The height at `θ`.
    pub fn height(theta: f64) -> f64 {
        if theta < 1.0 {
            12.5 * theta * theta
        } else if theta < 2.0 {
            0.5 * theta * theta + 24.0 * theta - 12.0
        } else {
            12.5 * theta * theta - 24.0 * theta + 36.0
        }
    }
}
// ANCHOR_END: pieces

impl Objective for Pieces {
    fn dimension(&self) -> usize {
        1
    }

    fn value(&self, x: &[f64]) -> f64 {
        Pieces::height(x[0])
    }

    fn gradient(&self, x: &[f64]) -> Vec<f64> {
        vec![Pieces::slope(x[0])]
    }
}

/// A surface to walk on.
#[derive(Debug, Clone, PartialEq)]
pub enum Surface {
    /// `f = (θ₁² + κ·θ₂²)/2`: curvatures 1 and `κ`, bottom at the origin.
    Bowl(f64),
    /// The mean squared loss of a line on a data set, over `(w, b)`.
    Line {
        /// Which data: `"line"` (chapter 3's) or `"raw"` (`x = 1, …, 10`).
        name: &'static str,
        /// The points.
        data: DataSet,
    },
    /// [`Pieces`].
    Pieces,
}

impl Surface {
    /// The bowl with condition number `κ`.
    pub fn bowl(kappa: f64) -> Self {
        Surface::Bowl(kappa)
    }

    /// Chapter 3's fifty points.
    pub fn chapter3_line() -> Self {
        Surface::Line {
            name: "line",
            data: chapter3::data(chapter3::SEED),
        }
    }

    /// The ten raw points.
    pub fn raw() -> Self {
        Surface::Line {
            name: "raw",
            data: raw_data(),
        }
    }

    /// The name the command line uses.
    pub fn name(&self) -> &'static str {
        match self {
            Surface::Bowl(_) => "bowl",
            Surface::Line { name, .. } => name,
            Surface::Pieces => "pieces",
        }
    }

    /// How many coordinates a point has.
    pub fn dimension(&self) -> usize {
        match self {
            Surface::Pieces => 1,
            _ => 2,
        }
    }

    /// The names of the coordinates, for tables and axes.
    pub fn coordinates(&self) -> &'static [&'static str] {
        match self {
            Surface::Bowl(_) => &["theta1", "theta2"],
            Surface::Line { .. } => &["w", "b"],
            Surface::Pieces => &["theta"],
        }
    }

    /// The Hessian `H` of a quadratic surface (`None` for the pieces).
    pub fn hessian(&self) -> Option<[[f64; 2]; 2]> {
        match self {
            Surface::Bowl(kappa) => Some([[1.0, 0.0], [0.0, *kappa]]),
            Surface::Line { data, .. } => Some(hessian(data)),
            Surface::Pieces => None,
        }
    }

    /// `(λ_min, λ_max)`: the smallest and largest curvature.
    pub fn curvatures(&self) -> (f64, f64) {
        match self {
            Surface::Bowl(kappa) => (1.0_f64.min(*kappa), 1.0_f64.max(*kappa)),
            Surface::Line { data, .. } => {
                let (big, small) = curvatures(data);
                (small, big)
            }
            Surface::Pieces => (Pieces::LAMBDA_MIN, Pieces::LAMBDA_MAX),
        }
    }

    /// The bottom of `f + (μ/2)·‖θ‖²`: where a run with weight decay `μ` ends.
    pub fn bottom(&self, weight_decay: f64) -> Vec<f64> {
        match self {
            Surface::Bowl(_) => vec![0.0, 0.0],
            Surface::Pieces => vec![0.0],
            Surface::Line { data, .. } => {
                // (H + μI)·θ = (mean xy, mean y), by Cramer's rule.
                let h = hessian(data);
                let n = data.len() as f64;
                let xy = data.samples.iter().map(|s| s.x * s.y).sum::<f64>() / n;
                let y = data.samples.iter().map(|s| s.y).sum::<f64>() / n;
                let (a, b, c, d) = (
                    h[0][0] + weight_decay,
                    h[0][1],
                    h[1][0],
                    h[1][1] + weight_decay,
                );
                let det = a * d - b * c;
                vec![(xy * d - b * y) / det, (a * y - c * xy) / det]
            }
        }
    }
}

impl Objective for Surface {
    fn dimension(&self) -> usize {
        Surface::dimension(self)
    }

    fn value(&self, x: &[f64]) -> f64 {
        match self {
            Surface::Bowl(kappa) => QuadraticBowl {
                a1: 1.0,
                a2: *kappa,
            }
            .value(x),
            Surface::Line { data, .. } => MeanSquaredError { data }.value(x),
            Surface::Pieces => Pieces.value(x),
        }
    }

    fn gradient(&self, x: &[f64]) -> Vec<f64> {
        match self {
            Surface::Bowl(kappa) => QuadraticBowl {
                a1: 1.0,
                a2: *kappa,
            }
            .gradient(x),
            Surface::Line { data, .. } => MeanSquaredError { data }.gradient(x),
            Surface::Pieces => Pieces.gradient(x),
        }
    }

    fn sample_count(&self) -> usize {
        match self {
            Surface::Line { data, .. } => data.len(),
            _ => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use descent::derivative::check_gradient;

    #[test]
    fn the_pieces_join_smoothly_and_their_slope_is_right() {
        // Away from the joins, where the second derivative jumps and a central
        // difference straddling a join is off by O(h).
        for theta in [-3.0, -0.5, 0.3, 0.99, 1.01, 1.5, 1.99, 2.01, 2.7, 10.0] {
            let check = check_gradient(&Pieces, &[theta]);
            assert!(check.passes(1e-6), "at {theta}: {check:?}");
        }
        for join in [1.0, 2.0] {
            let eps = 1e-12;
            assert!((Pieces::height(join - eps) - Pieces::height(join)).abs() < 1e-9);
            assert!((Pieces::slope(join - eps) - Pieces::slope(join)).abs() < 1e-9);
        }
    }

    #[test]
    fn every_surface_has_an_honest_gradient() {
        for surface in [
            Surface::bowl(100.0),
            Surface::chapter3_line(),
            Surface::raw(),
        ] {
            for p in [[0.0, 0.0], [1.5, -2.0], [-0.3, 4.0]] {
                let check = check_gradient(&surface, &p);
                assert!(check.passes(1e-6), "{}: {check:?}", surface.name());
            }
        }
    }

    #[test]
    fn the_penalised_bottom_has_zero_gradient() {
        let surface = Surface::raw();
        let bottom = surface.bottom(0.5);
        let g = surface.gradient(&bottom);
        for i in 0..2 {
            assert!((g[i] + 0.5 * bottom[i]).abs() < 1e-10);
        }
    }
}
