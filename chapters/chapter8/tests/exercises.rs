//! The exercises' checks are sound: typical wrong answers fail them with the
//! hint meant for that mistake. (That the reference solutions pass and the
//! stubs fail is the kit's check.)

use chapter8::exercise_checks::{Answers, exercises};
use harness::exercise::failure_message;

fn rate_inside(theta: &mut [f64], m: &mut [f64], g: &[f64], eta: f64, beta: f64) {
    for i in 0..theta.len() {
        m[i] = beta * m[i] + eta * g[i];
        theta[i] -= m[i];
    }
}

fn old_buffer(theta: &mut [f64], m: &mut [f64], g: &[f64], eta: f64, beta: f64) {
    for i in 0..theta.len() {
        theta[i] -= eta * m[i];
        m[i] = beta * m[i] + g[i];
    }
}

fn averaged(theta: &mut [f64], m: &mut [f64], g: &[f64], eta: f64, beta: f64) {
    for i in 0..theta.len() {
        m[i] = beta * m[i] + (1.0 - beta) * g[i];
        theta[i] -= eta * m[i];
    }
}

fn heavy(theta: &mut [f64], m: &mut [f64], g: &[f64], eta: f64, beta: f64) {
    for i in 0..theta.len() {
        m[i] = beta * m[i] + g[i];
        theta[i] -= eta * m[i];
    }
}

fn nesterov_old_buffer(theta: &mut [f64], m: &mut [f64], g: &[f64], eta: f64, beta: f64) {
    for i in 0..theta.len() {
        theta[i] -= eta * (g[i] + beta * m[i]);
        m[i] = beta * m[i] + g[i];
    }
}

fn unsquared_beta(lambda_min: f64, lambda_max: f64) -> (f64, f64) {
    let (s, l) = (lambda_min.sqrt(), lambda_max.sqrt());
    ((2.0 / (l + s)).powi(2), (l - s) / (l + s))
}

fn gradient_descent_rate(lambda_min: f64, lambda_max: f64) -> (f64, f64) {
    let (s, l) = (lambda_min.sqrt(), lambda_max.sqrt());
    (2.0 / (lambda_max + lambda_min), ((l - s) / (l + s)).powi(2))
}

fn twice_root_beta(eta: f64, beta: f64, lambda: f64) -> f64 {
    let s = 1.0 + beta - eta * lambda;
    let d = s * s - 4.0 * beta;
    if d < 0.0 {
        2.0 * beta.sqrt()
    } else {
        ((s + d.sqrt()) / 2.0)
            .abs()
            .max(((s - d.sqrt()) / 2.0).abs())
    }
}

fn no_complex_case(eta: f64, beta: f64, lambda: f64) -> f64 {
    let s = 1.0 + beta - eta * lambda;
    let d = (s * s - 4.0 * beta).sqrt();
    ((s + d) / 2.0).abs().max(((s - d) / 2.0).abs())
}

fn signed_max(eta: f64, beta: f64, lambda: f64) -> f64 {
    let s = 1.0 + beta - eta * lambda;
    let d = s * s - 4.0 * beta;
    if d < 0.0 {
        beta.sqrt()
    } else {
        (s + d.sqrt()) / 2.0
    }
}

fn with(answers: impl Fn(&mut Answers)) -> Answers {
    let mut a = Answers {
        heavy_ball_step: heavy,
        nesterov_step: heavy,
        optimal_settings: unsquared_beta,
        spectral_radius: twice_root_beta,
    };
    answers(&mut a);
    a
}

fn message(answers: Answers, id: &str) -> String {
    failure_message(exercises(answers), id)
}

#[test]
fn wrong_steps_get_their_hints() {
    let m = message(with(|a| a.heavy_ball_step = rate_inside), "8.1");
    assert!(m.contains("keep η out of the buffer"), "{m}");
    let m = message(with(|a| a.heavy_ball_step = old_buffer), "8.1");
    assert!(m.contains("update the buffer first"), "{m}");
    let m = message(with(|a| a.heavy_ball_step = averaged), "8.1");
    assert!(m.contains("that buffer is an average"), "{m}");
    let m = message(with(|_| {}), "8.2");
    assert!(m.contains("that is the heavy ball"), "{m}");
    // Stepping with the old buffer is the heavy ball in disguise.
    let m = message(with(|a| a.nesterov_step = nesterov_old_buffer), "8.2");
    assert!(m.contains("that is the heavy ball"), "{m}");
}

#[test]
fn wrong_settings_and_radii_get_their_hints() {
    let m = message(with(|_| {}), "8.3");
    assert!(m.contains("square of the factor"), "{m}");
    let m = message(with(|a| a.optimal_settings = gradient_descent_rate), "8.3");
    assert!(m.contains("plain gradient descent's best rate"), "{m}");
    let m = message(with(|_| {}), "8.4");
    assert!(m.contains("not 2√β"), "{m}");
    let m = message(with(|a| a.spectral_radius = no_complex_case), "8.4");
    assert!(
        m.contains("do not take the square root of a negative"),
        "{m}"
    );
    let m = message(with(|a| a.spectral_radius = signed_max), "8.4");
    assert!(
        m.contains("larger of |ρ₁| and |ρ₂|") || m.contains("never negative"),
        "{m}"
    );
}
