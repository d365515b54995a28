//! Languages: tags checked where they are written, pages and the elements
//! in them given `lang` and `dir`, untrusted names isolated.

use crate::util::{sel, Site};

/// The `lang` and `dir` attributes of the first element matching `css`.
fn lang_dir(page: &crate::util::Page, css: &str) -> (Option<String>, Option<String>) {
    let e = page.one(css);
    (
        e.value().attr("lang").map(str::to_string),
        e.value().attr("dir").map(str::to_string),
    )
}

fn some(lang: &str, dir: &str) -> (Option<String>, Option<String>) {
    (Some(lang.to_string()), Some(dir.to_string()))
}

#[test]
fn an_urdu_chronicle_is_right_to_left_and_marks_its_english_text() {
    let site = Site::fixture("urdu");
    let out = site.build();
    for url in [
        "/",
        "/entries/dar-visits-kabul/",
        "/actors/ishaq-dar/",
        "/map/",
        "/sources/",
        "/search/",
    ] {
        assert_eq!(lang_dir(&out.page(url), "html"), some("ur", "rtl"), "{url}");
    }
    // An entry in English on an Urdu page: its own text says so, the
    // interface around it does not.
    let entry = out.page("/entries/joint-statement/");
    assert_eq!(lang_dir(&entry, "h1"), some("en", "ltr"));
    assert_eq!(lang_dir(&entry, ".entry-layout > .body"), some("en", "ltr"));
    assert_eq!(lang_dir(&entry, ".lede"), some("en", "ltr"));
    assert_eq!(
        lang_dir(&entry, ".entry-facts"),
        (None, None),
        "the interface is the page's"
    );
    // Its card wherever it is listed, and nothing else on the card.
    let home = out.page("/");
    let card = home
        .all(".card")
        .into_iter()
        .find(|c| {
            c.select(&sel(".card-title a"))
                .any(|a| a.value().attr("href") == Some("/entries/joint-statement/"))
        })
        .expect("the English entry's card");
    let title = card.select(&sel(".card-title")).next().unwrap();
    assert_eq!(
        (title.value().attr("lang"), title.value().attr("dir")),
        (Some("en"), Some("ltr"))
    );
    assert_eq!(
        card.value().attr("lang"),
        None,
        "the card's dates and badges are the page's"
    );
    // Urdu entries carry no lang of their own: they are the page's language.
    let urdu = out.page("/entries/dar-visits-kabul/");
    assert_eq!(lang_dir(&urdu, "h1"), (None, None));
    // An English actor among Urdu ones: its name is marked wherever it shows.
    let names: Vec<(String, Option<String>)> = urdu
        .all(".entry-facts .tag-actor bdi")
        .iter()
        .map(|b| (b.text().collect(), b.value().attr("lang").map(str::to_string)))
        .collect();
    assert!(names.contains(&("اسحاق ڈار".to_string(), None)), "{names:?}");
    let issi = out.page("/actors/issi/");
    assert_eq!(lang_dir(&issi, "h1 bdi"), some("en", "ltr"));
    assert_eq!(lang_dir(&issi, ".profile-main .body"), some("en", "ltr"));
    let actors = out.page("/actors/");
    let marked: Vec<String> = actors
        .all("td bdi[lang=en]")
        .iter()
        .map(|b| b.text().collect())
        .collect();
    assert_eq!(marked, ["Institute of Strategic Studies Islamabad"]);
}

#[test]
fn urdu_text_in_an_english_chronicle_is_marked_right_to_left() {
    let site = Site::fixture("basic");
    site.write(
        "content/entries/urdu-report.md",
        "---\ntitle: \"اسحاق ڈار کابل گئے\"\ndate: 2025-04-21\nlanguage: ur\nactors: [ishaq-dar, taliban]\nsummary: \"وزیر خارجہ کا دورہ۔\"\nsources:\n  - title: \"ڈار کابل میں\"\n    publisher: \"روزنامہ جنگ\"\n    url: \"https://example.com/jang/1\"\n---\nپاکستان کے وزیر خارجہ Ishaq Dar نے کابل کا دورہ کیا۔\n",
    );
    site.write(
        "content/actors/taliban.md",
        "---\nname: \"طالبان\"\nlanguage: ps\nkind: organization\n---\nThe movement.\n",
    );
    let out = site.build();
    let page = out.page("/entries/urdu-report/");
    assert_eq!(lang_dir(&page, "html"), some("en", "ltr"));
    assert_eq!(lang_dir(&page, "h1"), some("ur", "rtl"));
    assert_eq!(lang_dir(&page, ".entry-layout > .body"), some("ur", "rtl"));
    assert_eq!(lang_dir(&page, ".lede"), some("ur", "rtl"));
    // A Pashto name among English ones is marked, and isolated.
    let tags: Vec<(String, Option<&str>)> = page
        .all(".entry-facts .tag-actor bdi")
        .iter()
        .map(|b| (b.text().collect(), b.value().attr("dir")))
        .collect();
    assert!(tags.contains(&("طالبان".to_string(), Some("rtl"))), "{tags:?}");
    assert!(tags.contains(&("Ishaq Dar".to_string(), None)), "{tags:?}");
    // Its card on the home page and its row on the actor's page.
    for url in ["/", "/actors/ishaq-dar/"] {
        let p = out.page(url);
        let title = p
            .all(".card-title[lang]")
            .into_iter()
            .map(|t| (t.text().collect::<String>(), t.value().attr("dir")))
            .collect::<Vec<_>>();
        assert_eq!(title, [("اسحاق ڈار کابل گئے".to_string(), Some("rtl"))], "{url}");
    }
    // The feed says the entry's language.
    let feed = out.read("feed.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let entry = doc
        .descendants()
        .find(|n| {
            n.has_tag_name("entry")
                && n.descendants()
                    .any(|t| t.has_tag_name("title") && t.text() == Some("اسحاق ڈار کابل گئے"))
        })
        .expect("the Urdu entry in the feed");
    assert_eq!(
        entry.attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("ur")
    );
    // The schema.org data too.
    assert!(page
        .one("script[type='application/ld+json']")
        .text()
        .collect::<String>()
        .contains("\"inLanguage\":\"ur\""));
}

#[test]
fn language_tags_are_checked_where_they_are_written() {
    let site = Site::fixture("basic");
    site.edit("chronicle.yaml", "language: en", "language: ur_PK");
    site.edit("content/entries/torkham-reopens.md", "title:", "language: Urdu\ntitle:");
    site.edit("content/actors/taliban.md", "kind:", "language: \"\"\nkind:");
    let run = site.run(&["build"]);
    run.assert_fails();
    let config = run.stderr_line("chronicle.yaml:");
    assert!(
        config.starts_with("chronicle.yaml:4:11: error:") && config.contains("did you mean `ur-PK`?"),
        "{config}"
    );
    // The config error stops the build before content is read; check
    // content alone with a good configuration.
    site.edit("chronicle.yaml", "language: ur_PK", "language: en");
    let run = site.run(&["check"]);
    run.assert_fails();
    let entry = run.stderr_line("torkham-reopens.md:");
    assert!(
        entry.contains(":2:11: error: language `Urdu`") && entry.contains("did you mean `ur`?"),
        "{entry}"
    );
    let actor = run.stderr_line("taliban.md:");
    assert!(
        actor.contains(":3:1: error:") && actor.contains("leave the key out"),
        "{actor}"
    );
}

#[test]
fn untrusted_names_next_to_counts_and_lists_are_isolated() {
    let site = Site::fixture("urdu");
    let out = site.build();
    // A publisher's heading: the name isolated from its count, so
    // "روزنامہ جنگ 3 sources" cannot read "3 روزنامہ جنگ sources".
    let sources = out.page("/sources/");
    for h in sources.all(".publisher h2") {
        let first = h.children().find_map(scraper::ElementRef::wrap).expect("an element");
        assert_eq!(first.value().name(), "bdi", "{}", h.html());
        assert!(!first.html().contains("count"), "{}", h.html());
    }
    // "Cited in": each entry's title isolated from its date.
    let cited = sources.all(".cited-by li");
    assert!(!cited.is_empty());
    for li in cited {
        assert!(li.select(&sel("a > bdi")).next().is_some(), "{}", li.html());
    }
    // Related entries, the publisher index, the tone pairs of cards.
    let entry = out.page("/entries/dar-visits-kabul/");
    assert!(!entry.all(".brief-list a > bdi").is_empty());
    assert!(sources.all(".publisher-index a > bdi").len() >= 2);
}
