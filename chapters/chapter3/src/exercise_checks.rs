//! The checks behind chapter 3's coding exercises.
//!
//! Each check calls one function of an [`Answers`] (the reader's file, or the
//! reference solutions) on the chapter's data and on small hand-made data
//! sets, with expected values from `descent::line` and `descent`'s descent
//! loop, never from the solutions. A failure says what was expected, what
//! came back, and a hint aimed at the likely mistake. The cases are the
//! book's, or, under a per-student variant (`--variant SEED`), drawn from
//! that seed by [`vary`]: another data set of the same kind, other points,
//! rates and orders. An answer may not lean on the library's own version of
//! what it asks for (`without [...]` below).

use descent::data::{DataSet, Sample};
use descent::line::{MeanSquaredError, curvatures, least_squares, sample_gradient};
use descent::{GradientDescent, Objective, StoppingRules, descend};
use harness::exercise::{Failure, vary};

/// Exercise 3.1's signature: `(w, b, x, y)` to `(∂ℓ/∂w, ∂ℓ/∂b)`.
pub type SampleGradient = fn(f64, f64, f64, f64) -> (f64, f64);
/// Exercise 3.2's signature: `(xs, ys, w, b)` to the mean gradient.
pub type MeanGradient = fn(&[f64], &[f64], f64, f64) -> (f64, f64);
/// Exercise 3.3's signature: `(xs, ys, η, steps)` to the final `(w, b)`.
pub type BatchFit = fn(&[f64], &[f64], f64, usize) -> (f64, f64);
/// Exercise 3.4's signature: `(xs, ys, order, w, b, η)` to the final `(w, b)`.
pub type SgdPass = fn(&[f64], &[f64], &[usize], f64, f64, f64) -> (f64, f64);
/// Exercise 3.5's signature: `(xs, ys)` to the least-squares `(w, b)`.
pub type LeastSquares = fn(&[f64], &[f64]) -> Option<(f64, f64)>;

/// The chapter's fifty points (under a variant, fifty points drawn the same
/// way from another seed), as the two slices the exercises take.
fn chapter_data() -> (DataSet, Vec<f64>, Vec<f64>) {
    let data = crate::data(vary(crate::SEED, |d| d.seed()));
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
    format!("(w, b) = ({}, {})", p.0, p.1)
}

fn check_sample_gradient(answer: SampleGradient) -> Result<(), Failure> {
    let cases = [
        (1.0, 0.5, 2.0, 3.0),
        (-0.3, 2.0, 1.5, -1.0),
        (2.0, 1.0, 0.0, 4.0),
    ]
    .map(|book| {
        vary(book, |d| {
            let x = if book.2 == 0.0 {
                0.0
            } else {
                d.sign() * d.grid(0.5, 3.0, 0.5)
            };
            (
                d.grid(-2.0, 2.0, 0.1),
                d.grid(-2.0, 2.0, 0.1),
                x,
                d.grid(-4.0, 4.0, 0.5),
            )
        })
    });
    for (w, b, x, y) in cases {
        let [dw, db] = sample_gradient(w, b, &Sample { x, y });
        let expected = (dw, db);
        let got = answer(w, b, x, y);
        if close(got, expected, 1e-12) {
            continue;
        }
        let hint = if close(got, (2.0 * dw, 2.0 * db), 1e-12) {
            "the ½ in the loss cancels the 2 that the chain rule brings down"
        } else if close(got, (-dw, -db), 1e-12) {
            "the residual is prediction minus target, w·x + b − y"
        } else if close(got, (db, db), 1e-12) {
            "∂ℓ/∂w carries a factor x: w enters the prediction as w·x"
        } else {
            "with the residual r = w·x + b − y, the gradient is (r·x, r)"
        };
        return Err(Failure::new(
            format!("the gradient at w = {w}, b = {b} for the point ({x}, {y}) = ({dw}, {db})"),
            format!("({}, {})", got.0, got.1),
            hint,
        ));
    }
    Ok(())
}

fn check_mean_gradient(answer: MeanGradient) -> Result<(), Failure> {
    let (data, xs, ys) = chapter_data();
    let loss = MeanSquaredError { data: &data };
    let points = [(0.0, 0.0), (2.5, -1.0)]
        .map(|book| vary(book, |d| (d.grid(-1.0, 4.0, 0.5), d.grid(-2.0, 2.0, 0.5))));
    for (w, b) in points {
        let gradient = loss.gradient(&[w, b]);
        let expected = (gradient[0], gradient[1]);
        let got = answer(&xs, &ys, w, b);
        if close(got, expected, 1e-10) {
            continue;
        }
        let n = xs.len() as f64;
        let hint = if close(got, (n * expected.0, n * expected.1), 1e-10) {
            "that is the sum of the points' gradients: divide by the number of points"
        } else {
            "add up each point's (r·x, r) with r = w·x + b − y, then divide by n"
        };
        return Err(Failure::new(
            format!(
                "the mean gradient of the {} points at w = {w}, b = {b} = {expected:?}",
                xs.len()
            ),
            format!("{got:?}"),
            hint,
        ));
    }
    Ok(())
}

/// The mistake of updating `w` and then computing `b`'s derivative at the new `w`.
fn sequential_fit(data: &DataSet, eta: f64, steps: usize) -> (f64, f64) {
    let loss = MeanSquaredError { data };
    let (mut w, mut b) = (0.0, 0.0);
    for _ in 0..steps {
        w -= eta * loss.gradient(&[w, b])[0];
        b -= eta * loss.gradient(&[w, b])[1];
    }
    (w, b)
}

fn check_batch_fit(answer: BatchFit) -> Result<(), Failure> {
    let (data, xs, ys) = chapter_data();
    // Under a variant: rates below 1.8/λ_max, where full-batch descent is
    // stable on this data set (chapter 2's threshold is 2/λ_max).
    let largest = 1.8 / curvatures(&data).0;
    let cases = [(0.2, 1), (0.2, 25), (0.5, 200), (0.1, 0)].map(|book| {
        vary(book, |d| {
            let eta = d.grid(0.05, (largest * 20.0).floor() / 20.0, 0.05);
            let steps = match book.1 {
                0 => 0,
                1 => d.integer(1, 3),
                25 => d.integer(10, 40),
                _ => d.integer(100, 300),
            };
            (eta, steps)
        })
    });
    for (eta, steps) in cases {
        let loss = MeanSquaredError { data: &data };
        let mut optimizer = GradientDescent { eta };
        let run = descend(
            &loss,
            &mut optimizer,
            &[0.0, 0.0],
            &StoppingRules::budget(steps),
        );
        let expected = (run.final_point()[0], run.final_point()[1]);
        let got = answer(&xs, &ys, eta, steps);
        if close(got, expected, 1e-9) {
            continue;
        }
        let hint = if steps > 0 && close(got, sequential_fit(&data, eta, steps), 1e-9) {
            "compute both partial derivatives at the same (w, b) before changing either"
        } else if steps == 0 {
            "with no steps the answer is the start, (0, 0)"
        } else {
            "each step uses the mean gradient over all points: w ← w − η·∂L/∂w, b ← b − η·∂L/∂b"
        };
        return Err(Failure::new(
            format!("{} after {steps} steps with η = {eta}", pair(expected)),
            pair(got),
            hint,
        ));
    }
    Ok(())
}

fn check_sgd_pass(answer: SgdPass) -> Result<(), Failure> {
    let (_, xs, ys) = chapter_data();
    let n = xs.len();
    let some = vary(vec![3, 3, 17, 0], |d| {
        let mut picked: Vec<usize> = (0..d.integer(3, 7)).map(|_| d.integer(0, n - 1)).collect();
        picked.push(picked[0]);
        d.shuffle(&mut picked);
        picked
    });
    let shuffled = vary((0..n).rev().collect(), |d| {
        let mut all: Vec<usize> = (0..n).collect();
        d.shuffle(&mut all);
        all
    });
    let orders: [Vec<usize>; 3] = [(0..n).collect(), shuffled, some];
    let (eta, start) = vary((0.1, (0.5, -0.5)), |d| {
        (
            d.grid(0.05, 0.2, 0.05),
            (d.grid(-1.0, 1.0, 0.5), d.grid(-1.0, 1.0, 0.5)),
        )
    });
    // Each point's gradient from `descent`, one step per index.
    let pass = |order: &[usize]| {
        let (mut w, mut b) = start;
        for &i in order {
            let [dw, db] = sample_gradient(w, b, &Sample { x: xs[i], y: ys[i] });
            w -= eta * dw;
            b -= eta * db;
        }
        (w, b)
    };
    let in_stored_order = pass(&orders[0]);
    for order in &orders {
        let (w, b) = pass(order);
        let got = answer(&xs, &ys, order, start.0, start.1, eta);
        if close(got, (w, b), 1e-10) {
            continue;
        }
        let hint = if close(got, in_stored_order, 1e-10) {
            "visit exactly the indices in `order`, in that order, repeats included"
        } else {
            "update (w, b) after every single point, using that point's gradient at the current (w, b)"
        };
        return Err(Failure::new(
            format!(
                "{} after a pass over {} points in the given order from {} with η = {eta}",
                pair((w, b)),
                order.len(),
                pair(start)
            ),
            pair(got),
            hint,
        ));
    }
    Ok(())
}

fn check_least_squares(answer: LeastSquares) -> Result<(), Failure> {
    let (data, xs, ys) = chapter_data();
    let line = least_squares(&data).expect("the chapter's data have distinct x");
    let expected = (line.w, line.b);
    let got = answer(&xs, &ys);
    match got {
        Some(got) if close(got, expected, 1e-9) => {}
        Some(got) => {
            let swapped = close(got, (expected.1, expected.0), 1e-9);
            return Err(Failure::new(
                format!(
                    "the least-squares line of the {} points, {}",
                    xs.len(),
                    pair(expected)
                ),
                pair(got),
                if swapped {
                    "return (w, b): slope first, then intercept"
                } else {
                    "w* = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)² and b* = ȳ − w*·x̄"
                },
            ));
        }
        None => {
            return Err(Failure::new(
                format!("Some({}) for the {} points", pair(expected), xs.len()),
                "None",
                "these points have many different x: there is one best line",
            ));
        }
    }
    let same = vary(1.0, |d| d.grid(-2.0, 2.0, 0.5));
    let got = answer(&[same; 3], &[0.0, 1.0, 2.0]);
    if let Some(line) = got {
        return Err(Failure::new(
            format!("None when every x is {same} (every line through (x̄, ȳ) fits equally well)"),
            format!("Some({})", pair(line)),
            "the variance of x is zero: check for it before dividing",
        ));
    }
    // The chapter's trap: three x = 0.1 have a computed mean that is not
    // exactly 0.1, so a computed variance is tiny but not zero.
    let trap = [0.1; 3];
    if let Some(line) = answer(&trap, &[1.0, 2.0, 4.0]) {
        return Err(Failure::new(
            "None when every x is 0.1 (every line through (x̄, ȳ) fits equally well)",
            format!("Some({})", pair(line)),
            "the computed mean of three 0.1 is not exactly 0.1, so a computed variance is \
             tiny but not zero: decide \"all x equal\" by comparing the x themselves",
        ));
    }
    Ok(())
}

harness::exercises! {
    "3.1" sample_gradient: SampleGradient, Warm, "the gradient of one point" => check_sample_gradient,
        without [SampleLoss, sample_loss];
    "3.2" mean_gradient: MeanGradient, Steady, "the gradient of the data set" => check_mean_gradient,
        without [MeanSquaredError, Risk, batch_gradient, numerical_gradient];
    "3.3" batch_fit: BatchFit, Steady, "full-batch gradient descent" => check_batch_fit,
        without [descend, descend_sampled, MeanSquaredError, Risk, GradientDescent, Optimizer, batch_gradient];
    "3.4" sgd_pass: SgdPass, Stretch, "one pass of SGD" => check_sgd_pass,
        without [descend_sampled, Sgd, GradientDescent, Optimizer, sample_gradient, batch_gradient];
    "3.5" least_squares: LeastSquares, Stretch, "the closed-form line" => check_least_squares,
        without [MeanSquaredError, descend];
}
