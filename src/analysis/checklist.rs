//! The readiness checklist of a benchmarking visit, driven by the
//! framework's `checklist:` items (never by indicator ids in code).

use crate::model::{CheckItem, Framework};
use crate::score::{Base, Tally};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckStatus {
    Pass,
    Fail,
    /// Fails because a listed indicator has no answer yet.
    Unanswered,
    /// Every listed indicator is n/a.
    NotApplicable,
}

/// An item passes when every listed indicator that counts is above `above`.
pub fn evaluate(item: &CheckItem, bases: &[Base], tally: &Tally) -> CheckStatus {
    let counted: Vec<_> = item
        .indicators
        .iter()
        .filter(|&&i| tally.fractions.get(i).is_some())
        .collect();
    if counted.is_empty() {
        return CheckStatus::NotApplicable;
    }
    if counted.iter().any(|&&i| bases[i] == Base::Unanswered) {
        return CheckStatus::Unanswered;
    }
    if counted
        .iter()
        .all(|&&i| tally.fractions.get(i).unwrap_or(0.0) > item.above)
    {
        CheckStatus::Pass
    } else {
        CheckStatus::Fail
    }
}

/// Every item of the framework for one agency.
pub fn evaluate_all(fw: &Framework, bases: &[Base], tally: &Tally) -> Vec<CheckStatus> {
    fw.checklist
        .iter()
        .map(|item| evaluate(item, bases, tally))
        .collect()
}
