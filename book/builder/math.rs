//! Math at build time: `$…$` and `$$…$$` in chapter Markdown become MathML.
//!
//! The conversion runs on the Markdown source, before mdBook's renderer sees
//! it, so LaTeX such as `x_{t+1}` or `a*b` never reaches the Markdown parser
//! as text. Which `$` delimits math is decided by pulldown-cmark's own math
//! extension (the same parser and options mdBook uses, plus `ENABLE_MATH`), so
//! code spans, fenced and indented code blocks, tables and lists are
//! understood exactly as mdBook understands them.
//!
//! The rules an author sees:
//!
//! * `$…$` is inline math. The opening `$` must not be followed by a space and
//!   the closing `$` must not be preceded by one (so `$5 and $10` is not math).
//! * `$$…$$` is display math and may span lines (but not a blank line).
//! * `\$` is a literal dollar sign. Any other `$` outside code is an error, so
//!   a formula that failed to close is caught rather than printed raw.
//! * Inside a table, write `\|` for a `|` in a formula (`$\|x\|$`), because the
//!   table splits cells at `|` first.
//! * `\tag{2.1}` in display math numbers the equation: the number is shown at
//!   the right margin as `(2.1)` and the equation gets the anchor `#eq-2.1`.
//! * A LaTeX command pulldown-latex does not know is a build error naming the
//!   file, the line and the formula.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use mdbook_markdown::pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use pulldown_latex::config::DisplayMode;
use pulldown_latex::{RenderConfig, Storage};

/// A formula (or a stray `$`) that cannot be rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathError {
    /// The chapter file, as it should be shown to the author.
    pub file: PathBuf,
    /// 1-based line in that file where the formula starts.
    pub line: usize,
    /// The LaTeX source of the formula (or the text around a stray `$`).
    pub formula: String,
    /// What is wrong.
    pub problem: String,
}

impl fmt::Display for MathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let formula = self
            .formula
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        write!(
            f,
            "{}:{}: {} in `{}`",
            self.file.display(),
            self.line,
            self.problem,
            formula
        )
    }
}

impl std::error::Error for MathError {}

/// The Markdown options mdBook 0.5 parses chapters with, plus math.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
        | Options::ENABLE_MATH
}

/// Replaces every formula in `markdown` by MathML.
///
/// `file` is only used in error messages. Everything outside formulas is
/// copied unchanged, byte for byte.
pub fn render_math(markdown: &str, file: &Path) -> Result<String, MathError> {
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 2);
    let mut copied = 0;
    let mut code_depth = 0usize;
    let mut image_depth = 0usize;
    let mut tags = HashSet::new();
    let error = |at: usize, formula: &str, problem: String| MathError {
        file: file.to_path_buf(),
        line: line_of(markdown, at),
        formula: formula.to_string(),
        problem,
    };

    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        let (tex, display) = match event {
            Event::Start(Tag::CodeBlock(_)) => {
                code_depth += 1;
                continue;
            }
            Event::End(TagEnd::CodeBlock) => {
                code_depth -= 1;
                continue;
            }
            Event::Start(Tag::Image { .. }) => {
                image_depth += 1;
                continue;
            }
            Event::End(TagEnd::Image) => {
                image_depth -= 1;
                continue;
            }
            Event::Text(_) if code_depth == 0 => {
                if let Some(at) = stray_dollar(markdown, range.clone()) {
                    let line_end = markdown[at..].find('\n').map_or(markdown.len(), |n| at + n);
                    return Err(error(
                        at,
                        &markdown[at..line_end],
                        "unmatched `$` (close the formula without a space before the closing `$`, \
                         or write `\\$` for a literal dollar sign; inside a table write `\\|` for `|`)"
                            .to_string(),
                    ));
                }
                continue;
            }
            Event::InlineMath(tex) => (tex, false),
            Event::DisplayMath(tex) => (tex, true),
            _ => continue,
        };
        if image_depth > 0 {
            return Err(error(
                range.start,
                &tex,
                "math in an image's alt text cannot be rendered; describe it in words".to_string(),
            ));
        }
        if range.start < copied {
            return Err(error(
                range.start,
                &tex,
                "formula overlaps the previous one (internal error)".to_string(),
            ));
        }
        let html = if display {
            render_display(&tex, &mut tags)
        } else {
            render_inline(&tex)
        }
        .map_err(|problem| error(range.start, &tex, problem))?;
        out.push_str(&markdown[copied..range.start]);
        out.push_str(&html);
        copied = range.end;
    }
    out.push_str(&markdown[copied..]);
    Ok(out)
}

/// Renders inline math to a `<math>` element, or, for a formula with
/// top-level operators, to one `<math>` element per piece with a `<wbr>`
/// between them, so that it can wrap on a narrow screen (see
/// [`crate::linebreak`]).
fn render_inline(tex: &str) -> Result<String, String> {
    if tex.contains("\\tag") {
        return Err("`\\tag` only works in display math (`$$…$$`)".to_string());
    }
    // The whole formula first, so an error names the whole formula.
    let whole = to_mathml(tex, DisplayMode::Inline)?;
    let pieces = crate::linebreak::break_after_operators(tex);
    if pieces.len() < 2 {
        return Ok(whole);
    }
    let last = pieces.len() - 1;
    let rendered: Result<Vec<String>, String> = pieces
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            let math = to_mathml(piece, DisplayMode::Inline)?;
            Ok(if i < last {
                trailing_infix(&math)
            } else {
                math
            })
        })
        .collect();
    Ok(rendered.map_or(whole, |pieces| pieces.join("<wbr>")))
}

/// A piece of a broken formula ends with its operator, which MathML would
/// then draw without the space around it (pulldown-latex makes a trailing
/// `+` an identifier, and a trailing `<mo>` is a postfix operator); make it
/// the infix operator it is.
fn trailing_infix(math: &str) -> String {
    let Some(body) = math.strip_suffix("</math>") else {
        return math.to_string();
    };
    for (open, close) in [("<mo", "</mo>"), ("<mi", "</mi>")] {
        let Some(inner) = body.strip_suffix(close) else {
            continue;
        };
        let Some(at) = inner.rfind(open) else {
            continue;
        };
        let attributes_and_text = &inner[at + open.len()..];
        let Some(gt) = attributes_and_text.find('>') else {
            continue;
        };
        let (attributes, text) = attributes_and_text.split_at(gt);
        if (attributes.is_empty() || attributes.starts_with(' ')) && !text[1..].contains('<') {
            return format!(
                "{}<mo form=\"infix\"{attributes}>{}</mo></math>",
                &inner[..at],
                &text[1..]
            );
        }
    }
    math.to_string()
}

/// Renders display math, with an optional `\tag{…}`, to a block.
fn render_display(tex: &str, tags: &mut HashSet<String>) -> Result<String, String> {
    let (body, tag) = split_tag(tex)?;
    let math = to_mathml(&body, DisplayMode::Block)?;
    Ok(match tag {
        None => format!(r#"<span class="math-display">{math}</span>"#),
        Some(tag) => {
            if !tags.insert(tag.clone()) {
                return Err(format!("equation ({tag}) is tagged twice in this chapter"));
            }
            let shown = protect_text(&tag);
            format!(
                r#"<span class="math-display tagged" id="eq-{tag}">{math}<span class="eq-tag">({shown})</span></span>"#
            )
        }
    })
}

/// Takes a `\tag{…}` out of display math: returns the formula without it and
/// the tag's text.
fn split_tag(tex: &str) -> Result<(String, Option<String>), String> {
    let Some(start) = tex.find("\\tag") else {
        return Ok((tex.to_string(), None));
    };
    let rest = &tex[start + "\\tag".len()..];
    let Some(inner) = rest.trim_start().strip_prefix('{') else {
        return Err("write the equation number as `\\tag{2.1}`".to_string());
    };
    let Some(close) = inner.find('}') else {
        return Err("`\\tag{` is not closed".to_string());
    };
    let tag = inner[..close].trim();
    let valid = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':');
    if tag.is_empty() || !tag.chars().all(valid) {
        return Err(format!(
            "equation tag `{tag}` may only use letters, digits and `.-_:`"
        ));
    }
    let after = &inner[close + 1..];
    if after.contains("\\tag") {
        return Err("a formula can have only one `\\tag`".to_string());
    }
    Ok((format!("{}{}", &tex[..start], after), Some(tag.to_string())))
}

/// Renders LaTeX with pulldown-latex, turning any parse error (which
/// pulldown-latex would only write into the output as `<merror>`) into an
/// `Err` with a one-line description.
fn to_mathml(tex: &str, display_mode: DisplayMode) -> Result<String, String> {
    if tex.trim().is_empty() {
        return Err("empty formula".to_string());
    }
    let storage = Storage::new();
    let mut first_error: Option<String> = None;
    let events = pulldown_latex::Parser::new(tex, &storage).inspect(|event| {
        if let Err(e) = event
            && first_error.is_none()
        {
            first_error = Some(e.to_string());
        }
    });
    let config = RenderConfig {
        display_mode,
        ..RenderConfig::default()
    };
    let mut mathml = String::new();
    pulldown_latex::push_mathml(&mut mathml, events, config)
        .map_err(|e| format!("cannot write MathML: {e}"))?;
    if let Some(message) = first_error {
        let first_line = message.lines().next().unwrap_or_default();
        let problem = first_line
            .strip_prefix("parsing error: ")
            .unwrap_or(first_line);
        return Err(format!("LaTeX error: {problem}"));
    }
    if mathml.contains("<merror") {
        return Err("LaTeX error: pulldown-latex could not render this formula".to_string());
    }
    // TeX sets `/` as an ordinary symbol, with no space around it; as a bare
    // `<mo>` the browser spaces it like a binary operator ("1 / a").
    let mathml = mathml.replace("<mo>/</mo>", "<mo lspace=\"0\" rspace=\"0\">/</mo>");
    // pulldown-latex 0.8 escapes the no-break space of a control space
    // (`\ `) twice, so the reader would see the text "&nbsp;".
    let mathml = mathml.replace("&amp;nbsp;", "&#160;");
    Ok(protect_text(&mathml))
}

/// Makes MathML safe to hand to the Markdown renderer as inline HTML.
///
/// Markdown parses the text between inline HTML tags, so a `*` or `_` in
/// `<mo>*</mo>` could start emphasis, `|` would split a table cell, and smart
/// punctuation would curl quotes. Every ASCII punctuation character in text
/// content therefore becomes a numeric character reference (which Markdown
/// decodes back to the same character), and line breaks become spaces so the
/// HTML stays on one line. Tags and existing entities are left as they are,
/// except for one repair: pulldown-latex 0.8 writes the attributes of sized
/// delimiters (`\big(`) with no space between them
/// (`stretchy="true"minsize="1.2em"`), which HTML parsers reject, so a space
/// is put back after every attribute value that lacks one.
fn protect_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 4);
    let mut in_tag = false;
    let mut in_quotes = false;
    let mut value_just_closed = false;
    let mut in_entity = false;
    for c in html.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            _ if in_tag => {
                if value_just_closed && c.is_ascii_alphabetic() {
                    out.push(' ');
                }
                value_just_closed = false;
                if c == '"' {
                    value_just_closed = in_quotes;
                    in_quotes = !in_quotes;
                }
                in_tag = in_quotes || c != '>';
                out.push(c);
            }
            '<' => {
                in_tag = true;
                out.push(c);
            }
            _ if in_entity => {
                in_entity = c != ';';
                out.push(c);
            }
            '&' => {
                in_entity = true;
                out.push(c);
            }
            c if c.is_ascii_punctuation() => {
                out.push_str("&#");
                out.push_str(&u32::from(c).to_string());
                out.push(';');
            }
            c => out.push(c),
        }
    }
    out
}

/// The position of a `$` in `markdown[range]` that is not escaped as `\$`.
fn stray_dollar(markdown: &str, range: std::ops::Range<usize>) -> Option<usize> {
    let bytes = markdown.as_bytes();
    (range.start..range.end).find(|&i| {
        bytes[i] == b'$' && {
            let backslashes = bytes[..i].iter().rev().take_while(|&&b| b == b'\\').count();
            backslashes % 2 == 0
        }
    })
}

/// 1-based line number of byte offset `at`.
fn line_of(text: &str, at: usize) -> usize {
    text[..at].bytes().filter(|&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> String {
        render_math(md, Path::new("src/test.md")).unwrap()
    }

    fn fail(md: &str) -> MathError {
        render_math(md, Path::new("src/test.md")).unwrap_err()
    }

    #[test]
    fn inline_math_becomes_one_line_of_mathml() {
        let out = render("The slope $f'(x)$ here.");
        assert!(out.starts_with("The slope <math"), "{out}");
        assert!(out.ends_with("</math> here."), "{out}");
        assert!(!out.contains('$'));
    }

    #[test]
    fn markdown_punctuation_inside_mathml_is_escaped() {
        let out = render("$a*b$ and $c*d$, $x_{t+1}$ and $|x|$");
        let text: String = out
            .split('<')
            .filter_map(|part| part.split_once('>').map(|(_, text)| text))
            .collect();
        for c in ['*', '_', '|', '{', '}', '\''] {
            assert!(!text.contains(c), "raw {c:?} in text of {out}");
        }
    }

    #[test]
    fn display_math_spans_lines() {
        let out = render("Before\n\n$$\n\\nabla L =\n\\frac{1}{2}\n$$\n\nAfter\n");
        assert!(
            out.contains(r#"<span class="math-display"><math display="block">"#),
            "{out}"
        );
        assert!(out.contains("<mfrac>"), "{out}");
        assert!(out.ends_with("</math></span>\n\nAfter\n"), "{out}");
    }

    #[test]
    fn tag_numbers_the_equation() {
        let out = render("$$ w \\gets w - \\eta g \\tag{3.1} $$");
        assert!(out.contains(r#"id="eq-3.1""#), "{out}");
        assert!(
            out.contains(r#"<span class="eq-tag">(3&#46;1)</span>"#),
            "{out}"
        );
        assert!(!out.contains("\\tag"), "{out}");
    }

    #[test]
    fn bad_tags_are_errors() {
        assert!(fail("$x \\tag{1}$").problem.contains("display math"));
        assert!(fail("$$x \\tag{1} \\tag{2}$$").problem.contains("only one"));
        assert!(fail("$$x \\tag{a b}$$").problem.contains("letters"));
        assert!(
            fail("$$x \\tag{1}$$\n\n$$y \\tag{1}$$")
                .problem
                .contains("twice")
        );
    }

    #[test]
    fn unknown_command_names_file_line_and_formula() {
        let e = fail("# Title\n\nSome text.\nThen $\\foo{x}$ here.\n");
        assert_eq!(e.line, 4);
        assert_eq!(e.formula, "\\foo{x}");
        let shown = e.to_string();
        assert!(shown.starts_with("src/test.md:4: LaTeX error: "), "{shown}");
        assert!(shown.contains("`\\foo{x}`"), "{shown}");
        assert!(!shown.contains('\n'), "{shown}");
    }

    #[test]
    fn error_in_multiline_display_math_reports_its_first_line() {
        let e = fail("a\n\n$$\nx = \\nosuch\n$$\n");
        assert_eq!(e.line, 3);
    }

    #[test]
    fn sized_delimiters_get_well_formed_attributes() {
        let html = render("$a\\big(b\\big)$");
        assert!(html.contains("stretchy=\"true\" minsize="), "{html}");
        assert!(!html.contains("\"minsize"), "{html}");
    }

    #[test]
    fn long_inline_formulas_can_wrap_after_operators() {
        let out = render("$f(x + h) = f(x) + h f'(x)$ and $x^2$.");
        assert_eq!(out.matches("<math").count(), 4, "{out}");
        assert_eq!(out.matches("<wbr>").count(), 2, "{out}");
        assert_eq!(out.matches(r#"<mo form="infix">"#).count(), 2, "{out}");
        assert!(
            out.ends_with(
                "</math> and <math display=\"inline\"><msup><mi>x</mi><mn>2</mn></msup></math>."
            ),
            "{out}"
        );
    }

    #[test]
    fn a_control_space_is_a_space_not_an_entity_name() {
        let html = render("$a\\ b$");
        assert!(html.contains("<mtext>&#160;</mtext>"), "{html}");
        assert!(!html.contains("nbsp"), "{html}");
    }

    #[test]
    fn a_slash_is_not_spaced_like_an_operator() {
        let html = render("$1/a$");
        assert!(
            html.contains("<mo lspace=\"0\" rspace=\"0\">&#47;</mo>"),
            "{html}"
        );
    }

    #[test]
    fn code_is_untouched() {
        let md = "Inline `$x$` code.\n\n```rust\nlet s = \"$x$ and $\";\n{{#include ../x.rs}}\n```\n\n    $$ indented $$\n";
        assert_eq!(render(md), md);
    }

    #[test]
    fn escaped_dollar_is_left_for_markdown() {
        // Markdown turns `\$` into `$`; the preprocessor must not see math there.
        let md = "It costs \\$5, not \\$10.";
        assert_eq!(render(md), md);
    }

    #[test]
    fn stray_dollar_is_an_error() {
        let e = fail("line one\nIt costs $5 and $10.\n");
        assert_eq!(e.line, 2);
        assert!(e.problem.contains("unmatched `$`"), "{e}");
        assert!(fail("Broken $x $ formula.").problem.contains("unmatched"));
    }

    #[test]
    fn math_in_tables_lists_and_quotes() {
        let md = "| a | b |\n|---|---|\n| $\\|x\\|$ | $x_1$ |\n\n- item\n\n  $$\n  x^2\n  $$\n\n> $$ y\n> = 2 $$\n";
        let out = render(md);
        assert_eq!(out.matches("<math").count(), 4, "{out}");
        assert!(out.contains("| <math"), "{out}");
    }

    #[test]
    fn unsupported_places_are_errors() {
        assert!(fail("![a $x$ b](f.svg)").problem.contains("alt text"));
        assert_eq!(
            to_mathml(" ", DisplayMode::Inline).unwrap_err(),
            "empty formula"
        );
    }
}
