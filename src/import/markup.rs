//! TimelineJS text is HTML: made Markdown for bodies, plain text for titles,
//! captions and credits, with `htmd` (a turndown.js port on html5ever).
//!
//! Links are kept when they are web addresses (`http(s)`, `mailto`);
//! another link, such as a path on the site the timeline came from or a
//! `javascript:` one, would be broken or refused in the chronicle, so it
//! becomes its text, and the caller is told which.

use std::sync::{Arc, Mutex};

use htmd::element_handler::Handlers;
use htmd::{Element, HtmlToMarkdown};

/// Converts HTML to Markdown or to plain text.
pub(crate) struct Converter {
    markdown: HtmlToMarkdown,
    plain: HtmlToMarkdown,
    /// Links of the last conversion that were made text.
    dropped: Arc<Mutex<Vec<String>>>,
}

/// True for the links a chronicle keeps from imported HTML.
fn is_web_link(href: &str) -> bool {
    let h = href.trim().to_ascii_lowercase();
    (h.starts_with("https://") || h.starts_with("http://")) && crate::content::weburl::read(href).is_ok()
        || h.starts_with("mailto:")
}

/// True when `text` has anything HTML would read differently from plain
/// text: a tag, a comment or an entity.
fn looks_like_html(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
        || (text.contains('&') && text.contains(';'))
}

impl Converter {
    pub fn new() -> Converter {
        let dropped: Arc<Mutex<Vec<String>>> = Arc::default();
        let links = Arc::clone(&dropped);
        let images = Arc::clone(&dropped);
        let markdown = HtmlToMarkdown::builder()
            .skip_tags(vec!["script", "style", "iframe", "object", "embed", "template"])
            .add_handler(vec!["a"], move |h: &dyn Handlers, e: Element| {
                let href = attr(&e, "href");
                match href {
                    Some(href) if !is_web_link(&href) => {
                        if let Ok(mut d) = links.lock() {
                            d.push(href);
                        }
                        Some(h.walk_children(e.node))
                    }
                    _ => h.fallback(e),
                }
            })
            .add_handler(vec!["img"], move |h: &dyn Handlers, e: Element| {
                let src = attr(&e, "src").unwrap_or_default();
                if src.trim().to_ascii_lowercase().starts_with("https://") && is_web_link(&src) {
                    return h.fallback(e);
                }
                if let Ok(mut d) = images.lock() {
                    d.push(src);
                }
                Some(attr(&e, "alt").unwrap_or_default().into())
            })
            .build();
        // Plain text: every element is its text.
        let plain = HtmlToMarkdown::builder()
            .skip_tags(vec!["script", "style", "iframe", "object", "embed", "template", "img"])
            .add_handler(
                vec![
                    "a", "b", "strong", "i", "em", "u", "s", "code", "span", "small", "sup", "sub", "mark", "font",
                ],
                |h: &dyn Handlers, e: Element| Some(h.walk_children(e.node)),
            )
            .build();
        Converter {
            markdown,
            plain,
            dropped,
        }
    }

    /// `html` as Markdown, and the links it had that were made text. Text
    /// without any HTML in it is taken as it is (its line breaks kept).
    pub fn markdown(&self, html: &str) -> (String, Vec<String>) {
        if !looks_like_html(html) {
            return (html.trim().to_string(), Vec::new());
        }
        if let Ok(mut d) = self.dropped.lock() {
            d.clear();
        }
        let md = self.markdown.convert(html).unwrap_or_else(|_| html.to_string());
        let dropped = self
            .dropped
            .lock()
            .map(|mut d| std::mem::take(&mut *d))
            .unwrap_or_default();
        (md.trim().to_string(), dropped)
    }

    /// `html` as one line of plain text.
    pub fn plain(&self, html: &str) -> String {
        if !looks_like_html(html) {
            return super::one_line(html);
        }
        let md = self.plain.convert(html).unwrap_or_else(|_| html.to_string());
        super::one_line(&unescape(&md))
    }
}

/// An attribute of an element.
fn attr(e: &Element, name: &str) -> Option<String> {
    e.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.to_string())
}

/// Markdown's backslash escapes undone (`\*` → `*`), for plain text.
fn unescape(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut chars = md.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                if next.is_ascii_punctuation() {
                    out.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_markdown_with_its_web_links() {
        let c = Converter::new();
        let (md, dropped) = c.markdown(
            "<p>Dar met <b>Muttaqi</b> in <a href=\"https://example.org/kabul\">Kabul</a>.</p><p>Then <a href=\"/local/page\">home</a> &amp; <a href=\"javascript:alert(1)\">more</a>.</p>",
        );
        assert_eq!(
            md,
            "Dar met **Muttaqi** in [Kabul](https://example.org/kabul).\n\nThen home & more."
        );
        assert_eq!(dropped, ["/local/page", "javascript:alert(1)"]);
        // The list of dropped links is per conversion.
        let (_, dropped) = c.markdown("<p><a href=\"https://example.org/\">x</a></p>");
        assert!(dropped.is_empty());
    }

    #[test]
    fn plain_text_keeps_its_paragraphs() {
        let c = Converter::new();
        assert_eq!(c.markdown("One.\n\nTwo.").0, "One.\n\nTwo.");
        assert_eq!(c.markdown("5 < 6").0, "5 < 6");
    }

    #[test]
    fn titles_become_plain_text() {
        let c = Converter::new();
        assert_eq!(
            c.plain("<b>Talks</b> in <i>*Kabul*</i> &amp; [more]"),
            "Talks in *Kabul* & [more]"
        );
        assert_eq!(
            c.plain("<a href='https://flickr.com/x'>Photo: A. Khan</a>"),
            "Photo: A. Khan"
        );
        assert_eq!(c.plain("  plain\n title "), "plain title");
    }
}
