//! The table of contents is told the same way everywhere: the preface's
//! "What is coming" links every page of `SUMMARY.md` after the preface, in
//! order and under the same titles, and the README links the same pages
//! under the same titles.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("book/ sits one level below the repository root")
        .to_path_buf()
}

/// Every `[title](target)` in `text`, in order.
fn links(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find("](") else {
            break;
        };
        let title = &after[..close];
        let target_start = &after[close + 2..];
        let Some(end) = target_start.find(')') else {
            break;
        };
        if !title.contains('[') {
            found.push((
                title.split_whitespace().collect::<Vec<_>>().join(" "),
                target_start[..end].to_string(),
            ));
        }
        rest = &target_start[end..];
    }
    found
}

/// The text under the heading `## {title}` of `text`, up to the next `## `.
fn section<'a>(text: &'a str, title: &str) -> &'a str {
    let start = text
        .find(&format!("\n## {title}\n"))
        .unwrap_or_else(|| panic!("no section `## {title}`"));
    let rest = &text[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    &rest[..end]
}

/// The pages of `SUMMARY.md` after the preface, as `(title, file)`.
fn summary() -> Vec<(String, String)> {
    let text = fs::read_to_string(root().join("book/src/SUMMARY.md")).unwrap();
    let entries: Vec<(String, String)> = links(&text)
        .into_iter()
        .filter(|(_, file)| file != "preface.md")
        .collect();
    assert!(
        entries.iter().any(|(_, f)| f == "chapter1.md") && entries.len() > 3,
        "{entries:?}"
    );
    entries
}

#[test]
fn what_is_coming_is_the_table_of_contents() {
    let preface = fs::read_to_string(root().join("book/src/preface.md")).unwrap();
    let listed = links(section(&preface, "What is coming"));
    assert_eq!(
        listed,
        summary(),
        "the preface's \"What is coming\" should link every page of SUMMARY.md after the preface, in order, under its title"
    );
}

#[test]
fn the_readme_lists_the_whole_book() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let listed: Vec<(String, String)> = section(&readme, "The book")
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            let item = match line.strip_prefix("- ") {
                Some(item) => item,
                None => {
                    let (number, item) = line.split_once(". ")?;
                    if !number.chars().all(|c| c.is_ascii_digit()) {
                        return None;
                    }
                    item
                }
            };
            Some(links(item).into_iter().next().unwrap_or_else(|| {
                panic!("the README's \"The book\" lists `{item}` without a link to its page")
            }))
        })
        .collect();
    let pages: Vec<(String, String)> = summary()
        .into_iter()
        .map(|(title, file)| (title, format!("book/src/{file}")))
        .collect();
    assert_eq!(
        listed, pages,
        "the README's \"The book\" should link every page of SUMMARY.md after the preface, in order, under its title"
    );
    for (_, target) in &listed {
        assert!(root().join(target).is_file(), "{target}");
    }
}
