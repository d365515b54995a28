//! `chronicle init` and `chronicle new`: files written for the user.

use std::path::{Path, PathBuf};

use crate::date::PartialDate;
use crate::load::{slugify, CONTENT_DIR};
use crate::theme::default_theme_files;

/// Quotes a string for YAML (double quotes, escaped).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn write_new(path: &Path, text: &str) -> Result<PathBuf, String> {
    if path.exists() {
        return Err(format!("{} already exists; nothing was changed", path.display()));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path.to_path_buf())
}

fn slug_or_err(text: &str) -> Result<String, String> {
    let slug = slugify(text);
    if slug.is_empty() {
        return Err(format!(
            "cannot make a file name from `{text}`: use some ASCII letters or digits"
        ));
    }
    Ok(slug)
}

/// Writes `content/entries/<slug>.md` for a new entry.
pub fn new_entry(
    root: &Path,
    title: &str,
    date: &str,
    actors: &[String],
    topics: &[String],
) -> Result<PathBuf, String> {
    let date = PartialDate::parse(date)?;
    let slug = slug_or_err(&format!("{} {}", date.iso(), title))?;
    let list = |v: &[String]| {
        v.iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut fm = format!(
        "---\ntitle: {}\ndate: {}\nactors: [{}]\n",
        q(title),
        date.iso(),
        list(actors)
    );
    if !topics.is_empty() {
        fm.push_str(&format!("topics: [{}]\n", list(topics)));
    }
    fm.push_str(
        "status: occurred\ntone: 0\n# summary: \"One sentence; the first paragraph is used if left out.\"\n# sources:\n#   - title: \"\"\n#     publisher: \"\"\n#     url: \"https://\"\n#     date: YYYY-MM-DD\n---\n\nWhat happened, in your own words.\n",
    );
    write_new(&root.join(CONTENT_DIR).join("entries").join(format!("{slug}.md")), &fm)
}

/// Writes `content/actors/<slug>.md` for a new actor.
pub fn new_actor(root: &Path, name: &str, kind: Option<&str>) -> Result<PathBuf, String> {
    let slug = slug_or_err(name)?;
    let kind = kind.unwrap_or("state");
    if !["state", "person", "organization", "organisation", "group"].contains(&kind) {
        return Err(format!(
            "kind `{kind}` is not one of state, person, organization, group"
        ));
    }
    let text = format!(
        "---\nname: {}\nkind: {kind}\naliases: []\n---\n\nA short profile.\n",
        q(name)
    );
    write_new(&root.join(CONTENT_DIR).join("actors").join(format!("{slug}.md")), &text)
}

/// Writes `content/topics/<slug>.md` for a new topic.
pub fn new_topic(root: &Path, name: &str) -> Result<PathBuf, String> {
    let slug = slug_or_err(name)?;
    let text = format!("---\nname: {}\ndescription: \"\"\n---\n", q(name));
    write_new(&root.join(CONTENT_DIR).join("topics").join(format!("{slug}.md")), &text)
}

/// Creates a new chronicle in `dir`: config, a copy of the default theme, two
/// actors, a topic, an entry and an about page, so `build` works at once.
pub fn init(dir: &Path) -> Result<(), String> {
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(format!(
            "{} exists and is not empty; choose a new folder",
            dir.display()
        ));
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "My chronicle".into());
    let files: Vec<(String, Vec<u8>)> = vec![
        (
            "chronicle.yaml".into(),
            format!(
                "title: {}\nbase_url: \"https://example.org/\"\ndescription: \"A chronicle of relations.\"\nlanguage: en\ntheme: default\nintro: |\n  A dated, sourced record of what happened.\n",
                q(&name)
            )
            .into_bytes(),
        ),
        (".gitignore".into(), b"/site/\n/.site.chronicle-*\n".to_vec()),
        (
            "content/actors/state-a.md".into(),
            b"---\nname: \"State A\"\nkind: state\naliases: [\"A\"]\n---\n\nA profile of State A.\n".to_vec(),
        ),
        (
            "content/actors/state-b.md".into(),
            b"---\nname: \"State B\"\nkind: state\n---\n\nA profile of State B.\n".to_vec(),
        ),
        (
            "content/topics/diplomacy.md".into(),
            b"---\nname: \"Diplomacy\"\ndescription: \"Visits, talks and agreements.\"\n---\n".to_vec(),
        ),
        (
            "content/entries/first-talks.md".into(),
            b"---\ntitle: \"First talks between A and B\"\ndate: 2025-01-15\nactors: [state-a, state-b]\ntopics: [diplomacy]\nlocation: Geneva\ntone: 1\nsources:\n  - title: \"A report on the talks\"\n    publisher: \"Example News\"\n    url: \"https://example.org/report\"\n    date: 2025-01-16\n---\n\n[State A](actor:state-a) and [State B](actor:state-b) met for the first time.\n".to_vec(),
        ),
        (
            "content/pages/about.md".into(),
            b"---\ntitle: \"About\"\n---\n\nWhat this chronicle covers and how it is written.\n".to_vec(),
        ),
    ];
    for (path, bytes) in files {
        let full = dir.join(path);
        if let Some(p) = full.parent() {
            std::fs::create_dir_all(p).map_err(|e| format!("cannot create {}: {e}", p.display()))?;
        }
        std::fs::write(&full, bytes).map_err(|e| format!("cannot write {}: {e}", full.display()))?;
    }
    for (path, bytes) in default_theme_files() {
        let full = dir.join("themes/default").join(path);
        if let Some(p) = full.parent() {
            std::fs::create_dir_all(p).map_err(|e| format!("cannot create {}: {e}", p.display()))?;
        }
        std::fs::write(&full, bytes).map_err(|e| format!("cannot write {}: {e}", full.display()))?;
    }
    Ok(())
}
