//! The documentation says what the program does: every command and option
//! the README and the user guide show exists, and every relative link of
//! the docs leads to a file of the repository.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn docs() -> Vec<PathBuf> {
    let mut files = vec![
        repo().join("README.md"),
        repo().join("CONTRIBUTING.md"),
        repo().join("bench/RESULTS.md"),
    ];
    for e in walkdir::WalkDir::new(repo().join("docs"))
        .into_iter()
        .filter_map(Result::ok)
    {
        if e.path().extension().is_some_and(|x| x == "md") {
            files.push(e.path().to_path_buf());
        }
    }
    files
}

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tolok"))
        .env("TOLOK_LANG", "en")
        .args(args)
        .arg("--help")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "`tolok {} --help` failed",
        args.join(" ")
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `tolok WORD [WORD] --option` in code of the docs: the command exists and
/// has the option.
#[test]
fn every_command_and_option_shown_exists() {
    let subcommands = ["new", "export"];
    let mut checked = 0;
    for file in docs() {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines() {
            let Some(at) = line.find("tolok ") else {
                continue;
            };
            // The command as far as its code span, or the line, goes.
            let shown = line[at + 6..].split('`').next().unwrap_or_default();
            let shown = shown.split('#').next().unwrap_or_default();
            let words: Vec<&str> = shown
                .split(|c: char| c.is_whitespace() || c == '`' || c == '|')
                .filter(|w| !w.is_empty())
                .collect();
            let Some(&command) = words.first() else {
                continue;
            };
            if !command.chars().all(|c| c.is_ascii_lowercase()) || command.len() < 3 {
                continue;
            }
            let known = [
                "build", "check", "score", "diff", "export", "import", "pdf", "init", "serve",
                "new",
            ];
            if !known.contains(&command) {
                continue;
            }
            let mut path = vec![command];
            if subcommands.contains(&command) {
                if let Some(&sub) = words.get(1).filter(|w| !w.starts_with('-')) {
                    if sub == "agency" || sub == "period" || sub == "form" {
                        path.push(sub);
                    }
                }
            }
            let text = help(&path);
            for option in words.iter().filter(|w| w.starts_with("--") && w.len() > 2) {
                let option = option.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
                assert!(
                    text.contains(option),
                    "{}: `tolok {}` has no option {option}",
                    file.display(),
                    path.join(" ")
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 20, "only {checked} options checked");
}

#[test]
fn every_relative_link_leads_to_a_file() {
    let link = |s: &str| -> Vec<String> {
        s.match_indices("](")
            .filter_map(|(i, _)| s[i + 2..].split(')').next().map(str::to_string))
            .collect()
    };
    for file in docs() {
        let text = std::fs::read_to_string(&file).unwrap();
        for target in link(&text) {
            let path = target.split('#').next().unwrap();
            if path.is_empty() || path.contains("://") || path.contains(' ') {
                continue;
            }
            let to = file.parent().unwrap_or(Path::new(".")).join(path);
            assert!(
                to.exists(),
                "{}: the link {target} leads nowhere",
                file.display()
            );
        }
    }
}

#[test]
fn the_readme_is_short() {
    let lines = std::fs::read_to_string(repo().join("README.md"))
        .unwrap()
        .lines()
        .count();
    assert!(
        lines < 150,
        "README.md has {lines} lines; the rest belongs in docs/"
    );
}
