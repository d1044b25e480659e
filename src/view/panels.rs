//! The benchmarking panels of an agency's page and report: the path to the
//! next band, the readiness checklist, recommendations, action realisation,
//! the trend over periods and self-assessment against verification.

use super::peer::cluster_of;
use super::rows::{
    check_view, realisation_by_area_views, realisation_view, section_of, shown, signed, CheckView,
    RealisationView, OWN_COLOR,
};
use super::{band_view, paths, BandView, Link, PeriodFacts, SiteData};
use crate::analysis::actions::{is_late, realisation};
use crate::analysis::checklist::evaluate_all;
use crate::analysis::compare::peers_of;
use crate::analysis::next_band::{next_band, NextBand};
use crate::analysis::verification::overstatement;
use crate::chart::{self, LineSeries, Threshold};
use crate::model::{Framework, NodeIx, Response};
use crate::score::bases;
use serde::Serialize;

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
