//! The link stage: the parsed documents joined into one [`Chronicle`], by a
//! [`Linker`] that owns them and runs one named phase after another.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{Config, CONFIG_FILE};
use crate::content::load::Section;
use crate::content::parse::{ActorDoc, BodyText, Documents, EntryDoc, Origin, PageDoc, Source, TopicDoc};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::paths::Place;
use crate::site::stages::{give_back_memory, timing};

use super::bibliography::Bibliography;
use super::markdown::Rendered;
use super::relations::{self, EntryRelation, Shared};
use super::stored::Stored;
use super::targets::{ActorIndex, LinkTargets};
use super::{
    body_diagnostics, entry_order, short_summary, summary_of, Actor, BibRef, Chronicle, Cites, Entry, EntryContent,
    MarkdownCache, Page, Publisher, Redirect, Topic, Translation, Year,
};

/// How many co-appearing actors an actor page lists.
const MAX_PARTNERS: usize = 12;

/// Links parsed documents into a chronicle, reusing and refreshing `cache`
/// for Markdown bodies (a build passes [`MarkdownCache::aside`], which
/// keeps nothing and writes the entries' bodies aside; `serve` one that
/// keeps every body). Errors go into `diags`; the returned model is
/// complete only when no error was added.
pub fn link(
    docs: Documents,
    config: Config,
    drafts: bool,
    diags: &mut Diagnostics,
    cache: &mut MarkdownCache,
) -> Chronicle {
    let mut linker = Linker {
        docs,
        draft_slugs: HashSet::new(),
        resolved: Vec::new(),
        diags,
    };
    let t = std::time::Instant::now();
    let draft_slugs = linker.drop_drafts(drafts);
    linker.draft_slugs = draft_slugs.clone();
    linker.sort();
    linker.warn_duplicate_events();
    let targets = linker.link_targets(&config, draft_slugs);
    let focus = relations::resolve_focus(&config, &targets, linker.diags);
    linker.resolve_references(&targets, &config, focus);
    linker.check_rejected(&targets, &config, focus);
    timing("link: order, targets, references", t);
    let t = std::time::Instant::now();
    let bodies = linker.render_bodies(&targets, &config, cache);
    timing("link: bodies and bibliography", t);
    let t = std::time::Instant::now();
    let intro = linker.render_intro(&targets, &config);
    let affiliations = linker.resolve_affiliations(&targets);
    linker.check_affiliation_cycles(&affiliations);
    let redirects = linker.redirects(&config);
    let translations = linker.link_translations(&config, &targets, drafts);
    linker.check_language_texts(&targets, &config, &translations);
    timing("link: affiliations, redirects, translations", t);
    let t = std::time::Instant::now();
    let mut chronicle = linker.assemble(config, targets, bodies, affiliations, &intro, focus);
    timing("link: assemble", t);
    chronicle.scratch = cache.scratch().cloned();
    chronicle.redirects = redirects;
    chronicle.translations = translations;
    chronicle
}

/// The documents being linked and what linking has found out so far.
struct Linker<'d> {
    docs: Documents,
    /// Entries left out as drafts, whose translations go with them.
    draft_slugs: HashSet<String>,
    /// What linking resolved for each of `docs.entries`, in the same order.
    resolved: Vec<Resolved>,
    diags: &'d mut Diagnostics,
}

/// What linking resolved for one entry, beside what its file says.
pub(super) struct Resolved {
    pub(super) actors: Vec<usize>,
    pub(super) topics: Vec<usize>,
    pub(super) related: Vec<usize>,
    pub(super) body: Arc<Rendered>,
    /// Its summary, as given or drawn from its body.
    pub(super) summary: String,
    /// Its body's HTML and text, as the model keeps them.
    pub(super) html: Stored,
    pub(super) text: Stored,
    /// The bibliography record of each of its sources.
    pub(super) cited: Vec<BibRef>,
    /// Where its body is read again, when its text was let go.
    pub(super) markdown: Option<BodyText>,
    /// The tones it declares, and the focus pair's among them.
    pub(super) relations: Vec<EntryRelation>,
    pub(super) focus_tone: Option<i8>,
}

impl Resolved {
    /// The model entry of `doc`, from the document and what was resolved;
    /// its neighbours and backlinks come with the indexes ([`index_model`]).
    /// The document is shared with `serve`, which keeps it: what the entry
    /// needs of it is copied, and nothing else.
    pub(super) fn into_entry(self, doc: &EntryDoc) -> Entry {
        Entry {
            content: Arc::new(EntryContent {
                slug: doc.origin.slug.clone(),
                source_path: doc.origin.rel.clone(),
                language: doc.origin.language.clone(),
                summary: self.summary,
                summary_given: doc.summary.is_some(),
                body_html: self.html,
                text: self.text,
                markdown: self.markdown.unwrap_or_else(|| doc.origin.body_text()),
                citations: self.body.citations.iter().map(|c| c.0).collect(),
                title: doc.title.clone(),
                date: doc.date,
                end: doc.end,
                status: doc.status,
                locations: doc.locations.clone(),
                order: doc.order,
                updated: doc
                    .updated
                    .into_iter()
                    .chain(doc.corrections.iter().map(|c| c.date))
                    .max_by_key(|d| d.last_day()),
                corrections: doc.corrections.clone(),
                draft: doc.draft,
            }),
            sources: doc.sources.iter().cloned().zip(self.cited).collect(),
            tone: self.focus_tone,
            relations: self.relations,
            actors: self.actors,
            topics: self.topics,
            related: self.related,
            backlinks: Vec::new(),
            prev: None,
            next: None,
        }
    }
}

/// What an entry's front matter refers to, resolved against `targets`:
/// its actors, topics, related entries and the tones it declares (see
/// [`relations::resolve`]), with the problems found in it. Its body,
/// summary and sources are filled in later.
pub(super) fn resolve_entry(
    e: &EntryDoc,
    targets: &LinkTargets,
    config: &Config,
    focus: Option<(usize, usize)>,
) -> (Resolved, Diagnostics) {
    let mut diags = Diagnostics::new();
    let actors = targets.actor_refs(&e.origin, &e.actors, &mut diags);
    let relations = relations::resolve(
        &e.origin,
        e.tone,
        &e.relations,
        &actors,
        focus,
        config.focus.as_ref(),
        targets,
        &mut diags,
    );
    let focus_tone = focus.and_then(|(a, b)| {
        let key = (a.min(b), a.max(b));
        relations.iter().find(|x| x.pair == key).map(|x| x.tone)
    });
    let r = Resolved {
        topics: targets.topic_refs(&e.origin, &e.topics, &mut diags),
        related: targets.related_refs(&e.origin, &e.related, &mut diags),
        actors,
        relations,
        focus_tone,
        body: Arc::default(),
        summary: String::new(),
        html: Stored::Held(Arc::from("")),
        text: Stored::Held(Arc::from("")),
        cited: Vec::new(),
        markdown: None,
    };
    (r, diags)
}

/// A body rendered, with the problems found in it located in its file.
struct Body {
    rendered: Arc<Rendered>,
    diags: Vec<Diagnostic>,
}

impl Body {
    fn render(origin: &Origin, cites: Cites, cache: &MarkdownCache, targets: &LinkTargets) -> Body {
        let rendered = cache.render(origin, targets);
        let diags = body_diagnostics(origin, &rendered, cites);
        Body { rendered, diags }
    }
}

/// The rendered bodies of actors, topics and pages, and the bibliography.
struct Bodies {
    actors: Vec<Arc<Rendered>>,
    topics: Vec<Arc<Rendered>>,
    pages: Vec<Arc<Rendered>>,
    publishers: Arc<Vec<Publisher>>,
}

impl Linker<'_> {
    /// Drafts: unless they are wanted, leaves out draft entries and pages.
    /// Returns the slugs of the entries left out.
    fn drop_drafts(&mut self, keep: bool) -> HashSet<String> {
        if keep {
            return HashSet::new();
        }
        let slugs = self
            .docs
            .entries
            .iter()
            .filter(|e| e.draft)
            .map(|e| e.origin.slug.clone())
            .collect();
        self.docs.entries.retain(|e| !e.draft);
        self.docs.pages.retain(|p| !p.draft);
        slugs
    }

    /// The old URLs documents give, each with the page it now points at;
    /// an old URL claimed twice is an error where it is claimed again.
    fn redirects(&mut self, config: &Config) -> Vec<Redirect> {
        let root = &config.root;
        let d = &self.docs;
        // The page's URL is made only for a document that has old ones.
        let with = |o: &Origin, to: &dyn Fn() -> String, title: &str| {
            let to = if o.redirect_from.is_empty() {
                String::new()
            } else {
                to()
            };
            o.redirect_from
                .iter()
                .map(|r| Redirect {
                    file: r.file.clone(),
                    written: r.written.clone(),
                    to: to.clone(),
                    title: title.to_string(),
                    rel: o.rel.clone(),
                    line: r.line,
                    column: r.column,
                })
                .collect::<Vec<_>>()
        };
        let all: Vec<Redirect> = d
            .entries
            .iter()
            .flat_map(|e| with(&e.origin, &|| Place::Entry(&e.origin.slug).url(root), &e.title))
            .chain(
                d.actors
                    .iter()
                    .flat_map(|a| with(&a.origin, &|| Place::Actor(&a.origin.slug).url(root), &a.name)),
            )
            .chain(
                d.topics
                    .iter()
                    .flat_map(|t| with(&t.origin, &|| Place::Topic(&t.origin.slug).url(root), &t.name)),
            )
            .chain(
                d.pages
                    .iter()
                    .flat_map(|p| with(&p.origin, &|| Place::Page(&p.origin.slug).url(root), &p.title)),
            )
            .collect();
        let mut seen: HashMap<&str, &Redirect> = HashMap::new();
        let mut out = Vec::new();
        for r in &all {
            if let Some(first) = seen.get(r.file.as_str()) {
                self.diags.push(Diagnostic::error(
                    r.rel.clone(),
                    r.line,
                    r.column,
                    format!(
                        "the old URL `{}` is already claimed by {} (line {}); one URL can send readers to one page only",
                        r.written, first.rel, first.line
                    ),
                ));
                continue;
            }
            seen.insert(&r.file, r);
            out.push(r.clone());
        }
        out
    }

    /// Translations: each matched with its original (by section and slug),
    /// its body rendered with links into its own language's pages; a
    /// translation of nothing, or into its original's own language, is an
    /// error, and one that follows an older text than the original's last
    /// revision is a warning.
    fn link_translations(&mut self, config: &Config, targets: &LinkTargets, drafts: bool) -> Vec<Translation> {
        let d = &self.docs;
        let mut out = Vec::new();
        for t in &d.translations {
            if t.draft && !drafts {
                continue;
            }
            let slugs: Vec<&str> = match t.section {
                Section::Entries => d.entries.iter().map(|e| e.origin.slug.as_str()).collect(),
                Section::Actors => d.actors.iter().map(|a| a.origin.slug.as_str()).collect(),
                Section::Topics => d.topics.iter().map(|x| x.origin.slug.as_str()).collect(),
                Section::Pages => d.pages.iter().map(|p| p.origin.slug.as_str()).collect(),
            };
            let Some(index) = slugs.iter().position(|s| *s == t.origin.slug) else {
                // A draft original is left out with its translations.
                let draft = matches!(t.section, Section::Entries) && self.draft_slugs.contains(&t.origin.slug);
                if !draft {
                    let mut message = format!(
                        "`{}` translates `content/{}/{}.md`, which does not exist",
                        t.origin.rel,
                        t.section.dir(),
                        t.origin.slug
                    );
                    if let Some(s) = crate::diagnostics::suggest(&t.origin.slug, slugs.iter().copied()) {
                        message.push_str(&format!("; did you mean `{s}.{}.md`?", t.lang.tag()));
                    }
                    self.diags.push(Diagnostic::error(&t.origin.rel, 1, 1, message));
                }
                continue;
            };
            let (original_lang, updated) = match t.section {
                Section::Entries => (d.entries[index].origin.language.as_ref(), d.entries[index].updated),
                Section::Actors => (d.actors[index].origin.language.as_ref(), None),
                Section::Topics => (d.topics[index].origin.language.as_ref(), None),
                Section::Pages => (d.pages[index].origin.language.as_ref(), None),
            };
            let original_lang = original_lang.unwrap_or(&config.language);
            if original_lang.same_language(&t.lang) {
                self.diags.push(Diagnostic::error(
                    &t.origin.rel,
                    1,
                    1,
                    format!(
                        "`{}` is in {}, the language of `{}.md` itself: a translation is into another language; rename it or merge it into the original",
                        t.origin.rel,
                        t.lang.tag(),
                        t.origin.slug
                    ),
                ));
                continue;
            }
            if let Some(u) = updated.filter(|u| u.first_day() > t.translated.last_day()) {
                self.diags.push(t.origin.warning_at(
                    "translated",
                    &t.translated.iso(),
                    format!(
                        "this translation follows the text of {}, but `{}.md` was revised on {u}: bring the translation up to date and change `translated`",
                        t.translated, t.origin.slug
                    ),
                ));
            }
            let root = format!("{}{}", config.root, crate::paths::language_dir(t.lang.tag()));
            let body = targets.with_root(&root).render(t.origin.body());
            self.diags.extend(body_diagnostics(&t.origin, &body, Cites::Unknown));
            out.push(Translation {
                section: t.section,
                index,
                lang: t.lang.clone(),
                title: t.title.clone(),
                summary: t.summary.clone(),
                locations: t.locations.clone(),
                link_title: t.link_title.clone(),
                body_html: Arc::clone(&body.html),
                text: Arc::clone(&body.text),
                first_paragraph: body.first_paragraph.clone(),
                has_body: !t.origin.body().trim().is_empty(),
                translated: t.translated,
                source_path: t.origin.rel.clone(),
            });
        }
        out.sort_by(|a, b| (a.lang.tag(), a.section, a.index).cmp(&(b.lang.tag(), b.section, b.index)));
        out
    }

    /// Sorting: entries by date, actors and topics by name, pages by weight.
    fn sort(&mut self) {
        let docs = &mut self.docs;
        docs.entries.par_sort_by(|a, b| {
            entry_order(&a.date, a.order, &a.title, &a.origin.slug).cmp(&entry_order(
                &b.date,
                b.order,
                &b.title,
                &b.origin.slug,
            ))
        });
        docs.actors
            .sort_by(|a, b| (a.name.to_lowercase(), &a.origin.slug).cmp(&(b.name.to_lowercase(), &b.origin.slug)));
        docs.topics
            .sort_by(|a, b| (a.name.to_lowercase(), &a.origin.slug).cmp(&(b.name.to_lowercase(), &b.origin.slug)));
        docs.pages
            .sort_by(|a, b| (a.weight, &a.title, &a.origin.slug).cmp(&(b.weight, &b.title, &b.origin.slug)));
    }

    /// Two entries with the same date and title are most often one event
    /// recorded twice (real datasets have them): both are kept, and the
    /// later file says so. Sorted entries with one date are side by side.
    fn warn_duplicate_events(&mut self) {
        let entries: Vec<&EntryDoc> = self.docs.entries.iter().map(|e| &**e).collect();
        self.diags.extend(duplicate_events(&entries));
    }

    /// Link targets: the actor index (with its warnings) and every slug.
    fn link_targets(&mut self, config: &Config, drafts: HashSet<String>) -> LinkTargets {
        let index = ActorIndex::build(&self.docs.actors, self.diags);
        LinkTargets::new(config, index, &self.docs, drafts)
    }

    /// References: each entry's actors, topics and related entries, and
    /// the tones it declares for pairs of its actors (see
    /// [`relations::resolve`]), on every core.
    fn resolve_references(&mut self, targets: &LinkTargets, config: &Config, focus: Option<(usize, usize)>) {
        let resolved: Vec<(Resolved, Diagnostics)> = self
            .docs
            .entries
            .par_iter()
            .map(|e| resolve_entry(e, targets, config, focus))
            .collect();
        self.resolved = Vec::with_capacity(resolved.len());
        for (r, diags) in resolved {
            self.resolved.push(r);
            self.diags.extend(diags);
        }
    }

    /// Documents with errors of their own: their references and bodies are
    /// checked too, so a file's every mistake shows in one run.
    fn check_rejected(&mut self, targets: &LinkTargets, config: &Config, focus: Option<(usize, usize)>) {
        for r in &self.docs.rejected {
            let actors = targets.actor_refs(&r.origin, &r.actors, self.diags);
            relations::resolve(
                &r.origin,
                r.tone,
                &r.relations,
                &actors,
                focus,
                config.focus.as_ref(),
                targets,
                self.diags,
            );
            targets.topic_refs(&r.origin, &r.topics, self.diags);
            targets.related_refs(&r.origin, &r.related, self.diags);
            self.diags.extend(body_diagnostics(
                &r.origin,
                &targets.render(r.origin.body()),
                Cites::Unknown,
            ));
            if let Some(name) = &r.affiliation {
                targets.affiliation(&r.origin, name, self.diags);
            }
        }
    }

    /// Markdown bodies, in parallel, with internal links resolved and
    /// `cache` refreshed; and the bibliography, meanwhile in `serve` and
    /// after them in a build (see below).
    fn render_bodies(&mut self, targets: &LinkTargets, config: &Config, cache: &mut MarkdownCache) -> Bodies {
        cache.check_settings(config);
        let kept: &MarkdownCache = cache;
        let render = |origin: &Origin, cites: Cites| Body::render(origin, cites, kept, targets);
        // Each entry's text, when nothing else keeps it, is let go as soon
        // as its body is rendered: the largest part of a chronicle read,
        // needed again only by the exports, which read each body back.
        let bodies_from = self.docs.bodies_from.clone();
        let sources: Vec<Vec<Arc<Source>>> = self.docs.entries.iter().map(|e| e.sources.clone()).collect();
        // Which entry cites what, for a cache that keeps the bibliography.
        let slugs: Vec<String> = match cache.keeps() {
            true => self.docs.entries.iter().map(|e| e.origin.slug.clone()).collect(),
            false => Vec::new(),
        };
        type Kept = (Option<BodyText>, String, Stored, Stored);
        let entries = &mut self.docs.entries;
        let mut bodies = || -> Vec<(Body, Kept)> {
            entries
                .par_iter_mut()
                .map(|e| {
                    let mut body = render(&e.origin, Cites::Sources(e.sources.len()));
                    let summary = summary_of(e, &body.rendered);
                    // In a build, its HTML and text are written aside now.
                    let (html, text) = kept.store(&mut body.rendered);
                    let root = bodies_from.as_deref();
                    let markdown = root.zip(Arc::get_mut(e)).map(|(root, e)| e.origin.release_body(root));
                    (body, (markdown, summary, html, text))
                })
                .collect()
        };
        let bibliography = || {
            let t = std::time::Instant::now();
            // serve: the last one, renumbered and patched where entries
            // moved, came, went or cite other sources.
            let bib = kept
                .bibliography_for(&slugs, &sources)
                .unwrap_or_else(|| Bibliography::build(&sources));
            timing("link: bibliography", t);
            bib
        };
        let (entries, bib) = if bodies_from.is_some() {
            // A build: the bibliography takes the memory the entries' texts
            // gave back, rather than more beside them.
            let entries = bodies();
            give_back_memory();
            (entries, bibliography())
        } else {
            // serve: on whichever core is free meanwhile.
            rayon::join(bodies, bibliography)
        };
        let (entries, stored): (Vec<Body>, Vec<Kept>) = entries.into_iter().unzip();
        for (r, (markdown, summary, html, text)) in self.resolved.iter_mut().zip(stored) {
            r.markdown = markdown;
            r.summary = summary;
            r.html = html;
            r.text = text;
        }
        let docs = &self.docs;
        let actors: Vec<Body> = docs
            .actors
            .par_iter()
            .map(|a| render(&a.origin, Cites::Nothing))
            .collect();
        let topics: Vec<Body> = docs
            .topics
            .par_iter()
            .map(|t| render(&t.origin, Cites::Nothing))
            .collect();
        let pages: Vec<Body> = docs
            .pages
            .par_iter()
            .map(|p| render(&p.origin, Cites::Nothing))
            .collect();
        let all = || entries.iter().chain(&actors).chain(&topics).chain(&pages);
        cache.keep_only(origins(docs).zip(all().map(|b| &b.rendered)));
        cache.keep_bibliography(slugs, sources, &bib);
        for b in all() {
            self.diags.extend(b.diags.iter().cloned());
        }
        for ((r, body), cited) in self.resolved.iter_mut().zip(entries).zip(bib.cited) {
            r.body = body.rendered;
            r.cited = cited;
        }
        let rendered = |bodies: Vec<Body>| bodies.into_iter().map(|b| b.rendered).collect();
        Bodies {
            actors: rendered(actors),
            topics: rendered(topics),
            pages: rendered(pages),
            publishers: bib.publishers,
        }
    }

    /// The home introduction, which may link into the chronicle too.
    fn render_intro(&mut self, targets: &LinkTargets, config: &Config) -> Rendered {
        let intro = targets.render(&config.intro);
        for p in &intro.problems {
            let msg = &p.message;
            let d = if p.is_error {
                Diagnostic::error
            } else {
                Diagnostic::warning
            };
            self.diags
                .push(d(CONFIG_FILE.to_string(), 0, 0, format!("in `intro`: {msg}")));
        }
        for (n, _) in &intro.citations {
            self.diags.push(Diagnostic::error(
                CONFIG_FILE,
                0,
                0,
                format!(
                    "in `intro`: `source:{n}` cites a source, but only entries have sources; link to the entry instead"
                ),
            ));
        }
        intro
    }

    /// The chronicle's words in other languages (`languages:`): each for a
    /// language something is translated into, and an intro whose links
    /// lead somewhere.
    fn check_language_texts(&mut self, targets: &LinkTargets, config: &Config, translations: &[Translation]) {
        for (tag, texts) in &config.languages {
            // Its words show on its translations' pages, and in the
            // citations of entries written in it.
            let written_in = self
                .docs
                .entries
                .iter()
                .any(|e| e.origin.language.as_ref().is_some_and(|l| l.tag() == tag));
            if !written_in && !translations.iter().any(|t| t.lang.tag() == tag) {
                let (line, column) = texts.at;
                self.diags.push(Diagnostic::warning(
                    CONFIG_FILE,
                    line,
                    column,
                    format!(
                        "`languages` gives the chronicle's words in `{tag}`, but nothing is translated into it or written in it, so no page shows them; a translation is a file beside its original, such as `content/pages/about.{tag}.md`"
                    ),
                ));
            }
            let Some(intro) = &texts.intro else { continue };
            let (line, column) = texts.key_at("intro");
            let rendered = targets.render(intro);
            for p in &rendered.problems {
                let d = if p.is_error {
                    Diagnostic::error
                } else {
                    Diagnostic::warning
                };
                self.diags.push(d(
                    CONFIG_FILE.to_string(),
                    line,
                    column,
                    format!("in `languages.{tag}.intro`: {}", p.message),
                ));
            }
            if !rendered.citations.is_empty() {
                self.diags.push(Diagnostic::error(
                    CONFIG_FILE,
                    line,
                    column,
                    format!("in `languages.{tag}.intro`: only entries have sources; link to the entry instead"),
                ));
            }
        }
    }

    /// Affiliations: the actor each actor's `affiliation` names.
    fn resolve_affiliations(&mut self, targets: &LinkTargets) -> Vec<Option<usize>> {
        let mut affiliations = Vec::with_capacity(self.docs.actors.len());
        for a in &self.docs.actors {
            let name = a.affiliation.as_deref();
            affiliations.push(name.and_then(|name| targets.affiliation(&a.origin, name, self.diags)));
        }
        affiliations
    }

    /// Cycles: an affiliation chain must end; `a` in `b` in `a` has no top.
    fn check_affiliation_cycles(&mut self, affiliations: &[Option<usize>]) {
        let actors = &self.docs.actors;
        for (i, a) in actors.iter().enumerate() {
            let (mut at, mut steps) = (affiliations[i], 0);
            while let Some(j) = at {
                if j == i {
                    let name = a.affiliation.as_deref().unwrap_or_default();
                    self.diags.push(a.origin.error_at(
                        "affiliation",
                        name,
                        format!(
                            "the affiliation `{name}` leads back to this actor ({} is, through it, affiliated with itself); break the circle",
                            a.origin.slug
                        ),
                    ));
                    break;
                }
                steps += 1;
                if steps > actors.len() {
                    break;
                }
                at = affiliations[j];
            }
        }
    }

    /// Assembling: the model's entries, actors, topics, pages and years.
    fn assemble(
        self,
        config: Config,
        targets: LinkTargets,
        bodies: Bodies,
        affiliations: Vec<Option<usize>>,
        intro: &Rendered,
        focus: Option<(usize, usize)>,
    ) -> Chronicle {
        let Linker { docs, resolved, .. } = self;
        let mut entries: Vec<Entry> = docs
            .entries
            .into_par_iter()
            .zip(resolved)
            .map(|(doc, r)| r.into_entry(&doc))
            .collect();
        let mut actors: Vec<Actor> = docs
            .actors
            .into_iter()
            .zip(&bodies.actors)
            .zip(affiliations)
            .map(|((a, body), affiliation)| actor_from(a, body, affiliation))
            .collect();
        let mut topics: Vec<Topic> = docs
            .topics
            .into_iter()
            .zip(&bodies.topics)
            .map(|(t, body)| topic_from(t, body))
            .collect();
        let pages: Vec<Page> = docs
            .pages
            .into_iter()
            .zip(&bodies.pages)
            .map(|(p, body)| page_from(p, body))
            .collect();
        relations::order_pairs(&mut entries, &actors);
        let (years, relations) = index_model(&mut entries, &mut actors, &mut topics, config.relation_min_shared);
        Chronicle {
            relations,
            focus: focus.map(|(a, b)| relations::pair_of(&actors, a, b)),
            redirects: Vec::new(),
            translations: Vec::new(),
            scratch: None,
            intro_html: intro.html.to_string(),
            config,
            entries,
            actors,
            topics,
            pages,
            years,
            publishers: bodies.publishers,
            targets,
        }
    }
}

/// The warnings of entries `entries` (in time order) that have the date
/// and title of an entry before them, on the later one. Entries of the same
/// date are found beside each other: a part of the timeline gives the
/// warnings of the whole timeline there when it holds every entry of its
/// days (as [`crate::content::date::PartialDate::timeline_key`] places them).
pub(super) fn duplicate_events(entries: &[&EntryDoc]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut start = 0;
    while start < entries.len() {
        let date = entries[start].date;
        let end = start + entries[start..].iter().take_while(|e| e.date == date).count();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for i in start..end {
            let title = entries[i].title.trim().to_lowercase();
            match seen.get(&title) {
                Some(&first) => {
                    let (e, f) = (entries[i], entries[first]);
                    warnings.push(e.origin.warning_at(
                        "title",
                        &e.title,
                        format!(
                            "entry `{}` ({}) has the same date and title; if the two record one event, merge them (and list the removed one under `redirect_from:`), otherwise make the titles tell them apart",
                            f.origin.slug, f.origin.rel
                        ),
                    ));
                }
                None => {
                    seen.insert(title, i);
                }
            }
        }
        start = end;
    }
    warnings
}

/// The origin of every document with a body, in the order bodies are rendered.
fn origins(docs: &Documents) -> impl Iterator<Item = &Origin> {
    docs.entries
        .iter()
        .map(|e| &e.origin)
        .chain(docs.actors.iter().map(|a| &a.origin))
        .chain(docs.topics.iter().map(|t| &t.origin))
        .chain(docs.pages.iter().map(|p| &p.origin))
}

fn actor_from(a: ActorDoc, body: &Rendered, affiliation: Option<usize>) -> Actor {
    Actor {
        slug: a.origin.slug.clone(),
        source_path: a.origin.rel.clone(),
        language: a.origin.language.clone(),
        name: a.name,
        kind: a.kind,
        aliases: a.aliases,
        affiliation,
        members: Vec::new(),
        role: a.role,
        profile_html: body.html.to_string(),
        entries: Vec::new(),
        partners: Vec::new(),
        relations: Vec::new(),
    }
}

fn topic_from(t: TopicDoc, body: &Rendered) -> Topic {
    Topic {
        slug: t.origin.slug.clone(),
        source_path: t.origin.rel.clone(),
        language: t.origin.language.clone(),
        name: t.name,
        description: t.description.unwrap_or_default(),
        body_html: body.html.to_string(),
        entries: Vec::new(),
    }
}

fn page_from(p: PageDoc, body: &Rendered) -> Page {
    Page {
        slug: p.origin.slug.clone(),
        source_path: p.origin.rel.clone(),
        language: p.origin.language.clone(),
        title: p.title,
        link_title: p.link_title,
        description: p.description.unwrap_or_else(|| short_summary(&body.first_paragraph)),
        body_html: body.html.to_string(),
        weight: p.weight,
    }
}

/// Everything the model works out from its entries once they are in time
/// order: each entry's neighbours and backlinks, the entries of each actor,
/// topic and year, actors' partners and members, and the relations (with
/// the entries' pairs already ordered, [`relations::order_pairs`]). What
/// an earlier indexing left in `actors` and `topics` is replaced, so that
/// `serve` can index a relinked model again. Returns the years and the
/// relations.
pub(super) fn index_model(
    entries: &mut [Entry],
    actors: &mut [Actor],
    topics: &mut [Topic],
    min_shared: usize,
) -> (Vec<Year>, Vec<super::Relation>) {
    let n = entries.len();
    let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, e) in entries.iter().enumerate() {
        for &j in &e.related {
            backlinks[j].push(i);
        }
    }
    for (i, (e, b)) in entries.iter_mut().zip(backlinks).enumerate() {
        e.prev = i.checked_sub(1);
        e.next = (i + 1 < n).then_some(i + 1);
        e.backlinks = b;
    }
    for a in actors.iter_mut() {
        a.entries.clear();
        a.members.clear();
        a.partners.clear();
        a.relations.clear();
    }
    for t in topics.iter_mut() {
        t.entries.clear();
    }
    let (years, shared) = index_entries(entries, actors, topics);
    let relations = relations::build(entries, actors, &shared, min_shared);
    (years, relations)
}

/// Indexes by actor, topic and year; co-appearing actors; members of each
/// actor. Returns the years.
fn index_entries(entries: &[Entry], actors: &mut [Actor], topics: &mut [Topic]) -> (Vec<Year>, Shared) {
    let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    // Each pair of actors sharing an entry, bucketed by its first actor:
    // pushed in entry order, sorted by the second actor and grouped below.
    let mut by_first: Vec<Vec<(usize, usize)>> = vec![Vec::new(); actors.len()];
    for (i, e) in entries.iter().enumerate() {
        years.entry(e.date.year()).or_default().push(i);
        for &t in &e.topics {
            topics[t].entries.push(i);
        }
        for (k, &a) in e.actors.iter().enumerate() {
            actors[a].entries.push(i);
            for &b in &e.actors[k + 1..] {
                by_first[a.min(b)].push((a.max(b), i));
            }
        }
    }
    let mut pairs = Shared::default();
    for (a, mut list) in by_first.into_iter().enumerate() {
        list.sort_unstable();
        for group in list.chunk_by(|x, y| x.0 == y.0) {
            pairs.push((a, group[0].0), group.iter().map(|&(_, i)| i));
        }
    }
    set_partners(actors, &pairs);
    for i in 0..actors.len() {
        if let Some(parent) = actors[i].affiliation {
            actors[parent].members.push(i);
        }
    }
    let years = years
        .into_iter()
        .map(|(year, entries)| Year { year, entries })
        .collect();
    (years, pairs)
}

/// Each actor's partners: those appearing with it most often, from the
/// count of entries each pair of actors shares.
fn set_partners(actors: &mut [Actor], pairs: &Shared) {
    let mut partners: Vec<Vec<(usize, usize)>> = vec![Vec::new(); actors.len()];
    for ((a, b), shared) in pairs.iter() {
        let count = shared.len();
        partners[a].push((b, count));
        partners[b].push((a, count));
    }
    for (actor, mut p) in actors.iter_mut().zip(partners) {
        p.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        p.truncate(MAX_PARTNERS);
        actor.partners = p;
    }
}
