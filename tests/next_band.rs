//! The path to the next band, against hand-computed answers
//! (`tests/fixtures/next-band`: shares a, b, c, d 15 % each, e 40 %; d requires c).

mod common;
use common::*;
use serde_json::Value;

fn next(period: &str, id: &str) -> Value {
    let run = tolok(&[
        "score",
        fixture("next-band").to_str().unwrap(),
        "--period",
        period,
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = json(&run.stdout);
    doc["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()["next_band"]
        .clone()
}

fn ids(v: &Value) -> Vec<&str> {
    v["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap())
        .collect()
}

#[test]
fn two_steps_largest_gain_first_ties_in_framework_order() {
    // a + e = 15 + 40 = 55 (B); A needs > 80. b and c gain 15 each (d stays 0:
    // its own answer is tidak); d gains nothing while c is 0. b first (earlier), 70; then c, 85.
    let n = next("2022", "dua-langkah");
    assert_eq!(n["band"], "A");
    assert_eq!(n["reachable"], true);
    assert_eq!(ids(&n), ["b", "c"]);
    assert!((n["index_after"].as_f64().unwrap() - 85.0).abs() < 1e-9);
}

#[test]
fn a_prerequisite_counts_what_it_unlocks() {
    // a + b + e = 70, d answered ya but worth 0 while c is 0. Raising c gains
    // 15 for itself + 15 for d: 100 > 80 in one step.
    let n = next("2022", "kunci");
    assert_eq!(ids(&n), ["c"]);
    assert!((n["index_after"].as_f64().unwrap() - 100.0).abs() < 1e-9);
}

#[test]
fn the_largest_gain_is_taken_first() {
    // a = 15 (d locked): C. B needs > 50: e gains 40 (55), more than c's 15 + 15.
    let n = next("2022", "seri");
    assert_eq!(n["band"], "B");
    assert_eq!(ids(&n), ["e"]);
}

#[test]
fn the_top_band_has_no_next_band() {
    assert_eq!(next("2022", "puncak"), Value::Null);
}

#[test]
fn a_band_beyond_reach_is_said_so() {
    // 2023's framework has a band S above 100: even at 100 the index is not above it.
    let n = next("2023", "tinggi");
    assert_eq!(n["band"], "S");
    assert_eq!(n["reachable"], false);
    assert!((n["best_index"].as_f64().unwrap() - 100.0).abs() < 1e-9);
}
