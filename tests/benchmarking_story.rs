//! The benchmarking story as the sample's readers see it: figures per side
//! (Maluku Utara beside its benchmark Banten, never mixed), one rank said
//! the same way on every page, the comparison an agency page opens with,
//! agencies that have not answered left out of every figure, and per-area
//! tables that add up to the index. Expected figures are worked out from
//! `scores.json` (the format's own numbers) next to each assertion.

mod common;
use common::*;

use serde_json::Value;
use std::path::{Path, PathBuf};

fn sample_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let run = tolok(&["build", "content", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (dir, out)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The page's text: tags dropped, entities of the site decoded, spaces collapsed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
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
    let out = out
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn agencies(site: &Path, period: &str) -> Vec<Value> {
    json(&read(&site.join(period).join("scores.json")))["agencies"]
        .as_array()
        .unwrap()
        .clone()
}

fn index_of(list: &[Value], id: &str) -> f64 {
    list.iter().find(|a| a["id"] == id).unwrap()["index"]
        .as_f64()
        .unwrap()
}

/// A number as the site shows it: two decimals, a decimal comma.
fn shown(x: f64) -> String {
    format!("{:.2}", (x * 100.0).round() / 100.0).replace('.', ",")
}

/// The mean index of the agencies of `group` that have answered.
fn side_mean(list: &[Value], group: &str) -> f64 {
    let xs: Vec<f64> = list
        .iter()
        .filter(|a| a["id"].as_str().unwrap().starts_with(&format!("{group}/")))
        .filter(|a| a["answered"].as_u64().unwrap() > 0)
        .map(|a| a["index"].as_f64().unwrap())
        .collect();
    xs.iter().sum::<f64>() / xs.len() as f64
}

#[test]
fn the_home_page_and_the_book_give_each_side_its_own_figures() {
    let (_dir, site) = sample_site();
    let list = agencies(&site, "2022");
    // Seven agencies a side: Maluku Utara 51,61 (CC, above 50), Banten 81,74 (A, above 80).
    let (ours, theirs) = (side_mean(&list, "maluku-utara"), side_mean(&list, "banten"));
    assert_eq!(
        (shown(ours), shown(theirs)),
        ("51,61".into(), "81,74".into())
    );
    let both = list
        .iter()
        .map(|a| a["index"].as_f64().unwrap())
        .sum::<f64>()
        / list.len() as f64;
    assert_eq!(
        shown(both),
        "66,68",
        "the mixed mean the pages must not show"
    );

    let home = text(&read(&site.join("index.html")));
    let book = text(&read(&site.join("2022/book.html")));
    for (page, name) in [(&home, "home page"), (&book, "book cover")] {
        assert!(
            page.contains(
                "Pemerintah Provinsi Maluku Utara Perangkat daerah 7 Rata-rata indeks 51,61 CC"
            ),
            "{name}: {page}"
        );
        assert!(
            page.contains(
                "Pemerintah Provinsi Banten pembanding Perangkat daerah 7 Rata-rata indeks 81,74 A"
            ),
            "{name}: {page}"
        );
        assert!(!page.contains("66,68"), "{name} mixes the sides");
        // Ours first.
        assert!(
            page.find("51,61").unwrap() < page.find("81,74").unwrap(),
            "{name}"
        );
        // 51,61 - 81,74 = -30,13.
        assert!(
            page.contains(
                "Selisih rata-rata indeks: -30,13 poin terhadap Pemerintah Provinsi Banten"
            ),
            "{name}"
        );
    }
    // "Indeks tertinggi" per side: the home side's best is its own Bappeda, not Banten's Biro.
    let card = &home[home.find("Benchmarking 2022").unwrap()..];
    let ours_top = &card[card.find("Indeks tertinggi").unwrap()..];
    assert!(
        ours_top.starts_with("Indeks tertinggi Badan Perencanaan Pembangunan Daerah 68,13 B"),
        "{ours_top}"
    );
    // A period without a benchmark partner has one side, without a heading.
    let card_2023 =
        &home[home.find("Evaluasi RB 2023").unwrap()..home.find("Benchmarking 2022").unwrap()];
    assert!(
        !card_2023.contains("pembanding") && !card_2023.contains("Selisih rata-rata"),
        "{card_2023}"
    );
}

#[test]
fn an_agency_is_ranked_in_its_own_group_on_its_page_report_and_group_book() {
    let (_dir, site) = sample_site();
    let list = agencies(&site, "2022");
    // Disnakertrans of Maluku Utara: 46,00, behind Bappeda, Inspektorat, BKD and Dinkes of Maluku Utara.
    let own = index_of(&list, "maluku-utara/disnakertrans");
    let ahead = list
        .iter()
        .filter(|a| a["id"].as_str().unwrap().starts_with("maluku-utara/"))
        .filter(|a| a["index"].as_f64().unwrap() > own)
        .count();
    let rank = format!("{} dari 7, Pemerintah Provinsi Maluku Utara", ahead + 1);
    assert_eq!(rank, "5 dari 7, Pemerintah Provinsi Maluku Utara");
    for rel in [
        "2022/maluku-utara/disnakertrans/index.html",
        "2022/maluku-utara/disnakertrans/report.html",
    ] {
        let t = text(&read(&site.join(rel)));
        assert!(t.contains(&format!("Peringkat: {rank}")), "{rel}: {t}");
        // Across both sides, as a second figure, labelled.
        assert!(t.contains("12 dari 14 di seluruh periode"), "{rel}");
    }
    // The group book ranks the same agencies 1 to 7, and its report says 5 of 7.
    let book = read(&site.join("2022/maluku-utara/book.html"));
    let ranking =
        &book[book.find("class=\"book-ranking\"").unwrap()..book.find("<!--tolok:report").unwrap()];
    let t = text(ranking);
    assert!(
        t.contains("5 Dinas Tenaga Kerja dan Transmigrasi 46,00"),
        "{t}"
    );
    assert!(
        !t.contains(" 12 "),
        "no rank across both sides in the group's ranking: {t}"
    );
    assert!(text(&book).contains(&format!("Peringkat: {rank}")));
    // The period's book: one table per group, each ranked from 1, ours first.
    let book = text(&read(&site.join("2022/book.html")));
    let tables = &book[book
        .find("Peringkat perangkat daerah Pemerintah Provinsi Maluku Utara")
        .expect("a table per group")..];
    assert!(
        tables.contains("Pemerintah Provinsi Banten (pembanding) 7 perangkat daerah dinilai"),
        "{tables}"
    );
    // Contents lines carry the group: each province has its own Dinas Kesehatan.
    assert!(book.contains("Dinas Kesehatan (Pemerintah Provinsi Banten)"));
    assert!(book.contains("Dinas Kesehatan (Pemerintah Provinsi Maluku Utara)"));
}

#[test]
fn the_agency_page_opens_with_its_peer_the_gap_and_the_change() {
    let (_dir, site) = sample_site();
    let y22 = agencies(&site, "2022");
    let y23 = agencies(&site, "2023");
    let own = index_of(&y22, "maluku-utara/disnakertrans");
    let peer = index_of(&y22, "banten/disnakertrans");
    // 46,00 - 76,51 = -30,51.
    assert_eq!((shown(own), shown(peer)), ("46,00".into(), "76,51".into()));
    assert_eq!(shown(own - peer), "-30,51");
    let page = text(&read(
        &site.join("2022/maluku-utara/disnakertrans/index.html"),
    ));
    let opening = &page[page.find("Indeks RB 46,00").expect("the comparison")
        ..page.find("Nilai per area").unwrap()];
    assert!(
        opening.contains("76,51 BB -30,51 · tertinggal 30,51 poin"),
        "{opening}"
    );
    assert!(opening.contains("Periode pertama"), "{opening}");
    // The three criteria where the peer is furthest ahead: SDM 11,98 - 5,08 = +6,90 first.
    assert!(
        opening.contains("Penataan Sistem Manajemen SDM Aparatur 5,08 11,98 +6,90"),
        "{opening}"
    );
    assert_eq!(
        opening.matches(" +").count(),
        3,
        "three criteria: {opening}"
    );
    // 2023: 46,00 -> 56,97 is +10,97 (the difference of the rounded figures), C -> CC.
    let now = index_of(&y23, "maluku-utara/disnakertrans");
    assert_eq!(shown(now), "56,97");
    let page = text(&read(
        &site.join("2023/maluku-utara/disnakertrans/index.html"),
    ));
    assert!(page.contains("Sejak Benchmarking 2022: Maluku Utara ke Banten +10,97 Indeks RB 46,00 → 56,97 Predikat C → CC"), "{page}");
    assert!(page.contains("Tidak ada mitra pembanding yang ditetapkan."));
}

#[test]
fn an_agency_that_has_not_answered_is_in_no_figure() {
    let (_dir, site) = sample_site();
    let list = agencies(&site, "2023");
    // The Sekretariat DPRD has no answer: its index is 0 in scores.json (the
    // format's rule), but it is unranked and in none of the pages' figures.
    let setwan = list
        .iter()
        .find(|a| a["id"] == "maluku-utara/setwan")
        .unwrap();
    assert_eq!(setwan["answered"], 0);
    assert_eq!(setwan["index"].as_f64(), Some(0.0));
    let answered: Vec<f64> = list
        .iter()
        .filter(|a| a["answered"].as_u64().unwrap() > 0)
        .map(|a| a["index"].as_f64().unwrap())
        .collect();
    assert_eq!(answered.len(), 8);
    let mean = shown(answered.iter().sum::<f64>() / 8.0);
    let with_zero = shown(answered.iter().sum::<f64>() / 9.0);
    assert_ne!(mean, with_zero);
    let lowest = answered.iter().cloned().fold(f64::MAX, f64::min);

    let period = text(&read(&site.join("2023/index.html")));
    assert!(
        period.contains(&format!(
            "Perangkat daerah 8 + 1 belum mengisi Rata-rata indeks {mean}"
        )),
        "{period}"
    );
    assert!(
        period.contains(&format!("Terendah – tertinggi {} –", shown(lowest))),
        "{period}"
    );
    assert!(
        !period.contains(&with_zero) && !period.contains("0,00 –"),
        "{period}"
    );
    assert!(
        period.contains("8 perangkat daerah dinilai; 1 belum mengisi"),
        "{period}"
    );
    assert!(
        period.contains("– Sekretariat Dewan Perwakilan Rakyat Daerah belum mengisi"),
        "{period}"
    );
    // Band counts: nobody in D.
    assert!(period.contains("Sangat Kurang 0"), "{period}");
    let home = text(&read(&site.join("index.html")));
    assert!(home.contains(&format!(
        "Perangkat daerah 8 + 1 belum mengisi Rata-rata indeks {mean}"
    )));
    let groups = text(&read(&site.join("2023/groups.html")));
    assert!(
        groups.contains("Perangkat daerah 8 + 1 belum mengisi"),
        "{groups}"
    );
    // Its own page says so instead of an index of 0,00 in band D.
    let page = text(&read(&site.join("2023/maluku-utara/setwan/index.html")));
    assert!(
        page.contains("Indeks RB belum mengisi (0 dari 80 indikator dijawab)"),
        "{page}"
    );
    assert!(!page.contains("Sangat Kurang"));
}

/// Every per-area table of an agency page adds up: the parts of each
/// component to the component, the components to the index shown.
#[test]
fn per_area_rows_add_up_to_the_index_on_every_agency_page() {
    let (_dir, site) = sample_site();
    let cents = |s: &str| -> i64 {
        s.trim()
            .replace(['.', ','], "")
            .parse()
            .unwrap_or_else(|_| panic!("`{s}`"))
    };
    let mut checked = 0;
    for period in ["2022", "2023"] {
        for a in agencies(&site, period) {
            if a["answered"].as_u64().unwrap() == 0 {
                continue;
            }
            let id = a["id"].as_str().unwrap();
            let html = read(&site.join(period).join(id).join("index.html"));
            let table = &html[html.find("<h2 id=\"area\">").unwrap()..];
            let table = &table[..table.find("</table>").unwrap()];
            let mut components: Vec<i64> = Vec::new();
            let mut parts: Vec<i64> = Vec::new();
            // The parts below the last component add up to it (a cent per part for rounding).
            let close = |parts: &[i64], component: Option<&i64>| {
                if let (Some(c), false) = (component, parts.is_empty()) {
                    let sum: i64 = parts.iter().sum();
                    assert!(
                        (sum - c).abs() <= parts.len() as i64,
                        "{period}/{id}: parts {sum} vs {c}"
                    );
                }
            };
            for row in table.split("<tr class=\"").skip(1) {
                let cells: Vec<&str> = row.split("<td class=\"num strong\">").collect();
                let score = cells[1].split('<').next().unwrap();
                if row.starts_with("part-0") {
                    close(&parts, components.last());
                    components.push(cents(score));
                    parts.clear();
                } else if row.starts_with("part-1") {
                    parts.push(cents(score));
                } else if row.starts_with("total") {
                    close(&parts, components.last());
                    let total = cents(score);
                    let sum: i64 = components.iter().sum();
                    assert!(
                        (sum - total).abs() <= components.len() as i64,
                        "{period}/{id}: {sum} vs {total}"
                    );
                    let index = (a["index"].as_f64().unwrap() * 100.0).round() as i64;
                    assert_eq!(total, index, "{period}/{id}: the total is the index");
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 22, "every agency that has answered");
}
