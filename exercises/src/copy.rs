//! A student copy: the repository as committed, without what gives an
//! answer away, with a CI workflow for students in place of the project's.
//!
//! What a copy leaves out, and why:
//!
//! - every `solutions/` folder: the reference answers;
//! - `chapters/chapterN/tests/exercises.rs`: the typical wrong answers fed to
//!   the checks, each one edit away from a right answer;
//! - the project's own CI (`.ci/`, `.github/`): in a student's repository it
//!   would fail once an exercise is solved (it demands that the stubs fail),
//!   install a browser and try to publish the book;
//! - chapters not handed out (`--chapters`), with their pages and figures,
//!   and then the tests of the whole book's consistency ([`WHOLE_BOOK_TESTS`]),
//!   since the preface, the glossary and the appendix still name every chapter;
//! - on request, the worked answers of the questions (`--no-answers`) and
//!   this appendix for teachers (`--no-appendix`);
//! - anything not committed: the copy is made from `HEAD`, never from the
//!   working tree.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::COURSE_FILE;
use crate::registry::{self, ExerciseInfo, Registered};
use crate::report::Hints;

/// The tests that read the whole book at once: its table of contents, the
/// links between its pages, its notation table and the figures every page
/// shows. A copy of some chapters leaves them out (its preface, glossary and
/// floating-point appendix still point at the others); a copy of every
/// chapter keeps them.
pub const WHOLE_BOOK_TESTS: [&str; 4] = [
    "book/tests/contents.rs",
    "book/tests/cross_references.rs",
    "book/tests/notation.rs",
    "tests/book_consistency.rs",
];

/// How to make a student copy.
#[derive(Debug, Clone)]
pub struct CopyOptions {
    /// The chapters handed out; all if `None`. Chapters they depend on come too.
    pub chapters: Option<Vec<u32>>,
    /// The hints the copy's checker shows.
    pub hints: Hints,
    /// Leave out the worked answers of the questions.
    pub strip_answers: bool,
    /// Leave out the appendix for teachers.
    pub strip_appendix: bool,
    /// Also write the GitHub Classroom autograding workflow.
    pub classroom: bool,
    /// Check each student's repository at its own variant (its name).
    pub variant_per_student: bool,
}

impl Default for CopyOptions {
    fn default() -> Self {
        CopyOptions {
            chapters: None,
            hints: Hints::All,
            strip_answers: false,
            strip_appendix: false,
            classroom: false,
            variant_per_student: false,
        }
    }
}

/// What [`student_copy`] wrote.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CopySummary {
    /// The commit the copy was made from.
    pub commit: String,
    /// How many files were written.
    pub files: usize,
    /// The chapters in the copy.
    pub chapters: Vec<u32>,
    /// The chapters added because a chosen chapter depends on them.
    pub added_for_dependencies: Vec<u32>,
    /// What was left out, by reason: the reason and the paths.
    pub left_out: BTreeMap<String, Vec<String>>,
    /// Files changed or not committed in the repository, not in the copy.
    pub not_committed: Vec<String>,
    /// The workflows written, relative to the copy's root.
    pub workflows: Vec<String>,
    /// How many worked answers were taken out.
    pub answers_stripped: usize,
    /// The copy's exercises, with their points.
    pub exercises: Vec<ExerciseInfo>,
}

impl CopySummary {
    /// What a teacher reads after making a copy.
    pub fn describe(&self, to: &Path) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Wrote a student copy of commit {} to {}: {} files, chapters {}.",
            short(&self.commit),
            to.display(),
            self.files,
            self.chapters
                .iter()
                .map(|n| n.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
        if !self.added_for_dependencies.is_empty() {
            let _ = writeln!(
                out,
                "  chapters {:?} are in it too: the chosen chapters use them",
                self.added_for_dependencies
            );
        }
        let points: u32 = self.exercises.iter().map(|e| e.points).sum();
        let _ = writeln!(out, "  {} exercises, {points} points", self.exercises.len());
        for (reason, paths) in &self.left_out {
            let _ = writeln!(
                out,
                "  left out {} ({}): {reason}",
                plural(paths.len(), "file"),
                abbreviate(paths)
            );
        }
        if self.answers_stripped > 0 {
            let _ = writeln!(
                out,
                "  took out {} from the chapters' pages",
                plural(self.answers_stripped, "worked answer")
            );
        }
        for workflow in &self.workflows {
            let _ = writeln!(out, "  wrote {workflow}");
        }
        if !self.not_committed.is_empty() {
            let _ = writeln!(
                out,
                "  not in the copy, because not committed: {}",
                abbreviate(&self.not_committed)
            );
        }
        out.push_str(
            "In the copy, `cargo run -p exercises` shows every exercise as not yet, and `cargo test` passes. Give it a build folder of its own.\n",
        );
        out
    }
}

fn short(commit: &str) -> &str {
    &commit[..commit.len().min(12)]
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn abbreviate(paths: &[String]) -> String {
    let shown: Vec<&str> = paths.iter().take(4).map(String::as_str).collect();
    let mut text = shown.join(", ");
    if paths.len() > 4 {
        let _ = write!(text, ", … {} more", paths.len() - 4);
    }
    text
}

// ---------------------------------------------------------------------------
// Reading the commit.

fn git(root: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(output.stdout)
}

/// One committed file: its path, mode and content.
#[derive(Debug, Clone)]
pub struct Committed {
    /// Relative to the root.
    pub path: String,
    /// Executable.
    pub executable: bool,
    /// Its bytes.
    pub content: Vec<u8>,
}

/// Every file of commit `HEAD` of the repository at `root`, and the commit.
pub fn committed_files(root: &Path) -> Result<(String, Vec<Committed>), String> {
    let commit = String::from_utf8_lossy(&git(root, &["rev-parse", "--verify", "HEAD"]).map_err(
        |_| {
            format!(
                "{} is not a git repository with a commit: a student copy is made from what is committed",
                root.display()
            )
        },
    )?)
    .trim()
    .to_string();
    let listing = git(root, &["ls-tree", "-r", "-z", "--full-tree", "HEAD"])?;
    let mut entries = Vec::new();
    for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let parts: Vec<&str> = meta.split(' ').collect();
        if parts.len() < 3 || parts[1] != "blob" {
            continue; // submodules
        }
        entries.push((parts[0].to_string(), parts[2].to_string(), path.to_string()));
    }
    // One `git cat-file --batch` for every blob; its input written from a
    // thread so that neither pipe can fill and block the other.
    let mut child = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let ids: String = entries.iter().map(|(_, id, _)| format!("{id}\n")).collect();
    let writer = std::thread::spawn(move || stdin.write_all(ids.as_bytes()));
    let mut bytes = Vec::new();
    child
        .stdout
        .take()
        .expect("stdout is piped")
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read from git: {e}"))?;
    let _ = writer.join();
    let _ = child.wait();
    let mut files = Vec::new();
    let mut at = 0;
    for (mode, _, path) in entries {
        let header_end = bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .ok_or("git cat-file ended early")?;
        let header = String::from_utf8_lossy(&bytes[at..at + header_end]).into_owned();
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("unexpected answer from git cat-file: {header}"))?;
        let start = at + header_end + 1;
        let content = bytes
            .get(start..start + size)
            .ok_or("git cat-file ended early")?
            .to_vec();
        at = start + size + 1;
        if mode == "120000" {
            continue; // symbolic links: none in the book
        }
        files.push(Committed {
            path,
            executable: mode == "100755",
            content,
        });
    }
    Ok((commit, files))
}

/// Paths that differ from the commit or are not committed (ignored files
/// aside).
fn not_committed(root: &Path) -> Vec<String> {
    let Ok(status) = git(
        root,
        &["status", "--porcelain", "-z", "--untracked-files=all"],
    ) else {
        return Vec::new();
    };
    status
        .split(|&b| b == 0)
        .filter(|e| e.len() > 3)
        .map(|e| String::from_utf8_lossy(&e[3..]).into_owned())
        .collect()
}

// ---------------------------------------------------------------------------
// What to change.

/// The chapters a chapter's crate depends on (`chapterM = …` in its manifest).
fn chapter_dependencies(manifest: &str) -> Vec<u32> {
    registry::parse_registry(manifest)
        .into_iter()
        .map(|c| c.number)
        .collect()
}

/// The worked answers of `markdown` taken out: each
/// `<details><summary>Answer</summary> … </details>` becomes one line saying
/// so. Quote markers that only a worked answer held are kept in an HTML
/// comment at the end, so that the chapter's check (every number the run
/// quotes is quoted somewhere) still holds. Returns the page and the number
/// of answers taken out.
pub fn strip_answers(markdown: &str) -> (String, usize) {
    let mut kept = String::new();
    let mut removed = String::new();
    let mut count = 0;
    let mut inside = false;
    for line in markdown.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if !inside
            && trimmed.starts_with("<details>")
            && trimmed.contains("<summary>Answer</summary>")
        {
            inside = true;
            count += 1;
            let indent = &line[..line.len() - trimmed.len()];
            let _ = writeln!(kept, "{indent}*(The worked answer is not in this copy.)*");
            removed.push_str(line);
            if trimmed.contains("</details>") {
                inside = false;
            }
            continue;
        }
        if inside {
            removed.push_str(line);
            if trimmed.starts_with("</details>") {
                inside = false;
            }
            continue;
        }
        kept.push_str(line);
    }
    let mut orphans = Vec::new();
    for marker in quote_markers(&removed) {
        let name = marker
            .trim_start_matches("{{quote ")
            .split(':')
            .next()
            .unwrap_or("")
            .to_string();
        if !kept.contains(&format!("{{{{quote {name}:")) && !orphans.contains(&marker) {
            orphans.push(marker);
        }
    }
    if !orphans.is_empty() {
        if !kept.ends_with('\n') {
            kept.push('\n');
        }
        kept.push_str(
            "\n<!-- Numbers the worked answers quoted, kept so the chapter's check still finds them:\n",
        );
        for marker in orphans {
            let _ = writeln!(kept, "{marker}");
        }
        kept.push_str("-->\n");
    }
    (kept, count)
}

/// Every `{{quote name: text}}` in `text`.
fn quote_markers(text: &str) -> Vec<String> {
    let mut markers = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{quote ") {
        let Some(end) = rest[start..].find("}}") else {
            break;
        };
        markers.push(rest[start..start + end + 2].to_string());
        rest = &rest[start + end + 2..];
    }
    markers
}

/// `SUMMARY.md` without the lines that link to `pages`, and without a
/// separator left with nothing after it.
fn strip_summary(summary: &str, pages: &[String]) -> String {
    let mut lines: Vec<&str> = summary
        .lines()
        .filter(|line| !pages.iter().any(|page| line.contains(&format!("({page})"))))
        .collect();
    while let Some(last) = lines.iter().rposition(|l| !l.trim().is_empty()) {
        lines.truncate(last + 1);
        if lines[last].trim() == "---" {
            lines.remove(last);
        } else {
            break;
        }
    }
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// `Cargo.lock` without the packages of `chapters`, and without their names
/// in other packages' dependencies.
fn strip_lock(lock: &str, chapters: &[u32]) -> String {
    let names: Vec<String> = chapters.iter().map(|n| format!("chapter{n}")).collect();
    let mut out = String::new();
    for (i, block) in lock.split("\n[[package]]\n").enumerate() {
        let name = block
            .lines()
            .find_map(|l| l.strip_prefix("name = \""))
            .map(|n| n.trim_end_matches('"'));
        if i > 0 && name.is_some_and(|n| names.iter().any(|m| m == n)) {
            continue;
        }
        let block: Vec<&str> = block
            .lines()
            .filter(|l| {
                !names
                    .iter()
                    .any(|m| l.trim() == format!("\"{m}\",") || l.trim() == format!("\"{m}\""))
            })
            .collect();
        if i > 0 {
            out.push_str("\n[[package]]\n");
        }
        out.push_str(&block.join("\n"));
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The registry's manifest without the lines of `chapters`.
fn strip_registry(manifest: &str, chapters: &[u32]) -> String {
    let mut out = String::new();
    for line in manifest.split_inclusive('\n') {
        let name = line.split('=').next().unwrap_or("").trim();
        let drop = name
            .strip_prefix("chapter")
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| chapters.contains(&n));
        if !drop {
            out.push_str(line);
        }
    }
    out
}

/// The checker's command in a workflow.
fn checker_command(arguments: &str, variant_per_student: bool) -> String {
    let variant = if variant_per_student {
        " --variant \"${{ github.repository }}\""
    } else {
        ""
    };
    format!("cargo run -q -p exercises --{variant} {arguments}")
}

/// The students' CI workflow: checks the exercises on every push, passes
/// whatever the score (it fails only if the checker cannot run), lists each
/// exercise's points in the job's summary and keeps the grade files.
pub fn student_workflow(variant_per_student: bool) -> String {
    format!(
        r#"# Written by `cargo run -p exercises -- student-copy`.
# Checks the exercises on every push. The job passes whatever the score: it
# fails only if the checker cannot run. Its summary lists each exercise's
# points; grade.json and grade.xml (JUnit) are kept with the run.
name: Exercises

on:
  push:
  pull_request:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  exercises:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
      - name: Install stable Rust
        run: rustup toolchain install stable --profile minimal && rustup default stable
      - name: Check the exercises
        run: {command}
      - name: Keep the grade report
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: grade
          path: |
            grade.json
            grade.xml
"#,
        command = checker_command(
            "--exit-zero --json-out grade.json --junit grade.xml --markdown-out \"$GITHUB_STEP_SUMMARY\"",
            variant_per_student
        )
    )
}

/// The step id of an exercise in the Classroom workflow: letters and digits
/// only, as the reporter requires (`1.2` → `exercise1x2`).
pub fn classroom_step_id(id: &str) -> String {
    format!("exercise{}", id.replace('.', "x"))
}

/// GitHub Classroom's autograding workflow: one command test per exercise,
/// worth its points, and the reporter that sends the total to Classroom.
pub fn classroom_workflow(exercises: &[ExerciseInfo], variant_per_student: bool) -> String {
    let mut out = String::from(
        r#"# GitHub Classroom autograding, written by `cargo run -p exercises -- student-copy --classroom`.
# One test per exercise, worth its points; the reporter sends the total to
# GitHub Classroom. Each test checks one exercise in a process of its own,
# with the checker's own time limit.
name: Autograding Tests
'on':
- push
- repository_dispatch
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
    - name: Checkout code
      uses: actions/checkout@v4
    - name: Build the checker and the chapters
      run: "#,
    );
    out.push_str(&checker_command("--exit-zero", variant_per_student));
    out.push('\n');
    for exercise in exercises {
        let id = classroom_step_id(&exercise.id);
        let _ = write!(
            out,
            "    - name: {name}\n      id: {id}\n      uses: classroom-resources/autograding-command-grader@v1\n      with:\n        test-name: {name}\n        command: {command}\n        timeout: 10\n        max-score: {points}\n",
            name = format_args!("{} {}", exercise.id, exercise.function),
            command = checker_command(&exercise.id, variant_per_student),
            points = exercise.points
        );
    }
    out.push_str("    - name: Autograding Reporter\n      uses: classroom-resources/autograding-grading-reporter@v1\n      env:\n");
    for exercise in exercises {
        let id = classroom_step_id(&exercise.id);
        let _ = writeln!(
            out,
            "        {}_RESULTS: \"${{{{steps.{id}.outputs.result}}}}\"",
            id.to_uppercase()
        );
    }
    let _ = writeln!(
        out,
        "      with:\n        runners: {}",
        exercises
            .iter()
            .map(|e| classroom_step_id(&e.id))
            .collect::<Vec<_>>()
            .join(",")
    );
    out
}

// ---------------------------------------------------------------------------
// The copy.

/// Make a student copy of the repository at `from` in the new folder `to`:
/// what is committed at `HEAD`, without what gives an answer away (see the
/// module's documentation), with a workflow for students.
pub fn student_copy(from: &Path, to: &Path, options: &CopyOptions) -> Result<CopySummary, String> {
    if to.exists()
        && std::fs::read_dir(to)
            .map_err(|e| e.to_string())?
            .next()
            .is_some()
    {
        return Err(format!(
            "{} exists and is not empty; choose a new folder",
            to.display()
        ));
    }
    let from = from.canonicalize().map_err(|e| e.to_string())?;
    let (commit, files) = committed_files(&from)?;
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let to_canonical = to.canonicalize().map_err(|e| e.to_string())?;
    if to_canonical.starts_with(&from) {
        let _ = std::fs::remove_dir(to);
        return Err("the student copy must be outside the repository".to_string());
    }
    let text = |path: &str| {
        files
            .iter()
            .find(|f| f.path == path)
            .map(|f| String::from_utf8_lossy(&f.content).into_owned())
    };
    let registry_text =
        text("chapters/Cargo.toml").ok_or("no chapters/Cargo.toml in the commit")?;
    let registry = registry::parse_registry(&registry_text);
    let all: Vec<u32> = registry.iter().map(|c| c.number).collect();
    let mut chosen = match &options.chapters {
        Some(chapters) => {
            for n in chapters {
                if !all.contains(n) {
                    let _ = std::fs::remove_dir(to);
                    return Err(format!(
                        "there is no chapter {n}: the chapters are {}",
                        all.iter()
                            .map(|n| n.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
            chapters.clone()
        }
        None => all.clone(),
    };
    let mut added = Vec::new();
    let mut i = 0;
    while i < chosen.len() {
        let dir = registry
            .iter()
            .find(|c| c.number == chosen[i])
            .map(|c| c.dir.clone())
            .unwrap_or_default();
        for m in chapter_dependencies(&text(&format!("{dir}/Cargo.toml")).unwrap_or_default()) {
            if !chosen.contains(&m) && all.contains(&m) {
                chosen.push(m);
                added.push(m);
            }
        }
        i += 1;
    }
    chosen.sort();
    let dropped: Vec<u32> = all
        .iter()
        .copied()
        .filter(|n| !chosen.contains(n))
        .collect();
    let dropped_dirs: Vec<String> = registry
        .iter()
        .filter(|c| dropped.contains(&c.number))
        .map(|c| format!("{}/", c.dir))
        .collect();
    let kept: Vec<&Registered> = registry
        .iter()
        .filter(|c| chosen.contains(&c.number))
        .collect();
    let exercise_tests: Vec<String> = registry
        .iter()
        .map(|c| format!("{}/tests/exercises.rs", c.dir))
        .collect();
    let mut removed_pages: Vec<String> = dropped.iter().map(|n| format!("chapter{n}.md")).collect();
    if options.strip_appendix {
        removed_pages.push("teaching.md".to_string());
    }

    let mut summary = CopySummary {
        commit: commit.clone(),
        chapters: chosen.clone(),
        added_for_dependencies: added,
        not_committed: not_committed(&from),
        ..CopySummary::default()
    };
    let mut leave = |reason: &str, path: &str| {
        summary
            .left_out
            .entry(reason.to_string())
            .or_default()
            .push(path.to_string());
    };
    let mut written: Vec<(String, Vec<u8>, bool)> = Vec::new();
    let mut answers_stripped = 0;
    for file in &files {
        let path = file.path.as_str();
        let reason = if path.split('/').any(|part| part == "solutions") {
            Some("the reference solutions")
        } else if path.starts_with(".ci/") || path.starts_with(".github/") {
            Some("the project's own CI: replaced by a workflow for students")
        } else if exercise_tests.iter().any(|t| t == path) {
            Some(
                "the typical wrong answers fed to the checks, each one edit away from a right answer",
            )
        } else if dropped_dirs.iter().any(|d| path.starts_with(d.as_str()))
            || dropped.iter().any(|n| {
                path == format!("book/src/chapter{n}.md")
                    || path.starts_with(&format!("book/src/figures/chapter{n}/"))
            })
        {
            Some("chapters not handed out")
        } else if options.strip_appendix
            && (path == "book/src/teaching.md" || path == "exercises/tests/appendix.rs")
        {
            Some("the appendix for teachers, and its test")
        } else if !dropped.is_empty() && WHOLE_BOOK_TESTS.contains(&path) {
            Some(
                "the whole book's consistency tests: the preface, glossary and appendix still name the chapters not handed out",
            )
        } else if !chosen.contains(&1) && path == "book/tests/build.rs" {
            Some("its test of the real book looks for chapter 1, which is not handed out")
        } else {
            None
        };
        if let Some(reason) = reason {
            leave(reason, path);
            continue;
        }
        let mut content = file.content.clone();
        let as_text = || String::from_utf8_lossy(&file.content).into_owned();
        if path == "chapters/Cargo.toml" {
            content = strip_registry(&as_text(), &dropped).into_bytes();
        } else if path == "Cargo.lock" {
            content = strip_lock(&as_text(), &dropped).into_bytes();
        } else if path == "book/src/SUMMARY.md" {
            content = strip_summary(&as_text(), &removed_pages).into_bytes();
        } else if options.strip_answers
            && path.starts_with("book/src/chapter")
            && path.ends_with(".md")
        {
            let (page, count) = strip_answers(&as_text());
            answers_stripped += count;
            content = page.into_bytes();
        }
        written.push((path.to_string(), content, file.executable));
    }
    summary.answers_stripped = answers_stripped;

    // The copy's exercises, read from its checks.
    for chapter in &kept {
        let checks = text(&chapter.checks_file()).unwrap_or_default();
        let list = registry::parse_exercises(&checks, chapter.number)
            .map_err(|e| format!("chapter {}: {e}", chapter.number))?;
        summary.exercises.extend(list);
    }

    let course = format!(
        "# Written by `cargo run -p exercises -- student-copy` (commit {}).\n# How much of the checks' hints the checker shows: \"none\", \"first\" (the\n# first wrong answer's only) or \"all\". `--hints` on the command line wins.\nhints = \"{}\"\n",
        short(&commit),
        options.hints.word()
    );
    written.retain(|(path, _, _)| path != COURSE_FILE);
    written.push((COURSE_FILE.to_string(), course.into_bytes(), false));
    let workflow = ".github/workflows/exercises.yml".to_string();
    written.push((
        workflow.clone(),
        student_workflow(options.variant_per_student).into_bytes(),
        false,
    ));
    summary.workflows.push(workflow);
    if options.classroom {
        let workflow = ".github/workflows/classroom.yml".to_string();
        written.push((
            workflow.clone(),
            classroom_workflow(&summary.exercises, options.variant_per_student).into_bytes(),
            false,
        ));
        summary.workflows.push(workflow);
    }

    for (path, content, executable) in &written {
        let target: PathBuf = to.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&target, content)
            .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
        #[cfg(unix)]
        if *executable {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o755));
        }
    }
    summary.files = written.len();
    for paths in summary.left_out.values_mut() {
        paths.sort();
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_answers_are_taken_out_and_their_lone_quotes_kept_hidden() {
        let page = "# T\n\nIt takes {{quote steps: 69 steps}}.\n\n1. Why?\n\n   <details><summary>Answer</summary>\n\n   Because {{quote steps: 69 steps}} and {{quote rate: 0.8}}.\n\n   </details>\n\nAfter.\n";
        let (stripped, count) = strip_answers(page);
        assert_eq!(count, 1);
        assert!(!stripped.contains("Because"), "{stripped}");
        assert!(stripped.contains("   *(The worked answer is not in this copy.)*\n"));
        assert!(stripped.contains("After."));
        // `steps` is quoted elsewhere; `rate` only in the answer.
        assert_eq!(stripped.matches("{{quote steps:").count(), 1);
        assert!(stripped.contains("<!--") && stripped.contains("{{quote rate: 0.8}}\n-->"));
    }

    #[test]
    fn the_summary_loses_removed_pages_and_a_dangling_separator() {
        let summary = "# Summary\n\n[Preface](preface.md)\n\n- [One](chapter1.md)\n- [Two](chapter2.md)\n\n---\n\n[For teachers](teaching.md)\n";
        assert_eq!(
            strip_summary(
                summary,
                &["chapter2.md".to_string(), "teaching.md".to_string()]
            ),
            "# Summary\n\n[Preface](preface.md)\n\n- [One](chapter1.md)\n"
        );
    }

    #[test]
    fn the_lock_and_the_registry_lose_chapters_not_handed_out() {
        let lock = "version = 4\n\n[[package]]\nname = \"chapter2\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"chapters\"\ndependencies = [\n \"chapter1\",\n \"chapter2\",\n \"harness\",\n]\n";
        let stripped = strip_lock(lock, &[2]);
        assert!(!stripped.contains("\"chapter2\""), "{stripped}");
        assert!(
            stripped.contains(" \"chapter1\",\n \"harness\","),
            "{stripped}"
        );
        let manifest = "[dependencies]\nharness.workspace = true\nchapter1 = { path = \"chapter1\" }\nchapter2 = { path = \"chapter2\" }\n";
        assert_eq!(
            strip_registry(manifest, &[2]),
            "[dependencies]\nharness.workspace = true\nchapter1 = { path = \"chapter1\" }\n"
        );
    }

    #[test]
    fn the_classroom_workflow_has_one_test_per_exercise_worth_its_points() {
        let exercises = vec![ExerciseInfo {
            chapter: 1,
            id: "1.2".to_string(),
            function: "central_slope".to_string(),
            title: "t".to_string(),
            difficulty: harness::exercise::Difficulty::Steady,
            points: 2,
            not_from_library: Vec::new(),
        }];
        let workflow = classroom_workflow(&exercises, true);
        assert!(workflow.contains("      id: exercise1x2\n"), "{workflow}");
        assert!(workflow.contains("        max-score: 2\n"), "{workflow}");
        assert!(
            workflow.contains(
                "        command: cargo run -q -p exercises -- --variant \"${{ github.repository }}\" 1.2\n"
            ),
            "{workflow}"
        );
        assert!(
            workflow.contains(
                "        EXERCISE1X2_RESULTS: \"${{steps.exercise1x2.outputs.result}}\"\n"
            )
        );
        assert!(workflow.contains("        runners: exercise1x2\n"));
    }
}
