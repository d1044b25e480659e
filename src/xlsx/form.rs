//! The answer form of one agency (`tolok export form`): a sheet `Form` with a
//! row per indicator of the framework (area, sub-area, id, question, guide,
//! the scale's options, the current answer, evidence titles, note) and a
//! sheet `Info` that names the period, the agency and the framework, so that
//! `tolok import` knows where the answers go.
//!
//! Only the answer column is meant to be filled: it is unlocked, shaded and
//! validated (a drop-down list for choice scales, a decimal range for range
//! scales); every other cell is locked by sheet protection (no password: it
//! guards against slips, not people) and the id column is greyed.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatBorder,
    ProtectionOptions, Workbook, XlsxError,
};

use super::record::{Record, FORM_VERSION};
use crate::model::{parse_decimal, Agency, Language, Period, Response, ScaleKind};

/// The sheet of answers.
pub const FORM: &str = "Form";
/// The sheet that names the period, the agency and the framework.
pub const INFO: &str = "Info";
/// Columns of the `Form` sheet (0-based).
pub const COL_ID: u16 = 2;
pub const COL_ANSWER: u16 = 6;
/// The text that clears an answer on import.
pub const CLEAR: &str = "-";

/// An A1 reference such as `Form!G12` for a 0-based row and column.
pub fn cell(sheet: &str, row: u32, col: u16) -> String {
    let mut letters = String::new();
    let mut c = col as u32 + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        letters.insert(0, (b'A' + r as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{sheet}!{letters}{}", row + 1)
}

fn headers(lang: Language) -> [&'static str; 9] {
    match lang {
        Language::Id => [
            "Area",
            "Sub-area",
            "ID indikator",
            "Pertanyaan",
            "Panduan (data dukung)",
            "Pilihan jawaban",
            "Jawaban",
            "Data dukung",
            "Catatan",
        ],
        Language::En => [
            "Area",
            "Sub-area",
            "Indicator id",
            "Question",
            "Guide (supporting documents)",
            "Options",
            "Answer",
            "Evidence",
            "Note",
        ],
    }
}

/// The answers a cell of this scale takes, as said in the options column.
fn options(kind: &ScaleKind, lang: Language) -> String {
    let na = match lang {
        Language::Id => "n/a (tidak berlaku)",
        Language::En => "n/a (not applicable)",
    };
    match kind {
        ScaleKind::Choice(opts) => {
            let keys: Vec<&str> = opts.iter().map(|(k, _)| k.as_str()).collect();
            format!("{}; {na}", keys.join(", "))
        }
        ScaleKind::Range { min, max } => {
            let (min, max) = (super::plain_number(*min), super::plain_number(*max));
            match lang {
                Language::Id => format!("angka {min} s.d. {max}; {na}"),
                Language::En => format!("a number from {min} to {max}; {na}"),
            }
        }
    }
}

/// The answer each indicator of the form is exported with, as written.
fn exported_answers(period: &Period, agency: &Agency) -> Vec<(String, Option<String>)> {
    let fw = &period.framework;
    fw.leaves
        .iter()
        .map(|&leaf| {
            let answer = agency
                .answers
                .get(&leaf)
                .and_then(|a| a.answer.as_ref())
                .map(|r| match r {
                    Response::NotApplicable => "n/a".to_string(),
                    Response::Value { shown, .. } => shown.to_string(),
                });
            (fw.nodes[leaf].id.clone(), answer)
        })
        .collect()
}

/// Builds the form's bytes for one agency of one period; its record is
/// sealed with the tree's form `key` (see `record`).
pub fn form_xlsx(
    period: &Period,
    agency: &Agency,
    lang: Language,
    key: &[u8],
) -> Result<Vec<u8>, XlsxError> {
    let fw = &period.framework;
    let mut wb = Workbook::new();
    wb.set_properties(&super::properties(
        period,
        &format!("{} · {}", agency.name, period.name),
    )?);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color("#DDE4EE")
        .set_border_bottom(FormatBorder::Thin);
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let id_format = wrap
        .clone()
        .set_background_color("#E7E7E7")
        .set_font_color("#555555");
    let answer = wrap
        .clone()
        .set_unlocked()
        .set_background_color("#FFF6D5")
        .set_border(FormatBorder::Thin);

    let sheet = wb.add_worksheet();
    sheet.set_name(FORM)?;
    for (c, h) in headers(lang).iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &header)?;
    }
    let widths = [22.0, 24.0, 24.0, 50.0, 36.0, 22.0, 14.0, 36.0, 36.0];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    let (na_hint, clear_hint) = match lang {
        Language::Id => ("n/a bila tidak berlaku", "- untuk menghapus jawaban"),
        Language::En => ("n/a when not applicable", "- to clear the answer"),
    };
    for (r, &leaf) in fw.leaves.iter().enumerate() {
        let row = r as u32 + 1;
        let node = &fw.nodes[leaf];
        let Some(ind) = node.indicator() else {
            continue;
        };
        let scale = &fw.scales[ind.scale];
        let (area, sub) = super::area_of(fw, leaf);
        let label = |x: Option<usize>| {
            x.map(|x| fw.nodes[x].label().to_string())
                .unwrap_or_default()
        };
        let given = agency.answers.get(&leaf);
        sheet.write_string_with_format(row, 0, label(area), &wrap)?;
        sheet.write_string_with_format(row, 1, label(sub), &wrap)?;
        sheet.write_string_with_format(row, COL_ID, &node.id, &id_format)?;
        sheet.write_string_with_format(row, 3, node.text.as_deref().unwrap_or(""), &wrap)?;
        sheet.write_string_with_format(row, 4, ind.guide.as_deref().unwrap_or(""), &wrap)?;
        sheet.write_string_with_format(row, 5, options(&scale.kind, lang), &wrap)?;
        match given.and_then(|g| g.answer.as_ref()) {
            None => sheet.write_blank(row, COL_ANSWER, &answer)?,
            Some(Response::NotApplicable) => {
                sheet.write_string_with_format(row, COL_ANSWER, "n/a", &answer)?
            }
            Some(Response::Value { shown, .. }) => match (&scale.kind, parse_decimal(shown)) {
                (ScaleKind::Range { .. }, Some(x)) => {
                    sheet.write_number_with_format(row, COL_ANSWER, x, &answer)?
                }
                _ => sheet.write_string_with_format(row, COL_ANSWER, shown.as_str(), &answer)?,
            },
        };
        let evidence: Vec<&str> = given
            .map(|g| g.evidence.iter().map(|e| &*e.title).collect())
            .unwrap_or_default();
        sheet.write_string_with_format(row, 7, evidence.join("; "), &wrap)?;
        sheet.write_string_with_format(
            row,
            8,
            given.and_then(|g| g.note.as_deref()).unwrap_or(""),
            &wrap,
        )?;
        let validation = match &scale.kind {
            ScaleKind::Choice(opts) => {
                let mut list: Vec<String> = opts.iter().map(|(k, _)| k.clone()).collect();
                list.push("n/a".into());
                list.push(CLEAR.into());
                // A list longer than Excel's 255 characters gets no drop-down, only the check on import.
                DataValidation::new().allow_list_strings(&list).ok()
            }
            ScaleKind::Range { min, max } => Some(
                DataValidation::new()
                    .allow_decimal_number(DataValidationRule::Between(*min, *max))
                    // A warning, not a stop: `n/a` and `-` are text and must stay possible.
                    .set_error_style(DataValidationErrorStyle::Warning),
            ),
        };
        if let Some(v) = validation {
            let message = format!("{}; {na_hint}; {clear_hint}", options(&scale.kind, lang));
            let v = v
                .set_input_message(truncate(&message, 250))?
                .set_error_message(truncate(&message, 250))?;
            sheet.add_data_validation(row, COL_ANSWER, row, COL_ANSWER, &v)?;
        }
    }
    sheet.set_freeze_panes(1, 3)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    sheet.set_active(true);

    let info = wb.add_worksheet();
    info.set_name(INFO)?;
    let bold = Format::new().set_bold();
    let rows: [(&str, &str); 5] = [
        ("form", "tolok answer form, version 2"),
        ("period", &period.id),
        ("agency", &agency.id),
        ("name", &agency.name),
        ("framework", &fw.id),
    ];
    for (r, (k, v)) in rows.iter().enumerate() {
        info.write_string_with_format(r as u32, 0, *k, &bold)?;
        info.write_string(r as u32, 1, *v)?;
    }
    let help = match lang {
        Language::Id => [
            "Isi kolom Jawaban (kolom G) pada lembar Form; kolom lain dikunci.",
            "Sel Jawaban yang kosong tidak mengubah jawaban yang sudah ada; tulis - untuk menghapusnya.",
            "Tulis n/a bila indikator tidak berlaku bagi perangkat daerah.",
            "Kembalikan berkas ini untuk diimpor dengan `tolok import`. Jawaban verifikasi (verified) tidak diimpor.",
        ],
        Language::En => [
            "Fill in the Answer column (column G) of the Form sheet; the other columns are locked.",
            "An empty answer cell keeps the existing answer; write - to clear it.",
            "Write n/a where an indicator does not apply to the agency.",
            "Send the file back to be imported with `tolok import`. Verified answers are not imported.",
        ],
    };
    for (r, line) in help.iter().enumerate() {
        info.write_string(7 + r as u32, 0, *line)?;
    }
    info.set_column_width(0, 14.0)?;
    info.set_column_width(1, 40.0)?;
    info.protect();
    Record {
        version: FORM_VERSION.into(),
        period: period.id.clone(),
        agency: agency.id.clone(),
        framework: fw.id.clone(),
        answers: exported_answers(period, agency),
    }
    .write(&mut wb, key)?;
    wb.save_to_buffer()
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
