//! Builds the Downhill book.

pub mod math;

pub use math::{MathError, render_math};
