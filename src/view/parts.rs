//! Per-area tables that add up: every top-level component of the framework
//! (Pengungkit, Hasil) with its parts below it (the areas, the results'
//! sub-components), each as its part of the index in points, so that the
//! parts add up to their component and the components to the index shown
//! beside them. A framework whose top-level weights do not sum to 100, or
//! an agency with parts left out (n/a), still adds up: points are shares
//! of the index (`analysis::contributions`), not raw weights.
//!
//! This module shapes rows; the pages place them.

use super::{paths, SiteData};
use crate::model::{Framework, NodeIx, NodeKind, Period};
use crate::render::locale;
use crate::score::AgencyScore;
use serde::Serialize;

/// The nodes of a per-area table, in framework order: each top-level node
/// (level 0) and, below it, its children that are groups of criteria (level 1).
pub fn part_nodes(fw: &Framework) -> Vec<(NodeIx, u8)> {
    let mut out = Vec::new();
    for &root in &fw.roots {
        out.push((root, 0));
        for &child in fw.nodes[root].children() {
            if matches!(fw.nodes[child].kind, NodeKind::Group { .. }) {
                out.push((child, 1));
            }
        }
    }
    out
}

#[derive(Debug, Serialize)]
pub struct PartRow {
    pub name: String,
    pub url: String,
    /// 0: a top-level component (its row is the subtotal of the parts below
    /// it, when it has any); 1: a part.
    pub level: u8,
    /// A component with parts below it: its row is their subtotal.
    pub subtotal: bool,
    /// Points of the index (verified over self-assessed), and the most it could give.
    pub score: String,
    pub max: String,
    pub percent: String,
    pub self_score: String,
}

#[derive(Debug, Serialize)]
pub struct PartsTable {
    pub rows: Vec<PartRow>,
    /// The index, as the components add up to it.
    pub total: String,
    pub self_total: String,
    pub total_max: String,
}

/// The per-area table of one agency, links relative to the page at `from`;
/// `url_of` gives the page of a node.
pub fn parts_table(
    data: &SiteData,
    period: &Period,
    score: &AgencyScore,
    from: &str,
    url_of: &dyn Fn(NodeIx) -> String,
) -> PartsTable {
    let fw = &period.framework;
    let result = crate::analysis::contributions(fw, &score.result.fractions);
    let own = crate::analysis::contributions(fw, &score.self_assessed.fractions);
    let lang = data.lang();
    let points = |c: Option<(f64, f64)>| data.opt_num(c.map(|(v, _)| v), 2);
    let rows = part_nodes(fw)
        .into_iter()
        .map(|(ix, level)| {
            let node = &fw.nodes[ix];
            let c = result[ix];
            // The most a left-out part could give is its weight's share, had
            // it counted: shown as its weight when the tops sum to 100.
            let max = c.map(|(_, m)| m).or_else(|| own[ix].map(|(_, m)| m));
            PartRow {
                name: node.label().to_string(),
                url: paths::link(from, &url_of(ix)),
                level,
                subtotal: level == 0
                    && node
                        .children()
                        .iter()
                        .any(|&k| matches!(fw.nodes[k].kind, NodeKind::Group { .. })),
                score: points(c),
                max: max
                    .map(|m| locale::number_short(m, 2, lang))
                    .unwrap_or_else(|| "–".into()),
                percent: score
                    .result
                    .fractions
                    .get(ix)
                    .map(|f| data.pct(f))
                    .unwrap_or_else(|| "–".into()),
                self_score: points(own[ix]),
            }
        })
        .collect();
    let top_max: f64 = fw
        .roots
        .iter()
        .filter_map(|&r| result[r].map(|(_, m)| m))
        .sum();
    PartsTable {
        rows,
        total: data.opt_num(score.result.index, 2),
        self_total: data.opt_num(score.self_assessed.index, 2),
        total_max: locale::number_short(if top_max > 0.0 { top_max } else { 100.0 }, 2, lang),
    }
}

/// The mean points of each part (`part_nodes`) over the agencies that have
/// answered, a left-out part counting 0: the parts of each component add up
/// to its mean, the components to the mean index. None without agencies.
pub fn mean_points<'a>(
    fw: &Framework,
    scores: impl IntoIterator<Item = &'a AgencyScore>,
) -> Vec<Option<f64>> {
    let parts = part_nodes(fw);
    let mut sums = vec![0.0; parts.len()];
    let mut n = 0usize;
    for s in scores {
        if s.counts.answered == 0 || s.result.index.is_none() {
            continue;
        }
        n += 1;
        let c = crate::analysis::contributions(fw, &s.result.fractions);
        for (k, &(ix, _)) in parts.iter().enumerate() {
            sums[k] += c[ix].map_or(0.0, |(v, _)| v);
        }
    }
    sums.into_iter()
        .map(|sum| (n > 0).then(|| sum / n as f64))
        .collect()
}

/// The head of a row of a table of parts: its name, level and whether it is a subtotal.
#[derive(Debug, Serialize)]
pub struct PartHead {
    pub name: String,
    pub level: u8,
    pub subtotal: bool,
    /// The most it gives, when the top-level weights are the index's points.
    pub max: String,
}

pub fn part_heads(data: &SiteData, fw: &Framework) -> Vec<PartHead> {
    let total: f64 = fw.roots.iter().map(|&r| fw.nodes[r].weight).sum();
    part_nodes(fw)
        .into_iter()
        .map(|(ix, level)| {
            let node = &fw.nodes[ix];
            // A part's maximum share of the index with every part counted.
            let mut share = node.weight;
            let mut at = ix;
            while let Some(p) = fw.nodes[at].parent {
                let siblings: f64 = fw.nodes[p]
                    .children()
                    .iter()
                    .map(|&k| fw.nodes[k].weight)
                    .sum();
                share = share / siblings * fw.nodes[p].weight;
                at = p;
            }
            PartHead {
                name: node.label().to_string(),
                level,
                subtotal: level == 0
                    && node
                        .children()
                        .iter()
                        .any(|&k| matches!(fw.nodes[k].kind, NodeKind::Group { .. })),
                max: locale::number_short(100.0 * share / total, 2, data.lang()),
            }
        })
        .collect()
}
