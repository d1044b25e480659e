//! The checked model of a content tree: what the loader produces once every
//! rule of the format holds. Everything downstream (scoring, views, exports)
//! reads these types and never the files.

mod answers;
mod date;
mod framework;
pub mod ratings;

pub use answers::Answers;
pub use date::Date;
pub use framework::*;

use compact_str::CompactString;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The language of the site's own labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    Id,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Id => "id",
            Language::En => "en",
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Site {
    pub title: String,
    pub language: Language,
    /// Always starts and ends with `/`.
    pub base_url: String,
    /// A theme folder named in site.yaml, resolved against the content root.
    pub theme: Option<PathBuf>,
}

/// The whole checked tree.
#[derive(Debug, Clone)]
pub struct Model {
    pub root: PathBuf,
    pub site: Site,
    pub frameworks: BTreeMap<String, Arc<Framework>>,
    /// Ordered by id; the last is the latest.
    pub periods: Vec<Period>,
    /// Extension: the ratings beside the RB index, shipped ones first.
    pub ratings: Vec<ratings::RatingDef>,
}

impl Model {
    pub fn period(&self, id: &str) -> Option<&Period> {
        self.periods.iter().find(|p| p.id == id)
    }

    pub fn latest(&self) -> Option<&Period> {
        self.periods.last()
    }
}

#[derive(Debug, Clone)]
pub struct Period {
    pub id: String,
    pub name: String,
    pub framework: Arc<Framework>,
    pub date: Option<Date>,
    /// False when `period.yaml` says `final: false`: its figures may still
    /// change, and every page of it says so.
    pub is_final: bool,
    pub narratives: Vec<Narrative>,
    /// Ordered by id.
    pub groups: Vec<Group>,
    /// Ordered by id.
    pub agencies: Vec<Agency>,
}

impl Period {
    pub fn agency(&self, id: &str) -> Option<&Agency> {
        self.agencies
            .binary_search_by(|a| a.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.agencies[i])
    }

    /// The agency a person names on the command line: its full id
    /// (`maluku-utara/dp3a`), or its last part (`dp3a`) when that names one
    /// agency alone. Else the ids it could mean: none, or several.
    pub fn named_agency(&self, wanted: &str) -> Result<&Agency, Vec<&str>> {
        if let Some(a) = self.agency(wanted) {
            return Ok(a);
        }
        let mut matches = self
            .agencies
            .iter()
            .filter(|a| a.id.rsplit('/').next() == Some(wanted));
        match (matches.next(), matches.next()) {
            (Some(a), None) => Ok(a),
            (None, _) => Err(Vec::new()),
            (Some(a), Some(b)) => Err([a, b]
                .into_iter()
                .chain(matches)
                .map(|a| a.id.as_str())
                .collect()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupRole {
    Reference,
}

/// A folder on the way to an agency. Its id is its path below the period.
#[derive(Debug, Clone)]
pub struct Group {
    pub id: String,
    pub name: String,
    /// For legends and tight spaces; the name where there is none.
    pub short: Option<String>,
    pub role: Option<GroupRole>,
    pub narratives: Vec<Narrative>,
    /// Extension: the group's values of other ratings, as written.
    pub ratings: Vec<ratings::RatingValue>,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Agency {
    /// Path below the period folder, with `/`.
    pub id: String,
    /// The folder on disk.
    pub dir: PathBuf,
    pub name: String,
    pub short: Option<String>,
    pub cluster: Option<String>,
    pub peer: Option<String>,
    pub head: Option<String>,
    /// Extension: the agency's values of other ratings, as written.
    #[serde(default)]
    pub ratings: Vec<ratings::RatingValue>,
    /// Id of the nearest enclosing group folder (not an agency), if any.
    pub group: Option<String>,
    /// Answers by indicator, in framework order.
    pub answers: Answers,
    pub actions: Vec<Action>,
    pub narratives: Vec<Narrative>,
    /// Evidence files, relative to the agency folder, with `/`; sorted and unique.
    pub attachments: Vec<String>,
    /// The files read for this agency (agency.yaml, evidence YAML, narratives),
    /// relative to its folder, with `/`; sorted.
    pub files: Vec<String>,
}

impl Agency {
    /// The evidence file `answer` came from, relative to the agency folder.
    pub fn source_of(&self, answer: &Answer) -> &str {
        self.files
            .get(usize::from(answer.source))
            .map_or("", String::as_str)
    }
}

/// One answer given for one indicator.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Response {
    NotApplicable,
    /// The value from 0 to 1 the scale gives, and the answer as written.
    Value {
        value: f64,
        shown: CompactString,
    },
}

impl Response {
    pub fn value(&self) -> Option<f64> {
        match self {
            Response::NotApplicable => None,
            Response::Value { value, .. } => Some(*value),
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Answer {
    pub answer: Option<Response>,
    pub verified: Option<Response>,
    /// Markdown.
    pub note: Option<Box<str>>,
    pub evidence: Box<[Evidence]>,
    /// The evidence file it came from: its index in the agency's `files`
    /// (a number, not a name: a national tree has millions of answers).
    pub source: u16,
}

impl Answer {
    /// The answer that counts for the index: verified over self-assessed.
    pub fn effective(&self) -> Option<&Response> {
        self.verified.as_ref().or(self.answer.as_ref())
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Evidence {
    pub title: Box<str>,
    /// Relative to the agency folder, with `/`.
    pub file: Option<Box<str>>,
    pub url: Option<Box<str>>,
    pub date: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Action {
    pub id: String,
    pub activity: String,
    pub criterion: Option<NodeIx>,
    pub due: Option<Date>,
    pub target: Option<String>,
    pub progress: Option<f64>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Narrative {
    /// File name, used for ordering and anchors.
    pub file: String,
    pub title: Option<String>,
    pub order: Option<f64>,
    pub criterion: Option<NodeIx>,
    /// The agency (same period) the narrative is about, e.g. a visit note.
    pub peer: Option<String>,
    /// Where it was read from, for diagnostics found after loading.
    pub path: std::path::PathBuf,
    /// Markdown, front matter removed.
    pub body: String,
}

/// Types of documents a browser shows without running anything of theirs
/// in the site's origin: office documents, PDF, pictures, sound, video,
/// archives, text. Anything else (HTML, SVG, XML, scripts, and files without
/// a known extension, which a browser may sniff as HTML) is published with
/// `.txt` added, so that it is shown as text and never runs as a page.
const PASSIVE: &[&str] = &[
    "pdf", "png", "jpg", "jpeg", "gif", "webp", "bmp", "tif", "tiff", "txt", "csv", "doc", "docx",
    "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "zip", "rar", "7z", "gz", "mp3",
    "m4a", "wav", "ogg", "mp4", "m4v", "mov", "avi", "webm", "mkv",
];

/// Whether the attachment `rel` is published as text (with `.txt` added).
pub fn published_as_text(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => {
            !PASSIVE.iter().any(|p| p.eq_ignore_ascii_case(ext))
        }
        _ => true,
    }
}
