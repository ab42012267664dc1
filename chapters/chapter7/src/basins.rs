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
    /// Neither settled nor ran away within the budget: bouncing.
    Bouncing,
    /// Ran away (the loss passed the divergence threshold).
    Diverged,
}

impl Destination {
    /// Every destination, in the order the tables print them.
    pub const ALL: [Destination; 5] = [
        Destination::Deep,
        Destination::Shallow,
        Destination::Bouncing,
        Destination::Diverged,
        Destination::Top,
    ];

    /// Its name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Destination::Shallow => "shallow well",
            Destination::Deep => "deep well",
            Destination::Top => "hilltop",
            Destination::Bouncing => "still bouncing",
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
    Destination::Bouncing
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
