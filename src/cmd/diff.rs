//! `tolok diff`: the score changes between two git revisions of the tree
//! (or a revision and the working tree), as a table or JSON.

use std::path::{Path, PathBuf};

use super::{load_clean, print_diagnostics, print_json, print_out, Outcome};
use crate::cli::DiffFormat;
use crate::render::{locale, theme::Theme};

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

pub fn run(rev: &str, rest: &[String], format: DiffFormat) -> Outcome {
    let (rev2, content_dir) = diff_arguments(rest);
    let revision = crate::diff::load_revision(&content_dir, rev)?;
    print_diagnostics(&revision.warnings);
    let old = (revision.model, revision.commit);
    let new = match &rev2 {
        Some(r) => {
            let revision = crate::diff::load_revision(&content_dir, r)?;
            print_diagnostics(&revision.warnings);
            (revision.model, Some(revision.commit))
        }
        None => (load_clean(&content_dir)?, None),
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
