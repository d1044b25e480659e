//! The home page: each period's figures per side and its best agencies.

use super::{paths, Frame, Link, PeriodFacts, SiteData};
use crate::render::locale;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct HomePeriod {
    pub name: String,
    pub url: String,
    pub date: String,
    pub framework: String,
    /// The figures per side, ours first (one side without a heading when
    /// the period has no benchmark partner).
    pub sides: Vec<super::sides::SideView>,
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
        changes: super::history::changes_link(data, &path),
        frame,
        periods,
    }
}
