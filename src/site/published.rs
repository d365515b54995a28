//! `check --published FILE`: every URL the live site ever published must
//! still be served, by its page or by a redirect (`redirect_from:`), so a
//! renamed file cannot silently break the links others made to it.
//!
//! FILE is a `sitemap.xml` (or sitemap index parts) saved from the live
//! site, or a list of URLs, one per line (`#` starts a comment).

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::output::Files;

/// The URLs in `text`, each with its line: `<loc>` elements of a sitemap,
/// or else one URL (or path) per line.
pub fn published_urls(text: &str) -> Vec<(usize, String)> {
    let xml = text.trim_start().starts_with('<');
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if xml {
            let mut rest = line;
            while let Some(start) = rest.find("<loc>") {
                let after = &rest[start + 5..];
                let Some(end) = after.find("</loc>") else { break };
                out.push((n + 1, unescape(after[..end].trim())));
                rest = &after[end + 6..];
            }
        } else {
            let url = line.split('#').next().unwrap_or("").trim();
            if !url.is_empty() {
                out.push((n + 1, url.to_string()));
            }
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The output file serving `url` (absolute, or a path from the host),
/// or `None` when the URL is not on this site.
fn file_of(url: &str, config: &Config) -> Option<String> {
    let path = match url.strip_prefix(config.base_url.as_str()) {
        Some(rest) => format!("/{rest}"),
        None if url.starts_with('/') => match url.strip_prefix(config.root.as_str()) {
            Some(rest) => format!("/{rest}"),
            None => return None,
        },
        None => {
            // Another scheme or host than base_url's: compare paths only.
            let parsed = url::Url::parse(url).ok()?;
            let p = parsed.path();
            format!("/{}", p.strip_prefix(config.root.as_str())?)
        }
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let rel = path.trim_start_matches('/');
    Some(if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    })
}

/// An error for each URL of `list` (read from `shown`) that the built site
/// `files` no longer serves.
pub fn gone(list: &str, shown: &str, files: &Files, config: &Config) -> Vec<Diagnostic> {
    let urls = published_urls(list);
    let mut out = Vec::new();
    if urls.is_empty() {
        out.push(Diagnostic::error(
            shown,
            0,
            0,
            "no URL found: give a sitemap.xml saved from the live site, or a list of URLs, one per line",
        ));
    }
    for (line, url) in urls {
        let Some(file) = file_of(&url, config) else {
            out.push(Diagnostic::warning(
                shown,
                line,
                1,
                format!(
                    "`{url}` is not under the site's base URL `{}`: not checked",
                    config.base_url
                ),
            ));
            continue;
        };
        let served = files.contains_key(&file) || files.contains_key(&format!("{file}/index.html"));
        if !served {
            out.push(Diagnostic::error(
                shown,
                line,
                1,
                format!(
                    "`{url}` was published but is gone: add `redirect_from: [/{}]` to the page that took its place, or bring it back",
                    file.trim_end_matches("index.html")
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_from_a_sitemap_or_a_list() {
        let sitemap = "<?xml version=\"1.0\"?>\n<urlset>\n<url><loc>https://x.org/a/</loc></url>\n<url><loc>https://x.org/b?c=1&amp;d=2</loc></url>\n</urlset>\n";
        assert_eq!(
            published_urls(sitemap),
            [
                (3, "https://x.org/a/".to_string()),
                (4, "https://x.org/b?c=1&d=2".to_string())
            ]
        );
        assert_eq!(
            published_urls("# old URLs\nhttps://x.org/a/\n\n/b/ # a path\n"),
            [(2, "https://x.org/a/".to_string()), (4, "/b/".to_string())]
        );
    }
}
