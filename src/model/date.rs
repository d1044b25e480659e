//! A calendar date as the format writes it (YYYY-MM-DD).

use std::fmt;
use std::str::FromStr;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            crate::tr!(
                "`{s}` is not a date; write it as YYYY-MM-DD, e.g. 2022-08-29",
                "`{s}` bukan tanggal; tulis sebagai YYYY-MM-DD, misalnya 2022-08-29"
            )
            .into_string()
        };
        let parts: Vec<&str> = s.trim().split('-').collect();
        if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
            return Err(bad());
        }
        let year: i32 = parts[0].parse().map_err(|_| bad())?;
        let month: u32 = parts[1].parse().map_err(|_| bad())?;
        let day: u32 = parts[2].parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(crate::tr!(
                "`{s}` is not a day of the calendar",
                "`{s}` bukan tanggal yang ada di kalender"
            )
            .into_string());
        }
        Ok(Date { year, month, day })
    }
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        assert_eq!(
            "2022-08-29".parse::<Date>(),
            Ok(Date {
                year: 2022,
                month: 8,
                day: 29
            })
        );
        assert!("2022-02-29".parse::<Date>().is_err());
        assert!("2024-02-29".parse::<Date>().is_ok());
        assert!("29-08-2022".parse::<Date>().is_err());
        assert!("2022-13-01".parse::<Date>().is_err());
    }
}
