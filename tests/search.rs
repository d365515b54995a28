//! The search index as a reader sees it: the files parsed with serde_json
//! and looked up by the algorithm the README documents, without the
//! builder's code (but for the folding, which has its own shared table).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::util::{Output, Site};
use chronicle::render::search::{self, field};

/// The search index of a built site, read the documented way.
struct Index {
    out: Output,
    manifest: Value,
    shards: BTreeMap<usize, Vec<(String, Vec<i64>)>>,
}

impl Index {
    fn read(out: Output) -> Index {
        let manifest: Value = serde_json::from_str(&out.read("search/manifest.json")).unwrap();
        assert_eq!(manifest["format"], 1);
        Index {
            out,
            manifest,
            shards: BTreeMap::new(),
        }
    }

    fn file(&self, template: &str, n: usize) -> String {
        let url = self.manifest[template].as_str().unwrap().replace("{n}", &n.to_string());
        url.strip_prefix('/').unwrap().to_string()
    }

    fn shard_count(&self) -> usize {
        self.manifest["shards"].as_array().unwrap().len()
    }

    /// Shard `n`, as `[(term, postings)]`.
    fn shard(&mut self, n: usize) -> &[(String, Vec<i64>)] {
        if !self.shards.contains_key(&n) {
            let text = self.out.read(&self.file("terms_url", n));
            assert_eq!(
                text.len() as u64,
                self.manifest["shards"][n][1].as_u64().unwrap(),
                "the manifest gives shard {n}'s size"
            );
            let v: Vec<(String, Vec<i64>)> = serde_json::from_str(&text).unwrap();
            self.shards.insert(n, v);
        }
        &self.shards[&n]
    }

    /// The shard that can hold `term`: the last whose first term is not
    /// after it, in UTF-16 order.
    fn shard_of(&self, term: &str) -> usize {
        let firsts = self.manifest["shards"].as_array().unwrap();
        let key: Vec<u16> = term.encode_utf16().collect();
        firsts
            .iter()
            .rposition(|s| s[0].as_str().unwrap().encode_utf16().collect::<Vec<u16>>() <= key)
            .unwrap_or(0)
    }

    /// Entry number → field flags of `term` (an exact term).
    fn lookup(&mut self, term: &str) -> BTreeMap<u64, u64> {
        let bits = self.manifest["flag_bits"].as_u64().unwrap();
        let n = self.shard_of(term);
        let mut out = BTreeMap::new();
        if let Some((_, postings)) = self.shard(n).iter().find(|(t, _)| t == term) {
            let (mut entry, mut flags) = (0, 0);
            for &v in postings {
                if v < 0 {
                    // The -v entries right after, with the same flags.
                    for _ in 0..-v {
                        entry += 1;
                        out.insert(entry, flags);
                    }
                } else {
                    let v = v as u64;
                    entry += v >> bits;
                    flags = v & ((1 << bits) - 1);
                    out.insert(entry, flags);
                }
            }
        }
        out
    }

    /// The entries every word of `query` is in (folded as search does).
    fn query(&mut self, query: &str) -> Vec<u64> {
        let folded = search::fold(query);
        let words: Vec<String> = search::tokens(&folded).map(str::to_string).collect();
        let mut hits: Option<Vec<u64>> = None;
        for w in words {
            let found: Vec<u64> = self.lookup(&w).into_keys().collect();
            hits = Some(match hits {
                None => found,
                Some(h) => h.into_iter().filter(|e| found.contains(e)).collect(),
            });
        }
        hits.unwrap_or_default()
    }

    /// Entry `n`'s record (`search/meta`).
    fn record(&self, n: u64) -> Value {
        let size = self.manifest["meta_chunk"].as_u64().unwrap();
        let chunk: Value = serde_json::from_str(&self.out.read(&self.file("meta_url", (n / size) as usize))).unwrap();
        chunk[(n % size) as usize].clone()
    }

    /// Entry `n`'s body text (`search/text`).
    fn text(&self, n: u64) -> String {
        let size = self.manifest["text_chunk"].as_u64().unwrap();
        let chunk: Value = serde_json::from_str(&self.out.read(&self.file("text_url", (n / size) as usize))).unwrap();
        chunk[(n % size) as usize].as_str().unwrap().to_string()
    }
}

/// An entry number: its place in `/data/chronicle.json`'s entries.
fn entry_number(out: &Output, slug: &str) -> u64 {
    let data: Value = serde_json::from_str(&out.read("data/chronicle.json")).unwrap();
    data["entries"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| e["slug"] == slug)
        .unwrap() as u64
}

/// Words of a deterministic made-up language, `n` of them.
fn made_up_words(seed: u64, n: usize) -> Vec<String> {
    const SYLLABLES: [&str; 16] = [
        "ka", "ro", "mi", "tun", "sel", "dar", "po", "li", "vek", "an", "zo", "qir", "bu", "ne", "hal", "te",
    ];
    let mut x = seed;
    (0..n)
        .map(|_| {
            let mut w = String::new();
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = 2 + (x >> 60) % 3;
            for k in 0..len {
                w.push_str(SYLLABLES[((x >> (8 * k + 8)) & 15) as usize]);
            }
            w
        })
        .collect()
}

/// The basic fixture with `extra` more entries of made-up words (so the
/// index takes several shards) and one entry whose word `zanzibarite` sits
/// only deep in its body.
fn chronicle(extra: usize) -> Site {
    let site = Site::fixture("basic");
    for i in 0..extra {
        let words = made_up_words(i as u64 + 1, 120).join(" ");
        site.write(
            &format!("content/entries/filler-{i:04}.md"),
            &format!(
                "---\ntitle: \"Filler {i}\"\ndate: 2024-{:02}-{:02}\nactors: [pakistan]\nsources:\n  - title: \"S\"\n---\n\n{words}.\n",
                1 + i % 12,
                1 + i % 28
            ),
        );
    }
    let mut body = String::new();
    for p in 0..30 {
        body.push_str(&format!(
            "Paragraph {p} of the record, on Jordan's talks and trade.\n\n"
        ));
    }
    body.push_str("## Late heading\n\nOnly here: the zanzibarite clause, set down at the end.\n");
    site.write(
        "content/entries/deep-body.md",
        &format!(
            "---\ntitle: \"A long record of talks\"\ndate: 2025-02-03\nactors: [ishaq-dar, pakistan]\ntopics: [diplomacy]\nsummary: \"Talks went on for days.\"\nsources:\n  - title: \"S\"\n---\n\n{body}"
        ),
    );
    site
}

#[test]
fn every_word_of_an_entry_is_found_in_its_shard() {
    let site = chronicle(400);
    let out = site.build();
    let deep = entry_number(&out, "deep-body");
    let mut index = Index::read(out);
    assert!(
        index.shard_count() > 2,
        "the test needs several shards, got {}",
        index.shard_count()
    );
    let source = site.read("content/entries/deep-body.md");
    let body = source.split("---\n").nth(2).unwrap();
    // Every word, split here the plain way: ASCII letters and digits.
    let words: Vec<String> = body
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "s")
        .map(str::to_ascii_lowercase)
        .collect();
    assert!(words.len() > 300);
    for w in &words {
        let found = index.lookup(w);
        assert!(
            found.get(&deep).is_some_and(|f| f & u64::from(field::BODY) != 0),
            "`{w}` is not found in the body of entry {deep}"
        );
    }
    // Title, summary, actors (with an alias) and topics, each with its flag.
    for (w, flag) in [
        ("record", field::TITLE),
        ("days", field::SUMMARY),
        ("ishaq", field::ACTOR),
        ("islamic", field::ACTOR),
        ("diplomacy", field::TOPIC),
    ] {
        let f = index.lookup(w)[&deep];
        assert!(f & u64::from(flag) != 0, "`{w}` has flags {f}");
    }
    // Every made-up word of a filler entry, too.
    let filler = entry_number(&index.out, "filler-0123");
    for w in made_up_words(124, 120) {
        assert!(index.lookup(&w).contains_key(&filler), "`{w}` of filler-0123");
    }
}

#[test]
fn a_word_deep_in_one_body_finds_that_entry_with_its_text() {
    let site = chronicle(0);
    let out = site.build();
    let deep = entry_number(&out, "deep-body");
    let mut index = Index::read(out);
    assert_eq!(index.query("Zanzibarite"), [deep]);
    assert_eq!(index.record(deep)["t"], "A long record of talks");
    assert!(index.text(deep).contains("the zanzibarite clause"));
    // Words of a heading and of the paragraph after it stay apart.
    assert_eq!(index.query("heading only"), [deep]);
}

#[test]
fn straight_and_curly_apostrophes_find_the_same_entries() {
    let site = chronicle(0);
    let out = site.build();
    let deep = entry_number(&out, "deep-body");
    let text = {
        let index = Index::read(Output { dir: out.dir.clone() });
        index.text(deep)
    };
    assert!(text.contains("Jordan\u{2019}s"), "the build curls apostrophes: {text}");
    let mut index = Index::read(out);
    let straight = index.query("Jordan's");
    assert_eq!(straight, [deep]);
    assert_eq!(index.query("Jordan\u{2019}s"), straight);
    assert_eq!(index.query("jordan"), straight, "and without the possessive");
}

/// The queries of `tests/fixtures/search-arabic-script.json`: what each
/// tries, its spellings and the slugs of the entries it must find.
fn arabic_script_queries() -> Vec<(String, Vec<String>, Vec<String>)> {
    let path = crate::util::fixture_path("search-arabic-script.json");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    json["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            (
                q["what"].as_str().unwrap().to_string(),
                strings(&q["variants"]),
                strings(&q["entries"]),
            )
        })
        .collect()
}

#[test]
fn every_spelling_of_an_arabic_script_word_finds_the_same_entries() {
    let site = Site::fixture("arabic-script");
    let out = site.build();
    let queries = arabic_script_queries();
    assert!(queries.len() >= 10);
    let numbers: Vec<(String, u64)> = [
        "dar-in-kabul",
        "constitution-talks",
        "treaty-text",
        "dari-statement",
        "arabic-report",
    ]
    .iter()
    .map(|s| (s.to_string(), entry_number(&out, s)))
    .collect();
    let mut index = Index::read(out);
    for (what, variants, slugs) in queries {
        let mut expected: Vec<u64> = slugs
            .iter()
            .map(|s| {
                numbers
                    .iter()
                    .find(|(n, _)| n == s)
                    .unwrap_or_else(|| panic!("no entry {s}"))
                    .1
            })
            .collect();
        expected.sort_unstable();
        for v in &variants {
            let mut found = index.query(v);
            found.sort_unstable();
            assert_eq!(found, expected, "{what}: `{v}`");
        }
    }
}

#[test]
fn aliases_titles_summaries_and_bodies_in_arabic_script_are_indexed_with_their_fields() {
    let site = Site::fixture("arabic-script");
    let out = site.build();
    let dar = entry_number(&out, "dar-in-kabul");
    let talks = entry_number(&out, "constitution-talks");
    let mut index = Index::read(out);
    let flags = |index: &mut Index, word: &str, entry: u64| {
        let folded = search::fold(word);
        let term = search::tokens(&folded).next().unwrap().to_string();
        index.lookup(&term).get(&entry).copied().unwrap_or(0)
    };
    // کابل in the title, كابل (Arabic kaf) in the body: one term, both fields.
    let f = flags(&mut index, "\u{06A9}\u{0627}\u{0628}\u{0644}", dar);
    assert_eq!(
        f & u64::from(field::TITLE | field::BODY),
        u64::from(field::TITLE | field::BODY),
        "{f}"
    );
    // امارت, from an alias of the entry's actor afghanistan.
    let f = flags(&mut index, "\u{0627}\u{0645}\u{0627}\u{0631}\u{062A}", dar);
    assert!(f & u64::from(field::ACTOR) != 0, "{f}");
    // آئین in the title, درآمد in the summary.
    assert!(flags(&mut index, "\u{0622}\u{0626}\u{06CC}\u{0646}", talks) & u64::from(field::TITLE) != 0);
    assert!(flags(&mut index, "\u{062F}\u{0631}\u{0622}\u{0645}\u{062F}", talks) & u64::from(field::SUMMARY) != 0);
    // The topic's name, تجارت.
    assert!(flags(&mut index, "\u{062A}\u{062C}\u{0627}\u{0631}\u{062A}", talks) & u64::from(field::TOPIC) != 0);
    // No term keeps a mark, a tatweel, a joiner or a non-ASCII digit.
    for n in 0..index.shard_count() {
        for (term, _) in index.shard(n) {
            assert!(
                !term.chars().any(|c| matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' | '\u{200C}' | '\u{200D}' | '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' | '\u{0643}' | '\u{064A}' | '\u{0649}' | '\u{0629}' | '\u{0647}')),
                "term {term:?}"
            );
        }
    }
}
