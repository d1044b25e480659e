//! `tolok serve`: the real binary on a free port, fetched with a minimal
//! HTTP client. Pages carry the reload script (built files do not), a change
//! is rebuilt and seen, an error shows an error page until it is fixed, and
//! nothing outside the built site can be read. Every wait is bounded.

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
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tolok"))
        .args(["serve", "content", "--port", "0"])
        .args(extra)
        .current_dir(dir)
        .env("NO_COLOR", "1")
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
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        match server.log.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                    server.port = rest.split('/').next().unwrap().parse().unwrap();
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
    let folder = get(server.port, "/2022");
    assert_eq!(folder.status, 301);
    assert!(folder.head.contains("Location: /2022/"));
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
    assert_ne!(
        version(server.port),
        v0,
        "the version moved, so pages reload"
    );
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
