//! Incremental builds in memory, for `serve`.
//!
//! A [`Session`] runs the same pipeline as `build` (load, parse, link,
//! render) but keeps what it can between runs: the parsed document of every
//! content file, the rendered Markdown of every body, the linked model and
//! the rendered site. When files change, only those files are read and
//! parsed again. Then one of two paths:
//!
//! - **Patch.** When only entries changed and each stays where it was (same
//!   date, actors, topics, relations, sources), nothing is linked again: the
//!   new bodies are rendered against the link targets the model keeps, and
//!   the entries are patched in place. A body alone re-renders the entry's
//!   page, the main feed and the search index; anything lists show (title,
//!   summary, status...) also re-renders the pages listing the entry and the
//!   site-wide pages.
//! - **Link.** Otherwise the model is linked again from the kept documents
//!   (only changed bodies go through Markdown). When only entries changed,
//!   only the pages that show them are rendered again: the entry itself, its
//!   neighbours in time, the entries it relates to and that relate to it, its
//!   actors', topics' and year's pages and feeds, and the site-wide pages
//!   (home, indexes, sources, feeds, sitemap, search index, data). Anything
//!   else (an actor, a topic, a template, the configuration, or a change to
//!   the data every page shows) renders every page again, still in memory.
//!
//! Either way the edited entries' own pages are published first. After a
//! failed rebuild the changes are remembered until one succeeds, so nothing
//! they touch is left stale. The result is always the same as a full build
//! of the same files; the integration tests hold it to that.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

use crate::config::{Config, CONFIG_FILE};
use crate::content::load::{self, CONTENT_DIR};
use crate::content::parse::{self, Doc, Documents};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{self, Chronicle, MarkdownCache};
use crate::render::theme::Theme;
use crate::render::{PageId, Renderer};
use crate::site::Options;

/// The files of a rendered site, by output path (`entries/x/index.html`).
pub type Files = BTreeMap<String, Arc<[u8]>>;

/// Called with an early site and the pages still pending; see [`Session::apply_with`].
pub type Early<'a> = dyn FnMut(Arc<Files>, BTreeSet<String>) + 'a;

/// A parsed content file: its document when valid, and its diagnostics.
type Parsed = (Option<Doc>, Vec<Diagnostic>);

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

/// A chronicle kept built in memory.
pub struct Session {
    opts: Options,
    config: Config,
    theme: Theme,
    /// Parsed content files by path: the document (when valid) and its diagnostics.
    docs: BTreeMap<String, Parsed>,
    markdown: MarkdownCache,
    /// The last good model and site.
    model: Option<Chronicle>,
    fingerprint: String,
    /// The charts' time axis the site was rendered with.
    axis: Vec<(i32, usize)>,
    /// Each entry's rendered card, by slug, for reuse.
    cards: HashMap<String, Arc<str>>,
    /// The content files and the problems of the last walk.
    found: Vec<load::Found>,
    scan_diags: Vec<Diagnostic>,
    /// The warnings of the last good build.
    warnings: Vec<Diagnostic>,
    /// True when the last rebuild succeeded: the model and site match the files.
    clean: bool,
    /// Paths changed since the last good build, and the content files among
    /// them whose text changed or that went away: after a failed rebuild, the
    /// next one must still render everything they touch.
    unsettled: Vec<(String, Kind)>,
    touched: BTreeSet<String>,
    files: Arc<Files>,
}

/// Which pages a rebuild renders again.
enum Plan {
    /// Every page.
    All,
    /// No page: only static files changed.
    StaticOnly,
    /// Only entries changed: the entries `slugs` get new cards and their
    /// own pages first, then `pages` follow, and the site-wide pages when
    /// `site_wide`. When the data every page sees changed after all, this
    /// becomes `All`.
    Entries {
        slugs: BTreeSet<String>,
        pages: BTreeSet<PageId>,
        site_wide: bool,
        /// No page came or went (no entry was added, removed or renamed).
        same_files: bool,
    },
}

/// What kind of file a changed path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Config,
    Template,
    Static,
    Content,
}

impl Session {
    /// Builds the chronicle at `opts.root` in memory. On errors the session
    /// still exists (so `serve` can start and show them) but has no site yet.
    pub fn new(opts: Options) -> (Session, Result<Rebuild, Vec<Diagnostic>>) {
        let mut s = Session {
            config: Config::parse("title: chronicle").expect("a minimal configuration always parses"),
            opts,
            theme: Theme::default(),
            docs: BTreeMap::new(),
            markdown: MarkdownCache::new(),
            model: None,
            fingerprint: String::new(),
            axis: Vec::new(),
            cards: HashMap::new(),
            found: Vec::new(),
            scan_diags: Vec::new(),
            warnings: Vec::new(),
            clean: false,
            unsettled: Vec::new(),
            touched: BTreeSet::new(),
            files: Arc::new(Files::new()),
        };
        let result = s.rebuild_all();
        (s, result)
    }

    /// The current site (the last one that built without errors).
    pub fn files(&self) -> Arc<Files> {
        Arc::clone(&self.files)
    }

    /// Paths worth watching: content, templates, static files, themes, config.
    pub fn watch_paths(&self) -> Vec<PathBuf> {
        let root = &self.opts.root;
        ["content", "templates", "static", "themes"]
            .iter()
            .map(|d| root.join(d))
            .collect()
    }

    fn classify(&self, rel: &str) -> Option<Kind> {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        if load::is_ignored_name(name) {
            return None;
        }
        if rel == CONFIG_FILE {
            return Some(Kind::Config);
        }
        let theme_dir = format!("themes/{}/", self.config.theme);
        let rest = rel.strip_prefix(&theme_dir).unwrap_or(rel);
        // A whole folder appearing or going (`static`, `themes/x`) counts too.
        if rest.starts_with("templates/")
            || rest == "templates"
            || rel == "themes"
            || rel == theme_dir.trim_end_matches('/')
        {
            Some(Kind::Template)
        } else if rest.starts_with("static/") || rest == "static" {
            Some(Kind::Static)
        } else if rel.starts_with("content/") || rel == CONTENT_DIR {
            Some(Kind::Content)
        } else {
            None
        }
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
        let changed: Vec<(String, Kind)> = paths
            .iter()
            .map(|p| {
                let abs = if p.is_absolute() { p.clone() } else { root.join(p) };
                let rel = abs
                    .strip_prefix(&root_abs)
                    .or_else(|_| abs.strip_prefix(root))
                    .map(|r| load::rel_path(Path::new(""), r))
                    .unwrap_or_default();
                rel
            })
            .filter_map(|rel| self.classify(&rel).map(|k| (rel, k)))
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
        let result = self.update_inner(changed.clone(), everything, early);
        self.clean = result.is_ok();
        if self.clean {
            self.touched.clear();
        } else {
            self.unsettled = changed;
        }
        result
    }

    fn update_inner(
        &mut self,
        changed: Vec<(String, Kind)>,
        everything: bool,
        early: &mut Early<'_>,
    ) -> Result<Rebuild, Vec<Diagnostic>> {
        let start = Instant::now();
        if !everything && self.clean {
            if let Some(result) = self.try_entry_patch(&changed, start, early) {
                return result;
            }
        }
        let has = |k: Kind| everything || changed.iter().any(|(_, c)| *c == k);
        let mut diags = Diagnostics::new();

        // Configuration and theme.
        let mut config = if has(Kind::Config) || self.model.is_none() {
            Config::load(&self.opts.root)?
        } else {
            self.config.clone()
        };
        if let Some(url) = &self.opts.base_url {
            config
                .set_base_url(url)
                .map_err(|m| vec![Diagnostic::error("--base-url", 0, 0, m)])?;
        }
        let theme_changed = has(Kind::Config) || has(Kind::Template) || has(Kind::Static);
        let theme = if theme_changed || self.model.is_none() {
            Theme::load(&self.opts.root, &config.theme)?
        } else {
            self.theme.clone()
        };

        // Content: scan, then read and parse only what changed or is new.
        let t = Instant::now();
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
        let found = &self.found;
        crate::site::timing("serve: scan", t);
        diags.extend(self.scan_diags.iter().cloned());
        diags.extend(theme.warnings.iter().cloned());
        let dirty: BTreeSet<&str> = changed
            .iter()
            .filter(|(_, k)| *k == Kind::Content)
            .map(|(r, _)| r.as_str())
            .collect();
        let mut docs = std::mem::take(&mut self.docs);
        let present: BTreeSet<&str> = found.iter().map(|f| f.rel.as_str()).collect();
        let removed: Vec<String> = docs.keys().filter(|r| !present.contains(r.as_str())).cloned().collect();
        docs.retain(|rel, _| present.contains(rel.as_str()));
        let to_read: Vec<load::Found> = found
            .iter()
            .filter(|f| everything || dirty.contains(f.rel.as_str()) || !docs.contains_key(&f.rel))
            .cloned()
            .collect();
        let parsed: Vec<(String, Parsed)> = to_read
            .into_par_iter()
            .map(|f| {
                let rel = f.rel.clone();
                match load::read(f) {
                    Ok(file) => (rel, parse::parse_file(file)),
                    Err(d) => (rel, (None, vec![d])),
                }
            })
            .collect();
        // A file re-read with the same text has not changed.
        let same_text = |rel: &str, new: &Parsed| match (docs.get(rel), new) {
            (Some((Some(a), _)), (Some(b), _)) => doc_text(a) == doc_text(b),
            _ => false,
        };
        let content_changed: BTreeSet<String> = parsed
            .iter()
            .filter(|(rel, p)| !same_text(rel, p))
            .map(|(rel, _)| rel.clone())
            .collect();
        docs.extend(parsed);
        self.touched.extend(content_changed.iter().cloned());
        self.touched.extend(removed.iter().cloned());
        let mut documents = Documents::default();
        for (doc, ds) in docs.values() {
            diags.extend(ds.iter().cloned());
            if let Some(d) = doc {
                documents.push(d.clone());
            }
        }
        self.docs = docs;
        // Files with errors are still linked, so that what they refer to is
        // checked and serve reports every error a build reports.
        let parse_failed = diags.has_errors();

        crate::site::timing("serve: read, parse, collect", t);
        let t = Instant::now();
        let content_touched = !self.touched.is_empty();
        if !parse_failed
            && !everything
            && self.clean
            && !content_touched
            && changed.iter().all(|(_, k)| *k == Kind::Content)
            && self.model.is_some()
        {
            return Ok(Rebuild::default());
        }
        let mut link_diags = Vec::new();
        let model = model::link(
            documents,
            config.clone(),
            self.opts.drafts,
            &mut link_diags,
            &mut self.markdown,
        );
        diags.extend(link_diags);
        if diags.has_errors() {
            return Err(diags.into_sorted());
        }
        let warnings = diags.into_sorted();
        crate::site::timing("serve: link", t);
        // Which pages to render again.
        let same_templates = !everything && !has(Kind::Config) && !has(Kind::Template);
        let only_entries =
            same_templates && content_touched && self.touched.iter().all(|rel| rel.starts_with("content/entries/"));
        let plan = match &self.model {
            Some(_) if same_templates && !content_touched => Plan::StaticOnly,
            Some(old) if only_entries => {
                let slugs: BTreeSet<String> = self
                    .touched
                    .iter()
                    .filter_map(|rel| rel.rsplit('/').next()?.strip_suffix(".md").map(str::to_string))
                    .collect();
                let pages = affected_pages(old, &model, &slugs);
                Plan::Entries {
                    slugs,
                    pages,
                    site_wide: true,
                    same_files: false,
                }
            }
            _ => Plan::All,
        };
        let css_only = !everything
            && !changed.is_empty()
            && changed
                .iter()
                .all(|(rel, k)| *k == Kind::Static && rel.ends_with(".css"));
        let pages = self.render(model, theme, plan, early)?;
        self.config = config;
        self.warnings = warnings.clone();
        Ok(Rebuild {
            changed: changed.into_iter().map(|(r, _)| r).collect(),
            pages,
            css_only,
            millis: start.elapsed().as_millis(),
            warnings,
        })
    }

    /// The fast path for the commonest edits while writing: entries changed
    /// but stay where they were (same date, actors, topics, relations and
    /// sources; see [`parse::EntryDoc::same_place`]), as when a body, a
    /// title or a summary is edited. Then nothing needs linking again: new
    /// bodies are rendered against the link targets the model already has,
    /// and the entries are patched in place. Returns `None` when the change
    /// is anything else (or brings errors), for the general path to handle.
    fn try_entry_patch(
        &mut self,
        changed: &[(String, Kind)],
        start: Instant,
        early: &mut Early<'_>,
    ) -> Option<Result<Rebuild, Vec<Diagnostic>>> {
        let model = self.model.as_ref()?;
        if changed.is_empty()
            || changed
                .iter()
                .any(|(rel, k)| *k != Kind::Content || !rel.starts_with("content/entries/"))
        {
            return None;
        }
        // Read and parse each file; compare it with what it was.
        struct Edit {
            rel: String,
            index: usize,
            doc: parse::EntryDoc,
            parse_diags: Vec<Diagnostic>,
            body: Arc<crate::model::markdown::Rendered>,
            body_diags: Vec<Diagnostic>,
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
                && self
                    .warnings
                    .iter()
                    .any(|w| &w.path == rel && w.line > 0 && w.line < doc.origin.body_line())
            {
                return None;
            }
            let index = model.entry_index(&doc.origin.slug)?;
            let body = match self.markdown.get(&doc.origin) {
                Some(r) => Arc::clone(r),
                None => Arc::new(model.targets.render(doc.origin.body())),
            };
            let body_diags = model::body_diagnostics(&doc.origin, &body);
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
        if edits.is_empty() {
            return Some(Ok(Rebuild::default()));
        }
        crate::site::timing("serve: read, parse and render entries", start);

        // Patch the model, the caches and the warnings.
        let mut model = self.model.take()?;
        let mut slugs = BTreeSet::new();
        // A body shows on its entry's page, in the main feed (in full) and
        // in the search index (as words); nowhere else.
        let mut pages = BTreeSet::from([PageId::Feed, PageId::SearchIndex]);
        let mut shown = BTreeSet::new();
        let mut stale: Vec<Diagnostic> = Vec::new();
        let mut fresh: Vec<Diagnostic> = Vec::new();
        for e in edits {
            if let Some((Some(Doc::Entry(old)), old_parse_diags)) = self.docs.get(&e.rel) {
                stale.extend(old_parse_diags.iter().cloned());
                if let Some(r) = self.markdown.get(&old.origin) {
                    stale.extend(model::body_diagnostics(&old.origin, r));
                }
            }
            fresh.extend(e.parse_diags.iter().cloned());
            fresh.extend(e.body_diags);
            let slug = model.entries[e.index].slug.clone();
            if model.patch_entry(e.index, &e.doc, &e.body) {
                shown.insert(slug.clone());
            }
            pages.insert(PageId::Entry(e.index));
            slugs.insert(slug);
            self.markdown.insert(&e.doc.origin, e.body);
            self.docs.insert(e.rel, (Some(Doc::Entry(e.doc)), e.parse_diags));
        }
        // Cards, links, feeds, lists and exports show what changed in these.
        let site_wide = !shown.is_empty();
        pages.extend(affected_pages(&model, &model, &shown));
        let mut warnings = Diagnostics::new();
        warnings.extend(self.warnings.iter().filter(|d| !stale.contains(d)).cloned());
        warnings.extend(fresh);
        let warnings = warnings.into_sorted();

        // (Should rendering fail, the model is gone and the next rebuild
        // loads the theme again and renders everything.)
        let theme = std::mem::take(&mut self.theme);
        let pages = match self.render(
            model,
            theme,
            Plan::Entries {
                slugs,
                pages,
                site_wide,
                same_files: true,
            },
            early,
        ) {
            Ok(n) => n,
            Err(e) => return Some(Err(e)),
        };
        self.warnings = warnings.clone();
        Some(Ok(Rebuild {
            changed: changed.iter().map(|(r, _)| r.clone()).collect(),
            pages,
            css_only: false,
            millis: start.elapsed().as_millis(),
            warnings,
        }))
    }

    /// Renders the pages `plan` asks for, calling `early` once the edited
    /// entries' own pages are ready, and keeps `model` and `theme` as the
    /// session's own. Returns how many pages were rendered. On errors the
    /// previous site stays served, and the next rebuild renders everything.
    fn render(
        &mut self,
        model: Chronicle,
        theme: Theme,
        plan: Plan,
        early: &mut Early<'_>,
    ) -> Result<usize, Vec<Diagnostic>> {
        // Cards of unchanged entries are reused when only entries changed
        // and the data every page sees (`site`) is the same.
        let t = Instant::now();
        let old_cards = &self.cards;
        let reuse = |slug: &str| match &plan {
            Plan::Entries { slugs, .. } if !slugs.contains(slug) => old_cards.get(slug).cloned(),
            _ => None,
        };
        let mut renderer = Renderer::reusing_cards(&model, &theme, &reuse)?;
        let plan = match plan {
            Plan::Entries { .. } if renderer.site_fingerprint() != self.fingerprint => {
                renderer = Renderer::new(&model, &theme)?;
                Plan::All
            }
            p => p,
        };
        crate::site::timing("serve: templates and cards", t);
        let t = Instant::now();
        let all_pages = renderer.pages();
        // A static file may not replace a generated one: the same error as `build`.
        let clashes = crate::site::static_collisions(&model, &renderer, &all_pages, &theme);
        if !clashes.is_empty() {
            self.model = None;
            return Err(clashes);
        }
        let pages: Vec<PageId> = match &plan {
            Plan::Entries { pages, site_wide, .. } => {
                // Charts on every actor and topic page share the time axis.
                let axis_changed = renderer.axis() != self.axis.as_slice();
                all_pages
                    .iter()
                    .copied()
                    .filter(|p| {
                        (*site_wide && is_site_wide(*p))
                            || pages.contains(p)
                            || (axis_changed && matches!(p, PageId::Actor(_) | PageId::Topic(_)))
                    })
                    .collect()
            }
            Plan::StaticOnly => Vec::new(),
            Plan::All => all_pages.clone(),
        };
        // Each page becomes shared bytes as soon as it is rendered, so the
        // whole site is never held twice.
        type Results = Vec<Result<(String, Arc<[u8]>), Diagnostic>>;
        let render = |ids: &[PageId]| -> Results {
            ids.par_iter()
                .map(|&id| renderer.render(id).map(|b| (renderer.output_path(id), Arc::from(b))))
                .collect()
        };
        let mut files: Files = if matches!(plan, Plan::All) {
            Files::new()
        } else {
            (*self.files).clone()
        };
        let mut errors: Vec<Diagnostic> = Vec::new();
        let mut store = |results: Results, files: &mut Files| {
            for r in results {
                match r {
                    Ok((path, bytes)) => {
                        files.insert(path, bytes);
                    }
                    Err(d) => errors.push(d),
                }
            }
        };
        // The edited entries' own pages first: the open tab can reload
        // while the rest (home, indexes, exports) is still being rendered.
        let (first, rest): (Vec<PageId>, Vec<PageId>) = match &plan {
            Plan::Entries { slugs, .. } => pages
                .iter()
                .partition(|p| matches!(p, PageId::Entry(i) if slugs.contains(&model.entries[*i].slug))),
            _ => (Vec::new(), pages.clone()),
        };
        // Pages that no longer exist (a deleted or renamed entry) go first.
        let same_files = matches!(plan, Plan::Entries { same_files: true, .. });
        let keep: BTreeSet<String> = if same_files {
            BTreeSet::new()
        } else {
            all_pages.iter().map(|&id| renderer.output_path(id)).collect()
        };
        if !same_files {
            files.retain(|path, _| keep.contains(path) || theme.statics.contains_key(path));
        }
        if !first.is_empty() {
            store(render(&first), &mut files);
            let pending: BTreeSet<String> = rest.iter().map(|&id| renderer.output_path(id)).collect();
            crate::site::timing("serve: first pages", t);
            early(Arc::new(files.clone()), pending);
        }
        store(render(&rest), &mut files);
        crate::site::timing("serve: render pages", t);
        if !errors.is_empty() {
            errors.dedup_by(|a, b| a.path == b.path && a.message == b.message);
            // The model no longer matches the site served: start afresh next time.
            self.model = None;
            return Err(errors);
        }
        // Drop pages that no longer exist (a deleted entry, say), then
        // (re)place static files (none has a page's name: checked above).
        if !same_files {
            files.retain(|path, _| keep.contains(path));
            for (path, bytes) in &theme.statics {
                files.insert(path.clone(), Arc::from(bytes.as_slice()));
            }
        }
        let fingerprint = renderer.site_fingerprint().to_string();
        self.axis = renderer.axis().to_vec();
        self.cards = model
            .entries
            .iter()
            .map(|e| e.slug.clone())
            .zip(renderer.cards().iter().cloned())
            .collect();
        drop(renderer);
        self.fingerprint = fingerprint;
        self.files = Arc::new(files);
        self.model = Some(model);
        self.theme = theme;
        Ok(pages.len())
    }
}

fn doc_text(d: &Doc) -> &str {
    d.origin().text()
}

/// The pages that can show anything of the entries `slugs` (changed, added
/// or removed), in the new model, given the old one.
fn affected_pages(old: &Chronicle, new: &Chronicle, slugs: &BTreeSet<String>) -> BTreeSet<PageId> {
    let mut entries: BTreeSet<String> = BTreeSet::new();
    let mut actors: BTreeSet<String> = BTreeSet::new();
    let mut topics: BTreeSet<String> = BTreeSet::new();
    let mut years: BTreeSet<i32> = BTreeSet::new();
    // Everything an entry shows or is shown on, in either model.
    let mut touch = |m: &Chronicle, i: usize| {
        let e = &m.entries[i];
        entries.insert(e.slug.clone());
        for k in e.prev.iter().chain(&e.next).chain(&e.related).chain(&e.backlinks) {
            entries.insert(m.entries[*k].slug.clone());
        }
        actors.extend(e.actors.iter().map(|&a| m.actors[a].slug.clone()));
        topics.extend(e.topics.iter().map(|&t| m.topics[t].slug.clone()));
        years.insert(e.date.year());
    };
    for slug in slugs {
        if let Some(i) = old.entry_index(slug) {
            touch(old, i);
        }
        if let Some(i) = new.entry_index(slug) {
            touch(new, i);
        }
    }
    let mut pages: BTreeSet<PageId> = BTreeSet::new();
    pages.extend(entries.iter().filter_map(|s| new.entry_index(s)).map(PageId::Entry));
    for a in actors.iter().filter_map(|s| new.actor_index(s)) {
        pages.insert(PageId::Actor(a));
        pages.insert(PageId::ActorFeed(a));
    }
    for t in topics.iter().filter_map(|s| new.topic_index(s)) {
        pages.insert(PageId::Topic(t));
        pages.insert(PageId::TopicFeed(t));
    }
    // A year's page, and its neighbours', whose links show its count.
    for i in years.iter().filter_map(|&y| new.year_index(y)) {
        pages.extend(
            [i.checked_sub(1), Some(i), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter(|&k| k < new.years.len())
                .map(PageId::Year),
        );
    }
    pages
}

/// Pages that exist once per site (home, indexes, feeds, exports): always
/// rendered again after an entry changes.
pub fn is_site_wide(id: PageId) -> bool {
    !matches!(
        id,
        PageId::Entry(_)
            | PageId::Year(_)
            | PageId::Actor(_)
            | PageId::Topic(_)
            | PageId::Page(_)
            | PageId::ActorFeed(_)
            | PageId::TopicFeed(_)
    )
}
