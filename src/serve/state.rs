//! What the server and the watcher share: the site being served, the
//! errors of the last rebuild, and the channel to open pages.

use std::sync::atomic::{AtomicBool, AtomicU64};
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use crate::diagnostics::Diagnostic;
use crate::serve::live::Site;

/// A message to open pages.
#[derive(Debug, Clone)]
pub(super) enum Notice {
    Reload,
    Css(u64),
    Errors(String),
}

/// The state the HTTP handlers read and the watcher updates.
pub(super) struct Shared {
    /// The site served: `None` until a first good build.
    pub(super) site: RwLock<Option<Arc<Site>>>,
    pub(super) errors: RwLock<Vec<Diagnostic>>,
    pub(super) notices: broadcast::Sender<Notice>,
    /// Whether the chronicle has built without errors at least once; until
    /// then every request gets the errors instead of a site.
    pub(super) built: AtomicBool,
    /// Identifies this server process, so pages reload after a restart.
    pub(super) instance: String,
    pub(super) generation: AtomicU64,
}

/// Diagnostics as the JSON list of lines the error overlay shows.
pub(super) fn errors_json(errors: &[Diagnostic]) -> String {
    let lines: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
    serde_json::to_string(&lines).unwrap_or_else(|_| "[]".into())
}
