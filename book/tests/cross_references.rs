//! Every link between the book's pages resolves: the page exists, and the
//! `#anchor`, if any, is a heading of that page (by mdBook's rule for heading
//! ids), an explicit `{#id}`, an `<a id="…">` or a numbered equation
//! (`\tag{N.k}` gives `eq-N.k`). The browser check tests the built book the
//! same way; this test needs no browser and runs with `cargo test`.

mod common;

use std::collections::BTreeMap;
use std::fs;

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
