//! The chronicle as spreadsheets: `/data/entries.csv` (one row per entry)
//! and `/data/sources.csv` (one row per source an entry cites).
//!
//! Both are RFC 4180 (CRLF line ends, quotes doubled), UTF-8, with a header
//! row, written by the `csv` crate. Lists are joined with `; `. A cell a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) gets a leading `'`, the usual guard against
//! formula injection, unless it is a plain number such as a tone of `-1`;
//! `chronicle import` removes that `'` again (a cell that itself starts with
//! `'` and one of those gets a second `'`, so removing one is always right). `docs/data.md` documents
//! every column.

use rayon::prelude::*;

use crate::model::Chronicle;
use crate::paths::Place;

/// The columns of `/data/entries.csv`, in order.
pub const ENTRY_COLUMNS: [&str; 15] = [
    "slug",
    "date",
    "end",
    "title",
    "summary",
    "status",
    "location",
    "actors",
    "topics",
    "tone",
    "relations",
    "related",
    "sources",
    "body",
    "url",
];

/// The columns of `/data/sources.csv`, in order.
pub const SOURCE_COLUMNS: [&str; 11] = [
    "entry",
    "n",
    "title",
    "publisher",
    "author",
    "date",
    "url",
    "archive_url",
    "accessed",
    "language",
    "quote",
];

/// `cell` made safe for a spreadsheet: what it would take for a formula
/// gets a leading `'`. A number (`-1`, `+2`, `-0.5`) is left alone: it
/// cannot be a formula.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    const STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];
    let number = |rest: &str| {
        !rest.is_empty()
            && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && rest.bytes().any(|b| b.is_ascii_digit())
    };
    let risky = match cell.chars().next() {
        Some(c @ ('+' | '-')) => !number(&cell[c.len_utf8()..]),
        Some(c) if STARTS.contains(&c) => true,
        // A cell that already starts with the guard gets another, so that
        // taking one `'` away always gives the cell back.
        Some('\'') => cell[1..].starts_with(STARTS) || cell[1..].starts_with('\''),
        _ => false,
    };
    if risky {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Writes rows of cells, each made spreadsheet-safe, as RFC 4180 CSV,
/// after the header when there is one.
fn write_csv<'r>(header: Option<&[&str]>, rows: impl Iterator<Item = Vec<String>> + 'r) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write_csv_into(&mut out, header, rows);
    out
}

/// [`write_csv`] into `out`, row by row.
fn write_csv_into<'r>(
    out: &mut dyn std::io::Write,
    header: Option<&[&str]>,
    rows: impl Iterator<Item = Vec<String>> + 'r,
) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    if let Some(header) = header {
        w.write_record(header)?;
    }
    for row in rows {
        w.write_record(row.iter().map(|c| Cell(spreadsheet_safe(c))))?;
    }
    w.flush()
}

/// A cell as the csv crate takes it, without copying it.
struct Cell<'a>(std::borrow::Cow<'a, str>);

impl AsRef<[u8]> for Cell<'_> {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

fn join<'s>(items: impl Iterator<Item = &'s str>) -> String {
    items.collect::<Vec<_>>().join("; ")
}

/// A tone as written in front matter: `+2`, `0`, `-1`.
fn signed(tone: i8) -> String {
    if tone > 0 {
        format!("+{tone}")
    } else {
        tone.to_string()
    }
}

/// `/data/entries.csv`, written into `w`. It holds every body, so it is the
/// largest export (36 MB at 10,000 entries): its rows are written in runs
/// on every core, which RFC 4180 allows since a record never spans runs,
/// a few runs at a time, so that no more are held than there are cores to
/// make them.
pub fn write_entries_csv(m: &Chronicle, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let root = &m.config.root;
    let actor = |i: usize| m.actors[i].slug.as_str();
    let row = |e: &crate::model::Entry| -> std::io::Result<Vec<String>> {
        // The focus pair's tone is the `tone` column; `relations` holds
        // the others, as `a + b = N`.
        let relations: Vec<String> = e
            .relations
            .iter()
            .filter(|r| !(e.tone.is_some() && Some(r.pair) == m.focus))
            .map(|r| format!("{} + {} = {}", actor(r.pair.0), actor(r.pair.1), signed(r.tone)))
            .collect();
        Ok(vec![
            e.slug.clone(),
            e.date.iso(),
            e.end.map(|d| d.iso()).unwrap_or_default(),
            e.title.clone(),
            if e.summary_given {
                e.summary.clone()
            } else {
                String::new()
            },
            e.status.as_str().to_string(),
            join(e.locations.iter().map(String::as_str)),
            join(e.actors.iter().map(|&a| actor(a))),
            join(e.topics.iter().map(|&t| m.topics[t].slug.as_str())),
            e.tone.map(signed).unwrap_or_default(),
            relations.join("; "),
            join(e.related.iter().map(|&r| m.entries[r].slug.as_str())),
            join(e.sources.iter().map(|(s, _)| s.url.as_deref().unwrap_or(&s.title))),
            e.markdown.read()?.trim().to_string(),
            m.config.permalink(&Place::Entry(&e.slug).url(root)),
        ])
    };
    const RUN: usize = 500;
    w.write_all(&write_csv(Some(&ENTRY_COLUMNS), std::iter::empty()))?;
    let batch = RUN * 2 * rayon::current_num_threads().max(1);
    for entries in m.entries.chunks(batch) {
        let runs: Vec<Vec<u8>> = entries
            .par_chunks(RUN)
            .map(|run| {
                Ok(write_csv(
                    None,
                    run.iter().map(row).collect::<std::io::Result<Vec<_>>>()?.into_iter(),
                ))
            })
            .collect::<std::io::Result<_>>()?;
        for run in runs {
            w.write_all(&run)?;
        }
    }
    Ok(())
}

/// `/data/sources.csv`: every source of every entry, in entry order,
/// written into `w` row by row.
pub fn write_sources_csv(m: &Chronicle, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let rows = m.entries.iter().flat_map(|e| {
        e.sources.iter().enumerate().map(|(n, (s, _))| {
            let opt = |v: &Option<String>| v.clone().unwrap_or_default();
            vec![
                e.slug.clone(),
                (n + 1).to_string(),
                s.title.clone(),
                opt(&s.publisher),
                opt(&s.author),
                s.date.map(|d| d.iso()).unwrap_or_default(),
                opt(&s.url),
                opt(&s.archive_url),
                s.accessed.map(|d| d.iso()).unwrap_or_default(),
                opt(&s.language),
                opt(&s.quote),
            ]
        })
    });
    write_csv_into(w, Some(&SOURCE_COLUMNS), rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        for risky in [
            "=HYPERLINK(\"http://x\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "- a list item",
            "-",
        ] {
            assert_eq!(spreadsheet_safe(risky), format!("'{risky}"), "{risky}");
        }
        assert_eq!(spreadsheet_safe("'=already"), "''=already");
        for plain in ["-1", "+2", "-0.5", "0", "Dar visits Kabul", "", "'quoted", "€5", "ڈار"] {
            assert_eq!(spreadsheet_safe(plain), plain, "{plain}");
        }
    }
}
