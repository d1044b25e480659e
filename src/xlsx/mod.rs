//! Excel workbooks: `scores.xlsx` beside `scores.json` (`scores`), the answer
//! form of one agency (`form`), reading a filled form back (`import`) and
//! writing its answers into the agency's YAML without losing comments
//! (`yaml_edit`). `cmd::form` runs `tolok export form` and `tolok import`.
//!
//! Workbooks are written deterministically: the document's creation date is
//! the period's date (or a fixed day), and the writer stamps every zip entry
//! with the same fixed time, so two builds give byte-identical files.

pub mod bounded;
pub mod form;
pub mod import;
pub mod placing;
pub mod record;
pub mod scores;
pub mod styles;
pub mod typed;
pub mod yaml_edit;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, XlsxError};

use crate::model::{Framework, NodeIx, Period};

/// The date written as the workbook's creation date: the period's date, else a fixed day.
pub(crate) fn properties(period: &Period, title: &str) -> Result<DocProperties, XlsxError> {
    let (y, m, d) = period
        .date
        .map(|d| (d.year, d.month, d.day))
        .unwrap_or((2000, 1, 1));
    let date = ExcelDateTime::from_ymd(
        u16::try_from(y.clamp(1900, 9999)).unwrap_or(2000),
        m as u8,
        d as u8,
    )?;
    Ok(DocProperties::new()
        .set_title(title)
        .set_author("tolok")
        .set_creation_datetime(&date))
}

/// The area an indicator belongs to (one of `Framework::areas()` on its
/// path, else its top-level node) and its sub-area (its parent, when that is
/// not the area itself).
pub(crate) fn area_of(fw: &Framework, leaf: NodeIx) -> (Option<NodeIx>, Option<NodeIx>) {
    let path = fw.path(leaf);
    let areas = fw.areas();
    let area = path
        .iter()
        .copied()
        .find(|ix| areas.contains(ix) && *ix != leaf)
        .or_else(|| path.first().copied().filter(|&r| r != leaf));
    let parent = fw.nodes[leaf].parent;
    let sub = parent.filter(|p| Some(*p) != area);
    (area, sub)
}

/// A number as a cell or YAML writes it: no trailing `.0`.
pub(crate) fn plain_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        x.to_string()
    }
}
