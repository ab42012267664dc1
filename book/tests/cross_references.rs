//! Every link between the book's pages resolves: the page exists, and the
//! `#anchor`, if any, is a heading of that page (by mdBook's rule for heading
//! ids), an explicit `{#id}`, an `<a id="…">` or a numbered equation
//! (`\tag{N.k}` gives `eq-N.k`). The browser check tests the built book the
//! same way; this test needs no browser and runs with `cargo test`.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{book_src, id_from_content, read_page, stripped_page};

#[test]
fn every_link_between_pages_resolves() {
    let src = book_src();
    let mut pages = BTreeMap::new();
    for entry in fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let page = read_page(&stripped_page(&name));
            pages.insert(name, page);
        }
    }
    let mut problems = Vec::new();
    let mut checked = 0;
    for (name, page) in &pages {
        for (line, target) in &page.links {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (file, anchor) = match target.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (target.as_str(), None),
            };
            let file = file.strip_suffix(".html").map(|f| format!("{f}.md"));
            let file = file.as_deref().unwrap_or(match target.split_once('#') {
                Some((file, _)) => file,
                None => target.as_str(),
            });
            if file.ends_with(".svg") || file.ends_with(".png") {
                if !src.join(file).is_file() {
                    problems.push(format!("{name}:{line}: {target}: no such figure"));
                }
                continue;
            }
            let page = if file.is_empty() { name.as_str() } else { file };
            checked += 1;
            match pages.get(page) {
                None => problems.push(format!("{name}:{line}: {target}: no page {page}")),
                Some(linked) => {
                    if let Some(anchor) = anchor
                        && !linked.ids.contains_key(anchor)
                    {
                        problems.push(format!(
                            "{name}:{line}: {target}: {page} has no heading or anchor `{anchor}`"
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 0, "the book links its pages to each other");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn heading_ids_follow_mdbook() {
    assert_eq!(
        id_from_content("Walking down the bowl"),
        "walking-down-the-bowl"
    );
    assert_eq!(
        id_from_content("What \"getting close\" means"),
        "what-getting-close-means"
    );
    assert_eq!(
        id_from_content("Batch, stochastic, mini-batch"),
        "batch-stochastic-mini-batch"
    );
    let page = read_page(
        "# A\n\n## Two words\n\n## Two words\n\n$$ x \\tag{2.1} $$\n\n[see](#two-words-1) \
         [there](chapter2.md#eq-2.1)\n",
    );
    let ids = &page.ids;
    assert!(
        ids.contains_key("two-words")
            && ids.contains_key("two-words-1")
            && ids.contains_key("eq-2.1")
    );
    assert_eq!(page.links.len(), 2);
}

/// The text of the section of `markdown` under the heading `id`: from the
/// heading to the next heading of the same or a higher level.
fn section(markdown: &str, id: &str) -> Option<String> {
    let range = read_page(markdown).section(id)?;
    Some(markdown[range.start..range.end.min(markdown.len())].to_string())
}

/// Text as the glossary compares it: lower case, emphasis and code marks
/// dropped, hyphens and dashes as spaces, runs of white space as one.
fn plain(text: &str) -> String {
    text.to_lowercase()
        .replace(['-', '–', '—'], " ")
        .replace(['*', '_', '`'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One entry of the glossary: its term, the link on the term (if it has
/// one), and the entry's whole text.
struct Entry {
    term: String,
    link: Option<String>,
    text: String,
}

fn glossary() -> Vec<Entry> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let markdown = fs::read_to_string(src.join("glossary.md")).expect("book/src/glossary.md");
    let mut entries: Vec<Entry> = Vec::new();
    for line in markdown.lines() {
        if let Some(rest) = line.strip_prefix("- **") {
            let (term, link) = if let Some(linked) = rest.strip_prefix('[') {
                let (term, after) = linked.split_once("](").expect("a link on the term");
                let (target, _) = after.split_once(")**").expect("the link closes the term");
                (term.to_string(), Some(target.to_string()))
            } else {
                let (term, _) = rest.split_once("**").expect("a bold term");
                (term.to_string(), None)
            };
            entries.push(Entry {
                term,
                link,
                text: line.to_string(),
            });
        } else if let Some(entry) = entries.last_mut()
            && line.starts_with("  ")
        {
            entry.text.push('\n');
            entry.text.push_str(line);
        }
    }
    assert!(
        entries.len() >= 40,
        "the glossary has {} entries",
        entries.len()
    );
    entries
}

#[test]
fn every_glossary_term_links_to_a_section_that_teaches_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let entries = glossary();
    let mut problems = Vec::new();
    for entry in &entries {
        let Some(link) = &entry.link else {
            continue;
        };
        let Some((page, anchor)) = link.split_once('#') else {
            problems.push(format!("{}: {link} names no section", entry.term));
            continue;
        };
        if !page.starts_with("chapter") {
            problems.push(format!("{}: {link} is not a chapter", entry.term));
        }
        let Ok(markdown) = fs::read_to_string(src.join(page)) else {
            problems.push(format!("{}: no page {page}", entry.term));
            continue;
        };
        let markdown = harness::quote::strip(&markdown).unwrap();
        match section(&markdown, anchor) {
            None => problems.push(format!("{}: {page} has no section #{anchor}", entry.term)),
            Some(text) => {
                if !plain(&text).contains(&plain(&entry.term)) {
                    problems.push(format!(
                        "{}: the section {page}#{anchor} does not say \"{}\"",
                        entry.term, entry.term
                    ));
                }
            }
        }
    }
    // A term without a link of its own is another name: it links to a term
    // of the glossary, at the same section as that term's entry.
    for entry in entries.iter().filter(|e| e.link.is_none()) {
        let links = read_page(&entry.text).links;
        let resolved = links.iter().any(|(_, target)| {
            entries
                .iter()
                .any(|other| other.link.as_deref() == Some(target.as_str()))
        });
        if !resolved {
            problems.push(format!(
                "{}: another name should link to a term of the glossary where that term is taught",
                entry.term
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_glossary_is_in_alphabetical_order() {
    let terms: Vec<String> = glossary().iter().map(|e| plain(&e.term)).collect();
    let mut sorted = terms.clone();
    sorted.sort();
    assert_eq!(terms, sorted);
}

#[test]
fn a_glossary_term_missing_from_its_section_is_caught() {
    let page = "# Page\n\n## First\n\nThe **learning rate** is here.\n\n### Deeper\n\nA *mini-batch*.\n\n## Second\n\nNothing.\n";
    let first = section(page, "first").unwrap();
    assert!(plain(&first).contains(&plain("learning rate")));
    assert!(plain(&first).contains(&plain("mini–batch")));
    let second = section(page, "second").unwrap();
    assert!(!plain(&second).contains(&plain("learning rate")));
    assert!(section(page, "third").is_none());
}
