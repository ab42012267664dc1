//! Where a long inline formula may wrap.
//!
//! Browsers never break a line inside a `<math>` element, so on a phone a long
//! inline formula (a Taylor expansion in a list item, say) would run past the
//! edge of the page. TeX breaks inline math after a relation or a binary
//! operator at the top level of the formula; [`break_after_operators`] finds
//! the same places, and the math renderer draws each piece as its own
//! `<math>` element with a `<wbr>` between them. Where the formula fits, the
//! pieces sit side by side exactly like one formula.

/// Splits inline LaTeX after each top-level relation or binary operator (`=`,
/// `+`, `-`, `<`, `\le`, `\approx`, `\to`, `\cdot`, …; also after `\quad`).
/// Top level means outside `{…}`, `(…)`, `[…]`, `\left…\right`, `\{…\}`,
/// `\lvert…\rvert` and `\langle…\rangle`. A sign that starts an operand (as in
/// `= -b` or `x^-1`) is not a break. Formulas with environments, unbalanced
/// groups or nothing to split are returned whole, as one piece.
pub fn break_after_operators(tex: &str) -> Vec<&str> {
    if tex.contains("\\begin") {
        return vec![tex];
    }
    let bytes = tex.as_bytes();
    let mut depth: i32 = 0;
    let mut cuts = Vec::new();
    // The last significant character before the current position, to tell a
    // binary `-` from a sign.
    let mut previous: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'\\' {
            let end = command_end(bytes, i);
            let name = &tex[i + 1..end];
            let mut next = end;
            match name {
                "left" | "right" => {
                    depth += if name == "left" { 1 } else { -1 };
                    next = delimiter_end(bytes, end);
                }
                "{" | "lvert" | "lVert" | "langle" | "lceil" | "lfloor" => depth += 1,
                "}" | "rvert" | "rVert" | "rangle" | "rceil" | "rfloor" => depth -= 1,
                _ => {}
            }
            if depth < 0 {
                return vec![tex];
            }
            let binary = previous.is_some_and(|p| !matches!(p, b'^' | b'_' | b'{'));
            if depth == 0 && binary && BREAK_AFTER.contains(&name) {
                cuts.push(next);
            }
            previous = Some(if BREAK_AFTER.contains(&name) {
                b'='
            } else {
                b'a'
            });
            i = next;
            continue;
        }
        match c {
            b'{' | b'(' | b'[' => depth += 1,
            b'}' | b')' | b']' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return vec![tex];
        }
        if depth == 0 && matches!(c, b'=' | b'+' | b'-' | b'<' | b'>') {
            // A sign right after `^`, `_`, an opening or another operator
            // belongs to the operand that follows.
            let binary = previous.is_some_and(|p| {
                !matches!(
                    p,
                    b'^' | b'_' | b'=' | b'+' | b'-' | b'<' | b'>' | b'{' | b'(' | b'['
                )
            });
            if binary {
                cuts.push(i + 1);
            }
        }
        if !c.is_ascii_whitespace() {
            previous = Some(c);
        }
        i += 1;
    }
    if depth != 0 {
        return vec![tex];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    for cut in cuts {
        // Only where something follows: never leave an empty last piece.
        if tex[cut..].trim().is_empty() {
            break;
        }
        pieces.push(&tex[start..cut]);
        start = cut;
    }
    pieces.push(&tex[start..]);
    pieces
}

/// Commands after which a line may break (relations, binary operators,
/// arrows and wide spaces).
const BREAK_AFTER: &[&str] = &[
    "le",
    "leq",
    "ge",
    "geq",
    "ne",
    "neq",
    "approx",
    "sim",
    "simeq",
    "equiv",
    "propto",
    "to",
    "gets",
    "rightarrow",
    "leftarrow",
    "Rightarrow",
    "Leftarrow",
    "implies",
    "iff",
    "mapsto",
    "cdot",
    "times",
    "pm",
    "mp",
    "in",
    "subset",
    "subseteq",
    "ll",
    "gg",
    "quad",
    "qquad",
];

/// The end of the command starting with the backslash at `i`: a run of
/// letters, or one other character (`\{`, `\,`).
fn command_end(bytes: &[u8], i: usize) -> usize {
    let mut end = i + 1;
    if end < bytes.len() && bytes[end].is_ascii_alphabetic() {
        while end < bytes.len() && bytes[end].is_ascii_alphabetic() {
            end += 1;
        }
    } else if end < bytes.len() {
        end += 1;
    }
    end
}

/// The end of the delimiter after `\left` or `\right`: one character, or a
/// command such as `\{` or `\lvert`, after any spaces.
fn delimiter_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    if i >= bytes.len() {
        i
    } else if bytes[i] == b'\\' {
        command_end(bytes, i)
    } else {
        i + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaks_after_top_level_relations_and_operators() {
        assert_eq!(
            break_after_operators("f(x + h) = f(x) + h f'(x) + \\frac{h^2}{2} f''(x) + \\dots"),
            [
                "f(x + h) =",
                " f(x) +",
                " h f'(x) +",
                " \\frac{h^2}{2} f''(x) +",
                " \\dots"
            ]
        );
        assert_eq!(
            break_after_operators("x_{t+1} = x_t - \\eta f'(x_t)"),
            ["x_{t+1} =", " x_t -", " \\eta f'(x_t)"]
        );
        assert_eq!(
            break_after_operators("\\varepsilon \\approx 2.2 \\times 10^{-16}"),
            ["\\varepsilon \\approx", " 2.2 \\times", " 10^{-16}"]
        );
    }

    #[test]
    fn signs_and_groups_are_not_breaks() {
        assert_eq!(break_after_operators("-3"), ["-3"]);
        assert_eq!(break_after_operators("a = -b"), ["a =", " -b"]);
        assert_eq!(break_after_operators("x^-1 + y_+"), ["x^-1 +", " y_+"]);
        assert_eq!(break_after_operators("f'(x)"), ["f'(x)"]);
        assert_eq!(
            break_after_operators("\\left( a + b \\right) c"),
            ["\\left( a + b \\right) c"]
        );
        assert_eq!(
            break_after_operators("\\lvert x - y \\rvert \\le 1"),
            ["\\lvert x - y \\rvert \\le", " 1"]
        );
        assert_eq!(break_after_operators("\\{ a + b \\}"), ["\\{ a + b \\}"]);
        assert_eq!(
            break_after_operators("\\lim_{h \\to 0} g"),
            ["\\lim_{h \\to 0} g"]
        );
    }

    #[test]
    fn odd_formulas_stay_whole() {
        assert_eq!(break_after_operators("x +"), ["x +"]);
        assert_eq!(break_after_operators("]0, 1[ + a"), ["]0, 1[ + a"]);
        assert_eq!(
            break_after_operators("\\begin{matrix} a + b \\end{matrix}"),
            ["\\begin{matrix} a + b \\end{matrix}"]
        );
    }
}
