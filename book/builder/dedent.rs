//! The `dedent` preprocessor: listings cut from inside a function keep their
//! indentation when mdBook's `{{#include file:anchor}}` pastes them, so a loop
//! from the middle of `descend` would start eight spaces in. This runs after
//! mdBook's `links` preprocessor and removes, in every fenced code block, the
//! indentation all of its lines share beyond the fence's own (a block inside
//! a list item keeps the indentation that puts it there).

use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

/// The name of the preprocessor, as in `[preprocessor.dedent]` of book.toml.
pub const NAME: &str = "dedent";

/// Removes the common extra indentation of fenced code blocks.
#[derive(Debug, Clone, Copy, Default)]
pub struct DedentPreprocessor;

impl Preprocessor for DedentPreprocessor {
    fn name(&self) -> &str {
        NAME
    }

    fn run(&self, _ctx: &PreprocessorContext, mut book: Book) -> anyhow::Result<Book> {
        book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item {
                chapter.content = dedent_code_blocks(&chapter.content);
            }
        });
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> anyhow::Result<bool> {
        Ok(renderer == "html")
    }
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The fence that opens a code block on this line (```` ``` ```` or `~~~`, three or more), if any.
fn fence(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches(' ');
    for marker in ["```", "~~~"] {
        if trimmed.starts_with(marker) {
            let c = marker.as_bytes()[0] as char;
            let length = trimmed.len() - trimmed.trim_start_matches(c).len();
            return Some(&trimmed[..length]);
        }
    }
    None
}

/// Dedent the inside of every fenced code block in `markdown`.
pub fn dedent_code_blocks(markdown: &str) -> String {
    let lines: Vec<&str> = markdown.split('\n').collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let Some(open) = fence(line) else {
            out.push(line.to_string());
            i += 1;
            continue;
        };
        let fence_indent = indentation(line);
        out.push(line.to_string());
        // Find the closing fence: the same character, at least as long.
        let mut end = i + 1;
        while end < lines.len() {
            let candidate = lines[end].trim_start_matches(' ');
            if candidate.starts_with(open)
                && candidate
                    .trim_end()
                    .trim_start_matches(&open[..1])
                    .is_empty()
            {
                break;
            }
            end += 1;
        }
        let body = &lines[i + 1..end];
        let common = body
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| indentation(l))
            .min()
            .unwrap_or(fence_indent);
        let extra = common.saturating_sub(fence_indent);
        for body_line in body {
            if body_line.trim().is_empty() {
                out.push(String::new());
            } else {
                let kept = &body_line[..fence_indent.min(indentation(body_line))];
                out.push(format!("{kept}{}", &body_line[fence_indent + extra..]));
            }
        }
        if end < lines.len() {
            out.push(lines[end].to_string());
        }
        i = end + 1;
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_from_inside_a_function_starts_at_the_margin() {
        let md =
            "Text\n\n```rust\n        for x in xs {\n            y += x;\n        }\n```\n\nMore\n";
        assert_eq!(
            dedent_code_blocks(md),
            "Text\n\n```rust\nfor x in xs {\n    y += x;\n}\n```\n\nMore\n"
        );
    }

    #[test]
    fn a_block_in_a_list_item_keeps_its_place() {
        let md = "1. Step\n\n   ```sh\n   cargo test\n   ```\n";
        assert_eq!(dedent_code_blocks(md), md);
        let deeper = "1. Step\n\n   ```rust\n       let a = 1;\n   ```\n";
        assert_eq!(
            dedent_code_blocks(deeper),
            "1. Step\n\n   ```rust\n   let a = 1;\n   ```\n"
        );
    }

    #[test]
    fn text_outside_fences_and_unindented_blocks_are_unchanged() {
        let md = "    indented paragraph code\n\n```\nfn f() {\n    1\n}\n```\n";
        assert_eq!(dedent_code_blocks(md), md);
    }

    #[test]
    fn a_longer_fence_closes_only_with_its_own_length() {
        let md = "````md\n    ```\n    x\n    ```\n````\n";
        assert_eq!(dedent_code_blocks(md), "````md\n```\nx\n```\n````\n");
    }
}
