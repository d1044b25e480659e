//! Finding a Chromium or Chrome and running it headless to print one page to
//! PDF: a fresh profile per run, its own process group, a time limit, and
//! Ctrl-C turned into a clean stop. Knows nothing about the site.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::i18n::Msg;

/// Program names tried on PATH, in order.
pub const NAMES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
];

/// Where Chrome and Chromium install themselves outside PATH (macOS).
const APP_PATHS: &[&str] = &[
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/// What to tell a user who has no browser.
pub fn install_hint() -> Msg {
    crate::tr!(
        "install Chromium or Google Chrome (Debian: `sudo apt-get install chromium`; Ubuntu: `sudo apt-get install chromium-browser`; Fedora: `sudo dnf install chromium`; macOS: `brew install --cask chromium`), or name the browser with `--browser PATH` or the TOLOK_BROWSER environment variable",
        "pasang Chromium atau Google Chrome (Debian: `sudo apt-get install chromium`; Ubuntu: `sudo apt-get install chromium-browser`; Fedora: `sudo dnf install chromium`; macOS: `brew install --cask chromium`), atau sebutkan peramban dengan `--browser PATH` atau variabel lingkungan TOLOK_BROWSER"
    )
}

fn is_executable(p: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        p.is_file()
            && p.metadata()
                .map(|m| m.permissions().mode() & 0o111 != 0)
                .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        p.is_file()
    }
}

/// Where the browser was found, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Option,
    Environment,
    Path,
}

/// The browser to use: `--browser`, else `TOLOK_BROWSER`, else the first of
/// [`NAMES`] on PATH. Err says what was tried.
pub fn find(explicit: Option<&Path>) -> Result<(PathBuf, Source), Msg> {
    let named = |p: &Path, how: &str| -> Result<PathBuf, Msg> {
        // A bare name is looked up on PATH; a path must exist.
        if p.components().count() == 1 && !p.exists() {
            if let Some(found) = on_path(&p.to_string_lossy()) {
                return Ok(found);
            }
        }
        if is_executable(p) {
            Ok(p.to_path_buf())
        } else {
            let shown = p.display();
            Err(crate::tr!(
                "the browser named by {how}, `{shown}`, does not exist or is not executable",
                "peramban yang disebut oleh {how}, `{shown}`, tidak ada atau tidak dapat dijalankan"
            ))
        }
    };
    if let Some(p) = explicit {
        return named(p, "--browser").map(|p| (p, Source::Option));
    }
    if let Some(p) = std::env::var_os("TOLOK_BROWSER").filter(|v| !v.is_empty()) {
        return named(Path::new(&p), "TOLOK_BROWSER").map(|p| (p, Source::Environment));
    }
    for name in NAMES {
        if let Some(p) = on_path(name) {
            return Ok((p, Source::Path));
        }
    }
    for p in APP_PATHS {
        if is_executable(Path::new(p)) {
            return Ok((PathBuf::from(p), Source::Path));
        }
    }
    let names = NAMES.join(", ");
    Err(crate::tr!(
        "no Chromium or Chrome found to print PDFs (looked for {names} on PATH)",
        "tidak ditemukan Chromium atau Chrome untuk mencetak PDF (dicari {names} di PATH)"
    ))
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// From now on, Ctrl-C and SIGTERM only set a flag that the waits below
/// check, so the browser is stopped and temporary folders are removed.
pub fn catch_interrupts() {
    #[cfg(unix)]
    {
        extern "C" fn on_signal(_: libc::c_int) {
            INTERRUPTED.store(true, Ordering::SeqCst);
        }
        let handler = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        unsafe {
            libc::signal(libc::SIGINT, handler);
            libc::signal(libc::SIGTERM, handler);
        }
    }
}

pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// `file://` URL of an absolute path, each segment percent-encoded.
pub fn file_url(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let encoded: Vec<String> = text
        .split('/')
        .map(crate::view::paths::encode_segment)
        .collect();
    let joined = encoded.join("/");
    if joined.starts_with('/') {
        format!("file://{joined}")
    } else {
        format!("file:///{joined}")
    }
}

/// Why a print failed.
#[derive(Debug)]
pub enum PrintError {
    /// The browser could not be started.
    Spawn(String),
    /// It ran longer than allowed and was killed.
    Timeout(Duration),
    /// The user pressed Ctrl-C.
    Interrupted,
    /// It ended without writing a PDF: exit status and the end of its output.
    Failed(String),
}

impl std::fmt::Display for PrintError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let said = match self {
            PrintError::Spawn(e) => crate::tr!(
                "the browser could not be started: {e}",
                "peramban tidak dapat dijalankan: {e}"
            ),
            PrintError::Timeout(d) => crate::tr!(
                "the browser did not finish within {} s and was stopped",
                "peramban tidak selesai dalam {} detik dan dihentikan",
                d.as_secs()
            ),
            PrintError::Interrupted => crate::tr!("interrupted", "dihentikan oleh pengguna"),
            PrintError::Failed(e) => crate::tr!(
                "the browser wrote no PDF: {e}",
                "peramban tidak menghasilkan PDF: {e}"
            ),
        };
        f.write_str(said.as_str())
    }
}

/// Prints the page at `url` to `pdf` with the browser at `browser`, using a
/// fresh profile folder `profile` (created here, removed before returning).
pub fn print(
    browser: &Path,
    url: &str,
    pdf: &Path,
    profile: &Path,
    timeout: Duration,
) -> Result<(), PrintError> {
    let log = profile.with_extension("log");
    let result = run(browser, url, pdf, profile, &log, timeout);
    let _ = std::fs::remove_dir_all(profile);
    let tail = std::fs::read_to_string(&log).unwrap_or_default();
    let _ = std::fs::remove_file(&log);
    result?;
    let ok = std::fs::read(pdf)
        .map(|b| b.starts_with(b"%PDF"))
        .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        let lines: Vec<&str> = tail.lines().rev().take(6).collect();
        let last: Vec<&str> = lines.into_iter().rev().collect();
        Err(PrintError::Failed(if last.is_empty() {
            crate::tr!("(no output)", "(tidak ada keluaran)").into_string()
        } else {
            last.join(" | ")
        }))
    }
}

fn run(
    browser: &Path,
    url: &str,
    pdf: &Path,
    profile: &Path,
    log: &Path,
    timeout: Duration,
) -> Result<(), PrintError> {
    std::fs::create_dir_all(profile).map_err(|e| PrintError::Spawn(e.to_string()))?;
    let out = std::fs::File::create(log).map_err(|e| PrintError::Spawn(e.to_string()))?;
    let err = out
        .try_clone()
        .map_err(|e| PrintError::Spawn(e.to_string()))?;
    let mut cmd = Command::new(browser);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-pdf-header-footer",
        "--generate-pdf-document-outline",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .arg(format!("--print-to-pdf={}", pdf.display()))
    .arg(url)
    .stdin(Stdio::null())
    .stdout(out)
    .stderr(err);
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Its own process group: the browser's helpers can be stopped together,
        // and Ctrl-C reaches tolok, which stops them and cleans up.
        cmd.process_group(0);
    }
    let mut child = cmd.spawn().map_err(|e| PrintError::Spawn(e.to_string()))?;
    let started = Instant::now();
    let outcome = loop {
        match child.try_wait() {
            Ok(Some(_)) => break Ok(()),
            Ok(None) => {}
            Err(e) => break Err(PrintError::Failed(e.to_string())),
        }
        if interrupted() {
            break Err(PrintError::Interrupted);
        }
        if started.elapsed() > timeout {
            break Err(PrintError::Timeout(timeout));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // Whatever happened, no process of this run outlives it.
    kill_group(&mut child);
    outcome
}

fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        if let Ok(pid) = libc::pid_t::try_from(child.id()) {
            // SAFETY: signals the process group this run created, nothing else.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_encoded() {
        assert_eq!(
            file_url(Path::new("/a b/c#d/index.html")),
            "file:///a%20b/c%23d/index.html"
        );
    }
}
