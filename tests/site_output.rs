//! Where a site is written: only when complete, never over a folder tolok
//! did not write, never inside or around the content or the theme, never
//! through a link; builds cut short or running at once leave one complete
//! site and no leftovers.

mod common;
use common::*;

use std::path::Path;

fn minimal_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), &dir.path().join("content"));
    dir
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let dir = minimal_copy();
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let before = read(dir.path().join("public/2022/index.html"));
    std::fs::write(
        dir.path().join("content/2022/prov-a/dinas-a/evidence.yaml"),
        "answers:\n  i1: {answer: mungkin}\n",
    )
    .unwrap();
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 1);
    assert_eq!(read(dir.path().join("public/2022/index.html")), before);
    assert_no_build_leftovers(dir.path());
}

#[test]
fn what_builds_cut_short_left_beside_the_output_is_cleared() {
    let dir = minimal_copy();
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A staging folder and a half-made spare of builds that were killed,
    // and folders of those names that tolok did not leave.
    let leftover = |name: &str, marker: bool| {
        let d = dir.path().join(name);
        std::fs::create_dir_all(d.join("2022/prov-a")).unwrap();
        std::fs::write(d.join("2022/prov-a/index.html"), "setengah").unwrap();
        if marker {
            std::fs::write(d.join(".tolok-site"), "").unwrap();
        }
        d
    };
    let staging = leftover(".public.tolok-staging-999990", true);
    let half_spare = leftover(".public.tolok-spare-new-999991", true);
    let unmarked = leftover(".public.tolok-staging-999992", false);
    let not_a_pid = leftover(".public.tolok-staging-lama", true);
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Set aside and removed in the background, like a replaced site.
    let set_aside = || {
        std::fs::read_dir(dir.path()).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .contains("tolok-old-")
        })
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while set_aside() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(
        !staging.exists() && !half_spare.exists() && !set_aside(),
        "leftovers cleared"
    );
    assert!(
        unmarked.join("2022/prov-a/index.html").is_file()
            && not_a_pid.join("2022/prov-a/index.html").is_file(),
        "folders tolok did not leave are left alone"
    );
    std::fs::remove_dir_all(unmarked).unwrap();
    std::fs::remove_dir_all(not_a_pid).unwrap();
    assert_no_build_leftovers(dir.path());
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_write() {
    let dir = minimal_copy();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/penting.txt"), "jangan dihapus").unwrap();
    let run = tolok_in(dir.path(), &["build", "content", "--out", "docs"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("was not written by tolok"),
        "{}",
        run.stderr
    );
    assert_eq!(read(dir.path().join("docs/penting.txt")), "jangan dihapus");
}

#[test]
fn refuses_output_inside_or_around_the_content() {
    let dir = minimal_copy();
    for out in ["content", "content/public", ".", "/"] {
        let run = tolok_in(dir.path(), &["build", "content", "--out", out]);
        assert_eq!(run.code, 1, "--out {out} was accepted");
        assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    }
    assert!(dir.path().join("content/site.yaml").is_file());
}

#[test]
fn refuses_a_marker_that_is_a_folder_and_an_output_that_is_a_file() {
    let dir = minimal_copy();
    std::fs::create_dir_all(dir.path().join("docs/.tolok-site")).unwrap();
    std::fs::write(dir.path().join("docs/penting.txt"), "jangan dihapus").unwrap();
    std::fs::write(dir.path().join("berkas"), "jangan dihapus").unwrap();
    for out in ["docs", "berkas"] {
        let run = tolok_in(dir.path(), &["build", "content", "--out", out]);
        assert_eq!(run.code, 1, "--out {out} was accepted");
        assert!(
            run.stderr.contains("was not written by tolok"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(read(dir.path().join("docs/penting.txt")), "jangan dihapus");
    assert_eq!(read(dir.path().join("berkas")), "jangan dihapus");
}

#[test]
fn an_output_folder_whose_parents_do_not_exist_is_created() {
    let dir = minimal_copy();
    let run = tolok_in(
        dir.path(),
        &["build", "content", "--out", "situs/baru/public"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("situs/baru/public/.tolok-site").is_file());
    assert!(dir.path().join("situs/baru/public/index.html").is_file());
    let names: Vec<_> = std::fs::read_dir(dir.path().join("situs/baru"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names
            .iter()
            .filter(|n| *n != ".public.tolok-cache" && *n != ".public.tolok-spare")
            .collect::<Vec<_>>(),
        vec![&std::ffi::OsString::from("public")],
        "no staging left"
    );
}

#[test]
fn refuses_an_output_inside_or_around_the_theme() {
    let dir = minimal_copy();
    std::fs::create_dir_all(dir.path().join("tema/templates")).unwrap();
    for out in ["tema", "tema/public"] {
        let run = tolok_in(
            dir.path(),
            &["build", "content", "--out", out, "--theme", "tema"],
        );
        assert_eq!(run.code, 1, "--out {out} was accepted");
        assert!(run.stderr.contains("the theme folder"), "{}", run.stderr);
    }
    // The same when the theme is named in site.yaml.
    std::fs::write(
        dir.path().join("content/site.yaml"),
        "title: Minimal\ntheme: ../tema\n",
    )
    .unwrap();
    let run = tolok_in(dir.path(), &["build", "content", "--out", "tema/public"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("the theme folder"), "{}", run.stderr);
    assert!(dir.path().join("tema/templates").is_dir());
}

#[cfg(unix)]
#[test]
fn refuses_an_output_that_is_a_link() {
    let dir = minimal_copy();
    let run = tolok_in(dir.path(), &["build", "content", "--out", "asli"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::os::unix::fs::symlink("asli", dir.path().join("tautan")).unwrap();
    std::os::unix::fs::symlink("content", dir.path().join("ke-konten")).unwrap();
    for out in ["tautan", "ke-konten"] {
        let run = tolok_in(dir.path(), &["build", "content", "--out", out]);
        assert_eq!(run.code, 1, "--out {out} was accepted");
        assert!(run.stderr.contains("it is a link"), "{}", run.stderr);
    }
    assert!(dir.path().join("tautan").is_symlink());
    assert!(dir.path().join("asli/index.html").is_file());
    assert!(dir.path().join("content/site.yaml").is_file());
}

#[test]
fn builds_running_at_once_leave_one_complete_site() {
    let dir = minimal_copy();
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let expected = files_below(&dir.path().join("public"));
    let children: Vec<_> = (0..4)
        .map(|_| {
            std::process::Command::new(env!("CARGO_BIN_EXE_tolok"))
                .env("TOLOK_LANG", "en")
                .args(["build", "content", "--out", "public"])
                .current_dir(dir.path())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(files_below(&dir.path().join("public")), expected);
    assert_no_build_leftovers(dir.path());
}

/// Beside the output only the site, its build cache and its spare remain:
/// no staging folder, no previous site set aside, no spare half made.
fn assert_no_build_leftovers(dir: &Path) {
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.contains("tolok-")
            || n.ends_with(".tolok-cache")
            || n.ends_with(".tolok-spare")),
        "staging or old site left behind: {names:?}"
    );
}
