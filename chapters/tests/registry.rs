//! The registry, the chapter crates, the book's chapter files and the table
//! of contents agree; and a number changed only in the prose, or only in the
//! code, is caught at every place the book quotes it.

use std::fs;
use std::path::{Path, PathBuf};

use harness::quote::{check_prose, markers};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("chapters/ sits one level below the repository root")
        .to_path_buf()
}

/// The `N` of every `prefixN<suffix>` name in `directory`, sorted.
fn numbered(directory: &Path, prefix: &str, suffix: &str) -> Vec<u32> {
    let mut numbers = Vec::new();
    for entry in fs::read_dir(directory).expect("a readable directory") {
        let name = entry.expect("a readable entry").file_name();
        let name = name.to_string_lossy();
        if let Some(n) = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .and_then(|n| n.parse().ok())
        {
            numbers.push(n);
        }
    }
    numbers.sort();
    numbers
}

#[test]
fn registry_crates_book_files_and_summary_agree() {
    let registry: Vec<u32> = chapters::all().iter().map(|c| c.number()).collect();
    let expected: Vec<u32> = (1..=registry.len() as u32).collect();
    assert_eq!(
        registry, expected,
        "the registry lists chapters 1, 2, … in order"
    );

    let crates: Vec<u32> = numbered(&root().join("chapters"), "chapter", "")
        .into_iter()
        .filter(|n| {
            root()
                .join(format!("chapters/chapter{n}/Cargo.toml"))
                .is_file()
        })
        .collect();
    assert_eq!(
        crates, registry,
        "every crate chapters/chapterN is in the registry: add `chapterN = {{ path = \"chapterN\" }}` to chapters/Cargo.toml"
    );
    let pages = numbered(&root().join("book/src"), "chapter", ".md");
    assert_eq!(
        pages, registry,
        "every chapter has book/src/chapterN.md and no page is left over"
    );

    let summary = fs::read_to_string(root().join("book/src/SUMMARY.md")).unwrap();
    let listed: Vec<(String, u32)> = summary
        .lines()
        .filter_map(|line| {
            let (title, rest) = line
                .trim_start_matches("- ")
                .strip_prefix('[')?
                .split_once("](")?;
            let n = rest
                .strip_prefix("chapter")?
                .strip_suffix(".md)")?
                .parse()
                .ok()?;
            Some((title.to_string(), n))
        })
        .collect();
    let from_registry: Vec<(String, u32)> = chapters::all()
        .iter()
        .map(|c| (c.title().to_string(), c.number()))
        .collect();
    assert_eq!(
        listed, from_registry,
        "SUMMARY.md lists every chapter, in order, under its title"
    );

    for n in registry {
        let page = fs::read_to_string(root().join(format!("book/src/chapter{n}.md"))).unwrap();
        let heading = page.lines().next().unwrap_or_default();
        let title = chapters::get(n).unwrap().title();
        assert_eq!(
            heading,
            format!("# {title}"),
            "the title of book/src/chapter{n}.md"
        );
    }
}

#[test]
fn every_example_hands_its_chapter_to_the_shared_main() {
    for chapter in chapters::all() {
        let n = chapter.number();
        let path = root().join(format!("chapters/chapter{n}/examples/chapter{n}.rs"));
        let source =
            fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let code: Vec<&str> = source
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with("//"))
            .collect();
        assert_eq!(
            code,
            [
                "fn main() {",
                &format!("    harness::main(&chapter{n}::Chapter{n});"),
                "}"
            ],
            "{} should only hand the chapter to harness::main",
            path.display()
        );
        let manifest =
            fs::read_to_string(root().join(format!("chapters/chapter{n}/Cargo.toml"))).unwrap();
        assert!(
            manifest.contains("build = \"../chapter-build.rs\""),
            "chapter {n} uses the one shared build script"
        );
        assert!(
            !root()
                .join(format!("chapters/chapter{n}/build.rs"))
                .exists()
        );
    }
}

#[test]
fn a_quoted_number_changed_in_the_prose_or_in_the_code_is_caught_everywhere() {
    for chapter in chapters::all() {
        let n = chapter.number();
        // The chapter's page and the pages it owns (an appendix), as one text.
        let mut markdown =
            fs::read_to_string(root().join(format!("book/src/chapter{n}.md"))).unwrap();
        for page in chapter.quoting_pages() {
            markdown.push('\n');
            markdown.push_str(&fs::read_to_string(root().join("book/src").join(page)).unwrap());
        }
        let quotes = chapter.book_run().quotes;
        assert_eq!(
            check_prose(&markdown, &quotes),
            Vec::<String>::new(),
            "chapter {n}"
        );
        let found = markers(&markdown).unwrap();
        for marker in &found {
            // Only in the prose: this one place says something else.
            let changed_prose = markdown.replacen(
                &format!("{{{{quote {}: {}}}}}", marker.name, marker.text),
                &format!("{{{{quote {}: {}9}}}}", marker.name, marker.text),
                1,
            );
            let problems = check_prose(&changed_prose, &quotes);
            assert_eq!(
                problems.len(),
                1,
                "chapter {n}, `{}`: {problems:?}",
                marker.name
            );
        }
        for quote in &quotes {
            // Only in the code: every place that quotes it is caught.
            let mut changed = quotes.clone();
            changed
                .iter_mut()
                .find(|q| q.name == quote.name)
                .unwrap()
                .text
                .push('9');
            let places = found.iter().filter(|m| m.name == quote.name).count();
            assert!(places >= 1, "chapter {n} never quotes `{}`", quote.name);
            let problems = check_prose(&markdown, &changed);
            assert_eq!(
                problems.len(),
                places,
                "chapter {n}, `{}`: {problems:?}",
                quote.name
            );
        }
    }
}
