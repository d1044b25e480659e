//! Checking a framework document and building the `Framework` arena.

use std::collections::HashMap;
use std::path::Path;

use super::docs::{CriterionDoc, FrameworkDoc};
use super::yaml::{parse, Locator, Mapping, Seg};
use crate::diagnostics::{nearest, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::model::{
    Band, CheckItem, Framework, Indicator, Node, NodeIx, NodeKind, Requires, Scale, ScaleKind,
};

/// The largest weight of a criterion: far beyond any instrument's, and
/// small enough that no sum of weights overflows.
pub const MAX_WEIGHT: f64 = 1_000_000.0;

/// An indicator's rules as written, resolved once the whole tree is read:
/// (node, its path in the document, `requires` (id, above), `times` id).
type PendingRule = (
    NodeIx,
    Vec<Seg<'static>>,
    Option<(String, f64)>,
    Option<String>,
);

/// Parses and builds a framework from its text; `None` when the YAML does not
/// parse (the error is in `diags`).
pub fn from_text(id: &str, text: &str, file: &Path, diags: &mut Diagnostics) -> Option<Framework> {
    match parse::<FrameworkDoc>(text, file) {
        Ok(doc) => Some(build(id, doc, text, file, diags)),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// Builds a framework from its document; problems go to `diags`, pinned to lines of `text`.
pub fn build(
    id: &str,
    doc: FrameworkDoc,
    text: &str,
    file: &Path,
    diags: &mut Diagnostics,
) -> Framework {
    let loc = Locator::new(text);
    let err = |path: &[Seg], message: Msg, hint: Msg| {
        let d = Diagnostic::error(file, message).at(loc.locate(path));
        if hint.as_str().is_empty() {
            d
        } else {
            d.hint(hint)
        }
    };

    let mut scales = Vec::new();
    for (sid, Mapping(s)) in doc.scales.0 {
        let path = [Seg::Key("scales"), Seg::Key(&sid)];
        let kind = match (s.choice, s.range) {
            (Some(options), None) => {
                if options.0.is_empty() {
                    diags.push(err(
                        &path,
                        crate::tr!(
                            "scale `{sid}` has no options",
                            "skala `{sid}` tidak memiliki pilihan"
                        ),
                        crate::tr!(
                            "list options as `choice: {{ya: 1, tidak: 0}}`",
                            "tulis pilihannya sebagai `choice: {{ya: 1, tidak: 0}}`"
                        ),
                    ));
                }
                for (key, value) in &options.0 {
                    if !(0.0..=1.0).contains(value) {
                        diags.push(err(
                            &[Seg::Key("scales"), Seg::Key(&sid), Seg::Key("choice")],
                            crate::tr!(
                                "option `{key}` of scale `{sid}` has value {value}, outside 0 to 1",
                                "pilihan `{key}` pada skala `{sid}` bernilai {value}, di luar 0 s.d. 1"
                            ),
                            crate::tr!(
                                "choice values are fractions: 1 for full marks, 0 for none",
                                "nilai pilihan berupa pecahan: 1 untuk nilai penuh, 0 untuk tanpa nilai"
                            ),
                        ));
                    }
                }
                ScaleKind::Choice(options.0)
            }
            (None, Some(range)) => {
                if range.len() != 2
                    || range[0].partial_cmp(&range[1]) != Some(std::cmp::Ordering::Less)
                    || !(range[1] - range[0]).is_finite()
                {
                    diags.push(err(
                        &path,
                        crate::tr!(
                            "scale `{sid}` has range {range:?}; it needs two numbers [min, max] with min < max",
                            "skala `{sid}` memiliki rentang {range:?}; rentang harus berupa dua angka [min, max] dengan min < max"
                        ),
                        crate::tr!("write it as `range: [0, 100]`", "tulis sebagai `range: [0, 100]`"),
                    ));
                    ScaleKind::Range { min: 0.0, max: 1.0 }
                } else {
                    ScaleKind::Range {
                        min: range[0],
                        max: range[1],
                    }
                }
            }
            _ => {
                diags.push(err(
                    &path,
                    crate::tr!(
                        "scale `{sid}` needs exactly one of `choice` or `range`",
                        "skala `{sid}` harus memiliki tepat satu dari `choice` atau `range`"
                    ),
                    crate::tr!(
                        "e.g. `choice: {{ya: 1, tidak: 0}}` or `range: [0, 100]`",
                        "misalnya `choice: {{ya: 1, tidak: 0}}` atau `range: [0, 100]`"
                    ),
                ));
                ScaleKind::Range { min: 0.0, max: 1.0 }
            }
        };
        scales.push(Scale { id: sid, kind });
    }

    let mut bands = Vec::new();
    if doc.bands.is_empty() {
        diags.push(err(
            &[Seg::Key("bands")],
            crate::tr!(
                "the framework has no bands",
                "kerangka penilaian tidak memiliki predikat"
            ),
            crate::tr!(
                "list bands highest first: `- {{label: AA, above: 90}}` ... and a last band without `above`",
                "tulis predikat dari yang tertinggi: `- {{label: AA, above: 90}}` ... dan predikat terakhir tanpa `above`"
            ),
        ));
    }
    let band_count = doc.bands.len();
    let mut previous: Option<f64> = None;
    for (i, Mapping(b)) in doc.bands.into_iter().enumerate() {
        let path = [Seg::Key("bands"), Seg::Index(i)];
        let last = i + 1 == band_count;
        match (b.above, last) {
            (Some(_), true) => diags.push(err(
                &path,
                crate::tr!(
                    "the last band `{}` must not have `above`",
                    "predikat terakhir `{}` tidak boleh memiliki `above`",
                    b.label.0
                ),
                crate::tr!(
                    "the last band takes every index below the others; remove its `above`",
                    "predikat terakhir mencakup setiap indeks di bawah predikat lain; hapus `above`-nya"
                ),
            )),
            (None, false) => diags.push(err(
                &path,
                crate::tr!(
                    "band `{}` needs `above`",
                    "predikat `{}` harus memiliki `above`",
                    b.label.0
                ),
                crate::tr!(
                    "every band but the last has `above: NUMBER`",
                    "setiap predikat kecuali yang terakhir memiliki `above: NUMBER`"
                ),
            )),
            (Some(above), false) if !above.is_finite() => diags.push(err(
                &path,
                crate::tr!(
                    "band `{}` has above {above}, which is not a number",
                    "predikat `{}` memiliki above {above}, yang bukan angka",
                    b.label.0
                ),
                crate::tr!(
                    "write the index the band starts above, e.g. `above: 90`",
                    "tulis indeks yang menjadi batas bawah predikat, misalnya `above: 90`"
                ),
            )),
            (Some(above), false) => {
                if previous.is_some_and(|p| above >= p) {
                    diags.push(err(
                        &path,
                        crate::tr!(
                            "band `{}` has above {above}, not below the band before it",
                            "predikat `{}` memiliki above {above}, tidak di bawah predikat sebelumnya",
                            b.label.0
                        ),
                        crate::tr!(
                            "list bands highest first, with decreasing `above`",
                            "tulis predikat dari yang tertinggi, dengan `above` yang makin kecil"
                        ),
                    ));
                }
                previous = Some(above);
            }
            (None, true) => {}
        }
        if bands.iter().any(|x: &Band| x.label == b.label.0) {
            diags.push(err(
                &path,
                crate::tr!(
                    "band label `{}` is used twice",
                    "label predikat `{}` dipakai dua kali",
                    b.label.0
                ),
                crate::tr!(
                    "give each band its own label",
                    "beri setiap predikat labelnya sendiri"
                ),
            ));
        }
        bands.push(Band {
            label: b.label.0,
            above: b.above,
            name: b.name.map(|t| t.0),
        });
    }

    let mut fw = Framework {
        id: id.to_string(),
        name: doc.name.map(|t| t.0).unwrap_or_else(|| id.to_string()),
        scales,
        bands,
        nodes: Vec::new(),
        roots: Vec::new(),
        leaves: Vec::new(),
        by_id: HashMap::new(),
        checklist: Vec::new(),
    };
    if doc.criteria.is_empty() {
        diags.push(err(
            &[Seg::Key("criteria")],
            crate::tr!(
                "the framework has no criteria",
                "kerangka penilaian tidak memiliki kriteria"
            ),
            crate::tr!(
                "add `criteria:` with at least one indicator",
                "tambahkan `criteria:` dengan sedikitnya satu indikator"
            ),
        ));
    }

    // Rules name other indicators, which may come later in the document: resolve after the tree.
    let mut rules: Vec<PendingRule> = Vec::new();
    let mut walker = Walker {
        fw: &mut fw,
        diags,
        loc: &loc,
        file,
        rules: &mut rules,
    };
    let mut path = vec![Seg::Key("criteria")];
    for (i, Mapping(c)) in doc.criteria.into_iter().enumerate() {
        path.push(Seg::Index(i));
        let ix = walker.node(c, None, 0, &mut path);
        path.pop();
        walker.fw.roots.push(ix);
    }

    let rule_paths: HashMap<NodeIx, Vec<Seg>> =
        rules.iter().map(|(ix, p, ..)| (*ix, p.clone())).collect();
    for (ix, path, requires, times) in rules {
        let target = |name: &str,
                      key: &'static str,
                      diags: &mut Diagnostics,
                      fw: &Framework|
         -> Option<NodeIx> {
            let mut at = path.clone();
            at.push(Seg::Key(key));
            match fw.by_id.get(name) {
                Some(&t) if t == ix => {
                    diags.push(err(
                        &at,
                        crate::tr!(
                            "`{key}` of `{}` names the indicator itself",
                            "`{key}` pada `{}` menunjuk indikator itu sendiri",
                            fw.nodes[ix].id
                        ),
                        crate::tr!("name another indicator", "sebutkan indikator lain"),
                    ));
                    None
                }
                Some(&t) if fw.nodes[t].indicator().is_some() => Some(t),
                Some(_) => {
                    diags.push(err(
                        &at,
                        crate::tr!(
                            "`{key}: {name}` names a group, not an indicator",
                            "`{key}: {name}` menunjuk kelompok, bukan indikator"
                        ),
                        crate::tr!(
                            "rules name an indicator (a node with `scale`)",
                            "aturan harus menunjuk indikator (butir dengan `scale`)"
                        ),
                    ));
                    None
                }
                None => {
                    let near = nearest(name, fw.leaves.iter().map(|&l| fw.nodes[l].id.as_str()));
                    let hint = near
                        .map(|n| crate::tr!("did you mean `{n}`?", "maksud Anda `{n}`?"))
                        .unwrap_or_else(|| {
                            crate::tr!(
                                "name an indicator id of this framework",
                                "sebutkan id indikator dari kerangka penilaian ini"
                            )
                        });
                    diags.push(err(
                        &at,
                        crate::tr!(
                            "`{key}: {name}` names no indicator of this framework",
                            "`{key}: {name}` tidak menunjuk indikator mana pun dari kerangka penilaian ini"
                        ),
                        hint,
                    ));
                    None
                }
            }
        };
        let times_ix = times.and_then(|t| target(&t, "times", diags, &fw));
        let requires_ix = requires.and_then(|(r, above)| {
            target(&r, "requires", diags, &fw).map(|t| Requires {
                indicator: t,
                above,
            })
        });
        if let NodeKind::Indicator(ind) = &mut fw.nodes[ix].kind {
            ind.times = times_ix;
            ind.requires = requires_ix;
        }
    }
    report_rule_loops(&fw, &loc, &rule_paths, file, diags);
    fw.checklist = checklist(&fw, doc.checklist.unwrap_or_default(), &loc, file, diags);
    fw
}

/// The readiness checks: each names indicators of this framework.
fn checklist(
    fw: &Framework,
    items: Vec<Mapping<super::docs::CheckDoc>>,
    loc: &Locator,
    file: &Path,
    diags: &mut Diagnostics,
) -> Vec<CheckItem> {
    let mut out: Vec<CheckItem> = Vec::new();
    for (i, Mapping(item)) in items.into_iter().enumerate() {
        let path = [Seg::Key("checklist"), Seg::Index(i)];
        let at = |key: &'static str| {
            let mut p = path.to_vec();
            p.push(Seg::Key(key));
            loc.locate(&p).or_else(|| loc.locate(&path))
        };
        let id = item.id.0.trim().to_string();
        if !super::files::is_clean_id(&id) {
            diags.push(
                Diagnostic::error(
                    file,
                    crate::tr!(
                        "the checklist id `{id}` is not an id: use lowercase letters, digits and `-`",
                        "id daftar periksa `{id}` bukan id yang sah: gunakan huruf kecil, angka, dan `-`"
                    ),
                )
                .at(at("id"))
                .hint(crate::tr!(
                    "e.g. `{}`",
                    "misalnya `{}`",
                    super::files::clean_id_of(&id)
                )),
            );
        }
        if out.iter().any(|c| c.id == id) {
            diags.push(
                Diagnostic::error(
                    file,
                    crate::tr!(
                        "the checklist item `{id}` is listed twice",
                        "butir daftar periksa `{id}` tertulis dua kali"
                    ),
                )
                .at(at("id"))
                .hint(crate::tr!(
                    "give every checklist item its own id",
                    "beri setiap butir daftar periksa id-nya sendiri"
                )),
            );
        }
        let above = item.above.unwrap_or(0.0);
        if !(0.0..=1.0).contains(&above) {
            diags.push(
                Diagnostic::error(
                    file,
                    crate::tr!(
                        "`above` of the checklist item `{id}` is {above}, outside 0 to 1",
                        "`above` pada butir daftar periksa `{id}` bernilai {above}, di luar 0 s.d. 1"
                    ),
                )
                .at(at("above"))
                .hint(crate::tr!(
                    "indicator values run from 0 to 1, e.g. `above: 0.5`",
                    "nilai indikator berkisar 0 s.d. 1, misalnya `above: 0.5`"
                )),
            );
        }
        if item.indicators.is_empty() {
            diags.push(
                Diagnostic::error(
                    file,
                    crate::tr!(
                        "the checklist item `{id}` lists no indicators",
                        "butir daftar periksa `{id}` tidak mencantumkan indikator"
                    ),
                )
                .at(at("indicators"))
                .hint(crate::tr!(
                    "list the indicator ids that decide the check: `indicators: [mp-tim-sk]`",
                    "tulis id indikator yang menentukan pemeriksaan ini: `indicators: [mp-tim-sk]`"
                )),
            );
        }
        let mut indicators = Vec::new();
        for name in item.indicators {
            let name = name.0.trim().to_string();
            match fw.by_id.get(&name) {
                Some(&ix) if fw.nodes[ix].indicator().is_some() => indicators.push(ix),
                Some(_) => diags.push(
                    Diagnostic::error(
                        file,
                        crate::tr!(
                            "the checklist item `{id}` names `{name}`, a group, not an indicator",
                            "butir daftar periksa `{id}` menyebut `{name}`, sebuah kelompok, bukan indikator"
                        ),
                    )
                    .at(at("indicators"))
                    .hint(crate::tr!(
                        "list indicators (nodes with `scale`)",
                        "tulis indikator (butir dengan `scale`)"
                    )),
                ),
                None => {
                    let near = nearest(&name, fw.leaves.iter().map(|&l| fw.nodes[l].id.as_str()));
                    diags.push(
                        Diagnostic::error(
                            file,
                            crate::tr!(
                                "the checklist item `{id}` names `{name}`, which is no indicator of this framework",
                                "butir daftar periksa `{id}` menyebut `{name}`, yang bukan indikator dari kerangka penilaian ini"
                            ),
                        )
                        .at(at("indicators"))
                        .hint(
                            near.map(|n| crate::tr!("did you mean `{n}`?", "maksud Anda `{n}`?"))
                                .unwrap_or_else(|| {
                                    crate::tr!(
                                        "list indicator ids of this framework",
                                        "tulis id indikator dari kerangka penilaian ini"
                                    )
                                }),
                        ),
                    );
                }
            }
        }
        let label = item.label.map(|l| l.0).unwrap_or_else(|| id.clone());
        out.push(CheckItem {
            id,
            label,
            indicators,
            above,
        });
    }
    out
}

struct Walker<'a> {
    fw: &'a mut Framework,
    diags: &'a mut Diagnostics,
    loc: &'a Locator<'a>,
    file: &'a Path,
    rules: &'a mut Vec<PendingRule>,
}

impl Walker<'_> {
    fn err(&mut self, path: &[Seg], key: Option<&'static str>, message: Msg, hint: Msg) {
        let mut at = path.to_vec();
        at.extend(key.map(Seg::Key));
        self.diags.push(
            Diagnostic::error(self.file, message)
                .at(self.loc.locate(&at))
                .hint(hint),
        );
    }

    fn node(
        &mut self,
        c: CriterionDoc,
        parent: Option<NodeIx>,
        depth: usize,
        path: &mut Vec<Seg<'static>>,
    ) -> NodeIx {
        let id = c.id.0.trim().to_string();
        let ix = self.fw.nodes.len();
        if id.is_empty() {
            self.err(
                path,
                Some("id"),
                crate::tr!(
                    "a criterion has an empty `id`",
                    "sebuah kriteria memiliki `id` kosong"
                ),
                crate::tr!(
                    "give every node a unique id",
                    "beri setiap butir id yang unik"
                ),
            );
        } else if self.fw.by_id.insert(id.clone(), ix).is_some() {
            self.err(
                path,
                Some("id"),
                crate::tr!(
                    "the id `{id}` is used twice in this framework",
                    "id `{id}` dipakai dua kali dalam kerangka penilaian ini"
                ),
                crate::tr!(
                    "every id must be unique in the whole framework",
                    "setiap id harus unik di seluruh kerangka penilaian"
                ),
            );
        }
        let weight = c.weight.unwrap_or(1.0);
        // Bounded, so that no sum of weights can overflow.
        if !(weight > 0.0 && weight <= MAX_WEIGHT) {
            self.err(
                path,
                Some("weight"),
                crate::tr!(
                    "`{id}` has weight {weight}; weights must be positive numbers up to {MAX_WEIGHT}",
                    "`{id}` memiliki bobot {weight}; bobot harus berupa angka positif paling besar {MAX_WEIGHT}"
                ),
                crate::tr!(
                    "write a number above 0, or leave `weight` out for 1",
                    "tulis angka di atas 0, atau hapus `weight` agar bobotnya 1"
                ),
            );
        }
        self.fw.nodes.push(Node {
            id: id.clone(),
            name: c.name.map(|t| t.0),
            text: c.text.map(|t| t.0),
            weight,
            parent,
            depth,
            kind: NodeKind::Group {
                children: Vec::new(),
            },
        });
        match (c.scale, c.criteria) {
            (Some(_), Some(_)) => self.err(
                path,
                Some("scale"),
                crate::tr!(
                    "`{id}` has both `scale` and `criteria`",
                    "`{id}` memiliki `scale` sekaligus `criteria`"
                ),
                crate::tr!(
                    "a node is either an indicator (`scale`) or a group (`criteria`), not both",
                    "sebuah butir adalah indikator (`scale`) atau kelompok (`criteria`), tidak keduanya"
                ),
            ),
            (None, None) => self.err(
                path,
                None,
                crate::tr!(
                    "`{id}` has neither `scale` nor `criteria`",
                    "`{id}` tidak memiliki `scale` maupun `criteria`"
                ),
                crate::tr!(
                    "give an indicator a `scale`, or a group its `criteria`",
                    "beri indikator `scale`, atau beri kelompok `criteria`"
                ),
            ),
            (Some(scale), None) => {
                let scale_ix = match self.fw.scales.iter().position(|s| s.id == scale.0) {
                    Some(s) => s,
                    None => {
                        let near = nearest(&scale.0, self.fw.scales.iter().map(|s| s.id.as_str()))
                            .map(str::to_string);
                        let known = self
                            .fw
                            .scales
                            .iter()
                            .map(|s| format!("`{}`", s.id))
                            .collect::<Vec<_>>()
                            .join(", ");
                        let hint = match near {
                            Some(n) => crate::tr!(
                                "did you mean `{n}`? Scales: {known}",
                                "maksud Anda `{n}`? Skala: {known}"
                            ),
                            None => crate::tr!(
                                "scales of this framework: {known}",
                                "skala kerangka penilaian ini: {known}"
                            ),
                        };
                        self.err(
                            path,
                            Some("scale"),
                            crate::tr!(
                                "`{id}` uses the scale `{}`, which is not defined",
                                "`{id}` memakai skala `{}`, yang tidak didefinisikan",
                                scale.0
                            ),
                            hint,
                        );
                        // The framework has errors and is never scored, but agencies are
                        // still checked against it: give the indicator a scale to point at.
                        if self.fw.scales.is_empty() {
                            self.fw.scales.push(Scale {
                                id: scale.0.clone(),
                                kind: ScaleKind::Range { min: 0.0, max: 1.0 },
                            });
                        }
                        0
                    }
                };
                self.fw.nodes[ix].kind = NodeKind::Indicator(Indicator {
                    scale: scale_ix,
                    guide: c.guide.map(|t| t.0),
                    requires: None,
                    times: None,
                });
                self.fw.leaves.push(ix);
                if let Some(above) = c.requires.as_ref().and_then(|r| r.above) {
                    if !(0.0..=1.0).contains(&above) {
                        self.err(
                            path,
                            Some("requires"),
                            crate::tr!(
                                "`requires` of `{id}` has above {above}, outside 0 to 1",
                                "`requires` pada `{id}` memiliki above {above}, di luar 0 s.d. 1"
                            ),
                            crate::tr!(
                                "indicator values run from 0 to 1, e.g. `requires: {{indicator: ID, above: 0.5}}`",
                                "nilai indikator berkisar 0 s.d. 1, misalnya `requires: {{indicator: ID, above: 0.5}}`"
                            ),
                        );
                    }
                }
                if c.requires.is_some() || c.times.is_some() {
                    let requires = c.requires.map(|r| (r.indicator, r.above.unwrap_or(0.0)));
                    self.rules
                        .push((ix, path.clone(), requires, c.times.map(|t| t.0)));
                }
            }
            (None, Some(children)) => {
                if children.is_empty() {
                    self.err(
                        path,
                        Some("criteria"),
                        crate::tr!(
                            "the group `{id}` has no children",
                            "kelompok `{id}` tidak memiliki butir di bawahnya"
                        ),
                        crate::tr!(
                            "add at least one node under `criteria`, or remove the group",
                            "tambahkan sedikitnya satu butir di bawah `criteria`, atau hapus kelompok ini"
                        ),
                    );
                }
                if c.requires.is_some() || c.times.is_some() {
                    self.err(
                        path,
                        None,
                        crate::tr!(
                            "the group `{id}` has an indicator rule",
                            "kelompok `{id}` memiliki aturan indikator"
                        ),
                        crate::tr!(
                            "`requires` and `times` belong on indicators (nodes with `scale`)",
                            "`requires` dan `times` hanya untuk indikator (butir dengan `scale`)"
                        ),
                    );
                }
                let mut kids = Vec::new();
                path.push(Seg::Key("criteria"));
                for (i, Mapping(child)) in children.into_iter().enumerate() {
                    path.push(Seg::Index(i));
                    kids.push(self.node(child, Some(ix), depth + 1, path));
                    path.pop();
                }
                path.pop();
                self.fw.nodes[ix].kind = NodeKind::Group { children: kids };
            }
        }
        ix
    }
}

/// Rules (`times`, `requires`) form a graph between indicators; a cycle has no value.
fn report_rule_loops(
    fw: &Framework,
    loc: &Locator,
    paths: &HashMap<NodeIx, Vec<Seg>>,
    file: &Path,
    diags: &mut Diagnostics,
) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let mut marks = vec![Mark::New; fw.nodes.len()];
    let deps = |ix: NodeIx| -> Vec<NodeIx> {
        fw.nodes[ix]
            .indicator()
            .map(|i| {
                i.times
                    .into_iter()
                    .chain(i.requires.as_ref().map(|r| r.indicator))
                    .collect()
            })
            .unwrap_or_default()
    };
    for &start in &fw.leaves {
        if marks[start] != Mark::New {
            continue;
        }
        // Iterative DFS so that a long chain cannot overflow the stack.
        let mut stack = vec![(start, 0usize)];
        marks[start] = Mark::Open;
        while let Some(&mut (ix, ref mut next)) = stack.last_mut() {
            let d = deps(ix);
            if *next < d.len() {
                let t = d[*next];
                *next += 1;
                match marks[t] {
                    Mark::New => {
                        marks[t] = Mark::Open;
                        stack.push((t, 0));
                    }
                    Mark::Open => {
                        let from = stack.iter().position(|&(n, _)| n == t).unwrap_or(0);
                        let cycle: Vec<&str> = stack[from..]
                            .iter()
                            .map(|&(n, _)| fw.nodes[n].id.as_str())
                            .chain([fw.nodes[t].id.as_str()])
                            .collect();
                        let line = paths.get(&t).and_then(|p| loc.locate(p));
                        diags.push(
                            Diagnostic::error(
                                file,
                                crate::tr!(
                                    "indicator rules loop: {}",
                                    "aturan indikator membentuk putaran: {}",
                                    cycle.join(" -> ")
                                ),
                            )
                            .at(line)
                            .hint(crate::tr!(
                                "`requires` and `times` must not lead back to the same indicator; remove one rule of the loop",
                                "`requires` dan `times` tidak boleh kembali ke indikator yang sama; hapus salah satu aturan dalam putaran ini"
                            )),
                        );
                    }
                    Mark::Done => {}
                }
            } else {
                marks[ix] = Mark::Done;
                stack.pop();
            }
        }
    }
}
