//! Rendering: the theme's tera templates filled with page contexts, Markdown
//! to safe HTML, and locale formats. Computes no scores.

pub mod locale;
pub mod markdown;
pub mod theme;

use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::view::Labels;

/// The compiled templates of a theme, ready for every page.
pub struct Renderer {
    tera: Tera,
    labels: Labels,
}

impl Renderer {
    pub fn new(theme: &theme::Theme, lang: &str, diags: &mut Diagnostics) -> Option<Renderer> {
        let mut tera = Tera::default();
        tera.set_escape_fn(escape_html);
        let templates: Vec<(String, String)> =
            theme.templates().map(|(n, s)| (n.to_string(), s)).collect();
        if let Err(e) = tera.add_raw_templates(templates) {
            diags.push(
                Diagnostic::error(
                    "theme",
                    format!("a template does not compile: {}", error_chain(&e)),
                )
                .hint("fix the template named above"),
            );
            return None;
        }
        Some(Renderer {
            tera,
            labels: theme.labels(lang),
        })
    }

    pub fn labels(&self) -> &Labels {
        &self.labels
    }

    pub fn render(&self, template: &str, page: &impl Serialize) -> Result<String, String> {
        let mut ctx = Context::new();
        ctx.insert("t", &self.labels);
        ctx.insert("page", page);
        self.tera
            .render(template, &ctx)
            .map_err(|e| error_chain(&e))
    }
}

/// HTML escaping for text and quoted attributes. Unlike tera's default it
/// leaves `/` alone, so relative URLs stay readable in the output.
pub fn escape_html(input: &str) -> String {
    let mut out = String::with_capacity(input.len() + input.len() / 8);
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
