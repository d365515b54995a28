//! Incremental builds in memory, for `serve`.
//!
//! A [`Session`] runs the stage functions of `build` ([`crate::site::stages`]:
//! configure, load the theme, read and parse, link, render into a sink) but
//! keeps what it can between runs: the parsed document of every content
//! file, the rendered Markdown of every body, the linked model and the
//! rendered site. When files change, only those files are read and parsed
//! again. Then one of two paths:
//!
//! - **Patch.** When only entries changed and each stays where it was (same
//!   date, actors, topics, relations, sources), nothing is linked again: the
//!   new bodies are rendered against the link targets the model keeps, and
//!   the entries are patched in place. A body alone re-renders the entry's
//!   page, the main feed and the search index; anything lists show (title,
//!   summary, status...) also re-renders the pages listing the entry and the
//!   site-wide pages.
//! - **Link.** Otherwise the model is linked again from the kept documents
//!   (only changed bodies go through Markdown). Which pages are rendered
//!   again is the [`plan`](super::plan)'s decision: when only entries
//!   changed, the pages that show them and the site-wide pages; otherwise
//!   every page, still in memory.
//!
//! Either way the edited entries' own pages are published first. After a
//! failed rebuild the changes are remembered until one succeeds, so nothing
//! they touch is left stale. The result is always the same as a full build
//! of the same files; the integration tests hold it to that.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use crate::config::Config;
use crate::content::load::{self, Found};
use crate::content::parse::{self, Doc, EntryDoc};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::markdown::Rendered;
use crate::model::{self, Chronicle, MarkdownCache};
use crate::output::{Files, MemorySink};
use crate::paths::{Place, SearchPart};
use crate::render::search;
use crate::render::theme::Theme;
use crate::render::{PageId, Renderer};
use crate::serve::plan::{self, Kind, Plan};
use crate::site::stages::{self, timing, Parsed};
use crate::site::Options;

/// Called with an early site and the pages still pending; see [`Session::apply_with`].
pub type Early<'a> = dyn FnMut(Arc<Files>, BTreeSet<String>) + 'a;

/// What one rebuild did.
#[derive(Debug, Clone, Default)]
pub struct Rebuild {
    /// The changed paths that mattered, relative to the root.
    pub changed: Vec<String>,
    /// Pages rendered again.
    pub pages: usize,
    /// True when only stylesheets changed: pages can swap them in place.
    pub css_only: bool,
    pub millis: u128,
    pub warnings: Vec<Diagnostic>,
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
        format!("rebuilt {what}: {} pages in {} ms{warn}", self.pages, self.millis)
    }
}

/// A good build: what the site being served was made from.
struct Built {
    config: Config,
    theme: Theme,
    model: Chronicle,
    warnings: Vec<Diagnostic>,
    rendered: RenderedWith,
}

/// What the pages of a good build were rendered with, which the next
/// rebuild compares with and reuses.
struct RenderedWith {
    /// The site-wide template data.
    fingerprint: String,
    /// Each entry's rendered card and row, by slug.
    cards: HashMap<String, (Arc<str>, Arc<str>)>,
}

/// What a rebuild renders from: a model linked (or patched) with its
/// configuration, theme and warnings.
struct Next {
    config: Config,
    theme: Theme,
    model: Chronicle,
    warnings: Vec<Diagnostic>,
}

/// A chronicle kept built in memory.
pub struct Session {
    opts: Options,
    /// Parsed content files by path, whatever their state.
    docs: BTreeMap<String, Parsed>,
    markdown: MarkdownCache,
    /// The content files and the problems of the last walk.
    found: Vec<Found>,
    scan_diags: Vec<Diagnostic>,
    /// The last good build: `None` before the first one, and after a
    /// rebuild whose rendering failed (the next one renders everything).
    built: Option<Built>,
    /// The site served: the last one that built without errors.
    files: Arc<Files>,
    /// True when the last rebuild succeeded: the model and site match the files.
    clean: bool,
    /// Paths changed since the last good build, and the content files among
    /// them whose text changed or that went away: after a failed rebuild, the
    /// next one must still render everything they touch.
    unsettled: Vec<(String, Kind)>,
    touched: BTreeSet<String>,
}

/// An entry file edited so that it stays where it was (see
/// [`Session::try_entry_patch`]).
struct Edit {
    rel: String,
    index: usize,
    doc: EntryDoc,
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
            found: Vec::new(),
            scan_diags: Vec::new(),
            built: None,
            files: Arc::new(Files::new()),
            clean: false,
            unsettled: Vec::new(),
            touched: BTreeSet::new(),
        };
        let result = s.rebuild_all();
        (s, result)
    }

    /// The current site (the last one that built without errors).
    pub fn files(&self) -> Arc<Files> {
        Arc::clone(&self.files)
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
        self.update(Vec::new(), true, &mut |_, _| {})
    }

    /// Applies a batch of changed paths (absolute, or relative to the root).
    /// On errors the previous site stays and every diagnostic is returned.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Result<Rebuild, Vec<Diagnostic>> {
        self.apply_with(paths, &mut |_, _| {})
    }

    /// [`Session::apply`], calling `early(site, pending)` as soon as the
    /// edited entries' own pages are ready, with the output paths of the
    /// pages still being rendered (the final site comes with the result).
    pub fn apply_with(&mut self, paths: &[PathBuf], early: &mut Early<'_>) -> Result<Rebuild, Vec<Diagnostic>> {
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
        self.update(changed, false, early)
    }

    fn update(
        &mut self,
        mut changed: Vec<(String, Kind)>,
        everything: bool,
        early: &mut Early<'_>,
    ) -> Result<Rebuild, Vec<Diagnostic>> {
        // With what failed to build before, sorted and without repeats.
        changed.append(&mut self.unsettled);
        changed.sort();
        changed.dedup();
        let start = Instant::now();
        let patched = match (everything, self.clean) {
            (false, true) => self.try_entry_patch(&changed, early),
            _ => None,
        };
        let result = match patched {
            Some(result) => result,
            None => self.relink(&changed, everything, early),
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
            },
        })
    }

    /// The general path: configuration and theme as needed, the changed
    /// content read again, everything linked again, the planned pages
    /// rendered. Returns the pages rendered (`None` when nothing changed)
    /// and the warnings.
    fn relink(
        &mut self,
        changed: &[(String, Kind)],
        everything: bool,
        early: &mut Early<'_>,
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
                diags.extend(b.theme.warnings.iter().cloned());
                b.theme.clone()
            }
            _ => stages::load_theme(&self.opts.root, &config, &mut diags).ok_or_else(|| diags.clone().into_sorted())?,
        };
        let t = Instant::now();
        self.refresh_documents(changed, everything, &mut diags);
        timing("serve: read, parse, collect", t);
        // Files with errors are still linked, so that what they refer to is
        // checked and serve reports every error a build reports.
        let parse_failed = diags.has_errors();
        let content_only = changed.iter().all(|(_, k)| *k == Kind::Content);
        if !parse_failed && !everything && self.clean && self.touched.is_empty() && content_only && !fresh {
            return Ok((None, Vec::new()));
        }
        let t = Instant::now();
        let docs = stages::documents(self.docs.values().cloned(), &mut diags);
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
        let plan = plan::after_link(&change, self.built.as_ref().map(|b| &b.model), &model);
        let next = Next {
            config,
            theme,
            model,
            warnings: warnings.clone(),
        };
        let previous = self.built.take().map(|b| b.rendered);
        let pages = self.render(next, previous, plan, early)?;
        Ok((Some(pages), warnings))
    }

    /// Walks the content folder again when the set of files may have
    /// changed, then reads and parses what changed or is new, noting in
    /// `touched` the files whose text changed or that went away.
    fn refresh_documents(&mut self, changed: &[(String, Kind)], everything: bool, diags: &mut Diagnostics) {
        // When every changed path is a content file already known and still
        // there, the set of files is the same: skip the walk.
        let known_files_only = !everything
            && !self.found.is_empty()
            && changed.iter().all(|(rel, k)| {
                *k != Kind::Content || (self.found.iter().any(|f| &f.rel == rel) && self.opts.root.join(rel).is_file())
            });
        if !known_files_only {
            (self.found, self.scan_diags) = load::scan(&self.opts.root);
        }
        diags.extend(self.scan_diags.iter().cloned());
        let dirty: BTreeSet<&str> = changed
            .iter()
            .filter(|(_, k)| *k == Kind::Content)
            .map(|(r, _)| r.as_str())
            .collect();
        let present: BTreeSet<&str> = self.found.iter().map(|f| f.rel.as_str()).collect();
        let removed: Vec<String> = self
            .docs
            .keys()
            .filter(|r| !present.contains(r.as_str()))
            .cloned()
            .collect();
        self.docs.retain(|rel, _| present.contains(rel.as_str()));
        let to_read: Vec<Found> = self
            .found
            .iter()
            .filter(|f| everything || dirty.contains(f.rel.as_str()) || !self.docs.contains_key(&f.rel))
            .cloned()
            .collect();
        let parsed = stages::read_and_parse(to_read);
        // A file re-read with the same text has not changed.
        for (rel, p) in parsed {
            let same = matches!((self.docs.get(&rel), &p), (Some(old), new) if old.0.is_some() && doc_text(old) == doc_text(new));
            if !same {
                self.touched.insert(rel.clone());
            }
            self.docs.insert(rel, p);
        }
        self.touched.extend(removed);
    }

    /// The fast path for the commonest edits while writing: entries changed
    /// but stay where they were (same date, actors, topics, relations and
    /// sources; see [`parse::EntryDoc::same_place`]), as when a body, a
    /// title or a summary is edited. Then nothing needs linking again: new
    /// bodies are rendered against the link targets the model already has,
    /// and the entries are patched in place. Returns `None` when the change
    /// is anything else (or brings errors), for the general path to handle.
    #[allow(clippy::type_complexity)]
    fn try_entry_patch(
        &mut self,
        changed: &[(String, Kind)],
        early: &mut Early<'_>,
    ) -> Option<Result<(Option<usize>, Vec<Diagnostic>), Vec<Diagnostic>>> {
        let start = Instant::now();
        let edits = self.read_edits(changed)?;
        if edits.is_empty() {
            return Some(Ok((None, Vec::new())));
        }
        timing("serve: read, parse and render entries", start);
        let built = self.built.take()?;
        let (next, previous, plan) = self.patch(built, edits);
        let warnings = next.warnings.clone();
        Some(
            self.render(next, Some(previous), plan, early)
                .map(|pages| (Some(pages), warnings)),
        )
    }

    /// The edits of `changed`, when every one is an entry that stays where
    /// it was and brings no error; `None` otherwise.
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
            let found = self.found.iter().find(|f| &f.rel == rel)?.clone();
            let (doc, parse_diags) = parse::parse_file(load::read(found).ok()?);
            let Some(Doc::Entry(doc)) = doc else {
                return None;
            };
            if parse_diags.iter().any(Diagnostic::is_error) || !doc.same_place(old) || (doc.draft && !self.opts.drafts)
            {
                return None;
            }
            if doc.origin.text() == old.origin.text() {
                continue;
            }
            // Link warnings about this file located in its front matter
            // could have moved with it: those only linking can place again.
            if !doc.origin.same_front_matter(&old.origin)
                && built
                    .warnings
                    .iter()
                    .any(|w| &w.path == rel && w.line > 0 && w.line < doc.origin.body_line())
            {
                return None;
            }
            let index = built.model.entry_index(&doc.origin.slug)?;
            if !built.model.keeps_order(index, &doc) {
                return None;
            }
            let body = match self.markdown.get(&doc.origin) {
                Some(r) => Arc::clone(r),
                None => Arc::new(built.model.targets.render(doc.origin.body())),
            };
            let body_diags = model::body_diagnostics(&doc.origin, &body, model::Cites::Sources(doc.sources.len()));
            if body_diags.iter().any(Diagnostic::is_error) {
                return None;
            }
            edits.push(Edit {
                rel: rel.clone(),
                index,
                doc,
                parse_diags,
                body,
                body_diags,
            });
        }
        Some(edits)
    }

    /// Patches `edits` into the model of `built`, and the caches and the
    /// warnings with them; returns what to render, what the site was
    /// rendered with, and the plan.
    fn patch(&mut self, built: Built, edits: Vec<Edit>) -> (Next, RenderedWith, Plan) {
        let Built {
            config,
            theme,
            mut model,
            warnings: old_warnings,
            rendered,
        } = built;
        let mut slugs = BTreeSet::new();
        // A body shows on its entry's page, in the main feed (in full), in
        // the search index (its terms, and its text chunk) and in the
        // spreadsheet of entries; nowhere else.
        let mut pages = BTreeSet::from([PageId::Feed, PageId::SearchManifest, PageId::EntriesCsv]);
        let mut shown = BTreeSet::new();
        let mut stale: Vec<Diagnostic> = Vec::new();
        let mut fresh: Vec<Diagnostic> = Vec::new();
        for e in edits {
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
            fresh.extend(e.body_diags);
            let slug = model.entries[e.index].slug.clone();
            if model.patch_entry(e.index, &e.doc, &e.body) {
                shown.insert(slug.clone());
            }
            pages.extend(PageId::entry_files(e.index));
            pages.insert(PageId::SearchPart(SearchPart::Text, e.index / search::TEXT_CHUNK));
            slugs.insert(slug);
            self.markdown.insert(&e.doc.origin, e.body);
            self.docs.insert(e.rel, (Some(Doc::Entry(e.doc)), e.parse_diags));
        }
        // Cards, links, feeds, lists and exports show what changed in these.
        let site_wide = !shown.is_empty();
        pages.extend(plan::affected_pages(&model, &model, &shown));
        let mut warnings = Diagnostics::new();
        warnings.extend(old_warnings.into_iter().filter(|d| !stale.contains(d)));
        warnings.extend(fresh);
        let next = Next {
            config,
            theme,
            model,
            warnings: warnings.into_sorted(),
        };
        let plan = Plan::Entries {
            slugs,
            pages,
            site_wide,
            same_files: true,
        };
        (next, rendered, plan)
    }

    /// Renders the pages `plan` asks for into the served site, calling
    /// `early` once the edited entries' own pages are ready, and keeps what
    /// it rendered from as the last good build. Returns how many pages were
    /// rendered. On errors the previous site stays served, and the next
    /// rebuild renders everything.
    /// `previous` is what the site served was rendered with, when there is one.
    fn render(
        &mut self,
        next: Next,
        previous: Option<RenderedWith>,
        plan: Plan,
        early: &mut Early<'_>,
    ) -> Result<usize, Vec<Diagnostic>> {
        let result = self.render_site(&next, previous.as_ref(), plan, early);
        match result {
            Ok((pages, files, rendered)) => {
                self.files = Arc::new(files);
                self.built = Some(Built {
                    config: next.config,
                    theme: next.theme,
                    model: next.model,
                    warnings: next.warnings,
                    rendered,
                });
                Ok(pages)
            }
            Err(errors) => {
                // The model no longer matches the site served: start afresh next time.
                self.built = None;
                Err(errors)
            }
        }
    }

    /// The rendering of [`Session::render`]: the pages rendered, the new
    /// site, and what it was rendered with.
    fn render_site(
        &self,
        next: &Next,
        previous: Option<&RenderedWith>,
        plan: Plan,
        early: &mut Early<'_>,
    ) -> Result<(usize, Files, RenderedWith), Vec<Diagnostic>> {
        let (model, theme) = (&next.model, &next.theme);
        let t = Instant::now();
        // A chronicle with translations is rendered whole, in every
        // language: each language's pages show what any change touches.
        let translations = stages::translated_models(model);
        let plan = if translations.is_empty() { plan } else { Plan::All };
        let (renderer, plan) = renderer(model, theme, previous, plan)?;
        timing("serve: templates and cards", t);
        let t = Instant::now();
        let all_pages = renderer.pages();
        // A static file may not replace a generated one: the same error as `build`.
        let clashes = stages::static_collisions(model, &renderer, &all_pages, theme);
        if !clashes.is_empty() {
            return Err(clashes);
        }
        let pages = plan::pages_to_render(&plan, &all_pages);
        let same_files = matches!(plan, Plan::Entries { same_files: true, .. });
        let sink = MemorySink::with_files(match plan {
            Plan::All => Files::new(),
            _ => (*self.files).clone(),
        });
        // Pages that no longer exist (a deleted or renamed entry) go first.
        let keep: BTreeSet<String> = if same_files {
            BTreeSet::new()
        } else {
            all_pages.iter().map(|&id| renderer.output_path(id)).collect()
        };
        if !same_files {
            sink.retain(|path| keep.contains(path) || theme.statics.contains_key(path));
        }
        // The edited entries' own pages first: the open tab can reload
        // while the rest (home, indexes, exports) is still being rendered.
        let (first, rest): (Vec<PageId>, Vec<PageId>) = match &plan {
            Plan::Entries { slugs, .. } => pages
                .iter()
                .partition(|p| matches!(p, PageId::Entry(i) if slugs.contains(&model.entries[*i].slug))),
            _ => (Vec::new(), pages.clone()),
        };
        let mut diags = Diagnostics::new();
        // Writing into memory cannot fail.
        if !first.is_empty() {
            let _ = stages::render_pages(&renderer, &first, &sink, &mut diags);
            let pending: BTreeSet<String> = rest.iter().map(|&id| renderer.output_path(id)).collect();
            timing("serve: first pages", t);
            early(Arc::new(sink.snapshot()), pending);
        }
        let _ = stages::render_pages(&renderer, &rest, &sink, &mut diags);
        let mut keep = keep;
        if let Ok(paths) = stages::render_translations(&translations, theme, &sink, &mut diags) {
            keep.extend(paths);
        }
        timing("serve: render pages", t);
        if diags.has_errors() {
            return Err(diags.into_sorted());
        }
        // Drop pages that no longer exist (a deleted entry, say), then
        // (re)place static files (none has a page's name: checked above).
        if !same_files {
            sink.retain(|path| keep.contains(path));
            let _ = stages::put_statics(theme, &sink);
        } else {
            // The same pages, but the search index may now have fewer shards.
            let stale: BTreeSet<String> = (renderer.search_index().shards.len()..)
                .map(|n| Place::SearchPart(SearchPart::Terms, n).file())
                .take_while(|path| self.files.contains_key(path))
                .collect();
            if !stale.is_empty() {
                sink.retain(|path| !stale.contains(path));
            }
        }
        let rendered = RenderedWith {
            fingerprint: renderer.site_fingerprint().to_string(),
            cards: model
                .entries
                .iter()
                .map(|e| e.slug.clone())
                .zip(renderer.cards().iter().cloned().zip(renderer.rows().iter().cloned()))
                .collect(),
        };
        Ok((pages.len(), sink.into_files(), rendered))
    }
}

/// The renderer for `model`, reusing the cards of entries that did not
/// change when only entries changed and the data every page sees (`site`)
/// is what the site was rendered with; when it is not, the plan becomes
/// `All`.
fn renderer<'m>(
    model: &'m Chronicle,
    theme: &'m Theme,
    previous: Option<&RenderedWith>,
    plan: Plan,
) -> Result<(Renderer<'m>, Plan), Vec<Diagnostic>> {
    let Some(previous) = previous else {
        return Ok((Renderer::new(model, theme)?, Plan::All));
    };
    let reuse = |slug: &str| match &plan {
        Plan::Entries { slugs, .. } if !slugs.contains(slug) => previous.cards.get(slug).cloned(),
        _ => None,
    };
    let renderer = Renderer::reusing_cards(model, theme, &reuse)?;
    match plan {
        Plan::Entries { .. } if renderer.site_fingerprint() != previous.fingerprint => {
            Ok((Renderer::new(model, theme)?, Plan::All))
        }
        plan => Ok((renderer, plan)),
    }
}

/// The text a parsed file was read from, when it gave a document.
fn doc_text(p: &Parsed) -> Option<&str> {
    p.0.as_ref().map(|d| d.origin().text())
}
