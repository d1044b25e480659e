//! Machine-readable scores (`scores.json`, `scores.csv`) and the terminal
//! ranking. The JSON is the contract of FORMAT.md: numbers unrounded,
//! agencies by id, `null` for a left-out node or a missing index.

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::model::{NodeKind, Period};
use crate::score::AgencyScore;

fn band_label(period: &Period, band: Option<usize>) -> Option<&str> {
    band.and_then(|b| period.framework.bands.get(b))
        .map(|b| b.label.as_str())
}

/// A number, or `null` where there is none (or it is not finite).
fn number(x: Option<f64>) -> Option<f64> {
    x.filter(|x| x.is_finite())
}

/// The document of FORMAT.md, serialized as it goes: no tree of JSON values
/// is built, so a period of any size costs one agency's worth of memory.
struct ScoresDoc<'a> {
    period: &'a Period,
    scores: &'a [AgencyScore],
}

impl Serialize for ScoresDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(3))?;
        m.serialize_entry("period", &self.period.id)?;
        m.serialize_entry("framework", &self.period.framework.id)?;
        m.serialize_entry("agencies", &AgencyList(self.period, self.scores))?;
        m.end()
    }
}

struct AgencyList<'a>(&'a Period, &'a [AgencyScore]);

impl Serialize for AgencyList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (period, scores) = (self.0, self.1);
        s.collect_seq(
            period
                .agencies
                .iter()
                .zip(scores)
                .map(|(a, sc)| AgencyEntry(period, a, sc)),
        )
    }
}

struct AgencyEntry<'a>(&'a Period, &'a crate::model::Agency, &'a AgencyScore);

impl Serialize for AgencyEntry<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (period, a, sc) = (self.0, self.1, self.2);
        let mut m = s.serialize_map(Some(if a.ratings.is_empty() { 13 } else { 14 }))?;
        m.serialize_entry("id", &a.id)?;
        m.serialize_entry("name", &a.name)?;
        m.serialize_entry("group", &a.group)?;
        m.serialize_entry("index", &number(sc.result.index))?;
        m.serialize_entry("band", &band_label(period, sc.result.band))?;
        m.serialize_entry("self_index", &number(sc.self_assessed.index))?;
        m.serialize_entry("self_band", &band_label(period, sc.self_assessed.band))?;
        m.serialize_entry("indicators", &sc.counts.indicators)?;
        m.serialize_entry("answered", &sc.counts.answered)?;
        m.serialize_entry("verified", &sc.counts.verified)?;
        m.serialize_entry("not_applicable", &sc.counts.not_applicable)?;
        m.serialize_entry("nodes", &Nodes(period, sc))?;
        m.serialize_entry("next_band", &next_band_json(period, a, sc))?;
        // An addition to the format's keys, only where the agency has ratings.
        if !a.ratings.is_empty() {
            m.serialize_entry("ratings", &RatingsJson(&a.ratings))?;
        }
        m.end()
    }
}

/// `{"skm": {"value": 78.42, "band": "B", "source": ..., "date": ...}}`:
/// a number for a range scale, the grade for a scale of grades.
struct RatingsJson<'a>(&'a [crate::model::ratings::RatingValue]);

impl Serialize for RatingsJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(serde::Serialize)]
        struct Entry<'a> {
            value: serde_json::Value,
            band: Option<&'a str>,
            source: Option<&'a str>,
            date: Option<&'a str>,
        }
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for v in self.0 {
            let r = v.resolved.as_ref();
            let value = match r {
                Some(r) if r.number.is_some() => serde_json::json!(r.number),
                Some(r) => serde_json::json!(r.grade),
                None => serde_json::Value::Null,
            };
            m.serialize_entry(
                &v.id,
                &Entry {
                    value,
                    band: r.and_then(|r| r.band.as_deref()),
                    source: v.source.as_deref(),
                    date: v.date.as_deref(),
                },
            )?;
        }
        m.end()
    }
}

struct Nodes<'a>(&'a Period, &'a AgencyScore);

impl Serialize for Nodes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (fw, sc) = (&self.0.framework, self.1);
        let mut m = s.serialize_map(Some(fw.nodes.len()))?;
        for (ix, node) in fw.nodes.iter().enumerate() {
            let score = |f: Option<f64>| number(f.map(|f| f * node.weight));
            m.serialize_entry(
                &node.id,
                &NodeEntry {
                    score: score(sc.result.fractions.get(ix)),
                    self_score: score(sc.self_assessed.fractions.get(ix)),
                    max: number(Some(node.weight)),
                },
            )?;
        }
        m.end()
    }
}

#[derive(serde::Serialize)]
struct NodeEntry {
    score: Option<f64>,
    self_score: Option<f64>,
    max: Option<f64>,
}

/// Writes the scores of one period as FORMAT.md's "Machine-readable scores"
/// (pretty-printed JSON, each node on one line as in FORMAT.md, no final newline).
pub fn write_scores_json<W: std::io::Write + ?Sized>(
    out: &mut W,
    period: &Period,
    scores: &[AgencyScore],
) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(out, ScoresFormatter::default());
    ScoresDoc { period, scores }
        .serialize(&mut ser)
        .map_err(std::io::Error::from)
}

/// Where each agency's entry lies in a `scores.json`: (offset, length) in bytes.
pub type EntrySpans = Vec<(u64, u64)>;

/// The entries of a previous `scores.json` that may be copied as they are.
pub struct Previous<'a> {
    pub file: &'a std::fs::File,
    /// The span of agency `i`'s entry in `file`, when it is unchanged.
    pub entry: &'a (dyn Fn(usize) -> Option<(u64, u64)> + Sync),
}

/// `write_scores_json`, byte for byte, one agency entry at a time: an entry
/// `previous` has is copied from its file (by the system, without passing
/// through memory), the others are serialized. Returns where each entry
/// lies in the new document, for the next build. At 20,000 agencies the
/// document is about 200 MB, of which a rebuild serializes a few entries.
pub fn write_scores_json_reusing(
    out: &mut std::io::BufWriter<std::fs::File>,
    period: &Period,
    scores: &[AgencyScore],
    previous: Option<&Previous>,
) -> std::io::Result<EntrySpans> {
    use std::io::{Read, Seek, Write};
    let mut at: u64 = 0;
    let mut head = b"{\n  \"period\": ".to_vec();
    serde_json::to_writer(&mut head, &period.id)?;
    head.extend_from_slice(b",\n  \"framework\": ");
    serde_json::to_writer(&mut head, &period.framework.id)?;
    head.extend_from_slice(b",\n  \"agencies\": [");
    out.write_all(&head)?;
    at += head.len() as u64;
    let mut spans = Vec::with_capacity(scores.len());
    let mut entry = Vec::new();
    // Entries that follow each other in the previous file, separators
    // included, are copied as one run: (start, end) there.
    let mut run: Option<(u64, u64)> = None;
    let copy = |out: &mut std::io::BufWriter<std::fs::File>, run: Option<(u64, u64)>| {
        let (Some((from, to)), Some(p)) = (run, previous) else {
            return Ok(());
        };
        let mut file = p.file;
        file.seek(std::io::SeekFrom::Start(from))?;
        match std::io::copy(&mut file.take(to - from), out)? == to - from {
            true => Ok(()),
            false => Err(std::io::Error::other(
                crate::tr!(
                    "the previous scores.json is shorter than its record",
                    "scores.json sebelumnya lebih pendek daripada yang tercatat"
                )
                .into_string(),
            )),
        }
    };
    for (i, (a, sc)) in period.agencies.iter().zip(scores).enumerate() {
        let gap: &[u8] = if i == 0 { b"\n    " } else { b",\n    " };
        at += gap.len() as u64;
        let old = previous.and_then(|p| (p.entry)(i));
        let len = match (old, run) {
            (Some((from, len)), Some((start, end))) if end + gap.len() as u64 == from => {
                run = Some((start, from + len));
                len
            }
            (Some((from, len)), _) => {
                copy(out, run.take())?;
                out.write_all(gap)?;
                run = Some((from, from + len));
                len
            }
            (None, _) => {
                copy(out, run.take())?;
                out.write_all(gap)?;
                entry.clear();
                serialize_entry(&mut entry, period, a, sc)?;
                out.write_all(&entry)?;
                entry.len() as u64
            }
        };
        spans.push((at, len));
        at += len;
    }
    copy(out, run.take())?;
    out.write_all(if spans.is_empty() {
        b"]\n}"
    } else {
        b"\n  ]\n}"
    })?;
    Ok(spans)
}

/// One agency's entry as it reads inside the document (four spaces in).
fn serialize_entry(
    buf: &mut Vec<u8>,
    period: &Period,
    a: &crate::model::Agency,
    sc: &AgencyScore,
) -> std::io::Result<()> {
    let mut alone = Vec::with_capacity(16 << 10);
    let formatter = ScoresFormatter {
        depth: ENTRY_DEPTH - 1,
        ..Default::default()
    };
    let mut ser = serde_json::Serializer::with_formatter(&mut alone, formatter);
    AgencyEntry(period, a, sc)
        .serialize(&mut ser)
        .map_err(std::io::Error::from)?;
    // Every line break comes from the layout (strings escape theirs): indent
    // each line as deep as the entry sits in the document.
    for &b in &alone {
        buf.push(b);
        if b == b'\n' {
            buf.extend_from_slice(b"    ");
        }
    }
    Ok(())
}

/// serde_json's pretty layout, except that objects at depth FLAT and deeper
/// (the score of one node) are written on one line: `{"score": 3.5, "max": 5.0}`.
/// At 20,000 agencies this halves a document of hundreds of MB.
#[derive(Default)]
struct ScoresFormatter {
    inner: serde_json::ser::PrettyFormatter<'static>,
    depth: usize,
}

/// Root object 1, agencies array 2, agency 3, nodes 4, one node 5.
const FLAT: usize = 5;
const ENTRY_DEPTH: usize = 3;

impl serde_json::ser::Formatter for ScoresFormatter {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        self.inner.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        self.inner.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.inner.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.inner.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        if self.depth >= FLAT {
            w.write_all(b"{")
        } else {
            self.inner.begin_object(w)
        }
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        let depth = self.depth;
        self.depth -= 1;
        if depth >= FLAT {
            w.write_all(b"}")
        } else {
            self.inner.end_object(w)
        }
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        match (self.depth >= FLAT, first) {
            (true, true) => Ok(()),
            (true, false) => w.write_all(b", "),
            (false, _) => self.inner.begin_object_key(w, first),
        }
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        if self.depth >= FLAT {
            w.write_all(b": ")
        } else {
            self.inner.begin_object_value(w)
        }
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        if self.depth >= FLAT {
            Ok(())
        } else {
            self.inner.end_object_value(w)
        }
    }
}

/// The scores of one period as a JSON value (small periods; tests and tools).
pub fn scores_json(period: &Period, scores: &[AgencyScore]) -> serde_json::Value {
    serde_json::to_value(ScoresDoc { period, scores }).unwrap_or(serde_json::Value::Null)
}

/// The path to the next band (an addition to the format's keys): null at
/// the top band or without an index. A typed value, so its keys keep their
/// order whatever map serde_json is built with.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum NextBandJson<'a> {
    Reachable {
        band: &'a str,
        threshold: f64,
        reachable: bool,
        indicators: Vec<&'a str>,
        index_after: f64,
    },
    Unreachable {
        band: &'a str,
        threshold: f64,
        reachable: bool,
        best_index: f64,
    },
}

fn next_band_json<'a>(
    period: &'a Period,
    agency: &crate::model::Agency,
    s: &AgencyScore,
) -> Option<NextBandJson<'a>> {
    use crate::analysis::next_band::{next_band, NextBand};
    let fw = &period.framework;
    let bases = crate::score::bases(fw, &agency.answers, false);
    match next_band(fw, &bases, &s.result) {
        NextBand::NoIndex | NextBand::Top => None,
        NextBand::Reachable {
            band,
            threshold,
            steps,
            index_after,
        } => Some(NextBandJson::Reachable {
            band: &fw.bands[band].label,
            threshold,
            reachable: true,
            indicators: steps
                .iter()
                .map(|st| fw.nodes[st.indicator].id.as_str())
                .collect(),
            index_after,
        }),
        NextBand::Unreachable {
            band,
            threshold,
            best,
        } => Some(NextBandJson::Unreachable {
            band: &fw.bands[band].label,
            threshold,
            reachable: false,
            best_index: best,
        }),
    }
}

/// A text field, RFC 4180 quoted. Text that a spreadsheet would take for a
/// formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return)
/// gets a leading `'`: an agency named `=HYPERLINK(...)` must not run as one
/// when a reader opens `scores.csv` in Excel. Numbers are written by
/// `csv_number` and never changed.
fn csv_field(s: &str) -> String {
    let guarded;
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        guarded = format!("'{s}");
        guarded.as_str()
    } else {
        s
    };
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
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and every field is UTF-8.
    let _ = write_scores_csv(&mut out, period, scores);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes `scores_csv` row by row: a national period has 20,000 rows.
pub fn write_scores_csv(
    out: &mut dyn std::io::Write,
    period: &Period,
    scores: &[AgencyScore],
) -> std::io::Result<()> {
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
    // Additions: each rating an agency of the period has, its value and band.
    let mut rated: Vec<&str> = period
        .agencies
        .iter()
        .flat_map(|a| a.ratings.iter().map(|v| v.id.as_str()))
        .collect();
    rated.sort_unstable();
    rated.dedup();
    for id in &rated {
        header.push(format!("rating_{id}"));
        header.push(format!("rating_{id}_band"));
    }
    let header = header
        .iter()
        .map(|h| csv_field(h))
        .collect::<Vec<_>>()
        .join(",");
    write!(out, "{header}\r\n")?;
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
                .map(|&g| csv_number(s.result.fractions.get(g).map(|f| f * fw.nodes[g].weight))),
        );
        for id in &rated {
            let r = a
                .ratings
                .iter()
                .find(|v| v.id == *id)
                .and_then(|v| v.resolved.as_ref());
            row.push(match r {
                Some(r) if r.number.is_some() => csv_number(r.number),
                Some(r) => r.grade.clone().unwrap_or_default(),
                None => String::new(),
            });
            row.push(r.and_then(|r| r.band.clone()).unwrap_or_default());
        }
        let row = row
            .iter()
            .map(|f| csv_field(f))
            .collect::<Vec<_>>()
            .join(",");
        write!(out, "{row}\r\n")?;
    }
    Ok(())
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
