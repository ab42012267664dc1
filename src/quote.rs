//! Numbers the book quotes, kept honest.
//!
//! When the prose says "the best step is about 10⁻⁸", that number must come
//! from the code, not from the author's memory. Each chapter lists the numbers
//! its text quotes as [`Quote`]s: the run prints them, a test asserts their
//! values against theory, and [`missing_quotes`] checks that the chapter's
//! Markdown says exactly the text the run prints.

/// A number quoted in the book: a name for tests and the exact text printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// What the number is, e.g. `"best forward step"`.
    pub name: &'static str,
    /// The text as it appears in the printed report and in the prose, e.g. `"1.5e-8"`.
    pub text: String,
}

impl Quote {
    /// A quote named `name` with the text `text`.
    pub fn new(name: &'static str, text: impl Into<String>) -> Self {
        Quote {
            name,
            text: text.into(),
        }
    }
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
    let power = crate::plot::power_of_ten(exponent);
    if mantissa == "1" {
        power
    } else {
        format!("{mantissa} × {power}")
    }
}

/// The quotes whose text appears nowhere in `markdown`, one line each.
pub fn missing_quotes(markdown: &str, quotes: &[Quote]) -> Vec<String> {
    let mut missing = Vec::new();
    for quote in quotes {
        if !markdown.contains(&quote.text) {
            missing.push(format!(
                "{}: the text does not say {:?}",
                quote.name, quote.text
            ));
        }
    }
    missing
}

/// The text of the quote called `name`, or an empty string: what a chapter's
/// report prints where the prose quotes that number.
pub fn text_of(quotes: &[Quote], name: &str) -> String {
    for quote in quotes {
        if quote.name == name {
            return quote.text.clone();
        }
    }
    String::new()
}

/// Every way chapter `chapter`'s quotes fail to be honest, one line each: a
/// quote the run's `printed` report does not show, or that the chapter's
/// Markdown (`book/src/chapterN.md`) does not say.
pub fn check_chapter_quotes(chapter: u32, printed: &str, quotes: &[Quote]) -> Vec<String> {
    let mut problems = Vec::new();
    for quote in quotes {
        if !printed.contains(&quote.text) {
            problems.push(format!(
                "{}: the run does not print {:?}",
                quote.name, quote.text
            ));
        }
    }
    let path = crate::repository_root().join(format!("book/src/chapter{chapter}.md"));
    match std::fs::read_to_string(&path) {
        Ok(markdown) => problems.extend(missing_quotes(&markdown, quotes)),
        Err(error) => problems.push(format!("cannot read {}: {error}", path.display())),
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scientific_notation_reads_like_print() {
        assert_eq!(scientific(1.4901161193847656e-8, 1), "1.5 × 10⁻⁸");
        assert_eq!(scientific(9.96e-9, 1), "1.0 × 10⁻⁸");
        assert_eq!(scientific(1e-6, 0), "10⁻⁶");
        assert_eq!(scientific(-2.5e3, 1), "−2.5 × 10³");
        assert_eq!(scientific(3.25, 2), "3.25");
        assert_eq!(scientific(0.0, 1), "0");
    }

    #[test]
    fn a_quote_must_be_printed_and_the_chapter_must_exist() {
        let quotes = [Quote::new("a", "0.25")];
        let problems = check_chapter_quotes(99, "x = 0.3", &quotes);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("does not print \"0.25\""));
        assert!(problems[1].contains("chapter99.md"));
        assert_eq!(text_of(&quotes, "a"), "0.25");
        assert_eq!(text_of(&quotes, "b"), "");
    }

    #[test]
    fn finds_what_the_text_does_not_say() {
        let quotes = [Quote::new("a", "0.25"), Quote::new("b", "69 steps")];
        assert!(missing_quotes("after 69 steps x = 0.25", &quotes).is_empty());
        let missing = missing_quotes("after 70 steps x = 0.25", &quotes);
        assert_eq!(
            missing,
            vec!["b: the text does not say \"69 steps\"".to_string()]
        );
    }
}
