//! The built site: deterministic, self-contained (every link resolves, no
//! request leaves the site), localized, safe with hostile content, and
//! written only when complete.

mod common;
use common::*;

#[allow(dead_code)]
#[path = "../fuzz/harness.rs"]
mod harness;
use std::path::{Path, PathBuf};

fn build(content: &Path, out: &Path) -> Run {
    tolok(&[
        "build",
        content.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ])
}

fn build_sample(out: &Path) {
    let run = build(&repo().join("content"), out);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref())
        .unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// Values of `attr="..."` in an HTML text.
fn attributes<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| html[i + needle.len()..].split('"').next())
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn two_builds_of_the_sample_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build_sample(&a);
    build_sample(&b);
    let files = files_below(&a);
    assert_eq!(files, files_below(&b));
    assert!(files.len() > 20, "{files:?}");
    for f in files {
        assert!(
            std::fs::read(a.join(&f)).unwrap() == std::fs::read(b.join(&f)).unwrap(),
            "{f} differs between builds"
        );
    }
}

#[test]
fn every_internal_link_and_asset_resolves_and_nothing_loads_from_outside() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_sample(&out);
    let pages: Vec<String> = files_below(&out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.iter().any(|p| p == "index.html"));
    let mut checked = 0;
    for page in &pages {
        let html = read(out.join(page));
        let base: PathBuf = out.join(page).parent().unwrap().to_path_buf();
        // Resources (src, stylesheet links) must all be local.
        for src in attributes(&html, "src") {
            assert!(
                !src.contains("://") && !src.starts_with("//"),
                "{page} loads {src}"
            );
        }
        assert!(!html.contains("@import"), "{page} imports CSS");
        for href in attributes(&html, "href") {
            let href = href.replace("&#x2F;", "/").replace("&amp;", "&");
            let href = href.as_str();
            if href.starts_with("https://")
                || href.starts_with("http://")
                || href.starts_with("mailto:")
            {
                // Plain links out (evidence URLs) are allowed; they load nothing.
                continue;
            }
            assert!(
                !href.starts_with('/'),
                "{page}: absolute link {href} breaks under a sub-path and from a folder"
            );
            let target = href.split('#').next().unwrap();
            if target.is_empty() {
                continue;
            }
            let file = base.join(percent_decode(target));
            assert!(file.is_file(), "{page}: {href} does not resolve to a file");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    let css = read(out.join("_assets/style.css"));
    assert!(
        !css.contains("://"),
        "the stylesheet refers to something outside the site"
    );
}

#[test]
fn scores_json_of_the_build_matches_the_score_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_sample(&out);
    let run = tolok(&["score", "content", "--period", "2022", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(json(&read(out.join("2022/scores.json"))), json(&run.stdout));
    let csv = read(out.join("2022/scores.csv"));
    assert!(csv.starts_with("period,id,name"), "{csv}");
}

#[test]
fn sample_pages_show_scores_bands_charts_and_evidence() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_sample(&out);
    let scores = json(&read(out.join("2022/scores.json")));
    let agencies = scores["agencies"].as_array().unwrap();
    assert!(
        agencies.len() >= 12,
        "the sample has at least 6 agencies per province"
    );
    let period = read(out.join("2022/index.html"));
    for a in agencies {
        assert!(
            period.contains(&format!("{}/index.html", a["id"].as_str().unwrap())),
            "ranking misses {}",
            a["id"]
        );
    }
    assert!(period.contains("<svg"), "band chart missing");

    // The agency page's headline: index in Indonesian format and the band label in text.
    let a = agencies
        .iter()
        .find(|a| a["id"] == "maluku-utara/disnakertrans")
        .unwrap();
    let page = read(out.join("2022/maluku-utara/disnakertrans/index.html"));
    let shown = format!(
        "{:.2}",
        (a["index"].as_f64().unwrap() * 100.0).round() / 100.0
    )
    .replace('.', ",");
    assert!(
        page.contains(&shown),
        "index {shown} not on the agency page"
    );
    assert!(page.contains(&format!(">{}<", a["band"].as_str().unwrap())));
    assert_eq!(page.matches("<svg").count(), 2, "radar and bar chart");
    assert!(page.contains("<title>"), "charts carry a title");
    assert!(page.contains("_files/"), "attachments are linked");
    assert!(page.contains("Rencana aksi"));
    // Attachments are copied next to the page.
    let copied = files_below(&out.join("2022/maluku-utara/disnakertrans/_files"));
    assert!(!copied.is_empty());

    let methodology = read(out.join("2022/methodology.html"));
    assert!(
        methodology.contains("Manajemen Perubahan") && methodology.contains("Sangat Memuaskan")
    );
    assert!(out
        .join("2022/criterion-manajemen-perubahan.html")
        .is_file());
    let home = read(out.join("index.html"));
    assert!(home.contains("2022/index.html"));
}

fn minimal_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("minimal"), &dir.path().join("content"));
    dir
}

#[test]
fn english_labels_and_number_format() {
    let dir = minimal_copy();
    std::fs::write(
        dir.path().join("content/site.yaml"),
        "title: Minimal\nlanguage: en\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("content/2022/prov-a/dinas-a/evidence.yaml"),
        "answers:\n  i1: {answer: ya, evidence: [SK]}\n  i2: {answer: 72.5, evidence: [SK]}\n  i3: {answer: tidak, evidence: [SK]}\n",
    )
    .unwrap();
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(dir.path().join("public/2022/prov-a/dinas-a/index.html"));
    // index = 100 * (2 * (1 + 0.725)/2 + 1 * 0) / 3 = 57.5
    assert!(page.contains("57.50"), "English decimal point");
    assert!(page.contains("Action plan") && page.contains("lang=\"en\""));
    let period = read(dir.path().join("public/2022/index.html"));
    assert!(period.contains("29 August 2022"));
}

#[test]
fn indonesian_dates() {
    let dir = minimal_copy();
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let period = read(dir.path().join("public/2022/index.html"));
    assert!(period.contains("29 Agustus 2022"), "{period}");
    let agency = read(dir.path().join("public/2022/prov-a/dinas-a/index.html"));
    assert!(agency.contains("31 Maret 2022"));
}

#[test]
fn hostile_content_is_inert() {
    let dir = minimal_copy();
    let c = dir.path().join("content/2022/prov-a/dinas-a");
    std::fs::write(
        c.join("agency.yaml"),
        "name: \"Dinas <script>alert('n')</script> & \\\"Co\\\"\"\nshort: \"<b>X</b>\"\n",
    )
    .unwrap();
    std::fs::write(
        c.join("catatan.md"),
        "---\ntitle: \"<img src=x onerror=alert(1)>\"\n---\n<script>alert(2)</script>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n<style>body{display:none}</style>\n\n[klik](javascript:alert(3))\n\n![gambar](https://evil.example/x.png)\n\n<a href=\"#\" onclick=\"alert(4)\">a</a>\n",
    )
    .unwrap();
    std::fs::write(
        c.join("evidence.yaml"),
        "answers:\n  i1:\n    answer: ya\n    note: \"**tebal** <script>alert(5)</script>\"\n    evidence: [\"<i>SK</i> & co\"]\n",
    )
    .unwrap();
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Data files (JSON, CSV) carry names as they are; every page must not.
    for f in files_below(&dir.path().join("public"))
        .into_iter()
        .filter(|f| f.ends_with(".html"))
    {
        let mut text = read(dir.path().join("public").join(&f));
        if f == "search.html" {
            // The search page's own two scripts are the only ones in the site.
            for own in [
                "<script src=\"_assets/search-index.js\"></script>",
                "<script src=\"_assets/search.js\"></script>",
            ] {
                assert!(text.contains(own), "{own}");
                text = text.replace(own, "");
            }
        }
        for bad in [
            "<script",
            "<img src=x",
            "onclick=\"",
            "<iframe",
            "evil.example",
            "javascript:",
            "<b>X</b>",
            "<i>SK</i>",
        ] {
            assert!(!text.contains(bad), "{f} contains {bad}");
        }
        // The one <style> is the theme's paged-media rules in the head, with
        // names CSS-escaped; content adds none to the body.
        let (head, body) = text.split_once("</head>").unwrap_or(("", &text));
        assert!(!body.contains("<style"), "{f} has a <style> in its body");
        for css in head.split("<style>").skip(1) {
            let css = css.split("</style>").next().unwrap_or("");
            assert!(!css.contains('<'), "{f}: unescaped markup in {css}");
        }
    }
    let index = read(dir.path().join("public/_assets/search-index.js"));
    assert!(
        !index.contains('<'),
        "the search index escapes `<`: {index}"
    );
    assert!(index.contains("Dinas \\u003cscript"), "{index}");
    let page = read(dir.path().join("public/2022/prov-a/dinas-a/index.html"));
    assert!(
        page.contains("&lt;script&gt;"),
        "the name is escaped, not dropped"
    );
    assert!(
        page.contains("<strong>tebal</strong>"),
        "notes are Markdown"
    );
}

/// A name that breaks out of text, attributes and tags unless it is escaped.
const EVIL: &str = "Nama <b>x</b> & \"kutip\" 'satu' <script>alert(9)</script>";

/// Markdown with every way a narrative could run code, load from elsewhere or restyle.
const EVIL_MARKDOWN: &str = "<script>alert(1)</script>

<img src=\"https://evil.example/x.png\" onerror=\"alert(2)\"> ![r](https://evil.example/r.png) ![p](//evil.example/p.png)

[klik](javascript:alert(3)) [data](data:text/html;base64,PHNjcmlwdD4=) <a href=\"JaVaScRiPt:alert(4)\">a</a> <a href=\"java&#x09;script:alert(5)\">b</a>

<iframe src=\"https://evil.example\"></iframe> <object data=\"https://evil.example/o\"></object> <embed src=\"https://evil.example/e\">

<style>body{display:none}</style> <p style=\"background:url(https://evil.example/s.png)\" onclick=\"alert(6)\">p</p>

<form action=\"https://evil.example/f\"><input type=\"text\" name=\"q\"><button formaction=\"https://evil.example\">kirim</button></form>

<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\"> <base href=\"https://evil.example/\"> <link rel=\"stylesheet\" href=\"https://evil.example/c.css\">

<svg><script>alert(7)</script><a xlink:href=\"javascript:alert(8)\"><text>s</text></a></svg> <math><mi xlink:href=\"javascript:alert(10)\">m</mi></math>

<img src=\"data:image/svg+xml;base64,PHN2Zz4=\"> <video poster=\"https://evil.example/v.png\"></video> <details open ontoggle=\"alert(11)\">d</details>
";

fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

#[test]
fn hostile_names_and_narratives_are_inert_on_every_page() {
    let dir = minimal_copy();
    let content = dir.path().join("content");
    let q = quoted(EVIL);
    let write = |rel: &str, text: String| std::fs::write(content.join(rel), text).unwrap();
    write("site.yaml", format!("title: {q}\n"));
    write(
        "frameworks/fw.yaml",
        format!(
            "name: {q}\nscales:\n  yt: {{choice: {{ya: 1, tidak: 0}}}}\n  pct: {{range: [0, 100]}}\nbands:\n  - {{label: A, above: 80, name: {q}}}\n  - {{label: B, above: 50}}\n  - {{label: C}}\ncriteria:\n  - id: area\n    name: {q}\n    weight: 2\n    criteria:\n      - {{id: i1, text: {q}, guide: {q}, scale: yt}}\n      - {{id: i2, text: {q}, scale: pct}}\n  - id: lain\n    name: {q}\n    criteria:\n      - {{id: i3, text: {q}, scale: yt}}\n"
        ),
    );
    write(
        "2022/period.yaml",
        format!("name: {q}\nframework: fw\ndate: 2022-08-29\n"),
    );
    write("2022/prov-a/group.yaml", format!("name: {q}\n"));
    write(
        "2022/prov-a/dinas-a/agency.yaml",
        format!("name: {q}\nshort: {q}\ncluster: {q}\nhead: {q}\npeer: prov-b/dinas-b\n"),
    );
    write(
        "2022/prov-b/dinas-b/agency.yaml",
        format!("name: {q}\ncluster: {q}\n"),
    );
    write(
        "2022/prov-a/dinas-a/evidence.yaml",
        format!(
            "answers:\n  i1:\n    answer: ya\n    note: {}\n    evidence: [{q}, {{title: {q}, url: \"https://intranet.example/a?b=<c>&d='e'\"}}]\n  i2: {{answer: 70, evidence: [{q}]}}\nactions:\n  - {{id: ra-01, activity: {q}, target: {q}, criterion: area}}\n",
            quoted(EVIL_MARKDOWN)
        ),
    );
    let narrative = format!("---\ntitle: {q}\ncriterion: area\n---\n{EVIL_MARKDOWN}");
    write("2022/prov-a/dinas-a/catatan.md", narrative.clone());
    write("2022/prov-a/catatan.md", narrative.clone());
    write("2022/index.md", narrative);

    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = dir.path().join("public");
    let pages: Vec<String> = files_below(&out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    assert!(pages.len() >= 7, "{pages:?}");
    let escaped = "Nama &lt;b&gt;x&lt;/b&gt; &amp; &quot;kutip&quot; &#x27;satu&#x27;";
    for page in &pages {
        let html = without_theme_chrome(&read(out.join(page)));
        // The theme's own tags (charts, stylesheet, charset) are allowed; nothing else.
        if let Some(bad) = harness::hostile_markup(&html, &["svg", "link", "meta", "@style"]) {
            panic!("{page}: {bad}");
        }
        for raw in [
            "<b>x</b>",
            "<script",
            "evil.example",
            "javascript:",
            "ontoggle",
            "http-equiv",
            "<iframe",
            "<object",
            "<embed",
            "<form",
            "<base",
            "<math",
            "<video",
        ] {
            assert!(
                !html
                    .to_ascii_lowercase()
                    .contains(&raw.to_ascii_lowercase()),
                "{page} contains {raw}"
            );
        }
        assert!(
            html.contains(escaped) || html.contains(&escaped.replace("&#x2F;", "/")),
            "{page}: the names are escaped, not dropped"
        );
        // Charts carry the names as SVG text, escaped by the chart code.
        for svg in html.split("<svg").skip(1) {
            let svg = svg.split("</svg>").next().unwrap();
            assert!(
                !svg.contains("<b>") && !svg.contains("<script"),
                "{page}: raw name in a chart"
            );
        }
    }
    let agency = read(out.join("2022/prov-a/dinas-a/index.html"));
    assert_eq!(
        agency.matches("<svg").count(),
        2,
        "the two charts, and no svg from a narrative"
    );
    assert!(
        agency.contains("https://intranet.example/a?b=%3Cc%3E")
            || agency.contains("https://intranet.example/a?b=&lt;c&gt;"),
        "evidence URLs stay plain links"
    );
    // The JSON and CSV carry names as data, unescaped.
    let json = read(out.join("2022/scores.json"));
    assert!(json.contains("<script>alert(9)</script>"));
}

#[test]
fn a_theme_folder_overrides_the_default_file_by_file() {
    let dir = minimal_copy();
    let theme = dir.path().join("tema");
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::create_dir_all(theme.join("static")).unwrap();
    std::fs::write(
        theme.join("templates/home.html"),
        "{% extends \"base.html\" %}{% block content %}<p>BERANDA KHUSUS</p>{% endblock content %}",
    )
    .unwrap();
    std::fs::write(theme.join("static/logo.txt"), "logo").unwrap();
    let run = tolok_in(
        dir.path(),
        &["build", "content", "--out", "public", "--theme", "tema"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(dir.path().join("public/index.html")).contains("BERANDA KHUSUS"));
    assert!(
        read(dir.path().join("public/2022/index.html")).contains("Peringkat"),
        "other templates stay default"
    );
    assert!(dir.path().join("public/_assets/logo.txt").is_file());

    // The same through site.yaml's `theme:`, relative to it.
    std::fs::write(
        dir.path().join("content/site.yaml"),
        "title: Minimal\ntheme: ../tema\n",
    )
    .unwrap();
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(dir.path().join("public/index.html")).contains("BERANDA KHUSUS"));
}

#[test]
fn every_command_has_help() {
    for cmd in ["build", "check", "score", "init", "serve"] {
        let run = tolok(&[cmd, "--help"]);
        assert_eq!(run.code, 0);
        assert!(run.stdout.contains("Usage: tolok"), "{}", run.stdout);
    }
    assert_eq!(tolok(&["frobnicate"]).code, 2);
}

/// The payload of `window.TOLOK_SEARCH = {...};`, parsed as JSON.
fn search_index(site: &Path) -> serde_json::Value {
    let js = read(site.join("_assets/search-index.js"));
    let payload = js
        .strip_prefix("window.TOLOK_SEARCH = ")
        .and_then(|s| s.strip_suffix(";\n"))
        .unwrap_or_else(|| panic!("not an assignment: {}", &js[..80.min(js.len())]));
    json(payload)
}

#[test]
fn search_index_and_page_work_offline() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build_sample(&out);
    let index = search_index(&out);
    let entries = index["entries"].as_array().unwrap();
    let has = |kind: &str, needle: &str| {
        entries
            .iter()
            .any(|e| e["k"] == kind && e["t"].as_str().unwrap().contains(needle))
    };
    assert!(
        has("a", "Dinas Tenaga Kerja dan Transmigrasi"),
        "an agency name"
    );
    assert!(
        has("i", "Apakah telah dibentuk Tim Pelaksana RB"),
        "a question"
    );
    assert!(has("c", "Manajemen Perubahan"), "a criterion");
    assert!(has("n", "Catatan visitasi"), "a narrative title");
    for e in entries {
        // Every entry links to a page of the site (anchors aside).
        let url = e["u"].as_str().unwrap();
        let file = url.split('#').next().unwrap();
        assert!(out.join(percent_decode(file)).is_file(), "{url}");
        if let Some(anchor) = url.split('#').nth(1) {
            let page = read(out.join(file));
            assert!(page.contains(&format!("id=\"{anchor}\"")), "{url}");
        }
    }
    let narrative = entries.iter().find(|e| e["k"] == "n").unwrap();
    assert!(narrative["x"].as_str().unwrap().len() > 20, "an excerpt");
    let size = std::fs::metadata(out.join("_assets/search-index.js"))
        .unwrap()
        .len();
    assert!(size < 200_000, "the sample's index is small: {size} bytes");

    let page = read(out.join("search.html"));
    assert!(page.contains("<noscript>"), "says it needs JavaScript");
    assert!(page.contains("id=\"search-q\""));
    let script = read(out.join("_assets/search.js"));
    assert!(script.contains("textContent") && !script.contains("innerHTML"));
    for text in [&page, &script] {
        assert!(!text.contains("fetch(") && !text.contains("XMLHttpRequest"));
        assert!(!text.contains("://"), "nothing from outside");
    }
    // Every page has the search form in its header, pointing to search.html.
    let agency = read(out.join("2022/maluku-utara/disnakertrans/index.html"));
    assert!(
        agency.contains("action=\"../../../search.html\""),
        "header form"
    );
    // Other pages carry no script at all.
    assert!(!agency.contains("<script"));
}

#[test]
fn a_build_in_a_pipe_prints_one_summary_line_and_no_progress_bar() {
    let dir = tempfile::tempdir().unwrap();
    let run = build(&repo().join("content"), &dir.path().join("public"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains('\r'), "no progress bar in a pipe");
    assert!(!run.stderr.contains("\x1b["), "no terminal codes in a pipe");
    let summary: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("built "))
        .collect();
    assert_eq!(summary.len(), 1, "{}", run.stderr);
    let line = summary[0];
    for part in ["2 period(s)", "23 agencies", "pages", " s; ", "warning(s)"] {
        assert!(line.contains(part), "{line} lacks {part}");
    }
}

/// A page without the theme's own head `<style>` (the print margin boxes,
/// whose names must be escaped: checked here) and its own local scripts
/// (search), so that what is left is what content could have put there.
fn without_theme_chrome(html: &str) -> String {
    let mut page = html.to_string();
    if let (Some(start), Some(head_end)) = (page.find("<style>"), page.find("</head>")) {
        if start < head_end {
            let end =
                start + page[start..].find("</style>").expect("style closed") + "</style>".len();
            let css = &page[start + "<style>".len()..end - "</style>".len()];
            assert!(!css.contains('<'), "markup in the theme's style: {css}");
            page.replace_range(start..end, "");
        }
    }
    // The theme's search forms, pointing at the site's own search page.
    for form in ["<form class=\"site-search\"", "<form id=\"search-form\""] {
        if let Some(start) = page.find(form) {
            let end = start + page[start..].find("</form>").expect("form closed") + "</form>".len();
            assert!(
                page[start..end].contains("search.html"),
                "a search form leaves the site"
            );
            page.replace_range(start..end, "");
        }
    }
    for script in ["_assets/search-index.js", "_assets/search.js"] {
        while let Some(at) = page.find(script) {
            let start = page[..at].rfind("<script").expect("script tag");
            let end = at + page[at..].find("</script>").expect("script closed") + "</script>".len();
            page.replace_range(start..end, "");
        }
    }
    page
}
