//! Loading a content tree: walk it, read every YAML and Markdown file, check
//! every rule of the format, and build the `Model`. All problems are collected
//! as diagnostics; nothing here scores or renders.

mod agency;
mod docs;
mod entries;
mod files;
pub mod floor;
mod framework;
pub mod frontmatter;
mod memory;
mod narratives;
pub mod ratings;
mod slips;
pub mod text;
mod tree;
pub mod yaml;
mod yaml_errors;

pub use files::{is_clean_id, MAX_FILE_BYTES};
pub use memory::{check_documents, Checked, Documents};
pub use tree::{is_ignored, AgencyScan};

use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::{display_path, nearest, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::model::{Date, Framework, Group, GroupRole, Language, Model, Period, Site};
use crate::tr;
use docs::{GroupDoc, PeriodDoc, SiteDoc};
use files::{clean_id_of, read_in};
use yaml::{locate, parse, Seg};

/// The model (possibly partial when there are errors) and every diagnostic.
pub struct Loaded {
    pub model: Model,
    pub diagnostics: Diagnostics,
    /// A hash of each framework file's text, by framework id.
    pub framework_keys: BTreeMap<String, u64>,
}

/// Reads and checks the tree under `root`.
pub fn load(root: &Path) -> Loaded {
    load_cached(root, None)
}

/// What a rebuild may remember of agencies read before. Loading defines
/// it and knows nothing of what stands behind it (the build cache
/// implements it); a plain load has none.
pub trait Memo: Sync {
    /// Before the agencies of `period` are read.
    fn begin_period(&self, period: &str);
    /// The agency `scan` of `period`: remembered when unchanged, else
    /// `read` and remembered. `framework` identifies the period's framework.
    fn agency(
        &self,
        root: &Path,
        period: &str,
        scan: &AgencyScan,
        framework: u64,
        read: &dyn Fn() -> (Option<crate::model::Agency>, Diagnostics),
    ) -> (Option<crate::model::Agency>, Diagnostics);
    /// After every agency of `period` was asked for.
    fn end_period(&self, period: &str);
}

/// The identity of a framework's file: its id and its text.
fn text_key(id: &str, text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (id, text).hash(&mut h);
    h.finish()
}

/// Reads and checks the tree under `root`, taking unchanged agencies from
/// `memo` and giving it what was read.
pub fn load_cached(root: &Path, cache: Option<&dyn Memo>) -> Loaded {
    let mut diags = Diagnostics::default();
    let root_shown = display_path(root, root);
    if !root.is_dir() {
        diags.push(
            Diagnostic::error(
                root.to_path_buf(),
                tr!(
                    "the content folder does not exist or is not a folder",
                    "folder isi tidak ada atau bukan folder"
                ),
            )
            .hint(tr!(
                "run tolok in the folder that holds `content/`, or name the content folder: `tolok build path/to/content`",
                "jalankan tolok di folder yang berisi `content/`, atau sebutkan folder isinya: `tolok build path/to/content`"
            )),
        );
        return Loaded {
            model: empty_model(root),
            diagnostics: diags,
            framework_keys: BTreeMap::new(),
        };
    }
    let site = load_site(root, &mut diags);
    let (frameworks, framework_keys) = load_frameworks(root, &mut diags);
    let catalogue = ratings::load_catalogue(root, &mut diags);

    let mut period_dirs: Vec<PathBuf> = Vec::new();
    match std::fs::read_dir(root) {
        Ok(entries) => {
            let mut names: Vec<_> = entries.filter_map(Result::ok).collect();
            names.sort_by_key(|e| e.file_name());
            for e in names {
                let name = e.file_name().to_string_lossy().into_owned();
                let path = e.path();
                // `ratings/` holds rating definitions (an extension), unless it
                // is a period of a v1 tree that happens to bear the name.
                let ratings_folder = name == "ratings" && !path.join("period.yaml").exists();
                if is_ignored(&name) || name == "frameworks" || ratings_folder || !path.is_dir() {
                    continue;
                }
                if e.file_type().is_ok_and(|t| t.is_symlink()) {
                    diags.push(
                        Diagnostic::warning(
                            display_path(root, &path),
                            tr!(
                                "a link to a folder is not followed",
                                "tautan ke folder tidak diikuti"
                            ),
                        )
                        .hint(tr!(
                            "move or copy the period folder into the content folder",
                            "pindahkan atau salin folder periode ke dalam folder isi"
                        )),
                    );
                    continue;
                }
                match period_folder(&path) {
                    Ok(true) => period_dirs.push(path),
                    Ok(false) => diags.push(
                        Diagnostic::warning(
                            display_path(root, &path),
                            tr!(
                                "this folder is not a period (it has no period.yaml) and is ignored",
                                "folder ini bukan periode (tidak ada period.yaml) sehingga diabaikan"
                            ),
                        )
                        .hint(tr!(
                            "add a period.yaml with `name:` and `framework:`, or start its name with `_` to silence this",
                            "tambahkan period.yaml yang berisi `name:` dan `framework:`, atau awali nama folder dengan `_` agar peringatan ini tidak muncul"
                        )),
                    ),
                    Err(e) => diags.push(unreadable_folder(root, &path, &e)),
                }
            }
        }
        Err(e) => diags.push(Diagnostic::error(
            root_shown,
            tr!(
                "cannot list the content folder: {e}",
                "isi folder isi tidak dapat dibaca: {e}"
            ),
        )),
    }
    if period_dirs.is_empty() {
        diags.push(
            Diagnostic::error(
                display_path(root, root),
                tr!(
                    "the content tree has no period",
                    "pohon isi belum memiliki periode"
                ),
            )
            .hint(tr!(
                "add a folder such as `2022/` with a period.yaml (`name:` and `framework:`)",
                "tambahkan folder seperti `2022/` yang berisi period.yaml (`name:` dan `framework:`)"
            )),
        );
    }

    let mut periods = Vec::new();
    for dir in period_dirs {
        let fw = Frameworks {
            checked: &frameworks,
            keys: &framework_keys,
        };
        if let Some(p) = load_period(root, &dir, &fw, cache, &mut diags) {
            periods.push(p);
        }
    }
    let mut model = Model {
        root: root.to_path_buf(),
        site,
        frameworks,
        periods,
        ratings: catalogue,
    };
    ratings::check_all(&model, &mut diags);
    ratings::resolve_all(&mut model);
    Loaded {
        model,
        diagnostics: diags,
        framework_keys,
    }
}

/// The checked frameworks and a hash of each one's text, by id.
struct Frameworks<'a> {
    checked: &'a BTreeMap<String, Arc<Framework>>,
    keys: &'a BTreeMap<String, u64>,
}

/// Whether the folder holds a period.yaml; an error when it cannot be
/// looked into (so that it is reported, not taken for a folder without one).
fn period_folder(dir: &Path) -> std::io::Result<bool> {
    std::fs::read_dir(dir)?;
    match std::fs::metadata(dir.join("period.yaml")) {
        Ok(m) => Ok(m.is_file()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

fn unreadable_folder(root: &Path, dir: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        display_path(root, dir),
        tr!(
            "cannot read this folder, so it cannot be published: {e}",
            "folder ini tidak dapat dibaca, sehingga tidak dapat diterbitkan: {e}"
        ),
    )
    .hint(tr!(
        "give the user who runs tolok read access to it (`chmod -R u+rX`), or start its name with `_` to leave it out",
        "beri pengguna yang menjalankan tolok hak baca atas folder ini (`chmod -R u+rX`), atau awali namanya dengan `_` agar tidak diikutkan"
    ))
}

fn empty_model(root: &Path) -> Model {
    Model {
        root: root.to_path_buf(),
        site: Site::default(),
        frameworks: BTreeMap::new(),
        periods: Vec::new(),
        ratings: Vec::new(),
    }
}

/// The language of the site at `root` (Indonesian when site.yaml does not say).
pub fn site_language(root: &Path) -> crate::model::Language {
    load_site(root, &mut Diagnostics::default()).language
}

fn load_site(root: &Path, diags: &mut Diagnostics) -> Site {
    let path = root.join("site.yaml");
    let shown = display_path(root, &path);
    let mut site = Site {
        title: "tolok".into(),
        language: Language::Id,
        base_url: "/".into(),
        theme: None,
    };
    if !path.is_file() {
        diags.push(
            Diagnostic::warning(
                shown,
                tr!(
                    "there is no site.yaml; using defaults",
                    "site.yaml tidak ada; nilai bawaan dipakai"
                ),
            )
            .hint(tr!(
                "add site.yaml with `title:` and `language: id` (or `en`)",
                "tambahkan site.yaml yang berisi `title:` dan `language: id` (atau `en`)"
            )),
        );
        return site;
    }
    let text = match read_in(root, &path, &shown) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return site;
        }
    };
    let doc: SiteDoc = if yaml::is_blank(&text) {
        SiteDoc::default()
    } else {
        match parse(&text, &shown) {
            Ok(d) => d,
            Err(d) => {
                diags.push(d);
                return site;
            }
        }
    };
    if let Some(t) = doc.title {
        site.title = t.0;
    }
    if let Some(lang) = doc.language {
        match lang.0.trim().to_ascii_lowercase().as_str() {
            "id" => site.language = Language::Id,
            "en" => site.language = Language::En,
            other => diags.push(
                Diagnostic::error(
                    shown.clone(),
                    tr!(
                        "the language `{other}` is not supported",
                        "bahasa `{other}` tidak didukung"
                    ),
                )
                .at(locate(&text, &[Seg::Key("language")]))
                .hint(tr!(
                    "write `language: id` (Indonesian) or `language: en` (English)",
                    "tulis `language: id` (bahasa Indonesia) atau `language: en` (bahasa Inggris)"
                )),
            ),
        }
    }
    if let Some(base) = doc.base_url {
        site.base_url = normalize_base_url(&base.0);
    }
    if let Some(theme) = doc.theme {
        let dir = root.join(theme.0.trim());
        if dir.is_dir() {
            site.theme = Some(dir);
        } else {
            diags.push(
                Diagnostic::error(
                    shown,
                    tr!(
                        "the theme folder `{}` does not exist",
                        "folder tema `{}` tidak ada",
                        theme.0
                    ),
                )
                .at(locate(&text, &[Seg::Key("theme")]))
                .hint(tr!(
                    "write a path relative to site.yaml, or remove `theme:` to use the default theme",
                    "tulis path relatif terhadap site.yaml, atau hapus `theme:` untuk memakai tema bawaan"
                )),
            );
        }
    }
    site
}

/// `/rb/` whatever the user wrote: `rb`, `/rb`, `https://intranet/rb/`.
pub fn normalize_base_url(raw: &str) -> String {
    let raw = raw.trim();
    let path = match raw.find("://") {
        Some(i) => raw[i + 3..]
            .find('/')
            .map(|j| &raw[i + 3 + j..])
            .unwrap_or("/"),
        None => raw,
    };
    let inner = path.trim_matches('/');
    if inner.is_empty() {
        "/".into()
    } else {
        format!("/{inner}/")
    }
}

type FrameworkMaps = (BTreeMap<String, Arc<Framework>>, BTreeMap<String, u64>);

fn load_frameworks(root: &Path, diags: &mut Diagnostics) -> FrameworkMaps {
    let dir = root.join("frameworks");
    let mut out = BTreeMap::new();
    let mut keys = BTreeMap::new();
    let Some(files) = files::definition_files(&dir) else {
        return (out, keys);
    };
    for (id, path) in files {
        let shown = display_path(root, &path);
        let text = match read_in(root, &path, &shown) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if let Some(fw) = framework::from_text(&id, &text, &shown, diags) {
            keys.insert(id.clone(), text_key(&id, &text));
            out.insert(id, Arc::new(fw));
        }
    }
    (out, keys)
}

fn load_period(
    root: &Path,
    dir: &Path,
    fws: &Frameworks,
    cache: Option<&dyn Memo>,
    diags: &mut Diagnostics,
) -> Option<Period> {
    let frameworks = fws.checked;
    let id = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !is_clean_id(&id) {
        diags.push(
            Diagnostic::error(
                display_path(root, dir),
                tr!(
                    "the period folder name `{id}` is not an id: use lowercase letters, digits and `-`",
                    "nama folder periode `{id}` bukan id: pakai huruf kecil, angka, dan `-`"
                ),
            )
            .hint(tr!(
                "rename the folder, e.g. to `{}`",
                "ganti nama folder, misalnya menjadi `{}`",
                clean_id_of(&id)
            )),
        );
    }
    let path = dir.join("period.yaml");
    let shown = display_path(root, &path);
    let text = match read_in(root, &path, &shown) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let doc: PeriodDoc = match parse(&text, &shown) {
        Ok(d) => d,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let fw_id = doc.framework.0.trim().to_string();
    let Some(framework) = frameworks.get(&fw_id).cloned() else {
        let file = root.join("frameworks").join(format!("{fw_id}.yaml"));
        if !fw_id.is_empty() && !fw_id.contains(['/', '\\']) && file.is_file() {
            // The framework's own errors are reported; this period cannot be checked without it.
            diags.push(
                Diagnostic::error(
                    shown,
                    tr!(
                        "the framework `{fw_id}` has errors, so this period is not checked",
                        "kerangka penilaian `{fw_id}` memiliki kesalahan, sehingga periode ini tidak diperiksa"
                    ),
                )
                .at(locate(&text, &[Seg::Key("framework")]))
                .hint(tr!(
                    "fix the errors of {}",
                    "perbaiki kesalahan di {}",
                    display_path(root, &file).display()
                )),
            );
            return None;
        }
        let known: Vec<&str> = frameworks.keys().map(String::as_str).collect();
        let hint = match nearest(&fw_id, known.iter().copied()) {
            Some(n) => did_you_mean(n),
            None if known.is_empty() => tr!(
                "add the framework as `frameworks/NAME.yaml` at the content root",
                "tambahkan kerangka penilaian sebagai `frameworks/NAMA.yaml` di akar pohon isi"
            ),
            None => tr!(
                "frameworks in this tree: {}",
                "kerangka penilaian di pohon ini: {}",
                known.join(", ")
            ),
        };
        diags.push(
            Diagnostic::error(
                shown,
                tr!(
                    "the framework `{fw_id}` does not exist (no frameworks/{fw_id}.yaml)",
                    "kerangka penilaian `{fw_id}` tidak ada (tidak ada frameworks/{fw_id}.yaml)"
                ),
            )
            .at(locate(&text, &[Seg::Key("framework")]))
            .hint(hint),
        );
        return None;
    };
    let date = doc.date.and_then(|d| match d.0.parse::<Date>() {
        Ok(date) => Some(date),
        Err(e) => {
            diags.push(
                Diagnostic::error(shown.clone(), tr!("`date`: {e}", "`date`: {e}"))
                    .at(locate(&text, &[Seg::Key("date")])),
            );
            None
        }
    });

    let scan = tree::scan_period(root, dir, diags);
    let fw = &framework;
    let mut narratives: Vec<_> = scan
        .narratives
        .iter()
        .filter_map(|f| agency::read_narrative(root, f, fw, diags))
        .collect();
    agency::sort_narratives(&mut narratives);

    let mut groups = Vec::new();
    for g in &scan.groups {
        groups.push(load_group(root, g, fw, diags));
    }

    let fw_key = fws.keys.get(&fw_id).copied().unwrap_or(0);
    if let Some(memo) = cache {
        memo.begin_period(&id);
    }
    let results: Vec<_> = scan
        .agencies
        .par_iter()
        .map(|a| match cache {
            Some(memo) => memo.agency(root, &id, a, fw_key, &|| agency::load(root, a, fw)),
            None => agency::load(root, a, fw),
        })
        .collect();
    if let Some(memo) = cache {
        memo.end_period(&id);
    }
    let mut agencies = Vec::with_capacity(results.len());
    for (agency, d) in results {
        diags.extend(d);
        if let Some(mut a) = agency {
            agency::sort_narratives(&mut a.narratives);
            agencies.push(a);
        }
    }
    agencies.sort_by(|a, b| a.id.cmp(&b.id));
    check_peers(root, &agencies, diags);
    let all_narratives = narratives
        .iter()
        .chain(groups.iter().flat_map(|g| &g.narratives))
        .chain(agencies.iter().flat_map(|a| &a.narratives));
    check_narrative_peers(root, all_narratives, &agencies, diags);

    Some(Period {
        id,
        name: doc.name.0,
        framework,
        date,
        is_final: doc.is_final.unwrap_or(true),
        narratives,
        groups,
        agencies,
    })
}

fn load_group(root: &Path, g: &tree::GroupScan, fw: &Framework, diags: &mut Diagnostics) -> Group {
    let mut group = Group {
        id: g.id.clone(),
        name: g.id.rsplit('/').next().unwrap_or(&g.id).to_string(),
        short: None,
        role: None,
        narratives: Vec::new(),
        ratings: Vec::new(),
    };
    if let Some(path) = &g.group_yaml {
        let shown = display_path(root, path);
        let parsed = read_in(root, path, &shown).and_then(|t| {
            if yaml::is_blank(&t) {
                Ok((GroupDoc::default(), t))
            } else {
                parse::<GroupDoc>(&t, &shown).map(|d| (d, t))
            }
        });
        match parsed {
            Ok((doc, text)) => {
                if let Some(name) = doc.name {
                    group.name = name.0;
                }
                group.ratings = ratings::values(doc.ratings, &text);
                group.short = doc
                    .short
                    .map(|s| s.0.trim().to_string())
                    .filter(|s| !s.is_empty());
                match doc.role.map(|r| r.0.trim().to_ascii_lowercase()) {
                    None => {}
                    Some(r) if r == "reference" => group.role = Some(GroupRole::Reference),
                    Some(r) => diags.push(
                        Diagnostic::error(
                            shown,
                            tr!(
                                "the role `{r}` is not known",
                                "peran `{r}` tidak dikenal"
                            ),
                        )
                        .at(locate(&text, &[Seg::Key("role")]))
                        .hint(tr!(
                            "write `role: reference` for the benchmark partner's side, or leave `role` out",
                            "tulis `role: reference` untuk pihak mitra pembanding, atau hapus `role`"
                        )),
                    ),
                }
            }
            Err(d) => diags.push(d),
        }
    }
    group.narratives = g
        .narratives
        .iter()
        .filter_map(|f| agency::read_narrative(root, f, fw, diags))
        .collect();
    agency::sort_narratives(&mut group.narratives);
    group
}

/// A narrative's `peer:` names an agency of the same period.
fn check_narrative_peers<'a>(
    root: &Path,
    narratives: impl Iterator<Item = &'a crate::model::Narrative>,
    agencies: &[crate::model::Agency],
    diags: &mut Diagnostics,
) {
    for n in narratives {
        let Some(peer) = &n.peer else { continue };
        if agencies
            .binary_search_by(|a| a.id.as_str().cmp(peer))
            .is_ok()
        {
            continue;
        }
        let line = std::fs::read_to_string(&n.path)
            .ok()
            .and_then(|t| {
                frontmatter::split(&t)
                    .front
                    .map(|(f, first)| (f.to_string(), first))
            })
            .and_then(|(f, first)| {
                locate(&f, &[Seg::Key("peer")]).map(|(l, c)| (l + first - 1, c))
            });
        let near = nearest(peer, agencies.iter().map(|a| a.id.as_str()));
        diags.push(
            Diagnostic::error(display_path(root, &n.path), no_such_peer(peer))
                .at(line)
                .hint(near.map(did_you_mean).unwrap_or_else(|| {
                    tr!(
                        "write the agency's id, e.g. `banten/disnakertrans`",
                        "tulis id perangkat daerah, misalnya `banten/disnakertrans`"
                    )
                })),
        );
    }
}

fn did_you_mean(near: &str) -> Msg {
    tr!("did you mean `{near}`?", "maksud Anda `{near}`?")
}

fn no_such_peer(peer: &str) -> Msg {
    tr!(
        "`peer: {peer}` names no agency of this period",
        "`peer: {peer}` tidak menyebut perangkat daerah mana pun pada periode ini"
    )
}

/// A `peer` names an agency of the same period, not the agency itself.
fn check_peers(root: &Path, agencies: &[crate::model::Agency], diags: &mut Diagnostics) {
    let ids: HashMap<&str, ()> = agencies.iter().map(|a| (a.id.as_str(), ())).collect();
    for a in agencies {
        let Some(peer) = &a.peer else { continue };
        let path = a.dir.join("agency.yaml");
        let shown = display_path(root, &path);
        let line = || {
            std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| locate(&t, &[Seg::Key("peer")]))
        };
        if peer == &a.id {
            diags.push(
                Diagnostic::error(
                    shown,
                    tr!(
                        "`peer` names the agency itself",
                        "`peer` menyebut perangkat daerah itu sendiri"
                    ),
                )
                .at(line())
                .hint(tr!(
                    "name the counterpart agency, e.g. `banten/disnakertrans`",
                    "sebutkan perangkat daerah pembandingnya, misalnya `banten/disnakertrans`"
                )),
            );
        } else if !ids.contains_key(peer.as_str()) {
            let near = nearest(peer, ids.keys().copied());
            diags.push(
                Diagnostic::error(shown, no_such_peer(peer))
                    .at(line())
                    .hint(near.map(did_you_mean).unwrap_or_else(|| {
                        tr!(
                            "write the agency's id: its path below the period folder, e.g. `banten/disnakertrans`",
                            "tulis id perangkat daerah: path-nya di bawah folder periode, misalnya `banten/disnakertrans`"
                        )
                    })),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreadable_folder_is_reported_not_taken_for_a_folder_without_period_yaml() {
        let dir = tempfile::tempdir().unwrap();
        assert!(!period_folder(dir.path()).unwrap());
        std::fs::write(dir.path().join("period.yaml"), "name: x\n").unwrap();
        assert!(period_folder(dir.path()).unwrap());
        assert!(period_folder(&dir.path().join("tidak-ada")).is_err());
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let d = unreadable_folder(dir.path(), &dir.path().join("2024"), &denied);
        assert!(d.is_error());
        assert!(
            d.message.contains("cannot read this folder"),
            "{}",
            d.message
        );
        assert!(!d.message.contains("period.yaml"));
    }
}
