//! The answer form of one agency (`tolok export form`): a sheet `Form` that
//! names the agency, the period and the deadline at its top, then a row per
//! indicator of the framework: id, question, the answer, the scale's
//! options, evidence (one item per line), note, the evaluator's verified
//! answer, area, sub-area and guide; a sheet `Info` in the site's language;
//! and the sealed record of what the form was exported with (`record`).
//!
//! The answer, evidence and note columns are meant to be filled: they are
//! unlocked and shaded; the answer is validated (a drop-down list for choice
//! scales; for range scales a rule that takes a number in range, `n/a` and
//! `-` alike, so Excel never warns about `n/a`). Every other cell is locked
//! by sheet protection (no password: it guards against slips, not people).

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatBorder, Formula, ProtectionOptions,
    Workbook, XlsxError,
};

use super::record::{Exported, Record, FORM_VERSION};
use super::typed::evidence_text;
use crate::model::{parse_decimal, Agency, Date, Language, Period, Response, ScaleKind};

/// The sheet of answers.
pub const FORM: &str = "Form";
/// The sheet that says what the form is, in the site's language.
pub const INFO: &str = "Info";
/// The first row of indicators (0-based); the rows above name the form.
pub const FIRST_ROW: u32 = 5;
/// Columns of the `Form` sheet (0-based).
pub const COL_ID: u16 = 0;
pub const COL_ANSWER: u16 = 2;
pub const COL_EVIDENCE: u16 = 4;
pub const COL_NOTE: u16 = 5;
const COL_QUESTION: u16 = 1;
const COL_OPTIONS: u16 = 3;
const COL_VERIFIED: u16 = 6;
const COL_AREA: u16 = 7;
const COL_SUB: u16 = 8;
const COL_GUIDE: u16 = 9;
/// The text that clears a cell's value on import.
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

fn headers(lang: Language) -> [&'static str; 10] {
    match lang {
        Language::Id => [
            "ID indikator",
            "Pertanyaan",
            "Jawaban",
            "Pilihan jawaban",
            "Data dukung (satu per baris: judul | alamat/berkas | tanggal)",
            "Catatan",
            "Jawaban verifikasi (evaluator)",
            "Area",
            "Sub-area",
            "Panduan (data dukung)",
        ],
        Language::En => [
            "Indicator id",
            "Question",
            "Answer",
            "Options",
            "Evidence (one per line: title | address/file | date)",
            "Note",
            "Verified answer (evaluator)",
            "Area",
            "Sub-area",
            "Guide (supporting documents)",
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

/// A response as the form shows it (`n/a`, or the value as written).
pub fn shown(response: Option<&Response>) -> String {
    match response {
        None => String::new(),
        Some(Response::NotApplicable) => "n/a".to_string(),
        Some(Response::Value { shown, .. }) => shown.to_string(),
    }
}

/// What each indicator's editable cells are exported with.
fn exported(period: &Period, agency: &Agency) -> Vec<Exported> {
    let fw = &period.framework;
    fw.leaves
        .iter()
        .map(|&leaf| {
            let given = agency.answers.get(&leaf);
            Exported {
                id: fw.nodes[leaf].id.clone(),
                answer: shown(given.and_then(|a| a.answer.as_ref())),
                evidence: given
                    .map(|a| evidence_text(&a.evidence))
                    .unwrap_or_default(),
                note: given
                    .and_then(|a| a.note.as_deref())
                    .unwrap_or("")
                    .to_string(),
            }
        })
        .collect()
}

/// What the top of the `Form` sheet and the `Info` sheet say.
struct Words {
    title: &'static str,
    agency: &'static str,
    period: &'static str,
    deadline: &'static str,
    no_deadline: &'static str,
    how: &'static str,
}

fn words(lang: Language) -> Words {
    match lang {
        Language::Id => Words {
            title: "Formulir penilaian mandiri",
            agency: "Perangkat daerah",
            period: "Periode",
            deadline: "Batas pengisian",
            no_deadline: "(ditentukan Biro Organisasi)",
            how: "Isi kolom Jawaban, Data dukung dan Catatan (berwarna kuning); kolom lain dikunci. Kosongkan sel untuk menghapus isinya.",
        },
        Language::En => Words {
            title: "Self-assessment form",
            agency: "Agency",
            period: "Period",
            deadline: "Deadline",
            no_deadline: "(set by the Biro Organisasi)",
            how: "Fill in the Answer, Evidence and Note columns (yellow); the other columns are locked. Empty a cell to remove what it holds.",
        },
    }
}

/// Builds the form's bytes for one agency of one period; its record is
/// sealed with the tree's form `key` (see `record`). `deadline`, when
/// given, is printed at the top.
pub fn form_xlsx(
    period: &Period,
    agency: &Agency,
    lang: Language,
    key: &[u8],
    deadline: Option<Date>,
) -> Result<Vec<u8>, XlsxError> {
    let fw = &period.framework;
    let w = words(lang);
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
    let bold = Format::new().set_bold();
    let title = Format::new().set_bold().set_font_size(14);
    let id_format = wrap
        .clone()
        .set_background_color("#E7E7E7")
        .set_font_color("#555555");
    let editable = wrap
        .clone()
        .set_unlocked()
        .set_background_color("#FFF6D5")
        .set_border(FormatBorder::Thin);

    let sheet = wb.add_worksheet();
    sheet.set_name(FORM)?;
    sheet.write_string_with_format(0, 0, w.title, &title)?;
    sheet.write_string_with_format(0, COL_QUESTION, &fw.name, &bold)?;
    let deadline = deadline
        .map(|d| crate::render::locale::date(d, lang))
        .unwrap_or_else(|| w.no_deadline.to_string());
    let top = [
        (w.agency, format!("{} ({})", agency.name, agency.id)),
        (w.period, format!("{} ({})", period.name, period.id)),
        (w.deadline, deadline),
    ];
    for (r, (label, value)) in top.iter().enumerate() {
        sheet.write_string_with_format(r as u32 + 1, 0, *label, &bold)?;
        sheet.write_string(r as u32 + 1, COL_QUESTION, value)?;
    }
    sheet.write_string(FIRST_ROW - 1, COL_ANSWER + 1, w.how)?;
    let head = FIRST_ROW - 1;
    for (c, h) in headers(lang).iter().enumerate() {
        sheet.write_string_with_format(head, c as u16, *h, &header)?;
    }
    let widths = [24.0, 50.0, 14.0, 22.0, 40.0, 32.0, 16.0, 22.0, 24.0, 36.0];
    for (c, width) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    let (na_hint, clear_hint) = match lang {
        Language::Id => (
            "n/a bila tidak berlaku",
            "- atau sel kosong untuk menghapus jawaban",
        ),
        Language::En => (
            "n/a when not applicable",
            "- or an empty cell to clear the answer",
        ),
    };
    for (r, &leaf) in fw.leaves.iter().enumerate() {
        let row = FIRST_ROW + r as u32;
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
        sheet.write_string_with_format(row, COL_ID, &node.id, &id_format)?;
        sheet.write_string_with_format(
            row,
            COL_QUESTION,
            node.text.as_deref().unwrap_or(""),
            &wrap,
        )?;
        match given.and_then(|g| g.answer.as_ref()) {
            None => sheet.write_blank(row, COL_ANSWER, &editable)?,
            Some(Response::NotApplicable) => {
                sheet.write_string_with_format(row, COL_ANSWER, "n/a", &editable)?
            }
            Some(Response::Value { shown, .. }) => match (&scale.kind, parse_decimal(shown)) {
                (ScaleKind::Range { .. }, Some(x)) => {
                    sheet.write_number_with_format(row, COL_ANSWER, x, &editable)?
                }
                _ => sheet.write_string_with_format(row, COL_ANSWER, shown.as_str(), &editable)?,
            },
        };
        sheet.write_string_with_format(row, COL_OPTIONS, options(&scale.kind, lang), &wrap)?;
        let evidence = given
            .map(|g| evidence_text(&g.evidence))
            .unwrap_or_default();
        sheet.write_string_with_format(row, COL_EVIDENCE, evidence, &editable)?;
        sheet.write_string_with_format(
            row,
            COL_NOTE,
            given.and_then(|g| g.note.as_deref()).unwrap_or(""),
            &editable,
        )?;
        sheet.write_string_with_format(
            row,
            COL_VERIFIED,
            shown(given.and_then(|g| g.verified.as_ref())),
            &wrap,
        )?;
        sheet.write_string_with_format(row, COL_AREA, label(area), &wrap)?;
        sheet.write_string_with_format(row, COL_SUB, label(sub), &wrap)?;
        sheet.write_string_with_format(
            row,
            COL_GUIDE,
            ind.guide.as_deref().unwrap_or(""),
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
            ScaleKind::Range { min, max } => {
                // One rule for a number in range, `n/a` and `-`: Excel's own
                // decimal rule would warn on `n/a`. A warning, not a stop, so a
                // number Excel keeps as text (`72,5` in an English Excel) stays possible.
                let at = cell("", row, COL_ANSWER);
                let at = at.trim_start_matches('!');
                let (min, max) = (super::plain_number(*min), super::plain_number(*max));
                Some(
                    DataValidation::new()
                        .allow_custom(Formula::new(format!(
                            "=OR(AND(ISNUMBER({at}),{at}>={min},{at}<={max}),LOWER({at})=\"n/a\",{at}=\"-\")"
                        )))
                        .set_error_style(DataValidationErrorStyle::Warning),
                )
            }
        };
        if let Some(v) = validation {
            let message = format!("{}; {na_hint}; {clear_hint}", options(&scale.kind, lang));
            let v = v
                .set_input_message(truncate(&message, 250))?
                .set_error_message(truncate(&message, 250))?;
            sheet.add_data_validation(row, COL_ANSWER, row, COL_ANSWER, &v)?;
        }
    }
    sheet.set_freeze_panes(FIRST_ROW, COL_ANSWER)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    sheet.set_active(true);

    let info = wb.add_worksheet();
    info.set_name(INFO)?;
    let (form_line, name_label, fw_label) = match lang {
        Language::Id => (
            format!("Formulir jawaban tolok, versi {FORM_VERSION}"),
            "Nama",
            "Kerangka penilaian",
        ),
        Language::En => (
            format!("tolok answer form, version {FORM_VERSION}"),
            "Name",
            "Framework",
        ),
    };
    let rows: [(&str, &str); 5] = [
        (w.title, &form_line),
        (w.period, &period.id),
        (w.agency, &agency.id),
        (name_label, &agency.name),
        (fw_label, &fw.id),
    ];
    for (r, (k, v)) in rows.iter().enumerate() {
        info.write_string_with_format(r as u32, 0, *k, &bold)?;
        info.write_string(r as u32, 1, *v)?;
    }
    let help = match lang {
        Language::Id => [
            "Isi kolom Jawaban (kolom C), Data dukung (kolom E) dan Catatan (kolom F) pada lembar Form; kolom lain dikunci.",
            "Sel yang tidak diubah tidak mengubah apa pun; sel yang dikosongkan (atau diisi -) menghapus isinya.",
            "Tulis n/a bila indikator tidak berlaku bagi perangkat daerah. Persen boleh ditulis 85%.",
            "Data dukung: satu per baris, judul lalu (boleh) | alamat https://... atau berkas files/... | tanggal (5 Juli 2022).",
            "Kembalikan berkas ini ke Biro Organisasi untuk diimpor dengan `tolok import`. Jawaban verifikasi tidak diimpor.",
        ],
        Language::En => [
            "Fill in the Answer (column C), Evidence (column E) and Note (column F) columns of the Form sheet; the other columns are locked.",
            "A cell left as it was changes nothing; a cell emptied (or holding -) removes what it held.",
            "Write n/a where an indicator does not apply to the agency. A percent may be typed as 85%.",
            "Evidence: one per line, a title then (optionally) | an https://... address or a file files/... | a date (5 July 2022).",
            "Send the file back to the Biro Organisasi to be imported with `tolok import`. Verified answers are not imported.",
        ],
    };
    for (r, line) in help.iter().enumerate() {
        info.write_string(7 + r as u32, 0, *line)?;
    }
    info.set_column_width(0, 18.0)?;
    info.set_column_width(1, 40.0)?;
    info.protect();
    Record {
        version: FORM_VERSION.into(),
        period: period.id.clone(),
        agency: agency.id.clone(),
        framework: fw.id.clone(),
        rows: exported(period, agency),
    }
    .write(&mut wb, key)?;
    wb.save_to_buffer()
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
