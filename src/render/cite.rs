//! How to cite an entry: in words, and as BibTeX, RIS and CSL-JSON files
//! beside its page; and the bibliography of sources as CSL-JSON.
//!
//! The plain citation follows the shape of a web page in the Chicago
//! style: `Author. "Title." Chronicle, date of the entry (updated …).
//! URL.` The author is `author` of chronicle.yaml, or else the chronicle's
//! title stands for it. The date of the citation is the entry's `updated`
//! when it has one, else the date of what it records, the one date every
//! entry has.
//!
//! A citation is written wholly in the language of the text it cites: an
//! English entry's citation on an Urdu page is English (its punctuation,
//! its date, the chronicle's English title, the English edition's address),
//! an Urdu translation's is Urdu. The files say the text's language too
//! (`langid`, `LA`, `language`).

use std::fmt::Write as _;

use serde_json::{json, Value};

use crate::content::date::PartialDate;
use crate::language::Lang;
use crate::model::Chronicle;
use crate::render::i18n::{Arg, Ui};

/// What a citation of one entry names, in the language of the text it
/// cites (the entry's, or its translation's where that is shown): the
/// interface that writes it (its punctuation, dates and digits), the
/// chronicle's title and author in that language, and the address of the
/// entry's page in that language's edition.
pub struct Cited<'a> {
    pub ui: &'a Ui,
    pub site: &'a str,
    /// The chronicle's `author`, else its title.
    pub author: &'a str,
    pub url: String,
}

impl<'a> Cited<'a> {
    /// The citation's names for the chronicle whose title and author are
    /// `title` and `author` in the citation's language.
    pub fn new(ui: &'a Ui, title: &'a str, author: &'a str, url: String) -> Cited<'a> {
        Cited {
            ui,
            site: title,
            author: if author.trim().is_empty() { title } else { author },
            url,
        }
    }
}

/// The language an entry's text is in: its own `language`, else the
/// chronicle's.
fn text_language(m: &Chronicle, i: usize) -> &Lang {
    m.entries[i].language.as_ref().unwrap_or(&m.config.language)
}

/// The date an entry is cited with: `updated`, else its own date.
fn cited_date(m: &Chronicle, i: usize) -> PartialDate {
    let e = &m.entries[i];
    e.updated.unwrap_or(e.date)
}

/// The citation key of an entry: `chronicle:SLUG`, with the slug's
/// characters kept to those BibTeX allows in keys.
pub fn key(m: &Chronicle, i: usize) -> String {
    let slug: String = m.entries[i]
        .slug
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("chronicle:{slug}")
}

/// The citation in words (see the module's documentation), wholly in the
/// language of `cited`.
pub fn plain(m: &Chronicle, i: usize, cited: &Cited<'_>) -> String {
    let ui = cited.ui;
    let e = &m.entries[i];
    let date = match e.updated {
        Some(u) => ui.fill(
            "citation_updated",
            &[
                ("date", Arg::Text(&ui.date(&e.date))),
                ("updated", Arg::Text(&ui.date(&u))),
            ],
        ),
        None => ui.date(&e.date),
    };
    ui.fill(
        "citation",
        &[
            ("author", Arg::Text(cited.author.trim_end_matches(['.', '۔']))),
            ("title", Arg::Text(e.title.trim_end_matches(['.', '۔']))),
            ("site", Arg::Text(cited.site)),
            ("date", Arg::Text(&date)),
            ("url", Arg::Text(&cited.url)),
        ],
    )
}

/// A BibTeX value in braces: braces balanced and the characters BibTeX
/// treats specially escaped, so the value cannot end the field early.
fn bib_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('{');
    for c in s.chars() {
        match c {
            '{' | '}' | '\\' | '%' | '&' | '$' | '#' | '_' | '^' | '~' => {
                let _ = match c {
                    '\\' => write!(out, "\\textbackslash{{}}"),
                    '^' => write!(out, "\\textasciicircum{{}}"),
                    '~' => write!(out, "\\textasciitilde{{}}"),
                    _ => write!(out, "\\{c}"),
                };
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('}');
    out
}

const MONTH_ABBR: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// The entry as a BibTeX `@misc` record, its words in the language of
/// `cited` (the note) and its `langid` the text's.
pub fn bibtex(m: &Chronicle, i: usize, cited: &Cited<'_>) -> String {
    let e = &m.entries[i];
    let d = cited_date(m, i);
    let url = &cited.url;
    let mut s = format!("@misc{{{},\n", key(m, i));
    let mut field = |name: &str, value: String| {
        let _ = writeln!(s, "  {name} = {value},");
    };
    field("title", bib_value(&e.title));
    field("author", format!("{{{}}}", bib_value(cited.author)));
    field("howpublished", bib_value(cited.site));
    field("year", d.year().to_string());
    if let Some(mo) = d.month() {
        field("month", MONTH_ABBR[usize::from(mo) - 1].to_string());
    }
    if let Some(day) = d.day() {
        field("day", day.to_string());
    }
    field("url", bib_value(url));
    field("langid", bib_value(text_language(m, i).tag()));
    field(
        "note",
        bib_value(&cited.ui.fill(
            "citation_note",
            &[
                ("date", Arg::Text(&cited.ui.date(&e.date))),
                ("site", Arg::Text(cited.site)),
            ],
        )),
    );
    s.push_str("}\n");
    s
}

/// One RIS line: a tag, two spaces, a hyphen, a space and the value on one line.
fn ris_line(out: &mut String, tag: &str, value: &str) {
    let value: String = value.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let _ = write!(out, "{tag}  - {}\r\n", value.trim());
}

/// The entry as a RIS record (type `ELEC`, a web page).
pub fn ris(m: &Chronicle, i: usize, cited: &Cited<'_>) -> String {
    let e = &m.entries[i];
    let d = cited_date(m, i);
    let mut s = String::new();
    ris_line(&mut s, "TY", "ELEC");
    ris_line(&mut s, "TI", &e.title);
    ris_line(&mut s, "AU", cited.author);
    ris_line(&mut s, "T2", cited.site);
    ris_line(&mut s, "PY", &d.year().to_string());
    // RIS dates are YYYY/MM/DD/, with parts left empty when not known.
    let da = format!(
        "{:04}/{}/{}/",
        d.year(),
        d.month().map(|mo| format!("{mo:02}")).unwrap_or_default(),
        d.day().map(|dd| format!("{dd:02}")).unwrap_or_default()
    );
    ris_line(&mut s, "DA", &da);
    ris_line(&mut s, "UR", &cited.url);
    if !e.summary.is_empty() {
        ris_line(&mut s, "AB", &e.summary);
    }
    for &t in &e.topics {
        ris_line(&mut s, "KW", &m.topics[t].name);
    }
    ris_line(&mut s, "LA", text_language(m, i).tag());
    s.push_str("ER  - \r\n");
    s
}

/// CSL-JSON `date-parts` of a partial date: `[[2025, 5, 21]]`, `[[2025]]`.
fn date_parts(d: &PartialDate) -> Value {
    let mut parts = vec![json!(d.year())];
    if let Some(mo) = d.month() {
        parts.push(json!(mo));
        if let Some(day) = d.day() {
            parts.push(json!(day));
        }
    }
    json!({ "date-parts": [parts] })
}

/// The entry as CSL-JSON (an array of one `webpage` item).
pub fn csl(m: &Chronicle, i: usize, cited: &Cited<'_>) -> Vec<u8> {
    let e = &m.entries[i];
    let item = json!({
        "id": key(m, i),
        "type": "webpage",
        "title": e.title,
        "author": [{ "literal": cited.author }],
        "container-title": cited.site,
        "issued": date_parts(&cited_date(m, i)),
        "URL": cited.url,
        "abstract": e.summary,
        "language": text_language(m, i).tag(),
    });
    let mut out = serde_json::to_vec_pretty(&json!([item])).unwrap_or_default();
    out.push(b'\n');
    out
}

/// Every source the chronicle cites, as CSL-JSON (`/data/sources.json`),
/// written into `w` source by source.
pub fn write_sources_csl(m: &Chronicle, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let items = crate::render::export::Lazy::new(|| {
        m.publishers
            .iter()
            .flat_map(|p| p.items.iter().map(move |b| (p, b)))
            .map(|(p, b)| {
                let s = &b.source;
                let mut item = json!({
                    "id": &*b.id,
                    "type": if s.url.is_some() { "webpage" } else { "document" },
                    "title": s.title,
                });
                if s.publisher.is_some() {
                    item["publisher"] = json!(p.name);
                    item["container-title"] = json!(p.name);
                }
                if let Some(a) = &s.author {
                    item["author"] = json!([{ "literal": a }]);
                }
                if let Some(d) = &s.date {
                    item["issued"] = date_parts(d);
                }
                if let Some(d) = &s.accessed {
                    item["accessed"] = date_parts(d);
                }
                if let Some(u) = &s.url {
                    item["URL"] = json!(u);
                }
                if let Some(u) = &s.archive_url {
                    item["archive_location"] = json!(u);
                }
                if let Some(l) = &s.language {
                    item["language"] = json!(l);
                }
                if let Some(q) = &s.quote {
                    item["note"] = json!(q);
                }
                item
            })
    });
    crate::render::export::write_json(w, &items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bibtex_values_cannot_end_a_field() {
        assert_eq!(bib_value("a } b { c"), "{a \\} b \\{ c}");
        assert_eq!(bib_value("100% & $5 #1 a_b"), "{100\\% \\& \\$5 \\#1 a\\_b}");
        assert_eq!(
            bib_value("back\\slash ^ ~"),
            "{back\\textbackslash{}slash \\textasciicircum{} \\textasciitilde{}}"
        );
    }

    #[test]
    fn ris_lines_hold_one_line_each() {
        let mut s = String::new();
        ris_line(&mut s, "TI", "two\nlines");
        assert_eq!(s, "TI  - two lines\r\n");
    }
}
