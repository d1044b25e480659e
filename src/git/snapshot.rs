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

use std::io::{BufRead, BufReader, Write};
use std::path::{Component, Path, PathBuf};
use std::process::Stdio;

use super::{command, output, GitError, Repo};

/// A revision's content tree on disk; the folder is removed when dropped.
pub struct Snapshot {
    _dir: tempfile::TempDir,
    /// The content folder of the revision (named like the real one, so
    /// diagnostics read `content/2022/...`).
    pub root: PathBuf,
    /// The full commit id the revision named.
    pub commit: String,
}

/// Writes the content tree of `rev` into a temporary folder.
pub fn read(repo: &Repo, rev: &str) -> Result<Snapshot, GitError> {
    let commit = repo.resolve(rev)?;
    let subtree = format!("{commit}:{}", repo.prefix.trim_end_matches('/'));
    let mut ls = command(&repo.content);
    ls.args(["ls-tree", "-r", "-z", "--full-tree", &subtree]);
    let listing = output(ls).map_err(|e| match e {
        GitError::Failed(_) => GitError::Failed(format!(
            "the content folder `{}` does not exist in `{rev}`",
            repo.prefix.trim_end_matches('/')
        )),
        other => other,
    })?;

    // (mode, object id, path) of every blob; gitlinks (submodules) are skipped.
    let mut entries: Vec<(String, String, PathBuf)> = Vec::new();
    for entry in listing.split(|&b| b == 0).filter(|e| !e.is_empty()) {
        let text = String::from_utf8_lossy(entry);
        let Some((meta, path)) = text.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (Some(mode), Some(kind), Some(oid)) = (meta.next(), meta.next(), meta.next()) else {
            continue;
        };
        let rel = PathBuf::from(path);
        let safe = rel.components().all(|c| matches!(c, Component::Normal(_)));
        if kind == "blob" && safe {
            entries.push((mode.to_string(), oid.to_string(), rel));
        }
    }

    let dir = tempfile::Builder::new()
        .prefix("tolok-rev-")
        .tempdir()
        .map_err(|e| GitError::Failed(format!("cannot create a temporary folder: {e}")))?;
    let name = repo
        .content
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_os_string()))
        .unwrap_or_else(|| "content".into());
    let root = dir.path().join(name);
    std::fs::create_dir_all(&root).map_err(io_error)?;

    let mut cat = command(&repo.content);
    cat.args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = cat.spawn().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            GitError::Missing
        } else {
            GitError::Failed(format!("cannot run git: {e}"))
        }
    })?;
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let ids: Vec<String> = entries.iter().map(|(_, oid, _)| oid.clone()).collect();
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
    let result = write_blobs(&mut reader, &entries, &root);
    drop(reader);
    let _ = feeder.join();
    let _ = child.wait();
    result?;
    Ok(Snapshot {
        _dir: dir,
        root,
        commit,
    })
}

fn io_error(e: std::io::Error) -> GitError {
    GitError::Failed(format!(
        "cannot write the old revision to a temporary folder: {e}"
    ))
}

fn write_blobs(
    reader: &mut impl BufRead,
    entries: &[(String, String, PathBuf)],
    root: &Path,
) -> Result<(), GitError> {
    let mut header = String::new();
    for (mode, oid, rel) in entries {
        header.clear();
        reader.read_line(&mut header).map_err(io_error)?;
        // "<oid> blob <size>" (or "<oid> missing").
        let size: usize = header
            .split_whitespace()
            .nth(2)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| {
                GitError::Failed(format!(
                    "git cannot read the object {oid}: {}",
                    header.trim()
                ))
            })?;
        let mut bytes = vec![0; size];
        reader.read_exact(&mut bytes).map_err(io_error)?;
        let mut newline = [0u8; 1];
        reader.read_exact(&mut newline).map_err(io_error)?;
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error)?;
        }
        if mode == "120000" {
            // A symbolic link, as a checkout would make it; the loader checks
            // that it stays inside its agency folder.
            #[cfg(unix)]
            std::os::unix::fs::symlink(String::from_utf8_lossy(&bytes).as_ref(), &path)
                .map_err(io_error)?;
        } else {
            std::fs::write(&path, &bytes).map_err(io_error)?;
        }
    }
    Ok(())
}
