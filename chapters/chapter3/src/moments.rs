//! What theory expects of stochastic gradient descent on the line, exactly.
//!
//! The mean loss of a line is quadratic, so the average behaviour of SGD can
//! be followed exactly, step by step: the mean and the second moment of the
//! distance from the least-squares point obey linear recursions.

use descent::Schedule;
use descent::data::DataSet;
use descent::line::{hessian, least_squares};

/// A 2 × 2 matrix, row by row.
pub type Matrix2 = [[f64; 2]; 2];

/// The second moment `Mₜ = E[eₜ·eₜᵀ]` of the error `eₜ = θₜ − θ*` after each
/// step `t = 0, …, steps` of stochastic gradient descent that draws one sample
/// uniformly at random (with replacement) per step, starting from `start`,
/// with learning rate `schedule.rate(t)` at step `t`. Here `θ* = (w*, b*)` is
/// the least-squares point; `None` when there is none.
///
/// Two numbers follow from `Mₜ`: the expected squared distance to the
/// least-squares point, `E‖eₜ‖² = trace Mₜ`, and the expected excess loss,
/// `E[L(θₜ)] − L(θ*) = ½·trace(H·Mₜ)` with `H` the [`hessian`].
///
/// This is exact, not an approximation, because the loss is quadratic. Write
/// `aᵢ = (xᵢ, 1)` and `rᵢ = yᵢ − w*·xᵢ − b*` (the residual of the best
/// line). A step on sample `i` is `eₜ₊₁ = Bᵢ·eₜ + η·rᵢ·aᵢ` with
/// `Bᵢ = I − η·aᵢaᵢᵀ`. Averaging over the random `i`, and using the normal
/// equations (the mean of `rᵢ·aᵢ` is zero), the mean error follows
/// `mₜ₊₁ = (I − η·H)·mₜ` and the second moment
/// `Mₜ₊₁ = mean over i of [Bᵢ·Mₜ·Bᵢᵀ + η·rᵢ·(Bᵢ·mₜ·aᵢᵀ + aᵢ·mₜᵀ·Bᵢᵀ) + η²·rᵢ²·aᵢaᵢᵀ]`.
pub fn sgd_error_moments(
    data: &DataSet,
    schedule: &Schedule,
    start: [f64; 2],
    steps: usize,
) -> Option<Vec<Matrix2>> {
    let best = least_squares(data)?;
    let h = hessian(data);
    let n = data.len() as f64;
    let mut m = [start[0] - best.w, start[1] - best.b];
    let mut second = [[m[0] * m[0], m[0] * m[1]], [m[1] * m[0], m[1] * m[1]]];
    let mut out = Vec::with_capacity(steps + 1);
    out.push(second);
    for t in 0..steps {
        let eta = schedule.rate(t);
        let mut next = [[0.0; 2]; 2];
        for s in &data.samples {
            let a = [s.x, 1.0];
            let r = s.y - best.predict(s.x);
            let b = [
                [1.0 - eta * a[0] * a[0], -eta * a[0] * a[1]],
                [-eta * a[1] * a[0], 1.0 - eta * a[1] * a[1]],
            ];
            let b_mean = [
                b[0][0] * m[0] + b[0][1] * m[1],
                b[1][0] * m[0] + b[1][1] * m[1],
            ];
            for j in 0..2 {
                for k in 0..2 {
                    let mut bmb = 0.0;
                    for p in 0..2 {
                        for q in 0..2 {
                            bmb += b[j][p] * second[p][q] * b[k][q];
                        }
                    }
                    let cross = eta * r * (b_mean[j] * a[k] + a[j] * b_mean[k]);
                    let noise = eta * eta * r * r * a[j] * a[k];
                    next[j][k] += (bmb + cross + noise) / n;
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

/// `trace M`: the expected squared distance `E‖e‖²` for a second moment `M`.
pub fn trace(m: &Matrix2) -> f64 {
    m[0][0] + m[1][1]
}

/// `½·trace(H·M)`: the expected excess loss `E[L(θ)] − L(θ*)` for a second
/// moment `M` of the error, since `L(θ*+e) − L(θ*) = ½·eᵀHe` exactly.
pub fn excess_loss(h: &Matrix2, m: &Matrix2) -> f64 {
    let mut sum = 0.0;
    for j in 0..2 {
        for k in 0..2 {
            sum += h[j][k] * m[k][j];
        }
    }
    0.5 * sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;
    use descent::Objective;
    use descent::data::Sample;
    use descent::line::MeanSquaredError;

    #[test]
    fn the_sgd_error_moments_follow_a_step_done_by_hand() {
        let c = Schedule::Constant { eta: 0.1 };
        // var(x) = 0: no unique least-squares line, so no prediction.
        let flat = DataSet::new(vec![Sample { x: 1.0, y: 3.0 }, Sample { x: 1.0, y: 3.0 }]);
        assert!(sgd_error_moments(&flat, &c, [0.0, 0.0], 3).is_none());
        // Two points, fitted exactly by θ* = (2, 1): no residuals, no noise.
        let data = DataSet::new(vec![Sample { x: 0.0, y: 1.0 }, Sample { x: 2.0, y: 5.0 }]);
        let at_best = sgd_error_moments(&data, &c, [2.0, 1.0], 1).unwrap();
        assert_eq!(trace(&at_best[1]), 0.0);
        // e₀ = (1, 0). Sample x = 0: a = (0, 1), e₁ = e₀. Sample x = 2:
        // a = (2, 1), e₁ = e₀ − 0.1·2·(2, 1) = (0.6, −0.2). Mean of ‖e₁‖²: (1 + 0.4)/2.
        let moments = sgd_error_moments(&data, &c, [3.0, 1.0], 1).unwrap();
        assert_relative_eq!(trace(&moments[0]), 1.0);
        assert_relative_eq!(trace(&moments[1]), 0.7, max_relative = 1e-12);
        // Excess loss of e₀ = (1, 0): ½·H₀₀ = ½·mean x² = 1.
        let h = hessian(&data);
        assert_relative_eq!(excess_loss(&h, &moments[0]), 1.0);
        let mse = MeanSquaredError { data: &data };
        assert_relative_eq!(mse.value(&[3.0, 1.0]) - mse.value(&[2.0, 1.0]), 1.0);
    }
}
