//! The action plan page: realisation per agency and area, and late actions.

use super::rows::{
    labelled, period_frame, realisation_by_area_views, realisation_view, RealisationView,
};
use super::{paths, Frame, Link, PeriodFacts, SiteData};
use crate::analysis::actions::{is_late, realisation, Realisation};
use crate::render::locale;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct LateAction {
    pub agency: String,
    pub url: String,
    pub activity: String,
    pub criterion: String,
    pub due: String,
    pub progress: String,
}

#[derive(Debug, Serialize)]
pub struct ActionsPage {
    pub frame: Frame,
    pub date: String,
    pub agencies: Vec<(Link, RealisationView)>,
    pub areas: Vec<RealisationView>,
    pub late: Vec<LateAction>,
    pub total: RealisationView,
    /// In a large period: realisation per group, and the agencies with the
    /// most late actions (`agencies` and `late` are empty).
    pub large: Option<LargeActions>,
}

#[derive(Debug, Serialize)]
pub struct LargeActions {
    pub note: super::large::LargeNote,
    pub groups: Vec<(Link, RealisationView)>,
    pub most_late: Vec<(Link, RealisationView)>,
}

pub fn actions_page(data: &SiteData, facts: &PeriodFacts) -> ActionsPage {
    let period = facts.period;
    let fw = &period.framework;
    let path = paths::actions(&period.id);
    let frame = period_frame(data, period, &path, "action_plan");
    let areas = fw.areas();
    let all_actions: Vec<_> = period
        .agencies
        .iter()
        .flat_map(|a| a.actions.iter().cloned())
        .collect();
    let by_area_views = realisation_by_area_views(data, fw, &areas, &all_actions, period.date);
    let total = realisation_view(
        data,
        data.t("all_actions"),
        &realisation(&all_actions, period.date),
    );
    let date = period
        .date
        .map(|d| locale::date(d, data.lang()))
        .unwrap_or_default();
    if super::is_large(period) {
        return ActionsPage {
            large: Some(large_actions(data, facts, &path)),
            frame,
            date,
            agencies: Vec::new(),
            areas: by_area_views,
            late: Vec::new(),
            total,
        };
    }
    let agencies = period
        .agencies
        .iter()
        .map(|a| {
            (
                Link {
                    label: labelled(period, a),
                    url: paths::link(&path, &paths::agency(&period.id, &a.id)),
                },
                realisation_view(data, a.name.clone(), &realisation(&a.actions, period.date)),
            )
        })
        .collect();
    let late = period
        .agencies
        .iter()
        .flat_map(|a| {
            a.actions
                .iter()
                .filter(|x| is_late(x, period.date))
                .map(move |x| (a, x))
        })
        .map(|(a, x)| LateAction {
            agency: a.name.clone(),
            url: paths::link(&path, &paths::agency(&period.id, &a.id)),
            activity: x.activity.clone(),
            criterion: x
                .criterion
                .map(|c| fw.nodes[c].label().to_string())
                .unwrap_or_default(),
            due: x
                .due
                .map(|d| locale::date(d, data.lang()))
                .unwrap_or_default(),
            progress: x
                .progress
                .map(|p| format!("{}%", locale::number_short(p, 1, data.lang())))
                .unwrap_or_else(|| "–".into()),
        })
        .collect();
    ActionsPage {
        frame,
        date,
        areas: by_area_views,
        total,
        agencies,
        late,
        large: None,
    }
}

/// The action plan of a large period per group (ranked by mean progress),
/// and the `SHOWN_AGENCIES` agencies with the most late actions.
fn large_actions(data: &SiteData, facts: &PeriodFacts, path: &str) -> LargeActions {
    let period = facts.period;
    let mut groups: Vec<_> = super::large::top_groups(facts)
        .into_iter()
        .map(|(g, members)| {
            let r = realisation(
                members
                    .iter()
                    .flat_map(|&k| period.agencies[k].actions.iter()),
                period.date,
            );
            (g, r)
        })
        .collect();
    groups.sort_by(|(a, x), (b, y)| {
        super::large::highest_first((x.mean_progress, &a.id), (y.mean_progress, &b.id))
    });
    let mut late: Vec<(usize, Realisation)> = period
        .agencies
        .iter()
        .enumerate()
        .map(|(k, a)| (k, realisation(&a.actions, period.date)))
        .filter(|(_, r)| r.late > 0)
        .collect();
    late.sort_by(|(a, x), (b, y)| {
        y.late
            .cmp(&x.late)
            .then_with(|| {
                x.mean_progress
                    .unwrap_or(0.0)
                    .total_cmp(&y.mean_progress.unwrap_or(0.0))
            })
            .then_with(|| period.agencies[*a].id.cmp(&period.agencies[*b].id))
    });
    late.truncate(super::large::SHOWN_AGENCIES);
    LargeActions {
        note: super::large::note(data, period, path),
        groups: groups
            .into_iter()
            .map(|(g, r)| {
                (
                    Link {
                        label: g.name.clone(),
                        url: paths::link(path, &paths::group(&period.id, &g.id)),
                    },
                    realisation_view(data, g.name.clone(), &r),
                )
            })
            .collect(),
        most_late: late
            .into_iter()
            .map(|(k, r)| {
                let a = &period.agencies[k];
                (
                    Link {
                        label: labelled(period, a),
                        url: paths::link(path, &paths::agency(&period.id, &a.id)),
                    },
                    realisation_view(data, a.name.clone(), &r),
                )
            })
            .collect(),
    }
}
