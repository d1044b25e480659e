//! The build cache: a rebuild takes unchanged agencies from the cache and
//! unchanged pages from the previous site, yet after every kind of edit its
//! site is byte for byte the site a build without the cache writes.
//!
//! Each edit is followed by a pause longer than the cache's two-second
//! window for fresh files, so the edited files are trusted and taken through
//! the cache: the case where a stale page could slip through.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// Builds with the cache; returns how many agencies' pages were carried over.
fn build_cached(content: &Path, out: &Path) -> usize {
    reused(&build_report(content, out), "agencies")
}

/// Builds with the cache; returns the build's report (`--format json`).
fn build_report(content: &Path, out: &Path) -> serde_json::Value {
    let run = Command::new(env!("CARGO_BIN_EXE_tolok"))
        .env("TOLOK_LANG", "en")
        .args([
            "build",
            content.to_str().unwrap(),
            "--format",
            "json",
            "--out",
        ])
        .arg(out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{stderr}");
    json(&String::from_utf8_lossy(&run.stdout))
}

/// What the report says was carried over of `what` (`agencies`,
/// `reports_taken`, `scores_json_entries`).
fn reused(report: &serde_json::Value, what: &str) -> usize {
    report["reused"][what]
        .as_u64()
        .unwrap_or_else(|| panic!("no `reused.{what}` in {report}")) as usize
}

fn build_fresh(content: &Path, out: &Path) {
    let run = tolok(&[
        "build",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--no-cache",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn assert_same_site(a: &Path, b: &Path, step: &str) {
    let files = files_below(a);
    assert_eq!(files, files_below(b), "{step}: the same files");
    for f in &files {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(x == y, "{step}: {f} differs from a build without the cache");
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} holds `{from}`", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Changes the first answer `from` of Banten's Dinkes to `to` (`ya`, `tidak`).
fn change_answer(content: &Path, from: &str, to: &str) {
    edit(
        &content.join("2022/banten/dinkes/evidence.yaml"),
        &format!("answer: {from}"),
        &format!("answer: {to}"),
    );
}

/// Removes the agency `2023/maluku-utara/bpbd` and adds `dinkes-kota`.
fn remove_one_add_one(c: &Path) {
    std::fs::remove_dir_all(c.join("2023/maluku-utara/bpbd")).unwrap();
    copy_tree(
        &c.join("2023/maluku-utara/dinkes"),
        &c.join("2023/maluku-utara/dinkes-kota"),
    );
    edit(
        &c.join("2023/maluku-utara/dinkes-kota/agency.yaml"),
        "name:",
        "name: Kota",
    );
}

/// Past the cache's window for fresh files.
fn settle() {
    std::thread::sleep(Duration::from_millis(2100));
}

struct Sites {
    content: std::path::PathBuf,
    cached: std::path::PathBuf,
    fresh: std::path::PathBuf,
}

impl Sites {
    fn new(dir: &Path) -> Sites {
        let content = dir.join("content");
        copy_tree(&repo().join("content"), &content);
        for d in ["a", "b"] {
            std::fs::create_dir_all(dir.join(d)).unwrap();
        }
        Sites {
            content,
            cached: dir.join("a/site"),
            fresh: dir.join("b/site"),
        }
    }

    /// Builds both ways and compares; returns what the report says was
    /// carried over of `what`, and the report.
    fn compare_counting(&self, step: &str, what: &str) -> (usize, serde_json::Value) {
        settle();
        let report = build_report(&self.content, &self.cached);
        build_fresh(&self.content, &self.fresh);
        assert_same_site(&self.cached, &self.fresh, step);
        (reused(&report, what), report)
    }

    /// Builds both ways and compares; returns the agencies carried over.
    fn compare(&self, step: &str) -> usize {
        settle();
        let carried = build_cached(&self.content, &self.cached);
        build_fresh(&self.content, &self.fresh);
        assert_same_site(&self.cached, &self.fresh, step);
        carried
    }
}

#[test]
fn rebuilds_with_the_cache_equal_builds_without_it_after_every_kind_of_edit() {
    let dir = tempfile::tempdir().unwrap();
    let s = Sites::new(dir.path());
    let c = &s.content;

    assert_eq!(
        s.compare("first build"),
        0,
        "nothing to carry over at first"
    );
    assert!(dir.path().join("a/.site.tolok-cache").is_dir());
    assert!(
        !dir.path().join("b/.site.tolok-cache").exists(),
        "--no-cache writes no cache"
    );
    let all = s.compare("nothing changed");
    assert!(all >= 20, "unchanged agencies are carried over ({all})");

    // One answer: that agency's pages, ranks, its peers' pages, the next period's trend.
    change_answer(c, "ya", "tidak");
    let carried = s.compare("an answer changed");
    assert!(
        carried > 0 && carried < all,
        "some pages carried ({carried} of {all})"
    );

    // A name: shown on its peers' pages and in books.
    edit(
        &c.join("2022/maluku-utara/dinkes/agency.yaml"),
        "name: Dinas Kesehatan",
        "name: Dinas Kesehatan Daerah",
    );
    s.compare("a name changed");

    // A narrative, an action's progress, a note.
    let narrative = walkdir::WalkDir::new(c.join("2023"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| {
            e.path().extension().is_some_and(|x| x == "md")
                && e.path().parent().unwrap().join("agency.yaml").is_file()
        })
        .expect("the sample has an agency narrative in 2023")
        .into_path();
    let text = std::fs::read_to_string(&narrative).unwrap();
    std::fs::write(&narrative, format!("{text}\nParagraf tambahan.\n")).unwrap();
    s.compare("a narrative changed");

    // An attachment's bytes.
    let pdf = c.join("2022/banten/dinkes/files/sk-agen-perubahan.pdf");
    let mut bytes = std::fs::read(&pdf).unwrap();
    bytes.extend_from_slice(b"\n% revised\n");
    std::fs::write(&pdf, bytes).unwrap();
    s.compare("an attachment changed");

    // An agency removed, another added.
    remove_one_add_one(c);
    s.compare("agencies removed and added");

    // The site's title: every page.
    edit(&c.join("site.yaml"), "title:", "title: Baru");
    assert_eq!(s.compare("the site title changed"), 0);
}

#[test]
fn a_damaged_cache_or_a_site_built_without_it_is_never_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let s = Sites::new(dir.path());
    s.compare("first build");

    for entry in std::fs::read_dir(dir.path().join("a/.site.tolok-cache")).unwrap() {
        let path = entry.unwrap().path();
        let mut bytes = std::fs::read(&path).unwrap();
        let n = bytes.len();
        bytes.truncate(n / 2);
        bytes.extend_from_slice(b"damaged");
        std::fs::write(&path, bytes).unwrap();
    }
    assert_eq!(s.compare("a damaged cache"), 0, "nothing taken from it");

    // A build without the cache replaces the site: its record no longer describes it.
    build_fresh(&s.content, &s.cached);
    change_answer(&s.content, "ya", "tidak");
    assert_eq!(s.compare("after a build without the cache"), 0);
}

/// A git command in `dir`, isolated from the user's configuration.
fn git(dir: &Path, args: &[&str], author: &str) -> bool {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", author)
        .env("GIT_AUTHOR_EMAIL", "penguji@example.org")
        .env("GIT_COMMITTER_NAME", author)
        .env("GIT_COMMITTER_EMAIL", "penguji@example.org")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn a_commit_updates_the_history_on_carried_pages() {
    let dir = tempfile::tempdir().unwrap();
    let s = Sites::new(dir.path());
    let c = &s.content;
    if !git(c, &["init", "-q"], "Penguji") {
        eprintln!("notice: git is not installed; skipping this test");
        return;
    }
    assert!(git(c, &["add", "-A"], "Penguji"));
    assert!(git(c, &["commit", "-q", "-m", "awal"], "Penguji"));
    s.compare("in git");
    change_answer(c, "ya", "tidak");
    assert!(git(c, &["commit", "-q", "-am", "ubah"], "Evaluator Lain"));
    let carried = s.compare("after a commit");
    assert!(carried > 0, "unchanged agencies are still carried over");
    let page = std::fs::read_to_string(s.cached.join("2022/banten/dinkes/index.html")).unwrap();
    assert!(
        page.contains("Evaluator Lain"),
        "the new commit's author is shown"
    );
}

/// `serve` puts a new site in place before its books and workbooks are
/// written (the previous ones stand in), then writes them: the end result is
/// the site a plain build writes.
#[test]
fn deferred_books_stand_in_and_are_then_written() {
    let dir = tempfile::tempdir().unwrap();
    let s = Sites::new(dir.path());
    // In this process throughout: the cache is tied to the program that wrote it.
    settle();
    let plain = tolok::build::BuildOptions::default();
    assert!(tolok::build::build(&s.content, &s.cached, &plain).is_ok());
    let book = s.cached.join("2022/book.html");
    let before = std::fs::read(&book).unwrap();

    change_answer(&s.content, "ya", "tidak");
    settle();
    let options = tolok::build::BuildOptions {
        defer_print: true,
        ..Default::default()
    };
    let at_publish = std::sync::Mutex::new(None);
    let built = tolok::build::build_then(&s.content, &s.cached, &options, &|| {
        *at_publish.lock().unwrap() = std::fs::read(&book).ok();
    });
    assert!(built.is_ok());
    assert!(
        at_publish.lock().unwrap().as_deref() == Some(&before[..]),
        "the previous book stands in when the site is put in place"
    );
    build_fresh(&s.content, &s.fresh);
    assert_same_site(&s.cached, &s.fresh, "after the deferred files");
    assert!(
        std::fs::read(&book).unwrap() != before,
        "the book shows the edit"
    );
}

/// `serve` builds in place: into the previous site itself, keeping the pages
/// that did not change where they are. After each edit its folder holds the
/// same files, byte for byte, as a fresh build without the cache.
#[test]
fn builds_in_place_equal_builds_without_the_cache() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let s = Sites::new(dir.path());
    let c = &s.content;
    let options = tolok::build::BuildOptions {
        in_place: Some(Default::default()),
        defer_print: true,
        ..Default::default()
    };
    let in_place = |step: &str| {
        settle();
        let built = tolok::build::build_then(c, &s.cached, &options, &|| {});
        if let Err(failure) = built {
            panic!("{step}: {:?}", failure.diagnostics);
        }
        build_fresh(c, &s.fresh);
        assert_same_site(&s.cached, &s.fresh, step);
    };
    let inode = |rel: &str| std::fs::metadata(s.cached.join(rel)).unwrap().ino();

    let folder = || std::fs::metadata(&s.cached).unwrap().ino();
    in_place("first build");
    let first = folder();
    in_place("nothing changed");
    assert_eq!(folder(), first, "written in place, not swapped");
    let untouched = "2022/maluku-utara/bappeda/index.html";
    let before = inode(untouched);
    change_answer(c, "ya", "tidak");
    in_place("an answer changed");
    assert_eq!(
        inode(untouched),
        before,
        "an unchanged page stays where it is"
    );
    assert!(
        !files_below(&s.cached)
            .iter()
            .any(|f| f.ends_with(".tolok-new")),
        "no temporary file left"
    );

    remove_one_add_one(c);
    in_place("agencies removed and added");
    assert!(
        !s.cached.join("2023/maluku-utara/bpbd").exists(),
        "a removed agency's folder goes"
    );

    edit(&c.join("site.yaml"), "title:", "title: Baru");
    in_place("the site title changed");

    // Another build replaced the site: the next one is not written into it
    // in place (another `serve` may be writing it) but swapped in.
    build_cached(c, &s.cached);
    let theirs = folder();
    in_place("after another build");
    assert_ne!(
        folder(),
        theirs,
        "swapped in, not written into a site built elsewhere"
    );
}

#[test]
fn the_spare_is_updated_and_exchanged_never_written_through() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let s = Sites::new(dir.path());
    let c = &s.content;
    let spare = dir.path().join("a/.site.tolok-spare");
    let folder = |p: &Path| std::fs::metadata(p).unwrap().ino();

    let untouched = "2022/maluku-utara/bappeda/index.html";
    let shared = |page: &str| {
        std::fs::metadata(s.cached.join(page)).unwrap().ino()
            == std::fs::metadata(spare.join(page)).unwrap().ino()
    };
    // A spare linked from a new site has a marker of its own, saying so.
    let linked_spare =
        || std::fs::read_to_string(spare.join(".tolok-site")).is_ok_and(|m| m.contains("spare"));
    s.compare("first build");
    assert!(
        linked_spare() && shared(untouched),
        "a full build links a spare from its own site"
    );
    assert_ne!(
        folder(&spare.join(".tolok-site")),
        folder(&s.cached.join(".tolok-site")),
        "the spare has a marker of its own"
    );
    s.compare("nothing changed, through the linked spare");
    assert!(
        spare.join(".tolok-site").is_file(),
        "the replaced site is kept as the spare when the new one carried it over"
    );
    assert!(
        std::fs::read_to_string(spare.join(".gitignore"))
            .unwrap()
            .contains("\n*\n"),
        "git never lists the spare"
    );

    // The spare becomes the site; the site it replaces becomes the spare, unchanged.
    let (live, kept) = (folder(&s.cached), folder(&spare));
    let changed = "2022/banten/dinkes/index.html";
    let before = std::fs::read(s.cached.join(changed)).unwrap();
    change_answer(c, "ya", "tidak");
    s.compare("an answer changed, through the spare");
    assert_eq!(
        folder(&s.cached),
        kept,
        "the spare was updated and put in place"
    );
    assert_eq!(folder(&spare), live, "the replaced site is the next spare");
    assert_eq!(
        std::fs::read(spare.join(changed)).unwrap(),
        before,
        "a page written anew never writes through a link into the replaced site"
    );
    assert_ne!(std::fs::read(s.cached.join(changed)).unwrap(), before);
    assert!(
        shared(untouched),
        "an unchanged page is one file shared by the site and its spare"
    );

    // An agency removed: its folder goes from the spare as it is updated,
    // by the record of the spare's files (it is not walked).
    remove_one_add_one(c);
    s.compare("agencies removed and added, through the spare");
    assert!(!s.cached.join("2023/maluku-utara/bpbd").exists());
    s.compare("the removed agency gone from the spare too");

    // A spare that is not the one recorded (here copied back by hand, with
    // foreign files and folders) is walked: whatever it holds, the result
    // is the same site.
    let copy = dir.path().join("a/copy");
    std::fs::rename(&spare, &copy).unwrap();
    copy_tree(&copy, &spare);
    std::fs::remove_dir_all(&copy).unwrap();
    std::fs::write(spare.join("junk.html"), "junk").unwrap();
    std::fs::create_dir_all(spare.join("2022/gone/away")).unwrap();
    std::fs::write(spare.join("2022/gone/away/page.html"), "junk").unwrap();
    std::fs::remove_file(spare.join(untouched)).unwrap();
    std::fs::write(spare.join(untouched), "stale").unwrap();
    std::fs::remove_file(spare.join("2022/banten/dinkes/report.html")).unwrap();
    s.compare("a spare that is not the recorded one");
    assert!(!s.cached.join("junk.html").exists() && !s.cached.join("2022/gone").exists());
    assert!(
        !files_below(&s.cached)
            .iter()
            .any(|f| f.ends_with(".tolok-new")),
        "no temporary file left"
    );

    // A build that carries nothing drops the older spare (it would hold a
    // whole site of its own) and links a new one from the site.
    assert!(!linked_spare());
    edit(&c.join("site.yaml"), "title:", "title: Baru");
    assert_eq!(s.compare("the site title changed"), 0);
    assert!(
        linked_spare() && shared(untouched) && shared("2022/banten/dinkes/report.html"),
        "the older spare dropped, a new one linked from the site"
    );

    // A folder by that name that tolok did not write is neither used nor removed.
    s.compare("a spare again");
    std::fs::remove_file(spare.join(".tolok-site")).unwrap();
    s.compare("a foreign spare");
    assert!(
        spare.join("2022").is_dir(),
        "a foreign folder is left alone"
    );
}

#[test]
fn books_written_again_take_unchanged_reports_from_the_books_they_replace() {
    let dir = tempfile::tempdir().unwrap();
    let s = Sites::new(dir.path());
    s.compare("first build");
    change_answer(&s.content, "ya", "tidak");
    let (taken, timings) = s.compare_counting("reports taken from the old books", "reports_taken");
    assert!(
        taken > 0,
        "the books of the changed agency's groups are written again around the reports of its unchanged neighbours:\n{timings}"
    );
    let book = std::fs::read_to_string(s.cached.join("2022/banten/book.html")).unwrap();
    assert_eq!(
        book.matches("<!--tolok:report ").count(),
        book.matches("<!--/tolok:report-->").count()
    );
}

/// `scores.json` written entry by entry, entries copied from a previous
/// file, is byte for byte the document serialized whole.
#[test]
fn scores_json_from_pieces_is_the_document_serialized_whole() {
    use std::io::Write;
    use tolok::export::{write_scores_json, write_scores_json_reusing, Previous};
    let loaded = tolok::content::load(&repo().join("content"));
    let dir = tempfile::tempdir().unwrap();
    for p in &loaded.model.periods {
        let scores = tolok::score::score_period(p);
        let mut whole = Vec::new();
        write_scores_json(&mut whole, p, &scores).unwrap();
        let write = |name: &str, previous: Option<&Previous>| {
            let path = dir.path().join(name);
            let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
            let spans = write_scores_json_reusing(&mut out, p, &scores, previous).unwrap();
            out.flush().unwrap();
            (std::fs::read(&path).unwrap(), spans, path)
        };
        let (first, spans, path) = write("first.json", None);
        assert!(first == whole, "{}: the same bytes", p.id);
        assert_eq!(spans.len(), p.agencies.len());
        for (i, &(at, len)) in spans.iter().enumerate() {
            let entry: serde_json::Value =
                serde_json::from_slice(&first[at as usize..(at + len) as usize]).unwrap();
            assert_eq!(entry["id"], p.agencies[i].id.as_str(), "span of entry {i}");
        }
        // Entries copied from the first file (alone, or in runs of
        // neighbours), the rest serialized.
        let file = std::fs::File::open(&path).unwrap();
        let patterns: [&(dyn Fn(usize) -> bool + Sync); 4] =
            [&|i| i % 2 == 0, &|_| true, &|i| i != 3, &|i| i / 3 % 2 == 1];
        for (k, copied) in patterns.iter().enumerate() {
            let entry = |i: usize| copied(i).then(|| spans[i]);
            let previous = Previous {
                file: &file,
                entry: &entry,
            };
            let (second, again, _) = write("second.json", Some(&previous));
            assert!(second == whole, "{}: pattern {k}, the same bytes", p.id);
            assert_eq!(again, spans, "pattern {k}: the same spans");
        }
    }
}

#[test]
fn scores_json_reuses_unchanged_entries_and_survives_a_damaged_one() {
    let dir = tempfile::tempdir().unwrap();
    let s = Sites::new(dir.path());
    s.compare("first build");
    change_answer(&s.content, "ya", "tidak");
    let (copied, timings) =
        s.compare_counting("entries of scores.json copied", "scores_json_entries");
    assert!(copied > 0, "unchanged entries are copied:\n{timings}");
    // The published scores.json cut short by hand: the next build writes it whole.
    let json = s.cached.join("2022/scores.json");
    let bytes = std::fs::read(&json).unwrap();
    std::fs::remove_file(&json).unwrap();
    std::fs::write(&json, &bytes[..bytes.len() / 2]).unwrap();
    change_answer(&s.content, "tidak", "ya");
    s.compare("after a damaged scores.json");
}
