//! Reading YAML documents into typed structs, and turning parser errors into
//! diagnostics with a line, a column and a hint.
//!
//! Also finds where a key sits in a file (`Locator`) for errors found after
//! parsing (an unknown indicator id, a peer that names no agency). It scans
//! lines lazily, only when an error must be reported, so clean trees pay nothing.

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;
use std::rc::Rc;

use super::text;
use crate::diagnostics::Diagnostic;
use crate::tr;

use super::yaml_errors::*;
pub(super) use super::yaml_errors::{error_of, raw_message, wrong_type_english};

/// Parse `text` (already known to be UTF-8) as one YAML document of type T.
///
/// Two limits keep hostile input cheap: flow brackets nested deeper than
/// `MAX_DEPTH` are refused before the parser sees them (its cost grows with
/// the square of the depth), and aliases may not expand the document beyond
/// what it could hold written out (`Budget`).
pub fn parse<T: DeserializeOwned>(text: &str, file: &Path) -> Result<T, Diagnostic> {
    if is_blank(text) {
        return Err(
            Diagnostic::error(file, tr!("the file is empty", "berkas ini kosong")).hint(tr!(
                "write the keys this file needs (see the format), or delete the file",
                "tulis kunci yang diperlukan berkas ini (lihat format), atau hapus berkas ini"
            )),
        );
    }
    if let Some(at) = too_deep(text) {
        return Err(Diagnostic::error(
            file,
            tr!(
                "the YAML is nested more than {MAX_DEPTH} levels deep",
                "YAML ini bersarang lebih dari {MAX_DEPTH} tingkat"
            ),
        )
        .at(Some(at))
        .hint(tr!(
            "close the `[` and `{{` brackets that are open here; tolok reads at most 128 levels",
            "tutup kurung `[` dan `{{` yang masih terbuka di sini; tolok membaca paling banyak 128 tingkat"
        )));
    }
    let parsed = Budget::scope(text.len(), || serde_yaml::from_str::<Mapping<T>>(text));
    parsed.map(|m| m.0).map_err(|e| {
        let mut d = super::slips::explain(yaml_error(&e, file), &raw_message(&e), text);
        // The parser pins a duplicate key to its mapping; point at the second key instead.
        if let Some(key) = twice_key(&d.message) {
            let start = d.line.unwrap_or(1).saturating_sub(1);
            let second = text
                .lines()
                .enumerate()
                .skip(start)
                .filter(|(_, l)| Line::read((0, l)).and_then(|l| l.key).as_deref() == Some(key))
                .nth(1);
            if let Some((n, l)) = second {
                d.line = Some(n + 1);
                d.column = Some(l.len() - l.trim_start_matches([' ', '-']).len() + 1);
            }
        }
        d
    })
}

/// A text with no YAML in it: only blank lines and comments. Callers for
/// which an empty file is fine test this before `parse`, which refuses it.
pub fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with('#') || l == "---" || l == "..."
    })
}

/// How deep YAML may nest, as serde_norway's own recursion limit.
pub const MAX_DEPTH: usize = 128;

/// Where flow brackets (`[`, `{`) first nest deeper than `MAX_DEPTH`, by a
/// scan that ignores comments but not quotes: text in quotes only makes it
/// refuse more, and only with more than a hundred unclosed brackets.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    // Fewer opening brackets than the limit cannot nest beyond it: nearly
    // every file ends here, after one pass over its bytes that the compiler
    // vectorizes (the scan below took 5% of loading a national tree).
    if text.bytes().filter(|b| matches!(b, b'[' | b'{')).count() <= MAX_DEPTH {
        return None;
    }
    let mut depth = 0usize;
    for (n, line) in text.lines().enumerate() {
        let mut after_space = true;
        for (col, c) in line.chars().enumerate() {
            match c {
                '#' if after_space => break,
                '[' | '{' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Some((n + 1, col + 1));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
            after_space = c.is_whitespace();
        }
    }
    None
}

/// A count of the scalars one `parse` may create. Without aliases a document
/// cannot hold more scalars than half its length, so the budget only stops
/// aliases that multiply a document (a "billion laughs"), and memory stays
/// proportional to the file's size.
struct Budget;

pub(super) const BUDGET_MESSAGE: &str = "alias budget exceeded";

thread_local! {
    static LEFT: std::cell::Cell<usize> = const { std::cell::Cell::new(usize::MAX) };
}

impl Budget {
    fn scope<R>(len: usize, f: impl FnOnce() -> R) -> R {
        let before = LEFT.with(|l| l.replace(len / 2 + 10_000));
        let result = f();
        LEFT.with(|l| l.set(before));
        result
    }

    fn spend<E: de::Error>() -> Result<(), E> {
        LEFT.with(|l| match l.get() {
            0 => Err(E::custom(BUDGET_MESSAGE)),
            n => {
                l.set(n - 1);
                Ok(())
            }
        })
    }
}

/// A scalar read as text whatever its YAML type (`name: 2022`, `answer: 1`, `answer: ya`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text(pub String);

impl<'de> de::Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Budget::spend()?;
        d.deserialize_any(TextVisitor { name: false })
    }
}

/// Reads any scalar as text, checked as a name or as a text.
struct TextVisitor {
    name: bool,
}

impl Visitor<'_> for TextVisitor {
    type Value = Text;
    // In English: `explain` recognises it, and says it in Indonesian (`expected_id`).
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a text, a number or a boolean")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
        self.visit_string(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
        if self.name {
            checked_name(&v)?;
        } else {
            checked_text(&v)?;
        }
        Ok(Text(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
        Ok(Text(v.to_string()))
    }
}

/// Refuses a text that holds a control or direction character, or that is
/// longer than `limit` characters (see `text`); `name` says whether it is
/// a name or a text, in the message.
fn checked<E: de::Error>(v: &str, limit: usize, name: bool) -> Result<(), E> {
    if let Some((_, c)) = text::forbidden_char(v) {
        return Err(E::custom(format!(
            "{}{HINT_MARK}{}",
            text::forbidden_message(c),
            text::forbidden_hint()
        )));
    }
    if v.len() > limit && v.chars().count() > limit {
        let count = v.chars().count();
        let (message, advice) = if name {
            (
                tr!(
                    "the name has {count} characters, more than the {limit} a name may have",
                    "nama ini berisi {count} karakter, lebih dari {limit} karakter yang diizinkan untuk nama"
                ),
                tr!(
                    "shorten it; a longer description belongs in a narrative (a .md file)",
                    "persingkat nama ini; uraian yang lebih panjang ditulis dalam narasi (berkas .md)"
                ),
            )
        } else {
            (
                tr!(
                    "the text has {count} characters, more than the {limit} a text may have",
                    "teks ini berisi {count} karakter, lebih dari {limit} karakter yang diizinkan untuk teks"
                ),
                tr!(
                    "put long texts in a narrative (a .md file)",
                    "tulis teks yang panjang dalam narasi (berkas .md)"
                ),
            )
        };
        return Err(E::custom(format!("{message}{HINT_MARK}{advice}")));
    }
    Ok(())
}

fn checked_text<E: de::Error>(v: &str) -> Result<(), E> {
    checked(v, text::MAX_TEXT_CHARS, false)
}

/// The checks of a `Name`, for visitors that read one themselves.
pub fn checked_name<E: de::Error>(v: &str) -> Result<(), E> {
    checked(v, text::MAX_NAME_CHARS, true)
}

/// A name (of a site, period, group, agency, criterion, band, evidence
/// item or action): a `Text` of at most `text::MAX_NAME_CHARS` characters,
/// since names stand in headings, tables, file titles and chart labels.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Name(pub String);

impl<'de> de::Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Budget::spend()?;
        // A name checks its own length before the longer limit of texts.
        let Text(name) = d.deserialize_any(TextVisitor { name: true })?;
        Ok(Name(name))
    }
}

/// A document or part of one that must be written as a mapping. (serde also
/// reads a struct from a list, by position, which the format does not allow.)
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mapping<T>(pub T);

impl<'de, T: de::Deserialize<'de>> de::Deserialize<'de> for Mapping<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: de::Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Mapping<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping (key: value lines)")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Mapping)
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

/// A mapping that keeps its keys in document order and rejects a key written twice.
#[derive(Debug, Clone, PartialEq)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<'de, T: de::Deserialize<'de>> de::Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Budget::spend()?;
        struct V<T>(PhantomData<T>);
        impl<'de, T: de::Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of keys to values")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Ordered(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, T)> = Vec::new();
                let mut seen = std::collections::HashSet::new();
                while let Some(Text(key)) = map.next_key::<Text>()? {
                    if !seen.insert(key.clone()) {
                        return Err(de::Error::custom(tr!(
                            "the key `{key}` is written twice in this mapping",
                            "kunci `{key}` ditulis dua kali dalam pemetaan ini"
                        )));
                    }
                    let value = map.next_value::<T>()?;
                    entries.push((key, value));
                }
                Ok(Ordered(entries))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// One step of a path to a value in a YAML document.
#[derive(Debug, Clone, Copy)]
pub enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

/// Finds the line and column of a key path in block-style YAML, by indentation.
/// Falls back to the deepest part of the path it can find. For many lookups
/// in one text, keep a `Locator`.
pub fn locate(text: &str, path: &[Seg]) -> Option<(usize, usize)> {
    Locator::new(text).locate(path)
}

/// Finds key paths in one text, many times: the lines are read once, on the
/// first lookup, and each block's keys are indexed the first time it is
/// searched, so a file with thousands of errors is located in linear time.
pub struct Locator<'a> {
    text: &'a str,
    lines: OnceCell<Vec<Line>>,
    /// (scope start, scope end, parent indent) -> the keys and items of that block.
    blocks: RefCell<HashMap<(usize, usize, isize), Rc<Block>>>,
    /// (line, scope end) -> where that line's block ends.
    ends: RefCell<HashMap<(usize, usize), usize>>,
}

/// The lines of a block at its shallowest indent: first line of each key, and items.
struct Block {
    level: usize,
    keys: HashMap<String, usize>,
    items: Vec<usize>,
}

impl<'a> Locator<'a> {
    pub fn new(text: &'a str) -> Self {
        Locator {
            text,
            lines: OnceCell::new(),
            blocks: RefCell::default(),
            ends: RefCell::default(),
        }
    }

    pub fn locate(&self, path: &[Seg]) -> Option<(usize, usize)> {
        let lines = self.lines.get_or_init(|| {
            self.text
                .lines()
                .enumerate()
                .filter_map(Line::read)
                .collect()
        });
        let mut scope = 0..lines.len();
        let mut parent_indent: isize = -1;
        let mut found = None;
        for seg in path {
            let Some(block) = self.block(lines, scope.clone(), parent_indent) else {
                break;
            };
            let level = block.level;
            let hit = match seg {
                Seg::Key(key) => block.keys.get(*key).copied(),
                Seg::Index(n) => block.items.get(*n).copied(),
            };
            let Some(hit) = hit else { break };
            let line = &lines[hit];
            found = Some((line.number + 1, line.indent + 1));
            let end = *self
                .ends
                .borrow_mut()
                .entry((hit, scope.end))
                .or_insert_with(|| {
                    (hit + 1..scope.end)
                        .find(|&i| {
                            lines[i].indent <= level
                                && (lines[i].item || !line.item || lines[i].indent < level)
                        })
                        .unwrap_or(scope.end)
                });
            // A list item's own keys sit at its indent; the rest of the item is deeper.
            (parent_indent, scope) = match seg {
                Seg::Index(_) => (level as isize - 1, hit..end),
                Seg::Key(_) => (level as isize, hit + 1..end),
            };
        }
        found
    }

    fn block(
        &self,
        lines: &[Line],
        scope: std::ops::Range<usize>,
        parent_indent: isize,
    ) -> Option<Rc<Block>> {
        let key = (scope.start, scope.end, parent_indent);
        if let Some(b) = self.blocks.borrow().get(&key) {
            return Some(b.clone());
        }
        let children = || {
            scope
                .clone()
                .filter(|&i| lines[i].indent as isize > parent_indent)
        };
        let level = children().map(|i| lines[i].indent).min()?;
        let mut block = Block {
            level,
            keys: HashMap::new(),
            items: Vec::new(),
        };
        for i in children().filter(|&i| lines[i].indent == level) {
            if let Some(k) = &lines[i].key {
                block.keys.entry(k.clone()).or_insert(i);
            }
            if lines[i].item {
                block.items.push(i);
            }
        }
        let block = Rc::new(block);
        self.blocks.borrow_mut().insert(key, block.clone());
        Some(block)
    }
}

/// A meaningful line: where its key starts, whether it opens a list item.
struct Line {
    number: usize,
    indent: usize,
    key: Option<String>,
    item: bool,
}

impl Line {
    fn read((number, raw): (usize, &str)) -> Option<Line> {
        let trimmed = raw.trim_start_matches([' ', '\u{feff}']);
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with("---") {
            return None;
        }
        let mut indent = raw.len() - trimmed.len();
        let mut rest = trimmed;
        let mut item = false;
        if rest == "-" || rest.starts_with("- ") {
            item = true;
            let after = rest[1..].trim_start();
            indent += rest.len() - after.len();
            rest = after;
        }
        let key = key_of(rest);
        Some(Line {
            number,
            indent,
            key,
            item,
        })
    }
}

fn key_of(rest: &str) -> Option<String> {
    let (raw, quoted) = if let Some(q) = rest.strip_prefix('"') {
        (q.split('"').next()?, true)
    } else if let Some(q) = rest.strip_prefix('\'') {
        (q.split('\'').next()?, true)
    } else {
        (rest.split(':').next()?, false)
    };
    // An unclosed quote leaves nothing after the key: `get` instead of a slice.
    let after = rest.get(raw.len() + if quoted { 2 } else { 0 }..)?;
    (after.starts_with(':') && !raw.contains(['{', '['])).then(|| raw.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_refused_only_beyond_the_limit() {
        let nested = |n: usize| format!("a: {}{}", "[".repeat(n), "]".repeat(n));
        assert_eq!(too_deep(&nested(MAX_DEPTH)), None);
        assert_eq!(too_deep(&nested(MAX_DEPTH + 1)), Some((1, MAX_DEPTH + 4)));
        // Many brackets, none deep; and brackets in a comment.
        assert_eq!(too_deep(&"- [a, {b: c}]\n".repeat(MAX_DEPTH)), None);
        let commented = format!("a: 1 # {}\nb: 2\n", "[".repeat(MAX_DEPTH + 1));
        assert_eq!(too_deep(&commented), None);
    }

    const DOC: &str = "answers:\n  mp-tim:\n    answer: ya\n    verfied: ya\n  mp-roadmap:\n    answer: n/a\nactions:\n  - id: ra-01\n    activity: x\n  - id: ra-02\n    due: 2022-13-01\n";

    #[test]
    fn locates_keys_and_items() {
        assert_eq!(
            locate(DOC, &[Seg::Key("answers"), Seg::Key("mp-roadmap")]),
            Some((5, 3))
        );
        assert_eq!(
            locate(
                DOC,
                &[Seg::Key("answers"), Seg::Key("mp-tim"), Seg::Key("verfied")]
            ),
            Some((4, 5))
        );
        assert_eq!(
            locate(DOC, &[Seg::Key("actions"), Seg::Index(1), Seg::Key("due")]),
            Some((11, 5))
        );
        assert_eq!(
            locate(DOC, &[Seg::Key("actions"), Seg::Index(1)]),
            Some((10, 5))
        );
    }

    #[test]
    fn unknown_key_gets_nearest() {
        #[derive(serde::Deserialize, Debug)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct A {
            answer: Option<Text>,
            verified: Option<Text>,
        }
        let err = parse::<A>("answer: ya\nverfied: ya\n", Path::new("a.yaml")).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(
            err.message.contains("unknown key `verfied`"),
            "{}",
            err.message
        );
        assert!(err.hint.unwrap().contains("did you mean `verified`"));
    }

    #[test]
    fn unclosed_quotes_and_odd_lines_do_not_panic() {
        let text = "note: |\n  \"abc\n  'x\n  \"\nkey: 1\n";
        assert_eq!(locate(text, &[Seg::Key("key")]), Some((5, 1)));
        assert_eq!(locate("\"", &[Seg::Key("a")]), None);
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let deep = "[".repeat(10_000);
        let err = parse::<Ordered<Text>>(&deep, Path::new("a.yaml")).unwrap_err();
        assert!(
            err.message.contains("nested more than 128"),
            "{}",
            err.message
        );
        assert_eq!((err.line, err.column), (Some(1), Some(129)));
        // Brackets in comments do not count.
        let commented = format!("a: 1 # {deep}\n");
        assert!(parse::<Ordered<Text>>(&commented, Path::new("a.yaml")).is_ok());
    }

    #[test]
    fn duplicate_keys_rejected() {
        let err = parse::<Ordered<Text>>("a: 1\nb: 2\na: 3\n", Path::new("a.yaml")).unwrap_err();
        assert!(err.message.contains("written twice"), "{}", err.message);
        assert_eq!(err.line, Some(3));
    }
}
