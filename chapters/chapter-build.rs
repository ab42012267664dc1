//! The build script of every chapter crate (each `Cargo.toml` points here).
//!
//! It tells the compiler whether the reference solutions are present. The
//! repository keeps them in `chapters/chapterN/solutions/`; a student copy
//! made with `cargo run -p exercises -- student-copy DIR` leaves that folder
//! out, and the checks of the solutions are then compiled out with it
//! (`cfg(has_solutions)`).

fn main() {
    println!("cargo::rustc-check-cfg=cfg(has_solutions)");
    println!("cargo::rerun-if-changed=solutions");
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    if std::path::Path::new(&manifest)
        .join("solutions/exercises.rs")
        .exists()
    {
        println!("cargo::rustc-cfg=has_solutions");
    }
}
