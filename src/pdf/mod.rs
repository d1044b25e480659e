//! `tolok pdf`: builds the site into a temporary folder with the normal
//! build, then prints its printable documents (agency reports, books) to PDF
//! with a headless Chromium or Chrome. The browser handling is in `browser`,
//! the little PDF reading that page numbers need in `reader`. Temporary
//! folders (site, browser profiles) are removed whatever happens.

pub mod browser;
pub mod reader;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::build::{build, BuildOptions};
use crate::content;
use crate::diagnostics::Diagnostic;
use crate::i18n::Msg;
use crate::model::Model;
use crate::view::paths;

#[derive(Debug, Clone)]
pub struct PdfOptions {
    pub period: Option<String>,
    pub agency: Option<String>,
    pub group: Option<String>,
    pub out: PathBuf,
    pub browser: Option<PathBuf>,
    pub theme: Option<PathBuf>,
    pub timeout: Duration,
}

/// Why `tolok pdf` stopped.
#[derive(Debug)]
pub enum PdfFailure {
    /// The command line names something that is not there (exit 2).
    Usage(Diagnostic),
    /// The content, the build, the browser or the output failed (exit 1).
    Failed(Vec<Diagnostic>),
}

fn failed(file: impl Into<PathBuf>, message: Msg, hint: Msg) -> PdfFailure {
    PdfFailure::Failed(vec![Diagnostic::error(file, message).hint(hint)])
}

/// One document to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The page, relative to the site root.
    pub page: String,
    /// The PDF's file name.
    pub file: String,
    /// A book: its contents get page numbers (a second print).
    pub book: bool,
}

/// A written PDF.
#[derive(Debug)]
pub struct Written {
    pub path: PathBuf,
    pub pages: usize,
    pub seconds: f64,
}

/// `maluku-utara/dinkes` -> `maluku-utara-dinkes`, for file names.
fn flat(id: &str) -> String {
    id.replace('/', "-")
}

/// The documents the options ask for: an agency's report; a group's book and
/// its agencies' reports; or (neither) the period's book and every report.
pub fn jobs(model: &Model, options: &PdfOptions) -> Result<Vec<Job>, PdfFailure> {
    let usage = |message: Msg, hint: Msg| {
        PdfFailure::Usage(Diagnostic::error("command line", message).hint(hint))
    };
    let period = match &options.period {
        Some(id) => model.period(id),
        None => model.latest(),
    };
    let Some(p) = period else {
        let known: Vec<&str> = model.periods.iter().map(|p| p.id.as_str()).collect();
        return Err(usage(
            match &options.period {
                Some(id) => crate::tr!("there is no period `{id}`", "tidak ada periode `{id}`"),
                None => crate::tr!(
                    "the content has no period",
                    "pohon isi tidak memuat periode"
                ),
            },
            crate::tr!(
                "periods in this tree: {}",
                "periode dalam pohon isi ini: {}",
                known.join(", ")
            ),
        ));
    };
    let report = |id: &str| Job {
        page: paths::report(&p.id, id),
        file: format!("{}-{}.pdf", p.id, flat(id)),
        book: false,
    };
    if let Some(wanted) = &options.agency {
        // The full id, or its last part when that names one agency.
        return match p.named_agency(wanted) {
            Ok(a) => Ok(vec![report(&a.id)]),
            Err(many) if many.is_empty() => Err(usage(
                crate::tr!(
                    "there is no agency `{wanted}` in period `{}`",
                    "tidak ada perangkat daerah `{wanted}` dalam periode `{}`",
                    p.id
                ),
                crate::tr!(
                    "agencies: {}",
                    "perangkat daerah: {}",
                    p.agencies
                        .iter()
                        .map(|a| a.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            Err(many) => Err(usage(
                crate::tr!(
                    "`{wanted}` names more than one agency in period `{}`",
                    "`{wanted}` cocok dengan lebih dari satu perangkat daerah dalam periode `{}`",
                    p.id
                ),
                crate::tr!(
                    "use the full id: {}",
                    "tulis id lengkapnya: {}",
                    many.join(", ")
                ),
            )),
        };
    }
    let members: Vec<&str> = match &options.group {
        Some(g) => {
            if !p.groups.iter().any(|x| &x.id == g) {
                return Err(usage(
                    crate::tr!(
                        "there is no group `{g}` in period `{}`",
                        "tidak ada kelompok `{g}` dalam periode `{}`",
                        p.id
                    ),
                    crate::tr!(
                        "groups: {}",
                        "kelompok: {}",
                        p.groups
                            .iter()
                            .map(|x| x.id.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
            p.agencies
                .iter()
                .filter(|a| {
                    a.group
                        .as_deref()
                        .is_some_and(|ag| ag == g || ag.starts_with(&format!("{g}/")))
                })
                .map(|a| a.id.as_str())
                .collect()
        }
        None => p.agencies.iter().map(|a| a.id.as_str()).collect(),
    };
    let mut list = Vec::new();
    let book = options.group.is_some() || crate::view::has_period_book(p);
    if !members.is_empty() && book {
        list.push(match &options.group {
            Some(g) => Job {
                page: paths::group_book(&p.id, g),
                file: format!("{}-{}-book.pdf", p.id, flat(g)),
                book: true,
            },
            None => Job {
                page: paths::book(&p.id),
                file: format!("{}-book.pdf", p.id),
                book: true,
            },
        });
    }
    list.extend(members.into_iter().map(report));
    Ok(list)
}

/// Builds the site into a temporary folder and prints the documents into
/// `options.out`. `progress` hears of each PDF as it is written.
pub fn make(
    content_dir: &Path,
    options: &PdfOptions,
    mut progress: impl FnMut(&Written),
) -> Result<Vec<Written>, PdfFailure> {
    let (browser, _) = browser::find(options.browser.as_deref()).map_err(|message| {
        failed(
            options.browser.clone().unwrap_or_else(|| "PATH".into()),
            message,
            browser::install_hint(),
        )
    })?;
    let loaded = content::load(content_dir);
    if loaded.diagnostics.has_errors() {
        return Err(PdfFailure::Failed(loaded.diagnostics.sorted()));
    }
    let jobs = jobs(&loaded.model, options)?;
    browser::catch_interrupts();

    let tmp = tempfile::Builder::new()
        .prefix("tolok-pdf-")
        .tempdir()
        .map_err(|e| {
            failed(
                std::env::temp_dir(),
                crate::tr!(
                    "cannot create a temporary folder: {e}",
                    "folder sementara tidak dapat dibuat: {e}"
                ),
                crate::tr!(
                    "check the space and permissions of the temporary folder (TMPDIR)",
                    "periksa ruang kosong dan izin akses folder sementara (TMPDIR)"
                ),
            )
        })?;
    let site = tmp.path().join("site");
    let build_options = BuildOptions {
        theme: options.theme.clone(),
        since: None,
        progress: false,
        // A throwaway site: nothing to carry over to.
        no_cache: true,
        background_removal: false,
        defer_print: false,
        in_place: None,
        compiled: None,
    };
    build(content_dir, &site, &build_options).map_err(|f| PdfFailure::Failed(f.diagnostics))?;
    std::fs::create_dir_all(&options.out).map_err(|e| {
        failed(
            &options.out,
            crate::tr!(
                "cannot create the output folder: {e}",
                "folder keluaran tidak dapat dibuat: {e}"
            ),
            crate::tr!(
                "check permissions, or choose another --out",
                "periksa izin akses, atau pilih --out lain"
            ),
        )
    })?;

    let mut written = Vec::new();
    for (n, job) in jobs.iter().enumerate() {
        let started = Instant::now();
        let printed = tmp.path().join(format!("{n}.pdf"));
        let profile = tmp.path().join(format!("profile-{n}"));
        let page = site.join(&job.page);
        let print = |to: &Path| {
            browser::print(
                &browser,
                &browser::file_url(&page),
                to,
                &profile,
                options.timeout,
            )
            .map_err(|e| {
                failed(
                    &browser,
                    crate::tr!(
                        "printing {} failed: {e}",
                        "gagal mencetak {}: {e}",
                        job.page
                    ),
                    crate::tr!(
                        "check that the browser starts (`BROWSER --headless --dump-dom about:blank`); a slow machine may need a longer --timeout",
                        "pastikan peramban dapat dijalankan (`BROWSER --headless --dump-dom about:blank`); mesin yang lambat mungkin memerlukan --timeout yang lebih lama"
                    ),
                )
            })
        };
        print(&printed)?;
        let mut facts = reader::read(&std::fs::read(&printed).unwrap_or_default());
        if job.book {
            // Page numbers in the contents: print, read where each report
            // starts, write the numbers in, print again (until they hold).
            for _ in 0..3 {
                if !number_contents(&page, &facts.destinations) {
                    break;
                }
                print(&printed)?;
                let again = reader::read(&std::fs::read(&printed).unwrap_or_default());
                let settled = again.destinations == facts.destinations;
                facts = again;
                if settled {
                    break;
                }
            }
        }
        let target = options.out.join(&job.file);
        std::fs::copy(&printed, &target).map_err(|e| {
            failed(
                &target,
                crate::tr!("cannot write the PDF: {e}", "PDF tidak dapat ditulis: {e}"),
                crate::tr!(
                    "check permissions and disk space",
                    "periksa izin akses dan ruang disk"
                ),
            )
        })?;
        let w = Written {
            path: target,
            pages: facts.pages,
            seconds: started.elapsed().as_secs_f64(),
        };
        progress(&w);
        written.push(w);
    }
    Ok(written)
}

/// Writes page numbers into the contents of the book at `page`
/// (`<span class="toc-page" data-page-of="ANCHOR">N</span>`); false when
/// nothing changed.
fn number_contents(page: &Path, destinations: &std::collections::BTreeMap<String, usize>) -> bool {
    let Ok(html) = std::fs::read_to_string(page) else {
        return false;
    };
    let marker = "data-page-of=\"";
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = rest.find(marker) {
        let after = &rest[at + marker.len()..];
        let Some(q) = after.find('"') else { break };
        let anchor = &after[..q];
        let Some(close) = after[q..].find("</span>") else {
            break;
        };
        out.push_str(&rest[..at + marker.len() + q]);
        out.push_str("\">");
        if let Some(n) = destinations.get(anchor) {
            out.push_str(&n.to_string());
        }
        rest = &after[q + close..];
    }
    out.push_str(rest);
    if out == html {
        return false;
    }
    std::fs::write(page, out).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_get_page_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("book.html");
        std::fs::write(
            &page,
            r##"<a href="#x"><span class="toc-page" data-page-of="x"></span></a><span class="toc-page" data-page-of="y">9</span>"##,
        )
        .unwrap();
        let dests = [("x".to_string(), 3), ("y".to_string(), 7)].into();
        assert!(number_contents(&page, &dests));
        assert_eq!(
            std::fs::read_to_string(&page).unwrap(),
            r##"<a href="#x"><span class="toc-page" data-page-of="x">3</span></a><span class="toc-page" data-page-of="y">7</span>"##
        );
        assert!(
            !number_contents(&page, &dests),
            "a second pass changes nothing"
        );
    }
}
