//! User-facing problems with the content tree: one type, rendered in one place.
//!
//! Every stage that reads user input pushes `Diagnostic`s here instead of
//! failing on the first problem, so a run reports everything at once. This
//! module formats them; it does not decide what is wrong.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::i18n::one_of;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, pinned to a file and, where known, a line and column (1-based).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the content root's parent, as the user typed it.
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(file: impl Into<PathBuf>, message: crate::i18n::Msg) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(file: impl Into<PathBuf>, message: crate::i18n::Msg) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn at(mut self, location: Option<(usize, usize)>) -> Self {
        if let Some((line, column)) = location {
            self.line = Some(line);
            self.column = Some(column);
        }
        self
    }

    pub fn hint(mut self, hint: crate::i18n::Msg) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The first line: `error: FILE:LINE:COLUMN: MESSAGE`, its kind in the
    /// chosen language (`kesalahan`, `peringatan`).
    pub fn headline(&self) -> String {
        let mut out = format!("{}: {}", self.severity.word(), self.file.display());
        if let Some(line) = self.line {
            out.push_str(&format!(":{line}"));
            if let Some(column) = self.column {
                out.push_str(&format!(":{column}"));
            }
        }
        out.push_str(&format!(": {}", self.message));
        out
    }
}

impl Severity {
    /// The word a line of this severity starts with, in the chosen language.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => one_of("error", "kesalahan"),
            Severity::Warning => one_of("warning", "peringatan"),
        }
    }
}

/// What stands before a hint, in the chosen language: `= help:` (`= saran:`).
pub fn help_label() -> &'static str {
    one_of("= help:", "= saran:")
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  {} {hint}", help_label())?;
        }
        Ok(())
    }
}

/// All diagnostics of a run.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn extend_from(&mut self, items: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorted by file, then line, then column, errors before warnings on a tie.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

/// The path shown to the user: relative to the folder tolok was pointed at's parent
/// when possible, so `content/2022/x/evidence.yaml` rather than an absolute path.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(root) {
        Ok(rel) => {
            let base = root.file_name().map(PathBuf::from).unwrap_or_default();
            base.join(rel)
        }
        Err(_) => path.to_path_buf(),
    }
}

/// The nearest candidate to `wrong` by edit distance, if it is close enough to be a plausible typo.
pub fn nearest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&wrong_lower, &c.to_lowercase()),
                c,
            )
        })
        .filter(|(d, c)| *d <= (c.chars().count().max(wrong.chars().count()) / 2).max(2))
        .min_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(b.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Msg;

    #[test]
    fn nearest_finds_typo() {
        let keys = ["answer", "verified", "note", "evidence"];
        assert_eq!(nearest("verfied", keys), Some("verified"));
        assert_eq!(nearest("zzzzzzzzzz", keys), None);
    }

    #[test]
    fn display_has_location_and_hint() {
        let d = Diagnostic::error("content/a.yaml", Msg::verbatim("bad"))
            .at(Some((3, 5)))
            .hint(Msg::verbatim("fix it"));
        assert_eq!(
            d.to_string(),
            "error: content/a.yaml:3:5: bad\n  = help: fix it"
        );
    }
}
