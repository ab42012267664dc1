//! A student copy grades as promised, checked from the outside, the way a
//! student, a CI job and an autograder use it. `.ci/run` runs this after
//! making a copy with
//! `student-copy DIR --chapters 1 --hints first --no-answers --no-appendix --classroom`:
//!
//! ```sh
//! DOWNHILL_STUDENT_COPY=DIR DOWNHILL_STUDENT_TARGET=TARGET \
//!     cargo test -p exercises --test grading -- --ignored
//! ```
//!
//! It proves that the copy holds only chapter 1's exercises, no solution and
//! no fixture equal to an answer; that its students' workflow passes on the
//! untouched copy and reports each exercise's points; that its Classroom
//! workflow awards an exercise's points exactly when it passes; that a
//! looping, an overflowing and a panicking answer are reported with their
//! cause while the other results stay intact, and the JSON report parses
//! while the student's code prints; that a compile error and a library
//! shortcut are reported as such; that `--variant` changes the values
//! checked; and that a build folder shared with a second copy is refused,
//! not misreported.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

struct Copy {
    root: PathBuf,
    target: PathBuf,
    stubs: String,
}

impl Copy {
    fn from_env() -> Copy {
        let root = PathBuf::from(std::env::var("DOWNHILL_STUDENT_COPY").expect(
            "set DOWNHILL_STUDENT_COPY to a student copy made with --chapters 1 (see .ci/run)",
        ));
        let target = PathBuf::from(
            std::env::var("DOWNHILL_STUDENT_TARGET")
                .expect("set DOWNHILL_STUDENT_TARGET to the copy's own build folder"),
        );
        let stubs = std::fs::read_to_string(root.join(STUBS)).expect("the copy has chapter 1");
        Copy {
            root,
            target,
            stubs,
        }
    }

    /// Run `command` with bash in the copy, with its own build folder.
    fn shell(&self, command: &str, summary: Option<&Path>) -> Output {
        let mut shell = Command::new("bash");
        shell
            .arg("-c")
            .arg(command)
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", &self.target)
            .env_remove("CARGO_MANIFEST_DIR")
            .env_remove("RUST_BACKTRACE");
        if let Some(summary) = summary {
            shell.env("GITHUB_STEP_SUMMARY", summary);
        }
        shell.output().expect("bash runs")
    }

    /// Run the copy's checker with `arguments`.
    fn checker(&self, arguments: &str) -> Output {
        self.shell(&format!("cargo run -q -p exercises -- {arguments}"), None)
    }

    fn answer(&self, replacements: &[(&str, &str)]) {
        let mut text = self.stubs.clone();
        for (todo, body) in replacements {
            assert!(text.contains(todo), "the stub has no {todo}");
            text = text.replacen(todo, body, 1);
        }
        std::fs::write(self.root.join(STUBS), text).unwrap();
    }

    fn restore(&self) {
        std::fs::write(self.root.join(STUBS), &self.stubs).unwrap();
    }

    fn json(&self, name: &str) -> Value {
        let text = std::fs::read_to_string(self.root.join(name))
            .unwrap_or_else(|e| panic!("{name} was not written: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name} does not parse: {e}\n{text}"))
    }
}

const STUBS: &str = "chapters/chapter1/src/exercises.rs";

fn repository() -> PathBuf {
    exercises::repository_root().unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn files(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path
                    .file_name()
                    .is_some_and(|n| n == "target" || n == ".git")
                {
                    continue;
                }
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}

/// The bodies of the functions in `source`, without white space.
fn bodies(source: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("pub fn ") {
        let after = &rest[at + 7..];
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let Some(open) = after.find('{') else { break };
        let mut depth = 0;
        let mut end = open;
        for (i, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let body: String = after[open + 1..end]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        found.push((name, body));
        rest = &after[end..];
    }
    found
}

#[test]
#[ignore = "needs a student copy: run from .ci/run"]
fn a_student_copy_grades_as_promised() {
    let copy = Copy::from_env();
    let root = &copy.root;

    // Only chapter 1, no solutions, no project CI, no wrong-answer fixtures.
    let registry = exercises::registry::registered(root).expect("the copy has a registry");
    assert_eq!(
        registry.iter().map(|c| c.number).collect::<Vec<_>>(),
        [1],
        "only chapter 1 is handed out"
    );
    let all = files(root);
    for path in &all {
        let relative = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        assert!(
            !relative.split('/').any(|p| p == "solutions"),
            "{relative} is a solution"
        );
        assert!(
            !relative.starts_with(".ci/"),
            "{relative} is the project's CI"
        );
        assert!(
            !relative.ends_with("tests/exercises.rs"),
            "{relative} feeds the checks answers one edit from right"
        );
        assert!(
            !relative.starts_with("chapters/chapter")
                || relative.starts_with("chapters/chapter1/")
                || relative.starts_with("chapters/chapter-build.rs"),
            "{relative} belongs to a chapter not handed out"
        );
    }
    let mut workflows: Vec<String> = std::fs::read_dir(root.join(".github/workflows"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    workflows.sort();
    assert_eq!(workflows, ["classroom.yml", "exercises.yml"]);
    assert!(!root.join("book/src/teaching.md").exists());
    let page = std::fs::read_to_string(root.join("book/src/chapter1.md")).unwrap();
    assert!(
        !page.contains("<summary>Answer</summary>"),
        "worked answers left in"
    );

    // No fixture holds an answer: no reference solution's body, of any
    // chapter, appears in any file of the copy outside the library and the
    // book. (The library, `src/`, is the numerics the book teaches and its
    // pages include: its `forward_difference` is the formula exercise 1.1
    // translates, on purpose; calling it is refused as the library's own
    // answer.)
    let mut answers = Vec::new();
    for chapter in exercises::registry::registered(&repository()).unwrap() {
        let Ok(source) = std::fs::read_to_string(repository().join(chapter.solutions_file()))
        else {
            continue;
        };
        answers.extend(bodies(&source));
    }
    assert!(answers.len() >= 4, "the repository's solutions were read");
    for path in &all {
        let relative = path.strip_prefix(root).unwrap();
        if relative.starts_with("src") || relative.starts_with("book") {
            continue;
        }
        let Ok(content) = std::fs::read_to_string(path) else {
            continue;
        };
        let squeezed: String = content.chars().filter(|c| !c.is_whitespace()).collect();
        for (name, body) in &answers {
            assert!(
                body.len() < 12 || !squeezed.contains(body.as_str()),
                "{} holds the answer `{name}`",
                path.display()
            );
        }
    }

    // The students' workflow passes on the untouched copy and reports every
    // exercise's points.
    let workflow = std::fs::read_to_string(root.join(".github/workflows/exercises.yml")).unwrap();
    let summary = std::env::temp_dir().join(format!("downhill-summary-{}.md", std::process::id()));
    let _ = std::fs::remove_file(&summary);
    let mut ran = 0;
    for line in workflow.lines() {
        let Some(command) = line.trim().strip_prefix("run: ") else {
            continue;
        };
        if command.starts_with("rustup ") {
            continue; // installs the toolchain on GitHub's machines
        }
        let output = copy.shell(command, Some(&summary));
        assert!(
            output.status.success(),
            "`{command}` fails:\n{}",
            text(&output)
        );
        ran += 1;
    }
    assert_eq!(ran, 1, "the workflow checks the exercises");
    let summary_text = std::fs::read_to_string(&summary).expect("the job summary is written");
    assert!(
        summary_text.contains("### Exercises: 0 of 7 points"),
        "{summary_text}"
    );
    for row in [
        "| 1.1 ★ | `secant_slope` | 0/1 |",
        "| 1.2 ★ | `central_slope` | 0/1 |",
        "| 1.3 ★★ | `walk_down` | 0/2 |",
        "| 1.4 ★★★ | `steps_until_flat` | 0/3 |",
    ] {
        assert!(
            summary_text.contains(row),
            "{row} missing from:\n{summary_text}"
        );
    }
    let grade = copy.json("grade.json");
    assert_eq!(grade["max_score"], 7);
    assert_eq!(grade["score"], 0);
    let junit = std::fs::read_to_string(root.join("grade.xml")).unwrap();
    assert_eq!(junit.matches("<testcase ").count(), 4);

    // GitHub Classroom: one test per exercise, worth its points, passing
    // exactly when the exercise passes.
    let classroom = std::fs::read_to_string(root.join(".github/workflows/classroom.yml")).unwrap();
    let commands: Vec<&str> = classroom
        .lines()
        .filter_map(|l| l.trim().strip_prefix("command: "))
        .collect();
    let scores: Vec<&str> = classroom
        .lines()
        .filter_map(|l| l.trim().strip_prefix("max-score: "))
        .collect();
    assert_eq!(scores, ["1", "1", "2", "3"]);
    assert_eq!(commands.len(), 4);
    for command in &commands {
        let output = copy.shell(command, None);
        assert_eq!(
            output.status.code(),
            Some(1),
            "`{command}`:\n{}",
            text(&output)
        );
    }
    let solutions =
        std::fs::read_to_string(repository().join("chapters/chapter1/solutions/exercises.rs"))
            .unwrap();
    let secant = solutions
        .split("pub fn secant_slope")
        .nth(1)
        .and_then(|rest| rest.split_once('{'))
        .and_then(|(_, body)| body.split_once("\n}"))
        .map(|(body, _)| body.trim().to_string())
        .expect("chapter 1's reference answer to 1.1");
    copy.answer(&[(
        "todo!(\"exercise 1.1: the secant slope (f(x + h) − f(x)) / h\")",
        secant.as_str(),
    )]);
    let output = copy.shell(commands[0], None);
    assert!(
        output.status.success(),
        "a right answer earns the test:\n{}",
        text(&output)
    );
    copy.restore();

    // A loop, a stack overflow and a panic, each printing, beside a wrong
    // answer that prints something JSON-like.
    copy.answer(&[
        (
            "todo!(\"exercise 1.1: the secant slope (f(x + h) − f(x)) / h\")",
            "println!(\"{{\\\"score\\\": 100}}\"); 0.0",
        ),
        (
            "todo!(\"exercise 1.2: the central difference\")",
            "println!(\"looping\"); loop { std::hint::spin_loop(); }",
        ),
        (
            "todo!(\"exercise 1.3: gradient descent on f(x) = x²\")",
            "let mut deeper = walk_down(x0, eta, steps + 1); deeper.push(x0); deeper",
        ),
        (
            "todo!(\"exercise 1.4: count steps until |f′(x)| ≤ tolerance\")",
            "eprintln!(\"indexing\"); let counts: Vec<usize> = Vec::new(); Some(counts[max_steps])",
        ),
    ]);
    let output = copy.checker("--json-out broken.json --junit broken.xml --timeout 3");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    for word in [
        "failed",
        "timed out",
        "crashed",
        "panicked",
        "stack overflow",
    ] {
        assert!(
            stdout.contains(word),
            "the report does not say {word:?}:\n{stdout}"
        );
    }
    let broken = copy.json("broken.json");
    let statuses: Vec<&str> = broken["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["failed", "timed_out", "crashed", "panicked"]);
    let exercises = &broken["exercises"];
    assert_eq!(exercises[0]["output"], "{\"score\": 100}");
    assert_eq!(exercises[0]["got"], "0");
    assert!(!exercises[0]["expected"].as_str().unwrap().is_empty());
    assert!(
        !exercises[0]["hint"].as_str().unwrap().is_empty(),
        "hints first: the first failure has its hint"
    );
    assert_eq!(exercises[1]["output"], "looping");
    assert!(
        exercises[2]["detail"]
            .as_str()
            .unwrap()
            .contains("stack overflow")
    );
    let stubs = std::fs::read_to_string(root.join(STUBS)).unwrap();
    let panic_line = stubs
        .lines()
        .position(|l| l.contains("counts[max_steps]"))
        .unwrap()
        + 1;
    let location = exercises[3]["location"].as_str().unwrap();
    assert!(
        location.starts_with(&format!("{STUBS}:{panic_line}:")),
        "the panic is located at {location}, not line {panic_line}"
    );
    assert_eq!(exercises[3]["output"], "indexing");
    assert_eq!(broken["score"], 0);
    assert!(
        !stdout.contains("\"exercises\""),
        "no JSON on standard output"
    );
    let junit = std::fs::read_to_string(root.join("broken.xml")).unwrap();
    assert!(junit.contains("failures=\"1\" errors=\"3\""), "{junit}");

    // A variant changes the values checked (the wrong answer to 1.1 shows
    // what it was checked against).
    let mut expected = Vec::new();
    for variant in ["", "--variant 1", "--variant 2", "--variant s1234567"] {
        let output = copy.checker(&format!("1.1 {variant} --json-out variant.json"));
        assert_eq!(output.status.code(), Some(1), "{}", text(&output));
        let report = copy.json("variant.json");
        assert_eq!(report["exercises"][0]["status"], "failed");
        expected.push(
            report["exercises"][0]["expected"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    for i in 0..expected.len() {
        for j in 0..i {
            assert_ne!(
                expected[i], expected[j],
                "two variants check the same values"
            );
        }
    }

    // An answer that hands the work to the library.
    copy.answer(&[(
        "todo!(\"exercise 1.3: gradient descent on f(x) = x²\")",
        "use descent::*; descend(&Parabola::new(2.0), &mut GradientDescent { eta }, &[x0], &StoppingRules::budget(steps)).first_coordinates()",
    )]);
    let output = copy.checker("1.3 --json-out library.json");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let library = copy.json("library.json");
    assert_eq!(library["exercises"][0]["status"], "library_answer");
    assert!(
        library["exercises"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("descend")
    );

    // A compile error: still a report, with the compiler's place.
    copy.answer(&[(
        "todo!(\"exercise 1.1: the secant slope (f(x + h) − f(x)) / h\")",
        "1 - x",
    )]);
    let output = copy.checker("--json-out compile.json");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let compile = copy.json("compile.json");
    for exercise in compile["exercises"].as_array().unwrap() {
        assert_eq!(exercise["status"], "compile_error");
        assert!(
            exercise["location"].as_str().unwrap().starts_with(STUBS),
            "{exercise}"
        );
    }
    assert_eq!(compile["max_score"], 7);
    copy.restore();
    for file in [
        "grade.json",
        "grade.xml",
        "broken.json",
        "broken.xml",
        "variant.json",
        "library.json",
        "compile.json",
    ] {
        let _ = std::fs::remove_file(root.join(file));
    }
    let _ = std::fs::remove_file(&summary);

    // Two copies, one build folder: once a second copy is built there, the
    // first copy's checker refuses to report on the second copy's programs.
    let second = root.with_file_name("second-copy");
    let _ = std::fs::remove_dir_all(&second);
    let made = Command::new(env!("CARGO_BIN_EXE_exercises"))
        .args(["student-copy", second.to_str().unwrap(), "--chapters", "1"])
        .current_dir(repository())
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", text(&made));
    let other = Copy {
        root: second.clone(),
        target: copy.target.clone(),
        stubs: String::new(),
    };
    let output = other.checker("1.1");
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let output = copy.checker("1.1");
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("share one build folder"),
        "{}",
        text(&output)
    );
    std::fs::remove_dir_all(&second).unwrap();
}
