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
    // One thread per chapter (the variant is set per thread), so that the
    // machine's cores share the work; each thread takes its own chapter from
    // the registry.
    let count = chapters::all().len();
    let problems: Vec<String> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..count)
            .map(|index| scope.spawn(move || chapter_problems(index)))
            .collect();
        threads
            .into_iter()
            .flat_map(|thread| thread.join().expect("a chapter's thread ran to its end"))
            .collect()
    });
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What goes wrong with the `index`-th chapter of the registry under every
/// variant tried: a reference solution that fails, or an untouched stub that
/// passes.
fn chapter_problems(index: usize) -> Vec<String> {
    let chapter = &chapters::all()[index];
    let Some(reference) = chapter.reference_exercises() else {
        // A student copy has no solutions.
        return Vec::new();
    };
    let n = chapter.number();
    let mut problems = Vec::new();
    for seed in SEEDS
        .iter()
        .map(|s| s.to_string())
        .chain((100..116).map(|n| n.to_string()))
    {
        set_variant(Some(seed_from_text(&seed)));
        for problem in failures(&reference) {
            problems.push(format!("chapter {n}, variant {seed}: {problem}"));
        }
        for exercise in chapter.exercises() {
            let outcome = attempt_outcome(&exercise);
            if outcome.verdict == Verdict::Passed {
                problems.push(format!(
                    "chapter {n}, variant {seed}: exercise {} passes against the untouched stub",
                    exercise.id
                ));
            }
        }
    }
    set_variant(None);
    problems
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
