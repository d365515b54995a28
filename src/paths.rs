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
    SearchIndex,
    Data,
    /// Part `n` (2 or more) of a long list; part 1 is the list's own page.
    Part(Listing<'a>, usize),
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
            Place::SearchIndex => "search-index.json".into(),
            Place::Data => "data/chronicle.json".into(),
            Place::Part(list, n) => {
                let first = list.first().file();
                let folder = first.strip_suffix("index.html").unwrap_or(&first);
                format!("{folder}page/{n}/index.html")
            }
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
    }
}
