//! Excel: `scores.xlsx` after a build, the answer form (`tolok export form`)
//! and its import (`tolok import`): forms are filled programmatically, as an
//! agency would in Excel, then imported into a copy of a fixture tree.

mod common;
use common::forms::*;
use common::*;

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use std::path::Path;

#[test]
fn form_lists_every_indicator_with_current_answers_and_validations() {
    let (_tmp, dir) = tree("minimal");
    let run = tolok_in(
        &dir,
        &[
            "export",
            "form",
            "2022/prov-a/dinas-a",
            "--content",
            "content",
            "--out",
            "form.xlsx",
            "--deadline",
            "2022-08-29",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let form = dir.join("form.xlsx");
    let f = sheet(&form, "Form");
    // The top names the agency, the period and the deadline.
    assert_eq!(at(&f, "A2"), Data::String("Perangkat daerah".into()));
    assert_eq!(
        at(&f, "B2"),
        Data::String("Dinas A (prov-a/dinas-a)".into())
    );
    assert!(matches!(at(&f, "B3"), Data::String(s) if s.ends_with("(2022)")));
    assert_eq!(at(&f, "B4"), Data::String("29 Agustus 2022".into()));
    // Id, question, then the answer.
    assert_eq!(at(&f, "A5"), Data::String("ID indikator".into()));
    assert_eq!(at(&f, "C5"), Data::String("Jawaban".into()));
    assert_eq!(at(&f, "A6"), Data::String("i1".into()));
    assert_eq!(at(&f, "B6"), Data::String("Satu?".into()));
    assert_eq!(at(&f, "A7"), Data::String("i2".into()));
    assert_eq!(at(&f, "A8"), Data::String("i3".into()));
    assert_eq!(at(&f, "H6"), Data::String("Area".into()));
    assert_eq!(at(&f, "H8"), Data::String("Lain".into()));
    assert_eq!(at(&f, "A9"), Data::Empty, "one row per indicator");
    assert_eq!(at(&f, "C6"), Data::String("ya".into()));
    assert_eq!(at(&f, "C7"), Data::Float(70.0));
    assert_eq!(at(&f, "C8"), Data::Empty);
    assert!(matches!(at(&f, "D6"), Data::String(s) if s.starts_with("ya, tidak")));
    assert_eq!(at(&f, "E6"), Data::String("SK Tim | files/sk.pdf".into()));
    assert_eq!(at(&f, "E7"), Data::String("Laporan".into()));
    assert_eq!(
        at(&f, "G6"),
        Data::String("ya".into()),
        "the verified answer"
    );
    let info = sheet(&form, "Info");
    assert_eq!(at(&info, "A2"), Data::String("Periode".into()));
    assert_eq!(at(&info, "B2"), Data::String("2022".into()));
    assert_eq!(at(&info, "B3"), Data::String("prov-a/dinas-a".into()));
    assert_eq!(at(&info, "B5"), Data::String("fw".into()));

    let xml = part(&form, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"type="list""#), "{xml}");
    assert!(
        xml.contains("<formula1>\"ya,tidak,n/a,-\"</formula1>"),
        "{xml}"
    );
    // A range takes a number in range, n/a and - without Excel's warning.
    assert!(xml.contains(r#"type="custom""#), "{xml}");
    assert!(
        xml.contains("OR(AND(ISNUMBER(C7),C7&gt;=0,C7&lt;=100),LOWER(C7)=\"n/a\",C7=\"-\")"),
        "{xml}"
    );
    assert!(xml.contains("<sheetProtection"), "the sheet is protected");
    assert!(xml.contains(r#"state="frozen""#), "the header is frozen");
    // One unlocked format: the answer, evidence and note cells.
    let styles = part(&form, "xl/styles.xml");
    assert_eq!(styles.matches(r#"locked="0""#).count(), 1, "{styles}");

    // Exporting again does not silently replace a form that may be filled.
    let again = tolok_in(
        &dir,
        &[
            "export",
            "form",
            "2022/prov-a/dinas-a",
            "--content",
            "content",
            "--out",
            "form.xlsx",
        ],
    );
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    let wrong = tolok_in(
        &dir,
        &[
            "export",
            "form",
            "2022/prov-a/dinas-x",
            "--content",
            "content",
        ],
    );
    assert_eq!(wrong.code, 2);
    assert!(
        wrong.stderr.contains("did you mean `2022/prov-a/dinas-a`"),
        "{}",
        wrong.stderr
    );
}

#[test]
fn filled_form_is_imported_in_place_and_the_scores_follow() {
    let (_tmp, dir) = tree("minimal");
    let evidence = dir.join("content/2022/prov-a/dinas-a/evidence.yaml");
    let before = read(evidence.clone())
        .replace("answers:\n", "# Jawaban PD\nanswers:\n")
        .replace("answer: 70\n", "answer: 70   # persen\n");
    std::fs::write(&evidence, &before).unwrap();
    let form = export(&dir, "2022/prov-a/dinas-a");
    refill(
        &form,
        &dir.join("filled.xlsx"),
        &[
            ("Form", "C6", V::Text("Tidak")),
            ("Form", "C7", V::Num(85.5)),
            ("Form", "C8", V::Text("YA")),
        ],
    );
    let run = import(&dir, "filled.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("i2  answer: `70` → `85.5`  (evidence.yaml)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("i3  answer: (empty) → `ya`  (evidence.yaml)"),
        "{}",
        run.stdout
    );

    // Only the answer values changed; comments, `verified`, evidence and actions
    // stay; the new answer joins the agency's evidence file, not a file of its own.
    let after = read(evidence);
    assert_eq!(
        after,
        before
            .replace(
                "    answer: ya\n    verified: ya",
                "    answer: tidak\n    verified: ya"
            )
            .replace("answer: 70   # persen", "answer: 85.5   # persen")
            .replace("actions:", "  i3:\n    answer: ya\nactions:")
    );
    assert!(!dir.join("content/2022/prov-a/dinas-a/import.yaml").exists());

    let check = tolok_in(&dir, &["check", "content"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let score = tolok_in(&dir, &["score", "content", "--format", "json"]);
    assert_eq!(score.code, 0, "{}", score.stderr);
    let doc = json(&score.stdout);
    let a = &doc["agencies"][0];
    assert_eq!(a["id"], "prov-a/dinas-a");
    // Self-assessed: i1 tidak 0, i2 85.5 -> 0.855, area (w 2) = 0.4275; i3 ya 1 (lain, w 1)
    //   -> 100 * (2 * 0.4275 + 1) / 3 = 61.8333...
    // Index: i1 verified ya stays 1 -> area 0.9275 -> 100 * (1.855 + 1) / 3 = 95.1666...
    let close = |v: &serde_json::Value, x: f64| {
        assert!((v.as_f64().unwrap() - x).abs() < 1e-9, "{v} vs {x}")
    };
    close(&a["self_index"], 100.0 * (2.0 * 0.4275 + 1.0) / 3.0);
    close(&a["index"], 100.0 * (1.855 + 1.0) / 3.0);
    close(&a["nodes"]["i3"]["self_score"], 1.0);
    close(&a["nodes"]["i2"]["self_score"], 0.855);

    // The same form again changes nothing.
    let again = import(&dir, "filled.xlsx");
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again.stderr.contains("0 value(s) changed"),
        "{}",
        again.stderr
    );
}

#[test]
fn one_line_entries_are_edited_and_a_dash_clears_an_answer() {
    let (_tmp, dir) = tree("minimal");
    let form = export(&dir, "2022/prov-b/dinas-b");
    refill(
        &form,
        &dir.join("filled.xlsx"),
        &[
            ("Form", "C6", V::Text("-")),
            ("Form", "C7", V::Text("40,5")),
            ("Form", "C8", V::Text("n/a")),
        ],
    );
    let run = import(&dir, "filled.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let agency = dir.join("content/2022/prov-b/dinas-b");
    assert_eq!(
        read(agency.join("evidence.yaml")),
        "answers:\n  i1: {evidence: [SK]}\n  i3: {answer: n/a, evidence: [SK]}\n  i2:\n    answer: 40.5\n"
    );
    assert_eq!(tolok_in(&dir, &["check", "content"]).code, 0);
}

#[test]
fn a_form_sent_back_as_it_was_changes_nothing() {
    let (_tmp, dir) = tree("minimal");
    let form = export(&dir, "2022/prov-a/dinas-a");
    refill(&form, &dir.join("filled.xlsx"), &[]);
    let before = snapshot(&dir.join("content"));
    let run = import(&dir, "filled.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("0 value(s) changed"), "{}", run.stderr);
    assert!(before == snapshot(&dir.join("content")));
}

#[test]
fn bad_cells_are_named_with_the_allowed_answers_and_nothing_is_written() {
    let (_tmp, dir) = tree("minimal");
    let form = export(&dir, "2022/prov-a/dinas-a");
    let before = snapshot(&dir.join("content"));

    refill(
        &form,
        &dir.join("bad.xlsx"),
        &[
            ("Form", "C6", V::Text("mungkin")),
            ("Form", "C7", V::Num(150.0)),
            ("Form", "A8", V::Text("i9")),
            ("Form", "C8", V::Text("ya")),
        ],
    );
    let run = import(&dir, "bad.xlsx");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Form!C6: `mungkin` is not an answer of `i1`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("allowed: ya, tidak, or n/a"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Form!C7: `150`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("a number from 0 to 100"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Form!A8: `i9` is not an indicator of the framework `fw`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(before == snapshot(&dir.join("content")), "a file changed");

    // A workbook that is not a form.
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "hello").unwrap();
    wb.save(dir.join("other2.xlsx")).unwrap();
    let run = import(&dir, "other2.xlsx");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no sheet `Form`"), "{}", run.stderr);
    assert!(before == snapshot(&dir.join("content")), "a file changed");
}

#[test]
fn scores_xlsx_has_agencies_and_indicators_and_is_reproducible() {
    let (_tmp, dir) = tree("scoring");
    let run = tolok_in(&dir, &["build", "content", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let path = dir.join("out/2022/scores.xlsx");
    let wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["agencies", "indicators"]);

    let a = sheet(&path, "agencies");
    let header: Vec<String> = (0..12)
        .map(|c| at(&a, &format!("{}1", (b'A' + c) as char)).to_string())
        .collect();
    assert_eq!(
        header,
        [
            "id",
            "name",
            "group",
            "cluster",
            "index",
            "band",
            "self_index",
            "self_band",
            "Area satu",
            "Area dua",
            "Area tiga",
            "Hasil"
        ]
    );
    // Agencies by id: alpha is row 2 (see tests/scoring.rs for the arithmetic).
    assert_eq!(at(&a, "A2"), Data::String("grup/alpha".into()));
    let num = |r: &Range<Data>, c: &str| match at(r, c) {
        Data::Float(x) => x,
        other => panic!("{c}: {other:?}"),
    };
    assert!((num(&a, "E2") - 34.5).abs() < 1e-9);
    assert_eq!(at(&a, "F2"), Data::String("C".into()));
    assert!((num(&a, "G2") - 64.5).abs() < 1e-9);
    assert_eq!(at(&a, "H2"), Data::String("B".into()));
    assert!((num(&a, "I2") - 1.25).abs() < 1e-9);
    assert!((num(&a, "J2") - 5.0).abs() < 1e-9);
    assert!((num(&a, "K2") - 0.0).abs() < 1e-9);
    assert!((num(&a, "L2") - 22.0).abs() < 1e-9);
    // beta: everything n/a, no index.
    assert_eq!(at(&a, "A3"), Data::String("grup/beta".into()));
    assert_eq!(at(&a, "E3"), Data::Empty);

    let i = sheet(&path, "indicators");
    assert_eq!(at(&i, "G1"), Data::String("value".into()));
    // alpha's rows in framework order: i1 (row 2) ... i5 (row 6), i7 (row 8).
    assert_eq!(at(&i, "B6"), Data::String("i5".into()));
    assert_eq!(at(&i, "E6"), Data::String("YA".into()));
    assert!((num(&i, "G6") - 0.5).abs() < 1e-9, "i5 ya times i4 (0.5)");
    assert_eq!(at(&i, "B2"), Data::String("i1".into()));
    assert_eq!(at(&i, "F2"), Data::String("tidak".into()));
    assert_eq!(at(&i, "E8"), Data::String("n/a".into()));
    assert_eq!(at(&i, "G8"), Data::Empty, "n/a is left out");
    assert_eq!(at(&i, "C11"), Data::String("Hasil".into()));

    let styles = part(&path, "xl/styles.xml");
    assert!(styles.contains(r#"formatCode="0.00""#), "{styles}");
    assert!(part(&path, "xl/worksheets/sheet1.xml").contains(r#"state="frozen""#));

    let first = std::fs::read(&path).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let run = tolok_in(&dir, &["build", "content", "--out", "out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(first == std::fs::read(&path).unwrap(), "two builds differ");
}

/// Every answer of a sample agency changed (a different option, a number
/// 1.5 lower or `n/a`, every seventh cleared): the tree stays clean, and
/// every line other than block `answer:` lines and one-line entries
/// (comments, notes, evidence, actions) is exactly as it was.
#[test]
fn every_answer_of_a_sample_agency_changes_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_tree(&repo().join("content"), &dir.join("content"));
    let agency = dir.join("content/2022/maluku-utara/disnakertrans");
    let yaml = |d: &Path| -> Vec<(String, Vec<String>)> {
        files_below(d)
            .into_iter()
            .filter(|f| f.ends_with(".yaml"))
            .map(|f| {
                let kept = read(d.join(&f))
                    .lines()
                    // Block `answer:` lines and one-line entries may change; nothing else.
                    .filter(|l| !l.contains("answer:") && !l.contains(": {"))
                    .map(str::to_string)
                    .collect();
                (f, kept)
            })
            .collect()
    };
    let before = yaml(&agency);
    let form = export(dir, "2022/maluku-utara/disnakertrans");
    let f = sheet(&form, "Form");
    let mut cells: Vec<(String, String, Option<f64>)> = Vec::new();
    for row in 6..=f.end().unwrap().0 + 1 {
        let options = at(&f, &format!("D{row}")).to_string();
        let current = at(&f, &format!("C{row}"));
        let (text, number) = if row % 7 == 0 {
            ("-".to_string(), None)
        } else if options.starts_with("angka") {
            match current {
                Data::Float(x) if x > 30.0 => (String::new(), Some(x - 1.5)),
                _ => ("n/a".to_string(), None),
            }
        } else {
            let keys = options.split(';').next().unwrap().split(", ");
            let other = keys
                .map(str::to_string)
                .find(|k| Data::String(k.clone()) != current)
                .unwrap();
            (other, None)
        };
        cells.push((format!("C{row}"), text, number));
    }
    let edits: Vec<(&str, &str, V)> = cells
        .iter()
        .map(|(c, t, n)| ("Form", c.as_str(), n.map(V::Num).unwrap_or(V::Text(t))))
        .collect();
    refill(&form, &dir.join("filled.xlsx"), &edits);
    let run = import(dir, "filled.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("79 value(s) changed in 3 file(s)"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    let check = tolok_in(dir, &["check", "content"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let after = yaml(&agency);
    assert_eq!(before.len(), after.len(), "no file added");
    // Indicators not answered before join the end of the first evidence
    // file's `answers:` (their `answer:` lines are filtered out above).
    let added: Vec<String> = run
        .stdout
        .lines()
        .filter(|l| l.contains("answer: (empty) →"))
        .map(|l| format!("  {}:", l.split_whitespace().next().unwrap()))
        .collect();
    assert_eq!(added.len(), 3, "{}", run.stdout);
    for (file, lines) in &before {
        let now = after.iter().find(|(f, _)| f == file).unwrap();
        let mut expected = lines.clone();
        if file == "evidence.yaml" {
            expected.extend(added.iter().cloned());
        }
        assert_eq!(expected, now.1, "{file}: a line without `answer:` changed");
    }
    let again = import(dir, "filled.xlsx");
    assert!(
        again.stderr.contains(": 0 value(s) changed"),
        "{}",
        again.stderr
    );
}

#[test]
fn a_form_is_bound_to_its_agency_period_and_version_by_its_sealed_record() {
    let (_tmp, dir) = tree("minimal");
    let form = export(&dir, "2022/prov-a/dinas-a");
    assert!(
        dir.join("content/.tolok/form-key").is_file(),
        "the key is made on the first export"
    );
    let before = snapshot(&dir.join("content"));
    let refused = |file: &str, says: &str| {
        let run = import(&dir, file);
        assert_eq!(run.code, 1, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(file) && run.stderr.contains(says),
            "{file}: {}",
            run.stderr
        );
        assert!(
            before == snapshot(&dir.join("content")),
            "{file}: a file changed"
        );
    };
    // The record itself edited to name it, and the Info sheet to match: the seal breaks.
    refill_record(
        &form,
        &dir.join("record.xlsx"),
        &[("agency", "prov-b/dinas-b")],
        &[
            ("Info", "B3", V::Text("prov-b/dinas-b")),
            ("Form", "C8", V::Text("tidak")),
        ],
    );
    refused("record.xlsx", "does not match its seal");
    // An exported answer edited in the record, to pass a stale value off as new: the seal breaks.
    refill_record(
        &form,
        &dir.join("answer.xlsx"),
        &[("answer i1", "tidak")],
        &[],
    );
    refused("answer.xlsx", "does not match its seal");
    // Another version of the form.
    refill_record(&form, &dir.join("version.xlsx"), &[("version", "1")], &[]);
    refused(
        "version.xlsx",
        "the form is of version `1`; this tolok reads forms of version 3",
    );
    // No record at all (an older form, or the sheet deleted).
    let mut wb = rust_xlsxwriter::Workbook::new();
    for name in ["Form", "Info"] {
        let range = sheet(&form, name);
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for (row, col, value) in range.used_cells() {
            if let Data::String(s) = value {
                ws.write_string(row as u32, col as u16, s).unwrap();
            }
        }
    }
    wb.save(dir.join("bare.xlsx")).unwrap();
    refused("bare.xlsx", "the form has no record");
    // A form of the same agency from another tree (another key).
    let (_other_tmp, other) = tree("minimal");
    let foreign = export(&other, "2022/prov-a/dinas-a");
    std::fs::copy(&foreign, dir.join("foreign.xlsx")).unwrap();
    refused("foreign.xlsx", "does not match its seal");
    // Without the key, no form can be checked.
    let key = std::fs::read(dir.join("content/.tolok/form-key")).unwrap();
    std::fs::remove_file(dir.join("content/.tolok/form-key")).unwrap();
    let run = import(&dir, "form.xlsx");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no form key"), "{}", run.stderr);
    std::fs::write(dir.join("content/.tolok/form-key"), key).unwrap();
    // The form as exported still imports.
    assert_eq!(import(&dir, "form.xlsx").code, 0);
}
