//! Reading the book's Markdown pages the way mdBook does, for the tests that
//! check the pages against each other (`cross_references.rs`,
//! `notation.rs`). Each test file uses a part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use book::math::markdown_options;
use mdbook_markdown::pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// mdBook's heading id: lower case, whitespace to `-`, only letters, digits,
/// `_` and `-` kept; a repeated id gets `-1`, `-2`, … (mdbook-html's
/// `id_from_content` and `unique_id`).
pub fn id_from_content(content: &str) -> String {
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

/// A formula of a page: its LaTeX, where it starts and on which line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Math {
    pub offset: usize,
    pub line: usize,
    pub tex: String,
}

/// What the tests need of one page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Every id a link can point to, with the byte offset where it is
    /// defined: the headings (by mdBook's rule, or an explicit `{#id}`), the
    /// `<a id="…">` and the numbered equations (`\tag{N.k}` gives `eq-N.k`).
    pub ids: HashMap<String, usize>,
    /// The byte offsets where headings start, in order.
    pub headings: Vec<usize>,
    /// The level of each of those headings (1 for `#`).
    pub levels: Vec<usize>,
    /// The links, as `(line, target)`.
    pub links: Vec<(usize, String)>,
    /// The formulas, `$…$` and `$$…$$`, outside code, in order.
    pub math: Vec<Math>,
}

impl Page {
    /// The byte range of the section under the heading `id`: from the
    /// heading to the next heading of the same or a higher level, so its
    /// subsections are part of it. `None` if no heading has that id.
    pub fn section(&self, id: &str) -> Option<std::ops::Range<usize>> {
        let start = *self.ids.get(id)?;
        let index = self.headings.iter().position(|&h| h == start)?;
        let level = self.levels[index];
        let end = (index + 1..self.headings.len())
            .find(|&j| self.levels[j] <= level)
            .map_or(usize::MAX, |j| self.headings[j]);
        Some(start..end)
    }

    /// The formulas of the section that `id` starts: from where `id` is
    /// defined to the next heading. `None` if the page has no such id.
    pub fn section_math(&self, id: &str) -> Option<Vec<&Math>> {
        let start = *self.ids.get(id)?;
        let end = self
            .headings
            .iter()
            .copied()
            .find(|&h| h > start)
            .unwrap_or(usize::MAX);
        Some(
            self.math
                .iter()
                .filter(|m| m.offset >= start && m.offset < end)
                .collect(),
        )
    }
}

/// Reads a page's Markdown (with its quote markers already stripped).
pub fn read_page(markdown: &str) -> Page {
    let mut page = Page::default();
    let mut heading: Option<(usize, String, Option<String>)> = None;
    let line_of = |offset: usize| markdown[..offset].matches('\n').count() + 1;
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { id, level, .. }) => {
                page.headings.push(range.start);
                page.levels.push(level as usize);
                heading = Some((range.start, String::new(), id.map(|id| id.to_string())));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, content, _)) = &mut heading {
                    content.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, content, explicit)) = heading.take() {
                    let id = explicit.unwrap_or_else(|| id_from_content(&content));
                    let mut unique = id.clone();
                    let mut counter = 0;
                    while page.ids.contains_key(&unique) {
                        counter += 1;
                        unique = format!("{id}-{counter}");
                    }
                    page.ids.insert(unique, start);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                page.links
                    .push((line_of(range.start), dest_url.to_string()));
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for part in html.split("id=\"").skip(1) {
                    if let Some(end) = part.find('"') {
                        page.ids
                            .entry(part[..end].to_string())
                            .or_insert(range.start);
                    }
                }
            }
            Event::InlineMath(tex) | Event::DisplayMath(tex) => {
                // A numbered equation's anchor is where the equation starts.
                for (at, _) in tex.match_indices("\\tag{") {
                    let rest = &tex[at + "\\tag{".len()..];
                    if let Some(end) = rest.find('}') {
                        page.ids
                            .entry(format!("eq-{}", &rest[..end]))
                            .or_insert(range.start);
                    }
                }
                page.math.push(Math {
                    offset: range.start,
                    line: line_of(range.start),
                    tex: tex.to_string(),
                });
            }
            _ => {}
        }
    }
    for (at, _) in markdown.match_indices("\\tag{") {
        let rest = &markdown[at + "\\tag{".len()..];
        if let Some(end) = rest.find('}') {
            page.ids.entry(format!("eq-{}", &rest[..end])).or_insert(at);
        }
    }
    page
}

/// The book's Markdown sources, `book/src/`.
pub fn book_src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// A page of `book/src/` with its quote markers replaced by their texts.
pub fn stripped_page(name: &str) -> String {
    let text = fs::read_to_string(book_src().join(name)).unwrap();
    harness::quote::strip(&text).unwrap_or_else(|problems| panic!("{name}: {problems:?}"))
}

/// The pages that `SUMMARY.md` lists, in its order (the reading order).
pub fn summary_order(summary: &str) -> Vec<String> {
    let mut pages = Vec::new();
    for event in Parser::new_ext(summary, markdown_options()) {
        if let Event::Start(Tag::Link { dest_url, .. }) = event
            && !dest_url.is_empty()
            && !pages.iter().any(|p| p == dest_url.as_ref())
        {
            pages.push(dest_url.to_string());
        }
    }
    pages
}
