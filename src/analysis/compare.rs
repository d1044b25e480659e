//! Comparing an agency with its benchmark peer: who the peers are, the gap
//! on every criterion, and the indicators where the peer scores higher.

use crate::model::{Framework, NodeIx, NodeKind, Period};
use crate::score::Tally;

/// At most this many cluster mates are compared with: a national tree has
/// hundreds of agencies in one cluster, and the best few are the lesson.
pub const MAX_PEERS: usize = 10;

/// The agencies `i` is compared with: its `peer`; without one, the agencies
/// of its cluster in other groups, best first. `cluster_ranked` is the
/// cluster's members in ranking order (computed once per period), so this
/// costs the cluster's size, never the whole period's.
pub fn peers_of(period: &Period, cluster_ranked: Option<&[usize]>, i: usize) -> Vec<usize> {
    let agency = &period.agencies[i];
    if let Some(peer) = &agency.peer {
        return period
            .agencies
            .binary_search_by(|a| a.id.as_str().cmp(peer))
            .ok()
            .into_iter()
            .collect();
    }
    cluster_ranked
        .unwrap_or_default()
        .iter()
        .copied()
        .filter(|&j| j != i && period.agencies[j].group != agency.group)
        .take(MAX_PEERS)
        .collect()
}

/// One criterion's scores for both agencies, in points of its weight.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub node: NodeIx,
    pub own: Option<f64>,
    pub peer: Option<f64>,
    /// Peer minus own, in points (left-out counts 0).
    pub gap: f64,
}

/// Every group criterion's gap, largest first (ties in framework order).
pub fn criterion_gaps(fw: &Framework, own: &Tally, peer: &Tally) -> Vec<Gap> {
    let mut gaps: Vec<Gap> = (0..fw.nodes.len())
        .filter(|&ix| matches!(fw.nodes[ix].kind, NodeKind::Group { .. }))
        .map(|ix| {
            let w = fw.nodes[ix].weight;
            let own_s = own.fractions.get(ix).map(|f| f * w);
            let peer_s = peer.fractions.get(ix).map(|f| f * w);
            Gap {
                node: ix,
                own: own_s,
                peer: peer_s,
                gap: peer_s.unwrap_or(0.0) - own_s.unwrap_or(0.0),
            }
        })
        .collect();
    gaps.sort_by(|a, b| {
        b.gap
            .partial_cmp(&a.gap)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.node.cmp(&b.node))
    });
    gaps
}

/// Indicators where the peer's value (after rules) is higher than the agency's;
/// indicators that are n/a for either side are not compared.
pub fn peer_ahead(fw: &Framework, own: &Tally, peer: &Tally) -> Vec<NodeIx> {
    fw.leaves
        .iter()
        .copied()
        .filter(|&l| matches!((own.fractions.get(l), peer.fractions.get(l)), (Some(o), Some(p)) if p > o + 1e-12))
        .collect()
}
