//! Talking to git: the one place that runs the `git` program. It finds the
//! repository that holds a content folder, reads the tree's history
//! (`provenance`) and reads old revisions of the tree from git's objects
//! (`snapshot`).
//!
//! It only ever reads: no command here writes the working tree, the index or
//! a ref (`git status` runs with optional locks off, so it does not even
//! refresh the index). A content folder outside git, or a machine without
//! git, is not an error: `Repo::discover` answers `None` and the site is built
//! as if git did not exist. Nothing here scores or renders.

pub mod provenance;
pub mod snapshot;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository around a content folder.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The content folder git commands run in.
    pub content: PathBuf,
    /// The repository's top folder.
    pub top: PathBuf,
    /// The content folder's path below `top`, with `/` and a trailing `/`,
    /// empty when the content folder is the top itself.
    pub prefix: String,
    /// A shallow clone lacks the older commits, so last-change dates are wrong.
    pub shallow: bool,
}

/// Why git could not answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// The `git` program is not installed (or not on PATH).
    Missing,
    /// The folder is not inside a git work tree.
    NotARepository,
    /// git refuses the repository (e.g. "dubious ownership"); its message.
    Refused(String),
    /// A command failed; its message.
    Failed(String),
}

impl std::fmt::Display for GitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            GitError::Missing => write!(f, "git is not installed"),
            GitError::NotARepository => {
                write!(f, "the content folder is not inside a git repository")
            }
            GitError::Refused(m) | GitError::Failed(m) => write!(f, "{m}"),
        }
    }
}

/// A git command run in `dir`, in the C locale, with the environment that
/// could point it elsewhere removed: inside a git hook `GIT_DIR` and
/// `GIT_WORK_TREE` are set for the hook's repository, and the content folder
/// must be found from where it is. `GIT_OPTIONAL_LOCKS=0` keeps read-only
/// commands from rewriting the index.
pub fn command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("LC_ALL", "C")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_PREFIX")
        .args(["-c", "core.quotepath=off", "-c", "log.showSignature=false"])
        .stdin(Stdio::null());
    cmd
}

/// Runs a prepared command and returns its standard output when it succeeds.
pub fn output(mut cmd: Command) -> Result<Vec<u8>, GitError> {
    let out: Output = cmd.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            GitError::Missing
        } else {
            GitError::Failed(format!("cannot run git: {e}"))
        }
    })?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(GitError::Failed(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ))
    }
}

impl Repo {
    /// The repository that holds `content`, found with one `git rev-parse`.
    pub fn discover(content: &Path) -> Result<Repo, GitError> {
        if !content.is_dir() {
            return Err(GitError::NotARepository);
        }
        let mut cmd = command(content);
        cmd.args([
            "rev-parse",
            "--is-inside-work-tree",
            "--show-toplevel",
            "--show-prefix",
            "--is-shallow-repository",
        ]);
        let out = match output(cmd) {
            Ok(out) => out,
            Err(GitError::Failed(m)) if m.contains("dubious ownership") => {
                return Err(GitError::Refused(m))
            }
            Err(GitError::Failed(m)) if m.contains("not a git repository") => {
                return Err(GitError::NotARepository)
            }
            Err(e) => return Err(e),
        };
        let text = String::from_utf8_lossy(&out);
        let lines: Vec<&str> = text.lines().collect();
        if lines.first() != Some(&"true") || lines.len() < 4 {
            // A bare repository or the inside of `.git`: not a work tree.
            return Err(GitError::NotARepository);
        }
        let mut prefix = lines[2].trim().to_string();
        if !prefix.is_empty() && !prefix.ends_with('/') {
            prefix.push('/');
        }
        Ok(Repo {
            content: content.to_path_buf(),
            top: PathBuf::from(lines[1]),
            prefix,
            shallow: lines[3].trim() == "true",
        })
    }

    /// A path as git prints it (relative to the top) made relative to the
    /// content folder; `None` for a path outside it.
    pub fn relative<'a>(&self, path: &'a str) -> Option<&'a str> {
        path.strip_prefix(self.prefix.as_str())
            .filter(|p| !p.is_empty())
    }

    /// The full commit id a revision names, or the error git gives.
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        let mut cmd = command(&self.content);
        cmd.args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
            .arg(format!("{rev}^{{commit}}"));
        match output(cmd) {
            Ok(out) => Ok(String::from_utf8_lossy(&out).trim().to_string()),
            Err(GitError::Failed(_)) => Err(GitError::Failed(format!(
                "`{rev}` names no commit of this repository"
            ))),
            Err(e) => Err(e),
        }
    }
}

/// True when a `git` program can be run.
pub fn available() -> bool {
    Command::new("git")
        .arg("--version")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
