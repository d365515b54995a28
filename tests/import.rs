//! `chronicle import`: spreadsheets, TimelineJS and chronicle's own CSV
//! export made into a chronicle, with every broken row located, nothing
//! overwritten, and a result that `check` accepts.

use std::collections::BTreeMap;
use std::path::Path;

use chronicle::content::frontmatter;
use chronicle::model::Chronicle;
use chronicle::site::{self, Options};

use crate::util::{fixture_path, read_tree, Run, Site};

/// A fresh temporary folder with the import fixture `name` copied beside an
/// empty `root/`, so messages name the file as `name`.
fn with_fixture(name: &str) -> Site {
    let site = Site::empty();
    std::fs::copy(fixture_path("import").join(name), site.path(name)).unwrap();
    site
}

/// `chronicle --root ROOT import KIND FILE EXTRA...`, FILE beside the root.
fn import(site: &Site, kind: &str, file: &str, extra: &[&str]) -> Run {
    let mut args = vec!["import", kind, file];
    args.extend_from_slice(extra);
    site.run(&args)
}

/// The chronicle at `root`, loaded and linked as `check` does; panics with
/// the diagnostics when it has errors.
fn load(root: &Path) -> Chronicle {
    match site::load_chronicle(&Options::new(root)) {
        Ok((model, _)) => model,
        Err(e) => match e {
            site::Error::Content(ds) => panic!(
                "{} does not load:\n{}",
                root.display(),
                ds.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
            ),
            other => panic!("{other}"),
        },
    }
}

/// The entries of a chronicle by slug.
fn entries(model: &Chronicle) -> BTreeMap<&str, &chronicle::model::Entry> {
    model.entries.iter().map(|e| (e.slug.as_str(), e)).collect()
}

/// Slugs of the actors (or topics) an entry names.
fn actor_slugs(model: &Chronicle, e: &chronicle::model::Entry) -> Vec<String> {
    e.actors.iter().map(|&i| model.actors[i].slug.clone()).collect()
}

fn topic_slugs(model: &Chronicle, e: &chronicle::model::Entry) -> Vec<String> {
    e.topics.iter().map(|&i| model.topics[i].slug.clone()).collect()
}

#[test]
fn a_spreadsheet_reports_every_broken_row_at_its_row_and_column() {
    let site = with_fixture("events.csv");
    let run = import(&site, "csv", "events.csv", &[]);
    run.assert_fails();
    assert_eq!(
        run.errors(),
        [
            "events.csv:6:26: error: row 4, column B (Date): `2025-13-01` has month 13; months run from 01 to 12",
            "events.csv:7:1: error: row 5, column A (Title): the title is empty; every entry needs one, so this row was not imported",
            "events.csv:14:34: error: row 12, column C (End): the end (2025-05-01) is before the date (2025-05-10)",
            "events.csv:15:26: error: row 13, column F (Status): `sometime` is not a status; write `occurred`, `planned`, `reported` or `disputed`, or leave it empty",
            "events.csv:16:16: error: row 14, column B (Date): `03/04/2025` is not a date; write `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (for example `2025-05-21`); a spreadsheet's own date format is ambiguous (is 03/04 March or April?), so format the column as text in that form",
            "events.csv:18:33: error: row 16, column H (Actors): this row names no actor, and every entry needs one: fill in its actors, or give the rows that have none an actor with --default-actor NAME",
            "events.csv:19:33: error: row 17, column E (Description): the quote that opens this cell is never closed, so the rest of the file would be read as this one cell; close the quote, or double a quote meant as text (`\"\"`)",
        ],
        "{run}"
    );
    // The duplicate is written under a slug of its own, and said so.
    run.stderr_line("events.csv:10:1: warning: row 8: same date and title as row 7 (`2025-03-torkham-standoff`): written as an entry of its own, `2025-03-torkham-standoff-2`");
    // The address with a space is written as a browser reads it.
    run.stderr_line("events.csv:17:88: warning: row 15, column J (Source URL): `https://example.org/erdogan visit` is written as `https://example.org/erdogan%20visit`");
    assert!(
        run.stdout.contains(
            ": 9 entries, 5 actors, 4 topics written and chronicle.yaml; 16 rows read, 0 skipped, 7 errors, 2 warnings"
        ),
        "{run}"
    );

    // The good rows are written, and the result passes check.
    site.check().assert_ok();
    let model = load(&site.root());
    let e = entries(&model);
    assert_eq!(
        e.keys().copied().collect::<Vec<_>>(),
        [
            "2025-02-13-erdogan-in-islamabad",
            "2025-03-torkham-standoff",
            "2025-03-torkham-standoff-2",
            "2025-04-19-ishaq-dar-visits-kabul",
            "2025-04-20-wzyr-kharjh-kabl-phnch-gyy",
            "2025-04-21-sunantese-sten-athena",
            "2025-04-22-vstrecha-v-moskve",
            "2025-05-21-trilateral-talks-in-beijing",
            "2025-deportations-continue",
        ]
    );
    let dar = e["2025-04-19-ishaq-dar-visits-kabul"];
    assert_eq!(dar.date.iso(), "2025-04-19");
    assert_eq!(actor_slugs(&model, dar), ["ishaq-dar", "afghanistan"]);
    assert_eq!(topic_slugs(&model, dar), ["diplomacy"]);
    assert_eq!(dar.summary, "First senior visit in two years.");
    assert_eq!(dar.locations, ["Kabul"]);
    assert!(
        dar.body_html.text().contains("<strong>Muttaqi</strong>"),
        "{}",
        dar.body_html.text()
    );
    let s = &dar.sources[0].0;
    assert_eq!(
        (s.title.as_str(), s.publisher.as_deref(), s.url.as_deref()),
        (
            "Dar arrives in Kabul",
            Some("Express Tribune"),
            Some("https://example.org/dar-kabul")
        )
    );
    // Dates keep the precision given; ranges and statuses are kept.
    assert_eq!(e["2025-03-torkham-standoff"].date.iso(), "2025-03");
    let year = e["2025-deportations-continue"];
    assert_eq!(year.date.iso(), "2025");
    assert_eq!(year.status.as_str(), "reported");
    assert_eq!(year.sources[0].0.title, "UNHCR returns update");
    let beijing = e["2025-05-21-trilateral-talks-in-beijing"];
    assert_eq!(beijing.end.map(|d| d.iso()).as_deref(), Some("2025-05-23"));
    assert_eq!(actor_slugs(&model, beijing), ["china", "pakistan", "afghanistan"]);
    assert_eq!(topic_slugs(&model, beijing), ["diplomacy", "trade-and-transit"]);
    assert_eq!(beijing.sources[0].0.title, "example.org");
    // Names are kept with their letters; slugs are transliterated.
    let erdogan = model.actors.iter().find(|a| a.slug == "recep-tayyip-erdogan").unwrap();
    assert_eq!(erdogan.name, "Recep Tayyip Erdoğan");
}

#[test]
fn timelinejs_json_is_imported_with_its_title_html_media_and_eras() {
    let site = with_fixture("timeline.json");
    let run = import(&site, "timelinejs", "timeline.json", &[]);
    run.assert_fails();
    assert_eq!(
        run.errors(),
        [
            "timeline.json:19:47: error: event 3, start_date.month: `13` is not a month; write 1 to 12 (or leave it empty for a date known to the year)",
            "timeline.json:25:28: error: event 4, text.headline: the headline is empty; every entry needs a title, so this event was not imported",
            "timeline.json:35:59: error: event 6, start_date.day: day 30, but February 2025 has 28 days",
        ],
        "{run}"
    );
    run.stderr_line(
        "timeline.json:8:63: warning: event 1, text.text: the link to `/local/page.html` was kept as its text alone",
    );
    run.stderr_line("timeline.json:31:24: warning: event 5, media.url: `not a web address` is not a web address");
    run.stderr_line(
        "timeline.json:46: skipped era 1: an era (a span of time shown behind the events); a chronicle has no eras",
    );
    assert!(
        run.stdout.contains(
            ": 4 entries, 3 actors, 0 topics written and chronicle.yaml; 9 rows read, 1 skipped, 3 errors, 2 warnings"
        ),
        "{run}"
    );

    site.check().assert_ok();
    let model = load(&site.root());
    assert_eq!(model.config.title, "Pakistan & Afghanistan, 2025");
    assert!(
        model.intro_html.contains("<strong>talks</strong>"),
        "{}",
        model.intro_html
    );
    let e = entries(&model);
    let dar = e["2025-04-19-dar-visits-kabul"];
    assert_eq!(dar.title, "Dar visits Kabul");
    assert_eq!(actor_slugs(&model, dar), ["pakistan"]);
    assert!(
        dar.body_html
            .text()
            .contains(r#"<a href="https://example.org/report">the report</a>"#),
        "{}",
        dar.body_html.text()
    );
    assert!(
        dar.body_html.text().contains(" and our page."),
        "{}",
        dar.body_html.text()
    );
    let s = &dar.sources[0].0;
    assert_eq!(
        (s.title.as_str(), s.publisher.as_deref(), s.url.as_deref()),
        (
            "Dar in Kabul",
            Some("Photo: A. Khan"),
            Some("https://example.org/photo.jpg")
        )
    );
    let beijing = e["2025-05-21-trilateral-talks-in-beijing"];
    assert_eq!(beijing.end.map(|d| d.iso()).as_deref(), Some("2025-05-23"));
    assert_eq!(e["2025-deportations-continue-through-the-year"].date.iso(), "2025");
    assert!(e.contains_key("2025-03-torkkham-zakryt"), "{:?}", e.keys());
}

#[test]
fn the_timelinejs_sheet_is_imported_with_its_title_row_and_eras() {
    let site = with_fixture("timeline-sheet.csv");
    let run = import(
        &site,
        "timelinejs",
        "timeline-sheet.csv",
        &["--group-as", "topic", "--default-actor", "Pakistan"],
    );
    run.assert_fails();
    assert_eq!(
        run.errors(),
        [
            "timeline-sheet.csv:6:8: error: row 6, column C (Day): day 31, but February 2025 has 28 days",
            "timeline-sheet.csv:7:15: error: row 7, column J (Headline): the headline is empty; every entry needs a title, so this event was not imported",
            "timeline-sheet.csv:9:35: error: row 9, column K (Text): the quote that opens this cell is never closed, so the rest of the file would be read as this one cell; close the quote, or double a quote meant as text (`\"\"`)",
        ],
        "{run}"
    );
    run.stderr_line("timeline-sheet.csv:3: skipped row 3: an era");
    site.check().assert_ok();
    let model = load(&site.root());
    assert_eq!(model.config.title, "Pakistan and Afghanistan in 2025");
    let e = entries(&model);
    assert_eq!(
        e.keys().copied().collect::<Vec<_>>(),
        [
            "2025-04-19-dar-visits-kabul",
            "2025-05-21-trilateral-talks-in-beijing",
            "2025-deportations-continue"
        ]
    );
    let dar = e["2025-04-19-dar-visits-kabul"];
    // --group-as topic: the group is a topic, the actor the default one.
    assert_eq!(actor_slugs(&model, dar), ["pakistan"]);
    assert_eq!(topic_slugs(&model, dar), ["pakistan"]);
    assert_eq!(
        topic_slugs(&model, e["2025-05-21-trilateral-talks-in-beijing"]),
        ["china"]
    );
    let s = &dar.sources[0].0;
    assert_eq!(
        (s.title.as_str(), s.publisher.as_deref()),
        ("Dar in Kabul", Some("AFP"))
    );
    assert!(
        dar.body_html
            .text()
            .contains(r#"<a href="https://example.org/r">the report</a>"#),
        "{}",
        dar.body_html.text()
    );

    // Into a chronicle with a chronicle.yaml, the title slide is not used.
    let again = import(
        &site,
        "timelinejs",
        "timeline-sheet.csv",
        &["--group-as", "topic", "--default-actor", "Pakistan"],
    );
    again.stderr_line("timeline-sheet.csv:2: skipped row 2, the title slide: the chronicle has a chronicle.yaml, whose title and intro are kept");

    // The same sheet read by `import csv` is recognised as TimelineJS's.
    let other = with_fixture("timeline-sheet.csv");
    let run = import(&other, "csv", "timeline-sheet.csv", &[]);
    assert_eq!(run.errors().len(), 3, "{run}");
    assert!(run.stdout.contains(": 3 entries, 3 actors, 0 topics written"), "{run}");
}

#[test]
fn nothing_that_exists_is_overwritten() {
    let site = with_fixture("events.csv");
    // An entry the writer made, under the slug a row would get, and an
    // actor of theirs.
    let mine = "---\ntitle: \"Mine\"\ndate: 2025-03\nactors: [pakistan]\n---\n\nMy own words.\n";
    site.write("content/entries/2025-03-torkham-standoff.md", mine);
    let actor = "---\nname: \"Pakistan\"\nkind: state\naliases: [\"PK\"]\n---\n\nMy profile.\n";
    site.write("content/actors/pakistan.md", actor);
    site.write("chronicle.yaml", "title: \"Mine\"\n");
    let run = import(&site, "csv", "events.csv", &[]);
    run.stderr_line(
        "events.csv:9: skipped row 7: content/entries/2025-03-torkham-standoff.md already exists; it was left as it is",
    );
    assert_eq!(site.read("content/entries/2025-03-torkham-standoff.md"), mine);
    assert_eq!(site.read("content/actors/pakistan.md"), actor);
    assert_eq!(site.read("chronicle.yaml"), "title: \"Mine\"\n");
    assert!(run.stdout.contains(": 8 entries, 4 actors, 4 topics written;"), "{run}");
    site.check().assert_ok();

    // A second run writes nothing and says why for each row.
    let before = read_tree(&site.root());
    let again = import(&site, "csv", "events.csv", &[]);
    assert!(
        again
            .stdout
            .contains(": 0 entries, 0 actors, 0 topics written; 16 rows read, 9 skipped"),
        "{again}"
    );
    assert_eq!(
        again.stderr.matches("already exists; it was left as it is").count(),
        9,
        "{again}"
    );
    assert_eq!(read_tree(&site.root()), before);
}

#[test]
fn non_latin_titles_get_distinct_readable_slugs() {
    let site = Site::empty();
    std::fs::write(
        site.path("t.csv"),
        "title,date,actors\n\
         وزیر خارجہ کابل پہنچ گئے,2025-04-20,پاکستان\n\
         Συνάντηση στην Αθήνα,2025-04-20,Ελλάδα\n\
         Встреча в Москве,2025-04-20,Россия\n\
         Встреча в Москве!,2025-04-20,Россия\n\
         ؟؟,2025-04-20,Россия\n\
         !!!,2025-04-20,Россия\n",
    )
    .unwrap();
    let run = import(&site, "csv", "t.csv", &[]);
    run.assert_ok();
    site.check().assert_ok();
    let model = load(&site.root());
    let mut slugs: Vec<&str> = model.entries.iter().map(|e| e.slug.as_str()).collect();
    slugs.sort();
    assert_eq!(
        slugs,
        [
            "2025-04-20-1",
            "2025-04-20-2",
            "2025-04-20-sunantese-sten-athena",
            "2025-04-20-vstrecha-v-moskve",
            "2025-04-20-vstrecha-v-moskve-2",
            "2025-04-20-wzyr-kharjh-kabl-phnch-gyy",
        ]
    );
    let mut actors: Vec<(&str, &str)> = model
        .actors
        .iter()
        .map(|a| (a.slug.as_str(), a.name.as_str()))
        .collect();
    actors.sort();
    assert_eq!(
        actors,
        [("ellada", "Ελλάδα"), ("pakstan", "پاکستان"), ("rossiia", "Россия")]
    );
    let titles: Vec<&str> = model.entries.iter().map(|e| e.title.as_str()).collect();
    assert!(
        titles.contains(&"؟؟") && titles.contains(&"Συνάντηση στην Αθήνα"),
        "{titles:?}"
    );
}

#[test]
fn strict_writes_nothing_when_a_row_is_broken() {
    let site = with_fixture("events.csv");
    let run = import(&site, "csv", "events.csv", &["--strict"]);
    run.assert_fails();
    assert_eq!(run.errors().len(), 7, "{run}");
    assert!(run.stdout.starts_with("nothing was written to "), "{run}");
    assert!(read_tree(&site.root()).is_empty());
}

#[test]
fn duplicates_can_be_skipped() {
    let site = with_fixture("events.csv");
    let run = import(&site, "csv", "events.csv", &["--skip-duplicates"]);
    run.stderr_line("events.csv:10: skipped row 8: same date and title as row 7 (--skip-duplicates)");
    assert!(!site
        .root()
        .join("content/entries/2025-03-torkham-standoff-2.md")
        .exists());
    assert!(site.root().join("content/entries/2025-03-torkham-standoff.md").exists());
}

#[test]
fn columns_are_named_on_the_command_line() {
    let site = Site::empty();
    std::fs::write(
        site.path("n.csv"),
        "When,What,Who,Tags,Notes\n2025-01-15,Envoy arrives,Afghanistan;Pakistan,Diplomacy,The envoy arrived.\n",
    )
    .unwrap();
    // Without a title column the import says which columns there are.
    let run = import(&site, "csv", "n.csv", &[]);
    run.assert_fails();
    assert_eq!(
        run.errors(),
        ["n.csv:1:1: error: no column gives the entries' title: name it with --title-column NAME (the columns are `When`, `What`, `Who`, `Tags`, `Notes`)"],
        "{run}"
    );
    assert!(run.stderr.ends_with("import failed: nothing was written\n"), "{run}");
    // A column named that is not there: a suggestion.
    let run = import(
        &site,
        "csv",
        "n.csv",
        &["--title-column", "Wat", "--date-column", "when"],
    );
    run.stderr_line("n.csv:1:1: error: --title-column `Wat`: the header has no such column (did you mean `What`?)");
    // No actors column, no default actor: one error, not one per row.
    let run = import(
        &site,
        "csv",
        "n.csv",
        &["--title-column", "What", "--date-column", "when"],
    );
    assert_eq!(run.errors().len(), 1, "{run}");
    run.stderr_line("n.csv:1:1: error: no column gives the rows their actors");
    let run = import(
        &site,
        "csv",
        "n.csv",
        &[
            "--title-column",
            "What",
            "--date-column",
            "when",
            "--actors-column",
            "who",
            "--topics-column",
            "TAGS",
            "--body-column",
            "Notes",
        ],
    );
    run.assert_ok();
    let model = load(&site.root());
    let e = &model.entries[0];
    assert_eq!(e.slug, "2025-01-15-envoy-arrives");
    assert_eq!(actor_slugs(&model, e), ["afghanistan", "pakistan"]);
    assert_eq!(topic_slugs(&model, e), ["diplomacy"]);
    assert!(e.body_html.text().contains("The envoy arrived."));
}

#[test]
fn a_row_whose_entry_would_fail_check_is_reported_and_left_out() {
    let site = Site::empty();
    std::fs::write(
        site.path("l.csv"),
        "title,date,actors,body\n\
         Good,2025-01-01,Pakistan,See [the next](entry:2025-01-02-next).\n\
         Next,2025-01-02,Pakistan,Fine.\n\
         Broken link,2025-01-03,Pakistan,See [nothing](entry:nope).\n\
         Bad scheme,2025-01-04,Pakistan,[x](javascript:alert(1))\n",
    )
    .unwrap();
    let run = import(&site, "csv", "l.csv", &[]);
    run.assert_fails();
    let errors = run.errors();
    assert_eq!(errors.len(), 2, "{run}");
    assert!(
        errors[0].starts_with("l.csv:4:33: error: row 4, column D (body): "),
        "{run}"
    );
    assert!(
        errors[0].contains("`entry:nope`")
            && errors[0].ends_with("(so it was not imported: the entry would not pass `chronicle check`)"),
        "{run}"
    );
    assert!(
        errors[1].starts_with("l.csv:5:32: error: row 5, column D (body): "),
        "{run}"
    );
    assert!(errors[1].contains("javascript"), "{run}");
    site.check().assert_ok();
    let model = load(&site.root());
    assert_eq!(model.entries.len(), 2);
}

#[test]
fn input_that_is_not_utf8_or_not_timelinejs_is_refused_with_its_place() {
    let site = Site::empty();
    std::fs::write(site.path("latin1.csv"), b"title,date,actors\nCaf\xe9,2025,Pakistan\n").unwrap();
    let run = import(&site, "csv", "latin1.csv", &[]);
    run.assert_fails();
    assert_eq!(
        run.errors(),
        ["latin1.csv:2:4: error: the file is not UTF-8 text; save it again as \"CSV UTF-8\" (or JSON in UTF-8) and import that"]
    );
    std::fs::write(site.path("bad.json"), "{\"events\": [\n  {\"start_date\": }\n]}").unwrap();
    let run = import(&site, "timelinejs", "bad.json", &[]);
    run.assert_fails();
    run.stderr_line("bad.json:2:18: error: this is not TimelineJS JSON");
    assert!(read_tree(&site.root()).is_empty());
}

/// Panics unless the entries of `b` are those of `a`: every field the
/// export carries, and the body as written.
fn assert_same_entries(a: &Path, b: &Path, html_too: bool) {
    let (ma, mb) = (load(a), load(b));
    let (ea, eb) = (entries(&ma), entries(&mb));
    assert_eq!(ea.keys().collect::<Vec<_>>(), eb.keys().collect::<Vec<_>>());
    let pairs = |m: &Chronicle, e: &chronicle::model::Entry| -> Vec<(String, String, i8)> {
        let mut v: Vec<_> = e
            .relations
            .iter()
            .map(|r| (m.actors[r.pair.0].slug.clone(), m.actors[r.pair.1].slug.clone(), r.tone))
            .collect();
        v.sort();
        v
    };
    let body = |root: &Path, e: &chronicle::model::Entry| {
        let text = std::fs::read_to_string(root.join(&e.source_path)).unwrap();
        frontmatter::split(&text).unwrap().body.trim().to_string()
    };
    for (slug, x) in &ea {
        let y = eb[slug];
        let related = |m: &Chronicle, e: &chronicle::model::Entry| -> Vec<String> {
            e.related.iter().map(|&i| m.entries[i].slug.clone()).collect()
        };
        assert_eq!(x.title, y.title, "{slug}");
        assert_eq!(x.date, y.date, "{slug}");
        assert_eq!(x.end, y.end, "{slug}");
        assert_eq!(x.status, y.status, "{slug}");
        assert_eq!(x.locations, y.locations, "{slug}");
        assert_eq!((x.summary_given, &x.summary), (y.summary_given, &y.summary), "{slug}");
        assert_eq!(actor_slugs(&ma, x), actor_slugs(&mb, y), "{slug}");
        assert_eq!(topic_slugs(&ma, x), topic_slugs(&mb, y), "{slug}");
        assert_eq!(related(&ma, x), related(&mb, y), "{slug}");
        assert_eq!(x.tone, y.tone, "{slug}");
        assert_eq!(pairs(&ma, x), pairs(&mb, y), "{slug}");
        let sources = |e: &chronicle::model::Entry| e.sources.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>();
        assert_eq!(sources(x), sources(y), "{slug}");
        assert_eq!(body(a, x), body(b, y), "{slug}");
        if html_too {
            assert_eq!(x.body_html.text(), y.body_html.text(), "{slug}");
        }
    }
}

#[test]
fn the_csv_export_imports_back_to_the_same_entries() {
    let original = Site::fixture("basic");
    // Cells a spreadsheet would take for formulas, guarded by the export.
    original.write(
        "content/entries/formula-like.md",
        "---\ntitle: \"=1+1 is not a formula\"\ndate: 2025-02\nend: 2025-03\nactors: [pakistan, afghanistan]\ntopics: [trade-and-transit]\nstatus: reported\nlocation: [\"@Torkham\", \"-Kabul\"]\nsummary: \"-5 degrees at the border\"\ntone: 0\nrelations:\n  - between: [pakistan, taliban]\n    tone: -2\nsources:\n  - title: \"+Report, with a comma\"\n    publisher: \"@agency\"\n    author: \"A. Writer\"\n    date: 2025-02-03\n    url: \"https://example.com/a?b=c\"\n    archive_url: \"https://web.archive.org/web/2025/https://example.com/a\"\n    accessed: 2025-02-04\n    language: ur\n    quote: \"=\\\"quoted\\\"\"\n  - title: \"Notes from a call\"\n---\n\n+ a list item, \"quoted\"\n+ another; with a semicolon\n\nA second paragraph [with a link](entry:torkham-standoff).\n",
    );
    original.edit(
        "content/entries/formula-like.md",
        "actors: [pakistan, afghanistan]",
        "actors: [pakistan, afghanistan, taliban]",
    );
    original.check().assert_ok();
    // The spreadsheets a build publishes, as a reader downloads them.
    let data = original.path("data");
    std::fs::create_dir(&data).unwrap();
    let out = original.build();
    for file in ["entries.csv", "sources.csv"] {
        std::fs::write(data.join(file), out.read(&format!("data/{file}"))).unwrap();
    }
    let csv = std::fs::read_to_string(data.join("entries.csv")).unwrap();
    assert!(
        csv.contains("'=1+1 is not a formula") && csv.contains("'-5 degrees"),
        "{csv}"
    );
    let data_csv = data.join("entries.csv");
    let data_csv = data_csv.to_str().unwrap();

    // Into the chronicle it came from, its entries removed.
    let back = Site::fixture("basic");
    std::fs::remove_dir_all(back.root().join("content/entries")).unwrap();
    let run = back.run(&["import", "csv", data_csv]);
    run.assert_ok();
    assert!(run.warnings().is_empty(), "{run}");
    assert!(
        run.stdout.contains(": 10 entries, 0 actors, 0 topics written;"),
        "{run}"
    );
    back.check().assert_ok();
    assert_same_entries(&original.root(), &back.root(), true);

    // Into a new folder: actors and topics are made from their slugs, and
    // the focus pair from the entries with a tone.
    let fresh = Site::empty();
    let run = fresh.run(&["import", "csv", data_csv]);
    run.assert_ok();
    assert!(
        run.stdout
            .contains(": 10 entries, 6 actors, 3 topics written and chronicle.yaml;"),
        "{run}"
    );
    fresh.check().assert_ok();
    assert_same_entries(&original.root(), &fresh.root(), false);
    let model = load(&fresh.root());
    let muttaqi = model.actors.iter().find(|a| a.slug == "amir-khan-muttaqi").unwrap();
    assert_eq!(muttaqi.name, "Amir Khan Muttaqi");

    // sources.csv elsewhere, named with --sources, into a folder named
    // with --into.
    let elsewhere = original.path("elsewhere.csv");
    std::fs::rename(data.join("sources.csv"), &elsewhere).unwrap();
    let named = Site::empty();
    let into = named.path("named");
    let run = named.run(&[
        "import",
        "csv",
        data_csv,
        "--sources",
        elsewhere.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ]);
    run.assert_ok();
    assert!(read_tree(&named.root()).is_empty(), "--into was not used");
    assert_same_entries(&original.root(), &into, false);

    // Without sources.csv, the `sources` column gives each source its URL
    // (or its title), and the import still passes check.
    let bare = Site::empty();
    bare.run(&["import", "csv", data_csv]).assert_ok();
    bare.check().assert_ok();
    let model = load(&bare.root());
    let e = model.entries.iter().find(|e| e.slug == "torkham-reopens").unwrap();
    let titles: Vec<(&str, Option<&str>)> = e
        .sources
        .iter()
        .map(|(s, _)| (s.title.as_str(), s.url.as_deref()))
        .collect();
    assert_eq!(
        titles,
        [
            ("example.com", Some("https://example.com/dawn/torkham-reopens")),
            ("Interview with a customs officer", None)
        ]
    );
}

#[test]
fn the_export_reader_takes_missing_and_extra_columns() {
    let site = Site::empty();
    site.write("content/actors/pakistan.md", "---\nname: Pakistan\n---\n");
    site.write("content/actors/afghanistan.md", "---\nname: Afghanistan\n---\n");
    std::fs::write(
        site.path("entries.csv"),
        "Extra,SLUG,title,date,actors,related\n\
         x,first-one,First,2025-01-01,pakistan; afghanistan,second-one; gone\n\
         y,second-one,Second,2025-01-02,'-not-a-slug,\n\
         z,,Third,2025-01-03,pakistan,\n",
    )
    .unwrap();
    let run = import(&site, "csv", "entries.csv", &[]);
    run.assert_fails();
    run.stderr_line("entries.csv:2:52: warning: row 2, column F (related): the related entry `gone` was left out");
    run.stderr_line("entries.csv:3:32: error: row 3, column E (actors): `-not-a-slug` is not a slug of an actor");
    site.check().assert_ok();
    let model = load(&site.root());
    let slugs: Vec<&str> = model.entries.iter().map(|e| e.slug.as_str()).collect();
    assert_eq!(slugs, ["first-one", "2025-01-03-third"]);
    // `second-one` was not imported, so `first-one` does not point at it.
    assert!(model.entries[0].related.is_empty());
}
