//! Reference solutions to chapter 1's exercises.
//!
//! `cargo test` checks these against the same checks readers face. A student
//! copy of the repository (`cargo run -p exercises -- student-copy DIR`)
//! leaves this folder out.

pub fn secant_slope(f: fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x)) / h
}

pub fn central_slope(f: fn(f64) -> f64, x: f64, h: f64) -> f64 {
    (f(x + h) - f(x - h)) / (2.0 * h)
}

pub fn walk_down(x0: f64, eta: f64, steps: usize) -> Vec<f64> {
    let mut xs = vec![x0];
    let mut x = x0;
    for _ in 0..steps {
        x -= eta * 2.0 * x;
        xs.push(x);
    }
    xs
}

pub fn steps_until_flat(x0: f64, eta: f64, tolerance: f64, max_steps: usize) -> Option<usize> {
    let mut x = x0;
    for step in 0..=max_steps {
        if (2.0 * x).abs() <= tolerance {
            return Some(step);
        }
        x -= eta * 2.0 * x;
    }
    None
}
