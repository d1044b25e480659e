//! Reading a filled answer form (`tolok import`): every cell is checked
//! against the period's framework first, and nothing is written while any
//! cell is wrong. Each error names the sheet and cell (`Form!G12`) and the
//! answers allowed there.
//!
//! Where answers go: an indicator already answered in one of the agency's
//! evidence files is changed in that file, in place (`yaml_edit`), so an
//! indicator is never answered twice; new answers go to `import.yaml` in the
//! agency folder (created when missing). An empty answer cell leaves the
//! answer alone; `-` removes it. Only `answer` (the agency's self-assessment)
//! is imported: `verified` is the evaluator's and stays as it is, and so do
//! notes and evidence. After writing, the tree is loaded again; should it not
//! load cleanly, every file is put back as it was.

use calamine::{Data, Xlsx};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::bounded::{self, Refused, Sheet, FORM_LIMITS};
use super::form::{cell, CLEAR, COL_ANSWER, COL_ID, FORM, INFO};
use super::record::{self, Record, FORM_VERSION, RECORD};
use super::yaml_edit;
use crate::diagnostics::{display_path, nearest, Diagnostic};
use crate::model::{parse_decimal, Model, Response, ScaleKind};

/// The file new answers are written to, in the agency folder.
pub const IMPORT_FILE: &str = "import.yaml";

/// One answer the import changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub indicator: String,
    /// The answer before, as written; None when there was none.
    pub old: Option<String>,
    /// The answer after; None when it is removed.
    pub new: Option<String>,
    /// The evidence file, relative to the agency folder.
    pub file: String,
}

/// What an import will do, worked out before anything is written.
#[derive(Debug)]
pub struct Plan {
    pub period: String,
    pub agency: String,
    pub changes: Vec<Change>,
    /// Every file to write: path, text before (None: a new file), text after.
    pub files: Vec<(PathBuf, Option<String>, String)>,
    /// Cells left empty (answers kept).
    pub kept: usize,
}

/// A value read from a cell, with its reference for messages.
struct Cell {
    at: String,
    text: Option<String>,
}

fn cell_text(d: Option<&Data>) -> Result<Option<String>, String> {
    let text = match d {
        None | Some(Data::Empty) => return Ok(None),
        Some(Data::String(s)) => s.trim().to_string(),
        Some(Data::Float(x)) => super::plain_number(*x),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Bool(b)) => return Err(format!("a TRUE/FALSE value ({b}) is not an answer")),
        Some(Data::DateTime(_)) | Some(Data::DateTimeIso(_)) | Some(Data::DurationIso(_)) => {
            return Err("a date or time is not an answer".into())
        }
        Some(Data::Error(e)) => return Err(format!("the cell holds an error value ({e})")),
    };
    Ok((!text.is_empty()).then_some(text))
}

/// Reads the period, agency and framework from the `Info` sheet.
fn info(sheet: &Sheet) -> HashMap<String, Cell> {
    let mut out = HashMap::new();
    for r in 0..=sheet.last_row() {
        if let Ok(Some(key)) = cell_text(sheet.get(r, 0)) {
            let text = cell_text(sheet.get(r, 1)).ok().flatten();
            out.insert(
                key,
                Cell {
                    at: cell(INFO, r, 1),
                    text,
                },
            );
        }
    }
    out
}

/// The form's record, checked: its version is this tolok's, and its seal
/// is the one the tree's form key gives.
fn record_of(sheet: &Sheet, content: &Path, shown: &Path) -> Result<Record, Vec<Diagnostic>> {
    let err = |m: String, h: &str| vec![Diagnostic::error(shown, m).hint(h)];
    let (record, seal) = Record::read(sheet).map_err(|e| {
        err(
            format!("the form's record cannot be read: {e}"),
            "export a new form with `tolok export form PERIOD/AGENCY`",
        )
    })?;
    if record.version != FORM_VERSION {
        return Err(err(
            format!(
                "the form is of version `{}`; this tolok reads forms of version {FORM_VERSION}",
                record.version
            ),
            "export a new form with this tolok and copy the answers into it",
        ));
    }
    let (key, _) = record::form_key(content, false).map_err(|e| {
        err(
            e,
            "import with the content tree the form was exported from: its `.tolok/form-key` seals the forms",
        )
    })?;
    if !record.verify(&seal, &key) {
        return Err(err(
            "the form's record does not match its seal: it was changed after the export, or the form comes from another content tree".into(),
            "import only forms exported from this tree; export a new form if in doubt",
        ));
    }
    Ok(record)
}

/// Checks every cell of the form at `path` against the tree; the plan, or every error.
pub fn plan(model: &Model, path: &Path) -> Result<Plan, Vec<Diagnostic>> {
    let shown = path.to_path_buf();
    let err = |m: String, h: String| vec![Diagnostic::error(shown.clone(), m).hint(h)];
    let mut wb = bounded::open(path, &FORM_LIMITS).map_err(|e| {
        err(
            e,
            "give an .xlsx file written by `tolok export form`".into(),
        )
    })?;
    let sheet = |wb: &mut Xlsx<_>, name: &str| {
        bounded::read_sheet(wb, name, &FORM_LIMITS).map_err(|refused| match refused {
            Refused::NoSheet => err(
                format!("the workbook has no sheet `{name}`"),
                "import a form written by `tolok export form` (sheets `Form` and `Info`)".into(),
            ),
            Refused::Unreadable(why) => err(
                why,
                "import a form written by `tolok export form`, with answers in its rows only"
                    .into(),
            ),
        })
    };
    let info = info(&sheet(&mut wb, INFO)?);
    let form = sheet(&mut wb, FORM)?;
    let record = record_of(&sheet(&mut wb, RECORD).map_err(|_| {
        err(
            "the form has no record of which agency and period it was made for (it was written by an older tolok, or the record sheet was removed)".into(),
            "export a new form with `tolok export form PERIOD/AGENCY` and copy the answers into it".into(),
        )
    })?, &model.root, &shown)?;
    let mut diags = Vec::new();
    let mut bad = |at: &str, m: String, h: String| {
        diags.push(Diagnostic::error(shown.clone(), format!("{at}: {m}")).hint(h))
    };

    let value = |key: &str| info.get(key).and_then(|c| c.text.clone());
    let at = |key: &str| {
        info.get(key)
            .map(|c| c.at.clone())
            .unwrap_or_else(|| format!("{INFO}!B"))
    };
    // The visible cells must say what the sealed record says.
    let mut mismatched = false;
    for (key, sealed) in [
        ("period", &record.period),
        ("agency", &record.agency),
        ("framework", &record.framework),
    ] {
        let shown_value = value(key).unwrap_or_default();
        if &shown_value != sealed {
            bad(
                &at(key),
                format!("the form names the {key} `{shown_value}`, but it was made for `{sealed}`"),
                format!("a form answers for the agency it was made for; export a form for `{shown_value}` to answer for it"),
            );
            mismatched = true;
        }
    }
    if mismatched {
        return Err(diags);
    }
    let period_id = record.period.clone();
    let Some(period) = model.period(&period_id) else {
        let known: Vec<&str> = model.periods.iter().map(|p| p.id.as_str()).collect();
        bad(
            &at("period"),
            format!("the period `{period_id}` is not in the content tree"),
            format!("periods: {}", known.join(", ")),
        );
        return Err(diags);
    };
    let agency_id = record.agency.clone();
    let Some(agency) = period.agency(&agency_id) else {
        let ids = period.agencies.iter().map(|a| a.id.as_str());
        bad(
            &at("agency"),
            format!("the agency `{agency_id}` is not in the period `{period_id}`"),
            match nearest(&agency_id, ids) {
                Some(n) => format!("did you mean `{n}`? Export a new form with `tolok export form {period_id}/{n}`"),
                None => format!("export a form for one of the period's agencies with `tolok export form {period_id}/GROUP/AGENCY`"),
            },
        );
        return Err(diags);
    };
    let fw = &period.framework;
    let fw_id = record.framework.clone();
    if fw_id != fw.id {
        bad(
            &at("framework"),
            format!(
                "the form was made for the framework `{fw_id}`, the period `{period_id}` is scored with `{}`",
                fw.id
            ),
            format!("export a new form with `tolok export form {period_id}/{agency_id}`"),
        );
        return Err(diags);
    }

    let mut seen: HashMap<usize, String> = HashMap::new();
    let mut changes: Vec<(usize, Change)> = Vec::new();
    let mut kept = 0;
    for r in 1..=form.last_row() {
        let id_at = cell(FORM, r, COL_ID);
        let answer_at = cell(FORM, r, COL_ANSWER);
        let id = cell_text(form.get(r, COL_ID as u32));
        let given = cell_text(form.get(r, COL_ANSWER as u32));
        let id = match id {
            Ok(Some(id)) => id,
            Ok(None) => {
                if let Ok(Some(g)) = &given {
                    bad(
                        &answer_at,
                        format!("the answer `{g}` has no indicator id in {id_at}"),
                        "answer only in rows of the form; do not add rows".into(),
                    );
                }
                continue;
            }
            Err(e) => {
                bad(&id_at, e, "put back the indicator id this row had".into());
                continue;
            }
        };
        let Some(ix) = fw
            .node(&id)
            .filter(|&ix| fw.nodes[ix].indicator().is_some())
        else {
            let near = nearest(&id, fw.leaves.iter().map(|&l| fw.nodes[l].id.as_str()));
            bad(
                &id_at,
                format!("`{id}` is not an indicator of the framework `{}`", fw.id),
                near.map(|n| format!("did you mean `{n}`? Do not edit the id column"))
                    .unwrap_or_else(|| "do not edit the id column; export a new form".into()),
            );
            continue;
        };
        if let Some(first) = seen.insert(ix, id_at.clone()) {
            bad(
                &id_at,
                format!("`{id}` is listed twice (also in {first})"),
                "keep one row per indicator".into(),
            );
            continue;
        }
        let scale = &fw.scales[fw.nodes[ix].indicator().map(|i| i.scale).unwrap_or(0)];
        let allowed = format!(
            "allowed: {}, or n/a; an empty cell keeps the answer, {CLEAR} clears it",
            scale.describe()
        );
        let text = match given {
            Ok(Some(t)) => t,
            Ok(None) => {
                kept += 1;
                continue;
            }
            Err(e) => {
                bad(&answer_at, format!("{e} (indicator `{id}`)"), allowed);
                continue;
            }
        };
        // The answer as it will be written, or None to clear.
        let new: Option<String> = if text == CLEAR {
            None
        } else if text.eq_ignore_ascii_case("n/a") {
            Some("n/a".into())
        } else {
            let canonical = match &scale.kind {
                // Written as the framework spells the option.
                ScaleKind::Choice(opts) => scale.value_of(&text).and_then(|_| {
                    opts.iter()
                        .find(|(k, _)| k.trim().to_lowercase() == text.to_lowercase())
                        .map(|(k, _)| k.trim().to_string())
                }),
                ScaleKind::Range { .. } => scale
                    .value_of(&text)
                    .and(parse_decimal(&text))
                    .map(super::plain_number),
            };
            match canonical {
                Some(c) => Some(c),
                None => {
                    bad(
                        &answer_at,
                        format!("`{text}` is not an answer of `{id}` (scale `{}`)", scale.id),
                        allowed,
                    );
                    continue;
                }
            }
        };
        let existing = agency.answers.get(&ix);
        let old = existing.and_then(|a| a.answer.as_ref()).map(|r| match r {
            Response::NotApplicable => "n/a".to_string(),
            Response::Value { shown, .. } => shown.to_string(),
        });
        let same = match (&old, &new) {
            (None, None) => true,
            (Some(o), Some(n)) if o.eq_ignore_ascii_case("n/a") || n == "n/a" => {
                o.eq_ignore_ascii_case(n)
            }
            (Some(o), Some(n)) => match &scale.kind {
                ScaleKind::Choice(_) => o.trim().eq_ignore_ascii_case(n),
                ScaleKind::Range { .. } => parse_decimal(o) == parse_decimal(n),
            },
            _ => false,
        };
        if same {
            continue;
        }
        changes.push((
            ix,
            Change {
                indicator: id,
                old,
                new,
                file: existing
                    .map(|a| agency.source_of(a).to_string())
                    .unwrap_or_else(|| IMPORT_FILE.to_string()),
            },
        ));
    }
    if !diags.is_empty() {
        return Err(diags);
    }

    // The new text of every file touched, checked to mean exactly what was intended.
    let mut by_file: BTreeMap<String, Vec<(usize, &Change)>> = BTreeMap::new();
    for (ix, c) in &changes {
        by_file.entry(c.file.clone()).or_default().push((*ix, c));
    }
    let mut files = Vec::new();
    for (rel, list) in by_file {
        let file = agency.dir.join(&rel);
        let shown_file = display_path(&model.root, &file);
        let old = if file.exists() {
            match std::fs::read_to_string(&file) {
                Ok(t) => Some(t),
                Err(e) => {
                    diags.push(Diagnostic::error(shown_file, format!("cannot read: {e}")));
                    continue;
                }
            }
        } else {
            None
        };
        let scalars: Vec<(String, Option<String>)> = list
            .iter()
            .map(|(_, c)| (c.indicator.clone(), c.new.as_deref().map(yaml_edit::scalar)))
            .collect();
        let edits: Vec<yaml_edit::Edit> = scalars
            .iter()
            .map(|(id, s)| (id.as_str(), s.as_deref()))
            .collect();
        // Indicators with an entry in this file are changed there; the others are added.
        let answered: Vec<&str> = list
            .iter()
            .filter(|(ix, _)| agency.answers.contains_key(ix))
            .map(|(_, c)| c.indicator.as_str())
            .collect();
        let mut text = old.clone();
        let mut new_entries: Vec<(&str, &str)> = Vec::new();
        let mut failed = None;
        for (id, s) in &edits {
            if answered.contains(id) {
                match yaml_edit::set_answer(text.as_deref().unwrap_or(""), id, *s) {
                    Ok(t) => text = Some(t),
                    Err(e) => failed = Some(e),
                }
            } else if let Some(s) = s {
                new_entries.push((id, s));
            }
        }
        if failed.is_none() && !new_entries.is_empty() {
            match yaml_edit::add_answers(text.as_deref(), &new_entries) {
                Ok(t) => text = Some(t),
                Err(e) => failed = Some(e),
            }
        }
        let result = failed.map(Err).unwrap_or_else(|| {
            let new = text.clone().unwrap_or_default();
            yaml_edit::verify(old.as_deref(), &new, &edits).map(|_| new)
        });
        match result {
            Ok(new) => files.push((file, old, new)),
            Err(e) => diags.push(
                Diagnostic::error(shown_file, format!("cannot update the answers in place: {e}"))
                    .hint("write its answers in block style (`answer: ya` on its own line) or one-line `{answer: ya}`, or change this answer by hand"),
            ),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(Plan {
        period: period.id.clone(),
        agency: agency.id.clone(),
        changes: changes.into_iter().map(|(_, c)| c).collect(),
        files,
        kept,
    })
}

/// Writes the plan's files (each through a temporary file renamed into place),
/// then loads the tree again; if it does not load cleanly, every file is put back.
pub fn apply(plan: &Plan, content: &Path) -> Result<(), Vec<Diagnostic>> {
    let mut written: Vec<&(PathBuf, Option<String>, String)> = Vec::new();
    let mut failure = None;
    for entry in &plan.files {
        match write_atomic(&entry.0, &entry.2) {
            Ok(()) => written.push(entry),
            Err(e) => {
                failure = Some(vec![Diagnostic::error(
                    display_path(content, &entry.0),
                    format!("cannot write: {e}"),
                )]);
                break;
            }
        }
    }
    if failure.is_none() {
        let loaded = crate::content::load(content);
        if loaded.diagnostics.has_errors() {
            failure = Some(loaded.diagnostics.sorted());
        }
    }
    match failure {
        None => Ok(()),
        Some(diags) => {
            for (path, old, _) in written {
                match old {
                    Some(old) => {
                        let _ = write_atomic(path, old);
                    }
                    None => {
                        let _ = std::fs::remove_file(path);
                    }
                }
            }
            Err(diags)
        }
    }
}

fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tolok-import"));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
