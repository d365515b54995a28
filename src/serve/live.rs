//! The site `serve` serves: a linked chronicle and its renderers, with
//! every page rendered when it is first asked for.
//!
//! A rebuild only reads, parses and links what changed, then puts a new
//! [`Site`] in place of the old one; no page is rendered until a browser
//! asks for it, and each is rendered from the model it is asked of, so
//! what is served is always what a full build of the same files writes
//! (the integration tests render every page of a [`Site`] and compare).
//! A page once rendered is kept until the next rebuild, within a bound.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Chronicle;
use crate::output::{Files, MemorySink};
use crate::paths::SearchPart;
use crate::render::theme::Theme;
use crate::render::{PageId, Renderer};
use crate::site::stages;

use super::layered::LayeredPaths;

/// What the renderers of a [`Site`] borrow: the chronicle in its own
/// language and in each it is translated into, and the theme.
pub struct Owner {
    pub model: Chronicle,
    pub translations: Vec<Chronicle>,
    pub theme: Theme,
}

/// The renderer of the chronicle's own language first, then one per
/// translation, in [`Owner::translations`]' order.
type Renderers<'a> = Vec<Renderer<'a>>;

self_cell::self_cell!(
    struct Rendering {
        owner: Owner,
        #[covariant]
        dependent: Renderers,
    }
);

/// Where an output path comes from: a page of one of the renderers, or a
/// static file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Page(usize, PageId),
    Static,
}

/// Every output path of a site's pages, by renderer, and the page there:
/// worked out once per set of pages, shared by the next sites while no
/// page comes or goes, and patched when pages come or go but the names
/// their paths are made of stay (see [`patched`]). (Static files are the
/// theme's.)
pub struct Index {
    maps: Vec<LayeredPaths>,
    /// Each renderer's entry slugs, by the number its map gives an entry's
    /// files: the entries' order when the index was made, then (when it
    /// was patched, see [`patched`]) the entries added since; `None` for
    /// one gone since.
    slugs: Vec<Vec<Option<Arc<str>>>>,
    /// The same of each renderer's relations, by the number its map gives
    /// a relation's pages: relations come and go with entries, and the
    /// others' pages keep their numbers when they do.
    relations: Vec<Vec<Option<Arc<str>>>>,
}

/// A site's index of files, with where each entry and relation it numbers
/// is now: an entry that moves in time (its date changed) keeps its files,
/// so the index stays and only the entries' numbers are looked up anew;
/// a relation that comes or goes moves the others' places, not their
/// numbers.
#[derive(Clone)]
pub struct Paths {
    index: Arc<Index>,
    /// A hash of everything the output paths depend on (see [`paths_key`]).
    key: u64,
    /// The same of the names paths are made of alone: the static files,
    /// the site's addresses, and the slugs, years and old URLs of the
    /// models but their relations', which come and go with entries (see
    /// [`patched`]).
    rest: u64,
    /// By renderer, its pages that are not an entry's files (but the
    /// sitemap's parts).
    others: Arc<Vec<Vec<PageId>>>,
    /// By renderer, how many URLs the sitemap lists and their bytes in it.
    sitemap: Arc<Vec<(usize, usize)>>,
    /// By renderer: where the entry numbered `i` in the index is now, or
    /// `None` when every entry is where it was.
    order: Arc<Vec<Option<Vec<usize>>>>,
    /// The same of the relations the index numbers.
    relation_order: Arc<Vec<Option<Vec<usize>>>>,
    /// By renderer, the sitemap's parts (none when it fits in one file).
    parts: Arc<Vec<Vec<PageId>>>,
}

impl Paths {
    /// Which page of renderer `k`'s model the index's page `id` is now.
    fn current(&self, k: usize, id: PageId) -> PageId {
        match (id.entry(), &self.order[k]) {
            (Some(i), Some(order)) => return id.of_entry(order[i]),
            (Some(_), None) => return id,
            _ => {}
        }
        match (id.relation(), &self.relation_order[k]) {
            (Some(r), Some(order)) => id.of_relation(order[r]),
            _ => id,
        }
    }
}

/// Rendered pages kept for the next request, up to [`CACHE_BYTES`].
#[derive(Default)]
struct Cache {
    pages: HashMap<String, Arc<[u8]>>,
    bytes: usize,
}

/// How much rendered output a site keeps; past it, the kept pages are
/// dropped and rendered again when asked for. Pages take milliseconds to
/// render, so this bounds memory without slowing anyone down.
pub const CACHE_BYTES: usize = 64 << 20;

/// A chronicle ready to render any of its pages.
pub struct Site {
    rendering: Rendering,
    paths: Paths,
    cache: Mutex<Cache>,
}

/// How a [`Site`]'s first-language renderer is made: which entry cards it
/// may take from the last site (their entries did not change).
pub type Reuse<'r> = &'r (dyn Fn(&str) -> Option<(Arc<str>, Arc<str>)> + Sync);

impl Site {
    /// Makes the renderers of `owner` (the first one taking the cards
    /// `reuse` gives) and the index of its output paths, or takes `known`
    /// (a [`Site::paths`]) when the caller knows no page came or went and
    /// no entry moved. The errors are those a
    /// full build reports before it renders: templates that do not
    /// compile, static files or old URLs in the place of pages.
    ///
    /// `last` is the site served until now, if any: its index is taken too
    /// when its pages have the same output paths, whatever the entries'
    /// order (an edit that makes no page, such as an actor added to an
    /// entry or a date changed).
    pub fn new(
        owner: Owner,
        reuse: Reuse<'_>,
        known: Option<Paths>,
        last: Option<&Site>,
    ) -> Result<Site, Vec<Diagnostic>> {
        let t = std::time::Instant::now();
        let rendering = Rendering::try_new(owner, |o| {
            // The last site's renderer of each language, for its templates.
            let lasts = last.map(|l| l.rendering.borrow_dependent());
            let last_of = |i: usize| lasts.and_then(|r| r.get(i));
            let mut renderers = vec![Renderer::reusing(&o.model, &o.theme, reuse, last_of(0))?];
            for (i, t) in o.translations.iter().enumerate() {
                renderers.push(Renderer::reusing(t, &o.theme, &|_| None, last_of(i + 1))?);
            }
            Ok::<_, Vec<Diagnostic>>(renderers)
        })?;
        stages::timing("serve: renderers", t);
        let t = std::time::Instant::now();
        let paths = match known {
            Some(known) => known,
            None => {
                // Each renderer's pages, for the key and, when it is new, the
                // index. The sitemap's parts come from the URLs of all the
                // others, which take time to make: a sitemap that fit in one
                // file still does when the same pages are only in another
                // order, so they are only counted when the last one had parts.
                let renderers = rendering.borrow_dependent();
                let mut pages: Vec<Vec<PageId>> = renderers.iter().map(Renderer::pages_but_terms_and_parts).collect();
                stages::timing("serve: pages", t);
                let (key, rest) = paths_key(&rendering, &pages);
                let parts = |pages: &[Vec<PageId>]| -> Vec<Vec<PageId>> {
                    renderers.iter().zip(pages).map(|(r, p)| r.sitemap_parts(p)).collect()
                };
                let kept = last.filter(|last| last.paths.key == key).and_then(|last| {
                    let one_file = last.paths.parts.iter().all(Vec::is_empty);
                    if !one_file && *last.paths.parts != parts(&pages) {
                        return None;
                    }
                    let order = renumbering(&last.paths.index, &rendering)?;
                    Some(Paths {
                        index: Arc::clone(&last.paths.index),
                        key,
                        rest,
                        others: Arc::clone(&last.paths.others),
                        sitemap: Arc::clone(&last.paths.sitemap),
                        order: Arc::new(order),
                        // The same key: the same relations, in the same order.
                        relation_order: Arc::clone(&last.paths.relation_order),
                        parts: Arc::clone(&last.paths.parts),
                    })
                });
                // Pages came or went, with the names of the others the same:
                // the last index with their files put in and taken out.
                let kept = match kept {
                    Some(paths) => Some(paths),
                    None => match last.filter(|last| last.paths.rest == rest) {
                        Some(last) => patched(last, &rendering, &pages, key).transpose()?,
                        None => None,
                    },
                };
                match kept {
                    Some(paths) => paths,
                    None => {
                        let parts = parts(&pages);
                        let others = Arc::new(pages.iter().map(|p| others_of(p)).collect());
                        let sitemap = renderers.iter().zip(&pages).map(|(r, p)| r.sitemap_size(p)).collect();
                        for (pages, parts) in pages.iter_mut().zip(&parts) {
                            pages.extend_from_slice(parts);
                        }
                        Paths {
                            order: Arc::new(vec![None; pages.len()]),
                            relation_order: Arc::new(vec![None; pages.len()]),
                            index: Arc::new(index_of(&rendering, &pages)?),
                            key,
                            rest,
                            others,
                            sitemap: Arc::new(sitemap),
                            parts: Arc::new(parts),
                        }
                    }
                }
            }
        };
        stages::timing("serve: index of files", t);
        Ok(Site {
            rendering,
            paths,
            cache: Mutex::new(Cache::default()),
        })
    }

    pub fn model(&self) -> &Chronicle {
        &self.rendering.borrow_owner().model
    }

    pub fn theme(&self) -> &Theme {
        &self.rendering.borrow_owner().theme
    }

    /// The renderer of the chronicle's own language.
    pub fn renderer(&self) -> &Renderer<'_> {
        &self.rendering.borrow_dependent()[0]
    }

    /// The site's index of files, for a next site with the same pages
    /// in the same order.
    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    /// How many files the site has (the search index's term shards aside,
    /// until it is built).
    pub fn files(&self) -> usize {
        self.paths.index.maps.iter().map(|m| m.len()).sum::<usize>() + self.theme().statics.len()
    }

    /// Whether the site has a file at `path` (relative, `entries/x/index.html`).
    pub fn contains(&self, path: &str) -> bool {
        self.source(path).is_some()
    }

    /// What makes the file at `path`. The search index's term shards are
    /// not in the index: their number is known once the index is built,
    /// which waits for the first search.
    fn source(&self, path: &str) -> Option<Source> {
        if self.theme().statics.contains_key(path) {
            return Some(Source::Static);
        }
        if let Some((k, id)) = self
            .paths
            .index
            .maps
            .iter()
            .enumerate()
            .find_map(|(k, m)| m.get(path).map(|id| (k, id)))
        {
            return Some(Source::Page(k, self.paths.current(k, id)));
        }
        let (_, file) = path.rsplit_once("search/terms/")?;
        let n: usize = file.strip_suffix(".json")?.parse().ok()?;
        let id = PageId::SearchPart(SearchPart::Terms, n);
        self.rendering
            .borrow_dependent()
            .iter()
            .position(|r| r.output_path(id) == path && n < r.term_shards())
            .map(|k| Source::Page(k, id))
    }

    /// Gives back what the site was made of.
    pub fn into_owner(self) -> Owner {
        self.rendering.into_owner()
    }

    /// The file at `path`, rendered now unless it was already; `None` when
    /// the site has none there, an error when its template fails.
    pub fn get(&self, path: &str) -> Option<Result<Arc<[u8]>, Diagnostic>> {
        let source = self.source(path)?;
        if let Some(bytes) = self.lock().pages.get(path) {
            return Some(Ok(Arc::clone(bytes)));
        }
        let bytes: Arc<[u8]> = match self.render(path, source) {
            Ok(bytes) => Arc::from(bytes),
            Err(d) => return Some(Err(d)),
        };
        let mut cache = self.lock();
        if cache.bytes + bytes.len() > CACHE_BYTES {
            *cache = Cache::default();
        }
        cache.bytes += bytes.len();
        cache.pages.insert(path.to_string(), Arc::clone(&bytes));
        Some(Ok(bytes))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn render(&self, path: &str, source: Source) -> Result<Vec<u8>, Diagnostic> {
        match source {
            Source::Page(k, id) => self.rendering.borrow_dependent()[k].render(id),
            Source::Static => Ok(self.theme().statics.get(path).cloned().unwrap_or_default()),
        }
    }

    /// Renders one page of each kind the site has that comes from a
    /// template, so that a template that cannot render shows as soon as it
    /// is saved, not when its page is next opened. Returns the errors.
    pub fn try_each_kind(&self) -> Vec<Diagnostic> {
        // The first page of each kind by path: the one a build names when
        // every page of the kind fails alike.
        let mut first: HashMap<(usize, std::mem::Discriminant<PageId>), (&str, Source)> = HashMap::new();
        for (k, pages) in self.paths.index.maps.iter().enumerate() {
            for (path, id) in pages.iter().filter(|(_, id)| id.from_template()) {
                let source = Source::Page(k, self.paths.current(k, id));
                let kept = first.entry((k, std::mem::discriminant(&id))).or_insert((path, source));
                if path < kept.0 {
                    *kept = (path, source);
                }
            }
        }
        let sample: Vec<(&str, Source)> = first.into_values().collect();
        let mut errors: Vec<Diagnostic> = sample
            .par_iter()
            .filter_map(|(path, source)| self.render(path, *source).err())
            .collect();
        errors.sort_by(|a, b| (&a.path, a.line, &a.message).cmp(&(&b.path, b.line, &b.message)));
        errors.dedup();
        errors
    }

    /// Every file of the site, rendered: what a full build writes.
    pub fn render_all(&self) -> Result<Files, Vec<Diagnostic>> {
        let sink = MemorySink::default();
        let mut diags = Diagnostics::new();
        for r in self.rendering.borrow_dependent() {
            let pages = r.pages();
            // Writing into memory cannot fail.
            let _ = stages::render_pages(r, &pages, &sink, &mut diags);
        }
        let _ = stages::put_statics(self.theme(), &sink);
        if diags.has_errors() {
            return Err(diags.into_sorted());
        }
        Ok(sink.into_files())
    }
}

/// A hash of what the output paths of a site's pages are made of: which
/// pages each renderer has (but the sitemap's parts), the slugs, years and
/// old URLs that name them, and the address the sitemap's URLs start with.
/// Two sites with the same key have the same index, and the same clashes
/// with static files and old URLs (their static files being one), but for
/// the numbers of their entries: the files of each entry are hashed by its
/// slug, in any order, so that entries may move (see [`renumbering`]).
/// `pages` are each renderer's, in order. Second, the same hash of the
/// names alone (all but the pages): sites alike in it differ only in
/// which pages they have, and each page has the same path in both (see
/// [`patched`]).
fn paths_key(rendering: &Rendering, pages: &[Vec<PageId>]) -> (u64, u64) {
    use std::hash::{Hash, Hasher};
    let owner = rendering.borrow_owner();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let mut entries = std::collections::hash_map::DefaultHasher::new();
    let mut others = std::collections::hash_map::DefaultHasher::new();
    owner.theme.statics.keys().for_each(|p| p.hash(&mut h));
    let models = std::iter::once(&owner.model).chain(owner.translations.iter());
    for (pages, m) in pages.iter().zip(models) {
        // The entries' files as a set: the sum of the hash of each.
        let mut entry_files = 0u64;
        for p in pages {
            match p.entry() {
                Some(i) => {
                    let mut file = std::collections::hash_map::DefaultHasher::new();
                    (std::mem::discriminant(p), &m.entries[i].slug).hash(&mut file);
                    entry_files = entry_files.wrapping_add(file.finish());
                }
                None => p.hash(&mut others),
            }
        }
        (entry_files, m.entries.len()).hash(&mut entries);
        (&m.config.root, &m.config.site_root, &m.config.base_url).hash(&mut h);
        m.actors.iter().for_each(|a| a.slug.hash(&mut h));
        m.topics.iter().for_each(|t| t.slug.hash(&mut h));
        // Relations come and go with entries: the index is patched for
        // them (see [`patched`]), so they are in the key but not the rest.
        m.relations.iter().for_each(|x| x.slug.hash(&mut entries));
        m.pages.iter().for_each(|p| p.slug.hash(&mut h));
        m.years.iter().for_each(|y| y.year.hash(&mut h));
        m.redirects.iter().for_each(|x| x.file.hash(&mut h));
    }
    let rest = h.finish();
    (rest, others.finish()).hash(&mut entries);
    (entries.finish(), rest)
}

/// Where each entry `index` numbers is in each renderer's model, given
/// that they have the same entries (their [`paths_key`] is the index's):
/// `None` for a renderer whose entries are all where they were. `None` in
/// all when an entry cannot be found, which the key makes all but
/// impossible.
fn renumbering(index: &Index, rendering: &Rendering) -> Option<Vec<Option<Vec<usize>>>> {
    let owner = rendering.borrow_owner();
    let models = std::iter::once(&owner.model).chain(owner.translations.iter());
    index
        .slugs
        .iter()
        .zip(models)
        .map(|(slugs, m)| {
            if slugs.iter().flatten().count() != m.entries.len() {
                return None;
            }
            if slugs.len() == m.entries.len()
                && slugs
                    .iter()
                    .zip(&m.entries)
                    .all(|(s, e)| s.as_deref() == Some(e.slug.as_str()))
            {
                return Some(None);
            }
            order_of(slugs, &positions(m)).map(Some)
        })
        .collect()
}

/// Entries' (or relations') places in a model, by slug.
type Positions<'m> = HashMap<&'m str, usize, rustc_hash::FxBuildHasher>;

/// Where each of `m`'s entries is, by its slug.
fn positions(m: &Chronicle) -> Positions<'_> {
    m.entries
        .iter()
        .enumerate()
        .map(|(j, e)| (e.slug.as_str(), j))
        .collect()
}

/// Where each entry (or relation) numbered in `slugs` is now (`now`):
/// one gone since is named by no path, and its number leads nowhere.
/// `None` when one is not found.
fn order_of(slugs: &[Option<Arc<str>>], now: &Positions) -> Option<Vec<usize>> {
    slugs
        .iter()
        .map(|s| match s {
            Some(s) => now.get(&**s).copied(),
            None => Some(usize::MAX),
        })
        .collect()
}

/// The index of `last`, whose names (the second of [`paths_key`]) are
/// those of `rendering`, with the files of the entries and other pages
/// gone taken out and those added put in (entries numbered past its own,
/// in [`Index::slugs`], and relations past its own, in
/// [`Index::relations`]): what [`index_of`] makes of `pages` (each
/// renderer's) but for the numbers, which the [`Paths::order`] and
/// [`Paths::relation_order`] given map. The errors are the added files'
/// clashes with static files and old URLs: the others had none, or `last`
/// would not be. `None` when the index is better made in full: the
/// sitemap had or now needs parts, two entries share a slug, an added
/// file's path is taken, or patches have left many numbers unused.
fn patched(
    last: &Site,
    rendering: &Rendering,
    pages: &[Vec<PageId>],
    key: u64,
) -> Option<Result<Paths, Vec<Diagnostic>>> {
    let owner = rendering.borrow_owner();
    let renderers = rendering.borrow_dependent();
    let before = last.rendering.borrow_dependent();
    if !last.paths.parts.iter().all(Vec::is_empty) || before.len() != renderers.len() {
        return None;
    }
    let models = std::iter::once(&owner.model).chain(owner.translations.iter());
    let mut index = Index {
        maps: Vec::new(),
        slugs: Vec::new(),
        relations: Vec::new(),
    };
    let (mut order, mut sitemap, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    let (mut all_others, mut relation_orders) = (Vec::new(), Vec::new());
    for (k, ((r, pages), m)) in renderers.iter().zip(pages).zip(models).enumerate() {
        let numbered = &last.paths.index.slugs[k];
        if numbered.len() > m.entries.len() + m.entries.len() / 2 + 16 {
            return None;
        }
        let now = positions(m);
        if now.len() != m.entries.len() {
            return None;
        }
        let mut map = last.paths.index.maps[k].clone();
        let mut slugs = numbered.clone();
        let mut kept = vec![false; m.entries.len()];
        // The relations the index numbers, and which each relation now and
        // then is in that numbering: the index names a relation's pages by
        // its number, so those of relations that stay keep their paths'
        // entries when others come or go before them.
        let then_model = match k {
            0 => last.model(),
            _ => last.rendering.borrow_owner().translations.get(k - 1)?,
        };
        let then_number = numbers_of(last.paths.relation_order[k].as_deref(), then_model.relations.len())?;
        let unmoved = then_model
            .relations
            .iter()
            .zip(&m.relations)
            .take_while(|(a, b)| a.slug == b.slug)
            .count();
        let relations_moved = unmoved != then_model.relations.len() || unmoved != m.relations.len();
        let (relation_slugs, relation_order) = if relations_moved {
            renumbered_relations(&last.paths.index.relations[k], m)?
        } else {
            (
                last.paths.index.relations[k].clone(),
                last.paths.relation_order[k].clone(),
            )
        };
        if relation_slugs.len() > m.relations.len() + m.relations.len() / 2 + 16 {
            return None;
        }
        let now_number = numbers_of(relation_order.as_deref(), m.relations.len())?;
        // A page as the index numbers it, from its page then and now.
        let then_numbered = |id: PageId| match id.relation() {
            Some(r) => id.of_relation(then_number[r]),
            None => id,
        };
        let now_numbered = |id: PageId| match id.relation() {
            Some(r) => id.of_relation(now_number[r]),
            None => id,
        };
        // The pages that are no entry's files, come and gone (then's and
        // now's pages, for their paths and the sitemap).
        let others = others_of(pages);
        let (mut came, mut went) = (Vec::new(), Vec::new());
        if relations_moved || others != last.paths.others[k] {
            type Set = HashSet<PageId, rustc_hash::FxBuildHasher>;
            let then: Set = last.paths.others[k].iter().map(|&id| then_numbered(id)).collect();
            let now: Set = others.iter().map(|&id| now_numbered(id)).collect();
            went.extend(
                last.paths.others[k]
                    .iter()
                    .copied()
                    .filter(|&id| !now.contains(&then_numbered(id))),
            );
            came.extend(others.iter().copied().filter(|&id| !then.contains(&now_numbered(id))));
        }
        for &id in &went {
            let path = before[k].output_path(id);
            if map.get(path.as_str()) == Some(then_numbered(id)) {
                map.remove(path.as_str());
            }
        }
        for (i, slug) in numbered.iter().enumerate() {
            let Some(slug) = slug else { continue };
            if let Some(&j) = now.get(&**slug) {
                kept[j] = true;
                continue;
            }
            // Gone: its files, as the last site named them.
            let was = last.paths.current(k, PageId::Entry(i)).entry()?;
            for id in PageId::entry_files(was) {
                let path = before[k].output_path(id);
                if map.get(path.as_str()).and_then(|id| id.entry()) == Some(i) {
                    map.remove(path.as_str());
                    went.push(id);
                }
            }
            slugs[i] = None;
        }
        let (n, b) = before[k].sitemap_size_of(went.into_iter());
        let (urls, bytes) = last.paths.sitemap[k];
        let (mut urls, mut bytes) = (urls.checked_sub(n)?, bytes.checked_sub(b)?);
        let number: HashMap<usize, usize, rustc_hash::FxBuildHasher> = (0..kept.len())
            .filter(|&j| !kept[j])
            .map(|j| {
                slugs.push(Some(Arc::from(m.entries[j].slug.as_str())));
                (j, slugs.len() - 1)
            })
            .collect();
        // The added files, by their pages now (for the checks) and in the
        // index (the added entries' by their numbers).
        let scanned: &[PageId] = if number.is_empty() { &[] } else { pages };
        let entry_files = scanned.iter().filter_map(|&id| {
            let &n = number.get(&id.entry()?)?;
            Some((id, id.of_entry(n)))
        });
        let added = came.into_iter().map(|id| (id, now_numbered(id))).chain(entry_files);
        let mut fresh = stages::PathMap::default();
        for (id, numbered) in added {
            let path: Arc<str> = Arc::from(r.output_path(id));
            if map.contains_key(&path) || fresh.contains_key(&path) {
                return None;
            }
            map.insert(Arc::clone(&path), numbered);
            fresh.insert(path, id);
        }
        let (n, b) = r.sitemap_size_of(fresh.values().copied());
        (urls, bytes) = (urls + n, bytes + b);
        if !crate::render::pages::sitemap_fits(urls, bytes) {
            return None;
        }
        sitemap.push((urls, bytes));
        errors.extend(stages::collisions(m, &fresh, &owner.theme));
        order.push(unless_in_place(order_of(&slugs, &now)?, m.entries.len()));
        relation_orders.push(relation_order);
        index.relations.push(relation_slugs);
        all_others.push(others);
        index.maps.push(map.settled());
        index.slugs.push(slugs);
    }
    if !errors.is_empty() {
        return Some(Err(errors));
    }
    Some(Ok(Paths {
        index: Arc::new(index),
        key,
        rest: last.paths.rest,
        others: Arc::new(all_others),
        sitemap: Arc::new(sitemap),
        order: Arc::new(order),
        relation_order: Arc::new(relation_orders),
        parts: Arc::clone(&last.paths.parts),
    }))
}

/// Which number the index gives each of `len` relations, from where the
/// relation it numbers `i` is (`order[i]`, `usize::MAX` for one gone;
/// `None` when each is where its number says). `None` when one has no
/// number.
fn numbers_of(order: Option<&[usize]>, len: usize) -> Option<Vec<usize>> {
    let Some(order) = order else {
        return Some((0..len).collect());
    };
    let mut numbers = vec![usize::MAX; len];
    for (n, &r) in order.iter().enumerate() {
        if r != usize::MAX {
            *numbers.get_mut(r)? = n;
        }
    }
    numbers.iter().all(|&n| n != usize::MAX).then_some(numbers)
}

/// Slugs by the number an index gives them, `None` for one gone since.
type Numbered = Vec<Option<Arc<str>>>;

/// The relations an index numbers (`numbered`) as they are in `m`: those
/// gone since without a slug, those come since numbered after the rest;
/// and where the relation numbered `i` is in `m`, as
/// [`Paths::relation_order`] has it. `None` when two of `m`'s relations
/// share a slug.
fn renumbered_relations(numbered: &[Option<Arc<str>>], m: &Chronicle) -> Option<(Numbered, Option<Vec<usize>>)> {
    let now: Positions = m
        .relations
        .iter()
        .enumerate()
        .map(|(j, x)| (x.slug.as_str(), j))
        .collect();
    if now.len() != m.relations.len() {
        return None;
    }
    let mut slugs: Numbered = numbered
        .iter()
        .map(|s| s.clone().filter(|s| now.contains_key(&**s)))
        .collect();
    let known: HashSet<&str, rustc_hash::FxBuildHasher> = slugs.iter().flatten().map(|s| &**s).collect();
    let came: Numbered = m
        .relations
        .iter()
        .filter(|x| !known.contains(x.slug.as_str()))
        .map(|x| Some(Arc::from(x.slug.as_str())))
        .collect();
    slugs.extend(came);
    let order = unless_in_place(order_of(&slugs, &now)?, m.relations.len());
    Some((slugs, order))
}

/// `order`, where each of `len` entries or relations an index numbers is
/// now, or `None` when each is where its number says.
fn unless_in_place(order: Vec<usize>, len: usize) -> Option<Vec<usize>> {
    let same = order.len() == len && order.iter().enumerate().all(|(i, &j)| i == j);
    (!same).then_some(order)
}

/// The pages of `pages` that are not an entry's files.
fn others_of(pages: &[PageId]) -> Vec<PageId> {
    pages.iter().copied().filter(|p| p.entry().is_none()).collect()
}

/// The output paths of every renderer's pages (`pages`, in order), after
/// the checks a full build makes of them.
fn index_of(rendering: &Rendering, pages: &[Vec<PageId>]) -> Result<Index, Vec<Diagnostic>> {
    let owner = rendering.borrow_owner();
    let mut index = Index {
        maps: Vec::new(),
        slugs: Vec::new(),
        relations: Vec::new(),
    };
    let mut errors = Vec::new();
    let models = std::iter::once(&owner.model).chain(owner.translations.iter());
    for ((r, pages), m) in rendering.borrow_dependent().iter().zip(pages).zip(models) {
        let generated = stages::generated_paths(r, pages);
        errors.extend(stages::collisions(m, &generated, &owner.theme));
        index.maps.push(LayeredPaths::from(generated));
        index
            .slugs
            .push(m.entries.iter().map(|e| Some(Arc::from(e.slug.as_str()))).collect());
        index
            .relations
            .push(m.relations.iter().map(|x| Some(Arc::from(x.slug.as_str()))).collect());
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(index)
}
