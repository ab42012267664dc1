//! Whole builds: the real book, and small books made for one check each.
//! Everything is written under cargo's per-package temporary directory in
//! `target/`, never into the source tree.

use std::fs;
use std::path::{Path, PathBuf};

/// A fresh, empty directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if dir.exists() {
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes a small book: `files` are (path under the book root, contents).
fn small_book(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let root = scratch(name).join("book");
    for (path, contents) in files {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }
    root
}

/// book.toml of the small books: the same math preprocessor entry as the real
/// book, but with a command that cannot run, so any attempt to spawn it fails.
const BOOK_TOML: &str = r#"
[book]
title = "Small"

[build]
build-dir = "out"

[preprocessor.math]
command = "./no-such-command preprocess"
before = ["links"]
"#;

#[test]
fn the_real_book_builds_cleanly() {
    let dest = scratch("real-book").join("html");
    let built = book::build_html(&book::book_root(), Some(&dest))
        .unwrap_or_else(|f| panic!("{}\n{:?}", book::one_line(&f.error), f.warnings));
    assert_eq!(built.dest, dest);
    assert!(built.warnings.is_empty(), "warnings: {:#?}", built.warnings);
    assert_eq!(book::check_output(&dest).unwrap(), Vec::<String>::new());

    let preface = fs::read_to_string(dest.join("preface.html")).unwrap();
    assert!(preface.contains("<math display=\"inline\">"), "{preface}");
    assert!(preface.contains("<math display=\"block\">"), "{preface}");
    assert!(!preface.contains('$'), "a dollar sign survived: {preface}");

    let search_index = fs::read_dir(&dest)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with("searchindex") && name.ends_with(".js"));
    assert!(
        search_index.is_some(),
        "no search index in {}",
        dest.display()
    );

    // The reader comforts and the bundled math font.
    let chapter1 = fs::read_to_string(dest.join("chapter1.html")).unwrap();
    assert_eq!(chapter1.matches("class=\"chapter-run\"").count(), 1);
    assert!(chapter1.contains("cargo run --example chapter1"));
    assert!(chapter1.contains("/tree/main/chapters/chapter1\""));
    assert!(
        chapter1.contains("<a href=\"figures/chapter1/descent-steps.svg\""),
        "figures should link to their SVG"
    );
    assert!(chapter1.contains("id=\"eq-1.1\""));
    assert!(!preface.contains("chapter-run"));
    assert!(dest.join("theme/latinmodern-math.woff2").is_file());
    assert!(dest.join("theme/GUST-FONT-LICENSE.txt").is_file());

    // Nothing was written into the book's own build directory by this test.
    assert!(!dest.starts_with(book::book_root()));
}

#[test]
fn the_repository_link_has_one_source() {
    let book_toml = fs::read_to_string(book::book_root().join("book.toml")).unwrap();
    let line = format!("git-repository-url = \"{}\"", book::comforts::REPOSITORY);
    assert!(
        book_toml.contains(&line),
        "book.toml should say {line}, as the workspace's Cargo.toml does"
    );
}

#[test]
fn the_command_preprocessor_is_replaced_not_spawned() {
    let root = small_book(
        "not-spawned",
        &[
            ("book.toml", BOOK_TOML),
            ("src/SUMMARY.md", "[Intro](intro.md)\n"),
            ("src/intro.md", "# Intro\n\nThe slope $f'(x)$.\n"),
        ],
    );
    // Control: plain mdBook does try to run the command, and fails.
    let plain = mdbook_driver::MDBook::load(&root).unwrap().build();
    let plain = format!(
        "{:#}",
        plain.expect_err("the bogus command should have failed")
    );
    assert!(
        plain.contains("Unable to run the preprocessor `math`"),
        "{plain}"
    );

    let built = book::build_html(&root, None).unwrap_or_else(|f| panic!("{:#}", f.error));
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
    assert_eq!(built.dest, root.join("out"));
    let html = fs::read_to_string(root.join("out/intro.html")).unwrap();
    assert!(html.contains("<math"), "{html}");
}

#[test]
fn an_unknown_command_fails_with_file_line_and_formula() {
    let root = small_book(
        "unknown-command",
        &[
            ("book.toml", BOOK_TOML),
            ("src/SUMMARY.md", "[Intro](intro.md)\n"),
            (
                "src/intro.md",
                "# Intro\n\nFine $x$ here.\n\nBut $\\foo{x}$ is not.\n",
            ),
        ],
    );
    let failed = book::build_html(&root, None).unwrap_err();
    let message = book::one_line(&failed.error);
    assert!(message.contains("intro.md:5: "), "{message}");
    assert!(message.contains("`\\foo{x}`"), "{message}");
    assert!(!message.contains('\n'), "{message}");

    let whole = book::build(&root, None).unwrap_err().to_string();
    assert_eq!(whole, message);
}

#[test]
fn includes_in_code_blocks_are_left_to_mdbook() {
    let root = small_book(
        "include",
        &[
            ("book.toml", BOOK_TOML),
            ("src/SUMMARY.md", "[Code](code.md)\n"),
            (
                "src/code.md",
                "# Code\n\nMath $a_1$ and `$not$`.\n\n```rust\n{{#include snippet.rs}}\n```\n",
            ),
            (
                "src/snippet.rs",
                "macro_rules! twice {\n    ($x:expr) => { $x * $x };\n}\n",
            ),
        ],
    );
    let dest = book::build(&root, None).unwrap_or_else(|e| panic!("{e:#}"));
    let html = fs::read_to_string(dest.join("code.html")).unwrap();
    assert!(html.contains("<math"), "{html}");
    assert!(html.contains("<code>$not$</code>"), "{html}");
    assert!(html.contains("$x"), "{html}");
    assert!(!html.contains("{{#include"), "{html}");
}

#[test]
fn mdbook_warnings_are_collected_and_fail_the_build() {
    let root = small_book(
        "warning",
        &[
            ("book.toml", BOOK_TOML),
            ("src/SUMMARY.md", "[Intro](intro.md)\n"),
            (
                "src/intro.md",
                "# Intro\n\nText.\n\n[^unused]: A footnote nobody cites.\n",
            ),
        ],
    );
    let built = book::build_html(&root, None).unwrap_or_else(|f| panic!("{:#}", f.error));
    assert_eq!(built.warnings.len(), 1, "{:?}", built.warnings);
    assert!(built.warnings[0].contains("unused"), "{:?}", built.warnings);

    let error = book::build(&root, None).unwrap_err().to_string();
    assert!(error.contains("footnote `unused`"), "{error}");
    assert!(error.contains("1 warning(s)"), "{error}");
}

#[test]
fn merror_and_unresolved_includes_in_html_are_found() {
    let dir = scratch("check-output");
    fs::create_dir_all(dir.join("sub")).unwrap();
    fs::write(dir.join("ok.html"), "<p>fine</p>\n").unwrap();
    fs::write(
        dir.join("sub/bad.html"),
        "<p>a</p>\n<math><merror/></math>\n{{#include x.rs}}\n",
    )
    .unwrap();
    let problems = book::check_output(&dir).unwrap();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].ends_with("bad.html:2: the HTML contains `<merror`"));
    assert!(problems[1].ends_with("bad.html:3: the HTML contains `{{#include`"));
}
