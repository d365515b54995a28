//! Markdown to HTML, with the chronicle's own link schemes.
//!
//! `[text](entry:slug)`, `actor:slug`, `topic:slug` and `page:slug` become
//! links to those pages through a resolver supplied by the link stage; a
//! target that does not exist is reported at its line and column. Headings get
//! stable ids and anchors, footnotes get ids that cannot clash with headings,
//! and raw HTML is escaped unless the site allows it.

use std::collections::HashMap;
use std::sync::Arc;

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::content::load::slugify;

/// The link schemes that point inside the chronicle.
pub const SCHEMES: [&str; 4] = ["entry", "actor", "topic", "page"];

/// URL schemes a rendered link or image may use, besides relative URLs,
/// fragments and the chronicle's own [`SCHEMES`].
pub const SAFE_SCHEMES: [&str; 3] = ["http", "https", "mailto"];

/// The scheme of `url` as a browser would read it (lowercased), or `None`
/// for a relative URL. Like the WHATWG URL parser it ignores leading and
/// trailing spaces and control characters and every tab and newline, so
/// `" JaVa\tScript:"` is `javascript`. Entities are already decoded by the
/// Markdown parser, so `&#106;avascript:` arrives here as `javascript:`.
pub fn url_scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' => return (!scheme.is_empty()).then_some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => scheme.push(c),
            _ => return None,
        }
    }
    None
}

/// Why `url` may not be published as a link or image, if it may not.
pub fn unsafe_url(url: &str) -> Option<String> {
    let scheme = url_scheme(url)?;
    if SAFE_SCHEMES.contains(&scheme.as_str()) {
        return None;
    }
    let shown: String = url.trim().chars().take(40).collect();
    let hint = match SCHEMES.iter().find(|s| **s == scheme) {
        Some(s) => format!("; the chronicle's own links are written in lowercase, `{s}:slug`"),
        None => String::new(),
    };
    Some(format!(
        "the link `{shown}` uses the `{scheme}:` scheme, which is never published: links and images may be http(s), mailto, relative, `#fragment` or `entry:`/`actor:`/`topic:`/`page:` links{hint}"
    ))
}

/// What a resolver says about an internal link target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The URL to link to.
    Url(String),
    /// Keep the text but drop the link (a draft, say), with a warning.
    Unlinked(String),
    /// The target does not exist: an error with this message.
    Broken(String),
}

/// A problem with a link in Markdown, at a byte offset of its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
    /// An error fails the build; otherwise it is a warning.
    pub is_error: bool,
}

impl Problem {
    fn error(offset: usize, message: String) -> Problem {
        Problem {
            offset,
            message,
            is_error: true,
        }
    }

    fn warning(offset: usize, message: String) -> Problem {
        Problem {
            is_error: false,
            ..Problem::error(offset, message)
        }
    }
}

/// Rendered Markdown.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: Arc<str>,
    /// Plain text of the first top-level paragraph.
    pub first_paragraph: String,
    /// Plain text of the whole body, for search.
    pub text: Arc<str>,
    /// Each link problem: a broken or unsafe link, a link to a draft.
    pub problems: Vec<Problem>,
    /// Each internal link target looked up, `(scheme, slug)`, and what it
    /// resolved to: the rendering holds for as long as they resolve the same.
    pub lookups: Vec<(String, String, Target)>,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `source`, resolving `scheme:slug` links through `resolve`.
pub fn render(source: &str, allow_html: bool, resolve: &dyn Fn(&str, &str) -> Target) -> Rendered {
    let mut html_out = String::new();
    let mut text_out = String::new();
    let mut first_paragraph = String::new();
    let mut problems: Vec<Problem> = Vec::new();
    let mut lookups: Vec<(String, String, Target)> = Vec::new();
    let mut resolve = |scheme: &str, slug: &str| -> Target {
        if let Some((_, _, t)) = lookups.iter().find(|(s, g, _)| s == scheme && g == slug) {
            return t.clone();
        }
        let t = resolve(scheme, slug);
        lookups.push((scheme.to_string(), slug.to_string(), t.clone()));
        t
    };
    let mut events: Vec<Event> = Vec::new();
    let mut footnotes: Vec<(String, Vec<Event>)> = Vec::new();
    let mut footnote_numbers: HashMap<String, (usize, usize)> = HashMap::new(); // name -> (number, refs so far)
    let mut in_footnote: Option<(String, Vec<Event>)> = None;
    let mut heading: Option<(HeadingLevel, Option<String>, Vec<Event>)> = None;
    let mut heading_ids: HashMap<String, usize> = HashMap::new();
    let mut dropping_link = false;
    let mut dropping_image = 0usize;
    let mut depth = 0usize; // container depth: lists, quotes, footnotes
    let mut summary_state = 0u8; // 0 not yet, 1 inside, 2 done

    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        // Plain text, for search and the summary.
        if let Event::Text(t) | Event::Code(t) = &event {
            if in_footnote.is_none() {
                text_out.push_str(t);
                if summary_state == 1 {
                    first_paragraph.push_str(t);
                }
            }
        }
        if matches!(
            event,
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph)
        ) {
            text_out.push(' ');
            if summary_state == 1 {
                first_paragraph.push(' ');
            }
        }
        let event = match event {
            Event::Start(Tag::Paragraph) if depth == 0 && summary_state == 0 && in_footnote.is_none() => {
                summary_state = 1;
                Event::Start(Tag::Paragraph)
            }
            Event::End(TagEnd::Paragraph) if summary_state == 1 => {
                summary_state = 2;
                Event::End(TagEnd::Paragraph)
            }
            Event::Start(Tag::List(_)) | Event::Start(Tag::BlockQuote(_)) => {
                depth += 1;
                event
            }
            Event::End(TagEnd::List(_)) | Event::End(TagEnd::BlockQuote(_)) => {
                depth = depth.saturating_sub(1);
                event
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => match internal_target(&dest_url) {
                Some((scheme, slug, fragment)) => match resolve(scheme, slug) {
                    Target::Url(url) => Event::Start(Tag::Link {
                        link_type,
                        dest_url: CowStr::from(format!("{url}{fragment}")),
                        title,
                        id,
                    }),
                    Target::Unlinked(msg) => {
                        problems.push(Problem::warning(range.start, msg));
                        dropping_link = true;
                        continue;
                    }
                    Target::Broken(msg) => {
                        problems.push(Problem::error(range.start, msg));
                        dropping_link = true;
                        continue;
                    }
                },
                None => match unsafe_url(&dest_url) {
                    Some(msg) => {
                        problems.push(Problem::error(range.start, msg));
                        dropping_link = true;
                        continue;
                    }
                    None => Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }),
                },
            },
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => match unsafe_url(&dest_url).or_else(|| {
                internal_target(&dest_url).map(|(scheme, _, _)| {
                    format!("an image cannot point at `{scheme}:`; put the image under static/ and give its path")
                })
            }) {
                Some(msg) => {
                    // Keep the alt text, as plain text.
                    problems.push(Problem::error(range.start, msg));
                    dropping_image += 1;
                    continue;
                }
                None => Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }),
            },
            Event::End(TagEnd::Image) if dropping_image > 0 => {
                dropping_image -= 1;
                continue;
            }
            Event::End(TagEnd::Link) if dropping_link => {
                dropping_link = false;
                continue;
            }
            Event::Html(h) | Event::InlineHtml(h) if !allow_html => Event::Text(h),
            Event::Start(Tag::Table(a)) => {
                events.push(Event::Html(
                    "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">".into(),
                ));
                Event::Start(Tag::Table(a))
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                Event::Html("</div>".into())
            }
            Event::FootnoteReference(name) => {
                let next = footnote_numbers.len() + 1;
                let (n, refs) = footnote_numbers.entry(name.to_string()).or_insert((next, 0));
                *refs += 1;
                let id = if *refs == 1 {
                    format!("fnref-{n}")
                } else {
                    format!("fnref-{n}-{refs}")
                };
                Event::Html(
                    format!("<sup class=\"footnote-ref\"><a id=\"{id}\" href=\"#fn-{n}\" aria-describedby=\"footnotes-label\">{n}</a></sup>")
                        .into(),
                )
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                in_footnote = Some((name.to_string(), Vec::new()));
                depth += 1;
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1);
                if let Some(f) = in_footnote.take() {
                    footnotes.push(f);
                }
                continue;
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level, id.map(|s| s.to_string()), Vec::new()));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, inner)) = heading.take() {
                    let text: String = inner
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    let base = explicit.map(|s| slugify(&s)).unwrap_or_else(|| slugify(&text));
                    let base = if base.is_empty() { "section".to_string() } else { base };
                    // An id the page around the body already uses (`main`,
                    // `source-1`, a year) would be a duplicate: number it.
                    let count = heading_ids
                        .entry(base.clone())
                        .or_insert(usize::from(is_page_id(&base)));
                    *count += 1;
                    let id = if *count == 1 { base } else { format!("{base}-{count}") };
                    let target = match in_footnote.as_mut() {
                        Some((_, evs)) => evs,
                        None => &mut events,
                    };
                    target.push(Event::Html(format!("<{level} id=\"{id}\">").into()));
                    target.extend(inner);
                    target.push(Event::Html(
                        format!(" <a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></{level}>\n")
                            .into(),
                    ));
                }
                continue;
            }
            other => other,
        };
        if let Some((_, _, inner)) = heading.as_mut() {
            inner.push(event);
        } else if let Some((_, evs)) = in_footnote.as_mut() {
            evs.push(event);
        } else {
            events.push(event);
        }
    }
    html::push_html(&mut html_out, events.into_iter());
    if !footnotes.is_empty() {
        // Order by first reference; unreferenced notes go last.
        let mut numbered: Vec<(usize, Option<usize>, Vec<Event>)> = footnotes
            .into_iter()
            .enumerate()
            .map(|(i, (name, evs))| match footnote_numbers.get(&name) {
                Some((n, _)) => (*n, Some(*n), evs),
                None => (usize::MAX - 1000 + i, None, evs),
            })
            .collect();
        numbered.sort_by_key(|(k, _, _)| *k);
        html_out.push_str(
            "<section class=\"footnotes\" aria-labelledby=\"footnotes-label\">\n<h2 id=\"footnotes-label\" class=\"visually-hidden\">Notes</h2>\n<ol>\n",
        );
        for (_, number, evs) in numbered {
            match number {
                Some(n) => html_out.push_str(&format!("<li id=\"fn-{n}\">")),
                None => html_out.push_str("<li>"),
            }
            html::push_html(&mut html_out, evs.into_iter());
            if let Some(n) = number {
                html_out.push_str(&format!(
                    "<a href=\"#fnref-{n}\" class=\"footnote-back\" aria-label=\"Back to reference {n}\">↩</a>"
                ));
            }
            html_out.push_str("</li>\n");
        }
        html_out.push_str("</ol>\n</section>\n");
    }
    Rendered {
        html: html_out.into(),
        first_paragraph: collapse_spaces(&first_paragraph),
        text: text_out.into(),
        problems,
        lookups,
    }
}

/// True for ids the default theme's pages give their own elements, which a
/// heading in a body must not take: the skip link's `main`, section
/// headings, sources, footnotes, years and months, chart titles.
fn is_page_id(id: &str) -> bool {
    const EXACT: [&str; 16] = [
        "main",
        "search-q",
        "search-results",
        "search-status",
        "footnotes-label",
        "timeline-h",
        "activity-h",
        "activity-t",
        "activity-d",
        "ties-h",
        "sources-h",
        "related-h",
        "partners-h",
        "pairs-h",
        "nodes-h",
        "baro-h",
    ];
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let hex = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    if EXACT.contains(&id) {
        return true;
    }
    let numbered = |prefix: &str| {
        id.strip_prefix(prefix)
            .is_some_and(|rest| rest.split('-').next().is_some_and(digits))
    };
    numbered("source-")
        || numbered("fn-")
        || numbered("fnref-")
        || numbered("pair-")
        || id.strip_prefix("src-").is_some_and(hex)
        || id.strip_prefix("pub-").is_some_and(hex)
        || id
            .strip_prefix('y')
            .is_some_and(|rest| rest.len() >= 4 && digits(&rest[..4.min(rest.len())]))
}

/// Splits `entry:slug#frag` into `("entry", "slug", "#frag")`.
fn internal_target(dest: &str) -> Option<(&str, &str, &str)> {
    let (scheme, rest) = dest.split_once(':')?;
    if !SCHEMES.contains(&scheme) {
        return None;
    }
    let (slug, fragment) = match rest.find('#') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    Some((scheme, slug, fragment))
}

fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(md: &str) -> Rendered {
        render(md, false, &|scheme, slug| match (scheme, slug) {
            ("actor", "pakistan") => Target::Url("/actors/pakistan/".into()),
            ("entry", "draft") => Target::Unlinked("draft".into()),
            _ => Target::Broken(format!("no {scheme} `{slug}`")),
        })
    }

    #[test]
    fn internal_links_resolve_and_break() {
        let out = r("See [Pakistan](actor:pakistan#x) and\n[gone](topic:nope).\n");
        assert!(out.html.contains("href=\"/actors/pakistan/#x\""), "{}", out.html);
        assert!(!out.html.contains("topic:nope"));
        assert_eq!(out.problems.len(), 1);
        assert_eq!(out.problems[0].offset, 37);
        assert!(out.problems[0].is_error);
    }

    #[test]
    fn draft_links_keep_text() {
        let out = r("[later](entry:draft)");
        assert!(out.html.contains("later") && !out.html.contains("<a"), "{}", out.html);
        assert!(!out.problems[0].is_error);
    }

    #[test]
    fn headings_never_take_the_ids_of_the_page_around_them() {
        let out = r("## Main\n\n## Source 1\n\n## Y2025\n\n## Sources {#sources-h}\n\n## Sources\n");
        for id in ["main-2", "source-1-2", "y2025-2", "sources-h-2", "sources"] {
            assert!(out.html.contains(&format!("id=\"{id}\"")), "{id}: {}", out.html);
        }
        for id in ["main", "source-1", "y2025", "sources-h"] {
            assert!(!out.html.contains(&format!("id=\"{id}\"")), "{id}: {}", out.html);
        }
    }

    #[test]
    fn headings_get_unique_ids() {
        let out = r("## Talks\n\n## Talks\n");
        assert!(out.html.contains("<h2 id=\"talks\">"));
        assert!(out.html.contains("<h2 id=\"talks-2\">"));
    }

    #[test]
    fn raw_html_escaped_by_default() {
        let out = r("<script>alert(1)</script>\n\nText <b>x</b>");
        assert!(!out.html.contains("<script>"), "{}", out.html);
        assert!(out.html.contains("&lt;script&gt;"));
    }

    #[test]
    fn footnotes_numbered_with_prefixed_ids() {
        let out = r("A claim.[^src]\n\n[^src]: The source.\n");
        assert!(out.html.contains("href=\"#fn-1\""), "{}", out.html);
        assert!(out.html.contains("<li id=\"fn-1\">"));
        assert!(out.html.contains("href=\"#fnref-1\""));
        assert!(!out.text.contains("The source"));
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        let out = r("# Title\n\nFirst *para*\ngraph.\n\nSecond.");
        assert_eq!(out.first_paragraph, "First para graph.");
    }

    #[test]
    fn smart_punctuation_and_tables() {
        let out = r("\"Quoted\" -- dash\n\n|a|b|\n|-|-|\n|1|2|\n");
        assert!(out.html.contains('“'));
        assert!(out.html.contains("<table>"));
        assert!(out.html.contains("class=\"table-wrap\""));
    }

    #[test]
    fn schemes_are_read_as_a_browser_reads_them() {
        for (url, scheme) in [
            ("javascript:alert(1)", Some("javascript")),
            (" JaVaScRiPt:alert(1)", Some("javascript")),
            ("java\tscript:x", Some("javascript")),
            ("\u{1}data:text/html,x", Some("data")),
            ("vbscript:msgbox", Some("vbscript")),
            ("https://example.org/", Some("https")),
            ("/entries/x/", None),
            ("#notes", None),
            ("../x.png", None),
            ("x.html?a=b:c", None),
            ("1http:x", None),
        ] {
            assert_eq!(url_scheme(url).as_deref(), scheme, "{url:?}");
        }
    }

    #[test]
    fn unsafe_links_and_images_are_dropped_and_reported() {
        let md = "[a](javascript:alert(1)) [b]( JAVASCRIPT:x) [c](&#106;avascript:x) <vbscript:x>\n\n\
                  ![img](data:text/html;base64,PHNjcmlwdD4=) [d][ref] text[^n]\n\n\
                  [ref]: javascript:ref\n\n[^n]: See [e](javascript:foot).\n";
        let out = r(md);
        let html = out.html.to_lowercase();
        for bad in ["javascript", "vbscript", "data:"] {
            for attr in ["href=\"", "src=\""] {
                assert!(!html.contains(&format!("{attr}{bad}")), "{attr}{bad} in {}", out.html);
            }
        }
        assert_eq!(
            html.matches("href=").count(),
            2,
            "only the footnote links: {}",
            out.html
        );
        assert_eq!(
            out.problems.iter().filter(|p| p.is_error).count(),
            7,
            "{:?}",
            out.problems
        );
        assert!(out.html.contains("img"), "alt text kept: {}", out.html);
        let ok = r("[w](https://example.org/) [m](mailto:a@example.org) [h](#x) [r](../x/) ![i](/i.png)");
        assert!(ok.problems.is_empty(), "{:?}", ok.problems);
        assert_eq!(ok.html.matches("href=").count(), 4);
        assert!(ok.html.contains("src=\"/i.png\""));
    }
}
