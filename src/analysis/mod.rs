//! Benchmarking analyses on scored data: the path to the next band, the
//! readiness checklist, action-plan realisation, peer gaps, trends over
//! periods, self-assessment against verification, group figures.
//! Pure functions of the model and its scores: no files, no formatting.

pub mod actions;
pub mod changes;
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

/// Each node's part of the index, in points of 100, and the most it could
/// give (`100 * share`): a node's children add up to it, the top-level
/// nodes add up to the index. None where the node is left out (n/a).
pub fn contributions(
    fw: &Framework,
    fractions: &crate::score::Fractions,
) -> Vec<Option<(f64, f64)>> {
    leaf_shares(fw, fractions)
        .into_iter()
        .enumerate()
        .map(|(ix, share)| {
            fractions
                .get(ix)
                .map(|f| (100.0 * share * f, 100.0 * share))
        })
        .collect()
}

/// The area an indicator belongs to: the ancestor among `areas`, if any.
pub fn area_of(fw: &Framework, areas: &[NodeIx], ix: NodeIx) -> Option<NodeIx> {
    fw.path(ix).into_iter().find(|n| areas.contains(n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{check_documents, Documents};

    #[test]
    fn contributions_add_up_to_the_index_with_left_out_parts() {
        // Weights 2 and 1; `lain` is left out (its one indicator n/a), so
        // the index is area's fraction alone: (1 + 0.7) / 2 = 0.85 -> 85.
        // i1 has share 1 * 1/2 of the index: 50 points at full value;
        // i2 the same, at 0.7: 35 points.
        let framework = "scales:\n  yt: {choice: {ya: 1, tidak: 0}}\n  pct: {range: [0, 100]}\nbands:\n  - {label: A}\ncriteria:\n  - id: area\n    weight: 2\n    criteria:\n      - {id: i1, scale: yt}\n      - {id: i2, scale: pct}\n  - id: lain\n    criteria:\n      - {id: i3, scale: yt}\n";
        let evidence = "answers:\n  i1: {answer: ya, evidence: [SK]}\n  i2: {answer: 70, evidence: [L]}\n  i3: {answer: n/a}\n";
        let checked = check_documents(&Documents {
            framework: framework.as_bytes(),
            agency: b"name: Dinas A\n",
            evidence: evidence.as_bytes(),
            narrative: b"",
        });
        let (fw, agency) = (checked.framework.unwrap(), checked.agency.unwrap());
        let score = crate::score::score_agency(&fw, &agency.answers);
        let c = contributions(&fw, &score.result.fractions);
        let at = |id: &str| c[fw.node(id).unwrap()];
        let close = |x: Option<(f64, f64)>, want: (f64, f64)| {
            let (v, m) = x.unwrap();
            assert!(
                (v - want.0).abs() < 1e-9 && (m - want.1).abs() < 1e-9,
                "{x:?} vs {want:?}"
            );
        };
        close(at("area"), (85.0, 100.0));
        close(at("i1"), (50.0, 50.0));
        close(at("i2"), (35.0, 50.0));
        assert_eq!(at("lain"), None);
        assert_eq!(at("i3"), None);
        assert!((score.result.index.unwrap() - 85.0).abs() < 1e-9);
    }
}
