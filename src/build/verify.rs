//! Freshness checked, not promised: with `TOLOK_VERIFY=1` in the
//! environment, every build that may carry work over from an earlier one
//! (parsed agencies from the cache, pages and books from the previous site
//! or the spare, reports cut from old books, `scores.json` entries copied by
//! their recorded places) is followed by a build of the same tree without
//! any of it, and the two sites must be the same, byte for byte; a
//! difference fails the build, naming each file. CI runs the cache tests
//! and a test of random edits under it.
//!
//! This module compares; it knows nothing of how work is carried over.

use std::path::{Path, PathBuf};

use super::{BuildFailure, BuildOptions};
use crate::diagnostics::Diagnostic;

/// The environment variable that turns verification on.
pub const VERIFY: &str = "TOLOK_VERIFY";

/// Whether this build is to be verified.
pub fn wanted(options: &BuildOptions) -> bool {
    !options.no_cache && std::env::var_os(VERIFY).is_some_and(|v| !v.is_empty() && v != "0")
}

/// Builds `content` again without the cache beside `out` (with the same
/// theme) and compares.
pub fn against_a_clean_build(
    content: &Path,
    out: &Path,
    options: &BuildOptions,
) -> Result<(), BuildFailure> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    let clean = out.with_file_name(format!(".{name}.tolok-verify-{}", std::process::id()));
    let options = BuildOptions {
        theme: options.theme.clone(),
        since: options.since.clone(),
        no_cache: true,
        ..BuildOptions::default()
    };
    let built = super::build(content, &clean, &options);
    let compared = built.and_then(|_| differences(out, &clean));
    let _ = std::fs::remove_dir_all(&clean);
    match compared {
        Ok(diffs) if diffs.is_empty() => Ok(()),
        Ok(diffs) => Err(BuildFailure {
            diagnostics: diffs
                .into_iter()
                .map(|rel| {
                    Diagnostic::error(
                        out.join(&rel),
                        crate::tr!(
                            "verification: this file differs from the one a build without the cache writes",
                            "verifikasi: berkas ini berbeda dengan berkas hasil pembangunan situs tanpa cache"
                        ),
                    )
                    .hint(crate::tr!(
                        "a page was carried over although something it shows changed: its key misses an input (src/build/incremental/keys.rs)",
                        "halaman ini dibawa dari pembangunan sebelumnya padahal isinya berubah: kuncinya tidak memuat salah satu masukan (src/build/incremental/keys.rs)"
                    ))
                })
                .collect(),
            usage: false,
        }),
        Err(e) => Err(e),
    }
}

/// Files that are only in one site, or differ.
fn differences(a: &Path, b: &Path) -> Result<Vec<String>, BuildFailure> {
    let (fa, fb) = (files(a), files(b));
    let mut diffs: Vec<String> = fa
        .iter()
        .filter(|f| !fb.contains(*f))
        .chain(fb.iter().filter(|f| !fa.contains(*f)))
        .cloned()
        .collect();
    for f in fa.iter().filter(|f| fb.contains(*f)) {
        if std::fs::read(a.join(f)).ok() != std::fs::read(b.join(f)).ok() {
            diffs.push(f.clone());
        }
    }
    diffs.sort();
    diffs.dedup();
    Ok(diffs)
}

fn files(dir: &Path) -> std::collections::BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            e.path()
                .strip_prefix(dir)
                .ok()
                .map(PathBuf::from)
                .map(|p| p.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}
