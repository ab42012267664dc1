//! What theory expects of mini-batch SGD on the line, exactly.
//!
//! The mean loss of a line is quadratic, so the mean `mₜ = E[eₜ]` and the
//! second moment `Mₜ = E[eₜeₜᵀ]` of the error `eₜ = θₜ − θ*` obey linear
//! recursions, and the expected excess loss is `E[L(θₜ)] − L* = ½·trace(H·Mₜ)`
//! at every step, for any batch size and any schedule.
//!
//! Write `aᵢ = (xᵢ, 1)`, `Aᵢ = aᵢaᵢᵀ` and `rᵢ = yᵢ − aᵢᵀθ*` (the residual
//! of the best line). Sample `i`'s gradient is `Aᵢe − rᵢaᵢ`, so a step on a
//! batch is `e ← (I − η·Ĥ)·e + η·ĉ`, with `Ĥ` and `ĉ` the batch's means of
//! `Aᵢ` and `rᵢaᵢ`. For `B` samples drawn independently (with replacement),
//! `E[Ĥ] = H`, `E[ĉ] = 0` (the normal equations), and every product of two
//! different draws averages to the product of their means. What is left is
//!
//! ```text
//! mₜ₊₁ = (I − ηH)·mₜ
//! Mₜ₊₁ = (I − ηH)·Mₜ·(I − ηH)
//!        + (η²/B)·[K(Mₜ) − H·Mₜ·H − 2·C(mₜ) + N],
//! ```
//!
//! where `K(M) = mean of Aᵢ·M·Aᵢ`, `C(m) = mean of rᵢ·(aᵢᵀm)·Aᵢ` and
//! `N = mean of rᵢ²·Aᵢ`. The first line is full-batch descent; the bracket
//! is what one sample's gradient adds, divided by `B`. For the full batch
//! (`Sampling::Full`) the bracket is absent.

use descent::Schedule;
use descent::data::DataSet;
use descent::line::{hessian, least_squares};

/// A 2 × 2 matrix, row by row.
pub type Matrix2 = [[f64; 2]; 2];

/// The means of the data that the recursion needs, computed once.
struct Sums {
    /// `H = mean of aᵢaᵢᵀ`.
    h: Matrix2,
    /// `mean of aⱼaₖaₚa_q`, for `K(M)`.
    fourth: [[[[f64; 2]; 2]; 2]; 2],
    /// `mean of rᵢ·aⱼaₖaₚ`, for `C(m)`.
    third: [[[f64; 2]; 2]; 2],
    /// `N = mean of rᵢ²·aᵢaᵢᵀ`.
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
        let a = [sample.x, 1.0];
        let r = sample.y - (best[0] * sample.x + best[1]);
        for j in 0..2 {
            for k in 0..2 {
                s.noise[j][k] += r * r * a[j] * a[k] / n;
                for p in 0..2 {
                    s.third[j][k][p] += r * a[j] * a[k] * a[p] / n;
                    for q in 0..2 {
                        s.fourth[j][k][p][q] += a[j] * a[k] * a[p] * a[q] / n;
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

/// The expected excess loss `E[L(θₜ)] − L*` after each step `t = 0, …,
/// steps` of SGD from `start` with the learning rate `schedule.rate(t)` at
/// step `t`, on batches of `batch` samples drawn with replacement, or on the
/// full batch when `batch` is `None`. `None` when the data have no
/// least-squares line.
pub fn expected_excess(
    data: &DataSet,
    batch: Option<usize>,
    schedule: &Schedule,
    start: [f64; 2],
    steps: usize,
) -> Option<Vec<f64>> {
    let best = least_squares(data)?.to_point();
    let s = sums(data, best);
    let h = s.h;
    let mut m = [start[0] - best[0], start[1] - best[1]];
    let mut second = [[m[0] * m[0], m[0] * m[1]], [m[1] * m[0], m[1] * m[1]]];
    let excess = |second: &Matrix2| 0.5 * (0..2).map(|j| product(&h, second)[j][j]).sum::<f64>();
    let mut out = Vec::with_capacity(steps + 1);
    out.push(excess(&second));
    for t in 0..steps {
        let eta = schedule.rate(t);
        let step = [
            [1.0 - eta * h[0][0], -eta * h[0][1]],
            [-eta * h[1][0], 1.0 - eta * h[1][1]],
        ];
        let mut next = product(&product(&step, &second), &step);
        if let Some(b) = batch {
            let hmh = product(&product(&h, &second), &h);
            for j in 0..2 {
                for k in 0..2 {
                    let mut kernel = 0.0;
                    let mut cross = 0.0;
                    for p in 0..2 {
                        cross += s.third[j][k][p] * m[p];
                        for (q, entry) in second[p].iter().enumerate() {
                            kernel += s.fourth[j][k][p][q] * entry;
                        }
                    }
                    let bracket = kernel - hmh[j][k] - 2.0 * cross + s.noise[j][k];
                    next[j][k] += eta * eta / b as f64 * bracket;
                }
            }
        }
        m = [
            m[0] - eta * (h[0][0] * m[0] + h[0][1] * m[1]),
            m[1] - eta * (h[1][0] * m[0] + h[1][1] * m[1]),
        ];
        second = next;
        out.push(excess(&second));
    }
    Some(out)
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
        // e₀ = (1, 0). On x = 0 the step leaves e alone; on x = 2 it is
        // e₀ − 0.1·2·(2, 1) = (0.6, −0.2). Excess ½eᵀHe: 1 and
        // ½·(2·0.36 − 2·0.12 + 0.04) = 0.26, so 0.63 on average for B = 1.
        let one = expected_excess(&data, Some(1), &c, [3.0, 1.0], 1).unwrap();
        assert!((one[0] - 1.0).abs() < 1e-15);
        assert!((one[1] - 0.63).abs() < 1e-14, "{one:?}");
        // B = 2 with replacement: the batch is {0, 0}, {0, 1}, {1, 0} or
        // {1, 1}: errors (1, 0), (0.8, −0.1), (0.8, −0.1), (0.6, −0.2),
        // with excesses 1, 0.565, 0.565, 0.26: mean 0.5975.
        let two = expected_excess(&data, Some(2), &c, [3.0, 1.0], 1).unwrap();
        assert!((two[1] - 0.5975).abs() < 1e-14, "{two:?}");
        // The full batch: e₁ = (0.8, −0.1), excess 0.565.
        let full = expected_excess(&data, None, &c, [3.0, 1.0], 1).unwrap();
        assert!((full[1] - 0.565).abs() < 1e-14, "{full:?}");
    }
}
