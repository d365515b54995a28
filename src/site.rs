//! The build pipeline: load → parse → link → render → write.
//!
//! Each stage lives in its own module; this one only runs them in order,
//! collects their diagnostics, and stops between stages when there are
//! errors, so nothing is written from a chronicle with mistakes in it.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{self, Chronicle};
use crate::output::{self, DirSink, MemorySink, Sink, Staging};
use crate::render::Renderer;
use crate::theme::Theme;
use crate::{load, parse};

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
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Options {
        Options {
            root: root.into(),
            out: None,
            base_url: None,
            drafts: false,
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
    /// The output could not be written.
    #[error("cannot write the site to {path}: {message}")]
    Output { path: String, message: String },
}

fn count_errors(ds: &[Diagnostic]) -> usize {
    ds.iter().filter(|d| d.is_error()).count()
}

/// Prints how long a stage took when `CHRONICLE_TIMINGS` is set, for
/// profiling builds without a profiler.
pub(crate) fn timing(stage: &str, since: Instant) {
    if std::env::var_os("CHRONICLE_TIMINGS").is_some() {
        eprintln!("timing: {stage}: {} ms", since.elapsed().as_millis());
    }
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
}

impl Summary {
    /// The one line `build` ends with.
    pub fn line(&self, verb: &str) -> String {
        let n = |count: usize, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
        format!(
            "{verb} {}, {}, {}: {} written in {} ms{}",
            n(self.entries, "entry", "entries"),
            n(self.actors, "actor", "actors"),
            n(self.topics, "topic", "topics"),
            n(self.pages, "page", "pages"),
            self.millis,
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
    let mut config = Config::load(&opts.root).map_err(Error::Content)?;
    if let Some(url) = &opts.base_url {
        config
            .set_base_url(url)
            .map_err(|m| Error::Content(vec![Diagnostic::error("--base-url", 0, 0, m)]))?;
    }
    let t = Instant::now();
    let (files, load_diags) = load::load(&opts.root);
    timing("load", t);
    let t = Instant::now();
    let (docs, parse_diags) = parse::parse_all(files);
    timing("parse", t);
    let t = Instant::now();
    let mut diags = Diagnostics::new();
    diags.extend(load_diags);
    diags.extend(parse_diags);
    let mut link_diags = Vec::new();
    let model = model::link(docs, config, opts.drafts, &mut link_diags);
    diags.extend(link_diags);
    timing("link", t);
    if diags.has_errors() {
        return Err(Error::Content(diags.into_sorted()));
    }
    Ok((model, diags.into_sorted()))
}

/// Renders every page and static file of the chronicle into `sink`.
/// Returns (pages rendered, files written).
pub fn render_site(model: &Chronicle, theme: &Theme, sink: &dyn Sink) -> Result<(usize, usize), Error> {
    let t = Instant::now();
    let renderer = Renderer::new(model, theme).map_err(Error::Content)?;
    timing("templates and cards", t);
    let t = Instant::now();
    let pages = renderer.pages();
    let results: Vec<Result<(), Diagnostic>> = pages
        .par_iter()
        .map(|&id| {
            let path = renderer.output_path(id);
            let bytes = renderer.render(id)?;
            sink.put(&path, bytes)
                .map_err(|e| Diagnostic::error(path, 0, 0, format!("cannot write: {e}")))
        })
        .collect();
    timing("render and write pages", t);
    let mut diags: Vec<Diagnostic> = results.into_iter().filter_map(Result::err).collect();
    if !diags.is_empty() {
        // One broken template fails every page alike: report each message once.
        diags.sort_by(|a, b| (&a.path, &a.message).cmp(&(&b.path, &b.message)));
        diags.dedup_by(|a, b| a.path == b.path && a.message.split(": ").nth(1) == b.message.split(": ").nth(1));
        return Err(Error::Content(diags));
    }
    for (path, bytes) in &theme.statics {
        sink.put(path, bytes.clone()).map_err(|e| Error::Output {
            path: path.clone(),
            message: e.to_string(),
        })?;
    }
    Ok((pages.len(), pages.len() + theme.statics.len()))
}

fn summary(model: &Chronicle, pages: usize, files: usize, start: Instant, warnings: Vec<Diagnostic>) -> Summary {
    Summary {
        entries: model.entries.len(),
        actors: model.actors.len(),
        topics: model.topics.len(),
        pages,
        files,
        millis: start.elapsed().as_millis(),
        warnings,
    }
}

/// The load warnings and the theme's (files it skipped), in order.
fn all_warnings(warnings: Vec<Diagnostic>, theme: &Theme) -> Vec<Diagnostic> {
    let mut all = Diagnostics::new();
    all.extend(warnings);
    all.extend(theme.warnings.iter().cloned());
    all.into_sorted()
}

/// Content errors of rendering with the files the theme skipped, which can
/// be why a template is missing.
fn with_theme_warnings(e: Error, theme: &Theme) -> Error {
    match e {
        Error::Content(ds) if !theme.warnings.is_empty() => Error::Content(all_warnings(ds, theme)),
        e => e,
    }
}

/// Builds the chronicle into its output folder, replacing the previous site
/// only when the whole build succeeded.
pub fn build(opts: &Options) -> Result<Summary, Error> {
    let start = Instant::now();
    let out = opts.out_dir();
    let out_err = |message: String| Error::Output {
        path: out.display().to_string(),
        message,
    };
    output::check_output_dir(&out, &opts.root).map_err(out_err)?;
    let (model, warnings) = load_chronicle(opts)?;
    let theme = Theme::load(&opts.root, &model.config.theme).map_err(Error::Content)?;
    let warnings = all_warnings(warnings, &theme);
    let staging = Staging::new(&out).map_err(|e| out_err(e.to_string()))?;
    let (pages, files) = render_site(&model, &theme, &DirSink::new(staging.dir().to_path_buf()))
        .map_err(|e| with_theme_warnings(e, &theme))?;
    let t = Instant::now();
    staging.commit().map_err(|e| out_err(e.to_string()))?;
    timing("swap output", t);
    Ok(summary(&model, pages, files, start, warnings))
}

/// Validates the chronicle, renders it in memory and checks every internal
/// link and fragment of the result, writing nothing.
pub fn check(opts: &Options) -> Result<Summary, Error> {
    let start = Instant::now();
    let (model, warnings) = load_chronicle(opts)?;
    let theme = Theme::load(&opts.root, &model.config.theme).map_err(Error::Content)?;
    let warnings = all_warnings(warnings, &theme);
    let sink = MemorySink::default();
    let (pages, files) = render_site(&model, &theme, &sink).map_err(|e| with_theme_warnings(e, &theme))?;
    let broken = crate::linkcheck::check(&sink.into_files(), &model.config);
    if !broken.is_empty() {
        let mut all = warnings;
        all.extend(broken);
        return Err(Error::Content(all));
    }
    Ok(summary(&model, pages, files, start, warnings))
}

/// True when `root` looks like a chronicle (has a `chronicle.yaml`).
pub fn is_chronicle(root: &Path) -> bool {
    root.join(crate::config::CONFIG_FILE).is_file()
}
