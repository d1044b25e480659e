//! Provenance: when each file of the content tree last changed, by whom, in
//! which commit, and which files have changes not yet committed.
//!
//! The whole tree's history is read in ONE `git log` pass (NUL-separated,
//! newest first, limited to the content folder), plus one `git status` for
//! uncommitted changes: never a process per file.
//!
//! Renames: a pure rename or move (git's `R100`, content unchanged) is
//! followed: the file's last change is the last commit that changed its
//! content under its old name, so reorganising folders does not reset every
//! date. A rename that also edits the file counts as a change of the file.
//!
//! The dates shown are author dates in the author's own time zone, so two
//! builds of the same commits give the same pages on any machine.
//! This module reads git and nothing else; the views decide what to show.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::{output, GitError, Repo};
use crate::diagnostics::{display_path, Diagnostic, Diagnostics};
use crate::model::Date;

/// One commit that last changed some file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub id: String,
    /// Abbreviated id, as `git log --format=%h` gives it.
    pub short: String,
    /// Author name (after `.mailmap`).
    pub author: String,
    /// Author date, in the author's time zone.
    pub date: Date,
}

/// What is known about one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileHistory {
    /// Position in `Provenance::commits` of its last change; None if never committed.
    pub last: Option<usize>,
    /// Modified, staged, or untracked: the working tree differs from the last commit.
    pub uncommitted: bool,
}

/// The history of a content tree.
#[derive(Debug, Clone, Default)]
pub struct Provenance {
    /// The repository is a shallow clone: dates and authors of old changes are wrong.
    pub shallow: bool,
    /// Commits that last changed some file, newest first (git log order).
    pub commits: Vec<Commit>,
    /// By path relative to the content folder, with `/`.
    pub files: BTreeMap<String, FileHistory>,
}

impl Provenance {
    pub fn file(&self, path: &str) -> Option<&FileHistory> {
        self.files.get(path)
    }

    pub fn commit(&self, ix: usize) -> Option<&Commit> {
        self.commits.get(ix)
    }

    /// Reads the history of the content folder `root`. `None` (and no
    /// diagnostic) when it is not in git or git is not installed.
    pub fn read(root: &Path) -> (Option<Provenance>, Diagnostics) {
        let mut diags = Diagnostics::default();
        let shown = display_path(root, root);
        let repo = match Repo::discover(root) {
            Ok(repo) => repo,
            Err(GitError::Missing | GitError::NotARepository) => return (None, diags),
            Err(e) => {
                diags.push(
                    Diagnostic::warning(shown, crate::tr!(
                        "git cannot read the repository of the content, so pages show no file history: {e}",
                        "git tidak dapat membaca repositori isi, jadi halaman tidak menampilkan riwayat berkas: {e}"
                    ))
                        .hint(crate::tr!(
                            "if git reports dubious ownership, mark the repository as safe with `git config --global --add safe.directory` and its path",
                            "bila git melaporkan \"dubious ownership\", tandai repositori itu aman dengan `git config --global --add safe.directory` diikuti lokasinya"
                        )),
                );
                return (None, diags);
            }
        };
        if repo.shallow {
            diags.push(
                Diagnostic::warning(shown.clone(), crate::tr!(
                    "the content is in a shallow clone: the dates and authors of file history on the pages may be wrong",
                    "isi berada dalam shallow clone: tanggal dan penulis riwayat berkas pada halaman mungkin keliru"
                ))
                    .hint(crate::tr!(
                        "fetch the whole history (`git fetch --unshallow`), or clone without `--depth` in CI",
                        "ambil seluruh riwayat (`git fetch --unshallow`), atau clone tanpa `--depth` di CI"
                    )),
            );
        }
        let log = match read_log(&repo) {
            Ok(bytes) => bytes,
            Err(GitError::Failed(m)) if m.contains("does not have any commits") => Vec::new(),
            Err(e) => {
                diags.push(Diagnostic::warning(
                    shown,
                    crate::tr!(
                        "cannot read the history of the content, so pages show no file history: {e}",
                        "riwayat isi tidak dapat dibaca, jadi halaman tidak menampilkan riwayat berkas: {e}"
                    ),
                ));
                return (None, diags);
            }
        };
        let (commits, last) = parse_log(&repo, &log);
        let mut files: BTreeMap<String, FileHistory> = last
            .into_iter()
            .map(|(path, ix)| {
                (
                    path,
                    FileHistory {
                        last: Some(ix),
                        uncommitted: false,
                    },
                )
            })
            .collect();
        match read_status(&repo) {
            Ok(changed) => {
                for path in changed {
                    files.entry(path).or_default().uncommitted = true;
                }
            }
            Err(e) => diags.push(Diagnostic::warning(
                shown,
                crate::tr!(
                    "cannot list uncommitted changes: {e}",
                    "daftar perubahan yang belum di-commit tidak dapat dibaca: {e}"
                ),
            )),
        }
        (
            Some(Provenance {
                shallow: repo.shallow,
                commits,
                files,
            }),
            diags,
        )
    }
}

/// Marks the start of a commit in the log output; a NUL separates fields.
const RECORD: u8 = 0x01;

fn read_log(repo: &Repo) -> Result<Vec<u8>, GitError> {
    let mut cmd = repo.command();
    cmd.args([
        "log",
        "--no-ext-diff",
        "--no-textconv",
        "--no-show-signature",
        "-M",
        "--name-status",
        "-z",
        "--no-color",
        "--format=%x01%H%x00%h%x00%aN%x00%aI",
        "--",
        ".",
    ]);
    output(cmd)
}

/// The commits that last changed some file, newest first, and each path's commit.
fn parse_log(repo: &Repo, log: &[u8]) -> (Vec<Commit>, HashMap<String, usize>) {
    let mut commits: Vec<Commit> = Vec::new();
    let mut last: HashMap<String, usize> = HashMap::new();
    // Old name -> (current names waiting for the old name's last change, the rename's commit).
    let mut pending: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    for record in log.split(|&b| b == RECORD).filter(|r| !r.is_empty()) {
        let mut fields = record.split(|&b| b == 0).map(|f| {
            String::from_utf8_lossy(f)
                .trim_start_matches('\n')
                .to_string()
        });
        let (Some(id), Some(short), Some(author), Some(when)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let Some(date) = when.get(..10).and_then(|d| d.parse::<Date>().ok()) else {
            continue;
        };
        let ix = commits.len();
        let rest: Vec<String> = fields.filter(|f| !f.is_empty()).collect();
        let mut i = 0;
        while i < rest.len() {
            let status = rest[i].as_str();
            let two_paths = status.starts_with('R') || status.starts_with('C');
            let (old, new) = if two_paths {
                let pair = (rest.get(i + 1), rest.get(i + 2));
                i += 3;
                match pair {
                    (Some(o), Some(n)) => (Some(o.as_str()), n.as_str()),
                    _ => break,
                }
            } else {
                i += 2;
                match rest.get(i - 1) {
                    Some(p) => (None, p.as_str()),
                    None => break,
                }
            };
            let Some(new) = repo.relative(new) else {
                continue;
            };
            let mut targets = vec![(new.to_string(), ix)];
            targets.extend(pending.remove(new).unwrap_or_default());
            let pure_rename = status == "R100";
            for (target, fallback) in targets {
                if last.contains_key(&target) {
                    continue;
                }
                match old.and_then(|o| repo.relative(o)).filter(|_| pure_rename) {
                    // Unchanged content: its last change is under the old name.
                    Some(old) => pending
                        .entry(old.to_string())
                        .or_default()
                        .push((target, fallback)),
                    None => {
                        last.insert(target, ix);
                    }
                }
            }
        }
        commits.push(Commit {
            id,
            short,
            author,
            date,
        });
    }
    // Renamed files whose old name has no earlier change in the history (a
    // shallow clone, or the move brought them in): the move is their last change.
    for waiting in pending.into_values() {
        for (target, fallback) in waiting {
            last.entry(target).or_insert(fallback);
        }
    }
    (commits, last)
}

/// Files of the content folder that differ from the last commit (staged,
/// modified, deleted or untracked), relative to the content folder.
fn read_status(repo: &Repo) -> Result<Vec<String>, GitError> {
    let mut cmd = repo.command();
    cmd.args([
        "status",
        "--porcelain=v1",
        "-z",
        "--no-renames",
        "--untracked-files=all",
        "--ignore-submodules=all",
        "--",
        ".",
    ]);
    let out = output(cmd)?;
    Ok(out
        .split(|&b| b == 0)
        .filter(|e| e.len() > 3)
        .filter_map(|e| {
            let path = String::from_utf8_lossy(&e[3..]).into_owned();
            repo.relative(&path).map(str::to_string)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn repo(prefix: &str) -> Repo {
        Repo {
            content: PathBuf::from("."),
            top: PathBuf::from("."),
            prefix: prefix.into(),
            shallow: false,
            overrides: Vec::new(),
        }
    }

    fn record(id: &str, author: &str, date: &str, entries: &[&str]) -> Vec<u8> {
        let mut out = vec![RECORD];
        for f in [id, &id[..4], author, date] {
            out.extend_from_slice(f.as_bytes());
            out.push(0);
        }
        out.push(b'\n');
        for e in entries {
            out.extend_from_slice(e.as_bytes());
            out.push(0);
        }
        out
    }

    #[test]
    fn newest_change_wins_and_pure_renames_are_followed() {
        let mut log = Vec::new();
        log.extend(record(
            "cccccc",
            "Citra",
            "2022-09-01T08:00:00+07:00",
            &["M", "content/b.yaml"],
        ));
        log.extend(record(
            "bbbbbb",
            "Budi",
            "2022-08-01T08:00:00+07:00",
            &[
                "R100",
                "content/old.yaml",
                "content/new.yaml",
                "R075",
                "content/x.md",
                "content/y.md",
            ],
        ));
        log.extend(record(
            "aaaaaa",
            "Ani",
            "2022-07-01T08:00:00+07:00",
            &[
                "A",
                "content/old.yaml",
                "A",
                "content/b.yaml",
                "A",
                "content/x.md",
                "A",
                "outside.txt",
            ],
        ));
        let (commits, last) = parse_log(&repo("content/"), &log);
        assert_eq!(commits.len(), 3);
        let who = |p: &str| commits[last[p]].author.as_str();
        assert_eq!(who("b.yaml"), "Citra");
        assert_eq!(
            who("new.yaml"),
            "Ani",
            "a pure rename keeps the content's date"
        );
        assert_eq!(who("y.md"), "Budi", "a rename with edits is a change");
        assert_eq!(commits[last["b.yaml"]].date.to_string(), "2022-09-01");
        assert!(!last.contains_key("outside.txt"));
    }

    #[test]
    fn a_rename_without_older_history_falls_back_to_the_move() {
        let log = record(
            "bbbbbb",
            "Budi",
            "2022-08-01T08:00:00+07:00",
            &["R100", "a.yaml", "b.yaml"],
        );
        let (commits, last) = parse_log(&repo(""), &log);
        assert_eq!(commits[last["b.yaml"]].author, "Budi");
    }
}
