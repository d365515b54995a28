//! A CSV file read into a header and rows whose every cell knows its line
//! and column.
//!
//! The `csv` crate reads the values. It is lenient, as spreadsheets are: a
//! quote that is never closed swallows the rest of the file into one cell,
//! and it cannot say where a cell starts. So the text is also walked once
//! by the same RFC 4180 rules for positions alone: where each record and
//! each cell starts, and where a quote opens that does not close as it
//! should. A row holding such a quote is reported there and not imported.

use crate::diagnostics::Diagnostic;

use super::{column_letter, Error, Place};

/// One record of the file after the header.
#[derive(Debug, Clone)]
pub(crate) struct TableRow {
    /// Its number as a spreadsheet shows it: the header is row 1.
    pub number: usize,
    pub cells: Vec<String>,
    /// Line and column of each cell's start.
    starts: Vec<(usize, usize)>,
    /// Line and column of the record's start.
    pub line: usize,
    pub column: usize,
}

/// A CSV file: its header, its rows, and what was wrong with its quotes.
#[derive(Debug)]
pub(crate) struct Table {
    pub file: String,
    pub headers: Vec<String>,
    pub rows: Vec<TableRow>,
    /// Rows with a broken quote: reported in `diags`, left out of `rows`.
    pub broken: usize,
    pub diags: Vec<Diagnostic>,
}

impl Table {
    /// The column whose header is one of `names`, without regard to case
    /// or surrounding spaces (`_` and ` ` alike).
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        let norm = |s: &str| s.trim().to_lowercase().replace('_', " ");
        names
            .iter()
            .find_map(|n| self.headers.iter().position(|h| norm(h) == norm(n)))
    }

    /// The column a `--…-column NAME` option names, or the first of
    /// `defaults` the header has. A name the header lacks is an error that
    /// lists the columns there are.
    pub fn column(&self, given: Option<&str>, flag: &str, defaults: &[&str]) -> Result<Option<usize>, Diagnostic> {
        let Some(name) = given else {
            return Ok(self.find(defaults));
        };
        match self.find(&[name]) {
            Some(i) => Ok(Some(i)),
            None => {
                let near = crate::diagnostics::suggest(name, self.headers.iter().map(|h| h.trim()));
                let hint = near.map_or(String::new(), |h| format!(" (did you mean `{h}`?)"));
                Err(Diagnostic::error(
                    &self.file,
                    1,
                    1,
                    format!(
                        "{flag} `{name}`: the header has no such column{hint}; its columns are {}",
                        self.listed()
                    ),
                ))
            }
        }
    }

    /// The header's columns, quoted, for messages.
    pub fn listed(&self) -> String {
        self.headers
            .iter()
            .map(|h| format!("`{}`", h.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The header of column `i`, trimmed.
    pub fn header(&self, i: usize) -> &str {
        self.headers.get(i).map_or("", |h| h.trim())
    }
}

impl TableRow {
    /// The cell of column `i` (empty when the column or the cell is missing).
    pub fn cell(&self, i: Option<usize>) -> &str {
        i.and_then(|i| self.cells.get(i)).map_or("", String::as_str)
    }

    /// Where the cell of column `i` is: `row 14, column C (Date)`.
    pub fn place(&self, table: &Table, i: Option<usize>) -> Place {
        let Some(i) = i else { return self.at() };
        let (line, column) = self.starts.get(i).copied().unwrap_or((self.line, self.column));
        Place {
            line,
            column,
            what: format!("row {}, column {} ({})", self.number, column_letter(i), table.header(i)),
        }
    }

    /// The row itself.
    pub fn at(&self) -> Place {
        Place {
            line: self.line,
            column: self.column,
            what: format!("row {}", self.number),
        }
    }
}

/// Where the records and cells of a CSV text start, and its quote problems.
#[derive(Debug, Default)]
struct Layout {
    /// For each record, the byte offset of each cell's start.
    records: Vec<Vec<usize>>,
    /// Byte offset of a quote that opens a cell and does not close as it
    /// should, with what is wrong.
    problems: Vec<(usize, &'static str)>,
}

/// Walks `text` by RFC 4180's rules, as the `csv` crate reads it: records
/// end at `\n`, `\r\n` or `\r` outside quotes, blank lines are no records,
/// and a quote opens a quoted cell only at the cell's start.
fn layout(text: &str, delimiter: u8) -> Layout {
    let b = text.as_bytes();
    let n = b.len();
    let end_of_cell = |c: u8| c == delimiter || c == b'\n' || c == b'\r';
    let mut out = Layout::default();
    let mut i = 0;
    while i < n {
        if b[i] == b'\n' || b[i] == b'\r' {
            i += 1;
            continue;
        }
        let mut cells = Vec::new();
        loop {
            cells.push(i);
            if i < n && b[i] == b'"' {
                let open = i;
                i += 1;
                loop {
                    match b[i..].iter().position(|&c| c == b'"') {
                        None => {
                            out.problems.push((open, "never closed"));
                            i = n;
                            break;
                        }
                        Some(j) => {
                            let q = i + j;
                            if q + 1 < n && b[q + 1] == b'"' {
                                i = q + 2;
                                continue;
                            }
                            i = q + 1;
                            if i < n && !end_of_cell(b[i]) {
                                out.problems.push((open, "followed by more text after it closes"));
                                while i < n && !end_of_cell(b[i]) {
                                    i += 1;
                                }
                            }
                            break;
                        }
                    }
                }
            } else {
                while i < n && !end_of_cell(b[i]) {
                    i += 1;
                }
            }
            if i < n && b[i] == delimiter {
                i += 1;
                continue;
            }
            break;
        }
        if i < n && b[i] == b'\r' {
            i += 1;
        }
        if i < n && b[i] == b'\n' {
            i += 1;
        }
        out.records.push(cells);
    }
    out
}

/// Line and column (1-based, in characters) of byte offsets of `text`,
/// for offsets given in ascending order.
pub(crate) struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut starts = vec![0];
        let b = text.as_bytes();
        for (i, &c) in b.iter().enumerate() {
            // `\r\n` is one line end; a lone `\r` ends a line too.
            if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        Lines { text, starts }
    }

    pub fn at(&self, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self.text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

/// The delimiter of a CSV text: `,` unless its first line has none and
/// has `;` (as Excel writes CSV in much of Europe) or a tab.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    if first.contains(',') {
        b','
    } else if first.contains(';') {
        b';'
    } else if first.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

/// Reads a CSV text with a header row. Rows with a broken quote are
/// reported and left out; a file without a header is an error.
pub(crate) fn read(file: &str, text: &str) -> Result<Table, Error> {
    let delim = delimiter(text);
    let lay = layout(text, delim);
    let lines = Lines::new(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    for (k, result) in reader.records().enumerate() {
        match result {
            Ok(r) => records.push(r.iter().map(str::to_string).collect::<Vec<_>>()),
            Err(e) => {
                // Only invalid UTF-8 makes the crate fail, and the text is
                // UTF-8: still, say where, rather than panic.
                let (line, column) = lay.records.get(k).map_or((0, 0), |r| lines.at(r[0]));
                return Err(Error::Located(vec![Diagnostic::error(
                    file,
                    line,
                    column,
                    format!("cannot read this row: {e}"),
                )]));
            }
        }
    }
    // Positions come from the walk when it found the records the crate did.
    let aligned =
        lay.records.len() == records.len() && lay.records.iter().zip(&records).all(|(l, r)| l.len() == r.len());
    let mut rows_iter = records.into_iter().enumerate();
    let Some((_, headers)) = rows_iter.next() else {
        return Err(Error::Located(vec![Diagnostic::error(
            file,
            1,
            1,
            "the file is empty; a CSV to import starts with a header row naming its columns",
        )]));
    };
    let mut table = Table {
        file: file.to_string(),
        headers,
        rows: Vec::new(),
        broken: 0,
        diags: Vec::new(),
    };
    let width = table.headers.len();
    for (k, cells) in rows_iter {
        let offsets = if aligned { lay.records.get(k) } else { None };
        let starts: Vec<(usize, usize)> = offsets.map_or_else(Vec::new, |o| o.iter().map(|&b| lines.at(b)).collect());
        let (line, column) = starts.first().copied().unwrap_or((k + 1, 1));
        let row = TableRow {
            number: k + 1,
            cells,
            starts,
            line,
            column,
        };
        // A broken quote inside this record: its cells cannot be trusted.
        let end = lay.records.get(k + 1).map_or(usize::MAX, |r| r[0]);
        let begin = lay.records.get(k).map_or(0, |r| r[0]);
        let quote = aligned
            .then(|| lay.problems.iter().find(|(at, _)| (begin..end).contains(at)))
            .flatten();
        if let Some((at, what)) = quote {
            let (l, c) = lines.at(*at);
            let cell = offsets.and_then(|o| o.iter().rposition(|&s| s <= *at));
            let place = match cell {
                Some(i) => Place {
                    line: l,
                    column: c,
                    what: format!("row {}, column {} ({})", row.number, column_letter(i), table.header(i)),
                },
                None => row.at(),
            };
            let advice = if *what == "never closed" {
                "so the rest of the file would be read as this one cell; close the quote, or double a quote meant as text (`\"\"`)"
            } else {
                "a quote inside a quoted cell must be doubled (`\"\"`)"
            };
            table
                .diags
                .push(place.error(file, format!("the quote that opens this cell is {what}, {advice}")));
            table.broken += 1;
            continue;
        }
        if row.cells.len() > width && row.cells[width..].iter().any(|c| !c.trim().is_empty()) {
            let place = row.place(&table, Some(width));
            table.diags.push(Diagnostic::warning(
                file,
                place.line,
                place.column,
                format!(
                    "row {} has {} cells but the header names {width} columns; the cells past column {} are left out",
                    row.number,
                    row.cells.len(),
                    column_letter(width - 1)
                ),
            ));
        }
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        table.rows.push(row);
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_know_their_line_and_column() {
        let t = read("t.csv", "a,b,c\n1,\"two\nlines\",3\n\nx,yé,z\n").unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].cells[1], "two\nlines");
        assert_eq!(t.rows[0].place(&t, Some(2)).line, 3);
        assert_eq!(t.rows[0].place(&t, Some(2)).column, 8);
        let p = t.rows[1].place(&t, Some(2));
        assert_eq!((p.line, p.column), (5, 6));
        assert_eq!(p.what, "row 3, column C (c)");
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        let t = read("t.csv", "a,b\n1,2\n3,\"open\n4,5\n").unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.broken, 1);
        let d = &t.diags[0];
        assert_eq!((d.line, d.column), (3, 3), "{d}");
        assert!(d.message.contains("never closed"), "{d}");
    }

    #[test]
    fn text_after_a_closing_quote_is_reported() {
        let t = read("t.csv", "a,b\n1,\"x\"y\n2,3\n").unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].cells, ["2", "3"]);
        assert!(t.diags[0].message.contains("more text"), "{}", t.diags[0]);
    }

    #[test]
    fn semicolons_and_crlf() {
        let t = read("t.csv", "a;b\r\n1;2\r\n\r\n3;4").unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells, ["3", "4"]);
        assert_eq!(t.rows[1].line, 4);
        assert_eq!(t.rows[1].number, 3);
    }

    #[test]
    fn headers_are_found_without_regard_to_case() {
        let t = read("t.csv", "Start Date, Headline \n").unwrap();
        assert_eq!(t.find(&["headline"]), Some(1));
        assert_eq!(t.find(&["start_date"]), Some(0));
        let e = t.column(Some("Headlin"), "--title-column", &[]).unwrap_err();
        assert!(e.message.contains("did you mean `Headline`"), "{}", e.message);
    }
}
