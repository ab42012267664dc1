//! The `math` preprocessor: in-process for `cargo run -p book`, and over
//! mdBook's command protocol for an author running `mdbook build book` or
//! `mdbook serve book` (book.toml runs `cargo run --quiet -p book -- preprocess`).
//!
//! Before the math, it replaces every quote marker `{{quote name: text}}` by
//! its text (see `harness::quote`; the kit's check holds each marker to the
//! chapter's run). After the math, it adds the reader comforts of
//! [`crate::comforts`]: the box under each chapter's title and the full-size
//! link of each figure.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{MDBOOK_VERSION, Preprocessor, PreprocessorContext};

use crate::comforts::{insert_run_box, link_figures, narrow_figure};
use crate::math::{MathError, render_math};

/// The name of the preprocessor, as in `[preprocessor.math]` of book.toml.
pub const NAME: &str = "math";

/// Renders `$…$` and `$$…$$` in every chapter to MathML (see [`crate::math`]),
/// then adds the reader comforts (see [`crate::comforts`]).
///
/// Registered under the same name as the command preprocessor in book.toml,
/// it replaces that entry in mdBook's preprocessor table, so the builder never
/// spawns `cargo run` for it.
#[derive(Debug, Clone, Copy, Default)]
pub struct MathPreprocessor;

impl Preprocessor for MathPreprocessor {
    fn name(&self) -> &str {
        NAME
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> anyhow::Result<Book> {
        let src = ctx.root.join(&ctx.config.book.src);
        let mut failure: Option<MathError> = None;
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            if failure.is_some() {
                return;
            }
            let file = match &chapter.source_path {
                Some(path) => shown_path(&src.join(path)),
                None => PathBuf::from(format!("chapter \"{}\"", chapter.name)),
            };
            if let Some(at) = chapter.name.find('$') {
                failure = Some(MathError {
                    file: shown_path(&src.join("SUMMARY.md")),
                    line: 1,
                    formula: chapter.name[at..].to_string(),
                    problem: format!(
                        "math in the title of {} is not rendered in the sidebar; \
                         spell the title out in words",
                        file.display()
                    ),
                });
                return;
            }
            let content = match harness::quote::strip(&chapter.content) {
                Ok(content) => content,
                Err(problems) => {
                    failure = Some(quote_error(&file, &problems[0]));
                    return;
                }
            };
            match render_math(&content, &file) {
                Ok(content) => {
                    let file_name = file
                        .file_name()
                        .map(|name| name.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let has_narrow = |dest: &str| src.join(narrow_figure(dest)).is_file();
                    chapter.content =
                        insert_run_box(&link_figures(&content, has_narrow), &file_name);
                }
                Err(e) => failure = Some(e),
            }
        });
        match failure {
            Some(e) => Err(e.into()),
            None => Ok(book),
        }
    }

    fn supports_renderer(&self, renderer: &str) -> anyhow::Result<bool> {
        Ok(renderer == "html")
    }
}

/// A malformed quote marker as a build error: `problem` reads `line N: …`.
fn quote_error(file: &Path, problem: &str) -> MathError {
    let (line, problem) = problem
        .strip_prefix("line ")
        .and_then(|rest| rest.split_once(": "))
        .and_then(|(line, problem)| Some((line.parse().ok()?, problem)))
        .unwrap_or((1, problem));
    MathError {
        file: file.to_path_buf(),
        line,
        formula: harness::quote::OPEN.trim().to_string(),
        problem: problem.to_string(),
    }
}

/// The path of a chapter file as an author should see it in an error: relative
/// to the workspace root (`book/src/preface.md`) when it lies inside it.
pub fn shown_path(path: &Path) -> PathBuf {
    let workspace = crate::book_root()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    match absolute.strip_prefix(&workspace) {
        Ok(inside) => inside.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

/// What `book preprocess supports <renderer>` answers (both of the book's
/// preprocessors support the same renderers).
pub fn supports(renderer: &str) -> bool {
    MathPreprocessor
        .supports_renderer(renderer)
        .unwrap_or(false)
}

/// mdBook's command protocol for the math preprocessor: reads
/// `[context, book]` as JSON from `input`, writes the processed book as JSON
/// to `output`.
pub fn run_protocol(input: impl Read, output: impl Write) -> anyhow::Result<()> {
    run_protocol_with(&MathPreprocessor, input, output)
}

/// mdBook's command protocol for any of the book's preprocessors.
pub fn run_protocol_with(
    preprocessor: &dyn Preprocessor,
    input: impl Read,
    mut output: impl Write,
) -> anyhow::Result<()> {
    let mut json = Vec::new();
    let mut input = input;
    input
        .read_to_end(&mut json)
        .context("cannot read mdBook's input")?;
    check_mdbook_version(&json)?;
    let (ctx, book) = mdbook_preprocessor::parse_input(json.as_slice())?;
    let book = preprocessor.run(&ctx, book)?;
    serde_json::to_writer(&mut output, &book).context("cannot write the book for mdBook")?;
    output.flush()?;
    Ok(())
}

/// The JSON shapes of mdBook 0.4 and 0.5 differ; say so plainly instead of
/// failing with a serde error.
fn check_mdbook_version(json: &[u8]) -> anyhow::Result<()> {
    let value: serde_json::Value =
        serde_json::from_slice(json).context("mdBook's input is not JSON")?;
    let theirs = value
        .get(0)
        .and_then(|ctx| ctx.get("mdbook_version"))
        .and_then(|v| v.as_str())
        .unwrap_or("unknown");
    let minor = |v: &str| v.split('.').take(2).collect::<Vec<_>>().join(".");
    if minor(theirs) != minor(MDBOOK_VERSION) {
        bail!(
            "this preprocessor speaks mdBook {MDBOOK_VERSION}'s protocol but was run by mdbook \
             {theirs}; use mdbook {} or build with `cargo run -p book`",
            minor(MDBOOK_VERSION)
        );
    }
    Ok(())
}
