//! Stage timings for profiling: with `TOLOK_TIMING=1` in the environment,
//! each stage of a build prints its wall time and the process's peak memory
//! to stderr. Without it nothing is measured or printed; the site is the same.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("TOLOK_TIMING").is_some_and(|v| !v.is_empty() && v != "0"))
}

/// A stopwatch that reports each lap when timing is enabled.
pub struct Stages {
    start: Instant,
    last: Instant,
}

impl Default for Stages {
    fn default() -> Self {
        Self::new()
    }
}

impl Stages {
    pub fn new() -> Stages {
        let now = Instant::now();
        Stages {
            start: now,
            last: now,
        }
    }

    /// Reports the time since the previous lap under `name`.
    pub fn lap(&mut self, name: &str) {
        if !enabled() {
            return;
        }
        let now = Instant::now();
        crate::say!(
            "timing: {name:<24} {:>8.3} s  (total {:>7.3} s, peak {} MB)",
            (now - self.last).as_secs_f64(),
            (now - self.start).as_secs_f64(),
            peak_mb()
                .map(|m| m.to_string())
                .unwrap_or_else(|| "?".into())
        );
        self.last = now;
    }
}

/// Prints a line beside the stage timings, when timing is enabled.
pub fn note(text: &str) {
    if enabled() {
        crate::say!("timing: {text}");
    }
}

/// The process's peak resident memory in MB (Linux), if known.
pub fn peak_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
