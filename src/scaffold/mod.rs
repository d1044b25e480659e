//! Starting points for the people who keep the tree: `tolok init` (a small
//! working example tree), `tolok new agency` and `tolok new period`. The
//! starter files are compiled into the binary, so an installed tolok needs
//! nothing else. This module writes new files only: it never changes or
//! deletes a file that exists.

mod agency;
mod period;

pub use agency::{new_agency, NewAgency};
pub use period::new_period;

use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

/// The default framework, the same file as the sample's.
pub const FRAMEWORK: &str = include_str!("../../content/frameworks/pmprb-pd.yaml");

const SITE: &str = include_str!("starter/site.yaml");
const PERIOD: &str = include_str!("starter/period.yaml");
const GROUP: &str = include_str!("starter/group.yaml");
const AGENCY: &str = include_str!("starter/agency.yaml");
const EVIDENCE: &str = include_str!("starter/evidence.yaml");
const NARRATIVE: &str = include_str!("starter/catatan.md");
const ATTACHMENT: &str = include_str!("starter/sk-tim-rb-contoh.txt");
const README: &str = include_str!("starter/BACA-SAYA.md");

/// What a scaffolding command wrote, relative to the folder it wrote into.
#[derive(Debug, Default)]
pub struct Written {
    pub files: Vec<PathBuf>,
}

/// The current calendar year (UTC), for the default period of `init`.
pub fn current_year() -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    // Days since 1970-01-01 to a civil year (Howard Hinnant's algorithm).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    yoe + era * 400 + i64::from(month <= 2)
}

/// `tolok init DIR --period ID`: writes the example tree into `dir`, which
/// must be missing or empty.
pub fn init(dir: &Path, period: &str) -> Result<Written, Diagnostic> {
    check_id(period, crate::i18n::one_of("period", "periode"), dir)?;
    if dir.exists() {
        let empty = dir
            .read_dir()
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !dir.is_dir() || !empty {
            return Err(Diagnostic::error(
                dir,
                crate::tr!(
                    "the folder is not empty; `tolok init` only writes into a new or empty folder",
                    "folder ini tidak kosong; `tolok init` hanya menulis ke folder baru atau kosong"
                ),
            )
            .hint(crate::tr!(
                "name a new folder, e.g. `tolok init isi-baru`",
                "sebutkan folder baru, mis. `tolok init isi-baru`"
            )));
        }
    }
    let shown = dir.display().to_string();
    let fill = |s: &str| s.replace("{period}", period).replace("{dir}", &shown);
    let agency = format!("{period}/provinsi-contoh/biro-organisasi");
    let files: Vec<(String, String)> = vec![
        ("BACA-SAYA.md".into(), fill(README)),
        ("site.yaml".into(), SITE.into()),
        ("frameworks/pmprb-pd.yaml".into(), FRAMEWORK.into()),
        (format!("{period}/period.yaml"), fill(PERIOD)),
        (format!("{period}/provinsi-contoh/group.yaml"), GROUP.into()),
        (format!("{agency}/agency.yaml"), AGENCY.into()),
        (format!("{agency}/evidence.yaml"), EVIDENCE.into()),
        (format!("{agency}/catatan.md"), NARRATIVE.into()),
        (
            format!("{agency}/files/sk-tim-rb-contoh.txt"),
            ATTACHMENT.into(),
        ),
    ];
    let mut written = Written::default();
    for (rel, text) in files {
        write_new(&dir.join(&rel), text.as_bytes())?;
        written.files.push(PathBuf::from(rel));
    }
    Ok(written)
}

/// What tolok builds beside a tree started in the current folder: the site
/// (`public/`), the preview (`.tolok-serve/`), printed PDFs (`pdf/`); the
/// cache and spare folders carry a `.gitignore` of their own.
pub const BUILT: [&str; 3] = ["/public/", "/.tolok-serve/", "/pdf/"];

/// What `ignore_built_files` did.
pub enum Ignored {
    Written(PathBuf),
    /// A `.gitignore` was there already: it is never changed.
    Exists(PathBuf),
    /// It could not be written (the folder is read-only): nothing lost.
    Not,
}

/// A `.gitignore` beside the new tree `dir` (in the folder commands run
/// from) naming what tolok builds there, so that `git add -A` does not
/// commit a built site; only when there is none.
pub fn ignore_built_files(dir: &Path) -> Ignored {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file = parent.join(".gitignore");
    if std::fs::symlink_metadata(&file).is_ok() {
        return Ignored::Exists(file);
    }
    let text = format!(
        "# Ditulis oleh `tolok init`: yang dibangun tolok, bukan isi (boleh dihapus\n# dan dibangun lagi kapan saja).\n{}\n",
        BUILT.join("\n")
    );
    match write_new(&file, text.as_bytes()) {
        Ok(()) => Ignored::Written(file),
        Err(_) => Ignored::Not,
    }
}

/// A folder name that must be a clean id (lowercase letters, digits, `-`).
fn check_id(id: &str, what: &str, at: &Path) -> Result<(), Diagnostic> {
    if crate::content::is_clean_id(id) {
        return Ok(());
    }
    let suggestion = id
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>();
    let suggestion = suggestion
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    Err(Diagnostic::error(
        at,
        crate::tr!(
            "`{id}` is not a valid {what} id: use lowercase letters, digits and `-`",
            "`{id}` bukan id {what} yang sah: pakai huruf kecil, angka, dan `-`"
        ),
    )
    .hint(if suggestion.is_empty() {
        crate::tr!(
            "e.g. `2024` or `dinas-kesehatan`",
            "mis. `2024` atau `dinas-kesehatan`"
        )
    } else {
        crate::tr!("e.g. `{suggestion}`", "mis. `{suggestion}`")
    }))
}

/// Writes a file that must not exist yet, creating its folders.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::error(
                parent,
                crate::tr!(
                    "cannot create the folder: {e}",
                    "folder tidak dapat dibuat: {e}"
                ),
            )
            .hint(crate::tr!(
                "check permissions",
                "periksa izin akses folder itu"
            ))
        })?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            Diagnostic::error(
                path,
                crate::tr!(
                    "cannot create the file: {e}",
                    "berkas tidak dapat dibuat: {e}"
                ),
            )
            .hint(crate::tr!(
                "check that it does not exist yet and that the folder is writable",
                "pastikan berkas itu belum ada dan foldernya dapat ditulisi"
            ))
        })?;
    std::io::Write::write_all(&mut file, bytes).map_err(|e| {
        Diagnostic::error(
            path,
            crate::tr!(
                "cannot write the file: {e}",
                "berkas tidak dapat ditulis: {e}"
            ),
        )
    })
}

/// A YAML scalar as it can be written after `key: ` safely (quoted when needed).
fn yaml_scalar(s: &str) -> String {
    let plain = serde_yaml::to_string(s).unwrap_or_else(|_| format!("{s:?}\n"));
    plain.trim_end_matches('\n').to_string()
}

/// "maluku-utara" -> "Maluku Utara", a starting name for a group folder.
fn title_of(id: &str) -> String {
    id.split('-')
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_is_plausible() {
        let y = current_year();
        assert!((2024..3000).contains(&y), "{y}");
    }

    #[test]
    fn scalars_and_titles() {
        assert_eq!(yaml_scalar("Dinas Kesehatan"), "Dinas Kesehatan");
        assert_eq!(yaml_scalar("a: b"), "'a: b'");
        assert_eq!(title_of("maluku-utara"), "Maluku Utara");
    }
}
