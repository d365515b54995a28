//! TimelineJS timelines: the JSON it reads, and its Google Sheets template
//! saved as CSV. Both hold the same things: a title slide, events with a
//! start (and end) given as year, month and day, a headline and HTML text,
//! a media URL with its caption and credit, a group, and eras.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use crate::content::date::{days_in_month, PartialDate, MONTHS};
use crate::diagnostics::Diagnostic;

use super::csv::{host_of, no_actors, people_columns, source, web_address};
use super::markup::Converter;
use super::table::{self, Lines, Table};
use super::{split_names, Error, GroupAs, Input, Options, Place, Ref, Row, Skip};

/// Reads a TimelineJS file: JSON when it starts with `{`, else the sheet.
pub(crate) fn read(file: &str, text: &str, opts: &Options) -> Result<Input, Error> {
    if text.trim_start().starts_with(['{', '[']) {
        return read_json(file, text, opts);
    }
    let t = table::read(file, text)?;
    if !is_sheet(&t) {
        return Err(Error::Located(vec![Diagnostic::error(
            file,
            1,
            1,
            format!(
                "this is neither TimelineJS JSON nor its sheet: the sheet's header has `Year` and `Headline` columns, and this one has {}",
                t.listed()
            ),
        )]));
    }
    read_sheet(t, opts)
}

/// True for TimelineJS's sheet: a header with `Year` and `Headline`.
pub(crate) fn is_sheet(t: &Table) -> bool {
    t.find(&["year"]).is_some() && t.find(&["headline"]).is_some()
}

/// Which part of a date was wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Year,
    Month,
    Day,
}

/// A date from TimelineJS's year, month and day, at the precision given:
/// a blank day is a month, a blank month a year.
fn date(year: &str, month: &str, day: &str) -> Result<PartialDate, (Part, String)> {
    let (year, month, day) = (year.trim(), month.trim(), day.trim());
    if year.is_empty() {
        return Err((Part::Year, "the year is empty; every event needs one".into()));
    }
    let y: i64 = year.parse().map_err(|_| {
        (
            Part::Year,
            format!("`{year}` is not a year; write it in digits, such as 2025"),
        )
    })?;
    if !(0..=9999).contains(&y) {
        return Err((
            Part::Year,
            format!("the year {y} is outside what a chronicle's dates hold (0 to 9999)"),
        ));
    }
    let mut iso = format!("{y:04}");
    if month.is_empty() {
        if !day.is_empty() {
            return Err((
                Part::Day,
                format!("a day ({day}) without a month; give the month too, or neither"),
            ));
        }
        return PartialDate::parse(&iso).map_err(|m| (Part::Year, m));
    }
    let m = month.parse::<u8>().ok().or_else(|| {
        let lower = month.to_lowercase();
        MONTHS
            .iter()
            .position(|name| {
                name.to_lowercase() == lower || (lower.len() == 3 && name.to_lowercase().starts_with(&lower))
            })
            .map(|i| i as u8 + 1)
    });
    let m = match m {
        Some(m @ 1..=12) => m,
        _ => {
            return Err((
                Part::Month,
                format!("`{month}` is not a month; write 1 to 12 (or leave it empty for a date known to the year)"),
            ))
        }
    };
    iso.push_str(&format!("-{m:02}"));
    if !day.is_empty() {
        let max = days_in_month(y as i32, m);
        match day.parse::<u8>() {
            Ok(d) if (1..=max).contains(&d) => iso.push_str(&format!("-{d:02}")),
            Ok(d) => {
                return Err((
                    Part::Day,
                    format!("day {d}, but {} {y} has {max} days", MONTHS[m as usize - 1]),
                ))
            }
            Err(_) => {
                return Err((
                    Part::Day,
                    format!("`{day}` is not a day of the month; write 1 to {max}"),
                ))
            }
        }
    }
    PartialDate::parse(&iso).map_err(|m| (Part::Day, m))
}

/// What one event says, as text, with where each part is.
struct Event {
    at: Place,
    /// `title` for the title slide, `era` for an era, else empty.
    kind: String,
    headline: (String, Place),
    text: (String, Place),
    start: [(String, Place); 3],
    end: [(String, Place); 3],
    media: (String, Place),
    caption: String,
    credit: String,
    link: (String, Place),
    group: (String, Place),
    /// Actors and topics from `--actors-column` / `--topics-column`.
    actors: (String, Place),
    topics: (String, Place),
}

/// Makes events into rows, title slides into the chronicle's title, and
/// eras into skips.
struct Reader<'a> {
    opts: &'a Options,
    html: Converter,
    input: Input,
}

impl Reader<'_> {
    fn event(&mut self, e: Event) {
        let file = self.input.file.clone();
        let diags = &mut self.input.diags;
        match e.kind.as_str() {
            "title" => {
                let title = self.html.plain(&e.headline.0);
                let (intro, _) = self.html.markdown(&e.text.0);
                if self.input.title.is_none() && !title.is_empty() {
                    self.input.title = Some((title, intro, e.at.clone()));
                }
                return;
            }
            "era" => {
                self.input.skipped.push(Skip {
                    at: format!("{file}:{}", e.at.line),
                    what: e.at.what.clone(),
                    reason: "an era (a span of time shown behind the events); a chronicle has no eras".into(),
                });
                return;
            }
            _ => {}
        }
        let before = diags.len();
        let title = self.html.plain(&e.headline.0);
        if title.is_empty() {
            diags.push(e.headline.1.error(
                &file,
                "the headline is empty; every entry needs a title, so this event was not imported",
            ));
        }
        let part_place = |parts: &[(String, Place); 3], p: Part| parts[p as usize].1.clone();
        let start = date(&e.start[0].0, &e.start[1].0, &e.start[2].0)
            .map_err(|(p, m)| diags.push(part_place(&e.start, p).error(&file, m)))
            .ok();
        let has_end = e.end.iter().any(|(v, _)| !v.trim().is_empty());
        let end = if has_end {
            date(&e.end[0].0, &e.end[1].0, &e.end[2].0)
                .map_err(|(p, m)| diags.push(part_place(&e.end, p).error(&file, m)))
                .ok()
        } else {
            None
        };
        if let (Some(d), Some(x)) = (start, end) {
            if x.last_day() < d.first_day() {
                diags.push(
                    e.end[0]
                        .1
                        .error(&file, format!("the end ({x}) is before the start ({d})")),
                );
            }
        }
        let mut actors: Vec<Ref> = split_names(&e.actors.0).into_iter().map(Ref::Name).collect();
        let mut topics: Vec<Ref> = split_names(&e.topics.0).into_iter().map(Ref::Name).collect();
        let group = super::one_line(&self.html.plain(&e.group.0));
        if !group.is_empty() {
            match self.opts.group_as {
                GroupAs::Actor => actors.push(Ref::Name(group)),
                GroupAs::Topic => topics.push(Ref::Name(group)),
            }
        }
        let (Some(start), true) = (start, diags.len() == before) else {
            return;
        };
        let mut row = Row::new(e.at.clone(), title, start);
        row.end = end;
        let (body, dropped) = self.html.markdown(&e.text.0);
        for link in dropped {
            diags.push(e.text.1.warning(
                &file,
                format!("the link to `{link}` was kept as its text alone: only web addresses (https://…) are kept"),
            ));
        }
        row.body = body;
        let media = e.media.0.trim();
        if !media.is_empty() {
            if let Some(url) = web_address(media, &e.media.1, &file, diags) {
                let caption = self.html.plain(&e.caption);
                let mut s = source(if caption.is_empty() { host_of(&url) } else { caption });
                s.url = Some(url);
                s.publisher = Some(self.html.plain(&e.credit)).filter(|c| !c.is_empty());
                row.sources.push(s);
            }
        }
        let link = e.link.0.trim();
        if !link.is_empty() && row.sources.iter().all(|s| s.url.as_deref() != Some(link)) {
            if let Some(url) = web_address(link, &e.link.1, &file, diags) {
                let mut s = source(host_of(&url));
                s.url = Some(url);
                row.sources.push(s);
            }
        }
        row.actors = actors;
        row.topics = topics;
        let people = if self.opts.group_as == GroupAs::Actor && e.actors.0.trim().is_empty() {
            &e.group.1
        } else {
            &e.actors.1
        };
        row.places = vec![
            ("title", e.headline.1.clone()),
            ("date", e.start[0].1.clone()),
            ("end", e.end[0].1.clone()),
            ("body", e.text.1.clone()),
            ("sources", e.media.1.clone()),
            ("actors", people.clone()),
            (
                "topics",
                if self.opts.group_as == GroupAs::Topic {
                    e.group.1.clone()
                } else {
                    e.topics.1.clone()
                },
            ),
        ];
        self.input.rows.push(row);
    }
}

/// Reads TimelineJS's Google Sheets template saved as CSV.
pub(crate) fn read_sheet(t: Table, opts: &Options) -> Result<Input, Error> {
    let col = |name: &str| t.find(&[name]);
    let (actors_col, topics_col) = people_columns(&t, opts).map_err(Error::Located)?;
    let group_col = col("group");
    let any_group = t.rows.iter().any(|r| !r.cell(group_col).trim().is_empty());
    if opts.default_actor.is_none() && actors_col.is_none() && (opts.group_as == GroupAs::Topic || !any_group) {
        return Err(no_actors(&t, "events"));
    }
    let mut reader = Reader {
        opts,
        html: Converter::new(),
        input: Input {
            file: t.file.clone(),
            read: t.rows.len() + t.broken,
            diags: t.diags.clone(),
            ..Input::default()
        },
    };
    for r in &t.rows {
        let get = |name: &str| -> (String, Place) { (r.cell(col(name)).to_string(), r.place(&t, col(name))) };
        let at_col = |i: Option<usize>| -> (String, Place) { (r.cell(i).to_string(), r.place(&t, i)) };
        let event = Event {
            at: r.at(),
            kind: r.cell(col("type")).trim().to_lowercase(),
            headline: get("headline"),
            text: get("text"),
            start: [get("year"), get("month"), get("day")],
            end: [get("end year"), get("end month"), get("end day")],
            media: get("media"),
            caption: r.cell(col("media caption")).to_string(),
            credit: r.cell(col("media credit")).to_string(),
            link: get("link"),
            group: get("group"),
            actors: at_col(actors_col),
            topics: at_col(topics_col),
        };
        reader.event(event);
    }
    Ok(reader.input)
}

/// TimelineJS JSON, with every value kept as its text in the file, so a
/// message can point at it.
#[derive(Deserialize)]
struct Timeline<'a> {
    #[serde(borrow, default)]
    title: Option<&'a RawValue>,
    #[serde(borrow, default)]
    events: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    eras: Option<Vec<&'a RawValue>>,
}

type Object<'a> = BTreeMap<String, &'a RawValue>;

/// Reads JSON values while knowing where each is.
struct Json<'a> {
    file: &'a str,
    text: &'a str,
    lines: Lines<'a>,
}

impl<'a> Json<'a> {
    fn place(&self, raw: &RawValue, what: String) -> Place {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let (line, column) = self.lines.at(offset.min(self.text.len()));
        Place { line, column, what }
    }

    /// An object's keys, or `None` (with an error) for anything else.
    fn object(&self, raw: &'a RawValue, what: &str, diags: &mut Vec<Diagnostic>) -> Option<Object<'a>> {
        match serde_json::from_str::<Object<'a>>(raw.get()) {
            Ok(o) => Some(o),
            Err(_) if raw.get() == "null" => None,
            Err(_) => {
                diags.push(
                    self.place(raw, what.to_string())
                        .error(self.file, "expected an object `{…}` here"),
                );
                None
            }
        }
    }

    /// The object under `key` of `ev`.
    fn sub(&self, ev: &Object<'a>, key: &str, what: &str, diags: &mut Vec<Diagnostic>) -> Option<Object<'a>> {
        ev.get(key)
            .and_then(|r| self.object(r, &format!("{what}, {key}"), diags))
    }

    /// A text or number value as text ("" for `null` or missing).
    fn text(&self, raw: Option<&&RawValue>) -> String {
        match raw.and_then(|r| serde_json::from_str::<serde_json::Value>(r.get()).ok()) {
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(serde_json::Value::Bool(b)) => b.to_string(),
            _ => String::new(),
        }
    }

    /// `obj[key]` as text with where it is (or where `obj` is).
    fn field(&self, obj: &Option<Object<'a>>, key: &str, near: &Place, what: String) -> (String, Place) {
        let raw = obj.as_ref().and_then(|o| o.get(key));
        let place = match raw {
            Some(r) => self.place(r, what),
            None => Place { what, ..near.clone() },
        };
        (self.text(raw), place)
    }
}

fn read_json(file: &str, text: &str, opts: &Options) -> Result<Input, Error> {
    let timeline: Timeline = serde_json::from_str(text).map_err(|e| {
        Error::Located(vec![Diagnostic::error(
            file,
            e.line(),
            e.column(),
            format!("this is not TimelineJS JSON: {e}"),
        )])
    })?;
    let json = Json {
        file,
        text,
        lines: Lines::new(text),
    };
    let Some(events) = timeline.events else {
        return Err(Error::Located(vec![Diagnostic::error(
            file,
            1,
            1,
            "this JSON has no `events` list; TimelineJS JSON is `{\"title\": …, \"events\": [ … ]}`",
        )]));
    };
    let mut reader = Reader {
        opts,
        html: Converter::new(),
        input: Input {
            file: file.to_string(),
            read: events.len() + usize::from(timeline.title.is_some()) + timeline.eras.as_ref().map_or(0, Vec::len),
            ..Input::default()
        },
    };
    let mut diags = Vec::new();
    let mut parsed = Vec::new();
    for (i, raw) in events.iter().enumerate() {
        let what = format!("event {}", i + 1);
        let at = json.place(raw, what.clone());
        let Some(ev) = json.object(raw, &what, &mut diags) else {
            continue;
        };
        parsed.push((at, ev, what));
    }
    let any_group = parsed
        .iter()
        .any(|(_, ev, _)| !json.text(ev.get("group")).trim().is_empty());
    if opts.default_actor.is_none() && (opts.group_as == GroupAs::Topic || !any_group) {
        return Err(Error::Located(vec![Diagnostic::error(
            file,
            1,
            1,
            if opts.group_as == GroupAs::Topic {
                "the events' `group` is made a topic (--group-as topic), so nothing gives them their actors, and every entry needs one: give each the same actor with --default-actor NAME"
            } else {
                "no event has a `group` to make its actor, and every entry needs one: give each the same actor with --default-actor NAME, or add a `group` to the events"
            },
        )]));
    }
    for (at, ev, what) in parsed {
        let start = json.sub(&ev, "start_date", &what, &mut diags);
        let end = json.sub(&ev, "end_date", &what, &mut diags);
        let text = json.sub(&ev, "text", &what, &mut diags);
        let media = json.sub(&ev, "media", &what, &mut diags);
        let start_at = ev
            .get("start_date")
            .map_or(at.clone(), |r| json.place(r, format!("{what}, start_date")));
        let end_at = ev
            .get("end_date")
            .map_or(at.clone(), |r| json.place(r, format!("{what}, end_date")));
        let date_parts = |obj: &Option<Object>, near: &Place, name: &str| {
            ["year", "month", "day"].map(|k| json.field(obj, k, near, format!("{what}, {name}.{k}")))
        };
        let event = Event {
            kind: String::new(),
            headline: json.field(&text, "headline", &at, format!("{what}, text.headline")),
            text: json.field(&text, "text", &at, format!("{what}, text.text")),
            start: date_parts(&start, &start_at, "start_date"),
            end: date_parts(&end, &end_at, "end_date"),
            media: json.field(&media, "url", &at, format!("{what}, media.url")),
            caption: json.field(&media, "caption", &at, String::new()).0,
            credit: json.field(&media, "credit", &at, String::new()).0,
            link: (String::new(), at.clone()),
            group: json.field(&Some(ev.clone()), "group", &at, format!("{what}, group")),
            actors: (String::new(), at.clone()),
            topics: (String::new(), at.clone()),
            at,
        };
        reader.event(event);
    }
    if let Some(raw) = timeline.title {
        let at = json.place(raw, "the title slide".into());
        let obj = json.object(raw, "the title slide", &mut diags);
        let text = obj
            .as_ref()
            .and_then(|o| o.get("text"))
            .and_then(|r| json.object(r, "the title slide, text", &mut diags));
        reader.event(Event {
            kind: "title".into(),
            headline: json.field(&text, "headline", &at, String::new()),
            text: json.field(&text, "text", &at, String::new()),
            start: [(); 3].map(|_| (String::new(), at.clone())),
            end: [(); 3].map(|_| (String::new(), at.clone())),
            media: (String::new(), at.clone()),
            caption: String::new(),
            credit: String::new(),
            link: (String::new(), at.clone()),
            group: (String::new(), at.clone()),
            actors: (String::new(), at.clone()),
            topics: (String::new(), at.clone()),
            at,
        });
    }
    for (i, raw) in timeline.eras.iter().flatten().enumerate() {
        let at = json.place(raw, format!("era {}", i + 1));
        reader.input.skipped.push(Skip {
            at: format!("{file}:{}", at.line),
            what: at.what,
            reason: "an era (a span of time shown behind the events); a chronicle has no eras".into(),
        });
    }
    reader.input.diags.extend(diags);
    Ok(reader.input)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_at_the_precision_given() {
        assert_eq!(date("2025", "", "").unwrap().iso(), "2025");
        assert_eq!(date("2025", "5", "").unwrap().iso(), "2025-05");
        assert_eq!(date("2025", "05", "21").unwrap().iso(), "2025-05-21");
        assert_eq!(date("2025", "May", "1").unwrap().iso(), "2025-05-01");
        assert_eq!(date("850", "", "").unwrap().iso(), "0850");
        assert_eq!(date("2025", "", "3").unwrap_err().0, Part::Day);
        assert_eq!(date("2025", "13", "").unwrap_err().0, Part::Month);
        assert_eq!(date("2025", "2", "29").unwrap_err().0, Part::Day);
        assert_eq!(date("", "2", "").unwrap_err().0, Part::Year);
        assert_eq!(date("-500", "", "").unwrap_err().0, Part::Year);
        assert_eq!(date("twenty", "", "").unwrap_err().0, Part::Year);
    }
}
