//! Numbers and dates in the site's language: `72,50` and `29 Agustus 2022` in
//! Indonesian, `72.50` and `29 August 2022` in English.

use crate::model::{Date, Language};

const MONTHS_ID: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `x` with `decimals` places, rounded half away from zero, grouped by thousands.
pub fn number(x: f64, decimals: usize, lang: Language) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let factor = 10f64.powi(decimals as i32);
    let rounded = (x * factor).round() / factor;
    let text = format!("{:.*}", decimals, rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (group_sep, decimal_sep) = match lang {
        Language::Id => ('.', ','),
        Language::En => (',', '.'),
    };
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(group_sep);
        }
        grouped.push(c);
    }
    let sign = if rounded < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{decimal_sep}{frac}")
    }
}

/// A number with as many decimals as it needs, up to `max` (weights: 5, 2,5, 0,67).
pub fn number_short(x: f64, max: usize, lang: Language) -> String {
    let full = number(x, max, lang);
    let sep = match lang {
        Language::Id => ',',
        Language::En => '.',
    };
    if full.contains(sep) {
        full.trim_end_matches('0').trim_end_matches(sep).to_string()
    } else {
        full
    }
}

/// A share from 0 to 1 as a percentage: `87 %` in Indonesian, `87%` in English.
pub fn percent(share: f64, decimals: usize, lang: Language) -> String {
    let n = number(share * 100.0, decimals, lang);
    match lang {
        Language::Id => format!("{n}%"),
        Language::En => format!("{n}%"),
    }
}

pub fn date(d: Date, lang: Language) -> String {
    let months = match lang {
        Language::Id => &MONTHS_ID,
        Language::En => &MONTHS_EN,
    };
    let month = months.get(d.month as usize - 1).copied().unwrap_or("?");
    format!("{} {} {}", d.day, month, d.year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_numbers() {
        assert_eq!(number(72.5, 2, Language::Id), "72,50");
        assert_eq!(number(1234567.891, 2, Language::Id), "1.234.567,89");
        assert_eq!(number(0.005, 2, Language::Id), "0,01");
        assert_eq!(number(-3.0, 0, Language::Id), "-3");
        assert_eq!(number(72.5, 2, Language::En), "72.50");
        assert_eq!(number(1234.5, 1, Language::En), "1,234.5");
        assert_eq!(number_short(2.5, 2, Language::Id), "2,5");
        assert_eq!(number_short(5.0, 2, Language::Id), "5");
        assert_eq!(number(f64::NAN, 2, Language::Id), "–");
    }

    #[test]
    fn dates() {
        let d = Date {
            year: 2022,
            month: 8,
            day: 29,
        };
        assert_eq!(date(d, Language::Id), "29 Agustus 2022");
        assert_eq!(date(d, Language::En), "29 August 2022");
    }
}
