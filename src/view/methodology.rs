//! The methodology page of a period: the framework's tree with weights and
//! shares, its scales, its bands and the rules of scoring.

use super::criterion::has_criterion_page;
use super::rows::period_crumbs;
use super::{band_view, paths, BandView, Frame, SiteData};
use crate::model::{Period, ScaleKind};
use crate::render::locale;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct MethodRow {
    pub depth: usize,
    pub id: String,
    pub label: String,
    pub indicator: bool,
    pub weight: String,
    pub share_of_parent: String,
    pub share_of_index: String,
    pub scale: String,
    pub guide: String,
    pub rules: Vec<String>,
    pub url: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ScaleView {
    pub id: String,
    pub kind: String,
    pub values: String,
}

#[derive(Debug, Serialize)]
pub struct BandRange {
    pub band: BandView,
    pub range: String,
}

#[derive(Debug, Serialize)]
pub struct MethodologyPage {
    pub frame: Frame,
    pub framework: String,
    pub framework_id: String,
    pub rows: Vec<MethodRow>,
    pub scales: Vec<ScaleView>,
    pub bands: Vec<BandRange>,
    pub indicators: usize,
    /// The definitions of the other ratings the period's groups and agencies carry.
    pub ratings: Vec<super::ratings::RatingDefinition>,
}

pub fn methodology_page(data: &SiteData, period: &Period) -> MethodologyPage {
    let fw = &period.framework;
    let path = paths::methodology(&period.id);
    let frame = Frame::new(
        data,
        &path,
        format!("{} – {}", data.t("methodology"), period.name),
        period_crumbs(data, period),
    );
    let lang = data.lang();
    // Shares at full value: every node counted, so the agency-level function
    // gives the framework's own weights in the index.
    let shares = crate::analysis::leaf_shares(
        fw,
        &crate::score::Fractions::from(vec![Some(1.0); fw.nodes.len()]),
    );
    let rows = (0..fw.nodes.len())
        .map(|ix| {
            let node = &fw.nodes[ix];
            let siblings: f64 = match node.parent {
                None => fw.roots.iter().map(|&r| fw.nodes[r].weight).sum(),
                Some(p) => fw.nodes[p]
                    .children()
                    .iter()
                    .map(|&c| fw.nodes[c].weight)
                    .sum(),
            };
            let ind = node.indicator();
            let mut rules = Vec::new();
            if let Some(t) = ind.and_then(|i| i.times) {
                rules.push(format!("{} {}", data.t("rule_times"), fw.nodes[t].id));
            }
            if let Some(r) = ind.and_then(|i| i.requires.as_ref()) {
                rules.push(format!(
                    "{} {} > {}",
                    data.t("rule_requires"),
                    fw.nodes[r.indicator].id,
                    locale::number_short(r.above, 2, lang)
                ));
            }
            MethodRow {
                depth: node.depth,
                id: node.id.clone(),
                label: node.label().to_string(),
                indicator: ind.is_some(),
                weight: locale::number_short(node.weight, 2, lang),
                share_of_parent: locale::percent(node.weight / siblings, 1, lang),
                share_of_index: locale::percent(shares[ix], 2, lang),
                scale: ind
                    .map(|i| fw.scales[i.scale].id.clone())
                    .unwrap_or_default(),
                guide: ind.and_then(|i| i.guide.clone()).unwrap_or_default(),
                rules,
                url: has_criterion_page(fw, ix)
                    .then(|| paths::link(&path, &paths::criterion(&period.id, &node.id, ix))),
            }
        })
        .collect();
    let scales = fw
        .scales
        .iter()
        .map(|s| match &s.kind {
            ScaleKind::Choice(options) => ScaleView {
                id: s.id.clone(),
                kind: data.t("scale_choice"),
                values: options
                    .iter()
                    .map(|(k, v)| format!("{k} = {}", locale::number_short(*v, 2, lang)))
                    .collect::<Vec<_>>()
                    .join("; "),
            },
            ScaleKind::Range { min, max } => ScaleView {
                id: s.id.clone(),
                kind: data.t("scale_range"),
                values: {
                    let (lo, hi) = (
                        locale::number_short(*min, 2, lang),
                        locale::number_short(*max, 2, lang),
                    );
                    format!(
                        "{lo} – {hi} → 0 – 1 ({} = (x − {lo}) / ({hi} − {lo}))",
                        data.t("value")
                    )
                },
            },
        })
        .collect();
    let bands = fw
        .bands
        .iter()
        .enumerate()
        .filter_map(|(i, b)| {
            let upper = i.checked_sub(1).and_then(|p| fw.bands[p].above);
            let range = match (b.above, upper) {
                (Some(lo), Some(hi)) => format!(
                    "> {} – {}",
                    locale::number(lo, 2, lang),
                    locale::number(hi, 2, lang)
                ),
                (Some(lo), None) => format!("> {}", locale::number(lo, 2, lang)),
                (None, Some(hi)) => format!("≤ {}", locale::number(hi, 2, lang)),
                (None, None) => data.t("all_indices"),
            };
            band_view(fw, Some(i)).map(|band| BandRange { band, range })
        })
        .collect();
    MethodologyPage {
        frame,
        framework: fw.name.clone(),
        framework_id: fw.id.clone(),
        rows,
        scales,
        bands,
        indicators: fw.leaves.len(),
        ratings: super::ratings::definitions(data, period),
    }
}
