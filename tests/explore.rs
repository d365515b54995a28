//! The explore files (`explore/`) the home page's filters load, read back
//! with serde_json and checked against `/data/chronicle.json`; and the home
//! page's window of latest entries.

use serde_json::Value;

use crate::util::{Output, Site};

const SOURCES: &str = "sources:\n  - title: \"A report\"\n    url: \"https://example.com/report\"\n";

fn json(out: &Output, rel: &str) -> Value {
    serde_json::from_str(&out.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The ascending numbers of a delta-encoded posting list.
fn undelta(v: &Value) -> Vec<usize> {
    let mut n = 0;
    v.as_array()
        .expect("an array")
        .iter()
        .map(|d| {
            n += d.as_u64().expect("a number") as usize;
            n
        })
        .collect()
}

fn strs(v: &Value) -> Vec<&str> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect()
}

/// A chronicle with dates of every precision, an `end`, statuses and tones.
fn site() -> Site {
    let site = Site::fixture("basic");
    site.write(
        "content/entries/talks-range.md",
        &format!(
            "---\ntitle: \"Talks over three days\"\ndate: 2025-02-27\nend: 2025-03-02\nactors: [pakistan, china]\nstatus: reported\nrelations:\n  - between: [pakistan, china]\n    tone: 1\n{SOURCES}---\nBody.\n"
        ),
    );
    site
}

/// The date a code stands for, as the manifest's `dates` describes it.
fn decode(code: &str, base: i64) -> String {
    const DIGITS: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let n = code
        .chars()
        .fold(0i64, |n, c| n * 64 + DIGITS.find(c).expect("a base-64 digit") as i64);
    let (y, m, d) = (base + n / 512, n / 32 % 16, n % 32);
    match (m, d) {
        (0, _) => format!("{y:04}"),
        (_, 0) => format!("{y:04}-{m:02}"),
        _ => format!("{y:04}-{m:02}-{d:02}"),
    }
}

#[test]
fn the_manifest_describes_every_entry_actor_topic_and_relation() {
    let site = site();
    let out = site.build();
    let data = json(&out, "data/chronicle.json");
    let m = json(&out, "explore/index.json");
    let entries = data["entries"].as_array().unwrap();
    assert_eq!(m["v"], 1);
    assert_eq!(m["root"], "/");
    assert_eq!(m["count"].as_u64().unwrap() as usize, entries.len());
    let chunk = m["chunk"].as_u64().unwrap() as usize;
    assert!(chunk > 0);
    // Actors and topics: [slug, name, count], in the export's order.
    for (kind, list) in [("actors", &m["actors"]), ("topics", &m["topics"])] {
        let want = data[kind].as_array().unwrap();
        let got = list.as_array().unwrap();
        assert_eq!(got.len(), want.len(), "{kind}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g[0], w["slug"], "{kind}");
            assert_eq!(g[1], w["name"], "{kind}");
            assert_eq!(g[2], w["entry_count"], "{kind}");
        }
    }
    // Relations: [slug, actor number, actor number, shared entries].
    let actors: Vec<&str> = m["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a[0].as_str().unwrap())
        .collect();
    // They are a file of their own, which the manifest names and counts.
    let rels = data["relations"].as_array().unwrap();
    assert_eq!(m["urls"]["relations"], "/explore/relations.json");
    let listed: serde_json::Value = serde_json::from_str(&out.read("explore/relations.json")).unwrap();
    assert_eq!(m["relation_count"].as_u64().unwrap() as usize, rels.len());
    assert_eq!(listed.as_array().unwrap().len(), rels.len());
    assert!(m.get("relations").is_none(), "not in the manifest");
    for (g, w) in listed.as_array().unwrap().iter().zip(rels) {
        assert_eq!(g[0], w["slug"]);
        let pair = [
            actors[g[1].as_u64().unwrap() as usize],
            actors[g[2].as_u64().unwrap() as usize],
        ];
        assert_eq!(pair.to_vec(), strs(&w["between"]));
        assert_eq!(g[3].as_u64().unwrap() as usize, w["entries"].as_array().unwrap().len());
    }
    // Statuses and tones with their counts.
    for s in m["statuses"].as_array().unwrap() {
        let n = entries.iter().filter(|e| e["status"] == s[0]).count();
        assert_eq!(s[1].as_u64().unwrap() as usize, n, "{s}");
    }
    let tones: Vec<i64> = m["tones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t[0].as_i64().unwrap())
        .collect();
    assert_eq!(tones, [-2, -1, 0, 1, 2]);
    // Dates: one fixed-width code per entry, and the ends apart.
    let dates = &m["dates"];
    let (base, width) = (
        dates["base"].as_i64().unwrap(),
        dates["width"].as_u64().unwrap() as usize,
    );
    let codes = dates["codes"].as_str().unwrap();
    assert_eq!(codes.len(), width * entries.len());
    for (i, e) in entries.iter().enumerate() {
        assert_eq!(
            decode(&codes[i * width..(i + 1) * width], base),
            e["date"].as_str().unwrap(),
            "entry {i}"
        );
    }
    let ends = dates["ends"].as_array().unwrap();
    let with_end: Vec<usize> = (0..entries.len()).filter(|&i| !entries[i]["end"].is_null()).collect();
    assert_eq!(
        ends.iter().map(|x| x[0].as_u64().unwrap() as usize).collect::<Vec<_>>(),
        with_end
    );
    assert!(!with_end.is_empty());
    for x in ends {
        let i = x[0].as_u64().unwrap() as usize;
        assert_eq!(
            decode(x[1].as_str().unwrap(), base),
            entries[i]["end"].as_str().unwrap()
        );
    }
    // The patterns of the other files.
    assert_eq!(m["urls"]["actor"], "/explore/actor/{slug}.json");
    assert_eq!(m["urls"]["entries"], "/explore/entries/{k}.json");
    assert_eq!(m["urls"]["tone"], "/explore/tone/{n}.json");
    assert_eq!(m["urls"]["actor_page"], "/actors/{slug}/");
    assert_eq!(m["urls"]["year_page"], "/years/{year}/");
}

#[test]
fn posting_lists_hold_exactly_the_matching_entries() {
    let site = site();
    let out = site.build();
    let data = json(&out, "data/chronicle.json");
    let entries = data["entries"].as_array().unwrap();
    let having =
        |f: &dyn Fn(&Value) -> bool| -> Vec<usize> { (0..entries.len()).filter(|&i| f(&entries[i])).collect() };
    let has = |e: &Value, key: &str, slug: &str| e[key].as_array().unwrap().iter().any(|x| x == slug);
    for a in data["actors"].as_array().unwrap() {
        let slug = a["slug"].as_str().unwrap();
        let got = undelta(&json(&out, &format!("explore/actor/{slug}.json")));
        assert_eq!(got, having(&|e| has(e, "actors", slug)), "actor {slug}");
    }
    for t in data["topics"].as_array().unwrap() {
        let slug = t["slug"].as_str().unwrap();
        let got = undelta(&json(&out, &format!("explore/topic/{slug}.json")));
        assert_eq!(got, having(&|e| has(e, "topics", slug)), "topic {slug}");
    }
    for s in ["occurred", "planned", "reported", "disputed"] {
        let got = undelta(&json(&out, &format!("explore/status/{s}.json")));
        assert_eq!(got, having(&|e| e["status"] == s), "status {s}");
    }
    for n in -2..=2i64 {
        let got = undelta(&json(&out, &format!("explore/tone/{n}.json")));
        let want = having(&|e| e["relations"].as_array().unwrap().iter().any(|r| r["tone"] == n));
        assert_eq!(got, want, "tone {n}");
    }
    let mut toned = 0;
    for r in data["relations"].as_array().unwrap() {
        let slug = r["slug"].as_str().unwrap();
        let file = json(&out, &format!("explore/relation/{slug}.json"));
        let got = undelta(&file[0]);
        let between = strs(&r["between"]);
        assert_eq!(
            got,
            having(&|e| has(e, "actors", between[0]) && has(e, "actors", between[1])),
            "relation {slug}"
        );
        let tones = file[1].as_array().unwrap();
        assert_eq!(tones.len(), got.len());
        for (&i, t) in got.iter().zip(tones) {
            let declared = entries[i]["relations"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| strs(&x["between"]) == between)
                .map(|x| x["tone"].clone())
                .unwrap_or(Value::Null);
            assert_eq!(t, &declared, "relation {slug}, entry {i}");
            toned += usize::from(!t.is_null());
        }
    }
    assert!(toned > 0, "some relation carries tones");
}

#[test]
fn chunks_hold_a_row_for_every_entry_in_order() {
    let site = site();
    let out = site.build();
    let data = json(&out, "data/chronicle.json");
    let m = json(&out, "explore/index.json");
    let entries = data["entries"].as_array().unwrap();
    let chunk = m["chunk"].as_u64().unwrap() as usize;
    let mut rows = Vec::new();
    for k in 0..entries.len().div_ceil(chunk) {
        let c = json(&out, &format!("explore/entries/{k}.json"));
        let c = c.as_array().unwrap();
        assert!(
            c.len() == chunk || k == entries.len() / chunk,
            "chunk {k} has {} rows",
            c.len()
        );
        rows.extend(c.iter().cloned());
    }
    assert!(!out.exists(&format!("explore/entries/{}.json", entries.len().div_ceil(chunk))));
    assert_eq!(rows.len(), entries.len());
    let actors = m["actors"].as_array().unwrap();
    for (row, e) in rows.iter().zip(entries) {
        let path = format!("/{}", row["u"].as_str().unwrap());
        assert!(e["url"].as_str().unwrap().ends_with(&path), "{path}");
        assert!(out.exists(&format!("{}index.html", &path[1..])));
        assert_eq!(row["t"], e["title"]);
        assert_eq!(row["i"], e["date"]);
        assert_eq!(row["s"], e["summary"]);
        let status = row.get("st").map_or("occurred", |s| s.as_str().unwrap());
        assert_eq!(status, e["status"]);
        let names: Vec<&Value> = row["a"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| &actors[a.as_u64().unwrap() as usize][0])
            .collect();
        assert_eq!(names, e["actors"].as_array().unwrap().iter().collect::<Vec<_>>());
        let tones = row.get("r").and_then(Value::as_array).map_or(0, Vec::len);
        assert_eq!(tones, e["relations"].as_array().unwrap().len());
    }
    // The range entry's date says both ends.
    let range = rows.iter().find(|r| r["t"] == "Talks over three days").unwrap();
    assert_eq!(range["d"], "27 February – 2 March 2025");
}

#[test]
fn explore_files_honour_a_sub_path() {
    let site = site();
    let out = site.build_with(&["--base-url", "https://example.net/sub/"]);
    let m = json(&out, "explore/index.json");
    assert_eq!(m["root"], "/sub/");
    assert_eq!(m["urls"]["topic"], "/sub/explore/topic/{slug}.json");
    assert_eq!(m["urls"]["relation_page"], "/sub/relations/{slug}/");
    assert_eq!(m["urls"]["year_page"], "/sub/years/{year}/");
    let home = out.page("/");
    assert_eq!(home.attrs("#explore", "data-index"), ["/sub/explore/index.json"]);
    assert_eq!(home.attrs("script[src$='explore.js']", "src"), ["/sub/explore.js"]);
    assert_eq!(home.attrs("script[src]", "src"), ["/sub/words.js", "/sub/explore.js"]);
}

#[test]
fn the_scripts_share_one_script_of_words_loaded_before_them() {
    let site = site();
    let out = site.build();
    // Deferred scripts run in the order they are written: the words first.
    for (url, script) in [("/", "/explore.js"), ("/search/", "/search.js")] {
        let page = out.page(url);
        assert_eq!(page.attrs("script[src]", "src"), ["/words.js", script], "{url}");
        assert_eq!(page.attrs("script[src][defer]", "src").len(), 2, "{url}: both deferred");
        assert_eq!(page.all("script#chronicle-strings").len(), 1, "{url}");
    }
    assert!(out.exists("words.js"));
    // One definition of the helpers: explore.js and search.js take them
    // from words.js.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    let words = std::fs::read_to_string(dir.join("words.js")).unwrap();
    assert!(words.contains("function tr(") && words.contains("function digits("));
    for script in ["explore.js", "search.js"] {
        let js = std::fs::read_to_string(dir.join(script)).unwrap();
        for helper in [
            "function tr(",
            "function digits(",
            "chronicle-strings\")",
            "Intl.PluralRules",
        ] {
            assert!(!js.contains(helper), "{script} defines `{helper}` again");
        }
        assert!(js.contains("window.ChronicleWords"), "{script}");
    }
}

#[test]
fn the_home_page_shows_the_latest_entries_newest_first_and_links_the_archive() {
    let site = site();
    let config = site.read("chronicle.yaml");
    site.write("chronicle.yaml", &format!("{config}home_entries: 3\n"));
    let out = site.build();
    let data = json(&out, "data/chronicle.json");
    let entries = data["entries"].as_array().unwrap();
    let home = out.page("/");
    let shown = home.hrefs("#home-window .card-title");
    // Newest first: by year and month from the latest, each closed by the
    // entries known only to it (`0` sorts after the months and days).
    let key = |e: &serde_json::Value| {
        let parts: Vec<i64> = e["date"]
            .as_str()
            .unwrap()
            .split('-')
            .map(|p| p.parse().unwrap())
            .collect();
        let (y, m, d) = (
            parts[0],
            parts.get(1).copied().unwrap_or(0),
            parts.get(2).copied().unwrap_or(0),
        );
        (-y, m == 0, -m, d == 0, -d)
    };
    let mut newest: Vec<(usize, &serde_json::Value)> = entries.iter().enumerate().collect();
    newest.sort_by_key(|(i, e)| (key(e), std::cmp::Reverse(*i)));
    let latest: Vec<String> = newest
        .into_iter()
        .map(|(_, e)| e)
        .take(3)
        .map(|e| {
            e["url"]
                .as_str()
                .unwrap()
                .trim_start_matches("https://example.org")
                .to_string()
        })
        .collect();
    assert_eq!(shown, latest);
    assert!(home
        .text(".window-note")
        .contains(&format!("latest 3 of {}", entries.len())));
    // The filters are in the page only for explore.js, hidden without it.
    let explore = home.all("#explore[hidden]");
    assert_eq!(explore.len(), 1);
    assert!(home.all("#explore form").is_empty());
    // Every year of the archive is linked, from the jump list and below.
    let years: std::collections::BTreeSet<String> = entries
        .iter()
        .map(|e| format!("/years/{}/", &e["date"].as_str().unwrap()[..4]))
        .collect();
    for y in &years {
        assert!(home.hrefs(".jump").contains(y), "{y} in the jump list");
        assert!(home.hrefs(".archive-links").contains(y), "{y} below the window");
    }
    // The jump list's months lead to the window's months.
    for href in home.hrefs(".jump").iter().filter(|h| h.starts_with('#')) {
        assert_eq!(home.all(&format!("[id='{}']", &href[1..])).len(), 1, "{href}");
    }
}

#[test]
fn home_entries_must_be_a_number() {
    let site = Site::fixture("basic");
    let config = site.read("chronicle.yaml");
    site.write("chronicle.yaml", &format!("{config}home_entries: many\n"));
    let run = site.check();
    run.assert_fails();
    assert!(run.stderr_line("home_entries").contains("whole number"), "{run}");
}
