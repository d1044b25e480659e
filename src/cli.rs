//! The command line: clap's definitions of the commands and their options,
//! and the dispatch to each command's handler in `cmd`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};

use crate::build::BuildOptions;
use crate::cmd;
use crate::content;
use crate::model::Language;
use crate::scaffold;

#[derive(Parser, Debug)]
#[command(name = "tolok", version, about = "Static report generator for Reformasi Birokrasi benchmarking", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of messages: `id` (Indonesian) or `en`; default: the
    /// site's `language:` in site.yaml, else Indonesian.
    #[arg(
        long,
        global = true,
        value_enum,
        env = "TOLOK_LANG",
        value_name = "LANG"
    )]
    pub lang: Option<MessageLanguage>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MessageLanguage {
    Id,
    En,
}

/// The content folder, named the same way in every command: as the first
/// argument or with `--content`; without either, `content`, or the nearest
/// folder at or above this one that holds site.yaml.
#[derive(Args, Debug)]
pub struct Tree {
    /// The content folder (default: `content`).
    #[arg(value_name = "CONTENT")]
    content: Option<PathBuf>,
    /// The content folder, as a flag: the same as CONTENT.
    #[arg(long = "content", value_name = "CONTENT", conflicts_with = "content")]
    content_flag: Option<PathBuf>,
}

impl Tree {
    /// The folder as named (`content` when not).
    fn named(&self) -> PathBuf {
        self.content_flag
            .clone()
            .or_else(|| self.content.clone())
            .unwrap_or_else(|| PathBuf::from("content"))
    }

    /// The folder to read: as named, or found (`found`).
    fn folder(&self) -> PathBuf {
        found(self.named())
    }
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check the content tree and write the static site.
    Build {
        #[command(flatten)]
        tree: Tree,
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
        /// How to report the build: a line of text, or a JSON document on
        /// standard output (pages, files, what was carried over, warnings).
        #[arg(long, value_enum, default_value_t = BuildFormat::Text)]
        format: BuildFormat,
    },
    /// Check the content tree only: exit 0 when clean, 1 when there are errors.
    Check {
        #[command(flatten)]
        tree: Tree,
        /// How to print the diagnostics.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Print the scores of one period.
    Score {
        #[command(flatten)]
        tree: Tree,
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
    /// Import the answers, evidence and notes of a filled answer form into the agency's YAML.
    ///
    /// Every cell is checked first; nothing is written while any is wrong.
    /// Only the cells the agency edited change anything; where the tree was
    /// changed too since the export, the conflict is reported and nothing is
    /// written, unless --prefer says which side wins. A value is changed in
    /// the file where its indicator is (comments and everything else kept);
    /// an emptied cell or `-` clears it. Never imports `verified`.
    Import {
        /// The filled form (.xlsx), as written by `tolok export form`.
        file: PathBuf,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
        /// Show what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Where the form and the tree both changed a value since the
        /// export: keep the tree's (`tree`) or write the form's (`form`).
        #[arg(long, value_enum, value_name = "SIDE")]
        prefer: Option<PreferSide>,
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
        #[command(flatten)]
        tree: Tree,
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
        #[command(flatten)]
        tree: Tree,
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
        /// The date by which the form is to be returned (YYYY-MM-DD), printed at its top.
        #[arg(long, value_name = "DATE")]
        deadline: Option<crate::model::Date>,
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
    #[command(
        after_help = "Examples:\n  tolok new period 2024              from the latest period\n  tolok new period 2024 --from 2022"
    )]
    Period {
        /// The new period's id (its folder name), e.g. `2024`.
        #[arg(value_name = "NEW")]
        new: String,
        /// The period to start from (default: the latest).
        #[arg(long, value_name = "OLD")]
        from: Option<String>,
        /// The new period's name (default: the old name with its id replaced).
        #[arg(long)]
        name: Option<String>,
        /// The content folder.
        #[arg(long, default_value = "content")]
        content: PathBuf,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreferSide {
    Form,
    Tree,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    Table,
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuildFormat {
    Text,
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

/// Runs the command and returns its exit code.
pub fn run(cli: Cli) -> u8 {
    crate::i18n::set_language(match cli.lang {
        Some(MessageLanguage::Id) => Language::Id,
        Some(MessageLanguage::En) => Language::En,
        None => cli
            .command
            .tree_folder()
            .map(|dir| content::site_language(&dir))
            .unwrap_or_default(),
    });
    cmd::exit_code(dispatch(cli))
}

impl Command {
    /// The content folder the command reads, where it reads one.
    fn tree_folder(&self) -> Option<PathBuf> {
        match self {
            Command::Build { tree, .. }
            | Command::Check { tree, .. }
            | Command::Score { tree, .. }
            | Command::Pdf { tree, .. }
            | Command::Serve { tree, .. } => Some(tree.folder()),
            Command::Import { content, .. }
            | Command::Export {
                what: ExportCommand::Form { content, .. },
            }
            | Command::New(NewCommand::Agency { content, .. })
            | Command::New(NewCommand::Period { content, .. }) => Some(found(content.clone())),
            Command::Diff { rest, .. } => Some(
                rest.iter()
                    .map(PathBuf::from)
                    .find(|p| p.is_dir())
                    .unwrap_or_else(|| found(PathBuf::from("content"))),
            ),
            Command::Init { .. } | Command::ParseFloor { .. } | Command::RemoveOld { .. } => None,
        }
    }
}

/// The content tree a command reads: the folder it names; or, where it
/// names none and no `content` folder is here, the nearest folder at or
/// above the current one that holds `site.yaml` (or a `content/site.yaml`),
/// as git and cargo find their root, so `cd isi && tolok build` works.
fn found(content: PathBuf) -> PathBuf {
    if content != Path::new("content") || content.exists() {
        return content;
    }
    let Ok(here) = std::env::current_dir() else {
        return content;
    };
    for dir in here.ancestors() {
        if dir.join("site.yaml").is_file() {
            return relative_to(&here, dir);
        }
        if dir.join("content/site.yaml").is_file() {
            return relative_to(&here, &dir.join("content"));
        }
    }
    content
}

/// `dir` as the user would write it from `here` (`.`, `..`, `../..`), so
/// that messages name the folder as they know it.
fn relative_to(here: &Path, dir: &Path) -> PathBuf {
    match here.strip_prefix(dir) {
        Ok(rest) if rest.as_os_str().is_empty() => PathBuf::from("."),
        Ok(rest) => rest.components().map(|_| "..").collect(),
        Err(_) => dir.to_path_buf(),
    }
}

/// One handler per command.
fn dispatch(cli: Cli) -> cmd::Outcome {
    match cli.command {
        Command::Build {
            tree: named,
            out,
            theme,
            since,
            no_cache,
            format,
        } => {
            let (content, tree) = (named.named(), named.folder());
            // A tree found from inside it builds beside it, never into it.
            let out = if tree != content && out == Path::new("public") {
                let beside = if tree == Path::new(".") {
                    PathBuf::from("..")
                } else {
                    tree.join("..")
                };
                beside.join("public")
            } else {
                out
            };
            cmd::build::run(
                format,
                &tree,
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
            )
        }
        Command::Check { tree, format } => cmd::check::run(&tree.folder(), format),
        Command::Score {
            tree,
            period,
            format,
        } => cmd::score::run(&tree.folder(), period.as_deref(), format),
        Command::Diff { rev, rest, format } => cmd::diff::run(&rev, &rest, format),
        Command::Export {
            what:
                ExportCommand::Form {
                    agency,
                    content,
                    out,
                    force,
                    deadline,
                },
        } => cmd::form::export(&agency, &found(content), out.as_deref(), force, deadline),
        Command::Import {
            file,
            content,
            dry_run,
            prefer,
        } => cmd::form::import(
            &file,
            &found(content),
            dry_run,
            prefer.map(|p| match p {
                PreferSide::Form => crate::xlsx::import::Prefer::Form,
                PreferSide::Tree => crate::xlsx::import::Prefer::Tree,
            }),
        ),
        Command::Pdf {
            tree,
            period,
            agency,
            group,
            out,
            browser,
            theme,
            timeout,
        } => cmd::pdf::run(
            &tree.folder(),
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
        Command::Init { dir, period } => cmd::scaffold::init(&dir, period),
        Command::Serve {
            tree,
            port,
            bind,
            theme,
        } => crate::serve::serve(&crate::serve::ServeOptions {
            content: tree.folder(),
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
        }) => cmd::scaffold::new_agency(
            &found(content),
            &scaffold::NewAgency {
                path,
                name,
                short,
                cluster,
                peer,
            },
        ),
        Command::New(NewCommand::Period {
            new,
            from,
            name,
            content,
        }) => cmd::scaffold::new_period(&found(content), &new, from.as_deref(), name.as_deref()),
        Command::RemoveOld { dir } => {
            if crate::build::remove_old(&dir) {
                Ok(())
            } else {
                Err(cmd::Failure::errors(Vec::new()))
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
            Ok(())
        }
    }
}
