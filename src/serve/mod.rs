//! `tolok serve`: a live preview while editing. Builds the site into
//! `.tolok-serve/` beside the content folder, serves it over HTTP (std's
//! TcpListener: GET and HEAD of files, nothing else), watches the content
//! and theme folders, rebuilds on change and makes open pages reload.
//!
//! Changes are learnt from the operating system's file events (inotify,
//! FSEvents, ReadDirectoryChangesW through `notify`): the first event starts
//! a short quiet period ([`DEBOUNCE`]), so the several writes and the rename
//! of one save make one rebuild. Hidden and `_` files of the content tree
//! (which the build ignores) and the output folder do not count. When the
//! events cannot be had (no watcher, the system's limit of watched folders,
//! or `TOLOK_SERVE_POLL=1` for network file systems that send none), the
//! files' sizes and modification times are polled every [`POLL`] instead,
//! which is said once on standard error.
//!
//! The reload script is added to HTML responses as they are served, never
//! to the built files. It asks [`VERSION_PATH`] with the version it was
//! served with; the server holds that request (parked in a list, not on a
//! thread) until a rebuild changes the version or [`HOLD`] passes, so a page
//! reloads as soon as its rebuild is done. A build with errors keeps the
//! previous site for assets, and every page request gets an error page
//! listing the diagnostics until the files are fixed. Only files inside the
//! built site are served: `..`, encoded separators and links out of the site
//! are refused. This module is a preview server, not a production web server.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use crate::build::{build_then, BuildOptions};
use crate::diagnostics::{display_path, Diagnostic};
use crate::model::Language;
use crate::render::escape_html;

mod http;
mod watch;

use http::*;
pub use http::{inject, target, Target};
use watch::*;

/// How often the tree is looked at for changes when file events are not available.
pub const POLL: Duration = Duration::from_millis(300);
/// After a file event, the rebuild waits until no other event came for this long.
pub const DEBOUNCE: Duration = Duration::from_millis(5);
/// A stream of events (a checkout, a copy of many files) delays a rebuild at most this long.
pub const DEBOUNCE_MAX: Duration = Duration::from_millis(250);
/// The endpoint the reload script asks; never a file of the site.
pub const VERSION_PATH: &str = "/__tolok/version";
/// How long a version request carrying the current version (`?v=N`) is held.
pub const HOLD: Duration = Duration::from_secs(25);
/// At most this many version requests are held at once; more are answered 503.
pub const MAX_HELD: usize = 256;
/// Where the preview is built, beside the content folder.
pub const OUT_DIR: &str = ".tolok-serve";
/// Set (to anything but `0`) to poll instead of using file events.
pub const POLL_ENV: &str = "TOLOK_SERVE_POLL";

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
    /// The diagnostics of the last build when it failed, and the site's
    /// language to say so in.
    errors: Mutex<Option<(Vec<Diagnostic>, Language)>>,
    /// Held for writing while a build's result is announced.
    site: RwLock<PathBuf>,
    /// Version requests waiting for the next build.
    held: Mutex<Vec<Held>>,
    /// Signalled after every build, with `held` locked.
    rebuilt: Condvar,
}

/// A version request waiting, with its connection, for a version other than `seen`.
struct Held {
    stream: TcpStream,
    seen: u64,
    until: Instant,
}

/// Runs until the process is stopped. Returns only when it cannot start.
pub fn serve(opts: &ServeOptions) -> crate::cmd::Outcome {
    use crate::cmd::Failure;
    let content = match opts.content.canonicalize() {
        Ok(c) if c.is_dir() => c,
        _ => {
            return Err(Failure::errors(vec![Diagnostic::error(
                &opts.content,
                crate::tr!("the content folder does not exist", "folder isi tidak ada"),
            )
            .hint(crate::tr!(
                "name the content folder: `tolok serve path/to/content`",
                "sebutkan folder isi: `tolok serve path/to/content`"
            ))]))
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
        held: Mutex::new(Vec::new()),
        rebuilt: Condvar::new(),
    });
    let build_options = BuildOptions {
        theme: opts.theme.clone(),
        since: None,
        progress: false,
        no_cache: false,
        background_removal: true,
        defer_print: true,
        in_place: Some(Default::default()),
        compiled: Some(Default::default()),
    };
    let listener = match TcpListener::bind((opts.bind.as_str(), opts.port)) {
        Ok(l) => l,
        Err(e) => {
            return Err(Failure::errors(vec![Diagnostic::error(
                format!("{}:{}", opts.bind, opts.port),
                crate::tr!(
                    "cannot listen on this address: {e}",
                    "tidak dapat mendengarkan pada alamat ini: {e}"
                ),
            )
            .hint(crate::tr!(
                "choose another port with --port, e.g. --port 8001",
                "pilih port lain dengan --port, misalnya --port 8001"
            ))]))
        }
    };
    let tree = Tree {
        content: content.clone(),
        out: out.clone(),
        theme: opts.theme.as_ref().map(|t| absolute(t)),
    };
    // The watcher starts before the first build, and the polling fallback
    // takes its first look before it: a change made while the first build
    // runs must still trigger a rebuild.
    let events = if std::env::var_os(POLL_ENV).is_some_and(|v| v != "0" && !v.is_empty()) {
        crate::say!(
            "{}",
            crate::tr!(
                "note: {POLL_ENV} is set: looking at the files every {} ms instead of using file events",
                "catatan: {POLL_ENV} diisi: berkas diperiksa setiap {} ms, tidak memakai peristiwa berkas",
                POLL.as_millis()
            )
        );
        None
    } else {
        match Events::start(&tree) {
            Ok(events) => Some(events),
            Err(why) => {
                fall_back(&why);
                None
            }
        }
    };
    let first = events.is_none().then(|| tree.fingerprint());
    rebuild(&tree, &build_options, &shared, &[]);
    {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            let last = match events {
                Some(events) => {
                    let why = events.run(&tree, &build_options, &shared);
                    fall_back(&why);
                    // What changed since the last event is not known: look, and rebuild.
                    let now = tree.fingerprint();
                    rebuild(&tree, &build_options, &shared, &[]);
                    now
                }
                None => first.unwrap_or_else(|| tree.fingerprint()),
            };
            poll(&tree, &build_options, &shared, last)
        });
    }
    {
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || answer_held(&shared));
    }
    let addr = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let shown = match listener.local_addr() {
        Ok(SocketAddr::V6(a)) => format!("[{}]:{}", a.ip(), a.port()),
        _ => addr,
    };
    crate::say!(
        "{}",
        crate::tr!(
            "serving {} on http://{shown}/ (rebuilds on change; Ctrl-C to stop)",
            "menyajikan {} di http://{shown}/ (dibangun ulang bila ada perubahan; Ctrl-C untuk berhenti)",
            opts.content.display()
        )
    );

    // A fixed number of workers answer the connections: however many a
    // browser (or anything else) opens, the server keeps its threads.
    let (queue, waiting) = std::sync::mpsc::sync_channel::<TcpStream>(WORKERS * 4);
    let waiting = Arc::new(Mutex::new(waiting));
    for _ in 0..WORKERS {
        let shared = Arc::clone(&shared);
        let waiting = Arc::clone(&waiting);
        std::thread::spawn(move || loop {
            let next = waiting.lock().unwrap_or_else(|e| e.into_inner()).recv();
            match next {
                Ok(stream) => {
                    let _ = handle(stream, &shared);
                }
                Err(_) => break,
            }
        });
    }
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        if queue.send(stream).is_err() {
            break;
        }
    }
    Ok(())
}

/// Threads that answer requests; a held version request takes none.
const WORKERS: usize = 16;

fn fall_back(why: &str) {
    crate::say!(
        "{}",
        crate::tr!(
            "warning: cannot watch the files for changes ({why}); looking at them every {} ms instead",
            "peringatan: perubahan berkas tidak dapat dipantau ({why}); sebagai gantinya berkas diperiksa setiap {} ms",
            POLL.as_millis()
        )
    );
}

fn absolute(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    })
}

/// The one place a build runs (the first one and every rebuild). `changed`
/// are the paths the file events named, when they are known.
fn rebuild(tree: &Tree, options: &BuildOptions, shared: &Shared, changed: &[PathBuf]) {
    if let Some(first) = changed.first() {
        let more = match changed.len() {
            1 => String::new(),
            n => crate::tr!(" and {} more", " dan {} lainnya", n - 1).into_string(),
        };
        crate::say!(
            "{}",
            crate::tr!(
                "changed: {}{more}",
                "berubah: {}{more}",
                display_path(&tree.content, first).display()
            )
        );
    }
    let started = Instant::now();
    // Pages reload as soon as the new site is in place: its books and
    // workbooks follow (`defer_print`), the previous ones standing in.
    let result = build_then(&tree.content, &tree.out, options, &|| {
        announce(shared, None)
    });
    match result {
        Ok(report) => {
            for d in &report.warnings {
                crate::say!("{d}");
            }
            crate::say!(
                "{}",
                crate::tr!(
                    "built {} period(s), {} agencies, {} pages in {:.2} s; {} warning(s)",
                    "dibangun {} periode, {} perangkat daerah, {} halaman dalam {:.2} detik; {} peringatan",
                    report.periods,
                    report.agencies,
                    report.pages,
                    started.elapsed().as_secs_f64(),
                    report.warnings.len()
                )
            );
        }
        Err(failure) => {
            for d in &failure.diagnostics {
                crate::say!("{d}");
            }
            let n = failure.diagnostics.iter().filter(|d| d.is_error()).count();
            crate::say!(
                "{}",
                crate::tr!(
                    "{n} error(s): the pages show them until the files are fixed",
                    "{n} kesalahan: halaman menampilkannya sampai berkasnya diperbaiki"
                )
            );
            let lang = crate::content::site_language(&tree.content);
            announce(shared, Some((failure.diagnostics, lang)));
        }
    }
}

/// A new site is in place (`errors` None) or a build failed: the errors and
/// the version change together, and waiting pages learn of it.
fn announce(shared: &Shared, errors: Option<(Vec<Diagnostic>, Language)>) {
    {
        let _site = shared.site.write().unwrap_or_else(|e| e.into_inner());
        *shared.errors.lock().unwrap_or_else(|e| e.into_inner()) = errors;
        shared.version.fetch_add(1, Ordering::SeqCst);
    }
    // Taking the lock orders this with the answering thread's look at the version.
    let _held = shared.held.lock().unwrap_or_else(|e| e.into_inner());
    shared.rebuilt.notify_all();
}

/// Answers held version requests when the version changes or their time is up.
fn answer_held(shared: &Shared) {
    let mut held = shared.held.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let version = shared.version.load(Ordering::SeqCst);
        let now = Instant::now();
        let (ready, waiting): (Vec<Held>, Vec<Held>) = std::mem::take(&mut *held)
            .into_iter()
            .partition(|h| h.seen != version || h.until <= now);
        *held = waiting;
        if !ready.is_empty() {
            drop(held);
            let response = version_response(version);
            for h in ready {
                let _ = write_response(h.stream, &response, false);
            }
            held = shared.held.lock().unwrap_or_else(|e| e.into_inner());
            continue;
        }
        let wait = held
            .iter()
            .map(|h| h.until.saturating_duration_since(now))
            .min()
            .unwrap_or(HOLD);
        held = shared
            .rebuilt
            .wait_timeout(held, wait)
            .unwrap_or_else(|e| e.into_inner())
            .0;
    }
}
