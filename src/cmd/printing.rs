//! How diagnostics read in a terminal: each with the line it points at and
//! a caret under the column (as rustc shows them), and warnings of one kind
//! beyond the first few summed up in one line, with where to see them all.
//! `check --format json` always lists every one.
//!
//! This module prints; it decides nothing about what is wrong.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::diagnostics::{help_label, Diagnostic};

/// Warnings of one kind shown before the rest are summed up.
pub const SHOWN_PER_KIND: usize = 5;
/// A file larger than this is not read again to show a line.
const SNIPPET_FILE_LIMIT: u64 = 8 << 20;
/// The part of a long line shown.
const SNIPPET_CHARS: usize = 160;

/// Where the files of diagnostics are: the folder holding the content
/// tree, since paths are shown from the tree's own name (`isi/2022/...`).
static SHOWN_FROM: OnceLock<PathBuf> = OnceLock::new();

/// Says which content tree this run reads, so lines can be shown from its files.
pub fn reading(content: &Path) {
    let parent = content.parent().map(Path::to_path_buf).unwrap_or_default();
    let _ = SHOWN_FROM.set(if parent.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        parent
    });
}

/// Prints every error, and the first [`SHOWN_PER_KIND`] warnings of each
/// kind with a line for the rest; then the totals when there are errors.
pub fn print_diagnostics(list: &[Diagnostic]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut held: Vec<(String, usize)> = Vec::new();
    for d in list {
        if !d.is_error() {
            let kind = kind_of(&d.message);
            let n = seen.entry(kind.clone()).or_insert(0);
            *n += 1;
            if *n > SHOWN_PER_KIND {
                match held.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, count)) => *count += 1,
                    None => held.push((kind, 1)),
                }
                continue;
            }
        }
        match snippet(d) {
            // The line between the message and its help, as rustc shows it.
            Some(s) => {
                let head = d.headline();
                match &d.hint {
                    Some(help) => crate::say!("{head}\n{s}\n  {} {help}", help_label()),
                    None => crate::say!("{head}\n{s}"),
                }
            }
            None => crate::say!("{d}"),
        }
    }
    for (kind, count) in held {
        crate::say!(
            "{}",
            crate::tr!(
                "warning: {count} more warning(s) like \"{kind}\" are not shown\n  = help: `tolok check --format json` lists every one",
                "peringatan: {count} peringatan lain seperti \"{kind}\" tidak ditampilkan\n  = saran: `tolok check --format json` menampilkan semuanya"
            )
        );
    }
    let errors = list.iter().filter(|d| d.is_error()).count();
    let warnings = list.len() - errors;
    if errors > 0 {
        crate::say!(
            "{}",
            crate::tr!(
                "\n{errors} error(s), {warnings} warning(s): nothing was written.",
                "\n{errors} kesalahan, {warnings} peringatan: tidak ada yang ditulis."
            )
        );
    }
}

/// A message with what varies left out (quoted names, numbers), so that
/// "3 answers have no evidence: `a`" and "1 answers ... `b`" are one kind.
pub fn kind_of(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    let mut last_digit = false;
    for c in message.chars() {
        if c == '`' {
            if !quoted {
                out.push('…');
            }
            quoted = !quoted;
            last_digit = false;
        } else if quoted {
        } else if c.is_ascii_digit() {
            if !last_digit {
                out.push('N');
            }
            last_digit = true;
        } else {
            out.push(c);
            last_digit = false;
        }
    }
    // A list of names is one name.
    while out.contains("…, …") {
        out = out.replace("…, …", "…");
    }
    out
}

/// The line a diagnostic points at, numbered, with a caret under its
/// column; None without a line, or when the file cannot be read again.
pub fn snippet(d: &Diagnostic) -> Option<String> {
    let line_no = d.line?;
    let path = match SHOWN_FROM.get() {
        Some(base) if d.file.is_relative() => base.join(&d.file),
        _ => d.file.clone(),
    };
    let file = std::fs::File::open(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let reader = BufReader::new(file.take(SNIPPET_FILE_LIMIT));
    let line = reader.split(b'\n').nth(line_no.checked_sub(1)?)?.ok()?;
    let line = String::from_utf8_lossy(&line)
        .trim_end_matches('\r')
        .to_string();
    // Tabs as four spaces, in the line and before the caret alike.
    let chars: Vec<char> = line.chars().collect();
    let column = d.column.unwrap_or(1).max(1) - 1;
    let start = column.saturating_sub(SNIPPET_CHARS / 2).min(chars.len());
    let shown: String = chars[start..].iter().take(SNIPPET_CHARS).collect();
    let before: usize = chars[start..column.min(chars.len()).max(start)]
        .iter()
        .map(|&c| if c == '\t' { 4 } else { 1 })
        .sum();
    let shown = shown.replace('\t', "    ");
    let gutter = " ".repeat(line_no.to_string().len());
    let mut out = format!(
        "{gutter} |\n{line_no} | {}{shown}",
        if start > 0 { "…" } else { "" }
    );
    if d.column.is_some() {
        let lead = if start > 0 { 1 } else { 0 };
        out.push_str(&format!("\n{gutter} | {}^", " ".repeat(before + lead)));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Msg;

    #[test]
    fn kinds_leave_out_names_and_numbers() {
        assert_eq!(
            kind_of("3 answers have no evidence: `a`, `b`"),
            kind_of("12 answers have no evidence: `zz`")
        );
        assert_ne!(
            kind_of("this agency has no answers yet"),
            kind_of("unknown key `x`")
        );
        // The same in Indonesian: only quoted names and numbers vary.
        assert_eq!(
            kind_of("3 jawaban tidak memiliki data dukung: `a`, `b`"),
            kind_of("12 jawaban tidak memiliki data dukung: `zz`")
        );
        assert_eq!(
            kind_of("pada `v2022`: jalur ini tautan simbolik; tidak dibaca"),
            kind_of("pada `HEAD~1`: jalur ini tautan simbolik; tidak dibaca")
        );
        assert_ne!(
            kind_of("perangkat daerah ini belum memiliki jawaban"),
            kind_of("kunci tidak dikenal `x`")
        );
    }

    #[test]
    fn the_caret_stands_under_the_column() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("e.yaml");
        std::fs::write(&f, "answers:\n  mp-tim:\n    verfied: ya\n\tx: 1\n").unwrap();
        let d = Diagnostic::error(&f, Msg::verbatim("unknown key")).at(Some((3, 5)));
        assert_eq!(snippet(&d).unwrap(), "  |\n3 |     verfied: ya\n  |     ^");
        let tab = Diagnostic::error(&f, Msg::verbatim("tab")).at(Some((4, 2)));
        assert_eq!(snippet(&tab).unwrap(), "  |\n4 |     x: 1\n  |     ^");
        assert_eq!(
            snippet(&Diagnostic::error(&f, Msg::verbatim("no line"))),
            None
        );
        assert_eq!(
            snippet(&Diagnostic::error(&f, Msg::verbatim("past the end")).at(Some((40, 1)))),
            None
        );
    }
}
