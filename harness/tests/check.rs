//! The kit's check can fail: a chapter with faults of every kind it looks for
//! is caught on each.

use harness::cli::{Args, CliError, Opt};
use harness::exercise::{Difficulty, Exercise, Failure};
use harness::quote::Quote;
use harness::{Chapter, Run, problems, run_cli};

const LR: Opt = Opt::positive("--lr", "ETA", "the learning rate");
const STEPS: Opt = Opt::count("--steps", "N", 1, 100, "the number of steps");
const WIDTH: Opt = Opt::count("--width", "W", 1, 10, "a width the run forgets to read");

/// A chapter that gets everything wrong. Its number has no files in the book.
struct Faulty;

impl Chapter for Faulty {
    fn number(&self) -> u32 {
        99
    }
    fn title(&self) -> &'static str {
        "A faulty chapter"
    }
    fn about(&self) -> &'static str {
        "Gets everything wrong."
    }
    fn options(&self) -> &'static [Opt] {
        &[LR, STEPS, WIDTH]
    }
    fn examples(&self) -> &'static [&'static str] {
        &["--steps 5"]
    }
    fn runs_descent(&self) -> bool {
        true
    }
    fn book_run(&self) -> Run {
        let mut run = Run::new("took 21 steps\n");
        run.quotes.push(Quote::new("steps", "1 step"));
        run
    }
    fn readers_run(&self, args: &mut Args) -> Result<Run, CliError> {
        // Accepts any learning rate without a range check…
        let _ = args.positive(&Opt::positive("--lr", "ETA", ""), 1.0).ok();
        // … reads the steps with a wider range than it declares, panics on a
        // large step count, and errs over two lines.
        let steps = args.count(&Opt::count("--steps", "N", 0, 1000, ""), 1)?;
        assert!(steps < 50, "too many steps");
        args.finish()?;
        if steps == 5 {
            return Err(CliError("two\nlines".to_string()));
        }
        Ok(Run::new("fine"))
    }
    fn exercises(&self) -> Vec<Exercise> {
        vec![Exercise {
            id: "99.1",
            function: "free_lunch",
            title: "passes without work",
            difficulty: Difficulty::Warm,
            check: Box::new(|| Ok(())),
            points: None,
            not_from_library: &[],
        }]
    }
    fn reference_exercises(&self) -> Option<Vec<Exercise>> {
        Some(vec![Exercise {
            id: "99.1",
            function: "free_lunch",
            title: "a wrong reference",
            difficulty: Difficulty::Warm,
            check: Box::new(|| Err(Failure::new("1", "2", "hint"))),
            points: None,
            not_from_library: &[],
        }])
    }
}

fn has(problems: &[String], needle: &str) -> bool {
    problems.iter().any(|p| p.contains(needle))
}

#[test]
fn every_fault_is_reported() {
    let problems = problems(&Faulty);
    let expect = [
        // The quote is printed only inside "21 steps", and the text is missing.
        "`steps`: the run does not print \"1 step\" as a number of its own",
        "cannot read book/src/chapter99.md",
        // A trace promised but not given.
        "runs_descent() says true but the book's run has no trace",
        // Bad values accepted, a panic, an option the run never reads.
        "`--lr 0` is accepted; it should be refused",
        "`--steps 101` panicked: too many steps",
        "`--steps 0` is accepted; it should be refused",
        "--width is declared in options() but the reader's run never reads it",
        // The example fails, and with two lines.
        "the example `--steps 5` fails",
        // The reference solution fails, the stub passes.
        "exercise 99.1 (free_lunch): expected 1",
        "exercise 99.1 (free_lunch) passes against the untouched stub",
        "does not show the command `cargo run -p exercises -- 99`",
    ];
    for needle in expect {
        assert!(
            has(&problems, needle),
            "missing {needle:?} in:\n{}",
            problems.join("\n")
        );
    }
    assert!(!has(&problems, "--help"), "{problems:?}");
}

#[test]
fn help_is_made_from_the_declared_options() {
    let help = run_cli(&Faulty, ["--help"]).unwrap().text;
    assert!(help.starts_with(
        "Chapter 99: a faulty chapter.\n\nusage: cargo run --example chapter99 [-- OPTIONS]"
    ));
    for line in [
        "  --lr ETA",
        "  --steps N",
        "  --width W",
        "  --trace FILE",
        "  --help",
        "cargo run --example chapter99 -- --steps 5",
    ] {
        assert!(help.contains(line), "{line:?} in\n{help}");
    }
    assert!(!help.contains("--data"), "no data set, no --data:\n{help}");
    let refused = run_cli(&Faulty, ["--data", "d.csv"]).unwrap_err();
    assert_eq!(
        refused.0,
        "chapter 99 has no data set, so --data has nothing to write"
    );
}

const SLOW: Opt = Opt::flag("--slow", "a long run the check must not start");

/// A chapter with a flag: the check must not start its long run, and must
/// see that the flag refuses a value.
struct Flagged;

impl Chapter for Flagged {
    fn number(&self) -> u32 {
        98
    }
    fn title(&self) -> &'static str {
        "A chapter with a flag"
    }
    fn about(&self) -> &'static str {
        "Has a flag."
    }
    fn options(&self) -> &'static [Opt] {
        &[LR, SLOW]
    }
    fn book_run(&self) -> Run {
        Run::new("fine")
    }
    fn readers_run(&self, args: &mut Args) -> Result<Run, CliError> {
        let eta = args.positive(&LR, 1.0)?;
        let slow = args.flag(&SLOW);
        args.finish()?;
        assert!(!slow || eta != 1.0, "the check started the long run");
        Ok(Run::new(format!("slow: {slow}")))
    }
    fn exercises(&self) -> Vec<Exercise> {
        Vec::new()
    }
    fn reference_exercises(&self) -> Option<Vec<Exercise>> {
        None
    }
}

#[test]
fn a_flag_is_listed_refuses_a_value_and_is_not_run_by_the_check() {
    let problems = problems(&Flagged);
    assert!(!has(&problems, "--slow"), "{problems:?}");
    assert!(!has(&problems, "panicked"), "{problems:?}");
    let help = run_cli(&Flagged, ["--help"]).unwrap().text;
    assert!(help.contains("  --slow "), "{help}");
    let run = run_cli(&Flagged, ["--slow", "--lr", "2"]).unwrap();
    assert!(run.text.starts_with("slow: true"), "{}", run.text);
    let refused = run_cli(&Flagged, ["--slow=yes"]).unwrap_err();
    assert_eq!(refused.0, "--slow takes no value, got `yes`");
}
