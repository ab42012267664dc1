//! `cargo run -p exercises`: check the coding exercises. See `--help`.

use std::path::PathBuf;
use std::process::ExitCode;

use exercises::{check, render_json, render_text, repository_root, student_copy};
use harness::exercise::Status;

const USAGE: &str = "\
Check Downhill's coding exercises.

usage:
  cargo run -p exercises                    check every chapter's exercises
  cargo run -p exercises -- 1 3             check chapters 1 and 3 (or: chapter1 chapter3)
  cargo run -p exercises -- --json          results as JSON, for an autograder
  cargo run -p exercises -- student-copy DIR
                                            copy the repository to DIR without the solutions
  cargo run -p exercises -- --check-stubs   (for CI) succeed only if every exercise
                                            fails against the untouched stubs

Each chapter's exercises are functions in chapters/chapterN/src/exercises.rs
that start as todo!(). Write one, run this again, and see it pass.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            eprintln!("run with --help to see the options");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    if args.first().is_some_and(|a| a == "student-copy") {
        let [_, dir] = args else {
            return Err("student-copy takes one argument: the folder to create".to_string());
        };
        let to = PathBuf::from(dir);
        let summary = student_copy(&repository_root(), &to).map_err(|e| e.to_string())?;
        println!(
            "Wrote a student copy to {}: {} files.",
            to.display(),
            summary.files
        );
        for folder in &summary.solutions_left_out {
            println!("  left out {}", folder.display());
        }
        println!(
            "Its `cargo test` passes; `cargo run -p exercises` there shows every exercise as not yet."
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut json = false;
    let mut check_stubs = false;
    let mut selected = Vec::new();
    let known: Vec<u32> = chapters::all().iter().map(|c| c.number()).collect();
    for arg in args {
        match arg.as_str() {
            "--json" => json = true,
            "--check-stubs" => check_stubs = true,
            other => {
                let number = other.strip_prefix("chapter").unwrap_or(other);
                match number.parse::<u32>() {
                    Ok(n) if known.contains(&n) => selected.push(n),
                    _ => {
                        return Err(format!(
                            "unknown chapter or option `{other}`: chapters with exercises are {}",
                            known
                                .iter()
                                .map(|n| n.to_string())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ));
                    }
                }
            }
        }
    }
    let results = check(&selected);
    if check_stubs {
        let passing: Vec<&str> = results
            .iter()
            .filter(|r| r.status == Status::Passed)
            .map(|r| r.id)
            .collect();
        let failing = results.len() - passing.len();
        println!(
            "{failing} of {} exercises fail against the stubs",
            results.len()
        );
        if !passing.is_empty() {
            eprintln!(
                "error: these exercises pass without any work: {}",
                passing.join(", ")
            );
            return Ok(ExitCode::FAILURE);
        }
        return Ok(ExitCode::SUCCESS);
    }
    if json {
        print!("{}", render_json(&results));
    } else {
        print!("{}", render_text(&results));
    }
    Ok(ExitCode::SUCCESS)
}
