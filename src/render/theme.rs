//! The theme: templates, static files and label tables. The default theme is
//! compiled into the binary (an installed tolok needs no other files); a theme
//! folder overrides it file by file, as in mdBook and Hugo.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostics::{Diagnostic, Diagnostics};

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// Every file of `themes/default`, by path relative to it.
pub const DEFAULT_FILES: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/macros.html",
    "templates/home.html",
    "templates/period.html",
    "templates/ranking.html",
    "templates/group.html",
    "templates/agency.html",
    "templates/criterion.html",
    "templates/methodology.html",
    "templates/agency_bench.html",
    "templates/peer.html",
    "templates/groups.html",
    "templates/clusters.html",
    "templates/verification.html",
    "templates/checklist.html",
    "templates/actions.html",
    "templates/history.html",
    "templates/history-head.html",
    "templates/changes.html",
    "templates/report.html",
    "templates/report-body.html",
    "templates/book.html",
    "templates/search.html",
    "static/style.css",
    "static/search.js",
    "i18n/id.yaml",
    "i18n/en.yaml",
];

/// The theme's files after overrides, by relative path with `/`.
#[derive(Debug, Clone)]
pub struct Theme {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The default theme, with the files of `dir` (if any) on top.
    pub fn load(dir: Option<&Path>, diags: &mut Diagnostics) -> Theme {
        let mut files: BTreeMap<String, Vec<u8>> = DEFAULT_FILES
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect();
        if let Some(dir) = dir {
            if !dir.is_dir() {
                diags.push(
                    Diagnostic::error(
                        dir,
                        crate::tr!("the theme folder does not exist", "folder tema tidak ada"),
                    )
                    .hint(crate::tr!(
                        "name a folder that holds templates/, static/ or i18n/",
                        "sebutkan folder yang memuat templates/, static/, atau i18n/"
                    )),
                );
            }
            for entry in walkdir::WalkDir::new(dir)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
            {
                if !entry.file_type().is_file() {
                    continue;
                }
                let Ok(rel) = entry.path().strip_prefix(dir) else {
                    continue;
                };
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                if rel.split('/').any(|p| p.starts_with('.')) {
                    continue;
                }
                match std::fs::read(entry.path()) {
                    Ok(bytes) => {
                        files.insert(rel, bytes);
                    }
                    Err(e) => diags.push(Diagnostic::error(
                        entry.path(),
                        crate::tr!(
                            "cannot read the theme file: {e}",
                            "berkas tema tidak dapat dibaca: {e}"
                        ),
                    )),
                }
            }
        }
        Theme { files }
    }

    pub fn templates(&self) -> impl Iterator<Item = (&str, String)> {
        self.files.iter().filter_map(|(p, b)| {
            p.strip_prefix("templates/")
                .map(|name| (name, String::from_utf8_lossy(b).into_owned()))
        })
    }

    /// Files copied to the site as they are, by path below `static/`.
    pub fn statics(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(p, b)| p.strip_prefix("static/").map(|name| (name, b.as_slice())))
    }

    pub fn labels(&self, lang: &str) -> BTreeMap<String, String> {
        let path = format!("i18n/{lang}.yaml");
        self.files
            .get(&path)
            .and_then(|b| serde_yaml::from_slice::<BTreeMap<String, String>>(b).ok())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_default_theme_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        for f in &on_disk {
            assert!(
                DEFAULT_FILES.iter().any(|(p, _)| p == f),
                "{f} is not embedded in theme.rs"
            );
        }
    }

    #[test]
    fn label_tables_have_the_same_keys() {
        let theme = Theme::load(None, &mut Diagnostics::default());
        let id = theme.labels("id");
        let en = theme.labels("en");
        assert!(!id.is_empty());
        assert_eq!(id.keys().collect::<Vec<_>>(), en.keys().collect::<Vec<_>>());
    }
}
