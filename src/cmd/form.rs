//! `tolok export form` and `tolok import`: an agency's answer form out to
//! Excel and back into its YAML.

use std::path::{Path, PathBuf};

use super::{load_clean, print_diagnostics, Failure, Outcome};
use crate::diagnostics::{nearest, Diagnostic};
use crate::i18n::Msg;
use crate::tr;
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
        let (last, all) = (known.last().unwrap_or(&"2022"), known.join(", "));
        return Err(Failure::usage(
            Diagnostic::error(
                content,
                tr!("there is no period `{period_id}`", "tidak ada periode `{period_id}`"),
            )
            .hint(tr!(
                "write PERIOD/AGENCY, e.g. `{last}/GROUP/AGENCY`; periods in this tree: {all}",
                "tulis PERIODE/PERANGKAT-DAERAH, mis. `{last}/KELOMPOK/PERANGKAT-DAERAH`; periode di pohon ini: {all}"
            )),
        ));
    };
    let agency = match period.named_agency(agency_id) {
        Ok(a) => a,
        Err(many) if !many.is_empty() => {
            let full = many
                .iter()
                .map(|id| format!("{period_id}/{id}"))
                .collect::<Vec<_>>()
                .join(", ");
            return Err(Failure::usage(
                Diagnostic::error(
                    content,
                    tr!(
                        "`{agency_id}` names more than one agency in the period `{period_id}`",
                        "`{agency_id}` menunjuk lebih dari satu perangkat daerah di periode `{period_id}`"
                    ),
                )
                .hint(tr!("use the full id: {full}", "pakai ID lengkap: {full}")),
            ));
        }
        Err(_) => {
            let near = nearest(agency_id, period.agencies.iter().map(|a| a.id.as_str()));
            return Err(Failure::usage(
                Diagnostic::error(
                    content,
                    tr!(
                        "there is no agency `{agency_id}` in the period `{period_id}`",
                        "tidak ada perangkat daerah `{agency_id}` di periode `{period_id}`"
                    ),
                )
                .hint(match near {
                    Some(n) => tr!(
                        "did you mean `{period_id}/{n}`?",
                        "maksud Anda `{period_id}/{n}`?"
                    ),
                    None => tr!(
                        "the agency id is its folder path below the period, e.g. `maluku-utara/disnakertrans`",
                        "ID perangkat daerah adalah jalur foldernya di bawah periode, mis. `maluku-utara/disnakertrans`"
                    ),
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
            tr!(
                "the file exists; a filled form may be in it",
                "berkas ini sudah ada; mungkin berisi formulir yang sudah diisi"
            ),
            tr!(
                "name another file with --out, or add --force to replace it",
                "sebut berkas lain dengan --out, atau tambahkan --force untuk menggantinya"
            ),
        ));
    }
    let (key, made) = record::form_key(content, true).map_err(|e| {
        Failure::error(
            content,
            Msg::verbatim(e),
            tr!(
                "make sure the content folder can be written to",
                "pastikan folder isi dapat ditulisi"
            ),
        )
    })?;
    if made {
        let key_path = record::key_path(content);
        let key_path = key_path.display();
        crate::say!(
            "{}",
            tr!(
                "created {key_path}: the key that seals this tree's answer forms; commit it with the tree and keep it as private as the repository",
                "dibuat {key_path}: kunci yang menyegel formulir jawaban pohon ini; simpan bersama pohon isi dan jaga kerahasiaannya seperti repositorinya"
            )
        );
    }
    let bytes =
        form::form_xlsx(period, agency, model.site.language, &key, deadline).map_err(|e| {
            Failure::error(
                &out,
                tr!(
                    "cannot make the workbook: {e}",
                    "buku kerja tidak dapat dibuat: {e}"
                ),
                tr!(
                    "report this as a bug of tolok",
                    "laporkan ini sebagai kesalahan program tolok"
                ),
            )
        })?;
    std::fs::write(&out, bytes).map_err(|e| {
        Failure::error(
            &out,
            tr!(
                "cannot write the file: {e}",
                "berkas tidak dapat ditulis: {e}"
            ),
            tr!(
                "check the folder's permissions and free space",
                "periksa izin folder dan ruang kosong disk"
            ),
        )
    })?;
    let (shown, name, id) = (out.display(), &agency.name, &agency.id);
    let indicators = period.framework.leaves.len();
    let answered = agency
        .answers
        .values()
        .filter(|a| a.answer.is_some())
        .count();
    crate::say!(
        "{}",
        tr!(
            "wrote {shown}: the answer form of {name} ({id}), {indicators} indicators, {answered} answered",
            "ditulis {shown}: formulir jawaban {name} ({id}), {indicators} indikator, {answered} terjawab"
        )
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
            tr!(", conflict: the form's side", ", bentrok: pihak formulir").into_string()
        } else {
            String::new()
        };
        let line = tr!(
            "{}  {what}: {old} → {new}  ({file}{conflict})",
            "{}  {what}: {old} → {new}  ({file}{conflict})",
            c.indicator
        );
        text.push_str(&format!("{line}\n"));
    }
    for c in &plan.kept_by_tree {
        let what = import::field_name(c.field);
        let (form, tree) = (import::quoted(&c.form), import::quoted(&c.tree));
        let line = tr!(
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
    let summary = tr!(
        "{period}/{agency}: {changed} value(s) changed in {files} file(s), {untouched} cell(s) left as they were",
        "{period}/{agency}: {changed} nilai diubah di {files} berkas, {untouched} sel tidak diubah"
    );
    if dry_run {
        crate::say!(
            "{summary} {}",
            tr!(
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
                tr!(
                    "the import was undone: every file is as it was",
                    "impor dibatalkan: semua berkas kembali seperti semula"
                )
            );
            Err(Failure::errors(Vec::new()))
        }
    }
}
