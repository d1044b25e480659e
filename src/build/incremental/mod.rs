//! The one boundary for everything incremental. A plain build (`--no-cache`)
//! never reaches this module: it loads, checks, scores, builds the views,
//! renders and writes. A rebuild goes through `Incremental` and `Rebuild`
//! alone, in five operations:
//!
//! 1. `Incremental::plan`: whether the site in place is the one recorded,
//!    and so where this build writes (over it, over the spare, or anew);
//! 2. `Rebuild::keys`: a period's page keys, computed and recorded;
//! 3. `Rebuild::carry`: a job's files (an agency's pages, a book, a
//!    workbook) linked from the previous site when their key is the one
//!    recorded for it, or else nothing and the job is rendered;
//! 4. `Rebuild::earlier`: the parts of earlier output a job written again
//!    may reuse: an unchanged agency's report as the book being replaced
//!    holds it, an unchanged agency's entry of `scores.json` by its
//!    recorded place. This is the only place where earlier output is read;
//! 5. `Rebuild::finish`: the new record saved (or dropped when the build
//!    cannot vouch for what it wrote), the spare linked.
//!
//! Behind it live the cache of parsed agencies (`cache`, which loading
//! reads through `content::Memo`), the page keys (`keys`), the record of
//! the site as written (`record`) and the spare (`spare`). Whether a carried
//! page is fresh rests on its key naming every input it reads; the
//! verification mode (`super::verify`) renders every carried page again and
//! compares, and CI runs the cache tests under it.
//!
//! The previous site is never changed: it stays whole and served until the
//! new one replaces it. The record is trusted only for the very site it
//! was written with (the identity of its marker file), so a site built
//! without the cache, or replaced by hand, is never carried from.

mod cache;
mod keys;
mod record;
mod spare;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::Writer;
use crate::analysis::compare::peers_of;
use crate::model::Model;
use crate::view::{self, paths, PeriodFacts, SiteData};
use cache::Cache;
pub(crate) use record::marker_identity;
use record::{PeriodRecord, Record, SpareRecord, RECORD};

/// The cache beside an output, opened before the tree is loaded.
pub struct Incremental {
    cache: Cache,
}

/// Where a rebuild writes its site.
pub enum Target {
    /// Over the site in place (`serve`'s builds over its own site).
    InPlace,
    /// Over the spare, claimed under this folder, whose files are listed
    /// when it is the very spare recorded.
    Spare(PathBuf, Option<Vec<String>>),
    /// Into a new folder.
    New,
}

/// One job whose files may be carried over.
pub enum Job<'a> {
    /// Agency `i`'s pages: its page, report, peer page and attachments.
    Agency(&'a PeriodFacts<'a>, usize),
    /// The book of the period (None) or of a group; its key reads the
    /// site's data and every period (its ranking tables).
    Book(
        &'a SiteData<'a>,
        &'a [PeriodFacts<'a>],
        &'a PeriodFacts<'a>,
        Option<&'a str>,
    ),
    /// A large period's indicator workbook of the agencies at `members`
    /// (of a group, or outside every group).
    Workbook(&'a PeriodFacts<'a>, Option<&'a str>, &'a [usize]),
}

/// What a rebuild may take from the previous site, and the keys it writes.
pub struct Rebuild<'c> {
    cache: &'c Cache,
    /// The previous site, when its record of keys can be trusted.
    previous: Option<PathBuf>,
    old: Record,
    /// The key of everything every page reads.
    site: u64,
    /// Each period's page keys (by position), once `keys` computed them.
    period_keys: Mutex<HashMap<usize, std::sync::Arc<PeriodKeys>>>,
    new: Mutex<HashMap<String, PeriodRecord>>,
}

/// A period's page keys, by agency, and whether each is the one recorded
/// for the previous site (computed once: every book and `scores.json` ask).
struct PeriodKeys {
    keys: Vec<Option<u64>>,
    unchanged: std::sync::Arc<Vec<bool>>,
}

/// Reports of unchanged agencies as the book being replaced holds them.
pub struct EarlierBook {
    text: Option<String>,
    unchanged: std::sync::Arc<Vec<bool>>,
}

impl EarlierBook {
    /// The reports, found once: by anchor, of unchanged agencies alone.
    pub fn reports(&self) -> Reports<'_> {
        Reports {
            found: self
                .text
                .as_deref()
                .map(view::written_reports)
                .unwrap_or_default(),
            unchanged: &self.unchanged,
        }
    }
}

/// `EarlierBook::reports`: an unchanged agency's report by its anchor.
pub struct Reports<'a> {
    found: HashMap<&'a str, &'a str>,
    unchanged: &'a [bool],
}

impl Reports<'_> {
    pub fn get(&self, i: usize, anchor: &str) -> Option<String> {
        if !self.unchanged.get(i).copied().unwrap_or(false) {
            return None;
        }
        self.found.get(anchor).map(|s| s.to_string())
    }
}

/// The previous `scores.json` and where each unchanged agency's entry lies in it.
pub struct EarlierEntries {
    pub file: std::fs::File,
    spans: Vec<Option<(u64, u64)>>,
}

impl EarlierEntries {
    pub fn span(&self, i: usize) -> Option<(u64, u64)> {
        self.spans.get(i).copied().flatten()
    }
}

impl Incremental {
    /// The cache beside `out` (`.NAME.tolok-cache`); a missing or broken one is empty.
    pub fn open(out: &Path) -> Incremental {
        Incremental {
            cache: Cache::open(&super::output::beside_out(out, "cache")),
        }
    }

    /// What loading reads through: each agency's documents as last parsed.
    pub fn memo(&self) -> &dyn crate::content::Memo {
        &self.cache
    }

    /// Operation 1. The rebuild of `out` for this `data`, and where it
    /// writes: over the site in place when `in_place` allows it (a site of
    /// this process's) and the record describes it, else over the spare
    /// when there is a previous site to carry from, else anew. None when
    /// nothing may be carried (`--since` builds).
    pub fn plan<'c>(
        &'c self,
        data: &SiteData,
        theme_files: &std::collections::BTreeMap<String, Vec<u8>>,
        framework_keys: &std::collections::BTreeMap<String, u64>,
        out: &Path,
        in_place: bool,
    ) -> Option<(Rebuild<'c>, Target)> {
        let site = keys::site_key(data, theme_files, framework_keys)?;
        let old: Record = self.cache.read_record(RECORD).unwrap_or_default();
        let previous = marker_identity(out)
            .filter(|m| *m == old.marker)
            .map(|_| out.to_path_buf());
        let rebuild = Rebuild {
            cache: &self.cache,
            previous,
            old,
            site,
            period_keys: Mutex::new(HashMap::new()),
            new: Mutex::new(HashMap::new()),
        };
        let has_previous = rebuild.previous.is_some();
        let target = if in_place && has_previous && super::output::is_ours(out) {
            // Its keys are dropped while the folder changes, so a build cut
            // short leaves nothing that would pass for it.
            self.cache.forget_record(RECORD);
            Target::InPlace
        } else if let Some(dir) = has_previous.then(|| spare::claim_spare(out)).flatten() {
            let files = rebuild.spare_files(&dir).map(<[String]>::to_vec);
            Target::Spare(dir, files)
        } else {
            Target::New
        };
        Some((rebuild, target))
    }

    /// Saves the parsed agencies of `model` for the next build.
    fn save_content(&self, model: &Model) {
        // The cache is an optimisation: failing to write it fails nothing.
        let _ = self.cache.save(model);
    }
}

impl<'c> Rebuild<'c> {
    /// Operation 2. Each agency's page key in `facts`' period, recorded for
    /// the next build; None where its pages must be rendered.
    pub fn keys(&self, data: &SiteData, all: &[PeriodFacts], facts: &PeriodFacts) {
        let content = |period: &str, id: &str| self.cache.content_key(period, id);
        let keys = keys::agency_keys(data, all, facts, self.site, &content);
        let p = facts.period;
        if let Ok(mut new) = self.new.lock() {
            let record = new.entry(p.id.clone()).or_default();
            for (a, k) in p.agencies.iter().zip(&keys) {
                if let Some(k) = k {
                    record.agencies.insert(a.id.clone(), *k);
                }
            }
        }
        let unchanged = std::sync::Arc::new(self.unchanged(facts, &keys));
        if let Ok(mut all) = self.period_keys.lock() {
            all.insert(
                facts.position,
                std::sync::Arc::new(PeriodKeys { keys, unchanged }),
            );
        }
    }

    /// The page keys `keys` computed for `facts`' period (all None before).
    fn period(&self, facts: &PeriodFacts) -> std::sync::Arc<PeriodKeys> {
        self.period_keys
            .lock()
            .ok()
            .and_then(|k| k.get(&facts.position).cloned())
            .unwrap_or_else(|| {
                let n = facts.period.agencies.len();
                std::sync::Arc::new(PeriodKeys {
                    keys: vec![None; n],
                    unchanged: std::sync::Arc::new(vec![false; n]),
                })
            })
    }

    /// Operation 3. Links `job`'s files from the previous site when its key
    /// is the one recorded there (the key is recorded for the next build
    /// either way): how many files were carried; None, with nothing
    /// linked, when the job must be rendered.
    pub fn carry(&self, job: &Job, w: &Writer) -> Option<usize> {
        let (carried, files) = match *job {
            Job::Agency(facts, i) => {
                let key = self.period(facts).keys[i];
                let p = facts.period;
                let id = p.agencies[i].id.as_str();
                let files = agency_files(facts, i);
                let carried = self.carry_files(&p.id, |r| r.agencies.get(id), key, &files, w);
                (carried, files.len())
            }
            Job::Book(data, all, facts, group) => {
                let period = self.period(facts);
                let key = keys::book_key(data, all, facts, group, &period.keys, self.site);
                let p = facts.period;
                let name = group.unwrap_or("");
                if let (Some(k), Ok(mut new)) = (key, self.new.lock()) {
                    let record = new.entry(p.id.clone()).or_default();
                    record.books.insert(name.to_string(), k);
                }
                let rel = match group {
                    Some(g) => paths::group_book(&p.id, g),
                    None => paths::book(&p.id),
                };
                (
                    self.carry_files(&p.id, |r| r.books.get(name), key, &[rel], w),
                    1,
                )
            }
            Job::Workbook(facts, group, members) => {
                let key = self.workbook_key(facts, group, members);
                let p = facts.period;
                let name = group.unwrap_or("");
                let rel = paths::indicators_xlsx(&p.id, group);
                let carried = self.carry_files(&p.id, |r| r.workbooks.get(name), key, &[rel], w);
                (carried, 1)
            }
        };
        carried.then_some(files)
    }

    /// Operation 4, for a book written again: the book it replaces, and
    /// which agencies' reports in it are unchanged.
    pub fn earlier_book(&self, facts: &PeriodFacts, group: Option<&str>) -> EarlierBook {
        let p = facts.period;
        let rel = match group {
            Some(g) => paths::group_book(&p.id, g),
            None => paths::book(&p.id),
        };
        EarlierBook {
            text: self
                .previous
                .as_deref()
                .and_then(|site| std::fs::read_to_string(site.join(rel)).ok()),
            unchanged: self.period(facts).unchanged.clone(),
        }
    }

    /// Operation 4, for `scores.json`: the previous file and the places of
    /// unchanged agencies' entries in it; None without a previous site.
    pub fn earlier_entries(&self, facts: &PeriodFacts) -> Option<EarlierEntries> {
        let p = facts.period;
        let site = self.previous.as_deref()?;
        let file = std::fs::File::open(site.join(paths::scores_json(&p.id))).ok()?;
        let recorded = self.old.periods.get(&p.id);
        let spans = self
            .period(facts)
            .unchanged
            .iter()
            .zip(&p.agencies)
            .map(|(&same, a)| {
                same.then(|| recorded?.scores_json.get(&a.id).copied())
                    .flatten()
            })
            .collect();
        Some(EarlierEntries { file, spans })
    }

    /// Records where each agency's entry lies in the new `scores.json`.
    pub fn record_entries(&self, period: &crate::model::Period, spans: Vec<(u64, u64)>) {
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

    /// Links the previous site's `rel` as a stand-in until the current one is
    /// written (`serve`'s print files); false when there is none. Its key is
    /// not recorded: a build that ends with stand-ins records nothing.
    pub fn stand_in(&self, rel: &str, w: &Writer) -> bool {
        match &self.previous {
            Some(site) => link_all(site, &[rel.to_string()], w),
            None => false,
        }
    }

    /// Operation 5. After the site is in `out` with `files`: the parsed
    /// agencies of `model` saved, a spare linked from the new site when
    /// `may_link` and there is none (a full build replaced no site to
    /// keep), and the record of keys written; or, when the build cannot
    /// vouch for its files (`complete` false: stand-ins in place), the
    /// record dropped. Returns whether a spare was linked.
    pub fn finish(
        self,
        incremental: &Incremental,
        model: &Model,
        out: &Path,
        files: Vec<String>,
        may_link: bool,
        complete: bool,
    ) -> bool {
        // Saved beside the linking, which waits on the file system.
        let linked = std::thread::scope(|s| {
            s.spawn(|| incremental.save_content(model));
            complete && may_link && spare::link_spare(out, &files)
        });
        if complete {
            self.save(out, files, linked);
        } else {
            self.cache.forget_record(RECORD);
        }
        linked
    }

    /// Saves the parsed agencies alone: a build that planned no rebuild.
    pub fn finish_content(incremental: &Incremental, model: &Model) {
        incremental.save_content(model);
    }

    /// The key of the indicator workbook of the agencies at `members` (of
    /// `group`): their ids and files, and the site (framework, period); the
    /// rows hold nothing else. Recorded for the next build.
    fn workbook_key(
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
        let key = cache::hash_of((self.site, &p.name, group, agencies));
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

    /// Whether each agency's pages (their `keys`) are as recorded for the previous site.
    fn unchanged(&self, facts: &PeriodFacts, keys: &[Option<u64>]) -> Vec<bool> {
        let p = facts.period;
        let recorded = self
            .previous
            .as_ref()
            .and_then(|_| self.old.periods.get(&p.id));
        p.agencies
            .iter()
            .zip(keys.iter())
            .map(|(a, key)| {
                key.is_some() && recorded.and_then(|r| r.agencies.get(&a.id)) == key.as_ref()
            })
            .collect()
    }

    /// The files of `spare` (a folder taken from the spare's place) as
    /// recorded, if it is the very site recorded as the spare.
    fn spare_files(&self, spare: &Path) -> Option<&[String]> {
        let recorded = self.old.spare.as_ref()?;
        (marker_identity(spare)? == recorded.marker).then_some(recorded.files.as_slice())
    }

    /// Records the keys and the `files` of the site now in `out`, and those
    /// of the spare: the site it replaced (which may now be the spare), or,
    /// when `linked`, the spare just linked from the new site itself.
    fn save(&self, out: &Path, files: Vec<String>, linked: bool) {
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
        let _ = self.cache.write_record(RECORD, &record);
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
fn agency_files(facts: &PeriodFacts, i: usize) -> Vec<String> {
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
