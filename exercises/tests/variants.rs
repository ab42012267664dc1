//! Per-student variants: every chapter's reference solutions pass under every
//! variant tried, the untouched stubs fail under every one, and a variant
//! changes the values a check uses.

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
