//! `chronicle serve`: live preview while writing.
//!
//! The chronicle is built in memory by a [`crate::serve::session::Session`] and served
//! from memory over HTTP (axum). A watcher (notify, waiting for a quiet moment so
//! that a burst of changes such as a `git checkout` gives one rebuild) feeds
//! changed paths to the session; after each rebuild, open pages are told over
//! server-sent events to reload (keeping their scroll position), to swap
//! their stylesheet, or to show the build's errors in an overlay. The
//! reload script is injected into HTML only here, never into `build` output.
//! On errors the last good site keeps being served.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::middleware;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{broadcast, watch, Semaphore};
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use crate::serve::host::{check_host, url_of};
use crate::serve::live::Site;
use crate::serve::pages::{lookup, plain, respond, unavailable, Lookup};
use crate::serve::session::Session;
use crate::serve::state::{errors_json, Notice, Shared};
use crate::serve::watch::{start_watching, watch};
use crate::serve::Error;
use crate::site::Options;

/// The path of the live-reload event stream.
pub const EVENTS_PATH: &str = "/__chronicle/events";

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

async fn serve_file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let site = shared.site.read().unwrap_or_else(|e| e.into_inner()).clone();
    let Some(site) = site.filter(|_| shared.built.load(Ordering::SeqCst)) else {
        if lookup(uri.path(), |_| false) == Lookup::Refused {
            return plain(StatusCode::BAD_REQUEST, "refused: the path leaves the site\n");
        }
        let errors = shared.errors.read().unwrap_or_else(|e| e.into_inner()).clone();
        return unavailable(uri.path(), &errors);
    };
    match lookup(uri.path(), |p| site.contains(p)) {
        Lookup::File(p) => file(site, p, StatusCode::OK).await,
        Lookup::Redirect(to) => {
            let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Lookup::Refused => plain(StatusCode::BAD_REQUEST, "refused: the path leaves the site\n"),
        Lookup::NotFound if site.contains("404.html") => file(site, "404.html".into(), StatusCode::NOT_FOUND).await,
        Lookup::NotFound => plain(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// The file at `path` of `site`, rendered (off the async threads) unless
/// it already was. A page whose template fails shows the error, as a
/// build would report it.
async fn file(site: Arc<Site>, path: String, status: StatusCode) -> Response {
    let wanted = path.clone();
    match tokio::task::spawn_blocking(move || site.get(&wanted)).await {
        Ok(Some(Ok(bytes))) => respond(status, &path, &bytes),
        Ok(Some(Err(error))) => {
            eprintln!("{error}");
            unavailable(&format!("/{path}"), &[error])
        }
        // Every arm answers: a file that went away in between is a 404, not a panic.
        _ => plain(StatusCode::NOT_FOUND, "not found\n"),
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

/// Binds the listener: the requested port, or 1111 falling back to a free one.
async fn bind(addr: IpAddr, port: Option<u16>) -> Result<tokio::net::TcpListener, Error> {
    let wanted = port.unwrap_or(DEFAULT_PORT);
    match tokio::net::TcpListener::bind(SocketAddr::new(addr, wanted)).await {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port.is_none() => {
            let l = tokio::net::TcpListener::bind(SocketAddr::new(addr, 0))
                .await
                .map_err(|source| Error::Listen { addr, port: 0, source })?;
            let got = l.local_addr().map(|a| a.port()).unwrap_or(0);
            eprintln!("port {wanted} is in use; using free port {got} instead");
            Ok(l)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => Err(Error::PortInUse { addr, port: wanted }),
        Err(source) => Err(Error::Listen {
            addr,
            port: wanted,
            source,
        }),
    }
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
pub fn run(mut opts: ServeOptions) -> Result<(), Error> {
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
        return Err(Error::NotAChronicle(opts.root));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(Error::Start)?;
    runtime.block_on(serve(opts))
}

async fn serve(opts: ServeOptions) -> Result<(), Error> {
    let listener = bind(opts.bind, opts.port).await?;
    let local = listener.local_addr().map_err(Error::Start)?;
    let url = url_of(local);
    let build_opts = Options {
        root: opts.root.clone(),
        out: None,
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        published: None,
    };
    let (session, first) = tokio::task::spawn_blocking(move || Session::new(build_opts))
        .await
        .map_err(Error::FirstBuild)?;
    let (notices, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        site: RwLock::new(session.site()),
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
            println!(
                "built {} files in {} ms (each page is rendered when it is first asked for)",
                r.pages, r.millis
            );
        }
        Err(errors) => {
            for d in &errors {
                eprintln!("{d}");
            }
            eprintln!("the chronicle has errors; fix them and the site appears");
            *shared.errors.write().unwrap_or_else(|e| e.into_inner()) = errors;
        }
    }
    let (watcher, rx) = start_watching(&opts.root, &session.watch_paths())?;
    let watcher_shared = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("chronicle-watch".into())
        .spawn(move || {
            watch(watcher, rx, session, watcher_shared);
        })
        .map_err(Error::Start)?;

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
