//! One meaning per symbol: the notation table of the preface is the book's
//! symbol index, and this test holds the book to it.
//!
//! The table has one row per meaning: the symbols (each a `$…$`, several
//! separated by commas), what they mean, and the chapter that introduces them,
//! written as a link to the place it does (`[3](chapter3.md#the-gradient)`;
//! `[appendix](floating-point.md#…)` for a symbol an appendix introduces).
//! The test fails when
//!
//! 1. two rows give the same symbol;
//! 2. a row's chapter is not a link to that chapter's page (or, for
//!    `appendix`, to a page after the chapters), the link's anchor does not
//!    exist, or the section it points to does not use any of the row's
//!    symbols;
//! 3. the rows are not in the order of their chapters;
//! 4. a chapter's math uses a symbol before the chapter its row gives: a
//!    page earlier in `SUMMARY.md`'s order than the row's page.
//!
//! Symbols are read from the LaTeX (see [`symbols`]): a letter or a control
//! word such as `\psi` or `\lVert`, with what makes it a different symbol
//! kept with it: an accent (`\hat y` is not `y`), a font (`\mathcal S`), a
//! subscript (`\sigma_g` is not `\sigma`), primes and marks such as `^*`
//! (`\eta^*` has its own row). A power (`x^2`) or a transpose is not part of
//! the symbol. A symbol without a row of its own falls back to the rows the
//! preface's own conventions name: an index subscript (`x_t`, `\theta_{1,t}`,
//! `P_2`) to the row of the same symbol with or without an index, and a star
//! ("a star marks the best value") to the symbol without it. A symbol with no
//! row at all is not checked by rule 4.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::fs;

use book::math::markdown_options;
use common::{Math, Page, book_src, read_page, stripped_page, summary_order};
use mdbook_markdown::pulldown_cmark::{Event, Parser, Tag, TagEnd};

// --- Symbols in LaTeX -------------------------------------------------------

/// One symbol of a formula.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Symbol {
    /// Accents, outermost first: `\hat`, `\tilde`, `\bar`, ….
    accents: Vec<String>,
    /// A letter, a Greek letter, or a font command with its argument
    /// (`\mathcal{S}`, `\mathbb{E}`, `\operatorname{gap}`).
    base: String,
    primes: usize,
    /// The subscript's LaTeX, without spaces (`t+1`, `\mathrm{mm}`).
    sub: Option<String>,
    /// Superscripts that name a different symbol: `*`, `\perp`, `\circ`,
    /// `\max`, ….
    marks: Vec<String>,
}

/// Greek letters (and `\ell`) are letters.
const GREEK: &[&str] = &[
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "varepsilon",
    "zeta",
    "eta",
    "theta",
    "vartheta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "pi",
    "varpi",
    "rho",
    "varrho",
    "sigma",
    "varsigma",
    "tau",
    "upsilon",
    "phi",
    "varphi",
    "chi",
    "psi",
    "omega",
    "Gamma",
    "Delta",
    "Theta",
    "Lambda",
    "Xi",
    "Pi",
    "Sigma",
    "Upsilon",
    "Phi",
    "Psi",
    "Omega",
    "ell",
];
/// Symbols that are not letters but have rows: the gradient and the norm
/// (`\|` and `\Vert` are read as `\lVert`).
const OPERATORS: &[&str] = &["\\nabla", "\\lVert", "\\|", "\\Vert"];
const ACCENTS: &[&str] = &[
    "hat",
    "widehat",
    "tilde",
    "widetilde",
    "bar",
    "overline",
    "underline",
    "vec",
    "dot",
    "ddot",
    "check",
    "breve",
    "mathring",
];
const FONTS: &[&str] = &[
    "mathcal",
    "mathbb",
    "mathbf",
    "mathrm",
    "mathit",
    "mathsf",
    "mathfrak",
    "mathscr",
    "boldsymbol",
    "operatorname",
];
/// Commands whose argument is words or layout, not math.
const TEXT: &[&str] = &[
    "text", "textrm", "textit", "textbf", "mbox", "tag", "label", "hspace", "begin", "end",
];
/// Superscripts that make a different symbol rather than a power.
const MARKS: &[&str] = &[
    "*", "\\ast", "\\star", "\\perp", "\\circ", "\\max", "\\min", "\\dagger",
];
const SPACING: &[&str] = &["\\,", "\\;", "\\:", "\\!", "\\ ", "\\quad", "\\qquad"];

fn command(token: &str, names: &[&str]) -> bool {
    token
        .strip_prefix('\\')
        .is_some_and(|name| names.contains(&name))
}

fn is_letter(token: &str) -> bool {
    let mut chars = token.chars();
    let single_letter =
        matches!((chars.next(), chars.next()), (Some(c), None) if c.is_ascii_alphabetic());
    single_letter || command(token, GREEK) || OPERATORS.contains(&token)
}

/// LaTeX into tokens: control words (`\psi`), control symbols (`\,`, `\|`)
/// and single characters; white space dropped.
fn lex(tex: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = tex.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let mut word = String::from('\\');
            while let Some(&next) = chars.peek() {
                if next.is_ascii_alphabetic() {
                    word.push(next);
                    chars.next();
                } else {
                    break;
                }
            }
            if word.len() == 1
                && let Some(next) = chars.next()
            {
                word.push(next);
            }
            tokens.push(word);
        } else if !c.is_whitespace() {
            tokens.push(c.to_string());
        }
    }
    tokens
}

/// The argument that starts at `tokens[at]` (after any spacing): a braced
/// group's inside, or one token. Returns it and the index after it.
fn argument(tokens: &[String], mut at: usize) -> (&[String], usize) {
    while at < tokens.len() && SPACING.contains(&tokens[at].as_str()) {
        at += 1;
    }
    if at >= tokens.len() {
        return (&[], at);
    }
    if tokens[at] != "{" {
        return (&tokens[at..=at], at + 1);
    }
    let mut depth = 0;
    for (k, token) in tokens.iter().enumerate().skip(at) {
        match token.as_str() {
            "{" => depth += 1,
            "}" => {
                depth -= 1;
                if depth == 0 {
                    return (&tokens[at + 1..k], k + 1);
                }
            }
            _ => {}
        }
    }
    (&tokens[at + 1..], tokens.len())
}

/// Tokens joined back into LaTeX without spaces, except where a control word
/// meets a letter.
fn join(tokens: &[String]) -> String {
    let mut out = String::new();
    let mut after_word = false;
    for token in tokens {
        if after_word && token.starts_with(|c: char| c.is_ascii_alphabetic()) {
            out.push(' ');
        }
        out.push_str(token);
        after_word = token.len() > 1
            && token.starts_with('\\')
            && token[1..].chars().all(|c| c.is_ascii_alphabetic());
    }
    out
}

impl Symbol {
    fn letter(base: &str) -> Self {
        // `\|` and `\Vert` are the norm's bars too.
        let base = if base == "\\|" || base == "\\Vert" {
            "\\lVert"
        } else {
            base
        };
        Symbol {
            accents: Vec::new(),
            base: base.to_string(),
            primes: 0,
            sub: None,
            marks: Vec::new(),
        }
    }

    /// The symbol written out the one way the test compares.
    fn key(&self) -> String {
        let mut key = String::new();
        for accent in &self.accents {
            key.push_str(accent);
            key.push(' ');
        }
        key.push_str(&self.base);
        key.push_str(&"'".repeat(self.primes));
        if let Some(sub) = &self.sub {
            key.push_str(&format!("_{{{sub}}}"));
        }
        for mark in &self.marks {
            key.push_str(&format!("^{{{mark}}}"));
        }
        key
    }

    /// Whether the subscript only numbers things: a data point, a step, a
    /// coordinate (`i`, `t+1`, `0`, `1,t`, `j'`).
    fn has_index(&self) -> bool {
        self.sub.as_deref().is_some_and(|sub| {
            sub.split(',').all(|part| {
                let digits = !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
                let mut chars = part.chars();
                let letter = chars.next().is_some_and(|c| "ijkntT".contains(c));
                let rest: String = chars.collect();
                let rest = rest.strip_prefix('\'').unwrap_or(&rest);
                let offset = rest.is_empty()
                    || (rest.len() > 1
                        && (rest.starts_with('+') || rest.starts_with('-'))
                        && rest[1..].chars().all(|c| c.is_ascii_digit()));
                digits || (letter && offset)
            })
        })
    }

    /// The key without an index subscript: `x_t` and `x` share it.
    fn stem(&self) -> String {
        if self.has_index() {
            Symbol {
                sub: None,
                ..self.clone()
            }
            .key()
        } else {
            self.key()
        }
    }

    /// The symbol without its star, if it has one.
    fn unstarred(&self) -> Option<Symbol> {
        let marks: Vec<String> = self
            .marks
            .iter()
            .filter(|m| !matches!(m.as_str(), "*" | "\\ast" | "\\star"))
            .cloned()
            .collect();
        (marks.len() < self.marks.len()).then(|| Symbol {
            marks,
            ..self.clone()
        })
    }
}

/// A lone atom: a letter, a font command with its argument, or an accent
/// over an atom.
fn atom(tokens: &[String]) -> Option<Symbol> {
    let first = tokens.first()?;
    if tokens.len() == 1 && is_letter(first) {
        return Some(Symbol::letter(first));
    }
    if command(first, FONTS) {
        let (inside, end) = argument(tokens, 1);
        if end == tokens.len() && !inside.is_empty() {
            return Some(Symbol::letter(&format!("{first}{{{}}}", join(inside))));
        }
    }
    if command(first, ACCENTS) {
        let (inside, end) = argument(tokens, 1);
        if end == tokens.len() {
            let mut symbol = atom(inside)?;
            symbol.accents.insert(0, first.clone());
            return Some(symbol);
        }
    }
    None
}

/// Reads the primes, subscript and superscripts after a symbol; the symbols
/// inside them (`t` in `x_{t+1}`, `\mu` in `\theta_\mu`) go to `inner`.
fn scripts(
    tokens: &[String],
    mut at: usize,
    symbol: &mut Symbol,
    inner: &mut Vec<Symbol>,
) -> usize {
    while at < tokens.len() {
        match tokens[at].as_str() {
            "'" => {
                symbol.primes += 1;
                at += 1;
            }
            "_" => {
                let (sub, next) = argument(tokens, at + 1);
                symbol.sub = Some(join(sub));
                scan(sub, inner);
                at = next;
            }
            "^" => {
                let (sup, next) = argument(tokens, at + 1);
                let mut rest = sup;
                while let Some(first) = rest.first() {
                    if first == "\\prime" {
                        symbol.primes += 1;
                    } else if MARKS.contains(&first.as_str()) {
                        symbol.marks.push(first.clone());
                    } else {
                        break;
                    }
                    rest = &rest[1..];
                }
                scan(rest, inner);
                at = next;
            }
            _ => break,
        }
    }
    at
}

/// The symbols of `tokens`, into `out`; with `inner`, also those inside
/// subscripts and superscripts.
fn scan(tokens: &[String], out: &mut Vec<Symbol>) {
    scan_with(tokens, out, true);
}

fn scan_with(tokens: &[String], out: &mut Vec<Symbol>, inner_too: bool) {
    let mut at = 0;
    while at < tokens.len() {
        let token = tokens[at].as_str();
        if command(token, TEXT) {
            at = argument(tokens, at + 1).1;
        } else if command(token, ACCENTS) || command(token, FONTS) {
            let (inside, end) = argument(tokens, at + 1);
            let mut whole = vec![tokens[at].clone(), "{".to_string()];
            whole.extend_from_slice(inside);
            whole.push("}".to_string());
            match atom(&whole) {
                Some(mut symbol) => {
                    let mut inner = Vec::new();
                    at = scripts(tokens, end, &mut symbol, &mut inner);
                    out.push(symbol);
                    if inner_too {
                        out.append(&mut inner);
                    }
                }
                None => {
                    scan_with(inside, out, inner_too);
                    at = end;
                }
            }
        } else if is_letter(token) {
            let mut symbol = Symbol::letter(token);
            let mut inner = Vec::new();
            at = scripts(tokens, at + 1, &mut symbol, &mut inner);
            out.push(symbol);
            if inner_too {
                out.append(&mut inner);
            }
        } else if token == "_" || token == "^" {
            let (inside, end) = argument(tokens, at + 1);
            if inner_too {
                scan(inside, out);
            }
            at = end;
        } else if token == "{" {
            let (inside, end) = argument(tokens, at);
            scan_with(inside, out, inner_too);
            at = end;
        } else {
            at += 1;
        }
    }
}

/// The symbols of a formula, in order (a symbol before those in its
/// subscript).
fn symbols(tex: &str) -> Vec<Symbol> {
    let mut out = Vec::new();
    scan(&lex(tex), &mut out);
    out
}

/// A symbol as the table gives it: its LaTeX without the argument it is
/// shown with (`f'(x)` is `f'`, `\mathbb E[\cdot]` is `\mathbb E`).
fn table_symbol(tex: &str) -> Vec<Symbol> {
    let mut kept = Vec::new();
    let (mut braces, mut brackets) = (0i32, 0i32);
    for token in lex(tex) {
        match token.as_str() {
            "{" => braces += 1,
            "}" => braces -= 1,
            "(" | "[" if braces == 0 => {
                brackets += 1;
                continue;
            }
            ")" | "]" if braces == 0 => {
                brackets -= 1;
                continue;
            }
            _ => {}
        }
        if brackets == 0 {
            kept.push(token);
        }
    }
    let mut out = Vec::new();
    scan_with(&kept, &mut out, false);
    out
}

/// Splits a table cell's formula at its top-level commas.
fn split_commas(tex: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut depth = 0i32;
    let mut escaped = false;
    for c in tex.chars() {
        if escaped {
            // `\,` is a thin space, not a comma.
            escaped = false;
            parts.last_mut().unwrap().push(c);
            continue;
        }
        match c {
            '\\' => escaped = true,
            '{' | '(' | '[' => depth += 1,
            '}' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        parts.last_mut().unwrap().push(c);
    }
    parts
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

// --- The table ----------------------------------------------------------------

/// One row of the notation table.
#[derive(Debug, Clone)]
struct Row {
    /// Line in the index page.
    line: usize,
    /// The symbols' LaTeX, as written.
    symbols: Vec<String>,
    /// The text of the chapter cell, and its link, if any.
    chapter: String,
    link: Option<String>,
}

impl Row {
    fn name(&self) -> String {
        let symbols: Vec<String> = self.symbols.iter().map(|s| format!("${s}$")).collect();
        format!("the row {}", symbols.join(", "))
    }
}

/// The rows of the table whose header is `symbol | meaning | first in
/// chapter`.
fn read_table(markdown: &str) -> Vec<Row> {
    #[derive(Default)]
    struct Cell {
        math: Vec<String>,
        text: String,
        links: Vec<String>,
    }
    let line_of = |offset: usize| markdown[..offset].matches('\n').count() + 1;
    let mut rows = Vec::new();
    let mut cells: Vec<Cell> = Vec::new();
    let mut in_head = false;
    let mut row_line = 0;
    let mut notation = false;
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                let names: Vec<String> =
                    cells.drain(..).map(|c| c.text.trim().to_string()).collect();
                notation = names == ["symbol", "meaning", "first in chapter"];
            }
            Event::Start(Tag::TableRow) => {
                cells.clear();
                row_line = line_of(range.start);
            }
            Event::Start(Tag::TableCell) => cells.push(Cell::default()),
            Event::End(TagEnd::TableRow) if notation && !in_head => {
                let symbols = cells
                    .first()
                    .map(|c| c.math.iter().flat_map(|m| split_commas(m)).collect())
                    .unwrap_or_default();
                let chapter = cells
                    .get(2)
                    .map(|c| c.text.trim().to_string())
                    .unwrap_or_default();
                let link = cells.get(2).and_then(|c| c.links.first().cloned());
                rows.push(Row {
                    line: row_line,
                    symbols,
                    chapter,
                    link,
                });
            }
            Event::InlineMath(tex) => {
                if let Some(cell) = cells.last_mut() {
                    cell.math.push(tex.to_string());
                    cell.text.push_str(&format!("${tex}$"));
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(cell) = cells.last_mut() {
                    cell.text.push_str(&text);
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(cell) = cells.last_mut() {
                    cell.links.push(dest_url.to_string());
                }
            }
            _ => {}
        }
    }
    rows
}

// --- The checks -----------------------------------------------------------------

/// A book to check: its pages in reading order, the first being the one with
/// the table.
struct Book {
    /// `(file name, markdown with quote markers stripped)`, in `SUMMARY.md`'s
    /// order.
    pages: Vec<(String, String)>,
}

/// A use the rules would reject that is right all the same, with the reason.
struct Allowed {
    /// The page where the use is allowed.
    page: &'static str,
    /// The symbol's key, as [`Symbol::key`] writes it.
    symbol: &'static str,
    /// A piece of the formula that must be in it (so that the entry covers
    /// one use, not every use on the page).
    context: &'static str,
    /// Why the use is right; an entry without one is a problem.
    reason: &'static str,
}

/// The uses of a symbol before its row that are right, each with its reason.
/// Keep this short: a clash is better fixed in the prose.
const ALLOWED: &[Allowed] = &[];

/// A chapter's place in the reading order: chapter N is N; a page that is
/// not a chapter is numbered after the last chapter, in the order of
/// `SUMMARY.md`.
fn positions(book: &Book) -> HashMap<String, usize> {
    let chapter = |name: &str| -> Option<usize> {
        name.strip_prefix("chapter")?
            .strip_suffix(".md")?
            .parse()
            .ok()
    };
    let last = book
        .pages
        .iter()
        .filter_map(|(name, _)| chapter(name))
        .max()
        .unwrap_or(0);
    let mut after = last;
    let mut out = HashMap::new();
    for (k, (name, _)) in book.pages.iter().enumerate() {
        let position = match chapter(name) {
            Some(n) => n,
            None if k == 0 => 0,
            None => {
                after += 1;
                after
            }
        };
        out.insert(name.clone(), position);
    }
    out
}

/// One way the book breaks its notation table.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem {
    /// What is wrong, in one line.
    text: String,
    /// The pages whose revision would fix it: the page of an early use, the
    /// chapter of each row involved in a problem of the table.
    pages: Vec<String>,
}

/// The page a row's chapter cell names (`3` is `chapter3.md`).
fn row_page(row: &Row) -> String {
    match row.chapter.parse::<usize>() {
        Ok(n) => format!("chapter{n}.md"),
        Err(_) => row
            .link
            .as_deref()
            .map(|l| l.split('#').next().unwrap_or(l).to_string())
            .unwrap_or_default(),
    }
}

/// Whether a formula uses one of a row's symbols (every part of it, for a
/// symbol written with several, such as `\mathbb E\,\hat y`).
fn uses(math: &Math, row: &Row) -> bool {
    let used = symbols(&math.tex);
    row.symbols.iter().any(|tex| {
        let wanted = table_symbol(tex);
        if wanted.is_empty() {
            // A symbol with no letter in it (none today): its LaTeX.
            return math.tex.contains(tex.as_str());
        }
        wanted.iter().all(|w| {
            used.iter()
                .any(|u| u.key() == w.key() || u.stem() == w.stem())
        })
    })
}

/// The line of a row's first use on `page` and the id of the section it is
/// in, to suggest where the row's link should point.
fn first_use(page: &Page, row: &Row) -> Option<(usize, String)> {
    let math = page.math.iter().find(|m| uses(m, row))?;
    let section = page
        .ids
        .iter()
        .filter(|&(_, &at)| at <= math.offset && page.headings.contains(&at))
        .max_by_key(|&(_, &at)| at)
        .map(|(id, _)| id.clone())
        .unwrap_or_default();
    Some((math.line, section))
}

/// The table read for lookups: each symbol's key (and stem) to the earliest
/// row that gives it, with that row's place in the reading order.
struct Index {
    rows: Vec<Row>,
    /// Each row's place in the reading order: its chapter, or the appendix it
    /// links to.
    places: Vec<Option<usize>>,
    by_key: HashMap<String, (usize, usize)>,
    by_stem: HashMap<String, (usize, usize)>,
}

impl Index {
    fn new(rows: Vec<Row>, position: &HashMap<String, usize>) -> Self {
        let places: Vec<Option<usize>> = rows
            .iter()
            .map(|row| match row.chapter.parse::<usize>() {
                Ok(n) => Some(n),
                Err(_) => position.get(&row_page(row)).copied().filter(|&p| p > 0),
            })
            .collect();
        let mut by_key: HashMap<String, (usize, usize)> = HashMap::new();
        let mut by_stem: HashMap<String, (usize, usize)> = HashMap::new();
        for (k, row) in rows.iter().enumerate() {
            let Some(place) = places[k] else { continue };
            for tex in &row.symbols {
                // A symbol is looked up by its first part: `\mathbb E` for
                // the mean fit `\mathbb E\,\hat y(x)`.
                let Some(head) = table_symbol(tex).into_iter().next() else {
                    continue;
                };
                for (map, name) in [(&mut by_key, head.key()), (&mut by_stem, head.stem())] {
                    let entry = map.entry(name).or_insert((place, k));
                    if place < entry.0 {
                        *entry = (place, k);
                    }
                }
            }
        }
        Index {
            rows,
            places,
            by_key,
            by_stem,
        }
    }

    /// The earliest row of a symbol met in a formula, and its place: by its
    /// own key; else by its stem (an index subscript added or dropped: `x_t`
    /// is `x`, `P_2` is `P_j`); else, if it has a star, as the symbol
    /// without it (the preface: "a star marks the best value").
    fn lookup(&self, symbol: &Symbol) -> Option<(usize, usize)> {
        let mut symbol = symbol.clone();
        loop {
            if let Some(&found) = self.by_key.get(&symbol.key()) {
                return Some(found);
            }
            if let Some(&found) = self.by_stem.get(&symbol.stem()) {
                return Some(found);
            }
            symbol = symbol.unstarred()?;
        }
    }
}

/// Every way the book breaks its notation table.
fn problems(book: &Book, allowed: &[Allowed]) -> Vec<Problem> {
    let (index_name, index_page) = &book.pages[0];
    let position = positions(book);
    let index = Index::new(read_table(index_page), &position);
    let rows = &index.rows;
    if rows.is_empty() {
        return vec![Problem {
            text: format!(
                "{index_name}: no table with the header `symbol | meaning | first in chapter`"
            ),
            pages: Vec::new(),
        }];
    }
    let pages: HashMap<&str, Page> = book
        .pages
        .iter()
        .map(|(name, markdown)| (name.as_str(), read_page(markdown)))
        .collect();
    let mut problems = Vec::new();
    let mut about = |rows_involved: &[&Row], text: String| {
        problems.push(Problem {
            text,
            pages: rows_involved.iter().map(|r| row_page(r)).collect(),
        })
    };

    // Rule 1: no symbol in two rows (each compared without the argument it
    // is shown with, so `\psi(x)` and `\psi` are the same symbol).
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (k, row) in rows.iter().enumerate() {
        let mut own = Vec::new();
        for tex in &row.symbols {
            let parts: Vec<String> = table_symbol(tex).iter().map(Symbol::key).collect();
            let whole = if parts.is_empty() {
                tex.split_whitespace().collect::<String>()
            } else {
                parts.join(" ")
            };
            if own.contains(&whole) {
                continue;
            }
            own.push(whole.clone());
            match seen.get(&whole) {
                Some(&other) => about(
                    &[row, &rows[other]],
                    format!(
                        "{index_name}:{}: ${tex}$ is in {} and in {} (line {}): one meaning per symbol",
                        row.line,
                        row.name(),
                        rows[other].name(),
                        rows[other].line
                    ),
                ),
                None => {
                    seen.insert(whole, k);
                }
            }
        }
    }

    // Rule 2: each row's chapter is a link to that chapter, to a section
    // that uses the row's symbols.
    for row in rows {
        let at = format!("{index_name}:{}: {}", row.line, row.name());
        let hint = pages
            .get(row_page(row).as_str())
            .and_then(|page| first_use(page, row))
            .map(|(line, id)| {
                format!(
                    " (its first use in {} is on line {line}, in #{id})",
                    row_page(row)
                )
            })
            .unwrap_or_default();
        let Some(link) = &row.link else {
            about(
                &[row],
                format!(
                    "{at}: its chapter `{}` is not a link to where the symbol is introduced{hint}",
                    row.chapter
                ),
            );
            continue;
        };
        let (file, anchor) = link.split_once('#').unwrap_or((link.as_str(), ""));
        let right_page = match row.chapter.parse::<usize>() {
            Ok(n) => file == format!("chapter{n}.md"),
            Err(_) => {
                row.chapter == "appendix"
                    && !file.starts_with("chapter")
                    && position.get(file).is_some_and(|&p| p > 0)
            }
        };
        if !right_page {
            about(
                &[row],
                format!(
                    "{at}: its chapter `{}` links to {link}, not to that chapter",
                    row.chapter
                ),
            );
            continue;
        }
        let Some(page) = pages.get(file) else {
            about(&[row], format!("{at}: no page {file}"));
            continue;
        };
        if anchor.is_empty() {
            about(
                &[row],
                format!(
                    "{at}: {link} names no anchor; point it at the section that introduces the symbol{hint}"
                ),
            );
            continue;
        }
        match page.section_math(anchor) {
            None => about(
                &[row],
                format!("{at}: {file} has no heading or anchor `{anchor}`{hint}"),
            ),
            Some(section) if !section.iter().any(|math| uses(math, row)) => about(
                &[row],
                format!(
                    "{at}: the section {link} uses none of the row's symbols in its math{hint}"
                ),
            ),
            Some(_) => {}
        }
    }

    // Rule 3: the rows in the order of their chapters.
    let mut last: Option<(usize, &Row)> = None;
    for (row, place) in rows.iter().zip(&index.places) {
        let Some(place) = *place else { continue };
        if let Some((before, earlier)) = last
            && place < before
        {
            about(
                &[row, earlier],
                format!(
                    "{index_name}:{}: {} (chapter {}) comes after {} (chapter {}); keep the rows in the order of their chapters",
                    row.line,
                    row.name(),
                    row.chapter,
                    earlier.name(),
                    earlier.chapter
                ),
            );
        }
        last = Some((place, row));
    }

    // Rule 4: no symbol before its row's chapter.
    let mut excusing = vec![false; allowed.len()];
    for (name, _) in book.pages.iter().skip(1) {
        let here = position[name];
        for math in &pages[name.as_str()].math {
            let mut reported = Vec::new();
            for symbol in symbols(&math.tex) {
                let Some((place, k)) = index.lookup(&symbol) else {
                    continue;
                };
                let key = symbol.key();
                if place <= here || reported.contains(&key) {
                    continue;
                }
                reported.push(key.clone());
                let excused = allowed.iter().position(|a| {
                    a.page == name && a.symbol == key && math.tex.contains(a.context)
                });
                if let Some(entry) = excused {
                    excusing[entry] = true;
                } else {
                    problems.push(Problem {
                        text: format!(
                            "{name}:{}: ${key}$ is used here, but {} (line {}) introduces it in chapter {}",
                            math.line,
                            rows[k].name(),
                            rows[k].line,
                            rows[k].chapter
                        ),
                        pages: vec![name.clone()],
                    });
                }
            }
        }
    }
    for (entry, used) in allowed.iter().zip(excusing) {
        if !used || entry.reason.trim().is_empty() {
            problems.push(Problem {
                text: format!(
                    "the allowed use of ${}$ in {} (in a formula with `{}`) {}",
                    entry.symbol,
                    entry.page,
                    entry.context,
                    if used {
                        "gives no reason"
                    } else {
                        "excuses nothing: remove it"
                    }
                ),
                pages: vec![entry.page.to_string()],
            });
        }
    }
    problems
}

/// The real book, in reading order, the preface first.
fn the_book() -> Book {
    let summary = fs::read_to_string(book_src().join("SUMMARY.md")).unwrap();
    let order = summary_order(&summary);
    assert_eq!(
        order.first().map(String::as_str),
        Some("preface.md"),
        "the preface, which holds the notation table, comes first"
    );
    Book {
        pages: order
            .into_iter()
            .map(|name| {
                let markdown = stripped_page(&name);
                (name, markdown)
            })
            .collect(),
    }
}

/// The chapters that are being revised on other branches right now; their
/// problems are printed, not failed on, until their revisions are merged.
/// (Then empty this list.)
const UNDER_REVISION: &[&str] = &[];

#[test]
fn every_symbol_has_one_meaning_and_is_introduced_where_the_table_says() {
    let book = the_book();
    let rows = read_table(&book.pages[0].1);
    assert!(
        rows.len() > 50,
        "the notation table is read: {} rows",
        rows.len()
    );
    assert!(
        book.pages.iter().any(|(name, _)| name == "chapter10.md")
            && book
                .pages
                .iter()
                .any(|(name, _)| name == "floating-point.md"),
        "the chapters and the appendices are read"
    );
    let (later, now): (Vec<Problem>, Vec<Problem>) =
        problems(&book, ALLOWED).into_iter().partition(|p| {
            p.pages
                .iter()
                .any(|page| UNDER_REVISION.contains(&page.as_str()))
        });
    for problem in &later {
        eprintln!("left to the revision under way: {}", problem.text);
    }
    let now: Vec<String> = now.into_iter().map(|p| p.text).collect();
    assert!(now.is_empty(), "{}", now.join("\n"));
}

/// Not a check: lists, page by page, the symbols of the math that no row
/// gives, with the line of their first use, for an author looking for a
/// letter used with two meanings (`cargo test -p book --test notation --
/// --ignored --nocapture`).
#[test]
#[ignore]
fn list_the_symbols_without_a_row() {
    let book = the_book();
    let index = Index::new(read_table(&book.pages[0].1), &positions(&book));
    for (name, markdown) in book.pages.iter().skip(1) {
        let mut seen: Vec<String> = Vec::new();
        let mut listed = Vec::new();
        for math in &read_page(markdown).math {
            for symbol in symbols(&math.tex) {
                let key = symbol.key();
                if index.lookup(&symbol).is_none() && !seen.contains(&key) {
                    listed.push(format!("{key} ({})", math.line));
                    seen.push(key);
                }
            }
        }
        println!("{name}: {}", listed.join(", "));
    }
}

// --- The checks' own tests ----------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(tex: &str) -> Vec<String> {
        symbols(tex).iter().map(Symbol::key).collect()
    }

    #[test]
    fn subscripts_accents_fonts_and_marks_make_different_symbols() {
        assert_eq!(
            keys(r"\sigma_g^2 + \sigma^2"),
            [r"\sigma_{g}", "g", r"\sigma"]
        );
        assert_eq!(keys(r"\hat y - y"), [r"\hat y", "y"]);
        assert_eq!(keys(r"\hat{y}_i"), keys(r"\hat y_i"));
        assert_eq!(keys(r"\tilde{\theta}"), keys(r"\tilde\theta"));
        assert_eq!(keys(r"\theta^* \ne \theta"), [r"\theta^{*}", r"\theta"]);
        assert_eq!(keys(r"\mathcal S(x)"), [r"\mathcal{S}", "x"]);
        assert_eq!(keys(r"\mathbb{E}\,\hat y"), [r"\mathbb{E}", r"\hat y"]);
        assert_eq!(
            keys(r"\theta_{\mathrm{mm}}^\top"),
            [r"\theta_{\mathrm{mm}}", r"\mathrm{mm}"]
        );
        assert_eq!(keys(r"r_i^{*2}"), [r"r_{i}^{*}", "i"]);
        assert_eq!(keys(r"f''(x)"), ["f''", "x"]);
        assert_eq!(
            keys(r"\nabla_\theta f"),
            [r"\nabla_{\theta}", r"\theta", "f"]
        );
        assert_eq!(
            keys(r"\operatorname{Var} x_{\theta t}"),
            [r"\operatorname{Var}", r"x_{\theta t}", r"\theta", "t"]
        );
        assert_eq!(
            keys(r"\|x\| = \lVert x \rVert"),
            [r"\lVert", "x", r"\lVert", r"\lVert", "x"]
        );
        // Powers, operators, words and upright differentials are no symbols.
        assert_eq!(keys(r"x^2 \le \ln(1 + e^{-z})"), ["x", "e", "z"]);
        assert_eq!(
            keys(r"\frac{\mathrm{d}p}{\mathrm{d}z}"),
            [r"\mathrm{d}", "p", r"\mathrm{d}", "z"]
        );
        assert_eq!(keys(r"\underbrace{\sigma^2}_{\text{noise}}"), [r"\sigma"]);
        // The letters of an index are symbols too (`t` in `x_{t+1}`).
        assert_eq!(keys(r"x_{t+1}"), ["x_{t+1}", "t"]);
    }

    #[test]
    fn an_index_subscript_numbers_a_symbol_and_a_name_makes_a_new_one() {
        let one = |tex: &str| symbols(tex).remove(0);
        for numbered in [
            r"x_t",
            r"x_{t+1}",
            r"\theta_{1,t}",
            r"P_2",
            r"\xi_{j'}",
            r"y_n",
        ] {
            assert!(one(numbered).has_index(), "{numbered}");
        }
        for named in [
            r"\sigma_g",
            r"\theta_{\min}",
            r"t_{1/2}",
            r"c_{[j]}",
            r"\theta_\mu",
            r"D_+",
        ] {
            assert!(!one(named).has_index(), "{named}");
        }
        assert_eq!(one(r"\lambda_i").stem(), r"\lambda");
        assert_eq!(one(r"\theta_0^\perp").stem(), r"\theta^{\perp}");
        assert_eq!(one(r"\eta^*").unstarred().unwrap().key(), r"\eta");
    }

    #[test]
    fn a_table_symbol_is_read_without_its_argument_and_split_at_commas() {
        let head =
            |tex: &str| -> Vec<String> { table_symbol(tex).iter().map(Symbol::key).collect() };
        assert_eq!(head(r"f'(x)"), ["f'"]);
        assert_eq!(head(r"\mathbb E[\cdot]"), [r"\mathbb{E}"]);
        assert_eq!(head(r"\mathbb E\,\hat y(x)"), [r"\mathbb{E}", r"\hat y"]);
        assert_eq!(head(r"c_{[j]}"), ["c_{[j]}"]);
        assert_eq!(head(r"\lVert\cdot\rVert"), [r"\lVert"]);
        assert_eq!(
            split_commas(r"\mathbb E\,\hat y(x)"),
            [r"\mathbb E\,\hat y(x)"]
        );
        assert_eq!(
            split_commas(r"a_1, a_2, f(x, y)"),
            ["a_1", "a_2", "f(x, y)"]
        );
    }

    const PREFACE: &str = "# Preface\n\n## Notation\n\n\
        | symbol | meaning | first in chapter |\n|---|---|---|\n";

    /// A book of a preface with `rows` and two chapters.
    fn book(rows: &str, one: &str, two: &str) -> Book {
        Book {
            pages: vec![
                ("preface.md".into(), format!("{PREFACE}{rows}")),
                ("chapter1.md".into(), one.into()),
                ("chapter2.md".into(), two.into()),
                (
                    "appendix.md".into(),
                    "# Appendix\n\n## Spacing\n\nWrite $J$.\n".into(),
                ),
            ],
        }
    }

    const ONE: &str = "# One\n\n## Start\n\nA point $x$ and its value $f(x)$, with noise $\\sigma$, \
        a rate $\\eta$.\n";
    const TWO: &str = "# Two\n\n## Curvature\n\nThe curvature $\\kappa$ and the spread $\\sigma_g$; \
        the prediction $\\hat y$; the polynomial $P_j$; the best rate $\\eta^*$.\n";
    const ROWS: &str = "\
        | $x$, $f$ | a point, a function | [1](chapter1.md#start) |\n\
        | $\\sigma$ | the noise | [1](chapter1.md#start) |\n\
        | $\\eta$ | the rate | [1](chapter1.md#start) |\n\
        | $\\kappa$ | the condition number | [2](chapter2.md#curvature) |\n\
        | $\\sigma_g$ | the spread | [2](chapter2.md#curvature) |\n\
        | $\\hat y$ | the prediction | [2](chapter2.md#curvature) |\n\
        | $P_j$ | a polynomial | [2](chapter2.md#curvature) |\n\
        | $\\eta^*$ | the best rate | [2](chapter2.md#curvature) |\n\
        | $J$ | a count | [appendix](appendix.md#spacing) |\n";

    fn texts(book: &Book, allowed: &[Allowed]) -> Vec<String> {
        problems(book, allowed)
            .into_iter()
            .map(|p| p.text)
            .collect()
    }

    /// The made-up book passes, so each rejection below is the one change's.
    #[test]
    fn a_book_that_keeps_its_table_passes() {
        assert_eq!(texts(&book(ROWS, ONE, TWO), &[]), Vec::<String>::new());
        // Numbered and starred uses fall back to their rows.
        let one = format!("{ONE}\nSteps $x_t$, $x_{{t+1}}$, the minimum $x^*$, $\\sigma^2$.\n");
        assert_eq!(texts(&book(ROWS, &one, TWO), &[]), Vec::<String>::new());
    }

    #[test]
    fn two_rows_with_one_symbol_are_rejected() {
        for (row, symbol) in [
            (
                "| $q$, $x$ | an eigenvector | [2](chapter2.md#curvature) |\n",
                "$x$",
            ),
            (
                "| $x(t)$ | a path | [2](chapter2.md#curvature) |\n",
                "$x(t)$",
            ),
            (
                "| $\\hat{y}$ | a guess | [2](chapter2.md#curvature) |\n",
                "$\\hat{y}$",
            ),
        ] {
            let problems = texts(&book(&format!("{ROWS}{row}"), ONE, TWO), &[]);
            assert!(
                problems
                    .iter()
                    .any(|p| p.contains(&format!("{symbol} is in"))
                        && p.contains("one meaning per symbol")),
                "{row}: {problems:?}"
            );
        }
    }

    #[test]
    fn a_chapter_that_is_not_a_link_to_its_chapter_is_rejected() {
        for (from, to, expected) in [
            ("[2](chapter2.md#curvature)", "2", "is not a link"),
            (
                "[2](chapter2.md#curvature)",
                "[2](chapter1.md#start)",
                "not to that chapter",
            ),
            (
                "[2](chapter2.md#curvature)",
                "[3](chapter3.md#curvature)",
                "no page chapter3.md",
            ),
            (
                "[2](chapter2.md#curvature)",
                "[2](chapter2.md#nowhere)",
                "no heading or anchor",
            ),
            (
                "[2](chapter2.md#curvature)",
                "[2](chapter2.md)",
                "names no anchor",
            ),
            (
                "[appendix](appendix.md#spacing)",
                "[appendix](chapter2.md#curvature)",
                "not to that chapter",
            ),
        ] {
            let rows = ROWS.replacen(from, to, 1);
            let problems = texts(&book(&rows, ONE, TWO), &[]);
            assert!(
                problems.iter().any(|p| p.contains(expected)),
                "{to}: {problems:?}"
            );
        }
        // A section that does not use the symbol: the row of κ pointing at
        // chapter 2's other section, with a hint to the right one.
        let two = format!("{TWO}\n## Elsewhere\n\nNothing about $x$.\n");
        let rows = ROWS.replacen(
            "[2](chapter2.md#curvature) |\n",
            "[2](chapter2.md#elsewhere) |\n",
            1,
        );
        let problems = texts(&book(&rows, ONE, &two), &[]);
        assert!(
            problems.iter().any(|p| p.contains("$\\kappa$")
                && p.contains("uses none of the row's symbols")
                && p.contains("in #curvature")),
            "{problems:?}"
        );
    }

    #[test]
    fn rows_out_of_chapter_order_are_rejected() {
        let rows = format!("| $z$ | a logit | [2](chapter2.md#curvature) |\n{ROWS}");
        let two = format!("{TWO}\nA logit $z$.\n");
        let problems = texts(&book(&rows, ONE, &two), &[]);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("keep the rows in the order")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_symbol_used_before_its_chapter_is_rejected() {
        for (used, symbol) in [
            ("$\\kappa$", "\\kappa"),
            // Subscripts and decorations make their own symbols, with their
            // own rows: σ is chapter 1's, but not σ_g; y is not ŷ.
            ("$\\sigma_g$", "\\sigma_{g}"),
            ("$\\hat y$", "\\hat y"),
            // An index falls back to the numbered row, a star to the row of
            // the symbol without it, unless the starred symbol has a row.
            ("$P_2$", "P_{2}"),
            ("$\\eta^*$", "\\eta^{*}"),
            ("$\\kappa^*$", "\\kappa^{*}"),
            // Inside a subscript, a fraction, a display.
            ("$x_{\\kappa}$", "\\kappa"),
            ("$$\n\\frac{1}{\\kappa}\n$$", "\\kappa"),
            // An appendix comes after every chapter.
            ("$J$", "J"),
        ] {
            let one = format!("{ONE}\nToo early: {used}.\n");
            let problems = texts(&book(ROWS, &one, TWO), &[]);
            assert!(
                problems.iter().any(|p| p.starts_with("chapter1.md:")
                    && p.contains(&format!("${symbol}$ is used here"))),
                "{used}: {problems:?}"
            );
        }
        // What is not a later row's symbol passes: σ, y, a new letter.
        let one = format!("{ONE}\nFine: $\\sigma$, $y$, $\\beta$.\n");
        assert_eq!(texts(&book(ROWS, &one, TWO), &[]), Vec::<String>::new());
    }

    #[test]
    fn the_allow_list_excuses_one_use_not_the_page() {
        let one = format!("{ONE}\nA ratio $\\kappa / 2$ and later $\\kappa + 1$.\n");
        let allowed = [Allowed {
            page: "chapter1.md",
            symbol: "\\kappa",
            context: "/ 2",
            reason: "a test",
        }];
        let problems = texts(&book(ROWS, &one, TWO), &allowed);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].contains("$\\kappa$ is used here"),
            "{problems:?}"
        );
        // An entry that excuses nothing, or gives no reason, is a problem.
        let stale = [Allowed {
            page: "chapter1.md",
            symbol: "\\kappa",
            context: "/ 3",
            reason: "a test",
        }];
        let problems = texts(&book(ROWS, ONE, TWO), &stale);
        assert!(
            problems.iter().any(|p| p.contains("excuses nothing")),
            "{problems:?}"
        );
        let silent = [Allowed {
            reason: " ",
            ..allowed[0]
        }];
        let problems = texts(&book(ROWS, &one, TWO), &silent);
        assert!(
            problems.iter().any(|p| p.contains("gives no reason")),
            "{problems:?}"
        );
    }

    #[test]
    fn the_real_table_is_read_row_by_row() {
        let book = the_book();
        let rows = read_table(&book.pages[0].1);
        let first = &rows[0];
        assert_eq!(first.symbols, ["x"]);
        assert_eq!(first.chapter, "1");
        assert!(
            first
                .link
                .as_deref()
                .is_some_and(|l| l.starts_with("chapter1.md#"))
        );
        assert!(rows.iter().any(|r| r.symbols == [r"\mathbb E\,\hat y(x)"]));
    }
}
