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

/// Renders Markdown to sanitized HTML. Headings are moved `shift` levels
/// down (capped at h6) so a narrative's `#` sits below the page's own headings;
/// tables get a scrolling wrapper so they never widen the page on a phone.
pub fn to_html(markdown: &str, shift: u8) -> String {
    use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
    let lower = |level: HeadingLevel| {
        HeadingLevel::try_from((level as usize + shift as usize).min(6)).unwrap_or(HeadingLevel::H6)
    };
    let events = Parser::new_ext(markdown, options()).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        other => other,
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, events);
    let clean = sanitizer().clean(&raw).to_string();
    // Sanitized output spells tables exactly so; the wrapper is our own markup.
    clean
        .replace("<table>", "<div class=\"table-scroll\"><table>")
        .replace("</table>", "</table></div>")
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn renders_extensions() {
        let html = to_html(
            "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nText[^1]\n\n[^1]: Note.\n",
            3,
        );
        assert!(html.contains("<h4>T</h4>"), "{html}");
        assert!(
            html.contains("<div class=\"table-scroll\"><table>"),
            "{html}"
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
            let html = to_html(&format!("<img src=\"{src}\" alt=\"a\">"), 0);
            assert!(!html.contains("src="), "{src:?} kept in {html}");
        }
        assert!(to_html("![a](files/foto.png)", 0).contains("src=\"files/foto.png\""));
    }

    #[test]
    fn strips_hostile_content() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=\"https://evil.example/x.png\" onerror=\"alert(2)\">\n\n[x](javascript:alert(3))\n\n<iframe src=\"https://evil.example\"></iframe>\n\n<style>body{display:none}</style>\n\n<p style=\"color:red\" onclick=\"x()\">p</p>",
            0,
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
