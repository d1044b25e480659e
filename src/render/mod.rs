//! Rendering: the theme's tera templates filled with page contexts, Markdown
//! to safe HTML, and locale formats. Computes no scores.

mod confine;
pub mod locale;
pub mod markdown;
pub mod theme;

use serde::Serialize;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::view::Labels;

/// The last compiled theme, kept between the builds of one process (`serve`):
/// compiling the templates is a tenth of a small site's rebuild, and the
/// theme rarely changes while content is edited. Keyed by every file of the
/// theme and the language, so a changed theme is always compiled again.
#[derive(Default)]
pub struct Compiled(Mutex<Option<(u64, Arc<Renderer>)>>);

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Compiled")
    }
}

impl Compiled {
    /// The renderer of `theme` in `lang`: the kept one when both are the same.
    pub fn renderer(
        &self,
        theme: &theme::Theme,
        lang: &str,
        diags: &mut Diagnostics,
    ) -> Option<Arc<Renderer>> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (&theme.files, lang).hash(&mut hasher);
        let key = hasher.finish();
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((k, renderer)) = kept.as_ref() {
            if *k == key {
                return Some(renderer.clone());
            }
        }
        let renderer = Arc::new(Renderer::new(theme, lang, diags)?);
        *kept = Some((key, renderer.clone()));
        Some(renderer)
    }
}

/// The compiled templates of a theme, ready for every page.
pub struct Renderer {
    tera: Tera,
    labels: Labels,
    /// The labels as a template value (`t`), converted once, not once per page.
    labels_value: tera::Value,
}

impl Renderer {
    pub fn new(theme: &theme::Theme, lang: &str, diags: &mut Diagnostics) -> Option<Renderer> {
        let mut tera = engine();
        let templates: Vec<(String, String)> =
            theme.templates().map(|(n, s)| (n.to_string(), s)).collect();
        if let Err(e) = tera.add_raw_templates(templates) {
            diags.push(
                Diagnostic::error(
                    "theme",
                    crate::tr!(
                        "a template does not compile: {}",
                        "sebuah templat tidak dapat dikompilasi: {}",
                        error_chain(&e)
                    ),
                )
                .hint(crate::tr!(
                    "fix the template named above",
                    "perbaiki templat yang disebut di atas"
                )),
            );
            return None;
        }
        let labels = theme.labels(lang);
        let labels_value = tera::to_value(&labels).unwrap_or_default();
        Some(Renderer {
            tera,
            labels,
            labels_value,
        })
    }

    pub fn labels(&self) -> &Labels {
        &self.labels
    }

    pub fn render(&self, template: &str, page: &impl Serialize) -> Result<String, String> {
        let mut ctx = Context::from_value(tera::Value::Object(tera::Map::from_iter([(
            "t".to_string(),
            self.labels_value.clone(),
        )])))
        .map_err(|e| error_chain(&e))?;
        ctx.insert("page", page);
        self.tera
            .render(template, &ctx)
            .map_err(|e| error_chain(&e))
    }
}

/// Tera as every theme gets it: tolok's escaping, confined functions.
fn engine() -> Tera {
    let mut tera = Tera::default();
    tera.set_escape_fn(escape_html);
    confine::confine(&mut tera);
    tera
}

/// HTML escaping for text and quoted attributes. Unlike tera's default it
/// leaves `/` alone, so relative URLs stay readable in the output.
/// Tera calls it for every value a template prints: text without a character
/// to escape is copied whole, and escaped text is copied a run at a time.
pub fn escape_html(input: &str) -> String {
    let bytes = input.as_bytes();
    let Some(first) = bytes.iter().position(|&b| needs_escape(b)) else {
        return input.to_string();
    };
    let mut out = String::with_capacity(input.len() + input.len() / 8 + 8);
    out.push_str(&input[..first]);
    let mut start = first;
    for (i, &b) in bytes.iter().enumerate().skip(first) {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#x27;",
            _ => continue,
        };
        // The five characters are ASCII, so `i` is a character boundary.
        out.push_str(&input[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&input[start..]);
    out
}

/// Which bytes `escape_html` replaces: a table, so the scan is one load per byte.
const ESCAPED: [bool; 256] = {
    let mut table = [false; 256];
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table
};

#[inline]
fn needs_escape(b: u8) -> bool {
    ESCAPED[usize::from(b)]
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    /// The escaping as first written, one character at a time.
    fn reference(input: &str) -> String {
        let mut out = String::new();
        for c in input.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#x27;"),
                _ => out.push(c),
            }
        }
        out
    }

    #[test]
    fn escapes_like_the_reference() {
        for s in [
            "",
            "plain text, 72,50 / 100",
            "../2022/dinkes/index.html",
            "<script>alert('x')</script>",
            "a & b \"c\" 'd' <e> &amp;",
            "&",
            "é<ü>漢字&'\"",
            "ends with <",
            "Dinas \u{2013} Kesehatan",
        ] {
            assert_eq!(escape_html(s), reference(s), "{s:?}");
        }
    }
}
