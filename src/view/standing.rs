//! Where each agency of a period stands: on which side (our province, or
//! the benchmark partner's, a group with `role: reference`), whether it has
//! answered at all, and its rank within its own group (the nearest group
//! folder) and across the period. An agency that has not answered one
//! indicator has no rank and counts in no figure; it is shown as "belum
//! mengisi" instead of an index of 0.
//!
//! Every ranking and every page says the rank the same way: within the
//! agency's own group, with the group's count. This module computes; the
//! page views phrase it.

use crate::model::{round2, GroupRole, Period};
use crate::score::AgencyScore;
use std::collections::HashMap;

/// Which side of the benchmark an agency is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// Our agencies: every group without `role: reference`, and agencies
    /// outside any group.
    Home,
    /// The benchmark partner's agencies.
    Reference,
}

/// The standing of every agency of one period, by agency position.
#[derive(Debug, Clone)]
pub struct Standing {
    pub side: Vec<Side>,
    /// Whether the period has a reference side at all.
    pub has_reference: bool,
    /// The agency answered at least one indicator (an `n/a` counts) and has
    /// an index: it is ranked and counted.
    pub counted: Vec<bool>,
    /// Rank within the own group (1-based, ties share a rank), and how many
    /// ranked agencies the group has.
    pub own_rank: Vec<Option<usize>>,
    pub own_total: Vec<usize>,
    /// How many agencies are ranked across the period.
    pub period_total: usize,
    /// The agencies hold more than one own group (so a rank across the
    /// period says something the rank in the group does not).
    pub several_groups: bool,
    /// The agencies that name each one as their `peer`, in id order.
    pub benchmarked_by: Vec<Vec<usize>>,
}

impl Standing {
    /// `order` is the period's ranking order (best first, uncounted last).
    pub fn new(period: &Period, scores: &[AgencyScore], order: &[usize]) -> Standing {
        let reference: HashMap<&str, bool> = period
            .groups
            .iter()
            .map(|g| (g.id.as_str(), g.role == Some(GroupRole::Reference)))
            .collect();
        let side: Vec<Side> = period
            .agencies
            .iter()
            .map(|a| {
                let on_reference = a.group.as_deref().is_some_and(|g| {
                    // The group or any group it lies in.
                    let mut at = g;
                    loop {
                        if reference.get(at).copied().unwrap_or(false) {
                            return true;
                        }
                        match at.rfind('/') {
                            Some(cut) => at = &at[..cut],
                            None => return false,
                        }
                    }
                });
                if on_reference {
                    Side::Reference
                } else {
                    Side::Home
                }
            })
            .collect();
        let counted: Vec<bool> = scores
            .iter()
            .map(|s| s.counts.answered > 0 && s.result.index.is_some())
            .collect();
        // Ranks within each own group, walking the period's order once.
        let n = period.agencies.len();
        let mut own_rank = vec![None; n];
        let mut own_total = vec![0; n];
        let mut last: HashMap<Option<&str>, (f64, usize, usize)> = HashMap::new();
        for &i in order {
            if !counted[i] {
                continue;
            }
            let key = period.agencies[i].group.as_deref();
            let value = scores[i].result.index.map(round2).unwrap_or(0.0);
            let entry = last.entry(key).or_insert((f64::NAN, 0, 0));
            entry.2 += 1;
            if entry.0 != value {
                entry.0 = value;
                entry.1 = entry.2;
            }
            own_rank[i] = Some(entry.1);
        }
        for (i, a) in period.agencies.iter().enumerate() {
            own_total[i] = last.get(&a.group.as_deref()).map_or(0, |e| e.2);
        }
        let mut benchmarked_by = vec![Vec::new(); n];
        for (i, a) in period.agencies.iter().enumerate() {
            let peer = a.peer.as_deref().and_then(|p| {
                period
                    .agencies
                    .binary_search_by(|x| x.id.as_str().cmp(p))
                    .ok()
            });
            if let Some(j) = peer {
                benchmarked_by[j].push(i);
            }
        }
        Standing {
            several_groups: last.len() > 1,
            benchmarked_by,
            has_reference: side.contains(&Side::Reference),
            side,
            period_total: counted.iter().filter(|&&c| c).count(),
            counted,
            own_rank,
            own_total,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A period of one indicator on a 0-100 scale, so each index is its answer.
    fn period(agencies: &[(&str, Option<f64>)]) -> crate::model::Model {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("content");
        let mut files = vec![
            ("site.yaml".to_string(), "title: Uji\n".to_string()),
            (
                "frameworks/fw.yaml".into(),
                "scales:\n  pct: {range: [0, 100]}\nbands:\n  - {label: A, above: 50}\n  - {label: B}\ncriteria:\n  - id: k\n    criteria:\n      - {id: i1, scale: pct}\n".into(),
            ),
            ("2022/period.yaml".into(), "name: P\nframework: fw\n".into()),
            ("2022/b/group.yaml".into(), "name: B\nrole: reference\n".into()),
        ];
        for (id, answer) in agencies {
            files.push((format!("2022/{id}/agency.yaml"), format!("name: {id}\n")));
            if let Some(x) = answer {
                files.push((
                    format!("2022/{id}/evidence.yaml"),
                    format!("answers:\n  i1: {{answer: {x}, evidence: [SK]}}\n"),
                ));
            }
        }
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        crate::content::load(&root).model
    }

    #[test]
    fn ranks_within_the_own_group_skip_agencies_that_have_not_answered() {
        // Two groups, a and b (reference); one agency of a has not answered.
        let model = period(&[
            ("a/x", Some(70.0)),
            ("a/y", Some(80.0)),
            ("a/z", None),
            ("a/w", Some(70.0)),
            ("b/u", Some(90.0)),
        ]);
        let period = &model.periods[0];
        let scores = crate::score::score_period(period);
        let facts = super::super::PeriodFacts::new(period, &scores, 0);
        let s = &facts.standing;
        let ids: Vec<&str> = period.agencies.iter().map(|a| a.id.as_str()).collect();
        let by_id = |id: &str| ids.iter().position(|x| *x == id).unwrap();
        assert_eq!(s.own_rank[by_id("a/y")], Some(1));
        assert_eq!(s.own_rank[by_id("a/w")], Some(2));
        assert_eq!(s.own_rank[by_id("a/x")], Some(2), "ties share a rank");
        assert_eq!(s.own_rank[by_id("a/z")], None);
        assert!(!s.counted[by_id("a/z")]);
        assert_eq!(s.own_total[by_id("a/x")], 3);
        assert_eq!(s.own_rank[by_id("b/u")], Some(1));
        assert_eq!(s.own_total[by_id("b/u")], 1);
        assert_eq!(s.side[by_id("b/u")], Side::Reference);
        assert_eq!(s.side[by_id("a/x")], Side::Home);
        assert!(s.has_reference);
        assert_eq!(s.period_total, 4);
        // The period's order puts the agency that has not answered last, unranked.
        assert_eq!(*facts.order.last().unwrap(), by_id("a/z"));
        assert_eq!(facts.rank[by_id("a/z")], None);
        assert_eq!(facts.rank[by_id("b/u")], Some(1));
    }
}
