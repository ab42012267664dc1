//! Figure files: a chapter's figures written to the book, and the golden check
//! that the committed files are what the code draws.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::Chart;
use super::chart::{panels, stacked_panels};

/// A figure a chapter produces: the file name it lives under in the book, its
/// SVG, and its narrow rendering for phones.
///
/// The book shows the narrow rendering on small screens (the builder wraps
/// every figure in a `<picture>`), so that its text is as large on a phone as
/// the wide one's is on a desktop. It is written under the same name in the
/// folder `narrow/` beside the wide one ([`narrow_name`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The file name, e.g. `"tangent-lines.svg"`.
    pub file_name: String,
    /// The SVG document.
    pub svg: String,
    /// The narrow rendering, for phones.
    pub narrow: String,
}

/// The path of a figure's narrow rendering, relative to the wide one's
/// folder: `walks.svg` → `narrow/walks.svg`.
pub fn narrow_name(file_name: &str) -> String {
    format!("narrow/{file_name}")
}

impl Figure {
    /// A figure named `file_name` drawn from `chart`.
    pub fn new(file_name: &str, chart: &Chart) -> Self {
        Figure {
            file_name: file_name.to_string(),
            svg: chart.to_svg(),
            narrow: chart.to_narrow_svg(),
        }
    }

    /// A figure of several charts: side by side in `columns` columns in a
    /// `width × height` grid, and stacked in one column when narrow.
    pub fn panels(
        file_name: &str,
        charts: &[Chart],
        columns: usize,
        width: u32,
        height: u32,
    ) -> Self {
        Figure {
            file_name: file_name.to_string(),
            svg: panels(charts, columns, width, height),
            narrow: stacked_panels(charts),
        }
    }

    /// The files of the figure and what each holds: the wide one, then the narrow one.
    pub fn files(&self) -> [(String, &str); 2] {
        [
            (self.file_name.clone(), self.svg.as_str()),
            (narrow_name(&self.file_name), self.narrow.as_str()),
        ]
    }
}

/// Write `figures` into `directory` (created if missing), both renderings of
/// each; returns the paths written. With no figures it writes nothing and
/// creates no folder.
pub fn write_figures(directory: &Path, figures: &[Figure]) -> std::io::Result<Vec<PathBuf>> {
    if figures.is_empty() {
        // A run without figures (a chapter that shows other chapters'
        // figures) leaves no empty folder behind.
        return Ok(Vec::new());
    }
    std::fs::create_dir_all(directory.join("narrow"))?;
    let mut written = Vec::new();
    for figure in figures {
        for (name, svg) in figure.files() {
            let path = directory.join(name);
            std::fs::write(&path, svg)?;
            written.push(path);
        }
    }
    Ok(written)
}

/// Compare freshly drawn `figures` with the files committed in `directory`.
///
/// Returns one line per figure that is missing or differs, and one per SVG
/// file in `directory` that no figure is drawn into (an orphan); empty when
/// all match byte for byte. The chapter check asserts that the list is empty,
/// so a change to a chapter's code that changes a figure fails until the
/// figure is regenerated (by running the chapter) and committed.
pub fn check_figures(directory: &Path, figures: &[Figure]) -> Vec<String> {
    let mut problems = Vec::new();
    for folder in ["", "narrow/"] {
        let Ok(entries) = std::fs::read_dir(directory.join(folder)) else {
            continue;
        };
        let mut orphans: Vec<String> = entries
            .filter_map(|entry| entry.ok())
            .map(|entry| format!("{folder}{}", entry.file_name().to_string_lossy()))
            .filter(|name| name.ends_with(".svg"))
            .filter(|name| {
                !figures
                    .iter()
                    .any(|figure| figure.files().iter().any(|(file, _)| file == name))
            })
            .collect();
        orphans.sort();
        for name in orphans {
            problems.push(format!(
                "{}: no figure of the run is drawn into this file",
                directory.join(name).display()
            ));
        }
    }
    for figure in figures {
        for (name, svg) in figure.files() {
            let path = directory.join(name);
            match std::fs::read_to_string(&path) {
                Err(error) => problems.push(format!("{}: cannot read ({error})", path.display())),
                Ok(committed) if committed != svg => {
                    let mut line =
                        format!("{}: differs from the regenerated figure", path.display());
                    if let Some(at) = first_difference(&committed, svg) {
                        let _ = write!(line, " (first difference at byte {at})");
                    }
                    problems.push(line);
                }
                Ok(_) => {}
            }
        }
    }
    problems
}

fn first_difference(a: &str, b: &str) -> Option<usize> {
    a.bytes()
        .zip(b.bytes())
        .position(|(x, y)| x != y)
        .or(if a.len() != b.len() {
            Some(a.len().min(b.len()))
        } else {
            None
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::{Axis, palette};

    #[test]
    fn check_figures_reports_missing_changed_and_orphaned_files() {
        let dir = std::env::temp_dir().join(format!("harness-plot-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut chart = Chart::new(Axis::linear("x", 0.0, 1.0), Axis::linear("y", 0.0, 1.0));
        chart.line(&[(0.0, 0.0), (1.0, 1.0)], palette::BLUE);
        let figure = Figure::new("demo.svg", &chart);
        assert_eq!(check_figures(&dir, std::slice::from_ref(&figure)).len(), 2);
        write_figures(&dir, std::slice::from_ref(&figure)).unwrap();
        assert!(check_figures(&dir, std::slice::from_ref(&figure)).is_empty());
        std::fs::write(dir.join("demo.svg"), "changed").unwrap();
        std::fs::write(dir.join("stale.svg"), "left behind").unwrap();
        let problems = check_figures(&dir, &[figure]);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("stale.svg") && problems[0].contains("no figure"));
        assert!(problems[1].contains("differs"), "{problems:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
