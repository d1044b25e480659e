//! Output paths and published files crafted against the build: an `--out`
//! that reaches the content tree through a folder that does not exist, and
//! attachments that would run as pages of the site.

mod common;
use common::*;

#[test]
fn an_out_through_a_missing_folder_and_dotdot_cannot_reach_the_content() {
    let dir = broken_tree(&[]);
    let before = files_below(&dir.path().join("content"));
    for out in [
        "nonexistent/../content/site",
        "./x/./../content",
        "a/b/../../content/2022/y",
    ] {
        let run = tolok_in(dir.path(), &["build", "content", "--out", out]);
        assert_eq!(run.code, 1, "{out}: {}", run.stderr);
        assert!(
            run.stderr.contains("inside the content folder"),
            "{out}: {}",
            run.stderr
        );
        assert_wrote_nothing(dir.path());
        assert_eq!(files_below(&dir.path().join("content")), before, "{out}");
    }
    // The same path, lexically outside the content, is built where it says.
    let run = tolok_in(dir.path(), &["build", "content", "--out", "nope/../public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(dir.path().join("public/index.html").is_file());
    assert!(
        !dir.path().join("nope").exists(),
        "a folder was left behind"
    );
}

#[test]
fn attachments_that_could_run_as_pages_are_published_as_text() {
    let dir = broken_tree(&[
        ("2022/prov-a/dinas-a/files/bukti.html", "<script>alert(1)</script>"),
        ("2022/prov-a/dinas-a/files/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(2)</script></svg>"),
        (
            "2022/prov-a/dinas-a/evidence.yaml",
            "answers:\n  i1:\n    answer: ya\n    evidence:\n      - {title: Bukti, file: files/bukti.html}\n      - {title: Logo, file: files/logo.svg}\n      - {title: SK, file: files/sk.pdf}\n  i2:\n    answer: 70\n    evidence: [Laporan]\n",
        ),
    ]);
    let check = tolok_in(dir.path(), &["check", "content"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    for (line, name) in [(5, "bukti.html"), (6, "logo.svg")] {
        let at = format!("warning: content/2022/prov-a/dinas-a/evidence.yaml:{line}:");
        assert!(
            check.stderr.lines().any(|l| l.starts_with(&at)
                && l.contains(&format!("published as text, `files/{name}.txt`"))),
            "{at} {name}: {}",
            check.stderr
        );
    }
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = dir.path().join("public/2022/prov-a/dinas-a/_files/files");
    assert!(files.join("bukti.html.txt").is_file());
    assert!(files.join("logo.svg.txt").is_file());
    assert!(files.join("sk.pdf").is_file());
    assert!(!files.join("bukti.html").exists() && !files.join("logo.svg").exists());
    let page =
        std::fs::read_to_string(dir.path().join("public/2022/prov-a/dinas-a/index.html")).unwrap();
    assert!(
        page.contains("_files/files/bukti.html.txt\""),
        "linked as text"
    );
    assert!(!page.contains("_files/files/bukti.html\""));
    // No published file but tolok's own pages is HTML or SVG.
    for f in files_below(&dir.path().join("public")) {
        if f.contains("/_files/") {
            assert!(!f.ends_with(".html") && !f.ends_with(".svg"), "{f}");
        }
    }
}
