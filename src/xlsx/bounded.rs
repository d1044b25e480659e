//! Reading a workbook that came from outside (a filled answer form) within
//! fixed limits, so that a small file cannot take the machine's memory or
//! time: the size of the file, the number of its parts and the inflated size
//! of each part and of all of them are checked by inflating the archive once
//! into nothing, before the spreadsheet reader sees it; then a sheet is read
//! cell by cell (never as a grid of its declared dimension), and a cell
//! beyond the rows and columns a form can have is refused by its reference.
//!
//! This module reads; it does not decide what a cell means (`import` does).

use calamine::{Data, Xlsx};
use std::collections::HashMap;
use std::io::{BufReader, Read};
use std::path::Path;

use super::form::cell;

/// What a workbook sent in may hold. A form of a national framework (a few
/// hundred indicators) is well under a megabyte; these leave room for
/// everything Excel adds and refuse what no form needs.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The file as sent.
    pub file_bytes: u64,
    /// Entries of the zip archive.
    pub parts: usize,
    /// One part, inflated.
    pub part_bytes: u64,
    /// All parts, inflated.
    pub total_bytes: u64,
    /// Rows and columns of a sheet (1-based counts).
    pub rows: u32,
    pub columns: u32,
    /// Cells written in one sheet, empty ones included.
    pub cells: usize,
}

/// The limits of an answer form.
pub const FORM_LIMITS: Limits = Limits {
    file_bytes: 32 << 20,
    parts: 500,
    part_bytes: 32 << 20,
    total_bytes: 96 << 20,
    rows: 20_000,
    columns: 64,
    cells: 500_000,
};

/// Why a workbook or sheet was not read; the text says what and where.
#[derive(Debug, Clone, PartialEq)]
pub enum Refused {
    /// The sheet is not in the workbook.
    NoSheet,
    /// Beyond a limit, or not a readable workbook.
    Unreadable(String),
}

/// The cells of one sheet that were written, by (row, column), 0-based.
#[derive(Debug, Default)]
pub struct Sheet {
    cells: HashMap<(u32, u32), Data>,
    last_row: u32,
}

impl Sheet {
    pub fn get(&self, row: u32, col: u32) -> Option<&Data> {
        self.cells.get(&(row, col))
    }

    /// The last row that holds a cell (0 when none).
    pub fn last_row(&self) -> u32 {
        self.last_row
    }
}

/// Checks the archive at `path` against `limits` by inflating every part
/// into nothing (each at most one byte past its limit), then opens it.
pub fn open(path: &Path, limits: &Limits) -> Result<Xlsx<BufReader<std::fs::File>>, String> {
    let meta = std::fs::metadata(path).map_err(|e| {
        crate::tr!(
            "cannot read the file: {e}",
            "berkas tidak dapat dibaca: {e}"
        )
        .into_string()
    })?;
    if meta.len() > limits.file_bytes {
        let (size, most) = (meta.len(), limits.file_bytes);
        return Err(crate::tr!(
            "the file has {size} bytes; an answer form has at most {most}",
            "berkas ini {size} byte; formulir jawaban paling besar {most} byte"
        )
        .into_string());
    }
    let file = std::fs::File::open(path).map_err(|e| {
        crate::tr!(
            "cannot read the file: {e}",
            "berkas tidak dapat dibaca: {e}"
        )
        .into_string()
    })?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
        crate::tr!(
            "not an .xlsx workbook (a zip archive): {e}",
            "bukan buku kerja .xlsx (arsip zip): {e}"
        )
        .into_string()
    })?;
    if zip.len() > limits.parts {
        let (parts, most) = (zip.len(), limits.parts);
        return Err(crate::tr!(
            "the workbook has {parts} parts; an answer form has at most {most}",
            "buku kerja ini memiliki {parts} bagian; formulir jawaban paling banyak {most}"
        )
        .into_string());
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(|e| {
            crate::tr!(
                "cannot read part {} of the workbook: {e}",
                "bagian {} buku kerja tidak dapat dibaca: {e}",
                i + 1
            )
            .into_string()
        })?;
        let name = part.name().to_string();
        if part.size() > limits.part_bytes {
            return Err(too_big(&name, part.size(), limits.part_bytes));
        }
        // The declared size may lie: count what inflating really gives.
        let inflated = std::io::copy(
            &mut (&mut part).take(limits.part_bytes + 1),
            &mut std::io::sink(),
        )
        .map_err(|e| {
            crate::tr!(
                "cannot read the part `{name}` of the workbook: {e}",
                "bagian `{name}` buku kerja tidak dapat dibaca: {e}"
            )
            .into_string()
        })?;
        if inflated > limits.part_bytes {
            return Err(too_big(&name, inflated, limits.part_bytes));
        }
        total += inflated;
        if total > limits.total_bytes {
            let most = limits.total_bytes;
            return Err(crate::tr!(
                "the workbook inflates to more than {most} bytes; an answer form is far smaller",
                "buku kerja ini mengembang menjadi lebih dari {most} byte; formulir jawaban jauh lebih kecil"
            )
            .into_string());
        }
    }
    calamine::open_workbook(path).map_err(|e| {
        crate::tr!(
            "cannot read the workbook: {e}",
            "buku kerja tidak dapat dibaca: {e}"
        )
        .into_string()
    })
}

fn too_big(name: &str, size: u64, limit: u64) -> String {
    crate::tr!(
        "the part `{name}` of the workbook inflates to {size} bytes or more; an answer form's parts have at most {limit}",
        "bagian `{name}` buku kerja mengembang menjadi {size} byte atau lebih; bagian formulir jawaban paling besar {limit} byte"
    )
    .into_string()
}

/// The written cells of the sheet `name`, read one by one; a cell beyond
/// the limits is refused by its reference (`Form!XFD1048576`).
pub fn read_sheet<R: std::io::Read + std::io::Seek>(
    workbook: &mut Xlsx<R>,
    name: &str,
    limits: &Limits,
) -> Result<Sheet, Refused> {
    let mut reader = workbook
        .worksheet_cells_reader(name)
        .map_err(|_| Refused::NoSheet)?;
    let mut sheet = Sheet::default();
    let mut count = 0usize;
    loop {
        let next = reader.next_cell().map_err(|e| {
            Refused::Unreadable(
                crate::tr!(
                    "cannot read the sheet `{name}`: {e}",
                    "lembar `{name}` tidak dapat dibaca: {e}"
                )
                .into_string(),
            )
        })?;
        let Some(found) = next else { break };
        let (row, col) = found.get_position();
        count += 1;
        if row >= limits.rows || col >= limits.columns {
            let at = cell(name, row, u16::try_from(col).unwrap_or(u16::MAX));
            let (rows, columns) = (limits.rows, limits.columns);
            return Err(Refused::Unreadable(
                crate::tr!(
                    "{at}: a cell outside the form, which has at most {rows} rows and {columns} columns",
                    "{at}: sel di luar formulir, yang paling banyak {rows} baris dan {columns} kolom"
                )
                .into_string(),
            ));
        }
        if count > limits.cells {
            let most = limits.cells;
            return Err(Refused::Unreadable(
                crate::tr!(
                    "the sheet `{name}` has more than {most} cells; an answer form has far fewer",
                    "lembar `{name}` memiliki lebih dari {most} sel; formulir jawaban jauh lebih sedikit"
                )
                .into_string(),
            ));
        }
        let value: Data = found.get_value().clone().into();
        if value != Data::Empty {
            sheet.last_row = sheet.last_row.max(row);
            sheet.cells.insert((row, col), value);
        }
    }
    Ok(sheet)
}
