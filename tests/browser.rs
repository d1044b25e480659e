//! The built site in a real headless Chromium or Chrome: pages render with
//! no console message and no request outside the site; an agency's report
//! prints to a PDF of a few pages with the right figures; a book's contents
//! carry page numbers. Skipped, with a notice, when no browser is installed
//! (CI installs chromium and poppler-utils).

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The browser `tolok pdf` would use: TOLOK_BROWSER, else one of its names on PATH.
fn browser() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TOLOK_BROWSER").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
        "chrome",
    ]
    .iter()
    .flat_map(|n| std::env::split_paths(&path).map(move |d| d.join(n)))
    .find(|p| p.is_file())
}

fn skip(what: &str) -> bool {
    eprintln!("skipped: {what} (install chromium and poppler-utils to run this test)");
    true
}

fn has(program: &str) -> bool {
    Command::new(program)
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

fn build_sample(out: &Path) {
    let run = tolok(&["build", "content", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// What one page did in the browser.
struct Load {
    dom: String,
    console: Vec<String>,
    outside: Vec<String>,
}

/// Loads `page` with `--dump-dom`, outside hosts unresolvable, console to
/// stderr and a network log; returns the DOM, console lines and any URL a
/// page (not the browser itself) asked the network for.
fn load(browser: &Path, page: &Path, work: &Path) -> Load {
    let profile = work.join("profile");
    let netlog = work.join("net.json");
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--log-net-log={}", netlog.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdout(std::fs::File::create(work.join("dom")).unwrap())
        .stderr(std::fs::File::create(work.join("log")).unwrap())
        .spawn()
        .expect("the browser starts");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{} did not load within 60 s", page.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let dom = std::fs::read_to_string(work.join("dom")).unwrap_or_default();
    let log = std::fs::read_to_string(work.join("log")).unwrap_or_default();
    let console = log
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    // Requests made for a file:// page carry a file:// isolation key; the
    // browser's own background requests do not.
    let mut outside = Vec::new();
    if let Ok(text) = std::fs::read_to_string(&netlog) {
        if let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) {
            for e in json["events"].as_array().into_iter().flatten() {
                let p = &e["params"];
                let key = p["network_isolation_key"].as_str().unwrap_or("");
                if let (true, Some(url)) = (key.contains("file://"), p["url"].as_str()) {
                    outside.push(url.to_string());
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&profile);
    Load {
        dom,
        console,
        outside,
    }
}

/// One page of every kind, and ten agency pages spread over the list.
fn sample_pages(site: &Path) -> Vec<String> {
    let all: Vec<String> = files_below(site)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .collect();
    let agencies: Vec<&String> = all
        .iter()
        .filter(|f| f.matches('/').count() >= 2 && f.ends_with("/index.html"))
        .filter(|f| {
            let dir = f.trim_end_matches("/index.html");
            site.join(dir).join("report.html").is_file()
        })
        .collect();
    let mut pick: Vec<String> = Vec::new();
    let mut kinds = std::collections::BTreeSet::new();
    for f in &all {
        let kind = if agencies.contains(&f) {
            "agency".to_string()
        } else if f == "index.html" {
            "home".to_string()
        } else {
            let name = f.rsplit('/').next().unwrap();
            let depth = f.matches('/').count();
            format!("{}-{depth}", name.split('-').next().unwrap())
        };
        if kind != "agency" && kinds.insert(kind) {
            pick.push(f.clone());
        }
    }
    let step = (agencies.len() / 10).max(1);
    pick.extend(
        agencies
            .iter()
            .step_by(step)
            .take(10)
            .map(|s| s.to_string()),
    );
    pick
}

#[test]
fn pages_render_with_no_console_message_and_no_request_outside() {
    let Some(browser) = browser() else {
        assert!(skip("no Chromium or Chrome found"));
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    build_sample(&site);
    let pages = sample_pages(&site);
    assert!(pages.len() >= 20, "{pages:?}");
    for kind in [
        "index.html",
        "2022/book.html",
        "2022/banten/book.html",
        "2022/methodology.html",
    ] {
        assert!(
            pages.iter().any(|p| p == kind),
            "{kind} not sampled: {pages:?}"
        );
    }
    assert!(
        pages.iter().any(|p| p.ends_with("/report.html")),
        "{pages:?}"
    );
    let started = Instant::now();
    // Two browsers at a time.
    let chunks: Vec<Vec<String>> = pages
        .chunks(pages.len().div_ceil(2))
        .map(<[String]>::to_vec)
        .collect();
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .iter()
            .enumerate()
            .map(|(n, list)| {
                let (browser, site, dir) = (&browser, &site, dir.path());
                s.spawn(move || {
                    let work = dir.join(format!("work-{n}"));
                    std::fs::create_dir_all(&work).unwrap();
                    let mut bad = Vec::new();
                    for page in list {
                        let l = load(browser, &site.join(page), &work);
                        if !(l.dom.contains("<main") && l.dom.contains("</h1>")) {
                            bad.push(format!("{page}: did not render: {:.200}", l.dom));
                        }
                        if !l.console.is_empty() {
                            bad.push(format!("{page}: console: {:?}", l.console));
                        }
                        if !l.outside.is_empty() {
                            bad.push(format!("{page}: requests outside: {:?}", l.outside));
                        }
                    }
                    bad
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(failures.is_empty(), "{failures:#?}");
    eprintln!(
        "{} pages loaded in {:.1} s",
        pages.len(),
        started.elapsed().as_secs_f64()
    );
}

/// The check above can fail: a page that asks for an outside image is caught.
#[test]
fn an_outside_request_would_be_caught() {
    let Some(browser) = browser() else {
        assert!(skip("no Chromium or Chrome found"));
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><main><h1>x</h1><img src=\"https://example.org/x.png\"></main>",
    )
    .unwrap();
    let l = load(&browser, &page, dir.path());
    assert!(l.dom.contains("<h1>x</h1>"), "{}", l.dom);
    assert!(
        l.outside.iter().any(|u| u.contains("example.org")),
        "{:?}",
        l.outside
    );
}

fn pdf_text(pdf: &Path, args: &[&str]) -> String {
    let out = Command::new("pdftotext")
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pdf_pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0)
}

#[test]
fn an_agency_report_prints_to_a_few_pages_with_its_figures() {
    let Some(browser) = browser() else {
        assert!(skip("no Chromium or Chrome found"));
        return;
    };
    if !has("pdftotext") || !has("pdfinfo") {
        assert!(skip("pdftotext or pdfinfo missing"));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pdf");
    let started = Instant::now();
    let run = tolok(&[
        "pdf",
        "content",
        "--period",
        "2022",
        "--agency",
        "maluku-utara/disnakertrans",
        "--browser",
        browser.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = out.join("2022-maluku-utara-disnakertrans.pdf");
    assert!(pdf.is_file(), "{:?}", files_below(&out));
    // Measured: 3 pages (header, scores, findings; actions; evidence).
    let pages = pdf_pages(&pdf);
    assert!((2..=5).contains(&pages), "{pages} pages");
    let text = pdf_text(&pdf, &[]);
    for expected in [
        "Dinas Tenaga Kerja dan Transmigrasi",
        "Benchmarking 2022: Maluku Utara ke Banten",
        "46,00",
        "Kurang",
        "Jalan ke predikat berikutnya",
        "Rencana aksi",
        "Daftar data dukung",
        &format!("Halaman 1 / {pages}"),
        "Pemerintah Provinsi Maluku Utara · Dinas Tenaga Kerja dan Transmigrasi",
    ] {
        assert!(text.contains(expected), "`{expected}` missing in:\n{text}");
    }
    // Page 1 is the comparison a Sekda reads: rank in the group, the peer,
    // its index and the gap (46,00 - 76,51 = -30,51), the criteria furthest
    // behind, and that this is the agency's first period.
    let first: String = pdf_text(&pdf, &["-f", "1", "-l", "1"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for expected in [
        "5 dari 7, Pemerintah Provinsi Maluku Utara",
        "Dinas Tenaga Kerja dan Transmigrasi (Pemerintah Provinsi Banten)",
        "76,51",
        "-30,51 · tertinggal 30,51 poin",
        "Kriteria dengan selisih terbesar terhadap mitra",
        "Penataan Sistem Manajemen SDM Aparatur 5,08 11,98 +6,90",
        "Periode pertama",
        "Indeks (jumlah komponen) 46,00 100",
    ] {
        assert!(
            first.contains(expected),
            "page 1 lacks `{expected}`:\n{first}"
        );
    }
    assert!(!first.contains("mp-"), "no indicator ids in print: {first}");
    // The headline's label is upper-cased by the stylesheet.
    assert!(text.to_lowercase().contains("indeks rb"), "{text}");
    // The band's label stands in text beside its colour.
    assert!(text.lines().any(|l| l.trim() == "C"), "{text}");
    eprintln!("report printed in {:.1} s", started.elapsed().as_secs_f64());
}

#[test]
fn the_next_report_says_what_changed_on_page_one() {
    let Some(browser) = browser() else {
        assert!(skip("no Chromium or Chrome found"));
        return;
    };
    if !has("pdftotext") {
        assert!(skip("pdftotext missing"));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pdf");
    let run = tolok(&[
        "pdf",
        "content",
        "--period",
        "2023",
        "--agency",
        "maluku-utara/disnakertrans",
        "--browser",
        browser.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = out.join("2023-maluku-utara-disnakertrans.pdf");
    let first: String = pdf_text(&pdf, &["-f", "1", "-l", "1"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // 46,00 in 2022, 56,97 in 2023: +10,97, band C -> CC, fifth of its group both times.
    for expected in ["56,97", "+10,97", "46,00 → 56,97", "C → CC", "5 → 5 dari 8"] {
        assert!(
            first.contains(expected),
            "page 1 lacks `{expected}`:\n{first}"
        );
    }
}

#[test]
fn a_book_has_page_numbers_in_its_contents() {
    let Some(browser) = browser() else {
        assert!(skip("no Chromium or Chrome found"));
        return;
    };
    if !has("pdftotext") || !has("pdfinfo") {
        assert!(skip("pdftotext or pdfinfo missing"));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pdf");
    let run = tolok(&[
        "pdf",
        "content",
        "--period",
        "2022",
        "--group",
        "banten",
        "--browser",
        browser.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let book = out.join("2022-banten-book.pdf");
    let pages = pdf_pages(&book);
    // Cover, contents, ranking, then seven reports of a few pages each.
    assert!((3 + 7 * 2..=3 + 7 * 5).contains(&pages), "{pages} pages");
    // The contents (page 2): the ranking on page 3, the first report on page 4.
    let toc = pdf_text(&book, &["-layout", "-f", "2", "-l", "2"]);
    let line = |label: &str| {
        toc.lines()
            .find(|l| l.contains(label))
            .unwrap_or_else(|| panic!("`{label}` not in the contents:\n{toc}"))
            .split_whitespace()
            .last()
            .and_then(|n| n.parse::<usize>().ok())
    };
    assert_eq!(line("Peringkat perangkat daerah"), Some(3), "{toc}");
    assert_eq!(line("Biro Organisasi"), Some(4), "{toc}");
    // Each listed page is where that report starts.
    let last = line("Dinas Perhubungan").expect("a page number");
    let page = pdf_text(&book, &["-f", &last.to_string(), "-l", &last.to_string()]);
    assert!(page.contains("Dinas Perhubungan"), "{page}");
    assert!(page.contains("Laporan ·"), "{page}");
}
