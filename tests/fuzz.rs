//! Property and fuzz tests on stable Rust: the parsers and rewriters that
//! take untrusted text (front matter, dates, Markdown links, URLs, the
//! configuration) fed generated input, checked for panics and for the
//! properties that keep a site safe.
//!
//! Each target runs a fixed number of cases in the normal test run. With
//! `CHRONICLE_FUZZ_SECS=N` every target keeps drawing fresh random cases
//! until N seconds have passed (`.ci/run` does a short run; see
//! docs/robustness.md for a long one). A failure is shrunk to a minimal
//! input and its seed saved under `tests/fuzz-regressions/`, which is
//! replayed first on every later run; the minimal input also becomes a
//! named test in this file (see the `regression_` tests below).

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};

use chronicle::config::Config as SiteConfig;
use chronicle::content::date::PartialDate;
use chronicle::content::load::{Section, SourceFile};
use chronicle::content::{fields, frontmatter, parse};
use chronicle::model::markdown::{self, Target};

/// Runs `test` on cases drawn from `strategy`: `cases` of them, or, with
/// `CHRONICLE_FUZZ_SECS` set, fresh batches until that budget is spent.
fn fuzz<S: Strategy>(name: &'static str, cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let budget = std::env::var("CHRONICLE_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(Duration::from_secs);
    let start = Instant::now();
    let mut total = 0u64;
    let watch = Watchdog::start(name);
    let test = |value: S::Value| {
        let _case = watch.case(&value);
        test(value)
    };
    loop {
        let config = Config {
            cases,
            // A failure is shrunk for a minute at most: every shrinking step
            // reruns the case, and a panicking one prints a backtrace.
            max_shrink_time: 60_000,
            failure_persistence: Some(Box::new(FileFailurePersistence::Direct(Box::leak(
                format!("tests/fuzz-regressions/{name}.txt").into_boxed_str(),
            )))),
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        if let Err(e) = runner.run(&strategy, test) {
            panic!("fuzz target {name} failed after {total} cases: {e}");
        }
        total += u64::from(cases);
        match budget {
            Some(b) if start.elapsed() < b => continue,
            _ => break,
        }
    }
    if budget.is_some() {
        eprintln!(
            "fuzz target {name}: {total} cases in {:.1} s",
            start.elapsed().as_secs_f64()
        );
    }
}

/// How long one case may run before the run is stopped as hung. A case
/// takes milliseconds (a whole build, in a debug build, well under one
/// second), so this only ever fires on a loop that does not end.
const HUNG: Duration = Duration::from_secs(120);

/// Watches the case being run: if one runs for longer than [`HUNG`], it
/// prints the input and ends the process, so that a hang fails the run
/// with the input that causes it instead of stalling it without a word.
/// Its thread ends once the watchdog is dropped.
struct Watchdog {
    current: Arc<Mutex<Option<(Instant, String)>>>,
}

/// Marks the end of a case when dropped, however the case ends.
struct Case<'a>(&'a Watchdog);

impl Watchdog {
    fn start(name: &'static str) -> Watchdog {
        let current: Arc<Mutex<Option<(Instant, String)>>> = Default::default();
        let watched = Arc::downgrade(&current);
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(500));
            let Some(current) = watched.upgrade() else { break };
            let guard = current.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((since, input)) = guard.as_ref() {
                if since.elapsed() > HUNG {
                    // Straight to stderr: the test runner's capture of
                    // `eprintln!` is lost when the process aborts.
                    let _ = writeln!(
                        std::io::stderr(),
                        "fuzz target {name}: a case has run for {} s and is taken as hung; its input:\n{input}",
                        since.elapsed().as_secs()
                    );
                    std::process::abort();
                }
            }
        });
        Watchdog { current }
    }

    /// The input is written out now: a case that hangs cannot do it later.
    fn case(&self, value: &impl std::fmt::Debug) -> Case<'_> {
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), format!("{value:?}")));
        Case(self)
    }
}

impl Drop for Case<'_> {
    fn drop(&mut self) {
        *self.0.current.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

/// Text made of pieces that matter to the parser under test, plus any
/// character at all, so that both the structure and the edges get hit.
fn pieces(tokens: &'static [&'static str], max: usize) -> impl Strategy<Value = String> + Clone {
    let token = prop_oneof![
        4 => prop::sample::select(tokens).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[ -~]{0,6}",
    ];
    prop::collection::vec(token, 0..max).prop_map(|v| v.concat())
}

const FRONT_MATTER: &[&str] = &[
    "---\n",
    "---\r\n",
    "...\n",
    "\u{feff}",
    "\n",
    "\r\n",
    "\t",
    "  ",
    "- ",
    ": ",
    ":",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    ",",
    "#",
    "&a",
    "*a",
    "!!str ",
    "|\n",
    ">\n",
    "\\e",
    "\\0",
    "\\u0000",
    "title",
    "date",
    "end",
    "actors",
    "topics",
    "status",
    "tone",
    "sources",
    "url",
    "publisher",
    "related",
    "draft",
    "summary",
    "location",
    "name",
    "kind",
    "aliases",
    "affiliation",
    "2025",
    "2025-05",
    "2025-02-30",
    "-3",
    "9999999999999999999",
    "true",
    "null",
    "~",
    "pakistan",
    "ی",
    "\u{202e}",
    "\u{0}",
    "\u{1b}",
    "javascript:",
    "https://example.org/",
];

const MARKDOWN: &[&str] = &[
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "!",
    "[x](",
    "![i](",
    "[r]: ",
    "[^1]",
    "[^1]: ",
    "\n\n",
    "\n",
    " ",
    "\t",
    "`",
    "*",
    "#",
    "&#106;",
    "&#x6A;",
    "&colon;",
    "&amp;",
    "javascript:",
    "JavaScript:",
    "java\tscript:",
    "data:",
    "vbscript:",
    "\u{1}",
    "\u{0}",
    "https://",
    "mailto:",
    "entry:",
    "actor:",
    "topic:",
    "page:",
    "Entry:",
    "x",
    "pakistan",
    "#frag",
    "//evil.example/",
    "\\",
    "%6A",
    "'",
    "\"",
    "<a href=\"javascript:x\">",
    "<script>",
    "|",
    "---",
];

const URLS: &[&str] = &[
    "javascript",
    "JAVASCRIPT",
    "data",
    "http",
    "https",
    "mailto",
    "vbscript",
    "file",
    ":",
    "//",
    "/",
    "\\",
    "\t",
    "\n",
    " ",
    "\u{0}",
    "\u{1f}",
    "\u{7f}",
    "x",
    "1",
    "+",
    "-",
    ".",
    "?",
    "#",
    "%3A",
    "&#58;",
    "é",
    "@",
];

#[test]
fn fuzz_front_matter_split() {
    fuzz("front_matter_split", 512, pieces(FRONT_MATTER, 40), |text| {
        if let Ok(s) = frontmatter::split(&text) {
            // The parts are pieces of the text, in order, and the body line
            // is the line the body starts on.
            let base = text.as_ptr() as usize;
            let at = |part: &str| part.as_ptr() as usize - base;
            prop_assert!(at(s.yaml) <= at(s.body));
            prop_assert!(at(s.body) + s.body.len() == text.len() || s.body.is_empty());
            let before_body = &text[..at(s.body).min(text.len())];
            prop_assert_eq!(before_body.matches('\n').count() + 1, s.body_line);
        }
        Ok(())
    });
}

/// Parsing a file of any section never panics, and every diagnostic points
/// into the file and speaks plain words.
#[test]
fn fuzz_parse_file() {
    let strategy = (prop::sample::select(&Section::ALL[..]), pieces(FRONT_MATTER, 60));
    fuzz("parse_file", 512, strategy, |(section, body)| {
        let text = format!("---\n{body}");
        let lines = text.lines().count() + 1;
        let (_, diags) = parse::parse_file(SourceFile {
            translation: None,
            section,
            slug: "fuzzed".into(),
            rel: "content/x/fuzzed.md".into(),
            text: text.clone(),
        });
        for d in &diags {
            prop_assert!(d.line <= lines, "{d} beyond {lines} lines");
            for jargon in ["struct Raw", "expected i64", "invalid type", "RawDate"] {
                prop_assert!(!d.message.contains(jargon), "jargon in {d}");
            }
        }
        Ok(())
    });
}

#[test]
fn fuzz_dates() {
    let strategy = prop_oneof![
        pieces(
            &["2025", "-", "0", "1", "2", "3", "9", "12", "31", "29", "02", " ", "+", "00"],
            8
        ),
        (0i32..10000, 0u8..14, 0u8..33).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
    ];
    fuzz("dates", 1024, strategy, |s| {
        if let Ok(d) = PartialDate::parse(&s) {
            // What parses is written back the same way, and reads back the same.
            prop_assert_eq!(d.iso(), s.trim());
            prop_assert_eq!(PartialDate::parse(&d.iso()), Ok(d));
            prop_assert!(d.first_day() <= d.last_day());
        }
        Ok(())
    });
}

/// No rendered link or image ever carries a scheme outside the allow-list,
/// however the Markdown is written.
#[test]
fn fuzz_markdown_links() {
    fuzz(
        "markdown_links",
        512,
        (pieces(MARKDOWN, 40), any::<bool>()),
        |(md, _)| {
            let out = markdown::render(&md, false, &|scheme, slug| match slug {
                "pakistan" => Target::Url(format!("/{scheme}s/pakistan/")),
                _ => Target::Broken(format!("no {scheme} `{slug}`")),
            });
            let doc = scraper::Html::parse_fragment(&out.html);
            let sel = scraper::Selector::parse("[href], [src]").unwrap();
            for el in doc.select(&sel) {
                for attr in ["href", "src"] {
                    if let Some(v) = el.value().attr(attr) {
                        let scheme = markdown::url_scheme(v);
                        prop_assert!(
                            scheme.as_deref().is_none_or(|s| markdown::SAFE_SCHEMES.contains(&s)),
                            "{attr}={v:?} from {md:?}"
                        );
                    }
                }
            }
            prop_assert!(!out.html.contains("<script"), "raw HTML passed: {}", out.html);
            Ok(())
        },
    );
}

/// `url_scheme` reads a URL's scheme as the WHATWG URL parser does: where it
/// sees none, a browser resolves the URL on the page's own scheme.
#[test]
fn fuzz_url_scheme_agrees_with_the_whatwg_parser() {
    let base = url::Url::parse("https://example.org/a/b").unwrap();
    fuzz("url_scheme", 2048, pieces(URLS, 12), |s| {
        let ours = markdown::url_scheme(&s);
        if let Ok(resolved) = base.join(&s) {
            match &ours {
                None => prop_assert_eq!(resolved.scheme(), "https", "{:?} resolved to {}", s, resolved),
                Some(scheme) => prop_assert_eq!(resolved.scheme(), scheme.as_str(), "{:?}", s),
            }
        }
        Ok(())
    });
}

/// An accepted `base_url` never sends links to another host than the one it
/// names (or, for a bare path, to any host).
#[test]
fn fuzz_base_url() {
    let strategy = pieces(
        &[
            "https://",
            "http://",
            "/",
            "//",
            "\\",
            "example.org",
            "evil.example",
            "@",
            ":",
            "?",
            "#",
            "%2F",
            " ",
            "\t",
            "..",
            ".",
        ],
        8,
    );
    fuzz("base_url", 1024, strategy, |u| {
        let yaml = format!("title: T\nbase_url: {}\n", serde_json::to_string(&u).unwrap());
        if let Ok(c) = SiteConfig::parse(&yaml) {
            let page = url::Url::parse("https://page.example/x/").unwrap();
            let link = page.join(&format!("{}entries/a/", c.root)).unwrap();
            prop_assert_eq!(link.host_str(), Some("page.example"), "root {:?} from {:?}", c.root, u);
            if c.base_url.contains("://") {
                let abs = url::Url::parse(&c.base_url).unwrap();
                prop_assert!(abs.host_str().is_some_and(|h| !h.is_empty()));
                prop_assert!(matches!(abs.scheme(), "http" | "https"));
            }
        }
        Ok(())
    });
}

/// Whatever a title, summary or body holds, a whole build gives a feed
/// that is well-formed XML and pages free of forbidden characters.
#[test]
fn fuzz_whole_build_escapes_everything() {
    const HOSTILE: &[&str] = &[
        "<", ">", "&", "\"", "'", "]]>", "<!--", "\u{0}", "\u{1b}", "\u{c}", "\u{fffe}", "\u{85}", "ی", "\u{202e}",
        "{{", "{%", "\\", "\n",
    ];
    fuzz(
        "whole_build",
        24,
        (pieces(HOSTILE, 12), pieces(HOSTILE, 12)),
        |(title, body)| {
            let site = crate::util::Site::fixture("basic");
            let title_yaml = serde_json::to_string(&title).unwrap();
            site.write(
            "content/entries/fuzzed.md",
            &format!(
                "---\ntitle: {title_yaml}\ndate: 2025-05-05\nactors: [pakistan]\nsummary: {title_yaml}\nsources:\n  - title: {title_yaml}\n    url: \"https://example.org/\"\n---\n{body}\n"
            ),
        );
            let out = site.path("out");
            let opts = chronicle::site::Options {
                out: Some(out.clone()),
                ..chronicle::site::Options::new(site.root())
            };
            match chronicle::site::build(&opts) {
                Ok(_) => {
                    let feed = std::fs::read_to_string(out.join("feed.xml")).unwrap();
                    if let Err(e) = roxmltree::Document::parse(&feed) {
                        return Err(TestCaseError::fail(format!("feed.xml: {e}")));
                    }
                    for (path, bytes) in crate::util::read_tree(&out) {
                        if let Ok(t) = String::from_utf8(bytes) {
                            prop_assert!(!t.chars().any(fields::is_forbidden_char), "{path}");
                        }
                    }
                }
                // An empty title is an error, and that is all.
                Err(chronicle::site::Error::Content(ds)) => {
                    prop_assert!(
                        title
                            .trim()
                            .chars()
                            .all(|c| c.is_whitespace() || fields::is_forbidden_char(c)),
                        "{ds:?}"
                    );
                }
                Err(e) => return Err(TestCaseError::fail(e.to_string())),
            }
            Ok(())
        },
    );
}

/// Whatever a spreadsheet or a timeline holds, `import` never panics, and
/// what it writes loads without an error.
#[test]
fn fuzz_import_writes_only_what_loads() {
    const CELLS: &[&str] = &[
        ",",
        ",",
        ",",
        "\"",
        "\"\"",
        "\n",
        "\r\n",
        "\r",
        ";",
        "|",
        "\t",
        "'=",
        "'-",
        "-",
        "@",
        "2025",
        "2025-05",
        "2025-02-30",
        "13",
        "0",
        "-1",
        "+2",
        "a + b = 1",
        "title",
        "era",
        "Pakistan",
        "pakistan",
        "ی",
        "Ω",
        "—",
        "!!",
        "\u{0}",
        "\u{1b}",
        "\u{feff}",
        "\u{202e}",
        "<b>",
        "</b>",
        "<a href=\"",
        "javascript:x",
        "https://example.org/",
        "https://example.org/a b",
        "[x](",
        ")",
        "entry:",
        "actor:",
        "topic:nope",
        "page:x",
        "{",
        "}",
        ":",
        "[",
        "]",
        "\"year\":",
        "\"month\":",
        "\"headline\":",
        "\"group\":",
        "\"start_date\":",
        "\"text\":",
        "null",
    ];
    const HEADERS: &[&str] = &[
        "title,date,end,actors,topics,status,body,url\n",
        "Year,Month,Day,End Year,Headline,Text,Media,Media Credit,Type,Group\n",
        "slug,date,end,title,summary,status,location,actors,topics,tone,relations,related,sources,body,url\n",
        "{\"title\":{\"text\":{\"headline\":\"T\"}},\"events\":[{\"start_date\":{\"year\":2025},\"text\":{\"headline\":\"A\"},\"group\":\"G\"},",
    ];
    fuzz("import", 48, (0..HEADERS.len(), pieces(CELLS, 40)), |(header, body)| {
        let tmp = tempfile::tempdir().unwrap();
        let json = header == 3;
        let file = tmp.path().join(if json { "in.json" } else { "in.csv" });
        let tail = if json { "]}" } else { "" };
        std::fs::write(&file, format!("{}{body}{tail}", HEADERS[header])).unwrap();
        let into = tmp.path().join("out");
        let format = if header == 1 || json {
            chronicle::import::Format::TimelineJs
        } else {
            chronicle::import::Format::Csv
        };
        let mut opts = chronicle::import::Options::new(format, &file, &into);
        opts.default_actor = Some("Somebody".into());
        match chronicle::import::run(&opts) {
            Ok(report) if !report.written.is_empty() => {
                if let Err(chronicle::site::Error::Content(ds)) =
                    chronicle::site::load_chronicle(&chronicle::site::Options::new(&into))
                {
                    let errors: Vec<String> = ds.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
                    prop_assert!(errors.is_empty(), "{errors:?}");
                }
            }
            Ok(_) | Err(chronicle::import::Error::Located(_)) => {}
            Err(e) => return Err(TestCaseError::fail(e.to_string())),
        }
        Ok(())
    });
}

/// Found by `fuzz_import_writes_only_what_loads`: a spreadsheet with no
/// rows wrote a `chronicle.yaml` alone, which `check` refuses for want of
/// a content folder.
#[test]
fn regression_an_import_of_nothing_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("in.csv");
    std::fs::write(&file, "title,date,actors\n").unwrap();
    let into = tmp.path().join("out");
    let report = chronicle::import::run(&chronicle::import::Options::new(
        chronicle::import::Format::Csv,
        &file,
        &into,
    ))
    .unwrap();
    assert!(report.written.is_empty() && !report.config, "{report:?}");
    assert!(!into.join("chronicle.yaml").exists());
}

/// Found by `fuzz_base_url`: `https://https://` was accepted with the path
/// `//`, so every link became `//entries/…`, a link to the host `entries`.
#[test]
fn regression_base_url_with_an_empty_path_segment() {
    for bad in ["https://https://", "https://example.org//chronicle/", "/a//b/"] {
        assert!(
            SiteConfig::parse(&format!("title: T\nbase_url: \"{bad}\"\n")).is_err(),
            "{bad}"
        );
    }
}

/// Found by `fuzz_parse_file`: a number too large for YAML's integers gave
/// serde's "invalid type: integer `…` as u128, expected any YAML value".
#[test]
fn regression_a_huge_number_is_explained() {
    let (_, diags) = parse::parse_file(SourceFile {
        translation: None,
        section: Section::Entries,
        slug: "n".into(),
        rel: "content/entries/n.md".into(),
        text: "---\ntitle: T\ntone: 20259999999999999999999\n---\n".into(),
    });
    assert!(diags[0].message.contains("too large to read"), "{diags:?}");
    assert_eq!(diags[0].line, 3, "{diags:?}");
}

/// Found by `fuzz_markdown_links`: a heading whose id starts with `y` and
/// has a letter of more than one byte among its next four bytes (`yA Ⱥ`)
/// was cut inside that letter while checking for a year's id, and panicked.
#[test]
fn regression_a_heading_id_with_a_wide_letter_after_y() {
    let out = markdown::render("yA Ⱥ\n---\t\n\n## y1 Ⱥ\n", false, &|_, _| {
        Target::Broken(String::new())
    });
    let doc = scraper::Html::parse_fragment(&out.html);
    let sel = scraper::Selector::parse("h2[id]").unwrap();
    let ids: Vec<&str> = doc.select(&sel).filter_map(|h| h.value().attr("id")).collect();
    assert_eq!(ids.len(), 2, "{}", out.html);
    assert!(ids.iter().all(|id| !id.is_empty()), "{ids:?}");
}
