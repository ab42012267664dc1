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

/// The ids a page defines, and its links as `(line, target)`.
fn read_page(markdown: &str) -> (HashSet<String>, Vec<(usize, String)>) {
    let mut ids = HashSet::new();
    let mut links = Vec::new();
    let mut heading: Option<(String, Option<String>)> = None;
    let line_of = |offset: usize| markdown[..offset].matches('\n').count() + 1;
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((String::new(), id.map(|id| id.to_string())));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((content, _)) = &mut heading {
                    content.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((content, explicit)) = heading.take() {
                    let id = explicit.unwrap_or_else(|| id_from_content(&content));
                    let mut unique = id.clone();
                    let mut counter = 0;
                    while !ids.insert(unique.clone()) {
                        counter += 1;
                        unique = format!("{id}-{counter}");
                    }
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
    (ids, links)
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
