//! Collecting mdBook's warnings.
//!
//! mdBook 0.5 reports problems it can live with (unclosed HTML tags, unused
//! footnotes, bad links in the summary, …) through `tracing` at WARN level and
//! carries on. Some of its dependencies use the `log` crate instead. To fail
//! the build on them, [`collect_warnings`] runs a closure under a
//! thread-local `tracing` subscriber that records every WARN and ERROR event,
//! with `log` records forwarded into `tracing` as well. mdBook renders on the
//! calling thread, so parallel tests each see only their own warnings.

use std::fmt::{self, Write as _};
use std::sync::{Arc, Mutex, Once};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// Runs `f` and returns its result with every warning or error logged while
/// it ran on this thread, one string each (`WARN target: message`).
pub fn collect_warnings<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    static LOG_BRIDGE: Once = Once::new();
    LOG_BRIDGE.call_once(|| {
        // Fails only if another `log` logger was installed first; then `log`
        // records go there instead, and `tracing` events are still collected.
        let _ = tracing_log::LogTracer::init_with_filter(tracing_log::log::LevelFilter::Warn);
    });
    let collector = Collector::default();
    let seen = Arc::clone(&collector.seen);
    let result = tracing::subscriber::with_default(collector, f);
    let warnings = std::mem::take(&mut *seen.lock().unwrap_or_else(|e| e.into_inner()));
    (result, warnings)
}

#[derive(Default)]
struct Collector {
    seen: Arc<Mutex<Vec<String>>>,
}

impl Subscriber for Collector {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        *metadata.level() <= Level::WARN
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::WARN)
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let metadata = event.metadata();
        let target = fields.log_target.as_deref().unwrap_or(metadata.target());
        let line = format!("{} {target}: {}", metadata.level(), fields.text);
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(line);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

/// The message of an event, followed by any other fields as `name=value`.
#[derive(Default)]
struct Fields {
    text: String,
    log_target: Option<String>,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "log.target" {
            self.log_target = Some(value.to_string());
        } else {
            self.record_debug(field, &value);
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        match field.name() {
            "message" => {
                let _ = write!(self.text, "{value:?}");
            }
            name if name.starts_with("log.") => {}
            name => {
                let _ = write!(self.text, " {name}={value:?}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_tracing_and_log_warnings_on_this_thread_only() {
        let ((), seen) = collect_warnings(|| {
            tracing::warn!("first {}", 1);
            tracing::info!("not collected");
            tracing::error!(code = 7, "second");
            tracing_log::log::warn!(target: "some_crate", "from log");
            std::thread::spawn(|| tracing::warn!("other thread"))
                .join()
                .unwrap();
        });
        assert_eq!(seen.len(), 3, "{seen:?}");
        assert!(
            seen[0].starts_with("WARN ") && seen[0].ends_with(": first 1"),
            "{seen:?}"
        );
        assert!(
            seen[1].starts_with("ERROR ") && seen[1].ends_with("second code=7"),
            "{seen:?}"
        );
        assert_eq!(seen[2], "WARN some_crate: from log");
    }
}
