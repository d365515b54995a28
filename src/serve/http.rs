//! `chronicle serve`: live preview while writing.
//!
//! The chronicle is built in memory by a [`crate::serve::session::Session`] and served
//! from memory over HTTP (axum). A watcher (notify, with its debouncer, so a
//! burst of changes such as a `git checkout` gives one rebuild) feeds changed
//! paths to the session; after each rebuild, open pages are told over
//! server-sent events to reload (keeping their scroll position), to swap
//! their stylesheet, or to show the build's errors in an overlay. The
//! reload script is injected into HTML only here, never into `build` output.
//! On errors the last good site keeps being served.

use std::collections::BTreeSet;
use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, RwLock};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use tokio::sync::{broadcast, watch, Semaphore};
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use crate::config::CONFIG_FILE;
use crate::diagnostics::Diagnostic;
use crate::output::Files;
use crate::serve::session::{Rebuild, Session};
use crate::site::Options;

/// The path of the live-reload event stream.
pub const EVENTS_PATH: &str = "/__chronicle/events";

/// How old a file event must be before the debouncer hands it over, and how
/// often it looks, in ms. Kept short: this wait is part of every save.
const DEBOUNCE_MS: u64 = 10;
const TICK_MS: u64 = 4;

/// A rebuild starts once no further events came for this long, in ms, so a
/// burst (a `git checkout` writing 200 files) gives one rebuild, not many.
const SETTLE_MS: u64 = 8;

/// Default port, as Zola's.
pub const DEFAULT_PORT: u16 = 1111;

/// How long a client may take to send a request's headers, and how long a
/// kept-alive connection may sit idle before the next request, before it is
/// closed: a slow or silent socket cannot be held open for ever.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// At most this many connections are served at once (open tabs hold one
/// each for the live-reload stream); further ones wait in the listen queue
/// until a slot frees, so a flood of sockets cannot exhaust the process.
pub const MAX_CONNECTIONS: usize = 512;

/// After Ctrl-C, in-flight responses get this long to finish. The
/// live-reload streams never finish on their own, so this bounds the exit.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(1);

/// Test-only overrides of [`ServeOptions::header_timeout`] (in ms) and
/// [`ServeOptions::max_connections`], read by [`run`], so the integration
/// tests need not wait 10 s or open 512 sockets. Not meant for users.
const TEST_HEADER_TIMEOUT_ENV: &str = "CHRONICLE_TEST_HEADER_TIMEOUT_MS";
const TEST_MAX_CONNECTIONS_ENV: &str = "CHRONICLE_TEST_MAX_CONNECTIONS";

/// How `serve` is run.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// `None`: 1111, or a free port if that is taken. `Some(0)`: a free port.
    pub port: Option<u16>,
    pub open: bool,
    pub drafts: bool,
    /// See [`HEADER_TIMEOUT`].
    pub header_timeout: Duration,
    /// See [`MAX_CONNECTIONS`].
    pub max_connections: usize,
}

/// A message to open pages.
#[derive(Debug, Clone)]
enum Notice {
    Reload,
    Css(u64),
    Errors(String),
}

struct Shared {
    files: RwLock<Arc<Files>>,
    /// Output paths still being rendered after an early publish: requests
    /// for them wait until they are ready.
    pending: RwLock<BTreeSet<String>>,
    errors: RwLock<Vec<Diagnostic>>,
    notices: broadcast::Sender<Notice>,
    /// Whether the chronicle has built without errors at least once; until
    /// then every request gets the errors instead of a site.
    built: AtomicBool,
    /// Identifies this server process, so pages reload after a restart.
    instance: String,
    generation: AtomicU64,
}

/// The script injected into every HTML page served: live reload, stylesheet
/// swap, scroll position kept across reloads, and the error overlay.
const RELOAD_SCRIPT: &str = r#"<script>
(function () {
  "use strict";
  var KEY = "chronicle-scroll:" + location.pathname;
  var saved = sessionStorage.getItem(KEY);
  if (saved !== null) {
    sessionStorage.removeItem(KEY);
    var y = +saved;
    var restore = function () { window.scrollTo(0, y); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }
  var instance = null;
  var source = new EventSource("/__chronicle/events");
  function reload() {
    sessionStorage.setItem(KEY, String(window.scrollY));
    location.reload();
  }
  function hide() {
    var old = document.getElementById("chronicle-errors");
    if (old) old.parentNode.removeChild(old);
  }
  function show(errors) {
    hide();
    var box = document.createElement("div");
    box.id = "chronicle-errors";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;z-index:2147483647;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;" +
      "margin:0;padding:1rem 1.25rem;background:#2b0b0b;color:#ffe9e9;border-top:4px solid #e5484d;" +
      "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;box-shadow:0 -4px 24px rgba(0,0,0,.4)";
    var title = document.createElement("strong");
    title.textContent = "chronicle: the last change has " + errors.length + (errors.length === 1 ? " error" : " errors") +
      "; this page shows the last good build.";
    box.appendChild(title);
    var list = document.createElement("pre");
    list.style.cssText = "margin:.5rem 0 0;white-space:pre-wrap";
    list.textContent = errors.join("\n");
    box.appendChild(list);
    document.body.appendChild(box);
  }
  source.addEventListener("hello", function (e) {
    if (instance !== null && instance !== e.data) reload();
    instance = e.data;
  });
  source.addEventListener("reload", reload);
  source.addEventListener("css", function (e) {
    if (document.getElementById("chronicle-error-list")) { reload(); return; }
    hide();
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("v", e.data);
      links[i].href = url.toString();
    }
  });
  source.addEventListener("errors", function (e) {
    var errors = JSON.parse(e.data);
    var page = document.getElementById("chronicle-error-list");
    if (page) page.textContent = errors.join("\n"); else show(errors);
  });
  source.addEventListener("ok", hide);
})();
</script>
"#;

/// Inserts the reload script before `</body>` (or at the end).
fn inject(html: &[u8]) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + RELOAD_SCRIPT.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(RELOAD_SCRIPT.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The media type of an output file, by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" if path.ends_with("feed.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// What a request path maps to.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    /// The output file to send.
    File(String),
    /// Redirect a folder without its trailing slash.
    Redirect(String),
    NotFound,
    /// `..`, encoded traversal, backslashes or NUL: refused outright.
    Refused,
}

/// Maps a request path onto the site's files, refusing anything that tries
/// to leave the site. The site lives in memory, so nothing outside it could
/// be read anyway; refusing makes the intent plain.
pub fn lookup(raw_path: &str, files: &Files) -> Lookup {
    let Ok(path) = percent_encoding::percent_decode_str(raw_path).decode_utf8() else {
        return Lookup::Refused;
    };
    if !path.starts_with('/') || path.contains(['\\', '\0']) {
        return Lookup::Refused;
    }
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == ".." || *s == "." || s.contains(':')) {
        return Lookup::Refused;
    }
    let joined = segments.join("/");
    if joined.is_empty() {
        return if files.contains_key("index.html") {
            Lookup::File("index.html".into())
        } else {
            Lookup::NotFound
        };
    }
    if path.ends_with('/') {
        let index = format!("{joined}/index.html");
        return if files.contains_key(&index) {
            Lookup::File(index)
        } else {
            Lookup::NotFound
        };
    }
    if files.contains_key(&joined) {
        return Lookup::File(joined);
    }
    if files.contains_key(&format!("{joined}/index.html")) {
        // From the raw (still percent-encoded, so ASCII) segments: always a
        // valid Location, and never `//host/`, which a browser would read
        // as another site.
        let raw: Vec<&str> = raw_path.split('/').filter(|s| !s.is_empty()).collect();
        return Lookup::Redirect(format!("/{}/", raw.join("/")));
    }
    Lookup::NotFound
}

fn respond(status: StatusCode, path: &str, body: &[u8]) -> Response {
    let body = if path.ends_with(".html") {
        inject(body)
    } else {
        body.to_vec()
    };
    let mut r = (status, body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(path)));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    r
}

/// Whether a request path names a page (a folder, a name without an
/// extension, or `.html`) rather than a stylesheet, image or feed.
fn is_page_path(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    !last.contains('.') || content_type(last).starts_with("text/html")
}

/// The page served for every page request while the chronicle has never
/// built: its errors, and the reload script, so the tab turns into the site
/// as soon as a save fixes them.
fn errors_page(errors: &[Diagnostic]) -> Vec<u8> {
    let lines: Vec<String> = errors.iter().map(|d| crate::html::escape(&d.to_string())).collect();
    let list = if lines.is_empty() {
        "the first build has not finished yet".to_string()
    } else {
        lines.join("\n")
    };
    let page = format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>chronicle: the chronicle has errors</title>
<style>
body {{ margin: 0; padding: 2rem 1.25rem; background: #2b0b0b; color: #ffe9e9; font: 16px/1.5 system-ui, sans-serif; }}
main {{ max-width: 60rem; margin: 0 auto; }}
h1 {{ font-size: 1.4rem; margin: 0 0 .5rem; }}
pre {{ white-space: pre-wrap; padding: 1rem; background: #1a0606; border-left: 4px solid #e5484d; font: 14px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }}
</style>
</head>
<body>
<main>
<h1>The chronicle has errors</h1>
<p>There is no site to show yet. Fix these in your editor and save: this page reloads into the site.</p>
<pre id="chronicle-error-list">{list}</pre>
</main>
</body>
</html>
"#
    );
    inject(page.as_bytes())
}

/// The answer to every request while there is no good build yet.
fn unavailable(path: &str, errors: &[Diagnostic]) -> Response {
    let mut r = if is_page_path(path) {
        let mut r = (StatusCode::SERVICE_UNAVAILABLE, errors_page(errors)).into_response();
        r.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        r
    } else {
        let mut text = String::from("the chronicle has errors, so there is no site yet:\n");
        for d in errors {
            text.push_str(&d.to_string());
            text.push('\n');
        }
        plain(StatusCode::SERVICE_UNAVAILABLE, text)
    };
    let h = r.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    r
}

/// A plain-text response.
fn plain(status: StatusCode, text: impl Into<String>) -> Response {
    let mut r = (status, text.into()).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    r
}

async fn serve_file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    if !shared.built.load(Ordering::SeqCst) {
        let files = Files::new();
        if lookup(uri.path(), &files) == Lookup::Refused {
            return plain(StatusCode::BAD_REQUEST, "refused: the path leaves the site\n");
        }
        let errors = shared.errors.read().unwrap_or_else(|e| e.into_inner()).clone();
        return unavailable(uri.path(), &errors);
    }
    let mut files = Arc::clone(&shared.files.read().unwrap_or_else(|e| e.into_inner()));
    let mut found = lookup(uri.path(), &files);
    if let Lookup::File(p) = &found {
        // A page still being rendered after an early reload: wait for it
        // (bounded), then serve the fresh version.
        for _ in 0..2000 {
            if !shared.pending.read().unwrap_or_else(|e| e.into_inner()).contains(p) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        files = Arc::clone(&shared.files.read().unwrap_or_else(|e| e.into_inner()));
        found = lookup(uri.path(), &files);
    }
    // Every arm answers: a file that went away in between is a 404, not a panic.
    let found = match found {
        Lookup::File(p) if !files.contains_key(&p) => Lookup::NotFound,
        f => f,
    };
    match found {
        Lookup::File(p) => match files.get(&p) {
            Some(body) => respond(StatusCode::OK, &p, body),
            None => plain(StatusCode::NOT_FOUND, "not found\n"),
        },
        Lookup::Redirect(to) => {
            let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Lookup::Refused => plain(StatusCode::BAD_REQUEST, "refused: the path leaves the site\n"),
        Lookup::NotFound => match files.get("404.html") {
            Some(page) => respond(StatusCode::NOT_FOUND, "404.html", page),
            None => plain(StatusCode::NOT_FOUND, "not found\n"),
        },
    }
}

async fn events(State(shared): State<Arc<Shared>>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let mut first = vec![Event::default().event("hello").data(shared.instance.clone())];
    let errors = shared.errors.read().unwrap_or_else(|e| e.into_inner()).clone();
    if !errors.is_empty() {
        first.push(Event::default().event("errors").data(errors_json(&errors)));
    }
    let updates = BroadcastStream::new(shared.notices.subscribe()).filter_map(|n| {
        let event = match n.ok()? {
            Notice::Reload => Event::default().event("reload").data("1"),
            Notice::Css(v) => Event::default().event("css").data(v.to_string()),
            Notice::Errors(json) => Event::default().event("errors").data(json),
        };
        Some(Ok(event))
    });
    let stream = tokio_stream::iter(first.into_iter().map(Ok)).chain(updates);
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn errors_json(errors: &[Diagnostic]) -> String {
    let lines: Vec<String> = errors.iter().map(|d| d.to_string()).collect();
    serde_json::to_string(&lines).unwrap_or_else(|_| "[]".into())
}

fn print_errors(errors: &[Diagnostic]) {
    for d in errors {
        eprintln!("{d}");
    }
    let n = errors.iter().filter(|d| d.is_error()).count();
    eprintln!(
        "rebuild failed: {n} error{}; still serving the last good site",
        if n == 1 { "" } else { "s" }
    );
}

/// Publishes the edited pages before the rest is rendered: open tabs reload
/// at once, and requests for pages still pending wait for them.
fn publish_early(shared: &Shared, files: Arc<Files>, pending: BTreeSet<String>) {
    *shared.pending.write().unwrap_or_else(|e| e.into_inner()) = pending;
    *shared.files.write().unwrap_or_else(|e| e.into_inner()) = files;
    shared.errors.write().unwrap_or_else(|e| e.into_inner()).clear();
    shared.built.store(true, Ordering::SeqCst);
    let _ = shared.notices.send(Notice::Reload);
}

/// Publishes a rebuild's outcome to the shared state and open pages.
fn publish(shared: &Shared, session: &Session, result: Result<Rebuild, Vec<Diagnostic>>, reloaded: bool) {
    shared.pending.write().unwrap_or_else(|e| e.into_inner()).clear();
    match result {
        Ok(r) if r.changed.is_empty() && r.pages == 0 && !r.css_only && shared.built.load(Ordering::SeqCst) => {}
        Ok(r) => {
            for w in &r.warnings {
                eprintln!("{w}");
            }
            println!("{}", r.line());
            *shared.files.write().unwrap_or_else(|e| e.into_inner()) = session.files();
            shared.errors.write().unwrap_or_else(|e| e.into_inner()).clear();
            shared.built.store(true, Ordering::SeqCst);
            let generation = shared.generation.fetch_add(1, Ordering::SeqCst) + 1;
            if !reloaded {
                let _ = shared.notices.send(if r.css_only {
                    Notice::Css(generation)
                } else {
                    Notice::Reload
                });
            }
        }
        Err(errors) => {
            print_errors(&errors);
            let json = errors_json(&errors);
            *shared.errors.write().unwrap_or_else(|e| e.into_inner()) = errors;
            let _ = shared.notices.send(Notice::Errors(json));
        }
    }
}

type Debouncer = notify_debouncer_full::Debouncer<notify::RecommendedWatcher, notify_debouncer_full::RecommendedCache>;

/// Starts watching the chronicle's sources. Watches are in place when this
/// returns, so no change made after the server announces itself is missed.
fn start_watching(root: &Path, dirs: &[PathBuf]) -> Result<(Debouncer, mpsc::Receiver<DebounceEventResult>), String> {
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(
        Duration::from_millis(DEBOUNCE_MS),
        Some(Duration::from_millis(TICK_MS)),
        tx,
    )
    .map_err(|e| e.to_string())?;
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        debouncer
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
    }
    Ok((debouncer, rx))
}

/// Rebuilds on every burst of changes, for as long as the server runs.
fn watch(
    mut debouncer: Debouncer,
    rx: mpsc::Receiver<DebounceEventResult>,
    mut session: Session,
    shared: Arc<Shared>,
) -> Result<(), String> {
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
        let config_changed = paths.iter().any(|p| p.file_name().is_some_and(|n| n == CONFIG_FILE));
        let mut reloaded = false;
        let result = if config_changed {
            session.rebuild_all()
        } else {
            session.apply_with(&paths, &mut |files, pending| {
                publish_early(&shared, files, pending);
                reloaded = true;
            })
        };
        publish(&shared, &session, result, reloaded);
        watch_dirs(&mut debouncer);
    }
    Ok(())
}

/// Binds the listener: the requested port, or 1111 falling back to a free one.
async fn bind(addr: IpAddr, port: Option<u16>) -> Result<tokio::net::TcpListener, String> {
    let wanted = port.unwrap_or(DEFAULT_PORT);
    match tokio::net::TcpListener::bind(SocketAddr::new(addr, wanted)).await {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port.is_none() => {
            let l = tokio::net::TcpListener::bind(SocketAddr::new(addr, 0))
                .await
                .map_err(|e| e.to_string())?;
            let got = l.local_addr().map(|a| a.port()).unwrap_or(0);
            eprintln!("port {wanted} is in use; using free port {got} instead");
            Ok(l)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => Err(format!(
            "port {wanted} on {addr} is already in use; choose another with --port, or --port 0 for any free port"
        )),
        Err(e) => Err(format!("cannot listen on {addr}:{wanted}: {e}")),
    }
}

/// Whether a request's `Host` (or the authority of an absolute request
/// target) may be answered by a server listening on `local`.
///
/// On a loopback address only names of this machine are accepted:
/// `localhost`, `127.0.0.1`, `[::1]` and the bound address, each with or
/// without the bound port. A web page that points a name it controls at
/// 127.0.0.1 (DNS rebinding) sends its own name, and is refused. On any
/// other address the user chose to expose the preview, and every name is
/// accepted. No `Host` at all (HTTP/1.0) is accepted.
pub fn host_allowed(host: Option<&str>, local: SocketAddr) -> bool {
    if !local.ip().is_loopback() {
        return true;
    }
    let Some(host) = host.map(str::trim).filter(|h| !h.is_empty()) else {
        return true;
    };
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let Some((inside, after)) = rest.split_once(']') else {
            return false;
        };
        match after {
            "" => (inside, None),
            _ => match after.strip_prefix(':') {
                Some(p) => (inside, Some(p)),
                None => return false,
            },
        }
    } else if host.contains('[') || host.contains(']') || host.matches(':').count() > 1 {
        // A bare IPv6 address is not a valid Host; neither is a stray bracket.
        return false;
    } else {
        match host.split_once(':') {
            Some((n, p)) => (n, Some(p)),
            None => (host, None),
        }
    };
    if let Some(p) = port {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.parse::<u16>().ok() != Some(local.port()) {
            return false;
        }
    }
    let name = name.to_ascii_lowercase();
    let bracketed = host.starts_with('[');
    if !bracketed && (name == "localhost" || name == "localhost.") {
        return true;
    }
    // Only an address written exactly as an address (no `127.0.0.1.evil`,
    // no `0x7f.1`): it must parse, and IPv6 only inside brackets.
    match name.parse::<IpAddr>() {
        Ok(ip @ IpAddr::V4(_)) if !bracketed => ip == Ipv4Addr::LOCALHOST || ip == local.ip(),
        Ok(ip @ IpAddr::V6(_)) if bracketed => ip == Ipv6Addr::LOCALHOST || ip == local.ip(),
        _ => false,
    }
}

/// The address a refused request is told to use instead.
fn url_of(local: SocketAddr) -> String {
    match local.ip() {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", local.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", local.port()),
    }
}

/// Refuses requests whose `Host` does not name this machine (see
/// [`host_allowed`]). Runs before every route: pages, static files and the
/// event stream alike.
async fn check_host(State(local): State<SocketAddr>, req: Request, next: Next) -> Response {
    // Every `Host` header (a request may repeat it) and the authority of an
    // absolute request target (`GET http://name/`) must name this machine.
    let hosts_ok = req
        .headers()
        .get_all(header::HOST)
        .iter()
        .all(|h| h.to_str().is_ok_and(|h| host_allowed(Some(h), local)));
    let authority = req.uri().authority().map(|a| a.as_str());
    if hosts_ok && host_allowed(authority, local) {
        next.run(req).await
    } else {
        refuse_host(local)
    }
}

fn refuse_host(local: SocketAddr) -> Response {
    plain(
        StatusCode::MISDIRECTED_REQUEST,
        format!(
            "chronicle serve answers only requests addressed to this machine (a guard against DNS rebinding).\n\
             Open {} instead, or pass --bind with a non-loopback address (such as 0.0.0.0) to listen more widely and accept any Host.\n",
            url_of(local)
        ),
    )
}

/// Limits of the accept loop.
#[derive(Debug, Clone, Copy)]
struct Limits {
    header_timeout: Duration,
    max_connections: usize,
}

/// Serves `app` on `listener` over HTTP/1.1 until `shutdown` completes:
/// slow headers and idle keep-alive connections time out, at most
/// `max_connections` are served at once. Responses already streaming (the
/// live-reload events) are not cut by the header timeout.
async fn accept_loop(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let max = limits.max_connections.clamp(1, 1 << 20);
    let slots = Arc::new(Semaphore::new(max));
    let (stop, stopped) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            _ = &mut shutdown => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(s) => s,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: wait rather
                    // than spin, and keep serving.
                    if !matches!(
                        e.kind(),
                        std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
                    ) {
                        eprintln!("cannot accept a connection: {e}");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    continue;
                }
            },
        };
        let service = TowerToHyperService::new(app.clone());
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .keep_alive(true);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => return,
                _ = stopped.changed() => conn.as_mut().graceful_shutdown(),
            }
            let _ = conn.await;
        });
    }
    drop(listener);
    let _ = stop.send(true);
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, slots.acquire_many(max as u32)).await;
}

/// Runs the preview server until interrupted.
pub fn run(mut opts: ServeOptions) -> Result<(), String> {
    if let Some(ms) = std::env::var(TEST_HEADER_TIMEOUT_ENV).ok().and_then(|v| v.parse().ok()) {
        opts.header_timeout = Duration::from_millis(ms);
    }
    if let Some(n) = std::env::var(TEST_MAX_CONNECTIONS_ENV)
        .ok()
        .and_then(|v| v.parse().ok())
    {
        opts.max_connections = n;
    }
    if !crate::site::is_chronicle(&opts.root) {
        return Err(format!(
            "{} has no {CONFIG_FILE}; run serve from a chronicle's folder or pass --root",
            opts.root.display()
        ));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(serve(opts))
}

async fn serve(opts: ServeOptions) -> Result<(), String> {
    let listener = bind(opts.bind, opts.port).await?;
    let local = listener.local_addr().map_err(|e| e.to_string())?;
    let url = url_of(local);
    let build_opts = Options {
        root: opts.root.clone(),
        out: None,
        base_url: Some(url.clone()),
        drafts: opts.drafts,
    };
    let (session, first) = tokio::task::spawn_blocking(move || Session::new(build_opts))
        .await
        .map_err(|e| e.to_string())?;
    let (notices, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        files: RwLock::new(session.files()),
        pending: RwLock::new(BTreeSet::new()),
        errors: RwLock::new(Vec::new()),
        notices,
        instance: format!(
            "{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or(0)
        ),
        built: AtomicBool::new(first.is_ok()),
        generation: AtomicU64::new(0),
    });
    match first {
        Ok(r) => {
            for w in &r.warnings {
                eprintln!("{w}");
            }
            println!("built {} pages in {} ms", r.pages, r.millis);
        }
        Err(errors) => {
            for d in &errors {
                eprintln!("{d}");
            }
            eprintln!("the chronicle has errors; fix them and the site appears");
            *shared.errors.write().unwrap_or_else(|e| e.into_inner()) = errors;
        }
    }
    let (debouncer, rx) = start_watching(&opts.root, &session.watch_paths())?;
    let watcher_shared = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("chronicle-watch".into())
        .spawn(move || {
            if let Err(e) = watch(debouncer, rx, session, watcher_shared) {
                eprintln!("error: {e}; changes will not be picked up");
            }
        })
        .map_err(|e| e.to_string())?;

    println!("serving {} at {url} (Ctrl-C to stop)", display_root(&opts.root));
    if opts.open {
        if let Err(e) = open::that_detached(&url) {
            eprintln!("could not open a browser: {e}");
        }
    }
    if !local.ip().is_loopback() {
        println!(
            "listening on {}: any Host is answered; anyone who can reach it sees the preview",
            local.ip()
        );
    }
    let app = Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(get(serve_file))
        .with_state(shared)
        .layer(middleware::from_fn_with_state(local, check_host));
    let limits = Limits {
        header_timeout: opts.header_timeout,
        max_connections: opts.max_connections,
    };
    accept_loop(listener, app, limits, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}

fn display_root(root: &Path) -> String {
    std::fs::canonicalize(root)
        .unwrap_or_else(|_| root.to_path_buf())
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Files {
        ["index.html", "entries/a/index.html", "style.css", "404.html"]
            .iter()
            .map(|p| (p.to_string(), Arc::from(&b"x"[..])))
            .collect()
    }

    #[test]
    fn lookups() {
        let f = files();
        assert_eq!(lookup("/", &f), Lookup::File("index.html".into()));
        assert_eq!(lookup("/entries/a/", &f), Lookup::File("entries/a/index.html".into()));
        assert_eq!(lookup("/entries/a", &f), Lookup::Redirect("/entries/a/".into()));
        assert_eq!(lookup("/style.css", &f), Lookup::File("style.css".into()));
        assert_eq!(lookup("/nope/", &f), Lookup::NotFound);
    }

    #[test]
    fn traversal_is_refused() {
        let f = files();
        for p in [
            "/../etc/passwd",
            "/entries/../../x",
            "/%2e%2e/etc/passwd",
            "/a%5c..%5cb",
            "/%00",
            "/C:/x",
            "/a/./b",
        ] {
            assert_eq!(lookup(p, &f), Lookup::Refused, "{p}");
        }
    }

    #[test]
    fn root_without_an_index_is_not_found() {
        let f: Files = [("style.css".to_string(), Arc::from(&b"x"[..]))].into_iter().collect();
        assert_eq!(lookup("/", &f), Lookup::NotFound);
        assert_eq!(lookup("/index.html", &f), Lookup::NotFound);
    }

    #[test]
    fn redirects_stay_on_this_site_and_are_valid_headers() {
        let mut f = files();
        f.insert("entries/é/index.html".into(), Arc::from(&b"x"[..]));
        // `//entries` must not become `//entries/`, another host to a browser.
        assert_eq!(lookup("//entries/a", &f), Lookup::Redirect("/entries/a/".into()));
        let Lookup::Redirect(to) = lookup("/entries/%C3%A9", &f) else {
            panic!("a redirect")
        };
        assert_eq!(to, "/entries/%C3%A9/");
        assert!(HeaderValue::from_str(&to).is_ok());
    }

    fn local(addr: &str) -> SocketAddr {
        addr.parse().unwrap()
    }

    #[test]
    fn loopback_accepts_only_local_names() {
        let v4 = local("127.0.0.1:4321");
        for host in [
            "localhost",
            "localhost:4321",
            "LocalHost:4321",
            "localhost.",
            "localhost.:4321",
            "127.0.0.1",
            "127.0.0.1:4321",
            "[::1]",
            "[::1]:4321",
            " 127.0.0.1:4321 ",
        ] {
            assert!(host_allowed(Some(host), v4), "{host} should be accepted");
        }
        for host in [
            "evil.example",
            "evil.example:4321",
            "127.0.0.1.evil.example",
            "127.0.0.1.evil.example:4321",
            "localhost.evil.example",
            "evil-localhost",
            "localhost:80",
            "localhost:1111",
            "127.0.0.1:4322",
            "127.0.0.1:",
            "127.0.0.1:+4321",
            "127.0.0.1:4321:4321",
            "127.0.0.2:4321",
            "0x7f.0.0.1:4321",
            "2130706433:4321",
            "0.0.0.0:4321",
            "::1",
            "[::1",
            "[::1]x",
            "[127.0.0.1]:4321",
            "[localhost]:4321",
            "[::ffff:7f00:1]:4321",
            "localhost..",
            "user@localhost:4321",
        ] {
            assert!(!host_allowed(Some(host), v4), "{host} should be refused");
        }
    }

    #[test]
    fn loopback_accepts_its_own_address_and_a_missing_host() {
        assert!(host_allowed(None, local("127.0.0.1:80")));
        assert!(host_allowed(Some(""), local("127.0.0.1:80")));
        assert!(host_allowed(Some("127.0.0.5:80"), local("127.0.0.5:80")));
        let v6 = local("[::1]:4321");
        assert!(host_allowed(Some("[::1]:4321"), v6));
        assert!(host_allowed(Some("[0:0:0:0:0:0:0:1]:4321"), v6));
        assert!(host_allowed(Some("localhost:4321"), v6));
        assert!(host_allowed(Some("127.0.0.1:4321"), v6));
        assert!(!host_allowed(Some("evil.example:4321"), v6));
    }

    #[test]
    fn a_wider_bind_accepts_any_host() {
        for bind in ["0.0.0.0:4321", "192.168.1.20:4321", "[::]:4321"] {
            assert!(host_allowed(Some("evil.example"), local(bind)), "{bind}");
            assert!(host_allowed(Some("my-laptop.lan:4321"), local(bind)), "{bind}");
        }
    }

    #[test]
    fn the_errors_page_escapes_and_reloads() {
        let errors = [Diagnostic::error(
            "content/entries/x.md",
            3,
            7,
            "unknown actor `<script>alert(\"&\")</script>`",
        )];
        let page = String::from_utf8(errors_page(&errors)).unwrap();
        assert!(page.contains("unknown actor `&lt;script&gt;alert(&quot;&amp;&quot;)&lt;/script&gt;`"));
        assert!(!page.contains("<script>alert"));
        assert!(page.contains(EVENTS_PATH), "carries the reload script");
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("</script>\n</body>"));
    }

    #[test]
    fn pages_and_assets_are_told_apart() {
        for p in [
            "/",
            "/entries/a/",
            "/entries/a",
            "/about.html",
            "/x.HTM",
            "/no/such/page",
        ] {
            assert!(is_page_path(p), "{p}");
        }
        for p in ["/style.css", "/feed.xml", "/search.json", "/img/a.png", "/favicon.ico"] {
            assert!(!is_page_path(p), "{p}");
        }
    }

    #[test]
    fn script_goes_before_body_end() {
        let out = String::from_utf8(inject(b"<html><body><p>x</p></body></html>")).unwrap();
        assert!(out.contains("</script>\n</body>"));
        assert!(out.starts_with("<html><body><p>x</p><script>"));
    }
}
