//! Chapter 7: when the bowl is not a bowl.
//!
//! The experiments behind the chapter, each in its own module and shared by
//! the example, the tests and the book:
//!
//! 1. [`basins`]: a double well; which of its minima gradient descent
//!    reaches, for every start and every learning rate;
//! 2. [`saddle`]: the saddle `θ₁² − θ₂²`; how long a walk lingers near it,
//!    measured against the formula, and why it almost never stays;
//! 3. [`plateau`]: the cubic `θ³`; the crawl `1/(3ηt)` and the gradient rule
//!    that stops it where there is no minimum;
//! 4. [`himmelblau`]: a landscape with nine critical points, all found and
//!    classified, and the walks from a hundred starts;
//! 5. [`noise`]: noisy descent that escapes the shallow well, measured by
//!    Monte Carlo with confidence intervals;
//! 6. [`hessians`]: how rare a minimum is when a Hessian's entries are
//!    random.
//!
//! [`Report::compute`] runs them all; [`figures`] draws the chapter's
//! figures; [`readers`] is a reader's own walk from the command line.

pub mod basins;
pub mod exercise_checks;
pub mod exercises;
pub mod figures;
pub mod hessians;
pub mod himmelblau;
pub mod noise;
pub mod plateau;
pub mod readers;
pub mod saddle;
/// The reference solutions to the exercises (absent from a student copy).
#[cfg(has_solutions)]
#[path = "../solutions/exercises.rs"]
pub mod solutions;

use std::fmt;

use descent::landscape::{Curvature, DoubleWell, Saddle, eigenvalues};
use descent::{GradientDescent, Outcome, StoppingRules, Trajectory, descend};
use harness::cli::{Args, CliError};
use harness::exercise::Exercise;
use harness::format::{decimals, scientific, significant};
use harness::quote::{Quote, text_of};
use harness::table::Table;
use harness::{Chapter, Run, Trace};
use rand::rngs::ChaCha8Rng;
use rand::{RngExt, SeedableRng};

use basins::{BOOK_MAP, BasinMap, Destination};
use himmelblau::CriticalPoint;

/// The start of the two walks that show a large rate jumping the barrier.
pub const JUMP_START: f64 = 3.2;
/// The small rate of those walks: the start decides.
pub const SMALL_ETA: f64 = 0.05;
/// The large rate: the first step jumps into the other basin.
pub const LARGE_ETA: f64 = 0.25;
/// The middle rate whose basin fractions the chapter quotes.
pub const MIDDLE_ETA: f64 = 0.5;
/// The rate at which the chapter shows the two-step cycle around the deep
/// minimum.
pub const CYCLE_ETA: f64 = 0.4;
/// The rate, above the cycle's limit, at which the chapter measures chaos
/// (the other is the map's middle row).
pub const CHAOS_ETA: f64 = 0.45;
/// The start, burn-in and length of the orbits whose Lyapunov exponents the
/// chapter quotes.
pub const LYAPUNOV_ORBIT: (f64, usize, usize) = (1.5, 1000, 100_000);

/// The offsets `R₀` of the saddle walks drawn in the figure.
pub const DRAWN_OFFSETS: [f64; 4] = [1e-2, 1e-5, 1e-9, 1e-13];
/// The offset whose escape the chapter quotes.
pub const QUOTED_OFFSET: f64 = 1e-8;
/// The size of the second look's kick at the saddle.
pub const SADDLE_KICK: f64 = 1e-3;
/// The seed of that kick's direction and of the random offsets.
pub const SADDLE_SEED: u64 = 5;
/// How many squares across and up the shading of Himmelblau's basins has.
pub const HIMMELBLAU_CELLS: usize = 100;

/// A walk on the double well with plain gradient descent.
pub fn well_walk(theta0: f64, eta: f64, steps: usize) -> Trajectory {
    descend(
        &DoubleWell,
        &mut GradientDescent { eta },
        &[theta0],
        &StoppingRules::budget(steps).with_gradient_tolerance(basins::ARRIVED),
    )
}

/// A noisy walk on the double well from the shallow minimum, with noise of
/// standard deviation `σ_g` (`sigma`), through the kit's descent loop with
/// [`descent::NoisyGradientDescent`]: every `θₜ`.
pub fn noisy_path(sigma: f64, steps: usize, seed: u64) -> Vec<f64> {
    descend(
        &DoubleWell,
        &mut descent::NoisyGradientDescent::new(noise::ETA, sigma, seed),
        &[DoubleWell::SHALLOW],
        &StoppingRules::budget(steps),
    )
    .first_coordinates()
}

/// The largest learning rate of the map at which some start still settles
/// at `destination`.
pub fn largest_rate_reaching(map: &BasinMap, destination: Destination) -> f64 {
    let mut largest = f64::NAN;
    for (j, row) in map.cells.iter().enumerate() {
        if row.contains(&destination) {
            largest = map.etas[j];
        }
    }
    largest
}

/// What the second look at a point where a run stopped finds.
#[derive(Debug, Clone, PartialEq)]
pub struct SecondLook {
    /// Where the run stopped.
    pub stopped: Trajectory,
    /// The Hessian's eigenvalues there.
    pub curvatures: Vec<f64>,
    /// The walk on from a kicked point.
    pub kicked: Trajectory,
}

/// Every number the chapter's prose quotes, computed.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The basin map of the double well.
    pub map: BasinMap,
    /// The two-step cycle around the deep minimum at [`CYCLE_ETA`].
    pub cycle: (f64, f64),
    /// The rate above which that cycle no longer holds walks.
    pub cycle_limit: f64,
    /// The Lyapunov exponents at [`CHAOS_ETA`] and at the map's middle row.
    pub lyapunov: [f64; 2],
    /// The walk from [`JUMP_START`] with the small rate.
    pub small_walk: Trajectory,
    /// The walk from [`JUMP_START`] with the large rate.
    pub large_walk: Trajectory,
    /// The saddle: every offset's escape, measured and predicted.
    pub escapes: Vec<saddle::Escape>,
    /// The saddle walks of the figure, from `(1, R₀)` for [`DRAWN_OFFSETS`],
    /// and from `(1, 0)` last.
    pub saddle_walks: Vec<Trajectory>,
    /// The escape times of random offsets.
    pub random_escapes: Vec<usize>,
    /// The gradient rule at the saddle, from `(1, 0)`, and the second look.
    pub at_saddle: SecondLook,
    /// The gradient rule on the cubic, and the second look to the left.
    pub on_plateau: SecondLook,
    /// The second look to the right of the cubic's stopping point.
    pub plateau_right: Trajectory,
    /// Himmelblau's critical points.
    pub critical: Vec<CriticalPoint>,
    /// Himmelblau walks from the grid of starts.
    pub himmelblau_walks: Vec<Trajectory>,
    /// Himmelblau's basins on a grid of squares, for the figure.
    pub himmelblau_basins: Vec<Vec<Option<char>>>,
    /// The noise experiment.
    pub noise: Vec<noise::Scale>,
    /// The random Hessians.
    pub rarities: Vec<hessians::Rarity>,
    /// The exact probabilities of positive definiteness, for `D` = 1 to 4.
    pub exact_rarities: Vec<f64>,
}

impl Report {
    /// Run every experiment of the chapter.
    pub fn compute() -> Self {
        let map = BasinMap::compute(BOOK_MAP);
        let mut saddle_walks: Vec<Trajectory> = DRAWN_OFFSETS
            .iter()
            .map(|&r0| saddle::walk(r0, saddle::ETA, 220))
            .collect();
        saddle_walks.push(saddle::walk(0.0, saddle::ETA, 220));
        let critical = himmelblau::critical_points();
        let minima: Vec<CriticalPoint> = critical
            .iter()
            .filter(|c| c.kind == descent::landscape::CriticalKind::Minimum)
            .cloned()
            .collect();
        let himmelblau_basins = himmelblau::basin_grid(&minima, HIMMELBLAU_CELLS);
        let himmelblau_walks = himmelblau::starts()
            .into_iter()
            .map(himmelblau::walk)
            .collect();
        let on_plateau = {
            let stopped = plateau::walk();
            let end = stopped.final_point()[0];
            SecondLook {
                curvatures: eigenvalues(&descent::landscape::Cubic.hessian(&[end])),
                kicked: plateau::walk_from(end - plateau::KICK),
                stopped,
            }
        };
        let plateau_right = plateau::walk_from(on_plateau.stopped.final_point()[0] + plateau::KICK);
        let middle_eta = map.etas[map.row(MIDDLE_ETA)];
        let (start, burn_in, steps) = LYAPUNOV_ORBIT;
        Report {
            cycle: basins::two_cycle(CYCLE_ETA, basins::CYCLE_GUESS)
                .expect("the two-step cycle exists at η = 0.4"),
            cycle_limit: basins::two_cycle_limit(),
            lyapunov: [
                basins::lyapunov(CHAOS_ETA, start, burn_in, steps),
                basins::lyapunov(middle_eta, start, burn_in, steps),
            ],
            small_walk: well_walk(JUMP_START, SMALL_ETA, 2000),
            large_walk: well_walk(JUMP_START, LARGE_ETA, 2000),
            map,
            escapes: saddle::escapes(saddle::ETA),
            saddle_walks,
            random_escapes: saddle::random_escape_times(
                saddle::RANDOM_STARTS,
                saddle::ETA,
                SADDLE_SEED,
            ),
            at_saddle: saddle_second_look(),
            on_plateau,
            plateau_right,
            critical,
            himmelblau_walks,
            himmelblau_basins,
            noise: noise::experiment(),
            rarities: hessians::rarities(&hessians::DIMENSIONS, hessians::SAMPLES, hessians::SEED),
            exact_rarities: hessians::DIMENSIONS
                .iter()
                .map(|&d| hessians::exact_positive_definite(d))
                .collect(),
        }
    }

    /// The mean escape time of the random offsets and its standard error.
    pub fn random_escape(&self) -> (f64, f64) {
        let times: Vec<f64> = self.random_escapes.iter().map(|&t| t as f64).collect();
        saddle::mean_and_standard_error(&times)
    }

    /// The escape of [`QUOTED_OFFSET`].
    pub fn quoted_escape(&self) -> saddle::Escape {
        *self
            .escapes
            .iter()
            .find(|e| (e.r0 - QUOTED_OFFSET).abs() < 1e-3 * QUOTED_OFFSET)
            .expect("10⁻⁸ is one of the offsets")
    }

    /// How many offsets escaped exactly when the formula, rounded up, says.
    pub fn escapes_as_predicted(&self) -> usize {
        self.escapes
            .iter()
            .filter(|e| e.measured == e.formula.ceil() as usize)
            .count()
    }

    /// How many Himmelblau walks ended at each of the critical points.
    pub fn himmelblau_ends(&self) -> Vec<usize> {
        let mut ends = vec![0; self.critical.len()];
        for walk in &self.himmelblau_walks {
            ends[himmelblau::nearest(&self.critical, walk.final_point())] += 1;
        }
        ends
    }

    /// How many critical points of each kind Himmelblau's function has:
    /// minima, saddles, maxima.
    pub fn kinds(&self) -> (usize, usize, usize) {
        use descent::landscape::CriticalKind::*;
        let count = |k| self.critical.iter().filter(|c| c.kind == k).count();
        (count(Minimum), count(Saddle), count(Maximum))
    }

    /// The noise scale with the lowest mean final loss.
    pub fn best_scale(&self) -> &noise::Scale {
        let mut best = &self.noise[0];
        for scale in &self.noise {
            if scale.excess < best.excess {
                best = scale;
            }
        }
        best
    }

    /// The noise experiment at the level `σ_g` (`sigma`).
    pub fn scale(&self, sigma: f64) -> &noise::Scale {
        self.noise
            .iter()
            .find(|scale| scale.sigma == sigma)
            .expect("a level of the experiment")
    }

    /// How many of the map's starts lie to the right of the hilltop.
    pub fn starts_right_of_top(&self) -> usize {
        self.map
            .starts
            .iter()
            .filter(|&&t| t > DoubleWell::TOP)
            .count()
    }

    /// The numbers the prose quotes, exactly as printed.
    pub fn quotes(&self) -> Vec<Quote> {
        let map = &self.map;
        let small = map.row(SMALL_ETA);
        let large = map.row(LARGE_ETA);
        let middle = map.row(MIDDLE_ETA);
        let escape = self.quoted_escape();
        let (mean, error) = self.random_escape();
        let saddle_stop = &self.at_saddle.stopped;
        let plateau_stop = &self.on_plateau.stopped;
        let t = plateau_stop.steps();
        let theta = plateau_stop.final_point()[0];
        let (minima, saddles, maxima) = self.kinds();
        let ends = self.himmelblau_ends();
        let hilltop = self
            .critical
            .iter()
            .find(|c| c.kind == descent::landscape::CriticalKind::Maximum)
            .expect("Himmelblau's function has a hilltop");
        let best = self.best_scale();
        let low = self.scale(1.0);
        let rising = self.scale(1.5);
        let mid = self.scale(2.0);
        let hot = self.scale(3.0);
        let high = self.scale(5.0);
        let rarity = |d: usize| self.rarities[d - 1];
        let mut quotes = vec![
            Quote::new("jump-first-step", decimals(self.large_walk.points[1][0], 3)),
            Quote::new(
                "jump-small-end",
                decimals(self.small_walk.final_point()[0], 4),
            ),
            Quote::new(
                "jump-large-end",
                decimals(self.large_walk.final_point()[0], 4),
            ),
            Quote::new("map-starts", map.starts.len().to_string()),
            Quote::new("map-rates", map.etas.len().to_string()),
            Quote::new("map-cells", (map.starts.len() * map.etas.len()).to_string()),
            Quote::new("map-right-starts", self.starts_right_of_top().to_string()),
            Quote::new("cycle-rate", decimals(CYCLE_ETA, 1)),
            Quote::new(
                "cycle-points",
                format!(
                    "{} and {}",
                    decimals(self.cycle.0, 2),
                    decimals(self.cycle.1, 2)
                ),
            ),
            Quote::new("cycle-limit", decimals(self.cycle_limit, 3)),
            Quote::new("chaos-rate", decimals(CHAOS_ETA, 2)),
            Quote::new("lyapunov-chaos", decimals(self.lyapunov[0], 2)),
            Quote::new("lyapunov-middle", decimals(self.lyapunov[1], 2)),
            Quote::new("small-rate", decimals(map.etas[small], 4)),
            Quote::new("large-rate", decimals(map.etas[large], 4)),
            Quote::new("middle-rate", decimals(map.etas[middle], 4)),
            Quote::new(
                "small-deep",
                decimals(map.fraction(small, Destination::Deep), 3),
            ),
            Quote::new(
                "large-deep",
                decimals(map.fraction(large, Destination::Deep), 3),
            ),
            Quote::new(
                "large-shallow",
                decimals(map.fraction(large, Destination::Shallow), 3),
            ),
            Quote::new(
                "middle-shallow",
                decimals(map.fraction(middle, Destination::Shallow), 3),
            ),
            Quote::new(
                "middle-unsettled",
                decimals(map.fraction(middle, Destination::Unsettled), 3),
            ),
            Quote::new(
                "deep-holds-until",
                decimals(largest_rate_reaching(map, Destination::Deep), 4),
            ),
            Quote::new(
                "shallow-holds-until",
                decimals(largest_rate_reaching(map, Destination::Shallow), 4),
            ),
            Quote::new("escape-offsets", self.escapes.len().to_string()),
            Quote::new(
                "escape-as-predicted",
                self.escapes_as_predicted().to_string(),
            ),
            Quote::new("escape-formula", decimals(escape.formula, 2)),
            Quote::new("escape-measured", escape.measured.to_string()),
            Quote::new("random-starts", saddle::RANDOM_STARTS.to_string()),
            Quote::new("random-escape-mean", decimals(mean, 2)),
            Quote::new("random-escape-error", decimals(error, 2)),
            Quote::new("saddle-stop-steps", saddle_stop.steps().to_string()),
            Quote::new(
                "saddle-stop-gradient",
                scientific(saddle_stop.gradient_norms[saddle_stop.steps()], 1),
            ),
            Quote::new(
                "saddle-kick-escape",
                saddle::measured_escape(&self.at_saddle.kicked, saddle::RADIUS)
                    .map_or("never".to_string(), |t| t.to_string()),
            ),
            Quote::new("plateau-stop-steps", t.to_string()),
            Quote::new("plateau-stop-theta", scientific(theta, 2)),
            Quote::new(
                "plateau-crawl",
                scientific(plateau::crawl(plateau::START, plateau::ETA, t), 2),
            ),
            Quote::new(
                "plateau-ratio",
                decimals(3.0 * plateau::ETA * t as f64 * theta, 3),
            ),
            Quote::new(
                "plateau-curvature",
                scientific(self.on_plateau.curvatures[0], 1),
            ),
            Quote::new(
                "plateau-share",
                scientific(plateau::ETA * self.on_plateau.curvatures[0], 1),
            ),
            Quote::new(
                "plateau-kick-diverged",
                diverged_at(&self.on_plateau.kicked),
            ),
            Quote::new(
                "plateau-right-steps",
                self.plateau_right.steps().to_string(),
            ),
            Quote::new("critical-count", self.critical.len().to_string()),
            Quote::new("minima", minima.to_string()),
            Quote::new("saddles", saddles.to_string()),
            Quote::new("maxima", maxima.to_string()),
            Quote::new(
                "hilltop",
                format!(
                    "({}, {})",
                    decimals(hilltop.at[0], 3),
                    decimals(hilltop.at[1], 3)
                ),
            ),
            Quote::new("hilltop-value", decimals(hilltop.value, 1)),
            Quote::new("himmelblau-starts", self.himmelblau_walks.len().to_string()),
            Quote::new(
                "himmelblau-at-minima",
                ends[..minima].iter().sum::<usize>().to_string(),
            ),
            Quote::new("noise-runs", noise::RUNS.to_string()),
            Quote::new("noise-steps", noise::STEPS.to_string()),
            Quote::new("escape-low", percent(low.probability())),
            Quote::new("low-interval", interval_text(low.interval())),
            Quote::new("escape-rising", percent(rising.probability())),
            Quote::new("escape-mid", percent(mid.probability())),
            Quote::new("escape-hot", percent(hot.probability())),
            Quote::new(
                "kramers-low",
                percent(noise::kramers(noise::ETA, low.sigma, noise::STEPS)),
            ),
            Quote::new(
                "kramers-rising",
                percent(noise::kramers(noise::ETA, rising.sigma, noise::STEPS)),
            ),
            Quote::new(
                "kramers-mid",
                percent(noise::kramers(noise::ETA, mid.sigma, noise::STEPS)),
            ),
            Quote::new(
                "low-jitter",
                decimals(noise::shallow_jitter(noise::ETA, low.sigma), 2),
            ),
            Quote::new("best-noise", significant(best.sigma, 3)),
            Quote::new("best-excess", decimals(best.excess, 2)),
            Quote::new("low-excess", decimals(low.excess, 2)),
            Quote::new("high-excess", decimals(high.excess, 2)),
            Quote::new("rarity-samples", hessians::SAMPLES.to_string()),
            Quote::new("rarity-2", decimals(rarity(2).fraction(), 3)),
            Quote::new("rarity-2-error", decimals(rarity(2).error(), 3)),
            Quote::new("rarity-2-exact", decimals(hessians::two_by_two(), 3)),
            Quote::new("rarity-3", decimals(rarity(3).fraction(), 4)),
            Quote::new("rarity-4", decimals(rarity(4).fraction(), 4)),
            Quote::new("rarity-3-exact", decimals(self.exact_rarities[2], 4)),
            Quote::new("rarity-4-exact", decimals(self.exact_rarities[3], 4)),
        ];
        quotes.push(Quote::new("mid-interval", interval_text(mid.interval())));
        quotes
    }
}

/// A probability as a percentage with one decimal: `12.4%`.
pub fn percent(p: f64) -> String {
    format!("{}%", decimals(100.0 * p, 1))
}

/// A 95% interval as percentages: `10.0%–15.1%`.
pub fn interval_text((low, high): (f64, f64)) -> String {
    format!("{}–{}", percent(low), percent(high))
}

/// `"step N"` for a diverged run, `"never"` otherwise.
fn diverged_at(run: &Trajectory) -> String {
    match run.outcome {
        Outcome::Diverged { step, .. } => format!("step {step}"),
        _ => "never".to_string(),
    }
}

/// The gradient rule on the saddle from `(1, 0)`, exactly on the ridge,
/// and the second look: a kick of [`SADDLE_KICK`] in a random direction,
/// and the walk on from there.
pub fn saddle_second_look() -> SecondLook {
    let rules = StoppingRules::budget(saddle::BUDGET).with_gradient_tolerance(plateau::TOLERANCE);
    let stopped = descend(
        &Saddle,
        &mut GradientDescent { eta: saddle::ETA },
        &[saddle::ALONG, 0.0],
        &rules,
    );
    let end = stopped.final_point().to_vec();
    let mut rng = ChaCha8Rng::seed_from_u64(SADDLE_SEED);
    let angle = std::f64::consts::TAU * rng.random::<f64>();
    let kicked_start = [
        end[0] + SADDLE_KICK * angle.cos(),
        end[1] + SADDLE_KICK * angle.sin(),
    ];
    let kicked = descend(
        &Saddle,
        &mut GradientDescent { eta: saddle::ETA },
        &kicked_start,
        &StoppingRules::budget(saddle::BUDGET).with_gradient_tolerance(plateau::TOLERANCE),
    );
    SecondLook {
        curvatures: eigenvalues(&Saddle.hessian(&end)),
        stopped,
        kicked,
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.quotes();
        let text = |name: &str| text_of(&q, name);
        writeln!(f, "Chapter 7: when the bowl is not a bowl")?;
        writeln!(f)?;
        writeln!(
            f,
            "The double well f(θ) = θ⁴/4 − θ³/3 − θ²: shallow minimum at θ = −1, hilltop at 0, deep minimum at 2."
        )?;
        writeln!(
            f,
            "  from θ₀ = {JUMP_START} with η = {SMALL_ETA}: ends at θ = {} (the deep well)",
            text("jump-small-end")
        )?;
        writeln!(
            f,
            "  from θ₀ = {JUMP_START} with η = {LARGE_ETA}: the first step lands at θ₁ = {}, and the walk ends at θ = {}",
            text("jump-first-step"),
            text("jump-large-end")
        )?;
        writeln!(
            f,
            "  basin map: {} starts × {} rates = {} walks of at most {} steps",
            text("map-starts"),
            text("map-rates"),
            text("map-cells"),
            basins::BUDGET
        )?;
        writeln!(f, "  share of starts reaching each end, by learning rate:")?;
        writeln!(
            f,
            "    η        deep      shallow   unsettled diverged  hilltop"
        )?;
        for eta in [SMALL_ETA, LARGE_ETA, MIDDLE_ETA] {
            let j = self.map.row(eta);
            let mut row = format!("    {:<8}", decimals(self.map.etas[j], 4));
            for d in Destination::ALL {
                row.push_str(&format!(" {:<9}", decimals(self.map.fraction(j, d), 3)));
            }
            writeln!(f, "{}", row.trim_end())?;
        }
        writeln!(
            f,
            "  largest rate on the map at which some start settles in the deep well: {} (theory: below 2/6 = 0.3333)",
            text("deep-holds-until")
        )?;
        writeln!(
            f,
            "  … in the shallow well: {} (theory: below 2/3 = 0.6667)",
            text("shallow-holds-until")
        )?;
        writeln!(
            f,
            "  {} of the {} starts lie right of the hilltop",
            text("map-right-starts"),
            text("map-starts")
        )?;
        writeln!(
            f,
            "  above η = 1/3, near the deep well: a two-step cycle (at η = {}: θ hops between {}), holding walks up to η = {};",
            text("cycle-rate"),
            text("cycle-points"),
            text("cycle-limit")
        )?;
        writeln!(
            f,
            "    then chaos: Lyapunov exponent {} at η = {}, {} at η = {}",
            text("lyapunov-chaos"),
            text("chaos-rate"),
            text("lyapunov-middle"),
            text("middle-rate")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "The saddle f(θ) = θ₁² − θ₂², walks from θ₀ = (1, R₀) with η = {}, escaped once |θ₂| ≥ R = {}:",
            saddle::ETA,
            saddle::RADIUS
        )?;
        writeln!(
            f,
            "  {} offsets R₀ from 10⁻¹ to 10⁻¹⁵: {} escaped exactly at ⌈ln(R/R₀)/ln(1 + 2η)⌉",
            text("escape-offsets"),
            text("escape-as-predicted")
        )?;
        writeln!(
            f,
            "  R₀ = 10⁻⁸: ln(R/R₀)/ln(1 + 2η) = {}, measured {} steps",
            text("escape-formula"),
            text("escape-measured")
        )?;
        writeln!(
            f,
            "  {} random starts, θ₂ uniform on (−1, 1): mean escape time {} ± {} (theory (1 + 2η)/(2η) = {})",
            text("random-starts"),
            text("random-escape-mean"),
            text("random-escape-error"),
            decimals(saddle::expected_random_escape(saddle::ETA), 2)
        )?;
        let saddle_stop = &self.at_saddle.stopped;
        writeln!(
            f,
            "  from (1, 0), on the ridge: the gradient rule (‖∇f‖ ≤ 10⁻⁶) stops after {} steps, ‖∇f‖ = {}",
            text("saddle-stop-steps"),
            text("saddle-stop-gradient")
        )?;
        writeln!(
            f,
            "    at θ = ({}, {}), where the Hessian's eigenvalues are {} and {}: a saddle",
            scientific(saddle_stop.final_point()[0], 1),
            significant(saddle_stop.final_point()[1], 3),
            significant(self.at_saddle.curvatures[0], 3),
            significant(self.at_saddle.curvatures[1], 3)
        )?;
        writeln!(
            f,
            "    second look, a kick of {} in a random direction: |θ₂| passes 1 after {} more steps",
            scientific(SADDLE_KICK, 0),
            text("saddle-kick-escape")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "The cubic f(θ) = θ³ from θ₀ = {} with η = {}:",
            plateau::START,
            plateau::ETA
        )?;
        writeln!(
            f,
            "  the gradient rule (|f′| ≤ 10⁻⁶) stops after {} steps at θ = {}; 1/(1/θ₀ + 3ηt) = {}; 3ηt·θ = {}",
            text("plateau-stop-steps"),
            text("plateau-stop-theta"),
            text("plateau-crawl"),
            text("plateau-ratio")
        )?;
        writeln!(
            f,
            "  curvature there f″ = {} (a step removes the share ηf″ = {} of the distance to a bottom that curved so)",
            text("plateau-curvature"),
            text("plateau-share")
        )?;
        writeln!(
            f,
            "  no minimum: second look from θ − {}: diverged at {}; from θ + {}: stopped again after {} steps",
            scientific(plateau::KICK, 0),
            text("plateau-kick-diverged"),
            scientific(plateau::KICK, 0),
            text("plateau-right-steps")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Himmelblau's function: {} critical points found by Newton's method, classified by their Hessians:",
            text("critical-count")
        )?;
        writeln!(f, "  kind       θ₁        θ₂        f          curvatures")?;
        let ends = self.himmelblau_ends();
        for (c, end) in self.critical.iter().zip(&ends) {
            writeln!(
                f,
                "  {:<10} {:<9} {:<9} {:<10} {}, {}{}",
                match c.kind {
                    descent::landscape::CriticalKind::Minimum => {
                        format!("minimum {}", himmelblau::letter(c.at))
                    }
                    kind => format!("{kind:?}").to_lowercase(),
                },
                decimals(c.at[0], 4),
                decimals(c.at[1], 4),
                if c.value.abs() < 1e-9 {
                    "0".to_string()
                } else {
                    decimals(c.value, 3)
                },
                decimals(c.curvatures[0], 1),
                decimals(c.curvatures[1], 1),
                if *end > 0 {
                    format!("   ← {end} walks end here")
                } else {
                    String::new()
                }
            )?;
        }
        writeln!(
            f,
            "  {} minima − {} saddles + {} maximum = 1; {} of {} walks (η = {}) end at a minimum",
            text("minima"),
            text("saddles"),
            text("maxima"),
            text("himmelblau-at-minima"),
            text("himmelblau-starts"),
            himmelblau::ETA
        )?;
        writeln!(
            f,
            "  the hilltop: θ = {}, f = {}",
            text("hilltop"),
            text("hilltop-value")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Noisy descent θ ← θ − η(f′(θ) + ξ), ξ normal with standard deviation σ_g, on the double well from θ₀ = −1,"
        )?;
        writeln!(
            f,
            "  η = {}, {} walks of {} steps per level:",
            noise::ETA,
            text("noise-runs"),
            text("noise-steps")
        )?;
        writeln!(
            f,
            "  σ_g    escaped   95% interval    thrown out   mean f(θ_T) − f(2)"
        )?;
        for scale in &self.noise {
            writeln!(
                f,
                "  {:<6} {:<9} {:<15} {:<12} {} ± {}",
                significant(scale.sigma, 3),
                percent(scale.probability()),
                interval_text(scale.interval()),
                scale.diverged,
                decimals(scale.excess, 2),
                decimals(scale.excess_error, 2)
            )?;
        }
        writeln!(
            f,
            "  escape: {} at σ_g = 1 (95% interval {}), {} at σ_g = 1.5, {} at σ_g = 2 (95% interval {}), {} at σ_g = 3",
            text("escape-low"),
            text("low-interval"),
            text("escape-rising"),
            text("escape-mid"),
            text("mid-interval"),
            text("escape-hot")
        )?;
        writeln!(
            f,
            "  Kramers' estimate of the escape, temperature ησ_g²/2: {} at σ_g = 1, {} at σ_g = 1.5, {} at σ_g = 2",
            text("kramers-low"),
            text("kramers-rising"),
            text("kramers-mid")
        )?;
        writeln!(
            f,
            "  lowest mean final loss above the deep minimum: {} at σ_g = {} (against {} at σ_g = 1 and {} at σ_g = 5)",
            text("best-excess"),
            text("best-noise"),
            text("low-excess"),
            text("high-excess")
        )?;
        writeln!(
            f,
            "  at σ_g = 1: the shallow well's height above the deep one, 2.25, plus its noise floor's mean height (a/2)·ησ_g²/(a(2 − ηa)) = {}",
            text("low-jitter")
        )?;
        writeln!(f)?;
        writeln!(
            f,
            "Random symmetric D × D matrices ((W + Wᵀ)/2), {} of each size: share with every eigenvalue positive",
            text("rarity-samples")
        )?;
        writeln!(f, "  D   positive definite        exact    2⁻ᴰ")?;
        for (r, exact) in self.rarities.iter().zip(&self.exact_rarities) {
            writeln!(
                f,
                "  {}   {:<8} ± {:<8} ({:>5})  {:<8} {}",
                r.d,
                decimals(r.fraction(), 4),
                decimals(r.error(), 4),
                r.positive,
                decimals(*exact, 4),
                decimals(r.coin_flips(), 4)
            )?;
        }
        writeln!(
            f,
            "  D = 2: {} ± {} against the exact (2 − √2)/4 = {}; D = 3: {} against {}; D = 4: {} against {}",
            text("rarity-2"),
            text("rarity-2-error"),
            text("rarity-2-exact"),
            text("rarity-3"),
            text("rarity-3-exact"),
            text("rarity-4"),
            text("rarity-4-exact")
        )
    }
}

/// Chapter 7 for the kit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chapter7;

impl Chapter for Chapter7 {
    fn number(&self) -> u32 {
        7
    }

    fn title(&self) -> &'static str {
        "When the bowl is not a bowl"
    }

    fn about(&self) -> &'static str {
        "With no options: prints the chapter's report (basins of the double well,
escape from the saddle, the crawl on the cubic, Himmelblau's critical
points, noise that escapes, random Hessians) and redraws the book's figures
in book/src/figures/chapter7/.

With options: walks down the landscape you choose from the start you give,
with plain or noisy gradient descent, and draws the walk in
target/downhill/chapter7/ (the book's figures are left alone)."
    }

    fn options(&self) -> &'static [harness::cli::Opt] {
        readers::OPTIONS
    }

    fn examples(&self) -> &'static [&'static str] {
        readers::EXAMPLES
    }

    fn runs_descent(&self) -> bool {
        true
    }

    fn book_run(&self) -> Run {
        let report = Report::compute();
        Run {
            report: report.to_string(),
            quotes: report.quotes(),
            figures: figures::figures(&report),
            data: None,
            trace: Some(Trace {
                what: format!(
                    "the walk on the double well from θ₀ = {JUMP_START} with η = {LARGE_ETA}"
                ),
                table: Table::trace(&report.large_walk, &["theta"]),
            }),
        }
    }

    fn readers_run(&self, args: &mut Args) -> Result<Run, CliError> {
        readers::run(args)
    }

    fn exercises(&self) -> Vec<Exercise> {
        exercise_checks::readers_exercises()
    }

    fn reference_exercises(&self) -> Option<Vec<Exercise>> {
        exercise_checks::reference_exercises()
    }
}
