//! Numbers as a reader should see them.
//!
//! Rust prints an `f64` with every digit it needs to round-trip, which is
//! right for a file and wrong for a reader: `1 − 0.9` prints as
//! `0.09999999999999998`, and `1e308` as a 309-digit integer. The book prints
//! numbers through these functions instead: a fixed number of decimals or of
//! significant digits, a true minus sign (`−`, not `-`), and powers of ten
//! with superscripts (`1.5 × 10⁻⁸`).

use descent::Outcome;

/// `10` with a superscript exponent, e.g. `10⁻⁸`.
pub fn power_of_ten(exponent: i32) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    let mut text = String::from("10");
    if exponent < 0 {
        text.push('⁻');
    }
    for digit in exponent.unsigned_abs().to_string().chars() {
        text.push(DIGITS[digit.to_digit(10).unwrap_or(0) as usize]);
    }
    text
}

/// `v` in scientific notation as the book prints it: `1.5 × 10⁻⁸`, with
/// `digits` decimals in the mantissa (a mantissa of 1 and no decimals prints
/// as plain `10⁻⁶`).
pub fn scientific(v: f64, digits: usize) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    let text = format!("{v:.digits$e}");
    let (mantissa, exponent) = text
        .split_once('e')
        .expect("`{:e}` always writes an exponent");
    let exponent: i32 = exponent.parse().expect("`{:e}` writes an integer exponent");
    let mantissa = mantissa.replace('-', "−");
    if exponent == 0 {
        return mantissa;
    }
    let power = power_of_ten(exponent);
    if mantissa == "1" {
        power
    } else {
        format!("{mantissa} × {power}")
    }
}

/// `v` with `digits` decimals and a true minus sign: `decimals(-0.25, 3)` is `−0.250`.
pub fn decimals(v: f64, digits: usize) -> String {
    format!("{v:.digits$}").replace('-', "−")
}

/// `v` as Rust prints it (every digit needed), with a true minus sign: for
/// numbers the book chose, such as `−1.5`.
pub fn signed(v: f64) -> String {
    format!("{v}").replace('-', "−")
}

/// `v` to `digits` significant digits, without trailing zeros: plain for
/// magnitudes from 10⁻⁴ up to 10⁶, in scientific notation beyond.
///
/// `significant(1.0 - 0.9, 6)` is `0.1`, `significant(1e308, 6)` is `10³⁰⁸`,
/// `significant(-2.0e-7, 3)` is `−2 × 10⁻⁷`, and `significant(123456789.0, 4)`
/// is `1.235 × 10⁸`. Infinity and NaN print as `∞`, `−∞` and `NaN`.
pub fn significant(v: f64, digits: usize) -> String {
    assert!(digits >= 1, "at least one significant digit");
    if v.is_nan() {
        return "NaN".to_string();
    }
    if v.is_infinite() {
        return if v > 0.0 { "∞" } else { "−∞" }.to_string();
    }
    if v == 0.0 {
        return "0".to_string();
    }
    // Rounding to `digits` digits first settles the exponent (9.9999996 → 10.0).
    let text = format!("{:.*e}", digits - 1, v.abs());
    let (mantissa, exponent) = text
        .split_once('e')
        .expect("`{:e}` always writes an exponent");
    let exponent: i32 = exponent.parse().expect("`{:e}` writes an integer exponent");
    let all_digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let all_digits = all_digits.trim_end_matches('0');
    let all_digits = if all_digits.is_empty() {
        "0"
    } else {
        all_digits
    };
    let sign = if v < 0.0 { "−" } else { "" };
    if !(-4..6).contains(&exponent) {
        let mut mantissa = all_digits[..1].to_string();
        if all_digits.len() > 1 {
            mantissa.push('.');
            mantissa.push_str(&all_digits[1..]);
        }
        let power = power_of_ten(exponent);
        return if mantissa == "1" {
            format!("{sign}{power}")
        } else {
            format!("{sign}{mantissa} × {power}")
        };
    }
    let plain = if exponent >= 0 {
        let whole = exponent as usize + 1;
        if all_digits.len() <= whole {
            format!("{all_digits}{}", "0".repeat(whole - all_digits.len()))
        } else {
            format!("{}.{}", &all_digits[..whole], &all_digits[whole..])
        }
    } else {
        format!("0.{}{all_digits}", "0".repeat((-exponent - 1) as usize))
    };
    format!("{sign}{plain}")
}

/// `v` with at least six significant digits, and as many more as it takes to
/// tell it apart from `from`: a factor of `1.0000001` prints as `1.0000001`,
/// not as a misleading `1`.
pub fn distinct(v: f64, from: f64) -> String {
    let mut digits = 6;
    while digits < 17 && significant(v, digits) == significant(from, digits) && v != from {
        digits += 1;
    }
    significant(v, digits)
}

/// How long a run went, as the book quotes it: `"69 steps"`, `"1 step"`,
/// `"100 steps (budget)"` or `"diverged at step 75"`.
pub fn steps(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Converged { step: 1, .. } => "1 step".to_string(),
        Outcome::Converged { step, .. } => format!("{step} steps"),
        Outcome::BudgetExhausted { steps } => format!("{steps} steps (budget)"),
        Outcome::Diverged { step, .. } => format!("diverged at step {step}"),
    }
}

/// The steps a printed table of a walk shows: 0, 1, 2, 5, 10, 20, 50, … and
/// the last, so that a table of 10000 steps has a dozen rows, each a round
/// number a reader can find again in the trace.
pub fn cadence(last: usize) -> Vec<usize> {
    let mut shown = vec![0];
    let mut decade = 1;
    'outer: loop {
        for m in [1, 2, 5] {
            let t = m * decade;
            if t >= last {
                break 'outer;
            }
            shown.push(t);
        }
        decade *= 10;
    }
    if last > 0 {
        shown.push(last);
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;
    use descent::{Criterion, Divergence};

    #[test]
    fn the_table_cadence_is_sensible() {
        assert_eq!(cadence(500), vec![0, 1, 2, 5, 10, 20, 50, 100, 200, 500]);
        assert_eq!(
            cadence(2500),
            vec![0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 2500]
        );
        assert_eq!(cadence(1), vec![0, 1]);
        assert_eq!(cadence(0), vec![0]);
    }

    #[test]
    fn scientific_notation_reads_like_print() {
        assert_eq!(scientific(1.4901161193847656e-8, 1), "1.5 × 10⁻⁸");
        assert_eq!(scientific(9.96e-9, 1), "1.0 × 10⁻⁸");
        assert_eq!(scientific(1e-6, 0), "10⁻⁶");
        assert_eq!(scientific(-2.5e3, 1), "−2.5 × 10³");
        assert_eq!(scientific(3.25, 2), "3.25");
        assert_eq!(scientific(0.0, 1), "0");
        assert_eq!(power_of_ten(-8), "10⁻⁸");
        assert_eq!(power_of_ten(12), "10¹²");
    }

    #[test]
    fn significant_digits_never_print_a_wall_of_digits() {
        assert_eq!(significant(1.0 - 0.9, 6), "0.1");
        assert_eq!(significant(1e308, 6), "10³⁰⁸");
        assert_eq!(significant(1e-300, 6), "10⁻³⁰⁰");
        assert_eq!(significant(-2.0e-7, 3), "−2 × 10⁻⁷");
        assert_eq!(significant(123456789.0, 4), "1.235 × 10⁸");
        assert_eq!(significant(123456.0, 6), "123456");
        assert_eq!(significant(999999.6, 6), "10⁶");
        assert_eq!(significant(0.00012345, 3), "0.000123");
        assert_eq!(significant(2.0, 6), "2");
        assert_eq!(significant(-1.5, 6), "−1.5");
        assert_eq!(significant(250.0, 2), "250");
        assert_eq!(significant(9.9999996, 6), "10");
        assert_eq!(significant(f64::INFINITY, 6), "∞");
        for v in [1e308, 1e-300, 0.09999999999999998, 2.0000001, 123.456] {
            assert!(
                significant(v, 6).chars().count() <= 14,
                "{v}: {}",
                significant(v, 6)
            );
        }
    }

    #[test]
    fn distinct_shows_the_digit_that_differs() {
        assert_eq!(distinct(1.0000001, 1.0), "1.0000001");
        assert_eq!(distinct(0.9, 1.0), "0.9");
        assert_eq!(distinct(1.0, 1.0), "1");
        assert_eq!(distinct(-1.0000002, -1.0), "−1.0000002");
    }

    #[test]
    fn steps_read_as_the_book_quotes_them() {
        let converged = |step| Outcome::Converged {
            criterion: Criterion::GradientNorm,
            step,
        };
        assert_eq!(steps(&converged(69)), "69 steps");
        assert_eq!(steps(&converged(1)), "1 step");
        assert_eq!(
            steps(&Outcome::BudgetExhausted { steps: 100 }),
            "100 steps (budget)"
        );
        let diverged = Outcome::Diverged {
            step: 75,
            reason: Divergence::Runaway,
        };
        assert_eq!(steps(&diverged), "diverged at step 75");
    }
}
