//! `tolok pdf`: print the period's book and reports to PDF.

use std::path::Path;

use super::{print_diagnostics, Failure, Outcome};
use crate::pdf::{PdfFailure, PdfOptions};

pub fn run(content: &Path, options: &PdfOptions) -> Outcome {
    let started = std::time::Instant::now();
    let result = crate::pdf::make(content, options, |w| {
        crate::say!(
            "{}",
            crate::tr!(
                "wrote {} ({} page(s), {:.1} s)",
                "ditulis {} ({} halaman, {:.1} detik)",
                w.path.display(),
                w.pages,
                w.seconds
            )
        );
    });
    match result {
        Ok(list) => {
            crate::say!(
                "{}",
                crate::tr!(
                    "{} PDF(s) in {} in {:.1} s",
                    "{} PDF di {} dalam {:.1} detik",
                    list.len(),
                    options.out.display(),
                    started.elapsed().as_secs_f64()
                )
            );
            Ok(())
        }
        Err(PdfFailure::Usage(d)) => Err(Failure::usage(d)),
        // Warnings only: the PDFs were written.
        Err(PdfFailure::Failed(list)) if !list.iter().any(|d| d.is_error()) => {
            print_diagnostics(&list);
            Ok(())
        }
        Err(PdfFailure::Failed(list)) => Err(Failure::errors(list)),
    }
}
