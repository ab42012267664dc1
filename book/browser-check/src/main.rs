//! `cargo run -p browser-check -- [BUILD_DIR] [options]`: checks the built
//! book in headless Chromium. See the library documentation for what it
//! checks. Prints one line per problem, `page: problem`, and exits with 1 if
//! there was any, 2 if the check itself could not run.

use std::path::PathBuf;
use std::process::ExitCode;

use browser_check::{Options, run};

const USAGE: &str = "\
usage: browser-check [BUILD_DIR] [--search TERM] [--screenshots DIR] [--no-screenshots]
                     [--chromium BINARY] [--pages-only]

Checks the built book (default: book/build) in headless Chromium.
  --search TERM       the search must find TERM (default: \"learning rate\")
  --screenshots DIR   where to write the screenshots (default: book/screenshots)
  --no-screenshots    take none
  --chromium BINARY   the browser (default: chromium)
  --pages-only        only the checks that apply to any HTML pages";

fn main() -> ExitCode {
    // `cargo run` tells where the package is; the path compiled in is only the
    // fallback (it can name another checkout that shares the target folder).
    let package = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    let book = package.parent().map(PathBuf::from).unwrap_or_default();
    let mut options = Options::whole_book(&book.join("build"));
    options.screenshots = Some(book.join("screenshots"));
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        let parsed = match arg.as_str() {
            "--search" => value("--search").map(|v| options.search = Some(v)),
            "--screenshots" => value("--screenshots").map(|v| options.screenshots = Some(v.into())),
            "--no-screenshots" => {
                options.screenshots = None;
                Ok(())
            }
            "--chromium" => value("--chromium").map(|v| options.chromium = v.into()),
            "--pages-only" => {
                options.whole_book = false;
                options.search = None;
                Ok(())
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with('-') => Err(format!("unknown option {flag}\n{USAGE}")),
            dir => {
                options.build = dir.into();
                Ok(())
            }
        };
        if let Err(message) = parsed {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    }

    let report = match run(&options) {
        Ok(report) => report,
        Err(e) => {
            eprintln!("browser check could not run: {e:#}");
            return ExitCode::from(2);
        }
    };
    for failure in &report.failures {
        println!("{failure}");
    }
    if !report.screenshots.is_empty()
        && let Some(dir) = &options.screenshots
    {
        println!(
            "{} screenshot(s) in {}",
            report.screenshots.len(),
            dir.display()
        );
    }
    println!(
        "browser check of {}: {} page(s), {} problem(s)",
        options.build.display(),
        report.pages.len(),
        report.failures.len()
    );
    if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
