//! The smallest complete chapter, exactly as CONTRIBUTING.md shows it, compiled
//! and run through the kit, so that the example cannot drift from the kit.

// The modules a chapter keeps in files, here inline.
mod exercises {
    #![allow(unused_variables)]
    pub fn half(x: f64) -> f64 {
        todo!("exercise 12.1: half of x")
    }
}

#[rustfmt::skip]
mod exercise_checks {
// CONTRIBUTING: exercise_checks.rs
use harness::exercise::{Failure, expect_close};

fn check_half(half: fn(f64) -> f64) -> Result<(), Failure> {
    expect_close("half of 3", half(3.0), 1.5, 1e-12, "divide by two")
}

harness::exercises! {
    "12.1" half: fn(f64) -> f64, Warm, "half a number" => check_half;
}
// CONTRIBUTING: end
}

#[rustfmt::skip]
mod chapter12 {
use super::exercise_checks;
// CONTRIBUTING: lib.rs
use descent::{GradientDescent, Parabola, StoppingRules, descend};
use harness::cli::{Args, CliError, Opt};
use harness::exercise::Exercise;
use harness::format::scientific;
use harness::plot::{Axis, Chart, Figure, palette};
use harness::quote::Quote;
use harness::table::Table;
use harness::{Chapter, Run, Trace};

pub const LR: Opt = Opt::positive("--lr", "ETA", "the learning rate η (default 0.5)");

pub struct Chapter12;

impl Chapter for Chapter12 {
    fn number(&self) -> u32 { 12 }
    fn title(&self) -> &'static str { "A small chapter" }
    fn about(&self) -> &'static str { "Walks down x²/2 and draws the walk." }
    fn options(&self) -> &'static [Opt] { &[LR] }
    fn runs_descent(&self) -> bool { true }

    fn book_run(&self) -> Run { walk(0.5) }

    fn readers_run(&self, args: &mut Args) -> Result<Run, CliError> {
        let eta = args.positive(&LR, 0.5)?;
        args.finish()?;
        Ok(walk(eta))
    }

    fn exercises(&self) -> Vec<Exercise> { exercise_checks::readers_exercises() }
    fn reference_exercises(&self) -> Option<Vec<Exercise>> {
        exercise_checks::reference_exercises()
    }
}

fn walk(eta: f64) -> Run {
    let run = descend(&Parabola::new(1.0), &mut GradientDescent { eta }, &[1.0],
                      &StoppingRules::budget(20));
    let end = scientific(run.final_point()[0], 1);
    let mut chart = Chart::new(Axis::linear("step t", 0.0, 20.0), Axis::log("|xₜ|", 1e-8, 1.0));
    let points: Vec<(f64, f64)> =
        run.points.iter().enumerate().map(|(t, p)| (t as f64, p[0].abs())).collect();
    chart.line(&points, palette::BLUE);
    let mut out = Run::new(format!("After 20 steps x = {end}\n"));
    out.quotes.push(Quote::new("end", end));
    out.figures.push(Figure::new("walk.svg", &chart));
    out.trace = Some(Trace { what: format!("the walk with η = {eta}"),
                             table: Table::trace(&run, &["x"]) });
    out
}
// CONTRIBUTING: end
}

use chapter12::Chapter12;

#[test]
fn the_smallest_chapter_runs_through_the_kit() {
    let book = harness::run_cli(&Chapter12, Vec::<String>::new()).unwrap();
    assert!(
        book.text.starts_with("After 20 steps x = 9.5 × 10⁻⁷\n"),
        "{}",
        book.text
    );
    assert_eq!(book.figures.len(), 1);
    let yours = harness::run_cli(&Chapter12, ["--lr", "0.25", "--trace", "t.csv"]).unwrap();
    assert!(
        yours
            .text
            .contains("Wrote every step of the walk with η = 0.25 to t.csv")
    );
    assert_eq!(
        yours.files[0].1.lines().count(),
        22,
        "a header and 21 steps"
    );
    assert!(harness::run_cli(&Chapter12, ["--lr", "-1"]).is_err());
    let exercises = harness::Chapter::exercises(&Chapter12);
    assert_eq!(exercises[0].function, "half");
    assert_eq!(
        harness::exercise::attempt(&exercises[0]),
        harness::exercise::Status::NotYet
    );
}

#[test]
fn contributing_shows_this_file() {
    let contributing =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../CONTRIBUTING.md"))
            .unwrap();
    let this = include_str!("smallest_chapter.rs");
    for file in ["lib.rs", "exercise_checks.rs"] {
        let marker = format!("// CONTRIBUTING: {file}\n");
        let start = this.find(&marker).unwrap() + marker.len();
        let end = start + this[start..].find("// CONTRIBUTING: end").unwrap();
        assert!(
            contributing.contains(&this[start..end]),
            "CONTRIBUTING.md's {file} of chapter 12 differs from harness/tests/smallest_chapter.rs"
        );
    }
}
