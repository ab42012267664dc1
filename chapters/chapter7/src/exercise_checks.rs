//! The checks behind chapter 7's coding exercises.
//!
//! Each check calls one function of an [`Answers`] (the reader's file, or the
//! reference solutions) and compares it with `descent` (its Hessian test,
//! its landscapes and its noisy optimizer), with walks the check takes
//! itself, or with a Monte Carlo estimate of its own, never with the
//! solutions. A failure says what was expected, what came back, and a hint
//! aimed at the likely mistake.

use descent::Objective;
use descent::landscape::{CriticalKind, DoubleWell, Himmelblau, classify, eigenvalues_2x2};
use descent::objective::norm;
use harness::exercise::Failure;
use harness::format::significant;

/// Exercise 7.1's signature: `(h11, h12, h22)` to the kind of point.
pub type ClassifyHessian = fn(f64, f64, f64) -> CriticalKind;
/// Exercise 7.2's signature: `(θ₂, η, R, λ)` (the start's second coordinate,
/// the rate, the escape distance, the curvature) to the escape step.
pub type EscapeSteps = fn(f64, f64, f64, f64) -> usize;
/// Exercise 7.3's signature: `(low, high, count, η, steps)` to the fractions
/// (shallow, deep, neither).
pub type BasinFractions = fn(f64, f64, usize, f64, usize) -> [f64; 3];
/// Exercise 7.4's signature: `(a, b, start)` to a critical point of
/// `(θ₁² + θ₂ − a)² + (θ₁ + θ₂² − b)²` and its kind.
pub type CriticalPoint = fn(f64, f64, (f64, f64)) -> Option<((f64, f64), CriticalKind)>;
/// Exercise 7.5's signature: `(σ_g, runs, steps, seed)` to `(P̂, its standard error)`.
pub type EscapeProbability = fn(f64, usize, usize, u64) -> (f64, f64);

fn check_classify(answer: ClassifyHessian) -> Result<(), Failure> {
    let cases = [
        (2.0, 0.0, 3.0),
        (1.0, 3.0, 1.0),
        (-2.0, 0.5, -1.0),
        (0.0, 1.0, 0.0),
        (1.0, 1.0, 1.0),
        (-4.0, 2.0, -1.0),
        (74.0, 20.0, 34.0),
    ];
    for (h11, h12, h22) in cases {
        let h = vec![vec![h11, h12], vec![h12, h22]];
        let expected = classify(&eigenvalues_2x2(&h), 1e-9);
        let got = answer(h11, h12, h22);
        if got == expected {
            continue;
        }
        let determinant = h11 * h22 - h12 * h12;
        let hint = match (expected, got) {
            (CriticalKind::Maximum, CriticalKind::Saddle) => {
                "both curvatures are negative: that is a hilltop, and a hilltop is not a saddle (a saddle curves up one way and down another)"
            }
            (CriticalKind::Saddle, _) if h11 > 0.0 && h22 > 0.0 => {
                "the diagonal alone does not decide: h12 turns the axes, and the eigenvalues (h11 + h22)/2 ± √(((h11 − h22)/2)² + h12²) can have opposite signs"
            }
            (CriticalKind::Maximum, CriticalKind::Minimum) => {
                "a positive determinant says the two eigenvalues share a sign; the trace h11 + h22 says which"
            }
            (CriticalKind::Undecided, _) => {
                "the determinant is zero: one eigenvalue is 0, and the second derivatives cannot decide"
            }
            _ => {
                "find the two eigenvalues, (h11 + h22)/2 ± √(((h11 − h22)/2)² + h12²), and look at their signs"
            }
        };
        return Err(Failure::new(
            format!(
                "{expected:?} for the Hessian [[{h11}, {h12}], [{h12}, {h22}]] (determinant {determinant})"
            ),
            format!("{got:?}"),
            hint,
        ));
    }
    Ok(())
}

/// The escape step, by walking: the check's own count. The gradient of
/// `(λ/2)·θ₂²` is `λ·θ₂`.
fn walked_escape(mut theta2: f64, eta: f64, radius: f64, lambda: f64) -> usize {
    let mut t = 0;
    while theta2.abs() < radius {
        theta2 -= eta * (lambda * theta2);
        t += 1;
    }
    t
}

fn check_escape_steps(answer: EscapeSteps) -> Result<(), Failure> {
    let cases = [
        (1e-8, 0.1, 1.0, -2.0),
        (-3e-5, 0.05, 0.5, -2.0),
        (1e-12, 0.1, 1.0, -0.5),
        (2e-3, 0.5, 1.0, -4.0),
        (1e-6, 1.5, 2.0, -2.0),
    ];
    for (theta2, eta, radius, lambda) in cases {
        let expected = walked_escape(theta2, eta, radius, lambda);
        let got = answer(theta2, eta, radius, lambda);
        if got == expected {
            continue;
        }
        let ratio = (radius / theta2.abs()).ln();
        let grows = eta * lambda.abs();
        let hint = if got + 1 == expected {
            "the first step at which |θ₂| ≥ R: round the time up, not down"
        } else if got == (ratio / (2.0 * eta).ln_1p()).ceil() as usize {
            "the curvature along θ₂ is λ, so each step multiplies θ₂ by 1 − ηλ = 1 + η|λ|, not 1 + 2η"
        } else if got == (ratio / grows).ceil() as usize || got == (ratio / grows).floor() as usize
        {
            "ln(1 + η|λ|) ≈ η|λ| only when η|λ| is small: keep the logarithm"
        } else if got == 0 || got > 10 * expected {
            "λ is negative: a step multiplies θ₂ by 1 − ηλ, which is larger than 1 (mind the sign inside the logarithm)"
        } else {
            "θ₂ after t steps is its start times (1 − ηλ)ᵗ: solve R₀·(1 + η|λ|)ᵗ ≥ R, with R₀ = |θ₂| at the start, for the smallest whole t"
        };
        return Err(Failure::new(
            format!(
                "{expected} steps from θ₂ = {} with η = {}, R = {}, λ = {}",
                significant(theta2, 3),
                significant(eta, 3),
                significant(radius, 3),
                significant(lambda, 3)
            ),
            format!("{got}"),
            hint,
        ));
    }
    Ok(())
}

/// The fractions of exercise 7.3, walked by the check, and how many of the
/// walks in neither well ran away to infinity.
fn walked_fractions(
    low: f64,
    high: f64,
    count: usize,
    eta: f64,
    steps: usize,
) -> ([f64; 3], usize) {
    let f = DoubleWell;
    let mut counts = [0usize; 3];
    let mut runaways = 0;
    for i in 0..count {
        let mut theta = low + (i as f64 + 0.5) * (high - low) / count as f64;
        for _ in 0..steps {
            theta -= eta * f.slope(theta);
        }
        let k = if (theta - DoubleWell::SHALLOW).abs() <= 1e-3 {
            0
        } else if (theta - DoubleWell::DEEP).abs() <= 1e-3 {
            1
        } else {
            runaways += !theta.is_finite() as usize;
            2
        };
        counts[k] += 1;
    }
    (counts.map(|c| c as f64 / count as f64), runaways)
}

fn check_basin_fractions(answer: BasinFractions) -> Result<(), Failure> {
    for (eta, steps) in [(0.05, 400), (0.25, 400), (0.6, 400)] {
        let (low, high, count) = (-3.0, 4.0, 140);
        let (expected, runaways) = walked_fractions(low, high, count, eta, steps);
        let got = answer(low, high, count, eta, steps);
        let tolerance = 1.5 / count as f64;
        if (0..3).all(|k| got[k].is_finite() && (got[k] - expected[k]).abs() <= tolerance) {
            continue;
        }
        let sum: f64 = got.iter().sum();
        let short = (expected[2] - got[2]) * count as f64;
        let hint = if (sum - 1.0).abs() > 1e-9 {
            "every start ends somewhere: the three fractions add up to 1"
        } else if runaways > 0 && short >= runaways as f64 - 0.5 {
            "a walk that runs away becomes infinite, then NaN, and NaN fails every comparison (or passes a careless one): count it as neither"
        } else if short > 0.5 {
            "a walk still moving after the last step is in neither well: check its distance from each minimum"
        } else {
            "start i sits at low + (i + ½)·(high − low)/count, and each walk takes exactly `steps` steps of θ ← θ − η·f′(θ)"
        };
        return Err(Failure::new(
            format!(
                "(shallow, deep, neither) = ({:.3}, {:.3}, {:.3}) for {count} starts across [{low}, {high}] with η = {eta}",
                expected[0], expected[1], expected[2]
            ),
            format!("({:.3}, {:.3}, {:.3})", got[0], got[1], got[2]),
            hint,
        ));
    }
    Ok(())
}

/// The gradient and the Hessian `(h11, h12, h22)` of
/// `(θ₁² + θ₂ − a)² + (θ₁ + θ₂² − b)²` at `(x, y)`: the check's own.
fn family(a: f64, b: f64, x: f64, y: f64) -> ([f64; 2], (f64, f64, f64)) {
    let p = x * x + y - a;
    let q = x + y * y - b;
    (
        [4.0 * x * p + 2.0 * q, 2.0 * p + 4.0 * y * q],
        (
            12.0 * x * x + 4.0 * y - 4.0 * a + 2.0,
            4.0 * (x + y),
            12.0 * y * y + 4.0 * x - 4.0 * b + 2.0,
        ),
    )
}

/// The check's own Newton's method on the family, and the kind of the
/// point it reaches, by `descent`'s Hessian test.
fn newton_in_family(a: f64, b: f64, start: (f64, f64)) -> Option<([f64; 2], CriticalKind)> {
    let (mut x, mut y) = start;
    for _ in 0..50 {
        let (g, (h11, h12, h22)) = family(a, b, x, y);
        if norm(&g) <= 1e-9 {
            let h = vec![vec![h11, h12], vec![h12, h22]];
            return Some(([x, y], classify(&eigenvalues_2x2(&h), 1e-9)));
        }
        let det = h11 * h22 - h12 * h12;
        x -= (h22 * g[0] - h12 * g[1]) / det;
        y -= (h11 * g[1] - h12 * g[0]) / det;
    }
    None
}

fn check_critical_point(answer: CriticalPoint) -> Result<(), Failure> {
    // Himmelblau's hilltop and a saddle, then other members of the family:
    // a hilltop, a saddle, a minimum and a saddle.
    let cases = [
        (11.0, 7.0, (-0.3, -0.9)),
        (11.0, 7.0, (3.3, 0.2)),
        (6.0, 9.0, (-0.9, -0.2)),
        (6.0, 9.0, (0.1, 3.2)),
        (9.0, 5.0, (2.8, 1.4)),
        (13.0, 3.0, (-3.4, 0.0)),
    ];
    for (a, b, start) in cases {
        let (expected, kind) = newton_in_family(a, b, start).expect("these starts converge");
        let wanted = format!(
            "the {kind:?} at ({:.4}, {:.4}) for a = {a}, b = {b}, from {start:?}",
            expected[0], expected[1]
        );
        let Some((point, got_kind)) = answer(a, b, start) else {
            return Err(Failure::new(
                wanted,
                "None",
                "Newton's method from this start converges in a few steps: check the Hessian (its off-diagonal entry is 4(θ₁ + θ₂)) and the 2 × 2 solve",
            ));
        };
        let (gradient, (h11, h12, h22)) = family(a, b, point.0, point.1);
        let close = (point.0 - expected[0]).hypot(point.1 - expected[1]) <= 1e-6;
        if close && norm(&gradient) <= 1e-6 && got_kind == kind {
            continue;
        }
        let there = classify(&eigenvalues_2x2(&[vec![h11, h12], vec![h12, h22]]), 1e-9);
        let himmelblau_gradient = norm(&Himmelblau.gradient(&[point.0, point.1]));
        let hint = if close && norm(&gradient) <= 1e-6 {
            match (kind, got_kind) {
                (CriticalKind::Maximum, CriticalKind::Saddle) => {
                    "the point is right, the kind is not: both curvatures are negative, a hilltop, and a hilltop is not a saddle"
                }
                _ => {
                    "the point is right, the kind is not: classify it by the signs of the Hessian's two eigenvalues there, as in 7.1"
                }
            }
        } else if (a, b) != (11.0, 7.0) && himmelblau_gradient <= 1e-6 {
            "that is a critical point of Himmelblau's function, a = 11 and b = 7: here a and b are different, and they enter the gradient and the Hessian"
        } else if there == CriticalKind::Minimum
            && kind != CriticalKind::Minimum
            && norm(&gradient) <= 1e-6
        {
            "that is a minimum: walking downhill finds only minima, while Newton's step −H⁻¹∇f jumps to where the local quadratic model is flat, whatever its kind"
        } else if norm(&gradient) > 1e-6 {
            "the gradient is not zero there: iterate until ‖∇f‖ ≤ 10⁻⁹, solving H·d = ∇f at every step"
        } else {
            "from this start Newton's method goes to the nearest flat point of the local model: solve H·d = ∇f (with the full Hessian, off-diagonal terms included) and step θ ← θ − d"
        };
        return Err(Failure::new(
            wanted,
            format!("the {got_kind:?} at ({:.4}, {:.4})", point.0, point.1),
            hint,
        ));
    }
    Ok(())
}

fn check_escape_probability(answer: EscapeProbability) -> Result<(), Failure> {
    let (sigma, steps) = (1.5, 200);
    let runs = 2000;
    let reference = crate::noise::scale(
        crate::noise::ETA,
        sigma,
        steps,
        4000,
        crate::noise::SEED,
        1000,
    );
    let (p, error) = answer(sigma, runs, steps, 3);
    let expected = reference.probability();
    let combined =
        (reference.probability_error().powi(2) + expected * (1.0 - expected) / runs as f64).sqrt();
    let expected_error = (p * (1.0 - p) / runs as f64).sqrt();
    if p.is_finite() && (p - expected).abs() <= 4.0 * combined {
        if error.is_finite() && (error - expected_error).abs() <= 1e-9 + 1e-6 * expected_error {
            return Ok(());
        }
        let hint = if (error - p * (1.0 - p) / runs as f64).abs() < 1e-12 {
            "that is the variance of the estimate: its standard error is the square root"
        } else if (error - (p * (1.0 - p)).sqrt()).abs() < 1e-12 {
            "that is the spread of one walk's outcome: the mean of N walks spreads √N times less"
        } else {
            "the standard error of a fraction P̂ of N is √(P̂(1 − P̂)/N)"
        };
        return Err(Failure::new(
            format!(
                "the standard error √(P̂(1 − P̂)/N) = {} for P̂ = {}",
                significant(expected_error, 4),
                significant(p, 6)
            ),
            significant(error, 6),
            hint,
        ));
    }
    let hint = if p > expected + 4.0 * combined && p > 0.9 {
        "the noise is added to the gradient, so the step scales it by η as well: θ ← θ − η·(f′(θ) + ξ)"
    } else if p < expected - 4.0 * combined {
        "a walk escapes if it is past the hilltop at any step, even if it comes back: check after every step, not only at the end"
    } else {
        "start every walk at θ = −1 and count the walks that ever have θ > 0"
    };
    Err(Failure::new(
        format!(
            "an escape probability near {expected:.3} at σ_g = {sigma} (T = {steps}), within {:.3}",
            4.0 * combined
        ),
        significant(p, 6),
        hint,
    ))
}

harness::exercises! {
    "7.1" classify_hessian: ClassifyHessian, Warm, "the Hessian test" => check_classify,
        without [classify, eigenvalues, eigenvalues_2x2];
    "7.2" escape_steps: EscapeSteps, Warm, "escape from a saddle" => check_escape_steps;
    "7.3" basin_fractions: BasinFractions, Steady, "a row of the basin map" => check_basin_fractions;
    "7.4" critical_point: CriticalPoint, Stretch, "critical points of any kind" => check_critical_point,
        without [Himmelblau, classify, eigenvalues, eigenvalues_2x2];
    "7.5" escape_probability: EscapeProbability, Stretch, "noise that escapes" => check_escape_probability;
}
