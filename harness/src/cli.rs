//! Command-line options for the chapter examples.
//!
//! Readers experiment by running a chapter with their own values, e.g.
//! `cargo run --example chapter2 -- --lr 0.9 --steps 30`. A mistyped value
//! deserves a one-line answer that says what was wrong and what would be
//! accepted, not a panic. This module is that answer, kept small: a chapter
//! declares each option once as an [`Opt`] (its name, what it takes, its
//! valid range, one line of help), the `--help` text is made from those
//! declarations, and options are read one at a time with a default; an
//! option given twice, without a value, or that no one asked for is an error.
//!
//! Most options take a value (`--name value` or `--name=value`). A *flag*
//! ([`Opt::flag`]) takes none: it is there or not, like `--benchmark`. The
//! command line can only be split correctly when the flags are known (in
//! `--benchmark --lr 0.1`, `--lr` is not the value of `--benchmark`), so
//! [`Args::parse_for`] takes the chapter's options; [`Args::parse`] knows no
//! flags.
//!
//! ```
//! use harness::cli::{Args, Opt};
//! const LR: Opt = Opt::positive("--lr", "ETA", "the learning rate η (default 0.1)");
//! const STEPS: Opt = Opt::count("--steps", "N", 1, 1000, "the number of steps (default 30)");
//! let mut args = Args::parse(["--lr", "0.5"]).unwrap().unwrap();
//! let eta = args.positive(&LR, 0.1).unwrap();
//! let steps = args.count(&STEPS, 30).unwrap();
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

/// What an option takes, and so which values are wrong.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// A real number greater than zero, such as a learning rate.
    Positive,
    /// A whole number from `min` to `max`, such as a step count.
    Count {
        /// The smallest value allowed.
        min: usize,
        /// The largest value allowed.
        max: usize,
    },
    /// A real number from `min` to `max`, both included.
    Number {
        /// The smallest value allowed.
        min: f64,
        /// The largest value allowed.
        max: f64,
    },
    /// Any whole number from 0 to 2⁶⁴ − 1, such as a random seed.
    Seed,
    /// One of a fixed list of words.
    Choice(&'static [&'static str]),
    /// A file to write.
    File,
    /// No value at all: the option is given or not, such as `--benchmark`.
    Flag,
}

/// One option of a chapter's command line, declared once: what `--help`
/// shows and what the reader's value is checked against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Opt {
    /// The option itself, e.g. `--lr`.
    pub name: &'static str,
    /// What it takes, as `--help` shows it, e.g. `ETA`.
    pub value: &'static str,
    /// Which values are valid.
    pub kind: Kind,
    /// One line for `--help`, with the default.
    pub help: &'static str,
}

impl Opt {
    /// An option that takes a number greater than 0.
    pub const fn positive(name: &'static str, value: &'static str, help: &'static str) -> Self {
        Opt {
            name,
            value,
            kind: Kind::Positive,
            help,
        }
    }

    /// An option that takes a whole number from `min` to `max`.
    pub const fn count(
        name: &'static str,
        value: &'static str,
        min: usize,
        max: usize,
        help: &'static str,
    ) -> Self {
        Opt {
            name,
            value,
            kind: Kind::Count { min, max },
            help,
        }
    }

    /// An option that takes a number from `min` to `max`.
    pub const fn number(
        name: &'static str,
        value: &'static str,
        min: f64,
        max: f64,
        help: &'static str,
    ) -> Self {
        Opt {
            name,
            value,
            kind: Kind::Number { min, max },
            help,
        }
    }

    /// An option that takes a random seed.
    pub const fn seed(name: &'static str, help: &'static str) -> Self {
        Opt {
            name,
            value: "SEED",
            kind: Kind::Seed,
            help,
        }
    }

    /// An option that takes one of `choices`.
    pub const fn choice(
        name: &'static str,
        choices: &'static [&'static str],
        help: &'static str,
    ) -> Self {
        Opt {
            name,
            value: "",
            kind: Kind::Choice(choices),
            help,
        }
    }

    /// An option that takes a file to write.
    pub const fn file(name: &'static str, help: &'static str) -> Self {
        Opt {
            name,
            value: "FILE",
            kind: Kind::File,
            help,
        }
    }

    /// An option that takes no value: given or not.
    pub const fn flag(name: &'static str, help: &'static str) -> Self {
        Opt {
            name,
            value: "",
            kind: Kind::Flag,
            help,
        }
    }

    /// How the option reads in `--help`: `--lr ETA`, `--mode batch|sgd`,
    /// `--benchmark`.
    pub fn synopsis(&self) -> String {
        match self.kind {
            Kind::Choice(choices) => format!("{} {}", self.name, choices.join("|")),
            Kind::Flag => self.name.to_string(),
            _ => format!("{} {}", self.name, self.value),
        }
    }

    /// Values this option must refuse: what the shared check feeds it. A
    /// flag takes no value, so it has none to refuse (the check gives it one
    /// with `=` instead, which it must refuse).
    pub fn bad_values(&self) -> Vec<String> {
        let mut bad = vec!["abc".to_string()];
        match self.kind {
            Kind::Positive => bad.extend(["0", "-1", "inf", "NaN", "1e400"].map(String::from)),
            Kind::Count { min, max } => {
                bad.push(format!("{}", max as u128 + 1));
                bad.push("2.5".to_string());
                if min > 0 {
                    bad.push(format!("{}", min - 1));
                }
            }
            Kind::Number { min, max } => {
                bad.extend(["inf", "NaN"].map(String::from));
                if min > f64::MIN {
                    bad.push(format!("{}", min - 1.0 - min.abs()));
                }
                if max < f64::MAX {
                    bad.push(format!("{}", max + 1.0 + max.abs()));
                }
            }
            Kind::Seed => bad.extend(["-1", "18446744073709551616"].map(String::from)),
            Kind::Choice(_) => {}
            Kind::File | Kind::Flag => bad.clear(),
        }
        bad
    }

    fn error(&self, text: &str) -> CliError {
        let what = match self.kind {
            Kind::Positive => "a number greater than 0 (such as 0.1)".to_string(),
            Kind::Count { min, max } => format!("a whole number from {min} to {max}"),
            Kind::Number { min, max } => format!("a number from {min} to {max}"),
            Kind::Seed => format!("a whole number from 0 to {}", u64::MAX),
            Kind::Choice(choices) => format!("one of {}", choices.join(", ")),
            Kind::File => "a file name".to_string(),
            Kind::Flag => {
                return CliError(format!("{} takes no value, got `{text}`", self.name));
            }
        };
        CliError(format!("{} must be {what}, got `{text}`", self.name))
    }
}

/// The options given on the command line, consumed one by one.
#[derive(Debug, Clone)]
pub struct Args {
    pairs: Vec<(String, String)>,
}

impl Args {
    /// Split `arguments` into `--name value` pairs.
    ///
    /// Returns `Ok(None)` when `--help` or `-h` was asked for: the caller
    /// prints its usage text and exits successfully. Every option takes a
    /// value; [`Args::parse_for`] also knows flags.
    pub fn parse<I, S>(arguments: I) -> Result<Option<Args>, CliError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Args::parse_for(arguments, &[])
    }

    /// Split `arguments` into `--name value` pairs and flags, where the flags
    /// are the options in `options` declared with [`Opt::flag`]: a flag takes
    /// no value, and `--flag=value` is refused. Every other option takes a
    /// value, as in [`Args::parse`]. When `options` is not empty, a name it
    /// does not hold is refused at once as an unknown option, even with no
    /// value after it.
    pub fn parse_for<I, S>(arguments: I, options: &[Opt]) -> Result<Option<Args>, CliError>
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let flag = |name: &str| {
            options
                .iter()
                .find(|opt| opt.kind == Kind::Flag && opt.name == name)
        };
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
            let name_only = argument
                .split_once('=')
                .map_or(argument.as_str(), |(n, _)| n);
            if !options.is_empty() && !options.iter().any(|opt| opt.name == name_only) {
                return Err(CliError(format!("unknown option {name_only}")));
            }
            let (name, value) = match argument.split_once('=') {
                Some((name, value)) => match flag(name) {
                    Some(opt) => return Err(opt.error(value)),
                    None => (name.to_string(), value.to_string()),
                },
                None if flag(&argument).is_some() => (argument.clone(), String::new()),
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

    /// Whether no options are left: a chapter then runs its own experiments
    /// and redraws the book's figures instead of the reader's.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The text of a number as Rust parses it: trimmed, and with the true
    /// minus sign U+2212 that the book and `--help` print (`−0.01`, `1e−5`)
    /// read as ASCII `-`, so that a value copied from the page works.
    fn numeral(text: &str) -> String {
        text.trim().replace('\u{2212}', "-")
    }

    fn take(&mut self, name: &str) -> Option<String> {
        let index = self.pairs.iter().position(|(n, _)| n == name)?;
        Some(self.pairs.remove(index).1)
    }

    /// The value of a [`Kind::Positive`] option, or `default`.
    pub fn positive(&mut self, opt: &Opt, default: f64) -> Result<f64, CliError> {
        let Some(text) = self.take(opt.name) else {
            return Ok(default);
        };
        match Args::numeral(&text).parse::<f64>() {
            Ok(value) if value.is_finite() && value > 0.0 => Ok(value),
            // `inf` or `1e400`: a number, and positive, but not one a run can use.
            Ok(value) if value.is_infinite() => Err(CliError(format!(
                "{} must be a finite number greater than 0 (such as 0.1), got `{text}`",
                opt.name
            ))),
            _ => Err(opt.error(&text)),
        }
    }

    /// The value of a [`Kind::Number`] option, or `default`.
    pub fn number(&mut self, opt: &Opt, default: f64) -> Result<f64, CliError> {
        let Some(text) = self.take(opt.name) else {
            return Ok(default);
        };
        let Kind::Number { min, max } = opt.kind else {
            panic!("{} is not declared as a number", opt.name);
        };
        match Args::numeral(&text).parse::<f64>() {
            Ok(value) if (min..=max).contains(&value) => Ok(value),
            _ => Err(opt.error(&text)),
        }
    }

    /// The value of a [`Kind::Count`] option, or `default`.
    pub fn count(&mut self, opt: &Opt, default: usize) -> Result<usize, CliError> {
        let Some(text) = self.take(opt.name) else {
            return Ok(default);
        };
        let Kind::Count { min, max } = opt.kind else {
            panic!("{} is not declared as a count", opt.name);
        };
        match Args::numeral(&text).parse::<usize>() {
            Ok(value) if (min..=max).contains(&value) => Ok(value),
            _ => Err(opt.error(&text)),
        }
    }

    /// The value of a [`Kind::Seed`] option, or `default`.
    pub fn seed(&mut self, opt: &Opt, default: u64) -> Result<u64, CliError> {
        let Some(text) = self.take(opt.name) else {
            return Ok(default);
        };
        Args::numeral(&text)
            .parse::<u64>()
            .map_err(|_| opt.error(&text))
    }

    /// The value of a [`Kind::Choice`] option, or `default`.
    pub fn choice(&mut self, opt: &Opt, default: &'static str) -> Result<&'static str, CliError> {
        let Some(text) = self.take(opt.name) else {
            return Ok(default);
        };
        let Kind::Choice(choices) = opt.kind else {
            panic!("{} is not declared as a choice", opt.name);
        };
        for choice in choices {
            if text.trim() == *choice {
                return Ok(choice);
            }
        }
        Err(opt.error(&text))
    }

    /// The value of a [`Kind::File`] option, if given.
    pub fn file(&mut self, opt: &Opt) -> Option<std::path::PathBuf> {
        self.take(opt.name).map(std::path::PathBuf::from)
    }

    /// Whether a [`Kind::Flag`] option was given (read with
    /// [`Args::parse_for`], which knows it takes no value).
    pub fn flag(&mut self, opt: &Opt) -> bool {
        assert!(
            opt.kind == Kind::Flag,
            "{} is not declared as a flag",
            opt.name
        );
        self.take(opt.name).is_some()
    }

    /// Fail if any option is left that no call above asked for.
    pub fn finish(&mut self) -> Result<(), CliError> {
        match self.pairs.first() {
            None => Ok(()),
            Some((name, _)) => Err(CliError(format!("unknown option {name}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LR: Opt = Opt::positive("--lr", "ETA", "the learning rate");
    const STEPS: Opt = Opt::count("--steps", "N", 1, 100, "the number of steps");
    const MODE: Opt = Opt::choice("--mode", &["batch", "sgd"], "the procedure");
    const SEED: Opt = Opt::seed("--seed", "the seed");
    const BETA: Opt = Opt::number("--beta", "BETA", 0.0, 0.999, "the momentum");

    fn args(list: &[&str]) -> Args {
        Args::parse(list.iter().copied()).unwrap().unwrap()
    }

    #[test]
    fn values_and_defaults() {
        let mut a = args(&[
            "--lr",
            "0.9",
            "--steps=12",
            "--mode",
            "sgd",
            "--beta",
            "0.5",
        ]);
        assert_eq!(a.positive(&LR, 0.1), Ok(0.9));
        assert_eq!(a.count(&STEPS, 30), Ok(12));
        assert_eq!(a.choice(&MODE, "batch"), Ok("sgd"));
        assert_eq!(a.seed(&SEED, 7), Ok(7));
        assert_eq!(a.number(&BETA, 0.0), Ok(0.5));
        assert_eq!(a.finish(), Ok(()));
        assert_eq!(MODE.synopsis(), "--mode batch|sgd");
        assert_eq!(LR.synopsis(), "--lr ETA");
    }

    #[test]
    fn bad_values_name_the_valid_range() {
        let mut a = args(&[
            "--lr", "abc", "--steps", "0", "--mode", "adam", "--beta", "1",
        ]);
        let lr = a.positive(&LR, 0.1).unwrap_err().0;
        assert_eq!(
            lr,
            "--lr must be a number greater than 0 (such as 0.1), got `abc`"
        );
        let steps = a.count(&STEPS, 30).unwrap_err().0;
        assert_eq!(
            steps,
            "--steps must be a whole number from 1 to 100, got `0`"
        );
        let mode = a.choice(&MODE, "batch").unwrap_err().0;
        assert_eq!(mode, "--mode must be one of batch, sgd, got `adam`");
        let beta = a.number(&BETA, 0.0).unwrap_err().0;
        assert_eq!(beta, "--beta must be a number from 0 to 0.999, got `1`");
        // An infinite value is a number greater than 0, just not a finite one.
        for infinite in ["1e400", "inf"] {
            let mut a = args(&["--lr", infinite]);
            assert_eq!(
                a.positive(&LR, 0.1).unwrap_err().0,
                format!(
                    "--lr must be a finite number greater than 0 (such as 0.1), got `{infinite}`"
                )
            );
        }
        let mut a = args(&["--lr", "NaN"]);
        assert_eq!(
            a.positive(&LR, 0.1).unwrap_err().0,
            "--lr must be a number greater than 0 (such as 0.1), got `NaN`"
        );
        for opt in [LR, STEPS, MODE, SEED, BETA] {
            for bad in opt.bad_values() {
                let mut a = args(&[opt.name, &bad]);
                let error = match opt.kind {
                    Kind::Positive => a.positive(&opt, 1.0).err(),
                    Kind::Count { .. } => a.count(&opt, 1).err(),
                    Kind::Number { .. } => a.number(&opt, 0.0).err(),
                    Kind::Seed => a.seed(&opt, 0).err(),
                    Kind::Choice(_) => a.choice(&opt, "batch").err(),
                    Kind::File | Kind::Flag => None,
                };
                let error = error.unwrap_or_else(|| panic!("{} accepted `{bad}`", opt.name));
                assert!(error.0.starts_with(opt.name), "{}", error.0);
            }
        }
    }

    #[test]
    fn a_true_minus_sign_is_read_as_a_minus() {
        const START: Opt = Opt::number("--start", "THETA", -10.0, 10.0, "the start");
        let mut a = args(&["--start", "\u{2212}0.01", "--lr", "1e\u{2212}3"]);
        assert_eq!(a.number(&START, 0.0), Ok(-0.01));
        assert_eq!(a.positive(&LR, 0.1), Ok(0.001));
        // Still refused where a minus is: with the value as the reader typed it.
        let mut a = args(&["--lr", "\u{2212}1", "--steps", "\u{2212}2"]);
        assert_eq!(
            a.positive(&LR, 0.1).unwrap_err().0,
            "--lr must be a number greater than 0 (such as 0.1), got `\u{2212}1`"
        );
        assert!(a.count(&STEPS, 30).is_err());
    }

    #[test]
    fn malformed_command_lines_are_rejected() {
        assert_eq!(Args::parse(["--lr"]).unwrap_err().0, "--lr needs a value");
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

    const BENCHMARK: Opt = Opt::flag("--benchmark", "time the gradient");

    #[test]
    fn a_flag_takes_no_value() {
        let options = [LR, BENCHMARK];
        let parse = |list: &[&str]| Args::parse_for(list.iter().copied(), &options);
        let mut a = parse(&["--benchmark", "--lr", "0.5"]).unwrap().unwrap();
        assert!(!a.is_empty());
        assert!(a.flag(&BENCHMARK));
        assert_eq!(a.positive(&LR, 0.1), Ok(0.5));
        assert_eq!(a.finish(), Ok(()));
        let mut a = parse(&["--lr", "0.5", "--benchmark"]).unwrap().unwrap();
        assert_eq!(a.positive(&LR, 0.1), Ok(0.5));
        assert!(a.flag(&BENCHMARK));
        let mut a = parse(&["--lr", "0.5"]).unwrap().unwrap();
        assert!(!a.flag(&BENCHMARK));
        assert_eq!(BENCHMARK.synopsis(), "--benchmark");
        assert!(BENCHMARK.bad_values().is_empty());
        assert_eq!(
            parse(&["--benchmark=yes"]).unwrap_err().0,
            "--benchmark takes no value, got `yes`"
        );
        assert_eq!(
            parse(&["--benchmark", "--benchmark"]).unwrap_err().0,
            "--benchmark is given twice"
        );
        // A value option is still a value option next to a flag.
        assert_eq!(parse(&["--lr"]).unwrap_err().0, "--lr needs a value");
        assert_eq!(
            parse(&["--benchmark", "0.5"]).unwrap_err().0,
            "unexpected argument `0.5`: options look like `--name value`"
        );
        // Without the declarations, the word after a name is its value.
        let mut plain = Args::parse(["--benchmark", "--lr"]).unwrap().unwrap();
        assert_eq!(plain.take("--benchmark").as_deref(), Some("--lr"));
    }
}
