//! Page contexts: plain serializable structs with every value ready to show
//! (formatted numbers, band colours, chart SVG, links relative to the page).
//! Templates only place them; this module never writes files.

mod pages;
pub mod paths;

pub use pages::*;

use serde::Serialize;

use crate::chart;
use crate::model::{Framework, Language, Model, Period};
use crate::render::locale;
use crate::score::AgencyScore;

/// Labels of the theme for the site's language.
pub type Labels = std::collections::BTreeMap<String, String>;

/// Everything the views read: the model and its scores, computed once.
pub struct SiteData<'a> {
    pub model: &'a Model,
    /// Per period (same order as `model.periods`), per agency (same order as `period.agencies`).
    pub scores: Vec<Vec<AgencyScore>>,
    pub labels: Labels,
}

impl SiteData<'_> {
    pub fn lang(&self) -> Language {
        self.model.site.language
    }

    /// The label for `key`, or the key itself so a missing label is visible, not fatal.
    pub fn t(&self, key: &str) -> String {
        self.labels
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    pub fn num(&self, x: f64, decimals: usize) -> String {
        locale::number(x, decimals, self.lang())
    }

    pub fn opt_num(&self, x: Option<f64>, decimals: usize) -> String {
        x.map(|x| self.num(x, decimals))
            .unwrap_or_else(|| "–".into())
    }

    pub fn pct(&self, share: f64) -> String {
        locale::percent(share, 0, self.lang())
    }
}

/// A link, ready for an href.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

/// A band as shown: label in text beside its colour.
#[derive(Debug, Clone, Serialize)]
pub struct BandView {
    pub label: String,
    pub name: String,
    pub fill: String,
    pub text: String,
    /// Position from the top band, for CSS hooks.
    pub position: usize,
}

pub fn band_view(fw: &Framework, band: Option<usize>) -> Option<BandView> {
    let b = fw.bands.get(band?)?;
    let color = chart::band_color(band?, fw.bands.len());
    Some(BandView {
        label: b.label.clone(),
        name: b.name.clone().unwrap_or_default(),
        fill: color.fill.to_string(),
        text: color.text.to_string(),
        position: band?,
    })
}

/// What every page shares: site, labels, where the page sits.
#[derive(Debug, Clone, Serialize)]
pub struct Frame {
    pub site_title: String,
    pub lang: &'static str,
    pub title: String,
    /// This page's path relative to the site root.
    pub path: String,
    pub home_url: String,
    pub css_url: String,
    pub crumbs: Vec<Link>,
    /// Links for the print header: period and page names.
    pub print_context: String,
}

impl Frame {
    pub fn new(data: &SiteData, path: &str, title: String, crumbs: Vec<(String, String)>) -> Frame {
        let crumbs: Vec<Link> = crumbs
            .into_iter()
            .map(|(label, to)| Link {
                label,
                url: paths::link(path, &to),
            })
            .collect();
        let print_context = crumbs
            .iter()
            .map(|c| c.label.as_str())
            .chain([title.as_str()])
            .skip(1)
            .collect::<Vec<_>>()
            .join(" · ");
        Frame {
            site_title: data.model.site.title.clone(),
            lang: data.lang().code(),
            title,
            path: path.to_string(),
            home_url: paths::link(path, &paths::home()),
            css_url: paths::link(path, &paths::stylesheet()),
            crumbs,
            print_context,
        }
    }
}

/// The period's ranking, band counts and group figures, computed once and shared by its pages.
pub struct PeriodFacts<'a> {
    pub period: &'a Period,
    pub scores: &'a [AgencyScore],
    /// Agency positions in ranking order.
    pub order: Vec<usize>,
    /// Rank per agency position (1-based; ties share a rank), None without index.
    pub rank: Vec<Option<usize>>,
    /// Members of each group, in ranking order.
    pub groups: GroupIndex,
    group_names: std::collections::HashMap<&'a str, &'a str>,
    /// Per agency, the link to its page and its group's from a page directly
    /// in the period folder (the period page, criterion pages): the same for
    /// all of them, so computed once instead of once per table row.
    pub agency_urls: Vec<String>,
    pub group_links: Vec<Option<Link>>,
}

/// Which agencies belong to which group (by position in `Period::groups`),
/// built in one pass over the agencies, in ranking order.
#[derive(Debug, Default)]
pub struct GroupIndex {
    /// Agencies whose nearest group is this one.
    pub direct: Vec<Vec<usize>>,
    /// Agencies anywhere inside this group (nested groups included).
    pub inside: Vec<Vec<usize>>,
}

impl GroupIndex {
    fn new(period: &Period, order: &[usize]) -> GroupIndex {
        let position: std::collections::HashMap<&str, usize> = period
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.id.as_str(), i))
            .collect();
        let mut index = GroupIndex {
            direct: vec![Vec::new(); period.groups.len()],
            inside: vec![Vec::new(); period.groups.len()],
        };
        for &i in order {
            let Some(group) = period.agencies[i].group.as_deref() else {
                continue;
            };
            if let Some(&g) = position.get(group) {
                index.direct[g].push(i);
            }
            // The group and every group around it.
            let mut at = Some(group);
            while let Some(id) = at {
                if let Some(&g) = position.get(id) {
                    index.inside[g].push(i);
                }
                at = id.rsplit_once('/').map(|(parent, _)| parent);
            }
        }
        index
    }
}

impl<'a> PeriodFacts<'a> {
    pub fn new(period: &'a Period, scores: &'a [AgencyScore]) -> Self {
        let ids: Vec<&str> = period.agencies.iter().map(|a| a.id.as_str()).collect();
        let order = crate::export::ranking(scores, &ids);
        let rank = ranks(&order, |i| scores[i].result.index);
        let groups = GroupIndex::new(period, &order);
        let group_names: std::collections::HashMap<&str, &str> = period
            .groups
            .iter()
            .map(|g| (g.id.as_str(), g.name.as_str()))
            .collect();
        let from = paths::period(&period.id);
        let agency_urls = period
            .agencies
            .iter()
            .map(|a| paths::link(&from, &paths::agency(&period.id, &a.id)))
            .collect();
        let group_links = period
            .agencies
            .iter()
            .map(|a| {
                a.group.as_ref().map(|g| Link {
                    label: group_names
                        .get(g.as_str())
                        .copied()
                        .unwrap_or(g)
                        .to_string(),
                    url: paths::link(&from, &paths::group(&period.id, g)),
                })
            })
            .collect();
        PeriodFacts {
            period,
            scores,
            order,
            rank,
            groups,
            group_names,
            agency_urls,
            group_links,
        }
    }

    /// Whether links from the page at `from` are those of `agency_urls` and `group_links`.
    pub fn shares_links(&self, from: &str) -> bool {
        from.starts_with(&format!("{}/", self.period.id)) && from.matches('/').count() == 1
    }

    /// The display name of the group `id` (its id when it has none).
    pub fn group_name(&self, id: &str) -> String {
        self.group_names.get(id).copied().unwrap_or(id).to_string()
    }
}

/// Competition ranking (1, 2, 2, 4) over `order` by the shown (rounded) value.
pub fn ranks(order: &[usize], value: impl Fn(usize) -> Option<f64>) -> Vec<Option<usize>> {
    let mut rank = vec![None; order.iter().max().map_or(0, |m| m + 1)];
    let mut previous: Option<(f64, usize)> = None;
    for (pos, &i) in order.iter().enumerate() {
        let Some(v) = value(i).map(crate::model::round2) else {
            continue;
        };
        let r = match previous {
            Some((pv, pr)) if pv == v => pr,
            _ => pos + 1,
        };
        rank[i] = Some(r);
        previous = Some((v, r));
    }
    rank
}
