//! Self-assessment against verification: where the agency rated itself
//! higher than the evaluators did, and what it did to the index.

use std::collections::BTreeMap;

use crate::model::{Agency, Framework, NodeIx};
use crate::score::AgencyScore;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Overstatement {
    /// Indicators whose self-assessed value is above the verified one.
    pub higher: usize,
    /// ... and below it.
    pub lower: usize,
    /// Indicators with both answers.
    pub compared: usize,
    /// Count of `higher` per area (None: outside every area).
    pub by_area: BTreeMap<Option<NodeIx>, usize>,
    /// Self-assessed index minus verified index.
    pub index_gap: Option<f64>,
}

pub fn overstatement(
    fw: &Framework,
    areas: &[NodeIx],
    agency: &Agency,
    score: &AgencyScore,
) -> Overstatement {
    let mut o = Overstatement::default();
    for (&ix, a) in &agency.answers {
        let (Some(own), Some(ver)) = (
            a.answer.as_ref().and_then(|r| r.value()),
            a.verified.as_ref().and_then(|r| r.value()),
        ) else {
            continue;
        };
        o.compared += 1;
        if own > ver + 1e-12 {
            o.higher += 1;
            *o.by_area.entry(super::area_of(fw, areas, ix)).or_default() += 1;
        } else if own + 1e-12 < ver {
            o.lower += 1;
        }
    }
    o.index_gap = match (score.self_assessed.index, score.result.index) {
        (Some(s), Some(v)) => Some(s - v),
        _ => None,
    };
    o
}
