//! Input meant to break the loader: empty and oversized files, alias bombs,
//! deep nesting, invalid UTF-8, byte-order marks and CRLF, links that loop or
//! lead out of the tree. Each broken tree exits 1 quickly, names its file and
//! writes nothing; what the format accepts is accepted.

mod common;
use common::*;

const EV: &str = "2022/prov-a/dinas-a/evidence.yaml";
const AGENCY: &str = "2022/prov-a/dinas-a/agency.yaml";
const PERIOD: &str = "2022/period.yaml";
const FW: &str = "frameworks/fw.yaml";

/// `expect_error`, run within a cap of 20 s of CPU and 4 GiB of memory:
/// each input needs a fraction of a second; an unbounded parser would be
/// killed instead of passing slowly (no clock is read, so a loaded machine
/// cannot fail the test).
fn expect_error_bounded(dir: &std::path::Path, file: &str, line: Option<usize>, message: &str) {
    let run = tolok_bounded(dir, &["check", "content"], 4 << 30, 20);
    assert_eq!(
        run.code, 1,
        "expected errors within the caps, got:\n{}",
        run.stderr
    );
    expect_error(dir, file, line, message);
}

#[test]
fn empty_period_agency_and_framework_files_are_errors() {
    for (file, message) in [
        (PERIOD, "the file is empty"),
        (AGENCY, "the file is empty"),
        (FW, "the file is empty"),
    ] {
        let dir = broken_tree(&[(file, "")]);
        expect_error(dir.path(), file, None, message);
        let dir = broken_tree(&[(file, "  \n# only a comment\n")]);
        expect_error(dir.path(), file, None, message);
    }
}

#[test]
fn an_empty_evidence_file_is_only_a_warning() {
    let dir = broken_tree(&[("2022/prov-a/dinas-a/kosong.yaml", "")]);
    let run = tolok_in(dir.path(), &["check", "content"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: content/2022/prov-a/dinas-a/kosong.yaml: the evidence file is empty"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it() {
    let dir = broken_tree(&[]);
    // A sparse file: over the limit on paper, nothing written to disk.
    let file = std::fs::File::create(dir.path().join("content").join(EV)).unwrap();
    file.set_len(tolok::content::MAX_FILE_BYTES + 1).unwrap();
    expect_error_bounded(dir.path(), EV, None, "over the limit of");
    expect_build_fails(dir.path(), "over the limit of");
}

#[test]
fn a_billion_laughs_is_refused_quickly() {
    // Nine levels of nine aliases: 9^9 nodes if expanded, inside the criteria tree
    // where every node is a valid criterion.
    let mut fw = String::from(
        "name: Bom\nscales:\n  yt: {choice: {ya: 1}}\nbands:\n  - {label: A}\ncriteria:\n",
    );
    fw.push_str("  - id: g0\n    criteria: &a0 [");
    fw.push_str(&["{id: i, scale: yt}"; 9].join(", "));
    fw.push_str("]\n");
    for n in 1..10 {
        let item = format!("{{id: g, criteria: *a{}}}", n - 1);
        fw.push_str(&format!(
            "  - id: g{n}\n    criteria: &a{n} [{}]\n",
            vec![item; 9].join(", ")
        ));
    }
    let dir = broken_tree(&[(FW, &fw)]);
    expect_error_bounded(dir.path(), FW, None, "expands too many aliases");
    expect_build_fails(dir.path(), "expands too many aliases");

    // The classic form, in an evidence file.
    let mut ev = String::from(
        "answers:\n  i1:\n    answer: ya\n    evidence: &a0 [SK, SK, SK, SK, SK, SK, SK, SK, SK]\n",
    );
    for n in 1..10 {
        ev.push_str(&format!(
            "  i{}:\n    evidence: &a{n} [{}]\n",
            n + 1,
            vec![format!("*a{}", n - 1); 9].join(", ")
        ));
    }
    let dir = broken_tree(&[(EV, &ev)]);
    expect_error_bounded(dir.path(), EV, None, "");
}

#[test]
fn deep_nesting_is_a_clear_error_not_a_stack_overflow() {
    let brackets = "[".repeat(10_000);
    let dir = broken_tree(&[(EV, &format!("answers: {brackets}"))]);
    expect_error_bounded(dir.path(), EV, Some(1), "nested more than 128 levels deep");
    expect_build_fails(dir.path(), "nested more than 128 levels deep");

    let maps = "{a: ".repeat(10_000);
    let dir = broken_tree(&[(AGENCY, &format!("name: {maps}"))]);
    expect_error_bounded(
        dir.path(),
        AGENCY,
        Some(1),
        "nested more than 128 levels deep",
    );

    // Criteria nested 200 deep in block style.
    let mut fw =
        String::from("scales:\n  yt: {choice: {ya: 1}}\nbands:\n  - {label: A}\ncriteria:\n");
    for depth in 0..200 {
        let pad = "  ".repeat(depth * 2);
        fw.push_str(&format!("{pad}  - id: g{depth}\n{pad}    criteria:\n"));
    }
    let dir = broken_tree(&[(FW, &fw)]);
    expect_error_bounded(dir.path(), FW, None, "nested too deeply");
}

#[test]
fn invalid_utf8_names_line_and_column() {
    let dir = broken_tree(&[]);
    let path = dir.path().join("content").join(EV);
    std::fs::write(&path, b"answers:\n  i1:\n    note: caf\xe9 \xe9\n").unwrap();
    expect_error(dir.path(), EV, Some(3), "not valid UTF-8");
    let run = tolok_in(dir.path(), &["check", "content"]);
    assert!(
        run.stderr.contains("evidence.yaml:3:14:"),
        "column counts characters: {}",
        run.stderr
    );
    std::fs::write(
        dir.path().join("content/2022/prov-a/dinas-a/catatan.md"),
        b"# Catatan\n\n\xff\n",
    )
    .unwrap();
    expect_error(
        dir.path(),
        "2022/prov-a/dinas-a/catatan.md",
        Some(3),
        "not valid UTF-8",
    );
    expect_build_fails(dir.path(), "not valid UTF-8");
}

#[test]
fn bom_and_crlf_are_accepted_in_every_kind_of_file() {
    let crlf = |s: &str| format!("\u{feff}{}", s.replace('\n', "\r\n"));
    let dir = broken_tree(&[
        ("site.yaml", &crlf("title: Minimal\nlanguage: id\n")),
        (FW, &crlf(&std::fs::read_to_string(fixture("minimal").join(FW)).unwrap())),
        (PERIOD, &crlf("name: Periode 2022\nframework: fw\ndate: 2022-08-29\n")),
        ("2022/prov-a/group.yaml", &crlf("name: Provinsi A\n")),
        (AGENCY, &crlf("name: Dinas A\ncluster: umum\npeer: prov-b/dinas-b\n")),
        (EV, &crlf("answers:\n  i1: {answer: ya, evidence: [SK]}\n  i2: {answer: \"62,5\", evidence: [SK]}\n")),
        (
            "2022/prov-a/dinas-a/catatan.md",
            &crlf("---\ntitle: Catatan CRLF\ncriterion: area\n---\nIsi **tebal**.\n"),
        ),
    ]);
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page =
        std::fs::read_to_string(dir.path().join("public/2022/prov-a/dinas-a/index.html")).unwrap();
    assert!(page.contains("Catatan CRLF") && page.contains("<strong>tebal</strong>"));
    assert!(!page.contains('\u{feff}'), "the byte-order mark is dropped");

    // And errors in such files still point at the right line.
    let dir = broken_tree(&[(AGENCY, &crlf("name: Dinas A\nkluster: umum\n"))]);
    expect_error(dir.path(), AGENCY, Some(2), "unknown key `kluster`");
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn a_symlink_loop_in_an_agency_folder_is_a_warning_not_a_hang() {
        let dir = broken_tree(&[]);
        let agency = dir.path().join("content/2022/prov-a/dinas-a");
        symlink("b.yaml", agency.join("a.yaml")).unwrap();
        symlink("a.yaml", agency.join("b.yaml")).unwrap();
        symlink(".", agency.join("files/diri")).unwrap();
        symlink("../..", agency.join("naik")).unwrap();
        // Within a cap of CPU time: a loop of links followed would never end.
        let run = tolok_bounded(dir.path(), &["check", "content"], 4 << 30, 20);
        assert_eq!(run.code, 0, "{}", run.stderr);
        for (name, says) in [
            ("a.yaml", "a loop of links"),
            ("b.yaml", "a loop of links"),
            ("files/diri", "a link to a folder is not followed"),
            ("naik", "a link to a folder is not followed"),
        ] {
            let prefix = format!("warning: content/2022/prov-a/dinas-a/{name}: ");
            assert!(
                run.stderr
                    .lines()
                    .any(|l| l.starts_with(&prefix) && l.contains(says)),
                "{name}: {}",
                run.stderr
            );
        }
    }

    #[test]
    fn an_attachment_linked_from_outside_the_agency_folder_is_an_error() {
        let dir = broken_tree(&[(
            EV,
            "answers:\n  i1:\n    answer: ya\n    evidence:\n      - {title: SK, file: files/rahasia.txt}\n      - {title: Folder, file: luar/site.yaml}\n",
        )]);
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("rahasia.txt"), "rahasia").unwrap();
        let agency = dir.path().join("content/2022/prov-a/dinas-a");
        symlink(
            outside.path().join("rahasia.txt"),
            agency.join("files/rahasia.txt"),
        )
        .unwrap();
        symlink(dir.path().join("content"), agency.join("luar")).unwrap();
        let stderr = expect_error(
            dir.path(),
            EV,
            Some(5),
            "links to a place outside the agency folder",
        );
        assert!(
            stderr.contains("evidence.yaml:6:")
                && stderr.matches("outside the agency folder").count() == 2,
            "{stderr}"
        );
        expect_build_fails(dir.path(), "outside the agency folder");
    }

    #[test]
    fn a_content_file_linked_from_outside_the_tree_is_an_error() {
        let dir = broken_tree(&[]);
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("rahasia.md"), "RAHASIA NEGARA").unwrap();
        std::fs::write(outside.path().join("rahasia.yaml"), "RAHASIA: {}\n").unwrap();
        let agency = dir.path().join("content/2022/prov-a/dinas-a");
        symlink(outside.path().join("rahasia.md"), agency.join("bocor.md")).unwrap();
        symlink(
            outside.path().join("rahasia.yaml"),
            agency.join("bocor.yaml"),
        )
        .unwrap();
        let stderr = expect_error(
            dir.path(),
            "2022/prov-a/dinas-a/bocor.md",
            None,
            "a link to a place outside the content folder",
        );
        assert!(
            stderr.contains("content/2022/prov-a/dinas-a/bocor.yaml: this file is a link"),
            "{stderr}"
        );
        assert!(!stderr.contains("RAHASIA"), "{stderr}");
        // A link that stays inside the tree is fine.
        std::fs::remove_file(agency.join("bocor.md")).unwrap();
        std::fs::remove_file(agency.join("bocor.yaml")).unwrap();
        symlink("catatan.md", agency.join("salinan.md")).unwrap();
        let run = tolok_in(dir.path(), &["check", "content"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
}

#[test]
fn names_that_look_like_formulas_stay_text_in_the_csv() {
    let dir = broken_tree(&[
        (
            AGENCY,
            "name: '=HYPERLINK(\"http://contoh.invalid\",\"klik\")'\ncluster: '@umum'\npeer: prov-b/dinas-b\n",
        ),
        ("2022/prov-a/group.yaml", "name: +Provinsi A\n"),
    ]);
    let csv = tolok_in(dir.path(), &["score", "content", "--format", "csv"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let row = csv
        .stdout
        .lines()
        .find(|l| l.contains("prov-a/dinas-a"))
        .expect("the agency's row");
    assert!(
        row.starts_with(
            "2022,prov-a/dinas-a,\"'=HYPERLINK(\"\"http://contoh.invalid\"\",\"\"klik\"\")\",prov-a,'@umum,"
        ),
        "a leading ' keeps each field text: {row}"
    );
    // The published file is the same, and the page shows the name as written.
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let published = std::fs::read_to_string(dir.path().join("public/2022/scores.csv")).unwrap();
    assert!(published.contains(row), "{published}");
    let page =
        std::fs::read_to_string(dir.path().join("public/2022/prov-a/dinas-a/index.html")).unwrap();
    assert!(
        page.contains("=HYPERLINK(&quot;http://contoh.invalid&quot;"),
        "{page}"
    );
}

#[test]
fn numbers_that_are_not_numbers_are_refused_one_error_each() {
    let fw = "name: Kerangka\nscales:\n  yt: {choice: {ya: 1, tidak: .nan}}\n  pct: {range: [-1.0e308, 1.0e308]}\nbands:\n  - {label: A, above: .nan}\n  - {label: B, above: 50}\n  - {label: C}\ncriteria:\n  - id: area\n    weight: 1.0e308\n    criteria:\n      - {id: i1, text: Satu?, scale: yt}\n      - {id: i2, text: Dua?, scale: pct, requires: {indicator: i1, above: .nan}}\n  - id: lain\n    weight: 1.0e308\n    criteria:\n      - {id: i3, text: Tiga?, scale: yt, weight: .inf}\n";
    let dir = broken_tree(&[(FW, fw)]);
    let run = tolok_in(dir.path(), &["check", "content"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with(&format!("error: content/{FW}")))
        .collect();
    for (line, says) in [
        (3, "option `tidak` of scale `yt` has value NaN"),
        (4, "scale `pct` has range"),
        (6, "band `A` has above NaN, which is not a number"),
        (11, "`area` has weight 100000000"),
        (14, "`requires` of `i2` has above NaN, outside 0 to 1"),
        (16, "`lain` has weight 100000000"),
        (18, "`i3` has weight inf"),
    ] {
        let at = format!("content/{FW}:{line}:");
        assert!(
            errors.iter().any(|l| l.contains(&at) && l.contains(says)),
            "no error at {at} saying `{says}` in:\n{}",
            run.stderr
        );
    }
    assert_eq!(
        errors.len(),
        7,
        "one error per bad value of the framework:\n{}",
        run.stderr
    );
    expect_build_fails(dir.path(), "which is not a number");
}
