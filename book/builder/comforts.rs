//! Reader comforts added by the book's preprocessor, so no chapter has to
//! write them by hand:
//!
//! * [`insert_run_box`]: under the title of every `chapterN.md`, a box with the
//!   command that runs the chapter and a link to the chapter's source in the
//!   repository (the `repository` of the workspace's Cargo.toml);
//! * [`link_figures`]: every image becomes a link to its own file, so a figure
//!   opens full size. Authors keep writing `![alt](figures/…svg)`.

use std::ops::Range;

use mdbook_markdown::pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::math::markdown_options;

/// The repository the book's code lives in, from the workspace's Cargo.toml.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// The class of the box [`insert_run_box`] adds (styled in
/// `theme/comforts.css`).
pub const RUN_BOX_CLASS: &str = "chapter-run";

/// `chapter12.md` → `12`.
pub fn chapter_number(file_name: &str) -> Option<&str> {
    let number = file_name.strip_prefix("chapter")?.strip_suffix(".md")?;
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then_some(number)
}

/// The box for chapter `n`: the command that runs it, and its source.
pub fn run_box(n: &str) -> String {
    let repository = REPOSITORY.trim_end_matches('/');
    format!(
        "<div class=\"{RUN_BOX_CLASS}\">\n\n\
         **Run this chapter:** `cargo run --example chapter{n}`<br>\n\
         **Its code:** [chapters/chapter{n}]({repository}/tree/main/chapters/chapter{n}) \
         in the book's repository\n\n\
         </div>\n"
    )
}

/// Puts [`run_box`] right under the chapter's title if `file_name` is a
/// `chapterN.md`; other pages are returned unchanged.
pub fn insert_run_box(markdown: &str, file_name: &str) -> String {
    let Some(n) = chapter_number(file_name) else {
        return markdown.to_string();
    };
    let title_end = Parser::new_ext(markdown, markdown_options())
        .into_offset_iter()
        .find_map(|(event, range)| match event {
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => Some(range.end),
            _ => None,
        });
    let at = title_end.unwrap_or(0);
    let (before, after) = markdown.split_at(at);
    let before = before.trim_end();
    let after = after.trim_start_matches(['\r', '\n']);
    if before.is_empty() {
        format!("{}\n{after}", run_box(n))
    } else {
        format!("{before}\n\n{}\n{after}", run_box(n))
    }
}

/// Wraps every image that is not already inside a link in a link to the image
/// file itself: `![alt](f.svg)` becomes `[![alt](f.svg)](<f.svg> "…")`.
pub fn link_figures(markdown: &str) -> String {
    let mut wrap: Vec<(Range<usize>, String)> = Vec::new();
    let mut link_depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { .. }) => link_depth += 1,
            Event::End(TagEnd::Link) => link_depth = link_depth.saturating_sub(1),
            Event::Start(Tag::Image { dest_url, .. }) if link_depth == 0 => {
                wrap.push((range, dest_url.to_string()));
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(markdown.len() + wrap.len() * 64);
    let mut copied = 0;
    for (range, dest) in wrap {
        if range.start < copied {
            continue;
        }
        out.push_str(&markdown[copied..range.start]);
        out.push('[');
        out.push_str(&markdown[range.clone()]);
        out.push_str(&format!("](<{dest}> \"Open the figure full size\")"));
        copied = range.end;
    }
    out.push_str(&markdown[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_files_are_recognised() {
        assert_eq!(chapter_number("chapter1.md"), Some("1"));
        assert_eq!(chapter_number("chapter12.md"), Some("12"));
        assert_eq!(chapter_number("preface.md"), None);
        assert_eq!(chapter_number("chapter.md"), None);
        assert_eq!(chapter_number("chapter1a.md"), None);
    }

    #[test]
    fn the_run_box_goes_under_the_title() {
        let out = insert_run_box("# Slope\n\nFirst paragraph.\n", "chapter3.md");
        let (title, rest) = out.split_once("\n\n").unwrap();
        assert_eq!(title, "# Slope");
        assert!(rest.starts_with("<div class=\"chapter-run\">\n\n"), "{out}");
        assert!(rest.contains("`cargo run --example chapter3`"), "{out}");
        assert!(
            rest.contains(&format!("({REPOSITORY}/tree/main/chapters/chapter3)")),
            "{out}"
        );
        assert!(out.ends_with("</div>\n\nFirst paragraph.\n"), "{out}");
    }

    #[test]
    fn other_pages_get_no_box() {
        let md = "# Preface\n\nText.\n";
        assert_eq!(insert_run_box(md, "preface.md"), md);
    }

    #[test]
    fn a_chapter_without_a_title_gets_the_box_first() {
        let out = insert_run_box("Text.\n", "chapter2.md");
        assert!(out.starts_with("<div class=\"chapter-run\">"), "{out}");
        assert!(out.ends_with("</div>\n\nText.\n"), "{out}");
    }

    #[test]
    fn images_link_to_their_file() {
        let md =
            "Before.\n\n![A bowl, seen from the side.](figures/chapter1/bowl.svg)\n\n*Caption.*\n";
        assert_eq!(
            link_figures(md),
            "Before.\n\n[![A bowl, seen from the side.](figures/chapter1/bowl.svg)]\
             (<figures/chapter1/bowl.svg> \"Open the figure full size\")\n\n*Caption.*\n"
        );
    }

    #[test]
    fn images_already_in_links_and_code_are_left_alone() {
        let md = "[![logo](a.svg)](https://example.org)\n\n`![x](y.svg)`\n\n    ![x](y.svg)\n";
        assert_eq!(link_figures(md), md);
    }
}
