//! Reading an agency's (or a group's, or a period's) narratives: Markdown
//! with optional front matter, checked against the framework, within the
//! Markdown limits. `agency` calls this for the agency folder; `content`
//! for the other levels.

use std::path::Path;

use super::agency::criterion_hint;
use super::docs::FrontMatterDoc;
use super::files::read_in;
use super::frontmatter;
use super::text;
use super::yaml::{is_blank, locate, parse, Seg};
use crate::diagnostics::{display_path, nearest, Diagnostic, Diagnostics};
use crate::model::{Framework, Narrative};
use crate::tr;

/// A Markdown narrative with optional front matter, read from its file.
pub fn read_narrative(
    root: &Path,
    file: &Path,
    fw: &Framework,
    diags: &mut Diagnostics,
) -> Option<Narrative> {
    match read_in(root, file, &display_path(root, file)) {
        Ok(text) => narrative_from_text(root, file, &text, fw, diags),
        Err(d) => {
            diags.push(d);
            None
        }
    }
}

/// A narrative from its text: front matter checked against the framework.
pub fn narrative_from_text(
    root: &Path,
    file: &Path,
    text: &str,
    fw: &Framework,
    diags: &mut Diagnostics,
) -> Option<Narrative> {
    let shown = display_path(root, file);
    let split = frontmatter::split(text);
    let mut front = FrontMatterDoc::default();
    if let Some((yaml, first_line)) = split.front {
        if !is_blank(yaml) {
            match parse::<FrontMatterDoc>(yaml, &shown) {
                Ok(f) => front = f,
                Err(mut d) => {
                    d.line = d.line.map(|l| l + first_line - 1);
                    diags.push(d);
                    return None;
                }
            }
        }
    }
    if let Some(problem) = markdown_problem(split.body) {
        let first = text[..text.len() - split.body.len()].matches('\n').count();
        diags.push(
            Diagnostic::error(shown.clone(), problem.message)
                .at(Some((problem.line + first, problem.column)))
                .hint(problem.hint),
        );
        return None;
    }
    let criterion = front.criterion.and_then(|c| {
        let c = c.0.trim().to_string();
        let found = fw.node(&c);
        if found.is_none() {
            let near = nearest(&c, fw.nodes.iter().map(|n| n.id.as_str()));
            let line = yaml_line(split.front, "criterion");
            diags.push(
                Diagnostic::error(
                    shown.clone(),
                    tr!(
                        "`criterion: {c}` names no criterion of the framework `{}`",
                        "`criterion: {c}` tidak menyebut kriteria mana pun dari kerangka penilaian `{}`",
                        fw.id
                    ),
                )
                .at(line)
                .hint(criterion_hint(near)),
            );
        }
        found
    });
    Some(Narrative {
        file: file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        title: front.title.map(|t| t.0),
        order: front.order,
        criterion,
        peer: front
            .peer
            .map(|p| p.0.trim().to_string())
            .filter(|p| !p.is_empty()),
        path: file.to_path_buf(),
        body: split.body.to_string(),
    })
}

/// What keeps a Markdown text from being published: a forbidden character,
/// or nesting too deep to render in bounded time (see `text`).
pub fn markdown_problem(markdown: &str) -> Option<text::TooDeep> {
    if let Some((at, c)) = text::forbidden_char(markdown) {
        let (line, column) = text::line_column(markdown, at);
        return Some(text::TooDeep {
            line,
            column,
            message: text::forbidden_message(c),
            hint: text::forbidden_hint(),
        });
    }
    text::markdown_too_deep(markdown)
}

fn yaml_line(front: Option<(&str, usize)>, key: &str) -> Option<(usize, usize)> {
    let (yaml, first) = front?;
    locate(yaml, &[Seg::Key(key)]).map(|(l, c)| (l + first - 1, c))
}

/// Narratives in reading order: `order` first (missing last), then file name.
pub fn sort_narratives(list: &mut [Narrative]) {
    list.sort_by(|a, b| {
        let key = |n: &Narrative| n.order.unwrap_or(f64::INFINITY);
        key(a).total_cmp(&key(b)).then_with(|| a.file.cmp(&b.file))
    });
}
