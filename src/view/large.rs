//! Large periods. Up to `MAX_LISTED_AGENCIES` agencies, the period-wide pages
//! (criteria, groups, clusters, verification, checklist, action plan) list
//! every agency. Above it a list of every agency would be thousands of rows
//! per page (a national tree of 20,000 agencies gave two million table rows
//! over the criterion pages alone, and gigabytes of memory to render them),
//! and no one reads such a page: they show bounded content instead, that is
//! one row per group (each linking to the group's page, which lists its
//! agencies), the top and bottom `SHOWN_AGENCIES` agencies where a ranking
//! is the point, charts of at most `CHART_GROUPS` groups, and a sentence
//! saying where the full list is (`scores.csv`, `scores.json`,
//! `scores.xlsx` and the group pages). The period page shows the top and
//! bottom of its ranking too, and the full ranking is split over pages of
//! `RANKING_PAGE_ROWS` agencies (`ranking-1.html`, ...): one page of 20,000
//! rows was 13 MB of HTML and the largest memory peak of a build.

use super::rankings::{ranking_rows_kept, RankingRow};
use super::{band_view, paths, BandView, Frame, Link, PeriodFacts, Scope, SiteData};
use crate::model::{round2, Period};
use serde::Serialize;

/// Above this many agencies a period is large: its period-wide pages show
/// bounded summaries instead of one row per agency. The same number as the
/// largest period that gets a whole-period book, for the same reason.
pub const MAX_LISTED_AGENCIES: usize = super::print::MAX_BOOK_AGENCIES;

/// How many agencies a bounded ranking shows at its top, and at its bottom.
pub const SHOWN_AGENCIES: usize = 25;

/// How many agencies a cluster's bounded ranking shows at its top, and at its bottom.
pub const SHOWN_PER_CLUSTER: usize = 10;

/// The most groups a chart of a large period draws (the top and bottom halves).
pub const CHART_GROUPS: usize = 50;

/// Agencies per page of a large period's full ranking.
pub const RANKING_PAGE_ROWS: usize = MAX_LISTED_AGENCIES;

/// Whether the period is too large for a row per agency on its period-wide pages.
pub fn is_large(period: &Period) -> bool {
    period.agencies.len() > MAX_LISTED_AGENCIES
}

/// What a bounded page says about itself, and the files with every agency.
#[derive(Debug, Serialize)]
pub struct LargeNote {
    pub sentence: String,
    pub downloads: Vec<Link>,
}

/// The note of a large period's page at `from`.
pub(super) fn note(data: &SiteData, period: &Period, from: &str) -> LargeNote {
    let sentence = data
        .t("large_period_note")
        .replace("{total}", &data.num(period.agencies.len() as f64, 0))
        .replace("{max}", &data.num(MAX_LISTED_AGENCIES as f64, 0));
    // The indicator answers of the agencies outside every group; each group's
    // are linked from its page.
    let ungrouped = period
        .agencies
        .iter()
        .any(|a| a.group.is_none())
        .then(|| ("indicators.xlsx", paths::indicators_xlsx(&period.id, None)));
    let downloads = [
        Some(("scores.csv", paths::scores_csv(&period.id))),
        Some(("scores.json", paths::scores_json(&period.id))),
        Some(("scores.xlsx", paths::scores_xlsx(&period.id))),
        ungrouped,
    ]
    .into_iter()
    .flatten()
    .map(|(label, to)| Link {
        label: label.to_string(),
        url: paths::link(from, &to),
    })
    .collect();
    LargeNote {
        sentence,
        downloads,
    }
}

/// Positions `0..len` a bounded list keeps: the first `n` and the last `n`
/// (everything when that is all there is).
pub(super) fn kept(len: usize, n: usize) -> impl Fn(usize) -> bool {
    move |pos| len <= 2 * n || pos < n || pos >= len - n
}

/// The sentence in place of the rows left out between the top and the bottom of a list.
pub(super) fn omitted_text(data: &SiteData, omitted: usize) -> String {
    data.t("rows_omitted")
        .replace("{n}", &data.num(omitted as f64, 0))
}

/// "top N and bottom N".
pub(super) fn top_and_bottom(data: &SiteData, n: usize) -> String {
    data.t("top_and_bottom").replace("{n}", &n.to_string())
}

/// The caption of a chart that draws `shown` of `total` groups.
fn chart_groups_text(data: &SiteData, shown: usize, total: usize) -> String {
    data.t("chart_groups_of")
        .replace("{n}", &(shown / 2).to_string())
        .replace("{total}", &data.num(total as f64, 0))
}

/// "What – Period", and "(the top and bottom N of M groups)" when the chart
/// draws `shown` of `total` groups.
pub(super) fn chart_title(
    data: &SiteData,
    what: &str,
    period: &Period,
    shown: usize,
    total: usize,
) -> String {
    if shown < total {
        format!(
            "{what} – {} ({})",
            period.name,
            chart_groups_text(data, shown, total)
        )
    } else {
        format!("{what} – {}", period.name)
    }
}

/// The order of a ranking of groups: the highest value (to two decimals)
/// first, those without one last, ties by id.
pub(super) fn highest_first(
    (x, a): (Option<f64>, &str),
    (y, b): (Option<f64>, &str),
) -> std::cmp::Ordering {
    y.map(round2)
        .partial_cmp(&x.map(round2))
        .unwrap_or(std::cmp::Ordering::Equal)
        .then_with(|| a.cmp(b))
}

/// The top-level groups of a period with at least one agency, with their
/// members (nested groups included, in ranking order).
pub(super) fn top_groups<'a>(
    facts: &'a PeriodFacts,
) -> Vec<(&'a crate::model::Group, &'a [usize])> {
    facts
        .period
        .groups
        .iter()
        .filter(|g| !g.id.contains('/'))
        .filter_map(|g| {
            let members = facts.members.get(g.id.as_str())?;
            (!members.is_empty()).then_some((g, members.as_slice()))
        })
        .collect()
}

/// One row of a per-group summary: a group's figures on one value (the
/// index, or a criterion's score), ranked by the mean.
#[derive(Debug, Serialize)]
pub struct GroupStat {
    pub rank: String,
    pub name: String,
    pub url: String,
    pub reference: bool,
    pub agencies: usize,
    pub mean: String,
    /// The band of the mean index (on index summaries only).
    pub mean_band: Option<BandView>,
    /// The mean as a percentage of the maximum (on criterion summaries only).
    pub percent: String,
    pub median: String,
    pub min: String,
    pub max: String,
    /// Agencies per band, by band position (on index summaries only).
    pub bands: Vec<usize>,
}

/// What a group summary summarises.
pub(super) enum Measure {
    /// The index, with its band.
    Index,
    /// A criterion's score out of `max` (its weight).
    Score { max: f64 },
}

/// The top-level groups ranked by the mean of `value` over their agencies
/// (groups without any value last), with median, lowest and highest.
pub(super) fn group_stats(
    data: &SiteData,
    facts: &PeriodFacts,
    from: &str,
    measure: Measure,
    value: impl Fn(usize) -> Option<f64>,
) -> Vec<GroupStat> {
    let period = facts.period;
    let sets = top_groups(facts)
        .into_iter()
        .map(|(g, members)| StatSet {
            id: &g.id,
            name: &g.name,
            url: paths::link(from, &paths::group(&period.id, &g.id)),
            reference: g.role.is_some(),
            members,
        })
        .collect();
    stats(data, facts, sets, measure, value)
}

/// A set of agencies summarised on one row.
pub(super) struct StatSet<'a> {
    /// Breaks ties of the mean.
    pub id: &'a str,
    pub name: &'a str,
    pub url: String,
    pub reference: bool,
    pub members: &'a [usize],
}

/// One row per set, ranked by the mean of `value` over its agencies (sets
/// without any value last, ties by id).
pub(super) fn stats(
    data: &SiteData,
    facts: &PeriodFacts,
    sets: Vec<StatSet>,
    measure: Measure,
    value: impl Fn(usize) -> Option<f64>,
) -> Vec<GroupStat> {
    let fw = &facts.period.framework;
    struct Figures<'s> {
        set: StatSet<'s>,
        values: Vec<f64>,
        mean: Option<f64>,
        bands: Vec<usize>,
    }
    let mut figures: Vec<Figures> = sets
        .into_iter()
        .map(|set| {
            let mut values: Vec<f64> = set.members.iter().filter_map(|&k| value(k)).collect();
            values.sort_by(f64::total_cmp);
            let mean =
                (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
            let mut bands = Vec::new();
            if matches!(measure, Measure::Index) {
                bands = vec![0; fw.bands.len()];
                for &k in set.members {
                    if let Some(b) = facts.scores[k].result.band {
                        bands[b] += 1;
                    }
                }
            }
            Figures {
                set,
                values,
                mean,
                bands,
            }
        })
        .collect();
    figures.sort_by(|a, b| highest_first((a.mean, a.set.id), (b.mean, b.set.id)));
    let order: Vec<usize> = (0..figures.len()).collect();
    let ranks = super::ranks(&order, |i| figures[i].mean);
    figures
        .into_iter()
        .zip(ranks)
        .map(|(f, rank)| {
            let n = f.values.len();
            let median = (n > 0).then(|| {
                if n % 2 == 1 {
                    f.values[n / 2]
                } else {
                    (f.values[n / 2 - 1] + f.values[n / 2]) / 2.0
                }
            });
            let (mean_band, percent) = match measure {
                Measure::Index => (
                    f.mean.and_then(|m| band_view(fw, fw.band_of(m))),
                    String::new(),
                ),
                Measure::Score { max } => (
                    None,
                    f.mean
                        .filter(|_| max > 0.0)
                        .map(|m| data.pct(m / max))
                        .unwrap_or_else(|| "–".into()),
                ),
            };
            GroupStat {
                rank: rank.map(|r| r.to_string()).unwrap_or_else(|| "–".into()),
                name: f.set.name.to_string(),
                url: f.set.url,
                reference: f.set.reference,
                agencies: f.set.members.len(),
                mean: data.opt_num(f.mean, 2),
                mean_band,
                percent,
                median: data.opt_num(median, 2),
                min: data.opt_num(f.values.first().copied(), 2),
                max: data.opt_num(f.values.last().copied(), 2),
                bands: f.bands,
            }
        })
        .collect()
}

/// Of `ranked` (best first), those a chart of at most `CHART_GROUPS` draws:
/// all, or the first and the last `CHART_GROUPS / 2`.
pub(super) fn charted<T>(ranked: Vec<T>) -> Vec<T> {
    let len = ranked.len();
    let keep = kept(len, CHART_GROUPS / 2);
    ranked
        .into_iter()
        .enumerate()
        .filter(|(pos, _)| keep(*pos))
        .map(|(_, x)| x)
        .collect()
}

/// How many pages the full ranking of `period` has (none unless it is large).
pub fn ranking_page_count(period: &Period) -> usize {
    if is_large(period) {
        period.agencies.len().div_ceil(RANKING_PAGE_ROWS)
    } else {
        0
    }
}

/// The positions page `k` (from 0) of a full ranking shows.
fn ranking_range(k: usize, len: usize) -> std::ops::Range<usize> {
    (k * RANKING_PAGE_ROWS).min(len)..((k + 1) * RANKING_PAGE_ROWS).min(len)
}

/// The links to every page of a large period's full ranking, labelled by
/// their ranks ("401–800"), as seen from `from`; `current` marks one.
pub(super) fn ranking_links(data: &SiteData, period: &Period, from: &str) -> Vec<PageLink> {
    let len = period.agencies.len();
    (0..ranking_page_count(period))
        .map(|k| {
            let range = ranking_range(k, len);
            let to = paths::ranking(&period.id, k + 1);
            PageLink {
                label: ranks_text(data, &range),
                current: to == from,
                url: paths::link(from, &to),
            }
        })
        .collect()
}

/// Positions `range` as ranks: "401–800", or "401" alone.
fn ranks_text(data: &SiteData, range: &std::ops::Range<usize>) -> String {
    let (from, to) = (range.start + 1, range.end);
    if from == to {
        data.num(from as f64, 0)
    } else {
        format!("{}–{}", data.num(from as f64, 0), data.num(to as f64, 0))
    }
}

/// One page of a paged list.
#[derive(Debug, Serialize)]
pub struct PageLink {
    pub label: String,
    pub url: String,
    /// The page this link is on.
    pub current: bool,
}

/// A page of a large period's full ranking (`ranking.html`).
#[derive(Debug, Serialize)]
pub struct RankingPage {
    pub frame: Frame,
    /// "Peringkat 401–800 dari 20.000".
    pub heading: String,
    pub rows: Vec<RankingRow>,
    /// Every page of the ranking, this one marked.
    pub pages: Vec<PageLink>,
    pub previous: Option<String>,
    pub next: Option<String>,
}

/// Page `k` (from 0) of the full ranking of a large period.
pub fn ranking_page(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    k: usize,
) -> RankingPage {
    let period = facts.period;
    let path = paths::ranking(&period.id, k + 1);
    let len = period.agencies.len();
    let range = ranking_range(k, len);
    let heading = data
        .t("ranking_page_heading")
        .replace("{ranks}", &ranks_text(data, &range))
        .replace("{total}", &data.num(len as f64, 0));
    let title = format!("{heading} – {}", period.name);
    let rows = ranking_rows_kept(data, all, facts, &path, Scope::Period, &|pos, _| {
        range.contains(&pos)
    });
    let pages = ranking_links(data, period, &path);
    let link = |j: usize| paths::link(&path, &paths::ranking(&period.id, j + 1));
    RankingPage {
        frame: Frame::new(data, &path, title, super::rows::period_crumbs(data, period)),
        heading,
        rows,
        previous: k.checked_sub(1).map(link),
        next: (k + 1 < pages.len()).then(|| link(k + 1)),
        pages,
    }
}
