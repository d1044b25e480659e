//! The command line: clap definitions and one function per command. Each
//! command calls the library and turns its result into output and an exit code.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

use crate::build::{build, BuildOptions};
use crate::content;
use crate::diagnostics::Diagnostic;
use crate::export;
use crate::render::{locale, theme::Theme};
use crate::scaffold;
use crate::score;

/// Exit codes, as documented in the README.
pub const EXIT_OK: u8 = 0;
pub const EXIT_ERRORS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

#[derive(Parser, Debug)]
#[command(name = "tolok", version, about = "Static report generator for Reformasi Birokrasi benchmarking", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the content tree and write the static site.
    Build {
        /// The content folder.
        #[arg(default_value = "content")]
        content: PathBuf,
        /// The output folder; replaced whole when the build succeeds.
        #[arg(long, short, default_value = "public")]
        out: PathBuf,
        /// A theme folder whose files override the default theme's, one by one.
        #[arg(long)]
        theme: Option<PathBuf>,
        /// Add a page of the score changes since this git revision (a commit,
        /// branch or tag), linked from the home page.
        #[arg(long, value_name = "REV")]
        since: Option<String>,
        /// Read every file and render every page: neither read nor write the
        /// build cache (`.OUT.tolok-cache` beside the output folder).
        #[arg(long)]
        no_cache: bool,
    },
    /// Check the content tree only: exit 0 when clean, 1 when there are errors.
    Check {
        /// The content folder.
        #[arg(default_value = "content")]
        content: PathBuf,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Print the scores of one period.
    Score {
        /// The content folder.
        #[arg(default_value = "content")]
        content: PathBuf,
        /// The period id (its folder name); the latest period when left out.
        #[arg(long)]
        period: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ScoreFormat::Table)]
        format: ScoreFormat,
    },
    /// Show the score changes between two git revisions of the content tree.
    ///
    /// Compares REV with REV2 (default: the working tree, uncommitted changes
    /// included): per agency, the index and band before and after, and the
    /// answers that changed. Old revisions are read from git's objects; the
    /// working tree and the index are not touched.
    #[command(
        override_usage = "tolok diff [OPTIONS] REV [REV2] [CONTENT]",
        after_help = "With one argument after REV, an existing folder is taken as CONTENT, anything else as REV2.\nExamples:\n  tolok diff HEAD~1                  last commit's changes plus uncommitted ones\n  tolok diff v2022 main content      between a tag and a branch\n  tolok diff HEAD content --format json"
    )]
    Diff {
        /// The older revision: a commit, branch or tag (`HEAD~1`, `main`, `v2022`).
        #[arg(value_name = "REV")]
        rev: String,
        /// [REV2] [CONTENT]: the newer revision (default: the working tree)
        /// and the content folder (default: `content`).
        #[arg(value_name = "REV2_OR_CONTENT", num_args = 0..=2)]
        rest: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
        format: DiffFormat,
    },
    /// Write a workbook: `export form` writes an agency's answer form.
    Export {
        #[command(subcommand)]
        what: ExportCommand,
    },
    /// Import the answers of a filled answer form into the agency's YAML.
    ///
    /// Every cell is checked first; nothing is written while any is wrong.
    /// An answer already in one of the agency's files is changed there, in
    /// place (comments and everything else kept); new answers go to
    /// `import.yaml` in the agency folder. An empty cell keeps the answer; `-`
    /// clears it. Only the self-assessed `answer` is imported, never `verified`.
    Import {
        /// The filled form (.xlsx), as written by `tolok export form`.
        file: PathBuf,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Show what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Print the printable documents to PDF with a headless Chromium or Chrome.
    ///
    /// Builds the site into a temporary folder, then prints the period's book
    /// and every agency's report (or one agency's report, or one group's book
    /// and reports) into the output folder. Needs Chromium or Chrome: found on
    /// PATH (chromium, chromium-browser, google-chrome, google-chrome-stable,
    /// chrome), or named with --browser or the TOLOK_BROWSER environment variable.
    #[command(
        after_help = "Examples:\n  tolok pdf                                   the latest period's book and reports into pdf/\n  tolok pdf content --period 2022 --agency maluku-utara/disnakertrans\n  tolok pdf --group banten --out lampiran"
    )]
    Pdf {
        /// The content folder.
        #[arg(default_value = "content")]
        content: PathBuf,
        /// The period id; the latest period when left out.
        #[arg(long)]
        period: Option<String>,
        /// Only this agency's report (its id, e.g. `maluku-utara/dinkes`, or the
        /// last part when that is unique).
        #[arg(long, conflicts_with = "group")]
        agency: Option<String>,
        /// Only this group's book and its agencies' reports.
        #[arg(long)]
        group: Option<String>,
        /// The folder for the PDFs (created when missing; files of the same name are replaced).
        #[arg(long, short, default_value = "pdf")]
        out: PathBuf,
        /// The browser program (default: TOLOK_BROWSER, then PATH).
        #[arg(long, value_name = "PATH")]
        browser: Option<PathBuf>,
        /// A theme folder whose files override the default theme's.
        #[arg(long)]
        theme: Option<PathBuf>,
        /// Seconds one print may take before the browser is stopped.
        #[arg(long, default_value_t = 120, value_name = "SECONDS")]
        timeout: u64,
    },
    /// Start a content tree: a small working example to edit (Indonesian, marked as an example).
    Init {
        /// The folder to create; it must not exist or be empty.
        #[arg(default_value = "content")]
        dir: PathBuf,
        /// The id of the example period (its folder name); the current year when left out.
        #[arg(long, value_name = "ID")]
        period: Option<String>,
    },
    /// Preview the site while editing: build, serve, rebuild and reload on every change.
    ///
    /// The site is built into `.tolok-serve/` beside the content folder and
    /// served on 127.0.0.1 (this machine only) by default. `--bind 0.0.0.0`
    /// makes it reachable from other machines of the network.
    Serve {
        /// The content folder.
        #[arg(default_value = "content")]
        content: PathBuf,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The address to listen on; 0.0.0.0 exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
        bind: String,
        /// A theme folder whose files override the default theme's, one by one.
        #[arg(long)]
        theme: Option<PathBuf>,
    },
    /// Add an agency, or start a new period from an earlier one.
    #[command(subcommand)]
    New(NewCommand),
    /// Benchmarks only: read and parse every YAML and Markdown file, nothing else.
    #[command(hide = true)]
    ParseFloor {
        /// The content folder.
        #[arg(default_value = "content")]
        content: PathBuf,
    },
    /// Internal: removes a previous site a build set aside (run in the background by `build`).
    #[command(hide = true)]
    RemoveOld { dir: PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// An agency's answer form (.xlsx): every indicator of the framework, the
    /// current answers, drop-down lists of the allowed answers.
    #[command(
        after_help = "Example:\n  tolok export form 2022/maluku-utara/disnakertrans --out disnakertrans.xlsx"
    )]
    Form {
        /// PERIOD/AGENCY: the period folder and the agency id below it
        /// (e.g. `2022/maluku-utara/disnakertrans`).
        #[arg(value_name = "PERIOD/AGENCY")]
        agency: String,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// The file to write (default: PERIOD-GROUP-AGENCY.xlsx in the current folder).
        #[arg(long, short)]
        out: Option<PathBuf>,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// A new agency folder: agency.yaml and an evidence.yaml listing every
    /// indicator of the period's framework as a comment to fill in.
    #[command(
        after_help = "Example:\n  tolok new agency 2024/maluku-utara/dinkes --name \"Dinas Kesehatan\" --short Dinkes"
    )]
    Agency {
        /// PERIOD/GROUP/ID, e.g. `2024/maluku-utara/dinkes`; missing group folders are created.
        #[arg(value_name = "PERIOD/GROUP/ID")]
        path: String,
        /// The agency's name.
        #[arg(long)]
        name: String,
        /// A short name, e.g. `Dinkes`.
        #[arg(long)]
        short: Option<String>,
        /// The cluster (rumpun) it belongs to.
        #[arg(long)]
        cluster: Option<String>,
        /// The agency of the same period it is benchmarked against, e.g. `banten/dinkes`.
        #[arg(long)]
        peer: Option<String>,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
    /// A new period starting from an earlier one: every agency with its
    /// answers, notes, evidence and attachments; `verified` answers are
    /// dropped (a new round is verified again); narratives are not copied.
    #[command(after_help = "Example:\n  tolok new period 2024 --from 2023")]
    Period {
        /// The new period's id (its folder name), e.g. `2024`.
        #[arg(value_name = "NEW")]
        new: String,
        /// The period to start from.
        #[arg(long, value_name = "OLD")]
        from: String,
        /// The new period's name (default: the old name with its id replaced).
        #[arg(long)]
        name: Option<String>,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    Table,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoreFormat {
    Table,
    Json,
    Csv,
}

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Build {
            content,
            out,
            theme,
            since,
            no_cache,
        } => cmd_build(
            &content,
            &out,
            BuildOptions {
                theme,
                since,
                progress: true,
                no_cache,
                background_removal: false,
                defer_print: false,
                in_place: None,
                compiled: None,
            },
        ),
        Command::Check { content, format } => cmd_check(&content, format),
        Command::Score {
            content,
            period,
            format,
        } => cmd_score(&content, period.as_deref(), format),
        Command::Diff { rev, rest, format } => cmd_diff(&rev, &rest, format),
        Command::Export {
            what:
                ExportCommand::Form {
                    agency,
                    content,
                    out,
                    force,
                },
        } => crate::xlsx::cli::export_form(&agency, &content, out.as_deref(), force),
        Command::Import {
            file,
            content,
            dry_run,
        } => crate::xlsx::cli::import(&file, &content, dry_run),
        Command::Pdf {
            content,
            period,
            agency,
            group,
            out,
            browser,
            theme,
            timeout,
        } => cmd_pdf(
            &content,
            &crate::pdf::PdfOptions {
                period,
                agency,
                group,
                out,
                browser,
                theme,
                timeout: std::time::Duration::from_secs(timeout.max(1)),
            },
        ),
        Command::Init { dir, period } => cmd_init(&dir, period),
        Command::Serve {
            content,
            port,
            bind,
            theme,
        } => crate::serve::serve(&crate::serve::ServeOptions {
            content,
            bind,
            port,
            theme,
        }),
        Command::New(NewCommand::Agency {
            path,
            name,
            short,
            cluster,
            peer,
            content,
        }) => report_written(
            &content,
            scaffold::new_agency(
                &content,
                &scaffold::NewAgency {
                    path,
                    name,
                    short,
                    cluster,
                    peer,
                },
            )
            .map_err(|d| vec![d]),
        ),
        Command::New(NewCommand::Period {
            new,
            from,
            name,
            content,
        }) => report_written(
            &content,
            scaffold::new_period(&content, &new, &from, name.as_deref()),
        ),
        Command::RemoveOld { dir } => {
            if crate::build::remove_old(&dir) {
                EXIT_OK
            } else {
                EXIT_ERRORS
            }
        }
        Command::ParseFloor { content } => {
            let started = std::time::Instant::now();
            let floor = content::floor::parse_floor(&content);
            crate::say!(
                "parsed {} files ({} bytes, {} failed) in {:.2} s",
                floor.files,
                floor.bytes,
                floor.failed,
                started.elapsed().as_secs_f64()
            );
            EXIT_OK
        }
    }
}

fn cmd_init(dir: &Path, period: Option<String>) -> u8 {
    let period = period.unwrap_or_else(|| scaffold::current_year().to_string());
    let code = report_written(dir, scaffold::init(dir, &period).map_err(|d| vec![d]));
    if code == EXIT_OK {
        crate::say!(
            "next: `tolok check {0}`, then `tolok serve {0}` to see the site while you edit (BACA-SAYA.md explains more)",
            dir.display()
        );
    }
    code
}

/// Lists what a scaffolding command wrote (or why it wrote nothing).
fn report_written(root: &Path, result: Result<scaffold::Written, Vec<Diagnostic>>) -> u8 {
    match result {
        Ok(written) => {
            let shown: Vec<String> = written
                .files
                .iter()
                .map(|f| root.join(f).display().to_string())
                .collect();
            if shown.len() <= 12 {
                for f in &shown {
                    crate::say!("created {f}");
                }
            } else {
                for f in &shown[..6] {
                    crate::say!("created {f}");
                }
                crate::say!("... and {} more", shown.len() - 6);
            }
            crate::say!("{} file(s) written", shown.len());
            EXIT_OK
        }
        Err(list) => {
            print_diagnostics(&list);
            EXIT_ERRORS
        }
    }
}

fn cmd_pdf(content_dir: &Path, options: &crate::pdf::PdfOptions) -> u8 {
    let started = std::time::Instant::now();
    let result = crate::pdf::make(content_dir, options, |w| {
        crate::say!(
            "wrote {} ({} page(s), {:.1} s)",
            w.path.display(),
            w.pages,
            w.seconds
        );
    });
    match result {
        Ok(list) => {
            crate::say!(
                "{} PDF(s) in {} in {:.1} s",
                list.len(),
                options.out.display(),
                started.elapsed().as_secs_f64()
            );
            EXIT_OK
        }
        Err(crate::pdf::PdfFailure::Usage(d)) => {
            print_diagnostics(&[d]);
            EXIT_USAGE
        }
        Err(crate::pdf::PdfFailure::Failed(list)) => {
            print_diagnostics(&list);
            if !list.iter().any(|d| d.is_error()) {
                return EXIT_OK;
            }
            EXIT_ERRORS
        }
    }
}

pub(crate) fn print_diagnostics(list: &[Diagnostic]) {
    for d in list {
        crate::say!("{d}");
    }
    let errors = list.iter().filter(|d| d.is_error()).count();
    let warnings = list.len() - errors;
    if errors > 0 {
        crate::say!("\n{errors} error(s), {warnings} warning(s): nothing was written.");
    }
}

fn cmd_build(content_dir: &Path, out: &Path, options: BuildOptions) -> u8 {
    match build(content_dir, out, &options) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            crate::say!(
                "built {} period(s), {} agencies, {} pages ({} files) into {} in {:.2} s; {} warning(s)",
                report.periods,
                report.agencies,
                report.pages,
                report.files,
                out.display(),
                report.elapsed.as_secs_f64(),
                report.warnings.len()
            );
            EXIT_OK
        }
        Err(failure) => {
            print_diagnostics(&failure.diagnostics);
            if failure.usage {
                EXIT_USAGE
            } else {
                EXIT_ERRORS
            }
        }
    }
}

fn cmd_check(content_dir: &Path, format: CheckFormat) -> u8 {
    let loaded = content::load(content_dir);
    let has_errors = loaded.diagnostics.has_errors();
    let list = loaded.diagnostics.sorted();
    match format {
        CheckFormat::Text => {
            print_diagnostics(&list);
            if !has_errors {
                let agencies: usize = loaded.model.periods.iter().map(|p| p.agencies.len()).sum();
                crate::say!(
                    "ok: {} period(s), {} agencies, {} warning(s)",
                    loaded.model.periods.len(),
                    agencies,
                    list.len()
                );
            }
        }
        CheckFormat::Json => {
            // A typed document, so the keys keep their order: ok, then diagnostics.
            #[derive(serde::Serialize)]
            struct CheckJson<'a> {
                ok: bool,
                diagnostics: &'a [crate::diagnostics::Diagnostic],
            }
            let json = CheckJson {
                ok: !has_errors,
                diagnostics: &list,
            };
            let text = serde_json::to_string_pretty(&json).unwrap_or_default() + "\n";
            // A closed pipe (`| head`) is not worth a panic.
            let _ = crate::terminal::print_json(&text);
        }
    }
    if has_errors {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

fn cmd_score(content_dir: &Path, period: Option<&str>, format: ScoreFormat) -> u8 {
    let loaded = content::load(content_dir);
    if loaded.diagnostics.has_errors() {
        print_diagnostics(&loaded.diagnostics.sorted());
        return EXIT_ERRORS;
    }
    let model = loaded.model;
    let chosen = match period {
        Some(id) => model.period(id),
        None => model.latest(),
    };
    let Some(p) = chosen else {
        let known: Vec<&str> = model.periods.iter().map(|p| p.id.as_str()).collect();
        crate::say!(
            "error: there is no period `{}`\n  = help: periods in this tree: {}",
            period.unwrap_or(""),
            known.join(", ")
        );
        return EXIT_USAGE;
    };
    let scores = score::score_period(p);
    match format {
        ScoreFormat::Json => {
            let mut json = Vec::new();
            let _ = export::write_scores_json(&mut json, p, &scores);
            print_json(&(String::from_utf8(json).unwrap_or_default() + "\n"))
        }
        ScoreFormat::Csv => print_out(&export::scores_csv(p, &scores)),
        ScoreFormat::Table => print_out(&table(&model, p, &scores)),
    }
}

/// Writes a command's output, escaped for the terminal; a closed pipe
/// (`| head`) is an error exit, not a panic.
fn print_out(text: &str) -> u8 {
    match crate::terminal::print(text) {
        Ok(()) => EXIT_OK,
        Err(_) => EXIT_ERRORS,
    }
}

/// Writes a JSON document, escaped as JSON (see `terminal`).
fn print_json(text: &str) -> u8 {
    match crate::terminal::print_json(text) {
        Ok(()) => EXIT_OK,
        Err(_) => EXIT_ERRORS,
    }
}

/// The terminal ranking, in the site's language.
fn table(
    model: &crate::model::Model,
    p: &crate::model::Period,
    scores: &[score::AgencyScore],
) -> String {
    let lang = model.site.language;
    let labels = Theme::load(None, &mut Default::default()).labels(lang.code());
    let t = |k: &str| labels.get(k).cloned().unwrap_or_else(|| k.to_string());
    let ids: Vec<&str> = p.agencies.iter().map(|a| a.id.as_str()).collect();
    let order = export::ranking(scores, &ids);
    let rank = crate::view::ranks(&order, |i| scores[i].result.index);
    let band = |b: Option<usize>| {
        b.and_then(|b| p.framework.bands.get(b))
            .map(|b| b.label.clone())
            .unwrap_or_else(|| "–".into())
    };
    let num = |x: Option<f64>| {
        x.map(|x| locale::number(x, 2, lang))
            .unwrap_or_else(|| "–".into())
    };
    let header = [
        t("rank"),
        t("index"),
        t("band"),
        t("self_index"),
        t("self_band"),
        t("verified_share"),
        t("agency"),
    ];
    let mut rows: Vec<[String; 7]> = vec![header];
    for &i in &order {
        let s = &scores[i];
        let share = if s.counts.answered == 0 {
            "–".into()
        } else {
            locale::percent(s.counts.verified as f64 / s.counts.answered as f64, 0, lang)
        };
        rows.push([
            rank[i].map(|r| r.to_string()).unwrap_or_else(|| "–".into()),
            num(s.result.index),
            band(s.result.band),
            num(s.self_assessed.index),
            band(s.self_assessed.band),
            share,
            format!("{} ({})", p.agencies[i].name, p.agencies[i].id),
        ]);
    }
    let widths: Vec<usize> = (0..7)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = format!("{} · {}\n\n", p.name, p.framework.name);
    for (n, r) in rows.iter().enumerate() {
        let mut line = String::new();
        for c in 0..7 {
            let pad = widths[c] - r[c].chars().count();
            if c == 6 {
                line.push_str(&r[c]);
            } else if c == 2 || c == 4 {
                line.push_str(&format!("{}{}  ", r[c], " ".repeat(pad)));
            } else {
                line.push_str(&format!("{}{}  ", " ".repeat(pad), r[c]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
        if n == 0 {
            out.push_str(&"-".repeat(widths.iter().sum::<usize>() + 12));
            out.push('\n');
        }
    }
    out
}

/// `REV [REV2] [CONTENT]`: with one argument after REV, an existing folder is
/// the content folder, anything else the newer revision.
fn diff_arguments(rest: &[String]) -> (Option<String>, PathBuf) {
    match rest {
        [rev2, content, ..] => (Some(rev2.clone()), PathBuf::from(content)),
        [one] if Path::new(one).is_dir() => (None, PathBuf::from(one)),
        [rev2] => (Some(rev2.clone()), PathBuf::from("content")),
        [] => (None, PathBuf::from("content")),
    }
}

fn cmd_diff(rev: &str, rest: &[String], format: DiffFormat) -> u8 {
    let (rev2, content_dir) = diff_arguments(rest);
    let old = match crate::diff::load_revision(&content_dir, rev) {
        Ok(revision) => {
            print_diagnostics(&revision.warnings);
            (revision.model, revision.commit)
        }
        Err(e) => {
            print_diagnostics(&e.diagnostics);
            return if e.usage { EXIT_USAGE } else { EXIT_ERRORS };
        }
    };
    let new = match &rev2 {
        Some(r) => match crate::diff::load_revision(&content_dir, r) {
            Ok(revision) => {
                print_diagnostics(&revision.warnings);
                (revision.model, Some(revision.commit))
            }
            Err(e) => {
                print_diagnostics(&e.diagnostics);
                return if e.usage { EXIT_USAGE } else { EXIT_ERRORS };
            }
        },
        None => {
            let loaded = content::load(&content_dir);
            if loaded.diagnostics.has_errors() {
                print_diagnostics(&loaded.diagnostics.sorted());
                return EXIT_ERRORS;
            }
            (loaded.model, None)
        }
    };
    let diff = crate::analysis::changes::compare(&old.0, &new.0);
    match format {
        DiffFormat::Json => {
            // Typed documents, so the keys keep their order.
            #[derive(serde::Serialize)]
            struct Side<'a> {
                rev: Option<&'a str>,
                commit: Option<&'a str>,
            }
            #[derive(serde::Serialize)]
            struct DiffJson<'a> {
                from: Side<'a>,
                to: Side<'a>,
                periods: &'a [crate::analysis::changes::PeriodChange],
            }
            let json = DiffJson {
                from: Side {
                    rev: Some(rev),
                    commit: Some(&old.1),
                },
                to: Side {
                    rev: rev2.as_deref(),
                    commit: new.1.as_deref(),
                },
                periods: &diff.periods,
            };
            print_json(&(serde_json::to_string_pretty(&json).unwrap_or_default() + "\n"))
        }
        DiffFormat::Table => print_out(&diff_table(&new.0, &diff, rev, &old.1, rev2.as_deref())),
    }
}

/// The changes for the terminal, in the site's language.
fn diff_table(
    model: &crate::model::Model,
    diff: &crate::analysis::changes::TreeDiff,
    rev: &str,
    commit: &str,
    rev2: Option<&str>,
) -> String {
    use crate::analysis::changes::{Change, Figures, Status};
    let lang = model.site.language;
    let labels = Theme::load(None, &mut Default::default()).labels(lang.code());
    let t = |k: &str| labels.get(k).cloned().unwrap_or_else(|| k.to_string());
    let short: String = commit.chars().take(10).collect();
    let to = rev2
        .map(str::to_string)
        .unwrap_or_else(|| t("working_tree"));
    let mut out = format!("{} {rev} ({short}) → {to}\n", t("changes_since"));
    let figures = |f: &Option<Figures>| match f {
        None => "–".to_string(),
        Some(f) => format!(
            "{} {}",
            f.index
                .map(|x| locale::number(x, 2, lang))
                .unwrap_or_else(|| "–".into()),
            f.band.clone().unwrap_or_else(|| "–".into())
        ),
    };
    let change = |label: String, c: &Change| {
        (c.old != c.new).then(|| {
            format!(
                "{label}: {} → {}",
                c.old.as_deref().unwrap_or("–"),
                c.new.as_deref().unwrap_or("–")
            )
        })
    };
    for p in &diff.periods {
        out.push_str(&format!("\n{} · {}", p.period, p.name));
        match p.status {
            Status::Added => out.push_str(&format!(" ({})", t("change_added"))),
            Status::Removed => out.push_str(&format!(" ({})", t("change_removed"))),
            _ => {}
        }
        out.push('\n');
        for a in &p.agencies {
            let status = match a.status {
                Status::Added => format!(" ({})", t("change_added")),
                Status::Removed => format!(" ({})", t("change_removed")),
                _ => String::new(),
            };
            out.push_str(&format!(
                "  {}{status}: {} → {}  ({})\n",
                a.id,
                figures(&a.before),
                figures(&a.after),
                a.name
            ));
            for c in &a.answers {
                let parts: Vec<String> = [
                    change(t("answer"), &c.answer),
                    change(t("verified"), &c.verified),
                ]
                .into_iter()
                .flatten()
                .collect();
                out.push_str(&format!("      {}  {}\n", c.indicator, parts.join("; ")));
            }
        }
        if p.agencies.is_empty() {
            out.push_str(&format!("  {}\n", t("changes_none")));
        }
        if p.unchanged > 0 {
            out.push_str(&format!("  {} {}\n", p.unchanged, t("changes_unchanged")));
        }
    }
    out
}
