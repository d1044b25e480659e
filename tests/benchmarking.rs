//! Benchmarking pages on `tests/fixtures/bench` (figures in the fixture's
//! comments): peer comparison, group comparison, clusters, trends and rank
//! movements, self-assessment against verification, checklist, action plan,
//! the path to the next band and recommendations.

mod common;
use common::*;
use std::path::Path;
use std::sync::OnceLock;

/// The fixture is built once for all tests of this file.
fn site() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let run = tolok(&[
            "build",
            fixture("bench").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        dir
    })
    .path()
}

fn page(rel: &str) -> String {
    let path = site().join("public").join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The HTML of the table row that links to `href`.
fn row<'a>(html: &'a str, href: &str) -> &'a str {
    let at = html
        .find(&format!("href=\"{href}\""))
        .unwrap_or_else(|| panic!("no link to {href}"));
    let start = html[..at].rfind("<tr").unwrap();
    let end = at + html[at..].find("</tr>").unwrap();
    &html[start..end]
}

/// Text without tags, whitespace folded.
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
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn peer_page_shows_gaps_largest_first_and_what_the_peer_has() {
    let html = page("2022/prov-a/dinas-a/peer.html");
    let t = text(&html);
    // Gaps: lain 1 - 0 = +1,00 before area 2 - 1,5 = +0,50.
    let lain = t
        .find("Area lain 0,00 1,00 1 +1,00")
        .unwrap_or_else(|| panic!("{t}"));
    let area = t
        .find("Area utama 1,50 2,00 2 +0,50")
        .unwrap_or_else(|| panic!("{t}"));
    assert!(lain < area);
    // What they have that we do not: i2 (0,50 vs 1,00) and i3 (0 vs 1), with their evidence and note.
    assert!(t.contains("Dua? i2"), "{t}");
    assert!(t.contains("Tiga? i3"), "{t}");
    assert!(html.contains("https://dinas-b.example/laporan"));
    assert!(t.contains("Laporan lengkap setiap triwulan."));
    assert!(!t.contains("Satu? i1"), "both answered ya: not a gap");
    // The visit note tied to the peer.
    assert!(t.contains("Catatan visitasi ke Dinas B"));
    assert_eq!(
        html.matches("<svg").count(),
        1,
        "one radar with both agencies"
    );
    assert!(html.contains("<polygon") && html.matches("<polygon").count() >= 2);
}

#[test]
fn without_a_peer_the_cluster_mates_of_other_groups_are_the_peers() {
    // Dinas C has no peer: compared with Dinas B (cluster umum, other group).
    let t = text(&page("2022/prov-a/dinas-c/peer.html"));
    assert!(t.contains("Dinas B"), "{t}");
    // Dinas B's cluster mates in other groups: C (60) before A (50).
    let t = text(&page("2022/prov-b/dinas-b/peer.html"));
    let c = t.find("Dinas C").unwrap();
    let a = t.find("Dinas A").unwrap();
    assert!(c < a, "{t}");
}

#[test]
fn rank_movements_since_the_previous_period() {
    let html = page("2023/index.html");
    // 2022 among the agencies ranked in 2023 too (A, C; B is not in 2023): C 1, A 2.
    // 2023: A 1 (up 1), D 2 (new), C 3 (down 2).
    assert!(row(&html, "../2023/prov-a/dinas-a/index.html").contains("▲ 1"));
    assert!(row(&html, "../2023/prov-a/dinas-c/index.html").contains("▼ 2"));
    assert!(text(row(&html, "../2023/prov-a/dinas-d/index.html")).contains("baru"));
    // The same in the group's ranking.
    let group = page("2023/prov-a/index.html");
    assert!(row(&group, "../../2023/prov-a/dinas-a/index.html").contains("▲ 1"));
    assert!(row(&group, "../../2023/prov-a/dinas-c/index.html").contains("▼ 2"));
    // Band changes are named: A went C -> A, C went B -> C.
    assert!(text(row(&html, "../2023/prov-a/dinas-a/index.html")).contains("(C → A)"));
    assert!(text(row(&html, "../2023/prov-a/dinas-c/index.html")).contains("(B → C)"));
    // The criterion ranking moves too: Area lain 2022 (A, C): C 1.00 first, A 0 second;
    // 2023: A 1.00 and D 1.00 share rank 1, C 0 is 3rd.
    let criterion = page("2023/criterion-lain.html");
    assert!(row(&criterion, "../2023/prov-a/dinas-a/index.html").contains("▲ 1"));
    assert!(row(&criterion, "../2023/prov-a/dinas-c/index.html").contains("▼ 2"));
    // The first period has nothing to compare with.
    assert!(!page("2022/index.html").contains("▲"));
}

#[test]
fn trend_on_the_agency_page() {
    let t = text(&page("2023/prov-a/dinas-a/index.html"));
    // 50,00 -> 96,67: +46,67, band C -> A.
    assert!(t.contains("+46,67"), "{t}");
    assert!(t.contains("C → A"), "{t}");
    assert!(t.contains("Periode 2022") && t.contains("Periode 2023"));
    assert!(
        !text(&page("2023/prov-a/dinas-d/index.html")).contains("C → "),
        "a new agency has no trend"
    );
}

#[test]
fn next_band_checklist_actions_and_recommendations_on_the_agency_page() {
    let t = text(&page("2022/prov-a/dinas-a/index.html"));
    // 50 -> B needs > 50: i3 gains 33,33 (i2 only 16,67): one step, index 83,33.
    // i3 is answered (tidak): an improvement, from `tidak` to the next option `ya`.
    assert!(
        t.contains("Untuk naik ke predikat B: 1 langkah berikut membawa indeks menjadi 83,33."),
        "{t}"
    );
    assert!(
        t.contains("Perbaikan: naikkan jawaban yang sudah ada # Pertanyaan Area Jawaban kini → target Tambahan indeks 1 Tiga? Data dukung yang diharapkan: Dokumen tiga Area lain tidak → ya +33,33"),
        "{t}"
    );
    assert!(
        !t.contains("Belum dijawab: lengkapi"),
        "nothing is unanswered: {t}"
    );
    // Checklist: i1 ya -> done; i3 tidak -> not yet.
    assert!(t.contains("Tim RB dibentuk: sudah"), "{t}");
    assert!(t.contains("Syarat tiga: belum"), "{t}");
    // Actions: 3, mean (100 + 40 + 10) / 3 = 50 %, 1 done, 1 late (ra-2 due 30 Juni, 40 %).
    assert!(
        t.contains("Kegiatan 3 Rata-rata realisasi 50% Selesai 1 Terlambat 1"),
        "{t}"
    );
    // Recommendations: weakest area first (lain 0 %), late activity named.
    assert!(
        t.contains("Area terlemah: Area lain (0%); Area utama (75%)"),
        "{t}"
    );
    assert!(t.contains("Kegiatan terlambat: Menyusun laporan"), "{t}");
    // Top of the scale: Dinas B.
    assert!(text(&page("2022/prov-b/dinas-b/index.html"))
        .contains("Sudah berada pada predikat tertinggi."));
}

#[test]
fn self_assessment_against_verification() {
    let t = text(&page("2022/verification.html"));
    // Dinas C: i2 self 90 > verified 80: 1 of 2 compared; self 63,33 - verified 60 = +3,33.
    assert!(
        t.contains("Dinas C Provinsi A 60,00 63,33 +3,33 1 / 2 0 Area utama (1)"),
        "{t}"
    );
    assert!(
        page("2022/verification.html").contains("<circle"),
        "scatter chart"
    );
}

#[test]
fn group_comparison_with_heatmap_and_reference() {
    let html = page("2022/groups.html");
    let t = text(&html);
    // Provinsi A: mean (50 + 60) / 2 = 55; Provinsi B: 100 (reference).
    assert!(t.contains("55,00") && t.contains("100,00"), "{t}");
    assert!(t.contains("pembanding"));
    assert_eq!(html.matches("<svg").count(), 2, "profile and heatmap");
    // Heatmap cells: area shares of every agency, e.g. Dinas A's Area utama 75;
    // its row named by short names (the agency's, then its group's name), never folder ids.
    assert!(
        html.contains("DA · Provinsi A – Area utama: 75") && html.contains("\n75\n</text>"),
        "heatmap values readable as text"
    );
    assert!(!html.contains("· prov-a"), "no folder id in a legend");
}

#[test]
fn cluster_ranking_across_groups() {
    let t = text(&page("2022/clusters.html"));
    let b = t.find("Dinas B").unwrap();
    let c = t.find("Dinas C").unwrap();
    let a = t.find("Dinas A").unwrap();
    assert!(b < c && c < a, "{t}");
}

#[test]
fn checklist_and_action_pages_across_agencies() {
    let t = text(&page("2022/checklist.html"));
    // Tim RB: A and B pass, C not: 2 / 3; Syarat tiga: B and C: 2 / 3.
    assert!(t.contains("Terpenuhi 2 / 3 2 / 3"), "{t}");
    let t = text(&page("2022/actions.html"));
    assert!(t.contains("Menyusun laporan"), "{t}");
    assert!(
        !t.contains("Menyiapkan dokumen tiga Area lain"),
        "not late: due after the period's date"
    );
}
