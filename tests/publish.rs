//! Publishing outputs: feeds, sitemap, robots.txt, the JSON export, JSON-LD,
//! and hosting under a sub-path, checked by serving the site under it.

use std::collections::{BTreeSet, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;

use crate::util::{Output, Site};

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn child_text<'a>(node: roxmltree::Node<'a, 'a>, name: &str) -> Option<&'a str> {
    node.children()
        .find(|c| c.has_tag_name((ATOM, name)))
        .and_then(|c| c.text())
}

/// (entry ids, feed updated) of an Atom feed, checking its required parts.
fn read_feed(xml: &str) -> (Vec<String>, String) {
    let doc = roxmltree::Document::parse(xml).expect("the feed is well-formed XML");
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")), "the root is an Atom feed");
    for required in ["id", "title", "updated"] {
        assert!(
            child_text(feed, required).is_some_and(|t| !t.is_empty()),
            "feed has no <{required}>"
        );
    }
    assert!(
        feed.children().any(|c| c.has_tag_name((ATOM, "author"))),
        "feed has an author"
    );
    assert!(
        feed.children()
            .any(|c| c.has_tag_name((ATOM, "link")) && c.attribute("rel") == Some("self")),
        "feed links to itself"
    );
    let mut ids = Vec::new();
    for e in feed.children().filter(|c| c.has_tag_name((ATOM, "entry"))) {
        let id = child_text(e, "id").expect("entry id").to_string();
        assert!(child_text(e, "title").is_some(), "entry title");
        assert!(
            child_text(e, "updated").is_some_and(|u| u.ends_with("T00:00:00Z")),
            "entry updated"
        );
        let link = e
            .children()
            .find(|c| c.has_tag_name((ATOM, "link")))
            .expect("entry link");
        assert_eq!(link.attribute("href"), Some(id.as_str()), "the id is the permalink");
        ids.push(id);
    }
    (ids, child_text(feed, "updated").unwrap().to_string())
}

#[test]
fn main_feed_lists_entries_newest_first_with_dates_from_content() {
    let site = Site::fixture("basic");
    let out = site.build();
    let (ids, updated) = read_feed(&out.read("feed.xml"));
    let slugs: Vec<&str> = ids
        .iter()
        .map(|id| id.trim_end_matches('/').rsplit('/').next().unwrap())
        .collect();
    // Newest first in the timeline's order: an entry known only to the
    // year counts from the year's end.
    assert_eq!(
        slugs[..2],
        ["refugee-returns-2025", "muttaqi-visit-planned"],
        "newest first: {slugs:?}"
    );
    assert!(!slugs.contains(&"secret-draft"), "drafts stay out of feeds");
    assert!(
        ids.iter().all(|id| id.starts_with("https://example.org/")),
        "absolute ids: {ids:?}"
    );
    // `updated` comes from the newest entry, not from the clock.
    let again = site.build();
    assert_eq!(read_feed(&again.read("feed.xml")).1, updated);
    assert!(updated.starts_with("2025-"), "{updated}");
}

#[test]
fn actor_and_topic_feeds_hold_their_own_entries_and_are_linked() {
    let site = Site::fixture("basic");
    let out = site.build();
    let (ids, _) = read_feed(&out.read("actors/ishaq-dar/feed.xml"));
    assert!(!ids.is_empty());
    let actor_page = out.read("actors/ishaq-dar/index.html");
    for id in &ids {
        let path = id.trim_start_matches("https://example.org");
        assert!(
            actor_page.contains(&format!("href=\"{path}\"")),
            "{id} is not one of Dar's entries"
        );
    }
    assert!(actor_page.contains("rel=\"alternate\" type=\"application/atom+xml\""));
    assert!(actor_page.contains("href=\"/actors/ishaq-dar/feed.xml\""));
    let (ids, _) = read_feed(&out.read("topics/diplomacy/feed.xml"));
    assert!(!ids.is_empty());
    assert!(out
        .read("topics/diplomacy/index.html")
        .contains("href=\"/topics/diplomacy/feed.xml\""));
}

#[test]
fn sitemap_lists_every_page_but_the_404_and_robots_points_to_it() {
    let site = Site::fixture("basic");
    let out = site.build();
    let xml = out.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed sitemap");
    let locs: BTreeSet<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name(("http://www.sitemaps.org/schemas/sitemap/0.9", "loc")))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    let pages: BTreeSet<String> = out
        .files()
        .keys()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("https://example.org/{}", p.trim_end_matches("index.html")))
        .collect();
    assert_eq!(locs, pages, "the sitemap lists exactly the site's pages");
    assert!(!xml.contains("404"), "the 404 page is not in the sitemap");
    assert!(out
        .read("robots.txt")
        .contains("Sitemap: https://example.org/sitemap.xml"));
    assert!(out.exists("404.html"));
}

#[test]
fn data_export_holds_entries_actors_topics_and_sources() {
    let site = Site::fixture("basic");
    let out = site.build();
    let data: serde_json::Value = serde_json::from_str(&out.read("data/chronicle.json")).expect("valid JSON");
    assert_eq!(data["schema_version"], 3);
    let entries = data["entries"].as_array().unwrap();
    let slugs: Vec<&str> = entries.iter().map(|e| e["slug"].as_str().unwrap()).collect();
    assert!(!slugs.contains(&"secret-draft"));
    let dar = entries
        .iter()
        .find(|e| e["slug"] == "dar-visits-kabul")
        .expect("Dar's visit");
    assert_eq!(dar["date"], "2025-04-19");
    assert_eq!(dar["precision"], "day");
    assert_eq!(dar["url"], "https://example.org/entries/dar-visits-kabul/");
    assert!(dar["actors"].as_array().unwrap().contains(&"ishaq-dar".into()));
    let sources = data["sources"].as_array().unwrap();
    for id in dar["sources"].as_array().unwrap() {
        let s = sources
            .iter()
            .find(|s| &s["id"] == id)
            .expect("every cited source id is in sources");
        assert!(s["cited_by"].as_array().unwrap().contains(&"dar-visits-kabul".into()));
    }
    let actors = data["actors"].as_array().unwrap();
    assert!(actors.iter().any(|a| a["slug"] == "ishaq-dar" && a["kind"] == "person"));
    assert!(!data["topics"].as_array().unwrap().is_empty());
}

#[test]
fn hostile_text_round_trips_through_json_and_json_ld() {
    let site = Site::fixture("basic");
    let title = "</script><script>alert(\"x\")</script> & 'quotes'";
    site.write(
        "content/entries/hostile.md",
        &format!(
            "---\ntitle: {}\ndate: 2025-06-15\nactors: [pakistan]\nsources:\n  - title: \"S\"\n---\nBody.\n",
            serde_json::to_string(title).unwrap()
        ),
    );
    let out = site.build();
    let data: serde_json::Value = serde_json::from_str(&out.read("data/chronicle.json")).unwrap();
    assert!(data["entries"].as_array().unwrap().iter().any(|e| e["title"] == title));
    let records = (0..)
        .map(|n| format!("search/meta/{n}.json"))
        .take_while(|p| out.exists(p))
        .flat_map(|p| serde_json::from_str::<Vec<serde_json::Value>>(&out.read(&p)).unwrap());
    assert!(
        records.into_iter().any(|e| e["t"] == title),
        "the title survives in the search records"
    );
    let page = out.read("entries/hostile/index.html");
    let start = page.find("<script type=\"application/ld+json\">").expect("JSON-LD") + 35;
    let end = start + page[start..].find("</script>").unwrap();
    let ld: serde_json::Value = serde_json::from_str(&page[start..end]).expect("the JSON-LD parses");
    assert_eq!(
        ld["headline"], title,
        "the title survives, escaped for the script element"
    );
    assert!(page.contains("property=\"og:title\""));
}

/// Serves `dir` under `/sub/` on 127.0.0.1 until the test ends.
fn serve_under_sub(listener: TcpListener, dir: PathBuf) {
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(s.try_clone().unwrap());
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) <= 2 {
                    break;
                }
            }
            let path = line
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .split(['?', '#'])
                .next()
                .unwrap()
                .to_string();
            let file = path.strip_prefix("/sub/").map(|rest| {
                let rest = if rest.is_empty() || rest.ends_with('/') {
                    format!("{rest}index.html")
                } else {
                    rest.to_string()
                };
                dir.join(rest)
            });
            let (status, body) = match file.filter(|f| f.is_file() && !path.contains("..")) {
                Some(f) => ("200 OK", std::fs::read(f).unwrap()),
                None => ("404 Not Found", Vec::new()),
            };
            let _ = write!(
                s,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = s.write_all(&body);
        }
    });
}

fn fetch(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1).unwrap_or("0").parse().unwrap();
    (
        status,
        text.split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default(),
    )
}

/// `href`/`src` values of a page.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(0);
            out.push(rest[..end].replace("&amp;", "&"));
        }
    }
    out
}

#[test]
fn a_site_built_for_a_sub_path_works_when_served_under_it() {
    let site = Site::fixture("basic");
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}/sub/");
    let out: Output = site.build_with(&["--base-url", &base]);
    serve_under_sub(listener, out.dir.clone());

    // Crawl from /sub/, following every link inside the site.
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<String> = VecDeque::from(["/sub/".to_string()]);
    while let Some(path) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let (status, body) = fetch(port, &path);
        assert_eq!(status, 200, "{path} is broken when served under /sub/");
        if !(path.ends_with('/') || path.ends_with(".html")) {
            continue;
        }
        for link in links(&body) {
            let link = link
                .strip_prefix(&format!("http://127.0.0.1:{port}"))
                .map(str::to_string)
                .unwrap_or(link);
            if link.starts_with("http") || link.starts_with('#') || link.starts_with("mailto:") {
                continue;
            }
            assert!(
                link.starts_with("/sub/"),
                "{path} links to {link}, outside the sub-path"
            );
            let link = link.split('#').next().unwrap().split('?').next().unwrap().to_string();
            queue.push_back(link);
        }
    }
    assert!(seen.len() > 30, "the crawl reached {} pages", seen.len());
    for must in [
        "/sub/feed.xml",
        "/sub/style.css",
        "/sub/search/",
        "/sub/entries/dar-visits-kabul/",
    ] {
        assert!(seen.contains(must), "{must} was not linked from the site");
    }
    // Feed and sitemap URLs carry the sub-path too.
    assert!(fetch(port, "/sub/sitemap.xml")
        .1
        .contains(&format!("{base}entries/dar-visits-kabul/")));
    assert!(fetch(port, "/sub/feed.xml").1.contains(&format!("<id>{base}entries/")));
}
