//! Link check: every internal `href`/`src` and `#fragment` of a rendered
//! site must point at a file of that site and an element id on that page.
//!
//! It reads the HTML it generated itself, so a small attribute scanner is
//! enough: attribute values in our output are always quoted, and text that
//! merely looks like an attribute is escaped (`href=&quot;`) and never matches.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::output::Files;

/// Values of attribute `name` (`href`, `src`, `id`) in `html`, unescaped.
fn attribute_values<'a>(html: &'a str, name: &'a str) -> impl Iterator<Item = String> + 'a {
    let bytes = html.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while let Some(found) = html[pos..].find(name) {
            let at = pos + found;
            pos = at + name.len();
            let before_ok = at > 0 && bytes[at - 1].is_ascii_whitespace();
            if !before_ok || bytes.get(pos) != Some(&b'=') {
                continue;
            }
            let quote = match bytes.get(pos + 1) {
                Some(q @ (b'"' | b'\'')) => *q,
                _ => continue,
            };
            let start = pos + 2;
            let Some(len) = html[start..].find(quote as char) else {
                continue;
            };
            pos = start + len + 1;
            return Some(unescape(&html[start..start + len]));
        }
        None
    })
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Resolves a link on page `from` (an output path such as
/// `entries/x/index.html`) to `(output path, fragment)`, or `None` when the
/// link is an absolute URL (`https:`, `mailto:`, ...) and so not checked.
fn resolve(link: &str, from: &str, config: &Config) -> Option<(String, Option<String>)> {
    let link = link.trim();
    // Absolute URLs are external, even on the site's own host: other pages
    // may live there. Our own absolute URLs (canonical, og:url) are built
    // from the same paths as the relative links checked here.
    if link.starts_with("//")
        || link
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains(['/', '#', '?']))
    {
        return None;
    }
    let path_part = link.to_string();
    let (path, fragment) = match path_part.split_once('#') {
        Some((p, f)) => (p.to_string(), Some(percent_decode(f))),
        None => (path_part, None),
    };
    let path = path.split('?').next().unwrap_or("").to_string();
    let target = if path.is_empty() {
        from.to_string()
    } else if let Some(abs) = path.strip_prefix('/') {
        let root = config.root.trim_start_matches('/');
        match abs.strip_prefix(root) {
            Some(rest) => rest.to_string(),
            None => return Some((format!("\u{0}{path}"), fragment)),
        }
    } else {
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for seg in path.split('/') {
            match seg {
                "." => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        let joined = parts.join("/");
        if path.ends_with('/') && !joined.is_empty() {
            format!("{joined}/")
        } else {
            joined
        }
    };
    let target = percent_decode(&target);
    let file = if target.is_empty() || target.ends_with('/') {
        format!("{target}index.html")
    } else {
        target
    };
    Some((file, fragment))
}

/// Line and column (from 1, in characters) where `text`, a content file,
/// writes the link `link` to the output file `target` with `fragment`: as
/// written (a relative link, `#talks`), as a chronicle link
/// (`entry:x#talks` for `entries/x/index.html`), or by its `#fragment`
/// alone; compared in NFC, as fragments are.
fn written_at(text: &str, link: &str, target: &str, fragment: Option<&str>) -> Option<(usize, usize)> {
    use unicode_normalization::UnicodeNormalization;
    let text: String = text.nfc().collect();
    let mut needles = vec![percent_decode(link)];
    if let Some(f) = fragment {
        let scheme_slug = [
            ("entries/", "entry"),
            ("actors/", "actor"),
            ("topics/", "topic"),
            ("pages/", "page"),
        ]
        .iter()
        .find_map(|(dir, scheme)| {
            let slug = target.strip_prefix(dir)?.strip_suffix("/index.html")?;
            Some(format!("{scheme}:{slug}#{f}"))
        });
        needles.extend(scheme_slug);
        needles.push(format!("#{f}"));
    }
    let at = needles
        .iter()
        .filter(|n| !n.is_empty())
        .find_map(|n| text.find(n.nfc().collect::<String>().as_str()))?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    Some((line, column))
}

/// The id of `ids` that `frag` was likely meant to be: the one it equals
/// once both are folded as search folds words (case, marks, ك and ک, a
/// zero-width non-joiner: `#Talks` for `talks`, `#گفتگو` typed with an
/// Arabic kaf), or the one a heading with the text `frag` would get
/// (`#Sources and notes` for `sources-and-notes`), or the nearest by
/// spelling.
fn near_id<'a>(frag: &str, ids: &'a HashSet<String>) -> Option<&'a str> {
    let folded = crate::render::search::fold(frag);
    let as_heading = crate::model::markdown::heading_id(frag);
    let mut sorted: Vec<&String> = ids.iter().collect();
    sorted.sort();
    sorted
        .iter()
        .find(|id| crate::render::search::fold(id) == folded)
        .or_else(|| sorted.iter().find(|id| ***id == as_heading))
        .map(|id| id.as_str())
        .or_else(|| crate::diagnostics::suggest(frag, sorted.iter().map(|id| id.as_str())))
}

/// The content file a page was made from, by the page's output path:
/// `(path relative to the chronicle, its text)`, or `None` for a page no
/// content file writes (the home page, a list).
pub type Sources<'a> = &'a (dyn Fn(&str) -> Option<(String, String)> + Sync);

/// Checks every internal link of the rendered `files` (output path → bytes).
/// A broken link of a page made from a content file is located where the
/// file writes it (`[…](#گفتگو)`, `[…](entry:x#talks)`), when it does;
/// one the templates write is located in the output page.
pub fn check(files: &Files, config: &Config, sources: Sources<'_>) -> Vec<Diagnostic> {
    let html: Vec<(&String, &str)> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .filter_map(|(p, b)| std::str::from_utf8(b).ok().map(|s| (p, s)))
        .collect();
    let ids: HashMap<&str, HashSet<String>> = html
        .par_iter()
        .map(|(p, s)| (p.as_str(), attribute_values(s, "id").collect()))
        .collect();
    html.par_iter()
        .flat_map_iter(|(page, text)| check_page(page, text, files, &ids, config, sources))
        .collect()
}

fn check_page(
    page: &str,
    text: &str,
    files: &Files,
    ids: &HashMap<&str, HashSet<String>>,
    config: &Config,
    sources: Sources<'_>,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // The page's content file, read once the page has a broken link.
    let mut source: Option<Option<(String, String)>> = None;
    let mut error = |link: &str, target: &str, fragment: Option<&str>, message: String| {
        let written = source.get_or_insert_with(|| sources(page));
        match written
            .as_ref()
            .and_then(|(rel, text)| written_at(text, link, target, fragment).map(|(line, column)| (rel, line, column)))
        {
            Some((rel, line, column)) => Diagnostic::error(rel.clone(), line, column, message),
            None => Diagnostic::error(format!("(output)/{page}"), 0, 0, message),
        }
    };
    {
        let mut seen = HashSet::new();
        for link in attribute_values(text, "href").chain(attribute_values(text, "src")) {
            if !seen.insert(link.clone()) {
                continue;
            }
            let Some((target, fragment)) = resolve(&link, page, config) else {
                continue;
            };
            let exists = files.contains_key(&target);
            let alt = format!("{target}/index.html");
            let target = if !exists && files.contains_key(&alt) {
                alt
            } else {
                target
            };
            if !files.contains_key(&target) {
                let why = if target.starts_with('\u{0}') {
                    format!("it is outside the site root `{}`", config.root)
                } else {
                    "no such page or file".to_string()
                };
                diags.push(error(
                    &link,
                    &target,
                    None,
                    format!("broken link `{}`: {why}", percent_decode(&link)),
                ));
                continue;
            }
            if let (Some(frag), Some(page_ids)) = (&fragment, ids.get(target.as_str())) {
                if !frag.is_empty() && !page_ids.contains(frag) {
                    let hint = match near_id(frag, page_ids) {
                        Some(id) => format!("; did you mean `#{id}`?"),
                        None => String::new(),
                    };
                    diags.push(error(
                        &link,
                        &target,
                        Some(frag),
                        format!(
                            "broken link `{}`: no element with id `{frag}` on that page{hint}",
                            percent_decode(&link)
                        ),
                    ));
                }
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &str)]) -> Files {
        pages
            .iter()
            .map(|(p, s)| (p.to_string(), std::sync::Arc::from(s.as_bytes())))
            .collect()
    }

    #[test]
    fn finds_broken_pages_and_fragments() {
        let config = Config::parse("title: T\nbase_url: https://example.org/sub/\n").unwrap();
        let files = site(&[
            (
                "index.html",
                r##"<a href="/sub/entries/a/">a</a> <a href="/sub/entries/b/">b</a> <a href="#top">t</a>
                 <a href="/sub/entries/a/#x">x</a> <a href="/sub/entries/a/#nope">n</a>
                 <a href="https://example.org/sub/entries/zz/">abs</a> <a href="mailto:a@b.c">m</a>
                 <img src="/sub/style.css"> <a href="/elsewhere/">e</a> <p>href=&quot;/sub/zzz/&quot;</p>"##,
            ),
            ("entries/a/index.html", r#"<h2 id="x">X</h2><a href="../../">home</a>"#),
            ("style.css", ""),
        ]);
        let diags = check(&files, &config, &|_| None);
        let msgs: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:#?}");
        assert!(msgs.iter().any(|m| m.contains("/sub/entries/b/")));
        assert!(msgs.iter().any(|m| m.contains("`#top`")));
        assert!(msgs.iter().any(|m| m.contains("id `nope`")));
        assert!(msgs.iter().any(|m| m.contains("/elsewhere/") && m.contains("outside")));
    }

    #[test]
    fn unicode_fragments_resolve_and_near_misses_are_named() {
        let config = Config::parse("title: T\nbase_url: https://example.org/\n").unwrap();
        // گفتگو, percent-encoded in links as it is in the output.
        let id = "\u{06AF}\u{0641}\u{062A}\u{06AF}\u{0648}";
        let encoded = "%DA%AF%D9%81%D8%AA%DA%AF%D9%88";
        // Links to it as written and percent-encoded resolve; one with a
        // tatweel inside, one written as a heading's text and one misspelt
        // are broken, each with the id meant.
        let page = format!(
            r##"<h2 id="{id}">x</h2><h2 id="sources-and-notes">y</h2>
            <a href="#{encoded}">ok</a> <a href="/entries/a/#{encoded}">ok</a>
            <a href="#{id}">ok, as written</a>
            <a href="#{}">fold</a> <a href="#Sources%20and%20notes">heading</a> <a href="#sorces-and-notes">typo</a>"##,
            "\u{06AF}\u{0641}\u{062A}\u{0640}\u{06AF}\u{0648}",
        );
        let files = site(&[("entries/a/index.html", &page)]);
        let diags = check(&files, &config, &|_| None);
        let msgs: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs.len(), 3, "{msgs:#?}");
        assert!(msgs.iter().all(|m| m.contains("did you mean")), "{msgs:#?}");
        assert_eq!(
            msgs.iter()
                .filter(|m| m.ends_with(&format!("did you mean `#{id}`?")))
                .count(),
            1,
            "{msgs:#?}"
        );
        assert_eq!(
            msgs.iter()
                .filter(|m| m.ends_with("did you mean `#sources-and-notes`?"))
                .count(),
            2,
            "{msgs:#?}"
        );
    }

    #[test]
    fn broken_links_of_a_body_are_located_in_its_file() {
        let config = Config::parse("title: T\nbase_url: https://example.org/\n").unwrap();
        let files = site(&[
            (
                "entries/a/index.html",
                r##"<a href="#nope">body</a> <a href="/entries/b/#x">body</a> <a href="#nav">template</a>"##,
            ),
            ("entries/b/index.html", r#"<h2 id="y">Y</h2>"#),
        ]);
        let text = "---\ntitle: A\n---\n\nSee [n](#nope) and\n[b](entry:b#x).\n";
        let sources = |page: &str| {
            (page == "entries/a/index.html").then(|| ("content/entries/a.md".to_string(), text.to_string()))
        };
        let shown: Vec<String> = check(&files, &config, &sources).iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            [
                "content/entries/a.md:5:9: error: broken link `#nope`: no element with id `nope` on that page",
                "content/entries/a.md:6:5: error: broken link `/entries/b/#x`: no element with id `x` on that page",
                "(output)/entries/a/index.html:1:1: error: broken link `#nav`: no element with id `nav` on that page",
            ]
        );
    }

    #[test]
    fn decodes_attribute_entities() {
        let v: Vec<String> = attribute_values(r#"<a href="/a?x=1&amp;y=2" id='q'>"#, "href").collect();
        assert_eq!(v, ["/a?x=1&y=2"]);
    }
}
