//! Markdown to HTML, with the chronicle's own link schemes.
//!
//! `[text](entry:slug)`, `actor:slug`, `topic:slug` and `page:slug` become
//! links to those pages through a resolver supplied by the link stage; a
//! target that does not exist is reported at its line and column. Headings get
//! stable ids and anchors, footnotes get ids that cannot clash with headings,
//! and raw HTML is escaped unless the site allows it.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

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
    /// Each inline citation `[1](source:1)` in order: the source's number
    /// (from 1) and where the link starts in the source text. Whether the
    /// number is one of the document's sources is checked when linking.
    pub citations: Vec<(usize, usize)>,
}

/// The scheme of an inline citation: `[1](source:1)` points at the
/// entry's first source.
pub const CITATION_SCHEME: &str = "source";

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
    let mut r = Renderer::new(allow_html, resolve);
    r.reserved_ids = explicit_ids(source);
    // A code block's text is shown as written: a `(actor:slug)` there is
    // meant to be read as it stands.
    let mut in_code_block = false;
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        r.record_text(&event);
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(t) if !in_code_block => r.stray_targets(t, source, range.clone()),
            _ => {}
        }
        if let Some(event) = r.rewrite(event, range.start) {
            r.emit(event);
        }
    }
    r.finish()
}

/// Every `http(s)` link and image of `source`, in order, each with the
/// byte offset of its address in `source` (of the link's start when the
/// address is not written there as is: a reference link, an escape).
pub fn external_links(source: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) = event else {
            continue;
        };
        if !matches!(url_scheme(&dest_url).as_deref(), Some("http" | "https")) {
            continue;
        }
        let url = dest_url.trim().to_string();
        let written = &source[range.clone()];
        let offset = written.rfind(url.as_str()).map_or(range.start, |at| range.start + at);
        out.push((offset, url));
    }
    out
}

/// Where the body's first top-level paragraph, its summary, is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Summary {
    NotYet,
    Inside,
    Done,
}

/// A heading being read: rendered once its text, and so its id, is known.
struct Heading<'a> {
    level: HeadingLevel,
    /// The id given with `{#id}`, if any.
    explicit_id: Option<String>,
    /// Where the heading starts in the source.
    offset: usize,
    inner: Vec<Event<'a>>,
}

/// The id of a heading with this text, in any script: the text in NFC,
/// lowercased, its letters, marks and digits kept and every other run of
/// characters one `-`, none at the ends (`Dar in Kabul!` is `dar-in-kabul`,
/// `## گفتگو` is `گفتگو`, `Café Zürich` is `café-zürich`). A zero-width
/// (non-)joiner inside a word is kept: it is part of the word's spelling
/// in Persian (`می‌خواهم`). Empty when the text has no letter or digit.
pub fn heading_id(text: &str) -> String {
    let joiner = |c: char| matches!(c, '\u{200C}' | '\u{200D}');
    let mut out = String::with_capacity(text.len());
    for c in text.nfc().flat_map(char::to_lowercase) {
        // Marks and joiners belong to the letter before them, if any.
        let in_word = !out.is_empty() && !out.ends_with('-');
        if c.is_alphanumeric() || ((is_combining_mark(c) || joiner(c)) && in_word) {
            out.push(c);
        } else {
            while out.ends_with(joiner) {
                out.pop();
            }
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
    }
    while out.ends_with(|c: char| c == '-' || joiner(c)) {
        out.pop();
    }
    out
}

/// Why `id`, written `{#id}`, cannot be a heading's id as written, if it
/// cannot: ids are used exactly as written, so they may hold only what
/// needs no escaping in a URL's fragment or an attribute.
fn bad_explicit_id(id: &str) -> Option<String> {
    let ok =
        |c: char| c.is_alphanumeric() || is_combining_mark(c) || matches!(c, '-' | '_' | '.' | '\u{200C}' | '\u{200D}');
    if id.chars().all(ok) && id.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let better = heading_id(id);
    let hint = if better.is_empty() {
        "for example `{#talks}`".to_string()
    } else {
        format!("`{{#{better}}}`, say")
    };
    Some(format!(
        "the heading id `{{#{id}}}` cannot be used as written: an id starts with a letter or digit and holds only letters, digits, marks, `-`, `_` and `.`; write {hint}"
    ))
}

/// The explicit `{#id}`s of the headings of `source`, when it has any: a
/// heading without one never takes them, wherever it stands.
fn explicit_ids(source: &str) -> HashSet<String> {
    if !source.contains("{#") {
        return HashSet::new();
    }
    Parser::new_ext(source, options())
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.nfc().collect()),
            _ => None,
        })
        .collect()
}

/// A footnote definition's events, kept for the notes after the body.
struct Footnote<'a> {
    name: String,
    events: Vec<Event<'a>>,
}

/// A footnote's number (by first reference) and its references so far.
struct FootnoteRef {
    number: usize,
    refs: usize,
}

/// One rendering of Markdown: the events on their way to HTML, and what
/// is learnt from them.
struct Renderer<'a, 'r> {
    allow_html: bool,
    resolve: &'r dyn Fn(&str, &str) -> Target,
    text: String,
    first_paragraph: String,
    summary: Summary,
    problems: Vec<Problem>,
    lookups: Vec<(String, String, Target)>,
    events: Vec<Event<'a>>,
    footnotes: Vec<Footnote<'a>>,
    footnote_refs: HashMap<String, FootnoteRef>,
    in_footnote: Option<Footnote<'a>>,
    heading: Option<Heading<'a>>,
    /// The ids the headings so far have.
    heading_ids: HashSet<String>,
    /// The last number given to each id that had to be numbered.
    numbered: HashMap<String, usize>,
    /// The `{#id}`s of the body's headings, which no other heading takes.
    reserved_ids: HashSet<String>,
    dropping_link: bool,
    dropping_image: usize,
    /// Container depth: lists, quotes, footnotes.
    depth: usize,
    citations: Vec<(usize, usize)>,
    /// Inside an inline citation's link: its end closes a `<sup>`.
    in_citation: bool,
}

impl<'a, 'r> Renderer<'a, 'r> {
    fn new(allow_html: bool, resolve: &'r dyn Fn(&str, &str) -> Target) -> Self {
        Renderer {
            allow_html,
            resolve,
            text: String::new(),
            first_paragraph: String::new(),
            summary: Summary::NotYet,
            problems: Vec::new(),
            lookups: Vec::new(),
            events: Vec::new(),
            footnotes: Vec::new(),
            footnote_refs: HashMap::new(),
            in_footnote: None,
            heading: None,
            heading_ids: HashSet::new(),
            numbered: HashMap::new(),
            reserved_ids: HashSet::new(),
            dropping_link: false,
            dropping_image: 0,
            depth: 0,
            citations: Vec::new(),
            in_citation: false,
        }
    }

    /// A chronicle link target left in plain text, `(actor:slug)`, is a
    /// link that did not form (a space or a line break between `]` and
    /// `(`, link text that spans an unmatched `[`, say): a warning where it
    /// stands, so it cannot go unnoticed. `text` is one text event of the
    /// body, written at `range` of `source`; a target written with a
    /// backslash, `\(actor:slug)`, is meant as text and left alone.
    fn stray_targets(&mut self, text: &str, source: &str, range: Range<usize>) {
        self.spaced_addresses(text, source, range.clone());
        // Where to look for the next target in the source.
        let mut cursor = range.start;
        // Every body's every text passes here: look only where a `(` is.
        for (start, _) in text.match_indices('(') {
            let rest = &text[start + 1..];
            let Some((scheme, after)) = rest.split_once(':') else {
                continue;
            };
            if !SCHEMES.contains(&scheme) && scheme != CITATION_SCHEME {
                continue;
            }
            let slug_len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '#')))
                .unwrap_or(after.len());
            let slug = &after[..slug_len];
            if slug.is_empty() {
                continue;
            }
            // The text is decoded (entities, escapes): find the target
            // where it is written.
            let written = format!("({scheme}:{slug}");
            let at = source
                .get(cursor..range.end)
                .and_then(|s| s.find(&written))
                .map_or(range.start + start, |i| cursor + i);
            cursor = (at + 1).max(cursor);
            if source.get(..at).is_some_and(|s| s.ends_with('\\')) {
                continue;
            }
            self.problems.push(Problem::warning(
                at,
                format!(
                    "`({scheme}:{slug})` is plain text here, not a link: write the link as `[text]({scheme}:{slug})`, its text in one pair of brackets with nothing between `]` and `(`"
                ),
            ));
        }
    }

    /// `[text](https://host/a b)`: a link Markdown does not make, since an
    /// address may not hold a space, and real data has them. A warning at
    /// the address says how to write it.
    fn spaced_addresses(&mut self, text: &str, source: &str, range: Range<usize>) {
        if !text.contains("(http") {
            return;
        }
        let Some(written) = source.get(range.clone()) else {
            return;
        };
        for (i, _) in written.match_indices("(http") {
            // The `]` before it may end the text event before this one.
            let at = range.start + i;
            if !source[..at].ends_with(']') {
                continue;
            }
            let address = &written[i + 1..];
            let Some(end) = address.find(')') else { continue };
            let address = &address[..end];
            if !address.contains(' ') || address.contains('\n') {
                continue;
            }
            self.problems.push(Problem::warning(
                at + 1,
                format!(
                    "`{address}` is not made a link: an address with a space must be written in angle brackets, `(<{address}>)`, or with the space as `%20`"
                ),
            ));
        }
    }

    /// Plain text, for search and the summary.
    fn record_text(&mut self, event: &Event) {
        if let Event::Text(t) | Event::Code(t) = event {
            if self.in_footnote.is_none() {
                self.text.push_str(t);
                if self.summary == Summary::Inside {
                    self.first_paragraph.push_str(t);
                }
            }
        }
        if matches!(
            event,
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph)
        ) {
            self.text.push(' ');
            if self.summary == Summary::Inside {
                self.first_paragraph.push(' ');
            }
        } else if matches!(
            event,
            Event::End(
                TagEnd::Heading(_)
                    | TagEnd::Item
                    | TagEnd::TableCell
                    | TagEnd::TableRow
                    | TagEnd::TableHead
                    | TagEnd::CodeBlock
                    | TagEnd::BlockQuote(_)
                    | TagEnd::DefinitionListTitle
                    | TagEnd::DefinitionListDefinition
            )
        ) {
            // Words of two blocks (a heading and the paragraph after it,
            // two table cells) stay two words.
            self.text.push(' ');
        }
    }

    /// The event to emit in place of `event` (at byte `offset`), if any.
    fn rewrite(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        match event {
            Event::Start(Tag::Paragraph)
                if self.depth == 0 && self.summary == Summary::NotYet && self.in_footnote.is_none() =>
            {
                self.summary = Summary::Inside;
                Some(event)
            }
            Event::End(TagEnd::Paragraph) if self.summary == Summary::Inside => {
                self.summary = Summary::Done;
                Some(event)
            }
            Event::Start(Tag::List(_)) | Event::Start(Tag::BlockQuote(_)) => {
                self.depth += 1;
                Some(event)
            }
            Event::End(TagEnd::List(_)) | Event::End(TagEnd::BlockQuote(_)) => {
                self.depth = self.depth.saturating_sub(1);
                Some(event)
            }
            Event::Start(Tag::Link { .. }) => self.link(event, offset),
            Event::Start(Tag::Image { .. }) => self.image(event, offset),
            Event::End(TagEnd::Image) if self.dropping_image > 0 => {
                self.dropping_image -= 1;
                None
            }
            Event::End(TagEnd::Link) if self.dropping_link => {
                self.dropping_link = false;
                None
            }
            Event::End(TagEnd::Link) if self.in_citation => {
                self.in_citation = false;
                self.emit(event);
                Some(Event::InlineHtml("</sup>".into()))
            }
            Event::Html(h) | Event::InlineHtml(h) if !self.allow_html => Some(Event::Text(h)),
            Event::Start(Tag::Table(_)) | Event::End(TagEnd::Table) => Some(self.table(event)),
            Event::FootnoteReference(name) => Some(self.footnote_reference(&name)),
            Event::Start(Tag::FootnoteDefinition(name)) => {
                self.in_footnote = Some(Footnote {
                    name: name.to_string(),
                    events: Vec::new(),
                });
                self.depth += 1;
                None
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.depth = self.depth.saturating_sub(1);
                if let Some(f) = self.in_footnote.take() {
                    self.footnotes.push(f);
                }
                None
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                self.heading = Some(Heading {
                    level,
                    explicit_id: id.map(|s| s.nfc().collect()),
                    offset,
                    inner: Vec::new(),
                });
                None
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = self.heading.take() {
                    self.heading(h);
                }
                None
            }
            other => Some(other),
        }
    }

    /// Adds `event` to the heading, footnote or body being read.
    fn emit(&mut self, event: Event<'a>) {
        if let Some(h) = self.heading.as_mut() {
            h.inner.push(event);
        } else if let Some(f) = self.in_footnote.as_mut() {
            f.events.push(event);
        } else {
            self.events.push(event);
        }
    }

    /// What `scheme:slug` resolves to, asking the resolver once per target.
    fn lookup(&mut self, scheme: &str, slug: &str) -> Target {
        if let Some((_, _, t)) = self.lookups.iter().find(|(s, g, _)| s == scheme && g == slug) {
            return t.clone();
        }
        let t = (self.resolve)(scheme, slug);
        self.lookups.push((scheme.to_string(), slug.to_string(), t.clone()));
        t
    }

    /// Drops the link being opened, keeping its text, with `problem` said.
    fn drop_link(&mut self, problem: Problem) -> Option<Event<'a>> {
        self.problems.push(problem);
        self.dropping_link = true;
        None
    }

    /// A link: internal targets resolved, unsafe URLs dropped.
    fn link(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        let Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) = event
        else {
            return Some(event);
        };
        if let Some(number) = dest_url.strip_prefix(CITATION_SCHEME).and_then(|r| r.strip_prefix(':')) {
            return self.citation(number, offset);
        }
        // A fragment is compared with ids in NFC, as heading ids are made.
        let dest_url = match dest_url.strip_prefix('#') {
            Some(fragment) if !fragment.is_ascii() => CowStr::from(format!("#{}", fragment.nfc())),
            _ => dest_url,
        };
        let dest_url = match internal_target(&dest_url) {
            Some((scheme, slug, fragment)) => match self.lookup(scheme, slug) {
                Target::Url(url) if fragment.is_ascii() => CowStr::from(format!("{url}{fragment}")),
                Target::Url(url) => CowStr::from(format!("{url}{}", fragment.nfc())),
                Target::Unlinked(msg) => return self.drop_link(Problem::warning(offset, msg)),
                Target::Broken(msg) => return self.drop_link(Problem::error(offset, msg)),
            },
            None => match unsafe_url(&dest_url) {
                Some(msg) => return self.drop_link(Problem::error(offset, msg)),
                None => self.web_link(dest_url, offset),
            },
        };
        Some(Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }))
    }

    /// An `http(s)` link as a browser reads it: characters a URL may not
    /// hold as written are percent-encoded, with a warning showing the
    /// result; one that cannot be a web address at all is kept as written,
    /// with a warning.
    fn web_link(&mut self, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
        if !matches!(url_scheme(&dest).as_deref(), Some("http" | "https")) {
            return dest;
        }
        match crate::content::weburl::read(&dest) {
            Ok(read) if read.encoded => {
                self.problems.push(Problem::warning(
                    offset,
                    crate::content::weburl::encoded_warning(&dest, &read.url),
                ));
                CowStr::from(read.url)
            }
            Ok(_) => dest,
            Err(m) => {
                self.problems.push(Problem::warning(offset, m));
                dest
            }
        }
    }

    /// An inline citation, `[1](source:1)`: a numbered superscript linking
    /// to the source in the entry's list, with an id the list links back to
    /// (`cite-1-2`: the second citation of source 1).
    fn citation(&mut self, number: &str, offset: usize) -> Option<Event<'a>> {
        let n = match number.trim().parse::<usize>() {
            Ok(n) if n >= 1 => n,
            _ => {
                return self.drop_link(Problem::error(
                    offset,
                    format!(
                        "`source:{number}` is not a source number: write `[1](source:1)` to cite the entry's first source, `[2](source:2)` its second"
                    ),
                ))
            }
        };
        let k = self.citations.iter().filter(|(m, _)| *m == n).count() + 1;
        self.citations.push((n, offset));
        self.in_citation = true;
        self.emit(Event::InlineHtml(
            format!("<sup class=\"cite\" id=\"cite-{n}-{k}\">").into(),
        ));
        Some(Event::Start(Tag::Link {
            link_type: pulldown_cmark::LinkType::Inline,
            dest_url: format!("#source-{n}").into(),
            title: format!("Source {n}").into(),
            id: "".into(),
        }))
    }

    /// An image: one with an unsafe or internal URL is dropped, its alt
    /// text kept as plain text.
    fn image(&mut self, event: Event<'a>, offset: usize) -> Option<Event<'a>> {
        let Event::Start(Tag::Image { dest_url, .. }) = &event else {
            return Some(event);
        };
        let problem = unsafe_url(dest_url).or_else(|| {
            internal_target(dest_url).map(|(scheme, _, _)| {
                format!("an image cannot point at `{scheme}:`; put the image under static/ and give its path")
            })
        });
        match problem {
            Some(msg) => {
                self.problems.push(Problem::error(offset, msg));
                self.dropping_image += 1;
                None
            }
            None => Some(event),
        }
    }

    /// A table, wrapped in a region that scrolls on its own. The wrapper's
    /// opening and the table's end go straight into the body's events.
    fn table(&mut self, event: Event<'a>) -> Event<'a> {
        if let Event::End(TagEnd::Table) = event {
            self.events.push(event);
            return Event::Html("</div>".into());
        }
        self.events.push(Event::Html(
            "<div class=\"table-wrap\" role=\"region\" aria-label=\"Table\" tabindex=\"0\">".into(),
        ));
        event
    }

    /// A footnote reference, numbered by the first reference to each note.
    fn footnote_reference(&mut self, name: &str) -> Event<'a> {
        let next = self.footnote_refs.len() + 1;
        let FootnoteRef { number: n, refs } = self
            .footnote_refs
            .entry(name.to_string())
            .or_insert(FootnoteRef { number: next, refs: 0 });
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

    /// A heading read to its end, given a unique id and an anchor.
    fn heading(&mut self, h: Heading<'a>) {
        let Heading {
            level,
            explicit_id,
            offset,
            inner,
        } = h;
        let text: String = inner
            .iter()
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let id = match explicit_id {
            Some(id) => self.explicit_heading_id(id, offset),
            None => {
                let base = heading_id(&text);
                let base = if base.is_empty() { "section".to_string() } else { base };
                self.unique_id(base)
            }
        };
        let target = match self.in_footnote.as_mut() {
            Some(f) => &mut f.events,
            None => &mut self.events,
        };
        target.push(Event::Html(format!("<{level} id=\"{id}\">").into()));
        target.extend(inner);
        target.push(Event::Html(
            format!(" <a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a></{level}>\n")
                .into(),
        ));
    }

    /// `base`, or `base-2`, `base-3`, ...: an id no heading has yet, that
    /// the page around the body does not use (`main`, `source-1`, a year)
    /// and that no heading's `{#id}` asks for.
    fn unique_id(&mut self, base: String) -> String {
        // A numbered id is never one of the page's own (`source-1-2` is no
        // source), so only headings are asked about it.
        let taken =
            |id: &str, given: &HashSet<String>, reserved: &HashSet<String>| given.contains(id) || reserved.contains(id);
        if !taken(&base, &self.heading_ids, &self.reserved_ids) && !is_page_id(&base) {
            self.heading_ids.insert(base.clone());
            return base;
        }
        let mut n = self.numbered.get(&base).copied().unwrap_or(1);
        loop {
            n += 1;
            let id = format!("{base}-{n}");
            if !taken(&id, &self.heading_ids, &self.reserved_ids) {
                self.numbered.insert(base, n);
                self.heading_ids.insert(id.clone());
                return id;
            }
        }
    }

    /// The id a heading's `{#id}` gives it: `id` as written, unless it
    /// cannot be (a character an id may not hold, an id the page or an
    /// earlier heading has), which is an error at the heading; the heading
    /// then gets an id of its own, so the page still has no duplicate.
    fn explicit_heading_id(&mut self, id: String, offset: usize) -> String {
        let problem = if let Some(why) = bad_explicit_id(&id) {
            Some(why)
        } else if is_page_id(&id) {
            Some(format!(
                "the heading id `{{#{id}}}` is one the page around the body uses for its own element; choose another"
            ))
        } else if self.heading_ids.contains(&id) {
            Some(format!(
                "the heading id `{{#{id}}}` is already an earlier heading's; give each heading its own"
            ))
        } else {
            None
        };
        match problem {
            None => {
                self.heading_ids.insert(id.clone());
                id
            }
            Some(message) => {
                self.problems.push(Problem::error(offset, message));
                let base = heading_id(&id);
                self.unique_id(if base.is_empty() { "section".to_string() } else { base })
            }
        }
    }

    /// The HTML of the body and its notes, and what was learnt.
    fn finish(self) -> Rendered {
        let mut html_out = String::new();
        html::push_html(&mut html_out, self.events.into_iter());
        push_footnotes(&mut html_out, self.footnotes, &self.footnote_refs);
        Rendered {
            html: html_out.into(),
            first_paragraph: collapse_spaces(&self.first_paragraph),
            text: self.text.into(),
            problems: self.problems,
            lookups: self.lookups,
            citations: self.citations,
        }
    }
}

/// The notes after the body, ordered by first reference; unreferenced
/// notes go last.
fn push_footnotes(html_out: &mut String, footnotes: Vec<Footnote>, refs: &HashMap<String, FootnoteRef>) {
    if footnotes.is_empty() {
        return;
    }
    let mut numbered: Vec<(usize, Option<usize>, Vec<Event>)> = footnotes
        .into_iter()
        .enumerate()
        .map(|(i, f)| match refs.get(&f.name) {
            Some(r) => (r.number, Some(r.number), f.events),
            None => (usize::MAX - 1000 + i, None, f.events),
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
        html::push_html(html_out, evs.into_iter());
        if let Some(n) = number {
            html_out.push_str(&format!(
                "<a href=\"#fnref-{n}\" class=\"footnote-back\" aria-label=\"Back to reference {n}\">↩</a>"
            ));
        }
        html_out.push_str("</li>\n");
    }
    html_out.push_str("</ol>\n</section>\n");
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
            .is_some_and(|rest| rest.get(..4).is_some_and(digits))
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
    fn a_link_target_left_as_text_is_a_warning() {
        let out = r("[Muttaqi], the minister(actor:pakistan) and [ok](actor:pakistan).\n");
        let warnings: Vec<&Problem> = out.problems.iter().filter(|p| !p.is_error).collect();
        assert_eq!(warnings.len(), 1, "{:?}", out.problems);
        assert!(warnings[0].message.contains("`(actor:pakistan)` is plain text"));
        assert_eq!(warnings[0].offset, 23);
    }

    #[test]
    fn a_link_target_left_as_text_is_located_where_it_is_written() {
        // Link text across a line break with an unmatched `[`, an entity
        // and smart quotes before the stray target, and a stray citation.
        let md = "Intro.\n\n[Amir Khan Muttaqi], who \"serves\" &amp; more\n…(actor:pakistan) and (source:2).\n";
        let out = r(md);
        let at: Vec<(usize, &str)> = out
            .problems
            .iter()
            .map(|p| (p.offset, &md[p.offset..p.offset + 7]))
            .collect();
        assert_eq!(
            at,
            [
                (md.find("(actor:").unwrap(), "(actor:"),
                (md.find("(source").unwrap(), "(source")
            ]
        );
        assert!(out.problems.iter().all(|p| !p.is_error), "{:?}", out.problems);
    }

    #[test]
    fn code_escapes_and_proper_links_are_not_stray_targets() {
        let md = "`(actor:pakistan)` in code, \\(actor:pakistan) escaped, [a link](actor:pakistan), [1](source:1).\n\n```\n(actor:pakistan)\n```\n\n    (topic:indented)\n";
        let out = r(md);
        assert_eq!(out.problems, [], "{md}");
        assert!(out.html.contains("(actor:pakistan)</code>"), "{}", out.html);
    }

    #[test]
    fn blocks_stay_apart_in_the_search_text() {
        let out = r("## A setback\n\nOn Monday\n\n- one\n- two\n\n| x | y |\n|---|---|\n| 1 | 2 |\n");
        let words: Vec<&str> = out.text.split_whitespace().collect();
        assert_eq!(
            words,
            ["A", "setback", "On", "Monday", "one", "two", "x", "y", "1", "2"]
        );
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
        // Asked for with `{#sources-h}`, that is an error at the heading.
        assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
        assert!(out.problems[0].is_error);
        assert!(
            out.problems[0].message.contains("`{#sources-h}` is one the page"),
            "{:?}",
            out.problems
        );
        assert_eq!(out.problems[0].offset, "## Main\n\n## Source 1\n\n## Y2025\n\n".len());
    }

    /// The `id="..."`s of the headings of `html`, in order.
    fn heading_ids_of(html: &str) -> Vec<String> {
        html.split("<h")
            .skip(1)
            .filter_map(|h| h.strip_prefix(|c: char| c.is_ascii_digit()))
            .filter_map(|h| h.strip_prefix(" id=\""))
            .map(|h| h[..h.find('"').unwrap()].to_string())
            .collect()
    }

    #[test]
    fn heading_ids_keep_every_script() {
        let out = r("## گفتگو\n\n## Café Zürich!\n\n## مُعاہدہ ۲۰۲۵\n\n## می\u{200C}خواهم \u{200C}\n\n## Cafe\u{0301}\n\n## گفتگو\n\n## 🕊\n");
        assert_eq!(
            heading_ids_of(&out.html),
            [
                "گفتگو",
                "café-zürich",
                "مُعاہدہ-۲۰۲۵",
                "می\u{200C}خواهم",
                "café",
                "گفتگو-2",
                "section"
            ]
        );
        assert!(out.problems.is_empty(), "{:?}", out.problems);
        // ASCII headings are as they always were.
        assert_eq!(heading_id("Dar in Kabul, 19 April!"), "dar-in-kabul-19-april");
        assert_eq!(heading_id("snake_case -- x"), "snake-case-x");
    }

    #[test]
    fn an_explicit_heading_id_is_kept_as_written_or_is_a_located_error() {
        let md = "## Talks\n\n## بات {#گفتگو}\n\n## Later {#Talks_2025}\n\n## X {#talks}\n\n## Y {#گفتگو}\n\n## Z {#-bad&id}\n\n[a](#گفتگو) [b](#talks)\n";
        let out = r(md);
        // The first heading does not take `talks`, which a later one asks for.
        assert_eq!(
            heading_ids_of(&out.html),
            ["talks-2", "گفتگو", "Talks_2025", "talks", "گفتگو-2", "bad-id"]
        );
        let problems: Vec<(usize, &str)> = out.problems.iter().map(|p| (p.offset, p.message.as_str())).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert_eq!(problems[0].0, md.find("## Y").unwrap());
        assert!(
            problems[0].1.contains("`{#گفتگو}` is already an earlier heading's"),
            "{problems:?}"
        );
        assert_eq!(problems[1].0, md.find("## Z").unwrap());
        assert!(
            problems[1].1.contains("`{#-bad&id}` cannot be used as written"),
            "{problems:?}"
        );
        assert!(problems[1].1.contains("`{#bad-id}`"), "{problems:?}");
        assert!(out.problems.iter().all(|p| p.is_error));
        // Links to the ids, percent-encoded as URLs are.
        assert!(
            out.html.contains("href=\"#%DA%AF%D9%81%D8%AA%DA%AF%D9%88\""),
            "{}",
            out.html
        );
    }

    #[test]
    fn fragments_are_compared_in_nfc() {
        // `é` written decomposed, in a same-page and an entry link.
        let out = render("[a](#cafe\u{0301}) [b](entry:x#cafe\u{0301})\n", false, &|_, _| {
            Target::Url("/entries/x/".into())
        });
        assert!(out.html.contains("href=\"#caf%C3%A9\""), "{}", out.html);
        assert!(out.html.contains("href=\"/entries/x/#caf%C3%A9\""), "{}", out.html);
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
