//! Chapter 4's numbers against closed forms and independent computations,
//! and its command line; the kit's check covers figures, quotes and
//! exercises.

use approx::assert_relative_eq;
use chapter4::*;
use descent::data::{DataSet, Sample};
use descent::derivative::numerical_gradient;
use descent::linalg::{Matrix, condition_number, symmetric_eigen};
use descent::line::{MeanSquaredError, SampleLoss, hessian, least_squares, sample_gradient};
use descent::{Objective, Outcome};
use harness::Output;
use harness::cli::CliError;
use harness::format::{decimals, scientific, significant};
use harness::paths::{book_figures, readers_figures};

/// The book's run, computed once for all the tests of this file.
fn report() -> &'static Report {
    static REPORT: std::sync::OnceLock<Report> = std::sync::OnceLock::new();
    REPORT.get_or_init(Report::compute)
}

fn run_cli<'a>(arguments: impl IntoIterator<Item = &'a str>) -> Result<Output, CliError> {
    harness::run_cli(&Chapter4, arguments)
}

#[test]
fn the_chapter_passes_the_kits_check() {
    harness::check(&Chapter4);
}

#[test]
fn one_point_is_a_trough_with_a_singular_hessian_and_its_floor_line() {
    let s = Sample { x: 2.5, y: -1.0 };
    let one = SampleLoss { sample: s };
    // The Hessian by finite differences of the gradient: [[x², x], [x, 1]].
    let h = 1e-5;
    let p = [0.7, 0.3];
    let mut hess = [[0.0; 2]; 2];
    for j in 0..2 {
        let mut up = p;
        let mut down = p;
        up[j] += h;
        down[j] -= h;
        let (gu, gd) = (one.gradient(&up), one.gradient(&down));
        for i in 0..2 {
            hess[i][j] = (gu[i] - gd[i]) / (2.0 * h);
        }
    }
    let expected = [[s.x * s.x, s.x], [s.x, 1.0]];
    for i in 0..2 {
        for j in 0..2 {
            assert!((hess[i][j] - expected[i][j]).abs() < 1e-6, "{hess:?}");
        }
    }
    // Its determinant, from the measured entries: 0 to the accuracy of the
    // differences (x² and x are of order 6 here).
    let det = hess[0][0] * hess[1][1] - hess[0][1] * hess[1][0];
    assert!(det.abs() < 1e-8, "{det}");
    // And its trace is the curvature across the trough, x² + 1.
    assert!((hess[0][0] + hess[1][1] - (s.x * s.x + 1.0)).abs() < 1e-8);
    // Zero loss all along the floor b = y − x·w.
    for w in [-3.0, 0.0, 1.0, 10.0] {
        assert_eq!(one.value(&[w, s.y - s.x * w]), 0.0);
    }
    // A point at x = 0 has no pull on w, ever.
    let origin = Sample { x: 0.0, y: 3.0 };
    for p in [[1.0, 2.0], [-5.0, 7.0]] {
        assert_eq!(sample_gradient(p[0], p[1], &origin)[0], 0.0);
    }
}

#[test]
fn the_mean_loss_hessian_is_made_of_the_inputs() {
    let report = report();
    let data = &report.data;
    // x = 1, …, 10 exactly: mean x = 5.5, mean x² = 38.5.
    let xs: Vec<f64> = data.samples.iter().map(|s| s.x).collect();
    assert_eq!(xs, (1..=10).map(f64::from).collect::<Vec<_>>());
    let h = hessian(data);
    assert_eq!(h, [[38.5, 5.5], [5.5, 1.0]]);
    // The Hessian by finite differences of the mean loss's gradient agrees.
    let loss = MeanSquaredError { data };
    let g0 = loss.gradient(&[0.3, -0.2]);
    let g1 = loss.gradient(&[1.3, -0.2]);
    assert_relative_eq!(g1[0] - g0[0], 38.5, max_relative = 1e-12);
    assert_relative_eq!(g1[1] - g0[1], 5.5, max_relative = 1e-12);
    // The curvatures are the roots of λ² − 39.5λ + 8.25 = 0.
    let raw = report.walk(Scaling::Raw).curvature;
    let root = (39.5f64 * 39.5 - 4.0 * 8.25).sqrt();
    assert_relative_eq!(raw.largest, (39.5 + root) / 2.0, max_relative = 1e-14);
    assert_relative_eq!(raw.smallest, (39.5 - root) / 2.0, max_relative = 1e-12);
    assert_relative_eq!(raw.condition_number(), 187.115_867_8, max_relative = 1e-9);
}

#[test]
fn kappa_and_the_best_rates_match_their_closed_forms() {
    let report = report();
    let raw = report.walk(Scaling::Raw).curvature;
    let centred = report.walk(Scaling::Centred).curvature;
    let standardised = report.walk(Scaling::Standardised).curvature;
    // Centred: H = diag(var x, 1) = diag(8.25, 1).
    assert_relative_eq!(centred.largest, 8.25, max_relative = 1e-14);
    assert_relative_eq!(centred.smallest, 1.0, max_relative = 1e-14);
    assert_relative_eq!(centred.best_rate(), 2.0 / 9.25, max_relative = 1e-14);
    assert_relative_eq!(centred.best_factor(), 7.25 / 9.25, max_relative = 1e-14);
    // Standardised: H = I.
    assert_relative_eq!(standardised.condition_number(), 1.0, max_relative = 1e-14);
    assert_relative_eq!(standardised.best_rate(), 1.0, max_relative = 1e-14);
    // Raw: η* = 2/trace, ρ* = (κ − 1)/(κ + 1), and η* sits below 2/λ_max.
    assert_relative_eq!(raw.best_rate(), 2.0 / 39.5, max_relative = 1e-14);
    let kappa = raw.condition_number();
    assert_relative_eq!(
        1.0 - raw.best_rate() * raw.smallest,
        (kappa - 1.0) / (kappa + 1.0),
        max_relative = 1e-12
    );
    assert_relative_eq!(
        raw.best_rate() * raw.largest - 1.0,
        (kappa - 1.0) / (kappa + 1.0),
        max_relative = 1e-12
    );
    assert!(raw.best_rate() < raw.threshold());
    // Scaling x changes the landscape, not the best line.
    let best = least_squares(&report.data).unwrap();
    for walk in &report.walks {
        // Raw, 1000 steps leave a distance of about ρ*¹⁰⁰⁰ ≈ 2 × 10⁻⁵ of the start's.
        let tolerance = if walk.scaling == Scaling::Raw {
            1e-4
        } else {
            1e-10
        };
        let end = walk.raw_line();
        assert_relative_eq!(end.w, best.w, max_relative = tolerance);
        assert_relative_eq!(end.b, best.b, max_relative = tolerance);
    }
}

#[test]
fn steps_to_a_millionfold_match_the_closed_form() {
    let report = report();
    let expected = [647, 29, 1];
    for (walk, expected) in report.walks.iter().zip(expected) {
        let c = walk.curvature;
        // In two dimensions at the best rate the excess shrinks by exactly
        // ρ*² per step: the step count is ⌈ln 10⁶ / (2 ln(1/ρ*))⌉.
        let closed = if c.best_factor() < 1e-12 {
            1
        } else {
            (1e6f64.ln() / (2.0 * (1.0 / c.best_factor()).ln())).ceil() as usize
        };
        assert_eq!(closed, expected, "{:?}", walk.scaling);
        assert_eq!(walk.steps_to_tolerance(), Some(expected));
        assert_eq!(walk.predicted_steps(), Some(expected));
        assert_eq!(steps_bound(c.condition_number()), expected);
        // And step by step: the measured excess follows ρ*^(2t).
        if expected > 1 {
            let excess = walk.relative_excess();
            for (t, measured) in excess.iter().enumerate().take(expected + 1) {
                let theory = c.best_factor().powi(2 * t as i32);
                assert_relative_eq!(*measured, theory, max_relative = 1e-8);
            }
        }
    }
    // The question's κ = 100 and the rule of thumb 3.45·κ.
    assert_eq!(steps_bound(100.0), 346);
    assert_eq!((1e6f64.ln() / 4.0 * 100.0).round(), 345.0);
}

/// Everything about a line's bowl that the line-search test needs, worked
/// out here from the data with no help from the chapter: `(κ, the unit
/// eigenvector of λ_max, its λ_max, λ_min)`.
fn bowl_of(data: &DataSet) -> (f64, [f64; 2], f64, f64) {
    let n = data.len() as f64;
    let mean = data.samples.iter().map(|s| s.x).sum::<f64>() / n;
    let variance = data
        .samples
        .iter()
        .map(|s| (s.x - mean).powi(2))
        .sum::<f64>()
        / n;
    let mean_square = variance + mean * mean;
    // The larger root of λ² − (mean x² + 1)λ + var(x) = 0, and the smaller
    // from their product, var(x).
    let half = 0.5 * (mean_square + 1.0);
    let largest = half + (0.25 * (mean_square - 1.0).powi(2) + mean * mean).sqrt();
    let smallest = variance / largest;
    // The second row of (H − λ_max I)q = 0, x̄·q₁ + (1 − λ_max)·q₂ = 0,
    // gives q ∝ (λ_max − 1, x̄) = (mean x² − λ_min, x̄).
    let q = [mean_square - smallest, mean];
    let norm = q[0].hypot(q[1]);
    (
        largest / smallest,
        [q[0] / norm, q[1] / norm],
        largest,
        smallest,
    )
}

#[test]
fn exact_line_search_multiplies_the_excess_by_one_factor_set_by_the_start() {
    let report = report();
    for walk in [&report.line_search, &report.line_search_raw] {
        let (kappa, steep, _, _) = bowl_of(&walk.data);
        // The first gradient, split along the steep and the flat direction.
        let g = MeanSquaredError { data: &walk.data }.gradient(&START);
        let along = g[0] * steep[0] + g[1] * steep[1];
        let across = -g[0] * steep[1] + g[1] * steep[0];
        let u = along * along / (along * along + across * across);
        // In eigen-coordinates gᵀg = |g|², gᵀHg and gᵀH⁻¹g are sums over
        // the two directions, and 1 − (gᵀg)²/((gᵀHg)(gᵀH⁻¹g)) comes to
        // m/(1 + m) with m = u(1 − u)(κ − 1)²/κ, the same for g and for
        // the perpendicular direction the next step takes.
        let m = u * (1.0 - u) * (kappa - 1.0).powi(2) / kappa;
        let factor = m / (1.0 + m);
        assert_relative_eq!(walk.predicted_search_factor(), factor, max_relative = 1e-9);
        let measured = walk.step_factors();
        assert!(!measured.is_empty());
        for f in &measured {
            assert_relative_eq!(*f, factor, max_relative = 1e-8);
        }
        // So the steps are the smallest t with factorᵗ ≤ 10⁻⁶.
        let steps = (1e-6f64.ln() / factor.ln()).ceil() as usize;
        assert_eq!(walk.steps_to_tolerance(), Some(steps));
        // Kantorovich: m/(1 + m) is largest at u = ½, where it is
        // ((κ − 1)/(κ + 1))², the square of the best fixed rate's factor.
        let worst = 0.25 * (kappa - 1.0).powi(2) / kappa;
        let bound = ((kappa - 1.0) / (kappa + 1.0)).powi(2);
        assert_relative_eq!(worst / (1.0 + worst), bound, max_relative = 1e-12);
        assert!(factor < bound);
        assert_relative_eq!(
            walk.curvature.best_factor().powi(2),
            bound,
            max_relative = 1e-12
        );
        // The angle between the first gradient and the steep direction.
        let angle = across.abs().atan2(along.abs()).to_degrees();
        assert_relative_eq!(walk.first_gradient_angle(), angle, max_relative = 1e-9);
    }
    // The quoted factors and the angle are these closed forms, printed.
    let closed = |walk: &Walk| {
        let (kappa, steep, _, _) = bowl_of(&walk.data);
        let g = MeanSquaredError { data: &walk.data }.gradient(&START);
        let along = g[0] * steep[0] + g[1] * steep[1];
        let across = -g[0] * steep[1] + g[1] * steep[0];
        let u = along * along / (along * along + across * across);
        let m = u * (1.0 - u) * (kappa - 1.0).powi(2) / kappa;
        (m / (1.0 + m), across.abs().atan2(along.abs()).to_degrees())
    };
    let (centred_factor, _) = closed(&report.line_search);
    let (raw_factor, raw_angle) = closed(&report.line_search_raw);
    assert_eq!(quote("search-factor"), decimals(centred_factor, 4));
    assert_eq!(quote("search-raw-factor"), significant(raw_factor, 2));
    assert_eq!(
        quote("search-raw-angle"),
        format!("{}°", decimals(raw_angle, 2))
    );
    // The two runs of the prose: centred, 27 steps of 0.5929 against the
    // worst start's 0.6143; raw, a first gradient 0.13° off the steep
    // direction and 2 steps of 0.00094, where the worst start needs 647.
    assert_eq!(report.line_search.steps_to_tolerance(), Some(27));
    assert_eq!(report.line_search_raw.steps_to_tolerance(), Some(2));
    assert_eq!(
        steps_bound(report.line_search_raw.curvature.condition_number()),
        647
    );
}

#[test]
fn exact_line_search_turns_right_angles_to_rounding() {
    let report = report();
    let walk = &report.line_search;
    let loss = MeanSquaredError { data: &walk.data };
    // The rounding of a gradient at p: each term (w·x + b − y)·(x, 1) is
    // made of numbers of size (|w·x| + |b| + |y|)·(|x| + 1).
    let size = |p: &[f64]| {
        walk.data
            .samples
            .iter()
            .map(|s| ((p[0] * s.x).abs() + p[1].abs() + s.y.abs()) * (s.x.abs() + 1.0))
            .sum::<f64>()
            / walk.data.len() as f64
    };
    let norm = |g: &[f64]| g[0].hypot(g[1]);
    let cosines = walk.cosines();
    // Every step until the millionfold counts here: the gradients are far
    // above their rounding all the way.
    assert_eq!(cosines.len(), 27);
    for (t, cosine) in cosines.iter().enumerate() {
        let (p0, p1) = (&walk.trajectory.points[t], &walk.trajectory.points[t + 1]);
        let (g0, g1) = (loss.gradient(p0), loss.gradient(p1));
        let direct = (g0[0] * g1[0] + g0[1] * g1[1]).abs() / (norm(&g0) * norm(&g1));
        assert_relative_eq!(*cosine, direct, max_relative = 1e-9);
        // Zero up to rounding: within a few ε of the gradients' sizes
        // relative to the gradients themselves.
        let rounding = 16.0 * f64::EPSILON * (size(p0) / norm(&g0) + size(p1) / norm(&g1));
        assert!(direct <= rounding, "step {t}: {direct} above {rounding}");
    }
    // The prose states the power of ten the largest stays below.
    let worst = walk.worst_cosine().unwrap();
    let quoted = quote("search-cosine");
    let exponent = worst.log10().floor() as i32 + 1;
    assert_eq!(quoted, harness::format::power_of_ten(exponent));
    assert!(worst < 10f64.powi(exponent) && worst >= 10f64.powi(exponent - 1));
    // Once a gradient is rounding noise its direction is meaningless, and
    // the cosine is not counted: standardised, the first step lands.
    let standardised = Walk::run(&report.data, Scaling::Standardised, Method::LineSearch, 5);
    assert_eq!(standardised.worst_cosine(), None);
    // Each step is the minimum along its line: the loss at the chosen rate
    // is below the loss at slightly smaller and larger rates.
    let p = walk.trajectory.points[3].clone();
    let q = walk.trajectory.points[4].clone();
    let along = |s: f64| loss.value(&[p[0] + s * (q[0] - p[0]), p[1] + s * (q[1] - p[1])]);
    assert!(along(1.0) < along(0.99) && along(1.0) < along(1.01));
}

/// The text of the book's quote `name`.
fn quote(name: &str) -> String {
    static QUOTES: std::sync::OnceLock<Vec<harness::quote::Quote>> = std::sync::OnceLock::new();
    harness::quote::text_of(QUOTES.get_or_init(|| report().quotes()), name)
}

/// `(t, (I − ηH)ᵗ·e₀)`: the error of a fixed-rate walk after `t` steps, by
/// repeated squaring of the step matrix, independent of the walk and of
/// any eigenvalue.
fn error_after(h: &Matrix, eta: f64, e0: &[f64], t: u64) -> Vec<f64> {
    let d = e0.len();
    let mut m = Matrix::identity(d);
    let mut step = Matrix::identity(d);
    for i in 0..d {
        for j in 0..d {
            step[(i, j)] -= eta * h[(i, j)];
        }
    }
    let mut k = t;
    while k > 0 {
        if k & 1 == 1 {
            m = m.times(&step);
        }
        step = step.times(&step);
        k >>= 1;
    }
    m.times_vector(e0)
}

#[test]
fn the_penguin_file_counts_as_the_prose_says() {
    // Counted from the CSV text itself, not through the harness's reader.
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../data/penguins.csv"))
            .unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let used = [
        column("flipper_length_mm"),
        column("bill_depth_mm"),
        column("body_mass_g"),
    ];
    let (mut rows, mut incomplete, mut unusable) = (0, 0, 0);
    for line in lines.filter(|l| !l.is_empty()) {
        let cells: Vec<&str> = line.split(',').collect();
        rows += 1;
        if cells.iter().any(|c| *c == "NA" || c.is_empty()) {
            incomplete += 1;
        }
        if used.iter().any(|&j| cells[j] == "NA") {
            unusable += 1;
        }
    }
    assert_eq!(
        [
            quote("penguin-rows"),
            quote("penguin-incomplete"),
            quote("penguin-sex-only"),
            quote("penguin-count")
        ],
        [
            rows.to_string(),
            incomplete.to_string(),
            (incomplete - unusable).to_string(),
            (rows - unusable).to_string()
        ]
    );
    assert_eq!(report().penguins[0].data.len(), rows - unusable);
}

#[test]
fn the_penguin_numbers_match_an_independent_computation() {
    let report = report();
    let [raw, half, std] = [
        &report.penguins[0],
        &report.penguins[1],
        &report.penguins[2],
    ];
    // Means and standard deviations (with 1/n) against NumPy's.
    let (means, sds) = features::penguin_moments();
    assert_relative_eq!(means[0], 200.915_204_678_362_6, max_relative = 1e-13);
    assert_relative_eq!(means[1], 17.151_169_590_643_27, max_relative = 1e-13);
    assert_relative_eq!(sds[0], 14.041_140_568_589_1, max_relative = 1e-12);
    assert_relative_eq!(sds[1], 1.971_903_918_756_252, max_relative = 1e-12);
    // The least-squares fit against NumPy's: raw units.
    let (w, b) = raw.raw_fit();
    assert_relative_eq!(w[0], 51.541_444_82, max_relative = 1e-8);
    assert_relative_eq!(w[1], 22.634_138_5, max_relative = 1e-8);
    assert_relative_eq!(b, -6_541.907_498_16, max_relative = 1e-9);
    // The gradient vanishes there, by the descent crate's own risk.
    let risk = descent::risk::Risk {
        model: descent::model::Linear { features: 2 },
        loss: descent::loss::Squared,
        data: &raw.data,
    };
    let g = risk.gradient(&raw.best);
    assert!(g.iter().all(|gi| gi.abs() < 1e-6), "{g:?}");
    // Both units give the same fit.
    let (w_std, b_std) = std.raw_fit();
    assert_relative_eq!(w_std[0], w[0], max_relative = 1e-10);
    assert_relative_eq!(w_std[1], w[1], max_relative = 1e-10);
    assert_relative_eq!(b_std, b, max_relative = 1e-10);
    // In millimetres: NumPy's eigvalsh gives 40855.118, 8.004188, 0.0015451674.
    assert_relative_eq!(raw.eigen.values[0], 40_855.118_4, max_relative = 1e-8);
    assert_relative_eq!(raw.eigen.values[1], 8.004_187_86, max_relative = 1e-8);
    assert_relative_eq!(raw.eigen.values[2], 1.545_167_41e-3, max_relative = 1e-6);
    assert_relative_eq!(raw.condition_number(), 2.644_057_7e7, max_relative = 1e-5);
    // Standardised: the correlation, computed here from the raw data, and
    // NumPy's corrcoef, −0.58385122.
    let n = raw.data.len() as f64;
    let (f, d): (Vec<f64>, Vec<f64>) = raw.data.samples.iter().map(|s| (s.x[0], s.x[1])).unzip();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n;
    let (mf, md) = (mean(&f), mean(&d));
    let cov = f
        .iter()
        .zip(&d)
        .map(|(a, b)| (a - mf) * (b - md))
        .sum::<f64>()
        / n;
    let var = |v: &[f64], m: f64| v.iter().map(|a| (a - m).powi(2)).sum::<f64>() / n;
    let r = cov / (var(&f, mf) * var(&d, md)).sqrt();
    assert_relative_eq!(r, -0.583_851_216_465_412_5, max_relative = 1e-12);
    assert_relative_eq!(std.hessian[(0, 1)], r, max_relative = 1e-12);
    // Eigenvalues 1 + |r|, 1, 1 − |r|; the best rate 2/((1 + |r|) + (1 − |r|)) = 1.
    assert_relative_eq!(std.eigen.values[0], 1.0 - r, max_relative = 1e-12);
    assert_relative_eq!(std.eigen.values[1], 1.0, max_relative = 1e-12);
    assert_relative_eq!(std.eigen.values[2], 1.0 + r, max_relative = 1e-12);
    assert_relative_eq!(std.eta(), 1.0, max_relative = 1e-14);
    assert_eq!(quote("penguin-std-rate"), "1");
    // From all zeros, the share of the excess along the intercept: ½ȳ² over
    // L(0) − L*, with L* from NumPy's fit.
    let ys: Vec<f64> = raw.data.samples.iter().map(|s| s.y).collect();
    let y_bar = mean(&ys);
    let start_loss = ys.iter().map(|y| 0.5 * y * y).sum::<f64>() / n;
    let best_loss = raw
        .data
        .samples
        .iter()
        .map(|s| {
            let r = 51.541_444_82 * s.x[0] + 22.634_138_5 * s.x[1] - 6_541.907_498_16 - s.y;
            0.5 * r * r
        })
        .sum::<f64>()
        / n;
    let share = 0.5 * y_bar * y_bar / (start_loss - best_loss);
    assert_relative_eq!(std.parts_after(0)[1], share, max_relative = 1e-7);
    assert_eq!(
        quote("penguin-intercept-share"),
        format!("{}%", decimals(100.0 * share, 1))
    );
    assert_eq!(
        quote("penguin-rest-share"),
        format!("{}%", decimals(100.0 * (1.0 - share), 1))
    );
    assert_eq!(quote("penguin-std-factor"), decimals(r * r, 3));
    assert_eq!(quote("penguin-correlation"), decimals(r, 2));
    assert_relative_eq!(y_bar, std.best[2], max_relative = 1e-12);
    // η = 1 removes it in one step; the rest shrinks by r² per step in both
    // other directions (1 − (1 ± |r|) = ∓|r|), so after t ≥ 1 steps the
    // excess is (1 − share)·r²ᵗ of the start's.
    let measured = std.relative_excess();
    for (t, m) in measured.iter().enumerate().take(10).skip(1) {
        let theory = (1.0 - share) * r.powi(2 * t as i32);
        assert_relative_eq!(*m, theory, max_relative = 1e-6);
    }
    let steps = ((1e-6 / (1.0 - share)).ln() / (2.0 * r.abs().ln())).ceil() as usize;
    assert_eq!(std.steps_to_tolerance(), Some(steps));
    assert_eq!(std.predicted_steps(), Some(steps as u64));
    // From a start with no intercept error every part shrinks by r² per
    // step: the bound's ⌈ln 10⁶/(2 ln(1/|r|))⌉ steps exactly.
    let bound = (1e6f64.ln() / (2.0 * (1.0 / r.abs()).ln())).ceil() as usize;
    assert_eq!(steps_bound(std.condition_number()), bound);
    let e0 = [-std.best[0], -std.best[1], 0.0];
    let quad = |e: &[f64]| descent::linalg::dot(e, &std.hessian.times_vector(e));
    let first = (1..40)
        .find(|&t| quad(&error_after(&std.hessian, 1.0, &e0, t)) <= 1e-6 * quad(&e0))
        .unwrap();
    assert_eq!(first as usize, bound);
    // The measured walks follow the exact decay, step by step.
    for fit in [raw, half, std] {
        let decay = fit.decay();
        let measured = fit.relative_excess();
        for t in [1usize, 10, 100, 1000] {
            if measured[t] > 1e-12 {
                assert_relative_eq!(measured[t], decay.relative(t as u64), max_relative = 1e-6);
            }
        }
    }
    // At η = 1/λ_max, what is left after 1000 steps, split along the
    // eigenvectors, by a matrix power.
    let e0: Vec<f64> = half.best.iter().map(|b| -b).collect();
    let quad = |e: &[f64]| descent::linalg::dot(e, &half.hessian.times_vector(e));
    let part = |e: &[f64], k: usize| {
        let c = descent::linalg::dot(&half.eigen.vector(k), e);
        half.eigen.values[k] * c * c / quad(&e0)
    };
    let e = error_after(&half.hessian, half.eta(), &e0, 1000);
    let parts = half.parts_after(1000);
    for k in 0..3 {
        assert!((parts[k] - part(&e, k)).abs() < 1e-9, "{k}: {parts:?}");
    }
    assert_relative_eq!(
        quad(&e) / quad(&e0),
        parts.iter().sum::<f64>(),
        max_relative = 1e-6
    );
    // The middle direction's part falls below a millionth after
    // ⌈ln(10⁻⁶/share)/(2 ln(1 − λ_mid/λ_max))⌉ steps: checked on both sides
    // by the matrix power.
    let share_mid = part(&e0, 1);
    let f_mid = 1.0 - half.eigen.values[1] / half.eigen.values[0];
    let gone = ((1e-6 / share_mid).ln() / (2.0 * f_mid.ln())).ceil() as u64;
    assert_eq!(part_gone_after(&half.decay(), 1), gone);
    assert_eq!(quote("penguin-middle-gone"), scientific(gone as f64, 1));
    assert_eq!(quote("penguin-middle-factor"), decimals(f_mid, 4));
    assert_eq!(quote("penguin-half-middle"), decimals(part(&e, 1), 4));
    assert_eq!(quote("penguin-half-flat"), decimals(part(&e, 2), 4));
    assert!(part(&error_after(&half.hessian, half.eta(), &e0, gone), 1) <= 1e-6);
    assert!(part(&error_after(&half.hessian, half.eta(), &e0, gone - 1), 1) > 1e-6);
    // Raw: theory's 9.1 × 10⁷ steps, checked by a matrix power: after them
    // the excess is at most a millionth, 2000 steps before it is not.
    let steps = raw.predicted_steps().unwrap();
    assert_eq!(steps, 91_285_696);
    let e0: Vec<f64> = raw.best.iter().map(|b| -b).collect();
    let quad = |e: &[f64]| descent::linalg::dot(e, &raw.hessian.times_vector(e));
    let excess_after = |t: u64| quad(&error_after(&raw.hessian, raw.eta(), &e0, t)) / quad(&e0);
    assert!(excess_after(steps) <= 1e-6 * (1.0 + 1e-4));
    assert!(excess_after(steps - 2000) > 1e-6);
}

#[test]
fn polynomial_conditions_approach_the_continuous_moments() {
    let report = report();
    // With x spread evenly over [a, b], the Gram matrix of 1, …, x^k tends
    // to the moments mean x^m = (b^(m+1) − a^(m+1))/((m + 1)(b − a)): the
    // Hilbert matrix on [0, 1].
    let continuous = |k: usize, (a, b): (f64, f64)| {
        let rows: Vec<Vec<f64>> = (0..=k as i32)
            .map(|i| {
                (0..=k as i32)
                    .map(|j| {
                        let m = i + j + 1;
                        (b.powi(m) - a.powi(m)) / (m as f64 * (b - a))
                    })
                    .collect()
            })
            .collect();
        condition_number(&Matrix::from_rows(&rows))
    };
    assert_relative_eq!(
        continuous(5, (0.0, 1.0)),
        1.495_105_864e7,
        max_relative = 1e-8
    );
    for k in 1..=5 {
        for (i, interval) in POLYNOMIAL_INTERVALS.iter().enumerate() {
            let kappa = report.polynomial[k - 1][i];
            assert_relative_eq!(kappa, continuous(k, *interval), max_relative = 0.02);
        }
    }
    // "About thirty-fold per degree" on [0, 1].
    for k in 1..5 {
        let ratio = report.polynomial[k][0] / report.polynomial[k - 1][0];
        assert!((20.0..40.0).contains(&ratio), "{k}: {ratio}");
    }
    // Centring alone gains about 20, centring and stretching about 8000;
    // stretching alone ([0, 2]) gains almost nothing.
    let gain = |to: (f64, f64)| continuous(5, (0.0, 1.0)) / continuous(5, to);
    assert_eq!(
        quote("poly-gain-centring"),
        significant(gain((-0.5, 0.5)), 1)
    );
    assert_eq!(quote("poly-gain-both"), significant(gain((-1.0, 1.0)), 1));
    assert!((0.5..2.0).contains(&gain((0.0, 2.0))));
    // On a symmetric interval the odd powers are orthogonal to the even.
    let symmetric: Vec<f64> = (0..POLYNOMIAL_POINTS)
        .map(|i| -0.5 + i as f64 / (POLYNOMIAL_POINTS - 1) as f64)
        .collect();
    let odd_times_even = symmetric.iter().map(|x| x * x * x).sum::<f64>();
    let even_times_even = symmetric.iter().map(|x| x * x * x * x).sum::<f64>();
    assert!(
        odd_times_even.abs() < 1e-12 * even_times_even,
        "{odd_times_even}"
    );
}

#[test]
fn jacobi_agrees_with_the_line_curvatures() {
    let data = data(1.0, 10.0, SEED);
    let h = landscape::hessian_matrix(&data);
    let eigen = symmetric_eigen(&h);
    let c = Curvature::of(&data);
    assert_relative_eq!(eigen.max(), c.largest, max_relative = 1e-14);
    assert_relative_eq!(eigen.min(), c.smallest, max_relative = 1e-12);
}

#[test]
fn a_long_valley_gets_one_consistent_answer() {
    // x = 990, …, 1000: κ ≈ 10¹¹, allowed. The curvatures, the closed-form
    // step count at the best rate and the exact decay agree; the decay
    // takes λ_min from the curvatures, not from Jacobi on rounded entries.
    // (To about 10⁻⁵ of the count, not to the step: the rate is a double,
    // and near ηλ_max = 2 its last bit moves the steep direction's factor
    // by about ε, which over 3 × 10¹¹ steps moves the count by that much.)
    let far = data(990.0, 1000.0, SEED);
    let (kappa, _, largest, smallest) = bowl_of(&far);
    let c = Curvature::of(&far);
    assert_relative_eq!(c.largest, largest, max_relative = 1e-14);
    assert_relative_eq!(c.smallest, smallest, max_relative = 1e-12);
    assert!(kappa > 5e10 && kappa < KAPPA_LIMIT, "{kappa}");
    let walk = Walk::run(&far, Scaling::Raw, Method::Fixed(c.best_rate()), 10);
    // At the best rate both directions shrink by ρ* = (κ − 1)/(κ + 1), so
    // the excess by ρ*² whatever the start: ⌈ln 10⁶ / (2 ln(1/ρ*))⌉ steps,
    // with ln(1/ρ*) = ln(1 + 2/(κ − 1)) to keep its digits.
    let closed = (1e6f64.ln() / (2.0 * (2.0 / (kappa - 1.0)).ln_1p())).ceil();
    let predicted = walk.predicted_steps().unwrap() as f64;
    assert_relative_eq!(predicted, closed, max_relative = 1e-5);
    assert_eq!(steps_bound(kappa) as f64, closed);
    // And the excess of the walk itself stays on theory's curve.
    let theory = walk.predicted_relative_excess().unwrap();
    for (m, t) in walk.relative_excess().iter().zip(&theory) {
        assert_relative_eq!(*m, *t, max_relative = 1e-6);
    }
}

#[test]
fn the_question_and_try_it_claims_hold() {
    // Moved to 101 … 110: κ about 1.5 × 10⁷, and no arrival in 100 000 steps.
    let far = data(101.0, 110.0, SEED);
    let c = Curvature::of(&far);
    assert_relative_eq!(c.condition_number(), 1.5e7, max_relative = 0.02);
    let walk = Walk::run(&far, Scaling::Raw, Method::Fixed(c.best_rate()), 100_000);
    assert_eq!(walk.steps_to_tolerance(), None);
    let centred = Walk::run(&far, Scaling::Centred, Method::Fixed(2.0 / 9.25), 100);
    assert_eq!(centred.steps_to_tolerance(), Some(29));
    assert_eq!(quote("centred-steps"), "29");
    assert_eq!(quote("centred-kappa"), "8.25");
    // Symmetric inputs are already centred.
    let symmetric = data(-4.5, 4.5, SEED);
    assert_eq!(hessian(&symmetric)[0][1], 0.0);
    // Past 2/λ_max the raw walk diverges and says so.
    let output = run_cli(["--lr", "0.06"]).unwrap();
    assert!(output.text.contains("diverged at step"), "{}", output.text);
    // Barely past it, the walk grows too slowly to be stopped in 1000 steps,
    // and theory says it never arrives.
    let output = run_cli(["--lr", "0.051"]).unwrap();
    assert!(output.text.contains("theory says never"), "{}", output.text);
    // Line search on the raw inputs: the two steps the prose explains, and
    // the worst start's 647.
    let output = run_cli(["--method", "line-search"]).unwrap();
    assert!(
        output
            .text
            .contains("fell a millionfold after 2 steps; theory says 2 steps")
            && output.text.contains("647 steps"),
        "{}",
        output.text
    );
    // η = 2 on standardised inputs keeps the loss where it was.
    let standardised = Settings {
        scaling: Scaling::Standardised,
        method: ReaderMethod::Fixed(Some(2.0)),
        x_range: X_RANGE,
        steps: 10,
        seed: SEED,
    }
    .run()
    .unwrap();
    let losses = &standardised.trajectory.losses;
    assert_relative_eq!(losses[10], losses[0], max_relative = 1e-9);
}

#[test]
fn the_gradient_the_walks_use_matches_finite_differences() {
    let data: DataSet = data(1.0, 10.0, SEED);
    let loss = MeanSquaredError { data: &data };
    for p in [[0.0, 0.0], [2.0, 1.0], [-1.0, 4.0]] {
        let analytic = loss.gradient(&p);
        let numerical = numerical_gradient(&loss, &p);
        for i in 0..2 {
            assert_relative_eq!(analytic[i], numerical[i], max_relative = 1e-7);
        }
    }
}

#[test]
fn no_options_print_the_report_and_redraw_the_books_figures() {
    let output = run_cli([]).unwrap();
    assert_eq!(output.directory, book_figures(4));
    assert_eq!(output.figures.len(), 6);
    assert!(output.text.starts_with("Chapter 4"));
}

#[test]
fn a_readers_long_valley_prints_numbers_that_can_be_told_apart() {
    // x = 101, …, 110: the largest stable rate and the best fixed rate
    // differ in the eighth digit, and the factor is 1 − 2/(κ + 1) with
    // κ ≈ 1.5 × 10⁷. κ here from the closed form of the 2 × 2 Hessian with
    // the centred variance: tr = mean x² + 1, det = var(x).
    let xs: Vec<f64> = (0..10).map(|i| 101.0 + i as f64).collect();
    let mean = xs.iter().sum::<f64>() / 10.0;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 10.0;
    let trace = var + mean * mean + 1.0;
    let largest = trace / 2.0 + (trace * trace / 4.0 - var).sqrt();
    let kappa = largest / (var / largest);
    let output = run_cli(["--x-min", "101", "--x-max", "110", "--steps", "10"]).unwrap();
    let text = &output.text;
    let factor = format!("factor 1 − {} per step", scientific(2.0 / (kappa + 1.0), 1));
    assert!(text.contains(&factor), "{factor}\n{text}");
    let line = text
        .lines()
        .find(|l| l.contains("stable for η <"))
        .expect("the rates' line");
    let threshold = line
        .split("η < ")
        .nth(1)
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    let best = line
        .split("best fixed rate ")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    assert_ne!(threshold, best, "{line}");
    // And it names the parameters it starts from, in each scaling.
    assert!(text.contains("slope w = 0 and intercept b = 0"), "{text}");
    let centred = run_cli(["--scaling", "centred", "--steps", "10"]).unwrap();
    assert!(
        centred.text.contains("height at the centre b′ = 0"),
        "{}",
        centred.text
    );
}

#[test]
fn options_run_the_readers_walk_and_name_its_figures() {
    let output = run_cli(["--scaling", "centred", "--steps", "50"]).unwrap();
    assert_eq!(output.directory, readers_figures(4));
    assert_eq!(output.figures.len(), 2);
    assert!(
        output.figures[0]
            .file_name
            .starts_with("centred-x-1-10-lr-best-steps-50")
    );
    assert!(
        output.text.contains("theory says 29 steps"),
        "{}",
        output.text
    );
    let search = run_cli(["--scaling", "centred", "--method", "line-search"]).unwrap();
    assert!(search.text.contains("27 steps"), "{}", search.text);
    for bad in [
        vec!["--x-min", "5", "--x-max", "5"],
        vec!["--method", "line-search", "--lr", "0.1"],
        // Ranges too narrow for their size, whatever the scaling: refused
        // in one line, not a panic or a κ of ∞.
        vec!["--x-min", "0", "--x-max", "1e-200"],
        vec!["--x-min", "0", "--x-max", "1e-170", "--scaling", "centred"],
        vec![
            "--x-min",
            "1e-320",
            "--x-max",
            "2e-320",
            "--scaling",
            "standardised",
        ],
        vec!["--x-min", "999.9999", "--x-max", "1000"],
        vec!["--x-min", "1", "--x-max", "1.0000000000000002"],
        // Wide enough to tell apart, but κ ≈ 10¹³ raw.
        vec!["--x-min", "999", "--x-max", "1000"],
    ] {
        let error = run_cli(bad.clone()).unwrap_err();
        assert!(!error.0.contains('\n'));
        assert!(error.0.contains(bad[0]), "{}", error.0);
    }
    // The same narrow range, centred, is a fine problem.
    let centred = run_cli(["--x-min", "999", "--x-max", "1000", "--scaling", "centred"]).unwrap();
    assert!(!centred.text.contains("NaN") && !centred.text.contains('∞'));
    let diverged = run_cli(["--lr", "1"]).unwrap();
    assert!(!diverged.text.contains("NaN") && !diverged.text.contains("inf"));
    assert_eq!(diverged.figures.len(), 2);
    assert!(matches!(
        Settings {
            scaling: Scaling::Raw,
            method: ReaderMethod::Fixed(Some(1.0)),
            x_range: X_RANGE,
            steps: 100,
            seed: SEED
        }
        .run()
        .unwrap()
        .trajectory
        .outcome,
        Outcome::Diverged { .. }
    ));
}
