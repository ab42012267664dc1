//! Downhill's exercise checker.
//!
//! Readers run `cargo run -p exercises` (every chapter) or
//! `cargo run -p exercises -- 1` (one chapter) to see, for each coding
//! exercise, whether it passed, is not started yet, or failed, with a hint.
//! Teachers use `--json` for an autograder and `student-copy DIR` to hand out
//! the repository without the reference solutions.
//!
//! The checker only ever runs the reader's own files
//! (`chapters/chapterN/src/exercises.rs`); it never needs the solutions.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use harness::exercise::{Status, attempt};
use harness::paths;

/// The result of checking one exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The chapter's number.
    pub chapter: u32,
    /// The exercise's number, e.g. `"1.2"`.
    pub id: &'static str,
    /// The function the reader writes.
    pub function: &'static str,
    /// What it does.
    pub title: &'static str,
    /// One to three stars.
    pub stars: &'static str,
    /// Passed, not yet, or failed with a message.
    pub status: Status,
}

/// Check the exercises of the chapters numbered in `selected` (all if empty).
pub fn check(selected: &[u32]) -> Vec<Checked> {
    let mut results = Vec::new();
    for chapter in chapters::all() {
        if !selected.is_empty() && !selected.contains(&chapter.number()) {
            continue;
        }
        for exercise in chapter.exercises() {
            results.push(Checked {
                chapter: chapter.number(),
                id: exercise.id,
                function: exercise.function,
                title: exercise.title,
                stars: exercise.difficulty.stars(),
                status: attempt(&exercise),
            });
        }
    }
    results
}

/// The results that belong to chapter `number`.
fn of_chapter(results: &[Checked], number: u32) -> Vec<&Checked> {
    results.iter().filter(|r| r.chapter == number).collect()
}

/// The report a reader sees: one line per exercise, failures with their
/// message, and a progress line per chapter.
pub fn render_text(results: &[Checked]) -> String {
    let mut out = String::new();
    for chapter in chapters::all() {
        let mine = of_chapter(results, chapter.number());
        if mine.is_empty() {
            continue;
        }
        let _ = writeln!(
            out,
            "Chapter {}: {}  ({})",
            chapter.number(),
            chapter.title(),
            paths::shown(&paths::exercises_file(chapter.number()))
        );
        for result in &mine {
            let mark = match result.status {
                Status::Passed => "✓",
                Status::NotYet => "·",
                Status::Failed(_) => "✗",
            };
            let _ = writeln!(
                out,
                "  {mark} {:<5} {:<4} {:<20} {:<28} {}",
                result.id,
                result.stars,
                result.function,
                result.title,
                result.status.word()
            );
            if let Status::Failed(message) = &result.status {
                for line in message.lines() {
                    let _ = writeln!(out, "        {line}");
                }
            }
        }
        let _ = writeln!(out);
    }
    let _ = write!(out, "Progress:");
    let mut first = true;
    for chapter in chapters::all() {
        let mine = of_chapter(results, chapter.number());
        if mine.is_empty() {
            continue;
        }
        let passed = mine.iter().filter(|r| r.status == Status::Passed).count();
        let bar: String = mine
            .iter()
            .map(|r| {
                if r.status == Status::Passed {
                    '■'
                } else {
                    '□'
                }
            })
            .collect();
        let _ = write!(
            out,
            "{} chapter {} {bar} {passed}/{}",
            if first { "" } else { " ·" },
            chapter.number(),
            mine.len()
        );
        first = false;
    }
    let passed = results
        .iter()
        .filter(|r| r.status == Status::Passed)
        .count();
    let _ = writeln!(out, "  ({passed} of {} exercises passed)", results.len());
    if results.iter().any(|r| r.status == Status::NotYet) {
        let _ = writeln!(
            out,
            "\"not yet\" means the function still calls todo!(): open the chapter's file above and write it."
        );
    }
    out
}

/// Escape a string for JSON.
fn json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Machine-readable results for an autograder: a JSON array with one object
/// per exercise, `{"chapter", "exercise", "function", "status", "message"}`,
/// where `status` is `"passed"`, `"not yet"` or `"failed"`.
pub fn render_json(results: &[Checked]) -> String {
    let mut out = String::from("[\n");
    for (i, result) in results.iter().enumerate() {
        let message = match &result.status {
            Status::Failed(message) => message.as_str(),
            Status::NotYet => "the function still calls todo!()",
            Status::Passed => "",
        };
        let _ = write!(
            out,
            "  {{\"chapter\": {}, \"exercise\": {}, \"function\": {}, \"status\": {}, \"message\": {}}}",
            result.chapter,
            json_string(result.id),
            json_string(result.function),
            json_string(result.status.word()),
            json_string(message)
        );
        out.push_str(if i + 1 < results.len() { ",\n" } else { "\n" });
    }
    out.push_str("]\n");
    out
}

/// The repository's root, found from this package's manifest.
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("exercises/ sits one level below the repository root")
        .to_path_buf()
}

/// Folders a student copy leaves out: build output and version control,
/// and every `solutions/` folder, which holds the reference answers.
fn left_out(relative: &Path) -> bool {
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    if matches!(first.as_deref(), Some(".git") | Some("target")) {
        return true;
    }
    if relative == Path::new("book/build") || relative == Path::new("book/screenshots") {
        return true;
    }
    relative.file_name().is_some_and(|name| name == "solutions")
}

/// What [`student_copy`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopySummary {
    /// How many files were copied.
    pub files: usize,
    /// The folders left out because they hold solutions, relative to the root.
    pub solutions_left_out: Vec<PathBuf>,
}

/// Copy the repository at `from` to the new folder `to`, leaving out the
/// reference solutions, build output and version control.
///
/// The copy builds and its `cargo test` passes: each chapter's build script
/// notices that `solutions/` is gone and compiles out the tests of the
/// solutions, while the checks against the reader's own files stay.
pub fn student_copy(from: &Path, to: &Path) -> io::Result<CopySummary> {
    if to.exists() && fs::read_dir(to)?.next().is_some() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} exists and is not empty; choose a new folder",
                to.display()
            ),
        ));
    }
    let from = from.canonicalize()?;
    fs::create_dir_all(to)?;
    if to.canonicalize()?.starts_with(&from) {
        fs::remove_dir(to)?;
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the student copy must be outside the repository",
        ));
    }
    let mut summary = CopySummary {
        files: 0,
        solutions_left_out: Vec::new(),
    };
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let mut entries: Vec<_> = fs::read_dir(from.join(&relative))?.collect::<Result<_, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let child = relative.join(entry.file_name());
            if left_out(&child) {
                if child.file_name().is_some_and(|n| n == "solutions") {
                    summary.solutions_left_out.push(child);
                }
                continue;
            }
            let kind = entry.file_type()?;
            if kind.is_dir() {
                fs::create_dir_all(to.join(&child))?;
                stack.push(child);
            } else if kind.is_file() {
                fs::copy(entry.path(), to.join(&child))?;
                summary.files += 1;
            }
        }
    }
    summary.solutions_left_out.sort();
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_what_it_must() {
        assert_eq!(json_string("a \"b\"\n\\"), "\"a \\\"b\\\"\\n\\\\\"");
        let results = vec![Checked {
            chapter: 1,
            id: "1.1",
            function: "secant_slope",
            title: "t",
            stars: "★",
            status: Status::Failed("expected 2.5, got \"2\"".to_string()),
        }];
        let json = render_json(&results);
        assert!(json.contains("\"status\": \"failed\""), "{json}");
        assert!(json.contains("got \\\"2\\\""), "{json}");
    }

    #[test]
    fn solutions_and_build_output_are_left_out() {
        assert!(left_out(Path::new("chapters/chapter1/solutions")));
        assert!(left_out(Path::new("target")));
        assert!(left_out(Path::new(".git")));
        assert!(left_out(Path::new("book/build")));
        assert!(!left_out(Path::new("chapters/chapter1/src/exercises.rs")));
        assert!(!left_out(Path::new("book/src")));
    }
}
