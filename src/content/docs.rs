//! The documents of a content tree as written: serde structs that mirror the
//! YAML, with no checks beyond types. `check` turns them into the model.
//!
//! What a visitor `expecting` says stays in English: `yaml::explain`
//! recognises it to choose its hint, and says it in Indonesian itself.

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

use super::yaml::{Mapping, Name, Ordered, Text};

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SiteDoc {
    pub title: Option<Name>,
    pub language: Option<Text>,
    pub base_url: Option<Text>,
    pub theme: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrameworkDoc {
    pub name: Option<Name>,
    #[serde(default)]
    pub scales: Ordered<Mapping<ScaleDoc>>,
    #[serde(default)]
    pub bands: Vec<Mapping<BandDoc>>,
    #[serde(default)]
    pub criteria: Vec<Mapping<CriterionDoc>>,
    /// Extension: the readiness checks of a benchmarking visit.
    pub checklist: Option<Vec<Mapping<CheckDoc>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckDoc {
    pub id: Text,
    pub label: Option<Name>,
    pub indicators: Vec<Text>,
    pub above: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScaleDoc {
    pub choice: Option<Ordered<f64>>,
    pub range: Option<Vec<f64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandDoc {
    pub label: Name,
    pub above: Option<f64>,
    pub name: Option<Name>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionDoc {
    pub id: Text,
    pub name: Option<Name>,
    pub text: Option<Text>,
    pub weight: Option<f64>,
    pub scale: Option<Text>,
    pub guide: Option<Text>,
    pub criteria: Option<Vec<Mapping<CriterionDoc>>>,
    pub requires: Option<RequiresDoc>,
    pub times: Option<Text>,
}

/// `requires: id` or `requires: {indicator: id, above: 0.5}`.
#[derive(Debug)]
pub struct RequiresDoc {
    pub indicator: String,
    pub above: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequiresMap {
    indicator: Text,
    above: Option<f64>,
}

impl<'de> Deserialize<'de> for RequiresDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RequiresDoc;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an indicator id, or {indicator: ID, above: NUMBER}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RequiresDoc, E> {
                super::yaml::checked_name(v)?;
                Ok(RequiresDoc {
                    indicator: v.to_string(),
                    above: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RequiresDoc, A::Error> {
                let m = RequiresMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RequiresDoc {
                    indicator: m.indicator.0,
                    above: m.above,
                })
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodDoc {
    pub name: Name,
    pub framework: Text,
    pub date: Option<Text>,
    /// Extension (format 1, optional): `final: false` marks figures that may
    /// still change ("data sementara").
    #[serde(rename = "final")]
    pub is_final: Option<bool>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct GroupDoc {
    pub name: Option<Name>,
    /// Extension: a short name for chart legends and tight spaces ("Banten").
    pub short: Option<Name>,
    pub role: Option<Text>,
    /// Extension: values of other ratings (`ratings/`).
    pub ratings: Option<Ordered<super::ratings::ValueDoc>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyDoc {
    pub name: Name,
    pub short: Option<Name>,
    pub cluster: Option<Name>,
    pub peer: Option<Text>,
    pub head: Option<Name>,
    /// Extension: values of other ratings (`ratings/`).
    pub ratings: Option<Ordered<super::ratings::ValueDoc>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct EvidenceDoc {
    pub answers: Option<Ordered<Mapping<AnswerDoc>>>,
    pub actions: Option<Vec<Mapping<ActionDoc>>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AnswerDoc {
    pub answer: Option<Text>,
    pub verified: Option<Text>,
    pub note: Option<Text>,
    pub evidence: Option<Vec<EvidenceItemDoc>>,
}

/// An evidence entry: a plain title, or {title, file, url, date}.
#[derive(Debug, Default)]
pub struct EvidenceItemDoc {
    pub title: Option<String>,
    pub file: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EvidenceMap {
    title: Option<Name>,
    file: Option<Text>,
    url: Option<Text>,
    date: Option<Text>,
}

impl<'de> Deserialize<'de> for EvidenceItemDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EvidenceItemDoc;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a title, or {title, file, url, date}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<EvidenceItemDoc, E> {
                super::yaml::checked_name(v)?;
                Ok(EvidenceItemDoc {
                    title: Some(v.to_string()),
                    ..Default::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<EvidenceItemDoc, A::Error> {
                let m = EvidenceMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(EvidenceItemDoc {
                    title: m.title.map(|t| t.0),
                    file: m.file.map(|t| t.0),
                    url: m.url.map(|t| t.0),
                    date: m.date.map(|t| t.0),
                })
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionDoc {
    pub id: Option<Text>,
    pub activity: Option<Name>,
    pub criterion: Option<Text>,
    pub due: Option<Text>,
    pub target: Option<Name>,
    pub progress: Option<Text>,
    pub evidence: Option<Vec<EvidenceItemDoc>>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct FrontMatterDoc {
    pub title: Option<Name>,
    pub order: Option<f64>,
    pub criterion: Option<Text>,
    /// Extension: the agency (same period) the narrative is about, e.g. a visit note.
    pub peer: Option<Text>,
}
