//! The path to the next band: the moves that lift the index past the next
//! band's threshold, taken greedily by the largest gain in index points
//! (share of the index times room to grow, with the effect of `times` and
//! `requires` on the indicators that depend on it).
//!
//! A move is one step an agency can take: an unanswered indicator answered
//! ("lengkapi", counted at full value), an answer on a choice scale raised
//! to the next option (from C to B, not at once to A), an answer on a range
//! scale raised to the top of the range. One indicator may take several
//! moves; they are reported as one step from its first value to its last.

use super::leaf_shares;
use crate::model::{round2, Framework, NodeIx};
use crate::score::{apply_rules, Base, Tally};

/// What a step asks of the agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// Not answered yet: answer it (counted at full value).
    Complete,
    /// Answered: raise it, on a choice scale to a higher option (`to`).
    Improve,
}

/// One indicator to answer or improve.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub indicator: NodeIx,
    pub kind: StepKind,
    /// Its value now (after rules), 0 to 1.
    pub from: f64,
    /// The value of the answer it is raised to (before rules), 0 to 1.
    pub to: f64,
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

/// The value one move takes indicator `l` to from `base`: an unanswered
/// one to full value; a choice answer to the next option above it; a range
/// answer to the top. None when it cannot rise (full, or n/a).
fn next_value(fw: &Framework, l: NodeIx, base: Base) -> Option<f64> {
    let current = match base {
        Base::NotApplicable => return None,
        Base::Unanswered => return Some(1.0),
        Base::Value(x) if x >= 1.0 => return None,
        Base::Value(x) => x,
    };
    let scale = &fw.scales[fw.nodes[l].indicator()?.scale];
    match &scale.kind {
        crate::model::ScaleKind::Choice(options) => options
            .iter()
            .map(|(_, v)| *v)
            .filter(|v| *v > current + 1e-12)
            .min_by(f64::total_cmp),
        crate::model::ScaleKind::Range { .. } => Some(1.0),
    }
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
    let answered_before: Vec<bool> = bases
        .iter()
        .map(|b| !matches!(b, Base::Unanswered))
        .collect();
    while round2(index) <= threshold {
        let mut best: Option<(f64, NodeIx, f64, Touched)> = None;
        for &l in &fw.leaves {
            let Some(to) = next_value(fw, l, bases[l]) else {
                continue;
            };
            let touched = ripple(fw, &deps, &bases, &values, l, Base::Value(to));
            let mut gain = 0.0;
            let mut seen = Vec::new();
            for &(ix, v) in touched.iter().rev() {
                if seen.contains(&ix) {
                    continue;
                }
                seen.push(ix);
                gain += 100.0 * shares[ix] * (v.unwrap_or(0.0) - values[ix].unwrap_or(0.0));
            }
            if gain > 1e-12 && best.as_ref().is_none_or(|(g, _, _, _)| gain > *g + 1e-12) {
                best = Some((gain, l, to, touched));
            }
        }
        let Some((gain, l, to, touched)) = best else {
            return NextBand::Unreachable {
                band: target,
                threshold,
                best: index,
            };
        };
        // A later move of the same indicator extends its step.
        match steps.iter_mut().find(|s: &&mut Step| s.indicator == l) {
            Some(step) => {
                step.to = to;
                step.gain += gain;
            }
            None => steps.push(Step {
                indicator: l,
                kind: if answered_before[l] {
                    StepKind::Improve
                } else {
                    StepKind::Complete
                },
                from: values[l].unwrap_or(0.0),
                to,
                gain,
            }),
        }
        bases[l] = Base::Value(to);
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
