//! Machine-readable scores (`scores.json`, `scores.csv`) and the terminal
//! ranking. The JSON is the contract of FORMAT.md: numbers unrounded,
//! agencies by id, `null` for a left-out node or a missing index.

use serde_json::{json, Map, Value};

use crate::model::{NodeKind, Period};
use crate::score::AgencyScore;

fn band_label(period: &Period, band: Option<usize>) -> Value {
    band.and_then(|b| period.framework.bands.get(b))
        .map(|b| Value::String(b.label.clone()))
        .unwrap_or(Value::Null)
}

fn number(x: Option<f64>) -> Value {
    x.and_then(serde_json::Number::from_f64)
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

/// The scores of one period as FORMAT.md's "Machine-readable scores".
pub fn scores_json(period: &Period, scores: &[AgencyScore]) -> Value {
    let fw = &period.framework;
    let agencies: Vec<Value> = period
        .agencies
        .iter()
        .zip(scores)
        .map(|(a, s)| {
            let mut nodes = Map::new();
            for (ix, node) in fw.nodes.iter().enumerate() {
                let score = |f: Option<f64>| number(f.map(|f| f * node.weight));
                nodes.insert(
                    node.id.clone(),
                    json!({
                        "score": score(s.result.fractions[ix]),
                        "self_score": score(s.self_assessed.fractions[ix]),
                        "max": node.weight,
                    }),
                );
            }
            json!({
                "id": a.id,
                "name": a.name,
                "group": a.group,
                "index": number(s.result.index),
                "band": band_label(period, s.result.band),
                "self_index": number(s.self_assessed.index),
                "self_band": band_label(period, s.self_assessed.band),
                "indicators": s.counts.indicators,
                "answered": s.counts.answered,
                "verified": s.counts.verified,
                "not_applicable": s.counts.not_applicable,
                "nodes": Value::Object(nodes),
                "next_band": next_band_json(period, a, s),
            })
        })
        .collect();
    json!({
        "period": period.id,
        "framework": fw.id,
        "agencies": agencies,
    })
}

/// The path to the next band (an addition to the format's keys): null at
/// the top band or without an index.
fn next_band_json(period: &Period, agency: &crate::model::Agency, s: &AgencyScore) -> Value {
    use crate::analysis::next_band::{next_band, NextBand};
    let fw = &period.framework;
    let bases = crate::score::bases(fw, &agency.answers, false);
    match next_band(fw, &bases, &s.result) {
        NextBand::NoIndex | NextBand::Top => Value::Null,
        NextBand::Reachable {
            band,
            threshold,
            steps,
            index_after,
        } => json!({
            "band": fw.bands[band].label,
            "threshold": threshold,
            "reachable": true,
            "indicators": steps.iter().map(|st| fw.nodes[st.indicator].id.clone()).collect::<Vec<_>>(),
            "index_after": index_after,
        }),
        NextBand::Unreachable {
            band,
            threshold,
            best,
        } => json!({
            "band": fw.bands[band].label,
            "threshold": threshold,
            "reachable": false,
            "best_index": best,
        }),
    }
}

/// RFC 4180 quoting.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_number(x: Option<f64>) -> String {
    x.map(|x| x.to_string()).unwrap_or_default()
}

/// One row per agency: the headline figures and every group node's score.
pub fn scores_csv(period: &Period, scores: &[AgencyScore]) -> String {
    let fw = &period.framework;
    let groups: Vec<usize> = (0..fw.nodes.len())
        .filter(|&i| matches!(fw.nodes[i].kind, NodeKind::Group { .. }))
        .collect();
    let mut header: Vec<String> = [
        "period",
        "id",
        "name",
        "group",
        "cluster",
        "index",
        "band",
        "self_index",
        "self_band",
        "indicators",
        "answered",
        "verified",
        "not_applicable",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(groups.iter().map(|&g| fw.nodes[g].id.clone()));
    let mut out = header
        .iter()
        .map(|h| csv_field(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    for (a, s) in period.agencies.iter().zip(scores) {
        let band = |b: Option<usize>| {
            b.and_then(|b| fw.bands.get(b))
                .map(|b| b.label.clone())
                .unwrap_or_default()
        };
        let mut row = vec![
            period.id.clone(),
            a.id.clone(),
            a.name.clone(),
            a.group.clone().unwrap_or_default(),
            a.cluster.clone().unwrap_or_default(),
            csv_number(s.result.index),
            band(s.result.band),
            csv_number(s.self_assessed.index),
            band(s.self_assessed.band),
            s.counts.indicators.to_string(),
            s.counts.answered.to_string(),
            s.counts.verified.to_string(),
            s.counts.not_applicable.to_string(),
        ];
        row.extend(
            groups
                .iter()
                .map(|&g| csv_number(s.result.fractions[g].map(|f| f * fw.nodes[g].weight))),
        );
        out.push_str(
            &row.iter()
                .map(|f| csv_field(f))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

/// Agencies in ranking order: index descending (none last), then id.
pub fn ranking(scores: &[AgencyScore], ids: &[&str]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| {
        let ia = scores[a].result.index.map(crate::model::round2);
        let ib = scores[b].result.index.map(crate::model::round2);
        ib.partial_cmp(&ia)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| ids[a].cmp(ids[b]))
    });
    order
}
