//! The harness behind the book's coding exercises.
//!
//! Each chapter has one file the reader edits, `chapters/chapterN/src/exercises.rs`,
//! whose functions start as `todo!()`. Each exercise comes with a check: a
//! function that calls the reader's code and either returns `Ok(())` or a
//! [`Failure`] that says what was expected, what came back, and a hint.
//! [`attempt`] runs a check and turns a `todo!()` into "not yet" and any other
//! panic into a failure, so a reader who has not started sees a calm list,
//! not a wall of backtraces.
//!
//! A chapter registers its exercises with the [`exercises!`](crate::exercises)
//! macro, which names each exercise's function once.

use std::panic::{self, AssertUnwindSafe};

/// What a check says when the reader's answer is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What the check expected, in words and numbers.
    pub expected: String,
    /// What the reader's code returned.
    pub got: String,
    /// A nudge towards the answer, without giving it away.
    pub hint: String,
}

impl Failure {
    /// A failure with its three parts.
    pub fn new(
        expected: impl Into<String>,
        got: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Failure {
            expected: expected.into(),
            got: got.into(),
            hint: hint.into(),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "expected {}\ngot      {}\nhint:    {}",
            self.expected, self.got, self.hint
        )
    }
}

/// How hard an exercise is, shown as one to three stars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difficulty {
    /// A direct translation of a formula in the chapter.
    Warm,
    /// Combines two ideas of the chapter, or needs a loop.
    Steady,
    /// Needs a small experiment or a careful edge case.
    Stretch,
}

impl Difficulty {
    /// `★`, `★★` or `★★★`.
    pub fn stars(&self) -> &'static str {
        match self {
            Difficulty::Warm => "★",
            Difficulty::Steady => "★★",
            Difficulty::Stretch => "★★★",
        }
    }
}

/// A check: runs the reader's code and judges it.
pub type Check = Box<dyn Fn() -> Result<(), Failure>>;

/// One coding exercise.
pub struct Exercise {
    /// Its number in the book, e.g. `"1.2"`.
    pub id: &'static str,
    /// The function the reader writes, e.g. `"central_slope"`.
    pub function: &'static str,
    /// One line on what it does.
    pub title: &'static str,
    /// How hard it is.
    pub difficulty: Difficulty,
    /// The check.
    pub check: Check,
}

/// Where a reader stands on one exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// The check passed.
    Passed,
    /// The function still calls `todo!()`.
    NotYet,
    /// The check failed, or the code panicked: the message says how.
    Failed(String),
}

impl Status {
    /// `"passed"`, `"not yet"` or `"failed"`.
    pub fn word(&self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::NotYet => "not yet",
            Status::Failed(_) => "failed",
        }
    }
}

/// Run one exercise's check against the reader's code.
///
/// Panics are caught, and the default panic message is silenced while the
/// check runs, so that an unfinished exercise prints nothing alarming.
pub fn attempt(exercise: &Exercise) -> Status {
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(AssertUnwindSafe(|| (exercise.check)()));
    panic::set_hook(previous_hook);
    match result {
        Ok(Ok(())) => Status::Passed,
        Ok(Err(failure)) => Status::Failed(failure.to_string()),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "the code panicked".to_string());
            if message.starts_with("not yet implemented") {
                Status::NotYet
            } else {
                Status::Failed(format!("the code panicked: {message}"))
            }
        }
    }
}

/// Run every check and list the failures, one line each: the test that the
/// reference solutions pass uses this.
pub fn failures(exercises: &[Exercise]) -> Vec<String> {
    let mut lines = Vec::new();
    for exercise in exercises {
        if let Err(failure) = (exercise.check)() {
            lines.push(format!(
                "exercise {} ({}): {failure}",
                exercise.id, exercise.function
            ));
        }
    }
    lines
}

/// What a chapter's Markdown fails to show of its coding exercises: the
/// checker's command for the chapter, and each exercise's function name.
pub fn missing_from_chapter(markdown: &str, chapter: u32, exercises: &[Exercise]) -> Vec<String> {
    let mut missing = Vec::new();
    let command = format!("cargo run -p exercises -- {chapter}");
    if !markdown.contains(&command) {
        missing.push(format!("the command `{command}`"));
    }
    for exercise in exercises {
        if !markdown.contains(&format!("`{}`", exercise.function)) {
            missing.push(format!(
                "exercise {} (`{}`)",
                exercise.id, exercise.function
            ));
        }
    }
    missing
}

/// The failure message of exercise `id` among `exercises`, which must fail:
/// the tests that feed typical wrong answers to a chapter's checks use it.
pub fn failure_message(exercises: Vec<Exercise>, id: &str) -> String {
    let Some(exercise) = exercises.into_iter().find(|e| e.id == id) else {
        panic!("there is no exercise {id}");
    };
    match attempt(&exercise) {
        Status::Failed(message) => message,
        other => panic!("exercise {id} should fail on a wrong answer, got {other:?}"),
    }
}

/// Compare a number with its expected value to a relative tolerance.
///
/// `what` names the quantity in the failure message, e.g. `"the slope at x = 1"`.
pub fn expect_close(
    what: &str,
    got: f64,
    expected: f64,
    tolerance: f64,
    hint: &str,
) -> Result<(), Failure> {
    let scale = expected.abs().max(1e-300);
    if got.is_finite() && ((got - expected).abs() <= tolerance * scale.max(1.0)) {
        Ok(())
    } else {
        Err(Failure::new(
            format!("{what} = {expected}"),
            format!("{got}"),
            hint,
        ))
    }
}

/// Register a chapter's coding exercises, naming each function once.
///
/// In a chapter's `src/exercise_checks.rs`:
///
/// ```ignore
/// harness::exercises! {
///     "1.1" secant_slope: Difference, Warm, "the forward difference" => check_secant;
///     "1.2" central_slope: Difference, Warm, "the central difference" => check_central;
/// }
/// ```
///
/// Each line gives the exercise's number, the function the reader writes and
/// its type, its [`Difficulty`], a title, and the check, a function that takes
/// the reader's function and returns `Result<(), Failure>`. The macro writes:
///
/// - `Answers`, a struct with one field per function, so that a check can be
///   handed the reader's answers, the reference solutions, or a test's wrong
///   answers;
/// - `Answers::readers()`, from `crate::exercises` (the reader's file), and
///   `Answers::reference()`, from `crate::solutions`, present only where the
///   solutions are (`cfg(has_solutions)`, set by the chapters' build script);
/// - `exercises(answers)`, the list of [`Exercise`]s checking `answers`;
/// - `readers_exercises()` and `reference_exercises()` (`None` in a student
///   copy), for the chapter's [`crate::Chapter`] implementation.
// `crate::exercises` and `crate::solutions` are meant: the chapter's own modules.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! exercises {
    ($($id:literal $function:ident : $signature:ty, $difficulty:ident, $title:literal => $check:path;)+) => {
        /// The functions the exercises ask for, from one source: the reader's
        /// file, the reference solutions, or a test's wrong answers.
        #[derive(Clone, Copy)]
        pub struct Answers {
            $(
                #[doc = concat!("Exercise ", $id, ": ", $title, ".")]
                pub $function: $signature,
            )+
        }

        impl Answers {
            /// The reader's answers, from `src/exercises.rs`.
            pub fn readers() -> Self {
                Answers { $($function: crate::exercises::$function,)+ }
            }

            /// The reference solutions, from `solutions/exercises.rs`.
            #[cfg(has_solutions)]
            pub fn reference() -> Self {
                Answers { $($function: crate::solutions::$function,)+ }
            }
        }

        /// The chapter's exercises, checking `answers`.
        pub fn exercises(answers: Answers) -> Vec<$crate::exercise::Exercise> {
            vec![$(
                $crate::exercise::Exercise {
                    id: $id,
                    function: stringify!($function),
                    title: $title,
                    difficulty: $crate::exercise::Difficulty::$difficulty,
                    check: Box::new(move || $check(answers.$function)),
                },
            )+]
        }

        /// The exercises checking the reader's own file.
        pub fn readers_exercises() -> Vec<$crate::exercise::Exercise> {
            exercises(Answers::readers())
        }

        /// The exercises checking the reference solutions, where they are.
        pub fn reference_exercises() -> Option<Vec<$crate::exercise::Exercise>> {
            #[cfg(has_solutions)]
            return Some(exercises(Answers::reference()));
            #[cfg(not(has_solutions))]
            return None;
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exercise(check: impl Fn() -> Result<(), Failure> + 'static) -> Exercise {
        Exercise {
            id: "0.1",
            function: "demo",
            title: "a demo",
            difficulty: Difficulty::Warm,
            check: Box::new(check),
        }
    }

    fn unfinished() -> f64 {
        todo!("write this")
    }

    #[test]
    fn a_todo_is_not_yet() {
        assert_eq!(
            attempt(&exercise(|| expect_close(
                "x",
                unfinished(),
                1.0,
                1e-9,
                "h"
            ))),
            Status::NotYet
        );
    }

    #[test]
    fn a_wrong_answer_fails_with_a_teaching_message() {
        let status = attempt(&exercise(|| {
            expect_close("the slope", 2.5, 2.0, 1e-9, "rise over run")
        }));
        let Status::Failed(message) = status else {
            panic!("expected a failure, got {status:?}");
        };
        assert_eq!(
            message,
            "expected the slope = 2\ngot      2.5\nhint:    rise over run"
        );
    }

    #[test]
    fn a_panic_fails_and_a_right_answer_passes() {
        let status = attempt(&exercise(|| {
            let v: Vec<f64> = Vec::new();
            expect_close("x", v[3], 1.0, 1e-9, "h")
        }));
        assert!(
            matches!(status, Status::Failed(ref m) if m.contains("panicked")),
            "{status:?}"
        );
        assert_eq!(
            attempt(&exercise(|| expect_close("x", 1.0 + 1e-12, 1.0, 1e-9, "h"))),
            Status::Passed
        );
        assert!(expect_close("x", f64::NAN, 1.0, 1e-9, "h").is_err());
    }
}
