//! `/data/timeline.json`: the chronicle in TimelineJS's JSON format, so a
//! chronicle can feed a TimelineJS embed (`timeline_json` pointing at it).
//!
//! One event per entry, in time order, with the date at its own precision
//! (TimelineJS shows a year-only date as a year), the title as headline and
//! the summary with a link to the entry as text. TimelineJS reads `text` as
//! HTML, so everything in it is escaped. The chronicle's title and
//! description make the title slide.

use serde::Serialize;

use crate::content::date::PartialDate;
use crate::html::escape;
use crate::model::Chronicle;
use crate::paths::Place;
use crate::render::export::{write_json, Lazy};

#[derive(Serialize)]
struct Timeline<'a> {
    title: Slide,
    events: Lazy<'a, Event<'a>>,
}

#[derive(Serialize)]
struct Slide {
    text: Text,
}

#[derive(Serialize)]
struct Text {
    headline: String,
    text: String,
}

#[derive(Serialize)]
struct Event<'a> {
    start_date: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<Date>,
    text: Text,
    unique_id: &'a str,
}

/// A TimelineJS date: the year, and the month and day when known.
#[derive(Serialize)]
struct Date {
    year: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u8>,
}

impl From<PartialDate> for Date {
    fn from(d: PartialDate) -> Date {
        Date {
            year: d.year(),
            month: d.month(),
            day: d.day(),
        }
    }
}

/// `/data/timeline.json`, written into `w` event by event.
pub fn write_timeline_json(m: &Chronicle, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let root = &m.config.root;
    let home = m.config.permalink(&Place::Home.url(root));
    let timeline = Timeline {
        title: Slide {
            text: Text {
                headline: escape(&m.config.title),
                text: format!(
                    "<p>{}</p><p><a href=\"{}\">{}</a></p>",
                    escape(&m.config.description),
                    escape(&home),
                    escape(&m.config.title)
                ),
            },
        },
        events: Lazy::new(move || {
            m.entries.iter().map(move |e| {
                let url = m.config.permalink(&Place::Entry(&e.slug).url(root));
                Event {
                    start_date: e.date.into(),
                    end_date: e.end.map(Date::from),
                    text: Text {
                        headline: escape(&e.title),
                        text: format!(
                            "<p>{}</p><p><a href=\"{}\">Read the entry and its sources</a></p>",
                            escape(&e.summary),
                            escape(&url)
                        ),
                    },
                    unique_id: &e.slug,
                }
            })
        }),
    };
    write_json(w, &timeline)
}
