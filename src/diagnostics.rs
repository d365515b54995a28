//! Diagnostics: every problem found in the user's input, with where it is.
//!
//! A build does not stop at the first content error. Each stage pushes what it
//! finds into a [`Diagnostics`] collector and carries on, so one run reports
//! every error; the pipeline only gives up between stages, when errors exist.

use std::fmt;

use serde::Serialize;

/// How bad a diagnostic is. Errors fail the build; warnings are printed only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem, located in a file of the chronicle (content, template or config).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, as a path relative to the chronicle's root where possible.
    pub path: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
    pub severity: Severity,
    /// A plain-English sentence, without a trailing full stop.
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            column,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    pub fn warning(path: impl Into<String>, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, column, message)
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (&str, usize, usize, Severity, &str) {
        (&self.path, self.line, self.column, self.severity, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:column: error: message`, the form editors and CI logs link.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path,
            self.line.max(1),
            self.column.max(1),
            kind,
            self.message
        )
    }
}

/// A collector of diagnostics, kept sorted on demand for deterministic output.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// All diagnostics, sorted by file, line and column, duplicates removed.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self.items
    }
}

/// The closest of `candidates` to `wanted`, when one is close enough to be a
/// likely typo. Used for "did you mean" hints on slugs, keys and templates.
pub fn suggest<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted_lc = wanted.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&wanted_lc, &c.to_lowercase());
        if score >= 0.82 && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Appends "; did you mean `x`?" to a message when a suggestion exists.
pub fn with_suggestion<'a, I>(message: String, wanted: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    match suggest(wanted, candidates) {
        Some(s) => format!("{message}; did you mean `{s}`?"),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_path_line_column() {
        let d = Diagnostic::error("content/entries/a.md", 3, 9, "unknown actor `pakistn`");
        assert_eq!(
            d.to_string(),
            "content/entries/a.md:3:9: error: unknown actor `pakistn`"
        );
    }

    #[test]
    fn suggests_close_names_only() {
        let c = ["pakistan", "afghanistan", "china"];
        assert_eq!(suggest("pakistn", c), Some("pakistan"));
        assert_eq!(suggest("zzz", c), None);
    }

    #[test]
    fn sorted_and_deduplicated() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("b.md", 1, 1, "x"));
        ds.push(Diagnostic::error("a.md", 2, 1, "y"));
        ds.push(Diagnostic::error("a.md", 2, 1, "y"));
        let v = ds.into_sorted();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].path, "a.md");
    }
}
