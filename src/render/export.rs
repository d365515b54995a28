//! Machine-readable output: `/data/chronicle.json` (the search index is
//! [`crate::render::search`]).
//!
//! It is built straight from the model with serde, not through templates:
//! it is a data format with a documented schema, and serde_json escapes
//! every string correctly.

use serde::Serialize;

use crate::content::date::PartialDate;
use crate::model::Chronicle;
use crate::paths::Place;

/// Version of the `/data/chronicle.json` schema (see the README).
pub const DATA_SCHEMA_VERSION: u32 = 3;

#[derive(Serialize)]
struct Data<'a> {
    schema_version: u32,
    title: &'a str,
    base_url: &'a str,
    generator: &'static str,
    entries: Lazy<'a, DataEntry<'a>>,
    actors: Lazy<'a, DataActor<'a>>,
    topics: Lazy<'a, DataTopic<'a>>,
    sources: Lazy<'a, DataSource<'a>>,
    /// The focus pair, as two actor slugs, when declared.
    focus: Option<[&'a str; 2]>,
    relations: Lazy<'a, DataRelation<'a>>,
}

/// A list serialized item by item as it is made, never held whole: the
/// exports run to hundreds of megabytes at 100,000 entries.
pub struct Lazy<'a, T>(Box<dyn Fn() -> Box<dyn Iterator<Item = T> + 'a> + 'a>);

impl<'a, T> Lazy<'a, T> {
    pub fn new<I: Iterator<Item = T> + 'a>(items: impl Fn() -> I + 'a) -> Lazy<'a, T> {
        Lazy(Box::new(move || Box::new(items())))
    }
}

impl<T: Serialize> Serialize for Lazy<'_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq((self.0)())
    }
}

/// Writes `value` as compact JSON and a newline into `w`, as it is made.
pub fn write_json(w: &mut dyn std::io::Write, value: &impl Serialize) -> std::io::Result<()> {
    serde_json::to_writer(&mut *w, value).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

/// A tone an entry declares for a pair of its actors.
#[derive(Serialize)]
struct DataTone<'a> {
    between: [&'a str; 2],
    tone: i8,
    note: Option<&'a str>,
}

/// A pair of actors with a declared tone or enough shared entries.
#[derive(Serialize)]
struct DataRelation<'a> {
    slug: &'a str,
    /// The relation page's absolute URL, or null when the theme has none.
    url: Option<String>,
    between: [&'a str; 2],
    /// Entries naming both actors, in time order.
    entries: Vec<&'a str>,
    tones: Vec<DataRelationTone<'a>>,
}

#[derive(Serialize)]
struct DataRelationTone<'a> {
    entry: &'a str,
    tone: i8,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct DataEntry<'a> {
    slug: &'a str,
    url: String,
    title: &'a str,
    date: PartialDate,
    end: Option<PartialDate>,
    precision: crate::content::date::Precision,
    status: &'static str,
    actors: Vec<&'a str>,
    topics: Vec<&'a str>,
    locations: &'a [String],
    summary: &'a str,
    /// The focus pair's tone, when this entry declares one.
    tone: Option<i8>,
    /// Every tone this entry declares, each for a pair of its actors.
    relations: Vec<DataTone<'a>>,
    related: Vec<&'a str>,
    /// Ids of the entry's sources in `sources`, in citation order.
    sources: Vec<&'a str>,
    /// When it was last revised (its `updated`, or its latest correction).
    updated: Option<PartialDate>,
    /// Corrections made to it, oldest first: `{date, note}`.
    corrections: &'a [crate::content::parse::Correction],
}

#[derive(Serialize)]
struct DataActor<'a> {
    slug: &'a str,
    url: String,
    name: &'a str,
    kind: Option<&'static str>,
    aliases: &'a [String],
    affiliation: Option<&'a str>,
    role: Option<&'a str>,
    entry_count: usize,
}

#[derive(Serialize)]
struct DataTopic<'a> {
    slug: &'a str,
    url: String,
    name: &'a str,
    description: &'a str,
    entry_count: usize,
}

#[derive(Serialize)]
struct DataSource<'a> {
    id: &'a str,
    title: &'a str,
    publisher: Option<&'a str>,
    author: Option<&'a str>,
    date: Option<PartialDate>,
    url: Option<&'a str>,
    archive_url: Option<&'a str>,
    accessed: Option<PartialDate>,
    language: Option<&'a str>,
    quote: Option<&'a str>,
    cited_by: Vec<&'a str>,
}

/// `/data/chronicle.json`: entries, actors, topics and sources as data,
/// written into `w` entry by entry.
pub fn write_data_json(m: &Chronicle, relation_pages: bool, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let root = &m.config.root;
    let abs = |path: String| m.config.permalink(&path);
    let slugs = |(a, b): (usize, usize)| [m.actors[a].slug.as_str(), m.actors[b].slug.as_str()];
    let data = Data {
        schema_version: DATA_SCHEMA_VERSION,
        title: &m.config.title,
        base_url: &m.config.base_url,
        generator: concat!("chronicle ", env!("CARGO_PKG_VERSION")),
        entries: Lazy::new(move || {
            m.entries.iter().map(move |e| DataEntry {
                slug: &e.slug,
                url: abs(Place::Entry(&e.slug).url(root)),
                title: &e.title,
                date: e.date,
                end: e.end,
                precision: e.date.precision(),
                status: e.status.as_str(),
                actors: e.actors.iter().map(|&a| m.actors[a].slug.as_str()).collect(),
                topics: e.topics.iter().map(|&t| m.topics[t].slug.as_str()).collect(),
                locations: &e.locations,
                summary: &e.summary,
                tone: e.tone,
                relations: e
                    .relations
                    .iter()
                    .map(|r| DataTone {
                        between: slugs(r.pair),
                        tone: r.tone,
                        note: r.note.as_deref(),
                    })
                    .collect(),
                related: e.related.iter().map(|&r| m.entries[r].slug.as_str()).collect(),
                sources: e
                    .sources
                    .iter()
                    .map(|(_, r)| m.publishers[r.publisher].items[r.item].id.as_ref())
                    .collect(),
                updated: e.updated,
                corrections: &e.corrections,
            })
        }),
        actors: Lazy::new(move || {
            m.actors.iter().map(move |a| DataActor {
                slug: &a.slug,
                url: abs(Place::Actor(&a.slug).url(root)),
                name: &a.name,
                kind: a.kind.map(|k| k.as_str()),
                aliases: &a.aliases,
                affiliation: a.affiliation.map(|p| m.actors[p].slug.as_str()),
                role: a.role.as_deref(),
                entry_count: a.entries.len(),
            })
        }),
        topics: Lazy::new(move || {
            m.topics.iter().map(move |t| DataTopic {
                slug: &t.slug,
                url: abs(Place::Topic(&t.slug).url(root)),
                name: &t.name,
                description: &t.description,
                entry_count: t.entries.len(),
            })
        }),
        sources: Lazy::new(move || {
            m.publishers.iter().flat_map(|p| p.items.iter()).map(|b| DataSource {
                id: &b.id,
                title: &b.source.title,
                publisher: b.source.publisher.as_deref(),
                author: b.source.author.as_deref(),
                date: b.source.date,
                url: b.source.url.as_deref(),
                archive_url: b.source.archive_url.as_deref(),
                accessed: b.source.accessed,
                language: b.source.language.as_deref(),
                quote: b.source.quote.as_deref(),
                cited_by: b.cited_by.iter().map(|&i| m.entries[i].slug.as_str()).collect(),
            })
        }),
        focus: m.focus.map(slugs),
        relations: Lazy::new(move || {
            m.relations.iter().map(move |r| DataRelation {
                slug: &r.slug,
                url: relation_pages.then(|| abs(Place::Relation(&r.slug).url(root))),
                between: slugs(r.pair),
                entries: r.entries.iter().map(|&i| m.entries[i].slug.as_str()).collect(),
                tones: r
                    .tones
                    .iter()
                    .map(|(i, tone, note)| DataRelationTone {
                        entry: m.entries[*i].slug.as_str(),
                        tone: *tone,
                        note: note.as_deref(),
                    })
                    .collect(),
            })
        }),
    };
    // Compact: at 100,000 entries indentation alone would be a third of it.
    write_json(w, &data)
}

/// JSON for a `<script>` element: `<`, `>` and `&` are written as `\u` escapes
/// so no string can close the script element or open a comment.
pub fn script_safe_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".into());
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let s = script_safe_json(&serde_json::json!({"t": "</script><script>alert(1)</script> & <!--"}));
        assert!(!s.contains("</script"));
        assert!(!s.contains("<!--"));
        assert!(s.contains("\\u003c/script\\u003e"));
    }
}
