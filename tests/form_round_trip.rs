//! The answer form's round trip as it goes in an office: a form that was
//! out while the Biro corrected the tree, percent and date cells as Excel
//! keeps them, evidence and notes typed in the form, an agency started from
//! `tolok new agency`'s template, and messages in the site's language.
//! Every failed import leaves the tree byte for byte as it was.

mod common;
use common::forms::*;
use common::*;

use std::path::Path;

const EVIDENCE: &str = "content/2022/prov-a/dinas-a/evidence.yaml";

fn edit(dir: &Path, rel: &str, from: &str, to: &str) {
    let text = read(dir.join(rel));
    assert!(text.contains(from), "{rel}: {text}");
    std::fs::write(dir.join(rel), text.replacen(from, to, 1)).unwrap();
}

fn import_with(dir: &Path, file: &str, more: &[&str]) -> Run {
    let mut args = vec!["import", file, "--content", "content"];
    args.extend_from_slice(more);
    tolok_in(dir, &args)
}

#[test]
fn a_stale_form_never_undoes_a_correction_and_a_real_conflict_writes_nothing() {
    let (_tmp, dir) = tree("minimal");
    let form = export(&dir, "2022/prov-a/dinas-a");
    // After the export the Biro corrects i1 (ya -> tidak) and i2 (70 -> 75).
    edit(&dir, EVIDENCE, "    answer: ya\n", "    answer: tidak\n");
    edit(&dir, EVIDENCE, "    answer: 70\n", "    answer: 75\n");

    // The agency answered i3 only; its i1 and i2 cells still say ya and 70.
    refill(
        &form,
        &dir.join("i3.xlsx"),
        &[("Form", "C8", V::Text("ya"))],
    );
    let run = import(&dir, "i3.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let now = read(dir.join(EVIDENCE));
    assert!(
        now.contains("    answer: tidak\n"),
        "the correction stands: {now}"
    );
    assert!(
        now.contains("    answer: 75\n"),
        "the correction stands: {now}"
    );
    assert!(now.contains("  i3:\n    answer: ya\n"), "{now}");

    // The agency also changed i2, to 80: both sides changed it, differently.
    refill(&form, &dir.join("i2.xlsx"), &[("Form", "C7", V::Num(80.0))]);
    let before = snapshot(&dir.join("content"));
    let run = import(&dir, "i2.xlsx");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "Form!C7: conflict on the answer of `i2`: the form says `80`, but the tree was changed to `75` since the form was exported with `70`"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--prefer tree"), "{}", run.stderr);
    assert!(
        before == snapshot(&dir.join("content")),
        "nothing is written"
    );

    // A dry run says what each side would give, and writes nothing.
    let dry = import_with(&dir, "i2.xlsx", &["--dry-run", "--prefer", "form"]);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert!(
        dry.stdout
            .contains("i2  answer: `75` → `80`  (evidence.yaml, conflict: the form's side)"),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stderr.contains("dry run: nothing was written"),
        "{}",
        dry.stderr
    );
    let dry = import_with(&dir, "i2.xlsx", &["--dry-run", "--prefer", "tree"]);
    assert!(
        dry.stdout
            .contains("i2  answer: kept `75` (conflict: the tree's side; the form says `80`)"),
        "{}",
        dry.stdout
    );
    assert!(
        before == snapshot(&dir.join("content")),
        "dry runs write nothing"
    );

    let run = import_with(&dir, "i2.xlsx", &["--prefer", "tree"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        before == snapshot(&dir.join("content")),
        "the tree's side wins"
    );
    let run = import_with(&dir, "i2.xlsx", &["--prefer", "form"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(dir.join(EVIDENCE)).contains("    answer: 80\n"));
}

#[test]
fn percent_cells_read_as_the_percent_typed_and_dates_are_refused_by_cell() {
    let (_tmp, dir) = tree("minimal");
    let form = export(&dir, "2022/prov-a/dinas-a");
    // 85% typed in Excel: kept as 0.85 with a percent format.
    refill(
        &form,
        &dir.join("pct.xlsx"),
        &[("Form", "C7", V::Percent(0.85))],
    );
    let run = import(&dir, "pct.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(dir.join(EVIDENCE)).contains("    answer: 85\n"));
    // A number kept as text, with a percent sign or a decimal comma.
    let form = export_again(&dir);
    refill(
        &form,
        &dir.join("text.xlsx"),
        &[("Form", "C7", V::Text("72,5 %"))],
    );
    let run = import(&dir, "text.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(dir.join(EVIDENCE)).contains("    answer: 72.5\n"));
    // `1/2` typed where a number goes: Excel makes a date of it.
    let form = export_again(&dir);
    refill(
        &form,
        &dir.join("date.xlsx"),
        &[("Form", "C7", V::Date(2022, 2, 1))],
    );
    let before = snapshot(&dir.join("content"));
    let run = import(&dir, "date.xlsx");
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("Form!C7: Excel took what was typed for a date"),
        "{}",
        run.stderr
    );
    assert!(before == snapshot(&dir.join("content")));
}

fn export_again(dir: &Path) -> std::path::PathBuf {
    let _ = std::fs::remove_file(dir.join("form.xlsx"));
    export(dir, "2022/prov-a/dinas-a")
}

#[test]
fn evidence_and_notes_typed_in_the_form_are_imported() {
    let (_tmp, dir) = tree("minimal");
    let form = export(&dir, "2022/prov-a/dinas-a");
    refill(
        &form,
        &dir.join("filled.xlsx"),
        &[
            (
                "Form",
                "E7",
                V::Text("Laporan\nLaporan monev | https://intranet.example/m.pdf | 5 Juli 2022"),
            ),
            ("Form", "F7", V::Text("Naik dari TW I.")),
            ("Form", "C8", V::Text("ya")),
            ("Form", "E8", V::Text("SK Kepala Dinas 12/2022")),
            ("Form", "F6", V::Text("Tim dibentuk Februari.")),
        ],
    );
    let run = import(&dir, "filled.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let now = read(dir.join(EVIDENCE));
    assert!(
        now.contains("    evidence: [Laporan, {title: \"Laporan monev\", url: \"https://intranet.example/m.pdf\", date: 2022-07-05}]\n"),
        "{now}"
    );
    assert!(now.contains("    note: \"Naik dari TW I.\"\n"), "{now}");
    assert!(
        now.contains("    note: \"Tim dibentuk Februari.\"\n"),
        "{now}"
    );
    assert!(
        now.contains("  i3:\n    answer: ya\n    evidence: [\"SK Kepala Dinas 12/2022\"]\n"),
        "{now}"
    );
    // The attachment of i1 is kept as it was.
    assert!(now.contains("{title: SK Tim, file: files/sk.pdf}"), "{now}");
    // The tree reads them: no warning that i3 has no evidence.
    let check = tolok_in(&dir, &["check", "content"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(!check.stderr.contains("`i3`"), "{}", check.stderr);
    let score = tolok_in(&dir, &["score", "content", "--format", "json"]);
    assert_eq!(score.code, 0, "{}", score.stderr);
    // Sent back once more, the same form changes nothing.
    let again = import(&dir, "filled.xlsx");
    assert!(
        again.stderr.contains(" 0 value(s) changed"),
        "{}",
        again.stderr
    );
}

#[test]
fn answers_of_an_agency_made_from_the_template_go_where_the_template_lists_them() {
    let (_tmp, dir) = tree("minimal");
    let made = tolok_in(
        &dir,
        &[
            "new",
            "agency",
            "2022/prov-a/dinas-c",
            "--name",
            "Dinas C",
            "--content",
            "content",
        ],
    );
    assert_eq!(made.code, 0, "{}", made.stderr);
    let rel = "content/2022/prov-a/dinas-c/evidence.yaml";
    let template = read(dir.join(rel));
    let form = export(&dir, "2022/prov-a/dinas-c");
    refill(
        &form,
        &dir.join("filled.xlsx"),
        &[
            ("Form", "C7", V::Num(60.0)),
            ("Form", "E7", V::Text("Laporan kinerja")),
        ],
    );
    let run = import(&dir, "filled.xlsx");
    assert_eq!(run.code, 0, "{}", run.stderr);
    let now = read(dir.join(rel));
    let i2 = template
        .lines()
        .find(|l| l.trim_start().starts_with("# i2:"))
        .unwrap();
    let open = i2.replacen("# i2:", "i2:", 1);
    assert!(
        now.contains(&format!(
            "{open}\n    answer: 60\n    evidence: [\"Laporan kinerja\"]\n"
        )),
        "{now}"
    );
    // Everything else of the template is as it was: i1 and i3 still comments.
    assert_eq!(
        now.replace(
            &format!("{open}\n    answer: 60\n    evidence: [\"Laporan kinerja\"]\n"),
            &format!("{i2}\n  #   answer:\n")
        ),
        template
    );
    assert!(!dir.join("content/2022/prov-a/dinas-c/import.yaml").exists());
    assert_eq!(tolok_in(&dir, &["check", "content"]).code, 0);
}

#[test]
fn import_speaks_the_sites_language() {
    let (_tmp, dir) = tree("minimal");
    let form = export(&dir, "2022/prov-a/dinas-a");
    refill(
        &form,
        &dir.join("bad.xlsx"),
        &[("Form", "C6", V::Text("mungkin"))],
    );
    let run = tolok_said(
        &dir,
        "site",
        &["import", "bad.xlsx", "--content", "content"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("Form!C6: `mungkin` bukan jawaban `i1`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("kesalahan"), "{}", run.stderr);
    let run = tolok_said(
        &dir,
        "site",
        &["import", "bad.xlsx", "--content", "content", "--lang", "en"],
    );
    assert!(
        run.stderr.contains("is not an answer of `i1`"),
        "{}",
        run.stderr
    );
}
