//! Evidence in git: provenance on the agency pages, `tolok diff`, `build
//! --since`, shallow clones and trees outside git. Every test makes a real
//! repository in a temporary folder with set authors and dates; all of them
//! are skipped (with a notice) only when git is not installed.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

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

/// A git command in `dir` that must succeed, isolated from the user's and
/// the system's configuration (and from a hook's GIT_DIR).
fn git_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = Command::new("git");
    cmd.args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("LC_ALL", "C");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn git(dir: &Path, args: &[&str]) -> String {
    git_env(dir, args, &[])
}

/// Commits everything under `dir` as `author` at `date` (ISO 8601 with zone).
fn commit_all(dir: &Path, author: &str, date: &str, message: &str) -> String {
    git(dir, &["add", "-A"]);
    let email = format!("{}@example.org", author.to_lowercase().replace(' ', "."));
    git_env(
        dir,
        &["commit", "-q", "-m", message],
        &[
            ("GIT_AUTHOR_NAME", author),
            ("GIT_AUTHOR_EMAIL", &email),
            ("GIT_AUTHOR_DATE", date),
            ("GIT_COMMITTER_NAME", author),
            ("GIT_COMMITTER_EMAIL", &email),
            ("GIT_COMMITTER_DATE", date),
        ],
    );
    git(dir, &["rev-parse", "--short", "HEAD"])
        .trim()
        .to_string()
}

/// A repository whose `content/` is the minimal fixture, committed by Siti
/// Aminah on 1 March 2022; then Budi Santoso's change to dinas-a's evidence
/// on 16 August 2022 at 01:30 in UTC+7 (still 15 August in UTC: the page
/// must show the author's own date).
struct Fixture {
    _tmp: tempfile::TempDir,
    repo: PathBuf,
    first: String,
    second: String,
}

const DINAS_A_SECOND: &str = "answers:
  i1:
    answer: ya
    verified: ya
    evidence:
      - {title: SK Tim, file: files/sk.pdf}
  i2:
    answer: 70
    verified: 90
    evidence: [Laporan]
  i3: {answer: ya, verified: ya, evidence: [SK]}
actions:
  - id: ra-01
    activity: Menyusun road map
    criterion: area
    due: 2022-03-31
    progress: 100
";

fn fixture_repo() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    copy_tree(&fixture("minimal"), &repo.join("content"));
    git(&repo, &["init", "-q"]);
    git(&repo, &["config", "user.name", "Penguji"]);
    git(&repo, &["config", "user.email", "penguji@example.org"]);
    git(&repo, &["config", "commit.gpgsign", "false"]);
    std::fs::write(repo.join(".gitignore"), "/public/\n").unwrap();
    let first = commit_all(
        &repo,
        "Siti Aminah",
        "2022-03-01T09:00:00+07:00",
        "Isian awal",
    );
    std::fs::write(
        repo.join("content/2022/prov-a/dinas-a/evidence.yaml"),
        DINAS_A_SECOND,
    )
    .unwrap();
    let second = commit_all(
        &repo,
        "Budi Santoso",
        "2022-08-16T01:30:00+07:00",
        "Hasil verifikasi Dinas A",
    );
    Fixture {
        _tmp: tmp,
        repo,
        first,
        second,
    }
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// The table row of `file` in the "Riwayat berkas" table, tags removed.
fn history_row(page: &str, file: &str) -> String {
    let section = page
        .split("id=\"riwayat\"")
        .nth(1)
        .expect("the page has a file history");
    let start = section
        .find(&format!("<code>{file}</code>"))
        .unwrap_or_else(|| panic!("no row for {file}"));
    let row = &section[start..];
    let row = &row[..row.find("</tr>").unwrap()];
    let mut text = String::new();
    let mut in_tag = false;
    for c in row.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn build_in(repo: &Path, out: &str, extra: &[&str]) -> Run {
    let mut args = vec!["build", "content", "--out", out];
    args.extend_from_slice(extra);
    let run = tolok_in(repo, &args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run
}

#[test]
fn agency_pages_show_when_and_by_whom_each_file_last_changed() {
    if !has_git() {
        return;
    }
    let f = fixture_repo();
    let run = build_in(&f.repo, "public", &[]);
    assert!(!run.stderr.contains("shallow"), "{}", run.stderr);
    let page = read(f.repo.join("public/2022/prov-a/dinas-a/index.html"));
    assert!(page.contains("Riwayat berkas"));
    assert_eq!(
        history_row(&page, "evidence.yaml"),
        "evidence.yaml 16 Agustus 2022 Budi Santoso"
    );
    assert_eq!(
        history_row(&page, "agency.yaml"),
        "agency.yaml 1 Maret 2022 Siti Aminah"
    );
    assert_eq!(
        history_row(&page, "catatan.md"),
        "catatan.md 1 Maret 2022 Siti Aminah"
    );
    // Attachments are listed and linked to their copy.
    assert_eq!(
        history_row(&page, "files/sk.pdf"),
        "files/sk.pdf 1 Maret 2022 Siti Aminah"
    );
    // The header: the agency's newest change, as a reader says it: no commit ids.
    assert!(
        page.contains("Terakhir diubah 16 Agustus 2022 oleh Budi Santoso\n"),
        "{page}"
    );
    assert!(
        !page.contains(&f.second) && !page.contains(&f.first),
        "no commit id on a page"
    );
    let other = read(f.repo.join("public/2022/prov-b/dinas-b/index.html"));
    assert!(other.contains("Terakhir diubah 1 Maret 2022 oleh Siti Aminah\n"));

    // English sites use English dates and labels.
    std::fs::write(
        f.repo.join("content/site.yaml"),
        "title: Minimal\nlanguage: en\n",
    )
    .unwrap();
    commit_all(
        &f.repo,
        "Siti Aminah",
        "2022-09-01T10:00:00+07:00",
        "English",
    );
    build_in(&f.repo, "public", &[]);
    let page = read(f.repo.join("public/2022/prov-a/dinas-a/index.html"));
    assert!(page.contains("File history"));
    assert_eq!(
        history_row(&page, "evidence.yaml"),
        "evidence.yaml 16 August 2022 Budi Santoso"
    );
}

#[test]
fn uncommitted_work_is_not_mentioned_on_public_pages() {
    if !has_git() {
        return;
    }
    let f = fixture_repo();
    let b = f.repo.join("content/2022/prov-b/dinas-b");
    std::fs::write(
        b.join("evidence.yaml"),
        "answers:\n  i1: {answer: ya, evidence: [SK]}\n  i3: {answer: ya, evidence: [SK]}\n",
    )
    .unwrap();
    std::fs::write(b.join("ringkasan.md"), "Ringkasan baru.\n").unwrap();
    build_in(&f.repo, "public", &[]);
    let page = read(f.repo.join("public/2022/prov-b/dinas-b/index.html"));
    // A page shows the last recorded change of each file; the work in
    // progress shows as the page's content, never as git's state.
    assert_eq!(
        history_row(&page, "evidence.yaml"),
        "evidence.yaml 1 Maret 2022 Siti Aminah"
    );
    assert_eq!(history_row(&page, "ringkasan.md"), "ringkasan.md –");
    assert!(page.contains("Ringkasan baru."));
    for jargon in ["commit", "pohon kerja"] {
        assert!(
            !page.to_lowercase().contains(jargon),
            "`{jargon}` on a public page"
        );
    }
}

#[test]
fn two_builds_of_the_same_commit_state_are_byte_identical() {
    if !has_git() {
        return;
    }
    let f = fixture_repo();
    // Some uncommitted work too: it is part of the state.
    std::fs::write(
        f.repo.join("content/2022/prov-b/dinas-b/catatan.md"),
        "Catatan.\n",
    )
    .unwrap();
    build_in(&f.repo, "a", &["--since", "HEAD~1"]);
    build_in(&f.repo, "b", &["--since", "HEAD~1"]);
    let files = files_below(&f.repo.join("a"));
    assert_eq!(files, files_below(&f.repo.join("b")));
    for file in files {
        assert!(
            std::fs::read(f.repo.join("a").join(&file)).unwrap()
                == std::fs::read(f.repo.join("b").join(&file)).unwrap(),
            "{file} differs between builds"
        );
    }
}

#[test]
fn a_pure_rename_keeps_the_date_of_the_content() {
    if !has_git() {
        return;
    }
    let f = fixture_repo();
    git(
        &f.repo,
        &[
            "mv",
            "content/2022/prov-b/dinas-b/evidence.yaml",
            "content/2022/prov-b/dinas-b/jawaban.yaml",
        ],
    );
    // An edited move counts as a change of the file.
    let old = read(f.repo.join("content/2022/prov-a/dinas-a/catatan.md"));
    std::fs::remove_file(f.repo.join("content/2022/prov-a/dinas-a/catatan.md")).unwrap();
    std::fs::write(
        f.repo.join("content/2022/prov-a/dinas-a/visitasi.md"),
        old.replace("Isi catatan.", "Isi catatan visitasi, diperbarui."),
    )
    .unwrap();
    commit_all(
        &f.repo,
        "Citra Dewi",
        "2022-09-05T10:00:00+07:00",
        "Rapikan nama berkas",
    );
    build_in(&f.repo, "public", &[]);
    let b = read(f.repo.join("public/2022/prov-b/dinas-b/index.html"));
    assert_eq!(
        history_row(&b, "jawaban.yaml"),
        "jawaban.yaml 1 Maret 2022 Siti Aminah",
        "a pure rename is followed to the last change of the content"
    );
    let a = read(f.repo.join("public/2022/prov-a/dinas-a/index.html"));
    assert_eq!(
        history_row(&a, "visitasi.md"),
        "visitasi.md 5 September 2022 Citra Dewi"
    );
}

#[test]
fn a_shallow_clone_is_detected_and_said() {
    if !has_git() {
        return;
    }
    let f = fixture_repo();
    let clone = f.repo.parent().unwrap().join("clone");
    let url = format!("file://{}", f.repo.display());
    git(
        f.repo.parent().unwrap(),
        &["clone", "-q", "--depth", "1", &url, clone.to_str().unwrap()],
    );
    let run = build_in(&clone, "public", &[]);
    assert!(
        run.stderr.contains("warning") && run.stderr.contains("shallow clone"),
        "{}",
        run.stderr
    );
    let page = read(clone.join("public/2022/prov-b/dinas-b/index.html"));
    assert!(
        page.contains("riwayat perubahan yang tersedia tidak lengkap"),
        "the page says it"
    );
    // In the clone every file seems to come from the one commit it has.
    assert!(page.contains("Terakhir diubah 16 Agustus 2022 oleh Budi Santoso"));
    let full = build_in(&f.repo, "public", &[]);
    assert!(!full.stderr.contains("shallow"));
    assert!(!read(f.repo.join("public/2022/prov-b/dinas-b/index.html")).contains("salinan dangkal"));
}

/// Runs tolok with extra environment variables.
fn tolok_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tolok"));
    cmd.env("TOLOK_LANG", "en");
    cmd.args(args).current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn a_tree_outside_git_builds_as_without_git() {
    if !has_git() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), &tmp.path().join("content"));
    let ceiling = tmp.path().parent().unwrap().to_str().unwrap().to_string();
    // Not in a repository (git stops looking above the temporary folder) ...
    let run = tolok_env(
        tmp.path(),
        &["build", "content", "--out", "a"],
        &[("GIT_CEILING_DIRECTORIES", &ceiling)],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("git"), "{}", run.stderr);
    // ... and with no git program at all.
    let run = tolok_env(
        tmp.path(),
        &["build", "content", "--out", "b"],
        &[("PATH", "")],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("git"), "{}", run.stderr);
    let files = files_below(&tmp.path().join("a"));
    assert_eq!(files, files_below(&tmp.path().join("b")));
    for file in &files {
        assert!(
            std::fs::read(tmp.path().join("a").join(file)).unwrap()
                == std::fs::read(tmp.path().join("b").join(file)).unwrap(),
            "{file} differs"
        );
    }
    let page = read(tmp.path().join("a/2022/prov-a/dinas-a/index.html"));
    assert!(!page.contains("Riwayat berkas") && !page.contains("Terakhir diubah"));
    // diff needs git and says so.
    let run = tolok_env(
        tmp.path(),
        &["diff", "HEAD"],
        &[("GIT_CEILING_DIRECTORIES", &ceiling)],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("not inside a git repository"),
        "{}",
        run.stderr
    );
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[test]
fn diff_json_shows_index_band_and_answer_changes() {
    if !has_git() {
        return;
    }
    let f = fixture_repo();
    let run = tolok_in(
        &f.repo,
        &["diff", "HEAD~1", "HEAD", "content", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j = json(&run.stdout);
    assert_eq!(j["from"]["rev"], "HEAD~1");
    assert!(j["from"]["commit"].as_str().unwrap().starts_with(&f.first));
    assert!(j["to"]["commit"].as_str().unwrap().starts_with(&f.second));
    let period = &j["periods"][0];
    assert_eq!(period["period"], "2022");
    assert_eq!(period["unchanged"], 1, "dinas-b did not change");
    let agencies = period["agencies"].as_array().unwrap();
    assert_eq!(agencies.len(), 1);
    let a = &agencies[0];
    assert_eq!(a["id"], "prov-a/dinas-a");
    assert_eq!(a["status"], "changed");
    // Before: area (2) = (1 + 0.7) / 2 = 0.85; lain (1) = 0 (i3 unanswered)
    //   index = 100 * (2 * 0.85 + 0) / 3 = 56.67 -> B (above 50)
    assert_eq!(round2(a["before"]["index"].as_f64().unwrap()), 56.67);
    assert_eq!(a["before"]["band"], "B");
    // After: area = (1 + 0.9) / 2 = 0.95; lain = 1
    //   index = 100 * (2 * 0.95 + 1) / 3 = 96.67 -> A (above 80)
    assert_eq!(round2(a["after"]["index"].as_f64().unwrap()), 96.67);
    assert_eq!(a["after"]["band"], "A");
    let answers = a["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 2, "{answers:?}");
    assert_eq!(answers[0]["indicator"], "i2");
    assert_eq!(answers[0]["answer"]["old"], "70");
    assert_eq!(answers[0]["answer"]["new"], "70");
    assert_eq!(answers[0]["verified"]["old"], serde_json::Value::Null);
    assert_eq!(answers[0]["verified"]["new"], "90");
    assert_eq!(answers[1]["indicator"], "i3");
    assert_eq!(answers[1]["answer"]["new"], "ya");
    assert_eq!(answers[1]["verified"]["new"], "ya");

    // REV2 left out: the working tree, uncommitted changes included.
    std::fs::write(
        f.repo.join("content/2022/prov-b/dinas-b/evidence.yaml"),
        "answers:\n  i1: {answer: ya, evidence: [SK]}\n  i3: {answer: ya, evidence: [SK]}\n",
    )
    .unwrap();
    let run = tolok_in(&f.repo, &["diff", "HEAD", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let j = json(&run.stdout);
    assert_eq!(j["to"]["commit"], serde_json::Value::Null);
    let a = &j["periods"][0]["agencies"][0];
    assert_eq!(a["id"], "prov-b/dinas-b");
    // Before: area = (1 + 0) / 2 = 0.5, lain = 0 -> 33.33 C; after: lain = 1 -> 66.67 B
    assert_eq!(round2(a["before"]["index"].as_f64().unwrap()), 33.33);
    assert_eq!(a["before"]["band"], "C");
    assert_eq!(round2(a["after"]["index"].as_f64().unwrap()), 66.67);
    assert_eq!(a["after"]["band"], "B");
    assert_eq!(a["answers"][0]["indicator"], "i3");
    assert_eq!(a["answers"][0]["answer"]["old"], "tidak");
    assert_eq!(a["answers"][0]["answer"]["new"], "ya");

    // The table names the same things.
    let run = tolok_in(&f.repo, &["diff", "HEAD"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("prov-b/dinas-b"), "{}", run.stdout);
    assert!(run.stdout.contains("33,33 C → 66,67 B"), "{}", run.stdout);
    assert!(run.stdout.contains("i3"), "{}", run.stdout);
}

#[test]
fn diff_of_an_unknown_revision_is_a_usage_error() {
    if !has_git() {
        return;
    }
    let f = fixture_repo();
    let run = tolok_in(&f.repo, &["diff", "tidak-ada"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("tidak-ada"), "{}", run.stderr);
    // One argument after REV that is not a folder is the newer revision.
    let run = tolok_in(&f.repo, &["diff", "HEAD", "bukan-folder"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("bukan-folder"), "{}", run.stderr);
    let run = tolok_in(&f.repo, &["diff", "HEAD~1", "HEAD", "tidak-ada-folder"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    let run = tolok_in(
        &f.repo,
        &[
            "build",
            "content",
            "--out",
            "public",
            "--since",
            "tidak-ada",
        ],
    );
    // A revision that names no commit is a mistake on the command line.
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("tidak-ada"), "{}", run.stderr);
    assert!(!f.repo.join("public").exists());
}

#[test]
fn diff_and_build_leave_the_working_tree_and_the_index_untouched() {
    if !has_git() {
        return;
    }
    let f = fixture_repo();
    // Work in progress: a staged change, an unstaged change, an untracked file.
    std::fs::write(
        f.repo.join("content/2022/prov-b/dinas-b/evidence.yaml"),
        "answers:\n  i1: {answer: ya, evidence: [SK]}\n  i3: {answer: ya, evidence: [SK]}\n",
    )
    .unwrap();
    git(
        &f.repo,
        &["add", "content/2022/prov-b/dinas-b/evidence.yaml"],
    );
    std::fs::write(
        f.repo.join("content/2022/prov-b/dinas-b/agency.yaml"),
        "name: Dinas B (baru)\ncluster: umum\n",
    )
    .unwrap();
    std::fs::write(
        f.repo.join("content/2022/prov-a/dinas-a/draf.md"),
        "Draf.\n",
    )
    .unwrap();

    let index = f.repo.join(".git/index");
    let status_before = git(&f.repo, &["status", "--porcelain"]);
    let index_before = std::fs::read(&index).unwrap();
    let files_before = files_below(&f.repo.join("content"));
    for args in [
        vec!["diff", "HEAD~1"],
        vec!["diff", "HEAD~1", "HEAD", "--format", "json"],
        vec!["build", "content", "--out", "public", "--since", "HEAD~1"],
    ] {
        let run = tolok_in(&f.repo, &args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    assert!(
        std::fs::read(&index).unwrap() == index_before,
        "the index file changed"
    );
    assert_eq!(git(&f.repo, &["status", "--porcelain"]), status_before);
    assert_eq!(files_below(&f.repo.join("content")), files_before);
    assert_eq!(
        read(f.repo.join("content/2022/prov-b/dinas-b/agency.yaml")),
        "name: Dinas B (baru)\ncluster: umum\n"
    );
    // No temporary folder of an old revision is left behind.
    let tmp = std::env::temp_dir();
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("tolok-rev-"))
        .filter(|e| {
            e.path()
                .join("content/2022/prov-a/dinas-a/draf.md")
                .exists()
        })
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn build_since_adds_a_changes_page_linked_from_home() {
    if !has_git() {
        return;
    }
    let f = fixture_repo();
    build_in(&f.repo, "public", &["--since", "HEAD~1"]);
    let home = read(f.repo.join("public/index.html"));
    assert!(
        home.contains("href=\"changes.html\">Perubahan sejak HEAD~1</a>"),
        "{home}"
    );
    let page = read(f.repo.join("public/changes.html"));
    assert!(page.contains("<h1>Perubahan sejak HEAD~1</h1>"), "{page}");
    assert!(!page.contains(&f.first), "no commit id on a public page");
    assert!(page.contains("href=\"2022/prov-a/dinas-a/index.html\">Dinas A</a>"));
    assert!(page.contains("56,67") && page.contains("96,67") && page.contains("+40,00"));
    assert!(
        page.contains("<code>i2</code> · Verifikasi: – → 90"),
        "{page}"
    );
    assert!(page.contains("<code>i3</code> · Jawaban mandiri: – → ya · Verifikasi: – → ya"));
    assert!(page.contains("1 perangkat daerah tanpa perubahan"));
    assert!(
        !page.contains("Dinas B"),
        "unchanged agencies are not listed"
    );
    // Without --since there is no such page and no link.
    build_in(&f.repo, "plain", &[]);
    assert!(!f.repo.join("plain/changes.html").exists());
    assert!(!read(f.repo.join("plain/index.html")).contains("changes.html"));
}

#[test]
fn diff_has_help() {
    let run = tolok(&["diff", "--help"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("Usage: tolok diff"), "{}", run.stdout);
    assert!(run.stdout.contains("REV2"), "{}", run.stdout);
}

#[test]
fn the_pre_commit_hook_refuses_a_commit_with_errors() {
    if !has_git() {
        return;
    }
    let f = fixture_repo();
    let hook = f.repo.join(".git/hooks/pre-commit");
    std::fs::copy(repo().join("tools/pre-commit"), &hook).unwrap();
    let tolok_bin = env!("CARGO_BIN_EXE_tolok");
    let evidence = f.repo.join("content/2022/prov-b/dinas-b/evidence.yaml");
    let try_commit = |text: &str| {
        std::fs::write(&evidence, text).unwrap();
        git(&f.repo, &["add", "-A"]);
        let out = Command::new("git")
            .args(["commit", "-q", "-m", "ubah"])
            .current_dir(&f.repo)
            .env("HOME", &f.repo)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("TOLOK", tolok_bin)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, stderr) = try_commit("answers:\n  i1: {answer: ya, verfied: ya}\n");
    assert!(!ok, "a commit with an error must be refused");
    assert!(stderr.contains("verfied"), "{stderr}");
    assert!(stderr.contains("dinas-b/evidence.yaml"), "{stderr}");
    let (ok, stderr) = try_commit("answers:\n  i1: {answer: ya, verified: ya, evidence: [SK]}\n");
    assert!(ok, "{stderr}");
}
