//! Hostile and careless input: what an attacker or an unlucky writer puts
//! into a chronicle, and what chronicle must make of it. Each test is named
//! after the class of input it holds down; `docs/robustness.md` lists them.

use crate::util::{Run, Site};

const SOURCES: &str = "sources:\n  - title: \"A report\"\n    url: \"https://example.com/report\"\n";

/// The basic fixture with `files` written into it, built into `out/`.
fn site_with(files: &[(&str, &str)]) -> Site {
    let site = Site::fixture("basic");
    for (path, text) in files {
        site.write(path, text);
    }
    site
}

/// A build that must fail; returns the run.
fn failing_build(files: &[(&str, &str)]) -> Run {
    let site = site_with(files);
    let (run, out) = site.build_to("out", &[]);
    run.assert_fails();
    assert!(!out.dir.exists(), "a failed build wrote {}", out.dir.display());
    run
}

/// The error line at `location` (`path:line:column`, or `path:line`),
/// which must exist.
fn error_at<'a>(run: &'a Run, location: &str) -> &'a str {
    run.errors()
        .into_iter()
        .find(|l| l.starts_with(&format!("{location}:")) && l.contains(": error: "))
        .unwrap_or_else(|| panic!("no error at {location}; {run}"))
}

#[test]
fn a_file_with_seven_mistakes_reports_all_seven_in_one_run() {
    let text = "---\n\
                title: \"Seven\"\n\
                date: 2025-02-30\n\
                actors: [pakistan]\n\
                topics: [diplomcy]\n\
                status: happened\n\
                tone: 9\n\
                colour: red\n\
                sources:\n  - title: \"S\"\n    url: \"ftp://example.org/x\"\n\
                ---\n\
                See [this](entry:nowhere).\n";
    let run = failing_build(&[("content/entries/seven.md", text)]);
    let f = "content/entries/seven.md";
    assert!(error_at(&run, &format!("{f}:3:7")).contains("has day 30"));
    assert!(error_at(&run, &format!("{f}:5:10")).contains("did you mean `diplomacy`?"));
    assert!(error_at(&run, &format!("{f}:6:9")).contains("`happened` is not allowed in `status`"));
    assert!(error_at(&run, &format!("{f}:7:7")).contains("`tone` is 9"));
    assert!(error_at(&run, &format!("{f}:8:1")).contains("unknown front-matter key `colour`"));
    assert!(error_at(&run, &format!("{f}:11:11")).contains("source URL `ftp://example.org/x`"));
    assert!(error_at(&run, &format!("{f}:13:5")).contains("broken link `entry:nowhere`"));
    assert_eq!(run.errors().len(), 7, "{run}");
}

#[test]
fn several_bad_sources_are_each_located() {
    let text = "---\ntitle: \"S\"\ndate: 2025\nactors: [pakistan]\nsources:\n  - title: \"One\"\n    publsher: \"P\"\n  - publisher: \"P only\"\n  - title: \"Three\"\n    date: 2025-13\n---\n";
    let run = failing_build(&[("content/entries/s.md", text)]);
    let f = "content/entries/s.md";
    assert!(error_at(&run, &format!("{f}:7:5")).contains("did you mean `publisher`?"));
    assert!(error_at(&run, &format!("{f}:8:3")).contains("a source needs a `title`"));
    assert!(error_at(&run, &format!("{f}:10:11")).contains("month 13"));
    assert_eq!(run.errors().len(), 3, "{run}");
}

#[test]
fn yaml_mistakes_writers_make_get_plain_advice() {
    let entry = |fm: &str| format!("---\n{fm}{SOURCES}---\nBody\n");
    let run = failing_build(&[
        (
            "content/entries/tab.md",
            &entry("title: \"Tab\"\ndate: 2025\nactors:\n\t- pakistan\n"),
        ),
        (
            "content/entries/colon.md",
            &entry("title: Talks: a new start\ndate: 2025\nactors: [pakistan]\n"),
        ),
        (
            "content/entries/commas.md",
            &entry("title: \"Commas\"\ndate: 2025\nactors: pakistan, afghanistan\n"),
        ),
        (
            "content/entries/twice.md",
            &entry("title: \"Twice\"\ndate: 2025\nactors: [pakistan]\ntitle: \"Again\"\ntone: 7\n"),
        ),
        ("content/entries/list.md", "---\n- title\n- date\n---\n"),
        (
            "content/entries/at.md",
            &entry("title: @pakistan said\ndate: 2025\nactors: [pakistan]\n"),
        ),
        (
            "content/entries/quote.md",
            &entry("title: \"Never closed\ndate: 2025\nactors: [pakistan]\n"),
        ),
    ]);
    assert!(error_at(&run, "content/entries/tab.md:5:1").contains("YAML needs spaces for indentation, not tabs"));
    assert!(error_at(&run, "content/entries/colon.md:2:13")
        .contains("put the whole value in quotes, for example `title: \"…\"`"));
    assert!(error_at(&run, "content/entries/commas.md:4:9")
        .contains("to name several, write a list in brackets: `[pakistan, afghanistan]`"));
    assert!(error_at(&run, "content/entries/twice.md:5:1").contains("`title` is set twice (first on line 2)"));
    // The rest of a file with a repeated key is still checked.
    assert!(error_at(&run, "content/entries/twice.md:6:7").contains("`tone` is 7"));
    assert!(error_at(&run, "content/entries/list.md:2:1").contains("must be `key: value` lines"));
    assert!(error_at(&run, "content/entries/at.md:2:8").contains("cannot start with `@`"));
    assert!(
        error_at(&run, "content/entries/quote.md:2").contains("is not closed on its own line"),
        "{run}"
    );
    for line in run.errors() {
        for jargon in [
            "struct Raw",
            "expected i64",
            "while parsing",
            "cannot start any token",
            "mapping values",
        ] {
            assert!(!line.contains(jargon), "parser jargon in {line:?}");
        }
    }
}

#[test]
fn files_that_name_a_broken_file_get_no_error_of_their_own() {
    // The actor and the topic have errors of their own; the entries that
    // use them, and a link to the broken entry, must not add any.
    let run = failing_build(&[
        ("content/actors/new-state.md", "---\nname: \"New State\"\nkind: empire\n---\n"),
        ("content/topics/water.md", "---\nname: \"\"\n---\n"),
        (
            "content/entries/broken.md",
            &format!("---\ntitle: \"Broken\"\ndate: 2025-99\nactors: [new-state]\ntopics: [water]\n{SOURCES}---\n"),
        ),
        (
            "content/entries/user.md",
            &format!("---\ntitle: \"User\"\ndate: 2025\nactors: [new-state]\ntopics: [water]\nrelated: [broken]\n{SOURCES}---\nSee [it](entry:broken) and [them](actor:new-state).\n"),
        ),
    ]);
    assert_eq!(run.errors().len(), 3, "{run}");
    assert!(error_at(&run, "content/actors/new-state.md:3:7").contains("`empire` is not allowed in `kind`"));
    assert!(error_at(&run, "content/topics/water.md:2").contains("`name` must not be empty"));
    assert!(error_at(&run, "content/entries/broken.md:3:7").contains("month 99"));
}

#[test]
fn control_characters_are_removed_with_a_warning_and_never_published() {
    let site = site_with(&[(
        "content/entries/ctrl.md",
        &format!(
            "---\ntitle: \"Bell\\a and escape\\e in a title\"\ndate: 2025-05-02\nactors: [pakistan]\nsummary: \"NUL\\0 here\"\n{SOURCES}---\nText with ESC \u{1b}[31m, a form feed \u{c}, a NUL \u{0} and DEL \u{7f}.\n"
        ),
    )]);
    let (run, out) = site.build_to("out", &[]);
    run.assert_ok();
    let warnings = run.warnings();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("content/entries/ctrl.md:10:15: warning: the control character U+001B")),
        "{run}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`title` contains the control character U+0007")),
        "{run}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("`summary` contains the control character U+0000")),
        "{run}"
    );
    for (path, bytes) in out.files() {
        let Ok(text) = String::from_utf8(bytes) else { continue };
        if let Some(c) = text.chars().find(|&c| chronicle::content::fields::is_forbidden_char(c)) {
            panic!("{path} carries U+{:04X}", c as u32);
        }
    }
    let feed = out.read("feed.xml");
    roxmltree::Document::parse(&feed).expect("feed.xml is well-formed XML");
    assert!(
        feed.contains("Bell and escape in a title"),
        "the rest of the title is kept"
    );
}

#[test]
fn unsafe_link_schemes_are_errors_wherever_markdown_is_written() {
    let site = site_with(&[
        (
            "content/entries/links.md",
            &format!(
                "---\ntitle: \"Links\"\ndate: 2025\nactors: [pakistan]\n{SOURCES}---\n\
                 [a](javascript:alert(1)) [b]( JaVaScRiPt:alert(1)) [c](&#106;avascript:alert(1))\n\n\
                 ![d](data:image/svg+xml;base64,PHN2Zz4=) [e][ref] note[^1] <vbscript:msgbox(1)>\n\n\
                 [ref]: javascript:alert('ref')\n\n[^1]: In a [footnote](javascript:alert('fn')).\n"
            ),
        ),
        (
            "content/actors/pakistan.md",
            "---\nname: \"Pakistan\"\nkind: state\n---\n\nA [profile](javascript:alert('actor')).\n",
        ),
        (
            "content/topics/diplomacy.md",
            "---\nname: \"Diplomacy\"\n---\n\nA [topic](data:text/html,<script>alert(1)</script>).\n",
        ),
    ]);
    let config = site.read("chronicle.yaml").replace(
        "intro: |\n",
        "intro: |\n  An [intro](javascript:alert('intro')) link.\n",
    );
    site.write("chronicle.yaml", &config);
    for run in [site.check(), site.build_to("out", &[]).0] {
        run.assert_fails();
        let errors = run.errors();
        let count = |path: &str| errors.iter().filter(|l| l.starts_with(path)).count();
        assert_eq!(count("content/entries/links.md:"), 7, "{run}");
        assert_eq!(count("content/actors/pakistan.md:6:3"), 1, "{run}");
        assert_eq!(count("content/topics/diplomacy.md:5:3"), 1, "{run}");
        assert_eq!(count("chronicle.yaml:"), 1, "{run}");
        assert!(errors.iter().all(|l| l.contains("is never published")), "{run}");
    }
}

#[test]
fn an_alias_shared_with_another_actors_name_names_neither() {
    let site = site_with(&[
        (
            "content/actors/afghanistan.md",
            "---\nname: \"Afghanistan\"\nkind: state\naliases: [\"Pakistan\"]\n---\n",
        ),
        (
            "content/entries/alias.md",
            &format!("---\ntitle: \"Alias\"\ndate: 2025\nactors: [Pakistan]\n{SOURCES}---\n"),
        ),
    ]);
    let (run, _) = site.build_to("out", &[]);
    run.assert_fails();
    assert!(
        error_at(&run, "content/entries/alias.md:4:10").contains("`Pakistan` is ambiguous: it names"),
        "{run}"
    );
    assert!(
        run.warnings()
            .iter()
            .any(|w| w.starts_with("content/actors/") && w.contains("`Pakistan` also names actor")),
        "{run}"
    );
    // The same in another case is the same name.
    site.write(
        "content/entries/alias.md",
        &format!("---\ntitle: \"Alias\"\ndate: 2025\nactors: [PAKISTAN]\n{SOURCES}---\n"),
    );
    let (run, _) = site.build_to("out", &[]);
    run.assert_fails();
    assert!(
        error_at(&run, "content/entries/alias.md:4:10").contains("ambiguous"),
        "{run}"
    );
}

#[test]
fn self_and_circular_affiliations_are_errors() {
    let run = failing_build(&[
        (
            "content/actors/taliban.md",
            "---\nname: \"Taliban\"\nkind: group\naffiliation: amir-khan-muttaqi\n---\n",
        ),
        (
            "content/actors/china.md",
            "---\nname: \"China\"\nkind: state\naffiliation: china\n---\n",
        ),
    ]);
    assert!(error_at(&run, "content/actors/china.md:4:14").contains("cannot be affiliated with itself"));
    assert!(
        run.errors().iter().any(|l| l.contains("leads back to this actor")),
        "{run}"
    );
}

#[test]
fn a_base_url_that_names_another_host_is_refused() {
    for bad in [
        "//evil.example/",
        "/\\\\evil.example/",
        "https:///evil",
        "https://user:pass@example.org/",
    ] {
        let site = Site::fixture("basic");
        let config = site
            .read("chronicle.yaml")
            .replace("base_url: \"https://example.org/\"", &format!("base_url: '{bad}'"));
        site.write("chronicle.yaml", &config);
        let (run, out) = site.build_to("out", &[]);
        run.assert_fails();
        assert!(!out.dir.exists());
        assert!(
            error_at(&run, "chronicle.yaml:2:12").contains("base_url"),
            "{bad}: {run}"
        );
        let site = Site::fixture("basic");
        let (run, _) = site.build_to("out", &["--base-url", bad]);
        run.assert_fails();
    }
}

#[test]
fn a_config_with_a_byte_order_mark_builds_and_bad_languages_are_explained() {
    let site = Site::fixture("basic");
    let config = site.read("chronicle.yaml");
    site.write("chronicle.yaml", &format!("\u{feff}{config}"));
    site.build();
    for (bad, advice) in [
        ("Urdu", "did you mean `ur`?"),
        ("ur_PK", "did you mean `ur-PK`?"),
        ("\"\"", "leave the key out"),
    ] {
        site.write(
            "chronicle.yaml",
            &config.replace("language: en", &format!("language: {bad}")),
        );
        let (run, _) = site.build_to("out2", &[]);
        run.assert_fails();
        assert!(error_at(&run, "chronicle.yaml:4").contains(advice), "{bad}: {run}");
    }
}

#[test]
fn markdown_under_another_extension_is_named_not_silently_left_out() {
    let text = format!("---\ntitle: \"Upper\"\ndate: 2025\nactors: [pakistan]\n{SOURCES}---\n");
    let site = site_with(&[
        ("content/entries/upper.MD", &text),
        ("content/entries/long.markdown", &text),
    ]);
    let (run, out) = site.build_to("out", &[]);
    run.assert_ok();
    for (file, stem) in [("upper.MD", "upper"), ("long.markdown", "long")] {
        assert!(
            run.warnings()
                .iter()
                .any(|w| w.starts_with(&format!("content/entries/{file}:"))
                    && w.contains(&format!("rename it to `{stem}.md`"))),
            "{run}"
        );
    }
    assert!(!out.exists("entries/upper/index.html"));
}

#[test]
fn pathological_markdown_is_checked_without_crashing() {
    let entry = |body: String| format!("---\ntitle: \"P\"\ndate: 2025\nactors: [pakistan]\n{SOURCES}---\n{body}");
    let site = site_with(&[
        ("content/entries/quotes.md", &entry(">".repeat(50_000) + " x\n")),
        ("content/entries/brackets.md", &entry("[".repeat(100_000) + "\n")),
        ("content/entries/stars.md", &entry("*a".repeat(100_000) + "\n")),
        (
            "content/entries/lists.md",
            &entry((0..3000).map(|i| format!("{}- x\n", "  ".repeat(i))).collect()),
        ),
        (
            "content/entries/notes.md",
            &entry(
                (0..5000).map(|i| format!("x[^{i}] ")).collect::<String>()
                    + "\n\n"
                    + &(0..5000).map(|i| format!("[^{i}]: n\n")).collect::<String>(),
            ),
        ),
        ("content/entries/heads.md", &entry("## Same\n\n".repeat(20_000))),
    ]);
    let run = site.check();
    run.assert_ok();
}
