//! `cargo run -p book`: regenerate the figures and build the book into
//! `book/build/`.
//!
//! `book preprocess [supports <renderer>]` is the math preprocessor in mdBook's
//! command protocol, for `mdbook build book` / `mdbook serve book`.

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "\
usage: book                               build the book into book/build/
       book preprocess                    mdBook preprocessor protocol (JSON on stdin)
       book preprocess dedent             the same, for the code-block dedent preprocessor
       book preprocess [dedent] supports <name>
                                          exit 0 if the renderer is supported";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => build(),
        ["preprocess"] => {
            let stdout = std::io::stdout().lock();
            match book::preprocessor::run_protocol(std::io::stdin().lock(), stdout) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&book::one_line(&e)),
            }
        }
        ["preprocess", "dedent"] => {
            let stdout = std::io::stdout().lock();
            let dedent = book::DedentPreprocessor;
            match book::preprocessor::run_protocol_with(&dedent, std::io::stdin().lock(), stdout) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => fail(&book::one_line(&e)),
            }
        }
        ["preprocess", "supports", renderer] | ["preprocess", "dedent", "supports", renderer] => {
            if book::preprocessor::supports(renderer) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        ["-h" | "--help"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => fail(&format!("unexpected arguments {args:?}\n{USAGE}")),
    }
}

fn build() -> ExitCode {
    match book::build_book() {
        Ok((figures, dest)) => {
            if !figures.is_empty() {
                println!("regenerated {} figure(s)", figures.len());
            }
            println!("book written to {}", dest.join("index.html").display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&format!("{e:#}")),
    }
}

fn fail(message: &str) -> ExitCode {
    let mut stderr = std::io::stderr().lock();
    for line in message.lines() {
        let _ = writeln!(stderr, "error: {line}");
    }
    ExitCode::FAILURE
}
