//! Other ratings beside the RB index (format extension): values of groups
//! and agencies shown side by side with their bands on the group pages, the
//! agency page, its report and its peer page; the definitions on the
//! methodology page; the values in scores.json, scores.csv and scores.xlsx;
//! and every bad-input rule with its file and line.

mod common;
use common::*;

/// The minimal tree with prov-b as the benchmark side and ratings on both
/// sides, plus a definition of the tree's own.
fn rated_tree() -> tempfile::TempDir {
    broken_tree(&[
        (
            "2022/prov-a/group.yaml",
            "name: Provinsi A\nshort: Prov A\nratings:\n  iid: {value: \"33,11\", source: https://indeks.example/iid, date: 2022-12-01}\n  skm: \"76,60\"\n  keluhan: 12\n",
        ),
        (
            "2022/prov-b/group.yaml",
            "name: Provinsi B\nshort: Prov B\nrole: reference\nratings:\n  iid: \"71,32\"\n  skm: \"88,31\"\n  keluhan: 3\n",
        ),
        (
            "2022/prov-a/dinas-a/agency.yaml",
            "name: Dinas A\ncluster: umum\npeer: prov-b/dinas-b\nratings:\n  skm: \"65,00\"\n  ombudsman-opini: sedang\n",
        ),
        (
            "2022/prov-b/dinas-b/agency.yaml",
            "name: Dinas B\ncluster: umum\nratings:\n  skm: \"88,30\"\n  ombudsman-opini: tertinggi\n",
        ),
        (
            "ratings/keluhan.yaml",
            "name: Pengaduan yang belum selesai\nshort: Pengaduan\nscale: {range: [0, 1000]}\nbetter: lower\nbands:\n  - {label: Baik, to: 5, colour: \"#1a7f37\"}\n  - {label: Perlu perhatian}\n",
        ),
    ])
}

fn read(p: std::path::PathBuf) -> String {
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The text of the ratings section of a page, tags stripped.
fn ratings_text(html: &str) -> String {
    let start = html
        .find("<section class=\"ratings\">")
        .expect("a ratings section");
    let end = start + html[start..].find("</section>").unwrap();
    let mut out = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn ratings_side_by_side_on_every_page_that_compares() {
    let dir = rated_tree();
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = dir.path().join("public/2022");

    // The group page and the comparison: ours first, then the benchmark.
    for page in ["prov-a/index.html", "prov-b/index.html", "groups.html"] {
        let text = ratings_text(&read(site.join(page)));
        assert!(text.contains("Prov A Prov B"), "{page}: {text}");
        // 33,11 Kurang Inovatif beside 71,32 Sangat Inovatif; SKM 76,60 is
        // C (76,61 would be B), 88,31 is A; the tree's own rating, where
        // lower is better: 12 needs attention, 3 is good.
        assert!(
            text.contains("IID 33,11 Kurang Inovatif 1 Desember 2022 71,32 Sangat Inovatif"),
            "{page}: {text}"
        );
        assert!(text.contains("SKM 76,60 C 88,31 A"), "{page}: {text}");
        assert!(
            text.contains("Pengaduan 12,00 Perlu perhatian 3,00 Baik"),
            "{page}: {text}"
        );
    }
    let group = read(site.join("prov-a/index.html"));
    assert!(
        group.contains("href=\"https://indeks.example/iid\""),
        "the source is linked"
    );

    // The agency page, its report and its peer page: the agency beside its peer.
    for page in [
        "prov-a/dinas-a/index.html",
        "prov-a/dinas-a/report.html",
        "prov-a/dinas-a/peer.html",
    ] {
        let text = ratings_text(&read(site.join(page)));
        assert!(
            text.contains("Dinas A · Prov A Dinas B · Prov B"),
            "{page}: {text}"
        );
        assert!(text.contains("SKM 65,00 C 88,30 B"), "{page}: {text}");
        assert!(
            text.contains("Opini Ombudsman sedang Kuning tertinggi Hijau"),
            "{page}: {text}"
        );
    }

    // The methodology page: each rating used, its issuer and its bands.
    let method = read(site.join("methodology.html"));
    for expected in [
        "Survei Kepuasan Masyarakat (SKM)",
        "88,31 ke atas",
        "Tidak Baik",
        "Pengaduan yang belum selesai",
        "5,00 ke bawah",
        "makin rendah makin baik",
        "tertinggi, tinggi",
    ] {
        assert!(method.contains(expected), "methodology lacks {expected}");
    }
    assert!(
        !method.contains("Indeks Daya Saing Daerah"),
        "a rating no one has is not listed"
    );
}

#[test]
fn ratings_in_the_data_files() {
    let dir = rated_tree();
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let scores = json(&read(dir.path().join("public/2022/scores.json")));
    let a = scores["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "prov-a/dinas-a")
        .unwrap();
    assert_eq!(a["ratings"]["skm"]["value"], 65.0);
    assert_eq!(a["ratings"]["skm"]["band"], "C");
    assert_eq!(a["ratings"]["ombudsman-opini"]["value"], "sedang");
    assert_eq!(a["ratings"]["ombudsman-opini"]["band"], "Kuning");
    // Nothing existing changes meaning: the format's keys are all there.
    for key in [
        "id",
        "name",
        "group",
        "index",
        "band",
        "self_index",
        "nodes",
    ] {
        assert!(a.get(key).is_some(), "{key}");
    }
    let score = tolok_in(dir.path(), &["score", "content", "--format", "json"]);
    assert_eq!(
        json(&score.stdout),
        scores,
        "score --format json is the same document"
    );

    let csv = read(dir.path().join("public/2022/scores.csv"));
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = csv
        .lines()
        .find(|l| l.contains("prov-a/dinas-a"))
        .unwrap()
        .split(',')
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    assert_eq!(row[col("rating_skm")].parse::<f64>().unwrap(), 65.0);
    assert_eq!(row[col("rating_skm_band")], "C");
    assert_eq!(row[col("rating_ombudsman-opini")], "sedang");
    assert_eq!(header[..13].join(","), "period,id,name,group,cluster,index,band,self_index,self_band,indicators,answered,verified,not_applicable");

    let xlsx = std::fs::read(dir.path().join("public/2022/scores.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut workbook = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut workbook)
        .unwrap();
    assert!(workbook.contains("name=\"ratings\""), "{workbook}");
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/sharedStrings.xml").unwrap(),
        &mut strings,
    )
    .unwrap();
    for s in [
        "Perlu perhatian",
        "Sangat Inovatif",
        "https://indeks.example/iid",
        "2022-12-01",
    ] {
        assert!(strings.contains(s), "scores.xlsx lacks {s}");
    }
}

#[test]
fn a_bad_value_names_its_file_line_and_the_fix() {
    let dir = broken_tree(&[(
        "2022/prov-a/group.yaml",
        "name: Provinsi A\nratings:\n  iid: \"33,11\"\n  skn: \"80\"\n",
    )]);
    let err = expect_error(
        dir.path(),
        "2022/prov-a/group.yaml",
        Some(4),
        "`skn` is not a rating",
    );
    assert!(err.contains("did you mean `skm`?"), "{err}");

    let dir = broken_tree(&[(
        "2022/prov-a/dinas-a/agency.yaml",
        "name: Dinas A\npeer: prov-b/dinas-b\nratings:\n  skm: \"101\"\n",
    )]);
    expect_error(
        dir.path(),
        "2022/prov-a/dinas-a/agency.yaml",
        Some(4),
        "101 is outside the scale of Survei Kepuasan Masyarakat (25 to 100)",
    );

    let dir = broken_tree(&[(
        "2022/prov-a/dinas-a/agency.yaml",
        "name: Dinas A\nratings:\n  ombudsman-opini: bagus\n",
    )]);
    let err = expect_error(
        dir.path(),
        "2022/prov-a/dinas-a/agency.yaml",
        Some(3),
        "`bagus` is not a grade",
    );
    assert!(
        err.contains("tertinggi, tinggi, sedang, rendah, terendah"),
        "{err}"
    );

    let dir = broken_tree(&[(
        "2022/prov-a/group.yaml",
        "name: A\nratings:\n  iid: {value: 40, date: 2022-13-01, source: ftp://x}\n",
    )]);
    let err = expect_error(
        dir.path(),
        "2022/prov-a/group.yaml",
        Some(3),
        "the date `2022-13-01` of `iid` is not a date",
    );
    assert!(err.contains("not an http or https address"), "{err}");

    let dir = broken_tree(&[(
        "ratings/uji.yaml",
        "name: Uji\nscale: {range: [0, 100]}\nbands:\n  - {label: A, from: 50}\n  - {label: B, from: 80}\n  - {label: C}\n",
    )]);
    expect_error(
        dir.path(),
        "ratings/uji.yaml",
        Some(5),
        "bands are out of order",
    );
    expect_build_fails(dir.path(), "bands are out of order");
}

#[test]
fn a_tree_without_ratings_has_no_ratings_anywhere() {
    let dir = broken_tree(&[]);
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = dir.path().join("public/2022");
    for page in [
        "prov-a/index.html",
        "groups.html",
        "prov-a/dinas-a/index.html",
        "methodology.html",
    ] {
        let html = read(site.join(page));
        assert!(
            !html.contains("class=\"ratings\"") && !html.contains("penilaian-lain"),
            "{page}"
        );
    }
    assert!(!read(site.join("scores.json")).contains("\"ratings\""));
    assert!(!read(site.join("scores.csv")).contains("rating_"));
}

/// A v1 tree whose period folder is named `ratings` still loads it as a
/// period: the extension reads definitions only from a `ratings/` that is
/// not a period.
#[test]
fn a_v1_period_named_ratings_is_still_a_period() {
    let dir = broken_tree(&[]);
    let c = dir.path().join("content");
    std::fs::rename(c.join("2022"), c.join("ratings")).unwrap();
    let run = tolok_in(dir.path(), &["score", "content", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let scores = json(&run.stdout);
    assert_eq!(scores["period"], "ratings");
    assert_eq!(scores["agencies"].as_array().unwrap().len(), 2);
}

/// The sample's groups over the periods: Maluku Utara's published
/// innovation index, 33,11 in 2022 and 56,75 in 2023, as a line.
#[test]
fn the_sample_charts_a_rating_over_the_periods() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = tolok(&[
        "build",
        repo().join("content").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(out.join("2023/groups.html"));
    assert!(
        page.contains("Maluku Utara: Benchmarking 2022: Maluku Utara ke Banten 33,11, Evaluasi RB 2023: Maluku Utara 56,75</desc>"),
        "no chart of the innovation index"
    );
    // 2022 beside the benchmark: both provinces, ours first.
    let text = ratings_text(&read(out.join("2022/groups.html")));
    assert!(text.contains("Maluku Utara Banten"), "{text}");
    assert!(text.contains("IID 33,11 Kurang Inovatif"), "{text}");
}
