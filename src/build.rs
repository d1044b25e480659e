//! Building the site: load, check, score, render every page into a staging
//! folder beside the output, then swap it in whole. A failed build leaves the
//! previous site as it was; tolok never deletes a folder it did not create.

use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::export;
use crate::render::{theme::Theme, Renderer};
use crate::score;
use crate::view::{self, paths, Since, SiteData};

mod carry;
mod output;

pub use output::{remove_old, MARKER};

/// What a process building in place remembers between its builds: the
/// identity of the marker file of the site it put in place last.
#[derive(Debug, Default)]
pub struct InPlace(Mutex<Option<(u64, i128)>>);

impl InPlace {
    /// Whether `out` is still the site this process built last.
    fn ours(&self, out: &Path) -> bool {
        let last = *self.0.lock().unwrap_or_else(|e| e.into_inner());
        last.is_some() && last == carry::marker_identity(out)
    }

    fn built(&self, out: &Path) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = carry::marker_identity(out);
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

#[derive(Debug)]
pub struct BuildReport {
    pub periods: usize,
    pub agencies: usize,
    pub pages: usize,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
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

fn fail(file: impl Into<PathBuf>, message: String, hint: &str) -> BuildFailure {
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
    build_then(content_dir, out, options, &|| {})
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
    let cache = (!options.no_cache).then(|| crate::cache::Cache::open(&carry::cache_dir(&first)));
    let one_build_at_a_time = output::lock_beside(&first);
    if one_build_at_a_time.is_some() {
        output::clear_leftovers(&first);
    }
    let loaded = content::load_cached(content_dir, cache.as_ref());
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
    let reuse = cache.as_ref().and_then(|c| {
        let site = view::keys::site_key(&data, &theme.files, &loaded.framework_keys)?;
        Some(carry::Reuse::new(c, out, site))
    });
    // In place only over a site of ours that the record describes; its keys
    // are dropped while the folder changes, so a build cut short leaves
    // nothing that would pass for it.
    let in_place = options.in_place.as_ref().is_some_and(|p| p.ours(out))
        && reuse.as_ref().is_some_and(|r| r.has_previous())
        && output::is_ours(out);
    // Else the spare (the site before the one in place, mostly links to its
    // files), when there is one to carry from: updated rather than built anew.
    let spare = (!in_place && reuse.as_ref().is_some_and(|r| r.has_previous()))
        .then(|| output::claim_spare(out))
        .flatten();
    let staging = if in_place {
        if let (Some(r), Some(c)) = (&reuse, &cache) {
            r.forget(c);
        }
        out.clone()
    } else if let Some(spare) = &spare {
        spare.clone()
    } else {
        output::sibling(out, "staging")?
    };
    // The spare's files as recorded, when it is the very folder recorded.
    let had = spare.as_ref().and_then(|s| reuse.as_ref()?.spare_files(s));
    let result = write_site(
        &data,
        &renderer,
        &theme,
        &staging,
        &progress,
        &mut stages,
        Plan {
            shown: out,
            reuse: reuse.as_ref(),
            defer: options.defer_print,
            update: in_place || spare.is_some(),
            had,
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
    if let Some(cache) = &cache {
        // No replaced site kept as the spare (a full build): one is linked
        // from the new site, for the next rebuild to update.
        // The cache is an optimisation: failing to write it fails nothing.
        // It is saved beside the linking, which waits on the file system.
        let linked = std::thread::scope(|s| {
            s.spawn(|| cache.save(&model));
            reuse.is_some()
                && deferred_ok.is_ok()
                && !in_place
                && options.in_place.is_none()
                && output::link_spare(out, &written.listed)
        });
        if linked {
            stages.lap("spare linked, the cache saved");
        }
        match (&reuse, &deferred_ok) {
            (Some(r), Ok(())) => r.save(cache, out, written.listed, linked),
            // Stand-in books would pass for current ones: record nothing.
            (Some(r), Err(_)) => r.forget(cache),
            (None, _) => {}
        }
        stages.lap("save the cache");
    }
    deferred_ok?;
    progress.finish();
    let report = BuildReport {
        periods: model.periods.len(),
        agencies: model.periods.iter().map(|p| p.agencies.len()).sum(),
        pages,
        files,
        warnings: diags.sorted(),
        elapsed: started.elapsed(),
    };
    // The model of a national tree is millions of allocations: freeing them
    // takes a tenth of a second that no one needs to wait for (a command
    // exits meanwhile; `serve` frees them beside its next wait).
    drop((reuse, data));
    // Should no thread be spawned, the closure is dropped here, and they with it.
    let _ = std::thread::Builder::new().spawn(move || drop((model, cache)));
    Ok(report)
}

struct Writer<'a> {
    root: &'a Path,
    /// The output folder as the user named it: errors name files there,
    /// not in the staging folder or spare they are written to.
    shown: &'a Path,
    files: AtomicUsize,
    /// Folders already created: each is made once, not once per file.
    dirs: Mutex<HashSet<PathBuf>>,
    /// Files linked or kept from the previous site.
    carried: AtomicUsize,
    /// Updating a site already there (the previous site itself in place, or
    /// the spare): each file is replaced whole through a temporary file (the
    /// old one may be a link shared with the live site), and the files the
    /// site had that this build neither wrote nor kept are removed at the end.
    update: bool,
    /// Every file of the new site, written or carried over.
    listed: Mutex<HashSet<String>>,
    /// Updating the recorded spare: the files it holds, as recorded.
    had: Option<HashSet<&'a str>>,
}

/// The suffix of a file being written in place, renamed over its name when done.
const IN_PLACE_TEMP: &str = ".tolok-new";

impl Writer<'_> {
    /// The path `fill` writes `rel` to: the file itself, or in place a
    /// temporary one beside it; then `placed` puts it in place.
    /// Where a file being written below `root` will be published.
    fn shown(&self, path: &Path) -> PathBuf {
        match path.strip_prefix(self.root) {
            Ok(rel) => self.shown.join(rel),
            Err(_) => path.to_path_buf(),
        }
    }

    fn target(&self, rel: &str) -> (PathBuf, PathBuf) {
        let path = self.root.join(rel);
        if !self.update {
            return (path.clone(), path);
        }
        let mut temp = path.clone().into_os_string();
        temp.push(IN_PLACE_TEMP);
        let temp = PathBuf::from(temp);
        // A leftover may be a link to a live file: never written through.
        let _ = std::fs::remove_file(&temp);
        (path, temp)
    }

    /// After `rel` was written to `written`: renamed over `path` when
    /// updating, and listed as part of the site.
    fn placed(&self, rel: &str, path: &Path, written: &Path) -> Result<(), BuildFailure> {
        if written != path {
            std::fs::rename(written, path).map_err(|e| {
                let _ = std::fs::remove_file(written);
                fail(
                    self.shown(path),
                    format!("cannot replace the file: {e}"),
                    "check permissions",
                )
            })?;
        }
        if let Ok(mut listed) = self.listed.lock() {
            listed.insert(rel.to_string());
        }
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn ensure_dir(&self, dir: &Path) -> Result<(), BuildFailure> {
        if self.dirs.lock().map(|d| d.contains(dir)).unwrap_or(false) {
            return Ok(());
        }
        std::fs::create_dir_all(dir).map_err(|e| {
            fail(
                self.shown(dir),
                format!("cannot create the folder: {e}"),
                "check disk space and permissions",
            )
        })?;
        if let Ok(mut d) = self.dirs.lock() {
            d.insert(dir.to_path_buf());
        }
        Ok(())
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), BuildFailure> {
        let (path, written) = self.target(rel);
        if let Some(parent) = path.parent() {
            self.ensure_dir(parent)?;
        }
        std::fs::write(&written, bytes).map_err(|e| {
            fail(
                self.shown(&path),
                format!("cannot write the file: {e}"),
                "check disk space and permissions",
            )
        })?;
        self.placed(rel, &path, &written)
    }

    /// Writes the file `rel` through a buffer as `fill` produces it.
    fn stream(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), BuildFailure> {
        use std::io::Write;
        self.with_file(rel, |f| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, f);
            fill(&mut out)
                .and_then(|()| out.flush())
                .map_err(|e| format!("cannot write the file: {e}"))
        })
    }

    fn page(
        &self,
        renderer: &Renderer,
        template: &str,
        rel: &str,
        page: &impl serde::Serialize,
    ) -> Result<(), BuildFailure> {
        let html = renderer.render(template, page).map_err(|e| {
            fail(
                format!("theme/templates/{template}"),
                format!("rendering {rel} failed: {e}"),
                "fix the template or the theme override",
            )
        })?;
        self.write(rel, html.as_bytes())
    }

    /// Creates the file `rel` and hands it to `fill`.
    fn with_file(
        &self,
        rel: &str,
        fill: impl FnOnce(std::fs::File) -> Result<(), String>,
    ) -> Result<(), BuildFailure> {
        let (path, written) = self.target(rel);
        if let Some(parent) = path.parent() {
            self.ensure_dir(parent)?;
        }
        let file = std::fs::File::create(&written).map_err(|e| {
            fail(
                self.shown(&path),
                format!("cannot write the file: {e}"),
                "check disk space and permissions",
            )
        })?;
        fill(file).map_err(|e| {
            let _ = std::fs::remove_file(&written);
            fail(
                self.shown(&path),
                e,
                "if the message is about the disk, check its space and permissions",
            )
        })?;
        self.placed(rel, &path, &written)
    }

    /// Links (or else copies) a file of the previous site into the new one;
    /// when updating a site, keeps the file already there if it is that very
    /// file, else replaces it with a link.
    fn link(&self, from: &Path, rel: &str) -> bool {
        if self.update {
            let path = self.root.join(rel);
            if same_file(from, &path) {
                let kept = self.placed(rel, &path, &path).is_ok();
                if kept {
                    self.carried.fetch_add(1, Ordering::Relaxed);
                }
                return kept;
            }
        }
        let (path, temp) = self.target(rel);
        let linked = path.parent().is_some_and(|p| self.ensure_dir(p).is_ok())
            && (std::fs::hard_link(from, &temp).is_ok()
                || (from.is_file() && std::fs::copy(from, &temp).is_ok()));
        let placed = linked && self.placed(rel, &path, &temp).is_ok();
        if placed {
            self.carried.fetch_add(1, Ordering::Relaxed);
        }
        placed
    }

    /// Whether the folder is the recorded spare, being updated.
    fn updates_recorded_spare(&self) -> bool {
        self.had.is_some()
    }

    /// Keeps `files` of the recorded spare as they are (their keys say they
    /// are as wanted); false, and nothing kept, when it does not hold them all.
    fn keep_all(&self, files: &[String]) -> bool {
        let Some(had) = &self.had else {
            return false;
        };
        if !files.iter().all(|f| had.contains(f.as_str())) {
            return false;
        }
        if let Ok(mut listed) = self.listed.lock() {
            listed.extend(files.iter().cloned());
        }
        self.files.fetch_add(files.len(), Ordering::Relaxed);
        self.carried.fetch_add(files.len(), Ordering::Relaxed);
        true
    }

    /// Takes back a file `link` placed (when updating, only from the list:
    /// the file is rendered again over it).
    fn unlink(&self, rel: &str) {
        let listed = self.listed.lock().is_ok_and(|mut l| l.remove(rel));
        let taken = listed && (self.update || std::fs::remove_file(self.root.join(rel)).is_ok());
        if taken {
            self.files.fetch_sub(1, Ordering::Relaxed);
            self.carried.fetch_sub(1, Ordering::Relaxed);
        }
    }

    fn copy(&self, from: &Path, rel: &str) -> Result<(), BuildFailure> {
        let (path, written) = self.target(rel);
        if let Some(parent) = path.parent() {
            self.ensure_dir(parent)?;
        }
        std::fs::copy(from, &written).map_err(|e| {
            fail(
                from,
                format!("cannot copy the attachment: {e}"),
                "check that it is readable",
            )
        })?;
        self.placed(rel, &path, &written)
    }

    /// When updating a site: removes every file of the folder this build
    /// neither wrote nor kept, and the folders left empty. `had` lists the
    /// files the folder held before, when known (the spare's, as recorded):
    /// then it is not walked.
    fn remove_the_rest(&self, had: Option<&[String]>) {
        let Ok(kept) = self.listed.lock() else {
            return;
        };
        let Some(had) = had else {
            prune(self.root, "", &kept);
            return;
        };
        let mut emptied: Vec<&str> = Vec::new();
        for rel in had.iter().filter(|rel| !kept.contains(*rel)) {
            if std::fs::remove_file(self.root.join(rel)).is_ok() {
                emptied.extend(rel.rsplit_once('/').map(|(dir, _)| dir));
            }
        }
        // Deepest first; fails, as it should, unless the folder is empty by now.
        emptied.sort_unstable_by(|a, b| b.len().cmp(&a.len()).then(b.cmp(a)));
        emptied.dedup();
        for dir in emptied {
            let mut dir = Some(dir);
            while let Some(d) = dir {
                if std::fs::remove_dir(self.root.join(d)).is_err() {
                    break;
                }
                dir = d.rsplit_once('/').map(|(up, _)| up);
            }
        }
    }
}

/// Removes below `dir` (at `rel` in the site) every file not in `kept`, and
/// the folders left empty; subfolders in parallel (a site of 20,000 agencies
/// has as many folders). Links are removed, never followed. True when `dir`
/// is left empty.
fn prune(dir: &Path, rel: &str, kept: &HashSet<String>) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let mut folders = Vec::new();
    let mut left = 0;
    let mut name = String::from(rel);
    if !rel.is_empty() {
        name.push('/');
    }
    let prefix = name.len();
    for entry in entries.filter_map(Result::ok) {
        name.truncate(prefix);
        name.push_str(&entry.file_name().to_string_lossy());
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            folders.push((entry.path(), name.clone()));
        } else if kept.contains(&name) || std::fs::remove_file(entry.path()).is_err() {
            left += 1;
        }
    }
    let removed = folders
        .par_iter()
        .filter(|(dir, rel)| prune(dir, rel, kept) && std::fs::remove_dir(dir).is_ok())
        .count();
    left == 0 && removed == folders.len()
}

/// Whether `a` and `b` are one and the same regular file (not a link to one).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) if a.is_file() && b.is_file() => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                a.dev() == b.dev() && a.ino() == b.ino()
            }
            #[cfg(not(unix))]
            false
        }
        _ => false,
    }
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

/// What `write_site` wrote.
struct Written {
    pages: usize,
    files: usize,
    /// Of `files`, those carried over from the previous site.
    carried: usize,
    deferred: Vec<Deferred>,
    /// Every file, as a path below the site.
    listed: Vec<String>,
}

/// Renders and writes every file.
fn write_site(
    data: &SiteData,
    renderer: &Renderer,
    theme: &Theme,
    root: &Path,
    progress: &crate::progress::Progress,
    stages: &mut crate::timing::Stages,
    plan: Plan,
) -> Result<Written, BuildFailure> {
    let w = Writer {
        root,
        shown: plan.shown,
        files: AtomicUsize::new(0),
        dirs: Mutex::new(HashSet::new()),
        carried: AtomicUsize::new(0),
        update: plan.update,
        listed: Mutex::new(HashSet::new()),
        had: plan
            .had
            .map(|files| files.iter().map(String::as_str).collect()),
    };
    let reuse = plan.reuse;
    let deferred = Mutex::new(Vec::new());
    // A book or workbook put off: the previous one stands in until it is written.
    let defer = |what: Deferred, rel: &str| -> bool {
        let stood_in = plan.defer && reuse.is_some_and(|r| r.stand_in(rel, &w));
        if stood_in {
            if let Ok(mut d) = deferred.lock() {
                d.push(what);
            }
        }
        stood_in
    };
    let pages = AtomicUsize::new(0);
    let page = |template: &str, rel: &str, ctx: &dyn ErasedPage| -> Result<(), BuildFailure> {
        pages.fetch_add(1, Ordering::Relaxed);
        progress.step();
        ctx.write_with(&w, renderer, template, rel)
    };
    w.write(
        MARKER,
        b"This folder was written by tolok; the next build replaces it whole.\n",
    )?;
    for (name, bytes) in theme.statics() {
        w.write(&format!("_assets/{name}"), bytes)?;
    }
    let all = data.facts();
    // The site-wide pages, beside the periods (the search index of a
    // national tree alone is a fifth of a second).
    let site_pages = || -> Result<(), BuildFailure> {
        let started = Instant::now();
        page("home.html", &paths::home(), &view::home_page(data, &all))?;
        w.stream(crate::search::INDEX_PATH, |out| {
            crate::search::write_index_js(out, &crate::search::index(data))
        })?;
        page(
            "search.html",
            &paths::search(),
            &crate::search::search_page(data),
        )?;
        if let Some(changes) = view::changes_page(data) {
            page("changes.html", &paths::changes(), &changes)?;
        }
        let secs = started.elapsed().as_secs_f64();
        crate::timing::note(&format!(
            "  {:<22} {secs:>8.3} s, beside the rest",
            "home and search"
        ));
        Ok(())
    };
    let periods = || -> Result<(), BuildFailure> {
        for facts in &all {
            let (p, scores) = (facts.period, facts.scores);
            // The period's own files, each one task, on every core at once: the
            // scores, the period page and the criterion pages are each as long as
            // the period has agencies.
            let fw = &p.framework;
            // The workbook is the longest single job of a large period: it runs
            // beside all the rest of the period rather than before or after it.
            let xlsx = || -> Result<(), BuildFailure> {
                let started = Instant::now();
                let rel = paths::scores_xlsx(&p.id);
                if !defer(Deferred::Xlsx(facts.position), &rel) {
                    w.with_file(&rel, |file| write_xlsx(p, scores, file))?;
                }
                if view::is_large(p) {
                    indicator_workbooks(facts, reuse, &w)?;
                }
                let secs = started.elapsed().as_secs_f64();
                crate::timing::note(&format!(
                    "  {:<22} {secs:>8.3} s, beside the rest",
                    "workbooks"
                ));
                Ok(())
            };
            let rest = || -> Result<(), BuildFailure> {
                let group_pages = view::group_pages(data, &all, facts);
                let mut jobs = vec![PeriodJob::Json, PeriodJob::Period, PeriodJob::Csv];
                jobs.extend(
                    view::criterion_pages(fw)
                        .into_iter()
                        .map(PeriodJob::Criterion),
                );
                jobs.extend([
                    PeriodJob::Methodology,
                    PeriodJob::Groups,
                    PeriodJob::Clusters,
                    PeriodJob::Verification,
                    PeriodJob::Actions,
                    PeriodJob::Checklist,
                ]);
                jobs.extend((0..p.groups.len().min(group_pages.len())).map(PeriodJob::Group));
                jobs.extend((0..view::ranking_page_count(p)).map(PeriodJob::Ranking));
                let job_times = Mutex::new(std::collections::BTreeMap::<&str, f64>::new());
                let keys = match reuse {
                    Some(r) => r.agency_keys(data, &all, facts),
                    None => vec![None; p.agencies.len()],
                };
                let period_files = || {
                    jobs.par_iter().with_max_len(1).try_for_each(|job| {
                        timed(&job_times, job.kind(), || match *job {
                            // Both streamed to their files: at 20,000 agencies
                            // scores.json is hundreds of MB.
                            PeriodJob::Json => scores_json(facts, reuse, &keys, &w),
                            PeriodJob::Csv => w.stream(&paths::scores_csv(&p.id), |out| {
                                export::write_scores_csv(out, p, scores)
                            }),
                            PeriodJob::Period => page(
                                "period.html",
                                &paths::period(&p.id),
                                &view::period_page(data, &all, facts),
                            ),
                            PeriodJob::Methodology => page(
                                "methodology.html",
                                &paths::methodology(&p.id),
                                &view::methodology_page(data, p),
                            ),
                            PeriodJob::Groups => page(
                                "groups.html",
                                &paths::groups(&p.id),
                                &view::groups_page(data, facts),
                            ),
                            PeriodJob::Clusters => page(
                                "clusters.html",
                                &paths::clusters(&p.id),
                                &view::clusters_page(data, &all, facts),
                            ),
                            PeriodJob::Verification => page(
                                "verification.html",
                                &paths::verification(&p.id),
                                &view::verification_page(data, facts),
                            ),
                            PeriodJob::Actions => page(
                                "actions.html",
                                &paths::actions(&p.id),
                                &view::actions_page(data, facts),
                            ),
                            PeriodJob::Checklist => match view::checklist_page(data, facts) {
                                Some(ctx) => page("checklist.html", &paths::checklist(&p.id), &ctx),
                                None => Ok(()),
                            },
                            PeriodJob::Group(gi) => page(
                                "group.html",
                                &paths::group(&p.id, &p.groups[gi].id),
                                &group_pages[gi],
                            ),
                            PeriodJob::Ranking(k) => page(
                                "ranking.html",
                                &paths::ranking(&p.id, k + 1),
                                &view::ranking_page(data, &all, facts, k),
                            ),
                            PeriodJob::Criterion(c) => page(
                                "criterion.html",
                                &paths::criterion(&p.id, &fw.nodes[c].id, c),
                                &view::criterion_page(data, &all, facts, c),
                            ),
                        })
                    })
                };
                let carried = AtomicUsize::new(0);
                let agency_pages = || {
                    (0..p.agencies.len()).into_par_iter().try_for_each(|i| {
                        let a = &p.agencies[i];
                        if let Some(r) = reuse {
                            let files = carry::agency_files(facts, i);
                            if r.carry(&p.id, &a.id, keys[i], &files, &w) {
                                pages.fetch_add(
                                    files.len() - a.attachments.len(),
                                    Ordering::Relaxed,
                                );
                                carried.fetch_add(1, Ordering::Relaxed);
                                progress.step();
                                return Ok(());
                            }
                        }
                        for rel in &a.attachments {
                            w.copy(&a.dir.join(rel), &paths::attachment(&p.id, &a.id, rel))?;
                        }
                        if let Some(ctx) = view::peer_page(data, facts, i) {
                            page("peer.html", &paths::peer(&p.id, &a.id), &ctx)?;
                        }
                        page(
                            "report.html",
                            &paths::report(&p.id, &a.id),
                            &view::report_page(data, &all, facts, i),
                        )?;
                        page(
                            "agency.html",
                            &paths::agency(&p.id, &a.id),
                            &view::agency_page(data, &all, facts, i),
                        )
                    })
                };
                let mut books: Vec<Option<&str>> = Vec::new();
                if view::has_period_book(p) {
                    books.push(None);
                }
                books.extend(
                    p.groups
                        .iter()
                        .filter(|g| {
                            facts
                                .members
                                .get(g.id.as_str())
                                .is_some_and(|m| !m.is_empty())
                        })
                        .map(|g| Some(g.id.as_str())),
                );
                // Reports in books written again: taken from the old book, or rendered.
                let (taken_reports, rendered_reports) = (AtomicUsize::new(0), AtomicUsize::new(0));
                let print_books = || {
                    let started = Instant::now();
                    let done = books.par_iter().with_max_len(1).try_for_each(|&group| {
                        let rel = match group {
                            Some(g) => paths::group_book(&p.id, g),
                            None => paths::book(&p.id),
                        };
                        if let Some(r) = reuse {
                            let key = r.book_key(data, &all, facts, group, &keys);
                            if r.carry_book(&p.id, group, key, &rel, &w) {
                                pages.fetch_add(1, Ordering::Relaxed);
                                progress.step();
                                return Ok(());
                            }
                        }
                        if defer(
                            Deferred::Book(facts.position, group.map(str::to_string)),
                            &rel,
                        ) {
                            pages.fetch_add(1, Ordering::Relaxed);
                            return Ok(());
                        }
                        // The unchanged agencies' reports as the book it replaces has them.
                        let previous = reuse.and_then(|r| r.previous_text(&rel));
                        let written = previous
                            .as_deref()
                            .map(view::written_reports)
                            .unwrap_or_default();
                        let taken = |i: usize, anchor: &str| {
                            let a = &p.agencies[i];
                            let html = reuse
                                .filter(|r| r.unchanged(&p.id, &a.id, keys[i]))
                                .and_then(|_| written.get(anchor))
                                .map(|html| html.to_string());
                            let counter = match html {
                                Some(_) => &taken_reports,
                                None => &rendered_reports,
                            };
                            counter.fetch_add(1, Ordering::Relaxed);
                            html
                        };
                        page(
                            "book.html",
                            &rel,
                            &view::book_page(data, &all, facts, group, &taken),
                        )
                    });
                    let secs = started.elapsed().as_secs_f64();
                    crate::timing::note(&format!(
                        "  {:<22} {secs:>8.3} s, beside the rest",
                        "books"
                    ));
                    crate::timing::note(&format!(
                        "{} of {} reports in books written again taken from the books they replace",
                        taken_reports.load(Ordering::Relaxed),
                        taken_reports.load(Ordering::Relaxed)
                            + rendered_reports.load(Ordering::Relaxed)
                    ));
                    done
                };
                // Side by side: a rebuild's agency stage is mostly linking files
                // (system time) while the period's files are computing, the
                // period's longest file (scores.json) no longer leaves a core
                // idle, and the books of groups where ranks moved fill the gaps.
                let (period_done, (agencies_done, books_done)) =
                    rayon::join(period_files, || rayon::join(agency_pages, print_books));
                period_done?;
                agencies_done?;
                books_done?;
                for (kind, secs) in job_times.into_inner().unwrap_or_default() {
                    crate::timing::note(&format!("  {kind:<22} {secs:>8.3} s of CPU"));
                }
                crate::timing::note(&format!(
                    "{} of {} agencies' pages carried over",
                    carried.load(Ordering::Relaxed),
                    p.agencies.len()
                ));
                stages.lap("period files, agency pages, books");
                Ok(())
            };
            let (workbook, others) = rayon::join(xlsx, rest);
            workbook?;
            others?;
        }
        Ok(())
    };
    let (site_done, periods_done) = rayon::join(site_pages, periods);
    site_done?;
    periods_done?;
    if plan.update {
        w.remove_the_rest(plan.had);
        stages.lap("files no longer in the site removed");
    }
    let mut listed: Vec<String> = w
        .listed
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .collect();
    listed.sort_unstable();
    Ok(Written {
        pages: pages.load(Ordering::Relaxed),
        files: w.files.load(Ordering::Relaxed),
        carried: w.carried.load(Ordering::Relaxed),
        deferred: deferred.into_inner().unwrap_or_default(),
        listed,
    })
}

/// How `write_site` may save work: pages carried over, print files put off.
struct Plan<'a, 'c> {
    /// The output folder, for messages.
    shown: &'a Path,
    reuse: Option<&'a carry::Reuse<'c>>,
    defer: bool,
    /// `root` holds a previous site to update (`BuildOptions::in_place`, or
    /// the spare), not an empty folder.
    update: bool,
    /// The files that site holds, when recorded (the spare's).
    had: Option<&'a [String]>,
}

/// The period's `scores.json`, each unchanged agency's entry copied from
/// the previous one (its place there recorded), the others serialized.
fn scores_json(
    facts: &view::PeriodFacts,
    reuse: Option<&carry::Reuse>,
    keys: &[Option<u64>],
    w: &Writer,
) -> Result<(), BuildFailure> {
    use std::io::Write;
    let p = facts.period;
    let rel = paths::scores_json(&p.id);
    let old = reuse.and_then(|r| Some((r, r.previous_file(&rel)?)));
    let copied = AtomicUsize::new(0);
    let entry = |i: usize| {
        let (r, _) = old.as_ref()?;
        let id = &p.agencies[i].id;
        let span = r
            .unchanged(&p.id, id, keys[i])
            .then(|| r.scores_json_span(&p.id, id))
            .flatten();
        if span.is_some() {
            copied.fetch_add(1, Ordering::Relaxed);
        }
        span
    };
    let previous = old.as_ref().map(|(_, file)| export::Previous {
        file,
        entry: &entry,
    });
    let mut spans = None;
    let mut write = |previous: Option<&export::Previous>| {
        w.with_file(&rel, |file| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
            let written = export::write_scores_json_reusing(&mut out, p, facts.scores, previous)
                .and_then(|s| out.flush().map(|()| s));
            spans = Some(written.map_err(|e| format!("cannot write the file: {e}"))?);
            Ok(())
        })
    };
    // A previous file that is not as recorded (changed by hand) costs only
    // the time of writing the document whole.
    if write(previous.as_ref()).is_err() {
        copied.store(0, Ordering::Relaxed);
        write(None)?;
    }
    crate::timing::note(&format!(
        "{} of {} entries of scores.json copied from the previous one",
        copied.load(Ordering::Relaxed),
        p.agencies.len()
    ));
    if let (Some(r), Some(spans)) = (reuse, spans) {
        r.record_scores_json(p, spans);
    }
    Ok(())
}

/// A large period's indicator rows, a workbook per group (by each agency's
/// nearest group; those outside every group in the period's own), each
/// carried over while its agencies are unchanged.
fn indicator_workbooks(
    facts: &view::PeriodFacts,
    reuse: Option<&carry::Reuse>,
    w: &Writer,
) -> Result<(), BuildFailure> {
    let p = facts.period;
    let mut by_group: std::collections::BTreeMap<Option<&str>, Vec<usize>> = Default::default();
    for (i, a) in p.agencies.iter().enumerate() {
        by_group.entry(a.group.as_deref()).or_default().push(i);
    }
    let parts: Vec<(Option<&str>, Vec<usize>)> = by_group.into_iter().collect();
    parts
        .par_iter()
        .with_max_len(1)
        .try_for_each(|(group, members)| {
            let rel = paths::indicators_xlsx(&p.id, *group);
            if let Some(r) = reuse {
                let key = r.workbook_key(facts, *group, members);
                if r.carry_workbook(&p.id, *group, key, &rel, w) {
                    return Ok(());
                }
            }
            let title = group.map_or_else(String::new, |g| facts.group_name(g));
            w.with_file(&rel, |file| {
                let out = std::io::BufWriter::with_capacity(1 << 16, file);
                crate::xlsx::scores::write_indicators_xlsx(p, facts.scores, members, &title, out)
                    .map_err(|e| format!("cannot make the workbook: {e}"))
            })
        })
}

fn write_xlsx(
    p: &crate::model::Period,
    scores: &[score::AgencyScore],
    file: std::fs::File,
) -> Result<(), String> {
    let out = std::io::BufWriter::with_capacity(1 << 20, file);
    crate::xlsx::scores::write_scores_xlsx(p, scores, out)
        .map_err(|e| format!("cannot make the workbook: {e}"))
}

/// Writes the files put off into the site now in place at `out`, each into a
/// temporary file renamed over its stand-in (never written through it: the
/// stand-in may be a link to the previous site's file).
fn write_deferred(
    data: &SiteData,
    renderer: &Renderer,
    out: &Path,
    deferred: Vec<Deferred>,
) -> Result<(), BuildFailure> {
    if deferred.is_empty() {
        return Ok(());
    }
    let all = data.facts();
    deferred.par_iter().with_max_len(1).try_for_each(|d| {
        let (facts, rel) = match d {
            Deferred::Book(p, g) => {
                let f = &all[*p];
                let rel = match g {
                    Some(g) => paths::group_book(&f.period.id, g),
                    None => paths::book(&f.period.id),
                };
                (f, rel)
            }
            Deferred::Xlsx(p) => (&all[*p], paths::scores_xlsx(&all[*p].period.id)),
        };
        let path = out.join(&rel);
        let tmp = path.with_extension(format!("tmp-{}", std::process::id()));
        let written = match d {
            Deferred::Book(_, g) => renderer
                .render(
                    "book.html",
                    &view::book_page(data, &all, facts, g.as_deref(), &|_, _| None),
                )
                .map_err(|e| format!("rendering {rel} failed: {e}"))
                .and_then(|html| std::fs::write(&tmp, html).map_err(|e| e.to_string())),
            Deferred::Xlsx(_) => std::fs::File::create(&tmp)
                .map_err(|e| e.to_string())
                .and_then(|f| write_xlsx(facts.period, facts.scores, f)),
        }
        .and_then(|()| std::fs::rename(&tmp, &path).map_err(|e| e.to_string()));
        written.map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            fail(&path, e, "run the build again")
        })
    })
}

/// One file of a period written in the parallel batch of its own files.
#[derive(Clone, Copy)]
enum PeriodJob {
    Json,
    Csv,
    Period,
    Methodology,
    Groups,
    Clusters,
    Verification,
    Actions,
    Checklist,
    Group(usize),
    Criterion(crate::model::NodeIx),
    /// Page `k` (from 0) of a large period's full ranking.
    Ranking(usize),
}

impl PeriodJob {
    fn kind(self) -> &'static str {
        match self {
            PeriodJob::Json => "scores.json",
            PeriodJob::Csv => "scores.csv",
            PeriodJob::Period => "period page",
            PeriodJob::Methodology => "methodology page",
            PeriodJob::Groups
            | PeriodJob::Clusters
            | PeriodJob::Verification
            | PeriodJob::Actions
            | PeriodJob::Checklist => "period summaries",
            PeriodJob::Group(_) => "group pages",
            PeriodJob::Ranking(_) => "ranking pages",
            PeriodJob::Criterion(_) => "criterion pages",
        }
    }
}

/// Runs `job`, adding its time to `kind`'s total.
fn timed<T>(
    times: &Mutex<std::collections::BTreeMap<&'static str, f64>>,
    kind: &'static str,
    job: impl FnOnce() -> T,
) -> T {
    let started = Instant::now();
    let result = job();
    if let Ok(mut t) = times.lock() {
        *t.entry(kind).or_default() += started.elapsed().as_secs_f64();
    }
    result
}

/// Lets one closure write pages of every context type.
trait ErasedPage: Sync {
    fn write_with(
        &self,
        w: &Writer,
        r: &Renderer,
        template: &str,
        rel: &str,
    ) -> Result<(), BuildFailure>;
}

impl<T: serde::Serialize + Sync> ErasedPage for T {
    fn write_with(
        &self,
        w: &Writer,
        r: &Renderer,
        template: &str,
        rel: &str,
    ) -> Result<(), BuildFailure> {
        w.page(r, template, rel, self)
    }
}
