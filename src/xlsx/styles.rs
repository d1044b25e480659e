//! Which cells of a sheet show their number as a percent. Excel keeps
//! `85%` as 0.85 with a percent number format, and the spreadsheet reader
//! gives only the 0.85; this module reads the format from the workbook's
//! own parts (the sheet's cells, their styles, the number formats), so
//! that `import` reads the 85 the agency typed.
//!
//! It reads a workbook that `bounded::open` has already checked; each part
//! is read again within the same limit. It says nothing of what a cell means.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

/// The (row, column) of every cell of sheet `name` formatted as percent, 0-based.
/// A workbook whose parts cannot be followed gives none: its cells then read as numbers.
pub fn percent_cells(path: &Path, name: &str, part_limit: u64) -> HashSet<(u32, u32)> {
    read(path, name, part_limit).unwrap_or_default()
}

fn read(path: &Path, name: &str, limit: u64) -> Option<HashSet<(u32, u32)>> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let mut part = |name: &str| -> Option<String> {
        let mut text = String::new();
        zip.by_name(name)
            .ok()?
            .take(limit)
            .read_to_string(&mut text)
            .ok()?;
        Some(text)
    };
    let workbook = part("xl/workbook.xml")?;
    let rels = part("xl/_rels/workbook.xml.rels")?;
    let styles = part("xl/styles.xml").unwrap_or_default();
    let id = elements(&workbook, b"sheet")
        .into_iter()
        .find(|attrs| attrs.get("name").map(String::as_str) == Some(name))?
        .get("r:id")?
        .clone();
    let target = elements(&rels, b"Relationship")
        .into_iter()
        .find(|attrs| attrs.get("Id") == Some(&id))?
        .get("Target")?
        .clone();
    let sheet_part = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("xl/{target}"),
    };
    let percent_styles = percent_styles(&styles);
    let sheet = part(&sheet_part)?;
    let mut cells = HashSet::new();
    for attrs in elements(&sheet, b"c") {
        let style = attrs.get("s").and_then(|s| s.parse::<usize>().ok());
        if style.is_some_and(|s| percent_styles.contains(&s)) {
            if let Some(at) = attrs.get("r").and_then(|r| reference(r)) {
                cells.insert(at);
            }
        }
    }
    Some(cells)
}

/// The attributes of every element named `tag` (start or empty) in `xml`.
fn elements(xml: &str, tag: &[u8]) -> Vec<HashMap<String, String>> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) if e.name().as_ref() == tag => {
                out.push(attributes(&e));
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

fn attributes(e: &BytesStart) -> HashMap<String, String> {
    e.attributes()
        .flatten()
        .filter_map(|a| {
            let key = String::from_utf8(a.key.as_ref().to_vec()).ok()?;
            let raw = std::str::from_utf8(&a.value).ok()?;
            let value = quick_xml::escape::unescape(raw).ok()?.into_owned();
            Some((key, value))
        })
        .collect()
}

/// The indexes of the cell formats (`cellXfs`) whose number format is a percent.
fn percent_styles(styles: &str) -> HashSet<usize> {
    let custom: HashMap<String, String> = elements(styles, b"numFmt")
        .into_iter()
        .filter_map(|a| Some((a.get("numFmtId")?.clone(), a.get("formatCode")?.clone())))
        .collect();
    let mut reader = Reader::from_str(styles);
    let (mut in_cell_xfs, mut index, mut out) = (false, 0usize, HashSet::new());
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.name().as_ref() == b"cellXfs" => in_cell_xfs = true,
            Ok(Event::End(e)) if e.name().as_ref() == b"cellXfs" => in_cell_xfs = false,
            Ok(Event::Start(e)) | Ok(Event::Empty(e))
                if in_cell_xfs && e.name().as_ref() == b"xf" =>
            {
                let id = attributes(&e).get("numFmtId").cloned().unwrap_or_default();
                let percent = match id.as_str() {
                    // Excel's built-in 0% and 0.00%.
                    "9" | "10" => true,
                    other => custom.get(other).is_some_and(|code| is_percent(code)),
                };
                if percent {
                    out.insert(index);
                }
                index += 1;
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// Whether a number format code shows a percent: a `%` outside quotes,
/// brackets and escapes.
fn is_percent(code: &str) -> bool {
    let (mut quoted, mut bracket, mut escaped) = (false, false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '[' if !quoted => bracket = true,
            ']' if !quoted => bracket = false,
            '%' if !quoted && !bracket => return true,
            _ => {}
        }
    }
    false
}

/// `C12` as 0-based (row, column).
fn reference(r: &str) -> Option<(u32, u32)> {
    let letters: String = r.chars().take_while(char::is_ascii_alphabetic).collect();
    let digits = &r[letters.len()..];
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let col = letters.chars().fold(0u32, |acc, c| {
        acc * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1)
    });
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_codes_and_references() {
        assert!(is_percent("0%"));
        assert!(is_percent("0.0%"));
        assert!(!is_percent("0.00\\%x\"%\""));
        assert!(!is_percent("[Red]0.00"));
        assert!(!is_percent("General"));
        assert_eq!(reference("C12"), Some((11, 2)));
        assert_eq!(reference("AA1"), Some((0, 26)));
        assert_eq!(reference("1"), None);
    }

    #[test]
    fn styles_are_counted_in_cell_xfs_only() {
        let styles = r#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>
            <cellStyleXfs count="1"><xf numFmtId="9"/></cellStyleXfs>
            <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"></xf><xf numFmtId="2"/></cellXfs></styleSheet>"#;
        assert_eq!(percent_styles(styles), HashSet::from([1, 2]));
    }
}
