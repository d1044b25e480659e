//! Reading one file of the tree as text, with the limits and checks that keep
//! a bad file from hurting the run: size, UTF-8, byte-order mark.

use std::io::Read;
use std::path::Path;

use crate::diagnostics::Diagnostic;

/// Larger files are refused before they are read: no evidence file, framework
/// or narrative comes near it, and parsing costs memory in proportion to size.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// The text of a file of the content tree `root`: refused when it is a link
/// that leads out of the tree, otherwise as `read_text`.
pub fn read_in(root: &Path, path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    match link_out_of(root, path, shown) {
        Some(d) => Err(d),
        None => read_text(path, shown),
    }
}

/// The file's text without a UTF-8 byte-order mark.
///
/// The size is checked before reading, and the read itself stops past the
/// limit, so a file that grows meanwhile cannot exhaust memory either.
pub fn read_text(path: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let cannot = |e: std::io::Error| {
        Diagnostic::error(
            shown,
            crate::tr!(
                "cannot read the file: {e}",
                "berkas tidak dapat dibaca: {e}"
            ),
        )
        .hint(crate::tr!(
            "check that it exists and is readable",
            "periksa apakah berkas itu ada dan dapat dibaca"
        ))
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    if len > MAX_FILE_BYTES {
        return Err(too_big(shown, len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(shown, bytes.len() as u64));
    }
    decode(bytes, shown)
}

fn too_big(shown: &Path, len: u64) -> Diagnostic {
    Diagnostic::error(
        shown,
        crate::tr!(
            "the file is {len} bytes, over the limit of {MAX_FILE_BYTES} bytes",
            "berkas berukuran {len} byte, melebihi batas {MAX_FILE_BYTES} byte"
        ),
    )
    .hint(crate::tr!(
        "split it into several files, or move large documents to attachments",
        "pecah menjadi beberapa berkas, atau pindahkan dokumen besar ke lampiran"
    ))
}

/// Bytes to text: UTF-8 only, without a leading byte-order mark. Invalid
/// UTF-8 is reported at its line and column (counted in characters).
pub fn decode(bytes: Vec<u8>, shown: &Path) -> Result<String, Diagnostic> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            // The prefix up to `valid` is UTF-8 by definition.
            let good = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let column = good.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            Err(Diagnostic::error(
                shown,
                crate::tr!(
                    "the file is not valid UTF-8 text (byte 0x{:02x} at line {line}, column {column})",
                    "berkas ini bukan teks UTF-8 yang sah (byte 0x{:02x} pada baris {line}, kolom {column})",
                    e.as_bytes()[valid]
                ),
            )
            .at(Some((line, column)))
            .hint(crate::tr!(
                "save it as UTF-8 in your editor (not Latin-1 or Windows-1252)",
                "simpan sebagai UTF-8 di penyunting teks Anda (bukan Latin-1 atau Windows-1252)"
            )))
        }
    }
}

/// An error when `path` is a link to a file outside the content folder `root`:
/// its text would otherwise end up in the site or in error messages.
pub fn link_out_of(root: &Path, path: &Path, shown: &Path) -> Option<Diagnostic> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return None;
    }
    let inside = match (path.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(root)) => real.starts_with(root),
        _ => false,
    };
    (!inside).then(|| {
        Diagnostic::error(
            shown,
            crate::tr!(
                "this file is a link to a place outside the content folder",
                "berkas ini adalah tautan ke tempat di luar folder isi"
            ),
        )
        .hint(crate::tr!(
            "copy the file into the content folder instead of linking it",
            "salin berkas itu ke dalam folder isi, jangan ditautkan"
        ))
    })
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

/// The definition files of `dir` (`frameworks/`, `ratings/`): each
/// `*.yaml` file, not hidden or `_`-named, sorted, with its id (the file
/// stem). None when the folder cannot be listed.
pub fn definition_files(dir: &Path) -> Option<Vec<(String, std::path::PathBuf)>> {
    let entries = std::fs::read_dir(dir).ok()?;
    let mut paths: Vec<std::path::PathBuf> =
        entries.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    Some(
        paths
            .into_iter()
            .filter(|path| {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                !super::tree::is_ignored(&name)
                    && path.extension().is_some_and(|e| e == "yaml")
                    && path.is_file()
            })
            .map(|path| {
                let id = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (id, path)
            })
            .collect(),
    )
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
