//! The checker's `--reference` asks every chapter for its reference
//! solutions: a chapter without coding exercises (the epilogue) answers with
//! its empty list, and a chapter whose solutions are missing is refused.

use harness::exercise::{Difficulty, Exercise, reference_list};
use harness::{Chapter, Run};

/// A chapter whose exercise list is `exercises` and that has no solutions
/// folder, as an epilogue or a student copy.
struct WithoutSolutions {
    exercises: fn() -> Vec<Exercise>,
}

impl Chapter for WithoutSolutions {
    fn number(&self) -> u32 {
        98
    }
    fn title(&self) -> &'static str {
        "A chapter without solutions"
    }
    fn about(&self) -> &'static str {
        "Has no solutions folder."
    }
    fn book_run(&self) -> Run {
        Run::new("")
    }
    fn exercises(&self) -> Vec<Exercise> {
        (self.exercises)()
    }
    fn reference_exercises(&self) -> Option<Vec<Exercise>> {
        None
    }
}

fn one_exercise() -> Vec<Exercise> {
    vec![Exercise {
        id: "98.1",
        function: "unsolved",
        title: "an exercise whose solution is not here",
        difficulty: Difficulty::Warm,
        check: Box::new(|| Ok(())),
        points: None,
        not_from_library: &[],
    }]
}

#[test]
fn a_chapter_without_exercises_has_an_empty_reference_list() {
    let epilogue = WithoutSolutions {
        exercises: Vec::new,
    };
    let list = reference_list(&epilogue).expect("an empty list, not an error");
    assert!(list.is_empty());
}

#[test]
fn a_chapter_with_exercises_but_no_solutions_is_refused() {
    let copy = WithoutSolutions {
        exercises: one_exercise,
    };
    let error = reference_list(&copy).err().expect("refused");
    assert_eq!(error, "chapter 98 has no reference solutions here");
}
