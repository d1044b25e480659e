//! `tolok new agency PERIOD/GROUP/ID`: a new agency folder with its
//! agency.yaml and an evidence.yaml that lists every indicator of the
//! period's framework as a comment, ready to be filled in. Missing group
//! folders on the way are created with a group.yaml.

use std::path::{Path, PathBuf};

use super::{check_id, title_of, write_new, yaml_scalar, Written};
use crate::content;
use crate::diagnostics::{nearest, Diagnostic};
use crate::i18n::one_of;
use crate::model::{Framework, NodeKind, ScaleKind};

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct NewAgency {
    /// `PERIOD/GROUP/ID` (any number of groups, at least the period and the id).
    pub path: String,
    pub name: String,
    pub short: Option<String>,
    pub cluster: Option<String>,
    pub peer: Option<String>,
}

pub fn new_agency(root: &Path, req: &NewAgency) -> Result<Written, Diagnostic> {
    let segments: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    if segments.len() < 2 {
        return Err(Diagnostic::error(
            root,
            crate::tr!(
                "`{}` does not name an agency below a period",
                "`{}` tidak menunjuk perangkat daerah di bawah suatu periode",
                req.path
            ),
        )
        .hint(crate::tr!(
            "write PERIOD/GROUP/ID, e.g. `2024/maluku-utara/dinas-kesehatan`",
            "tulis PERIOD/GROUP/ID (periode/kelompok/id), mis. `2024/maluku-utara/dinas-kesehatan`"
        )));
    }
    for (n, s) in segments.iter().enumerate() {
        let what = match n {
            0 => one_of("period", "periode"),
            _ if n == segments.len() - 1 => one_of("agency", "perangkat daerah"),
            _ => one_of("group", "kelompok"),
        };
        check_id(s, what, root)?;
    }
    if req.name.trim().is_empty() {
        return Err(Diagnostic::error(
            root,
            crate::tr!(
                "the agency needs a name",
                "perangkat daerah perlu diberi nama"
            ),
        )
        .hint(crate::tr!(
            "e.g. --name \"Dinas Kesehatan\"",
            "mis. --name \"Dinas Kesehatan\""
        )));
    }
    let period_id = segments[0];
    let period_dir = root.join(period_id);
    if !period_dir.join("period.yaml").is_file() {
        // Not a tree at all: the folder is the slip, not the period.
        let hint = if !root.join("site.yaml").is_file() {
            crate::tr!(
                "`{}` holds no site.yaml: name the content folder with --content",
                "`{}` tidak berisi site.yaml: sebutkan folder isi dengan --content",
                root.display()
            )
        } else {
            let periods = content::load(root)
                .model
                .periods
                .iter()
                .map(|p| p.id.clone())
                .collect::<Vec<_>>();
            match periods.is_empty() {
                true => crate::tr!(
                    "create the period first (`tolok new period {period_id}`)",
                    "buat periode itu dahulu (`tolok new period {period_id}`)"
                ),
                false => crate::tr!(
                    "periods in this tree: {}; or create it (`tolok new period {period_id}` copies the latest)",
                    "periode dalam pohon isi ini: {}; atau buat periode itu (`tolok new period {period_id}` menyalin periode terakhir)",
                    periods.join(", ")
                ),
            }
        };
        return Err(Diagnostic::error(
            &period_dir,
            crate::tr!(
                "there is no period `{period_id}` (no {period_id}/period.yaml)",
                "tidak ada periode `{period_id}` (tidak ada {period_id}/period.yaml)"
            ),
        )
        .hint(hint));
    }
    let loaded = content::load(root);
    let Some(period) = loaded.model.period(period_id) else {
        return Err(Diagnostic::error(
            period_dir.join("period.yaml"),
            crate::tr!(
                "the period could not be read",
                "periode itu tidak dapat dibaca"
            ),
        )
        .hint(crate::tr!(
            "run `tolok check` and fix its period.yaml first",
            "jalankan `tolok check` dan perbaiki dahulu berkas period.yaml periode itu"
        )));
    };
    let id = segments[1..].join("/");
    let dir = period_dir.join(segments[1..].join("/"));
    let occupied = dir.join("agency.yaml").exists()
        || dir
            .read_dir()
            .map(|mut d| d.next().is_some())
            .unwrap_or(false);
    if period.agency(&id).is_some() || occupied {
        return Err(Diagnostic::error(
            &dir,
            crate::tr!(
                "the agency `{id}` already exists in period `{period_id}`",
                "perangkat daerah `{id}` sudah ada pada periode `{period_id}`"
            ),
        )
        .hint(crate::tr!(
            "choose another id, or edit its files",
            "pilih id lain, atau sunting berkasnya"
        )));
    }
    if let Some(peer) = &req.peer {
        if period.agency(peer).is_none() {
            let near = nearest(peer, period.agencies.iter().map(|a| a.id.as_str()));
            return Err(Diagnostic::error(
                root,
                crate::tr!(
                    "--peer `{peer}` names no agency of period `{period_id}`",
                    "--peer `{peer}` tidak menunjuk perangkat daerah mana pun pada periode `{period_id}`"
                ),
            )
            .hint(
                near.map(|n| crate::tr!("did you mean `{n}`?", "maksud Anda `{n}`?"))
                    .unwrap_or_else(|| {
                        crate::tr!(
                            "write the peer's id, e.g. `banten/dinkes`",
                            "tulis id pembanding, mis. `banten/dinkes`"
                        )
                    }),
            ));
        }
    }

    let mut written = Written::default();
    // Group folders on the way that do not exist yet get a group.yaml.
    let mut at = period_dir.clone();
    for g in &segments[1..segments.len() - 1] {
        at.push(g);
        if !at.exists() {
            let rel = at.strip_prefix(root).unwrap_or(&at).join("group.yaml");
            let text = format!(
                "# Kelompok perangkat daerah, mis. satu pemerintah daerah.\nname: {}\n",
                yaml_scalar(&title_of(g))
            );
            write_new(&at.join("group.yaml"), text.as_bytes())?;
            written.files.push(rel);
        }
    }

    let mut agency = format!("name: {}\n", yaml_scalar(req.name.trim()));
    let optional = [
        ("short", &req.short, "singkatan nama, mis. Dinkes"),
        (
            "cluster",
            &req.cluster,
            "rumpun: perangkat daerah serumpun dibandingkan",
        ),
        (
            "peer",
            &req.peer,
            "id perangkat daerah pembanding pada periode yang sama",
        ),
    ];
    for (key, value, help) in optional {
        match value {
            Some(v) => agency.push_str(&format!("{key}: {}\n", yaml_scalar(v.trim()))),
            None => agency.push_str(&format!("# {:<9}# {help}\n", format!("{key}:"))),
        }
    }
    agency.push_str("# head:    # nama kepala perangkat daerah\n");
    let rel_dir = PathBuf::from(period_id).join(&id);
    write_new(&dir.join("agency.yaml"), agency.as_bytes())?;
    written.files.push(rel_dir.join("agency.yaml"));
    let evidence = evidence_skeleton(&period.framework, &req.name);
    write_new(&dir.join("evidence.yaml"), evidence.as_bytes())?;
    written.files.push(rel_dir.join("evidence.yaml"));
    Ok(written)
}

/// An evidence.yaml whose answers are all still comments: one line per
/// indicator of the framework, under the names of its areas.
pub fn evidence_skeleton(fw: &Framework, agency: &str) -> String {
    let one_line = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = format!(
        "# Jawaban penilaian mandiri (PMPRB): {}.\n\
         # Untuk butir yang dijawab, hapus `# ` (tanda pagar dan satu spasi) di depan\n\
         # kedua barisnya, lalu isi `answer:`.\n\
         #   answer:   jawaban perangkat daerah sendiri\n\
         #   verified: jawaban tim evaluator setelah verifikasi (boleh dikosongkan)\n\
         #   note:     catatan (boleh memakai Markdown)\n\
         #   evidence: daftar data dukung, mis. [SK Tim RB] atau [{{title: SK, file: files/sk.pdf}}]\n\
         # Kerangka penilaian: {} ({} butir).\n\nanswers:\n",
        one_line(agency),
        one_line(&fw.name),
        fw.leaves.len()
    );
    for node in &fw.nodes {
        match &node.kind {
            NodeKind::Group { .. } => {
                let label = one_line(node.label());
                match node.depth {
                    0 => out.push_str(&format!("\n  # ===== {label} =====\n")),
                    1 => out.push_str(&format!("\n  # --- {label} ---\n")),
                    _ => out.push_str(&format!("  # · {label}\n")),
                }
            }
            NodeKind::Indicator(ind) => {
                let takes = match fw.scales.get(ind.scale).map(|s| &s.kind) {
                    Some(ScaleKind::Choice(options)) => options
                        .iter()
                        .map(|(k, _)| k.as_str())
                        .collect::<Vec<_>>()
                        .join(" | "),
                    Some(ScaleKind::Range { min, max }) => format!("angka {min} sampai {max}"),
                    None => String::new(),
                };
                let question = node.text.as_deref().or(node.name.as_deref()).unwrap_or("");
                out.push_str(&format!("  # {}:  # {takes}", node.id));
                if !question.is_empty() {
                    out.push_str(&format!(" · {}", one_line(question)));
                }
                out.push_str("\n  #   answer:\n");
            }
        }
    }
    out
}
