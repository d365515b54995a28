//! Reading YAML settings key by key, so one bad value never hides another.
//!
//! A strict serde struct stops at the first wrong value of a file: a bad
//! `status` hid that file's bad date, tone and URL, and a writer needed
//! several rounds to see them all. Front matter and `chronicle.yaml` are
//! instead parsed into a YAML value once, then each key is taken and
//! checked on its own, with its error located at the key's line, and keys
//! left over at the end are reported as unknown, each with a suggestion.
//!
//! Strings are also cleaned here: control characters written as YAML
//! escapes (`"\e"`, `"\0"`) are removed with a warning, since no page,
//! feed or JSON file may carry them.

use serde::de::DeserializeOwned;

use crate::content::frontmatter::{self, Split};
use crate::content::yaml::{self, Value};
use crate::diagnostics::{with_suggestion, Diagnostic};

/// Where a mapping sits in its file: at the top, or as one item of the list
/// under a top-level key (`sources:`).
#[derive(Debug, Clone, Copy)]
enum Scope {
    Top,
    Item { parent: &'static str, index: usize },
}

/// The keys of one YAML mapping, taken one at a time.
pub struct Fields<'a> {
    rel: &'a str,
    split: Split<'a>,
    scope: Scope,
    /// What a key is called in messages: "front-matter key", "source key".
    what: &'static str,
    allowed: &'static [&'static str],
    items: Vec<(String, Value)>,
}

/// The bare serde message, in plain words: serde names Rust types
/// (`expected i64`, `expected struct RawEntry`), which say nothing to a writer.
fn found_words(message: &str) -> String {
    let found = message
        .strip_prefix("invalid type: ")
        .map(|r| r.split(", expected").next().unwrap_or(r))
        .unwrap_or(message);
    if let Some(s) = found.strip_prefix("string ") {
        let s: String = s.trim_matches('"').chars().take(60).collect();
        return format!("the text `{}`", s.replace('`', "'"));
    }
    for (serde, plain) in [
        ("integer ", "the number "),
        ("floating point ", "the number "),
        ("boolean ", ""),
    ] {
        if let Some(v) = found.strip_prefix(serde) {
            return format!("{plain}{}", v.trim_matches('`'));
        }
    }
    match found {
        "sequence" => "a list".into(),
        "map" => "a group of `key: value` lines".into(),
        "unit value" => "nothing".into(),
        other => other.to_string(),
    }
}

impl<'a> Fields<'a> {
    /// The top-level mapping of `split`'s YAML. Syntax errors, duplicate
    /// keys and a header that is not a mapping are pushed to `diags`, and
    /// give `None`.
    pub fn parse(
        rel: &'a str,
        split: Split<'a>,
        what: &'static str,
        allowed: &'static [&'static str],
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Fields<'a>> {
        // A key given twice: report each repeat where it is, then read the
        // file as if the repeats were not there, so the rest is checked too.
        let dups = frontmatter::duplicate_keys(&split);
        let owned;
        let text = if dups.is_empty() {
            split.yaml
        } else {
            for d in &dups {
                diags.push(Diagnostic::error(
                    rel,
                    split.yaml_line + d.line,
                    1,
                    format!(
                        "`{}` is set twice (first on line {}); keep one of them",
                        d.key,
                        split.yaml_line + d.first_line
                    ),
                ));
            }
            owned = frontmatter::blank_lines(split.yaml, dups.iter().flat_map(|d| d.line..d.end));
            owned.as_str()
        };
        let text = if text.trim().is_empty() { "{}" } else { text };
        let value = match yaml::parse_value(text) {
            Ok(v) => v,
            Err(e) => {
                diags.push(Diagnostic::error(
                    rel,
                    split.yaml_line + e.line - 1,
                    e.column,
                    e.message,
                ));
                return None;
            }
        };
        let fields = Fields {
            rel,
            split,
            scope: Scope::Top,
            what,
            allowed,
            items: Vec::new(),
        };
        fields.with_value(value, diags)
    }

    /// The mapping `value` as the `index`-th item of the list under `parent`.
    pub fn item(
        &self,
        parent: &'static str,
        index: usize,
        value: Value,
        what: &'static str,
        allowed: &'static [&'static str],
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Fields<'a>> {
        let fields = Fields {
            rel: self.rel,
            split: self.split,
            scope: Scope::Item { parent, index },
            what,
            allowed,
            items: Vec::new(),
        };
        fields.with_value(value, diags)
    }

    fn with_value(mut self, value: Value, diags: &mut Vec<Diagnostic>) -> Option<Fields<'a>> {
        let map = match value {
            Value::Mapping(m) => m,
            Value::Null => Default::default(),
            other => {
                let (line, column) = self.here();
                let found = match other {
                    Value::Sequence(_) => "a list".to_string(),
                    Value::String(s) => format!("the text `{}`", s.chars().take(40).collect::<String>()),
                    _ => "a single value".to_string(),
                };
                let message = match self.scope {
                    Scope::Top => {
                        format!("the settings must be `key: value` lines (such as `title: \"…\"`), not {found}")
                    }
                    Scope::Item { parent, .. } => {
                        format!("each item of `{parent}` must be a group of `key: value` lines, not {found}")
                    }
                };
                diags.push(Diagnostic::error(self.rel, line, column, message));
                return None;
            }
        };
        for (k, v) in map {
            let key = match k {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => "?".to_string(),
            };
            self.items.push((key, v));
        }
        Some(self)
    }

    /// Where the mapping itself starts.
    fn here(&self) -> (usize, usize) {
        match self.scope {
            Scope::Top => (self.split.yaml_line, 1),
            Scope::Item { parent, index } => frontmatter::item_position(&self.split, parent, index)
                .or_else(|| frontmatter::key_position(&self.split, parent))
                .unwrap_or((self.split.yaml_line, 1)),
        }
    }

    /// Where `key` is written, or the mapping's start.
    pub fn key_position(&self, key: &str) -> (usize, usize) {
        let found = match self.scope {
            Scope::Top => frontmatter::key_position(&self.split, key),
            Scope::Item { parent, index } => frontmatter::item_key_position(&self.split, parent, index, key),
        };
        found.unwrap_or_else(|| self.here())
    }

    /// Where `value` is written under `key`, or the key.
    pub fn value_position(&self, key: &str, value: &str) -> (usize, usize) {
        let found = match self.scope {
            Scope::Top => frontmatter::value_position(&self.split, key, value),
            Scope::Item { parent, index } => frontmatter::item_value_position(&self.split, parent, index, key, value),
        };
        found.unwrap_or_else(|| self.key_position(key))
    }

    /// An error at `key`.
    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.key_position(key);
        Diagnostic::error(self.rel, line, column, message)
    }

    /// A warning at `key`.
    pub fn warning_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.key_position(key);
        Diagnostic::warning(self.rel, line, column, message)
    }

    /// A warning at `value` under `key`.
    pub fn warning_at(&self, key: &str, value: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.value_position(key, value);
        Diagnostic::warning(self.rel, line, column, message)
    }

    /// An error at `value` under `key`.
    pub fn error_at(&self, key: &str, value: &str, message: impl Into<String>) -> Diagnostic {
        let (line, column) = self.value_position(key, value);
        Diagnostic::error(self.rel, line, column, message)
    }

    /// Whether `key` is present.
    pub fn has(&self, key: &str) -> bool {
        self.items.iter().any(|(k, _)| k == key)
    }

    /// Removes `key` and returns its value, cleaned of control characters.
    pub fn take_value(&mut self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Value> {
        let i = self.items.iter().position(|(k, _)| k == key)?;
        let (_, mut value) = self.items.remove(i);
        if let Some(c) = clean_value(&mut value) {
            let (line, column) = self.key_position(key);
            diags.push(Diagnostic::warning(
                self.rel,
                line,
                column,
                format!(
                    "`{key}` contains the control character U+{:04X}, written as an escape; it was removed",
                    c as u32
                ),
            ));
        }
        Some(value)
    }

    /// Takes `key` as a `T`; a value of the wrong kind is an error that says
    /// what was `expected` (in words) and what was found. Absent: `None`.
    pub fn take<T: DeserializeOwned>(&mut self, key: &str, expected: &str, diags: &mut Vec<Diagnostic>) -> Option<T> {
        let value = self.take_value(key, diags)?;
        let shown = scalar_text(&value);
        match yaml::from_value::<T>(value) {
            Ok(v) => Some(v),
            Err(message) => {
                let text = if let Some(rest) = message.strip_prefix("unknown variant `") {
                    let value = rest.split('`').next().unwrap_or(rest);
                    let allowed = rest.split("expected ").nth(1).unwrap_or("");
                    format!("`{value}` is not allowed in `{key}`; expected {allowed}")
                } else if message.starts_with("invalid type: ") {
                    format!(
                        "wrong kind of value in `{key}`: expected {expected}, found {}",
                        found_words(&message)
                    )
                } else {
                    format!("{message} in `{key}`")
                };
                diags.push(self.error_at(key, &shown, text));
                None
            }
        }
    }

    /// Like [`Fields::take`], but the key must be there.
    pub fn require<T: DeserializeOwned>(
        &mut self,
        key: &str,
        expected: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        if !self.has(key) {
            let (line, column) = self.here();
            let within = match self.scope {
                Scope::Top => String::new(),
                Scope::Item { parent, index } => format!(" in item {} of `{parent}`", index + 1),
            };
            diags.push(Diagnostic::error(
                self.rel,
                line,
                column,
                format!("the required key `{key}` is missing{within}"),
            ));
            return None;
        }
        self.take(key, expected, diags)
    }

    /// Reports every key not taken as unknown, with the allowed keys and a
    /// suggestion when one is close.
    pub fn finish(self, diags: &mut Vec<Diagnostic>) {
        for (key, _) in &self.items {
            let known = self
                .allowed
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let message = with_suggestion(
                format!("unknown {} `{key}` (allowed: {known})", self.what),
                key,
                self.allowed.iter().copied(),
            );
            diags.push(self.error_at_key(key, message));
        }
    }
}

/// The text of a scalar value, to find it in the file.
fn scalar_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// True for characters no page, feed or JSON file of the site may carry:
/// C0 controls but tab, newline and carriage return; DEL; C1 controls; and
/// Unicode noncharacters. XML 1.0 forbids most of them outright, and the
/// HTML checker reports every one.
pub fn is_forbidden_char(c: char) -> bool {
    let n = c as u32;
    (n < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || (0x7f..=0x9f).contains(&n)
        || (0xfdd0..=0xfdef).contains(&n)
        || (n & 0xfffe) == 0xfffe
}

/// Removes forbidden characters from `s`; returns the first one removed.
pub fn clean_string(s: &mut String) -> Option<char> {
    let first = s.chars().find(|&c| is_forbidden_char(c))?;
    s.retain(|c| !is_forbidden_char(c));
    Some(first)
}

/// Removes forbidden characters from every string in `v`.
fn clean_value(v: &mut Value) -> Option<char> {
    match v {
        Value::String(s) => clean_string(s),
        Value::Sequence(items) => items.iter_mut().fold(None, |first, i| first.or(clean_value(i))),
        Value::Mapping(map) => {
            let mut first = None;
            for (_, item) in map.iter_mut() {
                first = first.or(clean_value(item));
            }
            first
        }
        Value::Tagged(t) => clean_value(&mut t.value),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(yaml: &str) -> Split<'_> {
        Split {
            yaml,
            yaml_line: 2,
            body: "",
            body_line: 0,
        }
    }

    #[test]
    fn every_bad_key_is_reported() {
        let mut diags = Vec::new();
        let s = split("title: 5\ntone: high\nbogus: 1\n");
        let mut f = Fields::parse("x.md", s, "front-matter key", &["title", "tone"], &mut diags).unwrap();
        assert_eq!(f.take::<String>("title", "text", &mut diags), None);
        assert_eq!(f.take::<i64>("tone", "a whole number", &mut diags), None);
        f.finish(&mut diags);
        let lines: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            lines,
            [
                "x.md:2:8: error: wrong kind of value in `title`: expected text, found the number 5",
                "x.md:3:7: error: wrong kind of value in `tone`: expected a whole number, found the text `high`",
                "x.md:4:1: error: unknown front-matter key `bogus` (allowed: `title`, `tone`)",
            ]
        );
    }

    #[test]
    fn duplicate_keys_are_located_and_the_rest_still_read() {
        let mut diags = Vec::new();
        let s = split("title: a\ntone: 1\ntitle: b\n");
        let mut f = Fields::parse("x.md", s, "key", &["title", "tone"], &mut diags).unwrap();
        assert_eq!(f.take::<String>("title", "text", &mut diags).as_deref(), Some("a"));
        assert_eq!(f.take::<i64>("tone", "a number", &mut diags), Some(1));
        assert_eq!(diags.len(), 1);
        assert_eq!(
            diags[0].to_string(),
            "x.md:4:1: error: `title` is set twice (first on line 2); keep one of them"
        );
    }

    #[test]
    fn escaped_control_characters_are_removed_with_a_warning() {
        let mut diags = Vec::new();
        let s = split("title: \"a\\eb\\0c\"\n");
        let mut f = Fields::parse("x.md", s, "key", &["title"], &mut diags).unwrap();
        assert_eq!(f.take::<String>("title", "text", &mut diags).as_deref(), Some("abc"));
        assert!(diags[0].message.contains("U+001B"), "{diags:?}");
        assert!(!diags[0].is_error());
    }

    #[test]
    fn a_list_is_not_a_mapping() {
        let mut diags = Vec::new();
        assert!(Fields::parse("x.md", split("- a\n- b\n"), "key", &[], &mut diags).is_none());
        assert!(diags[0].message.contains("must be `key: value` lines"), "{diags:?}");
    }

    #[test]
    fn forbidden_characters() {
        for c in ['\0', '\u{1b}', '\u{c}', '\u{7f}', '\u{85}', '\u{fffe}', '\u{1ffff}'] {
            assert!(is_forbidden_char(c), "{c:?}");
        }
        for c in ['\t', '\n', '\r', ' ', 'é', 'ی', '\u{200f}', '\u{fffd}'] {
            assert!(!is_forbidden_char(c), "{c:?}");
        }
    }
}
