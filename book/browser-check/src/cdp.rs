//! Headless Chromium and a small client for its DevTools protocol (CDP).
//!
//! [`Chromium::launch`] starts the browser with a fresh profile and
//! `--remote-debugging-port=0`, reads the `DevTools listening on ws://…` line
//! it prints, and connects to that WebSocket. Commands are JSON messages with
//! an `id`; the answer carries the same `id`, and everything else that arrives
//! is an event, kept in order until [`Cdp::next_event`] takes it.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, ErrorKind};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use serde_json::{Value, json};
use tungstenite::protocol::WebSocketConfig;
use tungstenite::{Message, WebSocket};

/// How long a single command may take before the check gives up.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);

/// A running headless Chromium. Dropping it ends the browser and removes its
/// temporary profile.
pub struct Chromium {
    child: Child,
    /// Removed when dropped, after the browser has ended.
    _profile: tempfile::TempDir,
    /// The browser-wide DevTools connection.
    pub cdp: Cdp,
}

impl Chromium {
    /// Starts `binary` headless. `fontconfig` is a fontconfig file for the
    /// browser to use instead of the system's (to hide fonts), if given.
    pub fn launch(binary: &Path, fontconfig: Option<&Path>) -> anyhow::Result<Chromium> {
        let profile = tempfile::Builder::new()
            .prefix("downhill-chromium-")
            .tempdir()
            .context("cannot make a temporary browser profile")?;
        let mut command = Command::new(binary);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--hide-scrollbars",
                "--mute-audio",
                "--lang=en-US",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        if let Some(fontconfig) = fontconfig {
            command.env("FONTCONFIG_FILE", fontconfig);
        }
        let mut child = command.spawn().with_context(|| {
            format!(
                "cannot start {} (install it with `apt-get install chromium`, \
                 or name another binary with --chromium)",
                binary.display()
            )
        })?;
        let stderr = child.stderr.take().expect("stderr is piped");
        let (sender, receiver) = mpsc::channel();
        thread::spawn(move || {
            let mut sender = Some(sender);
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("DevTools listening on ")
                    && let Some(sender) = sender.take()
                {
                    let _ = sender.send(url.trim().to_string());
                }
                // The rest of Chromium's own logging is dropped: problems of
                // the pages are read through the protocol.
            }
        });
        let url = match receiver.recv_timeout(Duration::from_secs(30)) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                bail!(
                    "{} did not print its DevTools address within 30 s",
                    binary.display()
                );
            }
        };
        let cdp = Cdp::connect(&url)?;
        Ok(Chromium {
            child,
            _profile: profile,
            cdp,
        })
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        let _ = self.cdp.call(None, "Browser.close", json!({}));
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            thread::sleep(Duration::from_millis(50));
        }
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A DevTools protocol connection.
pub struct Cdp {
    ws: WebSocket<TcpStream>,
    next_id: u64,
    events: VecDeque<Value>,
}

impl Cdp {
    /// Connects to a `ws://127.0.0.1:PORT/devtools/browser/…` address.
    pub fn connect(url: &str) -> anyhow::Result<Cdp> {
        let host = url
            .strip_prefix("ws://")
            .and_then(|rest| rest.split('/').next())
            .ok_or_else(|| anyhow!("unexpected DevTools address {url}"))?;
        let stream =
            TcpStream::connect(host).with_context(|| format!("cannot connect to {host}"))?;
        // Full-page screenshots arrive as one large message.
        let config = WebSocketConfig::default()
            .max_message_size(None)
            .max_frame_size(None);
        let (ws, _) = tungstenite::client::client_with_config(url, stream, Some(config))
            .map_err(|e| anyhow!("DevTools handshake with {url} failed: {e}"))?;
        Ok(Cdp {
            ws,
            next_id: 0,
            events: VecDeque::new(),
        })
    }

    /// Sends a command (to a page's `session`, or to the browser) and waits
    /// for its answer, keeping the events that arrive meanwhile.
    pub fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> anyhow::Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.ws
            .send(Message::text(message.to_string()))
            .with_context(|| format!("cannot send {method}"))?;
        let deadline = Instant::now() + COMMAND_TIMEOUT;
        loop {
            let Some(value) = self.read(deadline)? else {
                bail!(
                    "{method} got no answer within {} s",
                    COMMAND_TIMEOUT.as_secs()
                );
            };
            if value.get("id").and_then(Value::as_u64) == Some(id) {
                if let Some(error) = value.get("error") {
                    bail!("{method} failed: {error}");
                }
                return Ok(value.get("result").cloned().unwrap_or(Value::Null));
            }
            if value.get("method").is_some() {
                self.events.push_back(value);
            }
        }
    }

    /// The next event, or `None` if none arrives before `deadline`.
    pub fn next_event(&mut self, deadline: Instant) -> anyhow::Result<Option<Value>> {
        if let Some(event) = self.events.pop_front() {
            return Ok(Some(event));
        }
        while let Some(value) = self.read(deadline)? {
            if value.get("method").is_some() {
                return Ok(Some(value));
            }
        }
        Ok(None)
    }

    /// Reads one message, or `None` at the deadline.
    fn read(&mut self, deadline: Instant) -> anyhow::Result<Option<Value>> {
        loop {
            let now = Instant::now();
            if now >= deadline {
                return Ok(None);
            }
            self.ws
                .get_ref()
                .set_read_timeout(Some((deadline - now).max(Duration::from_millis(1))))?;
            match self.ws.read() {
                Ok(Message::Text(text)) => {
                    return Ok(Some(
                        serde_json::from_str(text.as_str()).context("DevTools sent bad JSON")?,
                    ));
                }
                Ok(Message::Close(_)) => bail!("the browser closed the DevTools connection"),
                Ok(_) => continue,
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                {
                    return Ok(None);
                }
                Err(e) => bail!("DevTools connection failed: {e}"),
            }
        }
    }
}
