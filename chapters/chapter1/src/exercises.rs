//! Chapter 1 exercises: write these functions.
//!
//! Each function below says what to do in its doc comment and starts as
//! `todo!()`. Replace the `todo!()` with your code, then check your work:
//!
//! ```sh
//! cargo run -p exercises -- 1
//! ```
//!
//! The checker runs each function on cases whose answers it knows and tells
//! you, for each exercise, "passed", "not yet" (still `todo!()`) or "failed",
//! with what it expected, what it got, and a hint.
//!
//! Write each function yourself from the chapter's formulas. The `descent`
//! library has its own versions of some of them (`forward_difference`,
//! `central_difference`, the loop `descend`): an answer that calls one passes
//! the numbers but is reported as "uses the library's own answer".

// The parameters are unused until you write the bodies.
#![allow(unused_variables)]

/// Exercise 1.1 ★ — the forward difference.
///
/// Return the slope of the secant of `f` through `x` and `x + h`:
/// rise over run. (The chapter's section "Derivatives by computer".)
pub fn secant_slope(f: fn(f64) -> f64, x: f64, h: f64) -> f64 {
    todo!("exercise 1.1: the secant slope (f(x + h) − f(x)) / h")
}

/// Exercise 1.2 ★ — the central difference.
///
/// Return the slope of the secant of `f` through `x − h` and `x + h`.
pub fn central_slope(f: fn(f64) -> f64, x: f64, h: f64) -> f64 {
    todo!("exercise 1.2: the central difference")
}

/// Exercise 1.3 ★★ — a walk down the bowl.
///
/// Run gradient descent on `f(x) = x²` (so `f′(x) = 2x`) from `x0` with
/// learning rate `eta` for `steps` steps. Return every point visited,
/// starting with `x0`: a vector of `steps + 1` numbers.
pub fn walk_down(x0: f64, eta: f64, steps: usize) -> Vec<f64> {
    todo!("exercise 1.3: gradient descent on f(x) = x²")
}

/// Exercise 1.4 ★★★ — a stopping rule.
///
/// Run gradient descent on `f(x) = x²` from `x0` with learning rate `eta`
/// and return how many steps it takes until the slope is small:
/// `|f′(x)| ≤ tolerance`. If the starting point is already that flat, the
/// answer is `Some(0)`. If the rule has not fired after `max_steps` steps,
/// return `None`.
pub fn steps_until_flat(x0: f64, eta: f64, tolerance: f64, max_steps: usize) -> Option<usize> {
    todo!("exercise 1.4: count steps until |f′(x)| ≤ tolerance")
}
