//! Relations: tones declared for pairs of actors, and the pages they get.

use crate::util::{Run, Site};

const SOURCES: &str = "sources:\n  - title: \"A report\"\n    url: \"https://example.com/report\"\n";

fn entry(title: &str, date: &str, actors: &str, extra: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\nactors: [{actors}]\n{extra}{SOURCES}---\nBody.\n")
}

/// The error line at `location` (`path:line:column` or `path:line`).
fn error_at<'a>(run: &'a Run, location: &str) -> &'a str {
    run.errors()
        .into_iter()
        .find(|l| l.starts_with(&format!("{location}:")))
        .unwrap_or_else(|| panic!("no error at {location}; {run}"))
}

#[test]
fn two_pairs_in_one_entry_each_show_only_their_own_tone() {
    let site = Site::fixture("basic");
    site.write(
        "content/entries/two-pairs.md",
        &entry(
            "Two pairs",
            "2025-06-01",
            "pakistan, afghanistan, china",
            "relations:\n  - between: [pakistan, china]\n    tone: 2\n    note: \"Beijing backs Islamabad\"\n  - between: [afghanistan, china]\n    tone: -1\n",
        ),
    );
    let out = site.build();
    let pc = out.page("/relations/china--pakistan/");
    assert_eq!(
        pc.all("svg.barometer.chart-wide a[aria-label]").len(),
        1,
        "one declared tone for China and Pakistan"
    );
    assert_eq!(pc.texts(".tone-list li .tone-chip"), ["+2 cooperative"]);
    assert!(pc.text(".tone-list li").contains("Beijing backs Islamabad"));
    let ac = out.page("/relations/afghanistan--china/");
    assert_eq!(ac.texts(".tone-list li .tone-chip"), ["−1 tense"]);
    // The focus pair's page holds the bare tones, and not these.
    let focus = out.page("/relations/afghanistan--pakistan/");
    let tones = focus.texts(".tone-list li");
    assert!(!tones.iter().any(|t| t.contains("Two pairs")), "{tones:?}");
    assert!(tones.iter().any(|t| t.contains("Afghan envoy")), "{tones:?}");
    // The entry page names both pairs, with links to their pages.
    let page = out.page("/entries/two-pairs/");
    let links = page.hrefs(".tones");
    assert!(links.contains(&"/relations/china--pakistan/".to_string()), "{links:?}");
    assert!(
        links.contains(&"/relations/afghanistan--china/".to_string()),
        "{links:?}"
    );
    // The index lists every relation; the actors' pages link to theirs.
    let index = out.page("/relations/");
    assert!(index
        .hrefs(".relations-index")
        .contains(&"/relations/china--pakistan/".to_string()));
    let china = out.page("/actors/china/");
    assert!(china
        .hrefs(".relation-list")
        .contains(&"/relations/china--pakistan/".to_string()));
    // Cards say which pair each tone is for, wherever they are shown.
    let chips = pc.texts(".card .tone-chip");
    assert!(
        chips.contains(&"China – Pakistan: cooperative".to_string()),
        "{chips:?}"
    );
    assert!(chips.contains(&"Afghanistan – China: tense".to_string()), "{chips:?}");
    // Feeds are Atom.
    let feed = out.read("relations/china--pakistan/feed.xml");
    roxmltree::Document::parse(&feed).expect("a well-formed feed");
    assert!(feed.contains("Two pairs"));
}

#[test]
fn relations_are_in_the_data_export() {
    let site = Site::fixture("basic");
    let out = site.build();
    let data: serde_json::Value = serde_json::from_str(&out.read("data/chronicle.json")).unwrap();
    assert_eq!(data["schema_version"], 3);
    assert_eq!(data["focus"], serde_json::json!(["afghanistan", "pakistan"]));
    let relations = data["relations"].as_array().unwrap();
    let tali = relations
        .iter()
        .find(|r| r["slug"] == "pakistan--taliban")
        .expect("a declared pair is a relation");
    assert_eq!(tali["between"], serde_json::json!(["pakistan", "taliban"]));
    let tones: Vec<i64> = tali["tones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["tone"].as_i64().unwrap())
        .collect();
    assert_eq!(tones, [-2, 1]);
    let entry = data["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["slug"] == "attacks-rise-2024")
        .unwrap();
    assert_eq!(entry["tone"], serde_json::Value::Null, "not the focus pair's");
    assert_eq!(
        entry["relations"][0]["between"],
        serde_json::json!(["pakistan", "taliban"])
    );
}

#[test]
fn a_pair_without_tones_gets_a_page_from_enough_shared_entries() {
    let site = Site::fixture("basic");
    let out = site.build();
    // China and Pakistan share one entry, and no tone is declared: no page.
    assert!(!out.exists("relations/china--pakistan/index.html"));
    let config = site.read("chronicle.yaml");
    site.write("chronicle.yaml", &format!("{config}relation_min_shared: 1\n"));
    let out = site.build();
    let page = out.page("/relations/china--pakistan/");
    assert_eq!(page.all("svg.barometer").len(), 0, "no tone, no barometer");
    assert_eq!(page.all(".timeline article.card").len(), 1);
    // A minister and their government share entries by affiliation: that
    // is not a relation, however many entries they share.
    assert!(
        out.exists("relations/afghanistan--ishaq-dar/index.html"),
        "a declared tone"
    );
    assert!(
        !out.exists("relations/ishaq-dar--pakistan/index.html"),
        "Dar is affiliated with Pakistan"
    );
}

#[test]
fn a_bare_tone_needs_a_focus_pair_the_entry_involves() {
    let site = Site::fixture("basic");
    site.write(
        "content/entries/not-focus.md",
        &entry("Not the focus", "2025-06-01", "pakistan, china", "tone: 1\n"),
    );
    let (run, _) = site.build_to("out", &[]);
    run.assert_fails();
    let line = error_at(&run, "content/entries/not-focus.md:5:7");
    assert!(line.contains("a bare `tone` is the tone of the focus pair"), "{line}");
    assert!(line.contains("under `relations:`"), "{line}");
    // Without a focus, every bare tone is an error that says what to add.
    let site = Site::fixture("basic");
    let config = site
        .read("chronicle.yaml")
        .replace("focus: [pakistan, afghanistan]\n", "");
    site.write("chronicle.yaml", &config);
    let (run, _) = site.build_to("out", &[]);
    run.assert_fails();
    assert!(
        run.errors().iter().all(|l| l.contains("declares none: add `focus:")),
        "{run}"
    );
    assert!(run.errors().len() >= 4, "{run}");
}

#[test]
fn relation_mistakes_are_located_errors() {
    let site = Site::fixture("basic");
    site.write(
        "content/entries/bad-relations.md",
        &entry(
            "Bad relations",
            "2025-06-01",
            "pakistan, afghanistan",
            "tone: 1\nrelations:\n  - between: [pakistan, china]\n    tone: 1\n  - between: [afghanistan, pakistan]\n    tone: -1\n  - between: [pakistn, afghanistan]\n    tone: 0\n  - between: [pakistan]\n    tone: 2\n  - between: [pakistan, afghanistan]\n    tone: 7\n",
        ),
    );
    let (run, out) = site.build_to("out", &[]);
    run.assert_fails();
    assert!(!out.dir.exists());
    let f = "content/entries/bad-relations.md";
    assert!(error_at(&run, &format!("{f}:7:25")).contains("`china` is not among this entry's actors"));
    assert!(error_at(&run, &format!("{f}:9")).contains("declared twice"));
    assert!(error_at(&run, &format!("{f}:11:15")).contains("did you mean `pakistan`?"));
    assert!(error_at(&run, &format!("{f}:13")).contains("two different ones"));
    assert!(error_at(&run, &format!("{f}:16")).contains("`tone` is 7"));
    assert_eq!(run.errors().len(), 5, "{run}");
}

#[test]
fn an_unknown_focus_actor_is_an_error_in_the_configuration() {
    let site = Site::fixture("basic");
    let config = site
        .read("chronicle.yaml")
        .replace("focus: [pakistan, afghanistan]", "focus: [pakistan, afganistan]");
    site.write("chronicle.yaml", &config);
    let (run, _) = site.build_to("out", &[]);
    run.assert_fails();
    let line = error_at(&run, "chronicle.yaml:6:1");
    assert!(
        line.contains("`focus` names `afganistan`, which is not an actor"),
        "{line}"
    );
}
