//! Text meant to break the pages or the terminal: Markdown nested so deep
//! that rendering it took minutes, names and keys with terminal escape
//! sequences, invisible direction controls, control characters written as
//! YAML escapes, and names longer than any page can hold. Each is refused by
//! `check` and `build` alike, with the file, line and column, within a fixed
//! cap of CPU time and memory; nothing raw reaches the terminal.

mod common;
use common::*;

const EV: &str = "2022/prov-a/dinas-a/evidence.yaml";
const AGENCY: &str = "2022/prov-a/dinas-a/agency.yaml";
const NARRATIVE: &str = "2022/prov-a/dinas-a/catatan.md";

/// 20 s of CPU and 4 GiB of address space: each input needs a fraction of
/// either; the unbounded renderer needed minutes for the deepest ones.
fn check_bounded(dir: &std::path::Path) -> Run {
    tolok_bounded(dir, &["check", "content"], 4 << 30, 20)
}

fn build_bounded(dir: &std::path::Path) -> Run {
    tolok_bounded(dir, &["build", "content", "--out", "public"], 4 << 30, 20)
}

/// `check` and `build` both exit 1 with an error at `file:line:column`
/// saying `message`, and the build writes nothing.
fn refused_at(dir: &std::path::Path, file: &str, at: (usize, usize), message: &str) {
    let location = format!("content/{file}:{}:{}:", at.0, at.1);
    for run in [check_bounded(dir), build_bounded(dir)] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr
                .lines()
                .any(|l| l.starts_with("error: ") && l.contains(&location) && l.contains(message)),
            "no error at `{location}` saying `{message}` in:\n{}",
            run.stderr
        );
    }
    assert_wrote_nothing(dir);
}

#[test]
fn block_quotes_nested_a_hundred_thousand_deep_are_refused() {
    let body = format!("Pengantar.\n\n{}dalam\n", "> ".repeat(100_000));
    let dir = broken_tree(&[(NARRATIVE, &body)]);
    // Line 3; the 33rd `>` (column 65) is one level too many.
    refused_at(dir.path(), NARRATIVE, (3, 65), "more than 32 levels deep");
}

#[test]
fn lists_nested_by_indentation_are_refused_at_the_limit() {
    let body: String = (0..40)
        .map(|d| format!("{}- butir {d}\n", "  ".repeat(d)))
        .collect();
    let dir = broken_tree(&[(NARRATIVE, &body)]);
    refused_at(dir.path(), NARRATIVE, (33, 65), "block quotes or lists");
    // 32 levels are fine.
    let body: String = (0..32)
        .map(|d| format!("{}- butir {d}\n", "  ".repeat(d)))
        .collect();
    let dir = broken_tree(&[(NARRATIVE, &body)]);
    let run = check_bounded(dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_megabyte_of_nested_divs_is_refused() {
    // Front matter first: the line counts from the top of the file.
    let body = format!(
        "---\ntitle: Catatan\n---\nTeks.\n\n{}\n",
        "<div>".repeat(200_000)
    );
    let dir = broken_tree(&[(NARRATIVE, &body)]);
    // The 65th `<div>` starts at column 5 * 64 + 1.
    refused_at(
        dir.path(),
        NARRATIVE,
        (6, 321),
        "nests elements more than 64 levels deep",
    );
}

#[test]
fn a_note_nested_too_deep_is_refused_at_its_key() {
    let ev = format!(
        "answers:\n  i1:\n    answer: ya\n    evidence: [SK]\n    note: \"{}x\"\n",
        "> ".repeat(5_000)
    );
    let dir = broken_tree(&[(EV, &ev)]);
    refused_at(dir.path(), EV, (5, 5), "note of `i1`: the Markdown nests");
}

#[test]
fn a_narrative_of_too_many_elements_is_refused() {
    let body = "Paragraf.\n\n".repeat(150_000);
    let dir = broken_tree(&[(NARRATIVE, &body)]);
    refused_at(
        dir.path(),
        NARRATIVE,
        (200_001, 1),
        "more than 100000 elements",
    );
}

#[test]
fn long_paragraphs_render_whole_and_in_bounded_time() {
    // 1.5 MB in one paragraph of characters the serializer escapes.
    let body = format!("{}\n", "A&B 25\u{b0}C ".repeat(150_000));
    let dir = broken_tree(&[(NARRATIVE, &body)]);
    let run = build_bounded(dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page =
        std::fs::read_to_string(dir.path().join("public/2022/prov-a/dinas-a/index.html")).unwrap();
    let start = page.find("<p>A&amp;B").expect("the paragraph");
    let end = start + page[start..].find("</p>").unwrap();
    let paragraph = &page[start + 3..end];
    assert_eq!(
        paragraph,
        "A&amp;B 25\u{b0}C ".repeat(150_000).trim_end(),
        "the paragraph is whole"
    );
    assert!(!page.contains("<!---->"));
}

#[test]
fn escape_sequences_in_names_are_refused_where_they_are_written() {
    // `\e[2J` clears the screen, `\e]0;...\a` retitles the window.
    let dir = broken_tree(&[(
        AGENCY,
        "name: \"Dinas A\\e[2J\"\ncluster: umum\nhead: \"\\e]0;diretas\\a\"\npeer: prov-b/dinas-b\n",
    )]);
    let run = check_bounded(dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !run.stderr.contains('\u{1b}'),
        "raw ESC printed: {:?}",
        run.stderr
    );
    assert!(
        !run.stderr.contains('\u{7}'),
        "raw BEL printed: {:?}",
        run.stderr
    );
    let at = format!("content/{AGENCY}:1:7:");
    assert!(
        run.stderr
            .lines()
            .any(|l| l.contains(&at) && l.contains("U+001B")),
        "{at} in {}",
        run.stderr
    );
    assert_eq!(build_bounded(dir.path()).code, 1);
    // The other one, once the first is mended.
    std::fs::write(
        dir.path().join("content").join(AGENCY),
        "name: Dinas A\ncluster: umum\nhead: \"\\e]0;diretas\\a\"\npeer: prov-b/dinas-b\n",
    )
    .unwrap();
    let run = check_bounded(dir.path());
    assert!(
        run.stderr.contains(&format!("content/{AGENCY}:3:7:")),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains('\u{7}'),
        "raw BEL printed: {:?}",
        run.stderr
    );
}

#[test]
fn nul_and_other_control_characters_written_as_escapes_are_refused() {
    for (escape, code) in [
        ("\\0", "U+0000"),
        ("\\x07", "U+0007"),
        ("\\x85", "U+0085"),
        ("\\x7f", "U+007F"),
    ] {
        let dir = broken_tree(&[(
            EV,
            &format!("answers:\n  i1:\n    answer: ya\n    evidence: [\"SK{escape}Tim\"]\n"),
        )]);
        let run = check_bounded(dir.path());
        assert_eq!(run.code, 1, "{escape}: {}", run.stderr);
        assert!(run.stderr.contains(code), "{escape}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!("content/{EV}:4:")),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn direction_controls_are_refused_in_yaml_and_markdown() {
    let dir = broken_tree(&[(
        AGENCY,
        "name: \"Dinas \u{202e}A\"\ncluster: umum\npeer: prov-b/dinas-b\n",
    )]);
    refused_at(
        dir.path(),
        AGENCY,
        (1, 7),
        "U+202E, an invisible direction control",
    );
    let dir = broken_tree(&[(NARRATIVE, "Baris satu.\nDua \u{2067}tiga.\n")]);
    refused_at(dir.path(), NARRATIVE, (2, 5), "U+2067");
}

#[test]
fn a_name_of_a_hundred_thousand_characters_is_refused_by_check_as_by_build() {
    let name = "A".repeat(100_000);
    let dir = broken_tree(&[(
        AGENCY,
        &format!("cluster: umum\nname: {name}\npeer: prov-b/dinas-b\n"),
    )]);
    for run in [check_bounded(dir.path()), build_bounded(dir.path())] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("content/{AGENCY}:2:"))
                && run
                    .stderr
                    .contains("the name has 100000 characters, more than the 300"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("staging"), "{}", run.stderr);
        assert!(!run.stderr.contains("disk space"), "{}", run.stderr);
    }
    assert_wrote_nothing(dir.path());
    // 300 characters are a name.
    let dir = broken_tree(&[(
        AGENCY,
        &format!(
            "name: {}\ncluster: umum\npeer: prov-b/dinas-b\n",
            "A".repeat(300)
        ),
    )]);
    assert_eq!(build_bounded(dir.path()).code, 0);
}

#[test]
fn unknown_keys_with_escapes_reach_the_terminal_escaped() {
    // A misspelt key is quoted back in the message: `\e[8m` would hide the
    // rest of the line, `\e[2K` erase it.
    let dir = broken_tree(&[(
        AGENCY,
        "name: Dinas A\ncluster: umum\n\"nama\\e[8m\\e[2K\": x\n",
    )]);
    let run = check_bounded(dir.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !run.stderr.contains('\u{1b}'),
        "raw ESC printed: {:?}",
        run.stderr
    );
    assert!(
        run.stderr.contains("nama\\u{1b}[8m\\u{1b}[2K"),
        "{}",
        run.stderr
    );
    let json = tolok_in(dir.path(), &["check", "content", "--format", "json"]);
    assert!(!json.stdout.contains('\u{1b}'));
    assert!(json.stdout.contains("nama\\u001b[8m"), "{}", json.stdout);
    // Answer ids are texts: refused where they stand.
    let dir = broken_tree(&[(EV, "answers:\n  \"i1\\e[8m\":\n    answer: ya\n")]);
    let run = check_bounded(dir.path());
    assert!(
        run.stderr.contains(&format!("content/{EV}:2:3:")),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains('\u{1b}'),
        "raw ESC printed: {:?}",
        run.stderr
    );
}
