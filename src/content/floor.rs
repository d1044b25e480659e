//! The parse-only floor of a build, for benchmarks: walk the tree, read every
//! YAML and Markdown file and parse it into the loader's own document types
//! (front matter for Markdown), in parallel, and nothing else: no checks, no
//! model, no scores, no pages. A build's time over this one is its overhead.

use rayon::prelude::*;
use std::path::{Path, PathBuf};

use super::docs::{
    AgencyDoc, EvidenceDoc, FrameworkDoc, FrontMatterDoc, GroupDoc, PeriodDoc, SiteDoc,
};
use super::frontmatter;
use super::tree::is_ignored;

/// What the floor read.
#[derive(Debug, Default, Clone, Copy)]
pub struct Floor {
    pub files: usize,
    pub bytes: u64,
    /// Files that did not parse (the floor does not report why).
    pub failed: usize,
}

fn parses<T: serde::de::DeserializeOwned>(text: &str) -> bool {
    serde_yaml::from_str::<T>(text).is_ok()
}

fn parse_one(root: &Path, path: &Path) -> (u64, bool) {
    let Ok(text) = std::fs::read_to_string(path) else {
        return (0, false);
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let in_frameworks = path.parent() == Some(&root.join("frameworks"));
    let ok = if name.ends_with(".md") {
        match frontmatter::split(&text).front {
            Some((yaml, _)) if !yaml.trim().is_empty() => parses::<FrontMatterDoc>(yaml),
            _ => true,
        }
    } else if path.parent() == Some(root) && name == "site.yaml" {
        parses::<SiteDoc>(&text)
    } else if in_frameworks {
        parses::<FrameworkDoc>(&text)
    } else {
        match name {
            "period.yaml" => parses::<PeriodDoc>(&text),
            "group.yaml" => parses::<GroupDoc>(&text),
            "agency.yaml" => parses::<AgencyDoc>(&text),
            _ => parses::<EvidenceDoc>(&text),
        }
    };
    (text.len() as u64, ok)
}

/// Reads and parses every YAML and Markdown file under `root`.
pub fn parse_floor(root: &Path) -> Floor {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(is_ignored))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "md")
            )
        })
        .collect();
    files
        .par_iter()
        .map(|p| parse_one(root, p))
        .fold(Floor::default, |mut f, (bytes, ok)| {
            f.files += 1;
            f.bytes += bytes;
            f.failed += usize::from(!ok);
            f
        })
        .reduce(Floor::default, |a, b| Floor {
            files: a.files + b.files,
            bytes: a.bytes + b.bytes,
            failed: a.failed + b.failed,
        })
}
