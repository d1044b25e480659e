//! The rules of rating definitions and the shipped bands at their edges.

use super::*;
use crate::model::ratings::band_of;

fn shipped(id: &str) -> RatingDef {
    let mut d = Diagnostics::default();
    let all = load_catalogue(Path::new("/nonexistent-tolok-root"), &mut d);
    assert!(!d.has_errors(), "{d:?}");
    all.into_iter().find(|r| r.id == id).unwrap()
}

fn band(def: &RatingDef, raw: &str) -> Option<String> {
    let reading = value_of(def, raw).ok()?;
    band_of(def, &reading).map(|b| b.label.clone())
}

/// Each edge of every shipped definition, on both sides.
#[test]
fn shipped_bands_at_their_edges() {
    let cases: [(&str, &[(&str, &str)]); 5] = [
        (
            "skm",
            &[
                ("100", "A"),
                ("88,31", "A"),
                ("88,30", "B"),
                ("76,61", "B"),
                ("76,60", "C"),
                ("65,00", "C"),
                ("64,99", "D"),
                ("25", "D"),
            ],
        ),
        (
            "ombudsman",
            &[
                ("100", "Hijau"),
                ("81", "Hijau"),
                ("80,99", "Kuning"),
                ("51", "Kuning"),
                ("50,99", "Merah"),
                ("0", "Merah"),
            ],
        ),
        (
            "iid",
            &[
                ("100", "Sangat Inovatif"),
                ("60,01", "Sangat Inovatif"),
                ("60", "Inovatif"),
                ("35", "Inovatif"),
                ("34,99", "Kurang Inovatif"),
                ("0,01", "Kurang Inovatif"),
                ("0", "Tidak Dapat Dinilai"),
            ],
        ),
        (
            "idsd",
            &[
                ("5", "Tinggi"),
                ("3,51", "Tinggi"),
                ("3,50", "Sedang"),
                ("2,51", "Sedang"),
                ("2,50", "Rendah"),
                ("0", "Rendah"),
            ],
        ),
        (
            "ombudsman-opini",
            &[
                ("tertinggi", "Hijau"),
                ("Tinggi", "Hijau"),
                ("sedang", "Kuning"),
                ("rendah", "Merah"),
                ("terendah", "Merah"),
            ],
        ),
    ];
    for (id, edges) in cases {
        let def = shipped(id);
        for (raw, expected) in edges {
            assert_eq!(band(&def, raw).as_deref(), Some(*expected), "{id} {raw}");
        }
    }
}

#[test]
fn values_off_the_scale_are_refused() {
    let skm = shipped("skm");
    assert_eq!(
        value_of(&skm, "24,99"),
        Err(Misfit::OffScale {
            min: 25.0,
            max: 100.0
        })
    );
    assert_eq!(
        value_of(&skm, "100,01"),
        Err(Misfit::OffScale {
            min: 25.0,
            max: 100.0
        })
    );
    assert_eq!(value_of(&skm, "baik"), Err(Misfit::NotANumber));
    assert_eq!(value_of(&skm, "NaN"), Err(Misfit::NotANumber));
    assert_eq!(
        value_of(&shipped("ombudsman-opini"), "bagus"),
        Err(Misfit::UnknownGrade)
    );
}

fn errors_of(text: &str) -> Vec<String> {
    let mut d = Diagnostics::default();
    let def = definition("uji", text, Path::new("ratings/uji.yaml"), &mut d);
    assert_eq!(def.is_none(), d.has_errors());
    d.iter()
        .map(|x| {
            format!(
                "{}:{} {}",
                x.line.unwrap_or(0),
                x.message,
                x.hint.clone().unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn every_rule_of_a_definition() {
    let head = "name: Uji\nscale: {range: [0, 100]}\nbands:\n";
    assert!(errors_of(&format!(
        "{head}  - {{label: A, from: 80}}\n  - {{label: B}}\n"
    ))
    .is_empty());
    let e = errors_of(&format!(
        "{head}  - {{label: A, from: 50}}\n  - {{label: B, from: 80}}\n  - {{label: C}}\n"
    ));
    assert!(
        e.iter()
            .any(|m| m.starts_with("5:") && m.contains("out of order")),
        "{e:?}"
    );
    let e = errors_of(&format!(
        "{head}  - {{label: A}}\n  - {{label: B, from: 80}}\n"
    ));
    assert!(e.iter().any(|m| m.contains("only the last band")), "{e:?}");
    let e = errors_of(&format!(
        "{head}  - {{label: A, from: 180}}\n  - {{label: B}}\n"
    ));
    assert!(e.iter().any(|m| m.contains("outside the scale")), "{e:?}");
    let e = errors_of(&format!(
        "{head}  - {{label: A, from: 80, colour: hijau}}\n  - {{label: A}}\n"
    ));
    assert!(
        e.iter().any(|m| m.contains("not a colour")) && e.iter().any(|m| m.contains("used twice")),
        "{e:?}"
    );
    let e = errors_of(&format!(
        "{head}  - {{label: A, to: 80}}\n  - {{label: B}}\n"
    ));
    assert!(e.iter().any(|m| m.contains("does not fit")), "{e:?}");
    let e = errors_of("name: Uji\nscale: {range: [100, 0]}\nbands: []\n");
    assert!(
        e.iter().any(|m| m.starts_with("2:") && m.contains("scale")),
        "{e:?}"
    );
    let e = errors_of(
        "name: Uji\nscale: {grades: [a, b, c]}\nbands:\n  - {label: X, grades: [a, d]}\n",
    );
    assert!(
        e.iter().any(|m| m.contains("`d` is not a grade"))
            && e.iter().any(|m| m.contains("`b` is in no band")),
        "{e:?}"
    );
    let e = errors_of("name: Uji\nscale: {range: [0, 10]}\nbetter: lower\nbands:\n  - {label: A, to: 2}\n  - {label: B, to: 5}\n  - {label: C}\n");
    assert!(e.is_empty(), "{e:?}");
}

#[test]
fn lower_is_better_bands_hold_values_up_to_their_bound() {
    let mut d = Diagnostics::default();
    let def = definition("uji", "name: Uji\nscale: {range: [0, 10]}\nbetter: lower\nbands:\n  - {label: A, to: 2}\n  - {label: B, to: 5}\n  - {label: C}\n", Path::new("x"), &mut d).unwrap();
    assert_eq!(band(&def, "2").as_deref(), Some("A"));
    assert_eq!(band(&def, "2,01").as_deref(), Some("B"));
    assert_eq!(band(&def, "5").as_deref(), Some("B"));
    assert_eq!(band(&def, "5,01").as_deref(), Some("C"));
}
