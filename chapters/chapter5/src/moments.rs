//! What theory expects of mini-batch SGD on the line, exactly.
//!
//! The mean loss of a line is quadratic, so the mean `E[Δₜ]` and the second
//! moment `Sₜ = E[ΔₜΔₜᵀ]` of the error `Δₜ = θₜ − θ*` obey linear
//! recursions, and the expected excess loss is `E[L(θₜ)] − L* = ½·trace(H·Sₜ)`
//! at every step, for any batch size and any schedule. The symbols are
//! chapter 3's.
//!
//! Write `φᵢ = (xᵢ, 1)`, `Aᵢ = φᵢφᵢᵀ` and `rᵢ* = φᵢᵀθ* − yᵢ` (the residual of
//! the best line, prediction minus target). Point `i`'s gradient at `θ* + Δ`
//! is `Aᵢ·Δ + rᵢ*·φᵢ`, so a step on a batch is
//! `Δ ← (I − η·Ĥ)·Δ − η·(the batch's mean of rᵢ*·φᵢ)`, with `Ĥ` the batch's
//! mean of the `Aᵢ`. For `B` points drawn independently (with replacement),
//! `E[Ĥ] = H`, the mean of `rᵢ*·φᵢ` is zero (the normal equations), and every
//! product of two different draws averages to the product of their means.
//! What is left is
//!
//! ```text
//! E[Δₜ₊₁] = (I − ηH)·E[Δₜ]
//! Sₜ₊₁    = (I − ηH)·Sₜ·(I − ηH)
//!           + (η²/B)·[K(Sₜ) − H·Sₜ·H + 2·C(E[Δₜ]) + N],
//! ```
//!
//! where `K(S) = mean of Aᵢ·S·Aᵢ`, `C(m) = mean of rᵢ*·(φᵢᵀm)·Aᵢ` and
//! `N = mean of rᵢ*²·Aᵢ`. The first line is full-batch descent; the bracket
//! is what one point's gradient adds, divided by `B`. For the full batch
//! (`Sampling::Full`) the bracket is absent. For `B = 1` this is chapter 3's
//! recursion (`chapter3::moments::sgd_error_moments`), written with the
//! means `H`, `K`, `C`, `N` instead of a sum over the points.

use descent::Schedule;
use descent::data::DataSet;
use descent::line::{hessian, least_squares};

/// A 2 × 2 matrix, row by row.
pub type Matrix2 = [[f64; 2]; 2];

/// The means of the data that the recursion needs, computed once.
struct Sums {
    /// `H = mean of Aᵢ`.
    h: Matrix2,
    /// `mean of φᵢⱼφᵢₖφᵢₚφᵢ_q`, for `K(S)`.
    fourth: [[[[f64; 2]; 2]; 2]; 2],
    /// `mean of rᵢ*·φᵢⱼφᵢₖφᵢₚ`, for `C(m)`.
    third: [[[f64; 2]; 2]; 2],
    /// `N = mean of rᵢ*²·Aᵢ`.
    noise: Matrix2,
}

fn sums(data: &DataSet, best: [f64; 2]) -> Sums {
    let n = data.len() as f64;
    let mut s = Sums {
        h: hessian(data),
        fourth: [[[[0.0; 2]; 2]; 2]; 2],
        third: [[[0.0; 2]; 2]; 2],
        noise: [[0.0; 2]; 2],
    };
    for sample in &data.samples {
        let phi = [sample.x, 1.0];
        let r = best[0] * sample.x + best[1] - sample.y;
        for j in 0..2 {
            for k in 0..2 {
                s.noise[j][k] += r * r * phi[j] * phi[k] / n;
                for p in 0..2 {
                    s.third[j][k][p] += r * phi[j] * phi[k] * phi[p] / n;
                    for q in 0..2 {
                        s.fourth[j][k][p][q] += phi[j] * phi[k] * phi[p] * phi[q] / n;
                    }
                }
            }
        }
    }
    s
}

fn product(a: &Matrix2, b: &Matrix2) -> Matrix2 {
    let mut c = [[0.0; 2]; 2];
    for j in 0..2 {
        for k in 0..2 {
            c[j][k] = a[j][0] * b[0][k] + a[j][1] * b[1][k];
        }
    }
    c
}

/// One step of the second moment without its noise: `(I − ηH)·S·(I − ηH)`,
/// plus `(η²/B)·(K(S) − H·S·H)` for batches of `B` drawn with replacement.
fn spread_step(s: &Sums, second: &Matrix2, eta: f64, batch: Option<usize>) -> Matrix2 {
    let h = s.h;
    let step = [
        [1.0 - eta * h[0][0], -eta * h[0][1]],
        [-eta * h[1][0], 1.0 - eta * h[1][1]],
    ];
    let mut next = product(&product(&step, second), &step);
    if let Some(b) = batch {
        let hsh = product(&product(&h, second), &h);
        for j in 0..2 {
            for k in 0..2 {
                let mut kernel = 0.0;
                for (p, row) in second.iter().enumerate() {
                    for (q, entry) in row.iter().enumerate() {
                        kernel += s.fourth[j][k][p][q] * entry;
                    }
                }
                next[j][k] += eta * eta / b as f64 * (kernel - hsh[j][k]);
            }
        }
    }
    next
}

/// The expected excess loss `E[L(θₜ)] − L*` after each step `t = 0, …,
/// steps` of SGD from `start` with the learning rate `schedule.rate(t)` at
/// step `t`, on batches of `batch` points drawn with replacement, or on the
/// full batch when `batch` is `None`. `None` when the data have no
/// least-squares line.
pub fn expected_excess(
    data: &DataSet,
    batch: Option<usize>,
    schedule: &Schedule,
    start: [f64; 2],
    steps: usize,
) -> Option<Vec<f64>> {
    let h = hessian(data);
    let moments = second_moments(data, batch, schedule, start, steps, 1.0)?;
    Some(
        moments
            .iter()
            .map(|second| 0.5 * (0..2).map(|j| product(&h, second)[j][j]).sum::<f64>())
            .collect(),
    )
}

/// The second moments `S₀, …, S_steps` of the recursion above, with the
/// cross term `2·C(E[Δₜ])` multiplied by `cross`: `1` is the exact
/// recursion; the tests use `−1` and `0` to show that they would catch a
/// sign error in it, or its absence.
fn second_moments(
    data: &DataSet,
    batch: Option<usize>,
    schedule: &Schedule,
    start: [f64; 2],
    steps: usize,
    cross: f64,
) -> Option<Vec<Matrix2>> {
    let best = least_squares(data)?.to_point();
    let s = sums(data, best);
    let h = s.h;
    let mut m = [start[0] - best[0], start[1] - best[1]];
    let mut second = [[m[0] * m[0], m[0] * m[1]], [m[1] * m[0], m[1] * m[1]]];
    let mut out = Vec::with_capacity(steps + 1);
    out.push(second);
    for t in 0..steps {
        let eta = schedule.rate(t);
        let mut next = spread_step(&s, &second, eta, batch);
        if let Some(b) = batch {
            for (j, row) in next.iter_mut().enumerate() {
                for (k, entry) in row.iter_mut().enumerate() {
                    let mut c = 0.0;
                    for (p, mp) in m.iter().enumerate() {
                        c += s.third[j][k][p] * mp;
                    }
                    *entry += eta * eta / b as f64 * (2.0 * cross * c + s.noise[j][k]);
                }
            }
        }
        m = [
            m[0] - eta * (h[0][0] * m[0] + h[0][1] * m[1]),
            m[1] - eta * (h[1][0] * m[0] + h[1][1] * m[1]),
        ];
        second = next;
        out.push(second);
    }
    Some(out)
}

/// The noise floor of a constant rate `eta` on the line: the limit of
/// `E[L(θₜ)] − L*` for batches of `batch` drawn with replacement, solved
/// directly rather than walked to. At the limit the mean error is zero, so
/// the cross term is gone and the second moment is the fixed point of
/// `S = (I − ηH)·S·(I − ηH) + (η²/B)·(K(S) − H·S·H + N)`: three linear
/// equations in the entries `(S₀₀, S₀₁, S₁₁)` of a symmetric `S`. `None`
/// when the data have no least-squares line or `eta` is not below
/// [`mean_square_limit`] (there is no floor: the walk grows without bound).
pub fn floor(data: &DataSet, batch: usize, eta: f64) -> Option<f64> {
    if eta >= mean_square_limit(data, batch)? {
        return None;
    }
    let best = least_squares(data)?.to_point();
    let s = sums(data, best);
    let basis = [
        [[1.0, 0.0], [0.0, 0.0]],
        [[0.0, 1.0], [1.0, 0.0]],
        [[0.0, 0.0], [0.0, 1.0]],
    ];
    // The system (I − map)·(S₀₀, S₀₁, S₁₁) = (η²/B)·(N₀₀, N₀₁, N₁₁).
    let mut system = [[0.0; 4]; 3];
    for (column, e) in basis.iter().enumerate() {
        let image = spread_step(&s, e, eta, Some(batch));
        let entries = [image[0][0], image[0][1], image[1][1]];
        for (row, entry) in entries.iter().enumerate() {
            system[row][column] = f64::from(u8::from(row == column)) - entry;
        }
    }
    let scale = eta * eta / batch as f64;
    system[0][3] = scale * s.noise[0][0];
    system[1][3] = scale * s.noise[0][1];
    system[2][3] = scale * s.noise[1][1];
    let [s00, s01, s11] = solve_three(system)?;
    let h = s.h;
    Some(0.5 * (h[0][0] * s00 + 2.0 * h[0][1] * s01 + h[1][1] * s11))
}

/// Solve three linear equations, given as the rows of an augmented matrix,
/// by Gaussian elimination with partial pivoting. `None` if singular.
fn solve_three(mut m: [[f64; 4]; 3]) -> Option<[f64; 3]> {
    for col in 0..3 {
        let pivot = (col..3).max_by(|&i, &j| m[i][col].abs().total_cmp(&m[j][col].abs()))?;
        if m[pivot][col] == 0.0 {
            return None;
        }
        m.swap(col, pivot);
        let pivot_row = m[col];
        for row in m.iter_mut().skip(col + 1) {
            let factor = row[col] / pivot_row[col];
            for (entry, p) in row.iter_mut().zip(pivot_row).skip(col) {
                *entry -= factor * p;
            }
        }
    }
    let mut x = [0.0; 3];
    for row in (0..3).rev() {
        let mut sum = m[row][3];
        for k in row + 1..3 {
            sum -= m[row][k] * x[k];
        }
        x[row] = sum / m[row][row];
    }
    Some(x)
}

/// The first step `t` at which the expected excess loss `expected[t]` has
/// come within `within` (a fraction) of the `floor` it settles on,
/// `|E[L(θₜ)] − L* − floor| ≤ within·floor`, and stays within it for every
/// later step of `expected`. `None` if it never does within the steps given.
pub fn settle_step(expected: &[f64], floor: f64, within: f64) -> Option<usize> {
    let inside = |e: &f64| (e - floor).abs() <= within * floor;
    let last_outside = expected.iter().rposition(|e| !inside(e));
    match last_outside {
        None => Some(0),
        Some(t) if t + 1 < expected.len() => Some(t + 1),
        Some(_) => None,
    }
}

/// The largest constant rate at which SGD with batches of `batch` drawn with
/// replacement is stable on average, in mean square: the `η` at which the
/// noise-free part of the recursion, `S ↦ (I − ηH)·S·(I − ηH) +
/// (η²/B)·(K(S) − H·S·H)`, stops shrinking every `S` (its spectral radius
/// reaches 1). Below it `Sₜ` settles on a noise floor; above it `Sₜ` grows
/// without bound. `None` when the data have no least-squares line.
///
/// The map keeps positive semidefinite matrices positive semidefinite (it
/// is the mean of `(I − ηĤ)·S·(I − ηĤ)` over the batches), so its spectral
/// radius is the growth rate of `trace Sₜ` from `S₀ = I`, found here by
/// repeated application; the limit is then found by bisection, between 0
/// and full-batch descent's `2/λ_max`.
pub fn mean_square_limit(data: &DataSet, batch: usize) -> Option<f64> {
    let best = least_squares(data)?.to_point();
    let s = sums(data, best);
    // The map on the entries (S₀₀, S₀₁, S₁₁) of a symmetric S, as a 3 × 3
    // matrix whose columns are the images of the three basis matrices.
    let radius = |eta: f64| {
        let basis = [
            [[1.0, 0.0], [0.0, 0.0]],
            [[0.0, 1.0], [1.0, 0.0]],
            [[0.0, 0.0], [0.0, 1.0]],
        ];
        let mut map = [[0.0; 3]; 3];
        for (column, e) in basis.iter().enumerate() {
            let image = spread_step(&s, e, eta, Some(batch));
            map[0][column] = image[0][0];
            map[1][column] = image[0][1];
            map[2][column] = image[1][1];
        }
        let mut v = [1.0, 0.0, 1.0];
        let mut growth = 1.0;
        for _ in 0..2000 {
            let next: Vec<f64> = (0..3)
                .map(|j| map[j][0] * v[0] + map[j][1] * v[1] + map[j][2] * v[2])
                .collect();
            // The trace S₀₀ + S₁₁ of a positive semidefinite S is positive.
            let size = next[0] + next[2];
            growth = size / (v[0] + v[2]);
            v = [next[0] / size, next[1] / size, next[2] / size];
        }
        growth
    };
    let (big, _) = descent::line::curvatures(data);
    let (mut stable, mut unstable) = (0.0, 2.0 / big);
    for _ in 0..50 {
        let mid = 0.5 * (stable + unstable);
        if radius(mid) < 1.0 {
            stable = mid;
        } else {
            unstable = mid;
        }
    }
    Some(stable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use descent::data::Sample;

    #[test]
    fn one_step_on_two_points_by_hand() {
        // Two points on the line y = 2x + 1: θ* = (2, 1), no residuals, H = [[2, 1], [1, 1]].
        let data = DataSet::new(vec![Sample { x: 0.0, y: 1.0 }, Sample { x: 2.0, y: 5.0 }]);
        let c = Schedule::Constant { eta: 0.1 };
        // Δ₀ = (1, 0). On x = 0 the step leaves Δ alone; on x = 2 it is
        // Δ₀ − 0.1·2·(2, 1) = (0.6, −0.2). Excess ½ΔᵀHΔ: 1 and
        // ½·(2·0.36 − 2·0.12 + 0.04) = 0.26, so 0.63 on average for B = 1.
        let one = expected_excess(&data, Some(1), &c, [3.0, 1.0], 1).unwrap();
        assert!((one[0] - 1.0).abs() < 1e-15);
        assert!((one[1] - 0.63).abs() < 1e-14, "{one:?}");
        // B = 2 with replacement: the batch is {0, 0}, {0, 1}, {1, 0} or
        // {1, 1}: errors (1, 0), (0.8, −0.1), (0.8, −0.1), (0.6, −0.2),
        // with excesses 1, 0.565, 0.565, 0.26: mean 0.5975.
        let two = expected_excess(&data, Some(2), &c, [3.0, 1.0], 1).unwrap();
        assert!((two[1] - 0.5975).abs() < 1e-14, "{two:?}");
        // The full batch: Δ₁ = (0.8, −0.1), excess 0.565.
        let full = expected_excess(&data, None, &c, [3.0, 1.0], 1).unwrap();
        assert!((full[1] - 0.565).abs() < 1e-14, "{full:?}");
    }

    /// Three points off any one line: every residual of the best line is
    /// nonzero, so the noise term and the cross term both count.
    fn three_points() -> DataSet {
        DataSet::new(vec![
            Sample { x: 0.0, y: 1.0 },
            Sample { x: 1.0, y: 3.0 },
            Sample { x: 2.0, y: 4.0 },
        ])
    }

    /// `E[ΔₜΔₜᵀ]` for `t = 0, …, steps`, by walking every one of the
    /// `n^(B·t)` equally likely sequences of batches drawn with replacement
    /// and averaging: no recursion, no normal equations, only the step
    /// itself, on the mean gradient of each batch.
    fn by_enumeration(
        data: &DataSet,
        batch: usize,
        schedule: &Schedule,
        start: [f64; 2],
        steps: usize,
    ) -> Vec<Matrix2> {
        let best = least_squares(data).unwrap();
        let n = data.len();
        let mut out = Vec::new();
        for t in 0..=steps {
            let sequences = n.pow((batch * t) as u32);
            let mut mean = [[0.0; 2]; 2];
            for code in 0..sequences {
                let (mut w, mut b) = (start[0], start[1]);
                let mut rest = code;
                for step in 0..t {
                    let (mut dw, mut db) = (0.0, 0.0);
                    for _ in 0..batch {
                        let s = data.samples[rest % n];
                        rest /= n;
                        let error = w * s.x + b - s.y;
                        dw += error * s.x / batch as f64;
                        db += error / batch as f64;
                    }
                    let eta = schedule.rate(step);
                    w -= eta * dw;
                    b -= eta * db;
                }
                let e = [w - best.w, b - best.b];
                for j in 0..2 {
                    for k in 0..2 {
                        mean[j][k] += e[j] * e[k] / sequences as f64;
                    }
                }
            }
            out.push(mean);
        }
        out
    }

    fn largest_difference(a: &[Matrix2], b: &[Matrix2]) -> f64 {
        let mut worst: f64 = 0.0;
        for (x, y) in a.iter().zip(b) {
            for j in 0..2 {
                for k in 0..2 {
                    worst = worst.max((x[j][k] - y[j][k]).abs());
                }
            }
        }
        worst
    }

    #[test]
    fn the_recursion_equals_the_average_over_every_sequence_of_batches() {
        let data = three_points();
        let best = least_squares(&data).unwrap();
        for s in &data.samples {
            assert!((best.predict(s.x) - s.y).abs() > 0.1, "nonzero residuals");
        }
        let schedule = Schedule::InverseTime {
            eta0: 0.3,
            tau: 2.0,
        };
        let start = [-1.0, 2.5];
        for (batch, steps) in [(1, 4), (2, 3), (3, 2)] {
            let exact = by_enumeration(&data, batch, &schedule, start, steps);
            let theory = second_moments(&data, Some(batch), &schedule, start, steps, 1.0).unwrap();
            let gap = largest_difference(&exact, &theory);
            assert!(gap < 1e-12, "B = {batch}: {gap}");
            // A sign error in the cross term misses by far more than
            // rounding, and so would leaving it out.
            for cross in [-1.0, 0.0] {
                let wrong =
                    second_moments(&data, Some(batch), &schedule, start, steps, cross).unwrap();
                let gap = largest_difference(&exact, &wrong);
                assert!(gap > 1e-2, "B = {batch}, cross × {cross}: {gap}");
            }
        }
    }

    #[test]
    fn the_mean_square_limit_parts_settling_from_growing() {
        // Either side of the limit, the exact recursion (checked above)
        // settles on a floor or grows without bound.
        let data = three_points();
        for batch in [1, 2, 5] {
            let limit = mean_square_limit(&data, batch).unwrap();
            let run = |eta: f64| {
                let c = Schedule::Constant { eta };
                expected_excess(&data, Some(batch), &c, [-1.0, 2.5], 4000).unwrap()
            };
            let below = run(0.99 * limit);
            assert!(
                (below[4000] / below[2000] - 1.0).abs() < 1e-6,
                "B = {batch}"
            );
            let above = run(1.01 * limit);
            assert!(above[4000] > 10.0 * above[2000], "B = {batch}");
        }
    }
}
