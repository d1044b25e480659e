//! The readiness checklist page: the visit's checks across agencies.

use super::rows::{check_view, group_name, period_frame, CheckView};
use super::{paths, Frame, PeriodFacts, SiteData};
use crate::analysis::checklist::{evaluate_all, CheckStatus};
use crate::score::bases;
use serde::Serialize;

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
    pub note: super::large::LargeNote,
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
