//! A period's page and its groups' pages: the sides' figures, the ranking
//! tables, band distribution, groups, criteria and narratives.

use super::criterion::criterion_pages;
use super::rankings::{ranking_rows_kept, RankingRow};
use super::rows::{
    band_chart, band_counts, narrative_views, period_crumbs, summary, BandCount, NarrativeView,
    Summary,
};
use super::{paths, Frame, Link, PeriodFacts, Scope, SiteData};
use crate::render::locale;
use crate::score::AgencyScore;
use serde::Serialize;

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
    pub sides: Vec<super::sides::SideView>,
    /// How far our side's mean is from the benchmark's (empty with one side).
    pub gap: String,
    /// The ranking, one table per group (a period of ordinary size).
    pub tables: Vec<super::rankings::RankingTable>,
    /// In a large period, the top and bottom `SHOWN_AGENCIES` of the period.
    pub rows: Vec<RankingRow>,
    /// In a large period: what the rows are, the line in place of the rows
    /// left out before row `split`, and the pages of the full ranking.
    pub ranking_note: Option<String>,
    pub omitted: String,
    pub split: usize,
    pub ranking_pages: Vec<super::large::PageLink>,
    pub groups: Vec<GroupSummary>,
    pub criteria: Vec<Link>,
    pub narratives: Vec<NarrativeView>,
    /// Links to the benchmarking pages of the period.
    pub bench: Vec<Link>,
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
            let keep = super::large::kept(period.agencies.len(), super::large::SHOWN_AGENCIES);
            ranking_rows_kept(data, all_facts, facts, &path, Scope::Period, &|pos, _| {
                keep(pos)
            })
        } else {
            Vec::new()
        },
        ranking_note: large.then(|| {
            data.t("ranking_pages_note")
                .replace("{n}", &super::large::SHOWN_AGENCIES.to_string())
                .replace("{total}", &data.num(period.agencies.len() as f64, 0))
                .replace(
                    "{per_page}",
                    &data.num(super::large::RANKING_PAGE_ROWS as f64, 0),
                )
        }),
        omitted: if large {
            data.t("rows_omitted_ranking").replace(
                "{n}",
                &data.num(
                    (period.agencies.len() - 2 * super::large::SHOWN_AGENCIES) as f64,
                    0,
                ),
            )
        } else {
            String::new()
        },
        split: super::large::SHOWN_AGENCIES,
        ranking_pages: super::large::ranking_links(data, period, &path),
        bench: super::period::bench_links(data, facts, &path),
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

#[derive(Debug, Serialize)]
pub struct GroupPage {
    pub frame: Frame,
    pub name: String,
    pub reference: bool,
    pub summary: Summary,
    /// Its ranking, one table per group folder in it.
    pub tables: Vec<super::rankings::RankingTable>,
    pub narratives: Vec<NarrativeView>,
    /// In a large period: the workbook of the indicator answers of the
    /// agencies whose nearest group this is (None when there are none).
    pub indicators_url: Option<String>,
    /// Other ratings of every group of the period, ours first.
    pub ratings: Option<super::ratings::RatingsTable>,
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
                ratings: super::ratings::groups_table(data, period),
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
