//! `check --external` against a local HTTP server started by each test, on
//! 127.0.0.1: 200, 404, 410, a permanent redirect, a chain of temporary
//! ones, a redirect loop, a slow answer, HEAD refused, a server error that
//! passes, and a port where nothing listens. Nothing here leaves the
//! machine: the proxy variables are removed, so no request goes anywhere
//! but the local server.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::util::{Run, Site, BIN};

/// What the server has seen: each request's method and path, and the most
/// requests it ever handled at once.
#[derive(Default)]
struct Seen {
    requests: Mutex<Vec<(String, String)>>,
    now: AtomicUsize,
    most: AtomicUsize,
    flaky: AtomicUsize,
    busy: AtomicUsize,
}

/// A small HTTP/1.1 server on 127.0.0.1, one thread per connection, each
/// answered and closed.
struct Server {
    addr: SocketAddr,
    seen: Arc<Seen>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Seen::default());
        let stop = Arc::new(AtomicBool::new(false));
        let (s, st) = (seen.clone(), stop.clone());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if st.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let s = s.clone();
                std::thread::spawn(move || serve(conn, &s));
            }
        });
        Server { addr, seen, stop }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn requests(&self) -> Vec<(String, String)> {
        self.seen.requests.lock().unwrap().clone()
    }

    fn count(&self) -> usize {
        self.seen.requests.lock().unwrap().len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
    }
}

fn serve(mut conn: TcpStream, seen: &Seen) {
    conn.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut first = head.lines().next().unwrap_or("").split(' ');
    let method = first.next().unwrap_or("").to_string();
    let path = first.next().unwrap_or("").to_string();
    // A slow answer is given up by the client after its timeout, while
    // this thread sleeps on: it is not counted as in flight.
    let counted = path != "/slow";
    if counted {
        let now = seen.now.fetch_add(1, Ordering::SeqCst) + 1;
        seen.most.fetch_max(now, Ordering::SeqCst);
    }
    seen.requests.lock().unwrap().push((method.clone(), path.clone()));
    let (status, location): (&str, Option<&str>) = match path.as_str() {
        "/ok" | "/ok?archived" => ("200 OK", None),
        "/missing" => ("404 Not Found", None),
        "/gone" => ("410 Gone", None),
        "/moved" => ("301 Moved Permanently", Some("/ok")),
        "/temp1" => ("302 Found", Some("/temp2")),
        "/temp2" => ("302 Found", Some("/ok")),
        "/loop-a" => ("302 Found", Some("/loop-b")),
        "/loop-b" => ("302 Found", Some("/loop-a")),
        chain if chain.starts_with("/chain/") => {
            let n: usize = chain["/chain/".len()..].parse().unwrap_or(0);
            let next = format!("/chain/{}", n + 1);
            let response =
                format!("HTTP/1.1 302 Found\r\nConnection: close\r\nContent-Length: 0\r\nLocation: {next}\r\n\r\n");
            let _ = conn.write_all(response.as_bytes());
            seen.now.fetch_sub(1, Ordering::SeqCst);
            return;
        }
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", None)
        }
        "/no-head" if method == "HEAD" => ("405 Method Not Allowed", None),
        "/no-head" => ("200 OK", None),
        // A server error the first time, then fine: the retry settles it.
        "/flaky" if seen.flaky.fetch_add(1, Ordering::SeqCst) == 0 => ("503 Service Unavailable", None),
        "/flaky" => ("200 OK", None),
        // Too many requests the first time: come back in a second.
        "/busy" if seen.busy.fetch_add(1, Ordering::SeqCst) == 0 => ("429 Too Many Requests", None),
        "/busy" => ("200 OK", None),
        _ => ("404 Not Found", None),
    };
    let mut response = format!("HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: 0\r\n");
    if status.starts_with("429") {
        response.push_str("Retry-After: 1\r\n");
    }
    if let Some(l) = location {
        response.push_str(&format!("Location: {l}\r\n"));
    }
    response.push_str("\r\n");
    let _ = conn.write_all(response.as_bytes());
    if counted {
        seen.now.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A port on 127.0.0.1 where nothing listens.
fn closed_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

/// Runs `chronicle --root ROOT ARGS` with short pauses and no proxy, so
/// requests go straight to the local server.
fn run(site: &Site, args: &[&str]) -> Run {
    let root = site.root();
    let mut cmd = Command::new(BIN);
    cmd.arg("--root").arg(&root).args(args);
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    let out = cmd
        .env_remove("CHRONICLE_TIMINGS")
        .env("CHRONICLE_LINK_DELAY", "5ms")
        .env("CHRONICLE_LINK_BACKOFF", "20ms")
        .stdin(Stdio::null())
        .output()
        .expect("run chronicle");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const ENTRY: &str = "content/entries/2025-01-01-e.md";

/// A chronicle whose sources and links point at `server` (and at `refused`,
/// where nothing listens).
fn chronicle(server: &Server, refused: u16) -> Site {
    let site = Site::empty();
    let u = |p: &str| server.url(p);
    site.write(
        "chronicle.yaml",
        &format!(
            "title: Links\nbase_url: /\nintro: |\n  Start with [the overview]({}).\n",
            u("/temp1")
        ),
    );
    site.write(
        "content/actors/a.md",
        &format!(
            "---\nname: A\n---\nA profile, also at <{}>.\nThen [the long way]({}).\n",
            u("/no-head"),
            u("/chain/0")
        ),
    );
    site.write(
        ENTRY,
        &format!(
            "---
title: E
date: 2025-01-01
actors: [a]
sources:
  - title: Fine
    url: {ok}
  - title: Missing
    url: {missing}
    archive_url: {archived}
  - title: Gone
    url: {gone}
  - title: Moved
    url: {moved}
  - title: Slow
    url: {slow}
  - title: Refused
    url: http://127.0.0.1:{refused}/
  - title: Flaky
    url: {flaky}
  - title: Busy
    url: {busy}
---
A [loop]({loop_a}) and [the missing page again]({missing}#part).
",
            ok = u("/ok"),
            missing = u("/missing"),
            archived = u("/ok?archived"),
            gone = u("/gone"),
            moved = u("/moved"),
            slow = u("/slow"),
            flaky = u("/flaky"),
            busy = u("/busy"),
            loop_a = u("/loop-a"),
        ),
    );
    site
}

/// `path:line:col` of the first `needle` in the file `rel` after `after`.
fn at(site: &Site, rel: &str, after: &str, needle: &str) -> String {
    let text = site.read(rel);
    let from = text.find(after).unwrap_or_else(|| panic!("no {after:?} in {rel}"));
    let i = from
        + text[from..]
            .find(needle)
            .unwrap_or_else(|| panic!("no {needle:?} in {rel}"));
    let before = &text[..i];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{rel}:{line}:{col}")
}

const SHORT: [&str; 3] = ["check", "--external", "--timeout=300ms"];

fn args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = SHORT.to_vec();
    v.extend_from_slice(extra);
    v
}

#[test]
fn every_kind_of_answer_is_reported_where_the_address_is_written() {
    let server = Server::start();
    let refused = closed_port();
    let site = chronicle(&server, refused);
    let u = |p: &str| server.url(p);
    let r = run(&site, &args(&[]));
    r.assert_ok();
    let wayback = "add an archived copy (archive_url:), e.g. from the Wayback Machine";
    let mut expected = vec![
        format!(
            "{}: warning: source URL {m} is dead (404 Not Found); its archived copy: {a}",
            at(&site, ENTRY, "title: Missing", "http"),
            m = u("/missing"),
            a = u("/ok?archived")
        ),
        format!(
            "{}: warning: source URL {} is dead (410 Gone); {wayback}",
            at(&site, ENTRY, "title: Gone", "http"),
            u("/gone")
        ),
        format!(
            "{}: warning: source URL {} moved permanently to {}: update the link",
            at(&site, ENTRY, "title: Moved", "http"),
            u("/moved"),
            u("/ok")
        ),
        format!(
            "{}: warning: source URL {} could not be checked (no answer in time, twice)",
            at(&site, ENTRY, "title: Slow", "http"),
            u("/slow")
        ),
        format!(
            "{}: warning: source URL http://127.0.0.1:{refused}/ is dead (connection refused); {wayback}",
            at(&site, ENTRY, "title: Refused", "http"),
        ),
        format!(
            "{}: warning: link {} is dead (a redirect loop through {}); link an archived copy instead, e.g. from the Wayback Machine",
            at(&site, ENTRY, "A [loop]", "http"),
            u("/loop-a"),
            u("/loop-a")
        ),
        format!(
            "{}: warning: link {} is dead (more than 10 redirects); link an archived copy instead, e.g. from the Wayback Machine",
            at(&site, "content/actors/a.md", "the long way", "http"),
            u("/chain/0")
        ),
        format!(
            "{}: warning: link {}#part is dead (404 Not Found); its archived copy: {}",
            at(&site, ENTRY, "the missing page again", "http"),
            u("/missing"),
            u("/ok?archived")
        ),
    ];
    expected.sort();
    let mut warnings = r.warnings();
    warnings.sort();
    assert_eq!(warnings, expected, "{r}");
    assert!(r.errors().is_empty(), "{r}");
    let summary = r.stdout.lines().last().unwrap();
    assert!(
        summary.starts_with("checked 13 links on 1 host: 6 ok, 1 moved, 5 dead, 1 not checked ("),
        "{r}"
    );
    assert!(summary.ends_with(", 0 from cache)"), "{r}");
    assert!(r.stdout.contains("checked 1 entry"), "the plain check ran first: {r}");
    assert!(
        !r.stderr.contains("checking links"),
        "no progress line when stderr is not a terminal: {r}"
    );

    let seen = server.requests();
    let on = |path: &str| -> Vec<&str> {
        seen.iter()
            .filter(|(_, p)| p == path)
            .map(|(m, _)| m.as_str())
            .collect()
    };
    assert_eq!(on("/no-head"), ["HEAD", "GET"], "HEAD refused, then GET");
    assert_eq!(on("/flaky"), ["HEAD", "HEAD"], "a 503 is tried once more");
    assert_eq!(
        on("/busy"),
        ["HEAD", "HEAD"],
        "a 429 is tried again after its Retry-After"
    );
    assert_eq!(on("/slow"), ["HEAD", "HEAD"], "a timeout is tried once more");
    assert_eq!(on("/missing"), ["HEAD"], "one request for an address written twice");
    assert_eq!(on("/temp2").len(), 1, "temporary redirects are followed");
    assert_eq!(on("/chain/10").len(), 1, "10 redirects are followed, and no more");
    assert!(on("/chain/11").is_empty());
    assert_eq!(
        server.seen.most.load(Ordering::SeqCst),
        1,
        "one request at a time to a host"
    );
    // The intro's link went 302 → 302 → 200 and is fine: nothing said.
    assert!(!r.stderr.contains("chronicle.yaml"), "{r}");
}

#[test]
fn the_cache_answers_a_rerun_and_cache_age_0_asks_again() {
    let server = Server::start();
    let refused = closed_port();
    let site = chronicle(&server, refused);
    run(&site, &args(&[])).assert_ok();
    let first = server.count();
    let cache = site.read(".chronicle/link-cache.json");
    assert!(cache.contains(&server.url("/missing")), "{cache}");
    assert!(
        !cache.contains("/slow"),
        "an address not checked is not cached: {cache}"
    );

    // Only the address that could not be checked is asked about again.
    let r = run(&site, &args(&[]));
    r.assert_ok();
    let again: Vec<_> = server.requests()[first..].iter().map(|(_, p)| p.clone()).collect();
    assert_eq!(again, ["/slow", "/slow"], "{r}");
    assert!(r.stdout.contains("12 from cache)"), "{r}");
    assert_eq!(r.warnings().len(), 8, "cached answers are reported the same: {r}");

    // Without the slow source, a rerun sends no request at all.
    let text = site
        .read(ENTRY)
        .replace(&format!("    url: {}\n", server.url("/slow")), "");
    site.write(ENTRY, &text);
    let before = server.count();
    let r = run(&site, &args(&[]));
    r.assert_ok();
    assert_eq!(server.count(), before, "a rerun asks nothing: {r}");
    assert!(r.stdout.contains("12 from cache)"), "{r}");

    // `--cache-age 0` asks about everything again.
    let r = run(&site, &args(&["--cache-age", "0"]));
    r.assert_ok();
    assert!(server.count() > before + 8, "{r}");
    assert!(r.stdout.contains(", 0 from cache)"), "{r}");

    // The state folder is never published.
    let (b, out) = site.build_to("out", &[]);
    b.assert_ok();
    assert!(!out.dir.join(".chronicle").exists());
}

#[test]
fn strict_makes_dead_links_errors_and_fails() {
    let server = Server::start();
    let site = chronicle(&server, closed_port());
    let r = run(&site, &args(&["--strict"]));
    r.assert_fails();
    let errors = r.errors();
    assert_eq!(errors.len(), 6, "{r}");
    assert!(errors.iter().all(|l| l.contains(" is dead (")), "{r}");
    assert_eq!(r.warnings().len(), 2, "moved and not checked stay warnings: {r}");
    r.stderr_line("check failed: 5 dead links (--strict)");
}

#[test]
fn quiet_prints_the_diagnostics_only() {
    let server = Server::start();
    let site = chronicle(&server, closed_port());
    let r = run(&site, &args(&["--quiet"]));
    r.assert_ok();
    assert_eq!(r.stdout, "", "{r}");
    assert!(!r.stderr.is_empty());
    assert!(
        r.stderr.lines().all(|l| l.contains(": warning: ")),
        "only diagnostics: {r}"
    );
    let r = run(&site, &args(&["--quiet", "--strict", "--cache-age=1h"]));
    r.assert_fails();
    assert_eq!(r.stdout, "", "{r}");
    assert!(
        r.stderr
            .lines()
            .all(|l| l.contains(": warning: ") || l.contains(": error: ")),
        "{r}"
    );
}

#[test]
fn a_plain_check_sends_nothing_and_the_flags_are_checked() {
    let server = Server::start();
    let site = chronicle(&server, closed_port());
    site.check().assert_ok();
    site.build();
    assert_eq!(server.count(), 0, "no network without --external");
    assert!(!site.root().join(".chronicle").exists());
    for bad in [
        &["check", "--strict"][..],
        &["check", "--cache-age", "1h"],
        &["check", "--external", "--cache-age", "7"],
        &["check", "--external", "--timeout", "fast"],
    ] {
        let r = run(&site, bad);
        assert_eq!(r.code, Some(2), "{bad:?}: {r}");
    }
    let r = run(&site, &["check", "--external", "--cache-age", "7"]);
    assert!(r.stderr.contains("such as 7d, 12h"), "{r}");
    assert_eq!(server.count(), 0);
}

#[test]
fn the_link_pass_runs_even_when_the_check_fails() {
    let server = Server::start();
    let site = chronicle(&server, closed_port());
    site.edit(ENTRY, "actors: [a]", "actors: [nobody]");
    let r = run(&site, &args(&["--cache-age=0"]));
    r.assert_fails();
    r.stderr_line("unknown actor");
    r.stderr_line("check failed: 1 error");
    assert!(r.stdout.contains("checked 13 links"), "{r}");
}

/// The run as a terminal shows it: under `script`, which gives it a
/// pseudo-terminal; `None` where `script` is missing.
fn on_a_terminal(site: &Site, extra: &[&str], env: &[(&str, &str)]) -> Option<String> {
    let mut line = format!("{BIN} --root {} {}", site.root().display(), args(extra).join(" "));
    line.push_str(" </dev/null");
    let mut cmd = Command::new("script");
    cmd.args(["-qec", &line, "/dev/null"]);
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    for var in ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE"] {
        cmd.env_remove(var);
    }
    cmd.env("TERM", "xterm")
        .env("CHRONICLE_LINK_DELAY", "5ms")
        .env("CHRONICLE_LINK_BACKOFF", "20ms")
        .envs(env.iter().copied())
        .stdin(Stdio::null());
    let out = cmd.output().ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_terminal_shows_progress_in_colour_unless_no_color_or_quiet() {
    let server = Server::start();
    let site = chronicle(&server, closed_port());
    let Some(shown) = on_a_terminal(&site, &["--cache-age=0"], &[]) else {
        eprintln!("no `script` here: the terminal is not tested");
        return;
    };
    assert!(shown.contains("checking links"), "{shown}");
    assert!(shown.contains("\x1b[36m"), "the spinner is in colour: {shown:?}");
    assert!(shown.contains("checked 13 links"), "{shown}");

    let plain = on_a_terminal(&site, &["--cache-age=0"], &[("NO_COLOR", "1")]).unwrap();
    assert!(plain.contains("checking links"), "{plain}");
    assert!(
        !plain.contains("\x1b[36m") && !plain.contains("\x1b[2m"),
        "no colour: {plain:?}"
    );

    let quiet = on_a_terminal(&site, &["--cache-age=0", "--quiet"], &[]).unwrap();
    assert!(!quiet.contains("checking links"), "{quiet}");
    assert!(!quiet.contains("checked 13 links"), "{quiet}");
    assert!(quiet.contains(": warning: "), "{quiet}");
}
