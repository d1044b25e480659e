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
