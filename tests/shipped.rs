//! The shipped chronicle (`content/` at the repository's root): it checks
//! clean, builds, and its pages state facts from the seed documents.

use std::path::PathBuf;

use crate::util::{copy_dir, run_in, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the shipped chronicle into a temporary folder.
fn build() -> (tempfile::TempDir, Output) {
    let tmp = tempfile::Builder::new().prefix("chronicle-shipped-").tempdir().unwrap();
    let root = tmp.path().join("root");
    std::fs::create_dir(&root).unwrap();
    std::fs::copy(repo().join("chronicle.yaml"), root.join("chronicle.yaml")).unwrap();
    copy_dir(&repo().join("content"), &root.join("content"));
    copy_dir(&repo().join("themes"), &root.join("themes"));
    let out = tmp.path().join("out");
    let run = run_in(
        tmp.path(),
        &[
            "--root",
            root.to_str().unwrap(),
            "build",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    run.assert_ok();
    assert_eq!(run.stderr, "", "the shipped chronicle builds without warnings: {run}");
    (tmp, Output { dir: out })
}

#[test]
fn check_reports_no_errors_and_no_warnings() {
    let run = run_in(&repo(), &["check"]);
    run.assert_ok();
    assert_eq!(run.stderr, "", "{run}");
}

#[test]
fn it_is_a_full_chronicle() {
    let count = |dir: &str| std::fs::read_dir(repo().join("content").join(dir)).unwrap().count();
    assert!(count("entries") >= 30, "{} entries", count("entries"));
    assert!(count("actors") >= 25, "{} actors", count("actors"));
    assert!(count("topics") >= 8, "{} topics", count("topics"));
    assert!(repo().join("content/pages/about.md").is_file());
}

#[test]
fn ishaq_dar_page_lists_the_kabul_visit_of_19_april_2025() {
    let (_tmp, out) = build();
    let page = out.read("actors/ishaq-dar/index.html");
    assert!(
        page.contains("href=\"/entries/2025-04-19-dar-visits-kabul/\""),
        "Dar's page links the visit"
    );
    let entry = out.read("entries/2025-04-19-dar-visits-kabul/index.html");
    assert!(entry.contains("19 April 2025"), "the visit is dated to the day");
    assert!(entry.contains("href=\"/actors/ishaq-dar/\""));
}

#[test]
fn the_beijing_meeting_is_one_entry_and_its_old_urls_redirect() {
    // The meeting, its ambassador agreement and its CPEC statement were
    // three entries retelling one event; they are one, and the two old
    // pages send readers on.
    let (_tmp, out) = build();
    let page = out.read("entries/2025-05-21-beijing-trilateral/index.html");
    assert!(page.contains("exchange ambassadors"));
    assert!(page.contains("CPEC"));
    for old in [
        "2025-05-21-ambassador-exchange-agreed",
        "2025-05-21-cpec-extension-backed",
    ] {
        let moved = out.read(&format!("entries/{old}/index.html"));
        assert!(
            moved.contains("rel=\"canonical\" href=\"https://example.org/entries/2025-05-21-beijing-trilateral/\""),
            "{old} redirects: {moved}"
        );
    }
    // The envoys' upgrade links back to the meeting it followed.
    let envoys = out.read("entries/2025-envoys-raised-to-ambassador/index.html");
    assert!(envoys.contains("href=\"/entries/2025-05-21-beijing-trilateral/\""));
}

#[test]
fn the_torkham_sequence_is_in_order_with_its_facts() {
    let (_tmp, out) = build();
    let reopen = out.read("entries/2025-03-22-torkham-reopens/index.html");
    assert!(reopen.contains("22 March 2025"));
    assert!(reopen.contains("27 days"), "the closure lasted 27 days");
    let home = out.read("index.html");
    let closure = home
        .find("/entries/2025-02-torkham-closure/")
        .expect("closure on the timeline");
    let reopening = home
        .find("/entries/2025-03-22-torkham-reopens/")
        .expect("reopening on the timeline");
    assert!(closure < reopening, "the timeline is chronological");
    let sadiq = out.read("actors/muhammad-sadiq/index.html");
    assert!(sadiq.contains("/entries/2025-03-23-sadiq-visits-kabul/"));
}

#[test]
fn planned_visits_are_marked_planned() {
    let (_tmp, out) = build();
    for slug in [
        "2025-08-haqqani-muttaqi-visit-planned",
        "2025-muttaqi-three-day-visit-planned",
    ] {
        let page = out.read(&format!("entries/{slug}/index.html"));
        assert!(page.to_lowercase().contains("planned"), "{slug} shows its status");
    }
}

#[test]
fn both_spellings_of_the_ttp_resolve_to_one_actor() {
    let text = std::fs::read_to_string(repo().join("content/actors/tehrik-i-taliban-pakistan.md")).unwrap();
    assert!(text.contains("Tehreek-i-Taliban Pakistan"));
    assert!(text.contains("Tehrik-i-Taliban Pakistan"));
}

#[test]
fn every_entry_cites_a_source() {
    for e in std::fs::read_dir(repo().join("content/entries")).unwrap() {
        let path = e.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("\nsources:\n  - title:"),
            "{} cites no source",
            path.display()
        );
    }
}

#[test]
fn shipped_chronicle_relations_are_honest() {
    // The complaint that started this: Pakistan's page showed the Taliban's
    // dealings with the TTP as Pakistan's own tone with the TTP.
    let (_tmp, out) = build();
    // Pakistan's own tones with the TTP are its ceasefire of June 2022 and
    // the attacks after it, never Kabul's dealings with the group.
    let ttp = out.page("/relations/pakistan--tehrik-i-taliban-pakistan/");
    let tones = ttp.texts(".tone-list li .tone-chip");
    assert_eq!(tones.len(), 3, "{tones:?}");
    assert!(tones[0].contains("positive"), "the ceasefire: {tones:?}");
    assert!(tones[1..].iter().all(|t| t.contains("hostile")), "{tones:?}");
    assert!(!ttp.text(".tone-list").contains("Kabul"), "{}", ttp.text(".tone-list"));
    let kabul_ttp = out.page("/relations/afghan-interim-government--tehrik-i-taliban-pakistan/");
    assert!(kabul_ttp.text(".tone-list").contains("Kabul warns the TTP"));
    let home = out.read("index.html");
    assert!(
        home.contains("href=\"/relations/afghan-interim-government--pakistan/\""),
        "the focus pair is linked"
    );
}
