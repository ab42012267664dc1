//! Chapter 11: epilogue, learning as descent.
//!
//! The epilogue runs no experiment of its own. Each of its six lessons
//! stands on numbers an earlier chapter has measured, and this crate asks
//! that chapter's own code for them, with the chapter's own settings:
//!
//! 1. many small corrections: Xiao Ming's story at two learning rates, the
//!    safe rates of one animal's loss and of all five (chapter 10), and
//!    chapter 2's step counts;
//! 2. the bottom is approached, not reached: chapter 2's floating-point floor
//!    and one-step rate, chapter 5's noise floor and decaying rate;
//! 3. randomness escapes small valleys, at a price: chapter 7's noisy walks;
//! 4. a model's answers are probabilities, to be checked: chapter 10's "90%
//!    cat", the logit from which a double rounds the probability to 1, and
//!    the story's final probabilities;
//! 5. a model is useful for what it leaves out: chapter 6's misspecified line,
//!    its polynomials of every degree and its double-descent curve;
//! 6. the shape of the landscape sets the pace: chapter 4's ten points, raw
//!    and standardised, and chapter 8's bowl of condition number 100 walked
//!    by gradient descent and by the heavy ball.
//!
//! [`Report::gather`] collects them; [`Chapter11`] prints them. The book shows
//! the earlier chapters' figures again rather than drawing new ones.

pub mod exercise_checks;

use std::fmt;

use descent::{Outcome, Schedule, StoppingRules, Trajectory};
use harness::exercise::Exercise;
use harness::format::{decimals, scientific, significant, steps};
use harness::quote::{Quote, text_of};
use harness::{Chapter, Run};

use chapter4::{Scaling, Walk, book_walk};
use chapter8::experiments::{KAPPA, Method, Tuned, tuned};

use chapter2::{
    BOWL, COUNT_BUDGET, Ending, FLOOR_BUDGET, FLOOR_RATE, SETTLE_BUDGET, SHIFTED, SHIFTED_START,
    START, TOLERANCE, ending_rates, frozen_step, in_epsilons,
};
use chapter5::bowl::{expected_square, noise_floor};
use chapter5::{BOWL_A, BOWL_SIGMA2, BOWL_START, FLOOR_ETAS, SCHEDULE_STEPS, schedules};
use chapter6::basis::{NOISE, POINTS, book_draw};
use chapter6::degree::{DegreeFit, best_degree, sweep};
use chapter6::interpolation::{self, SweepPoint};
use chapter6::sources::Misspecified;
use chapter7::noise;
use chapter10::penguins::safe_rate;
use chapter10::story::{ANIMALS, Animal, HASTY_ETA, STORY_ETA, Story};
use descent::data::{DataSet, Sample};

/// The rates of chapter 2's step counts the epilogue quotes: the ant, a
/// good rate, and the one-step rate `1/a`.
pub const COUNT_RATES: [f64; 3] = [0.01, 0.5, 1.0];

/// Chapter 7's noise levels the epilogue quotes: too little, enough to
/// escape, the best final loss, too much. Each is given with its place in
/// chapter 7's list, which seeds its walks.
pub const NOISE_LEVELS: [f64; 4] = [1.0, 2.0, 3.0, 5.0];

/// Where `sigma` stands in chapter 7's list of noise levels (its walks'
/// seeds depend on it).
fn level(sigma: f64) -> usize {
    noise::SCALES
        .iter()
        .position(|&s| s == sigma)
        .expect("a noise level of chapter 7")
}

/// Which animal of Xiao Ming's story is which.
pub fn animal(name: &str) -> usize {
    ANIMALS
        .iter()
        .position(|a| a.short == name)
        .expect("an animal of the story")
}

/// Every number the epilogue quotes, from the chapters that measured it.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Chapter 2: how each rate of [`COUNT_RATES`] ends on the bowl
    /// `x²/2` from 2, under the gradient tolerance `10⁻⁶`.
    pub counts: Vec<(f64, Outcome)>,
    /// Chapter 2: the walk with `η = 0.1` toward a bottom at `c = 1`.
    pub floor_walk: Trajectory,
    /// Chapter 2 (its appendix on floating point): where the same walk ends
    /// for every rate `0.05, 0.10, …, 1.95`.
    pub endings: Vec<Ending>,
    /// Chapter 5: the noise floor of the constant rate `η = 0.2`.
    pub noise_floor: f64,
    /// Chapter 5: `E[x²]` after 10 000 steps of the constant rate and of
    /// the decay `η₀/(1 + t/τ)`.
    pub schedule_ends: [f64; 2],
    /// Chapter 7: the noisy walks from the shallow well at each of
    /// [`NOISE_LEVELS`].
    pub noise: Vec<noise::Scale>,
    /// Chapter 10: Xiao Ming's five corrections at `η = 0.5` …
    pub story: Story,
    /// … and the hasty learner's at `η = 2`.
    pub hasty: Story,
    /// Chapter 6: a line through twelve noise-free points of the curve.
    pub misspecified: Misspecified,
    /// Chapter 6: polynomials of every degree on the book's data set.
    pub fits: Vec<DegreeFit>,
    /// Chapter 6: the expected test error of the smallest-norm fit with
    /// `d = 1, …, 40` tapered features, the double-descent curve.
    pub double_descent: Vec<SweepPoint>,
    /// Chapter 4: the ten points `x = 1, …, 10`, raw and standardised, each
    /// walked at its best fixed rate.
    pub scalings: [Walk; 2],
    /// Chapter 8: the bowl of condition number 100, walked by gradient
    /// descent at its best rate and by the heavy ball at its best pair.
    pub momentum: [Tuned; 2],
}

impl Report {
    // ANCHOR: gather
    /// Ask each chapter's own code for the numbers the epilogue quotes.
    pub fn gather() -> Self {
        // Chapter 2: walks on the bowl x²/2 from x₀ = 2, and toward c = 1.
        let budget = StoppingRules::budget(COUNT_BUDGET);
        let tolerance = budget.with_gradient_tolerance(TOLERANCE);
        let counts = COUNT_RATES
            .iter()
            .map(|&eta| (eta, chapter2::walk(&BOWL, START, eta, &tolerance).outcome))
            .collect();
        let floor_walk = chapter2::walk(
            &SHIFTED,
            SHIFTED_START,
            FLOOR_RATE,
            &StoppingRules::budget(FLOOR_BUDGET),
        );
        let endings = ending_rates()
            .into_iter()
            .map(|eta| {
                chapter2::ending(&SHIFTED, SHIFTED_START, eta, SETTLE_BUDGET)
                    .expect("every walk of the grid settles")
            })
            .collect();
        // Chapter 5: the noisy bowl, exactly, under a constant and a decaying rate.
        let eta = FLOOR_ETAS[0];
        let end = |schedule: &Schedule| {
            expected_square(schedule, BOWL_A, BOWL_SIGMA2, BOWL_START, SCHEDULE_STEPS)
                [SCHEDULE_STEPS]
        };
        let (constant, decaying) = (&schedules()[0].1, &schedules()[1].1);
        // Chapter 7: 300 noisy walks per level, each with its own seed.
        let noise = NOISE_LEVELS
            .iter()
            .map(|&sigma| {
                let k = level(sigma);
                noise::scale(noise::ETA, sigma, noise::STEPS, noise::RUNS, noise::SEED, k)
            })
            .collect();
        // Chapter 6: the twelve points, and every degree from 0 to 11; the
        // smallest-norm fits of up to 40 tapered features.
        let fits = sweep(&book_draw());
        let double_descent = interpolation::sweep(POINTS, NOISE, interpolation::MOST_FEATURES);
        // Chapter 4: ten points, as measured and standardised.
        let ten = chapter4::data(chapter4::X_RANGE.0, chapter4::X_RANGE.1, chapter4::SEED);
        let scalings = [Scaling::Raw, Scaling::Standardised].map(|s| book_walk(&ten, s));
        // Chapter 8: one bowl, κ = 100, without and with momentum.
        let momentum = [Method::GradientDescent, Method::HeavyBall].map(|m| tuned(KAPPA, m));
        Report {
            counts,
            floor_walk,
            endings,
            noise_floor: noise_floor(eta, BOWL_A, BOWL_SIGMA2),
            schedule_ends: [end(constant), end(decaying)],
            noise,
            // Chapter 10: five corrections, at Xiao Ming's rate and four times it.
            story: Story::tell(STORY_ETA, ANIMALS.len(), 0.0),
            hasty: Story::tell(HASTY_ETA, ANIMALS.len(), 0.0),
            misspecified: Misspecified::fit(),
            fits,
            double_descent,
            scalings,
            momentum,
        }
    }
    // ANCHOR_END: gather

    /// How the walk with rate `eta` of [`COUNT_RATES`] ended.
    pub fn count(&self, eta: f64) -> &Outcome {
        &self
            .counts
            .iter()
            .find(|(e, _)| *e == eta)
            .expect("a rate of COUNT_RATES")
            .1
    }

    /// The step from which the walk toward `c = 1` never moves again, and
    /// its distance `x − 1` there.
    pub fn floor(&self) -> (usize, f64) {
        let step = frozen_step(&self.floor_walk);
        (step, self.floor_walk.final_point()[0] - SHIFTED.minimum)
    }

    /// The smallest and the largest rate of the grid whose walk toward
    /// `c = 1` ends exactly on it.
    pub fn exact_landings(&self) -> (f64, f64) {
        let exact: Vec<f64> = self
            .endings
            .iter()
            .filter(|e| e.exact())
            .map(|e| e.eta)
            .collect();
        (exact[0], exact[exact.len() - 1])
    }

    /// Chapter 7's walks at the noise level `sigma`.
    pub fn noise_level(&self, sigma: f64) -> &noise::Scale {
        self.noise
            .iter()
            .find(|s| s.sigma == sigma)
            .expect("a level of NOISE_LEVELS")
    }

    /// The noise level of [`NOISE_LEVELS`] whose walks end lowest on average.
    pub fn best_noise(&self) -> &noise::Scale {
        let mut best = &self.noise[0];
        for scale in &self.noise {
            if scale.excess < best.excess {
                best = scale;
            }
        }
        best
    }

    /// Steps of chapter 4's walk on the ten points scaled by `scaling` (raw
    /// or standardised) to shrink the excess loss a millionfold.
    pub fn scaling_steps(&self, scaling: Scaling) -> usize {
        self.scalings
            .iter()
            .find(|w| w.scaling == scaling)
            .and_then(Walk::steps_to_tolerance)
            .expect("both of chapter 4's walks arrive")
    }

    /// The degree of chapter 6's sweep with the smallest test error.
    pub fn best_degree(&self) -> usize {
        best_degree(&self.fits)
    }

    /// Chapter 6's double-descent curve: its best point with at most as many
    /// features as points (the classical best), and its last point.
    pub fn double_descent_ends(&self) -> (SweepPoint, SweepPoint) {
        let classical = interpolation::classical_best(&self.double_descent, POINTS, NOISE);
        (
            classical,
            self.double_descent[self.double_descent.len() - 1],
        )
    }

    /// The hasty learner's probability of "cat" for grandmother's black cat
    /// after the correction about `name`.
    pub fn hasty_black_cat_after(&self, name: &str) -> f64 {
        let i = animal(name);
        let correction = self
            .hasty
            .corrections
            .iter()
            .find(|c| c.animal == i)
            .expect("every animal is corrected once");
        correction.after[animal("black cat")]
    }

    /// The numbers the prose quotes, exactly as printed. Each is named as
    /// the chapter that measured it names it, so that the two can be
    /// compared.
    pub fn quotes(&self) -> Vec<Quote> {
        let (floor_step, floor_distance) = self.floor();
        let story = self.story.final_probabilities();
        let hasty = self.hasty.final_probabilities();
        let (low, mid, high) = (
            self.noise_level(1.0),
            self.noise_level(2.0),
            self.noise_level(5.0),
        );
        let best = self.best_noise();
        let top = self.fits.len() - 1;
        let k = self.best_degree();
        let (exact_low, exact_high) = self.exact_landings();
        let (classical, last) = self.double_descent_ends();
        let animal_rate = one_animal_safe_rate();
        vec![
            // Many small corrections.
            Quote::new("after-cat", decimals(story[animal("black cat")], 3)),
            Quote::new(
                "hasty-cat-after-dog",
                decimals(self.hasty_black_cat_after("dog"), 3),
            ),
            Quote::new(
                "hasty-cat-after-toy",
                decimals(self.hasty_black_cat_after("toy"), 3),
            ),
            Quote::new(
                "hasty-cat-after-lion",
                decimals(self.hasty_black_cat_after("lion"), 3),
            ),
            Quote::new("hasty-cat-end", decimals(hasty[animal("black cat")], 3)),
            // One animal's loss curves up by at most a = λ_max(φφᵀ)/4, and
            // its safe rate is 2/a.
            Quote::new("animal-curvature", significant(2.0 / animal_rate, 3)),
            Quote::new("animal-rate", significant(animal_rate, 3)),
            Quote::new("story-safe-rate", decimals(story_safe_rate(&ANIMALS), 2)),
            Quote::new(
                "calm-mean-loss",
                decimals(self.story.trajectory.final_loss(), 3),
            ),
            Quote::new(
                "hasty-mean-loss",
                decimals(self.hasty.trajectory.final_loss(), 3),
            ),
            Quote::new("steps-eta-0.01", steps(self.count(0.01))),
            Quote::new("steps-eta-0.5", steps(self.count(0.5))),
            // The bottom is approached, not reached.
            Quote::new("steps-eta-1", steps(self.count(1.0))),
            Quote::new("floor-step", format!("step {floor_step}")),
            Quote::new("floor-units", in_epsilons(floor_distance, 6)),
            Quote::new("floor-loss", scientific(self.floor_walk.final_loss(), 1)),
            Quote::new(
                "exact-landing-range",
                format!("{exact_low:.2} to {exact_high:.2}"),
            ),
            Quote::new("floor-0.2", decimals(self.noise_floor, 4)),
            Quote::new("end-constant", decimals(self.schedule_ends[0], 4)),
            Quote::new("end-inverse", scientific(self.schedule_ends[1], 1)),
            // Randomness escapes small valleys, at a price.
            Quote::new("noise-runs", noise::RUNS.to_string()),
            Quote::new("escape-low", chapter7::percent(low.probability())),
            Quote::new("escape-mid", chapter7::percent(mid.probability())),
            Quote::new("low-excess", decimals(low.excess, 2)),
            Quote::new("best-noise", significant(best.sigma, 3)),
            Quote::new("best-excess", decimals(best.excess, 2)),
            Quote::new("high-excess", decimals(high.excess, 2)),
            // A model's answers are probabilities, to be checked.
            Quote::new("ninety-logit", decimals(9f64.ln(), 3)),
            Quote::new("certain-logit", certain_logit().to_string()),
            Quote::new("after-lion", decimals(story[animal("lion")], 3)),
            Quote::new("after-house", decimals(story[animal("house cat")], 3)),
            // A model is useful for what it leaves out.
            Quote::new(
                "misspec-ms",
                significant(self.misspecified.mean_square(), 3),
            ),
            Quote::new(
                "misspec-changes",
                self.misspecified.sign_changes().to_string(),
            ),
            Quote::new("best-degree", k.to_string()),
            Quote::new("best-test", decimals(self.fits[k].test, 4)),
            Quote::new("test-11", decimals(self.fits[top].test, 3)),
            Quote::new("dd-classical-d", classical.features.to_string()),
            Quote::new("dd-classical", decimals(classical.test(NOISE), 4)),
            Quote::new("dd-last-d", last.features.to_string()),
            Quote::new("dd-last", decimals(last.test(NOISE), 4)),
            // The shape of the landscape sets the pace.
            Quote::new(
                "raw-kappa",
                decimals(self.scalings[0].curvature.condition_number(), 1),
            ),
            Quote::new("raw-steps", self.scaling_steps(Scaling::Raw).to_string()),
            Quote::new(
                "standardised-steps",
                self.scaling_steps(Scaling::Standardised).to_string(),
            ),
            Quote::new("gd-steps", self.momentum[0].steps.to_string()),
            Quote::new("hb-steps", self.momentum[1].steps.to_string()),
        ]
    }
}

/// Chapter 10's safe rate (10.6), `8/λ_max(XᵀX/n)`, for the loss of the
/// `animals` of Xiao Ming's story: below it every step on their mean loss goes
/// downhill.
pub fn story_safe_rate(animals: &[Animal]) -> f64 {
    let data = DataSet::new(
        animals
            .iter()
            .map(|a| Sample {
                x: a.x.to_vec(),
                y: a.y,
            })
            .collect(),
    );
    safe_rate(&data)
}

/// The safe rate of one animal's loss alone, the smallest over the five (they
/// are all the same: every `φ` has eight entries `±1`).
pub fn one_animal_safe_rate() -> f64 {
    ANIMALS
        .iter()
        .map(|a| story_safe_rate(std::slice::from_ref(a)))
        .fold(f64::INFINITY, f64::min)
}

/// The smallest whole logit `z` at which the logistic function, computed in
/// doubles as `descent` computes it, gives exactly `p = 1`.
pub fn certain_logit() -> u32 {
    (1..)
        .find(|&z| descent::loss::sigmoid(f64::from(z)) == 1.0)
        .expect("p rounds to 1")
}

/// The quotes the epilogue computes with an earlier chapter's code but that
/// chapter does not itself quote; the tests check them against independent
/// computations like every other quote.
pub const EPILOGUE_ONLY: [&str; 8] = [
    "hasty-cat-after-dog",
    "hasty-cat-after-lion",
    "animal-curvature",
    "animal-rate",
    "story-safe-rate",
    "calm-mean-loss",
    "hasty-mean-loss",
    "certain-logit",
];

/// The chapter each quote of the epilogue comes from, by the quote's name
/// (which is also that chapter's name for it).
pub fn source_chapter(name: &str) -> u32 {
    match name {
        "after-cat"
        | "hasty-cat-after-dog"
        | "hasty-cat-after-toy"
        | "hasty-cat-after-lion"
        | "hasty-cat-end"
        | "animal-curvature"
        | "animal-rate"
        | "story-safe-rate"
        | "calm-mean-loss"
        | "hasty-mean-loss"
        | "ninety-logit"
        | "certain-logit"
        | "after-lion"
        | "after-house" => 10,
        "steps-eta-0.01"
        | "steps-eta-0.5"
        | "steps-eta-1"
        | "floor-step"
        | "floor-units"
        | "floor-loss"
        | "exact-landing-range" => 2,
        "floor-0.2" | "end-constant" | "end-inverse" => 5,
        "noise-runs" | "escape-low" | "escape-mid" | "low-excess" | "best-noise"
        | "best-excess" | "high-excess" => 7,
        "misspec-ms" | "misspec-changes" | "best-degree" | "best-test" | "test-11"
        | "dd-classical-d" | "dd-classical" | "dd-last-d" | "dd-last" => 6,
        "raw-kappa" | "raw-steps" | "standardised-steps" => 4,
        "gd-steps" | "hb-steps" => 8,
        other => panic!("the epilogue quotes no number called {other}"),
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let q = self.quotes();
        let t = |name: &str| text_of(&q, name);
        writeln!(f, "Chapter 11: epilogue, learning as descent")?;
        writeln!(
            f,
            "Every number below is computed by the earlier chapters' own code."
        )?;
        writeln!(f)?;
        writeln!(f, "1. Learning is many small corrections")?;
        writeln!(
            f,
            "  chapter 10: after five corrections grandma's black cat is {} cat at η = {STORY_ETA},",
            t("after-cat")
        )?;
        writeln!(
            f,
            "              {} at η = {HASTY_ETA} (the hasty learner), after being {} after the dog's",
            t("hasty-cat-end"),
            t("hasty-cat-after-dog")
        )?;
        writeln!(
            f,
            "              correction, {} after the toy's and {} after the lion's",
            t("hasty-cat-after-toy"),
            t("hasty-cat-after-lion")
        )?;
        writeln!(
            f,
            "  chapter 10: one animal's loss curves up by at most {}, safe rate {}; the five animals'",
            t("animal-curvature"),
            t("animal-rate")
        )?;
        writeln!(
            f,
            "              mean loss has safe rate {}; it ends at {} at η = {STORY_ETA}, {} at η = {HASTY_ETA}",
            t("story-safe-rate"),
            t("calm-mean-loss"),
            t("hasty-mean-loss")
        )?;
        writeln!(
            f,
            "  chapter 2:  on x²/2 from 2, |f′| ≤ 10⁻⁶ takes {} at η = 0.01 and {} at η = 0.5",
            t("steps-eta-0.01"),
            t("steps-eta-0.5")
        )?;
        writeln!(f)?;
        writeln!(f, "2. The bottom is approached, not reached")?;
        writeln!(
            f,
            "  chapter 2:  the one-step rate η = 1/a lands on the bottom in {}",
            t("steps-eta-1")
        )?;
        writeln!(
            f,
            "  chapter 2:  toward c = 1 with η = {FLOOR_RATE} the walk stops moving at {}, {} from c, loss {}",
            t("floor-step"),
            t("floor-units"),
            t("floor-loss")
        )?;
        writeln!(
            f,
            "  chapter 2:  rounding lands the same walk exactly on c for every rate from {} (grid of 0.05)",
            t("exact-landing-range")
        )?;
        writeln!(
            f,
            "  chapter 5:  the noise floor of η = {} is {}; after {SCHEDULE_STEPS} steps E[x²] is {} (constant)",
            FLOOR_ETAS[0],
            t("floor-0.2"),
            t("end-constant")
        )?;
        writeln!(f, "              and {} (η₀/(1 + t/τ))", t("end-inverse"))?;
        writeln!(f)?;
        writeln!(f, "3. Randomness helps escape small valleys, at a price")?;
        writeln!(
            f,
            "  chapter 7:  {} noisy walks per level from the shallow well, {} steps of η = {}:",
            t("noise-runs"),
            noise::STEPS,
            noise::ETA
        )?;
        writeln!(
            f,
            "              escaped {} at σ_g = 1 and {} at σ_g = 2",
            t("escape-low"),
            t("escape-mid")
        )?;
        writeln!(
            f,
            "              final loss above the deep minimum {} at σ_g = 1, {} at σ_g = {}, {} at σ_g = 5",
            t("low-excess"),
            t("best-excess"),
            t("best-noise"),
            t("high-excess")
        )?;
        writeln!(f)?;
        writeln!(f, "4. A model's answers are probabilities, to be checked")?;
        writeln!(
            f,
            "  chapter 10: \"90% cat\" is a logit of ln 9 = {}; in doubles p rounds to 1 from z = {} on",
            t("ninety-logit"),
            t("certain-logit")
        )?;
        writeln!(
            f,
            "              after five corrections the lion is {} cat, the house cat {}",
            t("after-lion"),
            t("after-house")
        )?;
        writeln!(f)?;
        writeln!(f, "5. A model is useful for what it leaves out")?;
        writeln!(
            f,
            "  chapter 6:  a line through 12 noise-free points of the curve misses them by a mean square of {},",
            t("misspec-ms")
        )?;
        writeln!(
            f,
            "              with {} sign changes among 11 neighbouring misses",
            t("misspec-changes")
        )?;
        writeln!(
            f,
            "  chapter 6:  test error {} at degree 11 (through every point), {} at degree {} (the best)",
            t("test-11"),
            t("best-test"),
            t("best-degree")
        )?;
        writeln!(
            f,
            "  chapter 6:  smallest-norm fits from zero, tapered features: {} at d = {} (the best with",
            t("dd-classical"),
            t("dd-classical-d")
        )?;
        writeln!(
            f,
            "              d ≤ n = {POINTS}), {} at d = {} (the last of the second descent)",
            t("dd-last"),
            t("dd-last-d")
        )?;
        writeln!(f)?;
        writeln!(f, "6. The shape of the landscape sets the pace")?;
        writeln!(
            f,
            "  chapter 4:  ten raw points, κ = {}: {} steps at the best fixed rate to shrink the excess",
            t("raw-kappa"),
            t("raw-steps")
        )?;
        writeln!(
            f,
            "              loss a millionfold; standardised, κ = 1: {} step",
            t("standardised-steps")
        )?;
        writeln!(
            f,
            "  chapter 8:  the bowl κ = {KAPPA}: {} steps of gradient descent, {} of the heavy ball,",
            t("gd-steps"),
            t("hb-steps")
        )?;
        writeln!(
            f,
            "              each at its best settings, to shrink the distance a millionfold"
        )?;
        Ok(())
    }
}

/// The chapter, for `harness::main` and `harness::check`.
pub struct Chapter11;

impl Chapter for Chapter11 {
    fn number(&self) -> u32 {
        11
    }

    fn title(&self) -> &'static str {
        "Epilogue: learning as descent"
    }

    fn about(&self) -> &'static str {
        "Prints the numbers the epilogue quotes, each computed by the code of the
chapter that measured it (chapters 2, 4, 5, 6, 7, 8 and 10), under the lesson it
supports. The epilogue draws no figures of its own: it shows those chapters'
figures again. To vary an experiment, run its own chapter with options."
    }

    fn book_run(&self) -> Run {
        let report = Report::gather();
        let mut run = Run::new(report.to_string());
        run.quotes = report.quotes();
        run
    }

    fn exercises(&self) -> Vec<Exercise> {
        exercise_checks::readers_exercises()
    }

    fn reference_exercises(&self) -> Option<Vec<Exercise>> {
        exercise_checks::reference_exercises()
    }
}
