//! The common slips of people writing YAML by hand, said in their words:
//! a tab used for indentation, a key indented differently from the one
//! before it, a value where a mapping belongs (`mp-tim: a` for
//! `mp-tim: {answer: a}`), a quote or bracket left open (pointed at where it
//! opened). Each turns the parser's message into one that names the slip
//! and its fix; anything else is left as the parser said it.
//!
//! This module rewords diagnostics; it parses nothing itself.

use crate::diagnostics::Diagnostic;
use crate::tr;

/// Rewords `d`, a parse error of `text`. The slip is recognised in `raw`,
/// the parser's own message (with the same path before it as `d`'s), since
/// `d` says it in the chosen language.
pub fn explain(mut d: Diagnostic, raw: &str, text: &str) -> Diagnostic {
    let line_at = |n: usize| text.lines().nth(n.saturating_sub(1)).unwrap_or("");
    let m = if raw.contains("invalid type") {
        super::yaml::wrong_type_english(raw)
    } else {
        raw.to_string()
    };
    if m.contains("found character that cannot start any token")
        || m.contains("found a tab character")
    {
        let line = d.line.map(line_at).unwrap_or("");
        if let Some(col) = line.find('\t') {
            d.message = tr!(
                "a tab is used for indentation here; YAML indents with spaces only",
                "di sini tab dipakai untuk indentasi; YAML hanya memakai spasi untuk indentasi"
            )
            .into();
            d.column = Some(col + 1);
            d.hint = Some(tab_hint().into());
            return d;
        }
        if let Some((n, col)) = text.lines().enumerate().find_map(|(n, l)| {
            let lead = &l[..l.len() - l.trim_start().len()];
            lead.find('\t').map(|c| (n + 1, c + 1))
        }) {
            d.message = tr!(
                "a tab is used for indentation; YAML indents with spaces only",
                "tab dipakai untuk indentasi; YAML hanya memakai spasi untuk indentasi"
            )
            .into();
            d.line = Some(n);
            d.column = Some(col);
            d.hint = Some(tab_hint().into());
            return d;
        }
    }
    if m.contains("mapping values are not allowed in this context")
        || m.contains("did not find expected key")
    {
        if let Some(n) = d.line {
            let here = line_at(n);
            let key = key_of(here);
            // The nearest line above that holds a key, and its indentation.
            let above = (1..n)
                .rev()
                .map(|k| (k, line_at(k)))
                .find(|(_, l)| key_of(l).is_some());
            if let (Some(key), Some((k, prev))) = (key, above) {
                let (mine, theirs) = (indent(here), indent(prev));
                if mine != theirs {
                    let other = key_of(prev).unwrap_or_default();
                    d.message = tr!(
                        "`{key}` is indented by {mine} space(s) but `{other}` on line {k} by {theirs}: the keys of one mapping line up",
                        "`{key}` menjorok {mine} spasi, tetapi `{other}` di baris {k} menjorok {theirs} spasi: kunci dalam satu pemetaan harus sejajar"
                    )
                    .into();
                    d.column = Some(mine + 1);
                    d.hint = Some(
                        tr!(
                            "indent `{key}:` as the keys beside it, or, if it belongs under `{other}`, two spaces further",
                            "sejajarkan `{key}:` dengan kunci di sebelahnya, atau, jika kunci ini berada di bawah `{other}`, tambahkan dua spasi lagi"
                        )
                        .into(),
                    );
                    return d;
                }
            }
        }
        d.hint.get_or_insert_with(|| {
            tr!(
                "check the indentation of this line against the line above: keys of one mapping line up",
                "periksa indentasi baris ini terhadap baris di atasnya: kunci dalam satu pemetaan harus sejajar"
            )
            .into()
        });
        return d;
    }
    if m.contains("expected a mapping") {
        if let Some(found) = m
            .split("found string \"")
            .nth(1)
            .and_then(|r| r.split('"').next())
        {
            if let Some(entry) = m
                .split(": wrong type")
                .next()
                .and_then(|p| p.rsplit('.').next())
            {
                if m.starts_with("answers.") {
                    d.hint = Some(
                        tr!(
                            "an answer is a mapping: write `{entry}: {{answer: {found}}}`",
                            "jawaban ditulis sebagai pemetaan: tulis `{entry}: {{answer: {found}}}`"
                        )
                        .into(),
                    );
                    return d;
                }
            }
        }
    }
    if m.contains("while scanning a quoted scalar") {
        if let Some((n, col)) = open_quote(text) {
            d.message = tr!(
                "a quote opened here is not closed",
                "tanda kutip yang dibuka di sini belum ditutup"
            )
            .into();
            d.line = Some(n);
            d.column = Some(col);
            d.hint = Some(
                tr!(
                    "close the quote on the same line (`\"...\"`), or remove it",
                    "tutup tanda kutip itu di baris yang sama (`\"...\"`), atau hapus tanda kutipnya"
                )
                .into(),
            );
            return d;
        }
    }
    if m.contains("while parsing a flow") || m.contains("did not find expected ',' or") {
        if let Some((n, col, c)) = open_bracket(text) {
            d.message = tr!(
                "a `{c}` opened here is not closed",
                "`{c}` yang dibuka di sini belum ditutup"
            )
            .into();
            d.line = Some(n);
            d.column = Some(col);
            let close = if c == '{' { '}' } else { ']' };
            d.hint = Some(
                tr!(
                    "close it with `{close}` on the same line",
                    "tutup dengan `{close}` di baris yang sama"
                )
                .into(),
            );
            return d;
        }
    }
    d
}

fn tab_hint() -> crate::i18n::Msg {
    tr!(
        "replace the tab with spaces (two for each level, as in the lines around it)",
        "ganti tab dengan spasi (dua spasi untuk setiap tingkat, seperti baris di sekitarnya)"
    )
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The key a block line starts with (`  note: x` is `note`; `- id: a` is `id`).
fn key_of(line: &str) -> Option<&str> {
    let t = line.trim_start().trim_start_matches("- ").trim_start();
    if t.starts_with('#') || t.is_empty() {
        return None;
    }
    let (key, _) = t.split_once(':')?;
    let key = key.trim();
    (!key.is_empty() && !key.contains(['"', '\'', '{', '[', ' '])).then_some(key)
}

/// The first line whose double quotes do not pair up, and where the last
/// unpaired one opened (1-based).
fn open_quote(text: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(n, l)| {
        let code = l.split(" #").next().unwrap_or(l);
        let quotes: Vec<usize> = code
            .char_indices()
            .filter(|&(i, c)| c == '"' && !code[..i].ends_with('\\'))
            .map(|(i, _)| i)
            .collect();
        (quotes.len() % 2 == 1).then(|| {
            (
                n + 1,
                code[..*quotes.last().unwrap_or(&0)].chars().count() + 1,
            )
        })
    })
}

/// The first line that leaves a flow bracket open, and where it opened.
fn open_bracket(text: &str) -> Option<(usize, usize, char)> {
    text.lines().enumerate().find_map(|(n, l)| {
        let mut open: Vec<(usize, char)> = Vec::new();
        let mut quoted = false;
        for (col, c) in l.chars().enumerate() {
            match c {
                '"' => quoted = !quoted,
                '#' if !quoted => break,
                '{' | '[' if !quoted => open.push((col, c)),
                '}' | ']' if !quoted => {
                    open.pop();
                }
                _ => {}
            }
        }
        open.first().map(|&(col, c)| (n + 1, col + 1, c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn parse_error(text: &str) -> Diagnostic {
        let doc: Result<crate::content::docs::EvidenceDoc, _> =
            crate::content::yaml::parse(text, Path::new("e.yaml"));
        doc.expect_err("a parse error")
    }

    #[test]
    fn a_tab() {
        let d = parse_error("answers:\n  mp-tim-sk:\n\tanswer: ya\n");
        assert_eq!((d.line, d.column), (Some(3), Some(1)));
        assert!(d.message.contains("a tab is used for indentation"), "{d}");
    }

    #[test]
    fn a_key_out_of_line() {
        let d = parse_error("answers:\n  mp-tim-sk:\n    answer: ya\n     note: x\n");
        assert_eq!(d.line, Some(4), "{d}");
        assert!(
            d.message
                .contains("`note` is indented by 5 space(s) but `answer` on line 3 by 4"),
            "{d}"
        );
    }

    #[test]
    fn a_value_where_an_answer_belongs() {
        let d = parse_error("answers:\n  mp-budaya-agen: a\n");
        assert_eq!(
            d.hint.as_deref(),
            Some("an answer is a mapping: write `mp-budaya-agen: {answer: a}`"),
            "{d}"
        );
    }

    #[test]
    fn an_open_quote_and_an_open_bracket() {
        let d = parse_error("answers:\n  mp-tim-sk: {answer: \"ya}\n  mp-x: {answer: a}\n");
        assert!(d.message.contains("quote opened here"), "{d}");
        assert_eq!((d.line, d.column), (Some(2), Some(23)), "{d}");
        let d = parse_error("answers:\n  mp-tim-sk: {answer: ya\n  mp-x: {answer: a}\n");
        assert!(d.message.contains("a `{` opened here is not closed"), "{d}");
        assert_eq!((d.line, d.column), (Some(2), Some(14)), "{d}");
    }
}
