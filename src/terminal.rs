//! Text on its way to a terminal or a log: everything tolok prints passes
//! through here, so that a name, a key or a path from the content tree can
//! never send the terminal a command (clear the screen, retitle the window,
//! hide the lines before it) or reorder what is shown. Control characters
//! (but line feed and tab), DEL, C1 controls and direction controls are
//! shown as `\u{1b}` escapes; JSON output gets JSON's own `\u001b`.
//!
//! This module only escapes; what is printed is decided by the commands.

use std::borrow::Cow;
use std::io::Write;

/// A character a terminal may take as a command or that reorders text.
fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn needs_escape(text: &str) -> bool {
    // Nearly all text has none of the bytes such characters start with.
    text.bytes()
        .any(|b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f || b == 0xc2 || b == 0xe2)
        && text.chars().any(is_unsafe)
}

/// `text` with every unsafe character written as `\u{XX}`.
pub fn clean(text: &str) -> Cow<'_, str> {
    escape(text, |c, out| {
        out.push_str(&format!("\\u{{{:x}}}", c as u32))
    })
}

/// JSON text (whose control characters serde already escapes) with C1 and
/// direction controls escaped too, as `\uXXXX`: they only occur in strings.
pub fn clean_json(text: &str) -> Cow<'_, str> {
    escape(text, |c, out| out.push_str(&format!("\\u{:04x}", c as u32)))
}

fn escape<'a>(text: &'a str, write: impl Fn(char, &mut String)) -> Cow<'a, str> {
    if !needs_escape(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        // A carriage return before a line feed ends a line (CSV, Windows);
        // alone it would let the rest of a line overwrite its start.
        if c == '\r' && chars.peek() == Some(&'\n') {
            out.push(c);
        } else if is_unsafe(c) {
            write(c, &mut out);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Writes one line to standard error, escaped; a closed stream is ignored.
pub fn say(line: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", clean(line));
}

/// Writes text to standard output, escaped.
pub fn print(text: &str) -> std::io::Result<()> {
    std::io::stdout().lock().write_all(clean(text).as_bytes())
}

/// Writes a JSON document to standard output, escaped as JSON.
pub fn print_json(text: &str) -> std::io::Result<()> {
    std::io::stdout()
        .lock()
        .write_all(clean_json(text).as_bytes())
}

/// `eprintln!`, escaped for the terminal (see the module).
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::terminal::say(&format!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_for_the_terminal_are_shown_not_sent() {
        assert_eq!(clean("Dinas A\u{1b}[2J"), "Dinas A\\u{1b}[2J");
        assert_eq!(clean("x\u{1b}]0;judul\u{7}y"), "x\\u{1b}]0;judul\\u{7}y");
        assert_eq!(clean("a\rb\u{9b}c\u{202e}d"), "a\\u{d}b\\u{9b}c\\u{202e}d");
        assert_eq!(clean("baris\n\tkolom – é"), "baris\n\tkolom – é");
        assert_eq!(clean("a,b\r\nc\r\u{1b}"), "a,b\r\nc\\u{d}\\u{1b}");
        assert!(matches!(clean("biasa"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_keeps_its_own_escapes() {
        let json = serde_json::to_string("a\u{1b}b\u{85}c\u{2066}").unwrap();
        let cleaned = clean_json(&json);
        assert_eq!(cleaned, "\"a\\u001bb\\u0085c\\u2066\"");
        let back: String = serde_json::from_str(&cleaned).unwrap();
        assert_eq!(back, "a\u{1b}b\u{85}c\u{2066}");
    }
}
