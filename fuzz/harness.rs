//! What the fuzz targets do with one input, shared with `tests/fuzz_corpus.rs`
//! so that the corpus is replayed by the ordinary test suite (no nightly, no
//! libFuzzer needed). Each function panics only when tolok breaks one of its
//! own promises on that input.

use tolok::content::{check_documents, frontmatter, Documents};
use tolok::diagnostics::Diagnostic;

/// Separates the documents of one `documents` input: framework, agency.yaml,
/// evidence, narrative. An input without it is an evidence file alone.
pub const SEPARATOR: &[u8] = b"\n#--\n";

pub const FRAMEWORK: &str = "name: Kerangka\nscales:\n  yt: {choice: {ya: 1, tidak: 0}}\n  pct: {range: [0, 100]}\nbands:\n  - {label: A, above: 80}\n  - {label: B, above: 50}\n  - {label: C}\ncriteria:\n  - id: area\n    weight: 2\n    criteria:\n      - {id: i1, scale: yt}\n      - {id: i2, scale: pct, requires: i1}\n  - id: lain\n    criteria:\n      - {id: i3, scale: yt, times: i2}\n";
pub const AGENCY: &str = "name: Dinas A\ncluster: umum\n";

fn split(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        parts.push(&rest[..i]);
        rest = &rest[i + SEPARATOR.len()..];
    }
    parts.push(rest);
    parts
}

/// Every diagnostic names a file of the documents, a line from 1, and says something.
fn well_formed(d: &Diagnostic) {
    assert!(d.file.starts_with("memory"), "{d}");
    assert!(!d.message.trim().is_empty(), "{d}");
    assert!(d.line.is_none_or(|l| l >= 1), "{d}");
    assert!(d.column.is_none_or(|c| c >= 1), "{d}");
}

/// Checks the documents in `data`; scores the agency when they are clean.
pub fn documents(data: &[u8]) {
    let parts = split(data);
    let docs = match parts.as_slice() {
        [evidence] => Documents {
            framework: FRAMEWORK.as_bytes(),
            agency: AGENCY.as_bytes(),
            evidence,
            narrative: b"",
        },
        [framework, agency, rest @ ..] => Documents {
            framework,
            agency,
            evidence: rest.first().copied().unwrap_or_default(),
            narrative: rest.get(1).copied().unwrap_or_default(),
        },
        [] => unreachable!("split returns at least one part"),
    };
    let checked = check_documents(&docs);
    checked.diagnostics.iter().for_each(well_formed);
    if checked.diagnostics.has_errors() {
        return;
    }
    if let (Some(fw), Some(agency)) = (&checked.framework, &checked.agency) {
        let score = tolok::score::score_agency(fw, &agency.answers);
        for index in [score.result.index, score.self_assessed.index]
            .into_iter()
            .flatten()
        {
            assert!((0.0..=100.0).contains(&index), "index {index} out of range");
        }
    }
}

/// Splits `data` as a narrative, checks its front matter and renders its body.
pub fn frontmatter(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let split = frontmatter::split(text);
        assert!(
            text.ends_with(split.body),
            "the body is the end of the text"
        );
        if let Some((front, line)) = split.front {
            assert!(line >= 2 && text.contains(front));
        }
        let html = tolok::render::markdown::to_html(split.body, 3);
        if let Some(bad) = hostile_markup(&html, &[]) {
            panic!("{bad} survived sanitizing in {html}");
        }
    }
    let checked = check_documents(&Documents {
        framework: FRAMEWORK.as_bytes(),
        agency: AGENCY.as_bytes(),
        evidence: b"",
        narrative: data,
    });
    checked.diagnostics.iter().for_each(well_formed);
}

/// Tags that run code, load or embed something, send data or restyle a page.
const HOSTILE_TAGS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "meta", "base",
    "link", "style", "svg", "math", "video", "audio", "source", "picture", "template",
];

/// Attributes whose value is fetched as a resource when the page loads.
const RESOURCE_ATTRIBUTES: &[&str] = &["src", "srcset", "background", "poster", "data"];

/// The first tag or attribute of `html` that could run code, load something
/// from outside the site or restyle the page, or `None`. `allow` names tags a
/// page may have all the same (the charts' `svg`, the theme's `link`), and
/// `@style` allows style attributes that load nothing (the theme's colours).
pub fn hostile_markup(html: &str, allow: &[&str]) -> Option<String> {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if rest.starts_with(['/', '!', '?']) {
            continue;
        }
        let name_end = rest
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        if HOSTILE_TAGS.contains(&name.as_str()) && !allow.contains(&name.as_str()) {
            return Some(format!("<{name}>"));
        }
        rest = &rest[name_end..];
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() || rest.starts_with('>') {
                break;
            }
            let attr_end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '>')
                .unwrap_or(rest.len());
            let attr = rest[..attr_end].to_ascii_lowercase();
            rest = &rest[attr_end..];
            let mut value = "";
            if let Some(after) = rest.strip_prefix('=') {
                let (v, r) = match after.chars().next() {
                    Some(q @ ('"' | '\'')) => {
                        let body = &after[1..];
                        let end = body.find(q).unwrap_or(body.len());
                        (&body[..end], &body[(end + 1).min(body.len())..])
                    }
                    _ => {
                        let end = after
                            .find(|c: char| c.is_whitespace() || c == '>')
                            .unwrap_or(after.len());
                        (&after[..end], &after[end..])
                    }
                };
                value = v;
                rest = r;
            }
            if let Some(bad) = hostile_attribute(&name, &attr, value, allow) {
                return Some(bad);
            }
        }
    }
    None
}

fn hostile_attribute(tag: &str, attr: &str, value: &str, allow: &[&str]) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    let style_ok = allow.contains(&"@style")
        && !["url(", "expression(", "@import", "\\"]
            .iter()
            .any(|s| lower.contains(s));
    if attr.starts_with("on")
        || (attr == "style" && !style_ok)
        || attr == "formaction"
        || attr == "http-equiv"
    {
        return Some(format!("<{tag} {attr}>"));
    }
    // As a browser reads the URL: entities decoded, leading and trailing
    // controls and spaces trimmed, tabs and line breaks dropped, `\` as `/`.
    let decoded = value
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'");
    let url: String = decoded
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| {
            if c == '\\' {
                '/'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    let scheme_bad = ["javascript:", "vbscript:", "data:"]
        .iter()
        .any(|s| url.starts_with(s));
    let remote = url.starts_with("//") || url.contains(':');
    let is_url = matches!(attr, "href" | "xlink:href" | "action" | "cite");
    let is_resource = RESOURCE_ATTRIBUTES.contains(&attr);
    if ((is_url || is_resource) && scheme_bad) || (is_resource && remote) {
        return Some(format!("<{tag} {attr}=\"{value}\">"));
    }
    None
}
