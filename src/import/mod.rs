//! `chronicle import`: a spreadsheet or a TimelineJS timeline made into a
//! chronicle's Markdown files.
//!
//! Reading and writing are apart. A reader ([`csv`], [`timelinejs`]) turns
//! its format into [`Row`]s in chronicle's terms (a title, a partial date,
//! actor and topic names, sources, a Markdown body), each value remembering
//! where in the input it was, and reports every broken row with its line
//! and column. [`plan`] then decides the files: actors and topics by name,
//! slugs that never collide, duplicates, and a check of every file it would
//! write, linked with what the chronicle already has, so that what it
//! writes passes `chronicle check`. Nothing that exists is ever replaced.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::content::date::PartialDate;
use crate::content::parse::{Source, Status};
use crate::diagnostics::Diagnostic;

mod csv;
mod markup;

pub use csv::{unguard, EXPORT_COLUMNS, SOURCES_COLUMNS};
mod plan;
mod table;
mod timelinejs;

/// The kind of file to import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A spreadsheet saved as CSV with a header row, or chronicle's own
    /// `entries.csv` export.
    Csv,
    /// A TimelineJS timeline: its JSON, or its Google Sheets template saved
    /// as CSV (told apart by the content).
    TimelineJs,
}

/// What a TimelineJS `Group` becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupAs {
    #[default]
    Actor,
    Topic,
}

/// Column names given on the command line, each replacing the names a
/// column is looked for by (matched without regard to case).
#[derive(Debug, Clone, Default)]
pub struct Columns {
    pub title: Option<String>,
    pub date: Option<String>,
    pub end: Option<String>,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub status: Option<String>,
    pub location: Option<String>,
    pub url: Option<String>,
    pub source_title: Option<String>,
    pub publisher: Option<String>,
    pub actors: Option<String>,
    pub topics: Option<String>,
}

/// What to import, and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    /// The file to read.
    pub file: PathBuf,
    /// The chronicle to write into (its root; made when missing).
    pub into: PathBuf,
    pub columns: Columns,
    pub group_as: GroupAs,
    /// The actor (slug or name) of rows that name none.
    pub default_actor: Option<String>,
    /// Leave out a row with the date and title of an earlier one, rather
    /// than write it under a slug of its own.
    pub skip_duplicates: bool,
    /// Write nothing when any row has an error.
    pub strict: bool,
    /// chronicle's `sources.csv`, when not beside the file.
    pub sources: Option<PathBuf>,
}

impl Options {
    pub fn new(format: Format, file: impl Into<PathBuf>, into: impl Into<PathBuf>) -> Options {
        Options {
            format,
            file: file.into(),
            into: into.into(),
            columns: Columns::default(),
            group_as: GroupAs::Actor,
            default_actor: None,
            skip_duplicates: false,
            strict: false,
            sources: None,
        }
    }
}

/// Why an import wrote nothing at all.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The input as a whole cannot be read (not UTF-8, no header, a column
    /// asked for that it does not have), or the chronicle written into has
    /// a broken `chronicle.yaml`: every problem, located.
    #[error("{} problem(s) found", .0.len())]
    Located(Vec<Diagnostic>),
    #[error("cannot write {}", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Something of the input that was not written, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    /// Where it is: `events.csv:14`.
    pub at: String,
    /// What it is: `row 14`, `event 3`.
    pub what: String,
    pub reason: String,
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: skipped {}: {}", self.at, self.what, self.reason)
    }
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The files written, relative to the chronicle's root, in order.
    pub written: Vec<String>,
    pub entries: usize,
    pub actors: usize,
    pub topics: usize,
    /// Whether a `chronicle.yaml` was written.
    pub config: bool,
    /// Rows (or events) read from the input, the title slide and eras included.
    pub rows: usize,
    pub skipped: Vec<Skip>,
    /// Errors (rows not imported) and warnings (something left out or
    /// changed), located in the input, in order.
    pub diagnostics: Vec<Diagnostic>,
    /// True when `--strict` kept the import from writing anything.
    pub held_back: bool,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// The closing line: what was written and what was not.
    pub fn line(&self, into: &Path) -> String {
        let n = |count: usize, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
        let mut line = if self.held_back {
            format!(
                "nothing was written to {} (--strict): {} with errors",
                into.display(),
                n(self.errors(), "error", "errors")
            )
        } else {
            format!(
                "imported into {}: {}, {}, {} written{}",
                into.display(),
                n(self.entries, "entry", "entries"),
                n(self.actors, "actor", "actors"),
                n(self.topics, "topic", "topics"),
                if self.config { " and chronicle.yaml" } else { "" },
            )
        };
        line.push_str(&format!(
            "; {} read, {} skipped, {}, {}",
            n(self.rows, "row", "rows"),
            self.skipped.len(),
            n(self.errors(), "error", "errors"),
            n(self.warnings(), "warning", "warnings"),
        ));
        line
    }
}

/// Where a value of the input is, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub line: usize,
    pub column: usize,
    /// How a person finds it: `row 14, column C (Date)`, `event 3, start_date`.
    pub what: String,
}

impl Place {
    pub fn error(&self, file: &str, message: impl fmt::Display) -> Diagnostic {
        Diagnostic::error(file, self.line, self.column, format!("{}: {message}", self.what))
    }

    pub fn warning(&self, file: &str, message: impl fmt::Display) -> Diagnostic {
        Diagnostic::warning(file, self.line, self.column, format!("{}: {message}", self.what))
    }
}

/// An actor or topic as a row gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ref {
    /// A name (or a slug, or an alias) as a person typed it.
    Name(String),
    /// A slug, from chronicle's own export.
    Slug(String),
}

/// One entry to write, read from a row or an event.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// The row itself: `row 14` at its first line.
    pub at: Place,
    pub title: String,
    pub date: PartialDate,
    pub end: Option<PartialDate>,
    pub status: Option<Status>,
    pub locations: Vec<String>,
    pub summary: Option<String>,
    /// Markdown.
    pub body: String,
    pub actors: Vec<Ref>,
    pub topics: Vec<Ref>,
    /// The slug to write it under, when the input gives one.
    pub slug: Option<String>,
    pub related: Vec<String>,
    /// The tone of the chronicle's focus pair.
    pub tone: Option<i8>,
    /// Tones of pairs of actor slugs.
    pub relations: Vec<([String; 2], i8)>,
    pub sources: Vec<Source>,
    /// Where each value came from, by front-matter key (`title`, `date`,
    /// `actors`, `body`, …); a key not here is the row's.
    pub places: Vec<(&'static str, Place)>,
}

impl Row {
    /// A row with its title and date and nothing else yet.
    pub fn new(at: Place, title: String, date: PartialDate) -> Row {
        Row {
            at,
            title,
            date,
            end: None,
            status: None,
            locations: Vec::new(),
            summary: None,
            body: String::new(),
            actors: Vec::new(),
            topics: Vec::new(),
            slug: None,
            related: Vec::new(),
            tone: None,
            relations: Vec::new(),
            sources: Vec::new(),
            places: Vec::new(),
        }
    }

    /// Where the value under front-matter `key` came from.
    pub fn place(&self, key: &str) -> &Place {
        self.places.iter().find(|(k, _)| *k == key).map_or(&self.at, |(_, p)| p)
    }
}

/// What a reader made of its input.
#[derive(Debug, Default)]
pub(crate) struct Input {
    /// The file as messages name it.
    pub file: String,
    pub rows: Vec<Row>,
    /// Rows, title slide and eras included, read from the input.
    pub read: usize,
    pub diags: Vec<Diagnostic>,
    pub skipped: Vec<Skip>,
    /// A TimelineJS title slide: the chronicle's title and introduction
    /// (Markdown), used when a new `chronicle.yaml` is written, and where
    /// it is.
    pub title: Option<(String, String, Place)>,
}

/// Imports `opts.file` into the chronicle at `opts.into`. Rows with errors
/// are reported and left out, the rest is written (with `strict`, nothing
/// is written when any row has an error); an existing file is never
/// replaced. `Err` only when nothing could be read or written at all.
pub fn run(opts: &Options) -> Result<Report, Error> {
    let bytes = std::fs::read(&opts.file).map_err(|source| Error::Read {
        path: opts.file.clone(),
        source,
    })?;
    let name = opts.file.display().to_string();
    let text = utf8(&name, bytes)?;
    let input = match opts.format {
        Format::Csv => csv::read(&name, &text, opts)?,
        Format::TimelineJs => timelinejs::read(&name, &text, opts)?,
    };
    plan::import(input, opts)
}

/// The input as text: UTF-8, its byte order mark dropped.
pub(crate) fn utf8(name: &str, bytes: Vec<u8>) -> Result<String, Error> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = upto
                .rsplit(|&b| b == b'\n')
                .next()
                .map_or(0, |l| String::from_utf8_lossy(l).chars().count())
                + 1;
            Err(Error::Located(vec![Diagnostic::error(
                name,
                line,
                column,
                "the file is not UTF-8 text; save it again as \"CSV UTF-8\" (or JSON in UTF-8) and import that",
            )]))
        }
    }
}

/// Splits a list cell on `;`, `,` or `|`, trimmed, empty items dropped.
pub(crate) fn split_names(cell: &str) -> Vec<String> {
    cell.split([';', ',', '|'])
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect()
}

/// Text for a one-line field: whitespace runs made one space, control
/// characters dropped.
pub(crate) fn one_line(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !crate::content::fields::is_forbidden_char(*c))
        .collect()
}

/// Reads a date of a spreadsheet: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with
/// unpadded months and days (`2025-5-1`) and a time after the day
/// (`2025-05-21T10:00`, `2025-05-21 10:00`) accepted.
pub(crate) fn parse_date(cell: &str) -> Result<PartialDate, String> {
    let s = cell.trim();
    let date = s.split(['T', ' ']).next().unwrap_or(s);
    let time_ok = date.len() == s.len() || date.len() == 10;
    let parts: Vec<&str> = date.split('-').collect();
    let padded = if time_ok
        && (1..=3).contains(&parts.len())
        && parts[0].len() == 4
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[1..].iter().all(|p| p.len() <= 2)
    {
        let mut out = parts[0].to_string();
        for p in &parts[1..] {
            out.push_str(&format!("-{:0>2}", p));
        }
        out
    } else {
        s.to_string()
    };
    PartialDate::parse(&padded).map_err(|m| {
        if s.contains('/') || s.contains('.') {
            format!("{m}; a spreadsheet's own date format is ambiguous (is 03/04 March or April?), so format the column as text in that form")
        } else {
            m
        }
    })
}

/// A spreadsheet column's letter: 0 → `A`, 26 → `AA`.
pub(crate) fn column_letter(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision() {
        assert_eq!(parse_date("2025").unwrap().iso(), "2025");
        assert_eq!(parse_date(" 2025-05 ").unwrap().iso(), "2025-05");
        assert_eq!(parse_date("2025-5-1").unwrap().iso(), "2025-05-01");
        assert_eq!(parse_date("2025-05-21T10:00:00Z").unwrap().iso(), "2025-05-21");
        assert_eq!(parse_date("2025-05-21 10:00").unwrap().iso(), "2025-05-21");
        assert!(parse_date("2025-13").unwrap_err().contains("month 13"));
        assert!(parse_date("21/05/2025").unwrap_err().contains("ambiguous"));
        assert!(parse_date("").is_err());
        assert!(parse_date("2025-05 10:00").is_err());
        assert!(parse_date("May 2025").is_err());
    }

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(2), "C");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    #[test]
    fn names_split_on_any_list_mark() {
        assert_eq!(
            split_names(" Pakistan; Afghanistan ,China| |"),
            ["Pakistan", "Afghanistan", "China"]
        );
        assert!(split_names(" ; ").is_empty());
    }
}
