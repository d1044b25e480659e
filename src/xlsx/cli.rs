//! `tolok export form` and `tolok import`: load the tree, call `form` or
//! `import`, print what was done, return the exit code.

use std::path::{Path, PathBuf};

use crate::cli::{print_diagnostics, EXIT_ERRORS, EXIT_OK, EXIT_USAGE};
use crate::content;
use crate::diagnostics::nearest;
use crate::model::Model;

/// The loaded tree, or the exit code after printing its errors.
fn load(content_dir: &Path) -> Result<Model, u8> {
    let loaded = content::load(content_dir);
    if loaded.diagnostics.has_errors() {
        print_diagnostics(&loaded.diagnostics.sorted());
        crate::say!("fix the content tree first (`tolok check`)");
        return Err(EXIT_ERRORS);
    }
    Ok(loaded.model)
}

pub fn export_form(target: &str, content_dir: &Path, out: Option<&Path>, force: bool) -> u8 {
    let model = match load(content_dir) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let target = target.trim().trim_matches('/');
    let (period_id, agency_id) = target.split_once('/').unwrap_or((target, ""));
    let Some(period) = model.period(period_id) else {
        let known: Vec<&str> = model.periods.iter().map(|p| p.id.as_str()).collect();
        crate::say!(
            "error: there is no period `{period_id}`\n  = help: write PERIOD/AGENCY, e.g. `{}/GROUP/AGENCY`; periods in this tree: {}",
            known.last().unwrap_or(&"2022"),
            known.join(", ")
        );
        return EXIT_USAGE;
    };
    let Some(agency) = period.agency(agency_id) else {
        let near = nearest(agency_id, period.agencies.iter().map(|a| a.id.as_str()));
        crate::say!(
            "error: there is no agency `{agency_id}` in the period `{period_id}`\n  = help: {}",
            match near {
                Some(n) => format!("did you mean `{period_id}/{n}`?"),
                None => "the agency id is its folder path below the period, e.g. `maluku-utara/disnakertrans`".into(),
            }
        );
        return EXIT_USAGE;
    };
    let out: PathBuf = out.map(Path::to_path_buf).unwrap_or_else(|| {
        PathBuf::from(format!("{period_id}-{}.xlsx", agency.id.replace('/', "-")))
    });
    if out.exists() && !force {
        crate::say!(
            "error: {} exists; a filled form may be in it\n  = help: name another file with --out, or add --force to replace it",
            out.display()
        );
        return EXIT_ERRORS;
    }
    let key = match super::record::form_key(content_dir, true) {
        Ok((key, made)) => {
            if made {
                crate::say!(
                    "created {}: the key that seals this tree's answer forms; commit it with the tree and keep it as private as the repository",
                    super::record::key_path(content_dir).display()
                );
            }
            key
        }
        Err(e) => {
            crate::say!("error: {e}");
            return EXIT_ERRORS;
        }
    };
    let bytes = match super::form::form_xlsx(period, agency, model.site.language, &key) {
        Ok(b) => b,
        Err(e) => {
            crate::say!("error: cannot make the workbook: {e}");
            return EXIT_ERRORS;
        }
    };
    if let Err(e) = std::fs::write(&out, bytes) {
        crate::say!("error: {}: cannot write the file: {e}", out.display());
        return EXIT_ERRORS;
    }
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
    EXIT_OK
}

pub fn import(file: &Path, content_dir: &Path, dry_run: bool) -> u8 {
    let model = match load(content_dir) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let plan = match super::import::plan(&model, file) {
        Ok(p) => p,
        Err(diags) => {
            print_diagnostics(&diags);
            return EXIT_ERRORS;
        }
    };
    let mut text = String::new();
    for c in &plan.changes {
        text.push_str(&format!(
            "{}  {} → {}  ({})\n",
            c.indicator,
            c.old.as_deref().unwrap_or("–"),
            c.new.as_deref().unwrap_or("–"),
            c.file
        ));
    }
    let _ = crate::terminal::print(&text);
    let summary = format!(
        "{}/{}: {} answer(s) changed in {} file(s), {} left as they were",
        plan.period,
        plan.agency,
        plan.changes.len(),
        plan.files.len(),
        plan.kept
    );
    if dry_run {
        crate::say!("{summary} (dry run: nothing was written)");
        return EXIT_OK;
    }
    match super::import::apply(&plan, content_dir) {
        Ok(()) => {
            crate::say!("{summary}");
            EXIT_OK
        }
        Err(diags) => {
            print_diagnostics(&diags);
            crate::say!("the import was undone: every file is as it was");
            EXIT_ERRORS
        }
    }
}
