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
/// The book's seed: its two clouds are separable, with a clear gap between
/// the margin of the closest points and the next.
pub const SEPARABLE_SEED: u64 = 137;
/// The book's learning rate on separable data.
pub const SEPARABLE_ETA: f64 = 1.0;
/// The book's number of steps.
pub const SEPARABLE_STEPS: usize = 10_000;
/// The steps at which the chapter measures the walk.
pub const CHECKPOINTS: [usize; 4] = [10, 100, 1000, 10_000];
/// The L2 strength `μ` of the book's penalised run.
pub const SEPARABLE_MU: f64 = 0.01;

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
/// `u` with `ỹᵢ·uᵀφᵢ ≥ 1` for every point (`ỹ = ±1` for class 1 and 0), and
/// the multipliers `αᵢ ≥ 0` with `u = Σ αᵢ·ỹᵢ·φᵢ` that certify it.
#[derive(Debug, Clone, PartialEq)]
pub struct MaxMargin {
    /// The separator `u = (w, b)`; its margin is `1/‖u‖`.
    pub u: Vec<f64>,
    /// The multipliers, non-zero only on the points at the margin.
    pub alpha: Vec<f64>,
}

/// `ỹ = +1` for class 1, `−1` for class 0.
fn sign(y: f64) -> f64 {
    if y == 1.0 { 1.0 } else { -1.0 }
}

/// `φ = (x, 1)`.
fn phi(x: &[f64; 2]) -> [f64; 3] {
    [x[0], x[1], 1.0]
}

/// Solve for the maximum-margin separator by coordinate ascent on its dual,
/// `max Σαᵢ − ½‖Σ αᵢỹᵢφᵢ‖²` over `α ≥ 0`: each pass sets each `αᵢ` to its
/// best value with the others held. `None` if the data are not separable
/// (the multipliers then grow without end).
pub fn max_margin(data: &DataSet<[f64; 2]>) -> Option<MaxMargin> {
    let n = data.len();
    let mut alpha = vec![0.0; n];
    let mut u = [0.0; 3];
    for _ in 0..20_000 {
        let mut change: f64 = 0.0;
        for (i, s) in data.samples.iter().enumerate() {
            let f = phi(&s.x);
            let yi = sign(s.y);
            let margin = yi * (u[0] * f[0] + u[1] * f[1] + u[2] * f[2]);
            let square = f[0] * f[0] + f[1] * f[1] + f[2] * f[2];
            let new = (alpha[i] + (1.0 - margin) / square).max(0.0);
            let delta = new - alpha[i];
            for k in 0..3 {
                u[k] += delta * yi * f[k];
            }
            alpha[i] = new;
            change = change.max(delta.abs());
        }
        if alpha.iter().any(|a| *a > 1e12) {
            return None;
        }
        if change < 1e-15 {
            break;
        }
    }
    Some(MaxMargin {
        u: u.to_vec(),
        alpha,
    })
}

impl MaxMargin {
    /// `ỹᵢ·uᵀφᵢ` for every point: 1 at the margin, more beyond it.
    pub fn margins(&self, data: &DataSet<[f64; 2]>) -> Vec<f64> {
        data.samples
            .iter()
            .map(|s| {
                let f = phi(&s.x);
                sign(s.y) * (self.u[0] * f[0] + self.u[1] * f[1] + self.u[2] * f[2])
            })
            .collect()
    }

    /// `‖u‖`, the reciprocal of the margin.
    pub fn norm(&self) -> f64 {
        norm(&self.u)
    }
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
    /// `t·η·L(θₜ)/‖u‖²`, which tends to 1.
    pub loss_ratio: f64,
    /// `‖θₜ‖`.
    pub norm: f64,
    /// The angle between `θₜ` and `u`, in radians.
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
            angle: angle(theta, &self.best.u),
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
    /// checkpoints, divided by `‖u‖`: tends to 1.
    pub fn growth_ratio(&self) -> f64 {
        let c = self.checkpoints();
        let (a, b) = (c[c.len() - 2], c[c.len() - 1]);
        (b.norm - a.norm) / (b.t as f64 / a.t as f64).ln() / self.best.norm()
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
