//! Reading just enough of a PDF written by Chromium (Skia): the page order
//! and the page each named destination (an element id that the document
//! links to) lands on. Used to put page numbers into a book's contents.
//! Not a general PDF parser: no object streams, no encryption; anything it
//! cannot follow yields no page numbers rather than wrong ones.

use std::collections::{BTreeMap, HashMap};

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// The dictionaries of the file's objects (stream data left out), by number.
fn objects(pdf: &[u8]) -> HashMap<u32, &[u8]> {
    let mut out = HashMap::new();
    let mut pos = 0;
    while let Some(at) = find(pdf, pos, b" 0 obj") {
        // The object number: the digits just before, at the start of a line.
        let mut start = at;
        while start > 0 && pdf[start - 1].is_ascii_digit() {
            start -= 1;
        }
        let number = std::str::from_utf8(&pdf[start..at])
            .ok()
            .and_then(|s| s.parse::<u32>().ok());
        let body_start = at + b" 0 obj".len();
        let line_start = start == 0 || matches!(pdf[start - 1], b'\n' | b'\r');
        let Some(end) = find(pdf, body_start, b"endobj") else {
            break;
        };
        let mut body = &pdf[body_start..end];
        let mut next = end + b"endobj".len();
        if let Some(s) = find(body, 0, b"stream") {
            // Skip the stream's data by its length, so its bytes are never read as objects.
            let dict = &body[..s];
            body = dict;
            if let Some(len) = direct_number(dict, b"/Length") {
                let data = body_start + s + b"stream".len();
                if let Some(after) = find(pdf, data + len as usize, b"endobj") {
                    next = after + b"endobj".len();
                }
            }
        }
        if let (Some(n), true) = (number, line_start) {
            out.insert(n, body);
        }
        pos = next;
    }
    out
}

/// The integer after `key` when it is a direct number (not `N 0 R`).
fn direct_number(dict: &[u8], key: &[u8]) -> Option<u64> {
    let at = find(dict, 0, key)? + key.len();
    let rest = std::str::from_utf8(&dict[at..]).ok()?;
    let mut words = rest.split(|c: char| c.is_whitespace() || c == '>' || c == '/');
    let first = words.find(|w| !w.is_empty())?;
    let n = first.parse().ok()?;
    // `N 0 R` is a reference, not a length.
    let tail = rest.trim_start().trim_start_matches(first).trim_start();
    if tail.starts_with("0 R") {
        return None;
    }
    Some(n)
}

/// The object number of `key N 0 R` in a dictionary.
fn reference(dict: &[u8], key: &[u8]) -> Option<u32> {
    let at = find(dict, 0, key)? + key.len();
    let rest = std::str::from_utf8(&dict[at..]).ok()?;
    let mut words = rest.split_whitespace();
    let n = words.next()?.parse().ok()?;
    (words.next()? == "0" && words.next()?.starts_with('R')).then_some(n)
}

/// The numbers of `N 0 R` references inside the array after `key`.
fn references(dict: &[u8], key: &[u8]) -> Vec<u32> {
    let Some(at) = find(dict, 0, key) else {
        return vec![];
    };
    let Some(open) = find(dict, at, b"[") else {
        return vec![];
    };
    let Some(close) = find(dict, open, b"]") else {
        return vec![];
    };
    let text = String::from_utf8_lossy(&dict[open + 1..close]).into_owned();
    let words: Vec<&str> = text.split_whitespace().collect();
    words
        .chunks(3)
        .filter(|c| c.len() == 3 && c[1] == "0" && c[2] == "R")
        .filter_map(|c| c[0].parse().ok())
        .collect()
}

fn has_type(dict: &[u8], ty: &[u8]) -> bool {
    let mut pattern = b"/Type /".to_vec();
    pattern.extend_from_slice(ty);
    let mut pos = 0;
    while let Some(at) = find(dict, pos, &pattern) {
        // `/Type /Page` must not match `/Type /Pages`.
        let after = dict.get(at + pattern.len());
        if !after.is_some_and(|b| b.is_ascii_alphanumeric()) {
            return true;
        }
        pos = at + 1;
    }
    false
}

/// What a book needs from its PDF.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PdfFacts {
    pub pages: usize,
    /// Named destination -> page number (1-based).
    pub destinations: BTreeMap<String, usize>,
}

/// Decodes `#xx` escapes of a PDF name.
fn name(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'#' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&raw[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The page count and named destinations of a PDF written by Chromium.
pub fn read(pdf: &[u8]) -> PdfFacts {
    let objs = objects(pdf);
    let Some(catalog) = objs.values().find(|d| has_type(d, b"Catalog")) else {
        return PdfFacts::default();
    };
    // The page tree, depth first: its leaves in order are the pages.
    let mut order: Vec<u32> = Vec::new();
    let mut stack: Vec<u32> = reference(catalog, b"/Pages").into_iter().collect();
    let mut seen = 0;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > 1_000_000 {
            break;
        }
        let Some(d) = objs.get(&n) else { continue };
        if has_type(d, b"Pages") {
            stack.extend(references(d, b"/Kids").into_iter().rev());
        } else {
            order.push(n);
        }
    }
    let page_of: HashMap<u32, usize> = order.iter().enumerate().map(|(i, &n)| (n, i + 1)).collect();
    let mut destinations = BTreeMap::new();
    if let Some(dests) = reference(catalog, b"/Dests").and_then(|n| objs.get(&n)) {
        let text = String::from_utf8_lossy(dests).into_owned();
        // `/name [P 0 R /XYZ ...]`, or `/name N 0 R` pointing at such an array.
        for part in text.split('/').skip(1) {
            let mut words = part.split_whitespace();
            let Some(key) = words.next() else { continue };
            let rest: Vec<&str> = words.take(3).collect();
            let page = match rest.as_slice() {
                [p, "0", r] if p.starts_with('[') && r.starts_with('R') => {
                    p.trim_start_matches('[').parse::<u32>().ok()
                }
                [n, "0", r] if r.starts_with('R') => n
                    .parse::<u32>()
                    .ok()
                    .and_then(|n| objs.get(&n))
                    .and_then(|arr| {
                        let t = String::from_utf8_lossy(arr).into_owned();
                        let mut w = t.trim().trim_start_matches('[').split_whitespace();
                        w.next()?.parse::<u32>().ok()
                    }),
                _ => None,
            };
            if let Some(p) = page.and_then(|p| page_of.get(&p)) {
                destinations.insert(name(key), *p);
            }
        }
    }
    PdfFacts {
        pages: order.len(),
        destinations,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shape Chromium writes, with a nested page tree and a stream whose
    /// data looks like an object.
    const SAMPLE: &[u8] = b"%PDF-1.4\n\
1 0 obj\n<</Type /Page\n/Parent 5 0 R>>\nendobj\n\
7 0 obj\n<</Filter /FlateDecode\n/Length 12>> stream\n9 0 obj\n<<>>\nendstream\nendobj\n\
2 0 obj\n<</Type /Page\n/Parent 6 0 R>>\nendobj\n\
3 0 obj\n<</Type /Page\n/Parent 6 0 R>>\nendobj\n\
6 0 obj\n<</Type /Pages\n/Count 2\n/Kids [3 0 R 2 0 R]>>\nendobj\n\
5 0 obj\n<</Type /Pages\n/Count 3\n/Kids [1 0 R 6 0 R]>>\nendobj\n\
8 0 obj\n<</laporan-a#2Fb [2 0 R /XYZ 6 826 0]\n/peringkat [1 0 R /XYZ 6 826 0]>>\nendobj\n\
4 0 obj\n<</Type /Catalog\n/Pages 5 0 R\n/Dests 8 0 R>>\nendobj\n\
trailer\n<</Root 4 0 R>>\n%%EOF\n";

    #[test]
    fn reads_page_order_and_destinations() {
        let facts = read(SAMPLE);
        assert_eq!(facts.pages, 3);
        assert_eq!(facts.destinations.get("peringkat"), Some(&1));
        // page 2 0 R is the third page: 1, then 3 and 2 under the nested node
        assert_eq!(facts.destinations.get("laporan-a/b"), Some(&3));
    }

    #[test]
    fn garbage_gives_nothing() {
        assert_eq!(read(b"not a pdf"), PdfFacts::default());
    }
}
