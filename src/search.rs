//! The site's offline search: an index of agency names, criteria, questions
//! and narratives (title and an excerpt), written as a script that assigns a
//! global (`_assets/search-index.js`), so the search page works from a folder
//! opened with file:// where fetch() of a JSON file is not allowed. The
//! search itself is the theme's `static/search.js`; this module only decides
//! what is indexed and writes it. It computes no scores.

use serde::Serialize;

use crate::model::{NodeIx, NodeKind, Period};
use crate::view::{self, paths, Frame, SiteData};

/// Where the index is written, relative to the site root.
pub const INDEX_PATH: &str = "_assets/search-index.js";
/// The theme's search script, relative to the site root.
pub const SCRIPT_PATH: &str = "_assets/search.js";
/// Characters of a narrative kept as its excerpt.
const EXCERPT_CHARS: usize = 280;

/// One thing that can be found. Short keys keep the index small.
#[derive(Debug, Serialize, PartialEq)]
pub struct Entry {
    /// Kind: `a` agency, `c` criterion, `i` indicator (question), `n` narrative.
    pub k: &'static str,
    /// Title shown as the link.
    pub t: String,
    /// Where it sits (period, group, area), shown under the title.
    pub s: String,
    /// URL relative to the site root.
    pub u: String,
    /// Further searchable text (ids, short names, excerpt), shown for narratives.
    pub x: String,
}

#[derive(Debug, Serialize)]
pub struct SearchIndex {
    pub entries: Vec<Entry>,
}

/// The search page's context.
#[derive(Debug, Serialize)]
pub struct SearchPage {
    pub frame: Frame,
    pub index_url: String,
    pub script_url: String,
}

pub fn search_page(data: &SiteData) -> SearchPage {
    let path = paths::search();
    let title = data.t("search_page_title");
    SearchPage {
        frame: Frame::new(data, &path, title, vec![(data.t("home"), paths::home())]),
        index_url: paths::link(&path, INDEX_PATH),
        script_url: paths::link(&path, SCRIPT_PATH),
    }
}

/// Everything indexed, in a stable order: per period (latest first) its
/// agencies and narratives; the criteria and questions of each framework
/// once, linked to the latest period that uses it.
pub fn index(data: &SiteData) -> SearchIndex {
    let mut entries = Vec::new();
    let mut frameworks_done: Vec<&str> = Vec::new();
    for p in data.model.periods.iter().rev() {
        let group_name = |id: &Option<String>| {
            id.as_ref()
                .and_then(|g| p.groups.iter().find(|x| &x.id == g))
                .map(|g| g.name.clone())
        };
        for a in &p.agencies {
            let place = [group_name(&a.group), Some(p.name.clone())]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            let extra = [Some(a.id.clone()), a.short.clone(), a.cluster.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            entries.push(Entry {
                k: "a",
                t: a.name.clone(),
                s: place.clone(),
                u: paths::link("", &paths::agency(&p.id, &a.id)),
                x: extra,
            });
            for n in &a.narratives {
                entries.push(narrative(
                    n,
                    &paths::agency(&p.id, &a.id),
                    format!("{} · {}", a.name, p.name),
                ));
            }
        }
        for g in &p.groups {
            for n in &g.narratives {
                entries.push(narrative(
                    n,
                    &paths::group(&p.id, &g.id),
                    format!("{} · {}", g.name, p.name),
                ));
            }
        }
        for n in &p.narratives {
            entries.push(narrative(n, &paths::period(&p.id), p.name.clone()));
        }
        if !frameworks_done.contains(&p.framework.id.as_str()) {
            frameworks_done.push(&p.framework.id);
            criteria(p, &mut entries);
        }
    }
    SearchIndex { entries }
}

fn criteria(p: &Period, entries: &mut Vec<Entry>) {
    let fw = &p.framework;
    for (ix, node) in fw.nodes.iter().enumerate() {
        let trail = fw.path(ix);
        let place = trail[..trail.len() - 1]
            .iter()
            .map(|&n| fw.nodes[n].label().to_string())
            .collect::<Vec<_>>()
            .join(" › ");
        let (k, title, extra) = match &node.kind {
            NodeKind::Group { .. } => ("c", node.label().to_string(), node.id.clone()),
            NodeKind::Indicator(_) => (
                "i",
                node.text
                    .clone()
                    .unwrap_or_else(|| node.label().to_string()),
                [Some(node.id.clone()), node.name.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        };
        entries.push(Entry {
            k,
            t: one_line(&title),
            s: if place.is_empty() {
                fw.name.clone()
            } else {
                place
            },
            u: criterion_url(p, ix),
            x: extra,
        });
    }
}

/// The criterion page that shows a node: its own, else the nearest above it that has one.
fn criterion_url(p: &Period, ix: NodeIx) -> String {
    let fw = &p.framework;
    let trail = fw.path(ix);
    let shown = trail
        .iter()
        .rev()
        .copied()
        .find(|&n| view::has_criterion_page(fw, n))
        .unwrap_or(trail[0]);
    paths::link("", &paths::criterion(&p.id, &fw.nodes[shown].id, shown))
}

fn narrative(n: &crate::model::Narrative, page: &str, place: String) -> Entry {
    let title = n
        .title
        .clone()
        .unwrap_or_else(|| n.file.trim_end_matches(".md").replace('-', " "));
    Entry {
        k: "n",
        t: one_line(&title),
        s: place,
        u: format!(
            "{}#{}",
            paths::link("", page),
            paths::encode_segment(&format!("narasi-{}", n.file.trim_end_matches(".md")))
        ),
        x: excerpt(&n.body, EXCERPT_CHARS),
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plain text of a Markdown body, cut at a word near `max` characters.
pub fn excerpt(markdown: &str, max: usize) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => text.push(' '),
            _ => {}
        }
        if text.len() > max * 4 {
            break;
        }
    }
    let text = one_line(&text);
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{cut} …")
}

/// Writes the index as a script: `window.TOLOK_SEARCH = {...};`. The JSON is
/// written with `<`, U+2028 and U+2029 escaped, so no text in it can end a
/// script element or a JavaScript line. Streamed: a national tree's index is
/// tens of MB.
pub fn write_index_js(out: &mut dyn std::io::Write, index: &SearchIndex) -> std::io::Result<()> {
    out.write_all(b"window.TOLOK_SEARCH = ")?;
    let mut json = serde_json::Serializer::with_formatter(&mut *out, ScriptSafe);
    index.serialize(&mut json).map_err(std::io::Error::other)?;
    out.write_all(b";\n")
}

/// JSON whose strings never hold `<`, U+2028 or U+2029 as themselves.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        out: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(['<', '\u{2028}', '\u{2029}']) {
            out.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or('<');
            write!(out, "\\u{:04x}", c as u32)?;
            rest = &rest[at + c.len_utf8()..];
        }
        out.write_all(rest.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_plain_text_cut_at_a_word() {
        assert_eq!(
            excerpt("# Judul\n\nSatu **dua** `tiga`.\n\n- empat", 100),
            "Judul Satu dua tiga. empat"
        );
        assert_eq!(excerpt("satu dua tiga empat lima", 12), "satu dua …");
    }

    #[test]
    fn the_script_cannot_be_broken_out_of() {
        let index = SearchIndex {
            entries: vec![Entry {
                k: "a",
                t: "</script><script>alert(1)</script>\u{2028}".into(),
                s: String::new(),
                u: "x.html".into(),
                x: String::new(),
            }],
        };
        let mut js = Vec::new();
        write_index_js(&mut js, &index).unwrap();
        let js = String::from_utf8(js).unwrap();
        assert!(!js.contains('<') && !js.contains('\u{2028}'));
        let payload = js
            .strip_prefix("window.TOLOK_SEARCH = ")
            .and_then(|s| s.strip_suffix(";\n"))
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(payload).unwrap();
        assert_eq!(
            v["entries"][0]["t"],
            "</script><script>alert(1)</script>\u{2028}"
        );
    }
}
