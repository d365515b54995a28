//! The pages of a site: what each kind of page ([`PageId`]) shows, as the
//! context its template receives.

use tera::Context;

use crate::model::Chronicle;
use crate::paths::{self, Listing, Place, SearchPart};
use crate::render::calendar;
use crate::render::chart_data;
use crate::render::charts;
use crate::render::cite;
use crate::render::explore;
use crate::render::export;
use crate::render::i18n::{Arg, Ui};
use crate::render::paging::{self, List};
use crate::render::renderer::value;
use crate::render::search;
use crate::render::views::pages::*;
use crate::render::views::{self, actor_link, card, entry_url, timeline, timeline_part, topic_link, DateView};
use crate::render::Renderer;

/// One output file of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageId {
    Home,
    Entry(usize),
    Year(usize),
    Actors,
    Actor(usize),
    Topics,
    Topic(usize),
    Sources,
    /// The relations map, `/map/` (when the theme has `map.html`).
    Map,
    /// The index of relations, `/relations/` (when the theme has `relations.html`).
    Relations,
    /// A relation's page (when the theme has `relation.html`).
    Relation(usize),
    /// A relation's Atom feed (with its page).
    RelationFeed(usize),
    Page(usize),
    /// An entry's citation as BibTeX, RIS and CSL-JSON, beside its page.
    EntryBibtex(usize),
    EntryRis(usize),
    EntryCsl(usize),
    /// Every cited source as CSL-JSON, `/data/sources.json`.
    SourcesCsl,
    /// `/data/entries.csv`, `/data/sources.csv` and `/data/timeline.json`.
    EntriesCsv,
    SourcesCsv,
    TimelineJson,
    /// `/planned.ics` (when any entry is planned), and actor `i`'s (when
    /// any of its entries is).
    PlannedIcs,
    ActorIcs(usize),
    /// The page at old URL `k` of the model's `redirects`.
    Redirect(usize),
    /// Every correction, `/corrections/` (when the theme has
    /// `corrections.html`), and its feed.
    Corrections,
    CorrectionsFeed,
    NotFound,
    Search,
    /// The whole chronicle's Atom feed.
    Feed,
    ActorFeed(usize),
    TopicFeed(usize),
    Sitemap,
    /// Part `n` (from 1) of the sitemap, when it has more URLs than one
    /// file may list: `sitemap.xml` is then their index.
    SitemapPart(usize),
    Robots,
    /// The search index's manifest.
    SearchManifest,
    /// A term shard or a chunk of entries of the search index.
    SearchPart(SearchPart, usize),
    Data,
    /// The explore manifest, `explore/index.json` (see [`explore`]).
    ExploreIndex,
    /// `explore/relations.json`: the relations, apart from the manifest
    /// (21,000 of them at 100,000 entries).
    ExploreRelations,
    /// An actor's explore posting list.
    ExploreActor(usize),
    ExploreTopic(usize),
    ExploreRelation(usize),
    /// A status's posting list, by its place in [`explore::STATUSES`].
    ExploreStatus(usize),
    /// The posting list of a tone, −2 to 2.
    ExploreTone(i8),
    /// A chunk of result rows.
    ExploreEntries(usize),
    /// Part `n` (2 or more) of a long list; part 1 is the list's own page.
    Part(List, usize),
}

impl PageId {
    /// The page showing part `n` (from 1) of `list`.
    pub fn part(list: List, n: usize) -> PageId {
        match (list, n) {
            (_, 2..) => PageId::Part(list, n),
            (List::Year(y), _) => PageId::Year(y),
            (List::Actor(a), _) => PageId::Actor(a),
            (List::Topic(t), _) => PageId::Topic(t),
            (List::Relation(r), _) => PageId::Relation(r),
            (List::Sources, _) => PageId::Sources,
            (List::Relations, _) => PageId::Relations,
            (List::Actors, _) => PageId::Actors,
        }
    }

    /// Entry `i`'s page and the files beside it (its citation).
    pub fn entry_files(i: usize) -> [PageId; 4] {
        [
            PageId::Entry(i),
            PageId::EntryBibtex(i),
            PageId::EntryRis(i),
            PageId::EntryCsl(i),
        ]
    }

    /// The entry this page is one of the files of, if any.
    pub fn entry(self) -> Option<usize> {
        match self {
            PageId::Entry(i) | PageId::EntryBibtex(i) | PageId::EntryRis(i) | PageId::EntryCsl(i) => Some(i),
            _ => None,
        }
    }

    /// The same file of entry `i` (for a page of an entry's files).
    pub fn of_entry(self, i: usize) -> PageId {
        match self {
            PageId::Entry(_) => PageId::Entry(i),
            PageId::EntryBibtex(_) => PageId::EntryBibtex(i),
            PageId::EntryRis(_) => PageId::EntryRis(i),
            PageId::EntryCsl(_) => PageId::EntryCsl(i),
            other => other,
        }
    }

    /// The relation this page is one of the pages of, if any.
    pub fn relation(self) -> Option<usize> {
        match self {
            PageId::Relation(r)
            | PageId::RelationFeed(r)
            | PageId::ExploreRelation(r)
            | PageId::Part(List::Relation(r), _) => Some(r),
            _ => None,
        }
    }

    /// The same page of relation `r` (for one of a relation's pages).
    pub fn of_relation(self, r: usize) -> PageId {
        match self {
            PageId::Relation(_) => PageId::Relation(r),
            PageId::RelationFeed(_) => PageId::RelationFeed(r),
            PageId::ExploreRelation(_) => PageId::ExploreRelation(r),
            PageId::Part(List::Relation(_), n) => PageId::Part(List::Relation(r), n),
            other => other,
        }
    }

    /// Every page of `list`: its own and its other parts.
    pub fn parts_of(m: &Chronicle, list: List) -> impl Iterator<Item = PageId> {
        (1..=list.parts(m)).map(move |n| PageId::part(list, n))
    }

    /// The chronicle's data exports: one file each, holding every entry.
    pub fn is_export(self) -> bool {
        matches!(
            self,
            PageId::EntriesCsv
                | PageId::Data
                | PageId::SourcesCsl
                | PageId::SourcesCsv
                | PageId::TimelineJson
                | PageId::SearchManifest
        )
    }

    /// Whether the page comes from a template (the others are data the
    /// renderer writes itself, which no template can break).
    pub fn from_template(self) -> bool {
        // Listed in full, so that a new kind of page must be placed.
        match self {
            PageId::Home
            | PageId::Entry(_)
            | PageId::Year(_)
            | PageId::Actors
            | PageId::Actor(_)
            | PageId::Topics
            | PageId::Topic(_)
            | PageId::Sources
            | PageId::Map
            | PageId::Relations
            | PageId::Relation(_)
            | PageId::Part(..)
            | PageId::RelationFeed(_)
            | PageId::Page(_)
            | PageId::Corrections
            | PageId::CorrectionsFeed
            | PageId::NotFound
            | PageId::Search
            | PageId::Feed
            | PageId::ActorFeed(_)
            | PageId::TopicFeed(_)
            | PageId::Sitemap
            | PageId::SitemapPart(_)
            | PageId::Robots => true,
            PageId::EntryBibtex(_)
            | PageId::EntryRis(_)
            | PageId::EntryCsl(_)
            | PageId::SourcesCsl
            | PageId::EntriesCsv
            | PageId::SourcesCsv
            | PageId::TimelineJson
            | PageId::PlannedIcs
            | PageId::ActorIcs(_)
            | PageId::Redirect(_)
            | PageId::SearchManifest
            | PageId::SearchPart(..)
            | PageId::Data
            | PageId::ExploreIndex
            | PageId::ExploreRelations
            | PageId::ExploreActor(_)
            | PageId::ExploreTopic(_)
            | PageId::ExploreRelation(_)
            | PageId::ExploreStatus(_)
            | PageId::ExploreTone(_)
            | PageId::ExploreEntries(_) => false,
        }
    }

    /// True for the pages listed in the sitemap: HTML pages, but the 404.
    pub fn in_sitemap(self) -> bool {
        // Listed in full, so that a new kind of page must be placed.
        match self {
            PageId::Home
            | PageId::Entry(_)
            | PageId::Year(_)
            | PageId::Actors
            | PageId::Actor(_)
            | PageId::Topics
            | PageId::Topic(_)
            | PageId::Sources
            | PageId::Map
            | PageId::Relations
            | PageId::Relation(_)
            | PageId::Page(_)
            | PageId::Part(..)
            | PageId::Corrections
            | PageId::Search => true,
            PageId::NotFound
            | PageId::Feed
            | PageId::ActorFeed(_)
            | PageId::TopicFeed(_)
            | PageId::RelationFeed(_)
            | PageId::Sitemap
            | PageId::SitemapPart(_)
            | PageId::Robots
            | PageId::SearchManifest
            | PageId::SearchPart(..)
            | PageId::ExploreIndex
            | PageId::ExploreRelations
            | PageId::ExploreActor(_)
            | PageId::ExploreTopic(_)
            | PageId::ExploreRelation(_)
            | PageId::ExploreStatus(_)
            | PageId::ExploreTone(_)
            | PageId::ExploreEntries(_)
            | PageId::CorrectionsFeed
            | PageId::EntryBibtex(_)
            | PageId::EntryRis(_)
            | PageId::EntryCsl(_)
            | PageId::SourcesCsl
            | PageId::EntriesCsv
            | PageId::SourcesCsv
            | PageId::TimelineJson
            | PageId::PlannedIcs
            | PageId::ActorIcs(_)
            | PageId::Redirect(_)
            | PageId::Data => false,
        }
    }
}

/// Relations an actor's page shows in full; the rest are listed as links.
const RELATIONS_SHOWN: usize = 24;

/// Entries in the chronicle's main feed (newest first, with full content).
const FEED_ENTRIES: usize = 50;
/// Entries in each actor's and topic's feed (newest first, summaries).
const SUB_FEED_ENTRIES: usize = 20;

/// What a page is made of.
pub(super) enum Page {
    /// A template and its context.
    Template(&'static str, Context),
    /// Bytes made without a template.
    Bytes(Vec<u8>),
    /// An export, made by [`Renderer::render_into`] as it is written.
    Streamed,
}

/// `+2 cooperative`, `−1 tense`: a tone in words, in the page's language.
pub(crate) fn tone_label(tone: i8, ui: &Ui) -> String {
    ui.fill(
        "tone_label",
        &[
            ("tone", Arg::Text(&ui.number(&charts::signed(f64::from(tone), 0)))),
            ("word", Arg::Text(ui.text(charts::tone_key(tone)))),
        ],
    )
}

impl<'a> Renderer<'a> {
    /// A page title, with the part for a list split into parts: "Pakistan,
    /// page 2 of 55".
    fn part_title(&self, name: &str, list: List, part: usize) -> String {
        match list.parts(self.model) {
            1 => name.to_string(),
            parts => self.ui.fill(
                "part_title",
                &[
                    ("name", Arg::Text(name)),
                    ("part", part.into()),
                    ("parts", parts.into()),
                ],
            ),
        }
    }

    /// A feed's title: "Pakistan · Test Chronicle".
    fn feed_title(&self, name: &str) -> String {
        self.ui.fill(
            "feed_title",
            &[("name", Arg::Text(name)), ("site", Arg::Text(&self.model.config.title))],
        )
    }

    /// What page `id` is made of: a template and its context, or bytes
    /// made without a template (the exports).
    pub(super) fn page(&self, id: PageId) -> Page {
        match id {
            PageId::Home => self.home_page(id),
            PageId::Entry(i) => self.entry_page(id, i),
            PageId::Year(y) => self.year_page(id, y, 1),
            PageId::Actors => self.actors_page(id, 1),
            PageId::Actor(i) => self.actor_page(id, i, 1),
            PageId::Topics => self.topics_page(id),
            PageId::Topic(i) => self.topic_page(id, i, 1),
            PageId::Sources => self.sources_page(id, 1),
            PageId::Map => self.map_page(id),
            PageId::Relations => self.relations_page(id, 1),
            PageId::Relation(i) => self.relation_page(id, i, 1),
            PageId::Part(list, n) => match list {
                List::Year(y) => self.year_page(id, y, n),
                List::Actor(i) => self.actor_page(id, i, n),
                List::Topic(i) => self.topic_page(id, i, n),
                List::Relation(i) => self.relation_page(id, i, n),
                List::Sources => self.sources_page(id, n),
                List::Relations => self.relations_page(id, n),
                List::Actors => self.actors_page(id, n),
            },
            PageId::RelationFeed(i) => self.relation_feed_page(id, i),
            PageId::Page(i) => self.free_page(id, i),
            PageId::EntryBibtex(i) => Page::Bytes(cite::bibtex(self.model, i, &self.cited(i)).into_bytes()),
            PageId::EntryRis(i) => Page::Bytes(cite::ris(self.model, i, &self.cited(i)).into_bytes()),
            PageId::EntryCsl(i) => Page::Bytes(cite::csl(self.model, i, &self.cited(i))),
            PageId::PlannedIcs => Page::Bytes(calendar::ics(
                self.model,
                &format!("{}: planned", self.model.config.title),
                0..self.model.entries.len(),
            )),
            PageId::ActorIcs(i) => {
                let a = &self.model.actors[i];
                Page::Bytes(calendar::ics(
                    self.model,
                    &format!("{}: {}, planned", self.model.config.title, a.name),
                    a.entries.iter().copied(),
                ))
            }
            PageId::Redirect(k) => Page::Bytes(self.redirect_page(k)),
            PageId::Corrections => self.corrections_page(id),
            PageId::CorrectionsFeed => self.corrections_feed_page(id),
            PageId::NotFound => self.not_found_page(id),
            PageId::Search => self.search_page(id),
            PageId::Feed => self.feed_page(id),
            PageId::ActorFeed(i) => self.actor_feed_page(id, i),
            PageId::TopicFeed(i) => self.topic_feed_page(id, i),
            PageId::Sitemap => self.sitemap_page(id, None),
            PageId::SitemapPart(n) => self.sitemap_page(id, Some(n)),
            PageId::Robots => self.robots_page(id),
            PageId::SearchManifest => Page::Bytes(self.search_index().manifest.clone()),
            PageId::SearchPart(SearchPart::Terms, n) => {
                Page::Bytes(self.search_index().shards.get(n).cloned().unwrap_or_default())
            }
            PageId::SearchPart(SearchPart::Meta, n) => Page::Bytes(search::meta_chunk(self.model, &self.ui, n)),
            PageId::SearchPart(SearchPart::Text, n) => Page::Bytes(search::text_chunk(self.model, n)),
            PageId::SourcesCsl | PageId::EntriesCsv | PageId::SourcesCsv | PageId::TimelineJson | PageId::Data => {
                Page::Streamed
            }
            PageId::ExploreIndex => Page::Bytes(explore::index(self.model, self.has_relation_pages())),
            PageId::ExploreRelations => Page::Bytes(explore::relations(self.model)),
            PageId::ExploreActor(i) => Page::Bytes(explore::actor_posting(self.model, i)),
            PageId::ExploreTopic(i) => Page::Bytes(explore::topic_posting(self.model, i)),
            PageId::ExploreRelation(i) => Page::Bytes(explore::relation_posting(self.model, i)),
            PageId::ExploreStatus(i) => Page::Bytes(explore::status_posting(self.model, explore::STATUSES[i])),
            PageId::ExploreTone(n) => Page::Bytes(explore::tone_posting(self.model, n)),
            PageId::ExploreEntries(k) => Page::Bytes(explore::chunk(self.model, &self.ui, k)),
        }
    }

    fn home_page(&self, id: PageId) -> Page {
        let m = self.model;
        let cards = &self.cards;
        let mut ctx = self.ctx(id, "home", &m.config.title, &m.config.description);
        ctx.insert(
            "counts",
            &Counts {
                entries: m.entries.len(),
                actors: m.actors.len(),
                topics: m.topics.len(),
            },
        );
        // The window: the latest entries, newest first; the rest is in the
        // year archive, and in the filters (explore.js) with JavaScript.
        let latest: Vec<usize> = m.newest_first().into_iter().take(m.config.home_entries).collect();
        let mut window = timeline(m, &self.ui, cards, &latest);
        // A year's heading counts all its entries, as its page does.
        for y in &mut window {
            if let Some(k) = m.year_index(y.year) {
                y.count = m.years[k].entries.len();
            }
        }
        // The jump list: each month of the window (its year alone for
        // entries known only to the year), newest first.
        let jump: Vec<JumpLink> = window
            .iter()
            .flat_map(|y| {
                y.months.iter().map(move |mo| {
                    let ui = &self.ui;
                    let month = mo
                        .entries
                        .first()
                        .and_then(|e| m.entry_index(e.slug))
                        .and_then(|i| m.entries[i].date.month());
                    let year = ui.year(y.year);
                    JumpLink {
                        label: match (mo.during, mo.names_year, month) {
                            // "During 2025", "During May 2025".
                            (true, true, _) => mo.name.clone(),
                            // The year goes with the month, inside the
                            // phrase: "During May 2025", "مئی 2025 کے دوران".
                            (true, false, Some(mo_n)) => ui.fill(
                                "during_month",
                                &[("month", Arg::Text(&ui.month_year(y.year, mo_n, false)))],
                            ),
                            (true, false, None) => ui.month_name_year(&mo.name, y.year),
                            (false, _, Some(mo_n)) => ui.month_year(y.year, mo_n, true),
                            (false, _, None) => year,
                        },
                        href: format!("#{}", mo.id),
                        count: mo.entries.len(),
                    }
                })
            })
            .collect();
        ctx.insert("jump", &jump);
        ctx.insert("timeline", &window);
        ctx.insert(
            "window",
            &HomeWindow {
                shown: latest.len(),
                total: m.entries.len(),
                explore_index: Place::ExploreIndex.url(&m.config.root),
            },
        );
        let archive: Vec<YearLink> = m
            .years
            .iter()
            .rev()
            .map(|y| YearLink {
                year: y.year,
                url: Place::Year(y.year).url(&m.config.root),
                count: y.entries.len(),
            })
            .collect();
        ctx.insert("archive", &archive);
        let all: Vec<usize> = (0..m.entries.len()).collect();
        let points = chart_data::tone_points(m, &self.ui, &all);
        ctx.insert(
            "barometer",
            &charts::barometer("baro", self.ui.text("barometer"), &points, charts::Size::Full, &self.ui),
        );
        let focus = m
            .focus
            .and_then(|pair| m.relation_index(pair))
            .filter(|_| self.has_relation_pages())
            .map(|r| self.relation_summary(r));
        ctx.insert("focus", &focus);
        Page::Template("index.html", ctx)
    }

    fn entry_page(&self, id: PageId, i: usize) -> Page {
        let m = self.model;
        let e = &m.entries[i];
        let mut ctx = self.ctx(id, "entry", &e.title, &e.summary);
        ctx.insert("entry", &self.entry_view(i));
        Page::Template("entry.html", ctx)
    }

    fn year_page(&self, id: PageId, y: usize, part: usize) -> Page {
        let m = self.model;
        let cards = &self.cards;
        let year = &m.years[y];
        let list = List::Year(y);
        let title = self.part_title(&self.ui.year(year.year), list, part);
        let mut ctx = self.ctx(id, "year", &title, "");
        ctx.insert("year", &year.year);
        ctx.insert("count", &year.entries.len());
        ctx.insert(
            "timeline",
            &timeline_part(m, &self.ui, cards, &year.entries, list.rows(m, part)),
        );
        // The year's months, each linked where its first entry is shown.
        self.insert_shared(&mut ctx, list, || {
            let mut months: Vec<MonthLink> = Vec::new();
            for (row, &i) in year.entries.iter().enumerate() {
                let (name, anchor, _) = views::group_of(&m.entries[i].date, &self.ui);
                match months.last_mut() {
                    Some(last) if last.id == anchor => last.count += 1,
                    _ => months.push(MonthLink {
                        url: format!(
                            "{}#{anchor}",
                            list.listing(m).part(list.part_of(m, row)).url(&m.config.root)
                        ),
                        id: anchor,
                        name,
                        count: 1,
                    }),
                }
            }
            vec![("months", value(&months))]
        });
        let link = |k: usize| YearLink {
            year: m.years[k].year,
            url: Place::Year(m.years[k].year).url(&m.config.root),
            count: m.years[k].entries.len(),
        };
        ctx.insert("previous_year", &y.checked_sub(1).map(link));
        ctx.insert("next_year", &(y + 1 < m.years.len()).then(|| link(y + 1)));
        Page::Template("year.html", ctx)
    }

    fn actors_page(&self, id: PageId, part: usize) -> Page {
        let m = self.model;
        let title = self.part_title(self.ui.text("nav_actors"), List::Actors, part);
        let mut ctx = self.ctx(id, "actors", &title, "");
        let actors: Vec<ActorSummary> = m.actors[List::Actors.rows(m, part)]
            .iter()
            .map(|a| self.actor_summary(a))
            .collect();
        ctx.insert("actors", &actors);
        ctx.insert("count", &m.actors.len());
        Page::Template("actors.html", ctx)
    }

    fn actor_page(&self, id: PageId, i: usize, part: usize) -> Page {
        let m = self.model;
        let a = &m.actors[i];
        let description = a.role.as_deref().unwrap_or("");
        let list = List::Actor(i);
        let title = self.part_title(&a.name, list, part);
        let mut ctx = self.ctx(id, "actor", &title, description);
        self.insert_shared(&mut ctx, list, || {
            let dates = chart_data::entry_dates(m, &a.entries);
            vec![
                ("actor", value(&self.actor_view(i))),
                (
                    "translation",
                    value(&self.translation_note(crate::content::load::Section::Actors, i, PageId::Actor(i))),
                ),
                (
                    "activity",
                    value(&charts::activity("activity", &a.name, &dates, &self.ui)),
                ),
            ]
        });
        ctx.insert(
            "timeline",
            &timeline_part(m, &self.ui, &self.rows, &a.entries, list.rows(m, part)),
        );
        Page::Template("actor.html", ctx)
    }

    fn topics_page(&self, id: PageId) -> Page {
        let m = self.model;
        let mut ctx = self.ctx(id, "topics", self.ui.text("nav_topics"), "");
        let topics: Vec<TopicSummary> = m
            .topics
            .iter()
            .map(|t| TopicSummary {
                slug: &t.slug,
                lang: views::other_lang(m, t.language.as_ref()),
                name: &t.name,
                url: topic_link(m, t).url,
                description: &t.description,
                count: t.entries.len(),
            })
            .collect();
        ctx.insert("topics", &topics);
        Page::Template("topics.html", ctx)
    }

    fn topic_page(&self, id: PageId, i: usize, part: usize) -> Page {
        let m = self.model;
        let t = &m.topics[i];
        let list = List::Topic(i);
        let title = self.part_title(&t.name, list, part);
        let mut ctx = self.ctx(id, "topic", &title, &t.description);
        ctx.insert(
            "translation",
            &self.translation_note(crate::content::load::Section::Topics, i, PageId::Topic(i)),
        );
        ctx.insert(
            "topic",
            &TopicView {
                slug: &t.slug,
                lang: views::other_lang(m, t.language.as_ref()),
                name: &t.name,
                url: topic_link(m, t).url,
                description: &t.description,
                body_html: &t.body_html,
                count: t.entries.len(),
            },
        );
        ctx.insert(
            "timeline",
            &timeline_part(m, &self.ui, &self.rows, &t.entries, list.rows(m, part)),
        );
        self.insert_shared(&mut ctx, list, || {
            let dates = chart_data::entry_dates(m, &t.entries);
            vec![(
                "activity",
                value(&charts::activity("activity", &t.name, &dates, &self.ui)),
            )]
        });
        Page::Template("topic.html", ctx)
    }

    fn sources_page(&self, id: PageId, part: usize) -> Page {
        let m = self.model;
        let title = self.part_title(self.ui.text("sources"), List::Sources, part);
        let mut ctx = self.ctx(id, "sources", &title, self.ui.text("sources_description"));
        ctx.insert("publishers", &self.publishers(part));
        self.insert_shared(&mut ctx, List::Sources, || {
            vec![("publisher_index", value(&self.publisher_index()))]
        });
        let unnamed = m.publishers.iter().any(|p| p.name == crate::model::NO_PUBLISHER);
        ctx.insert("publisher_count", &(m.publishers.len() - usize::from(unnamed)));
        ctx.insert("unnamed_publisher", &unnamed);
        ctx.insert(
            "source_count",
            &m.publishers.iter().map(|p| p.items.len()).sum::<usize>(),
        );
        Page::Template("sources.html", ctx)
    }

    fn map_page(&self, id: PageId) -> Page {
        let m = self.model;
        let mut ctx = self.ctx(id, "map", self.ui.text("map_title"), self.ui.text("map_description"));
        ctx.insert(
            "map",
            &chart_data::relations_map(m, &self.ui, self.has_relation_pages()),
        );
        Page::Template("map.html", ctx)
    }

    fn free_page(&self, id: PageId, i: usize) -> Page {
        let m = self.model;
        let p = &m.pages[i];
        let mut ctx = self.ctx(id, "page", &p.title, &p.description);
        ctx.insert(
            "translation",
            &self.translation_note(crate::content::load::Section::Pages, i, PageId::Page(i)),
        );
        ctx.insert("content", &p.body_html);
        ctx.insert("content_lang", &views::other_lang(m, p.language.as_ref()));
        Page::Template("page.html", ctx)
    }

    /// The page at an old URL: it sends readers (and search engines, by
    /// its canonical link) to the page now in its place.
    fn redirect_page(&self, k: usize) -> Vec<u8> {
        let m = self.model;
        let r = &m.redirects[k];
        let to = crate::html::escape(&m.config.permalink(&r.to));
        let title = crate::html::escape(&r.title);
        format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{moved}</title>\n\
             <link rel=\"canonical\" href=\"{to}\">\n<meta name=\"robots\" content=\"noindex\">\n\
             <meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n<body>\n\
             <p>{moved_to}</p>\n</body>\n</html>\n",
            moved = crate::html::escape(&self.ui.fill("moved_title", &[("title", Arg::Text(&r.title))])),
            moved_to = crate::html::escape(self.ui.text("moved_to"))
                .replace("{link}", &format!("<a href=\"{to}\"><bdi>{title}</bdi></a>")),
            dir = m.config.language.dir().as_str(),
            lang = crate::html::escape(m.config.language.tag()),
        )
        .into_bytes()
    }

    /// Every correction of every entry, newest first.
    fn corrections(&self) -> Vec<CorrectionView<'_>> {
        let m = self.model;
        let mut all: Vec<CorrectionView> = m
            .entries
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                e.corrections.iter().enumerate().map(move |(k, c)| CorrectionView {
                    date: DateView::of(&c.date, &self.ui),
                    note: &c.note,
                    url: format!("{}#correction-{}", entry_url(m, i), k + 1),
                    entry: brief_of(m, &self.ui, i),
                    day: c.date,
                    key: (c.date.timeline_key(), i, k),
                })
            })
            .collect();
        all.sort_by_key(|c| std::cmp::Reverse(c.key));
        all
    }

    fn corrections_page(&self, id: PageId) -> Page {
        let mut ctx = self.ctx(
            id,
            "corrections",
            self.ui.text("corrections"),
            self.ui.text("corrections_description"),
        );
        ctx.insert("corrections", &self.corrections());
        ctx.insert("feed_url", &self.url(PageId::CorrectionsFeed));
        Page::Template("corrections.html", ctx)
    }

    fn corrections_feed_page(&self, id: PageId) -> Page {
        let m = self.model;
        let title = self.feed_title(self.ui.text("corrections"));
        let mut ctx = self.ctx(id, "feed", &title, "");
        let corrections = self.corrections();
        let feed = FeedView {
            id: m.config.permalink(&self.url(id)),
            alternate: m.config.permalink(&self.url(PageId::Corrections)),
            updated: corrections
                .first()
                .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |c| c.day.rfc3339()),
            entries: corrections
                .iter()
                .take(SUB_FEED_ENTRIES * 2)
                .map(|c| {
                    let stamp = c.day.rfc3339();
                    FeedEntry {
                        lang: None,
                        title: self.ui.fill("feed_correction", &[("title", Arg::Text(c.entry.title))]),
                        permalink: m.config.permalink(&c.url),
                        published: stamp.clone(),
                        updated: stamp,
                        when: c.date.human.clone(),
                        summary: c.note.to_string(),
                        content: None,
                        actors: Vec::new(),
                        topics: Vec::new(),
                    }
                })
                .collect(),
            title,
        };
        ctx.insert("feed", &feed);
        Page::Template("feed.xml", ctx)
    }

    fn not_found_page(&self, id: PageId) -> Page {
        let (template, ctx) = ("404.html", self.ctx(id, "404", self.ui.text("not_found_title"), ""));
        Page::Template(template, ctx)
    }

    fn search_page(&self, id: PageId) -> Page {
        let mut ctx = self.ctx(
            id,
            "search",
            self.ui.text("nav_search"),
            self.ui.text("search_description"),
        );
        ctx.insert("search_index_url", &Place::SearchManifest.url(&self.model.config.root));
        ctx.insert("explore_index_url", &Place::ExploreIndex.url(&self.model.config.root));
        Page::Template("search.html", ctx)
    }

    fn feed_page(&self, id: PageId) -> Page {
        let m = self.model;
        let all: Vec<usize> = (0..m.entries.len()).collect();
        let mut ctx = self.ctx(id, "feed", &m.config.title, "");
        ctx.insert(
            "feed",
            &self.feed(m.config.title.clone(), id, PageId::Home, &all, FEED_ENTRIES, true),
        );
        Page::Template("feed.xml", ctx)
    }

    fn actor_feed_page(&self, id: PageId, i: usize) -> Page {
        let m = self.model;
        let a = &m.actors[i];
        let title = self.feed_title(&a.name);
        let mut ctx = self.ctx(id, "feed", &title, "");
        ctx.insert(
            "feed",
            &self.feed(title.clone(), id, PageId::Actor(i), &a.entries, SUB_FEED_ENTRIES, false),
        );
        Page::Template("feed.xml", ctx)
    }

    fn topic_feed_page(&self, id: PageId, i: usize) -> Page {
        let m = self.model;
        let t = &m.topics[i];
        let title = self.feed_title(&t.name);
        let mut ctx = self.ctx(id, "feed", &title, "");
        ctx.insert(
            "feed",
            &self.feed(title.clone(), id, PageId::Topic(i), &t.entries, SUB_FEED_ENTRIES, false),
        );
        Page::Template("feed.xml", ctx)
    }

    /// The sitemap: every HTML page's URL, or, when there are more than
    /// one file may hold, the index of its parts (`part` is `None`).
    fn sitemap_page(&self, id: PageId, part: Option<usize>) -> Page {
        let m = self.model;
        let mut ctx = self.ctx(id, "sitemap", "Sitemap", "");
        let sitemap = self.sitemap();
        let (urls, chunks) = (&sitemap.urls, &sitemap.chunks);
        let (urls, sitemaps): (&[String], Vec<String>) = match part {
            Some(n) => (chunks.get(n - 1).map_or(&[][..], |r| &urls[r.clone()]), Vec::new()),
            None if chunks.len() <= 1 => (&urls[..], Vec::new()),
            None => (
                &[],
                (1..=chunks.len())
                    .map(|n| m.config.permalink(&self.url(PageId::SitemapPart(n))))
                    .collect(),
            ),
        };
        ctx.insert("urls", urls);
        ctx.insert("sitemaps", &sitemaps);
        Page::Template("sitemap.xml", ctx)
    }

    fn robots_page(&self, id: PageId) -> Page {
        let m = self.model;
        let mut ctx = self.ctx(id, "robots", "robots.txt", "");
        ctx.insert("sitemap_url", &m.config.permalink(&self.url(PageId::Sitemap)));
        // Every language's sitemap (one in a chronicle of one language).
        let sitemaps: Vec<String> = self
            .sites
            .iter()
            .map(|(_, _, root)| m.config.permalink(&Place::Sitemap.url(root)))
            .collect();
        ctx.insert("sitemap_urls", &sitemaps);
        Page::Template("robots.txt", ctx)
    }

    fn ctx(&self, id: PageId, kind: &'static str, title: &str, description: &str) -> Context {
        let m = self.model;
        let url = self.url(id);
        let mut feeds = vec![FeedLink {
            title: m.config.title.clone(),
            url: Place::Feed.url(&m.config.root),
        }];
        match id {
            PageId::Actor(i) => feeds.insert(
                0,
                FeedLink {
                    title: self.feed_title(&m.actors[i].name),
                    url: self.url(PageId::ActorFeed(i)),
                },
            ),
            PageId::Topic(i) => feeds.insert(
                0,
                FeedLink {
                    title: self.feed_title(&m.topics[i].name),
                    url: self.url(PageId::TopicFeed(i)),
                },
            ),
            _ => {}
        }
        let pager = list_part(id).and_then(|(list, n)| paging::pager(m, list, n));
        let mut ctx = Context::new();
        ctx.insert(
            "page",
            &PageMeta {
                kind,
                lang: m.config.language.tag(),
                dir: m.config.language.dir().as_str(),
                title,
                description,
                permalink: m.config.permalink(&url),
                url,
                feeds,
                prev: pager.as_ref().and_then(|p| p.prev.clone()),
                next: pager.as_ref().and_then(|p| p.next.clone()),
                alternates: self.alternates(id),
            },
        );
        ctx.insert("pager", &pager);
        ctx
    }

    /// The page `id` in every language of the chronicle, when it has
    /// translations and the page is one every language has.
    fn alternates(&self, id: PageId) -> Vec<Alternate> {
        if self.sites.len() < 2 || matches!(id, PageId::NotFound | PageId::Redirect(_)) {
            return Vec::new();
        }
        let place = self.place(id);
        self.sites
            .iter()
            .enumerate()
            .map(|(k, (lang, name, root))| {
                let url = place.url(root);
                Alternate {
                    lang: lang.tag().to_string(),
                    name: name.clone(),
                    dir: lang.dir().as_str(),
                    permalink: self.model.config.permalink(&url),
                    url,
                    current: k == self.site,
                }
            })
            .collect()
    }

    /// On a translation's page, what it translates: item `index` of
    /// `section`, when it has a translation into this page's language.
    fn translation_note(
        &self,
        section: crate::content::load::Section,
        index: usize,
        original: PageId,
    ) -> Option<TranslationNote> {
        let m = self.model;
        if !self.is_translation() {
            return None;
        }
        let t = m.translation(section, index, &m.config.language)?;
        Some(TranslationNote {
            language: language_name(m.config.site_language.tag(), &self.ui)
                .unwrap_or_else(|| m.config.site_language.tag().to_string()),
            date: DateView::of(&t.translated, &self.ui),
            original_url: self.site_url(original),
        })
    }

    fn feed(
        &self,
        title: String,
        id: PageId,
        alternate: PageId,
        entries: &[usize],
        limit: usize,
        full: bool,
    ) -> FeedView<'_> {
        let m = self.model;
        // Newest first by when each last changed for a reader: a corrected
        // or updated entry comes back to the top; ties in timeline order.
        let mut newest: Vec<usize> = entries.to_vec();
        newest.sort_by(|&a, &b| {
            let (x, y) = (&m.entries[a], &m.entries[b]);
            y.changed()
                .timeline_key()
                .cmp(&x.changed().timeline_key())
                .then(b.cmp(&a))
        });
        newest.truncate(limit);
        FeedView {
            title,
            id: m.config.permalink(&self.url(id)),
            alternate: m.config.permalink(&self.url(alternate)),
            updated: newest
                .iter()
                .map(|&i| m.entries[i].changed())
                .max_by_key(|d| d.first_day())
                .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339()),
            entries: newest
                .into_iter()
                .map(|i| {
                    let e = &m.entries[i];
                    FeedEntry {
                        lang: e
                            .language
                            .as_ref()
                            .filter(|l| **l != m.config.language)
                            .map(|l| l.tag()),
                        title: e.title.clone(),
                        permalink: m.config.permalink(&entry_url(m, i)),
                        published: e.date.rfc3339(),
                        updated: e.changed().rfc3339(),
                        when: views::when(e, &self.ui),
                        summary: match e.corrections.last() {
                            Some(c) => self.ui.fill(
                                "feed_corrected",
                                &[
                                    ("summary", Arg::Text(&e.summary)),
                                    ("date", Arg::Text(&self.ui.date(&c.date))),
                                    ("note", Arg::Text(&c.note)),
                                ],
                            ),
                            None => e.summary.clone(),
                        },
                        content: full.then(|| e.body_html.text()),
                        actors: e.actors.iter().map(|&a| m.actors[a].name.as_str()).collect(),
                        topics: e.topics.iter().map(|&t| m.topics[t].name.as_str()).collect(),
                    }
                })
                .collect(),
        }
    }

    fn actor_summary<'b>(&'b self, a: &'b crate::model::Actor) -> ActorSummary<'b> {
        ActorSummary {
            slug: &a.slug,
            lang: views::other_lang(self.model, a.language.as_ref()),
            name: &a.name,
            url: actor_link(self.model, a).url,
            kind: a.kind.map(|k| k.as_str()),
            role: a.role.as_deref(),
            count: a.entries.len(),
        }
    }

    fn actor_view(&self, i: usize) -> ActorView<'_> {
        let m = self.model;
        let a = &m.actors[i];
        // The other actor of relation `r`.
        let other = |r: usize| {
            let (x, y) = m.relations[r].pair;
            if x == i {
                y
            } else {
                x
            }
        };
        ActorView {
            slug: &a.slug,
            lang: views::other_lang(m, a.language.as_ref()),
            name: &a.name,
            url: actor_link(m, a).url,
            kind: a.kind.map(|k| k.as_str()),
            role: a.role.as_deref(),
            aliases: &a.aliases,
            affiliation: a.affiliation.map(|p| actor_link(m, &m.actors[p])),
            members: a.members.iter().map(|&k| actor_link(m, &m.actors[k])).collect(),
            calendar_url: calendar::has_calendar(m, a.entries.iter().copied())
                .then(|| self.site_url(PageId::ActorIcs(i))),
            profile_html: &a.profile_html,
            count: a.entries.len(),
            first: a.entries.first().map(|&e| DateView::of(&m.entries[e].date, &self.ui)),
            last: a.entries.last().map(|&e| DateView::of(&m.entries[e].date, &self.ui)),
            partners: a
                .partners
                .iter()
                .map(|&(p, count)| Partner {
                    name: &m.actors[p].name,
                    lang: views::other_lang(m, m.actors[p].language.as_ref()),
                    url: actor_link(m, &m.actors[p]).url,
                    count,
                    share: count * 100 / a.partners.first().map_or(1, |f| f.1.max(1)),
                })
                .collect(),
            relations: a
                .relations
                .iter()
                .take(RELATIONS_SHOWN)
                .filter(|_| self.has_relation_pages())
                .map(|&r| {
                    let mut summary = self.relation_summary(r);
                    summary.partner = Some(actor_link(m, &m.actors[other(r)]));
                    summary
                })
                .collect(),
            more_relations: a
                .relations
                .iter()
                .skip(RELATIONS_SHOWN)
                .filter(|_| self.has_relation_pages())
                .map(|&r| Partner {
                    name: &m.actors[other(r)].name,
                    lang: views::other_lang(m, m.actors[other(r)].language.as_ref()),
                    url: self.url(PageId::Relation(r)),
                    count: m.relations[r].entries.len(),
                    share: 0,
                })
                .collect(),
        }
    }

    /// What the citation of entry `i` names, in the language of its text
    /// on these pages (see [`cite::Cited`]).
    fn cited(&self, i: usize) -> cite::Cited<'_> {
        let m = self.model;
        let ui = self.text_ui(m.entries[i].language.as_ref());
        let (title, author) = m.config.title_and_author_in(&ui.lang);
        cite::Cited::new(ui, title, author, self.entry_permalink_in(i, &ui.lang))
    }

    fn entry_view(&self, i: usize) -> EntryView<'_> {
        let m = self.model;
        let e = &m.entries[i];
        let brief = |k: usize| brief_of(m, &self.ui, k);
        let permalink = m.config.permalink(&entry_url(m, i));
        // Entries of a year are together in the chronicle's order.
        let y = m.year_index(e.date.year()).unwrap_or(0);
        let list = List::Year(y);
        let row = m
            .years
            .get(y)
            .map_or(0, |year| i - year.entries.first().copied().unwrap_or(i));
        let year_url = list.listing(m).part(list.part_of(m, row)).url(&m.config.root);
        let (_, anchor, _) = views::group_of(&e.date, &self.ui);
        EntryView {
            json_ld: self.json_ld(i, &permalink),
            card: card(m, &self.ui, i),
            lede: e.summary_given.then_some(e.summary.as_str()),
            updated: e.updated.as_ref().map(|d| DateView::of(d, &self.ui)),
            corrections: e
                .corrections
                .iter()
                .enumerate()
                .map(|(k, c)| EntryCorrection {
                    id: format!("correction-{}", k + 1),
                    date: DateView::of(&c.date, &self.ui),
                    note: &c.note,
                })
                .collect(),
            corrections_url: self
                .theme
                .templates
                .contains_key("corrections.html")
                .then(|| self.url(PageId::Corrections)),
            citation: {
                let cited = self.cited(i);
                Citation {
                    text: cite::plain(m, i, &cited),
                    lang: (!std::ptr::eq(cited.ui, &self.ui)).then(|| views::LangView::of(&cited.ui.lang)),
                    site: cited.site.to_string(),
                    author: cited.author.to_string(),
                    bibtex_url: self.site_url(PageId::EntryBibtex(i)),
                    ris_url: self.site_url(PageId::EntryRis(i)),
                    csl_url: self.site_url(PageId::EntryCsl(i)),
                }
            },
            translation: self.translation_note(crate::content::load::Section::Entries, i, PageId::Entry(i)),
            permalink,
            body_html: e.body_html.text(),
            sources: e
                .sources
                .iter()
                .enumerate()
                .map(|(n, (s, r))| SourceView {
                    number: n + 1,
                    details: source_details(s, &self.ui),
                    publisher: s.publisher.as_deref(),
                    bibliography_url: self.bibliography_url(*r),
                    cited_at: e
                        .citations
                        .iter()
                        .filter(|&&c| c == n + 1)
                        .enumerate()
                        .map(|(k, _)| format!("cite-{}-{}", n + 1, k + 1))
                        .collect(),
                })
                .collect(),
            related: e.related.iter().map(|&k| brief(k)).collect(),
            backlinks: e.backlinks.iter().map(|&k| brief(k)).collect(),
            previous: e.prev.map(brief),
            next: e.next.map(brief),
            relations: e
                .relations
                .iter()
                .map(|r| self.tone_view(i, r.pair, r.tone, r.note.as_deref()))
                .collect(),
            month: MonthLink {
                name: e.date.month().map_or_else(String::new, |mo| self.ui.month_name(mo)),
                id: anchor.clone(),
                url: format!("{year_url}#{anchor}"),
                count: 0,
            },
            year_url,
        }
    }

    /// Whether relations have pages (the theme has `relation.html`).
    pub(super) fn has_relation_pages(&self) -> bool {
        self.theme.templates.contains_key("relation.html")
    }

    /// A tone entry `i` declares for `pair`.
    fn tone_view(&self, i: usize, pair: (usize, usize), tone: i8, note: Option<&'a str>) -> ToneView<'a> {
        let m = self.model;
        let relation_url = if self.has_relation_pages() {
            m.relation_index(pair).map(|r| self.url(PageId::Relation(r)))
        } else {
            None
        };
        let e = &m.entries[i];
        ToneView {
            a: actor_link(m, &m.actors[pair.0]),
            b: actor_link(m, &m.actors[pair.1]),
            relation_url,
            entry: brief_of(m, &self.ui, i),
            tone,
            status: e.status.as_str(),
            label: tone_label(tone, &self.ui),
            class: charts::tone_class(tone),
            note,
        }
    }

    /// Relation `r` in a list.
    fn relation_summary(&self, r: usize) -> RelationSummary<'a> {
        let m = self.model;
        let rel = &m.relations[r];
        RelationSummary {
            slug: &rel.slug,
            url: self.url(PageId::Relation(r)),
            a: actor_link(m, &m.actors[rel.pair.0]),
            b: actor_link(m, &m.actors[rel.pair.1]),
            partner: None,
            count: rel.entries.len(),
            declared: rel.tones.len(),
            latest: rel
                .tones
                .last()
                .map(|(e, tone, note)| self.tone_view(*e, rel.pair, *tone, note.as_deref())),
            focus: m.focus == Some(rel.pair),
        }
    }

    fn relations_page(&self, id: PageId, part: usize) -> Page {
        let m = self.model;
        let title = self.part_title(self.ui.text("nav_relations"), List::Relations, part);
        let mut ctx = self.ctx(id, "relations", &title, self.ui.text("relations_description"));
        let relations: Vec<RelationSummary> = self.relations_order()[List::Relations.rows(m, part)]
            .iter()
            .map(|&r| self.relation_summary(r))
            .collect();
        ctx.insert("relations", &relations);
        ctx.insert("count", &m.relations.len());
        Page::Template("relations.html", ctx)
    }

    fn relation_page(&self, id: PageId, r: usize, part: usize) -> Page {
        let m = self.model;
        let rel = &m.relations[r];
        let (a, b) = (&m.actors[rel.pair.0], &m.actors[rel.pair.1]);
        let pair_title = self
            .ui
            .fill("pair_and", &[("a", Arg::Text(&a.name)), ("b", Arg::Text(&b.name))]);
        let title = self.part_title(&pair_title, List::Relation(r), part);
        let description = self.ui.fill(
            "relation_description",
            &[
                ("pair", Arg::Text(&pair_title)),
                ("n", rel.entries.len().into()),
                ("declared", rel.tones.len().into()),
            ],
        );
        let mut ctx = self.ctx(id, "relation", &title, &description);
        self.insert_shared(&mut ctx, List::Relation(r), || {
            let view = RelationView {
                summary: self.relation_summary(r),
                feed_url: self.url(PageId::RelationFeed(r)),
                tones: rel
                    .tones
                    .iter()
                    .map(|(e, tone, note)| self.tone_view(*e, rel.pair, *tone, note.as_deref()))
                    .collect(),
            };
            let points = chart_data::relation_points(m, &self.ui, rel);
            let barometer = charts::barometer(
                "baro",
                &self.ui.fill("barometer_of", &[("pair", Arg::Text(&pair_title))]),
                &points,
                charts::Size::Full,
                &self.ui,
            );
            vec![("relation", value(&view)), ("barometer", value(&barometer))]
        });
        ctx.insert(
            "timeline",
            &timeline_part(m, &self.ui, &self.rows, &rel.entries, List::Relation(r).rows(m, part)),
        );
        Page::Template("relation.html", ctx)
    }

    fn relation_feed_page(&self, id: PageId, r: usize) -> Page {
        let m = self.model;
        let rel = &m.relations[r];
        let pair = self.ui.fill(
            "pair_and",
            &[
                ("a", Arg::Text(&m.actors[rel.pair.0].name)),
                ("b", Arg::Text(&m.actors[rel.pair.1].name)),
            ],
        );
        let title = self.feed_title(&pair);
        let mut ctx = self.ctx(id, "feed", &title, "");
        ctx.insert(
            "feed",
            &self.feed(
                title.clone(),
                id,
                PageId::Relation(r),
                &rel.entries,
                SUB_FEED_ENTRIES,
                false,
            ),
        );
        Page::Template("feed.xml", ctx)
    }

    /// schema.org data for an entry page, safe inside `<script>`.
    fn json_ld(&self, i: usize, permalink: &str) -> String {
        let m = self.model;
        let e = &m.entries[i];
        let mentions: Vec<serde_json::Value> = e
            .actors
            .iter()
            .map(|&a| {
                let a = &m.actors[a];
                let kind = match a.kind {
                    Some(crate::content::parse::ActorKind::Person) => "Person",
                    Some(crate::content::parse::ActorKind::State) => "Country",
                    _ => "Organization",
                };
                serde_json::json!({
                    "@type": kind,
                    "name": a.name,
                    "url": m.config.permalink(&actor_link(m, a).url),
                })
            })
            .collect();
        let mut event = serde_json::json!({
            "@type": "Event",
            "name": e.title,
            "startDate": e.date.iso(),
        });
        if let Some(end) = &e.end {
            event["endDate"] = end.iso().into();
        }
        if !e.locations.is_empty() {
            event["location"] = e.locations.join("; ").into();
        }
        let citations: Vec<serde_json::Value> = e
            .sources
            .iter()
            .map(|(s, _)| {
                let mut c = serde_json::json!({"@type": "CreativeWork", "name": s.title});
                if let Some(u) = &s.url {
                    c["url"] = u.as_str().into();
                }
                if let Some(p) = &s.publisher {
                    c["publisher"] = serde_json::json!({"@type": "Organization", "name": p});
                }
                c
            })
            .collect();
        let doc = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": e.title,
            "description": e.summary,
            "url": permalink,
            "isPartOf": {"@type": "WebSite", "name": m.config.title, "url": m.config.base_url},
            "about": event,
            "mentions": mentions,
            "inLanguage": e.language.as_ref().unwrap_or(&m.config.language).tag(),
            "keywords": e.topics.iter().map(|&t| m.topics[t].name.as_str()).collect::<Vec<_>>(),
            "citation": citations,
        });
        export::script_safe_json(&doc)
    }

    /// Where source `r` is listed: the part of the bibliography showing it.
    fn bibliography_url(&self, r: crate::model::BibRef) -> String {
        let m = self.model;
        let row = self.source_offsets[r.publisher] + r.item;
        paths::source_url(
            &m.config.root,
            List::Sources.part_of(m, row),
            &m.publishers[r.publisher].items[r.item].id,
        )
    }

    /// Every publisher, linked where its first source is listed.
    /// A publisher's name as shown: the group of sources with none named
    /// in the page's language.
    fn publisher_name<'n>(&'n self, name: &'n str) -> &'n str {
        if name == crate::model::NO_PUBLISHER {
            self.ui.text("other_sources")
        } else {
            name
        }
    }

    fn publisher_index(&self) -> Vec<PublisherLink<'_>> {
        let m = self.model;
        m.publishers
            .iter()
            .enumerate()
            .map(|(p, publisher)| PublisherLink {
                name: self.publisher_name(&publisher.name),
                count: publisher.items.len(),
                url: format!(
                    "{}#{}",
                    Listing::Sources
                        .part(List::Sources.part_of(m, self.source_offsets[p]))
                        .url(&m.config.root),
                    publisher.id
                ),
            })
            .collect()
    }

    /// The publishers with sources on part `part` of the bibliography, and
    /// those sources.
    fn publishers(&self, part: usize) -> Vec<PublisherView<'_>> {
        let m = self.model;
        let rows = List::Sources.rows(m, part);
        m.publishers
            .iter()
            .enumerate()
            .filter_map(|(p, publisher)| {
                let first = self.source_offsets[p];
                let from = rows.start.max(first) - first;
                let to = rows.end.min(first + publisher.items.len()).saturating_sub(first);
                (from < to).then_some((publisher, from, to))
            })
            .map(|(p, from, to)| PublisherView {
                name: self.publisher_name(&p.name),
                id: &p.id,
                count: p.items.len(),
                continued: from > 0,
                items: p.items[from..to]
                    .iter()
                    .map(|b| BibView {
                        id: &b.id,
                        details: source_details(&b.source, &self.ui),
                        cited_by: b.cited_by.iter().map(|&k| brief_of(m, &self.ui, k)).collect(),
                    })
                    .collect(),
            })
            .collect()
    }
}

/// A short reference to entry `k`.
fn brief_of<'a>(m: &'a Chronicle, ui: &Ui, k: usize) -> Brief<'a> {
    let e = &m.entries[k];
    Brief {
        url: entry_url(m, k),
        lang: views::other_lang(m, e.language.as_ref()),
        title: &e.title,
        when: views::when(e, ui),
        date: DateView::of(&e.date, ui),
    }
}

/// The sitemap protocol's limits for one file: 50,000 URLs, 50 MB.
pub const SITEMAP_MAX_URLS: usize = 50_000;
pub const SITEMAP_MAX_BYTES: usize = 50_000_000;

/// `urls` in runs that each fit one sitemap file (with room for the XML
/// around each URL); one run, however short, when they fit in one.
/// The bytes a sitemap file of at most `max_bytes` has for its URLs.
fn sitemap_budget(max_bytes: usize) -> usize {
    max_bytes.saturating_sub(200)
}

/// The bytes URL `u` is given in a sitemap file: `<url><loc>…</loc></url>`
/// and a newline around it (the `<urlset>` element around all is in
/// [`sitemap_budget`]); escaping may lengthen a URL a little.
pub fn sitemap_url_size(u: &str) -> usize {
    const AROUND: usize = 32;
    u.len() + u.len() / 8 + AROUND
}

/// Whether `urls` URLs of `bytes` in all (each sized by
/// [`sitemap_url_size`]) fit in one sitemap file: [`sitemap_chunks`] makes
/// one chunk of them.
pub fn sitemap_fits(urls: usize, bytes: usize) -> bool {
    urls <= 1 || (urls <= SITEMAP_MAX_URLS && bytes <= sitemap_budget(SITEMAP_MAX_BYTES))
}

pub fn sitemap_chunks(urls: &[String], max_urls: usize, max_bytes: usize) -> Vec<std::ops::Range<usize>> {
    let budget = sitemap_budget(max_bytes);
    let mut chunks = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, u) in urls.iter().enumerate() {
        let size = sitemap_url_size(u);
        if i > start && (i - start >= max_urls || bytes + size > budget) {
            chunks.push(start..i);
            (start, bytes) = (i, 0);
        }
        bytes += size;
    }
    chunks.push(start..urls.len());
    chunks
}

/// What is said of source `s` wherever it is listed.
fn source_details<'a>(s: &'a crate::content::parse::Source, ui: &Ui) -> SourceDetails<'a> {
    SourceDetails {
        title: &s.title,
        url: s.url.as_deref(),
        archive_url: s.archive_url.as_deref(),
        author: s.author.as_deref(),
        date: s.date.as_ref().map(|d| DateView::of(d, ui)),
        accessed: s.accessed.as_ref().map(|d| DateView::of(d, ui)),
        language: s.language.as_deref(),
        language_name: s.language.as_deref().and_then(|l| language_name(l, ui)),
        quote: s.quote.as_deref(),
    }
}

/// The name of a source's language in the page's words (`lang_ur`: "Urdu",
/// "اردو"), for the commonest languages of sources; `None` for others
/// (the tag is shown).
pub fn language_name(tag: &str, ui: &Ui) -> Option<String> {
    let tag = tag.to_ascii_lowercase();
    let primary = if tag == "fa-af" {
        "prs"
    } else {
        tag.split('-').next().unwrap_or(&tag)
    };
    let key = format!("lang_{primary}");
    ui.has(&key).then(|| ui.text(&key).to_string())
}

/// The list a page shows a part of, and which part.
fn list_part(id: PageId) -> Option<(List, usize)> {
    Some(match id {
        PageId::Year(y) => (List::Year(y), 1),
        PageId::Actor(a) => (List::Actor(a), 1),
        PageId::Topic(t) => (List::Topic(t), 1),
        PageId::Relation(r) => (List::Relation(r), 1),
        PageId::Sources => (List::Sources, 1),
        PageId::Relations => (List::Relations, 1),
        PageId::Actors => (List::Actors, 1),
        PageId::Part(list, n) => (list, n),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::single_range_in_vec_init)]
    fn a_sitemap_splits_at_the_protocol_limits() {
        let urls: Vec<String> = (0..120).map(|i| format!("https://example.org/entries/{i}/")).collect();
        assert_eq!(sitemap_chunks(&urls, 50_000, 50_000_000), [0..120]);
        assert_eq!(sitemap_chunks(&urls, 50, 50_000_000), [0..50, 50..100, 100..120]);
        // By bytes: each URL takes about 70 bytes with its XML.
        let chunks = sitemap_chunks(&urls, 50_000, 1_000);
        assert!(chunks.len() > 5, "{chunks:?}");
        assert!(chunks.windows(2).all(|w| w[0].end == w[1].start), "contiguous");
        assert_eq!((chunks[0].start, chunks.last().unwrap().end), (0, 120), "every URL");
        assert_eq!(sitemap_chunks(&[], 10, 100), [0..0], "one file, even empty");
    }
}
