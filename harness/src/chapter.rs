//! The chapter kit: one trait every chapter implements, one `main` that runs
//! any chapter from the command line, and one check that every chapter's
//! tests call.
//!
//! A chapter is a crate `chapterN` with a unit struct `ChapterN` that
//! implements [`Chapter`]. Its example is three lines:
//!
//! ```ignore
//! fn main() {
//!     harness::main(&chapter4::Chapter4);
//! }
//! ```
//!
//! and its test of everything the kit can check is one call:
//!
//! ```ignore
//! #[test]
//! fn the_chapter_passes_the_kit_check() {
//!     harness::check(&chapter4::Chapter4);
//! }
//! ```

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;

use crate::cli::{Args, CliError, Kind, Opt};
use crate::exercise::{Exercise, Status, attempt, failures, missing_from_chapter};
use crate::paths;
use crate::plot::{Figure, check_figures, write_figures};
use crate::quote::{Quote, check_pages, check_printed};
use crate::table::Table;

/// `--data FILE`, for every chapter that has a data set.
pub const DATA: Opt = Opt::file(
    "--data",
    "write the run's data set as CSV: a header row, then one row per sample",
);

/// `--trace FILE`, for every chapter that runs a descent.
pub const TRACE: Opt = Opt::file(
    "--trace",
    "write every step of the run as CSV: the step, the parameters, the loss,\n\
     the gradient norm, and the per-sample gradients evaluated so far",
);

/// Every step of one descent, as the run describes it and as a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    /// Which descent it is, e.g. `"the walk with η = 0.1"`.
    pub what: String,
    /// Its steps ([`Table::trace`]).
    pub table: Table,
}

/// What one run of a chapter produces.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// What the run prints.
    pub report: String,
    /// The numbers the prose quotes (the book's run only).
    pub quotes: Vec<Quote>,
    /// The figures it draws.
    pub figures: Vec<Figure>,
    /// The data set it used, for `--data`.
    pub data: Option<Table>,
    /// Every step of its descent, for `--trace`.
    pub trace: Option<Trace>,
}

impl Run {
    /// A run that prints `report` and produces nothing else yet.
    pub fn new(report: impl Into<String>) -> Self {
        Run {
            report: report.into(),
            quotes: Vec::new(),
            figures: Vec::new(),
            data: None,
            trace: None,
        }
    }
}

/// One chapter of the book, as the kit runs and checks it.
pub trait Chapter {
    /// Its number `N`: the crate is `chapterN`, the text `book/src/chapterN.md`.
    fn number(&self) -> u32;

    /// Its title, as the table of contents shows it.
    fn title(&self) -> &'static str;

    /// What the chapter's run does, with and without options, for `--help`.
    fn about(&self) -> &'static str;

    /// The options of the reader's own run (none by default).
    fn options(&self) -> &'static [Opt] {
        &[]
    }

    /// Command lines `--help` suggests, without `cargo run --example chapterN --`.
    /// The kit's check runs each one.
    fn examples(&self) -> &'static [&'static str] {
        &[]
    }

    /// Other pages of the book that quote this chapter's run, such as an
    /// appendix the chapter owns: file names in `book/src/`, e.g.
    /// `"floating-point.md"`. The kit's check holds their quote markers to the
    /// run as it holds the chapter's own, and a quote may be quoted on any of
    /// the pages. None by default.
    fn quoting_pages(&self) -> &'static [&'static str] {
        &[]
    }

    /// Whether its runs use a data set, which `--data` writes.
    fn has_data(&self) -> bool {
        false
    }

    /// Whether its runs walk down with a descent, which `--trace` writes.
    fn runs_descent(&self) -> bool {
        false
    }

    /// The book's run: the report with every number the prose quotes, the
    /// quotes, the book's figures.
    fn book_run(&self) -> Run;

    /// The reader's own run from the options in `args`. Read every option
    /// (an option not read is refused as unknown), call `args.finish()`, then
    /// run. The default refuses: a chapter without options never gets here.
    fn readers_run(&self, args: &mut Args) -> Result<Run, CliError> {
        args.finish()?;
        Err(CliError(format!(
            "chapter {} takes no options of its own",
            self.number()
        )))
    }

    /// Its coding exercises, checking the reader's file.
    fn exercises(&self) -> Vec<Exercise>;

    /// Its coding exercises checking the reference solutions, or `None` where
    /// the solutions are absent (a student copy).
    fn reference_exercises(&self) -> Option<Vec<Exercise>>;
}

/// The options every chapter with the matching kind of run takes, besides its own.
fn shared_options(chapter: &dyn Chapter) -> Vec<Opt> {
    let mut shared = Vec::new();
    if chapter.has_data() {
        shared.push(DATA);
    }
    if chapter.runs_descent() {
        shared.push(TRACE);
    }
    shared
}

/// The text of `cargo run --example chapterN -- --help`.
pub fn help(chapter: &dyn Chapter) -> String {
    let n = chapter.number();
    let mut options: Vec<Opt> = chapter.options().to_vec();
    options.extend(shared_options(chapter));
    let width = options
        .iter()
        .map(|o| o.synopsis().chars().count())
        .max()
        .unwrap_or(0)
        .max("--help".len())
        + 3;
    let mut text = format!(
        "Chapter {n}: {}.\n\nusage: cargo run --example chapter{n}{}\n\n{}\n\noptions:\n",
        chapter.title().to_lowercase_first(),
        if options.is_empty() {
            " [-- --help]"
        } else {
            " [-- OPTIONS]"
        },
        chapter.about().trim_end()
    );
    for opt in options.iter() {
        let synopsis = opt.synopsis();
        let pad = width - synopsis.chars().count();
        let mut lines = opt.help.lines();
        text.push_str(&format!(
            "  {synopsis}{}{}\n",
            " ".repeat(pad),
            lines.next().unwrap_or("")
        ));
        for line in lines {
            text.push_str(&format!("  {}{line}\n", " ".repeat(width)));
        }
    }
    text.push_str(&format!("  --help{}this text\n", " ".repeat(width - 6)));
    if !chapter.examples().is_empty() {
        text.push_str("\nexamples:\n");
        for example in chapter.examples() {
            text.push_str(&format!("  cargo run --example chapter{n} -- {example}\n"));
        }
    }
    text
}

/// The first letter in lower case, for a title inside a sentence.
trait LowercaseFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowercaseFirst for str {
    fn to_lowercase_first(&self) -> String {
        let mut chars = self.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// What a command line asks for: the text to print, and the files to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// What to print, ending with a line for every file written.
    pub text: String,
    /// The figures to write …
    pub figures: Vec<Figure>,
    /// … into this directory: the book's for the book's run, the reader's
    /// under `target/` otherwise.
    pub directory: PathBuf,
    /// Other files to write (`--data`, `--trace`), with their contents.
    pub files: Vec<(PathBuf, String)>,
}

impl Output {
    /// Write the figures and the files.
    pub fn write(&self) -> Result<(), CliError> {
        write_figures(&self.directory, &self.figures).map_err(|error| {
            CliError(format!(
                "cannot write the figures to {}: {error}",
                paths::shown(&self.directory)
            ))
        })?;
        for (path, contents) in &self.files {
            std::fs::write(path, contents)
                .map_err(|error| CliError(format!("cannot write {}: {error}", path.display())))?;
        }
        Ok(())
    }
}

/// Turn a command line (without the program's name) into what to print and
/// write: `--help`; the book's run when the chapter's own options are absent;
/// the reader's run otherwise. `--data` and `--trace` add files to either.
pub fn run_cli<I, S>(chapter: &dyn Chapter, arguments: I) -> Result<Output, CliError>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    let n = chapter.number();
    // Every option the command line may hold, so that a mistyped one is
    // named as unknown even when no value follows it.
    let mut known = chapter.options().to_vec();
    known.extend([DATA, TRACE]);
    let Some(mut args) = Args::parse_for(arguments, &known)? else {
        return Ok(Output {
            text: help(chapter),
            figures: Vec::new(),
            directory: paths::readers_figures(n),
            files: Vec::new(),
        });
    };
    let data_file = args.file(&DATA);
    let trace_file = args.file(&TRACE);
    if data_file.is_some() && !chapter.has_data() {
        return Err(CliError(format!(
            "chapter {n} has no data set, so --data has nothing to write"
        )));
    }
    if trace_file.is_some() && !chapter.runs_descent() {
        return Err(CliError(format!(
            "chapter {n} runs no descent, so --trace has nothing to write"
        )));
    }
    let books = args.is_empty();
    let run = if books {
        chapter.book_run()
    } else {
        let run = chapter.readers_run(&mut args)?;
        args.finish()?;
        run
    };
    let directory = if books {
        paths::book_figures(n)
    } else {
        paths::readers_figures(n)
    };
    let mut text = run.report.clone();
    text.push('\n');
    if books && !run.figures.is_empty() {
        text.push_str(&format!(
            "Wrote {} figures to {}\n",
            run.figures.len(),
            paths::shown(&directory)
        ));
    } else if !books {
        for figure in &run.figures {
            text.push_str(&format!(
                "Wrote your figure to {}\n",
                paths::shown(&directory.join(&figure.file_name))
            ));
        }
    }
    let mut files = Vec::new();
    if let Some(path) = data_file {
        let data = run
            .data
            .as_ref()
            .ok_or_else(|| CliError(format!("this run of chapter {n} has no data set")))?;
        text.push_str(&format!(
            "Wrote the data set ({} samples) to {}\n",
            data.rows.len(),
            path.display()
        ));
        files.push((path, data.to_csv()));
    }
    if let Some(path) = trace_file {
        let trace = run
            .trace
            .as_ref()
            .ok_or_else(|| CliError(format!("this run of chapter {n} runs no descent")))?;
        text.push_str(&format!(
            "Wrote every step of {} to {}\n",
            trace.what,
            path.display()
        ));
        files.push((path, trace.table.to_csv()));
    }
    Ok(Output {
        text,
        figures: run.figures,
        directory,
        files,
    })
}

/// Run `chapter` from the process's command line: print, write, and exit.
///
/// `--help` prints the usage text and exits 0. Bad input (an unknown option,
/// a value out of range, a file that cannot be written) prints one line,
/// `error: …`, and a pointer to `--help` on standard error, and exits with
/// code 2.
///
/// Started by the exercise checker (the environment variable
/// [`crate::exercise::REQUEST`] set), it checks one exercise instead: see
/// [`crate::exercise::serve`].
pub fn main(chapter: &dyn Chapter) {
    // Started by the exercise checker to check one exercise: do that and exit.
    crate::exercise::serve(chapter);
    let output = match run_cli(chapter, std::env::args().skip(1)) {
        Ok(output) => output,
        Err(error) => exit_with(&error),
    };
    if let Err(error) = output.write() {
        exit_with(&error);
    }
    print!("{}", output.text);
}

fn exit_with(error: &CliError) -> ! {
    eprintln!("error: {error}");
    eprintln!("run with --help to see the options");
    std::process::exit(2)
}

/// Everything the kit can check about a chapter, as one line per problem:
///
/// - the book's figures are what the book's run draws, byte for byte, and
///   no figure file in its folder is left over;
/// - every quote of the book's run is printed as a number of its own, and the
///   chapter's Markdown (with the pages of its [`Chapter::quoting_pages`])
///   quotes each one, exactly, at every place it says it;
/// - `--help` lists every option, and every example it suggests runs;
/// - bad options are refused with one line that names them, never a panic
///   (a flag is given a value, which it must refuse);
/// - `--data` and `--trace` have something to write where the chapter says so;
/// - the reference solutions pass every exercise and the untouched stubs
///   pass none (where the solutions are present), and the chapter's text
///   shows every exercise and the checker's command.
pub fn problems(chapter: &dyn Chapter) -> Vec<String> {
    let n = chapter.number();
    let mut problems = Vec::new();

    let run = chapter.book_run();
    let mut figures = check_figures(&paths::book_figures(n), &run.figures);
    if !figures.is_empty() {
        figures.push(format!(
            "regenerate with `cargo run --example chapter{n}` and commit the figures"
        ));
    }
    problems.extend(figures);
    problems.extend(check_printed(&run.report, &run.quotes));
    let markdown_path = paths::chapter_markdown(n);
    let markdown = match std::fs::read_to_string(&markdown_path) {
        Ok(markdown) => markdown,
        Err(error) => {
            problems.push(format!(
                "cannot read {}: {error}",
                paths::shown(&markdown_path)
            ));
            String::new()
        }
    };
    let mut pages = vec![(format!("book/src/chapter{n}.md"), markdown.clone())];
    for page in chapter.quoting_pages() {
        let path = paths::book_page(page);
        match std::fs::read_to_string(&path) {
            Ok(text) => pages.push((paths::shown(&path), text)),
            Err(error) => problems.push(format!("cannot read {}: {error}", paths::shown(&path))),
        }
    }
    problems.extend(check_pages(&pages, &run.quotes));
    if chapter.has_data() != run.data.is_some() {
        problems.push(format!(
            "has_data() says {} but the book's run has {} data set",
            chapter.has_data(),
            if run.data.is_some() { "a" } else { "no" }
        ));
    }
    if chapter.runs_descent() != run.trace.is_some() {
        problems.push(format!(
            "runs_descent() says {} but the book's run has {} trace",
            chapter.runs_descent(),
            if run.trace.is_some() { "a" } else { "no" }
        ));
    }

    problems.extend(command_line_problems(chapter));
    problems.extend(exercise_problems(chapter, &markdown));
    problems
}

/// Run a command line, turning a panic into a problem.
fn try_cli(
    chapter: &dyn Chapter,
    arguments: &[String],
) -> Result<Result<Output, CliError>, String> {
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = panic::catch_unwind(AssertUnwindSafe(|| run_cli(chapter, arguments.to_vec())));
    panic::set_hook(previous_hook);
    result.map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("`{}` panicked: {message}", arguments.join(" "))
    })
}

fn command_line_problems(chapter: &dyn Chapter) -> Vec<String> {
    let mut problems = Vec::new();
    let words = |line: &str| -> Vec<String> { line.split_whitespace().map(String::from).collect() };
    match try_cli(chapter, &words("--help")) {
        Ok(Ok(output)) => {
            let mut options: Vec<Opt> = chapter.options().to_vec();
            options.extend(shared_options(chapter));
            for opt in options {
                if !output.text.contains(&opt.synopsis()) {
                    problems.push(format!("--help does not list `{}`", opt.synopsis()));
                }
            }
            if !output.figures.is_empty() {
                problems.push("--help draws figures".to_string());
            }
        }
        Ok(Err(error)) => problems.push(format!("--help fails: {error}")),
        Err(panic) => problems.push(panic),
    }

    let mut refused = vec![
        words("--no-such-option 1"),
        words("stray"),
        words("--help-me"),
    ];
    if !chapter.has_data() {
        refused.push(words("--data d.csv"));
    }
    if !chapter.runs_descent() {
        refused.push(words("--trace t.csv"));
    }
    for opt in chapter.options() {
        match opt.kind {
            Kind::File => continue,
            // A flag alone is a valid command line (which may start a long
            // run, so the check does not try it); a flag with a value is not.
            Kind::Flag => {
                refused.push(vec![format!("{}=yes", opt.name)]);
                continue;
            }
            _ => {}
        }
        refused.push(vec![opt.name.to_string()]);
        for bad in opt.bad_values() {
            refused.push(vec![opt.name.to_string(), bad]);
        }
    }
    for arguments in refused {
        let line = arguments.join(" ");
        match try_cli(chapter, &arguments) {
            Ok(Ok(_)) => problems.push(format!("`{line}` is accepted; it should be refused")),
            Ok(Err(error)) => {
                if let Some(name) = error.0.strip_prefix("unknown option ")
                    && chapter.options().iter().any(|opt| opt.name == name)
                {
                    problems.push(format!(
                        "{name} is declared in options() but the reader's run never reads it"
                    ));
                }
                if error.0.contains('\n') || error.0.is_empty() {
                    problems.push(format!(
                        "`{line}` is refused with more than one line: {error}"
                    ));
                }
                let named = arguments.first().map(|a| a.split('=').next().unwrap_or(a));
                if let Some(name) = named.filter(|name| name.starts_with("--"))
                    && !error.0.contains(name)
                {
                    problems.push(format!(
                        "`{line}` is refused without naming {name}: {error}"
                    ));
                }
            }
            Err(panic) => problems.push(panic),
        }
    }

    for example in chapter.examples() {
        match try_cli(chapter, &words(example)) {
            Ok(Ok(output)) => {
                if output.text.contains("NaN") {
                    problems.push(format!("the example `{example}` prints NaN"));
                }
            }
            Ok(Err(error)) => problems.push(format!("the example `{example}` fails: {error}")),
            Err(panic) => problems.push(panic),
        }
    }
    let mut seen = std::collections::HashSet::new();
    problems.retain(|problem| seen.insert(problem.clone()));
    problems
}

fn exercise_problems(chapter: &dyn Chapter, markdown: &str) -> Vec<String> {
    let n = chapter.number();
    let mut problems = Vec::new();
    let exercises = chapter.exercises();
    for missing in missing_from_chapter(markdown, n, &exercises) {
        problems.push(format!("book/src/chapter{n}.md does not show {missing}"));
    }
    if let Some(reference) = chapter.reference_exercises() {
        problems.extend(failures(&reference));
        for exercise in &exercises {
            if attempt(exercise) == Status::Passed {
                problems.push(format!(
                    "exercise {} ({}) passes against the untouched stub",
                    exercise.id, exercise.function
                ));
            }
        }
    }
    problems
}

/// Assert that [`problems`] finds none, listing them all if it does: the one
/// test every chapter's tests call.
pub fn check(chapter: &dyn Chapter) {
    let problems = problems(chapter);
    assert!(
        problems.is_empty(),
        "chapter {} fails the kit's check:\n{}",
        chapter.number(),
        problems.join("\n")
    );
}
