//! The client-side search index: term shards, entry records and body text
//! in small files, so that a query fetches only what it needs.
//!
//! The files (their paths come from [`crate::paths::SearchPart`]):
//!
//! - `search/manifest.json`: the format, the entry count, the chunk sizes,
//!   the URL templates of the other files and, for each term shard, its
//!   first term and its size in bytes. Shard `i` holds the terms from its
//!   first term up to (not including) shard `i + 1`'s, in UTF-16 code unit
//!   order (the order of JavaScript's `<` on strings).
//! - `search/terms/N.json`: `[[term, postings], ...]`, sorted. `postings`
//!   are numbers `delta * 32 + flags`: `delta` is the entry number minus the
//!   previous one's (the first is the entry number itself), `flags` the
//!   fields holding the term ([`field`]); a negative number `-n` stands for
//!   the `n` entries right after the previous one, with its flags. An
//!   entry's number is its index in time order, the order of
//!   `/data/chronicle.json`'s `entries`.
//! - `search/meta/N.json`: the records of entries `N * META_CHUNK ..`, to
//!   show a result: URL, title, date, status, actor names and summary.
//! - `search/text/N.json`: the body text of entries `N * TEXT_CHUNK ..`, for
//!   an excerpt around a match in the body.
//!
//! Text is matched after [`fold`]ing and split into [`tokens`]; each token
//! is indexed under its [`forms`]. `search.js` does the same on the query,
//! and `tests/fixtures/search-fold.json` holds cases both must agree on.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::content::parse::Status;
use crate::model::Chronicle;
use crate::paths::{search_part_url, Place, SearchPart};

/// Version of the index files' format (see the README).
pub const FORMAT: u32 = 1;
/// Entries per record chunk (`search/meta/N.json`).
pub const META_CHUNK: usize = 8;
/// Entries per body text chunk (`search/text/N.json`).
pub const TEXT_CHUNK: usize = 4;
/// A term shard is cut once it would pass this many bytes (a single term
/// whose postings are larger gets a shard of its own).
pub const SHARD_BYTES: usize = 48 * 1024;

/// The field flags of a posting.
pub mod field {
    pub const TITLE: u8 = 1;
    pub const ACTOR: u8 = 2;
    pub const TOPIC: u8 = 4;
    pub const SUMMARY: u8 = 8;
    pub const BODY: u8 = 16;
    /// Bits the flags take in a posting.
    pub const BITS: u32 = 5;
}

/// Text as search compares it: lowercased, compatibility-decomposed (NFKD)
/// with combining marks dropped, every apostrophe (’ ‘ ʼ ') as `'`, final
/// sigma as sigma, and soft hyphens dropped. In Arabic script:
///
/// - harakat and other marks (U+064B–U+065F, the superscript alef U+0670)
///   are combining marks, so they go; so do the hamza and madda that NFKD
///   splits off `أ إ آ ؤ ئ ۂ ۀ ۓ` (آئین is `ایین`, ہوئی is `ہویی`);
/// - Arabic kaf ك is ک, Arabic yeh ي and alef maksura ى are ی;
/// - every heh that a spelling or a keyboard may give for one letter is ہ:
///   Arabic ه, teh marbuta ة and its Urdu form ۃ, and ە (what NFKD leaves
///   of ۀ). The do-chashmi heh ھ stays apart: in Urdu it is another letter
///   (بھی, not بہی);
/// - Arabic-Indic (U+0660–0669) and Persian/Urdu (U+06F0–06F9) digits are
///   ASCII ones;
/// - tatweel (U+0640) and the zero-width non-joiner and joiner are dropped.
///
/// The folds are the same for every language, not chosen by the text's
/// language: a query's language is not known, one chronicle may hold Urdu,
/// Pashto, Dari and Arabic text, and readers type on whichever keyboard
/// they have. Where two of these letters are distinct in one language
/// (ة and ه in Arabic), folding them together only widens a match, as
/// Arabic search engines commonly do.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.to_lowercase().nfkd() {
        if let Some(c) = fold_char(c) {
            out.push(c);
        }
    }
    out
}

fn fold_char(c: char) -> Option<char> {
    Some(match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
        '\u{0643}' => '\u{06A9}',
        '\u{064A}' | '\u{0649}' => '\u{06CC}',
        '\u{0647}' | '\u{0629}' | '\u{06C3}' | '\u{06D5}' => '\u{06C1}',
        '\u{03C2}' => '\u{03C3}',
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{0640}' | '\u{00AD}' | '\u{200C}' | '\u{200D}' => return None,
        c if is_combining_mark(c) => return None,
        c => c,
    })
}

/// The tokens of folded text: runs of letters, digits and apostrophes
/// (Unicode Alphabetic or Number, or `'`), apostrophes trimmed at the ends.
/// Everything else, double quotes too, separates tokens. Folding has
/// already dropped what may sit inside a word without being a letter
/// (vowel marks, hamza above, tatweel, zero-width (non-)joiners), so no
/// word is split at one; Urdu, Pashto and Persian letters are Alphabetic.
pub fn tokens(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|t| t.trim_matches('\''))
        .filter(|t| !t.is_empty())
}

/// The terms a token is indexed under: itself and, when it has an inner
/// apostrophe, itself without a final `'s` (`jordan's` → `jordan`) and each
/// of its apostrophe-separated parts of two characters or more
/// (`d'affaires` → `affaires`).
pub fn forms<'t>(token: &'t str, mut each: impl FnMut(&'t str)) {
    each(token);
    if !token.contains('\'') {
        return;
    }
    let stem = token.strip_suffix("'s").filter(|s| !s.is_empty());
    if let Some(stem) = stem {
        each(stem);
    }
    for part in token.split('\'') {
        if part.chars().nth(1).is_some() && Some(part) != stem {
            each(part);
        }
    }
}

/// Every term of `text` ([`fold`], [`tokens`], [`forms`]), in order, with
/// repeats.
pub fn terms(text: &str) -> Vec<String> {
    let folded = fold(text);
    let mut out = Vec::new();
    for t in tokens(&folded) {
        forms(t, |f| out.push(f.to_string()));
    }
    out
}

/// The built index: the manifest and the term shards. Record and text
/// chunks are made on demand ([`meta_chunk`], [`text_chunk`]).
pub struct Index {
    pub manifest: Vec<u8>,
    pub shards: Vec<Vec<u8>>,
}

#[derive(Serialize)]
struct Manifest {
    format: u32,
    entries: usize,
    /// Bits of a posting that hold field flags, and the flags' names.
    flag_bits: u32,
    fields: [&'static str; 5],
    meta_chunk: usize,
    text_chunk: usize,
    /// URL templates: `{n}` is the shard or chunk number.
    terms_url: String,
    meta_url: String,
    text_url: String,
    /// `[first term, bytes]` of each term shard.
    shards: Vec<(String, usize)>,
}

/// Calls `each` with every term of entry `i`, repeats too, and the field
/// it is in.
fn entry_terms(m: &Chronicle, i: usize, mut each: impl FnMut(&str, u8)) {
    let e = &m.entries[i];
    let mut field_text = |text: &str, flag: u8| {
        let folded = fold(text);
        for t in tokens(&folded) {
            forms(t, |f| each(f, flag));
        }
    };
    field_text(&e.title, field::TITLE);
    field_text(&e.summary, field::SUMMARY);
    field_text(&e.text.text(), field::BODY);
    for &a in &e.actors {
        let a = &m.actors[a];
        field_text(&a.name, field::ACTOR);
        for alias in &a.aliases {
            field_text(alias, field::ACTOR);
        }
    }
    for &t in &e.topics {
        field_text(&m.topics[t].name, field::TOPIC);
    }
}

/// JavaScript's order of strings: by UTF-16 code units.
fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}

/// Builds the manifest and term shards of the chronicle's search index.
pub fn build(m: &Chronicle) -> Index {
    // Terms to postings (`entry << BITS | flags`), in entry order: each
    // run of entries is indexed on its own, in parallel, and the runs'
    // postings are then appended term by term, runs in order.
    const RUN: usize = 512;
    let n_runs = m.entries.len().div_ceil(RUN);
    // A few runs at a time, as many as there are cores to index them, so
    // that no more than those are held besides the postings so far.
    let batch = 2 * rayon::current_num_threads().max(1);
    let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
    for first in (0..n_runs).step_by(batch) {
        let runs: Vec<HashMap<String, Vec<u32>>> = (first..(first + batch).min(n_runs))
            .into_par_iter()
            .map(|r| {
                let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
                for i in r * RUN..((r + 1) * RUN).min(m.entries.len()) {
                    let entry = (i as u32) << field::BITS;
                    entry_terms(m, i, |term, flag| {
                        let posting = entry | u32::from(flag);
                        match postings.get_mut(term) {
                            // The term was seen before in this entry.
                            Some(v) if v.last().is_some_and(|&p| p >> field::BITS == entry >> field::BITS) => {
                                if let Some(last) = v.last_mut() {
                                    *last |= u32::from(flag);
                                }
                            }
                            Some(v) => v.push(posting),
                            None => {
                                postings.insert(term.to_string(), vec![posting]);
                            }
                        }
                    });
                }
                postings
            })
            .collect();
        for run in runs {
            for (term, p) in run {
                match postings.get_mut(term.as_str()) {
                    Some(v) => v.extend_from_slice(&p),
                    None => {
                        postings.insert(term, p);
                    }
                }
            }
        }
    }
    let mut sorted: Vec<(String, Vec<u32>)> = postings.into_iter().collect();
    sorted.par_sort_unstable_by(|a, b| js_order(&a.0, &b.0));
    // Each term as it is written in a shard (its postings let go as it
    // is), then shards cut by size, each term's bytes let go once copied.
    let written: Vec<(String, Vec<u8>)> = sorted
        .into_par_iter()
        .map(|(t, p)| {
            let bytes = write_term(&t, &p);
            (t, bytes)
        })
        .collect();
    let mut shards: Vec<Vec<u8>> = Vec::new();
    let mut firsts: Vec<String> = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    for (term, bytes) in written {
        if !current.is_empty() && current.len() + bytes.len() + 2 > SHARD_BYTES {
            current.push(b']');
            shards.push(std::mem::take(&mut current));
        }
        if current.is_empty() {
            firsts.push(term);
            current.push(b'[');
        } else {
            current.push(b',');
        }
        current.extend_from_slice(&bytes);
    }
    if !current.is_empty() || shards.is_empty() {
        if current.is_empty() {
            current.push(b'[');
            firsts.push(String::new());
        }
        current.push(b']');
        shards.push(current);
    }
    let root = &m.config.root;
    let manifest = Manifest {
        format: FORMAT,
        entries: m.entries.len(),
        flag_bits: field::BITS,
        fields: ["title", "actor", "topic", "summary", "body"],
        meta_chunk: META_CHUNK,
        text_chunk: TEXT_CHUNK,
        terms_url: search_part_url(root, SearchPart::Terms),
        meta_url: search_part_url(root, SearchPart::Meta),
        text_url: search_part_url(root, SearchPart::Text),
        shards: firsts.into_iter().zip(shards.iter().map(Vec::len)).collect(),
    };
    let mut manifest = serde_json::to_vec(&manifest).unwrap_or_default();
    manifest.push(b'\n');
    Index { manifest, shards }
}

/// `["term",[postings]]`, postings delta-encoded, runs of consecutive
/// entries with the same flags as one negative number.
fn write_term(term: &str, postings: &[u32]) -> Vec<u8> {
    use std::io::Write;
    let mut out = serde_json::to_vec(term).unwrap_or_default();
    out.insert(0, b'[');
    out.extend_from_slice(b",[");
    let mut prev = 0u32;
    let mut k = 0;
    while k < postings.len() {
        let p = postings[k];
        let entry = p >> field::BITS;
        let flags = p & ((1 << field::BITS) - 1);
        if k > 0 {
            out.push(b',');
        }
        let _ = write!(out, "{}", ((entry - prev) << field::BITS) | flags);
        prev = entry;
        k += 1;
        // The entries right after it, with the same flags.
        let run = postings[k..]
            .iter()
            .zip(1..)
            .take_while(|&(&q, n)| q == p + (n << field::BITS))
            .count();
        if run >= 2 {
            let _ = write!(out, ",-{run}");
            prev += run as u32;
            k += run;
        }
    }
    out.extend_from_slice(b"]]");
    out
}

/// How many record chunks and text chunks `entries` entries take.
pub fn chunk_counts(entries: usize) -> (usize, usize) {
    (entries.div_ceil(META_CHUNK), entries.div_ceil(TEXT_CHUNK))
}

#[derive(Serialize)]
struct Record<'a> {
    /// URL.
    u: String,
    /// Title.
    t: &'a str,
    /// Date in words.
    d: String,
    /// ISO date.
    i: String,
    /// Status, when not `occurred`.
    #[serde(skip_serializing_if = "Option::is_none")]
    st: Option<&'static str>,
    /// Actor names.
    a: Vec<&'a str>,
    /// Summary.
    s: &'a str,
}

/// `search/meta/N.json`: the records of chunk `n`'s entries.
pub fn meta_chunk(m: &Chronicle, ui: &crate::render::i18n::Ui, n: usize) -> Vec<u8> {
    let entries = chunk(m, n, META_CHUNK);
    let records: Vec<Record> = entries
        .map(|e| Record {
            u: Place::Entry(&e.slug).url(&m.config.root),
            t: &e.title,
            d: crate::render::views::when(e, ui),
            i: e.date.iso(),
            st: (e.status != Status::Occurred).then(|| e.status.as_str()),
            a: e.actors.iter().map(|&a| m.actors[a].name.as_str()).collect(),
            s: &e.summary,
        })
        .collect();
    serde_json::to_vec(&records).unwrap_or_default()
}

/// `search/text/N.json`: the body text of chunk `n`'s entries, white space
/// runs as one space.
pub fn text_chunk(m: &Chronicle, n: usize) -> Vec<u8> {
    let texts: Vec<String> = chunk(m, n, TEXT_CHUNK)
        .map(|e| e.text.text().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    serde_json::to_vec(&texts).unwrap_or_default()
}

fn chunk(m: &Chronicle, n: usize, size: usize) -> impl Iterator<Item = &crate::model::Entry> {
    m.entries.iter().skip(n * size).take(size)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases `search.js` is tested on too (`tests/browser/fold.test.mjs`).
    fn cases() -> Vec<(String, Vec<String>)> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/search-fold.json");
        let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        json["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                let input = c["in"].as_str().unwrap().to_string();
                let terms = c["terms"].as_array().unwrap();
                (input, terms.iter().map(|t| t.as_str().unwrap().to_string()).collect())
            })
            .collect()
    }

    #[test]
    fn the_shared_folding_table() {
        let cases = cases();
        assert!(cases.len() >= 10);
        for (input, expected) in cases {
            assert_eq!(terms(&input), expected, "terms of {input:?}");
        }
    }

    #[test]
    fn straight_and_curly_apostrophes_fold_alike() {
        assert_eq!(terms("Jordan's"), terms("Jordan\u{2019}s"));
        assert_eq!(terms("Jordan's"), ["jordan's", "jordan"]);
        assert_eq!(terms("\u{201c}quoted\u{201d} \"words\""), ["quoted", "words"]);
    }

    /// Each spelling in a group gives the same terms as the first.
    fn same_terms(groups: &[&[&str]]) {
        for group in groups {
            let first = terms(group[0]);
            assert!(!first.is_empty(), "{:?} has terms", group[0]);
            for other in &group[1..] {
                assert_eq!(terms(other), first, "{other:?} and {:?}", group[0]);
            }
        }
    }

    #[test]
    fn arabic_kaf_and_yeh_are_the_urdu_and_persian_letters() {
        same_terms(&[
            &["\u{06A9}\u{0627}\u{0628}\u{0644}", "\u{0643}\u{0627}\u{0628}\u{0644}"],
            &["\u{0645}\u{06CC}\u{06BA}", "\u{0645}\u{064A}\u{06BA}"],
            &[
                "\u{0645}\u{0635}\u{0637}\u{0641}\u{06CC}",
                "\u{0645}\u{0635}\u{0637}\u{0641}\u{0649}",
            ],
        ]);
    }

    #[test]
    fn every_heh_of_one_letter_is_heh_goal_but_do_chashmi_stays_apart() {
        // مدرسہ (Urdu), مدرسه (Persian), مدرسة (Arabic), مدرسۃ; جلوۂ; خانۀ.
        same_terms(&[
            &[
                "\u{0645}\u{062F}\u{0631}\u{0633}\u{06C1}",
                "\u{0645}\u{062F}\u{0631}\u{0633}\u{0647}",
                "\u{0645}\u{062F}\u{0631}\u{0633}\u{0629}",
                "\u{0645}\u{062F}\u{0631}\u{0633}\u{06C3}",
            ],
            &["\u{062C}\u{0644}\u{0648}\u{06C1}", "\u{062C}\u{0644}\u{0648}\u{06C2}"],
            &[
                "\u{062E}\u{0627}\u{0646}\u{06C1}",
                "\u{062E}\u{0627}\u{0646}\u{06C0}",
                "\u{062E}\u{0627}\u{0646}\u{06D5}",
            ],
        ]);
        // بھی is not بہی.
        assert_ne!(terms("\u{0628}\u{06BE}\u{06CC}"), terms("\u{0628}\u{06C1}\u{06CC}"));
    }

    #[test]
    fn harakat_superscript_alef_and_hamza_above_are_dropped() {
        // Every mark from U+064B to U+065F, and U+0670, on one letter.
        for mark in ('\u{064B}'..='\u{065F}').chain(['\u{0670}']) {
            let word = format!("\u{0628}{mark}\u{0627}\u{0628}");
            assert_eq!(terms(&word), ["\u{0628}\u{0627}\u{0628}"], "U+{:04X}", mark as u32);
        }
        same_terms(&[
            // محمد and مُحَمَّد, شکرا and شُكْرًا, رحمن and رحمٰن
            &[
                "\u{0645}\u{062D}\u{0645}\u{062F}",
                "\u{0645}\u{064F}\u{062D}\u{064E}\u{0645}\u{0651}\u{064E}\u{062F}",
            ],
            &[
                "\u{0634}\u{06A9}\u{0631}\u{0627}",
                "\u{0634}\u{064F}\u{0643}\u{0652}\u{0631}\u{064B}\u{0627}",
            ],
            &[
                "\u{0631}\u{062D}\u{0645}\u{0646}",
                "\u{0631}\u{062D}\u{0645}\u{0670}\u{0646}",
            ],
            // ہوئی written with ئ, with ی and a hamza above, and without.
            &[
                "\u{06C1}\u{0648}\u{0626}\u{06CC}",
                "\u{06C1}\u{0648}\u{06CC}\u{0654}\u{06CC}",
                "\u{06C1}\u{0648}\u{06CC}\u{06CC}",
            ],
            // افغانستان and أفغانستان, اسلام and إسلام
            &[
                "\u{0627}\u{0641}\u{063A}\u{0627}\u{0646}\u{0633}\u{062A}\u{0627}\u{0646}",
                "\u{0623}\u{0641}\u{063A}\u{0627}\u{0646}\u{0633}\u{062A}\u{0627}\u{0646}",
            ],
            &[
                "\u{0627}\u{0633}\u{0644}\u{0627}\u{0645}",
                "\u{0625}\u{0633}\u{0644}\u{0627}\u{0645}",
            ],
        ]);
    }

    #[test]
    fn tatweel_and_zero_width_joiners_are_dropped() {
        same_terms(&[
            &[
                "\u{06A9}\u{0627}\u{0628}\u{0644}",
                "\u{06A9}\u{0640}\u{0640}\u{0627}\u{0628}\u{0644}",
            ],
            // می‌خواهم with and without its zero-width non-joiner.
            &[
                "\u{0645}\u{06CC}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}",
                "\u{0645}\u{06CC}\u{200C}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}",
                "\u{0645}\u{06CC}\u{200D}\u{062E}\u{0648}\u{0627}\u{0647}\u{0645}",
            ],
        ]);
    }

    #[test]
    fn arabic_indic_persian_and_ascii_digits_are_one() {
        same_terms(&[&[
            "2025",
            "\u{0662}\u{0660}\u{0662}\u{0665}",
            "\u{06F2}\u{06F0}\u{06F2}\u{06F5}",
        ]]);
        for d in 0..10u32 {
            let ascii = char::from_digit(d, 10).unwrap().to_string();
            for base in [0x0660, 0x06F0] {
                let c = char::from_u32(base + d).unwrap();
                assert_eq!(terms(&c.to_string()), [ascii.as_str()], "U+{:04X}", base + d);
            }
        }
    }

    #[test]
    fn words_never_split_at_marks_hamza_or_joiners() {
        for (word, folded) in [
            // آئین, درآمد, ہوئی: a madda or a hamza inside each word.
            ("\u{0622}\u{0626}\u{06CC}\u{0646}", "\u{0627}\u{06CC}\u{06CC}\u{0646}"),
            (
                "\u{062F}\u{0631}\u{0622}\u{0645}\u{062F}",
                "\u{062F}\u{0631}\u{0627}\u{0645}\u{062F}",
            ),
            ("\u{06C1}\u{0648}\u{0626}\u{06CC}", "\u{06C1}\u{0648}\u{06CC}\u{06CC}"),
            // آئین decomposed: ا and a madda, ی and a hamza above.
            (
                "\u{0627}\u{0653}\u{06CC}\u{0654}\u{06CC}\u{0646}",
                "\u{0627}\u{06CC}\u{06CC}\u{0646}",
            ),
            // Pashto ښځه, Urdu ٹیکس, a hamza on the line in جزء.
            ("\u{069A}\u{0681}\u{0647}", "\u{069A}\u{0681}\u{06C1}"),
            ("\u{0679}\u{06CC}\u{06A9}\u{0633}", "\u{0679}\u{06CC}\u{06A9}\u{0633}"),
            ("\u{062C}\u{0632}\u{0621}", "\u{062C}\u{0632}\u{0621}"),
        ] {
            assert_eq!(terms(word), [folded], "{word}");
        }
        // The Urdu full stop, the Arabic comma and question mark separate.
        assert_eq!(
            terms("\u{06C1}\u{0648}\u{0626}\u{06CC}\u{06D4}\u{0622}\u{0626}\u{06CC}\u{0646}\u{061F} \u{067E}\u{0627}\u{06A9}\u{060C}\u{0627}\u{0641}\u{063A}"),
            [
                "\u{06C1}\u{0648}\u{06CC}\u{06CC}",
                "\u{0627}\u{06CC}\u{06CC}\u{0646}",
                "\u{067E}\u{0627}\u{06A9}",
                "\u{0627}\u{0641}\u{063A}"
            ]
        );
    }

    #[test]
    fn postings_are_delta_encoded_with_flags() {
        let p = [
            (3 << field::BITS) | 1,
            (3 << field::BITS) | 16 | 8,
            (10 << field::BITS) | 16,
        ];
        // Entry 3 twice cannot happen, but the encoding does not care.
        assert_eq!(
            String::from_utf8(write_term("a\"b", &p)).unwrap(),
            r#"["a\"b",[97,24,240]]"#
        );
    }

    #[test]
    fn js_order_is_utf16_order() {
        let mut v = vec!["\u{FFFD}", "\u{1F600}", "b", "a"];
        v.sort_by(|a, b| js_order(a, b));
        assert_eq!(v, ["a", "b", "\u{1F600}", "\u{FFFD}"]);
    }
}
