//! The clusters page: agencies of one family (rumpun) across groups.

use super::rankings::{ranking_rows, ranking_rows_kept, RankingRow};
use super::rows::period_frame;
use super::{band_view, paths, BandView, Frame, PeriodFacts, Scope, SiteData};
use crate::analysis::groups::figures;
use serde::Serialize;

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
    pub note: super::large::LargeNote,
    /// The clusters ranked by mean index, linking to their sections.
    pub clusters: Vec<super::large::GroupStat>,
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
            let n = super::large::SHOWN_PER_CLUSTER;
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
        shown: super::large::top_and_bottom(data, super::large::SHOWN_PER_CLUSTER),
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
