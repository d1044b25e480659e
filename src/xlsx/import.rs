//! Reading a filled answer form (`tolok import`): every cell is checked
//! against the period's framework first, and nothing is written while any
//! cell is wrong or any change conflicts. Each error names the sheet and
//! cell (`Form!C12`) and what is allowed there.
//!
//! What changes: the form's sealed record holds what each editable cell
//! (answer, evidence, note) was exported with. A cell the agency left as it
//! was changes nothing, even where the tree has changed since (a correction
//! made after the export stands). A cell the agency edited is written when
//! the tree still holds what was exported; where the tree changed too, to
//! something else, that is a conflict: both values are named and neither is
//! written, unless `prefer` says which side wins. An emptied cell (or `-`)
//! removes what it held. `verified` is the evaluator's and is never imported.
//!
//! Where it goes: an indicator answered in one of the agency's files is
//! changed in that file, in place (`yaml_edit`); one listed as a comment by
//! `tolok new agency` is uncommented where it is; any other goes to the
//! agency's first evidence file (else a new `evidence.yaml`). After
//! writing, the tree is loaded again; should it not load cleanly, every
//! file is put back as it was.

use calamine::Xlsx;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::bounded::{self, Refused, Sheet, FORM_LIMITS};
use super::form::{
    cell, shown, CLEAR, COL_ANSWER, COL_EVIDENCE, COL_ID, COL_NOTE, FIRST_ROW, FORM,
};
use super::record::{self, Exported, Record, FORM_VERSION, RECORD};
use super::typed::{self, Typed};
use crate::diagnostics::{nearest, Diagnostic};
use crate::i18n::Msg;
use crate::model::{Evidence, Model, Scale, ScaleKind};
use crate::tr;

/// Which side wins where the form and the tree both changed a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    Form,
    Tree,
}

/// The editable columns of the form, as the keys they are written to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Answer,
    Evidence,
    Note,
}

impl Field {
    pub fn key(self) -> &'static str {
        match self {
            Field::Answer => "answer",
            Field::Evidence => "evidence",
            Field::Note => "note",
        }
    }
}

/// One value the import changes, as the form shows it (empty: none).
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub indicator: String,
    pub field: Field,
    pub old: String,
    pub new: String,
    /// The evidence file, relative to the agency folder.
    pub file: String,
    /// Both sides had changed it; `prefer` chose this one.
    pub conflict: bool,
}

/// A value both the agency (in the form) and the tree changed since the export.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub at: String,
    pub indicator: String,
    pub field: Field,
    pub exported: String,
    pub form: String,
    pub tree: String,
}

/// What an import will do, worked out before anything is written.
#[derive(Debug)]
pub struct Plan {
    pub period: String,
    pub agency: String,
    pub changes: Vec<Change>,
    /// Conflicts the tree's side won (`--prefer tree`).
    pub kept_by_tree: Vec<Conflict>,
    /// Every file to write: path, text before (None: a new file), text after.
    pub files: Vec<(PathBuf, Option<String>, String)>,
    /// Editable cells left as they were exported.
    pub untouched: usize,
}

/// The form's record, checked: its version is this tolok's, and its seal
/// is the one the tree's form key gives.
fn record_of(sheet: &Sheet, content: &Path, shown: &Path) -> Result<Record, Vec<Diagnostic>> {
    let err = |m: Msg, h: Msg| vec![Diagnostic::error(shown, m).hint(h)];
    let (record, seal) = Record::read(sheet).map_err(|e| {
        err(
            tr!(
                "the form's record cannot be read: {e}",
                "catatan formulir tidak terbaca: {e}"
            ),
            tr!(
                "export a new form with `tolok export form PERIOD/AGENCY`",
                "ekspor formulir baru dengan `tolok export form PERIODE/PERANGKAT-DAERAH`"
            ),
        )
    })?;
    if record.version != FORM_VERSION {
        let v = &record.version;
        return Err(err(
            tr!(
                "the form is of version `{v}`; this tolok reads forms of version {FORM_VERSION}",
                "formulir ini versi `{v}`; tolok ini membaca formulir versi {FORM_VERSION}"
            ),
            tr!(
                "export a new form with this tolok and copy the answers into it",
                "ekspor formulir baru dengan tolok ini lalu salin jawabannya ke sana"
            ),
        ));
    }
    let (key, _) = record::form_key(content, false).map_err(|e| {
        err(
            Msg::verbatim(e),
            tr!(
                "import with the content tree the form was exported from: its `.tolok/form-key` seals the forms",
                "impor dengan pohon isi tempat formulir diekspor: `.tolok/form-key` di sana menyegel formulirnya"
            ),
        )
    })?;
    if !record.verify(&seal, &key) {
        return Err(err(
            tr!(
                "the form's record does not match its seal: it was changed after the export, or the form comes from another content tree",
                "catatan formulir tidak cocok dengan segelnya: catatan diubah setelah diekspor, atau formulir berasal dari pohon isi lain"
            ),
            tr!(
                "import only forms exported from this tree; export a new form if in doubt",
                "impor hanya formulir yang diekspor dari pohon ini; bila ragu, ekspor formulir baru"
            ),
        ));
    }
    Ok(record)
}

/// A value of `scale` as the form or the tree writes it, in one spelling:
/// the framework's option, a plain number, `n/a`; None for an empty cell.
/// Err when it is no value of the scale.
fn canonical(scale: &Scale, text: &str) -> Result<Option<String>, ()> {
    let text = text.trim();
    if text.is_empty() || text == CLEAR {
        return Ok(None);
    }
    if text.eq_ignore_ascii_case("n/a") {
        return Ok(Some("n/a".into()));
    }
    match &scale.kind {
        ScaleKind::Choice(opts) => opts
            .iter()
            .find(|(k, _)| k.trim().to_lowercase() == text.to_lowercase())
            .map(|(k, _)| Some(k.trim().to_string()))
            .ok_or(()),
        ScaleKind::Range { .. } => scale
            .value_of(text)
            .and(crate::model::parse_decimal(text))
            .map(|x| Some(super::plain_number(x)))
            .ok_or(()),
    }
}

/// The answer an answer cell means, in the canonical spelling.
fn answer_of(scale: &Scale, typed: &Typed) -> Result<Option<String>, ()> {
    match (&scale.kind, typed) {
        (ScaleKind::Range { max, .. }, Typed::Number { .. })
        | (ScaleKind::Range { max, .. }, Typed::Text(_)) => {
            match (typed, typed::number(typed, *max)) {
                (_, Some(x)) => canonical(scale, &super::plain_number(x)),
                (Typed::Text(t), None) => canonical(scale, t),
                _ => Err(()),
            }
        }
        _ => canonical(scale, &typed::text_of(typed)),
    }
}

/// A note as compared: lines trimmed at their end, `\r\n` as `\n`.
fn note_text(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let joined = lines.join("\n");
    let trimmed = joined.trim();
    if trimmed == CLEAR {
        String::new()
    } else {
        trimmed.to_string()
    }
}

/// How one editable value is decided: exported, in the form, in the tree.
enum Decision {
    Keep,
    Write,
    Conflict,
}

fn decide(same: impl Fn(&str, &str) -> bool, exported: &str, form: &str, tree: &str) -> Decision {
    if same(form, exported) || same(form, tree) {
        Decision::Keep
    } else if same(tree, exported) {
        Decision::Write
    } else {
        Decision::Conflict
    }
}

/// Checks every cell of the form at `path` against the tree; the plan, or every error.
pub fn plan(model: &Model, path: &Path, prefer: Option<Prefer>) -> Result<Plan, Vec<Diagnostic>> {
    let shown_path = path.to_path_buf();
    let err = |m: Msg, h: Msg| vec![Diagnostic::error(shown_path.clone(), m).hint(h)];
    let mut wb = bounded::open(path, &FORM_LIMITS).map_err(|e| {
        err(
            Msg::verbatim(e),
            tr!(
                "give an .xlsx file written by `tolok export form`",
                "berikan berkas .xlsx yang ditulis oleh `tolok export form`"
            ),
        )
    })?;
    let sheet = |wb: &mut Xlsx<_>, name: &str| {
        bounded::read_sheet(wb, name, &FORM_LIMITS).map_err(|refused| match refused {
            Refused::NoSheet => err(
                tr!("the workbook has no sheet `{name}`", "buku kerja ini tidak memiliki lembar `{name}`"),
                tr!(
                    "import a form written by `tolok export form` (sheets `Form` and `Info`)",
                    "impor formulir yang ditulis oleh `tolok export form` (lembar `Form` dan `Info`)"
                ),
            ),
            Refused::Unreadable(why) => err(
                Msg::verbatim(why),
                tr!(
                    "import a form written by `tolok export form`, with answers in its rows only",
                    "impor formulir yang ditulis oleh `tolok export form`, dengan jawaban hanya di barisnya"
                ),
            ),
        })
    };
    let form = sheet(&mut wb, FORM)?;
    let record_sheet = sheet(&mut wb, RECORD).map_err(|_| {
        err(
            tr!(
                "the form has no record of which agency and period it was made for (it was written by an older tolok, or the record sheet was removed)",
                "formulir ini tidak memiliki catatan perangkat daerah dan periodenya (ditulis tolok versi lama, atau lembar catatannya dihapus)"
            ),
            tr!(
                "export a new form with `tolok export form PERIOD/AGENCY` and copy the answers into it",
                "ekspor formulir baru dengan `tolok export form PERIODE/PERANGKAT-DAERAH` lalu salin jawabannya ke sana"
            ),
        )
    })?;
    let record = record_of(&record_sheet, &model.root, &shown_path)?;
    let percent = super::styles::percent_cells(path, FORM, FORM_LIMITS.part_bytes);
    let mut diags = Vec::new();
    let mut bad = |at: &str, m: Msg, h: Msg| {
        diags.push(Diagnostic::error(shown_path.clone(), tr!("{at}: {m}", "{at}: {m}")).hint(h))
    };

    let period_id = record.period.clone();
    let Some(period) = model.period(&period_id) else {
        let known: Vec<&str> = model.periods.iter().map(|p| p.id.as_str()).collect();
        let known = known.join(", ");
        bad(
            RECORD,
            tr!(
                "the form is for the period `{period_id}`, which is not in the content tree",
                "formulir ini untuk periode `{period_id}`, yang tidak ada di pohon isi"
            ),
            tr!("periods: {known}", "periode yang ada: {known}"),
        );
        return Err(diags);
    };
    let agency_id = record.agency.clone();
    let Some(agency) = period.agency(&agency_id) else {
        let ids = period.agencies.iter().map(|a| a.id.as_str());
        let hint = match nearest(&agency_id, ids) {
            Some(n) => tr!(
                "did you mean `{n}`? Export a new form with `tolok export form {period_id}/{n}`",
                "maksud Anda `{n}`? Ekspor formulir baru dengan `tolok export form {period_id}/{n}`"
            ),
            None => tr!(
                "export a form for one of the period's agencies with `tolok export form {period_id}/GROUP/AGENCY`",
                "ekspor formulir untuk salah satu perangkat daerah periode ini dengan `tolok export form {period_id}/KELOMPOK/PERANGKAT-DAERAH`"
            ),
        };
        bad(
            RECORD,
            tr!(
                "the form is for the agency `{agency_id}`, which is not in the period `{period_id}`",
                "formulir ini untuk perangkat daerah `{agency_id}`, yang tidak ada di periode `{period_id}`"
            ),
            hint,
        );
        return Err(diags);
    };
    let fw = &period.framework;
    if record.framework != fw.id {
        let (made, now) = (&record.framework, &fw.id);
        bad(
            RECORD,
            tr!(
                "the form was made for the framework `{made}`, the period `{period_id}` is scored with `{now}`",
                "formulir ini dibuat untuk kerangka penilaian `{made}`, sedangkan periode `{period_id}` dinilai dengan `{now}`"
            ),
            tr!(
                "export a new form with `tolok export form {period_id}/{agency_id}`",
                "ekspor formulir baru dengan `tolok export form {period_id}/{agency_id}`"
            ),
        );
        return Err(diags);
    }
    let exported: HashMap<&str, &Exported> =
        record.rows.iter().map(|r| (r.id.as_str(), r)).collect();

    let mut seen: HashMap<usize, String> = HashMap::new();
    let mut changes: Vec<(usize, Change)> = Vec::new();
    let mut conflicts: Vec<Conflict> = Vec::new();
    let mut kept_by_tree = Vec::new();
    let mut untouched = 0;
    let editable = [COL_ANSWER, COL_EVIDENCE, COL_NOTE];
    for r in FIRST_ROW..=form.last_row().max(FIRST_ROW) {
        let id_at = cell(FORM, r, COL_ID);
        let id = match typed::typed(form.get(r, COL_ID as u32), false) {
            Ok(Typed::Empty) => {
                if let Some(&c) = editable.iter().find(|&&c| form.get(r, c as u32).is_some()) {
                    bad(
                        &cell(FORM, r, c),
                        tr!(
                            "this row has no indicator id in {id_at}",
                            "baris ini tidak memiliki ID indikator di {id_at}"
                        ),
                        tr!(
                            "answer only in rows of the form; do not add rows",
                            "isi jawaban hanya di baris formulir; jangan menambah baris"
                        ),
                    );
                }
                continue;
            }
            Ok(t) => typed::text_of(&t),
            Err(e) => {
                bad(
                    &id_at,
                    e,
                    tr!(
                        "put back the indicator id this row had",
                        "kembalikan ID indikator baris ini seperti semula"
                    ),
                );
                continue;
            }
        };
        let ix = fw
            .node(&id)
            .filter(|&ix| fw.nodes[ix].indicator().is_some());
        let (Some(ix), Some(sent)) = (ix, exported.get(id.as_str())) else {
            let near = nearest(&id, fw.leaves.iter().map(|&l| fw.nodes[l].id.as_str()));
            let fw_id = &fw.id;
            bad(
                &id_at,
                tr!(
                    "`{id}` is not an indicator of the framework `{fw_id}`",
                    "`{id}` bukan indikator kerangka penilaian `{fw_id}`"
                ),
                match near {
                    Some(n) => tr!(
                        "did you mean `{n}`? Do not edit the id column",
                        "maksud Anda `{n}`? Jangan mengubah kolom ID"
                    ),
                    None => tr!(
                        "do not edit the id column; export a new form",
                        "jangan mengubah kolom ID; ekspor formulir baru"
                    ),
                },
            );
            continue;
        };
        if let Some(first) = seen.insert(ix, id_at.clone()) {
            bad(
                &id_at,
                tr!(
                    "`{id}` is listed twice (also in {first})",
                    "`{id}` tercantum dua kali (juga di {first})"
                ),
                tr!(
                    "keep one row per indicator",
                    "biarkan satu baris per indikator"
                ),
            );
            continue;
        }
        let scale = &fw.scales[fw.nodes[ix].indicator().map(|i| i.scale).unwrap_or(0)];
        let existing = agency.answers.get(&ix);
        let file = existing
            .map(|a| agency.source_of(a).to_string())
            .unwrap_or_default();
        let mut decide_field = |field: Field,
                                col: u16,
                                exported: &str,
                                form: &str,
                                tree: &str,
                                same: &dyn Fn(&str, &str) -> bool| {
            match decide(same, exported, form, tree) {
                Decision::Keep => untouched += 1,
                Decision::Write => changes.push((
                    ix,
                    Change {
                        indicator: id.clone(),
                        field,
                        old: tree.to_string(),
                        new: form.to_string(),
                        file: file.clone(),
                        conflict: false,
                    },
                )),
                Decision::Conflict => {
                    let conflict = Conflict {
                        at: cell(FORM, r, col),
                        indicator: id.clone(),
                        field,
                        exported: exported.to_string(),
                        form: form.to_string(),
                        tree: tree.to_string(),
                    };
                    match prefer {
                        Some(Prefer::Form) => changes.push((
                            ix,
                            Change {
                                indicator: id.clone(),
                                field,
                                old: tree.to_string(),
                                new: form.to_string(),
                                file: file.clone(),
                                conflict: true,
                            },
                        )),
                        Some(Prefer::Tree) => kept_by_tree.push(conflict),
                        None => conflicts.push(conflict),
                    }
                }
            }
        };

        // The answer.
        let answer_at = cell(FORM, r, COL_ANSWER);
        let allowed = {
            let d = scale.describe();
            tr!(
                "allowed: {d}, or n/a; an emptied cell or {CLEAR} clears the answer",
                "yang boleh: {d}, atau n/a; sel yang dikosongkan atau {CLEAR} menghapus jawaban"
            )
        };
        let cell_typed = typed::typed(
            form.get(r, COL_ANSWER as u32),
            percent.contains(&(r, COL_ANSWER as u32)),
        );
        match cell_typed {
            Err(e) => bad(
                &answer_at,
                tr!("{e} (indicator `{id}`)", "{e} (indikator `{id}`)"),
                allowed,
            ),
            Ok(t) => match answer_of(scale, &t) {
                Err(()) => {
                    let text = typed::text_of(&t);
                    let scale_id = &scale.id;
                    bad(
                        &answer_at,
                        tr!(
                            "`{text}` is not an answer of `{id}` (scale `{scale_id}`)",
                            "`{text}` bukan jawaban `{id}` (skala `{scale_id}`)"
                        ),
                        allowed,
                    )
                }
                Ok(form_answer) => {
                    let canon =
                        |text: &str| canonical(scale, text).ok().flatten().unwrap_or_default();
                    let form_answer = form_answer.unwrap_or_default();
                    let tree = canon(&shown(existing.and_then(|a| a.answer.as_ref())));
                    let same = |a: &str, b: &str| a == b;
                    decide_field(
                        Field::Answer,
                        COL_ANSWER,
                        &canon(&sent.answer),
                        &form_answer,
                        &tree,
                        &same,
                    );
                }
            },
        }

        // The evidence: one item per line.
        let evidence_at = cell(FORM, r, COL_EVIDENCE);
        match typed::typed(form.get(r, COL_EVIDENCE as u32), false)
            .and_then(|t| typed::parse_evidence(&typed::text_of(&t)))
        {
            Err(e) => bad(
                &evidence_at,
                tr!("{e} (indicator `{id}`)", "{e} (indikator `{id}`)"),
                tr!(
                    "write one item per line: a title, then optionally ` | ` and an https:// address, a file below the agency folder or a date",
                    "tulis satu data dukung per baris: judul, lalu bila perlu ` | ` dan alamat https://, berkas di dalam folder perangkat daerah, atau tanggal"
                ),
            ),
            Ok(items) => {
                let text = |items: &[Evidence]| typed::evidence_text(items);
                let clear = items.len() == 1 && &*items[0].title == CLEAR && items[0].url.is_none();
                let form_text = if clear { String::new() } else { text(&items) };
                let tree = existing.map(|a| text(&a.evidence)).unwrap_or_default();
                decide_field(Field::Evidence, COL_EVIDENCE, &sent.evidence, &form_text, &tree, &typed::same_text);
            }
        }

        // The note.
        match typed::typed(form.get(r, COL_NOTE as u32), false) {
            Err(e) => bad(
                &cell(FORM, r, COL_NOTE),
                tr!("{e} (indicator `{id}`)", "{e} (indikator `{id}`)"),
                tr!("write the note as text", "tulis catatan sebagai teks"),
            ),
            Ok(t) => {
                let form_note = note_text(&typed::text_of(&t));
                let tree = note_text(existing.and_then(|a| a.note.as_deref()).unwrap_or(""));
                let same = |a: &str, b: &str| note_text(a) == note_text(b);
                decide_field(Field::Note, COL_NOTE, &sent.note, &form_note, &tree, &same);
            }
        }
    }
    for c in &conflicts {
        let (what, at, id) = (field_name(c.field), &c.at, &c.indicator);
        let (form, tree, exported) = (quoted(&c.form), quoted(&c.tree), quoted(&c.exported));
        diags.push(
            Diagnostic::error(
                shown_path.clone(),
                tr!(
                    "{at}: conflict on the {what} of `{id}`: the form says {form}, but the tree was changed to {tree} since the form was exported with {exported}",
                    "{at}: bentrok pada {what} `{id}`: formulir berisi {form}, tetapi pohon isi sudah diubah menjadi {tree} sejak formulir diekspor dengan {exported}"
                ),
            )
            .hint(tr!(
                "nothing was written; import again with `--prefer tree` to keep {tree}, or `--prefer form` to write {form}",
                "tidak ada yang ditulis; impor lagi dengan `--prefer tree` untuk mempertahankan {tree}, atau `--prefer form` untuk menulis {form}"
            )),
        );
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let (files, targets) = super::placing::write_plan(model, agency, &changes)?;
    Ok(Plan {
        period: period.id.clone(),
        agency: agency.id.clone(),
        changes: changes
            .into_iter()
            .map(|(ix, mut c)| {
                if let Some(rel) = targets.get(&ix) {
                    c.file = rel.clone();
                }
                c
            })
            .collect(),
        kept_by_tree,
        files,
        untouched,
    })
}

/// The name of a column in messages.
pub fn field_name(field: Field) -> Msg {
    match field {
        Field::Answer => tr!("answer", "jawaban"),
        Field::Evidence => tr!("evidence", "data dukung"),
        Field::Note => tr!("note", "catatan"),
    }
}

/// A value in messages: in backticks, or "(empty)".
pub fn quoted(value: &str) -> String {
    if value.is_empty() {
        tr!("(empty)", "(kosong)").into_string()
    } else {
        format!("`{}`", value.replace('\n', " / "))
    }
}

pub use super::placing::apply;
