//! Benchmarking views: the agency's path to the next band, checklist,
//! action realisation, recommendations, trend and self-assessment panels;
//! the peer comparison page; and the period's group, cluster, verification,
//! checklist and action-plan pages.

use serde::Serialize;

use super::pages::{
    evidence_views, group_name, narrative_views, period_crumbs, ranking_rows, ranking_rows_kept,
    section_of, shown, NarrativeView, RankingRow,
};
use super::{band_view, paths, BandView, Frame, Link, PeriodFacts, Scope, SiteData};
use crate::analysis::actions::{by_area, is_late, realisation, Realisation};
use crate::analysis::checklist::{evaluate_all, CheckStatus};
use crate::analysis::compare::{criterion_gaps, peer_ahead, peers_of};
use crate::analysis::groups::figures;
use crate::analysis::next_band::{next_band, NextBand};
use crate::analysis::trends::Movement;
use crate::analysis::verification::overstatement;
use crate::chart::{self, GroupSeries, HeatRow, LineSeries, Point, Series, Threshold};
use crate::model::{round2, Framework, NodeIx, Response};
use crate::render::locale;
use crate::score::bases;

const OWN_COLOR: &str = "#1d4f91";
const PEER_COLOR: &str = "#c2571a";
const SERIES_COLORS: [&str; 6] = [
    "#1d4f91", "#c2571a", "#2a7f62", "#7b3f98", "#8c6d1f", "#555555",
];

// ---------------------------------------------------------------- small views

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

fn check_view(data: &SiteData, label: &str, status: CheckStatus) -> CheckView {
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
fn realisation_by_area_views(
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

fn realisation_view(data: &SiteData, label: String, r: &Realisation) -> RealisationView {
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

// ---------------------------------------------------------------- agency panels

/// The answer of `scale` worth `value` (0 to 1): the option with that value,
/// or the number of a range scale.
fn answer_of_value(data: &SiteData, scale: &crate::model::Scale, value: f64) -> String {
    match &scale.kind {
        crate::model::ScaleKind::Choice(options) => options
            .iter()
            .find(|(_, v)| (*v - value).abs() < 1e-9)
            .map(|(k, _)| k.clone())
            .unwrap_or_default(),
        crate::model::ScaleKind::Range { min, max } => {
            crate::render::locale::number_short(min + value * (max - min), 2, data.lang())
        }
    }
}

#[derive(Debug, Serialize)]
pub struct StepView {
    pub id: String,
    pub text: String,
    pub guide: String,
    pub area: String,
    pub from: String,
    /// The answer now ("–" when none) and the answer it is raised to.
    pub answer: String,
    pub target: String,
    pub gain: String,
}

#[derive(Debug, Serialize)]
pub struct NextBandView {
    /// top, reachable, unreachable or none.
    pub kind: &'static str,
    pub sentence: String,
    pub band: Option<BandView>,
    /// Indicators not answered yet: to answer ("belum dijawab: lengkapi").
    pub complete: Vec<StepView>,
    /// Answers to raise, each to the next option where the scale has options.
    pub improve: Vec<StepView>,
}

#[derive(Debug, Serialize)]
pub struct Recommendations {
    pub weakest: Vec<Link>,
    pub weakest_values: Vec<String>,
    pub unverified: usize,
    pub unverified_ids: Vec<String>,
    pub without_evidence: usize,
    pub without_evidence_ids: Vec<String>,
    pub late: Vec<String>,
    pub any: bool,
}

#[derive(Debug, Serialize)]
pub struct TrendRow {
    pub period: String,
    pub url: String,
    pub index: String,
    pub band: Option<BandView>,
    pub rank: String,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct AreaChange {
    pub area: String,
    pub before: String,
    pub now: String,
    pub change: String,
    pub class: &'static str,
}

#[derive(Debug, Serialize)]
pub struct TrendView {
    pub chart: String,
    pub rows: Vec<TrendRow>,
    pub previous: String,
    pub index_change: String,
    pub index_class: &'static str,
    pub band_change: String,
    pub areas: Vec<AreaChange>,
}

#[derive(Debug, Serialize)]
pub struct OverstatementView {
    pub higher: usize,
    pub lower: usize,
    pub compared: usize,
    pub index_gap: String,
    pub areas: Vec<(String, usize)>,
}

/// The findings a printable report shows: the agency page's panels less
/// the trend, the self-assessment gap and the per-area realisation.
#[derive(Debug, Serialize)]
pub struct ReportBench {
    pub next: NextBandView,
    pub checklist: Vec<CheckView>,
    pub realisation: RealisationView,
    pub recommendations: Recommendations,
}

#[derive(Debug, Serialize)]
pub struct AgencyBench {
    pub next: NextBandView,
    pub checklist: Vec<CheckView>,
    pub realisation: RealisationView,
    pub realisation_by_area: Vec<RealisationView>,
    pub recommendations: Recommendations,
    pub trend: Option<TrendView>,
    pub overstatement: OverstatementView,
    pub peer_url: Option<String>,
    pub peer_label: String,
}

fn signed(data: &SiteData, x: f64) -> (String, &'static str) {
    let r = round2(x);
    if r > 0.0 {
        (format!("+{}", data.num(x, 2)), "up")
    } else if r < 0.0 {
        (data.num(x, 2), "down")
    } else {
        (data.num(0.0, 2), "same")
    }
}

/// The agency's benchmarking panels, with links relative to the page at `path`.
pub fn agency_bench_at(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    i: usize,
    path: &str,
) -> AgencyBench {
    agency_bench_with(report_bench(data, facts, i), data, all, facts, i, path)
}

/// The agency page's panels around the report's findings `core`.
pub fn agency_bench_with(
    core: ReportBench,
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    i: usize,
    path: &str,
) -> AgencyBench {
    let period = facts.period;
    let fw = &period.framework;
    let agency = &period.agencies[i];
    let score = &facts.scores[i];
    let areas = fw.areas();
    let realisation_by_area =
        realisation_by_area_views(data, fw, &areas, &agency.actions, period.date);

    let o = overstatement(fw, &areas, agency, score);
    let overstatement = OverstatementView {
        higher: o.higher,
        lower: o.lower,
        compared: o.compared,
        index_gap: o
            .index_gap
            .map(|g| signed(data, g).0)
            .unwrap_or_else(|| "–".into()),
        areas: o
            .by_area
            .iter()
            .map(|(a, n)| {
                (
                    a.map(|a| fw.nodes[a].label().to_string())
                        .unwrap_or_else(|| data.t("other")),
                    *n,
                )
            })
            .collect(),
    };

    let peers = peers_of(period, cluster_of(facts, i), i);
    let ReportBench {
        next,
        checklist,
        realisation,
        recommendations,
    } = core;
    AgencyBench {
        next,
        checklist,
        realisation,
        realisation_by_area,
        recommendations,
        trend: trend_view(data, all, facts, i, path),
        overstatement,
        peer_url: (!peers.is_empty())
            .then(|| paths::link(path, &paths::peer(&period.id, &agency.id))),
        peer_label: peers
            .first()
            .map(|&p| period.agencies[p].name.clone())
            .unwrap_or_default(),
    }
}

/// The findings of agency `i` that its report shows; no links.
pub fn report_bench(data: &SiteData, facts: &PeriodFacts, i: usize) -> ReportBench {
    let period = facts.period;
    let fw = &period.framework;
    let agency = &period.agencies[i];
    let score = &facts.scores[i];
    let effective = bases(fw, &agency.answers, false);
    let areas = fw.areas();

    // Path to the next band.
    let next = match next_band(fw, &effective, &score.result) {
        NextBand::NoIndex => NextBandView {
            kind: "none",
            sentence: data.t("next_none"),
            band: None,
            complete: vec![],
            improve: vec![],
        },
        NextBand::Top => NextBandView {
            kind: "top",
            sentence: data.t("next_top"),
            band: band_view(fw, score.result.band),
            complete: vec![],
            improve: vec![],
        },
        NextBand::Unreachable {
            band,
            threshold,
            best,
        } => NextBandView {
            kind: "unreachable",
            sentence: data
                .t("next_unreachable")
                .replace("{band}", &fw.bands[band].label)
                .replace("{threshold}", &data.num(threshold, 2))
                .replace("{best}", &data.num(best, 2)),
            band: band_view(fw, Some(band)),
            complete: vec![],
            improve: vec![],
        },
        NextBand::Reachable {
            band,
            steps,
            index_after,
            ..
        } => {
            let view = |st: &crate::analysis::next_band::Step| {
                let node = &fw.nodes[st.indicator];
                let scale = node.indicator().map(|ind| &fw.scales[ind.scale]);
                let given = agency
                    .answers
                    .get(&st.indicator)
                    .and_then(|a| a.verified.as_ref().or(a.answer.as_ref()));
                StepView {
                    id: node.id.clone(),
                    text: node
                        .text
                        .clone()
                        .unwrap_or_else(|| node.label().to_string()),
                    guide: node
                        .indicator()
                        .and_then(|i| i.guide.clone())
                        .unwrap_or_default(),
                    area: fw.nodes[section_of(fw, st.indicator)].label().to_string(),
                    from: data.num(st.from, 2),
                    answer: scale
                        .map(|sc| shown(data, sc, given))
                        .filter(|a| !a.is_empty())
                        .unwrap_or_else(|| "–".into()),
                    target: scale
                        .map(|sc| answer_of_value(data, sc, st.to))
                        .unwrap_or_default(),
                    gain: format!("+{}", data.num(st.gain, 2)),
                }
            };
            use crate::analysis::next_band::StepKind;
            NextBandView {
                kind: "reachable",
                sentence: data
                    .t("next_reachable")
                    .replace("{band}", &fw.bands[band].label)
                    .replace("{count}", &steps.len().to_string())
                    .replace("{index}", &data.num(index_after, 2)),
                band: band_view(fw, Some(band)),
                complete: steps
                    .iter()
                    .filter(|s| s.kind == StepKind::Complete)
                    .map(view)
                    .collect(),
                improve: steps
                    .iter()
                    .filter(|s| s.kind == StepKind::Improve)
                    .map(view)
                    .collect(),
            }
        }
    };

    let checklist = fw
        .checklist
        .iter()
        .zip(evaluate_all(fw, &effective, &score.result))
        .map(|(item, status)| check_view(data, &item.label, status))
        .collect();

    let r = realisation(&agency.actions, period.date);

    // Recommendations: the weakest areas, what is not verified or documented, what is late.
    let mut weak: Vec<(NodeIx, f64)> = areas
        .iter()
        .filter_map(|&a| score.result.fractions.get(a).map(|f| (a, f)))
        .collect();
    weak.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    weak.truncate(3);
    let unverified: Vec<String> = agency
        .answers
        .iter()
        .filter(|(_, a)| a.verified.is_none() && matches!(a.answer, Some(Response::Value { .. })))
        .map(|(&ix, _)| fw.nodes[ix].id.clone())
        .collect();
    let undocumented: Vec<String> = agency
        .answers
        .iter()
        .filter(|(_, a)| {
            a.evidence.is_empty()
                && a.effective()
                    .and_then(Response::value)
                    .is_some_and(|v| v > 0.0)
        })
        .map(|(&ix, _)| fw.nodes[ix].id.clone())
        .collect();
    let late: Vec<String> = agency
        .actions
        .iter()
        .filter(|a| is_late(a, period.date))
        .map(|a| a.activity.clone())
        .collect();
    let recommendations = Recommendations {
        weakest: weak
            .iter()
            .map(|&(a, _)| Link {
                label: fw.nodes[a].label().to_string(),
                url: format!("#k-{}", paths::encode_segment(&fw.nodes[a].id)),
            })
            .collect(),
        weakest_values: weak.iter().map(|&(_, f)| data.pct(f)).collect(),
        any: !weak.is_empty()
            || !unverified.is_empty()
            || !undocumented.is_empty()
            || !late.is_empty(),
        unverified: unverified.len(),
        unverified_ids: unverified.into_iter().take(12).collect(),
        without_evidence: undocumented.len(),
        without_evidence_ids: undocumented.into_iter().take(12).collect(),
        late,
    };

    ReportBench {
        next,
        checklist,
        realisation: realisation_view(data, data.t("all_actions"), &r),
        recommendations,
    }
}

fn trend_view(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    i: usize,
    from: &str,
) -> Option<TrendView> {
    let agency = &facts.period.agencies[i];
    let series = data.history.series(&agency.id);
    if series.len() < 2 {
        return None;
    }
    let (pp, j) = data.history.previous(facts.position, &agency.id)?;
    let before = &all[pp];
    let rows: Vec<TrendRow> = series
        .iter()
        .map(|&(p, k)| {
            let f = &all[p];
            let s = &f.scores[k];
            TrendRow {
                period: f.period.name.clone(),
                url: paths::link(from, &paths::agency(&f.period.id, &agency.id)),
                index: data.opt_num(s.result.index, 2),
                band: band_view(&f.period.framework, s.result.band),
                rank: f.rank[k]
                    .map(|r| format!("{r} / {}", f.period.agencies.len()))
                    .unwrap_or_else(|| "–".into()),
                current: p == facts.position,
            }
        })
        .collect();
    let fw = &facts.period.framework;
    let thresholds: Vec<Threshold> = fw
        .bands
        .iter()
        .filter_map(|b| {
            b.above.map(|a| Threshold {
                value: a,
                label: b.label.clone(),
            })
        })
        .collect();
    let chart = chart::lines(
        &format!("{} – {}", data.t("trend_title"), agency.name),
        &rows
            .iter()
            .map(|r| format!("{}: {}", r.period, r.index))
            .collect::<Vec<_>>()
            .join("; "),
        &rows.iter().map(|r| r.period.clone()).collect::<Vec<_>>(),
        &[LineSeries {
            name: data.t("index"),
            values: series
                .iter()
                .map(|&(p, k)| all[p].scores[k].result.index)
                .collect(),
            labels: rows.iter().map(|r| r.index.clone()).collect(),
            color: OWN_COLOR.into(),
        }],
        (0.0, 100.0),
        &thresholds,
    );
    let now = &facts.scores[i];
    let then = &before.scores[j];
    let (index_change, index_class) = match (now.result.index, then.result.index) {
        (Some(a), Some(b)) => signed(data, a - b),
        _ => ("–".into(), "same"),
    };
    let band_label = |fw: &Framework, b: Option<usize>| {
        b.and_then(|b| fw.bands.get(b))
            .map(|b| b.label.clone())
            .unwrap_or_else(|| "–".into())
    };
    let band_change = format!(
        "{} → {}",
        band_label(&before.period.framework, then.result.band),
        band_label(fw, now.result.band)
    );
    // Areas compared by id: the framework may have changed between periods.
    let old_fw = &before.period.framework;
    let areas = fw
        .areas()
        .into_iter()
        .map(|a| {
            let node = &fw.nodes[a];
            let old = old_fw.node(&node.id).and_then(|o| {
                then.result
                    .fractions
                    .get(o)
                    .map(|f| f * old_fw.nodes[o].weight)
            });
            let new = now.result.fractions.get(a).map(|f| f * node.weight);
            let (change, class) = match (new, old) {
                (Some(n), Some(o)) => signed(data, n - o),
                _ => ("–".into(), "same"),
            };
            AreaChange {
                area: node.label().to_string(),
                before: data.opt_num(old, 2),
                now: data.opt_num(new, 2),
                change,
                class,
            }
        })
        .collect();
    Some(TrendView {
        chart,
        rows,
        previous: before.period.name.clone(),
        index_change,
        index_class,
        band_change,
        areas,
    })
}

// ---------------------------------------------------------------- peer page

/// The ranked members of agency `i`'s cluster, if it has one.
fn cluster_of<'a>(facts: &'a PeriodFacts, i: usize) -> Option<&'a [usize]> {
    let cluster = facts.period.agencies[i].cluster.as_deref()?;
    facts.clusters.get(cluster).map(Vec::as_slice)
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

#[derive(Debug, Serialize)]
pub struct PeerSummary {
    pub name: String,
    pub url: String,
    pub group: String,
    pub index: String,
    pub band: Option<BandView>,
    pub self_index: String,
    pub main: bool,
}

#[derive(Debug, Serialize)]
pub struct GapRow {
    pub name: String,
    pub depth: usize,
    pub own: String,
    pub peer: String,
    pub max: String,
    pub gap: String,
    pub class: &'static str,
}

#[derive(Debug, Serialize)]
pub struct AheadRow {
    pub id: String,
    pub text: String,
    pub area: String,
    pub own_answer: String,
    pub own_value: String,
    pub peer_answer: String,
    pub peer_value: String,
    pub evidence: Vec<super::pages::EvidenceView>,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct PeerPage {
    pub frame: Frame,
    pub name: String,
    pub url: String,
    pub peer_name: String,
    pub peer_url: String,
    pub by_cluster: bool,
    pub own: PeerSummary,
    pub peers: Vec<PeerSummary>,
    pub radar: String,
    pub gaps: Vec<GapRow>,
    pub ahead: Vec<AheadRow>,
    pub narratives: Vec<NarrativeView>,
}

fn peer_summary(
    data: &SiteData,
    facts: &PeriodFacts,
    from: &str,
    k: usize,
    main: bool,
) -> PeerSummary {
    let period = facts.period;
    let a = &period.agencies[k];
    let s = &facts.scores[k];
    PeerSummary {
        name: a.name.clone(),
        url: paths::link(from, &paths::agency(&period.id, &a.id)),
        group: a
            .group
            .as_ref()
            .map(|g| group_name(period, g))
            .unwrap_or_default(),
        index: data.opt_num(s.result.index, 2),
        band: band_view(&period.framework, s.result.band),
        self_index: data.opt_num(s.self_assessed.index, 2),
        main,
    }
}

pub fn peer_page(data: &SiteData, facts: &PeriodFacts, i: usize) -> Option<PeerPage> {
    let period = facts.period;
    let fw = &period.framework;
    let agency = &period.agencies[i];
    let peers = peers_of(period, cluster_of(facts, i), i);
    let &main = peers.first()?;
    let peer = &period.agencies[main];
    let path = paths::peer(&period.id, &agency.id);
    let mut crumbs = period_crumbs(data, period);
    crumbs.push((tag(period, agency), paths::agency(&period.id, &agency.id)));
    let frame = Frame::new(
        data,
        &path,
        format!("{} – {}", data.t("peer_comparison"), tag(period, agency)),
        crumbs,
    );
    let own = &facts.scores[i];
    let other = &facts.scores[main];
    let areas = fw.areas();
    let radar = chart::radar(
        &format!(
            "{}: {} – {}",
            data.t("peer_comparison"),
            agency.name,
            peer.name
        ),
        &areas
            .iter()
            .map(|&a| {
                format!(
                    "{}: {} / {}",
                    fw.nodes[a].label(),
                    own.result
                        .fractions
                        .get(a)
                        .map(|f| data.pct(f))
                        .unwrap_or_else(|| "–".into()),
                    other
                        .result
                        .fractions
                        .get(a)
                        .map(|f| data.pct(f))
                        .unwrap_or_else(|| "–".into())
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        &areas
            .iter()
            .map(|&a| fw.nodes[a].label().to_string())
            .collect::<Vec<_>>(),
        &[
            Series {
                name: tag(period, agency),
                values: areas
                    .iter()
                    .map(|&a| own.result.fractions.get(a).unwrap_or(0.0))
                    .collect(),
                color: OWN_COLOR.into(),
            },
            Series {
                name: tag(period, peer),
                values: areas
                    .iter()
                    .map(|&a| other.result.fractions.get(a).unwrap_or(0.0))
                    .collect(),
                color: PEER_COLOR.into(),
            },
        ],
    );
    let gaps = criterion_gaps(fw, &own.result, &other.result)
        .into_iter()
        .map(|g| {
            let (gap, class) = signed(data, g.gap);
            GapRow {
                name: fw.nodes[g.node].label().to_string(),
                depth: fw.nodes[g.node].depth,
                own: data.opt_num(g.own, 2),
                peer: data.opt_num(g.peer, 2),
                max: locale::number_short(fw.nodes[g.node].weight, 2, data.lang()),
                gap,
                class,
            }
        })
        .collect();
    let ahead = peer_ahead(fw, &own.result, &other.result)
        .into_iter()
        .map(|l| {
            let node = &fw.nodes[l];
            let mine = agency.answers.get(&l);
            let theirs = peer.answers.get(&l);
            let scale = &fw.scales[node.indicator().map_or(0, |i| i.scale)];
            AheadRow {
                id: node.id.clone(),
                text: node
                    .text
                    .clone()
                    .unwrap_or_else(|| node.label().to_string()),
                area: fw.nodes[section_of(fw, l)].label().to_string(),
                own_answer: mine
                    .map(|a| shown(data, scale, a.effective()))
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| data.t("not_answered")),
                own_value: data.opt_num(own.result.fractions.get(l), 2),
                peer_answer: theirs
                    .map(|a| shown(data, scale, a.effective()))
                    .unwrap_or_default(),
                peer_value: data.opt_num(other.result.fractions.get(l), 2),
                evidence: theirs
                    .map(|a| evidence_views(data, period, peer, &path, &a.evidence))
                    .unwrap_or_default(),
                note: theirs
                    .and_then(|a| a.note.as_deref())
                    .map(|n| crate::render::markdown::to_html(n, 4))
                    .unwrap_or_default(),
            }
        })
        .collect();
    // Visit notes: the agency's narratives about this peer, then the peer's own.
    let mut notes: Vec<_> = agency
        .narratives
        .iter()
        .filter(|n| n.peer.as_deref() == Some(peer.id.as_str()))
        .cloned()
        .collect();
    notes.extend(peer.narratives.iter().cloned());
    Some(PeerPage {
        name: labelled(period, agency),
        url: paths::link(&path, &paths::agency(&period.id, &agency.id)),
        peer_name: labelled(period, peer),
        peer_url: paths::link(&path, &paths::agency(&period.id, &peer.id)),
        by_cluster: agency.peer.is_none(),
        own: peer_summary(data, facts, &path, i, false),
        peers: peers
            .iter()
            .enumerate()
            .map(|(n, &k)| peer_summary(data, facts, &path, k, n == 0))
            .collect(),
        radar,
        gaps,
        ahead,
        narratives: narrative_views(period, &path, &notes),
        frame,
    })
}

/// The frame of a period-wide page titled "LABEL – period name".
fn period_frame(data: &SiteData, period: &crate::model::Period, path: &str, label: &str) -> Frame {
    Frame::new(
        data,
        path,
        format!("{} – {}", data.t(label), period.name),
        period_crumbs(data, period),
    )
}

// ---------------------------------------------------------------- groups page

#[derive(Debug, Serialize)]
pub struct GroupColumn {
    pub name: String,
    pub url: String,
    pub reference: bool,
    pub agencies: usize,
    pub mean: String,
    pub mean_band: Option<BandView>,
    pub median: String,
    pub bands: Vec<usize>,
    pub areas: Vec<String>,
    /// Mean points of every component and part (`GroupsPage::parts`).
    pub parts: Vec<String>,
    /// How many agencies have not answered (in none of the figures).
    pub not_answered: usize,
}

#[derive(Debug, Serialize)]
pub struct GroupsPage {
    pub frame: Frame,
    pub period: String,
    pub bands: Vec<BandView>,
    pub areas: Vec<String>,
    /// Every component and its parts: the rows of the table, adding up to the mean index.
    pub parts: Vec<super::parts::PartHead>,
    pub groups: Vec<GroupColumn>,
    pub profile: String,
    pub heatmap: String,
    /// In a large period: groups as ranked rows (`groups` is empty), and the
    /// charts drawn per group instead of per agency.
    pub large: Option<LargeGroups>,
}

#[derive(Debug, Serialize)]
pub struct LargeGroups {
    pub note: super::LargeNote,
    /// The groups ranked by mean index.
    pub groups: Vec<super::GroupStat>,
}

pub fn groups_page(data: &SiteData, facts: &PeriodFacts) -> GroupsPage {
    let period = facts.period;
    let fw = &period.framework;
    let path = paths::groups(&period.id);
    let frame = period_frame(data, period, &path, "group_comparison");
    let areas = fw.areas();
    let area_names: Vec<String> = areas
        .iter()
        .map(|&a| fw.nodes[a].label().to_string())
        .collect();
    // Top-level groups only: nested groups are inside their parents' figures.
    // Ours first, the benchmark's after.
    let mut groups: Vec<_> = period
        .groups
        .iter()
        .filter(|g| !g.id.contains('/'))
        .collect();
    groups.sort_by_key(|g| g.role.is_some());
    let mut columns = Vec::new();
    let mut series = Vec::new();
    let mut reference = None;
    for (n, g) in groups.iter().enumerate() {
        let members = facts
            .members
            .get(g.id.as_str())
            .cloned()
            .unwrap_or_default();
        let f = figures(fw, &areas, members.iter().map(|&k| &facts.scores[k]));
        let s = GroupSeries {
            name: g.name.clone(),
            values: f.area_means.clone(),
            labels: f
                .area_means
                .iter()
                .map(|m| m.map(|m| data.pct(m)).unwrap_or_else(|| "–".into()))
                .collect(),
            color: SERIES_COLORS[n % SERIES_COLORS.len()].into(),
        };
        if g.role.is_some() && reference.is_none() {
            reference = Some(s);
        } else {
            series.push(s);
        }
        columns.push(GroupColumn {
            name: g.name.clone(),
            url: paths::link(&path, &paths::group(&period.id, &g.id)),
            reference: g.role.is_some(),
            agencies: f.agencies,
            not_answered: f.not_answered,
            parts: super::parts::mean_points(fw, members.iter().map(|&k| &facts.scores[k]))
                .into_iter()
                .map(|m| data.opt_num(m, 2))
                .collect(),
            mean: data.opt_num(f.mean, 2),
            mean_band: f.mean.and_then(|m| band_view(fw, fw.band_of(m))),
            median: data.opt_num(f.median, 2),
            bands: f.band_counts.clone(),
            areas: f
                .area_means
                .iter()
                .map(|m| m.map(|m| data.pct(m)).unwrap_or_else(|| "–".into()))
                .collect(),
        });
    }
    if super::is_large(period) {
        return large_groups_page(data, facts, frame, &areas, area_names, reference);
    }
    let profile = chart::grouped_bars(
        &format!("{} – {}", data.t("area_profile"), period.name),
        &columns
            .iter()
            .map(|c| format!("{}: {}", c.name, c.areas.join(", ")))
            .collect::<Vec<_>>()
            .join("; "),
        &area_names,
        &series,
        reference.as_ref(),
        1.0,
    );
    // Every component and its parts, as a share of its weight.
    let parts: Vec<NodeIx> = super::parts::part_nodes(fw)
        .into_iter()
        .map(|(ix, _)| ix)
        .collect();
    let part_names: Vec<String> = parts
        .iter()
        .map(|&x| fw.nodes[x].label().to_string())
        .collect();
    let rows: Vec<HeatRow> = facts
        .order
        .iter()
        .filter(|&&k| facts.counted(k))
        .map(|&k| {
            let a = &period.agencies[k];
            let s = &facts.scores[k];
            HeatRow {
                label: tag(period, a),
                cells: parts.iter().map(|&x| s.result.fractions.get(x)).collect(),
                labels: parts
                    .iter()
                    .map(|&x| {
                        s.result
                            .fractions
                            .get(x)
                            .map(|f| data.num(f * 100.0, 0))
                            .unwrap_or_else(|| "–".into())
                    })
                    .collect(),
            }
        })
        .collect();
    let heatmap = chart::heatmap(
        &format!("{} – {}", data.t("heatmap_title"), period.name),
        &data.t("heatmap_desc"),
        &part_names,
        &rows,
    );
    GroupsPage {
        parts: super::parts::part_heads(data, fw),
        period: period.name.clone(),
        bands: (0..fw.bands.len())
            .filter_map(|b| band_view(fw, Some(b)))
            .collect(),
        areas: area_names,
        groups: columns,
        profile,
        heatmap,
        large: None,
        frame,
    }
}

/// The groups page of a large period: the groups as ranked rows; the area
/// profile of all agencies against the highest and the lowest group; a
/// heatmap of groups (at most `CHART_GROUPS`) by areas.
fn large_groups_page(
    data: &SiteData,
    facts: &PeriodFacts,
    frame: Frame,
    areas: &[NodeIx],
    area_names: Vec<String>,
    reference: Option<GroupSeries>,
) -> GroupsPage {
    let period = facts.period;
    let fw = &period.framework;
    let path = paths::groups(&period.id);
    let pct = |m: &Option<f64>| m.map(|m| data.pct(m)).unwrap_or_else(|| "–".into());
    // Top-level groups ranked by mean index, with their mean area shares.
    let mut ranked: Vec<_> = super::large::top_groups(facts)
        .into_iter()
        .map(|(g, members)| {
            let f = figures(fw, areas, members.iter().map(|&k| &facts.scores[k]));
            (g, f)
        })
        .collect();
    ranked.sort_by(|(a, x), (b, y)| super::large::highest_first((x.mean, &a.id), (y.mean, &b.id)));
    let everyone = figures(fw, areas, facts.scores.iter());
    let mut series = vec![GroupSeries {
        name: data.t("all_agencies"),
        values: everyone.area_means.clone(),
        labels: everyone.area_means.iter().map(pct).collect(),
        color: SERIES_COLORS[0].into(),
    }];
    let others: Vec<_> = ranked
        .iter()
        .filter(|(g, f)| g.role.is_none() && f.mean.is_some())
        .collect();
    let ends = match (others.first(), others.last()) {
        (Some(first), Some(last)) if others.len() > 1 => vec![*first, *last],
        (Some(first), _) => vec![*first],
        _ => vec![],
    };
    for (n, (g, f)) in ends.into_iter().enumerate() {
        series.push(GroupSeries {
            name: g.name.clone(),
            values: f.area_means.clone(),
            labels: f.area_means.iter().map(pct).collect(),
            color: SERIES_COLORS[(n + 1) % SERIES_COLORS.len()].into(),
        });
    }
    let profile = chart::grouped_bars(
        &format!("{} – {}", data.t("area_profile"), period.name),
        &series
            .iter()
            .chain(reference.as_ref())
            .map(|s| format!("{}: {}", s.name, s.labels.join(", ")))
            .collect::<Vec<_>>()
            .join("; "),
        &area_names,
        &series,
        reference.as_ref(),
        1.0,
    );
    let total = ranked.len();
    // The heatmap shows every component and its parts.
    let parts: Vec<NodeIx> = super::parts::part_nodes(fw)
        .into_iter()
        .map(|(ix, _)| ix)
        .collect();
    let part_names: Vec<String> = parts
        .iter()
        .map(|&x| fw.nodes[x].label().to_string())
        .collect();
    let rows: Vec<HeatRow> = super::large::charted(
        ranked
            .iter()
            .map(|(g, _)| {
                let members = facts
                    .members
                    .get(g.id.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                (
                    g,
                    figures(fw, &parts, members.iter().map(|&k| &facts.scores[k])),
                )
            })
            .map(|(g, f)| HeatRow {
                label: g.name.clone(),
                cells: f.area_means.clone(),
                labels: f
                    .area_means
                    .iter()
                    .map(|m| {
                        m.map(|m| data.num(m * 100.0, 0))
                            .unwrap_or_else(|| "–".into())
                    })
                    .collect(),
            })
            .collect(),
    );
    let title = super::large::chart_title(
        data,
        &data.t("heatmap_groups_title"),
        period,
        rows.len(),
        total,
    );
    let heatmap = chart::heatmap(&title, &data.t("heatmap_groups_desc"), &part_names, &rows);
    GroupsPage {
        parts: super::parts::part_heads(data, fw),
        period: period.name.clone(),
        bands: (0..fw.bands.len())
            .filter_map(|b| band_view(fw, Some(b)))
            .collect(),
        areas: area_names,
        groups: Vec::new(),
        profile,
        heatmap,
        large: Some(LargeGroups {
            note: super::large::note(data, period, &path),
            groups: super::large::group_stats(
                data,
                facts,
                &path,
                super::large::Measure::Index,
                |k| facts.scores[k].result.index,
            ),
        }),
        frame,
    }
}

// ---------------------------------------------------------------- clusters page

#[derive(Debug, Serialize)]
pub struct ClusterView {
    pub name: String,
    pub anchor: String,
    pub rows: Vec<RankingRow>,
    pub mean: String,
    /// In a large period: the bottom of the ranking (`rows` is its top).
    pub bottom: Vec<RankingRow>,
    /// The sentence in place of the agencies left out between `rows` and
    /// `bottom` (empty when none are).
    pub omitted: String,
}

#[derive(Debug, Serialize)]
pub struct ClustersPage {
    pub frame: Frame,
    pub clusters: Vec<ClusterView>,
    pub unclustered: usize,
    /// In a large period: a summary row per cluster; each cluster's ranking
    /// shows its top and bottom only.
    pub large: Option<LargeClusters>,
}

#[derive(Debug, Serialize)]
pub struct LargeClusters {
    pub note: super::LargeNote,
    /// The clusters ranked by mean index, linking to their sections.
    pub clusters: Vec<super::GroupStat>,
    /// What each cluster's ranking shows ("top 10 and bottom 10").
    pub shown: String,
    /// The bands, for the band counts of the summary.
    pub bands: Vec<BandView>,
}

pub fn clusters_page(data: &SiteData, all: &[PeriodFacts], facts: &PeriodFacts) -> ClustersPage {
    let period = facts.period;
    let path = paths::clusters(&period.id);
    let frame = period_frame(data, period, &path, "clusters");
    let large = super::is_large(period);
    let anchor = |name: &str| format!("rumpun-{}", paths::encode_segment(name));
    let clusters = facts
        .clusters
        .iter()
        .map(|(&name, members)| {
            let f = figures(
                &period.framework,
                &[],
                members.iter().map(|&k| &facts.scores[k]),
            );
            let scope = Scope::Cluster(name);
            let n = super::SHOWN_PER_CLUSTER;
            if large && members.len() > 2 * n {
                // The top and the bottom of a long ranking.
                let mut rows = ranking_rows_kept(data, all, facts, &path, scope, &|pos, len| {
                    pos < n || pos >= len - n
                });
                let bottom = rows.split_off(n);
                ClusterView {
                    name: name.to_string(),
                    anchor: anchor(name),
                    rows,
                    mean: data.opt_num(f.mean, 2),
                    bottom,
                    omitted: super::large::omitted_text(data, members.len() - 2 * n),
                }
            } else {
                ClusterView {
                    name: name.to_string(),
                    anchor: anchor(name),
                    rows: ranking_rows(data, all, facts, &path, scope),
                    mean: data.opt_num(f.mean, 2),
                    bottom: Vec::new(),
                    omitted: String::new(),
                }
            }
        })
        .collect();
    let large = large.then(|| LargeClusters {
        note: super::large::note(data, period, &path),
        clusters: super::large::stats(
            data,
            facts,
            facts
                .clusters
                .iter()
                .map(|(&name, members)| super::large::StatSet {
                    id: name,
                    name,
                    url: format!("#{}", anchor(name)),
                    reference: false,
                    members,
                })
                .collect(),
            super::large::Measure::Index,
            |k| facts.scores[k].result.index,
        ),
        shown: super::large::top_and_bottom(data, super::SHOWN_PER_CLUSTER),
        bands: (0..period.framework.bands.len())
            .filter_map(|b| band_view(&period.framework, Some(b)))
            .collect(),
    });
    ClustersPage {
        frame,
        clusters,
        unclustered: period
            .agencies
            .iter()
            .filter(|a| a.cluster.is_none())
            .count(),
        large,
    }
}

// ---------------------------------------------------------------- verification page

#[derive(Debug, Serialize)]
pub struct VerificationRow {
    pub name: String,
    pub url: String,
    pub group: String,
    pub index: String,
    pub self_index: String,
    pub gap: String,
    pub class: &'static str,
    pub higher: usize,
    pub lower: usize,
    pub compared: usize,
    pub areas: String,
}

#[derive(Debug, Serialize)]
pub struct VerificationGroup {
    pub name: String,
    pub higher: usize,
    pub compared: usize,
    pub mean_gap: String,
}

#[derive(Debug, Serialize)]
pub struct VerificationPage {
    pub frame: Frame,
    pub chart: String,
    pub rows: Vec<VerificationRow>,
    pub groups: Vec<VerificationGroup>,
    /// In a large period: `rows` holds the agencies with the largest and the
    /// smallest index gap only, and the scatter has a point per group.
    pub large: Option<LargeVerification>,
}

#[derive(Debug, Serialize)]
pub struct LargeVerification {
    pub note: super::LargeNote,
    /// How many of `rows` come before the agencies left out.
    pub split: usize,
    /// The sentence in place of the agencies left out (empty when none are).
    pub omitted: String,
    /// What the rows are ("top 25 and bottom 25").
    pub shown: String,
}

pub fn verification_page(data: &SiteData, facts: &PeriodFacts) -> VerificationPage {
    let period = facts.period;
    let fw = &period.framework;
    let areas = fw.areas();
    let path = paths::verification(&period.id);
    let frame = period_frame(data, period, &path, "self_vs_verified");
    let overs: Vec<_> = period
        .agencies
        .iter()
        .zip(facts.scores)
        .map(|(a, s)| overstatement(fw, &areas, a, s))
        .collect();
    let large = super::is_large(period);
    // A large period lists the agencies with the largest and the smallest gap.
    let order: Vec<usize> = if large {
        let mut by_gap = facts.order.clone();
        by_gap.sort_by(|&a, &b| {
            let (x, y) = (
                overs[a].index_gap.map(round2),
                overs[b].index_gap.map(round2),
            );
            match (x, y) {
                (Some(x), Some(y)) => y.total_cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then_with(|| period.agencies[a].id.cmp(&period.agencies[b].id))
        });
        let keep = super::large::kept(by_gap.len(), super::SHOWN_AGENCIES);
        by_gap
            .into_iter()
            .enumerate()
            .filter(|&(pos, _)| keep(pos))
            .map(|(_, k)| k)
            .collect()
    } else {
        facts.order.clone()
    };
    let rows = order
        .iter()
        .map(|&k| {
            let a = &period.agencies[k];
            let s = &facts.scores[k];
            let o = &overs[k];
            let (gap, class) = o
                .index_gap
                .map(|g| signed(data, g))
                .unwrap_or_else(|| ("–".into(), "same"));
            VerificationRow {
                name: a.name.clone(),
                url: paths::link(&path, &paths::agency(&period.id, &a.id)),
                group: a
                    .group
                    .as_ref()
                    .map(|g| group_name(period, g))
                    .unwrap_or_default(),
                index: data.opt_num(s.result.index, 2),
                self_index: data.opt_num(s.self_assessed.index, 2),
                gap,
                class,
                higher: o.higher,
                lower: o.lower,
                compared: o.compared,
                areas: o
                    .by_area
                    .iter()
                    .map(|(x, n)| {
                        format!(
                            "{} ({n})",
                            x.map(|x| fw.nodes[x].label().to_string())
                                .unwrap_or_else(|| data.t("other"))
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        })
        .collect();
    let groups = period
        .groups
        .iter()
        .filter(|g| !g.id.contains('/'))
        .map(|g| {
            let members = facts
                .members
                .get(g.id.as_str())
                .cloned()
                .unwrap_or_default();
            let gaps: Vec<f64> = members.iter().filter_map(|&k| overs[k].index_gap).collect();
            VerificationGroup {
                name: g.name.clone(),
                higher: members.iter().map(|&k| overs[k].higher).sum(),
                compared: members.iter().map(|&k| overs[k].compared).sum(),
                mean_gap: if gaps.is_empty() {
                    "–".into()
                } else {
                    signed(data, gaps.iter().sum::<f64>() / gaps.len() as f64).0
                },
            }
        })
        .collect();
    if large {
        return large_verification_page(data, facts, frame, rows, groups, &overs);
    }
    let points: Vec<Point> = period
        .agencies
        .iter()
        .zip(facts.scores)
        .filter_map(|(a, s)| {
            Some(Point {
                label: a.short.clone().unwrap_or_else(|| a.name.clone()),
                x: s.result.index?,
                y: s.self_assessed.index?,
                color: if period.groups.iter().any(|g| {
                    g.role.is_some()
                        && a.group
                            .as_deref()
                            .is_some_and(|x| x == g.id || x.starts_with(&format!("{}/", g.id)))
                }) {
                    PEER_COLOR.into()
                } else {
                    OWN_COLOR.into()
                },
            })
        })
        .collect();
    let chart = chart::scatter(
        &format!("{} – {}", data.t("self_vs_verified"), period.name),
        &data.t("scatter_desc"),
        &data.t("index"),
        &data.t("self_index"),
        (0.0, 100.0),
        &points,
    );
    VerificationPage {
        frame,
        chart,
        rows,
        groups,
        large: None,
    }
}

/// The verification page of a large period: the scatter has one point per
/// group (mean verified against mean self-assessed index, at most
/// `CHART_GROUPS`: those with the largest and the smallest mean gap).
fn large_verification_page(
    data: &SiteData,
    facts: &PeriodFacts,
    frame: Frame,
    rows: Vec<VerificationRow>,
    groups: Vec<VerificationGroup>,
    overs: &[crate::analysis::verification::Overstatement],
) -> VerificationPage {
    let period = facts.period;
    let path = paths::verification(&period.id);
    let mean = |xs: Vec<f64>| (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64);
    let mut points: Vec<(f64, &str, Point)> = super::large::top_groups(facts)
        .into_iter()
        .filter_map(|(g, members)| {
            let x = mean(
                members
                    .iter()
                    .filter_map(|&k| facts.scores[k].result.index)
                    .collect(),
            )?;
            let y = mean(
                members
                    .iter()
                    .filter_map(|&k| facts.scores[k].self_assessed.index)
                    .collect(),
            )?;
            let gap =
                mean(members.iter().filter_map(|&k| overs[k].index_gap).collect()).unwrap_or(0.0);
            Some((
                gap,
                g.id.as_str(),
                Point {
                    label: g.name.clone(),
                    x,
                    y,
                    color: if g.role.is_some() {
                        PEER_COLOR.into()
                    } else {
                        OWN_COLOR.into()
                    },
                },
            ))
        })
        .collect();
    points.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    let total = points.len();
    let points: Vec<Point> = super::large::charted(points)
        .into_iter()
        .map(|(_, _, p)| p)
        .collect();
    let title = super::large::chart_title(
        data,
        &data.t("self_vs_verified"),
        period,
        points.len(),
        total,
    );
    let chart = chart::scatter(
        &title,
        &data.t("scatter_desc_groups"),
        &data.t("index"),
        &data.t("self_index"),
        (0.0, 100.0),
        &points,
    );
    let listed = period.agencies.len();
    let split = rows.len().min(super::SHOWN_AGENCIES);
    VerificationPage {
        large: Some(LargeVerification {
            note: super::large::note(data, period, &path),
            split,
            omitted: if listed > rows.len() {
                super::large::omitted_text(data, listed - rows.len())
            } else {
                String::new()
            },
            shown: super::large::top_and_bottom(data, split),
        }),
        frame,
        chart,
        rows,
        groups,
    }
}

// ---------------------------------------------------------------- checklist page

#[derive(Debug, Serialize)]
pub struct ChecklistRow {
    pub name: String,
    pub url: String,
    pub group: String,
    pub cells: Vec<CheckView>,
    pub passed: usize,
}

#[derive(Debug, Serialize)]
pub struct ChecklistPage {
    pub frame: Frame,
    pub items: Vec<String>,
    pub rows: Vec<ChecklistRow>,
    pub totals: Vec<String>,
    /// In a large period: one row per group (`rows` is empty).
    pub large: Option<LargeChecklist>,
}

#[derive(Debug, Serialize)]
pub struct LargeChecklist {
    pub note: super::LargeNote,
    pub groups: Vec<GroupCheckRow>,
}

/// A group's checklist: per item, how many of its agencies pass.
#[derive(Debug, Serialize)]
pub struct GroupCheckRow {
    pub name: String,
    pub url: String,
    pub agencies: usize,
    /// "31 / 40" per item.
    pub cells: Vec<String>,
    /// Mean items passed per agency.
    pub passed: String,
}

pub fn checklist_page(data: &SiteData, facts: &PeriodFacts) -> Option<ChecklistPage> {
    let period = facts.period;
    let fw = &period.framework;
    if fw.checklist.is_empty() {
        return None;
    }
    let path = paths::checklist(&period.id);
    let frame = period_frame(data, period, &path, "checklist");
    let mut totals = vec![0usize; fw.checklist.len()];
    let large = super::is_large(period);
    // Per agency, which items pass (kept for the group rows of a large period).
    let mut passes: Vec<Vec<bool>> = Vec::new();
    let rows = period
        .agencies
        .iter()
        .zip(facts.scores)
        .filter_map(|(a, s)| {
            let statuses = evaluate_all(fw, &bases(fw, &a.answers, false), &s.result);
            for (t, st) in totals.iter_mut().zip(&statuses) {
                *t += usize::from(*st == CheckStatus::Pass);
            }
            if large {
                passes.push(statuses.iter().map(|&st| st == CheckStatus::Pass).collect());
                return None;
            }
            Some(ChecklistRow {
                name: a.name.clone(),
                url: paths::link(&path, &paths::agency(&period.id, &a.id)),
                group: a
                    .group
                    .as_ref()
                    .map(|g| group_name(period, g))
                    .unwrap_or_default(),
                passed: statuses
                    .iter()
                    .filter(|&&st| st == CheckStatus::Pass)
                    .count(),
                cells: fw
                    .checklist
                    .iter()
                    .zip(statuses)
                    .map(|(item, st)| check_view(data, &item.label, st))
                    .collect(),
            })
        })
        .collect();
    let large = large.then(|| LargeChecklist {
        note: super::large::note(data, period, &path),
        groups: super::large::top_groups(facts)
            .into_iter()
            .map(|(g, members)| {
                let cells = (0..fw.checklist.len())
                    .map(|c| {
                        let n = members.iter().filter(|&&k| passes[k][c]).count();
                        format!("{n} / {}", members.len())
                    })
                    .collect();
                let passed: usize = members
                    .iter()
                    .map(|&k| passes[k].iter().filter(|&&p| p).count())
                    .sum();
                GroupCheckRow {
                    name: g.name.clone(),
                    url: paths::link(&path, &paths::group(&period.id, &g.id)),
                    agencies: members.len(),
                    cells,
                    passed: data.num(passed as f64 / members.len() as f64, 1),
                }
            })
            .collect(),
    });
    Some(ChecklistPage {
        frame,
        items: fw.checklist.iter().map(|c| c.label.clone()).collect(),
        rows,
        totals: totals
            .iter()
            .map(|t| format!("{t} / {}", period.agencies.len()))
            .collect(),
        large,
    })
}

// ---------------------------------------------------------------- action plan page

#[derive(Debug, Serialize)]
pub struct LateAction {
    pub agency: String,
    pub url: String,
    pub activity: String,
    pub criterion: String,
    pub due: String,
    pub progress: String,
}

#[derive(Debug, Serialize)]
pub struct ActionsPage {
    pub frame: Frame,
    pub date: String,
    pub agencies: Vec<(Link, RealisationView)>,
    pub areas: Vec<RealisationView>,
    pub late: Vec<LateAction>,
    pub total: RealisationView,
    /// In a large period: realisation per group, and the agencies with the
    /// most late actions (`agencies` and `late` are empty).
    pub large: Option<LargeActions>,
}

#[derive(Debug, Serialize)]
pub struct LargeActions {
    pub note: super::LargeNote,
    pub groups: Vec<(Link, RealisationView)>,
    pub most_late: Vec<(Link, RealisationView)>,
}

pub fn actions_page(data: &SiteData, facts: &PeriodFacts) -> ActionsPage {
    let period = facts.period;
    let fw = &period.framework;
    let path = paths::actions(&period.id);
    let frame = period_frame(data, period, &path, "action_plan");
    let areas = fw.areas();
    let all_actions: Vec<_> = period
        .agencies
        .iter()
        .flat_map(|a| a.actions.iter().cloned())
        .collect();
    let by_area_views = realisation_by_area_views(data, fw, &areas, &all_actions, period.date);
    let total = realisation_view(
        data,
        data.t("all_actions"),
        &realisation(&all_actions, period.date),
    );
    let date = period
        .date
        .map(|d| locale::date(d, data.lang()))
        .unwrap_or_default();
    if super::is_large(period) {
        return ActionsPage {
            large: Some(large_actions(data, facts, &path)),
            frame,
            date,
            agencies: Vec::new(),
            areas: by_area_views,
            late: Vec::new(),
            total,
        };
    }
    let agencies = period
        .agencies
        .iter()
        .map(|a| {
            (
                Link {
                    label: labelled(period, a),
                    url: paths::link(&path, &paths::agency(&period.id, &a.id)),
                },
                realisation_view(data, a.name.clone(), &realisation(&a.actions, period.date)),
            )
        })
        .collect();
    let late = period
        .agencies
        .iter()
        .flat_map(|a| {
            a.actions
                .iter()
                .filter(|x| is_late(x, period.date))
                .map(move |x| (a, x))
        })
        .map(|(a, x)| LateAction {
            agency: a.name.clone(),
            url: paths::link(&path, &paths::agency(&period.id, &a.id)),
            activity: x.activity.clone(),
            criterion: x
                .criterion
                .map(|c| fw.nodes[c].label().to_string())
                .unwrap_or_default(),
            due: x
                .due
                .map(|d| locale::date(d, data.lang()))
                .unwrap_or_default(),
            progress: x
                .progress
                .map(|p| format!("{}%", locale::number_short(p, 1, data.lang())))
                .unwrap_or_else(|| "–".into()),
        })
        .collect();
    ActionsPage {
        frame,
        date,
        areas: by_area_views,
        total,
        agencies,
        late,
        large: None,
    }
}

/// The action plan of a large period per group (ranked by mean progress),
/// and the `SHOWN_AGENCIES` agencies with the most late actions.
fn large_actions(data: &SiteData, facts: &PeriodFacts, path: &str) -> LargeActions {
    let period = facts.period;
    let mut groups: Vec<_> = super::large::top_groups(facts)
        .into_iter()
        .map(|(g, members)| {
            let r = realisation(
                members
                    .iter()
                    .flat_map(|&k| period.agencies[k].actions.iter()),
                period.date,
            );
            (g, r)
        })
        .collect();
    groups.sort_by(|(a, x), (b, y)| {
        super::large::highest_first((x.mean_progress, &a.id), (y.mean_progress, &b.id))
    });
    let mut late: Vec<(usize, Realisation)> = period
        .agencies
        .iter()
        .enumerate()
        .map(|(k, a)| (k, realisation(&a.actions, period.date)))
        .filter(|(_, r)| r.late > 0)
        .collect();
    late.sort_by(|(a, x), (b, y)| {
        y.late
            .cmp(&x.late)
            .then_with(|| {
                x.mean_progress
                    .unwrap_or(0.0)
                    .total_cmp(&y.mean_progress.unwrap_or(0.0))
            })
            .then_with(|| period.agencies[*a].id.cmp(&period.agencies[*b].id))
    });
    late.truncate(super::SHOWN_AGENCIES);
    LargeActions {
        note: super::large::note(data, period, path),
        groups: groups
            .into_iter()
            .map(|(g, r)| {
                (
                    Link {
                        label: g.name.clone(),
                        url: paths::link(path, &paths::group(&period.id, &g.id)),
                    },
                    realisation_view(data, g.name.clone(), &r),
                )
            })
            .collect(),
        most_late: late
            .into_iter()
            .map(|(k, r)| {
                let a = &period.agencies[k];
                (
                    Link {
                        label: labelled(period, a),
                        url: paths::link(path, &paths::agency(&period.id, &a.id)),
                    },
                    realisation_view(data, a.name.clone(), &r),
                )
            })
            .collect(),
    }
}

/// Links to the period's benchmarking pages, for the period page.
pub fn bench_links(data: &SiteData, facts: &PeriodFacts, from: &str) -> Vec<Link> {
    let p = &facts.period.id;
    let mut links = vec![
        Link {
            label: data.t("group_comparison"),
            url: paths::link(from, &paths::groups(p)),
        },
        Link {
            label: data.t("clusters"),
            url: paths::link(from, &paths::clusters(p)),
        },
        Link {
            label: data.t("self_vs_verified"),
            url: paths::link(from, &paths::verification(p)),
        },
        Link {
            label: data.t("action_plan"),
            url: paths::link(from, &paths::actions(p)),
        },
    ];
    if !facts.period.framework.checklist.is_empty() {
        links.insert(
            2,
            Link {
                label: data.t("checklist"),
                url: paths::link(from, &paths::checklist(p)),
            },
        );
    }
    links
}
