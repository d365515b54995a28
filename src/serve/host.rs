//! Which requests `serve` answers: only those addressed to this machine,
//! when it listens on a loopback address, so a web page cannot reach the
//! preview through DNS rebinding.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::serve::pages::plain;

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
pub(super) fn url_of(local: SocketAddr) -> String {
    match local.ip() {
        IpAddr::V6(ip) => format!("http://[{ip}]:{}/", local.port()),
        IpAddr::V4(ip) => format!("http://{ip}:{}/", local.port()),
    }
}

/// Refuses requests whose `Host` does not name this machine (see
/// [`host_allowed`]). Runs before every route: pages, static files and the
/// event stream alike.
pub(super) async fn check_host(State(local): State<SocketAddr>, req: Request, next: Next) -> Response {
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

pub(super) fn refuse_host(local: SocketAddr) -> Response {
    plain(
        StatusCode::MISDIRECTED_REQUEST,
        format!(
            "chronicle serve answers only requests addressed to this machine (a guard against DNS rebinding).\n\
             Open {} instead, or pass --bind with a non-loopback address (such as 0.0.0.0) to listen more widely and accept any Host.\n",
            url_of(local)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
