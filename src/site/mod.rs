//! `build` and `check`: the pipeline's stages (content → model → render →
//! output) run in order.
//!
//! The stage functions are in [`stages`], shared with `serve`; this module
//! runs them over the whole chronicle, collects their diagnostics, and stops
//! between stages when there are errors, so nothing is written from a
//! chronicle with mistakes in it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::content::load;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{self, Chronicle, MarkdownCache};
use crate::output::{self, DirSink, MemorySink, Sink, Staging};
use crate::paths::Place;
use crate::render::theme::Theme;
use crate::render::{search, Renderer};

pub mod linkcheck;
pub mod progress;
pub mod published;
pub mod stages;

pub use stages::{static_collisions, timing};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The chronicle's root folder (holding `chronicle.yaml`).
    pub root: PathBuf,
    /// Output folder; `ROOT/site` when not given.
    pub out: Option<PathBuf>,
    /// Replaces the configured `base_url`.
    pub base_url: Option<String>,
    /// Include entries and pages marked `draft: true`.
    pub drafts: bool,
    /// `check --published FILE`: URLs of the live site that must still be
    /// served.
    pub published: Option<PathBuf>,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Options {
        Options {
            root: root.into(),
            out: None,
            base_url: None,
            drafts: false,
            published: None,
        }
    }

    /// The output folder this build writes.
    pub fn out_dir(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("site"))
    }
}

/// Why a build or check failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Errors in the chronicle's content, templates or config (warnings too).
    #[error("{} error(s) found", count_errors(.0))]
    Content(Vec<Diagnostic>),
    /// The output folder may not be used (it overlaps the chronicle, or is
    /// not chronicle's to replace).
    #[error("cannot write the site to {path}: {message}")]
    Refused { path: String, message: String },
    /// The output could not be written: the first I/O error, and how many
    /// files it (and any like it) kept from being written.
    #[error("cannot write the site to {path}: {source}{}", not_written(*.files))]
    Output {
        path: String,
        /// Files not written; 0 when the failure was not about a file (the
        /// staging folder, the swap).
        files: usize,
        #[source]
        source: std::io::Error,
    },
}

fn not_written(files: usize) -> String {
    match files {
        0 => String::new(),
        1 => ", 1 file not written".into(),
        n => format!(", {} files not written", thousands(n)),
    }
}

/// `4401` → `4,401`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn count_errors(ds: &[Diagnostic]) -> usize {
    ds.iter().filter(|d| d.is_error()).count()
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct Summary {
    pub entries: usize,
    pub actors: usize,
    pub topics: usize,
    pub pages: usize,
    /// Files written (pages, feeds, static files).
    pub files: usize,
    pub millis: u128,
    pub warnings: Vec<Diagnostic>,
    /// False for `check`, which renders in memory only.
    pub written: bool,
}

impl Summary {
    /// The one line `build` and `check` end with.
    pub fn line(&self, verb: &str) -> String {
        let n = |count: usize, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
        format!(
            "{verb} {}, {}, {}: {} {} in {} ms{}{}",
            n(self.entries, "entry", "entries"),
            n(self.actors, "actor", "actors"),
            n(self.topics, "topic", "topics"),
            n(self.pages, "page", "pages"),
            if self.written { "written" } else { "rendered" },
            self.millis,
            if self.written { "" } else { ", nothing written" },
            match self.warnings.len() {
                0 => String::new(),
                1 => " (1 warning)".into(),
                n => format!(" ({n} warnings)"),
            }
        )
    }
}

/// Loads, parses and links a chronicle. On success returns the model and the
/// warnings; on failure every diagnostic found.
pub fn load_chronicle(opts: &Options) -> Result<(Chronicle, Vec<Diagnostic>), Error> {
    let mut diags = Diagnostics::new();
    match read_and_link(opts, &mut diags) {
        Some(model) if !diags.has_errors() => Ok((model, diags.into_sorted())),
        _ => Err(Error::Content(diags.into_sorted())),
    }
}

/// The stages up to linking: configuration, content, the model.
fn read_and_link(opts: &Options, diags: &mut Diagnostics) -> Option<Chronicle> {
    let config = stages::configure(opts, diags)?;
    let t = Instant::now();
    progress::stage("reading", 0);
    let (found, scan_diags) = load::scan(&opts.root);
    diags.extend(scan_diags);
    let parsed = stages::read_and_parse(found);
    let mut docs = stages::documents(parsed.into_iter().map(|(_, p)| p), diags);
    // Nothing keeps the documents after linking: their bodies may go.
    docs.bodies_from = Some(opts.root.clone());
    timing("read and parse", t);
    let t = Instant::now();
    progress::stage("linking", 0);
    // A build links once: its Markdown cache keeps nothing, and writes the
    // entries' bodies aside until their pages need them.
    let model = model::link(docs, config, opts.drafts, diags, &mut MarkdownCache::aside());
    // The documents are gone, and their texts with them.
    stages::give_back_memory();
    timing("link", t);
    Some(model)
}

/// Renders every page and static file of the chronicle into `sink`.
/// Returns (pages rendered, files written).
///
/// Writing stops at the first I/O error (a full disk fails every file
/// alike): it is reported once, with how many files were not written.
pub fn render_site(model: &Chronicle, theme: &Theme, sink: &dyn Sink) -> Result<(usize, usize), Error> {
    let t = Instant::now();
    progress::stage("rendering cards", 0);
    // The page list holds the search index's shards, so the index is built
    // now, beside the cards.
    let (renderer, index) = rayon::join(
        || Renderer::new(model, theme),
        || {
            let t = Instant::now();
            let index = search::build(model);
            timing("search index", t);
            index
        },
    );
    let renderer = renderer.map_err(Error::Content)?;
    renderer.use_search_index(index);
    // What making the search index took and let go.
    stages::give_back_memory();
    timing("templates, cards and search index", t);
    let mut pages = renderer.pages();
    // The files that take longest to make, one each (the exports), start
    // first, so that no core is left making one of them alone at the end.
    pages.sort_by_key(|p| !p.is_export());
    let clashes = stages::static_collisions(model, &renderer, &pages, theme);
    if !clashes.is_empty() {
        return Err(Error::Content(clashes));
    }
    let t = Instant::now();
    let mut diags = Diagnostics::new();
    let translations = stages::translated_models(model);
    let written = stages::render_pages(&renderer, &pages, sink, &mut diags)
        .and_then(|n| stages::render_translations(&translations, theme, sink, &mut diags).map(|paths| n + paths.len()));
    timing("render and write pages", t);
    let rendered = written.as_ref().map_or(pages.len(), |n| *n);
    let lost = model.scratch.as_ref().and_then(|s| s.failure());
    let failure = match written {
        // The static files were not written either.
        Err(f) => Some((f.source, f.not_written + theme.statics.len())),
        Ok(_) if diags.has_errors() => return Err(Error::Content(diags.into_sorted())),
        // Some page got an empty body: none of them is published.
        Ok(_) if lost.is_some() => lost.map(|e| {
            let message = format!("an entry's body could not be read back from the build's scratch file in the temporary folder ({e}); nothing was published, build again");
            (std::io::Error::new(e.kind(), message), 0)
        }),
        Ok(_) => stages::put_statics(theme, sink)
            .err()
            .map(|f| (f.source, f.not_written)),
    };
    if let Some((source, files)) = failure {
        return Err(Error::Output {
            path: sink.describe(),
            files,
            source,
        });
    }
    Ok((rendered, rendered + theme.statics.len()))
}

fn summary(
    model: &Chronicle,
    (pages, files): (usize, usize),
    start: Instant,
    warnings: Vec<Diagnostic>,
    written: bool,
) -> Summary {
    Summary {
        written,
        entries: model.entries.len(),
        actors: model.actors.len(),
        topics: model.topics.len(),
        pages,
        files,
        millis: start.elapsed().as_millis(),
        warnings,
    }
}

/// The model, its warnings and the theme (whose skipped files are warnings
/// too), or every error.
fn prepare(opts: &Options) -> Result<(Chronicle, Vec<Diagnostic>, Theme), Error> {
    let (model, warnings) = load_chronicle(opts)?;
    let mut diags = Diagnostics::new();
    diags.extend(warnings);
    let theme = stages::load_theme(&opts.root, &model.config, &mut diags);
    match theme {
        Some(theme) if !diags.has_errors() => Ok((model, diags.into_sorted(), theme)),
        _ => Err(Error::Content(diags.into_sorted())),
    }
}

/// Content errors of rendering, with the warnings found before (a file the
/// theme skipped can be why a template is missing).
fn with_warnings(e: Error, warnings: &[Diagnostic]) -> Error {
    match e {
        Error::Content(ds) if !warnings.is_empty() => {
            let mut all = Diagnostics::new();
            all.extend(ds);
            all.extend(warnings.iter().cloned());
            Error::Content(all.into_sorted())
        }
        e => e,
    }
}

/// Builds the chronicle into its output folder, replacing the previous site
/// only when the whole build succeeded.
pub fn build(opts: &Options) -> Result<Summary, Error> {
    let start = Instant::now();
    let out = opts.out_dir();
    let shown = out.display().to_string();
    let refused = |message: String| Error::Refused {
        path: shown.clone(),
        message,
    };
    let io_err = |source: std::io::Error| Error::Output {
        path: shown.clone(),
        files: 0,
        source,
    };
    output::check_output_dir(&out, &opts.root).map_err(refused)?;
    let (model, warnings, theme) = prepare(opts)?;
    // Takes the output's lock and clears what interrupted builds left; the
    // folder is checked again, as it may have changed while waiting.
    let staging = Staging::new(&out).map_err(io_err)?;
    output::check_output_dir(&out, &opts.root).map_err(refused)?;
    let sink = DirSink::new(staging.dir().to_path_buf()).shown_as(shown.clone());
    let counts = render_site(&model, &theme, &sink).map_err(|e| with_warnings(e, &warnings))?;
    let t = Instant::now();
    progress::stage("swapping the output in", 0);
    staging.commit().map_err(io_err)?;
    timing("swap output", t);
    Ok(summary(&model, counts, start, warnings, true))
}

/// Validates the chronicle, renders it in memory and checks every internal
/// link and fragment of the result, writing nothing.
pub fn check(opts: &Options) -> Result<Summary, Error> {
    let start = Instant::now();
    let (model, warnings, theme) = prepare(opts)?;
    let sink = MemorySink::default();
    let counts = render_site(&model, &theme, &sink).map_err(|e| with_warnings(e, &warnings))?;
    let files = sink.into_files();
    // Each page made from a content file, by its output path, so a broken
    // link in a body is located in that file.
    let mut made_from: HashMap<String, &str> = HashMap::new();
    made_from.extend(
        model
            .entries
            .iter()
            .map(|e| (Place::Entry(&e.slug).file(), e.source_path.as_str())),
    );
    made_from.extend(
        model
            .actors
            .iter()
            .map(|a| (Place::Actor(&a.slug).file(), a.source_path.as_str())),
    );
    made_from.extend(
        model
            .topics
            .iter()
            .map(|t| (Place::Topic(&t.slug).file(), t.source_path.as_str())),
    );
    made_from.extend(
        model
            .pages
            .iter()
            .map(|p| (Place::Page(&p.slug).file(), p.source_path.as_str())),
    );
    let sources = |page: &str| {
        let rel = made_from.get(page)?;
        let text = std::fs::read_to_string(opts.root.join(rel)).ok()?;
        Some((rel.to_string(), text))
    };
    let mut broken = linkcheck::check(&files, &model.config, &sources);
    if let Some(list) = &opts.published {
        let shown = list.display().to_string();
        match std::fs::read_to_string(list) {
            Ok(text) => broken.extend(published::gone(&text, &shown, &files, &model.config)),
            Err(e) => broken.push(Diagnostic::error(
                shown,
                0,
                0,
                format!("cannot read the list of published URLs: {e}"),
            )),
        }
    }
    let mut all = warnings;
    all.extend(broken);
    if all.iter().any(Diagnostic::is_error) {
        return Err(Error::Content(all));
    }
    Ok(summary(&model, counts, start, all, false))
}

/// True when `root` looks like a chronicle (has a `chronicle.yaml`).
pub fn is_chronicle(root: &Path) -> bool {
    root.join(crate::config::CONFIG_FILE).is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A disk that is full: every write fails alike.
    struct FullDisk;

    impl Sink for FullDisk {
        fn put(&self, _path: &str, _bytes: Vec<u8>) -> std::io::Result<()> {
            Err(std::io::Error::from_raw_os_error(28))
        }

        fn describe(&self) -> String {
            "site/".into()
        }
    }

    #[test]
    fn write_errors_are_reported_once_with_how_many_files_they_hit() {
        let opts = Options::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"));
        let (model, _) = load_chronicle(&opts).expect("the fixture loads");
        let theme = Theme::load(&opts.root, &model.config.theme).expect("the theme loads");
        let total = Renderer::new(&model, &theme).unwrap().pages().len() + theme.statics.len();
        let Err(e) = render_site(&model, &theme, &FullDisk) else {
            panic!("writing to a full disk succeeded");
        };
        let Error::Output { files, ref source, .. } = e else {
            panic!("not an output error: {e}");
        };
        assert_eq!(files, total);
        assert_eq!(source.raw_os_error(), Some(28));
        assert!(std::error::Error::source(&e).is_some(), "the I/O error is the source");
        assert_eq!(
            e.to_string(),
            format!("cannot write the site to site/: No space left on device (os error 28), {total} files not written")
        );
    }

    #[test]
    fn a_body_changed_after_linking_fails_the_build_and_says_which() {
        // A build lets each entry's text go once its body is rendered and
        // reads it back for the spreadsheet: a body edited in between
        // cannot be given back as it was linked.
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let dir = tempfile::tempdir().unwrap();
        for f in walkdir::WalkDir::new(&fixture).into_iter().flatten() {
            let to = dir.path().join(f.path().strip_prefix(&fixture).unwrap());
            if f.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(f.path(), &to).unwrap();
            }
        }
        let opts = Options::new(dir.path().to_path_buf());
        let (model, _) = load_chronicle(&opts).expect("the fixture loads");
        let theme = Theme::load(&opts.root, &model.config.theme).expect("the theme loads");
        let rel = "content/entries/dar-visits-kabul.md";
        let path = dir.path().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\nA paragraph added while the site was built.\n")).unwrap();
        let Err(e) = render_site(&model, &theme, &MemorySink::default()) else {
            panic!("a build with a changed body succeeded");
        };
        assert!(matches!(e, Error::Output { .. }), "{e}");
        let message = e.to_string();
        assert!(
            message.contains(&format!("`{rel}` changed while the site was being built; build again")),
            "{message}"
        );
        // Put back as it was linked, the same model renders.
        std::fs::write(&path, &text).unwrap();
        let sink = MemorySink::default();
        render_site(&model, &theme, &sink).expect("the unchanged chronicle renders");
        let files = sink.into_files();
        let csv = String::from_utf8_lossy(&files["data/entries.csv"]);
        assert!(csv.contains("in Kabul, weeks after"), "the bodies are read back: {csv}");
    }

    #[test]
    fn a_body_lost_from_the_scratch_file_fails_the_build_and_nothing_is_published() {
        let opts = Options::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"));
        let (model, _) = load_chronicle(&opts).expect("the fixture loads");
        let theme = Theme::load(&opts.root, &model.config.theme).expect("the theme loads");
        let scratch = model.scratch.as_ref().expect("a build writes its bodies aside");
        let first = &model.entries[0];
        assert!(matches!(first.body_html, crate::model::stored::Stored::Aside { .. }));
        // Rendered whole, the bodies come back from the scratch file.
        let sink = MemorySink::default();
        render_site(&model, &theme, &sink).expect("the chronicle renders");
        let files = sink.into_files();
        let page = String::from_utf8_lossy(&files[&format!("entries/{}/index.html", first.slug)]);
        assert!(page.contains(&*first.body_html.text()) && first.body_html.len() > 20);
        // The file cut short under the build: it fails, saying what to do.
        scratch.cut_short();
        let Err(e) = render_site(&model, &theme, &MemorySink::default()) else {
            panic!("a build that lost its bodies succeeded");
        };
        assert!(matches!(e, Error::Output { .. }), "{e}");
        assert!(
            e.to_string()
                .contains("could not be read back from the build's scratch file"),
            "{e}"
        );
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(thousands(7), "7");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(4401), "4,401");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(not_written(4401), ", 4,401 files not written");
        assert_eq!(not_written(1), ", 1 file not written");
    }
}
