//! The checks behind chapter 4's coding exercises.
//!
//! Expected values come from `descent` (`line::hessian`,
//! `linalg::condition_number`, `scaling::FeatureScaling`, the descent loop)
//! or from the chapter's closed forms, never from the solutions. A failure
//! says what was expected, what came back, and a hint aimed at the likely
//! mistake.

use descent::data::{DataSet, Sample};
use descent::linalg::{Matrix, condition_number as kappa_of};
use descent::line::{curvatures, hessian};
use descent::scaling::{FeatureScaling, feature_moments};
use harness::exercise::Failure;

use crate::landscape::{Curvature, Method, Scaling, Walk};

/// Exercise 4.1's signature: inputs to the Hessian's rows.
pub type HessianFromData = fn(&[f64]) -> [[f64; 2]; 2];
/// Exercise 4.2's signature: a symmetric 2 × 2 matrix to `κ`.
pub type ConditionNumber = fn([[f64; 2]; 2]) -> f64;
/// Exercise 4.3's signature: `(κ, reduction)` to a number of steps.
pub type StepsAtBestRate = fn(f64, f64) -> usize;
/// Exercise 4.4's signature: inputs to `(x̃, mean, sd)`.
pub type Standardise = fn(&[f64]) -> (Vec<f64>, f64, f64);
/// Exercise 4.5's signature: `(xs, ys, steps)` to the raw line `(w, b)`.
pub type FitStandardised = fn(&[f64], &[f64], usize) -> (f64, f64);

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    a.is_finite() && (a - b).abs() <= tolerance * b.abs().max(1.0)
}

fn book_inputs() -> (Vec<f64>, Vec<f64>) {
    let data = crate::data(crate::X_RANGE.0, crate::X_RANGE.1, crate::SEED);
    (
        data.samples.iter().map(|s| s.x).collect(),
        data.samples.iter().map(|s| s.y).collect(),
    )
}

fn one_feature(xs: &[f64], ys: &[f64]) -> DataSet {
    DataSet::new(xs.iter().zip(ys).map(|(&x, &y)| Sample { x, y }).collect())
}

fn check_hessian(answer: HessianFromData) -> Result<(), Failure> {
    let (book, _) = book_inputs();
    for xs in [book, vec![-3.0, 0.5, 2.0, 7.5]] {
        let h = hessian(&one_feature(&xs, &vec![0.0; xs.len()]));
        let got = answer(&xs);
        let ok = (0..2).all(|i| (0..2).all(|j| close(got[i][j], h[i][j], 1e-12)));
        if ok {
            continue;
        }
        let n = xs.len() as f64;
        let mean = h[0][1];
        let hint = if close(got[0][0], n * h[0][0], 1e-12) {
            "those are sums: the loss is a mean, so divide by the number of points"
        } else if close(got[0][0], mean * mean, 1e-12) {
            "∂²L/∂w² is the mean of the squares x², not the square of the mean"
        } else if close(got[0][0], h[0][0] - mean * mean, 1e-12) {
            "that is the variance; the raw inputs give the mean of x² itself"
        } else {
            "one point's loss ½(wx + b − y)² has second derivatives x², x, x and 1: average them"
        };
        return Err(Failure::new(
            format!("the Hessian of x = {xs:?}: {h:?}"),
            format!("{got:?}"),
            hint,
        ));
    }
    Ok(())
}

fn check_condition_number(answer: ConditionNumber) -> Result<(), Failure> {
    for h in [
        [[38.5, 5.5], [5.5, 1.0]],
        [[2.0, -1.5], [-1.5, 3.0]],
        [[1.0, 0.0], [0.0, 9.0]],
    ] {
        let expected = kappa_of(&Matrix::from_rows(&[h[0].to_vec(), h[1].to_vec()]));
        let got = answer(h);
        if close(got, expected, 1e-10) {
            continue;
        }
        let diagonal = h[0][0].max(h[1][1]) / h[0][0].min(h[1][1]);
        let hint = if close(got, 1.0 / expected, 1e-10) {
            "κ is the largest eigenvalue over the smallest: at least 1"
        } else if close(got, diagonal, 1e-10) {
            "the diagonal entries are the eigenvalues only when the off-diagonal entry is 0"
        } else {
            "the eigenvalues are the roots of λ² − (tr H)·λ + det H = 0"
        };
        return Err(Failure::new(
            format!("κ of {h:?} = {expected}"),
            format!("{got}"),
            hint,
        ));
    }
    // A long valley: x = 1001, …, 1010 give H with exact entries and
    // det H = var(x) = 8.25, κ ≈ 1.2 × 10¹¹. Its curvatures come from
    // `descent::line::curvatures`, computed from the data.
    let xs: Vec<f64> = (1..=10).map(|i| 1000.0 + f64::from(i)).collect();
    let data = one_feature(&xs, &[0.0; 10]);
    let h = hessian(&data);
    let (largest, smallest) = curvatures(&data);
    let expected = largest / smallest;
    let got = answer(h);
    if !close(got, expected, 1e-10) {
        let half_trace = 0.5 * (h[0][0] + h[1][1]);
        let spread = (half_trace * half_trace - (h[0][0] * h[1][1] - h[0][1] * h[1][0])).sqrt();
        let cancelled = (half_trace + spread) / (half_trace - spread);
        let hint = if close(got, cancelled, 1e-3) {
            "here ½·tr H − √(…) is a difference of two nearly equal numbers and rounding eats it: take λ_min = det H/λ_max"
        } else {
            "the eigenvalues are the roots of λ² − (tr H)·λ + det H = 0"
        };
        return Err(Failure::new(
            format!("κ of {h:?} = {expected}"),
            format!("{got}"),
            hint,
        ));
    }
    Ok(())
}

fn check_steps(answer: StepsAtBestRate) -> Result<(), Failure> {
    for (kappa, reduction) in [
        (187.115_867_8_f64, 1e-6_f64),
        (8.25, 1e-6),
        (1.0, 1e-6),
        (50.0, 1e-3),
    ] {
        // Each step multiplies the excess by at most ρ², ρ = (κ − 1)/(κ + 1).
        let factor = (kappa - 1.0) / (kappa + 1.0);
        let expected = if factor <= 0.0 {
            1
        } else {
            (reduction.ln() / (2.0 * factor.ln())).ceil() as usize
        };
        let got = answer(kappa, reduction);
        if got == expected {
            continue;
        }
        let hint = if factor > 0.0 && got == (reduction.ln() / factor.ln()).ceil() as usize {
            "the excess loss is quadratic in the distance: it shrinks by ρ², not ρ, per step"
        } else if kappa == 1.0 {
            "with κ = 1 the best rate lands on the bottom in one step"
        } else {
            "find the smallest t with ((κ − 1)/(κ + 1))^(2t) ≤ reduction"
        };
        return Err(Failure::new(
            format!("{expected} steps for κ = {kappa}, reduction {reduction}"),
            format!("{got}"),
            hint,
        ));
    }
    Ok(())
}

fn check_standardise(answer: Standardise) -> Result<(), Failure> {
    let (book, ys) = book_inputs();
    for xs in [book, vec![150.0, 180.0, 181.0, 230.0, 199.5]] {
        let data = one_feature(&xs, &ys[..xs.len()]);
        let (mean, sd) = feature_moments(&data);
        let scaling = FeatureScaling::standardising(&data).expect("x varies");
        let (zs, got_mean, got_sd) = answer(&xs);
        let n = xs.len() as f64;
        if !close(got_mean, mean[0], 1e-12) {
            return Err(Failure::new(
                format!("the mean of {xs:?} = {}", mean[0]),
                format!("{got_mean}"),
                "the mean is the sum divided by the number of inputs",
            ));
        }
        if !close(got_sd, sd[0], 1e-12) {
            let hint = if close(got_sd, sd[0] * (n / (n - 1.0)).sqrt(), 1e-12) {
                "divide by n, not n − 1: then the mean of x̃² is exactly 1 and so is the Hessian's corner"
            } else if close(got_sd, sd[0] * sd[0], 1e-12) {
                "that is the variance: take its square root"
            } else {
                "the standard deviation is √(mean of (x − x̄)²)"
            };
            return Err(Failure::new(
                format!("the standard deviation of {xs:?} = {}", sd[0]),
                format!("{got_sd}"),
                hint,
            ));
        }
        let expected: Vec<f64> = xs.iter().map(|&x| scaling.apply(&[x])[0]).collect();
        let ok = zs.len() == expected.len()
            && zs.iter().zip(&expected).all(|(a, b)| close(*a, *b, 1e-12));
        if !ok {
            return Err(Failure::new(
                format!("x̃ = {expected:?}"),
                format!("{zs:?}"),
                "x̃ᵢ = (xᵢ − x̄)/σ_x, one per input, in order",
            ));
        }
    }
    Ok(())
}

fn check_fit_standardised(answer: FitStandardised) -> Result<(), Failure> {
    let (xs, ys) = book_inputs();
    let raw = one_feature(&xs, &ys);
    for steps in [0, 1, 3] {
        let scaled = Scaling::Standardised
            .of(&raw)
            .expect("x varies")
            .apply_to_one(&raw);
        let eta = Curvature::of(&scaled).best_rate();
        let walk = Walk::run(&raw, Scaling::Standardised, Method::Fixed(eta), steps);
        let line = walk.raw_line();
        let got = answer(&xs, &ys, steps);
        if close(got.0, line.w, 1e-9) && close(got.1, line.b, 1e-9) {
            continue;
        }
        let end = walk.trajectory.final_point();
        let hint = if close(got.0, end[0], 1e-9) && close(got.1, end[1], 1e-9) {
            "that line is in standardised units: map it back, w = w̃/σ_x and b = b′ − w̃·x̄/σ_x"
        } else if close(got.0, line.w, 1e-9) {
            "the slope is right; the intercept must absorb the shift: b = b′ − w̃·x̄/σ_x"
        } else {
            "standardised inputs have Hessian I, so the best fixed rate is 1"
        };
        return Err(Failure::new(
            format!("(w, b) = ({}, {}) after {steps} steps", line.w, line.b),
            format!("({}, {})", got.0, got.1),
            hint,
        ));
    }
    Ok(())
}

harness::exercises! {
    "4.1" mean_loss_hessian: HessianFromData, Warm, "the Hessian from the data" => check_hessian;
    "4.2" condition_number: ConditionNumber, Steady, "the condition number" => check_condition_number;
    "4.3" steps_at_best_rate: StepsAtBestRate, Steady, "steps at the best fixed rate" => check_steps;
    "4.4" standardise: Standardise, Steady, "standardising the inputs" => check_standardise;
    "4.5" fit_standardised: FitStandardised, Stretch, "a fit in standardised units, mapped back" => check_fit_standardised;
}
