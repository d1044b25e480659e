//! `tolok init`, `tolok new agency` and `tolok new period`: write files to
//! start from, and say which.

use std::path::Path;

use super::{Failure, Outcome};
use crate::diagnostics::Diagnostic;
use crate::scaffold;

pub fn init(dir: &Path, period: Option<String>) -> Outcome {
    let period = period.unwrap_or_else(|| scaffold::current_year().to_string());
    report_written(dir, scaffold::init(dir, &period).map_err(|d| vec![d]))?;
    match scaffold::ignore_built_files(dir) {
        scaffold::Ignored::Written(file) => crate::say!(
            "{}",
            crate::tr!(
                "created {} (git leaves the built site, the preview and PDFs out)",
                "dibuat {} (git tidak menyertakan situs yang dibangun, pratinjau, dan PDF)",
                file.display()
            )
        ),
        scaffold::Ignored::Exists(file) => crate::say!(
            "{}",
            crate::tr!(
                "{} exists and was left as it is; for git to leave what tolok builds out, add: {}",
                "{} sudah ada dan dibiarkan apa adanya; agar git tidak menyertakan hasil pembangunan tolok, tambahkan: {}",
                file.display(),
                scaffold::BUILT.join(" ")
            )
        ),
        scaffold::Ignored::Not => {}
    }
    crate::say!(
        "{}",
        crate::tr!(
            "next: `tolok check {0}`, then `tolok serve {0}` to see the site while you edit (BACA-SAYA.md explains more)",
            "berikutnya: `tolok check {0}`, lalu `tolok serve {0}` untuk melihat situs selama Anda menyunting (BACA-SAYA.md menjelaskan lebih lanjut)",
            dir.display()
        )
    );
    Ok(())
}

pub fn new_agency(content: &Path, agency: &scaffold::NewAgency) -> Outcome {
    report_written(
        content,
        scaffold::new_agency(content, agency).map_err(|d| vec![d]),
    )
}

pub fn new_period(content: &Path, new: &str, from: Option<&str>, name: Option<&str>) -> Outcome {
    report_written(content, scaffold::new_period(content, new, from, name))
}

/// Lists what a scaffolding command wrote (or why it wrote nothing).
fn report_written(root: &Path, result: Result<scaffold::Written, Vec<Diagnostic>>) -> Outcome {
    let written = result.map_err(Failure::errors)?;
    let shown: Vec<String> = written
        .files
        .iter()
        .map(|f| root.join(f).display().to_string())
        .collect();
    if shown.len() <= 12 {
        for f in &shown {
            crate::say!("{}", crate::tr!("created {f}", "dibuat {f}"));
        }
    } else {
        for f in &shown[..6] {
            crate::say!("{}", crate::tr!("created {f}", "dibuat {f}"));
        }
        crate::say!(
            "{}",
            crate::tr!("... and {} more", "... dan {} lainnya", shown.len() - 6)
        );
    }
    crate::say!(
        "{}",
        crate::tr!("{} file(s) written", "{} berkas ditulis", shown.len())
    );
    Ok(())
}
