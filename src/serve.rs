//! `tolok serve`: a live preview while editing. Builds the site into
//! `.tolok-serve/` beside the content folder, serves it over HTTP (std's
//! TcpListener: GET and HEAD of files, nothing else), watches the content
//! and theme files (polling their sizes and modification times every 300 ms,
//! no dependency), rebuilds on change and makes open pages reload.
//!
//! The reload script is added to HTML responses as they are served, never
//! to the built files. A build with errors keeps the previous site for
//! assets, and every page request gets an error page listing the
//! diagnostics until the files are fixed. Only files inside the built site
//! are served: `..`, encoded separators and links out of the site are refused.
//! This module is a preview server, not a production web server.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::build::{build, BuildOptions};
use crate::diagnostics::Diagnostic;
use crate::render::escape_html;

/// How often the tree is looked at for changes.
pub const POLL: Duration = Duration::from_millis(300);
/// The endpoint the reload script polls; never a file of the site.
pub const VERSION_PATH: &str = "/__tolok/version";
/// Where the preview is built, beside the content folder.
pub const OUT_DIR: &str = ".tolok-serve";

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub content: PathBuf,
    pub bind: String,
    pub port: u16,
    pub theme: Option<PathBuf>,
}

/// What the last build left for the server.
struct Shared {
    /// Bumped after every build, good or bad; pages reload when it changes.
    version: AtomicU64,
    /// The diagnostics of the last build when it failed.
    errors: Mutex<Option<Vec<Diagnostic>>>,
    /// Held for writing while a build swaps the site in.
    site: RwLock<PathBuf>,
}

/// Runs until the process is stopped. Returns an exit code only when it
/// cannot start.
pub fn serve(opts: &ServeOptions) -> u8 {
    let content = match opts.content.canonicalize() {
        Ok(c) if c.is_dir() => c,
        _ => {
            eprintln!(
                "error: {}: the content folder does not exist\n  = help: name the content folder: `tolok serve path/to/content`",
                opts.content.display()
            );
            return crate::cli::EXIT_ERRORS;
        }
    };
    let out = content
        .parent()
        .map(|p| p.join(OUT_DIR))
        .unwrap_or_else(|| PathBuf::from(OUT_DIR));
    let shared = Arc::new(Shared {
        version: AtomicU64::new(0),
        errors: Mutex::new(None),
        site: RwLock::new(out.clone()),
    });
    let build_options = BuildOptions {
        theme: opts.theme.clone(),
        since: None,
        progress: false,
        no_cache: false,
    };
    let listener = match TcpListener::bind((opts.bind.as_str(), opts.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "error: cannot listen on {}:{}: {e}\n  = help: choose another port with --port, e.g. --port 8001",
                opts.bind, opts.port
            );
            return crate::cli::EXIT_ERRORS;
        }
    };
    // The state the first build sees: a change made while it runs, or before
    // the watcher starts, must still trigger a rebuild.
    let first = fingerprint(&content, opts.theme.as_deref());
    rebuild(&content, &out, &build_options, &shared);
    {
        let shared = Arc::clone(&shared);
        let theme = opts.theme.clone();
        let (content, out) = (content.clone(), out.clone());
        std::thread::spawn(move || watch(&content, &out, theme, &build_options, &shared, first));
    }
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let shown = match listener.local_addr() {
        Ok(SocketAddr::V6(a)) => format!("[{}]:{}", a.ip(), a.port()),
        _ => addr,
    };
    eprintln!(
        "serving {} on http://{shown}/ (rebuilds on change; Ctrl-C to stop)",
        opts.content.display()
    );

    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            let _ = handle(stream, &shared);
        });
    }
    crate::cli::EXIT_OK
}

/// Polls the tree and rebuilds when anything changed.
fn watch(
    content: &Path,
    out: &Path,
    theme: Option<PathBuf>,
    options: &BuildOptions,
    shared: &Shared,
    mut last: u64,
) {
    loop {
        std::thread::sleep(POLL);
        let now = fingerprint(content, theme.as_deref());
        if now != last {
            last = now;
            rebuild(content, out, options, shared);
        }
    }
}

/// Sizes and modification times of every file of the content tree and the themes.
fn fingerprint(content: &Path, theme: Option<&Path>) -> u64 {
    let mut h = DefaultHasher::new();
    let site_theme = std::fs::read_to_string(content.join("site.yaml"))
        .ok()
        .and_then(|t| serde_yaml::from_str::<serde_yaml::Value>(&t).ok())
        .and_then(|v| v.get("theme").and_then(|t| t.as_str()).map(str::to_string))
        .map(|t| content.join(t.trim()));
    for root in [Some(content), theme, site_theme.as_deref()]
        .into_iter()
        .flatten()
    {
        let walker = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walker.filter_map(Result::ok) {
            entry.path().hash(&mut h);
            if let Ok(meta) = entry.metadata() {
                meta.len().hash(&mut h);
                meta.modified().ok().hash(&mut h);
            }
        }
    }
    h.finish()
}

fn rebuild(content: &Path, out: &Path, options: &BuildOptions, shared: &Shared) {
    let started = Instant::now();
    // The site, its errors and its version change together, under the lock.
    let _guard = shared.site.write().unwrap_or_else(|e| e.into_inner());
    let result = build(content, out, options);
    let mut errors = shared.errors.lock().unwrap_or_else(|e| e.into_inner());
    match result {
        Ok(report) => {
            for d in &report.warnings {
                eprintln!("{d}");
            }
            eprintln!(
                "built {} period(s), {} agencies, {} pages in {:.2} s; {} warning(s)",
                report.periods,
                report.agencies,
                report.pages,
                started.elapsed().as_secs_f64(),
                report.warnings.len()
            );
            *errors = None;
        }
        Err(failure) => {
            for d in &failure.diagnostics {
                eprintln!("{d}");
            }
            let n = failure.diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!("{n} error(s): the pages show them until the files are fixed");
            *errors = Some(failure.diagnostics);
        }
    }
    shared.version.fetch_add(1, Ordering::SeqCst);
}

/// What a request asks for, or why it is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    Version,
    /// A path relative to the site root, made of plain segments.
    File(PathBuf),
    /// The status to answer with.
    Refused(u16),
}

/// Checks a request target (`/2022/index.html?x`) and turns it into a path
/// inside the site. Refuses `..` and `.` segments (plain or percent-encoded),
/// encoded `/` and `\`, backslashes, NUL and names starting with `.`.
pub fn target(raw: &str) -> Target {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    if path == VERSION_PATH {
        return Target::Version;
    }
    if !path.starts_with('/') {
        return Target::Refused(400);
    }
    let lower = path.to_ascii_lowercase();
    if lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") {
        return Target::Refused(403);
    }
    let Some(decoded) = percent_decode(path) else {
        return Target::Refused(400);
    };
    if decoded.contains('\\') || decoded.contains('\0') {
        return Target::Refused(403);
    }
    let mut rel = PathBuf::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == ".." || segment == "." {
            return Target::Refused(403);
        }
        if segment.starts_with('.') || segment.contains(':') {
            return Target::Refused(404);
        }
        rel.push(segment);
    }
    if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
        return Target::Refused(403);
    }
    Target::File(rel)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Response {
    fn status(status: u16) -> Response {
        let text = match status {
            400 => "400 bad request",
            403 => "403 forbidden",
            405 => "405 method not allowed",
            _ => "404 not found",
        };
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{text}\n").into_bytes(),
            location: None,
        }
    }
}

fn handle(mut stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?.take(16 * 1024));
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read (and ignore) the headers.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, raw) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let head = method == "HEAD";
    let response = if method != "GET" && !head {
        Response::status(405)
    } else {
        respond(raw, shared)
    };
    let reason = match response.status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        _ => "Not Found",
    };
    let mut header = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        response.status,
        response.content_type,
        response.body.len()
    );
    if let Some(location) = &response.location {
        header.push_str(&format!("Location: {location}\r\n"));
    }
    header.push_str("\r\n");
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

fn respond(raw: &str, shared: &Shared) -> Response {
    let rel = match target(raw) {
        Target::Version => {
            return Response {
                status: 200,
                content_type: "text/plain; charset=utf-8",
                body: shared
                    .version
                    .load(Ordering::SeqCst)
                    .to_string()
                    .into_bytes(),
                location: None,
            }
        }
        Target::Refused(code) => return Response::status(code),
        Target::File(rel) => rel,
    };
    let site = shared.site.read().unwrap_or_else(|e| e.into_inner());
    let version = shared.version.load(Ordering::SeqCst);
    let errors = shared
        .errors
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let path_part = raw.split(['?', '#']).next().unwrap_or("");
    let is_page = |p: &Path| {
        p.as_os_str().is_empty() || p.extension().is_none_or(|e| e == "html" || e == "htm")
    };
    if let Some(list) = &errors {
        if is_page(&rel) {
            return Response {
                status: 500,
                content_type: "text/html; charset=utf-8",
                body: inject(&error_page(list), version).into_bytes(),
                location: None,
            };
        }
    }
    let Ok(root) = site.canonicalize() else {
        return Response::status(404);
    };
    let Ok(mut file) = root.join(&rel).canonicalize() else {
        return Response::status(404);
    };
    if !file.starts_with(&root) {
        // A link pointing out of the site.
        return Response::status(403);
    }
    if file.is_dir() {
        if !path_part.ends_with('/') {
            return Response {
                status: 301,
                content_type: "text/plain; charset=utf-8",
                body: Vec::new(),
                location: Some(format!("{path_part}/")),
            };
        }
        file.push("index.html");
        if !file.is_file() {
            return Response::status(404);
        }
    }
    let Ok(body) = std::fs::read(&file) else {
        return Response::status(404);
    };
    let content_type = content_type(&file);
    let body = if content_type.starts_with("text/html") {
        inject(&String::from_utf8_lossy(&body), version).into_bytes()
    } else {
        body
    };
    Response {
        status: 200,
        content_type,
        body,
        location: None,
    }
}

fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

/// The reload script, added before `</body>` of served HTML only.
pub fn inject(html: &str, version: u64) -> String {
    let script = format!(
        "<script>/* tolok serve: reloads the page after a rebuild */(function(){{var v=\"{version}\";function poll(){{fetch(\"{VERSION_PATH}\",{{cache:\"no-store\"}}).then(function(r){{return r.text();}}).then(function(t){{if(t!==v){{location.reload();}}else{{setTimeout(poll,300);}}}},function(){{setTimeout(poll,1000);}});}}setTimeout(poll,300);}})();</script>\n"
    );
    match html.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &html[..i], &html[i..]),
        None => format!("{html}{script}"),
    }
}

/// The page shown instead of the site while the content has errors.
fn error_page(list: &[Diagnostic]) -> String {
    let errors = list.iter().filter(|d| d.is_error()).count();
    let items: String = list
        .iter()
        .map(|d| {
            let class = if d.is_error() { "error" } else { "warning" };
            format!(
                "<li class=\"{class}\"><pre>{}</pre></li>\n",
                escape_html(&d.to_string())
            )
        })
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>tolok: {errors} error(s)</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#0b0c0c}}h1{{color:#a4161a}}ul{{list-style:none;padding:0}}li{{border-left:6px solid #a4161a;padding:.25rem .75rem;margin:0 0 .75rem;background:#fbeaea}}li.warning{{border-color:#8a6d00;background:#fdf6dc}}pre{{white-space:pre-wrap;margin:0;font-size:1rem}}</style>\n</head>\n<body>\n<h1>Isi belum dapat dibangun: {errors} kesalahan</h1>\n<p>The content has {errors} error(s). Perbaiki berkas di bawah ini lalu simpan; halaman ini dimuat ulang sendiri.</p>\n<ul>\n{items}</ul>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_stay_inside_the_site() {
        assert_eq!(target("/"), Target::File(PathBuf::new()));
        assert_eq!(
            target("/2022/index.html?q=x"),
            Target::File(PathBuf::from("2022/index.html"))
        );
        assert_eq!(
            target("/_files/SK%20Tim.pdf"),
            Target::File(PathBuf::from("_files/SK Tim.pdf"))
        );
        assert_eq!(target(VERSION_PATH), Target::Version);
        for bad in [
            "/../etc/passwd",
            "/2022/../../x",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/a/%2e%2e%2fb",
            "/a%2fb",
            "/a%5cb",
            "/a\\b",
            "/./x",
            "/x%00",
        ] {
            assert!(matches!(target(bad), Target::Refused(403)), "{bad}");
        }
        assert!(matches!(target("/.tolok-site"), Target::Refused(404)));
        assert!(matches!(target("/c:/x"), Target::Refused(404)));
        assert!(matches!(target("etc/passwd"), Target::Refused(400)));
        assert!(matches!(target("http://x/y"), Target::Refused(400)));
        assert!(matches!(target("/%zz"), Target::Refused(400)));
        // `//etc/passwd` is the site's `etc/passwd`, which does not exist.
        assert_eq!(
            target("//etc/passwd"),
            Target::File(PathBuf::from("etc/passwd"))
        );
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let html = inject("<html><body><p>x</p></body></html>", 7);
        assert!(html.contains("var v=\"7\""));
        assert!(html.ends_with("</script>\n</body></html>"));
    }

    #[test]
    fn the_error_page_escapes_what_it_shows() {
        let page = error_page(&[Diagnostic::error("a.yaml", "bad <script>x</script>")]);
        assert!(page.contains("&lt;script&gt;") && !page.contains("<script>x"));
    }
}
