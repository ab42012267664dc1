//! The checks behind chapter 10's coding exercises.
//!
//! Each check calls one function of an [`Answers`] (the reader's file, or
//! the reference solutions) with expected values from `descent`, from the
//! chapter's own code (the story, the Hessian) and from computations of the
//! check's own (a bisection, an eigenvalue solver), never from the
//! solutions. A failure says what was expected, what came back, and a hint
//! aimed at the likely mistake.

use descent::data::{DataSet, Sample};
use descent::linalg::{gram, symmetric_eigen};
use descent::loss::{CrossEntropy, Loss, sigmoid};
use descent::model::Logistic;
use descent::objective::Separable;
use descent::risk::Risk;
use descent::scaling::FeatureScaling;
use harness::exercise::Failure;
use harness::format::significant;

use crate::penguins::{GD_STEPS, Method, design, fit, hessian, safe_rate, two_species};
use crate::story::{ANIMALS, STORY_ETA, Story};

/// Exercise 10.1's signature: `z` to `p`.
pub type Logistic1 = fn(f64) -> f64;
/// Exercise 10.2's signature: `(z, y)` to the cross-entropy.
pub type CrossEntropy2 = fn(f64, f64) -> f64;
/// Exercise 10.3's signature: `(w, b, x, y)` to `(∂ℓ/∂w, ∂ℓ/∂b)`.
pub type ExampleGradient = fn(&[f64], f64, &[f64], f64) -> (Vec<f64>, f64);
/// Exercise 10.4's signature: `(θ, x, y, η)` to the new `θ`.
pub type Correction = fn(&[f64], &[f64], f64, f64) -> Vec<f64>;
/// Exercise 10.5's signature: the labels to the best intercept.
pub type BestIntercept = fn(&[f64]) -> f64;
/// Exercise 10.6's signature: `(θ, features)` to `λ_max` of the Hessian.
pub type LargestCurvature = fn(&[f64], &[Vec<f64>]) -> f64;

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
            "0·ln 0 is NaN: never take the log of a probability that has rounded to 0 or 1; write the loss in terms of z"
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

/// The intercept at which the mean slope `(1/n)·Σ(s(b) − yᵢ)` of the
/// featureless model is zero, by bisection: the check's own, from the
/// condition for a minimum rather than from a formula.
fn bisected_intercept(labels: &[f64]) -> f64 {
    let slope = |b: f64| labels.iter().map(|y| sigmoid(b) - y).sum::<f64>() / labels.len() as f64;
    let (mut low, mut high) = (-50.0, 50.0);
    for _ in 0..200 {
        let middle = 0.5 * (low + high);
        if slope(middle) < 0.0 {
            low = middle;
        } else {
            high = middle;
        }
    }
    0.5 * (low + high)
}

fn check_best_intercept(answer: BestIntercept) -> Result<(), Failure> {
    let penguins: Vec<f64> = two_species().samples.iter().map(|s| s.y).collect();
    let cases: [&[f64]; 5] = [
        &[1.0, 0.0, 0.0, 0.0],
        &[1.0, 1.0, 0.0, 1.0, 1.0],
        &[0.0, 1.0],
        &[0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        &penguins,
    ];
    for labels in cases {
        let expected = bisected_intercept(labels);
        let got = answer(labels);
        if (got - expected).abs() <= 1e-9 {
            continue;
        }
        let fraction = labels.iter().sum::<f64>() / labels.len() as f64;
        let close = |v: f64| (got - v).abs() <= 1e-9;
        let hint = if close(fraction) {
            "that is the best probability, the fraction of positives; the model's parameter is its logit"
        } else if close(fraction.ln()) || close((fraction / (1.0 + fraction)).ln()) {
            "a logit is the logarithm of the odds p/(1 − p), not of p"
        } else if close(-expected) {
            "p = s(b) grows with b: more positives need a larger intercept (check which way the odds go)"
        } else {
            "at the optimum the mean p equals the fraction of positives, and here every example has p = s(b)"
        };
        let shown = if labels.len() > 10 {
            format!("the {} penguins' labels", labels.len())
        } else {
            format!("{labels:?}")
        };
        return Err(Failure::new(
            format!("b = {} for {shown}", significant(expected, 6)),
            significant(got, 6),
            hint,
        ));
    }
    Ok(())
}

/// One case of 10.6: its name, `θ`, and the examples' features.
type CurvatureCase = (&'static str, Vec<f64>, Vec<Vec<f64>>);

/// The check's cases for 10.6: the standardised penguins at `θ = 0` and
/// at the fit, and two small data sets of their own.
fn curvature_cases() -> Vec<CurvatureCase> {
    let raw = two_species();
    let scaled = FeatureScaling::standardising(&raw)
        .expect("the measurements vary")
        .apply_to(&raw);
    let best = fit(
        &raw,
        Method::Gd {
            eta: safe_rate(&scaled),
        },
        GD_STEPS,
        0.0,
    );
    let penguins: Vec<Vec<f64>> = scaled.samples.iter().map(|s| s.x.clone()).collect();
    vec![
        (
            "the standardised penguins at θ = 0",
            vec![0.0; 3],
            penguins.clone(),
        ),
        (
            "the standardised penguins at the fit",
            best.theta().to_vec(),
            penguins,
        ),
        (
            "six examples of three features",
            vec![0.5, -1.0, 0.3, 0.2],
            vec![
                vec![1.0, 0.5, -0.2],
                vec![-0.3, 1.2, 0.8],
                vec![2.0, -1.0, 0.1],
                vec![0.4, 0.4, -1.5],
                vec![-1.1, -0.6, 0.3],
                vec![0.9, 2.2, 1.0],
            ],
        ),
        (
            "four examples of one feature",
            vec![2.0, -1.0],
            vec![vec![0.1], vec![0.8], vec![1.6], vec![-0.5]],
        ),
    ]
}

/// The largest eigenvalue of `(1/n)·Σ cᵢ·φᵢφᵢᵀ` with the weights `c` and
/// `φᵢ = (xᵢ, 1)`, or `xᵢ` alone without the intercept.
fn weighted_largest(xs: &[Vec<f64>], weights: &[f64], intercept: bool) -> f64 {
    let rows: Vec<Vec<f64>> = xs
        .iter()
        .zip(weights)
        .map(|(x, c)| {
            let mut row: Vec<f64> = x.iter().map(|v| v * c.sqrt()).collect();
            if intercept {
                row.push(c.sqrt());
            }
            row
        })
        .collect();
    symmetric_eigen(&gram(&descent::linalg::Matrix::from_rows(&rows))).max()
}

fn check_largest_curvature(answer: LargestCurvature) -> Result<(), Failure> {
    for (name, theta, xs) in curvature_cases() {
        let data = DataSet::new(
            xs.iter()
                .map(|x| Sample {
                    x: x.clone(),
                    y: 0.0,
                })
                .collect(),
        );
        let eigen = symmetric_eigen(&hessian(&data, &theta));
        let expected = eigen.max();
        let got = answer(&theta, &xs);
        let near = |v: f64, tolerance: f64| got.is_finite() && ((got - v) / v).abs() <= tolerance;
        if near(expected, 1e-6) {
            continue;
        }
        let n = xs.len() as f64;
        let model = Logistic {
            features: theta.len() - 1,
        };
        let weights: Vec<f64> = xs
            .iter()
            .map(|x| {
                let p = model.probability(&theta, x);
                p * (1.0 - p)
            })
            .collect();
        let data_curvature = symmetric_eigen(&gram(&design(&data))).max();
        let hint = if near(data_curvature, 1e-6) {
            "that is λ_max(XᵀX/n), the curvature of the data alone: each φᵢφᵢᵀ is weighted by pᵢ(1 − pᵢ) at this θ"
        } else if near(data_curvature / 4.0, 1e-6) {
            "¼ is p(1 − p) only where p = ½, at θ = 0: compute every pᵢ = s(θᵀφᵢ) at this θ"
        } else if near(n * expected, 1e-6) {
            "H is the Hessian of the mean loss: divide the sum by n"
        } else if near(weighted_largest(&xs, &weights, false), 1e-6) {
            "φᵢ = (xᵢ, 1): the intercept's constant 1 is a feature too, so H has one more row and column than xᵢ has entries"
        } else if [2.0 / expected, 8.0 / expected, 8.0 / data_curvature]
            .iter()
            .any(|rate| near(*rate, 1e-6))
        {
            "return the curvature λ_max itself, not a learning rate"
        } else if near(eigen.min(), 1e-6) {
            "that is the smallest eigenvalue: power iteration, v ← Hv/‖Hv‖, finds the largest"
        } else if near(eigen.values.iter().sum(), 1e-6) {
            "that is the trace, the sum of all the eigenvalues: find the largest alone, by power iteration"
        } else if near(expected, 1e-2) {
            "nearly: keep iterating until ‖Hv‖ changes by less than 10⁻¹² of itself"
        } else {
            "H = (1/n)·Σ pᵢ(1 − pᵢ)·φᵢφᵢᵀ, then v ← Hv/‖Hv‖ until ‖Hv‖ settles"
        };
        return Err(Failure::new(
            format!("λ_max = {} for {name}", significant(expected, 6)),
            significant(got, 6),
            hint,
        ));
    }
    Ok(())
}

harness::exercises! {
    "10.1" logistic: Logistic1, Warm, "the logistic function, safely" => check_logistic,
        without [sigmoid];
    "10.2" cross_entropy: CrossEntropy2, Steady, "the cross-entropy, safely" => check_cross_entropy,
        without [CrossEntropy];
    "10.3" example_gradient: ExampleGradient, Steady, "the gradient (p − y)·(x, 1)" => check_example_gradient,
        without [CrossEntropy, Risk];
    "10.4" correction: Correction, Steady, "one of Xiao Ming's corrections" => check_correction,
        without [correct, Sgd, CrossEntropy, Risk, Logistic];
    "10.5" best_intercept: BestIntercept, Warm, "the best model without features" => check_best_intercept;
    "10.6" largest_curvature: LargestCurvature, Stretch, "the curvature where the walk is" => check_largest_curvature,
        without [hessian, symmetric_eigen, Curvatures, curvature_along, condition_number];
}
