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

/// The declarations of a stylesheet: (selector, property, value), with
/// comments removed and at-rules' blocks entered.
fn declarations(css: &str) -> Vec<(String, String, String)> {
    let mut text = String::new();
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        text.push_str(&rest[..i]);
        rest = rest[i..].find("*/").map_or("", |j| &rest[i + j + 2..]);
    }
    text.push_str(rest);
    let mut out = Vec::new();
    let mut selectors: Vec<String> = Vec::new();
    let mut buf = String::new();
    for c in text.chars() {
        match c {
            '{' => {
                selectors.push(buf.trim().to_string());
                buf.clear();
            }
            '}' => {
                push_declarations(&selectors, &buf, &mut out);
                buf.clear();
                selectors.pop();
            }
            ';' => {
                push_declarations(&selectors, &buf, &mut out);
                buf.clear();
            }
            _ => buf.push(c),
        }
    }
    out
}

fn push_declarations(selectors: &[String], decl: &str, out: &mut Vec<(String, String, String)>) {
    if let Some((prop, value)) = decl.split_once(':') {
        let selector = selectors.last().cloned().unwrap_or_default();
        if !selector.starts_with('@') && !prop.trim().is_empty() && !prop.contains(['{', '}']) {
            out.push((selector, prop.trim().to_string(), value.trim().to_string()));
        }
    }
}

/// Physical left and right in a declaration: a property naming a side, a
/// value placing something at one, or a four-value box whose sides differ.
fn physical(prop: &str, value: &str) -> bool {
    let named = prop.split('-').any(|w| w == "left" || w == "right");
    let placed = matches!(
        prop,
        "text-align" | "float" | "clear" | "caption-side" | "justify-self" | "justify-items"
    ) && value.split_whitespace().any(|w| w == "left" || w == "right");
    let sides: Vec<&str> = value.split_whitespace().collect();
    let boxed = matches!(
        prop,
        "margin" | "padding" | "inset" | "border-width" | "border-style" | "border-color"
    ) && sides.len() == 4
        && sides[1] != sides[3];
    named || placed || boxed
}

#[test]
fn the_theme_css_has_no_physical_left_or_right_outside_charts() {
    let css = std::fs::read_to_string(crate::util::fixture_path("../../themes/default/static/style.css")).unwrap();
    let all = declarations(&css);
    assert!(all.len() > 400, "read {} declarations", all.len());
    // Chart drawings are laid out left to right on every page (time runs
    // that way); their rules may say left and right.
    let chart = |sel: &str| {
        sel.contains("svg")
            || sel.contains(".network")
            || sel
                .split([' ', ',', ':', '>'])
                .any(|part| part == ".chart" || part.starts_with(".chart."))
    };
    let physical: Vec<String> = all
        .iter()
        .filter(|(sel, prop, value)| !chart(sel) && physical(prop, value))
        .map(|(sel, prop, value)| format!("{sel} {{ {prop}: {value} }}"))
        .collect();
    assert!(
        physical.is_empty(),
        "physical sides in the theme's CSS:\n{}",
        physical.join("\n")
    );
    // The checker itself sees what it looks for.
    assert!(physical_rules_found(
        ".x { margin-left: 1rem; padding: 0 1rem 0 2rem; text-align: right }"
    ));
    assert!(!physical_rules_found(
        ".x { margin-inline-start: 1rem; padding: 0 1rem; text-align: end }"
    ));
    // Right-to-left layout is written in logical properties, and arrows mirror.
    for needed in [
        "border-inline-start: 2px solid var(--line)",
        "inset-inline-start: calc(-1.4rem - 7px)",
        "text-align: end",
        ".arrow:dir(rtl) { transform: scaleX(-1); }",
    ] {
        assert!(css.contains(needed), "{needed}");
    }
}

fn physical_rules_found(css: &str) -> bool {
    declarations(css).iter().any(|(_, p, v)| physical(p, v))
}

#[test]
fn urdu_is_set_in_nastaliq_from_the_readers_fonts_with_room_between_lines() {
    let css = std::fs::read_to_string(crate::util::fixture_path("../../themes/default/static/style.css")).unwrap();
    let all = declarations(&css);
    let value = |prop: &str| {
        all.iter()
            .find(|(sel, p, _)| sel == ":root" && p == prop)
            .map(|(_, _, v)| v.clone())
            .unwrap_or_else(|| panic!("no {prop} in :root"))
    };
    let nastaliq = value("--nastaliq");
    assert!(
        nastaliq.starts_with("\"Noto Nastaliq Urdu\", \"Jameel Noori Nastaleeq\""),
        "{nastaliq}"
    );
    assert!(value("--naskh").starts_with("\"Noto Naskh Arabic\""));
    let urdu = all
        .iter()
        .find(|(sel, p, _)| sel == "[lang]:lang(ur)" && p == "--sans")
        .expect("Urdu's own fonts");
    assert_eq!(urdu.2, "var(--nastaliq)");
    let leading = all
        .iter()
        .find(|(sel, p, _)| sel == ":lang(ur)" && p == "line-height")
        .expect("Urdu's line height");
    assert_eq!(leading.2, "1.9");
    // No font is fetched: no @font-face, no url() but data in the sheet.
    assert!(
        !css.contains("@font-face") && !css.contains("url("),
        "remote or embedded fonts"
    );
}
