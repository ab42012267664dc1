//! `cargo run -p exercises`: check, grade, or hand out the coding exercises.
//! See `--help`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use exercises::copy::{CopyOptions, student_copy};
use exercises::report::{self, Hints, Report};
use exercises::{Event, Fatal, Options, check, course_hints, repository_root};
use harness::exercise::Verdict;

const USAGE: &str = "\
Check Downhill's coding exercises.

usage:
  cargo run -p exercises                     check every chapter's exercises
  cargo run -p exercises -- 1 3              check chapters 1 and 3 (or: chapter1 chapter3)
  cargo run -p exercises -- 2.2              check exercise 2.2 only

grading:
  --variant SEED        check at the test values of a per-student variant (a number,
                        or any word such as a student id or a repository's name)
  --json-out FILE       write the grade report as JSON to FILE
  --junit FILE          write the grade report as JUnit XML to FILE
  --markdown-out FILE   append the grade report as a Markdown table to FILE
                        (for $GITHUB_STEP_SUMMARY)
  --json                print the JSON report instead of the text one
  --timeout SECONDS     time limit per exercise (default 10)
  --points ID=N,…       points for exercises, instead of one per star
  --hints none|first|all
                        hints shown for wrong answers (default: the course's
                        setting in exercises/course.toml, else all)
  --exit-zero           exit 0 even when an exercise fails (the report still says so)
  --reference           check the reference solutions instead of your file
  --check-stubs         (for CI) succeed only if every exercise is \"not yet\"
                        against the untouched stubs

handing out:
  cargo run -p exercises -- student-copy DIR [--chapters 1,2] [--hints none|first|all]
        [--no-answers] [--no-appendix] [--classroom] [--variant-per-student]
                        write a copy of what is committed to DIR, without the
                        solutions, with a CI workflow for students (see the
                        book's appendix \"For teachers\")

Each chapter's exercises are functions in chapters/chapterN/src/exercises.rs
that start as todo!(). Write one, run this again, and see it pass. Each
exercise is checked in a process of its own, with a time limit.

Exit code: 0 when every exercise checked passed, 1 when one did not, 2 when
the checker could not check (a bad option, a shared build folder).";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(Fatal(message)) => {
            eprintln!("error: {message}");
            eprintln!("run with --help to see the options");
            ExitCode::from(2)
        }
    }
}

/// Split `--name=value` into two words.
fn words(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for arg in args {
        match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                out.push(name.to_string());
                out.push(value.to_string());
            }
            _ => out.push(arg.clone()),
        }
    }
    out
}

fn value(args: &mut std::vec::IntoIter<String>, name: &str) -> Result<String, Fatal> {
    args.next()
        .filter(|v| !v.starts_with("--"))
        .ok_or_else(|| Fatal(format!("{name} needs a value")))
}

fn hints(word: &str) -> Result<Hints, Fatal> {
    Hints::parse(word)
        .ok_or_else(|| Fatal(format!("--hints takes none, first or all, not `{word}`")))
}

fn run(args: &[String]) -> Result<ExitCode, Fatal> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    if args.first().is_some_and(|a| a == "student-copy") {
        return copy_command(&args[1..]);
    }
    let root = repository_root().map_err(Fatal)?;
    let mut options = Options {
        hints: course_hints(&root),
        ..Options::default()
    };
    let mut json_stdout = false;
    let mut json_out = None;
    let mut junit_out = None;
    let mut markdown_out = None;
    let mut check_stubs = false;
    let mut exit_zero = false;
    let mut args = words(args).into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json_stdout = true,
            "--json-out" => json_out = Some(PathBuf::from(value(&mut args, "--json-out")?)),
            "--junit" => junit_out = Some(PathBuf::from(value(&mut args, "--junit")?)),
            "--markdown-out" => {
                markdown_out = Some(PathBuf::from(value(&mut args, "--markdown-out")?))
            }
            "--variant" => {
                let seed = value(&mut args, "--variant")?;
                if seed.trim().is_empty() {
                    return Err(Fatal("--variant needs a seed".to_string()));
                }
                options.variant = Some(seed);
            }
            "--timeout" => {
                let text = value(&mut args, "--timeout")?;
                let seconds: f64 = text
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite() && *s > 0.0 && *s <= 3600.0)
                    .ok_or_else(|| {
                        Fatal(format!(
                            "--timeout takes a number of seconds between 0 and 3600, not `{text}`"
                        ))
                    })?;
                options.timeout = Duration::from_secs_f64(seconds);
            }
            "--points" => {
                for pair in value(&mut args, "--points")?.split(',') {
                    let parsed = pair
                        .split_once(['=', ':'])
                        .and_then(|(id, n)| Some((id.trim().to_string(), n.trim().parse().ok()?)));
                    let Some(parsed) = parsed else {
                        return Err(Fatal(format!(
                            "--points takes ID=N pairs such as 3.5=4, not `{pair}`"
                        )));
                    };
                    options.points.push(parsed);
                }
            }
            "--hints" => options.hints = hints(&value(&mut args, "--hints")?)?,
            "--reference" => options.reference = true,
            "--check-stubs" => check_stubs = true,
            "--exit-zero" => exit_zero = true,
            other if other.starts_with('-') => {
                return Err(Fatal(format!("unknown option `{other}`")));
            }
            other => {
                let word = other.strip_prefix("chapter").unwrap_or(other);
                if word.contains('.') {
                    options.exercises.push(word.to_string());
                } else {
                    let n = word.parse::<u32>().map_err(|_| {
                        Fatal(format!(
                            "`{other}` is neither a chapter (1, chapter1) nor an exercise (2.2)"
                        ))
                    })?;
                    options.chapters.push(n);
                }
            }
        }
    }
    let text = !json_stdout && !check_stubs;
    let live = text && std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
    let mut first_chapter = true;
    let mut printer = |event: Event| {
        if !text {
            return;
        }
        let mut out = std::io::stdout().lock();
        let clear = || {
            if live {
                eprint!("\r\x1b[K");
            }
        };
        match event {
            Event::Building(_) => {
                if live {
                    eprint!("building the chapters' programs…");
                }
            }
            Event::Chapter(chapter) => {
                clear();
                if !first_chapter {
                    let _ = writeln!(out);
                }
                first_chapter = false;
                let _ = write!(
                    out,
                    "{}",
                    report::chapter_heading(chapter.number, &chapter.title, &chapter.file)
                );
                if let Some(errors) = &chapter.compile_errors {
                    let _ = write!(out, "{}", report::compile_error_lines(errors));
                }
            }
            Event::Started(info) => {
                if live {
                    eprint!("\r\x1b[K  … checking {} {}", info.id, info.function);
                }
            }
            Event::Finished(graded) => {
                clear();
                let _ = write!(out, "{}", report::exercise_lines(graded));
            }
        }
        let _ = out.flush();
    };
    let report = check(&root, &options, &mut printer)?;
    write_files(&report, json_out, junit_out, markdown_out)?;
    if check_stubs {
        return Ok(stubs_verdict(&report));
    }
    if json_stdout {
        print!("{}", report::json(&report));
    } else {
        println!();
        print!("{}", report::progress(&report));
    }
    Ok(if report.all_passed() || exit_zero {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn write_files(
    report: &Report,
    json_out: Option<PathBuf>,
    junit_out: Option<PathBuf>,
    markdown_out: Option<PathBuf>,
) -> Result<(), Fatal> {
    let write = |path: &PathBuf, text: String| {
        std::fs::write(path, text)
            .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))
    };
    if let Some(path) = &json_out {
        write(path, report::json(report))?;
    }
    if let Some(path) = &junit_out {
        write(path, report::junit(report))?;
    }
    if let Some(path) = &markdown_out {
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?;
        file.write_all(report::markdown(report).as_bytes())
            .map_err(|e| Fatal(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

/// For CI: every exercise must be "not yet" against the untouched stubs. A
/// stub that passes gives points for nothing; one that fails otherwise (does
/// not compile, panics, loops) is broken.
fn stubs_verdict(report: &Report) -> ExitCode {
    let all: Vec<_> = report.results().collect();
    let passing: Vec<&str> = all
        .iter()
        .filter(|r| r.passed())
        .map(|r| r.info.id.as_str())
        .collect();
    let broken: Vec<String> = all
        .iter()
        .filter(|r| !r.passed() && r.outcome.verdict != Verdict::NotYet)
        .map(|r| format!("{} ({})", r.info.id, r.outcome.summary()))
        .collect();
    println!(
        "{} of {} exercises fail against the stubs",
        all.len() - passing.len(),
        all.len()
    );
    if !passing.is_empty() {
        eprintln!(
            "error: these exercises pass without any work: {}",
            passing.join(", ")
        );
    }
    if !broken.is_empty() {
        eprintln!(
            "error: these stubs should stop at their todo!() but do not: {}",
            broken.join("; ")
        );
    }
    if passing.is_empty() && broken.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn copy_command(args: &[String]) -> Result<ExitCode, Fatal> {
    let mut options = CopyOptions::default();
    let mut folder = None;
    let mut args = words(args).into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--chapters" => {
                let text = value(&mut args, "--chapters")?;
                let mut numbers = Vec::new();
                for word in text.split(',') {
                    let n = word.trim().parse::<u32>().map_err(|_| {
                        Fatal(format!(
                            "--chapters takes chapter numbers such as 1,2, not `{text}`"
                        ))
                    })?;
                    numbers.push(n);
                }
                options.chapters = Some(numbers);
            }
            "--hints" => options.hints = hints(&value(&mut args, "--hints")?)?,
            "--no-answers" => options.strip_answers = true,
            "--no-appendix" => options.strip_appendix = true,
            "--classroom" => options.classroom = true,
            "--variant-per-student" => options.variant_per_student = true,
            other if other.starts_with('-') => {
                return Err(Fatal(format!("unknown option `{other}` for student-copy")));
            }
            other => {
                if folder.is_some() {
                    return Err(Fatal(format!(
                        "student-copy takes one folder; `{other}` is a second"
                    )));
                }
                folder = Some(PathBuf::from(other));
            }
        }
    }
    let Some(to) = folder else {
        return Err(Fatal(
            "student-copy needs the folder to create: student-copy DIR".to_string(),
        ));
    };
    let root = repository_root().map_err(Fatal)?;
    let summary = student_copy(&root, &to, &options).map_err(Fatal)?;
    print!("{}", summary.describe(&to));
    Ok(ExitCode::SUCCESS)
}
