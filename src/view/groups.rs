//! The group comparison page: figures of each group side by side (ours
//! first), every component and part, the area profile and the heatmap.

use super::rows::{period_frame, tag, SERIES_COLORS};
use super::{band_view, paths, BandView, Frame, PeriodFacts, SiteData};
use crate::analysis::groups::figures;
use crate::chart::{self, GroupSeries, HeatRow};
use crate::model::NodeIx;
use serde::Serialize;

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
    /// Other ratings of every group, ours first.
    pub ratings: Option<super::ratings::RatingsTable>,
    /// Each rating of the groups over the periods, where there are two or more.
    pub rating_charts: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct LargeGroups {
    pub note: super::large::LargeNote,
    /// The groups ranked by mean index.
    pub groups: Vec<super::large::GroupStat>,
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
        ratings: super::ratings::groups_table(data, period),
        rating_charts: super::ratings::trend_charts(data, period),
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
        ratings: super::ratings::groups_table(data, period),
        rating_charts: super::ratings::trend_charts(data, period),
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
