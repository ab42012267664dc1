//! The grade report: the lines a reader sees as results come in, the
//! progress line, and the files an autograder reads (JSON, JUnit XML, a
//! Markdown summary).

use std::fmt::Write as _;

use harness::exercise::{Outcome, Verdict};

use crate::registry::ExerciseInfo;

/// One exercise, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Graded {
    /// Which exercise.
    pub info: ExerciseInfo,
    /// What the check found.
    pub outcome: Outcome,
    /// What the reader's code printed while it was checked.
    pub output: String,
    /// How long the check took, in seconds.
    pub seconds: f64,
}

impl Graded {
    /// The points earned: all of them for a pass, none otherwise.
    pub fn earned(&self) -> u32 {
        if self.outcome.verdict == Verdict::Passed {
            self.info.points
        } else {
            0
        }
    }

    /// Whether the exercise passed.
    pub fn passed(&self) -> bool {
        self.outcome.verdict == Verdict::Passed
    }
}

/// One chapter's part of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct ChapterReport {
    /// Its number.
    pub number: u32,
    /// Its title.
    pub title: String,
    /// The file the reader edits, relative to the root; empty for a chapter
    /// without coding exercises.
    pub file: String,
    /// The compiler's errors, if the chapter does not compile.
    pub compile_errors: Option<String>,
    /// Its exercises, checked.
    pub results: Vec<Graded>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The chapters checked, in order.
    pub chapters: Vec<ChapterReport>,
    /// The variant, as given, if any.
    pub variant: Option<String>,
    /// The time limit per exercise, in seconds.
    pub timeout: f64,
    /// Whether the reference solutions were checked instead of the reader's file.
    pub reference: bool,
}

impl Report {
    /// Every result, in order.
    pub fn results(&self) -> impl Iterator<Item = &Graded> {
        self.chapters.iter().flat_map(|c| c.results.iter())
    }

    /// Points earned.
    pub fn score(&self) -> u32 {
        self.results().map(Graded::earned).sum()
    }

    /// Points possible.
    pub fn maximum(&self) -> u32 {
        self.results().map(|r| r.info.points).sum()
    }

    /// Whether every exercise passed.
    pub fn all_passed(&self) -> bool {
        self.results().all(Graded::passed)
    }
}

/// How much of the checks' hints a report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hints {
    /// No hints: what was expected and what came back only.
    None,
    /// The hint of the first failed exercise of a run only: one nudge at a time.
    First,
    /// Every failed exercise's hint.
    All,
}

impl Hints {
    /// `none`, `first` or `all`.
    pub fn parse(word: &str) -> Option<Hints> {
        match word {
            "none" => Some(Hints::None),
            "first" => Some(Hints::First),
            "all" => Some(Hints::All),
            _ => None,
        }
    }

    /// `none`, `first` or `all`.
    pub fn word(&self) -> &'static str {
        match self {
            Hints::None => "none",
            Hints::First => "first",
            Hints::All => "all",
        }
    }
}

/// Whether an exercise's hint may be shown, given how many failures with a
/// hint came before it in this run.
pub fn keep_hint(hints: Hints, hints_shown_before: usize) -> bool {
    match hints {
        Hints::None => false,
        Hints::First => hints_shown_before == 0,
        Hints::All => true,
    }
}

/// The chapter's heading in the report a reader sees.
pub fn chapter_heading(number: u32, title: &str, file: &str) -> String {
    if file.is_empty() {
        return format!(
            "Chapter {number}: {title}  (no coding exercises: its questions have worked answers on its page)\n"
        );
    }
    format!("Chapter {number}: {title}  ({file})\n")
}

fn mark(verdict: Verdict) -> char {
    match verdict {
        Verdict::Passed => '✓',
        Verdict::NotYet => '·',
        _ => '✗',
    }
}

/// The lines a reader sees for one exercise: its line, then what went wrong.
pub fn exercise_lines(graded: &Graded) -> String {
    let info = &graded.info;
    let outcome = &graded.outcome;
    let mut out = String::new();
    let points = format!("{}/{}", graded.earned(), info.points);
    let _ = writeln!(
        out,
        "  {} {:<5} {:<4} {:<20} {:<28} {:<5} {}",
        mark(outcome.verdict),
        info.id,
        info.difficulty.stars(),
        info.function,
        info.title,
        points,
        outcome.verdict.words()
    );
    let at = |out: &mut String| {
        if !outcome.location.is_empty() {
            let _ = writeln!(out, "        at       {}", outcome.location);
        }
    };
    match outcome.verdict {
        Verdict::Passed | Verdict::NotYet => {}
        Verdict::Failed => {
            let _ = writeln!(out, "        expected {}", outcome.expected);
            let _ = writeln!(out, "        got      {}", outcome.got);
            if !outcome.hint.is_empty() {
                let _ = writeln!(out, "        hint:    {}", outcome.hint);
            }
        }
        Verdict::Panicked | Verdict::TimedOut | Verdict::Crashed | Verdict::LibraryAnswer => {
            let _ = writeln!(out, "        {}", outcome.detail);
            at(&mut out);
        }
        Verdict::DoesNotCompile => {}
    }
    if !graded.output.is_empty() && !graded.passed() {
        let lines: Vec<&str> = graded.output.lines().collect();
        let _ = writeln!(out, "        printed: {}", lines[0]);
        for line in lines.iter().skip(1).take(9) {
            let _ = writeln!(out, "                 {line}");
        }
        if lines.len() > 10 {
            let _ = writeln!(out, "                 … {} more lines", lines.len() - 10);
        }
    }
    out
}

/// The lines a reader sees for a chapter that does not compile, before its
/// exercises: the compiler's errors, indented.
pub fn compile_error_lines(rendered: &str) -> String {
    let mut out = String::from("  The chapter does not compile; the compiler says:\n");
    for line in rendered.lines() {
        let _ = writeln!(out, "    {line}");
    }
    out
}

/// The progress line and the score.
pub fn progress(report: &Report) -> String {
    let mut out = String::from("Progress:");
    // A chapter without coding exercises has no progress to show.
    let chapters = report.chapters.iter().filter(|c| !c.results.is_empty());
    for (i, chapter) in chapters.enumerate() {
        let passed = chapter.results.iter().filter(|r| r.passed()).count();
        let bar: String = chapter
            .results
            .iter()
            .map(|r| if r.passed() { '■' } else { '□' })
            .collect();
        let _ = write!(
            out,
            "{} chapter {} {bar} {passed}/{}",
            if i == 0 { "" } else { " ·" },
            chapter.number,
            chapter.results.len()
        );
    }
    let passed = report.results().filter(|r| r.passed()).count();
    let _ = writeln!(
        out,
        "  ({passed} of {} exercises passed, {} of {} points)",
        report.results().count(),
        report.score(),
        report.maximum()
    );
    if report
        .results()
        .any(|r| r.outcome.verdict == Verdict::NotYet)
    {
        out.push_str(
            "\"not yet\" means the function still calls todo!(): open the chapter's file above and write it.\n",
        );
    }
    out
}

/// The grade report as JSON, for an autograder.
pub fn json(report: &Report) -> String {
    use serde_json::{Value, json};
    let exercises: Vec<Value> = report
        .chapters
        .iter()
        .flat_map(|chapter| {
            chapter.results.iter().map(move |r| {
                json!({
                    "chapter": chapter.number,
                    "exercise": r.info.id,
                    "function": r.info.function,
                    "title": r.info.title,
                    "stars": r.info.difficulty.points(),
                    "points": r.earned(),
                    "max_points": r.info.points,
                    "status": r.outcome.verdict.code(),
                    "expected": r.outcome.expected,
                    "got": r.outcome.got,
                    "hint": r.outcome.hint,
                    "location": r.outcome.location,
                    "detail": r.outcome.detail,
                    "message": r.outcome.summary(),
                    "output": r.output,
                    "seconds": (r.seconds * 1000.0).round() / 1000.0,
                })
            })
        })
        .collect();
    let value = json!({
        "checker": "downhill exercises",
        "variant": report.variant,
        "reference_solutions": report.reference,
        "timeout_seconds": report.timeout,
        "score": report.score(),
        "max_score": report.maximum(),
        "passed": report.results().filter(|r| r.passed()).count(),
        "exercises_count": report.results().count(),
        "chapters": report.chapters.iter().map(|c| json!({
            "chapter": c.number,
            "title": c.title,
            "file": c.file,
            "compiles": c.compile_errors.is_none(),
        })).collect::<Vec<_>>(),
        "exercises": exercises,
    });
    let mut text = serde_json::to_string_pretty(&value).expect("a JSON value prints");
    text.push('\n');
    text
}

/// Escape text for XML.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// The grade report as JUnit XML: one test suite per chapter, one test case
/// per exercise, its points as properties. "Not yet" and a wrong answer are
/// failures; a panic, a time-out, a crash or a compile error are errors.
pub fn junit(report: &Report) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let failures = |results: &mut dyn Iterator<Item = &Graded>| {
        let mut failed = 0;
        let mut errors = 0;
        for r in results {
            match r.outcome.verdict {
                Verdict::Passed => {}
                Verdict::NotYet | Verdict::Failed | Verdict::LibraryAnswer => failed += 1,
                _ => errors += 1,
            }
        }
        (failed, errors)
    };
    let (failed, errors) = failures(&mut report.results());
    let total_time: f64 = report.results().map(|r| r.seconds).sum();
    let _ = writeln!(
        out,
        "<testsuites name=\"downhill exercises\" tests=\"{}\" failures=\"{failed}\" errors=\"{errors}\" time=\"{total_time:.3}\">",
        report.results().count()
    );
    for chapter in &report.chapters {
        let (failed, errors) = failures(&mut chapter.results.iter());
        let time: f64 = chapter.results.iter().map(|r| r.seconds).sum();
        let _ = writeln!(
            out,
            "  <testsuite name=\"chapter {}: {}\" tests=\"{}\" failures=\"{failed}\" errors=\"{errors}\" time=\"{time:.3}\">",
            chapter.number,
            xml(&chapter.title),
            chapter.results.len()
        );
        for r in &chapter.results {
            let _ = writeln!(
                out,
                "    <testcase classname=\"chapter{}\" name=\"{} {}\" file=\"{}\" time=\"{:.3}\">",
                chapter.number,
                xml(&r.info.id),
                xml(&r.info.function),
                xml(&chapter.file),
                r.seconds
            );
            let _ = writeln!(
                out,
                "      <properties><property name=\"points\" value=\"{}\"/><property name=\"max_points\" value=\"{}\"/><property name=\"status\" value=\"{}\"/></properties>",
                r.earned(),
                r.info.points,
                r.outcome.verdict.code()
            );
            let body = details(&r.outcome);
            match r.outcome.verdict {
                Verdict::Passed => {}
                Verdict::NotYet | Verdict::Failed | Verdict::LibraryAnswer => {
                    let _ = writeln!(
                        out,
                        "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                        r.outcome.verdict.code(),
                        xml(&r.outcome.summary()),
                        xml(&body)
                    );
                }
                _ => {
                    let _ = writeln!(
                        out,
                        "      <error type=\"{}\" message=\"{}\">{}</error>",
                        r.outcome.verdict.code(),
                        xml(&r.outcome.summary()),
                        xml(&body)
                    );
                }
            }
            if !r.output.is_empty() {
                let _ = writeln!(out, "      <system-out>{}</system-out>", xml(&r.output));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// The fields of an outcome, one per line, for a failure's body.
fn details(outcome: &Outcome) -> String {
    let mut lines = Vec::new();
    for (name, value) in [
        ("expected", &outcome.expected),
        ("got", &outcome.got),
        ("hint", &outcome.hint),
        ("location", &outcome.location),
        ("detail", &outcome.detail),
    ] {
        if !value.is_empty() {
            lines.push(format!("{name}: {value}"));
        }
    }
    lines.join("\n")
}

/// The grade report as a Markdown table, for a CI job's summary.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Exercises: {} of {} points\n",
        report.score(),
        report.maximum()
    );
    if let Some(variant) = &report.variant {
        let _ = writeln!(out, "Variant `{variant}`.\n");
    }
    out.push_str("| exercise | function | points | result |\n|---|---|---|---|\n");
    for r in report.results() {
        let result = if r.passed() {
            "passed".to_string()
        } else {
            r.outcome.summary().replace('|', "\\|").replace('\n', " ")
        };
        let _ = writeln!(
            out,
            "| {} {} | `{}` | {}/{} | {} |",
            r.info.id,
            r.info.difficulty.stars(),
            r.info.function,
            r.earned(),
            r.info.points,
            result
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use harness::exercise::Difficulty;

    fn graded(id: &str, outcome: Outcome, output: &str) -> Graded {
        Graded {
            info: ExerciseInfo {
                chapter: 1,
                id: id.to_string(),
                function: "secant_slope".to_string(),
                title: "the forward difference".to_string(),
                difficulty: Difficulty::Steady,
                points: 2,
                not_from_library: Vec::new(),
            },
            outcome,
            output: output.to_string(),
            seconds: 0.25,
        }
    }

    fn report() -> Report {
        let failed = Outcome {
            expected: "x = <2.5> & \"y\"".to_string(),
            got: "2".to_string(),
            hint: "rise over run".to_string(),
            ..Outcome::new(Verdict::Failed)
        };
        Report {
            chapters: vec![ChapterReport {
                number: 1,
                title: "Slope".to_string(),
                file: "chapters/chapter1/src/exercises.rs".to_string(),
                compile_errors: None,
                results: vec![
                    graded("1.1", Outcome::new(Verdict::Passed), ""),
                    graded("1.2", failed, "debug\nprint"),
                    graded(
                        "1.3",
                        Outcome::new(Verdict::TimedOut)
                            .at("chapters/chapter1/src/exercises.rs:30")
                            .with_detail("no answer within 10 s"),
                        "",
                    ),
                ],
            }],
            variant: Some("alice".to_string()),
            timeout: 10.0,
            reference: false,
        }
    }

    #[test]
    fn the_score_counts_points_of_passed_exercises() {
        let report = report();
        assert_eq!((report.score(), report.maximum()), (2, 6));
        assert!(!report.all_passed());
        let progress = progress(&report);
        assert!(
            progress.starts_with(
                "Progress: chapter 1 ■□□ 1/3  (1 of 3 exercises passed, 2 of 6 points)"
            ),
            "{progress}"
        );
    }

    #[test]
    fn a_chapter_without_exercises_says_so_and_stays_out_of_the_progress_line() {
        let mut report = report();
        report.chapters.push(ChapterReport {
            number: 11,
            title: "Epilogue".to_string(),
            file: String::new(),
            compile_errors: None,
            results: Vec::new(),
        });
        assert_eq!(
            chapter_heading(11, "Epilogue", ""),
            "Chapter 11: Epilogue  (no coding exercises: its questions have worked answers on its page)\n"
        );
        let progress = progress(&report);
        assert!(
            progress.starts_with(
                "Progress: chapter 1 ■□□ 1/3  (1 of 3 exercises passed, 2 of 6 points)"
            ),
            "{progress}"
        );
    }

    #[test]
    fn json_has_separate_fields_and_parses() {
        let text = json(&report());
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["score"], 2);
        assert_eq!(value["max_score"], 6);
        assert_eq!(value["variant"], "alice");
        let second = &value["exercises"][1];
        assert_eq!(second["status"], "failed");
        assert_eq!(second["expected"], "x = <2.5> & \"y\"");
        assert_eq!(second["got"], "2");
        assert_eq!(second["hint"], "rise over run");
        assert_eq!(second["output"], "debug\nprint");
        assert_eq!(second["points"], 0);
        assert_eq!(second["max_points"], 2);
        assert_eq!(value["exercises"][2]["status"], "timed_out");
        assert_eq!(
            value["exercises"][2]["location"],
            "chapters/chapter1/src/exercises.rs:30"
        );
    }

    #[test]
    fn junit_is_escaped_and_counts_failures_and_errors() {
        let text = junit(&report());
        assert!(
            text.contains("tests=\"3\" failures=\"1\" errors=\"1\""),
            "{text}"
        );
        assert!(
            text.contains("x = &lt;2.5&gt; &amp; &quot;y&quot;"),
            "{text}"
        );
        assert!(text.contains("<error type=\"timed_out\""), "{text}");
        assert!(
            text.contains("<property name=\"points\" value=\"2\"/>"),
            "{text}"
        );
        assert_eq!(text.matches("<testcase ").count(), 3);
        assert_eq!(text.matches("</testcase>").count(), 3);
    }

    #[test]
    fn a_reader_sees_what_went_wrong_and_what_was_printed() {
        let report = report();
        let lines = exercise_lines(&report.chapters[0].results[1]);
        assert!(lines.contains("        expected x = <2.5>"), "{lines}");
        assert!(lines.contains("        hint:    rise over run"), "{lines}");
        assert!(
            lines.contains("        printed: debug\n                 print\n"),
            "{lines}"
        );
        let lines = exercise_lines(&report.chapters[0].results[2]);
        assert!(lines.contains("timed out"), "{lines}");
        assert!(
            lines.contains("        at       chapters/chapter1/src/exercises.rs:30"),
            "{lines}"
        );
        let table = markdown(&report);
        assert!(
            table.contains("| 1.1 ★★ | `secant_slope` | 2/2 | passed |"),
            "{table}"
        );
    }
}
