//! Link: every parsed document joined into one model of the chronicle.
//!
//! This is where names become references: actor slugs and aliases, topics,
//! `related` entries and `entry:`/`actor:`/`topic:`/`page:` links in Markdown
//! are resolved (with a did-you-mean hint when they are not), and the derived
//! structure is computed once: chronological order, previous/next, backlinks,
//! per-actor, per-topic and per-year indexes, co-appearing actors and the
//! bibliography. Templates never see this model directly; see `view`.

mod bibliography;
pub use bibliography::NO_PUBLISHER;
mod cache;
mod link;
pub mod markdown;
pub mod relations;
mod relink;
pub mod stored;
mod targets;

use std::sync::Arc;

use crate::config::Config;
use crate::content::date::PartialDate;
use crate::content::parse::{ActorKind, EntryDoc, Origin, Source, Status};
use crate::diagnostics::Diagnostic;
use crate::language::Lang;
use markdown::Rendered;
use stored::Stored;

pub use bibliography::short_hash;
pub use cache::MarkdownCache;
pub use link::link;
pub use relations::{EntryRelation, Relation};
pub use relink::{Changes, Relinked, Reread};
pub use targets::LinkTargets;

/// The whole chronicle, linked. Indices refer into the vectors of this struct.
#[derive(Debug, Clone)]
pub struct Chronicle {
    pub config: Config,
    /// Entries in chronological order (date, then slug).
    pub entries: Vec<Entry>,
    /// Actors sorted by name.
    pub actors: Vec<Actor>,
    /// Topics sorted by name.
    pub topics: Vec<Topic>,
    /// Free pages sorted by weight, then title.
    pub pages: Vec<Page>,
    /// Years with entries, ascending.
    pub years: Vec<Year>,
    /// Every cited source, grouped by publisher (sorted by name).
    /// Shared with the copies `serve` patches, and with its next link
    /// when no entry's sources moved.
    pub publishers: Arc<Vec<Publisher>>,
    /// The home page introduction, rendered.
    pub intro_html: String,
    /// What internal links resolve to.
    pub targets: LinkTargets,
    /// Pairs of actors with a declared tone or enough shared entries, by slug.
    pub relations: Vec<Relation>,
    /// The focus pair, when chronicle.yaml declares one, ordered by slug.
    pub focus: Option<relations::Pair>,
    /// Old URLs that send readers to the page now in their place.
    pub redirects: Vec<Redirect>,
    /// Translations of entries, actors, topics and pages (`slug.ur.md`),
    /// by language, section and original.
    pub translations: Vec<Translation>,
    /// Where a build wrote the entries' bodies aside, if it did.
    pub scratch: Option<Arc<stored::Scratch>>,
}

/// A translation of a document, linked: the words it gives in its
/// language, in place of the original's.
#[derive(Debug, Clone)]
pub struct Translation {
    pub section: crate::content::load::Section,
    /// The original's index in its section's list of the chronicle.
    pub index: usize,
    pub lang: Lang,
    /// A title or name, a summary (a role, a description) and places,
    /// when it gives them.
    pub title: Option<String>,
    pub summary: Option<String>,
    pub locations: Vec<String>,
    /// A page's shorter title for the navigation.
    pub link_title: Option<String>,
    /// Its body, with links into its language's pages.
    pub body_html: Arc<str>,
    pub text: Arc<str>,
    pub first_paragraph: String,
    /// Whether it translates the body at all (else the original's shows).
    pub has_body: bool,
    /// The date of the original text it follows.
    pub translated: PartialDate,
    pub source_path: String,
}

/// An old URL of a page (`redirect_from:`), and where it sends readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// Its file in the output folder: `entries/old/index.html`.
    pub file: String,
    /// As written in the front matter.
    pub written: String,
    /// The URL (path) of the page it sends readers to.
    pub to: String,
    /// That page's title.
    pub title: String,
    /// Where it is written: file, line, column.
    pub rel: String,
    pub line: usize,
    pub column: usize,
}

/// An entry of the linked chronicle: what its file says ([`EntryContent`],
/// shared between the models `serve` makes one after another, so that a
/// relink copies a pointer, not the texts) and where linking placed it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub content: Arc<EntryContent>,
    /// Sources as cited, each with the index of its bibliography record.
    pub sources: Vec<(Arc<Source>, BibRef)>,
    /// The tone of the focus pair, when this entry declares one.
    pub tone: Option<i8>,
    /// The tones this entry declares, each for a pair of its actors.
    pub relations: Vec<EntryRelation>,
    pub actors: Vec<usize>,
    pub topics: Vec<usize>,
    pub related: Vec<usize>,
    /// Entries whose `related` names this one, in time order.
    pub backlinks: Vec<usize>,
    pub prev: Option<usize>,
    pub next: Option<usize>,
}

impl std::ops::Deref for Entry {
    type Target = EntryContent;
    fn deref(&self) -> &EntryContent {
        &self.content
    }
}

impl Entry {
    /// What its file says, to change: copied first when another model
    /// shares it.
    pub fn content_mut(&mut self) -> &mut EntryContent {
        Arc::make_mut(&mut self.content)
    }
}

/// What an entry's file says, its body rendered: nothing that depends on
/// the other entries.
#[derive(Debug, Clone)]
pub struct EntryContent {
    pub slug: String,
    pub source_path: String,
    /// The language of its text, when not the chronicle's.
    pub language: Option<Lang>,
    pub title: String,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub status: Status,
    pub locations: Vec<String>,
    /// The front-matter summary, or about one sentence of the body's first
    /// paragraph ([`short_summary`]).
    pub summary: String,
    /// True when the summary is the front matter's: an entry page shows it
    /// as a lede then, and not when it is the body's own first words.
    pub summary_given: bool,
    /// Shared with serve's Markdown cache, so rebuilds copy no bodies; in
    /// a build, written aside until its pages need it.
    pub body_html: Stored,
    /// The body as plain text, for search.
    pub text: Stored,
    /// The body's Markdown as written, for the spreadsheet export.
    pub markdown: crate::content::parse::BodyText,
    /// The number of the source each inline citation in the body points
    /// at, in the body's order.
    pub citations: Vec<usize>,
    /// The `order` key: places it among entries of the same date.
    pub order: i64,
    /// When it was last revised: its `updated`, or its latest correction's
    /// date when later.
    pub updated: Option<PartialDate>,
    /// Corrections made to it, oldest first.
    pub corrections: Vec<crate::content::parse::Correction>,
    pub draft: bool,
}

/// Where an entry goes in the chronicle: by date as a timeline places it
/// ([`PartialDate::timeline_key`]), then by its `order` key, then by title;
/// the slug only breaks ties between entries alike in all of those.
pub fn entry_order<'a>(
    date: &PartialDate,
    order: i64,
    title: &'a str,
    slug: &'a str,
) -> ((i32, u8, u8), i64, &'a str, &'a str) {
    (date.timeline_key(), order, title, slug)
}

impl Entry {
    /// When the entry last changed for a reader: the latest of its date's
    /// first day, `updated` and its corrections, for feeds.
    pub fn changed(&self) -> PartialDate {
        let mut latest = self.date;
        for d in self.updated.iter().chain(self.corrections.iter().map(|c| &c.date)) {
            if d.first_day() > latest.first_day() {
                latest = *d;
            }
        }
        latest
    }

    /// This entry's place in the chronicle (see [`entry_order`]).
    pub fn order_key(&self) -> ((i32, u8, u8), i64, &str, &str) {
        entry_order(&self.date, self.order, &self.title, &self.slug)
    }
}

/// Where a source sits in the bibliography: publisher group and item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BibRef {
    pub publisher: usize,
    pub item: usize,
}

#[derive(Debug, Clone)]
pub struct Actor {
    pub slug: String,
    pub source_path: String,
    /// The language of its name and text, when it says one.
    pub language: Option<Lang>,
    pub name: String,
    pub kind: Option<ActorKind>,
    pub aliases: Vec<String>,
    pub affiliation: Option<usize>,
    /// Actors whose `affiliation` is this one.
    pub members: Vec<usize>,
    pub role: Option<String>,
    pub profile_html: String,
    /// This actor's entries, in time order.
    pub entries: Vec<usize>,
    /// Actors appearing in the same entries, with the count, most first.
    pub partners: Vec<(usize, usize)>,
    /// This actor's relations (indices into `Chronicle::relations`), most
    /// shared entries first.
    pub relations: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub slug: String,
    pub source_path: String,
    /// The language of its name and text, when it says one.
    pub language: Option<Lang>,
    pub name: String,
    pub description: String,
    pub body_html: String,
    pub entries: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub source_path: String,
    /// The language of its name and text, when it says one.
    pub language: Option<Lang>,
    pub title: String,
    /// A shorter title for the navigation, when it has one.
    pub link_title: Option<String>,
    pub description: String,
    pub body_html: String,
    pub weight: i64,
}

#[derive(Debug, Clone)]
pub struct Year {
    pub year: i32,
    pub entries: Vec<usize>,
}

/// A publisher and the sources it published, for the bibliography.
#[derive(Debug, Clone)]
pub struct Publisher {
    pub name: String,
    /// Anchor id on the sources page.
    pub id: String,
    pub items: Vec<BibItem>,
}

/// One distinct source (de-duplicated by URL, else by title and publisher):
/// what it is, and who cites it. Reads as its record.
#[derive(Debug, Clone)]
pub struct BibItem {
    /// What it is: shared between the bibliographies `serve` patches one
    /// from another, so that renumbering a record copies one pointer.
    pub record: Arc<BibRecord>,
    /// Entries citing it, in time order.
    pub cited_by: Vec<usize>,
}

/// A distinct source, apart from who cites it.
#[derive(Debug)]
pub struct BibRecord {
    pub source: Arc<Source>,
    /// What makes citations this source (see `bibliography::source_key`),
    /// kept so that `serve`'s patch need not work it out again.
    pub key: Arc<str>,
    /// Anchor id on the sources page, stable across builds.
    pub id: Arc<str>,
}

impl std::ops::Deref for BibItem {
    type Target = BibRecord;

    fn deref(&self) -> &BibRecord {
        &self.record
    }
}

/// The diagnostics of a rendered body (broken links and the like), located in its file.
pub fn body_diagnostics(origin: &Origin, r: &Rendered, cites: Cites) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = r
        .problems
        .iter()
        .map(|p| {
            let d = origin.error_in_body(p.offset, p.message.clone());
            if p.is_error {
                d
            } else {
                Diagnostic::warning(d.path, d.line, d.column, d.message)
            }
        })
        .collect();
    for &(n, offset) in &r.citations {
        let message = match cites {
            Cites::Sources(count) if n <= count => continue,
            Cites::Unknown => continue,
            Cites::Sources(0) => format!("`source:{n}` cites a source, but this entry lists none under `sources`"),
            Cites::Sources(count) => format!(
                "`source:{n}` cites source {n}, but this entry lists {count} source{}: number them from 1 in the order of `sources`",
                if count == 1 { "" } else { "s" }
            ),
            Cites::Nothing => format!("`source:{n}` cites a source, but only entries have sources; link to the entry instead"),
        };
        out.push(origin.error_in_body(offset, message));
    }
    out
}

/// What inline citations (`[1](source:1)`) in a body may point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cites {
    /// An entry with this many sources.
    Sources(usize),
    /// Not an entry: nothing to cite.
    Nothing,
    /// Not known (a document rejected for errors of its own): not checked.
    Unknown,
}

impl Chronicle {
    /// A copy of the chronicle, its entries copied on every core: what
    /// `serve` patches an edit into while the last copy is still served.
    pub fn copy(&self) -> Chronicle {
        use rayon::prelude::*;
        let entries = self.entries.par_iter().cloned().collect();
        let publishers = Arc::clone(&self.publishers);
        Chronicle {
            config: self.config.clone(),
            entries,
            actors: self.actors.clone(),
            topics: self.topics.clone(),
            pages: self.pages.clone(),
            years: self.years.clone(),
            publishers,
            intro_html: self.intro_html.clone(),
            targets: self.targets.clone(),
            relations: self.relations.clone(),
            focus: self.focus,
            redirects: self.redirects.clone(),
            translations: self.translations.clone(),
            scratch: self.scratch.clone(),
        }
    }

    /// The languages the chronicle is translated into, besides its own,
    /// by tag.
    pub fn languages(&self) -> Vec<Lang> {
        let mut out: Vec<Lang> = self.translations.iter().map(|t| t.lang.clone()).collect();
        out.sort_by(|a, b| a.tag().cmp(b.tag()));
        out.dedup();
        out
    }

    /// The chronicle as its pages in `lang` show it: the same entries,
    /// actors, topics and pages in the same order, each in its
    /// translation where it has one (and marked as in its own language
    /// where it has none), under the language's folder of the site.
    pub fn in_language(&self, lang: &Lang) -> Chronicle {
        use crate::content::load::Section;
        let mut m = self.clone();
        let own = self.config.language.clone();
        m.config.root = format!("{}{}", self.config.root, crate::paths::language_dir(lang.tag()));
        m.config.language = lang.clone();
        m.targets = self.targets.with_root(&m.config.root);
        // The chronicle's own title, description, intro and author in this
        // language, where `languages:` gives them.
        m.config.in_language(lang);
        if m.config.translated_texts.contains(&"intro") {
            m.intro_html = m.targets.render(&m.config.intro).html.to_string();
        }
        for e in m.entries.iter_mut().filter(|e| e.language.is_none()) {
            e.content_mut().language = Some(own.clone());
        }
        for a in &mut m.actors {
            a.language.get_or_insert_with(|| own.clone());
        }
        for t in &mut m.topics {
            t.language.get_or_insert_with(|| own.clone());
        }
        for p in &mut m.pages {
            p.language.get_or_insert_with(|| own.clone());
        }
        for t in self.translations.iter().filter(|t| &t.lang == lang) {
            let summary = t
                .summary
                .clone()
                .or_else(|| t.has_body.then(|| short_summary(&t.first_paragraph)));
            match t.section {
                Section::Entries => {
                    let e = m.entries[t.index].content_mut();
                    e.language = Some(lang.clone());
                    if let Some(title) = &t.title {
                        e.title = title.clone();
                    }
                    if let Some(s) = summary {
                        e.summary_given = t.summary.is_some();
                        e.summary = s;
                    }
                    if !t.locations.is_empty() {
                        e.locations = t.locations.clone();
                    }
                    if t.has_body {
                        e.body_html = Stored::Held(Arc::clone(&t.body_html));
                        e.text = Stored::Held(Arc::clone(&t.text));
                    }
                }
                Section::Actors => {
                    let a = &mut m.actors[t.index];
                    a.language = Some(lang.clone());
                    if let Some(name) = &t.title {
                        a.name = name.clone();
                    }
                    if t.summary.is_some() {
                        a.role = t.summary.clone();
                    }
                    if t.has_body {
                        a.profile_html = t.body_html.to_string();
                    }
                }
                Section::Topics => {
                    let x = &mut m.topics[t.index];
                    x.language = Some(lang.clone());
                    if let Some(name) = &t.title {
                        x.name = name.clone();
                    }
                    if let Some(d) = &t.summary {
                        x.description = d.clone();
                    }
                    if t.has_body {
                        x.body_html = t.body_html.to_string();
                    }
                }
                Section::Pages => {
                    let p = &mut m.pages[t.index];
                    p.language = Some(lang.clone());
                    if let Some(title) = &t.title {
                        p.title = title.clone();
                        // The original's short title is in its language.
                        p.link_title = None;
                    }
                    if let Some(link_title) = &t.link_title {
                        p.link_title = Some(link_title.clone());
                    }
                    if let Some(d) = summary {
                        p.description = d;
                    }
                    if t.has_body {
                        p.body_html = t.body_html.to_string();
                    }
                }
            }
        }
        m
    }

    /// The translation of item `index` of `section` into `lang`, if any.
    pub fn translation(
        &self,
        section: crate::content::load::Section,
        index: usize,
        lang: &Lang,
    ) -> Option<&Translation> {
        self.translations
            .iter()
            .find(|t| t.section == section && t.index == index && &t.lang == lang)
    }

    /// Every entry, newest first: years and then months from the latest,
    /// and in each the dated entries before those known only to the year
    /// (or month), which close it as they do in time order ("During
    /// 2025" stays after the months of 2025, whichever way one reads).
    pub fn newest_first(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.entries.len()).collect();
        order.sort_by_key(|&i| {
            let d = &self.entries[i].date;
            let (month, day) = (d.month().unwrap_or(0), d.day().unwrap_or(0));
            (
                std::cmp::Reverse(d.year()),
                month == 0,
                std::cmp::Reverse(month),
                day == 0,
                std::cmp::Reverse(day),
                std::cmp::Reverse(i),
            )
        });
        order
    }

    /// The index of the entry with this slug.
    pub fn entry_index(&self, slug: &str) -> Option<usize> {
        self.targets.entries.get(slug).copied()
    }

    /// The index of the actor with this slug.
    pub fn actor_index(&self, slug: &str) -> Option<usize> {
        self.targets.actors.by_slug.get(slug).copied()
    }

    /// The index of the topic with this slug.
    pub fn topic_index(&self, slug: &str) -> Option<usize> {
        self.targets.topics.get(slug).copied()
    }

    /// The index of this year among the years with entries.
    pub fn year_index(&self, year: i32) -> Option<usize> {
        self.years.binary_search_by_key(&year, |y| y.year).ok()
    }

    /// The index of the relation of `pair` (ordered by slug), when it has one.
    pub fn relation_index(&self, pair: relations::Pair) -> Option<usize> {
        let slug = relations::pair_slug(&self.actors, pair);
        self.relations.binary_search_by(|r| r.slug.as_str().cmp(&slug)).ok()
    }

    /// True when entry `i`, retitled as `doc` says, stays between its
    /// neighbours: titles break ties of date and `order`.
    pub fn keeps_order(&self, i: usize, doc: &EntryDoc) -> bool {
        let key = entry_order(&doc.date, doc.order, &doc.title, &doc.origin.slug);
        i.checked_sub(1).is_none_or(|p| self.entries[p].order_key() <= key)
            && self.entries.get(i + 1).is_none_or(|n| key <= n.order_key())
    }

    /// Gives entry `i` what `doc` says of it, with `body` its body rendered
    /// by `self.targets.render`: all that an edit which leaves the entry in
    /// the same place (see [`EntryDoc::same_place`]) changes in the model.
    /// Returns whether anything lists of entries show (its card, its title
    /// in links and feeds) changed with it.
    pub fn patch_entry(&mut self, i: usize, doc: &EntryDoc, body: &Rendered) -> bool {
        debug_assert!(self.keeps_order(i, doc));
        let e = &mut self.entries[i];
        let summary = summary_of(doc, body);
        let shown = (
            &e.title,
            &e.end,
            e.status,
            &e.locations,
            e.tone,
            &e.summary,
            &e.language,
        ) != (
            &doc.title,
            &doc.end,
            doc.status,
            &doc.locations,
            doc.tone,
            &summary,
            &doc.origin.language,
        );
        e.tone = doc.tone;
        let e = e.content_mut();
        e.language = doc.origin.language.clone();
        e.title = doc.title.clone();
        e.end = doc.end;
        e.status = doc.status;
        e.locations = doc.locations.clone();
        e.summary = summary;
        e.summary_given = doc.summary.is_some();
        e.body_html = Stored::Held(Arc::clone(&body.html));
        e.text = Stored::Held(Arc::clone(&body.text));
        e.markdown = doc.origin.body_text();
        e.citations = body.citations.iter().map(|c| c.0).collect();
        shown
    }
}

/// The front-matter summary, or else one drawn from the body's first
/// paragraph (see [`short_summary`]).
fn summary_of(doc: &EntryDoc, body: &Rendered) -> String {
    doc.summary
        .clone()
        .unwrap_or_else(|| short_summary(&body.first_paragraph))
}

/// The longest summary drawn from a body, in characters.
pub const SUMMARY_MAX: usize = 200;

/// About one sentence of `paragraph`, as a default summary: its first
/// sentence when that is at most [`SUMMARY_MAX`] characters (a sentence
/// ends at `.`, `!`, `?`, `۔` or `。` before a space or the end, and
/// is at least 20 characters long, so "Dr. X" does not end one); else
/// its first [`SUMMARY_MAX`] characters cut back to a word and ended
/// with "…".
pub fn short_summary(paragraph: &str) -> String {
    let text = paragraph.trim();
    let mut chars = text.char_indices().peekable();
    let mut count = 0;
    while let Some((i, c)) = chars.next() {
        count += 1;
        if count > SUMMARY_MAX {
            break;
        }
        let ends = matches!(c, '.' | '!' | '?' | '۔' | '。' | '؟');
        let next_is_space = chars.peek().is_none_or(|(_, n)| n.is_whitespace());
        if ends && next_is_space && count >= 20 {
            return text[..i + c.len_utf8()].to_string();
        }
    }
    if count <= SUMMARY_MAX {
        return text.to_string();
    }
    // Too long for one sentence: cut at the last space within the limit.
    let limit = text.char_indices().nth(SUMMARY_MAX).map_or(text.len(), |(i, _)| i);
    let head = &text[..limit];
    let cut = head
        .rfind(char::is_whitespace)
        .filter(|&k| k > limit / 2)
        .unwrap_or(limit);
    let head =
        head[..cut].trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '—' | '–' | '-'));
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_default_summary_is_about_one_sentence() {
        assert_eq!(
            short_summary("Dr. Ahmed met the envoy in Kabul. They spoke of trade."),
            "Dr. Ahmed met the envoy in Kabul."
        );
        assert_eq!(short_summary("Short. Then more."), "Short. Then more.");
        assert_eq!(
            short_summary("  One sentence without a stop  "),
            "One sentence without a stop"
        );
        let long = "word ".repeat(80);
        let s = short_summary(&long);
        assert!(s.ends_with('…') && s.chars().count() <= SUMMARY_MAX + 1, "{s}");
        assert!(!s.contains("wor…") && s.ends_with("word…"), "cut at a word: {s}");
        // Urdu's full stop ends a sentence too.
        assert_eq!(
            short_summary("اسحاق ڈار کابل پہنچے اور بات کی۔ پھر واپس آئے۔"),
            "اسحاق ڈار کابل پہنچے اور بات کی۔"
        );
    }
}
