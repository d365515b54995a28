//! Spreadsheets: any CSV with a header row, columns found by their names,
//! and chronicle's own `entries.csv` export (with `sources.csv` beside it),
//! read back into the entries it was written from.

use std::collections::HashMap;
use std::path::Path;

use crate::content::parse::{Source, Status};
use crate::diagnostics::Diagnostic;

use super::table::{self, Table, TableRow};
use super::{one_line, parse_date, split_names, Error, Input, Options, Place, Ref, Row};

/// Reads a CSV file: chronicle's own export when its header is that
/// export's, a TimelineJS sheet when it has `Year` and `Headline`, else a
/// spreadsheet whose columns are found by name.
pub(crate) fn read(file: &str, text: &str, opts: &Options) -> Result<Input, Error> {
    let table = table::read(file, text)?;
    if is_export(&table) {
        return read_export(table, opts);
    }
    if super::timelinejs::is_sheet(&table) {
        return super::timelinejs::read_sheet(table, opts);
    }
    read_generic(table, opts)
}

/// The columns of a spreadsheet, by what they hold.
struct Cols {
    title: Option<usize>,
    date: Option<usize>,
    end: Option<usize>,
    summary: Option<usize>,
    body: Option<usize>,
    status: Option<usize>,
    location: Option<usize>,
    url: Option<usize>,
    source_title: Option<usize>,
    publisher: Option<usize>,
    actors: Option<usize>,
    topics: Option<usize>,
}

/// The actor and topic columns of any CSV: `--actors-column` and
/// `--topics-column`, or columns named so.
pub(crate) fn people_columns(t: &Table, opts: &Options) -> Result<(Option<usize>, Option<usize>), Vec<Diagnostic>> {
    let c = &opts.columns;
    let actors = t.column(c.actors.as_deref(), "--actors-column", &["actors", "actor"]);
    let topics = t.column(c.topics.as_deref(), "--topics-column", &["topics", "topic", "tags"]);
    match (actors, topics) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => Err(a.err().into_iter().chain(b.err()).collect()),
    }
}

/// A `--…-column` error when no column gives the rows their actors and
/// `--default-actor` is not given either: every row would fail alike.
pub(crate) fn no_actors(t: &Table, what: &str) -> Error {
    Error::Located(vec![Diagnostic::error(
        &t.file,
        1,
        1,
        format!(
            "no column gives the {what} their actors, and every entry needs one: name the column with --actors-column NAME (the columns are {}), or give each entry the same actor with --default-actor NAME",
            t.listed()
        ),
    )])
}

fn read_generic(t: Table, opts: &Options) -> Result<Input, Error> {
    let c = &opts.columns;
    let mut problems = Vec::new();
    let mut col = |given: &Option<String>, flag: &str, names: &[&str]| match t.column(given.as_deref(), flag, names) {
        Ok(i) => i,
        Err(d) => {
            problems.push(d);
            None
        }
    };
    let mut cols = Cols {
        title: col(&c.title, "--title-column", &["title", "headline"]),
        date: col(&c.date, "--date-column", &["date", "start", "start date"]),
        end: col(&c.end, "--end-column", &["end", "end date"]),
        summary: col(&c.summary, "--summary-column", &["summary"]),
        body: col(&c.body, "--body-column", &["body", "text", "description"]),
        status: col(&c.status, "--status-column", &["status"]),
        location: col(&c.location, "--location-column", &["location", "locations", "place"]),
        url: col(&c.url, "--url-column", &["url", "source", "link", "source url"]),
        source_title: col(&c.source_title, "--source-title-column", &["source title"]),
        publisher: col(&c.publisher, "--publisher-column", &["publisher", "source publisher"]),
        actors: None,
        topics: None,
    };
    match people_columns(&t, opts) {
        Ok((a, b)) => (cols.actors, cols.topics) = (a, b),
        Err(ds) => problems.extend(ds),
    }
    for (found, what, flag) in [
        (cols.title, "title", "--title-column"),
        (cols.date, "date", "--date-column"),
    ] {
        if found.is_none() && problems.is_empty() {
            problems.push(Diagnostic::error(
                &t.file,
                1,
                1,
                format!(
                    "no column gives the entries' {what}: name it with {flag} NAME (the columns are {})",
                    t.listed()
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Located(problems));
    }
    if cols.actors.is_none() && opts.default_actor.is_none() {
        return Err(no_actors(&t, "rows"));
    }
    let mut input = Input {
        file: t.file.clone(),
        read: t.rows.len() + t.broken,
        diags: t.diags.clone(),
        ..Input::default()
    };
    for r in &t.rows {
        if let Some(row) = generic_row(&t, r, &cols, &mut input.diags) {
            input.rows.push(row);
        }
    }
    Ok(input)
}

/// The title, date and end of a row, or every error they have.
pub(crate) fn title_and_dates(
    t: &Table,
    r: &TableRow,
    (title, date, end): (Option<usize>, Option<usize>, Option<usize>),
    cell: &dyn Fn(Option<usize>) -> String,
    diags: &mut Vec<Diagnostic>,
) -> Option<Row> {
    let before = diags.len();
    let file = &t.file;
    let title_text = one_line(&cell(title));
    if title_text.is_empty() {
        diags.push(r.place(t, title).error(
            file,
            "the title is empty; every entry needs one, so this row was not imported",
        ));
    }
    let date_cell = cell(date);
    let start = if date_cell.trim().is_empty() {
        diags.push(r.place(t, date).error(
            file,
            "the date is empty; write `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, so this row was not imported",
        ));
        None
    } else {
        parse_date(&date_cell)
            .map_err(|m| diags.push(r.place(t, date).error(file, m)))
            .ok()
    };
    let end_cell = cell(end);
    let end_date = if end_cell.trim().is_empty() {
        None
    } else {
        parse_date(&end_cell)
            .map_err(|m| diags.push(r.place(t, end).error(file, m)))
            .ok()
    };
    if let (Some(d), Some(e)) = (start, end_date) {
        if e.last_day() < d.first_day() {
            diags.push(
                r.place(t, end)
                    .error(file, format!("the end ({e}) is before the date ({d})")),
            );
        }
    }
    if diags.len() > before {
        return None;
    }
    let mut row = Row::new(r.at(), title_text, start?);
    row.end = end_date;
    row.places.push(("title", r.place(t, title)));
    row.places.push(("date", r.place(t, date)));
    if end.is_some() {
        row.places.push(("end", r.place(t, end)));
    }
    Some(row)
}

/// A status cell: empty, or one of the four (in any case).
fn status(cell: &str) -> Result<Option<Status>, String> {
    let s = cell.trim().to_lowercase();
    Ok(Some(match s.as_str() {
        "" => return Ok(None),
        "occurred" => Status::Occurred,
        "planned" => Status::Planned,
        "reported" => Status::Reported,
        "disputed" => Status::Disputed,
        _ => {
            return Err(format!(
                "`{}` is not a status; write `occurred`, `planned`, `reported` or `disputed`, or leave it empty",
                cell.trim()
            ))
        }
    }))
}

/// A source with a title alone.
pub(crate) fn source(title: String) -> Source {
    Source {
        title,
        publisher: None,
        url: None,
        archive_url: None,
        date: None,
        accessed: None,
        author: None,
        language: None,
        quote: None,
    }
}

/// The host of a web address, for a source without a title (`www.` left out).
pub(crate) fn host_of(url: &str) -> String {
    url::Url::parse(url.trim())
        .ok()
        .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_string()))
        .unwrap_or_else(|| url.trim().to_string())
}

/// A web address of the input, checked: `None` (with a warning at `place`)
/// when it cannot be one.
pub(crate) fn web_address(cell: &str, place: &Place, file: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    match crate::content::weburl::read(cell) {
        Ok(read) => {
            if read.encoded {
                diags.push(place.warning(
                    file,
                    format!(
                        "`{}` is written as `{}`, encoded the way a browser reads it",
                        cell.trim(),
                        read.url
                    ),
                ));
            }
            Some(read.url)
        }
        Err(m) => {
            diags.push(place.warning(file, format!("{m}; it was left out")));
            None
        }
    }
}

fn generic_row(t: &Table, r: &TableRow, c: &Cols, diags: &mut Vec<Diagnostic>) -> Option<Row> {
    let file = &t.file;
    let cell = |i: Option<usize>| r.cell(i).to_string();
    let before = diags.len();
    let st = status(r.cell(c.status))
        .map_err(|m| diags.push(r.place(t, c.status).error(file, m)))
        .ok();
    let row = title_and_dates(t, r, (c.title, c.date, c.end), &cell, diags);
    let (Some(mut row), Some(st), true) = (row, st, diags.len() == before) else {
        return None;
    };
    row.status = st;
    row.locations = r
        .cell(c.location)
        .split([';', '|', '\n'])
        .map(one_line)
        .filter(|s| !s.is_empty())
        .collect();
    row.summary = Some(one_line(r.cell(c.summary))).filter(|s| !s.is_empty());
    row.body = r.cell(c.body).replace("\r\n", "\n").trim().to_string();
    row.actors = split_names(r.cell(c.actors)).into_iter().map(Ref::Name).collect();
    row.topics = split_names(r.cell(c.topics)).into_iter().map(Ref::Name).collect();
    let title = one_line(r.cell(c.source_title));
    let publisher = Some(one_line(r.cell(c.publisher))).filter(|s| !s.is_empty());
    let url_place = r.place(t, c.url);
    let urls: Vec<String> = r
        .cell(c.url)
        .split([';', '|', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .filter_map(|u| web_address(u, &url_place, file, diags))
        .collect();
    for url in &urls {
        let mut s = source(if title.is_empty() || urls.len() > 1 {
            host_of(url)
        } else {
            title.clone()
        });
        s.url = Some(url.clone());
        s.publisher = publisher.clone();
        row.sources.push(s);
    }
    if urls.is_empty() && (!title.is_empty() || publisher.is_some()) {
        let mut s = source(if title.is_empty() {
            publisher.clone().unwrap_or_default()
        } else {
            title
        });
        s.publisher = publisher;
        row.sources.push(s);
    }
    for (key, i) in [
        ("status", c.status),
        ("location", c.location),
        ("summary", c.summary),
        ("body", c.body),
        ("actors", c.actors),
        ("topics", c.topics),
        ("sources", c.url.or(c.source_title)),
    ] {
        if i.is_some() {
            row.places.push((key, r.place(t, i)));
        }
    }
    Some(row)
}

/// The headers of chronicle's own `entries.csv` and `sources.csv`: the
/// exporter's, so the two can never drift apart.
pub use crate::render::tables::{ENTRY_COLUMNS as EXPORT_COLUMNS, SOURCE_COLUMNS as SOURCES_COLUMNS};

/// True for chronicle's own export: a header with `slug`, `title`, `date`
/// and `actors` (other columns may be missing, or more).
fn is_export(t: &Table) -> bool {
    ["slug", "title", "date", "actors"]
        .iter()
        .all(|c| t.find(&[c]).is_some())
}

/// A cell of chronicle's export as it was before the export kept it from
/// being read as a formula: `'=x` is `=x`.
pub fn unguard(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// Items of a list cell of the export, joined with `; `.
fn items(cell: &str) -> Vec<String> {
    cell.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A tone cell: `-2` … `+2`.
fn tone(cell: &str) -> Result<Option<i8>, String> {
    let s = cell.trim();
    if s.is_empty() {
        return Ok(None);
    }
    match s.trim_start_matches('+').parse::<i8>() {
        Ok(t) if (-2..=2).contains(&t) && !s.starts_with("+-") => Ok(Some(t)),
        _ => Err(format!(
            "`{s}` is not a tone; write a whole number from -2 (hostile) to +2 (cooperative), or leave it empty"
        )),
    }
}

/// A relations cell: `a + b = N` items joined with `; `.
fn relations(cell: &str) -> Result<Vec<([String; 2], i8)>, String> {
    let mut out = Vec::new();
    for item in items(cell) {
        let bad = || {
            format!("`{item}` is not a relation; write `actor + actor = tone`, such as `pakistan + afghanistan = -1`")
        };
        let (pair, n) = item.rsplit_once('=').ok_or_else(bad)?;
        let (a, b) = pair.split_once('+').ok_or_else(bad)?;
        let (a, b) = (a.trim(), b.trim());
        if a.is_empty() || b.is_empty() {
            return Err(bad());
        }
        let t = tone(n)?.ok_or_else(bad)?;
        out.push(([a.to_string(), b.to_string()], t));
    }
    Ok(out)
}

fn read_export(t: Table, opts: &Options) -> Result<Input, Error> {
    let col = |name: &str| t.find(&[name]);
    let mut input = Input {
        file: t.file.clone(),
        read: t.rows.len() + t.broken,
        diags: t.diags.clone(),
        ..Input::default()
    };
    let sources_path = opts.sources.clone().or_else(|| {
        let beside = opts.file.parent().unwrap_or(Path::new(".")).join("sources.csv");
        beside.is_file().then_some(beside)
    });
    let mut sources = match &sources_path {
        Some(p) => read_sources(p, &mut input.diags)?,
        None => HashMap::new(),
    };
    let file = t.file.clone();
    for r in &t.rows {
        let cell = |i: Option<usize>| unguard(r.cell(i)).to_string();
        let before = input.diags.len();
        let diags = &mut input.diags;
        let st = status(&cell(col("status")))
            .map_err(|m| diags.push(r.place(&t, col("status")).error(&file, m)))
            .ok();
        let tone_value = tone(&cell(col("tone")))
            .map_err(|m| diags.push(r.place(&t, col("tone")).error(&file, m)))
            .ok();
        let rels = relations(&cell(col("relations")))
            .map_err(|m| diags.push(r.place(&t, col("relations")).error(&file, m)))
            .ok();
        let slug = cell(col("slug")).trim().to_string();
        if !slug.is_empty() && !crate::content::load::is_valid_slug(&slug) {
            diags.push(r.place(&t, col("slug")).error(
                &file,
                format!("`{slug}` is not a slug (lowercase letters, digits, `-` and `_`); fix it, or leave the cell empty to make one from the date and title"),
            ));
        }
        let row = title_and_dates(&t, r, (col("title"), col("date"), col("end")), &cell, diags);
        let own = sources.remove(&slug);
        if let Some(Err(ds)) = &own {
            diags.extend(ds.iter().cloned());
        }
        let (Some(mut row), Some(st), Some(tone_value), Some(rels), true) =
            (row, st, tone_value, rels, input.diags.len() == before)
        else {
            continue;
        };
        row.slug = Some(slug).filter(|s| !s.is_empty());
        row.status = st;
        row.tone = tone_value;
        row.relations = rels;
        row.summary = Some(cell(col("summary")).trim().to_string()).filter(|s| !s.is_empty());
        row.locations = items(&cell(col("location")));
        row.actors = items(&cell(col("actors"))).into_iter().map(Ref::Slug).collect();
        row.topics = items(&cell(col("topics"))).into_iter().map(Ref::Slug).collect();
        row.related = items(&cell(col("related")));
        row.body = cell(col("body"));
        row.sources = match own {
            Some(Ok(list)) => list,
            _ => items(&cell(col("sources")))
                .into_iter()
                .map(|item| match crate::content::weburl::read(&item) {
                    Ok(_) => {
                        let mut s = source(host_of(&item));
                        s.url = Some(item);
                        s
                    }
                    Err(_) => source(item),
                })
                .collect(),
        };
        for key in [
            "slug",
            "status",
            "location",
            "summary",
            "body",
            "actors",
            "topics",
            "tone",
            "relations",
            "related",
            "sources",
        ] {
            if col(key).is_some() {
                row.places.push((key, r.place(&t, col(key))));
            }
        }
        input.rows.push(row);
    }
    let mut left: Vec<_> = sources.into_iter().collect();
    left.sort_by(|a, b| a.0.cmp(&b.0));
    if let (Some(p), false) = (&sources_path, left.is_empty()) {
        let names: Vec<String> = left.iter().map(|(s, _)| format!("`{s}`")).collect();
        input.diags.push(Diagnostic::warning(
            p.display().to_string(),
            0,
            0,
            format!(
                "sources of {} left out: {} no entry of {file}",
                names.join(", "),
                if names.len() == 1 { "it is" } else { "they are" }
            ),
        ));
    }
    Ok(input)
}

/// The sources of each entry in chronicle's `sources.csv`, in their order
/// (`n`), or the errors of an entry's sources.
type EntrySources = HashMap<String, Result<Vec<Source>, Vec<Diagnostic>>>;

fn read_sources(path: &Path, diags: &mut Vec<Diagnostic>) -> Result<EntrySources, Error> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let name = path.display().to_string();
    let text = super::utf8(&name, bytes)?;
    let t = table::read(&name, &text)?;
    diags.extend(t.diags.iter().cloned());
    let Some(entry_col) = t.find(&["entry"]) else {
        return Err(Error::Located(vec![Diagnostic::error(
            &name,
            1,
            1,
            format!(
                "this is not chronicle's sources.csv: it has no `entry` column (its columns are {}); its header is `{}`",
                t.listed(),
                SOURCES_COLUMNS.join(",")
            ),
        )]));
    };
    let col = |n: &str| t.find(&[n]);
    let mut found: HashMap<String, Vec<(usize, Source)>> = HashMap::new();
    let mut failed: HashMap<String, Vec<Diagnostic>> = HashMap::new();
    for r in &t.rows {
        let cell = |n: &str| unguard(r.cell(col(n))).trim().to_string();
        let at = |n: &str| r.place(&t, col(n));
        let entry = unguard(r.cell(Some(entry_col))).trim().to_string();
        let mut errors = Vec::new();
        let n = match cell("n") {
            s if s.is_empty() => usize::MAX,
            s => s.parse::<usize>().unwrap_or_else(|_| {
                errors.push(at("n").error(&name, format!("`{s}` is not a source's number (1, 2, …)")));
                usize::MAX
            }),
        };
        let title = cell("title");
        if title.is_empty() {
            errors.push(at("title").error(
                &name,
                "a source needs a title; write one, so that its entry is imported",
            ));
        }
        let mut s = source(title);
        let text = |v: String| Some(v).filter(|v| !v.is_empty());
        s.publisher = text(cell("publisher"));
        s.author = text(cell("author"));
        s.quote = text(unguard(r.cell(col("quote"))).to_string());
        for (key, slot) in [("date", &mut s.date), ("accessed", &mut s.accessed)] {
            let v = cell(key);
            if !v.is_empty() {
                match parse_date(&v) {
                    Ok(d) => *slot = Some(d),
                    Err(m) => errors.push(at(key).error(&name, m)),
                }
            }
        }
        for (key, slot) in [("url", &mut s.url), ("archive_url", &mut s.archive_url)] {
            let v = cell(key);
            if !v.is_empty() {
                match crate::content::weburl::read(&v) {
                    Ok(_) => *slot = Some(v),
                    Err(m) => errors.push(at(key).error(&name, m)),
                }
            }
        }
        let lang = cell("language");
        if !lang.is_empty() {
            match crate::config::check_language(&lang) {
                Ok(tag) => s.language = Some(tag),
                Err(m) => errors.push(at("language").error(&name, m)),
            }
        }
        if errors.is_empty() {
            found.entry(entry).or_default().push((n, s));
        } else {
            failed.entry(entry).or_default().extend(errors);
        }
    }
    let mut out: EntrySources = HashMap::new();
    for (entry, mut list) in found {
        list.sort_by_key(|(n, _)| *n);
        out.insert(entry, Ok(list.into_iter().map(|(_, s)| s).collect()));
    }
    for (entry, errors) in failed {
        out.insert(entry, Err(errors));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guarded_cells_are_read_as_written() {
        assert_eq!(unguard("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unguard("'-1 is a tone"), "-1 is a tone");
        assert_eq!(unguard("'@home"), "@home");
        assert_eq!(unguard("'Tis the season"), "'Tis the season");
        assert_eq!(unguard("-1"), "-1");
    }

    #[test]
    fn tones_and_relations() {
        assert_eq!(tone("+2"), Ok(Some(2)));
        assert_eq!(tone("-1"), Ok(Some(-1)));
        assert_eq!(tone(" "), Ok(None));
        assert!(tone("3").is_err());
        assert!(tone("+-1").is_err());
        assert_eq!(
            relations("pakistan + afghanistan = -1; a + b = +2").unwrap(),
            [
                (["pakistan".into(), "afghanistan".into()], -1),
                (["a".into(), "b".into()], 2)
            ]
        );
        assert!(relations("pakistan = 1").is_err());
        assert!(relations("a + b = 5").is_err());
    }

    #[test]
    fn statuses() {
        assert_eq!(status(" Planned "), Ok(Some(Status::Planned)));
        assert_eq!(status(""), Ok(None));
        assert!(status("happened").unwrap_err().contains("`happened`"));
    }
}
