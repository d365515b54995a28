//! Watching the chronicle's files and rebuilding on every burst of changes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::diagnostics::Diagnostic;
use crate::serve::session::{Rebuild, Session};
use crate::serve::state::{errors_json, Notice, Shared};
use crate::serve::Error;
use crate::site::stages::timing;

/// A rebuild starts once no change came for this long, in ms: an editor's
/// save (a backup renamed, the file written, the backup removed) and a
/// burst (a `git checkout` writing 200 files) each give one rebuild, not
/// many. Kept short: this wait is part of every save.
pub(super) const QUIET_MS: u64 = 10;

pub(super) fn print_errors(errors: &[Diagnostic]) {
    for d in errors {
        eprintln!("{d}");
    }
    let n = errors.iter().filter(|d| d.is_error()).count();
    eprintln!(
        "rebuild failed: {n} error{}; still serving the last good site",
        if n == 1 { "" } else { "s" }
    );
}

/// Publishes a rebuild's outcome to the shared state and open pages.
pub(super) fn publish(shared: &Shared, session: &Session, result: Result<Rebuild, Vec<Diagnostic>>) {
    match result {
        Ok(r) if r.changed.is_empty() && r.pages == 0 && !r.css_only && shared.built.load(Ordering::SeqCst) => {}
        Ok(r) => {
            for w in &r.warnings {
                eprintln!("{w}");
            }
            println!("{}", r.line());
            // The last site is let go of once pages are told to reload:
            // freeing a large chronicle takes a moment no one need wait for.
            let last = std::mem::replace(
                &mut *shared.site.write().unwrap_or_else(|e| e.into_inner()),
                session.site(),
            );
            shared.errors.write().unwrap_or_else(|e| e.into_inner()).clear();
            shared.built.store(true, Ordering::SeqCst);
            let generation = shared.generation.fetch_add(1, Ordering::SeqCst) + 1;
            let _ = shared.notices.send(if r.css_only {
                Notice::Css(generation)
            } else {
                Notice::Reload
            });
            drop(last);
        }
        Err(errors) => {
            print_errors(&errors);
            let json = errors_json(&errors);
            *shared.errors.write().unwrap_or_else(|e| e.into_inner()) = errors;
            let _ = shared.notices.send(Notice::Errors(json));
        }
    }
}

/// What file events arrive on.
pub(super) type Events = mpsc::Receiver<notify::Result<Event>>;

/// Starts watching the chronicle's sources. Watches are in place when this
/// returns, so no change made after the server announces itself is missed.
pub(super) fn start_watching(root: &Path, dirs: &[PathBuf]) -> Result<(RecommendedWatcher, Events), Error> {
    let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
    let watch_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Watch { path, source }
    };
    let mut watcher = notify::recommended_watcher(tx).map_err(watch_error(root))?;
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(watch_error(root))?;
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        watcher.watch(dir, RecursiveMode::Recursive).map_err(watch_error(dir))?;
    }
    Ok((watcher, rx))
}

/// The paths a file event changed: none for events that change nothing,
/// such as the reads every rebuild makes.
fn changed_paths(event: notify::Result<Event>) -> Vec<PathBuf> {
    match event {
        Ok(e) => {
            if std::env::var_os("CHRONICLE_DEBUG_WATCH").is_some() {
                eprintln!("watch: {:?} {:?}", e.kind, e.paths);
            }
            let relevant = matches!(
                e.kind,
                EventKind::Create(_)
                    | EventKind::Remove(_)
                    | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
                    | EventKind::Any
            );
            if relevant {
                e.paths
            } else {
                Vec::new()
            }
        }
        Err(e) => {
            eprintln!("watch error: {e}");
            Vec::new()
        }
    }
}

/// Waits for the next burst of changes and returns its paths, sorted and
/// without repeats, once no change came for [`QUIET_MS`]; `None` when the
/// watcher is gone. Events that change nothing neither start a burst nor
/// prolong one. Also returns when the burst's first change came.
fn next_burst(rx: &Events) -> Option<(Vec<PathBuf>, Instant)> {
    let quiet = Duration::from_millis(QUIET_MS);
    let mut paths = Vec::new();
    while paths.is_empty() {
        paths = changed_paths(rx.recv().ok()?);
    }
    let first = Instant::now();
    let mut until = first + quiet;
    loop {
        let left = until.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(event) => {
                let more = changed_paths(event);
                if !more.is_empty() {
                    paths.extend(more);
                    until = Instant::now() + quiet;
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => break,
            // Gone while a burst was gathered: rebuild what it had.
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    paths.sort();
    paths.dedup();
    Some((paths, first))
}

/// Rebuilds on every burst of changes, for as long as the server runs.
pub(super) fn watch(mut watcher: RecommendedWatcher, rx: Events, mut session: Session, shared: Arc<Shared>) {
    let dirs = session.watch_paths();
    let mut watched: BTreeSet<PathBuf> = dirs.iter().filter(|d| d.is_dir()).cloned().collect();
    // Folders created later (a first `static/`, say) are watched once they exist.
    let mut watch_dirs = |watcher: &mut RecommendedWatcher| {
        for dir in dirs.iter().cloned() {
            if dir.is_dir() && !watched.contains(&dir) && watcher.watch(&dir, RecursiveMode::Recursive).is_ok() {
                watched.insert(dir);
            }
        }
    };
    while let Some((paths, first)) = next_burst(&rx) {
        timing("serve: the burst of changes gathered", first);
        // A change to chronicle.yaml is planned like any other (see
        // `plan::classify`): everything is linked and rendered again.
        let result = session.apply(&paths);
        publish(&shared, &session, result);
        timing("serve: from the first change to the reload sent", first);
        watch_dirs(&mut watcher);
    }
}
