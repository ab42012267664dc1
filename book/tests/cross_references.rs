//! Every link between the book's pages resolves: the page exists, and the
//! `#anchor`, if any, is a heading of that page (by mdBook's rule for heading
//! ids), an explicit `{#id}`, an `<a id="…">` or a numbered equation
//! (`\tag{N.k}` gives `eq-N.k`). The browser check tests the built book the
//! same way; this test needs no browser and runs with `cargo test`.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::Path;

use book::math::markdown_options;
use mdbook_markdown::pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// mdBook's heading id: lower case, whitespace to `-`, only letters, digits,
/// `_` and `-` kept; a repeated id gets `-1`, `-2`, … (mdbook-html's
/// `id_from_content` and `unique_id`).
fn id_from_content(content: &str) -> String {
    content
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// One heading of a page: its level (1 for `#`), its id, and where it
/// starts in the Markdown.
struct Heading {
    level: usize,
    id: String,
    start: usize,
}

/// The ids a page defines, and its links as `(line, target)`.
fn read_page(markdown: &str) -> (HashSet<String>, Vec<(usize, String)>) {
    let (ids, links, _) = read_page_with_headings(markdown);
    (ids, links)
}

/// [`read_page`], and the page's headings in order.
fn read_page_with_headings(
    markdown: &str,
) -> (HashSet<String>, Vec<(usize, String)>, Vec<Heading>) {
    let mut ids = HashSet::new();
    let mut links = Vec::new();
    let mut headings = Vec::new();
    let mut heading: Option<(String, Option<String>, usize, usize)> = None;
    let line_of = |offset: usize| markdown[..offset].matches('\n').count() + 1;
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { id, level, .. }) => {
                heading = Some((
                    String::new(),
                    id.map(|id| id.to_string()),
                    level as usize,
                    range.start,
                ));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((content, ..)) = &mut heading {
                    content.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((content, explicit, level, start)) = heading.take() {
                    let id = explicit.unwrap_or_else(|| id_from_content(&content));
                    let mut unique = id.clone();
                    let mut counter = 0;
                    while !ids.insert(unique.clone()) {
                        counter += 1;
                        unique = format!("{id}-{counter}");
                    }
                    headings.push(Heading {
                        level,
                        id: unique,
                        start,
                    });
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                links.push((line_of(range.start), dest_url.to_string()));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for part in html.split("id=\"").skip(1) {
                    if let Some(end) = part.find('"') {
                        ids.insert(part[..end].to_string());
                    }
                }
            }
            _ => {}
        }
    }
    for part in markdown.split("\\tag{").skip(1) {
        if let Some(end) = part.find('}') {
            ids.insert(format!("eq-{}", &part[..end]));
        }
    }
    (ids, links, headings)
}

#[test]
fn every_link_between_pages_resolves() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut pages = BTreeMap::new();
    for entry in fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let markdown = harness::quote::strip(&fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|problems| panic!("{name}: {problems:?}"));
            pages.insert(name, read_page(&markdown));
        }
    }
    let mut problems = Vec::new();
    let mut checked = 0;
    for (name, (_, links)) in &pages {
        for (line, target) in links {
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
                Some((target_ids, _)) => {
                    if let Some(anchor) = anchor
                        && !target_ids.contains(anchor)
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
    let (ids, links) = read_page(
        "# A\n\n## Two words\n\n## Two words\n\n$$ x \\tag{2.1} $$\n\n[see](#two-words-1) \
         [there](chapter2.md#eq-2.1)\n",
    );
    assert!(ids.contains("two-words") && ids.contains("two-words-1") && ids.contains("eq-2.1"));
    assert_eq!(links.len(), 2);
}

/// The text of the section of `markdown` under the heading `id`: from the
/// heading to the next heading of the same or a higher level.
fn section(markdown: &str, id: &str) -> Option<String> {
    let (_, _, headings) = read_page_with_headings(markdown);
    let index = headings.iter().position(|h| h.id == id)?;
    let heading = &headings[index];
    let end = headings[index + 1..]
        .iter()
        .find(|h| h.level <= heading.level)
        .map_or(markdown.len(), |h| h.start);
    Some(markdown[heading.start..end].to_string())
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
        let (_, links) = read_page(&entry.text);
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
