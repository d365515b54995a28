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

/// The default theme's language files, parsed: name → key → value.
fn language_files() -> std::collections::BTreeMap<String, serde_yaml::Mapping> {
    let dir = crate::util::fixture_path("../../themes/default/i18n");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let map: serde_yaml::Mapping = serde_yaml::from_str(&std::fs::read_to_string(&p).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, map)
        })
        .collect()
}

/// Every file under `dir` with one of `exts`, as (path, text).
fn sources_under(dir: &std::path::Path, exts: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(sources_under(&p, exts));
        } else if p.extension().is_some_and(|x| exts.iter().any(|e| x == *e)) {
            out.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
        }
    }
    out
}

/// The `{name}` placeholders of a value (every form of a plural).
fn placeholders(v: &serde_yaml::Value) -> std::collections::BTreeSet<String> {
    let texts: Vec<String> = match v {
        serde_yaml::Value::Mapping(m) => m.values().filter_map(|t| t.as_str().map(str::to_string)).collect(),
        other => vec![other.as_str().unwrap_or_default().to_string()],
    };
    let mut out = std::collections::BTreeSet::new();
    for t in texts {
        let mut rest = t.as_str();
        while let Some(i) = rest.find('{') {
            let Some(j) = rest[i..].find('}') else { break };
            out.insert(rest[i + 1..i + j].to_string());
            rest = &rest[i + j + 1..];
        }
    }
    out
}

/// Latin words of three letters or more in a value, outside placeholders,
/// `code` and the names that stay as they are (JSON, Atom, YYYY-MM-DD).
fn english_words(v: &serde_yaml::Value) -> Vec<String> {
    let text = match v {
        serde_yaml::Value::Mapping(m) => m.values().filter_map(|t| t.as_str()).collect::<Vec<_>>().join(" "),
        other => other.as_str().unwrap_or_default().to_string(),
    };
    let mut plain = String::new();
    let (mut brace, mut tick) = (false, false);
    for c in text.chars() {
        match c {
            '{' => brace = true,
            '}' => brace = false,
            '`' => tick = !tick,
            _ if !brace && !tick => plain.push(c),
            _ => {}
        }
    }
    plain
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3 && !["JSON", "Atom", "CSV", "CSL", "TimelineJS", "YYYY", "MM", "DD"].contains(w))
        .map(str::to_string)
        .collect()
}

/// The keys the theme's templates, its scripts and the build use, found
/// where they are written: `t.key` and `t["prefix_" ~ …]` in templates,
/// `tr("key")` and `S["prefix_" + …]` in scripts, `text("key")`,
/// `fill("key")`, `say("key")` and chart keys in the Rust sources.
fn keys_used() -> (std::collections::BTreeSet<String>, std::collections::BTreeSet<String>) {
    let root = crate::util::fixture_path("../..");
    let (mut keys, mut prefixes) = (std::collections::BTreeSet::new(), std::collections::BTreeSet::new());
    let mut scan = |text: &str, starts: &[&str], prefix_starts: &[&str]| {
        for start in starts {
            // A pattern ending in a key's own beginning (`"js_`) keeps it.
            let kept = start.rsplit(['"', '.', '(']).next().unwrap_or("");
            for (i, _) in text.match_indices(start) {
                let before = text[..i].chars().next_back();
                if start.starts_with("t.") && before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let rest = &text[i + start.len()..];
                let tail: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
                    .collect();
                let key = format!("{kept}{tail}");
                if key.ends_with('_') {
                    prefixes.insert(key);
                } else if !key.is_empty() {
                    keys.insert(key);
                }
            }
        }
        for start in prefix_starts {
            let kept = start.rsplit('"').next().unwrap_or("");
            for (i, _) in text.match_indices(start) {
                let rest = &text[i + start.len()..];
                let tail: String = rest.chars().take_while(|c| *c != '"' && *c != '{').collect();
                prefixes.insert(format!("{kept}{tail}"));
            }
        }
    };
    for (_, text) in sources_under(&root.join("themes/default/templates"), &["html", "xml", "txt"]) {
        scan(&text, &["t.", "{{ t."], &["t[\""]);
    }
    for (_, text) in sources_under(&root.join("themes/default/static"), &["js"]) {
        scan(&text, &["tr(\"", "\"js_", "\"tone_", "\"status_"], &["S[\""]);
    }
    for (_, text) in sources_under(&root.join("src"), &["rs"]) {
        // `fill(\n    "key",` as rustfmt writes a long call.
        let mut text = text;
        while let Some(i) = text.find("(\n") {
            let end = i + 2 + text[i + 2..].len() - text[i + 2..].trim_start().len();
            text.replace_range(i + 1..end, "");
        }
        scan(
            &text,
            &["text(\"", "fill(\"", "say(\"", "\"chart_", "\"tone_", "\"lang_"],
            &["format!(\"status_", "format!(\"map_kind_", "format!(\"lang_"],
        );
    }
    // `t.` also starts words such as `t.class` of a loop variable: only keys
    // that look like the files' are kept below.
    (keys, prefixes)
}

#[test]
fn every_language_file_has_every_string_the_theme_uses() {
    let files = language_files();
    for name in ["en", "ur", "ps", "fa"] {
        assert!(files.contains_key(name), "the theme ships i18n/{name}.yaml");
    }
    let en = &files["en"];
    let en_keys: std::collections::BTreeSet<String> = en.keys().map(|k| k.as_str().unwrap().to_string()).collect();
    assert!(en_keys.len() > 300, "{} keys", en_keys.len());
    // Every key the theme and the build use is in en.yaml…
    let (used, prefixes) = keys_used();
    let loop_fields = [
        "class", "a", "b", "a_lang", "b_lang", "tone", "label", "status", "note", "entry", "word",
    ];
    let missing: Vec<&String> = used
        .iter()
        .filter(|k| !en_keys.contains(*k) && !loop_fields.contains(&k.as_str()))
        .filter(|k| {
            k.contains('_')
                || [
                    "barometer",
                    "sources",
                    "corrections",
                    "activity",
                    "months",
                    "focus",
                    "previous",
                    "next",
                    "later",
                    "earlier",
                    "publishers",
                ]
                .contains(&k.as_str())
        })
        .collect();
    assert!(missing.is_empty(), "keys used but not in en.yaml: {missing:?}");
    for p in &prefixes {
        assert!(en_keys.iter().any(|k| k.starts_with(p)), "no key starts with `{p}`");
    }
    for dynamic in [
        "status_occurred",
        "status_planned",
        "status_reported",
        "status_disputed",
        "tone_m2",
        "tone_m1",
        "tone_0",
        "tone_p1",
        "tone_p2",
        "kind_state",
        "kind_person",
        "kind_organization",
        "kind_group",
        "map_kind_state",
        "map_kind_person",
        "map_kind_organization",
        "map_kind_group",
        "map_kind_other",
    ] {
        assert!(en_keys.contains(dynamic), "{dynamic}");
    }
    // … and no key is left over that nothing uses.
    let unused: Vec<&String> = en_keys
        .iter()
        .filter(|k| !used.contains(*k))
        .filter(|k| !prefixes.iter().any(|p| k.starts_with(p.as_str())))
        .filter(|k| !["language_name"].contains(&k.as_str()))
        // search.js names these as the key without `_among`, and the suffix.
        .filter(|k| !(k.ends_with("_among") && used.contains(k.trim_end_matches("_among"))))
        .collect();
    assert!(unused.is_empty(), "keys in en.yaml that nothing uses: {unused:?}");
    // Every shipped language has every key, and no other, with no
    // placeholder English does not fill, and plural forms of CLDR's names.
    for (name, file) in &files {
        let keys: std::collections::BTreeSet<String> = file.keys().map(|k| k.as_str().unwrap().to_string()).collect();
        let missing: Vec<&String> = en_keys.difference(&keys).collect();
        let extra: Vec<&String> = keys.difference(&en_keys).collect();
        assert!(missing.is_empty(), "i18n/{name}.yaml lacks {missing:?}");
        assert!(extra.is_empty(), "i18n/{name}.yaml has keys en.yaml lacks: {extra:?}");
        for (k, v) in file {
            let k = k.as_str().unwrap();
            let extra: Vec<String> = placeholders(v).difference(&placeholders(&en[k])).cloned().collect();
            assert!(
                extra.is_empty(),
                "i18n/{name}.yaml: `{k}` fills {extra:?}, which English does not give"
            );
            if let serde_yaml::Value::Mapping(forms) = v {
                assert!(
                    forms.contains_key("other"),
                    "i18n/{name}.yaml: `{k}` has no `other` form"
                );
                for c in forms.keys() {
                    assert!(
                        ["zero", "one", "two", "few", "many", "other"].contains(&c.as_str().unwrap()),
                        "i18n/{name}.yaml: `{k}` has a form `{c:?}`"
                    );
                }
            }
            if name != "en" {
                let english = english_words(v);
                assert!(
                    english.is_empty(),
                    "i18n/{name}.yaml: `{k}` has English words {english:?}"
                );
            }
        }
    }
    // The checker itself finds what it looks for.
    let probe: serde_yaml::Value = serde_yaml::from_str("{one: \"{n} x {y}\", other: \"{n}\"}").unwrap();
    assert_eq!(placeholders(&probe).into_iter().collect::<Vec<_>>(), ["n", "y"]);
}

#[test]
fn an_urdu_chronicle_speaks_urdu_with_urdu_dates_and_plurals() {
    let site = Site::fixture("urdu");
    let out = site.build();
    let home = out.page("/");
    assert_eq!(home.text(".site-nav li:first-child a"), "ٹائم لائن");
    assert_eq!(home.text(".skip-link"), "مواد پر جائیں");
    // Months and "During" groups in Urdu, from CLDR's names.
    let months = home.texts(".month-heading");
    assert!(months.iter().any(|m| m.starts_with("اپریل")), "{months:?}");
    assert!(months.iter().any(|m| m.starts_with("مئی کے دوران")), "{months:?}");
    assert!(months.iter().any(|m| m.starts_with("2025 کے دوران")), "{months:?}");
    let entry = out.page("/entries/dar-visits-kabul/");
    assert_eq!(entry.text(".entry-when time"), "19 اپریل، 2025");
    assert_eq!(entry.text(".crumbs li:last-child a"), "اپریل");
    // A range, and the Urdu forms of counts: one source, many sources.
    let sources = out.page("/sources/");
    let counts = sources.texts(".publisher h2 .count");
    assert!(counts.iter().any(|c| c == "1 ماخذ"), "{counts:?}");
    assert!(
        counts.iter().any(|c| c.ends_with(" مآخذ") && c != "1 مآخذ"),
        "{counts:?}"
    );
    let year = out.page("/years/2025/");
    assert_eq!(year.text(".stats"), "5 اندراجات");
    // Feeds and titles too.
    let feed = out.read("feed.xml");
    assert!(feed.contains("xml:lang=\"ur\"") && feed.contains("اپریل"), "{feed}");
    let actor = out.page("/actors/ishaq-dar/");
    assert!(actor.text("head > title").starts_with("اسحاق ڈار · "));
    // The scripts' words come with the page: Urdu strings and month names.
    let search = out.page("/search/");
    let strings: serde_json::Value =
        serde_json::from_str(&search.one("script#chronicle-strings").text().collect::<String>()).unwrap();
    assert_eq!(strings["js_show_more"], "مزید دکھائیں");
    assert_eq!(strings["months"][4], "مئی");
    assert_eq!(strings["digits"][2], "2");
    // Nothing of the interface is left in English.
    for url in [
        "/",
        "/entries/dar-visits-kabul/",
        "/actors/",
        "/map/",
        "/sources/",
        "/topics/trade/",
        "/relations/",
    ] {
        let page = out.page(url);
        for sel_ in [
            ".site-nav",
            ".site-footer",
            "h1",
            "h2",
            "dt",
            "th",
            ".stats",
            ".lede",
            ".chart-note",
        ] {
            for text in page.texts(sel_) {
                let english: Vec<&str> = text
                    .split(|c: char| !c.is_ascii_alphabetic())
                    .filter(|w| {
                        w.len() > 2
                            && ![
                                "JSON",
                                "Atom",
                                "CSV",
                                "CSL",
                                "TimelineJS",
                                "Institute",
                                "Strategic",
                                "Studies",
                                "Islamabad",
                                "Joint",
                                "statement",
                                "trade",
                            ]
                            .contains(w)
                    })
                    .collect();
                assert!(english.is_empty(), "{url} {sel_}: {text:?} has {english:?}");
            }
        }
    }
}

/// Where `text` writes a day, a month's name and a year without the comma
/// CLDR's Urdu long date has before the year ("19 اپریل 2025").
fn urdu_date_without_comma(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let number = |w: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&w.chars().count()) && w.chars().all(|c| c.is_ascii_digit())
    };
    words.windows(3).find_map(|w| {
        let month = [
            "جنوری",
            "فروری",
            "مارچ",
            "اپریل",
            "مئی",
            "جون",
            "جولائی",
            "اگست",
            "ستمبر",
            "اکتوبر",
            "نومبر",
            "دسمبر",
        ]
        .contains(&w[1]);
        (number(w[0].trim_start_matches('('), 1..=2) && month && number(w[2].trim_end_matches([')', '۔', '،']), 4..=4))
            .then(|| w.join(" "))
    })
}

#[test]
fn urdu_dates_have_cldrs_comma_wherever_they_are_written() {
    let site = Site::fixture("urdu");
    site.write(
        "content/entries/talks-span.md",
        "---\ntitle: \"سہ فریقی مذاکرات\"\ndate: 2025-04-30\nend: 2025-05-02\nactors: [pakistan, afghanistan]\n---\nمذاکرات۔\n",
    );
    site.write(
        "content/entries/talks-days.md",
        "---\ntitle: \"تجارتی مذاکرات\"\ndate: 2025-03-23\nend: 2025-03-25\nactors: [pakistan, afghanistan]\n---\nمذاکرات۔\n",
    );
    let out = site.build();
    assert_eq!(
        out.page("/entries/dar-visits-kabul/").text(".entry-when time"),
        "19 اپریل، 2025"
    );
    assert_eq!(out.page("/entries/talks-days/").text(".entry-when"), "23–25 مارچ، 2025");
    assert_eq!(
        out.page("/entries/talks-span/").text(".entry-when"),
        "30 اپریل – 2 مئی، 2025"
    );
    // Every page's dates: cards, facts, sources, lists, charts' tables.
    for url in [
        "/",
        "/entries/dar-visits-kabul/",
        "/entries/talks-span/",
        "/actors/ishaq-dar/",
        "/sources/",
        "/years/2025/",
        "/map/",
        "/search/",
    ] {
        let page = out.page(url);
        for text in page.texts("body") {
            assert_eq!(urdu_date_without_comma(&text), None, "{url}");
        }
    }
    assert_eq!(
        urdu_date_without_comma("وہ 19 اپریل 2025 کو"),
        Some("19 اپریل 2025".into())
    );
    assert_eq!(urdu_date_without_comma("19 اپریل، 2025 اور اپریل 2025"), None);
    // The feed, the search index's records and the filters' rows too.
    let files = out.files();
    let written: Vec<&String> = files
        .keys()
        .filter(|f| f.as_str() == "feed.xml" || f.starts_with("search/meta/") || f.starts_with("explore/entries/"))
        .collect();
    assert!(written.len() >= 3, "{written:?}");
    for file in written {
        let text = out.read(file);
        assert_eq!(urdu_date_without_comma(&text.replace('"', " ")), None, "{file}");
    }
    // The scripts are given the same patterns.
    let home = out.page("/");
    let strings: serde_json::Value =
        serde_json::from_str(&home.one("script#chronicle-strings").text().collect::<String>()).unwrap();
    assert_eq!(strings["date_day"], "{day} {month}، {year}");
    assert_eq!(strings["date_month"], "{month} {year}");
    for key in ["js_date_day", "js_date_month"] {
        assert!(
            strings.get(key).is_none(),
            "{key}: the scripts' dates are CLDR's, not a language file's"
        );
    }
}

#[test]
fn dari_can_have_persian_digits_and_the_solar_hijri_calendar() {
    let site = Site::fixture("basic");
    site.edit("chronicle.yaml", "language: en", "language: fa-AF\ncalendar: persian");
    let out = site.build();
    let entry = out.page("/entries/dar-visits-kabul/");
    assert_eq!(entry.text("html > body .entry-when time"), "۳۰ حمل ۱۴۰۴");
    assert_eq!(
        entry.one(".entry-when time").value().attr("datetime"),
        Some("2025-04-19")
    );
    assert_eq!(entry.text(".site-nav li:first-child a"), "گاه‌شمار");
    let home = out.page("/");
    let stats = home.texts(".stat-row strong");
    assert!(stats[0].chars().all(|c| ('۰'..='۹').contains(&c)), "{stats:?}");
    // Without the option, the Gregorian calendar, in Dari's month names.
    site.edit("chronicle.yaml", "calendar: persian", "calendar: gregorian");
    let out = site.build();
    assert_eq!(
        out.page("/entries/dar-visits-kabul/").text(".entry-when time"),
        "۱۹ اپریل ۲۰۲۵"
    );
    // Pashto takes the option too; a bad value is a located error.
    site.edit("chronicle.yaml", "language: fa-AF", "language: ps");
    site.edit("chronicle.yaml", "calendar: gregorian", "calendar: hijri");
    let run = site.run(&["check"]);
    run.assert_fails();
    assert!(
        run.stderr_line("chronicle.yaml:5:")
            .contains("`gregorian` or `persian`"),
        "{run}"
    );
}

#[test]
fn a_chronicle_may_replace_any_string_and_is_told_of_mistakes() {
    let site = Site::fixture("urdu");
    site.write("i18n/ur.yaml", "nav_timeline: \"واقعات\"\n");
    let out = site.build();
    assert_eq!(out.page("/").text(".site-nav li:first-child a"), "واقعات");
    // The theme's other strings stay.
    assert_eq!(out.page("/").text(".skip-link"), "مواد پر جائیں");
    site.write("i18n/ur.yaml", "nav_timeline: \"واقعات\"\nnav_timelin: x\n");
    let run = site.run(&["check"]);
    run.assert_fails();
    let line = run.stderr_line("i18n/ur.yaml:2:1: error: unknown interface string `nav_timelin`");
    assert!(line.contains("did you mean `nav_timeline`?"), "{line}");
    // A language the theme has no strings for: English, with a warning
    // at the setting, and a chronicle's own file for it is used.
    site.remove("i18n/ur.yaml");
    site.edit("chronicle.yaml", "language: ur", "language: sd");
    let run = site.run(&["check"]);
    run.assert_ok();
    let warning = run.stderr_line("warning: the theme's interface has no strings in `sd`");
    assert!(warning.starts_with("chronicle.yaml:4:1:"), "{warning}");
    site.write("i18n/sd.yaml", "nav_timeline: \"ٽائيم لائين\"\n");
    let (run, out) = site.build_to("out-sd", &[]);
    run.assert_ok();
    let warning = run.stderr_line("i18n/sd.yaml:");
    assert!(
        warning.contains("warning:") && warning.contains("are shown in English"),
        "{run}"
    );
    let home = out.page("/");
    assert_eq!(home.text(".site-nav li:first-child a"), "ٽائيم لائين");
    assert_eq!(home.text(".skip-link"), "Skip to content");
    assert_eq!(home.one("html").value().attr("dir"), Some("rtl"));
}

#[test]
fn translations_have_their_own_pages_linked_to_each_other() {
    let site = Site::fixture("bilingual");
    let out = site.build();
    // Each language has its folder, its interface and its direction.
    let en = out.page("/entries/dar-visits-kabul/");
    let ur = out.page("/ur/entries/dar-visits-kabul/");
    let ps = out.page("/ps/entries/dar-visits-kabul/");
    assert_eq!(lang_dir(&en, "html"), some("en", "ltr"));
    assert_eq!(lang_dir(&ur, "html"), some("ur", "rtl"));
    assert_eq!(lang_dir(&ps, "html"), some("ps", "rtl"));
    assert_eq!(ur.text("h1"), "اسحاق ڈار کابل میں");
    assert_eq!(
        lang_dir(&ur, "h1"),
        (None, None),
        "the translation is the page's language"
    );
    assert_eq!(ur.text(".site-nav li:first-child a"), "ٹائم لائن");
    // The chronicle's own title stays English, and says so.
    assert_eq!(lang_dir(&ur, ".site-title span"), some("en", "ltr"));
    assert_eq!(lang_dir(&en, ".site-title span"), (None, None));
    // Every version names the others: hreflang links and the switcher.
    for page in [&en, &ur, &ps] {
        let alternates: Vec<(String, String)> = page
            .all("link[rel=alternate][hreflang]")
            .iter()
            .map(|l| {
                (
                    l.value().attr("hreflang").unwrap().to_string(),
                    l.value().attr("href").unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            alternates,
            [
                (
                    "en".to_string(),
                    "https://example.org/entries/dar-visits-kabul/".to_string()
                ),
                (
                    "ps".to_string(),
                    "https://example.org/ps/entries/dar-visits-kabul/".to_string()
                ),
                (
                    "ur".to_string(),
                    "https://example.org/ur/entries/dar-visits-kabul/".to_string()
                ),
            ]
        );
        let names = page.texts("nav.languages li");
        assert_eq!(names, ["English", "پښتو", "اردو"]);
        assert_eq!(page.all("nav.languages [aria-current]").len(), 1);
    }
    assert_eq!(
        en.attrs("nav.languages a[hreflang=ur]", "href"),
        ["/ur/entries/dar-visits-kabul/"]
    );
    // A translation says it is one, of which text, and links the original.
    let note = ur.one(".translation-note");
    assert!(scraper::ElementRef::text(&note)
        .collect::<String>()
        .contains("انگریزی سے ترجمہ"));
    assert_eq!(
        note.select(&sel("time")).next().unwrap().value().attr("datetime"),
        Some("2025-04-20")
    );
    assert_eq!(
        note.select(&sel("a")).next().unwrap().value().attr("href"),
        Some("/entries/dar-visits-kabul/")
    );
    assert!(en.all(".translation-note").is_empty(), "the original is no translation");
    // Links in a translation stay in its language.
    assert!(
        ur.hrefs(".entry-layout > .body a")
            .iter()
            .all(|h| h.starts_with("/ur/")),
        "{:?}",
        ur.hrefs(".body a")
    );
    // An entry not translated is there in the original, marked as such.
    let other = out.page("/ur/entries/torkham-reopens/");
    assert_eq!(lang_dir(&other, "h1"), some("en", "ltr"));
    assert_eq!(lang_dir(&other, "html"), some("ur", "rtl"));
    // A translated actor, topic and page.
    assert_eq!(out.page("/ur/actors/pakistan/").text("h1"), "پاکستان");
    assert_eq!(out.page("/ur/topics/diplomacy/").text("h1"), "سفارت کاری");
    assert_eq!(out.page("/ur/pages/about/").text("h1"), "تعارف");
    // Feeds and sitemaps per language; one robots.txt names them all.
    let feed = out.read("ur/feed.xml");
    let doc = roxmltree::Document::parse(&feed).unwrap();
    assert_eq!(
        doc.root_element()
            .attribute(("http://www.w3.org/XML/1998/namespace", "lang")),
        Some("ur")
    );
    assert!(doc
        .descendants()
        .any(|n| n.has_tag_name("title") && n.text() == Some("اسحاق ڈار کابل میں")));
    assert!(doc
        .descendants()
        .filter(|n| n.has_tag_name("id"))
        .all(|n| n.text().unwrap().starts_with("https://example.org/ur/")));
    let sitemap = out.read("ur/sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        !locs.is_empty() && locs.iter().all(|l| l.starts_with("https://example.org/ur/")),
        "{locs:?}"
    );
    let main: String = out.read("sitemap.xml");
    assert!(
        !main.contains("/ur/"),
        "the main sitemap lists the main language's pages"
    );
    let robots = out.read("robots.txt");
    for s in [
        "https://example.org/sitemap.xml",
        "https://example.org/ur/sitemap.xml",
        "https://example.org/ps/sitemap.xml",
    ] {
        assert!(robots.contains(&format!("Sitemap: {s}")), "{robots}");
    }
    // The site's files are shared: one stylesheet, exports at the root.
    assert_eq!(ur.attrs("link[rel=stylesheet]", "href"), ["/style.css"]);
    assert!(!out.exists("ur/style.css") && !out.exists("ur/data/chronicle.json") && !out.exists("ur/404.html"));
    assert_eq!(
        ur.attrs(".cite-files a", "href")[0],
        "/entries/dar-visits-kabul/cite.bib"
    );
    // Every link of every language resolves.
    assert!(site.check().success());
}

#[test]
fn translation_mistakes_are_located_and_explained() {
    let site = Site::fixture("bilingual");
    site.write(
        "content/entries/no-such-entry.ur.md",
        "---\ntitle: \"x\"\ntranslated: 2025-01-01\n---\n",
    );
    site.write(
        "content/entries/torkham-reopens.ur.md",
        "---\ntitle: \"طورخم\"\ndate: 2025-03-22\n---\n",
    );
    site.write("content/entries/torkham-standoff.Urdu.md", "---\ntitle: \"x\"\n---\n");
    site.write(
        "content/topics/border-management.en.md",
        "---\nname: \"Borders\"\ntranslated: 2025-01-01\n---\n",
    );
    let run = site.run(&["check"]);
    run.assert_fails();
    let missing = run.stderr_line("no-such-entry.ur.md:");
    assert!(
        missing.contains(":1:1: error:") && missing.contains("which does not exist"),
        "{missing}"
    );
    let date = run.stderr_line("torkham-reopens.ur.md:3:1: error: `date` is the original's");
    assert!(date.contains("set `date` in `torkham-reopens.md`"), "{date}");
    assert!(
        run.stderr
            .contains("torkham-reopens.ur.md:1:1: error: a translation says the date of the text it follows"),
        "{run}"
    );
    let name = run.stderr_line("torkham-standoff.Urdu.md");
    assert!(
        name.contains("is not a language tag") && name.contains("torkham-standoff.ur.md"),
        "{name}"
    );
    let same = run.stderr_line("border-management.en.md");
    assert!(same.contains("the language of `border-management.md` itself"), "{same}");
    // A translation that follows an older text than the original's last
    // revision is told so.
    let site = Site::fixture("bilingual");
    site.edit(
        "content/entries/dar-visits-kabul.md",
        "date: 2025-04-19",
        "date: 2025-04-19\nupdated: 2025-05-02",
    );
    let run = site.run(&["check"]);
    run.assert_ok();
    let stale = run.stderr_line("dar-visits-kabul.ur.md:4:13: warning:");
    assert!(stale.contains("was revised on 2025-05-02"), "{stale}");
}

#[test]
fn the_shipped_chronicle_has_an_urdu_interface_and_an_urdu_about_page() {
    let repo = crate::util::fixture_path("../..");
    let site = Site::empty();
    std::fs::copy(repo.join("chronicle.yaml"), site.root().join("chronicle.yaml")).unwrap();
    crate::util::copy_dir(&repo.join("content"), &site.root().join("content"));
    let out = site.build();
    let about = out.page("/ur/pages/about/");
    assert_eq!(lang_dir(&about, "html"), some("ur", "rtl"));
    assert_eq!(about.text("h1"), "اس روزنامچے کے بارے میں");
    let headings: Vec<String> = about
        .texts(".body h2")
        .iter()
        .map(|h| h.trim_end_matches(" #").to_string())
        .collect();
    assert_eq!(headings, ["دائرۂ کار", "مآخذ", "تاریخیں", "رخ", "کیفیت"]);
    // Marked as a translation of the English text, with that text's date.
    let note = about.one(".translation-note");
    assert_eq!(
        note.select(&sel("time")).next().unwrap().value().attr("datetime"),
        Some("2026-12-01")
    );
    // It follows the English text as it stands: the tone's scale and its
    // four rules, the status list, nothing left out.
    let english = out.page("/pages/about/");
    assert_eq!(about.all(".body li").len(), english.all(".body li").len());
    assert_eq!(about.all(".body p").len(), english.all(".body p").len());
    // The home page's jump list puts the year inside the "during" phrase,
    // as Urdu says it: "اگست 2025 کے دوران", not "اگست کے دوران 2025".
    let jump = out.page("/ur/").texts(".jump a");
    assert!(
        jump.iter().any(|l| l.starts_with(
            "\u{0627}\u{06AF}\u{0633}\u{062A} 2025 \u{06A9}\u{06D2} \u{062F}\u{0648}\u{0631}\u{0627}\u{0646}"
        )),
        "{jump:?}"
    );
    assert!(out
        .page("/")
        .texts(".jump a")
        .iter()
        .any(|l| l.starts_with("During August 2025")));
    assert_eq!(
        note.select(&sel("a")).next().unwrap().value().attr("href"),
        Some("/pages/about/")
    );
    // The English page links to it; entries stay English, marked as such.
    let en = out.page("/pages/about/");
    assert_eq!(
        en.attrs("link[hreflang=ur]", "href"),
        ["https://example.org/ur/pages/about/"]
    );
    let home = out.page("/ur/");
    assert_eq!(home.text(".site-nav li:first-child a"), "ٹائم لائن");
    let titles = home.all(".card-title");
    assert!(!titles.is_empty() && titles.iter().all(|t| t.value().attr("lang") == Some("en")));
    // The chronicle's own title, description and intro are in Urdu there,
    // in the page's language; nothing of them is left in English.
    assert_eq!(home.text("h1"), "پاکستان–افغانستان تعلقات، 2025");
    assert_eq!(home.text("head > title"), "پاکستان–افغانستان تعلقات، 2025");
    for css in [
        "h1",
        ".intro",
        ".site-title span",
        ".footer-title",
        ".site-footer .footer-title + p",
    ] {
        assert_eq!(lang_dir(&home, css), (None, None), "{css}");
        assert!(
            !home.text(css).chars().any(|c| c.is_ascii_alphabetic()),
            "{css}: {}",
            home.text(css)
        );
    }
    let description = home.attrs("meta[name=description]", "content");
    assert!(
        description[0].starts_with("2025 میں پاکستان اور افغانستان"),
        "{description:?}"
    );
    assert!(out
        .read("ur/feed.xml")
        .contains("<title>پاکستان–افغانستان تعلقات، 2025</title>"));
    assert_eq!(out.page("/").text("h1"), "Pakistan–Afghanistan Relations, 2025");
    // The about page is تعارف in the Urdu navigation (its short title),
    // its full title on the page itself.
    let nav: Vec<String> = home.texts(".site-nav li a");
    assert!(nav.contains(&"تعارف".to_string()), "{nav:?}");
    assert!(!nav.iter().any(|n| n.contains("کے بارے میں")), "{nav:?}");
    assert_eq!(
        about.text("head > title"),
        "اس روزنامچے کے بارے میں · پاکستان–افغانستان تعلقات، 2025"
    );
    assert!(out
        .page("/")
        .texts(".site-nav li a")
        .contains(&"About this chronicle".to_string()));
}

#[test]
fn a_page_may_have_a_shorter_title_for_the_navigation_in_each_language() {
    let site = Site::fixture("bilingual");
    site.edit(
        "content/pages/about.md",
        "title: \"About\"",
        "title: \"About this chronicle\"\nlink_title: \"About\"",
    );
    let out = site.build();
    let en = out.page("/");
    assert!(en.texts(".site-nav li a").contains(&"About".to_string()));
    assert_eq!(out.page("/pages/about/").text("h1"), "About this chronicle");
    // The Urdu translation gives a title of its own and no short one: the
    // English "About" is not left beside it.
    let ur = out.page("/ur/");
    assert!(
        ur.texts(".site-nav li a").contains(&"تعارف".to_string()),
        "{:?}",
        ur.texts(".site-nav li a")
    );
    site.edit(
        "content/pages/about.ur.md",
        "title: \"تعارف\"",
        "title: \"اس روزنامچے کا تعارف\"\nlink_title: \"تعارف\"",
    );
    let out = site.build();
    assert!(out.page("/ur/").texts(".site-nav li a").contains(&"تعارف".to_string()));
    assert_eq!(out.page("/ur/pages/about/").text("h1"), "اس روزنامچے کا تعارف");
    // Only a page has one.
    site.edit("content/entries/torkham-reopens.md", "title:", "link_title: x\ntitle:");
    let run = site.run(&["check"]);
    run.assert_fails();
    assert!(
        run.stderr_line("torkham-reopens.md")
            .contains("unknown front-matter key `link_title`"),
        "{run}"
    );
}

const BILINGUAL_LANGUAGES: &str = "languages:
  ur:
    title: \"دو لسانی روزنامچہ\"
    description: \"ٹیسٹوں کا ایک چھوٹا روزنامچہ۔\"
    intro: |
      پاکستان اور [افغانستان](actor:afghanistan) کے تعلقات کا ایک مختصر ریکارڈ۔
    author: \"ٹیسٹ کے مدیران\"
  ps:
    title: \"دوه ژبنی کرونيکل\"
";

#[test]
fn a_translations_pages_have_the_chronicles_title_description_and_intro_in_their_language() {
    let site = Site::fixture("bilingual");
    let config = site.read("chronicle.yaml");
    site.write("chronicle.yaml", &format!("{config}{BILINGUAL_LANGUAGES}"));
    let out = site.build();
    let ur = out.page("/ur/");
    assert_eq!(ur.text("head > title"), "دو لسانی روزنامچہ");
    assert_eq!(ur.text("h1"), "دو لسانی روزنامچہ");
    assert_eq!(lang_dir(&ur, "h1"), (None, None), "the title is in the page's language");
    assert_eq!(ur.text(".site-title span"), "دو لسانی روزنامچہ");
    assert_eq!(lang_dir(&ur, ".site-title span"), (None, None));
    assert_eq!(
        ur.attrs("meta[name=description]", "content"),
        ["ٹیسٹوں کا ایک چھوٹا روزنامچہ۔"]
    );
    assert_eq!(
        ur.attrs("meta[property='og:site_name']", "content"),
        ["دو لسانی روزنامچہ"]
    );
    // The intro in Urdu, its links to the Urdu pages.
    assert!(
        ur.text(".intro").starts_with("پاکستان اور افغانستان"),
        "{}",
        ur.text(".intro")
    );
    assert_eq!(lang_dir(&ur, ".intro"), (None, None));
    assert_eq!(ur.hrefs(".intro"), ["/ur/actors/afghanistan/"]);
    assert_eq!(ur.text(".footer-title"), "دو لسانی روزنامچہ");
    // Every page's title names the chronicle in its language.
    let entry = out.page("/ur/entries/dar-visits-kabul/");
    assert!(
        entry.text("head > title").ends_with(" · دو لسانی روزنامچہ"),
        "{}",
        entry.text("head > title")
    );
    // Its feed.
    let feed = roxmltree::Document::parse(&out.read("ur/feed.xml"))
        .unwrap()
        .root_element()
        .children()
        .filter(|n| n.is_element())
        .map(|n| (n.tag_name().name().to_string(), n.text().unwrap_or("").to_string()))
        .collect::<Vec<_>>();
    assert!(feed.contains(&("title".into(), "دو لسانی روزنامچہ".into())), "{feed:?}");
    assert!(
        feed.contains(&("subtitle".into(), "ٹیسٹوں کا ایک چھوٹا روزنامچہ۔".into())),
        "{feed:?}"
    );
    assert!(out.read("ur/feed.xml").contains("<name>ٹیسٹ کے مدیران</name>"));
    // Pashto gives only a title: its description and intro stay English,
    // and say so.
    let ps = out.page("/ps/");
    assert_eq!(ps.text("h1"), "دوه ژبنی کرونيکل");
    assert_eq!(lang_dir(&ps, "h1"), (None, None));
    assert_eq!(lang_dir(&ps, ".intro"), some("en", "ltr"));
    assert_eq!(lang_dir(&ps, ".site-footer .footer-title + p"), some("en", "ltr"));
    assert!(ps.text(".intro").starts_with("A dated, sourced record"));
    // The chronicle's own pages are as they were.
    let en = out.page("/");
    assert_eq!(en.text("h1"), "Bilingual Chronicle: Pakistan and Afghanistan");
    assert_eq!(en.text("head > title"), "Bilingual Chronicle: Pakistan and Afghanistan");
    assert!(out.read("feed.xml").contains("<name>Test editors</name>"));
}

#[test]
fn the_languages_setting_is_checked_where_it_is_written() {
    let site = Site::fixture("bilingual");
    let config = site.read("chronicle.yaml");
    let lines = config.lines().count();
    site.write(
        "chronicle.yaml",
        &format!(
            "{config}languages:\n  Urdu:\n    title: \"x\"\n  en:\n    title: \"y\"\n  ur:\n    titel: \"z\"\n    description: 3\n  ps: \"پښتو\"\n"
        ),
    );
    let run = site.run(&["check"]);
    run.assert_fails();
    let at = |n: usize| format!("chronicle.yaml:{}:", lines + n);
    let urdu = run.stderr_line("language `Urdu`");
    assert!(
        urdu.starts_with(&format!("{}3: error:", at(2))) && urdu.contains("did you mean `ur`?"),
        "{urdu}"
    );
    let own = run.stderr_line("the chronicle's own language");
    assert!(
        own.starts_with(&format!("{}3: error:", at(4))) && own.contains("top-level `title`"),
        "{own}"
    );
    let key = run.stderr_line("unknown key `titel`");
    assert!(
        key.starts_with(&format!("{}5: error:", at(7))) && key.contains("did you mean `title`?"),
        "{key}"
    );
    let kind = run.stderr_line("`languages.ur.description`");
    assert!(
        kind.starts_with(&format!("{}5: error:", at(8))) && kind.contains("expected text"),
        "{kind}"
    );
    let flat = run.stderr_line("`languages.ps` must be");
    assert!(flat.starts_with(&format!("{}3: error:", at(9))), "{flat}");
    // A language nothing is translated into is told, where it is written;
    // so is a broken link in a language's intro.
    let site = Site::fixture("bilingual");
    site.write(
        "chronicle.yaml",
        &format!("{config}languages:\n  fa-af:\n    title: \"x\"\n  ur:\n    intro: \"[کابل](actor:kabul)\"\n"),
    );
    let run = site.run(&["check"]);
    let unused = run.stderr_line("nothing is translated into it or written in it");
    assert!(
        unused.starts_with(&format!("{}3: warning:", at(2))) && unused.contains("`fa-AF`"),
        "{unused}"
    );
    let link = run.stderr_line("in `languages.ur.intro`");
    assert!(link.starts_with(&at(5)) && link.contains("kabul"), "{link}");
}

/// Whether `text` has a letter of the Arabic script.
fn arabic_script(text: &str) -> bool {
    text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

#[test]
fn a_citation_is_written_wholly_in_the_language_of_the_text_it_cites() {
    let site = Site::fixture("bilingual");
    let config = site.read("chronicle.yaml");
    site.write("chronicle.yaml", &format!("{config}{BILINGUAL_LANGUAGES}"));
    let out = site.build();
    // An English entry on an Urdu page: an English citation, of the
    // English edition, marked as English.
    let ur = out.page("/ur/entries/torkham-reopens/");
    assert_eq!(lang_dir(&ur, ".citation"), some("en", "ltr"));
    let text = ur.text(".citation");
    assert_eq!(
        text,
        "Test editors. “Torkham crossing reopens.” Bilingual Chronicle: Pakistan and Afghanistan, 22 March 2025. https://example.org/entries/torkham-reopens/."
    );
    assert!(!arabic_script(&text));
    assert_eq!(
        ur.attrs("meta[name=citation_publisher]", "content"),
        ["Bilingual Chronicle: Pakistan and Afghanistan"]
    );
    assert_eq!(ur.attrs("meta[name=citation_author]", "content"), ["Test editors"]);
    // It is the English page's citation, word for word.
    assert_eq!(out.page("/entries/torkham-reopens/").text(".citation"), text);
    assert_eq!(
        lang_dir(&out.page("/entries/torkham-reopens/"), ".citation"),
        (None, None)
    );
    assert_eq!(
        lang_dir(&out.page("/ps/entries/torkham-reopens/"), ".citation"),
        some("en", "ltr")
    );
    // Its Urdu translation: an Urdu citation, with the chronicle's Urdu
    // title and author, Urdu punctuation and date, of the Urdu page.
    let translated = out.page("/ur/entries/dar-visits-kabul/");
    assert_eq!(lang_dir(&translated, ".citation"), (None, None));
    let text = translated.text(".citation");
    assert_eq!(
        text,
        "ٹیسٹ کے مدیران۔ ”اسحاق ڈار کابل میں“۔ دو لسانی روزنامچہ، 19 اپریل، 2025۔ https://example.org/ur/entries/dar-visits-kabul/"
    );
    assert_eq!(
        translated.attrs("meta[name=citation_publisher]", "content"),
        ["دو لسانی روزنامچہ"]
    );
    // Pashto has no title of its own: the chronicle's, in a Pashto citation.
    let ps = out.page("/ps/entries/dar-visits-kabul/").text(".citation");
    assert!(ps.contains("۱۹ اپریل ۲۰۲۵") && ps.contains("«"), "{ps}");
    // The files say the text's language, and speak it.
    let site = Site::fixture("urdu");
    let out = site.build();
    let english = "entries/joint-statement/";
    assert!(out.read(&format!("{english}cite.ris")).contains("LA  - en\r\n"));
    let csl: serde_json::Value = serde_json::from_str(&out.read(&format!("{english}cite.json"))).unwrap();
    assert_eq!(csl[0]["language"], "en");
    let bib = out.read(&format!("{english}cite.bib"));
    assert!(
        bib.contains("langid = {en}") && bib.contains("note = {Entry of 20 April 2025, "),
        "{bib}"
    );
    let urdu = out.read("entries/dar-visits-kabul/cite.bib");
    assert!(
        urdu.contains("langid = {ur}") && urdu.contains(" میں 19 اپریل، 2025 کا اندراج}"),
        "{urdu}"
    );
    let page = out.page("/entries/joint-statement/");
    assert_eq!(lang_dir(&page, ".citation"), some("en", "ltr"));
    let text = page.text(".citation");
    assert!(
        text.contains(", 20 April 2025. https://example.org/entries/joint-statement/."),
        "{text}"
    );
}
