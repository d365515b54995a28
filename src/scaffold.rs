//! `chronicle init` and `chronicle new`: files written for the user.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::content::date::PartialDate;
use crate::content::fields::is_forbidden_char;
use crate::content::load::{self, is_valid_slug, Section, CONTENT_DIR};
use crate::content::parse::{self, Doc};
use crate::diagnostics::{did_you_mean, suggest_slug};
use crate::render::theme::default_theme_files;

/// Why `init` or `new` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// What was asked for cannot be written: the message says why, and how
    /// to put it right (every problem, one per line).
    #[error("{0}")]
    Invalid(String),
    #[error("{} already exists; nothing was changed (choose another file name with {flag})", .path.display())]
    Exists { path: PathBuf, flag: &'static str },
    #[error("cannot write {}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl From<String> for Error {
    fn from(message: String) -> Error {
        Error::Invalid(message)
    }
}

/// Writes `bytes` to `path`, creating its folder.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let err = |source| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(err)?;
    }
    std::fs::write(path, bytes).map_err(err)
}

/// Quotes a string for YAML (double quotes, escaped).
fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn write_new(path: &Path, text: &str, flag: &'static str) -> Result<PathBuf, Error> {
    if path.exists() {
        return Err(Error::Exists {
            path: path.to_path_buf(),
            flag,
        });
    }
    write_file(path, text.as_bytes())?;
    Ok(path.to_path_buf())
}

/// A file name for `text`: transliterated to ASCII (so `Erdoğan` is
/// `erdogan` and an Urdu or Pashto title gets a Latin spelling, not an
/// empty name), then slugified ([`load::latin_slug`]).
pub fn file_slug(text: &str) -> String {
    load::latin_slug(text)
}

/// The slug to write a new file under: `--slug` when given (it must be a
/// valid slug), else one made from `text`.
fn choose_slug(text: &str, wanted: Option<&str>, what: &str) -> Result<String, String> {
    if let Some(s) = wanted {
        let s = s.trim();
        if !is_valid_slug(s) {
            return Err(format!(
                "`{s}` is not a valid slug: use lowercase letters, digits, `-` and `_`, for example `{}`",
                if file_slug(s).is_empty() {
                    "my-slug".to_string()
                } else {
                    file_slug(s)
                }
            ));
        }
        return Ok(s.to_string());
    }
    let slug = file_slug(text);
    if slug.is_empty() {
        return Err(format!(
            "cannot make a file name from `{text}`; give the {what} one with --slug, for example --slug my-{what}"
        ));
    }
    Ok(slug)
}

/// Checks text given on the command line for a front-matter field.
fn text_arg(value: &str, what: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err(format!("the {what} must not be empty"));
    }
    if value.chars().any(is_forbidden_char) {
        return Err(format!(
            "the {what} contains a control character; type it again without it"
        ));
    }
    Ok(value.to_string())
}

/// The actors and topics a chronicle has now, to check names against, and
/// the slugs it uses.
struct Known {
    /// `(slug, names and aliases)` of each actor.
    actors: Vec<(String, Vec<String>)>,
    topics: Vec<(String, Vec<String>)>,
    /// Every file found, by section and slug.
    found: HashMap<(Section, String), load::Found>,
}

impl Known {
    fn load(root: &Path) -> Known {
        let (found, _) = load::scan(root);
        let mut known = Known {
            actors: Vec::new(),
            topics: Vec::new(),
            found: HashMap::new(),
        };
        for f in found {
            known.found.insert((f.section, f.slug.clone()), f.clone());
            if !matches!(f.section, Section::Actors | Section::Topics) {
                continue;
            }
            let slug = f.slug.clone();
            let Ok(file) = load::read(f) else { continue };
            match parse::parse_file(file).0 {
                Some(Doc::Actor(a)) => {
                    let mut names = a.aliases.clone();
                    names.push(a.name.clone());
                    known.actors.push((slug, names));
                }
                Some(Doc::Topic(t)) => known.topics.push((slug, vec![t.name.clone()])),
                Some(Doc::Rejected(r)) if r.section == Section::Actors => known.actors.push((slug, Vec::new())),
                Some(Doc::Rejected(r)) if r.section == Section::Topics => known.topics.push((slug, Vec::new())),
                _ => {}
            }
        }
        known
    }

    /// True when a file of `section` has `slug`, or its file exists.
    fn taken(&self, root: &Path, section: Section, slug: &str) -> bool {
        self.found.contains_key(&(section, slug.to_string()))
            || root.join(format!("{CONTENT_DIR}/{}/{slug}.md", section.dir())).exists()
    }

    /// `base`, or the first of `base-2`, `base-3`, ... no file of
    /// `section` has: two titles that spell alike in Latin letters (two
    /// Urdu entries of one day, say) get two files, never one.
    fn free_slug(&self, root: &Path, section: Section, base: &str) -> String {
        if !self.taken(root, section, base) {
            return base.to_string();
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|s| !self.taken(root, section, s))
            .unwrap_or_default()
    }

    /// The file of an entry with this title and date among `base` and its
    /// numbered slugs, if one exists: `new entry` run twice.
    fn same_entry(&self, base: &str, title: &str, date: &PartialDate) -> Option<String> {
        let numbered = |slug: &str| {
            slug == base
                || slug
                    .strip_prefix(base)
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        let mut candidates: Vec<&load::Found> = self
            .found
            .iter()
            .filter(|((section, slug), _)| *section == Section::Entries && numbered(slug))
            .map(|(_, f)| f)
            .collect();
        candidates.sort_by(|a, b| a.rel.cmp(&b.rel));
        candidates.into_iter().find_map(|f| {
            let file = load::read(f.clone()).ok()?;
            match parse::parse_file(file).0 {
                Some(Doc::Entry(e)) if e.title.trim() == title && e.date.iso() == date.iso() => Some(f.rel.clone()),
                _ => None,
            }
        })
    }

    /// The slugs of `names` (slugs, names or aliases), or every problem.
    fn resolve(list: &[(String, Vec<String>)], names: &[String], what: &str) -> Result<Vec<String>, Vec<String>> {
        let mut slugs: Vec<String> = Vec::new();
        let mut problems = Vec::new();
        // `--actors a,b` is split by the command line; the Arabic comma
        // separates names too, as in front matter.
        let names = parse::split_at_arabic_commas(names.to_vec());
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            let by_slug = list.iter().find(|(s, _)| s == name).map(|(s, _)| s);
            let by_name: Vec<&String> = list
                .iter()
                .filter(|(_, ns)| ns.iter().any(|n| n.to_lowercase() == name.to_lowercase()))
                .map(|(s, _)| s)
                .collect();
            match (by_slug, by_name.as_slice()) {
                (Some(s), _) | (None, &[s]) => {
                    if !slugs.contains(s) {
                        slugs.push(s.clone());
                    }
                }
                (None, []) => {
                    let candidates = list.iter().map(|(s, n)| (s.as_str(), n.as_slice()));
                    problems.push(match suggest_slug(name, candidates) {
                        Some((s, by_name)) => format!("unknown {what} `{name}`{}", did_you_mean(s, by_name)),
                        None => {
                            format!("unknown {what} `{name}`; create it first with `chronicle new {what} \"{name}\"`")
                        }
                    });
                }
                (None, many) => problems.push(format!(
                    "`{name}` names several {what}s ({}); give the slug",
                    many.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
                )),
            }
        }
        if problems.is_empty() {
            Ok(slugs)
        } else {
            Err(problems)
        }
    }
}

/// Checks that a file about to be written parses without errors, so `new`
/// never writes what `build` would reject.
fn must_parse(section: Section, slug: &str, rel: &str, text: &str) -> Result<(), String> {
    let (doc, diags) = parse::parse_file(load::SourceFile {
        translation: None,
        section,
        slug: slug.to_string(),
        rel: rel.to_string(),
        text: text.to_string(),
    });
    let errors: Vec<String> = diags.iter().filter(|d| d.is_error()).map(|d| d.to_string()).collect();
    if !errors.is_empty() || matches!(doc, Some(Doc::Rejected(_)) | None) {
        return Err(format!(
            "the new file would not build, so it was not written:\n{}",
            errors.join("\n")
        ));
    }
    Ok(())
}

/// What `chronicle new entry` is asked to write.
pub struct NewEntry<'a> {
    pub title: &'a str,
    pub date: &'a str,
    pub actors: &'a [String],
    pub topics: &'a [String],
    pub slug: Option<&'a str>,
}

/// Writes `content/entries/<slug>.md` for a new entry. The actors and topics
/// must exist (by slug, name or alias; the slug is written), and the file
/// must parse: every problem is reported at once, and nothing is written.
pub fn new_entry(root: &Path, e: &NewEntry<'_>) -> Result<PathBuf, Error> {
    let mut problems = Vec::new();
    let title = text_arg(e.title, "title").map_err(|m| problems.push(m)).ok();
    let date = PartialDate::parse(e.date).map_err(|m| problems.push(m)).ok();
    let known = Known::load(root);
    if e.actors.iter().all(|a| a.trim().is_empty()) {
        problems.push("an entry needs at least one actor: --actors SLUG[,SLUG...]".into());
    }
    let actors = Known::resolve(&known.actors, e.actors, "actor")
        .map_err(|p| problems.extend(p))
        .ok();
    let topics = Known::resolve(&known.topics, e.topics, "topic")
        .map_err(|p| problems.extend(p))
        .ok();
    let (Some(title), Some(date), Some(actors), Some(topics), true) =
        (title, date, actors, topics, problems.is_empty())
    else {
        return Err(Error::Invalid(problems.join("\n")));
    };
    let slug = match e.slug {
        Some(_) => choose_slug(&title, e.slug, "entry")?,
        None => {
            let made = file_slug(&title);
            if made.is_empty() {
                return Err(Error::Invalid(format!(
                    "cannot make a file name from `{title}`; give the entry one with --slug, for example --slug {}-talks",
                    date.iso()
                )));
            }
            let base = format!("{}-{made}", date.iso());
            if let Some(rel) = known.same_entry(&base, &title, &date) {
                return Err(Error::Invalid(format!(
                    "{rel} is already an entry titled `{title}` on {}; nothing was changed (to write another, give it a file name with --slug)",
                    date.iso()
                )));
            }
            known.free_slug(root, Section::Entries, &base)
        }
    };
    let mut fm = format!(
        "---\ntitle: {}\ndate: {}\nactors: [{}]\n",
        q(&title),
        date.iso(),
        actors.join(", ")
    );
    if !topics.is_empty() {
        fm.push_str(&format!("topics: [{}]\n", topics.join(", ")));
    }
    fm.push_str(
        "status: occurred\n# tone: 1   # from -2 (hostile) to +2 (cooperative); leave out when unclear\n# summary: \"One sentence; the first paragraph is used if left out.\"\n# sources:\n#   - title: \"\"\n#     publisher: \"\"\n#     url: \"https://\"\n#     date: YYYY-MM-DD\n---\n\nWhat happened, in your own words.\n",
    );
    let rel = format!("{CONTENT_DIR}/entries/{slug}.md");
    must_parse(Section::Entries, &slug, &rel, &fm)?;
    write_new(&root.join(&rel), &fm, "--slug")
}

/// Writes `content/actors/<slug>.md` for a new actor.
pub fn new_actor(root: &Path, name: &str, kind: Option<&str>, slug: Option<&str>) -> Result<PathBuf, Error> {
    let name = text_arg(name, "name")?;
    let wanted = slug;
    let slug = choose_slug(&name, slug, "actor")?;
    let kind = kind.unwrap_or("state");
    if !["state", "person", "organization", "organisation", "group"].contains(&kind) {
        return Err(Error::Invalid(format!(
            "kind `{kind}` is not one of state, person, organization, group"
        )));
    }
    let known = Known::load(root);
    if let Some((other, _)) = known
        .actors
        .iter()
        .find(|(_, names)| names.iter().any(|n| n.to_lowercase() == name.to_lowercase()))
    {
        return Err(Error::Invalid(format!(
            "actor `{other}` already has the name or alias `{name}`; nothing was changed"
        )));
    }
    let slug = match wanted {
        Some(_) => slug,
        None => known.free_slug(root, Section::Actors, &slug),
    };
    let text = format!(
        "---\nname: {}\nkind: {kind}\naliases: []\n---\n\nA short profile.\n",
        q(&name)
    );
    let rel = format!("{CONTENT_DIR}/actors/{slug}.md");
    must_parse(Section::Actors, &slug, &rel, &text)?;
    write_new(&root.join(&rel), &text, "--slug")
}

/// Writes `content/topics/<slug>.md` for a new topic.
pub fn new_topic(root: &Path, name: &str, slug: Option<&str>) -> Result<PathBuf, Error> {
    let name = text_arg(name, "name")?;
    let wanted = slug;
    let slug = choose_slug(&name, slug, "topic")?;
    let known = Known::load(root);
    if let Some((other, _)) = known
        .topics
        .iter()
        .find(|(_, names)| names.iter().any(|n| n.to_lowercase() == name.to_lowercase()))
    {
        return Err(Error::Invalid(format!(
            "topic `{other}` already has the name `{name}`; nothing was changed"
        )));
    }
    let slug = match wanted {
        Some(_) => slug,
        None => known.free_slug(root, Section::Topics, &slug),
    };
    let text = format!("---\nname: {}\ndescription: \"\"\n---\n", q(&name));
    let rel = format!("{CONTENT_DIR}/topics/{slug}.md");
    must_parse(Section::Topics, &slug, &rel, &text)?;
    write_new(&root.join(&rel), &text, "--slug")
}

/// Creates a new chronicle in `dir`: config, a copy of the default theme, two
/// actors, a topic, an entry and an about page, so `build` works at once.
pub fn init(dir: &Path) -> Result<(), Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Invalid(format!(
            "{} is a file, not a folder; choose a new folder",
            dir.display()
        )));
    }
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return Err(Error::Invalid(format!(
            "{} exists and is not empty; choose a new folder",
            dir.display()
        )));
    }
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "My chronicle".into());
    let files: Vec<(String, Vec<u8>)> = vec![
        (
            "chronicle.yaml".into(),
            format!(
                "title: {}\nbase_url: \"https://example.org/\"\ndescription: \"A chronicle of relations.\"\nlanguage: en\ntheme: default\nfocus: [state-a, state-b]\nintro: |\n  A dated, sourced record of what happened.\n",
                q(&name)
            )
            .into_bytes(),
        ),
        (".gitignore".into(), b"/site/\n/.site.chronicle-*\n/.chronicle/\n".to_vec()),
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
        write_file(&full, &bytes[..])?;
    }
    for (path, bytes) in default_theme_files() {
        let full = dir.join("themes/default").join(path);
        write_file(&full, &bytes[..])?;
    }
    Ok(())
}
