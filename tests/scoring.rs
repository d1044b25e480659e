//! Scores against hand-computed values: `tolok score --format json` on
//! fixture trees, compared to the arithmetic written next to each figure.

mod common;
use common::*;
use serde_json::Value;

fn scores(fixture_name: &str) -> Value {
    let run = tolok(&[
        "score",
        fixture(fixture_name).to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    json(&run.stdout)
}

fn agency<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no agency {id}"))
}

fn close(value: &Value, expected: f64) {
    let got = value
        .as_f64()
        .unwrap_or_else(|| panic!("not a number: {value}"));
    assert!(
        (got - expected).abs() < 1e-9,
        "got {got}, expected {expected}"
    );
}

#[test]
fn alpha_verified_over_self_with_rules_na_and_unanswered() {
    let doc = scores("scoring");
    assert_eq!(doc["period"], "2022");
    assert_eq!(doc["framework"], "uji");
    let a = agency(&doc, "grup/alpha");
    // Effective values (verified where given):
    //   i1 tidak = 0; i2 b = 0.5; i3 ya = 1 but requires i1 (0, not > 0) -> 0
    //   area1 = (1*0 + 2*0.5 + 1*0) / (1+2+1) = 0.25 -> score 5 * 0.25 = 1.25
    //   i4 verified 50 -> 0.5; i5 ya = 1 times i4 (0.5) -> 0.5;
    //   i6 a = 1 but requires i2 above 0.5 (0.5 is not above) -> 0
    //   area2 = (0.5 + 0.5 + 0) / 3 = 1/3 -> score 15 / 3 = 5
    //   i7 n/a (left out); i8 unanswered = 0 -> area3 = 0
    //   p = (5*0.25 + 15*(1/3) + 10*0) / 30 = 6.25 / 30 -> score 60 * 6.25/30 = 12.5
    //   i9 verified 70 on [25,100] -> 45/75 = 0.6 (w 3); i10 verified 40 -> 0.4 (w 1)
    //   h = (3*0.6 + 1*0.4) / 4 = 0.55 -> score 40 * 0.55 = 22
    //   index = 100 * (60 * 6.25/30 + 40 * 0.55) / 100 = 12.5 + 22 = 34.5 -> C (> 30)
    close(&a["index"], 34.5);
    assert_eq!(a["band"], "C");
    close(&a["nodes"]["area1"]["score"], 1.25);
    close(&a["nodes"]["area2"]["score"], 5.0);
    close(&a["nodes"]["area3"]["score"], 0.0);
    close(&a["nodes"]["p"]["score"], 12.5);
    close(&a["nodes"]["h"]["score"], 22.0);
    close(&a["nodes"]["p"]["max"], 60.0);
    close(&a["nodes"]["area2"]["max"], 15.0);
    // Self-assessed (answers alone):
    //   i1 ya = 1; i2 a = 1; i3 ya = 1 (i1 = 1 > 0) -> area1 = 1 -> 5
    //   i4 "62,5" -> 0.625; i5 = 1 * 0.625; i6 = 1 (i2 = 1 > 0.5) -> area2 = 2.25/3 = 0.75 -> 11.25
    //   area3 = 0; p = (5 + 11.25 + 0) / 30 -> 60 * 16.25/30 = 32.5
    //   i9 85 -> 60/75 = 0.8; i10 n/a left out -> h = 0.8 -> 32
    //   self index = 32.5 + 32 = 64.5 -> B (> 60)
    close(&a["self_index"], 64.5);
    assert_eq!(a["self_band"], "B");
    close(&a["nodes"]["area1"]["self_score"], 5.0);
    close(&a["nodes"]["area2"]["self_score"], 11.25);
    close(&a["nodes"]["h"]["self_score"], 32.0);
    // 10 leaves; i8 unanswered -> 9 answered; verified: i1 i2 i4 i9 i10; n/a: i7 (i10's verified counts)
    assert_eq!(a["indicators"], 10);
    assert_eq!(a["answered"], 9);
    assert_eq!(a["verified"], 5);
    assert_eq!(a["not_applicable"], 1);
    // Leaves are nodes too: i3 is worth 0 after its rule, weight 1.
    close(&a["nodes"]["i3"]["score"], 0.0);
    close(&a["nodes"]["i2"]["score"], 1.0);
    assert_eq!(a["nodes"]["i7"]["score"], Value::Null);
}

#[test]
fn everything_not_applicable_has_no_index() {
    let doc = scores("scoring");
    let b = agency(&doc, "grup/beta");
    assert_eq!(b["index"], Value::Null);
    assert_eq!(b["band"], Value::Null);
    assert_eq!(b["self_index"], Value::Null);
    assert_eq!(b["nodes"]["p"]["score"], Value::Null);
    assert_eq!(b["answered"], 10);
    assert_eq!(b["not_applicable"], 10);
}

#[test]
fn rules_on_a_not_applicable_indicator_are_left_out() {
    let doc = scores("scoring");
    let g = agency(&doc, "grup/gamma");
    // i1, i2, i4 n/a: the rules of i3, i6, i5 are left out, they keep their own values.
    //   area1 = i3 alone = 1 -> 5; area2 = (i5 1 + i6 0.5) / 2 = 0.75 -> 11.25;
    //   area3 = (1 + 0) / 2 = 0.5 -> 5; p = (5 + 11.25 + 5) / 30 -> 60 * 21.25/30 = 42.5
    //   h = (3 * 1 + 1 * 0) / 4 = 0.75 -> 30; index = 72.5 -> BB
    close(&g["index"], 72.5);
    assert_eq!(g["band"], "BB");
    close(&g["self_index"], 72.5);
    close(&g["nodes"]["area3"]["score"], 5.0);
    assert_eq!(g["not_applicable"], 3);
    assert_eq!(g["verified"], 0);
}

#[test]
fn agencies_are_sorted_by_id() {
    let doc = scores("scoring");
    let ids: Vec<&str> = doc["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["grup/alpha", "grup/beta", "grup/gamma"]);
}

#[test]
fn bands_take_the_index_rounded_to_two_decimals_strictly_above() {
    let doc = scores("band-edges");
    let band = |id: &str| agency(&doc, id)["band"].as_str().unwrap().to_string();
    assert_eq!(band("tepat-90"), "A"); // 90.00 is not above 90
    assert_eq!(band("di-atas-90"), "AA"); // "90,01": decimal comma, 90.01 > 90
    assert_eq!(band("dibulatkan-90"), "A"); // 90.004 shows as 90.00
    assert_eq!(band("dibulatkan-naik"), "AA"); // 90.006 shows as 90.01
    assert_eq!(band("tepat-80"), "BB");
    assert_eq!(band("tepat-30"), "D"); // 30 is not above 30: the last band
    assert_eq!(band("nol"), "D");
    assert_eq!(band("seratus"), "AA");
    close(&agency(&doc, "dibulatkan-90")["index"], 90.004); // unrounded in JSON
}

#[test]
fn csv_and_table_formats() {
    let path = fixture("scoring");
    let csv = tolok(&["score", path.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(csv.code, 0);
    let mut lines = csv.stdout.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("period,id,name,group,cluster,index,band,self_index,self_band"),
        "{header}"
    );
    assert!(
        csv.stdout
            .contains("2022,grup/alpha,Alpha,grup,,34.5,C,64.5,B,10,9,5,1"),
        "{}",
        csv.stdout
    );

    let table = tolok(&["score", path.to_str().unwrap()]);
    assert_eq!(table.code, 0);
    // Indonesian number format, ranked by index: gamma 72,50 first, then alpha 34,50, beta last.
    let g = table.stdout.find("72,50").unwrap();
    let a = table.stdout.find("34,50").unwrap();
    let b = table.stdout.find("Beta").unwrap();
    assert!(g < a && a < b, "{}", table.stdout);
}

#[test]
fn unknown_period_is_a_usage_error() {
    let run = tolok(&[
        "score",
        fixture("scoring").to_str().unwrap(),
        "--period",
        "2031",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("2022"), "{}", run.stderr);
}
