//! What the command line says to a person, in the site's language: every
//! diagnostic, hint, summary line and prompt is a `Msg`, and a `Msg` is
//! only made by `tr!`, which takes the English and the Indonesian text
//! together, so neither catalogue can miss a message.
//!
//! The language is the process's, like a locale: `--lang`, else the
//! `language:` of the tree's site.yaml, else Indonesian; the command line
//! sets it once before any work (`set_language`). Library code that runs
//! without it (unit tests) speaks English. This module owns the choice of
//! language for messages; it does not decide what a page says (pages take
//! their language from the site, through the views).

use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};

use crate::model::Language;

static LANGUAGE: AtomicU8 = AtomicU8::new(0);

/// Sets the language of everything said from now on.
pub fn set_language(language: Language) {
    LANGUAGE.store(
        match language {
            Language::En => 0,
            Language::Id => 1,
        },
        Ordering::Relaxed,
    );
}

/// The language messages are said in.
pub fn language() -> Language {
    match LANGUAGE.load(Ordering::Relaxed) {
        1 => Language::Id,
        _ => Language::En,
    }
}

/// A text said to a person, already in the chosen language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Msg(String);

impl Msg {
    /// Text that is not ours to translate: a parser's or the system's own
    /// message, a name or a path from the tree. Never for tolok's own words.
    pub fn verbatim(text: impl Into<String>) -> Msg {
        Msg(text.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Msg> for String {
    fn from(s: Msg) -> String {
        s.0
    }
}

/// A message in both languages, said in the chosen one: `tr!("the file
/// `{path}` is empty", "berkas `{path}` kosong")`. Both are format strings
/// and may name the same variables (or take the same trailing arguments).
#[macro_export]
macro_rules! tr {
    ($en:literal, $id:literal $(, $arg:expr)* $(,)?) => {
        $crate::i18n::Msg::verbatim(match $crate::i18n::language() {
            $crate::model::Language::En => format!($en $(, $arg)*),
            $crate::model::Language::Id => format!($id $(, $arg)*),
        })
    };
}

/// One of two words, as `tr!` chooses: for small parts of a message that
/// are put together (`one_of("error", "galat")`).
pub fn one_of(en: &'static str, id: &'static str) -> &'static str {
    match language() {
        Language::En => en,
        Language::Id => id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tr_formats_the_chosen_language_with_captured_names() {
        let path = "a.yaml";
        // Unit tests run in English unless a test sets it; this one only reads.
        let said = match language() {
            Language::En => "the file `a.yaml` is empty 3",
            Language::Id => "berkas `a.yaml` kosong 3",
        };
        assert_eq!(
            tr!(
                "the file `{path}` is empty {}",
                "berkas `{path}` kosong {}",
                3
            )
            .as_str(),
            said
        );
    }
}
