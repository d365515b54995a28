//! Incremental builds in memory, for `serve`.
//!
//! A [`Session`] runs the stage functions of `build` ([`crate::site::stages`]:
//! configure, load the theme, read and parse, link) but keeps what it can
//! between runs: the parsed document of every content file, the rendered
//! Markdown of every body, and the linked model with its renderers, as a
//! [`Site`] that renders each page when it is asked for (see
//! [`crate::serve::live`]). When files change, only those files are read
//! and parsed again. Then one of three paths:
//!
//! - **Patch.** When only entries changed and each stays where it was (same
//!   date, actors, topics, relations, sources), nothing is linked again: the
//!   new bodies are rendered against the link targets the model keeps, and
//!   the entries are patched into a copy of the model.
//! - **Relink.** When entries move, change what they name or cite, or
//!   entry files come or go (a new entry, one deleted, one renamed), and
//!   nothing else links to what changed, only those entries are linked,
//!   into the last model indexed again ([`Chronicle::relink_entries`]).
//! - **Link.** Otherwise the model is linked again from the kept documents
//!   (only changed bodies go through Markdown).
//!
//! Either way the cards of entries that did not change are taken from the
//! last site when the data every page sees is the same, and no page is
//! rendered: the new site replaces the old one, and each page is rendered
//! from it when a browser next asks. After a failed rebuild the changes
//! are remembered until one succeeds. What is served is always what a full
//! build of the same files writes; the integration tests hold it to that.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::load::{self, Found};
use crate::content::parse::{self, Doc, EntryDoc};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::markdown::Rendered;
use crate::model::{self, Chronicle, MarkdownCache, Relinked, Reread};
use crate::output::Files;
use crate::render::theme::Theme;
use crate::serve::live::{Owner, Paths, Site};
use crate::serve::plan::{self, Kind, Plan};
use crate::site::stages::{self, timing, Parsed};
use crate::site::Options;

/// What one rebuild did.
#[derive(Debug, Clone, Default)]
pub struct Rebuild {
    /// The changed paths that mattered, relative to the root.
    pub changed: Vec<String>,
    /// Files the site has now (none when nothing needed doing). None is
    /// rendered yet: each is, when it is asked for.
    pub pages: usize,
    /// True when only stylesheets changed: pages can swap them in place.
    pub css_only: bool,
    pub millis: u128,
    pub warnings: Vec<Diagnostic>,
    /// How much of the chronicle was linked again.
    pub linking: Linking,
}

/// How much of the chronicle a rebuild linked again.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Linking {
    /// Every document (or nothing needed doing).
    #[default]
    All,
    /// Only the entries edited, added or removed, into the last model
    /// indexed again.
    Entries,
    /// Nothing: the entries edited were patched into the last model where
    /// they were.
    Patched,
}

impl Rebuild {
    /// The one terminal line `serve` prints for a rebuild.
    pub fn line(&self) -> String {
        let what = match self.changed.len() {
            0 => "everything".to_string(),
            1 => self.changed[0].clone(),
            n => format!("{} and {} more", self.changed[0], n - 1),
        };
        let warn = match self.warnings.len() {
            0 => String::new(),
            1 => ", 1 warning".into(),
            n => format!(", {n} warnings"),
        };
        format!("rebuilt {what} in {} ms{warn}", self.millis)
    }
}

/// A good build: what the site being served was made from.
struct Built {
    config: Config,
    warnings: Vec<Diagnostic>,
    site: Arc<Site>,
}

/// What a rebuild makes a site of: a model linked (or patched) with its
/// configuration, theme and warnings.
struct Next {
    config: Config,
    theme: Theme,
    model: Chronicle,
    warnings: Vec<Diagnostic>,
}

impl Next {
    /// `model`, with `warnings`, to be served in place of `built`, with
    /// its configuration and theme.
    fn after(built: &Built, model: Chronicle, warnings: Diagnostics) -> Next {
        Next {
            config: built.config.clone(),
            theme: built.site.theme().clone(),
            model,
            warnings: warnings.into_sorted(),
        }
    }
}

/// A chronicle kept built in memory.
pub struct Session {
    opts: Options,
    /// Parsed content files by path, whatever their state.
    docs: BTreeMap<String, Parsed>,
    markdown: MarkdownCache,
    /// The content files (a walk of the content folder, kept up to date),
    /// and the problems it found.
    content: load::ContentFiles,
    scan_diags: Vec<Diagnostic>,
    /// The last good build: `None` before the first one, and after a
    /// rebuild that failed once linked (the next one starts afresh).
    built: Option<Built>,
    /// The site served: the last one that built without errors.
    site: Option<Arc<Site>>,
    /// True when the last rebuild succeeded: the model and site match the files.
    clean: bool,
    /// Paths changed since the last good build, and the content files among
    /// them whose text changed or that went away: after a failed rebuild, the
    /// next one must still account for everything they touch.
    unsettled: Vec<(String, Kind)>,
    touched: BTreeSet<String>,
    /// How the last rebuild linked.
    linking: Linking,
}

/// What the files a rebuild reads again were before it, and the content
/// folder's problems (see [`Session::relink_files`]).
struct Before {
    docs: Vec<Option<Parsed>>,
    scan_diags: Vec<Diagnostic>,
}

/// An entry file edited, and still an entry (see
/// [`Session::try_entry_patch`]).
struct Edit {
    rel: String,
    index: usize,
    /// What it was when last linked.
    old: Arc<EntryDoc>,
    doc: Arc<EntryDoc>,
    /// Whether it stays where it was, so that nothing need be linked again.
    in_place: bool,
    parse_diags: Vec<Diagnostic>,
    body: Arc<Rendered>,
    body_diags: Vec<Diagnostic>,
}

impl Session {
    /// Builds the chronicle at `opts.root` in memory. On errors the session
    /// still exists (so `serve` can start and show them) but has no site yet.
    pub fn new(opts: Options) -> (Session, Result<Rebuild, Vec<Diagnostic>>) {
        let mut s = Session {
            opts,
            docs: BTreeMap::new(),
            markdown: MarkdownCache::new(),
            scan_diags: Vec::new(),
            content: load::ContentFiles::default(),
            built: None,
            site: None,
            clean: false,
            unsettled: Vec::new(),
            touched: BTreeSet::new(),
            linking: Linking::All,
        };
        let result = s.rebuild_all();
        (s, result)
    }

    /// The site served (the last one that built without errors), if any.
    pub fn site(&self) -> Option<Arc<Site>> {
        self.site.clone()
    }

    /// Every file of the site served, rendered: what a full build of the
    /// same files writes (empty before a first good build).
    pub fn files(&self) -> Arc<Files> {
        let files = self.site.as_ref().and_then(|s| s.render_all().ok()).unwrap_or_default();
        Arc::new(files)
    }

    /// Paths worth watching: content, templates, static files, themes, the
    /// chronicle's language files, config.
    pub fn watch_paths(&self) -> Vec<PathBuf> {
        let root = &self.opts.root;
        ["content", "templates", "static", "themes", "i18n"]
            .iter()
            .map(|d| root.join(d))
            .collect()
    }

    /// Rebuilds everything from disk.
    pub fn rebuild_all(&mut self) -> Result<Rebuild, Vec<Diagnostic>> {
        self.docs.clear();
        self.update(Vec::new(), true)
    }

    /// Applies a batch of changed paths (absolute, or relative to the root).
    /// On errors the previous site stays and every diagnostic is returned.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Result<Rebuild, Vec<Diagnostic>> {
        let root = &self.opts.root;
        let root_abs = std::fs::canonicalize(root).unwrap_or_else(|_| root.clone());
        let theme = self.built.as_ref().map(|b| b.config.theme.as_str());
        let changed: Vec<(String, Kind)> = paths
            .iter()
            .map(|p| {
                let abs = if p.is_absolute() { p.clone() } else { root.join(p) };
                abs.strip_prefix(&root_abs)
                    .or_else(|_| abs.strip_prefix(root))
                    .map(|r| load::rel_path(Path::new(""), r))
                    .unwrap_or_default()
            })
            .filter_map(|rel| plan::classify(&rel, theme).map(|k| (rel, k)))
            .collect();
        if changed.is_empty() {
            return Ok(Rebuild::default());
        }
        self.update(changed, false)
    }

    fn update(&mut self, mut changed: Vec<(String, Kind)>, everything: bool) -> Result<Rebuild, Vec<Diagnostic>> {
        // With what failed to build before, sorted and without repeats.
        changed.append(&mut self.unsettled);
        changed.sort();
        changed.dedup();
        let start = Instant::now();
        self.linking = Linking::All;
        let patched = match (everything, self.clean) {
            (false, true) => self.try_entry_patch(&changed),
            _ => None,
        };
        let result = match patched {
            Some(result) => result,
            None => self.relink(&changed, everything),
        };
        self.clean = result.is_ok();
        if self.clean {
            self.touched.clear();
        } else {
            self.unsettled = changed.clone();
        }
        result.map(|(pages, warnings)| match pages {
            // Nothing needed doing.
            None => Rebuild::default(),
            Some(pages) => Rebuild {
                css_only: !everything && plan::css_only(&changed),
                changed: changed.into_iter().map(|(r, _)| r).collect(),
                pages,
                millis: start.elapsed().as_millis(),
                warnings,
                linking: self.linking,
            },
        })
    }

    /// The general path: configuration and theme as needed, the changed
    /// content read again, everything linked again, a new site made.
    /// Returns the files of the new site (`None` when nothing changed)
    /// and the warnings.
    fn relink(
        &mut self,
        changed: &[(String, Kind)],
        everything: bool,
    ) -> Result<(Option<usize>, Vec<Diagnostic>), Vec<Diagnostic>> {
        let has = |k: Kind| everything || changed.iter().any(|(_, c)| *c == k);
        let mut diags = Diagnostics::new();
        let fresh = self.built.is_none();
        let config = match &self.built {
            Some(b) if !has(Kind::Config) => b.config.clone(),
            _ => stages::configure(&self.opts, &mut diags).ok_or_else(|| diags.clone().into_sorted())?,
        };
        let theme = match &self.built {
            Some(b) if !(has(Kind::Config) || has(Kind::Template) || has(Kind::Static)) => {
                diags.extend(b.site.theme().warnings.iter().cloned());
                b.site.theme().clone()
            }
            _ => stages::load_theme(&self.opts.root, &config, &mut diags).ok_or_else(|| diags.clone().into_sorted())?,
        };
        let t = Instant::now();
        let content_only = changed.iter().all(|(_, k)| *k == Kind::Content);
        // What the changed files were, for entries that came or went.
        let before: Option<Before> = (!everything && self.clean && content_only && !fresh).then(|| Before {
            docs: changed.iter().map(|(rel, _)| self.docs.get(rel).cloned()).collect(),
            scan_diags: self.scan_diags.clone(),
        });
        self.refresh_documents(changed, everything, &mut diags);
        timing("serve: read, parse, collect", t);
        // Files with errors are still linked, so that what they refer to is
        // checked and serve reports every error a build reports.
        let parse_failed = diags.has_errors();
        if !parse_failed && !everything && self.clean && self.touched.is_empty() && content_only && !fresh {
            return Ok((None, Vec::new()));
        }
        if let Some(before) = before.filter(|_| !parse_failed) {
            if let Some(result) = self.relink_files(changed, before) {
                return result;
            }
        }
        let t = Instant::now();
        // The kept documents, for linking, on every core: an entry's is
        // shared, the others (actors, topics, pages) copied.
        let kept: Vec<&Parsed> = self.docs.values().collect();
        let copies: Vec<Parsed> = kept.par_iter().map(|&p| p.clone()).collect();
        let docs = stages::documents(copies, &mut diags);
        timing("serve: collect documents", t);
        let t = Instant::now();
        let model = model::link(docs, config.clone(), self.opts.drafts, &mut diags, &mut self.markdown);
        if diags.has_errors() {
            return Err(diags.into_sorted());
        }
        let warnings = diags.into_sorted();
        timing("serve: link", t);
        let change = plan::Change {
            everything,
            templates: has(Kind::Config) || has(Kind::Template),
            touched: &self.touched,
        };
        let plan = plan::after_link(&change, self.built.is_some());
        let next = Next {
            config,
            theme,
            model,
            warnings: warnings.clone(),
        };
        let pages = self.install(next, plan, false)?;
        Ok((Some(pages), warnings))
    }

    /// Entry files that came or went (a new entry, one deleted, a file
    /// renamed), linked into the last good model alone
    /// ([`Chronicle::relink_entries`]) when nothing else changed: each
    /// changed path is an entry file that is new or gone, none is a
    /// translation or has one, and the content folder's problems are the
    /// same. `before` is what the changed files were. `None` when the
    /// change is anything else, or reaches further, for a full link.
    #[allow(clippy::type_complexity)]
    fn relink_files(
        &mut self,
        changed: &[(String, Kind)],
        before: Before,
    ) -> Option<Result<(Option<usize>, Vec<Diagnostic>), Vec<Diagnostic>>> {
        let built = self.built.as_ref()?;
        let model = built.site.model();
        if before.scan_diags != self.scan_diags {
            return None;
        }
        let t = Instant::now();
        let (mut added, mut removed, mut gone_files) = (Vec::new(), Vec::new(), Vec::new());
        let mut gone: Vec<Arc<EntryDoc>> = Vec::new();
        let mut fresh = Vec::new();
        for ((rel, _), was) in changed.iter().zip(&before.docs) {
            if !rel.starts_with("content/entries/") {
                return None;
            }
            match (was, self.docs.get(rel)) {
                (None, Some((Some(Doc::Entry(doc)), parse_diags))) => {
                    let (body, body_diags) = self.body_of(doc, model)?;
                    fresh.extend(parse_diags.iter().cloned());
                    fresh.extend(body_diags);
                    added.push(Reread {
                        old: Arc::clone(doc),
                        new: Arc::clone(doc),
                        body,
                    });
                }
                (Some((Some(Doc::Entry(old)), _)), None) => {
                    removed.push(old.origin.slug.clone());
                    gone.push(Arc::clone(old));
                    gone_files.push(rel.as_str());
                }
                _ => return None,
            }
        }
        // A translation waiting for its original, or left by it.
        let comes_or_goes =
            |slug: &str| added.iter().any(|a| a.new.origin.slug == slug) || removed.iter().any(|r| r == slug);
        if self
            .docs
            .values()
            .any(|(d, _)| matches!(d, Some(Doc::Translation(t)) if comes_or_goes(&t.origin.slug)))
        {
            return None;
        }
        let docs = &self.docs;
        let last_doc = |rel: &str| entry_doc(docs, rel).or_else(|| gone.iter().find(|d| d.origin.rel == rel).cloned());
        // The other entries' related lists: the removed ones are no longer
        // among the documents, the added ones are left out.
        let others_related: Vec<&[String]> = docs
            .iter()
            .filter_map(|(rel, (doc, _))| match doc {
                Some(Doc::Entry(d)) if !d.related.is_empty() => Some((rel, d.related.as_slice())),
                _ => None,
            })
            .filter(|(rel, _)| !added.iter().any(|a| &a.new.origin.rel == *rel))
            .map(|(_, related)| related)
            .collect();
        let changes = model::Changes {
            edits: &[],
            added: &added,
            removed: &removed,
            last_doc: &last_doc,
            others_related: &others_related,
        };
        let Relinked {
            model,
            stale,
            fresh: linked,
        } = model.relink_entries(&changes, self.opts.drafts, &mut self.markdown)?;
        timing("serve: link the entries that came or went", t);
        let mut warnings = Diagnostics::new();
        warnings.extend(
            built
                .warnings
                .iter()
                .filter(|d| !gone_files.contains(&d.path.as_str()) && !stale.contains(d))
                .cloned(),
        );
        warnings.extend(fresh);
        warnings.extend(linked);
        let next = Next::after(built, model, warnings);
        let slugs: BTreeSet<String> = added.iter().map(|a| a.new.origin.slug.clone()).chain(removed).collect();
        for a in &added {
            self.markdown.insert(&a.new.origin, Arc::clone(&a.body));
        }
        for rel in gone_files {
            self.markdown.forget(rel);
        }
        self.linking = Linking::Entries;
        let warnings = next.warnings.clone();
        Some(
            self.install(next, Plan::Entries { slugs }, false)
                .map(|pages| (Some(pages), warnings)),
        )
    }

    /// Walks the content folder again when the set of files may have
    /// changed, then reads and parses what changed or is new, noting in
    /// `touched` the files whose text changed or that went away.
    fn refresh_documents(&mut self, changed: &[(String, Kind)], everything: bool, diags: &mut Diagnostics) {
        // When every changed path is a content file already known and still
        // there, the set of files is the same: skip the walk.
        let known_files_only = !everything
            && self.content.files().next().is_some()
            && changed.iter().all(|(rel, k)| {
                *k != Kind::Content
                    || (self.content.files().any(|f| &f.rel == rel) && self.opts.root.join(rel).is_file())
            });
        let rels: Vec<&str> = changed
            .iter()
            .filter(|(_, k)| *k == Kind::Content)
            .map(|(r, _)| r.as_str())
            .collect();
        let mut only_these = known_files_only;
        if !known_files_only {
            // Files came or went: the kept walk takes them in one by one,
            // unless only a new walk can tell what they are.
            let t = Instant::now();
            let walked = everything || !self.content.update(&rels);
            if walked {
                self.content = load::ContentFiles::walk(&self.opts.root);
                timing("serve: walk the content folder", t);
            }
            let last_diags = std::mem::replace(&mut self.scan_diags, self.content.diags());
            timing("serve: the content files", t);
            // Taken in one by one with the same problems (so no file became
            // a duplicate of another), only the changed paths, or the files
            // under them, came or went.
            only_these = !walked && last_diags == self.scan_diags;
        }
        diags.extend(self.scan_diags.iter().cloned());
        if only_these {
            // Only the changed files are read again.
            let removed = match known_files_only {
                true => Vec::new(),
                false => self.gone_at(&rels),
            };
            for rel in &removed {
                self.docs.remove(rel);
            }
            let to_read: Vec<Found> = rels
                .iter()
                .filter_map(|&rel| self.content.files().find(|f| f.rel == rel).cloned())
                .collect();
            self.take_parsed(stages::read_and_parse(to_read));
            self.touched.extend(removed);
            return;
        }
        let dirty: FastSet<&str> = changed
            .iter()
            .filter(|(_, k)| *k == Kind::Content)
            .map(|(r, _)| r.as_str())
            .collect();
        let present: FastSet<&str> = self.content.files().map(|f| f.rel.as_str()).collect();
        let removed: Vec<String> = self
            .docs
            .keys()
            .filter(|r| !present.contains(r.as_str()))
            .cloned()
            .collect();
        self.docs.retain(|rel, _| present.contains(rel.as_str()));
        let to_read: Vec<Found> = self
            .content
            .files()
            .filter(|f| everything || dirty.contains(f.rel.as_str()) || !self.docs.contains_key(&f.rel))
            .cloned()
            .collect();
        self.take_parsed(stages::read_and_parse(to_read));
        self.touched.extend(removed);
    }

    /// The files kept that the walk no longer has at `rels`, or under them
    /// (a folder removed).
    fn gone_at(&self, rels: &[&str]) -> Vec<String> {
        let present = |rel: &str| self.content.files().any(|f| f.rel == rel);
        let mut gone = Vec::new();
        for &rel in rels {
            let under = format!("{rel}/");
            let from = (std::ops::Bound::Included(rel), std::ops::Bound::Unbounded);
            let starting = self.docs.range::<str, _>(from).map(|(k, _)| k);
            let here = starting
                .take_while(|k| k.starts_with(rel))
                .filter(|k| (k.as_str() == rel || k.starts_with(&under)) && !present(k));
            gone.extend(here.cloned());
        }
        gone
    }

    /// Keeps files read and parsed again, noting in `touched` those whose
    /// text changed (a file re-read with the same text has not).
    fn take_parsed(&mut self, parsed: Vec<(String, Parsed)>) {
        for (rel, p) in parsed {
            let same = matches!((self.docs.get(&rel), &p), (Some(old), new) if old.0.is_some() && doc_text(old) == doc_text(new));
            if !same {
                self.touched.insert(rel.clone());
            }
            self.docs.insert(rel, p);
        }
    }

    /// The fast paths for edits of entries while writing, when no file came
    /// or went and every changed file is an entry still. When the entries
    /// stay where they were (same date, actors, topics, relations and
    /// sources; see [`parse::EntryDoc::same_place`]), as when a body, a
    /// title or a summary is edited, nothing needs linking again: new
    /// bodies are rendered against the link targets the model already has,
    /// and the entries are patched into a copy of the model. Otherwise only
    /// the edited entries are linked again, into a model indexed anew
    /// ([`Chronicle::relink_entries`]). Returns `None` when the change is
    /// anything else (or brings errors), for the general path to handle.
    #[allow(clippy::type_complexity)]
    fn try_entry_patch(
        &mut self,
        changed: &[(String, Kind)],
    ) -> Option<Result<(Option<usize>, Vec<Diagnostic>), Vec<Diagnostic>>> {
        let start = Instant::now();
        let edits = self.read_edits(changed)?;
        if edits.is_empty() {
            return Some(Ok((None, Vec::new())));
        }
        timing("serve: read, parse and render entries", start);
        // In place, the pages and so the site's index of files are the same.
        let in_place = edits.iter().all(|e| e.in_place);
        let (next, plan) = match in_place {
            true => self.patch(edits)?,
            false => self.relink_edits(edits)?,
        };
        self.linking = if in_place { Linking::Patched } else { Linking::Entries };
        let warnings = next.warnings.clone();
        Some(self.install(next, plan, in_place).map(|pages| (Some(pages), warnings)))
    }

    /// The edits of `changed`, when every one is an entry that stays an
    /// entry and brings no error of its own; `None` otherwise.
    fn read_edits(&self, changed: &[(String, Kind)]) -> Option<Vec<Edit>> {
        let built = self.built.as_ref()?;
        if changed.is_empty()
            || changed
                .iter()
                .any(|(rel, k)| *k != Kind::Content || !rel.starts_with("content/entries/"))
        {
            return None;
        }
        let mut edits = Vec::new();
        for (rel, _) in changed {
            let Some((Some(Doc::Entry(old)), _)) = self.docs.get(rel) else {
                return None;
            };
            let found = self.content.files().find(|f| &f.rel == rel)?.clone();
            let (doc, parse_diags) = parse::parse_file(load::read(found).ok()?);
            let Some(Doc::Entry(doc)) = doc else {
                return None;
            };
            if parse_diags.iter().any(Diagnostic::is_error) || (doc.draft && !self.opts.drafts) {
                return None;
            }
            if doc.origin.text() == old.origin.text() {
                continue;
            }
            let index = built.site.model().entry_index(&doc.origin.slug)?;
            // Link warnings about this file located in its front matter
            // could have moved with it: those only linking can place again.
            let warnings_stay = doc.origin.same_front_matter(&old.origin)
                || !built
                    .warnings
                    .iter()
                    .any(|w| &w.path == rel && w.line > 0 && w.line < doc.origin.body_line());
            let in_place = doc.same_place(old) && built.site.model().keeps_order(index, &doc) && warnings_stay;
            let (body, body_diags) = self.body_of(&doc, built.site.model())?;
            edits.push(Edit {
                rel: rel.clone(),
                index,
                old: Arc::clone(old),
                doc,
                in_place,
                parse_diags,
                body,
                body_diags,
            });
        }
        Some(edits)
    }

    /// `doc`'s body rendered (the kept rendering, else one against
    /// `model`'s link targets) with its problems; `None` when one is an
    /// error, which only a full link reports with the rest.
    fn body_of(&self, doc: &EntryDoc, model: &Chronicle) -> Option<(Arc<Rendered>, Vec<Diagnostic>)> {
        let body = match self.markdown.get(&doc.origin) {
            Some(r) => Arc::clone(r),
            None => Arc::new(model.targets.render(doc.origin.body())),
        };
        let diags = model::body_diagnostics(&doc.origin, &body, model::Cites::Sources(doc.sources.len()));
        if diags.iter().any(Diagnostic::is_error) {
            return None;
        }
        Some((body, diags))
    }

    /// Patches `edits` into a copy of the last good model, and the caches
    /// and the warnings with them; returns what to make the next site of,
    /// and the plan.
    fn patch(&mut self, edits: Vec<Edit>) -> Option<(Next, Plan)> {
        let built = self.built.as_ref()?;
        let t = Instant::now();
        let mut model = built.site.model().copy();
        timing("serve: copy the model", t);
        for e in &edits {
            model.patch_entry(e.index, &e.doc, &e.body);
        }
        self.take_edits(model, edits, Vec::new(), Vec::new())
    }

    /// Links `edits` into the last good model again
    /// ([`Chronicle::relink_entries`]), and the caches and the warnings
    /// with it; returns what to make the next site of, and the plan.
    /// `None` when the edits reach further, for a full link.
    fn relink_edits(&mut self, edits: Vec<Edit>) -> Option<(Next, Plan)> {
        let built = self.built.as_ref()?;
        let t = Instant::now();
        let rereads: Vec<Reread> = edits
            .iter()
            .map(|e| Reread {
                old: Arc::clone(&e.old),
                new: Arc::clone(&e.doc),
                body: Arc::clone(&e.body),
            })
            .collect();
        let docs = &self.docs;
        let last_doc = |rel: &str| entry_doc(docs, rel);
        let changes = model::Changes {
            edits: &rereads,
            added: &[],
            removed: &[],
            last_doc: &last_doc,
            others_related: &[],
        };
        let Relinked { model, stale, fresh } =
            built
                .site
                .model()
                .relink_entries(&changes, self.opts.drafts, &mut self.markdown)?;
        timing("serve: link the edited entries", t);
        self.take_edits(model, edits, stale, fresh)
    }

    /// Takes `edits`, made into `model`, in: their documents and bodies are
    /// kept, and the next site is made of `model` with the last warnings,
    /// less the edited files' problems as they were (`stale`, and those
    /// of [`Session::settle`]) and with them as they are (`fresh`).
    fn take_edits(
        &mut self,
        model: Chronicle,
        edits: Vec<Edit>,
        mut stale: Vec<Diagnostic>,
        mut fresh: Vec<Diagnostic>,
    ) -> Option<(Next, Plan)> {
        let mut slugs = BTreeSet::new();
        for e in edits {
            self.settle(&e, &mut stale, &mut fresh);
            slugs.insert(e.doc.origin.slug.clone());
            self.markdown.insert(&e.doc.origin, e.body);
            self.docs.insert(e.rel, (Some(Doc::Entry(e.doc)), e.parse_diags));
        }
        let built = self.built.as_ref()?;
        let mut warnings = Diagnostics::new();
        warnings.extend(built.warnings.iter().filter(|d| !stale.contains(d)).cloned());
        warnings.extend(fresh);
        let next = Next::after(built, model, warnings);
        Some((next, Plan::Entries { slugs }))
    }

    /// The problems of edit `e`'s file found in reading and in its body,
    /// as they were (into `stale`) and as they are (into `fresh`).
    fn settle(&self, e: &Edit, stale: &mut Vec<Diagnostic>, fresh: &mut Vec<Diagnostic>) {
        if let Some((Some(Doc::Entry(old)), old_parse_diags)) = self.docs.get(&e.rel) {
            stale.extend(old_parse_diags.iter().cloned());
            if let Some(r) = self.markdown.get(&old.origin) {
                stale.extend(model::body_diagnostics(
                    &old.origin,
                    r,
                    model::Cites::Sources(old.sources.len()),
                ));
            }
        }
        fresh.extend(e.parse_diags.iter().cloned());
        fresh.extend(e.body_diags.iter().cloned());
    }

    /// Makes the site of `next` and serves it from now on; returns how many
    /// files it has. Entry cards are taken from the site served when `plan`
    /// says which entries changed and the data every page sees did not.
    /// `same_files`: no file came or went (a patch), so the site's index of
    /// files is the last one's. On errors the previous site stays served,
    /// and the next rebuild links everything again.
    fn install(&mut self, next: Next, plan: Plan, same_files: bool) -> Result<usize, Vec<Diagnostic>> {
        let result = self.make_site(next, plan, same_files);
        match result {
            Ok((site, config, warnings)) => {
                let site = Arc::new(site);
                let files = site.files();
                let last = (
                    self.site.replace(Arc::clone(&site)),
                    self.built.replace(Built { config, warnings, site }),
                );
                // The last site (its model, pages and cards) is let go of
                // aside, so that the reload need not wait for its memory to
                // be freed: at 10,000 entries that takes milliseconds.
                if last.1.is_some() {
                    // Where no thread can be made, it is freed at once.
                    let _ = std::thread::Builder::new()
                        .name("let-go".into())
                        .spawn(move || drop(last));
                }
                Ok(files)
            }
            Err(errors) => {
                // The model no longer matches the site served: start afresh next time.
                self.built = None;
                Err(errors)
            }
        }
    }

    /// The site of [`Session::install`], with the configuration and
    /// warnings it was made with.
    fn make_site(
        &self,
        next: Next,
        plan: Plan,
        same_files: bool,
    ) -> Result<(Site, Config, Vec<Diagnostic>), Vec<Diagnostic>> {
        let t = Instant::now();
        let Next {
            config,
            theme,
            model,
            warnings,
        } = next;
        // A translation's pages show its original's words where it gives
        // none: with translations, every card is made again.
        let translations = stages::translated_models(&model);
        let previous = self.built.as_ref().map(|b| &b.site);
        let monolingual = translations.is_empty();
        let reusable = |slug: &str| match (&plan, monolingual) {
            (Plan::Entries { slugs }, true) => !slugs.contains(slug),
            (Plan::StaticOnly, true) => true,
            _ => false,
        };
        let reuse = |slug: &str| {
            let prev = previous.filter(|_| reusable(slug))?;
            let i = prev.model().entry_index(slug)?;
            let r = prev.renderer();
            Some((Arc::clone(&r.cards()[i]), Arc::clone(&r.rows()[i])))
        };
        let index: Option<Paths> = previous.filter(|_| same_files).map(|p| p.paths().clone());
        let owner = Owner {
            model,
            translations,
            theme,
        };
        let mut site = Site::new(owner, &reuse, index, previous.map(|p| &**p))?;
        let same_site_data =
            previous.is_some_and(|p| p.renderer().site_fingerprint() == site.renderer().site_fingerprint());
        let reused = !matches!(plan, Plan::All) && previous.is_some();
        if reused && !same_site_data {
            // What every page sees changed (a new year, say): cards too.
            // The pages, and so the index, are the same whatever the cards.
            let index = site.paths().clone();
            site = Site::new(site.into_owner(), &|_| None, Some(index), None)?;
        }
        timing("serve: templates, cards and files", t);
        // Templates that changed (or are new to this session) render one
        // page of each kind now, so that an error shows when it is saved.
        if !reused || !same_site_data {
            let t = Instant::now();
            let errors = site.try_each_kind();
            timing("serve: one page of each kind", t);
            if !errors.is_empty() {
                return Err(errors);
            }
        }
        Ok((site, config, warnings))
    }
}

/// A set hashed fast, for the paths of every content file.
type FastSet<T> = std::collections::HashSet<T, rustc_hash::FxBuildHasher>;

/// The entry document kept in `docs` for the file `rel`, if it is one.
fn entry_doc(docs: &BTreeMap<String, Parsed>, rel: &str) -> Option<Arc<EntryDoc>> {
    match docs.get(rel) {
        Some((Some(Doc::Entry(d)), _)) => Some(Arc::clone(d)),
        _ => None,
    }
}

/// The text a parsed file was read from, when it gave a document.
fn doc_text(p: &Parsed) -> Option<&str> {
    p.0.as_ref().map(|d| d.origin().text())
}
