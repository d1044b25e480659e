//! What serve watches: the folders a rebuild depends on, the file events
//! that name a change there, and the polling that stands in for them.
//!
//! This module notices changes; it never builds or serves.

use std::collections::hash_map::DefaultHasher;
use std::collections::BTreeSet;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Instant;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::*;

/// The folders a rebuild depends on.
pub(super) struct Tree {
    /// Canonical.
    pub(super) content: PathBuf,
    pub(super) out: PathBuf,
    /// `--theme`, absolute.
    pub(super) theme: Option<PathBuf>,
}

impl Tree {
    /// The theme folder named by site.yaml, as the build resolves it (read anew each time).
    pub(super) fn site_theme(&self) -> Option<PathBuf> {
        std::fs::read_to_string(self.content.join("site.yaml"))
            .ok()
            .and_then(|t| serde_yaml::from_str::<serde_yaml::Value>(&t).ok())
            .and_then(|v| v.get("theme").and_then(|t| t.as_str()).map(str::to_string))
            .map(|t| absolute(&self.content.join(t.trim())))
    }

    /// The theme folders: `--theme`, then site.yaml's.
    pub(super) fn themes(&self) -> Vec<PathBuf> {
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
    pub(super) fn matters(&self, path: &Path, themes: &[PathBuf]) -> bool {
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
    pub(super) fn watches(&self, themes: &[PathBuf]) -> Vec<(PathBuf, RecursiveMode)> {
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
    pub(super) fn fingerprint(&self) -> u64 {
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
pub(super) enum Change {
    /// Paths created, written, renamed or removed (none: look at everything).
    Paths(Vec<PathBuf>),
    /// The watcher can no longer see every change.
    Lost(String),
}

/// File events from the operating system.
pub(super) struct Events {
    watcher: RecommendedWatcher,
    changes: Receiver<Change>,
    /// What is watched now, and how.
    watching: Vec<(PathBuf, RecursiveMode)>,
}

impl Events {
    pub(super) fn start(tree: &Tree) -> Result<Events, String> {
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
    pub(super) fn sync(
        &mut self,
        tree: &Tree,
        themes: &[PathBuf],
        renew: &[PathBuf],
    ) -> Result<(), String> {
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
    pub(super) fn run(mut self, tree: &Tree, options: &BuildOptions, shared: &Shared) -> String {
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
                        return crate::tr!("the watcher stopped", "pemantau berkas berhenti")
                            .into_string()
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
pub(super) fn poll(tree: &Tree, options: &BuildOptions, shared: &Shared, mut last: u64) {
    loop {
        std::thread::sleep(POLL);
        let now = tree.fingerprint();
        if now != last {
            last = now;
            rebuild(tree, options, shared, &[]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
