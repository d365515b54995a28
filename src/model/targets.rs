//! What names in the chronicle point at: actors by slug, alias or name, and
//! entries, topics and pages by slug. Resolves `scheme:slug` links in
//! Markdown and the names front matter gives, with did-you-mean hints.

use std::collections::{HashMap, HashSet};

use crate::config::Config;
use crate::content::load::{slug_of_file_name, Section};
use crate::content::parse::{ActorDoc, Documents, Origin};
use crate::diagnostics::{did_you_mean, suggest, suggest_slug, Diagnostic, Diagnostics};

use super::markdown::{self, Rendered, Target};
use crate::paths::Place;

/// Looks actors up by slug, alias or name, the ways an entry may name them.
/// An alias two actors share is ambiguous: an error only where it is used.
#[derive(Debug, Clone, Default)]
pub(super) struct ActorIndex {
    /// Each actor's slug, by model index.
    slugs: Vec<String>,
    /// Each actor's name and aliases, by model index, for suggestions.
    names: Vec<Vec<String>>,
    pub(super) by_slug: HashMap<String, usize>,
    by_alias: HashMap<String, Vec<usize>>,
    /// Names exactly as written, so `NATO` and `Nato`, two actors whose
    /// names differ only in case, can each be named.
    by_name: HashMap<String, Vec<usize>>,
    by_folded: HashMap<String, Vec<usize>>,
}

impl ActorIndex {
    /// Indexes `actors` (in model order) by slug, alias and case-folded
    /// name, warning of aliases and names that can never be used.
    pub(super) fn build(actors: &[ActorDoc], diags: &mut Diagnostics) -> ActorIndex {
        let mut index = ActorIndex {
            slugs: actors.iter().map(|a| a.origin.slug.clone()).collect(),
            names: actors
                .iter()
                .map(|a| [&a.name].into_iter().chain(&a.aliases).cloned().collect())
                .collect(),
            ..ActorIndex::default()
        };
        for (i, a) in actors.iter().enumerate() {
            index.by_slug.insert(a.origin.slug.clone(), i);
        }
        for (i, a) in actors.iter().enumerate() {
            index.add_aliases(i, actors, diags);
            push_once(index.by_name.entry(a.name.clone()).or_default(), i);
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
                    let other = &actors[*first];
                    let theirs = other
                        .aliases
                        .iter()
                        .chain([&other.name])
                        .find(|k| k.to_lowercase() == *key)
                        .cloned()
                        .unwrap_or_else(|| key.clone());
                    let message = if theirs == written {
                        format!(
                            "`{written}` also names actor `{}`, so entries cannot use it for either; use the slugs",
                            other.origin.slug
                        )
                    } else {
                        format!(
                            "`{written}` differs only in case from `{theirs}` of actor `{}`: entries name each by writing it exactly so, or by slug (if they are one actor, merge the two files)",
                            other.origin.slug
                        )
                    };
                    diags.push(a.origin.warning_at(field, &written, message));
                }
            }
        }
    }

    /// `Ok(index)`, or `Err(candidates)`: empty when unknown, several when
    /// ambiguous. The closest reading wins: a slug, then an alias or name
    /// exactly as written, then one in another case, then the slug a file
    /// name that is no slug publishes under (`Vucic` → `vucic`).
    fn get(&self, name: &str) -> Result<usize, Vec<usize>> {
        let name = name.trim();
        if let Some(&i) = self.by_slug.get(name) {
            return Ok(i);
        }
        let mut exact: Vec<usize> = Vec::new();
        for map in [&self.by_alias, &self.by_name] {
            for &i in map.get(name).map(Vec::as_slice).unwrap_or(&[]) {
                push_once(&mut exact, i);
            }
        }
        match exact.as_slice() {
            [i] => return Ok(*i),
            [_, _, ..] => return Err(exact),
            [] => {}
        }
        match self.by_folded.get(&name.to_lowercase()).map(Vec::as_slice) {
            Some([i]) => return Ok(*i),
            Some(many @ [_, _, ..]) => return Err(many.to_vec()),
            _ => {}
        }
        match self.by_slug.get(&slug_of_file_name(name)) {
            Some(&i) => Ok(i),
            None => Err(Vec::new()),
        }
    }

    /// Each actor's slug with its name and aliases.
    fn named(&self) -> impl Iterator<Item = (&str, &[String])> + '_ {
        self.slugs
            .iter()
            .map(String::as_str)
            .zip(self.names.iter().map(Vec::as_slice))
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
    topic_slugs: Vec<String>,
    /// Topics by name in lower case, as a writer may name them.
    topic_names: HashMap<String, Vec<usize>>,
    /// Each topic's slug and name, for suggestions.
    topic_suggest: Vec<(String, Vec<String>)>,
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
            topic_slugs: docs.topics.iter().map(|t| t.origin.slug.clone()).collect(),
            topic_names: {
                let mut names: HashMap<String, Vec<usize>> = HashMap::new();
                for (i, t) in docs.topics.iter().enumerate() {
                    push_once(names.entry(t.name.trim().to_lowercase()).or_default(), i);
                }
                names
            },
            topic_suggest: docs
                .topics
                .iter()
                .map(|t| (t.origin.slug.clone(), vec![t.name.clone()]))
                .collect(),
            pages: by_slug(&mut docs.pages.iter().map(|p| &p.origin.slug)),
            drafts,
            rejected: docs
                .rejected
                .iter()
                .map(|r| (scheme_of(r.section), r.origin.slug.clone()))
                .collect(),
        }
    }

    /// The same targets once entries moved: entry `j` is now `moved[j]`.
    pub(super) fn renumber_entries(&mut self, moved: &dyn Fn(usize) -> usize) {
        for i in self.entries.values_mut() {
            *i = moved(*i);
        }
    }

    /// The slug of the entry `name` (as a file's `related` gives it) names.
    pub(super) fn entry_named(&self, name: &str) -> Option<&str> {
        canonical(&self.entries, name)
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
            "entry" => canonical(&self.entries, slug),
            "topic" => self.topic(slug).ok().map(|i| self.topic_slug(i)),
            "page" => canonical(&self.pages, slug),
            _ => None,
        };
        if let Some(slug) = found {
            return Target::Url(Place::for_scheme(scheme, slug).url(&self.root));
        }
        if scheme == "entry" && self.drafts.contains(slug) {
            return Target::Unlinked(format!("`entry:{slug}` is a draft; the link is left out"));
        }
        if self.is_rejected(scheme, slug) {
            return Target::Url(Place::for_scheme(scheme, slug).url(&self.root));
        }
        let msg = format!("broken link `{scheme}:{slug}`: no such {scheme}");
        let near = match scheme {
            "actor" => suggest_slug(slug, self.actors.named()),
            "topic" => suggest_slug(slug, self.topic_named()),
            "entry" => suggest(slug, self.entries.keys().map(String::as_str)).map(|s| (s, None)),
            _ => suggest(slug, self.pages.keys().map(String::as_str)).map(|s| (s, None)),
        };
        Target::Broken(match near {
            Some((s, by_name)) => format!("{msg}{}", did_you_mean(&format!("{scheme}:{s}"), by_name)),
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
            match self.topic(name) {
                Ok(i) if !ids.contains(&i) => ids.push(i),
                Ok(_) => {}
                Err(many) if many.len() > 1 => {
                    let slugs: Vec<String> = many.iter().map(|&k| format!("`{}`", self.topic_slug(k))).collect();
                    diags.push(origin.error_at(
                        "topics",
                        name,
                        format!("`{name}` is ambiguous: it names {}; use the slug", slugs.join(" and ")),
                    ));
                }
                Err(_) if self.is_rejected("topic", name) => {}
                Err(_) => diags.push(origin.error_at(
                    "topics",
                    name,
                    unknown("topic", name, suggest_slug(name, self.topic_named())),
                )),
            }
        }
        ids
    }

    /// The topic `name` names: by slug, by name in any case, or by the
    /// slug a file name that is no slug publishes under.
    fn topic(&self, name: &str) -> Result<usize, Vec<usize>> {
        let name = name.trim();
        if let Some(&i) = self.topics.get(name) {
            return Ok(i);
        }
        match self.topic_names.get(&name.to_lowercase()).map(Vec::as_slice) {
            Some([i]) => return Ok(*i),
            Some(many @ [_, _, ..]) => return Err(many.to_vec()),
            _ => {}
        }
        self.topics.get(&slug_of_file_name(name)).copied().ok_or_else(Vec::new)
    }

    fn topic_slug(&self, i: usize) -> &str {
        &self.topic_slugs[i]
    }

    /// The entries `names` (an entry's `related`) name, each once, in time order.
    pub(super) fn related_refs(&self, origin: &Origin, names: &[String], diags: &mut Diagnostics) -> Vec<usize> {
        let mut ids = Vec::new();
        for name in names {
            let found = canonical(&self.entries, name).and_then(|s| self.entries.get(s));
            match found {
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
                    unknown(
                        "entry",
                        name,
                        suggest(name, self.entries.keys().map(String::as_str)).map(|s| (s, None)),
                    ),
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
        unknown("actor", name, suggest_slug(name, self.actors.named()))
    }

    /// Each topic's slug with its name.
    fn topic_named(&self) -> impl Iterator<Item = (&str, &[String])> + '_ {
        self.topic_suggest.iter().map(|(s, n)| (s.as_str(), n.as_slice()))
    }
}

/// The key of `map` that `name` names: itself, or the slug a file name
/// that is no slug publishes under (`Mixed_Case` → `mixed_case`).
fn canonical<'m>(map: &'m HashMap<String, usize>, name: &str) -> Option<&'m str> {
    let name = name.trim();
    map.get_key_value(name)
        .or_else(|| map.get_key_value(&slug_of_file_name(name)))
        .map(|(k, _)| k.as_str())
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

/// Why `name` names no `what`, with a hint: how to write several names,
/// or the slug it was likely meant to be (`near`, with the name that
/// matched when a name did).
fn unknown(what: &str, name: &str, near: Option<(&str, Option<&str>)>) -> String {
    let msg = format!("unknown {what} `{name}`");
    if name.contains(',') {
        // `actors: a, b` is one name to YAML.
        let parts: Vec<&str> = name.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
        return format!(
            "{msg}: to name several, write a list in brackets: `[{}]`",
            parts.join(", ")
        );
    }
    match near {
        Some((s, by_name)) => format!("{msg}{}", did_you_mean(s, by_name)),
        None => format!("{msg}; no file content/{what}s/{name}.md exists"),
    }
}
