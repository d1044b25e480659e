//! serve's HTTP side: checking a request target, answering with a file of
//! the built site (the reload script added to HTML on the way), an error
//! page, or a held version request.
//!
//! This module answers requests; it never builds or watches.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use super::*;

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

pub(super) fn percent_decode(s: &str) -> Option<String> {
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

pub(super) struct Response {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
    /// An attachment of the content: sent with a sandboxing
    /// `Content-Security-Policy`, so that even a document that could run
    /// scripts runs none in the site's origin.
    sandbox: bool,
}

/// The `Location` of the redirect from a folder's path without its `/` to
/// the folder: relative to the folder's parent, and starting with `./`, so
/// that it can never name another host (`//host`) or a scheme (`a:b`).
pub(super) fn folder_redirect(path: &str) -> String {
    let last = path.rsplit('/').next().unwrap_or("");
    format!("./{last}/")
}

impl Response {
    pub(super) fn status(status: u16) -> Response {
        let text = match status {
            400 => "400 bad request",
            403 => "403 forbidden",
            405 => "405 method not allowed",
            503 => "503 too many pages are waiting for a rebuild; try again",
            _ => "404 not found",
        };
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: format!("{text}\n").into_bytes(),
            location: None,
            sandbox: false,
        }
    }
}

pub(super) fn handle(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
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
    if method == "GET" && target(raw) == Target::Version {
        if let Some(seen) = seen_version(raw) {
            let mut held = shared.held.lock().unwrap_or_else(|e| e.into_inner());
            if seen == shared.version.load(Ordering::SeqCst) {
                if held.len() >= MAX_HELD {
                    drop(held);
                    return write_response(stream, &Response::status(503), false);
                }
                // Parked: the answering thread replies after the next build,
                // or when its time is up; this thread is done.
                held.push(Held {
                    stream,
                    seen,
                    until: Instant::now() + HOLD,
                });
                return Ok(());
            }
        }
    }
    let response = if method != "GET" && !head {
        Response::status(405)
    } else {
        respond(raw, shared)
    };
    write_response(stream, &response, head)
}

/// The `v` of a version request's query (`/__tolok/version?v=12`).
pub(super) fn seen_version(raw: &str) -> Option<u64> {
    let query = raw.split('#').next()?.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("v="))?
        .parse()
        .ok()
}

pub(super) fn version_response(version: u64) -> Response {
    Response {
        status: 200,
        content_type: "text/plain; charset=utf-8",
        body: version.to_string().into_bytes(),
        location: None,
        sandbox: false,
    }
}

pub(super) fn write_response(
    mut stream: TcpStream,
    response: &Response,
    head: bool,
) -> std::io::Result<()> {
    let reason = match response.status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
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
    if response.sandbox {
        header.push_str("Content-Security-Policy: sandbox; default-src 'none'; img-src 'self'; media-src 'self'\r\n");
    }
    header.push_str("\r\n");
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

pub(super) fn respond(raw: &str, shared: &Shared) -> Response {
    let rel = match target(raw) {
        Target::Version => return version_response(shared.version.load(Ordering::SeqCst)),
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
    if let Some((list, lang)) = &errors {
        if is_page(&rel) {
            return Response {
                status: 500,
                content_type: "text/html; charset=utf-8",
                body: inject(&error_page(list, *lang), version).into_bytes(),
                location: None,
                sandbox: false,
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
                location: Some(folder_redirect(path_part)),
                sandbox: false,
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
    // Attachments are copied below `_files/` (see `view::paths::attachment`).
    let sandbox = rel.components().any(|c| c.as_os_str() == "_files")
        && !content_type.starts_with("application/pdf");
    Response {
        status: 200,
        content_type,
        body,
        location: None,
        sandbox,
    }
}

pub(super) fn content_type(path: &Path) -> &'static str {
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

/// The reload script, added before `</body>` of served HTML only. It asks
/// for a version other than its own; the server answers that at once after
/// a rebuild (or after [`HOLD`] with the same version: ask again). A hidden
/// tab stops asking, so background tabs do not use up the browser's few
/// connections to the server, and asks again when shown.
pub fn inject(html: &str, version: u64) -> String {
    let script = format!(
        "<script>/* tolok serve: reloads the page after a rebuild */(function(){{var v=\"{version}\",a;function poll(){{if(document.hidden)return;var c=a=new AbortController();fetch(\"{VERSION_PATH}?v=\"+v,{{cache:\"no-store\",signal:c.signal}}).then(function(r){{if(!r.ok)throw r;return r.text();}}).then(function(t){{if(t!==v)location.reload();else poll();}},function(){{if(!c.signal.aborted)setTimeout(poll,1000);}});}}document.addEventListener(\"visibilitychange\",function(){{if(document.hidden)a&&a.abort();else poll();}});poll();}})();</script>\n"
    );
    match html.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &html[..i], &html[i..]),
        None => format!("{html}{script}"),
    }
}

/// The page shown instead of the site while the content has errors, in
/// the site's language.
pub(super) fn error_page(list: &[Diagnostic], lang: Language) -> String {
    let errors = list.iter().filter(|d| d.is_error()).count();
    let (code, title, heading, advice) = match lang {
        Language::Id => (
            "id",
            format!("tolok: {errors} kesalahan"),
            format!("Isi belum dapat dibangun: {errors} kesalahan"),
            "Perbaiki berkas di bawah ini lalu simpan; halaman ini dimuat ulang sendiri.",
        ),
        Language::En => (
            "en",
            format!("tolok: {errors} error(s)"),
            format!("The content cannot be built: {errors} error(s)"),
            "Fix the files below and save; this page reloads by itself.",
        ),
    };
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
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#0b0c0c}}h1{{color:#a4161a}}ul{{list-style:none;padding:0}}li{{border-left:6px solid #a4161a;padding:.25rem .75rem;margin:0 0 .75rem;background:#fbeaea}}li.warning{{border-color:#8a6d00;background:#fdf6dc}}pre{{white-space:pre-wrap;margin:0;font-size:1rem}}</style>\n</head>\n<body>\n<h1>{heading}</h1>\n<p>{advice}</p>\n<ul>\n{items}</ul>\n</body>\n</html>\n"
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
        let page = error_page(
            &[Diagnostic::error(
                "a.yaml",
                crate::i18n::Msg::verbatim("bad <script>x</script>"),
            )],
            Language::Id,
        );
        assert!(page.contains("&lt;script&gt;") && !page.contains("<script>x"));
    }

    #[test]
    fn the_version_a_page_has_is_read_from_the_query() {
        assert_eq!(seen_version("/__tolok/version?v=12"), Some(12));
        assert_eq!(seen_version("/__tolok/version?x=1&v=3#a"), Some(3));
        assert_eq!(seen_version("/__tolok/version"), None);
        assert_eq!(seen_version("/__tolok/version?v=abc"), None);
        assert_eq!(target("/__tolok/version?v=12"), Target::Version);
    }
}
