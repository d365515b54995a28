//! Long lists: parts with `rel="prev"`/`"next"`, partial dates grouped at
//! the end of their month or year, ties in the writer's order, summaries
//! said once, and every part reachable and in the sitemap.

use std::collections::BTreeSet;

use crate::util::{check_links, entry_slugs, Output, Site};

const SOURCES: &str = "sources:\n  - title: \"A report\"\n    url: \"https://example.com/report\"\n";

fn entry(title: &str, date: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\ndate: {date}\nactors: [pakistan, afghanistan]\ntopics: [border-management]\n{extra}{SOURCES}---\n{body}\n")
}

/// The entry slugs a page's timeline lists, in order.
fn listed(out: &Output, url: &str) -> Vec<String> {
    entry_slugs(&out.page(url).attrs(".timeline .card-title a", "href"), "/")
}

/// The basic fixture with `n` more entries in 2023 (one a day from 1 March)
/// and lists split every `per_page` entries.
fn many(n: usize, per_page: usize) -> Site {
    let site = Site::fixture("basic");
    let config = site.read("chronicle.yaml");
    site.write(
        "chronicle.yaml",
        &format!("{config}per_page: {per_page}\nindex_per_page: {per_page}\n"),
    );
    for k in 0..n {
        let day = chrono_day(k);
        site.write(
            &format!("content/entries/bulk-{k:03}.md"),
            &entry(&format!("Bulk entry {k:03}"), &day, "", "A body."),
        );
    }
    site
}

/// `2023-MM-DD` for the `k`-th day from 1 March 2023 (k < 200).
fn chrono_day(k: usize) -> String {
    let months = [(3, 31), (4, 30), (5, 31), (6, 30), (7, 31), (8, 31), (9, 30)];
    let mut k = k;
    for (m, days) in months {
        if k < days {
            return format!("2023-{m:02}-{:02}", k + 1);
        }
        k -= days;
    }
    panic!("too many days");
}

#[test]
fn long_lists_are_split_into_parts_that_link_each_other() {
    let site = many(25, 10);
    let out = site.build();
    // 25 entries of 2023 in three parts of 10, 10 and 5.
    let first = listed(&out, "/years/2023/");
    let second = listed(&out, "/years/2023/page/2/");
    let third = listed(&out, "/years/2023/page/3/");
    assert_eq!((first.len(), second.len(), third.len()), (10, 10, 5));
    assert!(!out.exists("years/2023/page/4/index.html"));
    assert!(
        !out.exists("years/2023/page/1/index.html"),
        "part 1 is the list's own page"
    );
    let all: Vec<String> = [first.clone(), second, third].concat();
    let expected: Vec<String> = (0..25).map(|k| format!("bulk-{k:03}")).collect();
    assert_eq!(all, expected, "in time order, each once");
    // Part 2 points both ways, in the head and in the page.
    let p2 = out.page("/years/2023/page/2/");
    assert_eq!(p2.attrs("link[rel=prev]", "href"), ["/years/2023/"]);
    assert_eq!(p2.attrs("link[rel=next]", "href"), ["/years/2023/page/3/"]);
    assert_eq!(p2.attrs("nav.pager a[rel=prev]", "href"), ["/years/2023/"]);
    assert_eq!(
        p2.attrs("nav.pager a[aria-current=page]", "href"),
        ["/years/2023/page/2/"]
    );
    assert!(p2.text("nav.pager").contains("11–20 of 25"), "{}", p2.text("nav.pager"));
    assert!(p2.text("title").contains("page 2 of 3"));
    let p3 = out.page("/years/2023/page/3/");
    assert!(p3.all("link[rel=next]").is_empty());
    // The year's month list points at the part where each month starts.
    let months = out.page("/years/2023/").attrs("nav.jump a", "href");
    assert!(months.contains(&"/years/2023/#y2023-03".to_string()), "{months:?}");
    assert!(months.contains(&"/years/2023/page/2/#y2023-03".to_string()) || months.len() == 1);
    // An actor in every entry: 34 entries, 4 parts; the profile only once.
    let pakistan: Vec<String> = (1..=4)
        .flat_map(|n| {
            let url = if n == 1 {
                "/actors/pakistan/".to_string()
            } else {
                format!("/actors/pakistan/page/{n}/")
            };
            listed(&out, &url)
        })
        .collect();
    let unique: BTreeSet<&String> = pakistan.iter().collect();
    assert_eq!(pakistan.len(), unique.len(), "no entry on two parts");
    assert!(pakistan.len() >= 33, "{}", pakistan.len());
    assert!(out.page("/actors/pakistan/").all("#activity-h").len() == 1);
    assert!(out.page("/actors/pakistan/page/2/").all("#activity-h").is_empty());
    // Every part is in the sitemap, and every link resolves.
    let sitemap = out.read("sitemap.xml");
    for url in [
        "years/2023/page/2/",
        "years/2023/page/3/",
        "actors/pakistan/page/4/",
        "topics/border-management/page/2/",
    ] {
        assert!(
            sitemap.contains(&format!("https://example.org/{url}</loc>")),
            "{url} not in the sitemap"
        );
    }
    check_links(&out, "/");
}

#[test]
fn an_entry_links_to_the_part_of_its_year_that_lists_it() {
    let site = many(25, 10);
    let out = site.build();
    let page = out.page("/entries/bulk-015/");
    let crumbs = page.attrs("nav.crumbs a", "href");
    assert!(crumbs.contains(&"/years/2023/page/2/".to_string()), "{crumbs:?}");
    assert!(
        crumbs.iter().any(|h| h.starts_with("/years/2023/page/2/#y2023-03")),
        "{crumbs:?}"
    );
    // Sources too: with one source per part, each links to its part.
    let sources = page.attrs(".sources a[href*='/sources/']", "href");
    assert!(!sources.is_empty(), "a link to the bibliography");
    check_links(&out, "/");
}

#[test]
fn partial_dates_are_grouped_at_the_end_of_their_month_and_year() {
    let site = Site::fixture("basic");
    let out = site.build();
    let year = out.page("/years/2025/");
    let headings = year.texts(".timeline .month-heading");
    // Visible names, with the year for screen readers after each month.
    assert_eq!(
        headings,
        [
            "January 2025",
            "March 2025",
            "During March 2025",
            "April 2025",
            "May 2025",
            "During August 2025",
            "During 2025"
        ]
    );
    assert!(year.has_id("y2025-during") && year.has_id("y2025-03-during"));
    // The month-only entry's breadcrumb goes to its own group.
    let crumbs = out.page("/entries/torkham-standoff/").attrs("nav.crumbs a", "href");
    assert!(
        crumbs.contains(&"/years/2025/#y2025-03-during".to_string()),
        "{crumbs:?}"
    );
}

#[test]
fn ties_follow_the_order_key_then_the_title_never_the_file_name() {
    let site = Site::fixture("basic");
    // File names sort the other way from the titles and from `order`.
    site.write(
        "content/entries/a-second.md",
        &entry("Zeta answers", "2023", "order: 2\n", "B."),
    );
    site.write(
        "content/entries/b-first.md",
        &entry("Alpha moves first", "2023", "order: 1\n", "A."),
    );
    site.write("content/entries/c-untitled.md", &entry("Beta", "2023", "", "C."));
    site.write("content/entries/d-untitled.md", &entry("Alpha", "2023", "", "D."));
    let out = site.build();
    assert_eq!(
        listed(&out, "/years/2023/"),
        ["d-untitled", "c-untitled", "b-first", "a-second"]
    );
    let site = Site::fixture("basic");
    site.write("content/entries/x.md", &entry("X", "2023", "order: first\n", "B."));
    let run = site.check();
    run.assert_fails();
    run.stderr_line("`order`");
}

#[test]
fn a_summary_drawn_from_the_body_is_short_and_not_printed_twice() {
    let site = Site::fixture("basic");
    let long = "The delegations met at the crossing for a full day of talks on fees. ".to_string()
        + &"They went over the schedule again and again without agreeing on much at all. ".repeat(8);
    site.write(
        "content/entries/no-summary.md",
        &entry(
            "No summary given",
            "2023-02-01",
            "",
            &format!("{long}\n\nA second paragraph."),
        ),
    );
    let out = site.build();
    let page = out.page("/entries/no-summary/");
    assert!(page.all(".entry-header .lede").is_empty(), "no lede repeating the body");
    assert_eq!(page.text("main").matches("The delegations met").count(), 1);
    let card = out.page("/years/2023/");
    assert_eq!(
        card.text(".card .summary"),
        "The delegations met at the crossing for a full day of talks on fees."
    );
    let description = page.attrs("meta[name=description]", "content");
    assert_eq!(
        description,
        ["The delegations met at the crossing for a full day of talks on fees."]
    );
    // A summary in the front matter is the lede.
    let given = out.page("/entries/attacks-rise-2024/");
    assert_eq!(given.all(".entry-header .lede").len(), 1);
}

/// A theme may show on every part what the default theme shows on the
/// first only (an actor's panels, a year's months, a relation's chart):
/// each part then shows the whole list's, whichever part is made first.
#[test]
fn every_part_of_a_list_is_given_the_whole_lists_panels_in_any_order() {
    let site = many(25, 10);
    site.write(
        "templates/actor.html",
        "{{ actor.count }} entries; strip of {{ activity.count }}; partners {{ actor.partners | length }}\n",
    );
    site.write(
        "templates/year.html",
        "{% for m in months %}{{ m.id }}={{ m.count }} {% endfor %}\n",
    );
    let out = site.build();
    let whole = out.read("actors/pakistan/index.html");
    assert!(whole.starts_with("33 entries; strip of 33;"), "{whole}");
    for part in 2..=4 {
        assert_eq!(out.read(&format!("actors/pakistan/page/{part}/index.html")), whole);
    }
    let months = out.read("years/2023/index.html");
    assert_eq!(months, "y2023-03=25 \n", "the whole year, though a part lists 10");
    assert_eq!(out.read("years/2023/page/3/index.html"), months);

    // Made on request, last part first, each is what the build wrote.
    let (s, result) = chronicle::serve::session::Session::new(chronicle::site::Options::new(site.root()));
    result.expect("builds");
    let served = s.site().expect("a site");
    for path in [
        "actors/pakistan/page/4/index.html",
        "years/2023/page/3/index.html",
        "actors/pakistan/index.html",
        "years/2023/index.html",
        "actors/pakistan/page/2/index.html",
    ] {
        let bytes = served.get(path).expect("the page").expect("renders");
        assert_eq!(String::from_utf8_lossy(&bytes), out.read(path), "{path}");
    }
}
