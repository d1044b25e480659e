//! Excel: `scores.xlsx` after a build, the answer form (`tolok export form`)
//! and its import (`tolok import`): forms are filled programmatically, as an
//! agency would in Excel, then imported into a copy of a fixture tree.

mod common;
use common::*;

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A copy of a fixture as `content/` in a temporary folder.
fn tree(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture(name), &tmp.path().join("content"));
    let dir = tmp.path().to_path_buf();
    (tmp, dir)
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

/// A part of the workbook's zip, as text (`xl/worksheets/sheet1.xml`).
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// `G12` as 0-based (row, column).
fn a1(r: &str) -> (u32, u16) {
    let col = r.chars().next().unwrap() as u16 - 'A' as u16;
    (r[1..].parse::<u32>().unwrap() - 1, col)
}

fn at(range: &Range<Data>, r: &str) -> Data {
    let (row, col) = a1(r);
    range
        .get_value((row, col as u32))
        .cloned()
        .unwrap_or(Data::Empty)
}

#[derive(Clone, Copy)]
enum V<'a> {
    Text(&'a str),
    Num(f64),
    Empty,
}

/// Writes `out` with the cells of the form `from`, changed as `edits` say
/// (sheet, cell, value): what an agency returns after filling the form.
fn refill(from: &Path, out: &Path, edits: &[(&str, &str, V)]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    // Excel keeps the form's very hidden record sheet as it is.
    for name in ["Form", "Info", "tolok"] {
        let range = sheet(from, name);
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        if name == "tolok" {
            ws.set_very_hidden(true);
        }
        for (row, col, value) in range.used_cells() {
            let (row, col) = (row as u32, col as u16);
            match value {
                Data::String(s) => ws.write_string(row, col, s).map(|_| ()),
                Data::Float(x) => ws.write_number(row, col, *x).map(|_| ()),
                Data::Int(i) => ws.write_number(row, col, *i as f64).map(|_| ()),
                _ => Ok(()),
            }
            .unwrap();
        }
        for (s, r, v) in edits {
            if *s != name {
                continue;
            }
            let (row, col) = a1(r);
            match v {
                V::Text(t) => ws.write_string(row, col, *t).map(|_| ()),
                V::Num(x) => ws.write_number(row, col, *x).map(|_| ()),
                V::Empty => ws
                    .write_blank(row, col, &rust_xlsxwriter::Format::new())
                    .map(|_| ()),
            }
            .unwrap();
        }
    }
    wb.save(out).unwrap();
}

fn export(dir: &Path, target: &str) -> PathBuf {
    let run = tolok_in(
        dir,
        &[
            "export",
            "form",
            target,
            "--content",
            "content",
            "--out",
            "form.xlsx",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    dir.join("form.xlsx")
}

fn import(dir: &Path, file: &str) -> Run {
    tolok_in(dir, &["import", file, "--content", "content"])
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_below(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn form_lists_every_indicator_with_current_answers_and_validations() {
    let (_tmp, dir) = tree("minimal");
    let form = export(&dir, "2022/prov-a/dinas-a");
    let f = sheet(&form, "Form");
    assert_eq!(at(&f, "C1"), Data::String("ID indikator".into()));
    assert_eq!(at(&f, "A2"), Data::String("Area".into()));
    assert_eq!(at(&f, "C2"), Data::String("i1".into()));
    assert_eq!(at(&f, "D2"), Data::String("Satu?".into()));
    assert_eq!(at(&f, "C3"), Data::String("i2".into()));
    assert_eq!(at(&f, "C4"), Data::String("i3".into()));
    assert_eq!(at(&f, "A4"), Data::String("Lain".into()));
    assert_eq!(at(&f, "C5"), Data::Empty, "one row per indicator");
    assert_eq!(at(&f, "G2"), Data::String("ya".into()));
    assert_eq!(at(&f, "G3"), Data::Float(70.0));
    assert_eq!(at(&f, "G4"), Data::Empty);
    assert_eq!(at(&f, "H2"), Data::String("SK Tim".into()));
    assert!(matches!(at(&f, "F2"), Data::String(s) if s.starts_with("ya, tidak")));
    let info = sheet(&form, "Info");
    assert_eq!(at(&info, "B2"), Data::String("2022".into()));
    assert_eq!(at(&info, "B3"), Data::String("prov-a/dinas-a".into()));
    assert_eq!(at(&info, "B5"), Data::String("fw".into()));

    let xml = part(&form, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"type="list""#), "{xml}");
    assert!(
        xml.contains("<formula1>\"ya,tidak,n/a,-\"</formula1>"),
        "{xml}"
    );
    assert!(xml.contains(r#"type="decimal""#), "{xml}");
    assert!(
        xml.contains("<formula1>0</formula1><formula2>100</formula2>"),
        "{xml}"
    );
    assert!(xml.contains("<sheetProtection"), "the sheet is protected");
    assert!(xml.contains(r#"state="frozen""#), "the header is frozen");
    // The answer column is the only unlocked one.
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
            ("Form", "G2", V::Text("Tidak")),
            ("Form", "G3", V::Num(85.5)),
            ("Form", "G4", V::Text("YA")),
        ],
    );
    let run = import(&dir, "filled.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("i2  70 → 85.5  (evidence.yaml)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("i3  – → ya  (import.yaml)"),
        "{}",
        run.stdout
    );

    // Only the answer values changed; comments, `verified`, evidence and actions stay.
    let after = read(evidence);
    assert_eq!(
        after,
        before
            .replace(
                "    answer: ya\n    verified: ya",
                "    answer: tidak\n    verified: ya"
            )
            .replace("answer: 70   # persen", "answer: 85.5   # persen")
    );
    let new = read(dir.join("content/2022/prov-a/dinas-a/import.yaml"));
    assert!(new.contains("answers:\n  i3:\n    answer: ya\n"), "{new}");

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
        again.stderr.contains("0 answer(s) changed"),
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
            ("Form", "G2", V::Text("-")),
            ("Form", "G3", V::Text("40,5")),
            ("Form", "G4", V::Text("n/a")),
        ],
    );
    let run = import(&dir, "filled.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let agency = dir.join("content/2022/prov-b/dinas-b");
    assert_eq!(
        read(agency.join("evidence.yaml")),
        "answers:\n  i1: {evidence: [SK]}\n  i3: {answer: n/a, evidence: [SK]}\n"
    );
    assert!(read(agency.join("import.yaml")).contains("  i2:\n    answer: 40.5\n"));
    assert_eq!(tolok_in(&dir, &["check", "content"]).code, 0);
}

#[test]
fn empty_answer_cells_keep_every_answer() {
    let (_tmp, dir) = tree("minimal");
    let form = export(&dir, "2022/prov-a/dinas-a");
    refill(
        &form,
        &dir.join("filled.xlsx"),
        &[("Form", "G2", V::Empty), ("Form", "G3", V::Empty)],
    );
    let before = snapshot(&dir.join("content"));
    let run = import(&dir, "filled.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("0 answer(s) changed"), "{}", run.stderr);
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
            ("Form", "G2", V::Text("mungkin")),
            ("Form", "G3", V::Num(150.0)),
            ("Form", "C4", V::Text("i9")),
            ("Form", "G4", V::Text("ya")),
        ],
    );
    let run = import(&dir, "bad.xlsx");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Form!G2: `mungkin` is not an answer of `i1`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("allowed: ya, tidak, or n/a"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Form!G3: `150`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("a number from 0 to 100"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Form!C4: `i9` is not an indicator of the framework `fw`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(before == snapshot(&dir.join("content")), "a file changed");

    refill(
        &form,
        &dir.join("other.xlsx"),
        &[
            ("Info", "B3", V::Text("prov-a/dinas-x")),
            ("Form", "G4", V::Text("ya")),
        ],
    );
    let run = import(&dir, "other.xlsx");
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "Info!B3: the form names the agency `prov-a/dinas-x`, but it was made for `prov-a/dinas-a`"
        ),
        "{}",
        run.stderr
    );
    assert!(before == snapshot(&dir.join("content")), "a file changed");

    // A workbook that is not a form.
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "hello").unwrap();
    wb.save(dir.join("other2.xlsx")).unwrap();
    let run = import(&dir, "other2.xlsx");
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("no sheet `Info`"), "{}", run.stderr);
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
    for row in 2..=f.end().unwrap().0 + 1 {
        let options = at(&f, &format!("F{row}")).to_string();
        let current = at(&f, &format!("G{row}"));
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
        cells.push((format!("G{row}"), text, number));
    }
    let edits: Vec<(&str, &str, V)> = cells
        .iter()
        .map(|(c, t, n)| ("Form", c.as_str(), n.map(V::Num).unwrap_or(V::Text(t))))
        .collect();
    refill(&form, &dir.join("filled.xlsx"), &edits);
    let run = import(dir, "filled.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("78 answer(s) changed in 4 file(s)"),
        "{}",
        run.stderr
    );
    let check = tolok_in(dir, &["check", "content"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let after = yaml(&agency);
    assert_eq!(before.len() + 1, after.len(), "import.yaml added");
    for (file, lines) in &before {
        let now = after.iter().find(|(f, _)| f == file).unwrap();
        assert_eq!(lines, &now.1, "{file}: a line without `answer:` changed");
    }
    let again = import(dir, "filled.xlsx");
    assert!(
        again.stderr.contains(": 0 answer(s) changed"),
        "{}",
        again.stderr
    );
}

/// Form sheets as `refill` writes them, with the record's rows changed too:
/// what someone who unhides the record and edits it sends back.
fn refill_record(from: &Path, out: &Path, record: &[(&str, &str)], info: &[(&str, &str, V)]) {
    let mut edits: Vec<(&str, &str, V)> = info.to_vec();
    let range = sheet(from, "tolok");
    let rows: Vec<String> = (0..=range.end().unwrap().0)
        .map(|r| {
            range
                .get_value((r, 0))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    let cells: Vec<(String, &str)> = record
        .iter()
        .map(|(key, value)| {
            let r = rows.iter().position(|k| k == key).expect("a record row");
            (format!("B{}", r + 1), *value)
        })
        .collect();
    for (cell, value) in &cells {
        edits.push(("tolok", cell.as_str(), V::Text(value)));
    }
    refill(from, out, &edits);
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
    // The visible Info sheet names another agency of the tree: refused.
    refill(
        &form,
        &dir.join("info.xlsx"),
        &[
            ("Info", "B3", V::Text("prov-b/dinas-b")),
            ("Form", "G4", V::Text("tidak")),
        ],
    );
    refused(
        "info.xlsx",
        "the form names the agency `prov-b/dinas-b`, but it was made for `prov-a/dinas-a`",
    );
    // The record itself edited to name it, and the Info sheet to match: the seal breaks.
    refill_record(
        &form,
        &dir.join("record.xlsx"),
        &[("agency", "prov-b/dinas-b")],
        &[
            ("Info", "B3", V::Text("prov-b/dinas-b")),
            ("Form", "G4", V::Text("tidak")),
        ],
    );
    refused("record.xlsx", "does not match its seal");
    // Another version of the form.
    refill_record(&form, &dir.join("version.xlsx"), &[("version", "1")], &[]);
    refused(
        "version.xlsx",
        "the form is of version `1`; this tolok reads forms of version 2",
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
