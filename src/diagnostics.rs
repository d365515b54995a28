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

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    /// The diagnostics in the order they were found.
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
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

/// The slug of the closest of `candidates` to `wanted`, when one is close
/// enough to be what was meant. Each candidate is a slug with the names it
/// also goes by (an actor's name and aliases, a topic's name), so a slug
/// mistyped, a name written where the slug belongs (`Ishaq Dar`) and a
/// name misspelt in any script (`اسحاق دار` for `اسحاق ڈار`) all find it.
/// Names are compared once folded as search folds words (case, marks,
/// Arabic and Urdu letter forms, digits), and a name in another script is
/// also compared, transliterated, with the slugs (`پاکستان` with
/// `pakistan`). Returns the slug, with the name that matched when a name
/// was closer than the slug.
pub fn suggest_slug<'a, I>(wanted: &str, candidates: I) -> Option<(&'a str, Option<&'a str>)>
where
    I: IntoIterator<Item = (&'a str, &'a [String])>,
{
    let fold = crate::render::search::fold;
    let folded = fold(wanted.trim());
    let latin = (!wanted.is_ascii()).then(|| crate::content::load::latin_slug(wanted));
    let mut best: Option<(f64, &'a str, Option<&'a str>)> = None;
    for (slug, names) in candidates {
        let mut score = strsim::jaro_winkler(&folded, &fold(slug));
        if let Some(l) = latin.as_deref().filter(|l| !l.is_empty()) {
            score = score.max(strsim::jaro_winkler(l, slug));
        }
        let mut by_name = None;
        for name in names {
            let s = strsim::jaro_winkler(&folded, &fold(name));
            if s > score {
                (score, by_name) = (s, Some(name.as_str()));
            }
        }
        let better = best.is_none_or(|(s, b, _)| score > s || (score == s && slug < b));
        if score >= 0.82 && better {
            best = Some((score, slug, by_name));
        }
    }
    best.map(|(_, slug, name)| (slug, name))
}

/// "; did you mean `slug`?", or "; did you mean `slug` (Name)?" when it
/// was a name that matched.
pub fn did_you_mean(slug: &str, by_name: Option<&str>) -> String {
    match by_name {
        Some(name) if name != slug => format!("; did you mean `{slug}` ({name})?"),
        _ => format!("; did you mean `{slug}`?"),
    }
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
    fn slugs_are_suggested_from_names_and_aliases_in_any_script() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<String>>();
        // اسحاق ڈار, پاکستان, افغانستان with the alias امارت اسلامی
        let dar = names(&[
            "\u{0627}\u{0633}\u{062D}\u{0627}\u{0642} \u{0688}\u{0627}\u{0631}",
            "Ishaq Dar",
        ]);
        let pakistan = names(&["\u{067E}\u{0627}\u{06A9}\u{0633}\u{062A}\u{0627}\u{0646}"]);
        let afghanistan = names(&[
            "\u{0627}\u{0641}\u{063A}\u{0627}\u{0646}\u{0633}\u{062A}\u{0627}\u{0646}",
            "\u{0627}\u{0645}\u{0627}\u{0631}\u{062A} \u{0627}\u{0633}\u{0644}\u{0627}\u{0645}\u{06CC}",
        ]);
        let all = [
            ("ishaq-dar", dar.as_slice()),
            ("pakistan", pakistan.as_slice()),
            ("afghanistan", afghanistan.as_slice()),
        ];
        let s = |wanted: &str| suggest_slug(wanted, all.iter().map(|(s, n)| (*s, *n)));
        // A slug mistyped: the slug, no name.
        assert_eq!(s("pakistn"), Some(("pakistan", None)));
        // A Latin name misspelt; the Urdu name with د for ڈ; with Arabic yeh.
        assert_eq!(s("Ishaq Daar"), Some(("ishaq-dar", Some("Ishaq Dar"))));
        assert_eq!(
            s("\u{0627}\u{0633}\u{062D}\u{0627}\u{0642} \u{062F}\u{0627}\u{0631}"),
            Some(("ishaq-dar", Some(dar[0].as_str())))
        );
        // امارت اسلامي, with an Arabic yeh: the alias, exactly once folded.
        assert_eq!(
            s("\u{0627}\u{0645}\u{0627}\u{0631}\u{062A} \u{0627}\u{0633}\u{0644}\u{0627}\u{0645}\u{064A}"),
            Some(("afghanistan", Some(afghanistan[1].as_str())))
        );
        // A name in Urdu that no actor has, but that spells like a slug.
        assert_eq!(
            s("\u{067E}\u{0627}\u{06A9}\u{0633}\u{062A}\u{0627}\u{0646}\u{06CC}"),
            Some(("pakistan", Some(pakistan[0].as_str())))
        );
        assert_eq!(s("\u{0686}\u{06CC}\u{0646}"), None);
        assert_eq!(s("zzz"), None);
        assert_eq!(
            did_you_mean("ishaq-dar", Some("Ishaq Dar")),
            "; did you mean `ishaq-dar` (Ishaq Dar)?"
        );
        assert_eq!(did_you_mean("pakistan", None), "; did you mean `pakistan`?");
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
