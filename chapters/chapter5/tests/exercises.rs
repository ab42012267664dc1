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

fn small_eta_floor(eta: f64, a: f64, sigma2: f64) -> f64 {
    eta * sigma2 / (2.0 * a)
}

fn never_infinite(eta: f64, a: f64, sigma2: f64) -> f64 {
    eta * sigma2 / (a * (2.0 - eta * a))
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

fn answers() -> Answers {
    Answers {
        minibatch_gradient: over_n,
        noise_floor: small_eta_floor,
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
    assert_hint(wrong, "5.2", "small-η approximation");
    assert_hint(
        Answers {
            noise_floor: never_infinite,
            ..wrong
        },
        "5.2",
        "ηa < 2",
    );
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
}
