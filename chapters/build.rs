//! Make the registry's list of chapters from its `Cargo.toml`.
//!
//! Every dependency named `chapterN` is a chapter, and its crate exports the
//! unit struct `ChapterN`. This writes `registry.rs` into `OUT_DIR` with the
//! list `&[&chapter1::Chapter1, &chapter2::Chapter2, …]` in order of `N`,
//! which `src/lib.rs` includes. Adding a chapter to the registry is one line
//! in `Cargo.toml`.

use std::fmt::Write as _;

fn main() {
    println!("cargo::rerun-if-changed=Cargo.toml");
    let manifest = std::fs::read_to_string("Cargo.toml").expect("the registry's Cargo.toml");
    let mut numbers: Vec<u32> = Vec::new();
    for line in manifest.lines() {
        let name = line.split('=').next().unwrap_or("").trim();
        if let Some(number) = name.strip_prefix("chapter")
            && let Ok(number) = number.parse::<u32>()
        {
            numbers.push(number);
        }
    }
    numbers.sort();
    let mut list = String::from("&[\n");
    for n in numbers {
        let _ = writeln!(list, "    &chapter{n}::Chapter{n},");
    }
    list.push(']');
    let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("registry.rs");
    std::fs::write(out, list).expect("OUT_DIR is writable");
}
