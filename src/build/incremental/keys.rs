//! What each agency's pages (agency, peer and report) and each book read,
//! folded into one key: pages built from the same key are the same bytes.
//! A build carries pages over from the previous site when their key is
//! unchanged, so every input a page reads must be named here; tests/cache.rs
//! and tests/cache_property.rs compare rebuilds with clean builds byte for
//! byte after edits, and the verification mode checks every carried page.
//!
//! This module reads inputs and hashes them; it never builds a page.

use super::cache::hash_of;
use crate::analysis::compare::peers_of;
use crate::view::{agency_history, paths, ranking_tables, PeriodFacts, Scope, SiteData};
use std::collections::BTreeMap;

/// Everything every page reads: the site's settings, the theme (templates,
/// styles, labels), the definitions of other ratings (bands of values on
/// agency pages), each period's name, date, framework, groups and size.
/// None when pages must not be carried over at all (`--since` builds).
pub fn site_key(
    data: &SiteData,
    theme_files: &BTreeMap<String, Vec<u8>>,
    framework_keys: &BTreeMap<String, u64>,
) -> Option<u64> {
    if data.since.is_some() {
        return None;
    }
    let site = &data.model.site;
    let periods: Vec<_> = data
        .model
        .periods
        .iter()
        .map(|p| {
            let groups: Vec<_> = p
                .groups
                .iter()
                .map(|g| {
                    (
                        (&g.id, &g.name, &g.short, g.role.map(|r| format!("{r:?}"))),
                        // Its other ratings: every group page and the group comparison show them.
                        serde_json::to_string(&g.ratings).unwrap_or_default(),
                    )
                })
                .collect();
            (
                &p.id,
                &p.name,
                p.date,
                p.is_final,
                &p.framework.id,
                framework_keys.get(&p.framework.id),
                groups,
                p.agencies.len(),
            )
        })
        .collect();
    Some(hash_of((
        (&site.title, site.language.code(), &site.base_url),
        theme_files,
        serde_json::to_string(&data.model.ratings).unwrap_or_default(),
        periods,
        data.provenance.is_some(),
    )))
}

/// The key of each agency's pages in `facts`' period; None where a page must
/// be rendered (its files or a peer's cannot be trusted, or it holds other
/// agencies). `content` gives the key of an agency's files by (period, id).
pub fn agency_keys(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    site: u64,
    content: &(dyn Fn(&str, &str) -> Option<u64> + Sync),
) -> Vec<Option<u64>> {
    use rayon::prelude::*;
    let period = facts.period;
    let parents = parent_agencies(period);
    (0..period.agencies.len())
        .into_par_iter()
        .map(|i| {
            let agency = &period.agencies[i];
            if parents.contains(agency.id.as_str()) {
                return None;
            }
            let own = content(&period.id, &agency.id)?;
            // Peers: a named peer, or the best cluster mates; their files and rank.
            let cluster = agency
                .cluster
                .as_deref()
                .and_then(|c| facts.clusters.get(c))
                .map(Vec::as_slice);
            let peers = peers_of(period, cluster, i)
                .into_iter()
                .map(|j| Some((content(&period.id, &period.agencies[j].id)?, facts.rank[j])))
                .collect::<Option<Vec<_>>>()?;
            // Trend: the same agency in every period, its files and ranks
            // (across the period and in its own group, of how many).
            let trend = data
                .history
                .series(&agency.id)
                .into_iter()
                .map(|(p, k)| {
                    let f = &all[p];
                    let s = &f.standing;
                    Some((
                        p,
                        content(&f.period.id, &agency.id)?,
                        f.rank[k],
                        (s.own_rank[k], s.own_total[k], s.period_total),
                    ))
                })
                .collect::<Option<Vec<_>>>()?;
            // The agencies that name it as their peer (its page names them).
            let benchmarked_by = facts.standing.benchmarked_by[i]
                .iter()
                .map(|&k| {
                    Some((
                        &period.agencies[k].id,
                        content(&period.id, &period.agencies[k].id)?,
                    ))
                })
                .collect::<Option<Vec<_>>>()?;
            // Provenance: the git history shown for its files.
            let path = paths::agency(&period.id, &agency.id);
            let history = agency_history(data, period, agency, &path)
                .map(|h| serde_json::to_string(&h).unwrap_or_default());
            Some(hash_of((
                site,
                facts.position,
                // The report names its print page by the agency's position.
                i,
                own,
                facts.rank[i],
                // Its standing: rank in its own group of how many, and
                // whether the period has one group or several.
                (
                    facts.standing.own_rank[i],
                    facts.standing.own_total[i],
                    facts.standing.several_groups,
                ),
                peers,
                benchmarked_by,
                trend,
                history,
            )))
        })
        .collect()
}

/// The key of the book of the period (`group` None) or of a group: its
/// members' page keys, in order (each holds the member's peers and past
/// periods, which the book's summary shows), its ranking tables, and the
/// narratives of the period or group, which its first page shows.
pub fn book_key(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    group: Option<&str>,
    agency_keys: &[Option<u64>],
    site: u64,
) -> Option<u64> {
    let scope = match group {
        Some(g) => Scope::Group(g),
        None => Scope::Period,
    };
    let members = facts
        .scope(scope)
        .iter()
        .map(|&i| agency_keys[i])
        .collect::<Option<Vec<u64>>>()?;
    let path = match group {
        Some(g) => paths::group_book(&facts.period.id, g),
        None => paths::book(&facts.period.id),
    };
    let tables = serde_json::to_string(&ranking_tables(data, all, facts, &path, scope)).ok()?;
    let period = facts.period;
    let narratives = match group {
        None => &period.narratives,
        Some(g) => &period.groups.iter().find(|x| x.id == g)?.narratives,
    };
    let narratives: Vec<_> = narratives
        .iter()
        .map(|n| {
            (
                &n.file,
                &n.title,
                n.order.map(f64::to_bits),
                n.criterion,
                &n.body,
            )
        })
        .collect();
    Some(hash_of((
        site,
        facts.position,
        group,
        members,
        tables,
        narratives,
    )))
}

/// Agencies with other agencies in their folder: their pages are always built.
fn parent_agencies(period: &crate::model::Period) -> std::collections::HashSet<&str> {
    let ids: std::collections::HashSet<&str> =
        period.agencies.iter().map(|a| a.id.as_str()).collect();
    let mut parents = std::collections::HashSet::new();
    for a in &period.agencies {
        let mut id = a.id.as_str();
        while let Some((parent, _)) = id.rsplit_once('/') {
            if ids.contains(parent) {
                parents.insert(parent);
            }
            id = parent;
        }
    }
    parents
}
