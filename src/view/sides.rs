//! The two sides of a benchmarking period, side by side: our agencies and
//! the benchmark partner's (groups with `role: reference`). Every headline
//! figure (the home page's cards, the period's summary, a book's cover and
//! "Indeks tertinggi") is given per side, ours first, so that an average
//! never mixes the province with its benchmark. A period without a
//! reference group has one side, shown without a heading, as before.
//!
//! This module shapes figures; `pages` and `print` place them.

use super::rankings::{rows_of, RankingRow};
use super::rows::{band_counts, summary, BandCount, Summary};
use super::standing::Side;
use super::{PeriodFacts, SiteData};
use crate::score::AgencyScore;
use serde::Serialize;

/// The figures of one side.
#[derive(Debug, Serialize)]
pub struct SideView {
    /// The side's group when it has one top-level group, else "Pihak
    /// sendiri" or "Pembanding"; empty when the period has one side only.
    pub name: String,
    pub reference: bool,
    pub summary: Summary,
    pub bands: Vec<BandCount>,
    /// Its best agencies (of those that have answered), best first.
    pub top: Vec<RankingRow>,
    /// The side's band chart, where a page shows one.
    pub band_chart: String,
}

/// The sides of `members` (positions in ranking order), ours first, each
/// with its `top` best agencies (`top_reference` for the benchmark's side).
pub(super) fn side_views(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    members: &[usize],
    from: &str,
    top: (usize, usize),
) -> Vec<SideView> {
    let standing = &facts.standing;
    let two = members.iter().any(|&i| standing.side[i] == Side::Home)
        && members.iter().any(|&i| standing.side[i] == Side::Reference);
    let sides: &[Side] = if two {
        &[Side::Home, Side::Reference]
    } else {
        &[Side::Home]
    };
    sides
        .iter()
        .map(|&side| {
            let list: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| !two || standing.side[i] == side)
                .collect();
            let scores: Vec<&AgencyScore> = list.iter().map(|&i| &facts.scores[i]).collect();
            let fw = &facts.period.framework;
            let best: Vec<usize> = list
                .iter()
                .copied()
                .filter(|&i| facts.counted(i))
                .take(if side == Side::Home { top.0 } else { top.1 })
                .collect();
            SideView {
                name: if two {
                    side_name(data, facts, &list, side)
                } else {
                    String::new()
                },
                reference: two && side == Side::Reference,
                summary: summary(data, fw, &scores),
                bands: band_counts(fw, &scores),
                top: rows_of(data, all, facts, from, &best),
                band_chart: String::new(),
            }
        })
        .collect()
}

/// "Selisih rata-rata indeks: −30,13 terhadap Pemerintah Provinsi Banten":
/// how far our side's mean is from the benchmark's; empty with one side.
pub(super) fn mean_gap(data: &SiteData, sides: &[SideView]) -> String {
    let [ours, theirs] = sides else {
        return String::new();
    };
    match (ours.summary.mean_value, theirs.summary.mean_value) {
        (Some(a), Some(b)) => data
            .t("mean_gap")
            .replace("{gap}", &super::signed_number(data, a - b))
            .replace("{side}", &theirs.name),
        _ => String::new(),
    }
}

/// The name of a side: its one top-level group's, else a word for it.
pub(super) fn side_name(
    data: &SiteData,
    facts: &PeriodFacts,
    list: &[usize],
    side: Side,
) -> String {
    let mut tops: Vec<&str> = list
        .iter()
        .filter_map(|&i| facts.period.agencies[i].group.as_deref())
        .map(|g| g.split('/').next().unwrap_or(g))
        .collect();
    tops.sort_unstable();
    tops.dedup();
    let ungrouped = list
        .iter()
        .any(|&i| facts.period.agencies[i].group.is_none());
    match (tops.as_slice(), ungrouped) {
        ([one], false) => facts.group_name(one),
        _ if side == Side::Reference => data.t("reference_side"),
        _ => data.t("home_side"),
    }
}
