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

/// A Markdown text (a narrative's body, a note) through the check the
/// loader makes and, when it passes, the renderer: no input may panic, and
/// nothing hostile may survive. (The time limit of the fuzzer, and the
/// replay's, catch rendering that is not linear in the text.)
pub fn markdown(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(problem) = tolok::content::text::markdown_too_deep(text) {
        assert!(problem.line >= 1 && problem.column >= 1, "{problem:?}");
        assert!(problem.line <= text.lines().count().max(1), "{problem:?}");
        return;
    }
    let html = tolok::render::markdown::to_html(text, 3);
    if let Some(bad) = hostile_markup(&html, &[]) {
        panic!("{bad} survived sanitizing in {html}");
    }
    assert!(
        !html.contains("<!---->"),
        "a split marker survived in {html}"
    );
}

/// The content tree the `form` target imports into: the documents of the
/// `documents` target as a period `2022` with one agency, and a fixed form
/// key, so that forms kept in the corpus keep a valid seal.
pub struct FormTree {
    _dir: tempfile::TempDir,
    pub root: std::path::PathBuf,
    pub model: tolok::model::Model,
}

pub const FORM_KEY: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

pub fn form_tree() -> &'static FormTree {
    static TREE: std::sync::OnceLock<FormTree> = std::sync::OnceLock::new();
    TREE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("content");
        let files = [
            ("site.yaml", "title: Uji\n"),
            ("frameworks/fw.yaml", FRAMEWORK),
            ("2022/period.yaml", "name: Periode 2022\nframework: fw\n"),
            ("2022/prov/dinas-a/agency.yaml", AGENCY),
            (
                "2022/prov/dinas-a/evidence.yaml",
                "answers:\n  i1: {answer: ya, evidence: [SK]}\n  i2: {answer: 70, evidence: [L]}\n",
            ),
            (".tolok/form-key", FORM_KEY),
        ];
        for (path, text) in files {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let loaded = tolok::content::load(&root);
        assert!(!loaded.diagnostics.has_errors(), "the form tree loads");
        FormTree {
            _dir: dir,
            root,
            model: loaded.model,
        }
    })
}

/// A workbook sent in as a filled form: checked against the tree (never
/// written), within the import's limits; no input may panic.
pub fn form(data: &[u8]) {
    let tree = form_tree();
    let file = tempfile::Builder::new()
        .suffix(".xlsx")
        .tempfile_in(tree.root.parent().unwrap())
        .expect("a temporary file");
    std::fs::write(file.path(), data).unwrap();
    match tolok::xlsx::import::plan(&tree.model, file.path(), None) {
        Ok(plan) => assert_eq!(plan.agency, "prov/dinas-a"),
        Err(diags) => {
            assert!(!diags.is_empty());
            for d in &diags {
                assert!(!d.message.trim().is_empty(), "{d}");
            }
        }
    }
}

/// The form the tree exports, as a seed of the `form` corpus.
pub fn form_seed() -> Vec<u8> {
    let tree = form_tree();
    let period = &tree.model.periods[0];
    let key: Vec<u8> = (0..32).collect();
    tolok::xlsx::form::form_xlsx(
        period,
        &period.agencies[0],
        tree.model.site.language,
        &key,
        None,
    )
    .expect("the form is written")
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
