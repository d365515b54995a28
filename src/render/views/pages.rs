//! The plain, serializable data each page template receives.

use serde::Serialize;

use crate::render::views::{CardView, DateView, LangView, Link};

/// The chronicle's totals, on the home page (`counts`).
#[derive(Serialize)]
pub(crate) struct Counts {
    pub(crate) entries: usize,
    pub(crate) actors: usize,
    pub(crate) topics: usize,
}

/// The home page's window of latest entries (`window`).
#[derive(Serialize)]
pub(crate) struct HomeWindow {
    /// Entries shown: the latest `home_entries`, or all when fewer.
    pub(crate) shown: usize,
    pub(crate) total: usize,
    /// The explore manifest, for the filters (`explore.js`).
    pub(crate) explore_index: String,
}

/// A link of the home page's jump list to a month of its window.
#[derive(Serialize)]
pub(crate) struct JumpLink {
    /// `Sep 2025` (the month's first three letters); the year alone for
    /// entries known only to the year.
    pub(crate) label: String,
    pub(crate) href: String,
    pub(crate) count: usize,
}

#[derive(Serialize)]
pub(crate) struct YearLink {
    pub(crate) year: i32,
    pub(crate) url: String,
    pub(crate) count: usize,
}

/// What every page says about itself (`page` in templates).
#[derive(Serialize)]
pub(crate) struct PageMeta<'a> {
    pub(crate) kind: &'static str,
    /// The page's language and direction, for `<html lang dir>`.
    pub(crate) lang: &'a str,
    pub(crate) dir: &'static str,
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) url: String,
    pub(crate) permalink: String,
    /// Atom feeds about this page, for `<link rel="alternate">`.
    pub(crate) feeds: Vec<FeedLink>,
    /// The parts before and after this one of a list split into parts,
    /// for `<link rel="prev">` and `"next"`.
    pub(crate) prev: Option<String>,
    pub(crate) next: Option<String>,
    /// The same page in every language of a chronicle with translations
    /// (this one too, `current`), for `hreflang` links and the language
    /// switcher; empty in a chronicle of one language.
    pub(crate) alternates: Vec<Alternate>,
}

/// A page in one language of the chronicle.
#[derive(Serialize)]
pub(crate) struct Alternate {
    /// Its tag, for `hreflang` and `lang`.
    pub(crate) lang: String,
    /// The language's name in itself: "English", "اردو".
    pub(crate) name: String,
    pub(crate) dir: &'static str,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) current: bool,
}

/// What a translation's page says of itself: that it is one, of what
/// text, and where the original is.
#[derive(Serialize)]
pub(crate) struct TranslationNote {
    /// The original's language, in the page's words ("English").
    pub(crate) language: String,
    /// The date of the original text it follows.
    pub(crate) date: DateView,
    pub(crate) original_url: String,
}

/// A month (or a "During …" group) of a year, linked where it is shown.
#[derive(Serialize)]
pub(crate) struct MonthLink {
    pub(crate) name: String,
    pub(crate) id: String,
    pub(crate) url: String,
    pub(crate) count: usize,
}

/// A correction on its entry's page: `id` is `correction-1`, ….
#[derive(Serialize)]
pub(crate) struct EntryCorrection<'a> {
    pub(crate) id: String,
    pub(crate) date: DateView,
    pub(crate) note: &'a str,
}

/// How to cite an entry: in words (see `cite::plain`), and as files.
#[derive(Serialize)]
pub(crate) struct Citation {
    pub(crate) text: String,
    /// The language it is written in, the cited text's, when it is not
    /// the page's.
    pub(crate) lang: Option<LangView>,
    /// The chronicle's title and author as the citation names them.
    pub(crate) site: String,
    pub(crate) author: String,
    pub(crate) bibtex_url: String,
    pub(crate) ris_url: String,
    pub(crate) csl_url: String,
}

/// A correction, on its entry's page and on `/corrections/`.
#[derive(Serialize)]
pub(crate) struct CorrectionView<'a> {
    pub(crate) date: DateView,
    pub(crate) note: &'a str,
    /// Where it is shown on its entry's page (`#correction-1`).
    pub(crate) url: String,
    pub(crate) entry: Brief<'a>,
    /// The correction's date, for its feed.
    #[serde(skip)]
    pub(crate) day: crate::content::date::PartialDate,
    #[serde(skip)]
    pub(crate) key: ((i32, u8, u8), usize, usize),
}

/// A publisher in the bibliography's index.
#[derive(Serialize)]
pub(crate) struct PublisherLink<'a> {
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) count: usize,
}

#[derive(Serialize)]
pub(crate) struct FeedLink {
    pub(crate) title: String,
    pub(crate) url: String,
}

/// What `feed.xml` receives as `feed`.
#[derive(Serialize)]
pub(crate) struct FeedView<'a> {
    pub(crate) title: String,
    /// The feed's own absolute URL; also its Atom id.
    pub(crate) id: String,
    /// The HTML page the feed mirrors.
    pub(crate) alternate: String,
    /// Newest entry date (RFC 3339), from the content, never the clock.
    pub(crate) updated: String,
    pub(crate) entries: Vec<FeedEntry<'a>>,
}

#[derive(Serialize)]
pub(crate) struct FeedEntry<'a> {
    /// The entry's language, when not the feed's (`xml:lang`).
    pub(crate) lang: Option<&'a str>,
    pub(crate) title: String,
    /// Absolute URL, also the entry's Atom id.
    pub(crate) permalink: String,
    /// RFC 3339: the first day of the entry's date.
    pub(crate) published: String,
    /// RFC 3339: when it last changed (`updated`, a correction), else its date.
    pub(crate) updated: String,
    pub(crate) when: String,
    pub(crate) summary: String,
    /// Full body HTML (main feed only).
    pub(crate) content: Option<std::borrow::Cow<'a, str>>,
    pub(crate) actors: Vec<&'a str>,
    pub(crate) topics: Vec<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct ActorSummary<'a> {
    pub(crate) slug: &'a str,
    /// The language of its name and text, when not the page's.
    pub(crate) lang: Option<LangView>,
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) kind: Option<&'static str>,
    pub(crate) role: Option<&'a str>,
    pub(crate) count: usize,
}

#[derive(Serialize)]
pub(crate) struct Partner<'a> {
    pub(crate) name: &'a str,
    pub(crate) lang: Option<LangView>,
    pub(crate) url: String,
    pub(crate) count: usize,
    /// Count as a percentage of the first partner's, for bar lengths.
    pub(crate) share: usize,
}

#[derive(Serialize)]
pub(crate) struct ActorView<'a> {
    pub(crate) slug: &'a str,
    /// The language of its name and text, when not the page's.
    pub(crate) lang: Option<LangView>,
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) kind: Option<&'static str>,
    pub(crate) role: Option<&'a str>,
    pub(crate) aliases: &'a [String],
    pub(crate) affiliation: Option<Link<'a>>,
    pub(crate) members: Vec<Link<'a>>,
    pub(crate) profile_html: &'a str,
    pub(crate) count: usize,
    pub(crate) first: Option<DateView>,
    pub(crate) last: Option<DateView>,
    pub(crate) partners: Vec<Partner<'a>>,
    /// Its relations with a page, most shared entries first: the first
    /// ones in full,
    pub(crate) relations: Vec<RelationSummary<'a>>,
    /// and the others as links to their pages, with the shared entries.
    pub(crate) more_relations: Vec<Partner<'a>>,
    /// Its calendar of planned entries, when it has any.
    pub(crate) calendar_url: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct TopicSummary<'a> {
    pub(crate) slug: &'a str,
    /// The language of its name and text, when not the page's.
    pub(crate) lang: Option<LangView>,
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) description: &'a str,
    pub(crate) count: usize,
}

#[derive(Serialize)]
pub(crate) struct TopicView<'a> {
    pub(crate) slug: &'a str,
    /// The language of its name and text, when not the page's.
    pub(crate) lang: Option<LangView>,
    pub(crate) name: &'a str,
    pub(crate) url: String,
    pub(crate) description: &'a str,
    pub(crate) body_html: &'a str,
    pub(crate) count: usize,
}

/// A short reference to another entry.
#[derive(Serialize)]
pub(crate) struct Brief<'a> {
    pub(crate) url: String,
    /// The language of its title, when not the page's.
    pub(crate) lang: Option<LangView>,
    pub(crate) title: &'a str,
    pub(crate) when: String,
    pub(crate) date: DateView,
}

#[derive(Serialize)]
pub(crate) struct SourceView<'a> {
    pub(crate) number: usize,
    #[serde(flatten)]
    pub(crate) details: SourceDetails<'a>,
    pub(crate) publisher: Option<&'a str>,
    pub(crate) bibliography_url: String,
    /// The ids of the inline citations of this source in the body
    /// (`cite-2-1`), for links back to them.
    pub(crate) cited_at: Vec<String>,
}

/// What is said of a source wherever it is listed.
#[derive(Serialize)]
pub(crate) struct SourceDetails<'a> {
    pub(crate) title: &'a str,
    pub(crate) url: Option<&'a str>,
    pub(crate) archive_url: Option<&'a str>,
    pub(crate) author: Option<&'a str>,
    pub(crate) date: Option<DateView>,
    pub(crate) accessed: Option<DateView>,
    /// Its language tag, and the language's English name when known.
    pub(crate) language: Option<&'a str>,
    pub(crate) language_name: Option<String>,
    pub(crate) quote: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct EntryView<'a> {
    #[serde(flatten)]
    pub(crate) card: CardView<'a>,
    pub(crate) permalink: String,
    /// The front-matter summary, shown above the body; none when the
    /// summary is drawn from the body, which then opens the page itself.
    pub(crate) lede: Option<&'a str>,
    /// schema.org JSON-LD, already safe to place inside `<script>`.
    pub(crate) json_ld: String,
    /// Read back when the build wrote it aside.
    pub(crate) body_html: std::borrow::Cow<'a, str>,
    pub(crate) sources: Vec<SourceView<'a>>,
    pub(crate) related: Vec<Brief<'a>>,
    pub(crate) backlinks: Vec<Brief<'a>>,
    pub(crate) previous: Option<Brief<'a>>,
    pub(crate) next: Option<Brief<'a>>,
    /// The tones this entry declares, each for a pair of its actors.
    pub(crate) relations: Vec<ToneView<'a>>,
    /// When it was last revised, and the corrections made to it, oldest
    /// first.
    pub(crate) updated: Option<DateView>,
    pub(crate) corrections: Vec<EntryCorrection<'a>>,
    /// The chronicle's corrections page, when the theme has one.
    pub(crate) corrections_url: Option<String>,
    /// Its citation in words, and its citation files beside the page.
    pub(crate) citation: Citation,
    /// Its year's page (the part listing it), and its month (or "During
    /// …" group) there, for the breadcrumb.
    pub(crate) year_url: String,
    pub(crate) month: MonthLink,
    /// On a translation's page: what it translates.
    pub(crate) translation: Option<TranslationNote>,
}

#[derive(Serialize)]
pub(crate) struct PublisherView<'a> {
    pub(crate) name: &'a str,
    pub(crate) id: &'a str,
    pub(crate) count: usize,
    /// True when its sources began on an earlier part of the bibliography.
    pub(crate) continued: bool,
    pub(crate) items: Vec<BibView<'a>>,
}

#[derive(Serialize)]
pub(crate) struct BibView<'a> {
    pub(crate) id: &'a str,
    #[serde(flatten)]
    pub(crate) details: SourceDetails<'a>,
    pub(crate) cited_by: Vec<Brief<'a>>,
}

/// A tone declared for a pair: on an entry page (which pair) and on a
/// relation page (which entry).
#[derive(Serialize)]
pub(crate) struct ToneView<'a> {
    /// The pair's two actors, and its page when it has one.
    pub(crate) a: Link<'a>,
    pub(crate) b: Link<'a>,
    pub(crate) relation_url: Option<String>,
    /// The entry declaring it.
    pub(crate) entry: Brief<'a>,
    pub(crate) tone: i8,
    /// The declaring entry's status: a planned visit's tone is a plan's.
    pub(crate) status: &'static str,
    /// `+2 cooperative`, `−1 tense`.
    pub(crate) label: String,
    /// `p2`, `m1`, `0`: for CSS classes.
    pub(crate) class: &'static str,
    pub(crate) note: Option<&'a str>,
}

/// A relation in a list (an actor's page, the relations index).
#[derive(Serialize)]
pub(crate) struct RelationSummary<'a> {
    pub(crate) slug: &'a str,
    pub(crate) url: String,
    pub(crate) a: Link<'a>,
    pub(crate) b: Link<'a>,
    /// The other actor, on an actor's page.
    pub(crate) partner: Option<Link<'a>>,
    /// Entries naming both actors.
    pub(crate) count: usize,
    /// Tones declared for the pair, and the latest.
    pub(crate) declared: usize,
    pub(crate) latest: Option<ToneView<'a>>,
    /// True for the chronicle's focus pair.
    pub(crate) focus: bool,
}

/// A relation's page.
#[derive(Serialize)]
pub(crate) struct RelationView<'a> {
    #[serde(flatten)]
    pub(crate) summary: RelationSummary<'a>,
    pub(crate) feed_url: String,
    /// Every declared tone, in time order, with its note.
    pub(crate) tones: Vec<ToneView<'a>>,
}
