//! The reader's own experiment: a polynomial of their degree fitted to
//! their noisy points, exactly with their L2 strength and by gradient
//! descent from zero stopped at their step.

use descent::linalg::{gram, symmetric_eigen};
use descent::penalty::L2;
use descent::{GradientDescent, StoppingRules, Trajectory, descend};
use harness::cli::{Args, CliError, Opt};
use harness::format::{scientific, significant};
use harness::table::Table;
use harness::{Run, Trace};

use crate::basis::{Draw, Legendre, NOISE, POINTS, SEED, TEST_POINTS, VALIDATION_POINTS};
use crate::basis::{Featured, FeaturedLoss, GridMoments, inputs, min_norm, mse, ridge};
use crate::degree::{best_expected, expected_test_errors};
use crate::interpolation::{expected_error, fit_matrix};

/// The report lists the expected test error of least squares for the
/// degrees from 0 to this (or to `n − 1`, if fewer).
pub const DEGREES_LISTED: usize = 15;

/// The names of the coefficients in a trace: `theta0`, `theta1`, …, the
/// `θⱼ` of the prose.
pub fn coefficient_names(count: usize) -> Vec<String> {
    (0..count).map(|j| format!("theta{j}")).collect()
}

/// `--degree`: the polynomial's degree `k`.
pub const DEGREE: Opt = Opt::count(
    "--degree",
    "K",
    0,
    40,
    "the degree k of the polynomial, 0 to 40 (default 11)",
);

/// `--points`: how many training points.
pub const POINTS_OPTION: Opt = Opt::count(
    "--points",
    "N",
    2,
    100,
    "the number n of evenly spaced training points, 2 to 100 (default 12)",
);

/// `--noise`: the noise's standard deviation.
pub const NOISE_OPTION: Opt = Opt::number(
    "--noise",
    "SIGMA",
    0.0,
    10.0,
    "the standard deviation σ of the noise, 0 to 10 (default 0.2)",
);

/// `--mu`: the L2 strength.
pub const MU: Opt = Opt::number(
    "--mu",
    "MU",
    0.0,
    1e6,
    "the L2 strength μ of the exact fit, 0 to 10⁶ (default 0); with μ = 0\n\
     and k ≥ n, the interpolant with the smallest coefficients",
);

/// `--stop`: the early-stopping step.
pub const STOP: Opt = Opt::count(
    "--stop",
    "T",
    0,
    10_000,
    "stop gradient descent from zero after T steps, 0 to 10000 (default 1000);\n\
     it walks down the same penalised loss at η = 1/λ_max",
);

/// `--taper`: scale feature `j` by `1/(j + 1)`, as the double-descent
/// section does.
pub const TAPER: Opt = Opt::flag(
    "--taper",
    "scale Legendre feature j by 1/(j + 1), as the book's double-descent curve does;\n\
     it changes which interpolant has the smallest coefficients, and what ridge\n\
     penalises, but not the least-squares fit",
);

/// `--seed`: the noise's seed.
pub const SEED_OPTION: Opt = Opt::seed(
    "--seed",
    "seed of the noise and of the validation and test points (default 6)",
);

/// Every option of the reader's run.
pub fn options() -> &'static [Opt] {
    &[
        DEGREE,
        POINTS_OPTION,
        NOISE_OPTION,
        MU,
        STOP,
        TAPER,
        SEED_OPTION,
    ]
}

/// The settings of a reader's run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// The degree `k`.
    pub degree: usize,
    /// The number of points `n`.
    pub points: usize,
    /// The noise `σ`.
    pub noise: f64,
    /// The L2 strength `μ`.
    pub mu: f64,
    /// The early-stopping step `T`.
    pub stop: usize,
    /// Whether the features are tapered.
    pub taper: bool,
    /// The seed.
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            degree: POINTS - 1,
            points: POINTS,
            noise: NOISE,
            mu: 0.0,
            stop: 1000,
            taper: false,
            seed: SEED,
        }
    }
}

/// A number as it goes into a file name: as Rust writes it, or in
/// scientific notation when that is long.
fn name_number(v: f64) -> String {
    let text = format!("{v}");
    if text.len() > 12 {
        format!("{v:e}")
    } else {
        text
    }
}

impl Settings {
    /// The reader's figure's name, made of the options.
    pub fn file_name(&self) -> String {
        format!(
            "degree-{}-points-{}-noise-{}-mu-{}-stop-{}{}-seed-{}.svg",
            self.degree,
            self.points,
            name_number(self.noise),
            name_number(self.mu),
            self.stop,
            if self.taper { "-tapered" } else { "" },
            self.seed
        )
    }

    /// The model: degree `k`, tapered or not.
    pub fn model(&self) -> Legendre {
        Legendre {
            degree: self.degree,
            tapered: self.taper,
        }
    }

    /// The data: `n` training points, and validation and test points.
    pub fn draw(&self) -> Draw {
        Draw::new(
            self.points,
            self.noise,
            self.seed,
            VALIDATION_POINTS,
            TEST_POINTS,
        )
    }
}

/// What a reader's run computes.
#[derive(Debug, Clone, PartialEq)]
pub struct Experiment {
    /// Its settings.
    pub settings: Settings,
    /// The data.
    pub draw: Draw,
    /// The exact fit (ridge, least squares, or the smallest-norm
    /// interpolant), or `None` when Cholesky meets a pivot that is not
    /// positive: the system is too ill-conditioned for double precision.
    pub exact: Option<Vec<f64>>,
    /// The curvatures of the penalised loss: `(λ_max, λ_min)` of `XᵀX/n + μI`,
    /// where with more coefficients than points and `μ = 0`, `λ_min` is the
    /// smallest of the `n` curvatures that are not zero.
    pub curvatures: (f64, f64),
    /// Gradient descent from zero.
    pub walk: Trajectory,
}

impl Experiment {
    /// Run the settings.
    pub fn run(settings: Settings) -> Self {
        let draw = settings.draw();
        let model = settings.model();
        let exact = if settings.mu > 0.0 {
            ridge(&model, &draw.train, settings.mu)
        } else {
            min_norm(&model, &draw.train)
        };
        let mut h = gram(&model.design(&draw.train));
        for j in 0..h.rows() {
            h[(j, j)] += settings.mu;
        }
        let eigen = symmetric_eigen(&h);
        let eta = 1.0 / eigen.max();
        let nonzero = eigen.values.len().min(settings.points);
        let smallest = if settings.mu == 0.0 {
            eigen.values[nonzero - 1]
        } else {
            eigen.min()
        };
        let featured = Featured::new(&model, &draw.train);
        let risk = FeaturedLoss {
            data: &featured,
            count: model.count(),
        };
        let walk = descend(
            &L2 {
                inner: risk,
                mu: settings.mu,
            },
            &mut GradientDescent { eta },
            &vec![0.0; model.count()],
            &StoppingRules::budget(settings.stop),
        );
        Experiment {
            settings,
            draw,
            exact,
            curvatures: (eigen.max(), smallest),
            walk,
        }
    }

    /// The model.
    pub fn model(&self) -> Legendre {
        self.settings.model()
    }

    /// The rate of the walk.
    pub fn eta(&self) -> f64 {
        1.0 / self.curvatures.0
    }

    /// What the run prints.
    pub fn describe(&self) -> String {
        let s = self.settings;
        let model = self.model();
        let mut text = format!(
            "Chapter 6: a polynomial of degree {} fitted to {} evenly spaced points, noise σ = {} (seed {}){}.\n",
            s.degree,
            s.points,
            significant(s.noise, 6),
            s.seed,
            if s.taper {
                ", features tapered by 1/(j + 1)"
            } else {
                ""
            }
        );
        let kind = if s.mu > 0.0 {
            format!("ridge with μ = {}", significant(s.mu, 6))
        } else if model.count() > s.points {
            format!(
                "the interpolant with the smallest coefficients ({} coefficients, {} points)",
                model.count(),
                s.points
            )
        } else {
            "least squares".to_string()
        };
        let errors = |theta: &[f64]| {
            format!(
                "training {}, validation {}, test {}",
                significant(mse(&model, theta, &self.draw.train), 4),
                significant(mse(&model, theta, &self.draw.validation), 4),
                significant(mse(&model, theta, &self.draw.test), 4)
            )
        };
        match &self.exact {
            Some(theta) => text.push_str(&format!(
                "  exact fit, {kind}: mean squared errors {}\n",
                errors(theta)
            )),
            None => text.push_str(&format!(
                "  exact fit, {kind}: Cholesky met a pivot that is not positive; the system is too\n  ill-conditioned to solve in double precision (try fewer degrees, more points, or μ > 0)\n"
            )),
        }
        let (largest, smallest) = self.curvatures;
        let flat = model.count().saturating_sub(s.points);
        let which = if s.mu == 0.0 && flat > 0 {
            let (directions, have, them) = if flat == 1 {
                ("direction", "has", "it")
            } else {
                ("directions", "have", "them")
            };
            format!(
                " ({flat} more {directions} {have} curvature 0: descent from zero never moves along {them})"
            )
        } else {
            String::new()
        };
        text.push_str(&format!(
            "  curvatures of the loss: λ_max = {}, smallest λ = {}, ratio {}{which}\n",
            significant(largest, 4),
            scientific(smallest, 2),
            if smallest > 0.0 {
                significant(largest / smallest, 3)
            } else {
                "∞".to_string()
            }
        ));
        text.push_str(&format!(
            "  gradient descent from zero, η = 1/λ_max = {}, {} steps: {}\n",
            significant(self.eta(), 4),
            self.walk.steps(),
            errors(self.walk.final_point())
        ));
        if s.stop > 0 {
            text.push_str(&format!(
                "  stopping at step {} acts like an extra L2 strength of about 1/(ηT) = {}\n",
                s.stop,
                significant(1.0 / (self.eta() * s.stop as f64), 3)
            ));
        }
        text.push_str(&format!(
            "  the noise alone scores σ² = {} on average\n",
            significant(s.noise * s.noise, 4)
        ));
        text.push_str(&self.expected_errors());
        text
    }

    /// The exact expected test errors over many data sets at these inputs
    /// and this noise: of the exact fit, and of least squares at every
    /// degree up to [`DEGREES_LISTED`], with the best of them.
    fn expected_errors(&self) -> String {
        let s = self.settings;
        let model = self.model();
        let xs = inputs(s.points);
        let mut text = String::new();
        if let Some(a) = fit_matrix(&model, &xs, s.mu) {
            let moments = GridMoments::new(&model);
            let (bias2, variance) = expected_error(&a, &xs, &moments, s.noise);
            text.push_str(&format!(
                "  over many data sets at these inputs (exact), the exact fit's expected test error is\n  bias² {} + variance {} + σ² {} = {}\n",
                significant(bias2, 3),
                significant(variance, 3),
                significant(s.noise * s.noise, 3),
                significant(bias2 + variance + s.noise * s.noise, 4)
            ));
        }
        let errors = expected_test_errors(s.points, s.noise, DEGREES_LISTED);
        if errors.is_empty() {
            return text;
        }
        let listed: Vec<String> = errors
            .iter()
            .map(|(k, e)| format!("{k}: {}", significant(*e, 4)))
            .collect();
        let (best, smallest) = best_expected(&errors);
        text.push_str(&format!(
            "  least squares, expected test error by degree (exact): {}\n  smallest at degree {best}: {}\n",
            listed.join(", "),
            significant(smallest, 4)
        ));
        text
    }

    /// The trace of the walk.
    pub fn trace(&self) -> Trace {
        let names = coefficient_names(self.model().count());
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        Trace {
            what: format!(
                "gradient descent from zero at degree {} with η = {}",
                self.settings.degree,
                significant(self.eta(), 6)
            ),
            table: Table::trace(&self.walk, &refs),
        }
    }
}

/// The reader's run from the command line.
pub fn run(args: &mut Args) -> Result<Run, CliError> {
    let defaults = Settings::default();
    let settings = Settings {
        degree: args.count(&DEGREE, defaults.degree)?,
        points: args.count(&POINTS_OPTION, defaults.points)?,
        noise: args.number(&NOISE_OPTION, defaults.noise)?,
        mu: args.number(&MU, defaults.mu)?,
        stop: args.count(&STOP, defaults.stop)?,
        taper: args.flag(&TAPER),
        seed: args.seed(&SEED_OPTION, defaults.seed)?,
    };
    args.finish()?;
    let experiment = Experiment::run(settings);
    let mut run = Run::new(experiment.describe());
    run.figures = vec![crate::figures::readers(&experiment)];
    run.data = Some(Table::data(&experiment.draw.train, &["x"], "y"));
    run.trace = Some(experiment.trace());
    Ok(run)
}
