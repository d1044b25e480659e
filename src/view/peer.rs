//! The peer comparison page: an agency beside its benchmark peer, every
//! criterion's gap, and what the peer has that the agency has not.

use super::rows::{
    evidence_views, group_name, labelled, narrative_views, period_crumbs, section_of, shown,
    signed, tag, NarrativeView, OWN_COLOR, PEER_COLOR,
};
use super::{band_view, paths, BandView, Frame, PeriodFacts, SiteData};
use crate::analysis::compare::{criterion_gaps, peer_ahead, peers_of};
use crate::chart::{self, Series};
use crate::render::locale;
use serde::Serialize;

/// The ranked members of agency `i`'s cluster, if it has one.
pub(super) fn cluster_of<'a>(facts: &'a PeriodFacts, i: usize) -> Option<&'a [usize]> {
    let cluster = facts.period.agencies[i].cluster.as_deref()?;
    facts.clusters.get(cluster).map(Vec::as_slice)
}

#[derive(Debug, Serialize)]
pub struct PeerSummary {
    pub name: String,
    pub url: String,
    pub group: String,
    pub index: String,
    pub band: Option<BandView>,
    pub self_index: String,
    pub main: bool,
}

#[derive(Debug, Serialize)]
pub struct GapRow {
    pub name: String,
    pub depth: usize,
    pub own: String,
    pub peer: String,
    pub max: String,
    pub gap: String,
    pub class: &'static str,
}

#[derive(Debug, Serialize)]
pub struct AheadRow {
    pub id: String,
    pub text: String,
    pub area: String,
    pub own_answer: String,
    pub own_value: String,
    pub peer_answer: String,
    pub peer_value: String,
    pub evidence: Vec<super::rows::EvidenceView>,
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct PeerPage {
    pub frame: Frame,
    pub name: String,
    pub url: String,
    pub peer_name: String,
    pub peer_url: String,
    pub by_cluster: bool,
    pub own: PeerSummary,
    pub peers: Vec<PeerSummary>,
    pub radar: String,
    pub gaps: Vec<GapRow>,
    pub ahead: Vec<AheadRow>,
    pub narratives: Vec<NarrativeView>,
    /// Other ratings of the agency beside its peer's.
    pub ratings: Option<super::ratings::RatingsTable>,
}

fn peer_summary(
    data: &SiteData,
    facts: &PeriodFacts,
    from: &str,
    k: usize,
    main: bool,
) -> PeerSummary {
    let period = facts.period;
    let a = &period.agencies[k];
    let s = &facts.scores[k];
    PeerSummary {
        name: a.name.clone(),
        url: paths::link(from, &paths::agency(&period.id, &a.id)),
        group: a
            .group
            .as_ref()
            .map(|g| group_name(period, g))
            .unwrap_or_default(),
        index: data.opt_num(s.result.index, 2),
        band: band_view(&period.framework, s.result.band),
        self_index: data.opt_num(s.self_assessed.index, 2),
        main,
    }
}

pub fn peer_page(data: &SiteData, facts: &PeriodFacts, i: usize) -> Option<PeerPage> {
    let period = facts.period;
    let fw = &period.framework;
    let agency = &period.agencies[i];
    let peers = peers_of(period, cluster_of(facts, i), i);
    let &main = peers.first()?;
    let peer = &period.agencies[main];
    let path = paths::peer(&period.id, &agency.id);
    let mut crumbs = period_crumbs(data, period);
    crumbs.push((tag(period, agency), paths::agency(&period.id, &agency.id)));
    let frame = Frame::new(
        data,
        &path,
        format!("{} – {}", data.t("peer_comparison"), tag(period, agency)),
        crumbs,
    );
    let own = &facts.scores[i];
    let other = &facts.scores[main];
    let areas = fw.areas();
    let radar = chart::radar(
        &format!(
            "{}: {} – {}",
            data.t("peer_comparison"),
            agency.name,
            peer.name
        ),
        &areas
            .iter()
            .map(|&a| {
                format!(
                    "{}: {} / {}",
                    fw.nodes[a].label(),
                    own.result
                        .fractions
                        .get(a)
                        .map(|f| data.pct(f))
                        .unwrap_or_else(|| "–".into()),
                    other
                        .result
                        .fractions
                        .get(a)
                        .map(|f| data.pct(f))
                        .unwrap_or_else(|| "–".into())
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
        &areas
            .iter()
            .map(|&a| fw.nodes[a].label().to_string())
            .collect::<Vec<_>>(),
        &[
            Series {
                name: tag(period, agency),
                values: areas
                    .iter()
                    .map(|&a| own.result.fractions.get(a).unwrap_or(0.0))
                    .collect(),
                color: OWN_COLOR.into(),
            },
            Series {
                name: tag(period, peer),
                values: areas
                    .iter()
                    .map(|&a| other.result.fractions.get(a).unwrap_or(0.0))
                    .collect(),
                color: PEER_COLOR.into(),
            },
        ],
    );
    let gaps = criterion_gaps(fw, &own.result, &other.result)
        .into_iter()
        .map(|g| {
            let (gap, class) = signed(data, g.gap);
            GapRow {
                name: fw.nodes[g.node].label().to_string(),
                depth: fw.nodes[g.node].depth,
                own: data.opt_num(g.own, 2),
                peer: data.opt_num(g.peer, 2),
                max: locale::number_short(fw.nodes[g.node].weight, 2, data.lang()),
                gap,
                class,
            }
        })
        .collect();
    let ahead = peer_ahead(fw, &own.result, &other.result)
        .into_iter()
        .map(|l| {
            let node = &fw.nodes[l];
            let mine = agency.answers.get(&l);
            let theirs = peer.answers.get(&l);
            let scale = &fw.scales[node.indicator().map_or(0, |i| i.scale)];
            AheadRow {
                id: node.id.clone(),
                text: node
                    .text
                    .clone()
                    .unwrap_or_else(|| node.label().to_string()),
                area: fw.nodes[section_of(fw, l)].label().to_string(),
                own_answer: mine
                    .map(|a| shown(data, scale, a.effective()))
                    .filter(|s| !s.is_empty())
                    .unwrap_or_else(|| data.t("not_answered")),
                own_value: data.opt_num(own.result.fractions.get(l), 2),
                peer_answer: theirs
                    .map(|a| shown(data, scale, a.effective()))
                    .unwrap_or_default(),
                peer_value: data.opt_num(other.result.fractions.get(l), 2),
                evidence: theirs
                    .map(|a| evidence_views(data, period, peer, &path, &a.evidence))
                    .unwrap_or_default(),
                note: theirs
                    .and_then(|a| a.note.as_deref())
                    .map(|n| crate::render::markdown::to_html(n, 4))
                    .unwrap_or_default(),
            }
        })
        .collect();
    // Visit notes: the agency's narratives about this peer, then the peer's own.
    let mut notes: Vec<_> = agency
        .narratives
        .iter()
        .filter(|n| n.peer.as_deref() == Some(peer.id.as_str()))
        .cloned()
        .collect();
    notes.extend(peer.narratives.iter().cloned());
    Some(PeerPage {
        ratings: super::ratings::agency_table(data, period, agency),
        name: labelled(period, agency),
        url: paths::link(&path, &paths::agency(&period.id, &agency.id)),
        peer_name: labelled(period, peer),
        peer_url: paths::link(&path, &paths::agency(&period.id, &peer.id)),
        by_cluster: agency.peer.is_none(),
        own: peer_summary(data, facts, &path, i, false),
        peers: peers
            .iter()
            .enumerate()
            .map(|(n, &k)| peer_summary(data, facts, &path, k, n == 0))
            .collect(),
        radar,
        gaps,
        ahead,
        narratives: narrative_views(period, &path, &notes),
        frame,
    })
}
