//! Reading and checking one agency: agency.yaml, its evidence files (answers
//! and actions) and its narratives, against the period's framework.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Component, Path, PathBuf};

use super::docs::{AgencyDoc, EvidenceDoc, EvidenceItemDoc};
use super::files::read_in;
use super::text;
use super::tree::AgencyScan;
use super::yaml::{is_blank, locate, parse, Locator, Mapping, Seg};
use crate::diagnostics::{display_path, nearest, Diagnostic, Diagnostics};
use crate::i18n::Msg;
use crate::model::{
    parse_decimal, Action, Agency, Answer, Date, Evidence, Framework, NodeIx, Response,
};
use crate::tr;

pub use super::narratives::{narrative_from_text, read_narrative, sort_narratives};

/// Context shared by every file of one agency.
struct Ctx<'a> {
    root: &'a Path,
    fw: &'a Framework,
    dir: &'a Path,
    diags: Diagnostics,
    /// The agency folder's real path, resolved once (links followed).
    home: Option<Option<PathBuf>>,
    /// Attachments already resolved, by folder and name: evidence lists
    /// name the same file many times, and each resolution costs system calls.
    resolved: HashMap<(PathBuf, String), Result<String, (Msg, Msg)>>,
}

impl Ctx<'_> {
    fn shown(&self, path: &Path) -> PathBuf {
        display_path(self.root, path)
    }
}

/// Everything about one agency; `None` when its agency.yaml is unusable.
/// Reads the files, then checks their texts with `check`.
pub fn load(root: &Path, scan: &AgencyScan, fw: &Framework) -> (Option<Agency>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut read = |path: &Path| match read_in(root, path, &display_path(root, path)) {
        Ok(text) => Some((path.to_path_buf(), text)),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    let agency_text = read(&scan.dir.join("agency.yaml")).map(|(_, t)| t);
    let evidence: Vec<_> = scan.evidence.iter().filter_map(|f| read(f)).collect();
    let narratives: Vec<_> = scan.narratives.iter().filter_map(|f| read(f)).collect();
    let texts = AgencyTexts {
        agency: agency_text.as_deref(),
        evidence: &evidence,
        narratives: &narratives,
    };
    let (agency, more) = check(root, scan, fw, &texts);
    diags.extend(more);
    (agency, diags)
}

/// The texts of one agency's files, already read: agency.yaml (`None` when it
/// could not be read), evidence files and narratives with their paths.
pub struct AgencyTexts<'a> {
    pub agency: Option<&'a str>,
    pub evidence: &'a [(PathBuf, String)],
    pub narratives: &'a [(PathBuf, String)],
}

/// Checks one agency's texts against the framework. Touches the file system
/// only to resolve evidence attachments.
pub fn check(
    root: &Path,
    scan: &AgencyScan,
    fw: &Framework,
    texts: &AgencyTexts,
) -> (Option<Agency>, Diagnostics) {
    let mut ctx = Ctx {
        root,
        fw,
        dir: &scan.dir,
        diags: Diagnostics::default(),
        home: None,
        resolved: HashMap::new(),
    };
    let shown = ctx.shown(&scan.dir.join("agency.yaml"));
    let doc = texts
        .agency
        .map(|t| parse::<AgencyDoc>(t, &shown))
        .and_then(|doc| doc.map_err(|d| ctx.diags.push(d)).ok());

    let mut found = Found::default();
    for (file, text) in texts.evidence {
        read_evidence(&mut ctx, file, text, &mut found);
    }
    let narratives = texts
        .narratives
        .iter()
        .filter_map(|(f, t)| narrative_from_text(root, f, t, fw, &mut ctx.diags))
        .collect();

    let Some(doc) = doc else {
        return (None, ctx.diags);
    };
    // Not said when a file of the agency failed to load: its answers may be there.
    if found.answers.is_empty() && !ctx.diags.has_errors() {
        ctx.diags.push(
            Diagnostic::warning(
                shown.clone(),
                tr!(
                    "this agency has no answers yet",
                    "perangkat daerah ini belum memiliki jawaban"
                ),
            )
            .hint(tr!(
                "add an evidence file (e.g. evidence.yaml) with `answers:`",
                "tambahkan berkas data dukung (misalnya evidence.yaml) yang berisi `answers:`"
            )),
        );
    }
    let text = |t: Option<String>| t.map(|t| t.trim().to_string()).filter(|s| !s.is_empty());
    let agency_yaml = scan.dir.join("agency.yaml");
    let mut files: Vec<String> = std::iter::once(agency_yaml.as_path())
        .chain(scan.evidence.iter().map(PathBuf::as_path))
        .chain(scan.narratives.iter().map(PathBuf::as_path))
        .map(|f| rel(&scan.dir, f))
        .collect();
    files.sort();
    let agency = Agency {
        id: scan.id.clone(),
        dir: scan.dir.clone(),
        name: doc.name.0.trim().to_string(),
        short: text(doc.short.map(|t| t.0)),
        cluster: text(doc.cluster.map(|t| t.0)),
        peer: text(doc.peer.map(|t| t.0)),
        head: text(doc.head.map(|t| t.0)),
        ratings: super::ratings::values(doc.ratings, texts.agency.unwrap_or_default()),
        group: scan.group.clone(),
        answers: found
            .answers
            .into_iter()
            .map(|(ix, mut a)| {
                let file = found.answered_in.get(&ix).map_or("", String::as_str);
                a.source = files
                    .binary_search_by(|f| f.as_str().cmp(file))
                    .ok()
                    .and_then(|i| u16::try_from(i).ok())
                    .unwrap_or_default();
                (ix, a)
            })
            .collect(),
        actions: found.actions,
        narratives,
        attachments: found.attachments.into_iter().collect(),
        files,
    };
    if agency.name.is_empty() {
        ctx.diags.push(
            Diagnostic::error(shown, tr!("`name` is empty", "`name` kosong"))
                .at(texts.agency.and_then(|t| locate(t, &[Seg::Key("name")])))
                .hint(tr!(
                    "write the agency's full name: `name: Dinas Kesehatan`",
                    "tulis nama lengkap perangkat daerah: `name: Dinas Kesehatan`"
                )),
        );
    }
    (Some(agency), ctx.diags)
}

/// What the evidence files of one agency add up to, and where each id came from.
#[derive(Default)]
struct Found {
    answers: BTreeMap<NodeIx, Answer>,
    answered_in: HashMap<NodeIx, String>,
    actions: Vec<Action>,
    action_ids: HashMap<String, String>,
    attachments: BTreeSet<String>,
}

fn read_evidence(ctx: &mut Ctx, file: &Path, text: &str, found: &mut Found) {
    let shown = ctx.shown(file);
    if is_blank(text) {
        ctx.diags.push(
            Diagnostic::warning(
                shown,
                tr!(
                    "the evidence file is empty",
                    "berkas data dukung ini kosong"
                ),
            )
            .hint(tr!(
                "write `answers:` and/or `actions:`, or delete the file",
                "tulis `answers:` dan/atau `actions:`, atau hapus berkas ini"
            )),
        );
        return;
    }
    let doc: EvidenceDoc = match parse(text, &shown) {
        Ok(d) => d,
        // One answer that does not read: read the others, report each.
        Err(d) => match super::entries::recover(text, &shown, &d) {
            Some((doc, errors)) => {
                for e in errors {
                    ctx.diags.push(e);
                }
                doc
            }
            None => return ctx.diags.push(d),
        },
    };
    if doc.answers.is_none() && doc.actions.is_none() {
        ctx.diags.push(
            Diagnostic::warning(
                shown.clone(),
                tr!(
                    "the evidence file has neither `answers:` nor `actions:`",
                    "berkas data dukung ini tidak berisi `answers:` maupun `actions:`"
                ),
            )
            .hint(tr!(
                "evidence files hold `answers:` and/or `actions:`",
                "berkas data dukung berisi `answers:` dan/atau `actions:`"
            )),
        );
    }
    let rel_source = rel(ctx.dir, file);
    let fw = ctx.fw;
    let loc = Locator::new(text);
    let mut without_evidence = Vec::new();
    for (id, Mapping(a)) in doc.answers.map(|a| a.0).unwrap_or_default() {
        let at = |key: Option<&str>| {
            let mut path = vec![Seg::Key("answers"), Seg::Key(&id)];
            path.extend(key.map(Seg::Key));
            loc.locate(&path)
        };
        let Some(ix) = fw.node(&id) else {
            let near = nearest(&id, fw.leaves.iter().map(|&l| fw.nodes[l].id.as_str()));
            let fw_id = &fw.id;
            let hint = match near {
                Some(n) => tr!("did you mean `{n}`?", "maksud Anda `{n}`?"),
                None => tr!(
                    "answer an indicator id of the framework `{fw_id}`",
                    "jawab id indikator dari kerangka penilaian `{fw_id}`"
                ),
            };
            ctx.diags.push(
                Diagnostic::error(
                    shown.clone(),
                    tr!(
                        "`{id}` is not an indicator of the framework `{fw_id}`",
                        "`{id}` bukan indikator dari kerangka penilaian `{fw_id}`"
                    ),
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
                    tr!(
                        "`{id}` is a group of criteria, not an indicator",
                        "`{id}` adalah kelompok kriteria, bukan indikator"
                    ),
                )
                .at(at(None))
                .hint(tr!(
                    "answer the indicators under it, one by one",
                    "jawab indikator di bawahnya satu per satu"
                )),
            );
            continue;
        };
        if let Some(first) = found.answered_in.get(&ix) {
            ctx.diags.push(
                Diagnostic::error(
                    shown.clone(),
                    tr!(
                        "`{id}` is answered twice: also in {first}",
                        "`{id}` dijawab dua kali: juga di {first}"
                    ),
                )
                .at(at(None))
                .hint(tr!(
                    "keep one answer per indicator across the agency's files",
                    "simpan satu jawaban untuk setiap indikator di seluruh berkas perangkat daerah"
                )),
            );
            continue;
        }
        found.answered_in.insert(ix, rel_source.clone());
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
                        shown: raw.into(),
                    }),
                    None => {
                        let (scale_id, answers) = (&scale.id, scale.describe());
                        diags.push(
                            Diagnostic::error(
                                shown.clone(),
                                tr!(
                                    "`{raw}` is not an answer of the scale `{scale_id}` of `{id}`",
                                    "`{raw}` bukan jawaban pada skala `{scale_id}` untuk `{id}`"
                                ),
                            )
                            .at(at(Some(key)))
                            .hint(tr!("answer {answers}, or n/a", "jawab {answers}, atau n/a")),
                        );
                        None
                    }
                }
            };
        let answer = response("answer", a.answer, &mut ctx.diags);
        let verified = response("verified", a.verified, &mut ctx.diags);
        let items = a.evidence.unwrap_or_default();
        let mut evidence = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let path = [
                Seg::Key("answers"),
                Seg::Key(&id),
                Seg::Key("evidence"),
                Seg::Index(i),
            ];
            if let Some(e) = check_evidence(ctx, file, &loc, &path, item, &mut found.attachments) {
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
        if let Some(problem) = a.note.as_ref().and_then(|n| text::markdown_too_deep(&n.0)) {
            ctx.diags.push(
                Diagnostic::error(
                    shown.clone(),
                    tr!("note of `{id}`: {}", "catatan `{id}`: {}", problem.message),
                )
                .at(at(Some("note")))
                .hint(problem.hint),
            );
        }
        found.answers.insert(
            ix,
            Answer {
                answer,
                verified,
                note: a
                    .note
                    .map(|n| n.0)
                    .filter(|n| !n.trim().is_empty())
                    .map(Into::into),
                evidence: evidence.into(),
                // Set once the agency's files are listed (below).
                source: 0,
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
            tr!(" and {} more", " dan {} lainnya", count - 8)
        } else {
            Msg::default()
        };
        let listed = listed.join(", ");
        ctx.diags.push(
            Diagnostic::warning(
                shown.clone(),
                tr!(
                    "{count} answers have no evidence: {listed}{more}",
                    "{count} jawaban belum memiliki data dukung: {listed}{more}"
                ),
            )
            .hint(tr!(
                "list the supporting documents under `evidence:`; evaluators verify against them",
                "cantumkan dokumen pendukung di bawah `evidence:`; penilai memverifikasi jawaban berdasarkan dokumen itu"
            )),
        );
    }

    for (i, Mapping(a)) in doc.actions.unwrap_or_default().into_iter().enumerate() {
        let at = |key: Option<&'static str>| {
            let mut path = vec![Seg::Key("actions"), Seg::Index(i)];
            path.extend(key.map(Seg::Key));
            loc.locate(&path)
        };
        let id =
            a.id.map(|t| t.0.trim().to_string())
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| format!("#{}", i + 1));
        if let Some(first) = found.action_ids.insert(id.clone(), rel_source.clone()) {
            ctx.diags.push(
                Diagnostic::error(
                    shown.clone(),
                    tr!(
                        "the action id `{id}` is used twice (also in {first})",
                        "id rencana aksi `{id}` dipakai dua kali (juga di {first})"
                    ),
                )
                .at(at(Some("id")))
                .hint(tr!(
                    "give every action of the agency its own id",
                    "beri setiap rencana aksi perangkat daerah id tersendiri"
                )),
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
                    tr!(
                        "the action `{id}` has no `activity`",
                        "rencana aksi `{id}` tidak memiliki `activity`"
                    ),
                )
                .at(at(None))
                .hint(tr!(
                    "say what is to be done: `activity: Menyusun Road Map RB`",
                    "tulis kegiatan yang akan dilakukan: `activity: Menyusun Road Map RB`"
                )),
            );
        }
        let criterion = a.criterion.and_then(|c| {
            let c = c.0.trim().to_string();
            let found = fw.node(&c);
            if found.is_none() {
                let near = nearest(&c, fw.nodes.iter().map(|n| n.id.as_str()));
                let fw_id = &fw.id;
                ctx.diags.push(
                    Diagnostic::error(
                        shown.clone(),
                        tr!(
                            "the action `{id}` names the criterion `{c}`, which is not in the framework `{fw_id}`",
                            "rencana aksi `{id}` menyebut kriteria `{c}`, yang tidak ada dalam kerangka penilaian `{fw_id}`"
                        ),
                    )
                    .at(at(Some("criterion")))
                    .hint(criterion_hint(near)),
                );
            }
            found
        });
        let due = a.due.and_then(|d| match d.0.parse::<Date>() {
            Ok(date) => Some(date),
            Err(e) => {
                ctx.diags.push(
                    Diagnostic::error(
                        shown.clone(),
                        tr!(
                            "`due` of the action `{id}`: {e}",
                            "`due` pada rencana aksi `{id}`: {e}"
                        ),
                    )
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
                        tr!(
                            "`progress` of the action `{id}` is `{}`, not a number from 0 to 100",
                            "`progress` pada rencana aksi `{id}` bernilai `{}`, bukan angka 0 s.d. 100",
                            p.0
                        ),
                    )
                    .at(at(Some("progress")))
                    .hint(tr!(
                        "write the percentage done, e.g. `progress: 75`",
                        "tulis persentase yang sudah selesai, misalnya `progress: 75`"
                    )),
                );
                None
            }
        });
        let items = a.evidence.unwrap_or_default();
        let mut evidence = Vec::with_capacity(items.len());
        for (j, item) in items.into_iter().enumerate() {
            let path = [
                Seg::Key("actions"),
                Seg::Index(i),
                Seg::Key("evidence"),
                Seg::Index(j),
            ];
            if let Some(e) = check_evidence(ctx, file, &loc, &path, item, &mut found.attachments) {
                evidence.push(e);
            }
        }
        found.actions.push(Action {
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
    loc: &Locator,
    path: &[Seg],
    item: EvidenceItemDoc,
    attachments: &mut BTreeSet<String>,
) -> Option<Evidence> {
    let shown = ctx.shown(yaml_file);
    let mut ok = true;
    let mut file = None;
    if let Some(f) = item.file.as_deref().map(str::trim) {
        // Keyed by the name as written, so every message quotes it as written.
        let key = (
            yaml_file.parent().unwrap_or(ctx.dir).to_path_buf(),
            f.to_string(),
        );
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
                if crate::model::published_as_text(&rel) && !attachments.contains(&rel) {
                    let mut at = path.to_vec();
                    at.push(Seg::Key("file"));
                    ctx.diags.push(
                        Diagnostic::warning(
                            shown.clone(),
                            tr!(
                                "the evidence file `{f}` is of a type a browser can run as a page (HTML, SVG, XML, a script, or no known type); it is published as text, `{rel}.txt`",
                                "berkas data dukung `{f}` berjenis yang dapat dijalankan peramban sebagai halaman (HTML, SVG, XML, skrip, atau jenis yang tidak dikenal); berkas ini diterbitkan sebagai teks, `{rel}.txt`"
                            ),
                        )
                        .at(loc.locate(&at))
                        .hint(tr!(
                            "attach the document as PDF (print it to PDF) so that readers see it as a document",
                            "lampirkan dokumen dalam bentuk PDF (cetak ke PDF) agar pembaca melihatnya sebagai dokumen"
                        )),
                    );
                }
                attachments.insert(rel.clone());
                file = Some(rel);
            }
            Err((message, hint)) => {
                let mut at = path.to_vec();
                at.push(Seg::Key("file"));
                ctx.diags.push(
                    Diagnostic::error(shown.clone(), message)
                        .at(loc.locate(&at))
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
                    tr!(
                        "the evidence url `{url}` is not an http or https address",
                        "url data dukung `{url}` bukan alamat http atau https"
                    ),
                )
                .at(loc.locate(&at))
                .hint(tr!(
                    "write a full address starting with https:// (or http://)",
                    "tulis alamat lengkap yang diawali https:// (atau http://)"
                )),
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
                    Diagnostic::error(
                        shown.clone(),
                        tr!("evidence date: {e}", "tanggal data dukung: {e}"),
                    )
                    .at(loc.locate(&at)),
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
            Diagnostic::error(
                shown,
                tr!(
                    "an evidence entry has no title, file or url",
                    "satu entri data dukung tidak memiliki judul, berkas, atau url"
                ),
            )
            .at(loc.locate(path))
            .hint(tr!(
                "write the document's title, e.g. `- SK Tim RB No. 061/45/2022`",
                "tulis judul dokumen, misalnya `- SK Tim RB No. 061/45/2022`"
            )),
        );
        return None;
    };
    ok.then_some(Evidence {
        title: title.into(),
        file: file.map(Into::into),
        url: item.url.map(|u| u.trim().into()),
        date,
    })
}

/// The attachment's path relative to the agency folder, or why it cannot be used.
fn resolve_attachment(
    agency_dir: &Path,
    home: Option<&Path>,
    yaml_file: &Path,
    file: &str,
) -> Result<String, (Msg, Msg)> {
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
                        tr!(
                            "the evidence file `{file}` lies outside the agency folder",
                            "berkas data dukung `{file}` berada di luar folder perangkat daerah"
                        ),
                        tr!(
                            "keep attachments inside the agency folder, e.g. `files/sk-tim-rb.pdf`",
                            "simpan lampiran di dalam folder perangkat daerah, misalnya `files/sk-tim-rb.pdf`"
                        ),
                    ));
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                let message = tr!(
                    "the evidence file `{file}` is an absolute path",
                    "berkas data dukung `{file}` ditulis sebagai path absolut"
                );
                let hint = tr!(
                    "write the path relative to this YAML file, e.g. `files/sk-tim-rb.pdf`",
                    "tulis path relatif terhadap berkas YAML ini, misalnya `files/sk-tim-rb.pdf`"
                );
                return Err((message, hint));
            }
        }
    }
    if parts.is_empty() || !joined.is_file() {
        return Err((
            tr!(
                "the evidence file `{file}` does not exist",
                "berkas data dukung `{file}` tidak ada"
            ),
            tr!(
                "check the spelling; the path is relative to this YAML file",
                "periksa ejaannya; path ini relatif terhadap berkas YAML ini"
            ),
        ));
    }
    // Then the real path: a link must not lead out of the agency folder either.
    let real = joined.canonicalize().ok();
    match (real, home) {
        (Some(real), Some(home)) if real.starts_with(home) => Ok(parts.join("/")),
        _ => Err((
            tr!(
                "the evidence file `{file}` links to a place outside the agency folder",
                "berkas data dukung `{file}` menaut ke tempat di luar folder perangkat daerah"
            ),
            tr!(
                "copy the document into the agency folder instead of linking it",
                "salin dokumen ke dalam folder perangkat daerah, jangan ditautkan"
            ),
        )),
    }
}

/// The hint for a criterion id that is not in the framework.
pub(super) fn criterion_hint(near: Option<&str>) -> Msg {
    match near {
        Some(n) => tr!("did you mean `{n}`?", "maksud Anda `{n}`?"),
        None => tr!(
            "name a criterion id of the framework",
            "sebutkan id kriteria dari kerangka penilaian"
        ),
    }
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
