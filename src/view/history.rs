//! Contexts for what git knows: an agency's file history (provenance) and the
//! "changes since" page of `build --since`. Values come ready to show (dates
//! in the site's format, short commit ids, links); this module runs no git.

use super::{band_view, paths, BandView, Frame, Link, SiteData};
use crate::analysis::changes::{Figures, Status};
use crate::model::{Agency, Framework, Period};
use crate::render::locale;
use serde::Serialize;

/// One commit as shown: date in the site's format, author, short id.
#[derive(Debug, Clone, Serialize)]
pub struct CommitView {
    pub date: String,
    pub author: String,
    pub commit: String,
}

/// One row of the "file history" table.
#[derive(Debug, Serialize)]
pub struct FileRow {
    /// Path relative to the agency folder.
    pub file: String,
    /// The copied attachment, for attachments.
    pub url: Option<String>,
    /// Its last commit; None when it was never committed (or git ignores it).
    pub last: Option<CommitView>,
    /// It differs from its last commit, or git does not track it yet.
    pub uncommitted: bool,
}

/// An agency's provenance: its last change and each file's.
#[derive(Debug, Serialize)]
pub struct HistoryView {
    /// The newest commit that changed any of its files.
    pub last: Option<CommitView>,
    /// Some file of the agency has changes not committed.
    pub uncommitted: bool,
    /// The history comes from a shallow clone: dates may be wrong.
    pub shallow: bool,
    pub files: Vec<FileRow>,
}

/// The history of the agency's files, when the tree is in git.
pub fn agency_history(
    data: &SiteData,
    period: &Period,
    agency: &Agency,
    from: &str,
) -> Option<HistoryView> {
    let prov = data.provenance.as_ref()?;
    let mut names: Vec<&String> = agency.files.iter().chain(&agency.attachments).collect();
    names.sort();
    names.dedup();
    let view = |ix: usize| {
        prov.commit(ix).map(|c| CommitView {
            date: locale::date(c.date, data.lang()),
            author: c.author.clone(),
            commit: c.short.clone(),
        })
    };
    let mut newest: Option<usize> = None;
    let mut uncommitted = false;
    let files = names
        .into_iter()
        .map(|name| {
            let key = format!("{}/{}/{}", period.id, agency.id, name);
            let h = prov.file(&key).cloned().unwrap_or_default();
            if let Some(ix) = h.last {
                newest = Some(newest.map_or(ix, |n| n.min(ix)));
            }
            uncommitted |= h.uncommitted;
            FileRow {
                url: agency
                    .attachments
                    .contains(name)
                    .then(|| paths::link(from, &paths::attachment(&period.id, &agency.id, name))),
                file: name.clone(),
                last: h.last.and_then(view),
                uncommitted: h.uncommitted,
            }
        })
        .collect();
    Some(HistoryView {
        last: newest.and_then(view),
        uncommitted,
        shallow: prov.shallow,
        files,
    })
}

// ---------------------------------------------------------------- changes since

#[derive(Debug, Serialize)]
pub struct AnswerChangeView {
    pub indicator: String,
    pub answer_old: String,
    pub answer_new: String,
    pub answer_changed: bool,
    pub verified_old: String,
    pub verified_new: String,
    pub verified_changed: bool,
}

#[derive(Debug, Serialize)]
pub struct AgencyChangeView {
    pub id: String,
    pub name: String,
    /// Its page in the current site; None for an agency that was removed.
    pub url: Option<String>,
    /// "baru" / "dihapus", empty for a changed agency.
    pub status: String,
    pub before_index: String,
    pub before_band: Option<BandView>,
    pub after_index: String,
    pub after_band: Option<BandView>,
    /// The change of the index, signed (`+2,50`), empty when either side has none.
    pub delta: String,
    pub answers: Vec<AnswerChangeView>,
}

#[derive(Debug, Serialize)]
pub struct PeriodChangeView {
    pub name: String,
    pub url: Option<String>,
    pub status: String,
    pub unchanged: usize,
    pub agencies: Vec<AgencyChangeView>,
}

#[derive(Debug, Serialize)]
pub struct ChangesPage {
    pub frame: Frame,
    pub rev: String,
    pub commit: String,
    pub periods: Vec<PeriodChangeView>,
    /// Nothing changed in any period.
    pub empty: bool,
}

/// The link from the home page to the changes page, when there is one.
pub fn changes_link(data: &SiteData, from: &str) -> Option<Link> {
    data.since.as_ref().map(|s| Link {
        label: format!("{} {}", data.t("changes_since"), s.rev),
        url: paths::link(from, &paths::changes()),
    })
}

/// A band shown by its label, coloured as in `fw` when `fw` has that label.
fn band_by_label(fw: Option<&Framework>, label: Option<&String>) -> Option<BandView> {
    let label = label?;
    let found = fw.and_then(|fw| {
        let ix = fw.bands.iter().position(|b| &b.label == label)?;
        band_view(fw, Some(ix))
    });
    Some(found.unwrap_or_else(|| BandView {
        label: label.clone(),
        name: String::new(),
        fill: "#ffffff".into(),
        text: "#000000".into(),
        position: usize::MAX,
    }))
}

pub fn changes_page(data: &SiteData) -> Option<ChangesPage> {
    let since = data.since.as_ref()?;
    let path = paths::changes();
    let title = format!("{} {}", data.t("changes_since"), since.rev);
    let frame = Frame::new(data, &path, title, vec![(data.t("home"), paths::home())]);
    let status = |s: Status| match s {
        Status::Added => data.t("change_added"),
        Status::Removed => data.t("change_removed"),
        Status::Changed | Status::Unchanged => String::new(),
    };
    let dash = |x: &Option<String>| x.clone().unwrap_or_else(|| "–".into());
    let periods = since
        .diff
        .periods
        .iter()
        .map(|pc| {
            let current = data.model.period(&pc.period);
            let fw = current.map(|p| p.framework.as_ref());
            let agencies = pc
                .agencies
                .iter()
                .map(|ac| {
                    let idx =
                        |f: &Option<Figures>| data.opt_num(f.as_ref().and_then(|f| f.index), 2);
                    let band = |f: &Option<Figures>| {
                        band_by_label(fw, f.as_ref().and_then(|f| f.band.as_ref()))
                    };
                    let delta = match (
                        ac.before.as_ref().and_then(|f| f.index),
                        ac.after.as_ref().and_then(|f| f.index),
                    ) {
                        (Some(b), Some(a)) => {
                            let d = crate::model::round2(a) - crate::model::round2(b);
                            let sign = if d > 0.0 { "+" } else { "" };
                            format!("{sign}{}", data.num(d, 2))
                        }
                        _ => String::new(),
                    };
                    AgencyChangeView {
                        id: ac.id.clone(),
                        name: ac.name.clone(),
                        url: current
                            .filter(|p| p.agency(&ac.id).is_some())
                            .map(|p| paths::link(&path, &paths::agency(&p.id, &ac.id))),
                        status: status(ac.status),
                        before_index: idx(&ac.before),
                        before_band: band(&ac.before),
                        after_index: idx(&ac.after),
                        after_band: band(&ac.after),
                        delta,
                        answers: ac
                            .answers
                            .iter()
                            .map(|a| AnswerChangeView {
                                indicator: a.indicator.clone(),
                                answer_old: dash(&a.answer.old),
                                answer_new: dash(&a.answer.new),
                                answer_changed: a.answer.old != a.answer.new,
                                verified_old: dash(&a.verified.old),
                                verified_new: dash(&a.verified.new),
                                verified_changed: a.verified.old != a.verified.new,
                            })
                            .collect(),
                    }
                })
                .collect();
            PeriodChangeView {
                name: pc.name.clone(),
                url: current.map(|p| paths::link(&path, &paths::period(&p.id))),
                status: status(pc.status),
                unchanged: pc.unchanged,
                agencies,
            }
        })
        .collect();
    Some(ChangesPage {
        frame,
        rev: since.rev.clone(),
        commit: since.commit.chars().take(10).collect(),
        empty: since.diff.is_empty(),
        periods,
    })
}
