//! What a person typed into a cell of the answer form, read as they meant
//! it in an Indonesian Excel: `85%` (Excel keeps 0.85 and a percent format)
//! is 85 on a 0-100 scale; `72,5` and numbers kept as text are numbers;
//! dates are written `2022-07-05`, `5/7/2022` (day first) or `5 Juli 2022`.
//! And the evidence column's text: one item per line, `title | URL | date`
//! or `title | files/x.pdf`, written and read back the same way.
//!
//! This module reads and writes cell text; it does not decide what a cell
//! may hold for an indicator (`import` does, with the framework's scale).

use calamine::Data;

use crate::i18n::Msg;
use crate::model::{Date, Evidence};
use crate::tr;

/// A cell as typed: its text, or a number with whether it shows as percent.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    Empty,
    Text(String),
    Number { value: f64, percent: bool },
}

/// The cell `d`, formatted as percent when `percent`; a refusal names what
/// Excel made of the cell.
pub fn typed(d: Option<&Data>, percent: bool) -> Result<Typed, Msg> {
    Ok(match d {
        None | Some(Data::Empty) => Typed::Empty,
        Some(Data::String(s)) if s.trim().is_empty() => Typed::Empty,
        Some(Data::String(s)) => Typed::Text(s.trim().to_string()),
        Some(Data::Float(x)) => Typed::Number { value: *x, percent },
        Some(Data::Int(i)) => Typed::Number {
            value: *i as f64,
            percent,
        },
        Some(Data::Bool(b)) => {
            return Err(tr!(
                "a TRUE/FALSE value ({b}) is not an answer",
                "nilai TRUE/FALSE ({b}) bukan jawaban"
            ))
        }
        Some(Data::DateTime(_)) => {
            return Err(tr!(
                "Excel took what was typed for a date; a number is typed as 62,5, and text that looks like a date starts with an apostrophe ('5/7)",
                "Excel membaca isian ini sebagai tanggal; angka ditulis seperti 62,5, dan teks yang mirip tanggal diawali tanda petik ('5/7)"
            ));
        }
        Some(Data::DateTimeIso(_)) | Some(Data::DurationIso(_)) => {
            return Err(tr!(
                "a date or time is not an answer",
                "tanggal atau waktu bukan jawaban"
            ))
        }
        Some(Data::Error(e)) => {
            return Err(tr!(
                "the cell holds an error value ({e})",
                "sel berisi nilai galat Excel ({e})"
            ))
        }
    })
}

/// The text a cell shows, for columns of text (evidence, note).
pub fn text_of(t: &Typed) -> String {
    match t {
        Typed::Empty => String::new(),
        Typed::Text(s) => s.clone(),
        Typed::Number { value, .. } => super::plain_number(*value),
    }
}

/// The number an answer cell means on a scale whose largest value is
/// `max`: a percent cell (Excel keeps `85%` as 0.85) is read back as the
/// percent typed on a scale beyond 1, and text with `%` likewise; text
/// numbers take a decimal comma. None when it is no number.
pub fn number(t: &Typed, max: f64) -> Option<f64> {
    let scaled = |x: f64| if max > 1.0 { x * 100.0 } else { x };
    match t {
        Typed::Empty => None,
        Typed::Number { value, percent } => Some(if *percent {
            round_percent(scaled(*value))
        } else {
            *value
        }),
        Typed::Text(s) => match s.strip_suffix('%') {
            Some(body) => {
                crate::model::parse_decimal(body.trim())
                    .map(|x| if max > 1.0 { x } else { x / 100.0 })
            }
            None => crate::model::parse_decimal(s),
        },
    }
}

/// 0.85 * 100 is 85.00000000000001 in binary: a percent is read to 10 decimals.
fn round_percent(x: f64) -> f64 {
    (x * 1e10).round() / 1e10
}

const MONTHS: [[&str; 3]; 12] = [
    ["januari", "january", "jan"],
    ["februari", "february", "feb"],
    ["maret", "march", "mar"],
    ["april", "april", "apr"],
    ["mei", "may", "mei"],
    ["juni", "june", "jun"],
    ["juli", "july", "jul"],
    ["agustus", "august", "agu"],
    ["september", "september", "sep"],
    ["oktober", "october", "okt"],
    ["november", "november", "nov"],
    ["desember", "december", "des"],
];

fn month_named(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    let other = [("aug", 8), ("agt", 8), ("oct", 10), ("dec", 12)];
    MONTHS
        .iter()
        .position(|names| names.contains(&w.as_str()))
        .map(|i| i as u32 + 1)
        .or_else(|| other.iter().find(|(n, _)| *n == w).map(|(_, m)| *m))
}

/// A date as typed in Indonesia: `2022-07-05`, `5/7/2022`, `05-07-2022`
/// (day first), `5 Juli 2022` or `5 Jul 2022`.
pub fn date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Ok(d) = text.parse::<Date>() {
        return Some(d);
    }
    let check = |day: u32, month: u32, year: i32| {
        format!("{year:04}-{month:02}-{day:02}")
            .parse::<Date>()
            .ok()
    };
    let parts: Vec<&str> = text.split(['/', '-', '.']).collect();
    if parts.len() == 3 && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        let (d, m, y) = (parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2]);
        return (y.len() == 4)
            .then(|| check(d, m, y.parse().ok()?))
            .flatten();
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    if let [d, m, y] = words[..] {
        return check(d.parse().ok()?, month_named(m)?, y.parse().ok()?);
    }
    None
}

/// The evidence of an answer as the form shows it: one item per line.
pub fn evidence_text(items: &[Evidence]) -> String {
    items
        .iter()
        .map(|e| {
            let mut line = e.title.to_string();
            for part in [e.url.as_deref(), e.file.as_deref()].into_iter().flatten() {
                line.push_str(" | ");
                line.push_str(part);
            }
            if let Some(d) = e.date {
                line.push_str(&format!(" | {d}"));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The evidence column's text, one item per line, as items; a refusal
/// says which line and why. A part after a title is a URL (http or https),
/// a date, or else the path of a file below the agency folder.
pub fn parse_evidence(text: &str) -> Result<Vec<Evidence>, Msg> {
    let mut items = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut parts = line.split('|').map(str::trim);
        let title = parts.next().unwrap_or_default();
        if title.is_empty() {
            return Err(tr!(
                "line {n} of the evidence has no title before `|`",
                "baris {n} data dukung tidak berjudul sebelum `|`"
            ));
        }
        let mut item = Evidence {
            title: title.into(),
            file: None,
            url: None,
            date: None,
        };
        for part in parts {
            let lower = part.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                item.url = Some(part.into());
            } else if let Some(d) = date(part) {
                item.date = Some(d);
            } else if part.is_empty() {
                continue;
            } else if part.contains("://")
                || part.starts_with('/')
                || part.split('/').any(|s| s == "..")
            {
                return Err(tr!(
                    "line {n} of the evidence: `{part}` is neither an http(s) address, a date nor a file below the agency folder",
                    "baris {n} data dukung: `{part}` bukan alamat http(s), bukan tanggal, dan bukan berkas di dalam folder perangkat daerah"
                ));
            } else {
                item.file = Some(part.into());
            }
        }
        items.push(item);
    }
    Ok(items)
}

/// Two texts of a column mean the same: compared line by line, trimmed,
/// blank lines and `\r` left out.
pub fn same_text(a: &str, b: &str) -> bool {
    let lines = |s: &str| -> Vec<String> {
        s.lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    lines(a) == lines(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_cells_read_as_the_percent_typed() {
        let p = |v: f64| Typed::Number {
            value: v,
            percent: true,
        };
        assert_eq!(number(&p(0.85), 100.0), Some(85.0));
        assert_eq!(number(&p(0.725), 100.0), Some(72.5));
        assert_eq!(
            number(&p(0.85), 1.0),
            Some(0.85),
            "a 0-1 scale keeps the fraction"
        );
        let n = Typed::Number {
            value: 0.85,
            percent: false,
        };
        assert_eq!(number(&n, 100.0), Some(0.85));
        assert_eq!(number(&Typed::Text("85%".into()), 100.0), Some(85.0));
        assert_eq!(number(&Typed::Text("72,5 %".into()), 100.0), Some(72.5));
        assert_eq!(number(&Typed::Text("72,5".into()), 100.0), Some(72.5));
        assert_eq!(
            number(&Typed::Text(" 60 ".trim().into()), 100.0),
            Some(60.0)
        );
        assert_eq!(number(&Typed::Text("ya".into()), 100.0), None);
    }

    #[test]
    fn dates_as_typed_in_indonesia() {
        let d = |y, m, dd| {
            Some(Date {
                year: y,
                month: m,
                day: dd,
            })
        };
        assert_eq!(date("2022-07-05"), d(2022, 7, 5));
        assert_eq!(date("5/7/2022"), d(2022, 7, 5));
        assert_eq!(date("05-07-2022"), d(2022, 7, 5));
        assert_eq!(date("5 Juli 2022"), d(2022, 7, 5));
        assert_eq!(date("29 Agustus 2022"), d(2022, 8, 29));
        assert_eq!(date("29 Agt 2022"), d(2022, 8, 29));
        assert_eq!(date("1 Okt 2022"), d(2022, 10, 1));
        assert_eq!(date("31/2/2022"), None);
        assert_eq!(date("SK Tim"), None);
    }

    #[test]
    fn evidence_lines_round_trip() {
        let text = "SK Tim RB\nLaporan monev | https://intranet.example/m.pdf | 5 Juli 2022\n\nRoad Map | files/roadmap.pdf";
        let items = parse_evidence(text).unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(&*items[1].title, "Laporan monev");
        assert_eq!(
            items[1].url.as_deref(),
            Some("https://intranet.example/m.pdf")
        );
        assert_eq!(
            items[1].date.map(|d| d.to_string()).as_deref(),
            Some("2022-07-05")
        );
        assert_eq!(items[2].file.as_deref(), Some("files/roadmap.pdf"));
        let shown = evidence_text(&items);
        assert_eq!(
            shown,
            "SK Tim RB\nLaporan monev | https://intranet.example/m.pdf | 2022-07-05\nRoad Map | files/roadmap.pdf"
        );
        assert_eq!(parse_evidence(&shown).unwrap(), items);
        assert!(parse_evidence(" | https://x.example").is_err());
        assert!(parse_evidence("SK | ../../rahasia.pdf").is_err());
        assert!(same_text("a\r\n\n b ", "a\nb"));
    }
}
