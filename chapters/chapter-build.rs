//! The build script of every chapter crate (each `Cargo.toml` points here).
//!
//! It tells the compiler whether the reference solutions are present. The
//! repository keeps them in `chapters/chapterN/solutions/`; a student copy
//! made with `cargo run -p exercises -- student-copy DIR` leaves that folder
//! out, and the checks of the solutions are then compiled out with it
//! (`cfg(has_solutions)`).

fn main() {
    println!("cargo::rustc-check-cfg=cfg(has_solutions)");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let solutions = std::path::Path::new(&manifest).join("solutions");
    if solutions.join("exercises.rs").exists() {
        println!("cargo::rustc-cfg=has_solutions");
    }
    // Watch the solutions folder where there is one. Where there is none (a
    // student copy, or a chapter without coding exercises), watch the whole
    // crate instead, which sees the folder appear: a path that does not
    // exist would make cargo rerun this script, and rebuild the crate and
    // everything that depends on it, on every build.
    if solutions.exists() {
        println!("cargo::rerun-if-changed=solutions");
    } else {
        println!("cargo::rerun-if-changed=.");
    }
}
