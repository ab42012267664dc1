//! Downhill's exercise checker and grader.
//!
//! Readers run `cargo run -p exercises` (every chapter),
//! `cargo run -p exercises -- 1` (one chapter) or `cargo run -p exercises --
//! 2.2` (one exercise) to see, for each coding exercise, whether it passed,
//! is not started yet, or failed, with what was expected, what came back, a
//! hint, and where. Teachers grade with `--json-out FILE`, `--junit FILE`
//! and `--variant SEED`, and hand out `student-copy DIR`.
//!
//! How it checks: it builds each chapter's program (`cargo build --example
//! chapterN`, one chapter's compile error apart from the others') and runs
//! each exercise's check in a process of its own with a time limit
//! ([`run`]), so that a loop, a stack overflow or a panic costs only that
//! exercise, and the reader's own printing never mixes with the report. It
//! only ever runs the reader's own files (`chapters/chapterN/src/exercises.rs`);
//! it never needs the solutions.

pub mod compile;
pub mod copy;
pub mod registry;
pub mod report;
pub mod run;

use std::path::{Path, PathBuf};
use std::time::Duration;

use harness::exercise::{Outcome, Verdict};

use crate::registry::{ExerciseInfo, Registered};
use crate::report::{ChapterReport, Graded, Hints, Report};
use crate::run::{Program, Trouble};

/// The default time limit per exercise, in seconds.
pub const DEFAULT_TIMEOUT: f64 = 10.0;

/// The course settings a student copy carries, relative to the root.
pub const COURSE_FILE: &str = "exercises/course.toml";

/// The repository's root, as compiled into the harness; with a check that
/// the checker is running for the folder it was compiled from.
///
/// `cargo run` tells a program which package it runs (`CARGO_MANIFEST_DIR`
/// at run time). If that is not the package this program was compiled from,
/// two copies of the repository share one build folder, cargo has mixed
/// their programs, and every result would be about the other copy: refuse.
pub fn repository_root() -> Result<PathBuf, String> {
    let compiled = harness::paths::repository_root();
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        let running = Path::new(&dir)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        if !same_folder(&running, &compiled) {
            return Err(shared_build_folder(&compiled, &running));
        }
    }
    Ok(compiled)
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// The message for a build folder shared between two copies.
pub fn shared_build_folder(compiled: &Path, running: &Path) -> String {
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(|t| format!(" (CARGO_TARGET_DIR={t})"))
        .unwrap_or_default();
    format!(
        "the programs in this build folder{target} were compiled from {}, not from {}: two copies of the repository share one build folder, and cargo mixes their programs, so every result would be about the other copy. Give each copy its own build folder: unset CARGO_TARGET_DIR, or point it to a folder of this copy's own.",
        compiled.display(),
        running.display()
    )
}

/// The course settings of the repository at `root` (a student copy writes
/// them): the hint level, `hints = "none" | "first" | "all"`.
pub fn course_hints(root: &Path) -> Hints {
    let Ok(text) = std::fs::read_to_string(root.join(COURSE_FILE)) else {
        return Hints::All;
    };
    for line in text.lines() {
        if let Some((key, value)) = line.split_once('=')
            && key.trim() == "hints"
            && let Some(hints) = Hints::parse(value.trim().trim_matches('"'))
        {
            return hints;
        }
    }
    Hints::All
}

/// What to check, and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// Chapters to check; all if empty (and no exercise is named).
    pub chapters: Vec<u32>,
    /// Exercises to check, by number (`2.2`); their chapters are checked for
    /// these only.
    pub exercises: Vec<String>,
    /// The variant, as given (`--variant SEED`).
    pub variant: Option<String>,
    /// The time limit per exercise.
    pub timeout: Duration,
    /// Check the reference solutions instead of the reader's file.
    pub reference: bool,
    /// How much of the hints to show.
    pub hints: Hints,
    /// Points set on the command line, by exercise number.
    pub points: Vec<(String, u32)>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            chapters: Vec::new(),
            exercises: Vec::new(),
            variant: None,
            timeout: Duration::from_secs_f64(DEFAULT_TIMEOUT),
            reference: false,
            hints: Hints::All,
            points: Vec::new(),
        }
    }
}

/// What happens while checking, in order, for a report printed as results
/// come in.
pub enum Event<'a> {
    /// The chapters' programs are being built.
    Building(&'a [Registered]),
    /// A chapter's results follow.
    Chapter(&'a ChapterReport),
    /// An exercise's check is starting.
    Started(&'a ExerciseInfo),
    /// An exercise's check is done.
    Finished(&'a Graded),
}

/// Why the checker could not check at all (exit code 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fatal(pub String);

/// The chapters `options` selects, from the registry, in order.
pub fn selected_chapters(
    registry: &[Registered],
    options: &Options,
) -> Result<Vec<Registered>, Fatal> {
    let known: Vec<u32> = registry.iter().map(|c| c.number).collect();
    let mut wanted: Vec<u32> = options.chapters.clone();
    for id in &options.exercises {
        let chapter = id
            .split_once('.')
            .and_then(|(n, _)| n.parse::<u32>().ok())
            .ok_or_else(|| Fatal(format!("`{id}` is not an exercise number like 2.2")))?;
        wanted.push(chapter);
    }
    for n in &wanted {
        if !known.contains(n) {
            return Err(Fatal(format!(
                "there is no chapter {n} with exercises: the chapters are {}",
                list(&known)
            )));
        }
    }
    Ok(registry
        .iter()
        .filter(|c| wanted.is_empty() || wanted.contains(&c.number))
        .cloned()
        .collect())
}

fn list(numbers: &[u32]) -> String {
    numbers
        .iter()
        .map(|n| n.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

fn trouble(trouble: Trouble, root: &Path) -> Fatal {
    match trouble {
        Trouble::Stale(stale) => Fatal(shared_build_folder(Path::new(&stale.compiled_from), root)),
        Trouble::Other(text) => Fatal(text),
    }
}

/// Check the exercises `options` selects in the repository at `root`,
/// telling `events` as it goes, and return the report.
pub fn check(
    root: &Path,
    options: &Options,
    events: &mut dyn FnMut(Event),
) -> Result<Report, Fatal> {
    let registry = registry::registered(root).map_err(Fatal)?;
    let chapters = selected_chapters(&registry, options)?;
    events(Event::Building(&chapters));
    let programs = compile::build(root, &chapters).map_err(Fatal)?;
    let mut report = Report {
        chapters: Vec::new(),
        variant: options.variant.clone(),
        timeout: options.timeout.as_secs_f64(),
        reference: options.reference,
    };
    let mut hints_shown = 0;
    for chapter in &chapters {
        let n = chapter.number;
        let source = if options.reference {
            chapter.solutions_file()
        } else {
            chapter.exercises_file()
        };
        let program = match &programs[&n] {
            Ok(exe) => Some(Program {
                exe: exe.clone(),
                root: root.to_path_buf(),
                variant: options.variant.clone(),
                reference: options.reference,
            }),
            Err(_) => None,
        };
        let (title, mut exercises, compile_errors) = match (&program, &programs[&n]) {
            (Some(program), _) => {
                let (title, exercises) = run::list(program, n).map_err(|t| trouble(t, root))?;
                (title, exercises, None)
            }
            (None, Err(error)) => {
                let checks =
                    std::fs::read_to_string(root.join(chapter.checks_file())).unwrap_or_default();
                let exercises = registry::parse_exercises(&checks, n).unwrap_or_default();
                let title = std::fs::read_to_string(root.join(format!("book/src/chapter{n}.md")))
                    .ok()
                    .and_then(|m| registry::title_from_markdown(&m))
                    .unwrap_or_else(|| format!("chapter {n}"));
                (title, exercises, Some(error.clone()))
            }
            (None, Ok(_)) => unreachable!("a program is Some when built"),
        };
        let named: Vec<&String> = options
            .exercises
            .iter()
            .filter(|id| id.starts_with(&format!("{n}.")))
            .collect();
        for id in &named {
            if !exercises.iter().any(|e| &e.id == *id) {
                return Err(Fatal(format!(
                    "chapter {n} has no exercise {id}: its exercises are {}",
                    exercises
                        .iter()
                        .map(|e| e.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
        if !named.is_empty() && !options.chapters.contains(&n) {
            exercises.retain(|e| named.contains(&&e.id));
        }
        for exercise in &mut exercises {
            if let Some((_, points)) = options.points.iter().find(|(id, _)| *id == exercise.id) {
                exercise.points = *points;
            }
        }
        let mut chapter_report = ChapterReport {
            number: n,
            title,
            // A chapter without coding exercises has no file to edit.
            file: if exercises.is_empty() && compile_errors.is_none() {
                String::new()
            } else {
                source.clone()
            },
            compile_errors: compile_errors.as_ref().map(|e| e.rendered.clone()),
            results: Vec::new(),
        };
        events(Event::Chapter(&chapter_report));
        for info in exercises {
            events(Event::Started(&info));
            let mut graded = match (&program, &compile_errors) {
                (Some(program), _) => {
                    let ran = run::check(program, &info, options.timeout, &source)
                        .map_err(|t| trouble(t, root))?;
                    Graded {
                        info,
                        outcome: ran.outcome,
                        output: ran.output,
                        seconds: ran.seconds,
                    }
                }
                (None, error) => {
                    let error = error.as_ref().expect("no program means a compile error");
                    Graded {
                        info,
                        outcome: Outcome::new(Verdict::DoesNotCompile)
                            .at(error.location.clone())
                            .with_detail(error.first.clone()),
                        output: String::new(),
                        seconds: 0.0,
                    }
                }
            };
            if !graded.outcome.hint.is_empty() {
                if report::keep_hint(options.hints, hints_shown) {
                    hints_shown += 1;
                } else {
                    graded.outcome.hint.clear();
                }
            }
            events(Event::Finished(&graded));
            chapter_report.results.push(graded);
        }
        report.chapters.push(chapter_report);
    }
    Ok(report)
}
