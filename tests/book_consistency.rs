//! The book is consistent with the code: every listing it includes exists,
//! every figure it shows exists and has alt text and a caption, no figure file
//! is orphaned, and every page is in the table of contents.
//!
//! These tests read files only; building the book is `book/tests/`' job.

use std::fs;
use std::path::{Path, PathBuf};

fn book_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("book/src")
}

/// Every Markdown page of the book, with its text.
fn pages() -> Vec<(PathBuf, String)> {
    let mut pages = Vec::new();
    for entry in fs::read_dir(book_src()).expect("book/src exists") {
        let path = entry.expect("readable directory entry").path();
        if path.extension().is_some_and(|e| e == "md") {
            let text = fs::read_to_string(&path).expect("readable Markdown");
            pages.push((path, text));
        }
    }
    pages.sort();
    assert!(!pages.is_empty(), "the book has pages");
    pages
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// `(line number, alt text, target)` of every Markdown image `![alt](target)`.
fn images(text: &str) -> Vec<(usize, String, String)> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("![") {
            let after = &rest[start + 2..];
            let Some(close) = after.find("](") else { break };
            let alt = after[..close].to_string();
            let target_start = &after[close + 2..];
            let Some(end) = target_start.find(')') else {
                break;
            };
            found.push((number + 1, alt, target_start[..end].to_string()));
            rest = &target_start[end..];
        }
    }
    found
}

#[test]
fn every_figure_shown_exists_and_has_alt_text_and_a_caption() {
    let mut problems = Vec::new();
    for (path, text) in pages() {
        let lines: Vec<&str> = text.lines().collect();
        for (number, alt, target) in images(&text) {
            let file = book_src().join(&target);
            if !file.is_file() {
                problems.push(format!("{}:{number}: {target} does not exist", name(&path)));
            }
            if alt.trim().len() < 20 {
                problems.push(format!(
                    "{}:{number}: the alt text of {target} should describe the figure",
                    name(&path)
                ));
            }
            // The caption is the next non-empty line, in italics.
            let caption = lines[number..].iter().find(|l| !l.trim().is_empty());
            if !caption.is_some_and(|l| l.trim_start().starts_with('*')) {
                problems.push(format!(
                    "{}:{number}: {target} needs an italic caption on the next paragraph",
                    name(&path)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The wide figure a file belongs to: itself, or for a narrow rendering in
/// `…/narrow/name.svg`, the figure `…/name.svg` beside that folder.
fn wide(path: &Path) -> PathBuf {
    match path.parent() {
        Some(folder) if folder.file_name().is_some_and(|n| n == "narrow") => folder
            .parent()
            .expect("a narrow folder sits in a figure folder")
            .join(path.file_name().expect("a file")),
        _ => path.to_path_buf(),
    }
}

#[test]
fn no_figure_file_is_orphaned() {
    let mut shown = Vec::new();
    for (_, text) in pages() {
        for (_, _, target) in images(&text) {
            shown.push(book_src().join(target));
        }
    }
    let mut orphans = Vec::new();
    let figures = book_src().join("figures");
    let mut stack = vec![figures];
    while let Some(directory) = stack.pop() {
        let Ok(entries) = fs::read_dir(&directory) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if !shown.contains(&wide(&path)) {
                orphans.push(path.display().to_string());
            }
        }
    }
    assert!(
        orphans.is_empty(),
        "figure files no page shows:\n{}",
        orphans.join("\n")
    );
}

#[test]
fn every_included_listing_and_anchor_exists() {
    let mut problems = Vec::new();
    let mut count = 0;
    for (path, text) in pages() {
        for (number, line) in text.lines().enumerate() {
            let Some(start) = line.find("{{#include ") else {
                continue;
            };
            count += 1;
            let inner = &line[start + "{{#include ".len()..];
            let Some(end) = inner.find("}}") else {
                problems.push(format!("{}:{}: unclosed include", name(&path), number + 1));
                continue;
            };
            let spec = inner[..end].trim();
            let (file, anchor) = match spec.split_once(':') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (spec, None),
            };
            let target = book_src().join(file);
            let Ok(source) = fs::read_to_string(&target) else {
                problems.push(format!(
                    "{}:{}: {file} does not exist",
                    name(&path),
                    number + 1
                ));
                continue;
            };
            if let Some(anchor) = anchor {
                let open = format!("ANCHOR: {anchor}");
                let close = format!("ANCHOR_END: {anchor}");
                let has = |marker: &str| {
                    source
                        .lines()
                        .any(|l| l.trim_start().trim_start_matches("//").trim() == marker)
                };
                if !has(&open) || !has(&close) {
                    problems.push(format!(
                        "{}:{}: {file} has no anchor `{anchor}` (ANCHOR and ANCHOR_END)",
                        name(&path),
                        number + 1
                    ));
                }
            }
        }
    }
    assert!(count > 0, "the book includes listings from the sources");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_page_is_in_the_table_of_contents() {
    let summary = fs::read_to_string(book_src().join("SUMMARY.md")).expect("SUMMARY.md exists");
    let mut missing = Vec::new();
    for (path, _) in pages() {
        let file = name(&path);
        if file != "SUMMARY.md" && !summary.contains(&format!("({file})")) {
            missing.push(file);
        }
    }
    assert!(missing.is_empty(), "pages not in SUMMARY.md: {missing:?}");
}

#[test]
fn code_is_included_never_pasted() {
    // A ```rust block in the book must consist of includes only.
    let mut problems = Vec::new();
    for (path, text) in pages() {
        let mut in_rust = false;
        for (number, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.starts_with("```rust") {
                in_rust = true;
            } else if trimmed.starts_with("```") {
                in_rust = false;
            } else if in_rust && !trimmed.is_empty() && !trimmed.starts_with("{{#include") {
                problems.push(format!(
                    "{}:{}: Rust code pasted into the book; include it from the sources",
                    name(&path),
                    number + 1
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
