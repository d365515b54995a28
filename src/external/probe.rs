//! The network part of `check --external`: one address asked about, its
//! redirects followed one hop at a time, politely.
//!
//! The client follows no redirect itself, so each hop is seen: a permanent
//! one (301, 308) means the link should be updated, and a loop or a chain
//! longer than [`MAX_HOPS`] means it is dead. Each hop is asked with HEAD,
//! and with GET when HEAD is refused (405, 403, 501, 400) or fails; a body
//! is never read. Timeouts, server errors (5xx) and failed connections are
//! tried once more after a pause; a 429 waits as long as its `Retry-After`
//! asks, within [`MAX_RETRY_AFTER`]. Requests to one host go one at a time,
//! with a pause between them.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ureq::http::StatusCode;

use super::collect::host_of;

/// The most redirects followed from one address.
pub const MAX_HOPS: usize = 10;
/// The longest `Retry-After` waited for; a longer one leaves the address
/// not checked.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// What became of one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// 2xx, possibly after temporary redirects.
    Ok,
    /// 2xx after a permanent redirect: the address it moved to.
    Moved(String),
    /// Gone, and why (`404 Not Found`, `connection refused`).
    Dead(String),
    /// No answer could be had (a timeout, a server error), and why.
    NotChecked(String),
}

/// An address's status and where its redirects ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub status: Status,
    pub final_url: String,
}

/// How to ask.
#[derive(Debug, Clone)]
pub struct Settings {
    /// For connecting, and again for the answer's headers.
    pub timeout: Duration,
    /// The pause between two requests to one host.
    pub host_delay: Duration,
    /// The pause before the one retry.
    pub backoff: Duration,
    /// Requests in flight at once (to different hosts).
    pub workers: usize,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            timeout: Duration::from_secs(10),
            host_delay: Duration::from_millis(250),
            backoff: Duration::from_secs(1),
            workers: 8,
        }
    }
}

/// What one request gave.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answer {
    Status {
        code: u16,
        location: Option<String>,
        retry_after: Option<Duration>,
    },
    /// No answer in time.
    Timeout,
    /// No connection (refused, unreachable): tried again, then dead.
    Connect(String),
    /// Dead at once: the name does not resolve, a TLS failure, a bad address.
    Dead(String),
    /// Some other failure (an answer that could not be read).
    Other(String),
}

/// Asks about addresses; shared by the worker threads.
pub struct Prober {
    agent: ureq::Agent,
    settings: Settings,
    /// Per host: when its last request ended. Held during a request, so a
    /// host gets one at a time.
    hosts: Mutex<HashMap<String, Arc<Mutex<Option<Instant>>>>>,
    requests: AtomicUsize,
}

/// `404 Not Found`.
pub fn status_words(code: u16) -> String {
    match StatusCode::from_u16(code).ok().and_then(|s| s.canonical_reason()) {
        Some(reason) => format!("{code} {reason}"),
        None => code.to_string(),
    }
}

impl Prober {
    pub fn new(settings: Settings) -> Prober {
        let config = ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_connect(Some(settings.timeout))
            .timeout_recv_response(Some(settings.timeout))
            .timeout_per_call(Some(settings.timeout * 3))
            .user_agent(format!(
                "chronicle/{} (link check; +https://crates.io/crates/chronicle)",
                env!("CARGO_PKG_VERSION")
            ))
            .build();
        Prober {
            agent: config.into(),
            settings,
            hosts: Mutex::new(HashMap::new()),
            requests: AtomicUsize::new(0),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Requests sent so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    /// Follows `url`'s redirects to an answer.
    pub fn check(&self, url: &str) -> Outcome {
        let mut current = match request_form(url) {
            Ok(u) => u,
            Err(why) => {
                return Outcome {
                    status: Status::Dead(why),
                    final_url: url.to_string(),
                }
            }
        };
        let mut seen = HashSet::from([current.clone()]);
        let mut moved_to: Option<String> = None;
        let end = |status, at: &str| Outcome {
            status,
            final_url: at.to_string(),
        };
        for hop in 0..=MAX_HOPS {
            let after = |what: String| match hop {
                0 => what,
                _ => format!("{what} at {current}, after redirects"),
            };
            let (code, location) = match self.ask_twice(&current) {
                Answer::Status { code, location, .. } => (code, location),
                Answer::Timeout => return end(Status::NotChecked(after("no answer in time, twice".into())), &current),
                Answer::Connect(why) | Answer::Dead(why) => return end(Status::Dead(after(why)), &current),
                Answer::Other(why) => return end(Status::NotChecked(after(why)), &current),
            };
            match code {
                200..=299 => {
                    let status = moved_to.map_or(Status::Ok, Status::Moved);
                    return end(status, &current);
                }
                300..=399 if code != 304 => {
                    let Some(location) = location else {
                        return end(
                            Status::Dead(after(format!("{} without a Location", status_words(code)))),
                            &current,
                        );
                    };
                    let next = match url::Url::parse(&current).and_then(|u| u.join(&location)) {
                        Ok(mut u) => {
                            u.set_fragment(None);
                            u.to_string()
                        }
                        Err(_) => {
                            return end(
                                Status::Dead(format!("a redirect to `{location}`, which is not an address")),
                                &current,
                            )
                        }
                    };
                    if code == 301 || code == 308 {
                        moved_to = Some(next.clone());
                    }
                    if !seen.insert(next.clone()) {
                        return end(Status::Dead(format!("a redirect loop through {next}")), &next);
                    }
                    if hop == MAX_HOPS {
                        return end(Status::Dead(format!("more than {MAX_HOPS} redirects")), &next);
                    }
                    current = next;
                }
                429 => {
                    return end(
                        Status::NotChecked(after(format!("{}, twice", status_words(code)))),
                        &current,
                    )
                }
                400..=499 => return end(Status::Dead(after(status_words(code))), &current),
                500..=599 => {
                    return end(
                        Status::NotChecked(after(format!("the server answered {}, twice", status_words(code)))),
                        &current,
                    )
                }
                _ => {
                    return end(
                        Status::NotChecked(after(format!("an unexpected {}", status_words(code)))),
                        &current,
                    )
                }
            }
        }
        unreachable!("the loop returns by its last hop")
    }

    /// One hop, with one retry after a pause when the answer may be
    /// passing: a timeout, a failed connection, 5xx, 429.
    fn ask_twice(&self, url: &str) -> Answer {
        let first = self.ask(url);
        let pause = match &first {
            Answer::Timeout | Answer::Connect(_) => self.settings.backoff,
            Answer::Status { code: 500..=599, .. } => self.settings.backoff,
            Answer::Status {
                code: 429, retry_after, ..
            } => match retry_after {
                Some(wait) if *wait > MAX_RETRY_AFTER => return first,
                Some(wait) => *wait,
                None => self.settings.backoff,
            },
            _ => return first,
        };
        std::thread::sleep(pause);
        self.ask(url)
    }

    /// One hop: HEAD, or GET when HEAD is refused or fails.
    fn ask(&self, url: &str) -> Answer {
        match self.send(url, true) {
            Answer::Status {
                code: 400 | 403 | 405 | 501,
                ..
            }
            | Answer::Other(_) => self.send(url, false),
            answer => answer,
        }
    }

    /// One request, after the host's previous one and its pause.
    fn send(&self, url: &str, head: bool) -> Answer {
        let host = host_of(url);
        let slot = {
            let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
            hosts.entry(host).or_default().clone()
        };
        let mut last = slot.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(at) = *last {
            let wait = self.settings.host_delay.saturating_sub(at.elapsed());
            if !wait.is_zero() {
                std::thread::sleep(wait);
            }
        }
        self.requests.fetch_add(1, Ordering::Relaxed);
        let result = if head {
            self.agent.head(url).call()
        } else {
            self.agent.get(url).call()
        };
        *last = Some(Instant::now());
        drop(last);
        match result {
            Ok(response) => {
                let header = |name: &str| {
                    response
                        .headers()
                        .get(name)
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_string)
                };
                Answer::Status {
                    code: response.status().as_u16(),
                    location: header("location"),
                    retry_after: header("retry-after")
                        .and_then(|s| s.trim().parse::<u64>().ok())
                        .map(Duration::from_secs),
                }
                // The body is dropped unread.
            }
            Err(e) => failure(e),
        }
    }
}

/// `url` as it is sent: a host in other scripts in its ASCII form
/// (`xn--…`), other characters of the path and query percent-encoded, no
/// fragment. The HTTP client takes ASCII addresses only.
pub fn request_form(url: &str) -> Result<String, String> {
    let mut u = url::Url::parse(url).map_err(|e| format!("not a web address that can be asked for ({e})"))?;
    u.set_fragment(None);
    Ok(u.to_string())
}

/// What a failed request means.
fn failure(e: ureq::Error) -> Answer {
    use std::io::ErrorKind;
    match e {
        ureq::Error::Timeout(_) => Answer::Timeout,
        ureq::Error::HostNotFound => Answer::Dead("the host name does not resolve".into()),
        ureq::Error::ConnectionFailed => Answer::Connect("the connection failed".into()),
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::TimedOut | ErrorKind::WouldBlock => Answer::Timeout,
            ErrorKind::ConnectionRefused => Answer::Connect("connection refused".into()),
            ErrorKind::ConnectionReset | ErrorKind::ConnectionAborted | ErrorKind::UnexpectedEof => {
                Answer::Other(format!("the connection was closed ({io})"))
            }
            _ => Answer::Connect(format!("no connection ({io})")),
        },
        ureq::Error::Tls(why) => Answer::Dead(format!("a TLS error ({why})")),
        ureq::Error::Rustls(why) => Answer::Dead(format!("a TLS error ({why})")),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => Answer::Dead("not an address that can be asked for".into()),
        other => Answer::Other(format!("an answer that could not be read ({other})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_in_words() {
        assert_eq!(status_words(404), "404 Not Found");
        assert_eq!(status_words(410), "410 Gone");
        assert_eq!(status_words(599), "599");
    }

    #[test]
    fn addresses_are_sent_in_ascii() {
        assert_eq!(
            request_form("https://bücher.example/عربي?q=ä#top").as_deref(),
            Ok("https://xn--bcher-kva.example/%D8%B9%D8%B1%D8%A8%D9%8A?q=%C3%A4")
        );
        assert_eq!(request_form("http://x.example").as_deref(), Ok("http://x.example/"));
        assert!(request_form("https://").is_err());
    }
}
