//! The self-assessment against verification page: where agencies rated
//! themselves above the evaluators, per agency and group.

use super::rows::{group_name, period_frame, signed, OWN_COLOR, PEER_COLOR};
use super::{paths, Frame, PeriodFacts, SiteData};
use crate::analysis::verification::overstatement;
use crate::chart::{self, Point};
use crate::model::round2;
use serde::Serialize;

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
    pub note: super::large::LargeNote,
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
        let keep = super::large::kept(by_gap.len(), super::large::SHOWN_AGENCIES);
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
    let split = rows.len().min(super::large::SHOWN_AGENCIES);
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
