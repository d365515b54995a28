//! Render: the linked chronicle through Tera templates into pages.
//!
//! Every output file is a [`PageId`]; rendering one is a pure function of the
//! model and the templates, so pages render in parallel and `serve` can
//! re-render only the pages a change touches.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::Diagnostic;
use crate::model::Chronicle;
use crate::paths::{self, Place};
use crate::render::chart_data;
use crate::render::charts;
use crate::render::export;
use crate::render::theme::Theme;
use crate::render::views::{self, actor_link, card, entry_url, timeline, topic_link, DateView, Link};

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
    Page(usize),
    NotFound,
    Search,
    /// The whole chronicle's Atom feed.
    Feed,
    ActorFeed(usize),
    TopicFeed(usize),
    Sitemap,
    Robots,
    SearchIndex,
    Data,
}

impl PageId {
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
            | PageId::Page(_)
            | PageId::Search => true,
            PageId::NotFound
            | PageId::Feed
            | PageId::ActorFeed(_)
            | PageId::TopicFeed(_)
            | PageId::Sitemap
            | PageId::Robots
            | PageId::SearchIndex
            | PageId::Data => false,
        }
    }

    /// True for pages that exist once per site (home, indexes, feeds,
    /// exports), which may show any entry: `serve` renders them again
    /// whenever an entry changes.
    pub fn is_site_wide(self) -> bool {
        match self {
            PageId::Home
            | PageId::Actors
            | PageId::Topics
            | PageId::Sources
            | PageId::Map
            | PageId::NotFound
            | PageId::Search
            | PageId::Feed
            | PageId::Sitemap
            | PageId::Robots
            | PageId::SearchIndex
            | PageId::Data => true,
            PageId::Entry(_)
            | PageId::Year(_)
            | PageId::Actor(_)
            | PageId::Topic(_)
            | PageId::Page(_)
            | PageId::ActorFeed(_)
            | PageId::TopicFeed(_) => false,
        }
    }
}

/// Entries in the chronicle's main feed (newest first, with full content).
const FEED_ENTRIES: usize = 50;
/// Entries in each actor's and topic's feed (newest first, summaries).
const SUB_FEED_ENTRIES: usize = 20;
/// Actor pairs with a barometer on an actor page, at most.
const PAIR_BAROMETERS: usize = 3;
/// Entries with a tone two actors must share for their pair's barometer.
const PAIR_MIN_TONED: usize = 3;

/// Templates every theme must have.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "index.html",
    "entry.html",
    "year.html",
    "actors.html",
    "actor.html",
    "topics.html",
    "topic.html",
    "sources.html",
    "page.html",
    "404.html",
    "search.html",
    "partials/card.html",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
];

/// Site-wide data, the same on every page (`site` in templates).
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    root: &'a str,
    language: &'a str,
    author: &'a str,
    intro_html: &'a str,
    extra: &'a serde_json::Value,
    /// Free pages, for navigation.
    pages: Vec<Link<'a>>,
    /// Years with entries, without counts: `site` holds only what rarely
    /// changes, since when it changes every page is rendered again.
    years: Vec<YearRef>,
    /// The relations map's URL, when the theme has a map page.
    map_url: Option<String>,
    generator: &'static str,
}

#[derive(Serialize)]
struct YearRef {
    year: i32,
    url: String,
}

/// The chronicle's totals, on the home page (`counts`).
#[derive(Serialize)]
struct Counts {
    entries: usize,
    actors: usize,
    topics: usize,
}

#[derive(Serialize)]
struct YearLink {
    year: i32,
    url: String,
    count: usize,
}

/// What every page says about itself (`page` in templates).
#[derive(Serialize)]
struct PageMeta<'a> {
    kind: &'static str,
    title: &'a str,
    description: &'a str,
    url: String,
    permalink: String,
    /// Atom feeds about this page, for `<link rel="alternate">`.
    feeds: Vec<FeedLink>,
}

#[derive(Serialize)]
struct FeedLink {
    title: String,
    url: String,
}

/// What `feed.xml` receives as `feed`.
#[derive(Serialize)]
struct FeedView<'a> {
    title: String,
    /// The feed's own absolute URL; also its Atom id.
    id: String,
    /// The HTML page the feed mirrors.
    alternate: String,
    /// Newest entry date (RFC 3339), from the content, never the clock.
    updated: String,
    entries: Vec<FeedEntry<'a>>,
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    /// Absolute URL, also the entry's Atom id.
    permalink: String,
    updated: String,
    when: String,
    summary: &'a str,
    /// Full body HTML (main feed only).
    content: Option<&'a str>,
    actors: Vec<&'a str>,
    topics: Vec<&'a str>,
}

/// Renders pages of one chronicle with one set of templates.
pub struct Renderer<'a> {
    model: &'a Chronicle,
    tera: Tera,
    theme: &'a Theme,
    /// Each entry's card, rendered once.
    cards: Vec<Arc<str>>,
    /// Years with entries and their counts: the charts' time axis.
    years: Vec<(i32, usize)>,
    /// The site-wide data (`site`) as JSON: when it changes, every page may.
    site_fingerprint: String,
}

/// A Tera error as a diagnostic in the template file it concerns.
fn tera_diagnostic(e: &tera::Error, theme: &Theme, what: &str) -> Diagnostic {
    let origin = |name: &str| {
        theme
            .templates
            .get(name)
            .map_or_else(|| format!("templates/{name}"), |t| t.origin.clone())
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            Diagnostic::error(
                origin(r.filename()),
                span.start_line,
                span.start_col + 1,
                format!("{what}{}", r.message()),
            )
        }
        _ => {
            // Errors found when templates are loaded together (an unknown
            // filter, say) carry their place only in the report text:
            // ` --> entry.html:2:15`.
            let report = e.to_string();
            let located = report.lines().find_map(|l| {
                let rest = l.trim_start().strip_prefix("--> ")?;
                let mut parts = rest.rsplitn(3, ':');
                let col: usize = parts.next()?.trim().parse().ok()?;
                let line: usize = parts.next()?.trim().parse().ok()?;
                Some((parts.next()?.to_string(), line, col))
            });
            let mut msg = report
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ")
                .to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                source = s.source();
            }
            if let Some((name, line, col)) = located {
                return Diagnostic::error(origin(&name), line, col, format!("{what}{msg}"));
            }
            Diagnostic::error("templates", 0, 0, format!("{what}{msg}"))
        }
    }
}

impl<'a> Renderer<'a> {
    /// Compiles the theme's templates and renders every entry card.
    pub fn new(model: &'a Chronicle, theme: &'a Theme) -> Result<Self, Vec<Diagnostic>> {
        Self::reusing_cards(model, theme, &|_| None)
    }

    /// Like [`Renderer::new`], but takes an entry's card from `reuse(slug)`
    /// when it gives one: `serve` hands back the cards of entries that did
    /// not change.
    pub fn reusing_cards(
        model: &'a Chronicle,
        theme: &'a Theme,
        reuse: &(dyn Fn(&str) -> Option<Arc<str>> + Sync),
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut diags = Vec::new();
        for name in REQUIRED_TEMPLATES {
            if !theme.templates.contains_key(*name) {
                diags.push(Diagnostic::error(
                    format!("templates/{name}"),
                    0,
                    0,
                    format!("the theme has no template `{name}`, which every theme needs"),
                ));
            }
        }
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
        tera.set_escape_fn(crate::html::escape_to);
        // Parse each template on its own first, so every syntax error is
        // reported with its own file; then all together, for inheritance.
        for t in theme.templates.values() {
            let mut probe = Tera::new();
            if let Err(e) = probe.add_raw_template(&t.name, &t.text) {
                if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                    diags.push(tera_diagnostic(&e, theme, "template syntax error: "));
                }
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        if let Err(e) = tera.add_raw_templates(theme.templates.values().map(|t| (t.name.as_str(), t.text.as_str()))) {
            return Err(vec![tera_diagnostic(&e, theme, "")]);
        }
        let c = &model.config;
        let site = SiteView {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            root: &c.root,
            language: &c.language,
            author: &c.author,
            intro_html: &model.intro_html,
            extra: &c.extra,
            pages: model
                .pages
                .iter()
                .map(|p| Link {
                    name: &p.title,
                    url: Place::Page(&p.slug).url(&c.root),
                })
                .collect(),
            years: model
                .years
                .iter()
                .map(|y| YearRef {
                    year: y.year,
                    url: Place::Year(y.year).url(&c.root),
                })
                .collect(),
            map_url: theme
                .templates
                .contains_key("map.html")
                .then(|| Place::Map.url(&c.root)),
            generator: concat!("chronicle ", env!("CARGO_PKG_VERSION")),
        };
        tera.global_context().insert("site", &site);
        let site_fingerprint = serde_json::to_string(&site).unwrap_or_default();
        let mut renderer = Renderer {
            model,
            tera,
            theme,
            cards: Vec::new(),
            years: chart_data::year_counts(model),
            site_fingerprint,
        };
        let cards: Vec<Result<Arc<str>, Diagnostic>> = (0..model.entries.len())
            .into_par_iter()
            .map(|i| {
                if let Some(html) = reuse(&model.entries[i].slug) {
                    return Ok(html);
                }
                let mut ctx = Context::new();
                ctx.insert("entry", &card(model, i));
                renderer
                    .tera
                    .render("partials/card.html", &ctx)
                    .map(Arc::from)
                    .map_err(|e| renderer.error(&entry_url(model, i), &e))
            })
            .collect();
        let mut out = Vec::with_capacity(cards.len());
        for c in cards {
            match c {
                Ok(html) => out.push(html),
                Err(d) => {
                    diags.push(d);
                    break;
                }
            }
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        renderer.cards = out;
        Ok(renderer)
    }

    fn error(&self, url: &str, e: &tera::Error) -> Diagnostic {
        tera_diagnostic(e, self.theme, &format!("cannot render {url}: "))
    }

    /// The site-wide template data as JSON; `serve` compares it between
    /// builds to know whether every page must be rendered again.
    pub fn site_fingerprint(&self) -> &str {
        &self.site_fingerprint
    }

    /// The charts' time axis: years and their entry counts. When it changes,
    /// every chart (home, actor and topic pages) changes with it.
    pub fn axis(&self) -> &[(i32, usize)] {
        &self.years
    }

    /// Each entry's rendered card, in the model's entry order.
    pub fn cards(&self) -> &[Arc<str>] {
        &self.cards
    }

    /// Every page of the site, in a stable order.
    pub fn pages(&self) -> Vec<PageId> {
        let m = self.model;
        let mut v = vec![PageId::Home, PageId::Actors, PageId::Topics, PageId::Sources];
        if self.theme.templates.contains_key("map.html") {
            v.push(PageId::Map);
        }
        v.extend([
            PageId::NotFound,
            PageId::Search,
            PageId::Feed,
            PageId::Sitemap,
            PageId::Robots,
            PageId::SearchIndex,
            PageId::Data,
        ]);
        v.extend((0..m.entries.len()).map(PageId::Entry));
        v.extend((0..m.years.len()).map(PageId::Year));
        v.extend((0..m.actors.len()).map(PageId::Actor));
        v.extend((0..m.topics.len()).map(PageId::Topic));
        v.extend((0..m.actors.len()).map(PageId::ActorFeed));
        v.extend((0..m.topics.len()).map(PageId::TopicFeed));
        v.extend((0..m.pages.len()).map(PageId::Page));
        v
    }

    /// The place of a page in the site (see [`crate::paths`]).
    pub fn place(&self, id: PageId) -> Place<'a> {
        let m = self.model;
        match id {
            PageId::Home => Place::Home,
            PageId::Entry(i) => Place::Entry(&m.entries[i].slug),
            PageId::Year(i) => Place::Year(m.years[i].year),
            PageId::Actors => Place::Actors,
            PageId::Actor(i) => Place::Actor(&m.actors[i].slug),
            PageId::Topics => Place::Topics,
            PageId::Topic(i) => Place::Topic(&m.topics[i].slug),
            PageId::Sources => Place::Sources,
            PageId::Map => Place::Map,
            PageId::Page(i) => Place::Page(&m.pages[i].slug),
            PageId::NotFound => Place::NotFound,
            PageId::Search => Place::Search,
            PageId::Feed => Place::Feed,
            PageId::ActorFeed(i) => Place::ActorFeed(&m.actors[i].slug),
            PageId::TopicFeed(i) => Place::TopicFeed(&m.topics[i].slug),
            PageId::Sitemap => Place::Sitemap,
            PageId::Robots => Place::Robots,
            PageId::SearchIndex => Place::SearchIndex,
            PageId::Data => Place::Data,
        }
    }

    /// The output path of a page, relative to the output folder.
    pub fn output_path(&self, id: PageId) -> String {
        self.place(id).file()
    }

    /// The site URL (path) of a page.
    fn url(&self, id: PageId) -> String {
        self.place(id).url(&self.model.config.root)
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
                    title: format!("{} · {}", m.actors[i].name, m.config.title),
                    url: self.url(PageId::ActorFeed(i)),
                },
            ),
            PageId::Topic(i) => feeds.insert(
                0,
                FeedLink {
                    title: format!("{} · {}", m.topics[i].name, m.config.title),
                    url: self.url(PageId::TopicFeed(i)),
                },
            ),
            _ => {}
        }
        let mut ctx = Context::new();
        ctx.insert(
            "page",
            &PageMeta {
                kind,
                title,
                description,
                permalink: m.config.permalink(&url),
                url,
                feeds,
            },
        );
        ctx
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
        let newest: Vec<usize> = entries.iter().rev().take(limit).copied().collect();
        FeedView {
            title,
            id: m.config.permalink(&self.url(id)),
            alternate: m.config.permalink(&self.url(alternate)),
            updated: newest
                .iter()
                .map(|&i| m.entries[i].date)
                .max()
                .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339()),
            entries: newest
                .into_iter()
                .map(|i| {
                    let e = &m.entries[i];
                    FeedEntry {
                        title: &e.title,
                        permalink: m.config.permalink(&entry_url(m, i)),
                        updated: e.date.rfc3339(),
                        when: views::when(e),
                        summary: &e.summary,
                        content: full.then_some(&*e.body_html),
                        actors: e.actors.iter().map(|&a| m.actors[a].name.as_str()).collect(),
                        topics: e.topics.iter().map(|&t| m.topics[t].name.as_str()).collect(),
                    }
                })
                .collect(),
        }
    }

    /// Renders one page to bytes.
    pub fn render(&self, id: PageId) -> Result<Vec<u8>, Diagnostic> {
        let m = self.model;
        let cards = &self.cards;
        let (template, ctx) = match id {
            PageId::Home => {
                let mut ctx = self.ctx(id, "home", &m.config.title, &m.config.description);
                ctx.insert(
                    "counts",
                    &Counts {
                        entries: m.entries.len(),
                        actors: m.actors.len(),
                        topics: m.topics.len(),
                    },
                );
                let all: Vec<usize> = (0..m.entries.len()).collect();
                ctx.insert("timeline", &timeline(m, cards, &all));
                let points = chart_data::tone_points(m, &all);
                ctx.insert(
                    "barometer",
                    &charts::barometer("baro", "Relations barometer", &self.years, &points, charts::Size::Full),
                );
                ("index.html", ctx)
            }
            PageId::Entry(i) => {
                let e = &m.entries[i];
                let mut ctx = self.ctx(id, "entry", &e.title, &e.summary);
                ctx.insert("entry", &self.entry_view(i));
                ("entry.html", ctx)
            }
            PageId::Year(y) => {
                let year = &m.years[y];
                let title = year.year.to_string();
                let mut ctx = self.ctx(id, "year", &title, "");
                ctx.insert("year", &year.year);
                ctx.insert("timeline", &timeline(m, cards, &year.entries));
                let link = |k: usize| YearLink {
                    year: m.years[k].year,
                    url: Place::Year(m.years[k].year).url(&m.config.root),
                    count: m.years[k].entries.len(),
                };
                ctx.insert("previous_year", &y.checked_sub(1).map(link));
                ctx.insert("next_year", &(y + 1 < m.years.len()).then(|| link(y + 1)));
                ("year.html", ctx)
            }
            PageId::Actors => {
                let mut ctx = self.ctx(id, "actors", "Actors", "");
                let actors: Vec<ActorSummary> = m.actors.iter().map(|a| self.actor_summary(a)).collect();
                ctx.insert("actors", &actors);
                ("actors.html", ctx)
            }
            PageId::Actor(i) => {
                let a = &m.actors[i];
                let description = a.role.as_deref().unwrap_or("");
                let mut ctx = self.ctx(id, "actor", &a.name, description);
                ctx.insert("actor", &self.actor_view(i));
                ctx.insert("timeline", &timeline(m, cards, &a.entries));
                ctx.insert(
                    "activity",
                    &charts::activity(
                        "activity",
                        &a.name,
                        &self.years,
                        &chart_data::entry_dates(m, &a.entries),
                    ),
                );
                ctx.insert("pairs", &self.pairs(i));
                ("actor.html", ctx)
            }
            PageId::Topics => {
                let mut ctx = self.ctx(id, "topics", "Topics", "");
                let topics: Vec<TopicSummary> = m
                    .topics
                    .iter()
                    .map(|t| TopicSummary {
                        slug: &t.slug,
                        name: &t.name,
                        url: topic_link(m, t).url,
                        description: &t.description,
                        count: t.entries.len(),
                    })
                    .collect();
                ctx.insert("topics", &topics);
                ("topics.html", ctx)
            }
            PageId::Topic(i) => {
                let t = &m.topics[i];
                let mut ctx = self.ctx(id, "topic", &t.name, &t.description);
                ctx.insert(
                    "topic",
                    &TopicView {
                        slug: &t.slug,
                        name: &t.name,
                        url: topic_link(m, t).url,
                        description: &t.description,
                        body_html: &t.body_html,
                        count: t.entries.len(),
                    },
                );
                ctx.insert("timeline", &timeline(m, cards, &t.entries));
                ctx.insert(
                    "activity",
                    &charts::activity(
                        "activity",
                        &t.name,
                        &self.years,
                        &chart_data::entry_dates(m, &t.entries),
                    ),
                );
                ("topic.html", ctx)
            }
            PageId::Sources => {
                let mut ctx = self.ctx(
                    id,
                    "sources",
                    "Sources",
                    "Every source the chronicle cites, by publisher.",
                );
                ctx.insert("publishers", &self.publishers());
                ctx.insert(
                    "source_count",
                    &m.publishers.iter().map(|p| p.items.len()).sum::<usize>(),
                );
                ("sources.html", ctx)
            }
            PageId::Map => {
                let mut ctx = self.ctx(
                    id,
                    "map",
                    "Relations map",
                    "The actors of the chronicle as a network: who appears with whom, and how often.",
                );
                ctx.insert("map", &chart_data::relations_map(m));
                ("map.html", ctx)
            }
            PageId::Page(i) => {
                let p = &m.pages[i];
                let mut ctx = self.ctx(id, "page", &p.title, &p.description);
                ctx.insert("content", &p.body_html);
                ("page.html", ctx)
            }
            PageId::NotFound => ("404.html", self.ctx(id, "404", "Page not found", "")),
            PageId::Search => ("search.html", self.ctx(id, "search", "Search", "Search the chronicle.")),
            PageId::Feed => {
                let all: Vec<usize> = (0..m.entries.len()).collect();
                let mut ctx = self.ctx(id, "feed", &m.config.title, "");
                ctx.insert(
                    "feed",
                    &self.feed(m.config.title.clone(), id, PageId::Home, &all, FEED_ENTRIES, true),
                );
                ("feed.xml", ctx)
            }
            PageId::ActorFeed(i) => {
                let a = &m.actors[i];
                let title = format!("{} · {}", a.name, m.config.title);
                let mut ctx = self.ctx(id, "feed", &title, "");
                ctx.insert(
                    "feed",
                    &self.feed(title.clone(), id, PageId::Actor(i), &a.entries, SUB_FEED_ENTRIES, false),
                );
                ("feed.xml", ctx)
            }
            PageId::TopicFeed(i) => {
                let t = &m.topics[i];
                let title = format!("{} · {}", t.name, m.config.title);
                let mut ctx = self.ctx(id, "feed", &title, "");
                ctx.insert(
                    "feed",
                    &self.feed(title.clone(), id, PageId::Topic(i), &t.entries, SUB_FEED_ENTRIES, false),
                );
                ("feed.xml", ctx)
            }
            PageId::Sitemap => {
                let mut ctx = self.ctx(id, "sitemap", "Sitemap", "");
                let urls: Vec<String> = self
                    .pages()
                    .into_iter()
                    .filter(|p| p.in_sitemap())
                    .map(|p| m.config.permalink(&self.url(p)))
                    .collect();
                ctx.insert("urls", &urls);
                ("sitemap.xml", ctx)
            }
            PageId::Robots => {
                let mut ctx = self.ctx(id, "robots", "robots.txt", "");
                ctx.insert("sitemap_url", &m.config.permalink(&self.url(PageId::Sitemap)));
                ("robots.txt", ctx)
            }
            PageId::SearchIndex => return Ok(export::search_index(m)),
            PageId::Data => return Ok(export::data_json(m)),
        };
        self.tera
            .render(template, &ctx)
            .map(String::into_bytes)
            .map_err(|e| self.error(&self.url(id), &e))
    }

    /// Barometers of an actor with the partners it shares the most entries
    /// with, for those pairs with enough entries that have a tone.
    fn pairs(&self, i: usize) -> Vec<PairView<'_>> {
        let m = self.model;
        let a = &m.actors[i];
        let mut out = Vec::new();
        for &(p, count) in &a.partners {
            if out.len() == PAIR_BAROMETERS {
                break;
            }
            let shared = chart_data::shared_entries(&a.entries, &m.actors[p].entries);
            let points = chart_data::tone_points(m, &shared);
            if points.len() < PAIR_MIN_TONED {
                continue;
            }
            let partner = &m.actors[p];
            let title = format!("Relations barometer: {} and {}", a.name, partner.name);
            let id = format!("pair-{}", out.len() + 1);
            if let Some(barometer) = charts::barometer(&id, &title, &self.years, &points, charts::Size::Compact) {
                out.push(PairView {
                    name: &partner.name,
                    url: actor_link(m, partner).url,
                    count,
                    barometer,
                });
            }
        }
        out
    }

    fn actor_summary<'b>(&'b self, a: &'b crate::model::Actor) -> ActorSummary<'b> {
        ActorSummary {
            slug: &a.slug,
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
        ActorView {
            slug: &a.slug,
            name: &a.name,
            url: actor_link(m, a).url,
            kind: a.kind.map(|k| k.as_str()),
            role: a.role.as_deref(),
            aliases: &a.aliases,
            affiliation: a.affiliation.map(|p| actor_link(m, &m.actors[p])),
            members: a.members.iter().map(|&k| actor_link(m, &m.actors[k])).collect(),
            profile_html: &a.profile_html,
            count: a.entries.len(),
            first: a.entries.first().map(|&e| (&m.entries[e].date).into()),
            last: a.entries.last().map(|&e| (&m.entries[e].date).into()),
            partners: a
                .partners
                .iter()
                .map(|&(p, count)| Partner {
                    name: &m.actors[p].name,
                    url: actor_link(m, &m.actors[p]).url,
                    count,
                    share: count * 100 / a.partners.first().map_or(1, |f| f.1.max(1)),
                })
                .collect(),
        }
    }

    fn entry_view(&self, i: usize) -> EntryView<'_> {
        let m = self.model;
        let e = &m.entries[i];
        let brief = |k: usize| Brief {
            url: entry_url(m, k),
            title: &m.entries[k].title,
            when: views::when(&m.entries[k]),
            date: (&m.entries[k].date).into(),
        };
        let permalink = m.config.permalink(&entry_url(m, i));
        EntryView {
            json_ld: self.json_ld(i, &permalink),
            card: card(m, i),
            permalink,
            body_html: &e.body_html,
            sources: e
                .sources
                .iter()
                .enumerate()
                .map(|(n, (s, r))| SourceView {
                    number: n + 1,
                    title: &s.title,
                    publisher: s.publisher.as_deref(),
                    url: s.url.as_deref(),
                    author: s.author.as_deref(),
                    date: s.date.as_ref().map(Into::into),
                    bibliography_url: paths::source_url(&m.config.root, &m.publishers[r.publisher].items[r.item].id),
                })
                .collect(),
            related: e.related.iter().map(|&k| brief(k)).collect(),
            backlinks: e.backlinks.iter().map(|&k| brief(k)).collect(),
            previous: e.prev.map(brief),
            next: e.next.map(brief),
        }
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
            "keywords": e.topics.iter().map(|&t| m.topics[t].name.as_str()).collect::<Vec<_>>(),
            "citation": citations,
        });
        export::script_safe_json(&doc)
    }

    fn publishers(&self) -> Vec<PublisherView<'_>> {
        let m = self.model;
        m.publishers
            .iter()
            .map(|p| PublisherView {
                name: &p.name,
                id: &p.id,
                count: p.items.len(),
                items: p
                    .items
                    .iter()
                    .map(|b| BibView {
                        id: &b.id,
                        title: &b.source.title,
                        url: b.source.url.as_deref(),
                        author: b.source.author.as_deref(),
                        date: b.source.date.as_ref().map(Into::into),
                        cited_by: b
                            .cited_by
                            .iter()
                            .map(|&k| Brief {
                                url: entry_url(m, k),
                                title: &m.entries[k].title,
                                when: views::when(&m.entries[k]),
                                date: (&m.entries[k].date).into(),
                            })
                            .collect(),
                    })
                    .collect(),
            })
            .collect()
    }
}

#[derive(Serialize)]
struct ActorSummary<'a> {
    slug: &'a str,
    name: &'a str,
    url: String,
    kind: Option<&'static str>,
    role: Option<&'a str>,
    count: usize,
}

#[derive(Serialize)]
struct Partner<'a> {
    name: &'a str,
    url: String,
    count: usize,
    /// Count as a percentage of the first partner's, for bar lengths.
    share: usize,
}

/// An actor pair's barometer on an actor page (`pairs` in `actor.html`).
#[derive(Serialize)]
struct PairView<'a> {
    /// The partner.
    name: &'a str,
    url: String,
    /// Entries the two share.
    count: usize,
    barometer: charts::Barometer,
}

#[derive(Serialize)]
struct ActorView<'a> {
    slug: &'a str,
    name: &'a str,
    url: String,
    kind: Option<&'static str>,
    role: Option<&'a str>,
    aliases: &'a [String],
    affiliation: Option<Link<'a>>,
    members: Vec<Link<'a>>,
    profile_html: &'a str,
    count: usize,
    first: Option<DateView>,
    last: Option<DateView>,
    partners: Vec<Partner<'a>>,
}

#[derive(Serialize)]
struct TopicSummary<'a> {
    slug: &'a str,
    name: &'a str,
    url: String,
    description: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct TopicView<'a> {
    slug: &'a str,
    name: &'a str,
    url: String,
    description: &'a str,
    body_html: &'a str,
    count: usize,
}

/// A short reference to another entry.
#[derive(Serialize)]
struct Brief<'a> {
    url: String,
    title: &'a str,
    when: String,
    date: DateView,
}

#[derive(Serialize)]
struct SourceView<'a> {
    number: usize,
    title: &'a str,
    publisher: Option<&'a str>,
    url: Option<&'a str>,
    author: Option<&'a str>,
    date: Option<DateView>,
    bibliography_url: String,
}

#[derive(Serialize)]
struct EntryView<'a> {
    #[serde(flatten)]
    card: views::CardView<'a>,
    permalink: String,
    /// schema.org JSON-LD, already safe to place inside `<script>`.
    json_ld: String,
    body_html: &'a str,
    sources: Vec<SourceView<'a>>,
    related: Vec<Brief<'a>>,
    backlinks: Vec<Brief<'a>>,
    previous: Option<Brief<'a>>,
    next: Option<Brief<'a>>,
}

#[derive(Serialize)]
struct PublisherView<'a> {
    name: &'a str,
    id: &'a str,
    count: usize,
    items: Vec<BibView<'a>>,
}

#[derive(Serialize)]
struct BibView<'a> {
    id: &'a str,
    title: &'a str,
    url: Option<&'a str>,
    author: Option<&'a str>,
    date: Option<DateView>,
    cited_by: Vec<Brief<'a>>,
}
