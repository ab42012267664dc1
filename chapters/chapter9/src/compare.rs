//! Side by side: every optimizer of chapters 2, 8 and 9 on four problems,
//! each with its learning rate tuned by the same search and given the same
//! budget of gradients. On the one noisy problem the search averages over
//! the tuning seeds and the table over other, fresh seeds.

use std::ops::RangeInclusive;

use descent::sampling::batch_gradient;
use descent::{Objective, Optimizer, Sampler, Sampling};

use crate::methods::Method;
use crate::surfaces::{
    Quadratic, Rosenbrock, chapter3_data, chapter3_quadratic, noisy_line, penguins,
};

/// One of the comparison's problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Problem {
    /// The bowl of curvatures 1 and 100, turned by 30° so that its axes
    /// are not the coordinates.
    TurnedBowl,
    /// Rosenbrock's valley from `(−1.2, 1)`.
    Rosenbrock,
    /// Chapter 3's line, one random point per step.
    NoisyLine,
    /// The penguins in millimetres and grams.
    Penguins,
}

/// The turned bowl's two curvatures.
pub const BOWL_CURVATURES: (f64, f64) = (1.0, 100.0);
/// The turned bowl's angle: 30°.
pub const BOWL_ANGLE_DEGREES: f64 = 30.0;
/// The turned bowl's bottom.
pub const BOWL_BOTTOM: [f64; 2] = [1.0, 1.0];
/// The seeds of the noisy line's draws that the search averages over: with
/// each seed, every method and rate sees the same points in the same order.
pub const TUNING_SEEDS: RangeInclusive<u64> = 1..=10;
/// The seeds the table reports, fresh ones, so that the rate a method was
/// lucky with on the tuning seeds does not flatter it.
pub const REPORT_SEEDS: RangeInclusive<u64> = 11..=40;

impl Problem {
    /// The four, in the table's order.
    pub const ALL: [Problem; 4] = [
        Problem::TurnedBowl,
        Problem::Rosenbrock,
        Problem::NoisyLine,
        Problem::Penguins,
    ];

    /// Its name in the book.
    pub fn name(self) -> &'static str {
        match self {
            Problem::TurnedBowl => "turned bowl, κ = 100",
            Problem::Rosenbrock => "Rosenbrock's valley",
            Problem::NoisyLine => "noisy line, one point per step",
            Problem::Penguins => "penguins, mm and g",
        }
    }

    /// The steps each run gets: every method uses one gradient per step,
    /// so the budget in gradients is the same for all.
    pub fn budget(self) -> usize {
        match self {
            Problem::TurnedBowl => 200,
            Problem::Rosenbrock => 1000,
            Problem::NoisyLine => 500,
            Problem::Penguins => 500,
        }
    }

    /// Where every run starts.
    pub fn start(self) -> Vec<f64> {
        match self {
            Problem::TurnedBowl => vec![0.0, 0.0],
            Problem::Rosenbrock => vec![-1.2, 1.0],
            Problem::NoisyLine => vec![0.0, 0.0],
            Problem::Penguins => vec![0.0, 0.0, 0.0],
        }
    }

    /// The turned bowl.
    pub fn turned_bowl() -> Quadratic {
        Quadratic::turned_bowl(
            BOWL_CURVATURES.0,
            BOWL_CURVATURES.1,
            BOWL_ANGLE_DEGREES.to_radians(),
            &BOWL_BOTTOM,
        )
    }

    /// The search's score of `method` at rate `eta`: how far above the
    /// lowest loss the run ends; on the noisy line, the mean over its last
    /// tenth of steps, averaged over the [`TUNING_SEEDS`]. Infinite if a run
    /// blows up.
    pub fn score(self, method: Method, eta: f64) -> f64 {
        match self {
            Problem::NoisyLine => {
                let seeds = TUNING_SEEDS.count() as f64;
                TUNING_SEEDS
                    .map(|seed| self.run(method, eta, seed))
                    .sum::<f64>()
                    / seeds
            }
            _ => self.run(method, eta, 0),
        }
    }

    /// The table's measurements of `method` at rate `eta`: one per seed of
    /// [`REPORT_SEEDS`] on the noisy line, a single one on the others.
    pub fn measure(self, method: Method, eta: f64) -> Vec<f64> {
        match self {
            Problem::NoisyLine => REPORT_SEEDS
                .map(|seed| self.run(method, eta, seed))
                .collect(),
            _ => vec![self.run(method, eta, 0)],
        }
    }

    /// One run's gap (`seed` draws the noisy line's points; the other
    /// problems have no randomness and ignore it).
    pub fn run(self, method: Method, eta: f64, seed: u64) -> f64 {
        let mut optimizer = method.build(eta);
        let steps = self.budget();
        let start = self.start();
        match self {
            Problem::TurnedBowl => {
                let bowl = Problem::turned_bowl();
                tail_gap(&bowl, 0.0, optimizer.as_mut(), &start, steps)
            }
            Problem::Rosenbrock => tail_gap(&Rosenbrock, 0.0, optimizer.as_mut(), &start, steps),
            Problem::Penguins => {
                let q = penguins();
                tail_gap(&q, q.lowest(), optimizer.as_mut(), &start, steps)
            }
            Problem::NoisyLine => {
                let data = chapter3_data();
                let lowest = chapter3_quadratic(&data).lowest();
                noisy_gap(&data, lowest, optimizer.as_mut(), &start, steps, seed)
            }
        }
    }
}

/// A point has run away once a coordinate passes this size.
const RUNAWAY: f64 = 1e100;

fn blown(theta: &[f64]) -> bool {
    theta.iter().any(|v| !v.is_finite() || v.abs() > RUNAWAY)
}

// ANCHOR: tail_gap
/// Run `optimizer` for `steps` full-gradient steps from `start` and return
/// the mean of `f(θₜ) − lowest` over the last tenth of the steps (infinite
/// if the walk blows up). A mean over the last tenth, not the last point
/// alone: a walk that still swings (momentum, Adam) can be low at step `T`
/// by luck and a hundred times higher a few steps before.
pub fn tail_gap(
    objective: &impl Objective,
    lowest: f64,
    optimizer: &mut dyn Optimizer,
    start: &[f64],
    steps: usize,
) -> f64 {
    let mut theta = start.to_vec();
    optimizer.start(theta.len());
    let tail = tail(steps);
    let mut sum = 0.0;
    for step in 1..=steps {
        let g = objective.gradient(&theta);
        optimizer.step(&mut theta, &g);
        if blown(&theta) {
            return f64::INFINITY;
        }
        if step > steps - tail {
            sum += objective.value(&theta) - lowest;
        }
    }
    let gap = sum / tail as f64;
    if gap.is_finite() { gap } else { f64::INFINITY }
}

/// The number of last steps a score averages over: a tenth of `steps`
/// (at least one).
pub fn tail(steps: usize) -> usize {
    (steps / 10).max(1)
}
// ANCHOR_END: tail_gap

/// Run `optimizer` on chapter 3's line one random point per step (drawn
/// with `seed`) and return the mean of `L(θₜ) − L*` over the last tenth of
/// the steps.
pub fn noisy_gap(
    data: &descent::data::DataSet,
    lowest: f64,
    optimizer: &mut dyn Optimizer,
    start: &[f64],
    steps: usize,
    seed: u64,
) -> f64 {
    let line = noisy_line(data);
    let mut sampler = Sampler::new(Sampling::WithReplacement { batch: 1 }, data.len(), seed);
    let mut theta = start.to_vec();
    optimizer.start(theta.len());
    let tail = tail(steps);
    let mut sum = 0.0;
    for step in 1..=steps {
        let g = batch_gradient(&line, sampler.next_batch(), &theta);
        optimizer.step(&mut theta, &g);
        if blown(&theta) {
            return f64::INFINITY;
        }
        if step > steps - tail {
            sum += line.value(&theta) - lowest;
        }
    }
    let gap = sum / tail as f64;
    if gap.is_finite() { gap } else { f64::INFINITY }
}

/// The exponents `j` of the search's rates `10^(j/10)`: ten rates to a
/// decade, from `10⁻⁶` to `10³`.
pub const GRID_EXPONENTS: RangeInclusive<i32> = -60..=30;

/// The rate `10^(j/10)`.
pub fn rate(j: i32) -> f64 {
    10f64.powf(j as f64 / 10.0)
}

/// The rates the search tries: `10^(j/10)` for `j = −60, …, 30`, ten to a
/// decade from `10⁻⁶` to `10³`.
pub fn grid() -> Vec<f64> {
    GRID_EXPONENTS.map(rate).collect()
}

/// One method on one problem at its best rate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tuned {
    /// The problem.
    pub problem: Problem,
    /// The method.
    pub method: Method,
    /// The best rate of [`grid`].
    pub eta: f64,
    /// Its score.
    pub gap: f64,
    /// Its exponent: `eta` is `10^(j/10)`.
    pub j: i32,
}

// ANCHOR: tune
/// The rate of [`grid`] with the lowest score (the smaller rate on a tie).
pub fn tune(problem: Problem, method: Method) -> Tuned {
    let mut best = Tuned {
        problem,
        method,
        eta: f64::NAN,
        gap: f64::INFINITY,
        j: 0,
    };
    for j in GRID_EXPONENTS {
        let eta = rate(j);
        let gap = problem.score(method, eta);
        if gap < best.gap {
            best = Tuned {
                problem,
                method,
                eta,
                gap,
                j,
            };
        }
    }
    best
}
// ANCHOR_END: tune

/// Every method tuned on every problem, problem by problem.
pub fn table() -> Vec<Tuned> {
    let mut all = Vec::new();
    for problem in Problem::ALL {
        for method in Method::ALL {
            all.push(tune(problem, method));
        }
    }
    all
}

/// The search's result, kept so that the book's run need not repeat it: the
/// best rate of `method` on `problem` is `10^(j/10)` with `j` this table's
/// entry, problems in the order of [`Problem::ALL`], methods in the order of
/// [`Method::ALL`]. A test runs the whole search again and checks every entry.
pub const TUNED: [[i32; 8]; 4] = [
    [-18, -22, -19, -3, -13, -7, -5, -9],
    [-26, -25, -29, 2, -20, -3, 2, -9],
    [-16, -26, -26, -4, -17, -15, -15, -14],
    [-44, -41, -45, 15, 1, 16, 16, 13],
];

/// The stored best rate of `method` on `problem`.
pub fn tuned_rate(problem: Problem, method: Method) -> f64 {
    let p = Problem::ALL.iter().position(|&q| q == problem).unwrap_or(0);
    let m = Method::ALL.iter().position(|&q| q == method).unwrap_or(0);
    rate(TUNED[p][m])
}

/// A row of the book's table: one method on one problem at its stored rate.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The problem.
    pub problem: Problem,
    /// The method.
    pub method: Method,
    /// The rate.
    pub eta: f64,
    /// The gap of each run, as a share of the starting gap `f(θ₀) − f*`:
    /// one run on a problem without noise, one per seed of
    /// [`REPORT_SEEDS`] on the noisy line.
    pub runs: Vec<f64>,
    /// Their mean.
    pub relative: f64,
    /// Its standard error, `s/√N` with `s` the runs' standard deviation
    /// (0 for a single run).
    pub error: f64,
}

/// The mean of `values` and its standard error `s/√N`, with `s` the
/// sample standard deviation (`N − 1` in its denominator); the error is 0
/// for a single value.
pub fn mean_and_error(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    if values.len() < 2 {
        return (mean, 0.0);
    }
    let variance = values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1.0);
    (mean, (variance / n).sqrt())
}

/// The mean difference `a − b` of paired runs (the same seeds) and its
/// standard error.
pub fn paired_difference(a: &[f64], b: &[f64]) -> (f64, f64) {
    let differences: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    mean_and_error(&differences)
}

/// Whether the paired difference `a − b` is larger than two of its
/// standard errors: the test the chapter uses before it calls one method
/// better than another on the noisy line.
pub fn clearly_different(a: &[f64], b: &[f64]) -> bool {
    let (difference, error) = paired_difference(a, b);
    difference.abs() > 2.0 * error
}

impl Problem {
    /// `f(θ₀) − f*`: the gap every run starts from.
    pub fn start_gap(self) -> f64 {
        let start = self.start();
        match self {
            Problem::TurnedBowl => Problem::turned_bowl().value(&start),
            Problem::Rosenbrock => Rosenbrock.value(&start),
            Problem::Penguins => {
                let q = penguins();
                q.value(&start) - q.lowest()
            }
            Problem::NoisyLine => {
                let q = chapter3_quadratic(&chapter3_data());
                q.value(&start) - q.lowest()
            }
        }
    }
}

/// Every method on every problem at its stored rate: the book's table.
pub fn book_table() -> Vec<Entry> {
    let mut entries = Vec::new();
    for problem in Problem::ALL {
        let first = problem.start_gap();
        for method in Method::ALL {
            let eta = tuned_rate(problem, method);
            let runs: Vec<f64> = problem
                .measure(method, eta)
                .iter()
                .map(|gap| gap / first)
                .collect();
            let (relative, error) = mean_and_error(&runs);
            entries.push(Entry {
                problem,
                method,
                eta,
                runs,
                relative,
                error,
            });
        }
    }
    entries
}

/// The method with the smallest mean gap on `problem`.
pub fn winner(entries: &[Entry], problem: Problem) -> Method {
    entries
        .iter()
        .filter(|e| e.problem == problem)
        .fold(None::<&Entry>, |best, e| match best {
            Some(b) if b.relative <= e.relative => Some(b),
            _ => Some(e),
        })
        .map(|e| e.method)
        .unwrap_or(Method::GradientDescent)
}
