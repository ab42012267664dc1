//! The `book preprocess` command, as `mdbook build book` runs it.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::config::Config;

fn book_bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_book"))
}

#[test]
fn supports_html_only() {
    let status = |renderer: &str| {
        book_bin()
            .args(["preprocess", "supports", renderer])
            .status()
            .unwrap()
            .code()
    };
    assert_eq!(status("html"), Some(0));
    assert_eq!(status("markdown"), Some(1));
}

fn run(chapter: &str) -> std::process::Output {
    let ctx = PreprocessorContext::new(
        PathBuf::from("/nowhere/book"),
        Config::default(),
        "html".to_string(),
    );
    let mut book = Book::new();
    book.push_item(Chapter::new(
        "One",
        chapter.to_string(),
        "one.md",
        Vec::new(),
    ));
    let input = serde_json::to_vec(&(&ctx, &book)).unwrap();
    let mut child = book_bin()
        .arg("preprocess")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn json_in_json_out() {
    let output = run("# One\n\nThe slope $f'(x)$, a \\$ and `$code$`.\n");
    assert!(output.status.success(), "{output:?}");
    let book: Book = serde_json::from_slice(&output.stdout).unwrap();
    let Some(BookItem::Chapter(chapter)) = book.items.first() else {
        panic!("no chapter in {book:?}");
    };
    assert!(chapter.content.contains("<math"), "{}", chapter.content);
    assert!(
        chapter.content.contains("a \\$ and `$code$`."),
        "{}",
        chapter.content
    );
}

#[test]
fn errors_are_one_line_on_stderr() {
    let output = run("# One\n\n$\\foo{x}$\n");
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("one.md:3: "), "{stderr}");
    assert!(stderr.contains("\\foo{x}"), "{stderr}");
}

#[test]
fn other_mdbook_versions_are_told_plainly() {
    let input = br#"[{"root":"/x","config":{},"renderer":"html","mdbook_version":"0.4.40"},{"sections":[]}]"#;
    let mut child = book_bin()
        .arg("preprocess")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("mdbook 0.4.40"), "{stderr}");
}
