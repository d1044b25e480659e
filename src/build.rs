//! Building the site: load, check, score, render every page into a staging
//! folder beside the output, then swap it in whole. A failed build leaves the
//! previous site as it was; tolok never deletes a folder it did not create.

use rayon::prelude::*;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::cache::Cache;
use crate::carry;
use crate::content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::export;
use crate::model::Model;
use crate::render::{theme::Theme, Renderer};
use crate::score;
use crate::view::{self, paths, PeriodFacts, SiteData};

/// The file that marks a folder as a site written by tolok (and so safe to replace).
pub const MARKER: &str = ".tolok-site";

#[derive(Debug, Default, Clone)]
pub struct BuildOptions {
    /// A theme folder overriding the default theme (wins over site.yaml's `theme:`).
    pub theme: Option<PathBuf>,
    /// Read every file and render every page, ignoring (and not writing) the build cache.
    pub no_cache: bool,
}

/// The build cache's folder: `.tolok.cache/` beside the output folder.
pub fn cache_dir(out: &Path) -> PathBuf {
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join(".tolok.cache")
}

/// What the agency pages of this build may be carried over from.
struct Reuse<'a> {
    cache: Option<&'a Cache>,
    /// The previous site, when tolok wrote it.
    previous: Option<&'a Path>,
    site_key: u64,
    framework_keys: &'a std::collections::BTreeMap<String, u64>,
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
}

impl From<Diagnostics> for BuildFailure {
    fn from(d: Diagnostics) -> Self {
        BuildFailure {
            diagnostics: d.sorted(),
        }
    }
}

fn fail(file: impl Into<PathBuf>, message: String, hint: &str) -> BuildFailure {
    BuildFailure {
        diagnostics: vec![Diagnostic::error(file, message).hint(hint)],
    }
}

pub fn build(
    content_dir: &Path,
    out: &Path,
    options: &BuildOptions,
) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let mut stages = crate::timing::Stages::new();
    check_output_location(content_dir, out)?;
    let cache = (!options.no_cache).then(|| Cache::open(&cache_dir(out)));
    let loaded = content::load_cached(content_dir, cache.as_ref());
    stages.lap("load and check");
    let mut diags = loaded.diagnostics;
    let model = loaded.model;
    let framework_keys = loaded.framework_fingerprints;
    let theme_dir = options.theme.clone().or_else(|| model.site.theme.clone());
    let theme = Theme::load(theme_dir.as_deref(), &mut diags);
    let renderer = Renderer::new(&theme, model.site.language.code(), &mut diags);
    if diags.has_errors() {
        return Err(diags.into());
    }
    let Some(renderer) = renderer else {
        return Err(diags.into());
    };

    stages.lap("theme");
    let scores: Vec<Vec<score::AgencyScore>> =
        model.periods.iter().map(score::score_period).collect();
    stages.lap("score");
    let data = SiteData {
        model: &model,
        scores,
        labels: renderer.labels().clone(),
    };

    let staging = sibling(out, "staging")?;
    let reuse = Reuse {
        cache: cache.as_ref(),
        previous: out.join(MARKER).is_file().then_some(out),
        site_key: crate::cache::hash_of((
            &theme.files,
            &model.site.title,
            model.site.language.code(),
            &model.site.base_url,
        )),
        framework_keys: &framework_keys,
    };
    let result = write_site(&data, &renderer, &theme, &staging, &reuse, &mut stages);
    let written = match result {
        Ok(written) => written,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    publish(&staging, out, &written.moved)?;
    stages.lap("publish");
    if let Some(cache) = &cache {
        // The cache is an optimisation: failing to write it fails nothing.
        let _ = cache.save(&model);
        for (period, keys) in &written.page_keys {
            let _ = cache.save_page_keys(period, keys);
        }
        stages.lap("save cache");
    }
    let report = BuildReport {
        periods: model.periods.len(),
        agencies: model.periods.iter().map(|p| p.agencies.len()).sum(),
        pages: written.pages,
        files: written.files,
        warnings: diags.sorted(),
        elapsed: started.elapsed(),
    };
    // Freeing a model of thousands of agencies takes a noticeable share of a
    // rebuild: it happens beside the caller (or not at all if the process ends).
    let SiteData { scores, .. } = data;
    std::thread::spawn(move || drop((model, scores)));
    Ok(report)
}

/// The output must not be the content tree, inside it or around it, nor `/` or the home folder.
fn check_output_location(content_dir: &Path, out: &Path) -> Result<(), BuildFailure> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        // Canonicalize the longest existing ancestor so links and `..` cannot hide the truth.
        let mut existing = p.clone();
        let mut rest = Vec::new();
        while !existing.exists() {
            match (
                existing.file_name().map(|n| n.to_os_string()),
                existing.parent(),
            ) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    existing = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut real = existing.canonicalize().unwrap_or(existing);
        for name in rest.into_iter().rev() {
            real.push(name);
        }
        real
    };
    let out_abs = absolute(out);
    let content_abs = absolute(content_dir);
    let shown = out.display();
    if out_abs.parent().is_none() {
        return Err(fail(
            out,
            format!("refusing to write the site to `{shown}`, the root folder"),
            "name a folder of its own, e.g. `--out public`",
        ));
    }
    if std::env::var_os("HOME").map(|h| absolute(Path::new(&h))) == Some(out_abs.clone()) {
        return Err(fail(
            out,
            format!("refusing to write the site to `{shown}`, the home folder"),
            "name a folder of its own, e.g. `--out public`",
        ));
    }
    if out_abs == content_abs
        || out_abs.starts_with(&content_abs)
        || content_abs.starts_with(&out_abs)
    {
        return Err(fail(
            out,
            format!("refusing to write the site to `{shown}`: it is, contains or lies inside the content folder `{}`", content_dir.display()),
            "write the site beside the content, e.g. `--out public`",
        ));
    }
    Ok(())
}

/// A fresh folder beside `out`, e.g. `.public.tolok-staging-1234`.
fn sibling(out: &Path, what: &str) -> Result<PathBuf, BuildFailure> {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !parent.is_dir() {
        std::fs::create_dir_all(parent).map_err(|e| {
            fail(
                parent,
                format!("cannot create the folder: {e}"),
                "check permissions",
            )
        })?;
    }
    let dir = parent.join(format!(".{name}.tolok-{what}-{}", std::process::id()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| {
            fail(
                &dir,
                format!("cannot clear a leftover folder: {e}"),
                "remove it by hand",
            )
        })?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| {
        fail(
            &dir,
            format!("cannot create the staging folder: {e}"),
            "check permissions of the output's parent folder",
        )
    })?;
    Ok(dir)
}

/// Swaps the complete staging folder in place of `out`. On failure the
/// folders `moved` out of `out` go back first, so `out` stays whole.
fn publish(staging: &Path, out: &Path, moved: &[carry::Move]) -> Result<(), BuildFailure> {
    let cleanup = |e: BuildFailure| {
        carry::undo(moved);
        let _ = std::fs::remove_dir_all(staging);
        e
    };
    if out.exists() {
        let ours = out.join(MARKER).is_file();
        let empty = out
            .read_dir()
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !out.is_dir() || !(ours || empty) {
            return Err(cleanup(fail(
                out,
                format!(
                    "`{}` exists and was not written by tolok; refusing to replace it",
                    out.display()
                ),
                "choose another --out folder, or empty this one yourself",
            )));
        }
        let old = sibling(out, "old").map_err(cleanup)?;
        std::fs::remove_dir(&old).ok();
        std::fs::rename(out, &old).map_err(|e| {
            cleanup(fail(
                out,
                format!("cannot move the previous site aside: {e}"),
                "check permissions",
            ))
        })?;
        if let Err(e) = std::fs::rename(staging, out) {
            let _ = std::fs::rename(&old, out);
            return Err(cleanup(fail(
                out,
                format!("cannot put the new site in place: {e}"),
                "check permissions",
            )));
        }
        remove_tree(&old);
    } else {
        std::fs::rename(staging, out).map_err(|e| {
            cleanup(fail(
                out,
                format!("cannot put the new site in place: {e}"),
                "check permissions",
            ))
        })?;
    }
    Ok(())
}

struct Writer<'a> {
    root: &'a Path,
    files: AtomicUsize,
    /// Folders already created: each is made once, not once per file.
    dirs: Mutex<HashSet<PathBuf>>,
}

impl Writer<'_> {
    fn ensure_dir(&self, dir: &Path) -> Result<(), BuildFailure> {
        if self.dirs.lock().map(|d| d.contains(dir)).unwrap_or(false) {
            return Ok(());
        }
        std::fs::create_dir_all(dir).map_err(|e| {
            fail(
                dir,
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
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            self.ensure_dir(parent)?;
        }
        std::fs::write(&path, bytes).map_err(|e| {
            fail(
                &path,
                format!("cannot write the file: {e}"),
                "check disk space and permissions",
            )
        })?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Writes the file `rel` through a buffer as `fill` produces it.
    fn stream(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), BuildFailure> {
        use std::io::Write;
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            self.ensure_dir(parent)?;
        }
        let result = std::fs::File::create(&path).and_then(|f| {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, f);
            fill(&mut out)?;
            out.flush()
        });
        result.map_err(|e| {
            fail(
                &path,
                format!("cannot write the file: {e}"),
                "check disk space and permissions",
            )
        })?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
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

    fn copy(&self, from: &Path, rel: &str) -> Result<(), BuildFailure> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            self.ensure_dir(parent)?;
        }
        std::fs::copy(from, &path).map_err(|e| {
            fail(
                from,
                format!("cannot copy the attachment: {e}"),
                "check that it is readable",
            )
        })?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// What `write_site` did.
struct Written {
    pages: usize,
    files: usize,
    /// Agency folders moved from the previous site.
    moved: Vec<carry::Move>,
    /// Per period, the key of each agency page now in the site.
    page_keys: Vec<(String, std::collections::HashMap<String, u64>)>,
}

/// Renders and writes every file, carrying unchanged agency pages over.
fn write_site(
    data: &SiteData,
    renderer: &Renderer,
    theme: &Theme,
    root: &Path,
    reuse: &Reuse,
    stages: &mut crate::timing::Stages,
) -> Result<Written, BuildFailure> {
    let w = Writer {
        root,
        files: AtomicUsize::new(0),
        dirs: Mutex::new(HashSet::new()),
    };
    let pages = AtomicUsize::new(0);
    let page = |template: &str, rel: &str, ctx: &dyn ErasedPage| -> Result<(), BuildFailure> {
        pages.fetch_add(1, Ordering::Relaxed);
        ctx.write_with(&w, renderer, template, rel)
    };
    w.write(
        MARKER,
        b"This folder was written by tolok; the next build replaces it whole.\n",
    )?;
    for (name, bytes) in theme.statics() {
        w.write(&format!("_assets/{name}"), bytes)?;
    }
    page("home.html", &paths::home(), &view::home_page(data))?;

    let model: &Model = data.model;
    let all_facts: Vec<PeriodFacts> = model
        .periods
        .iter()
        .zip(&data.scores)
        .map(|(p, scores)| PeriodFacts::new(p, scores))
        .collect();
    let mut moves: Vec<(usize, usize, carry::Move)> = Vec::new();
    let mut page_keys = Vec::new();
    for (pi, facts) in all_facts.iter().enumerate() {
        let p = facts.period;
        let scores = facts.scores;
        // The period's own files, each one task, on every core at once: the
        // scores, the period page and the criterion pages are each as long as
        // the period has agencies.
        let fw = &p.framework;
        let mut jobs = vec![PeriodJob::Json, PeriodJob::Period, PeriodJob::Csv];
        jobs.extend(
            view::criterion_pages(fw)
                .into_iter()
                .map(PeriodJob::Criterion),
        );
        jobs.push(PeriodJob::Methodology);
        jobs.extend((0..p.groups.len()).map(PeriodJob::Group));
        jobs.par_iter()
            .with_max_len(1)
            .try_for_each(|job| match *job {
                // Streamed to the file: at 20,000 agencies the document is hundreds of MB.
                PeriodJob::Json => w.stream(&paths::scores_json(&p.id), |out| {
                    export::write_scores_json(out, p, scores)
                }),
                PeriodJob::Csv => w.write(
                    &paths::scores_csv(&p.id),
                    export::scores_csv(p, scores).as_bytes(),
                ),
                PeriodJob::Period => page(
                    "period.html",
                    &paths::period(&p.id),
                    &view::period_page(data, facts),
                ),
                PeriodJob::Methodology => page(
                    "methodology.html",
                    &paths::methodology(&p.id),
                    &view::methodology_page(data, p),
                ),
                PeriodJob::Group(gi) => page(
                    "group.html",
                    &paths::group(&p.id, &p.groups[gi].id),
                    &view::group_page(data, facts, gi),
                ),
                PeriodJob::Criterion(c) => page(
                    "criterion.html",
                    &paths::criterion(&p.id, &fw.nodes[c].id, c),
                    &view::criterion_page(data, facts, c),
                ),
            })?;
        stages.lap("period-level pages");
        let keys: Vec<Option<u64>> = match reuse.cache {
            Some(cache) => {
                let fw = reuse.framework_keys.get(&p.framework.id).copied();
                carry::page_keys(facts, cache, reuse.site_key, fw.unwrap_or(0))
            }
            None => vec![None; p.agencies.len()],
        };
        let old_keys = match (reuse.cache, reuse.previous) {
            (Some(cache), Some(_)) => cache.page_keys(&p.id),
            _ => Default::default(),
        };
        let carried: Vec<Option<PathBuf>> = (0..p.agencies.len())
            .into_par_iter()
            .map(|i| {
                let previous = reuse.previous?;
                carry::reusable(previous, &old_keys, &p.id, &p.agencies[i].id, keys[i])
            })
            .collect();
        let agency_page = |i: usize| -> Result<(), BuildFailure> {
            let a = &p.agencies[i];
            for rel in &a.attachments {
                w.copy(&a.dir.join(rel), &paths::attachment(&p.id, &a.id, rel))?;
            }
            page(
                "agency.html",
                &paths::agency(&p.id, &a.id),
                &view::agency_page(data, facts, i),
            )
        };
        (0..p.agencies.len())
            .into_par_iter()
            .filter(|&i| carried[i].is_none())
            .try_for_each(agency_page)?;
        for (i, from) in carried.into_iter().enumerate() {
            let Some(from) = from else { continue };
            let a = &p.agencies[i];
            let to = root.join(paths::agency(&p.id, &a.id));
            let to = to.parent().map(Path::to_path_buf).unwrap_or(to);
            let files = 1 + a.attachments.len();
            moves.push((pi, i, carry::Move { from, to, files }));
        }
        page_keys.push((
            p.id.clone(),
            p.agencies
                .iter()
                .zip(&keys)
                .filter_map(|(a, k)| k.map(|k| (a.id.clone(), k)))
                .collect(),
        ));
        stages.lap("agency pages");
    }
    // Last, when nothing can fail any more: move the unchanged agency folders
    // over; any that cannot be moved are rendered after all.
    let (plan, targets): (Vec<carry::Move>, Vec<(usize, usize)>) =
        moves.into_iter().map(|(pi, i, m)| (m, (pi, i))).unzip();
    let by_target: std::collections::HashMap<PathBuf, (usize, usize)> =
        plan.iter().map(|m| m.to.clone()).zip(targets).collect();
    let (moved, failed) = carry::apply(plan);
    for m in &moved {
        pages.fetch_add(1, Ordering::Relaxed);
        w.files.fetch_add(m.files, Ordering::Relaxed);
    }
    let fallback = failed.iter().try_for_each(|m| {
        let Some(&(pi, i)) = by_target.get(&m.to) else {
            return Ok(());
        };
        let (facts, a) = (&all_facts[pi], &all_facts[pi].period.agencies[i]);
        let p = facts.period;
        for rel in &a.attachments {
            w.copy(&a.dir.join(rel), &paths::attachment(&p.id, &a.id, rel))?;
        }
        page(
            "agency.html",
            &paths::agency(&p.id, &a.id),
            &view::agency_page(data, facts, i),
        )
    });
    if let Err(e) = fallback {
        carry::undo(&moved);
        return Err(e);
    }
    stages.lap("carry over");
    Ok(Written {
        pages: pages.load(Ordering::Relaxed),
        files: w.files.load(Ordering::Relaxed),
        moved,
        page_keys,
    })
}

/// One file of a period that is not an agency page.
#[derive(Clone, Copy)]
enum PeriodJob {
    Json,
    Csv,
    Period,
    Methodology,
    Group(usize),
    Criterion(crate::model::NodeIx),
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

/// Removes a folder tree, its subfolders two levels down in parallel: a
/// previous site of thousands of agencies has tens of thousands of files.
fn remove_tree(dir: &Path) {
    let children = |d: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(d)
            .map(|r| {
                r.filter_map(Result::ok)
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .map(|e| e.path())
                    .collect()
            })
            .unwrap_or_default()
    };
    let grandchildren: Vec<PathBuf> = children(dir).iter().flat_map(|c| children(c)).collect();
    grandchildren.par_iter().for_each(|d| {
        let _ = std::fs::remove_dir_all(d);
    });
    let _ = std::fs::remove_dir_all(dir);
}
