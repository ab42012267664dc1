//! The checks behind chapter 8's coding exercises.
//!
//! Each check calls one function of an [`Answers`] (the reader's file, or the
//! reference solutions) and compares it with `descent`'s optimizers or the
//! chapter's theory, never with the solutions. A failure says what was
//! expected, what came back, and a hint aimed at the likely mistake.

use descent::{Momentum, Optimizer};
use harness::exercise::Failure;

use crate::theory;

/// Exercises 8.1 and 8.2: `(θ, m, g, η, β)`, updating `θ` and `m` in place.
pub type Step = fn(&mut [f64], &mut [f64], &[f64], f64, f64);
/// Exercise 8.3: `(λ_min, λ_max)` to `(η*, β*)`.
pub type OptimalSettings = fn(f64, f64) -> (f64, f64);
/// Exercise 8.4: `(η, β, λ)` to the spectral radius.
pub type SpectralRadius = fn(f64, f64, f64) -> f64;

/// The rates of the step checks: the rate changes halfway, as a scheduler
/// would change it.
const RATES: [f64; 12] = [
    0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.02, 0.02, 0.02, 0.02, 0.02, 0.02,
];
const BETA: f64 = 0.8;

/// The gradient of the bowl `(θ₁² + 10·θ₂²)/2`.
fn bowl_gradient(theta: &[f64]) -> Vec<f64> {
    vec![theta[0], 10.0 * theta[1]]
}

/// The points a step rule visits on the bowl from `(1, −1)`, with [`RATES`].
fn walk(mut step: impl FnMut(&mut [f64], &mut [f64], &[f64], f64)) -> Vec<Vec<f64>> {
    let mut theta = vec![1.0, -1.0];
    let mut m = vec![0.0, 0.0];
    let mut points = Vec::new();
    for eta in RATES {
        let g = bowl_gradient(&theta);
        step(&mut theta, &mut m, &g, eta);
        points.push(theta.clone());
    }
    points
}

/// The same walk taken by `descent`'s optimizer, the rate set before each step.
fn reference_walk(mut optimizer: Momentum) -> Vec<Vec<f64>> {
    optimizer.start(2);
    walk(|theta, _, g, eta| {
        optimizer.eta = eta;
        optimizer.step(theta, g);
    })
}

fn same_walk(a: &[Vec<f64>], b: &[Vec<f64>]) -> bool {
    a.iter().zip(b).all(|(p, q)| {
        p.iter()
            .zip(q)
            .all(|(x, y)| x.is_finite() && (x - y).abs() <= 1e-12 * y.abs().max(1e-6))
    })
}

fn first_difference(a: &[Vec<f64>], b: &[Vec<f64>]) -> (usize, String, String) {
    for t in 0..a.len() {
        if !same_walk(&a[t..=t], &b[t..=t]) {
            return (
                t + 1,
                format!("θ = ({}, {})", b[t][0], b[t][1]),
                format!("θ = ({}, {})", a[t][0], a[t][1]),
            );
        }
    }
    (0, String::new(), String::new())
}

/// The walk of `answer`.
fn answer_walk(answer: Step) -> Vec<Vec<f64>> {
    walk(|theta, m, g, eta| answer(theta, m, g, eta, BETA))
}

fn check_heavy_ball(answer: Step) -> Result<(), Failure> {
    let expected = reference_walk(Momentum::heavy_ball(0.0, BETA));
    let got = answer_walk(answer);
    if same_walk(&got, &expected) {
        return Ok(());
    }
    let inside = walk(|theta, m, g, eta| {
        for i in 0..2 {
            m[i] = BETA * m[i] + eta * g[i];
            theta[i] -= m[i];
        }
    });
    let old_buffer = walk(|theta, m, g, eta| {
        for i in 0..2 {
            theta[i] -= eta * m[i];
            m[i] = BETA * m[i] + g[i];
        }
    });
    let average = walk(|theta, m, g, eta| {
        for i in 0..2 {
            m[i] = BETA * m[i] + (1.0 - BETA) * g[i];
            theta[i] -= eta * m[i];
        }
    });
    let hint = if same_walk(&got, &inside) {
        "the steps agree until the rate changes: keep η out of the buffer (m ← β·m + g) and multiply by η only in the step, θ ← θ − η·m"
    } else if same_walk(&got, &old_buffer) {
        "update the buffer first, m ← β·m + g, then step along the new buffer"
    } else if same_walk(&got, &average) {
        "that buffer is an average, β·m + (1 − β)·g; PyTorch's heavy ball adds the whole gradient, m ← β·m + g"
    } else {
        "for every coordinate: m ← β·m + g, then θ ← θ − η·m"
    };
    let (step, expected, got) = first_difference(&got, &expected);
    Err(Failure::new(
        format!("after step {step} on (θ₁² + 10θ₂²)/2 from (1, −1), {expected}"),
        got,
        hint,
    ))
}

fn check_nesterov(answer: Step) -> Result<(), Failure> {
    let expected = reference_walk(Momentum::nesterov(0.0, BETA));
    let got = answer_walk(answer);
    if same_walk(&got, &expected) {
        return Ok(());
    }
    // Stepping with the old buffer, θ ← θ − η·(g + β·m_old), then updating
    // it, is the heavy ball in disguise: g + β·m_old is the new buffer.
    let heavy = reference_walk(Momentum::heavy_ball(0.0, BETA));
    let hint = if same_walk(&got, &heavy) {
        "that is the heavy ball: Nesterov's step goes along g + β·m with the buffer already updated, that is g + β·(β·m_old + g)"
    } else {
        "for every coordinate: m ← β·m + g, then θ ← θ − η·(g + β·m)"
    };
    let (step, expected, got) = first_difference(&got, &expected);
    Err(Failure::new(
        format!("after step {step} on (θ₁² + 10θ₂²)/2 from (1, −1), {expected}"),
        got,
        hint,
    ))
}

fn close(a: f64, b: f64) -> bool {
    a.is_finite() && (a - b).abs() <= 1e-12 * b.abs().max(1e-12)
}

fn check_optimal(answer: OptimalSettings) -> Result<(), Failure> {
    for (lambda_min, lambda_max) in [(1.0, 100.0), (0.158, 2.13), (3.0, 3.0), (0.5, 1000.0)] {
        let best = theory::optimal_heavy_ball(lambda_min, lambda_max);
        let (eta, beta) = answer(lambda_min, lambda_max);
        if close(eta, best.eta) && close(beta, best.beta) {
            continue;
        }
        let (small, large) = (lambda_min.sqrt(), lambda_max.sqrt());
        let kappa = lambda_max / lambda_min;
        let hint = if close(beta, best.factor) && best.beta != best.factor {
            "β* is the square of the factor: ((√κ − 1)/(√κ + 1))²"
        } else if close(eta, 2.0 / (lambda_max + lambda_min)) && eta != best.eta {
            "2/(λ_max + λ_min) is plain gradient descent's best rate; with momentum the rate is (2/(√λ_max + √λ_min))²"
        } else if close(eta, 2.0 / (large + small)) {
            "η* is a square: (2/(√λ_max + √λ_min))²"
        } else if close(beta, ((kappa - 1.0) / (kappa + 1.0)).powi(2)) && beta != best.beta {
            "use square roots: β* = ((√κ − 1)/(√κ + 1))² with κ = λ_max/λ_min"
        } else if close(eta, best.beta) && close(beta, best.eta) {
            "return (η*, β*): the rate first, then the momentum"
        } else {
            "ask that ηλ_min = (1 − √β)² and ηλ_max = (1 + √β)², and solve for η and √β"
        };
        return Err(Failure::new(
            format!(
                "(η*, β*) = ({}, {}) for λ_min = {lambda_min}, λ_max = {lambda_max}",
                best.eta, best.beta
            ),
            format!("({eta}, {beta})"),
            hint,
        ));
    }
    Ok(())
}

fn check_spectral_radius(answer: SpectralRadius) -> Result<(), Failure> {
    for (eta, beta, lambda) in [
        (0.05, 0.1, 1.0),
        (0.01, 0.0, 1.0),
        (0.1, 0.5, 1.0),
        (0.01, 0.81, 1.0),
        (1.9, 0.0, 1.0),
        (3.9, 0.5, 1.0),
        (0.0331, 0.6694, 100.0),
    ] {
        let expected = theory::spectral_radius(eta, beta, lambda);
        let got = answer(eta, beta, lambda);
        if close(got, expected) {
            continue;
        }
        let complex = theory::heavy_ball_roots(eta, beta, lambda);
        let hint = if got.is_nan() {
            "when (1 + β − ηλ)² < 4β the roots are complex: do not take the square root of a negative number"
        } else if matches!(complex, theory::Roots::Complex { .. }) && close(got, 2.0 * beta.sqrt())
        {
            "complex roots come in a conjugate pair whose product is β, so each has modulus √β (not 2√β)"
        } else if matches!(complex, theory::Roots::Real(..)) && got < 0.0 || close(got, -expected) {
            "a modulus is never negative: compare the roots by their size |ρᵢ|"
        } else if matches!(complex, theory::Roots::Real(..)) {
            "with real roots, take the larger of |ρ₁| and |ρ₂|: a root near −1 counts as much as one near +1"
        } else {
            "the roots are ((1 + β − ηλ) ± √((1 + β − ηλ)² − 4β))/2; the radius is the larger modulus |ρᵢ|"
        };
        return Err(Failure::new(
            format!("the factor for η = {eta}, β = {beta}, λ = {lambda} = {expected}"),
            format!("{got}"),
            hint,
        ));
    }
    Ok(())
}

harness::exercises! {
    "8.1" heavy_ball_step: Step, Warm, "one heavy-ball step" => check_heavy_ball;
    "8.2" nesterov_step: Step, Steady, "one Nesterov step" => check_nesterov;
    "8.3" optimal_settings: OptimalSettings, Steady, "the optimal η and β" => check_optimal;
    "8.4" spectral_radius: SpectralRadius, Stretch, "the spectral radius" => check_spectral_radius;
}
