//! The parser's errors in the format's words: which slip a serde_yaml
//! message means (a key written twice, a value of the wrong type, nesting
//! too deep), said in the chosen language with a hint. `yaml` parses and
//! calls this; this module never reads a file.

use std::path::Path;

use super::yaml::BUDGET_MESSAGE;
use crate::diagnostics::{nearest, Diagnostic};
use crate::i18n::Msg;
use crate::tr;

/// The key a message of `Ordered` says is written twice, in either language.
pub(super) fn twice_key(message: &str) -> Option<&str> {
    [
        ("the key `", "` is written twice"),
        ("kunci `", "` ditulis dua kali"),
    ]
    .into_iter()
    .find_map(|(before, after)| message.split(before).nth(1)?.split_once(after))
    .map(|(key, _)| key)
}

/// The parser's own message of `error`, without its place: the text the
/// slips and the entries recognise, whatever the language said.
pub(super) fn raw_message(error: &serde_yaml::Error) -> String {
    let mut message = error.to_string();
    if let Some(at) = message.rfind(" at line ") {
        message.truncate(at);
    }
    message
}

/// A diagnostic of a YAML error in the format's words (for values read
/// after the file, without a place of their own).
pub(super) fn error_of(error: &serde_yaml::Error, file: &Path) -> Diagnostic {
    yaml_error(error, file)
}

pub(super) fn yaml_error(error: &serde_yaml::Error, file: &Path) -> Diagnostic {
    let location = error.location().map(|l| (l.line(), l.column()));
    let message = raw_message(error);
    let (message, hint) = explain(&message);
    let diagnostic = Diagnostic::error(file, message).at(location);
    match hint {
        Some(hint) => diagnostic.hint(hint),
        None => diagnostic,
    }
}

/// Separates the message of an error raised while reading a value (`Text`,
/// `Name`) from its hint: serde carries one string only.
pub(super) const HINT_MARK: &str = " \u{1f}hint: ";

/// Rewrites serde's messages into the words of the format, with advice.
/// A message of the parser's own that is not recognised stays as it said it.
pub(super) fn explain(message: &str) -> (Msg, Option<Msg>) {
    if let Some((message, hint)) = message.split_once(HINT_MARK) {
        // Both halves were said by `checked` (through `tr!`); serde carried them.
        return (Msg::verbatim(message), Some(Msg::verbatim(hint)));
    }
    if let Some(rest) = message.split("unknown field `").nth(1) {
        let prefix = message.split("unknown field `").next().unwrap_or("");
        let wrong = rest.split('`').next().unwrap_or("");
        let known: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|k| k.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        let listed = known
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let hint = match nearest(wrong, known.iter().copied()) {
            Some(near) => tr!(
                "did you mean `{near}`? Known keys here: {listed}",
                "maksud Anda `{near}`? Kunci yang dikenal di sini: {listed}"
            ),
            None if known.is_empty() => tr!("remove this key", "hapus kunci ini"),
            None => tr!(
                "known keys here: {listed}",
                "kunci yang dikenal di sini: {listed}"
            ),
        };
        return (
            tr!(
                "{prefix}unknown key `{wrong}`",
                "{prefix}kunci tidak dikenal `{wrong}`"
            ),
            Some(hint),
        );
    }
    if let Some(rest) = message.split("missing field `").nth(1) {
        let prefix = message.split("missing field `").next().unwrap_or("");
        let key = rest.split('`').next().unwrap_or("");
        return (
            tr!(
                "{prefix}the key `{key}` is required but missing",
                "{prefix}kunci `{key}` wajib ada, tetapi belum ditulis"
            ),
            Some(tr!("add `{key}: ...`", "tambahkan `{key}: ...`")),
        );
    }
    if message.contains("invalid type") {
        let english = wrong_type_english(message);
        let expected = english.rsplit("expected ").next().unwrap_or("");
        let hint = if expected.starts_with("a mapping") {
            tr!(
                "write `key: value` lines indented under it (or `{{key: value}}`)",
                "tulis baris `kunci: nilai` yang menjorok di bawahnya (atau `{{kunci: nilai}}`)"
            )
        } else if expected.starts_with("a list") {
            tr!(
                "write the items as `- item` lines indented under it (or `[a, b]`)",
                "tulis setiap butir sebagai baris `- butir` yang menjorok di bawahnya (atau `[a, b]`)"
            )
        } else if expected.starts_with("a number") {
            tr!(
                "write a number such as `2` or `0.5`, without quotes",
                "tulis angka seperti `2` atau `0.5`, tanpa tanda kutip"
            )
        } else if expected.starts_with("a text") {
            tr!(
                "write a single value; put it in quotes if it starts with `[`, `{{` or `-`",
                "tulis satu nilai saja; beri tanda kutip jika nilai diawali `[`, `{{` atau `-`"
            )
        } else {
            tr!(
                "check the value's type: quote text, write numbers without quotes",
                "periksa jenis nilainya: beri tanda kutip pada teks, tulis angka tanpa tanda kutip"
            )
        };
        return (wrong_type(message, english), Some(hint));
    }
    if message.contains("recursion limit exceeded") {
        return (
            tr!(
                "the YAML is nested too deeply",
                "YAML ini bersarang terlalu dalam"
            ),
            Some(tr!(
                "flatten the structure; tolok reads at most 128 levels",
                "sederhanakan strukturnya; tolok membaca paling banyak 128 tingkat"
            )),
        );
    }
    if message.contains("repetition limit exceeded") || message.contains(BUDGET_MESSAGE) {
        return (
            tr!(
                "the YAML expands too many aliases (an alias bomb?)",
                "YAML ini menjabarkan terlalu banyak alias (bom alias?)"
            ),
            Some(tr!(
                "write the values out instead of repeating anchors",
                "tulis nilainya satu per satu, jangan mengulang anchor"
            )),
        );
    }
    if message.contains("EOF while parsing") {
        return (
            tr!("the file is empty", "berkas ini kosong"),
            Some(tr!(
                "write the keys the file needs, or delete the file",
                "tulis kunci yang diperlukan berkas ini, atau hapus berkas ini"
            )),
        );
    }
    // The parser's own words, not ours to translate.
    (Msg::verbatim(message), None)
}

/// serde's `invalid type` message in the English words of a YAML author.
/// The slips recognise it in this form, whatever the language.
pub(super) fn wrong_type_english(message: &str) -> String {
    plain_types(&message.replace("invalid type: ", "wrong type: found "))
}

/// serde's `invalid type: X, expected Y` said in the chosen language:
/// `english` as it is, or X and Y in Indonesian. The names of what is
/// expected are written in English by the visitors (`expecting`), so that
/// the hints above can recognise them; here they are translated.
pub(super) fn wrong_type(message: &str, english: String) -> Msg {
    let (prefix, rest) = message
        .split_once("invalid type: ")
        .unwrap_or(("", message));
    // What was found may hold any text; what is expected never holds this.
    let (found, expected) = rest.rsplit_once(", expected ").unwrap_or((rest, ""));
    let found = found_id(&plain_types(found));
    let expected = expected_id(&plain_types(expected));
    tr!(
        "{english}",
        "{prefix}jenis nilai salah: tertulis {found}, padahal di sini diharapkan {expected}"
    )
}

/// What serde found (`string "x"`, `integer `5``, `a mapping`), in Indonesian.
pub(super) fn found_id(found: &str) -> String {
    let words = [
        ("string ", "teks "),
        ("boolean ", "nilai benar/salah "),
        ("integer ", "bilangan bulat "),
        ("floating point ", "bilangan desimal "),
        ("character ", "karakter "),
    ];
    for (en, id) in words {
        if let Some(rest) = found.strip_prefix(en) {
            return format!("{id}{rest}");
        }
    }
    match found {
        "an empty value" => "nilai kosong".into(),
        "a mapping" | "map" => "pemetaan (kunci: nilai)".into(),
        "a list" | "sequence" => "daftar".into(),
        other => other.into(),
    }
}

/// What a visitor or serde expects (see `expecting`), in Indonesian.
pub(super) fn expected_id(expected: &str) -> String {
    match expected {
        "a mapping (key: value lines)" | "a mapping of keys to values" => {
            "pemetaan (kunci: nilai)".into()
        }
        "a list" | "a sequence" => "daftar (baris `- butir`)".into(),
        "a number" | "f64" => "angka".into(),
        "a string" => "teks".into(),
        "a boolean" => "nilai benar/salah (`true` atau `false`)".into(),
        "a text, a number or a boolean" => "teks, angka, atau nilai benar/salah".into(),
        "an indicator id, or {indicator: ID, above: NUMBER}" => {
            "id indikator, atau {indicator: ID, above: ANGKA}".into()
        }
        "a title, or {title, file, url, date}" => "judul, atau {title, file, url, date}".into(),
        other => other.into(),
    }
}

/// serde's names of types in the words of a YAML author: `struct AgencyDoc`
/// becomes `a mapping (key: value lines)`, `unit value` an empty value.
pub(super) fn plain_types(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(i) = rest.find("struct ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "struct ".len()..];
        let name_len = after
            .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .unwrap_or(after.len());
        out.push_str("a mapping (key: value lines)");
        rest = &after[name_len..];
    }
    out.push_str(rest);
    out.replace("unit value", "an empty value")
        .replace("found map", "found a mapping")
        .replace("found sequence", "found a list")
        .replace("expected a sequence", "expected a list")
        .replace("expected f64", "expected a number")
}
