//! Repositories crafted against tolok: commits whose trees hold links and
//! paths a checkout would never make, and a repository configuration that
//! names programs for git to run. Reading history and old revisions must
//! never write outside tolok's temporary folder and never run anything the
//! repository names. Skipped (with a notice) when git is not installed.

mod common;

use common::{copy_tree, fixture, tolok_in};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn has_git() -> bool {
    let ok = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("notice: git is not installed; skipping this git test");
    }
    ok
}

/// A git command that must succeed, isolated from the user's configuration;
/// `input` is fed on standard input.
fn git_in(dir: &Path, args: &[&str], input: Option<&str>) -> String {
    let mut cmd = Command::new("git");
    cmd.args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Penyerang")
        .env("GIT_AUTHOR_EMAIL", "x@example.org")
        .env("GIT_COMMITTER_NAME", "Penyerang")
        .env("GIT_COMMITTER_EMAIL", "x@example.org")
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("git runs");
    let mut stdin = child.stdin.take().unwrap();
    if let Some(text) = input {
        stdin.write_all(text.as_bytes()).unwrap();
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn git(dir: &Path, args: &[&str]) -> String {
    git_in(dir, args, None)
}

/// A repository whose `content/` is the minimal fixture, committed once; and
/// a folder outside it holding a file an attacker would overwrite.
struct Setup {
    _tmp: tempfile::TempDir,
    repo: PathBuf,
    outside: PathBuf,
}

const OUTSIDE_TEXT: &str = "milik orang lain\n";

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_tree(&fixture("minimal"), &repo.join("content"));
    std::fs::write(repo.join(".gitignore"), "/public/\n").unwrap();
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "awal"]);
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("korban.txt"), OUTSIDE_TEXT).unwrap();
    Setup {
        _tmp: tmp,
        repo,
        outside,
    }
}

fn blob(repo: &Path, text: &str) -> String {
    git_in(repo, &["hash-object", "-w", "--stdin"], Some(text))
}

/// A commit on top of HEAD whose `content` tree is HEAD's plus `extra`
/// lines of `git mktree` input (`MODE TYPE OID\tNAME`), duplicates allowed.
fn crafted_commit(repo: &Path, extra: &[String]) -> String {
    let mut content = git(repo, &["ls-tree", "HEAD:content"]);
    for line in extra {
        content.push('\n');
        content.push_str(line);
    }
    content.push('\n');
    let content_tree = git_in(repo, &["mktree", "--missing"], Some(&content));
    let mut top = git(repo, &["ls-tree", "HEAD"])
        .lines()
        .filter(|l| !l.ends_with("\tcontent"))
        .collect::<Vec<_>>()
        .join("\n");
    top.push_str(&format!("\n040000 tree {content_tree}\tcontent\n"));
    let tree = git_in(repo, &["mktree"], Some(&top));
    git(
        repo,
        &["commit-tree", &tree, "-p", "HEAD", "-m", "serangan"],
    )
}

/// Every file below `dir` with its bytes.
fn snapshot_of(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

#[cfg(unix)]
#[test]
fn a_link_to_a_folder_then_a_path_through_it_writes_nothing_outside() {
    if !has_git() {
        return;
    }
    let s = setup();
    let link = blob(&s.repo, s.outside.to_str().unwrap());
    let evil = blob(&s.repo, "name: ditulis lewat tautan\n");
    let inner = git_in(
        &s.repo,
        &["mktree"],
        Some(&format!("100644 blob {evil}\tevil.yaml\n")),
    );
    let commit = crafted_commit(
        &s.repo,
        &[
            format!("120000 blob {link}\tx"),
            format!("040000 tree {inner}\tx"),
        ],
    );
    let before = snapshot_of(&s.outside);
    for args in [
        vec!["diff", commit.as_str(), "content"],
        vec!["build", "content", "--out", "public", "--since", &commit],
    ] {
        let run = tolok_in(&s.repo, &args);
        assert_eq!(snapshot_of(&s.outside), before, "{args:?} wrote outside");
        assert!(!s.outside.join("evil.yaml").exists());
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("content/x: in `") && run.stderr.contains("symbolic link"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[cfg(unix)]
#[test]
fn a_link_to_a_file_then_a_blob_of_the_same_name_overwrites_nothing() {
    if !has_git() {
        return;
    }
    let s = setup();
    let victim = s.outside.join("korban.txt");
    let link = blob(&s.repo, victim.to_str().unwrap());
    let evil = blob(&s.repo, "ditimpa\n");
    let commit = crafted_commit(
        &s.repo,
        &[
            format!("120000 blob {link}\ty"),
            format!("100644 blob {evil}\ty"),
            // The same file twice: written once.
            format!("100644 blob {evil}\tz.md"),
            format!("100644 blob {evil}\tz.md"),
        ],
    );
    let run = tolok_in(&s.repo, &["diff", &commit, "content"]);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), OUTSIDE_TEXT);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/y: in `") && run.stderr.contains("symbolic link"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("content/z.md: in `"), "{}", run.stderr);
    assert!(run.stderr.contains("met twice"), "{}", run.stderr);
}

/// Each program the configuration names creates a marker file when run.
fn hostile_config(repo: &Path, markers: &Path) -> Vec<PathBuf> {
    let names = [
        "fsmonitor",
        "clean",
        "process",
        "smudge",
        "textconv",
        "external",
        "pager",
        "included",
        "hook",
        "askpass",
    ];
    let marker = |name: &str| markers.join(name);
    let cmd = |name: &str| format!("touch '{}'; false", marker(name).display());
    let included = repo.join(".git/extra.config");
    std::fs::write(
        &included,
        format!("[core]\n\tfsmonitor = \"{}\"\n", cmd("included")),
    )
    .unwrap();
    let hooks = repo.join(".git/evil-hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    for hook in [
        "post-checkout",
        "post-index-change",
        "reference-transaction",
        "pre-auto-gc",
    ] {
        let path = hooks.join(hook);
        std::fs::write(&path, format!("#!/bin/sh\n{}\n", cmd("hook"))).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    let settings = [
        ("core.fsmonitor", cmd("fsmonitor")),
        ("filter.evil.clean", cmd("clean")),
        ("filter.evil.smudge", cmd("smudge")),
        ("filter.evil.process", cmd("process")),
        ("filter.evil.required", "true".into()),
        ("diff.evil.textconv", cmd("textconv")),
        ("diff.external", cmd("external")),
        ("core.pager", cmd("pager")),
        ("core.askPass", cmd("askpass")),
        ("core.hooksPath", hooks.display().to_string()),
        ("include.path", included.display().to_string()),
    ];
    for (key, value) in settings {
        git(repo, &["config", key, &value]);
    }
    std::fs::write(repo.join(".gitattributes"), "* filter=evil diff=evil\n").unwrap();
    names.iter().map(|n| marker(n)).collect()
}

#[cfg(unix)]
#[test]
fn the_repository_configuration_runs_no_program() {
    if !has_git() {
        return;
    }
    let s = setup();
    let markers = s.repo.parent().unwrap().join("markers");
    std::fs::create_dir_all(&markers).unwrap();
    let first = git(&s.repo, &["rev-parse", "HEAD"]);
    let expected = hostile_config(&s.repo, &markers);
    // A change git status has to look at: the file's content differs from
    // the index while its size stays the same, so git must read it.
    let evidence = s.repo.join("content/2022/prov-a/dinas-a/agency.yaml");
    let text = std::fs::read_to_string(&evidence).unwrap();
    std::fs::write(&evidence, text.replacen("Dinas A", "Dinas Z", 1)).unwrap();

    let runs = [
        tolok_in(&s.repo, &["build", "content", "--out", "public"]),
        tolok_in(&s.repo, &["diff", &first, "content"]),
        tolok_in(
            &s.repo,
            &["build", "content", "--out", "public", "--since", &first],
        ),
    ];
    let ran: Vec<&PathBuf> = expected.iter().filter(|m| m.exists()).collect();
    assert!(ran.is_empty(), "programs of the configuration ran: {ran:?}");
    for run in &runs {
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    // Provenance still works: the changed file is marked as changed.
    let page =
        std::fs::read_to_string(s.repo.join("public/2022/prov-a/dinas-a/index.html")).unwrap();
    assert!(page.contains("Dinas Z"), "the build read the working tree");
    // And the same commands without tolok's settings do run them (the test
    // would pass vacuously otherwise).
    let _ = Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(&s.repo)
        .env("HOME", &s.repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output();
    assert!(
        markers.join("fsmonitor").exists() || markers.join("included").exists(),
        "plain git status should have run the monitor"
    );
}
