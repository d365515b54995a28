//! Rendered Markdown kept between builds, so an edit re-renders only the
//! bodies that changed.

use std::collections::HashMap;
use std::sync::Arc;

use crate::config::Config;
use crate::content::parse::{Origin, Source};

use super::bibliography::{same_citations, Bibliography};
use super::markdown::Rendered;
use super::stored::{Scratch, Stored};
use super::{LinkTargets, Publisher};

/// A bibliography kept, with the entries (by slug, in model order) and
/// the sources each cited when it was made.
type KeptBibliography = (Vec<String>, Vec<Vec<Arc<Source>>>, Bibliography);

/// What an entry of a relinked model cites, for
/// [`MarkdownCache::rekeep_bibliography`]: what entry `j` of the last model
/// did (`As`), other sources (`Now`), or, new, with its slug (`New`).
pub(super) enum Citing<'a> {
    As(usize),
    Now(usize, &'a [Arc<Source>]),
    New(&'a str, &'a [Arc<Source>]),
}

/// Rendered Markdown kept between builds by `serve`, so an edit re-renders
/// only the bodies that changed. A body's rendering holds while its text is
/// the same and each internal link in it resolves as it did (see
/// [`Rendered::lookups`]); all are dropped when the site's root or its
/// `allow_html` setting changes. It keeps the last bibliography too, for a
/// change that moves no source ([`MarkdownCache::bibliography_for`]).
///
/// A build's cache keeps nothing ([`MarkdownCache::default`]), or writes
/// the HTML and text of each entry's body aside until its pages need them
/// ([`MarkdownCache::aside`]).
#[derive(Default)]
pub struct MarkdownCache {
    enabled: bool,
    settings: u64,
    bodies: HashMap<String, (u64, Arc<Rendered>)>,
    scratch: Option<Arc<Scratch>>,
    /// The last bibliography, and each entry's sources it was made from.
    bibliography: Option<KeptBibliography>,
}

impl MarkdownCache {
    /// A cache that keeps what it renders (the default one keeps nothing).
    pub fn new() -> MarkdownCache {
        MarkdownCache {
            enabled: true,
            ..MarkdownCache::default()
        }
    }

    /// A cache for a build, which keeps nothing and writes the HTML and
    /// text of each entry's body to a scratch file (held in memory when
    /// none can be made): see [`crate::model::stored`].
    pub fn aside() -> MarkdownCache {
        MarkdownCache {
            scratch: Scratch::new(),
            ..MarkdownCache::default()
        }
    }

    /// The scratch file bodies are written to, if any.
    pub(super) fn scratch(&self) -> Option<&Arc<Scratch>> {
        self.scratch.as_ref()
    }

    /// The HTML and text of an entry's body, as the model keeps them:
    /// written aside when this cache has a scratch file (a build's, which
    /// keeps nothing) and nothing else holds the rendering; else shared.
    /// Written aside, they are taken out of the rendering, and so is all
    /// of it that has been read by now (its first paragraph, links and
    /// problems): it keeps its citations only.
    pub(super) fn store(&self, rendered: &mut Arc<Rendered>) -> (Stored, Stored) {
        match (&self.scratch, Arc::get_mut(rendered)) {
            (Some(scratch), Some(r)) => {
                let html = std::mem::replace(&mut r.html, Arc::from(""));
                let text = std::mem::replace(&mut r.text, Arc::from(""));
                let [html, text] = scratch.put([html, text]);
                r.first_paragraph = String::new();
                r.lookups = Vec::new();
                r.problems = Vec::new();
                (html, text)
            }
            _ => (
                Stored::Held(Arc::clone(&rendered.html)),
                Stored::Held(Arc::clone(&rendered.text)),
            ),
        }
    }

    /// Whether this cache keeps anything between links (`serve`'s).
    pub(super) fn keeps(&self) -> bool {
        self.enabled
    }

    /// The bibliography of entries `slugs` citing `sources` (in model
    /// order), made from the last one: as it was when every entry cites
    /// what it did where it did (an actor, a topic or a tone edited),
    /// renumbered when entries moved (a date edited), and patched where
    /// entries cite other sources, are new or are gone (see
    /// [`Bibliography::patched`]). `None` before a first bibliography, or
    /// when a slug is there twice.
    pub(super) fn bibliography_for(&self, slugs: &[String], sources: &[Vec<Arc<Source>>]) -> Option<Bibliography> {
        let (kept_slugs, kept, bib) = self.bibliography.as_ref()?;
        let same = |a: &Vec<Arc<Source>>, b: &Vec<Arc<Source>>| same_citations(a.iter(), b);
        if kept_slugs.as_slice() == slugs && kept.iter().zip(sources).all(|(a, b)| same(a, b)) {
            return Some(Bibliography {
                publishers: Arc::clone(&bib.publishers),
                cited: bib.cited.clone(),
            });
        }
        let now: HashMap<&str, usize, rustc_hash::FxBuildHasher> =
            slugs.iter().enumerate().map(|(i, s)| (s.as_str(), i)).collect();
        if now.len() != slugs.len() {
            return None;
        }
        // Entries not among the last ones are new: they changed.
        let mut changed = vec![true; slugs.len()];
        let moved: Vec<Option<usize>> = kept_slugs
            .iter()
            .zip(kept)
            .map(|(slug, cited)| {
                let i = *now.get(slug.as_str())?;
                changed[i] = !same(cited, &sources[i]);
                Some(i)
            })
            .collect();
        Some(bib.patched(&moved, sources, &changed))
    }

    /// Keeps `bib`, made from `sources` of the entries `slugs`, for the
    /// next link (when this cache keeps anything).
    pub(super) fn keep_bibliography(&mut self, slugs: Vec<String>, sources: Vec<Vec<Arc<Source>>>, bib: &Bibliography) {
        if self.enabled {
            let kept = Bibliography {
                publishers: Arc::clone(&bib.publishers),
                cited: bib.cited.clone(),
            };
            self.bibliography = Some((slugs, sources, kept));
        }
    }

    /// Keeps `bib`, made by relinking the model whose publishers are
    /// `was`, for the next link: the slugs and sources it was made from are
    /// the kept ones, moved where `now` says (see [`Citing`]). When what
    /// was kept was not `was`'s bibliography, nothing is kept.
    pub(super) fn rekeep_bibliography<'a>(
        &mut self,
        was: &Arc<Vec<Publisher>>,
        now: impl ExactSizeIterator<Item = Citing<'a>>,
        bib: &Bibliography,
    ) {
        let Some((mut slugs, mut sources, kept)) = self.bibliography.take() else {
            return;
        };
        if !Arc::ptr_eq(&kept.publishers, was) {
            return;
        }
        let mut now_slugs = Vec::with_capacity(now.len());
        let mut now_sources = Vec::with_capacity(now.len());
        for citing in now {
            let (slug, cites) = match citing {
                Citing::As(j) => (std::mem::take(&mut slugs[j]), std::mem::take(&mut sources[j])),
                Citing::Now(j, cites) => (std::mem::take(&mut slugs[j]), cites.to_vec()),
                Citing::New(slug, cites) => (slug.to_string(), cites.to_vec()),
            };
            now_slugs.push(slug);
            now_sources.push(cites);
        }
        self.keep_bibliography(now_slugs, now_sources, bib);
    }

    /// The rendering of `origin`'s body, when it is the one kept.
    pub fn get(&self, origin: &Origin) -> Option<&Arc<Rendered>> {
        match self.bodies.get(&origin.rel) {
            Some((hash, r)) if *hash == origin.body_hash() => Some(r),
            _ => None,
        }
    }

    /// Whether every body kept, but those of the files `but`, has each of
    /// its links to entries lead where it did when rendered against
    /// `targets` (which differ from the last ones in their entries only).
    pub(super) fn bodies_still_resolve_entries(&self, targets: &LinkTargets, but: &[&str]) -> bool {
        self.bodies
            .iter()
            .filter(|(rel, _)| !but.contains(&rel.as_str()))
            .all(|(_, (_, r))| {
                r.lookups
                    .iter()
                    .filter(|(scheme, _, _)| scheme == "entry")
                    .all(|(scheme, slug, t)| targets.resolve(scheme, slug) == *t)
            })
    }

    /// Forgets the rendering of the file `rel`, which is gone.
    pub fn forget(&mut self, rel: &str) {
        self.bodies.remove(rel);
    }

    /// Records `r` as the rendering of `origin`'s body.
    pub fn insert(&mut self, origin: &Origin, r: Arc<Rendered>) {
        if self.enabled {
            self.bodies.insert(origin.rel.clone(), (origin.body_hash(), r));
        }
    }

    /// Drops every rendering when the settings that shape all of them (the
    /// site's root, `allow_html`) differ from those they were made with.
    pub(super) fn check_settings(&mut self, config: &Config) {
        if self.enabled {
            let settings = hash_of(&[&config.root, if config.allow_html { "html" } else { "text" }]);
            if settings != self.settings {
                self.bodies.clear();
                self.settings = settings;
            }
        }
    }

    /// `origin`'s body rendered against `targets`: the kept rendering while
    /// it still holds, else a fresh one.
    pub(super) fn render(&self, origin: &Origin, targets: &LinkTargets) -> Arc<Rendered> {
        match self.get(origin) {
            Some(r) if targets.still_resolve(r) => Arc::clone(r),
            _ => Arc::new(targets.render(origin.body())),
        }
    }

    /// Keeps exactly these renderings, forgetting those of bodies gone.
    /// The kept ones are updated in place, the map made again only when
    /// some body went: a change in `serve` touches a few of ten thousand.
    pub(super) fn keep_only<'a>(&mut self, bodies: impl Iterator<Item = (&'a Origin, &'a Arc<Rendered>)>) {
        if !self.enabled {
            return;
        }
        let mut count = 0;
        let mut listed: Vec<&str> = Vec::new();
        for (origin, r) in bodies {
            count += 1;
            listed.push(&origin.rel);
            let hash = origin.body_hash();
            match self.bodies.get_mut(origin.rel.as_str()) {
                Some(kept) if kept.0 == hash && Arc::ptr_eq(&kept.1, r) => {}
                Some(kept) => *kept = (hash, Arc::clone(r)),
                None => {
                    self.bodies.insert(origin.rel.clone(), (hash, Arc::clone(r)));
                }
            }
        }
        // Each path is listed once (one document per file): more kept than
        // listed means some went.
        if self.bodies.len() != count {
            let listed: std::collections::HashSet<&str> = listed.into_iter().collect();
            self.bodies.retain(|rel, _| listed.contains(rel.as_str()));
        }
    }
}

fn hash_of(parts: &[&str]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for p in parts {
        p.hash(&mut h);
    }
    h.finish()
}
