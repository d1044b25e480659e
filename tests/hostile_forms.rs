//! Answer forms crafted against `tolok import`: a cell far outside the form
//! (whose declared dimension is a grid of 17 billion cells), and a small
//! archive whose sheet inflates to far more than any form. Each is refused
//! with an error naming the file, within a fixed cap of memory and CPU time,
//! and leaves the tree as it was.

mod common;
use common::*;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// 2 GiB of address space and 20 s of CPU: a form needs a fraction of
/// either; the unbounded reader asked for 512 GiB, or ran for a minute.
const MEMORY: u64 = 2 << 30;
const CPU_SECONDS: u64 = 20;

fn tree() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), &tmp.path().join("content"));
    let dir = tmp.path().to_path_buf();
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
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    (tmp, dir)
}

/// Rewrites the zip at `path`, passing each part's text through `change`.
fn rewrite(path: &Path, out: &Path, change: impl Fn(&str, String) -> String) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().to_string();
        let mut text = String::new();
        part.read_to_string(&mut text).unwrap();
        writer.start_file(name.as_str(), options).unwrap();
        writer.write_all(change(&name, text).as_bytes()).unwrap();
    }
    writer.finish().unwrap();
}

fn content_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let root = dir.join("content");
    files_below(&root)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(root.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn import_bounded(dir: &Path, file: &str) -> Run {
    tolok_bounded(
        dir,
        &["import", file, "--content", "content"],
        MEMORY,
        CPU_SECONDS,
    )
}

#[test]
fn a_cell_at_the_last_column_and_row_is_refused_by_its_reference() {
    let (_tmp, dir) = tree();
    rewrite(
        &dir.join("form.xlsx"),
        &dir.join("far.xlsx"),
        |name, text| {
            if name != "xl/worksheets/sheet1.xml" {
                return text;
            }
            let far = r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>ya</t></is></c></row></sheetData>"#;
            let text = regex_free_dimension(&text, "A1:XFD1048576");
            text.replace("</sheetData>", far)
        },
    );
    let before = content_bytes(&dir);
    let run = import_bounded(&dir, "far.xlsx");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("far.xlsx"), "{}", run.stderr);
    assert!(run.stderr.contains("Form!XFD1048576"), "{}", run.stderr);
    assert!(run.stderr.contains("outside the form"), "{}", run.stderr);
    assert_eq!(content_bytes(&dir), before, "the tree changed");
}

/// The sheet's `<dimension ref="...">` set to `range`.
fn regex_free_dimension(text: &str, range: &str) -> String {
    let start = text.find("<dimension ref=\"").expect("a dimension") + "<dimension ref=\"".len();
    let end = start + text[start..].find('"').unwrap();
    format!("{}{range}{}", &text[..start], &text[end..])
}

#[test]
fn a_sheet_that_inflates_to_a_hundred_megabytes_is_refused() {
    let (_tmp, dir) = tree();
    // 100 MB of spaces between elements: valid XML, a few hundred KB zipped.
    rewrite(
        &dir.join("form.xlsx"),
        &dir.join("bomb.xlsx"),
        |name, text| {
            if name != "xl/worksheets/sheet1.xml" {
                return text;
            }
            text.replacen(
                "<sheetData>",
                &format!("<sheetData>{}", " ".repeat(100 << 20)),
                1,
            )
        },
    );
    let size = std::fs::metadata(dir.join("bomb.xlsx")).unwrap().len();
    assert!(size < 1 << 20, "the bomb is small: {size} bytes");
    let before = content_bytes(&dir);
    let run = import_bounded(&dir, "bomb.xlsx");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("bomb.xlsx"), "{}", run.stderr);
    assert!(
        run.stderr.contains("xl/worksheets/sheet1.xml") && run.stderr.contains("inflates"),
        "{}",
        run.stderr
    );
    assert_eq!(content_bytes(&dir), before, "the tree changed");
}

#[test]
fn a_file_that_is_no_workbook_is_refused_by_name() {
    let (_tmp, dir) = tree();
    std::fs::write(dir.join("bukan.xlsx"), "ini bukan zip").unwrap();
    let run = import_bounded(&dir, "bukan.xlsx");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("bukan.xlsx"), "{}", run.stderr);
    assert!(run.stderr.contains("zip"), "{}", run.stderr);
}
