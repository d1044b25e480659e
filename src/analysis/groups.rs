//! Figures of a set of agencies (a group, a cluster, a period): mean and
//! median index, band counts, mean share of each area.

use std::collections::BTreeMap;

use crate::model::{Framework, NodeIx, Period};
use crate::score::AgencyScore;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Figures {
    /// Agencies counted: those that have answered at least one indicator.
    pub agencies: usize,
    /// Agencies that have not answered: in none of the figures.
    pub not_answered: usize,
    pub scored: usize,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Agencies per band position.
    pub band_counts: Vec<usize>,
    /// Mean fraction (0 to 1) of each of `areas`, over agencies where it counts.
    pub area_means: Vec<Option<f64>>,
    pub answered: usize,
    pub verified: usize,
}

pub fn figures<'a>(
    fw: &Framework,
    areas: &[NodeIx],
    scores: impl IntoIterator<Item = &'a AgencyScore>,
) -> Figures {
    let mut f = Figures {
        band_counts: vec![0; fw.bands.len()],
        ..Figures::default()
    };
    let mut indices = Vec::new();
    let mut area_sums = vec![(0.0, 0usize); areas.len()];
    for s in scores {
        if s.counts.answered == 0 {
            f.not_answered += 1;
            continue;
        }
        f.agencies += 1;
        f.answered += s.counts.answered;
        f.verified += s.counts.verified;
        if let Some(i) = s.result.index {
            indices.push(i);
        }
        if let Some(b) = s.result.band {
            f.band_counts[b] += 1;
        }
        for (k, &a) in areas.iter().enumerate() {
            if let Some(x) = s.result.fractions.get(a) {
                area_sums[k].0 += x;
                area_sums[k].1 += 1;
            }
        }
    }
    indices.sort_by(f64::total_cmp);
    let n = indices.len();
    f.scored = n;
    f.mean = (n > 0).then(|| indices.iter().sum::<f64>() / n as f64);
    f.median = (n > 0).then(|| {
        if n % 2 == 1 {
            indices[n / 2]
        } else {
            (indices[n / 2 - 1] + indices[n / 2]) / 2.0
        }
    });
    f.min = indices.first().copied();
    f.max = indices.last().copied();
    f.area_means = area_sums
        .into_iter()
        .map(|(s, c)| (c > 0).then(|| s / c as f64))
        .collect();
    f
}

/// Agency positions per group id, a group holding the agencies of its nested groups too. Linear in the agencies.
pub fn members(period: &Period) -> BTreeMap<&str, Vec<usize>> {
    let mut out: BTreeMap<&str, Vec<usize>> = period
        .groups
        .iter()
        .map(|g| (g.id.as_str(), Vec::new()))
        .collect();
    for (i, a) in period.agencies.iter().enumerate() {
        let Some(g) = &a.group else { continue };
        let mut at = g.as_str();
        loop {
            if let Some(list) = out.get_mut(at) {
                list.push(i);
            }
            match at.rfind('/') {
                Some(cut) => at = &at[..cut],
                None => break,
            }
        }
    }
    out
}

/// Agency positions per cluster, clusters sorted by name.
pub fn clusters(period: &Period) -> BTreeMap<&str, Vec<usize>> {
    let mut out: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, a) in period.agencies.iter().enumerate() {
        if let Some(c) = &a.cluster {
            out.entry(c.as_str()).or_default().push(i);
        }
    }
    out
}
