//! The content tree as it was at a git revision: `load_revision` reads it
//! through `git::snapshot` and the normal loader, for `tolok diff` and
//! `build --since`, which compare it with `analysis::changes`. Nothing here
//! scores or renders.

use std::path::Path;

use crate::content;
use crate::diagnostics::{display_path, Diagnostic};
use crate::git::{snapshot, GitError, Repo};
use crate::i18n::Msg;
use crate::model::Model;

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
    let fail = |usage: bool, message: Msg, hint: Msg| RevisionError {
        usage,
        diagnostics: vec![Diagnostic::error(shown.clone(), message).hint(hint)],
    };
    if !content_dir.is_dir() {
        return Err(fail(
            false,
            crate::tr!(
                "the content folder does not exist or is not a folder",
                "folder isi tidak ada atau bukan folder"
            ),
            crate::tr!(
                "name the content folder after the revisions: `tolok diff REV [REV2] path/to/content`",
                "sebutkan folder isi sesudah revisinya: `tolok diff REV [REV2] path/to/content`"
            ),
        ));
    }
    let repo = Repo::discover(content_dir).map_err(|e| match e {
        GitError::Missing => fail(
            false,
            crate::tr!("git is not installed", "git belum terpasang"),
            crate::tr!(
                "install git to compare revisions",
                "pasang git untuk membandingkan revisi"
            ),
        ),
        GitError::NotARepository => fail(
            false,
            crate::tr!(
                "the content folder is not inside a git repository, so there are no revisions to compare",
                "folder isi tidak berada di dalam repositori git, jadi tidak ada revisi untuk dibandingkan"
            ),
            crate::tr!(
                "run it on a content tree kept in git",
                "jalankan perintah ini pada pohon isi yang disimpan di git"
            ),
        ),
        // git's own message, or one of ours said already (see `GitError`).
        other => fail(
            false,
            Msg::verbatim(other.to_string()),
            crate::tr!(
                "check the repository with `git status`",
                "periksa repositori itu dengan `git status`"
            ),
        ),
    })?;
    repo.resolve(rev).map_err(|e| {
        fail(
            true,
            Msg::verbatim(e.to_string()),
            crate::tr!(
                "name a commit, branch or tag, e.g. `HEAD~1`, `main` or `v2022`",
                "sebutkan commit, branch, atau tag, mis. `HEAD~1`, `main`, atau `v2022`"
            ),
        )
    })?;
    let snap = snapshot::read(&repo, rev).map_err(|e| {
        fail(
            false,
            Msg::verbatim(e.to_string()),
            crate::tr!(
                "check the revision and the content folder",
                "periksa revisi dan folder isinya"
            ),
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
                d.message =
                    crate::tr!("in `{rev}`: {}", "pada `{rev}`: {}", d.message).into_string();
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
            crate::tr!(
                "in `{rev}`: this path is a symbolic link; it was not read",
                "pada `{rev}`: jalur ini tautan simbolik; jalur ini tidak dibaca"
            ),
            crate::tr!(
                "links in old revisions are never followed; the comparison goes on without it",
                "tautan pada revisi lama tidak pernah diikuti; perbandingan dilanjutkan tanpanya"
            ),
        ),
        SkipReason::UnsafePath => (
            crate::tr!(
                "in `{rev}`: this path is not a plain relative path; it was not read",
                "pada `{rev}`: jalur ini bukan jalur relatif biasa; jalur ini tidak dibaca"
            ),
            crate::tr!(
                "a commit made by hand can hold such paths; the comparison goes on without it",
                "commit yang dibuat secara manual dapat memuat jalur seperti ini; perbandingan dilanjutkan tanpanya"
            ),
        ),
        SkipReason::Conflict => (
            crate::tr!(
                "in `{rev}`: this path was met twice, or below a file of the same name; it was read once",
                "pada `{rev}`: jalur ini ditemukan dua kali, atau berada di bawah berkas dengan nama yang sama; jalur ini dibaca sekali saja"
            ),
            crate::tr!(
                "a commit made by hand can hold such paths; the comparison goes on without the second one",
                "commit yang dibuat secara manual dapat memuat jalur seperti ini; perbandingan dilanjutkan tanpa yang kedua"
            ),
        ),
    };
    Diagnostic::warning(file, message).hint(hint)
}
