//! What a site is made of, as a table of contents: its marker and assets,
//! the site-wide pages, and for each period its data files and workbooks,
//! its own pages, its agencies' pages and its books. Each family of files
//! is one named step; `write_site` alone decides what runs beside what.
//!
//! The steps say which pages exist and where they go; the views say what a
//! page holds, the renderer how it reads, the writer where its bytes land.

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use super::data_files::{indicator_workbooks, scores_json, write_xlsx};
use super::incremental::{Job, Rebuild};
use super::writer::{ErasedPage, Writer};
use super::{BuildFailure, Deferred, MARKER};
use crate::export;
use crate::render::{theme::Theme, Renderer};
use crate::view::{self, paths, PeriodFacts, SiteData};

/// What writing the site did.
pub(super) struct Written {
    pub(super) pages: usize,
    pub(super) files: usize,
    /// Of `files`, those carried over from the previous site.
    pub(super) carried: usize,
    pub(super) deferred: Vec<Deferred>,
    /// Every file, as a path below the site.
    pub(super) listed: Vec<String>,
    pub(super) reused: Reused,
}

/// What a build carried over from the previous one, by kind (all 0 for a
/// build without the cache): what tests and the curious read, instead of
/// timing lines.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Reused {
    /// Agencies whose pages were carried over whole.
    pub agencies: usize,
    /// Reports in books written again, taken from the books they replace.
    pub reports_taken: usize,
    /// Reports in books written again, rendered.
    pub reports_rendered: usize,
    /// Entries of `scores.json` copied from the previous file.
    pub scores_json_entries: usize,
}

/// How `write_site` may save work: pages carried over, print files put off.
pub(super) struct Plan<'a, 'c> {
    /// The output folder, for messages.
    pub(super) shown: &'a Path,
    pub(super) rebuild: Option<&'a Rebuild<'c>>,
    pub(super) defer: bool,
    /// `root` holds a previous site to update (`BuildOptions::in_place`, or
    /// the spare), not an empty folder.
    pub(super) update: bool,
    /// The files that site holds, when recorded (the spare's).
    pub(super) had: Option<&'a [String]>,
}

/// Renders and writes every file of the site below `root`.
pub(super) fn write_site(
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
        dirs: Mutex::new(Default::default()),
        carried: AtomicUsize::new(0),
        update: plan.update,
        listed: Mutex::new(Default::default()),
        had: plan
            .had
            .map(|files| files.iter().map(String::as_str).collect()),
    };
    let all = data.facts();
    let site = Site {
        data,
        renderer,
        all: &all,
        w: &w,
        rebuild: plan.rebuild,
        defer: plan.defer,
        deferred: Mutex::new(Vec::new()),
        pages: AtomicUsize::new(0),
        progress,
        carried_agencies: AtomicUsize::new(0),
        reports_taken: AtomicUsize::new(0),
        reports_rendered: AtomicUsize::new(0),
        entries_copied: AtomicUsize::new(0),
    };

    site.marker_and_assets(theme)?;
    // The site-wide pages beside the periods (the search index of a national
    // tree alone is a fifth of a second); each period's workbooks beside the
    // rest of it (the longest single job of a large period).
    let (site_done, periods_done) = rayon::join(
        || site.site_pages(),
        || -> Result<(), BuildFailure> {
            for facts in &all {
                let (workbooks, rest) =
                    rayon::join(|| site.workbooks(facts), || site.period(facts));
                workbooks?;
                rest?;
                stages.lap("period files, agency pages, books");
            }
            Ok(())
        },
    );
    site_done?;
    periods_done?;
    let pages = site.pages.load(Ordering::Relaxed);
    let reused = Reused {
        agencies: site.carried_agencies.load(Ordering::Relaxed),
        reports_taken: site.reports_taken.load(Ordering::Relaxed),
        reports_rendered: site.reports_rendered.load(Ordering::Relaxed),
        scores_json_entries: site.entries_copied.load(Ordering::Relaxed),
    };
    let deferred = site.deferred.into_inner().unwrap_or_default();
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
        pages,
        files: w.files.load(Ordering::Relaxed),
        carried: w.carried.load(Ordering::Relaxed),
        deferred,
        listed,
        reused,
    })
}

/// One build's writing of the site: what every step shares.
struct Site<'a, 'c> {
    data: &'a SiteData<'a>,
    renderer: &'a Renderer,
    all: &'a [PeriodFacts<'a>],
    w: &'a Writer<'a>,
    rebuild: Option<&'a Rebuild<'c>>,
    /// Books and workbooks may be put off (`serve`).
    defer: bool,
    deferred: Mutex<Vec<Deferred>>,
    pages: AtomicUsize,
    progress: &'a crate::progress::Progress,
    carried_agencies: AtomicUsize,
    reports_taken: AtomicUsize,
    reports_rendered: AtomicUsize,
    entries_copied: AtomicUsize,
}

impl Site<'_, '_> {
    /// Renders the page `rel` from `template`.
    fn page(&self, template: &str, rel: &str, ctx: &dyn ErasedPage) -> Result<(), BuildFailure> {
        self.pages.fetch_add(1, Ordering::Relaxed);
        self.progress.step();
        ctx.write_with(self.w, self.renderer, template, rel)
    }

    /// A book or workbook put off: the previous one stands in until it is
    /// written (`serve`). False when it is to be written now.
    fn put_off(&self, what: Deferred, rel: &str) -> bool {
        let stood_in = self.defer && self.rebuild.is_some_and(|r| r.stand_in(rel, self.w));
        if stood_in {
            if let Ok(mut d) = self.deferred.lock() {
                d.push(what);
            }
        }
        stood_in
    }

    /// The marker that says tolok wrote the folder, and the theme's static files.
    fn marker_and_assets(&self, theme: &Theme) -> Result<(), BuildFailure> {
        self.w.write(
            MARKER,
            b"This folder was written by tolok; the next build replaces it whole.\n",
        )?;
        for (name, bytes) in theme.statics() {
            self.w.write(&format!("_assets/{name}"), bytes)?;
        }
        Ok(())
    }

    /// The home page, the search index and page, and the changes page.
    fn site_pages(&self) -> Result<(), BuildFailure> {
        let (data, started) = (self.data, Instant::now());
        self.page(
            "home.html",
            &paths::home(),
            &view::home_page(data, self.all),
        )?;
        self.w.stream(crate::search::INDEX_PATH, |out| {
            crate::search::write_index_js(out, &crate::search::index(data))
        })?;
        self.page(
            "search.html",
            &paths::search(),
            &crate::search::search_page(data),
        )?;
        if let Some(changes) = view::changes_page(data) {
            self.page("changes.html", &paths::changes(), &changes)?;
        }
        note_time("home and search", started);
        Ok(())
    }

    /// The period's `scores.xlsx`, and a large period's indicator workbooks.
    fn workbooks(&self, facts: &PeriodFacts) -> Result<(), BuildFailure> {
        let (p, started) = (facts.period, Instant::now());
        let rel = paths::scores_xlsx(&p.id);
        if !self.put_off(Deferred::Xlsx(facts.position), &rel) {
            self.w
                .with_file(&rel, |file| write_xlsx(p, facts.scores, file))?;
        }
        if view::is_large(p) {
            indicator_workbooks(facts, self.rebuild, self.w)?;
        }
        note_time("workbooks", started);
        Ok(())
    }

    /// Everything of a period but its workbooks: its own files, its
    /// agencies' pages and its books, side by side (a rebuild's agency step
    /// is mostly linking files while the period's files compute, and the
    /// books of groups whose ranks moved fill the gaps).
    fn period(&self, facts: &PeriodFacts) -> Result<(), BuildFailure> {
        if let Some(r) = self.rebuild {
            r.keys(self.data, self.all, facts);
        }
        let (period_done, (agencies_done, books_done)) = rayon::join(
            || self.period_files(facts),
            || rayon::join(|| self.agency_pages(facts), || self.books(facts)),
        );
        period_done?;
        agencies_done?;
        books_done
    }

    /// The period's data files and pages: scores, the period page, the
    /// methodology, the summaries, the group, ranking and criterion pages,
    /// each one task on every core at once.
    fn period_files(&self, facts: &PeriodFacts) -> Result<(), BuildFailure> {
        let (data, all, p) = (self.data, self.all, facts.period);
        let fw = &p.framework;
        let group_pages = view::group_pages(data, all, facts);
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
        let times = Mutex::new(BTreeMap::<&str, f64>::new());
        let done = jobs.par_iter().with_max_len(1).try_for_each(|job| {
            timed(&times, job.kind(), || match *job {
                // Both streamed to their files: at 20,000 agencies scores.json is hundreds of MB.
                PeriodJob::Json => scores_json(facts, self.rebuild, self.w).map(|n| {
                    self.entries_copied.fetch_add(n, Ordering::Relaxed);
                }),
                PeriodJob::Csv => self.w.stream(&paths::scores_csv(&p.id), |out| {
                    export::write_scores_csv(out, p, facts.scores)
                }),
                PeriodJob::Period => self.page(
                    "period.html",
                    &paths::period(&p.id),
                    &view::period_page(data, all, facts),
                ),
                PeriodJob::Methodology => self.page(
                    "methodology.html",
                    &paths::methodology(&p.id),
                    &view::methodology_page(data, p),
                ),
                PeriodJob::Groups => self.page(
                    "groups.html",
                    &paths::groups(&p.id),
                    &view::groups_page(data, facts),
                ),
                PeriodJob::Clusters => self.page(
                    "clusters.html",
                    &paths::clusters(&p.id),
                    &view::clusters_page(data, all, facts),
                ),
                PeriodJob::Verification => self.page(
                    "verification.html",
                    &paths::verification(&p.id),
                    &view::verification_page(data, facts),
                ),
                PeriodJob::Actions => self.page(
                    "actions.html",
                    &paths::actions(&p.id),
                    &view::actions_page(data, facts),
                ),
                PeriodJob::Checklist => match view::checklist_page(data, facts) {
                    Some(ctx) => self.page("checklist.html", &paths::checklist(&p.id), &ctx),
                    None => Ok(()),
                },
                PeriodJob::Group(gi) => self.page(
                    "group.html",
                    &paths::group(&p.id, &p.groups[gi].id),
                    &group_pages[gi],
                ),
                PeriodJob::Ranking(k) => self.page(
                    "ranking.html",
                    &paths::ranking(&p.id, k + 1),
                    &view::ranking_page(data, all, facts, k),
                ),
                PeriodJob::Criterion(c) => self.page(
                    "criterion.html",
                    &paths::criterion(&p.id, &fw.nodes[c].id, c),
                    &view::criterion_page(data, all, facts, c),
                ),
            })
        });
        for (kind, secs) in times.into_inner().unwrap_or_default() {
            crate::timing::note(&format!("  {kind:<22} {secs:>8.3} s of CPU"));
        }
        done
    }

    /// Each agency's attachments, peer page, report and page; carried over
    /// whole from the previous site when its key is the one recorded.
    fn agency_pages(&self, facts: &PeriodFacts) -> Result<(), BuildFailure> {
        let (data, all, p) = (self.data, self.all, facts.period);
        let carried = AtomicUsize::new(0);
        let done = (0..p.agencies.len()).into_par_iter().try_for_each(|i| {
            let a = &p.agencies[i];
            if let Some(r) = self.rebuild {
                if let Some(files) = r.carry(&Job::Agency(facts, i), self.w) {
                    self.pages
                        .fetch_add(files - a.attachments.len(), Ordering::Relaxed);
                    carried.fetch_add(1, Ordering::Relaxed);
                    self.progress.step();
                    return Ok(());
                }
            }
            for rel in &a.attachments {
                self.w
                    .copy(&a.dir.join(rel), &paths::attachment(&p.id, &a.id, rel))?;
            }
            if let Some(ctx) = view::peer_page(data, facts, i) {
                self.page("peer.html", &paths::peer(&p.id, &a.id), &ctx)?;
            }
            self.page(
                "report.html",
                &paths::report(&p.id, &a.id),
                &view::report_page(data, all, facts, i),
            )?;
            self.page(
                "agency.html",
                &paths::agency(&p.id, &a.id),
                &view::agency_page(data, all, facts, i),
            )
        });
        let carried = carried.load(Ordering::Relaxed);
        self.carried_agencies.fetch_add(carried, Ordering::Relaxed);
        crate::timing::note(&format!(
            "{carried} of {} agencies' pages carried over",
            p.agencies.len()
        ));
        done
    }

    /// The period's book (when it is small enough) and each group's book;
    /// a book written again takes each unchanged agency's report from the
    /// book it replaces.
    fn books(&self, facts: &PeriodFacts) -> Result<(), BuildFailure> {
        let (data, all, p, started) = (self.data, self.all, facts.period, Instant::now());
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
        let (taken_reports, rendered_reports) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let done = books.par_iter().with_max_len(1).try_for_each(|&group| {
            let rel = match group {
                Some(g) => paths::group_book(&p.id, g),
                None => paths::book(&p.id),
            };
            if let Some(r) = self.rebuild {
                if r.carry(&Job::Book(data, all, facts, group), self.w)
                    .is_some()
                {
                    self.pages.fetch_add(1, Ordering::Relaxed);
                    self.progress.step();
                    return Ok(());
                }
            }
            if self.put_off(
                Deferred::Book(facts.position, group.map(str::to_string)),
                &rel,
            ) {
                self.pages.fetch_add(1, Ordering::Relaxed);
                return Ok(());
            }
            // The unchanged agencies' reports as the book it replaces has them.
            let earlier = self.rebuild.map(|r| r.earlier_book(facts, group));
            let reports = earlier.as_ref().map(|e| e.reports());
            let taken = |i: usize, anchor: &str| {
                let html = reports.as_ref().and_then(|r| r.get(i, anchor));
                let counter = match html {
                    Some(_) => &taken_reports,
                    None => &rendered_reports,
                };
                counter.fetch_add(1, Ordering::Relaxed);
                html
            };
            self.page(
                "book.html",
                &rel,
                &view::book_page(data, all, facts, group, &taken),
            )
        });
        note_time("books", started);
        self.reports_taken
            .fetch_add(taken_reports.load(Ordering::Relaxed), Ordering::Relaxed);
        self.reports_rendered
            .fetch_add(rendered_reports.load(Ordering::Relaxed), Ordering::Relaxed);
        crate::timing::note(&format!(
            "{} of {} reports in books written again taken from the books they replace",
            taken_reports.load(Ordering::Relaxed),
            taken_reports.load(Ordering::Relaxed) + rendered_reports.load(Ordering::Relaxed)
        ));
        done
    }
}

fn note_time(what: &str, started: Instant) {
    let secs = started.elapsed().as_secs_f64();
    crate::timing::note(&format!("  {what:<22} {secs:>8.3} s, beside the rest"));
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
