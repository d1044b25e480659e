//! The build cache: each agency's checked documents from the previous build,
//! and the keys of the agency pages it wrote, so that a rebuild re-reads and
//! re-renders only what changed.
//!
//! An agency is taken from the cache only when every file it owns has the
//! same name, size, modification and change times and inode as when it was
//! read, with the same framework, content root and tolok version; anything
//! else (a file added, removed, touched, a link to a folder) reads it again.
//! Files changed within two seconds of the cache write are not trusted
//! (timestamps are coarse) and are read again next time. A cache file that is
//! missing, truncated, corrupt or from another version is ignored.
//!
//! This module never decides what a page says: it only says whether the
//! inputs of an agency or a page are the same as last time.

use serde::{Deserialize, Serialize};
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use bincode::Options;

use crate::content::AgencyScan;
use crate::diagnostics::Diagnostics;
use crate::model::{Agency, Model};

const MAGIC: &[u8; 8] = b"TOLOKC01";
const VERSION: &str = env!("CARGO_PKG_VERSION");
const SHARDS: u64 = 32;
/// Files changed this close to the cache write are read again next time.
const RACY_NS: i128 = 2_000_000_000;

/// A 64-bit hash of anything hashable (stable for one build of tolok).
pub fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    VERSION.hash(&mut h);
    value.hash(&mut h);
    h.finish()
}

fn nanos(t: std::io::Result<SystemTime>) -> i128 {
    t.ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0)
}

/// What an agency was read from.
#[derive(Debug, Clone, Copy)]
pub struct Fingerprint {
    pub key: u64,
    /// The newest modification or change time among its files, in ns.
    pub newest: i128,
}

/// The fingerprint of every file `scan` owns; None where it cannot be trusted.
pub fn fingerprint(root: &Path, scan: &AgencyScan, framework: u64) -> Option<Fingerprint> {
    if scan.has_folder_links {
        return None;
    }
    let mut h = DefaultHasher::new();
    (VERSION, root, &scan.id, &scan.dir, framework).hash(&mut h);
    let mut newest = 0i128;
    for f in &scan.files {
        let m = std::fs::symlink_metadata(f).ok()?;
        if m.file_type().is_symlink() {
            return None;
        }
        let modified = nanos(m.modified());
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            (
                i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
                m.ino(),
            )
        };
        #[cfg(not(unix))]
        let (changed, inode) = (modified, 0u64);
        newest = newest.max(modified).max(changed);
        (f, m.len(), modified, changed, inode).hash(&mut h);
    }
    Some(Fingerprint {
        key: h.finish(),
        newest,
    })
}

#[derive(Serialize, Deserialize)]
struct Entry {
    id: String,
    key: u64,
    agency: Agency,
    diagnostics: Diagnostics,
}

#[derive(Serialize)]
struct EntryRef<'a> {
    id: &'a str,
    key: u64,
    agency: &'a Agency,
    diagnostics: &'a Diagnostics,
}

/// What this run saw of one agency.
struct Seen {
    fingerprint: Option<Fingerprint>,
    diagnostics: Diagnostics,
}

/// The cache folder and what this run read from and adds to it.
pub struct Cache {
    dir: PathBuf,
    started: i128,
    /// Entries from disk not yet taken, per period, by agency id.
    old: Mutex<HashMap<String, HashMap<String, Entry>>>,
    seen: Mutex<HashMap<(String, String), Seen>>,
    /// Shards to write again: (period, shard).
    dirty: Mutex<HashSet<(String, u64)>>,
}

fn shard_of(id: &str) -> u64 {
    hash_of(id) % SHARDS
}

fn options() -> impl Options {
    bincode::DefaultOptions::new()
}

/// The payload of a cache file, if it is whole and of this version.
fn read_checked(path: &Path) -> Option<Vec<u8>> {
    let bytes = std::fs::read(path).ok()?;
    let header = MAGIC.len() + 8 + 8;
    if bytes.len() < header || &bytes[..MAGIC.len()] != MAGIC {
        return None;
    }
    let version = u64::from_le_bytes(bytes[8..16].try_into().ok()?);
    let sum = u64::from_le_bytes(bytes[16..24].try_into().ok()?);
    let payload = &bytes[header..];
    (version == hash_of(()) && sum == hash_of(payload)).then(|| payload.to_vec())
}

/// Writes `payload` with its header to a temporary file, then renames it in place.
fn write_checked(path: &Path, payload: &[u8]) -> std::io::Result<()> {
    let mut bytes = Vec::with_capacity(payload.len() + 24);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&hash_of(()).to_le_bytes());
    bytes.extend_from_slice(&hash_of(payload).to_le_bytes());
    bytes.extend_from_slice(payload);
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&tmp, &bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

impl Cache {
    /// The cache in `dir` (created when saved).
    pub fn open(dir: &Path) -> Cache {
        Cache {
            dir: dir.to_path_buf(),
            started: nanos(Ok(SystemTime::now())),
            old: Mutex::new(HashMap::new()),
            seen: Mutex::new(HashMap::new()),
            dirty: Mutex::new(HashSet::new()),
        }
    }

    fn shard_path(&self, period: &str, shard: u64) -> PathBuf {
        self.dir.join(format!("agencies-{period}-{shard:02}.bin"))
    }

    fn pages_path(&self, period: &str) -> PathBuf {
        self.dir.join(format!("pages-{period}.bin"))
    }

    /// Reads the period's entries from disk (in parallel, shard by shard).
    pub fn load_period(&self, period: &str) {
        use rayon::prelude::*;
        let shards: Vec<(u64, Option<Vec<Entry>>)> = (0..SHARDS)
            .into_par_iter()
            .map(|s| {
                let entries = read_checked(&self.shard_path(period, s)).and_then(|payload| {
                    options()
                        .with_limit(payload.len() as u64 * 8 + 1024)
                        .deserialize::<Vec<Entry>>(&payload)
                        .ok()
                });
                (s, entries)
            })
            .collect();
        let mut map = HashMap::new();
        for (s, entries) in shards {
            match entries {
                Some(list) => map.extend(list.into_iter().map(|e| (e.id.clone(), e))),
                None => self.mark(period, s),
            }
        }
        if let Ok(mut old) = self.old.lock() {
            old.insert(period.to_string(), map);
        }
    }

    fn mark(&self, period: &str, shard: u64) {
        if let Ok(mut d) = self.dirty.lock() {
            d.insert((period.to_string(), shard));
        }
    }

    /// The cached agency `id` of `period` if it was read from the same files.
    pub fn take(&self, period: &str, id: &str, key: u64) -> Option<(Agency, Diagnostics)> {
        let entry = self.old.lock().ok()?.get_mut(period)?.remove(id)?;
        (entry.key == key).then_some((entry.agency, entry.diagnostics))
    }

    /// Records what this run read for agency `id`; `hit` when it came from the cache.
    pub fn record(
        &self,
        period: &str,
        id: &str,
        fingerprint: Option<Fingerprint>,
        diagnostics: &Diagnostics,
        hit: bool,
    ) {
        if !hit {
            self.mark(period, shard_of(id));
        }
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(
                (period.to_string(), id.to_string()),
                Seen {
                    fingerprint,
                    diagnostics: diagnostics.clone(),
                },
            );
        }
    }

    /// After a period is loaded: entries not taken (agencies gone) make their shard dirty.
    pub fn finish_period(&self, period: &str) {
        let left: Vec<u64> = self
            .old
            .lock()
            .ok()
            .and_then(|mut old| old.remove(period))
            .map(|m| m.keys().map(|id| shard_of(id)).collect())
            .unwrap_or_default();
        for s in left {
            self.mark(period, s);
        }
    }

    /// The content key of agency `id`, if its files can be trusted (not racy).
    pub fn content_key(&self, period: &str, id: &str) -> Option<u64> {
        let seen = self.seen.lock().ok()?;
        let fp = seen
            .get(&(period.to_string(), id.to_string()))?
            .fingerprint?;
        (fp.newest < self.started - RACY_NS).then_some(fp.key)
    }

    /// Writes the shards that changed: every trusted agency of the model in them.
    pub fn save(&self, model: &Model) -> std::io::Result<()> {
        use rayon::prelude::*;
        let dirty: Vec<(String, u64)> = self
            .dirty
            .lock()
            .map(|d| d.iter().cloned().collect())
            .unwrap_or_default();
        if dirty.is_empty() {
            return Ok(());
        }
        std::fs::create_dir_all(&self.dir)?;
        let seen = self
            .seen
            .lock()
            .map_err(|_| std::io::Error::other("cache lock poisoned"))?;
        dirty.par_iter().try_for_each(|(period, shard)| {
            let Some(p) = model.period(period) else {
                let _ = std::fs::remove_file(self.shard_path(period, *shard));
                return Ok(());
            };
            let entries: Vec<EntryRef> = p
                .agencies
                .iter()
                .filter(|a| shard_of(&a.id) == *shard)
                .filter_map(|a| {
                    let s = seen.get(&(period.clone(), a.id.clone()))?;
                    let fp = s.fingerprint?;
                    (fp.newest < self.started - RACY_NS).then_some(EntryRef {
                        id: &a.id,
                        key: fp.key,
                        agency: a,
                        diagnostics: &s.diagnostics,
                    })
                })
                .collect();
            let payload = options()
                .serialize(&entries)
                .map_err(std::io::Error::other)?;
            write_checked(&self.shard_path(period, *shard), &payload)
        })
    }

    /// The page keys written by the previous build of `period`, by agency id.
    pub fn page_keys(&self, period: &str) -> HashMap<String, u64> {
        read_checked(&self.pages_path(period))
            .and_then(|payload| {
                options()
                    .with_limit(payload.len() as u64 * 8 + 1024)
                    .deserialize(&payload)
                    .ok()
            })
            .unwrap_or_default()
    }

    /// Saves the page keys of `period`'s agency pages as now written.
    pub fn save_page_keys(&self, period: &str, keys: &HashMap<String, u64>) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let payload = options().serialize(keys).map_err(std::io::Error::other)?;
        write_checked(&self.pages_path(period), &payload)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_cache_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.bin");
        write_checked(&path, b"payload").unwrap();
        assert_eq!(read_checked(&path).as_deref(), Some(&b"payload"[..]));
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(read_checked(&path), None);
        std::fs::write(&path, &bytes[..10]).unwrap();
        assert_eq!(read_checked(&path), None);
        std::fs::write(&path, b"").unwrap();
        assert_eq!(read_checked(&path), None);
        let cache = Cache::open(dir.path());
        std::fs::write(
            cache.shard_path("2022", 3),
            b"TOLOKC01garbage-garbage-garbage",
        )
        .unwrap();
        cache.load_period("2022");
        assert!(cache.take("2022", "a", 1).is_none());
    }
}
