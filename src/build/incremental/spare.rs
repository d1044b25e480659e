//! The spare: the site before the one in place, kept beside it (mostly hard
//! links to the site's own files) so that a rebuild updates it into the new
//! site instead of building a whole new tree of folders. Only `Rebuild`
//! claims and makes it; the output module puts whatever folder it is given
//! in place.

use std::path::{Path, PathBuf};

use super::super::output::{beside, ignore_in_git, is_ours, remove_tree, sibling, spare};
use super::super::MARKER;

/// Takes the spare beside `out` for this build, under this process's
/// staging name: None when there is none (or it is not tolok's). Two builds
/// cannot both take it: the rename succeeds once.
pub(super) fn claim_spare(out: &Path) -> Option<PathBuf> {
    let spare = spare(out);
    if !is_ours(&spare) {
        return None;
    }
    let staging = beside(out, "staging");
    if std::fs::symlink_metadata(&staging).is_ok() {
        std::fs::remove_dir_all(&staging).ok()?;
    }
    std::fs::rename(&spare, &staging).ok()?;
    // Put there when it was set aside; not part of the site.
    let _ = std::fs::remove_file(staging.join(".gitignore"));
    Some(staging)
}

/// Makes a spare beside `out` when there is none: its `files` (paths below
/// it) hard-linked into a new tree, with a marker of its own. A full build
/// has no replaced site to keep, and without a spare the next rebuild would
/// build a whole tree of folders (a second at 20,000 agencies) to change a
/// few pages. True when made; false, leaving nothing, when the place is
/// taken or the file system cannot link (a spare of copies would cost a
/// whole site).
pub(super) fn link_spare(out: &Path, files: &[String]) -> bool {
    use rayon::prelude::*;
    let spare = spare(out);
    if std::fs::symlink_metadata(&spare).is_ok() {
        return false;
    }
    let Ok(making) = sibling(out, "spare-new") else {
        return false;
    };
    let mut dirs: Vec<&str> = files
        .iter()
        .filter_map(|f| f.rsplit_once('/').map(|(dir, _)| dir))
        .collect();
    dirs.sort_unstable();
    dirs.dedup();
    // The marker first: a spare half made by a build cut short is tolok's
    // to clear (`clear_leftovers`).
    let linked = std::fs::write(making.join(MARKER), SPARE_MARKER)
        .and_then(|()| {
            dirs.par_iter()
                .try_for_each(|d| std::fs::create_dir_all(making.join(d)))
        })
        .and_then(|()| {
            files
                .par_iter()
                .filter(|f| f.as_str() != MARKER)
                .try_for_each(|f| std::fs::hard_link(out.join(f), making.join(f)))
        })
        .and_then(|()| std::fs::rename(&making, &spare));
    if linked.is_err() {
        remove_tree(&making);
        return false;
    }
    ignore_in_git(&spare);
    true
}

/// The marker of a spare made by `link_spare` (a build writes its own over it).
const SPARE_MARKER: &[u8] = b"This folder was written by tolok as a spare site; safe to delete.\n";
