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
    /// `-c` settings that switch off the repository's filter drivers.
    pub overrides: Vec<String>,
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
            GitError::Missing => write!(
                f,
                "{}",
                crate::tr!("git is not installed", "git belum terpasang")
            ),
            GitError::NotARepository => write!(
                f,
                "{}",
                crate::tr!(
                    "the content folder is not inside a git repository",
                    "folder isi tidak berada di dalam repositori git"
                )
            ),
            GitError::Refused(m) | GitError::Failed(m) => write!(f, "{m}"),
        }
    }
}

/// A git command run in `dir`, in the C locale, with the environment that
/// could point it elsewhere removed: inside a git hook `GIT_DIR` and
/// `GIT_WORK_TREE` are set for the hook's repository, and the content folder
/// must be found from where it is. `GIT_OPTIONAL_LOCKS=0` keeps read-only
/// commands from rewriting the index.
///
/// The repository's own configuration is not trusted to run programs: the
/// settings through which a read-only command could start one are overridden
/// on the command line, which wins over every configuration file (included
/// ones too). Filter drivers have names of their own, so `Repo::command` adds
/// theirs; this covers the rest (docs/security.md says what is trusted).
pub fn command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .env("LC_ALL", "C")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_PAGER", "cat")
        .env("PAGER", "cat")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_PREFIX")
        .env_remove("GIT_EXTERNAL_DIFF")
        .arg("--no-pager")
        .args(NEUTRAL_CONFIG.iter().flat_map(|setting| ["-c", setting]))
        .stdin(Stdio::null());
    cmd
}

/// Settings that keep a read-only git command from running a program the
/// repository names: the file-system monitor `git status` would start, a
/// pager, hooks, an external diff or text conversion, a signature check,
/// and submodules (whose own configuration would be read in turn).
const NEUTRAL_CONFIG: &[&str] = &[
    "core.quotepath=off",
    "core.fsmonitor=false",
    "core.pager=cat",
    "core.hooksPath=/dev/null/tolok-no-hooks",
    "core.sshCommand=false",
    "core.askPass=",
    "credential.helper=",
    "diff.external=",
    "diff.ignoreSubmodules=all",
    "status.submoduleSummary=false",
    "log.showSignature=false",
    "gpg.program=false",
    "protocol.allow=never",
];

/// The command-line settings that switch off every filter driver `config`
/// (the output of `git config -z --name-only --get-regexp ^filter\.`) names:
/// `git status` runs a file through its driver's `clean` or `process`
/// program to compare it with the index.
fn filter_overrides(config: &[u8]) -> Vec<String> {
    let mut drivers: Vec<&str> = config
        .split(|&b| b == 0)
        .filter_map(|key| std::str::from_utf8(key).ok())
        .filter_map(|key| key.strip_prefix("filter."))
        .filter_map(|rest| rest.rsplit_once('.').map(|(name, _)| name))
        .collect();
    drivers.sort_unstable();
    drivers.dedup();
    drivers
        .into_iter()
        .flat_map(|name| {
            ["clean=", "smudge=", "process=", "required=false"]
                .map(|setting| format!("filter.{name}.{setting}"))
        })
        .collect()
}

/// Runs a prepared command and returns its standard output when it succeeds.
pub fn output(mut cmd: Command) -> Result<Vec<u8>, GitError> {
    let out: Output = cmd.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            GitError::Missing
        } else {
            GitError::Failed(
                crate::tr!("cannot run git: {e}", "git tidak dapat dijalankan: {e}").into_string(),
            )
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
        // Reading configuration runs nothing; the names found are switched off.
        let mut list = command(content);
        list.args(["config", "-z", "--name-only", "--get-regexp", r"^filter\."]);
        let overrides = output(list)
            .map(|config| filter_overrides(&config))
            .unwrap_or_default();
        Ok(Repo {
            content: content.to_path_buf(),
            top: PathBuf::from(lines[1]),
            prefix,
            shallow: lines[3].trim() == "true",
            overrides,
        })
    }

    /// A git command in the content folder, with the repository's filter
    /// drivers switched off as well (see `command`).
    pub fn command(&self) -> Command {
        let mut cmd = command(&self.content);
        for setting in &self.overrides {
            cmd.arg("-c").arg(setting);
        }
        cmd
    }

    /// A path as git prints it (relative to the top) made relative to the
    /// content folder; `None` for a path outside it.
    pub fn relative<'a>(&self, path: &'a str) -> Option<&'a str> {
        path.strip_prefix(self.prefix.as_str())
            .filter(|p| !p.is_empty())
    }

    /// The full commit id a revision names, or the error git gives.
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        let mut cmd = self.command();
        cmd.args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
            .arg(format!("{rev}^{{commit}}"));
        match output(cmd) {
            Ok(out) => Ok(String::from_utf8_lossy(&out).trim().to_string()),
            Err(GitError::Failed(_)) => Err(GitError::Failed(
                crate::tr!(
                    "`{rev}` names no commit of this repository",
                    "`{rev}` tidak menunjuk commit mana pun di repositori ini"
                )
                .into_string(),
            )),
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

#[cfg(test)]
mod tests {
    use super::filter_overrides;

    #[test]
    fn every_filter_driver_is_switched_off() {
        let config = b"filter.lfs.clean\0filter.lfs.smudge\0filter.a.b.process\0";
        assert_eq!(
            filter_overrides(config),
            [
                "filter.a.b.clean=",
                "filter.a.b.smudge=",
                "filter.a.b.process=",
                "filter.a.b.required=false",
                "filter.lfs.clean=",
                "filter.lfs.smudge=",
                "filter.lfs.process=",
                "filter.lfs.required=false",
            ]
        );
        assert!(filter_overrides(b"").is_empty());
    }
}
