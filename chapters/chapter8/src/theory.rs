//! The theory of momentum on a quadratic, as formulas: the roots of each
//! curvature's 2×2 recursion, the convergence factor they give, the best
//! settings, the exact error of a run, and the noise floor.
//!
//! Along an axis of curvature `λ` the error `Δ = θ − θ*` of the heavy ball
//! obeys `Δₜ₊₁ = (1 + β − ηλ)·Δₜ − β·Δₜ₋₁`, and that of Nesterov's method
//! (PyTorch's form) `Δₜ₊₁ = (1 + β)(1 − ηλ)·Δₜ − β(1 − ηλ)·Δₜ₋₁`. Each is a
//! 2×2 linear recursion; the roots `ρ₁, ρ₂` of its characteristic equation
//! decide everything, and the convergence factor is the larger modulus,
//! `ρ = max |ρᵢ|`.

/// The two roots of a recursion's characteristic equation
/// `ρ² − (sum)·ρ + (product) = 0`, whose roots add up to `sum` and
/// multiply to `product`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Roots {
    /// Two real roots (equal when the discriminant is zero: critical damping).
    Real(f64, f64),
    /// A complex pair `re ± i·im`, `im > 0`: the error oscillates.
    Complex {
        /// The real part.
        re: f64,
        /// The imaginary part.
        im: f64,
    },
}

impl Roots {
    /// The roots of `ρ² − (sum)·ρ + (product) = 0`.
    pub fn of(sum: f64, product: f64) -> Self {
        let discriminant = sum * sum - 4.0 * product;
        if discriminant >= 0.0 {
            let root = discriminant.sqrt();
            Roots::Real((sum + root) / 2.0, (sum - root) / 2.0)
        } else {
            Roots::Complex {
                re: sum / 2.0,
                im: (-discriminant).sqrt() / 2.0,
            }
        }
    }

    /// The larger modulus `max |ρᵢ|`: the factor by which the error shrinks
    /// per step in the long run.
    pub fn radius(&self) -> f64 {
        match *self {
            Roots::Real(a, b) => a.abs().max(b.abs()),
            Roots::Complex { re, im } => re.hypot(im),
        }
    }
}

// ANCHOR: roots
/// The roots of the heavy ball's recursion along curvature `λ`:
/// `ρ² − (1 + β − ηλ)·ρ + β = 0`.
pub fn heavy_ball_roots(eta: f64, beta: f64, lambda: f64) -> Roots {
    Roots::of(1.0 + beta - eta * lambda, beta)
}

/// The heavy ball's convergence factor along curvature `λ`: the spectral
/// radius of its 2×2 recursion.
pub fn spectral_radius(eta: f64, beta: f64, lambda: f64) -> f64 {
    heavy_ball_roots(eta, beta, lambda).radius()
}
// ANCHOR_END: roots

/// The roots of Nesterov's recursion along curvature `λ`:
/// `ρ² − (1 + β)(1 − ηλ)·ρ + β(1 − ηλ) = 0`.
pub fn nesterov_roots(eta: f64, beta: f64, lambda: f64) -> Roots {
    let shrink = 1.0 - eta * lambda;
    Roots::of((1.0 + beta) * shrink, beta * shrink)
}

/// The convergence factor of a method on a quadratic with these
/// curvatures: the largest factor over its axes.
pub fn worst_radius(eta: f64, beta: f64, curvatures: &[f64], nesterov: bool) -> f64 {
    let mut worst: f64 = 0.0;
    for &lambda in curvatures {
        let roots = if nesterov {
            nesterov_roots(eta, beta, lambda)
        } else {
            heavy_ball_roots(eta, beta, lambda)
        };
        worst = worst.max(roots.radius());
    }
    worst
}

/// The momentum `β = (1 − √(ηλ))²` at which the heavy ball's two roots meet
/// (critical damping), for `ηλ ≤ 1`; above it the error oscillates.
pub fn critical_beta(eta: f64, lambda: f64) -> f64 {
    (1.0 - (eta * lambda).sqrt()).powi(2)
}

/// Settings of a method and the convergence factor they give.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuning {
    /// The learning rate `η`.
    pub eta: f64,
    /// The momentum `β` (0 for plain gradient descent).
    pub beta: f64,
    /// The worst factor per step over the curvatures `[λ_min, λ_max]`.
    pub factor: f64,
}

/// Chapter 4's best fixed rate for plain gradient descent,
/// `η = 2/(λ_max + λ_min)`, with factor `(κ − 1)/(κ + 1)`.
pub fn best_gradient_descent(lambda_min: f64, lambda_max: f64) -> Tuning {
    let kappa = lambda_max / lambda_min;
    Tuning {
        eta: 2.0 / (lambda_max + lambda_min),
        beta: 0.0,
        factor: (kappa - 1.0) / (kappa + 1.0),
    }
}

// ANCHOR: optimal
/// The best heavy ball for curvatures in `[λ_min, λ_max]`:
/// `η* = (2/(√λ_max + √λ_min))²`, `β* = ((√κ − 1)/(√κ + 1))²`,
/// with factor `√β* = (√κ − 1)/(√κ + 1)`.
pub fn optimal_heavy_ball(lambda_min: f64, lambda_max: f64) -> Tuning {
    let root_kappa = (lambda_max / lambda_min).sqrt();
    let factor = (root_kappa - 1.0) / (root_kappa + 1.0);
    Tuning {
        eta: (2.0 / (lambda_max.sqrt() + lambda_min.sqrt())).powi(2),
        beta: factor * factor,
        factor,
    }
}
// ANCHOR_END: optimal

/// Nesterov's standard settings `η = 1/λ_max`, `β = (√κ − 1)/(√κ + 1)`, the
/// ones his guarantee is proved for, with factor `1 − 1/√κ` on a quadratic.
pub fn nesterov_tuning(lambda_min: f64, lambda_max: f64) -> Tuning {
    let root_kappa = (lambda_max / lambda_min).sqrt();
    Tuning {
        eta: 1.0 / lambda_max,
        beta: (root_kappa - 1.0) / (root_kappa + 1.0),
        factor: 1.0 - 1.0 / root_kappa,
    }
}

/// Nesterov's method at its best on a quadratic with curvatures in
/// `[λ_min, λ_max]`: `η = 4/(3λ_max + λ_min)`,
/// `β = (√(3κ + 1) − 2)/(√(3κ + 1) + 2)`, with factor `1 − 2/√(3κ + 1)`.
pub fn nesterov_best(lambda_min: f64, lambda_max: f64) -> Tuning {
    let root = (3.0 * lambda_max / lambda_min + 1.0).sqrt();
    Tuning {
        eta: 4.0 / (3.0 * lambda_max + lambda_min),
        beta: (root - 2.0) / (root + 2.0),
        factor: 1.0 - 2.0 / root,
    }
}

/// How many steps a factor `ρ < 1` per step takes to shrink an error by
/// `tolerance`: the smallest `t` with `ρᵗ ≤ tolerance`.
pub fn steps_to_shrink(factor: f64, tolerance: f64) -> usize {
    let mut t = (tolerance.ln() / factor.ln()).ceil().max(0.0) as usize;
    // Guard the rounding of the logarithms at the boundary.
    while t > 0 && factor.powi(t as i32 - 1) <= tolerance {
        t -= 1;
    }
    while factor.powi(t as i32) > tolerance {
        t += 1;
    }
    t
}

/// The exact error `Δₜ` along one axis, from the roots of its recursion and
/// its first two values `Δ₀`, `Δ₁`: `C₁ρ₁ᵗ + C₂ρ₂ᵗ` for distinct roots,
/// `(Δ₀ + C·t)·ρᵗ` for a double root `ρ`, and for a complex pair
/// `ρ₁ = ρ̄₂` the same sum written with real numbers,
/// `|ρ₁|ᵗ·(C₁ cos(t·arg ρ₁) + C₂ sin(t·arg ρ₁))`.
pub fn closed_form_error(roots: Roots, e0: f64, e1: f64, t: usize) -> f64 {
    let tf = t as f64;
    match roots {
        Roots::Real(q1, q2) => {
            let scale = q1.abs().max(q2.abs()).max(1e-300);
            if (q1 - q2).abs() <= 1e-9 * scale {
                let q = 0.5 * (q1 + q2);
                if q.abs() <= 1e-300 {
                    // Both roots zero: the error is gone after two steps.
                    return match t {
                        0 => e0,
                        1 => e1,
                        _ => 0.0,
                    };
                }
                let b = e1 / q - e0;
                (e0 + b * tf) * q.powi(t as i32)
            } else {
                let c1 = (e1 - q2 * e0) / (q1 - q2);
                let c2 = e0 - c1;
                c1 * q1.powi(t as i32) + c2 * q2.powi(t as i32)
            }
        }
        Roots::Complex { re, im } => {
            let r = re.hypot(im);
            let omega = im.atan2(re);
            let c = e0;
            let d = (e1 / r - c * omega.cos()) / omega.sin();
            r.powi(t as i32) * (c * (omega * tf).cos() + d * (omega * tf).sin())
        }
    }
}

/// The exact error along an axis of curvature `λ` after `t` steps of the
/// heavy ball (or of Nesterov's method in PyTorch's form) from `Δ₀`, with an
/// empty buffer: the first step is `Δ₁ = (1 − ηλ)·Δ₀` for the heavy ball
/// and `Δ₁ = (1 − ηλ(1 + β))·Δ₀` for Nesterov's method.
pub fn exact_error(eta: f64, beta: f64, lambda: f64, nesterov: bool, e0: f64, t: usize) -> f64 {
    let (roots, e1) = if nesterov {
        (
            nesterov_roots(eta, beta, lambda),
            (1.0 - eta * lambda * (1.0 + beta)) * e0,
        )
    } else {
        (
            heavy_ball_roots(eta, beta, lambda),
            (1.0 - eta * lambda) * e0,
        )
    };
    closed_form_error(roots, e0, e1, t)
}

// ANCHOR: noise_floor
/// The noise floor: the mean excess loss `E[f] = (λ/2)·E[Δ²]` that the heavy
/// ball settles at on `f = (λ/2)·θ²` when each gradient carries independent
/// noise of variance `σ_g²`,
/// `E[f] = (λ/2) · η σ_g² (1 + β) / ((1 − β) λ (2 + 2β − ηλ))`.
/// With `β = 0` it is plain SGD's, `η σ_g² / (2(2 − ηλ))`.
pub fn noise_floor(eta: f64, beta: f64, lambda: f64, sigma_g: f64) -> f64 {
    let variance = sigma_g * sigma_g;
    let mean_square =
        eta * variance * (1.0 + beta) / ((1.0 - beta) * lambda * (2.0 + 2.0 * beta - eta * lambda));
    0.5 * lambda * mean_square
}
// ANCHOR_END: noise_floor

/// The exact mean loss `E[f(θₜ)]` at every step `t = 0, …, steps` of the
/// heavy ball on `f = (λ/2)·θ²` from `θ₀`, with gradient noise of variance
/// `σ_g²`: the second moments of `(Δₜ, Δₜ₋₁)` followed through the recursion
/// `Δₜ₊₁ = (1 + β − ηλ)·Δₜ − β·Δₜ₋₁ − η·ξₜ`.
pub fn expected_losses(
    eta: f64,
    beta: f64,
    lambda: f64,
    sigma_g: f64,
    theta0: f64,
    steps: usize,
) -> Vec<f64> {
    let a = 1.0 + beta - eta * lambda;
    // E[Δₜ²], E[Δₜ·Δₜ₋₁], E[Δₜ₋₁²]; an empty buffer means Δ₋₁ = Δ₀.
    let (mut now, mut cross, mut before) = (theta0 * theta0, theta0 * theta0, theta0 * theta0);
    let kick = eta * eta * sigma_g * sigma_g;
    let mut out = Vec::with_capacity(steps + 1);
    out.push(0.5 * lambda * now);
    for _ in 0..steps {
        let next = a * a * now - 2.0 * a * beta * cross + beta * beta * before + kick;
        let next_cross = a * now - beta * cross;
        before = now;
        cross = next_cross;
        now = next;
        out.push(0.5 * lambda * now);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_formula_solves_the_quadratic() {
        for (sum, product) in [(1.5, 0.5), (0.2, 0.81), (-1.7, 0.6), (1.0, 0.25)] {
            let roots = Roots::of(sum, product);
            let check = |re: f64, im: f64| {
                // ρ² − sum·ρ + product at ρ = re + i·im.
                let real = re * re - im * im - sum * re + product;
                let imaginary = 2.0 * re * im - sum * im;
                assert!(
                    real.abs() < 1e-12 && imaginary.abs() < 1e-12,
                    "{sum} {product}"
                );
            };
            match roots {
                Roots::Real(a, b) => {
                    check(a, 0.0);
                    check(b, 0.0);
                }
                Roots::Complex { re, im } => check(re, im),
            }
        }
    }

    #[test]
    fn steps_to_shrink_is_the_first_step_below() {
        let t = steps_to_shrink(0.5, 1e-3);
        assert_eq!(t, 10);
        assert!(0.5f64.powi(9) > 1e-3 && 0.5f64.powi(10) <= 1e-3);
        assert_eq!(steps_to_shrink(0.5, 0.5), 1);
    }
}
