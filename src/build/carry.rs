//! Carrying unchanged pages over from the previous site: an agency's pages
//! (agency, peer, report, attachments) or a book whose key (`view::keys`) is
//! the one recorded when the previous site was written are hard-linked from
//! that site into the new one instead of being rendered again.
//!
//! The previous site is never changed: it stays whole and served until the
//! new one replaces it. The record of keys is trusted only for the very site
//! it was written with (the identity of its marker file), so a site built
//! without the cache, or replaced by hand, is never carried from.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{Writer, MARKER};
use crate::analysis::compare::peers_of;
use crate::cache::Cache;
use crate::view::{self, paths, PeriodFacts, SiteData};

const RECORD: &str = "pages.bin";

/// The build cache's folder, beside the output folder: `.NAME.tolok-cache`.
pub fn cache_dir(out: &Path) -> PathBuf {
    super::output::beside_out(out, "cache")
}

/// The keys of the pages of a site as written.
#[derive(Serialize, Deserialize, Default)]
struct Record {
    /// The identity of the site's marker file (inode, modification time).
    marker: (u64, i128),
    periods: HashMap<String, PeriodRecord>,
    /// Every file of the site, as paths below it.
    files: Vec<String>,
    /// The site it replaced, which may now be the spare.
    spare: Option<SpareRecord>,
}

/// The spare as recorded: the site before, as its own build left it. The
/// next build updates it from this record instead of looking at each of its
/// 80,000 files (like the published site, it is trusted as tolok left it).
#[derive(Serialize, Deserialize)]
struct SpareRecord {
    /// The identity of its marker file.
    marker: (u64, i128),
    /// Its files, so that those no longer needed are removed without
    /// walking 20,000 folders.
    files: Vec<String>,
    /// Its pages' keys: a page whose key is the one wanted is kept as it is.
    periods: HashMap<String, PeriodRecord>,
}

#[derive(Serialize, Deserialize, Default, Clone)]
struct PeriodRecord {
    agencies: HashMap<String, u64>,
    /// By group id; "" for the period's own book.
    books: HashMap<String, u64>,
    /// A large period's indicator workbooks, by group id ("" outside every group).
    workbooks: HashMap<String, u64>,
    /// Where each agency's entry lies in `scores.json` (offset, length), by id.
    scores_json: HashMap<String, (u64, u64)>,
}

pub(super) fn marker_identity(site: &Path) -> Option<(u64, i128)> {
    let m = std::fs::symlink_metadata(site.join(MARKER)).ok()?;
    if !m.is_file() {
        return None;
    }
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&m);
    #[cfg(not(unix))]
    let inode = 0;
    let modified = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos() as i128;
    Some((inode, modified))
}

/// What a build may take from the previous site, and the keys it writes.
pub struct Reuse<'c> {
    cache: &'c Cache,
    /// The previous site, when its record of keys can be trusted.
    previous: Option<PathBuf>,
    old: Record,
    site: u64,
    new: Mutex<HashMap<String, PeriodRecord>>,
}

impl<'c> Reuse<'c> {
    pub fn new(cache: &'c Cache, out: &Path, site: u64) -> Reuse<'c> {
        let old: Record = cache.read_record(RECORD).unwrap_or_default();
        let previous = marker_identity(out)
            .filter(|m| *m == old.marker)
            .map(|_| out.to_path_buf());
        Reuse {
            cache,
            previous,
            old,
            site,
            new: Mutex::new(HashMap::new()),
        }
    }

    /// Whether the site in place is the one the record describes.
    pub fn has_previous(&self) -> bool {
        self.previous.is_some()
    }

    /// Each agency's page key in `facts`' period, recorded for the next build.
    pub fn agency_keys(
        &self,
        data: &SiteData,
        all: &[PeriodFacts],
        facts: &PeriodFacts,
    ) -> Vec<Option<u64>> {
        let content = |period: &str, id: &str| self.cache.content_key(period, id);
        let keys = view::keys::agency_keys(data, all, facts, self.site, &content);
        let p = facts.period;
        if let Ok(mut new) = self.new.lock() {
            let record = new.entry(p.id.clone()).or_default();
            for (a, k) in p.agencies.iter().zip(&keys) {
                if let Some(k) = k {
                    record.agencies.insert(a.id.clone(), *k);
                }
            }
        }
        keys
    }

    /// The key of a book, recorded for the next build.
    pub fn book_key(
        &self,
        data: &SiteData,
        all: &[PeriodFacts],
        facts: &PeriodFacts,
        group: Option<&str>,
        agency_keys: &[Option<u64>],
    ) -> Option<u64> {
        let key = view::keys::book_key(data, all, facts, group, agency_keys, self.site)?;
        if let Ok(mut new) = self.new.lock() {
            new.entry(facts.period.id.clone())
                .or_default()
                .books
                .insert(group.unwrap_or("").to_string(), key);
        }
        Some(key)
    }

    /// The key of the indicator workbook of the agencies at `members` (of
    /// `group`): their ids and files, and the site (framework, period); the
    /// rows hold nothing else.
    pub fn workbook_key(
        &self,
        facts: &PeriodFacts,
        group: Option<&str>,
        members: &[usize],
    ) -> Option<u64> {
        let p = facts.period;
        let agencies = members
            .iter()
            .map(|&i| {
                let id = p.agencies[i].id.as_str();
                Some((id, self.cache.content_key(&p.id, id)?))
            })
            .collect::<Option<Vec<_>>>()?;
        let key = crate::cache::hash_of((self.site, &p.name, group, agencies));
        if let Ok(mut new) = self.new.lock() {
            new.entry(p.id.clone())
                .or_default()
                .workbooks
                .insert(group.unwrap_or("").to_string(), key);
        }
        Some(key)
    }

    /// Links `files` from the previous site when `key` is the one `recorded`
    /// there; false (and nothing linked) when they must be written again.
    fn carry_files(
        &self,
        period: &str,
        recorded: impl Fn(&PeriodRecord) -> Option<&u64>,
        key: Option<u64>,
        files: &[String],
        w: &Writer,
    ) -> bool {
        let (Some(site), Some(key)) = (self.previous.as_deref(), key) else {
            return false;
        };
        // The recorded spare, being updated, may hold them as wanted already.
        let spare = self
            .old
            .spare
            .as_ref()
            .filter(|_| w.updates_recorded_spare());
        if spare
            .and_then(|s| s.periods.get(period))
            .and_then(&recorded)
            .is_some_and(|k| *k == key)
            && w.keep_all(files)
        {
            return true;
        }
        let old = self.old.periods.get(period).and_then(recorded);
        old == Some(&key) && link_all(site, files, w)
    }

    /// Links an agency's `files` from the previous site when its key is
    /// unchanged; false (and nothing linked) when it must be rendered.
    pub fn carry(
        &self,
        period: &str,
        id: &str,
        key: Option<u64>,
        files: &[String],
        w: &Writer,
    ) -> bool {
        self.carry_files(period, |r| r.agencies.get(id), key, files, w)
    }

    /// Links a book from the previous site when its key is unchanged.
    pub fn carry_book(
        &self,
        period: &str,
        group: Option<&str>,
        key: Option<u64>,
        rel: &str,
        w: &Writer,
    ) -> bool {
        let group = group.unwrap_or("");
        self.carry_files(period, |r| r.books.get(group), key, &[rel.to_string()], w)
    }

    /// Links an indicator workbook from the previous site when its key is unchanged.
    pub fn carry_workbook(
        &self,
        period: &str,
        group: Option<&str>,
        key: Option<u64>,
        rel: &str,
        w: &Writer,
    ) -> bool {
        let group = group.unwrap_or("");
        self.carry_files(
            period,
            |r| r.workbooks.get(group),
            key,
            &[rel.to_string()],
            w,
        )
    }

    /// Whether the agency's pages are as recorded for the previous site (its
    /// `key` is the recorded one), without linking them.
    pub fn unchanged(&self, period: &str, id: &str, key: Option<u64>) -> bool {
        self.previous.is_some()
            && key.is_some()
            && self
                .old
                .periods
                .get(period)
                .and_then(|r| r.agencies.get(id))
                == key.as_ref()
    }

    /// Where agency `id`'s entry lies in the previous site's `scores.json`.
    pub fn scores_json_span(&self, period: &str, id: &str) -> Option<(u64, u64)> {
        self.old.periods.get(period)?.scores_json.get(id).copied()
    }

    /// Records where each agency's entry lies in the new `scores.json`.
    pub fn record_scores_json(&self, period: &crate::model::Period, spans: Vec<(u64, u64)>) {
        if let Ok(mut new) = self.new.lock() {
            let record = new.entry(period.id.clone()).or_default();
            record.scores_json = period
                .agencies
                .iter()
                .map(|a| a.id.clone())
                .zip(spans)
                .collect();
        }
    }

    /// The previous site's `rel`, opened; None without a previous site.
    pub fn previous_file(&self, rel: &str) -> Option<std::fs::File> {
        std::fs::File::open(self.previous.as_deref()?.join(rel)).ok()
    }

    /// The previous site's `rel`, read whole; None without a previous site.
    pub fn previous_text(&self, rel: &str) -> Option<String> {
        std::fs::read_to_string(self.previous.as_deref()?.join(rel)).ok()
    }

    /// Links the previous site's `rel` as a stand-in until the current one is
    /// written; false when there is none. Its key is not recorded.
    pub fn stand_in(&self, rel: &str, w: &Writer) -> bool {
        match &self.previous {
            Some(site) => link_all(site, &[rel.to_string()], w),
            None => false,
        }
    }

    /// Drops the record: the site in place is not the one it would describe.
    pub fn forget(&self, cache: &Cache) {
        cache.forget_record(RECORD);
    }

    /// The files of `spare` (a folder taken from the spare's place) as
    /// recorded, if it is the very site recorded as the spare.
    pub fn spare_files(&self, spare: &Path) -> Option<&[String]> {
        let recorded = self.old.spare.as_ref()?;
        (marker_identity(spare)? == recorded.marker).then_some(recorded.files.as_slice())
    }

    /// Records the keys and the `files` of the site now in `out`, and those
    /// of the spare: the site it replaced (which may now be the spare), or,
    /// when `linked`, the spare just linked from the new site itself.
    pub fn save(&self, cache: &Cache, out: &Path, files: Vec<String>, linked: bool) {
        let Some(marker) = marker_identity(out) else {
            return;
        };
        let periods = self
            .new
            .lock()
            .map(|mut n| std::mem::take(&mut *n))
            .unwrap_or_default();
        let spare = if linked {
            marker_identity(&super::output::spare(out)).map(|marker| SpareRecord {
                marker,
                files: files.clone(),
                periods: periods.clone(),
            })
        } else {
            self.previous.is_some().then(|| SpareRecord {
                marker: self.old.marker,
                files: self.old.files.clone(),
                periods: self.old.periods.clone(),
            })
        };
        let record = Record {
            marker,
            periods,
            files,
            spare,
        };
        let _ = cache.write_record(RECORD, &record);
    }
}

/// Every file linked, or none: a partial carry is undone.
fn link_all(site: &Path, files: &[String], w: &Writer) -> bool {
    for (n, rel) in files.iter().enumerate() {
        if !w.link(&site.join(rel), rel) {
            for done in &files[..n] {
                w.unlink(done);
            }
            return false;
        }
    }
    true
}

/// The files of agency `i`'s pages: its page, report, peer page (when it has
/// peers) and attachments, as paths below the site.
pub fn agency_files(facts: &PeriodFacts, i: usize) -> Vec<String> {
    let p = facts.period;
    let a = &p.agencies[i];
    let mut files = vec![paths::agency(&p.id, &a.id), paths::report(&p.id, &a.id)];
    let cluster = a
        .cluster
        .as_deref()
        .and_then(|c| facts.clusters.get(c))
        .map(Vec::as_slice);
    if !peers_of(p, cluster, i).is_empty() {
        files.push(paths::peer(&p.id, &a.id));
    }
    files.extend(
        a.attachments
            .iter()
            .map(|rel| paths::attachment(&p.id, &a.id, rel)),
    );
    files
}
