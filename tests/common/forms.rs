//! Answer forms as an agency returns them: exported by the real binary,
//! refilled cell by cell as Excel keeps what is typed, imported again.
#![allow(dead_code)]

use super::*;
use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use std::io::Read;
use std::path::{Path, PathBuf};

/// A copy of a fixture as `content/` in a temporary folder.
pub fn tree(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture(name), &tmp.path().join("content"));
    let dir = tmp.path().to_path_buf();
    (tmp, dir)
}

pub fn sheet(path: &Path, name: &str) -> Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(name).unwrap()
}

/// A part of the workbook's zip, as text (`xl/worksheets/sheet1.xml`).
pub fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

/// `G12` as 0-based (row, column).
pub fn a1(r: &str) -> (u32, u16) {
    let col = r.chars().next().unwrap() as u16 - 'A' as u16;
    (r[1..].parse::<u32>().unwrap() - 1, col)
}

pub fn at(range: &Range<Data>, r: &str) -> Data {
    let (row, col) = a1(r);
    range
        .get_value((row, col as u32))
        .cloned()
        .unwrap_or(Data::Empty)
}

#[derive(Clone, Copy)]
pub enum V<'a> {
    Text(&'a str),
    Num(f64),
    /// A number shown as percent, as Excel keeps `85%`: 0.85 with format `0%`.
    Percent(f64),
    /// A date, as Excel keeps one typed into a General cell.
    Date(u16, u8, u8),
    Empty,
}

/// Writes `out` with the cells of the form `from`, changed as `edits` say
/// (sheet, cell, value): what an agency returns after filling the form.
pub fn refill(from: &Path, out: &Path, edits: &[(&str, &str, V)]) {
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
                V::Percent(x) => ws
                    .write_number_with_format(
                        row,
                        col,
                        *x,
                        &rust_xlsxwriter::Format::new().set_num_format("0%"),
                    )
                    .map(|_| ()),
                V::Date(y, m, d) => ws
                    .write_datetime_with_format(
                        row,
                        col,
                        rust_xlsxwriter::ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                        &rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy"),
                    )
                    .map(|_| ()),
                V::Empty => ws
                    .write_blank(row, col, &rust_xlsxwriter::Format::new())
                    .map(|_| ()),
            }
            .unwrap();
        }
    }
    wb.save(out).unwrap();
}

pub fn export(dir: &Path, target: &str) -> PathBuf {
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

pub fn import(dir: &Path, file: &str) -> Run {
    tolok_in(dir, &["import", file, "--content", "content"])
}

/// Every file below `dir` with its bytes.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    files_below(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

pub fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Form sheets as `refill` writes them, with the record's rows changed too:
/// what someone who unhides the record and edits it sends back.
pub fn refill_record(from: &Path, out: &Path, record: &[(&str, &str)], info: &[(&str, &str, V)]) {
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
