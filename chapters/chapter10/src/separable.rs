//! Separable data: the loss has no minimum, the weights grow like `ln t`,
//! and the direction turns towards the maximum-margin separator.

use descent::data::{DataSet, Sample};
use descent::loss::CrossEntropy;
use descent::model::Logistic;
use descent::objective::{Objective, norm};
use descent::risk::Risk;
use descent::{GradientDescent, StoppingRules, Trajectory, descend};
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, Normal};

use crate::ridge;

/// How many points: half in each class.
pub const SEPARABLE_COUNT: usize = 20;
/// The centre of the class-1 cloud; class 0 sits at minus this.
pub const CENTRE: [f64; 2] = [1.5, 1.0];
/// The standard deviation of each coordinate around its centre.
pub const SPREAD: f64 = 0.6;
/// The book's seed, picked for a quick approach to the limits: its clouds
/// are separable with a wide gap between the points at the margin and the
/// next point, whose loss therefore fades fast. A typical draw has a much
/// narrower gap and approaches the limits more slowly.
pub const SEPARABLE_SEED: u64 = 137;
/// A typical draw, to compare with the book's.
pub const TYPICAL_SEED: u64 = 0;
/// The book's learning rate on separable data.
pub const SEPARABLE_ETA: f64 = 1.0;
/// The book's number of steps.
pub const SEPARABLE_STEPS: usize = 10_000;
/// The steps at which the chapter measures the walk.
pub const CHECKPOINTS: [usize; 4] = [10, 100, 1000, 10_000];
/// The L2 strength `μ` of the book's penalised run.
pub const SEPARABLE_MU: f64 = 0.01;
/// The penalties whose minima the chapter compares with the maximum-margin
/// direction (question 6): ever weaker.
pub const SHRINKING_MU: [f64; 3] = [0.1, 0.01, 0.001];

// ANCHOR: separable_data
/// Two clouds of `count/2` points around `±CENTRE`, each coordinate with
/// Gaussian spread `SPREAD`; the first half is class 0, the second class 1.
pub fn clouds(count: usize, seed: u64) -> DataSet<[f64; 2]> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let noise = Normal::new(0.0, SPREAD).expect("a finite spread");
    let mut samples = Vec::with_capacity(count);
    for i in 0..count {
        let (sign, y) = if i < count / 2 {
            (-1.0, 0.0)
        } else {
            (1.0, 1.0)
        };
        let x = [
            sign * CENTRE[0] + noise.sample(&mut rng),
            sign * CENTRE[1] + noise.sample(&mut rng),
        ];
        samples.push(Sample { x, y });
    }
    DataSet::new(samples)
}
// ANCHOR_END: separable_data

/// The maximum-margin separator of the points `φᵢ = (xᵢ, 1)`: the shortest
/// `θₘₘ` with `ỹᵢ·θₘₘᵀφᵢ ≥ 1` for every point (`ỹ = ±1` for class 1 and 0), and
/// the multipliers `cᵢ ≥ 0` with `θₘₘ = Σ cᵢ·ỹᵢ·φᵢ` that certify it.
#[derive(Debug, Clone, PartialEq)]
pub struct MaxMargin {
    /// The separator `θₘₘ = (w, b)`; its margin in the space of the `φᵢ` is
    /// `1/‖θₘₘ‖`.
    pub theta_mm: Vec<f64>,
    /// The multipliers, non-zero only on the points at the margin.
    pub multipliers: Vec<f64>,
}

/// `ỹ = +1` for class 1, `−1` for class 0.
fn sign(y: f64) -> f64 {
    if y == 1.0 { 1.0 } else { -1.0 }
}

/// `φ = (x, 1)`.
fn phi(x: &[f64; 2]) -> [f64; 3] {
    [x[0], x[1], 1.0]
}

/// The most passes over the points that [`max_margin`] makes.
pub const DUAL_PASSES: usize = 20_000;

/// Solve for the maximum-margin separator by coordinate ascent on its dual,
/// `max Σcᵢ − ½‖Σ cᵢỹᵢφᵢ‖²` over `c ≥ 0`: each pass sets each `cᵢ` to its
/// best value with the others held.
///
/// `None` unless the passes settle (no multiplier moves by `10⁻¹⁵` in a
/// pass) within [`DUAL_PASSES`] and every point then has margin at least 1:
/// on points that no line separates the multipliers grow without end, the
/// passes never settle, and some margins stay below 1.
pub fn max_margin(data: &DataSet<[f64; 2]>) -> Option<MaxMargin> {
    let n = data.len();
    let mut c = vec![0.0; n];
    let mut theta_mm = [0.0; 3];
    let mut settled = false;
    for _ in 0..DUAL_PASSES {
        let mut change: f64 = 0.0;
        for (i, s) in data.samples.iter().enumerate() {
            let f = phi(&s.x);
            let yi = sign(s.y);
            let margin = yi * (theta_mm[0] * f[0] + theta_mm[1] * f[1] + theta_mm[2] * f[2]);
            let square = f[0] * f[0] + f[1] * f[1] + f[2] * f[2];
            let new = (c[i] + (1.0 - margin) / square).max(0.0);
            let delta = new - c[i];
            for k in 0..3 {
                theta_mm[k] += delta * yi * f[k];
            }
            c[i] = new;
            change = change.max(delta.abs());
        }
        if change < 1e-15 {
            settled = true;
            break;
        }
    }
    let best = MaxMargin {
        theta_mm: theta_mm.to_vec(),
        multipliers: c,
    };
    let separates = best.margins(data).iter().all(|m| *m >= 1.0 - 1e-9);
    (settled && separates).then_some(best)
}

impl MaxMargin {
    /// `ỹᵢ·θₘₘᵀφᵢ` for every point: 1 at the margin, more beyond it.
    pub fn margins(&self, data: &DataSet<[f64; 2]>) -> Vec<f64> {
        data.samples
            .iter()
            .map(|s| {
                let f = phi(&s.x);
                sign(s.y)
                    * (self.theta_mm[0] * f[0] + self.theta_mm[1] * f[1] + self.theta_mm[2] * f[2])
            })
            .collect()
    }

    /// `‖θₘₘ‖`, the reciprocal of the margin in the space of the `φᵢ`.
    pub fn norm(&self) -> f64 {
        norm(&self.theta_mm)
    }

    /// The distance in the plane from the line `θₘₘᵀ(x, 1) = 0` to the points
    /// at the margin: `1/‖w‖`, with `w` the first two entries of `θₘₘ`.
    pub fn distance_in_plane(&self) -> f64 {
        1.0 / norm(&self.theta_mm[..2])
    }

    /// The points at the margin: those with a non-zero multiplier.
    pub fn support(&self) -> Vec<usize> {
        (0..self.multipliers.len())
            .filter(|&i| self.multipliers[i] > 1e-9)
            .collect()
    }

    /// The smallest margin `ỹᵢ·θₘₘᵀφᵢ` of the points beyond the margin: how
    /// far the next point sits. The larger it is, the faster those points'
    /// losses fade and the sooner the walk shows its limits.
    pub fn next_margin(&self, data: &DataSet<[f64; 2]>) -> f64 {
        self.margins(data)
            .into_iter()
            .filter(|m| *m > 1.0 + 1e-6)
            .fold(f64::INFINITY, f64::min)
    }
}

/// The points as features `(x₁, x₂)` in a vector, for the code written for
/// any number of features.
pub fn as_vectors(data: &DataSet<[f64; 2]>) -> DataSet<Vec<f64>> {
    DataSet::new(
        data.samples
            .iter()
            .map(|s| Sample {
                x: s.x.to_vec(),
                y: s.y,
            })
            .collect(),
    )
}

/// The minimum of the penalised mean cross-entropy `L(θ) + (μ/2)‖θ‖²` on
/// the clouds, by Newton's method (chapter 7): from `θ = 0`, each step
/// solves `(H + μI)·d = ∇` and moves by `−d`, halved until the loss or the
/// gradient falls; it stops once `‖∇‖ ≤ 10⁻¹²` (or after 100 steps).
/// Returns the point and its gradient norm. Gradient descent needs about
/// `1/(ημ)` steps for a weak penalty; Newton's method a dozen.
pub fn penalised_minimum(data: &DataSet<[f64; 2]>, mu: f64) -> (Vec<f64>, f64) {
    let data = as_vectors(data);
    let risk = Risk {
        model: Logistic { features: 2 },
        loss: CrossEntropy,
        data: &data,
    };
    let objective = ridge(risk, mu);
    let mut theta = vec![0.0; 3];
    let mut gradient = objective.gradient(&theta);
    for _ in 0..100 {
        if norm(&gradient) <= 1e-12 {
            break;
        }
        let mut h = crate::penguins::hessian(&data, &theta);
        for k in 0..3 {
            h[(k, k)] += mu;
        }
        let d = descent::linalg::solve_spd(&h, &gradient).expect("H + μI is positive definite");
        let (value, size) = (objective.value(&theta), norm(&gradient));
        let mut a = 1.0;
        let mut next: Vec<f64>;
        loop {
            next = theta.iter().zip(&d).map(|(t, d)| t - a * d).collect();
            if objective.value(&next) < value
                || norm(&objective.gradient(&next)) < size
                || a < 1e-12
            {
                break;
            }
            a /= 2.0;
        }
        theta = next;
        gradient = objective.gradient(&theta);
    }
    let size = norm(&gradient);
    (theta, size)
}

/// The angle between two vectors, in radians.
pub fn angle(a: &[f64], b: &[f64]) -> f64 {
    let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    (dot / (norm(a) * norm(b))).clamp(-1.0, 1.0).acos()
}

/// One measurement of the walk on separable data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Checkpoint {
    /// The step `t`.
    pub t: usize,
    /// The mean loss `L(θₜ)`.
    pub loss: f64,
    /// `t·η·L(θₜ)/‖θₘₘ‖²`, which tends to 1.
    pub loss_ratio: f64,
    /// `‖θₜ‖`.
    pub norm: f64,
    /// The angle between `θₜ` and `θₘₘ`, in radians.
    pub angle: f64,
}

/// Gradient descent on the two clouds, with and without an L2 penalty.
#[derive(Debug, Clone, PartialEq)]
pub struct Separable {
    /// The points.
    pub data: DataSet<[f64; 2]>,
    /// The maximum-margin separator.
    pub best: MaxMargin,
    /// The learning rate.
    pub eta: f64,
    /// The unpenalised walk.
    pub trajectory: Trajectory,
    /// The walk with the penalty `(μ/2)‖θ‖²`.
    pub penalised: Trajectory,
    /// `μ`.
    pub mu: f64,
}

impl Separable {
    /// Draw the clouds for `seed` and walk `steps` steps at `eta`, plain and
    /// with an L2 penalty `mu`. `None` if the clouds overlap.
    pub fn run(seed: u64, eta: f64, steps: usize, mu: f64) -> Option<Self> {
        let data = clouds(SEPARABLE_COUNT, seed);
        let best = max_margin(&data)?;
        let risk = Risk {
            model: Logistic { features: 2 },
            loss: CrossEntropy,
            data: &data,
        };
        let start = [0.0; 3];
        let trajectory = descend(
            &risk,
            &mut GradientDescent { eta },
            &start,
            &StoppingRules::budget(steps),
        );
        let penalised = descend(
            &ridge(risk, mu),
            &mut GradientDescent { eta },
            &start,
            &StoppingRules::budget(steps).with_gradient_tolerance(1e-12),
        );
        Some(Separable {
            data,
            best,
            eta,
            trajectory,
            penalised,
            mu,
        })
    }

    /// The book's run.
    pub fn book() -> Self {
        Separable::run(SEPARABLE_SEED, SEPARABLE_ETA, SEPARABLE_STEPS, SEPARABLE_MU)
            .expect("the book's clouds are separable")
    }

    /// The walk measured at step `t`.
    pub fn at(&self, t: usize) -> Checkpoint {
        let theta = &self.trajectory.points[t];
        let loss = self.trajectory.losses[t];
        Checkpoint {
            t,
            loss,
            loss_ratio: t as f64 * self.eta * loss / self.best.norm().powi(2),
            norm: norm(theta),
            angle: angle(theta, &self.best.theta_mm),
        }
    }

    /// The measurements at the book's checkpoints that the run reached.
    pub fn checkpoints(&self) -> Vec<Checkpoint> {
        CHECKPOINTS
            .iter()
            .filter(|&&t| t <= self.trajectory.steps())
            .map(|&t| self.at(t))
            .collect()
    }

    /// How fast `‖θ‖` grew per unit of `ln t` between the last two
    /// checkpoints, divided by `‖θₘₘ‖`: tends to 1.
    pub fn growth_ratio(&self) -> f64 {
        let c = self.checkpoints();
        let (a, b) = (c[c.len() - 2], c[c.len() - 1]);
        (b.norm - a.norm) / (b.t as f64 / a.t as f64).ln() / self.best.norm()
    }

    /// `θ_fin ≈ θₜ − θₘₘ·ln t` at step `t`: the part of the walk that stays finite
    /// in the deeper section's picture `θₜ ≈ θₘₘ·ln t + θ_fin`.
    pub fn offset(&self, t: usize) -> Vec<f64> {
        let ln_t = (t as f64).ln();
        self.trajectory.points[t]
            .iter()
            .zip(&self.best.theta_mm)
            .map(|(theta, theta_mm)| theta - theta_mm * ln_t)
            .collect()
    }

    /// How certain the model `theta` is of every point: the smallest
    /// probability it gives any point for that point's own class.
    pub fn least_certainty(&self, theta: &[f64]) -> f64 {
        let risk = Risk {
            model: Logistic { features: 2 },
            loss: CrossEntropy,
            data: &self.data,
        };
        (0..self.data.len())
            .map(|i| (-risk.sample_loss(i, theta)).exp())
            .fold(1.0, f64::min)
    }

    /// The largest rate at which every step goes downhill on these clouds,
    /// wherever it starts: `8/λ_max(XᵀX/n)`, as for the penguins.
    pub fn safe_rate(&self) -> f64 {
        crate::penguins::safe_rate(&as_vectors(&self.data))
    }

    /// For each penalty of [`SHRINKING_MU`]: the angle between the penalised
    /// minimum and `θₘₘ`, in radians, and the minimum's size `‖θ‖`.
    pub fn shrinking_penalties(&self) -> Vec<(f64, f64, f64)> {
        SHRINKING_MU
            .iter()
            .map(|&mu| {
                let (theta, _) = penalised_minimum(&self.data, mu);
                (mu, angle(&theta, &self.best.theta_mm), norm(&theta))
            })
            .collect()
    }

    /// The penalised objective's value and gradient norm at its end.
    pub fn penalised_end(&self) -> (f64, f64) {
        let risk = Risk {
            model: Logistic { features: 2 },
            loss: CrossEntropy,
            data: &self.data,
        };
        let p = ridge(risk, self.mu);
        let theta = self.penalised.final_point();
        (p.value(theta), norm(&p.gradient(theta)))
    }
}
