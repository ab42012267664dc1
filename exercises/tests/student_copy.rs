//! A student copy has every file a student needs and no solution.

use exercises::{repository_root, student_copy};

#[test]
fn a_student_copy_leaves_out_every_solution() {
    let to = std::env::temp_dir().join(format!("downhill-student-copy-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&to);
    let summary = student_copy(&repository_root(), &to).expect("the copy is written");
    // In the repository the copy must leave the solutions behind; in a
    // student copy (which has none) there is nothing to leave out.
    let solutions = std::path::PathBuf::from("chapters/chapter1/solutions");
    assert_eq!(
        summary.solutions_left_out.contains(&solutions),
        repository_root().join(&solutions).exists(),
        "{summary:?}"
    );
    assert!(to.join("chapters/chapter1/src/exercises.rs").is_file());
    assert!(to.join("Cargo.toml").is_file());
    assert!(to.join("book/src/chapter1.md").is_file());
    assert!(!to.join("target").exists());
    let mut stack = vec![to.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            assert!(
                path.file_name().unwrap() != "solutions",
                "{} is in the student copy",
                path.display()
            );
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    // A second copy into the same, now non-empty, folder is refused.
    assert!(student_copy(&repository_root(), &to).is_err());
    std::fs::remove_dir_all(&to).unwrap();
}

#[test]
fn a_copy_inside_the_repository_is_refused() {
    let inside = repository_root().join("target/student-copy-inside");
    let _ = std::fs::remove_dir_all(&inside);
    assert!(student_copy(&repository_root(), &inside).is_err());
    assert!(!inside.exists());
}

#[test]
fn the_teachers_appendix_shows_what_the_checker_prints() {
    use harness::exercise::Status;
    let mut results = exercises::check(&[1]);
    for result in &mut results {
        result.status = Status::NotYet;
    }
    let printed = exercises::render_text(&results);
    let appendix = std::fs::read_to_string(repository_root().join("book/src/teaching.md"))
        .expect("book/src/teaching.md exists");
    for line in printed
        .lines()
        .take_while(|l| !l.starts_with("\"not yet\""))
    {
        assert!(
            appendix.contains(line),
            "the appendix does not show the checker's line {line:?}"
        );
    }
}
