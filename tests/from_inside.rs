//! Every command that reads a tree finds it from inside, as git and cargo
//! find their root: without a folder named, and with no `content` here, the
//! nearest folder at or above with `site.yaml` is the tree. A build from
//! inside writes beside the tree, never into it.

mod common;
use common::*;

fn tree() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let isi = dir.path().join("isi");
    copy_tree(&fixture("minimal"), &isi);
    (dir, isi)
}

#[test]
fn commands_run_from_inside_the_tree() {
    let (dir, isi) = tree();
    let deep = isi.join("2022/prov-a");
    for args in [
        vec!["check"],
        vec!["score", "--format", "csv"],
        vec![
            "new",
            "agency",
            "2022/prov-a/dinas-baru",
            "--name",
            "Dinas Baru",
        ],
        vec![
            "export",
            "form",
            "2022/prov-a/dinas-a",
            "--out",
            "form.xlsx",
        ],
    ] {
        let run = tolok_in(&deep, &args);
        assert_eq!(run.code, 0, "tolok {}: {}", args.join(" "), run.stderr);
    }
    assert!(
        isi.join("2022/prov-a/dinas-baru/agency.yaml").is_file(),
        "new agency went into the tree found"
    );
    assert!(deep.join("form.xlsx").is_file());

    let run = tolok_in(&isi, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        dir.path().join("public/index.html").is_file(),
        "the site is built beside the tree"
    );
    assert!(!isi.join("public").exists(), "never into it");
}

#[test]
fn a_named_folder_or_a_content_folder_here_wins() {
    let (dir, isi) = tree();
    // From the folder that holds the tree: nothing named `content`, no
    // site.yaml here or above: the command says what it looked for.
    let run = tolok_in(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    // Named explicitly, the folder is used as it is.
    let run = tolok_in(dir.path(), &["check", "isi"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // A `content` folder here is the tree, as before.
    std::fs::rename(&isi, dir.path().join("content")).unwrap();
    let run = tolok_in(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
