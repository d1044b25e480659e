//! `tolok export form` and `tolok import`: an agency's answer form out to
//! Excel and back into its YAML.

use std::path::{Path, PathBuf};

use super::{load_clean, print_diagnostics, Failure, Outcome};
use crate::diagnostics::{nearest, Diagnostic};
use crate::xlsx::{form, import, record};

pub fn export(
    target: &str,
    content: &Path,
    out: Option<&Path>,
    force: bool,
    deadline: Option<crate::model::Date>,
) -> Outcome {
    let model = load_clean(content)?;
    let target = target.trim().trim_matches('/');
    let (period_id, agency_id) = target.split_once('/').unwrap_or((target, ""));
    let Some(period) = model.period(period_id) else {
        let known: Vec<&str> = model.periods.iter().map(|p| p.id.as_str()).collect();
        return Err(Failure::usage(
            Diagnostic::error(content, format!("there is no period `{period_id}`")).hint(format!(
                "write PERIOD/AGENCY, e.g. `{}/GROUP/AGENCY`; periods in this tree: {}",
                known.last().unwrap_or(&"2022"),
                known.join(", ")
            )),
        ));
    };
    let agency = match period.named_agency(agency_id) {
        Ok(a) => a,
        Err(many) if !many.is_empty() => {
            return Err(Failure::usage(
                Diagnostic::error(
                    content,
                    format!("`{agency_id}` names more than one agency in the period `{period_id}`"),
                )
                .hint(format!(
                    "use the full id: {}",
                    many.iter()
                        .map(|id| format!("{period_id}/{id}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            ))
        }
        Err(_) => {
            let near = nearest(agency_id, period.agencies.iter().map(|a| a.id.as_str()));
            return Err(Failure::usage(
            Diagnostic::error(
                content,
                format!("there is no agency `{agency_id}` in the period `{period_id}`"),
            )
            .hint(match near {
                Some(n) => format!("did you mean `{period_id}/{n}`?"),
                None => "the agency id is its folder path below the period, e.g. `maluku-utara/disnakertrans`".into(),
            }),
        ));
        }
    };
    let out: PathBuf = out.map(Path::to_path_buf).unwrap_or_else(|| {
        PathBuf::from(format!("{period_id}-{}.xlsx", agency.id.replace('/', "-")))
    });
    if out.exists() && !force {
        return Err(Failure::error(
            &out,
            "the file exists; a filled form may be in it",
            "name another file with --out, or add --force to replace it",
        ));
    }
    let (key, made) = record::form_key(content, true).map_err(|e| {
        Failure::error(content, e, "make sure the content folder can be written to")
    })?;
    if made {
        crate::say!(
            "created {}: the key that seals this tree's answer forms; commit it with the tree and keep it as private as the repository",
            record::key_path(content).display()
        );
    }
    let bytes =
        form::form_xlsx(period, agency, model.site.language, &key, deadline).map_err(|e| {
            Failure::error(
                &out,
                format!("cannot make the workbook: {e}"),
                "report this as a bug of tolok",
            )
        })?;
    std::fs::write(&out, bytes).map_err(|e| {
        Failure::error(
            &out,
            format!("cannot write the file: {e}"),
            "check the folder's permissions and free space",
        )
    })?;
    crate::say!(
        "wrote {}: the answer form of {} ({}), {} indicators, {} answered",
        out.display(),
        agency.name,
        agency.id,
        period.framework.leaves.len(),
        agency
            .answers
            .values()
            .filter(|a| a.answer.is_some())
            .count()
    );
    Ok(())
}

pub fn import(
    file: &Path,
    content: &Path,
    dry_run: bool,
    prefer: Option<import::Prefer>,
) -> Outcome {
    let model = load_clean(content)?;
    let plan = import::plan(&model, file, prefer).map_err(Failure::errors)?;
    let mut text = String::new();
    for c in &plan.changes {
        let what = import::field_name(c.field);
        let (old, new) = (import::quoted(&c.old), import::quoted(&c.new));
        let file = &c.file;
        let conflict = if c.conflict {
            crate::tr!(", conflict: the form's side", ", bentrok: pihak formulir").into_string()
        } else {
            String::new()
        };
        let line = crate::tr!(
            "{}  {what}: {old} → {new}  ({file}{conflict})",
            "{}  {what}: {old} → {new}  ({file}{conflict})",
            c.indicator
        );
        text.push_str(&format!("{line}\n"));
    }
    for c in &plan.kept_by_tree {
        let what = import::field_name(c.field);
        let (form, tree) = (import::quoted(&c.form), import::quoted(&c.tree));
        let line = crate::tr!(
            "{}  {what}: kept {tree} (conflict: the tree's side; the form says {form})",
            "{}  {what}: tetap {tree} (bentrok: pihak pohon isi; formulir berisi {form})",
            c.indicator
        );
        text.push_str(&format!("{line}\n"));
    }
    let _ = crate::terminal::print(&text);
    let (period, agency, changed, files, untouched) = (
        &plan.period,
        &plan.agency,
        plan.changes.len(),
        plan.files.len(),
        plan.untouched,
    );
    let summary = crate::tr!(
        "{period}/{agency}: {changed} value(s) changed in {files} file(s), {untouched} cell(s) left as they were",
        "{period}/{agency}: {changed} nilai diubah di {files} berkas, {untouched} sel tidak diubah"
    );
    if dry_run {
        crate::say!(
            "{summary} {}",
            crate::tr!(
                "(dry run: nothing was written)",
                "(uji coba: tidak ada yang ditulis)"
            )
        );
        return Ok(());
    }
    match import::apply(&plan, content) {
        Ok(()) => {
            crate::say!("{summary}");
            Ok(())
        }
        Err(diags) => {
            print_diagnostics(&diags);
            crate::say!(
                "{}",
                crate::tr!(
                    "the import was undone: every file is as it was",
                    "impor dibatalkan: semua berkas kembali seperti semula"
                )
            );
            Err(Failure::errors(Vec::new()))
        }
    }
}
