//! What text from the content tree may hold, checked once when it is read so
//! that `check` refuses exactly what would go wrong later:
//!
//! - no control characters (C0 but tab and line ends, DEL, C1) and no
//!   direction overrides, embeddings or isolates (U+202A to U+202E, U+2066
//!   to U+2069): they reach a terminal as commands and a page as invisible
//!   text that reorders what follows it;
//! - names at most `MAX_NAME_CHARS` characters, every text at most
//!   `MAX_TEXT_CHARS` (what one spreadsheet cell holds);
//! - Markdown nested at most `MAX_MARKDOWN_DEPTH` levels (block quotes and
//!   lists) and `MAX_HTML_DEPTH` levels of inline HTML elements, so that
//!   rendering takes time linear in the text.
//!
//! Only the rules live here; the loader decides where each applies.

use crate::i18n::Msg;
use crate::tr;

/// The longest name (of a site, period, group, agency, framework, criterion,
/// band, evidence item or action), in characters.
pub const MAX_NAME_CHARS: usize = 300;
/// The longest text of a YAML value (a question, a note), in characters:
/// what one cell of a workbook holds.
pub const MAX_TEXT_CHARS: usize = 32_767;
/// How deep block quotes and lists may nest in Markdown.
pub const MAX_MARKDOWN_DEPTH: usize = 32;
/// How deep HTML elements written in Markdown may nest.
pub const MAX_HTML_DEPTH: usize = 64;

/// The first character text may not hold, with its byte offset.
pub fn forbidden_char(text: &str) -> Option<(usize, char)> {
    // Nearly all text is free of the bytes these characters start with.
    if !text
        .bytes()
        .any(|b| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xe2)
    {
        return None;
    }
    text.char_indices().find(|&(_, c)| is_forbidden(c))
}

fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// What the user is told of a forbidden character.
pub fn describe(c: char) -> Msg {
    let code = c as u32;
    match c {
        '\u{0}' => tr!("U+{code:04X}, a NUL character", "U+{code:04X}, karakter NUL"),
        '\u{1b}' => tr!(
            "U+{code:04X}, an escape character (ESC), which terminals read as a command",
            "U+{code:04X}, karakter escape (ESC), yang dibaca terminal sebagai perintah"
        ),
        '\u{7}' => tr!(
            "U+{code:04X}, a bell character (BEL)",
            "U+{code:04X}, karakter bel (BEL)"
        ),
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => tr!(
            "U+{code:04X}, an invisible direction control, which reorders the text after it",
            "U+{code:04X}, kendali arah teks yang tidak terlihat, yang mengubah urutan teks sesudahnya"
        ),
        _ => tr!(
            "U+{code:04X}, an invisible control character",
            "U+{code:04X}, karakter kendali yang tidak terlihat"
        ),
    }
}

/// The message for a text that holds `c`.
pub fn forbidden_message(c: char) -> Msg {
    let what = describe(c);
    tr!("the text holds {what}", "teks ini memuat {what}")
}

/// The hint for a text that holds a forbidden character.
pub fn forbidden_hint() -> Msg {
    tr!(
        "delete the character (it is invisible: retype the text around it); texts may not hold control characters or direction controls",
        "hapus karakter itu (karakter itu tidak terlihat: ketik ulang teks di sekitarnya); teks tidak boleh memuat karakter kendali atau kendali arah teks"
    )
}

/// 1-based line and column of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

/// Why a Markdown text would not render in bounded time: the 1-based line
/// and column where it first nests too deep, and what nests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    pub line: usize,
    pub column: usize,
    pub message: Msg,
    pub hint: Msg,
}

/// The most elements (paragraphs, list items, table cells, ...) one Markdown
/// text may make: each costs the sanitizer a few hundred bytes of memory.
pub const MAX_MARKDOWN_ELEMENTS: usize = 100_000;

/// Checks that a Markdown text renders in time and memory linear in its
/// length: its block quotes and lists nest at most `MAX_MARKDOWN_DEPTH`
/// levels (by a scan of the lines, before the parser sees them), its HTML
/// at most `MAX_HTML_DEPTH`, and it makes at most `MAX_MARKDOWN_ELEMENTS`.
pub fn markdown_too_deep(markdown: &str) -> Option<TooDeep> {
    for (n, line) in markdown.lines().enumerate() {
        if let Some(column) = container_too_deep(line) {
            return Some(TooDeep {
                line: n + 1,
                column,
                message: tr!(
                    "the Markdown nests block quotes or lists more than {MAX_MARKDOWN_DEPTH} levels deep",
                    "Markdown ini menyarangkan kutipan atau daftar lebih dari {MAX_MARKDOWN_DEPTH} tingkat"
                ),
                hint: tr!(
                    "use fewer `>` or list levels; tolok renders at most 32",
                    "kurangi tingkat `>` atau daftar; tolok menampilkan paling banyak 32 tingkat"
                ),
            });
        }
    }
    let at = |offset: usize| line_column(markdown, offset);
    let mut html = HtmlDepth::default();
    let mut elements = 0usize;
    let parser = pulldown_cmark::Parser::new_ext(markdown, crate::render::markdown::options());
    for (event, range) in parser.into_offset_iter() {
        use pulldown_cmark::Event;
        match event {
            Event::Start(_) => elements += 1,
            Event::Html(raw) | Event::InlineHtml(raw) => {
                if let Some(offset) = html.text(&raw) {
                    let (line, column) = at(range.start + offset);
                    return Some(TooDeep {
                        line,
                        column,
                        message: tr!(
                            "the HTML in the Markdown nests elements more than {MAX_HTML_DEPTH} levels deep",
                            "HTML dalam Markdown ini menyarangkan elemen lebih dari {MAX_HTML_DEPTH} tingkat"
                        ),
                        hint: tr!(
                            "close the HTML elements opened before this point (`</div>`), or write it as Markdown",
                            "tutup elemen HTML yang dibuka sebelum titik ini (`</div>`), atau tulis sebagai Markdown"
                        ),
                    });
                }
            }
            _ => {}
        }
        if elements > MAX_MARKDOWN_ELEMENTS {
            let (line, column) = at(range.start);
            return Some(TooDeep {
                line,
                column,
                message: tr!(
                    "the Markdown makes more than {MAX_MARKDOWN_ELEMENTS} elements (paragraphs, list items, table cells)",
                    "Markdown ini membentuk lebih dari {MAX_MARKDOWN_ELEMENTS} elemen (paragraf, butir daftar, sel tabel)"
                ),
                hint: tr!(
                    "split it into several narratives, or attach the material as a file",
                    "pecah menjadi beberapa narasi, atau lampirkan bahannya sebagai berkas"
                ),
            });
        }
    }
    None
}

/// The 1-based column where the container markers at the start of `line`
/// (its indentation, every `>` and list marker) first count beyond the limit.
fn container_too_deep(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut i = 0;
    let mut columns = 0;
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
        columns += if bytes[i] == b'\t' { 4 } else { 1 };
        i += 1;
    }
    let mut markers = 0;
    loop {
        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
            i += 1;
        }
        let Some(&b) = bytes.get(i) else { break };
        let after = |k: usize| bytes.get(k).is_none_or(|c| matches!(c, b' ' | b'\t'));
        let width = match b {
            b'>' => 1,
            b'-' | b'*' | b'+' if after(i + 1) => 1,
            b'0'..=b'9' => {
                let digits = bytes[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                match bytes.get(i + digits) {
                    Some(b'.' | b')') if digits <= 9 && after(i + digits + 1) => digits + 1,
                    _ => break,
                }
            }
            _ => break,
        };
        markers += 1;
        i += width;
        // Indentation only nests when a container marker follows it.
        if markers + columns / 2 > MAX_MARKDOWN_DEPTH {
            return Some(line[..i].chars().count());
        }
    }
    None
}

/// Open HTML elements across the lines of a text: every start tag but the
/// void ones and those the parser closes by itself, less every end tag.
#[derive(Default)]
struct HtmlDepth {
    open: usize,
}

/// Elements that never hold others, or that the HTML parser closes when a
/// sibling starts: they do not nest by being left open.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th",
    "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rtc", "rp", "html", "head",
    "body",
];

impl HtmlDepth {
    /// The byte offset in `raw` (HTML as written in the Markdown) of the
    /// start tag that opens one element too many.
    fn text(&mut self, raw: &str) -> Option<usize> {
        let bytes = raw.as_bytes();
        let mut i = 0;
        while let Some(at) = raw[i..].find('<').map(|k| i + k) {
            i = at + 1;
            let closing = bytes.get(i) == Some(&b'/');
            let start = if closing { i + 1 } else { i };
            let len = bytes[start..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-')
                .count();
            // A tag name ends the tag or is followed by a space or `/`;
            // anything else (`<https://...>`, `<a@b.id>`, `3<4`) is no tag.
            let follows = bytes.get(start + len);
            if len == 0
                || !bytes[start].is_ascii_alphabetic()
                || !follows.is_none_or(|c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>'))
            {
                continue;
            }
            let name = raw[start..start + len].to_ascii_lowercase();
            if NOT_NESTING.contains(&name.as_str()) {
                continue;
            }
            let end = raw[start..].find('>').map(|k| start + k);
            let self_closing = end.is_some_and(|e| bytes[e - 1] == b'/');
            if closing {
                self.open = self.open.saturating_sub(1);
            } else if !self_closing {
                self.open += 1;
                if self.open > MAX_HTML_DEPTH {
                    return Some(at);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_direction_characters_are_found() {
        assert_eq!(forbidden_char("Dinas Kesehatan\ttab\nbaris"), None);
        assert_eq!(forbidden_char("Pendidikan, Pemuda dan Olahraga é ü"), None);
        assert_eq!(forbidden_char("a\u{1b}[2Jb"), Some((1, '\u{1b}')));
        assert_eq!(forbidden_char("ab\u{0}"), Some((2, '\u{0}')));
        assert_eq!(forbidden_char("x\u{9b}"), Some((1, '\u{9b}')));
        assert_eq!(forbidden_char("Dinas \u{202e}tfel"), Some((6, '\u{202e}')));
        assert_eq!(forbidden_char("\u{2067}x"), Some((0, '\u{2067}')));
        // Typographic characters that share lead bytes are fine.
        assert_eq!(forbidden_char("\u{2013} \u{2019} \u{20ac} \u{a0}"), None);
    }

    #[test]
    fn line_and_column_of_an_offset() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 0), (1, 1));
    }

    fn nested_quotes(levels: usize) -> String {
        format!("{}x\n", "> ".repeat(levels))
    }

    #[test]
    fn quotes_and_lists_nest_up_to_the_limit() {
        assert_eq!(markdown_too_deep(&nested_quotes(MAX_MARKDOWN_DEPTH)), None);
        let deep = markdown_too_deep(&nested_quotes(MAX_MARKDOWN_DEPTH + 1)).unwrap();
        assert_eq!((deep.line, deep.column), (1, 2 * MAX_MARKDOWN_DEPTH + 1));
        assert!(markdown_too_deep(&format!("{}x", "- ".repeat(40))).is_some());
        assert!(markdown_too_deep(&format!("{}x", "1. ".repeat(40))).is_some());
        let indented: String = (0..40)
            .map(|d| format!("{}- x\n", "  ".repeat(d)))
            .collect();
        assert_eq!(markdown_too_deep(&indented).unwrap().line, 33);
        // Ordinary text: dashes, numbers, code indented far, a quote of a list.
        for fine in [
            "- a\n  - b\n    - c\n",
            "> - a\n> > b\n",
            "2022. Tahun yang baik.\n-5 derajat\n",
            &format!("{}kode\n", " ".repeat(200)),
            "***\n---\n",
        ] {
            assert_eq!(markdown_too_deep(fine), None, "{fine}");
        }
    }

    #[test]
    fn html_elements_nest_up_to_the_limit() {
        let open = |n: usize| "<div>".repeat(n);
        assert_eq!(markdown_too_deep(&open(MAX_HTML_DEPTH)), None);
        let deep = markdown_too_deep(&open(MAX_HTML_DEPTH + 1)).unwrap();
        assert_eq!((deep.line, deep.column), (1, 5 * MAX_HTML_DEPTH + 1));
        // Closed elements, void ones and those closed by their siblings do not add up.
        let fine = format!(
            "{}\n{}\n{}\n",
            "<div>x</div>".repeat(1000),
            "<br><img src=a.png><hr/>".repeat(100),
            "<p>a<li>b<td>c".repeat(100)
        );
        assert_eq!(markdown_too_deep(&fine), None);
        assert!(markdown_too_deep(&"<b>".repeat(65)).is_some());
        assert_eq!(markdown_too_deep("a < b, 3<4, <-- panah"), None);
        // Autolinks and HTML in code are no elements.
        assert_eq!(
            markdown_too_deep(&"<https://contoh.go.id> ".repeat(100)),
            None
        );
        let code = format!(
            "```\n{}\n```\n\n`{}`\n",
            "<div>".repeat(100),
            "<div>".repeat(100)
        );
        assert_eq!(markdown_too_deep(&code), None);
    }

    #[test]
    fn elements_are_counted() {
        let many = "a\n\n".repeat(MAX_MARKDOWN_ELEMENTS);
        assert_eq!(markdown_too_deep(&many), None);
        let too_many = "a\n\n".repeat(MAX_MARKDOWN_ELEMENTS + 1);
        let problem = markdown_too_deep(&too_many).unwrap();
        assert_eq!(problem.line, 2 * MAX_MARKDOWN_ELEMENTS + 1);
    }
}
