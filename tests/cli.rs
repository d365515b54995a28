//! The other commands: `check`, `init`, `new`, and the command line itself.

use crate::util::{check_links, read_tree, run_in, Output, Run, Site};

#[test]
fn check_exits_zero_and_writes_nothing() {
    let site = Site::fixture("basic");
    let before = read_tree(&site.path(""));
    let run = site.check();
    run.assert_ok();
    assert!(
        run.stdout.starts_with("checked 9 entries, 6 actors, 3 topics: "),
        "{run}"
    );
    assert!(!site.root().join("site").exists(), "check created site/");
    assert_eq!(read_tree(&site.path("")), before, "check changed files");
}

#[test]
fn check_reports_content_errors_like_build() {
    let site = Site::fixture("basic");
    site.write(
        "content/entries/bad.md",
        "---\ntitle: \"Bad\"\ndate: 2025-05-01\nactors: [pakistn]\nsources:\n  - title: S\n---\n",
    );
    let run = site.check();
    run.assert_fails();
    assert_eq!(
        run.errors(),
        ["content/entries/bad.md:4:10: error: unknown actor `pakistn`; did you mean `pakistan`?"]
    );
    assert!(
        run.stderr.ends_with("check failed: 1 error; nothing was written\n"),
        "{run}"
    );
    assert!(!site.root().join("site").exists());
}

#[test]
fn check_warns_where_a_chronicle_link_did_not_form() {
    // The shipped Jaishankar–Muttaqi entry once had `[Name], who serves as
    // …(actor:slug)`: link text spanning an unmatched bracket, rendered as
    // text. `check` says where; code and proper links are left alone.
    let site = Site::fixture("basic");
    site.write(
        "content/entries/call.md",
        "---\ntitle: \"A call\"\ndate: 2025-05-15\nactors: [pakistan]\nsources:\n  - title: S\n---\n\n\
         [Amir Khan Muttaqi], who serves as\nforeign minister(actor:amir-khan-muttaqi), called [Pakistan](actor:pakistan).[1](source:1)\n\n\
         Write `(actor:china)` for a link, or:\n\n```\n[China](actor:china)\n(topic:diplomacy)\n```\n",
    );
    let run = site.check();
    run.assert_ok();
    assert_eq!(
        run.warnings(),
        ["content/entries/call.md:10:17: warning: `(actor:amir-khan-muttaqi)` is plain text here, not a link: write the link as `[text](actor:amir-khan-muttaqi)`, its text in one pair of brackets with nothing between `]` and `(`"],
        "{run}"
    );
    // The build says the same, and the page shows the text it warned about.
    let (build, out) = site.build_to("out", &[]);
    build.assert_ok();
    assert_eq!(build.warnings(), run.warnings(), "{build}");
    assert!(out
        .read("entries/call/index.html")
        .contains("(actor:amir-khan-muttaqi)"));
}

#[test]
fn build_without_out_writes_site_in_the_root() {
    let site = Site::fixture("basic");
    site.run(&["build"]).assert_ok();
    let out = Output {
        dir: site.root().join("site"),
    };
    assert!(out.exists("index.html"));
    assert!(out.exists(".chronicle-output"), "the marker that makes rebuilding safe");
    // And from inside the chronicle, without --root.
    std::fs::remove_dir_all(site.root().join("site")).unwrap();
    run_in(&site.root(), &["build"]).assert_ok();
    assert!(out.exists("entries/torkham-reopens/index.html"));
}

#[test]
fn init_then_build_works() {
    let site = Site::empty();
    let dir = site.path("my-chronicle");
    let run = run_in(&site.path(""), &["init", "my-chronicle"]);
    run.assert_ok();
    assert!(run.stdout.contains("created a new chronicle in my-chronicle"), "{run}");
    assert!(dir.join("chronicle.yaml").is_file());
    assert!(dir.join("themes/default/templates/entry.html").is_file());
    let out = site.path("my-site");
    let run = run_in(
        &site.path(""),
        &["--root", "my-chronicle", "build", "--out", out.to_str().unwrap()],
    );
    run.assert_ok();
    // No warnings: the scaffold is a clean example.
    assert_eq!(run.stderr, "", "{run}");
    assert!(run.stdout.starts_with("built 1 entry, 2 actors, 1 topic: "), "{run}");
    let out = Output { dir: out };
    assert!(out.exists("entries/first-talks/index.html"));
    assert!(out.exists("pages/about/index.html"));
    check_links(&out, "/");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let site = Site::empty();
    site.write("notes.txt", "mine");
    let run = run_in(&site.path(""), &["init", "root"]);
    run.assert_fails();
    assert!(run.stderr.contains("exists and is not empty"), "{run}");
    assert_eq!(site.read("notes.txt"), "mine");
    assert!(!site.root().join("chronicle.yaml").exists());
}

fn initialised() -> Site {
    let site = Site::empty();
    std::fs::remove_dir(site.root()).unwrap();
    run_in(&site.path(""), &["init", "root"]).assert_ok();
    site
}

#[test]
fn new_entry_creates_the_file() {
    let site = initialised();
    let run = site.run(&[
        "new",
        "entry",
        "Talks resume in Geneva",
        "--date",
        "2025-05-21",
        "--actors",
        "state-a,state-b",
        "--topics",
        "diplomacy",
    ]);
    run.assert_ok();
    let rel = "content/entries/2025-05-21-talks-resume-in-geneva.md";
    assert!(run.stdout.starts_with("created "), "{run}");
    assert!(run.stdout.trim_end().ends_with(rel), "{run}");
    let text = site.read(rel);
    assert!(text.starts_with("---\n"), "{text}");
    for line in [
        "title: \"Talks resume in Geneva\"",
        "date: 2025-05-21",
        "actors: [state-a, state-b]",
        "topics: [diplomacy]",
    ] {
        assert!(text.lines().any(|l| l == line), "no line {line:?} in\n{text}");
    }
    // Running it again writes nothing: that entry exists.
    let again = site.run(&[
        "new",
        "entry",
        "Talks resume in Geneva",
        "--date",
        "2025-05-21",
        "--actors",
        "state-a",
    ]);
    again.assert_fails();
    assert!(
        again.stderr.contains(&format!(
            "{rel} is already an entry titled `Talks resume in Geneva` on 2025-05-21"
        )),
        "{again}"
    );
    assert!(again.stderr.contains("--slug"), "{again}");
    assert_eq!(
        std::fs::read_dir(site.root().join("content/entries")).unwrap().count(),
        2
    );
    // A file in the way is never overwritten: the entry gets the next name.
    site.write(rel, "edited");
    let next = site.run(&[
        "new",
        "entry",
        "Talks resume in Geneva",
        "--date",
        "2025-05-21",
        "--actors",
        "state-a",
    ]);
    next.assert_ok();
    assert!(
        next.stdout
            .trim_end()
            .ends_with("content/entries/2025-05-21-talks-resume-in-geneva-2.md"),
        "{next}"
    );
    assert_eq!(site.read(rel), "edited");
    // A --slug that is taken is refused.
    let taken = site.run(&[
        "new",
        "entry",
        "Other talks",
        "--date",
        "2025-05-21",
        "--actors",
        "state-a",
        "--slug",
        "2025-05-21-talks-resume-in-geneva",
    ]);
    taken.assert_fails();
    assert!(taken.stderr.contains("already exists"), "{taken}");
    assert_eq!(site.read(rel), "edited");
}

/// The created file's path, relative to the chronicle's root.
fn created(run: &Run) -> String {
    let line = run.stdout.trim();
    let path = line.strip_prefix("created ").unwrap_or_else(|| panic!("{run}"));
    let at = path.find("content/").unwrap_or_else(|| panic!("{run}"));
    path[at..].to_string()
}

#[test]
fn urdu_titles_and_names_get_transliterated_slugs_numbered_on_collision() {
    let site = initialised();
    // طالبان, and an entry on it: اسحاق ڈار کابل گئے
    let run = site.run(&[
        "new",
        "actor",
        "\u{0637}\u{0627}\u{0644}\u{0628}\u{0627}\u{0646}",
        "--kind",
        "group",
    ]);
    run.assert_ok();
    assert_eq!(created(&run), "content/actors/talban.md");
    let title = "\u{0627}\u{0633}\u{062D}\u{0627}\u{0642} \u{0688}\u{0627}\u{0631} \u{06A9}\u{0627}\u{0628}\u{0644} \u{06AF}\u{0626}\u{06D2}";
    let new_entry = |title: &str| site.run(&["new", "entry", title, "--date", "2025-04-19", "--actors", "talban"]);
    let first = new_entry(title);
    first.assert_ok();
    assert_eq!(created(&first), "content/entries/2025-04-19-ashaq-dar-kabl-gyy.md");
    // The same words with the Arabic kaf spell alike: the next number, then the next.
    let arabic_kaf = title.replace('\u{06A9}', "\u{0643}");
    let second = new_entry(&arabic_kaf);
    second.assert_ok();
    assert_eq!(created(&second), "content/entries/2025-04-19-ashaq-dar-kabl-gyy-2.md");
    let with_tatweel = title.replace('\u{06A9}', "\u{06A9}\u{0640}");
    let third = new_entry(&with_tatweel);
    third.assert_ok();
    assert_eq!(created(&third), "content/entries/2025-04-19-ashaq-dar-kabl-gyy-3.md");
    assert!(site
        .read(&created(&second))
        .contains(&format!("title: \"{arabic_kaf}\"")));
    // The first title again is that entry again: refused, whichever file it is in.
    let again = new_entry(title);
    again.assert_fails();
    assert!(
        again
            .stderr
            .contains("content/entries/2025-04-19-ashaq-dar-kabl-gyy.md is already an entry"),
        "{again}"
    );
    let again = new_entry(&arabic_kaf);
    again.assert_fails();
    assert!(
        again
            .stderr
            .contains("content/entries/2025-04-19-ashaq-dar-kabl-gyy-2.md is already an entry"),
        "{again}"
    );
    // --slug on every kind.
    let run = site.run(&[
        "new",
        "actor",
        "\u{067E}\u{0627}\u{06A9}\u{0633}\u{062A}\u{0627}\u{0646}",
        "--slug",
        "pakistan",
    ]);
    run.assert_ok();
    assert_eq!(created(&run), "content/actors/pakistan.md");
    let run = site.run(&[
        "new",
        "topic",
        "\u{062A}\u{062C}\u{0627}\u{0631}\u{062A}",
        "--slug",
        "trade",
    ]);
    run.assert_ok();
    assert_eq!(created(&run), "content/topics/trade.md");
    let run = site.run(&[
        "new",
        "entry",
        title,
        "--date",
        "2025-04-20",
        "--actors",
        "talban",
        "--slug",
        "dar-kabul",
    ]);
    run.assert_ok();
    assert_eq!(created(&run), "content/entries/dar-kabul.md");
    // Another actor or topic of the same name is refused; a name that
    // spells like another's gets the next number.
    let run = site.run(&["new", "actor", "\u{0637}\u{0627}\u{0644}\u{0628}\u{0627}\u{0646}"]);
    run.assert_fails();
    assert!(run.stderr.contains("actor `talban` already has the name"), "{run}");
    let run = site.run(&["new", "topic", "\u{062A}\u{062C}\u{0627}\u{0631}\u{062A}"]);
    run.assert_fails();
    assert!(run.stderr.contains("topic `trade` already has the name"), "{run}");
    let run = site.run(&[
        "new",
        "actor",
        "\u{0637}\u{0627}\u{0644}\u{0640}\u{0628}\u{0627}\u{0646}",
    ]);
    run.assert_ok();
    assert_eq!(created(&run), "content/actors/talban-2.md");
    site.check().assert_ok();
}

#[test]
fn new_entry_takes_actors_and_topics_separated_by_the_arabic_comma() {
    let site = initialised();
    let run = site.run(&[
        "new",
        "entry",
        "Talks",
        "--date",
        "2025-05-21",
        "--actors",
        "state-a\u{060C} State B",
        "--topics",
        "Diplomacy\u{060C}",
    ]);
    run.assert_ok();
    let text = site.read(&created(&run));
    assert!(text.contains("actors: [state-a, state-b]\n"), "{text}");
    assert!(text.contains("topics: [diplomacy]\n"), "{text}");
}

/// BUG: `chronicle new entry` writes a placeholder source with `title: ""`,
/// which `build` rejects ("a source's `title` must not be empty"), so a new
/// entry never builds until its placeholder source is filled in or deleted.
#[test]

fn new_entry_builds_at_once() {
    let site = initialised();
    site.run(&[
        "new",
        "entry",
        "Talks resume",
        "--date",
        "2025-05",
        "--actors",
        "state-a",
    ])
    .assert_ok();
    let (run, _) = site.build_to("out", &[]);
    run.assert_ok();
}

#[test]
fn new_entry_rejects_a_bad_date() {
    let site = initialised();
    let run = site.run(&["new", "entry", "Talks", "--date", "2025-13-01", "--actors", "state-a"]);
    run.assert_fails();
    assert!(run.stderr.contains("`2025-13-01` has month 13"), "{run}");
    let entries = std::fs::read_dir(site.root().join("content/entries")).unwrap().count();
    assert_eq!(entries, 1, "only the scaffold's entry");
}

#[test]
fn new_actor_and_topic_then_build() {
    let site = initialised();
    site.run(&["new", "actor", "State C", "--kind", "state"]).assert_ok();
    site.run(&["new", "topic", "Water rights"]).assert_ok();
    assert!(site.read("content/actors/state-c.md").contains("name: \"State C\""));
    assert!(site
        .read("content/topics/water-rights.md")
        .contains("name: \"Water rights\""));
    let (run, out) = site.build_to("out", &[]);
    run.assert_ok();
    assert!(out.exists("actors/state-c/index.html"));
    assert!(out.exists("topics/water-rights/index.html"));
    let bad = site.run(&["new", "actor", "Someone", "--kind", "alien"]);
    bad.assert_fails();
    assert!(bad.stderr.contains("kind `alien`"), "{bad}");
}

#[test]
fn help_lists_the_commands() {
    let run = run_in(&std::env::temp_dir(), &["--help"]);
    run.assert_ok();
    for cmd in ["build", "check", "new", "init"] {
        assert!(
            run.stdout.lines().any(|l| l.trim_start().starts_with(cmd)),
            "{cmd} missing from --help: {run}"
        );
    }
    let run = run_in(&std::env::temp_dir(), &["build", "--help"]);
    run.assert_ok();
    for flag in ["--out", "--base-url", "--drafts"] {
        assert!(run.stdout.contains(flag), "{flag}: {run}");
    }
    // A usage mistake is clap's exit code 2, not a build failure.
    let run = run_in(&std::env::temp_dir(), &["build", "--no-such-flag"]);
    assert_eq!(run.code, Some(2), "{run}");
}

#[test]
fn new_refuses_what_the_build_would_reject_and_writes_nothing() {
    let site = initialised();
    let entries = || std::fs::read_dir(site.root().join("content/entries")).unwrap().count();
    for (args, says) in [
        (
            vec!["   ", "--date", "2025", "--actors", "state-a"],
            "the title must not be empty",
        ),
        (
            vec!["Talks", "--date", "2025", "--actors", "state-x"],
            "unknown actor `state-x`",
        ),
        (
            vec!["Talks", "--date", "2025", "--actors", "../x"],
            "unknown actor `../x`",
        ),
        (
            vec!["Talks", "--date", "2025", "--actors", "state-a", "--topics", "trade"],
            "unknown topic `trade`",
        ),
        (
            vec!["Talks", "--date", "2025", "--actors", "state-a", "--slug", "../x"],
            "`../x` is not a valid slug",
        ),
    ] {
        let mut all = vec!["new", "entry"];
        all.extend(args);
        let run = site.run(&all);
        run.assert_fails();
        assert!(run.stderr.contains(says), "{says}: {run}");
        assert_eq!(entries(), 1, "nothing written for {says}");
    }
    // A name misspelt suggests the slug, with the name it matched.
    let run = site.run(&["new", "entry", "Talks", "--date", "2025", "--actors", "Stat A"]);
    run.assert_fails();
    assert!(
        run.stderr
            .contains("unknown actor `Stat A`; did you mean `state-a` (State A)?"),
        "{run}"
    );
    // Several problems at once, all reported.
    let run = site.run(&["new", "entry", "", "--date", "2025-13", "--actors", "nobody"]);
    run.assert_fails();
    for says in ["title must not be empty", "month 13", "unknown actor `nobody`"] {
        assert!(run.stderr.contains(says), "{says}: {run}");
    }
}

#[test]
fn new_accepts_names_and_non_latin_titles_and_leaves_tone_unset() {
    let site = initialised();
    // An actor with a name in Arabic script gets a Latin file name.
    let run = site.run(&["new", "actor", "پاکستان", "--kind", "state"]);
    run.assert_ok();
    let actor = run
        .stdout
        .trim()
        .rsplit('/')
        .next()
        .unwrap()
        .trim_end_matches(".md")
        .to_string();
    assert!(
        chronicle::content::load::is_valid_slug(&actor) && !actor.is_empty(),
        "{run}"
    );
    // Two Urdu titles on one day get two files; actors may be given by name.
    for title in ["پاکستان اور افغانستان کے مذاکرات", "سرحد دوبارہ کھل گئی"]
    {
        let run = site.run(&[
            "new",
            "entry",
            title,
            "--date",
            "2025-05-21",
            "--actors",
            &format!("State A,{actor}"),
        ]);
        run.assert_ok();
        let rel = run.stdout.trim().strip_prefix("created ").unwrap().to_string();
        let text = std::fs::read_to_string(&rel).unwrap_or_else(|_| std::fs::read_to_string(site.path(&rel)).unwrap());
        assert!(text.contains(&format!("actors: [state-a, {actor}]")), "{text}");
        assert!(
            !text.lines().any(|l| l.starts_with("tone:")),
            "no tone is claimed: {text}"
        );
    }
    let entries = std::fs::read_dir(site.root().join("content/entries")).unwrap().count();
    assert_eq!(entries, 3);
    site.check().assert_ok();
    // A name with nothing to spell a file name from (a private-use
    // character) needs --slug.
    let run = site.run(&["new", "topic", "\u{E000}"]);
    run.assert_fails();
    assert!(run.stderr.contains("--slug"), "{run}");
    site.run(&["new", "topic", "\u{E000}", "--slug", "peace"]).assert_ok();
    site.check().assert_ok();
}

#[test]
fn init_into_a_file_says_it_is_a_file() {
    let site = Site::empty();
    site.write("notes.txt", "mine");
    let run = run_in(&site.root(), &["init", "notes.txt"]);
    run.assert_fails();
    assert!(run.stderr.contains("is a file, not a folder"), "{run}");
}

#[test]
fn build_quiet_prints_only_diagnostics_and_never_a_progress_line_when_piped() {
    let site = Site::fixture("basic");
    let loud = site.run(&["build", "--out", "a"]);
    loud.assert_ok();
    assert!(loud.stdout.starts_with("built 9 entries"), "{loud}");
    let out = site.path("b");
    let quiet = site.run(&["build", "--out", out.to_str().unwrap(), "--quiet"]);
    quiet.assert_ok();
    assert_eq!(quiet.stdout, "", "{quiet}");
    // No progress line when stderr is a pipe, as here, however long the
    // build: no bar, no terminal escapes.
    for run in [&loud, &quiet] {
        assert!(!run.stderr.contains("pages ("), "{run}");
        assert!(!run.stderr.contains('\u{1b}'), "{run}");
    }
    assert!(out.join("index.html").is_file());
}
