//! Reading an evidence file entry by entry when reading it whole failed in
//! one of its answers: each answer is read on its own, so a mistyped key in
//! one entry does not hide the mistakes of the others, and the entries that
//! read well are checked as usual. Only the failed file pays for this.
//!
//! This module recovers what can be read; the checks stay in `agency`.

use std::path::Path;

use serde::Deserialize;

use super::docs::{ActionDoc, AnswerDoc, EvidenceDoc};
use super::yaml::{self, Locator, Mapping, Ordered, Seg};
use crate::diagnostics::Diagnostic;

#[derive(Deserialize)]
struct Loose {
    answers: Option<Ordered<serde_yaml::Value>>,
    actions: Option<serde_yaml::Value>,
}

/// The document with every answer that reads, and a diagnostic for each
/// that does not; None when the file's failure is not in one answer (its
/// syntax, another key), so that the first error stands alone.
pub fn recover(
    text: &str,
    shown: &Path,
    first: &Diagnostic,
) -> Option<(EvidenceDoc, Vec<Diagnostic>)> {
    if !first.message.starts_with("answers.") {
        return None;
    }
    let loose: Loose = serde_yaml::from_str(text).ok()?;
    let loc = Locator::new(text);
    let mut errors = Vec::new();
    let mut good = Vec::new();
    for (id, value) in loose.answers.map(|a| a.0).unwrap_or_default() {
        match serde_yaml::from_value::<Mapping<AnswerDoc>>(value) {
            Ok(answer) => good.push((id, answer)),
            // The entry the whole file failed in: its error as the parser
            // placed it, to the column.
            Err(_)
                if first.message.starts_with(&format!("answers.{id}:"))
                    || first.message.starts_with(&format!("answers.{id}.")) =>
            {
                errors.push(first.clone());
            }
            Err(e) => {
                let mut d = yaml::error_of(&e, shown);
                // The parser's words, whatever the language of `d`.
                let raw = yaml::raw_message(&e);
                // The key named in the message, else the entry.
                let key = raw
                    .strip_prefix("unknown field `")
                    .and_then(|r| r.split('`').next());
                let mut path = vec![Seg::Key("answers"), Seg::Key(&id)];
                let at = key
                    .and_then(|k| {
                        path.push(Seg::Key(k));
                        loc.locate(&path)
                    })
                    .or_else(|| loc.locate(&[Seg::Key("answers"), Seg::Key(&id)]));
                // The entry's path before the message, as the parser writes it.
                d.message = format!("answers.{id}: {}", d.message);
                d.line = at.map(|a| a.0);
                d.column = at.map(|a| a.1);
                let raw = format!("answers.{id}: {raw}");
                errors.push(super::slips::explain(d, &raw, text));
            }
        }
    }
    let actions = match loose.actions {
        None => None,
        Some(v) => match serde_yaml::from_value::<Vec<Mapping<ActionDoc>>>(v) {
            Ok(a) => Some(a),
            Err(e) => {
                let mut d = yaml::error_of(&e, shown);
                d.message = format!("actions: {}", d.message);
                d.line = loc.locate(&[Seg::Key("actions")]).map(|a| a.0);
                errors.push(d);
                None
            }
        },
    };
    Some((
        EvidenceDoc {
            answers: Some(Ordered(good)),
            actions,
        },
        errors,
    ))
}
