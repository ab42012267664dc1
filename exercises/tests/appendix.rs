//! The appendix for teachers, `book/src/teaching.md`, says exactly what the
//! checker does: the lines it prints, its options, its statuses, the files
//! it writes, the workflows a student copy carries, the steps of adding an
//! exercise, the minimum Rust version. A student copy made with
//! `--no-appendix` leaves this file out with the appendix.
//!
//! It also holds the appendix's example of registering exercises, compiled
//! here as a small chapter 12.

use std::path::PathBuf;

use ::exercises::copy::{classroom_workflow, student_workflow};
use ::exercises::registry::{ExerciseInfo, parse_exercises};
use ::exercises::report::{self, ChapterReport, Graded, Report};
use harness::exercise::{Outcome, Verdict};

// The reader's file of the example chapter.
mod exercises {
    #![allow(unused_variables)]

    pub fn half(x: f64) -> f64 {
        todo!("exercise 12.1: half of x")
    }

    pub fn walk(x0: f64, eta: f64) -> f64 {
        todo!("exercise 12.2: ten steps of gradient descent on x²/2")
    }
}

mod exercise_checks {
    use descent::{GradientDescent, Parabola, StoppingRules, descend};
    use harness::exercise::{Failure, expect_close, vary};

    fn check_half(half: fn(f64) -> f64) -> Result<(), Failure> {
        let x = vary(3.0, |d| d.grid(-4.0, 4.0, 0.5));
        expect_close(
            &format!("half of {x}"),
            half(x),
            x / 2.0,
            1e-12,
            "divide by two",
        )
    }

    fn check_walk(walk: fn(f64, f64) -> f64) -> Result<(), Failure> {
        let (x0, eta) = vary((1.0, 0.5), |d| {
            (d.grid(0.5, 3.0, 0.5), d.grid(0.1, 0.9, 0.1))
        });
        let run = descend(
            &Parabola::new(1.0),
            &mut GradientDescent { eta },
            &[x0],
            &StoppingRules::budget(10),
        );
        expect_close(
            &format!("x after ten steps from {x0} with η = {eta}"),
            walk(x0, eta),
            run.final_point()[0],
            1e-12,
            "x ← x − η·x, ten times",
        )
    }

    // ANCHOR: registration
    harness::exercises! {
        "12.1" half: fn(f64) -> f64, Warm, "half a number" => check_half;
        "12.2" walk: fn(f64, f64) -> f64, Steady, "ten steps down x²/2" => check_walk,
            points 3, without [descend, GradientDescent];
    }
    // ANCHOR_END: registration
}

fn root() -> PathBuf {
    ::exercises::repository_root().expect("the checker runs in its own repository")
}

fn appendix() -> String {
    std::fs::read_to_string(root().join("book/src/teaching.md")).expect("book/src/teaching.md")
}

/// The section of the appendix under the heading `## {title}`.
fn section(title: &str) -> String {
    let text = appendix();
    let start = text
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("the appendix has no section `## {title}`"));
    let rest = &text[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    rest[..end].to_string()
}

/// Chapter 1's exercises as its checks register them, if the repository has
/// chapter 1 (a student copy may not).
fn chapter1() -> Option<Vec<ExerciseInfo>> {
    let checks =
        std::fs::read_to_string(root().join("chapters/chapter1/src/exercise_checks.rs")).ok()?;
    Some(parse_exercises(&checks, 1).expect("chapter 1's list reads"))
}

#[test]
fn the_registration_shown_is_compiled_and_read_alike_by_the_checker() {
    assert!(
        appendix().contains("{{#include ../../exercises/tests/appendix.rs:registration}}"),
        "the appendix includes the registration compiled here"
    );
    let compiled = exercise_checks::readers_exercises();
    let read = parse_exercises(include_str!("appendix.rs"), 12).unwrap();
    assert_eq!(compiled.len(), read.len());
    for (compiled, read) in compiled.iter().zip(&read) {
        assert_eq!(compiled.id, read.id);
        assert_eq!(compiled.function, read.function);
        assert_eq!(compiled.title, read.title);
        assert_eq!(compiled.points(), read.points);
        assert_eq!(compiled.not_from_library, read.not_from_library.as_slice());
    }
    assert_eq!(compiled[0].points(), 1, "one point per star");
    assert_eq!(
        compiled[1].points(),
        3,
        "`points 3` overrides the two stars"
    );
}

#[test]
fn the_appendix_shows_what_the_checker_prints() {
    let Some(exercises) = chapter1() else {
        eprintln!("no chapter 1 in this copy: nothing to compare");
        return;
    };
    let results = exercises
        .into_iter()
        .map(|info| Graded {
            info,
            outcome: Outcome::new(Verdict::NotYet),
            output: String::new(),
            seconds: 0.0,
        })
        .collect();
    let title = std::fs::read_to_string(root().join("book/src/chapter1.md"))
        .ok()
        .and_then(|m| ::exercises::registry::title_from_markdown(&m))
        .unwrap();
    let chapter = ChapterReport {
        number: 1,
        title: title.clone(),
        file: "chapters/chapter1/src/exercises.rs".to_string(),
        compile_errors: None,
        results,
    };
    let mut printed = report::chapter_heading(1, &title, &chapter.file);
    for graded in &chapter.results {
        printed.push_str(&report::exercise_lines(graded));
    }
    let report = Report {
        chapters: vec![chapter],
        variant: None,
        timeout: 10.0,
        reference: false,
    };
    printed.push('\n');
    printed.push_str(&report::progress(&report));
    let appendix = appendix();
    assert!(
        appendix.contains(&printed),
        "the appendix should show, in one block, what the checker prints:\n{printed}"
    );
}

#[test]
fn every_option_and_status_of_the_checker_is_in_the_appendix() {
    let help = std::process::Command::new(env!("CARGO_BIN_EXE_exercises"))
        .arg("--help")
        .output()
        .expect("the checker runs");
    let help = String::from_utf8(help.stdout).unwrap();
    let appendix = appendix();
    let mut options: Vec<&str> = help
        .split(|c: char| c.is_whitespace() || c == '[' || c == ']')
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .collect();
    options.sort();
    options.dedup();
    assert!(options.len() >= 15, "{options:?}");
    for option in options {
        assert!(
            appendix.contains(&format!("`{option}")),
            "the appendix does not explain {option}"
        );
    }
    for verdict in Verdict::ALL {
        assert!(
            appendix.contains(&format!("*{}*", verdict.words())),
            "the appendix does not explain the status {:?}",
            verdict.words()
        );
        assert!(
            appendix.contains(&format!("`{}`", verdict.code())),
            "the appendix does not list the JSON status `{}`",
            verdict.code()
        );
    }
}

#[test]
fn the_appendix_states_the_minimum_rust_version_and_the_build_folder_pitfall() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = \""))
        .map(|v| v.trim_end_matches('"'))
        .expect("the workspace states its rust-version");
    let appendix = appendix();
    assert!(
        appendix.contains(&format!("Rust {version} or newer")),
        "the appendix should say Rust {version} or newer"
    );
    let pitfall = section("One build folder per copy");
    assert!(pitfall.contains("CARGO_TARGET_DIR"));
    let message =
        ::exercises::shared_build_folder(std::path::Path::new("/a"), std::path::Path::new("/b"));
    let words = message
        .split(": ")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap();
    assert!(
        pitfall.contains(words),
        "the appendix should quote the checker's words {words:?}"
    );
}

#[test]
fn the_workflows_shown_are_the_ones_a_copy_carries() {
    let appendix = appendix();
    let students = student_workflow(false);
    assert!(
        appendix.contains(&format!("```yaml\n{students}```")),
        "the appendix should show the students' workflow:\n{students}"
    );
    let Some(exercises) = chapter1() else {
        return;
    };
    let classroom = classroom_workflow(&exercises, false);
    assert!(
        appendix.contains(&format!("```yaml\n{classroom}```")),
        "the appendix should show chapter 1's Classroom workflow:\n{classroom}"
    );
}

#[test]
fn adding_an_exercise_takes_the_steps_the_appendix_counts() {
    let steps = section("Adding your own exercise");
    assert!(steps.contains("six edits in five files"), "{steps}");
    let numbered: Vec<&str> = steps
        .lines()
        .filter(|l| {
            l.split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
        })
        .collect();
    assert_eq!(numbered.len(), 6, "{numbered:#?}");
    for file in [
        "src/exercises.rs",
        "solutions/exercises.rs",
        "src/exercise_checks.rs",
        "tests/exercises.rs",
        "book/src/chapterN.md",
    ] {
        assert!(steps.contains(&format!("`{file}`")), "no step names {file}");
    }
}

#[test]
fn the_json_example_has_the_reports_fields() {
    let appendix = appendix();
    let start = appendix.find("```json\n").expect("a JSON example") + "```json\n".len();
    let end = start + appendix[start..].find("```").unwrap();
    let example: serde_json::Value =
        serde_json::from_str(&appendix[start..end]).expect("the JSON example parses");
    let info = ExerciseInfo {
        chapter: 1,
        id: "1.1".to_string(),
        function: "secant_slope".to_string(),
        title: "t".to_string(),
        difficulty: harness::exercise::Difficulty::Warm,
        points: 1,
        not_from_library: Vec::new(),
    };
    let real = Report {
        chapters: vec![ChapterReport {
            number: 1,
            title: "t".to_string(),
            file: "f".to_string(),
            compile_errors: None,
            results: vec![Graded {
                info,
                outcome: Outcome::new(Verdict::Passed),
                output: String::new(),
                seconds: 0.0,
            }],
        }],
        variant: None,
        timeout: 10.0,
        reference: false,
    };
    let real: serde_json::Value = serde_json::from_str(&report::json(&real)).unwrap();
    let keys = |v: &serde_json::Value| {
        let mut keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&example), keys(&real));
    for exercise in example["exercises"].as_array().unwrap() {
        assert_eq!(keys(exercise), keys(&real["exercises"][0]));
    }
    for chapter in example["chapters"].as_array().unwrap() {
        assert_eq!(keys(chapter), keys(&real["chapters"][0]));
    }
}

#[test]
fn the_appendix_lists_every_exercise_of_every_chapter() {
    let list = section("Every chapter's exercises");
    let words = list.split_whitespace().collect::<Vec<_>>().join(" ");
    let registry = ::exercises::registry::registered(&root()).unwrap();
    let mut problems = Vec::new();
    let mut registered = Vec::new();
    for chapter in &registry {
        // A student copy may leave chapters out; list what is there.
        let Ok(checks) = std::fs::read_to_string(root().join(chapter.checks_file())) else {
            continue;
        };
        let exercises = parse_exercises(&checks, chapter.number).unwrap();
        if exercises.is_empty() {
            let named = format!("Chapter {}", chapter.number);
            if !words.contains(&named) || !words.contains("no coding exercises") {
                problems.push(format!(
                    "chapter {} has no coding exercises: say so",
                    chapter.number
                ));
            }
        }
        for e in exercises {
            let row = format!(
                "| [{}](chapter{}.md#coding-exercises) {} | `{}` | {} | {} |",
                e.id,
                chapter.number,
                e.difficulty.stars(),
                e.function,
                e.title,
                e.points
            );
            if !list.contains(&row) {
                problems.push(format!("missing or different: {row}"));
            }
            registered.push(e.id);
        }
    }
    // And no row names an exercise the chapters present do not have.
    for line in list.lines().filter(|l| l.starts_with("| [")) {
        let id = &line[3..line.find(']').unwrap()];
        let chapter: u32 = id.split('.').next().unwrap().parse().unwrap();
        if registry.iter().any(|c| c.number == chapter) && !registered.iter().any(|r| r == id) {
            problems.push(format!("no exercise {id} is registered: {line}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
