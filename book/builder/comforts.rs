//! Reader comforts added by the book's preprocessor, so no chapter has to
//! write them by hand:
//!
//! * [`insert_run_box`]: under the title of every `chapterN.md`, a box with the
//!   command that runs the chapter and a link to the chapter's source in the
//!   repository (the `repository` of the workspace's Cargo.toml);
//! * [`link_figures`]: every image becomes a link to its own file, so a figure
//!   opens full size; a figure with a narrow rendering (`narrow/` beside it)
//!   becomes a `<picture>` that shows the narrow one on small screens, so its
//!   text is as large on a phone as on a desktop. Authors keep writing
//!   `![alt](figures/…svg)`.

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

/// Screens at most this wide get a figure's narrow rendering.
pub const NARROW_SCREEN: &str = "(max-width: 760px)";

/// The narrow rendering of the figure at `dest`: `figures/c/x.svg` →
/// `figures/c/narrow/x.svg` (the layout `harness::plot` writes).
pub fn narrow_figure(dest: &str) -> String {
    match dest.rsplit_once('/') {
        Some((folder, file)) => format!("{folder}/narrow/{file}"),
        None => format!("narrow/{dest}"),
    }
}

fn escape_attribute(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Wraps every image that is not already inside a link in a link to the image
/// file itself: `![alt](f.svg)` becomes `[![alt](f.svg)](<f.svg> "…")`. An
/// image for which `has_narrow(dest)` says there is a narrow rendering
/// becomes, inside the same link, a `<picture>` whose `<source>` is the
/// narrow rendering on screens [`NARROW_SCREEN`].
pub fn link_figures(markdown: &str, has_narrow: impl Fn(&str) -> bool) -> String {
    let mut wrap: Vec<(Range<usize>, String, String)> = Vec::new();
    let mut link_depth = 0usize;
    let mut image: Option<(Range<usize>, String, String)> = None;
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { .. }) => link_depth += 1,
            Event::End(TagEnd::Link) => link_depth = link_depth.saturating_sub(1),
            Event::Start(Tag::Image { dest_url, .. }) if link_depth == 0 => {
                image = Some((range, dest_url.to_string(), String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, _, alt)) = &mut image {
                    alt.push_str(&text);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some(found) = image.take() {
                    wrap.push(found);
                }
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(markdown.len() + wrap.len() * 64);
    let mut copied = 0;
    for (range, dest, alt) in wrap {
        if range.start < copied {
            continue;
        }
        out.push_str(&markdown[copied..range.start]);
        if has_narrow(&dest) {
            out.push_str(&format!(
                "<a href=\"{dest}\" title=\"Open the figure full size\"><picture>\
                 <source media=\"{NARROW_SCREEN}\" srcset=\"{}\">\
                 <img src=\"{dest}\" alt=\"{}\"></picture></a>",
                narrow_figure(&dest),
                escape_attribute(&alt)
            ));
        } else {
            out.push('[');
            out.push_str(&markdown[range.clone()]);
            out.push_str(&format!("](<{dest}> \"Open the figure full size\")"));
        }
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
            link_figures(md, |_| false),
            "Before.\n\n[![A bowl, seen from the side.](figures/chapter1/bowl.svg)]\
             (<figures/chapter1/bowl.svg> \"Open the figure full size\")\n\n*Caption.*\n"
        );
    }

    #[test]
    fn figures_with_a_narrow_rendering_become_pictures() {
        let md = "![Where x < 2 & y > 1.](figures/chapter1/bowl.svg)\n\n*Caption.*\n";
        let out = link_figures(md, |dest| dest == "figures/chapter1/bowl.svg");
        assert_eq!(
            out,
            "<a href=\"figures/chapter1/bowl.svg\" title=\"Open the figure full size\"><picture>\
             <source media=\"(max-width: 760px)\" srcset=\"figures/chapter1/narrow/bowl.svg\">\
             <img src=\"figures/chapter1/bowl.svg\" alt=\"Where x &lt; 2 &amp; y &gt; 1.\">\
             </picture></a>\n\n*Caption.*\n"
        );
    }

    #[test]
    fn images_already_in_links_and_code_are_left_alone() {
        let md = "[![logo](a.svg)](https://example.org)\n\n`![x](y.svg)`\n\n    ![x](y.svg)\n";
        assert_eq!(link_figures(md, |_| true), md);
    }
}
