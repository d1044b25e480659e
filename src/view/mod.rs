//! Page contexts: plain serializable structs with every value ready to show
//! (formatted numbers, band colours, chart SVG, links relative to the page).
//! Templates only place them; this module never writes files.

//!
//! One module per page family (`home`, `period`, `agency`, `peer`, `groups`,
//! `clusters`, `criterion`, `methodology`, `verification`, `checklist`,
//! `actions`, `print` for reports and books, `history` for file history and
//! changes), the row builders they share in `rows`, rankings in `rankings`,
//! and what every page shares (the site's data, the frame, a period's
//! facts) here.

mod actions;
mod agency;
mod book_summary;
mod checklist;
mod clusters;
mod comparison;
mod criterion;
mod groups;
mod history;
mod home;

pub mod large;
mod methodology;
mod panels;
mod parts;
pub mod paths;
mod peer;
mod period;
mod print;
mod rankings;
mod ratings;
mod rows;
mod sides;
pub mod standing;
mod verification;

// What the build renders: one builder per page (its context types are
// reached through them).
pub use actions::actions_page;
pub use agency::agency_page;
pub use checklist::checklist_page;
pub use clusters::clusters_page;
pub use criterion::{criterion_page, criterion_pages, has_criterion_page};
pub use groups::groups_page;
pub use history::{agency_history, changes_page};
pub use home::home_page;
pub use large::{is_large, ranking_page, ranking_page_count};
// What the build's page keys read (the incremental build's keys name
// every input a page reads).
pub use methodology::methodology_page;
pub use peer::peer_page;
pub use period::{group_pages, period_page};
pub use print::{book_page, has_period_book, report_page, written_reports};
pub use rankings::ranking_tables;
pub use verification::verification_page;

use crate::analysis::trends::{movement, History, Movement};
use crate::model::{round2, Framework, Language, Model, Period};
use crate::render::locale;
use crate::score::AgencyScore;
use crate::{analysis, chart};
use serde::Serialize;
use std::collections::BTreeMap;

/// Labels of the theme for the site's language.
pub type Labels = std::collections::BTreeMap<String, String>;

/// Everything the views read: the model and its scores, computed once.
pub struct SiteData<'a> {
    pub model: &'a Model,
    /// Per period (same order as `model.periods`), per agency (same order as `period.agencies`).
    pub scores: Vec<Vec<AgencyScore>>,
    pub labels: Labels,
    /// Where each agency sits in each period, for trends.
    pub history: History<'a>,
    /// The tree's git history, when it is in git (`None` builds pages without it).
    pub provenance: Option<crate::git::provenance::Provenance>,
    /// The changes since a revision, for `build --since`.
    pub since: Option<Since>,
    /// Radar charts drawn for an agency's report, left for its web page.
    radars: Handover,
}

/// Charts drawn for one page and left for another that shows the same chart.
/// A build writes an agency's report just before its web page, and both show
/// its radar: the report leaves it here and the page takes it, so it is
/// drawn once. A page that finds nothing draws its own, so the order of the
/// pages changes only the time they take, never what they show.
#[derive(Default)]
struct Handover(std::sync::Mutex<std::collections::HashMap<(usize, usize), String>>);

impl Handover {
    fn put(&self, key: (usize, usize), svg: String) {
        if let Ok(mut map) = self.0.lock() {
            map.insert(key, svg);
        }
    }

    fn take(&self, key: (usize, usize)) -> Option<String> {
        self.0.lock().ok()?.remove(&key)
    }
}

/// What changed since a revision named on the command line.
pub struct Since {
    /// As the user wrote it (`HEAD~3`, `v2022`).
    pub rev: String,
    /// The full commit id it named.
    pub commit: String,
    pub diff: crate::analysis::changes::TreeDiff,
}

impl<'a> SiteData<'a> {
    pub fn new(model: &'a Model, scores: Vec<Vec<AgencyScore>>, labels: Labels) -> Self {
        SiteData {
            model,
            scores,
            labels,
            history: History::new(model),
            provenance: None,
            since: None,
            radars: Handover::default(),
        }
    }

    /// The facts of every period, computed once.
    pub fn facts(&'a self) -> Vec<PeriodFacts<'a>> {
        self.model
            .periods
            .iter()
            .zip(&self.scores)
            .enumerate()
            .map(|(pos, (p, s))| PeriodFacts::new(p, s, pos))
            .collect()
    }

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

/// A difference with its sign: `+10,97`, `-30,13`, `0,00` (two decimals).
pub fn signed_number(data: &SiteData, x: f64) -> String {
    let x = round2(x);
    if x > 0.0 {
        format!("+{}", data.num(x, 2))
    } else if x < 0.0 {
        data.num(x, 2)
    } else {
        data.num(0.0, 2)
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
    /// The search page, for the header's search form.
    pub search_url: String,
    pub crumbs: Vec<Link>,
    /// Links for the print header: period and page names.
    pub print_context: String,
    /// CSS paged-media rules of this page (running header, page numbers),
    /// ready for an inline `<style>`: strings are CSS-escaped.
    pub print_css: String,
    /// The banner of a page of a period whose figures are not final ("data
    /// sementara"); empty otherwise.
    pub provisional: String,
    /// " (kedua pihak)" on the pages of a period with a benchmark side, for
    /// the figures and tables that hold both sides; empty otherwise.
    pub both_sides: String,
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
        // A period's pages all lie in its folder.
        let period = path
            .split_once('/')
            .and_then(|(first, _)| data.model.period(first));
        let provisional = match period {
            Some(p) if !p.is_final => data.t("provisional_banner").replace("{period}", &p.name),
            _ => String::new(),
        };
        let both_sides = match period {
            Some(p) if p.groups.iter().any(|g| g.role.is_some()) => {
                format!(" ({})", data.t("both_sides_mark"))
            }
            _ => String::new(),
        };
        Frame {
            provisional,
            both_sides,
            print_css: print::page_css(data, &data.model.site.title, &print_context, ""),
            site_title: data.model.site.title.clone(),
            lang: data.lang().code(),
            title,
            path: path.to_string(),
            home_url: paths::link(path, &paths::home()),
            css_url: paths::link(path, &paths::stylesheet()),
            search_url: paths::link(path, &paths::search()),
            crumbs,
            print_context,
        }
    }
}

/// The period's ranking, members and clusters, computed once and shared by its pages.
pub struct PeriodFacts<'a> {
    pub period: &'a Period,
    pub scores: &'a [AgencyScore],
    /// Position of the period in the model.
    pub position: usize,
    /// Agency positions in ranking order.
    pub order: Vec<usize>,
    /// Rank per agency position (1-based; ties share a rank), None without index.
    pub rank: Vec<Option<usize>>,
    /// Agency positions per group id (nested groups included), in ranking order.
    pub members: BTreeMap<&'a str, Vec<usize>>,
    /// Agency positions per cluster, in ranking order.
    pub clusters: BTreeMap<&'a str, Vec<usize>>,
    /// Group names by id: one lookup instead of a search of the groups per row.
    group_names: std::collections::HashMap<&'a str, &'a str>,
    /// Each agency's side, whether it counts, and its rank in its own group.
    pub standing: standing::Standing,
    /// How each agency moved in its own group since the previous period;
    /// worked out on first use (it reads the earlier periods' facts).
    own_moves: std::sync::OnceLock<Vec<Option<Movement>>>,
}

impl<'a> PeriodFacts<'a> {
    pub fn new(period: &'a Period, scores: &'a [AgencyScore], position: usize) -> Self {
        let ids: Vec<&str> = period.agencies.iter().map(|a| a.id.as_str()).collect();
        // Agencies that have not answered come last and have no rank.
        let mut order = crate::export::ranking(scores, &ids);
        order.sort_by_key(|&i| scores[i].counts.answered == 0);
        let rank = ranks(&order, |i| {
            scores[i]
                .result
                .index
                .filter(|_| scores[i].counts.answered > 0)
        });
        let standing = standing::Standing::new(period, scores, &order);
        let mut place = vec![0; order.len()];
        for (k, &i) in order.iter().enumerate() {
            place[i] = k;
        }
        let by_rank = |mut list: Vec<usize>| {
            list.sort_by_key(|&i| place[i]);
            list
        };
        let members = analysis::groups::members(period)
            .into_iter()
            .map(|(g, l)| (g, by_rank(l)))
            .collect();
        let clusters = analysis::groups::clusters(period)
            .into_iter()
            .map(|(c, l)| (c, by_rank(l)))
            .collect();
        let group_names = period
            .groups
            .iter()
            .map(|g| (g.id.as_str(), g.name.as_str()))
            .collect();
        PeriodFacts {
            period,
            scores,
            position,
            order,
            rank,
            members,
            clusters,
            group_names,
            standing,
            own_moves: std::sync::OnceLock::new(),
        }
    }

    /// How each agency (by position) moved within its own group since the
    /// previous period it appears in; `all` holds every period's facts.
    pub fn own_movements(&self, data: &SiteData, all: &[PeriodFacts]) -> &[Option<Movement>] {
        self.own_moves.get_or_init(|| {
            let mut out = vec![None; self.period.agencies.len()];
            if self.position == 0 {
                return out;
            }
            let mut groups: BTreeMap<Option<&str>, Vec<usize>> = BTreeMap::new();
            for &i in &self.order {
                groups
                    .entry(self.period.agencies[i].group.as_deref())
                    .or_default()
                    .push(i);
            }
            for (g, list) in groups {
                let scope = g.map_or(Scope::Period, Scope::Group);
                for (&i, m) in list.iter().zip(movements(data, all, self, scope, &list)) {
                    out[i] = m;
                }
            }
            out
        })
    }

    /// Whether agency `i` is ranked and counted in figures (it has answered).
    pub fn counted(&self, i: usize) -> bool {
        self.standing.counted[i]
    }

    /// The display name of the group `id` (its id when it has none).
    pub fn group_name(&self, id: &str) -> String {
        self.group_names.get(id).copied().unwrap_or(id).to_string()
    }

    /// The agencies of a ranking, best first.
    pub fn scope(&self, scope: Scope) -> Vec<usize> {
        match scope {
            Scope::Period => self.order.clone(),
            Scope::Group(g) => self.members.get(g).cloned().unwrap_or_default(),
            Scope::Cluster(c) => self.clusters.get(c).cloned().unwrap_or_default(),
            Scope::Criterion(_) => {
                // Each value looked up once, not once per comparison.
                let values: Vec<Option<f64>> = (0..self.period.agencies.len())
                    .map(|i| self.value(scope, i).map(round2))
                    .collect();
                let mut order: Vec<usize> = (0..values.len()).collect();
                order.sort_by(|&a, &b| {
                    let (x, y) = (values[a], values[b]);
                    y.partial_cmp(&x)
                        .unwrap_or(std::cmp::Ordering::Equal)
                        .then_with(|| self.period.agencies[a].id.cmp(&self.period.agencies[b].id))
                });
                order
            }
        }
    }

    /// What a ranking ranks by: the index, or a criterion's score (by id, so
    /// that it can be followed into a period with another framework).
    pub fn value(&self, scope: Scope, i: usize) -> Option<f64> {
        if !self.counted(i) {
            return None;
        }
        let result = &self.scores[i].result;
        match scope {
            Scope::Criterion(id) => {
                let fw = &self.period.framework;
                let ix = fw.node(id)?;
                result.fractions.get(ix).map(|f| f * fw.nodes[ix].weight)
            }
            _ => result.index,
        }
    }
}

/// Which ranking a list of agencies is: the period's, a group's, a cluster's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'s> {
    Period,
    Group(&'s str),
    Cluster(&'s str),
    /// A criterion's ranking, by node id.
    Criterion(&'s str),
}

/// How each agency of `members` (best first) moved since the previous period
/// it appears in, within the same ranking there, counting only agencies that
/// are in both rankings. None where there is no past.
pub fn movements(
    data: &SiteData,
    all: &[PeriodFacts],
    facts: &PeriodFacts,
    scope: Scope,
    members: &[usize],
) -> Vec<Option<Movement>> {
    // The first period has nothing to move from (and its rankings are long).
    if facts.position == 0 {
        return members.iter().map(|_| None).collect();
    }
    let now = ranks(members, |i| facts.value(scope, i));
    let mut previous: BTreeMap<usize, (Vec<usize>, Vec<Option<usize>>)> = BTreeMap::new();
    members
        .iter()
        .map(|&i| {
            let id = facts.period.agencies[i].id.as_str();
            let Some((pp, j)) = data.history.previous(facts.position, id) else {
                return movement(None, now[i]);
            };
            let (_, before) = previous.entry(pp).or_insert_with(|| {
                // Ranks among the agencies in both rankings, so that agencies
                // absent this period (the benchmark partner) do not make everyone "rise".
                let here: std::collections::HashSet<&str> = members
                    .iter()
                    .map(|&m| facts.period.agencies[m].id.as_str())
                    .collect();
                let list: Vec<usize> = all[pp]
                    .scope(scope)
                    .into_iter()
                    .filter(|&k| here.contains(all[pp].period.agencies[k].id.as_str()))
                    .collect();
                let r = ranks(&list, |k| all[pp].value(scope, k));
                (list, r)
            });
            movement(before.get(j).copied().flatten(), now[i])
        })
        .collect()
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
