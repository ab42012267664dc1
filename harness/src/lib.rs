//! `harness`: the book's plumbing, so that a chapter holds only its
//! experiments.
//!
//! The rule between the two crates: `descent` is the numerics the book
//! teaches and knows nothing of the book; everything a chapter needs to be a
//! chapter (its command line, its figures' style and files, its quotes, its
//! exercise checks, the book's paths) lives here.
//!
//! - [`chapter`]: the [`Chapter`] trait, the shared [`main`] and the shared
//!   [`check`].
//! - [`cli`]: options declared once, read with clear errors.
//! - [`format`]: numbers as a reader should see them.
//! - [`quote`]: the run's numbers in the prose, checked where they stand.
//! - [`exercise`]: the coding exercises and their checks.
//! - [`plot`]: the figures' house style, charts, clipping, contours, files.
//! - [`table`]: data sets and traces as CSV.
//! - [`penguins`]: the Palmer penguins, the book's real data set, read from
//!   its committed CSV.
//! - [`paths`]: where the book's files are.

pub mod chapter;
pub mod cli;
pub mod exercise;
pub mod format;
pub mod paths;
pub mod penguins;
pub mod plot;
pub mod quote;
pub mod table;

pub use chapter::{Chapter, Output, Run, Trace, check, help, main, problems, run_cli};
