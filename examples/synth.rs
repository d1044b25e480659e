//! A synthetic content tree of any size, for benchmarks and scale tests.
//!
//! `cargo run --release --example synth -- --agencies N --periods P OUT`
//! writes OUT/site.yaml and OUT/frameworks/pmprb-pd.yaml (copies of the
//! sample's), then P periods (2022, 2023, ...) each holding the same N
//! agencies in groups of 40 (`prov-01/dinkes`, ...): agency.yaml, an evidence
//! file with an answer for most of the framework's indicators (evidence lists,
//! some `n/a`, verified answers on part of them, notes), an action plan, a
//! ~1.5 KB Indonesian narrative and one attachment. Some agencies name a peer
//! in the reference group `prov-01`.
//!
//! The output depends only on the arguments (`--seed` to vary it): a tiny
//! xorshift generator, no clock, no randomness from outside. Every tree it
//! writes passes `tolok check` without errors.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const SITE: &str = include_str!("../content/site.yaml");
const FRAMEWORK: &str = include_str!("../content/frameworks/pmprb-pd.yaml");
const GROUP_SIZE: usize = 40;

/// Agency kinds of a provincial government: folder id, name, short name, cluster.
const KINDS: [(&str, &str, &str, &str); 40] = [
    (
        "bappeda",
        "Badan Perencanaan Pembangunan Daerah",
        "Bappeda",
        "perencanaan",
    ),
    ("bkd", "Badan Kepegawaian Daerah", "BKD", "kepegawaian"),
    (
        "inspektorat",
        "Inspektorat Daerah",
        "Inspektorat",
        "pengawasan",
    ),
    ("dinkes", "Dinas Kesehatan", "Dinkes", "kesehatan"),
    ("dishub", "Dinas Perhubungan", "Dishub", "perhubungan"),
    (
        "disnakertrans",
        "Dinas Tenaga Kerja dan Transmigrasi",
        "Disnakertrans",
        "ketenagakerjaan",
    ),
    (
        "disdik",
        "Dinas Pendidikan dan Kebudayaan",
        "Disdikbud",
        "pendidikan",
    ),
    ("dinsos", "Dinas Sosial", "Dinsos", "sosial"),
    (
        "dpupr",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "DPUPR",
        "infrastruktur",
    ),
    (
        "perkim",
        "Dinas Perumahan dan Kawasan Permukiman",
        "Perkim",
        "infrastruktur",
    ),
    (
        "satpolpp",
        "Satuan Polisi Pamong Praja",
        "Satpol PP",
        "ketertiban",
    ),
    (
        "bpbd",
        "Badan Penanggulangan Bencana Daerah",
        "BPBD",
        "ketertiban",
    ),
    ("dlh", "Dinas Lingkungan Hidup", "DLH", "lingkungan"),
    (
        "disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Disdukcapil",
        "pelayanan",
    ),
    (
        "dp3a",
        "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
        "DP3A",
        "sosial",
    ),
    (
        "dpmd",
        "Dinas Pemberdayaan Masyarakat dan Desa",
        "DPMD",
        "pemberdayaan",
    ),
    (
        "diskominfo",
        "Dinas Komunikasi, Informatika dan Statistik",
        "Diskominfo",
        "informatika",
    ),
    (
        "diskop",
        "Dinas Koperasi dan UKM",
        "Diskop UKM",
        "perekonomian",
    ),
    (
        "dpmptsp",
        "Dinas Penanaman Modal dan PTSP",
        "DPMPTSP",
        "pelayanan",
    ),
    (
        "dispora",
        "Dinas Pemuda dan Olahraga",
        "Dispora",
        "pendidikan",
    ),
    ("dispar", "Dinas Pariwisata", "Dispar", "perekonomian"),
    (
        "disperpus",
        "Dinas Perpustakaan dan Kearsipan",
        "Disperpus",
        "pendidikan",
    ),
    (
        "dkp",
        "Dinas Kelautan dan Perikanan",
        "DKP",
        "sumber-daya-alam",
    ),
    ("distan", "Dinas Pertanian", "Distan", "sumber-daya-alam"),
    ("dishut", "Dinas Kehutanan", "Dishut", "sumber-daya-alam"),
    (
        "desdm",
        "Dinas Energi dan Sumber Daya Mineral",
        "DESDM",
        "sumber-daya-alam",
    ),
    (
        "disperindag",
        "Dinas Perindustrian dan Perdagangan",
        "Disperindag",
        "perekonomian",
    ),
    ("bapenda", "Badan Pendapatan Daerah", "Bapenda", "keuangan"),
    (
        "bpkad",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        "keuangan",
    ),
    (
        "bpsdm",
        "Badan Pengembangan Sumber Daya Manusia",
        "BPSDM",
        "kepegawaian",
    ),
    (
        "kesbangpol",
        "Badan Kesatuan Bangsa dan Politik",
        "Kesbangpol",
        "ketertiban",
    ),
    ("setwan", "Sekretariat DPRD", "Setwan", "kesekretariatan"),
    (
        "biro-organisasi",
        "Biro Organisasi",
        "Biro Organisasi",
        "kesekretariatan",
    ),
    ("biro-hukum", "Biro Hukum", "Biro Hukum", "kesekretariatan"),
    ("biro-umum", "Biro Umum", "Biro Umum", "kesekretariatan"),
    (
        "biro-pbj",
        "Biro Pengadaan Barang dan Jasa",
        "Biro PBJ",
        "kesekretariatan",
    ),
    ("rsud", "Rumah Sakit Umum Daerah", "RSUD", "kesehatan"),
    ("dkpp", "Dinas Ketahanan Pangan", "DKPP", "sumber-daya-alam"),
    ("disnak", "Dinas Peternakan", "Disnak", "sumber-daya-alam"),
    (
        "dinas-pangan",
        "Dinas Pangan dan Hortikultura",
        "Distanhor",
        "sumber-daya-alam",
    ),
];

const PROVINCES: [&str; 12] = [
    "Maluku Utara",
    "Banten",
    "Nusa Tenggara Barat",
    "Sulawesi Tengah",
    "Kalimantan Selatan",
    "Jambi",
    "Bengkulu",
    "Gorontalo",
    "Papua Barat",
    "Sumatera Barat",
    "Jawa Tengah",
    "Riau",
];

const SENTENCES: [&str; 16] = [
    "Tim penilai melakukan wawancara dengan sekretaris dan para kepala bidang untuk menelusuri data dukung yang diunggah.",
    "Sebagian besar dokumen telah ditandatangani, tetapi beberapa laporan monitoring masih berupa draf tanpa nomor.",
    "Road Map RB telah diacu dalam Rencana Kerja, namun keterkaitan antara kegiatan dan indikator kinerja belum dijelaskan.",
    "Agen perubahan telah ditetapkan dengan surat keputusan dan aktif mengisi kanal informasi internal setiap bulan.",
    "Penerapan SOP di bidang pelayanan sudah berjalan; evaluasi SOP tahunan dijadwalkan setelah penetapan anggaran perubahan.",
    "Survei kepuasan masyarakat dilaksanakan dua kali setahun dan hasilnya dipublikasikan pada papan informasi layanan.",
    "Pengelolaan pengaduan melalui SP4N-LAPOR sudah terhubung, meskipun waktu penyelesaian rata-rata masih melebihi target.",
    "Tim menyarankan agar dokumentasi rapat koordinasi dilengkapi daftar hadir dan notulen yang disahkan pimpinan.",
    "Perangkat daerah ini menjadi rujukan bagi daerah lain dalam penerapan persuratan elektronik dan arsip digital.",
    "Pencanangan zona integritas telah dilakukan; pembangunan unit kerja berpredikat WBK masih dalam tahap persiapan.",
    "Manajemen risiko disusun berdasarkan pedoman BPKP, tetapi register risiko belum dimutakhirkan pada triwulan berjalan.",
    "Kinerja pegawai diukur melalui SKP bulanan yang terintegrasi dengan aplikasi kepegawaian daerah.",
    "Rencana aksi tahun berjalan dipantau setiap triwulan dan capaiannya dilaporkan kepada kepala perangkat daerah.",
    "Inovasi pelayanan yang dipaparkan mencakup layanan antar-jemput dokumen dan antrean daring berbasis aplikasi.",
    "Tindak lanjut rekomendasi hasil pemeriksaan APIP mencapai sebagian besar, sisanya dijadwalkan pada semester berikutnya.",
    "Evaluator mencatat perlunya penguatan kapasitas operator data agar pengisian LKE tahun depan lebih tertib.",
];

const DOCUMENTS: [&str; 12] = [
    "SK Kepala Perangkat Daerah tentang Tim Pelaksana RB",
    "Laporan monitoring dan evaluasi triwulan II",
    "Dokumen Road Map RB 2022-2026",
    "Notulen rapat koordinasi RB",
    "Daftar SOP yang telah ditetapkan",
    "Laporan hasil survei kepuasan masyarakat",
    "Perjanjian kinerja kepala perangkat daerah",
    "Register risiko dan rencana tindak pengendalian",
    "Surat edaran kepala dinas",
    "Rekapitulasi presensi elektronik pegawai",
    "Laporan kinerja instansi pemerintah (LKjIP)",
    "Dokumentasi kegiatan sosialisasi",
];

/// xorshift64*: small, fast and deterministic; good enough for test data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// 0 to n - 1.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
}

/// What an indicator accepts, read from the framework.
enum Scale {
    Choice(Vec<String>),
    Range(f64, f64),
}

struct Indicator {
    id: String,
    scale: Scale,
}

struct Framework {
    indicators: Vec<Indicator>,
    /// Ids of the framework's areas (children of the top-level nodes), for actions.
    areas: Vec<String>,
}

fn read_framework() -> Framework {
    let doc: serde_yaml::Value =
        serde_yaml::from_str(FRAMEWORK).expect("the sample framework parses");
    let mut scales = std::collections::BTreeMap::new();
    if let Some(map) = doc["scales"].as_mapping() {
        for (k, v) in map {
            let id = k.as_str().unwrap_or_default().to_string();
            let scale = if let Some(choice) = v["choice"].as_mapping() {
                Scale::Choice(
                    choice
                        .keys()
                        .filter_map(|k| k.as_str().map(str::to_string))
                        .collect(),
                )
            } else {
                let r = &v["range"];
                Scale::Range(r[0].as_f64().unwrap_or(0.0), r[1].as_f64().unwrap_or(100.0))
            };
            scales.insert(id, scale);
        }
    }
    let mut fw = Framework {
        indicators: Vec::new(),
        areas: Vec::new(),
    };
    fn walk(
        nodes: &serde_yaml::Value,
        depth: usize,
        scales: &std::collections::BTreeMap<String, Scale>,
        fw: &mut Framework,
    ) {
        for node in nodes.as_sequence().into_iter().flatten() {
            let id = node["id"].as_str().unwrap_or_default().to_string();
            if let Some(scale) = node["scale"].as_str() {
                let scale = match &scales[scale] {
                    Scale::Choice(keys) => Scale::Choice(keys.clone()),
                    Scale::Range(a, b) => Scale::Range(*a, *b),
                };
                fw.indicators.push(Indicator { id, scale });
            } else {
                if depth == 1 {
                    fw.areas.push(id);
                }
                walk(&node["criteria"], depth + 1, scales, fw);
            }
        }
    }
    walk(&doc["criteria"], 0, &scales, &mut fw);
    fw
}

struct Args {
    agencies: usize,
    periods: usize,
    seed: u64,
    out: PathBuf,
}

fn usage() -> ! {
    eprintln!("usage: synth --agencies N [--periods P] [--seed S] OUT");
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut args = Args {
        agencies: 0,
        periods: 1,
        seed: 7,
        out: PathBuf::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut number = || -> u64 {
            it.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| usage())
        };
        match a.as_str() {
            "--agencies" => args.agencies = number() as usize,
            "--periods" => args.periods = number() as usize,
            "--seed" => args.seed = number(),
            _ if a.starts_with('-') => usage(),
            _ => args.out = PathBuf::from(a),
        }
    }
    if args.agencies == 0 || args.periods == 0 || args.out.as_os_str().is_empty() {
        usage();
    }
    args
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", parent.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn main() {
    let args = parse_args();
    let fw = read_framework();
    if args.out.exists()
        && std::fs::read_dir(&args.out)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        eprintln!(
            "synth: {} exists and is not empty; choose a new folder",
            args.out.display()
        );
        std::process::exit(1);
    }
    write(&args.out.join("site.yaml"), SITE);
    write(&args.out.join("frameworks/pmprb-pd.yaml"), FRAMEWORK);
    let groups = args.agencies.div_ceil(GROUP_SIZE);
    let mut bytes = 0usize;
    for p in 0..args.periods {
        let year = 2022 + p;
        let dir = args.out.join(year.to_string());
        write(
            &dir.join("period.yaml"),
            &format!("name: Evaluasi RB {year}\nframework: pmprb-pd\ndate: {year}-08-29\n"),
        );
        write(
            &dir.join("index.md"),
            &format!(
                "---\ntitle: Ringkasan evaluasi {year}\n---\nEvaluasi tahun {year} mencakup {} perangkat daerah dalam {groups} pemerintah daerah.\n",
                args.agencies
            ),
        );
        for g in 0..groups {
            let gid = format!("prov-{:02}", g + 1);
            let province = PROVINCES[g % PROVINCES.len()];
            let gdir = dir.join(&gid);
            let role = if g == 0 { "role: reference\n" } else { "" };
            write(
                &gdir.join("group.yaml"),
                &format!("name: Pemerintah Provinsi {province} ({})\n{role}", g + 1),
            );
            let in_group = GROUP_SIZE.min(args.agencies - g * GROUP_SIZE);
            for k in 0..in_group {
                let n = g * GROUP_SIZE + k;
                let mut rng = Rng::new(args.seed ^ ((p as u64) << 40) ^ (n as u64 + 1));
                bytes += write_agency(&fw, &gdir, &gid, g, k, year, province, &mut rng);
            }
        }
    }
    eprintln!(
        "synth: {} period(s) × {} agencies in {groups} groups, {:.1} MB of YAML and Markdown, into {}",
        args.periods,
        args.agencies,
        bytes as f64 / 1e6,
        args.out.display()
    );
}

#[allow(clippy::too_many_arguments)]
fn write_agency(
    fw: &Framework,
    gdir: &Path,
    gid: &str,
    g: usize,
    k: usize,
    year: usize,
    province: &str,
    rng: &mut Rng,
) -> usize {
    let (kind, name, short, cluster) = KINDS[k % KINDS.len()];
    let dir = gdir.join(kind);
    let mut agency = format!(
        "name: {name} Provinsi {province} {}\nshort: {short}\ncluster: {cluster}\nhead: {}\n",
        g + 1,
        quoted(&format!("Drs. Pejabat {} {}, M.Si", g + 1, k + 1))
    );
    // One in five agencies outside the reference group is benchmarked against it.
    if g > 0 && rng.chance(20) {
        let _ = writeln!(agency, "peer: prov-01/{kind}");
    }
    let _ = gid;
    write(&dir.join("agency.yaml"), &agency);
    write(
        &dir.join("files/sk-tim-rb.pdf"),
        "%PDF-1.4\n% synthetic attachment\n%%EOF\n",
    );

    // How good this agency is: answers lean towards its level.
    let level = rng.below(100);
    let mut ev = String::from("# Synthetic answers.\nanswers:\n");
    for ind in &fw.indicators {
        if rng.chance(4) {
            continue; // unanswered
        }
        let _ = writeln!(ev, "  {}:", ind.id);
        if rng.chance(5) {
            ev.push_str("    answer: n/a\n");
            continue;
        }
        let (answer, positive) = value(&ind.scale, level, rng);
        let _ = writeln!(ev, "    answer: {answer}");
        if rng.chance(60) {
            let (verified, _) = if rng.chance(75) {
                (answer.clone(), positive)
            } else {
                value(&ind.scale, level.saturating_sub(15), rng)
            };
            let _ = writeln!(ev, "    verified: {verified}");
        }
        if rng.chance(10) {
            let _ = writeln!(
                ev,
                "    note: {}",
                quoted(&format!("Verifikasi: {}", rng.pick(&SENTENCES)))
            );
        }
        // Evidence for every answer (a "no" may still list what was checked).
        let items = 1 + rng.below(3);
        ev.push_str("    evidence:\n");
        for i in 0..items {
            let doc = rng.pick(&DOCUMENTS);
            match (i, rng.below(10)) {
                (0, 0) => ev.push_str("      - {title: SK Tim RB, file: files/sk-tim-rb.pdf}\n"),
                (_, 1 | 2) => {
                    let _ = writeln!(
                        ev,
                        "      - {{title: {doc}, url: https://intranet.example/{}/{}.pdf, date: {year}-{:02}-{:02}}}",
                        ind.id,
                        rng.below(1000),
                        1 + rng.below(12),
                        1 + rng.below(28)
                    );
                }
                _ => {
                    let _ = writeln!(ev, "      - {doc} Tahun {year}");
                }
            }
        }
    }
    write(&dir.join("evidence.yaml"), &ev);

    let mut plan = String::from("actions:\n");
    for a in 0..3 + rng.below(4) {
        let due_month = 1 + rng.below(12);
        let _ = write!(
            plan,
            "  - id: ra-{:02}\n    activity: {}\n    criterion: {}\n    due: {year}-{due_month:02}-{:02}\n    target: Dokumen ditetapkan dan disosialisasikan\n    progress: {}\n",
            a + 1,
            quoted(&format!("Menindaklanjuti: {}", rng.pick(&DOCUMENTS))),
            rng.pick(&fw.areas),
            1 + rng.below(28),
            rng.below(11) * 10
        );
        if rng.chance(30) {
            plan.push_str("    evidence: [{title: SK Tim RB, file: files/sk-tim-rb.pdf}]\n");
        }
    }
    write(&dir.join("rencana-aksi.yaml"), &plan);

    let mut md = format!(
        "---\ntitle: Catatan visitasi {year}\norder: 1\ncriterion: {}\n---\n",
        rng.pick(&fw.areas)
    );
    let _ = writeln!(
        md,
        "Catatan ini merangkum hasil visitasi ke **{name}** Provinsi {province}.\n"
    );
    while md.len() < 1500 {
        let sentence: &&str = rng.pick(&SENTENCES);
        md.push_str(sentence);
        md.push(if rng.chance(25) { '\n' } else { ' ' });
        if rng.chance(15) {
            md.push('\n');
        }
    }
    md.push('\n');
    write(&dir.join("catatan-visitasi.md"), &md);
    agency.len() + ev.len() + plan.len() + md.len()
}

/// An answer on `scale` for an agency of quality `level` (0 to 99), and whether it scores above 0.
fn value(scale: &Scale, level: usize, rng: &mut Rng) -> (String, bool) {
    match scale {
        Scale::Choice(keys) => {
            // Keys are listed best first; better agencies pick earlier keys.
            let spread = keys.len();
            let lean = (100 - level.min(99)) * spread / 100;
            let i = (lean + rng.below(2)).min(spread - 1);
            let i = if rng.chance(15) { rng.below(spread) } else { i };
            (keys[i].clone(), i + 1 < spread)
        }
        Scale::Range(min, max) => {
            let share = ((level + rng.below(40)) as f64 / 140.0).min(1.0);
            let x = min + (max - min) * share;
            let x = (x * 10.0).round() / 10.0;
            let shown = if rng.chance(30) {
                quoted(&format!("{x}").replace('.', ","))
            } else {
                format!("{x}")
            };
            (shown, x > *min)
        }
    }
}
