//! Himmelblau's landscape: all of its critical points, found and
//! classified, and where gradient descent goes from many starts.

use descent::landscape::{CriticalKind, Curvature, Himmelblau, classify, eigenvalues};
use descent::objective::norm;
use descent::{GradientDescent, Objective, StoppingRules, Trajectory, descend};

/// A critical point: where it is, how high, its curvatures and its kind.
#[derive(Debug, Clone, PartialEq)]
pub struct CriticalPoint {
    /// Its position `(θ₁, θ₂)`.
    pub at: [f64; 2],
    /// `f` there.
    pub value: f64,
    /// The eigenvalues of the Hessian there, smaller first.
    pub curvatures: [f64; 2],
    /// What the Hessian says it is.
    pub kind: CriticalKind,
}

/// How far apart two critical points must be to count as two.
const SAME_POINT: f64 = 1e-6;

// ANCHOR: newton
/// Newton's method on the gradient: from `start`, repeat
/// `θ ← θ − H(θ)⁻¹·∇f(θ)` until the gradient vanishes (`‖∇f‖ ≤ 10⁻⁹`),
/// and return where it stopped, or `None` after 50 steps or at a singular
/// Hessian.
///
/// Newton's method jumps to where the local quadratic model of `f` is flat,
/// which may be a minimum, a maximum or a saddle: unlike gradient descent
/// it finds critical points of every kind.
pub fn newton(start: [f64; 2]) -> Option<[f64; 2]> {
    let f = Himmelblau;
    let mut theta = start;
    for _ in 0..50 {
        let g = f.gradient(&theta);
        if norm(&g) <= 1e-9 {
            return Some(theta);
        }
        let h = f.hessian(&theta);
        let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
        if det == 0.0 {
            return None;
        }
        // H⁻¹ = [[h11, −h01], [−h10, h00]] / det
        theta[0] -= (h[1][1] * g[0] - h[0][1] * g[1]) / det;
        theta[1] -= (h[0][0] * g[1] - h[1][0] * g[0]) / det;
    }
    None
}
// ANCHOR_END: newton

/// Every critical point Newton's method reaches from an 11 × 11 grid of
/// starts over `[−5, 5]²`, each classified by its Hessian: minima first,
/// then saddles, then maxima, each group from left to right.
pub fn critical_points() -> Vec<CriticalPoint> {
    let f = Himmelblau;
    let mut found: Vec<CriticalPoint> = Vec::new();
    for i in 0..=10 {
        for j in 0..=10 {
            let start = [-5.0 + i as f64, -5.0 + j as f64];
            let Some(at) = newton(start) else { continue };
            if found
                .iter()
                .any(|c| (c.at[0] - at[0]).hypot(c.at[1] - at[1]) < SAME_POINT)
            {
                continue;
            }
            let l = eigenvalues(&f.hessian(&at));
            let curvatures = [l[0], l[1]];
            found.push(CriticalPoint {
                at,
                value: f.value(&at),
                curvatures,
                kind: classify(&curvatures, 1e-9),
            });
        }
    }
    let rank = |kind: CriticalKind| match kind {
        CriticalKind::Minimum => 0,
        CriticalKind::Saddle => 1,
        CriticalKind::Maximum => 2,
        CriticalKind::Undecided => 3,
    };
    found.sort_by(|a, b| {
        rank(a.kind)
            .cmp(&rank(b.kind))
            .then(a.at[0].total_cmp(&b.at[0]))
    });
    found
}

/// The learning rate of the walks on Himmelblau's function.
pub const ETA: f64 = 0.01;
/// The walks' budget.
pub const BUDGET: usize = 5000;
/// How many starts across and up: a 10 × 10 grid.
pub const STARTS: usize = 10;

/// The starts of the walks: the centres of a 10 × 10 grid over `[−5, 5]²`.
pub fn starts() -> Vec<[f64; 2]> {
    let mut out = Vec::new();
    for i in 0..STARTS {
        for j in 0..STARTS {
            out.push([-4.5 + i as f64, -4.5 + j as f64]);
        }
    }
    out
}

/// Gradient descent on Himmelblau's function from `start`, stopped by
/// chapter 1's gradient rule (`‖∇f‖ ≤ 10⁻⁶`).
pub fn walk(start: [f64; 2]) -> Trajectory {
    descend(
        &Himmelblau,
        &mut GradientDescent { eta: ETA },
        &start,
        &StoppingRules::budget(BUDGET).with_gradient_tolerance(1e-6),
    )
}

/// The index in `points` of the critical point nearest to `theta`.
pub fn nearest(points: &[CriticalPoint], theta: &[f64]) -> usize {
    let distance = |c: &CriticalPoint| (c.at[0] - theta[0]).hypot(c.at[1] - theta[1]);
    let mut best = 0;
    for (k, c) in points.iter().enumerate() {
        if distance(c) < distance(&points[best]) {
            best = k;
        }
    }
    best
}

/// The letter the chapter gives a minimum of Himmelblau's function, by its
/// quarter of the plane: A upper left, B upper right, C lower left, D lower
/// right.
pub fn letter(at: [f64; 2]) -> char {
    match (at[0] > 0.0, at[1] > 0.0) {
        (false, true) => 'A',
        (true, true) => 'B',
        (false, false) => 'C',
        (true, false) => 'D',
    }
}

/// Which of the four minima (by [`letter`]) plain gradient descent with
/// rate [`ETA`] reaches from `start`: the walk is followed until it is
/// within 0.05 of a minimum, where the well holds it (its curvatures, 25 to
/// 134, are far below `2/η = 200`). `None` if it gets nowhere within
/// [`BUDGET`] steps.
pub fn basin(minima: &[CriticalPoint], start: [f64; 2]) -> Option<char> {
    let f = Himmelblau;
    let mut theta = start;
    for _ in 0..BUDGET {
        for m in minima {
            if (theta[0] - m.at[0]).hypot(theta[1] - m.at[1]) < 0.05 {
                return Some(letter(m.at));
            }
        }
        let g = f.gradient(&theta);
        theta[0] -= ETA * g[0];
        theta[1] -= ETA * g[1];
    }
    None
}

/// The basins on a grid of `cells × cells` squares over `[−5, 5]²`, row by
/// row from the bottom: the minimum reached from each square's centre.
pub fn basin_grid(minima: &[CriticalPoint], cells: usize) -> Vec<Vec<Option<char>>> {
    let width = 10.0 / cells as f64;
    let centre = |k: usize| -5.0 + (k as f64 + 0.5) * width;
    (0..cells)
        .map(|j| {
            (0..cells)
                .map(|i| basin(minima, [centre(i), centre(j)]))
                .collect()
        })
        .collect()
}
