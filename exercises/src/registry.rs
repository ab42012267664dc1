//! The chapters and their exercises, read from the sources.
//!
//! The checker does not link the chapters (a chapter that does not compile
//! must not stop the others), so it reads the registry's lines
//! (`chapters/Cargo.toml`) itself, and asks each chapter's program for its
//! exercises. Where a chapter does not compile, or where a student copy is
//! being written, it reads the list from the chapter's
//! `harness::exercises!` invocation instead ([`parse_exercises`]); a test
//! checks that this reading agrees with the compiled registry for every
//! chapter.

use std::path::Path;

use harness::exercise::Difficulty;

/// A chapter in the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    /// Its number.
    pub number: u32,
    /// Its crate's folder relative to the repository root, e.g. `chapters/chapter1`.
    pub dir: String,
}

impl Registered {
    /// The file the reader edits, relative to the root.
    pub fn exercises_file(&self) -> String {
        format!("{}/src/exercises.rs", self.dir)
    }

    /// The file with the checks and the `harness::exercises!` list.
    pub fn checks_file(&self) -> String {
        format!("{}/src/exercise_checks.rs", self.dir)
    }

    /// The reference solutions, relative to the root.
    pub fn solutions_file(&self) -> String {
        format!("{}/solutions/exercises.rs", self.dir)
    }

    /// Its cargo package, `chapterN`.
    pub fn package(&self) -> String {
        format!("chapter{}", self.number)
    }
}

/// The registry's chapters from the text of `chapters/Cargo.toml`: every
/// line `chapterN = { path = "…" }`, in order of `N`.
pub fn parse_registry(manifest: &str) -> Vec<Registered> {
    let mut chapters = Vec::new();
    for line in manifest.lines() {
        let Some((name, rest)) = line.split_once('=') else {
            continue;
        };
        let Some(number) = name
            .trim()
            .strip_prefix("chapter")
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let path = rest
            .split_once("path")
            .and_then(|(_, after)| after.split('"').nth(1))
            .unwrap_or("")
            .to_string();
        let path = if path.is_empty() {
            format!("chapter{number}")
        } else {
            path
        };
        chapters.push(Registered {
            number,
            dir: format!("chapters/{path}"),
        });
    }
    chapters.sort_by_key(|c| c.number);
    chapters
}

/// The registry's chapters of the repository at `root`.
pub fn registered(root: &Path) -> Result<Vec<Registered>, String> {
    let path = root.join("chapters/Cargo.toml");
    let manifest = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(parse_registry(&manifest))
}

/// One exercise, as the grade report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseInfo {
    /// The chapter's number.
    pub chapter: u32,
    /// The exercise's number, e.g. `"1.2"`.
    pub id: String,
    /// The function the reader writes.
    pub function: String,
    /// What it does.
    pub title: String,
    /// One to three stars.
    pub difficulty: Difficulty,
    /// The points a correct answer earns.
    pub points: u32,
    /// Names from the library a correct answer must not use.
    pub not_from_library: Vec<String>,
}

/// The text between the braces of the `harness::exercises!` invocation.
fn invocation(source: &str) -> Option<&str> {
    let start = source.find("exercises! {")? + "exercises! {".len();
    let mut depth = 1;
    for (i, c) in source[start..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&source[start..start + i]);
                }
            }
            _ => {}
        }
    }
    None
}

/// Split `text` at `separator` where no bracket is open and outside strings.
fn split_top(text: &str, separator: char) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut in_string = false;
    let mut current = String::new();
    let mut previous = ' ';
    for c in text.chars() {
        if in_string {
            if c == '"' && previous != '\\' {
                in_string = false;
            }
        } else {
            match c {
                '"' => in_string = true,
                '(' | '[' | '{' | '<' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                '>' if previous != '-' && previous != '=' => depth -= 1,
                c if c == separator && depth == 0 => {
                    parts.push(std::mem::take(&mut current));
                    previous = c;
                    continue;
                }
                _ => {}
            }
        }
        current.push(c);
        previous = c;
    }
    parts.push(current);
    parts
}

fn string_literal(text: &str) -> Option<(String, &str)> {
    let start = text.find('"')?;
    let rest = &text[start + 1..];
    let mut end = None;
    let mut previous = ' ';
    for (i, c) in rest.char_indices() {
        if c == '"' && previous != '\\' {
            end = Some(i);
            break;
        }
        previous = c;
    }
    let end = end?;
    Some((rest[..end].replace("\\\"", "\""), &rest[end + 1..]))
}

/// The exercises of chapter `chapter` as its `exercise_checks.rs` registers
/// them with `harness::exercises!`, read from the source text.
pub fn parse_exercises(source: &str, chapter: u32) -> Result<Vec<ExerciseInfo>, String> {
    let body = invocation(source).ok_or("no `harness::exercises!` list")?;
    let body: String = body
        .lines()
        .map(|line| match line.find("//") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut exercises = Vec::new();
    for entry in split_top(&body, ';') {
        let entry = entry.trim();
        if entry.is_empty() {
            continue;
        }
        let bad = || format!("cannot read the exercise `{entry}`");
        let (id, rest) = string_literal(entry).ok_or_else(bad)?;
        let (function, rest) = rest.split_once(':').ok_or_else(bad)?;
        let parts = split_top(rest, ',');
        // parts: type…, difficulty, "title" => check, [points N], [without […]]
        let position = parts
            .iter()
            .position(|p| Difficulty::from_name(p.trim()).is_some())
            .ok_or_else(bad)?;
        let difficulty = Difficulty::from_name(parts[position].trim()).ok_or_else(bad)?;
        let (title, _) =
            string_literal(parts.get(position + 1).ok_or_else(bad)?).ok_or_else(bad)?;
        let mut points = difficulty.points();
        let mut not_from_library = Vec::new();
        for part in &parts[position + 2..] {
            let part = part.trim();
            if let Some(n) = part.strip_prefix("points") {
                points = n.trim().parse().map_err(|_| bad())?;
            } else if let Some(list) = part.strip_prefix("without") {
                let list = list.trim().trim_start_matches('[').trim_end_matches(']');
                not_from_library = list
                    .split(',')
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty())
                    .collect();
            }
        }
        exercises.push(ExerciseInfo {
            chapter,
            id,
            function: function.trim().to_string(),
            title,
            difficulty,
            points,
            not_from_library,
        });
    }
    Ok(exercises)
}

/// A chapter's title from its page's first line, `# Title`.
pub fn title_from_markdown(markdown: &str) -> Option<String> {
    markdown
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("# "))
        .map(|t| t.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_lines_name_the_chapters_in_order() {
        let manifest = "[dependencies]\nharness.workspace = true\nchapter10 = { path = \"chapter10\" }\nchapter2 = { path = \"chapter2\" }\n";
        assert_eq!(
            parse_registry(manifest),
            [
                Registered {
                    number: 2,
                    dir: "chapters/chapter2".to_string()
                },
                Registered {
                    number: 10,
                    dir: "chapters/chapter10".to_string()
                }
            ]
        );
    }

    #[test]
    fn an_exercise_list_is_read_with_its_optional_endings() {
        let source = r#"
fn check(x: fn(&[f64; 2]) -> (f64, f64)) -> Result<(), Failure> { Ok(()) }

harness::exercises! {
    // a comment; with a semicolon
    "7.1" first: fn(&[f64; 2], Vec<(f64, f64)>) -> Option<(f64, f64)>, Warm, "a \"quoted\" title, with a comma" => check;
    "7.2" second: Second, Stretch, "the second" => crate::checks::second,
        points 5, without [descend, least_squares];
}
"#;
        let list = parse_exercises(source, 7).unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].id, "7.1");
        assert_eq!(list[0].function, "first");
        assert_eq!(list[0].title, "a \"quoted\" title, with a comma");
        assert_eq!(list[0].difficulty, Difficulty::Warm);
        assert_eq!(list[0].points, 1);
        assert!(list[0].not_from_library.is_empty());
        assert_eq!(list[1].points, 5);
        assert_eq!(list[1].not_from_library, ["descend", "least_squares"]);
        assert_eq!(list[1].difficulty, Difficulty::Stretch);
    }
}
