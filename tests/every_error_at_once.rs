//! Every error of a run at once, each where it is, in words that name the
//! slip: a mistyped key in one answer does not hide the mistakes of the
//! others, a file that failed does not add a false "no answers yet", the
//! common YAML slips are named with their fix, each error shows its line
//! with a caret, and warnings of one kind are summed up beyond the first few.

mod common;
use common::*;

fn errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect()
}

#[test]
fn seven_mistakes_seven_errors_in_one_run() {
    let dir = broken_tree(&[
        (
            "2022/prov-a/dinas-a/evidence.yaml",
            "answers:\n  i1:\n    anwser: ya\n  i2:\n    answer: \"150\"\n  i9:\n    answer: ya\n  i3: {answer: mungkin}\n",
        ),
        ("2022/prov-a/dinas-a/agency.yaml", "name: Dinas A\npeer: prov-b/dinas-x\nratings:\n  skn: 3\n"),
        ("2022/prov-b/dinas-b/evidence.yaml", "answers:\n  i1:\n    answer: ya\n    verfied: ya\n"),
    ]);
    let run = tolok_in(dir.path(), &["check", "content"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = errors(&run.stderr);
    assert_eq!(found.len(), 7, "{}", run.stderr);
    for (file, line, what) in [
        (
            "dinas-a/evidence.yaml:3:5",
            "answers.i1: unknown key `anwser`",
            "did you mean `answer`?",
        ),
        (
            "dinas-a/evidence.yaml:5:",
            "`150` is not an answer",
            "from 0 to 100",
        ),
        (
            "dinas-a/evidence.yaml:6:",
            "`i9` is not an indicator",
            "did you mean",
        ),
        (
            "dinas-a/evidence.yaml:8:",
            "`mungkin` is not an answer",
            "ya",
        ),
        ("dinas-a/agency.yaml:", "prov-b/dinas-x", ""),
        (
            "dinas-b/evidence.yaml:4:5",
            "unknown key `verfied`",
            "did you mean `verified`?",
        ),
        (
            "dinas-a/agency.yaml:4:3",
            "`skn` is not a rating",
            "did you mean `skm`?",
        ),
    ] {
        assert!(
            found.iter().any(|l| l.contains(file) && l.contains(line)),
            "no error at {file} saying {line}:\n{}",
            run.stderr
        );
        assert!(run.stderr.contains(what), "{what}");
    }
    assert!(
        !run.stderr.contains("no answers yet"),
        "a file that failed gives no false warning:\n{}",
        run.stderr
    );
    // The line and a caret under the column, as rustc shows them.
    assert!(
        run.stderr.contains("3 |     anwser: ya\n  |     ^"),
        "{}",
        run.stderr
    );
    assert_wrote_nothing(dir.path());
}

#[test]
fn the_common_yaml_slips_are_named() {
    for (text, line, message, hint) in [
        (
            "answers:\n  i1:\n\tanswer: ya\n",
            3,
            "a tab is used for indentation",
            "replace the tab with spaces",
        ),
        (
            "answers:\n  i1:\n    answer: ya\n     note: x\n",
            4,
            "`note` is indented by 5 space(s) but `answer` on line 3 by 4",
            "indent `note:`",
        ),
        (
            "answers:\n  i1: ya\n",
            2,
            "expected a mapping",
            "write `i1: {answer: ya}`",
        ),
        (
            "answers:\n  i1: {answer: \"ya}\n  i2: {answer: 5}\n",
            2,
            "a quote opened here is not closed",
            "close the quote",
        ),
        (
            "answers:\n  i1: {answer: ya\n  i2: {answer: 5}\n",
            2,
            "a `{` opened here is not closed",
            "close it with `}`",
        ),
    ] {
        let dir = broken_tree(&[("2022/prov-a/dinas-a/evidence.yaml", text)]);
        let stderr = expect_error(
            dir.path(),
            "2022/prov-a/dinas-a/evidence.yaml",
            Some(line),
            message,
        );
        assert!(
            stderr.contains(hint),
            "{text:?}: no hint `{hint}` in\n{stderr}"
        );
    }
}

#[test]
fn warnings_of_one_kind_are_summed_up() {
    let mut edits: Vec<(String, String)> = Vec::new();
    for k in 0..9 {
        edits.push((
            format!("2022/prov-a/tanpa-{k}/agency.yaml"),
            format!("name: Dinas Tanpa Jawaban {k}\n"),
        ));
    }
    let refs: Vec<(&str, &str)> = edits
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let dir = broken_tree(&refs);
    let run = tolok_in(dir.path(), &["check", "content"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown = run
        .stderr
        .lines()
        .filter(|l| {
            l.starts_with("warning: content/") && l.contains("this agency has no answers yet")
        })
        .count();
    assert_eq!(shown, 5, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("4 more warning(s) like \"this agency has no answers yet\""),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("tolok check --format json"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("9 warning(s)") || run.stderr.contains("9 warning(s)"),
        "the total counts them all"
    );
    let json_run = tolok_in(dir.path(), &["check", "content", "--format", "json"]);
    let all = json(&json_run.stdout);
    assert_eq!(
        all["diagnostics"].as_array().unwrap().len(),
        9,
        "JSON lists every one"
    );
}
