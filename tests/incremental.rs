//! `serve`'s incremental rebuilds must give exactly what a full build gives.

use std::collections::BTreeMap;

use chronicle::serve::session::{Linking, Session};
use chronicle::site::Options;

use crate::util::Site;

fn full(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let (s, result) = Session::new(Options::new(site.root()));
    result.expect("full build");
    s.files().iter().map(|(k, v)| (k.clone(), v.to_vec())).collect()
}

fn current(s: &Session) -> BTreeMap<String, Vec<u8>> {
    s.files().iter().map(|(k, v)| (k.clone(), v.to_vec())).collect()
}

fn assert_same(s: &Session, site: &Site, step: &str) {
    let inc = current(s);
    let fresh = full(site);
    let inc_keys: Vec<&String> = inc.keys().collect();
    let fresh_keys: Vec<&String> = fresh.keys().collect();
    assert_eq!(inc_keys, fresh_keys, "{step}: the file lists differ");
    for (k, v) in &fresh {
        assert!(inc[k] == *v, "{step}: {k} differs from a full build");
    }
    // And what is served at each path, by the site's index of its paths.
    let served = s.site().expect("a site");
    for (k, v) in &fresh {
        let got = served.get(k).unwrap_or_else(|| panic!("{step}: {k} is not served"));
        assert!(
            *got.expect("renders") == v[..],
            "{step}: {k} served differs from a full build"
        );
    }
    // The search index's term shards are found when asked for, not listed.
    let listed = fresh.keys().filter(|k| !k.contains("search/terms/")).count();
    assert_eq!(
        served.files(),
        listed,
        "{step}: the site serves other files than a full build writes"
    );
}

#[test]
fn every_kind_of_edit_matches_a_full_build() {
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    let first = first.expect("first build");
    assert!(first.pages > 20);

    // A body edit.
    let p = site.edit("content/entries/dar-visits-kabul.md", "met", "held talks with");
    s.apply(&[p]).expect("body edit");
    assert!(String::from_utf8_lossy(&s.files()["entries/dar-visits-kabul/index.html"]).contains("held talks with"));
    assert_same(&s, &site, "body edit");

    // Title, date (moving it in time) and actors.
    let p = site.edit(
        "content/entries/dar-visits-kabul.md",
        "title: \"Ishaq Dar visits Kabul\"",
        "title: \"Dar in Kabul\"",
    );
    s.apply(&[p]).expect("title edit");
    assert_same(&s, &site, "title edit");
    let p = site.edit(
        "content/entries/dar-visits-kabul.md",
        "date: 2025-04-19",
        "date: 2024-01-02",
    );
    s.apply(&[p]).expect("date edit");
    assert_same(&s, &site, "date edit");
    let p = site.edit(
        "content/entries/dar-visits-kabul.md",
        "actors: [ishaq-dar, afghanistan, amir-khan-muttaqi]",
        "actors: [ishaq-dar, china, afghanistan]",
    );
    s.apply(&[p]).expect("actors edit");
    assert_same(&s, &site, "actors edit");
    // A relation's tone: its relation page, the actors' pages and the
    // home page's barometer follow.
    let p = site.edit("content/entries/dar-visits-kabul.md", "    tone: 2", "    tone: -1");
    s.apply(&[p]).expect("relation tone edit");
    assert_same(&s, &site, "relation tone edit");
    let p = site.edit(
        "content/entries/dar-visits-kabul.md",
        "  - between: [ishaq-dar, afghanistan]",
        "  - between: [china, afghanistan]",
    );
    s.apply(&[p]).expect("relation pair edit");
    assert_same(&s, &site, "relation pair edit");
    // A source's title, and a source added.
    let dar = "content/entries/dar-visits-kabul.md";
    let text = site.read(dar);
    let (front, body) = text.split_at(text.find("sources:").expect("the entry cites sources"));
    site.write(
        dar,
        &format!(
            "{front}{}",
            body.replacen(
                "sources:",
                "sources:\n  - title: \"A new report\"\n    publisher: \"Dawn\"",
                1
            )
        ),
    );
    s.apply(&[site.root().join(dar)]).expect("sources edit");
    assert!(String::from_utf8_lossy(&s.files()["entries/dar-visits-kabul/index.html"]).contains("A new report"));
    assert_same(&s, &site, "sources edit");

    // A new entry, then its deletion: it leaves every actor and topic page.
    site.write(
        "content/entries/new-talks.md",
        "---\ntitle: \"New talks\"\ndate: 2025-06-01\nactors: [pakistan, china]\ntopics: [diplomacy]\nsources:\n  - title: \"S\"\n---\nTalks.\n",
    );
    s.apply(&[site.root().join("content/entries/new-talks.md")])
        .expect("add");
    assert!(s.files().contains_key("entries/new-talks/index.html"));
    assert_same(&s, &site, "new entry");
    site.remove("content/entries/new-talks.md");
    s.apply(&[site.root().join("content/entries/new-talks.md")])
        .expect("delete");
    assert!(!s.files().contains_key("entries/new-talks/index.html"));
    let actor = String::from_utf8_lossy(&s.files()["actors/china/index.html"]).into_owned();
    assert!(
        !actor.contains("new-talks"),
        "a deleted entry stays on its actor's page"
    );
    assert_same(&s, &site, "deleted entry");

    // An actor, a template and a stylesheet.
    let p = site.edit(
        "content/actors/china.md",
        "name: ",
        "name: \"People's Republic of China\"\nrole: ",
    );
    s.apply(&[p]).expect("actor edit");
    assert_same(&s, &site, "actor edit");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Gone</h1>{% endblock content %}",
    );
    s.apply(&[site.root().join("templates/404.html")]).expect("template");
    assert!(String::from_utf8_lossy(&s.files()["404.html"]).contains("<h1>Gone</h1>"));
    assert_same(&s, &site, "template");
    site.write("static/style.css", "body { color: red; }");
    let r = s.apply(&[site.root().join("static/style.css")]).expect("css");
    assert!(r.css_only);
    assert_same(&s, &site, "stylesheet");
}

#[test]
fn errors_keep_the_last_good_site_and_clear_when_fixed() {
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let before = current(&s);
    let p = site.edit(
        "content/entries/dar-visits-kabul.md",
        "date: 2025-04-19",
        "date: 2025-04-31",
    );
    let errors = s.apply(std::slice::from_ref(&p)).expect_err("a bad date fails");
    assert!(
        errors[0]
            .to_string()
            .starts_with("content/entries/dar-visits-kabul.md:3:7: error:"),
        "{errors:?}"
    );
    assert!(current(&s) == before, "the last good site is kept");
    site.edit(
        "content/entries/dar-visits-kabul.md",
        "date: 2025-04-31",
        "date: 2025-04-30",
    );
    s.apply(&[p]).expect("fixed");
    assert_same(&s, &site, "after the fix");
}

#[test]
fn editor_temp_files_are_ignored() {
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    site.write("content/entries/.dar.md.swp", "garbage");
    site.write("content/entries/dar.md~", "garbage");
    let r = s
        .apply(&[
            site.root().join("content/entries/.dar.md.swp"),
            site.root().join("content/entries/dar.md~"),
        ])
        .expect("ignored");
    assert_eq!(r.pages, 0);
    assert!(r.changed.is_empty());
}

#[test]
fn a_rebuild_renders_no_page_until_it_is_asked_for() {
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let before = s.site().expect("a site");
    let page = "entries/dar-visits-kabul/index.html";
    let old = before.get(page).expect("the page").expect("renders");
    let p = site.edit("content/entries/dar-visits-kabul.md", "met", "sat down with");
    s.apply(&[p]).expect("edit");
    let after = s.site().expect("a site");
    // The site asked for before the edit still gives what it gave; the new
    // one renders the page from the edited entry.
    assert!(std::sync::Arc::ptr_eq(&old, &before.get(page).unwrap().unwrap()));
    let new = after.get(page).expect("the page").expect("renders");
    assert!(String::from_utf8_lossy(&new).contains("sat down with"));
    assert!(!String::from_utf8_lossy(&old).contains("sat down with"));
    // Asked again, it is the page already rendered.
    assert!(std::sync::Arc::ptr_eq(&new, &after.get(page).unwrap().unwrap()));
    assert!(after.get("entries/no-such-entry/index.html").is_none());
    // The search index's term shards exist as a full build writes them.
    let files = s.files();
    let shards = files.keys().filter(|k| k.starts_with("search/terms/")).count();
    assert!(shards > 0);
    assert!((0..shards).all(|n| after.contains(&format!("search/terms/{n}.json"))));
    assert!(!after.contains(&format!("search/terms/{shards}.json")));
    assert_same(&s, &site, "after a lazy edit");
}

fn page(s: &Session, path: &str) -> String {
    String::from_utf8_lossy(&s.files()[path]).into_owned()
}

#[test]
fn body_only_edits_patch_the_model_and_match_a_full_build() {
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let dar = "content/entries/dar-visits-kabul.md";

    // A new paragraph leaves the summary alone.
    site.write(dar, &format!("{}\nA second paragraph about customs.\n", site.read(dar)));
    s.apply(&[site.root().join(dar)]).expect("new paragraph");
    assert!(page(&s, "entries/dar-visits-kabul/index.html").contains("A second paragraph about customs."));
    assert!(page(&s, "search/terms/0.json").contains("\"customs\""));
    assert!(s
        .files()
        .iter()
        .any(|(path, bytes)| path.starts_with("search/text/")
            && String::from_utf8_lossy(bytes).contains("about customs")));
    assert!(page(&s, "data/entries.csv").contains("A second paragraph about customs."));
    assert_same(&s, &site, "new paragraph");

    // A changed first paragraph is the summary, shown on cards and feeds.
    let p = site.edit(dar, "in Kabul, weeks after", "in Kabul for talks, weeks after");
    s.apply(&[p]).expect("first paragraph");
    assert!(page(&s, "actors/ishaq-dar/index.html").contains("in Kabul for talks"));
    assert!(page(&s, "actors/ishaq-dar/feed.xml").contains("in Kabul for talks"));
    assert_same(&s, &site, "first paragraph");

    // An entry with a front-matter summary keeps it whatever its body says.
    let attacks = "content/entries/attacks-rise-2024.md";
    site.write(attacks, &format!("{}\nMore on the attacks.\n", site.read(attacks)));
    s.apply(&[site.root().join(attacks)]).expect("summary kept");
    assert_same(&s, &site, "front-matter summary");

    // A link to a draft is a warning that comes and goes with the link.
    let p = site.edit(dar, "A second paragraph", "A [draft](entry:secret-draft) paragraph");
    let r = s.apply(std::slice::from_ref(&p)).expect("link to a draft");
    assert!(
        r.warnings
            .iter()
            .any(|w| w.path == dar && w.message.contains("secret-draft")),
        "{:?}",
        r.warnings
    );
    assert_same(&s, &site, "link to a draft");
    site.edit(dar, "A [draft](entry:secret-draft) paragraph", "A second paragraph");
    let r = s.apply(std::slice::from_ref(&p)).expect("draft link gone");
    assert!(r.warnings.iter().all(|w| w.path != dar), "{:?}", r.warnings);
    assert_same(&s, &site, "draft link gone");

    // A broken link is an error at its line and column; the site stays.
    let kept = current(&s);
    site.edit(dar, "A second paragraph", "A [gone](entry:no-such-entry) paragraph");
    let errors = s.apply(std::slice::from_ref(&p)).expect_err("broken link");
    assert!(
        errors[0]
            .to_string()
            .starts_with(&format!("{dar}:24:3: error: broken link")),
        "{errors:?}"
    );
    assert!(current(&s) == kept, "the last good site is kept");
    site.edit(dar, "A [gone](entry:no-such-entry) paragraph", "A second paragraph");
    s.apply(std::slice::from_ref(&p)).expect("link fixed");
    assert_same(&s, &site, "link fixed");
}

#[test]
fn a_body_edit_does_not_hide_another_files_error() {
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let torkham = site.edit("content/entries/torkham-reopens.md", "pakistan, ", "pakistann, ");
    s.apply(std::slice::from_ref(&torkham)).expect_err("unknown actor");
    // Only the body of another entry changes: the error is still there.
    let dar = site.edit("content/entries/dar-visits-kabul.md", "met", "held talks with");
    let errors = s.apply(std::slice::from_ref(&dar)).expect_err("still broken");
    assert!(
        errors.iter().any(|e| e.path.ends_with("torkham-reopens.md")),
        "{errors:?}"
    );
    site.edit("content/entries/torkham-reopens.md", "pakistann, ", "pakistan, ");
    s.apply(&[torkham]).expect("fixed");
    assert!(page(&s, "entries/dar-visits-kabul/index.html").contains("held talks with"));
    assert_same(&s, &site, "after the fix");
}

#[test]
fn a_broken_template_stays_reported_across_content_edits() {
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}{{ oops(}}{% endblock content %}",
    );
    let tpl = site.root().join("templates/404.html");
    s.apply(std::slice::from_ref(&tpl)).expect_err("syntax error");
    let dar = site.edit("content/entries/dar-visits-kabul.md", "met", "held talks with");
    let errors = s.apply(&[dar]).expect_err("the template is still broken");
    assert!(errors.iter().any(|e| e.path.contains("404.html")), "{errors:?}");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<h1>Gone</h1>{% endblock content %}",
    );
    s.apply(&[tpl]).expect("fixed");
    assert!(page(&s, "entries/dar-visits-kabul/index.html").contains("held talks with"));
    assert_same(&s, &site, "after the fix");
}

#[test]
fn front_matter_edits_that_keep_an_entry_in_place_match_a_full_build() {
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let dar = "content/entries/dar-visits-kabul.md";
    // A warning in the body, so that its line must follow the edits above it.
    let p = site.edit(dar, "in Kabul, weeks", "in Kabul ([draft](entry:secret-draft)), weeks");
    s.apply(std::slice::from_ref(&p)).expect("draft link");
    let steps: [(&str, &str, &str); 6] = [
        (
            "title: \"Ishaq Dar visits Kabul\"",
            "title: \"Dar goes to Kabul\"",
            "title",
        ),
        ("tone: 2", "tone: -1", "tone"),
        ("location: Kabul", "location: [Kabul, Bagram]", "places"),
        (
            "date: 2025-04-19",
            "date: 2025-04-19\nend: 2025-04-21\nstatus: disputed",
            "end and status, two lines more",
        ),
        ("tone: -1\n", "tone: -1\nsummary: \"A short visit.\"\n", "summary"),
        ("summary: \"A short visit.\"\n", "", "summary removed"),
    ];
    for (from, to, step) in steps {
        site.edit(dar, from, to);
        let r = s.apply(std::slice::from_ref(&p)).expect(step);
        let line = site
            .read(dar)
            .lines()
            .position(|l| l.contains("entry:secret-draft"))
            .unwrap()
            + 1;
        assert!(
            r.warnings.iter().any(|w| w.path == dar && w.line == line),
            "{step}: the draft-link warning is not at line {line}: {:?}",
            r.warnings
        );
        assert_same(&s, &site, step);
    }
    assert!(page(&s, "actors/ishaq-dar/index.html").contains("Dar goes to Kabul"));
    assert!(page(&s, "entries/torkham-reopens/index.html").contains("Dar goes to Kabul"));
}

#[test]
fn kept_bodies_follow_the_links_they_make() {
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    // A link by alias, and one to an entry not written yet.
    let dar = site.edit(
        "content/entries/dar-visits-kabul.md",
        "in Kabul, weeks",
        "in Kabul with [the PRC](actor:PRC) in mind ([next](entry:soon)), weeks",
    );
    let errors = s.apply(std::slice::from_ref(&dar)).expect_err("no entry `soon` yet");
    assert!(errors[0].message.contains("entry:soon"), "{errors:?}");
    // Writing it makes the link good, though the linking body did not change.
    site.write(
        "content/entries/soon.md",
        "---\ntitle: \"Soon\"\ndate: 2025-07-01\nactors: [china]\nsources:\n  - title: \"S\"\n---\nLater.\n",
    );
    s.apply(&[site.root().join("content/entries/soon.md")])
        .expect("now it exists");
    assert!(page(&s, "entries/dar-visits-kabul/index.html").contains("href=\"/entries/soon/\""));
    assert_same(&s, &site, "linked entry written");
    // A second actor taking the alias makes it ambiguous in the kept body.
    site.write(
        "content/actors/prc-party.md",
        "---\nname: \"Communist Party of China\"\naliases: [\"PRC\"]\n---\n",
    );
    let errors = s
        .apply(&[site.root().join("content/actors/prc-party.md")])
        .expect_err("`PRC` is now ambiguous");
    assert!(
        errors
            .iter()
            .any(|e| e.path.ends_with("dar-visits-kabul.md") && e.message.contains("ambiguous")),
        "{errors:?}"
    );
    site.remove("content/actors/prc-party.md");
    s.apply(&[site.root().join("content/actors/prc-party.md")])
        .expect("alias is one actor's again");
    // Deleting the linked entry breaks the link again.
    site.remove("content/entries/soon.md");
    let errors = s
        .apply(&[site.root().join("content/entries/soon.md")])
        .expect_err("gone");
    assert!(errors[0].message.contains("entry:soon"), "{errors:?}");
}

/// Applies the change at `rel`, which must fail, and checks that serve
/// reports exactly the errors `check` reports for the same files; returns
/// them.
fn errors_as_check_gives(s: &mut Session, site: &Site, rel: &str) -> Vec<String> {
    let served: Vec<String> = s
        .apply(&[site.root().join(rel)])
        .expect_err("the change has errors")
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    let built = site.check();
    built.assert_fails();
    assert_eq!(served, built.errors(), "serve and check disagree");
    served
}

#[test]
fn serve_reports_every_error_of_a_file_as_build_does() {
    // A bad status used to stop serve before linking, hiding the file's
    // unknown topic and broken link until the status was fixed.
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    site.write(
        "content/entries/bad.md",
        "---\ntitle: \"Bad\"\ndate: 2025\nactors: [pakistan]\ntopics: [nowhere]\nstatus: happened\nsources:\n  - title: S\n---\n[x](entry:gone)\n",
    );
    let served = errors_as_check_gives(&mut s, &site, "content/entries/bad.md");
    assert_eq!(served.len(), 3, "{served:?}");
}

#[test]
fn a_configuration_edit_matches_a_full_build() {
    // chronicle.yaml goes through the same plan as any other change (it was
    // a special case of the watcher before): every page again, as a build.
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let config = site.root().join("chronicle.yaml");
    site.edit(
        "chronicle.yaml",
        "title: \"Test Chronicle",
        "title: \"Renamed Chronicle",
    );
    s.apply(std::slice::from_ref(&config)).expect("title edit");
    assert!(String::from_utf8_lossy(&s.files()["index.html"]).contains("Renamed Chronicle"));
    assert_same(&s, &site, "title edit");
    site.edit(
        "chronicle.yaml",
        "base_url: \"https://example.org/\"",
        "base_url: \"https://example.org/sub/\"",
    );
    s.apply(std::slice::from_ref(&config)).expect("base_url edit");
    assert!(String::from_utf8_lossy(&s.files()["index.html"]).contains("/sub/entries/"));
    assert_same(&s, &site, "base_url edit");
    // A broken configuration keeps the last good site; fixing it rebuilds.
    site.edit("chronicle.yaml", "language: en", "language: Urdu");
    let errors = s.apply(std::slice::from_ref(&config)).expect_err("bad language");
    assert!(
        errors.iter().any(|d| d.message.contains("did you mean `ur`?")),
        "{errors:?}"
    );
    assert!(String::from_utf8_lossy(&s.files()["index.html"]).contains("/sub/entries/"));
    site.edit("chronicle.yaml", "language: Urdu", "language: ur");
    s.apply(std::slice::from_ref(&config)).expect("fixed");
    assert_same(&s, &site, "language edit");
}

#[test]
fn a_template_that_fails_while_rendering_gives_serve_the_errors_of_build() {
    // A filter applied to the wrong kind of value fails at render time, on
    // every page of the template; build reported it once, serve once per page.
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let template = chronicle::render::theme::default_theme_files()
        .iter()
        .find(|(p, _)| *p == "templates/entry.html")
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .unwrap();
    let broken = template.replacen("{{ entry.title }}", "{{ entry.title | round }}", 1);
    assert_ne!(broken, template, "the template shows the entry's title");
    site.write("templates/entry.html", &broken);
    let served = errors_as_check_gives(&mut s, &site, "templates/entry.html");
    assert_eq!(served.len(), 1, "one error, not one per entry: {served:?}");
}

#[test]
fn edits_to_lists_in_parts_match_a_full_build() {
    let site = Site::fixture("basic");
    let config = site.read("chronicle.yaml");
    site.write("chronicle.yaml", &format!("{config}per_page: 2\nindex_per_page: 2\n"));
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    assert!(s.files().contains_key("actors/pakistan/page/3/index.html"));
    // A new entry moves every later entry of its lists to the next part.
    let entry = "---\ntitle: \"Early talks\"\ndate: 2024-01-05\nactors: [pakistan, afghanistan]\nsources:\n  - title: \"S\"\n---\nB.\n";
    site.write("content/entries/early-talks.md", entry);
    s.apply(&[site.root().join("content/entries/early-talks.md")])
        .expect("new entry");
    assert_same(&s, &site, "a new entry at the start of its lists");
    // A retitle that reorders entries of the same date.
    let tie = "---\ntitle: \"Zz late in the day\"\ndate: 2024-01-05\nactors: [pakistan]\nsources:\n  - title: \"S\"\n---\nB.\n";
    site.write("content/entries/tie.md", tie);
    s.apply(&[site.root().join("content/entries/tie.md")]).expect("tie");
    let p = site.edit("content/entries/tie.md", "Zz late in the day", "Aa early in the day");
    s.apply(&[p]).expect("retitle");
    assert_same(&s, &site, "a retitle that changes the order of a tie");
    // Removing it moves them back; a part may go.
    site.remove("content/entries/early-talks.md");
    s.apply(&[site.root().join("content/entries/early-talks.md")])
        .expect("removal");
    assert_same(&s, &site, "a removed entry");
}

#[test]
fn a_body_edit_that_adds_or_drops_search_shards_matches_a_full_build() {
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let dar = "content/entries/dar-visits-kabul.md";
    let shards = |s: &Session| s.files().keys().filter(|p| p.starts_with("search/terms/")).count();
    assert_eq!(shards(&s), 1);
    // Some thousands of new words: the index takes more shards.
    let original = site.read(dar);
    let words: Vec<String> = (0..6000).map(|n| format!("qx{n:05}vord")).collect();
    site.write(dar, &format!("{original}\n{}\n", words.join(" ")));
    s.apply(&[site.root().join(dar)]).expect("many words");
    assert!(shards(&s) > 1, "{} shards", shards(&s));
    assert_same(&s, &site, "many words");
    // And back: the shards no longer needed are gone.
    site.write(dar, &original);
    s.apply(&[site.root().join(dar)]).expect("words removed");
    assert_eq!(shards(&s), 1);
    assert_same(&s, &site, "words removed");
}

#[test]
fn an_entry_becoming_planned_or_no_longer_adds_or_removes_its_calendars() {
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let planned = "content/entries/muttaqi-visit-planned.md";
    assert!(s.files().contains_key("planned.ics"));
    assert!(s.files().contains_key("actors/amir-khan-muttaqi/planned.ics"));
    let p = site.edit(planned, "status: planned", "status: occurred");
    s.apply(&[p]).expect("no longer planned");
    assert!(!s.files().contains_key("planned.ics"));
    assert!(!s.files().contains_key("actors/amir-khan-muttaqi/planned.ics"));
    assert_same(&s, &site, "no longer planned");
    let p = site.edit(planned, "status: occurred", "status: planned");
    s.apply(&[p]).expect("planned again");
    assert!(s.files().contains_key("actors/amir-khan-muttaqi/planned.ics"));
    assert_same(&s, &site, "planned again");
}

#[test]
fn a_language_file_edit_matches_a_full_build() {
    let site = Site::fixture("urdu");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    site.write("i18n/ur.yaml", "nav_timeline: \"واقعات\"\n");
    let p = site.root().join("i18n/ur.yaml");
    s.apply(std::slice::from_ref(&p)).expect("a chronicle's own strings");
    assert!(String::from_utf8_lossy(&s.files()["index.html"]).contains("واقعات"));
    assert_same(&s, &site, "language file added");
    // A mistake keeps the last good site; fixing it rebuilds.
    site.write("i18n/ur.yaml", "nav_timelin: \"واقعات\"\n");
    let errors = s.apply(std::slice::from_ref(&p)).expect_err("unknown key");
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("did you mean `nav_timeline`?")),
        "{errors:?}"
    );
    site.write("i18n/ur.yaml", "nav_timeline: \"ٹائم لائن\"\n");
    s.apply(std::slice::from_ref(&p)).expect("fixed");
    assert_same(&s, &site, "language file fixed");
    // The calendar and language in chronicle.yaml re-render every page.
    let config = site.root().join("chronicle.yaml");
    site.edit("chronicle.yaml", "language: ur", "language: fa-AF\ncalendar: persian");
    s.apply(std::slice::from_ref(&config)).expect("language edit");
    assert!(String::from_utf8_lossy(&s.files()["entries/dar-visits-kabul/index.html"]).contains("حمل"));
    assert_same(&s, &site, "language and calendar edit");
}

#[test]
fn edits_of_translations_and_their_originals_match_a_full_build() {
    let site = Site::fixture("bilingual");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    assert!(s.files().contains_key("ur/entries/dar-visits-kabul/index.html"));
    // A translation's words; its original's body, which the untranslated
    // languages show; a new translation; a removed one.
    let p = site.edit("content/entries/dar-visits-kabul.ur.md", "ملاقات کی", "بات چیت کی");
    s.apply(&[p]).expect("translation edit");
    assert!(String::from_utf8_lossy(&s.files()["ur/entries/dar-visits-kabul/index.html"]).contains("بات چیت کی"));
    assert_same(&s, &site, "translation edit");
    let p = site.edit("content/entries/torkham-reopens.md", "reopened", "opened again");
    s.apply(&[p]).expect("original edit");
    assert_same(&s, &site, "original edit");
    site.write(
        "content/entries/torkham-reopens.ur.md",
        "---\ntitle: \"طورخم کھل گیا\"\ntranslated: 2025-03-22\n---\nگزرگاہ کھل گئی۔\n",
    );
    let p = site.root().join("content/entries/torkham-reopens.ur.md");
    s.apply(std::slice::from_ref(&p)).expect("new translation");
    assert!(String::from_utf8_lossy(&s.files()["ur/entries/torkham-reopens/index.html"]).contains("طورخم کھل گیا"));
    assert_same(&s, &site, "new translation");
    // A mistake keeps the last good site.
    site.write(
        "content/entries/torkham-reopens.ur.md",
        "---\ntitle: \"x\"\ndate: 2025\n---\n",
    );
    s.apply(std::slice::from_ref(&p))
        .expect_err("a translation with a date of its own");
    site.remove("content/entries/torkham-reopens.ur.md");
    s.apply(&[p]).expect("removed");
    assert!(
        !s.files().contains_key("ur/entries/torkham-reopens/index.html") || {
            let page = String::from_utf8_lossy(&s.files()["ur/entries/torkham-reopens/index.html"]).into_owned();
            !page.contains("طورخم کھل گیا")
        }
    );
    assert_same(&s, &site, "translation removed");
    // The last translation of a language gone: its folder goes, and every
    // page loses its links to it.
    let rel = "content/entries/dar-visits-kabul.ps.md";
    site.remove(rel);
    s.apply(&[site.root().join(rel)]).expect("Pashto gone");
    assert!(!s.files().keys().any(|k| k.starts_with("ps/")));
    assert_same(&s, &site, "a language gone");
}

/// The warnings of a full build of `site`, as `serve` reports them.
fn full_warnings(site: &Site) -> Vec<String> {
    let (_, result) = Session::new(Options::new(site.root()));
    result
        .expect("full build")
        .warnings
        .iter()
        .map(|d| d.to_string())
        .collect()
}

/// Applies the edits of `paths`, expecting them linked as `linking` says,
/// and holds the site and the warnings to a full build's.
fn relinked(s: &mut Session, site: &Site, paths: &[std::path::PathBuf], linking: Linking, step: &str) {
    let r = s.apply(paths).unwrap_or_else(|e| panic!("{step}: {e:?}"));
    assert_eq!(r.linking, linking, "{step}: linked otherwise than expected");
    let warnings: Vec<String> = r.warnings.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        warnings,
        full_warnings(site),
        "{step}: the warnings differ from a full build's"
    );
    assert_same(s, site, step);
}

#[test]
fn entries_edited_out_of_place_are_linked_alone_and_match_a_full_build() {
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let dar = "content/entries/dar-visits-kabul.md";
    let beijing = "content/entries/beijing-trilateral.md";
    let torkham = "content/entries/torkham-reopens.md";
    // Moved in time, the entry another relates to: its backlink, both
    // neighbours, the years, the actors' and topics' lists follow.
    let p = site.edit(dar, "date: 2025-04-19", "date: 2024-01-02");
    relinked(&mut s, &site, &[p], Linking::Entries, "date moved back a year");
    let p = site.edit(dar, "date: 2024-01-02", "date: 2025-06-30");
    relinked(
        &mut s,
        &site,
        &[p],
        Linking::Entries,
        "date moved after the entry relating to it",
    );
    // Actors, topics and relations: partners, relation pages and tones.
    let p = site.edit(
        dar,
        "actors: [ishaq-dar, afghanistan, amir-khan-muttaqi]",
        "actors: [ishaq-dar, afghanistan, amir-khan-muttaqi, china]",
    );
    relinked(&mut s, &site, &[p], Linking::Entries, "an actor added");
    let p = site.edit(
        beijing,
        "topics: [diplomacy, trade-and-transit]",
        "topics: [border-management]",
    );
    relinked(&mut s, &site, &[p], Linking::Entries, "topics replaced");
    let p = site.edit(torkham, "    tone: 1", "    tone: -2");
    relinked(&mut s, &site, &[p], Linking::Entries, "a tone changed");
    // Related entries, one of them a draft left out with a warning: the
    // warning comes, stays through an edit in place, and goes.
    let p = site.edit(
        beijing,
        "related: [dar-visits-kabul]",
        "related: [dar-visits-kabul, secret-draft]",
    );
    relinked(&mut s, &site, &[p], Linking::Entries, "a draft related");
    let p = site.edit(beijing, "location: Beijing", "location: Beijing\nstatus: disputed");
    relinked(&mut s, &site, &[p], Linking::Patched, "a status given");
    let p = site.edit(
        beijing,
        "related: [dar-visits-kabul, secret-draft]",
        "related: [torkham-standoff]",
    );
    relinked(&mut s, &site, &[p], Linking::Entries, "related entries replaced");
    // Sources: another title, and a source shared with another entry.
    let p = site.edit(
        torkham,
        "Torkham reopens after 27 days",
        "Torkham open again after 27 days",
    );
    relinked(&mut s, &site, &[p], Linking::Entries, "a source retitled");
    let p = site.edit(
        dar,
        "sources:",
        "sources:\n  - title: \"Foreign ministers meet in Beijing\"\n    publisher: \"Xinhua\"\n    url: \"https://example.com/xinhua/trilateral\"",
    );
    relinked(&mut s, &site, &[p], Linking::Entries, "a source another entry cites");
    // The shared source first cited by `dar` now (it moved to June): its
    // details are `dar`'s until `dar` cites it no more.
    let p = site.edit(
        dar,
        "    publisher: \"Xinhua\"\n    url: \"https://example.com/xinhua/trilateral\"",
        "    publisher: \"XINHUA\"\n    url: \"https://example.com/xinhua/trilateral\"\n    date: 2025-05-20",
    );
    relinked(
        &mut s,
        &site,
        &[p],
        Linking::Entries,
        "a shared source's details changed",
    );
    // A publisher new to the chronicle, and one no longer cited.
    let p = site.edit(torkham, "publisher: \"Dawn\"", "publisher: \"Frontier  Wire\"");
    relinked(&mut s, &site, &[p], Linking::Entries, "a new publisher");
    let p = site.edit(
        torkham,
        "  - title: \"Interview with a customs officer\"\n    author: \"A. Reporter\"\n",
        "",
    );
    relinked(&mut s, &site, &[p], Linking::Entries, "a source no longer cited");
    // Two entries at once, passing each other.
    let a = site.edit(torkham, "date: 2025-03-22", "date: 2025-07-01");
    let b = site.edit(beijing, "date: 2025-05-21", "date: 2025-02-01");
    relinked(
        &mut s,
        &site,
        &[a, b],
        Linking::Entries,
        "two entries passing each other",
    );
    // The same date and title as another entry: linking warns on the
    // later one, and the warning goes when the titles differ again.
    site.edit(
        torkham,
        "title: \"Torkham crossing reopens\"",
        "title: \"Trilateral talks in Beijing\"",
    );
    let p = site.edit(torkham, "date: 2025-07-01", "date: 2025-02-01");
    relinked(
        &mut s,
        &site,
        std::slice::from_ref(&p),
        Linking::Entries,
        "the same event twice",
    );
    let p = site.edit(
        torkham,
        "title: \"Trilateral talks in Beijing\"",
        "title: \"Torkham crossing reopens\"",
    );
    relinked(&mut s, &site, &[p], Linking::Entries, "the same event no longer");
    // An unknown actor fails the rebuild and keeps the last site; fixed,
    // the entry is linked again.
    let p = site.edit(dar, "actors: [ishaq-dar,", "actors: [nobody-at-all, ishaq-dar,");
    s.apply(std::slice::from_ref(&p)).expect_err("an unknown actor");
    let p = site.edit(dar, "actors: [nobody-at-all, ishaq-dar,", "actors: [ishaq-dar,");
    relinked(&mut s, &site, &[p], Linking::All, "the unknown actor gone");
    // A body edit in place is still only patched.
    let p = site.edit(dar, "met", "held talks with");
    relinked(&mut s, &site, &[p], Linking::Patched, "a body edit");
}

#[test]
fn entries_moved_among_translated_ones_match_a_full_build() {
    let site = Site::fixture("bilingual");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let text = site.read("content/entries/torkham-reopens.md");
    let date = text
        .lines()
        .find(|l| l.starts_with("date: "))
        .expect("a date")
        .to_string();
    // An untranslated entry moved past a translated one: the translation
    // follows its original's new place.
    let p = site.edit("content/entries/torkham-reopens.md", &date, "date: 2026-01-01");
    relinked(&mut s, &site, &[p], Linking::Entries, "moved past a translated entry");
    // A translated entry moved: its translations are linked with it.
    let text = site.read("content/entries/dar-visits-kabul.md");
    let date = text
        .lines()
        .find(|l| l.starts_with("date: "))
        .expect("a date")
        .to_string();
    let p = site.edit("content/entries/dar-visits-kabul.md", &date, "date: 2023-05-05");
    relinked(&mut s, &site, &[p], Linking::All, "a translated entry moved");
}

#[test]
fn relations_that_come_and_go_in_a_translated_chronicle_match_a_full_build() {
    // Each language's site has its own relations, numbered in its own
    // index of files: a relation come and gone must be right in each.
    let site = Site::fixture("bilingual");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let entry = |name: &str, day: u32, a: &str, b: &str| {
        let rel = format!("content/entries/{name}.md");
        site.write(
            &rel,
            &format!(
                "---\ntitle: \"Talks {name}\"\ndate: 2025-03-{day:02}\nactors: [{a}, {b}]\n\
                 relations:\n  - between: [{a}, {b}]\n    tone: 1\nsources:\n\
                 \x20 - title: \"Talks {name}\"\n    publisher: \"A Wire\"\n    url: \"https://example.com/wire/{name}\"\n---\nThey met.\n"
            ),
        );
        site.root().join(rel)
    };
    let early = entry("early", 3, "afghanistan", "china");
    relinked(
        &mut s,
        &site,
        std::slice::from_ref(&early),
        Linking::Entries,
        "a relation sorting first",
    );
    let late = entry("late", 4, "china", "taliban");
    relinked(
        &mut s,
        &site,
        std::slice::from_ref(&late),
        Linking::Entries,
        "one sorting last",
    );
    std::fs::remove_file(&early).unwrap();
    relinked(
        &mut s,
        &site,
        std::slice::from_ref(&early),
        Linking::Entries,
        "the first gone",
    );
    let files = s.files();
    assert!(files.keys().any(|p| p.contains("relations/china--taliban/")));
    assert!(!files.keys().any(|p| p.contains("relations/afghanistan--china/")));
}

#[test]
fn entries_that_come_or_go_are_linked_alone_and_match_a_full_build() {
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let path = |rel: &str| site.root().join(rel);
    let new = "content/entries/talks-resume.md";
    let entry = |title: &str, date: &str, extra: &str, body: &str| {
        format!(
            "---\ntitle: \"{title}\"\ndate: {date}\nactors: [ishaq-dar, pakistan, afghanistan]\ntopics: [diplomacy]\n\
             relations:\n  - between: [pakistan, afghanistan]\n    tone: 2\n{extra}sources:\n\
             \x20 - title: \"Talks resume\"\n    publisher: \"A New Wire\"\n    url: \"https://example.com/wire/talks\"\n\
             \x20 - title: \"Foreign ministers meet in Beijing\"\n    publisher: \"Xinhua\"\n    url: \"https://example.com/xinhua/trilateral\"\n\
             ---\n{body}\n"
        )
    };
    // A new entry in the middle of the timeline, citing a new source and
    // one another entry cites, relating to an entry and linking to one.
    site.write(
        new,
        &entry(
            "Talks resume in Islamabad",
            "2025-05-01",
            "related: [dar-visits-kabul]\n",
            "Talks [resumed](entry:torkham-reopens) after the visit.[^1]\n\n[^1]: As reported.",
        ),
    );
    relinked(&mut s, &site, &[path(new)], Linking::Entries, "an entry added");
    // Renamed: one entry gone, one come, in one change.
    let renamed = "content/entries/islamabad-talks-resume.md";
    std::fs::rename(path(new), path(renamed)).unwrap();
    relinked(
        &mut s,
        &site,
        &[path(new), path(renamed)],
        Linking::Entries,
        "an entry's file renamed",
    );
    // Deleted: its backlink, neighbours, years and sources go with it.
    site.remove(renamed);
    relinked(&mut s, &site, &[path(renamed)], Linking::Entries, "an entry deleted");
    // A new year, first and last in the timeline.
    site.write(new, &entry("Talks in a new year", "2026-01-05", "", "Talks."));
    relinked(&mut s, &site, &[path(new)], Linking::Entries, "an entry in a new year");
    site.remove(new);
    relinked(&mut s, &site, &[path(new)], Linking::Entries, "the new year gone");

    // What reaches further is linked in full, and still matches. An entry
    // another relates to, or a body links to: gone, the link is broken.
    let standoff = "content/entries/torkham-standoff.md";
    let kept = site.read(standoff);
    let torkham = "content/entries/torkham-reopens.md";
    site.edit(torkham, "[standoff](entry:torkham-standoff)", "standoff");
    relinked(&mut s, &site, &[path(torkham)], Linking::Patched, "a body link dropped");
    site.remove(standoff);
    let errors = s.apply(&[path(standoff)]).expect_err("related to by torkham-reopens");
    assert!(errors.iter().any(|d| d.path == torkham), "{errors:?}");
    site.write(standoff, &kept);
    relinked(&mut s, &site, &[path(standoff)], Linking::All, "the entry back");
    site.edit(torkham, "related: [torkham-standoff]\n", "");
    let p = site.edit(torkham, "the standoff", "the [standoff](entry:torkham-standoff)");
    relinked(
        &mut s,
        &site,
        &[p],
        Linking::Entries,
        "a related entry dropped, a body link back",
    );
    site.remove(standoff);
    let errors = s.apply(&[path(standoff)]).expect_err("linked to by torkham-reopens");
    assert!(errors.iter().any(|d| d.path == torkham), "{errors:?}");
    site.write(standoff, &kept);
    relinked(&mut s, &site, &[path(standoff)], Linking::All, "the entry back again");
    // An actor's page links to an entry: gone, the link is broken.
    site.remove("content/entries/dar-visits-kabul.md");
    let errors = s
        .apply(&[path("content/entries/dar-visits-kabul.md")])
        .expect_err("linked to by an actor's page and related to by another entry");
    assert!(errors.len() >= 2, "{errors:?}");
    site.write(
        "content/entries/dar-visits-kabul.md",
        &Site::fixture("basic").read("content/entries/dar-visits-kabul.md"),
    );
    relinked(
        &mut s,
        &site,
        &[path("content/entries/dar-visits-kabul.md")],
        Linking::All,
        "the visit back",
    );
    // The same date and title as another entry: the warning comes and goes.
    site.write(new, &entry("Talks resume", "2025-05-01", "", "Talks."));
    relinked(&mut s, &site, &[path(new)], Linking::Entries, "an entry added again");
    let twin = "content/entries/talks-resume-again.md";
    site.write(twin, &entry("Talks resume", "2025-05-01", "", "Talks again."));
    relinked(&mut s, &site, &[path(twin)], Linking::Entries, "the same event added");
    site.remove(twin);
    relinked(&mut s, &site, &[path(twin)], Linking::Entries, "the same event gone");
    // A copy of an entry under a name that comes before it: the warning
    // is the original's, and goes with the copy.
    let copy = "content/entries/a-copy-of-talks-resume.md";
    site.write(copy, &site.read(new));
    relinked(
        &mut s,
        &site,
        &[path(copy)],
        Linking::Entries,
        "a copy added before its original",
    );
    site.remove(copy);
    relinked(&mut s, &site, &[path(copy)], Linking::Entries, "the copy gone");
    // An entry with a warning of its own: it goes with the file.
    let drafty = "content/entries/relates-to-a-draft.md";
    site.write(
        drafty,
        &entry("Relates to a draft", "2025-01-09", "related: [secret-draft]\n", "Body."),
    );
    relinked(
        &mut s,
        &site,
        &[path(drafty)],
        Linking::Entries,
        "an entry with a warning added",
    );
    site.remove(drafty);
    relinked(
        &mut s,
        &site,
        &[path(drafty)],
        Linking::Entries,
        "an entry with a warning deleted",
    );
    // A folder of entries made, then removed whole: its files go with it.
    let folder = "content/entries/more";
    site.write(
        &format!("{folder}/one.md"),
        &entry("One more", "2025-02-02", "", "One."),
    );
    site.write(
        &format!("{folder}/two.md"),
        &entry("Two more", "2025-02-03", "", "Two."),
    );
    relinked(&mut s, &site, &[path(folder)], Linking::All, "a folder of entries made");
    std::fs::remove_dir_all(path(folder)).unwrap();
    relinked(&mut s, &site, &[path(folder)], Linking::All, "the folder removed");
    // A file beside it whose name starts alike stays.
    let alike = "content/entries/more-talks.md";
    site.write(alike, &entry("More talks", "2025-02-04", "", "More."));
    relinked(&mut s, &site, &[path(alike)], Linking::Entries, "a file named alike");
    site.write(
        &format!("{folder}/three.md"),
        &entry("Three more", "2025-02-05", "", "Three."),
    );
    relinked(&mut s, &site, &[path(folder)], Linking::All, "the folder again");
    std::fs::remove_dir_all(path(folder)).unwrap();
    relinked(&mut s, &site, &[path(folder)], Linking::All, "the folder removed again");
}

#[test]
fn a_relation_that_comes_or_goes_with_an_entry_matches_a_full_build() {
    // A new entry declaring a tone between two actors with no relation yet
    // makes a relation whose slug sorts first, so every other relation
    // moves up one place: the index of files keeps their pages under the
    // numbers it gave them, and must lead each to the right page.
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let rel = "content/entries/beijing-and-kabul.md";
    let path = site.root().join(rel);
    site.write(
        rel,
        "---\ntitle: \"Beijing and Kabul talk trade\"\ndate: 2025-03-02\nactors: [afghanistan, china]\n\
         relations:\n  - between: [afghanistan, china]\n    tone: 1\nsources:\n\
         \x20 - title: \"Trade talks\"\n    publisher: \"A Wire\"\n    url: \"https://example.com/wire/trade\"\n---\nThey met.\n",
    );
    relinked(
        &mut s,
        &site,
        std::slice::from_ref(&path),
        Linking::Entries,
        "a relation come",
    );
    let files = s.files();
    let page = String::from_utf8_lossy(&files["relations/afghanistan--china/index.html"]).into_owned();
    assert!(page.contains("Beijing and Kabul talk trade"), "{page}");
    let moved = String::from_utf8_lossy(&files["relations/pakistan--taliban/index.html"]).into_owned();
    assert!(
        !moved.contains("Beijing and Kabul"),
        "another relation's page shows the new one"
    );
    std::fs::remove_file(&path).unwrap();
    relinked(
        &mut s,
        &site,
        std::slice::from_ref(&path),
        Linking::Entries,
        "the relation gone",
    );
    assert!(!s.files().contains_key("relations/afghanistan--china/index.html"));
}

#[test]
fn relations_that_come_and_go_in_turn_keep_every_page_right() {
    // The index of files numbers relations as it does entries: a relation
    // gone leaves its number unused, one come takes the next. Several in
    // turn, sorting first, between others and last, each compared with a
    // full build, so that the numbers kept from one patch to the next lead
    // to the right pages.
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let entry = |name: &str, title: &str, day: u32, a: &str, b: &str| {
        let rel = format!("content/entries/{name}.md");
        site.write(
            &rel,
            &format!(
                "---\ntitle: \"{title}\"\ndate: 2025-03-{day:02}\nactors: [{a}, {b}]\n\
                 relations:\n  - between: [{a}, {b}]\n    tone: -1\nsources:\n\
                 \x20 - title: \"{title}\"\n    publisher: \"A Wire\"\n    url: \"https://example.com/wire/{name}\"\n---\nThey met.\n"
            ),
        );
        site.root().join(rel)
    };
    let first_one = entry("first-relation", "Kabul and Beijing", 3, "afghanistan", "china");
    relinked(
        &mut s,
        &site,
        std::slice::from_ref(&first_one),
        Linking::Entries,
        "a relation sorting first",
    );
    let middle = entry("middle-relation", "Muttaqi in Beijing", 4, "amir-khan-muttaqi", "china");
    relinked(
        &mut s,
        &site,
        std::slice::from_ref(&middle),
        Linking::Entries,
        "one between others",
    );
    std::fs::remove_file(&first_one).unwrap();
    relinked(
        &mut s,
        &site,
        std::slice::from_ref(&first_one),
        Linking::Entries,
        "the first gone",
    );
    let last_one = entry("last-relation", "Taliban and China", 5, "china", "taliban");
    relinked(
        &mut s,
        &site,
        std::slice::from_ref(&last_one),
        Linking::Entries,
        "one sorting last",
    );
    let again = entry("first-relation", "Kabul and Beijing again", 6, "afghanistan", "china");
    relinked(&mut s, &site, &[again], Linking::Entries, "the first back");
    let page = String::from_utf8_lossy(&s.files()["relations/china--taliban/index.html"]).into_owned();
    assert!(page.contains("Taliban and China"), "{page}");
    std::fs::remove_file(&middle).unwrap();
    std::fs::remove_file(&last_one).unwrap();
    relinked(&mut s, &site, &[middle, last_one], Linking::Entries, "two gone at once");
    let page = String::from_utf8_lossy(&s.files()["relations/afghanistan--china/index.html"]).into_owned();
    assert!(page.contains("Kabul and Beijing again"), "{page}");
}

#[test]
fn an_entry_added_where_a_static_file_stands_fails_as_a_build_does() {
    // The site's index of files is patched when only entries come or go:
    // the added files are still checked against the static files, and an
    // entry gone leaves no file of its own behind.
    let site = Site::fixture("basic");
    site.write("static/entries/talks-resume/index.html", "<p>mine</p>\n");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let copy = |from: &str, to: &str| {
        let text = site.read(from).replace("title: ", "title: Copy of ");
        site.write(to, &text);
        site.root().join(to)
    };
    // A copy of an entry under a new name: its files are added alone.
    let added = copy(
        "content/entries/dar-visits-kabul.md",
        "content/entries/dar-visits-again.md",
    );
    relinked(
        &mut s,
        &site,
        std::slice::from_ref(&added),
        Linking::Entries,
        "an entry copied",
    );
    // One whose page is a static file's path: the build's error.
    let clash = copy("content/entries/torkham-reopens.md", "content/entries/talks-resume.md");
    let errors = s
        .apply(std::slice::from_ref(&clash))
        .expect_err("a static file stands there");
    let (_, built) = Session::new(Options::new(site.root()));
    let built = built.expect_err("the build fails too");
    let said = |d: &[chronicle::diagnostics::Diagnostic]| d.iter().map(|d| d.to_string()).collect::<Vec<_>>();
    assert_eq!(said(&errors), said(&built));
    assert!(
        said(&errors)
            .iter()
            .any(|e| e.contains("would replace the generated page of entry `talks-resume`")),
        "{errors:?}"
    );
    // Taken away again, and the copy too: the site is the build's.
    site.remove("content/entries/talks-resume.md");
    // (After a failed change, the next links in full.)
    relinked(
        &mut s,
        &site,
        std::slice::from_ref(&clash),
        Linking::All,
        "the clash gone",
    );
    site.remove("content/entries/dar-visits-again.md");
    relinked(&mut s, &site, &[added], Linking::Entries, "the copy gone");
}
