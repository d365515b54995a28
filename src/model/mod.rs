//! Link: every parsed document joined into one model of the chronicle.
//!
//! This is where names become references: actor slugs and aliases, topics,
//! `related` entries and `entry:`/`actor:`/`topic:`/`page:` links in Markdown
//! are resolved (with a did-you-mean hint when they are not), and the derived
//! structure is computed once: chronological order, previous/next, backlinks,
//! per-actor, per-topic and per-year indexes, co-appearing actors and the
//! bibliography. Templates never see this model directly; see `view`.

pub mod markdown;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::date::PartialDate;
use crate::content::load::Section;
use crate::content::parse::{ActorKind, Documents, EntryDoc, Origin, Source, Status};
use crate::diagnostics::{suggest, Diagnostic};
use markdown::{Rendered, Target};

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
    pub publishers: Vec<Publisher>,
    /// The home page introduction, rendered.
    pub intro_html: String,
    /// What internal links resolve to.
    pub targets: LinkTargets,
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub slug: String,
    pub source_path: String,
    pub title: String,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub status: Status,
    pub locations: Vec<String>,
    /// The front-matter summary, or the body's first paragraph as plain text.
    pub summary: String,
    /// Shared with serve's Markdown cache, so rebuilds copy no bodies.
    pub body_html: Arc<str>,
    /// The body as plain text, for search.
    pub text: Arc<str>,
    /// Sources as cited, each with the index of its bibliography record.
    pub sources: Vec<(Source, BibRef)>,
    pub tone: Option<i8>,
    pub actors: Vec<usize>,
    pub topics: Vec<usize>,
    pub related: Vec<usize>,
    /// Entries whose `related` names this one, in time order.
    pub backlinks: Vec<usize>,
    pub prev: Option<usize>,
    pub next: Option<usize>,
    pub draft: bool,
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
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub slug: String,
    pub source_path: String,
    pub name: String,
    pub description: String,
    pub body_html: String,
    pub entries: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub source_path: String,
    pub title: String,
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

/// One distinct source (de-duplicated by URL, else by title and publisher).
#[derive(Debug, Clone)]
pub struct BibItem {
    pub source: Source,
    /// Anchor id on the sources page, stable across builds.
    pub id: String,
    /// Entries citing it, in time order.
    pub cited_by: Vec<usize>,
}

/// How many co-appearing actors an actor page lists.
const MAX_PARTNERS: usize = 12;

/// Name under which sources without a publisher are grouped.
const NO_PUBLISHER: &str = "Other sources";

/// The site path of a page kind and slug, under the site root.
pub fn path_for(root: &str, scheme: &str, slug: &str) -> String {
    let dir = match scheme {
        "entry" => "entries",
        "actor" => "actors",
        "topic" => "topics",
        _ => "pages",
    };
    format!("{root}{dir}/{slug}/")
}

/// Looks actors up by slug, alias or name, the ways an entry may name them.
/// An alias two actors share is ambiguous: an error only where it is used.
#[derive(Debug, Clone, Default)]
struct ActorIndex {
    /// Each actor's slug, by model index.
    slugs: Vec<String>,
    by_slug: HashMap<String, usize>,
    by_alias: HashMap<String, Vec<usize>>,
    by_folded: HashMap<String, Vec<usize>>,
}

impl ActorIndex {
    /// `Ok(index)`, or `Err(candidates)`: empty when unknown, several when ambiguous.
    fn get(&self, name: &str) -> Result<usize, Vec<usize>> {
        if let Some(&i) = self.by_slug.get(name) {
            return Ok(i);
        }
        // An alias or name, exact or in another case: when two actors share
        // it, it names neither, whichever way it is written.
        let mut found: Vec<usize> = Vec::new();
        let exact = self.by_alias.get(name).map(Vec::as_slice).unwrap_or(&[]);
        let folded = self
            .by_folded
            .get(&name.trim().to_lowercase())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        for &i in exact.iter().chain(folded) {
            if !found.contains(&i) {
                found.push(i);
            }
        }
        match found.as_slice() {
            [i] => Ok(*i),
            _ => Err(found),
        }
    }

    fn names(&self) -> impl Iterator<Item = &str> + '_ {
        self.by_slug.keys().chain(self.by_alias.keys()).map(String::as_str)
    }

    fn ambiguous(&self, name: &str, many: &[usize]) -> String {
        let slugs: Vec<String> = many.iter().map(|&k| format!("`{}`", self.slugs[k])).collect();
        format!("`{name}` is ambiguous: it names {}; use the slug", slugs.join(" and "))
    }
}

/// Everything an internal link can point at, by slug (and, for actors, by
/// alias and name). The model keeps it, so `serve` can render an edited body
/// exactly as linking would, without linking again.
#[derive(Debug, Clone, Default)]
pub struct LinkTargets {
    root: String,
    allow_html: bool,
    actors: ActorIndex,
    /// Entry slugs, with their index in time order.
    entries: HashMap<String, usize>,
    topics: HashMap<String, usize>,
    pages: HashMap<String, usize>,
    /// Entries left out as drafts: links to them are dropped with a warning.
    drafts: HashSet<String>,
    /// `(scheme, slug)` of documents with errors of their own: links to
    /// them get no error of their own (the build fails on theirs).
    rejected: HashSet<(&'static str, String)>,
}

impl LinkTargets {
    /// Where `scheme:slug` points.
    pub fn resolve(&self, scheme: &str, slug: &str) -> Target {
        if scheme == "actor" {
            match self.actors.get(slug) {
                Ok(i) => return Target::Url(path_for(&self.root, scheme, &self.actors.slugs[i])),
                Err(many) if many.len() > 1 => return Target::Broken(self.actors.ambiguous(slug, &many)),
                Err(_) => {}
            }
        }
        let found = match scheme {
            "entry" => self.entries.contains_key(slug),
            "topic" => self.topics.contains_key(slug),
            "page" => self.pages.contains_key(slug),
            _ => false,
        };
        if found {
            return Target::Url(path_for(&self.root, scheme, slug));
        }
        if scheme == "entry" && self.drafts.contains(slug) {
            return Target::Unlinked(format!("`entry:{slug}` is a draft; the link is left out"));
        }
        if self.is_rejected(scheme, slug) {
            return Target::Url(path_for(&self.root, scheme, slug));
        }
        let mut candidates: Box<dyn Iterator<Item = &str>> = match scheme {
            "entry" => Box::new(self.entries.keys().map(String::as_str)),
            "actor" => Box::new(self.actors.names()),
            "topic" => Box::new(self.topics.keys().map(String::as_str)),
            _ => Box::new(self.pages.keys().map(String::as_str)),
        };
        let msg = format!("broken link `{scheme}:{slug}`: no such {scheme}");
        Target::Broken(match suggest(slug, &mut candidates) {
            Some(s) => format!("{msg}; did you mean `{scheme}:{s}`?"),
            None => msg,
        })
    }

    /// True when `scheme:slug` names a document that has errors of its own.
    fn is_rejected(&self, scheme: &str, slug: &str) -> bool {
        !self.rejected.is_empty() && self.rejected.iter().any(|(s, g)| *s == scheme && g == slug)
    }

    /// True when every internal link of `r` resolves here as it did when
    /// it was rendered, so that rendering it again would give the same.
    pub fn still_resolve(&self, r: &Rendered) -> bool {
        r.lookups
            .iter()
            .all(|(scheme, slug, t)| self.resolve(scheme, slug) == *t)
    }

    /// Renders Markdown with its internal links resolved against these targets.
    pub fn render(&self, source: &str) -> Rendered {
        markdown::render(source, self.allow_html, &|scheme, slug| self.resolve(scheme, slug))
    }
}

/// The diagnostics of a rendered body (broken links and the like), located in its file.
pub fn body_diagnostics(origin: &Origin, r: &Rendered) -> Vec<Diagnostic> {
    r.problems
        .iter()
        .map(|p| {
            let d = origin.error_in_body(p.offset, p.message.clone());
            if p.is_error {
                d
            } else {
                Diagnostic::warning(d.path, d.line, d.column, d.message)
            }
        })
        .collect()
}

/// Links parsed documents into a chronicle. Errors go into `diags`; the
/// returned model is complete only when no error was added.
pub fn link(docs: Documents, config: Config, drafts: bool, diags: &mut Vec<Diagnostic>) -> Chronicle {
    link_cached(docs, config, drafts, diags, &mut MarkdownCache::default())
}

/// Rendered Markdown kept between builds by `serve`, so an edit re-renders
/// only the bodies that changed. A body's rendering holds while its text is
/// the same and each internal link in it resolves as it did (see
/// [`Rendered::lookups`]); all are dropped when the site's root or its
/// `allow_html` setting changes.
#[derive(Default)]
pub struct MarkdownCache {
    enabled: bool,
    settings: u64,
    bodies: HashMap<String, (u64, Arc<Rendered>)>,
}

impl MarkdownCache {
    /// A cache that keeps what it renders (the default one keeps nothing).
    pub fn new() -> MarkdownCache {
        MarkdownCache {
            enabled: true,
            ..MarkdownCache::default()
        }
    }

    /// The rendering of `origin`'s body, when it is the one kept.
    pub fn get(&self, origin: &Origin) -> Option<&Arc<Rendered>> {
        match self.bodies.get(&origin.rel) {
            Some((hash, r)) if *hash == origin.body_hash() => Some(r),
            _ => None,
        }
    }

    /// Records `r` as the rendering of `origin`'s body.
    pub fn insert(&mut self, origin: &Origin, r: Arc<Rendered>) {
        if self.enabled {
            self.bodies.insert(origin.rel.clone(), (origin.body_hash(), r));
        }
    }
}

impl Chronicle {
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

    /// Gives entry `i` what `doc` says of it, with `body` its body rendered
    /// by `self.targets.render`: all that an edit which leaves the entry in
    /// the same place (see [`EntryDoc::same_place`]) changes in the model.
    /// Returns whether anything lists of entries show (its card, its title
    /// in links and feeds) changed with it.
    pub fn patch_entry(&mut self, i: usize, doc: &EntryDoc, body: &Rendered) -> bool {
        let e = &mut self.entries[i];
        let summary = summary_of(doc, body);
        let shown = (&e.title, &e.end, e.status, &e.locations, e.tone, &e.summary)
            != (&doc.title, &doc.end, doc.status, &doc.locations, doc.tone, &summary);
        e.title = doc.title.clone();
        e.end = doc.end;
        e.status = doc.status;
        e.locations = doc.locations.clone();
        e.tone = doc.tone;
        e.summary = summary;
        e.body_html = Arc::clone(&body.html);
        e.text = Arc::clone(&body.text);
        shown
    }
}

/// The front-matter summary, or else the body's first paragraph.
fn summary_of(doc: &EntryDoc, body: &Rendered) -> String {
    doc.summary.clone().unwrap_or_else(|| body.first_paragraph.clone())
}

fn hash_of(parts: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}

/// [`link`], reusing and refreshing `cache` for Markdown bodies.
pub fn link_cached(
    docs: Documents,
    config: Config,
    drafts: bool,
    diags: &mut Vec<Diagnostic>,
    cache: &mut MarkdownCache,
) -> Chronicle {
    let Documents {
        mut entries,
        mut actors,
        mut topics,
        mut pages,
        rejected,
    } = docs;
    let draft_slugs: HashSet<String> = if drafts {
        HashSet::new()
    } else {
        let d = entries
            .iter()
            .filter(|e| e.draft)
            .map(|e| e.origin.slug.clone())
            .collect();
        entries.retain(|e| !e.draft);
        pages.retain(|p| !p.draft);
        d
    };
    entries.sort_by(|a, b| (a.date, &a.origin.slug).cmp(&(b.date, &b.origin.slug)));
    actors.sort_by(|a, b| (a.name.to_lowercase(), &a.origin.slug).cmp(&(b.name.to_lowercase(), &b.origin.slug)));
    topics.sort_by(|a, b| (a.name.to_lowercase(), &a.origin.slug).cmp(&(b.name.to_lowercase(), &b.origin.slug)));
    pages.sort_by(|a, b| (a.weight, &a.title, &a.origin.slug).cmp(&(b.weight, &b.title, &b.origin.slug)));

    // Actors by slug, alias and case-folded name. An alias that is another
    // actor's slug can never be used, which is worth a warning.
    let mut index = ActorIndex {
        slugs: actors.iter().map(|a| a.origin.slug.clone()).collect(),
        ..ActorIndex::default()
    };
    for (i, a) in actors.iter().enumerate() {
        index.by_slug.insert(a.origin.slug.clone(), i);
    }
    for (i, a) in actors.iter().enumerate() {
        for alias in &a.aliases {
            match index.by_slug.get(alias.as_str()) {
                Some(&j) if j != i => diags.push(a.origin.warning_at(
                    "aliases",
                    alias,
                    format!(
                        "alias `{alias}` is the slug of actor `{}`, so it always means that actor",
                        actors[j].origin.slug
                    ),
                )),
                Some(_) => {}
                None => {
                    let v = index.by_alias.entry(alias.clone()).or_default();
                    if !v.contains(&i) {
                        v.push(i);
                    }
                }
            }
        }
        for key in a.aliases.iter().chain([&a.name]) {
            let v = index.by_folded.entry(key.to_lowercase()).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
    }
    // A name or alias shared by two actors names neither: say so in the
    // file of the later one, once, so it is found before an entry uses it.
    for (key, owners) in &index.by_folded {
        if let [first, rest @ ..] = owners.as_slice() {
            for &j in rest {
                let a = &actors[j];
                let written = a
                    .aliases
                    .iter()
                    .chain([&a.name])
                    .find(|k| k.to_lowercase() == *key)
                    .cloned()
                    .unwrap_or_else(|| key.clone());
                let field = if a.name.to_lowercase() == *key {
                    "name"
                } else {
                    "aliases"
                };
                diags.push(a.origin.warning_at(
                    field,
                    &written,
                    format!(
                        "`{written}` also names actor `{}`, so entries cannot use it for either; use the slugs",
                        actors[*first].origin.slug
                    ),
                ));
            }
        }
    }
    let by_slug = |slugs: &mut dyn Iterator<Item = &String>| -> HashMap<String, usize> {
        slugs.enumerate().map(|(i, s)| (s.clone(), i)).collect()
    };
    let targets = LinkTargets {
        root: config.root.clone(),
        allow_html: config.allow_html,
        actors: index,
        entries: by_slug(&mut entries.iter().map(|e| &e.origin.slug)),
        topics: by_slug(&mut topics.iter().map(|t| &t.origin.slug)),
        pages: by_slug(&mut pages.iter().map(|p| &p.origin.slug)),
        drafts: draft_slugs,
        rejected: rejected
            .iter()
            .map(|r| {
                let scheme = match r.section {
                    Section::Entries => "entry",
                    Section::Actors => "actor",
                    Section::Topics => "topic",
                    Section::Pages => "page",
                };
                (scheme, r.origin.slug.clone())
            })
            .collect(),
    };
    let index = &targets.actors;
    let actor_names: Vec<&str> = index.names().collect();
    let ambiguous = |name: &str, many: &[usize]| index.ambiguous(name, many);
    let topic_index = &targets.topics;
    let entry_index = &targets.entries;
    let draft_slugs = &targets.drafts;

    let unknown = |what: &str, name: &str, candidates: &mut dyn Iterator<Item = &str>| -> String {
        let msg = format!("unknown {what} `{name}`");
        if name.contains(',') {
            // `actors: a, b` is one name to YAML.
            let parts: Vec<&str> = name.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
            return format!(
                "{msg}: to name several, write a list in brackets: `[{}]`",
                parts.join(", ")
            );
        }
        match suggest(name, candidates) {
            Some(s) => format!("{msg}; did you mean `{s}`?"),
            None => format!("{msg}; no file content/{what}s/{name}.md exists"),
        }
    };
    let unknown_actor = |name: &str| unknown("actor", name, &mut actor_names.iter().copied());

    // Resolve each entry's references; those of entries with errors of
    // their own too, so a file's every mistake shows in one run.
    let resolve_refs = |origin: &Origin,
                        actors: &[String],
                        topics: &[String],
                        related: &[String],
                        diags: &mut Vec<Diagnostic>|
     -> (Vec<usize>, Vec<usize>, Vec<usize>) {
        let mut actor_ids = Vec::new();
        for name in actors {
            match index.get(name) {
                Ok(i) if !actor_ids.contains(&i) => actor_ids.push(i),
                Ok(_) => {}
                Err(many) if many.len() > 1 => diags.push(origin.error_at("actors", name, ambiguous(name, &many))),
                Err(_) if targets.is_rejected("actor", name) => {}
                Err(_) => diags.push(origin.error_at("actors", name, unknown_actor(name))),
            }
        }
        let mut topic_ids = Vec::new();
        for name in topics {
            match topic_index.get(name.as_str()) {
                Some(&i) if !topic_ids.contains(&i) => topic_ids.push(i),
                Some(_) => {}
                None if targets.is_rejected("topic", name) => {}
                None => diags.push(origin.error_at(
                    "topics",
                    name,
                    unknown("topic", name, &mut topic_index.keys().map(String::as_str)),
                )),
            }
        }
        let mut related_ids = Vec::new();
        for name in related {
            match entry_index.get(name.as_str()) {
                Some(_) if name == &origin.slug => {
                    diags.push(origin.error_at("related", name, "an entry cannot be related to itself"));
                }
                Some(&i) if !related_ids.contains(&i) => related_ids.push(i),
                Some(_) => {}
                None if draft_slugs.contains(name) => diags.push(Diagnostic::warning(
                    origin.rel.clone(),
                    0,
                    0,
                    format!("related entry `{name}` is a draft; the link is left out (build with --drafts to see it)"),
                )),
                None if name == &origin.slug => {
                    diags.push(origin.error_at("related", name, "an entry cannot be related to itself"));
                }
                None if targets.is_rejected("entry", name) => {}
                None => diags.push(origin.error_at(
                    "related",
                    name,
                    unknown("entry", name, &mut entry_index.keys().map(String::as_str)),
                )),
            }
        }
        related_ids.sort_unstable();
        (actor_ids, topic_ids, related_ids)
    };
    let mut entry_actors = Vec::with_capacity(entries.len());
    let mut entry_topics = Vec::with_capacity(entries.len());
    let mut entry_related = Vec::with_capacity(entries.len());
    for e in &entries {
        let (a, t, r) = resolve_refs(&e.origin, &e.actors, &e.topics, &e.related, diags);
        entry_actors.push(a);
        entry_topics.push(t);
        entry_related.push(r);
    }
    for r in &rejected {
        resolve_refs(&r.origin, &r.actors, &r.topics, &r.related, diags);
        diags.extend(body_diagnostics(&r.origin, &targets.render(r.origin.body())));
        if let Some(name) = &r.affiliation {
            if let Err(many) = index.get(name) {
                if many.len() > 1 {
                    diags.push(r.origin.error_at("affiliation", name, ambiguous(name, &many)));
                } else if !targets.is_rejected("actor", name) {
                    diags.push(r.origin.error_at("affiliation", name, unknown_actor(name)));
                }
            }
        }
    }

    // Markdown bodies, in parallel, with internal links resolved.
    if cache.enabled {
        let settings = hash_of(&[&config.root, if config.allow_html { "html" } else { "text" }]);
        if settings != cache.settings {
            cache.bodies.clear();
            cache.settings = settings;
        }
    }
    let cached = &cache.bodies;
    let render = |origin: &Origin| -> (Arc<Rendered>, Vec<Diagnostic>) {
        let r = match cached.get(&origin.rel) {
            Some((h, r)) if *h == origin.body_hash() && targets.still_resolve(r) => Arc::clone(r),
            _ => Arc::new(targets.render(origin.body())),
        };
        let ds = body_diagnostics(origin, &r);
        (r, ds)
    };
    // The bibliography is built meanwhile, on whichever core is free.
    type Bodies = Vec<(Arc<Rendered>, Vec<Diagnostic>)>;
    let (entry_bodies, mut bib): (Bodies, Bibliography) = rayon::join(
        || entries.par_iter().map(|e| render(&e.origin)).collect(),
        || Bibliography::build(&entries),
    );
    let actor_bodies: Bodies = actors.par_iter().map(|a| render(&a.origin)).collect();
    let topic_bodies: Bodies = topics.par_iter().map(|t| render(&t.origin)).collect();
    let page_bodies: Bodies = pages.par_iter().map(|p| render(&p.origin)).collect();
    if cache.enabled {
        let mut fresh = HashMap::with_capacity(entry_bodies.len() + actor_bodies.len());
        let origins = entries
            .iter()
            .map(|e| &e.origin)
            .chain(actors.iter().map(|a| &a.origin))
            .chain(topics.iter().map(|t| &t.origin))
            .chain(pages.iter().map(|p| &p.origin));
        let bodies = entry_bodies
            .iter()
            .chain(&actor_bodies)
            .chain(&topic_bodies)
            .chain(&page_bodies);
        for (origin, (r, _)) in origins.zip(bodies) {
            fresh.insert(origin.rel.clone(), (origin.body_hash(), Arc::clone(r)));
        }
        cache.bodies = fresh;
    }
    for (_, ds) in entry_bodies
        .iter()
        .chain(&actor_bodies)
        .chain(&topic_bodies)
        .chain(&page_bodies)
    {
        diags.extend(ds.iter().cloned());
    }

    // The home introduction may link into the chronicle too.
    let intro = targets.render(&config.intro);
    for p in &intro.problems {
        let msg = &p.message;
        let d = if p.is_error {
            Diagnostic::error
        } else {
            Diagnostic::warning
        };
        diags.push(d(
            crate::config::CONFIG_FILE.to_string(),
            0,
            0,
            format!("in `intro`: {msg}"),
        ));
    }

    // Affiliations.
    let mut affiliations = Vec::with_capacity(actors.len());
    for a in &actors {
        affiliations.push(a.affiliation.as_ref().and_then(|name| match index.get(name) {
            Ok(i) => Some(i),
            Err(many) if many.len() > 1 => {
                diags.push(a.origin.error_at("affiliation", name, ambiguous(name, &many)));
                None
            }
            Err(_) => {
                if !targets.is_rejected("actor", name) {
                    diags.push(a.origin.error_at("affiliation", name, unknown_actor(name)));
                }
                None
            }
        }));
    }

    // An affiliation chain must end: `a` in `b` in `a` has no top.
    for (i, a) in actors.iter().enumerate() {
        let (mut at, mut steps) = (affiliations[i], 0);
        while let Some(j) = at {
            if j == i {
                let name = a.affiliation.as_deref().unwrap_or_default();
                diags.push(a.origin.error_at(
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

    let n = entries.len();
    let mut backlinks: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, rel) in entry_related.iter().enumerate() {
        for &r in rel {
            backlinks[r].push(i);
        }
    }

    let mut model_entries = Vec::with_capacity(n);
    for (i, ((((mut e, (body, _)), actors_of), topics_of), related)) in entries
        .into_iter()
        .zip(entry_bodies)
        .zip(entry_actors)
        .zip(entry_topics)
        .zip(entry_related)
        .enumerate()
    {
        let refs = std::mem::take(&mut bib.cited[i]);
        let sources = std::mem::take(&mut e.sources).into_iter().zip(refs).collect();
        model_entries.push(entry_from(
            e,
            body,
            sources,
            actors_of,
            topics_of,
            related,
            &backlinks[i],
            i,
            n,
        ));
    }

    let mut model_actors: Vec<Actor> = actors
        .into_iter()
        .zip(actor_bodies)
        .zip(affiliations)
        .map(|((a, (body, _)), affiliation)| Actor {
            slug: a.origin.slug.clone(),
            source_path: a.origin.rel.clone(),
            name: a.name,
            kind: a.kind,
            aliases: a.aliases,
            affiliation,
            members: Vec::new(),
            role: a.role,
            profile_html: body.html.to_string(),
            entries: Vec::new(),
            partners: Vec::new(),
        })
        .collect();
    let mut model_topics: Vec<Topic> = topics
        .into_iter()
        .zip(topic_bodies)
        .map(|(t, (body, _))| Topic {
            slug: t.origin.slug.clone(),
            source_path: t.origin.rel.clone(),
            name: t.name,
            description: t.description.unwrap_or_default(),
            body_html: body.html.to_string(),
            entries: Vec::new(),
        })
        .collect();
    let model_pages: Vec<Page> = pages
        .into_iter()
        .zip(page_bodies)
        .map(|(p, (body, _))| Page {
            slug: p.origin.slug.clone(),
            source_path: p.origin.rel.clone(),
            title: p.title,
            description: p.description.unwrap_or_else(|| body.first_paragraph.clone()),
            body_html: body.html.to_string(),
            weight: p.weight,
        })
        .collect();

    // Indexes by actor, topic and year; co-appearance counts.
    let mut years: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    let mut pairs: HashMap<(usize, usize), usize> = HashMap::new();
    for (i, e) in model_entries.iter().enumerate() {
        years.entry(e.date.year()).or_default().push(i);
        for &t in &e.topics {
            model_topics[t].entries.push(i);
        }
        for (k, &a) in e.actors.iter().enumerate() {
            model_actors[a].entries.push(i);
            for &b in &e.actors[k + 1..] {
                *pairs.entry((a.min(b), a.max(b))).or_default() += 1;
            }
        }
    }
    let mut partners: Vec<Vec<(usize, usize)>> = vec![Vec::new(); model_actors.len()];
    for (&(a, b), &count) in &pairs {
        partners[a].push((b, count));
        partners[b].push((a, count));
    }
    for (i, mut p) in partners.into_iter().enumerate() {
        p.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        p.truncate(MAX_PARTNERS);
        model_actors[i].partners = p;
    }
    for i in 0..model_actors.len() {
        if let Some(parent) = model_actors[i].affiliation {
            model_actors[parent].members.push(i);
        }
    }

    Chronicle {
        intro_html: intro.html.to_string(),
        config,
        entries: model_entries,
        actors: model_actors,
        topics: model_topics,
        pages: model_pages,
        years: years
            .into_iter()
            .map(|(year, entries)| Year { year, entries })
            .collect(),
        publishers: bib.publishers,
        targets,
    }
}

#[allow(clippy::too_many_arguments)]
fn entry_from(
    e: EntryDoc,
    body: Arc<Rendered>,
    sources: Vec<(Source, BibRef)>,
    actors: Vec<usize>,
    topics: Vec<usize>,
    related: Vec<usize>,
    backlinks: &[usize],
    i: usize,
    n: usize,
) -> Entry {
    Entry {
        slug: e.origin.slug.clone(),
        source_path: e.origin.rel.clone(),
        summary: summary_of(&e, &body),
        body_html: Arc::clone(&body.html),
        text: Arc::clone(&body.text),
        title: e.title,
        date: e.date,
        end: e.end,
        status: e.status,
        locations: e.locations,
        sources,
        tone: e.tone,
        actors,
        topics,
        related,
        backlinks: backlinks.to_vec(),
        prev: i.checked_sub(1),
        next: (i + 1 < n).then_some(i + 1),
        draft: e.draft,
    }
}

/// The bibliography: distinct sources grouped by publisher, and where each
/// entry's sources sit in it.
struct Bibliography {
    publishers: Vec<Publisher>,
    /// For each entry (in model order), the record of each of its sources.
    cited: Vec<Vec<BibRef>>,
}

fn source_key(s: &Source) -> String {
    match &s.url {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => format!(
            "{}\u{1f}{}",
            s.title.to_lowercase(),
            s.publisher.as_deref().unwrap_or("").to_lowercase()
        ),
    }
}

/// FNV-1a, for short ids that stay the same from build to build.
pub fn short_hash(s: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:08x}", (h >> 32) as u32 ^ (h as u32))
}

impl Bibliography {
    fn build(entries: &[EntryDoc]) -> Bibliography {
        // Distinct sources in order of first citation; the first citation
        // wins the record's details (entries are in time order).
        let mut record_of: HashMap<String, usize> = HashMap::new();
        let mut records: Vec<(String, &Source, Vec<usize>)> = Vec::new();
        let mut cited: Vec<Vec<usize>> = Vec::with_capacity(entries.len());
        for (i, e) in entries.iter().enumerate() {
            let mut refs = Vec::with_capacity(e.sources.len());
            for s in &e.sources {
                let key = source_key(s);
                let r = match record_of.get(&key) {
                    Some(&r) => r,
                    None => {
                        record_of.insert(key.clone(), records.len());
                        records.push((key, s, Vec::new()));
                        records.len() - 1
                    }
                };
                let cited_by = &mut records[r].2;
                if cited_by.last() != Some(&i) {
                    cited_by.push(i);
                }
                refs.push(r);
            }
            cited.push(refs);
        }
        // Publishers by name, "Other sources" last; in each, newest first,
        // then by title and key (a total order: keys are distinct).
        let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
        for (r, (_, source, _)) in records.iter().enumerate() {
            groups
                .entry(source.publisher.as_deref().unwrap_or(NO_PUBLISHER))
                .or_default()
                .push(r);
        }
        let mut names: Vec<&str> = groups.keys().copied().collect();
        names.sort_by_cached_key(|n| (*n == NO_PUBLISHER, n.to_lowercase(), n.to_string()));
        let mut place = vec![BibRef { publisher: 0, item: 0 }; records.len()];
        let mut publishers = Vec::with_capacity(names.len());
        for (p, name) in names.into_iter().enumerate() {
            let mut items = groups.remove(name).unwrap_or_default();
            items.sort_by_cached_key(|&r| {
                let (key, source, _) = &records[r];
                (std::cmp::Reverse(source.date), source.title.to_lowercase(), key.clone())
            });
            let items = items
                .into_iter()
                .enumerate()
                .map(|(k, r)| {
                    place[r] = BibRef { publisher: p, item: k };
                    let (key, source, cited_by) = &mut records[r];
                    BibItem {
                        id: format!("src-{}", short_hash(key)),
                        source: (*source).clone(),
                        cited_by: std::mem::take(cited_by),
                    }
                })
                .collect();
            publishers.push(Publisher {
                id: format!("pub-{}", short_hash(name)),
                name: name.to_string(),
                items,
            });
        }
        let cited = cited
            .into_iter()
            .map(|refs| refs.into_iter().map(|r| place[r]).collect())
            .collect();
        Bibliography { publishers, cited }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load::{Section, SourceFile};
    use crate::content::parse::{parse_file, Doc};

    fn entry(slug: &str, date: &str, sources: &str) -> EntryDoc {
        let text = format!("---\ntitle: {slug}\ndate: {date}\nactors: [a]\nsources:\n{sources}---\nBody.\n");
        match parse_file(SourceFile {
            section: Section::Entries,
            slug: slug.into(),
            rel: format!("content/entries/{slug}.md"),
            text,
        }) {
            (Some(Doc::Entry(e)), _) => e,
            (_, d) => panic!("{d:?}"),
        }
    }

    #[test]
    fn bibliography_groups_orders_and_deduplicates() {
        let entries = [
            entry(
                "one",
                "2025-01-01",
                "  - {title: Zeta, publisher: dawn, url: 'https://x.org/z/', date: 2025-01-01}\n  - {title: Notes}\n",
            ),
            entry(
                "two",
                "2025-02-01",
                concat!(
                    "  - {title: Zeta again, publisher: Elsewhere, url: 'https://x.org/z'}\n",
                    "  - {title: alpha, publisher: Dawn, date: 2025-03-01}\n",
                    "  - {title: Beta, publisher: Dawn, date: 2025-03-01}\n",
                    "  - {title: Old, publisher: Dawn}\n",
                ),
            ),
        ];
        let bib = Bibliography::build(&entries);
        let names: Vec<&str> = bib.publishers.iter().map(|p| p.name.as_str()).collect();
        // By name, case aside (byte order breaks the tie); "Other sources" last.
        assert_eq!(names, ["Dawn", "dawn", NO_PUBLISHER]);
        let titles: Vec<&str> = bib.publishers[0]
            .items
            .iter()
            .map(|i| i.source.title.as_str())
            .collect();
        // Newest first, then by title whatever its case; undated last.
        assert_eq!(titles, ["alpha", "Beta", "Old"]);
        // One record per URL (a trailing slash aside), with the first citation's details.
        let zeta = &bib.publishers[1].items[0];
        assert_eq!(zeta.source.title, "Zeta");
        assert_eq!(zeta.cited_by, [0, 1]);
        assert_eq!(bib.cited[1][0], BibRef { publisher: 1, item: 0 });
        assert_eq!(bib.cited[1][3], BibRef { publisher: 0, item: 2 });
        assert_eq!(bib.cited[0].len(), 2);
    }
}
