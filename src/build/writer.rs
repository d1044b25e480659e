//! Writing a site's files: into a new staging folder, or updating a site
//! already there (the spare, or `serve`'s own folder in place), where every
//! file is replaced whole through a temporary file and never written through
//! a link. It lists every file it writes or carries, creates each folder
//! once, and names the published path in its errors. It decides nothing
//! about what a page says.

use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{fail, BuildFailure};
use crate::i18n::Msg;
use crate::render::Renderer;

pub(super) struct Writer<'a> {
    pub(super) root: &'a Path,
    /// The output folder as the user named it: errors name files there,
    /// not in the staging folder or spare they are written to.
    pub(super) shown: &'a Path,
    pub(super) files: AtomicUsize,
    /// Folders already created: each is made once, not once per file.
    pub(super) dirs: Mutex<HashSet<PathBuf>>,
    /// Files linked or kept from the previous site.
    pub(super) carried: AtomicUsize,
    /// Updating a site already there (the previous site itself in place, or
    /// the spare): each file is replaced whole through a temporary file (the
    /// old one may be a link shared with the live site), and the files the
    /// site had that this build neither wrote nor kept are removed at the end.
    pub(super) update: bool,
    /// Every file of the new site, written or carried over.
    pub(super) listed: Mutex<HashSet<String>>,
    /// Updating the recorded spare: the files it holds, as recorded.
    pub(super) had: Option<HashSet<&'a str>>,
}

/// "cannot write the file: ..." with the system's reason.
pub(super) fn cannot_write(e: impl std::fmt::Display) -> Msg {
    crate::tr!(
        "cannot write the file: {e}",
        "berkas tidak dapat ditulis: {e}"
    )
}

/// "rendering PAGE failed: ..." with the template engine's reason.
pub(super) fn rendering_failed(rel: &str, e: impl std::fmt::Display) -> Msg {
    crate::tr!(
        "rendering {rel} failed: {e}",
        "gagal menyusun halaman {rel}: {e}"
    )
}

fn disk_hint() -> Msg {
    crate::tr!(
        "check disk space and permissions",
        "periksa ruang disk dan izin akses"
    )
}

/// The suffix of a file being written in place, renamed over its name when done.
const IN_PLACE_TEMP: &str = ".tolok-new";

impl Writer<'_> {
    /// The path `fill` writes `rel` to: the file itself, or in place a
    /// temporary one beside it; then `placed` puts it in place.
    /// Where a file being written below `root` will be published.
    pub(super) fn shown(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(self.root) {
            Ok(rel) => self.shown.join(rel),
            Err(_) => path.to_path_buf(),
        }
    }

    pub(super) fn target(&self, rel: &str) -> (PathBuf, PathBuf) {
        let path = self.root.join(rel);
        if !self.update {
            return (path.clone(), path);
        }
        let mut temp = path.clone().into_os_string();
        temp.push(IN_PLACE_TEMP);
        let temp = PathBuf::from(temp);
        // A leftover may be a link to a live file: never written through.
        let _ = std::fs::remove_file(&temp);
        (path, temp)
    }

    /// After `rel` was written to `written`: renamed over `path` when
    /// updating, and listed as part of the site.
    pub(super) fn placed(
        &self,
        rel: &str,
        path: &Path,
        written: &Path,
    ) -> Result<(), BuildFailure> {
        if written != path {
            std::fs::rename(written, path).map_err(|e| {
                let _ = std::fs::remove_file(written);
                fail(
                    self.shown(path),
                    crate::tr!(
                        "cannot replace the file: {e}",
                        "berkas tidak dapat diganti: {e}"
                    ),
                    crate::tr!("check permissions", "periksa izin akses"),
                )
            })?;
        }
        if let Ok(mut listed) = self.listed.lock() {
            listed.insert(rel.to_string());
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    pub(super) fn ensure_dir(&self, dir: &Path) -> Result<(), BuildFailure> {
        if self.dirs.lock().map(|d| d.contains(dir)).unwrap_or(false) {
            return Ok(());
        }
        std::fs::create_dir_all(dir).map_err(|e| {
            fail(
                self.shown(dir),
                crate::tr!(
                    "cannot create the folder: {e}",
                    "folder tidak dapat dibuat: {e}"
                ),
                disk_hint(),
            )
        })?;
        if let Ok(mut d) = self.dirs.lock() {
            d.insert(dir.to_path_buf());
        }
        Ok(())
    }

    pub(super) fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), BuildFailure> {
        let (path, written) = self.target(rel);
        if let Some(parent) = path.parent() {
            self.ensure_dir(parent)?;
        }
        std::fs::write(&written, bytes)
            .map_err(|e| fail(self.shown(&path), cannot_write(e), disk_hint()))?;
        self.placed(rel, &path, &written)
    }

    /// Writes the file `rel` through a buffer as `fill` produces it.
    pub(super) fn stream(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), BuildFailure> {
        use std::io::Write;
        self.with_file(rel, |f| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, f);
            fill(&mut out)
                .and_then(|()| out.flush())
                .map_err(cannot_write)
        })
    }

    pub(super) fn page(
        &self,
        renderer: &Renderer,
        template: &str,
        rel: &str,
        page: &impl serde::Serialize,
    ) -> Result<(), BuildFailure> {
        let html = renderer.render(template, page).map_err(|e| {
            fail(
                format!("theme/templates/{template}"),
                rendering_failed(rel, e),
                crate::tr!(
                    "fix the template or the theme override",
                    "perbaiki templat atau tema pengganti"
                ),
            )
        })?;
        self.write(rel, html.as_bytes())
    }

    /// Creates the file `rel` and hands it to `fill`.
    pub(super) fn with_file(
        &self,
        rel: &str,
        fill: impl FnOnce(std::fs::File) -> Result<(), Msg>,
    ) -> Result<(), BuildFailure> {
        let (path, written) = self.target(rel);
        if let Some(parent) = path.parent() {
            self.ensure_dir(parent)?;
        }
        let file = std::fs::File::create(&written)
            .map_err(|e| fail(self.shown(&path), cannot_write(e), disk_hint()))?;
        fill(file).map_err(|e| {
            let _ = std::fs::remove_file(&written);
            fail(
                self.shown(&path),
                e,
                crate::tr!(
                    "if the message is about the disk, check its space and permissions",
                    "jika pesan itu tentang disk, periksa ruang kosong dan izin aksesnya"
                ),
            )
        })?;
        self.placed(rel, &path, &written)
    }

    /// Links (or else copies) a file of the previous site into the new one;
    /// when updating a site, keeps the file already there if it is that very
    /// file, else replaces it with a link.
    pub(super) fn link(&self, from: &Path, rel: &str) -> bool {
        if self.update {
            let path = self.root.join(rel);
            if same_file(from, &path) {
                let kept = self.placed(rel, &path, &path).is_ok();
                if kept {
                    self.carried.fetch_add(1, Ordering::Relaxed);
                }
                return kept;
            }
        }
        let (path, temp) = self.target(rel);
        let linked = path.parent().is_some_and(|p| self.ensure_dir(p).is_ok())
            && (std::fs::hard_link(from, &temp).is_ok()
                || (from.is_file() && std::fs::copy(from, &temp).is_ok()));
        let placed = linked && self.placed(rel, &path, &temp).is_ok();
        if placed {
            self.carried.fetch_add(1, Ordering::Relaxed);
        }
        placed
    }

    /// Whether the folder is the recorded spare, being updated.
    pub(super) fn updates_recorded_spare(&self) -> bool {
        self.had.is_some()
    }

    /// Keeps `files` of the recorded spare as they are (their keys say they
    /// are as wanted); false, and nothing kept, when it does not hold them all.
    pub(super) fn keep_all(&self, files: &[String]) -> bool {
        let Some(had) = &self.had else {
            return false;
        };
        if !files.iter().all(|f| had.contains(f.as_str())) {
            return false;
        }
        if let Ok(mut listed) = self.listed.lock() {
            listed.extend(files.iter().cloned());
        }
        self.files.fetch_add(files.len(), Ordering::Relaxed);
        self.carried.fetch_add(files.len(), Ordering::Relaxed);
        true
    }

    /// Takes back a file `link` placed (when updating, only from the list:
    /// the file is rendered again over it).
    pub(super) fn unlink(&self, rel: &str) {
        let listed = self.listed.lock().is_ok_and(|mut l| l.remove(rel));
        let taken = listed && (self.update || std::fs::remove_file(self.root.join(rel)).is_ok());
        if taken {
            self.files.fetch_sub(1, Ordering::Relaxed);
            self.carried.fetch_sub(1, Ordering::Relaxed);
        }
    }

    pub(super) fn copy(&self, from: &Path, rel: &str) -> Result<(), BuildFailure> {
        let (path, written) = self.target(rel);
        if let Some(parent) = path.parent() {
            self.ensure_dir(parent)?;
        }
        std::fs::copy(from, &written).map_err(|e| {
            fail(
                from,
                crate::tr!(
                    "cannot copy the attachment: {e}",
                    "lampiran tidak dapat disalin: {e}"
                ),
                crate::tr!(
                    "check that it is readable",
                    "pastikan lampiran itu dapat dibaca"
                ),
            )
        })?;
        self.placed(rel, &path, &written)
    }

    /// When updating a site: removes every file of the folder this build
    /// neither wrote nor kept, and the folders left empty. `had` lists the
    /// files the folder held before, when known (the spare's, as recorded):
    /// then it is not walked.
    pub(super) fn remove_the_rest(&self, had: Option<&[String]>) {
        let Ok(kept) = self.listed.lock() else {
            return;
        };
        let Some(had) = had else {
            prune(self.root, "", &kept);
            return;
        };
        let mut emptied: Vec<&str> = Vec::new();
        for rel in had.iter().filter(|rel| !kept.contains(*rel)) {
            if std::fs::remove_file(self.root.join(rel)).is_ok() {
                emptied.extend(rel.rsplit_once('/').map(|(dir, _)| dir));
            }
        }
        // Deepest first; fails, as it should, unless the folder is empty by now.
        emptied.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(b.cmp(a)));
        emptied.dedup();
        for dir in emptied {
            let mut dir = Some(dir);
            while let Some(d) = dir {
                if std::fs::remove_dir(self.root.join(d)).is_err() {
                    break;
                }
                dir = d.rsplit_once('/').map(|(up, _)| up);
            }
        }
    }
}

/// Removes below `dir` (at `rel` in the site) every file not in `kept`, and
/// the folders left empty; subfolders in parallel (a site of 20,000 agencies
/// has as many folders). Links are removed, never followed. True when `dir`
/// is left empty.
pub(super) fn prune(dir: &Path, rel: &str, kept: &HashSet<String>) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut folders = Vec::new();
    let mut left = 0;
    let mut name = String::from(rel);
    if !rel.is_empty() {
        name.push('/');
    }
    let prefix = name.len();
    for entry in entries.filter_map(Result::ok) {
        name.truncate(prefix);
        name.push_str(&entry.file_name().to_string_lossy());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            folders.push((entry.path(), name.clone()));
        } else if kept.contains(&name) || std::fs::remove_file(entry.path()).is_err() {
            left += 1;
        }
    }
    let removed = folders
        .par_iter()
        .filter(|(dir, rel)| prune(dir, rel, kept) && std::fs::remove_dir(dir).is_ok())
        .count();
    left == 0 && removed == folders.len()
}

/// Whether `a` and `b` are one and the same regular file (not a link to one).
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) if a.is_file() && b.is_file() => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                a.dev() == b.dev() && a.ino() == b.ino()
            }
            #[cfg(not(unix))]
            false
        }
        _ => false,
    }
}

/// What `write_site` wrote.
/// Lets one closure write pages of every context type.
pub(super) trait ErasedPage: Sync {
    fn write_with(
        &self,
        w: &Writer,
        r: &Renderer,
        template: &str,
        rel: &str,
    ) -> Result<(), BuildFailure>;
}

impl<T: serde::Serialize + Sync> ErasedPage for T {
    fn write_with(
        &self,
        w: &Writer,
        r: &Renderer,
        template: &str,
        rel: &str,
    ) -> Result<(), BuildFailure> {
        w.page(r, template, rel, self)
    }
}
