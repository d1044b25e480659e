//! The path to the next band: the fewest indicators whose improvement lifts
//! the index past the next band's threshold, taken greedily by the largest
//! gain in index points (share of the index times room to grow, with the
//! effect of `times` and `requires` on the indicators that depend on it).

use super::leaf_shares;
use crate::model::{round2, Framework, NodeIx};
use crate::score::{apply_rules, Base, Tally};

/// One indicator to improve to full value.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub indicator: NodeIx,
    /// Its value now (after rules), 0 to 1.
    pub from: f64,
    /// Index points this step adds, given the steps before it.
    pub gain: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NextBand {
    /// The agency has no index (everything n/a).
    NoIndex,
    /// Already in the top band.
    Top,
    /// Raising `steps` (in order) to full value reaches `band`.
    Reachable {
        band: usize,
        threshold: f64,
        steps: Vec<Step>,
        index_after: f64,
    },
    /// Even every indicator at full value stays at or below the threshold.
    Unreachable {
        band: usize,
        threshold: f64,
        best: f64,
    },
}

/// Indicators whose rules name each indicator (who must be re-evaluated when it changes).
fn dependents(fw: &Framework) -> Vec<Vec<NodeIx>> {
    let mut out = vec![Vec::new(); fw.nodes.len()];
    for &l in &fw.leaves {
        if let Some(ind) = fw.nodes[l].indicator() {
            for t in ind
                .times
                .into_iter()
                .chain(ind.requires.as_ref().map(|r| r.indicator))
            {
                out[t].push(l);
            }
        }
    }
    out
}

/// Indicators whose value a change touched, with their new values (latest last).
type Touched = Vec<(NodeIx, Option<f64>)>;

/// Values after rules once `changed` takes `base`; returns the touched (index, new value) pairs.
fn ripple(
    fw: &Framework,
    deps: &[Vec<NodeIx>],
    bases: &[Base],
    values: &[Option<f64>],
    changed: NodeIx,
    base: Base,
) -> Touched {
    let mut touched: Touched = Vec::new();
    let current = |ix: NodeIx, touched: &[(NodeIx, Option<f64>)]| {
        touched
            .iter()
            .rev()
            .find(|(n, _)| *n == ix)
            .map(|(_, v)| *v)
            .unwrap_or(values[ix])
    };
    let mut queue = vec![changed];
    // A chain of rules is short; the bound only guards against loops the checker rejected.
    let mut budget = 4 * fw.leaves.len() + 8;
    while let Some(ix) = queue.pop() {
        if budget == 0 {
            break;
        }
        budget -= 1;
        let Some(ind) = fw.nodes[ix].indicator() else {
            continue;
        };
        let own = if ix == changed { base } else { bases[ix] };
        let times = ind.times.and_then(|t| current(t, &touched));
        let requires = ind
            .requires
            .as_ref()
            .and_then(|r| current(r.indicator, &touched));
        let v = apply_rules(ind, own, times, requires);
        if v != current(ix, &touched) || ix == changed {
            touched.push((ix, v));
            queue.extend(deps[ix].iter().copied());
        }
    }
    touched
}

/// The greedy path from the current answers (`bases`, verified over self) and their tally.
pub fn next_band(fw: &Framework, bases: &[Base], tally: &Tally) -> NextBand {
    let (Some(mut index), Some(band)) = (tally.index, tally.band) else {
        return NextBand::NoIndex;
    };
    if band == 0 {
        return NextBand::Top;
    }
    let target = band - 1;
    let Some(threshold) = fw.bands[target].above else {
        return NextBand::Top;
    };
    let shares = leaf_shares(fw, &tally.fractions);
    let deps = dependents(fw);
    let mut bases = bases.to_vec();
    let mut values: Vec<Option<f64>> = tally.fractions.to_options();
    let mut steps = Vec::new();
    while round2(index) <= threshold {
        let mut best: Option<(f64, NodeIx, Touched)> = None;
        for &l in &fw.leaves {
            let improvable = match bases[l] {
                Base::NotApplicable => false,
                Base::Unanswered => true,
                Base::Value(x) => x < 1.0,
            };
            if !improvable {
                continue;
            }
            let touched = ripple(fw, &deps, &bases, &values, l, Base::Value(1.0));
            let mut gain = 0.0;
            let mut seen = Vec::new();
            for &(ix, v) in touched.iter().rev() {
                if seen.contains(&ix) {
                    continue;
                }
                seen.push(ix);
                gain += 100.0 * shares[ix] * (v.unwrap_or(0.0) - values[ix].unwrap_or(0.0));
            }
            if gain > 1e-12 && best.as_ref().is_none_or(|(g, _, _)| gain > *g + 1e-12) {
                best = Some((gain, l, touched));
            }
        }
        let Some((gain, l, touched)) = best else {
            return NextBand::Unreachable {
                band: target,
                threshold,
                best: index,
            };
        };
        steps.push(Step {
            indicator: l,
            from: values[l].unwrap_or(0.0),
            gain,
        });
        bases[l] = Base::Value(1.0);
        for (ix, v) in touched {
            values[ix] = v;
        }
        index += gain;
    }
    NextBand::Reachable {
        band: target,
        threshold,
        steps,
        index_after: index,
    }
}
