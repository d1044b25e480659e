//! The build cache: each agency's checked documents from the previous build,
//! so that a rebuild parses only the agencies whose files changed.
//!
//! An agency is taken from the cache only when every file it owns has the
//! same name, size, modification and change times and inode as when it was
//! read, its attachments are the same, and the framework, content root and
//! tolok binary are the same; anything else (a file added, removed, touched,
//! a link to a folder, a link as a file) reads it again. Files changed within
//! two seconds of the build's start are not trusted (timestamps are coarse):
//! they are read again next time. Agencies with errors are never cached. A
//! cache file that is missing, truncated, corrupt or from another build of
//! tolok is ignored.
//!
//! Loading reaches it only through `content::Memo`, which it implements;
//! content does not import this module.
//!
//! This module never decides what a page says: it only says whether the
//! files behind an agency are the same as last time (`content_key`).

use serde::{Deserialize, Serialize};
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::content::AgencyScan;
use crate::diagnostics::Diagnostics;
use crate::model::{Agency, Model};

const MAGIC: &[u8; 8] = b"TOLOKC03";
/// Agencies of a period are spread over this many files, so that a rebuild
/// rewrites only the files holding a changed agency.
const SHARDS: u64 = 32;
/// Files changed this close to the build's start are read again next time.
const RACY_NS: i128 = 2_000_000_000;

/// This binary: its version, size and modification time, and the language
/// of its messages (the cache keeps each agency's diagnostics as said). A
/// cache written by another build of tolok (even of the same version), or
/// in another language, is never read.
fn binary_id() -> u64 {
    static ID: OnceLock<u64> = OnceLock::new();
    *ID.get_or_init(|| {
        let exe = std::env::current_exe()
            .ok()
            .and_then(|p| std::fs::metadata(p).ok());
        let mut h = DefaultHasher::new();
        env!("CARGO_PKG_VERSION").hash(&mut h);
        crate::i18n::language().code().hash(&mut h);
        if let Some(m) = exe {
            (m.len(), nanos(m.modified())).hash(&mut h);
        }
        h.finish()
    })
}

/// A 64-bit hash of anything hashable, salted with this binary's identity.
pub fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    binary_id().hash(&mut h);
    value.hash(&mut h);
    h.finish()
}

fn nanos(t: std::io::Result<SystemTime>) -> i128 {
    t.ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0)
}

/// A file's identity as the file system tells it: (size, modified, changed,
/// inode), and the newer of its two times. None for a link or a missing file.
fn stat(path: &Path) -> Option<((u64, i128, i128, u64), i128)> {
    let m = std::fs::symlink_metadata(path).ok()?;
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
    Some(((m.len(), modified, changed, inode), modified.max(changed)))
}

/// The identity of a list of files, and the newest time among them.
fn files_key(files: &[PathBuf]) -> Option<(u64, i128)> {
    let mut h = DefaultHasher::new();
    let mut newest = 0i128;
    for f in files {
        let (id, time) = stat(f)?;
        (f, id).hash(&mut h);
        newest = newest.max(time);
    }
    Some((h.finish(), newest))
}

/// What an agency was read from.
#[derive(Debug, Clone, Copy)]
pub struct Fingerprint {
    pub key: u64,
    /// The newest modification or change time among its files, in ns.
    pub newest: i128,
}

/// The fingerprint of every file `scan` owns; None where it cannot be trusted.
fn fingerprint(root: &Path, scan: &AgencyScan, framework: u64) -> Option<Fingerprint> {
    if scan.has_folder_links {
        return None;
    }
    let (files, newest) = files_key(&scan.files)?;
    Some(Fingerprint {
        key: hash_of((root, &scan.id, &scan.dir, &scan.group, framework, files)),
        newest,
    })
}

/// The identity of an agency's attachments (they may sit in folders the
/// scan does not list, such as `_lampiran/`).
fn attachments_key(agency: &Agency) -> Option<(u64, i128)> {
    let files: Vec<PathBuf> = agency
        .attachments
        .iter()
        .map(|a| agency.dir.join(a))
        .collect();
    files_key(&files)
}

#[derive(Serialize, Deserialize)]
struct Entry {
    id: String,
    key: u64,
    attachments: u64,
    agency: Agency,
    diagnostics: Diagnostics,
}

#[derive(Serialize)]
struct EntryRef<'a> {
    id: &'a str,
    key: u64,
    attachments: u64,
    agency: &'a Agency,
    diagnostics: &'a Diagnostics,
}

/// What this run saw of one agency.
struct Seen {
    /// The agency's files and attachments, when they can be trusted.
    content: Option<(u64, u64)>,
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
    let mut h = DefaultHasher::new();
    id.hash(&mut h);
    h.finish() % SHARDS
}

/// The payload of a cache file, if it is whole and of this build of tolok.
fn read_checked(path: &Path) -> Option<Vec<u8>> {
    let mut bytes = std::fs::read(path).ok()?;
    let payload = checked_payload(&bytes)?;
    bytes.truncate(payload.end);
    bytes.drain(..payload.start);
    Some(bytes)
}

/// Reads `path` into `buffer` (kept between files, so that reading them
/// does not ask the system for fresh memory each time) and returns where
/// its payload lies, if the file is whole and of this binary.
fn read_checked_into(path: &Path, buffer: &mut Vec<u8>) -> Option<std::ops::Range<usize>> {
    use std::io::Read;
    buffer.clear();
    std::fs::File::open(path).ok()?.read_to_end(buffer).ok()?;
    checked_payload(buffer)
}

/// The payload of a cache file's bytes: after the magic and the binary's id,
/// before the checksum, which must match.
fn checked_payload(bytes: &[u8]) -> Option<std::ops::Range<usize>> {
    let header = MAGIC.len() + 8;
    if bytes.len() < header + 8 || &bytes[..MAGIC.len()] != MAGIC {
        return None;
    }
    let binary = u64::from_le_bytes(bytes[8..16].try_into().ok()?);
    let end = bytes.len() - 8;
    let sum = u64::from_le_bytes(bytes[end..].try_into().ok()?);
    let mut check = Checksum::default();
    check.add(&bytes[header..end]);
    if binary != binary_id() || sum != check.finish() {
        return None;
    }
    Some(header..end)
}

/// A cheap checksum against truncated or damaged files (not against tampering:
/// the cache is as trusted as the content tree beside it), over bytes given
/// in pieces of any length.
struct Checksum {
    sum: u64,
    word: [u8; 8],
    filled: usize,
    len: u64,
}

impl Default for Checksum {
    fn default() -> Checksum {
        Checksum {
            sum: 0xcbf2_9ce4_8422_2325,
            word: [0; 8],
            filled: 0,
            len: 0,
        }
    }
}

impl Checksum {
    fn add(&mut self, mut bytes: &[u8]) {
        self.len += bytes.len() as u64;
        while !bytes.is_empty() {
            let take = (8 - self.filled).min(bytes.len());
            self.word[self.filled..self.filled + take].copy_from_slice(&bytes[..take]);
            self.filled += take;
            bytes = &bytes[take..];
            if self.filled == 8 {
                self.mix();
            }
        }
    }

    fn mix(&mut self) {
        self.sum = (self.sum ^ u64::from_le_bytes(self.word))
            .wrapping_mul(0x0100_0000_01b3)
            .rotate_left(29);
        self.word = [0; 8];
        self.filled = 0;
    }

    fn finish(mut self) -> u64 {
        if self.filled > 0 {
            self.mix();
        }
        self.sum ^ self.len
    }
}

/// Passes writes on, adding them to a checksum.
struct Summing<W> {
    inner: W,
    sum: Checksum,
}

impl<W: std::io::Write> std::io::Write for Summing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.sum.add(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Writes `value` to `path` through a temporary file: magic, binary, the
/// encoded value, its checksum. Encoded straight into the file: a shard is
/// megabytes, not held in memory once more to be written.
fn write_checked<T: Serialize + ?Sized>(path: &Path, value: &T) -> std::io::Result<()> {
    use std::io::Write;
    let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
    let write = || -> std::io::Result<()> {
        let mut file = std::io::BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp)?);
        file.write_all(MAGIC)?;
        file.write_all(&binary_id().to_le_bytes())?;
        let mut summing = Summing {
            inner: file,
            sum: Checksum::default(),
        };
        postcard::to_io(value, &mut summing).map_err(std::io::Error::other)?;
        let Summing { mut inner, sum } = summing;
        inner.write_all(&sum.finish().to_le_bytes())?;
        inner.flush()
    };
    write().inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })?;
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

    /// The folder, with a `.gitignore` so that git never lists it (the
    /// output folder beside it is usually ignored, this one would not be).
    fn create(&self) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.dir)?;
        let ignore = self.dir.join(".gitignore");
        if !ignore.is_file() {
            std::fs::write(ignore, "# The build cache of tolok: safe to delete.\n*\n")?;
        }
        Ok(())
    }

    fn shard_path(&self, period: &str, shard: u64) -> PathBuf {
        self.dir.join(format!("agencies-{period}-{shard:02}.bin"))
    }

    /// Reads the period's entries from disk (in parallel, shard by shard).
    fn load_period(&self, period: &str) {
        use rayon::prelude::*;
        let shards: Vec<(u64, Option<Vec<Entry>>)> = (0..SHARDS)
            .into_par_iter()
            .map_init(Vec::new, |buffer, s| {
                let entries = read_checked_into(&self.shard_path(period, s), buffer)
                    .and_then(|at| postcard::from_bytes::<Vec<Entry>>(&buffer[at]).ok());
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

    /// The agency `id` of `period` as read last time, if its files and
    /// attachments are the same; records what this run saw.
    fn take(&self, period: &str, id: &str, print: Fingerprint) -> Option<(Agency, Diagnostics)> {
        let entry = self.old.lock().ok()?.get_mut(period)?.remove(id)?;
        if entry.key != print.key || print.newest >= self.started - RACY_NS {
            return None;
        }
        let (attachments, newest) = attachments_key(&entry.agency)?;
        if attachments != entry.attachments || newest >= self.started - RACY_NS {
            return None;
        }
        self.remember(
            period,
            id,
            Some((print.key, attachments)),
            &entry.diagnostics,
        );
        Some((entry.agency, entry.diagnostics))
    }

    /// Records an agency this run read from its files.
    fn record(
        &self,
        period: &str,
        agency: Option<&Agency>,
        id: &str,
        print: Option<Fingerprint>,
        diagnostics: &Diagnostics,
    ) {
        self.mark(period, shard_of(id));
        let trusted = |newest: i128| newest < self.started - RACY_NS;
        let content = match (agency, print) {
            (Some(a), Some(p)) if trusted(p.newest) && !diagnostics.has_errors() => {
                attachments_key(a)
                    .filter(|&(_, newest)| trusted(newest))
                    .map(|(att, _)| (p.key, att))
            }
            _ => None,
        };
        self.remember(period, id, content, diagnostics);
    }

    fn remember(&self, period: &str, id: &str, content: Option<(u64, u64)>, d: &Diagnostics) {
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(
                (period.to_string(), id.to_string()),
                Seen {
                    content,
                    diagnostics: d.clone(),
                },
            );
        }
    }

    /// After a period is loaded: entries not taken (agencies gone) make their shard dirty.
    fn finish_period(&self, period: &str) {
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

    /// A key for the files behind agency `id` of `period` (its own files and
    /// attachments), if they can be trusted: the same key means the same files.
    pub fn content_key(&self, period: &str, id: &str) -> Option<u64> {
        let seen = self.seen.lock().ok()?;
        let (files, attachments) = seen.get(&(period.to_string(), id.to_string()))?.content?;
        Some(hash_of((files, attachments)))
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
        self.create()?;
        let seen = self
            .seen
            .lock()
            .map_err(|_| std::io::Error::other("cache lock poisoned"))?;
        dirty.par_iter().try_for_each(|(period, shard)| {
            let Some(p) = model.periods.iter().find(|p| &p.id == period) else {
                let _ = std::fs::remove_file(self.shard_path(period, *shard));
                return Ok(());
            };
            let entries: Vec<EntryRef> = p
                .agencies
                .iter()
                .filter(|a| shard_of(&a.id) == *shard)
                .filter_map(|a| {
                    let s = seen.get(&(period.clone(), a.id.clone()))?;
                    let (key, attachments) = s.content?;
                    Some(EntryRef {
                        id: &a.id,
                        key,
                        attachments,
                        agency: a,
                        diagnostics: &s.diagnostics,
                    })
                })
                .collect();
            write_checked(&self.shard_path(period, *shard), &entries)
        })
    }

    /// Reads a small record saved beside the agencies (the page keys of the site).
    pub fn read_record<T: serde::de::DeserializeOwned>(&self, name: &str) -> Option<T> {
        read_checked(&self.dir.join(name)).and_then(|p| postcard::from_bytes(&p).ok())
    }

    /// Removes a saved record: what it described can no longer be trusted.
    pub fn forget_record(&self, name: &str) {
        let _ = std::fs::remove_file(self.dir.join(name));
    }

    pub fn write_record<T: Serialize>(&self, name: &str, value: &T) -> std::io::Result<()> {
        self.create()?;
        write_checked(&self.dir.join(name), value)
    }
}

/// Loading asks the cache for each agency: taken whole when its files and
/// attachments are unchanged, read and recorded otherwise.
impl crate::content::Memo for Cache {
    fn begin_period(&self, period: &str) {
        self.load_period(period);
    }

    fn agency(
        &self,
        root: &Path,
        period: &str,
        scan: &AgencyScan,
        framework: u64,
        read: &dyn Fn() -> (Option<Agency>, Diagnostics),
    ) -> (Option<Agency>, Diagnostics) {
        let print = fingerprint(root, scan, framework);
        if let Some((agency, d)) = print.and_then(|p| self.take(period, &scan.id, p)) {
            return (Some(agency), d);
        }
        let (agency, d) = read();
        self.record(period, agency.as_ref(), &scan.id, print, &d);
        (agency, d)
    }

    fn end_period(&self, period: &str) {
        self.finish_period(period);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_cache_file_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.bin");
        write_checked(&path, "payload").unwrap();
        let read = read_checked(&path).expect("read back");
        assert_eq!(postcard::from_bytes::<String>(&read).unwrap(), "payload");
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
            [&MAGIC[..], b"garbage-garbage-garbage"].concat(),
        )
        .unwrap();
        cache.load_period("2022");
        let print = Fingerprint { key: 1, newest: 0 };
        assert!(cache.take("2022", "a", print).is_none());
    }

    #[test]
    fn the_checksum_sees_a_flipped_bit_and_a_lost_byte() {
        let checksum = |bytes: &[u8]| {
            let mut sum = Checksum::default();
            sum.add(bytes);
            sum.finish()
        };
        let data: Vec<u8> = (0..1000u32).map(|i| (i * 7) as u8).collect();
        // Given in pieces of any length, the same sum.
        let mut pieces = Checksum::default();
        for piece in data.chunks(13) {
            pieces.add(piece);
        }
        assert_eq!(pieces.finish(), checksum(&data));
        let mut flipped = data.clone();
        flipped[500] ^= 4;
        assert_ne!(checksum(&data), checksum(&flipped));
        assert_ne!(checksum(&data), checksum(&data[..999]));
    }
}
