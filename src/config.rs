//! Site configuration: `chronicle.yaml` at the chronicle's root.

use std::path::Path;

use serde::Serialize;

use crate::content::fields::Fields;
use crate::content::frontmatter::Split;
use crate::content::yaml;
use crate::diagnostics::Diagnostic;
use crate::language::Lang;

/// The name of the configuration file at a chronicle's root.
pub const CONFIG_FILE: &str = "chronicle.yaml";

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "theme",
    "intro",
    "author",
    "allow_html",
    "extra",
    "focus",
    "relation_min_shared",
    "per_page",
    "index_per_page",
    "home_entries",
    "calendar",
    "languages",
];

/// What `languages:` may give for each language the chronicle is
/// translated into.
const LANGUAGE_KEYS: &[&str] = &["title", "description", "intro", "author"];

/// The chronicle's own words in one of its translations' languages
/// (`languages: {ur: {title: …}}` in chronicle.yaml): each is optional,
/// and what a language leaves out is shown in the chronicle's own.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct SiteTexts {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Markdown, as `intro`.
    pub intro: Option<String>,
    pub author: Option<String>,
    /// Where the language's tag is written in chronicle.yaml, and each of
    /// its keys, for messages.
    #[serde(skip)]
    pub at: (usize, usize),
    #[serde(skip)]
    pub keys_at: Vec<(String, (usize, usize))>,
}

impl SiteTexts {
    /// Where `key` of this language is written (its tag's line when not found).
    pub fn key_at(&self, key: &str) -> (usize, usize) {
        self.keys_at
            .iter()
            .find(|(k, _)| k == key)
            .map_or(self.at, |(_, at)| *at)
    }
}

/// The calendar dates are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Calendar {
    /// The Gregorian calendar, on every page.
    #[default]
    Gregorian,
    /// The Solar Hijri calendar of Afghanistan and Iran on pages in
    /// Persian, Dari or Pashto; the Gregorian one elsewhere.
    Persian,
}

/// The latest entries the home page shows when `home_entries` is not set.
pub const DEFAULT_HOME_ENTRIES: usize = 30;

/// The validated configuration of one chronicle.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    /// Absolute base URL with a trailing slash, e.g. `https://example.org/chronicle/`,
    /// or just a path such as `/` when the site's host is not known.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending with `/`:
    /// every internal link starts with it, so sub-path hosting works. The
    /// pages of a translation's language have theirs (`/ur/`).
    pub root: String,
    /// The root of the whole site, where its static files, exports and
    /// the chronicle's own language are: `root`, but on a translation's
    /// pages.
    pub site_root: String,
    pub description: String,
    /// The chronicle's language: its pages' `lang` and `dir`; on the pages
    /// of a translation, that translation's language.
    pub language: Lang,
    /// The chronicle's own language, on every page.
    pub site_language: Lang,
    /// Where `language` is written in chronicle.yaml, for messages.
    #[serde(skip)]
    pub language_at: (usize, usize),
    /// The calendar of dates on Persian and Pashto pages.
    pub calendar: Calendar,
    pub theme: String,
    /// Markdown shown at the top of the home page.
    pub intro: String,
    pub author: String,
    /// Pass raw HTML in Markdown through; off by default, when it is escaped.
    pub allow_html: bool,
    /// Free-form settings handed to templates as `site.extra`.
    pub extra: serde_json::Value,
    /// The pair of actors (slugs, names or aliases, as written) the chronicle
    /// is about: a bare `tone:` on an entry is the tone of this pair.
    pub focus: Option<[String; 2]>,
    /// Where `focus` is written in chronicle.yaml, for messages.
    #[serde(skip)]
    pub focus_at: (usize, usize),
    /// Pairs of actors with at least this many shared entries get a
    /// relation page even without a declared tone.
    pub relation_min_shared: usize,
    /// How many of the latest entries the home page shows (the rest is
    /// in the year archive and the filters).
    pub home_entries: usize,
    /// Entries on one page of a year, actor, topic or relation: longer
    /// lists are split into parts (`page/2/`, …). 0 never splits.
    pub per_page: usize,
    /// Rows on one page of the sources, relations and actors indexes.
    pub index_per_page: usize,
    /// The title, description, intro and author in other languages, by
    /// canonical tag (`languages:`), for the pages of translations.
    pub languages: std::collections::BTreeMap<String, SiteTexts>,
    /// The chronicle's own title, description, intro and author, in its own
    /// language, on every page (where `title`… may be a translation's).
    pub own: SiteTexts,
    /// Which of `title`, `description`, `intro` and `author` are, on these
    /// pages, in their own language (from `languages:`) rather than the
    /// chronicle's.
    #[serde(skip)]
    pub translated_texts: Vec<&'static str>,
}

/// Default of `per_page`.
pub const PER_PAGE: usize = 100;
/// Default of `index_per_page`.
pub const INDEX_PER_PAGE: usize = 500;

impl Config {
    /// Reads and validates `chronicle.yaml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
        if let Some(problem) = crate::content::load::not_readable(&path, CONFIG_FILE) {
            let problem = problem.trim_start_matches("skipped: ");
            return Err(vec![Diagnostic::error(
                CONFIG_FILE,
                0,
                0,
                format!("{problem}: it is not read; keep the configuration file itself in the chronicle"),
            )]);
        }
        let text = std::fs::read_to_string(&path).map_err(|e| {
            vec![Diagnostic::error(
                CONFIG_FILE,
                0,
                0,
                format!(
                    "cannot read the configuration file ({e}); is `{}` a chronicle? `chronicle init DIR` makes one",
                    root.display()
                ),
            )]
        })?;
        Config::parse(&text)
    }

    /// Parses configuration text; errors are located in `chronicle.yaml`,
    /// every one of them, each at its line.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let split = Split {
            yaml: text,
            yaml_line: 1,
            body: "",
            body_line: 0,
        };
        let mut diags = Vec::new();
        let Some(mut f) = Fields::parse(CONFIG_FILE, split, "setting", KEYS, &mut diags) else {
            return Err(diags);
        };
        const TEXT: &str = "text";
        let title: Option<String> = f.require("title", TEXT, &mut diags);
        let base_url = match f.take::<String>("base_url", "a URL such as `https://example.org/chronicle/`", &mut diags)
        {
            Some(u) => match normalize_base_url(&u) {
                Ok(u) => Some(u),
                Err(m) => {
                    diags.push(f.error_at("base_url", u.trim(), m));
                    None
                }
            },
            None => Some("/".to_string()),
        };
        let description: Option<String> = f.take("description", TEXT, &mut diags);
        let language = match f.take::<String>("language", "a language tag such as `en` or `ur`", &mut diags) {
            Some(l) => match Lang::parse(&l) {
                Ok(l) => Some(l),
                Err(m) => {
                    diags.push(if l.trim().is_empty() {
                        f.error_at_key("language", m)
                    } else {
                        f.error_at("language", l.trim(), m)
                    });
                    None
                }
            },
            None => Some(Lang::english()),
        };
        let language_at = f.key_position("language");
        let calendar: Option<Calendar> = f.take(
            "calendar",
            "`gregorian` or `persian` (the Solar Hijri calendar, for pages in Persian, Dari or Pashto)",
            &mut diags,
        );
        let theme: Option<String> = f.take("theme", TEXT, &mut diags);
        // A theme is a folder under themes/: never a path that leaves it.
        let folder_name = |t: &str| {
            !t.is_empty() && !t.starts_with('.') && !t.contains(['/', '\\', ':']) && !t.chars().any(char::is_control)
        };
        if let Some(t) = theme.as_deref().filter(|t| !folder_name(t.trim())) {
            diags.push(f.error_at(
                "theme",
                t,
                format!("theme `{t}` must be the name of a folder under themes/, not a path"),
            ));
        }
        let intro: Option<String> = f.take("intro", "Markdown text", &mut diags);
        let author: Option<String> = f.take("author", TEXT, &mut diags);
        let allow_html: Option<bool> = f.take("allow_html", "`true` or `false`", &mut diags);
        let extra = f.take_value("extra", &mut diags);
        let focus = match f.take::<Vec<String>>(
            "focus",
            "a list of two actors, such as `[pakistan, afghanistan]`",
            &mut diags,
        ) {
            Some(v) if v.len() == 2 && v[0].trim() != v[1].trim() && v.iter().all(|a| !a.trim().is_empty()) => {
                Some([v[0].trim().to_string(), v[1].trim().to_string()])
            }
            Some(v) => {
                diags.push(f.error_at_key(
                    "focus",
                    format!(
                        "`focus` names the pair of actors the chronicle is about: two different actors, such as `focus: [pakistan, afghanistan]`, not {} name{}",
                        v.len(),
                        if v.len() == 1 { "" } else { "s" }
                    ),
                ));
                None
            }
            None => None,
        };
        let focus_at = f.key_position("focus");
        let relation_min_shared = f
            .take::<u64>(
                "relation_min_shared",
                "a whole number of entries, such as 3",
                &mut diags,
            )
            .map_or(3, |n| n.max(1) as usize);
        let home_entries = f
            .take::<u64>("home_entries", "a whole number of entries, such as 30", &mut diags)
            .map_or(DEFAULT_HOME_ENTRIES, |n| n.max(1) as usize);
        let mut per_page = |key: &str, default: usize| {
            f.take::<u64>(
                key,
                "a whole number of entries per page, such as 100 (0 never splits)",
                &mut diags,
            )
            .map_or(default, |n| if n == 0 { usize::MAX } else { n as usize })
        };
        let per_page_entries = per_page("per_page", PER_PAGE);
        let index_per_page = per_page("index_per_page", INDEX_PER_PAGE);
        let languages_value = f.take_value("languages", &mut diags);
        let languages = match (&languages_value, &language) {
            (Some(v), Some(own)) => read_languages(text, v, own, &mut diags),
            _ => Default::default(),
        };
        f.finish(&mut diags);
        let (Some(title), Some(base_url), Some(language), true) =
            (title, base_url, language, diags.iter().all(|d| !d.is_error()))
        else {
            return Err(diags);
        };
        // Warnings (a control character removed) are not kept: the
        // configuration is read again on every build and would repeat them.
        Ok(Config {
            root: url_path(&base_url),
            site_root: url_path(&base_url),
            site_language: language.clone(),
            base_url,
            title,
            description: description.unwrap_or_default(),
            language,
            language_at,
            calendar: calendar.unwrap_or_default(),
            theme: theme.map_or_else(|| "default".into(), |t| t.trim().to_string()),
            intro: intro.unwrap_or_default(),
            author: author.unwrap_or_default(),
            allow_html: allow_html.unwrap_or(false),
            extra: extra.as_ref().map(yaml::to_json).unwrap_or(serde_json::Value::Null),
            focus,
            focus_at,
            relation_min_shared,
            home_entries,
            per_page: per_page_entries,
            index_per_page,
            languages,
            translated_texts: Vec::new(),
            own: SiteTexts::default(),
        }
        .with_own_texts())
    }

    fn with_own_texts(mut self) -> Config {
        self.own = SiteTexts {
            title: Some(self.title.clone()),
            description: Some(self.description.clone()),
            intro: Some(self.intro.clone()),
            author: Some(self.author.clone()),
            ..SiteTexts::default()
        };
        self
    }

    /// The chronicle's title and author as text in `lang` names them: its
    /// own in its own language; in another, what `languages:` gives for it,
    /// else its own.
    pub fn title_and_author_in(&self, lang: &crate::language::Lang) -> (&str, &str) {
        let own = (
            self.own.title.as_deref().unwrap_or(&self.title),
            self.own.author.as_deref().unwrap_or(&self.author),
        );
        if lang.same_language(&self.site_language) {
            return own;
        }
        match self
            .languages
            .iter()
            .find(|(tag, _)| crate::language::Lang::parse(tag).is_ok_and(|l| l.same_language(lang)))
        {
            Some((_, t)) => (
                t.title.as_deref().unwrap_or(own.0),
                t.author.as_deref().unwrap_or(own.1),
            ),
            None => own,
        }
    }

    /// The configuration as the pages of `lang` see it: the title,
    /// description, intro and author `languages:` gives for it, in place of
    /// the chronicle's own (which stay where it gives none).
    pub fn in_language(&mut self, lang: &crate::language::Lang) {
        self.translated_texts.clear();
        let Some(t) = self.languages.get(lang.tag()).cloned() else {
            return;
        };
        for (key, value, field) in [
            ("title", t.title, &mut self.title),
            ("description", t.description, &mut self.description),
            ("intro", t.intro, &mut self.intro),
            ("author", t.author, &mut self.author),
        ] {
            if let Some(v) = value {
                *field = v;
                self.translated_texts.push(key);
            }
        }
    }

    /// Replaces the base URL (the `--base-url` flag).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        self.base_url = normalize_base_url(url)?;
        self.root = url_path(&self.base_url);
        self.site_root = self.root.clone();
        Ok(())
    }

    /// The absolute URL of a site path such as `/entries/x/` (root-relative,
    /// already carrying `root`). Falls back to the path for path-only bases.
    pub fn permalink(&self, path: &str) -> String {
        match self.base_url.find("://") {
            Some(i) => {
                let host_end = self.base_url[i + 3..]
                    .find('/')
                    .map_or(self.base_url.len(), |j| i + 3 + j);
                format!("{}{}", &self.base_url[..host_end], path)
            }
            None => path.to_string(),
        }
    }
}

/// Checks a base URL and gives it a trailing slash. An absolute URL is
/// read with the WHATWG rules (the `url` crate), so it is written out the
/// way browsers resolve it; a bare path must start with exactly one `/`,
/// since `//host/` and `/\\host/` are read by browsers as another host.
fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        let parsed = url::Url::parse(url).map_err(|e| format!("base_url `{url}` is not a valid URL: {e}"))?;
        let after_scheme = &url[url.find("://").map_or(0, |i| i + 3)..];
        if parsed.host_str().is_none_or(str::is_empty) || after_scheme.starts_with(['/', '\\']) {
            return Err(format!("base_url `{url}` has no host"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(format!("base_url `{url}` must not carry a user name or password"));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(format!(
                "base_url `{url}` must not contain a query (`?`) or fragment (`#`)"
            ));
        }
        if parsed.path().contains("//") {
            return Err(format!(
                "the path of base_url `{url}` has an empty part (`//`), which would turn every link into a link to another host"
            ));
        }
        let mut u = parsed.to_string();
        if !u.ends_with('/') {
            u.push('/');
        }
        return Ok(u);
    }
    if url.contains("//") || url.starts_with("/\\") || url.contains('\\') {
        return Err(format!(
            "base_url `{url}` would be read by browsers as another host; write a full URL such as `https://example.org/chronicle/`, or a path that starts with a single `/`"
        ));
    }
    if !url.starts_with('/') {
        return Err(format!(
            "base_url `{url}` must be an absolute URL such as `https://example.org/chronicle/`, or a path starting with `/`"
        ));
    }
    if url.contains(|c: char| {
        matches!(c, '?' | '#' | '"' | '<' | '>' | '\'' | '`') || c.is_whitespace() || c.is_control()
    }) {
        return Err(format!(
            "base_url `{url}` must not contain a query, fragment, space or quote"
        ));
    }
    let mut u = url.to_string();
    if !u.ends_with('/') {
        u.push('/');
    }
    Ok(u)
}

/// Reads `languages:`: for each language, by its tag, the chronicle's
/// title, description, intro and author in it. A key that is no language
/// tag, the chronicle's own language, an unknown key and a value that is
/// not text are errors at their lines.
fn read_languages(
    text: &str,
    value: &yaml::Value,
    own: &Lang,
    diags: &mut Vec<Diagnostic>,
) -> std::collections::BTreeMap<String, SiteTexts> {
    let mut out = std::collections::BTreeMap::new();
    let top = crate::content::frontmatter::key_position(
        &Split {
            yaml: text,
            yaml_line: 1,
            body: "",
            body_line: 0,
        },
        "languages",
    )
    .unwrap_or((1, 1));
    let err = |at: (usize, usize), m: String| Diagnostic::error(CONFIG_FILE, at.0, at.1, m);
    let map = match value {
        yaml::Value::Mapping(m) => m,
        yaml::Value::Null => return out,
        _ => {
            diags.push(err(
                top,
                "`languages` gives, for each language the chronicle is translated into, its words in it: `languages:` then `  ur:` then `    title: \"…\"`".into(),
            ));
            return out;
        }
    };
    for (k, v) in map {
        let tag = match k {
            yaml::Value::String(s) => s.clone(),
            other => crate::content::yaml::to_json(other).to_string(),
        };
        let at = nested_key_position(text, &[&tag]).unwrap_or(top);
        let lang = match Lang::parse(&tag) {
            Ok(l) => l,
            Err(m) => {
                diags.push(err(at, format!("in `languages`: {m}")));
                continue;
            }
        };
        if lang.same_language(own) {
            diags.push(err(
                at,
                format!(
                    "`languages` has `{tag}`, the chronicle's own language: its title, description, intro and author are the top-level `title`, `description`, `intro` and `author`"
                ),
            ));
            continue;
        }
        let fields = match v {
            yaml::Value::Mapping(m) => m,
            _ => {
                diags.push(err(
                    at,
                    format!("`languages.{tag}` must be `key: value` lines: any of `title`, `description`, `intro` and `author`"),
                ));
                continue;
            }
        };
        let mut texts = SiteTexts {
            at,
            ..SiteTexts::default()
        };
        for (fk, fv) in fields {
            let key = fk.as_str().unwrap_or("?").to_string();
            let key_at = nested_key_position(text, &[&tag, &key]).unwrap_or(at);
            let slot = match key.as_str() {
                "title" => &mut texts.title,
                "description" => &mut texts.description,
                "intro" => &mut texts.intro,
                "author" => &mut texts.author,
                _ => {
                    diags.push(err(
                        key_at,
                        crate::diagnostics::with_suggestion(
                            format!(
                                "unknown key `{key}` in `languages.{tag}` (allowed: `title`, `description`, `intro`, `author`)"
                            ),
                            &key,
                            LANGUAGE_KEYS.iter().copied(),
                        ),
                    ));
                    continue;
                }
            };
            match fv {
                yaml::Value::String(s) if !s.trim().is_empty() => {
                    let mut s = s.clone();
                    crate::content::fields::clean_string(&mut s);
                    *slot = Some(s);
                }
                yaml::Value::String(_) => diags.push(err(
                    key_at,
                    format!("`languages.{tag}.{key}` is empty: write the text, or leave the key out to show the chronicle's own"),
                )),
                _ => diags.push(err(
                    key_at,
                    format!("wrong kind of value in `languages.{tag}.{key}`: expected text"),
                )),
            }
            texts.keys_at.push((key, key_at));
        }
        if out.insert(lang.tag().to_string(), texts).is_some() {
            diags.push(err(
                at,
                format!("`languages` names `{}` twice; keep one of them", lang.tag()),
            ));
        }
    }
    out
}

/// Where the key at `path` under the top-level `languages:` is written
/// (`["ur"]`, `["ur", "title"]`), each level indented below the last.
fn nested_key_position(text: &str, path: &[&str]) -> Option<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut at = lines
        .iter()
        .position(|l| l.split(':').next().map(str::trim_end) == Some("languages"))?;
    // The parent's indent: a key below it is indented further, and the
    // first line that is not ends its block.
    let mut indent = 0;
    let mut found = None;
    for key in path {
        let mut hit = None;
        for (i, line) in lines.iter().enumerate().skip(at + 1) {
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let own = line.len() - trimmed.len();
            if own <= indent {
                break;
            }
            let name = trimmed.split(':').next().unwrap_or("").trim().trim_matches(['"', '\'']);
            if name == *key && trimmed.contains(':') {
                hit = Some((i, own));
                break;
            }
        }
        let (i, own) = hit?;
        found = Some((i + 1, own + 1));
        indent = own;
        at = i;
    }
    found
}

/// Checks a language tag (see [`crate::language::check`]) and gives it in
/// canonical form: for the languages of sources.
pub fn check_language(tag: &str) -> Result<String, String> {
    crate::language::check(tag).map(|l| l.tag().to_string())
}

fn url_path(base_url: &str) -> String {
    match base_url.find("://") {
        Some(i) => match base_url[i + 3..].find('/') {
            Some(j) => base_url[i + 3 + j..].to_string(),
            None => "/".into(),
        },
        None => base_url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_path_base_url() {
        let c = Config::parse("title: T\nbase_url: https://example.org/chronicle\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/chronicle/");
        assert_eq!(c.root, "/chronicle/");
        assert_eq!(
            c.permalink("/chronicle/entries/a/"),
            "https://example.org/chronicle/entries/a/"
        );
    }

    #[test]
    fn unknown_setting_suggests() {
        let e = Config::parse("title: T\nbase_ulr: /\n").unwrap_err();
        assert!(e[0].message.contains("did you mean `base_url`"), "{}", e[0].message);
        assert_eq!(e[0].line, 2);
    }

    #[test]
    fn bad_base_url() {
        for bad in [
            "example.org",
            "https:///x",
            "//evil.example/",
            "/\\\\evil.example/",
            "https://user:pw@example.org/",
            "https://example.org/?q",
            "javascript:alert(1)//",
            // Found by fuzzing: the path `//` made every link `//entries/…`.
            "https://https://",
            "https://example.org//x/",
            "/a//b/",
        ] {
            let e = Config::parse(&format!("title: T\nbase_url: \"{bad}\"\n")).unwrap_err();
            assert_eq!(e[0].line, 2, "{bad}: {e:?}");
        }
        let c = Config::parse("title: T\nbase_url: HTTPS://Example.ORG/a b\n").unwrap();
        assert_eq!(c.base_url, "https://example.org/a%20b/");
    }

    #[test]
    fn every_config_error_is_reported() {
        let e = Config::parse("\u{feff}title: T\nlanguage: Urdu\nallow_html: maybe\nbase_ulr: /\n").unwrap_err();
        let lines: Vec<String> = e.iter().map(|d| d.to_string()).collect();
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert!(
            lines[0].starts_with("chronicle.yaml:2:11: error: language `Urdu`")
                && lines[0].contains("did you mean `ur`?"),
            "{}",
            lines[0]
        );
        assert!(lines[1].starts_with("chronicle.yaml:3:13: error: wrong kind of value in `allow_html`"));
        assert!(lines[2].contains("did you mean `base_url`?"), "{}", lines[2]);
    }

    #[test]
    fn a_theme_is_a_folder_name_not_a_path() {
        for bad in ["../../etc", "/etc", "a/b", "..", "x\\\\y"] {
            let e = Config::parse(&format!("title: T\ntheme: \"{bad}\"\n")).unwrap_err();
            assert!(e[0].message.contains("not a path"), "{bad}: {e:?}");
        }
        assert_eq!(Config::parse("title: T\ntheme: my-theme\n").unwrap().theme, "my-theme");
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "ur", "fa-AF", "zh-Hant-TW", "prs"] {
            assert!(check_language(ok).is_ok(), "{ok}");
        }
        assert!(check_language("ur_PK").unwrap_err().contains("did you mean `ur-PK`?"));
        assert!(check_language("").is_err());
        let c = Config::parse("title: T\nlanguage: ur-pk\n").unwrap();
        assert_eq!((c.language.tag(), c.language.is_rtl()), ("ur-PK", true));
        // An empty value is an error at its key, with advice.
        let e = Config::parse("title: T\nlanguage: \"\"\n").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (2, 1), "{e:?}");
        assert!(e[0].message.contains("leave the key out"), "{}", e[0].message);
    }
}
