//! Watching the chronicle's files and rebuilding on every burst of changes.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{mpsc, Arc};
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};

use crate::diagnostics::Diagnostic;
use crate::serve::session::{Rebuild, Session};
use crate::serve::state::{errors_json, Notice, Shared};
use crate::serve::Error;

/// How old a file event must be before the debouncer hands it over, and how
/// often it looks, in ms. Kept short: this wait is part of every save.
pub(super) const DEBOUNCE_MS: u64 = 10;

pub(super) const TICK_MS: u64 = 4;

/// A rebuild starts once no further events came for this long, in ms, so a
/// burst (a `git checkout` writing 200 files) gives one rebuild, not many.
pub(super) const SETTLE_MS: u64 = 8;

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

pub(super) type Debouncer =
    notify_debouncer_full::Debouncer<notify::RecommendedWatcher, notify_debouncer_full::RecommendedCache>;

/// Starts watching the chronicle's sources. Watches are in place when this
/// returns, so no change made after the server announces itself is missed.
pub(super) fn start_watching(
    root: &Path,
    dirs: &[PathBuf],
) -> Result<(Debouncer, mpsc::Receiver<DebounceEventResult>), Error> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let watch_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Watch { path, source }
    };
    let mut debouncer = new_debouncer(
        Duration::from_millis(DEBOUNCE_MS),
        Some(Duration::from_millis(TICK_MS)),
        tx,
    )
    .map_err(watch_error(root))?;
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(watch_error(root))?;
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        debouncer
            .watch(dir, RecursiveMode::Recursive)
            .map_err(watch_error(dir))?;
    }
    Ok((debouncer, rx))
}

/// Rebuilds on every burst of changes, for as long as the server runs.
pub(super) fn watch(
    mut debouncer: Debouncer,
    rx: mpsc::Receiver<DebounceEventResult>,
    mut session: Session,
    shared: Arc<Shared>,
) {
    let dirs = session.watch_paths();
    let mut watched: BTreeSet<PathBuf> = dirs.iter().filter(|d| d.is_dir()).cloned().collect();
    // Folders created later (a first `static/`, say) are watched once they exist.
    let mut watch_dirs = |debouncer: &mut Debouncer| {
        for dir in dirs.iter().cloned() {
            if dir.is_dir() && !watched.contains(&dir) && debouncer.watch(&dir, RecursiveMode::Recursive).is_ok() {
                watched.insert(dir);
            }
        }
    };
    while let Ok(first) = rx.recv() {
        let mut paths: Vec<PathBuf> = Vec::new();
        let mut collect = |batch: DebounceEventResult| match batch {
            Ok(events) => {
                for e in events {
                    if std::env::var_os("CHRONICLE_DEBUG_WATCH").is_some() {
                        eprintln!("watch: {:?} {:?}", e.event.kind, e.event.paths);
                    }
                    // Reading files (as every rebuild does) raises access
                    // events; only real changes count.
                    let relevant = matches!(
                        e.event.kind,
                        EventKind::Create(_)
                            | EventKind::Remove(_)
                            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
                            | EventKind::Any
                    );
                    if relevant {
                        paths.extend(e.event.paths.iter().cloned());
                    }
                }
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("watch error: {e}");
                }
            }
        };
        collect(first);
        // Whatever else arrives until the burst settles joins this rebuild.
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(SETTLE_MS)) {
            collect(more);
        }
        if paths.is_empty() {
            continue;
        }
        paths.sort();
        paths.dedup();
        // A change to chronicle.yaml is planned like any other (see
        // `plan::classify`): everything is linked and rendered again.
        let result = session.apply(&paths);
        publish(&shared, &session, result);
        watch_dirs(&mut debouncer);
    }
}
