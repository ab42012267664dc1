//! Running one exercise's check in a process of its own, with a time limit.
//!
//! The checker starts the chapter's program with `harness::exercise::REQUEST`
//! set; the program runs the one check and writes its outcome to a file
//! (never to its standard output, which belongs to the reader's code). The
//! checker waits at most the time limit, then kills it. A program that dies
//! (a stack overflow, an abort, an exit from the reader's code) leaves no
//! outcome, and the checker says how it died; what the reader's code printed
//! is kept apart and shown with the result.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use harness::exercise::{self, Difficulty, Outcome, Verdict};

use crate::registry::ExerciseInfo;

/// The most of a reader's printed output kept for the report.
pub const OUTPUT_LIMIT: usize = 4000;

/// How to start a chapter's program.
#[derive(Debug, Clone)]
pub struct Program {
    /// The compiled program, `target/…/examples/chapterN`.
    pub exe: PathBuf,
    /// The repository root it must have been compiled from.
    pub root: PathBuf,
    /// The variant, as given on the command line.
    pub variant: Option<String>,
    /// Check the reference solutions instead of the reader's file.
    pub reference: bool,
}

/// What checking one exercise gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Ran {
    /// The outcome, in separate fields.
    pub outcome: Outcome,
    /// What the reader's code printed (standard output and error), cut to
    /// [`OUTPUT_LIMIT`] bytes.
    pub output: String,
    /// How long it took, in seconds.
    pub seconds: f64,
}

/// The chapter's program was compiled from another folder: a build folder
/// shared between two copies of the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// The folder the program was compiled from.
    pub compiled_from: String,
}

/// The program answered something the checker cannot use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Trouble {
    /// Compiled from another root.
    Stale(Stale),
    /// Anything else, in words.
    Other(String),
}

fn result_file() -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir().join(format!(
        "downhill-exercise-{}-{}.txt",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Read a pipe to its end in a thread, keeping the first `OUTPUT_LIMIT` bytes.
fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<(Vec<u8>, bool)> {
    thread::spawn(move || {
        let mut kept = Vec::new();
        let mut cut = false;
        let mut buffer = [0u8; 8192];
        while let Ok(n) = pipe.read(&mut buffer) {
            if n == 0 {
                break;
            }
            let room = OUTPUT_LIMIT.saturating_sub(kept.len());
            kept.extend_from_slice(&buffer[..n.min(room)]);
            cut |= n > room;
        }
        (kept, cut)
    })
}

/// A finished (or killed) program: its exit status, the result file's lines,
/// its output, and whether it ran out of time.
struct Finished {
    status: Option<ExitStatus>,
    records: Vec<Vec<String>>,
    stdout: String,
    stderr: String,
    timed_out: bool,
    seconds: f64,
}

fn start(program: &Program, request: &str, file: &Path) -> Result<Child, String> {
    let mut command = Command::new(&program.exe);
    command
        .current_dir(&program.root)
        .env(exercise::REQUEST, request)
        .env(exercise::RESULT_FILE, file)
        .env(exercise::ROOT, &program.root)
        .env("RUST_BACKTRACE", "0")
        .env_remove(exercise::VARIANT)
        .env_remove(exercise::SOURCE)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(variant) = &program.variant {
        command.env(exercise::VARIANT, variant);
    }
    if program.reference {
        command.env(exercise::SOURCE, "reference");
    }
    command
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", program.exe.display()))
}

fn finish(program: &Program, request: &str, limit: Duration) -> Result<Finished, String> {
    let file = result_file();
    let _ = std::fs::remove_file(&file);
    let began = Instant::now();
    let mut child = start(program, request, &file)?;
    let stdout = drain(child.stdout.take().expect("stdout is piped"));
    let stderr = drain(child.stderr.take().expect("stderr is piped"));
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if began.elapsed() >= limit => {
                timed_out = true;
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("cannot wait for {}: {e}", program.exe.display())),
        }
    };
    let seconds = began.elapsed().as_secs_f64();
    let text = |handle: thread::JoinHandle<(Vec<u8>, bool)>| {
        let (bytes, cut) = handle.join().unwrap_or_default();
        let mut text = String::from_utf8_lossy(&bytes).into_owned();
        if cut {
            text.truncate(text.trim_end().len());
            text.push_str("\n… (more output left out)");
        }
        text
    };
    let (stdout, stderr) = (text(stdout), text(stderr));
    let records = std::fs::read_to_string(&file)
        .unwrap_or_default()
        .lines()
        .map(exercise::fields)
        .collect();
    let _ = std::fs::remove_file(&file);
    Ok(Finished {
        status,
        records,
        stdout,
        stderr,
        timed_out,
        seconds,
    })
}

fn stale(records: &[Vec<String>]) -> Option<Stale> {
    records
        .iter()
        .find(|r| r.first().is_some_and(|f| f == "stale"))
        .map(|r| Stale {
            compiled_from: r.get(1).cloned().unwrap_or_default(),
        })
}

/// Ask chapter `chapter`'s program for its title and its exercises.
pub fn list(program: &Program, chapter: u32) -> Result<(String, Vec<ExerciseInfo>), Trouble> {
    let finished = finish(program, "list", Duration::from_secs(60)).map_err(Trouble::Other)?;
    if let Some(stale) = stale(&finished.records) {
        return Err(Trouble::Stale(stale));
    }
    let mut title = None;
    let mut exercises = Vec::new();
    for record in &finished.records {
        match record.first().map(String::as_str) {
            Some("chapter") => title = record.get(2).cloned(),
            Some("exercise") if record.len() >= 7 => exercises.push(ExerciseInfo {
                chapter,
                id: record[1].clone(),
                function: record[2].clone(),
                title: record[3].clone(),
                difficulty: Difficulty::from_name(&record[4]).unwrap_or(Difficulty::Warm),
                points: record[5].parse().unwrap_or(1),
                not_from_library: record[6]
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect(),
            }),
            _ => {}
        }
    }
    match title {
        Some(title) => Ok((title, exercises)),
        None => Err(Trouble::Other(format!(
            "chapter {chapter}'s program did not list its exercises{}",
            one_line_of(&finished.stderr)
                .map(|l| format!(": {l}"))
                .unwrap_or_default()
        ))),
    }
}

fn one_line_of(text: &str) -> Option<String> {
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map(|l| l.trim().to_string())
}

/// Why a program that left no outcome died, from its status and what it
/// wrote to standard error.
pub fn cause_of_death(status: Option<ExitStatus>, stderr: &str) -> String {
    if stderr.contains("has overflowed its stack") {
        return "stack overflow (a recursion that never ends?)".to_string();
    }
    if stderr.contains("memory allocation") && stderr.contains("failed") {
        return "out of memory".to_string();
    }
    let Some(status) = status else {
        return "no outcome".to_string();
    };
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            let name = match signal {
                6 => " (SIGABRT: the process aborted)",
                9 => " (SIGKILL: killed, perhaps for using too much memory)",
                11 => " (SIGSEGV: a bad memory access)",
                _ => "",
            };
            return format!("killed by signal {signal}{name}");
        }
    }
    match status.code() {
        Some(code) => format!("the process exited with code {code} before the check finished"),
        None => "the process ended before the check finished".to_string(),
    }
}

/// Check exercise `info` with chapter `info.chapter`'s program, giving up
/// after `limit`. `source` is the reader's file, relative to the root, for
/// locations.
pub fn check(
    program: &Program,
    info: &ExerciseInfo,
    limit: Duration,
    source: &str,
) -> Result<Ran, Trouble> {
    let finished = finish(program, &info.id, limit).map_err(Trouble::Other)?;
    if let Some(stale) = stale(&finished.records) {
        return Err(Trouble::Stale(stale));
    }
    let function_location = || {
        std::fs::read_to_string(program.root.join(source))
            .ok()
            .and_then(|text| exercise::function_line(&text, &info.function))
            .map(|line| format!("{source}:{line}"))
            .unwrap_or_default()
    };
    let reported = finished
        .records
        .iter()
        .find(|r| r.first().is_some_and(|f| f == "outcome") && r.len() >= 7);
    let mut stderr = finished.stderr.clone();
    let outcome = match reported {
        Some(r) => Outcome {
            verdict: Verdict::from_code(&r[1]).unwrap_or(Verdict::Failed),
            expected: r[2].clone(),
            got: r[3].clone(),
            hint: r[4].clone(),
            location: r[5].clone(),
            detail: r[6].clone(),
        },
        None if finished.timed_out => Outcome::new(Verdict::TimedOut)
            .at(function_location())
            .with_detail(format!(
                "no answer within {} (a loop that never ends?)",
                seconds_text(limit.as_secs_f64())
            )),
        None => {
            let cause = cause_of_death(finished.status, &finished.stderr);
            // Rust's own words on the overflow are the cause, not output.
            stderr = stderr
                .lines()
                .filter(|l| {
                    !l.contains("has overflowed its stack") && !l.starts_with("fatal runtime error")
                })
                .collect::<Vec<_>>()
                .join("\n");
            Outcome::new(Verdict::Crashed)
                .at(function_location())
                .with_detail(cause)
        }
    };
    let mut output = finished.stdout;
    if !stderr.trim().is_empty() {
        if !output.is_empty() && !output.ends_with('\n') {
            output.push('\n');
        }
        output.push_str(&stderr);
    }
    Ok(Ran {
        outcome,
        output: output.trim_end().to_string(),
        seconds: finished.seconds,
    })
}

/// `10 s`, `2.5 s`, `0.25 s`.
pub fn seconds_text(seconds: f64) -> String {
    let text = format!("{seconds:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text} s")
}
