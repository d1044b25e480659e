//! Replays the fuzz corpus (`fuzz/corpus/<target>/`) through the fuzz
//! targets' own code, so every input the fuzzer kept, including past
//! crashes, is checked by the ordinary test suite without nightly Rust.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        // A running fuzzer may remove a file meanwhile: skip it.
        let Ok(data) = std::fs::read(entry.unwrap().path()) else {
            continue;
        };
        run(&data);
        count += 1;
    }
    count
}

#[test]
fn the_documents_corpus_runs_clean() {
    assert!(replay("documents", harness::documents) >= 5);
}

#[test]
fn the_frontmatter_corpus_runs_clean() {
    assert!(replay("frontmatter", harness::frontmatter) >= 4);
}

#[test]
fn the_markdown_corpus_runs_clean() {
    assert!(replay("markdown", harness::markdown) >= 4);
}

#[test]
fn the_form_corpus_runs_clean() {
    assert!(replay("form", harness::form) >= 2);
}

/// The exported form, as the `form` corpus holds it, imports cleanly: the
/// seed still has a valid seal under the harness's key.
#[test]
fn the_form_seed_is_a_form_of_the_harness_tree() {
    let seed = harness::form_seed();
    let kept = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/form/seed-exported-form.xlsx"),
    )
    .expect("the seed is in the corpus");
    harness::form(&seed);
    harness::form(&kept);
    assert!(kept.len() > 1000);
}

#[test]
fn past_crashes_stay_fixed() {
    // A quoted key left open on a line that a location search reads.
    harness::documents(b"answers:\n  i1:\n    note: |\n      \"abc\n  i9: {answer: ya}\n");
    // A control character inside a scheme makes a relative link, not `data:`.
    harness::frontmatter(b"<a href=\"data\x02:text/html,x\">d</a>\n");
    assert!(harness::hostile_markup("<a href=\"data:text/html,x\">", &[]).is_some());
}

/// Writes the `form` corpus's seed again (after the form's layout changes):
/// `cargo test --release --test fuzz_corpus -- --ignored write_the_form_seed`.
#[test]
#[ignore]
fn write_the_form_seed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/form");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("seed-exported-form.xlsx"), harness::form_seed()).unwrap();
}
