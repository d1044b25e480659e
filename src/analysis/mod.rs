//! Benchmarking analyses on scored data: the path to the next band, the
//! readiness checklist, action-plan realisation, peer gaps, trends over
//! periods, self-assessment against verification, group figures.
//! Pure functions of the model and its scores: no files, no formatting.

pub mod actions;
pub mod checklist;
pub mod compare;
pub mod groups;
pub mod next_band;
pub mod trends;
pub mod verification;

use crate::model::{Framework, NodeIx};

/// Each indicator's share of the index at full value for one agency: the
/// product of weight over the weights of its counted siblings, up the tree.
/// Left-out nodes (n/a) have share 0 and do not count among siblings. The
/// index is then `100 * sum(share * value)` over the indicators.
pub fn leaf_shares(fw: &Framework, fractions: &crate::score::Fractions) -> Vec<f64> {
    let counted = |ix: NodeIx| fractions.get(ix).is_some();
    let total = |siblings: &[NodeIx]| -> f64 {
        siblings
            .iter()
            .filter(|&&s| counted(s))
            .map(|&s| fw.nodes[s].weight)
            .sum()
    };
    let mut share = vec![0.0; fw.nodes.len()];
    let roots_total = total(&fw.roots);
    for ix in 0..fw.nodes.len() {
        if !counted(ix) {
            continue;
        }
        let node = &fw.nodes[ix];
        share[ix] = match node.parent {
            None if roots_total > 0.0 => node.weight / roots_total,
            None => 0.0,
            Some(p) => {
                let t = total(fw.nodes[p].children());
                if t > 0.0 {
                    share[p] * node.weight / t
                } else {
                    0.0
                }
            }
        };
    }
    share
}

/// The area an indicator belongs to: the ancestor among `areas`, if any.
pub fn area_of(fw: &Framework, areas: &[NodeIx], ix: NodeIx) -> Option<NodeIx> {
    fw.path(ix).into_iter().find(|n| areas.contains(n))
}
