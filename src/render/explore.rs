//! The explore data: what the home page's filters (and the search page)
//! load to select entries on a static host, with no server code.
//!
//! Entries are numbered by their place in the model's `entries` (time
//! order), 0 to N-1. Four kinds of files, all JSON, all under `explore/`:
//!
//! - `index.json`, the manifest: the actors, topics, relations, statuses
//!   and tones with their counts, every entry's date in a compact code
//!   (so a date range needs no other file), and the URL patterns of the
//!   files below;
//! - posting lists, one per facet value (`actor/{slug}.json`,
//!   `topic/{slug}.json`, `relation/{slug}.json`, `status/{status}.json`,
//!   `tone/{n}.json`): the ascending numbers of the entries it holds,
//!   delta-encoded (the first number, then the differences); a relation's
//!   file is `[deltas, tones]`, the tone the entry declares for that pair
//!   (or null) for each of its entries;
//! - chunks, `entries/{k}.json`: the result rows of entries `k*C` to
//!   `(k+1)*C - 1`, `C` being [`CHUNK`].
//!
//! The format is documented for theme authors in `docs/explore.md`.

use serde::Serialize;

use crate::content::date::PartialDate;
use crate::content::parse::Status;
use crate::model::Chronicle;
use crate::paths::{self, Place};
use crate::render::charts;

/// Version of the explore files' format.
pub const VERSION: u32 = 1;

/// Entries per chunk file. A first view of 30 results spread over the
/// whole timeline fetches at most 30 chunks: 30 × 12 rows of about 330
/// bytes each is about 120 KB.
pub const CHUNK: usize = 12;

/// Every status, in the order the manifest lists them.
pub const STATUSES: [Status; 4] = [Status::Occurred, Status::Planned, Status::Reported, Status::Disputed];

/// Every tone, hostile to cooperative.
pub const TONES: [i8; 5] = [-2, -1, 0, 1, 2];

/// How many chunk files `n` entries take.
pub fn chunk_count(n: usize) -> usize {
    n.div_ceil(CHUNK)
}

/// Characters of the date codes (`dates.codes`): URL-safe base 64, most
/// significant first.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The compact dates of the manifest. Each date is the number
/// `(year - base) * 512 + month * 32 + day` (month and day 0 when not
/// known), written in `width` base-64 digits of [`DIGITS`]; `codes` holds
/// one code per entry, in entry order, and `ends` the entries with an
/// `end` date as `[entry, code]`.
#[derive(Serialize)]
struct Dates {
    base: i32,
    width: usize,
    codes: String,
    ends: Vec<(usize, String)>,
}

fn date_number(d: &PartialDate, base: i32) -> u64 {
    let years = u64::try_from(d.year() - base).unwrap_or(0);
    years * 512 + u64::from(d.month().unwrap_or(0)) * 32 + u64::from(d.day().unwrap_or(0))
}

fn push_code(out: &mut String, mut n: u64, width: usize) {
    let start = out.len();
    for _ in 0..width {
        out.insert(start, char::from(DIGITS[(n % 64) as usize]));
        n /= 64;
    }
}

fn dates(m: &Chronicle) -> Dates {
    let all = || {
        m.entries
            .iter()
            .flat_map(|e| std::iter::once(&e.date).chain(e.end.as_ref()))
    };
    let base = all().map(PartialDate::year).min().unwrap_or(2000);
    let max = all().map(|d| date_number(d, base)).max().unwrap_or(0);
    let mut width = 1;
    while 64u64.pow(width as u32) <= max {
        width += 1;
    }
    let mut codes = String::with_capacity(m.entries.len() * width);
    let mut ends = Vec::new();
    for (i, e) in m.entries.iter().enumerate() {
        push_code(&mut codes, date_number(&e.date, base), width);
        if let Some(end) = &e.end {
            let mut code = String::new();
            push_code(&mut code, date_number(end, base), width);
            ends.push((i, code));
        }
    }
    Dates {
        base,
        width,
        codes,
        ends,
    }
}

#[derive(Serialize)]
struct Manifest<'a> {
    v: u32,
    root: &'a str,
    count: usize,
    chunk: usize,
    /// `[slug, name, entry count]`, by actor number.
    actors: Vec<(&'a str, &'a str, usize)>,
    /// `[slug, name, entry count]`, by topic number.
    topics: Vec<(&'a str, &'a str, usize)>,
    /// How many relations `urls.relations` lists: `[slug, actor number,
    /// actor number, shared entries]` each, apart from the manifest, which
    /// a large chronicle's thousands of pairs would make heavy.
    relation_count: usize,
    /// `[status, entry count]`.
    statuses: Vec<(&'static str, usize)>,
    /// `[tone, word, entries declaring it for some pair]`.
    tones: Vec<(i8, &'static str, usize)>,
    dates: Dates,
    urls: Urls,
}

/// Where the other files are: patterns with `{slug}`, `{status}`, `{n}` or
/// `{k}` to fill in, and the pages rows link to.
#[derive(Serialize)]
struct Urls {
    /// The list of relations.
    relations: String,
    actor: String,
    topic: String,
    relation: String,
    status: String,
    tone: String,
    entries: String,
    actor_page: String,
    topic_page: String,
    /// Null when the theme has no relation pages.
    relation_page: Option<String>,
    year_page: String,
    data: String,
}

/// `explore/index.json`, the manifest.
pub fn index(m: &Chronicle, relation_pages: bool) -> Vec<u8> {
    let root = &m.config.root;
    let status_count = |s: Status| m.entries.iter().filter(|e| e.status == s).count();
    let manifest = Manifest {
        v: VERSION,
        root,
        count: m.entries.len(),
        chunk: CHUNK,
        actors: m
            .actors
            .iter()
            .map(|a| (a.slug.as_str(), a.name.as_str(), a.entries.len()))
            .collect(),
        topics: m
            .topics
            .iter()
            .map(|t| (t.slug.as_str(), t.name.as_str(), t.entries.len()))
            .collect(),
        relation_count: m.relations.len(),
        statuses: STATUSES.iter().map(|&s| (s.as_str(), status_count(s))).collect(),
        tones: TONES
            .iter()
            .map(|&t| (t, charts::tone_word(t), tone_entries(m, t).len()))
            .collect(),
        dates: dates(m),
        urls: Urls {
            relations: Place::ExploreRelations.url(root),
            actor: paths::explore_pattern(root, "actor"),
            topic: paths::explore_pattern(root, "topic"),
            relation: paths::explore_pattern(root, "relation"),
            status: paths::explore_pattern(root, "status"),
            tone: paths::explore_pattern(root, "tone"),
            entries: paths::explore_pattern(root, "entries"),
            actor_page: Place::Actor("{slug}").url(root),
            topic_page: Place::Topic("{slug}").url(root),
            relation_page: relation_pages.then(|| Place::Relation("{slug}").url(root)),
            year_page: {
                let url = Place::Year(0).url(root);
                format!("{}{{year}}/", url.strip_suffix("0/").unwrap_or(&url))
            },
            data: Place::Data.url(root),
        },
    };
    json(&manifest)
}

/// `explore/relations.json`: `[slug, actor number, actor number, shared
/// entries]` for each relation, by relation number.
pub fn relations(m: &Chronicle) -> Vec<u8> {
    let list: Vec<(&str, usize, usize, usize)> = m
        .relations
        .iter()
        .map(|r| (r.slug.as_str(), r.pair.0, r.pair.1, r.entries.len()))
        .collect();
    json(&list)
}

fn json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

/// Ascending numbers, delta-encoded: the first, then the differences.
fn deltas(entries: &[usize]) -> Vec<usize> {
    let mut last = 0;
    entries
        .iter()
        .map(|&i| {
            let d = i - last;
            last = i;
            d
        })
        .collect()
}

fn posting(entries: &[usize]) -> Vec<u8> {
    json(&deltas(entries))
}

/// `explore/actor/{slug}.json`.
pub fn actor_posting(m: &Chronicle, a: usize) -> Vec<u8> {
    posting(&m.actors[a].entries)
}

/// `explore/topic/{slug}.json`.
pub fn topic_posting(m: &Chronicle, t: usize) -> Vec<u8> {
    posting(&m.topics[t].entries)
}

/// `explore/relation/{slug}.json`: `[deltas, tones]`.
pub fn relation_posting(m: &Chronicle, r: usize) -> Vec<u8> {
    let rel = &m.relations[r];
    let tones: Vec<Option<i8>> = rel
        .entries
        .iter()
        .map(|&i| {
            m.entries[i]
                .relations
                .iter()
                .find(|x| x.pair == rel.pair)
                .map(|x| x.tone)
        })
        .collect();
    json(&(deltas(&rel.entries), tones))
}

/// `explore/status/{status}.json`.
pub fn status_posting(m: &Chronicle, s: Status) -> Vec<u8> {
    let entries: Vec<usize> = (0..m.entries.len()).filter(|&i| m.entries[i].status == s).collect();
    posting(&entries)
}

/// The entries declaring `tone` for some pair of their actors.
fn tone_entries(m: &Chronicle, tone: i8) -> Vec<usize> {
    (0..m.entries.len())
        .filter(|&i| m.entries[i].relations.iter().any(|r| r.tone == tone))
        .collect()
}

/// `explore/tone/{n}.json`.
pub fn tone_posting(m: &Chronicle, tone: i8) -> Vec<u8> {
    posting(&tone_entries(m, tone))
}

/// A result row: what a list of results shows of an entry.
#[derive(Serialize)]
struct Row<'a> {
    /// Path under the root: `entries/SLUG/`.
    u: String,
    /// Title.
    t: &'a str,
    /// Date (or date range) in words.
    d: String,
    /// ISO date at its precision.
    i: String,
    /// Status, when not `occurred`.
    #[serde(skip_serializing_if = "Option::is_none")]
    st: Option<&'static str>,
    /// Actor numbers.
    a: &'a [usize],
    /// Topic numbers.
    p: &'a [usize],
    /// Summary.
    s: &'a str,
    /// Locations, joined with `, `, when any.
    #[serde(skip_serializing_if = "Option::is_none")]
    l: Option<String>,
    /// Declared tones: `[actor, actor, tone]`, the pair by actor number.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    r: Vec<(usize, usize, i8)>,
}

/// `explore/entries/{k}.json`: the rows of chunk `k`.
pub fn chunk(m: &Chronicle, ui: &crate::render::i18n::Ui, k: usize) -> Vec<u8> {
    let start = (k * CHUNK).min(m.entries.len());
    let end = (start + CHUNK).min(m.entries.len());
    let rows: Vec<Row> = m.entries[start..end]
        .iter()
        .map(|e| Row {
            u: Place::Entry(&e.slug).url(""),
            t: &e.title,
            d: crate::render::views::when(e, ui),
            i: e.date.iso(),
            st: (e.status != Status::Occurred).then(|| e.status.as_str()),
            a: &e.actors,
            p: &e.topics,
            s: &e.summary,
            l: (!e.locations.is_empty()).then(|| e.locations.join(", ")),
            r: e.relations.iter().map(|r| (r.pair.0, r.pair.1, r.tone)).collect(),
        })
        .collect();
    json(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_encode_ascending_numbers() {
        assert_eq!(deltas(&[3, 4, 10, 11]), [3, 1, 6, 1]);
        assert!(deltas(&[]).is_empty());
    }

    #[test]
    fn date_codes_have_fixed_width() {
        let mut s = String::new();
        let d = PartialDate::parse("2025-05-21").unwrap();
        push_code(&mut s, date_number(&d, 2001), 3);
        // 24 * 512 + 5 * 32 + 21 = 12469 = 3 * 4096 + 2 * 64 + 53: `D`, `C`, `1`.
        assert_eq!(s, "DC1");
        let y = PartialDate::parse("2001").unwrap();
        s.clear();
        push_code(&mut s, date_number(&y, 2001), 3);
        assert_eq!(s, "AAA");
    }
}
