//! One builder per page kind: data in, context out.

use serde::Serialize;

pub use super::rankings::RankingRow;
pub(super) use super::rankings::{ranking_rows, ranking_rows_kept};
use super::{band_view, paths, BandView, Frame, Link, PeriodFacts, Scope, SiteData};
use crate::chart::{self, Bar, Column, Series};
use crate::model::{
    Agency, Answer, Framework, Narrative, NodeIx, NodeKind, Period, Response, ScaleKind,
};
use crate::render::{locale, markdown};
use crate::score::AgencyScore;

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

/// The criterion page that shows `ix`: its own if it has one, else the nearest area above it.
pub(super) fn criterion_page_of(period: &Period, ix: NodeIx) -> String {
    let fw = &period.framework;
    let path = fw.path(ix);
    let shown = path
        .iter()
        .rev()
        .copied()
        .find(|&n| has_criterion_page(fw, n))
        .unwrap_or(path[0]);
    paths::criterion(&period.id, &fw.nodes[shown].id, shown)
}

/// Criterion pages exist for the top-level nodes and their children that are groups.
pub fn has_criterion_page(fw: &Framework, ix: NodeIx) -> bool {
    let node = &fw.nodes[ix];
    node.depth == 0 || (node.depth == 1 && matches!(node.kind, NodeKind::Group { .. }))
}

pub fn criterion_pages(fw: &Framework) -> Vec<NodeIx> {
    (0..fw.nodes.len())
        .filter(|&i| has_criterion_page(fw, i))
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

// ---------------------------------------------------------------- home

#[derive(Debug, Serialize)]
pub struct HomePeriod {
    pub name: String,
    pub url: String,
    pub date: String,
    pub framework: String,
    /// The figures per side, ours first (one side without a heading when
    /// the period has no benchmark partner).
    pub sides: Vec<super::SideView>,
    /// How far our side's mean index is from the benchmark's (empty with one side).
    pub gap: String,
    /// The newest period whose figures are final: the latest result.
    pub latest: bool,
    /// Its figures may still change.
    pub provisional: bool,
}

#[derive(Debug, Serialize)]
pub struct HomePage {
    pub frame: Frame,
    pub periods: Vec<HomePeriod>,
    /// The "changes since" page, when built with `--since`.
    pub changes: Option<Link>,
}

pub fn home_page(data: &SiteData, all_facts: &[PeriodFacts]) -> HomePage {
    let path = paths::home();
    let frame = Frame::new(data, &path, data.model.site.title.clone(), vec![]);
    let latest = all_facts.iter().rposition(|f| f.period.is_final);
    let periods = all_facts
        .iter()
        .enumerate()
        .rev()
        .map(|(pos, facts)| {
            let p = facts.period;
            let sides =
                super::sides::side_views(data, all_facts, facts, &facts.order, &path, (5, 3));
            HomePeriod {
                gap: super::sides::mean_gap(data, &sides),
                sides,
                name: p.name.clone(),
                url: paths::link(&path, &paths::period(&p.id)),
                date: p
                    .date
                    .map(|d| locale::date(d, data.lang()))
                    .unwrap_or_default(),
                framework: p.framework.name.clone(),
                latest: latest == Some(pos),
                provisional: !p.is_final,
            }
        })
        .collect();
    HomePage {
        changes: super::changes_link(data, &path),
        frame,
        periods,
    }
}

// ---------------------------------------------------------------- period

#[derive(Debug, Serialize)]
pub struct GroupSummary {
    pub name: String,
    pub url: String,
    pub reference: bool,
    pub summary: Summary,
    pub bands: Vec<BandCount>,
}

#[derive(Debug, Serialize)]
pub struct PeriodPage {
    pub frame: Frame,
    /// Whether the period has a printable book (small enough to print whole).
    pub has_book: bool,
    pub name: String,
    pub date: String,
    pub framework: String,
    pub methodology_url: String,
    pub json_url: String,
    pub csv_url: String,
    /// The headline figures per side, ours first, each with its band chart.
    pub sides: Vec<super::SideView>,
    /// How far our side's mean is from the benchmark's (empty with one side).
    pub gap: String,
    /// The ranking, one table per group (a period of ordinary size).
    pub tables: Vec<super::RankingTable>,
    /// In a large period, the top and bottom `SHOWN_AGENCIES` of the period.
    pub rows: Vec<RankingRow>,
    /// In a large period: what the rows are, the line in place of the rows
    /// left out before row `split`, and the pages of the full ranking.
    pub ranking_note: Option<String>,
    pub omitted: String,
    pub split: usize,
    pub ranking_pages: Vec<super::PageLink>,
    pub groups: Vec<GroupSummary>,
    pub criteria: Vec<Link>,
    pub narratives: Vec<NarrativeView>,
    /// Links to the benchmarking pages of the period.
    pub bench: Vec<Link>,
}

pub(super) fn period_crumbs(data: &SiteData, period: &Period) -> Vec<(String, String)> {
    vec![
        (data.t("home"), paths::home()),
        (period.name.clone(), paths::period(&period.id)),
    ]
}

pub fn period_page(data: &SiteData, all_facts: &[PeriodFacts], facts: &PeriodFacts) -> PeriodPage {
    let period = facts.period;
    let fw = &period.framework;
    let path = paths::period(&period.id);
    let frame = Frame::new(
        data,
        &path,
        period.name.clone(),
        vec![(data.t("home"), paths::home())],
    );
    let large = super::is_large(period);
    let mut sides = super::sides::side_views(data, all_facts, facts, &facts.order, &path, (0, 0));
    for side in &mut sides {
        let title = match side.name.as_str() {
            "" => format!("{} – {}", data.t("band_distribution"), period.name),
            name => format!("{} – {name}", data.t("band_distribution")),
        };
        side.band_chart = band_chart(data, &title, &side.bands);
    }
    let groups = period
        .groups
        .iter()
        .filter_map(|g| {
            let members: Vec<&AgencyScore> = facts
                .members
                .get(g.id.as_str())
                .map(|m| m.iter().map(|&k| &facts.scores[k]).collect())
                .unwrap_or_default();
            (!members.is_empty()).then(|| GroupSummary {
                name: g.name.clone(),
                url: paths::link(&path, &paths::group(&period.id, &g.id)),
                reference: g.role.is_some(),
                summary: summary(data, fw, &members),
                bands: band_counts(fw, &members),
            })
        })
        .collect();
    PeriodPage {
        has_book: super::has_period_book(period),
        name: period.name.clone(),
        date: period
            .date
            .map(|d| locale::date(d, data.lang()))
            .unwrap_or_default(),
        framework: fw.name.clone(),
        methodology_url: paths::link(&path, &paths::methodology(&period.id)),
        json_url: paths::link(&path, &paths::scores_json(&period.id)),
        csv_url: paths::link(&path, &paths::scores_csv(&period.id)),
        gap: super::sides::mean_gap(data, &sides),
        sides,
        tables: if large {
            Vec::new()
        } else {
            super::rankings::ranking_tables(data, all_facts, facts, &path, Scope::Period)
        },
        rows: if large {
            let keep = super::large::kept(period.agencies.len(), super::SHOWN_AGENCIES);
            ranking_rows_kept(data, all_facts, facts, &path, Scope::Period, &|pos, _| {
                keep(pos)
            })
        } else {
            Vec::new()
        },
        ranking_note: large.then(|| {
            data.t("ranking_pages_note")
                .replace("{n}", &super::SHOWN_AGENCIES.to_string())
                .replace("{total}", &data.num(period.agencies.len() as f64, 0))
                .replace("{per_page}", &data.num(super::RANKING_PAGE_ROWS as f64, 0))
        }),
        omitted: if large {
            data.t("rows_omitted_ranking").replace(
                "{n}",
                &data.num(
                    (period.agencies.len() - 2 * super::SHOWN_AGENCIES) as f64,
                    0,
                ),
            )
        } else {
            String::new()
        },
        split: super::SHOWN_AGENCIES,
        ranking_pages: super::large::ranking_links(data, period, &path),
        bench: super::bench_links(data, facts, &path),
        groups,
        criteria: criterion_pages(fw)
            .into_iter()
            .map(|c| Link {
                label: fw.nodes[c].label().to_string(),
                url: paths::link(&path, &paths::criterion(&period.id, &fw.nodes[c].id, c)),
            })
            .collect(),
        narratives: narrative_views(period, &path, &period.narratives),
        frame,
    }
}

// ---------------------------------------------------------------- group

#[derive(Debug, Serialize)]
pub struct GroupPage {
    pub frame: Frame,
    pub name: String,
    pub reference: bool,
    pub summary: Summary,
    /// Its ranking, one table per group folder in it.
    pub tables: Vec<super::RankingTable>,
    pub narratives: Vec<NarrativeView>,
    /// In a large period: the workbook of the indicator answers of the
    /// agencies whose nearest group this is (None when there are none).
    pub indicators_url: Option<String>,
}

pub fn group_pages(
    data: &SiteData,
    all_facts: &[PeriodFacts],
    facts: &PeriodFacts,
) -> Vec<GroupPage> {
    let period = facts.period;
    period
        .groups
        .iter()
        .map(|g| {
            let path = paths::group(&period.id, &g.id);
            let frame = Frame::new(data, &path, g.name.clone(), period_crumbs(data, period));
            let members: Vec<&AgencyScore> = facts
                .members
                .get(g.id.as_str())
                .map(|m| m.iter().map(|&k| &facts.scores[k]).collect())
                .unwrap_or_default();
            GroupPage {
                name: g.name.clone(),
                reference: g.role.is_some(),
                summary: summary(data, &period.framework, &members),
                tables: super::rankings::ranking_tables(
                    data,
                    all_facts,
                    facts,
                    &path,
                    Scope::Group(&g.id),
                ),
                narratives: narrative_views(period, &path, &g.narratives),
                indicators_url: (super::is_large(period)
                    && period
                        .agencies
                        .iter()
                        .any(|a| a.group.as_deref() == Some(g.id.as_str())))
                .then(|| paths::link(&path, &paths::indicators_xlsx(&period.id, Some(&g.id)))),
                frame,
            }
        })
        .collect()
}

// ---------------------------------------------------------------- agency

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
pub struct EvidenceView {
    pub title: String,
    pub url: Option<String>,
    pub date: String,
    pub external: bool,
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
    pub bench: super::AgencyBench,
    /// File history from git; None when the tree is not in git.
    pub history: Option<super::HistoryView>,
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
    pub bench: super::ReportBench,
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
                label: super::labelled(period, p),
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
        bench: super::report_bench(data, facts, i),
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
    let frame = Frame::new(data, path, super::tag(period, agency), crumbs);
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
        bench: super::agency_bench_with(bench, data, all_facts, facts, i, path),
        history: super::agency_history(data, period, agency, path),
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
) -> Vec<super::EvidenceArea> {
    let period = facts.period;
    let fw = &period.framework;
    let agency = &period.agencies[i];
    let mut out: Vec<super::EvidenceArea> = Vec::new();
    let mut last_sec: Option<NodeIx> = None;
    for &leaf in &fw.leaves {
        let sec = section_of(fw, leaf);
        if last_sec.is_none_or(|l| l != sec && fw.nodes[l].id != fw.nodes[sec].id) {
            out.push(super::EvidenceArea {
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
                    .map(|e| super::EvidenceItem {
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

// ---------------------------------------------------------------- criterion

#[derive(Debug, Serialize)]
pub struct CriterionRow {
    pub rank: String,
    pub movement: Option<super::MovementView>,
    pub has_past: bool,
    pub name: String,
    pub url: String,
    pub group: Option<Link>,
    pub score: String,
    pub self_score: String,
    pub percent: String,
}

#[derive(Debug, Serialize)]
pub struct CriterionPage {
    pub frame: Frame,
    pub name: String,
    pub id: String,
    pub weight: String,
    pub parent: Option<Link>,
    pub children: Vec<Link>,
    pub rows: Vec<CriterionRow>,
    pub chart: String,
    /// In a large period: `rows` holds only the top and bottom of the ranking.
    pub large: Option<LargeCriterion>,
}

/// What a criterion page of a large period shows besides the top and bottom rows.
#[derive(Debug, Serialize)]
pub struct LargeCriterion {
    pub note: super::LargeNote,
    /// The groups ranked by their mean score on the criterion.
    pub groups: Vec<super::GroupStat>,
    /// How many of `rows` come before the agencies left out.
    pub split: usize,
    /// The sentence in place of the agencies left out (empty when none are).
    pub omitted: String,
    /// What the rows are ("top 25 and bottom 25").
    pub shown: String,
}

/// The most bars a criterion chart draws.
pub const CHART_BARS: usize = 50;

pub fn criterion_page(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    ix: NodeIx,
) -> CriterionPage {
    let period = facts.period;
    let fw = &period.framework;
    let node = &fw.nodes[ix];
    let path = paths::criterion(&period.id, &node.id, ix);
    let frame = Frame::new(
        data,
        &path,
        node.label().to_string(),
        period_crumbs(data, period),
    );
    let scope = Scope::Criterion(&node.id);
    let value = |i: usize| facts.value(scope, i);
    let order = facts.scope(scope);
    let rank = super::ranks(&order, value);
    let moves = super::movements(data, all, facts, scope, &order);
    // A large period shows the top and the bottom of the ranking only.
    let large = super::is_large(period);
    let keep = super::large::kept(
        order.len(),
        if large {
            super::SHOWN_AGENCIES
        } else {
            order.len()
        },
    );
    let rows: Vec<CriterionRow> = order
        .iter()
        .zip(moves)
        .enumerate()
        .filter(|&(pos, _)| keep(pos))
        .map(|(_, (&i, m))| {
            let a = &period.agencies[i];
            let s = &facts.scores[i];
            CriterionRow {
                rank: rank[i].map(|r| r.to_string()).unwrap_or_else(|| "–".into()),
                movement: super::movement_view(data, m),
                has_past: facts.position > 0,
                name: a.name.clone(),
                url: paths::link(&path, &paths::agency(&period.id, &a.id)),
                group: a.group.as_ref().map(|g| Link {
                    label: facts.group_name(g),
                    url: paths::link(&path, &paths::group(&period.id, g)),
                }),
                score: data.opt_num(value(i), 2),
                self_score: data.opt_num(
                    s.self_assessed.fractions.get(ix).map(|f| f * node.weight),
                    2,
                ),
                percent: s
                    .result
                    .fractions
                    .get(ix)
                    .map(|f| data.pct(f))
                    .unwrap_or_else(|| "–".into()),
            }
        })
        .collect();
    let max = locale::number_short(node.weight, 2, data.lang());
    // A chart of thousands of bars is unreadable and heavy: past CHART_BARS it
    // shows the top of the ranking and says so.
    let shown = order.len().min(CHART_BARS);
    let title = if shown < order.len() {
        format!(
            "{} – {} ({})",
            node.label(),
            period.name,
            data.t("chart_top_of")
                .replace("{n}", &shown.to_string())
                .replace("{total}", &data.num(order.len() as f64, 0))
        )
    } else {
        format!("{} – {}", node.label(), period.name)
    };
    let chart = chart::bars(
        &title,
        &order[..shown]
            .iter()
            .map(|&i| format!("{}: {}", period.agencies[i].name, data.opt_num(value(i), 2)))
            .collect::<Vec<_>>()
            .join("; "),
        &order[..shown]
            .iter()
            .map(|&i| Bar {
                label: super::tag(period, &period.agencies[i]),
                value: value(i).unwrap_or(0.0),
                max: node.weight,
                value_label: format!("{} / {max}", data.opt_num(value(i), 2)),
                color: "#1d4f91".into(),
            })
            .collect::<Vec<_>>(),
    );
    let large = large.then(|| {
        let split = rows.len().min(super::SHOWN_AGENCIES);
        LargeCriterion {
            note: super::large::note(data, period, &path),
            groups: super::large::group_stats(
                data,
                facts,
                &path,
                super::large::Measure::Score { max: node.weight },
                value,
            ),
            split,
            omitted: if order.len() > rows.len() {
                super::large::omitted_text(data, order.len() - rows.len())
            } else {
                String::new()
            },
            shown: super::large::top_and_bottom(data, split),
        }
    });
    CriterionPage {
        name: node.label().to_string(),
        id: node.id.clone(),
        weight: max.clone(),
        parent: node
            .parent
            .filter(|&p| has_criterion_page(fw, p))
            .map(|p| Link {
                label: fw.nodes[p].label().to_string(),
                url: paths::link(&path, &paths::criterion(&period.id, &fw.nodes[p].id, p)),
            }),
        children: node
            .children()
            .iter()
            .filter(|&&c| has_criterion_page(fw, c))
            .map(|&c| Link {
                label: fw.nodes[c].label().to_string(),
                url: paths::link(&path, &paths::criterion(&period.id, &fw.nodes[c].id, c)),
            })
            .collect(),
        rows,
        chart,
        large,
        frame,
    }
}

// ---------------------------------------------------------------- methodology

#[derive(Debug, Serialize)]
pub struct MethodRow {
    pub depth: usize,
    pub id: String,
    pub label: String,
    pub indicator: bool,
    pub weight: String,
    pub share_of_parent: String,
    pub share_of_index: String,
    pub scale: String,
    pub guide: String,
    pub rules: Vec<String>,
    pub url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ScaleView {
    pub id: String,
    pub kind: String,
    pub values: String,
}

#[derive(Debug, Serialize)]
pub struct BandRange {
    pub band: BandView,
    pub range: String,
}

#[derive(Debug, Serialize)]
pub struct MethodologyPage {
    pub frame: Frame,
    pub framework: String,
    pub framework_id: String,
    pub rows: Vec<MethodRow>,
    pub scales: Vec<ScaleView>,
    pub bands: Vec<BandRange>,
    pub indicators: usize,
}

pub fn methodology_page(data: &SiteData, period: &Period) -> MethodologyPage {
    let fw = &period.framework;
    let path = paths::methodology(&period.id);
    let frame = Frame::new(
        data,
        &path,
        format!("{} – {}", data.t("methodology"), period.name),
        period_crumbs(data, period),
    );
    let lang = data.lang();
    // Shares at full value: every node counted, so the agency-level function
    // gives the framework's own weights in the index.
    let shares = crate::analysis::leaf_shares(
        fw,
        &crate::score::Fractions::from(vec![Some(1.0); fw.nodes.len()]),
    );
    let rows = (0..fw.nodes.len())
        .map(|ix| {
            let node = &fw.nodes[ix];
            let siblings: f64 = match node.parent {
                None => fw.roots.iter().map(|&r| fw.nodes[r].weight).sum(),
                Some(p) => fw.nodes[p]
                    .children()
                    .iter()
                    .map(|&c| fw.nodes[c].weight)
                    .sum(),
            };
            let ind = node.indicator();
            let mut rules = Vec::new();
            if let Some(t) = ind.and_then(|i| i.times) {
                rules.push(format!("{} {}", data.t("rule_times"), fw.nodes[t].id));
            }
            if let Some(r) = ind.and_then(|i| i.requires.as_ref()) {
                rules.push(format!(
                    "{} {} > {}",
                    data.t("rule_requires"),
                    fw.nodes[r.indicator].id,
                    locale::number_short(r.above, 2, lang)
                ));
            }
            MethodRow {
                depth: node.depth,
                id: node.id.clone(),
                label: node.label().to_string(),
                indicator: ind.is_some(),
                weight: locale::number_short(node.weight, 2, lang),
                share_of_parent: locale::percent(node.weight / siblings, 1, lang),
                share_of_index: locale::percent(shares[ix], 2, lang),
                scale: ind
                    .map(|i| fw.scales[i.scale].id.clone())
                    .unwrap_or_default(),
                guide: ind.and_then(|i| i.guide.clone()).unwrap_or_default(),
                rules,
                url: has_criterion_page(fw, ix)
                    .then(|| paths::link(&path, &paths::criterion(&period.id, &node.id, ix))),
            }
        })
        .collect();
    let scales = fw
        .scales
        .iter()
        .map(|s| match &s.kind {
            ScaleKind::Choice(options) => ScaleView {
                id: s.id.clone(),
                kind: data.t("scale_choice"),
                values: options
                    .iter()
                    .map(|(k, v)| format!("{k} = {}", locale::number_short(*v, 2, lang)))
                    .collect::<Vec<_>>()
                    .join("; "),
            },
            ScaleKind::Range { min, max } => ScaleView {
                id: s.id.clone(),
                kind: data.t("scale_range"),
                values: {
                    let (lo, hi) = (
                        locale::number_short(*min, 2, lang),
                        locale::number_short(*max, 2, lang),
                    );
                    format!(
                        "{lo} – {hi} → 0 – 1 ({} = (x − {lo}) / ({hi} − {lo}))",
                        data.t("value")
                    )
                },
            },
        })
        .collect();
    let bands = fw
        .bands
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let upper = i.checked_sub(1).and_then(|p| fw.bands[p].above);
            let range = match (b.above, upper) {
                (Some(lo), Some(hi)) => format!(
                    "> {} – {}",
                    locale::number(lo, 2, lang),
                    locale::number(hi, 2, lang)
                ),
                (Some(lo), None) => format!("> {}", locale::number(lo, 2, lang)),
                (None, Some(hi)) => format!("≤ {}", locale::number(hi, 2, lang)),
                (None, None) => data.t("all_indices"),
            };
            band_view(fw, Some(i)).map(|band| BandRange { band, range })
        })
        .collect();
    MethodologyPage {
        frame,
        framework: fw.name.clone(),
        framework_id: fw.id.clone(),
        rows,
        scales,
        bands,
        indicators: fw.leaves.len(),
    }
}
