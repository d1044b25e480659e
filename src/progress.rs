//! The progress line of a long build: a hand-rolled `\r` bar on standard
//! error, shown only when standard error is a terminal (never in CI logs or
//! pipes) and only once a build has run for a moment, so short builds print
//! nothing but their summary. It counts; it decides nothing about the build.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Builds shorter than this show no progress line.
const DELAY: Duration = Duration::from_millis(400);
const TICK: Duration = Duration::from_millis(100);
const WIDTH: usize = 24;

#[derive(Default)]
struct State {
    done: AtomicUsize,
    /// 0 while the content is read and checked.
    total: AtomicUsize,
    stop: AtomicBool,
}

/// A running progress display; `finish` (or drop) clears its line.
pub struct Progress {
    state: Arc<State>,
    ticker: Option<JoinHandle<()>>,
}

impl Progress {
    /// Shown on standard error when it is a terminal and `wanted`; otherwise
    /// a counter that prints nothing.
    pub fn start(wanted: bool) -> Progress {
        let state = Arc::new(State::default());
        let show = wanted
            && std::io::stderr().is_terminal()
            && std::env::var_os("TERM").is_none_or(|t| t != "dumb");
        let ticker = show.then(|| {
            let state = Arc::clone(&state);
            std::thread::spawn(move || tick(&state))
        });
        Progress { state, ticker }
    }

    /// The number of pages to write, once known.
    pub fn set_total(&self, total: usize) {
        self.state.total.store(total.max(1), Ordering::Relaxed);
    }

    /// One more page written.
    pub fn step(&self) {
        self.state.done.fetch_add(1, Ordering::Relaxed);
    }

    pub fn finish(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        self.state.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop();
    }
}

fn tick(state: &State) {
    let started = Instant::now();
    let mut shown = false;
    while !state.stop.load(Ordering::Relaxed) {
        std::thread::sleep(TICK);
        if started.elapsed() < DELAY || state.stop.load(Ordering::Relaxed) {
            continue;
        }
        let line = line(
            state.done.load(Ordering::Relaxed),
            state.total.load(Ordering::Relaxed),
        );
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
        shown = true;
    }
    if shown {
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K");
        let _ = err.flush();
    }
}

/// `[#########...............] 37/79 pages`, or the checking stage.
pub fn line(done: usize, total: usize) -> String {
    if total == 0 {
        return crate::tr!("checking the content...", "memeriksa pohon isi...").into_string();
    }
    let done = done.min(total);
    let filled = done * WIDTH / total;
    let bar = format!("{}{}", "#".repeat(filled), ".".repeat(WIDTH - filled));
    crate::tr!(
        "[{bar}] {done}/{total} pages",
        "[{bar}] {done}/{total} halaman"
    )
    .into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_with_the_pages() {
        assert_eq!(line(0, 0), "checking the content...");
        assert_eq!(line(0, 4), format!("[{}] 0/4 pages", ".".repeat(24)));
        assert_eq!(
            line(2, 4),
            format!("[{}{}] 2/4 pages", "#".repeat(12), ".".repeat(12))
        );
        assert_eq!(line(9, 4), format!("[{}] 4/4 pages", "#".repeat(24)));
    }

    #[test]
    fn nothing_is_shown_when_not_wanted() {
        let p = Progress::start(false);
        p.set_total(3);
        p.step();
        assert!(p.ticker.is_none());
        p.finish();
    }
}
