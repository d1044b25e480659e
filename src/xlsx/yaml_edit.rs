//! Changing answers in an agency's evidence YAML without rewriting the file:
//! only the text of one key's value changes (`answer:`, `note:`,
//! `evidence:`; or a line is added or removed, or a template's commented
//! entry is uncommented), so comments, key order, quoting and every other
//! entry stay as they were. Block style (`answer: ya  # comment`) and one-line flow style
//! (`i1: {answer: ya, evidence: [SK]}`) are handled; anything else (a value
//! spread over lines, anchors) is refused with a reason, never guessed at.
//!
//! `verify` re-reads the edited text and checks that it means exactly the
//! old document with the intended keys changed, nothing else.

use serde_yaml::{Mapping, Value};

/// One change: the indicator, the key of its entry, and the key's new value
/// as one line of YAML (a scalar or a flow sequence), or `None` to remove it.
pub type Edit<'a> = (&'a str, &'a str, Option<&'a str>);

/// The answer as a YAML scalar: plain where that reads back as the same
/// text, double-quoted otherwise.
pub fn scalar(text: &str) -> String {
    let specials = [
        "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
    ];
    let plain = !text.is_empty()
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
        && !specials.contains(&text.to_ascii_lowercase().as_str())
        && text
            .parse::<f64>()
            .map_or(true, |x| super::plain_number(x) == text);
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// Indent of a meaningful line (not blank, not a comment), else None.
fn indent(line: &str) -> Option<usize> {
    let body = line.trim_end_matches(['\n', '\r']);
    let t = body.trim_start_matches(' ');
    (!t.is_empty() && !t.starts_with('#')).then(|| body.len() - t.len())
}

/// Where the value starts after `key:` written at `at`, if the line holds that key.
fn after_key(line: &str, at: usize, key: &str) -> Option<usize> {
    let rest = line.get(at..)?;
    let len = if rest.starts_with(key) {
        key.len()
    } else if rest.starts_with(&format!("\"{key}\"")) || rest.starts_with(&format!("'{key}'")) {
        key.len() + 2
    } else {
        return None;
    };
    rest[len..].starts_with(':').then_some(at + len + 1)
}

/// Splits `value  # comment` outside quotes into the value and the rest (spaces and comment).
fn split_comment(s: &str) -> (&str, &str) {
    let bytes = s.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(b'"') if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') => {
                let value = s[..i].trim_end();
                return (value, &s[value.len()..]);
            }
            None => {}
        }
        i += 1;
    }
    let value = s.trim_end();
    (value, &s[value.len()..])
}

/// Splits the inside of a flow mapping at top-level commas.
fn flow_items(inner: &str) -> Option<Vec<String>> {
    let mut items = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None::<char>, 0);
    let mut escaped = false;
    for (i, c) in inner.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '[' | '{' => depth += 1,
            ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(inner[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    if depth != 0 || quote.is_some() {
        return None;
    }
    let last = inner[start..].trim();
    if !last.is_empty() {
        items.push(last.to_string());
    }
    Some(items)
}

fn flow_key(item: &str) -> &str {
    item.split(':')
        .next()
        .unwrap_or("")
        .trim()
        .trim_matches(['"', '\''])
}

/// Sets (or with `None` removes) the `answer` of the entry `answers.ID` in `text`.
pub fn set_answer(text: &str, id: &str, new: Option<&str>) -> Result<String, String> {
    set_value(text, id, "answer", new)
}

/// The lines after `k` that belong to the value of the key on line `k`
/// written at `indent`: deeper lines, and `- ` items at the same indent.
fn value_end(lines: &[String], k: usize, indent_of_key: usize, end: usize) -> usize {
    let mut e = k + 1;
    while e < end {
        let deeper = match indent(&lines[e]) {
            None => true,
            Some(i) if i > indent_of_key => true,
            Some(i) => i == indent_of_key && lines[e][i..].starts_with("- "),
        };
        if !deeper {
            break;
        }
        e += 1;
    }
    while e > k + 1 && indent(&lines[e - 1]).is_none() {
        e -= 1;
    }
    e
}

/// Sets (or with `None` removes) the key `key` of the entry `answers.ID` in
/// `text`; `new` is one line of YAML.
pub fn set_value(text: &str, id: &str, key: &str, new: Option<&str>) -> Result<String, String> {
    let nl = newline(text);
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    let at = crate::content::yaml::locate(
        text,
        &[
            crate::content::yaml::Seg::Key("answers"),
            crate::content::yaml::Seg::Key(id),
        ],
    );
    let Some((line_no, col)) = at else {
        return Err(crate::tr!(
            "cannot find `answers: {id}:`",
            "`answers: {id}:` tidak ditemukan"
        )
        .into_string());
    };
    let l = line_no - 1;
    let key_indent = col - 1;
    let Some(value_at) = lines
        .get(l)
        .and_then(|line| after_key(line, key_indent, id))
    else {
        return Err(crate::tr!(
            "cannot find `answers: {id}:`",
            "`answers: {id}:` tidak ditemukan"
        )
        .into_string());
    };
    let line = lines[l].clone();
    let body = line.trim_end_matches(['\n', '\r']);
    let ending = &line[body.len()..];
    let (value, comment) = split_comment(&body[value_at..]);
    let value = value.trim();

    // The entry's lines: deeper than its key, until the next line that is not.
    let mut end = l + 1;
    while end < lines.len() && indent(&lines[end]).is_none_or(|i| i > key_indent) {
        end += 1;
    }
    // Trailing blank and comment lines belong to what follows.
    while end > l + 1 && indent(&lines[end - 1]).is_none() {
        end -= 1;
    }

    if value.is_empty() {
        let children: Vec<usize> = (l + 1..end)
            .filter(|&i| indent(&lines[i]).is_some())
            .collect();
        let child_indent = children
            .iter()
            .filter_map(|&i| indent(&lines[i]))
            .min()
            .unwrap_or(key_indent + 2);
        let key_line = children.iter().copied().find(|&i| {
            indent(&lines[i]) == Some(child_indent)
                && after_key(&lines[i], child_indent, key).is_some()
        });
        match (key_line, new) {
            (Some(k), Some(new)) => {
                let line = lines[k].clone();
                let body = line.trim_end_matches(['\n', '\r']);
                let at = after_key(body, child_indent, key).unwrap_or(body.len());
                let (old, comment) = split_comment(&body[at..]);
                let old = old.trim();
                if old.starts_with(['&', '*', '!']) {
                    return Err(crate::tr!(
                        "the `{key}` of `{id}` is written with an anchor or tag",
                        "`{key}` dari `{id}` ditulis dengan anchor atau tag"
                    )
                    .into_string());
                }
                // A value over several lines (a block list, `|` text) is replaced whole.
                let value_end = value_end(&lines, k, child_indent, end);
                lines.splice(
                    k..value_end,
                    [format!(
                        "{}{key}: {new}{comment}{}",
                        " ".repeat(child_indent),
                        &line[body.len()..]
                    )],
                );
            }
            (Some(k), None) => {
                let value_end = value_end(&lines, k, child_indent, end);
                let own = children
                    .iter()
                    .filter(|&&i| i >= k && i < value_end)
                    .count();
                if children.len() == own {
                    lines.drain(l..end);
                } else {
                    lines.drain(k..value_end);
                }
            }
            (None, Some(new)) => {
                // After the entry's last line, so `answer:` stays first where it is.
                let at = if key == "answer" { l + 1 } else { end };
                lines.insert(at, format!("{}{key}: {new}{nl}", " ".repeat(child_indent)));
            }
            (None, None) => {}
        }
        return Ok(lines.concat());
    }

    let Some(inner) = value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) else {
        return Err(crate::tr!(
            "the entry `{id}` is neither a block of keys nor a one-line `{{...}}`",
            "entri `{id}` bukan blok kunci dan bukan `{{...}}` satu baris"
        )
        .into_string());
    };
    let Some(mut items) = flow_items(inner) else {
        return Err(crate::tr!(
            "cannot read the one-line entry `{id}`",
            "entri satu baris `{id}` tidak terbaca"
        )
        .into_string());
    };
    let pos = items.iter().position(|i| flow_key(i) == key);
    match (pos, new) {
        (Some(p), Some(new)) => items[p] = format!("{key}: {new}"),
        (None, Some(new)) if key == "answer" => items.insert(0, format!("{key}: {new}")),
        (None, Some(new)) => items.push(format!("{key}: {new}")),
        (Some(p), None) => {
            items.remove(p);
        }
        (None, None) => {}
    }
    if items.is_empty() {
        lines.remove(l);
    } else {
        lines[l] = format!(
            "{} {{{}}}{comment}{ending}",
            &body[..value_at],
            items.join(", ")
        );
    }
    Ok(lines.concat())
}

/// Uncomments the entry of `id` that `tolok new agency` wrote as a comment
/// (`# id:  # …` and, on the next line, `#   answer:`), so that its keys can
/// be set where the indicator is listed. None when `text` has no such entry.
pub fn uncomment_template(text: &str, id: &str) -> Option<String> {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    let i = (0..lines.len().saturating_sub(1)).find(|&i| {
        let line = &lines[i];
        let pad = line.len() - line.trim_start_matches(' ').len();
        let Some(rest) = line[pad..]
            .strip_prefix("# ")
            .and_then(|r| r.strip_prefix(id))
        else {
            return false;
        };
        let next = &lines[i + 1];
        rest.starts_with(':')
            && rest[1..].chars().next().is_none_or(char::is_whitespace)
            && next.get(..pad).is_some_and(|p| p.trim().is_empty())
            && next[pad..].trim_end() == "#   answer:"
    })?;
    let line = lines[i].clone();
    let pad = line.len() - line.trim_start_matches(' ').len();
    lines[i] = format!("{}{}", &line[..pad], &line[pad + 2..]);
    lines.remove(i + 1);
    Some(lines.concat())
}

/// Adds new entries (`id:` and its keys, in block style) to the `answers:`
/// block of `text`, or creates the file's text when there is none.
pub fn add_entries(
    text: Option<&str>,
    entries: &[(&str, Vec<(&str, String)>)],
) -> Result<String, String> {
    let nl = text.map(newline).unwrap_or("\n");
    let block = |indent: usize| -> String {
        entries
            .iter()
            .map(|(id, keys)| {
                let pad = " ".repeat(indent);
                let mut out = format!("{pad}{}:{nl}", scalar(id));
                for (key, value) in keys {
                    out.push_str(&format!("{pad}  {key}: {value}{nl}"));
                }
                out
            })
            .collect()
    };
    let Some(text) = text else {
        return Ok(format!(
            "{}{nl}answers:{nl}{}",
            crate::tr!(
                "# Answers imported from the Excel answer form by `tolok import`; edit freely.",
                "# Jawaban dari formulir Excel, diimpor dengan `tolok import`; boleh disunting."
            ),
            block(2)
        ));
    };
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if let Some(last) = lines.last_mut() {
        if !last.ends_with('\n') {
            last.push_str(nl);
        }
    }
    let Some(a) = lines
        .iter()
        .position(|l| indent(l) == Some(0) && after_key(l, 0, "answers").is_some())
    else {
        lines.push(format!("answers:{nl}{}", block(2)));
        return Ok(lines.concat());
    };
    let at = after_key(&lines[a], 0, "answers").unwrap_or(0);
    let (rest, _) = split_comment(lines[a][at..].trim_end_matches(['\n', '\r']));
    if !rest.trim().is_empty() {
        return Err(crate::tr!(
            "its `answers:` is not written as a block of entries",
            "`answers:`-nya tidak ditulis sebagai blok entri"
        )
        .into_string());
    }
    let mut end = a + 1;
    while end < lines.len() && indent(&lines[end]).is_none_or(|i| i > 0) {
        end += 1;
    }
    while end > a + 1 && indent(&lines[end - 1]).is_none() {
        end -= 1;
    }
    let child = (a + 1..end)
        .filter_map(|i| indent(&lines[i]))
        .min()
        .unwrap_or(2);
    lines.insert(end, block(child));
    Ok(lines.concat())
}

/// Checks that `new` means `old` with exactly these keys changed.
pub fn verify(old: Option<&str>, new: &str, edits: &[Edit]) -> Result<(), String> {
    let parse = |t: &str| -> Result<Value, String> {
        if t.trim().is_empty() {
            return Ok(Value::Null);
        }
        serde_yaml::from_str(t).map_err(|e| {
            crate::tr!(
                "the edited file does not read back: {e}",
                "berkas yang disunting tidak terbaca kembali: {e}"
            )
            .into_string()
        })
    };
    let mut expected = match old {
        Some(t) => parse(t)?,
        None => Value::Null,
    };
    if expected.is_null() {
        expected = Value::Mapping(Mapping::new());
    }
    let root = expected.as_mapping_mut().ok_or_else(|| {
        crate::tr!("the file is not a mapping", "berkas ini bukan pemetaan").into_string()
    })?;
    let answers_key = Value::String("answers".into());
    if !root.get(&answers_key).is_some_and(Value::is_mapping) {
        root.insert(answers_key.clone(), Value::Mapping(Mapping::new()));
    }
    let answers = root
        .get_mut(&answers_key)
        .and_then(Value::as_mapping_mut)
        .ok_or_else(|| {
            crate::tr!("`answers` is not a mapping", "`answers` bukan pemetaan").into_string()
        })?;
    for (id, field, value) in edits {
        let key = Value::String((*id).to_string());
        let entry = answers
            .entry(key.clone())
            .or_insert_with(|| Value::Mapping(Mapping::new()));
        if entry.is_null() {
            *entry = Value::Mapping(Mapping::new());
        }
        let map = entry.as_mapping_mut().ok_or_else(|| {
            crate::tr!("`{id}` is not a mapping", "`{id}` bukan pemetaan").into_string()
        })?;
        match value {
            Some(v) => {
                let v: Value = serde_yaml::from_str(v).map_err(|e| e.to_string())?;
                map.insert(Value::String((*field).into()), v);
            }
            None => {
                map.remove(*field);
                if map.is_empty() {
                    answers.remove(&key);
                }
            }
        }
    }
    let got = parse(new)?;
    let got = if got.is_null() {
        Value::Mapping(Mapping::new())
    } else {
        got
    };
    // An emptied `answers:` reads back as null.
    let normal = |mut v: Value| {
        if let Some(m) = v.as_mapping_mut() {
            if m.get("answers")
                .is_some_and(|a| a.is_null() || a.as_mapping().is_some_and(Mapping::is_empty))
            {
                m.remove("answers");
            }
        }
        v
    };
    if normal(got) == normal(expected) {
        Ok(())
    } else {
        Err(crate::tr!(
            "the edited file would not mean what was intended",
            "berkas yang disunting tidak akan bermakna seperti yang dimaksud"
        )
        .into_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# top comment\nanswers:\n  # --- area ---\n  a1: {answer: c}   # flow\n  a2:\n    answer: \"62,5\"    # decimal comma\n    verified: 50\n    note: x\n  a3: {verified: ya, evidence: [SK, \"a, b\"]}\n  a4:\n    answer: ya\nactions:\n  - id: ra-01\n    activity: y\n";

    fn check(id: &str, new: Option<&str>) -> String {
        let out = set_answer(DOC, id, new).unwrap();
        verify(Some(DOC), &out, &[(id, "answer", new)]).unwrap();
        out
    }

    #[test]
    fn block_value_is_replaced_and_comment_kept() {
        let out = check("a2", Some("70"));
        assert!(out.contains("    answer: 70    # decimal comma\n"), "{out}");
        assert!(out.starts_with("# top comment\nanswers:\n  # --- area ---\n"));
    }

    #[test]
    fn flow_value_is_replaced_inserted_and_removed() {
        let out = check("a1", Some("b"));
        assert!(out.contains("  a1: {answer: b}   # flow\n"), "{out}");
        let out = check("a3", Some("ya"));
        assert!(
            out.contains("  a3: {answer: ya, verified: ya, evidence: [SK, \"a, b\"]}\n"),
            "{out}"
        );
        let out = check("a1", None);
        assert!(!out.contains("a1"), "{out}");
    }

    #[test]
    fn block_answer_removed_or_entry_dropped() {
        let out = check("a2", None);
        assert!(out.contains("  a2:\n    verified: 50\n"), "{out}");
        let out = check("a4", None);
        assert!(!out.contains("a4"), "{out}");
        assert!(out.contains("actions:\n"));
    }

    #[test]
    fn new_entries_are_appended_to_the_block() {
        let out = add_entries(Some(DOC), &[("z9", vec![("answer", "n/a".into())])]).unwrap();
        verify(Some(DOC), &out, &[("z9", "answer", Some("n/a"))]).unwrap();
        assert!(
            out.contains("    answer: ya\n  z9:\n    answer: n/a\nactions:"),
            "{out}"
        );
        let fresh = add_entries(None, &[("z9", vec![("answer", "\"x y\"".into())])]).unwrap();
        verify(None, &fresh, &[("z9", "answer", Some("\"x y\""))]).unwrap();
    }

    #[test]
    fn notes_and_evidence_are_set_removed_and_a_block_list_replaced() {
        let doc = "answers:\n  a2:\n    answer: ya  # kept\n    evidence:\n    - SK lama\n    - {title: B, url: https://b.example}\n    note: x\n  a3: {answer: c}\n";
        let out = set_value(doc, "a2", "evidence", Some("[SK baru]")).unwrap();
        verify(Some(doc), &out, &[("a2", "evidence", Some("[SK baru]"))]).unwrap();
        assert_eq!(out, "answers:\n  a2:\n    answer: ya  # kept\n    evidence: [SK baru]\n    note: x\n  a3: {answer: c}\n");
        let out = set_value(doc, "a2", "note", None).unwrap();
        verify(Some(doc), &out, &[("a2", "note", None)]).unwrap();
        assert!(!out.contains("note"), "{out}");
        let out = set_value(doc, "a3", "note", Some("\"baris 1\\nbaris 2\"")).unwrap();
        assert!(
            out.contains("  a3: {answer: c, note: \"baris 1\\nbaris 2\"}\n"),
            "{out}"
        );
        verify(
            Some(doc),
            &out,
            &[("a3", "note", Some("\"baris 1\\nbaris 2\""))],
        )
        .unwrap();
    }

    #[test]
    fn a_template_entry_is_uncommented_where_it_is_listed() {
        let doc = "answers:\n\n  # ===== A =====\n  # i1:  # ya | tidak · Ada tim?\n  #   answer:\n  # i2:  # angka 0 sampai 100\n  #   answer:\n";
        let open = uncomment_template(doc, "i2").unwrap();
        let out = set_value(&open, "i2", "answer", Some("70")).unwrap();
        verify(Some(doc), &out, &[("i2", "answer", Some("70"))]).unwrap();
        assert_eq!(out, "answers:\n\n  # ===== A =====\n  # i1:  # ya | tidak · Ada tim?\n  #   answer:\n  i2:  # angka 0 sampai 100\n    answer: 70\n");
        assert_eq!(uncomment_template(doc, "i"), None);
        assert_eq!(uncomment_template(doc, "i3"), None);
    }

    #[test]
    fn scalars_quote_what_would_read_differently() {
        assert_eq!(scalar("ya"), "ya");
        assert_eq!(scalar("n/a"), "n/a");
        assert_eq!(scalar("62.5"), "62.5");
        assert_eq!(scalar("1.0"), "\"1.0\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
    }
}
