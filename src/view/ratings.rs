//! Ratings beside the RB index on the pages: a table of ratings with one
//! column per group of a period (ours first, then the benchmark's), or the
//! agency beside its peer; and the definitions for the methodology page.
//! Each value is shown with its band as text and colour.
//!
//! This module formats; the band of a value is `model::ratings::band_of`.

use serde::Serialize;

use super::SiteData;
use crate::model::ratings::{
    band_of, value_of, Better, RatingDef, RatingScale, RatingValue, Reading,
};
use crate::model::{Agency, Date, GroupRole, Language, Period};
use crate::render::locale;

#[derive(Debug, Serialize)]
pub struct RatingCell {
    pub value: String,
    pub label: Option<String>,
    pub name: Option<String>,
    pub colour: Option<String>,
    pub source: Option<String>,
    pub date: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RatingRow {
    pub name: String,
    pub short: String,
    pub issuer: Option<String>,
    /// One per column; None where that side has no value.
    pub cells: Vec<Option<RatingCell>>,
}

#[derive(Debug, Serialize)]
pub struct RatingsTable {
    pub columns: Vec<String>,
    pub rows: Vec<RatingRow>,
}

#[derive(Debug, Serialize)]
pub struct RatingBandLine {
    pub label: String,
    pub name: Option<String>,
    pub colour: Option<String>,
    /// The bound of a range band (the template says "and above" or "and
    /// below"); None for the last band, which holds the rest.
    pub bound: Option<String>,
    /// The grades of a grade band, joined.
    pub grades: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct RatingDefinition {
    pub name: String,
    pub short: String,
    pub issuer: Option<String>,
    pub source: Option<String>,
    /// "25-100" or the grades, best first.
    pub scale: String,
    pub lower_is_better: bool,
    pub bands: Vec<RatingBandLine>,
}

fn shown(x: f64, lang: Language) -> String {
    locale::number(x, 2, lang)
}

fn cell(def: &RatingDef, v: &RatingValue, lang: Language) -> Option<RatingCell> {
    let reading = value_of(def, &v.value).ok()?;
    let band = band_of(def, &reading);
    let value = match (&reading, &def.scale) {
        (Reading::Number(n), _) => shown(*n, lang),
        (Reading::Grade(i), RatingScale::Grades(g)) => g.get(*i).cloned().unwrap_or_default(),
        (Reading::Grade(_), _) => v.value.clone(),
    };
    Some(RatingCell {
        value,
        label: band.map(|b| b.label.clone()),
        name: band.and_then(|b| b.name.clone()),
        colour: band.and_then(|b| b.colour.clone()),
        source: v.source.clone(),
        date: v
            .date
            .as_deref()
            .and_then(|d| d.parse::<Date>().ok())
            .map(|d| locale::date(d, lang)),
    })
}

/// One row per rating that any column has a value of, in catalogue order;
/// None when no column has any.
pub fn table(data: &SiteData, columns: &[(String, &[RatingValue])]) -> Option<RatingsTable> {
    let lang = data.model.site.language;
    let rows: Vec<RatingRow> = data
        .model
        .ratings
        .iter()
        .filter_map(|def| {
            let cells: Vec<Option<RatingCell>> = columns
                .iter()
                .map(|(_, values)| {
                    values
                        .iter()
                        .find(|v| v.id == def.id)
                        .and_then(|v| cell(def, v, lang))
                })
                .collect();
            cells.iter().any(Option::is_some).then(|| RatingRow {
                name: def.name.clone(),
                short: def.short.clone().unwrap_or_else(|| def.name.clone()),
                issuer: def.issuer.clone(),
                cells,
            })
        })
        .collect();
    (!rows.is_empty()).then(|| RatingsTable {
        columns: columns.iter().map(|(c, _)| c.clone()).collect(),
        rows,
    })
}

/// The groups of `period`, ours first, then the benchmark's side.
pub fn groups_table(data: &SiteData, period: &Period) -> Option<RatingsTable> {
    let mut groups: Vec<_> = period.groups.iter().collect();
    groups.sort_by_key(|g| g.role == Some(GroupRole::Reference));
    let columns: Vec<(String, &[RatingValue])> = groups
        .iter()
        .map(|g| {
            (
                g.short.clone().unwrap_or_else(|| g.name.clone()),
                g.ratings.as_slice(),
            )
        })
        .collect();
    table(data, &columns)
}

/// An agency beside its peer (when it has one).
pub fn agency_table(data: &SiteData, period: &Period, agency: &Agency) -> Option<RatingsTable> {
    let name = |a: &Agency| super::rows::tag(period, a);
    let mut columns: Vec<(String, &[RatingValue])> =
        vec![(name(agency), agency.ratings.as_slice())];
    if let Some(peer) = agency.peer.as_deref().and_then(|p| period.agency(p)) {
        columns.push((name(peer), peer.ratings.as_slice()));
    }
    table(data, &columns)
}

/// The definitions of the ratings that some group or agency of `period`
/// has a value of, for the methodology page.
pub fn definitions(data: &SiteData, period: &Period) -> Vec<RatingDefinition> {
    let lang = data.model.site.language;
    let used = |def: &RatingDef| {
        period
            .groups
            .iter()
            .flat_map(|g| &g.ratings)
            .chain(period.agencies.iter().flat_map(|a| &a.ratings))
            .any(|v| v.id == def.id)
    };
    data.model
        .ratings
        .iter()
        .filter(|d| used(d))
        .map(|def| RatingDefinition {
            name: def.name.clone(),
            short: def.short.clone().unwrap_or_else(|| def.name.clone()),
            issuer: def.issuer.clone(),
            source: def.source.clone(),
            scale: match &def.scale {
                RatingScale::Range { min, max } => format!(
                    "{}–{}",
                    locale::number_short(*min, 2, lang),
                    locale::number_short(*max, 2, lang)
                ),
                RatingScale::Grades(g) => g.join(", "),
            },
            lower_is_better: def.better == Better::Lower,
            bands: def
                .bands
                .iter()
                .map(|b| RatingBandLine {
                    label: b.label.clone(),
                    name: b.name.clone(),
                    colour: b.colour.clone(),
                    bound: b.bound.map(|x| shown(x, lang)),
                    grades: (!b.grades.is_empty()).then(|| b.grades.join(", ")),
                })
                .collect(),
        })
        .collect()
}

/// For each rating of a range scale that a group has in more than one
/// period up to `period`: a line per group (ours first) over the periods,
/// with the bands' bounds as thresholds.
pub fn trend_charts(data: &SiteData, period: &Period) -> Vec<String> {
    use crate::chart::{self, LineSeries, Threshold};
    let lang = data.model.site.language;
    let periods: Vec<&Period> = data
        .model
        .periods
        .iter()
        .take_while(|p| p.id <= period.id)
        .collect();
    let mut groups: Vec<(&str, String, bool)> = Vec::new();
    for p in &periods {
        for g in &p.groups {
            if !groups.iter().any(|(id, _, _)| *id == g.id) {
                groups.push((
                    &g.id,
                    g.short.clone().unwrap_or_else(|| g.name.clone()),
                    g.role == Some(GroupRole::Reference),
                ));
            }
        }
    }
    groups.sort_by_key(|g| g.2);
    let value = |p: &Period, group: &str, def: &RatingDef| -> Option<f64> {
        let g = p.groups.iter().find(|g| g.id == group)?;
        let v = g.ratings.iter().find(|v| v.id == def.id)?;
        match value_of(def, &v.value).ok()? {
            Reading::Number(n) => Some(n),
            Reading::Grade(_) => None,
        }
    };
    data.model
        .ratings
        .iter()
        .filter_map(|def| {
            let RatingScale::Range { min, max } = def.scale else {
                return None;
            };
            let series: Vec<LineSeries> = groups
                .iter()
                .enumerate()
                .map(|(k, (id, name, _))| {
                    let values: Vec<Option<f64>> =
                        periods.iter().map(|p| value(p, id, def)).collect();
                    LineSeries {
                        name: name.clone(),
                        labels: values
                            .iter()
                            .map(|v| v.map(|x| shown(x, lang)).unwrap_or_default())
                            .collect(),
                        values,
                        color: super::rows::SERIES_COLORS[k % super::rows::SERIES_COLORS.len()]
                            .to_string(),
                    }
                })
                .filter(|s| s.values.iter().flatten().count() > 1)
                .collect();
            if series.is_empty() {
                return None;
            }
            let thresholds: Vec<Threshold> = def
                .bands
                .iter()
                .filter_map(|b| {
                    b.bound.map(|value| Threshold {
                        value,
                        label: b.label.clone(),
                    })
                })
                .collect();
            let categories: Vec<String> = periods.iter().map(|p| p.name.clone()).collect();
            let desc = series
                .iter()
                .map(|s| {
                    let points: Vec<String> = categories
                        .iter()
                        .zip(&s.labels)
                        .filter(|(_, l)| !l.is_empty())
                        .map(|(c, l)| format!("{c} {l}"))
                        .collect();
                    format!("{}: {}", s.name, points.join(", "))
                })
                .collect::<Vec<_>>()
                .join("; ");
            Some(chart::lines(
                &def.short.clone().unwrap_or_else(|| def.name.clone()),
                &desc,
                &categories,
                &series,
                (min, max),
                &thresholds,
            ))
        })
        .collect()
}
