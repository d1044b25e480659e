//! Reading one file of the tree as text, with the limits and checks that keep
//! a bad file from hurting the run: size, UTF-8, byte-order mark.

use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Larger files are refused before they are read: no evidence file is this big.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The file's text without a UTF-8 byte-order mark.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Diagnostic::error(shown, format!("cannot read the file: {e}"))
            .hint("check that it exists and is readable")
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            shown,
            format!(
                "the file is {} bytes, over the limit of {} bytes",
                meta.len(),
                MAX_FILE_BYTES
            ),
        )
        .hint("split it into several files, or move large documents to attachments"));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(shown, format!("cannot read the file: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = good.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            Err(Diagnostic::error(shown, "the file is not valid UTF-8 text")
                .at(Some((line, column)))
                .hint("save it as UTF-8 in your editor"))
        }
    }
}

/// Folder names of periods, groups and agencies: lowercase letters, digits and `-`.
pub fn is_clean_id(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A suggestion for a folder name that is not a clean id.
pub fn clean_id_of(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_ids() {
        assert!(is_clean_id("maluku-utara"));
        assert!(is_clean_id("2022"));
        assert!(!is_clean_id("Maluku Utara"));
        assert!(!is_clean_id(""));
        assert_eq!(clean_id_of("Dinas Kesehatan_2"), "dinas-kesehatan-2");
    }
}
