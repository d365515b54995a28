//! What names in the chronicle point at: actors by slug, alias or name, and
//! entries, topics and pages by slug. Resolves `scheme:slug` links in
//! Markdown and the names front matter gives, with did-you-mean hints.

use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::content::load::Section;
use crate::content::parse::{ActorDoc, Documents, Origin};
use crate::diagnostics::{suggest, Diagnostic, Diagnostics};

use super::markdown::{self, Rendered, Target};
use crate::paths::Place;

/// Looks actors up by slug, alias or name, the ways an entry may name them.
/// An alias two actors share is ambiguous: an error only where it is used.
#[derive(Debug, Clone, Default)]
pub(super) struct ActorIndex {
    /// Each actor's slug, by model index.
    slugs: Vec<String>,
    pub(super) by_slug: HashMap<String, usize>,
    by_alias: HashMap<String, Vec<usize>>,
    by_folded: HashMap<String, Vec<usize>>,
}

impl ActorIndex {
    /// Indexes `actors` (in model order) by slug, alias and case-folded
    /// name, warning of aliases and names that can never be used.
    pub(super) fn build(actors: &[ActorDoc], diags: &mut Diagnostics) -> ActorIndex {
        let mut index = ActorIndex {
            slugs: actors.iter().map(|a| a.origin.slug.clone()).collect(),
            ..ActorIndex::default()
        };
        for (i, a) in actors.iter().enumerate() {
            index.by_slug.insert(a.origin.slug.clone(), i);
        }
        for (i, a) in actors.iter().enumerate() {
            index.add_aliases(i, actors, diags);
            for key in a.aliases.iter().chain([&a.name]) {
                push_once(index.by_folded.entry(key.to_lowercase()).or_default(), i);
            }
        }
        index.warn_shared_names(actors, diags);
        index
    }

    /// Indexes actor `i`'s aliases. An alias that is another actor's slug
    /// can never be used, which is worth a warning.
    fn add_aliases(&mut self, i: usize, actors: &[ActorDoc], diags: &mut Diagnostics) {
        let a = &actors[i];
        for alias in &a.aliases {
            match self.by_slug.get(alias.as_str()) {
                Some(&j) if j != i => diags.push(a.origin.warning_at(
                    "aliases",
                    alias,
                    format!(
                        "alias `{alias}` is the slug of actor `{}`, so it always means that actor",
                        actors[j].origin.slug
                    ),
                )),
                Some(_) => {}
                None => push_once(self.by_alias.entry(alias.clone()).or_default(), i),
            }
        }
    }

    /// A name or alias shared by two actors names neither: says so in the
    /// file of the later one, once, so it is found before an entry uses it.
    fn warn_shared_names(&self, actors: &[ActorDoc], diags: &mut Diagnostics) {
        for (key, owners) in &self.by_folded {
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
    }

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
            push_once(&mut found, i);
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

fn push_once(v: &mut Vec<usize>, i: usize) {
    if !v.contains(&i) {
        v.push(i);
    }
}

/// Everything an internal link can point at, by slug (and, for actors, by
/// alias and name). The model keeps it, so `serve` can render an edited body
/// exactly as linking would, without linking again.
#[derive(Debug, Clone, Default)]
pub struct LinkTargets {
    root: String,
    allow_html: bool,
    pub(super) actors: ActorIndex,
    /// Entry slugs, with their index in time order.
    pub(super) entries: HashMap<String, usize>,
    pub(super) topics: HashMap<String, usize>,
    pages: HashMap<String, usize>,
    /// Entries left out as drafts: links to them are dropped with a warning.
    drafts: HashSet<String>,
    /// `(scheme, slug)` of documents with errors of their own: links to
    /// them get no error of their own (the build fails on theirs).
    rejected: HashSet<(&'static str, String)>,
}

impl LinkTargets {
    /// The targets of sorted documents `docs`, with `actors` their actors
    /// indexed and `drafts` the slugs of the entries left out as drafts.
    pub(super) fn new(config: &Config, actors: ActorIndex, docs: &Documents, drafts: HashSet<String>) -> LinkTargets {
        let by_slug = |slugs: &mut dyn Iterator<Item = &String>| -> HashMap<String, usize> {
            slugs.enumerate().map(|(i, s)| (s.clone(), i)).collect()
        };
        LinkTargets {
            root: config.root.clone(),
            allow_html: config.allow_html,
            actors,
            entries: by_slug(&mut docs.entries.iter().map(|e| &e.origin.slug)),
            topics: by_slug(&mut docs.topics.iter().map(|t| &t.origin.slug)),
            pages: by_slug(&mut docs.pages.iter().map(|p| &p.origin.slug)),
            drafts,
            rejected: docs
                .rejected
                .iter()
                .map(|r| (scheme_of(r.section), r.origin.slug.clone()))
                .collect(),
        }
    }

    /// Where `scheme:slug` points.
    pub fn resolve(&self, scheme: &str, slug: &str) -> Target {
        if scheme == "actor" {
            match self.actors.get(slug) {
                Ok(i) => return Target::Url(Place::for_scheme(scheme, &self.actors.slugs[i]).url(&self.root)),
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
            return Target::Url(Place::for_scheme(scheme, slug).url(&self.root));
        }
        if scheme == "entry" && self.drafts.contains(slug) {
            return Target::Unlinked(format!("`entry:{slug}` is a draft; the link is left out"));
        }
        if self.is_rejected(scheme, slug) {
            return Target::Url(Place::for_scheme(scheme, slug).url(&self.root));
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
    /// The same targets with links under another root: a translation's
    /// links go to the pages of its language (`/ur/entries/x/`).
    pub fn with_root(&self, root: &str) -> LinkTargets {
        let mut t = self.clone();
        t.root = root.to_string();
        t
    }

    pub fn render(&self, source: &str) -> Rendered {
        markdown::render(source, self.allow_html, &|scheme, slug| self.resolve(scheme, slug))
    }

    /// The actors `names` (an entry's `actors`) name, each once, in order.
    pub(super) fn actor_refs(&self, origin: &Origin, names: &[String], diags: &mut Diagnostics) -> Vec<usize> {
        let mut ids = Vec::new();
        for name in names {
            if let Some(i) = self.actor_named(origin, "actors", name, diags) {
                if !ids.contains(&i) {
                    ids.push(i);
                }
            }
        }
        ids
    }

    /// The actor `name` (a slug, alias or name written under `key`) names;
    /// an unknown or ambiguous name is an error located there.
    pub(super) fn actor_named(&self, origin: &Origin, key: &str, name: &str, diags: &mut Diagnostics) -> Option<usize> {
        self.actor_or_error(name, diags, &|m| origin.error_at(key, name, m))
    }

    /// [`LinkTargets::actor_named`] for a name in the `index`-th item of the
    /// list under `key` (`relations:`).
    pub(super) fn actor_named_in_item(
        &self,
        origin: &Origin,
        key: &str,
        index: usize,
        name: &str,
        diags: &mut Diagnostics,
    ) -> Option<usize> {
        self.actor_or_error(name, diags, &|m| origin.error_in_item(key, index, "between", name, m))
    }

    fn actor_or_error(&self, name: &str, diags: &mut Diagnostics, at: &dyn Fn(String) -> Diagnostic) -> Option<usize> {
        match self.actors.get(name) {
            Ok(i) => Some(i),
            Err(many) if many.len() > 1 => {
                diags.push(at(self.actors.ambiguous(name, &many)));
                None
            }
            Err(_) if self.is_rejected("actor", name) => None,
            Err(_) => {
                diags.push(at(self.unknown_actor(name)));
                None
            }
        }
    }

    /// The actor `name` names, if exactly one.
    pub(super) fn find_actor(&self, name: &str) -> Option<usize> {
        self.actors.get(name).ok()
    }

    /// The topics `names` (an entry's `topics`) name, each once, in order.
    pub(super) fn topic_refs(&self, origin: &Origin, names: &[String], diags: &mut Diagnostics) -> Vec<usize> {
        let mut ids = Vec::new();
        for name in names {
            match self.topics.get(name.as_str()) {
                Some(&i) if !ids.contains(&i) => ids.push(i),
                Some(_) => {}
                None if self.is_rejected("topic", name) => {}
                None => diags.push(origin.error_at(
                    "topics",
                    name,
                    unknown("topic", name, &mut self.topics.keys().map(String::as_str)),
                )),
            }
        }
        ids
    }

    /// The entries `names` (an entry's `related`) name, each once, in time order.
    pub(super) fn related_refs(&self, origin: &Origin, names: &[String], diags: &mut Diagnostics) -> Vec<usize> {
        let mut ids = Vec::new();
        for name in names {
            match self.entries.get(name.as_str()) {
                Some(_) if name == &origin.slug => {
                    diags.push(origin.error_at("related", name, "an entry cannot be related to itself"));
                }
                Some(&i) if !ids.contains(&i) => ids.push(i),
                Some(_) => {}
                None if self.drafts.contains(name) => diags.push(Diagnostic::warning(
                    origin.rel.clone(),
                    0,
                    0,
                    format!("related entry `{name}` is a draft; the link is left out (build with --drafts to see it)"),
                )),
                None if name == &origin.slug => {
                    diags.push(origin.error_at("related", name, "an entry cannot be related to itself"));
                }
                None if self.is_rejected("entry", name) => {}
                None => diags.push(origin.error_at(
                    "related",
                    name,
                    unknown("entry", name, &mut self.entries.keys().map(String::as_str)),
                )),
            }
        }
        ids.sort_unstable();
        ids
    }

    /// The actor an `affiliation` names, if it names exactly one.
    pub(super) fn affiliation(&self, origin: &Origin, name: &str, diags: &mut Diagnostics) -> Option<usize> {
        match self.actors.get(name) {
            Ok(i) => Some(i),
            Err(many) if many.len() > 1 => {
                diags.push(origin.error_at("affiliation", name, self.actors.ambiguous(name, &many)));
                None
            }
            Err(_) => {
                if !self.is_rejected("actor", name) {
                    diags.push(origin.error_at("affiliation", name, self.unknown_actor(name)));
                }
                None
            }
        }
    }

    fn unknown_actor(&self, name: &str) -> String {
        unknown("actor", name, &mut self.actors.names())
    }
}

/// The link scheme of a section's documents.
fn scheme_of(section: Section) -> &'static str {
    match section {
        Section::Entries => "entry",
        Section::Actors => "actor",
        Section::Topics => "topic",
        Section::Pages => "page",
    }
}

/// Why `name` names no `what`, with a hint: the nearest of `candidates`,
/// or how to write several names.
fn unknown(what: &str, name: &str, candidates: &mut dyn Iterator<Item = &str>) -> String {
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
}
