//! What a gradient costs on this machine: the chapter's benchmark, run only
//! with `cargo run --release --example chapter5 -- --benchmark`.
//!
//! The book counts work in per-sample gradients, a number that is the same
//! on every machine. This module measures what that work takes in seconds
//! here, for the full-batch gradient of the line,
//!
//! ```text
//! ∂L/∂w = (1/n)·Σᵢ (w·xᵢ + b − yᵢ)·xᵢ,     ∂L/∂b = (1/n)·Σᵢ (w·xᵢ + b − yᵢ),
//! ```
//!
//! which reads 16 bytes per point (two `f64`) and does a handful of
//! arithmetic operations on them. Two limits bound its speed:
//!
//! - **the chain of additions.** `sum += term` cannot start before the
//!   previous addition has finished, and an addition takes several cycles to
//!   finish (its latency), even though the processor could start one or two
//!   new ones every cycle. A loop with one running sum waits on itself.
//!   Several independent sums (*accumulators*), added together at the end,
//!   let the additions overlap. The compiler will not do this for us: it
//!   changes the order of the additions, and so the rounding.
//! - **memory bandwidth.** Once the arithmetic keeps up, the loop waits for
//!   the data to arrive from memory. No gradient can be faster than a pass
//!   that only reads the same bytes ([`read_only`]), so that pass is the
//!   yardstick.
//!
//! The data's layout matters too: the book's `DataSet` holds an array of
//! `(x, y)` pairs; the same numbers can be held as two arrays, all the `x`
//! then all the `y`. Both are read front to back, 16 bytes per point; the
//! benchmark measures whether the layout changes the speed.
//!
//! Timings are noisy: every measurement here is the fastest of several
//! repetitions, and none of them is asserted by a test (speed lives in
//! benchmarks). The tests only check that every variant computes the same
//! gradient.

use std::hint::black_box;
use std::time::{Duration, Instant};

use descent::data::{DataSet, Sample};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

/// The number of independent running sums in the fast variants.
pub const LANES: usize = 8;

// ANCHOR: plain
/// The gradient `(∂L/∂w, ∂L/∂b)` of the line's mean loss, written as the
/// formula reads: one pass, one running sum per partial derivative.
pub fn plain_gradient(samples: &[Sample], w: f64, b: f64) -> [f64; 2] {
    let mut dw = 0.0;
    let mut db = 0.0;
    for s in samples {
        let r = w * s.x + b - s.y;
        dw += r * s.x;
        db += r;
    }
    let n = samples.len() as f64;
    [dw / n, db / n]
}
// ANCHOR_END: plain

// ANCHOR: lanes
/// The same gradient with [`LANES`] running sums per partial derivative:
/// point `i` goes into sum `i mod LANES`, so consecutive additions never
/// wait on each other. The points are read from two arrays, `xs` and `ys`.
pub fn lanes_gradient(xs: &[f64], ys: &[f64], w: f64, b: f64) -> [f64; 2] {
    assert_eq!(xs.len(), ys.len(), "one y for every x");
    let mut dw = [0.0; LANES];
    let mut db = [0.0; LANES];
    let mut x_chunks = xs.chunks_exact(LANES);
    let mut y_chunks = ys.chunks_exact(LANES);
    for (x, y) in (&mut x_chunks).zip(&mut y_chunks) {
        for k in 0..LANES {
            let r = w * x[k] + b - y[k];
            dw[k] += r * x[k];
            db[k] += r;
        }
    }
    // The last few points, fewer than LANES of them.
    for (x, y) in x_chunks.remainder().iter().zip(y_chunks.remainder()) {
        let r = w * x + b - y;
        dw[0] += r * x;
        db[0] += r;
    }
    let n = xs.len() as f64;
    [dw.iter().sum::<f64>() / n, db.iter().sum::<f64>() / n]
}
// ANCHOR_END: lanes

/// [`plain_gradient`] on two arrays.
pub fn plain_gradient_arrays(xs: &[f64], ys: &[f64], w: f64, b: f64) -> [f64; 2] {
    let mut dw = 0.0;
    let mut db = 0.0;
    for (x, y) in xs.iter().zip(ys) {
        let r = w * x + b - y;
        dw += r * x;
        db += r;
    }
    let n = xs.len() as f64;
    [dw / n, db / n]
}

/// [`lanes_gradient`] on an array of `(x, y)` pairs.
pub fn lanes_gradient_pairs(samples: &[Sample], w: f64, b: f64) -> [f64; 2] {
    let mut dw = [0.0; LANES];
    let mut db = [0.0; LANES];
    let mut chunks = samples.chunks_exact(LANES);
    for chunk in &mut chunks {
        for k in 0..LANES {
            let r = w * chunk[k].x + b - chunk[k].y;
            dw[k] += r * chunk[k].x;
            db[k] += r;
        }
    }
    for s in chunks.remainder() {
        let r = w * s.x + b - s.y;
        dw[0] += r * s.x;
        db[0] += r;
    }
    let n = samples.len() as f64;
    [dw.iter().sum::<f64>() / n, db.iter().sum::<f64>() / n]
}

// ANCHOR: read_only
/// The yardstick: a pass that reads every `x` and every `y` and adds them
/// up in [`LANES`] independent sums, and does nothing else. A gradient must
/// read the same bytes, so it cannot be faster than this.
pub fn read_only(xs: &[f64], ys: &[f64]) -> f64 {
    let mut sums = [0.0; LANES];
    for data in [xs, ys] {
        let mut chunks = data.chunks_exact(LANES);
        for chunk in &mut chunks {
            for k in 0..LANES {
                sums[k] += chunk[k];
            }
        }
        sums[0] += chunks.remainder().iter().sum::<f64>();
    }
    sums.iter().sum()
}
// ANCHOR_END: read_only

/// [`read_only`] on an array of `(x, y)` pairs.
pub fn read_only_pairs(samples: &[Sample]) -> f64 {
    let mut sums = [0.0; LANES];
    let mut chunks = samples.chunks_exact(LANES / 2);
    for chunk in &mut chunks {
        for k in 0..LANES / 2 {
            sums[2 * k] += chunk[k].x;
            sums[2 * k + 1] += chunk[k].y;
        }
    }
    for s in chunks.remainder() {
        sums[0] += s.x + s.y;
    }
    sums.iter().sum()
}

/// The gradient of the line over one mini-batch: the points at `batch`,
/// read from the two arrays (one random read per point).
pub fn batch_gradient_arrays(xs: &[f64], ys: &[f64], batch: &[usize], w: f64, b: f64) -> [f64; 2] {
    let mut dw = 0.0;
    let mut db = 0.0;
    for &i in batch {
        let r = w * xs[i] + b - ys[i];
        dw += r * xs[i];
        db += r;
    }
    let n = batch.len() as f64;
    [dw / n, db / n]
}

/// The mean of `x²` over the points, from the array of `x` alone: one of
/// the entries of the loss's Hessian, a pass that needs only the `x`.
pub fn mean_square_x(xs: &[f64]) -> f64 {
    let mut sums = [0.0; LANES];
    let mut chunks = xs.chunks_exact(LANES);
    for chunk in &mut chunks {
        for k in 0..LANES {
            sums[k] += chunk[k] * chunk[k];
        }
    }
    let rest: f64 = chunks.remainder().iter().map(|x| x * x).sum();
    (sums.iter().sum::<f64>() + rest) / xs.len() as f64
}

/// [`mean_square_x`] from the `(x, y)` pairs: the same arithmetic, but
/// every `y` travels from memory too, since it shares the cache lines.
pub fn mean_square_x_pairs(samples: &[Sample]) -> f64 {
    let mut sums = [0.0; LANES];
    let mut chunks = samples.chunks_exact(LANES);
    for chunk in &mut chunks {
        for k in 0..LANES {
            sums[k] += chunk[k].x * chunk[k].x;
        }
    }
    let rest: f64 = chunks.remainder().iter().map(|s| s.x * s.x).sum();
    (sums.iter().sum::<f64>() + rest) / samples.len() as f64
}

/// The bytes a full pass over `n` points reads: two `f64` per point.
pub fn bytes_per_pass(n: usize) -> u64 {
    (n * 2 * std::mem::size_of::<f64>()) as u64
}

/// The passes the benchmark times, in the order of its table.
pub const PASSES: [&str; 8] = [
    "read, arrays",
    "read, pairs",
    "plain, pairs",
    "plain, arrays",
    "lanes, pairs",
    "lanes, arrays",
    "x² only, pairs",
    "x² only, array",
];

/// One size of the benchmark: the fastest time of each of [`PASSES`] over
/// `n` points.
#[derive(Debug, Clone, PartialEq)]
pub struct Timing {
    /// The number of points.
    pub n: usize,
    /// The fastest time of each pass, in the order of [`PASSES`].
    pub times: Vec<Duration>,
}

impl Timing {
    /// The fastest time of the pass called `name`.
    pub fn of(&self, name: &str) -> Duration {
        let i = PASSES
            .iter()
            .position(|p| *p == name)
            .unwrap_or_else(|| panic!("no pass called {name}"));
        self.times[i]
    }

    /// The yardstick: the faster of the two read-only passes.
    pub fn read(&self) -> Duration {
        self.of("read, arrays").min(self.of("read, pairs"))
    }

    /// The time of the pass called `name` over the yardstick's.
    pub fn ratio(&self, name: &str) -> f64 {
        self.of(name).as_secs_f64() / self.read().as_secs_f64()
    }
}

/// The points of the benchmark: `n` samples of the chapter's line, as pairs
/// and as two arrays.
pub fn points(n: usize, seed: u64) -> (Vec<Sample>, Vec<f64>, Vec<f64>) {
    let spec = descent::data::NoisyLine {
        count: n,
        ..crate::TRUTH
    };
    let data = DataSet::noisy_line(&spec, seed);
    let xs = data.samples.iter().map(|s| s.x).collect();
    let ys = data.samples.iter().map(|s| s.y).collect();
    (data.samples, xs, ys)
}

/// Time every pass over `n` points. The passes take turns, round after
/// round, so that whatever else the machine is doing slows them alike; each
/// keeps its fastest round. There are enough rounds to read about 4 GB in
/// each pass (at least ten).
pub fn time_passes(n: usize) -> Timing {
    let (pairs, xs, ys) = points(n, crate::SEED);
    let rounds = ((4e9 / bytes_per_pass(n) as f64) as usize).clamp(10, 100_000);
    let (w, b) = (black_box(1.5), black_box(0.5));
    let mut times = vec![Duration::MAX; PASSES.len()];
    let mut time = |i: usize, f: &mut dyn FnMut() -> f64| {
        let start = Instant::now();
        black_box(f());
        times[i] = times[i].min(start.elapsed());
    };
    for _ in 0..rounds {
        time(0, &mut || read_only(black_box(&xs), black_box(&ys)));
        time(1, &mut || read_only_pairs(black_box(&pairs)));
        time(2, &mut || plain_gradient(black_box(&pairs), w, b)[0]);
        time(3, &mut || {
            plain_gradient_arrays(black_box(&xs), black_box(&ys), w, b)[0]
        });
        time(4, &mut || lanes_gradient_pairs(black_box(&pairs), w, b)[0]);
        time(5, &mut || {
            lanes_gradient(black_box(&xs), black_box(&ys), w, b)[0]
        });
        time(6, &mut || mean_square_x_pairs(black_box(&pairs)));
        time(7, &mut || mean_square_x(black_box(&xs)));
    }
    Timing { n, times }
}

/// The time of one mini-batch gradient of `batch` random points out of `n`,
/// per step (the fastest average over rounds of many steps), and how many
/// bytes the caches fetch for it: a whole 64-byte line per `x` and per `y`.
pub fn time_mini_batch(n: usize, batch: usize) -> (Duration, u64) {
    let (_, xs, ys) = points(n, crate::SEED);
    let mut rng = ChaCha8Rng::seed_from_u64(crate::SEED);
    let steps = 2000;
    let batches: Vec<Vec<usize>> = (0..steps)
        .map(|_| (0..batch).map(|_| rng.random_range(0..n)).collect())
        .collect();
    let (w, b) = (black_box(1.5), black_box(0.5));
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let mut g = [0.0; 2];
        for indices in &batches {
            let step = batch_gradient_arrays(black_box(&xs), black_box(&ys), indices, w, b);
            g[0] += step[0];
            g[1] += step[1];
        }
        black_box(g);
        best = best.min(start.elapsed());
    }
    (best / steps as u32, 2 * 64 * batch as u64)
}

/// Gigabytes per second, for `bytes` in `time`.
fn bandwidth(bytes: u64, time: Duration) -> f64 {
    bytes as f64 / time.as_secs_f64() / 1e9
}

/// A duration for the table: in µs below a millisecond, else in ms.
fn shown(time: Duration) -> String {
    let us = time.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.1} µs")
    } else {
        format!("{:.2} ms", us / 1000.0)
    }
}

/// The sizes the benchmark times: `10³` to `10⁷` points.
pub const SIZES: [usize; 5] = [1_000, 10_000, 100_000, 1_000_000, 10_000_000];
/// The mini-batch size of the benchmark's one mini-batch step.
pub const BATCH: usize = 64;

/// Run the whole benchmark and say what it found, as the report to print.
pub fn report() -> String {
    let mut out = String::new();
    out.push_str("Chapter 5 benchmark: what one gradient of the line costs on this machine.\n\n");
    if cfg!(debug_assertions) {
        out.push_str(
            "This is a debug build: the compiler has not optimised the code, so these\n\
             timings say little about the machine. Run it as\n\
             \n  cargo run --release --example chapter5 -- --benchmark\n\n",
        );
    }
    out.push_str(&format!(
        "A gradient of the line reads 16 bytes per point (x and y, two f64). `read` only\n\
         adds up those bytes, in {LANES} independent sums: no gradient can be faster. `plain` is\n\
         the gradient with one running sum per derivative, `lanes` with {LANES}. `pairs` holds\n\
         the points as (x, y) pairs, as the book's DataSet does; `arrays` as two arrays.\n\
         Each time is the fastest of many rounds; each ratio is over the faster `read`.\n\n"
    ));
    out.push_str(
        "         n  bytes read       read    GB/s    plain, pairs   plain, arrays    lanes, pairs   lanes, arrays\n",
    );
    let mut timings = Vec::new();
    for n in SIZES {
        let t = time_passes(n);
        let bytes = bytes_per_pass(n);
        let cell = |name: &str| format!("{:>9} {:>4.2}×", shown(t.of(name)), t.ratio(name));
        out.push_str(&format!(
            "  {n:>8}  {bytes:>10}  {:>9}  {:>6.1}  {}  {}  {}  {}\n",
            shown(t.read()),
            bandwidth(bytes, t.read()),
            cell("plain, pairs"),
            cell("plain, arrays"),
            cell("lanes, pairs"),
            cell("lanes, arrays"),
        ));
        timings.push(t);
    }
    let t = &timings[timings.len() - 1];
    let n = t.n;
    out.push_str(&format!(
        "\nAt n = {n} ({} MB per pass, far more than the caches hold) the data stream from\n\
         memory at {:.1} GB/s in the read-only pass. The plain gradient takes {:.2}× its time\n\
         (pairs) and {:.2}× (arrays); the gradient with {LANES} sums {:.2}× (pairs) and {:.2}× (arrays).\n",
        bytes_per_pass(n) / 1_000_000,
        bandwidth(bytes_per_pass(n), t.read()),
        t.ratio("plain, pairs"),
        t.ratio("plain, arrays"),
        t.ratio("lanes, pairs"),
        t.ratio("lanes, arrays"),
    ));
    let small = &timings[0];
    out.push_str(&format!(
        "At n = {} (16 kB, inside the fastest cache) nothing waits for memory: the plain\n\
         gradient takes {:.2}× the read-only time (pairs) and the one with {LANES} sums {:.2}× (arrays).\n",
        small.n,
        small.ratio("plain, pairs"),
        small.ratio("lanes, arrays"),
    ));
    out.push_str(&format!(
        "\nThe layout matters most when a pass needs only part of each point. The mean of x²\n\
         (an entry of the Hessian) needs only x: from the array of x it reads 8 bytes per\n\
         point, from the pairs 16, since each y shares a cache line with its x. At n = {n}:\n\
         {} from the array, {} from the pairs ({:.2}×).\n",
        shown(t.of("x² only, array")),
        shown(t.of("x² only, pairs")),
        t.of("x² only, pairs").as_secs_f64() / t.of("x² only, array").as_secs_f64(),
    ));
    let full = t.of("lanes, arrays");
    let (step, fetched) = time_mini_batch(n, BATCH);
    let per_point_batch = step.as_secs_f64() / BATCH as f64;
    let per_point_full = full.as_secs_f64() / n as f64;
    out.push_str(&format!(
        "\nOne mini-batch gradient of B = {BATCH} random points out of n = {n}: {} per step,\n\
         {:.1} ns per point against {:.2} ns per point in a full pass ({:.0}× more). Its {} bytes\n\
         of data arrive as {} bytes of whole 64-byte cache lines, from wherever in memory they\n\
         are: a per-sample gradient costs more in a random batch than in a pass.\n",
        shown(step),
        per_point_batch * 1e9,
        per_point_full * 1e9,
        per_point_batch / per_point_full,
        BATCH * 16,
        fetched,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use descent::Objective;
    use descent::line::MeanSquaredError;

    #[test]
    fn every_variant_computes_the_same_gradient() {
        for n in [1, 7, 8, 9, 1000, 1003] {
            let (pairs, xs, ys) = points(n, 3);
            let data = DataSet::new(pairs.clone());
            let expected = MeanSquaredError { data: &data }.gradient(&[1.5, 0.5]);
            let all: Vec<usize> = (0..n).collect();
            for g in [
                plain_gradient(&pairs, 1.5, 0.5),
                plain_gradient_arrays(&xs, &ys, 1.5, 0.5),
                lanes_gradient(&xs, &ys, 1.5, 0.5),
                lanes_gradient_pairs(&pairs, 1.5, 0.5),
                batch_gradient_arrays(&xs, &ys, &all, 1.5, 0.5),
            ] {
                for k in 0..2 {
                    let scale = expected[k].abs().max(1.0);
                    assert!((g[k] - expected[k]).abs() < 1e-12 * scale, "n = {n}: {g:?}");
                }
            }
            let total: f64 = xs.iter().chain(&ys).sum();
            assert!((read_only(&xs, &ys) - total).abs() < 1e-9 * total.abs().max(1.0));
            assert!((read_only_pairs(&pairs) - total).abs() < 1e-9 * total.abs().max(1.0));
            let squares: f64 = xs.iter().map(|x| x * x).sum::<f64>() / n as f64;
            assert!((mean_square_x(&xs) - squares).abs() < 1e-12 * squares.max(1.0));
            assert!((mean_square_x_pairs(&pairs) - squares).abs() < 1e-12 * squares.max(1.0));
        }
        assert_eq!(bytes_per_pass(10_000_000), 160_000_000);
    }
}
