//! What a change is: which kind of input a changed path is, and which
//! entry cards a rebuild may keep. Kept apart from the part that reads
//! files and renders, so it can be tested on its own.

use std::collections::BTreeSet;

use crate::config::CONFIG_FILE;
use crate::content::load::{self, CONTENT_DIR};

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

/// Which entry cards a rebuild may keep from the last site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// None: every card is made again.
    All,
    /// Every one: only static files changed.
    StaticOnly,
    /// Every one but those of the entries `slugs`, which changed, came or
    /// went. When the data every page sees changed after all, no card is
    /// kept.
    Entries { slugs: BTreeSet<String> },
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

/// The plan after linking the chronicle again; `built` says whether there
/// is a last good site to keep cards from (none before the first build).
pub fn after_link(change: &Change<'_>, built: bool) -> Plan {
    let same_templates = !change.everything && !change.templates;
    let content_touched = !change.touched.is_empty();
    let only_entries =
        same_templates && content_touched && change.touched.iter().all(|rel| rel.starts_with("content/entries/"));
    match built {
        true if same_templates && !content_touched => Plan::StaticOnly,
        true if only_entries => {
            let slugs: BTreeSet<String> = change
                .touched
                .iter()
                .filter_map(|rel| rel.rsplit('/').next()?.strip_suffix(".md").map(str::to_string))
                .collect();
            Plan::Entries { slugs }
        }
        _ => Plan::All,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn plans_follow_what_changed() {
        let none = BTreeSet::new();
        let entry = BTreeSet::from(["content/entries/dar-visits-kabul.md".to_string()]);
        let actor = BTreeSet::from(["content/actors/pakistan.md".to_string()]);
        let change = |everything, templates, touched| Change {
            everything,
            templates,
            touched,
        };
        assert_eq!(after_link(&change(false, false, &none), true), Plan::StaticOnly);
        assert_eq!(after_link(&change(false, true, &entry), true), Plan::All);
        assert_eq!(after_link(&change(true, false, &entry), true), Plan::All);
        assert_eq!(after_link(&change(false, false, &actor), true), Plan::All);
        assert_eq!(after_link(&change(false, false, &entry), false), Plan::All);
        let Plan::Entries { slugs } = after_link(&change(false, false, &entry), true) else {
            panic!("an entry edit is planned by entry");
        };
        assert_eq!(slugs, BTreeSet::from(["dar-visits-kabul".to_string()]));
    }
}
