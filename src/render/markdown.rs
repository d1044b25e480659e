//! Markdown from the content tree to safe HTML: pulldown-cmark, then ammonia.
//! A narrative or a note cannot run a script, load a resource from elsewhere
//! or inject styles; links open as plain links.

use ammonia::Builder;
use pulldown_cmark::{html, Options, Parser};
use std::borrow::Cow;
use std::sync::OnceLock;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Whether a browser would fetch `url` from elsewhere: read as it reads it,
/// without tabs and line breaks and with `\` as `/`, a URL that starts with
/// `//` or has a scheme leaves the site.
fn is_remote(url: &str) -> bool {
    let seen: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    seen.starts_with("//") || seen.contains(':')
}

fn sanitizer() -> &'static Builder<'static> {
    static CLEAN: OnceLock<Builder<'static>> = OnceLock::new();
    CLEAN.get_or_init(|| {
        let mut b = Builder::default();
        b.add_tags(["input"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .add_generic_attributes(["id"])
            .id_prefix(Some("md-"))
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            .attribute_filter(|element, attribute, value| match (element, attribute) {
                // Images only from the site itself: a remote image would be a request out.
                ("img", "src") if is_remote(value) => None,
                ("input", "type") if value != "checkbox" => None,
                (_, "href") if value.starts_with('#') => {
                    Some(Cow::Owned(format!("#md-{}", &value[1..])))
                }
                _ => Some(Cow::Borrowed(value)),
            });
        b
    })
}

/// Renders Markdown to sanitized HTML.
pub fn to_html(markdown: &str) -> String {
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options()));
    sanitizer().clean(&raw).to_string()
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn renders_extensions() {
        let html = to_html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nText[^1]\n\n[^1]: Note.\n",
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>x</del>"), "{html}");
        assert!(html.contains("type=\"checkbox\""), "{html}");
        assert!(html.contains("href=\"#md-1\""), "{html}");
        assert!(html.contains("id=\"md-1\""), "{html}");
    }

    #[test]
    fn images_only_from_the_site_itself() {
        for src in [
            "https://evil.example/x.png",
            "//evil.example/x.png",
            "/\t/evil.example/x.png",
            "\\\\evil.example\\x.png",
            "/\\evil.example/x.png",
            " data:image/png;base64,AAAA",
            "java\nscript:alert(1)",
        ] {
            let html = to_html(&format!("<img src=\"{src}\" alt=\"a\">"));
            assert!(!html.contains("src="), "{src:?} kept in {html}");
        }
        assert!(to_html("![a](files/foto.png)").contains("src=\"files/foto.png\""));
    }

    #[test]
    fn strips_hostile_content() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=\"https://evil.example/x.png\" onerror=\"alert(2)\">\n\n[x](javascript:alert(3))\n\n<iframe src=\"https://evil.example\"></iframe>\n\n<style>body{display:none}</style>\n\n<p style=\"color:red\" onclick=\"x()\">p</p>",
        );
        for bad in [
            "<script",
            "alert(1)",
            "evil.example",
            "onerror",
            "javascript:",
            "<iframe",
            "<style",
            "style=",
            "onclick",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
    }
}
