//! Ratings beside the RB index (format extension): the definitions shipped
//! with tolok (`src/content/ratings/*.yaml`, compiled in), the tree's own
//! `ratings/ID.yaml` (which add to them or replace one by its id), every
//! rule of a definition, and the values groups and agencies carry in
//! `ratings:`, checked against the definitions after loading (so an agency
//! taken from the build cache is checked again).
//!
//! This module reads and checks; it computes no band for a page.

use std::path::Path;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use super::yaml::{self, locate, parse, Mapping, Name, Ordered, Seg, Text};
use crate::diagnostics::{display_path, nearest, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::model::ratings::{
    value_of, Better, Misfit, RatingBand, RatingDef, RatingScale, RatingValue,
};
use crate::model::Date;

/// The definitions tolok ships, by id.
pub const SHIPPED: [(&str, &str); 5] = [
    ("skm", include_str!("ratings/skm.yaml")),
    ("ombudsman", include_str!("ratings/ombudsman.yaml")),
    (
        "ombudsman-opini",
        include_str!("ratings/ombudsman-opini.yaml"),
    ),
    ("iid", include_str!("ratings/iid.yaml")),
    ("idsd", include_str!("ratings/idsd.yaml")),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RatingDoc {
    name: Name,
    short: Option<Name>,
    issuer: Option<Name>,
    source: Option<Text>,
    scale: Mapping<ScaleDoc>,
    better: Option<Text>,
    bands: Vec<Mapping<BandDoc>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScaleDoc {
    range: Option<Vec<f64>>,
    grades: Option<Vec<Name>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BandDoc {
    label: Name,
    name: Option<Name>,
    colour: Option<Text>,
    from: Option<f64>,
    to: Option<f64>,
    grades: Option<Vec<Name>>,
}

/// A value in `ratings:`: `iid: 56,75` or `skm: {value: 82.5, source: URL, date: 2023-12-01}`.
#[derive(Debug)]
pub struct ValueDoc {
    value: String,
    source: Option<String>,
    date: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ValueMap {
    value: Text,
    source: Option<Text>,
    date: Option<Text>,
}

impl<'de> Deserialize<'de> for ValueDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ValueDoc;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    crate::tr!(
                        "a value, or {{value: ..., source: URL, date: YYYY-MM-DD}}",
                        "sebuah nilai, atau {{value: ..., source: URL, date: YYYY-MM-DD}}"
                    )
                    .as_str(),
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ValueDoc, E> {
                let Text(v) = Text::deserialize(de::value::StrDeserializer::<E>::new(v))?;
                Ok(ValueDoc {
                    value: v,
                    source: None,
                    date: None,
                })
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ValueDoc, E> {
                Ok(ValueDoc {
                    value: v.to_string(),
                    source: None,
                    date: None,
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ValueDoc, E> {
                Ok(ValueDoc {
                    value: v.to_string(),
                    source: None,
                    date: None,
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ValueDoc, E> {
                Ok(ValueDoc {
                    value: v.to_string(),
                    source: None,
                    date: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ValueDoc, A::Error> {
                let m = ValueMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(ValueDoc {
                    value: m.value.0,
                    source: m.source.map(|t| t.0),
                    date: m.date.map(|t| t.0),
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// The values of a `ratings:` mapping as written, with their places in `text`.
pub fn values(doc: Option<Ordered<ValueDoc>>, text: &str) -> Vec<RatingValue> {
    let loc = yaml::Locator::new(text);
    doc.map(|o| o.0)
        .unwrap_or_default()
        .into_iter()
        .map(|(id, v)| RatingValue {
            at: loc.locate(&[Seg::Key("ratings"), Seg::Key(&id)]),
            id,
            value: v.value.trim().to_string(),
            source: v
                .source
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
            date: v
                .date
                .map(|d| d.trim().to_string())
                .filter(|d| !d.is_empty()),
            resolved: None,
        })
        .collect()
}

/// The shipped definitions, then the tree's `ratings/*.yaml` (replacing a
/// shipped one of the same id, else added after them in file order).
pub fn load_catalogue(root: &Path, diags: &mut Diagnostics) -> Vec<RatingDef> {
    let mut catalogue: Vec<RatingDef> = SHIPPED
        .iter()
        .filter_map(|(id, text)| {
            definition(
                id,
                text,
                Path::new(&format!("(tolok) ratings/{id}.yaml")),
                diags,
            )
        })
        .collect();
    let dir = root.join("ratings");
    if dir.join("period.yaml").exists() {
        // A period of a v1 tree named `ratings`, not definitions.
        return catalogue;
    }
    let Some(files) = super::files::definition_files(&dir) else {
        return catalogue;
    };
    for (id, path) in files {
        let shown = display_path(root, &path);
        let text = match super::files::read_in(root, &path, &shown) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        if let Some(def) = definition(&id, &text, &shown, diags) {
            match catalogue.iter_mut().find(|d| d.id == def.id) {
                Some(shipped) => *shipped = def,
                None => catalogue.push(def),
            }
        }
    }
    catalogue
}

/// Reads and checks one definition.
fn definition(id: &str, text: &str, shown: &Path, diags: &mut Diagnostics) -> Option<RatingDef> {
    let doc = parse::<RatingDoc>(text, shown)
        .map_err(|d| diags.push(d))
        .ok()?;
    let before = diags.error_count();
    let err = |path: &[Seg], msg: Msg, hint: Msg| {
        Diagnostic::error(shown, msg)
            .at(locate(text, path))
            .hint(hint)
    };
    if !super::files::is_clean_id(id) {
        diags.push(err(
            &[],
            crate::tr!(
                "the file name `{id}` is not a rating id: use lowercase letters, digits and `-`",
                "nama berkas `{id}` bukan id penilaian yang sah: gunakan huruf kecil, angka, dan `-`"
            ),
            crate::tr!(
                "rename the file, e.g. `ratings/skm.yaml`",
                "ganti nama berkas, misalnya `ratings/skm.yaml`"
            ),
        ));
    }
    let better = match doc
        .better
        .as_ref()
        .map(|t| t.0.trim().to_ascii_lowercase())
        .as_deref()
    {
        None | Some("higher") => Better::Higher,
        Some("lower") => Better::Lower,
        Some(other) => {
            diags.push(err(
                &[Seg::Key("better")],
                crate::tr!(
                    "`better: {other}` is not known",
                    "`better: {other}` tidak dikenal"
                ),
                crate::tr!(
                    "write `better: higher` (the default) or `better: lower`",
                    "tulis `better: higher` (bawaan) atau `better: lower`"
                ),
            ));
            Better::Higher
        }
    };
    let scale = match (&doc.scale.0.range, &doc.scale.0.grades) {
        (Some(r), None) if r.len() == 2 && r[0].is_finite() && r[1].is_finite() && r[0] < r[1] => {
            RatingScale::Range {
                min: r[0],
                max: r[1],
            }
        }
        (None, Some(g)) if !g.is_empty() => {
            let grades: Vec<String> = g.iter().map(|n| n.0.trim().to_string()).collect();
            for (i, g) in grades.iter().enumerate() {
                if g.is_empty() || grades[..i].iter().any(|h| h.eq_ignore_ascii_case(g)) {
                    diags.push(err(
                        &[Seg::Key("scale"), Seg::Key("grades")],
                        crate::tr!(
                            "the grade `{g}` is empty or written twice",
                            "peringkat `{g}` kosong atau tertulis dua kali"
                        ),
                        crate::tr!(
                            "list each grade once, best first",
                            "tulis setiap peringkat satu kali, dari yang terbaik"
                        ),
                    ));
                }
            }
            RatingScale::Grades(grades)
        }
        _ => {
            diags.push(err(
                &[Seg::Key("scale")],
                crate::tr!(
                    "a rating's scale is `{{range: [MIN, MAX]}}` (MIN below MAX) or `{{grades: [BEST, ..., WORST]}}`",
                    "skala penilaian ditulis `{{range: [MIN, MAX]}}` (MIN di bawah MAX) atau `{{grades: [BEST, ..., WORST]}}`"
                ),
                crate::tr!(
                    "write one of the two forms, e.g. `scale: {{range: [25, 100]}}`",
                    "tulis salah satu dari dua bentuk itu, misalnya `scale: {{range: [25, 100]}}`"
                ),
            ));
            return None;
        }
    };
    if doc.bands.is_empty() {
        diags.push(err(
            &[Seg::Key("bands")],
            crate::tr!(
                "a rating needs at least one band",
                "penilaian harus memiliki sedikitnya satu predikat"
            ),
            crate::tr!(
                "list its bands, best first, e.g. `- {{label: A, from: 88.31}}`",
                "tulis predikatnya dari yang terbaik, misalnya `- {{label: A, from: 88.31}}`"
            ),
        ));
    }
    let mut bands: Vec<RatingBand> = Vec::new();
    let last = doc.bands.len().saturating_sub(1);
    for (i, Mapping(b)) in doc.bands.iter().enumerate() {
        let at = [Seg::Key("bands"), Seg::Index(i)];
        let label = b.label.0.trim().to_string();
        if label.is_empty() || bands.iter().any(|o| o.label == label) {
            diags.push(err(
                &at,
                crate::tr!(
                    "band {}: its label `{label}` is empty or used twice",
                    "predikat {}: labelnya `{label}` kosong atau dipakai dua kali",
                    i + 1
                ),
                crate::tr!(
                    "give every band a label of its own",
                    "beri setiap predikat labelnya sendiri"
                ),
            ));
        }
        if let Some(c) = &b.colour {
            let c = c.0.trim();
            if !(c.len() == 7
                && c.starts_with('#')
                && c[1..].chars().all(|h| h.is_ascii_hexdigit()))
            {
                diags.push(err(
                    &at,
                    crate::tr!(
                        "band `{label}`: `{c}` is not a colour",
                        "predikat `{label}`: `{c}` bukan warna"
                    ),
                    crate::tr!(
                        "write a colour as `#rrggbb`, e.g. `#1a7f37`",
                        "tulis warna sebagai `#rrggbb`, misalnya `#1a7f37`"
                    ),
                ));
            }
        }
        let (bound, grades) = match &scale {
            RatingScale::Range { min, max } => {
                if b.grades.is_some() {
                    diags.push(err(
                        &at,
                        crate::tr!(
                            "band `{label}`: `grades:` belongs to a scale of grades",
                            "predikat `{label}`: `grades:` hanya untuk skala peringkat"
                        ),
                        crate::tr!(
                            "give a band of a range scale `from:` (or `to:` when lower is better)",
                            "beri predikat pada skala rentang `from:` (atau `to:` bila makin rendah makin baik)"
                        ),
                    ));
                }
                let (key, wrong) = match better {
                    Better::Higher => (b.from, b.to.map(|_| "to")),
                    Better::Lower => (b.to, b.from.map(|_| "from")),
                };
                if let Some(w) = wrong {
                    let right = if w == "to" { "from" } else { "to" };
                    diags.push(err(
                        &at,
                        crate::tr!(
                            "band `{label}`: `{w}:` does not fit `better: {}`",
                            "predikat `{label}`: `{w}:` tidak sesuai dengan `better: {}`",
                            if better == Better::Higher {
                                "higher"
                            } else {
                                "lower"
                            }
                        ),
                        crate::tr!(
                            "write `{right}:` (the band's bound, included)",
                            "tulis `{right}:` (batas predikat, nilai batas itu termasuk)"
                        ),
                    ));
                }
                match key {
                    Some(v) if !v.is_finite() || v < *min || v > *max => {
                        diags.push(err(
                            &at,
                            crate::tr!(
                                "band `{label}`: the bound {v} is outside the scale {min} to {max}",
                                "predikat `{label}`: batas {v} berada di luar skala {min} s.d. {max}"
                            ),
                            crate::tr!(
                                "give a bound inside the scale",
                                "tulis batas di dalam skala"
                            ),
                        ));
                    }
                    None if i != last => {
                        diags.push(err(
                            &at,
                            crate::tr!(
                                "band `{label}`: only the last band may leave out its bound",
                                "predikat `{label}`: hanya predikat terakhir yang boleh tanpa batas"
                            ),
                            crate::tr!(
                                "give it `from:` (or `to:`), or move it to the end",
                                "beri `from:` (atau `to:`), atau pindahkan ke urutan terakhir"
                            ),
                        ));
                    }
                    _ => {}
                }
                if let (Some(v), Some(prev)) = (key, bands.last().and_then(|p| p.bound)) {
                    let in_order = match better {
                        Better::Higher => v < prev,
                        Better::Lower => v > prev,
                    };
                    if !in_order {
                        diags.push(err(
                            &at,
                            crate::tr!(
                                "band `{label}`: bands are out of order ({v} after {prev})",
                                "predikat `{label}`: urutan predikat tidak benar ({v} sesudah {prev})"
                            ),
                            crate::tr!(
                                "list bands best first: each `from:` below the one before (each `to:` above it when lower is better)",
                                "tulis predikat dari yang terbaik: setiap `from:` di bawah yang sebelumnya (setiap `to:` di atasnya bila makin rendah makin baik)"
                            ),
                        ));
                    }
                }
                (key, Vec::new())
            }
            RatingScale::Grades(all) => {
                if b.from.is_some() || b.to.is_some() {
                    diags.push(err(
                        &at,
                        crate::tr!(
                            "band `{label}`: `from:`/`to:` belong to a range scale",
                            "predikat `{label}`: `from:`/`to:` hanya untuk skala rentang"
                        ),
                        crate::tr!(
                            "list the grades the band holds: `grades: [...]`",
                            "tulis peringkat yang masuk predikat ini: `grades: [...]`"
                        ),
                    ));
                }
                let grades: Vec<String> = b
                    .grades
                    .iter()
                    .flatten()
                    .map(|g| g.0.trim().to_string())
                    .collect();
                for g in &grades {
                    if !all.iter().any(|a| a.eq_ignore_ascii_case(g)) {
                        diags.push(err(
                            &at,
                            crate::tr!(
                                "band `{label}`: `{g}` is not a grade of the scale",
                                "predikat `{label}`: `{g}` bukan peringkat pada skala ini"
                            ),
                            crate::tr!("grades: {}", "peringkat: {}", all.join(", ")),
                        ));
                    } else if bands
                        .iter()
                        .any(|o| o.grades.iter().any(|h| h.eq_ignore_ascii_case(g)))
                    {
                        diags.push(err(
                            &at,
                            crate::tr!(
                                "band `{label}`: the grade `{g}` is already in another band",
                                "predikat `{label}`: peringkat `{g}` sudah ada di predikat lain"
                            ),
                            crate::tr!(
                                "put each grade in one band",
                                "masukkan setiap peringkat ke satu predikat saja"
                            ),
                        ));
                    }
                }
                if grades.is_empty() {
                    diags.push(err(
                        &at,
                        crate::tr!(
                            "band `{label}` lists no grade",
                            "predikat `{label}` tidak mencantumkan peringkat"
                        ),
                        crate::tr!("write `grades: [...]`", "tulis `grades: [...]`"),
                    ));
                }
                (None, grades)
            }
        };
        bands.push(RatingBand {
            label,
            name: b
                .name
                .as_ref()
                .map(|n| n.0.trim().to_string())
                .filter(|s| !s.is_empty()),
            colour: b.colour.as_ref().map(|c| c.0.trim().to_ascii_lowercase()),
            bound,
            grades,
        });
    }
    if let RatingScale::Grades(all) = &scale {
        for g in all {
            if !bands
                .iter()
                .any(|b| b.grades.iter().any(|h| h.eq_ignore_ascii_case(g)))
            {
                diags.push(err(
                    &[Seg::Key("bands")],
                    crate::tr!(
                        "the grade `{g}` is in no band",
                        "peringkat `{g}` tidak ada di predikat mana pun"
                    ),
                    crate::tr!(
                        "list every grade in one band",
                        "cantumkan setiap peringkat di satu predikat"
                    ),
                ));
            }
        }
    }
    if let Some(s) = &doc.source {
        if !is_web(&s.0) {
            diags.push(err(
                &[Seg::Key("source")],
                crate::tr!(
                    "`{}` is not an http or https address",
                    "`{}` bukan alamat http atau https",
                    s.0.trim()
                ),
                crate::tr!(
                    "write the address of the published definition, `https://...`",
                    "tulis alamat definisi yang diterbitkan, `https://...`"
                ),
            ));
        }
    }
    (diags.error_count() == before).then(|| RatingDef {
        id: id.to_string(),
        name: doc.name.0.trim().to_string(),
        short: doc
            .short
            .map(|s| s.0.trim().to_string())
            .filter(|s| !s.is_empty()),
        issuer: doc
            .issuer
            .map(|s| s.0.trim().to_string())
            .filter(|s| !s.is_empty()),
        source: doc.source.map(|s| s.0.trim().to_string()),
        scale,
        better,
        bands,
    })
}

fn is_web(s: &str) -> bool {
    let s = s.trim().to_ascii_lowercase();
    (s.starts_with("https://") || s.starts_with("http://")) && s.len() > 8
}

/// Checks every value of every group and agency against the catalogue.
pub fn check_all(model: &crate::model::Model, diags: &mut Diagnostics) {
    for p in &model.periods {
        for g in &p.groups {
            let file = model.root.join(&p.id).join(&g.id).join("group.yaml");
            check_values(
                &model.ratings,
                &g.ratings,
                &display_path(&model.root, &file),
                diags,
            );
        }
        for a in &p.agencies {
            let file = a.dir.join("agency.yaml");
            check_values(
                &model.ratings,
                &a.ratings,
                &display_path(&model.root, &file),
                diags,
            );
        }
    }
}

/// Reads every value against the catalogue of this build (a cached agency
/// keeps what an earlier catalogue said until this runs).
pub fn resolve_all(model: &mut crate::model::Model) {
    let catalogue = std::mem::take(&mut model.ratings);
    for p in &mut model.periods {
        let values = p
            .groups
            .iter_mut()
            .flat_map(|g| &mut g.ratings)
            .chain(p.agencies.iter_mut().flat_map(|a| &mut a.ratings));
        for v in values {
            v.resolved = crate::model::ratings::resolve(&catalogue, v);
        }
    }
    model.ratings = catalogue;
}

/// Checks the values of one group or agency file against the catalogue.
pub fn check_values(
    catalogue: &[RatingDef],
    values: &[RatingValue],
    shown: &Path,
    diags: &mut Diagnostics,
) {
    for v in values {
        let here = |d: Diagnostic| match v.at {
            Some(at) => d.at(Some(at)),
            None => d,
        };
        let Some(def) = catalogue.iter().find(|d| d.id == v.id) else {
            let near = nearest(&v.id, catalogue.iter().map(|d| d.id.as_str()));
            let known: Vec<&str> = catalogue.iter().map(|d| d.id.as_str()).collect();
            diags.push(here(
                Diagnostic::error(
                    shown,
                    crate::tr!("`{}` is not a rating", "`{}` bukan penilaian", v.id),
                )
                .hint(match near {
                    Some(n) => crate::tr!(
                        "did you mean `{n}`? Ratings: {}",
                        "maksud Anda `{n}`? Penilaian: {}",
                        known.join(", ")
                    ),
                    None => crate::tr!(
                        "ratings: {} (or define it in `ratings/{}.yaml`)",
                        "penilaian: {} (atau definisikan di `ratings/{}.yaml`)",
                        known.join(", "),
                        v.id
                    ),
                }),
            ));
            continue;
        };
        match value_of(def, &v.value) {
            Ok(_) => {}
            Err(Misfit::NotANumber) => diags.push(here(
                Diagnostic::error(
                    shown,
                    crate::tr!(
                        "`{}` is not a number ({})",
                        "`{}` bukan angka ({})",
                        v.value,
                        def.name
                    ),
                )
                .hint(crate::tr!(
                    "write a number, e.g. `82,5`",
                    "tulis angka, misalnya `82,5`"
                )),
            )),
            Err(Misfit::OffScale { min, max }) => diags.push(here(
                Diagnostic::error(
                    shown,
                    crate::tr!(
                        "{} is outside the scale of {} ({min} to {max})",
                        "{} berada di luar skala {} ({min} s.d. {max})",
                        v.value,
                        def.name
                    ),
                )
                .hint(crate::tr!(
                    "write the value as the issuer publishes it, on its scale",
                    "tulis nilai seperti yang diterbitkan penerbitnya, pada skalanya"
                )),
            )),
            Err(Misfit::UnknownGrade) => {
                let grades = match &def.scale {
                    RatingScale::Grades(g) => g.join(", "),
                    RatingScale::Range { .. } => String::new(),
                };
                diags.push(here(
                    Diagnostic::error(
                        shown,
                        crate::tr!(
                            "`{}` is not a grade of {}",
                            "`{}` bukan peringkat pada {}",
                            v.value,
                            def.name
                        ),
                    )
                    .hint(crate::tr!("grades: {grades}", "peringkat: {grades}")),
                ));
            }
        }
        if let Some(d) = v.date.as_deref().filter(|d| d.parse::<Date>().is_err()) {
            diags.push(here(
                Diagnostic::error(
                    shown,
                    crate::tr!(
                        "the date `{d}` of `{}` is not a date",
                        "tanggal `{d}` pada `{}` bukan tanggal yang sah",
                        v.id
                    ),
                )
                .hint(crate::tr!(
                    "write the date as YYYY-MM-DD, e.g. 2023-12-01",
                    "tulis tanggal sebagai YYYY-MM-DD, misalnya 2023-12-01"
                )),
            ));
        }
        if let Some(s) = &v.source {
            if !is_web(s) {
                diags.push(here(
                    Diagnostic::error(
                        shown,
                        crate::tr!(
                            "the source `{s}` of `{}` is not an http or https address",
                            "sumber `{s}` pada `{}` bukan alamat http atau https",
                            v.id
                        ),
                    )
                    .hint(crate::tr!(
                        "write the address of the published result, `https://...`",
                        "tulis alamat hasil yang diterbitkan, `https://...`"
                    )),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests;
