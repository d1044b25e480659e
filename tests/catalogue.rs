//! Both catalogues of messages are complete: the same broken trees, checked
//! in the site's language (Indonesian) and with `--lang en`, give every
//! diagnostic in that language, and no message of tolok is built outside
//! `tr!`, which takes both texts at once.

mod common;
use common::*;

/// A tree with slips of many kinds: keys, answers, ids, a peer, a rating,
/// YAML syntax (tab, indentation, a scalar for a mapping, an open quote),
/// a framework and a period file.
fn broken() -> tempfile::TempDir {
    broken_tree(&[
        (
            "2022/prov-a/dinas-a/evidence.yaml",
            "answers:\n  i1:\n    anwser: ya\n  i2:\n    answer: \"150\"\n  i9:\n    answer: ya\n  i3: {answer: mungkin}\n",
        ),
        ("2022/prov-a/dinas-a/agency.yaml", "name: Dinas A\npeer: prov-b/dinas-x\nratings:\n  skn: 3\n"),
        ("2022/prov-b/dinas-b/evidence.yaml", "answers:\n  i1:\n\tanswer: ya\n"),
        ("2022/prov-b/dinas-c/agency.yaml", "name: Dinas C\n"),
        ("2022/prov-b/dinas-c/evidence.yaml", "answers:\n  i1: a\n  i2:\n    answer: 60\n     note: x\n"),
        ("2022/prov-b/dinas-d/agency.yaml", "name: \"Dinas D\n"),
    ])
}

/// The text of a message with what is quoted (ids, keys, values, paths) left out.
fn words(line: &str) -> String {
    let mut out = String::new();
    for (i, part) in line.split('`').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
            out.push(' ');
        }
    }
    out.to_lowercase()
}

const ENGLISH: [&str; 12] = [
    " the ",
    " is not ",
    " cannot ",
    " must ",
    "did you mean",
    " has no ",
    " with ",
    " nothing was written",
    " error(s)",
    "unknown key",
    " should ",
    " here ",
];

#[test]
fn a_broken_tree_is_reported_wholly_in_indonesian_by_default_and_in_english_on_request() {
    let dir = broken();
    let id = tolok_said(dir.path(), "site", &["check", "content"]);
    assert_eq!(id.code, 1, "{}", id.stderr);
    let en = tolok_said(dir.path(), "site", &["check", "content", "--lang", "en"]);
    assert_eq!(en.code, 1, "{}", en.stderr);
    let count = |s: &str, a: &str| s.lines().filter(|l| l.starts_with(a)).count();
    assert!(count(&id.stderr, "kesalahan: ") >= 8, "{}", id.stderr);
    assert_eq!(
        count(&id.stderr, "kesalahan: "),
        count(&en.stderr, "error: "),
        "the same errors in both languages:\n{}\n{}",
        id.stderr,
        en.stderr
    );
    assert_eq!(count(&id.stderr, "error: "), 0, "{}", id.stderr);
    // Every line a person reads is in Indonesian: the diagnostics, their
    // hints and the summary. The source line under a caret is the tree's own.
    for line in id.stderr.lines() {
        let said = line.starts_with("kesalahan: ")
            || line.starts_with("peringatan: ")
            || line.trim_start().starts_with("= saran:");
        let said = said
            || (!line.contains(" | ")
                && !line.trim().starts_with('|')
                && !line.trim().is_empty()
                && !line
                    .trim_start()
                    .starts_with(|c: char| c.is_ascii_digit() || c == '^'));
        if !said {
            continue;
        }
        let text = words(line);
        for word in ENGLISH {
            assert!(
                !text.contains(word),
                "English `{word}` in: {line}\n\n{}",
                id.stderr
            );
        }
    }
    assert!(en.stderr.contains("unknown key `anwser`"), "{}", en.stderr);
    assert!(id.stderr.contains("`anwser`"), "{}", id.stderr);
}

#[test]
fn the_summary_lines_and_prompts_follow_the_language() {
    let tmp = tempfile::tempdir().unwrap();
    let init = tolok_said(tmp.path(), "id", &["init", "isi"]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    let built = tolok_said(tmp.path(), "site", &["build", "isi", "--out", "situs"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
    let all = format!("{}{}", init.stderr, built.stderr);
    for word in ENGLISH {
        assert!(!words(&all).contains(word), "English `{word}` in:\n{all}");
    }
    let built = tolok_said(tmp.path(), "en", &["build", "isi", "--out", "situs"]);
    assert_eq!(built.code, 0, "{}", built.stderr);
}

/// No message is made from one language: the message and hint of a
/// diagnostic are always a `tr!` (or a value that already is one).
#[test]
fn no_diagnostic_is_made_from_a_bare_english_string() {
    let mut bare = Vec::new();
    for entry in walkdir::WalkDir::new(repo().join("src")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        // Unit tests make diagnostics of their own.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let flat: String = code.split_whitespace().collect::<Vec<_>>().join(" ");
        for pattern in [
            ".hint(\"",
            ".hint(format!",
            "Diagnostic::error(",
            "Diagnostic::warning(",
        ] {
            for (at, _) in flat.match_indices(pattern) {
                let rest = &flat[at + pattern.len()..];
                let message = if pattern.starts_with("Diagnostic") {
                    // The second argument: after the first top-level comma.
                    let mut depth = 0;
                    let mut start = None;
                    for (i, c) in rest.char_indices() {
                        match c {
                            '(' | '[' | '{' => depth += 1,
                            ')' | ']' | '}' if depth == 0 => break,
                            ')' | ']' | '}' => depth -= 1,
                            ',' if depth == 0 => {
                                start = Some(i + 1);
                                break;
                            }
                            _ => {}
                        }
                    }
                    match start {
                        Some(s) => rest[s..].trim_start(),
                        None => continue,
                    }
                } else {
                    "\""
                };
                if message.starts_with('"') || message.starts_with("format!") {
                    let shown: String = flat[at..].chars().take(90).collect();
                    bare.push(format!("{}: {shown}", entry.path().display()));
                }
            }
        }
    }
    assert!(
        bare.is_empty(),
        "messages not made with tr!:\n{}",
        bare.join("\n")
    );
}
