//! The one page a book opens with, for a leader who reads one page: the
//! sides side by side (index and band counts), the agencies furthest behind
//! their benchmark peers, the largest risers and fallers since the previous
//! period, then the period's (or group's) narrative, so that a note such as
//! "Data ilustratif" reaches paper too.
//!
//! This module shapes the figures; `print` builds the book around them.

use super::rows::{narrative_views, NarrativeView};
use super::sides::{mean_gap, side_views, SideView};
use super::{band_view, signed_number, BandView, PeriodFacts, SiteData};
use serde::Serialize;

/// How many pairs, risers and fallers the summary names.
pub const SHOWN_PAIRS: usize = 5;
pub const SHOWN_MOVERS: usize = 3;

#[derive(Debug, Serialize)]
pub struct BookSummary {
    pub sides: Vec<SideView>,
    /// How far our side's mean is from the benchmark's (empty with one side).
    pub gap: String,
    /// Agencies and their peers, the largest gap (furthest behind) first.
    pub pairs: Vec<PairRow>,
    /// Whether any agency of the book has an earlier period.
    pub has_past: bool,
    /// The previous period's name, when every mover comes from the same one.
    pub previous: String,
    pub risers: Vec<MoverRow>,
    pub fallers: Vec<MoverRow>,
    pub narratives: Vec<NarrativeView>,
}

#[derive(Debug, Serialize)]
pub struct PairRow {
    pub name: String,
    pub index: String,
    pub band: Option<BandView>,
    pub peer: String,
    pub peer_index: String,
    pub peer_band: Option<BandView>,
    /// Own minus peer: `-30,51`.
    pub gap: String,
}

#[derive(Debug, Serialize)]
pub struct MoverRow {
    pub name: String,
    /// "46,00 → 56,97"
    pub index: String,
    pub delta: String,
    /// "C → CC", or the band alone when it stayed.
    pub band: String,
}

/// The summary of the book of `members` (positions in ranking order);
/// `group` names the group of a group's book.
pub fn book_summary(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    members: &[usize],
    group: Option<&str>,
    from: &str,
) -> BookSummary {
    let period = facts.period;
    let fw = &period.framework;
    let sides = side_views(data, all, facts, members, from, (0, 0));
    // The pairs' columns say the side; movers may come from either side.
    let name = |i: usize| super::rows::labelled(period, &period.agencies[i]);
    let plain = |i: usize| period.agencies[i].name.clone();
    let index = |f: &PeriodFacts, k: usize| f.scores[k].result.index.filter(|_| f.counted(k));
    let rounded = |x: f64| crate::model::round2(x);

    let mut pairs: Vec<(f64, usize, usize)> = members
        .iter()
        .filter_map(|&i| {
            let peer = period.agencies[i].peer.as_deref()?;
            let j = period
                .agencies
                .binary_search_by(|a| a.id.as_str().cmp(peer))
                .ok()?;
            Some((rounded(index(facts, i)?) - rounded(index(facts, j)?), i, j))
        })
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let pairs = pairs
        .into_iter()
        .take(SHOWN_PAIRS)
        .map(|(gap, i, j)| PairRow {
            name: plain(i),
            index: data.opt_num(index(facts, i), 2),
            band: band_view(fw, facts.scores[i].result.band),
            peer: plain(j),
            peer_index: data.opt_num(index(facts, j), 2),
            peer_band: band_view(fw, facts.scores[j].result.band),
            gap: signed_number(data, gap),
        })
        .collect();

    // Changes since each agency's previous period.
    let mut moves: Vec<(f64, usize, usize, usize)> = Vec::new();
    let mut has_past = false;
    for &i in members {
        let Some((pp, j)) = data
            .history
            .previous(facts.position, &period.agencies[i].id)
        else {
            continue;
        };
        has_past = true;
        if let (Some(now), Some(then)) = (index(facts, i), index(&all[pp], j)) {
            moves.push((rounded(now) - rounded(then), i, pp, j));
        }
    }
    let previous = {
        let mut periods: Vec<usize> = moves.iter().map(|m| m.2).collect();
        periods.sort_unstable();
        periods.dedup();
        match periods.as_slice() {
            [one] => all[*one].period.name.clone(),
            _ => String::new(),
        }
    };
    let mover = |&(delta, i, pp, j): &(f64, usize, usize, usize)| {
        let before = &all[pp];
        let label = |f: &PeriodFacts, k: usize| {
            f.scores[k]
                .result
                .band
                .and_then(|b| f.period.framework.bands.get(b))
                .map(|b| b.label.clone())
                .unwrap_or_else(|| "–".into())
        };
        let (b0, b1) = (label(before, j), label(facts, i));
        MoverRow {
            name: name(i),
            index: format!(
                "{} → {}",
                data.opt_num(index(before, j), 2),
                data.opt_num(index(facts, i), 2)
            ),
            delta: signed_number(data, delta),
            band: if b0 == b1 {
                b1
            } else {
                format!("{b0} → {b1}")
            },
        }
    };
    let mut risers: Vec<_> = moves.iter().filter(|m| m.0 > 0.0).collect();
    risers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut fallers: Vec<_> = moves.iter().filter(|m| m.0 < 0.0).collect();
    fallers.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));

    let narratives = match group {
        None => narrative_views(period, from, &period.narratives),
        Some(g) => period
            .groups
            .iter()
            .find(|x| x.id == g)
            .map(|x| narrative_views(period, from, &x.narratives))
            .unwrap_or_default(),
    };
    BookSummary {
        gap: mean_gap(data, &sides),
        sides,
        pairs,
        has_past,
        previous,
        risers: risers.into_iter().take(SHOWN_MOVERS).map(mover).collect(),
        fallers: fallers.into_iter().take(SHOWN_MOVERS).map(mover).collect(),
        narratives,
    }
}
