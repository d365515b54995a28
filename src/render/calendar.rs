//! iCalendar feeds of what is planned: `/planned.ics` for the chronicle
//! and `/actors/SLUG/planned.ics` for each actor with planned entries.
//!
//! Each planned entry dated to the day is an all-day event (`DTSTART` and
//! `DTEND` as dates, the end exclusive as RFC 5545 wants); one known only to
//! its month or year has no day to put in a calendar, so it is left out and
//! counted in the calendar's description (and in `X-CHRONICLE-LEFT-OUT`). UIDs are the entry's slug at the
//! site's host, so a calendar app updates an event rather than adding it
//! again; `DTSTAMP` is when the entry last changed, so the same chronicle
//! gives the same file. The `icalendar` crate escapes text and folds lines
//! at 75 octets.

use icalendar::{Calendar, Component, Event, EventLike, Property};

use crate::content::date::{days_in_month, Precision};
use crate::content::parse::Status;
use crate::model::Chronicle;
use crate::paths::Place;

/// The planned entries among `entries` (model indexes): those dated to the
/// day, and how many are left out for a date known only to the month or year.
pub fn planned(m: &Chronicle, entries: impl IntoIterator<Item = usize>) -> (Vec<usize>, usize) {
    let mut days = Vec::new();
    let mut vague = 0;
    for i in entries {
        let e = &m.entries[i];
        if e.status != Status::Planned {
            continue;
        }
        if e.date.precision() == Precision::Day {
            days.push(i);
        } else {
            vague += 1;
        }
    }
    (days, vague)
}

/// Whether `entries` hold a planned entry: then there is a calendar to
/// publish, even when every one is known only to its month or year and the
/// calendar holds no event (its description says why). Calendar programs
/// take such a calendar and fill it in when a date becomes known; RFC
/// 5545's grammar asks for one component, so a strict validator may warn.
pub fn has_calendar(m: &Chronicle, entries: impl IntoIterator<Item = usize>) -> bool {
    entries.into_iter().any(|i| m.entries[i].status == Status::Planned)
}

/// TEXT escaped per RFC 5545 (3.3.11), for the items of a list, which the
/// crate writes as they are (it escapes other text itself).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// `YYYYMMDD`.
fn ical_date((y, mo, d): (i32, u8, u8)) -> String {
    format!("{y:04}{mo:02}{d:02}")
}

/// The day after `(y, m, d)`.
fn next_day((y, mo, d): (i32, u8, u8)) -> (i32, u8, u8) {
    if d < days_in_month(y, mo) {
        (y, mo, d + 1)
    } else if mo < 12 {
        (y, mo + 1, 1)
    } else {
        (y + 1, 1, 1)
    }
}

/// The host of the site's `base_url`, for UIDs.
fn host(m: &Chronicle) -> String {
    url::Url::parse(&m.config.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_else(|| "chronicle.invalid".into())
}

/// The calendar of the planned entries among `entries`, named `name`.
pub fn ics(m: &Chronicle, name: &str, entries: impl IntoIterator<Item = usize>) -> Vec<u8> {
    let (days, vague) = planned(m, entries);
    let host = host(m);
    let root = &m.config.root;
    let mut cal = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        (
            "PRODID",
            concat!("-//chronicle//chronicle ", env!("CARGO_PKG_VERSION"), "//EN"),
        ),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        cal.append_property(Property::new(key, value));
    }
    cal.append_property(Property::new("X-WR-CALNAME", name));
    let mut description = format!("Planned events of {}, from {}.", m.config.title, m.config.base_url);
    if vague > 0 {
        let what = if vague == 1 { "entry is" } else { "entries are" };
        description.push_str(&format!(
            " {vague} planned {what} known only to the month or year, and not in this calendar."
        ));
    }
    cal.append_property(Property::new("X-WR-CALDESC", &description));
    // The count again, for programs: the events a calendar cannot hold.
    cal.append_property(Property::new("X-CHRONICLE-LEFT-OUT", vague.to_string()));
    for i in days {
        let e = &m.entries[i];
        let url = m.config.permalink(&Place::Entry(&e.slug).url(root));
        let start = e.date.first_day();
        let last = e.end.map_or(start, |end| end.last_day()).max(start);
        let changed = e.changed().first_day();
        let mut text = e.summary.clone();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&url);
        let mut ev = Event::new();
        ev.uid(&format!("{}@{host}", e.slug))
            .summary(&e.title)
            .description(&text)
            .url(&url)
            .append_property(Property::new("DTSTAMP", format!("{}T000000Z", ical_date(changed))))
            .append_property(
                Property::new("DTSTART", ical_date(start))
                    .add_parameter("VALUE", "DATE")
                    .done(),
            )
            .append_property(
                Property::new("DTEND", ical_date(next_day(last)))
                    .add_parameter("VALUE", "DATE")
                    .done(),
            )
            .append_property(Property::new("STATUS", "TENTATIVE"))
            .append_property(Property::new("TRANSP", "TRANSPARENT"));
        if !e.locations.is_empty() {
            ev.location(&e.locations.join(", "));
        }
        // CATEGORIES is a list, written as it is: each item escaped.
        let categories: Vec<String> = e.topics.iter().map(|&t| escape(&m.topics[t].name)).collect();
        if !categories.is_empty() {
            ev.append_property(Property::new("CATEGORIES", categories.join(",")));
        }
        cal.push(ev.done());
    }
    cal.to_string().into_bytes()
}

/// The calendar's date of a partial date's first day, for tests.
#[cfg(test)]
fn first(d: &str) -> String {
    ical_date(crate::content::date::PartialDate::parse(d).unwrap().first_day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_roll_over_months_and_years() {
        assert_eq!(next_day((2025, 2, 28)), (2025, 3, 1));
        assert_eq!(next_day((2024, 2, 28)), (2024, 2, 29));
        assert_eq!(next_day((2025, 12, 31)), (2026, 1, 1));
        assert_eq!(next_day((2025, 5, 21)), (2025, 5, 22));
        assert_eq!(first("2025-05-21"), "20250521");
        assert_eq!(escape("a, b; c\\d\ne\r"), "a\\, b\\; c\\\\d\\ne");
    }
}
