//! The exercises' checks are sound: typical wrong answers fail them with the
//! hint meant for that mistake. (That the reference solutions pass and the
//! stubs fail is the kit's check.)

use chapter5::exercise_checks::{Answers, exercises};
use harness::exercise::failure_message;

fn gradient_sum(xs: &[f64], ys: &[f64], batch: &[usize], w: f64, b: f64) -> (f64, f64) {
    let mut g = (0.0, 0.0);
    for &i in batch {
        let r = w * xs[i] + b - ys[i];
        g.0 += r * xs[i];
        g.1 += r;
    }
    g
}

fn over_n(xs: &[f64], ys: &[f64], batch: &[usize], w: f64, b: f64) -> (f64, f64) {
    let g = gradient_sum(xs, ys, batch, w, b);
    (g.0 / xs.len() as f64, g.1 / xs.len() as f64)
}

fn without_repeats(xs: &[f64], ys: &[f64], batch: &[usize], w: f64, b: f64) -> (f64, f64) {
    let mut distinct = batch.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let g = gradient_sum(xs, ys, &distinct, w, b);
    (g.0 / distinct.len() as f64, g.1 / distinct.len() as f64)
}

fn mean(xs: &[f64], ys: &[f64], batch: &[usize], w: f64, b: f64) -> (f64, f64) {
    let g = gradient_sum(xs, ys, batch, w, b);
    (g.0 / batch.len() as f64, g.1 / batch.len() as f64)
}

/// The closed form with the gap shrinking by `per_step` (the right one is
/// `(1 − ηa)²`), `within` a fraction of `base`, rounded by `round`.
fn closed_form(
    (eta, a, sigma2, x0, within): (f64, f64, f64, f64, f64),
    per_step: fn(f64) -> f64,
    relative_to_start: bool,
    round: fn(f64) -> f64,
) -> usize {
    let floor = eta * sigma2 / (a * (2.0 - eta * a));
    let gap = (x0 * x0 - floor).abs();
    let base = if relative_to_start { x0 * x0 } else { floor };
    if gap <= within * base {
        return 0;
    }
    round((within * base / gap).ln() / per_step(eta * a).ln()) as usize
}

fn squared(u: f64) -> f64 {
    (1.0 - u).powi(2)
}

fn not_squared(u: f64) -> f64 {
    1.0 - u
}

fn once_per_step(eta: f64, a: f64, sigma2: f64, x0: f64, within: f64) -> usize {
    closed_form((eta, a, sigma2, x0, within), not_squared, false, f64::ceil)
}

fn rounded_down(eta: f64, a: f64, sigma2: f64, x0: f64, within: f64) -> usize {
    closed_form((eta, a, sigma2, x0, within), squared, false, f64::floor)
}

fn of_the_start(eta: f64, a: f64, sigma2: f64, x0: f64, within: f64) -> usize {
    closed_form((eta, a, sigma2, x0, within), squared, true, f64::ceil)
}

/// Right but for a start below the floor: the gap's sign is kept, and the
/// logarithm of a negative number is NaN, which `as usize` turns into 0.
fn signed_gap(eta: f64, a: f64, sigma2: f64, x0: f64, within: f64) -> usize {
    let floor = eta * sigma2 / (a * (2.0 - eta * a));
    let gap = x0 * x0 - floor;
    if gap.abs() <= within * floor {
        return 0;
    }
    ((within * floor / gap).ln() / squared(eta * a).ln()).ceil() as usize
}

/// Right but for ηa > 1: the logarithm of 1 − ηa, doubled.
fn log_of_negative(eta: f64, a: f64, sigma2: f64, x0: f64, within: f64) -> usize {
    let floor = eta * sigma2 / (a * (2.0 - eta * a));
    let gap = (x0 * x0 - floor).abs();
    if gap <= within * floor {
        return 0;
    }
    ((within * floor / gap).ln() / (2.0 * (1.0 - eta * a).ln())).ceil() as usize
}

fn drops_the_short_batch(
    xs: &[f64],
    ys: &[f64],
    order: &[usize],
    batch: usize,
    w: f64,
    b: f64,
    eta: f64,
) -> (f64, f64) {
    let (mut w, mut b) = (w, b);
    for indices in order.chunks_exact(batch) {
        let (dw, db) = mean(xs, ys, indices, w, b);
        w -= eta * dw;
        b -= eta * db;
    }
    (w, b)
}

fn divides_by_batch(
    xs: &[f64],
    ys: &[f64],
    order: &[usize],
    batch: usize,
    w: f64,
    b: f64,
    eta: f64,
) -> (f64, f64) {
    let (mut w, mut b) = (w, b);
    for indices in order.chunks(batch) {
        let (dw, db) = gradient_sum(xs, ys, indices, w, b);
        w -= eta * dw / batch as f64;
        b -= eta * db / batch as f64;
    }
    (w, b)
}

fn one_step_per_point(
    xs: &[f64],
    ys: &[f64],
    order: &[usize],
    _batch: usize,
    w: f64,
    b: f64,
    eta: f64,
) -> (f64, f64) {
    let (mut w, mut b) = (w, b);
    for &i in order {
        let (dw, db) = mean(xs, ys, &[i], w, b);
        w -= eta * dw;
        b -= eta * db;
    }
    (w, b)
}

fn strict_at_one(nu: f64) -> (bool, bool) {
    (nu < 1.0, nu > 0.5)
}

fn inclusive_at_half(nu: f64) -> (bool, bool) {
    (nu <= 1.0, nu >= 0.5)
}

fn exponential_approximation(x0: f64, a: f64, eta0: f64, gamma: f64) -> f64 {
    x0 * (-a * eta0 / (1.0 - gamma)).exp()
}

fn starts_one_step_late(x0: f64, a: f64, eta0: f64, gamma: f64) -> f64 {
    let mut x = x0;
    let mut eta = eta0;
    for _ in 0..100_000 {
        eta *= gamma;
        x *= 1.0 - a * eta;
    }
    x
}

/// The natural first answer: multiply until the factors `1 − a·ηₜ` are 1
/// in double precision. Accurate unless `γ` is close to 1.
fn until_the_factors_are_one(x0: f64, a: f64, eta0: f64, gamma: f64) -> f64 {
    let mut x = x0;
    let mut eta = eta0;
    while 1.0 - a * eta != 1.0 {
        x *= 1.0 - a * eta;
        eta *= gamma;
    }
    x
}

fn answers() -> Answers {
    Answers {
        minibatch_gradient: over_n,
        steps_to_floor: once_per_step,
        shuffled_epoch: drops_the_short_batch,
        robbins_monro: strict_at_one,
        exponential_stop: exponential_approximation,
    }
}

fn message(answers: Answers, id: &str) -> String {
    failure_message(exercises(answers), id)
}

fn assert_hint(answers: Answers, id: &str, hint: &str) {
    let message = message(answers, id);
    assert!(message.contains(hint), "{id}: {message}");
}

#[test]
fn wrong_answers_fail_with_the_matching_hint() {
    let wrong = answers();
    assert_hint(wrong, "5.1", "not by the number of points n");
    assert_hint(
        Answers {
            minibatch_gradient: gradient_sum,
            ..wrong
        },
        "5.1",
        "that is the sum",
    );
    assert_hint(
        Answers {
            minibatch_gradient: without_repeats,
            ..wrong
        },
        "5.1",
        "repeats included",
    );
    assert_hint(wrong, "5.2", "not by 1 − ηa");
    for (answer, hint) in [
        (
            rounded_down as chapter5::exercise_checks::StepsToFloor,
            "round the step count up",
        ),
        (of_the_start, "not of the start"),
        (signed_gap, "use its size |x₀² − F|"),
        (log_of_negative, "take the logarithm of its square"),
    ] {
        assert_hint(
            Answers {
                steps_to_floor: answer,
                ..wrong
            },
            "5.2",
            hint,
        );
    }
    assert_hint(wrong, "5.3", "step on it too");
    assert_hint(
        Answers {
            shuffled_epoch: divides_by_batch,
            ..wrong
        },
        "5.3",
        "its own length",
    );
    assert_hint(
        Answers {
            shuffled_epoch: one_step_per_point,
            ..wrong
        },
        "5.3",
        "not one per point",
    );
    assert_hint(wrong, "5.4", "harmonic series) grows");
    assert_hint(
        Answers {
            robbins_monro: inclusive_at_half,
            ..wrong
        },
        "5.4",
        "at ν = ½",
    );
    assert_hint(wrong, "5.5", "only the first term");
    assert_hint(
        Answers {
            exponential_stop: starts_one_step_late,
            ..wrong
        },
        "5.5",
        "uses η₀ itself",
    );
    assert_hint(
        Answers {
            exponential_stop: until_the_factors_are_one,
            ..wrong
        },
        "5.5",
        "round to exactly 1 in double precision",
    );
}

#[test]
fn the_library_gradient_is_refused_in_exercise_5_1() {
    let source = "pub fn minibatch_gradient(xs: &[f64], ys: &[f64], batch: &[usize], w: f64, b: f64) -> (f64, f64) {\n    let g = descent::sampling::batch_gradient(&loss(xs, ys), batch, &[w, b]);\n    (g[0], g[1])\n}\n";
    let used = harness::exercise::library_use(source, "minibatch_gradient", &["batch_gradient"]);
    assert_eq!(
        used.map(|(_, name)| name),
        Some("descent::sampling::batch_gradient".to_string())
    );
}
