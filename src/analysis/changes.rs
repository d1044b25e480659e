//! Score changes between two states of the content tree: per period and
//! agency, the index and band before and after, and which answers changed.
//! A pure function of two checked models (it scores both with `score`);
//! `tolok diff` prints the result, `build --since` turns it into a page.
//! Nothing here reads files or renders.

use serde::Serialize;
use std::collections::BTreeSet;

use crate::model::{Agency, Model, Period, Response};
use crate::score::{self, AgencyScore};

/// The headline figures of one agency in one state of the tree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figures {
    pub index: Option<f64>,
    pub band: Option<String>,
    pub self_index: Option<f64>,
    pub self_band: Option<String>,
}

/// One value before and after (`None`: not given).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub old: Option<String>,
    pub new: Option<String>,
}

/// An indicator whose self-assessed or verified answer changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerChange {
    pub indicator: String,
    pub answer: Change,
    pub verified: Change,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Added,
    Removed,
    Changed,
    Unchanged,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgencyChange {
    pub id: String,
    pub name: String,
    pub status: Status,
    pub before: Option<Figures>,
    pub after: Option<Figures>,
    /// In framework order of the newer state.
    pub answers: Vec<AnswerChange>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodChange {
    pub period: String,
    pub name: String,
    pub status: Status,
    /// Only agencies that changed, by id.
    pub agencies: Vec<AgencyChange>,
    /// How many agencies are the same in both states.
    pub unchanged: usize,
}

/// Every period of either state, by id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TreeDiff {
    pub periods: Vec<PeriodChange>,
}

impl TreeDiff {
    pub fn is_empty(&self) -> bool {
        self.periods.iter().all(|p| p.agencies.is_empty())
    }
}

fn figures(period: &Period, s: &AgencyScore) -> Figures {
    let band = |b: Option<usize>| {
        b.and_then(|b| period.framework.bands.get(b))
            .map(|b| b.label.clone())
    };
    Figures {
        index: s.result.index,
        band: band(s.result.band),
        self_index: s.self_assessed.index,
        self_band: band(s.self_assessed.band),
    }
}

/// An answer as written (`n/a` for not applicable).
fn written(r: Option<&Response>) -> Option<String> {
    r.map(|r| match r {
        Response::NotApplicable => "n/a".to_string(),
        Response::Value { shown, .. } => shown.to_string(),
    })
}

/// (self-assessed, verified) answers by indicator id.
fn answers_of(period: &Period, a: &Agency) -> Vec<(String, Option<String>, Option<String>)> {
    a.answers
        .iter()
        .map(|(&ix, ans)| {
            (
                period.framework.nodes[ix].id.clone(),
                written(ans.answer.as_ref()),
                written(ans.verified.as_ref()),
            )
        })
        .collect()
}

fn answer_changes(
    old: Option<(&Period, &Agency)>,
    new: Option<(&Period, &Agency)>,
) -> Vec<AnswerChange> {
    let before = old.map(|(p, a)| answers_of(p, a)).unwrap_or_default();
    let after = new.map(|(p, a)| answers_of(p, a)).unwrap_or_default();
    let find = |list: &[(String, Option<String>, Option<String>)], id: &str| {
        list.iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, a, v)| (a.clone(), v.clone()))
            .unwrap_or((None, None))
    };
    // Newer framework order first, then indicators only the older state answered.
    let mut seen = BTreeSet::new();
    let order: Vec<String> = after
        .iter()
        .chain(before.iter())
        .map(|(id, _, _)| id.clone())
        .filter(|id| seen.insert(id.clone()))
        .collect();
    order
        .into_iter()
        .filter_map(|id| {
            let (oa, ov) = find(&before, &id);
            let (na, nv) = find(&after, &id);
            (oa != na || ov != nv).then_some(AnswerChange {
                indicator: id,
                answer: Change { old: oa, new: na },
                verified: Change { old: ov, new: nv },
            })
        })
        .collect()
}

/// What changed from `old` to `new`.
pub fn compare(old: &Model, new: &Model) -> TreeDiff {
    let ids: BTreeSet<&str> = old
        .periods
        .iter()
        .chain(&new.periods)
        .map(|p| p.id.as_str())
        .collect();
    let periods = ids
        .into_iter()
        .map(|id| {
            let op = old.period(id);
            let np = new.period(id);
            let os = op.map(score::score_period).unwrap_or_default();
            let ns = np.map(score::score_period).unwrap_or_default();
            let agency_ids: BTreeSet<&str> = op
                .iter()
                .chain(np.iter())
                .flat_map(|p| p.agencies.iter().map(|a| a.id.as_str()))
                .collect();
            fn side<'p>(
                p: Option<&'p Period>,
                scores: &[AgencyScore],
                aid: &str,
            ) -> Option<(&'p Period, usize, Figures)> {
                let p = p?;
                let i = p.agencies.iter().position(|a| a.id == aid)?;
                Some((p, i, figures(p, &scores[i])))
            }
            let mut agencies = Vec::new();
            let mut unchanged = 0;
            for aid in agency_ids {
                let before = side(op, &os, aid);
                let after = side(np, &ns, aid);
                let answers = answer_changes(
                    before.as_ref().map(|(p, i, _)| (*p, &p.agencies[*i])),
                    after.as_ref().map(|(p, i, _)| (*p, &p.agencies[*i])),
                );
                let status = match (&before, &after) {
                    (None, _) => Status::Added,
                    (_, None) => Status::Removed,
                    (Some(b), Some(a)) if b.2 != a.2 || !answers.is_empty() => Status::Changed,
                    _ => Status::Unchanged,
                };
                if status == Status::Unchanged {
                    unchanged += 1;
                    continue;
                }
                let name = after
                    .as_ref()
                    .or(before.as_ref())
                    .map(|(p, i, _)| p.agencies[*i].name.clone())
                    .unwrap_or_default();
                agencies.push(AgencyChange {
                    id: aid.to_string(),
                    name,
                    status,
                    before: before.map(|b| b.2),
                    after: after.map(|a| a.2),
                    answers,
                });
            }
            PeriodChange {
                period: id.to_string(),
                name: np.or(op).map(|p| p.name.clone()).unwrap_or_default(),
                status: match (op, np) {
                    (None, _) => Status::Added,
                    (_, None) => Status::Removed,
                    _ if agencies.is_empty() => Status::Unchanged,
                    _ => Status::Changed,
                },
                agencies,
                unchanged,
            }
        })
        .collect();
    TreeDiff { periods }
}
