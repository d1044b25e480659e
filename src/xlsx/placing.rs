//! Where an import's values go, and writing them: the file each changed
//! indicator is written to (where it is answered, where the template lists
//! it, else the end of the agency's first evidence file), the new text of
//! every file (through `yaml_edit`, checked to mean what was intended), and
//! writing them so that a failure puts every file back. `import` decides
//! what changes; this module never reads the form.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use super::import::{Change, Field, Plan};
use super::{typed, yaml_edit};
use crate::diagnostics::{display_path, Diagnostic};
use crate::model::{Agency, Model};
use crate::tr;

/// The file new answers go to when the agency has no evidence file yet.
pub const NEW_FILE: &str = "evidence.yaml";

/// One indicator's changes bound for a file: its index, the changes, and
/// whether its entry is edited in place (answered, or listed by the template).
type Placed<'a> = (usize, Vec<&'a Change>, bool);

/// The value of a change as one line of YAML, for a file at `rel` below the agency folder.
fn yaml_value(change: &Change, rel: &str) -> Option<String> {
    if change.new.is_empty() {
        return None;
    }
    Some(match change.field {
        Field::Answer | Field::Note => yaml_edit::scalar(&change.new),
        Field::Evidence => {
            // A file is written relative to the YAML file that names it.
            let up = "../".repeat(rel.matches('/').count());
            let items = typed::parse_evidence(&change.new).unwrap_or_default();
            let parts: Vec<String> = items
                .iter()
                .map(|e| {
                    if e.url.is_none() && e.file.is_none() && e.date.is_none() {
                        return yaml_edit::scalar(&e.title);
                    }
                    let mut keys = vec![format!("title: {}", yaml_edit::scalar(&e.title))];
                    if let Some(u) = &e.url {
                        keys.push(format!("url: {}", yaml_edit::scalar(u)));
                    }
                    if let Some(f) = &e.file {
                        keys.push(format!("file: {}", yaml_edit::scalar(&format!("{up}{f}"))));
                    }
                    if let Some(d) = e.date {
                        keys.push(format!("date: {d}"));
                    }
                    format!("{{{}}}", keys.join(", "))
                })
                .collect();
            format!("[{}]", parts.join(", "))
        }
    })
}

/// Every file's new text, and the file each changed indicator is written to.
type Written = (
    Vec<(PathBuf, Option<String>, String)>,
    HashMap<usize, String>,
);

/// The file each changed indicator is written to, and the new text of every file.
pub(super) fn write_plan(
    model: &Model,
    agency: &Agency,
    changes: &[(usize, Change)],
) -> Result<Written, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let mut texts: BTreeMap<String, Option<String>> = BTreeMap::new();
    let mut read = |rel: &str, diags: &mut Vec<Diagnostic>| -> Option<String> {
        if let Some(t) = texts.get(rel) {
            return t.clone();
        }
        let file = agency.dir.join(rel);
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => {
                diags.push(Diagnostic::error(
                    display_path(&model.root, &file),
                    tr!("cannot read: {e}", "tidak dapat dibaca: {e}"),
                ));
                None
            }
        };
        texts.insert(rel.to_string(), text.clone());
        text
    };
    let yaml_files: Vec<&String> = agency
        .files
        .iter()
        .filter(|f| f.ends_with(".yaml") && f.as_str() != "agency.yaml")
        .collect();
    // By indicator, in the framework's order; each goes to one file.
    let mut by_indicator: BTreeMap<usize, Vec<&Change>> = BTreeMap::new();
    for (ix, c) in changes {
        by_indicator.entry(*ix).or_default().push(c);
    }
    let mut targets: BTreeMap<String, Vec<Placed>> = BTreeMap::new();
    let mut target_of = HashMap::new();
    for (ix, list) in by_indicator {
        let answered = agency.answers.contains_key(&ix);
        let id = &list[0].indicator;
        let (rel, in_place) = if answered {
            (list[0].file.clone(), true)
        } else if let Some(f) = yaml_files.iter().find(|f| {
            read(f, &mut diags).is_some_and(|t| yaml_edit::uncomment_template(&t, id).is_some())
        }) {
            ((*f).clone(), true)
        } else {
            let first = yaml_files
                .iter()
                .find(|f| {
                    read(f, &mut diags)
                        .is_some_and(|t| t.lines().any(|l| l.starts_with("answers:")))
                })
                .map(|f| (*f).clone());
            (first.unwrap_or_else(|| NEW_FILE.to_string()), false)
        };
        target_of.insert(ix, rel.clone());
        targets.entry(rel).or_default().push((ix, list, in_place));
    }
    let mut files = Vec::new();
    for (rel, list) in targets {
        let file = agency.dir.join(&rel);
        let shown_file = display_path(&model.root, &file);
        let old = read(&rel, &mut diags);
        let mut text = old.clone();
        let mut edits: Vec<(String, &'static str, Option<String>)> = Vec::new();
        let mut new_entries: Vec<(&str, Vec<(&str, String)>)> = Vec::new();
        let mut failed = None;
        for (ix, changes, in_place) in &list {
            let id = changes[0].indicator.as_str();
            let values: Vec<(&'static str, Option<String>)> = changes
                .iter()
                .map(|c| (c.field.key(), yaml_value(c, &rel)))
                .collect();
            edits.extend(values.iter().map(|(k, v)| (id.to_string(), *k, v.clone())));
            if *in_place {
                let mut t = text.clone().unwrap_or_default();
                if !agency.answers.contains_key(ix) {
                    match yaml_edit::uncomment_template(&t, id) {
                        Some(open) => t = open,
                        None => failed = Some(format!("`{id}`")),
                    }
                }
                for (key, value) in &values {
                    match yaml_edit::set_value(&t, id, key, value.as_deref()) {
                        Ok(next) => t = next,
                        Err(e) => failed = Some(e),
                    }
                }
                text = Some(t);
            } else {
                let keys: Vec<(&str, String)> = values
                    .iter()
                    .filter_map(|(k, v)| v.clone().map(|v| (*k, v)))
                    .collect();
                if !keys.is_empty() {
                    new_entries.push((id, keys));
                }
            }
        }
        if failed.is_none() && !new_entries.is_empty() {
            match yaml_edit::add_entries(text.as_deref(), &new_entries) {
                Ok(t) => text = Some(t),
                Err(e) => failed = Some(e),
            }
        }
        let edit_refs: Vec<yaml_edit::Edit> = edits
            .iter()
            .map(|(id, k, v)| (id.as_str(), *k, v.as_deref()))
            .collect();
        let result = failed.map(Err).unwrap_or_else(|| {
            let new = text.clone().unwrap_or_default();
            yaml_edit::verify(old.as_deref(), &new, &edit_refs).map(|_| new)
        });
        match result {
            Ok(new) => files.push((file, old, new)),
            Err(e) => diags.push(
                Diagnostic::error(
                    shown_file,
                    tr!("cannot update the answers in place: {e}", "jawaban tidak dapat diubah di tempatnya: {e}"),
                )
                .hint(tr!(
                    "write its answers in block style (`answer: ya` on its own line) or one-line `{{answer: ya}}`, or change this answer by hand",
                    "tulis jawabannya bergaya blok (`answer: ya` di barisnya sendiri) atau satu baris `{{answer: ya}}`, atau ubah jawaban ini secara manual"
                )),
            ),
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok((files, target_of))
}

/// Writes the plan's files (each through a temporary file renamed into place),
/// then loads the tree again; if it does not load cleanly, every file is put back.
pub fn apply(plan: &Plan, content: &Path) -> Result<(), Vec<Diagnostic>> {
    let mut written: Vec<&(PathBuf, Option<String>, String)> = Vec::new();
    let mut failure = None;
    for entry in &plan.files {
        match write_atomic(&entry.0, &entry.2) {
            Ok(()) => written.push(entry),
            Err(e) => {
                failure = Some(vec![Diagnostic::error(
                    display_path(content, &entry.0),
                    tr!("cannot write: {e}", "tidak dapat ditulis: {e}"),
                )]);
                break;
            }
        }
    }
    if failure.is_none() {
        let loaded = crate::content::load(content);
        if loaded.diagnostics.has_errors() {
            failure = Some(loaded.diagnostics.sorted());
        }
    }
    match failure {
        None => Ok(()),
        Some(diags) => {
            for (path, old, _) in written {
                match old {
                    Some(old) => {
                        let _ = write_atomic(path, old);
                    }
                    None => {
                        let _ = std::fs::remove_file(path);
                    }
                }
            }
            Err(diags)
        }
    }
}

fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tolok-import"));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}
