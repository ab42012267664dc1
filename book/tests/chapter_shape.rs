//! Every chapter ends the same way (`/work/shared/CHAPTER.md`: "a summary,
//! questions with worked answers, coding exercises, and what to try next"):
//! its last sections are `## Summary`, `## Exercises` and `## Try it`, in
//! that order, and only a `## References` may follow them.

mod common;

use std::fs;

use common::{book_src, summary_order};

/// The closing sections of a chapter, in order.
const CLOSING: [&str; 3] = ["Summary", "Exercises", "Try it"];

/// What may follow the closing sections.
const AFTER_CLOSING: [&str; 1] = ["References"];

/// The titles of the `## ` headings of `markdown`, outside fenced code.
fn sections(markdown: &str) -> Vec<String> {
    let mut fenced = false;
    let mut titles = Vec::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced && let Some(title) = line.strip_prefix("## ") {
            titles.push(title.trim().to_string());
        }
    }
    titles
}

/// What is wrong with the end of a chapter whose `## ` sections are
/// `titles`, or `None` if it ends as a chapter should.
fn closing_problem(titles: &[String]) -> Option<String> {
    let Some(start) = titles.iter().position(|t| t == CLOSING[0]) else {
        return Some("it has no `## Summary`".to_string());
    };
    let tail: Vec<&str> = titles[start..].iter().map(String::as_str).collect();
    let (closing, after) = tail.split_at(tail.len().min(CLOSING.len()));
    if closing != CLOSING || after.iter().any(|t| !AFTER_CLOSING.contains(t)) {
        return Some(format!(
            "it ends with the sections {tail:?}; a chapter ends with {CLOSING:?} (then only {AFTER_CLOSING:?})"
        ));
    }
    if titles[..start]
        .iter()
        .any(|t| CLOSING.contains(&t.as_str()))
    {
        return Some(format!(
            "a closing section comes before `## Summary`: {titles:?}"
        ));
    }
    None
}

/// The chapters of `SUMMARY.md`, as `(number, file name)`.
fn chapters() -> Vec<(u32, String)> {
    let summary = fs::read_to_string(book_src().join("SUMMARY.md")).unwrap();
    summary_order(&summary)
        .into_iter()
        .filter_map(|name| {
            let n = name
                .strip_prefix("chapter")?
                .strip_suffix(".md")?
                .parse()
                .ok()?;
            Some((n, name))
        })
        .collect()
}

#[test]
fn every_chapter_ends_with_summary_exercises_and_try_it() {
    let chapters = chapters();
    // Every chapter page is read (a student copy may hold only some).
    let pages = fs::read_dir(book_src())
        .unwrap()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("chapter") && name.ends_with(".md"))
        .count();
    assert!(
        !chapters.is_empty() && chapters.len() == pages,
        "SUMMARY.md lists {chapters:?}, book/src has {pages} chapter pages"
    );
    let mut problems = Vec::new();
    for (_, name) in &chapters {
        let markdown = fs::read_to_string(book_src().join(name)).unwrap();
        let problem = closing_problem(&sections(&markdown));
        if let Some(problem) = problem {
            problems.push(format!("{name}: {problem}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_order_check_catches_each_way_of_getting_it_wrong() {
    let titles = |list: &[&str]| list.iter().map(|t| t.to_string()).collect::<Vec<_>>();
    let ok = titles(&["Intro", "Summary", "Exercises", "Try it"]);
    assert_eq!(closing_problem(&ok), None);
    let references = titles(&["Intro", "Summary", "Exercises", "Try it", "References"]);
    assert_eq!(closing_problem(&references), None);
    for wrong in [
        &["Intro", "Try it", "Summary", "Exercises"][..],
        &["Intro", "Summary", "Try it", "Exercises"],
        &["Intro", "Summary", "Exercises"],
        &["Intro", "Exercises", "Try it"],
        &["Intro", "Summary", "Exercises", "Try it", "More"],
        &["Intro", "Summary", "Exercises", "References", "Try it"],
    ] {
        assert!(closing_problem(&titles(wrong)).is_some(), "{wrong:?}");
    }
    // A heading in a code block is not a section.
    let page = "# T\n\n## Summary\n\n```md\n## Try it\n```\n\n## Exercises\n\n## Try it\n";
    assert_eq!(sections(page), ["Summary", "Exercises", "Try it"]);
}
