//! The record an answer form carries of itself: which period, agency and
//! framework it was made for, by which version of the form, and the
//! answers, evidence and notes it was exported with (so that an import
//! changes only what the agency edited, and sees where the tree changed
//! since); sealed with the tree's form key (HMAC-SHA-256), so
//! that `tolok import` trusts the record and not the visible `Info` sheet,
//! which anyone can edit.
//!
//! The record is a sheet of its own, very hidden (Excel offers no way to
//! show it) and protected. The key is a random secret kept in the content
//! tree, `.tolok/form-key`, made by the first `tolok export form`: whoever
//! has the repository has the key, and may write any agency's answers
//! anyway; whoever has only a form cannot make a record for another agency.
//!
//! This module writes and checks records; `form` and `import` use them.

use hmac::{Hmac, Mac};
use rust_xlsxwriter::{Workbook, XlsxError};
use sha2::Sha256;
use std::path::{Path, PathBuf};

use super::bounded::Sheet;

/// The record's sheet.
pub const RECORD: &str = "tolok";
/// The version of the form's layout; a form of another version is refused.
pub const FORM_VERSION: &str = "3";
/// The form key's file, below the content folder.
pub const KEY_FILE: &str = ".tolok/form-key";

/// What a form says of itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub version: String,
    pub period: String,
    pub agency: String,
    pub framework: String,
    /// Every indicator of the form as exported.
    pub rows: Vec<Exported>,
}

/// What one indicator's editable cells held when the form was exported,
/// as the form shows them (an empty text: nothing).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Exported {
    pub id: String,
    pub answer: String,
    pub evidence: String,
    pub note: String,
}

impl Record {
    /// The rows of the record sheet, in order, before the seal.
    fn rows(&self) -> Vec<(String, String)> {
        let mut rows = vec![
            ("version".to_string(), self.version.clone()),
            ("period".to_string(), self.period.clone()),
            ("agency".to_string(), self.agency.clone()),
            ("framework".to_string(), self.framework.clone()),
        ];
        for row in &self.rows {
            rows.push((format!("answer {}", row.id), row.answer.clone()));
            rows.push((format!("evidence {}", row.id), row.evidence.clone()));
            rows.push((format!("note {}", row.id), row.note.clone()));
        }
        rows
    }

    /// The bytes the seal is computed over: each row as its key and value,
    /// lengths first, so that no two records share them.
    fn canonical(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for (k, v) in self.rows() {
            for part in [k, v] {
                out.extend_from_slice(&(part.len() as u64).to_le_bytes());
                out.extend_from_slice(part.as_bytes());
            }
        }
        out
    }

    fn mac(&self, key: &[u8]) -> Hmac<Sha256> {
        // HMAC takes a key of any length.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key length");
        mac.update(&self.canonical());
        mac
    }

    /// The seal, as hex.
    pub fn seal(&self, key: &[u8]) -> String {
        hex(&self.mac(key).finalize().into_bytes())
    }

    /// Whether `seal` is this record's under `key` (compared in constant time).
    pub fn verify(&self, seal: &str, key: &[u8]) -> bool {
        unhex(seal).is_some_and(|bytes| self.mac(key).verify_slice(&bytes).is_ok())
    }

    /// Adds the record as a very hidden, protected sheet.
    pub fn write(&self, workbook: &mut Workbook, key: &[u8]) -> Result<(), XlsxError> {
        let sheet = workbook.add_worksheet();
        sheet.set_name(RECORD)?;
        let mut rows = self.rows();
        rows.push(("seal".into(), self.seal(key)));
        for (r, (k, v)) in rows.iter().enumerate() {
            sheet.write_string(r as u32, 0, k)?;
            sheet.write_string(r as u32, 1, v)?;
        }
        sheet.set_very_hidden(true);
        sheet.protect();
        Ok(())
    }

    /// The record and its seal as read from the record sheet.
    pub fn read(sheet: &Sheet) -> Result<(Record, String), String> {
        let text = |r: u32, c: u32| match sheet.get(r, c) {
            Some(calamine::Data::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let mut record = Record {
            version: String::new(),
            period: String::new(),
            agency: String::new(),
            framework: String::new(),
            rows: Vec::new(),
        };
        let mut seal = None;
        for r in 0..=sheet.last_row() {
            let (key, value) = (text(r, 0), text(r, 1));
            match key.as_str() {
                "version" => record.version = value,
                "period" => record.period = value,
                "agency" => record.agency = value,
                "framework" => record.framework = value,
                "seal" => seal = Some(value),
                _ => {
                    let (field, id) = key.split_once(' ').unwrap_or((key.as_str(), ""));
                    // The three rows of an indicator come together, answer first.
                    if field == "answer" {
                        record.rows.push(Exported {
                            id: id.to_string(),
                            ..Exported::default()
                        });
                    }
                    let row = record.rows.last_mut().filter(|row| row.id == id);
                    match (field, row) {
                        ("answer", Some(row)) => row.answer = value,
                        ("evidence", Some(row)) => row.evidence = value,
                        ("note", Some(row)) => row.note = value,
                        _ => {
                            return Err(crate::tr!(
                                "the record has an unknown row `{key}`",
                                "catatan formulir memuat baris tak dikenal `{key}`"
                            )
                            .into_string())
                        }
                    }
                }
            }
        }
        let seal = seal.ok_or_else(|| {
            crate::tr!("the record has no seal", "catatan formulir tidak bersegel").into_string()
        })?;
        Ok((record, seal))
    }
}

/// The form key of the tree at `content`; made (and its folder) when
/// `create` and there is none yet. The second value tells whether it was made.
pub fn form_key(content: &Path, create: bool) -> Result<(Vec<u8>, bool), String> {
    let path = key_path(content);
    match std::fs::read_to_string(&path) {
        Ok(text) => unhex(text.trim())
            .filter(|k| k.len() >= 16)
            .map(|k| (k, false))
            .ok_or_else(|| {
                let p = path.display();
                crate::tr!(
                    "{p}: not a form key (64 hexadecimal digits)",
                    "{p}: bukan kunci formulir (64 digit heksadesimal)"
                )
                .into_string()
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
            let mut key = [0u8; 32];
            getrandom::fill(&mut key).map_err(|e| crate::tr!("cannot make a form key: {e}", "kunci formulir tidak dapat dibuat: {e}").into_string())?;
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| crate::tr!("{}: cannot create: {e}", "{}: tidak dapat dibuat: {e}", dir.display()).into_string())?;
            }
            std::fs::write(&path, format!("{}\n", hex(&key)))
                .map_err(|e| crate::tr!("{}: cannot write: {e}", "{}: tidak dapat ditulis: {e}", path.display()).into_string())?;
            Ok((key.to_vec(), true))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(crate::tr!(
            "the content tree has no form key ({}), so no form can be checked",
            "pohon isi tidak memiliki kunci formulir ({}), jadi tidak ada formulir yang dapat diperiksa",
            path.display()
        )
        .into_string()),
        Err(e) => Err(crate::tr!("{}: cannot read: {e}", "{}: tidak dapat dibaca: {e}", path.display()).into_string()),
    }
}

pub fn key_path(content: &Path) -> PathBuf {
    content.join(KEY_FILE)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> Record {
        Record {
            version: FORM_VERSION.into(),
            period: "2022".into(),
            agency: "prov-a/dinas-a".into(),
            framework: "fw".into(),
            rows: vec![
                Exported {
                    id: "i1".into(),
                    answer: "ya".into(),
                    evidence: "SK".into(),
                    note: String::new(),
                },
                Exported {
                    id: "i2".into(),
                    ..Exported::default()
                },
            ],
        }
    }

    #[test]
    fn the_seal_holds_for_the_record_and_key_it_was_made_with() {
        let key = [7u8; 32];
        let seal = record().seal(&key);
        assert_eq!(seal.len(), 64);
        assert!(record().verify(&seal, &key));
        assert!(!record().verify(&seal, &[8u8; 32]), "another tree's key");
        let mut other = record();
        other.agency = "prov-b/dinas-b".into();
        assert!(!other.verify(&seal, &key), "another agency");
        let mut other = record();
        other.rows[1].answer = "tidak".into();
        assert!(!other.verify(&seal, &key), "another exported answer");
        let mut other = record();
        other.rows[0].evidence = "SK lain".into();
        assert!(!other.verify(&seal, &key), "other exported evidence");
        assert!(!record().verify("zz", &key));
        // Fields cannot be shifted into each other.
        let mut a = record();
        a.period = "2022p".into();
        a.agency = "rov-a/dinas-a".into();
        assert_ne!(a.seal(&key), seal);
    }

    #[test]
    fn a_key_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        assert!(form_key(dir.path(), false).is_err());
        let (made, new) = form_key(dir.path(), true).unwrap();
        assert!(new);
        let (read, new) = form_key(dir.path(), true).unwrap();
        assert_eq!((read, new), (made, false));
        std::fs::write(key_path(dir.path()), "bukan kunci\n").unwrap();
        assert!(form_key(dir.path(), false).is_err());
    }
}
