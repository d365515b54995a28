//! Sources that last, corrections in the open, entries people can cite:
//! archived copies, inline citations, old URLs, corrections and the
//! citation files, each read back with a real parser where one exists.

use crate::util::{check_links, Site};

fn entry(title: &str, date: &str, extra: &str, sources: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\nactors: [pakistan]\n{extra}sources:\n{sources}---\n{body}\n")
}

const TWO_SOURCES: &str = concat!(
    "  - title: \"Online report\"\n    publisher: REUTERS\n    url: \"https://example.com/report\"\n",
    "    archive_url: \"https://web.archive.org/web/2025/https://example.com/report\"\n",
    "    accessed: 2025-03-25\n    language: ur\n    quote: \"Talks will resume.\"\n",
    "  - title: \"Printed bulletin\"\n    publisher: Reuters\n",
);

#[test]
fn sources_show_archived_copies_offline_notes_quotes_and_languages() {
    let site = Site::fixture("basic");
    site.write(
        "content/entries/cited.md",
        &entry("Cited", "2025-06-02", "", TWO_SOURCES, "Body."),
    );
    let out = site.build();
    let page = out.page("/entries/cited/");
    assert_eq!(
        page.attrs(".source-list a.src-archived", "href"),
        ["https://web.archive.org/web/2025/https://example.com/report"]
    );
    assert_eq!(
        page.texts(".source-list .src-offline"),
        ["print or offline source: no web address"]
    );
    assert_eq!(page.texts(".source-list .src-language"), ["in Urdu"]);
    assert_eq!(page.attrs(".source-list blockquote.src-quote", "lang"), ["ur"]);
    assert!(page.text(".source-list .src-accessed").contains("25 March 2025"));
    // The bibliography says the same, and REUTERS and Reuters are one publisher.
    let bib = out.page("/sources/");
    assert_eq!(bib.attrs("a.src-archived", "href").len(), 1);
    let reuters: Vec<String> = bib
        .texts(".publisher h2")
        .into_iter()
        .filter(|h| h.to_lowercase().contains("reuters"))
        .collect();
    assert_eq!(reuters.len(), 1, "{reuters:?}");
    // And the data exports.
    let data: serde_json::Value = serde_json::from_str(&out.read("data/chronicle.json")).unwrap();
    assert_eq!(data["schema_version"], 3);
    let s = data["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["title"] == "Online report")
        .unwrap();
    assert_eq!(
        s["archive_url"],
        "https://web.archive.org/web/2025/https://example.com/report"
    );
    assert_eq!(
        (s["accessed"].as_str(), s["language"].as_str()),
        (Some("2025-03-25"), Some("ur"))
    );
    let csl: serde_json::Value = serde_json::from_str(&out.read("data/sources.json")).unwrap();
    let item = csl
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["title"] == "Online report")
        .unwrap();
    assert_eq!(item["accessed"]["date-parts"], serde_json::json!([[2025, 3, 25]]));
    assert_eq!(item["URL"], "https://example.com/report");
    check_links(&out, "/");
}

#[test]
fn bad_source_fields_are_located_errors() {
    let site = Site::fixture("basic");
    let bad = "  - title: \"X\"\n    url: \"https://example.com/x\"\n    archive_url: \"javascript:alert(1)\"\n    language: Urdu\n";
    site.write("content/entries/bad.md", &entry("Bad", "2025-06-02", "", bad, "Body."));
    let run = site.check();
    run.assert_fails();
    run.stderr_line("content/entries/bad.md:8:19: error: archived copy `javascript:alert(1)` is not a web address: it must start with https:// or http://");
    run.stderr_line("content/entries/bad.md:9:15: error: language `Urdu` is not a language tag");
}

#[test]
fn inline_citations_jump_to_their_source_and_back() {
    let site = Site::fixture("basic");
    let body = "Talks resumed.[1](source:1) A bulletin agreed.[2](source:2) Again.[1](source:1)";
    site.write(
        "content/entries/cited.md",
        &entry("Cited", "2025-06-02", "", TWO_SOURCES, body),
    );
    let out = site.build();
    let page = out.page("/entries/cited/");
    assert_eq!(
        page.attrs(".body sup.cite a", "href"),
        ["#source-1", "#source-2", "#source-1"]
    );
    assert_eq!(page.attrs(".body sup.cite", "id"), ["cite-1-1", "cite-2-1", "cite-1-2"]);
    assert_eq!(page.attrs("#source-1 a.cite-back", "href"), ["#cite-1-1", "#cite-1-2"]);
    assert_eq!(page.attrs("#source-2 a.cite-back", "href"), ["#cite-2-1"]);
    check_links(&out, "/");
    // An unknown source is an error where it is cited; so is one in an actor.
    let site = Site::fixture("basic");
    site.write(
        "content/entries/cited.md",
        &entry(
            "Cited",
            "2025-06-02",
            "",
            TWO_SOURCES,
            "Fine.[2](source:2)\n\nWrong.[3](source:3) [x](source:first)",
        ),
    );
    let run = site.check();
    run.assert_fails();
    run.stderr_line("content/entries/cited.md:18:7: error: `source:3` cites source 3, but this entry lists 2 sources");
    run.stderr_line("content/entries/cited.md:18:21: error: `source:first` is not a source number");
}

#[test]
fn corrections_show_on_the_entry_in_feeds_and_on_their_own_page() {
    let site = Site::fixture("basic");
    let extra = "updated: 2025-07-01\ncorrections:\n  - date: 2026-01-10\n    note: \"The meeting was in Kabul, not Islamabad.\"\n";
    let src = "  - title: \"S\"\n    url: \"https://example.com/s\"\n";
    site.write(
        "content/entries/old-news.md",
        &entry("Old news", "2020-01-05", extra, src, "Body."),
    );
    let out = site.build();
    let page = out.page("/entries/old-news/");
    assert!(
        page.text(".entry-updated").contains("Updated 10 January 2026"),
        "{}",
        page.text(".entry-updated")
    );
    assert_eq!(
        page.texts("#correction-1"),
        ["10 January 2026: The meeting was in Kabul, not Islamabad."]
    );
    // The feed brings the corrected entry back to the top, with its date.
    let feed = out.read("feed.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let first = doc.descendants().find(|n| n.has_tag_name("entry")).unwrap();
    let child = |name: &str| {
        first
            .children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(child("id"), "https://example.org/entries/old-news/");
    assert_eq!(child("updated"), "2026-01-10T00:00:00Z");
    assert_eq!(child("published"), "2020-01-05T00:00:00Z");
    // The corrections page and feed.
    let list = out.page("/corrections/");
    assert_eq!(
        list.attrs(".correction-index a", "href"),
        ["/entries/old-news/#correction-1"]
    );
    let cfeed = out.read("corrections/feed.xml");
    let cdoc = roxmltree::Document::parse(&cfeed).unwrap();
    let ids: Vec<&str> = cdoc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.children().find(|n| n.has_tag_name("id")).and_then(|n| n.text()))
        .collect();
    assert_eq!(ids, ["https://example.org/entries/old-news/#correction-1"]);
    let data: serde_json::Value = serde_json::from_str(&out.read("data/chronicle.json")).unwrap();
    let e = data["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == "old-news")
        .unwrap();
    assert_eq!(e["updated"], "2026-01-10");
    assert_eq!(e["corrections"][0]["note"], "The meeting was in Kabul, not Islamabad.");
    check_links(&out, "/");
}

#[test]
fn every_entry_can_be_cited_as_bibtex_ris_and_csl_json() {
    let site = Site::fixture("basic");
    let out = site.build();
    let slug = "dar-visits-kabul";
    let page = out.page(&format!("/entries/{slug}/"));
    let title = page.text("h1");
    // Highwire tags for reference managers.
    assert_eq!(
        page.attrs("meta[name=citation_title]", "content"),
        std::slice::from_ref(&title)
    );
    assert_eq!(
        page.attrs("meta[name=citation_publication_date]", "content"),
        ["2025/04/19"]
    );
    assert_eq!(page.attrs("meta[name=citation_author]", "content"), ["Test editors"]);
    let text = page.text(".cite-this .citation");
    assert!(text.starts_with(&format!("Test editors. “{title}.” ")), "{text}");
    assert!(
        text.ends_with(&format!("https://example.org/entries/{slug}/.")),
        "{text}"
    );
    // BibTeX, read by a BibTeX parser.
    let bib_src = out.read(&format!("entries/{slug}/cite.bib"));
    let bib = biblatex::RawBibliography::parse(&bib_src).expect("valid BibTeX");
    let e = &bib.entries[0];
    assert_eq!(e.v.key.v, format!("chronicle:{slug}"));
    let field = |name: &str| {
        e.v.fields
            .iter()
            .find(|f| f.key.v == name)
            .map(|f| format!("{:?}", f.value.v))
            .unwrap_or_default()
    };
    assert!(field("title").contains(&title), "{}", field("title"));
    assert!(field("url").contains(&format!("https://example.org/entries/{slug}/")));
    assert!(field("year").contains("2025"));
    // RIS: every line `XX  - value`, opening with TY and closing with ER.
    let ris = out.read(&format!("entries/{slug}/cite.ris"));
    let lines: Vec<&str> = ris.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(
        lines.iter().all(|l| l.len() >= 6
            && l.as_bytes()[2..6] == *b"  - "
            && l[..2].chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())),
        "{ris}"
    );
    assert_eq!((lines[0], *lines.last().unwrap()), ("TY  - ELEC", "ER  - "));
    assert!(lines.contains(&format!("TI  - {title}").as_str()));
    assert!(lines.contains(&"DA  - 2025/04/19/"));
    // CSL-JSON.
    let csl: serde_json::Value = serde_json::from_str(&out.read(&format!("entries/{slug}/cite.json"))).unwrap();
    assert_eq!(csl[0]["title"], title.as_str());
    assert_eq!(csl[0]["type"], "webpage");
    assert_eq!(csl[0]["issued"]["date-parts"], serde_json::json!([[2025, 4, 19]]));
    // The page links to all three, and the links resolve.
    assert_eq!(page.attrs(".cite-files a", "href").len(), 3);
    check_links(&out, "/");
}

#[test]
fn old_urls_redirect_and_are_guarded_by_the_published_list() {
    let site = Site::fixture("basic");
    let src = "  - title: \"S\"\n    url: \"https://example.com/s\"\n";
    let text = entry("Lonely", "2025-06-02", "", src, "Body.");
    site.write("content/entries/lonely.md", &text);
    // A published site, before the rename.
    let before = site.build_with(&[]);
    std::fs::write(site.path("sitemap.xml"), before.read("sitemap.xml")).unwrap();
    let sitemap = site.path("sitemap.xml");
    let sitemap = sitemap.to_str().unwrap();
    // The entry is renamed: the guard fails, naming the URL.
    site.remove("content/entries/lonely.md");
    site.write("content/entries/lonely-renamed.md", &text);
    let run = site.run(&["check", "--published", sitemap]);
    run.assert_fails();
    run.stderr_line(
        "`https://example.org/entries/lonely/` was published but is gone: add `redirect_from: [/entries/lonely/]`",
    );
    // With the old URL kept, it passes, and the old URL sends readers on.
    site.write(
        "content/entries/lonely-renamed.md",
        &text.replacen("---\n", "---\nredirect_from: [lonely]\n", 1),
    );
    site.run(&["check", "--published", sitemap]).assert_ok();
    let out = site.build();
    let old = out.html("entries/lonely/index.html");
    assert_eq!(
        old.attrs("link[rel=canonical]", "href"),
        ["https://example.org/entries/lonely-renamed/"]
    );
    assert_eq!(
        old.attrs("meta[http-equiv=refresh]", "content"),
        ["0; url=https://example.org/entries/lonely-renamed/"]
    );
    assert!(
        !out.read("sitemap.xml").contains("/entries/lonely/"),
        "no redirect in the sitemap"
    );
    // Two pages claiming one old URL, or an old URL of a live page, are errors.
    site.write(
        "content/topics/diplomacy.md",
        &site.read("content/topics/diplomacy.md").replacen(
            "---\n",
            "---\nredirect_from: [/entries/lonely/, /actors/pakistan/]\n",
            1,
        ),
    );
    let run = site.check();
    run.assert_fails();
    run.stderr_line("the old URL `/entries/lonely/` is already claimed by content/entries/lonely-renamed.md (line 2)");
    let site = Site::fixture("basic");
    site.write(
        "content/topics/diplomacy.md",
        &site
            .read("content/topics/diplomacy.md")
            .replacen("---\n", "---\nredirect_from: [/actors/pakistan/]\n", 1),
    );
    let run = site.check();
    run.assert_fails();
    run.stderr_line("content/topics/diplomacy.md:2:17: error: the old URL `/actors/pakistan/` is the URL of the page of actor `pakistan`");
}

#[test]
fn messy_but_meaningful_urls_are_encoded_as_a_browser_would_with_a_warning() {
    let site = Site::fixture("basic");
    let messy = "  - title: \"FAA report\"\n    url: \"https://example.com/FAA Certification of 737 MAX Report^2-23-2021.pdf\"\n";
    let body = "See [the index](https://example.com/list[1]|all) and [Zürcher Kantonalbank](https://de.wikipedia.org/wiki/Zürcher_Kantonalbank).";
    site.write(
        "content/entries/messy.md",
        &entry("Messy", "2025-06-02", "", messy, body),
    );
    let run = site.check();
    run.assert_ok();
    run.stderr_line("content/entries/messy.md:7:11: warning: `https://example.com/FAA Certification of 737 MAX Report^2-23-2021.pdf` is published as `https://example.com/FAA%20Certification%20of%20737%20MAX%20Report%5E2-23-2021.pdf`");
    run.stderr_line(
        "warning: `https://example.com/list[1]|all` is published as `https://example.com/list%5B1%5D%7Call`",
    );
    let out = site.build();
    let page = out.page("/entries/messy/");
    assert_eq!(
        page.attrs(".source-list .src-title a", "href"),
        ["https://example.com/FAA%20Certification%20of%20737%20MAX%20Report%5E2-23-2021.pdf"]
    );
    let body_links = page.attrs(".body a[href^='https://']", "href");
    assert!(
        body_links.contains(&"https://example.com/list%5B1%5D%7Call".to_string()),
        "{body_links:?}"
    );
    assert!(
        body_links.contains(&"https://de.wikipedia.org/wiki/Z%C3%BCrcher_Kantonalbank".to_string()),
        "{body_links:?}"
    );
    // What cannot be a web address is still refused, saying how to fix it.
    let site = Site::fixture("basic");
    let bad = "  - title: \"X\"\n    url: \"ftp://example.com/x\"\n  - title: \"Y\"\n    url: \"https://\"\n";
    site.write("content/entries/bad.md", &entry("Bad", "2025-06-02", "", bad, "Body."));
    let run = site.check();
    run.assert_fails();
    run.stderr_line("content/entries/bad.md:7:11: error: source URL `ftp://example.com/x` is not a web address: it must start with https:// or http://, not `ftp:`");
    assert_eq!(run.errors().len(), 2, "{run}");
}
