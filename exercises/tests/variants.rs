//! Every chapter of the registry, as the checker sees it: its reference
//! solutions pass under every per-student variant tried and its untouched
//! stubs fail under every one (that a variant changes the values checked is
//! in each chapter's `tests/exercises.rs`), and the checker's own reading of
//! its exercise list agrees with the compiled list.

use harness::exercise::{Verdict, attempt_outcome, failures, seed_from_text, set_variant};

const SEEDS: [&str; 8] = [
    "1",
    "2",
    "3",
    "12345",
    "alice",
    "bob",
    "org/assignment-carol",
    "0",
];

#[test]
fn reference_solutions_pass_under_every_variant_tried() {
    for chapter in chapters::all() {
        let Some(reference) = chapter.reference_exercises() else {
            // A student copy has no solutions.
            continue;
        };
        let mut problems = Vec::new();
        for seed in SEEDS
            .iter()
            .map(|s| s.to_string())
            .chain((100..140).map(|n| n.to_string()))
        {
            set_variant(Some(seed_from_text(&seed)));
            for problem in failures(&reference) {
                problems.push(format!("variant {seed}: {problem}"));
            }
            for exercise in chapter.exercises() {
                let outcome = attempt_outcome(&exercise);
                if outcome.verdict == Verdict::Passed {
                    problems.push(format!(
                        "variant {seed}: exercise {} passes against the untouched stub",
                        exercise.id
                    ));
                }
            }
        }
        set_variant(None);
        assert!(
            problems.is_empty(),
            "chapter {}:\n{}",
            chapter.number(),
            problems.join("\n")
        );
    }
}

#[test]
fn the_checker_reads_every_chapters_list_as_the_chapter_compiles_it() {
    // Where a chapter does not compile, the checker reads its exercises from
    // the `harness::exercises!` list in its source: that reading must agree
    // with the compiled list, for every chapter of the registry.
    let root = exercises::repository_root().unwrap();
    let registry = exercises::registry::registered(&root).unwrap();
    assert_eq!(registry.len(), chapters::all().len());
    for (registered, chapter) in registry.iter().zip(chapters::all()) {
        assert_eq!(registered.number, chapter.number());
        let source = std::fs::read_to_string(root.join(registered.checks_file())).unwrap();
        let read = exercises::registry::parse_exercises(&source, chapter.number()).unwrap();
        let compiled = chapter.exercises();
        assert_eq!(read.len(), compiled.len(), "chapter {}", chapter.number());
        for (read, compiled) in read.iter().zip(&compiled) {
            assert_eq!(read.id, compiled.id);
            assert_eq!(read.function, compiled.function);
            assert_eq!(read.title, compiled.title);
            assert_eq!(read.difficulty, compiled.difficulty);
            assert_eq!(read.points, compiled.points());
            assert_eq!(read.not_from_library, compiled.not_from_library);
        }
    }
}
