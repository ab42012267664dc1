//! Builds the Downhill book.
//!
//! `cargo run -p book` calls [`build_book`]: it regenerates the figures
//! ([`regenerate_figures`]), renders the book with mdBook 0.5 used as a
//! library (math turned into MathML by [`MathPreprocessor`]), fails on any
//! warning mdBook logs ([`collect_warnings`]) and checks the HTML it wrote
//! ([`check_output`]).
//!
//! The pieces are public so tests (and `book preprocess`, the command form of
//! the math preprocessor that book.toml declares for `mdbook serve`) can use
//! them one at a time.

pub mod comforts;
pub mod dedent;
pub mod linebreak;
pub mod math;
pub mod preprocessor;
pub mod warnings;

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::Context;
use mdbook_driver::MDBook;
use mdbook_driver::config::Config;

use harness::plot::write_figures;
pub use math::{MathError, render_math};

pub use dedent::DedentPreprocessor;
pub use preprocessor::MathPreprocessor;
pub use warnings::collect_warnings;

/// The book's root directory (the one holding book.toml), wherever cargo was
/// run from.
pub fn book_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Regenerates the book's figures (SVG files under `book_src/figures/`) and
/// returns the paths it wrote, after checking that every chapter's text
/// (with the pages it owns, such as an appendix) quotes its run's numbers
/// exactly.
///
/// Each chapter in the registry (`chapters::all()`) draws its figures from
/// its own experiments, exactly as `cargo run --example chapterN` does, so
/// the book never shows a stale figure. (The kit's check in every chapter's
/// tests catches a figure that was not regenerated and committed.)
pub fn regenerate_figures(book_src: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let figures = book_src.join("figures");
    let mut written = Vec::new();
    let mut problems = Vec::new();
    for chapter in chapters::all() {
        let n = chapter.number();
        let run = chapter.book_run();
        written.extend(write_figures(
            &figures.join(format!("chapter{n}")),
            &run.figures,
        )?);
        // The chapter's page and the pages it owns (an appendix) that quote its run.
        let mut pages = Vec::new();
        let names = std::iter::once(format!("chapter{n}.md"))
            .chain(chapter.quoting_pages().iter().map(|page| page.to_string()));
        for name in names {
            let path = book_src.join(&name);
            let markdown = fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            pages.push((format!("book/src/{name}"), markdown));
        }
        problems.extend(harness::quote::check_pages(&pages, &run.quotes));
    }
    if !problems.is_empty() {
        anyhow::bail!(problems.join("\n"));
    }
    Ok(written)
}

/// A finished HTML build.
#[derive(Debug)]
pub struct Built {
    /// The directory holding `index.html`.
    pub dest: PathBuf,
    /// Every warning mdBook logged while building (empty for a clean build).
    pub warnings: Vec<String>,
}

/// A failed HTML build, with whatever mdBook warned about before it failed.
#[derive(Debug)]
pub struct Failed {
    /// Why it failed; [`one_line`] shows it as one line.
    pub error: anyhow::Error,
    /// Every warning mdBook logged before it failed.
    pub warnings: Vec<String>,
}

/// Renders the book at `root` to HTML, into `dest` if given (otherwise into
/// the `build-dir` of book.toml), and returns the warnings mdBook logged.
///
/// Warnings do not make this fail; [`build`] does that. The math preprocessor
/// runs in process: it takes the place of the command preprocessor that
/// book.toml declares under the same name, so no `cargo run` is spawned.
pub fn build_html(root: &Path, dest: Option<&Path>) -> Result<Built, Failed> {
    let (result, warnings) = collect_warnings(|| -> anyhow::Result<PathBuf> {
        let book_toml = root.join("book.toml");
        let mut config = Config::from_disk(&book_toml)
            .with_context(|| format!("cannot read {}", book_toml.display()))?;
        config.update_from_env()?;
        if let Some(dest) = dest {
            config.build.build_dir = dest.to_path_buf();
        }
        let mut book = MDBook::load_with_config(root, config)?;
        book.with_preprocessor(MathPreprocessor);
        book.with_preprocessor(DedentPreprocessor);
        let dest = book.build_dir_for("html");
        book.build()?;
        copy_theme_files(&root.join("theme"), &dest.join("theme"))?;
        Ok(dest)
    });
    match result {
        Ok(dest) => Ok(Built { dest, warnings }),
        Err(error) => Err(Failed { error, warnings }),
    }
}

/// Copies the files of the book's theme directory that mdBook does not copy
/// itself (the bundled math font and its license; mdBook copies only the CSS
/// listed in book.toml) into the output's `theme/`, beside `math.css`, which
/// refers to the font by a relative URL.
///
/// `mdbook serve` does not run this: there formulas fall back to the
/// reader's own math fonts.
pub fn copy_theme_files(theme: &Path, dest: &Path) -> anyhow::Result<()> {
    if !theme.is_dir() {
        return Ok(());
    }
    for entry in fs::read_dir(theme).with_context(|| format!("cannot list {}", theme.display()))? {
        let path = entry?.path();
        let copied = path.extension().is_some_and(|e| e == "woff2" || e == "txt");
        if path.is_file() && copied {
            fs::create_dir_all(dest)?;
            let to = dest.join(path.file_name().unwrap_or_default());
            fs::copy(&path, &to)
                .with_context(|| format!("cannot copy {} to {}", path.display(), to.display()))?;
        }
    }
    Ok(())
}

/// Checks the HTML files under `dest`: no `<merror` (a formula pulldown-latex
/// could not render) and no `{{#include` (an include mdBook did not resolve).
/// Returns one `file:line: problem` string per finding.
pub fn check_output(dest: &Path) -> anyhow::Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut pages = Vec::new();
    html_files(dest, &mut pages)?;
    pages.sort();
    for page in pages {
        let html =
            fs::read_to_string(&page).with_context(|| format!("cannot read {}", page.display()))?;
        for (n, line) in html.lines().enumerate() {
            for needle in ["<merror", "{{#include"] {
                if line.contains(needle) {
                    problems.push(format!(
                        "{}:{}: the HTML contains `{needle}`",
                        page.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    Ok(problems)
}

fn html_files(dir: &Path, found: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            html_files(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
    Ok(())
}

/// `cargo run -p book`: regenerates the figures, then [`build`]s the real
/// book into book.toml's `build-dir` (`book/build/`). Returns the figures
/// written and the output directory.
pub fn build_book() -> anyhow::Result<(Vec<PathBuf>, PathBuf)> {
    let root = book_root();
    let figures = regenerate_figures(&root.join("src"))
        .map_err(|e| anyhow::anyhow!("regenerating figures failed: {}", one_line(&e)))?;
    let dest = build(&root, None)?;
    Ok((figures, dest))
}

/// The HTML build with every check: [`build_html`] into `dest` (or book.toml's
/// `build-dir`), then [`check_output`]. Any warning or finding is an error,
/// one per line. Returns the output directory.
pub fn build(root: &Path, dest: Option<&Path>) -> anyhow::Result<PathBuf> {
    let built = match build_html(root, dest) {
        Ok(built) => built,
        Err(Failed { error, warnings }) => {
            let mut lines = warnings;
            lines.push(one_line(&error));
            anyhow::bail!(lines.join("\n"));
        }
    };
    if !built.warnings.is_empty() {
        let mut lines = built.warnings;
        lines.push(format!(
            "the book built with {} warning(s); fix them (warnings fail the build)",
            lines.len()
        ));
        anyhow::bail!(lines.join("\n"));
    }
    let problems = check_output(&built.dest)?;
    if !problems.is_empty() {
        anyhow::bail!(problems.join("\n"));
    }
    Ok(built.dest)
}

/// An error as one line: a math error as `file:line: problem in `formula``,
/// anything else as its chain of causes joined by `: `.
pub fn one_line(error: &anyhow::Error) -> String {
    if let Some(math) = error.chain().find_map(|e| e.downcast_ref::<MathError>()) {
        return math.to_string();
    }
    format!("{error:#}")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
