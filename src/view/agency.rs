//! An agency's page and the part of it its printable report shows: the
//! comparison it opens with, the per-area table, the radar, the indicator
//! table by section, the action plan, narratives and file history.

use super::criterion::criterion_page_of;
use super::rows::{
    evidence_views, narrative_views, period_crumbs, section_of, shown, EvidenceView, NarrativeView,
};
use super::{band_view, paths, BandView, Frame, Link, PeriodFacts, SiteData};
use crate::chart::{self, Bar, Series};
use crate::model::{Answer, Framework, NodeIx};
use crate::render::{locale, markdown};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct AreaRow {
    pub name: String,
    pub url: String,
    pub score: String,
    pub self_score: String,
    pub max: String,
    pub percent: String,
}

#[derive(Debug, Serialize)]
pub struct IndicatorRow {
    pub id: String,
    pub subheading: Option<String>,
    pub text: String,
    pub guide: String,
    pub answer: String,
    pub verified: String,
    /// The verified answer differs from the self-assessed one.
    pub changed: bool,
    pub value: String,
    pub weight: String,
    pub rules: Vec<String>,
    pub evidence: Vec<EvidenceView>,
    pub note: String,
    pub unanswered: bool,
}

#[derive(Debug, Serialize)]
pub struct IndicatorSection {
    pub name: String,
    pub anchor: String,
    pub score: String,
    pub max: String,
    pub rows: Vec<IndicatorRow>,
    pub narratives: Vec<NarrativeView>,
}

#[derive(Debug, Serialize)]
pub struct ActionView {
    pub id: String,
    pub activity: String,
    pub criterion: String,
    pub due: String,
    pub target: String,
    pub progress: String,
    /// 0 to 100, for the bar's width.
    pub progress_width: f64,
    pub late: bool,
    pub evidence: Vec<EvidenceView>,
}

#[derive(Debug, Serialize)]
pub struct Counts {
    pub indicators: usize,
    pub answered: usize,
    pub verified: usize,
    pub not_applicable: usize,
    pub unanswered: usize,
}

#[derive(Debug, Serialize)]
pub struct AgencyPage {
    pub frame: Frame,
    /// Its keys sit at the top level of the context, beside the page's own.
    #[serde(flatten)]
    pub summary: AgencySummary,
    pub bars: String,
    pub sections: Vec<IndicatorSection>,
    pub narratives: Vec<NarrativeView>,
    /// Benchmarking panels: next band, checklist, actions, trend, recommendations.
    pub bench: super::panels::AgencyBench,
    /// File history from git; None when the tree is not in git.
    pub history: Option<super::history::HistoryView>,
}

pub fn agency_page(
    data: &SiteData,
    all_facts: &[PeriodFacts],
    facts: &PeriodFacts,
    i: usize,
) -> AgencyPage {
    let path = paths::agency(&facts.period.id, &facts.period.agencies[i].id);
    agency_page_at(data, all_facts, facts, i, &path)
}

/// What an agency's printable report shows of its page: the header, the
/// area scores and radar, the benchmarking findings and the action plan,
/// under the same keys as in the agency page's context. The indicator
/// table, the bar chart, the narratives and the file history stay on the
/// web page, so a report (and a book of forty) neither builds nor carries them.
#[derive(Debug, Serialize)]
pub struct ReportAgency {
    #[serde(flatten)]
    pub summary: AgencySummary,
    /// Next band, checklist, recommendations and action realisation.
    pub bench: super::panels::ReportBench,
}

/// What the agency page and the report both show: the header, the area
/// scores and radar, and the action plan.
#[derive(Debug, Serialize)]
pub struct AgencySummary {
    pub name: String,
    pub short: String,
    pub head: String,
    pub cluster: String,
    pub group: Option<Link>,
    pub peer: Option<Link>,
    pub period: String,
    pub rank: String,
    pub of: usize,
    pub index: String,
    pub band: Option<BandView>,
    pub self_index: String,
    pub self_band: Option<BandView>,
    pub counts: Counts,
    pub radar: String,
    /// What the radar shows: the areas of one component (its caption).
    pub radar_caption: String,
    pub areas: Vec<AreaRow>,
    /// Every component and its parts, adding up to the index.
    pub parts: super::parts::PartsTable,
    pub actions: Vec<ActionView>,
    /// Where it stands against whom, and what changed: what the page and
    /// the report open with.
    pub comparison: super::comparison::Comparison,
    /// Other ratings (Ombudsman, SKM, ...) beside the peer's.
    pub ratings: Option<super::ratings::RatingsTable>,
}

/// The radar's caption: which component's areas it shows, when it shows
/// one component's (the others are in the table beside it).
fn radar_caption(data: &SiteData, fw: &Framework) -> String {
    let areas = fw.areas();
    let parent = areas.first().and_then(|&a| fw.nodes[a].parent);
    match parent {
        Some(p) if fw.roots.len() > 1 => data
            .t("radar_caption_component")
            .replace("{component}", fw.nodes[p].label()),
        _ => data.t("radar_caption"),
    }
}

/// Where `report_agency` gets the agency's radar chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Radar {
    /// Drawn for this document alone (a report in a book).
    Draw,
    /// Drawn, and left for the agency's web page (its report page).
    Leave,
    /// Taken from the report page, or drawn when there is none (the web page).
    Take,
}

/// Agency `i`'s radar chart: verified and self-assessed score per area.
fn agency_radar(data: &SiteData, facts: &PeriodFacts, i: usize, areas: &[AreaRow]) -> String {
    let fw = &facts.period.framework;
    let agency = &facts.period.agencies[i];
    let score = &facts.scores[i];
    let areas_ix = fw.areas();
    let axes: Vec<String> = areas.iter().map(|a| a.name.clone()).collect();
    chart::radar(
        &format!("{} – {}", data.t("radar_title"), agency.name),
        &areas
            .iter()
            .map(|a| format!("{}: {}", a.name, a.percent))
            .collect::<Vec<_>>()
            .join("; "),
        &axes,
        &[
            Series {
                name: data.t("verified_result"),
                values: areas_ix
                    .iter()
                    .map(|&a| score.result.fractions.get(a).unwrap_or(0.0))
                    .collect(),
                color: "#1d4f91".into(),
            },
            Series {
                name: data.t("self_assessed"),
                values: areas_ix
                    .iter()
                    .map(|&a| score.self_assessed.fractions.get(a).unwrap_or(0.0))
                    .collect(),
                color: "#c2571a".into(),
            },
        ],
    )
}

/// The report's part of agency `i`'s page, links relative to the page at `path`.
pub fn report_agency(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    i: usize,
    path: &str,
    radar: Radar,
) -> ReportAgency {
    let period = facts.period;
    let fw = &period.framework;
    let agency = &period.agencies[i];
    let score = &facts.scores[i];
    let lang = data.lang();

    let areas_ix = fw.areas();
    let areas: Vec<AreaRow> = areas_ix
        .iter()
        .map(|&a| {
            let node = &fw.nodes[a];
            AreaRow {
                name: node.label().to_string(),
                url: paths::link(path, &criterion_page_of(period, a)),
                score: data.opt_num(score.result.fractions.get(a).map(|f| f * node.weight), 2),
                self_score: data.opt_num(
                    score
                        .self_assessed
                        .fractions
                        .get(a)
                        .map(|f| f * node.weight),
                    2,
                ),
                max: locale::number_short(node.weight, 2, lang),
                percent: score
                    .result
                    .fractions
                    .get(a)
                    .map(|f| data.pct(f))
                    .unwrap_or_else(|| "–".into()),
            }
        })
        .collect();
    let radar = match radar {
        Radar::Draw => agency_radar(data, facts, i, &areas),
        Radar::Leave => {
            let svg = agency_radar(data, facts, i, &areas);
            data.radars.put((facts.position, i), svg.clone());
            svg
        }
        Radar::Take => data
            .radars
            .take((facts.position, i))
            .unwrap_or_else(|| agency_radar(data, facts, i, &areas)),
    };

    let actions = agency
        .actions
        .iter()
        .map(|a| ActionView {
            id: a.id.clone(),
            activity: a.activity.clone(),
            criterion: a.criterion.map(|c| fw.nodes[c].label().to_string()).unwrap_or_default(),
            due: a.due.map(|d| locale::date(d, lang)).unwrap_or_default(),
            target: a.target.clone().unwrap_or_default(),
            progress: a.progress.map(|p| format!("{}%", locale::number_short(p, 1, lang))).unwrap_or_else(|| "–".into()),
            progress_width: a.progress.unwrap_or(0.0),
            late: matches!((a.due, period.date, a.progress), (Some(due), Some(day), p) if due < day && p.unwrap_or(0.0) < 100.0),
            evidence: evidence_views(data, period, agency, path, &a.evidence),
        })
        .collect();

    let summary = AgencySummary {
        ratings: super::ratings::agency_table(data, period, agency),
        name: agency.name.clone(),
        short: agency.short.clone().unwrap_or_default(),
        head: agency.head.clone().unwrap_or_default(),
        cluster: agency.cluster.clone().unwrap_or_default(),
        group: agency.group.as_ref().map(|g| Link {
            label: facts.group_name(g),
            url: paths::link(path, &paths::group(&period.id, g)),
        }),
        peer: agency
            .peer
            .as_ref()
            .and_then(|p| period.agency(p))
            .map(|p| Link {
                label: super::rows::labelled(period, p),
                url: paths::link(path, &paths::agency(&period.id, &p.id)),
            }),
        period: period.name.clone(),
        rank: facts.rank[i]
            .map(|r| r.to_string())
            .unwrap_or_else(|| "–".into()),
        of: period.agencies.len(),
        index: data.opt_num(score.result.index, 2),
        band: band_view(fw, score.result.band),
        self_index: data.opt_num(score.self_assessed.index, 2),
        self_band: band_view(fw, score.self_assessed.band),
        counts: Counts {
            indicators: score.counts.indicators,
            answered: score.counts.answered,
            verified: score.counts.verified,
            not_applicable: score.counts.not_applicable,
            unanswered: score.counts.indicators - score.counts.answered,
        },
        radar,
        radar_caption: radar_caption(data, fw),
        comparison: super::comparison::comparison(data, all, facts, i, path),
        parts: super::parts::parts_table(data, period, score, path, &|ix| {
            criterion_page_of(period, ix)
        }),
        areas,
        actions,
    };
    ReportAgency {
        summary,
        bench: super::panels::report_bench(data, facts, i),
    }
}

/// The agency page's context with every link relative to the page at `path`.
pub fn agency_page_at(
    data: &SiteData,
    all_facts: &[PeriodFacts],
    facts: &PeriodFacts,
    i: usize,
    path: &str,
) -> AgencyPage {
    let period = facts.period;
    let fw = &period.framework;
    let agency = &period.agencies[i];
    let score = &facts.scores[i];
    let lang = data.lang();
    let mut crumbs = period_crumbs(data, period);
    if let Some(g) = &agency.group {
        crumbs.push((facts.group_name(g), paths::group(&period.id, g)));
    }
    // The page's title and crumb: its short name with its group's.
    let frame = Frame::new(data, path, super::rows::tag(period, agency), crumbs);
    let na = data.t("not_applicable_short");
    let core = report_agency(data, all_facts, facts, i, path, Radar::Take);

    let areas_ix = fw.areas();
    let bars = chart::bars(
        &format!("{} – {}", data.t("area_scores"), agency.name),
        &core
            .summary
            .areas
            .iter()
            .map(|a| format!("{}: {} / {}", a.name, a.score, a.max))
            .collect::<Vec<_>>()
            .join("; "),
        &areas_ix
            .iter()
            .zip(&core.summary.areas)
            .map(|(&a, row)| Bar {
                label: row.name.clone(),
                value: score.result.fractions.get(a).unwrap_or(0.0) * fw.nodes[a].weight,
                max: fw.nodes[a].weight,
                value_label: format!("{} / {}", row.score, row.max),
                color: "#1d4f91".into(),
            })
            .collect::<Vec<_>>(),
    );

    // Indicator table, one section per area, narratives tied to a criterion shown with it.
    let all_narratives = narrative_views(period, path, &agency.narratives);
    let mut loose = Vec::new();
    let mut by_section: std::collections::BTreeMap<NodeIx, Vec<NarrativeView>> = Default::default();
    for (n, view) in agency.narratives.iter().zip(all_narratives) {
        match n.criterion {
            Some(c) if fw.nodes[c].depth > 0 || fw.path(c).len() >= 2 => {
                let sec = if fw.nodes[c].depth >= 1 {
                    fw.path(c)[1.min(fw.path(c).len() - 1)]
                } else {
                    c
                };
                by_section.entry(sec).or_default().push(view);
            }
            _ => loose.push(view),
        }
    }
    let mut sections: Vec<IndicatorSection> = Vec::new();
    let mut last_parent = None;
    let mut last_sec: Option<NodeIx> = None;
    for &leaf in &fw.leaves {
        let sec = section_of(fw, leaf);
        // A new section where the section's anchor (its id) changes.
        if last_sec.is_none_or(|l| l != sec && fw.nodes[l].id != fw.nodes[sec].id) {
            let node = &fw.nodes[sec];
            sections.push(IndicatorSection {
                name: node.label().to_string(),
                anchor: anchor(fw, sec),
                score: data.opt_num(score.result.fractions.get(sec).map(|f| f * node.weight), 2),
                max: locale::number_short(node.weight, 2, lang),
                rows: Vec::new(),
                narratives: by_section.remove(&sec).unwrap_or_default(),
            });
            last_parent = None;
        }
        last_sec = Some(sec);
        let node = &fw.nodes[leaf];
        let parent = node.parent;
        let subheading = (parent != last_parent && parent != Some(sec))
            .then(|| parent.map(|p| fw.nodes[p].label().to_string()))
            .flatten();
        last_parent = parent;
        let ind = node.indicator().expect("leaves are indicators");
        let answer: Option<&Answer> = agency.answers.get(&leaf);
        let mut rules = Vec::new();
        if let Some(t) = ind.times {
            rules.push(format!("{} {}", data.t("rule_times"), fw.nodes[t].id));
        }
        if let Some(r) = &ind.requires {
            rules.push(format!(
                "{} {} > {}",
                data.t("rule_requires"),
                fw.nodes[r.indicator].id,
                locale::number_short(r.above, 2, lang)
            ));
        }
        let row = IndicatorRow {
            id: node.id.clone(),
            subheading,
            text: node
                .text
                .clone()
                .or_else(|| node.name.clone())
                .unwrap_or_else(|| node.id.clone()),
            guide: ind.guide.clone().unwrap_or_default(),
            answer: shown(
                data,
                &fw.scales[ind.scale],
                answer.and_then(|a| a.answer.as_ref()),
            ),
            verified: shown(
                data,
                &fw.scales[ind.scale],
                answer.and_then(|a| a.verified.as_ref()),
            ),
            changed: answer.is_some_and(|a| a.verified.is_some() && a.verified != a.answer),
            value: match score.result.fractions.get(leaf) {
                Some(v) => data.num(v, 2),
                None => na.clone(),
            },
            weight: locale::number_short(node.weight, 2, lang),
            rules,
            evidence: answer
                .map(|a| evidence_views(data, period, agency, path, &a.evidence))
                .unwrap_or_default(),
            note: answer
                .and_then(|a| a.note.as_deref())
                .map(|n| markdown::to_html(n, 4))
                .unwrap_or_default(),
            unanswered: answer.is_none_or(|a| a.answer.is_none() && a.verified.is_none()),
        };
        if let Some(s) = sections.last_mut() {
            s.rows.push(row);
        }
    }
    loose.extend(by_section.into_values().flatten());

    let ReportAgency { summary, bench } = core;
    AgencyPage {
        summary,
        bars,
        sections,
        narratives: loose,
        bench: super::panels::agency_bench_with(bench, data, all_facts, facts, i, path),
        history: super::history::agency_history(data, period, agency, path),
        frame,
    }
}

/// The report's list of evidence, by section in the order of the indicator
/// table, links relative to the page at `path`.
pub(super) fn evidence_by_section(
    data: &SiteData,
    facts: &PeriodFacts,
    i: usize,
    path: &str,
) -> Vec<super::print::EvidenceArea> {
    let period = facts.period;
    let fw = &period.framework;
    let agency = &period.agencies[i];
    let mut out: Vec<super::print::EvidenceArea> = Vec::new();
    let mut last_sec: Option<NodeIx> = None;
    for &leaf in &fw.leaves {
        let sec = section_of(fw, leaf);
        if last_sec.is_none_or(|l| l != sec && fw.nodes[l].id != fw.nodes[sec].id) {
            out.push(super::print::EvidenceArea {
                name: fw.nodes[sec].label().to_string(),
                items: Vec::new(),
            });
        }
        last_sec = Some(sec);
        let Some(answer) = agency.answers.get(&leaf) else {
            continue;
        };
        if let Some(area) = out.last_mut() {
            area.items.extend(
                evidence_views(data, period, agency, path, &answer.evidence)
                    .into_iter()
                    .map(|e| super::print::EvidenceItem {
                        id: fw.nodes[leaf].id.clone(),
                        title: e.title,
                        url: e.url,
                        date: e.date,
                    }),
            );
        }
    }
    out.retain(|a| !a.items.is_empty());
    out
}

fn anchor(fw: &Framework, ix: NodeIx) -> String {
    format!("k-{}", paths::encode_segment(&fw.nodes[ix].id))
}
