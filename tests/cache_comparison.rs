//! The comparison an agency's page and report open with, and the summary a
//! book opens with, read other agencies and periods: the peer, the agencies
//! of the same group (its rank), the previous period (what changed), the
//! period's narrative. After an edit to each, a rebuild with the cache is
//! byte for byte the site a build with `--no-cache` writes.

mod common;
use common::*;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

fn build(content: &Path, out: &Path, no_cache: bool) {
    let mut args = vec![
        "build",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    if no_cache {
        args.push("--no-cache");
    }
    let run = Command::new(env!("CARGO_BIN_EXE_tolok"))
        .env("TOLOK_LANG", "en")
        .args(&args)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
}

fn same_site(a: &Path, b: &Path, step: &str) {
    let (fa, fb) = (files_below(a), files_below(b));
    assert_eq!(fa, fb, "{step}: the same files");
    for f in &fa {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(x == y, "{step}: {f} differs from a build without the cache");
    }
}

fn replace_all(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn rebuilds_equal_clean_builds_after_every_edit_the_comparison_reads() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("content");
    copy_tree(&repo().join("content"), &c);
    let (cached, fresh) = (dir.path().join("a/site"), dir.path().join("b/site"));
    let step = |what: &str| {
        // File times are trusted two seconds after a change.
        std::thread::sleep(Duration::from_millis(2100));
        build(&c, &cached, false);
        build(&c, &fresh, true);
        same_site(&cached, &fresh, what);
    };
    step("first build");
    let page = |rel: &str| std::fs::read_to_string(cached.join(rel)).unwrap();
    let before = page("2022/maluku-utara/disnakertrans/index.html");

    // The peer's answers: the gap on the agency's page and report.
    replace_all(
        &c.join("2022/banten/disnakertrans/evidence.yaml"),
        "answer: ya",
        "answer: tidak",
    );
    step("the peer's answers changed");
    assert_ne!(
        page("2022/maluku-utara/disnakertrans/index.html"),
        before,
        "the gap changed"
    );

    // Another agency of the same group falls: the ranks in the group move.
    replace_all(
        &c.join("2022/maluku-utara/bappeda/evidence.yaml"),
        "answer: ya",
        "answer: tidak",
    );
    step("another agency of the group changed");

    // The previous period: what changed since, on the 2023 pages.
    replace_all(
        &c.join("2022/maluku-utara/dishub/evidence.yaml"),
        "answer: ya",
        "answer: tidak",
    );
    step("the previous period changed");

    // An agency stops answering: unranked, and out of its group's count.
    std::fs::remove_file(c.join("2023/maluku-utara/dishub/evidence.yaml")).unwrap();
    step("an agency has not answered");

    // The period's narrative: the book's first page.
    let index = c.join("2022/index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(
        &index,
        format!("{text}\nCatatan tambahan untuk pimpinan.\n"),
    )
    .unwrap();
    step("the period's narrative changed");
    assert!(std::fs::read_to_string(cached.join("2022/book.html"))
        .unwrap()
        .contains("Catatan tambahan untuk pimpinan."));

    // The benchmark's group: its short name (legends) and name (ranks, sides).
    std::fs::write(
        c.join("2022/banten/group.yaml"),
        "name: Pemprov Banten\nshort: BTN\nrole: reference\n",
    )
    .unwrap();
    step("the benchmark group's names changed");

    // A period marked not final: a banner on every page of it.
    let period = c.join("2023/period.yaml");
    let text = std::fs::read_to_string(&period).unwrap();
    std::fs::write(&period, format!("{text}final: false\n")).unwrap();
    step("the period is not final");
    assert!(page("2023/maluku-utara/bappeda/index.html").contains("provisional-banner"));
}
