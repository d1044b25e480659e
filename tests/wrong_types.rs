//! A wrong type for every key of every document kind (site.yaml, framework,
//! period.yaml, group.yaml, agency.yaml, evidence answers and actions, front
//! matter): `tolok check` exits 1 and names the file, the line and what is wrong.
//! Each case is a valid document with lines `from..=to` (1-based) replaced.

mod common;
use common::*;

const SITE: (&str, &str) = (
    "site.yaml",
    "title: Minimal\nlanguage: id\nbase_url: /rb/\n",
);
const FRAMEWORK: (&str, &str) = (
    "frameworks/fw.yaml",
    "name: K
scales: {yt: {choice: {ya: 1, tidak: 0}}, pct: {range: [0, 100]}}
bands: [{label: A, above: 50, name: Atas}, {label: B}]
criteria:
  - id: area
    name: Area
    weight: 2
    criteria:
      - {id: i1, text: Satu?, scale: yt, guide: Panduan, weight: 1}
      - {id: i2, scale: pct, requires: i1}
      - {id: i3, scale: yt, times: i1}
      - {id: i4, scale: yt, requires: {indicator: i1, above: 0.5}}
  - id: lain
    criteria:
      - {id: i5, scale: yt}
",
);
const PERIOD: (&str, &str) = (
    "2022/period.yaml",
    "name: Periode 2022\nframework: fw\ndate: 2022-08-29\n",
);
const GROUP: (&str, &str) = (
    "2022/prov-a/group.yaml",
    "name: Provinsi A\nrole: reference\n",
);
const AGENCY: (&str, &str) = (
    "2022/prov-a/dinas-a/agency.yaml",
    "name: Dinas A\nshort: A\ncluster: umum\npeer: prov-b/dinas-b\nhead: Kepala\n",
);
const EVIDENCE: (&str, &str) = (
    "2022/prov-a/dinas-a/evidence.yaml",
    "answers:
  i1:
    answer: ya
    verified: ya
    note: Catatan
    evidence:
      - SK
      - {title: SK, file: files/sk.pdf, url: https://a.example/x, date: 2022-01-01}
actions:
  - id: ra-01
    activity: A
    criterion: area
    due: 2022-03-31
    target: T
    progress: 100
    evidence: [SK]
",
);
const NARRATIVE: (&str, &str) = (
    "2022/prov-a/dinas-a/catatan.md",
    "---\ntitle: Catatan\norder: 1\ncriterion: area\n---\nIsi.\n",
);

/// (document, first line replaced, last line replaced, replacement, message).
type Case = (
    (&'static str, &'static str),
    usize,
    usize,
    &'static str,
    &'static str,
);

const WRONG: &str = "wrong type";

const CASES: &[Case] = &[
    (SITE, 1, 1, "title: [Minimal]", WRONG),
    (SITE, 2, 2, "language: {id: 1}", WRONG),
    (SITE, 3, 3, "base_url: [rb]", WRONG),
    (SITE, 3, 3, "theme: [tema]", WRONG),
    (FRAMEWORK, 1, 1, "name: [K]", WRONG),
    (FRAMEWORK, 2, 2, "scales: [yt, pct]", WRONG),
    (
        FRAMEWORK,
        2,
        2,
        "scales: {yt: [ya, tidak], pct: {range: [0, 100]}}",
        WRONG,
    ),
    (
        FRAMEWORK,
        2,
        2,
        "scales: {yt: {choice: [ya, tidak]}, pct: {range: [0, 100]}}",
        WRONG,
    ),
    (
        FRAMEWORK,
        2,
        2,
        "scales: {yt: {choice: {ya: tinggi, tidak: 0}}, pct: {range: [0, 100]}}",
        WRONG,
    ),
    (
        FRAMEWORK,
        2,
        2,
        "scales: {yt: {choice: {ya: 1, tidak: 0}}, pct: {range: 100}}",
        WRONG,
    ),
    (
        FRAMEWORK,
        2,
        2,
        "scales: {yt: {choice: {ya: 1, tidak: 0}}, pct: {range: [nol, 100]}}",
        WRONG,
    ),
    (FRAMEWORK, 3, 3, "bands: {A: 50, B: 0}", WRONG),
    (FRAMEWORK, 3, 3, "bands: [A, B]", WRONG),
    (
        FRAMEWORK,
        3,
        3,
        "bands: [{label: [A], above: 50}, {label: B}]",
        WRONG,
    ),
    (
        FRAMEWORK,
        3,
        3,
        "bands: [{label: A, above: lima}, {label: B}]",
        WRONG,
    ),
    (
        FRAMEWORK,
        3,
        3,
        "bands: [{label: A, above: 50, name: [Atas]}, {label: B}]",
        WRONG,
    ),
    (FRAMEWORK, 4, 15, "criteria: {area: 1}", WRONG),
    (FRAMEWORK, 5, 5, "  - id: [area]", WRONG),
    (FRAMEWORK, 6, 6, "    name: {a: Area}", WRONG),
    (FRAMEWORK, 7, 7, "    weight: berat", WRONG),
    (FRAMEWORK, 8, 12, "    criteria: i1", WRONG),
    (FRAMEWORK, 9, 9, "      - i1", WRONG),
    (FRAMEWORK, 9, 9, "      - [i1, yt]", WRONG),
    (
        FRAMEWORK,
        9,
        9,
        "      - {id: i1, text: [Satu], scale: yt}",
        WRONG,
    ),
    (FRAMEWORK, 9, 9, "      - {id: i1, scale: [yt]}", WRONG),
    (
        FRAMEWORK,
        9,
        9,
        "      - {id: i1, scale: yt, guide: {a: b}}",
        WRONG,
    ),
    (
        FRAMEWORK,
        10,
        10,
        "      - {id: i2, scale: pct, requires: [i1]}",
        WRONG,
    ),
    (
        FRAMEWORK,
        11,
        11,
        "      - {id: i3, scale: yt, times: [i1]}",
        WRONG,
    ),
    (
        FRAMEWORK,
        12,
        12,
        "      - {id: i4, scale: yt, requires: {indicator: [i1]}}",
        WRONG,
    ),
    (
        FRAMEWORK,
        12,
        12,
        "      - {id: i4, scale: yt, requires: {indicator: i1, above: tinggi}}",
        WRONG,
    ),
    (PERIOD, 1, 1, "name: [Periode]", WRONG),
    (PERIOD, 2, 2, "framework: {fw: 1}", WRONG),
    (PERIOD, 3, 3, "date: [2022, 8, 29]", WRONG),
    (PERIOD, 1, 3, "- Periode 2022\n- fw", WRONG),
    (GROUP, 1, 1, "name: [Provinsi A]", WRONG),
    (GROUP, 2, 2, "role: {reference: true}", WRONG),
    (AGENCY, 1, 1, "name: [Dinas A]", WRONG),
    (AGENCY, 2, 2, "short: [A]", WRONG),
    (AGENCY, 3, 3, "cluster: {umum: 1}", WRONG),
    (AGENCY, 4, 4, "peer: [prov-b/dinas-b]", WRONG),
    (AGENCY, 5, 5, "head: [Kepala]", WRONG),
    (AGENCY, 1, 5, "Dinas A", WRONG),
    (EVIDENCE, 1, 8, "answers: [i1]", WRONG),
    (EVIDENCE, 2, 8, "  i1: [ya, ya]", WRONG),
    (EVIDENCE, 2, 8, "  i1: ya", WRONG),
    (EVIDENCE, 3, 3, "    answer: [ya]", WRONG),
    (EVIDENCE, 4, 4, "    verified: {ya: 1}", WRONG),
    (EVIDENCE, 5, 5, "    note: [Catatan]", WRONG),
    (EVIDENCE, 6, 8, "    evidence: SK", WRONG),
    (EVIDENCE, 7, 7, "      - [SK]", WRONG),
    (EVIDENCE, 8, 8, "      - {title: [SK]}", WRONG),
    (
        EVIDENCE,
        8,
        8,
        "      - {title: SK, file: [files/sk.pdf]}",
        WRONG,
    ),
    (
        EVIDENCE,
        8,
        8,
        "      - {title: SK, url: {https: x}}",
        WRONG,
    ),
    (EVIDENCE, 8, 8, "      - {title: SK, date: [2022]}", WRONG),
    (EVIDENCE, 9, 16, "actions: {ra-01: A}", WRONG),
    (EVIDENCE, 10, 16, "  - ra-01", WRONG),
    (EVIDENCE, 10, 10, "  - id: [ra-01]", WRONG),
    (EVIDENCE, 11, 11, "    activity: [A]", WRONG),
    (EVIDENCE, 12, 12, "    criterion: [area]", WRONG),
    (EVIDENCE, 13, 13, "    due: [2022]", WRONG),
    (EVIDENCE, 14, 14, "    target: {a: T}", WRONG),
    (EVIDENCE, 15, 15, "    progress: [100]", WRONG),
    (EVIDENCE, 16, 16, "    evidence: SK", WRONG),
    (NARRATIVE, 2, 2, "title: [Catatan]", WRONG),
    (NARRATIVE, 3, 3, "order: pertama", WRONG),
    (NARRATIVE, 4, 4, "criterion: [area]", WRONG),
    (NARRATIVE, 2, 4, "- Catatan", WRONG),
];

fn replaced(text: &str, from: usize, to: usize, with: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<&str> = lines[..from - 1].to_vec();
    out.push(with);
    out.extend(&lines[to..]);
    out.join("\n") + "\n"
}

#[test]
fn the_valid_documents_pass() {
    let docs = [SITE, FRAMEWORK, PERIOD, GROUP, AGENCY, EVIDENCE, NARRATIVE];
    let dir = broken_tree(&docs);
    let run = tolok_in(dir.path(), &["check", "content"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_wrong_type_for_every_key_is_an_error_at_its_line() {
    let mut failures = Vec::new();
    for &((file, valid), from, to, with, message) in CASES {
        let text = replaced(valid, from, to, with);
        let dir = broken_tree(&[(file, &text)]);
        let result =
            std::panic::catch_unwind(|| expect_error(dir.path(), file, Some(from), message));
        if result.is_err() {
            failures.push(format!("{file} with `{with}`"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(CASES.len() >= 60, "one case per key");
}
