//! Building the chapters' programs with cargo, one chapter's failure apart
//! from the others'.
//!
//! Each chapter's program is its example `chapterN` (which hands the chapter
//! to `harness::main`, and so answers the checker's requests). They are
//! built in one `cargo build --keep-going`, so that a chapter that does not
//! compile is reported with the compiler's first error while the others are
//! checked.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::registry::Registered;

/// Why a chapter's program could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// The compiler's first error, one line.
    pub first: String,
    /// Where it is, `file:line`, if the compiler said.
    pub location: String,
    /// Every error of the chapter as the compiler renders them.
    pub rendered: String,
}

/// The cargo that runs this program (cargo sets `CARGO`), or `cargo`.
pub fn cargo() -> PathBuf {
    std::env::var_os("CARGO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("cargo"))
}

/// Build the programs of `chapters` in the workspace at `root`, with the
/// profile this checker was built with. Returns each chapter's program, or
/// why it could not be built.
pub fn build(
    root: &Path,
    chapters: &[Registered],
) -> Result<BTreeMap<u32, Result<PathBuf, CompileError>>, String> {
    let mut command = Command::new(cargo());
    command
        .current_dir(root)
        .arg("build")
        .arg("--quiet")
        .arg("--keep-going")
        .arg("--message-format=json")
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"));
    if !cfg!(debug_assertions) {
        command.arg("--release");
    }
    for chapter in chapters {
        command.arg("-p").arg(chapter.package());
    }
    for chapter in chapters {
        command.arg("--example").arg(chapter.package());
    }
    let output = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("cannot run cargo ({}): {e}", cargo().display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    Ok(read_messages(root, chapters, &stdout, &stderr))
}

/// Which chapter a cargo message is about, from its manifest path.
fn chapter_of(root: &Path, chapters: &[Registered], manifest: &str) -> Option<u32> {
    let manifest = Path::new(manifest);
    chapters
        .iter()
        .find(|c| {
            let mine = root.join(&c.dir).join("Cargo.toml");
            manifest == mine
                || match (manifest.canonicalize(), mine.canonicalize()) {
                    (Ok(a), Ok(b)) => a == b,
                    _ => false,
                }
        })
        .map(|c| c.number)
}

/// Sort cargo's JSON messages into each chapter's program or errors. Errors
/// in a crate that is no chapter (`descent`, `harness`) count for every
/// chapter left without a program.
pub fn read_messages(
    root: &Path,
    chapters: &[Registered],
    stdout: &str,
    stderr: &str,
) -> BTreeMap<u32, Result<PathBuf, CompileError>> {
    let mut programs: BTreeMap<u32, PathBuf> = BTreeMap::new();
    let mut errors: BTreeMap<Option<u32>, Vec<(String, String, String)>> = BTreeMap::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let manifest = message["manifest_path"].as_str().unwrap_or("");
        let chapter = chapter_of(root, chapters, manifest);
        match message["reason"].as_str() {
            Some("compiler-artifact") => {
                let is_example = message["target"]["kind"]
                    .as_array()
                    .is_some_and(|kinds| kinds.iter().any(|k| k == "example"));
                if let (true, Some(n), Some(exe)) =
                    (is_example, chapter, message["executable"].as_str())
                {
                    programs.insert(n, PathBuf::from(exe));
                }
            }
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let diagnostic = &message["message"];
                let first = diagnostic["message"].as_str().unwrap_or("").to_string();
                let location = diagnostic["spans"]
                    .as_array()
                    .and_then(|spans| spans.iter().find(|s| s["is_primary"] == true))
                    .map(|span| {
                        format!(
                            "{}:{}",
                            span["file_name"].as_str().unwrap_or(""),
                            span["line_start"]
                        )
                    })
                    .unwrap_or_default();
                let rendered = diagnostic["rendered"].as_str().unwrap_or("").to_string();
                errors
                    .entry(chapter)
                    .or_default()
                    .push((first, location, rendered));
            }
            _ => {}
        }
    }
    let mut result = BTreeMap::new();
    for chapter in chapters {
        let n = chapter.number;
        if let Some(program) = programs.remove(&n) {
            result.insert(n, Ok(program));
            continue;
        }
        let mut mine: Vec<(String, String, String)> =
            errors.get(&Some(n)).cloned().unwrap_or_default();
        if mine.is_empty() {
            mine = errors.get(&None).cloned().unwrap_or_default();
        }
        let error = match mine.first() {
            Some((first, location, _)) => CompileError {
                first: first.clone(),
                location: location.clone(),
                rendered: mine
                    .iter()
                    .map(|(_, _, r)| r.trim_end().to_string())
                    .collect::<Vec<_>>()
                    .join("\n"),
            },
            None => {
                let text = stderr.trim();
                CompileError {
                    first: text
                        .lines()
                        .find(|l| l.starts_with("error"))
                        .unwrap_or("cargo could not build the chapter's program")
                        .to_string(),
                    location: String::new(),
                    rendered: text.to_string(),
                }
            }
        };
        result.insert(n, Err(error));
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chapters_errors_are_its_own_and_shared_errors_are_everyones() {
        let root = Path::new("/r");
        let chapters = [
            Registered {
                number: 1,
                dir: "chapters/chapter1".to_string(),
            },
            Registered {
                number: 2,
                dir: "chapters/chapter2".to_string(),
            },
        ];
        let stdout = r#"{"reason":"compiler-artifact","manifest_path":"/r/chapters/chapter1/Cargo.toml","target":{"kind":["example"]},"executable":"/t/debug/examples/chapter1"}
{"reason":"compiler-message","manifest_path":"/r/chapters/chapter2/Cargo.toml","message":{"level":"error","message":"mismatched types","spans":[{"is_primary":true,"file_name":"chapters/chapter2/src/exercises.rs","line_start":40}],"rendered":"error[E0308]: mismatched types\n"}}
{"reason":"compiler-message","manifest_path":"/r/chapters/chapter2/Cargo.toml","message":{"level":"warning","message":"unused","spans":[],"rendered":"warning"}}
{"reason":"build-finished","success":false}"#;
        let built = read_messages(root, &chapters, stdout, "");
        assert_eq!(built[&1], Ok(PathBuf::from("/t/debug/examples/chapter1")));
        let error = built[&2].clone().unwrap_err();
        assert_eq!(error.first, "mismatched types");
        assert_eq!(error.location, "chapters/chapter2/src/exercises.rs:40");
        assert!(error.rendered.starts_with("error[E0308]"));
        // An error in a crate every chapter uses stops both.
        let shared = r#"{"reason":"compiler-message","manifest_path":"/r/harness/Cargo.toml","message":{"level":"error","message":"broken harness","spans":[],"rendered":"error: broken harness"}}"#;
        let built = read_messages(root, &chapters, shared, "");
        assert_eq!(built[&1].clone().unwrap_err().first, "broken harness");
        assert_eq!(built[&2].clone().unwrap_err().first, "broken harness");
        // No JSON at all (a broken manifest): cargo's own words.
        let built = read_messages(root, &chapters, "", "error: failed to parse manifest\n");
        assert_eq!(
            built[&1].clone().unwrap_err().first,
            "error: failed to parse manifest"
        );
    }
}
