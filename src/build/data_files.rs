//! The period's data files: `scores.json` (unchanged agencies' entries
//! copied from the previous file), the workbooks (`scores.xlsx`, and a large
//! period's indicator workbooks per group), and the print files `serve` put
//! off until the site was in place.

use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::incremental::{Job, Rebuild};
use super::writer::{cannot_write, rendering_failed, Writer};
use super::{fail, BuildFailure, Deferred};
use crate::export;
use crate::i18n::Msg;
use crate::render::Renderer;
use crate::score;
use crate::view::{self, paths, SiteData};

/// The period's `scores.json`, each unchanged agency's entry copied from
/// the previous one (its place there recorded), the others serialized.
pub(super) fn scores_json(
    facts: &view::PeriodFacts,
    rebuild: Option<&Rebuild>,
    w: &Writer,
) -> Result<usize, BuildFailure> {
    use std::io::Write;
    let p = facts.period;
    let rel = paths::scores_json(&p.id);
    let earlier = rebuild.and_then(|r| r.earlier_entries(facts));
    let copied = AtomicUsize::new(0);
    let entry = |i: usize| {
        let span = earlier.as_ref()?.span(i);
        if span.is_some() {
            copied.fetch_add(1, Ordering::Relaxed);
        }
        span
    };
    let previous = earlier.as_ref().map(|e| export::Previous {
        file: &e.file,
        entry: &entry,
    });
    let mut spans = None;
    let mut write = |previous: Option<&export::Previous>| {
        w.with_file(&rel, |file| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
            let written = export::write_scores_json_reusing(&mut out, p, facts.scores, previous)
                .and_then(|s| out.flush().map(|()| s));
            spans = Some(written.map_err(cannot_write)?);
            Ok(())
        })
    };
    // A previous file that is not as recorded (changed by hand) costs only
    // the time of writing the document whole.
    if write(previous.as_ref()).is_err() {
        copied.store(0, Ordering::Relaxed);
        write(None)?;
    }
    crate::timing::note(&format!(
        "{} of {} entries of scores.json copied from the previous one",
        copied.load(Ordering::Relaxed),
        p.agencies.len()
    ));
    if let (Some(r), Some(spans)) = (rebuild, spans) {
        r.record_entries(p, spans);
    }
    Ok(copied.load(Ordering::Relaxed))
}

/// A large period's indicator rows, a workbook per group (by each agency's
/// nearest group; those outside every group in the period's own), each
/// carried over while its agencies are unchanged.
pub(super) fn indicator_workbooks(
    facts: &view::PeriodFacts,
    rebuild: Option<&Rebuild>,
    w: &Writer,
) -> Result<(), BuildFailure> {
    let p = facts.period;
    let mut by_group: std::collections::BTreeMap<Option<&str>, Vec<usize>> = Default::default();
    for (i, a) in p.agencies.iter().enumerate() {
        by_group.entry(a.group.as_deref()).or_default().push(i);
    }
    let parts: Vec<(Option<&str>, Vec<usize>)> = by_group.into_iter().collect();
    parts
        .par_iter()
        .with_max_len(1)
        .try_for_each(|(group, members)| {
            let rel = paths::indicators_xlsx(&p.id, *group);
            if let Some(r) = rebuild {
                if r.carry(&Job::Workbook(facts, *group, members), w).is_some() {
                    return Ok(());
                }
            }
            let title = group.map_or_else(String::new, |g| facts.group_name(g));
            w.with_file(&rel, |file| {
                let out = std::io::BufWriter::with_capacity(1 << 16, file);
                crate::xlsx::scores::write_indicators_xlsx(p, facts.scores, members, &title, out)
                    .map_err(cannot_make_workbook)
            })
        })
}

pub(super) fn write_xlsx(
    p: &crate::model::Period,
    scores: &[score::AgencyScore],
    file: std::fs::File,
) -> Result<(), Msg> {
    let out = std::io::BufWriter::with_capacity(1 << 20, file);
    crate::xlsx::scores::write_scores_xlsx(p, scores, out).map_err(cannot_make_workbook)
}

fn cannot_make_workbook(e: impl std::fmt::Display) -> Msg {
    crate::tr!(
        "cannot make the workbook: {e}",
        "buku kerja tidak dapat dibuat: {e}"
    )
}

/// Writes the files put off into the site now in place at `out`, each into a
/// temporary file renamed over its stand-in (never written through it: the
/// stand-in may be a link to the previous site's file).
pub(super) fn write_deferred(
    data: &SiteData,
    renderer: &Renderer,
    out: &Path,
    deferred: Vec<Deferred>,
) -> Result<(), BuildFailure> {
    if deferred.is_empty() {
        return Ok(());
    }
    let all = data.facts();
    deferred.par_iter().with_max_len(1).try_for_each(|d| {
        let (facts, rel) = match d {
            Deferred::Book(p, g) => {
                let f = &all[*p];
                let rel = match g {
                    Some(g) => paths::group_book(&f.period.id, g),
                    None => paths::book(&f.period.id),
                };
                (f, rel)
            }
            Deferred::Xlsx(p) => (&all[*p], paths::scores_xlsx(&all[*p].period.id)),
        };
        let path = out.join(&rel);
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        let written = match d {
            Deferred::Book(_, g) => renderer
                .render(
                    "book.html",
                    &view::book_page(data, &all, facts, g.as_deref(), &|_, _| None),
                )
                .map_err(|e| rendering_failed(&rel, e))
                .and_then(|html| std::fs::write(&tmp, html).map_err(os_said)),
            Deferred::Xlsx(_) => std::fs::File::create(&tmp)
                .map_err(os_said)
                .and_then(|f| write_xlsx(facts.period, facts.scores, f)),
        }
        .and_then(|()| std::fs::rename(&tmp, &path).map_err(os_said));
        written.map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            fail(
                &path,
                e,
                crate::tr!("run the build again", "jalankan pembangunan situs lagi"),
            )
        })
    })
}

/// The system's own reason, as it said it.
fn os_said(e: std::io::Error) -> Msg {
    Msg::verbatim(e.to_string())
}
