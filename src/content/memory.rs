//! Checking documents held in memory instead of a tree on disk: a framework,
//! an agency.yaml, one evidence file and one narrative, as bytes. It runs the
//! same parsing and checking code as `load` (it only skips the walk), so fuzz
//! targets and tests can reach every rule without writing files. It never
//! reads a file; evidence attachments are looked up under a folder that does
//! not exist, so every `file:` is reported missing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::agency::{self, AgencyTexts};
use super::files::decode;
use super::framework;
use super::tree::AgencyScan;
use crate::diagnostics::Diagnostics;
use crate::model::{Agency, Framework};

/// The documents to check, as the bytes of their files would be.
#[derive(Debug, Clone, Copy, Default)]
pub struct Documents<'a> {
    /// A framework (`frameworks/fw.yaml`).
    pub framework: &'a [u8],
    /// `agency.yaml` of one agency.
    pub agency: &'a [u8],
    /// One evidence file of that agency (`answers:` and/or `actions:`).
    pub evidence: &'a [u8],
    /// One Markdown narrative of that agency, with optional front matter.
    pub narrative: &'a [u8],
}

/// What `check_documents` found: the framework and agency where they could be
/// built, and every diagnostic.
pub struct Checked {
    pub framework: Option<Arc<Framework>>,
    pub agency: Option<Agency>,
    pub diagnostics: Diagnostics,
}

/// A content root that is never created: paths in diagnostics start with it.
const ROOT: &str = "memory";

/// Checks `docs` as if they were the files of a one-agency tree; empty
/// evidence or narrative texts are left out.
pub fn check_documents(docs: &Documents) -> Checked {
    let root = Path::new(ROOT);
    let mut diags = Diagnostics::default();
    let fw_path = root.join("frameworks/fw.yaml");
    let fw = decode(docs.framework.to_vec(), &fw_path)
        .map_err(|d| diags.push(d))
        .ok()
        .and_then(|text| framework::from_text("fw", &text, &fw_path, &mut diags))
        .map(Arc::new);
    let Some(fw) = fw else {
        return Checked {
            framework: None,
            agency: None,
            diagnostics: diags,
        };
    };

    let dir = root.join("2022/agency");
    let mut text_of = |bytes: &[u8], path: PathBuf| match decode(bytes.to_vec(), &path) {
        Ok(text) => Some((path, text)),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let agency_text = text_of(docs.agency, dir.join("agency.yaml")).map(|(_, t)| t);
    let evidence: Vec<_> = (!docs.evidence.is_empty())
        .then(|| text_of(docs.evidence, dir.join("evidence.yaml")))
        .flatten()
        .into_iter()
        .collect();
    let narratives: Vec<_> = (!docs.narrative.is_empty())
        .then(|| text_of(docs.narrative, dir.join("catatan.md")))
        .flatten()
        .into_iter()
        .collect();
    let scan = AgencyScan {
        id: "agency".into(),
        evidence: evidence.iter().map(|(p, _)| p.clone()).collect(),
        narratives: narratives.iter().map(|(p, _)| p.clone()).collect(),
        dir,
        group: None,
        ..Default::default()
    };
    let texts = AgencyTexts {
        agency: agency_text.as_deref(),
        evidence: &evidence,
        narratives: &narratives,
    };
    let (agency, more) = agency::check(root, &scan, &fw, &texts);
    diags.extend(more);
    Checked {
        framework: Some(fw),
        agency,
        diagnostics: diags,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FW: &str = "scales:\n  yt: {choice: {ya: 1, tidak: 0}}\nbands:\n  - {label: A, above: 50}\n  - {label: B}\ncriteria:\n  - {id: i1, scale: yt}\n";

    #[test]
    fn a_clean_agency_has_no_errors() {
        let checked = check_documents(&Documents {
            framework: FW.as_bytes(),
            agency: b"name: Dinas A\n",
            evidence: b"answers:\n  i1: {answer: ya, evidence: [SK]}\n",
            narrative: b"---\ntitle: T\ncriterion: i1\n---\nText\n",
        });
        assert!(!checked.diagnostics.has_errors());
        let agency = checked.agency.expect("the agency is built");
        assert_eq!(agency.answers.len(), 1);
        assert_eq!(agency.narratives.len(), 1);
    }

    #[test]
    fn errors_name_the_in_memory_file_and_line() {
        let checked = check_documents(&Documents {
            framework: FW.as_bytes(),
            agency: b"name: A\n",
            evidence: b"answers:\n  i1: {answer: mungkin}\n",
            ..Default::default()
        });
        let errors: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].file,
            Path::new("memory/2022/agency/evidence.yaml")
        );
        assert_eq!(errors[0].line, Some(2));
    }

    #[test]
    fn a_broken_framework_stops_early() {
        let checked = check_documents(&Documents {
            framework: b"criteria: [",
            ..Default::default()
        });
        assert!(checked.framework.is_none() && checked.agency.is_none());
        assert!(checked.diagnostics.has_errors());
    }
}
