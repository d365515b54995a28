//! Parse: front matter into typed documents, validated field by field.
//!
//! Like ripgrep's two-step arguments, each document is first read into a raw
//! serde struct that rejects unknown keys, then checked into a document whose
//! invariants (valid dates, `end` not before `date`, tone in range) hold from
//! then on. Cross-references (actors, topics, related entries) are checked
//! later, when every document is known, by the link stage.

use std::sync::Arc;

use rayon::prelude::*;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::config::unknown_field;
use crate::date::PartialDate;
use crate::diagnostics::{with_suggestion, Diagnostic};
use crate::frontmatter::{self, Split};
use crate::load::{Section, SourceFile};
use crate::yaml;

/// Where the parts of a split file are, as byte ranges of its text.
#[derive(Debug, Clone, Copy)]
struct Ranges {
    yaml: (usize, usize),
    body: (usize, usize),
    yaml_line: usize,
    body_line: usize,
}

impl Ranges {
    fn of(text: &str, s: &Split<'_>) -> Ranges {
        let base = text.as_ptr() as usize;
        let range = |part: &str| {
            let start = part.as_ptr() as usize - base;
            (start, start + part.len())
        };
        Ranges {
            yaml: range(s.yaml),
            body: range(s.body),
            yaml_line: s.yaml_line,
            body_line: s.body_line,
        }
    }
}

/// A parsed file with what is needed to point back into it.
#[derive(Debug, Clone)]
pub struct Origin {
    pub slug: String,
    /// Path relative to the chronicle root, for messages.
    pub rel: String,
    text: Arc<str>,
    /// Hash of the body, so serve can tell a changed body without comparing.
    body_hash: u64,
    yaml: (usize, usize),
    body: (usize, usize),
    yaml_line: usize,
    body_line: usize,
}

impl Origin {
    fn new(file: SourceFile, at: Ranges) -> Origin {
        Origin {
            yaml: at.yaml,
            body: at.body,
            yaml_line: at.yaml_line,
            body_line: at.body_line,
            slug: file.slug,
            rel: file.rel,
            body_hash: {
                use std::hash::{Hash, Hasher};
                let mut h = std::collections::hash_map::DefaultHasher::new();
                file.text[at.body.0..at.body.1].hash(&mut h);
                h.finish()
            },
            text: file.text.into(),
        }
    }

    /// A hash of the Markdown body.
    pub fn body_hash(&self) -> u64 {
        self.body_hash
    }

    fn split(&self) -> Split<'_> {
        Split {
            yaml: &self.text[self.yaml.0..self.yaml.1],
            yaml_line: self.yaml_line,
            body: &self.text[self.body.0..self.body.1],
            body_line: self.body_line,
        }
    }

    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body.0..self.body.1]
    }

    /// File line of the body's first line.
    pub fn body_line(&self) -> usize {
        self.body_line
    }

    /// The whole file text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// True when `other` reads the same as this up to its body: the same
    /// front matter, so the same document apart from the body.
    pub fn same_front_matter(&self, other: &Origin) -> bool {
        self.body.0 == other.body.0 && self.text[..self.body.0] == other.text[..other.body.0]
    }

    /// An error pointing at `value` under front-matter `key`.
    pub fn error_at(&self, key: &str, value: &str, message: impl Into<String>) -> Diagnostic {
        let (line, col) = frontmatter::value_position(&self.split(), key, value).unwrap_or((1, 1));
        Diagnostic::error(&self.rel, line, col, message)
    }

    /// A warning pointing at front-matter `key` (or the first line).
    pub fn warning_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let (line, col) = frontmatter::key_position(&self.split(), key).unwrap_or((1, 1));
        Diagnostic::warning(&self.rel, line, col, message)
    }

    /// A diagnostic at a byte offset of the body.
    pub fn error_in_body(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let abs = (self.body.0 + offset).min(self.text.len());
        let before = &self.text[..abs];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::error(&self.rel, line, col, message)
    }
}

/// How sure the chronicle is that an event happened as told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Occurred,
    Planned,
    Reported,
    Disputed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Occurred => "occurred",
            Status::Planned => "planned",
            Status::Reported => "reported",
            Status::Disputed => "disputed",
        }
    }
}

/// What kind of actor a profile describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    State,
    Person,
    #[serde(alias = "organisation")]
    Organization,
    Group,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::State => "state",
            ActorKind::Person => "person",
            ActorKind::Organization => "organization",
            ActorKind::Group => "group",
        }
    }
}

/// A date as written in YAML: `2025` arrives as a number, `2025-05` as text.
#[derive(Debug, Clone)]
struct RawDate(String);

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawDate;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date such as 2025, 2025-05 or 2025-05-21")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDate, E> {
                Ok(RawDate(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawDate, E> {
                Ok(RawDate(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDate, E> {
                Ok(RawDate(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// One string or a list of strings (`actors: pakistan` or `actors: [a, b]`).
#[derive(Debug, Clone, Default)]
struct List(Vec<String>);

impl<'de> Deserialize<'de> for List {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = List;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name or a list of names")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<List, E> {
                Ok(List(vec![v.to_string()]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<List, E> {
                Ok(List(Vec::new()))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<List, A::Error> {
                let mut v = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    v.push(s);
                }
                Ok(List(v))
            }
        }
        d.deserialize_any(V)
    }
}

const ENTRY_KEYS: &[&str] = &[
    "title", "date", "end", "actors", "topics", "status", "location", "summary", "sources", "related", "tone", "draft",
];
const SOURCE_KEYS: &[&str] = &["title", "publisher", "url", "date", "author"];
const ACTOR_KEYS: &[&str] = &["name", "kind", "aliases", "affiliation", "role"];
const TOPIC_KEYS: &[&str] = &["name", "description"];
const PAGE_KEYS: &[&str] = &["title", "description", "weight", "draft"];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    title: String,
    date: RawDate,
    #[serde(default)]
    end: Option<RawDate>,
    #[serde(default)]
    actors: List,
    #[serde(default)]
    topics: List,
    #[serde(default)]
    status: Status,
    #[serde(default)]
    location: List,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    sources: Option<Vec<RawSource>>,
    #[serde(default)]
    related: List,
    #[serde(default)]
    tone: Option<i64>,
    #[serde(default)]
    draft: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: String,
    #[serde(default)]
    publisher: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    date: Option<RawDate>,
    #[serde(default)]
    author: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActor {
    name: String,
    #[serde(default)]
    kind: Option<ActorKind>,
    #[serde(default)]
    aliases: List,
    #[serde(default)]
    affiliation: Option<String>,
    #[serde(default)]
    role: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    name: String,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    weight: i64,
    #[serde(default)]
    draft: bool,
}

/// A cited source as written on an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub date: Option<PartialDate>,
    pub author: Option<String>,
}

/// An entry whose own fields are valid; references are still names.
#[derive(Debug, Clone)]
pub struct EntryDoc {
    pub origin: Origin,
    pub title: String,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub actors: Vec<String>,
    pub topics: Vec<String>,
    pub status: Status,
    pub locations: Vec<String>,
    pub summary: Option<String>,
    pub sources: Vec<Source>,
    pub related: Vec<String>,
    pub tone: Option<i8>,
    pub draft: bool,
}

impl EntryDoc {
    /// True when `other` puts the entry in the same place in the chronicle:
    /// the same date, actors, topics, related entries, sources and draft
    /// state. The rest (title, summary, status, tone, places, the end of a
    /// range and the body) changes how the entry reads, not where it shows.
    pub fn same_place(&self, other: &EntryDoc) -> bool {
        // Listed in full, so that a new field must be placed on one side.
        let EntryDoc {
            origin: _,
            title: _,
            date,
            end: _,
            actors,
            topics,
            status: _,
            locations: _,
            summary: _,
            sources,
            related,
            tone: _,
            draft,
        } = self;
        *date == other.date
            && *actors == other.actors
            && *topics == other.topics
            && *sources == other.sources
            && *related == other.related
            && *draft == other.draft
    }
}

#[derive(Debug, Clone)]
pub struct ActorDoc {
    pub origin: Origin,
    pub name: String,
    pub kind: Option<ActorKind>,
    pub aliases: Vec<String>,
    pub affiliation: Option<String>,
    pub role: Option<String>,
}

#[derive(Debug, Clone)]
pub struct TopicDoc {
    pub origin: Origin,
    pub name: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone)]
pub struct PageDoc {
    pub origin: Origin,
    pub title: String,
    pub description: Option<String>,
    pub weight: i64,
    pub draft: bool,
}

/// Every document of a chronicle that parsed, by section.
#[derive(Debug, Default, Clone)]
pub struct Documents {
    pub entries: Vec<EntryDoc>,
    pub actors: Vec<ActorDoc>,
    pub topics: Vec<TopicDoc>,
    pub pages: Vec<PageDoc>,
}

/// One parsed document of any section.
#[derive(Debug, Clone)]
pub enum Doc {
    Entry(EntryDoc),
    Actor(ActorDoc),
    Topic(TopicDoc),
    Page(PageDoc),
}

/// Parses every file in parallel. Files with errors are left out of the
/// documents; all their errors (and every warning) are returned.
pub fn parse_all(files: Vec<SourceFile>) -> (Documents, Vec<Diagnostic>) {
    let results: Vec<(Option<Doc>, Vec<Diagnostic>)> = files.into_par_iter().map(parse_file).collect();
    let mut docs = Documents::default();
    let mut diags = Vec::new();
    for (doc, ds) in results {
        diags.extend(ds);
        if let Some(doc) = doc {
            docs.push(doc);
        }
    }
    (docs, diags)
}

impl Documents {
    /// Adds a document to its section.
    pub fn push(&mut self, doc: Doc) {
        match doc {
            Doc::Entry(d) => self.entries.push(d),
            Doc::Actor(d) => self.actors.push(d),
            Doc::Topic(d) => self.topics.push(d),
            Doc::Page(d) => self.pages.push(d),
        }
    }
}

/// Parses one file of any section: the document when it is valid, and
/// every diagnostic about it.
pub fn parse_file(file: SourceFile) -> (Option<Doc>, Vec<Diagnostic>) {
    let split = match frontmatter::split(&file.text) {
        Ok(s) => s,
        Err((line, col, msg)) => return (None, vec![Diagnostic::error(&file.rel, line, col, msg)]),
    };
    let section = file.section;
    let ranges = Ranges::of(&file.text, &split);
    let yaml_text = if split.yaml.trim().is_empty() { "{}" } else { split.yaml };
    let keys = match section {
        Section::Entries => ENTRY_KEYS,
        Section::Actors => ACTOR_KEYS,
        Section::Topics => TOPIC_KEYS,
        Section::Pages => PAGE_KEYS,
    };
    let yaml_error = |e: yaml::YamlError| {
        let message = explain_yaml_error(&e.message, keys);
        vec![Diagnostic::error(
            &file.rel,
            split.yaml_line + e.line - 1,
            e.column,
            message,
        )]
    };
    // Parse the raw struct first, while `split` still borrows the file text.
    macro_rules! raw {
        ($t:ty) => {
            match yaml::from_str::<$t>(yaml_text) {
                Ok(r) => r,
                Err(e) => return (None, yaml_error(e)),
            }
        };
    }
    match section {
        Section::Entries => {
            let raw = raw!(RawEntry);
            let origin = Origin::new(file, ranges);
            let (doc, diags) = check_entry(raw, origin);
            (doc.map(Doc::Entry), diags)
        }
        Section::Actors => {
            let raw = raw!(RawActor);
            let origin = Origin::new(file, ranges);
            let mut diags = Vec::new();
            if raw.name.trim().is_empty() {
                diags.push(origin.error_at("name", "", "`name` must not be empty"));
            }
            let doc = ActorDoc {
                origin,
                name: raw.name.trim().to_string(),
                kind: raw.kind,
                aliases: raw.aliases.0.into_iter().map(|a| a.trim().to_string()).collect(),
                affiliation: raw.affiliation,
                role: raw.role,
            };
            (diags.is_empty().then_some(Doc::Actor(doc)), diags)
        }
        Section::Topics => {
            let raw = raw!(RawTopic);
            let origin = Origin::new(file, ranges);
            if raw.name.trim().is_empty() {
                return (None, vec![origin.error_at("name", "", "`name` must not be empty")]);
            }
            let doc = TopicDoc {
                origin,
                name: raw.name.trim().to_string(),
                description: raw.description,
            };
            (Some(Doc::Topic(doc)), Vec::new())
        }
        Section::Pages => {
            let raw = raw!(RawPage);
            let origin = Origin::new(file, ranges);
            if raw.title.trim().is_empty() {
                return (None, vec![origin.error_at("title", "", "`title` must not be empty")]);
            }
            let doc = PageDoc {
                origin,
                title: raw.title.trim().to_string(),
                description: raw.description,
                weight: raw.weight,
                draft: raw.draft,
            };
            (Some(Doc::Page(doc)), Vec::new())
        }
    }
}

/// serde_yaml names the value an error is about before the message
/// (`status: unknown variant ...`, `sources[0]: unknown field ...`).
/// Returns that path (empty at the top level) and the bare message.
fn split_yaml_path(message: &str) -> (&str, &str) {
    match message.split_once(": ") {
        Some((path, rest))
            if !path.is_empty() && path.bytes().all(|b| b.is_ascii_alphanumeric() || b"_-.[]".contains(&b)) =>
        {
            (path, rest)
        }
        _ => ("", message),
    }
}

/// Turns serde's wording into advice, with a did-you-mean for unknown keys.
fn explain_yaml_error(message: &str, keys: &[&str]) -> String {
    let (path, message) = split_yaml_path(message);
    let in_path = if path.is_empty() {
        String::new()
    } else {
        format!(" in `{path}`")
    };
    if let Some(key) = unknown_field(message) {
        let in_source = !keys.contains(&"actors") || SOURCE_KEYS.iter().all(|k| message.contains(k));
        let (known, what) = if message.contains("`publisher`") && in_source {
            (SOURCE_KEYS, "source key")
        } else {
            (keys, "front-matter key")
        };
        let msg = format!(
            "unknown {what} `{key}` (allowed: {})",
            known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
        );
        return with_suggestion(msg, key, known.iter().copied());
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return format!("the required key `{key}` is missing{in_path}");
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or(rest);
        let allowed = rest.split("expected ").nth(1).unwrap_or("");
        let at = if path.is_empty() { " here".to_string() } else { in_path };
        return format!("`{value}` is not allowed{at}; expected {allowed}");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        return format!("wrong kind of value{in_path}: {rest}");
    }
    format!("{message}{in_path}")
}

fn check_entry(raw: RawEntry, origin: Origin) -> (Option<EntryDoc>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let date_of = |key: &str, raw: &RawDate, diags: &mut Vec<Diagnostic>| match PartialDate::parse(&raw.0) {
        Ok(d) => Some(d),
        Err(m) => {
            diags.push(origin.error_at(key, &raw.0, m));
            None
        }
    };
    let date = date_of("date", &raw.date, &mut diags);
    let end = raw.end.as_ref().and_then(|e| date_of("end", e, &mut diags));
    if let (Some(d), Some(e)) = (date, end) {
        if e.last_day() < d.first_day() {
            diags.push(origin.error_at(
                "end",
                &raw.end.as_ref().map(|r| r.0.clone()).unwrap_or_default(),
                format!("`end` ({e}) is before `date` ({d})"),
            ));
        }
    }
    if raw.title.trim().is_empty() {
        diags.push(origin.error_at("title", "", "`title` must not be empty"));
    }
    if raw.actors.0.is_empty() {
        diags.push(origin.error_at("actors", "", "an entry needs at least one actor in `actors`"));
    }
    if let Some(t) = raw.tone {
        if !(-2..=2).contains(&t) {
            diags.push(origin.error_at(
                "tone",
                &t.to_string(),
                format!("`tone` is {t}; it runs from -2 (hostile) to +2 (cooperative)"),
            ));
        }
    }
    let mut sources = Vec::new();
    for s in raw.sources.unwrap_or_default() {
        let date = s.date.as_ref().and_then(|d| date_of("sources", d, &mut diags));
        if s.title.trim().is_empty() {
            diags.push(origin.error_at("sources", "title", "a source's `title` must not be empty"));
        }
        let url = s.url.map(|u| u.trim().to_string()).filter(|u| !u.is_empty());
        if let Some(u) = &url {
            if !(u.starts_with("https://") || u.starts_with("http://")) || u.contains(char::is_whitespace) {
                diags.push(origin.error_at(
                    "sources",
                    u,
                    format!("source URL `{u}` must be a web address starting with https:// or http://, without spaces"),
                ));
            }
        }
        sources.push(Source {
            title: s.title.trim().to_string(),
            publisher: s.publisher.map(|p| p.trim().to_string()).filter(|p| !p.is_empty()),
            url,
            date,
            author: s.author.map(|a| a.trim().to_string()).filter(|a| !a.is_empty()),
        });
    }
    let has_errors = diags.iter().any(Diagnostic::is_error);
    if sources.is_empty() && !raw.draft {
        diags.push(origin.warning_at_key("sources", "this entry cites no sources"));
    }
    if has_errors {
        return (None, diags);
    }
    let doc = EntryDoc {
        title: raw.title.trim().to_string(),
        date: date.expect("checked above"),
        end,
        actors: raw.actors.0,
        topics: raw.topics.0,
        status: raw.status,
        locations: raw.location.0,
        summary: raw.summary.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        sources,
        related: raw.related.0,
        tone: raw.tone.map(|t| t as i8),
        draft: raw.draft,
        origin,
    };
    (Some(doc), diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str) -> (Option<Doc>, Vec<Diagnostic>) {
        parse_file(SourceFile {
            section: Section::Entries,
            slug: "e".into(),
            rel: "content/entries/e.md".into(),
            text: text.into(),
        })
    }

    #[test]
    fn valid_entry() {
        let (d, diags) = entry(
            "---\ntitle: T\ndate: 2025\nactors: pakistan\nsources:\n  - title: S\n    url: https://x.org/\n---\nBody\n",
        );
        let Some(Doc::Entry(e)) = d else { panic!("{diags:?}") };
        assert_eq!(e.date.iso(), "2025");
        assert_eq!(e.actors, ["pakistan"]);
        assert!(diags.is_empty(), "{diags:?}");
    }

    #[test]
    fn unknown_key_suggests_and_is_located() {
        let (_, diags) = entry("---\ntitle: T\ndate: 2025\nactors: [a]\nsumary: x\n---\n");
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].column), (5, 1));
        assert!(
            diags[0].message.contains("did you mean `summary`"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn bad_date_and_end_before_date() {
        let (_, diags) = entry("---\ntitle: T\ndate: 2025-13-01\nactors: [a]\n---\n");
        assert_eq!(diags[0].line, 3);
        assert!(diags[0].message.contains("month 13"));
        let (_, diags) = entry("---\ntitle: T\ndate: 2025-05-02\nend: 2025-05-01\nactors: [a]\n---\n");
        assert!(diags[0].message.contains("before `date`"), "{diags:?}");
        assert_eq!((diags[0].line, diags[0].column), (4, 6));
    }

    #[test]
    fn no_sources_is_a_warning() {
        let (d, diags) = entry("---\ntitle: T\ndate: 2025\nactors: [a]\n---\n");
        assert!(d.is_some());
        assert_eq!(diags.len(), 1);
        assert!(!diags[0].is_error());
    }

    #[test]
    fn nested_yaml_errors_are_explained() {
        let (_, diags) = entry("---\ntitle: T\ndate: 2025\nactors: [a]\nstatus: happened\n---\n");
        assert_eq!(
            diags[0].message,
            "`happened` is not allowed in `status`; expected one of `occurred`, `planned`, `reported`, `disputed`"
        );
        let (_, diags) =
            entry("---\ntitle: T\ndate: 2025\nactors: [a]\nsources:\n  - title: S\n    publsher: P\n---\n");
        assert!(
            diags[0].message.starts_with("unknown source key `publsher`")
                && diags[0].message.ends_with("did you mean `publisher`?"),
            "{}",
            diags[0].message
        );
        let (_, diags) = entry("---\ntitle: T\ndate: 2025\nactors: [a]\ntone: high\n---\n");
        assert!(
            diags[0].message.starts_with("wrong kind of value in `tone`"),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn javascript_urls_are_rejected() {
        let (d, diags) = entry(
            "---\ntitle: T\ndate: 2025\nactors: [a]\nsources:\n  - title: S\n    url: javascript:alert(1)\n---\n",
        );
        assert!(d.is_none());
        assert_eq!(diags[0].line, 7);
    }
}
