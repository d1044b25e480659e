//! A criterion's page: its ranking of agencies (or, in a large period, of
//! groups), its chart and its sub-criteria.

use super::rows::period_crumbs;
use super::{paths, Frame, Link, PeriodFacts, Scope, SiteData};
use crate::chart::{self, Bar};
use crate::model::{Framework, NodeIx, NodeKind, Period};
use crate::render::locale;
use serde::Serialize;

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

#[derive(Debug, Serialize)]
pub struct CriterionRow {
    pub rank: String,
    pub movement: Option<super::rows::MovementView>,
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
    pub note: super::large::LargeNote,
    /// The groups ranked by their mean score on the criterion.
    pub groups: Vec<super::large::GroupStat>,
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
            super::large::SHOWN_AGENCIES
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
                movement: super::rows::movement_view(data, m),
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
                label: super::rows::tag(period, &period.agencies[i]),
                value: value(i).unwrap_or(0.0),
                max: node.weight,
                value_label: format!("{} / {max}", data.opt_num(value(i), 2)),
                color: "#1d4f91".into(),
            })
            .collect::<Vec<_>>(),
    );
    let large = large.then(|| {
        let split = rows.len().min(super::large::SHOWN_AGENCIES);
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
