//! Views: the plain, serializable data templates receive.
//!
//! Templates never see the model's indices; they get names, URLs and
//! pre-formatted dates. Following Zola's lesson (#420), data shared by many
//! pages is built once: each entry's card is rendered to HTML a single time
//! and list pages reuse it, so a list of 6,000 entries costs string copies.

pub mod pages;

use std::sync::Arc;

use serde::Serialize;

use crate::content::date::{PartialDate, Precision};
use crate::language::Lang;
use crate::model::{Actor, Chronicle, Entry, Topic};
use crate::paths::Place;
use crate::render::charts;
use crate::render::i18n::{Arg, Ui};

/// A date as templates use it.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// ISO form at the date's precision, valid for `<time datetime>`.
    pub iso: String,
    /// "21 May 2025", "May 2025" or "2025".
    pub human: String,
    pub precision: Precision,
    pub year: i32,
    /// "May", or "" when the month is not known.
    pub month_name: String,
}

impl DateView {
    /// `d` in the words of the page's language.
    pub fn of(d: &PartialDate, ui: &Ui) -> DateView {
        DateView {
            iso: d.iso(),
            human: ui.date(d),
            precision: d.precision(),
            year: d.year(),
            month_name: d.month().map_or_else(String::new, |m| ui.month_name(m)),
        }
    }
}

/// A named link.
#[derive(Debug, Clone, Serialize)]
pub struct Link<'a> {
    pub name: &'a str,
    pub url: String,
    /// The name's language, when it is not the page's.
    pub lang: Option<LangView>,
}

/// `lang` and `dir` for an element whose text is in another language than
/// the page around it: `{% if x.lang %} lang="{{ x.lang.tag }}"
/// dir="{{ x.lang.dir }}"{% endif %}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LangView {
    pub tag: String,
    /// `ltr` or `rtl`.
    pub dir: &'static str,
}

impl LangView {
    pub fn of(lang: &Lang) -> LangView {
        LangView {
            tag: lang.tag().to_string(),
            dir: lang.dir().as_str(),
        }
    }
}

/// The language of a text (`None`: the chronicle's) as the attributes its
/// element needs on a page in `page`'s language: none when it is the
/// same language.
pub fn lang_on(page: &Lang, text: Option<&Lang>, chronicle: &Lang) -> Option<LangView> {
    let text = text.unwrap_or(chronicle);
    (!text.same_language(page) || text.dir() != page.dir()).then(|| LangView::of(text))
}

/// [`lang_on`] for a page of the chronicle in its own language.
pub fn other_lang(m: &Chronicle, text: Option<&Lang>) -> Option<LangView> {
    lang_on(&m.config.language, text, &m.config.language)
}

/// What the card template gets for one entry.
#[derive(Debug, Clone, Serialize)]
pub struct CardView<'a> {
    pub slug: &'a str,
    pub url: String,
    /// The language of the entry's text (title, summary, places, body),
    /// when it is not the page's.
    pub lang: Option<LangView>,
    pub title: &'a str,
    pub date: DateView,
    pub end: Option<DateView>,
    /// The date or date range in words.
    pub when: String,
    pub status: &'static str,
    pub summary: &'a str,
    pub locations: &'a [String],
    /// The focus pair's tone, when declared.
    pub tone: Option<i8>,
    /// Every tone the entry declares, each naming its pair.
    pub tones: Vec<CardTone<'a>>,
    pub actors: Vec<Link<'a>>,
    pub topics: Vec<Link<'a>>,
}

/// A declared tone on a card: which pair, and how it was.
#[derive(Debug, Clone, Serialize)]
pub struct CardTone<'a> {
    pub a: &'a str,
    pub b: &'a str,
    /// The languages of the two names, when not the page's.
    pub a_lang: Option<LangView>,
    pub b_lang: Option<LangView>,
    pub tone: i8,
    /// `cooperative`, `tense`... in the page's language.
    pub word: String,
    /// `p2`, `m1`, `0`: for CSS classes.
    pub class: &'static str,
}

/// An entry in a list: the card's HTML plus what a list needs to group it.
#[derive(Debug, Clone, Serialize)]
pub struct ListItem<'a> {
    pub slug: &'a str,
    pub url: String,
    pub lang: Option<LangView>,
    pub title: &'a str,
    pub date: DateView,
    pub status: &'static str,
    /// The entry's card, rendered once by `partials/card.html`.
    pub html: &'a str,
}

/// Entries of one month in a timeline, or the entries known only to the
/// month or the year, which a timeline places at the end of their month or
/// year under a heading of their own.
#[derive(Debug, Clone, Serialize)]
pub struct MonthGroup<'a> {
    /// "May", "During May" (entries known only to the month) or "During
    /// 2025" (only to the year).
    pub name: String,
    /// Anchor id: `y2025-05`, `y2025-05-during` or `y2025-during`.
    pub id: String,
    /// True for a group of entries known only to the month or the year.
    pub during: bool,
    /// True when `name` says the year ("During 2025").
    pub names_year: bool,
    /// True when the group began on an earlier part of the list.
    pub continued: bool,
    pub entries: Vec<ListItem<'a>>,
}

/// Entries of one year in a timeline.
#[derive(Debug, Clone, Serialize)]
pub struct YearGroup<'a> {
    pub year: i32,
    /// True when the year began on an earlier part of the list.
    pub continued: bool,
    pub id: String,
    pub url: String,
    pub count: usize,
    pub months: Vec<MonthGroup<'a>>,
}

/// The date or date range of an entry, in the page's words.
pub fn when(e: &Entry, ui: &Ui) -> String {
    match &e.end {
        Some(end) => ui.date_range(&e.date, end),
        None => ui.date(&e.date),
    }
}

pub fn entry_url(m: &Chronicle, i: usize) -> String {
    Place::Entry(&m.entries[i].slug).url(&m.config.root)
}

pub fn actor_link<'a>(m: &'a Chronicle, a: &'a Actor) -> Link<'a> {
    Link {
        name: &a.name,
        url: Place::Actor(&a.slug).url(&m.config.root),
        lang: other_lang(m, a.language.as_ref()),
    }
}

pub fn topic_link<'a>(m: &'a Chronicle, t: &'a Topic) -> Link<'a> {
    Link {
        name: &t.name,
        url: Place::Topic(&t.slug).url(&m.config.root),
        lang: other_lang(m, t.language.as_ref()),
    }
}

pub fn card<'a>(m: &'a Chronicle, ui: &Ui, i: usize) -> CardView<'a> {
    let e = &m.entries[i];
    CardView {
        slug: &e.slug,
        url: entry_url(m, i),
        lang: other_lang(m, e.language.as_ref()),
        title: &e.title,
        date: DateView::of(&e.date, ui),
        end: e.end.as_ref().map(|d| DateView::of(d, ui)),
        when: when(e, ui),
        status: e.status.as_str(),
        summary: &e.summary,
        locations: &e.locations,
        tone: e.tone,
        tones: e
            .relations
            .iter()
            .map(|r| CardTone {
                a: &m.actors[r.pair.0].name,
                b: &m.actors[r.pair.1].name,
                a_lang: other_lang(m, m.actors[r.pair.0].language.as_ref()),
                b_lang: other_lang(m, m.actors[r.pair.1].language.as_ref()),
                tone: r.tone,
                word: ui.text(charts::tone_key(r.tone)).to_string(),
                class: charts::tone_class(r.tone),
            })
            .collect(),
        actors: e.actors.iter().map(|&a| actor_link(m, &m.actors[a])).collect(),
        topics: e.topics.iter().map(|&t| topic_link(m, &m.topics[t])).collect(),
    }
}

pub fn list_item<'a>(m: &'a Chronicle, ui: &Ui, cards: &'a [Arc<str>], i: usize) -> ListItem<'a> {
    let e = &m.entries[i];
    ListItem {
        slug: &e.slug,
        url: entry_url(m, i),
        lang: other_lang(m, e.language.as_ref()),
        title: &e.title,
        date: DateView::of(&e.date, ui),
        status: e.status.as_str(),
        html: &cards[i],
    }
}

/// The group of a timeline a date falls in: its name ("May", "During
/// May", "During 2025"), its anchor id, and whether it holds dates known
/// only to the month or the year.
pub fn group_of(d: &PartialDate, ui: &Ui) -> (String, String, bool) {
    match (d.month(), d.day()) {
        (Some(mo), Some(_)) => (ui.month_name(mo), format!("y{}-{:02}", d.year(), mo), false),
        (Some(mo), None) => (
            ui.fill("during_month", &[("month", Arg::Text(&ui.month_name(mo)))]),
            format!("y{}-{:02}-during", d.year(), mo),
            true,
        ),
        (None, _) => (
            ui.fill("during_year", &[("year", Arg::Text(&ui.year(d.year())))]),
            format!("y{}-during", d.year()),
            true,
        ),
    }
}

/// Groups entry indices (in time order, or newest first) by year and month.
pub fn timeline<'a>(m: &'a Chronicle, ui: &Ui, cards: &'a [Arc<str>], entries: &[usize]) -> Vec<YearGroup<'a>> {
    timeline_part(m, ui, cards, entries, 0..entries.len())
}

/// Groups the entries `all[rows]` by year and month, for one part of a
/// list split into parts: a year's count is its count in all of `all`
/// (in time order, or newest first: either way a year's entries are
/// together).
pub fn timeline_part<'a>(
    m: &'a Chronicle,
    ui: &Ui,
    cards: &'a [Arc<str>],
    all: &[usize],
    rows: std::ops::Range<usize>,
) -> Vec<YearGroup<'a>> {
    let mut years: Vec<YearGroup<'a>> = Vec::new();
    let year_of = |k: &usize| m.entries[*k].date.year();
    let newest_first = all
        .first()
        .zip(all.last())
        .is_some_and(|(a, b)| year_of(a) > year_of(b));
    let first_row = rows.start;
    // What the entry just before this part was in, to say "continued".
    let before = first_row
        .checked_sub(1)
        .and_then(|r| all.get(r))
        .map(|&k| &m.entries[k].date);
    for &i in &all[rows] {
        let d = &m.entries[i].date;
        if years.last().is_none_or(|y| y.year != d.year()) {
            let y = d.year();
            let (from, to) = if newest_first {
                (
                    all.partition_point(|k| year_of(k) > y),
                    all.partition_point(|k| year_of(k) >= y),
                )
            } else {
                (
                    all.partition_point(|k| year_of(k) < y),
                    all.partition_point(|k| year_of(k) <= y),
                )
            };
            years.push(YearGroup {
                continued: years.is_empty() && before.is_some_and(|b| b.year() == d.year()),
                year: d.year(),
                id: format!("y{}", d.year()),
                url: Place::Year(d.year()).url(&m.config.root),
                count: to - from,
                months: Vec::new(),
            });
        }
        let year = years.last_mut().expect("pushed above");
        let (name, id, during) = group_of(d, ui);
        if year.months.last().is_none_or(|mg| mg.id != id) {
            let continued = year.months.is_empty() && year.continued && before.is_some_and(|b| group_of(b, ui).1 == id);
            year.months.push(MonthGroup {
                continued,
                name,
                id,
                during,
                names_year: d.month().is_none(),
                entries: Vec::new(),
            });
        }
        year.months
            .last_mut()
            .expect("pushed above")
            .entries
            .push(list_item(m, ui, cards, i));
    }
    years
}
