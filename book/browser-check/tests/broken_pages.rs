//! The check catches what it promises to catch, on small pages made broken on
//! purpose. These tests need Chromium, so plain `cargo test` skips them;
//! `.ci/run` runs them with
//! `cargo test -p browser-check -- --ignored`.

use std::fs;
use std::path::Path;

use browser_check::{Options, run};

const SVG: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="white"/></svg>"#;

/// A figure drawn at twice its size (as the book's are) whose smallest text,
/// 12 units in its own coordinates, shows as 6 px at its natural width.
const TINY_TEXT: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 600 200"><rect width="600" height="200" fill="white"/><text x="10" y="50" font-size="30">big</text><text x="10" y="150" font-size="12">tiny</text></svg>"#;

fn write(dir: &Path, name: &str, body: &str) {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{name}</title></head>\
         <body><main>{body}</main></body></html>\n"
    );
    fs::write(dir.join(name), html).unwrap();
}

fn chromium() -> std::path::PathBuf {
    std::env::var_os("CHROMIUM")
        .map(Into::into)
        .unwrap_or_else(|| "chromium".into())
}

#[test]
#[ignore = "needs Chromium; run by .ci/run with --ignored"]
fn broken_images_links_formulas_and_requests_are_reported_with_their_page() {
    let site = tempfile::tempdir().unwrap();
    let dir = site.path();
    fs::create_dir_all(dir.join("figures")).unwrap();
    fs::write(dir.join("figures/ok.svg"), SVG).unwrap();
    fs::write(dir.join("figures/tiny.svg"), TINY_TEXT).unwrap();
    write(
        dir,
        "index.html",
        r##"<h1 id="top">Fine</h1>
        <p><img src="figures/ok.svg" alt="a white box">
        <math display="inline"><mi>x</mi><mo>+</mo><mn>1</mn></math>
        <a href="bad.html">bad</a> <a href="#top">top</a> <a href="bad.html#here">here</a>
        <a href="https://example.org/">not followed</a> <code>$$ in code is fine</code></p>"##,
    );
    write(
        dir,
        "bad.html",
        r##"<h1 id="here">Broken</h1>
        <p><img src="figures/missing.svg" alt="gone"></p>
        <p><img src="figures/tiny.svg" alt="a figure whose text is too small"></p>
        <p><a href="nowhere.html">a page that does not exist</a>
        <a href="index.html#no-such-anchor">a missing anchor</a>
        <a href="#also-missing">a missing anchor here</a></p>
        <p><math><merror><mtext>\foo</mtext></merror></math></p>
        <p>Raw: $$x^2$$ and \frac{1}{2}.</p>
        <img src="http://127.0.0.1:1/cdn.png" alt="from elsewhere">
        <script>console.error("boom");</script>"##,
    );

    let mut options = Options::pages_only(dir);
    options.chromium = chromium();
    let report = run(&options).expect("the check runs");
    let lines: Vec<String> = report.failures.iter().map(ToString::to_string).collect();
    let expect = [
        "bad.html: image figures/missing.svg did not load or decode (natural width 0)",
        "bad.html: figures/missing.svg answered HTTP 404",
        "bad.html: broken link nowhere.html: no such file in the book",
        "bad.html: broken link index.html#no-such-anchor: index.html has no element with id \"no-such-anchor\"",
        "bad.html: broken link #also-missing: this page has no element with id \"also-missing\"",
        "bad.html: formula with <merror>: \\foo",
        "bad.html: raw LaTeX shown as text: \"Raw: $$x^2$$ and \\frac{1}{2}.\"",
        "bad.html: request outside the book: http://127.0.0.1:1/cdn.png",
        "bad.html: console error: boom",
        "bad.html: on a 1280 px wide screen, the smallest text of figure tiny.svg is 6.0 px; it needs at least 12 px",
    ];
    for line in expect {
        assert!(
            lines.iter().any(|l| l == line),
            "missing: {line}\nreported:\n{}",
            lines.join("\n")
        );
    }
    // On the phone (this page has no viewport tag, so the phone lays it out
    // 980 px wide), the same figure is too small for the phone's limit too.
    assert!(
        lines.iter().any(|l| l.starts_with("bad.html: on a ")
            && l.ends_with(
                "the smallest text of figure tiny.svg is 6.0 px; it needs at least 11 px"
            )),
        "the phone's check of tiny.svg is missing:\n{}",
        lines.join("\n")
    );
    assert!(
        lines.iter().all(|l| l.starts_with("bad.html: ")),
        "only bad.html is broken:\n{}",
        lines.join("\n")
    );
    assert_eq!(report.pages, ["bad.html", "index.html"]);
}
