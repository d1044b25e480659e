//! What an agency's page and its printed report open with: where it stands
//! against whom, how far behind, and what changed since last time. Its
//! index and band; its rank in its own group (and across the period); its
//! benchmark peer's index and band and the gap; the three criteria with the
//! largest gap; the change since its previous period (index, band, rank),
//! or that this is its first period.
//!
//! This module shapes the figures; the templates place them.

use super::parts::part_nodes;
use super::rankings::not_answered;
use super::{band_view, paths, signed_number, BandView, Link, PeriodFacts, SiteData};
use crate::analysis::contributions;
use serde::Serialize;

/// How many criteria with the largest gap are named.
pub const SHOWN_GAPS: usize = 3;

#[derive(Debug, Serialize)]
pub struct Comparison {
    /// It has answered: its index counts.
    pub counted: bool,
    pub index: String,
    pub band: Option<BandView>,
    /// "5 dari 7, Pemerintah Provinsi Maluku Utara"; empty when unranked.
    pub rank: String,
    /// "12 dari 14 di seluruh periode", when the period has more than one group.
    pub period_rank: String,
    pub peer: Option<PeerFigures>,
    /// Agencies that name this one as their peer, when it names none.
    pub benchmarked_by: Vec<Link>,
    /// The criteria where the peer is furthest ahead, largest first.
    pub gaps: Vec<CriterionGap>,
    pub change: ChangeView,
}

#[derive(Debug, Serialize)]
pub struct PeerFigures {
    /// The peer's name with its group.
    pub name: String,
    /// Its page, or its peer comparison page.
    pub url: String,
    pub comparison_url: String,
    pub index: String,
    pub band: Option<BandView>,
    /// Own index minus the peer's: `-35,74`.
    pub gap: String,
    /// "tertinggal 35,74 poin", "unggul 3,20 poin", "setara".
    pub sentence: String,
    /// `behind`, `ahead` or `level`, for a CSS hook.
    pub class: &'static str,
}

#[derive(Debug, Serialize)]
pub struct CriterionGap {
    pub name: String,
    pub own: String,
    pub peer: String,
    /// Peer minus own, in points of the index: `+4,12`.
    pub gap: String,
}

#[derive(Debug, Serialize)]
pub struct ChangeView {
    /// The agency has no earlier period.
    pub first: bool,
    /// The earlier period's name.
    pub previous: String,
    /// "46,00 → 56,97"
    pub index: String,
    /// "+10,97"
    pub delta: String,
    /// "C → CC", or "CC (tetap)".
    pub band: String,
    /// "5 → 3 dari 7", or empty when either is unranked.
    pub rank: String,
    /// The whole change in one sentence, for print and screen readers.
    pub sentence: String,
}

/// "5 dari 7, Pemerintah Provinsi Maluku Utara" for agency `i`.
pub fn rank_in_group(data: &SiteData, facts: &PeriodFacts, i: usize) -> String {
    let s = &facts.standing;
    let Some(rank) = s.own_rank[i] else {
        return String::new();
    };
    let group = match &facts.period.agencies[i].group {
        Some(g) => facts.group_name(g),
        None => facts.period.name.clone(),
    };
    data.t("rank_in_group")
        .replace("{rank}", &rank.to_string())
        .replace("{total}", &s.own_total[i].to_string())
        .replace("{group}", &group)
}

pub fn comparison(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    i: usize,
    from: &str,
) -> Comparison {
    let period = facts.period;
    let fw = &period.framework;
    let agency = &period.agencies[i];
    let score = &facts.scores[i];
    let counted = facts.counted(i);
    let period_rank = match facts.rank[i] {
        Some(r) if facts.standing.several_groups => data
            .t("rank_in_period")
            .replace("{rank}", &r.to_string())
            .replace("{total}", &facts.standing.period_total.to_string()),
        _ => String::new(),
    };

    let peer_ix = agency.peer.as_deref().and_then(|p| {
        period
            .agencies
            .binary_search_by(|a| a.id.as_str().cmp(p))
            .ok()
    });
    let peer = peer_ix.map(|j| {
        let p = &period.agencies[j];
        let own = score.result.index.filter(|_| counted);
        let theirs = facts.scores[j].result.index.filter(|_| facts.counted(j));
        let (gap, sentence, class) = match (own, theirs) {
            (Some(a), Some(b)) => {
                let d = crate::model::round2(crate::model::round2(a) - crate::model::round2(b));
                let points = data.num(d.abs(), 2);
                if d < 0.0 {
                    (
                        signed_number(data, d),
                        data.t("gap_behind").replace("{points}", &points),
                        "behind",
                    )
                } else if d > 0.0 {
                    (
                        signed_number(data, d),
                        data.t("gap_ahead").replace("{points}", &points),
                        "ahead",
                    )
                } else {
                    (signed_number(data, 0.0), data.t("gap_level"), "level")
                }
            }
            _ => ("–".into(), String::new(), "level"),
        };
        PeerFigures {
            name: super::rows::labelled(period, p),
            url: paths::link(from, &paths::agency(&period.id, &p.id)),
            comparison_url: paths::link(from, &paths::peer(&period.id, &agency.id)),
            index: match theirs {
                Some(_) => data.opt_num(theirs, 2),
                None => not_answered(data, &facts.scores[j]),
            },
            band: band_view(fw, facts.scores[j].result.band).filter(|_| facts.counted(j)),
            gap,
            sentence,
            class,
        }
    });
    let benchmarked_by = if peer.is_none() {
        facts.standing.benchmarked_by[i]
            .iter()
            .map(|&k| &period.agencies[k])
            .map(|a| Link {
                label: super::rows::labelled(period, a),
                url: paths::link(from, &paths::agency(&period.id, &a.id)),
            })
            .collect()
    } else {
        Vec::new()
    };
    let gaps = match peer_ix {
        Some(j) if counted && facts.counted(j) => criterion_gaps(data, facts, i, j),
        _ => Vec::new(),
    };
    Comparison {
        counted,
        index: if counted {
            data.opt_num(score.result.index, 2)
        } else {
            not_answered(data, score)
        },
        band: band_view(fw, score.result.band).filter(|_| counted),
        rank: rank_in_group(data, facts, i),
        period_rank,
        peer,
        benchmarked_by,
        gaps,
        change: change(data, all, facts, i),
    }
}

/// The parts (areas, the results' sub-components) where peer `j` is
/// furthest ahead of agency `i`, in points of the index.
fn criterion_gaps(data: &SiteData, facts: &PeriodFacts, i: usize, j: usize) -> Vec<CriterionGap> {
    let fw = &facts.period.framework;
    let own = contributions(fw, &facts.scores[i].result.fractions);
    let theirs = contributions(fw, &facts.scores[j].result.fractions);
    let mut gaps: Vec<(f64, usize)> = part_nodes(fw)
        .into_iter()
        .filter(|&(ix, level)| {
            level == 1
                || fw.nodes[ix]
                    .children()
                    .iter()
                    .all(|&k| fw.nodes[k].indicator().is_some())
        })
        .map(|(ix, _)| {
            let value = |c: Option<(f64, f64)>| c.map_or(0.0, |(v, _)| v);
            (value(theirs[ix]) - value(own[ix]), ix)
        })
        .filter(|(gap, _)| crate::model::round2(*gap) > 0.0)
        .collect();
    gaps.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    gaps.into_iter()
        .take(SHOWN_GAPS)
        .map(|(gap, ix)| CriterionGap {
            name: fw.nodes[ix].label().to_string(),
            own: data.opt_num(own[ix].map(|(v, _)| v), 2),
            peer: data.opt_num(theirs[ix].map(|(v, _)| v), 2),
            gap: signed_number(data, gap),
        })
        .collect()
}

/// Agency `i` since the previous period it appears in.
fn change(data: &SiteData, all: &[PeriodFacts], facts: &PeriodFacts, i: usize) -> ChangeView {
    let agency = &facts.period.agencies[i];
    let Some((pp, j)) = data.history.previous(facts.position, &agency.id) else {
        return ChangeView {
            first: true,
            previous: String::new(),
            index: String::new(),
            delta: String::new(),
            band: String::new(),
            rank: String::new(),
            sentence: data.t("first_period"),
        };
    };
    let before = &all[pp];
    let figure = |f: &PeriodFacts, k: usize| {
        let s = &f.scores[k];
        let index = s.result.index.filter(|_| f.counted(k));
        let band = s
            .result
            .band
            .filter(|_| f.counted(k))
            .and_then(|b| f.period.framework.bands.get(b))
            .map(|b| b.label.clone());
        (index, band, f.standing.own_rank[k], f.standing.own_total[k])
    };
    let (i0, b0, r0, _) = figure(before, j);
    let (i1, b1, r1, t1) = figure(facts, i);
    let shown = |x: Option<f64>| data.opt_num(x, 2);
    let delta = match (i0, i1) {
        // As shown: the difference of the two rounded figures.
        (Some(a), Some(b)) => {
            signed_number(data, crate::model::round2(b) - crate::model::round2(a))
        }
        _ => String::new(),
    };
    let label = |b: &Option<String>| b.clone().unwrap_or_else(|| "–".into());
    let band = if b0 == b1 {
        data.t("band_unchanged").replace("{band}", &label(&b1))
    } else {
        format!("{} → {}", label(&b0), label(&b1))
    };
    let rank = match (r0, r1) {
        (Some(a), Some(b)) => data
            .t("rank_change")
            .replace("{from}", &a.to_string())
            .replace("{to}", &b.to_string())
            .replace("{total}", &t1.to_string()),
        _ => String::new(),
    };
    let mut sentence = data
        .t("change_since")
        .replace("{period}", &before.period.name)
        .replace("{from}", &shown(i0))
        .replace("{to}", &shown(i1));
    if !delta.is_empty() {
        sentence.push_str(&format!(" ({delta})"));
    }
    sentence.push_str(&format!("; {} {band}", data.t("band").to_lowercase()));
    if !rank.is_empty() {
        sentence.push_str(&format!("; {} {rank}", data.t("rank_in_group_short")));
    }
    sentence.push('.');
    ChangeView {
        first: false,
        previous: before.period.name.clone(),
        index: format!("{} → {}", shown(i0), shown(i1)),
        delta,
        band,
        rank,
        sentence,
    }
}
