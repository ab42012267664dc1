//! Momentum: optimizers that remember which way they were going.
//!
//! Plain gradient descent forgets everything between steps. A heavy ball
//! rolling down a valley does not: it keeps its speed, so it stops zig-zagging
//! across a narrow valley and picks up pace along a long gentle one. Chapter 8
//! makes that picture exact. This module holds the rules it teaches:
//!
//! - [`Momentum`]: stochastic gradient descent with momentum, written exactly
//!   as PyTorch's `torch.optim.SGD` computes it, with every option
//!   (`momentum`, `dampening`, `nesterov`, `weight_decay`) and the same
//!   defaults. The heavy ball and Nesterov's method in PyTorch's form are two
//!   settings of it.
//! - [`StepMomentum`]: the heavy ball written with the learning rate inside
//!   the buffer, as many texts write it. It takes the same steps as
//!   [`Momentum`] while the rate is constant and different ones after the
//!   rate changes.
//! - [`LookAheadNesterov`]: Nesterov's method in its look-ahead form, which
//!   needs the gradient at a point it is not at. Its look-ahead points are
//!   exactly the points [`Momentum`] visits with `nesterov` on.

use crate::objective::Objective;
use crate::optimizer::Optimizer;

/// Gradient descent with momentum, step for step as PyTorch's
/// `torch.optim.SGD`.
///
/// With learning rate `η` (`lr`), momentum `β` (`momentum`), dampening `ζ`
/// (`dampening`) and weight decay `μ` (`weight_decay`), each step `t = 1, 2, …`
/// turns the gradient `g` at the current `θ` into a move:
///
/// ```text
/// g ← g + μ·θ                                   (if μ ≠ 0)
/// m ← g               if the buffer is empty,   (if β ≠ 0)
/// m ← β·m + (1 − ζ)·g otherwise;
/// θ ← θ − η·(g + β·m) with nesterov,             (if β ≠ 0)
/// θ ← θ − η·m without;
/// θ ← θ − η·g                                    (if β = 0)
/// ```
///
/// The buffer `m` starts as the first gradient itself, so the first step is
/// never dampened. "Empty" is PyTorch's `momentum_buffer is None`: the buffer
/// is filled by the first step taken with `β ≠ 0`, so a run that switches
/// its momentum on midway starts its buffer at `g`, not at `(1 − ζ)·g`, and
/// a step with `β = 0` leaves a filled buffer as it is.
///
/// The defaults are PyTorch's: `η = 0.001`, `β = 0`, `ζ = 0`, `μ = 0`, no
/// Nesterov ([`Momentum::default`]); PyTorch has `lr = 0.001` by default
/// since version 2.2, and required it before. As in PyTorch, Nesterov needs
/// `β > 0` and `ζ = 0`, and `η`, `β` and `μ` may not be negative:
/// [`Optimizer::start`] panics otherwise, as PyTorch's constructor raises.
/// PyTorch's `maximize = True` negates the gradient before anything else (to
/// climb `f`, descend `−f`); its `foreach`, `fused` and `differentiable`
/// choose how the step is computed, not which step is taken. None of these
/// four is here.
///
/// The rate `η` is read at every step, so a run may change it between steps,
/// as a PyTorch learning-rate scheduler does.
#[derive(Debug, Clone, PartialEq)]
pub struct Momentum {
    /// The learning rate `η` (PyTorch's `lr`).
    pub eta: f64,
    /// The momentum coefficient `β` (PyTorch's `momentum`).
    pub beta: f64,
    /// The dampening `ζ` (PyTorch's `dampening`): each later gradient enters
    /// the buffer with weight `1 − ζ`.
    pub dampening: f64,
    /// The weight decay `μ` (PyTorch's `weight_decay`): `μ·θ` is added to
    /// every gradient, the gradient of an L2 penalty `(μ/2)·‖θ‖²`.
    pub weight_decay: f64,
    /// Whether to step along `g + β·m` (Nesterov) instead of `m`.
    pub nesterov: bool,
    /// The momentum buffer `m`, one entry per coordinate.
    pub m: Vec<f64>,
    /// How many steps have updated the buffer, that is, steps taken with
    /// `β ≠ 0` since [`Optimizer::start`]. At 0 the buffer is empty
    /// (PyTorch's `None`) and the next step with `β ≠ 0` fills it with the
    /// gradient itself.
    pub t: usize,
}

impl Default for Momentum {
    /// PyTorch's defaults: `lr = 0.001`, and every other option off.
    fn default() -> Self {
        Momentum {
            eta: 0.001,
            beta: 0.0,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
            m: Vec::new(),
            t: 0,
        }
    }
}

impl Momentum {
    /// The heavy ball: `m ← β·m + g`, `θ ← θ − η·m`.
    pub fn heavy_ball(eta: f64, beta: f64) -> Self {
        Momentum {
            eta,
            beta,
            ..Momentum::default()
        }
    }

    /// Nesterov's method in PyTorch's form: `m ← β·m + g`, `θ ← θ − η·(g + β·m)`.
    pub fn nesterov(eta: f64, beta: f64) -> Self {
        Momentum {
            nesterov: true,
            ..Momentum::heavy_ball(eta, beta)
        }
    }

    /// The same rule with dampening `ζ`.
    pub fn with_dampening(mut self, dampening: f64) -> Self {
        self.dampening = dampening;
        self
    }

    /// The same rule with weight decay `μ`.
    pub fn with_weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }

    /// What PyTorch's constructor would refuse about these settings, if anything.
    pub fn invalid(&self) -> Option<&'static str> {
        if self.eta.is_nan() || self.eta < 0.0 {
            Some("the learning rate may not be negative")
        } else if self.beta.is_nan() || self.beta < 0.0 {
            Some("the momentum may not be negative")
        } else if self.weight_decay.is_nan() || self.weight_decay < 0.0 {
            Some("the weight decay may not be negative")
        } else if self.nesterov && (self.beta <= 0.0 || self.dampening != 0.0) {
            Some("Nesterov momentum requires a momentum and zero dampening")
        } else {
            None
        }
    }
}

// ANCHOR: momentum
impl Optimizer for Momentum {
    fn start(&mut self, dimension: usize) {
        if let Some(problem) = self.invalid() {
            panic!("{problem}");
        }
        self.m = vec![0.0; dimension];
        self.t = 0;
    }

    fn step(&mut self, theta: &mut [f64], gradient: &[f64]) {
        for i in 0..theta.len() {
            let mut g = gradient[i];
            if self.weight_decay != 0.0 {
                g += self.weight_decay * theta[i];
            }
            let mut direction = g;
            if self.beta != 0.0 {
                if self.t == 0 {
                    self.m[i] = g;
                } else {
                    self.m[i] = self.beta * self.m[i] + (1.0 - self.dampening) * g;
                }
                direction = if self.nesterov {
                    g + self.beta * self.m[i]
                } else {
                    self.m[i]
                };
            }
            theta[i] -= self.eta * direction;
        }
        if self.beta != 0.0 {
            self.t += 1;
        }
    }
}
// ANCHOR_END: momentum

/// The heavy ball with the learning rate inside the buffer, a velocity:
/// `velocity ← β·velocity + η·g`, `θ ← θ − velocity`, with the velocity
/// starting at zero. The velocity is the last step taken, `θₜ₋₁ − θₜ`.
///
/// While `η` stays the same, the velocity is `η·m` at every step and the walk is exactly
/// that of [`Momentum::heavy_ball`]. When `η` changes, [`Momentum`] applies
/// the new rate to the whole remembered buffer at once, while here the
/// velocity gathered at the old rate fades only at the pace `β`: the two
/// walks part.
#[derive(Debug, Clone, PartialEq)]
pub struct StepMomentum {
    /// The learning rate `η`, read at every step.
    pub eta: f64,
    /// The momentum coefficient `β`.
    pub beta: f64,
    /// The buffer, a velocity: the last step taken, `θₜ₋₁ − θₜ`.
    pub velocity: Vec<f64>,
}

impl StepMomentum {
    /// The rule with rate `η` and momentum `β`.
    pub fn new(eta: f64, beta: f64) -> Self {
        StepMomentum {
            eta,
            beta,
            velocity: Vec::new(),
        }
    }
}

// ANCHOR: step_momentum
impl Optimizer for StepMomentum {
    fn start(&mut self, dimension: usize) {
        self.velocity = vec![0.0; dimension];
    }

    fn step(&mut self, theta: &mut [f64], gradient: &[f64]) {
        for i in 0..theta.len() {
            self.velocity[i] = self.beta * self.velocity[i] + self.eta * gradient[i];
            theta[i] -= self.velocity[i];
        }
    }
}
// ANCHOR_END: step_momentum

/// Nesterov's method in its look-ahead form: first move along the momentum
/// alone, to `θ̃ = θ − η·β·m`, take the gradient there, and then step:
///
/// ```text
/// θ̃ ← θ − η·β·m
/// m ← β·m + ∇f(θ̃)
/// θ ← θ − η·m
/// ```
///
/// It needs the gradient at `θ̃`, a point it is not at, so it is not an
/// [`Optimizer`] (whose step is given the gradient at the current point) and
/// takes the objective instead. Starting from `m = 0`, its look-ahead points
/// `θ̃ₜ` are exactly the points `θₜ` that [`Momentum::nesterov`] visits, with
/// the same buffer `m`: PyTorch's form is this method with the look-ahead
/// point as the variable.
#[derive(Debug, Clone, PartialEq)]
pub struct LookAheadNesterov {
    /// The learning rate `η`.
    pub eta: f64,
    /// The momentum coefficient `β`.
    pub beta: f64,
    /// The buffer `m`.
    pub m: Vec<f64>,
}

impl LookAheadNesterov {
    /// The method at the start of a run in `dimension` coordinates (`m = 0`).
    pub fn new(eta: f64, beta: f64, dimension: usize) -> Self {
        LookAheadNesterov {
            eta,
            beta,
            m: vec![0.0; dimension],
        }
    }

    /// The point the next gradient is taken at, `θ̃ = θ − η·β·m`.
    pub fn look_ahead(&self, theta: &[f64]) -> Vec<f64> {
        let mut ahead = theta.to_vec();
        for (a, m) in ahead.iter_mut().zip(&self.m) {
            *a -= self.eta * self.beta * m;
        }
        ahead
    }

    // ANCHOR: look_ahead
    /// One step from `θ` on `objective`.
    pub fn step(&mut self, objective: &impl Objective, theta: &mut [f64]) {
        let ahead = self.look_ahead(theta);
        let g = objective.gradient(&ahead);
        for i in 0..theta.len() {
            self.m[i] = self.beta * self.m[i] + g[i];
            theta[i] -= self.eta * self.m[i];
        }
    }
    // ANCHOR_END: look_ahead
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objective::QuadraticBowl;
    use crate::penalty::L2;
    use crate::{StoppingRules, descend};

    /// Three steps from `θ = 1` with the gradients 1, 2, −1 handed in.
    fn three_steps(mut optimizer: impl Optimizer) -> Vec<f64> {
        let mut theta = [1.0];
        optimizer.start(1);
        let mut visited = Vec::new();
        for g in [1.0, 2.0, -1.0] {
            optimizer.step(&mut theta, &[g]);
            visited.push(theta[0]);
        }
        visited
    }

    fn same(got: &[f64], expected: &[f64]) {
        assert_eq!(got.len(), expected.len());
        for (g, e) in got.iter().zip(expected) {
            assert!(
                (g - e).abs() <= 1e-12 * e.abs().max(1e-300),
                "{got:?} against {expected:?}"
            );
        }
    }

    // Every expected value below is worked out by hand from PyTorch's
    // published rule, with η = ½, β = ½ and gradients 1, 2, −1 from θ₀ = 1.

    #[test]
    fn the_defaults_are_pytorchs() {
        let d = Momentum::default();
        assert_eq!(
            (d.eta, d.beta, d.dampening, d.weight_decay, d.nesterov),
            (0.001, 0.0, 0.0, 0.0, false)
        );
        // Without momentum it is plain gradient descent: 1 − 0.001·1, …
        same(&three_steps(d), &[0.999, 0.997, 0.998]);
    }

    #[test]
    fn heavy_ball_matches_the_rule_by_hand() {
        // m = 1 (the first gradient), θ = 1 − ½·1 = ½;
        // m = ½·1 + 2 = 5/2, θ = ½ − 5/4 = −¾;
        // m = ½·5/2 − 1 = ¼, θ = −¾ − ⅛ = −⅞.
        same(
            &three_steps(Momentum::heavy_ball(0.5, 0.5)),
            &[0.5, -0.75, -0.875],
        );
    }

    #[test]
    fn dampening_spares_the_first_step() {
        // ζ = ¼. m = 1 (not ¾: the buffer starts as the gradient), θ = ½;
        // m = ½·1 + ¾·2 = 2, θ = ½ − 1 = −½;
        // m = ½·2 + ¾·(−1) = ¼, θ = −½ − ⅛ = −⅝.
        same(
            &three_steps(Momentum::heavy_ball(0.5, 0.5).with_dampening(0.25)),
            &[0.5, -0.5, -0.625],
        );
    }

    #[test]
    fn nesterov_matches_the_rule_by_hand() {
        // m = 1, d = 1 + ½·1 = 3/2, θ = 1 − ¾ = ¼;
        // m = 5/2, d = 2 + 5/4 = 13/4, θ = ¼ − 13/8 = −11/8;
        // m = ¼, d = −1 + ⅛ = −⅞, θ = −11/8 + 7/16 = −15/16.
        same(
            &three_steps(Momentum::nesterov(0.5, 0.5)),
            &[0.25, -1.375, -0.9375],
        );
    }

    #[test]
    fn weight_decay_is_added_to_the_gradient() {
        // μ = ½. g = 1 + ½·1 = 3/2, m = 3/2, θ = 1 − ¾ = ¼;
        // g = 2 + ⅛ = 17/8, m = ¾ + 17/8 = 23/8, θ = ¼ − 23/16 = −19/16;
        // g = −1 − 19/32 = −51/32, m = 23/16 − 51/32 = −5/32, θ = −19/16 + 5/64 = −71/64.
        same(
            &three_steps(Momentum::heavy_ball(0.5, 0.5).with_weight_decay(0.5)),
            &[0.25, -1.1875, -1.109375],
        );
        // Without momentum: θ = 1 − ¾ = ¼; g = 17/8, θ = ¼ − 17/16 = −13/16;
        // g = −1 − 13/32 = −45/32, θ = −13/16 + 45/64 = −7/64.
        let plain = Momentum {
            eta: 0.5,
            ..Momentum::default()
        }
        .with_weight_decay(0.5);
        same(&three_steps(plain), &[0.25, -0.8125, -0.109375]);
    }

    #[test]
    fn options_combine_as_the_rule_says() {
        // Nesterov with μ = ½: g = 3/2, m = 3/2, d = 3/2 + ¾ = 9/4, θ = 1 − 9/8 = −⅛;
        // g = 2 − 1/16 = 31/16, m = ¾ + 31/16 = 43/16, d = 31/16 + 43/32 = 105/32,
        // θ = −⅛ − 105/64 = −113/64;
        // g = −1 − 113/128 = −241/128, m = 43/32 − 241/128 = −69/128,
        // d = −241/128 − 69/256 = −551/256, θ = −113/64 + 551/512 = −353/512.
        same(
            &three_steps(Momentum::nesterov(0.5, 0.5).with_weight_decay(0.5)),
            &[-0.125, -113.0 / 64.0, -353.0 / 512.0],
        );
        // Dampening ¼ with μ = ½: m = 3/2, θ = ¼; g = 17/8, m = ¾ + 51/32 = 75/32,
        // θ = ¼ − 75/64 = −59/64; g = −1 − 59/128 = −187/128,
        // m = 75/64 − 561/512 = 39/512, θ = −59/64 − 39/1024 = −983/1024.
        same(
            &three_steps(
                Momentum::heavy_ball(0.5, 0.5)
                    .with_dampening(0.25)
                    .with_weight_decay(0.5),
            ),
            &[0.25, -59.0 / 64.0, -983.0 / 1024.0],
        );
    }

    #[test]
    fn a_new_run_starts_with_an_empty_buffer() {
        let mut optimizer = Momentum::heavy_ball(0.5, 0.5);
        let first = three_steps(optimizer.clone());
        optimizer.start(1);
        let mut theta = [7.0];
        optimizer.step(&mut theta, &[3.0]);
        assert_eq!(optimizer.t, 1);
        // Restarting forgets the 3 in the buffer.
        same(&three_steps(optimizer), &first);
    }

    #[test]
    fn momentum_switched_on_midway_fills_its_buffer_like_pytorch() {
        // PyTorch fills the buffer when it is None, not at the first step of
        // the run. Two steps without momentum, θ = 1 − ½·1 = ½, then
        // ½ − ½·2 = −½; then β = ½, ζ = ¼: the buffer is empty, so m = −1
        // (not ¾·(−1)) and θ = −½ + ½ = 0; then m = ½·(−1) + ¾·2 = 1,
        // θ = −½.
        let mut optimizer = Momentum {
            eta: 0.5,
            ..Momentum::default()
        }
        .with_dampening(0.25);
        optimizer.start(1);
        let mut theta = [1.0];
        let mut visited = Vec::new();
        for (beta, g) in [(0.0, 1.0), (0.0, 2.0), (0.5, -1.0), (0.5, 2.0)] {
            optimizer.beta = beta;
            optimizer.step(&mut theta, &[g]);
            visited.push(theta[0]);
        }
        same(&visited, &[0.5, -0.5, 0.0, -0.5]);
        assert_eq!(optimizer.t, 2);
        // Switched off, the step is plain descent and the buffer is kept:
        // θ = −½ − ½·1 = −1; back on, m = ½·1 + ¾·4 = 7/2, θ = −1 − 7/4.
        optimizer.beta = 0.0;
        optimizer.step(&mut theta, &[1.0]);
        same(&theta, &[-1.0]);
        same(&optimizer.m, &[1.0]);
        optimizer.beta = 0.5;
        optimizer.step(&mut theta, &[4.0]);
        same(&theta, &[-2.75]);
    }

    #[test]
    #[should_panic(expected = "Nesterov momentum requires a momentum and zero dampening")]
    fn nesterov_with_dampening_is_refused_like_pytorch() {
        Momentum::nesterov(0.1, 0.9).with_dampening(0.1).start(1);
    }

    #[test]
    fn pytorchs_other_refusals() {
        assert!(Momentum::nesterov(0.1, 0.0).invalid().is_some());
        assert!(Momentum::heavy_ball(-0.1, 0.9).invalid().is_some());
        assert!(Momentum::heavy_ball(0.1, -0.9).invalid().is_some());
        assert!(
            Momentum::heavy_ball(0.1, 0.9)
                .with_weight_decay(-1.0)
                .invalid()
                .is_some()
        );
        assert_eq!(Momentum::heavy_ball(0.1, 0.9).invalid(), None);
    }

    #[test]
    fn weight_decay_is_an_l2_penalty_on_the_objective() {
        let bowl = QuadraticBowl { a1: 1.0, a2: 10.0 };
        let rules = StoppingRules::budget(40);
        let decayed = descend(
            &bowl,
            &mut Momentum::heavy_ball(0.05, 0.8).with_weight_decay(0.3),
            &[1.0, -2.0],
            &rules,
        );
        let penalised = descend(
            &L2 {
                inner: bowl,
                mu: 0.3,
            },
            &mut Momentum::heavy_ball(0.05, 0.8),
            &[1.0, -2.0],
            &rules,
        );
        for (a, b) in decayed.points.iter().zip(&penalised.points) {
            same(a, b);
        }
    }

    #[test]
    fn the_rate_inside_the_buffer_agrees_while_the_rate_is_constant() {
        let bowl = QuadraticBowl { a1: 1.0, a2: 30.0 };
        let rules = StoppingRules::budget(200);
        let outside = descend(
            &bowl,
            &mut Momentum::heavy_ball(0.04, 0.7),
            &[1.0, 1.0],
            &rules,
        );
        let inside = descend(
            &bowl,
            &mut StepMomentum::new(0.04, 0.7),
            &[1.0, 1.0],
            &rules,
        );
        for (a, b) in outside.points.iter().zip(&inside.points) {
            for i in 0..2 {
                assert!((a[i] - b[i]).abs() <= 1e-12 * a[i].abs().max(1e-300));
            }
        }
    }

    #[test]
    fn the_two_forms_part_when_the_rate_changes() {
        // A constant gradient 1: both buffers fill up; then the rate halves.
        let mut outside = Momentum::heavy_ball(0.2, 0.5);
        let mut inside = StepMomentum::new(0.2, 0.5);
        outside.start(1);
        inside.start(1);
        let (mut a, mut b) = ([0.0], [0.0]);
        for _ in 0..3 {
            outside.step(&mut a, &[1.0]);
            inside.step(&mut b, &[1.0]);
        }
        // m = 1, 3/2, 7/4 and the velocity is η·m: the same steps 0.2, 0.3, 0.35.
        same(&a, &[-0.85]);
        same(&b, &[-0.85]);
        outside.eta = 0.1;
        inside.eta = 0.1;
        outside.step(&mut a, &[1.0]);
        inside.step(&mut b, &[1.0]);
        // Outside: m = 15/8, the step 0.1·15/8 = 0.1875.
        // Inside: the velocity is ½·0.35 + 0.1 = 0.275: the old one still carries it.
        same(&a, &[-1.0375]);
        same(&b, &[-1.125]);
    }

    /// A bowl that is not quadratic: `f = Σ cosh(θᵢ) + θ₀θ₁/2`.
    struct Curved;
    impl Objective for Curved {
        fn dimension(&self) -> usize {
            2
        }
        fn value(&self, x: &[f64]) -> f64 {
            x[0].cosh() + x[1].cosh() + 0.5 * x[0] * x[1]
        }
        fn gradient(&self, x: &[f64]) -> Vec<f64> {
            vec![x[0].sinh() + 0.5 * x[1], x[1].sinh() + 0.5 * x[0]]
        }
    }

    #[test]
    fn pytorchs_nesterov_walks_the_look_ahead_points() {
        let (eta, beta) = (0.3, 0.8);
        let start = [1.5, -0.7];
        let rules = StoppingRules::budget(60);
        let pytorch = descend(&Curved, &mut Momentum::nesterov(eta, beta), &start, &rules);
        let mut look_ahead = LookAheadNesterov::new(eta, beta, 2);
        let mut theta = start.to_vec();
        for t in 0..=60 {
            // θ̃ₜ = θₜ − η·β·mₜ is where PyTorch's form stands at step t.
            let ahead = look_ahead.look_ahead(&theta);
            for (p, a) in pytorch.points[t].iter().zip(&ahead) {
                assert!(
                    (p - a).abs() <= 1e-12 * p.abs().max(1e-3),
                    "step {t}: {p} against {a}"
                );
            }
            look_ahead.step(&Curved, &mut theta);
        }
    }
}
