//! `tolok build`: check, score and write the site; say what was built.

use std::path::Path;

use super::{print_diagnostics, print_json, Outcome};
use crate::build::{build, BuildOptions};
use crate::cli::BuildFormat;

pub fn run(format: BuildFormat, content: &Path, out: &Path, options: BuildOptions) -> Outcome {
    super::reading(content);
    let report = build(content, out, &options)?;
    if format == BuildFormat::Json {
        return print_json(&(serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"));
    }
    print_diagnostics(&report.warnings);
    crate::say!(
        "{}",
        crate::tr!(
            "built {} period(s), {} agencies, {} pages ({} files) into {} in {:.2} s; {} warning(s)",
            "dibangun {} periode, {} perangkat daerah, {} halaman ({} berkas) ke {} dalam {:.2} detik; {} peringatan",
            report.periods,
            report.agencies,
            report.pages,
            report.files,
            out.display(),
            report.elapsed.as_secs_f64(),
            report.warnings.len()
        )
    );
    Ok(())
}
