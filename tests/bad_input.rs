//! Every rule of the content format broken once, on a copy of the `minimal`
//! fixture: `tolok check` must exit 1 and name the file, the line (where the
//! YAML gives one) and what is wrong.

mod common;
use common::*;

macro_rules! bad {
    ($name:ident, [$(($path:expr, $text:expr)),* $(,)?], $file:expr, $line:expr, $message:expr) => {
        #[test]
        fn $name() {
            let dir = broken_tree(&[$(($path, $text)),*]);
            expect_error(dir.path(), $file, $line, $message);
        }
    };
}

const EV: &str = "2022/prov-a/dinas-a/evidence.yaml";
const FW: &str = "frameworks/fw.yaml";

bad!(
    malformed_yaml,
    [(EV, "answers:\n  i1: {answer: ya\n")],
    EV,
    Some(2),
    "a `{` opened here is not closed"
);
bad!(
    misspelt_key_suggests_nearest,
    [(EV, "answers:\n  i1:\n    answer: ya\n    verfied: ya\n")],
    EV,
    Some(4),
    "unknown key `verfied`"
);
bad!(
    unknown_indicator_id,
    [(EV, "answers:\n  i1: {answer: ya}\n  i9: {answer: ya}\n")],
    EV,
    Some(3),
    "`i9` is not an indicator"
);
bad!(
    answer_to_a_group,
    [(EV, "answers:\n  area: {answer: ya}\n")],
    EV,
    Some(2),
    "is a group of criteria"
);
bad!(
    answered_twice_across_files,
    [(
        "2022/prov-a/dinas-a/lagi.yaml",
        "answers:\n  i1: {answer: tidak}\n"
    )],
    "2022/prov-a/dinas-a/lagi.yaml",
    Some(2),
    "answered twice"
);
bad!(
    answered_twice_in_one_file,
    [(EV, "answers:\n  i1: {answer: ya}\n  i1: {answer: tidak}\n")],
    EV,
    Some(3),
    "written twice"
);
bad!(
    answer_outside_choice_scale,
    [(EV, "answers:\n  i1:\n    answer: mungkin\n")],
    EV,
    Some(3),
    "`mungkin` is not an answer of the scale `yt`"
);
bad!(
    verified_outside_range,
    [(EV, "answers:\n  i2:\n    answer: 50\n    verified: 150\n")],
    EV,
    Some(4),
    "`150` is not an answer of the scale `pct`"
);
bad!(
    wrong_type_for_answers,
    [(EV, "answers: [i1, i2]\n")],
    EV,
    Some(1),
    "wrong type"
);
bad!(
    wrong_type_for_evidence,
    [(EV, "answers:\n  i1:\n    answer: ya\n    evidence: SK\n")],
    EV,
    Some(4),
    "wrong type"
);
bad!(evidence_file_missing, [(EV, "answers:\n  i1:\n    answer: ya\n    evidence:\n      - {title: SK, file: files/tidak-ada.pdf}\n")], EV, Some(5), "does not exist");
bad!(evidence_file_escapes_with_dotdot, [(EV, "answers:\n  i1:\n    answer: ya\n    evidence:\n      - {title: SK, file: ../../../site.yaml}\n")], EV, Some(5), "outside the agency folder");
bad!(evidence_url_javascript, [(EV, "answers:\n  i1:\n    answer: ya\n    evidence:\n      - {title: SK, url: \"javascript:alert(1)\"}\n")], EV, Some(5), "not an http or https address");
bad!(evidence_url_data, [(EV, "answers:\n  i1:\n    answer: ya\n    evidence:\n      - title: SK\n        url: data:text/html,x\n")], EV, Some(6), "not an http or https address");
bad!(evidence_bad_date, [(EV, "answers:\n  i1:\n    answer: ya\n    evidence:\n      - {title: SK, url: https://a.example/x, date: 2022-02-30}\n")], EV, Some(5), "not a day of the calendar");
bad!(
    action_duplicate_id,
    [(
        EV,
        "actions:\n  - {id: ra-1, activity: A}\n  - {id: ra-1, activity: B}\n"
    )],
    EV,
    Some(3),
    "`ra-1` is used twice"
);
bad!(
    action_without_activity,
    [(EV, "actions:\n  - id: ra-1\n    due: 2022-01-01\n")],
    EV,
    Some(2),
    "has no `activity`"
);
bad!(
    action_progress_out_of_range,
    [(
        EV,
        "actions:\n  - id: ra-1\n    activity: A\n    progress: 120\n"
    )],
    EV,
    Some(4),
    "not a number from 0 to 100"
);
bad!(
    action_due_not_a_date,
    [(
        EV,
        "actions:\n  - id: ra-1\n    activity: A\n    due: 31-03-2022\n"
    )],
    EV,
    Some(4),
    "is not a date"
);
bad!(
    action_unknown_criterion,
    [(
        EV,
        "actions:\n  - id: ra-1\n    activity: A\n    criterion: aera\n"
    )],
    EV,
    Some(4),
    "names the criterion `aera`"
);
bad!(
    peer_names_no_agency,
    [(
        "2022/prov-a/dinas-a/agency.yaml",
        "name: Dinas A\npeer: prov-b/dinas-c\n"
    )],
    "2022/prov-a/dinas-a/agency.yaml",
    Some(2),
    "names no agency of this period"
);
bad!(
    agency_without_name,
    [("2022/prov-a/dinas-a/agency.yaml", "short: A\n")],
    "2022/prov-a/dinas-a/agency.yaml",
    None,
    "`name` is required"
);
bad!(
    agency_unknown_key,
    [(
        "2022/prov-a/dinas-a/agency.yaml",
        "name: A\nkluster: umum\n"
    )],
    "2022/prov-a/dinas-a/agency.yaml",
    Some(2),
    "unknown key `kluster`"
);
bad!(
    folder_name_not_an_id,
    [("2022/prov-a/Dinas C/agency.yaml", "name: C\n")],
    "2022/prov-a/Dinas C",
    None,
    "is not an id"
);
bad!(
    period_folder_not_an_id,
    [("Tahun 2023/period.yaml", "name: X\nframework: fw\n")],
    "Tahun 2023",
    None,
    "is not an id"
);
bad!(
    period_without_framework,
    [("2022/period.yaml", "name: Periode\n")],
    "2022/period.yaml",
    None,
    "`framework` is required"
);
bad!(
    period_with_missing_framework,
    [("2022/period.yaml", "name: Periode\nframework: fx\n")],
    "2022/period.yaml",
    Some(2),
    "the framework `fx` does not exist"
);
bad!(
    period_bad_date,
    [(
        "2022/period.yaml",
        "name: Periode\nframework: fw\ndate: kemarin\n"
    )],
    "2022/period.yaml",
    Some(3),
    "is not a date"
);
bad!(
    site_unknown_language,
    [("site.yaml", "title: X\nlanguage: fr\n")],
    "site.yaml",
    Some(2),
    "the language `fr` is not supported"
);
bad!(
    group_unknown_role,
    [("2022/prov-a/group.yaml", "name: A\nrole: tuan-rumah\n")],
    "2022/prov-a/group.yaml",
    Some(2),
    "the role `tuan-rumah` is not known"
);
bad!(
    narrative_unknown_front_matter_key,
    [(
        "2022/prov-a/dinas-a/catatan.md",
        "---\ntitle: X\nkriteria: area\n---\nTeks\n"
    )],
    "2022/prov-a/dinas-a/catatan.md",
    Some(3),
    "unknown key `kriteria`"
);
bad!(
    narrative_unknown_criterion,
    [(
        "2022/prov-a/dinas-a/catatan.md",
        "---\ntitle: X\ncriterion: aera\n---\nTeks\n"
    )],
    "2022/prov-a/dinas-a/catatan.md",
    Some(3),
    "names no criterion"
);

const FW_HEAD: &str = "name: K\nscales:\n  yt: {choice: {ya: 1, tidak: 0}}\nbands:\n  - {label: A, above: 50}\n  - {label: B}\n";

fn fw(criteria: &str) -> String {
    format!("{FW_HEAD}criteria:\n{criteria}")
}

bad!(
    framework_duplicate_id,
    [(
        FW,
        &fw("  - {id: i1, scale: yt}\n  - {id: i2, scale: yt}\n  - {id: i1, scale: yt}\n")
    )],
    FW,
    Some(10),
    "the id `i1` is used twice"
);
bad!(
    framework_zero_weight,
    [(FW, &fw("  - {id: i1, scale: yt, weight: 0}\n"))],
    FW,
    Some(8),
    "weights must be positive"
);
bad!(
    framework_negative_weight,
    [(FW, &fw("  - id: i1\n    scale: yt\n    weight: -2\n"))],
    FW,
    Some(10),
    "weights must be positive"
);
bad!(
    framework_weight_wrong_type,
    [(FW, &fw("  - id: i1\n    scale: yt\n    weight: berat\n"))],
    FW,
    Some(10),
    "wrong type"
);
bad!(framework_choice_value_above_one, [(FW, "name: K\nscales:\n  yt: {choice: {ya: 1.5, tidak: 0}}\nbands:\n  - {label: A}\ncriteria:\n  - {id: i1, scale: yt}\n")], FW, Some(3), "outside 0 to 1");
bad!(framework_range_min_not_below_max, [(FW, "name: K\nscales:\n  r: {range: [100, 0]}\nbands:\n  - {label: A}\ncriteria:\n  - {id: i1, scale: r}\n")], FW, Some(3), "min < max");
bad!(
    framework_scale_without_kind,
    [(
        FW,
        "name: K\nscales:\n  r: {}\nbands:\n  - {label: A}\ncriteria:\n  - {id: i1, scale: r}\n"
    )],
    FW,
    Some(3),
    "exactly one of `choice` or `range`"
);
bad!(framework_bands_out_of_order, [(FW, "name: K\nscales:\n  yt: {choice: {ya: 1}}\nbands:\n  - {label: A, above: 50}\n  - {label: B, above: 70}\n  - {label: C}\ncriteria:\n  - {id: i1, scale: yt}\n")], FW, Some(6), "not below the band before it");
bad!(framework_last_band_with_above, [(FW, "name: K\nscales:\n  yt: {choice: {ya: 1}}\nbands:\n  - {label: A, above: 50}\n  - {label: B, above: 10}\ncriteria:\n  - {id: i1, scale: yt}\n")], FW, Some(6), "must not have `above`");
bad!(framework_band_without_above, [(FW, "name: K\nscales:\n  yt: {choice: {ya: 1}}\nbands:\n  - {label: A}\n  - {label: B}\ncriteria:\n  - {id: i1, scale: yt}\n")], FW, Some(5), "needs `above`");
bad!(
    framework_node_with_scale_and_criteria,
    [(
        FW,
        &fw("  - id: g\n    scale: yt\n    criteria:\n      - {id: i1, scale: yt}\n")
    )],
    FW,
    Some(9),
    "has both `scale` and `criteria`"
);
bad!(
    framework_node_with_neither,
    [(FW, &fw("  - id: g\n    name: G\n"))],
    FW,
    Some(8),
    "neither `scale` nor `criteria`"
);
bad!(
    framework_group_without_children,
    [(FW, &fw("  - id: g\n    criteria: []\n"))],
    FW,
    Some(9),
    "has no children"
);
bad!(
    framework_unknown_scale,
    [(FW, &fw("  - {id: i1, scale: ya-tidak}\n"))],
    FW,
    Some(8),
    "`ya-tidak`, which is not defined"
);
bad!(
    framework_requires_unknown_indicator,
    [(
        FW,
        &fw("  - {id: i1, scale: yt}\n  - id: i2\n    scale: yt\n    requires: i3\n")
    )],
    FW,
    Some(11),
    "names no indicator"
);
bad!(framework_times_names_a_group, [(FW, &fw("  - id: g\n    criteria:\n      - {id: i1, scale: yt}\n  - id: i2\n    scale: yt\n    times: g\n"))], FW, Some(13), "names a group");
bad!(
    framework_rules_loop,
    [(
        FW,
        &fw("  - {id: i1, scale: yt, requires: i2}\n  - {id: i2, scale: yt, times: i1}\n")
    )],
    FW,
    None,
    "indicator rules loop"
);
bad!(
    framework_rule_on_itself,
    [(FW, &fw("  - {id: i1, scale: yt, times: i1}\n"))],
    FW,
    Some(8),
    "names the indicator itself"
);
bad!(
    checklist_unknown_indicator,
    [(
        FW,
        &format!(
            "{}checklist:\n  - id: tim\n    label: Tim\n    indicators: [i9]\n",
            fw("  - {id: i1, scale: yt}\n")
        )
    )],
    FW,
    Some(12),
    "no indicator of this framework"
);
bad!(
    checklist_names_a_group,
    [(
        FW,
        &format!(
            "{}checklist:\n  - id: tim\n    indicators: [g]\n",
            fw("  - id: g\n    criteria:\n      - {id: i1, scale: yt}\n")
        )
    )],
    FW,
    Some(13),
    "a group, not an indicator"
);
bad!(
    checklist_above_out_of_range,
    [(
        FW,
        &format!(
            "{}checklist:\n  - id: tim\n    indicators: [i1]\n    above: 2\n",
            fw("  - {id: i1, scale: yt}\n")
        )
    )],
    FW,
    Some(12),
    "outside 0 to 1"
);
bad!(
    checklist_empty_and_duplicate,
    [(
        FW,
        &format!(
            "{}checklist:\n  - id: tim\n    indicators: [i1]\n  - id: tim\n    indicators: []\n",
            fw("  - {id: i1, scale: yt}\n")
        )
    )],
    FW,
    Some(12),
    "listed twice"
);
bad!(
    narrative_peer_names_no_agency,
    [(
        "2022/prov-a/dinas-a/catatan.md",
        "---\ntitle: Visitasi\npeer: prov-b/dinas-x\n---\nTeks\n"
    )],
    "2022/prov-a/dinas-a/catatan.md",
    Some(3),
    "names no agency of this period"
);
bad!(
    framework_unknown_key,
    [(FW, &fw("  - {id: i1, scale: yt, wieght: 2}\n"))],
    FW,
    Some(8),
    "unknown key `wieght`"
);

#[test]
fn misspelt_key_hint_names_the_right_key() {
    let dir = broken_tree(&[(EV, "answers:\n  i1:\n    answer: ya\n    verfied: ya\n")]);
    let stderr = expect_error(dir.path(), EV, Some(4), "unknown key");
    assert!(stderr.contains("did you mean `verified`?"), "{stderr}");
}

#[test]
fn unknown_indicator_hint_suggests_nearest_id() {
    let dir = broken_tree(&[(EV, "answers:\n  i1: {answer: ya}\n  i33: {answer: ya}\n")]);
    let stderr = expect_error(dir.path(), EV, Some(3), "is not an indicator");
    assert!(stderr.contains("did you mean `i3`?"), "{stderr}");
}

#[test]
fn all_errors_are_reported_together_sorted_by_file() {
    let dir = broken_tree(&[
        (
            "2022/prov-b/dinas-b/evidence.yaml",
            "answers:\n  i7: {answer: ya}\n",
        ),
        (EV, "answers:\n  i1: {answer: mungkin}\n"),
        (
            "2022/period.yaml",
            "name: P\nframework: fw\ndate: 2022-13-01\n",
        ),
    ]);
    let run = tolok_in(dir.path(), &["check", "content"]);
    assert_eq!(run.code, 1);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 3, "{}", run.stderr);
    assert!(
        errors[0].contains("content/2022/period.yaml:3"),
        "{}",
        run.stderr
    );
    assert!(
        errors[1].contains("content/2022/prov-a/dinas-a/evidence.yaml:2"),
        "{}",
        run.stderr
    );
    assert!(
        errors[2].contains("content/2022/prov-b/dinas-b/evidence.yaml:2"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_tree_with_errors_writes_nothing() {
    let dir = broken_tree(&[(EV, "answers:\n  i1: {answer: mungkin}\n")]);
    let run = tolok_in(dir.path(), &["build", "content", "--out", "public"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(!dir.path().join("public").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, vec![std::ffi::OsString::from("content")]);
}

#[test]
fn warnings_do_not_fail() {
    let dir = broken_tree(&[(EV, "answers:\n  i1: {answer: ya}\n")]);
    let run = tolok_in(dir.path(), &["check", "content"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "warning: content/2022/prov-a/dinas-a/evidence.yaml: 1 answers have no evidence"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn bom_crlf_and_decimal_comma_are_accepted() {
    let dir = broken_tree(&[(EV, "\u{feff}answers:\r\n  i1: {answer: ya, evidence: [SK]}\r\n  i2: {answer: \"62,5\", evidence: [SK]}\r\n")]);
    let run = tolok_in(dir.path(), &["check", "content"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn missing_content_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let run = tolok_in(dir.path(), &["check", "nowhere"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
}

#[test]
fn check_json_lists_diagnostics() {
    let dir = broken_tree(&[(EV, "answers:\n  i1: {answer: mungkin}\n")]);
    let run = tolok_in(dir.path(), &["check", "content", "--format", "json"]);
    assert_eq!(run.code, 1);
    let doc = json(&run.stdout);
    assert_eq!(doc["ok"], false);
    let first = &doc["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "content/2022/prov-a/dinas-a/evidence.yaml");
    assert_eq!(first["line"], 2);
}

bad!(framework_range_min_equals_max, [(FW, "name: K\nscales:\n  r: {range: [5, 5]}\nbands:\n  - {label: A}\ncriteria:\n  - {id: i1, scale: r}\n")], FW, Some(3), "min < max");
bad!(framework_choice_value_negative, [(FW, "name: K\nscales:\n  yt: {choice: {ya: 1, tidak: -0.5}}\nbands:\n  - {label: A}\ncriteria:\n  - {id: i1, scale: yt}\n")], FW, Some(3), "outside 0 to 1");
bad!(framework_duplicate_band_label, [(FW, "name: K\nscales:\n  yt: {choice: {ya: 1}}\nbands:\n  - {label: A, above: 50}\n  - {label: A}\ncriteria:\n  - {id: i1, scale: yt}\n")], FW, Some(6), "band label `A` is used twice");
bad!(framework_duplicate_scale, [(FW, "name: K\nscales:\n  yt: {choice: {ya: 1}}\n  yt: {range: [0, 1]}\nbands:\n  - {label: A}\ncriteria:\n  - {id: i1, scale: yt}\n")], FW, Some(4), "written twice");
bad!(
    framework_duplicate_id_across_levels,
    [(
        FW,
        &fw("  - id: g\n    criteria:\n      - {id: g, scale: yt}\n")
    )],
    FW,
    Some(10),
    "the id `g` is used twice"
);
bad!(
    framework_without_criteria,
    [(FW, FW_HEAD)],
    FW,
    None,
    "the framework has no criteria"
);
bad!(
    peer_names_itself,
    [(
        "2022/prov-a/dinas-a/agency.yaml",
        "name: Dinas A\npeer: prov-a/dinas-a\n"
    )],
    "2022/prov-a/dinas-a/agency.yaml",
    Some(2),
    "names the agency itself"
);
bad!(
    action_id_twice_across_files,
    [(
        "2022/prov-a/dinas-a/rencana.yaml",
        "actions:\n  - {id: ra-01, activity: Lagi}\n"
    )],
    "2022/prov-a/dinas-a/rencana.yaml",
    Some(2),
    "`ra-01` is used twice"
);
bad!(
    group_folder_not_an_id,
    [("2022/Prov_C/dinas-c/agency.yaml", "name: C\n")],
    "2022/Prov_C",
    None,
    "the group folder name `Prov_C` is not an id"
);
bad!(
    period_framework_path_is_not_followed,
    [("2022/period.yaml", "name: Periode\nframework: ../site\n")],
    "2022/period.yaml",
    Some(2),
    "the framework `../site` does not exist"
);
bad!(
    period_with_broken_framework_says_so,
    [(FW, "name: K\nscales: [\n")],
    "2022/period.yaml",
    Some(2),
    "the framework `fw` has errors"
);
bad!(
    evidence_file_absolute_path,
    [(EV, "answers:\n  i1:\n    answer: ya\n    evidence:\n      - {title: SK, file: /etc/hostname}\n")],
    EV,
    Some(5),
    "is an absolute path"
);
bad!(
    evidence_url_javascript_mixed_case,
    [(EV, "answers:\n  i1:\n    answer: ya\n    evidence:\n      - {title: SK, url: \" JavaScript:alert(1)\"}\n")],
    EV,
    Some(5),
    "not an http or https address"
);
bad!(
    yaml_list_instead_of_a_document,
    [("2022/period.yaml", "- Periode\n- fw\n")],
    "2022/period.yaml",
    Some(1),
    "expected a mapping"
);
bad!(
    yaml_tab_indentation,
    [(EV, "answers:\n\ti1: {answer: ya}\n")],
    EV,
    Some(2),
    ""
);
bad!(
    framework_without_scales_still_checks_answers,
    [(
        FW,
        "name: K\nbands:\n  - {label: A}\ncriteria:\n  - {id: i1, scale: yt}\n"
    )],
    FW,
    Some(5),
    "`yt`, which is not defined"
);
