//! From rows to files: actors and topics by name, slugs, duplicates, and a
//! check of every file to be written, linked in memory with the chronicle
//! it goes into, before anything is written.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write as _;
use std::path::Path;

use crate::config::{Config, CONFIG_FILE};
use crate::content::fields::is_forbidden_char;
use crate::content::load::{self, is_valid_slug, Section, SourceFile, CONTENT_DIR};
use crate::content::parse::{self, Doc, Documents, Source};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{self, MarkdownCache};
use crate::scaffold::file_slug;

use super::{Error, Input, Options, Ref, Report, Row, Skip};

/// The longest part of a slug made from a title or a name, in bytes: file
/// names stay well within what file systems allow.
const SLUG_MAX: usize = 80;

/// Quotes a string for YAML (a JSON string is a YAML double-quoted one),
/// without the control characters no page may carry.
fn q(s: &str) -> String {
    let clean: String = s.chars().filter(|&c| !is_forbidden_char(c)).collect();
    serde_json::to_string(&clean).unwrap_or_else(|_| "\"\"".into())
}

/// A list of strings in YAML's flow style, each quoted.
fn flow(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", "))
}

/// `text` as a slug, transliterated, cut at a hyphen to [`SLUG_MAX`].
fn slug_of(text: &str) -> String {
    let mut s = file_slug(text);
    if s.len() > SLUG_MAX {
        let cut = s[..SLUG_MAX].rfind('-').unwrap_or(SLUG_MAX);
        s.truncate(cut);
    }
    s
}

/// `ishaq-dar` → `Ishaq Dar`: a name for an actor or topic known only by
/// its slug.
fn name_from_slug(slug: &str) -> String {
    slug.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An actor or topic: one the chronicle has, or one the import makes.
#[derive(Debug, Clone)]
struct Item {
    slug: String,
    name: String,
    /// Other spellings that made the same slug.
    aliases: Vec<String>,
    existing: bool,
}

/// The actors (or topics) known so far, by slug and by name.
#[derive(Debug, Default)]
struct Registry {
    /// `actor` or `topic`, for messages and fallback slugs.
    what: &'static str,
    items: Vec<Item>,
    by_slug: HashMap<String, usize>,
    /// Lowercased names and aliases.
    by_name: HashMap<String, Vec<usize>>,
}

impl Registry {
    fn new(what: &'static str, existing: Vec<(String, Vec<String>)>) -> Registry {
        let mut r = Registry {
            what,
            ..Registry::default()
        };
        for (slug, names) in existing {
            let i = r.items.len();
            r.by_slug.insert(slug.clone(), i);
            for n in &names {
                let list = r.by_name.entry(n.to_lowercase()).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
            r.items.push(Item {
                slug,
                name: names.last().cloned().unwrap_or_default(),
                aliases: Vec::new(),
                existing: true,
            });
        }
        r
    }

    fn add(&mut self, slug: String, name: String) -> usize {
        let i = self.items.len();
        self.by_slug.insert(slug.clone(), i);
        self.by_name.entry(name.to_lowercase()).or_default().push(i);
        self.items.push(Item {
            slug,
            name,
            aliases: Vec::new(),
            existing: false,
        });
        i
    }

    /// The item a name or slug is, without making one.
    fn find(&self, name: &str) -> Option<usize> {
        if let Some(&i) = self.by_slug.get(name) {
            return Some(i);
        }
        match self.by_name.get(&name.to_lowercase()).map(Vec::as_slice) {
            Some(&[i]) => Some(i),
            _ => None,
        }
    }

    /// The item `r` is: found by slug, name or alias, else made.
    fn resolve(&mut self, r: &Ref) -> Result<usize, String> {
        match r {
            Ref::Slug(s) => {
                if let Some(&i) = self.by_slug.get(s) {
                    return Ok(i);
                }
                if !is_valid_slug(s) {
                    return Err(format!(
                        "`{s}` is not a slug of {} {}; write lowercase letters, digits, `-` and `_`",
                        if self.what == "actor" { "an" } else { "a" },
                        self.what
                    ));
                }
                Ok(self.add(s.clone(), name_from_slug(s)))
            }
            Ref::Name(n) => {
                if let Some(&i) = self.by_slug.get(n.as_str()) {
                    return Ok(i);
                }
                match self.by_name.get(&n.to_lowercase()).map(Vec::as_slice) {
                    Some(&[i]) => return Ok(i),
                    Some(many) if many.len() > 1 => {
                        let slugs: Vec<String> = many.iter().map(|&i| format!("`{}`", self.items[i].slug)).collect();
                        return Err(format!(
                            "`{n}` names several {}s ({}); write the slug of the one meant",
                            self.what,
                            slugs.join(", ")
                        ));
                    }
                    _ => {}
                }
                let mut slug = slug_of(n);
                if slug.is_empty() {
                    let mut k = 1;
                    while self.by_slug.contains_key(&format!("{}-{k}", self.what)) {
                        k += 1;
                    }
                    slug = format!("{}-{k}", self.what);
                }
                if let Some(&i) = self.by_slug.get(&slug) {
                    // Another spelling of the same slug is the same one.
                    if !self.items[i].existing {
                        self.items[i].aliases.push(n.clone());
                        self.by_name.entry(n.to_lowercase()).or_default().push(i);
                    }
                    return Ok(i);
                }
                Ok(self.add(slug, n.clone()))
            }
        }
    }
}

/// What the chronicle written into has already.
struct Existing {
    config: Option<Config>,
    docs: Documents,
    actors: Vec<(String, Vec<String>)>,
    topics: Vec<(String, Vec<String>)>,
    entries: HashSet<String>,
}

/// Reads the chronicle at `root`, as far as it exists.
fn existing(root: &Path) -> Result<Existing, Error> {
    if root.exists() && !root.is_dir() {
        return Err(Error::Located(vec![Diagnostic::error(
            root.display().to_string(),
            0,
            0,
            "--into names a file; give the folder of a chronicle (it is made when missing)",
        )]));
    }
    let config = if root.join(CONFIG_FILE).exists() {
        Some(Config::load(root).map_err(|ds| {
            Error::Located(
                ds.into_iter()
                    .map(|mut d| {
                        d.path = root.join(&d.path).display().to_string();
                        d.message = format!("{}; fix it before importing into this chronicle", d.message);
                        d
                    })
                    .collect(),
            )
        })?)
    } else {
        None
    };
    let mut out = Existing {
        config,
        docs: Documents::default(),
        actors: Vec::new(),
        topics: Vec::new(),
        entries: HashSet::new(),
    };
    if !root.join(CONTENT_DIR).is_dir() {
        return Ok(out);
    }
    let (found, _) = load::scan(root);
    for (_, (doc, _)) in crate::site::stages::read_and_parse(found) {
        let Some(doc) = doc else { continue };
        let slug = doc.origin().slug.clone();
        match &doc {
            Doc::Entry(_) => {
                out.entries.insert(slug);
            }
            Doc::Actor(a) => {
                let mut names = a.aliases.clone();
                names.push(a.name.clone());
                out.actors.push((slug, names));
            }
            Doc::Topic(t) => out.topics.push((slug, vec![t.name.clone()])),
            Doc::Rejected(r) => match r.section {
                Section::Entries => {
                    out.entries.insert(slug);
                }
                Section::Actors => out.actors.push((slug, Vec::new())),
                Section::Topics => out.topics.push((slug, Vec::new())),
                Section::Pages => {}
            },
            // A translation names nothing new: its original is listed.
            Doc::Page(_) | Doc::Translation(_) => {}
        }
        out.docs.push(doc);
    }
    Ok(out)
}

/// An entry to write.
struct Planned {
    /// Index into the rows.
    row: usize,
    slug: String,
    actors: Vec<usize>,
    topics: Vec<usize>,
    /// Actors and topics its body links to (`actor:x`), made when missing.
    linked_actors: Vec<usize>,
    linked_topics: Vec<usize>,
}

/// The `actor:` and `topic:` link targets of a Markdown body.
fn body_links(body: &str) -> (Vec<String>, Vec<String>) {
    use pulldown_cmark::{Event, Parser, Tag};
    let (mut actors, mut topics) = (Vec::new(), Vec::new());
    for ev in Parser::new(body) {
        if let Event::Start(Tag::Link { dest_url, .. }) = ev {
            let dest = dest_url.split('#').next().unwrap_or("");
            if let Some(s) = dest.strip_prefix("actor:") {
                actors.push(s.to_string());
            } else if let Some(s) = dest.strip_prefix("topic:") {
                topics.push(s.to_string());
            }
        }
    }
    (actors, topics)
}

/// A file to write, with the key each of its front-matter lines holds.
struct FileText {
    rel: String,
    text: String,
    /// `keys[n]` is the key on line `n + 1`; the body follows.
    keys: Vec<&'static str>,
}

/// Builds a file's front matter line by line, remembering each line's key.
struct Front {
    text: String,
    keys: Vec<&'static str>,
}

impl Front {
    fn new() -> Front {
        Front {
            text: "---\n".into(),
            keys: vec![""],
        }
    }

    fn line(&mut self, key: &'static str, line: String) {
        self.text.push_str(&line);
        self.text.push('\n');
        self.keys.push(key);
    }

    fn finish(mut self, rel: String, body: &str) -> FileText {
        self.text.push_str("---\n");
        self.keys.push("");
        let body: String = body
            .replace("\r\n", "\n")
            .chars()
            .filter(|&c| !is_forbidden_char(c))
            .collect();
        let body = body.trim_end();
        if !body.trim().is_empty() {
            if !body.starts_with('\n') {
                self.text.push('\n');
            }
            self.text.push_str(body);
            self.text.push('\n');
        }
        FileText {
            rel,
            text: self.text,
            keys: self.keys,
        }
    }
}

fn source_lines(f: &mut Front, s: &Source) {
    f.line("sources", format!("  - title: {}", q(&s.title)));
    let text = [
        ("publisher", &s.publisher),
        ("author", &s.author),
        ("url", &s.url),
        ("archive_url", &s.archive_url),
        ("language", &s.language),
        ("quote", &s.quote),
    ];
    for (key, value) in text {
        if let Some(v) = value {
            f.line("sources", format!("    {key}: {}", q(v)));
        }
    }
    for (key, value) in [("date", &s.date), ("accessed", &s.accessed)] {
        if let Some(d) = value {
            f.line("sources", format!("    {key}: {}", d.iso()));
        }
    }
}

/// Everything decided about the rows, and the state it is decided in.
struct Planner<'a> {
    opts: &'a Options,
    file: String,
    rows: Vec<Row>,
    actors: Registry,
    topics: Registry,
    existing: Existing,
    diags: Diagnostics,
    skipped: Vec<Skip>,
    planned: Vec<Planned>,
    /// The focus pair, as actor indices.
    focus: Option<(usize, usize)>,
    /// `chronicle.yaml` to write, when the chronicle has none.
    config_text: Option<String>,
}

/// Imports what a reader read: decides, checks and writes the files.
pub(crate) fn import(input: Input, opts: &Options) -> Result<Report, Error> {
    let existing = existing(&opts.into)?;
    let mut p = Planner {
        opts,
        file: input.file.clone(),
        actors: Registry::new("actor", existing.actors.clone()),
        topics: Registry::new("topic", existing.topics.clone()),
        rows: input.rows,
        existing,
        diags: Diagnostics::new(),
        skipped: input.skipped,
        planned: Vec::new(),
        focus: None,
        config_text: None,
    };
    p.diags.extend(input.diags);
    let default_actor = match &opts.default_actor {
        Some(name) => Some(
            p.actors
                .resolve(&Ref::Name(name.trim().to_string()))
                .map_err(|m| Error::Located(vec![Diagnostic::error("--default-actor", 0, 0, m)]))?,
        ),
        None => None,
    };
    p.resolve_rows(default_actor);
    p.choose_focus();
    match input.title {
        title if p.existing.config.is_none() => p.config_text = Some(p.config(title.map(|(t, i, _)| (t, i)))),
        Some((_, _, at)) => p.skipped.push(Skip {
            at: format!("{}:{}", p.file, at.line),
            what: if at.what.contains("title slide") {
                at.what
            } else {
                format!("{}, the title slide", at.what)
            },
            reason: "the chronicle has a chronicle.yaml, whose title and intro are kept".into(),
        }),
        None => {}
    }
    let files = p.check()?;
    let mut report = Report {
        rows: input.read,
        ..Report::default()
    };
    if opts.strict && p.diags.has_errors() {
        report.held_back = true;
    } else {
        p.write(files, &mut report)?;
    }
    report.skipped = p.skipped;
    report.diagnostics = p.diags.into_sorted();
    Ok(report)
}

impl Planner<'_> {
    /// Resolves each row's actors and topics and gives it a slug; rows with
    /// errors, duplicates (with --skip-duplicates) and rows whose file
    /// exists are left out.
    fn resolve_rows(&mut self, default_actor: Option<usize>) {
        let mut taken: HashSet<String> = HashSet::new();
        let mut seen: HashMap<(String, String), (String, String)> = HashMap::new();
        let file = self.file.clone();
        for k in 0..self.rows.len() {
            let row = &self.rows[k];
            let mut ok = true;
            let mut resolve_all = |reg: &mut Registry, refs: &[Ref], key: &str, diags: &mut Diagnostics| {
                let mut out: Vec<usize> = Vec::new();
                for r in refs {
                    match reg.resolve(r) {
                        Ok(i) if !out.contains(&i) => out.push(i),
                        Ok(_) => {}
                        Err(m) => {
                            diags.push(row.place(key).error(&file, m));
                            ok = false;
                        }
                    }
                }
                out
            };
            let mut actors = resolve_all(&mut self.actors, &row.actors, "actors", &mut self.diags);
            let topics = resolve_all(&mut self.topics, &row.topics, "topics", &mut self.diags);
            if actors.is_empty() && ok {
                match default_actor {
                    Some(a) => actors.push(a),
                    None => {
                        self.diags.push(row.place("actors").error(
                            &file,
                            "this row names no actor, and every entry needs one: fill in its actors, or give the rows that have none an actor with --default-actor NAME",
                        ));
                        ok = false;
                    }
                }
            }
            if !ok {
                continue;
            }
            let (linked_a, linked_t) = body_links(&row.body);
            let link_all = |reg: &mut Registry, slugs: Vec<String>| -> Vec<usize> {
                slugs
                    .into_iter()
                    .filter_map(|s| {
                        if reg.find(&s).is_none() && !is_valid_slug(&s) {
                            return None;
                        }
                        reg.resolve(&Ref::Slug(s)).ok()
                    })
                    .collect()
            };
            let linked_actors = link_all(&mut self.actors, linked_a);
            let linked_topics = link_all(&mut self.topics, linked_t);
            let slug = self.slug_for(k, &mut taken);
            let row = &self.rows[k];
            let key = (row.date.iso(), row.title.to_lowercase());
            if let Some((first, first_slug)) = seen.get(&key) {
                if self.opts.skip_duplicates {
                    self.skipped.push(Skip {
                        at: format!("{file}:{}", row.at.line),
                        what: row.at.what.clone(),
                        reason: format!("same date and title as {first} (--skip-duplicates)"),
                    });
                    continue;
                }
                self.diags.push(row.at.warning(
                    &file,
                    format!(
                        "same date and title as {first} (`{first_slug}`): written as an entry of its own, `{slug}`; if it is the same event, delete one, or import with --skip-duplicates"
                    ),
                ));
            } else {
                seen.insert(key, (row.at.what.clone(), slug.clone()));
            }
            let rel = format!("{CONTENT_DIR}/entries/{slug}.md");
            if self.opts.into.join(&rel).exists() {
                self.skipped.push(Skip {
                    at: format!("{file}:{}", row.at.line),
                    what: row.at.what.clone(),
                    reason: format!("{rel} already exists; it was left as it is"),
                });
                continue;
            }
            self.planned.push(Planned {
                row: k,
                slug,
                actors,
                topics,
                linked_actors,
                linked_topics,
            });
        }
    }

    /// The slug of row `k`: the one it gives, or its date and title
    /// (`2025-05-21-talks-in-kabul`), with `-2`, `-3` … when an earlier row
    /// of the import has it; the date and a number when the title makes no
    /// slug.
    fn slug_for(&mut self, k: usize, taken: &mut HashSet<String>) -> String {
        let row = &self.rows[k];
        let date = row.date.iso();
        let base = match &row.slug {
            Some(s) => s.clone(),
            None => match slug_of(&row.title) {
                s if s.is_empty() => {
                    let mut n = 1;
                    while taken.contains(&format!("{date}-{n}")) {
                        n += 1;
                    }
                    let slug = format!("{date}-{n}");
                    taken.insert(slug.clone());
                    return slug;
                }
                s => format!("{date}-{s}"),
            },
        };
        let mut slug = base.clone();
        let mut n = 2;
        while taken.contains(&slug) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        if row.slug.is_some() && slug != base {
            self.diags.push(row.place("slug").warning(
                &self.file,
                format!("an earlier row has the slug `{base}`; this one is written as `{slug}`"),
            ));
        }
        taken.insert(slug.clone());
        slug
    }

    /// The focus pair: `chronicle.yaml`'s, or, for a new one, the one pair
    /// every entry with a tone can mean: a pair its relations give that
    /// tone, or else any two of its actors.
    fn choose_focus(&mut self) {
        if let Some(config) = &self.existing.config {
            self.focus = config.focus.as_ref().and_then(|[a, b]| {
                let (a, b) = (self.actors.find(a)?, self.actors.find(b)?);
                (a != b).then_some((a, b))
            });
            return;
        }
        let mut common: Option<Vec<(usize, usize)>> = None;
        for p in &self.planned {
            let row = &self.rows[p.row];
            let Some(tone) = row.tone else { continue };
            let key = |a: usize, b: usize| (a.min(b), a.max(b));
            let mut pairs: Vec<(usize, usize)> = row
                .relations
                .iter()
                .filter(|(_, t)| *t == tone)
                .filter_map(|(pair, _)| Some(key(self.actors.find(&pair[0])?, self.actors.find(&pair[1])?)))
                .filter(|(a, b)| a != b && p.actors.contains(a) && p.actors.contains(b))
                .collect();
            if pairs.is_empty() {
                for (i, &a) in p.actors.iter().enumerate() {
                    for &b in &p.actors[i + 1..] {
                        pairs.push(key(a, b));
                    }
                }
            }
            common = Some(match common {
                None => pairs,
                Some(c) => c.into_iter().filter(|x| pairs.contains(x)).collect(),
            });
        }
        if let Some([(a, b)]) = common.as_deref() {
            self.focus = Some((*a, *b));
        }
    }

    /// A `chronicle.yaml` for a chronicle that has none.
    fn config(&self, title: Option<(String, String)>) -> String {
        let (title, intro) = title.unwrap_or_else(|| {
            let name = self
                .opts
                .into
                .canonicalize()
                .ok()
                .as_deref()
                .unwrap_or(&self.opts.into)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .filter(|n| !n.trim().is_empty())
                .unwrap_or_else(|| "Imported chronicle".into());
            (name, String::new())
        });
        let mut text = format!(
            "title: {}\nbase_url: \"https://example.org/\"\ndescription: \"A chronicle of relations.\"\nlanguage: en\n",
            q(&title)
        );
        if let Some((a, b)) = self.focus {
            text.push_str(&format!(
                "focus: {}\n",
                flow(&[self.actors.items[a].slug.clone(), self.actors.items[b].slug.clone()])
            ));
        }
        if !intro.trim().is_empty() {
            text.push_str(&format!("intro: {}\n", q(intro.trim())));
        }
        text
    }

    /// The entry file of a planned row, with what was left out of it warned.
    fn entry_file(&self, p: &Planned, known: &HashSet<&str>, diags: &mut Diagnostics) -> FileText {
        let row = &self.rows[p.row];
        let file = &self.file;
        let slugs =
            |reg: &Registry, ids: &[usize]| -> Vec<String> { ids.iter().map(|&i| reg.items[i].slug.clone()).collect() };
        let mut f = Front::new();
        f.line("title", format!("title: {}", q(&row.title)));
        f.line("date", format!("date: {}", row.date.iso()));
        if let Some(end) = row.end {
            f.line("end", format!("end: {}", end.iso()));
        }
        f.line("actors", format!("actors: {}", flow(&slugs(&self.actors, &p.actors))));
        if !p.topics.is_empty() {
            f.line("topics", format!("topics: {}", flow(&slugs(&self.topics, &p.topics))));
        }
        if let Some(st) = row.status {
            f.line("status", format!("status: {}", st.as_str()));
        }
        if !row.locations.is_empty() {
            f.line("location", format!("location: {}", flow(&row.locations)));
        }
        if let Some(s) = &row.summary {
            f.line("summary", format!("summary: {}", q(s)));
        }
        let names_both = self.focus.filter(|(a, b)| p.actors.contains(a) && p.actors.contains(b));
        if let Some(t) = row.tone {
            if names_both.is_some() {
                f.line("tone", format!("tone: {t}"));
            } else {
                let why = match self.focus {
                    Some((a, b)) => format!(
                        "it is the tone of the focus pair (`{}` and `{}`), and this entry does not name both",
                        self.actors.items[a].slug, self.actors.items[b].slug
                    ),
                    None => format!("it is the tone of the chronicle's focus pair, and there is none; declare one in chronicle.yaml (`focus: [actor, actor]`) and give this entry `tone: {t}` again"),
                };
                diags.push(
                    row.place("tone")
                        .warning(file, format!("the tone {t} was left out: {why}")),
                );
            }
        }
        let mut relations = Vec::new();
        for (pair, tone) in &row.relations {
            let ids = [self.actors.find(&pair[0]), self.actors.find(&pair[1])];
            let (Some(a), Some(b)) = (ids[0], ids[1]) else {
                diags.push(row.place("relations").warning(
                    file,
                    format!(
                        "the relation `{} + {}` was left out: it names an actor the entry does not have",
                        pair[0], pair[1]
                    ),
                ));
                continue;
            };
            if a == b || !p.actors.contains(&a) || !p.actors.contains(&b) {
                diags.push(row.place("relations").warning(
                    file,
                    format!(
                        "the relation `{} + {}` was left out: it must name two of the entry's actors",
                        pair[0], pair[1]
                    ),
                ));
                continue;
            }
            // The focus pair's tone is the bare `tone`, once.
            if names_both.is_some_and(|(x, y)| (x, y) == (a, b) || (x, y) == (b, a)) && row.tone.is_some() {
                if row.tone != Some(*tone) {
                    diags.push(row.place("relations").warning(
                        file,
                        format!(
                            "the relation `{} + {} = {tone}` was left out: the tone column gives that pair's tone",
                            pair[0], pair[1]
                        ),
                    ));
                }
                continue;
            }
            relations.push((
                self.actors.items[a].slug.clone(),
                self.actors.items[b].slug.clone(),
                *tone,
            ));
        }
        if !relations.is_empty() {
            f.line("relations", "relations:".into());
            for (a, b, t) in relations {
                f.line("relations", format!("  - between: {}", flow(&[a, b])));
                f.line("relations", format!("    tone: {t}"));
            }
        }
        let mut related = Vec::new();
        for r in &row.related {
            if known.contains(r.as_str()) && r != &p.slug {
                related.push(r.clone());
            } else {
                diags.push(row.place("related").warning(
                    file,
                    format!("the related entry `{r}` was left out: it is neither imported nor in the chronicle"),
                ));
            }
        }
        if !related.is_empty() {
            f.line("related", format!("related: {}", flow(&related)));
        }
        if !row.sources.is_empty() {
            f.line("sources", "sources:".into());
            for s in &row.sources {
                source_lines(&mut f, s);
            }
        }
        f.finish(format!("{CONTENT_DIR}/entries/{}.md", p.slug), &row.body)
    }

    /// The actor and topic files the planned entries need that do not exist.
    fn people_files(&self) -> Vec<(FileText, Section, usize)> {
        let mut out = Vec::new();
        for (reg, section, pick) in [(&self.actors, Section::Actors, 0), (&self.topics, Section::Topics, 1)] {
            let used: BTreeSet<usize> = self
                .planned
                .iter()
                .flat_map(|p| {
                    if pick == 0 {
                        p.actors.iter().chain(&p.linked_actors)
                    } else {
                        p.topics.iter().chain(&p.linked_topics)
                    }
                })
                .copied()
                .filter(|&i| !reg.items[i].existing)
                .collect();
            for i in used {
                let item = &reg.items[i];
                let mut f = Front::new();
                f.line("name", format!("name: {}", q(&item.name)));
                if section == Section::Actors && !item.aliases.is_empty() {
                    f.line("aliases", format!("aliases: {}", flow(&item.aliases)));
                }
                let rel = format!("{CONTENT_DIR}/{}/{}.md", section.dir(), item.slug);
                out.push((f.finish(rel, ""), section, i));
            }
        }
        out
    }

    /// Links the files to write with the chronicle's own, in memory, and
    /// leaves out every row whose entry would not pass `check`, until none
    /// is left that would not. Returns the files to write.
    fn check(&mut self) -> Result<Vec<FileText>, Error> {
        let config = match &self.existing.config {
            Some(c) => c.clone(),
            None => Config::parse(self.config_text.as_deref().unwrap_or("")).map_err(Error::Located)?,
        };
        loop {
            let mut diags = Diagnostics::new();
            let known: HashSet<&str> = self
                .existing
                .entries
                .iter()
                .map(String::as_str)
                .chain(self.planned.iter().map(|p| p.slug.as_str()))
                .collect();
            let entries: Vec<FileText> = self
                .planned
                .iter()
                .map(|p| self.entry_file(p, &known, &mut diags))
                .collect();
            let people = self.people_files();
            let mut docs = self.existing.docs.clone();
            let mut link_diags = Diagnostics::new();
            let mut at: HashMap<String, (Section, usize)> = HashMap::new();
            for (k, f) in entries.iter().enumerate() {
                at.insert(f.rel.clone(), (Section::Entries, k));
            }
            for (f, section, i) in &people {
                at.insert(f.rel.clone(), (*section, *i));
            }
            let sections = entries
                .iter()
                .map(|f| (f, Section::Entries))
                .chain(people.iter().map(|(f, s, _)| (f, *s)));
            for (f, section) in sections {
                let slug = f
                    .rel
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .trim_end_matches(".md")
                    .to_string();
                let (doc, ds) = parse::parse_file(SourceFile {
                    section,
                    slug,
                    rel: f.rel.clone(),
                    text: f.text.clone(),
                    translation: None,
                });
                link_diags.extend(ds);
                if let Some(doc) = doc {
                    docs.push(doc);
                }
            }
            model::link(
                docs,
                config.clone(),
                false,
                &mut link_diags,
                &mut MarkdownCache::default(),
            );
            let mut failed: BTreeSet<usize> = BTreeSet::new();
            for d in link_diags.into_sorted().into_iter().filter(Diagnostic::is_error) {
                let Some(&(section, i)) = at.get(&d.path) else { continue };
                let rows: Vec<usize> = match section {
                    Section::Entries => vec![i],
                    _ => self
                        .planned
                        .iter()
                        .enumerate()
                        .filter(|(_, p)| {
                            let ids = if section == Section::Actors {
                                [&p.actors, &p.linked_actors]
                            } else {
                                [&p.topics, &p.linked_topics]
                            };
                            ids.iter().any(|v| v.contains(&i))
                        })
                        .map(|(k, _)| k)
                        .collect(),
                };
                for k in rows {
                    let row = &self.rows[self.planned[k].row];
                    let key = if section == Section::Entries {
                        entries[k].keys.get(d.line.saturating_sub(1)).copied().unwrap_or("body")
                    } else if section == Section::Actors {
                        "actors"
                    } else {
                        "topics"
                    };
                    self.diags.push(row.place(key).error(
                        &self.file,
                        format!(
                            "{} (so it was not imported: the entry would not pass `chronicle check`)",
                            d.message
                        ),
                    ));
                    failed.insert(k);
                }
            }
            if failed.is_empty() {
                self.diags.extend(diags.into_sorted());
                let mut files: Vec<FileText> = people.into_iter().map(|(f, _, _)| f).collect();
                files.extend(entries);
                return Ok(files);
            }
            let mut k = 0;
            self.planned.retain(|_| {
                k += 1;
                !failed.contains(&(k - 1))
            });
        }
    }

    /// Writes the files, each only when it does not exist: a file that
    /// appeared since it was planned is skipped, never replaced.
    fn write(&mut self, files: Vec<FileText>, report: &mut Report) -> Result<(), Error> {
        let root = &self.opts.into;
        let mut all: Vec<(String, String)> = Vec::new();
        // A chronicle.yaml alone, without content, would not be a chronicle.
        if let (Some(text), false) = (self.config_text.take(), files.is_empty()) {
            all.push((CONFIG_FILE.to_string(), text));
        }
        all.extend(files.into_iter().map(|f| (f.rel, f.text)));
        let rows: HashMap<String, usize> = self
            .planned
            .iter()
            .map(|p| (format!("{CONTENT_DIR}/entries/{}.md", p.slug), p.row))
            .collect();
        for (rel, text) in all {
            let path = root.join(&rel);
            let err = |source| Error::Write {
                path: path.clone(),
                source,
            };
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(err)?;
            }
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => f.write_all(text.as_bytes()).map_err(err)?,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let (at, what) = match rows.get(&rel) {
                        Some(&k) => (
                            format!("{}:{}", self.file, self.rows[k].at.line),
                            self.rows[k].at.what.clone(),
                        ),
                        None => (root.display().to_string(), rel.clone()),
                    };
                    self.skipped.push(Skip {
                        at,
                        what,
                        reason: format!("{rel} already exists; it was left as it is"),
                    });
                    continue;
                }
                Err(e) => return Err(err(e)),
            }
            if rel == CONFIG_FILE {
                report.config = true;
            } else if rel.starts_with("content/entries/") {
                report.entries += 1;
            } else if rel.starts_with("content/actors/") {
                report.actors += 1;
            } else {
                report.topics += 1;
            }
            report.written.push(rel);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_transliterated_and_capped() {
        assert_eq!(slug_of("Erdoğan meets Vučić"), "erdogan-meets-vucic");
        assert!(!slug_of("وزیر خارجہ کابل پہنچ گئے").is_empty());
        let long = slug_of(&"word ".repeat(40));
        assert!(long.len() <= SLUG_MAX && !long.ends_with('-'), "{long}");
        assert_eq!(name_from_slug("amir-khan-muttaqi"), "Amir Khan Muttaqi");
    }

    #[test]
    fn names_that_make_one_slug_are_one_actor() {
        let mut r = Registry::new("actor", vec![("pakistan".into(), vec!["Pakistan".into()])]);
        let a = r.resolve(&Ref::Name("Côte d'Ivoire".into())).unwrap();
        let b = r.resolve(&Ref::Name("Cote d'Ivoire".into())).unwrap();
        assert_eq!(a, b);
        assert_eq!(r.items[a].aliases, ["Cote d'Ivoire"]);
        assert_eq!(r.resolve(&Ref::Name("PAKISTAN".into())).unwrap(), 0);
        assert_eq!(r.resolve(&Ref::Slug("pakistan".into())).unwrap(), 0);
        let c = r.resolve(&Ref::Name("—".into())).unwrap();
        assert_eq!(r.items[c].slug, "actor-1");
        assert!(r.resolve(&Ref::Slug("Not A Slug".into())).is_err());
    }

    #[test]
    fn control_characters_are_not_written() {
        assert_eq!(q("a\u{1b}b\u{0}"), "\"ab\"");
        let f = Front::new().finish("x.md".into(), "one\u{c}\r\ntwo");
        assert_eq!(f.text, "---\n---\n\none\ntwo\n");
    }

    #[test]
    fn body_links_are_found() {
        let (a, t) = body_links("[Dar](actor:ishaq-dar) on [trade](topic:trade#x) and [x](entry:y)");
        assert_eq!(a, ["ishaq-dar"]);
        assert_eq!(t, ["trade"]);
    }
}
