//! Realisation of an agency's action plan (rencana aksi): mean progress,
//! done, late (due before the period's date and not finished), per criterion.

use std::collections::BTreeMap;

use crate::model::{Action, Date, Framework, NodeIx};

#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Realisation {
    pub actions: usize,
    /// Mean progress in percent over all actions (no progress counts 0); None without actions.
    pub mean_progress: Option<f64>,
    pub done: usize,
    pub late: usize,
}

/// Due before `today` and below 100 %.
pub fn is_late(action: &Action, today: Option<Date>) -> bool {
    match (action.due, today) {
        (Some(due), Some(today)) => due < today && action.progress.unwrap_or(0.0) < 100.0,
        _ => false,
    }
}

pub fn realisation<'a>(
    actions: impl IntoIterator<Item = &'a Action>,
    today: Option<Date>,
) -> Realisation {
    let mut r = Realisation::default();
    let mut sum = 0.0;
    for a in actions {
        r.actions += 1;
        sum += a.progress.unwrap_or(0.0);
        if a.progress.unwrap_or(0.0) >= 100.0 {
            r.done += 1;
        }
        if is_late(a, today) {
            r.late += 1;
        }
    }
    r.mean_progress = (r.actions > 0).then(|| sum / r.actions as f64);
    r
}

/// Realisation per area (`areas`), for actions tied to a criterion in it;
/// actions without a criterion (or outside every area) under `None`.
pub fn by_area(
    fw: &Framework,
    areas: &[NodeIx],
    actions: &[Action],
    today: Option<Date>,
) -> BTreeMap<Option<NodeIx>, Realisation> {
    let mut groups: BTreeMap<Option<NodeIx>, Vec<&Action>> = BTreeMap::new();
    for a in actions {
        let area = a.criterion.and_then(|c| super::area_of(fw, areas, c));
        groups.entry(area).or_default().push(a);
    }
    groups
        .into_iter()
        .map(|(k, v)| (k, realisation(v, today)))
        .collect()
}
