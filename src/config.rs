//! Site configuration: `chronicle.yaml` at the chronicle's root.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{with_suggestion, Diagnostic};
use crate::yaml;

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
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    base_url: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    intro: Option<String>,
    #[serde(default)]
    author: Option<String>,
    #[serde(default)]
    allow_html: bool,
    #[serde(default)]
    extra: Option<yaml::Value>,
}

/// The validated configuration of one chronicle.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    pub title: String,
    /// Absolute base URL with a trailing slash, e.g. `https://example.org/chronicle/`,
    /// or just a path such as `/` when the site's host is not known.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending with `/`:
    /// every internal link starts with it, so sub-path hosting works.
    pub root: String,
    pub description: String,
    pub language: String,
    pub theme: String,
    /// Markdown shown at the top of the home page.
    pub intro: String,
    pub author: String,
    /// Pass raw HTML in Markdown through; off by default, when it is escaped.
    pub allow_html: bool,
    /// Free-form settings handed to templates as `site.extra`.
    pub extra: serde_json::Value,
}

impl Config {
    /// Reads and validates `chronicle.yaml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
        let path = root.join(CONFIG_FILE);
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

    /// Parses configuration text; errors are located in `chronicle.yaml`.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        let raw: RawConfig = yaml::from_str(text).map_err(|e| {
            let mut message = e.message.clone();
            if let Some(key) = unknown_field(&e.message) {
                message = with_suggestion(format!("unknown setting `{key}`"), key, KEYS.iter().copied());
            }
            vec![Diagnostic::error(CONFIG_FILE, e.line, e.column, message)]
        })?;
        let base_url = normalize_base_url(raw.base_url.as_deref().unwrap_or("/"))
            .map_err(|m| vec![Diagnostic::error(CONFIG_FILE, 1, 1, m)])?;
        Ok(Config {
            root: url_path(&base_url),
            base_url,
            title: raw.title,
            description: raw.description.unwrap_or_default(),
            language: raw.language.unwrap_or_else(|| "en".into()),
            theme: raw.theme.unwrap_or_else(|| "default".into()),
            intro: raw.intro.unwrap_or_default(),
            author: raw.author.unwrap_or_default(),
            allow_html: raw.allow_html,
            extra: raw.extra.as_ref().map(yaml::to_json).unwrap_or(serde_json::Value::Null),
        })
    }

    /// Replaces the base URL (the `--base-url` flag).
    pub fn set_base_url(&mut self, url: &str) -> Result<(), String> {
        self.base_url = normalize_base_url(url)?;
        self.root = url_path(&self.base_url);
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

/// Pulls the key out of serde's "unknown field `x`, expected ..." message.
pub(crate) fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let ok_scheme = url.starts_with("https://") || url.starts_with("http://");
    if !(ok_scheme || url.starts_with('/')) {
        return Err(format!(
            "base_url `{url}` must be an absolute URL such as `https://example.org/chronicle/`, or a path starting with `/`"
        ));
    }
    if url.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(format!(
            "base_url `{url}` must not contain a query, fragment, space or quote"
        ));
    }
    if ok_scheme
        && url
            .split("://")
            .nth(1)
            .is_none_or(|h| h.is_empty() || h.starts_with('/'))
    {
        return Err(format!("base_url `{url}` has no host"));
    }
    let mut u = url.to_string();
    if !u.ends_with('/') {
        u.push('/');
    }
    Ok(u)
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
        assert!(Config::parse("title: T\nbase_url: example.org\n").is_err());
        assert!(Config::parse("title: T\nbase_url: https:///x\n").is_err());
    }
}
