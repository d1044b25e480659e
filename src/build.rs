//! Building the site: load, check, score, render every page into a staging
//! folder beside the output, then swap it in whole. A failed build leaves the
//! previous site as it was; tolok never deletes a folder it did not create.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::render::{theme::Theme, Renderer};
use crate::score;
use crate::view::{self, Since, SiteData};

mod data_files;
mod incremental;
mod output;
mod site;
pub mod verify;
mod writer;

use data_files::write_deferred;
pub use site::Reused;
use site::{write_site, Plan};
use writer::Writer;

pub use output::{remove_old, MARKER};

/// What a process building in place remembers between its builds: the
/// identity of the marker file of the site it put in place last.
#[derive(Debug, Default)]
pub struct InPlace(Mutex<Option<(u64, i128)>>);

impl InPlace {
    /// Whether `out` is still the site this process built last.
    fn ours(&self, out: &Path) -> bool {
        let last = *self.0.lock().unwrap_or_else(|e| e.into_inner());
        last.is_some() && last == incremental::marker_identity(out)
    }

    fn built(&self, out: &Path) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = incremental::marker_identity(out);
    }
}

#[derive(Debug, Default, Clone)]
pub struct BuildOptions {
    /// A theme folder overriding the default theme (wins over site.yaml's `theme:`).
    pub theme: Option<PathBuf>,
    /// A git revision: add a page of the changes since it (`changes.html`).
    pub since: Option<String>,
    /// Show a progress bar on standard error when it is a terminal.
    pub progress: bool,
    /// Read every file and render every page, neither reading nor writing
    /// the build cache.
    pub no_cache: bool,
    /// Leave the removal of the replaced site to a background process
    /// whatever its size (`serve`: the browser waits for the new site only).
    pub background_removal: bool,
    /// Put the site in place before its books and workbooks are written:
    /// until they are, the previous ones stand in (`serve`, where a page
    /// should show an edit at once). A plain build never defers.
    pub defer_print: bool,
    /// Write into the previous site itself rather than a new folder swapped
    /// in (`serve`, whose site no one else reads): unchanged pages stay where
    /// they are instead of being linked into a new tree of folders, each
    /// written file replaces its old self whole (a reader sees the old page
    /// or the new one), and files no longer part of the site are removed at
    /// the end. Only over the site this process itself built last (so two
    /// serves of one tree never write into the same folder at once); else,
    /// and without a record of the previous site's pages, a normal build.
    pub in_place: Option<std::sync::Arc<InPlace>>,
    /// Keep the compiled theme for the next build of this process (`serve`).
    pub compiled: Option<std::sync::Arc<crate::render::Compiled>>,
}

/// A file written after the site is in place (`BuildOptions::defer_print`).
enum Deferred {
    /// A book: of the period (None) or of a group, of the period at this position.
    Book(usize, Option<String>),
    Xlsx(usize),
}

#[derive(Debug, serde::Serialize)]
pub struct BuildReport {
    pub periods: usize,
    pub agencies: usize,
    pub pages: usize,
    pub files: usize,
    /// What was carried over from the previous build.
    pub reused: Reused,
    pub warnings: Vec<Diagnostic>,
    #[serde(serialize_with = "seconds")]
    pub elapsed: Duration,
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

/// Every diagnostic, and whether the build stopped.
pub struct BuildFailure {
    pub diagnostics: Vec<Diagnostic>,
    /// The command line named something that does not exist (`--since` with
    /// a revision that names no commit): exit code 2, not 1.
    pub usage: bool,
}

impl From<Diagnostics> for BuildFailure {
    fn from(d: Diagnostics) -> Self {
        BuildFailure {
            diagnostics: d.sorted(),
            usage: false,
        }
    }
}

fn fail(file: impl Into<PathBuf>, message: Msg, hint: Msg) -> BuildFailure {
    BuildFailure {
        diagnostics: vec![Diagnostic::error(file, message).hint(hint)],
        usage: false,
    }
}

pub fn build(
    content_dir: &Path,
    out: &Path,
    options: &BuildOptions,
) -> Result<BuildReport, BuildFailure> {
    let report = build_then(content_dir, out, options, &|| {})?;
    if verify::wanted(options) {
        verify::against_a_clean_build(content_dir, out, options)?;
    }
    Ok(report)
}

/// `build`, calling `published` as soon as the new site is in place (before
/// deferred files are written).
pub fn build_then(
    content_dir: &Path,
    out: &Path,
    options: &BuildOptions,
    published: &dyn Fn(),
) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let progress = crate::progress::Progress::start(options.progress);
    let mut stages = crate::timing::Stages::new();
    let first = output::check_location(content_dir, out, options.theme.as_deref())?;
    let incremental = (!options.no_cache).then(|| incremental::Incremental::open(&first));
    let one_build_at_a_time = output::lock_beside(&first);
    if one_build_at_a_time.is_some() {
        output::clear_leftovers(&first);
    }
    let loaded = content::load_cached(content_dir, incremental.as_ref().map(|i| i.memo()));
    stages.lap("load and check");
    let mut diags = loaded.diagnostics;
    let model = loaded.model;
    let theme_dir = options.theme.clone().or_else(|| model.site.theme.clone());
    let out = &output::check_location(content_dir, out, theme_dir.as_deref())?;
    let theme = Theme::load(theme_dir.as_deref(), &mut diags);
    let lang = model.site.language.code();
    let renderer = match &options.compiled {
        Some(kept) => kept.renderer(&theme, lang, &mut diags),
        None => Renderer::new(&theme, lang, &mut diags).map(std::sync::Arc::new),
    };
    if diags.has_errors() {
        return Err(diags.into());
    }
    let Some(renderer) = renderer else {
        return Err(diags.into());
    };

    stages.lap("theme");
    let since = match &options.since {
        None => None,
        Some(rev) => match crate::diff::load_revision(content_dir, rev) {
            Ok(old) => {
                diags.extend_from(old.warnings);
                Some(Since {
                    rev: rev.clone(),
                    commit: old.commit,
                    diff: crate::analysis::changes::compare(&old.model, &model),
                })
            }
            Err(e) => {
                return Err(BuildFailure {
                    diagnostics: e.diagnostics,
                    usage: e.usage,
                })
            }
        },
    };
    // The tree's history: one `git log` and one `git status`; nothing when not in git.
    let (provenance, git_warnings) = crate::git::provenance::Provenance::read(content_dir);
    diags.extend(git_warnings);
    stages.lap("git");

    let scores: Vec<Vec<score::AgencyScore>> =
        model.periods.iter().map(score::score_period).collect();
    stages.lap("score");
    let mut data = SiteData::new(&model, scores, renderer.labels().clone());
    data.provenance = provenance;
    data.since = since;

    progress.set_total(expected_pages(&model));
    let in_place_wanted = options.in_place.as_ref().is_some_and(|p| p.ours(out));
    let planned = incremental.as_ref().and_then(|i| {
        i.plan(
            &data,
            &theme.files,
            &loaded.framework_keys,
            out,
            in_place_wanted,
        )
    });
    let (rebuild, target) = match planned {
        Some((r, t)) => (Some(r), t),
        None => (None, incremental::Target::New),
    };
    let in_place = matches!(target, incremental::Target::InPlace);
    // Over a previous site (in place, or the spare), or into an empty folder.
    let (staging, update, had) = match target {
        incremental::Target::InPlace => (out.clone(), true, None),
        incremental::Target::Spare(dir, had) => (dir, true, had),
        incremental::Target::New => (output::sibling(out, "staging")?, false, None),
    };
    let result = write_site(
        &data,
        &renderer,
        &theme,
        &staging,
        &progress,
        &mut stages,
        Plan {
            shown: out,
            rebuild: rebuild.as_ref(),
            defer: options.defer_print,
            update,
            had: had.as_deref(),
        },
    );
    let written = match result {
        Ok(written) => written,
        Err(e) => {
            if !in_place {
                let _ = std::fs::remove_dir_all(&staging);
            }
            return Err(e);
        }
    };
    let (pages, files) = (written.pages, written.files);
    if !in_place {
        // The replaced site is kept as the next build's spare when this one
        // carried most of its files (so the two share them); never for serve,
        // whose own builds are in place.
        let retire = output::Retire {
            keep_as_spare: options.in_place.is_none() && written.carried * 2 >= files,
            background: options.background_removal,
        };
        output::publish(&staging, out, files, retire)?;
    }
    stages.lap("publish");
    if let Some(p) = &options.in_place {
        p.built(out);
    }
    published();
    let deferred_ok = write_deferred(&data, &renderer, out, written.deferred);
    match (&incremental, rebuild) {
        (Some(i), Some(r)) => {
            // No replaced site kept as the spare (a full build): one is
            // linked from the new site, for the next rebuild to update.
            // Stand-in books would pass for current ones: then nothing is
            // recorded.
            let may_link = !in_place && options.in_place.is_none();
            let complete = deferred_ok.is_ok();
            if r.finish(i, &model, out, written.listed, may_link, complete) {
                stages.lap("spare linked, the cache saved");
            }
            stages.lap("save the cache");
        }
        (Some(i), None) => {
            incremental::Rebuild::finish_content(i, &model);
            stages.lap("save the cache");
        }
        (None, _) => {}
    }
    deferred_ok?;
    progress.finish();
    let report = BuildReport {
        periods: model.periods.len(),
        agencies: model.periods.iter().map(|p| p.agencies.len()).sum(),
        pages,
        files,
        reused: written.reused.clone(),
        warnings: diags.sorted(),
        elapsed: started.elapsed(),
    };
    // The model of a national tree is millions of allocations: freeing them
    // takes a tenth of a second that no one needs to wait for (a command
    // exits meanwhile; `serve` frees them beside its next wait).
    drop(data);
    // Should no thread be spawned, the closure is dropped here, and they with it.
    let _ = std::thread::Builder::new().spawn(move || drop((model, incremental)));
    Ok(report)
}

/// About how many pages `write_site` writes, for the progress bar.
fn expected_pages(model: &crate::model::Model) -> usize {
    let per_period: usize = model
        .periods
        .iter()
        .map(|p| {
            // Peer pages: a named peer, or another agency of the same cluster
            // (cluster sizes counted once: no scan of the period per agency).
            let mut cluster_sizes: HashMap<&str, usize> = HashMap::new();
            for c in p.agencies.iter().filter_map(|a| a.cluster.as_deref()) {
                *cluster_sizes.entry(c).or_default() += 1;
            }
            let peers = p
                .agencies
                .iter()
                .filter(|a| {
                    a.peer.is_some() || a.cluster.as_deref().is_some_and(|c| cluster_sizes[c] > 1)
                })
                .count();
            let criteria = view::criterion_pages(&p.framework).len();
            7 + p.groups.len() + criteria + view::ranking_page_count(p) + p.agencies.len() + peers
        })
        .sum();
    2 + per_period
}
