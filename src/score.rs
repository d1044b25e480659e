//! The scoring rules of the format, and nothing else: a pure function from a
//! framework and one agency's answers to fractions, index and band. It never
//! reads files and never formats numbers.

use crate::model::{Answers, Framework, Indicator, NodeIx, NodeKind, Response};

/// How many indicators were answered, verified, not applicable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub indicators: usize,
    pub answered: usize,
    pub verified: usize,
    pub not_applicable: usize,
}

/// Per node of a framework, its fraction from 0 to 1, or None where the node
/// is left out. Kept as numbers with NaN for None: half the memory of
/// `Option<f64>`, and a national tree keeps two of these per agency.
#[derive(Debug, Clone)]
pub struct Fractions(Box<[f64]>);

impl Fractions {
    /// The fraction of node `ix`; None where it is left out (or not a node).
    pub fn get(&self, ix: NodeIx) -> Option<f64> {
        self.0.get(ix).copied().filter(|f| !f.is_nan())
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn to_options(&self) -> Vec<Option<f64>> {
        (0..self.0.len()).map(|ix| self.get(ix)).collect()
    }
}

impl From<Vec<Option<f64>>> for Fractions {
    fn from(fractions: Vec<Option<f64>>) -> Fractions {
        Fractions(
            fractions
                .into_iter()
                .map(|f| f.unwrap_or(f64::NAN))
                .collect(),
        )
    }
}

impl PartialEq for Fractions {
    fn eq(&self, other: &Fractions) -> bool {
        self.len() == other.len() && (0..self.len()).all(|ix| self.get(ix) == other.get(ix))
    }
}

/// One computation over the tree (verified-over-self, or self-assessed alone).
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// Per node, its fraction from 0 to 1; None where it is left out.
    pub fractions: Fractions,
    /// 0 to 100; None where every top-level node is left out.
    pub index: Option<f64>,
    /// Position in `Framework::bands`.
    pub band: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AgencyScore {
    /// Verified answers where given, otherwise self-assessed.
    pub result: Tally,
    /// Self-assessed answers alone.
    pub self_assessed: Tally,
    pub counts: Counts,
}

impl AgencyScore {
    pub fn index(&self) -> Option<f64> {
        self.result.index
    }
    pub fn band(&self) -> Option<usize> {
        self.result.band
    }
}

/// What a leaf starts from before its rules apply.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Base {
    Unanswered,
    NotApplicable,
    Value(f64),
}

impl Base {
    pub fn of(response: Option<&Response>) -> Base {
        match response {
            None => Base::Unanswered,
            Some(Response::NotApplicable) => Base::NotApplicable,
            Some(Response::Value { value, .. }) => Base::Value(*value),
        }
    }
}

/// Scores one agency.
pub fn score_agency(fw: &Framework, answers: &Answers) -> AgencyScore {
    let mut effective = vec![Base::Unanswered; fw.nodes.len()];
    let mut own = vec![Base::Unanswered; fw.nodes.len()];
    let mut counts = Counts {
        indicators: fw.leaves.len(),
        ..Counts::default()
    };
    for (&ix, a) in answers {
        if ix >= fw.nodes.len() {
            continue;
        }
        effective[ix] = Base::of(a.effective());
        own[ix] = Base::of(a.answer.as_ref());
        if a.answer.is_some() || a.verified.is_some() {
            counts.answered += 1;
        }
        if a.verified.is_some() {
            counts.verified += 1;
        }
        if a.effective() == Some(&Response::NotApplicable) {
            counts.not_applicable += 1;
        }
    }
    AgencyScore {
        result: tally(fw, &effective),
        self_assessed: tally(fw, &own),
        counts,
    }
}

/// The whole computation from the leaves' starting values (indexed by node).
pub fn tally(fw: &Framework, bases: &[Base]) -> Tally {
    let leaf = leaf_values(fw, bases);
    let mut fractions: Vec<Option<f64>> = vec![None; fw.nodes.len()];
    // Nodes are stored parents first, so going backwards meets children first.
    for ix in (0..fw.nodes.len()).rev() {
        fractions[ix] = match &fw.nodes[ix].kind {
            NodeKind::Indicator(_) => leaf[ix],
            NodeKind::Group { children } => weighted_mean(fw, children, &fractions),
        };
    }
    let index = weighted_mean(fw, &fw.roots, &fractions).map(|f| 100.0 * f);
    let band = index.and_then(|i| fw.band_of(i));
    Tally {
        fractions: Fractions::from(fractions),
        index,
        band,
    }
}

fn weighted_mean(fw: &Framework, nodes: &[NodeIx], fractions: &[Option<f64>]) -> Option<f64> {
    let (mut sum, mut weights) = (0.0, 0.0);
    for &c in nodes {
        if let Some(f) = fractions.get(c).copied().flatten() {
            sum += fw.nodes[c].weight * f;
            weights += fw.nodes[c].weight;
        }
    }
    (weights > 0.0).then(|| sum / weights)
}

/// An indicator's value from its starting value and the values of the
/// indicators its rules name (None where that one is n/a: the rule is left out).
/// `times` applies first, then `requires`.
pub fn apply_rules(
    ind: &Indicator,
    base: Base,
    times: Option<f64>,
    requires: Option<f64>,
) -> Option<f64> {
    let mut v = match base {
        Base::NotApplicable => return None,
        Base::Unanswered => 0.0,
        Base::Value(x) => x,
    };
    if let (Some(_), Some(factor)) = (ind.times, times) {
        v *= factor;
    }
    if let (Some(r), Some(prerequisite)) = (&ind.requires, requires) {
        if prerequisite <= r.above {
            v = 0.0;
        }
    }
    Some(v)
}

/// Each indicator's value after `times` and `requires`; None where it is n/a.
pub fn leaf_values(fw: &Framework, bases: &[Base]) -> Vec<Option<f64>> {
    #[derive(Clone, Copy)]
    enum State {
        Todo,
        Busy,
        Done(Option<f64>),
    }
    fn value(fw: &Framework, bases: &[Base], state: &mut [State], ix: NodeIx) -> Option<f64> {
        match state[ix] {
            State::Done(v) => return v,
            // A loop (rejected by the checker) must still not hang: the inner use counts 0.
            State::Busy => return Some(0.0),
            State::Todo => {}
        }
        state[ix] = State::Busy;
        let base = bases.get(ix).copied().unwrap_or(Base::Unanswered);
        let v = match fw.nodes[ix].indicator() {
            Some(ind) if base != Base::NotApplicable => {
                let times = ind.times.and_then(|t| value(fw, bases, state, t));
                let requires = ind
                    .requires
                    .as_ref()
                    .and_then(|r| value(fw, bases, state, r.indicator));
                apply_rules(ind, base, times, requires)
            }
            _ => apply_rules(&Indicator::default(), base, None, None),
        };
        state[ix] = State::Done(v);
        v
    }
    let mut state = vec![State::Todo; fw.nodes.len()];
    let mut out = vec![None; fw.nodes.len()];
    for &l in &fw.leaves {
        out[l] = value(fw, bases, &mut state, l);
    }
    out
}

/// Every agency of a period, in the period's order (by id), scored in parallel.
pub fn score_period(period: &crate::model::Period) -> Vec<AgencyScore> {
    use rayon::prelude::*;
    period
        .agencies
        .par_iter()
        .map(|a| score_agency(&period.framework, &a.answers))
        .collect()
}

/// The starting values of every node for one agency: verified over
/// self-assessed (`self_only = false`), or the self-assessed answers alone.
pub fn bases(fw: &Framework, answers: &Answers, self_only: bool) -> Vec<Base> {
    let mut b = vec![Base::Unanswered; fw.nodes.len()];
    for (&ix, a) in answers {
        if ix < b.len() {
            b[ix] = Base::of(if self_only {
                a.answer.as_ref()
            } else {
                a.effective()
            });
        }
    }
    b
}
