//! Rankings: the rows of a ranking table (the period's, a group's, a
//! cluster's) and the tables a ranking is shown in. Every rank shown is an
//! agency's rank within its own group (see `standing`): a ranking over
//! several groups is one table per group, home side first. Agencies that
//! have not answered come last, unranked, as "belum mengisi".
//!
//! This module builds rows; the pages place them.

use super::{band_view, paths, BandView, Link, PeriodFacts, Scope, SiteData};
use crate::score::AgencyScore;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct RankingRow {
    /// The agency's rank within its own group ("–" when it is not ranked).
    pub rank: String,
    /// Since the previous period, within the own group; None where there is
    /// no earlier period.
    pub movement: Option<super::rows::MovementView>,
    /// Whether the ranking has an earlier period to compare with (same for every row).
    pub has_past: bool,
    pub name: String,
    pub short: String,
    pub url: String,
    pub group: Option<Link>,
    /// Ranked and counted: it has answered (else `index` says "belum mengisi").
    pub counted: bool,
    pub index: String,
    pub band: Option<BandView>,
    /// "C → CC" where the band changed since the previous period.
    pub band_change: Option<String>,
    pub self_index: String,
    pub self_band: Option<BandView>,
    pub verified_share: String,
    pub unanswered: usize,
}

/// One table of a ranking: the agencies of one group, best first.
#[derive(Debug, Serialize)]
pub struct RankingTable {
    /// The group's name, marked when it is the benchmark's side; empty when
    /// the ranking is of one group alone.
    pub heading: String,
    pub reference: bool,
    /// How many agencies it ranks, and how many have not answered.
    pub note: String,
    pub rows: Vec<RankingRow>,
}

/// The rows of a ranking (the period's, a group's, a cluster's), best first,
/// each with its rank in its own group.
pub(super) fn ranking_rows(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    from: &str,
    scope: Scope,
) -> Vec<RankingRow> {
    ranking_rows_kept(data, all, facts, from, scope, &|_, _| true)
}

/// The rows of a ranking at the positions `keep(position, length)` accepts.
pub(super) fn ranking_rows_kept(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    from: &str,
    scope: Scope,
    keep: &dyn Fn(usize, usize) -> bool,
) -> Vec<RankingRow> {
    let members = facts.scope(scope);
    let len = members.len();
    let kept: Vec<usize> = members
        .iter()
        .enumerate()
        .filter(|&(pos, _)| keep(pos, len))
        .map(|(_, &i)| i)
        .collect();
    rows_of(data, all, facts, from, &kept)
}

/// The rows of `members`, in that order.
pub(super) fn rows_of(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    from: &str,
    members: &[usize],
) -> Vec<RankingRow> {
    let period = facts.period;
    let fw = &period.framework;
    let moves = facts.own_movements(data, all);
    let standing = &facts.standing;
    members
        .iter()
        .map(|&i| {
            let a = &period.agencies[i];
            let s = &facts.scores[i];
            let counted = standing.counted[i];
            RankingRow {
                rank: standing.own_rank[i]
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| "–".into()),
                movement: super::rows::movement_view(data, moves[i]),
                has_past: facts.position > 0,
                name: a.name.clone(),
                short: a.short.clone().unwrap_or_default(),
                url: paths::link(from, &paths::agency(&period.id, &a.id)),
                group: a.group.as_ref().map(|g| Link {
                    label: facts.group_name(g),
                    url: paths::link(from, &paths::group(&period.id, g)),
                }),
                counted,
                // The number of unanswered indicators has a column of its own.
                index: if counted {
                    data.opt_num(s.result.index, 2)
                } else {
                    data.t("not_answered_short")
                },
                band: band_view(fw, s.result.band).filter(|_| counted),
                band_change: band_change(data, all, facts, i),
                self_index: data.opt_num(s.self_assessed.index.filter(|_| counted), 2),
                self_band: band_view(fw, s.self_assessed.band).filter(|_| counted),
                verified_share: verified_share(data, s),
                unanswered: s.counts.indicators - s.counts.answered,
            }
        })
        .collect()
}

/// "belum mengisi (0 dari 80 indikator dijawab)" for an agency that has not answered.
pub(super) fn not_answered(data: &SiteData, s: &AgencyScore) -> String {
    data.t("not_answered_yet")
        .replace("{answered}", &s.counts.answered.to_string())
        .replace("{total}", &s.counts.indicators.to_string())
}

/// A ranking as one table per own group of its members (ungrouped agencies
/// first, then our groups, then the benchmark's), each in ranking order.
pub fn ranking_tables(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    from: &str,
    scope: Scope,
) -> Vec<RankingTable> {
    let members = facts.scope(scope);
    let mut groups: Vec<(Option<&str>, Vec<usize>)> = Vec::new();
    for &i in &members {
        let g = facts.period.agencies[i].group.as_deref();
        match groups.iter_mut().find(|(k, _)| *k == g) {
            Some((_, list)) => list.push(i),
            None => groups.push((g, vec![i])),
        }
    }
    let standing = &facts.standing;
    groups.sort_by_key(|(g, list)| (g.is_some(), standing.side[list[0]], *g));
    let single = groups.len() == 1;
    groups
        .into_iter()
        .map(|(g, list)| {
            let reference = standing.side[list[0]] == super::standing::Side::Reference;
            let heading = match g {
                _ if single => String::new(),
                Some(g) if reference => {
                    format!(
                        "{} ({})",
                        facts.group_name(g),
                        data.t("reference_side_mark")
                    )
                }
                Some(g) => facts.group_name(g),
                None => data.t("ungrouped"),
            };
            RankingTable {
                heading,
                reference,
                note: counted_note(data, facts, &list),
                rows: rows_of(data, all, facts, from, &list),
            }
        })
        .collect()
}

/// "7 perangkat daerah dirangking; 1 belum mengisi".
pub(super) fn counted_note(data: &SiteData, facts: &PeriodFacts, members: &[usize]) -> String {
    let counted = members.iter().filter(|&&i| facts.counted(i)).count();
    let missing = members.len() - counted;
    let mut note = data.t("ranked_count").replace("{n}", &counted.to_string());
    if missing > 0 {
        note.push_str("; ");
        note.push_str(
            &data
                .t("not_answered_count")
                .replace("{n}", &missing.to_string()),
        );
    }
    note
}

/// "C → CC" when the band differs from the previous period the agency appears in.
pub(super) fn band_change(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    i: usize,
) -> Option<String> {
    let (pp, j) = data
        .history
        .previous(facts.position, &facts.period.agencies[i].id)?;
    let label = |f: &PeriodFacts, k: usize| {
        f.scores[k]
            .result
            .band
            .and_then(|b| f.period.framework.bands.get(b))
            .map(|b| b.label.clone())
    };
    let (before, now) = (label(&all[pp], j), label(facts, i));
    (before != now).then(|| {
        format!(
            "{} → {}",
            before.as_deref().unwrap_or("–"),
            now.as_deref().unwrap_or("–")
        )
    })
}

pub(super) fn verified_share(data: &SiteData, s: &AgencyScore) -> String {
    if s.counts.answered == 0 {
        "–".into()
    } else {
        data.pct(s.counts.verified as f64 / s.counts.answered as f64)
    }
}
