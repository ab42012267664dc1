//! Adaptive step sizes: optimizers that give every coordinate its own rate.
//!
//! A landscape is often steep in some directions and nearly flat in others,
//! and one learning rate cannot suit both. The methods here divide each
//! coordinate's step by a running measure of the size of that coordinate's
//! gradients, so steep directions take cautious steps and flat ones bold
//! ones. Chapter 9 builds each from the one before:
//!
//! - [`Adagrad`]: divide by the root of the *sum* of all squared gradients
//!   so far, `G`;
//! - [`RmsProp`]: divide by the root of a running *average* of squared
//!   gradients, `v`, which forgets;
//! - [`Adam`]: RMSprop's denominator with momentum on top, both averages
//!   corrected for starting at zero; with `amsgrad`, the denominator never
//!   shrinks;
//! - [`AdamW`]: Adam with the weight decay taken out of the gradient and
//!   applied to the weights directly.
//!
//! Each is written step for step as PyTorch's `torch.optim` computes it
//! (`Adagrad`, `RMSprop`, `Adam`, `AdamW`), with every option and the same
//! defaults, and tested against values worked out by hand from the
//! published rules. The small constant PyTorch calls `eps` is `δ` (`delta`)
//! here, because the book keeps `ε` for the machine epsilon.

use crate::optimizer::Optimizer;

/// Adagrad, step for step as PyTorch's `torch.optim.Adagrad`.
///
/// With learning rate `η` (`lr`), rate decay `lr_decay`, weight decay `μ`
/// (`weight_decay`), `δ` (`eps`) and the sum `G` starting at
/// `initial_accumulator_value` in every coordinate, step `t = 1, 2, …` is
///
/// ```text
/// g ← g + μ·θ                          (if μ ≠ 0)
/// ηₜ = η / (1 + (t − 1)·lr_decay)
/// G ← G + g²
/// θ ← θ − ηₜ·g / (√G + δ)
/// ```
///
/// coordinate by coordinate. `δ` is added *after* the square root. The
/// defaults are PyTorch's: `η = 0.01`, `lr_decay = 0`, `μ = 0`,
/// `initial_accumulator_value = 0`, `δ = 10⁻¹⁰` ([`Adagrad::default`]).
/// [`Optimizer::start`] panics on settings PyTorch's constructor refuses
/// (any of them negative).
// ANCHOR: adagrad_state
#[derive(Debug, Clone, PartialEq)]
pub struct Adagrad {
    /// The learning rate `η` (PyTorch's `lr`).
    pub eta: f64,
    /// PyTorch's `lr_decay`: step `t` uses the rate `η/(1 + (t − 1)·lr_decay)`.
    pub lr_decay: f64,
    /// The weight decay `μ` (PyTorch's `weight_decay`): `μ·θ` is added to
    /// every gradient.
    pub weight_decay: f64,
    /// The value `G` starts at in every coordinate (PyTorch's
    /// `initial_accumulator_value`).
    pub initial_accumulator_value: f64,
    /// `δ` (PyTorch's `eps`), added to `√G`.
    pub delta: f64,
    /// The running sum of squared gradients `G`, one entry per coordinate.
    pub sum: Vec<f64>,
    /// How many steps have been taken.
    pub t: usize,
}
// ANCHOR_END: adagrad_state

impl Default for Adagrad {
    /// PyTorch's defaults: `lr = 0.01`, `eps = 1e-10`, every other option 0.
    fn default() -> Self {
        Adagrad {
            eta: 0.01,
            lr_decay: 0.0,
            weight_decay: 0.0,
            initial_accumulator_value: 0.0,
            delta: 1e-10,
            sum: Vec::new(),
            t: 0,
        }
    }
}

impl Adagrad {
    /// Adagrad with rate `η` and PyTorch's other defaults.
    pub fn new(eta: f64) -> Self {
        Adagrad {
            eta,
            ..Adagrad::default()
        }
    }

    /// What PyTorch's constructor would refuse about these settings, if anything.
    pub fn invalid(&self) -> Option<&'static str> {
        let negative = |v: f64| v.is_nan() || v < 0.0;
        if negative(self.eta) {
            Some("the learning rate may not be negative")
        } else if negative(self.lr_decay) {
            Some("the rate decay may not be negative")
        } else if negative(self.weight_decay) {
            Some("the weight decay may not be negative")
        } else if negative(self.initial_accumulator_value) {
            Some("the initial accumulator value may not be negative")
        } else if negative(self.delta) {
            Some("δ (eps) may not be negative")
        } else {
            None
        }
    }
}

// ANCHOR: adagrad
impl Optimizer for Adagrad {
    fn start(&mut self, dimension: usize) {
        if let Some(problem) = self.invalid() {
            panic!("{problem}");
        }
        self.sum = vec![self.initial_accumulator_value; dimension];
        self.t = 0;
    }

    fn step(&mut self, theta: &mut [f64], gradient: &[f64]) {
        self.t += 1;
        let eta_t = self.eta / (1.0 + (self.t - 1) as f64 * self.lr_decay);
        for i in 0..theta.len() {
            let mut g = gradient[i];
            if self.weight_decay != 0.0 {
                g += self.weight_decay * theta[i];
            }
            self.sum[i] += g * g;
            theta[i] -= eta_t * g / (self.sum[i].sqrt() + self.delta);
        }
    }
}
// ANCHOR_END: adagrad

/// RMSprop, step for step as PyTorch's `torch.optim.RMSprop`.
///
/// With learning rate `η` (`lr`), smoothing constant `α` (`alpha`), `δ`
/// (`eps`), weight decay `μ` (`weight_decay`) and momentum `β`
/// (`momentum`), step `t` is, coordinate by coordinate,
///
/// ```text
/// g ← g + μ·θ                           (if μ ≠ 0)
/// v ← α·v + (1 − α)·g²
/// ḡ ← α·ḡ + (1 − α)·g                   (if centred)
/// s = √(v − ḡ²) + δ  if centred,  √v + δ  otherwise
/// m ← β·m + g/s,  θ ← θ − η·m           (if β > 0)
/// θ ← θ − η·g/s                          (if β = 0)
/// ```
///
/// with `v`, `ḡ` and `m` starting at 0. There is no bias correction: the
/// first step divides by `√(1 − α)·|g|`. `δ` is added *after* the square
/// root. The defaults are PyTorch's: `η = 0.01`, `α = 0.99`, `δ = 10⁻⁸`,
/// `μ = 0`, `β = 0`, not centred ([`RmsProp::default`]). [`Optimizer::start`]
/// panics on settings PyTorch's constructor refuses (any of `η`, `α`, `δ`,
/// `μ`, `β` negative).
// ANCHOR: rmsprop_state
#[derive(Debug, Clone, PartialEq)]
pub struct RmsProp {
    /// The learning rate `η` (PyTorch's `lr`).
    pub eta: f64,
    /// The smoothing constant `α` (PyTorch's `alpha`): how much of the old
    /// average each step keeps.
    pub alpha: f64,
    /// `δ` (PyTorch's `eps`), added to the square root.
    pub delta: f64,
    /// The weight decay `μ` (PyTorch's `weight_decay`): `μ·θ` is added to
    /// every gradient.
    pub weight_decay: f64,
    /// The momentum `β` (PyTorch's `momentum`).
    pub momentum: f64,
    /// Whether to divide by the running standard deviation of the gradient
    /// instead of its running root mean square (PyTorch's `centered`).
    pub centered: bool,
    /// The running average of squared gradients `v`.
    pub v: Vec<f64>,
    /// The running average of gradients `ḡ` (used when centred).
    pub mean: Vec<f64>,
    /// The momentum buffer `m` (used when `β > 0`).
    pub m: Vec<f64>,
}
// ANCHOR_END: rmsprop_state

impl Default for RmsProp {
    /// PyTorch's defaults: `lr = 0.01`, `alpha = 0.99`, `eps = 1e-8`, no
    /// weight decay, no momentum, not centred.
    fn default() -> Self {
        RmsProp {
            eta: 0.01,
            alpha: 0.99,
            delta: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
            v: Vec::new(),
            mean: Vec::new(),
            m: Vec::new(),
        }
    }
}

impl RmsProp {
    /// RMSprop with rate `η` and PyTorch's other defaults.
    pub fn new(eta: f64) -> Self {
        RmsProp {
            eta,
            ..RmsProp::default()
        }
    }

    /// What PyTorch's constructor would refuse about these settings, if anything.
    pub fn invalid(&self) -> Option<&'static str> {
        let negative = |v: f64| v.is_nan() || v < 0.0;
        if negative(self.eta) {
            Some("the learning rate may not be negative")
        } else if negative(self.delta) {
            Some("δ (eps) may not be negative")
        } else if negative(self.momentum) {
            Some("the momentum may not be negative")
        } else if negative(self.weight_decay) {
            Some("the weight decay may not be negative")
        } else if negative(self.alpha) {
            Some("α (alpha) may not be negative")
        } else {
            None
        }
    }
}

// ANCHOR: rmsprop
impl Optimizer for RmsProp {
    fn start(&mut self, dimension: usize) {
        if let Some(problem) = self.invalid() {
            panic!("{problem}");
        }
        self.v = vec![0.0; dimension];
        self.mean = vec![0.0; dimension];
        self.m = vec![0.0; dimension];
    }

    fn step(&mut self, theta: &mut [f64], gradient: &[f64]) {
        let alpha = self.alpha;
        for i in 0..theta.len() {
            let mut g = gradient[i];
            if self.weight_decay != 0.0 {
                g += self.weight_decay * theta[i];
            }
            self.v[i] = alpha * self.v[i] + (1.0 - alpha) * g * g;
            let s = if self.centered {
                self.mean[i] = alpha * self.mean[i] + (1.0 - alpha) * g;
                (self.v[i] - self.mean[i] * self.mean[i]).sqrt() + self.delta
            } else {
                self.v[i].sqrt() + self.delta
            };
            if self.momentum > 0.0 {
                self.m[i] = self.momentum * self.m[i] + g / s;
                theta[i] -= self.eta * self.m[i];
            } else {
                theta[i] -= self.eta * g / s;
            }
        }
    }
}
// ANCHOR_END: rmsprop

/// Adam, step for step as PyTorch's `torch.optim.Adam`, with its `amsgrad`
/// variant.
///
/// With learning rate `η` (`lr`), coefficients `β₁`, `β₂` (`betas`), `δ`
/// (`eps`) and weight decay `μ` (`weight_decay`), step `t = 1, 2, …` is,
/// coordinate by coordinate,
///
/// ```text
/// g ← g + μ·θ                                  (if μ ≠ 0: an L2 penalty)
/// m ← β₁·m + (1 − β₁)·g
/// v ← β₂·v + (1 − β₂)·g²
/// v_max ← max(v_max, v)                        (if amsgrad)
/// θ ← θ − (η/(1 − β₁ᵗ))·m / (√u/√(1 − β₂ᵗ) + δ),  u = v_max or v
/// ```
///
/// with `m`, `v` and `v_max` starting at 0: the step is `η·m̂/(√û + δ)` with
/// the bias-corrected `m̂ = m/(1 − β₁ᵗ)` and `û = u/(1 − β₂ᵗ)`. `δ` is added
/// *after* the square root of the corrected average. With `amsgrad` the
/// maximum is taken of the *uncorrected* `v`, and the current correction
/// `1 − β₂ᵗ` divides it. The defaults are PyTorch's: `η = 0.001`,
/// `β₁ = 0.9`, `β₂ = 0.999`, `δ = 10⁻⁸`, `μ = 0`, no amsgrad
/// ([`Adam::default`]). [`Optimizer::start`] panics on settings PyTorch's
/// constructor refuses (`η`, `δ` or `μ` negative, `β₁` or `β₂` outside
/// `[0, 1)`).
///
/// The rate `η` is read at every step, so a run may change it between steps,
/// as a PyTorch learning-rate scheduler does.
// ANCHOR: adam_state
#[derive(Debug, Clone, PartialEq)]
pub struct Adam {
    /// The learning rate `η` (PyTorch's `lr`).
    pub eta: f64,
    /// `β₁`, the memory of the first moment `m`.
    pub beta1: f64,
    /// `β₂`, the memory of the second moment `v`.
    pub beta2: f64,
    /// `δ` (PyTorch's `eps`), added to the square root.
    pub delta: f64,
    /// The weight decay `μ` (PyTorch's `weight_decay`): `μ·θ` is added to
    /// every gradient, the gradient of an L2 penalty `(μ/2)·‖θ‖²`.
    pub weight_decay: f64,
    /// Whether to divide by the largest `v` so far (AMSGrad).
    pub amsgrad: bool,
    /// The first moment `m`: the running average of gradients.
    pub m: Vec<f64>,
    /// The second moment `v`: the running average of squared gradients.
    pub v: Vec<f64>,
    /// The largest `v` so far, `v_max` (used with `amsgrad`).
    pub v_max: Vec<f64>,
    /// How many steps have been taken.
    pub t: usize,
}
// ANCHOR_END: adam_state

impl Default for Adam {
    /// PyTorch's defaults: `lr = 0.001`, `betas = (0.9, 0.999)`,
    /// `eps = 1e-8`, no weight decay, no amsgrad.
    fn default() -> Self {
        Adam {
            eta: 0.001,
            beta1: 0.9,
            beta2: 0.999,
            delta: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
            m: Vec::new(),
            v: Vec::new(),
            v_max: Vec::new(),
            t: 0,
        }
    }
}

impl Adam {
    /// Adam with rate `η` and PyTorch's other defaults.
    pub fn new(eta: f64) -> Self {
        Adam {
            eta,
            ..Adam::default()
        }
    }

    /// AMSGrad (Adam with `amsgrad`) with rate `η` and PyTorch's other defaults.
    pub fn amsgrad(eta: f64) -> Self {
        Adam {
            amsgrad: true,
            ..Adam::new(eta)
        }
    }

    /// What PyTorch's constructor would refuse about these settings, if anything.
    pub fn invalid(&self) -> Option<&'static str> {
        let negative = |v: f64| v.is_nan() || v < 0.0;
        let coefficient = |b: f64| (0.0..1.0).contains(&b);
        if negative(self.eta) {
            Some("the learning rate may not be negative")
        } else if negative(self.delta) {
            Some("δ (eps) may not be negative")
        } else if !coefficient(self.beta1) {
            Some("β₁ must be at least 0 and below 1")
        } else if !coefficient(self.beta2) {
            Some("β₂ must be at least 0 and below 1")
        } else if negative(self.weight_decay) {
            Some("the weight decay may not be negative")
        } else {
            None
        }
    }
}

// ANCHOR: adam
impl Optimizer for Adam {
    fn start(&mut self, dimension: usize) {
        if let Some(problem) = self.invalid() {
            panic!("{problem}");
        }
        self.m = vec![0.0; dimension];
        self.v = vec![0.0; dimension];
        self.v_max = vec![0.0; dimension];
        self.t = 0;
    }

    fn step(&mut self, theta: &mut [f64], gradient: &[f64]) {
        self.t += 1;
        let (beta1, beta2) = (self.beta1, self.beta2);
        let correction1 = 1.0 - beta1.powf(self.t as f64);
        let correction2 = 1.0 - beta2.powf(self.t as f64);
        for i in 0..theta.len() {
            let mut g = gradient[i];
            if self.weight_decay != 0.0 {
                g += self.weight_decay * theta[i];
            }
            self.m[i] = beta1 * self.m[i] + (1.0 - beta1) * g;
            self.v[i] = beta2 * self.v[i] + (1.0 - beta2) * g * g;
            let u = if self.amsgrad {
                self.v_max[i] = self.v_max[i].max(self.v[i]);
                self.v_max[i]
            } else {
                self.v[i]
            };
            let denominator = u.sqrt() / correction2.sqrt() + self.delta;
            theta[i] -= (self.eta / correction1) * self.m[i] / denominator;
        }
    }
}
// ANCHOR_END: adam

/// AdamW, step for step as PyTorch's `torch.optim.AdamW`: Adam with
/// *decoupled* weight decay.
///
/// Each step first shrinks every weight, `θ ← (1 − η·μ)·θ`, then takes
/// Adam's step with the gradient at the old `θ`. The decay never enters
/// `m` or `v`, so it is not divided by `√v̂`: every weight shrinks by the
/// same factor. The defaults are PyTorch's: `μ = 0.01` and Adam's
/// ([`AdamW::default`]); the Adam inside must have no weight decay of its
/// own ([`Optimizer::start`] panics otherwise, and on negative `μ`).
// ANCHOR: adamw_state
#[derive(Debug, Clone, PartialEq)]
pub struct AdamW {
    /// The weight decay `μ` (PyTorch's `weight_decay`): each step multiplies
    /// the weights by `1 − η·μ`.
    pub weight_decay: f64,
    /// The Adam step taken after the decay, with its state.
    pub adam: Adam,
}
// ANCHOR_END: adamw_state

impl Default for AdamW {
    /// PyTorch's defaults: `weight_decay = 0.01` and Adam's defaults.
    fn default() -> Self {
        AdamW {
            weight_decay: 0.01,
            adam: Adam::default(),
        }
    }
}

impl AdamW {
    /// AdamW with rate `η`, weight decay `μ` and PyTorch's other defaults.
    pub fn new(eta: f64, weight_decay: f64) -> Self {
        AdamW {
            weight_decay,
            adam: Adam::new(eta),
        }
    }

    /// What PyTorch's constructor would refuse about these settings, if anything.
    pub fn invalid(&self) -> Option<&'static str> {
        if self.weight_decay.is_nan() || self.weight_decay < 0.0 {
            Some("the weight decay may not be negative")
        } else if self.adam.weight_decay != 0.0 {
            Some("AdamW's decay is its own: the Adam inside takes no weight decay")
        } else {
            self.adam.invalid()
        }
    }
}

// ANCHOR: adamw
impl Optimizer for AdamW {
    fn start(&mut self, dimension: usize) {
        if let Some(problem) = self.invalid() {
            panic!("{problem}");
        }
        self.adam.start(dimension);
    }

    fn step(&mut self, theta: &mut [f64], gradient: &[f64]) {
        let shrink = 1.0 - self.adam.eta * self.weight_decay;
        for weight in theta.iter_mut() {
            *weight *= shrink;
        }
        self.adam.step(theta, gradient);
    }
}
// ANCHOR_END: adamw

#[cfg(test)]
mod tests {
    //! Every expected value below is worked out by hand from PyTorch's
    //! published rule (and checked again with exact fractions), with
    //! numbers chosen so that every square root is exact.

    use super::*;
    use crate::objective::{Objective, QuadraticBowl};
    use crate::{StoppingRules, descend};

    /// The points `optimizer` visits from `θ₀` when handed the gradients
    /// `gradients` in turn (whatever the point).
    fn walk(mut optimizer: impl Optimizer, theta0: &[f64], gradients: &[&[f64]]) -> Vec<Vec<f64>> {
        let mut theta = theta0.to_vec();
        optimizer.start(theta.len());
        let mut visited = Vec::new();
        for g in gradients {
            optimizer.step(&mut theta, g);
            visited.push(theta.clone());
        }
        visited
    }

    fn same(got: &[Vec<f64>], expected: &[&[f64]]) {
        assert_eq!(got.len(), expected.len());
        for (g, e) in got.iter().zip(expected) {
            for (a, b) in g.iter().zip(e.iter()) {
                assert!(
                    (a - b).abs() <= 1e-12 * b.abs().max(1e-300),
                    "{got:?} against {expected:?}"
                );
            }
        }
    }

    // ---------------------------------------------------------------- Adagrad

    #[test]
    fn adagrads_defaults_are_pytorchs() {
        let d = Adagrad::default();
        assert_eq!(
            (
                d.eta,
                d.lr_decay,
                d.weight_decay,
                d.initial_accumulator_value,
                d.delta
            ),
            (0.01, 0.0, 0.0, 0.0, 1e-10)
        );
    }

    #[test]
    fn adagrad_divides_by_the_root_of_the_sum_of_squares() {
        // η = 1, δ = 0, gradients 3, 4, 12 (so that G = 9, 25, 169):
        // θ = 1 − 3/3 = 0; θ = 0 − 4/5 = −4/5; θ = −4/5 − 12/13 = −112/65.
        let rule = Adagrad {
            delta: 0.0,
            ..Adagrad::new(1.0)
        };
        same(
            &walk(rule, &[1.0], &[&[3.0], &[4.0], &[12.0]]),
            &[&[0.0], &[-0.8], &[-112.0 / 65.0]],
        );
    }

    #[test]
    fn adagrads_every_option_follows_the_rule() {
        // δ = 1 outside the root: θ = 1 − 3/(3 + 1) = ¼; θ = ¼ − 4/(5 + 1) = −5/12.
        let with_delta = Adagrad {
            delta: 1.0,
            ..Adagrad::new(1.0)
        };
        same(
            &walk(with_delta, &[1.0], &[&[3.0], &[4.0]]),
            &[&[0.25], &[-5.0 / 12.0]],
        );
        // lr_decay = ½: rates 1, 1/(1 + ½) = ⅔, 1/(1 + 1) = ½.
        // θ = 1 − 1; θ = 0 − ⅔·4/5 = −8/15; θ = −8/15 − ½·12/13 = −194/195.
        let decayed = Adagrad {
            delta: 0.0,
            lr_decay: 0.5,
            ..Adagrad::new(1.0)
        };
        same(
            &walk(decayed, &[1.0], &[&[3.0], &[4.0], &[12.0]]),
            &[&[0.0], &[-8.0 / 15.0], &[-194.0 / 195.0]],
        );
        // G starts at 16: G = 16 + 9 = 25, θ = 1 − 3/5 = ⅖; G = 25 + 144 = 169,
        // θ = ⅖ − 12/13 = −34/65.
        let primed = Adagrad {
            delta: 0.0,
            initial_accumulator_value: 16.0,
            ..Adagrad::new(1.0)
        };
        same(
            &walk(primed, &[1.0], &[&[3.0], &[12.0]]),
            &[&[0.4], &[-34.0 / 65.0]],
        );
        // μ = ½ from θ = 2: g = 2 + 1 = 3, G = 9, θ = 2 − 3/3 = 1;
        // g = 3.5 + ½ = 4, G = 25, θ = 1 − 4/5 = ⅕.
        let decay = Adagrad {
            delta: 0.0,
            weight_decay: 0.5,
            ..Adagrad::new(1.0)
        };
        same(&walk(decay, &[2.0], &[&[2.0], &[3.5]]), &[&[1.0], &[0.2]]);
        // All at once, in two coordinates (η = 2, lr_decay = 1, G₀ = 12, μ = 1,
        // δ = 1), from θ = (1, −1) with the gradient (1, 0):
        // coordinate 1: g = 1 + 1 = 2, G = 16, θ = 1 − 2·2/(4 + 1) = ⅕;
        // coordinate 2: g = 0 − 1 = −1, G = 13, θ = −1 + 2/(√13 + 1).
        let all = Adagrad {
            eta: 2.0,
            lr_decay: 1.0,
            weight_decay: 1.0,
            initial_accumulator_value: 12.0,
            delta: 1.0,
            sum: Vec::new(),
            t: 0,
        };
        same(
            &walk(all, &[1.0, -1.0], &[&[1.0, 0.0]]),
            &[&[0.2, -1.0 + 2.0 / (13.0_f64.sqrt() + 1.0)]],
        );
    }

    #[test]
    fn adagrad_with_every_option_over_three_steps() {
        // η = 2, lr_decay = ½, G₀ = 5, μ = ½, δ = 1, θ₀ = 2, gradients 3, −1, 4.
        // Step 1: g = 3 + 1 = 4, G = 21, rate 2, θ = 2 − 8/(√21 + 1).
        // Step 2: g = −1 + θ/2, G += g², rate 2/1.5, θ −= rate·g/(√G + 1).
        // Step 3: g = 4 + θ/2, G += g², rate 2/2, θ −= g/(√G + 1).
        let (mut theta, mut sum) = (2.0_f64, 5.0_f64);
        let mut expected = Vec::new();
        for (t, raw) in [3.0, -1.0, 4.0].iter().enumerate() {
            let g = raw + 0.5 * theta;
            sum += g * g;
            theta -= 2.0 / (1.0 + 0.5 * t as f64) * g / (sum.sqrt() + 1.0);
            expected.push(theta);
        }
        assert!((expected[0] - (2.0 - 8.0 / (21.0_f64.sqrt() + 1.0))).abs() < 1e-15);
        // The same rule replayed in 50-digit arithmetic, outside Rust.
        for (e, replay) in expected.iter().zip([
            0.566969722017664,
            0.736_411_118_652_566_2,
            0.1438220127247867,
        ]) {
            assert!((e - replay).abs() <= 1e-14);
        }
        let rule = Adagrad {
            eta: 2.0,
            lr_decay: 0.5,
            weight_decay: 0.5,
            initial_accumulator_value: 5.0,
            delta: 1.0,
            sum: Vec::new(),
            t: 0,
        };
        let got = walk(rule, &[2.0], &[&[3.0], &[-1.0], &[4.0]]);
        same(&got, &[&[expected[0]], &[expected[1]], &[expected[2]]]);
    }

    #[test]
    fn adagrads_refusals_are_pytorchs() {
        assert!(Adagrad::new(-1.0).invalid().is_some());
        for bad in [
            Adagrad {
                lr_decay: -1.0,
                ..Adagrad::default()
            },
            Adagrad {
                weight_decay: -1.0,
                ..Adagrad::default()
            },
            Adagrad {
                initial_accumulator_value: -1.0,
                ..Adagrad::default()
            },
            Adagrad {
                delta: -1.0,
                ..Adagrad::default()
            },
        ] {
            assert!(bad.invalid().is_some(), "{bad:?}");
        }
        assert_eq!(Adagrad::default().invalid(), None);
    }

    // ---------------------------------------------------------------- RMSprop

    #[test]
    fn rmsprops_defaults_are_pytorchs() {
        let d = RmsProp::default();
        assert_eq!(
            (
                d.eta,
                d.alpha,
                d.delta,
                d.weight_decay,
                d.momentum,
                d.centered
            ),
            (0.01, 0.99, 1e-8, 0.0, 0.0, false)
        );
        // No bias correction: the first step is η/√(1 − α) = 10η (less a
        // relative δ/(0.1·|g|) ≈ 3·10⁻⁸ for the gradient 3).
        let first = walk(RmsProp::default(), &[0.0], &[&[3.0]]);
        assert!((first[0][0] + 0.1).abs() < 1e-8);
    }

    /// RMSprop with `α = ¾` (so `1 − α = ¼`), `η = 1`, `δ = 0`.
    fn quarter() -> RmsProp {
        RmsProp {
            alpha: 0.75,
            delta: 0.0,
            ..RmsProp::new(1.0)
        }
    }

    #[test]
    fn rmsprop_divides_by_the_root_of_a_running_average() {
        // Gradients 2, 1, 1: v = ¼·4 = 1; v = ¾ + ¼ = 1; v = ¾ + ¼ = 1.
        // θ = 0 − 2/1 = −2; θ = −2 − 1 = −3; θ = −4.
        same(
            &walk(quarter(), &[0.0], &[&[2.0], &[1.0], &[1.0]]),
            &[&[-2.0], &[-3.0], &[-4.0]],
        );
        // Gradients 4, 2: v = 4, θ = −4/2 = −2; v = 3 + 1 = 4, θ = −2 − 2/2 = −3.
        same(
            &walk(quarter(), &[0.0], &[&[4.0], &[2.0]]),
            &[&[-2.0], &[-3.0]],
        );
    }

    #[test]
    fn rmsprops_every_option_follows_the_rule() {
        // δ = 1 outside the root: v = 1, θ = −2/(1 + 1) = −1; v = 1, θ = −1 − ½.
        let with_delta = RmsProp {
            delta: 1.0,
            ..quarter()
        };
        same(
            &walk(with_delta, &[0.0], &[&[2.0], &[1.0]]),
            &[&[-1.0], &[-1.5]],
        );
        // Momentum ½: m = 2/1 = 2, θ = −2; m = 1 + 1/1 = 2, θ = −4;
        // m = 1 + 1 = 2, θ = −6.
        let heavy = RmsProp {
            momentum: 0.5,
            ..quarter()
        };
        same(
            &walk(heavy, &[0.0], &[&[2.0], &[1.0], &[1.0]]),
            &[&[-2.0], &[-4.0], &[-6.0]],
        );
        // μ = 1 from θ = 2: g = 0 + 2 = 2, v = 1, θ = 2 − 2 = 0;
        // g = 1 + 0 = 1, v = 1, θ = −1.
        let decay = RmsProp {
            weight_decay: 1.0,
            ..quarter()
        };
        same(&walk(decay, &[2.0], &[&[0.0], &[1.0]]), &[&[0.0], &[-1.0]]);
        // Centred, with α = ¾ and gradients 4, 2 (v = 4, 4; ḡ = 1, 5/4):
        // s = √(4 − 1) = √3, θ = −4/√3; s = √(4 − 25/16) = √39/4,
        // θ = −4/√3 − 8/√39.
        let centred = RmsProp {
            centered: true,
            ..quarter()
        };
        same(
            &walk(centred, &[0.0], &[&[4.0], &[2.0]]),
            &[
                &[-4.0 / 3.0_f64.sqrt()],
                &[-4.0 / 3.0_f64.sqrt() - 8.0 / 39.0_f64.sqrt()],
            ],
        );
        // Centred with momentum ½, δ = 1 and μ = ½, from θ = 2 with raw
        // gradients 3, 1:
        // g = 3 + 1 = 4, v = 4, ḡ = 1, s = √3 + 1, m = 4/s, θ = 2 − 4/(√3 + 1);
        // g = 1 + θ/2, v = 3 + g²/4, ḡ = ¾ + g/4, s = √(v − ḡ²) + 1,
        // m = ½·m + g/s, θ −= m.
        let s1 = 3.0_f64.sqrt() + 1.0;
        let m1 = 4.0 / s1;
        let theta1 = 2.0 - m1;
        let g2 = 1.0 + 0.5 * theta1;
        let v2 = 3.0 + g2 * g2 / 4.0;
        let mean2 = 0.75 + g2 / 4.0;
        let s2 = (v2 - mean2 * mean2).sqrt() + 1.0;
        let m2 = 0.5 * m1 + g2 / s2;
        // The same rule replayed in 50-digit arithmetic, outside Rust.
        assert!((theta1 - 0.535_898_384_862_245_4).abs() <= 1e-14);
        assert!((theta1 - m2 + 0.7024247369383744).abs() <= 1e-14);
        let everything = RmsProp {
            centered: true,
            momentum: 0.5,
            delta: 1.0,
            weight_decay: 0.5,
            ..quarter()
        };
        same(
            &walk(everything, &[2.0], &[&[3.0], &[1.0]]),
            &[&[theta1], &[theta1 - m2]],
        );
    }

    #[test]
    fn rmsprops_refusals_are_pytorchs() {
        for bad in [
            RmsProp::new(-1.0),
            RmsProp {
                alpha: -0.5,
                ..RmsProp::default()
            },
            RmsProp {
                delta: -1.0,
                ..RmsProp::default()
            },
            RmsProp {
                momentum: -0.1,
                ..RmsProp::default()
            },
            RmsProp {
                weight_decay: -1.0,
                ..RmsProp::default()
            },
        ] {
            assert!(bad.invalid().is_some(), "{bad:?}");
        }
        assert_eq!(RmsProp::default().invalid(), None);
    }

    // ------------------------------------------------------------------- Adam

    #[test]
    fn adams_defaults_are_pytorchs() {
        let d = Adam::default();
        assert_eq!(
            (d.eta, d.beta1, d.beta2, d.delta, d.weight_decay, d.amsgrad),
            (0.001, 0.9, 0.999, 1e-8, 0.0, false)
        );
        let w = AdamW::default();
        assert_eq!((w.weight_decay, w.adam), (0.01, Adam::default()));
    }

    /// Adam with `β₁ = ½`, `β₂ = ¾`, `η = 1`, `δ = 0`.
    fn halves() -> Adam {
        Adam {
            beta1: 0.5,
            beta2: 0.75,
            delta: 0.0,
            ..Adam::new(1.0)
        }
    }

    #[test]
    fn adam_follows_the_rule_with_both_corrections() {
        // β₁ = ½, β₂ = ¾; corrections 1 − ½ = ½ and 1 − ¾ = ¼, then ¾ and 7/16.
        // Step 1, g = 2: m = 1, v = 1; m̂ = 2, v̂ = 4: θ = 0 − 2/2 = −1 (= −η·sign g).
        // Step 2, g = 1: m = ½ + ½ = 1, v = ¾ + ¼ = 1; m̂ = 4/3, v̂ = 16/7:
        //   θ = −1 − (4/3)/(4/√7) = −1 − √7/3.
        same(
            &walk(halves(), &[0.0], &[&[2.0], &[1.0]]),
            &[&[-1.0], &[-1.0 - 7.0_f64.sqrt() / 3.0]],
        );
        // The first step is exactly η in each coordinate, whatever the gradient.
        let first = walk(halves(), &[0.0, 0.0, 0.0], &[&[1e-6, -3.0, 1e6]]);
        same(&first, &[&[-1.0, 1.0, -1.0]]);
    }

    #[test]
    fn adams_every_option_follows_the_rule() {
        // δ = 1 after the root of the corrected v: θ = −2/(2 + 1) = −⅔;
        // θ = −⅔ − (4/3)/(4/√7 + 1).
        let with_delta = Adam {
            delta: 1.0,
            ..halves()
        };
        same(
            &walk(with_delta, &[0.0], &[&[2.0], &[1.0]]),
            &[
                &[-2.0 / 3.0],
                &[-2.0 / 3.0 - (4.0 / 3.0) / (4.0 / 7.0_f64.sqrt() + 1.0)],
            ],
        );
        // Coupled weight decay μ = 1 from θ = 1 with raw gradients 1, 1:
        // g = 1 + 1 = 2: θ = 1 − 1 = 0; g = 1 + 0 = 1: θ = 0 − √7/3.
        let coupled = Adam {
            weight_decay: 1.0,
            ..halves()
        };
        same(
            &walk(coupled, &[1.0], &[&[1.0], &[1.0]]),
            &[&[0.0], &[-7.0_f64.sqrt() / 3.0]],
        );
        // AMSGrad. Gradients 4, 0: v = 4, then 3; v_max = 4, 4.
        // Step 1: m = 2, m̂ = 4; v̂ = 16: θ = −4/4 = −1.
        // Step 2: m = 1, m̂ = 4/3; without amsgrad v̂ = 3/(7/16) = 48/7,
        //   θ = −1 − (4/3)·√7/√48 = −1 − √21/9;
        //   with amsgrad û = 4/(7/16) = 64/7, θ = −1 − (4/3)·√7/8 = −1 − √7/6.
        same(
            &walk(halves(), &[0.0], &[&[4.0], &[0.0]]),
            &[&[-1.0], &[-1.0 - 21.0_f64.sqrt() / 9.0]],
        );
        let ams = Adam {
            amsgrad: true,
            ..halves()
        };
        same(
            &walk(ams, &[0.0], &[&[4.0], &[0.0]]),
            &[&[-1.0], &[-1.0 - 7.0_f64.sqrt() / 6.0]],
        );
    }

    #[test]
    fn amsgrad_keeps_the_largest_uncorrected_v() {
        // β₂ = ¾, gradients 4, 0, 0: v = 4, 3, 9/4; corrections ¼, 7/16, 37/64.
        // The corrected v̂ = 16, 48/7, 144/37 and its running maximum would be
        // 16 throughout; the uncorrected maximum 4 over the current
        // correction gives 16, 64/7, 256/37. Step 3 (m = ½, m̂ = ½/(7/8) = 4/7):
        // PyTorch's rule: θ₃ = θ₂ − (4/7)/(16/√37) = θ₂ − √37/28.
        let ams = Adam {
            amsgrad: true,
            ..halves()
        };
        let theta2 = -1.0 - 7.0_f64.sqrt() / 6.0;
        same(
            &walk(ams, &[0.0], &[&[4.0], &[0.0], &[0.0]]),
            &[&[-1.0], &[theta2], &[theta2 - 37.0_f64.sqrt() / 28.0]],
        );
    }

    #[test]
    fn adam_with_every_option_over_three_steps() {
        // β₁ = 0.8, β₂ = 0.9, η = 0.5, δ = 0.1, μ = 0.2, amsgrad, θ₀ = (1, −2),
        // gradients (3, −1), (−2, 0.5), (0.1, 4); the rule by hand, line by line.
        let (beta1, beta2, eta, delta, mu) = (0.8_f64, 0.9_f64, 0.5, 0.1, 0.2);
        let grads = [[3.0, -1.0], [-2.0, 0.5], [0.1, 4.0]];
        let mut theta = [1.0_f64, -2.0];
        let (mut m, mut v, mut v_max) = ([0.0_f64; 2], [0.0_f64; 2], [0.0_f64; 2]);
        let mut expected: Vec<Vec<f64>> = Vec::new();
        for (step, raw) in grads.iter().enumerate() {
            let t = (step + 1) as i32;
            for i in 0..2 {
                let g = raw[i] + mu * theta[i];
                m[i] = beta1 * m[i] + (1.0 - beta1) * g;
                v[i] = beta2 * v[i] + (1.0 - beta2) * g * g;
                v_max[i] = v_max[i].max(v[i]);
                let m_hat = m[i] / (1.0 - beta1.powi(t));
                let v_hat = v_max[i] / (1.0 - beta2.powi(t));
                theta[i] -= eta * m_hat / (v_hat.sqrt() + delta);
            }
            expected.push(theta.to_vec());
        }
        // The same rule replayed in 50-digit arithmetic, outside Rust.
        let replay = [
            [0.515_151_515_151_515_1, -1.5333333333333333],
            [0.4468629445032945, -1.3026126388500814],
            [0.382_014_765_289_186_6, -1.5483974433932368],
        ];
        for (e, r) in expected.iter().zip(replay) {
            assert!((e[0] - r[0]).abs() <= 1e-14 && (e[1] - r[1]).abs() <= 1e-14);
        }
        let rule = Adam {
            eta,
            beta1,
            beta2,
            delta,
            weight_decay: mu,
            amsgrad: true,
            ..Adam::default()
        };
        let got = walk(rule, &[1.0, -2.0], &[&grads[0], &grads[1], &grads[2]]);
        let expected: Vec<&[f64]> = expected.iter().map(|e| e.as_slice()).collect();
        same(&got, &expected);
    }

    #[test]
    fn adamw_shrinks_the_weights_before_the_adam_step() {
        // η = 1, μ = ½: θ = 2·(1 − ½) = 1, then Adam's first step −1: θ = 0.
        // Then θ = 0·½ = 0, and Adam's second step with g = 1: −√7/3.
        let rule = AdamW {
            weight_decay: 0.5,
            adam: halves(),
        };
        same(
            &walk(rule, &[2.0], &[&[2.0], &[1.0]]),
            &[&[0.0], &[-7.0_f64.sqrt() / 3.0]],
        );
        // With amsgrad, gradients 4, 0 from θ = 4 (μ = ¼, so the factor is ¾):
        // θ = 3 − 1 = 2; θ = 1.5 − √7/6.
        let ams = AdamW {
            weight_decay: 0.25,
            adam: Adam {
                amsgrad: true,
                ..halves()
            },
        };
        same(
            &walk(ams, &[4.0], &[&[4.0], &[0.0]]),
            &[&[2.0], &[1.5 - 7.0_f64.sqrt() / 6.0]],
        );
    }

    #[test]
    fn adamw_with_a_rate_below_one_follows_pytorchs_rule_step_for_step() {
        // η = 0.1 and μ = ½, so the shrink factor 1 − ημ = 0.95 differs from
        // 1 − μ = ½ (a test with η = 1 cannot tell them apart). β₁ = 0.8,
        // β₂ = 0.9, δ = 0.1, θ₀ = (1, −2), gradients (3, −1), (−2, 0.5),
        // (0.1, 4). PyTorch's AdamW, written out here line by line:
        // θ ← θ·(1 − ημ); m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²;
        // v_max ← max(v_max, v) (amsgrad); θ ← θ − (η/(1 − β₁ᵗ))·m/(√u/√(1 − β₂ᵗ) + δ).
        let (beta1, beta2, eta, delta, mu) = (0.8_f64, 0.9_f64, 0.1, 0.1, 0.5);
        let grads = [[3.0, -1.0], [-2.0, 0.5], [0.1, 4.0]];
        let by_hand = |amsgrad: bool, shrink: f64| {
            let mut theta = [1.0_f64, -2.0];
            let (mut m, mut v, mut v_max) = ([0.0_f64; 2], [0.0_f64; 2], [0.0_f64; 2]);
            let mut visited: Vec<Vec<f64>> = Vec::new();
            for (step, g) in grads.iter().enumerate() {
                let t = (step + 1) as i32;
                for i in 0..2 {
                    theta[i] *= shrink;
                    m[i] = beta1 * m[i] + (1.0 - beta1) * g[i];
                    v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];
                    v_max[i] = v_max[i].max(v[i]);
                    let u = if amsgrad { v_max[i] } else { v[i] };
                    let denominator = u.sqrt() / (1.0 - beta2.powi(t)).sqrt() + delta;
                    theta[i] -= eta / (1.0 - beta1.powi(t)) * m[i] / denominator;
                }
                visited.push(theta.to_vec());
            }
            visited
        };
        // The same rule replayed in 50-digit arithmetic, outside Rust.
        let replay = [
            [
                [0.853225806451613, -1.809090909090909],
                [0.8020943033285931, -1.6996535379672],
                [0.7538143848316572, -1.6737761206081712],
            ],
            [
                [0.853225806451613, -1.809090909090909],
                [0.8020943033285931, -1.6996535379672],
                [0.7542115531549048, -1.6737761206081712],
            ],
        ];
        for (amsgrad, replay) in [false, true].into_iter().zip(replay) {
            let expected = by_hand(amsgrad, 1.0 - eta * mu);
            for (e, r) in expected.iter().zip(replay) {
                assert!((e[0] - r[0]).abs() <= 1e-14 && (e[1] - r[1]).abs() <= 1e-14);
            }
            let rule = AdamW {
                weight_decay: mu,
                adam: Adam {
                    eta,
                    beta1,
                    beta2,
                    delta,
                    amsgrad,
                    ..Adam::default()
                },
            };
            let got = walk(rule, &[1.0, -2.0], &[&grads[0], &grads[1], &grads[2]]);
            let expected_rows: Vec<&[f64]> = expected.iter().map(|e| e.as_slice()).collect();
            same(&got, &expected_rows);
            // A decay of 1 − μ instead of 1 − ημ would be far off.
            let wrong = by_hand(amsgrad, 1.0 - mu);
            assert!((got[0][0] - wrong[0][0]).abs() > 0.1);
        }
    }

    #[test]
    fn adams_refusals_are_pytorchs() {
        for bad in [
            Adam::new(-1.0),
            Adam {
                beta1: 1.0,
                ..Adam::default()
            },
            Adam {
                beta2: -0.1,
                ..Adam::default()
            },
            Adam {
                delta: -1.0,
                ..Adam::default()
            },
            Adam {
                weight_decay: -1.0,
                ..Adam::default()
            },
        ] {
            assert!(bad.invalid().is_some(), "{bad:?}");
        }
        assert_eq!(Adam::default().invalid(), None);
        assert!(AdamW::new(0.1, -1.0).invalid().is_some());
        let doubled = AdamW {
            weight_decay: 0.1,
            adam: Adam {
                weight_decay: 0.1,
                ..Adam::default()
            },
        };
        assert!(doubled.invalid().is_some());
        assert_eq!(AdamW::default().invalid(), None);
    }

    #[test]
    #[should_panic(expected = "β₂ must be at least 0 and below 1")]
    fn adam_refuses_to_start_with_beta2_of_one() {
        Adam {
            beta2: 1.0,
            ..Adam::default()
        }
        .start(1);
    }

    #[test]
    fn a_new_run_forgets_the_last() {
        let mut adam = Adam::amsgrad(0.1);
        let first = walk(adam.clone(), &[1.0], &[&[1.0], &[2.0]]);
        adam.start(1);
        let mut theta = [5.0];
        adam.step(&mut theta, &[100.0]);
        assert_eq!(adam.t, 1);
        assert_eq!(walk(adam, &[1.0], &[&[1.0], &[2.0]]), first);
        let mut adagrad = Adagrad::new(0.1);
        let first = walk(adagrad.clone(), &[1.0], &[&[1.0], &[2.0]]);
        adagrad.start(1);
        adagrad.step(&mut [0.0], &[100.0]);
        assert_eq!(walk(adagrad, &[1.0], &[&[1.0], &[2.0]]), first);
    }

    #[test]
    fn coupled_weight_decay_is_an_l2_penalty_and_decoupled_is_not() {
        let bowl = QuadraticBowl { a1: 1.0, a2: 10.0 };
        let rules = StoppingRules::budget(50);
        let start = [1.0, -2.0];
        let decayed = descend(
            &bowl,
            &mut Adam {
                weight_decay: 0.3,
                ..Adam::new(0.05)
            },
            &start,
            &rules,
        );
        let penalised = descend(
            &Penalised {
                inner: bowl,
                mu: 0.3,
            },
            &mut Adam::new(0.05),
            &start,
            &rules,
        );
        for (a, b) in decayed.points.iter().zip(&penalised.points) {
            for i in 0..2 {
                assert!((a[i] - b[i]).abs() <= 1e-12 * b[i].abs().max(1e-6));
            }
        }
        let decoupled = descend(&bowl, &mut AdamW::new(0.05, 0.3), &start, &rules);
        assert!((decoupled.final_point()[0] - decayed.final_point()[0]).abs() > 1e-3);
    }

    /// `f(θ) + (μ/2)·‖θ‖²`, written out here so that the test stands alone.
    struct Penalised {
        inner: QuadraticBowl,
        mu: f64,
    }

    impl Objective for Penalised {
        fn dimension(&self) -> usize {
            2
        }
        fn value(&self, x: &[f64]) -> f64 {
            self.inner.value(x) + 0.5 * self.mu * (x[0] * x[0] + x[1] * x[1])
        }
        fn gradient(&self, x: &[f64]) -> Vec<f64> {
            let g = self.inner.gradient(x);
            vec![g[0] + self.mu * x[0], g[1] + self.mu * x[1]]
        }
    }
}
