//! Authoring commands: `tolok init` gives a tree that checks and builds,
//! `tolok new agency` a ready-to-fill agency, `tolok new period` the next
//! round with answers kept and `verified` dropped. None of them overwrites.

mod common;
use common::*;
use std::path::Path;

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

fn init_in(dir: &Path) {
    let run = tolok_in(dir, &["init", "--period", "2024"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn init_writes_a_tree_that_checks_and_builds_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    init_in(dir.path());
    let c = dir.path().join("content");
    for f in [
        "site.yaml",
        "frameworks/pmprb-pd.yaml",
        "2024/period.yaml",
        "2024/provinsi-contoh/group.yaml",
        "2024/provinsi-contoh/biro-organisasi/agency.yaml",
        "2024/provinsi-contoh/biro-organisasi/evidence.yaml",
        "2024/provinsi-contoh/biro-organisasi/catatan.md",
        "2024/provinsi-contoh/biro-organisasi/files/sk-tim-rb-contoh.txt",
    ] {
        assert!(c.join(f).is_file(), "{f} missing");
    }
    assert_eq!(
        read(c.join("frameworks/pmprb-pd.yaml")),
        read(repo().join("content/frameworks/pmprb-pd.yaml")),
        "the embedded framework is the sample's"
    );
    assert!(
        read(c.join("site.yaml")).contains("contoh"),
        "marked as an example"
    );
    let check = tolok_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let diags = json(&check.stdout);
    assert_eq!(
        diags["diagnostics"].as_array().unwrap().len(),
        0,
        "{}",
        check.stdout
    );
    let build = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let page = read(
        dir.path()
            .join("public/2024/provinsi-contoh/biro-organisasi/index.html"),
    );
    assert!(page.contains("Biro Organisasi"));
    assert!(dir
        .path()
        .join("public/2024/provinsi-contoh/biro-organisasi/_files/files/sk-tim-rb-contoh.txt")
        .is_file());
}

#[test]
fn init_output_is_deterministic_for_a_given_period() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    for d in [&a, &b] {
        let run = tolok(&["init", d.to_str().unwrap(), "--period", "2030"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    for f in files_below(&a) {
        if f == "BACA-SAYA.md" {
            continue; // names the folder it was written to
        }
        assert_eq!(read(a.join(&f)), read(b.join(&f)), "{f}");
    }
    assert!(a.join("2030/period.yaml").is_file());
}

#[test]
fn init_refuses_a_non_empty_folder_and_a_bad_period_id() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/catatan.txt"), "milik saya").unwrap();
    let run = tolok_in(dir.path(), &["init"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert_eq!(read(dir.path().join("content/catatan.txt")), "milik saya");
    assert_eq!(files_below(&dir.path().join("content")).len(), 1);

    let run = tolok_in(dir.path(), &["init", "baru", "--period", "Tahun 2024"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("not a valid period id"),
        "{}",
        run.stderr
    );
    // An empty folder is fine.
    std::fs::create_dir_all(dir.path().join("kosong")).unwrap();
    assert_eq!(tolok_in(dir.path(), &["init", "kosong"]).code, 0);
}

#[test]
fn new_agency_creates_a_ready_to_fill_agency_and_its_group() {
    let dir = tempfile::tempdir().unwrap();
    init_in(dir.path());
    let run = tolok_in(
        dir.path(),
        &[
            "new",
            "agency",
            "2024/kabupaten-contoh/dinkes",
            "--name",
            "Dinas Kesehatan: Kabupaten",
            "--short",
            "Dinkes",
            "--cluster",
            "kesehatan",
            "--peer",
            "provinsi-contoh/biro-organisasi",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let a = dir.path().join("content/2024/kabupaten-contoh/dinkes");
    let agency = read(a.join("agency.yaml"));
    assert!(
        agency.contains("name: 'Dinas Kesehatan: Kabupaten'"),
        "{agency}"
    );
    assert!(
        agency.contains("short: Dinkes")
            && agency.contains("peer: provinsi-contoh/biro-organisasi")
    );
    let evidence = read(a.join("evidence.yaml"));
    assert!(evidence.contains("# mp-tim-sk:"), "every indicator listed");
    assert!(evidence.contains("# ha-sakip-nilai:"));
    assert!(
        evidence.contains("Apakah telah dibentuk Tim Pelaksana RB"),
        "with its question"
    );
    assert!(
        read(dir.path().join("content/2024/kabupaten-contoh/group.yaml"))
            .contains("name: Kabupaten Contoh")
    );

    let check = tolok_in(dir.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);

    // Filling in one answer by uncommenting its two lines works.
    let filled = evidence.replace("  # mp-tim-sk:", "  mp-tim-sk:").replacen(
        "  #   answer:",
        "    answer: ya",
        1,
    );
    std::fs::write(a.join("evidence.yaml"), filled).unwrap();
    let run = tolok_in(dir.path(), &["score", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let scores = json(&run.stdout);
    let dinkes = scores["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "kabupaten-contoh/dinkes")
        .unwrap();
    assert_eq!(dinkes["answered"], 1);
}

#[test]
fn new_agency_refuses_existing_agencies_bad_ids_unknown_periods_and_peers() {
    let dir = tempfile::tempdir().unwrap();
    init_in(dir.path());
    let before = files_below(&dir.path().join("content"));
    for (args, said) in [
        (
            vec!["2024/provinsi-contoh/biro-organisasi", "--name", "X"],
            "already exists",
        ),
        (
            vec!["2024/Provinsi/dinkes", "--name", "X"],
            "not a valid group id",
        ),
        (
            vec!["2024/prov/Dinas Kesehatan", "--name", "X"],
            "not a valid agency id",
        ),
        (
            vec!["2031/prov/dinkes", "--name", "X"],
            "there is no period `2031`",
        ),
        (vec!["dinkes", "--name", "X"], "does not name an agency"),
        (
            vec![
                "2024/prov/dinkes",
                "--name",
                "X",
                "--peer",
                "provinsi-contoh/biro",
            ],
            "did you mean `provinsi-contoh/biro-organisasi`",
        ),
    ] {
        let mut all = vec!["new", "agency"];
        all.extend(args);
        let run = tolok_in(dir.path(), &all);
        assert_eq!(run.code, 1, "{all:?}");
        assert!(run.stderr.contains(said), "{all:?}: {}", run.stderr);
    }
    assert_eq!(
        files_below(&dir.path().join("content")),
        before,
        "nothing written"
    );
}

#[test]
fn new_period_copies_answers_evidence_and_attachments_without_verified() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    let run = tolok_in(dir.path(), &["new", "period", "2024", "--from", "2022"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let c = dir.path().join("content");
    let check = tolok_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.stdout);

    let new = c.join("2024/maluku-utara/disnakertrans");
    let evidence = read(new.join("manajemen-perubahan.yaml"));
    assert!(!evidence.contains("\n    verified:"), "{evidence}");
    assert!(evidence.contains("# Data ilustratif"), "comments kept");
    assert!(evidence.contains("file: files/sk-tim-rb.pdf"));
    assert!(
        new.join("files/sk-tim-rb.pdf").is_file(),
        "attachments copied"
    );
    let flow = read(new.join("evidence.yaml"));
    assert!(
        flow.contains("pp-pengendalian-analisis: {answer: d}"),
        "{flow}"
    );
    assert!(
        !new.join("catatan-visitasi.md").exists(),
        "narratives are per period"
    );
    assert!(!c.join("2024/index.md").exists());
    assert!(read(new.join("agency.yaml")).contains("peer: banten/disnakertrans"));
    assert!(c.join("2024/banten/group.yaml").is_file());
    let period = read(c.join("2024/period.yaml"));
    assert!(period.contains("framework: pmprb-pd"), "{period}");
    assert!(period.contains("Benchmarking 2024"), "{period}");

    // Same answers, nothing verified: the new index is the old self-assessed index.
    let old = json(
        &tolok_in(
            dir.path(),
            &["score", "--period", "2022", "--format", "json"],
        )
        .stdout,
    );
    let new = json(
        &tolok_in(
            dir.path(),
            &["score", "--period", "2024", "--format", "json"],
        )
        .stdout,
    );
    let (old, new) = (
        old["agencies"].as_array().unwrap(),
        new["agencies"].as_array().unwrap(),
    );
    assert_eq!(old.len(), new.len());
    for (o, n) in old.iter().zip(new) {
        assert_eq!(o["id"], n["id"]);
        assert_eq!(n["verified"], 0, "{}", n["id"]);
        assert_eq!(o["self_index"], n["index"], "{}", n["id"]);
        assert_eq!(o["answered"], n["answered"], "{}", n["id"]);
    }
}

#[test]
fn new_period_refuses_an_existing_period_and_an_unknown_source() {
    let dir = tempfile::tempdir().unwrap();
    init_in(dir.path());
    let run = tolok_in(dir.path(), &["new", "period", "2024", "--from", "2024"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    let run = tolok_in(dir.path(), &["new", "period", "2025", "--from", "2019"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no period `2019`"), "{}", run.stderr);
    assert!(!dir.path().join("content/2025").exists());
    let leftovers: Vec<String> = std::fs::read_dir(dir.path().join("content"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // A peer outside the copied period is impossible (peers are same-period),
    // so the peer is kept; `--name` names the new period.
    let run = tolok_in(
        dir.path(),
        &[
            "new",
            "period",
            "2025",
            "--from",
            "2024",
            "--name",
            "Putaran 2025",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(dir.path().join("content/2025/period.yaml")).contains("name: Putaran 2025"));
    assert_eq!(tolok_in(dir.path(), &["check"]).code, 0);
}

#[test]
fn init_keeps_what_tolok_builds_out_of_git_without_touching_an_existing_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    init_in(dir.path());
    let ignore = read(dir.path().join(".gitignore"));
    for line in ["/public/", "/.tolok-serve/", "/pdf/"] {
        assert!(ignore.lines().any(|l| l == line), "{line} in {ignore}");
    }
    // An existing one is left byte for byte, and the lines to add are named.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join(".gitignore"), "target/\n").unwrap();
    let run = tolok_in(other.path(), &["init", "--period", "2024"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(read(other.path().join(".gitignore")), "target/\n");
    assert!(
        run.stdout.contains("/public/") || run.stderr.contains("/public/"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    // The built site and the preview's folder are what git now leaves out.
    let run = tolok_in(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("public/index.html").is_file());
}

#[test]
fn new_period_starts_from_the_latest_period_when_no_source_is_named() {
    let dir = tempfile::tempdir().unwrap();
    init_in(dir.path());
    let run = tolok_in(dir.path(), &["new", "period", "2025"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let c = dir.path().join("content");
    let copied = read(c.join("2025/provinsi-contoh/biro-organisasi/evidence.yaml"));
    let original = read(c.join("2024/provinsi-contoh/biro-organisasi/evidence.yaml"));
    assert!(read(c.join("2025/period.yaml")).contains("Disalin dari periode 2024"));
    // Same answers (the sample has no `verified`, so nothing is dropped).
    let answers = |s: &str| s.lines().filter(|l| l.contains("answer:")).count();
    assert_eq!(answers(&copied), answers(&original));
    let run = tolok_in(dir.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn new_agency_in_a_missing_period_names_the_periods_there_are() {
    let dir = tempfile::tempdir().unwrap();
    init_in(dir.path());
    let run = tolok_in(
        dir.path(),
        &[
            "new",
            "agency",
            "2030/provinsi-contoh/dinkes",
            "--name",
            "Dinas Kesehatan",
        ],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("periods in this tree: 2024"),
        "{}",
        run.stderr
    );
    // A folder that is no tree at all says so, instead of suggesting a period.
    let empty = tempfile::tempdir().unwrap();
    let run = tolok_in(
        dir.path(),
        &[
            "new",
            "agency",
            "2024/provinsi-contoh/dinkes",
            "--name",
            "Dinas Kesehatan",
            "--content",
            empty.path().to_str().unwrap(),
        ],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("holds no site.yaml"), "{}", run.stderr);
}

#[test]
fn every_command_names_the_tree_the_same_way_and_takes_short_agency_ids() {
    let dir = tempfile::tempdir().unwrap();
    init_in(dir.path());
    // The folder as an argument or as --content, in commands of both kinds.
    for args in [
        &["check", "content"][..],
        &["check", "--content", "content"],
        &["score", "--content", "content"],
    ] {
        let run = tolok_in(dir.path(), args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    }
    let run = tolok_in(dir.path(), &["check", "content", "--content", "content"]);
    assert_eq!(run.code, 2, "both ways at once is a usage error");
    // `export form` takes the agency's last part, as `pdf --agency` does.
    let run = tolok_in(
        dir.path(),
        &[
            "export",
            "form",
            "2024/biro-organisasi",
            "--out",
            "form.xlsx",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("form.xlsx").is_file());
    let run = tolok_in(dir.path(), &["export", "form", "2024/tidak-ada"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no agency `tidak-ada`"),
        "{}",
        run.stderr
    );
}
