//! The book as readers get it, checked in headless Chromium.
//!
//! [`run`] serves a built book (`book/build/`) from a small HTTP server on
//! 127.0.0.1 ([`server`]), opens every page in headless Chromium through its
//! DevTools protocol ([`cdp`]) and reports each problem as a [`Failure`]
//! naming the page:
//!
//! * a console error or an uncaught exception;
//! * a request outside the book's own origin (the book must read offline), or
//!   a request the server answered with an error;
//! * an image that does not decode (natural width 0);
//! * a `<math>` element that is not MathML, an `<merror>`, a formula drawn
//!   with no width, raw `$$` or `\frac` in the text, or MathML in a colour other
//!   than the theme's text colour;
//! * a link to a page of the book that does not exist, or to an `#anchor`
//!   that the target page does not have;
//!
//! and, for the whole book ([`Options::whole_book`]): the search finds the
//! search term; `print.html` holds every chapter; each `chapterN.html` opens
//! with the box that names its command and source; every figure opens full
//! size; formulas use the bundled math font, served by the book itself, with
//! the system's math fonts hidden; in the dark themes formulas keep the text
//! colour and figures keep a white background.
//!
//! On a phone-sized screen nothing may run past the right edge of a page
//! (code blocks, display formulas and tables scroll on their own).
//!
//! With [`Options::screenshots`] it also writes full-page screenshots of every
//! chapter page at a desktop and a phone width, and of the first chapter in
//! each dark theme.

pub mod cdp;
pub mod server;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use base64::Engine as _;
use serde_json::{Value, json};

use cdp::{Cdp, Chromium};
use server::Server;

/// The file name of the math font the book bundles (in `book/theme/`).
pub const MATH_FONT_FILE: &str = "latinmodern-math.woff2";
/// The CSS family name under which the book's CSS declares that font.
pub const MATH_FONT_FAMILY: &str = "Downhill Latin Modern Math";
/// mdBook's dark themes.
pub const DARK_THEMES: [&str; 3] = ["coal", "navy", "ayu"];
/// A desktop window: width and height in CSS pixels.
pub const DESKTOP: (u32, u32) = (1280, 900);
/// A phone: width and height in CSS pixels.
pub const PHONE: (u32, u32) = (390, 844);

const INSPECT: &str = include_str!("inspect.js");
const OVERFLOW: &str = include_str!("overflow.js");
const FIGURES: &str = include_str!("figures.js");

/// The smallest text a figure may show on a desktop, in CSS pixels.
pub const DESKTOP_TEXT: f64 = 12.0;
/// The smallest text a figure may show on a phone, in CSS pixels.
pub const PHONE_TEXT: f64 = 11.0;

/// What to check and where.
#[derive(Debug, Clone)]
pub struct Options {
    /// The built book: the directory holding `index.html`.
    pub build: PathBuf,
    /// The Chromium binary.
    pub chromium: PathBuf,
    /// Search for this on `index.html` and expect at least one result.
    pub search: Option<String>,
    /// Write screenshots into this directory.
    pub screenshots: Option<PathBuf>,
    /// The checks that only make sense for the complete Downhill book: the
    /// print page, the chapter boxes, figure links, the bundled math font and
    /// the dark themes.
    pub whole_book: bool,
}

impl Options {
    /// Every check, for the book built at `build`, with Debian's Chromium,
    /// searching for "learning rate", and no screenshots.
    pub fn whole_book(build: &Path) -> Options {
        Options {
            build: build.to_path_buf(),
            chromium: PathBuf::from("chromium"),
            search: Some("learning rate".to_string()),
            screenshots: None,
            whole_book: true,
        }
    }

    /// The checks that apply to any set of pages (console, network, images,
    /// formulas, links), for small test sites.
    pub fn pages_only(build: &Path) -> Options {
        Options {
            search: None,
            whole_book: false,
            ..Options::whole_book(build)
        }
    }
}

/// One problem, on one page.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Failure {
    /// The page, relative to the build directory (`chapter1.html`).
    pub page: String,
    /// What is wrong, in one line.
    pub problem: String,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.page, self.problem)
    }
}

/// The outcome of [`run`].
#[derive(Debug, Default)]
pub struct Report {
    /// The pages checked, relative to the build directory.
    pub pages: Vec<String>,
    /// Every problem found; empty when the book passed.
    pub failures: Vec<Failure>,
    /// The screenshots written.
    pub screenshots: Vec<PathBuf>,
}

/// What one page showed, kept for the checks across pages.
#[derive(Debug, Default, Clone)]
struct Seen {
    h1: Vec<String>,
    maths: usize,
    images: usize,
    run_boxes: usize,
    ids: BTreeSet<String>,
    links: Vec<(String, String)>,
}

/// Checks the book at `options.build`. An `Err` means the check itself could
/// not run (no Chromium, no build); problems of the book are in the
/// [`Report`].
pub fn run(options: &Options) -> anyhow::Result<Report> {
    let build = &options.build;
    if !build.join("index.html").is_file() {
        bail!(
            "{} has no index.html; build the book first with `cargo run -p book`",
            build.display()
        );
    }
    let pages = html_pages(build)?;
    let server = Server::start(build, &site_path(build))?;
    let fonts = tempfile::tempdir()?;
    let fontconfig = if options.whole_book {
        let file = fonts.path().join("fonts.conf");
        fs::write(&file, HIDE_MATH_FONTS)?;
        Some(file)
    } else {
        None
    };
    let mut chromium = Chromium::launch(&options.chromium, fontconfig.as_deref())?;
    let mut tab = Tab::open(&mut chromium.cdp, &server)?;
    let mut report = Report {
        pages: pages.clone(),
        ..Report::default()
    };
    fn fail(report: &mut Report, page: &str, problem: String) {
        report.failures.push(Failure {
            page: page.to_string(),
            problem,
        });
    }

    tab.viewport(DESKTOP, false)?;
    let mut seen: BTreeMap<String, Seen> = BTreeMap::new();
    let mut found: BTreeSet<(String, String)> = BTreeSet::new();
    for page in &pages {
        let (problems, info) = tab.check_page(page, options.whole_book)?;
        for problem in problems {
            found.insert((page.clone(), problem.clone()));
            fail(&mut report, page, problem);
        }
        seen.insert(page.clone(), info);
    }

    for (page, problem) in broken_links(build, &server, &seen) {
        fail(&mut report, &page, problem);
    }

    if options.whole_book {
        for (page, problem) in print_page_problems(&seen) {
            fail(&mut report, &page, problem);
        }
        for theme in DARK_THEMES {
            let Some(page) = chapter_pages(&pages).into_iter().next() else {
                break;
            };
            tab.set_theme(Some(theme))?;
            let shown = format!("{page} ({theme} theme)");
            let (problems, _) = tab.check_page(&page, true)?;
            // Only what goes wrong in this theme; the rest was reported above.
            for problem in problems {
                if !found.contains(&(page.clone(), problem.clone())) {
                    fail(&mut report, &shown, problem);
                }
            }
            if let Some(dir) = &options.screenshots {
                let stem = page.trim_end_matches(".html").replace('/', "-");
                let file = dir.join(format!("{stem}-desktop-{theme}.png"));
                report.screenshots.extend(tab.screenshot(&file)?);
            }
            tab.set_theme(None)?;
        }
    }

    if let Some(term) = &options.search
        && let Some(problem) = tab.search(term)?
    {
        fail(&mut report, "index.html", problem);
    }

    // Desktop screenshots, then every page on a phone: nothing may run past
    // the right edge of the screen. Every figure's smallest text is measured
    // at both widths.
    for (name, size, mobile) in [("desktop", DESKTOP, false), ("phone", PHONE, true)] {
        tab.viewport(size, mobile)?;
        for page in content_pages(&pages) {
            tab.visit(&page)?;
            if mobile {
                for problem in tab.overflow()? {
                    fail(&mut report, &page, problem);
                }
            }
            let least = if mobile { PHONE_TEXT } else { DESKTOP_TEXT };
            for problem in tab.figure_text(least)? {
                fail(&mut report, &page, problem);
            }
            if let Some(dir) = &options.screenshots {
                let stem = page.trim_end_matches(".html").replace('/', "-");
                let file = dir.join(format!("{stem}-{name}.png"));
                report.screenshots.extend(tab.screenshot(&file)?);
            }
        }
    }
    report.failures.sort();
    report.failures.dedup();
    Ok(report)
}

/// A fontconfig file that keeps the system's fonts but hides every math font,
/// so the screenshots show what a reader without one sees: formulas only look
/// right if the book's own font loads.
const HIDE_MATH_FONTS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont>
    <rejectfont>
      <glob>*math*</glob>
      <glob>*Math*</glob>
      <pattern><patelt name="family"><string>Latin Modern Math</string></patelt></pattern>
      <pattern><patelt name="family"><string>STIX Two Math</string></patelt></pattern>
      <pattern><patelt name="family"><string>DejaVu Math TeX Gyre</string></patelt></pattern>
    </rejectfont>
  </selectfont>
</fontconfig>
"#;

/// The URL path the book expects to be served under: the `<base href>` that
/// mdBook writes into `404.html` from book.toml's `site-url`, or `/`.
fn site_path(build: &Path) -> String {
    let Ok(html) = fs::read_to_string(build.join("404.html")) else {
        return "/".to_string();
    };
    html.split("<base href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .filter(|path| path.starts_with('/'))
        .unwrap_or("/")
        .to_string()
}

/// Every `.html` file under `build`, relative, with `/` separators, sorted.
pub fn html_pages(build: &Path) -> anyhow::Result<Vec<String>> {
    fn walk(dir: &Path, base: &Path, found: &mut Vec<String>) -> anyhow::Result<()> {
        for entry in fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                walk(&path, base, found)?;
            } else if path.extension().is_some_and(|e| e == "html") {
                let relative = path.strip_prefix(base).unwrap_or(&path);
                let parts: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.push(parts.join("/"));
            }
        }
        Ok(())
    }
    let mut found = Vec::new();
    walk(build, build, &mut found)?;
    found.sort();
    Ok(found)
}

/// Pages that are not chapters: the copy of the first chapter, mdBook's 404
/// page, the print page and the sidebar for readers without JavaScript.
fn is_special(page: &str) -> bool {
    matches!(page, "index.html" | "404.html" | "print.html" | "toc.html")
}

/// The pages with a chapter's content, in file name order: these are
/// photographed, and checked on a phone.
fn content_pages(pages: &[String]) -> Vec<String> {
    pages.iter().filter(|p| !is_special(p)).cloned().collect()
}

/// `chapterN.html`: the pages of the numbered chapters.
fn chapter_number(page: &str) -> Option<&str> {
    let number = page.strip_prefix("chapter")?.strip_suffix(".html")?;
    (!number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())).then_some(number)
}

fn chapter_pages(pages: &[String]) -> Vec<String> {
    let mut chapters: Vec<String> = pages
        .iter()
        .filter(|p| chapter_number(p).is_some())
        .cloned()
        .collect();
    chapters.sort_by_key(|p| chapter_number(p).and_then(|n| n.parse::<u32>().ok()));
    chapters
}

/// A browser tab, attached through a flat DevTools session.
struct Tab<'a> {
    cdp: &'a mut Cdp,
    session: String,
    origin: String,
    base: String,
    theme_script: Option<String>,
    /// The window: width and height in CSS pixels, and whether it is a phone.
    window: ((u32, u32), bool),
}

/// What happened while a page loaded.
#[derive(Debug, Default)]
struct Load {
    problems: Vec<String>,
    /// Every URL the page requested, with the HTTP status when one came.
    requests: BTreeMap<String, Option<u64>>,
}

impl<'a> Tab<'a> {
    fn open(cdp: &'a mut Cdp, server: &Server) -> anyhow::Result<Tab<'a>> {
        let target = cdp.call(None, "Target.createTarget", json!({ "url": "about:blank" }))?;
        let target_id = target["targetId"].as_str().unwrap_or_default().to_string();
        let attached = cdp.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        )?;
        let session = attached["sessionId"]
            .as_str()
            .context("no DevTools session")?
            .to_string();
        let mut tab = Tab {
            cdp,
            session,
            origin: server.origin(),
            base: server.base_url(),
            theme_script: None,
            window: (DESKTOP, false),
        };
        for domain in ["Page", "Runtime", "Log", "Network"] {
            tab.call(&format!("{domain}.enable"), json!({}))?;
        }
        // Every page fetches everything it needs, so each page's requests can
        // be checked on their own.
        tab.call("Network.setCacheDisabled", json!({ "cacheDisabled": true }))?;
        // Readers who prefer dark get the dark theme; the check starts light.
        tab.call(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": "light" }] }),
        )?;
        Ok(tab)
    }

    fn call(&mut self, method: &str, params: Value) -> anyhow::Result<Value> {
        self.cdp.call(Some(&self.session), method, params)
    }

    fn viewport(&mut self, (width, height): (u32, u32), mobile: bool) -> anyhow::Result<()> {
        self.window = ((width, height), mobile);
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile }),
        )?;
        Ok(())
    }

    /// Makes the next pages load in mdBook's `theme` (as if the reader had
    /// picked it), or in the default theme for `None`.
    fn set_theme(&mut self, theme: Option<&str>) -> anyhow::Result<()> {
        if let Some(id) = self.theme_script.take() {
            self.call(
                "Page.removeScriptToEvaluateOnNewDocument",
                json!({ "identifier": id }),
            )?;
        }
        let source = match theme {
            Some(theme) => format!("localStorage.setItem('mdbook-theme', '{theme}');"),
            None => "localStorage.removeItem('mdbook-theme');".to_string(),
        };
        let added = self.call(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": source }),
        )?;
        self.theme_script = added["identifier"].as_str().map(str::to_string);
        Ok(())
    }

    /// Loads `page` (a path relative to the book, possibly with a query) and
    /// waits until it has loaded and the network has been quiet for a moment.
    fn visit(&mut self, page: &str) -> anyhow::Result<Load> {
        // Forget what the previous page was still saying.
        while self
            .cdp
            .next_event(Instant::now() + Duration::from_millis(20))?
            .is_some()
        {}
        let url = format!("{}{page}", self.base);
        let navigated = self.call("Page.navigate", json!({ "url": url }))?;
        let mut load = Load::default();
        if let Some(error) = navigated.get("errorText").and_then(Value::as_str) {
            load.problems
                .push(format!("the page did not load: {error}"));
            return Ok(load);
        }
        let mut in_flight: BTreeSet<String> = BTreeSet::new();
        let mut loaded = false;
        let start = Instant::now();
        let mut quiet_since = Instant::now();
        loop {
            let now = Instant::now();
            if loaded && in_flight.is_empty() && now - quiet_since > Duration::from_millis(400) {
                break;
            }
            if now - start > Duration::from_secs(30) {
                if !loaded {
                    load.problems
                        .push("the page did not finish loading within 30 s".to_string());
                }
                break;
            }
            let Some(event) = self.cdp.next_event(now + Duration::from_millis(100))? else {
                continue;
            };
            if event["sessionId"].as_str() != Some(&self.session) {
                continue;
            }
            let params = &event["params"];
            match event["method"].as_str().unwrap_or_default() {
                "Page.loadEventFired" => {
                    loaded = true;
                    quiet_since = Instant::now();
                }
                "Runtime.consoleAPICalled" => {
                    let kind = params["type"].as_str().unwrap_or_default();
                    if kind == "error" || kind == "assert" {
                        let text: Vec<String> = params["args"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .map(|arg| match &arg["value"] {
                                Value::String(s) => s.clone(),
                                Value::Null => {
                                    arg["description"].as_str().unwrap_or_default().to_string()
                                }
                                other => other.to_string(),
                            })
                            .collect();
                        load.problems
                            .push(format!("console error: {}", one_line(&text.join(" "))));
                    }
                }
                "Runtime.exceptionThrown" => {
                    let details = &params["exceptionDetails"];
                    let text = details["exception"]["description"]
                        .as_str()
                        .or(details["text"].as_str())
                        .unwrap_or("uncaught exception");
                    load.problems
                        .push(format!("uncaught exception: {}", one_line(text)));
                }
                "Log.entryAdded" => {
                    let entry = &params["entry"];
                    // Failed requests are reported from the network events,
                    // with their status.
                    if entry["level"] == "error" && entry["source"] != "network" {
                        load.problems.push(format!(
                            "console error: {}",
                            one_line(entry["text"].as_str().unwrap_or_default())
                        ));
                    }
                }
                "Network.requestWillBeSent" => {
                    let url = params["request"]["url"].as_str().unwrap_or_default();
                    let id = params["requestId"].as_str().unwrap_or_default();
                    if !self.is_inside(url) {
                        load.problems
                            .push(format!("request outside the book: {}", short(url)));
                    }
                    in_flight.insert(id.to_string());
                    load.requests.insert(url.to_string(), None);
                }
                "Network.responseReceived" => {
                    let url = params["response"]["url"].as_str().unwrap_or_default();
                    let status = params["response"]["status"].as_u64().unwrap_or(0);
                    load.requests.insert(url.to_string(), Some(status));
                    // Chromium asks for /favicon.ico by itself on a page that
                    // names no icon (mdBook's toc.html); the book never does.
                    let favicon = url == format!("{}/favicon.ico", self.origin);
                    if status >= 400 && self.is_inside(url) && !favicon {
                        load.problems
                            .push(format!("{} answered HTTP {status}", self.shown(url)));
                    }
                }
                "Network.loadingFinished" => {
                    in_flight.remove(params["requestId"].as_str().unwrap_or_default());
                    quiet_since = Instant::now();
                }
                "Network.loadingFailed" => {
                    let id = params["requestId"].as_str().unwrap_or_default();
                    in_flight.remove(id);
                    quiet_since = Instant::now();
                    let error = params["errorText"].as_str().unwrap_or_default();
                    if params["canceled"] != true && !error.is_empty() {
                        load.problems.push(format!("a request failed: {error}"));
                    }
                }
                _ => {}
            }
        }
        Ok(load)
    }

    /// Whether `url` belongs to the book: its own origin, or inline data.
    fn is_inside(&self, url: &str) -> bool {
        url.starts_with(&format!("{}/", self.origin))
            || ["data:", "blob:", "about:"]
                .iter()
                .any(|scheme| url.starts_with(scheme))
    }

    /// A URL of the book as a path relative to the book (`figures/x.svg`).
    fn shown(&self, url: &str) -> String {
        url.strip_prefix(&self.base).unwrap_or(url).to_string()
    }

    fn evaluate(&mut self, expression: &str) -> anyhow::Result<Value> {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        )?;
        if let Some(details) = result.get("exceptionDetails") {
            bail!("the check's script failed: {details}");
        }
        Ok(result["result"]["value"].clone())
    }

    /// Loads `page`, inspects it, and returns its problems and what the
    /// checks across pages need.
    fn check_page(&mut self, page: &str, whole_book: bool) -> anyhow::Result<(Vec<String>, Seen)> {
        let load = self.visit(page)?;
        let mut problems = load.problems;
        let info = self.evaluate(INSPECT)?;
        let strings = |value: &Value| -> Vec<String> {
            value
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };

        let images = info["images"].as_array().cloned().unwrap_or_default();
        for image in &images {
            if image["width"].as_u64() == Some(0) {
                problems.push(format!(
                    "image {} did not load or decode (natural width 0)",
                    image["src"].as_str().unwrap_or_default()
                ));
            }
        }
        let maths = info["maths"].as_u64().unwrap_or(0) as usize;
        let not_mathml = info["notMathml"].as_u64().unwrap_or(0);
        if not_mathml > 0 {
            problems.push(format!("{not_mathml} <math> element(s) are not MathML"));
        }
        for formula in strings(&info["merrors"]) {
            problems.push(format!("formula with <merror>: {formula}"));
        }
        for formula in strings(&info["flat"]) {
            problems.push(format!("formula drawn with no width: {formula}"));
        }
        for text in strings(&info["raw"]) {
            problems.push(format!("raw LaTeX shown as text: \"{text}\""));
        }
        let main_color = info["mainColor"].as_str().unwrap_or_default();
        for color in strings(&info["mathColors"]) {
            if color != main_color {
                problems.push(format!(
                    "formulas are drawn in {color}, not in the text colour {main_color}"
                ));
            }
        }

        if whole_book {
            let theme = info["theme"].as_str().unwrap_or_default();
            let dark = DARK_THEMES
                .iter()
                .any(|t| theme.split_whitespace().any(|c| c == *t));
            for image in &images {
                let background = image["background"].as_str().unwrap_or_default();
                if dark && image["inMain"] == true && background != "rgb(255, 255, 255)" {
                    problems.push(format!(
                        "figure {} has background {background} in a dark theme, not white",
                        image["src"].as_str().unwrap_or_default()
                    ));
                }
            }
            let figures = images.iter().filter(|i| i["inMain"] == true).count() as u64;
            let linked = info["figureLinks"].as_u64().unwrap_or(0);
            if linked < figures {
                problems.push(format!(
                    "{} of {figures} figure(s) cannot be opened full size (not inside a link)",
                    figures - linked
                ));
            }
            if maths > 0 {
                problems.extend(self.math_font_problems(&load.requests, &info["fonts"]));
            }
            if let Some(n) = chapter_number(page) {
                problems.extend(run_box_problems(n, &info["runBoxes"]));
            }
        }

        let seen = Seen {
            h1: strings(&info["h1"]),
            maths,
            images: images.iter().filter(|i| i["inMain"] == true).count(),
            run_boxes: info["runBoxes"].as_array().map_or(0, Vec::len),
            ids: strings(&info["ids"]).into_iter().collect(),
            links: info["links"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|pair| {
                    Some((pair[0].as_str()?.to_string(), pair[1].as_str()?.to_string()))
                })
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect(),
        };
        Ok((problems, seen))
    }

    /// The page must have fetched the bundled math font from the book itself
    /// and the browser must have loaded it.
    fn math_font_problems(
        &self,
        requests: &BTreeMap<String, Option<u64>>,
        fonts: &Value,
    ) -> Vec<String> {
        let mut problems = Vec::new();
        let fetched = requests.iter().find(|(url, _)| {
            url.split(['?', '#'])
                .next()
                .is_some_and(|path| path.ends_with(MATH_FONT_FILE))
        });
        match fetched {
            None => problems.push(format!(
                "the page has formulas but did not request the bundled math font {MATH_FONT_FILE}"
            )),
            Some((url, _)) if !self.is_inside(url) => problems.push(format!(
                "the math font came from outside the book: {}",
                short(url)
            )),
            Some((url, status)) if *status != Some(200) => problems.push(format!(
                "the math font {} was not served ({})",
                self.shown(url),
                status.map_or("no answer".to_string(), |s| format!("HTTP {s}"))
            )),
            Some(_) => {}
        }
        let loaded = fonts.as_array().into_iter().flatten().any(|font| {
            font["family"].as_str() == Some(MATH_FONT_FAMILY) && font["status"] == "loaded"
        });
        if !loaded {
            problems.push(format!(
                "the font \"{MATH_FONT_FAMILY}\" is not loaded (is it first in the math font stack?)"
            ));
        }
        problems
    }

    /// Searches on `index.html` through the search box's URL parameter and
    /// returns a problem if nothing is found.
    fn search(&mut self, term: &str) -> anyhow::Result<Option<String>> {
        let query: String = term
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect();
        let load = self.visit(&format!("index.html?search={query}"))?;
        if let Some(problem) = load.problems.first() {
            return Ok(Some(format!("while searching: {problem}")));
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = self
                .evaluate("document.querySelectorAll('#mdbook-searchresults li a[href]').length")?;
            if found.as_u64().unwrap_or(0) > 0 {
                return Ok(None);
            }
            if Instant::now() > deadline {
                return Ok(Some(format!("search for \"{term}\" found nothing")));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// What sticks out past the right edge of the page now shown.
    fn overflow(&mut self) -> anyhow::Result<Vec<String>> {
        let found = self.evaluate(OVERFLOW)?;
        let width = found["width"].as_u64().unwrap_or(0);
        Ok(found["found"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(|what| format!("on a {width} px wide screen, {what}, past the edge"))
            .collect())
    }

    /// Figures on the page now shown whose smallest text is below `least`
    /// CSS pixels, one line each naming the figure.
    fn figure_text(&mut self, least: f64) -> anyhow::Result<Vec<String>> {
        let found = self.evaluate(FIGURES)?;
        let width = found["width"].as_u64().unwrap_or(0);
        Ok(found["found"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|figure| {
                let smallest = figure["smallest"].as_f64()?;
                (smallest < least).then(|| {
                    format!(
                        "on a {width} px wide screen, the smallest text of figure {} is \
                         {smallest:.1} px; it needs at least {least} px",
                        figure["figure"].as_str().unwrap_or("?")
                    )
                })
            })
            .collect())
    }

    /// Full-page PNGs of the page now shown: `file`, or for a page taller than
    /// one picture can be, `file` with `-1`, `-2`, … before `.png`, top to
    /// bottom. The window is made as tall as the picture while it is taken, so
    /// fixed parts (mdBook's sidebar) run down the whole picture as they would
    /// for a reader scrolling. Returns the files written.
    fn screenshot(&mut self, file: &Path) -> anyhow::Result<Vec<PathBuf>> {
        // Chromium draws at most 16384 px in one picture.
        const TALLEST: f64 = 16000.0;
        let ((width, height), mobile) = self.window;
        let total = {
            let metrics = self.call("Page.getLayoutMetrics", json!({}))?;
            metrics["cssContentSize"]["height"]
                .as_f64()
                .unwrap_or(f64::from(height))
                .ceil()
        };
        let window = total.clamp(f64::from(height), TALLEST);
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": window, "deviceScaleFactor": 1, "mobile": mobile }),
        )?;
        let parts = (total / TALLEST).ceil().max(1.0) as usize;
        let mut written = Vec::new();
        let mut result = Ok(());
        for part in 0..parts {
            let top = part as f64 * TALLEST;
            let tall = (total - top).min(TALLEST);
            let name = if parts == 1 {
                file.to_path_buf()
            } else {
                let stem = file.file_stem().unwrap_or_default().to_string_lossy();
                file.with_file_name(format!("{stem}-{}.png", part + 1))
            };
            result = self
                .capture(top, f64::from(width), tall, &name)
                .map(|()| written.push(name));
            if result.is_err() {
                break;
            }
        }
        self.viewport((width, height), mobile)?;
        result.map(|()| written)
    }

    /// One picture of the page from `top` down, `tall` pixels high, after
    /// scrolling there (so fixed parts are drawn where the reader sees them).
    fn capture(&mut self, top: f64, width: f64, tall: f64, file: &Path) -> anyhow::Result<()> {
        self.evaluate(&format!(
            "window.scrollTo(0, {top}); \
             new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        ))?;
        let shot = self.call(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": { "x": 0, "y": top, "width": width, "height": tall, "scale": 1 },
            }),
        )?;
        let data = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap_or_default())
            .context("the screenshot is not base64")?;
        if let Some(dir) = file.parent() {
            fs::create_dir_all(dir)?;
        }
        fs::write(file, data).with_context(|| format!("cannot write {}", file.display()))
    }
}

/// Each `chapterN.html` opens with one box that names the command that runs
/// the chapter and links to the chapter's source.
fn run_box_problems(n: &str, boxes: &Value) -> Vec<String> {
    let boxes = boxes.as_array().cloned().unwrap_or_default();
    let command = format!("cargo run --example chapter{n}");
    let source = format!("/tree/main/chapters/chapter{n}");
    match boxes.as_slice() {
        [] => vec![format!("no box with `{command}` at the top of the chapter")],
        [one] => {
            let mut problems = Vec::new();
            if !one["text"].as_str().unwrap_or_default().contains(&command) {
                problems.push(format!("the chapter's box does not say `{command}`"));
            }
            let links_source = one["links"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|l| l.as_str().is_some_and(|l| l.ends_with(&source)));
            if !links_source {
                problems.push(format!("the chapter's box does not link to …{source}"));
            }
            problems
        }
        more => vec![format!("{} chapter boxes instead of one", more.len())],
    }
}

/// Every link to a page of the book must reach an existing file, and its
/// `#anchor` an element of that page with that id.
fn broken_links(
    build: &Path,
    server: &Server,
    seen: &BTreeMap<String, Seen>,
) -> Vec<(String, String)> {
    let base = server.base_url();
    let origin = format!("{}/", server.origin());
    let mut problems = Vec::new();
    for (page, info) in seen {
        for (href, url) in &info.links {
            // `#id` is written for this page, even where a `<base href>` (as in
            // mdBook's 404 page) makes the browser resolve it elsewhere.
            if let Some(fragment) = href.strip_prefix('#') {
                let id = server::percent_decode(fragment).unwrap_or_else(|| fragment.to_string());
                if !id.is_empty() && !info.ids.contains(&id) {
                    problems.push((
                        page.clone(),
                        format!("broken link {href}: this page has no element with id \"{id}\""),
                    ));
                }
                continue;
            }
            if !url.starts_with(&origin) {
                continue; // another site: not followed (the book reads offline)
            }
            let Some(inside) = url.strip_prefix(&base) else {
                problems.push((page.clone(), format!("link {href} leaves the book")));
                continue;
            };
            let (path, fragment) = match inside.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (inside, None),
            };
            let path = path.split('?').next().unwrap_or_default();
            let Some(file) = server::file_for(build, path) else {
                problems.push((
                    page.clone(),
                    format!("broken link {href}: no such file in the book"),
                ));
                continue;
            };
            let Some(fragment) = fragment.filter(|f| !f.is_empty()) else {
                continue;
            };
            let target = file
                .strip_prefix(build)
                .unwrap_or(&file)
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            let id = server::percent_decode(fragment).unwrap_or_else(|| fragment.to_string());
            match seen.get(&target) {
                Some(target_info) if target_info.ids.contains(&id) => {}
                Some(_) => problems.push((
                    page.clone(),
                    format!("broken link {href}: {target} has no element with id \"{id}\""),
                )),
                None => {} // an anchor in a file that is not a page
            }
        }
    }
    problems
}

/// `print.html` must show the whole book: every chapter's title, and at least
/// as many formulas, figures and chapter boxes as the chapters have together.
fn print_page_problems(seen: &BTreeMap<String, Seen>) -> Vec<(String, String)> {
    let page = "print.html".to_string();
    let Some(print) = seen.get(&page) else {
        return vec![(page, "there is no print page".to_string())];
    };
    let mut problems = Vec::new();
    let chapters: Vec<(&String, &Seen)> = seen.iter().filter(|(p, _)| !is_special(p)).collect();
    for (chapter, info) in &chapters {
        if let Some(title) = info.h1.first()
            && !print.h1.contains(title)
        {
            problems.push((
                page.clone(),
                format!("the chapter \"{title}\" ({chapter}) is missing"),
            ));
        }
    }
    let total = |f: fn(&Seen) -> usize| chapters.iter().map(|(_, s)| f(s)).sum::<usize>();
    for (what, chapters_have, print_has) in [
        ("formulas", total(|s| s.maths), print.maths),
        ("figures", total(|s| s.images), print.images),
        ("chapter boxes", total(|s| s.run_boxes), print.run_boxes),
    ] {
        if print_has < chapters_have {
            problems.push((
                page.clone(),
                format!("shows {print_has} {what}, but the chapters have {chapters_have}"),
            ));
        }
    }
    problems
}

fn one_line(text: &str) -> String {
    short(&text.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn short(text: &str) -> String {
    const MAX: usize = 160;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_pages_are_recognised_and_ordered_by_number() {
        let pages: Vec<String> = [
            "chapter10.html",
            "index.html",
            "chapter2.html",
            "chapterx.html",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(chapter_pages(&pages), ["chapter2.html", "chapter10.html"]);
        assert!(is_special("print.html"));
        assert_eq!(chapter_number("chapter12.html"), Some("12"));
    }

    #[test]
    fn the_print_page_must_hold_every_chapter() {
        let chapter = |title: &str, maths| Seen {
            h1: vec![title.to_string()],
            maths,
            ..Seen::default()
        };
        let mut seen = BTreeMap::new();
        seen.insert("a.html".to_string(), chapter("A", 2));
        seen.insert("b.html".to_string(), chapter("B", 3));
        seen.insert(
            "print.html".to_string(),
            Seen {
                h1: vec!["A".to_string()],
                maths: 2,
                ..Seen::default()
            },
        );
        let problems: Vec<String> = print_page_problems(&seen)
            .into_iter()
            .map(|(page, problem)| format!("{page}: {problem}"))
            .collect();
        assert_eq!(
            problems,
            [
                "print.html: the chapter \"B\" (b.html) is missing",
                "print.html: shows 2 formulas, but the chapters have 5",
            ]
        );
    }

    #[test]
    fn run_boxes_name_the_command_and_the_source() {
        let good = json!([{
            "text": "Run it: cargo run --example chapter3 · source",
            "links": ["https://example.org/x/tree/main/chapters/chapter3"],
        }]);
        assert!(run_box_problems("3", &good).is_empty());
        assert_eq!(run_box_problems("4", &good).len(), 2);
        assert_eq!(
            run_box_problems("3", &json!([])),
            ["no box with `cargo run --example chapter3` at the top of the chapter"]
        );
    }

    #[test]
    fn the_site_path_comes_from_the_404_page() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(site_path(dir.path()), "/");
        fs::write(
            dir.path().join("404.html"),
            "<head><base href=\"/downhill/\"></head>",
        )
        .unwrap();
        assert_eq!(site_path(dir.path()), "/downhill/");
    }

    #[test]
    fn long_text_is_shortened_on_one_line() {
        assert_eq!(one_line("a\n  b"), "a b");
        assert!(short(&"x".repeat(500)).ends_with('…'));
    }
}
