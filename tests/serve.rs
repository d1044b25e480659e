//! `tolok serve`: the real binary on a free port, fetched with a minimal
//! HTTP client. Pages carry the reload script (built files do not), a change
//! is rebuilt and seen (through file events, and through the polling
//! fallback), files the build ignores trigger nothing, held version requests
//! are answered by the next build and take no thread each, an error shows an
//! error page until it is fixed, and nothing outside the built site can be
//! read. Every wait is bounded; none asserts a speed.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server process; killed when the test ends, however it ends.
struct Server {
    child: Child,
    port: u16,
    log: std::sync::mpsc::Receiver<String>,
    /// Every line of its standard error read so far.
    seen: std::cell::RefCell<Vec<String>>,
}

impl Server {
    /// The lines of standard error so far.
    fn log_lines(&self) -> Vec<String> {
        let mut seen = self.seen.borrow_mut();
        seen.extend(self.log.try_iter());
        seen.clone()
    }

    /// Waits (bounded) for a line of standard error that `ok` accepts.
    fn wait_log(&self, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Some(line) = self.log_lines().into_iter().find(|l| ok(l)) {
                return line;
            }
            assert!(
                Instant::now() < deadline,
                "gave up waiting for a log line: {:?}",
                self.log_lines()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &Path, extra: &[&str]) -> Server {
    start_with(dir, extra, &[])
}

fn start_with(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tolok"))
        .env("TOLOK_LANG", "en")
        .args(["serve", "content", "--port", "0"])
        .args(extra)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("TOLOK_SERVE_POLL")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tolok serve starts");
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut server = Server {
        child,
        port: 0,
        log: rx,
        seen: Default::default(),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        match server.log.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                let port = line
                    .split("http://127.0.0.1:")
                    .nth(1)
                    .map(|rest| rest.split('/').next().unwrap().parse().unwrap());
                server.seen.borrow_mut().push(line);
                if let Some(port) = port {
                    server.port = port;
                    return server;
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(_) => break,
        }
    }
    panic!("the server did not say where it listens");
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

/// GET with the target sent exactly as given (no normalization).
fn get(port: u16, target: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// Polls `target` until `ok` holds; returns the reply and how long it took.
fn wait_for(port: u16, target: &str, ok: impl Fn(&Reply) -> bool) -> (Reply, Duration) {
    let started = Instant::now();
    loop {
        let reply = get(port, target);
        if ok(&reply) {
            return (reply, started.elapsed());
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "gave up waiting on {target}: {} {}",
            reply.status,
            &reply.body[..reply.body.len().min(400)]
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn minimal() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), &dir.path().join("content"));
    dir
}

const AGENCY_PAGE: &str = "/2022/prov-a/dinas-a/index.html";

#[test]
fn pages_are_served_with_the_reload_script_that_the_built_files_lack() {
    let dir = minimal();
    let server = start(dir.path(), &[]);
    let home = get(server.port, "/");
    assert_eq!(home.status, 200, "{}", home.head);
    assert!(home.head.contains("text/html"));
    assert!(home.body.contains("/__tolok/version"), "reload script");
    let page = get(server.port, AGENCY_PAGE);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Dinas A"));
    let built = std::fs::read_to_string(dir.path().join(".tolok-serve/index.html")).unwrap();
    assert!(
        !built.contains("__tolok"),
        "the built file has no reload script"
    );
    assert!(!dir.path().join("content/.tolok-serve").exists());
    let css = get(server.port, "/_assets/style.css");
    assert_eq!(css.status, 200);
    assert!(css.head.contains("text/css") && !css.body.contains("__tolok"));
    let version = get(server.port, "/__tolok/version");
    assert_eq!(version.status, 200);
    assert!(version.body.trim().parse::<u64>().is_ok());
    // A folder without its slash is redirected so relative links work.
    // The redirect is relative, so that `//host` can never send the
    // browser to another host.
    let folder = get(server.port, "/2022");
    assert_eq!(folder.status, 301);
    assert!(
        folder
            .head
            .lines()
            .any(|l| l.trim_end() == "Location: ./2022/"),
        "{}",
        folder.head
    );
    let folder = get(server.port, "//2022");
    assert_eq!(folder.status, 301);
    assert!(
        folder
            .head
            .lines()
            .any(|l| l.trim_end() == "Location: ./2022/"),
        "{}",
        folder.head
    );
    let folder = get(server.port, "/2022/prov-a");
    assert!(
        folder
            .head
            .lines()
            .any(|l| l.trim_end() == "Location: ./prov-a/"),
        "{}",
        folder.head
    );
    assert_eq!(get(server.port, "/2022/").status, 200);
    assert_eq!(get(server.port, "/tidak-ada.html").status, 404);
}

#[test]
fn a_change_is_rebuilt_an_error_is_shown_and_a_fix_recovers() {
    let dir = minimal();
    let server = start(dir.path(), &[]);
    let agency = dir.path().join("content/2022/prov-a/dinas-a/agency.yaml");
    let version = |port| get(port, "/__tolok/version").body;
    let v0 = version(server.port);

    std::fs::write(
        &agency,
        "name: Dinas Baru Sekali\ncluster: umum\npeer: prov-b/dinas-b\n",
    )
    .unwrap();
    let (page, took) = wait_for(server.port, AGENCY_PAGE, |r| {
        r.body.contains("Dinas Baru Sekali")
    });
    assert_eq!(page.status, 200);
    // The version moves once the new site is in place: a page read in
    // between may already be new, so the version is waited for, not raced.
    let (moved, _) = wait_for(server.port, "/__tolok/version", |r| r.body != v0);
    assert_ne!(moved.body, v0, "the version moved, so pages reload");
    eprintln!("change to new page: {} ms", took.as_millis());

    // Broken: every page shows the error, escaped; assets are still served.
    std::fs::write(&agency, "name: Dinas <b>Rusak</b>\nverfied: ya\n").unwrap();
    let (broken, _) = wait_for(server.port, AGENCY_PAGE, |r| r.status == 500);
    assert!(
        broken.body.contains("unknown key `verfied`"),
        "{}",
        broken.body
    );
    assert!(broken.body.contains("agency.yaml"));
    assert!(
        broken.body.contains("/__tolok/version"),
        "it reloads when fixed"
    );
    assert_eq!(get(server.port, "/").status, 500);
    assert_eq!(get(server.port, "/_assets/style.css").status, 200);

    // Fixed: the site is back.
    std::fs::write(&agency, "name: Dinas Pulih\ncluster: umum\n").unwrap();
    let (fixed, _) = wait_for(server.port, AGENCY_PAGE, |r| r.status == 200);
    assert!(fixed.body.contains("Dinas Pulih"));
    // The server kept running the whole time and is still up.
    assert_eq!(get(server.port, "/").status, 200);
}

#[test]
fn a_change_is_seen_through_file_events_and_ignored_files_trigger_nothing() {
    let dir = minimal();
    let server = start(dir.path(), &[]);
    let startup = server.log_lines().join("\n");
    assert!(
        !startup.contains("cannot watch") && !startup.contains("TOLOK_SERVE_POLL"),
        "file events are used: {startup}"
    );
    let version = |port| get(port, "/__tolok/version").body;
    let v0 = version(server.port);

    // A version request carrying the current version is held until a build.
    let held = {
        let (port, v0) = (server.port, v0.clone());
        std::thread::spawn(move || get(port, &format!("/__tolok/version?v={v0}")))
    };

    // Files the build skips: an editor's swap and backup files, a `_` folder.
    let agency_dir = dir.path().join("content/2022/prov-a/dinas-a");
    std::fs::write(agency_dir.join(".agency.yaml.swp"), "x").unwrap();
    std::fs::write(agency_dir.join("agency.yaml~"), "x").unwrap();
    std::fs::create_dir_all(dir.path().join("content/_draf")).unwrap();
    std::fs::write(dir.path().join("content/_draf/catatan.md"), "# x\n").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let quiet = server.log_lines();
    assert!(
        !quiet.iter().any(|l| l.starts_with("changed:")),
        "ignored files rebuilt: {quiet:?}"
    );

    // Saved as editors do: a new file renamed over the old one.
    let agency = agency_dir.join("agency.yaml");
    std::fs::write(
        agency_dir.join(".agency.yaml.tmp"),
        "name: Dinas Lewat Peristiwa\ncluster: umum\npeer: prov-b/dinas-b\n",
    )
    .unwrap();
    std::fs::rename(agency_dir.join(".agency.yaml.tmp"), &agency).unwrap();
    let (page, took) = wait_for(server.port, AGENCY_PAGE, |r| {
        r.body.contains("Dinas Lewat Peristiwa")
    });
    assert_eq!(page.status, 200);
    eprintln!("change to new page: {} ms", took.as_millis());
    // Only file events name the file that changed.
    let line = server.wait_log(|l| l.starts_with("changed:"));
    assert!(
        line.contains("content/2022/prov-a/dinas-a/agency.yaml"),
        "{line}"
    );

    let held = held.join().unwrap();
    assert_eq!(held.status, 200);
    assert_ne!(
        held.body, v0,
        "the held request was answered by the rebuild"
    );
    assert!(held.body.trim().parse::<u64>().is_ok());
    // A request with another version than the current one is answered at once.
    assert_eq!(
        get(server.port, "/__tolok/version?v=0").body,
        version(server.port)
    );

    let log = server.log_lines();
    assert!(
        !log.iter()
            .any(|l| l.contains(".swp") || l.contains('~') || l.contains("_draf")),
        "{log:?}"
    );
}

#[test]
fn the_polling_fallback_still_sees_a_change() {
    let dir = minimal();
    let server = start_with(dir.path(), &[], &[("TOLOK_SERVE_POLL", "1")]);
    let startup = server.log_lines().join("\n");
    assert!(startup.contains("TOLOK_SERVE_POLL is set"), "{startup}");
    std::fs::write(
        dir.path().join("content/2022/prov-a/dinas-a/agency.yaml"),
        "name: Dinas Lewat Polling\ncluster: umum\n",
    )
    .unwrap();
    let (page, _) = wait_for(server.port, AGENCY_PAGE, |r| {
        r.body.contains("Dinas Lewat Polling")
    });
    assert_eq!(page.status, 200);
}

#[test]
fn a_theme_folder_inside_the_tree_is_watched() {
    // `_` folders are not content, but site.yaml may name one as the theme.
    let dir = minimal();
    let content = dir.path().join("content");
    std::fs::create_dir_all(content.join("_tema/static")).unwrap();
    std::fs::write(content.join("_tema/static/catatan.txt"), "versi satu").unwrap();
    let site = std::fs::read_to_string(content.join("site.yaml")).unwrap();
    std::fs::write(content.join("site.yaml"), format!("{site}theme: _tema\n")).unwrap();
    let server = start(dir.path(), &[]);
    assert!(get(server.port, "/_assets/catatan.txt")
        .body
        .contains("versi satu"));
    std::fs::write(content.join("_tema/static/catatan.txt"), "versi dua").unwrap();
    wait_for(server.port, "/_assets/catatan.txt", |r| {
        r.body.contains("versi dua")
    });
}

#[test]
fn held_version_requests_take_no_thread_each_and_are_bounded() {
    const MAX_HELD: usize = 256;
    let dir = minimal();
    let server = start(dir.path(), &[]);
    let v0 = get(server.port, "/__tolok/version").body;
    let ask = || {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(
            stream,
            "GET /__tolok/version?v={v0} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        stream
    };
    let mut held: Vec<TcpStream> = (0..MAX_HELD).map(|_| ask()).collect();
    // One more than the limit is refused at once; those held in between
    // (if some of the first were not parked yet) are kept for later.
    let mut refused = None;
    for _ in 0..100 {
        let mut stream = ask();
        stream
            .set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        let mut raw = Vec::new();
        match stream.read_to_end(&mut raw) {
            Ok(_) => {
                refused = Some(String::from_utf8_lossy(&raw).into_owned());
                break;
            }
            Err(_) => held.push(stream),
        }
    }
    let refused = refused.expect("a request past the limit is refused");
    assert!(refused.starts_with("HTTP/1.1 503"), "{refused}");
    // The server still answers pages at once, on few threads.
    assert_eq!(get(server.port, "/").status, 200);
    #[cfg(target_os = "linux")]
    {
        let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id()));
        let threads: usize = status
            .unwrap()
            .lines()
            .find_map(|l| l.strip_prefix("Threads:"))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(
            threads < 64,
            "{threads} threads with {} requests held",
            held.len()
        );
    }
    // A rebuild answers every held request with the new version. (Of the
    // first requests, those the server reached only after the limit was
    // full were refused.)
    std::fs::write(
        dir.path().join("content/2022/prov-a/dinas-a/agency.yaml"),
        "name: Dinas Semua Menunggu\ncluster: umum\n",
    )
    .unwrap();
    let mut answered = 0;
    for mut stream in held {
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw);
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        if head.starts_with("HTTP/1.1 503") {
            continue;
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert_ne!(body, v0);
        answered += 1;
    }
    assert!(answered >= MAX_HELD, "{answered}");
}

#[test]
fn nothing_outside_the_built_site_is_served() {
    let dir = minimal();
    std::fs::write(dir.path().join("rahasia.txt"), "RAHASIA").unwrap();
    let server = start(dir.path(), &[]);
    for target in [
        "/../rahasia.txt",
        "/../../rahasia.txt",
        "/2022/../../rahasia.txt",
        "/%2e%2e/rahasia.txt",
        "/%2E%2E/%2E%2E/rahasia.txt",
        "/2022%2f..%2f..%2frahasia.txt",
        "/..%5crahasia.txt",
        "/..\\rahasia.txt",
    ] {
        let r = get(server.port, target);
        assert!(matches!(r.status, 403 | 404), "{target}: {}", r.status);
        assert!(!r.body.contains("RAHASIA"), "{target}");
    }
    for target in [
        "//etc/passwd",
        "/etc/passwd",
        &format!("/{}", dir.path().join("rahasia.txt").display()),
        "/.tolok-site",
        "/content/site.yaml",
    ] {
        let r = get(server.port, target);
        assert!(matches!(r.status, 403 | 404), "{target}: {}", r.status);
        assert!(
            !r.body.contains("RAHASIA") && !r.body.contains("root:"),
            "{target}"
        );
    }
    assert_eq!(get(server.port, "http://127.0.0.1/index.html").status, 400);

    // A link placed in the site that points out of it is refused.
    #[cfg(unix)]
    {
        let site = dir.path().join(".tolok-serve");
        std::os::unix::fs::symlink(dir.path(), site.join("keluar")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("rahasia.txt"), site.join("r.txt")).unwrap();
        for target in ["/keluar/rahasia.txt", "/r.txt"] {
            let r = get(server.port, target);
            assert_eq!(r.status, 403, "{target}");
            assert!(!r.body.contains("RAHASIA"));
        }
    }
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let dir = minimal();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = tolok_in(dir.path(), &["serve", "content", "--port", &port]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("cannot listen"), "{}", run.stderr);
}

#[test]
fn attachments_are_served_so_that_they_cannot_run() {
    let dir = minimal();
    let agency = dir.path().join("content/2022/prov-a/dinas-a");
    std::fs::write(
        agency.join("files/bukti.html"),
        "<script>alert(document.cookie)</script>",
    )
    .unwrap();
    std::fs::write(
        agency.join("evidence.yaml"),
        std::fs::read_to_string(agency.join("evidence.yaml"))
            .unwrap()
            .replacen("{title: SK Tim, file: files/sk.pdf}", "{title: SK Tim, file: files/sk.pdf}\n      - {title: Bukti, file: files/bukti.html}", 1),
    )
    .unwrap();
    let server = start(dir.path(), &[]);
    let page = get(server.port, AGENCY_PAGE);
    assert!(
        page.body.contains("_files/files/bukti.html.txt"),
        "linked as text"
    );
    let html = get(
        server.port,
        "/2022/prov-a/dinas-a/_files/files/bukti.html.txt",
    );
    assert_eq!(html.status, 200);
    assert!(
        html.head.contains("Content-Type: text/plain"),
        "{}",
        html.head
    );
    assert!(
        html.head.contains("Content-Security-Policy: sandbox"),
        "{}",
        html.head
    );
    assert!(
        html.head.contains("X-Content-Type-Options: nosniff"),
        "{}",
        html.head
    );
    assert!(
        !html.body.contains("__tolok"),
        "no reload script in an attachment"
    );
    assert_eq!(
        get(server.port, "/2022/prov-a/dinas-a/_files/files/bukti.html").status,
        404
    );
    let pdf = get(server.port, "/2022/prov-a/dinas-a/_files/files/sk.pdf");
    assert_eq!(pdf.status, 200);
    assert!(pdf.head.contains("application/pdf"));
}
