//! The record of a site as written: its marker's identity, each page's key
//! by period, its files, and the same of the spare. Only `Rebuild` reads and
//! writes it (through the cache folder); nothing here decides what to carry.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

use super::super::MARKER;

/// The record's file in the cache folder.
pub(super) const RECORD: &str = "pages.bin";

/// The keys of the pages of a site as written.
#[derive(Serialize, Deserialize, Default)]
pub(super) struct Record {
    /// The identity of the site's marker file (inode, modification time).
    pub(super) marker: (u64, i128),
    pub(super) periods: HashMap<String, PeriodRecord>,
    /// Every file of the site, as paths below it.
    pub(super) files: Vec<String>,
    /// The site it replaced, which may now be the spare.
    pub(super) spare: Option<SpareRecord>,
}

/// The spare as recorded: the site before, as its own build left it. The
/// next build updates it from this record instead of looking at each of its
/// 80,000 files (like the published site, it is trusted as tolok left it).
#[derive(Serialize, Deserialize)]
pub(super) struct SpareRecord {
    /// The identity of its marker file.
    pub(super) marker: (u64, i128),
    /// Its files, so that those no longer needed are removed without
    /// walking 20,000 folders.
    pub(super) files: Vec<String>,
    /// Its pages' keys: a page whose key is the one wanted is kept as it is.
    pub(super) periods: HashMap<String, PeriodRecord>,
}

#[derive(Serialize, Deserialize, Default, Clone)]
pub(super) struct PeriodRecord {
    pub(super) agencies: HashMap<String, u64>,
    /// By group id; "" for the period's own book.
    pub(super) books: HashMap<String, u64>,
    /// A large period's indicator workbooks, by group id ("" outside every group).
    pub(super) workbooks: HashMap<String, u64>,
    /// Where each agency's entry lies in `scores.json` (offset, length), by id.
    pub(super) scores_json: HashMap<String, (u64, u64)>,
}

/// The identity of the marker file of the site at `site` (inode,
/// modification time): a record is trusted only for the very site it was
/// written with.
pub(crate) fn marker_identity(site: &Path) -> Option<(u64, i128)> {
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
