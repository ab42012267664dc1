//! A tiny static HTTP server for the built book, on 127.0.0.1 only.
//!
//! Chromium loads the book from here rather than from `file://`, because the
//! search loads its index with a request that `file://` pages may not make.
//! It answers `GET` and `HEAD` for files under the root, `index.html` for a
//! directory, and 404 for anything else; each connection serves one request.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;

/// A running server. It stops with the process.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    mount: String,
}

impl Server {
    /// Serves `root` on a free port of 127.0.0.1, under the URL path `mount`
    /// (`/` or, like the published book, `/downhill/`).
    pub fn start(root: &Path, mount: &str) -> std::io::Result<Server> {
        let mount = format!("/{}/", mount.trim_matches('/')).replace("//", "/");
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let addr = listener.local_addr()?;
        let root = root.to_path_buf();
        let served = mount.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = root.clone();
                let mount = served.clone();
                thread::spawn(move || {
                    let _ = serve(&root, &mount, stream);
                });
            }
        });
        Ok(Server { addr, mount })
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The URL of the book's root, ending in `/`.
    pub fn base_url(&self) -> String {
        format!("{}{}", self.origin(), self.mount)
    }

    /// The URL path under which the book is served, with both slashes.
    pub fn mount(&self) -> &str {
        &self.mount
    }
}

fn serve(root: &Path, mount: &str, stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read (and ignore) the headers.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or_default();
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"",
            true,
        );
    }
    let inside = target.strip_prefix(mount);
    match inside
        .and_then(|target| file_for(root, target))
        .and_then(|path| fs::read(&path).ok().map(|b| (path, b)))
    {
        Some((path, body)) => respond(
            &mut stream,
            "200 OK",
            content_type(&path),
            &body,
            method == "GET",
        ),
        None => respond(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"not found",
            method == "GET",
        ),
    }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    with_body: bool,
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if with_body {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The file a request target names, if it lies under `root` and exists.
pub fn file_for(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(path)?;
    let mut file = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    file.is_file().then_some(file)
}

/// Decodes `%XX` escapes; `None` if they do not form UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && hex.bytes().all(|b| b.is_ascii_hexdigit())
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "otf" => "font/otf",
        "ttf" => "font/ttf",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_map_to_files_under_the_root_only() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(
            file_for(root, "/src/server.rs?x=1#top"),
            Some(root.join("src/server.rs"))
        );
        assert_eq!(
            file_for(root, "/src/%73erver.rs"),
            Some(root.join("src/server.rs"))
        );
        assert_eq!(file_for(root, "/../Cargo.toml"), None);
        assert_eq!(file_for(root, "/src/../../Cargo.toml"), None);
        assert_eq!(file_for(root, "/no-such-file"), None);
    }

    #[test]
    fn percent_escapes_decode() {
        assert_eq!(percent_decode("eq-1.1").as_deref(), Some("eq-1.1"));
        assert_eq!(percent_decode("a%20b%C3%A9").as_deref(), Some("a bé"));
        assert_eq!(percent_decode("100%").as_deref(), Some("100%"));
    }
}
