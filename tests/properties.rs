//! Property tests of the scoring rules over random frameworks and answers:
//! the index stays within 0..100, raising one answer never lowers it, and
//! how answers are spread over files does not change any score.

mod common;
use common::*;
use proptest::prelude::*;
use std::collections::HashMap;
use tolok::model::{Band, Framework, Indicator, Node, NodeKind, Requires, Scale, ScaleKind};
use tolok::score::{tally, Base};

/// A random framework: roots with children that are leaves or groups of leaves,
/// random weights, and rules that only point to earlier leaves (so no loops).
fn framework() -> impl Strategy<Value = Framework> {
    let child = prop_oneof![Just(0usize), 1usize..4]; // 0 = a leaf, n = a group of n leaves
    let root = (
        prop::collection::vec((child, 0.1f64..10.0), 1..5),
        0.1f64..10.0,
    );
    (
        prop::collection::vec(root, 1..4),
        prop::collection::vec((0u8..3, any::<prop::sample::Index>(), 0.0f64..1.0), 64),
    )
        .prop_map(|(roots, rules)| {
            let mut fw = Framework {
                id: "acak".into(),
                name: "Acak".into(),
                scales: vec![Scale {
                    id: "r".into(),
                    kind: ScaleKind::Range { min: 0.0, max: 1.0 },
                }],
                bands: vec![
                    Band {
                        label: "A".into(),
                        above: Some(80.0),
                        name: None,
                    },
                    Band {
                        label: "B".into(),
                        above: Some(50.0),
                        name: None,
                    },
                    Band {
                        label: "C".into(),
                        above: None,
                        name: None,
                    },
                ],
                nodes: Vec::new(),
                roots: Vec::new(),
                leaves: Vec::new(),
                by_id: HashMap::new(),
                checklist: Vec::new(),
            };
            let push = |fw: &mut Framework,
                        parent: Option<usize>,
                        depth: usize,
                        weight: f64,
                        leaf: bool| {
                let ix = fw.nodes.len();
                let kind = if leaf {
                    fw.leaves.push(ix);
                    NodeKind::Indicator(Indicator {
                        scale: 0,
                        guide: None,
                        requires: None,
                        times: None,
                    })
                } else {
                    NodeKind::Group {
                        children: Vec::new(),
                    }
                };
                fw.nodes.push(Node {
                    id: format!("n{ix}"),
                    name: None,
                    text: None,
                    weight,
                    parent,
                    depth,
                    kind,
                });
                fw.by_id.insert(format!("n{ix}"), ix);
                if let Some(p) = parent {
                    if let NodeKind::Group { children } = &mut fw.nodes[p].kind {
                        children.push(ix);
                    }
                }
                ix
            };
            for (children, weight) in roots {
                let r = push(&mut fw, None, 0, weight, false);
                fw.roots.push(r);
                for (kind, w) in children {
                    if kind == 0 {
                        push(&mut fw, Some(r), 1, w, true);
                    } else {
                        let g = push(&mut fw, Some(r), 1, w, false);
                        for k in 0..kind {
                            push(&mut fw, Some(g), 2, 0.5 + k as f64, true);
                        }
                    }
                }
            }
            let leaves = fw.leaves.clone();
            for (n, &leaf) in leaves.iter().enumerate().skip(1) {
                let (kind, target, above) = rules[n % rules.len()];
                let earlier = leaves[target.index(n)];
                if let NodeKind::Indicator(ind) = &mut fw.nodes[leaf].kind {
                    match kind {
                        1 => ind.times = Some(earlier),
                        2 => {
                            ind.requires = Some(Requires {
                                indicator: earlier,
                                above,
                            })
                        }
                        _ => {}
                    }
                }
            }
            fw
        })
}

fn base() -> impl Strategy<Value = Base> {
    prop_oneof![
        Just(Base::Unanswered),
        Just(Base::NotApplicable),
        (0.0f64..=1.0).prop_map(Base::Value)
    ]
}

fn framework_and_bases() -> impl Strategy<Value = (Framework, Vec<Base>)> {
    framework().prop_flat_map(|fw| {
        let n = fw.nodes.len();
        (Just(fw), prop::collection::vec(base(), n))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn index_stays_within_0_and_100((fw, bases) in framework_and_bases()) {
        let t = tally(&fw, &bases);
        if let Some(index) = t.index {
            prop_assert!((0.0..=100.0 + 1e-9).contains(&index), "index {index}");
            prop_assert!(t.band.is_some());
        }
        for f in t.fractions.to_options().into_iter().flatten() {
            prop_assert!((-1e-12..=1.0 + 1e-12).contains(&f), "fraction {f}");
        }
    }

    #[test]
    fn raising_one_answer_never_lowers_the_index(
        (fw, bases) in framework_and_bases(),
        which in any::<prop::sample::Index>(),
        raise in 0.0f64..=1.0,
    ) {
        let leaf = fw.leaves[which.index(fw.leaves.len())];
        let higher = match bases[leaf] {
            Base::NotApplicable => return Ok(()),
            Base::Unanswered => Base::Value(raise),
            Base::Value(v) => Base::Value(v + (1.0 - v) * raise),
        };
        let before = tally(&fw, &bases);
        let mut raised = bases.clone();
        raised[leaf] = higher;
        let after = tally(&fw, &raised);
        match (before.index, after.index) {
            (Some(b), Some(a)) => {
                prop_assert!(a >= b - 1e-9, "index fell from {b} to {a}");
                prop_assert!(after.band <= before.band, "band fell");
            }
            (None, None) => {}
            (b, a) => prop_assert!(false, "index presence changed: {b:?} -> {a:?}"),
        }
    }
}

/// The answers of the `scoring` fixture's alpha, one YAML entry each.
const ALPHA: [&str; 9] = [
    "  i1: {answer: ya, verified: tidak, evidence: [SK]}\n",
    "  i2: {answer: a, verified: b, evidence: [SK]}\n",
    "  i3: {answer: ya, evidence: [SK]}\n",
    "  i4: {answer: \"62,5\", verified: 50, evidence: [SK]}\n",
    "  i5: {answer: YA, evidence: [SK]}\n",
    "  i6: {answer: \" a \", evidence: [SK]}\n",
    "  i7: {answer: n/a}\n",
    "  i9: {answer: 85, verified: 70, evidence: [SK]}\n",
    "  i10: {answer: N/A, verified: 40, evidence: [SK]}\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn spreading_answers_over_files_does_not_change_scores(
        order in Just((0..ALPHA.len()).collect::<Vec<_>>()).prop_shuffle(),
        files in prop::collection::vec(0usize..4, ALPHA.len()),
    ) {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&fixture("scoring"), dir.path());
        let alpha = dir.path().join("2022/grup/alpha");
        std::fs::remove_file(alpha.join("satu.yaml")).unwrap();
        std::fs::remove_file(alpha.join("dua.yaml")).unwrap();
        let mut texts = vec![String::from("answers:\n"); 4];
        for (k, &i) in order.iter().enumerate() {
            texts[files[k]].push_str(ALPHA[i]);
        }
        for (n, text) in texts.iter().enumerate() {
            if text.len() > "answers:\n".len() {
                std::fs::write(alpha.join(format!("{}-bukti.yaml", ["z", "a", "m", "b"][n])), text).unwrap();
            }
        }
        let run = tolok(&["score", dir.path().to_str().unwrap(), "--format", "json"]);
        prop_assert_eq!(run.code, 0, "{}", run.stderr);
        let doc = json(&run.stdout);
        let a = &doc["agencies"][0];
        prop_assert_eq!(a["id"].as_str(), Some("grup/alpha"));
        prop_assert!((a["index"].as_f64().unwrap() - 34.5).abs() < 1e-9);
        prop_assert!((a["self_index"].as_f64().unwrap() - 64.5).abs() < 1e-9);
        prop_assert_eq!(a["answered"].as_u64(), Some(9));
    }
}
