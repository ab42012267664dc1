//! Command-line options for the chapter examples.
//!
//! Readers experiment by running a chapter with their own values, e.g.
//! `cargo run --example chapter2 -- --lr 0.9 --steps 30`. A mistyped value
//! deserves a one-line answer that says what was wrong and what would be
//! accepted, not a panic. This module is that answer, kept small: options are
//! `--name value` or `--name=value`, read one at a time with a default and a
//! valid range, and [`Args::finish`] rejects anything left over.
//!
//! ```
//! use descent::cli::Args;
//! let mut args = Args::parse(["--lr", "0.5"]).unwrap().unwrap();
//! let eta = args.positive("--lr", 0.1).unwrap();
//! let steps = args.count("--steps", 30, 1, 1000).unwrap();
//! args.finish().unwrap();
//! assert_eq!((eta, steps), (0.5, 30));
//! ```

use std::fmt;

/// What was wrong with the command line, as a sentence for the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError(pub String);

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CliError {}

/// The options given on the command line, consumed one by one.
#[derive(Debug, Clone)]
pub struct Args {
    pairs: Vec<(String, String)>,
}

impl Args {
    /// Split `arguments` into `--name value` pairs.
    ///
    /// Returns `Ok(None)` when `--help` or `-h` was asked for: the caller
    /// prints its usage text and exits successfully (see [`run`]).
    pub fn parse<I, S>(arguments: I) -> Result<Option<Args>, CliError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let mut iter = arguments.into_iter().map(Into::into);
        while let Some(argument) = iter.next() {
            if argument == "--help" || argument == "-h" {
                return Ok(None);
            }
            if !argument.starts_with("--") {
                return Err(CliError(format!(
                    "unexpected argument `{argument}`: options look like `--name value`"
                )));
            }
            let (name, value) = match argument.split_once('=') {
                Some((name, value)) => (name.to_string(), value.to_string()),
                None => match iter.next() {
                    Some(value) => (argument.clone(), value),
                    None => return Err(CliError(format!("{argument} needs a value"))),
                },
            };
            if pairs.iter().any(|(seen, _)| *seen == name) {
                return Err(CliError(format!("{name} is given twice")));
            }
            pairs.push((name, value));
        }
        Ok(Some(Args { pairs }))
    }

    /// Whether no options were given at all: a chapter then runs its own
    /// experiments and redraws the book's figures instead of the reader's.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    fn take(&mut self, name: &str) -> Option<String> {
        let index = self.pairs.iter().position(|(n, _)| n == name)?;
        Some(self.pairs.remove(index).1)
    }

    /// A real number greater than zero, such as a learning rate.
    pub fn positive(&mut self, name: &str, default: f64) -> Result<f64, CliError> {
        let Some(text) = self.take(name) else {
            return Ok(default);
        };
        match text.trim().parse::<f64>() {
            Ok(value) if value.is_finite() && value > 0.0 => Ok(value),
            _ => Err(CliError(format!(
                "{name} must be a number greater than 0 (such as 0.1), got `{text}`"
            ))),
        }
    }

    /// A whole number from `min` to `max`, such as a step count.
    pub fn count(
        &mut self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, CliError> {
        let Some(text) = self.take(name) else {
            return Ok(default);
        };
        match text.trim().parse::<usize>() {
            Ok(value) if (min..=max).contains(&value) => Ok(value),
            _ => Err(CliError(format!(
                "{name} must be a whole number from {min} to {max}, got `{text}`"
            ))),
        }
    }

    /// Any whole number from 0 to 2⁶⁴ − 1, such as a random seed.
    pub fn seed(&mut self, name: &str, default: u64) -> Result<u64, CliError> {
        let Some(text) = self.take(name) else {
            return Ok(default);
        };
        text.trim().parse::<u64>().map_err(|_| {
            CliError(format!(
                "{name} must be a whole number from 0 to {}, got `{text}`",
                u64::MAX
            ))
        })
    }

    /// One of a fixed list of words, such as `batch` or `sgd`.
    pub fn choice(
        &mut self,
        name: &str,
        default: &'static str,
        choices: &[&'static str],
    ) -> Result<&'static str, CliError> {
        let Some(text) = self.take(name) else {
            return Ok(default);
        };
        for choice in choices {
            if text.trim() == *choice {
                return Ok(choice);
            }
        }
        Err(CliError(format!(
            "{name} must be one of {}, got `{text}`",
            choices.join(", ")
        )))
    }

    /// A file path.
    pub fn path(&mut self, name: &str) -> Option<std::path::PathBuf> {
        self.take(name).map(std::path::PathBuf::from)
    }

    /// Fail if any option was given that no call above asked for.
    pub fn finish(self) -> Result<(), CliError> {
        match self.pairs.first() {
            None => Ok(()),
            Some((name, _)) => Err(CliError(format!("unknown option {name}"))),
        }
    }
}

/// Run a chapter's `main` with the process's arguments.
///
/// `--help` prints `usage` and exits 0; a [`CliError`] prints
/// `error: …` and a pointer to `--help` on standard error and exits 2.
/// Anything else `body` returns as an error is printed the same way, with exit 1.
pub fn run(usage: &str, body: impl FnOnce(Args) -> Result<(), Box<dyn std::error::Error>>) {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{usage}");
            return;
        }
        Err(error) => exit_with(&error, 2),
    };
    if let Err(error) = body(args) {
        let code = if error.is::<CliError>() { 2 } else { 1 };
        exit_with(error.as_ref(), code);
    }
}

fn exit_with(error: &dyn std::error::Error, code: i32) -> ! {
    eprintln!("error: {error}");
    if code == 2 {
        eprintln!("run with --help to see the options");
    }
    std::process::exit(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Args {
        Args::parse(list.iter().copied()).unwrap().unwrap()
    }

    #[test]
    fn values_and_defaults() {
        let mut a = args(&["--lr", "0.9", "--steps=12", "--mode", "sgd"]);
        assert_eq!(a.positive("--lr", 0.1), Ok(0.9));
        assert_eq!(a.count("--steps", 30, 1, 100), Ok(12));
        assert_eq!(a.choice("--mode", "batch", &["batch", "sgd"]), Ok("sgd"));
        assert_eq!(a.seed("--seed", 7), Ok(7));
        assert_eq!(a.finish(), Ok(()));
    }

    #[test]
    fn bad_values_name_the_valid_range() {
        let mut a = args(&["--lr", "abc", "--steps", "0", "--mode", "adam"]);
        let lr = a.positive("--lr", 0.1).unwrap_err().0;
        assert!(
            lr.contains("--lr must be a number greater than 0") && lr.contains("`abc`"),
            "{lr}"
        );
        let steps = a.count("--steps", 30, 1, 100).unwrap_err().0;
        assert!(
            steps.contains("from 1 to 100") && steps.contains("`0`"),
            "{steps}"
        );
        let mode = a
            .choice("--mode", "batch", &["batch", "sgd"])
            .unwrap_err()
            .0;
        assert!(mode.contains("one of batch, sgd"), "{mode}");
        let mut b = args(&["--lr", "-1"]);
        assert!(b.positive("--lr", 0.1).is_err());
        let mut c = args(&["--lr", "inf"]);
        assert!(c.positive("--lr", 0.1).is_err());
    }

    #[test]
    fn malformed_command_lines_are_rejected() {
        assert!(
            Args::parse(["--lr"])
                .unwrap_err()
                .0
                .contains("needs a value")
        );
        assert!(
            Args::parse(["0.5"])
                .unwrap_err()
                .0
                .contains("unexpected argument")
        );
        assert!(
            Args::parse(["--lr", "1", "--lr", "2"])
                .unwrap_err()
                .0
                .contains("twice")
        );
        assert!(Args::parse(["--help"]).unwrap().is_none());
        assert!(args(&[]).is_empty());
        assert!(!args(&["--lr", "0.1"]).is_empty());
        let unknown = args(&["--learning-rate", "0.1"]).finish().unwrap_err().0;
        assert_eq!(unknown, "unknown option --learning-rate");
    }
}
