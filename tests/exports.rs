//! The chronicle as data for other programs: `/data/entries.csv` and
//! `/data/sources.csv` read back with a CSV parser, `/data/timeline.json`
//! with a JSON parser, and the iCalendar feeds of planned entries with an
//! iCalendar parser; and the formula guard against spreadsheet injection.

use std::collections::BTreeMap;

use crate::util::{Output, Site};

const SOURCES: &str = "sources:\n  - title: \"A report\"\n    url: \"https://example.com/report\"\n";

/// The basic fixture with planned entries dated to the day (one spanning
/// two days, one a whole year's end), and one whose text a spreadsheet
/// would take for formulas.
fn site() -> Site {
    let site = Site::fixture("basic");
    site.write(
        "content/entries/jcc-meeting-planned.md",
        &format!(
            "---\ntitle: \"Joint committee to meet; trade, transit and visas on the agenda\"\ndate: 2025-12-31\nend: 2026-01-01\nactors: [pakistan, afghanistan]\ntopics: [trade-and-transit, border-management]\nstatus: planned\nlocation: [Kabul]\nsummary: \"The committee is to meet over the new year, with a long agenda that a calendar program must fold onto several lines without breaking any character: سرحد، تجارت\"\n{SOURCES}---\nBody.\n"
        ),
    );
    site.write(
        "content/entries/dar-call-planned.md",
        &format!("---\ntitle: \"Dar to call Muttaqi\"\ndate: 2025-09-02\nactors: [ishaq-dar, amir-khan-muttaqi]\nstatus: planned\n{SOURCES}---\nA call.\n"),
    );
    site.write(
        "content/entries/formula.md",
        &format!(
            "---\ntitle: \"=HYPERLINK(\\\"https://evil.example/\\\", \\\"click\\\")\"\ndate: 2025-03-01\nactors: [pakistan, afghanistan]\nsummary: \"@SUM(A1:A9)\"\ntone: -1\n{SOURCES}---\n- a list item first, then +1 more\n"
        ),
    );
    site
}

/// Rows of the CSV file `rel` of `out`, each as column → value.
fn csv_rows(out: &Output, rel: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let bytes = out.read(rel);
    let mut reader = csv::Reader::from_reader(bytes.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header.iter().cloned().zip(r.iter().map(str::to_string)).collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn entries_and_sources_read_back_as_csv() {
    let site = site();
    let out = site.build();
    let text = out.read("data/entries.csv");
    assert!(
        text.starts_with("slug,date,end,title,") && text.ends_with("\r\n"),
        "RFC 4180 lines end in CRLF"
    );
    let (header, rows) = csv_rows(&out, "data/entries.csv");
    assert_eq!(
        header,
        [
            "slug",
            "date",
            "end",
            "title",
            "summary",
            "status",
            "location",
            "actors",
            "topics",
            "tone",
            "relations",
            "related",
            "sources",
            "body",
            "url"
        ]
    );
    let data: serde_json::Value = serde_json::from_str(&out.read("data/chronicle.json")).unwrap();
    let entries = data["entries"].as_array().unwrap();
    assert_eq!(rows.len(), entries.len());
    for (row, e) in rows.iter().zip(entries) {
        assert_eq!(row["slug"], e["slug"].as_str().unwrap());
        assert_eq!(row["date"], e["date"].as_str().unwrap());
        assert_eq!(row["status"], e["status"].as_str().unwrap());
        assert_eq!(row["url"], e["url"].as_str().unwrap());
        let actors: Vec<&str> = e["actors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert_eq!(row["actors"], actors.join("; "));
    }
    let by_slug: BTreeMap<&str, &BTreeMap<String, String>> = rows.iter().map(|r| (r["slug"].as_str(), r)).collect();
    let jcc = by_slug["jcc-meeting-planned"];
    assert_eq!(jcc["end"], "2026-01-01");
    assert_eq!(jcc["topics"], "trade-and-transit; border-management");
    assert_eq!(
        jcc["title"],
        "Joint committee to meet; trade, transit and visas on the agenda"
    );
    assert_eq!(jcc["body"], "Body.");
    assert_eq!(jcc["sources"], "https://example.com/report");
    // A month-only date keeps its precision; a derived summary is left out.
    let planned = by_slug["muttaqi-visit-planned"];
    assert_eq!((planned["date"].as_str(), planned["summary"].as_str()), ("2025-08", ""));
    assert_eq!(planned["related"], "beijing-trilateral");
    // Sources: one row per source an entry cites.
    let (header, sources) = csv_rows(&out, "data/sources.csv");
    assert_eq!(
        header,
        [
            "entry",
            "n",
            "title",
            "publisher",
            "author",
            "date",
            "url",
            "archive_url",
            "accessed",
            "language",
            "quote"
        ]
    );
    let cited: usize = entries.iter().map(|e| e["sources"].as_array().unwrap().len()).sum();
    assert_eq!(sources.len(), cited);
    let tribune = sources.iter().find(|s| s["entry"] == "muttaqi-visit-planned").unwrap();
    assert_eq!(
        (
            tribune["n"].as_str(),
            tribune["title"].as_str(),
            tribune["publisher"].as_str()
        ),
        ("1", "Muttaqi expected in Islamabad", "Express Tribune")
    );
}

#[test]
fn cells_a_spreadsheet_would_run_as_formulas_are_neutralised() {
    let site = site();
    let out = site.build();
    let (_, rows) = csv_rows(&out, "data/entries.csv");
    let row = rows.iter().find(|r| r["slug"] == "formula").unwrap();
    assert_eq!(row["title"], "'=HYPERLINK(\"https://evil.example/\", \"click\")");
    assert_eq!(row["summary"], "'@SUM(A1:A9)");
    assert_eq!(row["body"], "'- a list item first, then +1 more");
    // A number is no formula: the tone stays a number.
    assert_eq!(row["tone"], "-1");
    // No cell of either file starts a formula.
    for file in ["data/entries.csv", "data/sources.csv"] {
        let (_, rows) = csv_rows(&out, file);
        for row in &rows {
            for (col, cell) in row {
                let number = cell.parse::<f64>().is_ok();
                assert!(
                    number || !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                    "{file}: {col} = {cell:?}"
                );
            }
        }
    }
}

#[test]
fn timeline_json_is_in_timelinejs_format() {
    let site = site();
    site.write(
        "content/entries/markup.md",
        &format!(
            "---\ntitle: \"<b>Bold</b> & <script>x</script>\"\ndate: 2025\nactors: [pakistan]\n{SOURCES}---\nText.\n"
        ),
    );
    let out = site.build();
    let t: serde_json::Value = serde_json::from_str(&out.read("data/timeline.json")).unwrap();
    assert_eq!(
        t["title"]["text"]["headline"],
        "Test Chronicle: Pakistan and Afghanistan"
    );
    let events = t["events"].as_array().unwrap();
    let data: serde_json::Value = serde_json::from_str(&out.read("data/chronicle.json")).unwrap();
    assert_eq!(events.len(), data["entries"].as_array().unwrap().len());
    let find = |id: &str| events.iter().find(|e| e["unique_id"] == id).unwrap();
    let jcc = find("jcc-meeting-planned");
    assert_eq!(
        jcc["start_date"],
        serde_json::json!({"year": 2025, "month": 12, "day": 31})
    );
    assert_eq!(jcc["end_date"], serde_json::json!({"year": 2026, "month": 1, "day": 1}));
    assert_eq!(
        find("muttaqi-visit-planned")["start_date"],
        serde_json::json!({"year": 2025, "month": 8})
    );
    // TimelineJS reads headline and text as HTML: both escaped.
    let markup = find("markup");
    assert_eq!(markup["start_date"], serde_json::json!({"year": 2025}));
    assert_eq!(
        markup["text"]["headline"],
        "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;"
    );
    let text = markup["text"]["text"].as_str().unwrap();
    assert!(text.contains("href=\"https://example.org/entries/markup/\""), "{text}");
    assert!(!text.contains("<script"), "{text}");
}

/// An event's properties: name → (parameters, value).
type Event = BTreeMap<String, (String, String)>;

/// The events of the iCalendar file `rel`, parsed, with the calendar's own
/// properties; and a check that every line is folded at 75 octets.
fn calendar(out: &Output, rel: &str) -> (BTreeMap<String, String>, Vec<Event>) {
    let text = out.read(rel);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"), "{text}");
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{rel}: a line of {} octets: {line:?}", line.len());
        assert!(!line.contains('\n'), "{rel}: a bare line feed in {line:?}");
    }
    let mut parser = ical::IcalParser::new(text.as_bytes());
    let cal = parser.next().expect("a calendar").expect("a calendar that parses");
    assert!(parser.next().is_none());
    let props = cal
        .properties
        .iter()
        .map(|p| (p.name.clone(), p.value.clone().unwrap_or_default()))
        .collect();
    let events = cal
        .events
        .iter()
        .map(|e| {
            e.properties
                .iter()
                .map(|p| {
                    let params = p
                        .params
                        .iter()
                        .flatten()
                        .map(|(k, v)| format!("{k}={}", v.join(",")))
                        .collect::<Vec<_>>()
                        .join(";");
                    (p.name.clone(), (params, p.value.clone().unwrap_or_default()))
                })
                .collect()
        })
        .collect();
    (props, events)
}

#[test]
fn planned_entries_dated_to_the_day_are_all_day_events_in_a_calendar() {
    let site = site();
    let out = site.build();
    let (props, events) = calendar(&out, "planned.ics");
    assert_eq!(props["VERSION"], "2.0");
    assert!(props["PRODID"].starts_with("-//chronicle//"));
    // The August visit is known only to its month: left out, and counted.
    assert_eq!(props["X-CHRONICLE-LEFT-OUT"], "1");
    assert!(props["X-WR-CALDESC"].contains("1 planned entry is known only to the month or year"));
    assert_eq!(events.len(), 2);
    let uid = |e: &Event| e["UID"].1.clone();
    let mut uids: Vec<String> = events.iter().map(uid).collect();
    uids.sort();
    assert_eq!(
        uids,
        ["dar-call-planned@example.org", "jcc-meeting-planned@example.org"]
    );
    let jcc = events.iter().find(|e| uid(e).starts_with("jcc")).unwrap();
    assert_eq!(jcc["DTSTART"], ("VALUE=DATE".into(), "20251231".into()));
    // The end is exclusive: the day after the last day.
    assert_eq!(jcc["DTEND"], ("VALUE=DATE".into(), "20260102".into()));
    // Text is escaped per RFC 5545 and unfolds to the original.
    assert_eq!(
        jcc["SUMMARY"].1,
        "Joint committee to meet\\; trade\\, transit and visas on the agenda"
    );
    assert!(jcc["DESCRIPTION"]
        .1
        .contains("سرحد، تجارت\\n\\nhttps://example.org/entries/jcc-meeting-planned/"));
    assert_eq!(jcc["URL"].1, "https://example.org/entries/jcc-meeting-planned/");
    assert_eq!(jcc["LOCATION"].1, "Kabul");
    assert_eq!(jcc["CATEGORIES"].1, "Trade and transit,Border management");
    assert_eq!(jcc["DTSTAMP"].1, "20251231T000000Z");
    let dar = events.iter().find(|e| uid(e).starts_with("dar")).unwrap();
    assert_eq!(dar["DTEND"], ("VALUE=DATE".into(), "20250903".into()));
    // The same chronicle gives the same calendar, byte for byte.
    let again = self::site();
    assert_eq!(out.read("planned.ics"), again.build().read("planned.ics"));
}

#[test]
fn each_actor_with_planned_entries_has_its_calendar_linked_from_its_page() {
    let site = site();
    let out = site.build();
    let (_, events) = calendar(&out, "actors/ishaq-dar/planned.ics");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["UID"].1, "dar-call-planned@example.org");
    let (props, events) = calendar(&out, "actors/amir-khan-muttaqi/planned.ics");
    assert_eq!((events.len(), props["X-CHRONICLE-LEFT-OUT"].as_str()), (1, "1"));
    // An actor with nothing planned has no calendar, and no link to one.
    assert!(!out.exists("actors/china/planned.ics"));
    assert!(out
        .page("/actors/china/")
        .hrefs(".facts")
        .iter()
        .all(|h| !h.ends_with(".ics")));
    assert!(out
        .page("/actors/ishaq-dar/")
        .hrefs(".facts")
        .contains(&"/actors/ishaq-dar/planned.ics".to_string()));
    // Every export is linked from every page's footer, and each link works.
    let footer = out.page("/").hrefs("footer");
    for file in [
        "data/chronicle.json",
        "data/entries.csv",
        "data/sources.csv",
        "data/timeline.json",
        "planned.ics",
    ] {
        assert!(footer.contains(&format!("/{file}")), "{file} not in {footer:?}");
        assert!(out.exists(file), "{file}");
    }
    assert!(out
        .page("/sources/")
        .hrefs(".downloads")
        .contains(&"/data/sources.csv".to_string()));
}

/// The exports are written to disk in pieces, as they are made (they run
/// to hundreds of megabytes at 100,000 entries); what `serve` renders whole
/// in memory is byte for byte the same.
#[test]
fn exports_written_in_pieces_are_the_exports_rendered_whole() {
    let site = site();
    // Enough entries that the spreadsheet is written in several runs.
    for k in 0..2100 {
        site.write(
            &format!("content/entries/bulk-{k:04}.md"),
            &format!("---\ntitle: \"Bulk {k}\"\ndate: 2024-{:02}-{:02}\nactors: [pakistan, afghanistan]\nsources:\n  - title: \"Report {k}\"\n    url: \"https://example.com/r/{k}\"\n---\nA body, with a \"quote\" and a comma.\n", k % 12 + 1, k % 28 + 1),
        );
    }
    let out = site.build();
    let (s, result) = chronicle::serve::session::Session::new(chronicle::site::Options::new(site.root()));
    result.expect("builds");
    let served = s.site().expect("a site");
    for path in [
        "data/entries.csv",
        "data/sources.csv",
        "data/chronicle.json",
        "data/sources.json",
        "data/timeline.json",
    ] {
        let whole = served.get(path).expect("the export").expect("renders");
        let written = out.read(path);
        assert!(written.len() > 100_000, "{path} is {} bytes", written.len());
        assert!(written.as_bytes() == &whole[..], "{path} differs");
    }
    let (_, rows) = csv_rows(&out, "data/entries.csv");
    assert_eq!(rows.len(), 2100 + 12, "every entry once, across the runs");
}
