//! Web addresses read as a browser reads them.
//!
//! Real data has source URLs with spaces, non-ASCII letters and stray
//! `[ ] { } ^ |` in them. A browser follows such a link: it percent-encodes
//! what may not stand in a URL (the WHATWG URL standard, through the `url`
//! crate). chronicle does the same, and says so with a warning that shows
//! the address it publishes; it refuses only what cannot be a web address
//! (another scheme, no host).

use std::fmt::Write as _;

/// An `http(s)` address as published, and whether writing it took any
/// percent-encoding (which deserves a warning showing the result).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl {
    pub url: String,
    pub encoded: bool,
}

/// Characters a browser accepts in a path, query or fragment but the HTML
/// checker rejects in `href`: encoded too, as `%5B`, `%5D`, ….
const ALSO_ENCODED: &[char] = &['[', ']', '{', '}', '^', '|', '`', '\\'];

/// Reads `written` as a web address: `Err` with advice when it cannot be one.
pub fn read(written: &str) -> Result<WebUrl, String> {
    let w = written.trim();
    let parsed = url::Url::parse(w).map_err(|e| {
        format!("`{w}` is not a web address ({e}); write it in full, starting with https:// or http://")
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "`{w}` is not a web address: it must start with https:// or http://, not `{}:`",
            parsed.scheme()
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!("`{w}` names no host: write it as `https://host/path`"));
    }
    let head = &parsed[..url::Position::BeforePath];
    let mut url = String::with_capacity(w.len() + 8);
    url.push_str(head);
    let tail = &parsed[url::Position::BeforePath..];
    for c in tail.chars() {
        if ALSO_ENCODED.contains(&c) {
            let _ = write!(url, "%{:02X}", c as u32);
        } else {
            url.push(c);
        }
    }
    // Percent-encoding happened when the written address had anything a
    // URL may not hold as it is.
    let encoded = w.chars().any(|c| {
        c.is_whitespace() || !c.is_ascii() || c.is_ascii_control() || ALSO_ENCODED.contains(&c) || "<>\"".contains(c)
    });
    Ok(WebUrl { url, encoded })
}

/// A source's address: as [`read`], except that one written without its
/// scheme (`www.example.org/x`, `example.org/report.pdf`) is read as
/// `https://…`, the way a browser's address bar reads it. (A link in a body
/// is not read so: there `example.org/x` is a relative link.)
pub fn read_source(written: &str) -> Result<WebUrl, String> {
    let err = match read(written) {
        Ok(r) => return Ok(r),
        Err(m) => m,
    };
    let w = written.trim();
    let host = w.split(['/', '?', '#']).next().unwrap_or("");
    let tld = host.rsplit('.').next().unwrap_or("");
    // `www.…`, or a host followed by a path: `report.pdf` alone is a file.
    let host_like = (host.starts_with("www.") || w.len() > host.len())
        && host.contains('.')
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && tld.len() >= 2
        && tld.bytes().all(|b| b.is_ascii_alphabetic());
    if host_like {
        if let Ok(mut r) = read(&format!("https://{w}")) {
            r.encoded = true;
            return Ok(r);
        }
    }
    Err(err)
}

/// The warning for an address published other than as written.
pub fn encoded_warning(written: &str, url: &str) -> String {
    let w = written.trim();
    if !w.contains("://") {
        return format!("`{w}` has no `https://`; it is published as `{url}`: write it so to make this warning go");
    }
    format!(
        "`{}` is published as `{url}`, encoded the way a browser reads it; write it so to make this warning go",
        written.trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_read_as_a_browser_reads_them() {
        let r = read("https://example.org/FAA Certification of 737 MAX Report^2-23-2021.pdf").unwrap();
        assert_eq!(
            r.url,
            "https://example.org/FAA%20Certification%20of%20737%20MAX%20Report%5E2-23-2021.pdf"
        );
        assert!(r.encoded);
        let r = read("https://example.org/a[1]|b?q={x}#f^").unwrap();
        assert_eq!(r.url, "https://example.org/a%5B1%5D%7Cb?q=%7Bx%7D#f%5E");
        let r = read("https://de.wikipedia.org/wiki/Zürcher_Kantonalbank").unwrap();
        assert_eq!(r.url, "https://de.wikipedia.org/wiki/Z%C3%BCrcher_Kantonalbank");
        assert!(r.encoded);
        // Clean addresses stay as they are, and say nothing.
        let r = read("https://example.org/path?utm_source=x&b=2").unwrap();
        assert_eq!(
            (r.url.as_str(), r.encoded),
            ("https://example.org/path?utm_source=x&b=2", false)
        );
        let r = read("https://web.archive.org/web/2025/https://example.org/x").unwrap();
        assert_eq!(r.url, "https://web.archive.org/web/2025/https://example.org/x");
        // What cannot be a web address is refused, with advice.
        assert!(read("javascript:alert(1)")
            .unwrap_err()
            .contains("must start with https://"));
        assert!(read("example.org/x").unwrap_err().contains("write it in full"));
        // A source's address without its scheme is read as a browser's
        // address bar reads it; what has no host-like start is not.
        let r = read_source("www.example.org/a b").unwrap();
        assert_eq!((r.url.as_str(), r.encoded), ("https://www.example.org/a%20b", true));
        assert!(encoded_warning("www.example.org/a b", &r.url).contains("has no `https://`"));
        assert_eq!(
            read_source("example.gov/r.pdf").unwrap().url,
            "https://example.gov/r.pdf"
        );
        assert!(read_source("report.pdf").is_err());
        assert!(read_source("see page 4").is_err());
        assert!(read_source("mailto:x@example.org").is_err());
        assert!(read("https:///x").is_err() || read("https:///x").unwrap().url.starts_with("https://x"));
        assert!(read("ftp://example.org/f").is_err());
    }
}
