//! An old revision of the content tree, read from git's objects into a
//! temporary folder so the normal loader (`content::load`) can read it.
//!
//! How: `git ls-tree -r -z` lists the files of `REV:<content folder>`, then
//! ONE `git cat-file --batch` process streams every blob, which is written
//! below a fresh temporary folder. Both commands only read the object
//! database: the working tree, the index and the refs are never touched, so
//! `tolok diff` is safe in the middle of someone's uncommitted work. This was
//! chosen over `git archive | tar` because it needs no tar reader (one
//! dependency less) and gives each file's mode directly; a checkout into a
//! second work tree (`git worktree add`) would write into `.git`, which this
//! must not do.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Component, Path, PathBuf};
use std::process::Stdio;

use super::{output, GitError, Repo};

/// A revision's content tree on disk; the folder is removed when dropped.
pub struct Snapshot {
    _dir: tempfile::TempDir,
    /// The content folder of the revision (named like the real one, so
    /// diagnostics read `content/2022/...`).
    pub root: PathBuf,
    /// The full commit id the revision named.
    pub commit: String,
    /// Entries of the revision that were not written, and why: links, paths
    /// that are not plain relative ones, and paths met a second time.
    pub skipped: Vec<Skipped>,
}

/// One entry of the revision left out of the snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The path as the commit names it, below the content folder.
    pub path: String,
    pub why: SkipReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// A symbolic link: never created, so nothing is written through one.
    Link,
    /// Not a plain relative path (`..`, an absolute path, `.git`).
    UnsafePath,
    /// A path written already, or one whose folder is a file of the revision.
    Conflict,
}

/// One blob of the listing to write.
struct Entry {
    oid: String,
    rel: PathBuf,
    shown: String,
}

/// Writes the content tree of `rev` into a temporary folder.
///
/// Only plain files are written, each below the temporary folder, each at
/// most once, and each into a file this function creates itself
/// (`create_new`): no link is ever made, so none can be followed, and no
/// path can be written twice. Links and other paths are skipped and listed
/// in `Snapshot::skipped`.
pub fn read(repo: &Repo, rev: &str) -> Result<Snapshot, GitError> {
    let commit = repo.resolve(rev)?;
    let subtree = format!("{commit}:{}", repo.prefix.trim_end_matches('/'));
    let mut ls = repo.command();
    ls.args(["ls-tree", "-r", "-z", "--full-tree", &subtree]);
    let listing = output(ls).map_err(|e| match e {
        GitError::Failed(_) => GitError::Failed(
            crate::tr!(
                "the content folder `{}` does not exist in `{rev}`",
                "folder isi `{}` tidak ada pada `{rev}`",
                repo.prefix.trim_end_matches('/')
            )
            .into_string(),
        ),
        other => other,
    })?;
    let (entries, mut skipped) = plan(&listing);

    let dir = tempfile::Builder::new()
        .prefix("tolok-rev-")
        .tempdir()
        .map_err(|e| {
            GitError::Failed(
                crate::tr!(
                    "cannot create a temporary folder: {e}",
                    "folder sementara tidak dapat dibuat: {e}"
                )
                .into_string(),
            )
        })?;
    let name = repo
        .content
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_os_string()))
        .unwrap_or_else(|| "content".into());
    let root = dir.path().join(name);
    std::fs::create_dir_all(&root).map_err(io_error)?;

    let mut cat = repo.command();
    cat.args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = cat.spawn().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            GitError::Missing
        } else {
            GitError::Failed(
                crate::tr!("cannot run git: {e}", "git tidak dapat dijalankan: {e}").into_string(),
            )
        }
    })?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let ids: Vec<String> = entries.iter().map(|e| e.oid.clone()).collect();
    // Feed the ids from a thread: git answers while it reads, and a full pipe
    // on either side would otherwise block both processes.
    let feeder = std::thread::spawn(move || {
        for id in ids {
            if writeln!(stdin, "{id}").is_err() {
                break;
            }
        }
    });
    let mut reader = BufReader::new(child.stdout.take().expect("stdout is piped"));
    let result = write_blobs(&mut reader, &entries, &root, &mut skipped);
    drop(reader);
    let _ = feeder.join();
    let _ = child.wait();
    result?;
    Ok(Snapshot {
        _dir: dir,
        root,
        commit,
        skipped,
    })
}

/// The blobs of an `ls-tree -r -z` listing to write, and the entries left
/// out. Gitlinks (submodules) are not part of the tree's content and are
/// left out silently.
fn plan(listing: &[u8]) -> (Vec<Entry>, Vec<Skipped>) {
    let mut entries = Vec::new();
    let mut skipped = Vec::new();
    for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let text = String::from_utf8_lossy(entry);
        let Some((meta, path)) = text.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (Some(mode), Some(kind), Some(oid)) = (meta.next(), meta.next(), meta.next()) else {
            continue;
        };
        if kind != "blob" {
            continue;
        }
        let skip = |why| Skipped {
            path: path.to_string(),
            why,
        };
        if mode == "120000" {
            skipped.push(skip(SkipReason::Link));
        } else if !is_plain_relative(path) {
            skipped.push(skip(SkipReason::UnsafePath));
        } else {
            entries.push(Entry {
                oid: oid.to_string(),
                rel: PathBuf::from(path),
                shown: path.to_string(),
            });
        }
    }
    (entries, skipped)
}

/// A path of plain names joined by `/`: not empty, not absolute, no `.` or
/// `..`, no `.git` (any case), no backslash or drive colon that another
/// system would read as a separator.
fn is_plain_relative(path: &str) -> bool {
    !path.is_empty()
        && path.split('/').all(|name| {
            !name.is_empty()
                && name != "."
                && name != ".."
                && !name.eq_ignore_ascii_case(".git")
                && !name.contains(['\\', ':'])
        })
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

fn io_error(e: std::io::Error) -> GitError {
    GitError::Failed(
        crate::tr!(
            "cannot write the old revision to a temporary folder: {e}",
            "revisi lama tidak dapat ditulis ke folder sementara: {e}"
        )
        .into_string(),
    )
}

/// Streams each blob into its own new file below `root`; a path whose file
/// or folder cannot be created as new (written already, or a file where a
/// folder should be) is skipped. Blobs are copied, never held whole.
fn write_blobs(
    reader: &mut impl BufRead,
    entries: &[Entry],
    root: &Path,
    skipped: &mut Vec<Skipped>,
) -> Result<(), GitError> {
    let mut header = String::new();
    for entry in entries {
        header.clear();
        reader.read_line(&mut header).map_err(io_error)?;
        // "<oid> blob <size>" (or "<oid> missing").
        let size: u64 = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| {
                GitError::Failed(
                    crate::tr!(
                        "git cannot read the object {}: {}",
                        "git tidak dapat membaca objek {}: {}",
                        entry.oid,
                        header.trim()
                    )
                    .into_string(),
                )
            })?;
        let mut blob = reader.by_ref().take(size);
        match create_new(root, &entry.rel) {
            Some(mut file) => {
                std::io::copy(&mut blob, &mut file).map_err(io_error)?;
            }
            None => {
                std::io::copy(&mut blob, &mut std::io::sink()).map_err(io_error)?;
                skipped.push(Skipped {
                    path: entry.shown.clone(),
                    why: SkipReason::Conflict,
                });
            }
        }
        let mut newline = [0u8; 1];
        reader.read_exact(&mut newline).map_err(io_error)?;
    }
    Ok(())
}

/// A new file at `root/rel`, its folders made as needed; `None` when the
/// file exists already or a folder on the way is not one. The snapshot
/// holds no links, so nothing on the way can lead out of `root`.
fn create_new(root: &Path, rel: &Path) -> Option<std::fs::File> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).ok()?;
        if !std::fs::symlink_metadata(parent).ok()?.is_dir() {
            return None;
        }
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_are_written() {
        for ok in ["a.yaml", "2022/x/evidence.yaml", "x/.hidden", "x/..y"] {
            assert!(is_plain_relative(ok), "{ok}");
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a/./b",
            "a//b",
            ".git/config",
            "x/.GIT/hooks",
            "a\\b",
            "c:x",
            "a/",
        ] {
            assert!(!is_plain_relative(bad), "{bad}");
        }
    }

    #[test]
    fn links_and_trees_are_left_out_of_the_plan() {
        let listing = [
            "100644 blob aaa\tx/a.yaml",
            "120000 blob bbb\ty",
            "160000 commit ccc\tsub",
            "100644 blob ddd\t../evil",
        ]
        .join("\0");
        let listing = listing.as_bytes();
        let (entries, skipped) = plan(listing);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].shown, "x/a.yaml");
        assert_eq!(
            skipped,
            vec![
                Skipped {
                    path: "y".into(),
                    why: SkipReason::Link
                },
                Skipped {
                    path: "../evil".into(),
                    why: SkipReason::UnsafePath
                },
            ]
        );
    }

    #[test]
    fn a_path_is_never_written_twice_nor_below_a_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(create_new(dir.path(), Path::new("x/a.yaml")).is_some());
        assert!(create_new(dir.path(), Path::new("x/a.yaml")).is_none());
        assert!(create_new(dir.path(), Path::new("x/a.yaml/b")).is_none());
        assert!(create_new(dir.path(), Path::new("x")).is_none());
    }
}
