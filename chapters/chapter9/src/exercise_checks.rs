//! The checks behind chapter 9's coding exercises.
//!
//! Each check calls one function of an [`Answers`] (the reader's file, or the
//! reference solutions) and compares it with `descent`'s optimizers or the
//! chapter's experiments, never with the solutions. A failure says what was
//! expected, what came back, and a hint aimed at the likely mistake.

use descent::{Adagrad, Adam, AdamW, Optimizer, RmsProp};
use harness::exercise::Failure;

use crate::exercises::AdamSettings;
use crate::experiments;

/// Exercise 9.1: `(θ, G, g, η, δ)`.
pub type AdagradStep = fn(&mut [f64], &mut [f64], &[f64], f64, f64);
/// Exercise 9.2: `(θ, v, g, η, α, δ)`.
pub type RmsPropStep = fn(&mut [f64], &mut [f64], &[f64], f64, f64, f64);
/// Exercise 9.3: `(θ, m, v, t, g, settings)`.
pub type AdamStep = fn(&mut [f64], &mut [f64], &mut [f64], usize, &[f64], AdamSettings);
/// Exercise 9.4: `(β₁, β₂, t)` to the ratio.
pub type Ratio = fn(f64, f64, usize) -> f64;
/// Exercise 9.5: `(θ, m, v, t, g, settings, μ)`.
pub type AdamWStep = fn(&mut [f64], &mut [f64], &mut [f64], usize, &[f64], AdamSettings, f64);
/// Exercise 9.6: `(β₁, β₂, t)` to the largest step.
pub type Largest = fn(f64, f64, usize) -> f64;

/// The gradient of `((θ₁ − 1)² + 10·(θ₂ + ½)²)/2`.
fn gradient(theta: &[f64]) -> Vec<f64> {
    vec![theta[0] - 1.0, 10.0 * (theta[1] + 0.5)]
}

const STEPS: usize = 12;
const START: [f64; 2] = [2.0, 1.0];

/// The points a step rule visits from [`START`]; the rule gets the step
/// number `t` (from 1), the point and the gradient there.
fn walk(mut step: impl FnMut(usize, &mut [f64], &[f64])) -> Vec<Vec<f64>> {
    let mut theta = START.to_vec();
    let mut points = Vec::new();
    for t in 1..=STEPS {
        let g = gradient(&theta);
        step(t, &mut theta, &g);
        points.push(theta.clone());
    }
    points
}

/// The same walk taken by one of `descent`'s optimizers.
fn reference(mut optimizer: impl Optimizer) -> Vec<Vec<f64>> {
    optimizer.start(2);
    walk(|_, theta, g| optimizer.step(theta, g))
}

fn same_walk(a: &[Vec<f64>], b: &[Vec<f64>]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(p, q)| {
            p.iter()
                .zip(q)
                .all(|(x, y)| x.is_finite() && (x - y).abs() <= 1e-12 * y.abs().max(1e-6))
        })
}

fn failure(got: &[Vec<f64>], expected: &[Vec<f64>], what: &str, hint: &str) -> Failure {
    let t = (0..expected.len())
        .find(|&t| !same_walk(&got[t..=t], &expected[t..=t]))
        .unwrap_or(0);
    Failure::new(
        format!(
            "after step {} of {what} from (2, 1), θ = ({}, {})",
            t + 1,
            expected[t][0],
            expected[t][1]
        ),
        format!("θ = ({}, {})", got[t][0], got[t][1]),
        hint,
    )
}

const ADAGRAD: (f64, f64) = (0.4, 0.5);

fn check_adagrad(answer: AdagradStep) -> Result<(), Failure> {
    let (eta, delta) = ADAGRAD;
    let expected = reference(Adagrad {
        delta,
        ..Adagrad::new(eta)
    });
    let mut sum = vec![0.0; 2];
    let got = walk(|_, theta, g| answer(theta, &mut sum, g, eta, delta));
    if same_walk(&got, &expected) {
        return Ok(());
    }
    let variant = |inside: bool, squared: bool, forget: bool| {
        let mut s = [0.0; 2];
        walk(|_, theta, g| {
            for i in 0..2 {
                if forget {
                    s[i] = g[i] * g[i];
                } else {
                    s[i] += g[i] * g[i];
                }
                let d = if inside {
                    (s[i] + delta).sqrt()
                } else if squared {
                    s[i] + delta
                } else {
                    s[i].sqrt() + delta
                };
                theta[i] -= eta * g[i] / d;
            }
        })
    };
    let hint = if same_walk(&got, &variant(true, false, false)) {
        "PyTorch adds δ after the square root: divide by √G + δ, not √(G + δ)"
    } else if same_walk(&got, &variant(false, true, false)) {
        "divide by the square root of the sum, √G + δ, not by G itself"
    } else if same_walk(&got, &variant(false, false, true)) {
        "G is a running sum of every squared gradient so far: G ← G + g², not G = g²"
    } else {
        "for every coordinate: G ← G + g² first, then θ ← θ − η·g/(√G + δ)"
    };
    Err(failure(&got, &expected, "Adagrad (η = 0.4, δ = 0.5)", hint))
}

const RMSPROP: (f64, f64, f64) = (0.05, 0.8, 0.3);

fn check_rmsprop(answer: RmsPropStep) -> Result<(), Failure> {
    let (eta, alpha, delta) = RMSPROP;
    let expected = reference(RmsProp {
        alpha,
        delta,
        ..RmsProp::new(eta)
    });
    let mut v = vec![0.0; 2];
    let got = walk(|_, theta, g| answer(theta, &mut v, g, eta, alpha, delta));
    if same_walk(&got, &expected) {
        return Ok(());
    }
    let variant = |kind: u8| {
        let mut v = [0.0; 2];
        walk(|t, theta, g| {
            for i in 0..2 {
                let (keep, add) = if kind == 1 {
                    (1.0 - alpha, alpha)
                } else {
                    (alpha, 1.0 - alpha)
                };
                v[i] = keep * v[i] + add * g[i] * g[i];
                let d = match kind {
                    2 => (v[i] + delta).sqrt(),
                    3 => (v[i] / (1.0 - alpha.powi(t as i32))).sqrt() + delta,
                    _ => v[i].sqrt() + delta,
                };
                theta[i] -= eta * g[i] / d;
            }
        })
    };
    let hint = if same_walk(&got, &variant(1)) {
        "α is what the average keeps: v ← α·v + (1 − α)·g², not (1 − α)·v + α·g²"
    } else if same_walk(&got, &variant(2)) {
        "PyTorch adds δ after the square root: divide by √v + δ"
    } else if same_walk(&got, &variant(3)) {
        "PyTorch's RMSprop has no bias correction: divide by √v + δ with v as it is"
    } else {
        "for every coordinate: v ← α·v + (1 − α)·g², then θ ← θ − η·g/(√v + δ)"
    };
    Err(failure(
        &got,
        &expected,
        "RMSprop (η = 0.05, α = 0.8, δ = 0.3)",
        hint,
    ))
}

const SETTINGS: AdamSettings = AdamSettings {
    eta: 0.1,
    beta1: 0.8,
    beta2: 0.95,
    delta: 0.2,
};

fn adam_rule() -> Adam {
    Adam {
        beta1: SETTINGS.beta1,
        beta2: SETTINGS.beta2,
        delta: SETTINGS.delta,
        ..Adam::new(SETTINGS.eta)
    }
}

/// Adam variants with typical mistakes: which corrections, δ inside.
fn adam_variant(correct1: bool, correct2: bool, inside: bool) -> Vec<Vec<f64>> {
    let AdamSettings {
        eta,
        beta1,
        beta2,
        delta,
    } = SETTINGS;
    let (mut m, mut v) = (vec![0.0; 2], vec![0.0; 2]);
    walk(|t, theta, g| {
        for i in 0..2 {
            m[i] = beta1 * m[i] + (1.0 - beta1) * g[i];
            v[i] = beta2 * v[i] + (1.0 - beta2) * g[i] * g[i];
            let m_hat = if correct1 {
                m[i] / (1.0 - beta1.powi(t as i32))
            } else {
                m[i]
            };
            let v_hat = if correct2 {
                v[i] / (1.0 - beta2.powi(t as i32))
            } else {
                v[i]
            };
            let d = if inside {
                (v_hat + delta).sqrt()
            } else {
                v_hat.sqrt() + delta
            };
            theta[i] -= eta * m_hat / d;
        }
    })
}

fn adam_hint(got: &[Vec<f64>]) -> &'static str {
    if same_walk(got, &adam_variant(false, false, false)) {
        "correct both averages for starting at zero: m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)"
    } else if same_walk(got, &adam_variant(true, false, false)) {
        "v needs its correction too: v̂ = v/(1 − β₂ᵗ)"
    } else if same_walk(got, &adam_variant(false, true, false)) {
        "m needs its correction too: m̂ = m/(1 − β₁ᵗ)"
    } else if same_walk(got, &adam_variant(true, true, true)) {
        "PyTorch adds δ after the square root: divide by √v̂ + δ"
    } else {
        "m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², then θ ← θ − η·m̂/(√v̂ + δ), with t counted from 1"
    }
}

fn check_adam(answer: AdamStep) -> Result<(), Failure> {
    let expected = reference(adam_rule());
    let (mut m, mut v) = (vec![0.0; 2], vec![0.0; 2]);
    let got = walk(|t, theta, g| answer(theta, &mut m, &mut v, t, g, SETTINGS));
    if same_walk(&got, &expected) {
        return Ok(());
    }
    Err(failure(
        &got,
        &expected,
        "Adam (η = 0.1, β₁ = 0.8, β₂ = 0.95, δ = 0.2)",
        adam_hint(&got),
    ))
}

fn close(a: f64, b: f64) -> bool {
    a.is_finite() && (a - b).abs() <= 1e-12 * b.abs().max(1e-12)
}

fn check_ratio(answer: Ratio) -> Result<(), Failure> {
    for (beta1, beta2, t) in [
        (0.9, 0.999, 1),
        (0.9, 0.999, 12),
        (0.9, 0.999, 1000),
        (0.9, 0.9, 3),
        (0.5, 0.75, 2),
    ] {
        // The uncorrected steps, measured.
        let measured = experiments::uncorrected_steps(beta1, beta2, t)[t - 1];
        let got = answer(beta1, beta2, t);
        if (got - measured).abs() <= 1e-9 * measured {
            continue;
        }
        let (a, b) = (1.0 - beta1.powi(t as i32), 1.0 - beta2.powi(t as i32));
        let hint = if close(got, a / b) {
            "v̂ enters under a square root: the ratio is (1 − β₁ᵗ)/√(1 − β₂ᵗ)"
        } else if close(got, b.sqrt() / a) {
            "that is the corrected step over the uncorrected one: turn it over"
        } else if close(got, (1.0 - beta1) / (1.0 - beta2).sqrt()) {
            "that is the ratio at step 1 only; at step t the averages hold (1 − β₁ᵗ)·g and (1 − β₂ᵗ)·g²"
        } else {
            "on a steady gradient g, m = (1 − β₁ᵗ)·g and v = (1 − β₂ᵗ)·g²; the corrected step is exactly η"
        };
        return Err(Failure::new(
            format!("the ratio for β₁ = {beta1}, β₂ = {beta2}, t = {t} = {measured}"),
            format!("{got}"),
            hint,
        ));
    }
    Ok(())
}

const MU: f64 = 0.5;

fn check_adamw(answer: AdamWStep) -> Result<(), Failure> {
    let expected = reference(AdamW {
        weight_decay: MU,
        adam: adam_rule(),
    });
    let (mut m, mut v) = (vec![0.0; 2], vec![0.0; 2]);
    let got = walk(|t, theta, g| answer(theta, &mut m, &mut v, t, g, SETTINGS, MU));
    if same_walk(&got, &expected) {
        return Ok(());
    }
    let coupled = reference(Adam {
        weight_decay: MU,
        ..adam_rule()
    });
    let after = {
        let mut rule = adam_rule();
        rule.start(2);
        walk(|_, theta, g| {
            rule.step(theta, g);
            for w in theta.iter_mut() {
                *w *= 1.0 - SETTINGS.eta * MU;
            }
        })
    };
    let without_eta = {
        let mut rule = adam_rule();
        rule.start(2);
        walk(|_, theta, g| {
            for w in theta.iter_mut() {
                *w *= 1.0 - MU;
            }
            rule.step(theta, g);
        })
    };
    let hint = if same_walk(&got, &coupled) {
        "that is Adam with an L2 penalty, g + μθ, which √v̂ then divides: AdamW shrinks the weights themselves"
    } else if same_walk(&got, &after) {
        "shrink the weights before the Adam step, not after it"
    } else if same_walk(&got, &without_eta) {
        "the shrink factor is 1 − η·μ: the decay is scaled by the learning rate"
    } else {
        "θ ← (1 − ημ)·θ, then Adam's step with the gradient g you were given (if you call your adam_step, exercise 9.3 must pass first)"
    };
    Err(failure(
        &got,
        &expected,
        "AdamW (η = 0.1, β₁ = 0.8, β₂ = 0.95, δ = 0.2, μ = 0.5)",
        hint,
    ))
}

/// The cases the longest-step check tries: `(β₁, β₂, t)`.
const LARGEST_CASES: [(f64, f64, usize); 4] = [
    (0.9, 0.999, 1),
    (0.9, 0.999, 100),
    (0.9, 0.999, 5000),
    (0.5, 0.9, 7),
];

/// The typical wrong answers to 9.6, each with its hint. The Cauchy–Schwarz
/// bound on `|m|/√v` is `(1 − β₁)/√(1 − β₂)·√S` with
/// `S = Σ_{j≤t} (β₁²/β₂)^(t−j)`; the corrections multiply it by
/// `√(1 − β₂ᵗ)/(1 − β₁ᵗ)`.
fn largest_mistakes() -> Vec<(Largest, &'static str)> {
    fn sum(beta1: f64, beta2: f64, t: usize) -> f64 {
        (0..t).map(|k| (beta1 * beta1 / beta2).powi(k as i32)).sum()
    }
    fn c1(beta1: f64, t: usize) -> f64 {
        1.0 - beta1.powi(t as i32)
    }
    fn c2(beta2: f64, t: usize) -> f64 {
        1.0 - beta2.powi(t as i32)
    }
    vec![
        (
            |b1, b2, t| (1.0 - b1) / (1.0 - b2).sqrt() * sum(b1, b2, t).sqrt(),
            "that bounds the uncorrected |m|/√v; Adam divides m̂ = m/(1 − β₁ᵗ) by √v̂ = √(v/(1 − β₂ᵗ)): multiply by √(1 − β₂ᵗ)/(1 − β₁ᵗ)",
        ),
        (
            |b1, b2, t| (1.0 - b1) / c1(b1, t) / (1.0 - b2).sqrt() * sum(b1, b2, t).sqrt(),
            "m is corrected, v not yet: v̂ = v/(1 − β₂ᵗ), so the bound gains the factor √(1 − β₂ᵗ)",
        ),
        (
            |b1, b2, t| (1.0 - b1) * (c2(b2, t) / (1.0 - b2)).sqrt() * sum(b1, b2, t).sqrt(),
            "v is corrected, m not yet: m̂ = m/(1 − β₁ᵗ), so divide the bound by 1 − β₁ᵗ",
        ),
        (
            |b1, b2, t| (1.0 - b1) / c1(b1, t) * (c2(b2, t) / (1.0 - b2)).sqrt() * sum(b1, b2, t),
            "Cauchy–Schwarz gives the square root of the sum Σ (β₁²/β₂)^(t−j), not the sum itself",
        ),
        (
            |b1, b2, _| experiments::stated_bound(b1, b2),
            "that is the bound usually stated, the step of a lone gradient after a long silence; other sequences do better",
        ),
        (
            |b1, b2, _| experiments::largest_step_limit(b1, b2),
            "that is the limit for long runs; at step t the sums stop at t terms and the corrections 1 − βᵗ stay",
        ),
        (
            |_, _, _| 1.0,
            "|m̂|/√v̂ ≤ 1 holds only when all gradients are equal; let them grow step by step",
        ),
    ]
}

fn check_largest(answer: Largest) -> Result<(), Failure> {
    let wrong = |&(beta1, beta2, t): &(f64, f64, usize)| {
        let expected = experiments::largest_step(beta1, beta2, t);
        let got = answer(beta1, beta2, t);
        (got - expected).abs() > 1e-9 * expected || !got.is_finite()
    };
    let Some(&(beta1, beta2, t)) = LARGEST_CASES.iter().find(|c| wrong(c)) else {
        return Ok(());
    };
    // A typical mistake is named only when the answer is that mistake on
    // every case: one case alone can confuse them (at t = 1 the uncorrected
    // bound is the stated one).
    let hint = largest_mistakes()
        .into_iter()
        .find(|(mistake, _)| {
            LARGEST_CASES
                .iter()
                .all(|&(b1, b2, t)| close(answer(b1, b2, t), mistake(b1, b2, t)))
        })
        .map_or(
            "write m = Σ aⱼgⱼ and v = Σ bⱼgⱼ²; Cauchy–Schwarz gives |m| ≤ √(Σ aⱼ²/bⱼ)·√v; then put both corrections in",
            |(_, hint)| hint,
        );
    let expected = experiments::largest_step(beta1, beta2, t);
    Err(Failure::new(
        format!("the largest step for β₁ = {beta1}, β₂ = {beta2}, t = {t} = {expected}"),
        format!("{}", answer(beta1, beta2, t)),
        hint,
    ))
}

harness::exercises! {
    "9.1" adagrad_step: AdagradStep, Warm, "one Adagrad step" => check_adagrad,
        without [Adagrad, Optimizer];
    "9.2" rmsprop_step: RmsPropStep, Warm, "one RMSprop step" => check_rmsprop,
        without [RmsProp, Optimizer];
    "9.3" adam_step: AdamStep, Steady, "one Adam step" => check_adam,
        without [Adam, AdamW, Optimizer];
    "9.4" uncorrected_over_corrected: Ratio, Steady, "the bias correction" => check_ratio,
        without [correction_ratio, uncorrected_steps, peak_ratio];
    "9.5" adamw_step: AdamWStep, Steady, "one AdamW step" => check_adamw,
        without [Adam, AdamW, Optimizer];
    "9.6" largest_step: Largest, Stretch, "Adam's longest step" => check_largest,
        without [largest_step_limit, worst_sequence_step, first_above_bound];
}
