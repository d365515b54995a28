//! Every site URL and output path, in one place.
//!
//! A [`Place`] is one file of the site, named by what it is (an entry by
//! its slug, a year by its number). It gives the file's path inside the
//! output folder and its URL path under the site's root (the path part of
//! `base_url`, such as `/` or `/chronicle/`), so the link to a page and the
//! file it is written to can never disagree.

/// One file of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    Home,
    Entry(&'a str),
    Year(i32),
    Actors,
    Actor(&'a str),
    Topics,
    Topic(&'a str),
    /// The bibliography.
    Sources,
    /// The relations map.
    Map,
    /// The index of relations.
    Relations,
    /// A relation, by its slug `a--b`.
    Relation(&'a str),
    RelationFeed(&'a str),
    /// A free page.
    Page(&'a str),
    /// An entry's citation files, beside its page.
    EntryBibtex(&'a str),
    EntryRis(&'a str),
    EntryCsl(&'a str),
    /// Every cited source as CSL-JSON.
    SourcesCsl,
    /// Every entry as a spreadsheet, and every source an entry cites.
    EntriesCsv,
    SourcesCsv,
    /// The chronicle in TimelineJS's JSON format.
    TimelineJson,
    /// The calendar of planned entries, and an actor's.
    PlannedIcs,
    ActorIcs(&'a str),
    /// A page at an old URL sending readers on: the file as given.
    Redirect(&'a str),
    /// Every correction, newest first, and their feed.
    Corrections,
    CorrectionsFeed,
    NotFound,
    Search,
    /// The chronicle's Atom feed.
    Feed,
    ActorFeed(&'a str),
    TopicFeed(&'a str),
    Sitemap,
    /// Part `n` (from 1) of a sitemap too large for one file.
    SitemapPart(usize),
    Robots,
    /// The search index's manifest.
    SearchManifest,
    /// A file of the search index: a term shard or a chunk of entries.
    SearchPart(SearchPart, usize),
    Data,
    /// Part `n` (2 or more) of a long list; part 1 is the list's own page.
    Part(Listing<'a>, usize),
    /// The explore manifest: facets, dates and the patterns of the files below.
    ExploreIndex,
    /// The explore relations list, loaded only when relations are used.
    ExploreRelations,
    /// The entries naming an actor (a posting list), by slug.
    ExploreActor(&'a str),
    /// The entries on a topic, by slug.
    ExploreTopic(&'a str),
    /// The entries naming both actors of a relation, by slug `a--b`, with the pair's tones.
    ExploreRelation(&'a str),
    /// The entries of a status (`occurred`, `planned`...).
    ExploreStatus(&'a str),
    /// The entries declaring a tone (−2 to 2) for any pair.
    ExploreTone(i8),
    /// Result rows of entries `k*C` to `(k+1)*C - 1` (a chunk).
    ExploreEntries(usize),
}

/// A list of the site that may be split into parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing<'a> {
    Year(i32),
    Actor(&'a str),
    Topic(&'a str),
    Relation(&'a str),
    Sources,
    Relations,
    Actors,
}

impl<'a> Listing<'a> {
    /// The list's own page, its part 1.
    pub fn first(self) -> Place<'a> {
        match self {
            Listing::Year(y) => Place::Year(y),
            Listing::Actor(s) => Place::Actor(s),
            Listing::Topic(s) => Place::Topic(s),
            Listing::Relation(s) => Place::Relation(s),
            Listing::Sources => Place::Sources,
            Listing::Relations => Place::Relations,
            Listing::Actors => Place::Actors,
        }
    }

    /// Part `n` (counted from 1) of the list.
    pub fn part(self, n: usize) -> Place<'a> {
        if n <= 1 {
            self.first()
        } else {
            Place::Part(self, n)
        }
    }
}

/// The kinds of explore files with a key, and the name of their key in
/// [`explore_pattern`]'s patterns.
pub const EXPLORE_KINDS: [(&str, &str); 6] = [
    ("actor", "{slug}"),
    ("topic", "{slug}"),
    ("relation", "{slug}"),
    ("status", "{status}"),
    ("tone", "{n}"),
    ("entries", "{k}"),
];

fn explore_file(kind: &str, key: impl std::fmt::Display) -> String {
    format!("explore/{kind}/{key}.json")
}

/// The URL pattern of one kind of explore file under `root`, such as
/// `/explore/actor/{slug}.json`: the key's name in braces, for scripts to
/// fill in. `kind` is one of [`EXPLORE_KINDS`].
pub fn explore_pattern(root: &str, kind: &str) -> String {
    let key = EXPLORE_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("{key}", |(_, key)| key);
    format!("{root}{}", explore_file(kind, key))
}

/// The kinds of numbered file of the search index (see
/// [`crate::render::search`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SearchPart {
    /// A shard of terms and their postings.
    Terms,
    /// Records of a chunk of entries, to show them as results.
    Meta,
    /// Body text of a chunk of entries, for excerpts.
    Text,
}

impl SearchPart {
    fn dir(self) -> &'static str {
        match self {
            SearchPart::Terms => "terms",
            SearchPart::Meta => "meta",
            SearchPart::Text => "text",
        }
    }
}

/// The URL of `part`'s files under `root`, with `{n}` for the number:
/// `/search/terms/{n}.json`.
pub fn search_part_url(root: &str, part: SearchPart) -> String {
    format!("{root}search/{}/{{n}}.json", part.dir())
}

impl<'a> Place<'a> {
    /// The page an internal link `scheme:slug` points at (`entry`, `actor`,
    /// `topic` or `page`; see [`crate::model::markdown::SCHEMES`]).
    pub fn for_scheme(scheme: &str, slug: &'a str) -> Place<'a> {
        match scheme {
            "entry" => Place::Entry(slug),
            "actor" => Place::Actor(slug),
            "topic" => Place::Topic(slug),
            _ => Place::Page(slug),
        }
    }

    /// The file's path inside the output folder, with `/` separators.
    pub fn file(&self) -> String {
        match self {
            Place::Home => "index.html".into(),
            Place::Entry(slug) => format!("entries/{slug}/index.html"),
            Place::Year(year) => format!("years/{year}/index.html"),
            Place::Actors => "actors/index.html".into(),
            Place::Actor(slug) => format!("actors/{slug}/index.html"),
            Place::Topics => "topics/index.html".into(),
            Place::Topic(slug) => format!("topics/{slug}/index.html"),
            Place::Sources => "sources/index.html".into(),
            Place::Map => "map/index.html".into(),
            Place::Relations => "relations/index.html".into(),
            Place::Relation(slug) => format!("relations/{slug}/index.html"),
            Place::RelationFeed(slug) => format!("relations/{slug}/feed.xml"),
            Place::Page(slug) => format!("pages/{slug}/index.html"),
            Place::EntryBibtex(slug) => format!("entries/{slug}/cite.bib"),
            Place::EntryRis(slug) => format!("entries/{slug}/cite.ris"),
            Place::EntryCsl(slug) => format!("entries/{slug}/cite.json"),
            Place::SourcesCsl => "data/sources.json".into(),
            Place::EntriesCsv => "data/entries.csv".into(),
            Place::SourcesCsv => "data/sources.csv".into(),
            Place::TimelineJson => "data/timeline.json".into(),
            Place::PlannedIcs => "planned.ics".into(),
            Place::ActorIcs(slug) => format!("actors/{slug}/planned.ics"),
            Place::Redirect(file) => (*file).to_string(),
            Place::Corrections => "corrections/index.html".into(),
            Place::CorrectionsFeed => "corrections/feed.xml".into(),
            Place::NotFound => "404.html".into(),
            Place::Search => "search/index.html".into(),
            Place::Feed => "feed.xml".into(),
            Place::ActorFeed(slug) => format!("actors/{slug}/feed.xml"),
            Place::TopicFeed(slug) => format!("topics/{slug}/feed.xml"),
            Place::Sitemap => "sitemap.xml".into(),
            Place::SitemapPart(n) => format!("sitemap-{n}.xml"),
            Place::Robots => "robots.txt".into(),
            Place::SearchManifest => "search/manifest.json".into(),
            Place::SearchPart(part, n) => format!("search/{}/{n}.json", part.dir()),
            Place::Data => "data/chronicle.json".into(),
            Place::Part(list, n) => {
                let first = list.first().file();
                let folder = first.strip_suffix("index.html").unwrap_or(&first);
                format!("{folder}page/{n}/index.html")
            }
            Place::ExploreIndex => "explore/index.json".into(),
            Place::ExploreRelations => "explore/relations.json".into(),
            Place::ExploreActor(slug) => explore_file("actor", slug),
            Place::ExploreTopic(slug) => explore_file("topic", slug),
            Place::ExploreRelation(slug) => explore_file("relation", slug),
            Place::ExploreStatus(status) => explore_file("status", status),
            Place::ExploreTone(n) => explore_file("tone", n),
            Place::ExploreEntries(k) => explore_file("entries", k),
        }
    }

    /// The URL path of the file under `root` (which starts and ends with
    /// `/`): a folder's `index.html` is linked as the folder.
    pub fn url(&self, root: &str) -> String {
        let file = self.file();
        let path = file.strip_suffix("index.html").unwrap_or(&file);
        format!("{root}{path}")
    }
}

/// The folder of a language's pages in a chronicle with translations
/// (`ur/`, `fa-af/`): its tag in lower case. The chronicle's own
/// language has none: its pages are at the root.
pub fn language_dir(tag: &str) -> String {
    format!("{}/", tag.to_ascii_lowercase())
}

/// The URL of `fragment` on part `part` of the bibliography.
pub fn source_url(root: &str, part: usize, fragment: &str) -> String {
    format!("{}#{fragment}", Listing::Sources.part(part).url(root))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_and_urls_agree() {
        for (place, file, url) in [
            (Place::Home, "index.html", "/c/"),
            (
                Place::Entry("dar-visits-kabul"),
                "entries/dar-visits-kabul/index.html",
                "/c/entries/dar-visits-kabul/",
            ),
            (Place::Year(2025), "years/2025/index.html", "/c/years/2025/"),
            (
                Place::ActorFeed("pakistan"),
                "actors/pakistan/feed.xml",
                "/c/actors/pakistan/feed.xml",
            ),
            (Place::NotFound, "404.html", "/c/404.html"),
            (Place::Data, "data/chronicle.json", "/c/data/chronicle.json"),
            (Place::EntriesCsv, "data/entries.csv", "/c/data/entries.csv"),
            (Place::TimelineJson, "data/timeline.json", "/c/data/timeline.json"),
            (Place::PlannedIcs, "planned.ics", "/c/planned.ics"),
            (
                Place::ActorIcs("pakistan"),
                "actors/pakistan/planned.ics",
                "/c/actors/pakistan/planned.ics",
            ),
            (Place::ExploreIndex, "explore/index.json", "/c/explore/index.json"),
            (
                Place::ExploreRelation("a--b"),
                "explore/relation/a--b.json",
                "/c/explore/relation/a--b.json",
            ),
            (
                Place::ExploreTone(-2),
                "explore/tone/-2.json",
                "/c/explore/tone/-2.json",
            ),
            (
                Place::ExploreEntries(3),
                "explore/entries/3.json",
                "/c/explore/entries/3.json",
            ),
        ] {
            assert_eq!(place.file(), file);
            assert_eq!(place.url("/c/"), url);
        }
        assert_eq!(Place::for_scheme("topic", "trade").url("/"), "/topics/trade/");
        assert_eq!(source_url("/", 1, "src-1a"), "/sources/#src-1a");
        assert_eq!(source_url("/", 3, "src-1a"), "/sources/page/3/#src-1a");
        assert_eq!(Listing::Actor("tp").part(2).file(), "actors/tp/page/2/index.html");
        assert_eq!(Listing::Year(2025).part(4).url("/c/"), "/c/years/2025/page/4/");
        assert_eq!(Listing::Sources.part(1), Place::Sources);
        for part in [SearchPart::Terms, SearchPart::Meta, SearchPart::Text] {
            assert_eq!(
                search_part_url("/c/", part).replace("{n}", "12"),
                Place::SearchPart(part, 12).url("/c/")
            );
        }
        assert_eq!(Place::SearchManifest.url("/c/"), "/c/search/manifest.json");
        assert_eq!(explore_pattern("/c/", "tone"), "/c/explore/tone/{n}.json");
        assert_eq!(
            explore_pattern("/c/", "actor").replace("{slug}", "x"),
            Place::ExploreActor("x").url("/c/")
        );
    }
}
