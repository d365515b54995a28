//! The progress line of a long build on a terminal: the stage, and pages
//! written of all.
//!
//! It appears only once a build has taken about two seconds (a short build
//! prints its summary line and nothing else), only when standard error is
//! a terminal and the `CI` variable is not set (never in CI logs or when
//! piped), never with `--quiet`, and without colour under `NO_COLOR`. It
//! is cleared before the summary line. The stages report to it through
//! [`stage`] and [`page_written`], which cost an atomic add when no line is
//! shown, as in `serve` and `check`.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a build runs before it shows progress.
const DELAY: Duration = Duration::from_secs(2);

struct Line {
    bar: ProgressBar,
    /// The line of a stage without pages, and of the one writing them.
    plain: Option<ProgressStyle>,
    pages: Option<ProgressStyle>,
    /// Set once the delay has passed and the line is drawn.
    shown: AtomicBool,
    /// Set when the build is over: the line is never drawn after.
    done: AtomicBool,
    /// The stage's name; its lock also orders drawing against finishing.
    stage: Mutex<String>,
}

static LINE: OnceLock<Line> = OnceLock::new();
static WRITTEN: AtomicUsize = AtomicUsize::new(0);
static TOTAL: AtomicUsize = AtomicUsize::new(0);

/// Whether a progress line may be shown here: standard error is a
/// terminal, and this is not CI.
pub fn wanted(quiet: bool) -> bool {
    use std::io::IsTerminal;
    !quiet && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// Starts the progress line of this process: hidden, drawn after the delay
/// if the build is still running. Call once, before the build.
pub fn start() {
    let colour = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let (plain, pages) = if colour {
        (
            "{spinner:.cyan} {msg} ({elapsed})",
            "{spinner:.cyan} {msg} {bar:30.cyan/blue} {pos}/{len} pages ({elapsed})",
        )
    } else {
        (
            "{spinner} {msg} ({elapsed})",
            "{spinner} {msg} {bar:30} {pos}/{len} pages ({elapsed})",
        )
    };
    let plain = ProgressStyle::with_template(plain).ok();
    let pages = ProgressStyle::with_template(pages)
        .ok()
        .map(|s| s.progress_chars("=> "));
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
    if let Some(style) = &plain {
        bar.set_style(style.clone());
    }
    let line = Line {
        bar,
        plain,
        pages,
        shown: AtomicBool::new(false),
        done: AtomicBool::new(false),
        stage: Mutex::new("reading".into()),
    };
    if LINE.set(line).is_err() {
        return;
    }
    std::thread::spawn(|| {
        std::thread::sleep(DELAY);
        let Some(line) = LINE.get() else { return };
        let Ok(_stage) = line.stage.lock() else { return };
        if !line.done.load(Ordering::Relaxed) {
            line.bar.set_draw_target(ProgressDrawTarget::stderr());
            line.shown.store(true, Ordering::Relaxed);
            line.bar.set_length(TOTAL.load(Ordering::Relaxed) as u64);
            line.bar.set_position(WRITTEN.load(Ordering::Relaxed) as u64);
            line.bar.enable_steady_tick(Duration::from_millis(120));
        }
    });
}

/// The build has moved on to `name` (`"render and write pages"`), with
/// `total` pages to write in it (0 when the stage writes none).
pub fn stage(name: &str, total: usize) {
    let Some(line) = LINE.get() else { return };
    let Ok(mut stage) = line.stage.lock() else { return };
    *stage = name.to_string();
    if total > 0 {
        TOTAL.store(total, Ordering::Relaxed);
        WRITTEN.store(0, Ordering::Relaxed);
    }
    let style = if total > 0 { &line.pages } else { &line.plain };
    if let Some(style) = style {
        line.bar.set_style(style.clone());
    }
    line.bar.set_length(TOTAL.load(Ordering::Relaxed) as u64);
    line.bar.set_position(0);
    line.bar.set_message(name.to_string());
}

/// One more page written.
pub fn page_written() {
    let Some(line) = LINE.get() else { return };
    let n = WRITTEN.fetch_add(1, Ordering::Relaxed) + 1;
    if line.shown.load(Ordering::Relaxed) {
        line.bar.set_position(n as u64);
    }
}

/// Clears the line, before the summary is printed.
pub fn finish() {
    let Some(line) = LINE.get() else { return };
    let _stage = line.stage.lock();
    line.done.store(true, Ordering::Relaxed);
    line.bar.finish_and_clear();
}
