//! Partial dates: `2025`, `2025-05` or `2025-05-21`, keeping their precision.
//!
//! A chronicle often knows only the month or the year of an event. The date
//! type keeps exactly what the writer knew and shows it that way ("May
//! 2025"). Timelines place a less precise date after the more precise dates
//! it contains ([`PartialDate::timeline_key`]): an event known only to the
//! year is known by the year's end.

use std::fmt;

use serde::Serialize;

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A calendar date known to the year, the month or the day.
///
/// Ordering is chronological by first possible day, with less precise dates
/// first on ties: `2025` < `2025-01` < `2025-01-01` < `2025-01-02`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i32,
    month: u8, // 0 when unknown
    day: u8,   // 0 when unknown
}

/// English month names, January first.
pub const MONTHS: [&str; 12] = [
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

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in month `m` (1–12) of year `y`.
pub fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the error is a plain sentence.
    pub fn parse(s: &str) -> Result<Self, String> {
        let s = s.trim();
        let bad = || format!("`{s}` is not a date; write `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (for example `2025-05-21`)");
        let parts: Vec<&str> = s.split('-').collect();
        let num = |p: &str, len: usize| -> Option<u32> {
            (p.len() == len && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok())?
        };
        let year = parts.first().and_then(|p| num(p, 4)).ok_or_else(bad)? as i32;
        let mut date = PartialDate { year, month: 0, day: 0 };
        if parts.len() > 3 {
            return Err(bad());
        }
        if let Some(m) = parts.get(1) {
            let m = num(m, 2).ok_or_else(bad)?;
            if !(1..=12).contains(&m) {
                return Err(format!("`{s}` has month {m}; months run from 01 to 12"));
            }
            date.month = m as u8;
        }
        if let Some(d) = parts.get(2) {
            let d = num(d, 2).ok_or_else(bad)?;
            let max = days_in_month(year, date.month);
            if d == 0 || d > u32::from(max) {
                return Err(format!(
                    "`{s}` has day {d}, but {} {year} has {max} days",
                    MONTHS[date.month as usize - 1]
                ));
            }
            date.day = d as u8;
        }
        Ok(date)
    }

    /// Reads a date as a writer or a spreadsheet may have written it: the
    /// strict forms, and also what means one date beyond doubt, each with
    /// the sentence a warning gives (`Ok((date, Some(why)))`): `2025-5-7`,
    /// `2025/05/07`, `2025.05.07`, a date and time (`2025-05-07T10:30:00Z`,
    /// whose time is not kept), and English month names (`7 May 2025`,
    /// `May 7, 2025`, `May 2025`, `Sept. 2025`). A day and month both in
    /// digits in either order (`05/07/2025`) is refused: it means 5 July to
    /// some readers and May 7 to others.
    pub fn parse_lenient(s: &str) -> Result<(Self, Option<String>), String> {
        let strict = match Self::parse(s) {
            Ok(d) => return Ok((d, None)),
            Err(m) => m,
        };
        let t = s.trim();
        let read = |d: PartialDate, also: &str| {
            let iso = d.iso();
            Ok((
                d,
                Some(format!(
                    "`{t}` is read as `{iso}`{also}; write `{iso}` to make this warning go"
                )),
            ))
        };
        // A date and a time: the date is kept, the time is not.
        if let Some((day, time)) = t.split_once(['T', ' ']) {
            let time_like = time.trim_start().starts_with(|c: char| c.is_ascii_digit()) && time.contains(':');
            if time_like {
                if let Ok((d, _)) = Self::parse_lenient(day) {
                    return read(d, " (a chronicle keeps no time of day)");
                }
            }
        }
        // Numbers with other separators, or without leading zeros.
        let numeric: Vec<&str> = t.split(['-', '/', '.']).collect();
        if numeric
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        {
            if numeric.len() >= 2 && numeric[0].len() == 4 && numeric[1..].iter().all(|p| p.len() <= 2) {
                let padded: Vec<String> = std::iter::once(numeric[0].to_string())
                    .chain(numeric[1..].iter().map(|p| format!("{p:0>2}")))
                    .collect();
                return match Self::parse(&padded.join("-")) {
                    Ok(d) => read(d, ""),
                    Err(m) => Err(m.replace(&padded.join("-"), t)),
                };
            }
            if numeric.len() == 3 && numeric[2].len() == 4 {
                let (a, b) = (numeric[0], numeric[1]);
                let y = numeric[2];
                return Err(format!(
                    "`{t}` could be {} or {}; write the date as `YYYY-MM-DD`, for example `{y}-{b:0>2}-{a:0>2}` or `{y}-{a:0>2}-{b:0>2}`",
                    describe(y, b, a),
                    describe(y, a, b)
                ));
            }
            return Err(strict);
        }
        match month_words(t) {
            Some(d) => read(d, ""),
            None => Err(strict),
        }
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    /// The month, 1–12, when known.
    pub fn month(&self) -> Option<u8> {
        (self.month != 0).then_some(self.month)
    }

    pub fn day(&self) -> Option<u8> {
        (self.day != 0).then_some(self.day)
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// The last day this date may stand for (`2025-05` → 31 May 2025), used
    /// to compare an `end` against a `date` of another precision.
    pub fn last_day(&self) -> (i32, u8, u8) {
        let m = if self.month == 0 { 12 } else { self.month };
        let d = if self.day == 0 {
            days_in_month(self.year, m)
        } else {
            self.day
        };
        (self.year, m, d)
    }

    /// Where the date goes in a timeline: chronological, with a date known
    /// only to the month after that month's days, and one known only to the
    /// year after that year's months (`2025-01-01` < `2025-01` < `2025-02`
    /// < `2025`). A chronicle groups those under "During May 2025" and
    /// "During 2025" at the end of the month or year.
    pub fn timeline_key(&self) -> (i32, u8, u8) {
        let m = if self.month == 0 { 13 } else { self.month };
        let d = if self.day == 0 { 32 } else { self.day };
        (self.year, m, d)
    }

    /// The first day this date may stand for (`2025` → 1 January 2025).
    pub fn first_day(&self) -> (i32, u8, u8) {
        (self.year, self.month.max(1), self.day.max(1))
    }

    /// ISO 8601 at the date's own precision: `2025`, `2025-05`, `2025-05-21`.
    pub fn iso(&self) -> String {
        match self.precision() {
            Precision::Year => format!("{:04}", self.year),
            Precision::Month => format!("{:04}-{:02}", self.year, self.month),
            Precision::Day => format!("{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }

    /// RFC 3339 timestamp of the first day, midnight UTC, for feeds and sitemaps.
    pub fn rfc3339(&self) -> String {
        let (y, m, d) = self.first_day();
        format!("{y:04}-{m:02}-{d:02}T00:00:00Z")
    }

    /// `2025`, `May 2025` or `21 May 2025`.
    pub fn human(&self) -> String {
        match self.precision() {
            Precision::Year => format!("{}", self.year),
            Precision::Month => format!("{} {}", self.month_name(), self.year),
            Precision::Day => format!("{} {} {}", self.day, self.month_name(), self.year),
        }
    }

    /// The month's English name, or "" when the month is unknown.
    pub fn month_name(&self) -> &'static str {
        match self.month {
            0 => "",
            m => MONTHS[m as usize - 1],
        }
    }

    /// Human text for a range from `self` to `end`, sharing what they share:
    /// `21–23 May 2025`, `30 April – 2 May 2025`, `March – April 2025`.
    pub fn human_range(&self, end: &PartialDate) -> String {
        if end == self {
            return self.human();
        }
        let same_prec = self.precision() == end.precision();
        if same_prec && self.year == end.year {
            match self.precision() {
                Precision::Day if self.month == end.month => {
                    return format!("{}–{} {} {}", self.day, end.day, end.month_name(), end.year)
                }
                Precision::Day => {
                    return format!(
                        "{} {} – {} {} {}",
                        self.day,
                        self.month_name(),
                        end.day,
                        end.month_name(),
                        end.year
                    )
                }
                Precision::Month => return format!("{} – {} {}", self.month_name(), end.month_name(), end.year),
                Precision::Year => {}
            }
        }
        if same_prec && self.precision() == Precision::Year {
            return format!("{}–{}", self.year, end.year);
        }
        format!("{} – {}", self.human(), end.human())
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

/// `05`, `07`, `2025` as "5 July 2025" when it is a date at all.
fn describe(y: &str, m: &str, d: &str) -> String {
    let month = m.parse::<usize>().ok().filter(|m| (1..=12).contains(m));
    match month {
        Some(m) => format!("{} {} {y}", d.trim_start_matches('0'), MONTHS[m - 1]),
        None => format!("day {d} of month {m}"),
    }
}

/// A month written as a word, in English, full or shortened (`Sep`,
/// `Sept.`), any case.
fn month_number(word: &str) -> Option<u8> {
    let w = word.trim_end_matches('.').to_lowercase();
    if w.len() < 3 {
        return None;
    }
    let w = if w == "sept" { "sep".to_string() } else { w };
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_lowercase();
            m == w || (w.len() == 3 && m.starts_with(&w))
        })
        .map(|i| i as u8 + 1)
}

/// `7 May 2025`, `May 7, 2025`, `May 2025`, `7th May 2025`, when the
/// date is a real one.
fn month_words(t: &str) -> Option<PartialDate> {
    let words: Vec<&str> = t
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let year = |w: &str| (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit())).then(|| w.to_string());
    let day = |w: &str| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        let ok = (1..=2).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && ["", "st", "nd", "rd", "th"].contains(&suffix.to_lowercase().as_str());
        ok.then(|| format!("{digits:0>2}"))
    };
    let iso = match words.as_slice() {
        [m, y] => format!("{}-{:02}", year(y)?, month_number(m)?),
        [d, m, y] => match (day(d), month_number(m)) {
            (Some(d), Some(m)) => format!("{}-{m:02}-{d}", year(y)?),
            _ => format!("{}-{:02}-{}", year(y)?, month_number(d)?, day(m)?),
        },
        _ => return None,
    };
    PartialDate::parse(&iso).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn keeps_precision_and_displays_it() {
        assert_eq!(d("2025").human(), "2025");
        assert_eq!(d("2025-05").human(), "May 2025");
        assert_eq!(d("2025-05-21").human(), "21 May 2025");
        assert_eq!(d("2025-05").iso(), "2025-05");
        assert_eq!(d("2025-05").precision(), Precision::Month);
    }

    #[test]
    fn sorts_less_precise_first() {
        let mut v = [
            d("2025-01-02"),
            d("2025-01"),
            d("2024-12-31"),
            d("2025"),
            d("2025-01-01"),
        ];
        v.sort();
        let s: Vec<String> = v.iter().map(|x| x.iso()).collect();
        assert_eq!(s, ["2024-12-31", "2025", "2025-01", "2025-01-01", "2025-01-02"]);
    }

    #[test]
    fn rejects_malformed_dates_with_a_reason() {
        assert!(PartialDate::parse("2025-13").unwrap_err().contains("month 13"));
        assert!(PartialDate::parse("2025-02-30").unwrap_err().contains("28 days"));
        assert!(PartialDate::parse("2024-02-29").is_ok());
        assert!(PartialDate::parse("25-01-01").is_err());
        assert!(PartialDate::parse("2025/01/01").is_err());
        assert!(PartialDate::parse("2025-1-1").is_err());
        assert!(PartialDate::parse("").is_err());
        assert!(PartialDate::parse("2025-01-01-01").is_err());
    }

    #[test]
    fn ranges_share_what_they_share() {
        assert_eq!(d("2025-05-21").human_range(&d("2025-05-23")), "21–23 May 2025");
        assert_eq!(d("2025-04-30").human_range(&d("2025-05-02")), "30 April – 2 May 2025");
        assert_eq!(d("2025-03").human_range(&d("2025-04")), "March – April 2025");
        assert_eq!(d("2011").human_range(&d("2013")), "2011–2013");
        assert_eq!(
            d("2024-12-30").human_range(&d("2025-01-02")),
            "30 December 2024 – 2 January 2025"
        );
    }

    #[test]
    fn first_and_last_day() {
        assert_eq!(d("2024-02").last_day(), (2024, 2, 29));
        assert_eq!(d("2025").first_day(), (2025, 1, 1));
        assert_eq!(d("2025").rfc3339(), "2025-01-01T00:00:00Z");
    }

    #[test]
    fn lenient_dates_read_what_means_one_date() {
        let read = |s: &str| PartialDate::parse_lenient(s).map(|(d, w)| (d.iso(), w.is_some()));
        assert_eq!(read("2025-05-07"), Ok(("2025-05-07".into(), false)));
        for (written, iso) in [
            ("2025-5-7", "2025-05-07"),
            ("2025/05/07", "2025-05-07"),
            ("2025.5.7", "2025-05-07"),
            ("2025-5", "2025-05"),
            ("2025-05-07T10:30:00Z", "2025-05-07"),
            ("2025-05-07 10:30", "2025-05-07"),
            ("7 May 2025", "2025-05-07"),
            ("7th May 2025", "2025-05-07"),
            ("May 7, 2025", "2025-05-07"),
            ("Sept. 2025", "2025-09"),
            ("sep 3 2025", "2025-09-03"),
            ("May 2025", "2025-05"),
        ] {
            assert_eq!(read(written), Ok((iso.into(), true)), "{written}");
        }
        assert!(read("05/07/2025")
            .unwrap_err()
            .contains("could be 5 July 2025 or 7 May 2025"));
        assert!(read("2025-2-30").unwrap_err().contains("February 2025 has 28 days"));
        for bad in [
            "sometime",
            "Ma 2025",
            "32 May 2025",
            "May 2025 extra words",
            "20250507",
            "",
        ] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }
}
