//! What `check --external` checks: every source `url` and `archive_url`
//! and every `http(s)` link or image in a Markdown body (entries, actors,
//! topics, pages and the configuration's `intro`), each distinct address
//! once with every place it is written. No network here: this part only
//! reads the documents, so it is tested on its own.

use std::collections::BTreeMap;

use crate::config::CONFIG_FILE;
use crate::content::parse::{Documents, Origin};
use crate::model::markdown;

/// What a place holds: the words a message calls it by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A source's `url`.
    Source,
    /// A source's `archive_url`.
    Archive,
    /// A link or image in Markdown.
    Link,
}

impl Kind {
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Source => "source URL",
            Kind::Archive => "archived copy",
            Kind::Link => "link",
        }
    }
}

/// One place an address is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Place {
    /// The file, relative to the chronicle's root.
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub kind: Kind,
    /// The address as written there (with its `#fragment`, if any).
    pub written: String,
    /// For a source's `url`: its `archive_url`, when it has one.
    pub archive: Option<String>,
}

/// One address to request, and every place it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The address without its `#fragment`, which is never sent.
    pub url: String,
    pub places: Vec<Place>,
}

impl Target {
    /// The host the address names (lowercased), or "" when it has none.
    pub fn host(&self) -> String {
        host_of(&self.url)
    }
}

/// The host of `url`, lowercased; "" when it has none.
pub fn host_of(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
        .unwrap_or_default()
}

/// `url` without its `#fragment`.
fn without_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(u, _)| u)
}

/// Every address of the chronicle, sorted, each with its places in file
/// order. Drafts are left out unless `drafts`, as `check` leaves them out.
/// `intro` is the configuration's, and `config_text` is `chronicle.yaml`
/// as written, to place the intro's links in it.
pub fn collect(docs: &Documents, intro: &str, config_text: &str, drafts: bool) -> Vec<Target> {
    let mut places: Vec<Place> = Vec::new();
    for e in docs.entries.iter().filter(|e| drafts || !e.draft) {
        let origin = &e.origin;
        for (i, s) in e.sources.iter().enumerate() {
            if let Some(url) = &s.url {
                places.push(front_matter_place(
                    origin,
                    i,
                    "url",
                    url,
                    Kind::Source,
                    s.archive_url.clone(),
                ));
            }
            if let Some(url) = &s.archive_url {
                places.push(front_matter_place(origin, i, "archive_url", url, Kind::Archive, None));
            }
        }
        body_places(origin, &mut places);
    }
    for origin in docs
        .actors
        .iter()
        .map(|a| &a.origin)
        .chain(docs.topics.iter().map(|t| &t.origin))
        .chain(docs.pages.iter().filter(|p| drafts || !p.draft).map(|p| &p.origin))
    {
        body_places(origin, &mut places);
    }
    intro_places(intro, config_text, &mut places);
    let mut by_url: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    for p in places {
        by_url
            .entry(without_fragment(&p.written).to_string())
            .or_default()
            .push(p);
    }
    by_url
        .into_iter()
        .map(|(url, mut places)| {
            places.sort();
            places.dedup();
            Target { url, places }
        })
        .collect()
}

fn front_matter_place(
    origin: &Origin,
    index: usize,
    sub: &str,
    url: &str,
    kind: Kind,
    archive: Option<String>,
) -> Place {
    let (line, column) = origin.item_value_position("sources", index, sub, url);
    Place {
        path: origin.rel.clone(),
        line,
        column,
        kind,
        written: url.to_string(),
        archive,
    }
}

fn body_places(origin: &Origin, out: &mut Vec<Place>) {
    for (offset, url) in markdown::external_links(origin.body()) {
        let (line, column) = origin.body_position(offset);
        out.push(Place {
            path: origin.rel.clone(),
            line,
            column,
            kind: Kind::Link,
            written: url,
            archive: None,
        });
    }
}

/// The `intro`'s links, placed where each address is written in
/// `chronicle.yaml` after the `intro:` key (at that key when not found:
/// YAML escapes can hide it).
fn intro_places(intro: &str, config_text: &str, out: &mut Vec<Place>) {
    let key_at = config_text
        .match_indices("intro:")
        .find(|(at, _)| *at == 0 || config_text.as_bytes()[at - 1] == b'\n')
        .map_or(0, |(at, _)| at);
    let mut from = key_at;
    for (_, url) in markdown::external_links(intro) {
        let at = match config_text[from..].find(url.as_str()) {
            Some(i) => {
                from += i + url.len();
                from - url.len()
            }
            None => key_at,
        };
        let before = &config_text[..at];
        out.push(Place {
            path: CONFIG_FILE.to_string(),
            line: before.matches('\n').count() + 1,
            column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
            kind: Kind::Link,
            written: url,
            archive: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load::{Section, SourceFile};
    use crate::content::parse::parse_all;

    fn file(section: Section, slug: &str, text: &str) -> SourceFile {
        SourceFile {
            translation: None,
            section,
            slug: slug.into(),
            rel: format!("content/{}/{slug}.md", section.dir()),
            text: text.into(),
        }
    }

    fn docs(files: Vec<SourceFile>) -> Documents {
        let (docs, diags) = parse_all(files);
        assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
        docs
    }

    const ENTRY: &str = "---
title: T
date: 2025-05-01
actors: [a]
sources:
  - title: S
    url: \"https://example.org/a\"
    archive_url: https://web.archive.org/web/2025/https://example.org/a
  - title: Other
    url: https://example.org/b#part
---
Body with [a link](https://example.org/b) and <https://example.org/c>,
an ![image](http://img.example.net/x.png \"t\") and [inside](entry:x), [mail](mailto:a@b.c).

[ref]: https://example.org/d
See [it][ref].
";

    #[test]
    fn sources_archives_and_body_links_with_their_places() {
        let d = docs(vec![file(Section::Entries, "e", ENTRY)]);
        let targets = collect(&d, "", "", false);
        let urls: Vec<&str> = targets.iter().map(|t| t.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "http://img.example.net/x.png",
                "https://example.org/a",
                "https://example.org/b",
                "https://example.org/c",
                "https://example.org/d",
                "https://web.archive.org/web/2025/https://example.org/a",
            ]
        );
        let at =
            |t: &Target| -> Vec<(usize, usize, Kind)> { t.places.iter().map(|p| (p.line, p.column, p.kind)).collect() };
        assert_eq!(at(&targets[1]), [(7, 11, Kind::Source)]);
        assert_eq!(
            targets[1].places[0].archive.as_deref(),
            Some("https://web.archive.org/web/2025/https://example.org/a")
        );
        assert_eq!(at(&targets[5]), [(8, 18, Kind::Archive)]);
        // One request for the address, every place reported; the fragment kept as written.
        assert_eq!(at(&targets[2]), [(10, 10, Kind::Source), (12, 20, Kind::Link)]);
        assert_eq!(targets[2].places[0].written, "https://example.org/b#part");
        assert_eq!(at(&targets[3]), [(12, 48, Kind::Link)]);
        assert_eq!(at(&targets[0]), [(13, 13, Kind::Link)]);
        // A reference link is placed at the link itself.
        assert_eq!(at(&targets[4]), [(16, 5, Kind::Link)]);
        assert_eq!(targets[0].host(), "img.example.net");
    }

    #[test]
    fn actors_topics_pages_and_the_intro_too_but_not_drafts() {
        let d = docs(vec![
            file(
                Section::Actors,
                "a",
                "---\nname: A\n---\nSee [x](https://a.example/).\n",
            ),
            file(Section::Topics, "t", "---\nname: T\n---\n<https://t.example/>\n"),
            file(Section::Pages, "p", "---\ntitle: P\n---\n[p](https://p.example/)\n"),
            file(
                Section::Pages,
                "q",
                "---\ntitle: Q\ndraft: true\n---\n[q](https://q.example/)\n",
            ),
            file(
                Section::Entries,
                "e",
                "---\ntitle: E\ndate: 2025\nactors: [a]\ndraft: true\n---\n[e](https://e.example/)\n",
            ),
        ]);
        let yaml = "title: X\nintro: |\n  Read [this](https://i.example/) first.\n";
        let urls = |drafts| -> Vec<String> {
            collect(&d, "Read [this](https://i.example/) first.\n", yaml, drafts)
                .into_iter()
                .map(|t| t.url)
                .collect()
        };
        assert_eq!(
            urls(false),
            [
                "https://a.example/",
                "https://i.example/",
                "https://p.example/",
                "https://t.example/"
            ]
        );
        assert_eq!(urls(true).len(), 6);
        let intro = collect(&d, "Read [this](https://i.example/) first.\n", yaml, false);
        let p = &intro[1].places[0];
        assert_eq!((p.path.as_str(), p.line, p.column), ("chronicle.yaml", 3, 15));
    }
}
