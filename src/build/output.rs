//! Where a site may be written, and putting it there safely: the output
//! folder must not be the content or the theme (nor inside or around them),
//! `/` or the home folder, a link, or a folder tolok did not write. A build
//! writes into a staging folder beside the output and swaps it in whole when
//! complete. This module decides nothing about what a site contains.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use super::{fail, BuildFailure};
use crate::i18n::Msg;

/// The file that marks a folder as a site written by tolok (and so safe to replace).
pub const MARKER: &str = ".tolok-site";

/// How often a swap is retried when another build changes the output meanwhile.
const SWAP_ATTEMPTS: usize = 8;

/// An absolute path with links and `..` resolved as far as the path exists.
fn resolved(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // `.` and `..` are resolved in the path as written first: the folders
    // before a `..` need not exist (`nope/../content/site` is `content/site`),
    // and the build then writes to exactly the path that was checked.
    let p = lexical(&p);
    // Canonicalize the longest existing ancestor so links and `..` cannot hide the truth.
    let mut existing = p.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (
            existing.file_name().map(|n| n.to_os_string()),
            existing.parent(),
        ) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut real = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        real.push(name);
    }
    real
}

/// `path` without `.` components and with each `..` taking away the name
/// before it, as written (links are resolved afterwards).
fn lexical(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn refuse(out: &Path, why: Msg, hint: Msg) -> BuildFailure {
    let shown = out.display();
    fail(
        out,
        crate::tr!(
            "refusing to write the site to `{shown}`: {why}",
            "situs tidak ditulis ke `{shown}`: {why}"
        ),
        hint,
    )
}

/// Checks that `out` may receive a site built from `content_dir` with the
/// theme folder `theme`, before anything is read or written. Returns the
/// absolute output path that the rest of the build uses.
pub fn check_location(
    content_dir: &Path,
    out: &Path,
    theme: Option<&Path>,
) -> Result<PathBuf, BuildFailure> {
    let own_folder = || {
        crate::tr!(
            "name a folder of its own, e.g. `--out public`",
            "sebutkan folder tersendiri, misalnya `--out public`"
        )
    };
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(refuse(
            out,
            crate::tr!(
                "it is a link, and the build replaces the output folder whole",
                "folder itu berupa tautan, sedangkan pembangunan situs mengganti folder keluaran seutuhnya"
            ),
            crate::tr!(
                "name the folder the link points to, or another folder",
                "sebutkan folder yang dituju tautan itu, atau folder lain"
            ),
        ));
    }
    let out_abs = resolved(out);
    if out_abs.parent().is_none() {
        return Err(refuse(
            out,
            crate::tr!("it is the root folder", "folder itu adalah folder akar"),
            own_folder(),
        ));
    }
    if std::env::var_os("HOME").is_some_and(|h| resolved(Path::new(&h)) == out_abs) {
        return Err(refuse(
            out,
            crate::tr!(
                "it is the home folder",
                "folder itu adalah folder rumah (home)"
            ),
            own_folder(),
        ));
    }
    let overlaps = |other: &Path| {
        let other = resolved(other);
        out_abs.starts_with(&other) || other.starts_with(&out_abs)
    };
    if overlaps(content_dir) {
        let content = content_dir.display();
        return Err(refuse(
            out,
            crate::tr!(
                "it is, contains or lies inside the content folder `{content}`",
                "folder itu sama dengan, memuat, atau berada di dalam folder isi `{content}`"
            ),
            crate::tr!(
                "write the site beside the content, e.g. `--out public`",
                "tulis situs di samping folder isi, misalnya `--out public`"
            ),
        ));
    }
    if let Some(theme) = theme.filter(|t| overlaps(t)) {
        let theme = theme.display();
        return Err(refuse(
            out,
            crate::tr!(
                "it is, contains or lies inside the theme folder `{theme}`",
                "folder itu sama dengan, memuat, atau berada di dalam folder tema `{theme}`"
            ),
            crate::tr!(
                "keep the theme folder apart from the output folder",
                "pisahkan folder tema dari folder keluaran"
            ),
        ));
    }
    check_replaceable(out)?;
    Ok(out_abs)
}

/// An existing output must be a folder that tolok wrote (it has the marker
/// file) or an empty folder.
/// Whether `out` is a folder a build of tolok wrote (it holds the marker).
pub fn is_ours(out: &Path) -> bool {
    std::fs::symlink_metadata(out).is_ok_and(|m| m.is_dir())
        && std::fs::symlink_metadata(out.join(MARKER)).is_ok_and(|m| m.is_file())
}

fn check_replaceable(out: &Path) -> Result<(), BuildFailure> {
    let Ok(meta) = std::fs::symlink_metadata(out) else {
        return Ok(());
    };
    let ours = std::fs::symlink_metadata(out.join(MARKER)).is_ok_and(|m| m.is_file());
    let empty = || {
        out.read_dir()
            .map(|mut d| d.next().is_none())
            .unwrap_or(false)
    };
    if meta.is_dir() && (ours || empty()) {
        return Ok(());
    }
    let shown = out.display();
    Err(fail(
        out,
        crate::tr!(
            "`{shown}` exists and was not written by tolok; refusing to replace it",
            "`{shown}` sudah ada dan tidak ditulis oleh tolok; folder itu tidak diganti"
        ),
        crate::tr!(
            "choose another --out folder, or empty this one yourself",
            "pilih folder --out lain, atau kosongkan sendiri folder ini"
        ),
    ))
}

/// The path `.NAME.tolok-WHAT` beside the output folder `NAME` (nothing is
/// created): where tolok keeps its own folders, hidden next to the site.
pub fn beside_out(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // `.tolok-serve` gets `.tolok-serve.tolok-cache`, not a name starting `..`.
    parent.join(format!(".{}.tolok-{what}", name.trim_start_matches('.')))
}

/// This process's folder `.NAME.tolok-WHAT-PID` beside `out`.
pub(super) fn beside(out: &Path, what: &str) -> PathBuf {
    beside_out(out, &format!("{what}-{}", std::process::id()))
}

/// The spare beside `out`, `.NAME.tolok-spare`: the site `out` replaced,
/// kept after a build that carried most of its files over. Its files are
/// mostly hard links to the site's own, so it costs the changed files and
/// its folders. The next build updates it into the new site and exchanges
/// it with `out`, instead of building a whole new tree of folders.
pub(super) fn spare(out: &Path) -> PathBuf {
    beside_out(out, "spare")
}

/// So that git never lists the spare (the output beside it is usually
/// ignored, this one would not be); the build that takes it removes it.
pub(super) fn ignore_in_git(spare: &Path) {
    let _ = std::fs::write(
        spare.join(".gitignore"),
        "# The spare site of tolok: safe to delete.\n*\n",
    );
}

/// Holds the folder that holds `out` for this build alone, until the file
/// returned is dropped (or the process ends): two builds of one output at
/// once would each record keys for the site or spare the other put in
/// place. A second build waits, and says so. Builds of other outputs in
/// the same folder wait too; nothing is created for it. None when there is
/// no such folder yet or it cannot be locked: the build goes on as before.
pub fn lock_beside(out: &Path) -> Option<std::fs::File> {
    let folder = std::fs::File::open(out.parent()?).ok()?;
    if let Err(std::fs::TryLockError::WouldBlock) = folder.try_lock() {
        crate::say!(
            "{}",
            crate::tr!(
                "tolok: another build beside this output is running; waiting for it to finish",
                "tolok: pembangunan situs lain di samping folder keluaran ini sedang berjalan; menunggu sampai selesai"
            )
        );
        folder.lock().ok()?;
    }
    Some(folder)
}

/// Clears what builds cut short (killed, or the machine stopped) left
/// beside `out`: their staging folders (the claimed spare among them) and
/// half-made spares, `.NAME.tolok-staging-PID` and
/// `.NAME.tolok-spare-new-PID`, each with tolok's marker inside; a
/// national one holds gigabytes. Only with `lock_beside` held, so that no
/// running build owns them. Each is set aside as a previous site and
/// removed in the background like a large one; anything else is left alone.
pub fn clear_leftovers(out: &Path) {
    let prefix = beside_out(out, "");
    let (Some(parent), Some(prefix)) =
        (prefix.parent(), prefix.file_name().and_then(|n| n.to_str()))
    else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|rest| {
                ["staging-", "spare-new-"]
                    .iter()
                    .find_map(|what| rest.strip_prefix(what))
            })
        else {
            continue;
        };
        let path = entry.path();
        if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) || !is_ours(&path) {
            continue;
        }
        let old = beside_out(out, &format!("old-{pid}"));
        if std::fs::symlink_metadata(&old).is_err() && std::fs::rename(&path, &old).is_ok() {
            remove(&old, true);
        }
    }
}

/// A fresh, empty folder beside `out`, e.g. `.public.tolok-staging-1234`.
/// Creates the output's parent folders when they do not exist yet.
pub fn sibling(out: &Path, what: &str) -> Result<PathBuf, BuildFailure> {
    let dir = beside(out, what);
    let parent = dir.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| {
        fail(
            parent,
            crate::tr!(
                "cannot create the folder: {e}",
                "folder tidak dapat dibuat: {e}"
            ),
            crate::tr!("check permissions", "periksa izin akses"),
        )
    })?;
    if std::fs::symlink_metadata(&dir).is_ok() {
        std::fs::remove_dir_all(&dir).map_err(|e| {
            fail(
                &dir,
                crate::tr!(
                    "cannot clear a leftover folder: {e}",
                    "folder sisa tidak dapat dibersihkan: {e}"
                ),
                crate::tr!("remove it by hand", "hapus folder itu secara manual"),
            )
        })?;
    }
    std::fs::create_dir(&dir).map_err(|e| {
        fail(
            &dir,
            crate::tr!(
                "cannot create the staging folder: {e}",
                "folder persiapan (staging) tidak dapat dibuat: {e}"
            ),
            crate::tr!(
                "check permissions of the output's parent folder",
                "periksa izin akses folder induk dari folder keluaran"
            ),
        )
    })?;
    Ok(dir)
}

/// Sites with more files than this are removed by a background process once
/// replaced: deleting tens of thousands of files takes seconds, and the new
/// site is in place already.
pub const BACKGROUND_REMOVAL_FILES: usize = 10_000;

/// What becomes of the site that the new one replaces.
#[derive(Clone, Copy)]
pub struct Retire {
    /// Keep it as the spare (see `spare`): the new site shares most of its files.
    pub keep_as_spare: bool,
    /// Remove it in a background process (else before returning).
    pub background: bool,
}

/// Puts the staging folder in place of `out`; the previous site (with
/// `files` files, about) becomes the spare or is removed, in the background
/// when large or when `retire` asks for it.
pub fn publish(
    staging: &Path,
    out: &Path,
    files: usize,
    retire: Retire,
) -> Result<(), BuildFailure> {
    let retire = Retire {
        background: retire.background || files > BACKGROUND_REMOVAL_FILES,
        ..retire
    };
    let result = match exchange(staging, out) {
        // The previous site is now where the staging folder was.
        Ok(true) => {
            let old = beside(out, "old");
            if std::fs::symlink_metadata(&old).is_err() && std::fs::rename(staging, &old).is_ok() {
                set_aside(&old, out, retire);
            } else {
                remove_tree(staging);
            }
            Ok(())
        }
        Ok(false) => swap(staging, out, retire),
        Err(e) => Err(e),
    };
    if result.is_err() {
        let _ = std::fs::remove_dir_all(staging);
    }
    result
}

/// Exchanges the staging folder and `out` in one step where the system can
/// (Linux): no moment without a site. False when it cannot (no site in
/// place, or no such operation): then `swap` does it in two.
fn exchange(staging: &Path, out: &Path) -> Result<bool, BuildFailure> {
    if !is_ours(out) {
        return Ok(false);
    }
    check_replaceable(out)?;
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).ok();
        let (Some(from), Some(to)) = (c(staging), c(out)) else {
            return Ok(false);
        };
        // SAFETY: both are valid NUL-terminated paths that outlive the call.
        let done = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                from.as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        Ok(done == 0)
    }
    #[cfg(not(target_os = "linux"))]
    Ok(false)
}

/// The previous site, moved aside to `old`: kept as the spare when asked
/// and the spare's place is free, else removed. An older spare goes too
/// when this one is not kept: it would hold a whole site of its own.
fn set_aside(old: &Path, out: &Path, retire: Retire) {
    let spare = spare(out);
    if retire.keep_as_spare
        && std::fs::symlink_metadata(&spare).is_err()
        && std::fs::rename(old, &spare).is_ok()
    {
        ignore_in_git(&spare);
        return;
    }
    remove(old, retire.background);
    if !retire.keep_as_spare && is_ours(&spare) {
        let aside = beside(out, "old-spare");
        if std::fs::rename(&spare, &aside).is_ok() {
            remove(&aside, retire.background);
        }
    }
}

fn remove(old: &Path, background: bool) {
    if !(background && remove_in_background(old)) {
        remove_tree(old);
    }
}

/// Swaps the complete staging folder in place of `out` in two renames. When
/// another build swaps its own site in meanwhile, the swap is tried again:
/// the last build to finish wins, and no previous site is left beside the
/// output but the spare.
fn swap(staging: &Path, out: &Path, retire: Retire) -> Result<(), BuildFailure> {
    let cannot = |e: std::io::Error| {
        fail(
            out,
            crate::tr!(
                "cannot put the new site in place: {e}",
                "situs baru tidak dapat dipasang: {e}"
            ),
            crate::tr!("check permissions", "periksa izin akses"),
        )
    };
    for _ in 0..SWAP_ATTEMPTS {
        if std::fs::symlink_metadata(out).is_err() {
            match std::fs::rename(staging, out) {
                Ok(()) => return Ok(()),
                // Another build put its site there first: swap again.
                Err(_) if std::fs::symlink_metadata(out).is_ok() => continue,
                Err(e) => return Err(cannot(e)),
            }
        }
        check_replaceable(out)?;
        let old = sibling(out, "old")?;
        std::fs::remove_dir(&old).map_err(cannot)?;
        match std::fs::rename(out, &old) {
            Ok(()) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => continue,
            Err(e) => {
                return Err(fail(
                    out,
                    crate::tr!(
                        "cannot move the previous site aside: {e}",
                        "situs sebelumnya tidak dapat dipindahkan: {e}"
                    ),
                    crate::tr!("check permissions", "periksa izin akses"),
                ))
            }
        }
        let placed = std::fs::rename(staging, out);
        if placed.is_ok() || std::fs::symlink_metadata(out).is_ok() {
            // Either ours is in place, or another build's newer site is: the old one can go.
            set_aside(&old, out, retire);
        } else {
            let _ = std::fs::rename(&old, out);
        }
        match placed {
            Ok(()) => return Ok(()),
            Err(_) if std::fs::symlink_metadata(out).is_ok() => continue,
            Err(e) => return Err(cannot(e)),
        }
    }
    Err(fail(
        out,
        crate::tr!(
            "another build kept replacing the output folder; this one gave up",
            "pembangunan situs lain terus mengganti folder keluaran; pembangunan ini dihentikan"
        ),
        crate::tr!(
            "run one build at a time for one output folder",
            "jalankan satu pembangunan situs saja pada satu waktu untuk satu folder keluaran"
        ),
    ))
}

/// Starts `tolok remove-old OLD` as a process of its own that outlives this
/// one; false when it cannot be started.
fn remove_in_background(old: &Path) -> bool {
    use std::process::{Command, Stdio};
    let Ok(exe) = std::env::current_exe() else {
        return false;
    };
    let child = Command::new(exe)
        .arg("remove-old")
        .arg(old)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    match child {
        Ok(mut child) => {
            // Reaped by a thread, so that a long-running `serve` keeps no zombies.
            std::thread::spawn(move || child.wait());
            true
        }
        Err(_) => false,
    }
}

/// `tolok remove-old DIR`: removes a previous site set aside by a build
/// (named `.NAME.tolok-old-PID`, with tolok's marker inside), and any other
/// such leftovers beside it. Anything else is left alone.
pub fn remove_old(dir: &Path) -> bool {
    let set_aside = |p: &Path| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.') && n.contains(".tolok-old-"))
            && std::fs::symlink_metadata(p).is_ok_and(|m| m.is_dir())
            && std::fs::symlink_metadata(p.join(MARKER)).is_ok_and(|m| m.is_file())
    };
    if !set_aside(dir) {
        return false;
    }
    remove_tree(dir);
    let parent = dir.parent().unwrap_or(Path::new("."));
    if let Ok(entries) = std::fs::read_dir(parent) {
        for e in entries.filter_map(Result::ok) {
            if set_aside(&e.path()) {
                remove_tree(&e.path());
            }
        }
    }
    true
}

/// Removes a folder tree, its subfolders two levels down in parallel: a
/// previous site of thousands of agencies has tens of thousands of files.
/// Links are removed, never followed.
pub(super) fn remove_tree(dir: &Path) {
    use rayon::prelude::*;
    let children = |d: &Path| -> Vec<PathBuf> {
        std::fs::read_dir(d)
            .map(|r| {
                r.filter_map(Result::ok)
                    .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                    .map(|e| e.path())
                    .collect()
            })
            .unwrap_or_default()
    };
    let grandchildren: Vec<PathBuf> = children(dir).iter().flat_map(|c| children(c)).collect();
    grandchildren.par_iter().for_each(|d| {
        let _ = std::fs::remove_dir_all(d);
    });
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(dir: &Path, marker: bool) {
        std::fs::create_dir_all(dir.join("2022/a")).unwrap();
        std::fs::write(dir.join("2022/a/index.html"), "x").unwrap();
        if marker {
            std::fs::write(dir.join(MARKER), "").unwrap();
        }
    }

    #[test]
    fn one_build_at_a_time_beside_an_output() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let held = lock_beside(&out).expect("locked");
        let second = AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                let _lock = lock_beside(&out);
                second.store(true, Ordering::SeqCst);
            });
            std::thread::sleep(std::time::Duration::from_millis(300));
            assert!(!second.load(Ordering::SeqCst), "the second waits");
            drop(held);
        });
        assert!(
            second.load(Ordering::SeqCst),
            "and goes on once the first is done"
        );
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert!(names.is_empty(), "nothing created for the lock");
    }

    #[test]
    fn remove_old_takes_only_sites_set_aside_by_a_build() {
        let tmp = tempfile::tempdir().unwrap();
        let (old, leftover, unmarked, other) = (
            tmp.path().join(".public.tolok-old-12"),
            tmp.path().join(".public.tolok-old-7"),
            tmp.path().join(".public.tolok-old-9"),
            tmp.path().join("public"),
        );
        site(&old, true);
        site(&leftover, true);
        site(&unmarked, false);
        site(&other, true);
        assert!(!remove_old(&other), "a live site is not set aside");
        assert!(
            !remove_old(&unmarked),
            "a folder without the marker is not tolok's"
        );
        assert!(remove_old(&old));
        assert!(
            !old.exists() && !leftover.exists(),
            "set-aside sites are gone"
        );
        assert!(unmarked.exists() && other.join("2022/a/index.html").is_file());
    }
}
