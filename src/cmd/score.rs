//! `tolok score`: one period's scores, as a ranking table, JSON or CSV.

use std::path::Path;

use super::{load_clean, print_json, print_out, Failure, Outcome};
use crate::cli::ScoreFormat;
use crate::diagnostics::Diagnostic;
use crate::export;
use crate::render::{locale, theme::Theme};
use crate::score;

pub fn run(content: &Path, period: Option<&str>, format: ScoreFormat) -> Outcome {
    let model = load_clean(content)?;
    let chosen = match period {
        Some(id) => model.period(id),
        None => model.latest(),
    };
    let Some(p) = chosen else {
        let known: Vec<&str> = model.periods.iter().map(|p| p.id.as_str()).collect();
        return Err(Failure::usage(
            Diagnostic::error(
                content,
                crate::tr!(
                    "there is no period `{}`",
                    "tidak ada periode `{}`",
                    period.unwrap_or("")
                ),
            )
            .hint(crate::tr!(
                "periods in this tree: {}",
                "periode dalam pohon isi ini: {}",
                known.join(", ")
            )),
        ));
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

/// The terminal ranking, in the site's language.
pub(super) fn table(
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
