//! Walking one period folder: which folders are groups, which are agencies,
//! and which files belong to each. Reads no file contents.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::files::{clean_id_of, is_clean_id};
use crate::diagnostics::{display_path, Diagnostic, Diagnostics};

/// Files and folders whose names start with `.` or `_` are not content.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

#[derive(Debug, Default)]
pub struct PeriodScan {
    /// Narratives of the period itself.
    pub narratives: Vec<PathBuf>,
    pub groups: Vec<GroupScan>,
    pub agencies: Vec<AgencyScan>,
}

#[derive(Debug, Default)]
pub struct GroupScan {
    pub id: String,
    pub group_yaml: Option<PathBuf>,
    pub narratives: Vec<PathBuf>,
}

#[derive(Debug, Default)]
pub struct AgencyScan {
    pub id: String,
    pub dir: PathBuf,
    /// Nearest enclosing group, if any.
    pub group: Option<String>,
    /// Evidence YAML files (any depth, outside nested agencies), sorted.
    pub evidence: Vec<PathBuf>,
    /// Narratives directly in the agency folder, sorted.
    pub narratives: Vec<PathBuf>,
    /// Every file the agency owns (evidence, narratives, attachments, the
    /// rest), sorted: what the build cache fingerprints.
    pub files: Vec<PathBuf>,
    /// A link to a folder sits inside: its contents are not listed, so the
    /// agency is never taken from the build cache.
    pub has_folder_links: bool,
}

fn ext_of(path: &Path) -> &str {
    path.extension().and_then(|e| e.to_str()).unwrap_or("")
}

/// What a walk of (part of) a period folder found, in walk order.
#[derive(Default)]
struct Walked {
    files: Vec<PathBuf>,
    folder_links: Vec<PathBuf>,
    diags: Diagnostics,
}

impl Walked {
    fn append(&mut self, other: Walked) {
        self.files.extend(other.files);
        self.folder_links.extend(other.folder_links);
        self.diags.extend(other.diags);
    }

    /// Sorts one entry of the walk into files and links to folders.
    fn visit(&mut self, root: &Path, dir: &Path, entry: walkdir::Result<walkdir::DirEntry>) {
        let diags = &mut self.diags;
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let at = e
                    .path()
                    .map(|p| display_path(root, p))
                    .unwrap_or_else(|| display_path(root, dir));
                diags.push(Diagnostic::error(
                    at,
                    crate::tr!(
                        "cannot read this folder entry: {e}",
                        "entri folder ini tidak dapat dibaca: {e}"
                    ),
                ));
                return;
            }
        };
        let path = entry.path().to_path_buf();
        if entry.file_name().to_str().is_none() {
            diags.push(
                Diagnostic::error(
                    display_path(root, &path),
                    crate::tr!(
                        "the name is not valid UTF-8",
                        "nama ini bukan UTF-8 yang sah"
                    ),
                )
                .hint(crate::tr!(
                    "rename it with plain letters, digits and `-`",
                    "ganti namanya dengan huruf biasa, angka, dan `-`"
                )),
            );
            return;
        }
        let file_type = entry.file_type();
        if file_type.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(m) if m.is_file() => self.files.push(path),
                Ok(_) => {
                    diags.push(
                        Diagnostic::warning(
                            display_path(root, &path),
                            crate::tr!(
                                "a link to a folder is not followed",
                                "tautan ke folder tidak diikuti"
                            ),
                        )
                        .hint(crate::tr!(
                            "copy the folder in, or link its files one by one",
                            "salin folder itu ke sini, atau tautkan berkasnya satu per satu"
                        )),
                    );
                    self.folder_links.push(path);
                }
                Err(e) => diags.push(
                    Diagnostic::warning(
                        display_path(root, &path),
                        crate::tr!(
                            "a link that cannot be followed (broken, or a loop of links) is ignored: {e}",
                            "tautan yang tidak dapat diikuti (rusak, atau tautan yang berputar) diabaikan: {e}"
                        ),
                    )
                    .hint(crate::tr!(
                        "remove the link, or point it at a file inside the content folder",
                        "hapus tautan itu, atau arahkan ke berkas di dalam folder isi"
                    )),
                ),
            }
        } else if file_type.is_file() {
            self.files.push(path);
        }
    }
}

/// A walk below `dir` in file-name order, links not followed, ignored names skipped.
fn walker(dir: &Path) -> impl Iterator<Item = walkdir::Result<walkdir::DirEntry>> {
    WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(is_ignored))
}

/// Walks `dir` (a period folder) once and classifies everything in it.
/// Each of its folders (a group, or an agency) is walked on its own, in
/// parallel: a national tree has 20,000 agency folders. The result is in
/// the order of one walk of the whole folder.
pub fn scan_period(root: &Path, dir: &Path, diags: &mut Diagnostics) -> PeriodScan {
    use rayon::prelude::*;
    // Each top-level entry, and the folder below it to walk (if it is one).
    let mut top: Vec<(Walked, Option<PathBuf>)> = Vec::new();
    for entry in walker(dir).filter(|e| e.as_ref().map_or(true, |e| e.depth() <= 1)) {
        let below = entry
            .as_ref()
            .ok()
            .filter(|e| e.depth() == 1 && e.file_type().is_dir())
            .map(|e| e.path().to_path_buf());
        let mut walked = Walked::default();
        walked.visit(root, dir, entry);
        top.push((walked, below));
    }
    let below: Vec<Walked> = top
        .par_iter()
        .map(|(_, below)| {
            let mut walked = Walked::default();
            for entry in below.iter().flat_map(|b| walker(b).skip(1)) {
                walked.visit(root, dir, entry);
            }
            walked
        })
        .collect();
    // Each entry, then what lies below it: the order of a single walk.
    let mut all = Walked::default();
    for ((entry, _), below) in top.into_iter().zip(below) {
        all.append(entry);
        all.append(below);
    }
    diags.extend(all.diags);
    let (files, folder_links) = (all.files, all.folder_links);

    let agency_dirs: BTreeSet<PathBuf> = files
        .iter()
        .filter(|f| f.file_name().is_some_and(|n| n == "agency.yaml"))
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .collect();
    // Folders on the way from the period to an agency that are not agencies themselves.
    let mut group_dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for a in &agency_dirs {
        let mut at = a.parent();
        while let Some(p) = at {
            if p == dir || !p.starts_with(dir) {
                break;
            }
            if !agency_dirs.contains(p) {
                group_dirs.insert(p.to_path_buf());
            }
            at = p.parent();
        }
    }

    let id_of = |p: &Path| -> String {
        p.strip_prefix(dir)
            .unwrap_or(p)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    };
    for d in agency_dirs.iter().chain(group_dirs.iter()) {
        let name = d
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !is_clean_id(&name) {
            let message = if agency_dirs.contains(d) {
                crate::tr!(
                    "the agency folder name `{name}` is not an id: use lowercase letters, digits and `-`",
                    "nama folder perangkat daerah `{name}` bukan id yang sah: gunakan huruf kecil, angka, dan `-`"
                )
            } else {
                crate::tr!(
                    "the group folder name `{name}` is not an id: use lowercase letters, digits and `-`",
                    "nama folder kelompok `{name}` bukan id yang sah: gunakan huruf kecil, angka, dan `-`"
                )
            };
            diags.push(
                Diagnostic::error(display_path(root, d), message).hint(crate::tr!(
                    "rename the folder, e.g. to `{}`",
                    "ganti nama folder, misalnya menjadi `{}`",
                    clean_id_of(&name)
                )),
            );
        }
    }

    let mut scan = PeriodScan::default();
    let mut groups: BTreeMap<PathBuf, GroupScan> = group_dirs
        .iter()
        .map(|g| {
            (
                g.clone(),
                GroupScan {
                    id: id_of(g),
                    ..Default::default()
                },
            )
        })
        .collect();
    let mut agencies: BTreeMap<PathBuf, AgencyScan> = agency_dirs
        .iter()
        .map(|a| {
            let group = a
                .ancestors()
                .skip(1)
                .find(|p| group_dirs.contains(*p))
                .map(id_of);
            (
                a.clone(),
                AgencyScan {
                    id: id_of(a),
                    dir: a.clone(),
                    group,
                    ..Default::default()
                },
            )
        })
        .collect();

    for link in &folder_links {
        let owner = link.ancestors().skip(1).find(|p| agency_dirs.contains(*p));
        if let Some(agency) = owner.and_then(|o| agencies.get_mut(o)) {
            agency.has_folder_links = true;
        }
    }
    for f in files {
        let Some(parent) = f.parent() else { continue };
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let ext = ext_of(&f);
        let owner = f
            .ancestors()
            .skip(1)
            .take_while(|p| *p != dir)
            .find(|p| agency_dirs.contains(*p));
        if let Some(owner) = owner {
            let agency = agencies.get_mut(owner).expect("owner is an agency folder");
            agency.files.push(f.clone());
            if name == "agency.yaml" && parent == owner {
                continue;
            }
            if ext == "yaml" || ext == "yml" {
                agency.evidence.push(f);
            } else if ext == "md" && parent == owner {
                agency.narratives.push(f);
            }
        } else if parent == dir {
            if ext == "md" {
                scan.narratives.push(f);
            } else if (ext == "yaml" || ext == "yml") && name != "period.yaml" {
                diags.push(
                    Diagnostic::warning(
                        display_path(root, &f),
                        crate::tr!(
                            "this YAML file is not read: only period.yaml belongs at the top of a period",
                            "berkas YAML ini tidak dibaca: di tingkat teratas periode hanya boleh ada period.yaml"
                        ),
                    )
                    .hint(crate::tr!(
                        "move evidence into an agency folder (one with agency.yaml)",
                        "pindahkan data dukung ke folder perangkat daerah (folder yang berisi agency.yaml)"
                    )),
                );
            }
        } else if let Some(group) = groups.get_mut(parent) {
            if name == "group.yaml" {
                group.group_yaml = Some(f);
            } else if ext == "md" {
                group.narratives.push(f);
            } else if ext == "yaml" || ext == "yml" {
                diags.push(
                    Diagnostic::warning(
                        display_path(root, &f),
                        crate::tr!(
                            "this YAML file is not read: a group folder holds only group.yaml and narratives",
                            "berkas YAML ini tidak dibaca: folder kelompok hanya berisi group.yaml dan narasi"
                        ),
                    )
                    .hint(crate::tr!(
                        "move evidence into an agency folder (one with agency.yaml)",
                        "pindahkan data dukung ke folder perangkat daerah (folder yang berisi agency.yaml)"
                    )),
                );
            }
        } else if ext == "yaml" || ext == "yml" || ext == "md" {
            diags.push(
                Diagnostic::warning(
                    display_path(root, &f),
                    crate::tr!(
                        "this file is not read: its folder holds no agency",
                        "berkas ini tidak dibaca: foldernya tidak berisi perangkat daerah"
                    ),
                )
                .hint(crate::tr!(
                    "an agency folder needs an agency.yaml",
                    "folder perangkat daerah harus berisi agency.yaml"
                )),
            );
        }
    }
    scan.groups = groups.into_values().collect();
    scan.agencies = agencies.into_values().collect();
    scan
}
