//! Reading and checking one agency: agency.yaml, its evidence files (answers
//! and actions) and its narratives, against the period's framework.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use super::docs::{AgencyDoc, EvidenceDoc, EvidenceItemDoc, FrontMatterDoc};
use super::files::read_text;
use super::frontmatter;
use super::tree::AgencyScan;
use super::yaml::{locate, parse, Seg};
use crate::diagnostics::{display_path, nearest, Diagnostic, Diagnostics};
use crate::model::{
    parse_decimal, Action, Agency, Answer, Date, Evidence, Framework, Narrative, NodeIx, Response,
};

/// Context shared by every file of one agency.
struct Ctx<'a> {
    root: &'a Path,
    fw: &'a Framework,
    dir: &'a Path,
    diags: Diagnostics,
    /// The agency folder's real path, resolved once (links followed).
    home: Option<Option<PathBuf>>,
    /// Attachments already resolved, by the path as joined: evidence lists
    /// name the same file many times, and each resolution costs system calls.
    resolved: HashMap<PathBuf, Result<String, (String, String)>>,
}

impl Ctx<'_> {
    fn shown(&self, path: &Path) -> PathBuf {
        display_path(self.root, path)
    }
}

/// Everything about one agency; `None` when its agency.yaml is unusable.
pub fn load(root: &Path, scan: &AgencyScan, fw: &Framework) -> (Option<Agency>, Diagnostics) {
    let mut ctx = Ctx {
        root,
        fw,
        dir: &scan.dir,
        diags: Diagnostics::default(),
        home: None,
        resolved: HashMap::new(),
    };
    let agency_yaml = scan.dir.join("agency.yaml");
    let shown = ctx.shown(&agency_yaml);
    let doc = read_text(&agency_yaml, &shown).and_then(|t| parse::<AgencyDoc>(&t, &shown));
    let doc = match doc {
        Ok(doc) => Some(doc),
        Err(d) => {
            ctx.diags.push(d);
            None
        }
    };

    let mut answers: BTreeMap<NodeIx, Answer> = BTreeMap::new();
    let mut answered_in: HashMap<NodeIx, String> = HashMap::new();
    let mut actions: Vec<Action> = Vec::new();
    let mut action_ids: HashMap<String, String> = HashMap::new();
    let mut attachments = BTreeSet::new();
    for file in &scan.evidence {
        read_evidence(
            &mut ctx,
            file,
            &mut answers,
            &mut answered_in,
            &mut actions,
            &mut action_ids,
            &mut attachments,
        );
    }
    let narratives = scan
        .narratives
        .iter()
        .filter_map(|f| read_narrative(root, f, fw, &mut ctx.diags))
        .collect();

    let Some(doc) = doc else {
        return (None, ctx.diags);
    };
    if answers.is_empty() {
        ctx.diags.push(
            Diagnostic::warning(shown.clone(), "this agency has no answers yet")
                .hint("add an evidence file (e.g. evidence.yaml) with `answers:`"),
        );
    }
    let text =
        |t: Option<super::yaml::Text>| t.map(|t| t.0.trim().to_string()).filter(|s| !s.is_empty());
    let agency = Agency {
        id: scan.id.clone(),
        dir: scan.dir.clone(),
        name: doc.name.0.trim().to_string(),
        short: text(doc.short),
        cluster: text(doc.cluster),
        peer: text(doc.peer),
        head: text(doc.head),
        group: scan.group.clone(),
        answers,
        actions,
        narratives,
        attachments: attachments.into_iter().collect(),
    };
    if agency.name.is_empty() {
        ctx.diags
            .push(Diagnostic::error(shown, "`name` is empty").hint("write the agency's full name"));
    }
    (Some(agency), ctx.diags)
}

fn read_evidence(
    ctx: &mut Ctx,
    file: &Path,
    answers: &mut BTreeMap<NodeIx, Answer>,
    answered_in: &mut HashMap<NodeIx, String>,
    actions: &mut Vec<Action>,
    action_ids: &mut HashMap<String, String>,
    attachments: &mut BTreeSet<String>,
) {
    let shown = ctx.shown(file);
    let text = match read_text(file, &shown) {
        Ok(t) => t,
        Err(d) => return ctx.diags.push(d),
    };
    if text.trim().is_empty() {
        ctx.diags.push(
            Diagnostic::warning(shown, "the evidence file is empty")
                .hint("write `answers:` and/or `actions:`, or delete the file"),
        );
        return;
    }
    let doc: EvidenceDoc = match parse(&text, &shown) {
        Ok(d) => d,
        Err(d) => return ctx.diags.push(d),
    };
    if doc.answers.is_none() && doc.actions.is_none() {
        ctx.diags.push(
            Diagnostic::warning(
                shown.clone(),
                "the evidence file has neither `answers:` nor `actions:`",
            )
            .hint("evidence files hold `answers:` and/or `actions:`"),
        );
    }
    let rel_source = rel(ctx.dir, file);
    let fw = ctx.fw;
    let mut without_evidence = Vec::new();
    for (id, a) in doc.answers.map(|a| a.0).unwrap_or_default() {
        let at = |key: Option<&str>| {
            let mut path = vec![Seg::Key("answers"), Seg::Key(&id)];
            path.extend(key.map(Seg::Key));
            locate(&text, &path)
        };
        let Some(ix) = fw.node(&id) else {
            let near = nearest(&id, fw.leaves.iter().map(|&l| fw.nodes[l].id.as_str()));
            let hint = match near {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!("answer an indicator id of the framework `{}`", fw.id),
            };
            ctx.diags.push(
                Diagnostic::error(
                    shown.clone(),
                    format!("`{id}` is not an indicator of the framework `{}`", fw.id),
                )
                .at(at(None))
                .hint(hint),
            );
            continue;
        };
        let Some(indicator) = fw.nodes[ix].indicator() else {
            ctx.diags.push(
                Diagnostic::error(
                    shown.clone(),
                    format!("`{id}` is a group of criteria, not an indicator"),
                )
                .at(at(None))
                .hint("answer the indicators under it, one by one"),
            );
            continue;
        };
        if let Some(first) = answered_in.get(&ix) {
            ctx.diags.push(
                Diagnostic::error(
                    shown.clone(),
                    format!("`{id}` is answered twice: also in {first}"),
                )
                .at(at(None))
                .hint("keep one answer per indicator across the agency's files"),
            );
            continue;
        }
        answered_in.insert(ix, rel_source.clone());
        let scale = &fw.scales[indicator.scale];
        let response =
            |key: &'static str, given: Option<super::yaml::Text>, diags: &mut Diagnostics| {
                let given = given?;
                let raw = given.0.trim();
                if raw.eq_ignore_ascii_case("n/a") {
                    return Some(Response::NotApplicable);
                }
                match scale.value_of(raw) {
                    Some(value) => Some(Response::Value {
                        value,
                        shown: raw.to_string(),
                    }),
                    None => {
                        diags.push(
                            Diagnostic::error(
                                shown.clone(),
                                format!(
                                    "`{raw}` is not an answer of the scale `{}` of `{id}`",
                                    scale.id
                                ),
                            )
                            .at(at(Some(key)))
                            .hint(format!("answer {}, or n/a", scale.describe())),
                        );
                        None
                    }
                }
            };
        let answer = response("answer", a.answer, &mut ctx.diags);
        let verified = response("verified", a.verified, &mut ctx.diags);
        let mut evidence = Vec::new();
        for (i, item) in a.evidence.unwrap_or_default().into_iter().enumerate() {
            let path = [
                Seg::Key("answers"),
                Seg::Key(&id),
                Seg::Key("evidence"),
                Seg::Index(i),
            ];
            if let Some(e) = check_evidence(ctx, file, &text, &path, item, attachments) {
                evidence.push(e);
            }
        }
        // An answer worth something needs documents; a "no" has nothing to attach.
        let claims = verified
            .as_ref()
            .or(answer.as_ref())
            .and_then(Response::value)
            .is_some_and(|v| v > 0.0);
        if evidence.is_empty() && claims {
            without_evidence.push(id.clone());
        }
        answers.insert(
            ix,
            Answer {
                answer,
                verified,
                note: a.note.map(|n| n.0).filter(|n| !n.trim().is_empty()),
                evidence,
                source: rel_source.clone(),
            },
        );
    }
    if !without_evidence.is_empty() {
        let count = without_evidence.len();
        let listed: Vec<_> = without_evidence
            .iter()
            .take(8)
            .map(|i| format!("`{i}`"))
            .collect();
        let more = if count > 8 {
            format!(" and {} more", count - 8)
        } else {
            String::new()
        };
        ctx.diags.push(
            Diagnostic::warning(
                shown.clone(),
                format!(
                    "{count} answers have no evidence: {}{more}",
                    listed.join(", ")
                ),
            )
            .hint(
                "list the supporting documents under `evidence:`; evaluators verify against them",
            ),
        );
    }

    for (i, a) in doc.actions.unwrap_or_default().into_iter().enumerate() {
        let at = |key: Option<&'static str>| {
            let mut path = vec![Seg::Key("actions"), Seg::Index(i)];
            path.extend(key.map(Seg::Key));
            locate(&text, &path)
        };
        let id =
            a.id.map(|t| t.0.trim().to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("#{}", i + 1));
        if let Some(first) = action_ids.insert(id.clone(), rel_source.clone()) {
            ctx.diags.push(
                Diagnostic::error(
                    shown.clone(),
                    format!("the action id `{id}` is used twice (also in {first})"),
                )
                .at(at(Some("id")))
                .hint("give every action of the agency its own id"),
            );
        }
        let activity = a
            .activity
            .map(|t| t.0.trim().to_string())
            .filter(|s| !s.is_empty());
        if activity.is_none() {
            ctx.diags.push(
                Diagnostic::error(
                    shown.clone(),
                    format!("the action `{id}` has no `activity`"),
                )
                .at(at(None))
                .hint("say what is to be done: `activity: Menyusun Road Map RB`"),
            );
        }
        let criterion = a.criterion.and_then(|c| {
            let c = c.0.trim().to_string();
            let found = fw.node(&c);
            if found.is_none() {
                let near = nearest(&c, fw.nodes.iter().map(|n| n.id.as_str()));
                ctx.diags.push(
                    Diagnostic::error(shown.clone(), format!("the action `{id}` names the criterion `{c}`, which is not in the framework `{}`", fw.id))
                        .at(at(Some("criterion")))
                        .hint(near.map(|n| format!("did you mean `{n}`?")).unwrap_or_else(|| "name a criterion id of the framework".into())),
                );
            }
            found
        });
        let due = a.due.and_then(|d| match d.0.parse::<Date>() {
            Ok(date) => Some(date),
            Err(e) => {
                ctx.diags.push(
                    Diagnostic::error(shown.clone(), format!("`due` of the action `{id}`: {e}"))
                        .at(at(Some("due"))),
                );
                None
            }
        });
        let progress = a.progress.and_then(|p| match parse_decimal(&p.0) {
            Some(x) if (0.0..=100.0).contains(&x) => Some(x),
            _ => {
                ctx.diags.push(
                    Diagnostic::error(
                        shown.clone(),
                        format!(
                            "`progress` of the action `{id}` is `{}`, not a number from 0 to 100",
                            p.0
                        ),
                    )
                    .at(at(Some("progress")))
                    .hint("write the percentage done, e.g. `progress: 75`"),
                );
                None
            }
        });
        let mut evidence = Vec::new();
        for (j, item) in a.evidence.unwrap_or_default().into_iter().enumerate() {
            let path = [
                Seg::Key("actions"),
                Seg::Index(i),
                Seg::Key("evidence"),
                Seg::Index(j),
            ];
            if let Some(e) = check_evidence(ctx, file, &text, &path, item, attachments) {
                evidence.push(e);
            }
        }
        actions.push(Action {
            id,
            activity: activity.unwrap_or_default(),
            criterion,
            due,
            target: a.target.map(|t| t.0),
            progress,
            evidence,
        });
    }
}

/// An evidence entry: a `file` must exist inside the agency folder; a `url` is http(s).
fn check_evidence(
    ctx: &mut Ctx,
    yaml_file: &Path,
    text: &str,
    path: &[Seg],
    item: EvidenceItemDoc,
    attachments: &mut BTreeSet<String>,
) -> Option<Evidence> {
    let shown = ctx.shown(yaml_file);
    let mut ok = true;
    let mut file = None;
    if let Some(f) = item.file.as_deref().map(str::trim) {
        let key = yaml_file.parent().unwrap_or(ctx.dir).join(f);
        let resolved = match ctx.resolved.get(&key) {
            Some(r) => r.clone(),
            None => {
                let home = ctx
                    .home
                    .get_or_insert_with(|| ctx.dir.canonicalize().ok())
                    .clone();
                let r = resolve_attachment(ctx.dir, home.as_deref(), yaml_file, f);
                ctx.resolved.insert(key, r.clone());
                r
            }
        };
        match resolved {
            Ok(rel) => {
                attachments.insert(rel.clone());
                file = Some(rel);
            }
            Err((message, hint)) => {
                let mut at = path.to_vec();
                at.push(Seg::Key("file"));
                ctx.diags.push(
                    Diagnostic::error(shown.clone(), message)
                        .at(locate(text, &at))
                        .hint(hint),
                );
                ok = false;
            }
        }
    }
    if let Some(url) = item.url.as_deref().map(str::trim) {
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://"))
            || url.chars().any(char::is_whitespace)
        {
            let mut at = path.to_vec();
            at.push(Seg::Key("url"));
            ctx.diags.push(
                Diagnostic::error(
                    shown.clone(),
                    format!("the evidence url `{url}` is not an http or https address"),
                )
                .at(locate(text, &at))
                .hint("write a full address starting with https:// (or http://)"),
            );
            ok = false;
        }
    }
    let mut date = None;
    if let Some(d) = item.date.as_deref() {
        match d.parse::<Date>() {
            Ok(x) => date = Some(x),
            Err(e) => {
                let mut at = path.to_vec();
                at.push(Seg::Key("date"));
                ctx.diags.push(
                    Diagnostic::error(shown.clone(), format!("evidence date: {e}"))
                        .at(locate(text, &at)),
                );
                ok = false;
            }
        }
    }
    let title = item
        .title
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .or_else(|| {
            file.as_ref()
                .map(|f| f.rsplit('/').next().unwrap_or(f).to_string())
        })
        .or_else(|| item.url.clone());
    let Some(title) = title else {
        ctx.diags.push(
            Diagnostic::error(shown, "an evidence entry has no title, file or url")
                .at(locate(text, path))
                .hint("write the document's title, e.g. `- SK Tim RB No. 061/45/2022`"),
        );
        return None;
    };
    ok.then_some(Evidence {
        title,
        file,
        url: item.url.map(|u| u.trim().to_string()),
        date,
    })
}

/// The attachment's path relative to the agency folder, or why it cannot be used.
fn resolve_attachment(
    agency_dir: &Path,
    home: Option<&Path>,
    yaml_file: &Path,
    file: &str,
) -> Result<String, (String, String)> {
    let base = yaml_file.parent().unwrap_or(agency_dir);
    let joined = base.join(file);
    // Lexical check first: `..` must not climb out of the agency folder.
    let mut parts: Vec<String> = Vec::new();
    let rel_base = base.strip_prefix(agency_dir).unwrap_or(Path::new(""));
    for c in rel_base.join(file).components() {
        match c {
            Component::Normal(p) => parts.push(p.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err((
                        format!("the evidence file `{file}` lies outside the agency folder"),
                        "keep attachments inside the agency folder, e.g. `files/sk-tim-rb.pdf`"
                            .into(),
                    ));
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err((
                    format!("the evidence file `{file}` is an absolute path"),
                    "write the path relative to this YAML file, e.g. `files/sk-tim-rb.pdf`".into(),
                ))
            }
        }
    }
    if parts.is_empty() || !joined.is_file() {
        return Err((
            format!("the evidence file `{file}` does not exist"),
            "check the spelling; the path is relative to this YAML file".into(),
        ));
    }
    // Then the real path: a link must not lead out of the agency folder either.
    let real = joined.canonicalize().ok();
    match (real, home) {
        (Some(real), Some(home)) if real.starts_with(home) => Ok(parts.join("/")),
        _ => Err((
            format!("the evidence file `{file}` links to a place outside the agency folder"),
            "copy the document into the agency folder instead of linking it".into(),
        )),
    }
}

/// A Markdown narrative with optional front matter.
pub fn read_narrative(
    root: &Path,
    file: &Path,
    fw: &Framework,
    diags: &mut Diagnostics,
) -> Option<Narrative> {
    let shown = display_path(root, file);
    let text = match read_text(file, &shown) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let split = frontmatter::split(&text);
    let mut front = FrontMatterDoc::default();
    if let Some((yaml, first_line)) = split.front {
        if !yaml.trim().is_empty() {
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
    let criterion = front.criterion.and_then(|c| {
        let c = c.0.trim().to_string();
        let found = fw.node(&c);
        if found.is_none() {
            let near = nearest(&c, fw.nodes.iter().map(|n| n.id.as_str()));
            let line = yaml_line(split.front, "criterion");
            diags.push(
                Diagnostic::error(
                    shown.clone(),
                    format!(
                        "`criterion: {c}` names no criterion of the framework `{}`",
                        fw.id
                    ),
                )
                .at(line)
                .hint(
                    near.map(|n| format!("did you mean `{n}`?"))
                        .unwrap_or_else(|| "name a criterion id of the framework".into()),
                ),
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
        body: split.body.to_string(),
    })
}

fn yaml_line(front: Option<(&str, usize)>, key: &str) -> Option<(usize, usize)> {
    let (yaml, first) = front?;
    locate(yaml, &[Seg::Key(key)]).map(|(l, c)| (l + first - 1, c))
}

/// `path` relative to `dir`, with `/`.
pub fn rel(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Narratives in reading order: `order` first (missing last), then file name.
pub fn sort_narratives(list: &mut [Narrative]) {
    list.sort_by(|a, b| {
        let key = |n: &Narrative| n.order.unwrap_or(f64::INFINITY);
        key(a).total_cmp(&key(b)).then_with(|| a.file.cmp(&b.file))
    });
}
