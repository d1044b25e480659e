//! `tolok check`: load and check the tree; print every diagnostic, as text
//! or as JSON for machines.

use std::path::Path;

use super::{print_diagnostics, print_json, Failure, Outcome};
use crate::cli::CheckFormat;

pub fn run(content: &Path, format: CheckFormat) -> Outcome {
    super::reading(content);
    let loaded = crate::content::load(content);
    let has_errors = loaded.diagnostics.has_errors();
    let list = loaded.diagnostics.sorted();
    match format {
        CheckFormat::Text => {
            if has_errors {
                return Err(Failure::errors(list));
            }
            print_diagnostics(&list);
            let agencies: usize = loaded.model.periods.iter().map(|p| p.agencies.len()).sum();
            crate::say!(
                "{}",
                crate::tr!(
                    "ok: {} period(s), {} agencies, {} warning(s)",
                    "tidak ada kesalahan: {} periode, {} perangkat daerah, {} peringatan",
                    loaded.model.periods.len(),
                    agencies,
                    list.len()
                )
            );
            Ok(())
        }
        CheckFormat::Json => {
            // A typed document, so the keys keep their order: ok, then diagnostics.
            #[derive(serde::Serialize)]
            struct CheckJson<'a> {
                ok: bool,
                diagnostics: &'a [crate::diagnostics::Diagnostic],
            }
            let json = CheckJson {
                ok: !has_errors,
                diagnostics: &list,
            };
            // A closed pipe (`| head`) is not worth a panic.
            let _ = print_json(&(serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"));
            // The diagnostics are in the document: nothing more to print.
            if has_errors {
                return Err(Failure::errors(Vec::new()));
            }
            Ok(())
        }
    }
}
