//! Real data in the shapes real datasets have (`tests/fixtures/messy`):
//! each shape is accepted, or accepted with a located warning that says
//! what was published, never a hard error where a browser or a reader
//! would know what was meant. The built site must hold only well-formed
//! links.

use crate::util::{Run, Site};

fn warning<'a>(run: &'a Run, location: &str, text: &str) -> &'a str {
    run.warnings()
        .into_iter()
        .find(|l| l.starts_with(&format!("{location}: warning: ")) && l.contains(text))
        .unwrap_or_else(|| panic!("no warning at {location} containing {text:?}; {run}"))
}

#[test]
fn a_chronicle_of_messy_real_data_checks_with_warnings_only() {
    let site = Site::fixture("messy");
    let run = site.check();
    run.assert_ok();
    assert!(run.errors().is_empty(), "{run}");
    let e = "content/entries";
    for (at, text) in [
        ("content/actors/Vucic.md:1:1", "it is published as `vucic`"),
        ("content/actors/erdoğan.md:1:1", "it is published as `erdogan`"),
        (
            "content/actors/nato-2.md:2:8",
            "differs only in case from `NATO` of actor `nato`",
        ),
        (
            &format!("{e}/2021-02-23-faa-again.md:2:9"),
            "entry `2021-02-23-faa` (content/entries/2021-02-23-faa.md) has the same date and title",
        ),
        (&format!("{e}/2021-02-23-faa-again.md:6:3"), "read as its `title`"),
        (
            &format!("{e}/2021-02-23-faa.md:8:11"),
            "FAA%20Certification%20of%20737%20MAX%20Boeing%20Report%5E2-23-2021.pdf",
        ),
        (&format!("{e}/2021-02-23-faa.md:12:11"), "a%E2%80%93b-story"),
        (&format!("{e}/2021-02-23-faa.md:15:19"), "b=%5B2%5D"),
        (
            &format!("{e}/2021-02-23-faa.md:17:20"),
            "`https://example.com/a b` is not made a link: an address with a space must be written in angle brackets",
        ),
        (&format!("{e}/Mixed_Case.md:1:1"), "it is published as `mixed_case`"),
        (&format!("{e}/Mixed_Case.md:3:8"), "`2021-3-5` is read as `2021-03-05`"),
        (
            &format!("{e}/Mixed_Case.md:4:7"),
            "`March 7, 2021` is read as `2021-03-07`",
        ),
        (
            &format!("{e}/Mixed_Case.md:9:5"),
            "no `title`; it is shown as `example.com/no-scheme`",
        ),
        (
            &format!("{e}/Mixed_Case.md:10:11"),
            "has no `https://`; it is published as `https://www.example.com/no-scheme`",
        ),
        (
            &format!("{e}/Mixed_Case.md:11:12"),
            "(a chronicle keeps no time of day)",
        ),
        (&format!("{e}/Mixed_Case.md:12:3"), "read as its `url`"),
        (
            &format!("{e}/Mixed_Case.md:15:12"),
            "`5 March 2021` is read as `2021-03-05`",
        ),
        (
            &format!("{e}/Mixed_Case.md:16:16"),
            "`2021/3/6` is read as `2021-03-06`",
        ),
    ] {
        warning(&run, at, text);
    }
    // Tracking queries and archive addresses are addresses like any other.
    assert!(!run.stderr.contains("utm_source"), "{run}");
    assert!(!run.stderr.contains("20190310000000*"), "{run}");
}

#[test]
fn messy_real_data_builds_into_well_formed_links() {
    let site = Site::fixture("messy");
    let out = site.build();
    // 17 actors and 20 topics on one entry: all listed.
    let big = out.page("/entries/2021-02-23-faa/");
    assert_eq!(big.all(".tag-actor").len(), 17);
    assert_eq!(big.all(".tag-topic").len(), 20);
    // Names by file name, by name in either case, and by slug: four actors.
    let again = out.page("/entries/2021-02-23-faa-again/");
    let mut actors = again.attrs(".tag-actor", "href");
    actors.sort();
    assert_eq!(
        actors,
        [
            "/messy/actors/erdogan/",
            "/messy/actors/nato-2/",
            "/messy/actors/nato/",
            "/messy/actors/vucic/"
        ]
        .map(String::from)
    );
    assert_eq!(out.page("/actors/erdogan/").text("h1"), "Recep Tayyip Erdoğan");
    let body = again.hrefs(".body");
    for want in ["/entries/mixed_case/", "/topics/topic-3/", "/actors/vucic/"] {
        assert!(body.iter().any(|h| h.ends_with(want)), "{want} not in {body:?}");
    }
    // Topics by name, in any case.
    let mixed = out.page("/entries/mixed_case/");
    let mut topics = mixed.attrs(".tag-topic", "href");
    topics.sort();
    assert_eq!(
        topics,
        [
            "/messy/topics/topic-1/",
            "/messy/topics/topic-2/",
            "/messy/topics/topic-4/"
        ]
        .map(String::from)
    );
    assert_eq!(mixed.attrs("time[datetime]", "datetime")[0], "2021-03-05");
    assert_eq!(
        mixed.attrs(".source-list .src-title a", "href"),
        [
            "https://www.example.com/no-scheme",
            "https://example.com/bare-string-source",
            "https://example.com/words"
        ]
    );
    assert_eq!(
        mixed.texts(".source-list .src-title a")[..2],
        ["example.com/no-scheme", "example.com/bare-string-source"]
    );
    // Every address in every page is one a browser and the HTML checker
    // accept as written: ASCII, nothing a URL may not hold unencoded.
    for file in out.html_files() {
        for href in out.html(&file).attrs("a[href], link[href]", "href") {
            assert!(
                href.is_ascii() && !href.contains([' ', '[', ']', '^', '|', '{', '}', '`', '\\']),
                "{file}: {href}"
            );
            if href.starts_with("http") {
                let parsed = url::Url::parse(&href).unwrap_or_else(|e| panic!("{file}: {href}: {e}"));
                assert_eq!(
                    parsed.as_str().len(),
                    href.len(),
                    "{file}: {href} is not in its normal form"
                );
            }
        }
    }
}
