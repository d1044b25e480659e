//! Splitting a Markdown file into its optional YAML front matter and body.

/// The front matter (without its `---` fences), the line where it starts
/// (1-based, for locating errors), and the body.
pub struct Split<'a> {
    pub front: Option<(&'a str, usize)>,
    pub body: &'a str,
}

/// Front matter is a block between a first line `---` and the next line that
/// is `---` (or `...`). Anything else is all body.
pub fn split(text: &str) -> Split<'_> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(first_end) = text.find('\n') else {
        return Split {
            front: None,
            body: text,
        };
    };
    if text[..first_end].trim_end() != "---" {
        return Split {
            front: None,
            body: text,
        };
    }
    let rest = &text[first_end + 1..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Split {
                front: Some((front, 2)),
                body,
            };
        }
        offset += line.len();
    }
    Split {
        front: None,
        body: text,
    }
}

#[cfg(test)]
mod tests {
    use super::split;

    #[test]
    fn splits_front_matter() {
        let s = split("---\ntitle: A\n---\nBody\n");
        assert_eq!(s.front, Some(("title: A\n", 2)));
        assert_eq!(s.body, "Body\n");
    }

    #[test]
    fn crlf_and_bom() {
        let s = split("\u{feff}---\r\ntitle: A\r\n---\r\nBody");
        assert_eq!(s.front.map(|f| f.0), Some("title: A\r\n"));
        assert_eq!(s.body, "Body");
    }

    #[test]
    fn no_front_matter_or_unclosed() {
        assert!(split("Just text\n---\n").front.is_none());
        assert!(split("---\ntitle: A\nno end").front.is_none());
        assert!(split("").front.is_none());
        assert!(split("---").front.is_none());
    }
}
