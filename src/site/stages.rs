//! The stage functions of a build, shared by `build`, `check` and `serve`.
//!
//! Each takes what the stage before gave and pushes what it finds into a
//! [`Diagnostics`] collector. `build` and `check` run them once over the
//! whole chronicle ([`super::load_chronicle`], [`super::render_site`]);
//! `serve` runs the same functions over what a change touches, so the two
//! cannot drift apart: the same errors, deduplicated by the same rules.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::load::{self, Found};
use crate::content::parse::{self, Doc, Documents};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Chronicle;
use crate::output::Sink;
use crate::render::i18n::Ui;
use crate::render::theme::Theme;
use crate::render::{PageId, Renderer};

use super::Options;

/// A content file read and parsed: its document (a rejected one when it
/// has errors of its own; none when it could not be read or split), and
/// every diagnostic about it.
pub type Parsed = (Option<Doc>, Vec<Diagnostic>);

/// Output paths and the page at each, hashed fast. The paths are shared
/// strings: `serve`'s index of files (`serve::layered`) keeps one made
/// whole under the few paths put in or taken out since, and shares the
/// paths between the two.
pub type PathMap = HashMap<Arc<str>, PageId, rustc_hash::FxBuildHasher>;

/// Prints how long a stage took when `CHRONICLE_TIMINGS` is set, for
/// profiling builds without a profiler.
pub fn timing(stage: &str, since: Instant) {
    if std::env::var_os("CHRONICLE_TIMINGS").is_some() {
        // Resident memory too, where the system tells it (Linux).
        let resident = std::fs::read_to_string("/proc/self/statm")
            .ok()
            .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
            .map(|pages| format!(" (resident {} MiB)", (pages * 4096) >> 20))
            .unwrap_or_default();
        eprintln!("timing: {stage}: {} ms{resident}", since.elapsed().as_millis());
    }
}

/// How freed memory is given back to the system, when the program's
/// allocator keeps it for reuse (see [`set_give_back`]).
static GIVE_BACK: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Tells the stages how to give freed memory back to the system, as the
/// program's allocator does it: called on every thread that allocates.
/// The first call wins.
pub fn set_give_back(give_back: fn()) {
    let _ = GIVE_BACK.set(give_back);
}

/// Gives the memory freed by the stage that ended back to the system,
/// where the allocator would keep it: between stages of a build a large
/// chronicle lets go of much (its file texts, its search index) and
/// takes the like again, so that this lowers the peak without slowing the
/// build.
pub fn give_back_memory() {
    if let Some(&give_back) = GIVE_BACK.get() {
        rayon::broadcast(|_| give_back());
        give_back();
    }
}

/// Reads `chronicle.yaml`, with `--base-url` applied.
pub fn configure(opts: &Options, diags: &mut Diagnostics) -> Option<Config> {
    let mut config = match Config::load(&opts.root) {
        Ok(c) => c,
        Err(ds) => {
            diags.extend(ds);
            return None;
        }
    };
    if let Some(url) = &opts.base_url {
        if let Err(m) = config.set_base_url(url) {
            diags.push(Diagnostic::error("--base-url", 0, 0, m));
            return None;
        }
    }
    Some(config)
}

/// Loads the theme `config` names, with the site's own templates and
/// static files; the files it skipped become warnings.
pub fn load_theme(root: &Path, config: &Config, diags: &mut Diagnostics) -> Option<Theme> {
    match Theme::load(root, &config.theme) {
        Ok(mut theme) => {
            // The interface's strings, read now so their mistakes are
            // reported with the theme's (the renderer reads them again);
            // their warnings are the theme's, kept with it.
            let (_, ui_diags) = Ui::load(&theme, &config.language, config.calendar, config.language_at);
            let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
                ui_diags.into_iter().partition(Diagnostic::is_error);
            theme.warnings.extend(warnings);
            diags.extend(theme.warnings.iter().cloned());
            let failed = !errors.is_empty();
            diags.extend(errors);
            (!failed).then_some(theme)
        }
        Err(ds) => {
            diags.extend(ds);
            None
        }
    }
}

/// Reads and parses content files in parallel, each with its path.
pub fn read_and_parse(found: Vec<Found>) -> Vec<(String, Parsed)> {
    found
        .into_par_iter()
        .map(|f| {
            let rel = f.rel.clone();
            match load::read(f) {
                Ok(file) => (rel, parse::parse_file(file)),
                Err(d) => (rel, (None, vec![d])),
            }
        })
        .collect()
}

/// The documents of parsed files, for linking; their diagnostics go to
/// `diags`.
pub fn documents(parsed: impl IntoIterator<Item = Parsed>, diags: &mut Diagnostics) -> Documents {
    let mut docs = Documents::default();
    for (doc, ds) in parsed {
        diags.extend(ds);
        if let Some(doc) = doc {
            docs.push(doc);
        }
    }
    docs
}

/// An output that could not be written: the first I/O error (a full disk
/// fails every file alike), and how many files were not written.
#[derive(Debug)]
pub struct WriteFailure {
    pub source: std::io::Error,
    pub not_written: usize,
}

/// Writes `items` into `sink`, in parallel, stopping at the first I/O
/// error: `put` stores one, or gives `None` when it has nothing to store.
fn write_all<T: Sync>(
    items: &[T],
    put: impl Fn(&T) -> Option<std::io::Result<()>> + Sync,
) -> Result<usize, WriteFailure> {
    let failed: Mutex<Option<std::io::Error>> = Mutex::new(None);
    let stopped = AtomicBool::new(false);
    let written = AtomicUsize::new(0);
    items.par_iter().for_each(|item| {
        if stopped.load(Ordering::Relaxed) {
            return;
        }
        let Some(result) = put(item) else { return };
        match result {
            Ok(()) => {
                written.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                stopped.store(true, Ordering::Relaxed);
                failed.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(e);
            }
        }
    });
    let written = written.load(Ordering::Relaxed);
    match failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
        Some(source) => Err(WriteFailure {
            source,
            not_written: items.len() - written,
        }),
        None => Ok(written),
    }
}

/// Renders `pages` into `sink`, in parallel. Render errors go to `diags`,
/// each once: a template that fails, fails every page it renders alike.
/// Returns how many pages were written.
pub fn render_pages(
    renderer: &Renderer,
    pages: &[PageId],
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Result<usize, WriteFailure> {
    let errors: Mutex<Vec<Diagnostic>> = Mutex::new(Vec::new());
    super::progress::stage("writing", pages.len());
    let written = write_all(pages, |&id| {
        if renderer.streams(id) {
            let result = sink.put_with(&renderer.output_path(id), &mut |w| renderer.render_into(id, w));
            super::progress::page_written();
            return Some(result);
        }
        match renderer.render(id) {
            Ok(bytes) => {
                super::progress::page_written();
                Some(sink.put(&renderer.output_path(id), bytes))
            }
            Err(d) => {
                errors.lock().unwrap_or_else(|e| e.into_inner()).push(d);
                None
            }
        }
    });
    let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    // "cannot render URL: MESSAGE" differs by URL only: keep one per file
    // and message.
    errors.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
    errors.dedup_by(|a, b| a.path == b.path && a.message.split(": ").nth(1) == b.message.split(": ").nth(1));
    diags.extend(errors);
    written
}

/// The chronicle in each language it is translated into, by tag (see
/// [`Chronicle::in_language`]): each is rendered into its own folder of
/// the site, `ur/` and so on.
pub fn translated_models(model: &Chronicle) -> Vec<Chronicle> {
    model.languages().iter().map(|l| model.in_language(l)).collect()
}

/// Renders every page of the translated chronicles `models` into `sink`,
/// after checking their pages against the static files as the site's own
/// are; returns the output paths written, or the errors.
pub fn render_translations(
    models: &[Chronicle],
    theme: &Theme,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Result<Vec<String>, WriteFailure> {
    let mut paths = Vec::new();
    for m in models {
        let renderer = match Renderer::new(m, theme) {
            Ok(r) => r,
            Err(ds) => {
                diags.extend(ds);
                continue;
            }
        };
        let pages = renderer.pages();
        let clashes = static_collisions(m, &renderer, &pages, theme);
        if !clashes.is_empty() {
            diags.extend(clashes);
            continue;
        }
        render_pages(&renderer, &pages, sink, diags)?;
        paths.extend(pages.iter().map(|&id| renderer.output_path(id)));
    }
    Ok(paths)
}

/// Writes the theme's static files (and the site's) into `sink`.
pub fn put_statics(theme: &Theme, sink: &dyn Sink) -> Result<usize, WriteFailure> {
    let statics: Vec<(&String, &Vec<u8>)> = theme.statics.iter().collect();
    write_all(&statics, |(path, bytes)| Some(sink.put(path, bytes.to_vec())))
}

/// The output path of each of `pages`, for [`collisions`]. Where a page
/// and an old URL's redirect would share a path, the page is kept: that
/// is the clash to report.
pub fn generated_paths(renderer: &Renderer, pages: &[PageId]) -> PathMap {
    let redirect = |id: &PageId| matches!(id, PageId::Redirect(_));
    let paths: Vec<(Arc<str>, PageId)> = pages
        .par_iter()
        .filter(|id| !redirect(id))
        .map(|&id| (Arc::from(renderer.output_path(id)), id))
        .collect();
    let mut map = PathMap::with_capacity_and_hasher(pages.len(), Default::default());
    map.extend(paths);
    for &id in pages.iter().filter(|id| redirect(id)) {
        map.entry(Arc::from(renderer.output_path(id))).or_insert(id);
    }
    map
}

/// Errors for static files (the site's or the theme's) that would replace a
/// generated file, or stand where a generated file needs a folder (or the
/// other way round).
pub fn static_collisions(model: &Chronicle, renderer: &Renderer, pages: &[PageId], theme: &Theme) -> Vec<Diagnostic> {
    collisions(model, &generated_paths(renderer, pages), theme)
}

/// [`static_collisions`] and [`redirect_collisions`], given the output path
/// of every generated page (`generated`).
pub fn collisions(model: &Chronicle, generated: &PathMap, theme: &Theme) -> Vec<Diagnostic> {
    // The first generated path (in path order) inside each folder that is a
    // static file's name: found by walking up from every generated path.
    let mut inside: HashMap<&str, (&str, PageId)> = HashMap::new();
    if !theme.statics.is_empty() {
        // Only a path whose first folder is a static file's first segment
        // can be inside a static file's name.
        let tops: std::collections::HashSet<&str> =
            theme.statics.keys().map(|p| p.split('/').next().unwrap_or(p)).collect();
        for (path, &id) in generated {
            if !path.split_once('/').is_some_and(|(top, _)| tops.contains(top)) {
                continue;
            }
            let mut up: &str = path;
            while let Some((dir, _)) = up.rsplit_once('/') {
                if theme.statics.contains_key(dir) {
                    let first = inside.entry(dir).or_insert((path, id));
                    if **path < *first.0 {
                        *first = (path, id);
                    }
                }
                up = dir;
            }
        }
    }
    let mut diags = Vec::new();
    for path in theme.statics.keys() {
        let origin = theme
            .static_origins
            .get(path)
            .cloned()
            .unwrap_or_else(|| format!("static/{path}"));
        let mut clash = |message: String| diags.push(Diagnostic::error(origin.clone(), 0, 0, message));
        if let Some(&id) = generated.get(path.as_str()) {
            clash(format!(
                "{origin} would replace the generated {} (`{path}`); rename or remove it",
                describe_page(model, id)
            ));
            continue;
        }
        // `static/entries` (a file) where pages need the folder `entries/`.
        if let Some(&(inner, id)) = inside.get(path.as_str()) {
            clash(format!(
                "{origin} is a file where the site needs the folder `{path}/` (for the generated {}, `{inner}`); rename or remove it",
                describe_page(model, id)
            ));
            continue;
        }
        // `static/index.html/x` where `index.html` is a generated file.
        let mut ancestor = path.as_str();
        while let Some((up, _)) = ancestor.rsplit_once('/') {
            if let Some(&id) = generated.get(up) {
                clash(format!(
                    "{origin} needs a folder `{up}/`, where the generated {} (`{up}`) is written; rename or move it",
                    describe_page(model, id)
                ));
                break;
            }
            ancestor = up;
        }
    }
    diags.extend(redirect_collisions(model, generated));
    diags
}

/// Errors for old URLs (`redirect_from:`) that are the URL of a page the
/// site has: the page would be replaced by a redirect to another.
pub fn redirect_collisions(model: &Chronicle, generated: &PathMap) -> Vec<Diagnostic> {
    model
        .redirects
        .iter()
        .filter_map(|r| {
            let &id = generated.get(r.file.as_str()).filter(|id| !matches!(id, PageId::Redirect(_)))?;
            Some(Diagnostic::error(
                r.rel.clone(),
                r.line,
                r.column,
                format!(
                    "the old URL `{}` is the URL of the {}; a page cannot redirect from a page the site still has: remove it",
                    r.written,
                    describe_page(model, id)
                ),
            ))
        })
        .collect()
}

/// What a generated file is, for messages: "home page", "page of entry `x`".
fn describe_page(model: &Chronicle, id: PageId) -> String {
    match id {
        PageId::Home => "home page".into(),
        PageId::Entry(i) => format!("page of entry `{}`", model.entries[i].slug),
        PageId::Year(i) => format!("page of the year {}", model.years[i].year),
        PageId::Actors => "actors index".into(),
        PageId::Actor(i) => format!("page of actor `{}`", model.actors[i].slug),
        PageId::Topics => "topics index".into(),
        PageId::Topic(i) => format!("page of topic `{}`", model.topics[i].slug),
        PageId::Sources => "sources page".into(),
        PageId::Map => "map page".into(),
        PageId::Relations => "relations index".into(),
        PageId::Relation(i) => format!("page of the relation `{}`", model.relations[i].slug),
        PageId::RelationFeed(i) => format!("feed of the relation `{}`", model.relations[i].slug),
        PageId::Page(i) => format!("page `{}`", model.pages[i].slug),
        PageId::EntryBibtex(i) | PageId::EntryRis(i) | PageId::EntryCsl(i) => {
            format!("citation of entry `{}`", model.entries[i].slug)
        }
        PageId::SourcesCsl => "sources export".into(),
        PageId::EntriesCsv => "spreadsheet of entries".into(),
        PageId::SourcesCsv => "spreadsheet of sources".into(),
        PageId::TimelineJson => "TimelineJS export".into(),
        PageId::PlannedIcs => "calendar of planned entries".into(),
        PageId::ActorIcs(i) => format!("calendar of actor `{}`", model.actors[i].slug),
        PageId::Redirect(k) => format!("redirect from `{}`", model.redirects[k].written),
        PageId::Corrections => "corrections page".into(),
        PageId::CorrectionsFeed => "corrections feed".into(),
        PageId::NotFound => "404 page".into(),
        PageId::Search => "search page".into(),
        PageId::Feed => "feed".into(),
        PageId::ActorFeed(i) => format!("feed of actor `{}`", model.actors[i].slug),
        PageId::TopicFeed(i) => format!("feed of topic `{}`", model.topics[i].slug),
        PageId::Sitemap => "sitemap".into(),
        PageId::SitemapPart(n) => format!("sitemap part {n}"),
        PageId::Robots => "robots.txt".into(),
        PageId::SearchManifest => "search index".into(),
        PageId::SearchPart(_, n) => format!("search index file {n}"),
        PageId::Data => "data export".into(),
        PageId::ExploreIndex => "explore manifest".into(),
        PageId::ExploreRelations => "explore relations".into(),
        PageId::ExploreActor(i) => format!("explore list of actor `{}`", model.actors[i].slug),
        PageId::ExploreTopic(i) => format!("explore list of topic `{}`", model.topics[i].slug),
        PageId::ExploreRelation(i) => format!("explore list of the relation `{}`", model.relations[i].slug),
        PageId::ExploreStatus(i) => format!(
            "explore list of status `{}`",
            crate::render::explore::STATUSES[i].as_str()
        ),
        PageId::ExploreTone(n) => format!("explore list of tone {n}"),
        PageId::ExploreEntries(k) => format!("explore entries chunk {k}"),
        PageId::Part(list, n) => format!(
            "part {n} of the {}",
            describe_page(model, PageId::part(list, 1))
                .trim_start_matches("page of the ")
                .trim_start_matches("page of ")
        ),
    }
}
