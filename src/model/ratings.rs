//! Ratings other than the RB index (format extension): a rating's
//! definition (who issues it, its scale, its bands, which way is better) and
//! the values groups and agencies carry, with the one rule that puts a value
//! in a band. Values are kept as written; `value_of` reads them against the
//! definition.
//!
//! This module holds types and pure rules; it reads no file.

use serde::{Deserialize, Serialize};

/// Which way a rating is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Better {
    Higher,
    Lower,
}

/// What a rating's values are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum RatingScale {
    /// A number from `min` to `max`, both included.
    Range { min: f64, max: f64 },
    /// One of named grades, best first.
    Grades(Vec<String>),
}

/// One band of a rating, best first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingBand {
    pub label: String,
    pub name: Option<String>,
    /// `#rrggbb`.
    pub colour: Option<String>,
    /// Range scales: the band holds values from this bound (`from:`, when
    /// higher is better) or up to it (`to:`, when lower is better), the
    /// value rounded to two decimals first; None for the last band, which
    /// holds the rest.
    pub bound: Option<f64>,
    /// Grade scales: the grades the band holds.
    pub grades: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingDef {
    pub id: String,
    pub name: String,
    pub short: Option<String>,
    pub issuer: Option<String>,
    /// Where the definition is published.
    pub source: Option<String>,
    pub scale: RatingScale,
    pub better: Better,
    pub bands: Vec<RatingBand>,
}

/// A value as a group or an agency writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingValue {
    /// The rating's id.
    pub id: String,
    /// As written: a number (decimal comma allowed) or a grade.
    pub value: String,
    pub source: Option<String>,
    /// As written; checked to be `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Line and column of the entry, for diagnostics.
    pub at: Option<(usize, usize)>,
    /// Set after checking, against the catalogue of this build: the value
    /// read (a number, or a grade as the definition spells it) and the
    /// label of its band. None where the value does not fit.
    pub resolved: Option<Resolved>,
}

/// A value read against its definition, for the exports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolved {
    pub number: Option<f64>,
    pub grade: Option<String>,
    pub band: Option<String>,
}

/// Reads `v` against its definition in `catalogue`.
pub fn resolve(catalogue: &[RatingDef], v: &RatingValue) -> Option<Resolved> {
    let def = catalogue.iter().find(|d| d.id == v.id)?;
    let reading = value_of(def, &v.value).ok()?;
    let band = band_of(def, &reading).map(|b| b.label.clone());
    Some(match (&reading, &def.scale) {
        (Reading::Grade(i), RatingScale::Grades(g)) => Resolved {
            number: None,
            grade: g.get(*i).cloned(),
            band,
        },
        (Reading::Number(n), _) => Resolved {
            number: Some(*n),
            grade: None,
            band,
        },
        _ => Resolved {
            number: None,
            grade: None,
            band,
        },
    })
}

/// A value read against its definition.
#[derive(Debug, Clone, PartialEq)]
pub enum Reading {
    Number(f64),
    Grade(usize),
}

/// Why a value does not fit its definition.
#[derive(Debug, Clone, PartialEq)]
pub enum Misfit {
    NotANumber,
    OffScale { min: f64, max: f64 },
    UnknownGrade,
}

/// Reads `raw` on `def`'s scale.
pub fn value_of(def: &RatingDef, raw: &str) -> Result<Reading, Misfit> {
    let raw = raw.trim();
    match &def.scale {
        RatingScale::Range { min, max } => {
            let n: f64 = raw
                .replace(',', ".")
                .parse()
                .map_err(|_| Misfit::NotANumber)?;
            if !n.is_finite() {
                return Err(Misfit::NotANumber);
            }
            if n < *min || n > *max {
                return Err(Misfit::OffScale {
                    min: *min,
                    max: *max,
                });
            }
            Ok(Reading::Number(n))
        }
        RatingScale::Grades(grades) => grades
            .iter()
            .position(|g| g.eq_ignore_ascii_case(raw))
            .map(Reading::Grade)
            .ok_or(Misfit::UnknownGrade),
    }
}

/// Two decimals, as the bands are written and values are shown.
fn rounded(n: f64) -> f64 {
    (n * 100.0).round() / 100.0
}

/// The band `reading` falls in: the first band whose bound it reaches
/// (`from` when higher is better, `to` when lower is), or that lists its
/// grade; the last band without a bound holds the rest.
pub fn band_of<'a>(def: &'a RatingDef, reading: &Reading) -> Option<&'a RatingBand> {
    match reading {
        Reading::Number(n) => {
            let n = rounded(*n);
            // Bounds are written with at most two decimals; the slack keeps
            // 88.31 from missing `from: 88.31` by a binary fraction.
            let reached = |b: f64| match def.better {
                Better::Higher => n >= b - 1e-9,
                Better::Lower => n <= b + 1e-9,
            };
            def.bands.iter().find(|band| band.bound.is_none_or(reached))
        }
        Reading::Grade(i) => {
            let RatingScale::Grades(grades) = &def.scale else {
                return None;
            };
            let grade = grades.get(*i)?;
            def.bands
                .iter()
                .find(|b| b.grades.iter().any(|g| g.eq_ignore_ascii_case(grade)))
        }
    }
}

/// A reading as a number to compare or chart: the number itself, or the
/// grade's place counted from the worst (the worst grade is 1).
pub fn magnitude(def: &RatingDef, reading: &Reading) -> f64 {
    match (reading, &def.scale) {
        (Reading::Number(n), _) => *n,
        (Reading::Grade(i), RatingScale::Grades(g)) => (g.len() - i) as f64,
        (Reading::Grade(i), _) => *i as f64,
    }
}
