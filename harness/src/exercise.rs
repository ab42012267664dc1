//! The harness behind the book's coding exercises.
//!
//! Each chapter has one file the reader edits, `chapters/chapterN/src/exercises.rs`,
//! whose functions start as `todo!()`. Each exercise comes with a check: a
//! function that calls the reader's code and either returns `Ok(())` or a
//! [`Failure`] that says what was expected, what came back, and a hint.
//! [`attempt`] runs a check and turns a `todo!()` into "not yet" and any other
//! panic into a failure that says where it happened, so a reader who has not
//! started sees a calm list, not a wall of backtraces.
//!
//! A chapter registers its exercises with the [`exercises!`](crate::exercises)
//! macro, which names each exercise's function once.
//!
//! The checker (`cargo run -p exercises`) runs every check in a process of its
//! own, with a time limit: it starts the chapter's program with the
//! environment variable [`REQUEST`] set, and [`serve`] (called first by
//! [`crate::main`]) runs the one exercise asked for and writes its
//! [`Outcome`] to a file. A loop, a stack overflow or an abort in one
//! exercise then costs that exercise only.
//!
//! Per-student variants: a check draws its test values through [`vary`],
//! which gives the book's values unless a variant is chosen
//! (`--variant SEED`), and values drawn from that seed otherwise.

use std::cell::{Cell, RefCell};
use std::io::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use rand::rngs::ChaCha8Rng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use crate::Chapter;
use crate::paths;

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

    /// The points an exercise of this difficulty is worth unless its chapter
    /// says otherwise: one per star.
    pub fn points(&self) -> u32 {
        match self {
            Difficulty::Warm => 1,
            Difficulty::Steady => 2,
            Difficulty::Stretch => 3,
        }
    }

    /// The difficulty named `Warm`, `Steady` or `Stretch`.
    pub fn from_name(name: &str) -> Option<Difficulty> {
        match name {
            "Warm" => Some(Difficulty::Warm),
            "Steady" => Some(Difficulty::Steady),
            "Stretch" => Some(Difficulty::Stretch),
            _ => None,
        }
    }

    /// `Warm`, `Steady` or `Stretch`.
    pub fn name(&self) -> &'static str {
        match self {
            Difficulty::Warm => "Warm",
            Difficulty::Steady => "Steady",
            Difficulty::Stretch => "Stretch",
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
    /// The points a correct answer earns, where they differ from the
    /// difficulty's (see [`Exercise::points`]).
    pub points: Option<u32>,
    /// Names from the library (`descent`) a correct answer must not lean on,
    /// besides the library's function of the exercise's own name: a passing
    /// answer that uses one is reported as "uses the library's own answer".
    pub not_from_library: &'static [&'static str],
}

impl Exercise {
    /// The points a correct answer earns: one per star unless the chapter
    /// sets them (`points N` in [`exercises!`](crate::exercises)).
    pub fn points(&self) -> u32 {
        self.points.unwrap_or(self.difficulty.points())
    }
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

/// The verdict on one exercise, as the checker reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The check passed.
    Passed,
    /// The function still calls `todo!()`.
    NotYet,
    /// The check found a wrong answer.
    Failed,
    /// The reader's code panicked (an index out of range, an `unwrap` of `None`…).
    Panicked,
    /// The check did not finish within the time limit.
    TimedOut,
    /// The process running the check died: a stack overflow, an abort, an exit.
    Crashed,
    /// The chapter's code does not compile.
    DoesNotCompile,
    /// The check passed, but the answer calls the library's own answer.
    LibraryAnswer,
}

impl Verdict {
    /// Every verdict, in order.
    pub const ALL: [Verdict; 8] = [
        Verdict::Passed,
        Verdict::NotYet,
        Verdict::Failed,
        Verdict::Panicked,
        Verdict::TimedOut,
        Verdict::Crashed,
        Verdict::DoesNotCompile,
        Verdict::LibraryAnswer,
    ];

    /// The machine-readable word of the grade report: `passed`, `not_yet`,
    /// `failed`, `panicked`, `timed_out`, `crashed`, `compile_error` or
    /// `library_answer`.
    pub fn code(&self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::NotYet => "not_yet",
            Verdict::Failed => "failed",
            Verdict::Panicked => "panicked",
            Verdict::TimedOut => "timed_out",
            Verdict::Crashed => "crashed",
            Verdict::DoesNotCompile => "compile_error",
            Verdict::LibraryAnswer => "library_answer",
        }
    }

    /// The words a reader sees.
    pub fn words(&self) -> &'static str {
        match self {
            Verdict::Passed => "passed",
            Verdict::NotYet => "not yet",
            Verdict::Failed => "failed",
            Verdict::Panicked => "panicked",
            Verdict::TimedOut => "timed out",
            Verdict::Crashed => "crashed",
            Verdict::DoesNotCompile => "does not compile",
            Verdict::LibraryAnswer => "uses the library's own answer",
        }
    }

    /// The verdict whose [`code`](Verdict::code) is `code`.
    pub fn from_code(code: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.code() == code)
    }
}

/// What checking one exercise found, in separate fields for a grade report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Passed, not yet, failed, panicked, …
    pub verdict: Verdict,
    /// What the check expected (for a failure), else empty.
    pub expected: String,
    /// What the reader's code returned (for a failure), else empty.
    pub got: String,
    /// The check's hint (for a failure), else empty.
    pub hint: String,
    /// Where: `file:line` of the panic, of the library call, of the first
    /// compile error, or of the reader's function; empty if unknown.
    pub location: String,
    /// More on the cause: the panic's message, "stack overflow", the
    /// compiler's first error, the library name used; empty if none.
    pub detail: String,
}

impl Outcome {
    /// An outcome with only a verdict.
    pub fn new(verdict: Verdict) -> Self {
        Outcome {
            verdict,
            expected: String::new(),
            got: String::new(),
            hint: String::new(),
            location: String::new(),
            detail: String::new(),
        }
    }

    /// The same outcome with `detail`.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    /// The same outcome with `location`.
    pub fn at(mut self, location: impl Into<String>) -> Self {
        self.location = location.into();
        self
    }

    /// One line that says what happened, for a summary or a test runner.
    pub fn summary(&self) -> String {
        let place = |text: &str| {
            if self.location.is_empty() {
                text.to_string()
            } else {
                format!("{text} at {}", self.location)
            }
        };
        match self.verdict {
            Verdict::Passed => "passed".to_string(),
            Verdict::NotYet => "the function still calls todo!()".to_string(),
            Verdict::Failed => format!("expected {}, got {}", self.expected, self.got),
            Verdict::Panicked => format!("{}: {}", place("panicked"), self.detail),
            Verdict::TimedOut => place(&format!("timed out: {}", self.detail)),
            Verdict::Crashed => place(&format!("crashed: {}", self.detail)),
            Verdict::DoesNotCompile => format!("{}: {}", place("does not compile"), self.detail),
            Verdict::LibraryAnswer => {
                place(&format!("uses the library's own answer: {}", self.detail))
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Running a check in this process.

thread_local! {
    /// Whether a panic on this thread is a check's, to be recorded quietly.
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
    /// Where and why the last captured panic happened.
    static LAST_PANIC: RefCell<Option<(String, String)>> = const { RefCell::new(None) };
}

/// Install, once, a panic hook that records a check's panic (its location
/// and message) instead of printing it, and hands every other panic to the
/// hook that was there before.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CAPTURING.with(|c| c.get()) {
                let location = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                    .unwrap_or_default();
                let message = payload_text(info.payload());
                LAST_PANIC.with(|last| *last.borrow_mut() = Some((location, message)));
            } else {
                previous(info);
            }
        }));
    });
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "the code panicked".to_string())
}

/// Run one exercise's check against the reader's code, in this process, and
/// say what happened in separate fields.
///
/// A panic is caught and its location recorded; the panic message is not
/// printed. A `todo!()` is "not yet". The check draws its test values from
/// the current variant (see [`vary`]).
pub fn attempt_outcome(exercise: &Exercise) -> Outcome {
    install_panic_hook();
    start_draws(exercise.id);
    LAST_PANIC.with(|last| last.borrow_mut().take());
    CAPTURING.with(|c| c.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(|| (exercise.check)()));
    CAPTURING.with(|c| c.set(false));
    match result {
        Ok(Ok(())) => Outcome::new(Verdict::Passed),
        Ok(Err(failure)) => Outcome {
            expected: failure.expected,
            got: failure.got,
            hint: failure.hint,
            ..Outcome::new(Verdict::Failed)
        },
        Err(payload) => {
            let (location, message) = LAST_PANIC
                .with(|last| last.borrow_mut().take())
                .unwrap_or_else(|| (String::new(), payload_text(payload.as_ref())));
            let verdict = if message.starts_with("not yet implemented") {
                Verdict::NotYet
            } else {
                Verdict::Panicked
            };
            Outcome::new(verdict).at(location).with_detail(message)
        }
    }
}

/// Run one exercise's check against the reader's code, in this process.
///
/// Panics are caught and not printed, so that an unfinished exercise prints
/// nothing alarming; a panic other than `todo!()` is a failure whose message
/// says where it happened.
pub fn attempt(exercise: &Exercise) -> Status {
    let outcome = attempt_outcome(exercise);
    match outcome.verdict {
        Verdict::Passed => Status::Passed,
        Verdict::NotYet => Status::NotYet,
        Verdict::Failed => {
            Status::Failed(Failure::new(outcome.expected, outcome.got, outcome.hint).to_string())
        }
        _ => Status::Failed(format!("the code {}", outcome.summary())),
    }
}

/// Run every check and list the failures, one line each: the test that the
/// reference solutions pass uses this.
pub fn failures(exercises: &[Exercise]) -> Vec<String> {
    let mut lines = Vec::new();
    for exercise in exercises {
        let problem = match attempt(exercise) {
            Status::Passed => continue,
            Status::NotYet => "still calls todo!()".to_string(),
            Status::Failed(message) => message,
        };
        lines.push(format!(
            "exercise {} ({}): {problem}",
            exercise.id, exercise.function
        ));
    }
    lines
}

/// What a chapter's Markdown fails to show of its coding exercises: the
/// checker's command for the chapter, and each exercise's function name. A
/// chapter without coding exercises need not show the command.
pub fn missing_from_chapter(markdown: &str, chapter: u32, exercises: &[Exercise]) -> Vec<String> {
    let mut missing = Vec::new();
    let command = format!("cargo run -p exercises -- {chapter}");
    if !exercises.is_empty() && !markdown.contains(&command) {
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

// ---------------------------------------------------------------------------
// Per-student variants.

thread_local! {
    static CURRENT_VARIANT: Cell<Option<u64>> = const { Cell::new(None) };
    static DRAWS: RefCell<Option<Draws>> = const { RefCell::new(None) };
}

/// Choose the variant the checks on this thread draw their test values
/// from: `None` for the book's values.
pub fn set_variant(seed: Option<u64>) {
    CURRENT_VARIANT.with(|v| v.set(seed));
    DRAWS.with(|d| d.borrow_mut().take());
}

/// The variant the checks draw their test values from, `None` for the
/// book's values. The checker sets it from `--variant`.
pub fn variant() -> Option<u64> {
    CURRENT_VARIANT.with(|v| v.get())
}

/// The seed a variant named `text` stands for: the number itself if `text`
/// is a number, else a hash of the text (64-bit FNV-1a of its UTF-8 bytes),
/// so that a student id or a repository's name serves as a seed.
pub fn seed_from_text(text: &str) -> u64 {
    text.trim()
        .parse::<u64>()
        .unwrap_or_else(|_| fnv1a(0xcbf2_9ce4_8422_2325, text.as_bytes()))
}

fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Start the draws of exercise `id` afresh: every check of a variant gets
/// its own stream, the same on every machine.
fn start_draws(id: &str) {
    let stream = variant().map(|seed| Draws::new(fnv1a(seed, id.as_bytes())));
    DRAWS.with(|d| *d.borrow_mut() = stream);
}

/// Test values drawn from a variant's seed, for [`vary`].
///
/// Every draw comes from a `ChaCha8Rng` seeded from the variant and the
/// exercise's number, so a student's variant checks the same values on every
/// machine and every run. Values on a grid (`grid`) print as short decimals.
pub struct Draws {
    rng: ChaCha8Rng,
}

impl Draws {
    fn new(seed: u64) -> Self {
        Draws {
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    /// A number uniform on `[low, high)`.
    pub fn uniform(&mut self, low: f64, high: f64) -> f64 {
        low + (high - low) * self.rng.random::<f64>()
    }

    /// One of the numbers `low, low + step, …` up to `high`, as the shortest
    /// decimal: `grid(0.1, 0.9, 0.05)` gives numbers like `0.35`.
    pub fn grid(&mut self, low: f64, high: f64, step: f64) -> f64 {
        let steps = ((high - low) / step).round().max(0.0) as u64;
        let k = self.rng.random_range(0..=steps);
        let value = low + step * k as f64;
        let decimals = format!("{step}")
            .split_once('.')
            .map_or(0, |(_, fraction)| fraction.len());
        format!("{value:.decimals$}").parse().unwrap_or(value)
    }

    /// A whole number from `low` to `high`, both included.
    pub fn integer(&mut self, low: usize, high: usize) -> usize {
        self.rng.random_range(low..=high)
    }

    /// One of `options`.
    pub fn pick<T: Clone>(&mut self, options: &[T]) -> T {
        options[self.rng.random_range(0..options.len())].clone()
    }

    /// `1.0` or `-1.0`.
    pub fn sign(&mut self) -> f64 {
        if self.rng.random::<bool>() { 1.0 } else { -1.0 }
    }

    /// A seed for something the check generates itself, e.g. a data set.
    pub fn seed(&mut self) -> u64 {
        self.rng.random::<u64>()
    }

    /// `items` in a random order.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        items.shuffle(&mut self.rng);
    }
}

/// A test value: `book` (the value the book's own checks use) when no
/// variant is chosen, else what `draw` draws from the variant's seed.
///
/// ```
/// use harness::exercise::vary;
/// let h = vary(0.5, |d| d.grid(0.1, 0.9, 0.05));
/// assert_eq!(h, 0.5); // no variant chosen
/// ```
///
/// A check keeps its signature and asks for each value it may vary; the
/// expected answers must then come from `descent` or a closed form at those
/// values, never from constants.
pub fn vary<T>(book: T, draw: impl FnOnce(&mut Draws) -> T) -> T {
    let Some(seed) = variant() else {
        return book;
    };
    let mut draws = DRAWS
        .with(|d| d.borrow_mut().take())
        .unwrap_or_else(|| Draws::new(fnv1a(seed, b"")));
    let value = draw(&mut draws);
    DRAWS.with(|d| *d.borrow_mut() = Some(draws));
    value
}

// ---------------------------------------------------------------------------
// "Uses the library's own answer": what an answer's source calls.

/// One token of Rust source: an identifier, `::`, or one punctuation
/// character, with its line. Comments, strings, characters and numbers are
/// left out.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    text: String,
    line: usize,
}

fn tokens(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let count_lines = |from: usize, to: usize, line: &mut usize| {
        *line += chars[from..to.min(chars.len())]
            .iter()
            .filter(|&&c| c == '\n')
            .count();
    };
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '\n' {
            line += 1;
            i += 1;
        } else if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let start = i;
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            count_lines(start, i, &mut line);
        } else if c == '"' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            count_lines(start, i, &mut line);
        } else if c == '\'' {
            // A character literal, or a lifetime (left as an identifier).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_ascii_digit() {
            while i < chars.len()
                && (chars[i].is_alphanumeric()
                    || chars[i] == '_'
                    || (chars[i] == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())))
            {
                i += 1;
            }
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            // Raw strings: r"…", r#"…"#, br"…".
            if (word == "r" || word == "br") && matches!(chars.get(i), Some('"') | Some('#')) {
                let mut hashes = 0;
                while chars.get(i) == Some(&'#') {
                    hashes += 1;
                    i += 1;
                }
                if chars.get(i) == Some(&'"') {
                    let from = i;
                    i += 1;
                    loop {
                        if i >= chars.len() {
                            break;
                        }
                        if chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
                            i += 1 + hashes;
                            break;
                        }
                        i += 1;
                    }
                    count_lines(from, i, &mut line);
                    continue;
                }
            }
            out.push(Token { text: word, line });
        } else if c == ':' && next == Some(':') {
            out.push(Token {
                text: "::".to_string(),
                line,
            });
            i += 2;
        } else {
            out.push(Token {
                text: c.to_string(),
                line,
            });
            i += 1;
        }
    }
    out
}

fn is_identifier(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

/// The token range of the body of every function defined in `tokens`, by name.
fn function_bodies(tokens: &[Token]) -> Vec<(String, usize, std::ops::Range<usize>)> {
    let mut bodies = Vec::new();
    for i in 0..tokens.len().saturating_sub(1) {
        if tokens[i].text != "fn" || !is_identifier(&tokens[i + 1].text) {
            continue;
        }
        let name = tokens[i + 1].text.clone();
        let mut j = i + 2;
        while j < tokens.len() && tokens[j].text != "{" && tokens[j].text != ";" {
            j += 1;
        }
        if j >= tokens.len() || tokens[j].text == ";" {
            continue;
        }
        let start = j;
        let mut depth = 0;
        while j < tokens.len() {
            match tokens[j].text.as_str() {
                "{" => depth += 1,
                "}" => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            j += 1;
        }
        bodies.push((name, tokens[i + 1].line, start..j.min(tokens.len())));
    }
    bodies
}

/// The line on which `source` defines the function `name`.
pub fn function_line(source: &str, name: &str) -> Option<usize> {
    function_bodies(&tokens(source))
        .into_iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, line, _)| line)
}

/// Paths from these roots are the reader's own or the standard library's:
/// `crate::exercises::mean`, `f64::max`, `std::iter::sum`.
const OWN_OR_STANDARD: &[&str] = &[
    "crate", "self", "super", "Self", "std", "core", "alloc", "f32", "f64", "i8", "i16", "i32",
    "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "bool", "char", "str",
    "String", "Vec", "Option", "Result", "Box", "Iterator",
];

/// Where the answer `function` in `source` (a reader's `exercises.rs`) uses
/// one of the library's names it must not lean on: the library's function
/// of its own name, or any name in `not_from_library`. Returns the line and
/// the name as written (e.g. `descent::line::least_squares`), or `None`.
///
/// The answer's body is read, and the bodies of the functions of the same
/// file that it calls, in turn. A name counts when it is reached through a
/// path that does not start with `crate`, `self` or `super`
/// (`descent::line::least_squares`, `line::least_squares`; the standard
/// library's paths, such as `f64::max`, do not count), or through the
/// chapter's own code rather than the reader's file
/// (`crate::experiments::largest_step`, but not
/// `crate::exercises::largest_step`), when it is
/// imported under another name (`use descent::descend as d`), or when it is
/// used bare and the file does not define a function of that name. Comments
/// and strings are ignored. It is a guard against the honest shortcut, not
/// against a determined cheat (a macro can hide a call).
pub fn library_use(
    source: &str,
    function: &str,
    not_from_library: &[&str],
) -> Option<(usize, String)> {
    let tokens = tokens(source);
    let bodies = function_bodies(&tokens);
    let defined: Vec<&str> = bodies.iter().map(|(n, _, _)| n.as_str()).collect();
    let mut banned: Vec<String> = not_from_library.iter().map(|s| s.to_string()).collect();
    banned.push(function.to_string());
    // Names imported under another name: `use a::b::name as alias;`.
    let mut aliases: Vec<(String, String)> = Vec::new();
    for window in tokens.windows(3) {
        if window[1].text == "as" && banned.contains(&window[0].text) {
            aliases.push((window[2].text.clone(), window[0].text.clone()));
        }
    }
    let mut queue = vec![function.to_string()];
    let mut seen: Vec<String> = Vec::new();
    while let Some(name) = queue.pop() {
        if seen.contains(&name) {
            continue;
        }
        seen.push(name.clone());
        let Some((_, _, range)) = bodies.iter().find(|(n, _, _)| *n == name) else {
            continue;
        };
        for j in range.clone() {
            let text = &tokens[j].text;
            if !is_identifier(text) {
                continue;
            }
            let before = j.checked_sub(1).map(|k| tokens[k].text.as_str());
            let after = tokens.get(j + 1).map(|t| t.text.as_str());
            if before == Some(".") || before == Some("fn") || after == Some("!") {
                continue;
            }
            let alias = aliases.iter().find(|(a, _)| a == text);
            if before == Some("::") {
                // Walk back to the path's first segment.
                let mut k = j;
                let mut segments = vec![text.clone()];
                while k >= 2 && tokens[k - 1].text == "::" && is_identifier(&tokens[k - 2].text) {
                    segments.insert(0, tokens[k - 2].text.clone());
                    k -= 2;
                }
                let first = segments[0].as_str();
                // `crate::…` and `super::…` reach the chapter's own library
                // code (`crate::experiments::largest_step`) unless they go
                // through the reader's file, `crate::exercises::…`.
                let chapter_code = matches!(first, "crate" | "super")
                    && segments.get(1).is_some_and(|s| s != "exercises");
                if banned.contains(text) && (chapter_code || !OWN_OR_STANDARD.contains(&first)) {
                    return Some((tokens[j].line, segments.join("::")));
                }
                continue;
            }
            if let Some((alias, original)) = alias {
                return Some((tokens[j].line, format!("{original} (as {alias})")));
            }
            if defined.contains(&text.as_str()) {
                if *text != name {
                    queue.push(text.clone());
                }
                continue;
            }
            if banned.contains(text) {
                return Some((tokens[j].line, text.clone()));
            }
        }
    }
    None
}

// ---------------------------------------------------------------------------
// The protocol between the checker and a chapter's program.

/// Set by the checker when it starts a chapter's program to check one
/// exercise: the exercise's number, or `list` for the list of exercises.
pub const REQUEST: &str = "DOWNHILL_EXERCISE";
/// The file the chapter's program writes its answer to (never its standard
/// output, which belongs to the reader's code).
pub const RESULT_FILE: &str = "DOWNHILL_EXERCISE_RESULT";
/// The variant's seed, if one was chosen.
pub const VARIANT: &str = "DOWNHILL_EXERCISE_VARIANT";
/// The repository root the checker works in; a program compiled from
/// another root refuses to answer (a build folder shared between copies).
pub const ROOT: &str = "DOWNHILL_EXERCISE_ROOT";
/// `reference` to check the reference solutions instead of the reader's file.
pub const SOURCE: &str = "DOWNHILL_EXERCISE_SOURCE";

/// Escape a field of the protocol: backslash, tab and newline.
pub fn escape_field(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

/// Undo [`escape_field`].
pub fn unescape_field(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('t') => out.push('\t'),
                Some('n') => out.push('\n'),
                Some('r') => out.push('\r'),
                Some(other) => out.push(other),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// One line of the protocol: fields escaped and joined by tabs.
pub fn record(fields: &[&str]) -> String {
    let mut line = fields
        .iter()
        .map(|f| escape_field(f))
        .collect::<Vec<_>>()
        .join("\t");
    line.push('\n');
    line
}

/// The fields of one line of the protocol.
pub fn fields(line: &str) -> Vec<String> {
    line.split('\t').map(unescape_field).collect()
}

/// Where chapter `n`'s reference solutions are.
pub fn solutions_file(n: u32) -> PathBuf {
    paths::repository_root().join(format!("chapters/chapter{n}/solutions/exercises.rs"))
}

/// If the checker started this program to check an exercise (the variable
/// [`REQUEST`] is set), do it, write the answer to the file named by
/// [`RESULT_FILE`], and exit; otherwise return. [`crate::main`] calls this
/// first.
///
/// The answers, one [`record`] a line:
/// - for `list`: `chapter N TITLE`, then per exercise
///   `exercise ID FUNCTION TITLE DIFFICULTY POINTS NAMES` (the names a
///   correct answer must not use, comma-separated);
/// - for an exercise: `started ID` as soon as the check starts, then
///   `outcome CODE EXPECTED GOT HINT LOCATION DETAIL`;
/// - `stale ROOT` instead, if this program was compiled from another
///   repository root than the checker's.
pub fn serve(chapter: &dyn Chapter) {
    let Ok(request) = std::env::var(REQUEST) else {
        return;
    };
    let code = match serve_request(chapter, &request) {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("error: {error}");
            2
        }
    };
    std::process::exit(code);
}

/// The exercises checking `chapter`'s reference solutions, for the checker's
/// `--reference`. A chapter without coding exercises has nothing to solve
/// and so no `solutions/` folder: its reference list is its empty list. A
/// chapter with exercises but no solutions (a student copy) is an error.
pub fn reference_list(chapter: &dyn Chapter) -> Result<Vec<Exercise>, String> {
    match chapter.reference_exercises() {
        Some(exercises) => Ok(exercises),
        None if chapter.exercises().is_empty() => Ok(Vec::new()),
        None => Err(format!(
            "chapter {} has no reference solutions here",
            chapter.number()
        )),
    }
}

fn serve_request(chapter: &dyn Chapter, request: &str) -> Result<(), String> {
    let result = std::env::var(RESULT_FILE)
        .map_err(|_| format!("{REQUEST} is set but {RESULT_FILE} is not"))?;
    let mut file = std::fs::File::create(&result)
        .map_err(|e| format!("cannot write the result to {result}: {e}"))?;
    let mut write = |line: String| -> Result<(), String> {
        file.write_all(line.as_bytes())
            .and_then(|()| file.flush())
            .map_err(|e| format!("cannot write the result to {result}: {e}"))
    };
    let compiled_root = paths::repository_root();
    if let Ok(root) = std::env::var(ROOT)
        && !same_folder(Path::new(&root), &compiled_root)
    {
        return write(record(&["stale", &compiled_root.display().to_string()]));
    }
    set_variant(std::env::var(VARIANT).ok().map(|v| seed_from_text(&v)));
    let n = chapter.number();
    let reference = std::env::var(SOURCE).is_ok_and(|s| s == "reference");
    let exercises = if reference {
        reference_list(chapter)?
    } else {
        chapter.exercises()
    };
    if request == "list" {
        let mut text = record(&["chapter", &n.to_string(), chapter.title()]);
        for exercise in &exercises {
            text.push_str(&record(&[
                "exercise",
                exercise.id,
                exercise.function,
                exercise.title,
                exercise.difficulty.name(),
                &exercise.points().to_string(),
                &exercise.not_from_library.join(","),
            ]));
        }
        return write(text);
    }
    let exercise = exercises
        .iter()
        .find(|e| e.id == request)
        .ok_or_else(|| format!("chapter {n} has no exercise {request}"))?;
    write(record(&["started", exercise.id]))?;
    let source_file = if reference {
        solutions_file(n)
    } else {
        paths::exercises_file(n)
    };
    let source = std::fs::read_to_string(&source_file).unwrap_or_default();
    let shown = paths::shown(&source_file);
    let mut outcome = attempt_outcome(exercise);
    if outcome.verdict == Verdict::Passed
        && let Some((line, name)) =
            library_use(&source, exercise.function, exercise.not_from_library)
    {
        outcome = Outcome::new(Verdict::LibraryAnswer)
            .at(format!("{shown}:{line}"))
            .with_detail(format!(
                "`{}` calls `{name}`: write the computation yourself",
                exercise.function
            ));
    }
    if outcome.location.is_empty()
        && outcome.verdict != Verdict::Passed
        && let Some(line) = function_line(&source, exercise.function)
    {
        outcome.location = format!("{shown}:{line}");
    }
    write(record(&[
        "outcome",
        outcome.verdict.code(),
        &outcome.expected,
        &outcome.got,
        &outcome.hint,
        &outcome.location,
        &outcome.detail,
    ]))
}

fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
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
///     "1.3" walk_down: Walk, Steady, "gradient descent on x²" => check_walk, without [descend];
///     "1.4" steps_until_flat: Steps, Stretch, "a stopping rule" => check_steps, points 4;
/// }
/// ```
///
/// Each line gives the exercise's number, the function the reader writes and
/// its type, its [`Difficulty`], a title, and the check, a function that takes
/// the reader's function and returns `Result<(), Failure>`. Two optional
/// endings, in this order: `points N` (the points a correct answer earns,
/// instead of one per star) and `without [name, …]` (names from `descent` a
/// correct answer must not use, besides the library's function of the
/// exercise's own name, which is always refused). The macro writes:
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
///
/// A chapter without coding exercises (a short one whose questions have
/// worked answers on its page) registers an empty list, `harness::exercises! {}`,
/// and needs neither `src/exercises.rs` nor `solutions/`.
// `crate::exercises` and `crate::solutions` are meant: the chapter's own modules.
#[allow(clippy::crate_in_macro_def)]
#[macro_export]
macro_rules! exercises {
    ($($id:literal $function:ident : $signature:ty, $difficulty:ident, $title:literal => $check:path
        $(, points $points:literal)? $(, without [$($banned:ident),* $(,)?])?;)*) => {
        /// The functions the exercises ask for, from one source: the reader's
        /// file, the reference solutions, or a test's wrong answers.
        #[derive(Clone, Copy)]
        pub struct Answers {
            $(
                #[doc = concat!("Exercise ", $id, ": ", $title, ".")]
                pub $function: $signature,
            )*
        }

        impl Answers {
            /// The reader's answers, from `src/exercises.rs`.
            pub fn readers() -> Self {
                Answers { $($function: crate::exercises::$function,)* }
            }

            /// The reference solutions, from `solutions/exercises.rs`.
            #[cfg(has_solutions)]
            pub fn reference() -> Self {
                Answers { $($function: crate::solutions::$function,)* }
            }
        }

        /// The chapter's exercises, checking `answers`.
        pub fn exercises(answers: Answers) -> Vec<$crate::exercise::Exercise> {
            // Used by every check; named here for a chapter with none.
            let _ = &answers;
            vec![$(
                $crate::exercise::Exercise {
                    id: $id,
                    function: stringify!($function),
                    title: $title,
                    difficulty: $crate::exercise::Difficulty::$difficulty,
                    check: Box::new(move || $check(answers.$function)),
                    points: None $(.or(Some($points)))?,
                    not_from_library: &[$($(stringify!($banned)),*)?],
                },
            )*]
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
            points: None,
            not_from_library: &[],
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
        let outcome = attempt_outcome(&exercise(|| {
            expect_close("the slope", 2.5, 2.0, 1e-9, "rise over run")
        }));
        assert_eq!(outcome.verdict, Verdict::Failed);
        assert_eq!(outcome.expected, "the slope = 2");
        assert_eq!(outcome.got, "2.5");
        assert_eq!(outcome.hint, "rise over run");
    }

    #[test]
    fn a_panic_fails_where_it_happened_and_a_right_answer_passes() {
        let empty: Vec<f64> = Vec::new();
        let line = line!() + 2;
        let outcome = attempt_outcome(&exercise(move || {
            expect_close("x", empty[3], 1.0, 1e-9, "h")
        }));
        assert_eq!(outcome.verdict, Verdict::Panicked);
        assert!(
            outcome
                .location
                .starts_with(&format!("harness/src/exercise.rs:{line}:")),
            "{outcome:?}"
        );
        assert!(
            outcome.detail.contains("index out of bounds"),
            "{outcome:?}"
        );
        let empty: Vec<f64> = Vec::new();
        let status = attempt(&exercise(move || {
            expect_close("x", empty[3], 1.0, 1e-9, "h")
        }));
        assert!(
            matches!(status, Status::Failed(ref m) if m.contains("panicked at harness/src/exercise.rs:")),
            "{status:?}"
        );
        assert_eq!(
            attempt(&exercise(|| expect_close("x", 1.0 + 1e-12, 1.0, 1e-9, "h"))),
            Status::Passed
        );
        assert!(expect_close("x", f64::NAN, 1.0, 1e-9, "h").is_err());
    }

    #[test]
    fn points_follow_the_stars_unless_set() {
        let mut e = exercise(|| Ok(()));
        assert_eq!(e.points(), 1);
        e.difficulty = Difficulty::Stretch;
        assert_eq!(e.points(), 3);
        e.points = Some(5);
        assert_eq!(e.points(), 5);
    }

    #[test]
    fn variants_draw_the_same_values_every_time_and_the_book_values_without_one() {
        set_variant(None);
        assert_eq!(vary(0.5, |d| d.uniform(0.0, 1.0)), 0.5);
        let draw = |seed| {
            set_variant(Some(seed));
            start_draws("1.1");
            let values = (
                vary(0.5, |d| d.grid(0.1, 0.9, 0.05)),
                vary(3, |d| d.integer(1, 9)),
            );
            set_variant(None);
            values
        };
        assert_eq!(draw(7), draw(7));
        let values: Vec<_> = (0..20).map(draw).collect();
        assert!(values.iter().any(|v| *v != values[0]), "{values:?}");
        for (h, n) in values {
            assert!((0.1..=0.9).contains(&h) && (1..=9).contains(&n));
            // On the grid, and printed as a short decimal.
            assert!(format!("{h}").len() <= 4, "{h}");
        }
        assert_eq!(seed_from_text("42"), 42);
        assert_ne!(seed_from_text("alice"), seed_from_text("bob"));
        assert_eq!(seed_from_text("alice"), seed_from_text("alice"));
    }

    #[test]
    fn protocol_fields_survive_tabs_newlines_and_backslashes() {
        let tricky = "a\tb\nc\\d";
        let line = record(&["outcome", tricky, ""]);
        assert_eq!(line.matches('\n').count(), 1);
        assert_eq!(fields(line.trim_end_matches('\n')), ["outcome", tricky, ""]);
        for verdict in Verdict::ALL {
            assert_eq!(Verdict::from_code(verdict.code()), Some(verdict));
        }
    }

    const ANSWERS: &str = r#"
use descent::descend as go;

/// Calls `descent::line::least_squares` in a comment: not a call.
pub fn least_squares(xs: &[f64], ys: &[f64]) -> Option<(f64, f64)> {
    let text = "descent::line::least_squares";
    descent::line::least_squares(&data(xs, ys)).map(|l| (l.w, l.b))
}

pub fn own(xs: &[f64]) -> f64 {
    helper(xs) + crate::exercises::own_too(xs)
}

fn helper(xs: &[f64]) -> f64 {
    let run = go(&bowl(), &mut optimizer(), &[1.0], &rules());
    run.final_point()[0]
}

pub fn own_too(xs: &[f64]) -> f64 {
    // descend would be the library's loop.
    let c = 'x';
    let descend_count = 3;
    own_too(xs) + mean_gradient(xs)
}

pub fn mean_gradient(xs: &[f64]) -> f64 {
    xs.iter().sum::<f64>() / xs.len() as f64
}

pub fn sample_gradient(w: f64) -> f64 {
    w + line::sample_gradient(w, 0.0, &sample())[0]
}
"#;

    #[test]
    fn library_answers_are_found_and_own_code_is_not() {
        assert_eq!(
            library_use(ANSWERS, "least_squares", &[]),
            Some((7, "descent::line::least_squares".to_string()))
        );
        // Through a helper, under another name.
        assert_eq!(
            library_use(ANSWERS, "own", &["descend"]),
            Some((15, "descend (as go)".to_string()))
        );
        // Recursion, the file's own functions, comments, strings, other
        // identifiers that merely start with a banned name: none count.
        assert_eq!(library_use(ANSWERS, "own_too", &["descend"]), None);
        assert_eq!(
            library_use(ANSWERS, "own_too", &["mean_gradient"]),
            None,
            "the file defines mean_gradient: a bare call is the reader's own"
        );
        assert_eq!(
            library_use(ANSWERS, "sample_gradient", &[]),
            Some((31, "line::sample_gradient".to_string()))
        );
        assert_eq!(function_line(ANSWERS, "mean_gradient"), Some(26));
        // The chapter's own code of the same name is the library's answer;
        // the reader's own file, reached by a path, is not.
        let chapter = "pub fn step(a: f64) -> f64 { crate::experiments::step(a) }\n\
            pub fn twice(a: f64) -> f64 { crate::exercises::twice(a) + self::twice(a) + super::exercises::twice(a) }\n\
            pub fn other(a: f64) -> f64 { super::experiments::helper(a) }";
        assert_eq!(
            library_use(chapter, "step", &[]),
            Some((1, "crate::experiments::step".to_string()))
        );
        assert_eq!(library_use(chapter, "twice", &[]), None);
        assert_eq!(
            library_use(chapter, "other", &["helper"]),
            Some((3, "super::experiments::helper".to_string()))
        );
        // The standard library's function of the same name is not the library's answer.
        let max =
            "pub fn max(a: f64, b: f64) -> f64 { f64::max(a, b) + std::cmp::max(1, 2) as f64 }";
        assert_eq!(library_use(max, "max", &[]), None);
        assert_eq!(function_line(ANSWERS, "nothing"), None);
    }
}
