//! The registry of the book's chapters.
//!
//! One list of every chapter, in order, read by the book builder (to
//! regenerate the figures and check the quotes) and by the exercise checker.
//! The list is made from this crate's `Cargo.toml` by `build.rs`: every
//! dependency `chapterN` is chapter `N`. A test checks that the registry, the
//! chapter crates, the book's chapter files and `book/src/SUMMARY.md` agree.

use harness::Chapter;

/// Every chapter of the book, in order.
pub static ALL: &[&(dyn Chapter + Sync)] = include!(concat!(env!("OUT_DIR"), "/registry.rs"));

/// Every chapter of the book, in order.
pub fn all() -> &'static [&'static (dyn Chapter + Sync)] {
    ALL
}

/// Chapter `n`, if the book has it.
pub fn get(n: u32) -> Option<&'static (dyn Chapter + Sync)> {
    ALL.iter().copied().find(|chapter| chapter.number() == n)
}
