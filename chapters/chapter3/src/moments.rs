//! What theory expects of stochastic gradient descent on the line, exactly.
//!
//! The mean loss of a line is quadratic, so the average behaviour of SGD can
//! be followed exactly, step by step: the mean and the second moment of the
//! distance from the least-squares point obey linear recursions. With a
//! constant learning rate the second moment settles at a fixed point, the
//! *noise floor* ([`stationary_moment`]).

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
/// `φᵢ = (xᵢ, 1)` and `rᵢ = w*·xᵢ + b* − yᵢ` (the residual of the best line,
/// prediction minus target). A step on sample `i` is
/// `eₜ₊₁ = Bᵢ·eₜ − η·rᵢ·φᵢ` with `Bᵢ = I − η·φᵢφᵢᵀ`. Averaging over the
/// random `i`, and using the normal equations (the mean of `rᵢ·φᵢ` is zero),
/// the mean error follows `mₜ₊₁ = (I − η·H)·mₜ` and the second moment
/// `Mₜ₊₁ = mean over i of [Bᵢ·Mₜ·Bᵢᵀ − η·rᵢ·(Bᵢ·mₜ·φᵢᵀ + φᵢ·mₜᵀ·Bᵢᵀ) + η²·rᵢ²·φᵢφᵢᵀ]`.
pub fn sgd_error_moments(
    data: &DataSet,
    schedule: &Schedule,
    start: [f64; 2],
    steps: usize,
) -> Option<Vec<Matrix2>> {
    recursion(data, schedule, start, steps, 1.0)
}

/// [`sgd_error_moments`] with the cross term multiplied by `cross`: `1` is
/// the exact recursion; the tests use `−1` to show that they would catch a
/// sign error in it.
fn recursion(
    data: &DataSet,
    schedule: &Schedule,
    start: [f64; 2],
    steps: usize,
    cross: f64,
) -> Option<Vec<Matrix2>> {
    let best = least_squares(data)?;
    let h = hessian(data);
    let n = data.len() as f64;
    let mut m = [start[0] - best.w, start[1] - best.b];
    let mut second = outer(m, m);
    let mut out = Vec::with_capacity(steps + 1);
    out.push(second);
    for t in 0..steps {
        let eta = schedule.rate(t);
        let mut next = [[0.0; 2]; 2];
        for s in &data.samples {
            let phi = [s.x, 1.0];
            let r = best.predict(s.x) - s.y;
            let b = step_matrix(phi, eta);
            let b_mean = apply(&b, m);
            for j in 0..2 {
                for k in 0..2 {
                    let mut bmb = 0.0;
                    for p in 0..2 {
                        for q in 0..2 {
                            bmb += b[j][p] * second[p][q] * b[k][q];
                        }
                    }
                    let kick = -eta * r * (b_mean[j] * phi[k] + phi[j] * b_mean[k]);
                    let noise = eta * eta * r * r * phi[j] * phi[k];
                    next[j][k] += (bmb + cross * kick + noise) / n;
                }
            }
        }
        let hm = apply(&h, m);
        m = [m[0] - eta * hm[0], m[1] - eta * hm[1]];
        second = next;
        out.push(second);
    }
    Some(out)
}

/// The noise floor of SGD with the constant learning rate `eta`: the second
/// moment `M` of the error that the recursion of [`sgd_error_moments`] leaves
/// unchanged once the mean error has died away,
/// `M = mean over i of [Bᵢ·M·Bᵢᵀ + η²·rᵢ²·φᵢφᵢᵀ]`.
///
/// It is solved here directly, as three linear equations for the three
/// entries of the symmetric `M`, not by iterating the recursion. `None` when
/// there is no least-squares line, or when `eta` is too large for a floor to
/// exist (the system has no positive solution).
pub fn stationary_moment(data: &DataSet, eta: f64) -> Option<Matrix2> {
    let best = least_squares(data)?;
    let n = data.len() as f64;
    // The map M ↦ M − mean Bᵢ·M·Bᵢᵀ on the basis of symmetric matrices.
    let basis = [
        [[1.0, 0.0], [0.0, 0.0]],
        [[0.0, 1.0], [1.0, 0.0]],
        [[0.0, 0.0], [0.0, 1.0]],
    ];
    let mut system = [[0.0; 3]; 3];
    let mut right = [0.0; 3];
    for (column, e) in basis.iter().enumerate() {
        let mut image = *e;
        for s in &data.samples {
            let b = step_matrix([s.x, 1.0], eta);
            let bmb = sandwich(&b, e);
            for j in 0..2 {
                for k in 0..2 {
                    image[j][k] -= bmb[j][k] / n;
                }
            }
        }
        system[0][column] = image[0][0];
        system[1][column] = image[0][1];
        system[2][column] = image[1][1];
    }
    for s in &data.samples {
        let r = best.predict(s.x) - s.y;
        let phi = [s.x, 1.0];
        let scale = eta * eta * r * r / n;
        right[0] += scale * phi[0] * phi[0];
        right[1] += scale * phi[0] * phi[1];
        right[2] += scale * phi[1] * phi[1];
    }
    let [p, q, s] = solve3(system, right)?;
    let m = [[p, q], [q, s]];
    (p > 0.0 && s > 0.0 && p * s > q * q).then_some(m)
}

/// `Bᵢ = I − η·φᵢφᵢᵀ`: what a step on one sample does to the error.
fn step_matrix(phi: [f64; 2], eta: f64) -> Matrix2 {
    [
        [1.0 - eta * phi[0] * phi[0], -eta * phi[0] * phi[1]],
        [-eta * phi[1] * phi[0], 1.0 - eta * phi[1] * phi[1]],
    ]
}

fn outer(u: [f64; 2], v: [f64; 2]) -> Matrix2 {
    [[u[0] * v[0], u[0] * v[1]], [u[1] * v[0], u[1] * v[1]]]
}

fn apply(a: &Matrix2, v: [f64; 2]) -> [f64; 2] {
    [
        a[0][0] * v[0] + a[0][1] * v[1],
        a[1][0] * v[0] + a[1][1] * v[1],
    ]
}

/// `B·M·Bᵀ`.
fn sandwich(b: &Matrix2, m: &Matrix2) -> Matrix2 {
    let mut out = [[0.0; 2]; 2];
    for j in 0..2 {
        for k in 0..2 {
            for p in 0..2 {
                for q in 0..2 {
                    out[j][k] += b[j][p] * m[p][q] * b[k][q];
                }
            }
        }
    }
    out
}

/// Solve a 3 × 3 linear system by Cramer's rule; `None` if it is singular.
fn solve3(a: [[f64; 3]; 3], r: [f64; 3]) -> Option<[f64; 3]> {
    let det = |m: &[[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(&a);
    if d == 0.0 || !d.is_finite() {
        return None;
    }
    let mut out = [0.0; 3];
    for (column, value) in out.iter_mut().enumerate() {
        let mut replaced = a;
        for row in 0..3 {
            replaced[row][column] = r[row];
        }
        *value = det(&replaced) / d;
    }
    Some(out)
}

/// The chance that a Gaussian error of mean zero and second moment `m` lies
/// more than `k` root-mean-square distances from 0: `P(‖e‖² > k²·trace m)`.
///
/// Write `e` along the eigenvectors of `m`, with eigenvalues `s₁` and `s₂`,
/// as `(√s₁·z₁, √s₂·z₂)` with `z₁`, `z₂` standard normal, and put
/// `(z₁, z₂) = (ρ·cos φ, ρ·sin φ)`: then `‖e‖² = ρ²·(s₁·cos²φ + s₂·sin²φ)`,
/// where `φ` is uniform and `P(ρ² > a) = e^(−a/2)`. So
/// `P = (1/2π)·∫ exp(−k²·trace m / (2·(s₁·cos²φ + s₂·sin²φ))) dφ`, an
/// integral of a smooth periodic function, which the trapezoid rule on a few
/// hundred points gives to rounding.
pub fn gaussian_tail(m: &Matrix2, k: f64) -> f64 {
    let half_trace = 0.5 * (m[0][0] + m[1][1]);
    let spread = (0.25 * (m[0][0] - m[1][1]).powi(2) + m[0][1] * m[1][0]).sqrt();
    let (s1, s2) = (half_trace + spread, half_trace - spread);
    let threshold = k * k * (s1 + s2);
    let points = 720;
    let mut sum = 0.0;
    for j in 0..points {
        let phi = std::f64::consts::TAU * j as f64 / points as f64;
        let q = s1 * phi.cos().powi(2) + s2 * phi.sin().powi(2);
        sum += (-threshold / (2.0 * q)).exp();
    }
    sum / points as f64
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
    use crate::{Mode, SEED, START, Settings, data};
    use approx::assert_relative_eq;
    use descent::Objective;
    use descent::data::Sample;
    use descent::line::MeanSquaredError;
    use rand::rngs::ChaCha8Rng;
    use rand::{RngExt, SeedableRng};

    /// Three points not on one line: every residual of the best line is
    /// nonzero, so the kicks and the cross term all count.
    fn three_points() -> DataSet {
        DataSet::new(vec![
            Sample { x: 0.0, y: 1.0 },
            Sample { x: 1.0, y: 3.0 },
            Sample { x: 2.0, y: 4.0 },
        ])
    }

    /// `E[eₜeₜᵀ]` for `t = 0, …, steps`, by walking every one of the `nᵗ`
    /// equally likely sequences of samples and averaging: no recursion, no
    /// normal equations, only the SGD step itself.
    fn by_enumeration(
        data: &DataSet,
        schedule: &Schedule,
        start: [f64; 2],
        steps: usize,
    ) -> Vec<Matrix2> {
        let best = least_squares(data).unwrap();
        let n = data.len();
        let mut out = Vec::new();
        for t in 0..=steps {
            let sequences = n.pow(t as u32);
            let mut mean = [[0.0; 2]; 2];
            for code in 0..sequences {
                let (mut w, mut b) = (start[0], start[1]);
                let mut rest = code;
                for step in 0..t {
                    let s = data.samples[rest % n];
                    rest /= n;
                    let eta = schedule.rate(step);
                    let error = w * s.x + b - s.y;
                    w -= eta * (error * s.x);
                    b -= eta * error;
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
    fn the_recursion_equals_the_average_over_every_sequence_of_draws() {
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
        let steps = 5;
        let exact = by_enumeration(&data, &schedule, start, steps);
        let theory = sgd_error_moments(&data, &schedule, start, steps).unwrap();
        assert!(largest_difference(&exact, &theory) < 1e-12);
        // A sign error in the cross term misses by far more than rounding.
        let flipped = recursion(&data, &schedule, start, steps, -1.0).unwrap();
        assert!(largest_difference(&exact, &flipped) > 1e-2);
        // and so would leaving the cross term out.
        let without = recursion(&data, &schedule, start, steps, 0.0).unwrap();
        assert!(largest_difference(&exact, &without) > 1e-2);
    }

    #[test]
    fn the_excess_loss_of_a_second_moment_is_the_mean_excess_loss() {
        // For a single error e, M = eeᵀ and ½·trace(HM) must be L(θ* + e) − L*.
        let data = three_points();
        let best = least_squares(&data).unwrap();
        let loss = MeanSquaredError { data: &data };
        let h = hessian(&data);
        for e in [[1.0, 0.0], [0.3, -2.0], [-1.5, 0.7]] {
            let by_loss =
                loss.value(&[best.w + e[0], best.b + e[1]]) - loss.value(&best.to_point());
            assert_relative_eq!(excess_loss(&h, &outer(e, e)), by_loss, max_relative = 1e-12);
        }
    }

    #[test]
    fn equal_x_have_no_prediction_even_when_their_mean_is_inexact() {
        let c = Schedule::Constant { eta: 0.1 };
        let flat = DataSet::new(vec![
            Sample { x: 0.1, y: 1.0 },
            Sample { x: 0.1, y: 2.0 },
            Sample { x: 0.1, y: 4.0 },
        ]);
        assert!(sgd_error_moments(&flat, &c, [0.0, 0.0], 3).is_none());
        assert!(stationary_moment(&flat, 0.1).is_none());
    }

    /// The errors `eₜ = θₜ − θ*` of `runs` seeded runs of SGD on `data` from
    /// [`START`], at each step in `at` (one vector per step). Each run is the
    /// SGD step written out by hand, with the chapter's sampler.
    pub(crate) fn simulate(
        data: &DataSet,
        schedule: &Schedule,
        runs: u64,
        at: &[usize],
    ) -> Vec<Vec<[f64; 2]>> {
        let best = least_squares(data).unwrap();
        let last = *at.iter().max().unwrap();
        let mut errors = vec![Vec::with_capacity(runs as usize); at.len()];
        for run in 0..runs {
            let mut rng = ChaCha8Rng::seed_from_u64(run);
            let (mut w, mut b) = (START[0], START[1]);
            for t in 1..=last {
                let s = data.samples[rng.random_range(0..data.len())];
                let eta = schedule.rate(t - 1);
                let error = w * s.x + b - s.y;
                w -= eta * (error * s.x);
                b -= eta * error;
                if let Some(k) = at.iter().position(|&a| a == t) {
                    errors[k].push([w - best.w, b - best.b]);
                }
            }
        }
        errors
    }

    /// The mean of `values` and its standard error.
    pub(crate) fn mean_and_error(values: impl Iterator<Item = f64>) -> (f64, f64) {
        let values: Vec<f64> = values.collect();
        let k = values.len() as f64;
        let mean = values.iter().sum::<f64>() / k;
        let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (k - 1.0);
        (mean, (variance / k).sqrt())
    }

    fn square(e: &[f64; 2]) -> f64 {
        e[0] * e[0] + e[1] * e[1]
    }

    #[test]
    fn the_first_steps_agree_with_a_hundred_thousand_runs_and_a_sign_error_would_not() {
        let data = data(SEED);
        let schedule = Settings::book(Mode::Sgd).schedule();
        let at = [1, 2, 5, 10, 20];
        let errors = simulate(&data, &schedule, 100_000, &at);
        let theory = sgd_error_moments(&data, &schedule, START, 20).unwrap();
        let flipped = recursion(&data, &schedule, START, 20, -1.0).unwrap();
        let mut flipped_misses = 0;
        for (k, &t) in at.iter().enumerate() {
            let (mean, se) = mean_and_error(errors[k].iter().map(square));
            let predicted = trace(&theory[t]);
            assert!(
                (mean - predicted).abs() < 4.0 * se,
                "step {t}: measured {mean} ± {se}, theory {predicted}"
            );
            if (mean - trace(&flipped[t])).abs() > 4.0 * se {
                flipped_misses += 1;
            }
        }
        assert!(flipped_misses >= 3, "the flipped cross term must fail");
    }

    /// How many seeded runs the end-of-run checks average over.
    const RUNS: u64 = crate::MONTE_CARLO_RUNS;

    #[test]
    fn the_end_of_the_books_run_agrees_with_many_runs_within_their_standard_error() {
        let data = data(SEED);
        let h = hessian(&data);
        let schedule = Settings::book(Mode::Sgd).schedule();
        let steps = crate::SGD_STEPS;
        let errors = simulate(&data, &schedule, RUNS, &[steps]).remove(0);
        let theory = sgd_error_moments(&data, &schedule, START, steps).unwrap()[steps];
        // The mean squared distance, and the mean excess loss.
        let (mean, se) = mean_and_error(errors.iter().map(square));
        assert!(
            (mean - trace(&theory)).abs() < 4.0 * se,
            "measured {mean} ± {se}, theory {}",
            trace(&theory)
        );
        assert!(se < 0.05 * mean, "the test has teeth: {se}");
        let (excess, se) = mean_and_error(errors.iter().map(|e| excess_loss(&h, &outer(*e, *e))));
        assert!(
            (excess - excess_loss(&h, &theory)).abs() < 4.0 * se,
            "measured {excess} ± {se}, theory {}",
            excess_loss(&h, &theory)
        );
        // More than three root-mean-square distances out: Markov's inequality
        // allows one run in nine; a Gaussian error with this second moment
        // would land there with the chance the chapter quotes. The count of
        // such runs is at most that many plus four standard errors (of a
        // count of rare events, about the square root of the expected count,
        // and at least one).
        let rms = trace(&theory).sqrt();
        let beyond = errors
            .iter()
            .filter(|e| square(e).sqrt() > 3.0 * rms)
            .count() as f64;
        let expected = RUNS as f64 * gaussian_tail(&theory, 3.0);
        assert!(
            beyond <= expected + 4.0 * expected.max(1.0).sqrt(),
            "{beyond} of {RUNS} runs beyond 3 rms, {expected} expected"
        );
        assert!(beyond / (RUNS as f64) < 1.0 / 9.0);
    }

    #[test]
    fn the_gaussian_tail_is_what_closed_forms_and_draws_say() {
        // Equal spreads s in both directions: ‖e‖²/s is a chi-square with
        // two degrees of freedom, P(‖e‖² > k²·2s) = exp(−k²).
        for k in [1.0, 2.0, 3.0] {
            let m = [[0.3, 0.0], [0.0, 0.3]];
            assert_relative_eq!(gaussian_tail(&m, k), (-k * k).exp(), max_relative = 1e-12);
        }
        // All the spread in one direction: P(|z| > k) = erfc(k/√2), known
        // constants for k = 1 and 2, whatever way the direction is turned.
        // (A tiny second spread keeps the integrand finite.)
        let (sin, cos) = 0.4f64.sin_cos();
        let tilted = [[cos * cos, cos * sin], [sin * cos, sin * sin]];
        for (k, erfc) in [
            (1.0, 0.317_310_507_862_914_1),
            (2.0, 0.045_500_263_896_358_42),
        ] {
            let m = [
                [tilted[0][0] + 1e-14, tilted[0][1]],
                [tilted[1][0], tilted[1][1] + 1e-14],
            ];
            assert_relative_eq!(gaussian_tail(&m, k), erfc, max_relative = 1e-5);
        }
        // Unequal spreads, turned: against 100,000 Gaussian draws, within
        // four standard errors of the fraction.
        let m: Matrix2 = [[0.8, 0.3], [0.3, 0.4]];
        let k = 1.5;
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let normal = rand_distr::Normal::new(0.0, 1.0).unwrap();
        // A square root of m (Cholesky): e = L·z.
        let l00 = m[0][0].sqrt();
        let l10 = m[1][0] / l00;
        let l11 = (m[1][1] - l10 * l10).sqrt();
        let draws = 100_000;
        let mut beyond = 0;
        for _ in 0..draws {
            let z: [f64; 2] = [
                rand_distr::Distribution::sample(&normal, &mut rng),
                rand_distr::Distribution::sample(&normal, &mut rng),
            ];
            let e = [l00 * z[0], l10 * z[0] + l11 * z[1]];
            if square(&e) > k * k * trace(&m) {
                beyond += 1;
            }
        }
        let fraction = beyond as f64 / draws as f64;
        let se = (fraction * (1.0 - fraction) / draws as f64).sqrt();
        let p = gaussian_tail(&m, k);
        assert!(
            (fraction - p).abs() < 4.0 * se,
            "{fraction} ± {se} against {p}"
        );
    }

    #[test]
    fn a_constant_rate_settles_on_its_noise_floor() {
        let data = data(SEED);
        let h = hessian(&data);
        let best = least_squares(&data).unwrap();
        let (biggest, smallest) = descent::line::curvatures(&data);
        let steps = crate::SGD_STEPS;
        for eta in crate::FLOOR_RATES {
            let floor = stationary_moment(&data, eta).unwrap();
            // The recursion, iterated, arrives at the floor solved directly.
            let constant = Schedule::Constant { eta };
            let curve = sgd_error_moments(&data, &constant, START, steps).unwrap();
            let gap = largest_difference(&curve[steps..], &[floor]);
            assert!(gap < 1e-9 * trace(&floor), "η = {eta}: {gap}");
            // Many runs agree within their standard error, once settled: the
            // slowest memory of the start fades like (1 − η·λ_min)ᵗ.
            let settled = ((25.0 / (eta * smallest)).ceil() as usize).min(steps);
            let errors = simulate(&data, &constant, RUNS / 2, &[settled]).remove(0);
            let (mean, se) = mean_and_error(errors.iter().map(|e| excess_loss(&h, &outer(*e, *e))));
            let expected = excess_loss(&h, &floor);
            assert!(
                (mean - expected).abs() < 4.0 * se,
                "η = {eta}: measured {mean} ± {se}, floor {expected}"
            );
        }
        // For small η the floor's excess loss is about η·trace(S)/4, with S
        // the mean of rᵢ²·φᵢφᵢᵀ (from H·M + M·H ≈ η·S); the error of that
        // approximation is of the order of η·λ_max.
        let mut trace_s = 0.0;
        for s in &data.samples {
            let r = best.predict(s.x) - s.y;
            trace_s += r * r * (s.x * s.x + 1.0) / data.len() as f64;
        }
        let ratio = |eta: f64| {
            excess_loss(&h, &stationary_moment(&data, eta).unwrap()) / (eta * trace_s / 4.0)
        };
        for eta in [0.2, 0.05, 0.01, 0.001] {
            let r = ratio(eta);
            assert!(
                (r - 1.0).abs() < 1.5 * eta * biggest,
                "η = {eta}: ratio {r}"
            );
        }
        let shrink = (ratio(0.001) - 1.0) / (ratio(0.01) - 1.0);
        assert!(0.05 < shrink && shrink < 0.2, "first order in η: {shrink}");
        // A floor grows with the rate, and too large a rate has none.
        let floors: Vec<f64> = crate::FLOOR_RATES
            .iter()
            .map(|&eta| excess_loss(&h, &stationary_moment(&data, eta).unwrap()))
            .collect();
        assert!(floors[0] > floors[1]);
        assert!(stationary_moment(&data, 2.0).is_none());
    }
}
