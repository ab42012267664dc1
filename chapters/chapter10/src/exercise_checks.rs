//! The checks behind chapter 10's coding exercises.
//!
//! Each check calls one function of an [`Answers`] (the reader's file, or
//! the reference solutions) with expected values from `descent` and from the
//! chapter's own code (the story, the calibration table), never from the
//! solutions. A failure says what was expected, what came back, and a hint
//! aimed at the likely mistake.

use descent::data::{DataSet, Sample};
use descent::loss::{CrossEntropy, Loss, sigmoid};
use descent::model::Logistic;
use descent::objective::Separable;
use descent::risk::Risk;
use harness::exercise::Failure;

use crate::penguins::calibration;
use crate::story::{ANIMALS, STORY_ETA, Story};

/// Exercise 10.1's signature: `z` to `p`.
pub type Logistic1 = fn(f64) -> f64;
/// Exercise 10.2's signature: `(z, y)` to the cross-entropy.
pub type CrossEntropy2 = fn(f64, f64) -> f64;
/// Exercise 10.3's signature: `(w, b, x, y)` to `(∂ℓ/∂w, ∂ℓ/∂b)`.
pub type ExampleGradient = fn(&[f64], f64, &[f64], f64) -> (Vec<f64>, f64);
/// Exercise 10.4's signature: `(θ, x, y, η)` to the new `θ`.
pub type Correction = fn(&[f64], &[f64], f64, f64) -> Vec<f64>;
/// Exercise 10.5's signature: `(probabilities, labels)` to the accuracy.
pub type Accuracy = fn(&[f64], &[f64]) -> f64;
/// Exercise 10.6's signature: `(probabilities, labels, bins)` to the table.
pub type CalibrationTable = fn(&[f64], &[f64], usize) -> Vec<(usize, f64, f64)>;

/// Whether `got` is within a relative `tolerance` of `expected` (exact for 0).
fn relatively_close(got: f64, expected: f64, tolerance: f64) -> bool {
    if expected == 0.0 {
        return got == 0.0;
    }
    got.is_finite() && ((got - expected) / expected).abs() <= tolerance
}

fn check_logistic(answer: Logistic1) -> Result<(), Failure> {
    for z in [0.0, 9f64.ln(), -3.0, 15.0, -40.0, 800.0, -720.0, -800.0] {
        let expected = sigmoid(z);
        let got = answer(z);
        if relatively_close(got, expected, 1e-9) {
            continue;
        }
        let hint = if got.is_nan() {
            "e^z/(1 + e^z) is ∞/∞ for large z: use 1/(1 + e^(−z)) when z ≥ 0"
        } else if z < -700.0 && got == 0.0 {
            "for z < 0, e^(−z) overflows past z ≈ −709: compute e^z/(1 + e^z) there instead"
        } else if relatively_close(got, 1.0 - expected, 1e-9) {
            "p = 1/(1 + e^(−z)) grows with z: check the sign of the exponent"
        } else {
            "p = 1/(1 + e^(−z)), written as e^z/(1 + e^z) when z < 0"
        };
        return Err(Failure::new(
            format!("s({z}) = {expected:e}"),
            format!("{got:e}"),
            hint,
        ));
    }
    Ok(())
}

fn check_cross_entropy(answer: CrossEntropy2) -> Result<(), Failure> {
    for (z, y) in [
        (0.0, 1.0),
        (2.0, 1.0),
        (-1.5, 0.0),
        (800.0, 0.0),
        (-800.0, 1.0),
        (800.0, 1.0),
        (-800.0, 0.0),
        (40.0, 1.0),
        (-40.0, 0.0),
    ] {
        let expected = CrossEntropy.value(z, y);
        let got = answer(z, y);
        // The loss of a confident right answer is tiny: it must still be
        // right to a relative 10⁻⁹, or exactly 0 where it underflows.
        if relatively_close(got, expected, 1e-9) || (expected < 1e-300 && got.abs() < 1e-300) {
            continue;
        }
        let hint = if got.is_nan() {
            "0·ln 0 is NaN: never take the log of a probability that has rounded to 0 or 1; use max(z, 0) − y·z + ln(1 + e^(−|z|))"
        } else if got.is_infinite() {
            "ln(1 − p) is −∞ once p rounds to 1: compute the loss from z, not from p"
        } else if got == 0.0 && expected > 0.0 {
            "1 + e^(−40) rounds to exactly 1, and ln 1 = 0: use ln_1p(e^(−|z|))"
        } else {
            "ℓ = max(z, 0) − y·z + ln(1 + e^(−|z|))"
        };
        return Err(Failure::new(
            format!("the cross-entropy at z = {z}, y = {y} = {expected:e}"),
            format!("{got:e}"),
            hint,
        ));
    }
    Ok(())
}

fn check_example_gradient(answer: ExampleGradient) -> Result<(), Failure> {
    let cases: [(&[f64], f64, &[f64], f64); 3] = [
        (&[0.5, -1.0], 0.2, &[2.0, 1.0], 1.0),
        (&[1.5, 0.3, -0.7], -1.0, &[0.4, -2.0, 3.0], 0.0),
        (&[-2.0], 0.5, &[1.5], 1.0),
    ];
    for (w, b, x, y) in cases {
        let data = DataSet::new(vec![Sample { x: x.to_vec(), y }]);
        let risk = Risk {
            model: Logistic { features: x.len() },
            loss: CrossEntropy,
            data: &data,
        };
        let mut theta = w.to_vec();
        theta.push(b);
        let expected = risk.sample_gradient(0, &theta);
        let (gw, gb) = answer(w, b, x, y);
        let mut got = gw.clone();
        got.push(gb);
        let close = |a: &[f64], e: &[f64]| {
            a.len() == e.len() && a.iter().zip(e).all(|(a, e)| (a - e).abs() <= 1e-12)
        };
        if close(&got, &expected) {
            continue;
        }
        let r = expected[x.len()];
        let p = r + y;
        let flipped: Vec<f64> = expected.iter().map(|g| -g).collect();
        let squared: Vec<f64> = expected.iter().map(|g| g * p * (1.0 - p)).collect();
        let hint = if close(&got, &flipped) {
            "the slope is prediction minus label, p − y: with y − p you would walk uphill"
        } else if close(&got, &squared) {
            "that is the gradient of ½(p − y)²; the cross-entropy's slope is exactly p − y"
        } else if gw.len() != x.len() {
            "∂ℓ/∂w has one entry per weight"
        } else if gw.iter().all(|g| (g - r).abs() < 1e-12) {
            "each ∂ℓ/∂wⱼ carries a factor xⱼ: wⱼ enters the logit as wⱼ·xⱼ"
        } else {
            "with p = s(w·x + b), the gradient is ((p − y)·x, p − y)"
        };
        return Err(Failure::new(
            format!("the gradient at w = {w:?}, b = {b}, x = {x:?}, y = {y}: {expected:?}"),
            format!("{got:?}"),
            hint,
        ));
    }
    Ok(())
}

fn check_correction(answer: Correction) -> Result<(), Failure> {
    let story = Story::tell(STORY_ETA, ANIMALS.len(), 0.0);
    let mut theta = vec![0.0; 8];
    for c in &story.corrections {
        let animal = &ANIMALS[c.animal];
        let got = answer(&theta, &animal.x, animal.y, STORY_ETA);
        let expected = &c.theta;
        let close = |a: &[f64], b: &[f64]| {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| (a - b).abs() <= 1e-12)
        };
        if close(&got, expected) {
            theta = expected.clone();
            continue;
        }
        let uphill: Vec<f64> = theta
            .iter()
            .zip(expected)
            .map(|(t, e)| t - (e - t))
            .collect();
        let hint = if got.len() != 8 {
            "return all eight parameters: the seven weights, then the intercept"
        } else if close(&got, &uphill) {
            "step against the gradient: θ ← θ − η·(p − y)·(x, 1)"
        } else if close(&got[..7], &expected[..7]) && (got[7] - theta[7]).abs() <= 1e-12 {
            "the intercept moves too, by −η·(p − y): its feature is the constant 1"
        } else {
            "p = s(wᵀx + b) at the current θ, then θ ← θ − η·(p − y)·(x, 1)"
        };
        return Err(Failure::new(
            format!("after the correction on {}: θ = {expected:?}", animal.name),
            format!("{got:?}"),
            hint,
        ));
    }
    Ok(())
}

fn check_accuracy(answer: Accuracy) -> Result<(), Failure> {
    let cases: [(&[f64], &[f64], f64); 3] = [
        (&[0.9, 0.2, 0.6, 0.4], &[1.0, 0.0, 0.0, 1.0], 0.5),
        (&[0.5, 0.5, 0.5, 0.1], &[1.0, 1.0, 0.0, 0.0], 0.75),
        (
            &[0.99, 0.01, 0.7, 0.3, 0.8],
            &[1.0, 0.0, 1.0, 0.0, 1.0],
            1.0,
        ),
    ];
    for (p, y, expected) in cases {
        let got = answer(p, y);
        if (got - expected).abs() < 1e-12 {
            continue;
        }
        let hint = if (got - expected * y.len() as f64).abs() < 1e-9 {
            "that is the number of right answers: divide by the number of examples"
        } else if p.contains(&0.5) {
            "p = ½ exactly sits on the boundary and counts as the answer 1"
        } else {
            "a prediction is right when p ≥ ½ and y = 1, or p < ½ and y = 0"
        };
        return Err(Failure::new(
            format!("the accuracy of {p:?} against {y:?} = {expected}"),
            format!("{got}"),
            hint,
        ));
    }
    Ok(())
}

fn check_calibration_table(answer: CalibrationTable) -> Result<(), Failure> {
    // Predictions spread over [0, 1] with a gap (no p in 0.4–0.6), and the
    // two ends exactly; labels that follow them.
    let mut p = Vec::new();
    let mut y = Vec::new();
    for i in 0..40 {
        let q = i as f64 / 39.0;
        if (0.4..0.6).contains(&q) {
            continue;
        }
        p.push(q);
        y.push(if (i * 7) % 10 < (q * 10.0) as usize {
            1.0
        } else {
            0.0
        });
    }
    for bins in [5, 10] {
        let expected = calibration(&p, &y, bins);
        let got = answer(&p, &y, bins);
        if got.len() != bins {
            return Err(Failure::new(
                format!("{bins} rows for {bins} bins"),
                format!("{} rows", got.len()),
                "one row per bin, empty bins included",
            ));
        }
        for (k, (row, bin)) in got.iter().zip(&expected).enumerate() {
            let empty = bin.count == 0;
            let right = row.0 == bin.count
                && (empty && row.1 == 0.0 && row.2 == 0.0
                    || !empty
                        && (row.1 - bin.mean_probability).abs() < 1e-12
                        && (row.2 - bin.fraction).abs() < 1e-12);
            if right {
                continue;
            }
            let total: usize = got.iter().map(|r| r.0).sum();
            let hint = if total + 1 == p.len() {
                "p = 1 belongs to the last bin"
            } else if empty && (row.1.is_nan() || row.2.is_nan()) {
                "an empty bin has no mean: return (0, 0.0, 0.0) for it"
            } else if row.0 == bin.count
                && (row.1 - bin.mean_probability * bin.count as f64).abs() < 1e-9
            {
                "divide the sums of p and of y by the bin's count"
            } else {
                "bin k holds k/bins ≤ p < (k + 1)/bins"
            };
            return Err(Failure::new(
                format!(
                    "bin {k} of {bins}: ({}, {}, {})",
                    bin.count, bin.mean_probability, bin.fraction
                ),
                format!("({}, {}, {})", row.0, row.1, row.2),
                hint,
            ));
        }
    }
    Ok(())
}

harness::exercises! {
    "10.1" logistic: Logistic1, Warm, "the logistic function, safely" => check_logistic;
    "10.2" cross_entropy: CrossEntropy2, Steady, "the cross-entropy, safely" => check_cross_entropy;
    "10.3" example_gradient: ExampleGradient, Steady, "the gradient (p − y)·(x, 1)" => check_example_gradient;
    "10.4" correction: Correction, Steady, "one of Xiao Ming's corrections" => check_correction;
    "10.5" accuracy: Accuracy, Warm, "accuracy" => check_accuracy;
    "10.6" calibration_table: CalibrationTable, Stretch, "a calibration table" => check_calibration_table;
}
