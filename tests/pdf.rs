//! `tolok pdf` without a real browser: the message when there is none, the
//! time limit, file names and clean-up, with small stand-in browser scripts.
//! (Printing with a real Chromium is tested in tests/browser.rs.)
#![cfg(unix)]

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs `tolok pdf ARGS` with a private TMPDIR and PATH, no TOLOK_BROWSER.
fn pdf(tmpdir: &Path, path: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_tolok"))
        .env("TOLOK_LANG", "en")
        .arg("pdf")
        .args(args)
        .current_dir(repo())
        .env("NO_COLOR", "1")
        .env("TMPDIR", tmpdir)
        .env("PATH", path)
        .env_remove("TOLOK_BROWSER")
        .output()
        .expect("the tolok binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = dir.join(name);
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    p
}

/// A stand-in browser: writes a one-page PDF where `--print-to-pdf=` says.
const FAKE_PRINT: &str = r#"for a in "$@"; do case "$a" in --print-to-pdf=*) printf '%%PDF-1.4\n1 0 obj\n<</Type /Page\n/Parent 2 0 R>>\nendobj\n2 0 obj\n<</Type /Pages\n/Kids [1 0 R]>>\nendobj\n3 0 obj\n<</Type /Catalog\n/Pages 2 0 R>>\nendobj\n%%%%EOF\n' > "${a#--print-to-pdf=}";; esac; done"#;

#[test]
fn without_a_browser_it_fails_and_says_how_to_install_one() {
    let dir = tempfile::tempdir().unwrap();
    let (tmp, bin) = (dir.path().join("tmp"), dir.path().join("bin"));
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::create_dir_all(&bin).unwrap();
    let out = dir.path().join("pdf");
    let run = pdf(&tmp, &bin, &["content", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("no Chromium or Chrome found"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("apt-get install chromium"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--browser"), "{}", run.stderr);
    assert!(run.stderr.contains("TOLOK_BROWSER"), "{}", run.stderr);
    assert!(!out.exists(), "nothing is written");

    let missing = dir.path().join("no-such-browser");
    let run = pdf(
        &tmp,
        &bin,
        &["content", "--browser", missing.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
}

#[test]
fn a_browser_that_hangs_is_stopped_and_temporary_folders_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let hang = script(dir.path(), "hang", "PATH=/usr/bin:/bin exec sleep 30");
    let started = Instant::now();
    let run = pdf(
        &tmp,
        dir.path(),
        &[
            "content",
            "--agency",
            "maluku-utara/dinkes",
            "--browser",
            hang.to_str().unwrap(),
            "--timeout",
            "1",
            "--out",
            dir.path().join("pdf").to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("did not finish within 1 s"),
        "{}",
        run.stderr
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(
        files_below(&tmp),
        Vec::<String>::new(),
        "temporary files left"
    );
}

#[test]
fn names_the_files_by_period_agency_and_group_and_cleans_up() {
    let dir = tempfile::tempdir().unwrap();
    let tmp = dir.path().join("tmp");
    std::fs::create_dir_all(&tmp).unwrap();
    let fake = script(dir.path(), "chromium", FAKE_PRINT);
    let out = dir.path().join("pdf");
    // Found on PATH by its name.
    let run = pdf(
        &tmp,
        dir.path(),
        &[
            "content",
            "--period",
            "2022",
            "--group",
            "banten",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        files_below(&out),
        [
            "2022-banten-bappeda.pdf",
            "2022-banten-biro-organisasi.pdf",
            "2022-banten-bkd.pdf",
            "2022-banten-book.pdf",
            "2022-banten-dinkes.pdf",
            "2022-banten-dishub.pdf",
            "2022-banten-disnakertrans.pdf",
            "2022-banten-inspektorat.pdf",
        ]
    );
    assert!(run.stderr.contains("(1 page(s)"), "{}", run.stderr);
    assert_eq!(
        files_below(&tmp),
        Vec::<String>::new(),
        "temporary files left"
    );

    // One agency, by the last part of its id; the latest period by default.
    let run = pdf(
        &tmp,
        dir.path(),
        &[
            "content",
            "--agency",
            "dinkes",
            "--browser",
            fake.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("2023-maluku-utara-dinkes.pdf").is_file());
}

#[test]
fn unknown_period_agency_or_group_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let fake = script(dir.path(), "chromium", FAKE_PRINT);
    let b = fake.to_str().unwrap();
    for (args, says) in [
        (vec!["--period", "1999"], "there is no period `1999`"),
        (
            vec!["--period", "2022", "--agency", "nope"],
            "there is no agency `nope`",
        ),
        (
            vec!["--period", "2022", "--agency", "dinkes"],
            "names more than one agency",
        ),
        (vec!["--group", "nope"], "there is no group `nope`"),
    ] {
        let mut all = vec!["content", "--browser", b];
        all.extend(args);
        let run = pdf(dir.path(), dir.path(), &all);
        assert_eq!(run.code, 2, "{all:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{all:?}: {}", run.stderr);
    }
}
