//! Which pages a change touches: the part of `serve` that decides, kept
//! apart from the part that reads files and renders, so it can be tested on
//! its own.

use std::collections::BTreeSet;

use crate::config::CONFIG_FILE;
use crate::content::load::{self, CONTENT_DIR};
use crate::model::relations::{pair_of, pair_slug};
use crate::model::Chronicle;
use crate::paths::SearchPart;
use crate::render::{paging, List, PageId};

/// What kind of file a changed path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Config,
    Template,
    Static,
    Content,
}

/// What a changed path (relative to the root, with `/`) is, or `None` when
/// it does not matter (an editor's leftover, a file outside the inputs).
/// `theme` is the theme in use, when known: until a first build, any path
/// under `themes/` may be one of its files.
pub fn classify(rel: &str, theme: Option<&str>) -> Option<Kind> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if load::is_ignored_name(name) {
        return None;
    }
    if rel == CONFIG_FILE {
        return Some(Kind::Config);
    }
    let theme_dir = match theme {
        Some(t) => format!("themes/{t}/"),
        None => match rel.strip_prefix("themes/").and_then(|r| r.split_once('/')) {
            Some((t, _)) => format!("themes/{t}/"),
            None => "themes/".to_string(),
        },
    };
    let rest = rel.strip_prefix(&theme_dir).unwrap_or(rel);
    // A whole folder appearing or going (`static`, `themes/x`) counts too.
    // Language files (the theme's, or the chronicle's own `i18n/`) change
    // the words of every page, as templates do.
    if rest.starts_with("templates/")
        || rest == "templates"
        || rest.starts_with("i18n/")
        || rest == "i18n"
        || rel == "themes"
        || rel == theme_dir.trim_end_matches('/')
    {
        Some(Kind::Template)
    } else if rest.starts_with("static/") || rest == "static" {
        Some(Kind::Static)
    } else if rel.starts_with("content/") || rel == CONTENT_DIR {
        Some(Kind::Content)
    } else {
        None
    }
}

/// True when every change is to a stylesheet: open pages can swap it in
/// without reloading.
pub fn css_only(changed: &[(String, Kind)]) -> bool {
    !changed.is_empty()
        && changed
            .iter()
            .all(|(rel, k)| *k == Kind::Static && rel.ends_with(".css"))
}

/// Which pages a rebuild renders again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Every page.
    All,
    /// No page: only static files changed.
    StaticOnly,
    /// Only entries changed: the entries `slugs` get new cards and their
    /// own pages first, then `pages` follow, and the site-wide pages when
    /// `site_wide`. When the data every page sees changed after all, this
    /// becomes `All`.
    Entries {
        slugs: BTreeSet<String>,
        pages: BTreeSet<PageId>,
        site_wide: bool,
        /// No page came or went (no entry was added, removed or renamed).
        same_files: bool,
    },
}

/// What a rebuild that linked the chronicle again knows about its change.
pub struct Change<'a> {
    /// A full rebuild was asked for.
    pub everything: bool,
    /// The configuration or a template changed.
    pub templates: bool,
    /// Content files whose text changed, or that went away.
    pub touched: &'a BTreeSet<String>,
}

/// The plan after linking the chronicle again: `old` is the last good model
/// (none before the first build), `new` the one just linked.
pub fn after_link(change: &Change<'_>, old: Option<&Chronicle>, new: &Chronicle) -> Plan {
    let same_templates = !change.everything && !change.templates;
    let content_touched = !change.touched.is_empty();
    let only_entries =
        same_templates && content_touched && change.touched.iter().all(|rel| rel.starts_with("content/entries/"));
    match old {
        Some(_) if same_templates && !content_touched => Plan::StaticOnly,
        Some(old) if only_entries => {
            let slugs: BTreeSet<String> = change
                .touched
                .iter()
                .filter_map(|rel| rel.rsplit('/').next()?.strip_suffix(".md").map(str::to_string))
                .collect();
            let pages = affected_pages(old, new, &slugs);
            Plan::Entries {
                slugs,
                pages,
                site_wide: true,
                same_files: false,
            }
        }
        _ => Plan::All,
    }
}

/// The pages of `all` that `plan` renders. A chart draws only its own
/// page's entries on an axis of their own dates, so an entry edit changes
/// no chart beyond the pages it touches. The search index's term shards
/// go with its manifest: any of them may change with any text.
pub fn pages_to_render(plan: &Plan, all: &[PageId]) -> Vec<PageId> {
    match plan {
        Plan::Entries { pages, site_wide, .. } => {
            let terms = pages.contains(&PageId::SearchManifest);
            all.iter()
                .copied()
                .filter(|p| {
                    (*site_wide && p.is_site_wide())
                        || pages.contains(p)
                        || (terms && matches!(p, PageId::SearchPart(SearchPart::Terms, _)))
                })
                .collect()
        }
        Plan::StaticOnly => Vec::new(),
        Plan::All => all.to_vec(),
    }
}

/// The pages that can show anything of the entries `slugs` (changed, added
/// or removed), in the new model, given the old one.
pub fn affected_pages(old: &Chronicle, new: &Chronicle, slugs: &BTreeSet<String>) -> BTreeSet<PageId> {
    let mut entries: BTreeSet<String> = BTreeSet::new();
    let mut actors: BTreeSet<String> = BTreeSet::new();
    let mut topics: BTreeSet<String> = BTreeSet::new();
    let mut years: BTreeSet<i32> = BTreeSet::new();
    // Relations by slug (`a--b`): every pair of the entry's actors.
    let mut relations: BTreeSet<String> = BTreeSet::new();
    // Everything an entry shows or is shown on, in either model.
    let mut touch = |m: &Chronicle, i: usize| {
        let e = &m.entries[i];
        entries.insert(e.slug.clone());
        for (k, &a) in e.actors.iter().enumerate() {
            for &b in &e.actors[k + 1..] {
                relations.insert(pair_slug(&m.actors, pair_of(&m.actors, a, b)));
            }
        }
        for k in e.prev.iter().chain(&e.next).chain(&e.related).chain(&e.backlinks) {
            entries.insert(m.entries[*k].slug.clone());
        }
        actors.extend(e.actors.iter().map(|&a| m.actors[a].slug.clone()));
        topics.extend(e.topics.iter().map(|&t| m.topics[t].slug.clone()));
        years.insert(e.date.year());
    };
    for slug in slugs {
        if let Some(i) = old.entry_index(slug) {
            touch(old, i);
        }
        if let Some(i) = new.entry_index(slug) {
            touch(new, i);
        }
    }
    let mut pages: BTreeSet<PageId> = BTreeSet::new();
    pages.extend(
        entries
            .iter()
            .filter_map(|s| new.entry_index(s))
            .flat_map(PageId::entry_files),
    );
    // Entries whose year or sources moved to another part of their list
    // (one came or went before them): their pages link to the part.
    let (old_offsets, new_offsets) = (paging::source_offsets(old), paging::source_offsets(new));
    for (i, e) in new.entries.iter().enumerate() {
        let moved = old
            .entry_index(&e.slug)
            .is_none_or(|k| paging::entry_parts(old, &old_offsets, k) != paging::entry_parts(new, &new_offsets, i));
        if moved {
            pages.extend(PageId::entry_files(i));
        }
    }
    // Every part of a list: an entry coming or going moves the rest.
    for a in actors.iter().filter_map(|s| new.actor_index(s)) {
        pages.extend(PageId::parts_of(new, List::Actor(a)));
        pages.insert(PageId::ActorFeed(a));
        pages.insert(PageId::ActorIcs(a));
    }
    for t in topics.iter().filter_map(|s| new.topic_index(s)) {
        pages.extend(PageId::parts_of(new, List::Topic(t)));
        pages.insert(PageId::TopicFeed(t));
    }
    for slug in &relations {
        if let Ok(r) = new.relations.binary_search_by(|x| x.slug.as_str().cmp(slug)) {
            pages.extend(PageId::parts_of(new, List::Relation(r)));
            pages.insert(PageId::RelationFeed(r));
        }
    }
    // A year's page, and its neighbours', whose links show its count.
    for i in years.iter().filter_map(|&y| new.year_index(y)) {
        pages.extend(
            [i.checked_sub(1), Some(i), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter(|&k| k < new.years.len())
                .flat_map(|k| PageId::parts_of(new, List::Year(k))),
        );
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::{load_chronicle, Options};

    fn basic() -> Chronicle {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        load_chronicle(&Options::new(root)).expect("the basic fixture loads").0
    }

    #[test]
    fn paths_are_classified() {
        for (rel, theme, kind) in [
            ("chronicle.yaml", Some("default"), Some(Kind::Config)),
            ("content/entries/a.md", Some("default"), Some(Kind::Content)),
            ("content/entries/.a.md.swp", Some("default"), None),
            ("templates/entry.html", Some("default"), Some(Kind::Template)),
            (
                "themes/default/templates/entry.html",
                Some("default"),
                Some(Kind::Template),
            ),
            ("themes/default/static/style.css", Some("default"), Some(Kind::Static)),
            ("themes/other/static/style.css", Some("default"), None),
            ("themes/other/static/style.css", None, Some(Kind::Static)),
            ("static/logo.png", Some("default"), Some(Kind::Static)),
            ("static", Some("default"), Some(Kind::Static)),
            ("i18n/ur.yaml", Some("default"), Some(Kind::Template)),
            ("themes/default/i18n/ur.yaml", Some("default"), Some(Kind::Template)),
            ("i18n", Some("default"), Some(Kind::Template)),
            ("notes.txt", Some("default"), None),
            // `check --external`'s cache: never a reason to rebuild.
            (".chronicle", Some("default"), None),
            (".chronicle/link-cache.json", Some("default"), None),
            (".chronicle/.link-cache.json.7.tmp", None, None),
        ] {
            assert_eq!(classify(rel, theme), kind, "{rel} with {theme:?}");
        }
    }

    #[test]
    fn only_stylesheets_is_css_only() {
        let s = |rel: &str, k| (rel.to_string(), k);
        assert!(css_only(&[s("static/style.css", Kind::Static)]));
        assert!(!css_only(&[
            s("static/style.css", Kind::Static),
            s("static/a.js", Kind::Static)
        ]));
        assert!(!css_only(&[s("content/entries/a.css", Kind::Content)]));
        assert!(!css_only(&[]));
    }

    #[test]
    fn an_entry_edit_touches_its_neighbours_actors_topics_and_year() {
        let m = basic();
        let slug = "dar-visits-kabul";
        let i = m.entry_index(slug).unwrap();
        let pages = affected_pages(&m, &m, &BTreeSet::from([slug.to_string()]));
        let e = &m.entries[i];
        assert!(pages.contains(&PageId::Entry(i)));
        for k in e.prev.iter().chain(&e.next).chain(&e.related).chain(&e.backlinks) {
            assert!(pages.contains(&PageId::Entry(*k)), "entry {k}");
        }
        for &a in &e.actors {
            assert!(pages.contains(&PageId::Actor(a)) && pages.contains(&PageId::ActorFeed(a)));
        }
        for &t in &e.topics {
            assert!(pages.contains(&PageId::Topic(t)) && pages.contains(&PageId::TopicFeed(t)));
        }
        assert!(pages.contains(&PageId::Year(m.year_index(e.date.year()).unwrap())));
        // Nothing else: no site-wide page, no unrelated actor.
        assert!(!pages.iter().any(|p| p.is_site_wide()), "{pages:?}");
        let unrelated = (0..m.actors.len()).find(|a| !e.actors.contains(a)).unwrap();
        assert!(!pages.contains(&PageId::Actor(unrelated)));
    }

    #[test]
    fn plans_follow_what_changed() {
        let m = basic();
        let none = BTreeSet::new();
        let entry = BTreeSet::from(["content/entries/dar-visits-kabul.md".to_string()]);
        let actor = BTreeSet::from(["content/actors/pakistan.md".to_string()]);
        let change = |everything, templates, touched| Change {
            everything,
            templates,
            touched,
        };
        assert_eq!(after_link(&change(false, false, &none), Some(&m), &m), Plan::StaticOnly);
        assert_eq!(after_link(&change(false, true, &entry), Some(&m), &m), Plan::All);
        assert_eq!(after_link(&change(true, false, &entry), Some(&m), &m), Plan::All);
        assert_eq!(after_link(&change(false, false, &actor), Some(&m), &m), Plan::All);
        assert_eq!(after_link(&change(false, false, &entry), None, &m), Plan::All);
        let Plan::Entries { slugs, site_wide, .. } = after_link(&change(false, false, &entry), Some(&m), &m) else {
            panic!("an entry edit is planned by entry");
        };
        assert_eq!(slugs, BTreeSet::from(["dar-visits-kabul".to_string()]));
        assert!(site_wide);
    }

    #[test]
    fn pages_follow_the_plan() {
        let all = [
            PageId::Home,
            PageId::Entry(0),
            PageId::Entry(1),
            PageId::Actor(0),
            PageId::Topic(0),
        ];
        assert_eq!(pages_to_render(&Plan::All, &all), all);
        assert!(pages_to_render(&Plan::StaticOnly, &all).is_empty());
        let plan = Plan::Entries {
            slugs: BTreeSet::new(),
            pages: BTreeSet::from([PageId::Entry(1)]),
            site_wide: false,
            same_files: true,
        };
        // Only the planned pages: no actor or topic page comes along.
        assert_eq!(pages_to_render(&plan, &all), [PageId::Entry(1)]);
        let site_wide = Plan::Entries {
            slugs: BTreeSet::new(),
            pages: BTreeSet::from([PageId::Actor(0)]),
            site_wide: true,
            same_files: false,
        };
        assert_eq!(pages_to_render(&site_wide, &all), [PageId::Home, PageId::Actor(0)]);
    }
}
