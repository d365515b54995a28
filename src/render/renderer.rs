//! Render: the linked chronicle through Tera templates into pages.
//!
//! Every output file is a [`PageId`]; rendering one is a pure function of the
//! model and the templates, so pages render in parallel and `serve` can
//! re-render only the pages a change touches.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::diagnostics::Diagnostic;
use crate::model::Chronicle;
use crate::paths::{Place, SearchPart};
use crate::render::calendar;
use crate::render::explore;
use crate::render::i18n::Ui;
use crate::render::pages::{sitemap_chunks, sitemap_url_size, Page, SITEMAP_MAX_BYTES, SITEMAP_MAX_URLS};
use crate::render::search;
use crate::render::templates::{compile, tera_diagnostic};
use crate::render::theme::Theme;
use crate::render::views::{card, entry_url, Link};
use crate::render::{List, PageId};

/// The sitemap: the URL of every page listed in it, and the runs of them
/// each sitemap file holds (one run unless it takes parts).
pub(super) struct Sitemap {
    pub(super) urls: Vec<String>,
    pub(super) chunks: Vec<std::ops::Range<usize>>,
}

/// The optional template of an entry in the lists of an actor, topic or
/// relation.
pub const ROW_TEMPLATE: &str = "partials/row.html";

/// Site-wide data, the same on every page (`site` in templates).
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    root: &'a str,
    /// Where the static files (style.css, the scripts) and exports are:
    /// `root`, but on the pages of a translation's language.
    assets: &'a str,
    language: &'a str,
    /// `ltr` or `rtl`: the direction of the chronicle's language.
    dir: &'static str,
    /// The language of the chronicle's title, of its description and of
    /// its intro, when the pages are in another (a translation's) and
    /// `languages:` gives none in it: the chronicle's own.
    title_lang: Option<crate::render::views::LangView>,
    description_lang: Option<crate::render::views::LangView>,
    intro_lang: Option<crate::render::views::LangView>,
    /// `title_lang`, by its older name.
    text_lang: Option<crate::render::views::LangView>,
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
    /// The relations index's URL, when the theme has one.
    relations_url: Option<String>,
    /// The corrections page's URL, when the theme has one.
    corrections_url: Option<String>,
    /// The chronicle as data, for download.
    data: DataLinks,
    generator: &'static str,
}

/// The files the chronicle is published as data in (`site.data`): once, at
/// the site's root, for every language's pages.
#[derive(Serialize)]
struct DataLinks {
    json: String,
    entries_csv: String,
    sources_csv: String,
    sources_csl: String,
    timeline: String,
    /// The calendar of planned entries, when there are any.
    planned_ics: Option<String>,
}

#[derive(Serialize)]
struct YearRef {
    year: i32,
    url: String,
}

/// Renders pages of one chronicle with one set of templates.
pub struct Renderer<'a> {
    pub(super) model: &'a Chronicle,
    /// The interface's language: its strings, dates and digits.
    pub(super) ui: Ui,
    pub(super) tera: Tera,
    pub(super) theme: &'a Theme,
    /// Each entry's card, rendered once.
    pub(super) cards: Vec<Arc<str>>,
    /// Each entry's row (`partials/row.html`: a card without its tags,
    /// for the lists that show an entry beside many others of one actor,
    /// topic or relation), rendered once; its card when the theme has no
    /// row template.
    pub(super) rows: Vec<Arc<str>>,
    /// The site-wide data (`site`) as JSON: when it changes, every page may.
    pub(super) site_fingerprint: String,
    /// Each publisher's first row in the bibliography, to find the part of
    /// it that lists a source.
    pub(super) source_offsets: Vec<usize>,
    /// The search index, built once, when first asked for.
    search: OnceLock<search::Index>,
    /// The sitemap's URLs and files, worked out once.
    sitemap: OnceLock<Sitemap>,
    /// What every part of a list in parts shows alike (an actor's panels
    /// and charts, a year's months), worked out for the first part asked
    /// for and kept for the others: a list as long as the chronicle is in
    /// as many parts, so working it out for each would take the square.
    shared: HashMap<List, OnceLock<Shared>>,
    /// The order of the relations index, worked out once for its parts.
    relations_order: OnceLock<Vec<usize>>,
    /// Every language of the chronicle, its own first: its tag, its name in
    /// itself and the root of its pages; and which one this renderer's is.
    pub(super) sites: Vec<(crate::language::Lang, String, String)>,
    pub(super) site: usize,
    /// The interfaces of the other languages entries are written in (an
    /// English entry on an Urdu page), where the theme has strings in
    /// them: what is said of a text in its own words, its citation, is
    /// said in them.
    pub(super) text_uis: Vec<Ui>,
}

impl<'a> Renderer<'a> {
    /// Compiles the theme's templates and renders every entry card.
    pub fn new(model: &'a Chronicle, theme: &'a Theme) -> Result<Self, Vec<Diagnostic>> {
        Self::reusing(model, theme, &|_| None, None)
    }

    /// Like [`Renderer::new`], but takes an entry's card and row from
    /// `reuse(slug)` when it gives them, and the compiled templates from
    /// `last` when they are the same templates with the same interface
    /// (its filters format as this one's): `serve` hands back the cards of
    /// entries that did not change, and the renderer of the same language
    /// it served until now.
    #[allow(clippy::type_complexity)]
    pub fn reusing(
        model: &'a Chronicle,
        theme: &'a Theme,
        reuse: &(dyn Fn(&str) -> Option<(Arc<str>, Arc<str>)> + Sync),
        last: Option<&Renderer<'_>>,
    ) -> Result<Self, Vec<Diagnostic>> {
        let c = &model.config;
        let (ui, _) = Ui::load(theme, &c.language, c.calendar, c.language_at);
        let ui_fingerprint = ui.fingerprint();
        let same =
            |last: &&Renderer<'_>| last.theme.templates == theme.templates && last.ui.fingerprint() == ui_fingerprint;
        let mut tera = match last.filter(same) {
            Some(last) => last.tera.clone(),
            None => compile(theme, &ui)?,
        };
        let mut diags = Vec::new();
        // A text `languages:` gives in the pages' language is in it; any
        // other is in the chronicle's own.
        let own_lang = |key: &str| {
            if c.translated_texts.contains(&key) {
                None
            } else {
                crate::render::views::lang_on(&c.language, Some(&c.site_language), &c.site_language)
            }
        };
        let site = SiteView {
            title: &c.title,
            description: &c.description,
            base_url: &c.base_url,
            root: &c.root,
            assets: &c.site_root,
            language: c.language.tag(),
            dir: c.language.dir().as_str(),
            title_lang: own_lang("title"),
            description_lang: own_lang("description"),
            intro_lang: own_lang("intro"),
            text_lang: own_lang("title"),
            author: &c.author,
            intro_html: &model.intro_html,
            extra: &c.extra,
            pages: model
                .pages
                .iter()
                .map(|p| Link {
                    lang: crate::render::views::other_lang(model, p.language.as_ref()),
                    name: p.link_title.as_deref().unwrap_or(&p.title),
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
            relations_url: theme
                .templates
                .contains_key("relations.html")
                .then(|| Place::Relations.url(&c.root)),
            corrections_url: theme
                .templates
                .contains_key("corrections.html")
                .then(|| Place::Corrections.url(&c.root)),
            data: DataLinks {
                json: Place::Data.url(&c.site_root),
                entries_csv: Place::EntriesCsv.url(&c.site_root),
                sources_csv: Place::SourcesCsv.url(&c.site_root),
                sources_csl: Place::SourcesCsl.url(&c.site_root),
                timeline: Place::TimelineJson.url(&c.site_root),
                planned_ics: calendar::has_calendar(model, 0..model.entries.len())
                    .then(|| Place::PlannedIcs.url(&c.site_root)),
            },
            generator: concat!("chronicle ", env!("CARGO_PKG_VERSION")),
        };
        tera.global_context().insert("site", &site);
        tera.global_context().insert_value("t", ui.template_value());
        tera.global_context().insert("strings", &ui.script_strings());
        // The strings change what every page says, as `site` does.
        // The languages too: every page links to itself in each of them.
        let languages: Vec<&str> = std::iter::once(&c.site_language)
            .chain(model.translations.iter().map(|t| &t.lang))
            .map(|l| l.tag())
            .collect();
        let site_fingerprint = format!(
            "{}\n{:x}\n{}",
            serde_json::to_string(&site).unwrap_or_default(),
            ui_fingerprint,
            languages.join(" ")
        );
        let sites = language_sites(model, theme);
        let site_index = sites.iter().position(|(l, _, _)| l == &c.language).unwrap_or(0);
        let mut text_uis: Vec<Ui> = Vec::new();
        for lang in model.entries.iter().filter_map(|e| e.language.as_ref()) {
            if !lang.same_language(&ui.lang)
                && !text_uis.iter().any(|u| u.lang.same_language(lang))
                && crate::render::i18n::has_strings(theme, lang)
            {
                text_uis.push(Ui::load(theme, lang, c.calendar, (0, 0)).0);
            }
        }
        let mut renderer = Renderer {
            model,
            text_uis,
            ui,
            sites,
            site: site_index,
            tera,
            theme,
            cards: Vec::new(),
            rows: Vec::new(),
            site_fingerprint,
            source_offsets: crate::render::paging::source_offsets(model),
            search: OnceLock::new(),
            sitemap: OnceLock::new(),
            shared: lists_in_parts(model).map(|l| (l, OnceLock::new())).collect(),
            relations_order: OnceLock::new(),
        };
        let has_rows = theme.templates.contains_key(ROW_TEMPLATE);
        let cards: Vec<Result<(Arc<str>, Arc<str>), Diagnostic>> = (0..model.entries.len())
            .into_par_iter()
            .map(|i| {
                if let Some(html) = reuse(&model.entries[i].slug) {
                    return Ok(html);
                }
                let mut ctx = Context::new();
                ctx.insert("entry", &card(model, &renderer.ui, i));
                let render = |template: &str| {
                    renderer
                        .tera
                        .render(template, &ctx)
                        .map(Arc::from)
                        .map_err(|e| renderer.error(&entry_url(model, i), &e))
                };
                let card: Arc<str> = render("partials/card.html")?;
                let row = if has_rows {
                    render(ROW_TEMPLATE)?
                } else {
                    Arc::clone(&card)
                };
                Ok((card, row))
            })
            .collect();
        let mut out = Vec::with_capacity(cards.len());
        let mut rows = Vec::with_capacity(cards.len());
        for c in cards {
            match c {
                Ok((card, row)) => {
                    out.push(card);
                    rows.push(row);
                }
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
        renderer.rows = rows;
        Ok(renderer)
    }

    pub(super) fn error(&self, url: &str, e: &tera::Error) -> Diagnostic {
        tera_diagnostic(e, self.theme, &format!("cannot render {url}: "))
    }

    /// The site-wide template data as JSON; `serve` compares it between
    /// builds to know whether every page must be rendered again.
    pub fn site_fingerprint(&self) -> &str {
        &self.site_fingerprint
    }

    /// Each entry's rendered card, in the model's entry order.
    pub fn cards(&self) -> &[Arc<str>] {
        &self.cards
    }

    /// Each entry's rendered row, in the model's entry order.
    pub fn rows(&self) -> &[Arc<str>] {
        &self.rows
    }

    /// Takes `index` as the search index (when none was built yet): a
    /// build makes it beside the cards.
    pub fn use_search_index(&self, index: search::Index) {
        let _ = self.search.set(index);
    }

    /// The search index's manifest and term shards.
    pub fn search_index(&self) -> &search::Index {
        self.search.get_or_init(|| search::build(self.model))
    }

    /// Every page of the site, in a stable order.
    pub fn pages(&self) -> Vec<PageId> {
        self.pages_with(true)
    }

    /// Every page but the search index's term shards, whose number is only
    /// known once the index is built: what `serve` lists up front, leaving
    /// the index to the first search (see [`Renderer::term_shards`]).
    pub fn pages_but_terms(&self) -> Vec<PageId> {
        self.pages_with(false)
    }

    /// [`Renderer::pages_but_terms`] but the sitemap's parts, which
    /// [`Renderer::sitemap_parts`] gives.
    pub fn pages_but_terms_and_parts(&self) -> Vec<PageId> {
        self.site_pages(false)
    }

    /// The parts of the sitemap (none when it fits in one file), given
    /// every other page of the site.
    pub fn sitemap_parts(&self, pages: &[PageId]) -> Vec<PageId> {
        match self.sitemap_with(pages).chunks.len() {
            parts @ 2.. => (1..=parts).map(PageId::SitemapPart).collect(),
            _ => Vec::new(),
        }
    }

    /// How many URLs the sitemap made from `pages` (see
    /// [`Renderer::sitemap_parts`]) lists, and their bytes in it.
    pub fn sitemap_size(&self, pages: &[PageId]) -> (usize, usize) {
        let urls = &self.sitemap_with(pages).urls;
        (urls.len(), urls.iter().map(|u| sitemap_url_size(u)).sum())
    }

    /// How many of `ids` the sitemap lists, and their URLs' bytes in it.
    pub fn sitemap_size_of(&self, ids: impl Iterator<Item = PageId>) -> (usize, usize) {
        ids.filter(|p| p.in_sitemap())
            .map(|p| sitemap_url_size(&self.model.config.permalink(&self.url(p))))
            .fold((0, 0), |(n, b), size| (n + 1, b + size))
    }

    /// How many term shards the search index has (building it).
    pub fn term_shards(&self) -> usize {
        self.search_index().shards.len()
    }

    fn pages_with(&self, terms: bool) -> Vec<PageId> {
        let mut v = self.site_pages(terms);
        // A sitemap too large for one file gets parts, which `sitemap.xml`
        // lists.
        let parts = self.sitemap_parts(&v);
        v.extend(parts);
        v
    }

    /// The sitemap's URLs and how they split into files, worked out once
    /// from `pages` (the site's pages but the sitemap's own parts).
    pub(super) fn sitemap_with(&self, pages: &[PageId]) -> &Sitemap {
        self.sitemap.get_or_init(|| {
            let m = self.model;
            let urls: Vec<String> = pages
                .iter()
                .filter(|p| p.in_sitemap())
                .map(|&p| m.config.permalink(&self.url(p)))
                .collect();
            let chunks = sitemap_chunks(&urls, SITEMAP_MAX_URLS, SITEMAP_MAX_BYTES);
            Sitemap { urls, chunks }
        })
    }

    /// The sitemap (see [`Renderer::sitemap_with`]).
    pub(super) fn sitemap(&self) -> &Sitemap {
        match self.sitemap.get() {
            Some(s) => s,
            None => self.sitemap_with(&self.site_pages(false)),
        }
    }

    /// Every page but the sitemap's parts, which depend on these (and but
    /// the search index's term shards unless `terms`: no sitemap lists them).
    fn site_pages(&self, terms: bool) -> Vec<PageId> {
        let mut v = self.all_site_pages(terms);
        // A translation's language has the pages people read and their
        // feeds, search and filters; the exports, citation files, old URLs,
        // robots.txt and the 404 page are the site's, at its root, once.
        if self.is_translation() {
            v.retain(|p| {
                !matches!(
                    p,
                    PageId::Robots
                        | PageId::NotFound
                        | PageId::Data
                        | PageId::SourcesCsl
                        | PageId::EntriesCsv
                        | PageId::SourcesCsv
                        | PageId::TimelineJson
                        | PageId::PlannedIcs
                        | PageId::ActorIcs(_)
                        | PageId::EntryBibtex(_)
                        | PageId::EntryRis(_)
                        | PageId::EntryCsl(_)
                        | PageId::Redirect(_)
                )
            });
        }
        v
    }

    /// Whether this renders the pages of a translation's language.
    pub fn is_translation(&self) -> bool {
        self.model.config.root != self.model.config.site_root
    }

    fn all_site_pages(&self, terms: bool) -> Vec<PageId> {
        let m = self.model;
        let mut v = vec![PageId::Home, PageId::Actors, PageId::Topics, PageId::Sources];
        if self.theme.templates.contains_key("map.html") {
            v.push(PageId::Map);
        }
        if self.theme.templates.contains_key("relations.html") {
            v.push(PageId::Relations);
        }
        v.extend([
            PageId::NotFound,
            PageId::Search,
            PageId::Feed,
            PageId::Sitemap,
            PageId::Robots,
            PageId::SearchManifest,
            PageId::Data,
            PageId::ExploreIndex,
            PageId::ExploreRelations,
        ]);
        v.extend((0..explore::STATUSES.len()).map(PageId::ExploreStatus));
        v.extend(explore::TONES.iter().map(|&n| PageId::ExploreTone(n)));
        v.extend(PageId::parts_of(m, List::Actors).skip(1));
        v.extend(PageId::parts_of(m, List::Sources).skip(1));
        if self.theme.templates.contains_key("relations.html") {
            v.extend(PageId::parts_of(m, List::Relations).skip(1));
        }
        let (meta, text) = search::chunk_counts(m.entries.len());
        if terms {
            v.extend((0..self.term_shards()).map(|n| PageId::SearchPart(SearchPart::Terms, n)));
        }
        v.extend((0..meta).map(|n| PageId::SearchPart(SearchPart::Meta, n)));
        v.extend((0..text).map(|n| PageId::SearchPart(SearchPart::Text, n)));
        v.extend([
            PageId::SourcesCsl,
            PageId::EntriesCsv,
            PageId::SourcesCsv,
            PageId::TimelineJson,
        ]);
        if calendar::has_calendar(m, 0..m.entries.len()) {
            v.push(PageId::PlannedIcs);
        }
        v.extend(
            (0..m.actors.len())
                .filter(|&a| calendar::has_calendar(m, m.actors[a].entries.iter().copied()))
                .map(PageId::ActorIcs),
        );
        v.extend((0..m.entries.len()).flat_map(PageId::entry_files));
        v.extend((0..m.redirects.len()).map(PageId::Redirect));
        v.extend((0..m.years.len()).flat_map(|y| PageId::parts_of(m, List::Year(y))));
        v.extend((0..m.actors.len()).flat_map(|a| PageId::parts_of(m, List::Actor(a))));
        v.extend((0..m.topics.len()).flat_map(|t| PageId::parts_of(m, List::Topic(t))));
        v.extend((0..m.actors.len()).map(PageId::ActorFeed));
        v.extend((0..m.topics.len()).map(PageId::TopicFeed));
        v.extend((0..m.pages.len()).map(PageId::Page));
        if self.theme.templates.contains_key("corrections.html") {
            v.extend([PageId::Corrections, PageId::CorrectionsFeed]);
        }
        if self.theme.templates.contains_key("relation.html") {
            v.extend((0..m.relations.len()).flat_map(|r| PageId::parts_of(m, List::Relation(r))));
            v.extend((0..m.relations.len()).map(PageId::RelationFeed));
        }
        v.extend((0..m.actors.len()).map(PageId::ExploreActor));
        v.extend((0..m.topics.len()).map(PageId::ExploreTopic));
        v.extend((0..m.relations.len()).map(PageId::ExploreRelation));
        v.extend((0..explore::chunk_count(m.entries.len())).map(PageId::ExploreEntries));
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
            PageId::Relations => Place::Relations,
            PageId::Relation(i) => Place::Relation(&m.relations[i].slug),
            PageId::RelationFeed(i) => Place::RelationFeed(&m.relations[i].slug),
            PageId::Page(i) => Place::Page(&m.pages[i].slug),
            PageId::EntryBibtex(i) => Place::EntryBibtex(&m.entries[i].slug),
            PageId::EntryRis(i) => Place::EntryRis(&m.entries[i].slug),
            PageId::EntryCsl(i) => Place::EntryCsl(&m.entries[i].slug),
            PageId::SourcesCsl => Place::SourcesCsl,
            PageId::EntriesCsv => Place::EntriesCsv,
            PageId::SourcesCsv => Place::SourcesCsv,
            PageId::TimelineJson => Place::TimelineJson,
            PageId::PlannedIcs => Place::PlannedIcs,
            PageId::ActorIcs(i) => Place::ActorIcs(&m.actors[i].slug),
            PageId::Redirect(k) => Place::Redirect(&m.redirects[k].file),
            PageId::Corrections => Place::Corrections,
            PageId::CorrectionsFeed => Place::CorrectionsFeed,
            PageId::NotFound => Place::NotFound,
            PageId::Search => Place::Search,
            PageId::Feed => Place::Feed,
            PageId::ActorFeed(i) => Place::ActorFeed(&m.actors[i].slug),
            PageId::TopicFeed(i) => Place::TopicFeed(&m.topics[i].slug),
            PageId::Sitemap => Place::Sitemap,
            PageId::SitemapPart(n) => Place::SitemapPart(n),
            PageId::Robots => Place::Robots,
            PageId::SearchManifest => Place::SearchManifest,
            PageId::SearchPart(part, n) => Place::SearchPart(part, n),
            PageId::Data => Place::Data,
            PageId::ExploreIndex => Place::ExploreIndex,
            PageId::ExploreRelations => Place::ExploreRelations,
            PageId::ExploreActor(i) => Place::ExploreActor(&m.actors[i].slug),
            PageId::ExploreTopic(i) => Place::ExploreTopic(&m.topics[i].slug),
            PageId::ExploreRelation(i) => Place::ExploreRelation(&m.relations[i].slug),
            PageId::ExploreStatus(i) => Place::ExploreStatus(explore::STATUSES[i].as_str()),
            PageId::ExploreTone(n) => Place::ExploreTone(n),
            PageId::ExploreEntries(k) => Place::ExploreEntries(k),
            PageId::Part(list, n) => list.listing(m).part(n),
        }
    }

    /// The output path of a page, relative to the output folder: in the
    /// folder of its language (`ur/`) on a translation's pages.
    pub fn output_path(&self, id: PageId) -> String {
        let c = &self.model.config;
        let dir = c.root.strip_prefix(c.site_root.as_str()).unwrap_or("");
        let file = self.place(id).file();
        if dir.is_empty() {
            file
        } else {
            format!("{dir}{file}")
        }
    }

    /// The URL of a page of the site's own language (the exports and
    /// citation files, which every language's pages share).
    pub(super) fn site_url(&self, id: PageId) -> String {
        self.place(id).url(&self.model.config.site_root)
    }

    /// The site URL (path) of a page.
    pub(super) fn url(&self, id: PageId) -> String {
        self.place(id).url(&self.model.config.root)
    }

    /// The interface in which to speak of a text in `lang` (none: the
    /// page's): its own language's where the theme has strings in it, else
    /// the page's.
    pub(super) fn text_ui(&self, lang: Option<&crate::language::Lang>) -> &Ui {
        lang.filter(|l| !l.same_language(&self.ui.lang))
            .and_then(|l| self.text_uis.iter().find(|u| u.lang.same_language(l)))
            .unwrap_or(&self.ui)
    }

    /// The permalink of entry `i`'s page in the edition of `lang`, when the
    /// site has one; else on these pages.
    pub(super) fn entry_permalink_in(&self, i: usize, lang: &crate::language::Lang) -> String {
        let m = self.model;
        let path = match self.sites.iter().find(|(l, _, _)| l.same_language(lang)) {
            Some((_, _, root)) => Place::Entry(&m.entries[i].slug).url(root),
            None => entry_url(m, i),
        };
        m.config.permalink(&path)
    }

    /// Puts into `ctx` what each part of `list` shows alike: worked out by
    /// `make` once for all of its parts (see [`Renderer::shared`]'s field).
    pub(super) fn insert_shared(&self, ctx: &mut Context, list: List, make: impl FnOnce() -> Shared) {
        let values = match self.shared.get(&list) {
            Some(kept) => kept.get_or_init(make).clone(),
            None => make(),
        };
        for (key, value) in values {
            ctx.insert_value(key, value);
        }
    }

    /// The relations in the order of their index: most shared entries
    /// first, then most tones declared, then by place in the model.
    pub(super) fn relations_order(&self) -> &[usize] {
        self.relations_order.get_or_init(|| {
            let m = self.model;
            let mut list: Vec<usize> = (0..m.relations.len()).collect();
            list.sort_by(|&x, &y| {
                let (a, b) = (&m.relations[x], &m.relations[y]);
                (b.entries.len(), b.tones.len())
                    .cmp(&(a.entries.len(), a.tones.len()))
                    .then(x.cmp(&y))
            });
            list
        })
    }

    /// Whether page `id` is written in pieces by [`Renderer::render_into`]:
    /// the exports of every entry and source, which run to hundreds of
    /// megabytes at 100,000 entries (the search index's manifest, made
    /// with the index, is small).
    pub fn streams(&self, id: PageId) -> bool {
        id.is_export() && id != PageId::SearchManifest
    }

    /// Writes page `id` into `w` as it is made, when it is one that
    /// [`Renderer::streams`]; any other page is rendered and then written.
    pub fn render_into(&self, id: PageId, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let m = self.model;
        match id {
            PageId::EntriesCsv => crate::render::tables::write_entries_csv(m, w),
            PageId::SourcesCsv => crate::render::tables::write_sources_csv(m, w),
            PageId::Data => crate::render::export::write_data_json(m, self.has_relation_pages(), w),
            PageId::SourcesCsl => crate::render::cite::write_sources_csl(m, w),
            PageId::TimelineJson => crate::render::timelinejs::write_timeline_json(m, w),
            _ => {
                let bytes = self.render(id).map_err(|d| std::io::Error::other(d.message))?;
                w.write_all(&bytes)
            }
        }
    }

    /// Renders one page to bytes.
    pub fn render(&self, id: PageId) -> Result<Vec<u8>, Diagnostic> {
        match self.page(id) {
            Page::Bytes(bytes) => Ok(bytes),
            // Written whole into memory (a build writes it to its file in
            // pieces), failing as the build would: a body read back that
            // changed since it was linked.
            Page::Streamed => {
                let mut bytes = Vec::new();
                self.render_into(id, &mut bytes).map_err(|e| {
                    Diagnostic::error(
                        self.output_path(id),
                        0,
                        0,
                        format!("cannot render {}: {e}", self.url(id)),
                    )
                })?;
                Ok(bytes)
            }
            Page::Template(template, ctx) => self
                .tera
                .render(template, &ctx)
                .map(String::into_bytes)
                .map_err(|e| self.error(&self.url(id), &e)),
        }
    }
}

/// Template values by name, as [`Renderer::insert_shared`] keeps them
/// (their arrays and maps are shared, not copied, when cloned).
pub(super) type Shared = Vec<(&'static str, Value)>;

/// A template value of `v`, as [`Context::insert`] makes it.
pub(super) fn value<T: Serialize + ?Sized>(v: &T) -> Value {
    Value::from_serializable(v)
}

/// The lists of `model` in more than one part.
fn lists_in_parts(model: &Chronicle) -> impl Iterator<Item = List> + '_ {
    let each = (0..model.years.len())
        .map(List::Year)
        .chain((0..model.actors.len()).map(List::Actor))
        .chain((0..model.topics.len()).map(List::Topic))
        .chain((0..model.relations.len()).map(List::Relation));
    each.chain([List::Actors, List::Relations, List::Sources])
        .filter(move |l| l.parts(model) > 1)
}

/// Every language of `model`'s chronicle, its own first, then its
/// translations' by tag: the tag, the language's name in itself (from its
/// language file) and the root of its pages.
fn language_sites(model: &Chronicle, theme: &Theme) -> Vec<(crate::language::Lang, String, String)> {
    let c = &model.config;
    let mut langs = vec![c.site_language.clone()];
    langs.extend(model.languages());
    if langs.len() == 1 {
        return vec![(c.site_language.clone(), String::new(), c.site_root.clone())];
    }
    langs
        .into_iter()
        .enumerate()
        .map(|(k, lang)| {
            let (ui, _) = Ui::load(theme, &lang, c.calendar, (0, 0));
            let name = ui.text("language_name").to_string();
            let root = if k == 0 {
                c.site_root.clone()
            } else {
                format!("{}{}", c.site_root, crate::paths::language_dir(lang.tag()))
            };
            (lang, name, root)
        })
        .collect()
}
