//! The exercises' checks are sound: typical wrong answers fail them with the
//! hint meant for that mistake. (That the reference solutions pass and the
//! stubs fail is the kit's check.)

use chapter9::exercise_checks::{Answers, exercises};
use chapter9::exercises::AdamSettings;
use harness::exercise::{failure_message, library_use};

fn adagrad_inside(theta: &mut [f64], sum: &mut [f64], g: &[f64], eta: f64, delta: f64) {
    for i in 0..theta.len() {
        sum[i] += g[i] * g[i];
        theta[i] -= eta * g[i] / (sum[i] + delta).sqrt();
    }
}

fn adagrad_forgets(theta: &mut [f64], sum: &mut [f64], g: &[f64], eta: f64, delta: f64) {
    for i in 0..theta.len() {
        sum[i] = g[i] * g[i];
        theta[i] -= eta * g[i] / (sum[i].sqrt() + delta);
    }
}

fn adagrad_unrooted(theta: &mut [f64], sum: &mut [f64], g: &[f64], eta: f64, delta: f64) {
    for i in 0..theta.len() {
        sum[i] += g[i] * g[i];
        theta[i] -= eta * g[i] / (sum[i] + delta);
    }
}

fn rms_swapped(theta: &mut [f64], v: &mut [f64], g: &[f64], eta: f64, alpha: f64, delta: f64) {
    for i in 0..theta.len() {
        v[i] = (1.0 - alpha) * v[i] + alpha * g[i] * g[i];
        theta[i] -= eta * g[i] / (v[i].sqrt() + delta);
    }
}

fn rms_inside(theta: &mut [f64], v: &mut [f64], g: &[f64], eta: f64, alpha: f64, delta: f64) {
    for i in 0..theta.len() {
        v[i] = alpha * v[i] + (1.0 - alpha) * g[i] * g[i];
        theta[i] -= eta * g[i] / (v[i] + delta).sqrt();
    }
}

fn adam_uncorrected(
    theta: &mut [f64],
    m: &mut [f64],
    v: &mut [f64],
    _t: usize,
    g: &[f64],
    s: AdamSettings,
) {
    for i in 0..theta.len() {
        m[i] = s.beta1 * m[i] + (1.0 - s.beta1) * g[i];
        v[i] = s.beta2 * v[i] + (1.0 - s.beta2) * g[i] * g[i];
        theta[i] -= s.eta * m[i] / (v[i].sqrt() + s.delta);
    }
}

fn adam_only_m(
    theta: &mut [f64],
    m: &mut [f64],
    v: &mut [f64],
    t: usize,
    g: &[f64],
    s: AdamSettings,
) {
    for i in 0..theta.len() {
        m[i] = s.beta1 * m[i] + (1.0 - s.beta1) * g[i];
        v[i] = s.beta2 * v[i] + (1.0 - s.beta2) * g[i] * g[i];
        let m_hat = m[i] / (1.0 - s.beta1.powi(t as i32));
        theta[i] -= s.eta * m_hat / (v[i].sqrt() + s.delta);
    }
}

fn adam(theta: &mut [f64], m: &mut [f64], v: &mut [f64], t: usize, g: &[f64], s: AdamSettings) {
    for i in 0..theta.len() {
        m[i] = s.beta1 * m[i] + (1.0 - s.beta1) * g[i];
        v[i] = s.beta2 * v[i] + (1.0 - s.beta2) * g[i] * g[i];
        let m_hat = m[i] / (1.0 - s.beta1.powi(t as i32));
        let v_hat = v[i] / (1.0 - s.beta2.powi(t as i32));
        theta[i] -= s.eta * m_hat / (v_hat.sqrt() + s.delta);
    }
}

fn adam_inside(
    theta: &mut [f64],
    m: &mut [f64],
    v: &mut [f64],
    t: usize,
    g: &[f64],
    s: AdamSettings,
) {
    for i in 0..theta.len() {
        m[i] = s.beta1 * m[i] + (1.0 - s.beta1) * g[i];
        v[i] = s.beta2 * v[i] + (1.0 - s.beta2) * g[i] * g[i];
        let m_hat = m[i] / (1.0 - s.beta1.powi(t as i32));
        let v_hat = v[i] / (1.0 - s.beta2.powi(t as i32));
        theta[i] -= s.eta * m_hat / (v_hat + s.delta).sqrt();
    }
}

fn no_root(beta1: f64, beta2: f64, t: usize) -> f64 {
    (1.0 - beta1.powi(t as i32)) / (1.0 - beta2.powi(t as i32))
}

fn upside_down(beta1: f64, beta2: f64, t: usize) -> f64 {
    (1.0 - beta2.powi(t as i32)).sqrt() / (1.0 - beta1.powi(t as i32))
}

fn coupled(
    theta: &mut [f64],
    m: &mut [f64],
    v: &mut [f64],
    t: usize,
    g: &[f64],
    s: AdamSettings,
    mu: f64,
) {
    let g: Vec<f64> = g
        .iter()
        .zip(theta.iter())
        .map(|(g, w)| g + mu * w)
        .collect();
    adam(theta, m, v, t, &g, s);
}

fn decay_after(
    theta: &mut [f64],
    m: &mut [f64],
    v: &mut [f64],
    t: usize,
    g: &[f64],
    s: AdamSettings,
    mu: f64,
) {
    adam(theta, m, v, t, g, s);
    for w in theta.iter_mut() {
        *w *= 1.0 - s.eta * mu;
    }
}

fn decay_without_eta(
    theta: &mut [f64],
    m: &mut [f64],
    v: &mut [f64],
    t: usize,
    g: &[f64],
    s: AdamSettings,
    mu: f64,
) {
    for w in theta.iter_mut() {
        *w *= 1.0 - mu;
    }
    adam(theta, m, v, t, g, s);
}

fn stated(beta1: f64, beta2: f64, _t: usize) -> f64 {
    (1.0 - beta1) / (1.0 - beta2).sqrt()
}

fn limit(beta1: f64, beta2: f64, _t: usize) -> f64 {
    (1.0 - beta1) / ((1.0 - beta2) * (1.0 - beta1 * beta1 / beta2)).sqrt()
}

/// The Cauchy–Schwarz bound on the uncorrected `|m|/√v`: right but for the
/// two corrections. At t = 1 it equals the stated bound.
fn uncorrected_bound(beta1: f64, beta2: f64, t: usize) -> f64 {
    let sum: f64 = (0..t).map(|k| (beta1 * beta1 / beta2).powi(k as i32)).sum();
    (1.0 - beta1) / (1.0 - beta2).sqrt() * sum.sqrt()
}

fn only_m_corrected(beta1: f64, beta2: f64, t: usize) -> f64 {
    uncorrected_bound(beta1, beta2, t) / (1.0 - beta1.powi(t as i32))
}

fn one(_: f64, _: f64, _: usize) -> f64 {
    1.0
}

fn with(answers: impl Fn(&mut Answers)) -> Answers {
    let mut a = Answers {
        adagrad_step: adagrad_inside,
        rmsprop_step: rms_swapped,
        adam_step: adam_uncorrected,
        uncorrected_over_corrected: no_root,
        adamw_step: coupled,
        largest_step: stated,
    };
    answers(&mut a);
    a
}

fn message(answers: Answers, id: &str) -> String {
    failure_message(exercises(answers), id)
}

#[test]
fn wrong_adagrad_and_rmsprop_steps_get_their_hints() {
    let m = message(with(|_| {}), "9.1");
    assert!(m.contains("after the square root"), "{m}");
    let m = message(with(|a| a.adagrad_step = adagrad_forgets), "9.1");
    assert!(m.contains("running sum"), "{m}");
    let m = message(with(|a| a.adagrad_step = adagrad_unrooted), "9.1");
    assert!(m.contains("not by G itself"), "{m}");
    let m = message(with(|_| {}), "9.2");
    assert!(m.contains("α is what the average keeps"), "{m}");
    let m = message(with(|a| a.rmsprop_step = rms_inside), "9.2");
    assert!(m.contains("after the square root"), "{m}");
}

#[test]
fn wrong_adam_steps_get_their_hints() {
    let m = message(with(|_| {}), "9.3");
    assert!(m.contains("correct both averages"), "{m}");
    let m = message(with(|a| a.adam_step = adam_only_m), "9.3");
    assert!(m.contains("v needs its correction too"), "{m}");
    let m = message(with(|a| a.adam_step = adam_inside), "9.3");
    assert!(m.contains("after the square root"), "{m}");
    let m = message(with(|_| {}), "9.4");
    assert!(m.contains("under a square root"), "{m}");
    let m = message(with(|a| a.uncorrected_over_corrected = upside_down), "9.4");
    assert!(m.contains("turn it over"), "{m}");
}

#[test]
fn wrong_decay_and_bounds_get_their_hints() {
    let m = message(with(|_| {}), "9.5");
    assert!(m.contains("Adam with an L2 penalty"), "{m}");
    let m = message(with(|a| a.adamw_step = decay_after), "9.5");
    assert!(m.contains("before the Adam step"), "{m}");
    let m = message(with(|a| a.adamw_step = decay_without_eta), "9.5");
    assert!(m.contains("1 − η·μ"), "{m}");
    let m = message(with(|_| {}), "9.6");
    assert!(m.contains("lone gradient"), "{m}");
    let m = message(with(|a| a.largest_step = limit), "9.6");
    assert!(m.contains("limit for long runs"), "{m}");
    // At t = 1 the uncorrected bound is the stated one; the hint must name
    // the missing corrections, not the lone gradient.
    let m = message(with(|a| a.largest_step = uncorrected_bound), "9.6");
    assert!(m.contains("√(1 − β₂ᵗ)/(1 − β₁ᵗ)"), "{m}");
    assert!(!m.contains("lone gradient"), "{m}");
    let m = message(with(|a| a.largest_step = only_m_corrected), "9.6");
    assert!(m.contains("v not yet"), "{m}");
    let m = message(with(|a| a.largest_step = one), "9.6");
    assert!(m.contains("all gradients are equal"), "{m}");
    let m = message(with(|_| {}), "9.5");
    assert!(!m.contains("9.3"), "{m}");
}

/// Answers that hand the work to the library or to the chapter's own code,
/// as a reader might write them.
const SHORTCUTS: &str = r#"
use descent::Optimizer;

pub fn adagrad_step(theta: &mut [f64], sum: &mut [f64], g: &[f64], eta: f64, delta: f64) {
    let mut rule = descent::Adagrad { delta, sum: sum.to_vec(), ..descent::Adagrad::new(eta) };
    rule.step(theta, g);
}

pub fn rmsprop_step(theta: &mut [f64], v: &mut [f64], g: &[f64], eta: f64, alpha: f64, delta: f64) {
    let mut rule = RmsProp { alpha, delta, ..RmsProp::new(eta) };
    rule.step(theta, g);
}

pub fn uncorrected_over_corrected(beta1: f64, beta2: f64, t: usize) -> f64 {
    crate::experiments::correction_ratio(beta1, beta2, t)
}

pub fn adamw_step(theta: &mut [f64], m: &mut [f64], v: &mut [f64], t: usize, g: &[f64], settings: AdamSettings, mu: f64) {
    let mut rule = descent::AdamW::new(settings.eta, mu);
    rule.step(theta, g);
}

pub fn largest_step(beta1: f64, beta2: f64, t: usize) -> f64 {
    super::experiments::largest_step(beta1, beta2, t)
}
"#;

#[test]
fn answers_that_call_the_library_or_the_chapter_are_caught() {
    let exercises = exercises(with(|_| {}));
    let refused = |id: &str| {
        let exercise = exercises.iter().find(|e| e.id == id).unwrap();
        library_use(SHORTCUTS, exercise.function, exercise.not_from_library)
    };
    assert_eq!(refused("9.1"), Some((5, "descent::Adagrad".to_string())));
    assert_eq!(refused("9.2"), Some((10, "RmsProp".to_string())));
    assert_eq!(
        refused("9.4"),
        Some((15, "crate::experiments::correction_ratio".to_string()))
    );
    assert_eq!(refused("9.5"), Some((19, "descent::AdamW".to_string())));
    assert_eq!(
        refused("9.6"),
        Some((24, "super::experiments::largest_step".to_string()))
    );
}
