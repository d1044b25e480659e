//! Score changes between two states of the content tree: per period and
//! agency, the index and band before and after, and which answers changed.
//!
//! `compare` is a pure function of two checked models (it scores both with
//! `score`); `load_revision` gets the model of an old revision through
//! `git::snapshot` and the normal loader. `tolok diff` prints the result,
//! `tolok build --since` turns it into a page. Nothing here renders HTML.

use serde::Serialize;
use std::collections::BTreeSet;
use std::path::Path;

use crate::content;
use crate::diagnostics::{display_path, Diagnostic};
use crate::git::{snapshot, GitError, Repo};
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

/// Why a revision could not be loaded.
#[derive(Debug)]
pub struct RevisionError {
    /// The revision names no commit: a mistake on the command line.
    pub usage: bool,
    pub diagnostics: Vec<Diagnostic>,
}

/// The content tree as it was at one revision.
pub struct Revision {
    pub model: Model,
    /// The full commit id the revision named.
    pub commit: String,
    /// Entries of the revision that were not read (links, unsafe paths).
    pub warnings: Vec<Diagnostic>,
}

/// A checked model of the content tree as it was at `rev`, and the commit id.
/// The revision is read from git's objects (see `git::snapshot`); the working
/// tree and the index are not touched.
pub fn load_revision(content_dir: &Path, rev: &str) -> Result<Revision, RevisionError> {
    let shown = display_path(content_dir, content_dir);
    let fail = |usage: bool, message: String, hint: &str| RevisionError {
        usage,
        diagnostics: vec![Diagnostic::error(shown.clone(), message).hint(hint)],
    };
    if !content_dir.is_dir() {
        return Err(fail(
            false,
            "the content folder does not exist or is not a folder".into(),
            "name the content folder after the revisions: `tolok diff REV [REV2] path/to/content`",
        ));
    }
    let repo = Repo::discover(content_dir).map_err(|e| match e {
        GitError::Missing => fail(false, "git is not installed".into(), "install git to compare revisions"),
        GitError::NotARepository => fail(
            false,
            "the content folder is not inside a git repository, so there are no revisions to compare".into(),
            "run it on a content tree kept in git",
        ),
        other => fail(false, other.to_string(), "check the repository with `git status`"),
    })?;
    repo.resolve(rev).map_err(|e| {
        fail(
            true,
            e.to_string(),
            "name a commit, branch or tag, e.g. `HEAD~1`, `main` or `v2022`",
        )
    })?;
    let snap = snapshot::read(&repo, rev).map_err(|e| {
        fail(
            false,
            e.to_string(),
            "check the revision and the content folder",
        )
    })?;
    let loaded = content::load(&snap.root);
    if loaded.diagnostics.has_errors() {
        let diagnostics = loaded
            .diagnostics
            .sorted()
            .into_iter()
            .filter(|d| d.is_error())
            .map(|mut d| {
                d.message = format!("in `{rev}`: {}", d.message);
                d
            })
            .collect();
        return Err(RevisionError {
            usage: false,
            diagnostics,
        });
    }
    // Its files (agency folders, attachments) were in a temporary folder that
    // is gone on return: the model is for its data, not for copying files.
    let mut model = loaded.model;
    model.root = content_dir.to_path_buf();
    let warnings = snap
        .skipped
        .iter()
        .map(|skipped| skipped_warning(content_dir, rev, skipped))
        .collect();
    Ok(Revision {
        model,
        commit: snap.commit,
        warnings,
    })
}

/// What a left-out entry of an old revision means for the comparison.
fn skipped_warning(content_dir: &Path, rev: &str, skipped: &snapshot::Skipped) -> Diagnostic {
    use snapshot::SkipReason;
    let file = display_path(content_dir, &content_dir.join(&skipped.path));
    let (message, hint) = match skipped.why {
        SkipReason::Link => (
            format!("in `{rev}`: this path is a symbolic link; it was not read"),
            "links in old revisions are never followed; the comparison goes on without it",
        ),
        SkipReason::UnsafePath => (
            format!("in `{rev}`: this path is not a plain relative path; it was not read"),
            "a commit made by hand can hold such paths; the comparison goes on without it",
        ),
        SkipReason::Conflict => (
            format!("in `{rev}`: this path was met twice, or below a file of the same name; it was read once"),
            "a commit made by hand can hold such paths; the comparison goes on without the second one",
        ),
    };
    Diagnostic::warning(file, message).hint(hint)
}
