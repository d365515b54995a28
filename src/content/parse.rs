//! Parse: front matter into typed documents, validated field by field.
//!
//! Like ripgrep's two-step arguments, each document is first read into a raw
//! serde struct that rejects unknown keys, then checked into a document whose
//! invariants (valid dates, `end` not before `date`, tone in range) hold from
//! then on. Cross-references (actors, topics, related entries) are checked
//! later, when every document is known, by the link stage.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::content::date::PartialDate;
use crate::content::fields::{is_forbidden_char, Fields};
use crate::content::frontmatter::{self, Split};
use crate::content::load::{Section, SourceFile};
use crate::content::yaml;
use crate::diagnostics::Diagnostic;
use crate::language::Lang;

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
    /// Old URLs of the document (`redirect_from:`, or `aliases:` but on
    /// actors), each to get a page that sends readers on.
    pub redirect_from: Vec<RedirectFrom>,
    /// The language of its text (`language:`), when it says one; else the
    /// chronicle's.
    pub language: Option<Lang>,
}

/// A document's Markdown body as written, for the exports that give it
/// back (`/data/entries.csv`): it shares the file's text, or, once the
/// text is let go (see [`Origin::release_body`]), it is read again from
/// the file, which must not have changed since.
#[derive(Debug, Clone)]
pub enum BodyText {
    Held { text: Arc<str>, span: (usize, usize) },
    InFile { path: Arc<Path>, rel: Arc<str>, hash: u64 },
}

impl Default for BodyText {
    fn default() -> BodyText {
        BodyText::Held {
            text: Arc::from(""),
            span: (0, 0),
        }
    }
}

impl BodyText {
    /// The body, as it was when it was linked. An error when it is in a
    /// file that changed or went since.
    pub fn read(&self) -> std::io::Result<Cow<'_, str>> {
        match self {
            BodyText::Held { text, span } => Ok(Cow::Borrowed(text.get(span.0..span.1).unwrap_or_default())),
            BodyText::InFile { path, rel, hash } => read_body(path, rel, *hash).map(Cow::Owned),
        }
    }
}

/// The Markdown body of the file at `path` (`rel` from the root), as
/// [`parse_file`] reads it, when its hash is still `hash`.
fn read_body(path: &Path, rel: &str, hash: u64) -> std::io::Result<String> {
    let changed = || std::io::Error::other(format!("`{rel}` changed while the site was being built; build again"));
    let mut file = crate::content::load::read(crate::content::load::Found {
        section: Section::Entries,
        slug: String::new(),
        translation: None,
        path: path.to_path_buf(),
        rel: rel.to_string(),
    })
    .map_err(|_| changed())?;
    strip_forbidden(&mut file);
    let split = frontmatter::split(&file.text).map_err(|_| changed())?;
    let at = Ranges::of(&file.text, &split);
    let body = &file.text[at.body.0..at.body.1];
    if body_hash(body) != hash {
        return Err(changed());
    }
    Ok(body.to_string())
}

/// The hash [`Origin::body_hash`] gives.
fn body_hash(body: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    body.hash(&mut h);
    h.finish()
}

/// An old URL of a document, as written and as the file the redirect is
/// written to, with where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedirectFrom {
    pub written: String,
    /// Path in the output folder: `entries/old-slug/index.html`.
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// The file a redirect from `written` goes into: a path under the site's
/// root (`/entries/old/`, `old/page.html`), or a bare slug, taken in the
/// document's own section (`old` on an entry is `entries/old/`).
pub fn redirect_file(section: Section, written: &str) -> Result<String, String> {
    let w = written.trim();
    let bad = |why: &str| {
        Err(format!(
            "`{w}` cannot be an old URL: {why}; write a path under the site such as `/entries/old-slug/`, or an old slug"
        ))
    };
    if w.is_empty() {
        return bad("it is empty");
    }
    if w.contains("://") || w.starts_with("//") {
        return bad("it names a host; give the path alone");
    }
    if w.contains(['?', '#', '\\']) || w.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return bad("it has a query, a fragment, a backslash or a space");
    }
    let path = if w.contains('/') {
        w.trim_start_matches('/').to_string()
    } else {
        format!("{}/{w}/", section.dir())
    };
    if path.split('/').any(|part| part == ".." || part == ".") || path.contains("//") {
        return bad("it has `.` or `..` or an empty part");
    }
    if path.is_empty() {
        return bad("it is the home page");
    }
    let last = path.rsplit('/').next().unwrap_or("");
    Ok(if path.ends_with('/') {
        format!("{path}index.html")
    } else if last.ends_with(".html") || last.ends_with(".htm") {
        path
    } else {
        format!("{path}/index.html")
    })
}

impl Origin {
    fn new(file: SourceFile, at: Ranges) -> Origin {
        Origin {
            yaml: at.yaml,
            body: at.body,
            yaml_line: at.yaml_line,
            body_line: at.body_line,
            redirect_from: Vec::new(),
            language: None,
            slug: file.slug,
            rel: file.rel,
            body_hash: body_hash(&file.text[at.body.0..at.body.1]),
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

    /// The Markdown body, sharing the file's text (no copy).
    pub fn body_text(&self) -> BodyText {
        BodyText::Held {
            text: Arc::clone(&self.text),
            span: self.body,
        }
    }

    /// Lets go of the body, once it is rendered, keeping the front matter
    /// that messages point into; returns where to read the body again
    /// (`root` is the folder `rel` is in). A large chronicle's texts are
    /// then not all held while its pages are made. After this the body
    /// reads as empty.
    pub fn release_body(&mut self, root: &Path) -> BodyText {
        let kept = self.body.0.min(self.text.len());
        self.text = Arc::from(&self.text[..kept]);
        self.body = (kept, kept);
        BodyText::InFile {
            path: Arc::from(root.join(&self.rel)),
            rel: Arc::from(self.rel.as_str()),
            hash: self.body_hash,
        }
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

    /// An error pointing at `value` under `sub:` in the `index`-th item of the
    /// list under front-matter `key`.
    pub fn error_in_item(
        &self,
        key: &str,
        index: usize,
        sub: &str,
        value: &str,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, col) = self.item_value_position(key, index, sub, value);
        Diagnostic::error(&self.rel, line, col, message)
    }

    /// A warning pointing at `value` under front-matter `key`.
    pub fn warning_at(&self, key: &str, value: &str, message: impl Into<String>) -> Diagnostic {
        let (line, col) = frontmatter::value_position(&self.split(), key, value).unwrap_or((1, 1));
        Diagnostic::warning(&self.rel, line, col, message)
    }

    /// A warning pointing at front-matter `key` (or the first line).
    pub fn warning_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let (line, col) = frontmatter::key_position(&self.split(), key).unwrap_or((1, 1));
        Diagnostic::warning(&self.rel, line, col, message)
    }

    /// A diagnostic at a byte offset of the body.
    pub fn error_in_body(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.body_position(offset);
        Diagnostic::error(&self.rel, line, col, message)
    }

    /// File position (line, column) of a byte offset of the body.
    pub fn body_position(&self, offset: usize) -> (usize, usize) {
        let mut abs = (self.body.0 + offset).min(self.text.len());
        while !self.text.is_char_boundary(abs) {
            abs -= 1;
        }
        let before = &self.text[..abs];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, col)
    }

    /// File position of `value` under `sub:` in the `index`-th item of the
    /// list under front-matter `key` (or of the list, or the first line).
    pub fn item_value_position(&self, key: &str, index: usize, sub: &str, value: &str) -> (usize, usize) {
        let split = self.split();
        frontmatter::item_value_position(&split, key, index, sub, value)
            .or_else(|| frontmatter::key_position(&split, key))
            .unwrap_or((1, 1))
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
    "title",
    "date",
    "end",
    "actors",
    "topics",
    "status",
    "location",
    "summary",
    "sources",
    "related",
    "tone",
    "relations",
    "order",
    "updated",
    "corrections",
    "redirect_from",
    "aliases",
    "draft",
    "language",
];
const CORRECTION_KEYS: &[&str] = &["date", "note"];
const RELATION_KEYS: &[&str] = &["between", "tone", "note"];
const SOURCE_KEYS: &[&str] = &[
    "title",
    "publisher",
    "url",
    "archive_url",
    "date",
    "accessed",
    "author",
    "language",
    "quote",
];

/// The longest `quote` of a source, in characters: an excerpt, not a copy.
pub const QUOTE_MAX: usize = 500;
// An actor's `aliases` are other names; its old URLs are `redirect_from`.
const ACTOR_KEYS: &[&str] = &[
    "name",
    "kind",
    "aliases",
    "affiliation",
    "role",
    "redirect_from",
    "language",
];
const TOPIC_KEYS: &[&str] = &["name", "description", "redirect_from", "aliases", "language"];
const PAGE_KEYS: &[&str] = &[
    "title",
    "link_title",
    "description",
    "weight",
    "draft",
    "redirect_from",
    "aliases",
    "language",
];

/// What a text value must look like, in messages.
const TEXT: &str = "text (quote it if it looks like a number or a date)";
const DATE: &str = "a date such as 2025, 2025-05 or 2025-05-21";
const NAMES: &str = "a name or a list of names, such as `[pakistan, afghanistan]`";

/// A cited source as written on an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    /// A saved copy of the page (the Wayback Machine, archive.today).
    pub archive_url: Option<String>,
    pub date: Option<PartialDate>,
    /// When the writer read it online.
    pub accessed: Option<PartialDate>,
    pub author: Option<String>,
    /// Its language, a tag such as `ur` or `en`.
    pub language: Option<String>,
    /// A short excerpt, in the source's words.
    pub quote: Option<String>,
}

/// The tone of one pair of actors in an entry, as written: the actors are
/// still names, checked when the chronicle is linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationDoc {
    pub between: [String; 2],
    /// From -2 (hostile) to +2 (cooperative).
    pub tone: i8,
    /// A few words on the tone, shown with its mark.
    pub note: Option<String>,
    /// Its place in the `relations` list, to point at it in messages.
    pub index: usize,
}

/// A correction made to an entry: when, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    pub date: PartialDate,
    pub note: String,
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
    pub sources: Vec<Arc<Source>>,
    pub related: Vec<String>,
    /// A bare `tone:`: the tone of the chronicle's focus pair.
    pub tone: Option<i8>,
    /// Tones of named pairs of the entry's actors.
    pub relations: Vec<RelationDoc>,
    /// Where the entry goes among entries of the same date: lower first
    /// (0 when not given), then by title.
    pub order: i64,
    /// When the entry was last revised, as the writer says.
    pub updated: Option<PartialDate>,
    /// Corrections made to it, oldest first.
    pub corrections: Vec<Correction>,
    pub draft: bool,
}

impl EntryDoc {
    /// True when `other` puts the entry in the same place in the chronicle:
    /// the same date, actors, topics, related entries, sources, relations
    /// (tones decide what relation pages and barometers show) and draft
    /// state. The rest (title, summary, status, places, the end of a range
    /// and the body) changes how the entry reads, not where it shows.
    pub fn same_place(&self, other: &EntryDoc) -> bool {
        // Listed in full, so that a new field must be placed on one side.
        let EntryDoc {
            origin,
            title: _,
            date,
            end: _,
            actors,
            topics,
            status,
            locations: _,
            summary: _,
            sources,
            related,
            tone,
            relations,
            order,
            updated,
            corrections,
            draft,
        } = self;
        // `updated` and corrections change the feeds, the corrections page
        // and the data export: linking again places them. Becoming planned,
        // or no longer, may add or remove a calendar file.
        let planned = |s: &Status| *s == Status::Planned;
        origin.redirect_from == other.origin.redirect_from
            && planned(status) == planned(&other.status)
            && *date == other.date
            && *order == other.order
            && *updated == other.updated
            && *corrections == other.corrections
            && *actors == other.actors
            && *topics == other.topics
            && *sources == other.sources
            && *related == other.related
            && *tone == other.tone
            && *relations == other.relations
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
    /// A shorter title for the navigation (`link_title:`, Hugo's `linkTitle`).
    pub link_title: Option<String>,
    pub description: Option<String>,
    pub weight: i64,
    pub draft: bool,
}

/// A translation (`slug.ur.md`) of a document into another language: the
/// words it gives in that language. Everything else (dates, actors,
/// sources, tones) is the original's.
#[derive(Debug, Clone)]
pub struct TranslationDoc {
    /// Its `language` is the translation's.
    pub origin: Origin,
    pub section: Section,
    pub lang: Lang,
    /// An entry's or page's `title`, an actor's or topic's `name`.
    pub title: Option<String>,
    /// An entry's `summary`, an actor's `role`, a topic's or page's
    /// `description`.
    pub summary: Option<String>,
    /// An entry's places.
    pub locations: Vec<String>,
    /// A page's `link_title`.
    pub link_title: Option<String>,
    /// The date of the original text it follows (`translated:`).
    pub translated: PartialDate,
    pub draft: bool,
}

/// Every document of a chronicle that parsed, by section.
#[derive(Debug, Default, Clone)]
pub struct Documents {
    pub entries: Vec<Arc<EntryDoc>>,
    pub actors: Vec<ActorDoc>,
    pub topics: Vec<TopicDoc>,
    pub pages: Vec<PageDoc>,
    /// Translations of any of them, each its own file.
    pub translations: Vec<TranslationDoc>,
    /// Documents with errors of their own, kept to check their references.
    pub rejected: Vec<RejectedDoc>,
    /// The folder the files were read from, when nothing keeps the
    /// documents after linking (a build): each entry's body is then let go
    /// once rendered, and read again from its file for the exports.
    pub bodies_from: Option<PathBuf>,
}

/// A document with errors of its own. It is never published, but what it
/// refers to is still checked by the link stage, so every mistake of the file
/// shows in one run, and documents that refer to it get no error of theirs.
#[derive(Debug, Clone)]
pub struct RejectedDoc {
    pub section: Section,
    pub origin: Origin,
    pub actors: Vec<String>,
    pub topics: Vec<String>,
    pub related: Vec<String>,
    pub affiliation: Option<String>,
    /// An entry's tones, as far as they could be read.
    pub tone: Option<i8>,
    pub relations: Vec<RelationDoc>,
}

impl RejectedDoc {
    /// A rejected document of `section` that refers to nothing (yet).
    fn new(section: Section, origin: Origin) -> RejectedDoc {
        RejectedDoc {
            section,
            origin,
            actors: Vec::new(),
            topics: Vec::new(),
            related: Vec::new(),
            affiliation: None,
            tone: None,
            relations: Vec::new(),
        }
    }
}

/// One parsed document of any section.
#[derive(Debug, Clone)]
pub enum Doc {
    /// Shared: `serve` keeps every entry's document and links from it again
    /// after each change, without copying it.
    Entry(Arc<EntryDoc>),
    Actor(ActorDoc),
    Topic(TopicDoc),
    Page(PageDoc),
    Translation(TranslationDoc),
    Rejected(RejectedDoc),
}

impl Doc {
    /// The file the document was read from.
    pub fn origin(&self) -> &Origin {
        match self {
            Doc::Entry(d) => &d.origin,
            Doc::Actor(d) => &d.origin,
            Doc::Topic(d) => &d.origin,
            Doc::Page(d) => &d.origin,
            Doc::Translation(d) => &d.origin,
            Doc::Rejected(d) => &d.origin,
        }
    }
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
            Doc::Translation(d) => self.translations.push(d),
            Doc::Rejected(d) => self.rejected.push(d),
        }
    }
}

/// Removes characters no page or feed may carry (NUL, ESC, form feed and
/// the like) from a file's text, with a warning at each of the first few.
fn strip_forbidden(file: &mut SourceFile) -> Vec<Diagnostic> {
    if !file.text.chars().any(is_forbidden_char) {
        return Vec::new();
    }
    let mut diags = Vec::new();
    let (mut line, mut col, mut count) = (1, 1, 0);
    for c in file.text.chars() {
        if is_forbidden_char(c) {
            count += 1;
            if count <= 5 {
                diags.push(Diagnostic::warning(
                    &file.rel,
                    line,
                    col,
                    format!(
                        "the control character U+{:04X} is not allowed in text; it was removed",
                        c as u32
                    ),
                ));
            }
            continue;
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    if count > 5 {
        diags.push(Diagnostic::warning(
            &file.rel,
            0,
            0,
            format!("{} more control characters were removed from this file", count - 5),
        ));
    }
    file.text.retain(|c| !is_forbidden_char(c));
    diags
}

/// Parses one file of any section: the document when it is valid, a
/// [`RejectedDoc`] when it has errors of its own, and every diagnostic
/// about it.
pub fn parse_file(mut file: SourceFile) -> (Option<Doc>, Vec<Diagnostic>) {
    let mut diags = strip_forbidden(&mut file);
    let split = match frontmatter::split(&file.text) {
        Ok(s) => s,
        Err((line, col, msg)) => {
            diags.push(Diagnostic::error(&file.rel, line, col, msg));
            return (None, diags);
        }
    };
    let section = file.section;
    let ranges = Ranges::of(&file.text, &split);
    let translation = file.translation.clone();
    let origin = Origin::new(file, ranges);
    if let Some(tag) = translation {
        return parse_translation(origin, section, &tag, diags);
    }
    let keys = match section {
        Section::Entries => ENTRY_KEYS,
        Section::Actors => ACTOR_KEYS,
        Section::Topics => TOPIC_KEYS,
        Section::Pages => PAGE_KEYS,
    };
    let Some(mut fields) = Fields::parse(&origin.rel, origin.split(), "front-matter key", keys, &mut diags) else {
        return (None, diags);
    };
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let redirects = read_redirects(&mut fields, section, &mut diags);
    let language = read_language(&mut fields, &mut diags);
    let read = match section {
        Section::Entries => Read::Entry(read_entry(&mut fields, &origin, &mut diags)),
        Section::Actors => Read::Actor(read_actor(&mut fields, &origin, &mut diags)),
        Section::Topics => Read::Topic(read_topic(&mut fields, &mut diags)),
        Section::Pages => Read::Page(read_page(&mut fields, &mut diags)),
    };
    fields.finish(&mut diags);
    let failed = diags.iter().filter(|d| d.is_error()).count() > errors_before || errors_before > 0;
    let mut origin = origin;
    origin.redirect_from = redirects;
    origin.language = language;
    let doc = read.into_doc(origin, section, failed);
    (Some(doc), diags)
}

/// What a file's front matter said, read as far as it could be.
enum Read {
    Entry(EntryParts),
    Actor(ActorParts),
    Topic(TopicParts),
    Page(PageParts),
}

struct EntryParts {
    title: Option<String>,
    date: Option<PartialDate>,
    end: Option<PartialDate>,
    actors: Vec<String>,
    topics: Vec<String>,
    status: Status,
    locations: Vec<String>,
    summary: Option<String>,
    sources: Vec<Source>,
    related: Vec<String>,
    tone: Option<i8>,
    relations: Vec<RelationDoc>,
    order: i64,
    updated: Option<PartialDate>,
    corrections: Vec<Correction>,
    draft: bool,
}

struct ActorParts {
    name: Option<String>,
    kind: Option<ActorKind>,
    aliases: Vec<String>,
    affiliation: Option<String>,
    role: Option<String>,
}

struct TopicParts {
    name: Option<String>,
    description: Option<String>,
}

struct PageParts {
    title: Option<String>,
    link_title: Option<String>,
    description: Option<String>,
    weight: i64,
    draft: bool,
}

impl Read {
    /// The document, or, when the file had errors, what it refers to.
    fn into_doc(self, origin: Origin, section: Section, failed: bool) -> Doc {
        if failed {
            let mut doc = RejectedDoc::new(section, origin);
            match self {
                Read::Entry(e) => {
                    (doc.actors, doc.topics, doc.related) = (e.actors, e.topics, e.related);
                    (doc.tone, doc.relations) = (e.tone, e.relations);
                }
                Read::Actor(a) => doc.affiliation = a.affiliation,
                Read::Topic(_) | Read::Page(_) => {}
            }
            return Doc::Rejected(doc);
        }
        let rejected = |origin: Origin| Doc::Rejected(RejectedDoc::new(section, origin));
        match self {
            Read::Entry(e) => match (e.title, e.date) {
                (Some(title), Some(date)) => Doc::Entry(Arc::new(EntryDoc {
                    origin,
                    title,
                    date,
                    end: e.end,
                    actors: e.actors,
                    topics: e.topics,
                    status: e.status,
                    locations: e.locations,
                    summary: e.summary,
                    sources: e.sources.into_iter().map(Arc::new).collect(),
                    related: e.related,
                    tone: e.tone,
                    relations: e.relations,
                    order: e.order,
                    updated: e.updated,
                    corrections: e.corrections,
                    draft: e.draft,
                })),
                _ => rejected(origin),
            },
            Read::Actor(a) => match a.name {
                Some(name) => Doc::Actor(ActorDoc {
                    origin,
                    name,
                    kind: a.kind,
                    aliases: a.aliases,
                    affiliation: a.affiliation,
                    role: a.role,
                }),
                None => rejected(origin),
            },
            Read::Topic(t) => match t.name {
                Some(name) => Doc::Topic(TopicDoc {
                    origin,
                    name,
                    description: t.description,
                }),
                None => rejected(origin),
            },
            Read::Page(p) => match p.title {
                Some(title) => Doc::Page(PageDoc {
                    origin,
                    title,
                    link_title: p.link_title,
                    description: p.description,
                    weight: p.weight,
                    draft: p.draft,
                }),
                None => rejected(origin),
            },
        }
    }
}

/// A required, non-empty text under `key`, trimmed.
fn required_text(f: &mut Fields<'_>, key: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let text: String = f.require(key, TEXT, diags)?;
    let text = text.trim().to_string();
    if text.is_empty() {
        diags.push(f.error_at(key, "", format!("`{key}` must not be empty")));
        return None;
    }
    Some(text)
}

/// An optional text under `key`, trimmed; empty counts as absent.
fn optional_text(f: &mut Fields<'_>, key: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let text: Option<String> = f.take(key, TEXT, diags)?;
    text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
}

/// Names under `key`, trimmed, empty ones dropped.
fn names(f: &mut Fields<'_>, key: &str, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let list: List = f.take(key, NAMES, diags).unwrap_or_default();
    list.0
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The Urdu and Arabic comma, U+060C. YAML never reads it as a separator,
/// not even in brackets, so `actors: [پاکستان، افغانستان]` would be one name.
pub const ARABIC_COMMA: char = '\u{060C}';

/// The names under `key` of a list of references (`actors`, `topics`,
/// `related`), each item also split at the Arabic comma `،`: where a writer
/// of Urdu, Pashto, Dari or Arabic separates names with it, as in
/// `actors: پاکستان، افغانستان`. A slug cannot hold it; an actor whose name
/// or alias does is named by its slug. Place names (`location`) and an
/// actor's `aliases` are names that may hold a comma, and are not split.
fn refs(f: &mut Fields<'_>, key: &str, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    split_at_arabic_commas(names(f, key, diags))
}

/// Each name split at `،`, the parts trimmed, empty ones left out.
pub fn split_at_arabic_commas(names: Vec<String>) -> Vec<String> {
    if !names.iter().any(|n| n.contains(ARABIC_COMMA)) {
        return names;
    }
    names
        .iter()
        .flat_map(|n| n.split(ARABIC_COMMA))
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// An optional date under `key`, checked.
fn date_of(f: &mut Fields<'_>, key: &str, diags: &mut Vec<Diagnostic>) -> Option<PartialDate> {
    date(f, key, false, diags)
}

/// A date under `key`, checked.
fn date(f: &mut Fields<'_>, key: &str, required: bool, diags: &mut Vec<Diagnostic>) -> Option<PartialDate> {
    let raw: RawDate = if required {
        f.require(key, DATE, diags)?
    } else {
        f.take(key, DATE, diags)?
    };
    match PartialDate::parse_lenient(&raw.0) {
        Ok((d, None)) => Some(d),
        Ok((d, Some(why))) => {
            diags.push(f.warning_at(key, raw.0.trim(), why));
            Some(d)
        }
        Err(m) => {
            diags.push(f.error_at(key, raw.0.trim(), m));
            None
        }
    }
}

fn read_entry(f: &mut Fields<'_>, origin: &Origin, diags: &mut Vec<Diagnostic>) -> EntryParts {
    let title = required_text(f, "title", diags);
    let date_value = date(f, "date", true, diags);
    let end = date(f, "end", false, diags);
    if let (Some(d), Some(e)) = (date_value, end) {
        if e.last_day() < d.first_day() {
            diags.push(f.error_at("end", &e.iso(), format!("`end` ({e}) is before `date` ({d})")));
        }
    }
    let before = diags.len();
    let actors = refs(f, "actors", diags);
    if actors.is_empty() && diags.len() == before {
        diags.push(origin.error_at("actors", "", "an entry needs at least one actor in `actors`"));
    }
    let topics = refs(f, "topics", diags);
    let status = f
        .take("status", "one of `occurred`, `planned`, `reported`, `disputed`", diags)
        .unwrap_or_default();
    let locations = names(f, "location", diags);
    let summary = optional_text(f, "summary", diags);
    let before = diags.len();
    let sources = read_sources(f, diags);
    let sources_ok = diags.len() == before;
    let related = refs(f, "related", diags);
    let tone = tone_of(f, "tone", diags);
    let relations = read_relations(f, diags);
    let order = f.take("order", "a whole number", diags).unwrap_or(0);
    let updated = date_of(f, "updated", diags);
    let corrections = read_corrections(f, diags);
    let draft = f.take("draft", "`true` or `false`", diags).unwrap_or(false);
    if sources.is_empty() && !draft && sources_ok {
        diags.push(origin.warning_at_key("sources", "this entry cites no sources"));
    }
    EntryParts {
        title,
        date: date_value,
        end,
        actors,
        topics,
        status,
        locations,
        summary,
        sources,
        related,
        tone,
        relations,
        order,
        updated,
        corrections,
        draft,
    }
}

/// `redirect_from:` (and `aliases:`, its name in Hugo and Zola, but on
/// actors, whose `aliases` are names): old URLs of the document.
fn read_redirects(f: &mut Fields<'_>, section: Section, diags: &mut Vec<Diagnostic>) -> Vec<RedirectFrom> {
    let keys: &[&str] = if section == Section::Actors {
        &["redirect_from"]
    } else {
        &["redirect_from", "aliases"]
    };
    let mut out = Vec::new();
    for &key in keys {
        for written in names(f, key, diags) {
            match redirect_file(section, &written) {
                Ok(file) => {
                    let (line, column) = f.value_position(key, &written);
                    out.push(RedirectFrom {
                        written,
                        file,
                        line,
                        column,
                    });
                }
                Err(m) => diags.push(f.error_at(key, &written, m)),
            }
        }
    }
    out
}

/// The keys a translation may give, by section: its words; the rest is
/// the original's.
fn translation_keys(section: Section) -> &'static [&'static str] {
    match section {
        Section::Entries => &["title", "summary", "location", "translated", "draft"],
        Section::Actors => &["name", "role", "translated"],
        Section::Topics => &["name", "description", "translated"],
        Section::Pages => &["title", "link_title", "description", "translated"],
    }
}

/// A translation file (`slug.ur.md`): its words and the date of the text
/// it follows. A key only the original may set (a date, actors, sources)
/// is an error that says so.
fn parse_translation(
    mut origin: Origin,
    section: Section,
    tag: &str,
    mut diags: Vec<Diagnostic>,
) -> (Option<Doc>, Vec<Diagnostic>) {
    let keys = translation_keys(section);
    let Some(mut f) = Fields::parse(&origin.rel, origin.split(), "front-matter key", keys, &mut diags) else {
        return (None, diags);
    };
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let (title_key, summary_key) = match section {
        Section::Entries => ("title", "summary"),
        Section::Actors => ("name", "role"),
        Section::Topics => ("name", "description"),
        Section::Pages => ("title", "description"),
    };
    let title = optional_text(&mut f, title_key, &mut diags);
    let summary = optional_text(&mut f, summary_key, &mut diags);
    let locations = if section == Section::Entries {
        names(&mut f, "location", &mut diags)
    } else {
        Vec::new()
    };
    let link_title = if section == Section::Pages {
        optional_text(&mut f, "link_title", &mut diags)
    } else {
        None
    };
    let had_date = f.has("translated");
    let translated = date(&mut f, "translated", false, &mut diags);
    if !had_date {
        diags.push(Diagnostic::error(
            &origin.rel,
            1,
            1,
            format!(
                "a translation says the date of the text it follows: add `translated: YYYY-MM-DD` (the day the {} text was last changed when you translated it)",
                origin.slug
            ),
        ));
    }
    let draft = section == Section::Entries && f.take("draft", "`true` or `false`", &mut diags).unwrap_or(false);
    // Keys of the original, named as such rather than as unknown.
    let original_only = [
        "date",
        "end",
        "actors",
        "topics",
        "status",
        "sources",
        "related",
        "tone",
        "relations",
        "order",
        "updated",
        "corrections",
        "redirect_from",
        "aliases",
        "kind",
        "affiliation",
        "weight",
        "language",
    ];
    for key in original_only {
        if f.has(key) {
            let message = if key == "language" {
                format!(
                    "a translation's language is in its file name (`{}.{tag}.md`): remove `language`",
                    origin.slug
                )
            } else {
                format!(
                    "`{key}` is the original's: a translation gives only its words ({}); set `{key}` in `{}.md`",
                    keys.iter()
                        .filter(|k| **k != "translated" && **k != "draft")
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    origin.slug
                )
            };
            diags.push(f.error_at_key(key, message));
        }
        let _ = f.take_value(key, &mut Vec::new());
    }
    f.finish(&mut diags);
    let failed = diags.iter().filter(|d| d.is_error()).count() > errors_before || errors_before > 0;
    let lang = crate::language::check(tag).unwrap_or_else(|_| Lang::english());
    origin.language = Some(lang.clone());
    match (failed, translated) {
        (false, Some(translated)) => (
            Some(Doc::Translation(TranslationDoc {
                origin,
                section,
                lang,
                title,
                summary,
                locations,
                link_title,
                translated,
                draft,
            })),
            diags,
        ),
        _ => (Some(Doc::Rejected(RejectedDoc::new(section, origin))), diags),
    }
}

/// `language:`, the language of the document's text: a BCP 47 tag, read
/// in canonical form.
fn read_language(f: &mut Fields<'_>, diags: &mut Vec<Diagnostic>) -> Option<Lang> {
    let written: String = f.take("language", "a language tag such as `en` or `ur`", diags)?;
    match Lang::parse(&written) {
        Ok(lang) => Some(lang),
        Err(m) => {
            diags.push(if written.trim().is_empty() {
                f.error_at_key("language", m)
            } else {
                f.error_at("language", written.trim(), m)
            });
            None
        }
    }
}

/// `corrections:`, each `{date, note}`, oldest first.
fn read_corrections(f: &mut Fields<'_>, diags: &mut Vec<Diagnostic>) -> Vec<Correction> {
    let what = "each correction starting with `- date:` and giving a `note` on what was corrected";
    let items = list_items(f, "corrections", what, diags);
    let mut out = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let Some(mut c) = f.item("corrections", index, item, "correction key", CORRECTION_KEYS, diags) else {
            continue;
        };
        let date = date(&mut c, "date", true, diags);
        let note = required_text(&mut c, "note", diags);
        c.finish(diags);
        if let (Some(date), Some(note)) = (date, note) {
            out.push(Correction { date, note });
        }
    }
    out.sort_by_key(|c| c.date.timeline_key());
    out
}

/// A tone under `key`: a whole number from -2 to +2.
fn tone_of(f: &mut Fields<'_>, key: &str, diags: &mut Vec<Diagnostic>) -> Option<i8> {
    let t = f.take::<i64>(key, "a whole number from -2 (hostile) to +2 (cooperative)", diags)?;
    if (-2..=2).contains(&t) {
        return Some(t as i8);
    }
    diags.push(f.error_at(
        key,
        &t.to_string(),
        format!("`tone` is {t}; it runs from -2 (hostile) to +2 (cooperative)"),
    ));
    None
}

/// The items of the list under `key` (none when absent or empty); anything
/// but a list is an error saying what the list's items look like.
fn list_items(f: &mut Fields<'_>, key: &str, what: &str, diags: &mut Vec<Diagnostic>) -> Vec<yaml::Value> {
    match f.take_value(key, diags) {
        None | Some(yaml::Value::Null) => Vec::new(),
        Some(yaml::Value::Sequence(items)) => items,
        Some(_) => {
            diags.push(f.error_at_key(key, format!("`{key}` must be a list, {what}")));
            Vec::new()
        }
    }
}

/// The `relations` list: each item `between: [a, b]`, a `tone` and an
/// optional `note`.
fn read_relations(f: &mut Fields<'_>, diags: &mut Vec<Diagnostic>) -> Vec<RelationDoc> {
    let what = "each item starting with `- between: [actor, actor]` and giving a `tone`";
    let items = list_items(f, "relations", what, diags);
    let mut out = Vec::new();
    for (index, item) in items.into_iter().enumerate() {
        let Some(mut r) = f.item("relations", index, item, "relation key", RELATION_KEYS, diags) else {
            continue;
        };
        // A list, or one string with an Arabic comma: `[پاکستان، افغانستان]`
        // and `پاکستان، افغانستان` are each one string to YAML.
        let between: Option<List> = r.require(
            "between",
            "a list of two actors, such as `[pakistan, afghanistan]`",
            diags,
        );
        let between = between.and_then(|List(v)| {
            let v: Vec<String> = split_at_arabic_commas(v.into_iter().map(|a| a.trim().to_string()).collect());
            if v.len() == 2 && v[0] != v[1] && v.iter().all(|a| !a.is_empty()) {
                Some([v[0].clone(), v[1].clone()])
            } else {
                diags.push(r.error_at_key(
                    "between",
                    "`between` names the two actors of the relation, two different ones, such as `[pakistan, afghanistan]`",
                ));
                None
            }
        });
        let had_tone = r.has("tone");
        let tone = tone_of(&mut r, "tone", diags);
        if !had_tone {
            diags.push(r.error_at_key(
                "between",
                "a relation needs a `tone`, from -2 (hostile) to +2 (cooperative)",
            ));
        }
        let note = optional_text(&mut r, "note", diags);
        r.finish(diags);
        if let (Some(between), Some(tone)) = (between, tone) {
            out.push(RelationDoc {
                between,
                tone,
                note,
                index,
            });
        }
    }
    out
}

/// What an untitled source is shown as: its address without the scheme,
/// `www.` or a trailing slash.
fn untitled_source_title(url: &str) -> String {
    let bare = url.split_once("://").map_or(url, |(_, rest)| rest);
    let bare = bare.strip_prefix("www.").unwrap_or(bare);
    let bare = bare.trim_end_matches('/');
    percent_encoding::percent_decode_str(bare)
        .decode_utf8_lossy()
        .into_owned()
}

fn read_sources(f: &mut Fields<'_>, diags: &mut Vec<Diagnostic>) -> Vec<Source> {
    let what = "each source starting with `- title:` on a line of its own";
    let items = list_items(f, "sources", what, diags);
    let mut sources = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        // A source written as a line of text (`- https://…` or `- Dawn,
        // 5 May`) is meaningful: read as its address or its title.
        let (item, written_as) = match item {
            yaml::Value::String(text) => {
                let t = text.trim();
                let key = if crate::content::weburl::read_source(t).is_ok() {
                    "url"
                } else {
                    "title"
                };
                let map = [(yaml::Value::String(key.into()), yaml::Value::String(text))]
                    .into_iter()
                    .collect();
                (yaml::Value::Mapping(map), Some(key))
            }
            other => (other, None),
        };
        let Some(mut s) = f.item("sources", i, item, "source key", SOURCE_KEYS, diags) else {
            continue;
        };
        if let Some(key) = written_as {
            diags.push(s.warning_at_key(
                key,
                format!("this source is written as a line of text and read as its `{key}`; write it as `- title: \"…\"` with `url:` and the other keys below it to make this warning go"),
            ));
        }
        let mut title = optional_text(&mut s, "title", diags);
        let publisher = optional_text(&mut s, "publisher", diags);
        let mut url = optional_text(&mut s, "url", diags);
        let mut archive_url = optional_text(&mut s, "archive_url", diags);
        let date = date(&mut s, "date", false, diags);
        let accessed = date_of(&mut s, "accessed", diags);
        let author = optional_text(&mut s, "author", diags);
        let language = optional_text(&mut s, "language", diags);
        let quote = optional_text(&mut s, "quote", diags);
        let mut ok = true;
        for (key, value) in [("url", &mut url), ("archive_url", &mut archive_url)] {
            let Some(u) = value.as_mut() else { continue };
            let what = if key == "url" { "source URL" } else { "archived copy" };
            match crate::content::weburl::read_source(u) {
                Ok(read) => {
                    if read.encoded {
                        diags.push(s.warning_at(key, u, crate::content::weburl::encoded_warning(u, &read.url)));
                    }
                    *u = read.url;
                }
                Err(m) => {
                    diags.push(s.error_at(key, u, format!("{what} {m}")));
                    ok = false;
                }
            }
        }
        // No title, but an address: it stands for the source, as a bare
        // link would. Neither is nothing to cite.
        if title.is_none() {
            match &url {
                Some(u) if ok && written_as.is_none() => {
                    let shown = untitled_source_title(u);
                    diags.push(s.warning_at_key(
                        "title",
                        format!("this source has no `title`; it is shown as `{shown}`: add `title:` to make this warning go"),
                    ));
                    title = Some(shown);
                }
                Some(u) => title = Some(untitled_source_title(u)),
                None => {
                    diags.push(s.error_at_key("title", "a source needs a `title` (and its `url` when it is online)"));
                    ok = false;
                }
            }
        }
        if archive_url.is_some() && url.is_none() {
            diags.push(s.warning_at_key(
                "archive_url",
                "an archived copy without the source's own `url`: add the address it was archived from",
            ));
        }
        let language = match language.map(|l| crate::config::check_language(&l).map_err(|m| (l, m))) {
            Some(Ok(tag)) => Some(tag),
            Some(Err((l, m))) => {
                diags.push(s.error_at("language", &l, m));
                ok = false;
                None
            }
            None => None,
        };
        if let Some(q) = &quote {
            let n = q.chars().count();
            if n > QUOTE_MAX {
                diags.push(s.warning_at_key(
                    "quote",
                    format!("this quote is {n} characters long; keep an excerpt to {QUOTE_MAX} or fewer"),
                ));
            }
        }
        if let (Some(d), Some(a)) = (&date, &accessed) {
            if a.last_day() < d.first_day() {
                diags.push(s.warning_at_key(
                    "accessed",
                    format!("`accessed` ({a}) is before the source's `date` ({d})"),
                ));
            }
        }
        s.finish(diags);
        if let (true, Some(title)) = (ok, title) {
            sources.push(Source {
                title,
                publisher,
                url,
                archive_url,
                date,
                accessed,
                author,
                language,
                quote,
            });
        }
    }
    sources
}

fn read_actor(f: &mut Fields<'_>, origin: &Origin, diags: &mut Vec<Diagnostic>) -> ActorParts {
    let name = required_text(f, "name", diags);
    let kind = f.take("kind", "one of `state`, `person`, `organization`, `group`", diags);
    let aliases = names(f, "aliases", diags);
    let affiliation = optional_text(f, "affiliation", diags);
    if affiliation.as_deref() == Some(origin.slug.as_str()) {
        diags.push(f.error_at(
            "affiliation",
            &origin.slug,
            "an actor cannot be affiliated with itself; name another actor, or remove `affiliation`",
        ));
    }
    let role = optional_text(f, "role", diags);
    ActorParts {
        name,
        kind,
        aliases,
        affiliation,
        role,
    }
}

fn read_topic(f: &mut Fields<'_>, diags: &mut Vec<Diagnostic>) -> TopicParts {
    TopicParts {
        name: required_text(f, "name", diags),
        description: optional_text(f, "description", diags),
    }
}

fn read_page(f: &mut Fields<'_>, diags: &mut Vec<Diagnostic>) -> PageParts {
    PageParts {
        title: required_text(f, "title", diags),
        link_title: optional_text(f, "link_title", diags),
        description: optional_text(f, "description", diags),
        weight: f.take("weight", "a whole number", diags).unwrap_or(0),
        draft: f.take("draft", "`true` or `false`", diags).unwrap_or(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(text: &str) -> (Option<Doc>, Vec<Diagnostic>) {
        parse_file(SourceFile {
            translation: None,
            section: Section::Entries,
            slug: "e".into(),
            rel: "content/entries/e.md".into(),
            text: text.into(),
        })
    }

    #[test]
    fn a_released_body_is_read_back_from_its_file_while_the_file_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let rel = "content/entries/e.md";
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        // A control character is taken out of the body, as reading did.
        let text = "---\r\ntitle: T\r\ndate: 2025\r\nactors: a\r\nsources:\r\n  - title: S\r\n---\r\nBody \u{1b}with *words*.\r\n";
        std::fs::write(&path, text).unwrap();
        let (d, diags) = entry(text);
        let Some(Doc::Entry(mut e)) = d else {
            panic!("{diags:?}")
        };
        let body = e.origin.body().to_string();
        assert!(
            body.contains("Body with *words*.") && !body.contains('\u{1b}'),
            "{body:?}"
        );
        let doc = Arc::get_mut(&mut e).unwrap();
        let back = doc.origin.release_body(dir.path());
        // The front matter stays for messages; the body is let go.
        assert_eq!(doc.origin.body(), "");
        assert!(doc.origin.text().starts_with("---\r\ntitle: T") && !doc.origin.text().contains("Body"));
        let warning = doc.origin.warning_at("title", "T", "w");
        assert_eq!((warning.line, warning.column), (2, 8));
        assert_eq!(back.read().unwrap(), body);
        // Changed since it was read, or gone: an error that says so.
        std::fs::write(&path, text.replace("words", "other words")).unwrap();
        let err = back.read().unwrap_err().to_string();
        assert!(
            err.contains(rel) && err.contains("changed while the site was being built"),
            "{err}"
        );
        std::fs::write(&path, text).unwrap();
        assert_eq!(back.read().unwrap(), body);
        std::fs::remove_file(&path).unwrap();
        assert!(back.read().is_err());
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
    fn the_arabic_comma_separates_references_but_not_places() {
        // پاکستان، افغانستان
        let pair = [
            "\u{067E}\u{0627}\u{06A9}\u{0633}\u{062A}\u{0627}\u{0646}",
            "\u{0627}\u{0641}\u{063A}\u{0627}\u{0646}\u{0633}\u{062A}\u{0627}\u{0646}",
        ];
        let (c, k) = ('\u{060C}', "\u{06A9}\u{0627}\u{0628}\u{0644}");
        let text = format!(
            "---\ntitle: T\ndate: 2025\nactors: {a}{c} {b}\ntopics: [trade{c} diplomacy{c}, border]\n\
             related: [x{c}y]\nlocation: {k}{c} {b}\nrelations:\n  - between: [{a}{c}{b}]\n    tone: 1\n  \
             - between: {a} {c} {b}\n    tone: 2\nsources:\n  - title: S\n---\nBody\n",
            a = pair[0],
            b = pair[1],
        );
        let (d, diags) = entry(&text);
        let Some(Doc::Entry(e)) = d else { panic!("{diags:?}") };
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(e.actors, pair);
        assert_eq!(e.topics, ["trade", "diplomacy", "border"]);
        assert_eq!(e.related, ["x", "y"]);
        assert_eq!(e.relations.len(), 2);
        assert!(e.relations.iter().all(|r| r.between == pair), "{:?}", e.relations);
        // A place, `Kabul, Afghanistan`, is one.
        assert_eq!(e.locations, [format!("{k}{c} {}", pair[1])]);
    }

    #[test]
    fn unknown_key_suggests_and_is_located() {
        let (_, diags) = entry("---\ntitle: T\ndate: 2025\nactors: [a]\nsumary: x\n---\n");
        let diags: Vec<_> = diags.into_iter().filter(Diagnostic::is_error).collect();
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
    fn a_document_says_its_language() {
        let (d, diags) = entry("---\ntitle: T\ndate: 2025\nactors: [a]\nlanguage: ur-pk\nsources: [{title: S}]\n---\n");
        let Some(Doc::Entry(e)) = d else { panic!("{diags:?}") };
        assert_eq!(e.origin.language.as_ref().map(Lang::tag), Some("ur-PK"));
        for (written, advice, col) in [
            ("Urdu", "did you mean `ur`?", 11),
            ("ur_PK", "did you mean `ur-PK`?", 11),
            ("\"\"", "leave the key out", 1),
        ] {
            let (d, diags) = entry(&format!(
                "---\ntitle: T\ndate: 2025\nactors: [a]\nlanguage: {written}\nsources: [{{title: S}}]\n---\n"
            ));
            assert!(matches!(d, Some(Doc::Rejected(_))), "{written}: {d:?}");
            let e = diags.iter().find(|d| d.is_error()).expect("an error");
            assert_eq!((e.line, e.column), (5, col), "{written}: {e}");
            assert!(e.message.contains(advice), "{written}: {}", e.message);
        }
    }

    #[test]
    fn javascript_urls_are_rejected() {
        let (d, diags) = entry(
            "---\ntitle: T\ndate: 2025\nactors: [a]\nsources:\n  - title: S\n    url: javascript:alert(1)\n---\n",
        );
        assert!(matches!(d, Some(Doc::Rejected(_))), "{d:?}");
        assert_eq!(diags[0].line, 7);
    }
}
