//! Numbers the book quotes, kept honest.
//!
//! When the prose says "the best step is about 10⁻⁸", that number must come
//! from the code, not from the author's memory. Each chapter's run lists the
//! numbers its text quotes as [`Quote`]s, each with a name and the exact text
//! the run prints. In the chapter's Markdown every quoted number is written
//! as a marker that names its quote and says its text:
//!
//! ```text
//! the walk stops after {{quote gradient-rule-steps: 69 steps}}.
//! ```
//!
//! The book builder replaces the marker by its text ([`strip`]). The check
//! ([`check_prose`]) holds every marker to the run: the name must be one of
//! the run's quotes and the text must be exactly that quote's text, at every
//! place the number is quoted; and every quote must be quoted somewhere. So a
//! number changed only in the prose, or only in the code, fails the tests.
//! [`check_printed`] asks that the run's report print each quote as a whole
//! token: "1 step" is not found inside "21 steps".

use std::fmt::Write as _;

/// A number quoted in the book: a name and the exact text printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// What the number is, as a marker names it: lower case, digits, `-` and
    /// `.`, such as `best-forward-step`.
    pub name: &'static str,
    /// The text as it appears in the printed report and in the prose, such
    /// as `1.5 × 10⁻⁸`.
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

/// What opens a marker in the Markdown; `}}` closes it on the same line.
pub const OPEN: &str = "{{quote ";
/// What closes a marker.
pub const CLOSE: &str = "}}";

/// One marker `{{quote NAME: TEXT}}` found in a chapter's Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The line it is on, counting from 1.
    pub line: usize,
    /// The quote it names.
    pub name: String,
    /// The text it says the quote has.
    pub text: String,
}

/// Whether `name` is a well-formed quote name: lower-case letters, digits,
/// `-` and `.`, starting with a letter or digit.
pub fn is_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
}

/// Every marker in `markdown`, in order, or one line per malformed marker.
pub fn markers(markdown: &str) -> Result<Vec<Marker>, Vec<String>> {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for (index, line) in markdown.lines().enumerate() {
        let number = index + 1;
        let mut rest = line;
        while let Some(start) = rest.find(OPEN) {
            let inside = &rest[start + OPEN.len()..];
            let Some(end) = inside.find(CLOSE) else {
                problems.push(format!(
                    "line {number}: a quote marker is not closed by `}}}}` on the same line"
                ));
                break;
            };
            let body = &inside[..end];
            match body.split_once(": ") {
                Some((name, text)) if is_name(name) && !text.trim().is_empty() => {
                    found.push(Marker {
                        line: number,
                        name: name.to_string(),
                        text: text.to_string(),
                    })
                }
                _ => problems.push(format!(
                    "line {number}: `{OPEN}{body}{CLOSE}` should read `{OPEN}name: text{CLOSE}`, \
                     with a name of lower-case letters, digits, `-` and `.`"
                )),
            }
            rest = &inside[end + CLOSE.len()..];
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}

/// `markdown` with every marker replaced by its text: what the reader sees.
pub fn strip(markdown: &str) -> Result<String, Vec<String>> {
    markers(markdown)?;
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let inside = &rest[start + OPEN.len()..];
        let end = inside
            .find(CLOSE)
            .expect("markers() has checked that every marker closes");
        let (_, text) = inside[..end]
            .split_once(": ")
            .expect("markers() has checked every marker's shape");
        out.push_str(text);
        rest = &inside[end + CLOSE.len()..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Every way the markers of `markdown` fail to say what the run's `quotes`
/// say, one line each: a malformed marker, a marker naming no quote, a marker
/// whose text is not its quote's, a quote no marker quotes.
pub fn check_prose(markdown: &str, quotes: &[Quote]) -> Vec<String> {
    let mut problems = name_problems(quotes);
    let markers = match markers(markdown) {
        Ok(markers) => markers,
        Err(mut malformed) => {
            problems.append(&mut malformed);
            return problems;
        }
    };
    problems.extend(marker_problems(&markers, quotes));
    problems.extend(unquoted(&markers, quotes));
    problems
}

/// [`check_prose`] for a run whose numbers are quoted on several pages (a
/// chapter and an appendix it owns), given as `(page, markdown)`: every
/// page's markers must say what the run prints, and every quote must be
/// quoted on at least one of the pages. Each problem starts with the page it
/// is on; a quote quoted nowhere is reported against the first page. With one
/// page this is `check_prose` with the page's name in front.
pub fn check_pages(pages: &[(String, String)], quotes: &[Quote]) -> Vec<String> {
    let Some((first, _)) = pages.first() else {
        return Vec::new();
    };
    let mut problems: Vec<String> = name_problems(quotes)
        .into_iter()
        .map(|problem| format!("{first}: {problem}"))
        .collect();
    let mut all = Vec::new();
    let mut malformed = false;
    for (page, markdown) in pages {
        match markers(markdown) {
            Ok(found) => {
                for problem in marker_problems(&found, quotes) {
                    problems.push(format!("{page}: {problem}"));
                }
                all.extend(found);
            }
            Err(bad) => {
                malformed = true;
                for problem in bad {
                    problems.push(format!("{page}: {problem}"));
                }
            }
        }
    }
    if !malformed {
        for problem in unquoted(&all, quotes) {
            problems.push(format!("{first}: {problem}"));
        }
    }
    problems
}

/// The quotes whose names are not well formed.
fn name_problems(quotes: &[Quote]) -> Vec<String> {
    let mut problems = Vec::new();
    for quote in quotes {
        if !is_name(quote.name) {
            problems.push(format!(
                "the quote name {:?} should be lower-case letters, digits, `-` and `.`",
                quote.name
            ));
        }
    }
    problems
}

/// The markers that name no quote or say something else than their quote.
fn marker_problems(markers: &[Marker], quotes: &[Quote]) -> Vec<String> {
    let mut problems = Vec::new();
    for marker in markers {
        match quotes.iter().find(|q| q.name == marker.name) {
            None => problems.push(format!(
                "line {}: the marker names `{}`, which the run does not quote",
                marker.line, marker.name
            )),
            Some(quote) if quote.text != marker.text => problems.push(format!(
                "line {}: `{}` says {:?} but the run prints {:?}",
                marker.line, marker.name, marker.text, quote.text
            )),
            Some(_) => {}
        }
    }
    problems
}

/// The quotes no marker quotes.
fn unquoted(markers: &[Marker], quotes: &[Quote]) -> Vec<String> {
    let mut problems = Vec::new();
    for quote in quotes {
        if !markers.iter().any(|m| m.name == quote.name) {
            problems.push(format!(
                "`{}` ({:?}) is quoted nowhere: write `{OPEN}{}: {}{CLOSE}` where the prose says it",
                quote.name, quote.text, quote.name, quote.text
            ));
        }
    }
    problems
}

/// Whether `c` continues a number or a word, so that a match ending or
/// starting next to it is not a whole token.
fn joins(c: char) -> bool {
    c.is_alphanumeric() || "⁰¹²³⁴⁵⁶⁷⁸⁹⁻".contains(c)
}

/// Whether `needle` occurs in `haystack` as a whole token: not inside a longer
/// number or word. "69 steps" is in "after 69 steps." but "1 step" is not in
/// "21 steps", nor "0.12" in "0.123" or "10.12".
pub fn contains_token(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    for (start, _) in haystack.match_indices(needle) {
        let before = haystack[..start].chars().next_back();
        let after_text = &haystack[start + needle.len()..];
        let mut after = after_text.chars();
        let next = after.next();
        let following = after.next();
        let starts_clean = match before {
            None => true,
            Some(c) => !joins(c) && c != '.' && c != '−' && c != '-',
        };
        let ends_clean = match next {
            None => true,
            Some('.') | Some(',') => !following.is_some_and(|c| c.is_ascii_digit()),
            Some(c) => !joins(c),
        };
        if starts_clean && ends_clean {
            return true;
        }
    }
    false
}

/// The quotes the run's `printed` report does not show as a whole token,
/// one line each.
pub fn check_printed(printed: &str, quotes: &[Quote]) -> Vec<String> {
    let mut problems = Vec::new();
    for quote in quotes {
        if !contains_token(printed, &quote.text) {
            let mut line = String::new();
            let _ = write!(
                line,
                "`{}`: the run does not print {:?} as a number of its own",
                quote.name, quote.text
            );
            problems.push(line);
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes() -> Vec<Quote> {
        vec![
            Quote::new("steps", "69 steps"),
            Quote::new("share", "0.12"),
            Quote::new("one", "1 step"),
        ]
    }

    const PROSE: &str = "The walk stops after {{quote steps: 69 steps}}, a share of \
{{quote share: 0.12}}.\nOnce more, {{quote share: 0.12}}; at η = 1 it takes {{quote one: 1 step}}.\n";

    #[test]
    fn markers_that_say_what_the_run_says_pass_and_are_stripped() {
        assert_eq!(check_prose(PROSE, &quotes()), Vec::<String>::new());
        assert_eq!(
            strip(PROSE).unwrap(),
            "The walk stops after 69 steps, a share of 0.12.\nOnce more, 0.12; at η = 1 it takes 1 step.\n"
        );
        assert_eq!(text_of(&quotes(), "share"), "0.12");
        assert_eq!(text_of(&quotes(), "none"), "");
    }

    #[test]
    fn a_number_changed_only_in_the_prose_fails() {
        let prose = PROSE.replacen("69 steps}}", "68 steps}}", 1);
        let problems = check_prose(&prose, &quotes());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("line 1: `steps` says \"68 steps\""));
    }

    #[test]
    fn a_number_changed_only_in_the_code_fails() {
        let mut changed = quotes();
        changed[0].text = "70 steps".to_string();
        let problems = check_prose(PROSE, &changed);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("the run prints \"70 steps\""));
    }

    #[test]
    fn the_same_number_quoted_twice_is_checked_at_both_places() {
        // Changing only the second of the two quotes of `share` is caught, on its line.
        let prose = PROSE.replace(
            "Once more, {{quote share: 0.12}}",
            "Once more, {{quote share: 0.13}}",
        );
        let problems = check_prose(&prose, &quotes());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("line 2: `share`"), "{problems:?}");
    }

    #[test]
    fn unknown_unquoted_and_malformed_markers_are_reported() {
        let problems = check_prose(
            "{{quote nothing: 3}} and {{quote steps: 69 steps}}",
            &quotes(),
        );
        assert!(problems[0].contains("names `nothing`"), "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`share` (\"0.12\") is quoted nowhere"))
        );
        assert!(check_prose("{{quote Bad Name: 3}}", &[])[0].contains("should read"));
        assert!(check_prose("{{quote steps: 69 steps", &[])[0].contains("not closed"));
        assert!(strip("{{quote steps 69}}").is_err());
    }

    #[test]
    fn quotes_shared_by_a_chapter_and_its_appendix_are_checked_on_both() {
        let pages = |chapter: &str, appendix: &str| {
            vec![
                ("chapter.md".to_string(), chapter.to_string()),
                ("appendix.md".to_string(), appendix.to_string()),
            ]
        };
        // Quoted between the two pages: nothing is missing.
        let chapter = "after {{quote steps: 69 steps}} and {{quote one: 1 step}}";
        let appendix = "a share of {{quote share: 0.12}}";
        assert_eq!(
            check_pages(&pages(chapter, appendix), &quotes()),
            Vec::<String>::new()
        );
        // With one page it is check_prose with the page's name in front.
        assert_eq!(
            check_pages(&pages(chapter, appendix)[..1], &quotes()),
            vec![format!(
                "chapter.md: {}",
                check_prose(chapter, &quotes())[0]
            )]
        );
        // A wrong number on the appendix is reported there, on its line.
        let wrong = "\nshare {{quote share: 0.13}}";
        let problems = check_pages(&pages(chapter, wrong), &quotes());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("appendix.md: line 2: `share`"));
        // A quote neither page quotes is reported against the first page.
        let problems = check_pages(&pages(chapter, "no markers"), &quotes());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].starts_with("chapter.md: `share`"),
            "{problems:?}"
        );
        assert!(
            check_pages(&pages(chapter, "{{quote bad"), &quotes())[0]
                .starts_with("appendix.md: line 1")
        );
        assert!(check_pages(&[], &quotes()).is_empty());
    }

    #[test]
    fn a_printed_quote_must_be_a_whole_token() {
        assert!(contains_token("after 69 steps.", "69 steps"));
        assert!(contains_token("stops after 1 step", "1 step"));
        assert!(!contains_token("stops after 21 steps", "1 step"));
        assert!(!contains_token("x = 0.123", "0.12"));
        assert!(!contains_token("x = 10.12", "0.12"));
        assert!(!contains_token("x = −0.12", "0.12"));
        assert!(contains_token("x = 0.12, y", "0.12"));
        assert!(contains_token("(0.12)", "0.12"));
        assert!(!contains_token("10⁻⁶⁰", "10⁻⁶"));
        assert!(contains_token("is 10⁻⁶.", "10⁻⁶"));
        let problems = check_printed("took 21 steps and 69 steps; 0.12", &quotes());
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("`one`"));
    }
}
