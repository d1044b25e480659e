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
    let mut out = String::with_capacity(16);
    push_number(&mut out, x, decimals, lang);
    out
}

/// Writes `number(x, decimals, lang)` onto `out`.
fn push_number(out: &mut String, x: f64, decimals: usize, lang: Language) {
    if !x.is_finite() {
        out.push('–');
        return;
    }
    let (group_sep, decimal_sep) = match lang {
        Language::Id => ('.', ','),
        Language::En => (',', '.'),
    };
    let factor = 10f64.powi(decimals as i32);
    let scaled = (x * factor).round();
    // The common case, without formatting a float: `scaled` is the number of
    // hundredths (for two places), and the double nearest to scaled / factor
    // printed with `decimals` places shows exactly those digits while scaled
    // stays far below 2^53.
    if decimals <= 6 && scaled.abs() < 1e15 {
        let units = scaled.abs() as u64;
        let pow = 10u64.pow(decimals as u32);
        if scaled < 0.0 {
            out.push('-');
        }
        push_grouped(out, &(units / pow).to_string(), group_sep);
        if decimals > 0 {
            out.push(decimal_sep);
            let frac = (units % pow).to_string();
            for _ in frac.len()..decimals {
                out.push('0');
            }
            out.push_str(&frac);
        }
        return;
    }
    let rounded = scaled / factor;
    let text = format!("{:.*}", decimals, rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    if rounded < 0.0 {
        out.push('-');
    }
    push_grouped(out, int, group_sep);
    if !frac.is_empty() {
        out.push(decimal_sep);
        out.push_str(frac);
    }
}

/// The digits of `int` with `sep` between groups of three from the right.
fn push_grouped(out: &mut String, int: &str, sep: char) {
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
}

/// A number with as many decimals as it needs, up to `max` (weights: 5, 2,5, 0,67).
pub fn number_short(x: f64, max: usize, lang: Language) -> String {
    let mut full = number(x, max, lang);
    let sep = match lang {
        Language::Id => ',',
        Language::En => '.',
    };
    if full.contains(sep) {
        let kept = full.trim_end_matches('0').trim_end_matches(sep).len();
        full.truncate(kept);
    }
    full
}

/// A share from 0 to 1 as a percentage: `87%` in both languages.
pub fn percent(share: f64, decimals: usize, lang: Language) -> String {
    let mut out = String::with_capacity(8);
    push_number(&mut out, share * 100.0, decimals, lang);
    out.push('%');
    out
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

    /// The formatting as first written: the float printed with `decimals`
    /// places, then grouped.
    fn reference(x: f64, decimals: usize, lang: Language) -> String {
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
            if i > 0 && (int.len() - i).is_multiple_of(3) {
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

    #[test]
    fn numbers_as_the_float_formatting_gives_them() {
        let mut values = vec![
            0.0,
            -0.0,
            0.005,
            -0.005,
            0.004999,
            -0.004,
            0.125,
            2.675,
            72.5,
            99.995,
            100.0,
            999.9999,
            1e14 + 0.3,
            9.99e14,
            1e15,
            -1e15,
            4.6e15,
            1e16,
            1e300,
            -1e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::EPSILON,
        ];
        // A fixed pseudo-random walk over magnitudes, signs and fractions.
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let unit = (seed >> 11) as f64 / (1u64 << 53) as f64;
            let magnitude = 10f64.powi((seed % 19) as i32 - 4);
            let sign = if seed & 1 == 0 { 1.0 } else { -1.0 };
            values.push(sign * unit * magnitude);
            // Ties and near-ties of two places.
            values.push(((seed % 100_000) as f64 + 0.5) / 100.0);
        }
        for &x in &values {
            for decimals in 0..=7 {
                for lang in [Language::Id, Language::En] {
                    assert_eq!(
                        number(x, decimals, lang),
                        reference(x, decimals, lang),
                        "{x:e} to {decimals} places"
                    );
                }
            }
        }
    }

    #[test]
    fn short_numbers_and_percentages() {
        assert_eq!(number_short(0.6667, 2, Language::Id), "0,67");
        assert_eq!(number_short(100.0, 2, Language::En), "100");
        assert_eq!(number_short(1234.5, 2, Language::Id), "1.234,5");
        assert_eq!(percent(0.875, 0, Language::Id), "88%");
        assert_eq!(percent(0.875, 1, Language::En), "87.5%");
        assert_eq!(percent(f64::NAN, 0, Language::Id), "–%");
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
