//! A chronicle written in Arabic script (`tests/fixtures/arabic-script`:
//! Urdu, with a Dari and an Arabic entry): heading ids and links to them,
//! names listed with the Urdu comma, and did-you-mean over names. Search
//! over the same fixture is in `search.rs`.

use serde_json::Value;

use crate::util::{check_links, Site};

/// The fixture's entry `slug` in `/data/chronicle.json`.
fn entry(data: &Value, slug: &str) -> Value {
    data["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == slug)
        .unwrap_or_else(|| panic!("no entry {slug}"))
        .clone()
}

#[test]
fn urdu_headings_keep_their_ids_and_links_to_them_pass_check() {
    let site = Site::fixture("arabic-script");
    let run = site.check();
    run.assert_ok();
    assert!(run.warnings().is_empty(), "{run}");
    let out = site.build();
    // ## گفتگو, ## نتیجہ {#نتیجہ-خاص}, ## طریقۂ کار {#طریقہ}
    for (page, id) in [
        ("/entries/dar-in-kabul/", "\u{06AF}\u{0641}\u{062A}\u{06AF}\u{0648}"),
        (
            "/entries/constitution-talks/",
            "\u{0646}\u{062A}\u{06CC}\u{062C}\u{06C1}-\u{062E}\u{0627}\u{0635}",
        ),
        ("/pages/about/", "\u{0637}\u{0631}\u{06CC}\u{0642}\u{06C1}"),
    ] {
        let page = out.page(page);
        assert!(page.has_id(id), "{}: no id {id}", page.path);
        assert!(!page.has_id("section"), "{}", page.path);
    }
    // The links to them, on the same page and from other pages, resolve.
    let about = out.page("/pages/about/");
    let hrefs = about.hrefs("main");
    assert!(
        hrefs
            .iter()
            .any(|h| h == "/entries/dar-in-kabul/#%DA%AF%D9%81%D8%AA%DA%AF%D9%88"),
        "{hrefs:?}"
    );
    assert!(check_links(&out, "/") > 0);
    // `actors: اسحاق ڈار، پاکستان`: two actors, by name, split at `،`.
    let data: Value = serde_json::from_str(&out.read("data/chronicle.json")).unwrap();
    assert_eq!(
        entry(&data, "constitution-talks")["actors"],
        serde_json::json!(["ishaq-dar", "pakistan"])
    );
}

#[test]
fn a_fragment_that_names_no_id_fails_check_where_it_is_written_with_the_id_it_meant() {
    let site = Site::fixture("arabic-script");
    let id = "\u{06AF}\u{0641}\u{062A}\u{06AF}\u{0648}";
    // The link to ## گفتگو from another entry, written with a tatweel
    // (گفتـگو), and the same page's link to it with a letter too many.
    let tatweel = "\u{06AF}\u{0641}\u{062A}\u{0640}\u{06AF}\u{0648}";
    let other = "content/entries/constitution-talks.md";
    site.edit(
        other,
        &format!("entry:dar-in-kabul#{id}"),
        &format!("entry:dar-in-kabul#{tatweel}"),
    );
    let same = "content/entries/dar-in-kabul.md";
    site.edit(same, &format!("(#{id})"), &format!("(#{id}\u{0648})"));
    // Where each is written: line and column (in characters) from 1.
    let at = |rel: &str, needle: &str| {
        let text = site.read(rel);
        let (n, line) = text.lines().enumerate().find(|(_, l)| l.contains(needle)).unwrap();
        (n + 1, line[..line.find(needle).unwrap()].chars().count() + 1)
    };
    let run = site.check();
    run.assert_fails();
    assert_eq!(run.errors().len(), 2, "{run}");
    let (line, column) = at(other, "entry:dar-in-kabul#");
    assert!(
        run.errors().contains(&format!(
            "{other}:{line}:{column}: error: broken link `/entries/dar-in-kabul/#{tatweel}`: no element with id `{tatweel}` on that page; did you mean `#{id}`?"
        ).as_str()),
        "{run}"
    );
    let (line, column) = at(same, &format!("#{id}\u{0648}"));
    assert!(
        run.errors().contains(&format!(
            "{same}:{line}:{column}: error: broken link `#{id}\u{0648}`: no element with id `{id}\u{0648}` on that page; did you mean `#{id}`?"
        ).as_str()),
        "{run}"
    );
}

#[test]
fn an_explicit_heading_id_that_cannot_be_used_is_an_error_at_its_heading() {
    let site = Site::fixture("arabic-script");
    let rel = "content/entries/constitution-talks.md";
    let text = site.read(rel);
    site.write(
        rel,
        &format!("{text}\n## \u{062F}\u{0648}\u{0633}\u{0631}\u{0627} {{#\u{0646}\u{062A}\u{06CC}\u{062C}\u{06C1}-\u{062E}\u{0627}\u{0635}}}\n\n## x {{#\"x\"}}\n"),
    );
    let lines = site.read(rel).lines().count();
    let run = site.check();
    run.assert_fails();
    assert_eq!(run.errors().len(), 2, "{run}");
    assert!(
        run.errors()[0].starts_with(&format!(
            "{rel}:{}:1: error: the heading id `{{#\u{0646}\u{062A}\u{06CC}\u{062C}\u{06C1}-\u{062E}\u{0627}\u{0635}}}` is already an earlier heading's",
            lines - 2
        )),
        "{run}"
    );
    assert!(
        run.errors()[1].starts_with(&format!(
            "{rel}:{lines}:1: error: the heading id `{{#\"x\"}}` cannot be used as written"
        )),
        "{run}"
    );
    assert!(run.errors()[1].contains("write `{#x}`, say"), "{run}");
}

#[test]
fn unknown_actors_and_topics_suggest_the_slug_of_a_name_or_alias_they_spell() {
    let site = Site::fixture("arabic-script");
    let rel = "content/entries/treaty-text.md";
    // Ishaq Daar; اسحاق دار (د for ڈ); پاکستانی. The topic's name تجارت
    // names it: topics may be named by name.
    site.edit(
        rel,
        "actors: [pakistan, afghanistan]",
        "actors: [Ishaq Daar, \u{0627}\u{0633}\u{062D}\u{0627}\u{0642} \u{062F}\u{0627}\u{0631}, \u{067E}\u{0627}\u{06A9}\u{0633}\u{062A}\u{0627}\u{0646}\u{06CC}]",
    );
    site.edit(
        rel,
        "topics: [trade]",
        "topics: [\u{062A}\u{062C}\u{0627}\u{0631}\u{062A}]",
    );
    let run = site.check();
    run.assert_fails();
    let errors = run.errors();
    assert_eq!(errors.len(), 3, "{run}");
    for (at, says) in [
        ("4:10", "unknown actor `Ishaq Daar`; did you mean `ishaq-dar` (Ishaq Dar)?"),
        (
            "4:22",
            "unknown actor `\u{0627}\u{0633}\u{062D}\u{0627}\u{0642} \u{062F}\u{0627}\u{0631}`; did you mean `ishaq-dar` (\u{0627}\u{0633}\u{062D}\u{0627}\u{0642} \u{0688}\u{0627}\u{0631})?",
        ),
        (
            "4:33",
            "unknown actor `\u{067E}\u{0627}\u{06A9}\u{0633}\u{062A}\u{0627}\u{0646}\u{06CC}`; did you mean `pakistan` (\u{067E}\u{0627}\u{06A9}\u{0633}\u{062A}\u{0627}\u{0646})?",
        ),
    ] {
        let want = format!("{rel}:{at}: error: {says}");
        assert!(errors.contains(&want.as_str()), "no `{want}` in {run}");
    }
}
