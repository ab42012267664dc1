//! Learning-rate schedules: a rate that changes with the step.
//!
//! With exact gradients a constant learning rate is enough. With noisy ones
//! (one sample, a mini-batch) it is not: near the bottom the samples disagree
//! about which way is down, and a constant rate keeps the walk jittering with
//! a spread that grows with `η`. Letting `η` shrink quiets the jitter.
//! Robbins and Monro's conditions say how fast it may shrink: `Σ ηₜ = ∞`, so
//! the walk can still reach anywhere (with a finite total it stops short of
//! a bottom that is far enough away), and `Σ ηₜ² < ∞`, so the noise the
//! walk takes in adds up to something finite. The second is a sufficient
//! way to let the noise die out, not the only one: on a quadratic, any rate
//! that shrinks to 0 while its total grows without bound settles, `1/√t`
//! too. Nor are the two a promise of speed (see
//! [`Schedule::InverseTime`]).
//!
//! The step number `t` counts optimizer steps from 0, so `rate(0) = η₀` is
//! the rate of the first step. Where PyTorch has the same schedule
//! (`torch.optim.lr_scheduler.StepLR`, `ExponentialLR`), `rate(t)` is the
//! learning rate PyTorch gives after `t` calls of `scheduler.step()`; call it
//! once per optimizer step to get the schedules here, once per epoch to get
//! epoch-based ones.

/// How the learning rate changes with the step number `t = 0, 1, 2, …`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Schedule {
    /// The same `η` at every step.
    Constant {
        /// The learning rate `η`.
        eta: f64,
    },
    /// `ηₜ = η₀ / (1 + t/τ)`: about `η₀` for the first `τ` steps, then
    /// falling like `η₀·τ/t`. It meets both Robbins–Monro conditions.
    ///
    /// It is fast only if `τ` is long enough. Late on, each step multiplies
    /// the distance along a curvature `λ` by about `1 − λ·η₀·τ/t`, and such
    /// a product falls like `t^(−λ·η₀·τ)`: the expected excess loss of a
    /// quadratic falls like `1/t` only when `λ_min·η₀·τ > ½`, and like the
    /// slower `t^(−2·λ_min·η₀·τ)` otherwise.
    InverseTime {
        /// The starting rate `η₀`.
        eta0: f64,
        /// The number of steps `τ` over which the rate halves at first.
        tau: f64,
    },
    /// `ηₜ = η₀ / (1 + t/τ)^ν`: about `η₀` for the first `τ` steps, then
    /// falling like `η₀·(τ/t)^ν`.
    ///
    /// `Σ ηₜ` grows without bound exactly when `ν ≤ 1`, and `Σ ηₜ²` stays
    /// finite exactly when `ν > ½` (compare `Σ 1/t^p`, finite exactly when
    /// `p > 1`), so the Robbins–Monro conditions hold exactly for
    /// `½ < ν ≤ 1`. `ν = 1` is [`Schedule::InverseTime`]. PyTorch has no
    /// scheduler of this form (its `PolynomialLR` is `η₀·(1 − t/T)^p`, which
    /// reaches zero at a fixed step `T`); `LambdaLR` with this formula gives it.
    InversePower {
        /// The starting rate `η₀`.
        eta0: f64,
        /// The time scale `τ` in steps.
        tau: f64,
        /// The power `ν > 0`.
        nu: f64,
    },
    /// Step decay, `ηₜ = η₀·γ^⌊t/τ⌋`: the rate is multiplied by `γ` every
    /// `τ` steps, and constant in between. This is PyTorch's
    /// `StepLR(optimizer, step_size = τ, gamma = γ)`.
    ///
    /// With `γ < 1` the rates add up to `τ·η₀/(1 − γ)` in all: the first
    /// Robbins–Monro condition fails, and the walk freezes after a finite
    /// distance. In practice the decays are few and the run ends before
    /// that matters.
    ///
    /// [`Schedule::rate`] panics if `every` (`τ`) is 0.
    Step {
        /// The starting rate `η₀`.
        eta0: f64,
        /// The factor `γ` applied at each decay.
        gamma: f64,
        /// The number of steps `τ ≥ 1` between decays.
        every: usize,
    },
    /// Exponential decay, `ηₜ = η₀·γ^t`: PyTorch's
    /// `ExponentialLR(optimizer, gamma = γ)`.
    ///
    /// With `γ < 1` the rates add up to `Σ ηₜ = η₀/(1 − γ)`, a finite total:
    /// the walk can travel only so far, and stops short of a bottom that is
    /// farther away (the first Robbins–Monro condition fails).
    Exponential {
        /// The starting rate `η₀`.
        eta0: f64,
        /// The factor `γ` applied at every step.
        gamma: f64,
    },
}

impl Schedule {
    // ANCHOR: rate
    /// The learning rate at step `t` (the first step is `t = 0`).
    pub fn rate(&self, t: usize) -> f64 {
        match *self {
            Schedule::Constant { eta } => eta,
            Schedule::InverseTime { eta0, tau } => eta0 / (1.0 + t as f64 / tau),
            Schedule::InversePower { eta0, tau, nu } => eta0 / (1.0 + t as f64 / tau).powf(nu),
            Schedule::Step { eta0, gamma, every } => eta0 * power(gamma, t / every),
            Schedule::Exponential { eta0, gamma } => eta0 * power(gamma, t),
        }
    }
    // ANCHOR_END: rate

    /// The starting rate `η₀` (`η` for a constant rate).
    pub fn initial(&self) -> f64 {
        match *self {
            Schedule::Constant { eta } => eta,
            Schedule::InverseTime { eta0, .. }
            | Schedule::InversePower { eta0, .. }
            | Schedule::Step { eta0, .. }
            | Schedule::Exponential { eta0, .. } => eta0,
        }
    }
}

/// `γ^k` for a whole `k` of any size (`powi` takes an `i32`).
fn power(gamma: f64, k: usize) -> f64 {
    match i32::try_from(k) {
        Ok(k) => gamma.powi(k),
        Err(_) => gamma.powf(k as f64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use approx::assert_relative_eq;

    #[test]
    fn schedules_follow_their_formulas() {
        assert_eq!(Schedule::Constant { eta: 0.3 }.rate(1000), 0.3);
        let decay = Schedule::InverseTime {
            eta0: 0.2,
            tau: 50.0,
        };
        assert_eq!(decay.rate(0), 0.2);
        assert_relative_eq!(decay.rate(50), 0.1);
        assert_relative_eq!(decay.rate(450), 0.02);
    }

    #[test]
    fn the_inverse_power_is_the_inverse_time_at_nu_one() {
        let power = |nu| Schedule::InversePower {
            eta0: 0.2,
            tau: 50.0,
            nu,
        };
        let time = Schedule::InverseTime {
            eta0: 0.2,
            tau: 50.0,
        };
        for t in [0, 1, 49, 50, 450, 1_000_000] {
            assert_relative_eq!(power(1.0).rate(t), time.rate(t), max_relative = 1e-15);
        }
        // ν = ½: after 3τ steps the rate is η₀/√4 = η₀/2; after 99τ, η₀/10.
        assert_relative_eq!(power(0.5).rate(150), 0.1, max_relative = 1e-15);
        assert_relative_eq!(power(0.5).rate(4950), 0.02, max_relative = 1e-15);
        assert_eq!(power(0.7).initial(), 0.2);
    }

    /// PyTorch's `StepLR` and `ExponentialLR` update the rate in place at each
    /// `scheduler.step()`: multiply by `γ` when the count is a multiple of
    /// the period. Replaying that rule must give the closed forms.
    #[test]
    fn step_and_exponential_decay_match_pytorchs_recursive_rule() {
        let step = Schedule::Step {
            eta0: 0.5,
            gamma: 0.1,
            every: 30,
        };
        let exponential = Schedule::Exponential {
            eta0: 0.5,
            gamma: 0.9,
        };
        let (mut lr_step, mut lr_exp) = (0.5, 0.5);
        for t in 0..200 {
            if t > 0 && t % 30 == 0 {
                lr_step *= 0.1;
            }
            if t > 0 {
                lr_exp *= 0.9;
            }
            assert_relative_eq!(step.rate(t), lr_step, max_relative = 1e-13);
            assert_relative_eq!(exponential.rate(t), lr_exp, max_relative = 1e-13);
        }
        assert_eq!(step.rate(29), 0.5);
        assert_relative_eq!(step.rate(30), 0.05);
        assert_relative_eq!(step.rate(89), 0.005, max_relative = 1e-15);
        assert_eq!(exponential.rate(0), 0.5);
        assert_eq!(exponential.initial(), 0.5);
        // A step count past i32::MAX still works.
        assert_eq!(exponential.rate(3_000_000_000), 0.0);
        let slow = Schedule::Exponential {
            eta0: 1.0,
            gamma: 1.0,
        };
        assert_eq!(slow.rate(3_000_000_000), 1.0);
    }

    #[test]
    fn an_exponential_decay_adds_up_to_a_finite_total() {
        // Σ η₀·γ^t = η₀/(1 − γ): the partial sums approach it from below.
        let exponential = Schedule::Exponential {
            eta0: 0.05,
            gamma: 0.99,
        };
        let total: f64 = (0..10_000).map(|t| exponential.rate(t)).sum();
        assert_relative_eq!(total, 0.05 / 0.01, max_relative = 1e-12);
    }
}
