//! Learning-rate schedules: a rate that changes with the step.
//!
//! With exact gradients a constant learning rate is enough. With noisy ones
//! (one sample, a mini-batch) it is not: near the bottom the samples disagree
//! about which way is down, and a constant rate keeps the walk jittering with
//! a spread that grows with `η`. Letting `η` shrink quiets the jitter.
//! Robbins and Monro's conditions say how fast it may shrink: `Σ ηₜ = ∞`, so
//! the walk can still reach anywhere, and `Σ ηₜ² < ∞`, so the noise adds up
//! to something finite.

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
    InverseTime {
        /// The starting rate `η₀`.
        eta0: f64,
        /// The number of steps `τ` over which the rate halves at first.
        tau: f64,
    },
}

impl Schedule {
    /// The learning rate at step `t` (the first step is `t = 0`).
    pub fn rate(&self, t: usize) -> f64 {
        match *self {
            Schedule::Constant { eta } => eta,
            Schedule::InverseTime { eta0, tau } => eta0 / (1.0 + t as f64 / tau),
        }
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
}
