//! Markdown from the content tree to safe HTML: pulldown-cmark, then ammonia.
//! A narrative or a note cannot run a script, load a resource from elsewhere
//! or inject styles; links open as plain links.

use ammonia::Builder;
use pulldown_cmark::{html, Options, Parser};
use std::borrow::Cow;
use std::sync::OnceLock;

/// The Markdown extensions narratives and notes are read with.
pub fn options() -> Options {
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

/// Renders Markdown to sanitized HTML. Headings are moved down so that the
/// text's highest heading (`#`, or `##` where it has no `#`) becomes level
/// `shift + 1` (capped at h6): a narrative's headings sit right below the
/// page's own, without a level skipped. Tables get a scrolling wrapper so
/// they never widen the page on a phone.
pub fn to_html(markdown: &str, shift: u8) -> String {
    use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
    let highest = if markdown.contains('#') || markdown.contains("\n=") || markdown.contains("\n-")
    {
        Parser::new_ext(markdown, options())
            .filter_map(|e| match e {
                Event::Start(Tag::Heading { level, .. }) => Some(level as usize),
                _ => None,
            })
            .min()
            .unwrap_or(1)
    } else {
        1
    };
    let lower = |level: HeadingLevel| {
        HeadingLevel::try_from((level as usize + 1 - highest + shift as usize).min(6))
            .unwrap_or(HeadingLevel::H6)
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
    let clean = sanitizer().clean(&split_text_runs(&raw)).to_string();
    // Sanitized output spells tables exactly so; the wrapper is our own markup.
    clean
        .replace("<table>", "<div class=\"table-scroll\"><table>")
        .replace("</table>", "</table></div>")
}

/// The longest run of text, in bytes, handed to the sanitizer as one piece.
const TEXT_RUN: usize = 2048;

/// Elements whose content the HTML parser reads as raw text, in which a
/// comment is not one.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "title",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
];

/// Splits long runs of text in `html` with empty comments, which the
/// sanitizer removes: the output is the same, but each run becomes a text
/// node of its own. html5ever's serializer escapes a text node by searching
/// the rest of the node for `<` and `>` after every `&` or U+0080..U+00BF
/// character, which takes time quadratic in the node's length: a narrative
/// of one long paragraph of `&` took seconds. Text inside raw-text elements
/// is left whole (a comment there would be text).
fn split_text_runs(html: &str) -> Cow<'_, str> {
    if html.len() <= TEXT_RUN {
        return Cow::Borrowed(html);
    }
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / TEXT_RUN * 7);
    let (mut i, mut copied, mut run, mut in_entity) = (0, 0, 0, false);
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'<' {
            i = skip_markup(html, i);
            run = 0;
            in_entity = false;
            continue;
        }
        let starts_char = b & 0xc0 != 0x80;
        if run >= TEXT_RUN && starts_char && !in_entity {
            out.push_str(&html[copied..i]);
            out.push_str("<!---->");
            copied = i;
            run = 0;
        }
        in_entity = match b {
            b'&' => true,
            b';' => false,
            _ => in_entity && (b.is_ascii_alphanumeric() || b == b'#'),
        };
        run += 1;
        i += 1;
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// The end of the comment, tag or raw-text element that starts at `at`.
fn skip_markup(html: &str, at: usize) -> usize {
    let bytes = html.as_bytes();
    if html[at..].starts_with("<!--") {
        return html[at + 4..]
            .find("-->")
            .map_or(html.len(), |k| at + 4 + k + 3);
    }
    let mut i = at + 1;
    let mut quote = None;
    while i < bytes.len() {
        let c = bytes[i];
        i += 1;
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => break,
            None => {}
        }
    }
    let name_len = bytes[at + 1..i.min(bytes.len())]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    let name = html[at + 1..at + 1 + name_len].to_ascii_lowercase();
    if !RAW_TEXT.contains(&name.as_str()) {
        return i;
    }
    let close = format!("</{name}");
    html[i..]
        .to_ascii_lowercase()
        .find(&close)
        .map_or(html.len(), |k| i + k)
}

#[cfg(test)]
mod tests {
    use super::{sanitizer, split_text_runs, to_html, TEXT_RUN};

    #[test]
    fn long_runs_of_text_give_the_same_output_in_pieces() {
        let long = |unit: &str| unit.repeat(3 * TEXT_RUN / unit.len() + 7);
        let cases = [
            format!("<p>{}</p>", long("a &amp; b ")),
            format!("<p>{}</p>", long("&amp;")),
            format!("<p>{}</p>", long("25\u{b0}C \u{b1}1")),
            format!("<p>{}</p>", long("\u{b0}")),
            format!("<pre><code>{}</code></pre>", long("&lt;div&gt; x\n")),
            format!(
                "<p><a href=\"#x\" title=\"{}\">t</a>{}</p>",
                long("a>b "),
                long("c ")
            ),
            format!("<!-- {} --><p>{}</p>", long("x > y "), long("z ")),
            format!(
                "<textarea>{}</textarea><p>{}</p>",
                long("&amp; "),
                long("q ")
            ),
            format!("<table><tr><td>{}</td></tr></table>", long("sel &amp; ")),
            format!("<p>{}</p>", long("Indonésia \u{2013} ")),
        ];
        for raw in cases {
            let split = split_text_runs(&raw);
            let whole = sanitizer().clean(&raw).to_string();
            assert_eq!(sanitizer().clean(&split).to_string(), whole, "{raw:.80}");
            if !raw.starts_with("<textarea") && !raw.starts_with("<!--") {
                assert!(split.contains("<!---->"), "not split: {raw:.80}");
            }
        }
        assert!(matches!(
            split_text_runs("<p>kecil</p>"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn renders_extensions() {
        let html = to_html(
            "# T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~x~~\n\n- [x] done\n\nText[^1]\n\n[^1]: Note.\n",
            3,
        );
        assert!(html.contains("<h4>T</h4>"), "{html}");
        // The highest heading of a text becomes the first level below the page's.
        assert_eq!(
            to_html("## Dua\n\n### Tiga\n", 3),
            "<h4>Dua</h4>\n<h5>Tiga</h5>\n"
        );
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
