//! The checks behind chapter 5's coding exercises.
//!
//! Each check calls one function of an [`Answers`] (the reader's file, or the
//! reference solutions) on the chapter's data and on small cases, with
//! expected values from `descent` or from an independent computation here,
//! never from the solutions. A failure says what was expected, what came
//! back, and a hint aimed at the likely mistake.

use descent::line::MeanSquaredError;
use descent::sampling::batch_gradient;
use harness::exercise::Failure;

use crate::bowl;

/// Exercise 5.1's signature: `(xs, ys, batch, w, b)` to the batch's gradient.
pub type MinibatchGradient = fn(&[f64], &[f64], &[usize], f64, f64) -> (f64, f64);
/// Exercise 5.2's signature: `(η, a, σ², x₀, within)` to the first step
/// within that fraction of the floor.
pub type StepsToFloor = fn(f64, f64, f64, f64, f64) -> usize;
/// Exercise 5.3's signature: `(xs, ys, order, batch, w, b, η)` to `(w, b)`.
pub type ShuffledEpoch = fn(&[f64], &[f64], &[usize], usize, f64, f64, f64) -> (f64, f64);
/// Exercise 5.4's signature: `ν` to (`Σ ηₜ = ∞`, `Σ ηₜ² < ∞`).
pub type RobbinsMonro = fn(f64) -> (bool, bool);
/// Exercise 5.5's signature: `(x₀, a, η₀, γ)` to where the walk stops.
pub type ExponentialStop = fn(f64, f64, f64, f64) -> f64;

/// The chapter's 256 points, as the two slices the exercises take.
fn chapter_data() -> (descent::data::DataSet, Vec<f64>, Vec<f64>) {
    let data = crate::data(crate::SEED);
    let xs = data.samples.iter().map(|s| s.x).collect();
    let ys = data.samples.iter().map(|s| s.y).collect();
    (data, xs, ys)
}

fn close(got: (f64, f64), expected: (f64, f64), tolerance: f64) -> bool {
    let scale = 1.0_f64.max(expected.0.abs()).max(expected.1.abs());
    got.0.is_finite()
        && got.1.is_finite()
        && (got.0 - expected.0).abs() <= tolerance * scale
        && (got.1 - expected.1).abs() <= tolerance * scale
}

fn pair(p: (f64, f64)) -> String {
    format!("({}, {})", p.0, p.1)
}

/// The gradient of the batch, from `descent`.
fn expected_gradient(data: &descent::data::DataSet, batch: &[usize], w: f64, b: f64) -> (f64, f64) {
    let g = batch_gradient(&MeanSquaredError { data }, batch, &[w, b]);
    (g[0], g[1])
}

fn check_minibatch_gradient(answer: MinibatchGradient) -> Result<(), Failure> {
    let (data, xs, ys) = chapter_data();
    let batches: [Vec<usize>; 4] = [
        vec![17],
        vec![3, 141, 59, 26, 5, 35, 89, 79],
        vec![7, 7, 7, 200],
        (0..xs.len()).collect(),
    ];
    for batch in &batches {
        let (w, b) = (0.5, -0.25);
        let expected = expected_gradient(&data, batch, w, b);
        let got = answer(&xs, &ys, batch, w, b);
        if close(got, expected, 1e-10) {
            continue;
        }
        let size = batch.len() as f64;
        let n = xs.len() as f64;
        let mut distinct = batch.clone();
        distinct.sort_unstable();
        distinct.dedup();
        let hint = if close(got, (expected.0 * size, expected.1 * size), 1e-10) {
            "that is the sum of the batch's gradients: divide by the batch size B"
        } else if close(got, (expected.0 * size / n, expected.1 * size / n), 1e-10) {
            "divide by the batch size B, not by the number of points n"
        } else if distinct.len() < batch.len()
            && close(got, expected_gradient(&data, &distinct, w, b), 1e-10)
        {
            "an index drawn twice counts twice: visit `batch` as it is, repeats included"
        } else {
            "for each index i in the batch add (r·xᵢ, r) with r = w·xᵢ + b − yᵢ, then divide by B"
        };
        return Err(Failure::new(
            format!(
                "the gradient over the batch {batch:?} at (w, b) = ({w}, {b}) = {}",
                pair(expected)
            ),
            pair(got),
            hint,
        ));
    }
    Ok(())
}

/// `E[x²]` after many steps of the exact recursion: independent of any formula.
fn iterated_floor(eta: f64, a: f64, sigma2: f64) -> f64 {
    let mut m = 0.0;
    for _ in 0..1_000_000 {
        let next = (1.0 - eta * a).powi(2) * m + eta * eta * sigma2;
        if next == m {
            break;
        }
        m = next;
    }
    m
}

/// The first step at which the exact recursion `E[xₜ₊₁²] = (1 − ηa)²·E[xₜ²]
/// + η²σ²`, walked step by step from `x₀²`, is within `within` of its limit.
fn walked_steps(eta: f64, a: f64, sigma2: f64, x0: f64, within: f64) -> usize {
    let floor = iterated_floor(eta, a, sigma2);
    let mut m = x0 * x0;
    let mut t = 0;
    while (m - floor).abs() > within * floor {
        m = (1.0 - eta * a).powi(2) * m + eta * eta * sigma2;
        t += 1;
    }
    t
}

/// The step count of the closed form with the gap shrinking by `shrink`
/// per step, the floor `floor` and the start's gap `gap`, rounded by `round`.
fn counted(shrink: f64, floor: f64, gap: f64, within: f64, round: fn(f64) -> f64) -> f64 {
    round((within * floor / gap.abs()).ln() / shrink.ln())
}

fn check_steps_to_floor(answer: StepsToFloor) -> Result<(), Failure> {
    // (η, a, σ², x₀, within): from far above, a rate beyond 1/a (1 − ηa < 0),
    // a start below the floor, a start already within, and a small rate.
    for (eta, a, sigma2, x0, within) in [
        (0.2, 1.0, 1.0, 10.0, 0.1),
        (1.5, 1.0, 2.0, 3.0, 0.05),
        (0.05, 2.0, 0.5, 0.0, 0.1),
        (0.2, 1.0, 1.0, 0.34, 0.1),
        (1e-4, 1.0, 1.0, 10.0, 0.01),
    ] {
        let expected = walked_steps(eta, a, sigma2, x0, within);
        let got = answer(eta, a, sigma2, x0, within);
        if got == expected {
            continue;
        }
        let floor = iterated_floor(eta, a, sigma2);
        let gap = x0 * x0 - floor;
        let shrink = (1.0 - eta * a).powi(2);
        let got_f = got as f64;
        let hint = if expected == 0 {
            "the start is already within that fraction of the floor: 0 steps"
        } else if got_f == counted(shrink.sqrt(), floor, gap, within, f64::ceil) {
            "E[xₜ²] − F shrinks by (1 − ηa)² per step, not by 1 − ηa"
        } else if got + 1 == expected {
            "the first step at which the gap is small enough: round the step count up, not down"
        } else if got_f == counted(shrink, x0 * x0, gap, within, f64::ceil) {
            "`within` is a fraction of the floor F, not of the start x₀²"
        } else if got == 0 && eta * a > 1.0 {
            "for ηa > 1, 1 − ηa is negative: take the logarithm of its square (1 − ηa)², which is positive"
        } else if got == 0 && gap < 0.0 {
            "a start below the floor has a negative gap x₀² − F: use its size |x₀² − F|"
        } else {
            "E[xₜ²] − F = (1 − ηa)^(2t)·(x₀² − F): solve |that| ≤ within·F for the smallest whole t"
        };
        return Err(Failure::new(
            format!(
                "step {expected} for η = {eta}, a = {a}, σ² = {sigma2}, x₀ = {x0}, within {within} of the floor"
            ),
            format!("step {got}"),
            hint,
        ));
    }
    Ok(())
}

/// One epoch of mini-batch SGD on the chapter's points along `descent`'s
/// batch gradients, one step per batch in `batches`, each batch's sum
/// divided by `divisor` (or by its own length, the right thing, if `None`).
fn epoch(
    data: &descent::data::DataSet,
    batches: &[&[usize]],
    divisor: Option<usize>,
    start: (f64, f64),
    eta: f64,
) -> (f64, f64) {
    let (mut w, mut b) = start;
    for batch in batches {
        let (dw, db) = expected_gradient(data, batch, w, b);
        let scale = divisor.map_or(1.0, |d| batch.len() as f64 / d as f64);
        w -= eta * dw * scale;
        b -= eta * db * scale;
    }
    (w, b)
}

fn check_shuffled_epoch(answer: ShuffledEpoch) -> Result<(), Failure> {
    let (data, xs, ys) = chapter_data();
    let n = xs.len();
    // A fixed shuffle: 97 is coprime with 256, so i ↦ 97·i + 31 mod 256 is a permutation.
    let order: Vec<usize> = (0..n).map(|i| (97 * i + 31) % n).collect();
    for (batch, eta) in [(8, 0.5), (1, 0.1), (100, 0.4), (256, 0.5)] {
        let chunks: Vec<&[usize]> = order.chunks(batch).collect();
        let start = (0.0, 0.0);
        let expected = epoch(&data, &chunks, None, start, eta);
        let got = answer(&xs, &ys, &order, batch, start.0, start.1, eta);
        if close(got, expected, 1e-9) {
            continue;
        }
        let full: Vec<&[usize]> = order.chunks_exact(batch).collect();
        let per_point: Vec<&[usize]> = order.chunks(1).collect();
        let short = full.len() < chunks.len();
        let hint = if short && close(got, epoch(&data, &full, None, start, eta), 1e-9) {
            "the last batch is shorter, but it is still a batch: step on it too"
        } else if batch > 1 && close(got, epoch(&data, &per_point, None, start, eta), 1e-9) {
            "one step per batch, along the mean gradient of its points, not one per point"
        } else if short && close(got, epoch(&data, &chunks, Some(batch), start, eta), 1e-9) {
            "divide each batch's sum by its own length: the last batch holds fewer than `batch` points"
        } else {
            "cut `order` into consecutive pieces of `batch` indices and step once on each"
        };
        return Err(Failure::new(
            format!(
                "(w, b) = {} after one epoch with batches of {batch} and η = {eta}",
                pair(expected)
            ),
            pair(got),
            hint,
        ));
    }
    Ok(())
}

fn check_robbins_monro(answer: RobbinsMonro) -> Result<(), Failure> {
    // Σ 1/tᵖ is finite exactly when p > 1; ηₜ ~ η₀τ^ν/t^ν and ηₜ² ~ η₀²τ^(2ν)/t^(2ν).
    for nu in [0.3, 0.5, 0.75, 1.0, 1.5, 0.51, 2.0] {
        let expected = (nu <= 1.0, 2.0 * nu > 1.0);
        let got = answer(nu);
        if got == expected {
            continue;
        }
        let hint = if nu == 1.0 && !got.0 {
            "at ν = 1 the rates fall like 1/t, and Σ 1/t (the harmonic series) grows without bound"
        } else if nu == 0.5 && got.1 {
            "at ν = ½ the squares fall like 1/t: the harmonic series again, which is not finite"
        } else if got.0 != expected.0 {
            "Σ ηₜ behaves like Σ 1/t^ν, which grows without bound exactly when ν ≤ 1"
        } else {
            "Σ ηₜ² behaves like Σ 1/t^(2ν), which is finite exactly when 2ν > 1"
        };
        return Err(Failure::new(
            format!("{expected:?} for ν = {nu}"),
            format!("{got:?}"),
            hint,
        ));
    }
    Ok(())
}

fn check_exponential_stop(answer: ExponentialStop) -> Result<(), Failure> {
    for (x0, a, eta0, gamma) in [
        (10.0, 1.0, 0.2, 0.9),
        (-3.0, 2.0, 0.3, 0.5),
        (1.0, 1.0, 0.01, 0.999),
        (2.0, 1.0, 1e-4, 0.999_999),
    ] {
        let expected = bowl::exponential_stop(x0, a, eta0, gamma);
        let got = answer(x0, a, eta0, gamma);
        if got.is_finite() && (got - expected).abs() <= 1e-11 * expected.abs() {
            continue;
        }
        let total = eta0 / (1.0 - gamma);
        let rough = x0 * (-a * total).exp();
        let shifted = bowl::exponential_stop(x0, a, eta0 * gamma, gamma);
        let ratio = got / expected;
        let hint = if (got - rough).abs() <= 1e-6 * rough.abs() {
            "x₀·e^(−a·Σηₜ) is only the first term: each step multiplies x by exactly 1 − a·ηₜ"
        } else if (got - shifted).abs() <= 1e-9 * shifted.abs() {
            "the first step (t = 0) uses η₀ itself: ηₜ = η₀·γᵗ"
        } else if ratio > 1.0 && ratio < 1.0 + 1e-8 {
            "the factors 1 − a·ηₜ round to exactly 1 in double precision long before their product stops changing: the rates left out still add up to a·ηₜ/(1 − γ), which matters when γ is close to 1. Finish with that tail, x·e^(−a·ηₜ/(1 − γ)), once a·ηₜ is small"
        } else {
            "x∞ = x₀·Πₜ (1 − a·η₀·γᵗ): multiply while the factors are well below 1, then account for the tail of tiny rates in closed form"
        };
        return Err(Failure::new(
            format!("x∞ = {expected} for x₀ = {x0}, a = {a}, η₀ = {eta0}, γ = {gamma}"),
            format!("{got}"),
            hint,
        ));
    }
    Ok(())
}

harness::exercises! {
    "5.1" minibatch_gradient: MinibatchGradient, Warm, "the mini-batch gradient" => check_minibatch_gradient, without [batch_gradient];
    "5.2" steps_to_floor: StepsToFloor, Steady, "how long a constant rate takes to reach its floor" => check_steps_to_floor;
    "5.3" shuffled_epoch: ShuffledEpoch, Steady, "one shuffled epoch" => check_shuffled_epoch;
    "5.4" robbins_monro: RobbinsMonro, Steady, "Robbins–Monro conditions" => check_robbins_monro;
    "5.5" exponential_stop: ExponentialStop, Stretch, "where exponential decay ends" => check_exponential_stop;
}
