//! Carrying unchanged agency pages over from the previous site: an agency
//! page whose inputs (the agency's files, its rank, group and peer names, the
//! period, framework, site settings, theme and tolok version) hash to the key
//! recorded when the previous site was written is moved from that site into
//! the new one instead of being rendered again, attachments included.
//!
//! Moves happen only after every page of the new site was written, only out
//! of a folder tolok wrote, and are undone if the new site cannot be put in
//! place. Agencies with other agencies inside them are always rendered.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::cache::{hash_of, Cache};
use crate::view::{paths, PeriodFacts};

/// The key of every agency page of a period; None where it cannot be reused.
pub fn page_keys(
    facts: &PeriodFacts,
    cache: &Cache,
    site_key: u64,
    framework_key: u64,
) -> Vec<Option<u64>> {
    let p = facts.period;
    let mut parents: HashSet<&str> = HashSet::new();
    for a in &p.agencies {
        let mut id = a.id.as_str();
        while let Some((parent, _)) = id.rsplit_once('/') {
            parents.insert(parent);
            id = parent;
        }
    }
    p.agencies
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if parents.contains(a.id.as_str()) {
                return None;
            }
            let content = cache.content_key(&p.id, &a.id)?;
            let peer = a
                .peer
                .as_ref()
                .and_then(|x| p.agency(x))
                .map(|x| (&x.id, &x.name));
            Some(hash_of((
                content,
                site_key,
                framework_key,
                (&p.id, &p.name, p.date),
                (facts.rank[i], p.agencies.len()),
                a.group.as_ref().map(|g| facts.group_name(g)),
                peer,
            )))
        })
        .collect()
}

/// An agency folder to move from the previous site into the new one.
#[derive(Debug, Clone)]
pub struct Move {
    pub from: PathBuf,
    pub to: PathBuf,
    /// Files inside (page and attachments), for the build's counts.
    pub files: usize,
}

/// The agency folder of the previous site for `agency` of `period`, if its
/// page there was written with `key`.
pub fn reusable(
    previous: &Path,
    old_keys: &HashMap<String, u64>,
    period: &str,
    agency: &str,
    key: Option<u64>,
) -> Option<PathBuf> {
    let key = key?;
    if old_keys.get(agency) != Some(&key) {
        return None;
    }
    let page = previous.join(paths::agency(period, agency));
    page.is_file()
        .then(|| page.parent().map(Path::to_path_buf))?
}

/// Moves each folder; returns the moves done and those that failed.
pub fn apply(moves: Vec<Move>) -> (Vec<Move>, Vec<Move>) {
    let mut done = Vec::new();
    let mut failed = Vec::new();
    for m in moves {
        let ok =
            m.to.parent()
                .is_some_and(|p| std::fs::create_dir_all(p).is_ok())
                && std::fs::rename(&m.from, &m.to).is_ok();
        if ok {
            done.push(m);
        } else {
            failed.push(m);
        }
    }
    (done, failed)
}

/// Puts moved folders back where they were (the new site could not be published).
pub fn undo(moves: &[Move]) {
    for m in moves.iter().rev() {
        let _ = std::fs::rename(&m.to, &m.from);
    }
}
