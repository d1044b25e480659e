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

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::build::{build_then, BuildOptions};
use crate::diagnostics::{display_path, Diagnostic};
use crate::model::Language;
use crate::render::escape_html;

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
            return Err(Failure::error(
                &opts.content,
                "the content folder does not exist",
                "name the content folder: `tolok serve path/to/content`",
            ))
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
            return Err(Failure::error(
                format!("{}:{}", opts.bind, opts.port),
                format!("cannot listen on this address: {e}"),
                "choose another port with --port, e.g. --port 8001",
            ))
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
            "note: {POLL_ENV} is set: looking at the files every {} ms instead of using file events",
            POLL.as_millis()
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
        "serving {} on http://{shown}/ (rebuilds on change; Ctrl-C to stop)",
        opts.content.display()
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
        "warning: cannot watch the files for changes ({why}); looking at them every {} ms instead",
        POLL.as_millis()
    );
}

fn absolute(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    })
}

/// The folders a rebuild depends on.
struct Tree {
    /// Canonical.
    content: PathBuf,
    out: PathBuf,
    /// `--theme`, absolute.
    theme: Option<PathBuf>,
}

impl Tree {
    /// The theme folder named by site.yaml, as the build resolves it (read anew each time).
    fn site_theme(&self) -> Option<PathBuf> {
        std::fs::read_to_string(self.content.join("site.yaml"))
            .ok()
            .and_then(|t| serde_yaml::from_str::<serde_yaml::Value>(&t).ok())
            .and_then(|v| v.get("theme").and_then(|t| t.as_str()).map(str::to_string))
            .map(|t| absolute(&self.content.join(t.trim())))
    }

    /// The theme folders: `--theme`, then site.yaml's.
    fn themes(&self) -> Vec<PathBuf> {
        self.theme
            .iter()
            .cloned()
            .chain(self.site_theme())
            .collect()
    }

    /// Whether a change at `path` can change the site: not in the output
    /// folder, not an editor's backup (`name~`); in the content tree, no
    /// part of its path below the tree hidden or `_` (the build skips
    /// those); in a theme folder, no part hidden. Paths elsewhere (a watched
    /// parent of a missing folder) count when they lead to a watched folder.
    fn matters(&self, path: &Path, themes: &[PathBuf]) -> bool {
        if path.starts_with(&self.out)
            || path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with('~'))
        {
            return false;
        }
        let hidden_below = |root: &Path, ignored: &dyn Fn(&str) -> bool| {
            path.strip_prefix(root).ok().map(|rel| {
                rel.components()
                    .any(|c| ignored(&c.as_os_str().to_string_lossy()))
            })
        };
        for theme in themes {
            if let Some(hidden) = hidden_below(theme, &|n| n.starts_with('.')) {
                return !hidden;
            }
        }
        if let Some(hidden) = hidden_below(&self.content, &crate::content::is_ignored) {
            return !hidden;
        }
        // Outside every root: the creation or removal of a root or of a folder on its way.
        std::iter::once(&self.content)
            .chain(themes)
            .any(|root| root.starts_with(path))
    }

    /// What to watch: the content tree and each theme folder outside it,
    /// recursively; for a folder that does not exist (yet), its parent alone.
    fn watches(&self, themes: &[PathBuf]) -> Vec<(PathBuf, RecursiveMode)> {
        let mut list: Vec<(PathBuf, RecursiveMode)> = Vec::new();
        for root in std::iter::once(&self.content).chain(themes) {
            if root != &self.content && root.starts_with(&self.content) {
                continue;
            }
            let watch = if root.is_dir() {
                (root.clone(), RecursiveMode::Recursive)
            } else {
                match root.parent().filter(|p| p.is_dir()) {
                    Some(parent) => (parent.to_path_buf(), RecursiveMode::NonRecursive),
                    None => continue,
                }
            };
            if !list.contains(&watch) {
                list.push(watch);
            }
        }
        list
    }

    /// Sizes and modification times of every file of the content tree and the themes.
    fn fingerprint(&self) -> u64 {
        let mut h = DefaultHasher::new();
        for root in std::iter::once(self.content.clone()).chain(self.themes()) {
            let walker = walkdir::WalkDir::new(root)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                });
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
}

/// A change as the watcher's thread hands it over.
enum Change {
    /// Paths created, written, renamed or removed (none: look at everything).
    Paths(Vec<PathBuf>),
    /// The watcher can no longer see every change.
    Lost(String),
}

/// File events from the operating system.
struct Events {
    watcher: RecommendedWatcher,
    changes: Receiver<Change>,
    /// What is watched now, and how.
    watching: Vec<(PathBuf, RecursiveMode)>,
}

impl Events {
    fn start(tree: &Tree) -> Result<Events, String> {
        let (tx, changes) = std::sync::mpsc::channel();
        // Links to folders are not followed, as the build does not follow them.
        let config = notify::Config::default().with_follow_symlinks(false);
        let handler = move |event: notify::Result<notify::Event>| {
            let change = match event {
                // Reads (the build's own among them) change nothing.
                Ok(e) if matches!(e.kind, EventKind::Access(_)) => return,
                Ok(e) => Change::Paths(e.paths),
                Err(e) if matches!(e.kind, notify::ErrorKind::MaxFilesWatch) => {
                    Change::Lost(e.to_string())
                }
                // Any other trouble: rebuild from what is on disk.
                Err(_) => Change::Paths(Vec::new()),
            };
            let _ = tx.send(change);
        };
        let watcher = RecommendedWatcher::new(handler, config).map_err(|e| e.to_string())?;
        let mut events = Events {
            watcher,
            changes,
            watching: Vec::new(),
        };
        events.sync(tree, &tree.themes(), &[])?;
        Ok(events)
    }

    /// Watches what `tree` needs now; `renew` are watched folders that were
    /// themselves removed, renamed or created, whose watches start over.
    fn sync(&mut self, tree: &Tree, themes: &[PathBuf], renew: &[PathBuf]) -> Result<(), String> {
        let wanted = tree.watches(themes);
        let stale = |w: &(PathBuf, RecursiveMode)| !wanted.contains(w) || renew.contains(&w.0);
        for (path, _) in self.watching.iter().filter(|w| stale(w)) {
            let _ = self.watcher.unwatch(path);
        }
        self.watching.retain(|w| !stale(w));
        for (path, mode) in wanted {
            if self.watching.iter().any(|w| w.0 == path && w.1 == mode) {
                continue;
            }
            match self.watcher.watch(&path, mode) {
                Ok(()) => self.watching.push((path, mode)),
                // Gone in between: the next event of its parent brings it back.
                Err(e)
                    if matches!(e.kind, notify::ErrorKind::PathNotFound)
                        && path != tree.content => {}
                Err(e) => return Err(format!("{}: {e}", path.display())),
            }
        }
        Ok(())
    }

    /// Rebuilds after every change until the events stop being reliable;
    /// returns why.
    fn run(mut self, tree: &Tree, options: &BuildOptions, shared: &Shared) -> String {
        let mut themes = tree.themes();
        loop {
            let mut changed = BTreeSet::new();
            let mut everything = false;
            // Wait for a change that matters, then until things are quiet.
            let mut first_at: Option<Instant> = None;
            loop {
                let change = match first_at {
                    None => self
                        .changes
                        .recv()
                        .map_err(|_| RecvTimeoutError::Disconnected),
                    Some(first) => match DEBOUNCE_MAX.checked_sub(first.elapsed()) {
                        Some(left) => self.changes.recv_timeout(DEBOUNCE.min(left)),
                        None => Err(RecvTimeoutError::Timeout),
                    },
                };
                match change {
                    Ok(Change::Paths(paths)) => {
                        let before = changed.len();
                        everything |= paths.is_empty();
                        changed.extend(paths.into_iter().filter(|p| tree.matters(p, &themes)));
                        if first_at.is_none() && (everything || changed.len() > before) {
                            first_at = Some(Instant::now());
                        }
                    }
                    Ok(Change::Lost(why)) => return why,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => {
                        return "the watcher stopped".to_string()
                    }
                }
            }
            let changed: Vec<PathBuf> = changed.into_iter().collect();
            rebuild(tree, options, shared, &changed);
            // A new theme folder, or a watched folder replaced: watch anew.
            themes = tree.themes();
            let renew: Vec<PathBuf> = self
                .watching
                .iter()
                .map(|w| w.0.clone())
                .filter(|w| changed.contains(w))
                .collect();
            if let Err(why) = self.sync(tree, &themes, &renew) {
                return why;
            }
        }
    }
}

/// Polls the tree and rebuilds when anything changed.
fn poll(tree: &Tree, options: &BuildOptions, shared: &Shared, mut last: u64) {
    loop {
        std::thread::sleep(POLL);
        let now = tree.fingerprint();
        if now != last {
            last = now;
            rebuild(tree, options, shared, &[]);
        }
    }
}

/// The one place a build runs (the first one and every rebuild). `changed`
/// are the paths the file events named, when they are known.
fn rebuild(tree: &Tree, options: &BuildOptions, shared: &Shared, changed: &[PathBuf]) {
    if let Some(first) = changed.first() {
        let more = match changed.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        crate::say!(
            "changed: {}{more}",
            display_path(&tree.content, first).display()
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
                "built {} period(s), {} agencies, {} pages in {:.2} s; {} warning(s)",
                report.periods,
                report.agencies,
                report.pages,
                started.elapsed().as_secs_f64(),
                report.warnings.len()
            );
        }
        Err(failure) => {
            for d in &failure.diagnostics {
                crate::say!("{d}");
            }
            let n = failure.diagnostics.iter().filter(|d| d.is_error()).count();
            crate::say!("{n} error(s): the pages show them until the files are fixed");
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
    /// An attachment of the content: sent with a sandboxing
    /// `Content-Security-Policy`, so that even a document that could run
    /// scripts runs none in the site's origin.
    sandbox: bool,
}

/// The `Location` of the redirect from a folder's path without its `/` to
/// the folder: relative to the folder's parent, and starting with `./`, so
/// that it can never name another host (`//host`) or a scheme (`a:b`).
fn folder_redirect(path: &str) -> String {
    let last = path.rsplit('/').next().unwrap_or("");
    format!("./{last}/")
}

impl Response {
    fn status(status: u16) -> Response {
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

fn handle(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
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
fn seen_version(raw: &str) -> Option<u64> {
    let query = raw.split('#').next()?.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("v="))?
        .parse()
        .ok()
}

fn version_response(version: u64) -> Response {
    Response {
        status: 200,
        content_type: "text/plain; charset=utf-8",
        body: version.to_string().into_bytes(),
        location: None,
        sandbox: false,
    }
}

fn write_response(mut stream: TcpStream, response: &Response, head: bool) -> std::io::Result<()> {
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

fn respond(raw: &str, shared: &Shared) -> Response {
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
fn error_page(list: &[Diagnostic], lang: Language) -> String {
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
            &[Diagnostic::error("a.yaml", "bad <script>x</script>")],
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

    #[test]
    fn changes_count_where_the_build_reads() {
        let tree = Tree {
            content: PathBuf::from("/k/isi"),
            out: PathBuf::from("/k/.tolok-serve"),
            theme: None,
        };
        let themes = [PathBuf::from("/k/isi/_tema"), PathBuf::from("/t/luar")];
        let matters = |p: &str| tree.matters(Path::new(p), &themes);
        assert!(matters("/k/isi/2022/a/evidence.yaml"));
        assert!(matters("/k/isi/2022/a/files/sk.pdf"));
        assert!(
            matters("/k/isi/2022/a/sedX1b2c3"),
            "a temporary file on its way in"
        );
        assert!(matters("/k/isi"), "the tree itself replaced");
        assert!(matters("/k"), "a folder on the way to the tree");
        assert!(!matters("/k/isi/2022/a/.evidence.yaml.swp"));
        assert!(!matters("/k/isi/2022/a/evidence.yaml~"));
        assert!(!matters("/k/isi/_draf/catatan.md"));
        assert!(!matters("/k/isi/.git/index"));
        assert!(!matters("/k/.tolok-serve/index.html"));
        assert!(!matters("/k/lain.txt"));
        // Theme folders: everything but hidden files, even below `_` in the tree.
        assert!(matters("/k/isi/_tema/static/style.css"));
        assert!(matters("/t/luar/templates/_macros.html"));
        assert!(!matters("/t/luar/.git/HEAD"));
    }

    #[test]
    fn folders_are_watched_once_and_missing_ones_through_their_parent() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("isi");
        std::fs::create_dir_all(content.join("_tema")).unwrap();
        std::fs::create_dir_all(dir.path().join("luar")).unwrap();
        let tree = Tree {
            content: content.clone(),
            out: dir.path().join(OUT_DIR),
            theme: None,
        };
        let themes = [
            content.join("_tema"),
            dir.path().join("luar"),
            dir.path().join("belum/ada"),
            dir.path().join("nanti"),
        ];
        assert_eq!(
            tree.watches(&themes),
            vec![
                (content, RecursiveMode::Recursive),
                (dir.path().join("luar"), RecursiveMode::Recursive),
                (dir.path().to_path_buf(), RecursiveMode::NonRecursive),
            ]
        );
    }
}
