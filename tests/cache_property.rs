//! Random edits of a real tree, each followed by a rebuild in verification
//! mode (`TOLOK_VERIFY=1`): the build renders again, without the cache,
//! everything it carried over, and fails on any byte of difference. The
//! edits are drawn from a fixed seed, so a failure is reproducible: any
//! evidence, agency, group or period file changed, a narrative added or
//! removed, an evidence file removed (an agency may stop answering), the theme's stylesheet and the site's
//! title changed.

mod common;
use common::*;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// A small deterministic generator (xorshift64*): no dependency, same edits on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[(self.next() % list.len() as u64) as usize]
    }
}

fn verified_build(content: &Path, out: &Path, step: &str) {
    // Files are trusted two seconds after they change.
    std::thread::sleep(Duration::from_millis(2100));
    let run = Command::new(env!("CARGO_BIN_EXE_tolok"))
        .env("TOLOK_LANG", "en")
        .args([
            "build",
            content.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .env("TOLOK_VERIFY", "1")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{step}: {}",
        String::from_utf8_lossy(&run.stderr)
    );
}

fn files_named(root: &Path, pred: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut list: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && pred(e.path()))
        .map(|e| e.into_path())
        .collect();
    list.sort();
    list
}

/// Applies one random edit to the tree; says what it did.
fn edit(rng: &mut Rng, c: &Path, n: usize) -> String {
    let evidence = files_named(c, |p| {
        p.extension().is_some_and(|x| x == "yaml")
            && !["agency.yaml", "group.yaml", "period.yaml", "site.yaml"]
                .iter()
                .any(|f| p.ends_with(f))
            && !p.to_string_lossy().contains("frameworks")
    });
    let agencies = files_named(c, |p| p.ends_with("agency.yaml"));
    // Every kind of edit once, in turn, then at random.
    let case = if n <= 11 {
        n as u64 - 1
    } else {
        rng.next() % 11
    };
    match case {
        0 | 1 => {
            let f = rng.pick(&evidence);
            let text = std::fs::read_to_string(f).unwrap();
            let (from, to) = if text.contains("answer: ya") {
                ("answer: ya", "answer: tidak")
            } else {
                ("answer: tidak", "answer: ya")
            };
            std::fs::write(f, text.replacen(from, to, 1)).unwrap();
            format!("an answer in {}", f.display())
        }
        2 => {
            let f = rng.pick(&agencies);
            let text = std::fs::read_to_string(f).unwrap();
            std::fs::write(f, text.replacen("name: ", &format!("name: Ubah{n} "), 1)).unwrap();
            format!("the name in {}", f.display())
        }
        3 => {
            let dir = rng.pick(&agencies).parent().unwrap().to_path_buf();
            std::fs::write(
                dir.join(format!("catatan-{n}.md")),
                format!("Catatan ke-{n}.\n"),
            )
            .unwrap();
            format!("a narrative added in {}", dir.display())
        }
        4 => {
            let narratives = files_named(c, |p| p.extension().is_some_and(|x| x == "md"));
            let f = rng.pick(&narratives);
            std::fs::remove_file(f).unwrap();
            format!("{} removed", f.display())
        }
        5 => {
            let groups = files_named(c, |p| p.ends_with("group.yaml"));
            let f = rng.pick(&groups);
            let text = std::fs::read_to_string(f).unwrap();
            std::fs::write(
                f,
                format!("{text}# {n}\n").replacen("short: ", &format!("short: G{n} "), 1),
            )
            .unwrap();
            format!("the group {}", f.display())
        }
        6 => {
            let periods = files_named(c, |p| p.ends_with("period.yaml"));
            let f = rng.pick(&periods);
            let text = std::fs::read_to_string(f).unwrap();
            std::fs::write(f, text.replacen("name: \"", &format!("name: \"({n}) "), 1)).unwrap();
            format!("the period {}", f.display())
        }
        7 => {
            let f = rng.pick(&evidence);
            std::fs::remove_file(f).unwrap();
            format!("{} removed", f.display())
        }
        8 => {
            // A group's other rating (group pages, the comparison, methodology).
            let f = c.join("2022/maluku-utara/group.yaml");
            let text = std::fs::read_to_string(&f).unwrap();
            let edited: Vec<String> = text
                .lines()
                .map(|l| {
                    if l.starts_with("  idsd:") {
                        format!("  idsd: \"{},{}\"", n % 5, n % 10)
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            std::fs::write(&f, edited.join("\n") + "\n").unwrap();
            "a group's rating".into()
        }
        9 => {
            // A definition of the tree's own replacing a shipped one: every
            // band of every value changes.
            let dir = c.join("ratings");
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(
                dir.join("skm.yaml"),
                format!("name: SKM versi {n}\nscale: {{range: [25, 100]}}\nbands:\n  - {{label: Tinggi, from: {}}}\n  - {{label: Rendah}}\n", 60 + n),
            )
            .unwrap();
            "the definition of a rating".into()
        }
        _ => {
            let theme = c.join("tema/static");
            std::fs::create_dir_all(&theme).unwrap();
            std::fs::write(
                theme.join("style.css"),
                format!("/* {n} */ body {{ margin: {n}px; }}\n"),
            )
            .unwrap();
            let site = c.join("site.yaml");
            let text = std::fs::read_to_string(&site).unwrap();
            if !text.contains("theme:") {
                std::fs::write(&site, format!("{text}theme: tema/\n")).unwrap();
            }
            "the theme's stylesheet".into()
        }
    }
}

#[test]
fn random_edits_rebuild_to_the_site_a_clean_build_writes() {
    let dir = tempfile::tempdir().unwrap();
    let c = dir.path().join("content");
    copy_tree(&repo().join("content"), &c);
    let out = dir.path().join("site");
    verified_build(&c, &out, "first build");
    verified_build(&c, &out, "nothing changed");
    let mut rng = Rng(0x7010_6bad_5eed);
    for n in 1..=20 {
        let what = edit(&mut rng, &c, n);
        verified_build(&c, &out, &format!("edit {n}: {what}"));
    }
    // The site's title: every page.
    let site = c.join("site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, text.replacen("title: ", "title: Baru ", 1)).unwrap();
    verified_build(&c, &out, "the site's title");
}
