//! Which minimum of the double well a walk reaches, for every start and
//! every learning rate: the basins of attraction.

use descent::landscape::DoubleWell;

/// Where a walk on the double well ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Destination {
    /// The shallow minimum at `θ = −1`.
    Shallow,
    /// The deep minimum at `θ = 2`.
    Deep,
    /// The hilltop at `θ = 0`, landed on exactly: the slope there is zero,
    /// so the walk never moves again.
    Top,
    /// Neither settled nor ran away within the budget: still moving, in a
    /// cycle, chaotically, or too slowly to arrive.
    Unsettled,
    /// Ran away (the loss passed the divergence threshold).
    Diverged,
}

impl Destination {
    /// Every destination, in the order the tables print them.
    pub const ALL: [Destination; 5] = [
        Destination::Deep,
        Destination::Shallow,
        Destination::Unsettled,
        Destination::Diverged,
        Destination::Top,
    ];

    /// Its name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Destination::Shallow => "shallow well",
            Destination::Deep => "deep well",
            Destination::Top => "hilltop",
            Destination::Unsettled => "not settled",
            Destination::Diverged => "diverged",
        }
    }
}

/// The tolerance on `|f′(θ)|` at which a walk counts as arrived (chapter 1's).
pub const ARRIVED: f64 = 1e-6;

/// The step budget of each walk on the map.
pub const BUDGET: usize = 1000;

/// How far from the wells a walk has surely run away (for `η ≥ 0.01`).
pub const RUNAWAY: f64 = 100.0;

// ANCHOR: destination
/// Walk down the double well from `theta0` with rate `eta` for at most
/// `budget` steps, and say where the walk ends.
///
/// The walk has arrived once `|f′(θ)| ≤ 10⁻⁶` (chapter 1's rule) at a
/// minimum that can hold it: where the curvature `a = f″(θ)` is positive and
/// `η·a < 2` (chapter 2's rule; a walk passing close to a minimum that
/// cannot hold it is thrown out again). It has run away once `|θ| > 100`:
/// there the slope, about `θ³`, makes every step of `η ≥ 0.01` overshoot
/// farther than it started, for ever.
pub fn destination(theta0: f64, eta: f64, budget: usize) -> Destination {
    let f = DoubleWell;
    let mut theta = theta0;
    let mut slope = f.slope(theta);
    for step in 0..=budget {
        if step > 0 {
            theta -= eta * slope;
            if theta.is_nan() || theta.abs() > RUNAWAY {
                return Destination::Diverged;
            }
            slope = f.slope(theta);
        }
        if slope.abs() <= ARRIVED {
            let a = f.curvature(theta);
            if a > 0.0 && eta * a < 2.0 {
                return if theta < DoubleWell::TOP {
                    Destination::Shallow
                } else {
                    Destination::Deep
                };
            }
            if slope == 0.0 && a < 0.0 {
                return Destination::Top;
            }
        }
    }
    Destination::Unsettled
}
// ANCHOR_END: destination

/// The map's starts: `count` cell centres evenly across `[low, high]`.
pub fn centres(low: f64, high: f64, count: usize) -> Vec<f64> {
    let width = (high - low) / count as f64;
    (0..count).map(|i| low + (i as f64 + 0.5) * width).collect()
}

/// The grid of a basin map: starts across, learning rates up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MapGrid {
    /// The range of starts `θ₀`.
    pub start: (f64, f64),
    /// The range of learning rates `η`.
    pub eta: (f64, f64),
    /// How many starts and how many rates.
    pub cells: (usize, usize),
}

/// The book's map: 200 starts from −2.5 to 3.5, 140 rates from 0.02 to 0.72.
pub const BOOK_MAP: MapGrid = MapGrid {
    start: (-2.5, 3.5),
    eta: (0.02, 0.72),
    cells: (200, 140),
};

/// Where every start of a grid ends, for every learning rate.
#[derive(Debug, Clone, PartialEq)]
pub struct BasinMap {
    /// The grid.
    pub grid: MapGrid,
    /// The starts (cell centres).
    pub starts: Vec<f64>,
    /// The learning rates (cell centres).
    pub etas: Vec<f64>,
    /// `cells[j][i]`: where the walk from `starts[i]` with `etas[j]` ends.
    pub cells: Vec<Vec<Destination>>,
}

impl BasinMap {
    /// Walk from every start with every rate.
    pub fn compute(grid: MapGrid) -> Self {
        let starts = centres(grid.start.0, grid.start.1, grid.cells.0);
        let etas = centres(grid.eta.0, grid.eta.1, grid.cells.1);
        let cells = etas
            .iter()
            .map(|&eta| {
                starts
                    .iter()
                    .map(|&theta0| destination(theta0, eta, BUDGET))
                    .collect()
            })
            .collect();
        BasinMap {
            grid,
            starts,
            etas,
            cells,
        }
    }

    /// The row of the rate closest to `eta`.
    pub fn row(&self, eta: f64) -> usize {
        let mut best = 0;
        for (j, e) in self.etas.iter().enumerate() {
            if (e - eta).abs() < (self.etas[best] - eta).abs() {
                best = j;
            }
        }
        best
    }

    /// The fraction of the starts in row `j` that end at `destination`.
    pub fn fraction(&self, j: usize, destination: Destination) -> f64 {
        let row = &self.cells[j];
        row.iter().filter(|&&d| d == destination).count() as f64 / row.len() as f64
    }
}

/// One step of gradient descent on the double well: `θ − η·f′(θ)`.
pub fn step(theta: f64, eta: f64) -> f64 {
    theta - eta * DoubleWell.slope(theta)
}

/// The two-step cycle around the deep minimum for `1/3 < η`, if Newton's
/// method finds it from `start`: the points `p < 2 < q` with one step from
/// `p` landing on `q` and one from `q` on `p`.
///
/// Newton's method solves the two equations `step(p) − q = 0` and
/// `step(q) − p = 0` together; its 2 × 2 Jacobian is
/// `[[1 − ηf″(p), −1], [−1, 1 − ηf″(q)]]`.
pub fn two_cycle(eta: f64, start: (f64, f64)) -> Option<(f64, f64)> {
    let f = DoubleWell;
    let (mut p, mut q) = start;
    for _ in 0..100 {
        let (g1, g2) = (step(p, eta) - q, step(q, eta) - p);
        if g1.abs().max(g2.abs()) <= 1e-14 {
            return (q - p > 1e-6).then_some((p, q));
        }
        let (a, d) = (1.0 - eta * f.curvature(p), 1.0 - eta * f.curvature(q));
        // [[a, −1], [−1, d]]·(δp, δq) = −(g1, g2)
        let det = a * d - 1.0;
        if det == 0.0 {
            return None;
        }
        p -= (d * g1 + g2) / det;
        q -= (g1 + a * g2) / det;
    }
    None
}

/// The factor by which two steps around the cycle multiply a small
/// displacement from it: `(1 − ηf″(p))·(1 − ηf″(q))`. The cycle holds walks
/// while this lies between −1 and 1.
pub fn cycle_multiplier(eta: f64, (p, q): (f64, f64)) -> f64 {
    let f = DoubleWell;
    (1.0 - eta * f.curvature(p)) * (1.0 - eta * f.curvature(q))
}

/// A start from which Newton's method finds the two-step cycle for every
/// rate from 0.36 to 0.45.
pub const CYCLE_GUESS: (f64, f64) = (1.5, 2.25);

/// The learning rate at which the two-step cycle stops holding walks: where
/// its multiplier passes −1, found by bisection between 0.36 (multiplier
/// above −1) and 0.45 (below).
pub fn two_cycle_limit() -> f64 {
    let multiplier = |eta: f64| {
        let cycle = two_cycle(eta, CYCLE_GUESS).expect("the cycle exists for 0.36 ≤ η ≤ 0.45");
        cycle_multiplier(eta, cycle)
    };
    let (mut low, mut high) = (0.36, 0.45);
    assert!(multiplier(low) > -1.0 && multiplier(high) < -1.0);
    for _ in 0..60 {
        let middle = 0.5 * (low + high);
        if multiplier(middle) > -1.0 {
            low = middle;
        } else {
            high = middle;
        }
    }
    0.5 * (low + high)
}

/// The Lyapunov exponent of the walk at rate `eta` from `start`: the mean
/// over `steps` steps (after `burn_in` steps to forget the start) of
/// `ln|1 − ηf″(θₜ)|`, the logarithm of the factor by which one step
/// stretches a tiny displacement. Positive means chaos: two walks that
/// start a hair apart drift apart exponentially.
pub fn lyapunov(eta: f64, start: f64, burn_in: usize, steps: usize) -> f64 {
    let f = DoubleWell;
    let mut theta = start;
    for _ in 0..burn_in {
        theta = step(theta, eta);
    }
    let mut sum = 0.0;
    for _ in 0..steps {
        sum += (1.0 - eta * f.curvature(theta)).abs().ln();
        theta = step(theta, eta);
    }
    sum / steps as f64
}
