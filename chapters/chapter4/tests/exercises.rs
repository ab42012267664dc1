//! The exercises' checks are sound: typical wrong answers fail them with the
//! hint meant for that mistake. (That the reference solutions pass and the
//! stubs fail is the kit's check.)

use chapter4::exercise_checks::{Answers, exercises};
use harness::exercise::failure_message;

fn square_of_the_mean(xs: &[f64]) -> [[f64; 2]; 2] {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    [[mean * mean, mean], [mean, 1.0]]
}

fn diagonal_ratio(h: [[f64; 2]; 2]) -> f64 {
    h[0][0].max(h[1][1]) / h[0][0].min(h[1][1])
}

fn cancelled_small_root(h: [[f64; 2]; 2]) -> f64 {
    let half_trace = 0.5 * (h[0][0] + h[1][1]);
    let det = h[0][0] * h[1][1] - h[0][1] * h[1][0];
    let spread = (half_trace * half_trace - det).sqrt();
    (half_trace + spread) / (half_trace - spread)
}

fn distance_not_loss(kappa: f64, reduction: f64) -> usize {
    let factor = (kappa - 1.0) / (kappa + 1.0);
    if factor <= 0.0 {
        return 1;
    }
    (reduction.ln() / factor.ln()).ceil() as usize
}

fn sample_deviation(xs: &[f64]) -> (Vec<f64>, f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    (xs.iter().map(|x| (x - mean) / sd).collect(), mean, sd)
}

fn not_mapped_back(xs: &[f64], ys: &[f64], steps: usize) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    let zs: Vec<f64> = xs.iter().map(|x| (x - mean) / sd).collect();
    let (mut v, mut c) = (0.0, 0.0);
    for _ in 0..steps {
        let (mut gv, mut gc) = (0.0, 0.0);
        for i in 0..zs.len() {
            let r = v * zs[i] + c - ys[i];
            gv += r * zs[i] / n;
            gc += r / n;
        }
        v -= gv;
        c -= gc;
    }
    (v, c)
}

fn wrong() -> Answers {
    Answers {
        mean_loss_hessian: square_of_the_mean,
        condition_number: diagonal_ratio,
        steps_at_best_rate: distance_not_loss,
        standardise: sample_deviation,
        fit_standardised: not_mapped_back,
    }
}

fn message(id: &str) -> String {
    failure_message(exercises(wrong()), id)
}

#[test]
fn wrong_answers_fail_with_the_matching_hint() {
    let mut answers = wrong();
    answers.condition_number = cancelled_small_root;
    let text = failure_message(exercises(answers), "4.2");
    assert!(text.contains("take λ_min = det H/λ_max"), "{text}");
    for (id, hint) in [
        ("4.1", "not the square of the mean"),
        ("4.2", "only when the off-diagonal entry is 0"),
        ("4.3", "shrinks by ρ², not ρ"),
        ("4.4", "divide by n, not n − 1"),
        ("4.5", "map it back"),
    ] {
        let text = message(id);
        assert!(text.contains(hint), "{id}: {text}");
    }
}
