//! Row builders and small views every page family shares: narratives,
//! evidence lists, answers as shown, band counts and summaries, movement
//! and check marks, names for legends. Nothing here builds a page.

use super::criterion::criterion_page_of;
use super::{band_view, paths, BandView, Frame, Link, SiteData};
use crate::analysis::actions::{by_area, Realisation};
use crate::analysis::checklist::CheckStatus;
use crate::analysis::trends::Movement;
use crate::chart::{self, Column};
use crate::model::{round2, Agency, Framework, Narrative, NodeIx, Period, Response, ScaleKind};
use crate::render::{locale, markdown};
use crate::score::AgencyScore;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct NarrativeView {
    pub title: String,
    pub html: String,
    pub criterion: Option<Link>,
    pub anchor: String,
}

pub(super) fn narrative_views(
    period: &Period,
    from: &str,
    list: &[Narrative],
) -> Vec<NarrativeView> {
    let fw = &period.framework;
    list.iter()
        .map(|n| NarrativeView {
            title: n
                .title
                .clone()
                .unwrap_or_else(|| n.file.trim_end_matches(".md").replace('-', " ")),
            html: markdown::to_html(&n.body, 3),
            criterion: n.criterion.map(|c| Link {
                label: fw.nodes[c].label().to_string(),
                url: paths::link(from, &criterion_page_of(period, c)),
            }),
            anchor: format!("narasi-{}", n.file.trim_end_matches(".md")),
        })
        .collect()
}

pub(super) fn group_name(period: &Period, id: &str) -> String {
    period
        .groups
        .iter()
        .find(|g| g.id == id)
        .map(|g| g.name.clone())
        .unwrap_or_else(|| id.to_string())
}

#[derive(Debug, Serialize)]
pub struct BandCount {
    pub band: BandView,
    pub count: usize,
}

/// Agencies per band, of those that have answered.
pub(super) fn band_counts(fw: &Framework, scores: &[&AgencyScore]) -> Vec<BandCount> {
    (0..fw.bands.len())
        .filter_map(|b| {
            band_view(fw, Some(b)).map(|band| BandCount {
                band,
                count: scores
                    .iter()
                    .filter(|s| s.counts.answered > 0 && s.result.band == Some(b))
                    .count(),
            })
        })
        .collect()
}

pub(super) fn band_chart(data: &SiteData, title: &str, counts: &[BandCount]) -> String {
    let columns: Vec<Column> = counts
        .iter()
        .map(|c| Column {
            label: c.band.label.clone(),
            value: c.count as f64,
            value_label: c.count.to_string(),
            color: c.band.fill.clone(),
        })
        .collect();
    let desc = counts
        .iter()
        .map(|c| format!("{}: {}", c.band.label, c.count))
        .collect::<Vec<_>>()
        .join("; ");
    let _ = data;
    chart::columns(title, &desc, &columns)
}

/// Headline figures of a set of agencies, over those that have answered.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Every agency of the set.
    pub agencies: usize,
    /// The agencies counted in the figures (those that have answered), as
    /// shown (1.000).
    pub agencies_shown: String,
    pub scored: usize,
    /// Agencies that have not answered: in no figure.
    pub not_answered: usize,
    /// "1 belum mengisi", or empty.
    pub not_answered_note: String,
    /// The mean, unrounded, for comparing sides.
    #[serde(skip)]
    pub mean_value: Option<f64>,
    pub mean: String,
    pub mean_band: Option<BandView>,
    pub median: String,
    pub min: String,
    pub max: String,
    pub verified_share: String,
}

pub(super) fn summary(data: &SiteData, fw: &Framework, scores: &[&AgencyScore]) -> Summary {
    let all = scores.len();
    let scores: Vec<&AgencyScore> = scores
        .iter()
        .copied()
        .filter(|s| s.counts.answered > 0)
        .collect();
    let not_answered = all - scores.len();
    let mut indices: Vec<f64> = scores.iter().filter_map(|s| s.result.index).collect();
    indices.sort_by(f64::total_cmp);
    let n = indices.len();
    let mean = (n > 0).then(|| indices.iter().sum::<f64>() / n as f64);
    let median = (n > 0).then(|| {
        if n % 2 == 1 {
            indices[n / 2]
        } else {
            (indices[n / 2 - 1] + indices[n / 2]) / 2.0
        }
    });
    let answered: usize = scores.iter().map(|s| s.counts.answered).sum();
    let verified: usize = scores.iter().map(|s| s.counts.verified).sum();
    Summary {
        agencies: all,
        agencies_shown: data.num(scores.len() as f64, 0),
        scored: n,
        not_answered,
        mean_value: mean,
        not_answered_note: if not_answered > 0 {
            data.t("not_answered_count")
                .replace("{n}", &data.num(not_answered as f64, 0))
        } else {
            String::new()
        },
        mean: data.opt_num(mean, 2),
        mean_band: mean.and_then(|m| band_view(fw, fw.band_of(m))),
        median: data.opt_num(median, 2),
        min: data.opt_num(indices.first().copied(), 2),
        max: data.opt_num(indices.last().copied(), 2),
        verified_share: if answered == 0 {
            "–".into()
        } else {
            data.pct(verified as f64 / answered as f64)
        },
    }
}

#[derive(Debug, Serialize)]
pub struct EvidenceView {
    pub title: String,
    pub url: Option<String>,
    pub date: String,
    pub external: bool,
}

pub(super) fn evidence_views(
    data: &SiteData,
    period: &Period,
    agency: &Agency,
    from: &str,
    list: &[crate::model::Evidence],
) -> Vec<EvidenceView> {
    list.iter()
        .map(|e| EvidenceView {
            title: e.title.to_string(),
            url: e
                .file
                .as_ref()
                .map(|f| paths::link(from, &paths::attachment(&period.id, &agency.id, f)))
                .or_else(|| e.url.as_deref().map(str::to_string)),
            date: e
                .date
                .map(|d| locale::date(d, data.lang()))
                .unwrap_or_default(),
            external: e.file.is_none() && e.url.is_some(),
        })
        .collect()
}

/// An answer as the reader expects it: choice answers as written, numbers
/// of a range scale in the site's number format (74,94 in Indonesian).
pub(super) fn shown(data: &SiteData, scale: &crate::model::Scale, r: Option<&Response>) -> String {
    match r {
        None => String::new(),
        Some(Response::NotApplicable) => data.t("not_applicable_short"),
        Some(Response::Value { shown, .. }) => {
            match (&scale.kind, crate::model::parse_decimal(shown)) {
                (ScaleKind::Range { .. }, Some(x)) => locale::number_short(x, 2, data.lang()),
                _ => shown.to_string(),
            }
        }
    }
}

/// The section an indicator is listed under: its top-level node's child, or the top-level node.
pub(super) fn section_of(fw: &Framework, leaf: NodeIx) -> NodeIx {
    let path = fw.path(leaf);
    if path.len() >= 3 {
        path[1]
    } else {
        path[0]
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MovementView {
    pub text: String,
    pub class: &'static str,
    pub title: String,
}

pub fn movement_view(data: &SiteData, m: Option<Movement>) -> Option<MovementView> {
    Some(match m? {
        Movement::New => MovementView {
            text: data.t("move_new"),
            class: "new",
            title: data.t("move_new_title"),
        },
        Movement::Up(n) => MovementView {
            text: format!("▲ {n}"),
            class: "up",
            title: format!("{} {n}", data.t("move_up_title")),
        },
        Movement::Down(n) => MovementView {
            text: format!("▼ {n}"),
            class: "down",
            title: format!("{} {n}", data.t("move_down_title")),
        },
        Movement::Same => MovementView {
            text: "=".into(),
            class: "same",
            title: data.t("move_same_title"),
        },
    })
}

#[derive(Debug, Serialize)]
pub struct CheckView {
    pub label: String,
    pub status: &'static str,
    pub text: String,
}

pub(super) fn check_view(data: &SiteData, label: &str, status: CheckStatus) -> CheckView {
    let (status, key) = match status {
        CheckStatus::Pass => ("pass", "check_pass"),
        CheckStatus::Fail => ("fail", "check_fail"),
        CheckStatus::Unanswered => ("unanswered", "check_unanswered"),
        CheckStatus::NotApplicable => ("na", "check_na"),
    };
    CheckView {
        label: label.to_string(),
        status,
        text: data.t(key),
    }
}

#[derive(Debug, Serialize)]
pub struct RealisationView {
    pub label: String,
    pub actions: usize,
    pub mean: String,
    /// 0 to 100, for a bar's width.
    pub width: f64,
    pub done: usize,
    pub late: usize,
}

/// Realisation per area of `actions` ("other" for those tied to no area).
pub(super) fn realisation_by_area_views(
    data: &SiteData,
    fw: &Framework,
    areas: &[NodeIx],
    actions: &[crate::model::Action],
    day: Option<crate::model::Date>,
) -> Vec<RealisationView> {
    by_area(fw, areas, actions, day)
        .iter()
        .map(|(area, r)| {
            let label = area
                .map(|a| fw.nodes[a].label().to_string())
                .unwrap_or_else(|| data.t("other"));
            realisation_view(data, label, r)
        })
        .collect()
}

pub(super) fn realisation_view(data: &SiteData, label: String, r: &Realisation) -> RealisationView {
    RealisationView {
        label,
        actions: r.actions,
        mean: r
            .mean_progress
            .map(|m| format!("{}%", data.num(m, 0)))
            .unwrap_or_else(|| "–".into()),
        width: r.mean_progress.unwrap_or(0.0),
        done: r.done,
        late: r.late,
    }
}

pub(super) fn signed(data: &SiteData, x: f64) -> (String, &'static str) {
    let r = round2(x);
    if r > 0.0 {
        (format!("+{}", data.num(x, 2)), "up")
    } else if r < 0.0 {
        (data.num(x, 2), "down")
    } else {
        (data.num(0.0, 2), "same")
    }
}

/// A name that tells namesakes apart: the same Dinas exists in both provinces.
pub(super) fn labelled(period: &crate::model::Period, a: &crate::model::Agency) -> String {
    match &a.group {
        Some(g) => format!("{} ({})", a.name, group_name(period, g)),
        None => a.name.clone(),
    }
}

/// A short label for legends: the agency's short name (else its name), with
/// its group's short name (else the group's name); never a folder id.
pub(super) fn tag(period: &crate::model::Period, a: &crate::model::Agency) -> String {
    let name = a.short.as_deref().unwrap_or(&a.name);
    let group = a.group.as_deref().and_then(|g| {
        period
            .groups
            .binary_search_by(|x| x.id.as_str().cmp(g))
            .ok()
            .map(|k| &period.groups[k])
    });
    match group {
        Some(g) => format!("{name} · {}", g.short.as_deref().unwrap_or(&g.name)),
        None => name.to_string(),
    }
}

/// The frame of a period-wide page titled "LABEL – period name".
pub(super) fn period_frame(
    data: &SiteData,
    period: &crate::model::Period,
    path: &str,
    label: &str,
) -> Frame {
    Frame::new(
        data,
        path,
        format!("{} – {}", data.t(label), period.name),
        period_crumbs(data, period),
    )
}

pub(super) const OWN_COLOR: &str = "#1d4f91";

pub(super) const PEER_COLOR: &str = "#c2571a";

pub(super) const SERIES_COLORS: [&str; 6] = [
    "#1d4f91", "#c2571a", "#2a7f62", "#7b3f98", "#8c6d1f", "#555555",
];

pub(super) fn period_crumbs(data: &SiteData, period: &Period) -> Vec<(String, String)> {
    vec![
        (data.t("home"), paths::home()),
        (period.name.clone(), paths::period(&period.id)),
    ]
}
