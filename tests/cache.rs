//! The build cache: a rebuild takes unchanged agencies and pages from the
//! previous build, yet its site is byte-identical to a build without cache,
//! after an edit, and with a damaged cache.

mod common;
use common::*;
use std::path::Path;

fn build(content: &Path, out: &Path, extra: &[&str]) {
    let mut args = vec![
        "build",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = tolok(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn assert_same_site(a: &Path, b: &Path) {
    let files = files_below(a);
    assert_eq!(files, files_below(b), "the same files");
    for f in &files {
        let (x, y) = (
            std::fs::read(a.join(f)).unwrap(),
            std::fs::read(b.join(f)).unwrap(),
        );
        assert!(x == y, "{f} differs");
    }
}

#[test]
fn rebuilds_with_the_cache_equal_builds_without_it() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&repo().join("content"), &content);
    // Files changed in the last two seconds are not trusted by the cache.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let (cached, fresh) = (dir.path().join("a/site"), dir.path().join("b/site"));
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    std::fs::create_dir_all(dir.path().join("b")).unwrap();

    build(&content, &cached, &[]);
    assert!(dir.path().join("a/.tolok.cache").is_dir());
    build(&content, &cached, &[]);
    build(&content, &fresh, &["--no-cache"]);
    assert!(!dir.path().join("b/.tolok.cache").exists());
    assert_same_site(&cached, &fresh);

    // One answer changes: that agency's page, the rankings and the data change.
    let evidence = content.join("2022/banten/dinkes/evidence.yaml");
    let text = std::fs::read_to_string(&evidence).unwrap();
    let changed = text.replacen("answer: ya", "answer: tidak", 1);
    assert_ne!(text, changed);
    std::fs::write(&evidence, changed).unwrap();
    build(&content, &cached, &[]);
    build(&content, &fresh, &["--no-cache"]);
    assert_same_site(&cached, &fresh);

    // A damaged cache is ignored, not fatal.
    for entry in std::fs::read_dir(dir.path().join("a/.tolok.cache")).unwrap() {
        let path = entry.unwrap().path();
        let mut bytes = std::fs::read(&path).unwrap();
        let n = bytes.len();
        bytes.truncate(n / 2);
        bytes.extend_from_slice(b"damaged");
        std::fs::write(&path, bytes).unwrap();
    }
    build(&content, &cached, &[]);
    assert_same_site(&cached, &fresh);
}
