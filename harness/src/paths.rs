//! Where the book's files are, and where a reader's own runs write theirs.
//!
//! Everything is found from the repository's root, whatever directory cargo
//! was started from.

use std::path::{Path, PathBuf};

/// The repository's root: the `harness` crate sits one level below it.
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("harness/ sits one level below the repository root")
        .to_path_buf()
}

/// `book/src/chapterN.md`: chapter `n`'s text.
pub fn chapter_markdown(n: u32) -> PathBuf {
    repository_root().join(format!("book/src/chapter{n}.md"))
}

/// `book/src/NAME`: a page of the book, such as an appendix.
pub fn book_page(name: &str) -> PathBuf {
    repository_root().join("book/src").join(name)
}

/// `book/src/figures/chapterN/`: where the book's run writes chapter `n`'s figures.
pub fn book_figures(n: u32) -> PathBuf {
    repository_root().join(format!("book/src/figures/chapter{n}"))
}

/// `target/downhill/chapterN/`: where a reader's own run of chapter `n`
/// writes its figures, away from the book's.
pub fn readers_figures(n: u32) -> PathBuf {
    repository_root().join(format!("target/downhill/chapter{n}"))
}

/// `chapters/chapterN/src/exercises.rs`: the file a reader edits.
pub fn exercises_file(n: u32) -> PathBuf {
    repository_root().join(format!("chapters/chapter{n}/src/exercises.rs"))
}

/// `path` as a reader should see it: relative to the repository's root when
/// it lies inside it.
pub fn shown(path: &Path) -> String {
    path.strip_prefix(repository_root())
        .unwrap_or(path)
        .display()
        .to_string()
}
