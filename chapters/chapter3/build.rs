//! Tell the compiler whether the reference solutions are present.
//!
//! The repository keeps them in `solutions/`; a student copy made with
//! `cargo run -p exercises -- student-copy DIR` leaves that folder out, and
//! the tests that check the solutions are then compiled out with it.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(has_solutions)");
    println!("cargo::rerun-if-changed=solutions");
    if std::path::Path::new("solutions/exercises.rs").exists() {
        println!("cargo::rustc-cfg=has_solutions");
    }
}
