//! Every page of the sample site, in Indonesian and in English, passes the
//! Nu HTML validator with no error. Runs when `TOLOK_VNU` names the
//! validator's jar (CI installs it from npm's `vnu-jar`) and Java is
//! installed; skipped with a notice otherwise.

mod common;
use common::*;

use std::path::Path;
use std::process::Command;

fn validate(site: &Path, jar: &str) -> String {
    let pages: Vec<String> = files_below(site)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .map(|f| site.join(f).to_string_lossy().into_owned())
        .collect();
    assert!(pages.len() > 50, "the sample's pages");
    let out = Command::new("java")
        .args(["-jar", jar, "--errors-only", "--format", "gnu"])
        .args(&pages)
        .output()
        .expect("java runs");
    String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout)
}

#[test]
fn every_page_of_the_sample_passes_the_nu_validator() {
    let Some(jar) = std::env::var("TOLOK_VNU")
        .ok()
        .filter(|j| Path::new(j).is_file())
    else {
        eprintln!("notice: TOLOK_VNU names no vnu.jar; skipping the HTML validator");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    copy_tree(&repo().join("content"), &content);
    for (lang, out) in [("id", "site-id"), ("en", "site-en")] {
        let site_yaml = content.join("site.yaml");
        let text = std::fs::read_to_string(&site_yaml).unwrap();
        let text = text
            .lines()
            .map(|l| {
                if l.starts_with("language:") {
                    format!("language: {lang}")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&site_yaml, text + "\n").unwrap();
        let site = dir.path().join(out);
        let run = tolok_in(
            dir.path(),
            &["build", "content", "--out", site.to_str().unwrap()],
        );
        assert_eq!(run.code, 0, "{}", run.stderr);
        let errors = validate(&site, &jar);
        assert!(
            !errors.contains("error"),
            "{lang}: the validator found errors:\n{errors}"
        );
    }
}
