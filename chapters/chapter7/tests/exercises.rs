//! The exercises' checks are sound: typical wrong answers fail them with the
//! hint meant for that mistake. (That the reference solutions pass and the
//! stubs fail is the kit's check.)

use chapter7::exercise_checks::{Answers, exercises};
use descent::landscape::{CriticalKind, classify, eigenvalues_2x2};
use harness::exercise::failure_message;
use rand::SeedableRng;
use rand::rngs::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// Reads the diagonal only.
fn diagonal_only(h11: f64, _h12: f64, h22: f64) -> CriticalKind {
    if h11 > 0.0 && h22 > 0.0 {
        CriticalKind::Minimum
    } else if h11 < 0.0 && h22 < 0.0 {
        CriticalKind::Maximum
    } else if h11 * h22 < 0.0 {
        CriticalKind::Saddle
    } else {
        CriticalKind::Undecided
    }
}

/// "Neither a minimum" counted as a saddle, maxima included.
fn maxima_as_saddles(h11: f64, h12: f64, h22: f64) -> CriticalKind {
    let det = h11 * h22 - h12 * h12;
    if det.abs() < 1e-9 {
        CriticalKind::Undecided
    } else if det > 0.0 && h11 > 0.0 {
        CriticalKind::Minimum
    } else {
        CriticalKind::Saddle
    }
}

/// Forgets the curvature λ: always 1 + 2η.
fn always_two(theta2: f64, eta: f64, radius: f64, _lambda: f64) -> usize {
    ((radius / theta2.abs()).ln() / (2.0 * eta).ln_1p()).ceil() as usize
}

/// Rounds down.
fn floor(theta2: f64, eta: f64, radius: f64, lambda: f64) -> usize {
    ((radius / theta2.abs()).ln() / (-eta * lambda).ln_1p()).floor() as usize
}

/// Takes λ for its size: 1 + ηλ, which shrinks θ₂ instead.
fn wrong_sign(theta2: f64, eta: f64, radius: f64, lambda: f64) -> usize {
    let t = ((radius / theta2.abs()).ln() / (eta * lambda).ln_1p()).ceil();
    // A negative time, or NaN, as the cast turns it into 0.
    t as usize
}

fn slope(theta: f64) -> f64 {
    theta * theta * theta - theta * theta - 2.0 * theta
}

/// Classifies by the sign of θ at the end, NaN and unsettled walks included.
fn by_sign(low: f64, high: f64, count: usize, eta: f64, steps: usize) -> [f64; 3] {
    let mut counts = [0.0; 3];
    for i in 0..count {
        let mut theta = low + (i as f64 + 0.5) * (high - low) / count as f64;
        for _ in 0..steps {
            theta -= eta * slope(theta);
        }
        if theta < 0.0 {
            counts[0] += 1.0;
        } else if theta.is_nan() || theta >= 0.0 {
            counts[1] += 1.0;
        }
    }
    counts.map(|c| c / count as f64)
}

/// Gradient descent instead of Newton: finds a minimum.
fn descends(a: f64, b: f64, start: (f64, f64)) -> Option<((f64, f64), CriticalKind)> {
    let (mut x, mut y) = start;
    for _ in 0..20_000 {
        let p = x * x + y - a;
        let q = x + y * y - b;
        let (gx, gy) = (4.0 * x * p + 2.0 * q, 2.0 * p + 4.0 * y * q);
        if gx.hypot(gy) <= 1e-9 {
            break;
        }
        x -= 0.005 * gx;
        y -= 0.005 * gy;
    }
    Some(((x, y), CriticalKind::Minimum))
}

/// The kind by `descent`'s Hessian test.
fn right_kind(h11: f64, h12: f64, h22: f64) -> CriticalKind {
    classify(&eigenvalues_2x2(&[vec![h11, h12], vec![h12, h22]]), 1e-9)
}

/// Newton's method with Himmelblau's numbers written in, whatever `a` and `b`.
fn only_himmelblau(_a: f64, _b: f64, start: (f64, f64)) -> Option<((f64, f64), CriticalKind)> {
    newton(11.0, 7.0, start, right_kind)
}

/// Newton's method, right, and every point that is not a minimum called a saddle.
fn every_other_point_a_saddle(
    a: f64,
    b: f64,
    start: (f64, f64),
) -> Option<((f64, f64), CriticalKind)> {
    newton(a, b, start, maxima_as_saddles)
}

fn newton(
    a: f64,
    b: f64,
    start: (f64, f64),
    kind: fn(f64, f64, f64) -> CriticalKind,
) -> Option<((f64, f64), CriticalKind)> {
    let (mut x, mut y) = start;
    for _ in 0..50 {
        let p = x * x + y - a;
        let q = x + y * y - b;
        let (gx, gy) = (4.0 * x * p + 2.0 * q, 2.0 * p + 4.0 * y * q);
        let (h11, h12, h22) = (
            12.0 * x * x + 4.0 * y - 4.0 * a + 2.0,
            4.0 * (x + y),
            12.0 * y * y + 4.0 * x - 4.0 * b + 2.0,
        );
        if gx.hypot(gy) <= 1e-9 {
            return Some(((x, y), kind(h11, h12, h22)));
        }
        let det = h11 * h22 - h12 * h12;
        x -= (h22 * gx - h12 * gy) / det;
        y -= (h11 * gy - h12 * gx) / det;
    }
    None
}

/// Adds the noise to the position, not to the gradient.
fn unscaled_noise(sigma: f64, runs: usize, steps: usize, seed: u64) -> (f64, f64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut escaped = 0;
    for _ in 0..runs {
        let mut theta: f64 = -1.0;
        let mut over = false;
        for _ in 0..steps {
            let z: f64 = StandardNormal.sample(&mut rng);
            theta -= 0.1 * slope(theta) + sigma * z;
            over |= theta > 0.0;
            if !theta.is_finite() {
                over = true;
                break;
            }
        }
        escaped += over as usize;
    }
    let p = escaped as f64 / runs as f64;
    (p, (p * (1.0 - p) / runs as f64).sqrt())
}

fn wrong() -> Answers {
    Answers {
        classify_hessian: diagonal_only,
        escape_steps: always_two,
        basin_fractions: by_sign,
        critical_point: descends,
        escape_probability: unscaled_noise,
    }
}

fn message(answers: Answers, id: &str) -> String {
    failure_message(exercises(answers), id)
}

#[test]
fn wrong_answers_fail_with_the_matching_hint() {
    let m = message(wrong(), "7.1");
    assert!(m.contains("the diagonal alone does not decide"), "{m}");
    let m = message(
        Answers {
            classify_hessian: maxima_as_saddles,
            ..wrong()
        },
        "7.1",
    );
    assert!(m.contains("a hilltop is not a saddle"), "{m}");
    let m = message(wrong(), "7.2");
    assert!(m.contains("1 + η|λ|, not 1 + 2η"), "{m}");
    let m = message(
        Answers {
            escape_steps: floor,
            ..wrong()
        },
        "7.2",
    );
    assert!(m.contains("round the time up"), "{m}");
    let m = message(
        Answers {
            escape_steps: wrong_sign,
            ..wrong()
        },
        "7.2",
    );
    assert!(m.contains("mind the sign"), "{m}");
    let m = message(wrong(), "7.3");
    assert!(m.contains("NaN fails every comparison"), "{m}");
    let m = message(wrong(), "7.4");
    assert!(m.contains("walking downhill finds only minima"), "{m}");
    let m = message(
        Answers {
            critical_point: every_other_point_a_saddle,
            ..wrong()
        },
        "7.4",
    );
    assert!(m.contains("a hilltop is not a saddle"), "{m}");
    // With Himmelblau's numbers written in, Himmelblau's two cases pass and
    // the family's other members fail.
    let m = message(
        Answers {
            critical_point: only_himmelblau,
            ..wrong()
        },
        "7.4",
    );
    assert!(m.contains("here a and b are different"), "{m}");
    let m = message(wrong(), "7.5");
    assert!(m.contains("scales it by η as well"), "{m}");
}
