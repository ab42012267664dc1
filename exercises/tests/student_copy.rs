//! A student copy is made from what is committed, leaves out what gives an
//! answer away, and carries a workflow for students; a copy is refused
//! inside the repository or into a folder that is not empty.

use std::path::{Path, PathBuf};
use std::process::Command;

use exercises::copy::{CopyOptions, student_copy};
use exercises::report::Hints;

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(status.status.success(), "git {args:?}: {status:?}");
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("downhill-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const CHECKS: &str = r#"harness::exercises! {
    "N.1" twice: fn(f64) -> f64, Warm, "twice a number" => check_twice;
    "N.2" walk: fn(f64) -> f64, Stretch, "a walk" => check_walk, points 5, without [descend];
}
"#;

/// A small repository of two chapters, committed, then changed.
fn small_repository() -> PathBuf {
    let root = scratch("small-repository");
    write(&root, "Cargo.toml", "[workspace]\n");
    write(
        &root,
        "Cargo.lock",
        "version = 4\n\n[[package]]\nname = \"chapter1\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"chapter2\"\nversion = \"0.1.0\"\n\n[[package]]\nname = \"chapters\"\ndependencies = [\n \"chapter1\",\n \"chapter2\",\n]\n",
    );
    write(
        &root,
        "chapters/Cargo.toml",
        "[dependencies]\nchapter1 = { path = \"chapter1\" }\nchapter2 = { path = \"chapter2\" }\n",
    );
    for n in [1, 2] {
        write(
            &root,
            &format!("chapters/chapter{n}/Cargo.toml"),
            "[package]\n",
        );
        write(
            &root,
            &format!("chapters/chapter{n}/src/exercises.rs"),
            "pub fn twice(x: f64) -> f64 { todo!() }\n",
        );
        write(
            &root,
            &format!("chapters/chapter{n}/src/exercise_checks.rs"),
            &CHECKS.replace("N.", &format!("{n}.")),
        );
        write(
            &root,
            &format!("chapters/chapter{n}/solutions/exercises.rs"),
            "pub fn twice(x: f64) -> f64 { 2.0 * x }\n",
        );
        write(
            &root,
            &format!("chapters/chapter{n}/tests/exercises.rs"),
            "fn thrice(x: f64) -> f64 { 3.0 * x }\n",
        );
        write(
            &root,
            &format!("book/src/chapter{n}.md"),
            &format!(
                "# Chapter {n}\n\nIt takes {{{{quote steps: 69 steps}}}}.\n\n1. Why?\n\n   <details><summary>Answer</summary>\n\n   Because {{{{quote only-here: 0.8}}}}.\n\n   </details>\n"
            ),
        );
        write(
            &root,
            &format!("book/src/figures/chapter{n}/a.svg"),
            "<svg/>\n",
        );
    }
    write(
        &root,
        "book/src/SUMMARY.md",
        "# Summary\n\n- [One](chapter1.md)\n- [Two](chapter2.md)\n\n---\n\n[For teachers](teaching.md)\n",
    );
    write(&root, "book/src/teaching.md", "# For teachers\n");
    write(&root, ".ci/run", "#!/bin/sh\n");
    write(&root, ".github/workflows/ci.yml", "name: CI\n");
    git(&root, &["init", "-q"]);
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "one"]);
    // After the commit: an answer in a stub, and notes never committed.
    write(
        &root,
        "chapters/chapter1/src/exercises.rs",
        "pub fn twice(x: f64) -> f64 { x + x }\n",
    );
    write(&root, "grading-notes.md", "Alice copies.\n");
    root
}

#[test]
fn a_copy_is_what_is_committed_without_what_gives_answers_away() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("no git: nothing to test");
        return;
    }
    let repository = small_repository();
    let to = scratch("small-copy");
    let options = CopyOptions {
        chapters: Some(vec![1]),
        hints: Hints::None,
        strip_answers: true,
        strip_appendix: true,
        classroom: true,
        variant_per_student: true,
    };
    let summary = student_copy(&repository, &to, &options).unwrap();
    let read = |path: &str| std::fs::read_to_string(to.join(path)).ok();

    // What is committed, not the working tree; and the teacher is told.
    assert_eq!(
        read("chapters/chapter1/src/exercises.rs").unwrap(),
        "pub fn twice(x: f64) -> f64 { todo!() }\n"
    );
    assert!(read("grading-notes.md").is_none());
    assert!(
        summary
            .not_committed
            .contains(&"grading-notes.md".to_string())
    );
    assert!(
        summary
            .not_committed
            .contains(&"chapters/chapter1/src/exercises.rs".to_string())
    );

    // Nothing that gives an answer away, nothing of chapter 2.
    for gone in [
        "chapters/chapter1/solutions/exercises.rs",
        "chapters/chapter1/tests/exercises.rs",
        "chapters/chapter2/src/exercises.rs",
        "book/src/chapter2.md",
        "book/src/figures/chapter2/a.svg",
        "book/src/teaching.md",
        ".ci/run",
        ".github/workflows/ci.yml",
    ] {
        assert!(read(gone).is_none(), "{gone} is in the copy");
    }
    assert_eq!(
        read("chapters/Cargo.toml").unwrap(),
        "[dependencies]\nchapter1 = { path = \"chapter1\" }\n"
    );
    assert!(!read("Cargo.lock").unwrap().contains("chapter2"));
    assert_eq!(
        read("book/src/SUMMARY.md").unwrap(),
        "# Summary\n\n- [One](chapter1.md)\n"
    );
    let page = read("book/src/chapter1.md").unwrap();
    assert!(!page.contains("Because"), "{page}");
    assert!(
        page.contains("{{quote only-here: 0.8}}"),
        "a lone quote is kept hidden: {page}"
    );
    assert_eq!(summary.answers_stripped, 1);

    // The settings and the workflows.
    assert!(
        read("exercises/course.toml")
            .unwrap()
            .contains("hints = \"none\"")
    );
    let students = read(".github/workflows/exercises.yml").unwrap();
    assert!(students.contains("--exit-zero"), "{students}");
    assert!(
        students.contains("--variant \"${{ github.repository }}\""),
        "{students}"
    );
    let classroom = read(".github/workflows/classroom.yml").unwrap();
    assert!(classroom.contains("max-score: 1\n") && classroom.contains("max-score: 5\n"));
    assert_eq!(summary.exercises.len(), 2);
    assert_eq!(summary.chapters, [1]);

    // A second copy into the same, now non-empty, folder is refused, and so
    // is a copy inside the repository.
    assert!(student_copy(&repository, &to, &options).is_err());
    let inside = repository.join("copy");
    assert!(student_copy(&repository, &inside, &options).is_err());
    assert!(!inside.exists());
    // A chapter that does not exist is refused.
    let wrong = CopyOptions {
        chapters: Some(vec![7]),
        ..CopyOptions::default()
    };
    assert!(student_copy(&repository, &scratch("wrong-copy"), &wrong).is_err());
    std::fs::remove_dir_all(&to).unwrap();
    std::fs::remove_dir_all(&repository).unwrap();
}

#[test]
fn a_copy_of_this_repository_leaves_out_every_solution() {
    let root = exercises::repository_root().unwrap();
    if !root.join(".git").exists() {
        eprintln!("not a git repository (a student copy?): nothing to copy from");
        return;
    }
    let to = scratch("student-copy");
    let summary = student_copy(&root, &to, &CopyOptions::default()).unwrap();
    assert!(to.join("chapters/chapter1/src/exercises.rs").is_file());
    assert!(to.join("Cargo.toml").is_file());
    assert!(to.join(".github/workflows/exercises.yml").is_file());
    assert!(!to.join(".github/workflows/classroom.yml").exists());
    assert!(!to.join(".ci").exists());
    let mut stack = vec![to.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(name != "solutions", "{} is in the copy", path.display());
            assert!(
                !(path.ends_with("tests/exercises.rs") && path.starts_with(to.join("chapters"))),
                "{} is in the copy",
                path.display()
            );
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    assert_eq!(
        summary.chapters.len(),
        exercises::registry::registered(&root).unwrap().len()
    );
    std::fs::remove_dir_all(&to).unwrap();
}
