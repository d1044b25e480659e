//! The command line: clap definitions and one function per command. Each
//! command calls the library and turns its result into output and an exit code.

use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::build::{build, BuildOptions};
use crate::content;
use crate::diagnostics::Diagnostic;
use crate::export;
use crate::render::{locale, theme::Theme};
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
        /// Read every file and render every page: neither use nor write the
        /// build cache (`.tolok.cache/` beside the output folder).
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
    /// Benchmarks only: read and parse every YAML and Markdown file, nothing else.
    #[command(hide = true)]
    ParseFloor {
        /// The content folder.
        #[arg(default_value = "content")]
        content: PathBuf,
    },
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
            no_cache,
        } => cmd_build(&content, &out, BuildOptions { theme, no_cache }),
        Command::Check { content, format } => cmd_check(&content, format),
        Command::Score {
            content,
            period,
            format,
        } => cmd_score(&content, period.as_deref(), format),
        Command::ParseFloor { content } => {
            let started = std::time::Instant::now();
            let floor = content::floor::parse_floor(&content);
            eprintln!(
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

fn print_diagnostics(list: &[Diagnostic]) {
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for d in list {
        let _ = writeln!(err, "{d}");
    }
    let errors = list.iter().filter(|d| d.is_error()).count();
    let warnings = list.len() - errors;
    if errors > 0 {
        let _ = writeln!(
            err,
            "\n{errors} error(s), {warnings} warning(s): nothing was written."
        );
    }
}

fn cmd_build(content_dir: &Path, out: &Path, options: BuildOptions) -> u8 {
    match build(content_dir, out, &options) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            eprintln!(
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
            EXIT_ERRORS
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
                eprintln!(
                    "ok: {} period(s), {} agencies, {} warning(s)",
                    loaded.model.periods.len(),
                    agencies,
                    list.len()
                );
            }
        }
        CheckFormat::Json => {
            let json = serde_json::json!({ "ok": !has_errors, "diagnostics": list });
            println!(
                "{}",
                serde_json::to_string_pretty(&json).unwrap_or_default()
            );
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
        eprintln!(
            "error: there is no period `{}`\n  = help: periods in this tree: {}",
            period.unwrap_or(""),
            known.join(", ")
        );
        return EXIT_USAGE;
    };
    let scores = score::score_period(p);
    let text = match format {
        ScoreFormat::Json => {
            let mut json = Vec::new();
            let _ = export::write_scores_json(&mut json, p, &scores);
            String::from_utf8(json).unwrap_or_default() + "\n"
        }
        ScoreFormat::Csv => export::scores_csv(p, &scores),
        ScoreFormat::Table => table(&model, p, &scores),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if out.write_all(text.as_bytes()).is_err() {
        return EXIT_ERRORS;
    }
    EXIT_OK
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
    let _ = std::io::stdout().is_terminal();
    out
}
