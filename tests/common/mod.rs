//! Helpers shared by the integration tests: run the real binary, find
//! fixtures, copy trees into temporary folders.
#![allow(dead_code)]

pub mod forms;

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `tolok` with `args` in `dir`, its messages in English (the tests
/// of the Indonesian catalogue use `tolok_said`).
pub fn tolok_in(dir: &Path, args: &[&str]) -> Run {
    tolok_said(dir, "en", args)
}

/// Runs `tolok` with `args` in `dir`, its messages in `lang` (`TOLOK_LANG`;
/// `site` for the site's own language).
pub fn tolok_said(dir: &Path, lang: &str, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tolok"));
    command.args(args).current_dir(dir).env("NO_COLOR", "1");
    match lang {
        "site" => command.env_remove("TOLOK_LANG"),
        lang => command.env("TOLOK_LANG", lang),
    };
    let out = command.output().expect("the tolok binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn tolok(args: &[&str]) -> Run {
    tolok_in(&repo(), args)
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// Copies a tree (files and folders) from `from` into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file below `dir`, as relative paths, sorted.
pub fn files_below(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    out.sort();
    out
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// A copy of the minimal valid tree with `edits` applied: (path, new content);
/// an empty content with a path ending in `/` removes nothing but creates a folder.
pub fn broken_tree(edits: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), &dir.path().join("content"));
    for (path, text) in edits {
        let target = dir.path().join("content").join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, text).unwrap();
    }
    dir
}

/// Runs `tolok check` and asserts exit 1 and that one error line has `file:line` and `message`.
pub fn expect_error(dir: &Path, file: &str, line: Option<usize>, message: &str) -> String {
    let run = tolok_in(dir, &["check", "content"]);
    assert_eq!(run.code, 1, "expected errors, got:\n{}", run.stderr);
    let location = match line {
        Some(l) => format!("content/{file}:{l}:"),
        None => format!("content/{file}"),
    };
    assert!(
        run.stderr
            .lines()
            .any(|l| l.starts_with("error: ") && l.contains(&location) && l.contains(message)),
        "no error at `{location}` saying `{message}` in:\n{}",
        run.stderr
    );
    assert_wrote_nothing(dir);
    run.stderr
}

/// Nothing but the content folder is in `dir`: no site, no staging folder.
pub fn assert_wrote_nothing(dir: &Path) {
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["content".to_string()], "something was written");
}

/// `tolok build` fails with exit 1 and leaves neither an output nor a staging folder.
pub fn expect_build_fails(dir: &Path, message: &str) {
    let run = tolok_in(dir, &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(message), "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert_wrote_nothing(dir);
}

/// Runs `tolok` in `dir` with its address space and CPU time capped (on
/// Unix): a run that would need more is killed, so a test of bounded
/// memory and time fails instead of taking the machine. The caps are far
/// above what the inputs need and far below what the unbounded code asked.
pub fn tolok_bounded(dir: &Path, args: &[&str], memory_bytes: u64, cpu_seconds: u64) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tolok"));
    cmd.env("TOLOK_LANG", "en");
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1");
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // SAFETY: setrlimit is async-signal-safe and touches no memory of the parent.
        unsafe {
            cmd.pre_exec(move || {
                let cap = |resource, value: u64| {
                    let limit = libc::rlimit {
                        rlim_cur: value as libc::rlim_t,
                        rlim_max: value as libc::rlim_t,
                    };
                    if libc::setrlimit(resource, &limit) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                };
                cap(libc::RLIMIT_AS, memory_bytes)?;
                cap(libc::RLIMIT_CPU, cpu_seconds)
            });
        }
    }
    #[cfg(not(unix))]
    let _ = (memory_bytes, cpu_seconds);
    let out = cmd.output().expect("the tolok binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
