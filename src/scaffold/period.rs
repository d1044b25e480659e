//! `tolok new period NEW [--from OLD]`: the next assessment round, starting
//! from the last one. Every agency is copied with its agency.yaml, group.yaml
//! files, evidence YAML and the attachments its evidence names, so every
//! `file:` still resolves. `verified` answers are dropped (a new round is
//! verified again); `answer`, notes, evidence and actions are kept.
//! Narratives (`*.md`) are not copied: they describe one round.
//!
//! Evidence files are edited as text, so comments survive; the edit is
//! checked against the same change made on the parsed YAML, and when they
//! differ (an unusual layout) the file is written from the parsed YAML.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_yaml::Value;

use super::{check_id, write_new, yaml_scalar, Written};
use crate::content;
use crate::diagnostics::Diagnostic;

pub fn new_period(
    root: &Path,
    new: &str,
    from: Option<&str>,
    name: Option<&str>,
) -> Result<Written, Vec<Diagnostic>> {
    check_id(new, crate::i18n::one_of("period", "periode"), root).map_err(|d| vec![d])?;
    let target = root.join(new);
    if target.exists() {
        return Err(vec![Diagnostic::error(
            &target,
            crate::tr!(
                "the period folder `{new}` already exists",
                "folder periode `{new}` sudah ada"
            ),
        )
        .hint(crate::tr!(
            "choose another id, or remove the folder yourself if it is a leftover",
            "pilih id lain, atau hapus sendiri folder itu bila hanya sisa"
        ))]);
    }
    let loaded = content::load(root);
    if loaded.diagnostics.has_errors() {
        let mut list = loaded.diagnostics.sorted();
        list.retain(|d| d.is_error());
        list.push(
            Diagnostic::error(
                root,
                crate::tr!(
                    "the content tree has errors; nothing was copied",
                    "pohon isi memiliki kesalahan; tidak ada yang disalin"
                ),
            )
            .hint(crate::tr!(
                "fix the errors above (`tolok check`), then run this again",
                "perbaiki kesalahan di atas (`tolok check`), lalu jalankan perintah ini lagi"
            )),
        );
        return Err(list);
    }
    let model = loaded.model;
    // Without --from, the latest period: the next round starts from the last.
    let from = match from.or_else(|| model.latest().map(|p| p.id.as_str())) {
        Some(from) => from.to_string(),
        None => {
            return Err(vec![Diagnostic::error(
                root,
                crate::tr!(
                    "there is no period in this tree to start from",
                    "tidak ada periode dalam pohon isi ini untuk dijadikan titik awal"
                ),
            )
            .hint(crate::tr!(
                "start a tree with `tolok init`, or check --content",
                "mulai pohon isi dengan `tolok init`, atau periksa --content"
            ))])
        }
    };
    let from = from.as_str();
    let Some(old) = model.period(from) else {
        let known: Vec<&str> = model.periods.iter().map(|p| p.id.as_str()).collect();
        return Err(vec![Diagnostic::error(
            root.join(from),
            crate::tr!(
                "there is no period `{from}` to start from",
                "tidak ada periode `{from}` untuk dijadikan titik awal"
            ),
        )
        .hint(crate::tr!(
            "periods in this tree: {}",
            "periode dalam pohon isi ini: {}",
            known.join(", ")
        ))]);
    };
    let old_dir = root.join(&old.id);

    // Write into a hidden folder (ignored by the loader) and move it in place
    // when complete, so a failure leaves no half-copied period behind.
    let staging = root.join(format!(".{new}.tolok-new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    let result = (|| -> Result<Written, Diagnostic> {
        let mut written = Written::default();
        let mut put = |rel: &Path, bytes: &[u8]| -> Result<(), Diagnostic> {
            write_new(&staging.join(rel), bytes)?;
            written.files.push(PathBuf::from(new).join(rel));
            Ok(())
        };
        let period_name = match name {
            Some(n) => n.trim().to_string(),
            None if old.name.contains(&old.id) => old.name.replace(&old.id, new),
            None => format!("{} ({new})", old.name),
        };
        let period_yaml = format!(
            "# Disalin dari periode {from} dengan `tolok new period`: jawaban dibawa,\n# `verified` dihapus (periode baru diverifikasi ulang).\nname: {}\nframework: {}\n",
            yaml_scalar(&period_name),
            yaml_scalar(&old.framework.id)
        );
        put(Path::new("period.yaml"), period_yaml.as_bytes())?;

        for g in &old.groups {
            let rel = PathBuf::from(&g.id).join("group.yaml");
            let from_file = old_dir.join(&rel);
            if from_file.is_file() {
                put(&rel, &read(&from_file)?)?;
            }
        }
        let copied: BTreeSet<&str> = old.agencies.iter().map(|a| a.id.as_str()).collect();
        for a in &old.agencies {
            let rel_dir = PathBuf::from(&a.id);
            for f in &a.files {
                let src = a.dir.join(f);
                let rel = rel_dir.join(f);
                if f == "agency.yaml" {
                    let text = read_text(&src)?;
                    let keep_peer = a.peer.as_deref().is_none_or(|p| copied.contains(p));
                    let text = if keep_peer {
                        text
                    } else {
                        drop_key_lines(&text, "peer")
                    };
                    put(&rel, text.as_bytes())?;
                } else if f.ends_with(".yaml") || f.ends_with(".yml") {
                    let text = read_text(&src)?;
                    put(&rel, strip_verified(&text).as_bytes())?;
                }
                // Narratives (*.md) belong to their round and are not copied.
            }
            for att in &a.attachments {
                put(&rel_dir.join(att), &read(&a.dir.join(att))?)?;
            }
        }
        Ok(written)
    })();
    match result {
        Ok(written) => {
            std::fs::rename(&staging, &target).map_err(|e| {
                let _ = std::fs::remove_dir_all(&staging);
                vec![Diagnostic::error(
                    &target,
                    crate::tr!(
                        "cannot put the new period in place: {e}",
                        "periode baru tidak dapat dipindahkan ke tempatnya: {e}"
                    ),
                )]
            })?;
            Ok(written)
        }
        Err(d) => {
            let _ = std::fs::remove_dir_all(&staging);
            Err(vec![d])
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    std::fs::read(path).map_err(|e| {
        Diagnostic::error(
            path,
            crate::tr!(
                "cannot read the file: {e}",
                "berkas tidak dapat dibaca: {e}"
            ),
        )
    })
}

fn read_text(path: &Path) -> Result<String, Diagnostic> {
    String::from_utf8(read(path)?).map_err(|_| {
        Diagnostic::error(
            path,
            crate::tr!(
                "the file is not valid UTF-8 text",
                "berkas ini bukan teks UTF-8 yang sah"
            ),
        )
    })
}

/// Removes top-level `key:` lines (an agency.yaml's `peer:`).
fn drop_key_lines(text: &str, key: &str) -> String {
    let prefix = format!("{key}:");
    text.lines()
        .filter(|l| !l.starts_with(&prefix))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The evidence file without `verified` answers, its comments and layout kept
/// where the text edit can be proved equal to the edit of the parsed YAML.
pub fn strip_verified(text: &str) -> String {
    let Ok(mut value) = serde_yaml::from_str::<Value>(text) else {
        return text.to_string();
    };
    if !remove_verified(&mut value) {
        return text.to_string();
    }
    let edited = strip_verified_text(text);
    if serde_yaml::from_str::<Value>(&edited).ok().as_ref() == Some(&value) {
        return edited;
    }
    let body = serde_yaml::to_string(&value).unwrap_or_default();
    format!("# Disalin dengan `tolok new period` tanpa jawaban `verified`.\n{body}")
}

/// Drops `verified` from every answer of the parsed document; true if any was there.
fn remove_verified(value: &mut Value) -> bool {
    let mut removed = false;
    if let Some(answers) = value.get_mut("answers").and_then(Value::as_mapping_mut) {
        for (_, answer) in answers.iter_mut() {
            if let Some(m) = answer.as_mapping_mut() {
                removed |= m.remove("verified").is_some();
            }
        }
    }
    removed
}

/// The text edit: block `verified:` lines (and a block scalar under them) go,
/// and `verified: X` entries of flow mappings (`{answer: c, verified: c}`).
fn strip_verified_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut skip_deeper_than: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = line.trim();
        if let Some(level) = skip_deeper_than {
            if trimmed.is_empty() || indent > level {
                continue;
            }
            skip_deeper_than = None;
        }
        if indent > 0 {
            if let Some(rest) = trimmed.strip_prefix("verified:") {
                let rest = rest.trim_start();
                if rest.is_empty() || rest.starts_with(['|', '>', '#']) {
                    skip_deeper_than = Some(indent);
                }
                continue;
            }
        }
        out.push_str(&strip_flow_verified(line));
    }
    out
}

/// `{answer: c, verified: "62,5"}` -> `{answer: c}` on one line.
fn strip_flow_verified(line: &str) -> String {
    let mut line = line.to_string();
    let mut search_from = 0;
    while let Some(found) = line[search_from..].find("verified:") {
        let at = search_from + found;
        let before = line[..at].trim_end();
        let (cut_from, after_comma) = if before.ends_with(',') {
            (before.len() - 1, false)
        } else if before.ends_with('{') {
            (at, true)
        } else {
            search_from = at + 1;
            continue;
        };
        let end = value_end(&line, at + "verified:".len());
        let mut cut_to = end;
        if after_comma && line[end..].starts_with(',') {
            cut_to = end + 1;
            cut_to += line[cut_to..].len() - line[cut_to..].trim_start_matches(' ').len();
        }
        line.replace_range(cut_from..cut_to, "");
        search_from = cut_from;
    }
    line
}

/// Where a flow value starting at `from` ends: the next `,` or `}` outside quotes and brackets.
fn value_end(line: &str, from: usize) -> usize {
    let bytes = line.as_bytes();
    let mut i = from;
    let mut depth = 0usize;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' && q == b'"' {
                    i += 1;
                } else if b == q {
                    quote = None;
                }
            }
            None => match b {
                b'"' | b'\'' => quote = Some(b),
                b'[' | b'{' => depth += 1,
                b']' if depth > 0 => depth -= 1,
                b'}' if depth > 0 => depth -= 1,
                b',' | b'}' | b'\n' if depth == 0 => return i,
                _ => {}
            },
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_and_flow_verified_answers_are_dropped_and_comments_kept() {
        let text = "# komentar\nanswers:\n  a: {answer: c, verified: \"62,5\"}\n  b: {verified: d, answer: d}\n  c:\n    answer: ya   # sendiri\n    verified: ya\n    note: catatan\n  d:\n    verified: |\n      panjang\n      sekali\n    answer: b\n";
        let out = strip_verified(text);
        assert_eq!(
            out,
            "# komentar\nanswers:\n  a: {answer: c}\n  b: {answer: d}\n  c:\n    answer: ya   # sendiri\n    note: catatan\n  d:\n    answer: b\n"
        );
    }

    #[test]
    fn an_unusual_layout_falls_back_to_the_parsed_yaml() {
        let text = "answers:\n  a:\n    answer: ya\n    note: |\n      verified: ini bagian catatan\n    verified: ya\n";
        let out = strip_verified(text);
        let v: Value = serde_yaml::from_str(&out).unwrap();
        assert_eq!(v["answers"]["a"]["note"], "verified: ini bagian catatan\n");
        assert!(v["answers"]["a"].get("verified").is_none());
    }

    #[test]
    fn a_file_without_verified_answers_is_unchanged() {
        let text = "# x\nactions:\n  - {id: ra-1, activity: Y}\n";
        assert_eq!(strip_verified(text), text);
    }
}
