//! Large periods: above `MAX_LISTED_AGENCIES` (400) agencies the
//! period-wide pages show bounded content (a row per group or cluster, the
//! top and bottom of rankings, a sentence naming where the full list is);
//! at 400 they still list every agency. The trees are written here, 401 and
//! 400 agencies of a small framework in groups of 40, and built with the
//! real binary.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use calamine::{open_workbook, Reader, Xlsx};
use common::*;

/// The threshold of the pages (`tolok::view::MAX_LISTED_AGENCIES`).
const MAX: usize = 400;
/// Agencies shown at the top and at the bottom of a bounded ranking.
const SHOWN: usize = 25;
/// ... of a cluster's bounded ranking.
const SHOWN_PER_CLUSTER: usize = 10;
const GROUP_SIZE: usize = 40;
const CLUSTERS: [&str; 3] = ["rumpun-a", "rumpun-b", "rumpun-c"];
const NOTE_ID: &str = "Periode ini mencakup 401 perangkat daerah, lebih dari 400";
const NOTE_EN: &str = "This period has 401 agencies, more than 400";

const FRAMEWORK: &str = "\
name: Kerangka uji
scales:
  yt: {choice: {ya: 1, tidak: 0}}
  pct: {range: [0, 100]}
bands:
  - {label: A, above: 80}
  - {label: B, above: 50}
  - {label: C}
checklist:
  - {id: tim, label: Tim dibentuk, indicators: [i1]}
  - {id: tiga, label: Syarat tiga, indicators: [i3]}
criteria:
  - id: area
    name: Area
    weight: 2
    criteria:
      - {id: i1, text: Satu?, scale: yt}
      - {id: i2, text: Dua?, scale: pct}
  - id: lain
    name: Lain
    criteria:
      - {id: i3, text: Tiga?, scale: yt}
      - {id: i4, text: Empat?, scale: pct}
";

/// Writes a tree of `n` agencies (`g-01/d-001` ...) in groups of 40, the
/// first group the reference side, three clusters, answers spread so that
/// indices and criterion scores differ, verified answers on some, and
/// actions of which some are late.
fn write_tree(root: &Path, n: usize, language: &str) {
    let w = |rel: String, text: String| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    w(
        "site.yaml".into(),
        format!("title: Uji periode besar\nlanguage: {language}\n"),
    );
    w("frameworks/fw.yaml".into(), FRAMEWORK.into());
    w(
        "2022/period.yaml".into(),
        "name: Periode 2022\nframework: fw\ndate: 2022-08-29\n".into(),
    );
    for k in 0..n {
        let g = k / GROUP_SIZE + 1;
        if k % GROUP_SIZE == 0 {
            let role = if g == 1 { "role: reference\n" } else { "" };
            w(
                format!("2022/g-{g:02}/group.yaml"),
                format!("name: Kelompok {g:02}\n{role}"),
            );
        }
        let dir = format!("2022/g-{g:02}/d-{k:03}");
        w(
            format!("{dir}/agency.yaml"),
            format!(
                "name: Dinas {k:03}\ncluster: {}\n",
                CLUSTERS[k % CLUSTERS.len()]
            ),
        );
        let yt = |x: usize| if x.is_multiple_of(3) { "tidak" } else { "ya" };
        let i2 = (k * 7919) % 10_000;
        let i4 = (k * 104_729) % 10_000;
        let verified = if k % 2 == 0 {
            format!("    verified: {}\n", yt(k + 1))
        } else {
            String::new()
        };
        w(
            format!("{dir}/evidence.yaml"),
            format!(
                "answers:\n  i1:\n    answer: {}\n{verified}    evidence: [SK]\n  \
                 i2:\n    answer: {}.{:02}\n    evidence: [Laporan]\n  \
                 i3:\n    answer: {}\n    evidence: [Dokumen]\n  \
                 i4:\n    answer: {}.{:02}\n    evidence: [Data]\n\
                 actions:\n  - id: ra-01\n    activity: Kegiatan {k}\n    criterion: area\n    \
                 due: 2022-03-31\n    progress: {}\n",
                yt(k),
                i2 / 100,
                i2 % 100,
                yt(k / 2),
                i4 / 100,
                i4 % 100,
                (k * 13) % 101,
            ),
        );
    }
}

/// Writes and builds a tree of `n` agencies; returns (temporary folder, site).
fn built(n: usize, language: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    write_tree(&dir.path().join("content"), n, language);
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains(&format!("{n} agencies")), "{said}");
    let site = dir.path().join("public");
    (dir, site)
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// The values of every `href="..."` of the page, in order.
fn hrefs(html: &str) -> Vec<&str> {
    html.split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect()
}

/// The links of a page of the period folder, as paths below the period
/// folder (`../2022/g-01/index.html` is `g-01/index.html`).
fn period_links(html: &str) -> Vec<&str> {
    hrefs(html)
        .into_iter()
        .filter_map(|h| h.strip_prefix("../2022/"))
        .collect()
}

/// Links from a page of the period folder to agency pages (`g-01/d-001`), in order.
fn agency_links(html: &str) -> Vec<String> {
    period_links(html)
        .into_iter()
        .filter(|h| {
            h.starts_with("g-") && h.ends_with("/index.html") && h.matches('/').count() == 2
        })
        .map(|h| h.trim_end_matches("/index.html").to_string())
        .collect()
}

/// Links from a page of the period folder to group pages (`g-01`).
fn group_links(html: &str) -> Vec<String> {
    period_links(html)
        .into_iter()
        .filter(|h| {
            h.starts_with("g-") && h.ends_with("/index.html") && h.matches('/').count() == 1
        })
        .map(|h| h.trim_end_matches("/index.html").to_string())
        .collect()
}

/// The part of `html` from the first `start` to the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not in the page"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// Every relative link of the page at `rel` (inside `site`) names a file of the site.
fn assert_links_resolve(site: &Path, rel: &str) {
    let html = read(site.join(rel));
    let base = site.join(rel).parent().unwrap().to_path_buf();
    for h in hrefs(&html) {
        if h.starts_with('#') || h.starts_with("http") || h.starts_with("mailto:") {
            continue;
        }
        let target = h.split('#').next().unwrap();
        assert!(
            base.join(target).is_file(),
            "{rel}: the link `{h}` names no file"
        );
    }
}

/// The agency ids of `scores.json`, ranked by `key` (rounded to two
/// decimals, highest first, ties by id) as the pages rank them.
fn ranked_by(site: &Path, key: impl Fn(&serde_json::Value) -> Option<f64>) -> Vec<String> {
    let scores = json(&read(site.join("2022/scores.json")));
    let mut list: Vec<(Option<i64>, String)> = scores["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                key(a).map(|x| (x * 100.0).round() as i64),
                a["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    list.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    list.into_iter().map(|(_, id)| id).collect()
}

/// The first and the last `n` of `list`.
fn ends(list: &[String], n: usize) -> Vec<String> {
    let mut out = list[..n].to_vec();
    out.extend_from_slice(&list[list.len() - n..]);
    out
}

const BOUNDED_PAGES: [&str; 7] = [
    "2022/criterion-area.html",
    "2022/criterion-lain.html",
    "2022/groups.html",
    "2022/clusters.html",
    "2022/verification.html",
    "2022/actions.html",
    "2022/checklist.html",
];

#[test]
fn above_the_threshold_period_pages_are_bounded() {
    let n = MAX + 1;
    let groups = n.div_ceil(GROUP_SIZE);
    let (_dir, site) = built(n, "id");

    for rel in BOUNDED_PAGES {
        let html = read(site.join(rel));
        assert!(
            html.contains(NOTE_ID),
            "{rel}: no sentence about the large period"
        );
        // The sentence links the files with every agency, and they exist.
        for file in ["scores.csv", "scores.json", "scores.xlsx"] {
            assert!(
                html.contains(&format!("<a href=\"../2022/{file}\">{file}</a>")),
                "{rel}: no link to {file}"
            );
        }
        assert_links_resolve(&site, rel);
    }

    // Criterion pages: a row per group, then the top and bottom 25 of the
    // criterion's ranking with a line for the 351 between.
    for (criterion, rel) in [("area", BOUNDED_PAGES[0]), ("lain", BOUNDED_PAGES[1])] {
        let html = read(site.join(rel));
        let summary = between(&html, "Ringkasan per kelompok", "</table>");
        let listed: BTreeSet<String> = group_links(summary).into_iter().collect();
        assert_eq!(listed.len(), groups, "{rel}: one row per group");
        assert_eq!(
            summary.matches("<tr>").count(),
            groups + 1,
            "{rel}: header + groups"
        );
        let table = between(&html, "Peringkat pada kriteria", "</table>");
        assert!(table.contains("25 teratas dan 25 terbawah"), "{rel}");
        assert!(
            table.contains("351 perangkat daerah lainnya"),
            "{rel}: no line for the agencies left out"
        );
        let expected = ends(
            &ranked_by(&site, |a| a["nodes"][criterion]["score"].as_f64()),
            SHOWN,
        );
        assert_eq!(agency_links(table), expected, "{rel}: top and bottom 25");
    }

    // Groups page: no agency at all (rows and heatmap are groups).
    let html = read(site.join("2022/groups.html"));
    assert!(agency_links(&html).is_empty(), "groups.html lists agencies");
    let summary = between(&html, "Ringkasan per kelompok", "</table>");
    assert_eq!(summary.matches("<tr>").count(), groups + 1);
    assert!(html.contains("Capaian kelompok per area"));
    assert!(!html.contains("Dinas 000"), "an agency in the heatmap");

    // Clusters: a summary row per cluster, then 10 + 10 agencies per cluster.
    let html = read(site.join("2022/clusters.html"));
    let summary = between(&html, "Ringkasan per rumpun", "</table>");
    assert_eq!(summary.matches("<tr>").count(), CLUSTERS.len() + 1);
    assert_eq!(
        agency_links(&html).len(),
        CLUSTERS.len() * 2 * SHOWN_PER_CLUSTER,
        "clusters.html: 10 + 10 per cluster"
    );
    assert_eq!(
        html.matches("perangkat daerah lainnya").count(),
        CLUSTERS.len()
    );

    // Verification: the 25 largest and 25 smallest gaps, largest first.
    let html = read(site.join("2022/verification.html"));
    let expected = ends(
        &ranked_by(&site, |a| {
            Some(a["self_index"].as_f64()? - a["index"].as_f64()?)
        }),
        SHOWN,
    );
    assert_eq!(agency_links(&html), expected, "verification.html");
    assert!(html.contains("351 perangkat daerah lainnya"));

    // Action plan: per group, and at most 25 agencies (the most late actions).
    let html = read(site.join("2022/actions.html"));
    let late = agency_links(&html);
    assert!(
        !late.is_empty() && late.len() <= SHOWN,
        "{} agencies",
        late.len()
    );
    assert!(html.matches("<tr class=\"late\">").count() <= SHOWN);
    let per_group: BTreeSet<String> = group_links(&html).into_iter().collect();
    assert_eq!(per_group.len(), groups);

    // Checklist: a row per group, no agency.
    let html = read(site.join("2022/checklist.html"));
    assert!(agency_links(&html).is_empty());
    assert_eq!(html.matches(" perangkat daerah</div>").count(), groups);

    // The period page ranks the top and bottom 25, in order, and links to the
    // full ranking over pages of 400 agencies: 1–400, then 401.
    let ranked = ranked_by(&site, |a| a["index"].as_f64());
    let html = read(site.join("2022/index.html"));
    assert!(html.contains(
        "Periode ini mencakup 401 perangkat daerah: di sini ditampilkan 25 teratas dan 25 terbawah"
    ));
    let table = between(&html, "<table class=\"ranking\"", "</table>");
    assert_eq!(agency_links(table), ends(&ranked, SHOWN));
    // A line in place of the 351 between, after the 25th row.
    let (top, bottom) = table
        .split_once("… 351 perangkat daerah lainnya: lihat peringkat lengkap di atas …")
        .expect("the omitted line");
    assert_eq!(agency_links(top).len(), SHOWN);
    assert_eq!(agency_links(bottom).len(), SHOWN);
    // The figures are per side: our 361 agencies (g-02 ... g-11), then the
    // benchmark's 40 (g-01), never the 401 together.
    let ours = between(&html, "<div class=\"side\">", "</dl>");
    assert!(ours.contains("<dd>361</dd>"), "{ours}");
    let theirs = between(&html, "<div class=\"side side-reference\">", "</dl>");
    assert!(theirs.contains("<dd>40</dd>"), "{theirs}");
    assert!(!html.contains("<dd>401</dd>"));
    assert_links_resolve(&site, "2022/index.html");
    let mut full = Vec::new();
    for (k, ranks) in [(1, "1–400"), (2, "401")] {
        let rel = format!("2022/ranking-{k}.html");
        assert!(html.contains(&format!("ranking-{k}.html\">{ranks}</a>")));
        let page = read(site.join(&rel));
        assert!(page.contains(&format!("<h1>Peringkat {ranks} dari 401</h1>")));
        assert!(page.contains(&format!("<span aria-current=\"page\">{ranks}</span>")));
        full.extend(agency_links(between(
            &page,
            "<table class=\"ranking\"",
            "</table>",
        )));
        assert_links_resolve(&site, &rel);
    }
    assert_eq!(full, ranked, "the full ranking, in order, over its pages");
    assert!(!site.join("2022/ranking-3.html").exists());

    // scores.xlsx, written row by row, holds every agency; each group's
    // indicators.xlsx the indicator rows of its agencies, linked from its page.
    let mut wb: Xlsx<_> = open_workbook(site.join("2022/scores.xlsx")).unwrap();
    assert_eq!(wb.worksheet_range("agencies").unwrap().height(), n + 1);
    assert!(wb.worksheet_range("indicators").is_err());
    let mut rows = 0;
    for g in 1..=groups {
        let folder = site.join(format!("2022/g-{g:02}"));
        let mut wb: Xlsx<_> = open_workbook(folder.join("indicators.xlsx")).unwrap();
        let sheet = wb.worksheet_range("indicators").unwrap();
        let members = (n - (g - 1) * GROUP_SIZE).min(GROUP_SIZE);
        assert_eq!(sheet.height(), 4 * members + 1, "group {g}");
        rows += sheet.height() - 1;
        let page = read(folder.join("index.html"));
        assert!(
            page.contains("indicators.xlsx\">indicators.xlsx</a>"),
            "group {g}: the link"
        );
        assert_links_resolve(&site, &format!("2022/g-{g:02}/index.html"));
    }
    assert_eq!(rows, 4 * n, "every agency's indicators, once");
    assert!(
        !site.join("2022/indicators.xlsx").exists(),
        "every agency has a group"
    );
}

#[test]
fn at_the_threshold_every_agency_is_listed() {
    let n = MAX;
    let (_dir, site) = built(n, "id");
    for rel in BOUNDED_PAGES {
        let html = read(site.join(rel));
        assert!(
            !html.contains("Periode ini mencakup"),
            "{rel}: bounded at {n}"
        );
        assert!(!html.contains("perangkat daerah lainnya"), "{rel}");
    }
    let distinct = |rel: &str| -> usize {
        agency_links(&read(site.join(rel)))
            .into_iter()
            .collect::<BTreeSet<_>>()
            .len()
    };
    for rel in [
        "2022/criterion-area.html",
        "2022/criterion-lain.html",
        "2022/clusters.html",
        "2022/verification.html",
        "2022/actions.html",
        "2022/checklist.html",
    ] {
        assert_eq!(distinct(rel), n, "{rel}: every agency");
    }
    // The period page ranks every agency, one table per group in ranking
    // order, our groups first (g-02 ...), the benchmark's (g-01) last; it has
    // no ranking pages.
    let html = read(site.join("2022/index.html"));
    let ranking = between(&html, "<h2 id=\"peringkat\">", "<h2 id=\"predikat\">");
    let ranked = ranked_by(&site, |a| a["index"].as_f64());
    let group_of = |id: &String| id.split('/').next().unwrap().to_string();
    let mut groups: Vec<String> = ranked.iter().map(group_of).collect();
    groups.sort();
    groups.dedup();
    groups.rotate_left(1);
    let expected: Vec<String> = groups
        .iter()
        .flat_map(|g| ranked.iter().filter(move |id| &group_of(id) == g).cloned())
        .collect();
    assert_eq!(agency_links(ranking), expected);
    assert_eq!(
        ranking.matches("<table class=\"ranking\"").count(),
        groups.len()
    );
    assert!(!html.contains("ranking-1.html") && !site.join("2022/ranking-1.html").exists());
    // scores.xlsx holds the indicator rows; no group has a workbook of its own.
    let mut wb: Xlsx<_> = open_workbook(site.join("2022/scores.xlsx")).unwrap();
    assert_eq!(
        wb.worksheet_range("indicators").unwrap().height(),
        4 * n + 1
    );
    assert!(!site.join("2022/g-01/indicators.xlsx").exists());
    let criterion = read(site.join("2022/criterion-area.html"));
    let table = between(&criterion, "Peringkat pada kriteria", "</table>");
    assert_eq!(
        agency_links(table),
        ranked_by(&site, |a| a["nodes"]["area"]["score"].as_f64()),
        "the whole ranking, in order"
    );
    // The heatmap has a row per agency (its cells' titles name them).
    let groups = read(site.join("2022/groups.html"));
    assert!(groups.contains("Capaian perangkat daerah per area"));
    assert!(groups.contains("Dinas 000"));
}

#[test]
fn large_pages_in_english_and_a_reproducible_workbook() {
    let (dir, site) = built(MAX + 1, "en");
    for rel in BOUNDED_PAGES {
        let html = read(site.join(rel));
        assert!(html.contains(NOTE_EN), "{rel}: no English sentence");
        assert!(!html.contains("Periode ini"), "{rel}: Indonesian left");
    }
    let html = read(site.join("2022/criterion-area.html"));
    assert!(html.contains("Summary by group"));
    assert!(html.contains("top 25 and bottom 25"));
    assert!(html.contains("351 more agencies"));
    // A second build writes the same workbook, byte for byte.
    let first = std::fs::read(site.join("2022/scores.xlsx")).unwrap();
    let run = tolok_in(dir.path(), &["build", "content", "--out", "again"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let second = std::fs::read(dir.path().join("again/2022/scores.xlsx")).unwrap();
    assert!(first == second, "scores.xlsx differs between two builds");
    let first = std::fs::read(site.join("2022/g-03/indicators.xlsx")).unwrap();
    let second = std::fs::read(dir.path().join("again/2022/g-03/indicators.xlsx")).unwrap();
    assert!(
        first == second,
        "a group's indicators.xlsx differs between two builds"
    );
}

/// A rebuild of a large period carries the indicator workbooks of the groups
/// whose agencies did not change, writes the changed group's again, and its
/// site is byte for byte a build without the cache.
#[test]
fn a_rebuild_carries_the_workbooks_of_unchanged_groups() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    write_tree(&content, MAX + 1, "id");
    // Past the cache's two-second window for fresh files.
    let settle = || std::thread::sleep(std::time::Duration::from_millis(2100));
    settle();
    let build = |out: &str, cache: bool| {
        let mut args = vec!["build", "content", "--out", out];
        if !cache {
            args.push("--no-cache");
        }
        let run = tolok_in(dir.path(), &args);
        assert_eq!(run.code, 0, "{}", run.stderr);
    };
    build("public", true);
    let inode = |rel: &str| {
        std::fs::metadata(dir.path().join("public").join(rel))
            .unwrap()
            .ino()
    };
    let (edited, other) = ("2022/g-01/indicators.xlsx", "2022/g-05/indicators.xlsx");
    let before = (inode(edited), inode(other));

    let evidence = content.join("2022/g-01/d-001/evidence.yaml");
    let text = read(&evidence);
    let flipped = if text.contains("i1:\n    answer: ya") {
        text.replacen("i1:\n    answer: ya", "i1:\n    answer: tidak", 1)
    } else {
        text.replacen("i1:\n    answer: tidak", "i1:\n    answer: ya", 1)
    };
    assert_ne!(flipped, text);
    std::fs::write(&evidence, flipped).unwrap();
    settle();
    build("public", true);
    assert_eq!(
        inode(other),
        before.1,
        "an unchanged group's workbook is carried"
    );
    assert_ne!(
        inode(edited),
        before.0,
        "the changed group's workbook is written again"
    );

    build("fresh", false);
    let (a, b) = (dir.path().join("public"), dir.path().join("fresh"));
    let files = files_below(&a);
    assert_eq!(files, files_below(&b));
    for f in &files {
        assert!(
            std::fs::read(a.join(f)).unwrap() == std::fs::read(b.join(f)).unwrap(),
            "{f} differs"
        );
    }
}
