//! `chronicle build` on the `basic` fixture: which pages exist and what they
//! say, links, base URLs, drafts, overrides, escaping and determinism.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use crate::util::{check_links, entry_slugs, read_tree, sel, text_of, Output, Site};

/// Every published entry of the fixture in time order. Less precise dates come
/// first in their period (`2025` before `2025-01-15`, `2025-03` before
/// `2025-03-22`), and the order differs from the slugs' alphabetical order.
/// The basic fixture's entries in timeline order: a date known only to
/// the month comes after that month's days, one known only to the year
/// after the year's months ("During 2025").
const CHRONOLOGY: &[&str] = &[
    "trade-talks-late-2024", // 2024-12-10
    "attacks-rise-2024",     // 2024
    "afghan-envoy-arrives",  // 2025-01-15
    "torkham-reopens",       // 2025-03-22
    "torkham-standoff",      // 2025-03
    "dar-visits-kabul",      // 2025-04-19
    "beijing-trilateral",    // 2025-05-21 to 2025-05-23
    "muttaqi-visit-planned", // 2025-08, planned
    "refugee-returns-2025",  // 2025
];

/// The same, newest first, as the home page shows them: from the latest
/// year and month, each closed by its "During" group as in time order.
const NEWEST: &[&str] = &[
    "muttaqi-visit-planned", // 2025-08
    "beijing-trilateral",    // 2025-05-21
    "dar-visits-kabul",      // 2025-04-19
    "torkham-reopens",       // 2025-03-22
    "torkham-standoff",      // 2025-03, after the days of March
    "afghan-envoy-arrives",  // 2025-01-15
    "refugee-returns-2025",  // 2025, after the months of 2025
    "trade-talks-late-2024", // 2024-12-10
    "attacks-rise-2024",     // 2024
];

const ACTORS: &[&str] = &[
    "afghanistan",
    "amir-khan-muttaqi",
    "china",
    "ishaq-dar",
    "pakistan",
    "taliban",
];
const TOPICS: &[&str] = &["border-management", "diplomacy", "trade-and-transit"];

const SHARED_URL: &str = "https://example.com/reports/security-2024";

fn basic() -> (Site, Output) {
    let site = Site::fixture("basic");
    let out = site.build();
    (site, out)
}

/// The entry slugs linked from the timeline of a page, in document order.
fn timeline(out: &Output, url: &str) -> Vec<String> {
    let page = out.page(url);
    entry_slugs(&page.attrs(".timeline a[href]", "href"), "/")
}

#[test]
fn every_page_kind_is_written() {
    let (_site, out) = basic();
    let mut expected = vec![
        "index.html".to_string(),
        "404.html".into(),
        "actors/index.html".into(),
        "topics/index.html".into(),
        "sources/index.html".into(),
        "pages/about/index.html".into(),
        "years/2024/index.html".into(),
        "years/2025/index.html".into(),
        "style.css".into(),
        "favicon.svg".into(),
        "words.js".into(),
        "explore.js".into(),
        "search.js".into(),
    ];
    expected.extend(CHRONOLOGY.iter().map(|s| format!("entries/{s}/index.html")));
    expected.extend(ACTORS.iter().map(|s| format!("actors/{s}/index.html")));
    expected.extend(TOPICS.iter().map(|s| format!("topics/{s}/index.html")));
    for path in &expected {
        assert!(out.exists(path), "missing {path}");
    }
    // No pages for entries, actors or topics that do not exist, and no year
    // archive for a year without entries.
    let files = out.files();
    let count = |prefix: &str| {
        files
            .keys()
            .filter(|p| p.starts_with(prefix) && p.ends_with("/index.html") && p.matches('/').count() == 2)
            .count()
    };
    assert_eq!(count("entries/"), CHRONOLOGY.len());
    assert_eq!(count("actors/"), ACTORS.len());
    assert_eq!(count("topics/"), TOPICS.len());
    assert_eq!(count("years/"), 2);
    // The style sheet is the theme's.
    let theme_css =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css")).unwrap();
    assert_eq!(files["style.css"], theme_css);
    // Every page is a complete document in the configured language.
    for path in out.html_files() {
        let page = out.html(&path);
        assert_eq!(page.attrs("html", "lang"), ["en"], "{path}");
        assert!(!page.text("head > title").is_empty(), "{path} has an empty <title>");
    }
}

#[test]
fn summary_line_counts_what_was_built() {
    let site = Site::fixture("basic");
    let (run, out) = site.build_to("out", &[]);
    run.assert_ok();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{run}");
    let line = lines[0];
    let rest = line
        .strip_prefix("built 9 entries, 6 actors, 3 topics: ")
        .unwrap_or_else(|| panic!("unexpected summary line {line:?}"));
    let (pages, rest) = rest.split_once(" pages written in ").expect(line);
    let ms = rest.strip_suffix(" ms").expect(line);
    let pages: usize = pages.parse().expect(line);
    ms.parse::<u64>().expect(line);
    // The pages counted are the files written besides the theme's static
    // files and chronicle's marker.
    let statics: HashSet<String> = read_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static"))
        .into_keys()
        .collect();
    let rendered = out
        .files()
        .into_keys()
        .filter(|p| !statics.contains(p) && p != ".chronicle-output")
        .count();
    assert_eq!(pages, rendered, "{line}");
    assert!(pages >= 26, "{line}: 26 HTML pages at least");
    // No warnings in the fixture: nothing on stderr.
    assert_eq!(run.stderr, "", "{run}");
}

#[test]
fn home_timeline_is_chronological_with_less_precise_dates_last() {
    let (_site, out) = basic();
    // The home page shows its window of latest entries newest first.
    assert_eq!(timeline(&out, "/"), NEWEST);
    // Year archives hold their own year's entries, in the same order.
    assert_eq!(timeline(&out, "/years/2024/"), CHRONOLOGY[..2]);
    assert_eq!(timeline(&out, "/years/2025/"), CHRONOLOGY[2..]);
    let y2024 = out.page("/years/2024/");
    assert!(y2024.all("a[rel=prev]").is_empty());
    assert_eq!(y2024.attrs("a[rel=next]", "href"), ["/years/2025/"]);
    let y2025 = out.page("/years/2025/");
    assert_eq!(y2025.attrs("a[rel=prev]", "href"), ["/years/2024/"]);
    assert!(y2025.all("a[rel=next]").is_empty());
}

#[test]
fn actor_page_lists_its_entries_in_time_order() {
    let (_site, out) = basic();
    let pakistan: Vec<&str> = CHRONOLOGY
        .iter()
        .copied()
        .filter(|s| *s != "dar-visits-kabul")
        .collect();
    assert_eq!(timeline(&out, "/actors/pakistan/"), pakistan);
    assert_eq!(
        timeline(&out, "/actors/amir-khan-muttaqi/"),
        ["dar-visits-kabul", "beijing-trilateral", "muttaqi-visit-planned"]
    );
    // The actor index counts entries per actor.
    let index = out.page("/actors/");
    let row = index
        .all("tr")
        .into_iter()
        .find(|tr| tr.select(&sel("a[href='/actors/pakistan/']")).next().is_some())
        .expect("a row for Pakistan");
    assert!(
        row.select(&sel("td")).map(text_of).any(|t| t == "8"),
        "Pakistan appears in 8 entries: {}",
        row.html()
    );
}

#[test]
fn actor_page_shows_co_appearing_actors_with_counts() {
    let (_site, out) = basic();
    let page = out.page("/actors/pakistan/");
    let partners: Vec<(String, String)> = page
        .all(".partners li")
        .into_iter()
        .map(|li| {
            let a = li.select(&sel("a")).next().expect("a link");
            let count = li.select(&sel(".count")).next().map(text_of).unwrap_or_default();
            (a.attr("href").unwrap().to_string(), count)
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("afghanistan", "5"),
        ("amir-khan-muttaqi", "2"),
        ("taliban", "2"),
        ("china", "1"),
        ("ishaq-dar", "1"),
    ]
    .iter()
    .map(|(s, n)| (format!("/actors/{s}/"), n.to_string()))
    .collect();
    assert_eq!(partners, expected);
}

#[test]
fn person_links_to_affiliation_and_state_lists_members() {
    let (_site, out) = basic();
    let dar = out.page("/actors/ishaq-dar/");
    assert_eq!(dar.text("h1"), "Ishaq Dar");
    assert!(
        dar.hrefs(".facts").contains(&"/actors/pakistan/".to_string()),
        "affiliation link: {:?}",
        dar.hrefs(".facts")
    );
    let pakistan = out.page("/actors/pakistan/");
    assert!(pakistan.hrefs(".facts").contains(&"/actors/ishaq-dar/".to_string()));
    // The organisation's right-to-left alias is shown, isolated for bidi.
    let taliban = out.page("/actors/taliban/");
    assert!(
        taliban.texts(".facts bdi").contains(&"طالبان".to_string()),
        "{:?}",
        taliban.texts(".facts bdi")
    );
    assert!(taliban
        .hrefs(".facts")
        .contains(&"/actors/amir-khan-muttaqi/".to_string()));
}

#[test]
fn alias_in_actors_resolves_to_the_actor() {
    // torkham-reopens names the Taliban by their Pashto alias "طالبان".
    let (site, out) = basic();
    assert!(site.read("content/entries/torkham-reopens.md").contains("\"طالبان\""));
    let entry = out.page("/entries/torkham-reopens/");
    let actors: Vec<(String, String)> = entry
        .all(".facts a[href^='/actors/']")
        .into_iter()
        .map(|a| (a.attr("href").unwrap().to_string(), text_of(a)))
        .collect();
    assert_eq!(
        actors,
        [
            ("/actors/pakistan/".to_string(), "Pakistan".to_string()),
            ("/actors/taliban/".to_string(), "Taliban".to_string())
        ]
    );
    assert!(timeline(&out, "/actors/taliban/").contains(&"torkham-reopens".to_string()));
    assert!(!out.exists("actors/طالبان/index.html"));
}

#[test]
fn entry_page_links_actors_topics_and_numbered_sources() {
    let (_site, out) = basic();
    let page = out.page("/entries/torkham-reopens/");
    assert_eq!(page.text("h1"), "Torkham crossing reopens");
    assert_eq!(
        page.hrefs(".facts"),
        [
            "/actors/pakistan/",
            "/actors/taliban/",
            "/topics/border-management/",
            "/relations/pakistan--taliban/"
        ]
    );
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        ["https://example.org/entries/torkham-reopens/"]
    );
    // Sources in the written order, numbered, each pointing into the bibliography.
    let sources = page.all("section.sources ol > li");
    assert_eq!(sources.len(), 2);
    assert_eq!(page.attrs("section.sources ol > li", "id"), ["source-1", "source-2"]);
    let first: Vec<&str> = sources[0]
        .select(&sel("a[href]"))
        .filter_map(|a| a.attr("href"))
        .collect();
    assert_eq!(first[0], "https://example.com/dawn/torkham-reopens");
    assert!(text_of(sources[0]).contains("Dawn"));
    assert!(text_of(sources[0]).contains("22 March 2025"));
    // A source without a URL is cited, not linked.
    assert!(text_of(sources[1]).contains("Interview with a customs officer"));
    assert!(text_of(sources[1]).contains("A. Reporter"));
    let second: Vec<&str> = sources[1]
        .select(&sel("a[href]"))
        .filter_map(|a| a.attr("href"))
        .collect();
    assert!(
        second.iter().all(|h| h.starts_with("/sources/#")),
        "only the bibliography link: {second:?}"
    );
    // Markdown extras: a footnote with working anchors and a table.
    assert_eq!(page.attrs(".body sup a", "href"), ["#fn-1"]);
    assert!(page.has_id("fn-1") && page.has_id("fnref-1"));
    assert_eq!(page.texts(".body table th"), ["Crossing", "Days closed"]);
    assert_eq!(page.texts(".body table td"), ["Torkham", "27"]);
}

#[test]
fn entry_page_shows_related_backlinks_and_neighbours() {
    let (_site, out) = basic();
    // torkham-reopens names torkham-standoff in `related`; dar-visits-kabul
    // names torkham-reopens, so it is a backlink there.
    let page = out.page("/entries/torkham-reopens/");
    let lists: Vec<Vec<String>> = page
        .all("section.links ul")
        .into_iter()
        .map(|ul| {
            ul.select(&sel("a"))
                .map(|a| a.attr("href").unwrap().to_string())
                .collect()
        })
        .collect();
    assert_eq!(page.texts("section.links h3"), ["Follows from", "Referred to by"]);
    assert_eq!(lists, [["/entries/torkham-standoff/"], ["/entries/dar-visits-kabul/"]]);
    assert_eq!(page.attrs("a[rel=prev]", "href"), ["/entries/afghan-envoy-arrives/"]);
    assert_eq!(page.attrs("a[rel=next]", "href"), ["/entries/torkham-standoff/"]);

    // The backlink shows on the entry named, not on the one naming it.
    let standoff = out.page("/entries/torkham-standoff/");
    assert_eq!(standoff.texts("section.links h3"), ["Referred to by"]);
    assert_eq!(standoff.hrefs("section.links"), ["/entries/torkham-reopens/"]);
    let envoy = out.page("/entries/afghan-envoy-arrives/");
    assert!(envoy.all("section.links").is_empty(), "no related entries, no section");

    // Previous and next follow the whole chronology, ends included.
    for (i, slug) in CHRONOLOGY.iter().enumerate() {
        let page = out.page(&format!("/entries/{slug}/"));
        let prev: Vec<String> = i
            .checked_sub(1)
            .map(|k| format!("/entries/{}/", CHRONOLOGY[k]))
            .into_iter()
            .collect();
        let next: Vec<String> = CHRONOLOGY
            .get(i + 1)
            .map(|s| format!("/entries/{s}/"))
            .into_iter()
            .collect();
        assert_eq!(page.attrs("a[rel=prev]", "href"), prev, "{slug}");
        assert_eq!(page.attrs("a[rel=next]", "href"), next, "{slug}");
    }
}

#[test]
fn body_links_are_rewritten_to_pages() {
    let (_site, out) = basic();
    let page = out.page("/entries/torkham-reopens/");
    let body: Vec<String> = page
        .hrefs(".body")
        .into_iter()
        .filter(|h| !h.starts_with('#'))
        .collect();
    assert_eq!(
        body,
        [
            "/entries/torkham-standoff/",
            "/actors/pakistan/",
            "/actors/taliban/",
            "/topics/border-management/"
        ]
    );
    // In actor profiles and free pages too, with fragments kept.
    let dar = out.page("/actors/ishaq-dar/");
    assert_eq!(dar.hrefs(".body"), ["/entries/dar-visits-kabul/"]);
    let about = out.page("/pages/about/");
    assert_eq!(
        about
            .hrefs(".body")
            .into_iter()
            .filter(|h| !h.starts_with('#'))
            .collect::<Vec<_>>(),
        [
            "/actors/pakistan/",
            "/actors/afghanistan/",
            "/entries/beijing-trilateral/#sources-h"
        ]
    );
    // No scheme link survives anywhere.
    for path in out.html_files() {
        for href in out.html(&path).attrs("[href]", "href") {
            for scheme in ["entry:", "actor:", "topic:", "page:"] {
                assert!(!href.starts_with(scheme), "{path}: unresolved link {href}");
            }
        }
    }
}

#[test]
fn dates_are_shown_with_their_precision() {
    let (_site, out) = basic();
    let cases = [
        ("attacks-rise-2024", "2024", "2024"),
        ("torkham-standoff", "2025-03", "March 2025"),
        ("torkham-reopens", "2025-03-22", "22 March 2025"),
        ("beijing-trilateral", "2025-05-21", "21–23 May 2025"),
        ("muttaqi-visit-planned", "2025-08", "August 2025"),
    ];
    for (slug, iso, human) in cases {
        let page = out.page(&format!("/entries/{slug}/"));
        let time = page.all("main time[datetime]")[0];
        assert_eq!(time.attr("datetime"), Some(iso), "{slug}");
        assert_eq!(text_of(time), human, "{slug}");
    }
    // Statuses other than `occurred` are shown.
    assert!(out
        .page("/entries/muttaqi-visit-planned/")
        .texts(".badge")
        .contains(&"planned".to_string()));
    assert!(out
        .page("/entries/attacks-rise-2024/")
        .texts(".badge")
        .contains(&"disputed".to_string()));
    assert!(out.page("/entries/torkham-reopens/").all(".badge").is_empty());
}

#[test]
fn topic_pages_list_their_entries() {
    let (_site, out) = basic();
    assert_eq!(
        timeline(&out, "/topics/trade-and-transit/"),
        ["trade-talks-late-2024", "torkham-standoff", "beijing-trilateral"]
    );
    let topics = out.page("/topics/");
    assert_eq!(
        topics.hrefs(".topic-list"),
        [
            "/topics/border-management/",
            "/topics/diplomacy/",
            "/topics/trade-and-transit/"
        ]
    );
}

#[test]
fn drafts_are_left_out_by_default() {
    let (_site, out) = basic();
    assert!(!out.exists("entries/secret-draft/index.html"));
    // Not linked or mentioned anywhere: pages, feeds, indexes, data.
    for (path, bytes) in out.files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("secret-draft"), "{path} mentions the draft");
        assert!(!text.contains("back-channel"), "{path} mentions the draft");
    }
}

#[test]
fn drafts_are_included_with_the_flag() {
    let site = Site::fixture("basic");
    let (run, out) = site.build_to("out", &["--drafts"]);
    run.assert_ok();
    assert!(run.stdout.starts_with("built 10 entries, "), "{run}");
    assert!(out.exists("entries/secret-draft/index.html"));
    let mut expected: Vec<&str> = NEWEST.to_vec();
    expected.insert(1, "secret-draft"); // 2025-06-01
    assert_eq!(timeline(&out, "/"), expected);
    assert!(timeline(&out, "/actors/pakistan/").contains(&"secret-draft".to_string()));
}

#[test]
fn sources_page_lists_a_shared_url_once_with_every_citing_entry() {
    let (_site, out) = basic();
    let page = out.page("/sources/");
    let items: Vec<_> = page
        .all("li[id]")
        .into_iter()
        .filter(|li| li.select(&sel(".cited-by")).next().is_some())
        .collect();
    // 11 citations, 10 distinct sources: one URL is cited twice.
    assert_eq!(items.len(), 10, "{:?}", page.attrs("li[id]", "id"));
    let shared: Vec<_> = items
        .iter()
        .filter(|li| li.select(&sel("a[href]")).any(|a| a.attr("href") == Some(SHARED_URL)))
        .collect();
    assert_eq!(shared.len(), 1);
    let cited_by: Vec<String> = shared[0]
        .select(&sel(".cited-by a"))
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    assert_eq!(cited_by, ["/entries/attacks-rise-2024/", "/entries/dar-visits-kabul/"]);
    // Both entries point at that one record.
    let id = shared[0].attr("id").unwrap();
    for slug in ["attacks-rise-2024", "dar-visits-kabul"] {
        let entry = out.page(&format!("/entries/{slug}/"));
        assert!(
            entry.hrefs("section.sources").contains(&format!("/sources/#{id}")),
            "{slug}: {:?}",
            entry.hrefs("section.sources")
        );
    }
    // Grouped by publisher: Dawn's three articles together.
    let dawn = page
        .all("section")
        .into_iter()
        .find(|s| {
            s.select(&sel("h2"))
                .next()
                .is_some_and(|h| text_of(h).starts_with("Dawn"))
        })
        .expect("a Dawn section");
    assert_eq!(dawn.select(&sel("ul.bibliography > li")).count(), 3);
}

#[test]
fn every_internal_link_resolves() {
    let (_site, out) = basic();
    let checked = check_links(&out, "/");
    assert!(checked > 300, "only {checked} links checked");
}

#[test]
fn the_link_checker_finds_broken_links() {
    // The check above must be able to fail: break the output and see.
    let (_site, out) = basic();
    std::fs::remove_file(out.dir.join("entries/torkham-standoff/index.html")).unwrap();
    let missing_page = std::panic::catch_unwind(|| check_links(&out, "/"));
    assert!(missing_page.is_err(), "a link to a deleted page went unnoticed");
    let (_site, out) = basic();
    let path = out.dir.join("sources/index.html");
    let html = std::fs::read_to_string(&path)
        .unwrap()
        .replace("id=\"src-", "id=\"gone-");
    std::fs::write(&path, html).unwrap();
    let missing_id = std::panic::catch_unwind(|| check_links(&out, "/"));
    assert!(missing_id.is_err(), "a link to a missing #fragment went unnoticed");
}

#[test]
fn every_internal_link_resolves_with_drafts() {
    let site = Site::fixture("basic");
    let out = site.build_with(&["--drafts"]);
    check_links(&out, "/");
}

#[test]
fn base_url_with_a_sub_path_prefixes_every_internal_link() {
    let site = Site::fixture("basic");
    let out = site.build_with(&["--base-url", "https://example.org/sub/"]);
    let mut rooted = 0;
    for path in out.html_files() {
        let page = out.html(&path);
        for link in page
            .attrs("[href]", "href")
            .into_iter()
            .chain(page.attrs("[src]", "src"))
        {
            if link.starts_with('/') {
                rooted += 1;
                assert!(link.starts_with("/sub/"), "{path}: {link} ignores the sub-path");
            }
        }
        let canonical = page.attrs("link[rel=canonical]", "href");
        assert_eq!(canonical.len(), 1, "{path}");
        assert!(
            canonical[0].starts_with("https://example.org/sub/"),
            "{path}: canonical {}",
            canonical[0]
        );
    }
    assert!(rooted > 300, "only {rooted} root-relative links");
    let entry = out.html("entries/torkham-reopens/index.html");
    assert_eq!(
        entry.attrs("link[rel=canonical]", "href"),
        ["https://example.org/sub/entries/torkham-reopens/"]
    );
    assert!(entry
        .hrefs(".body")
        .contains(&"/sub/entries/torkham-standoff/".to_string()));
    // The links resolve in a site served from /sub/.
    check_links(&out, "/sub/");
}

#[test]
fn base_url_in_config_is_used() {
    let site = Site::fixture("basic");
    let config = site
        .read("chronicle.yaml")
        .replace("https://example.org/", "https://example.net/archive/chronicle");
    site.write("chronicle.yaml", &config);
    let out = site.build();
    let home = out.html("index.html");
    assert_eq!(
        home.attrs("link[rel=canonical]", "href"),
        ["https://example.net/archive/chronicle/"]
    );
    assert_eq!(
        home.attrs("link[rel=stylesheet]", "href"),
        ["/archive/chronicle/style.css"]
    );
    check_links(&out, "/archive/chronicle/");
}

#[test]
fn builds_are_byte_for_byte_deterministic() {
    let site = Site::fixture("basic");
    let (a, out_a) = site.build_to("out-a", &[]);
    a.assert_ok();
    // A second copy of the same chronicle in another folder.
    let other = Site::fixture("basic");
    let (b, out_b) = other.build_to("out-b", &[]);
    b.assert_ok();
    let (fa, fb): (BTreeMap<_, _>, BTreeMap<_, _>) = (out_a.files(), out_b.files());
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (path, bytes) in &fa {
        assert!(bytes == &fb[path], "{path} differs between two builds");
    }
    // Rebuilding in place gives the same bytes again.
    let (c, out_c) = site.build_to("out-a", &[]);
    c.assert_ok();
    assert_eq!(out_c.files(), fa);
}

#[test]
fn rebuild_replaces_the_previous_output() {
    let site = Site::fixture("basic");
    let out = site.build();
    assert!(out.exists("entries/torkham-standoff/index.html"));
    // Unlink it first, then remove it.
    let reopens = site.read("content/entries/torkham-reopens.md");
    site.write(
        "content/entries/torkham-reopens.md",
        &reopens
            .replace("related: [torkham-standoff]\n", "")
            .replace("(entry:torkham-standoff)", "(topic:border-management)"),
    );
    site.remove("content/entries/torkham-standoff.md");
    let out = site.build();
    assert!(
        !out.exists("entries/torkham-standoff/index.html"),
        "stale page left behind"
    );
    assert!(out.exists("entries/torkham-reopens/index.html"));
    assert!(!timeline(&out, "/").contains(&"torkham-standoff".to_string()));
    // No staging folders are left beside the output.
    let leftovers: Vec<_> = std::fs::read_dir(site.path(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "root" && n != "out")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = Site::fixture("basic");
    site.write(
        "templates/entry.html",
        "{% extends \"base.html\" %}\n{% block content %}<article class=\"custom\"><h1 id=\"custom-title\">{{ entry.title }}</h1><p class=\"custom-when\">{{ entry.when }}</p></article>{% endblock content %}\n",
    );
    site.write(
        "static/style.css",
        "/* the site's own style */\nbody { color: black; }\n",
    );
    let out = site.build();
    let page = out.page("/entries/beijing-trilateral/");
    assert_eq!(page.text("#custom-title"), "Trilateral talks in Beijing");
    assert_eq!(page.text(".custom-when"), "21–23 May 2025");
    assert!(
        page.all("section.sources").is_empty(),
        "the theme's entry template was used"
    );
    // Other pages keep the theme's templates.
    assert_eq!(out.page("/actors/pakistan/").all("article.profile").len(), 1);
    assert_eq!(
        out.read("style.css"),
        "/* the site's own style */\nbody { color: black; }\n"
    );
    let favicon =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/favicon.svg")).unwrap();
    assert_eq!(out.files()["favicon.svg"], favicon);
}

const HOSTILE_TITLE: &str = "<script>alert(\"x\")</script> & \"quotes\"";
const HOSTILE_ACTOR: &str = "Bad </script><script>alert('actor')</script> Actor";

fn hostile_site() -> Site {
    let site = Site::fixture("basic");
    site.write(
        "content/actors/bad-actor.md",
        "---\nname: \"Bad </script><script>alert('actor')</script> Actor\"\nkind: group\naliases: [\"<img src=x onerror=alert(3)>\"]\nrole: \"<b>role</b>\"\n---\n\nProfile <script>alert(\"profile\")</script>\n",
    );
    site.write(
        "content/entries/hostile.md",
        r#"---
title: '<script>alert("x")</script> & "quotes"'
date: 2025-06-15
actors: [pakistan, bad-actor]
summary: 'Summary <img src=x onerror=alert(1)>'
location: '<b>Here</b>'
sources:
  - title: '<script>alert("src")</script>'
    publisher: '</script><script>alert(1)</script>'
    url: 'https://example.com/?q="><script>alert(1)</script>'
---

<script>alert("body")</script>

Text with <b>inline</b> HTML and <img src=x onerror=alert(2)>.
"#,
    );
    site
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let site = hostile_site();
    let out = site.build();
    let entry = out.page("/entries/hostile/");
    assert_eq!(entry.text("h1"), HOSTILE_TITLE);
    assert_eq!(out.page("/actors/bad-actor/").text("h1"), HOSTILE_ACTOR);
    for (path, bytes) in out.files() {
        if !(path.ends_with(".html") || path.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("<script>alert"), "{path} has a raw <script>");
        assert!(!text.contains("<img src=x"), "{path} has a raw <img>");
        if path.ends_with(".html") {
            let page = out.html(&path);
            assert!(page.all("[onerror]").is_empty(), "{path} has an onerror attribute");
            // A `</script>` that got through would end a script element early
            // and start a new one with the attacker's code.
            for script in page.all("script") {
                assert!(!text_of(script).starts_with("alert"), "{path}: {}", script.html());
            }
            assert!(
                page.all("b").into_iter().all(|b| !text_of(b).contains("Here")),
                "{path}: raw <b> from front matter"
            );
        }
    }
    // The hostile actor's name shows as text on the entry and the index.
    assert!(entry.texts(".facts a").contains(&HOSTILE_ACTOR.to_string()));
    assert!(out.page("/actors/").texts("td a").contains(&HOSTILE_ACTOR.to_string()));
}

#[test]
fn raw_html_in_markdown_is_escaped_by_default() {
    let site = hostile_site();
    let out = site.build();
    let entry = out.page("/entries/hostile/");
    let body = entry.text(".body");
    assert!(body.contains("<script>alert(\"body\")</script>"), "{body}");
    assert!(body.contains("<b>inline</b>"), "{body}");
    assert!(entry.all(".body b").is_empty());
    assert!(entry.all(".body img").is_empty());
}

#[test]
fn raw_html_in_markdown_passes_with_allow_html() {
    let site = Site::fixture("basic");
    let config = site.read("chronicle.yaml") + "allow_html: true\n";
    site.write("chronicle.yaml", &config);
    site.write(
        "content/entries/with-html.md",
        "---\ntitle: \"With HTML\"\ndate: 2025-06-15\nactors: [pakistan]\nsources:\n  - title: S\n---\n\nText with <b>bold</b> and <abbr title=\"Border\">BM</abbr>.\n",
    );
    let out = site.build();
    let entry = out.page("/entries/with-html/");
    assert_eq!(entry.texts(".body b"), ["bold"]);
    assert_eq!(entry.attrs(".body abbr", "title"), ["Border"]);
}

#[test]
fn right_to_left_names_render_as_text() {
    let site = Site::fixture("basic");
    site.write(
        "content/actors/tolo.md",
        "---\nname: \"طلوع نیوز\"\nkind: organization\n---\n\nA broadcaster in Kabul.\n",
    );
    site.write(
        "content/entries/tolo-report.md",
        "---\ntitle: \"TOLOnews reports on the crossing\"\ndate: 2025-03-23\nactors: [tolo, afghanistan]\nsources:\n  - title: \"گزارش\"\n    publisher: \"طلوع نیوز\"\n---\n\nReport by [طلوع](actor:tolo).\n",
    );
    let out = site.build();
    assert_eq!(out.page("/actors/tolo/").text("h1"), "طلوع نیوز");
    let entry = out.page("/entries/tolo-report/");
    assert!(entry.texts(".facts bdi").contains(&"طلوع نیوز".to_string()));
    assert_eq!(entry.hrefs(".body"), ["/actors/tolo/"]);
    check_links(&out, "/");
}

// The pages of the `theme` fixture (under the sub-path `/sub/`) with their
// charts: barometers, activity strips and the relations map.

/// The `theme` fixture, built.
fn theme() -> (Site, Output) {
    let site = Site::fixture("theme");
    let out = site.build();
    (site, out)
}

/// The entries of a site's source, and how many of them have a tone in
/// their front matter.
fn entries_and_toned(site: &Site) -> (usize, usize) {
    let dir = site.root().join("content/entries");
    let mut entries = 0;
    let mut toned = 0;
    for file in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
        let front = text.split("---").nth(1).unwrap_or_default();
        entries += 1;
        // A bare `tone:` is the focus pair's, which the home page charts.
        toned += usize::from(front.lines().any(|l| l.starts_with("tone:")));
    }
    (entries, toned)
}

#[test]
fn home_page_has_the_barometer_with_a_point_per_toned_entry() {
    let (site, out) = theme();
    let html = out.read("index.html");
    let home = out.page("/");
    let count = |css: &str| home.all(css).len();
    let (entries, toned) = entries_and_toned(&site);
    assert_eq!(toned, 6);
    // Drawn twice, for wide and narrow screens; in each, a mark (known to
    // the day) or a bar (known to the month or year) per entry with a tone.
    for layout in ["chart-wide", "chart-narrow"] {
        let marks = format!("svg.barometer.{layout} .pt, svg.barometer.{layout} .span");
        assert_eq!(count(&marks), toned, "{layout}");
        assert_eq!(count(&format!("svg.barometer.{layout} .span")), 3, "{layout}");
    }
    assert_eq!(count("svg.barometer > title"), 2);
    assert_eq!(count("svg.barometer > desc"), 2);
    // The table fallback has a row per month and per undated year.
    assert!(count(".chart-data table tbody tr") >= 5);
    // Timeline: years, months, one card per entry, with status badges.
    assert_eq!(count(".timeline article.card"), entries);
    assert_eq!(count(".timeline section.year"), 3);
    assert_eq!(count(".card .badge-planned"), 1);
    assert_eq!(count(".card .badge-disputed"), 1);
    assert_eq!(count(".card .badge-reported"), 1);
    assert!(html.contains("<time datetime=\"2025-08\">August 2025</time>"));
    assert_eq!(count("main#main"), 1);
    assert_eq!(count("a.skip-link[href='#main']"), 1);
    assert_eq!(count("nav[aria-label=Main] a[href='/sub/map/']"), 1);
    assert!(html.contains("<strong>small</strong> chronicle"));
    // The site title is escaped.
    assert!(html.contains("Theme fixture: &lt;Pakistan&gt; &amp; Afghanistan"));
}

#[test]
fn actor_page_has_its_strip_partners_pair_barometer_and_rtl_aliases() {
    let (_site, out) = theme();
    let html = out.read("actors/pakistan/index.html");
    let page = out.page("/actors/pakistan/");
    let count = |css: &str| page.all(css).len();
    assert_eq!(count("svg.activity.chart-wide"), 1);
    assert_eq!(count("svg.activity.chart-narrow"), 1);
    assert!(count("svg.activity.chart-wide .bar") >= 4);
    assert_eq!(count("svg.activity.chart-wide .bar-spread"), 2);
    assert_eq!(count(".partners li"), 5);
    // Pakistan's relations link to their pages; the barometers are there.
    let relations = page.hrefs(".relation-list");
    assert!(
        relations.contains(&"/sub/relations/afghanistan--pakistan/".to_string()),
        "{relations:?}"
    );
    assert!(
        relations.contains(&"/sub/relations/amir-khan-muttaqi--pakistan/".to_string()),
        "{relations:?}"
    );
    assert_eq!(count("svg.barometer"), 0, "no copied barometers on an actor page");
    assert!(html.contains("<bdi>پاکستان</bdi>"), "an alias is isolated");
    assert_eq!(count(".timeline article.card"), 8);
    // An actor without entries has neither chart.
    let lonely = out.page("/actors/lonely/");
    assert_eq!(lonely.all("svg.chart").len(), 0);
}

#[test]
fn entry_page_has_dates_sources_links_and_neighbours() {
    let (_site, out) = theme();
    let html = out.read("entries/2025-03-reopens/index.html");
    let page = out.page("/entries/2025-03-reopens/");
    let count = |css: &str| page.all(css).len();
    assert!(html.contains("<time datetime=\"2025-03-22\">22–23 March 2025</time>"));
    assert_eq!(count(".entry-when .badge-reported"), 1);
    assert_eq!(count("ol.source-list > li"), 2);
    assert!(html.contains("id=\"source-1\""));
    assert!(html.contains("<span class=\"src-url\">https://example.com/nation/reopening</span>"));
    assert_eq!(count(".entry-facts a.tag-actor"), 2);
    assert_eq!(count(".entry-facts a.tag-topic"), 1);
    assert_eq!(count(".links a[href='/sub/entries/2025-02-closure/']"), 1);
    assert_eq!(count("nav.prev-next a[rel=prev]"), 1);
    assert_eq!(count("nav.prev-next a[rel=next]"), 1);
    let closure = out.page("/entries/2025-02-closure/");
    assert_eq!(closure.all(".footnotes li").len(), 1);
    assert_eq!(closure.all(".links a[href='/sub/entries/2025-03-reopens/']").len(), 1);
    let year_only = out.read("entries/2025-returns/index.html");
    assert!(year_only.contains("month not known"));
}

#[test]
fn map_topic_year_and_sources_pages() {
    let (_site, out) = theme();
    let map = out.page("/map/");
    assert_eq!(map.all("svg.network a.node").len(), 6);
    assert_eq!(map.all("svg.network > title").len(), 1);
    assert_eq!(map.all("svg.network > desc").len(), 1);
    assert!(map.all(".map-tables table tbody tr").len() >= 6);
    // Small screens get the tables, and the drawing as a disclosure.
    assert_eq!(map.all("details.map-details > summary").len(), 1);
    assert_eq!(map.all("details.map-details svg.network").len(), 1);
    let topic = out.page("/topics/border/");
    assert_eq!(topic.all("svg.activity.chart-wide").len(), 1);
    assert_eq!(topic.all(".timeline article.card").len(), 4);
    let year = out.page("/years/2025/");
    assert!(year.all("nav.jump a[href^='/sub/years/2025/#y2025']").len() >= 4);
    let sources = out.page("/sources/");
    assert_eq!(sources.all("section.publisher").len(), 3);
    assert_eq!(sources.all("nav.publisher-index a").len(), 3);
    assert!(out.read("sitemap.xml").contains("https://example.org/sub/map/"));
}

#[test]
fn every_barometer_mark_links_to_an_existing_entry_page() {
    let (_site, out) = theme();
    let mut seen = 0;
    for url in ["/", "/relations/afghanistan--pakistan/"] {
        let page = out.page(url);
        let marks = page.all("svg.barometer .pt, svg.barometer .span");
        assert!(!marks.is_empty(), "{url}");
        for mark in marks {
            let a = mark.parent().and_then(scraper::ElementRef::wrap).unwrap();
            assert_eq!(a.value().name(), "a", "{url}: a mark outside a link");
            let label = a.value().attr("aria-label").unwrap_or_default();
            assert!(label.contains(": "), "{url}: {label:?}");
            let href = a.value().attr("href").unwrap();
            let rel = href
                .strip_prefix("/sub/")
                .unwrap_or_else(|| panic!("{href} under the sub-path"));
            assert!(rel.starts_with("entries/"), "{href}");
            assert!(out.exists(&format!("{rel}index.html")), "{url}: {href} is no page");
            seen += 1;
        }
    }
    assert!(seen >= 2 * (6 + 6));
    // An entry known to the day is a mark; one known only to its year, a
    // bar across the year.
    let home = out.page("/");
    let beijing = home.all("svg.barometer.chart-wide a[href='/sub/entries/2025-05-beijing/'] circle.pt");
    assert_eq!(beijing.len(), 1);
    let returns = home.all("svg.barometer.chart-wide a[href='/sub/entries/2025-returns/'] rect.span");
    assert_eq!(returns.len(), 1);
}

#[test]
fn a_topic_with_entries_in_one_year_has_an_axis_of_that_year_only() {
    let (_site, out) = basic();
    // Every entry on diplomacy is from 2025; the chronicle reaches into 2024.
    let topic = out.page("/topics/diplomacy/");
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec",
    ];
    for layout in ["chart-wide", "chart-narrow"] {
        let labels = topic.texts(&format!("svg.activity.{layout} text.year"));
        assert_eq!(labels.first().map(String::as_str), Some("2025"), "{layout}: {labels:?}");
        assert!(
            labels[1..].iter().all(|l| months.contains(&l.as_str())),
            "{layout}: a one-year axis has month labels only after its year: {labels:?}"
        );
        assert!(labels.len() >= 4, "{layout}: {labels:?}");
        // No break: one segment of time.
        assert!(topic.all(&format!("svg.activity.{layout} .axis .gap")).is_empty());
    }
    // The home page's barometer spans both years.
    let home = out.page("/");
    let labels = home.texts("svg.barometer.chart-wide text.year");
    assert!(
        labels.contains(&"2024".to_string()) && labels.contains(&"2025".to_string()),
        "{labels:?}"
    );
}

/// The box a map label covers, estimated the way the map places labels:
/// for Latin letters 6.8 px a character plus 2 (`LABEL_CHAR_W`), from 12
/// px above the baseline to 3.6 below (the 12 px font); a label in Naskh
/// or Nastaliq (`class="naskh"`, `"nastaliq"`) has its font's measures. From its anchor
/// as laid out left to right: a label that says `direction="rtl"` has its
/// anchor mirrored.
fn map_label_box(
    text: &str,
    x: f64,
    y: f64,
    anchor: &str,
    class: Option<&str>,
    direction: Option<&str>,
) -> (f64, f64, f64, f64) {
    let (arabic_w, up, down) = match class {
        Some("nastaliq") => (6.0, 23.4, 8.4),
        Some("naskh") => (5.6, 13.8, 8.4),
        _ => (6.8, 12.0, 3.6),
    };
    let anchor = match (direction, anchor) {
        (Some("rtl"), "start") => "end",
        (Some("rtl"), "end") => "start",
        _ => anchor,
    };
    let w = text
        .chars()
        .map(|c| {
            if ('\u{0600}'..='\u{06FF}').contains(&c) {
                arabic_w
            } else {
                6.8
            }
        })
        .sum::<f64>()
        + 2.0;
    let x0 = match anchor {
        "start" => x,
        "end" => x - w,
        _ => x - w / 2.0,
    };
    (x0, y - up, x0 + w, y + down)
}

/// The map of a built site: ties link to relation pages that exist (the
/// table under the map too), nodes to actor pages that exist, every link
/// has a name, and no two drawn labels overlap or leave the drawing.
fn check_map(out: &Output, root: &str) -> usize {
    let map = out.page("/map/");
    let file = |href: &str| {
        let rel = href
            .strip_prefix(root)
            .unwrap_or_else(|| panic!("{href} is under {root}"));
        crate::util::url_to_file(rel)
    };
    let ties = map.all("svg.network a.tie");
    for t in &ties {
        let href = t.value().attr("href").unwrap();
        assert!(href.starts_with(&format!("{root}relations/")), "{href}");
        assert!(out.exists(&file(href)), "{href} has no page");
        let name = t.value().attr("aria-label").unwrap();
        assert!(name.contains(" shared entr"), "{name}");
    }
    let linked: HashSet<String> = ties
        .iter()
        .map(|t| t.value().attr("href").unwrap().to_string())
        .collect();
    let listed: HashSet<String> = map
        .attrs(".map-ties a[href*='/relations/']", "href")
        .into_iter()
        .collect();
    assert_eq!(linked, listed, "the table links the same relations as the drawing");
    let nodes = map.all("svg.network a.node");
    assert!(!nodes.is_empty());
    for n in &nodes {
        let href = n.value().attr("href").unwrap();
        assert!(href.starts_with(&format!("{root}actors/")), "{href}");
        assert!(out.exists(&file(href)), "{href} has no page");
        assert!(!n.value().attr("aria-label").unwrap().is_empty());
    }
    let view: Vec<f64> = map
        .one("svg.network")
        .value()
        .attr("viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    let boxes: Vec<(String, (f64, f64, f64, f64))> = map
        .all("svg.network a.node text")
        .iter()
        .map(|t| {
            let v = t.value();
            let num = |k: &str| v.attr(k).unwrap().parse::<f64>().unwrap();
            let text = text_of(*t);
            let b = map_label_box(
                &text,
                num("x"),
                num("y"),
                v.attr("text-anchor").unwrap(),
                v.attr("class"),
                v.attr("direction"),
            );
            (text, b)
        })
        .collect();
    for (k, (t, b)) in boxes.iter().enumerate() {
        assert!(
            b.0 >= view[0] && b.1 >= view[1] && b.2 <= view[0] + view[2] && b.3 <= view[1] + view[3],
            "{t} leaves the drawing: {b:?}"
        );
        for (u, c) in &boxes[k + 1..] {
            let overlap = b.0 < c.2 && c.0 < b.2 && b.1 < c.3 && c.1 < b.3;
            assert!(!overlap, "{t} {b:?} overlaps {u} {c:?}");
        }
    }
    ties.len()
}

#[test]
fn map_shapes_tell_the_kind_the_legend_matches_and_colour_is_tone_only() {
    let (_site, out) = theme();
    let map = out.page("/map/");
    // The legend lists exactly the kinds the drawing shows, by the same
    // shape classes, in the chronicle's spelling.
    let mut drawn: Vec<String> = map
        .all("svg.network a.node")
        .iter()
        .map(|a| a.value().attr("class").unwrap().replace("node ", ""))
        .collect();
    drawn.sort();
    drawn.dedup();
    let mut legend: Vec<String> = map
        .all(".kind-legend .glyph")
        .iter()
        .map(|g| g.value().attr("class").unwrap().replace("glyph ", ""))
        .collect();
    legend.sort();
    assert_eq!(drawn, legend);
    assert!(map.all("svg.network a.node .mark").len() == map.all("svg.network a.node").len());
    // No kind is painted in a colour: the old per-kind dots are gone.
    assert!(map.all(".legend .dot").is_empty());
    let css = out.read("style.css");
    assert!(!css.contains(".k-state circle"), "kinds are shapes, not colours");
    // Labels: above the ties, on a halo of the drawing's background.
    let rule = css
        .lines()
        .find(|l| l.starts_with(".network .node text"))
        .expect("a rule for the map's labels");
    assert!(
        rule.contains("paint-order: stroke") && rule.contains("stroke: var(--surface)"),
        "{rule}"
    );
    let svg = map.one("svg.network").html();
    assert!(svg.find("class=\"ties\"").unwrap() < svg.find("class=\"nodes\"").unwrap());
    // One spelling: "organisation", in the tables as in the legend.
    let visible = text_of(map.one("main"));
    assert!(!visible.to_lowercase().contains("organization"), "{visible}");
    assert!(visible.contains("organisation"));
}

#[test]
fn map_tie_rows_link_the_same_way_and_declared_tones_are_always_drawn() {
    let (_site, out) = theme();
    let map = out.page("/map/");
    let rows = map.all(".map-ties tbody tr");
    assert!(!rows.is_empty());
    let cell = scraper::Selector::parse("td.pair-cell").unwrap();
    let link = scraper::Selector::parse("a").unwrap();
    for row in &rows {
        let pair = row.select(&cell).next().expect("a pair cell");
        let links: Vec<_> = pair.select(&link).collect();
        // The pair's name, whole, links to its relation page, or nothing
        // does: never the two actors separately.
        assert!(links.len() <= 1, "{}", pair.html());
        if let Some(a) = links.first() {
            assert!(a.value().attr("href").unwrap().contains("/relations/"));
            assert_eq!(text_of(*a), text_of(pair));
        }
    }
    // The caption gives the rule for declared tones.
    let note = text_of(map.one(".map-note"));
    assert!(
        note.contains("always when entries declare a tone for the pair"),
        "{note}"
    );
}

#[test]
fn map_ties_link_to_relation_pages_nodes_to_actors_and_labels_never_overlap() {
    let (_site, out) = theme();
    assert!(check_map(&out, "/sub/") >= 2);
    let (_site, out) = basic();
    check_map(&out, "/");
}

/// A build writes the entries' bodies to an unnamed scratch file in the
/// temporary folder until their pages need them. Where it cannot make one
/// (`TMPDIR` missing or read-only), it holds them in memory instead: the
/// build still succeeds, and the site is the same to the byte.
#[test]
fn a_build_that_cannot_write_bodies_aside_holds_them_and_writes_the_same_site() {
    let site = Site::fixture("basic");
    let aside = site.build();
    let held = site.path("held");
    let missing = site.path("no-such-folder");
    site.run_with(&["build", "--out", held.to_str().unwrap()], &[("TMPDIR", &missing)])
        .assert_ok();
    assert!(!missing.exists());
    let (a, b) = (read_tree(&aside.dir), read_tree(&held));
    assert!(a.keys().any(|p| p.starts_with("entries/")) && a.contains_key("feed.xml"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, bytes) in &a {
        assert!(b[path] == *bytes, "{path} differs");
    }
}
