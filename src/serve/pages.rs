//! What `serve` answers with: the site's files from memory, with the live
//! reload script injected into pages, and, until a first good build, a page
//! listing the errors.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::diagnostics::Diagnostic;

/// The script injected into every HTML page served: live reload, stylesheet
/// swap, scroll position kept across reloads, and the error overlay.
pub(super) const RELOAD_SCRIPT: &str = r#"<script>
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
pub(super) fn inject(html: &[u8]) -> Vec<u8> {
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
pub fn lookup(raw_path: &str, has: impl Fn(&str) -> bool) -> Lookup {
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
        return if has("index.html") {
            Lookup::File("index.html".into())
        } else {
            Lookup::NotFound
        };
    }
    if path.ends_with('/') {
        let index = format!("{joined}/index.html");
        return if has(&index) {
            Lookup::File(index)
        } else {
            Lookup::NotFound
        };
    }
    if has(&joined) {
        return Lookup::File(joined);
    }
    if has(&format!("{joined}/index.html")) {
        // From the raw (still percent-encoded, so ASCII) segments: always a
        // valid Location, and never `//host/`, which a browser would read
        // as another site.
        let raw: Vec<&str> = raw_path.split('/').filter(|s| !s.is_empty()).collect();
        return Lookup::Redirect(format!("/{}/", raw.join("/")));
    }
    Lookup::NotFound
}

pub(super) fn respond(status: StatusCode, path: &str, body: &[u8]) -> Response {
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
pub(super) fn is_page_path(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    !last.contains('.') || content_type(last).starts_with("text/html")
}

/// The page served for every page request while the chronicle has never
/// built: its errors, and the reload script, so the tab turns into the site
/// as soon as a save fixes them.
pub(super) fn errors_page(errors: &[Diagnostic]) -> Vec<u8> {
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
pub(super) fn unavailable(path: &str, errors: &[Diagnostic]) -> Response {
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
pub(super) fn plain(status: StatusCode, text: impl Into<String>) -> Response {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Files;
    use crate::serve::http::EVENTS_PATH;
    use std::sync::Arc;

    fn files() -> Files {
        ["index.html", "entries/a/index.html", "style.css", "404.html"]
            .iter()
            .map(|p| (p.to_string(), Arc::from(&b"x"[..])))
            .collect()
    }

    #[test]
    fn lookups() {
        let f = files();
        assert_eq!(lookup("/", |p| f.contains_key(p)), Lookup::File("index.html".into()));
        assert_eq!(
            lookup("/entries/a/", |p| f.contains_key(p)),
            Lookup::File("entries/a/index.html".into())
        );
        assert_eq!(
            lookup("/entries/a", |p| f.contains_key(p)),
            Lookup::Redirect("/entries/a/".into())
        );
        assert_eq!(
            lookup("/style.css", |p| f.contains_key(p)),
            Lookup::File("style.css".into())
        );
        assert_eq!(lookup("/nope/", |p| f.contains_key(p)), Lookup::NotFound);
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
            assert_eq!(lookup(p, |p| f.contains_key(p)), Lookup::Refused, "{p}");
        }
    }

    #[test]
    fn root_without_an_index_is_not_found() {
        let f: Files = [("style.css".to_string(), Arc::from(&b"x"[..]))].into_iter().collect();
        assert_eq!(lookup("/", |p| f.contains_key(p)), Lookup::NotFound);
        assert_eq!(lookup("/index.html", |p| f.contains_key(p)), Lookup::NotFound);
    }

    #[test]
    fn redirects_stay_on_this_site_and_are_valid_headers() {
        let mut f = files();
        f.insert("entries/é/index.html".into(), Arc::from(&b"x"[..]));
        // `//entries` must not become `//entries/`, another host to a browser.
        assert_eq!(
            lookup("//entries/a", |p| f.contains_key(p)),
            Lookup::Redirect("/entries/a/".into())
        );
        let Lookup::Redirect(to) = lookup("/entries/%C3%A9", |p| f.contains_key(p)) else {
            panic!("a redirect")
        };
        assert_eq!(to, "/entries/%C3%A9/");
        assert!(HeaderValue::from_str(&to).is_ok());
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
