//! Load: find the chronicle's Markdown files under `content/` and read them.
//!
//! Which section a file belongs to comes from the first folder under
//! `content/`; its slug is its file name. Hidden files and editor leftovers are
//! skipped, so a half-saved buffer never breaks a build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostics::{suggest, Diagnostic};

/// The content folder's name under a chronicle's root.
pub const CONTENT_DIR: &str = "content";

/// The four kinds of content, one folder each under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Section {
    Entries,
    Actors,
    Topics,
    Pages,
}

impl Section {
    pub const ALL: [Section; 4] = [Section::Entries, Section::Actors, Section::Topics, Section::Pages];

    /// The folder name under `content/`.
    pub fn dir(self) -> &'static str {
        match self {
            Section::Entries => "entries",
            Section::Actors => "actors",
            Section::Topics => "topics",
            Section::Pages => "pages",
        }
    }

    fn from_dir(name: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.dir() == name)
    }
}

/// One Markdown file of the chronicle, read into memory.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub section: Section,
    pub slug: String,
    /// For a translation (`slug.ur.md`), the language tag its name gives.
    pub translation: Option<String>,
    /// Path relative to the chronicle's root, with `/` separators, for messages.
    pub rel: String,
    pub text: String,
}

/// True for files an editor or the OS leaves around that are not content:
/// hidden files, `x~` backups, `.swp`/`.swx` swap files, `#x#` autosaves.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

/// A valid slug: lowercase ASCII letters, digits, `-` and `_`, not starting with `-`.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Lowercases and hyphenates text into a slug (`"Dar in Kabul!"` → `dar-in-kabul`).
pub fn slugify(text: &str) -> String {
    hyphenate(text, false)
}

/// The slug a file name that is not one publishes under: transliterated to
/// ASCII as [`latin_slug`] does (`erdoğan` → `erdogan`), lowercased, and
/// hyphenated like any title, keeping `_` (`Mixed_Case` → `mixed_case`).
pub fn slug_of_file_name(stem: &str) -> String {
    hyphenate(&latin_text(stem), true)
}

/// Lowercases `text`, keeps its ASCII letters and digits (and `_` when
/// `keep_underscore`), and joins the runs between them with one `-`, none
/// at either end: the one loop of [`slugify`] and [`slug_of_file_name`].
fn hyphenate(text: &str, keep_underscore: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || (keep_underscore && c == '_') {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A slug in ASCII letters for text in any script: transliterated by
/// `deunicode` (`Erdoğan` is `erdogan`), then [`slugify`]d, so a title in
/// Urdu or Pashto gets a readable file name instead of none.
pub fn latin_slug(text: &str) -> String {
    slugify(&latin_text(text))
}

/// `text` in ASCII letters, by `deunicode`, corrected first in Arabic
/// script where it gives nothing readable or another letter's sound: alef
/// is `a` (it drops it, so کابل would be `khbl`), keheh ک is `k` (not `kh`,
/// the sound of خ), Urdu ٹ ڈ ڑ are `t d r` (not `tt dd rr`), Pashto ګ ږ ځ څ
/// ښ are `g zh dz ts sh`, alef maksura is `y` (not `~`), teh marbuta `a`
/// (not `@`), and hamzas and the shadda are dropped (not `'` and `W`, which
/// would split or garble words).
fn latin_text(text: &str) -> String {
    let mut latin = String::with_capacity(text.len());
    for c in text.chars() {
        let patched = match c {
            '\u{0627}' | '\u{0622}' | '\u{0623}' | '\u{0671}' => "a",
            '\u{0625}' => "i",
            '\u{06A9}' => "k",
            '\u{0679}' => "t",
            '\u{0688}' => "d",
            '\u{0691}' => "r",
            '\u{06AB}' => "g",
            '\u{0696}' => "zh",
            '\u{0681}' => "dz",
            '\u{0685}' => "ts",
            '\u{069A}' => "sh",
            '\u{0649}' | '\u{0626}' | '\u{06D3}' => "y",
            '\u{0624}' => "w",
            '\u{0629}' => "a",
            '\u{0621}' | '\u{0651}' | '\u{0654}' | '\u{0655}' | '\u{0674}' => "",
            c => {
                latin.push_str(deunicode::deunicode_char(c).unwrap_or(" "));
                continue;
            }
        };
        latin.push_str(patched);
    }
    latin
}

/// Relative display path of `path` under `root`, with `/` separators.
pub fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A content file found by [`scan`], not yet read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub section: Section,
    pub slug: String,
    /// For a translation (`slug.ur.md`), the language tag its name gives.
    pub translation: Option<String>,
    pub path: PathBuf,
    /// Path relative to the chronicle root, with `/` separators.
    pub rel: String,
}

/// Reads one found file.
pub fn read(f: Found) -> Result<SourceFile, Diagnostic> {
    let Found {
        section,
        slug,
        translation,
        path,
        rel,
    } = f;
    // The file may have changed since the walk found it (serve reads known
    // files again without walking): a link out of the chronicle, or a pipe
    // that would block the read, is refused here too.
    if let Some(problem) = not_readable(&path, &rel) {
        return Err(Diagnostic::warning(rel, 0, 0, problem));
    }
    match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile {
                section,
                slug,
                translation,
                rel,
                text,
            }),
            Err(e) => {
                let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
                Err(Diagnostic::error(rel, line, 0, "the file is not valid UTF-8 text"))
            }
        },
        Err(e) => Err(Diagnostic::error(rel, 0, 0, format!("cannot read the file: {e}"))),
    }
}

/// Why the file at `path` (which is `ROOT/rel`) must not be read, if so.
pub(crate) fn not_readable(path: &Path, rel: &str) -> Option<String> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_file() {
        return None;
    }
    if !meta.file_type().is_symlink() {
        return Some(format!("skipped: `{rel}` is not a regular file"));
    }
    let mut root = path.to_path_buf();
    for _ in rel.split('/') {
        root.pop();
    }
    let real_root = std::fs::canonicalize(&root).ok()?;
    match std::fs::canonicalize(path) {
        Ok(real) if real.starts_with(&real_root) && real.is_file() => None,
        Ok(real) if real.starts_with(&real_root) => Some(format!("skipped: `{rel}` is not a regular file")),
        _ => Some(format!("skipped: `{rel}` is a link to a file outside the chronicle")),
    }
}

/// Keeps a walk of the chronicle inside its root: nothing is read from a
/// link that leads outside it, nor from anything but regular files and
/// folders (a FIFO would hang the build, a device would be read forever).
pub struct Confinement {
    /// The root as given, for messages.
    shown: PathBuf,
    /// The root with every link resolved.
    real: PathBuf,
}

impl Confinement {
    pub fn new(root: &Path) -> Confinement {
        Confinement {
            shown: root.to_path_buf(),
            real: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// A warning when the walked `entry` must be skipped: a link (or the
    /// walk's own start, which may sit below a link) whose real path leaves
    /// the root, or something neither a regular file nor a folder. Only
    /// links need resolving: anything else lies in the real folder above it.
    pub fn refuse(&self, entry: &walkdir::DirEntry) -> Option<Diagnostic> {
        let rel = rel_path(&self.shown, entry.path());
        let ft = entry.file_type();
        if entry.depth() == 0 || entry.path_is_symlink() {
            let inside = std::fs::canonicalize(entry.path()).is_ok_and(|real| real.starts_with(&self.real));
            if !inside {
                let what = if ft.is_dir() { "folder" } else { "file" };
                return Some(Diagnostic::warning(
                    rel.clone(),
                    0,
                    0,
                    format!("skipped: `{rel}` is a link to a {what} outside the chronicle"),
                ));
            }
        }
        if ft.is_file() || ft.is_dir() {
            return None;
        }
        Some(Diagnostic::warning(
            rel.clone(),
            0,
            0,
            format!("skipped: `{rel}` is {}, not a regular file", special_kind(ft)),
        ))
    }
}

#[cfg(unix)]
fn special_kind(ft: std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        "a named pipe (FIFO)"
    } else if ft.is_socket() {
        "a socket"
    } else if ft.is_char_device() || ft.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_ft: std::fs::FileType) -> &'static str {
    "a special file"
}

/// Walks `root/content` and lists its Markdown files without reading them,
/// with the problems found on the way (bad names, loops, duplicate slugs).
pub fn scan(root: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    ContentFiles::walk(root).found()
}

/// The Markdown files under `content/` as a walk lists them, kept by
/// `serve` and brought up to date file by file as files come and go: a
/// walk of 10,000 files takes tens of milliseconds.
#[derive(Debug, Clone, Default)]
pub struct ContentFiles {
    root: PathBuf,
    /// Every Markdown file the walk lists, in its order (by path), before
    /// duplicate slugs are dropped.
    files: Vec<Found>,
    /// What the walk itself found wrong (a folder it could not read, a link
    /// that leads out of the chronicle, no content folder).
    walk_diags: Vec<Diagnostic>,
    /// What is wrong with single files' names, each located in its file.
    file_diags: Vec<Diagnostic>,
    /// For each of `files`, whether it is left out as a duplicate slug, and
    /// the errors saying so.
    duplicate: Vec<bool>,
    duplicate_diags: Vec<Diagnostic>,
}

impl ContentFiles {
    /// Walks `root/content`.
    pub fn walk(root: &Path) -> ContentFiles {
        let content = root.join(CONTENT_DIR);
        let mut out = ContentFiles {
            root: root.to_path_buf(),
            ..ContentFiles::default()
        };
        if !content.is_dir() {
            out.walk_diags.push(Diagnostic::error(
                CONTENT_DIR,
                0,
                0,
                "there is no content folder; a chronicle keeps its Markdown under content/entries, content/actors, content/topics and content/pages",
            ));
            return out;
        }
        let (files, walk_diags) = walk(root, &content);
        out.walk_diags = walk_diags;
        for path in files {
            match content_file(root, &content, &path, &mut out.file_diags) {
                Ok(Some(f)) => out.files.push(f),
                Ok(None) => {}
                Err(d) => out.file_diags.push(d),
            }
        }
        out.find_duplicates();
        out
    }

    /// The files to read, duplicate slugs left out, and every problem found.
    pub fn found(&self) -> (Vec<Found>, Vec<Diagnostic>) {
        (self.files().cloned().collect(), self.diags())
    }

    /// The files to read: duplicate slugs left out, in the walk's order.
    pub fn files(&self) -> impl Iterator<Item = &Found> + '_ {
        self.files
            .iter()
            .zip(&self.duplicate)
            .filter(|(_, d)| !**d)
            .map(|(f, _)| f)
    }

    /// Every problem the walk found: with folders, names and slugs.
    pub fn diags(&self) -> Vec<Diagnostic> {
        self.walk_diags
            .iter()
            .chain(&self.file_diags)
            .chain(&self.duplicate_diags)
            .cloned()
            .collect()
    }

    /// Duplicate slugs within a section: every file after the first is an
    /// error, and left out.
    fn find_duplicates(&mut self) {
        let mut first: HashMap<(Section, &str, Option<&str>), &str> = HashMap::with_capacity(self.files.len());
        self.duplicate_diags.clear();
        self.duplicate = self
            .files
            .iter()
            .map(|f| match first.entry((f.section, &f.slug, f.translation.as_deref())) {
                std::collections::hash_map::Entry::Occupied(o) => {
                    self.duplicate_diags.push(Diagnostic::error(
                        f.rel.clone(),
                        0,
                        0,
                        format!(
                            "duplicate slug `{}`: {} already uses it; rename one of the two files",
                            f.slug,
                            o.get()
                        ),
                    ));
                    true
                }
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(&f.rel);
                    false
                }
            })
            .collect();
    }

    /// Takes in that the files at `rels` (relative to the root, under
    /// `content/`) were made, changed or removed, as a new walk would find
    /// them. Returns false, changing nothing, when only a new walk can
    /// tell: a folder or a link was made, or a file is in a folder the
    /// walk has not been to.
    pub fn update(&mut self, rels: &[&str]) -> bool {
        let content = self.root.join(CONTENT_DIR);
        let mut plan: Vec<(&str, Option<PathBuf>)> = Vec::new();
        for &rel in rels {
            // A name the walk skips (an editor's leftover), or one inside
            // a folder it skips, changes nothing.
            if rel.split('/').any(is_ignored_name) {
                continue;
            }
            let path = self.root.join(rel);
            match std::fs::symlink_metadata(&path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => plan.push((rel, None)),
                Ok(meta) if meta.file_type().is_file() => {
                    let folder = rel.rsplit_once('/').map_or("", |(f, _)| f);
                    let known = self
                        .files
                        .iter()
                        .any(|f| f.rel.rsplit_once('/').is_some_and(|(d, _)| d == folder));
                    if !known {
                        return false;
                    }
                    plan.push((rel, Some(path)));
                }
                _ => return false,
            }
        }
        for (rel, path) in plan {
            let under = format!("{rel}/");
            let gone = |p: &str| p == rel || p.starts_with(&under);
            self.files.retain(|f| !gone(&f.rel));
            self.file_diags.retain(|d| !gone(&d.path));
            let Some(path) = path else { continue };
            match content_file(&self.root, &content, &path, &mut self.file_diags) {
                Ok(Some(f)) => {
                    let at = self.files.partition_point(|g| g.path < f.path);
                    self.files.insert(at, f);
                }
                Ok(None) => {}
                Err(d) => self.file_diags.push(d),
            }
        }
        self.find_duplicates();
        true
    }
}

/// Every regular file under `dir` (a folder of the chronicle at `root`), in
/// a stable order: links are followed only while they stay inside the
/// chronicle, editor leftovers and hidden files are skipped, and what cannot
/// be read (a link loop, a folder without permission) becomes a diagnostic.
/// The one walk of the chronicle's folders: content, templates, static files.
pub fn walk(root: &Path, dir: &Path) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    if !dir.is_dir() {
        return (files, diags);
    }
    let confinement = Confinement::new(root);
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored_name(&e.file_name().to_string_lossy()));
    while let Some(item) = walker.next() {
        let entry = match item {
            Ok(e) => e,
            Err(e) => {
                diags.extend(walk_error(root, &e));
                continue;
            }
        };
        if let Some(warning) = confinement.refuse(&entry) {
            diags.push(warning);
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() {
            files.push(entry.into_path());
        }
    }
    (files, diags)
}

/// The diagnostic for an entry the walk could not read, if it matters.
fn walk_error(root: &Path, e: &walkdir::Error) -> Option<Diagnostic> {
    // An editor's leftover can be a dangling symlink (Emacs makes its
    // `.#x.md` lock files so): walkdir reports it as an error before
    // `filter_entry` sees it, so skip ignored names here too.
    if e.path()
        .and_then(Path::file_name)
        .is_some_and(|n| is_ignored_name(&n.to_string_lossy()))
    {
        return None;
    }
    let at = e
        .path()
        .map(|p| rel_path(root, p))
        .unwrap_or_else(|| CONTENT_DIR.into());
    let msg = if e.loop_ancestor().is_some() {
        "symbolic link loop: this link points back to a folder that contains it".to_string()
    } else {
        format!(
            "cannot read: {}",
            e.io_error().map_or(e.to_string(), |io| io.to_string())
        )
    };
    Some(Diagnostic::error(at, 0, 0, msg))
}

/// A regular file the walk found under `content/`: the content file it is,
/// `None` when it is not Markdown, or why it is left out (Markdown under
/// another extension, outside a section folder, a name that is no slug).
fn content_file(
    root: &Path,
    content: &Path,
    path: &Path,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Option<Found>, Diagnostic> {
    // Folders between `content/` and the file: a section's files are below it.
    let depth = path.strip_prefix(content).map_or(0, |p| p.components().count());
    let rel = rel_path(root, path);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match path.extension().and_then(|e| e.to_str()) {
        Some("md") => {}
        // Markdown under another spelling would be left out silently.
        Some(ext) if ["md", "markdown", "mdown", "mkd", "mkdn"].contains(&ext.to_ascii_lowercase().as_str()) => {
            return Err(Diagnostic::warning(
                rel,
                0,
                0,
                format!("ignored: only `.md` files are read; rename it to `{stem}.md`"),
            ));
        }
        _ => return Ok(None),
    }
    let section_dir = path
        .strip_prefix(content)
        .ok()
        .and_then(|p| p.components().next())
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    let section = match section_dir.as_deref().and_then(Section::from_dir) {
        Some(s) if depth >= 2 => s,
        _ => {
            let mut message =
                "ignored: Markdown files belong in content/entries, content/actors, content/topics or content/pages"
                    .to_string();
            // A misspelt section folder (`content/entrys/`): name the right one.
            // (Matched on the folder's name alone: every path shares `content/`.)
            let near = section_dir
                .as_deref()
                .filter(|_| depth >= 2)
                .and_then(|dir| suggest(dir, Section::ALL.map(Section::dir)));
            if let Some(dir) = near {
                message = format!("{message}; did you mean `content/{dir}/`?");
            }
            return Err(Diagnostic::warning(rel, 0, 0, message));
        }
    };
    // `slug.ur.md`: a translation of `slug.md` into the language of its tag.
    let (stem, translation) = match stem.rsplit_once('.') {
        Some((slug, tag)) if is_valid_slug(slug) => match crate::language::check(tag) {
            Ok(lang) => (slug.to_string(), Some(lang.tag().to_string())),
            Err(_) => {
                return Err(Diagnostic::error(
                    rel,
                    0,
                    0,
                    format!(
                        "`{tag}` in the file name `{stem}.md` is not a language tag: a translation of `{slug}.md` is named `{slug}.LANG.md`, such as `{slug}.ur.md`"
                    ),
                ));
            }
        },
        _ => (stem, None),
    };
    // A file name that is no slug (`Vucic.md`, `erdoğan.md`, `Mixed_Case.md`)
    // still names its document: it is published under the slug a browser
    // address would want, said with a warning, and entries may name it
    // either way (see the actor index). Only a name with nothing to make a
    // slug of is left out.
    let stem = if is_valid_slug(&stem) {
        stem
    } else {
        let slug = slug_of_file_name(&stem);
        if slug.is_empty() {
            return Err(Diagnostic::error(
                rel,
                0,
                0,
                format!("file name `{stem}.md` has no letters or digits to make a slug of; rename it, for example to `my-slug.md`"),
            ));
        }
        warnings.push(Diagnostic::warning(
            rel.clone(),
            0,
            0,
            format!("file name `{stem}.md` is not a slug (lowercase letters, digits, `-` and `_`); it is published as `{slug}`: rename it to `{slug}.md` to make this warning go"),
        ));
        slug
    };
    Ok(Some(Found {
        section,
        translation,
        slug: stem,
        path: path.to_path_buf(),
        rel,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a fresh walk of `root` finds, to hold an updated walk to.
    fn walked(files: &ContentFiles) -> (Vec<String>, Vec<String>) {
        let (found, diags) = files.found();
        let mut diags: Vec<String> = diags.iter().map(|d| format!("{}: {}", d.path, d.message)).collect();
        diags.sort();
        (found.into_iter().map(|f| f.rel).collect(), diags)
    }

    #[test]
    fn a_kept_walk_updated_file_by_file_finds_what_a_new_walk_finds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |rel: &str| {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        };
        for rel in ["content/entries/b.md", "content/entries/d.md", "content/actors/x.md"] {
            write(rel);
        }
        let mut kept = ContentFiles::walk(root);
        // Made, a name to warn about, a duplicate slug, a leftover, gone.
        write("content/entries/a.md");
        write("content/entries/C.md");
        write("content/entries/c.md");
        write("content/entries/.#b.md");
        write("content/entries/e.markdown");
        std::fs::remove_file(root.join("content/entries/d.md")).unwrap();
        let rels = [
            "content/entries/a.md",
            "content/entries/C.md",
            "content/entries/c.md",
            "content/entries/.#b.md",
            "content/entries/e.markdown",
            "content/entries/d.md",
        ];
        assert!(kept.update(&rels));
        assert_eq!(walked(&kept), walked(&ContentFiles::walk(root)));
        let (found, diags) = walked(&kept);
        assert_eq!(
            found,
            [
                "content/actors/x.md",
                "content/entries/C.md",
                "content/entries/a.md",
                "content/entries/b.md"
            ]
        );
        assert_eq!(diags.len(), 3, "{diags:?}");
        // A file in a folder the walk has not been to: only a walk can tell.
        write("content/pages/about.md");
        assert!(!kept.update(&["content/pages/about.md"]));
        // A folder gone takes its files with it.
        std::fs::remove_dir_all(root.join("content/actors")).unwrap();
        assert!(kept.update(&["content/actors"]));
        assert_eq!(
            walked(&kept).0,
            ["content/entries/C.md", "content/entries/a.md", "content/entries/b.md"]
        );
    }

    #[test]
    fn editor_leftovers_are_ignored() {
        for n in [".x.md.swp", "x.md~", "#x.md#", ".#x.md", ".hidden.md", "x.swp"] {
            assert!(is_ignored_name(n), "{n}");
        }
        assert!(!is_ignored_name("x.md"));
    }

    #[test]
    fn misspelt_section_folders_are_recognised() {
        let dirs = Section::ALL.map(Section::dir);
        assert_eq!(suggest("entrys", dirs), Some("entries"));
        assert_eq!(suggest("Actor", dirs), Some("actors"));
        assert_eq!(suggest("drafts", dirs), None);
    }

    #[test]
    fn slugs() {
        assert!(is_valid_slug("dar-visits-kabul_2025"));
        assert!(!is_valid_slug("Dar Visits"));
        assert_eq!(slugify("Dar visits Kabul, 19 April!"), "dar-visits-kabul-19-april");
    }

    #[test]
    fn file_names_and_titles_are_hyphenated_alike_but_for_underscores() {
        for (text, title, file) in [
            ("Mixed_Case File", "mixed-case-file", "mixed_case-file"),
            ("--Dar  visits--Kabul--", "dar-visits-kabul", "dar-visits-kabul"),
            ("_x_", "x", "_x_"),
            ("Erdo\u{011F}an", "erdo-an", "erdogan"),
            ("!!!", "", ""),
            ("ÄB", "b", "ab"),
        ] {
            assert_eq!(slugify(text), title, "{text}");
            assert_eq!(slug_of_file_name(text), file, "{text}");
        }
    }

    #[test]
    fn latin_slugs_of_arabic_script_are_readable() {
        for (text, slug) in [
            ("Erdo\u{011F}an in Ankara", "erdogan-in-ankara"),
            // اسحاق ڈار کابل گئے
            (
                "\u{0627}\u{0633}\u{062D}\u{0627}\u{0642} \u{0688}\u{0627}\u{0631} \u{06A9}\u{0627}\u{0628}\u{0644} \u{06AF}\u{0626}\u{06D2}",
                "ashaq-dar-kabl-gyy",
            ),
            // طالبان, پاکستان, the Arabic كابل
            ("\u{0637}\u{0627}\u{0644}\u{0628}\u{0627}\u{0646}", "talban"),
            ("\u{067E}\u{0627}\u{06A9}\u{0633}\u{062A}\u{0627}\u{0646}", "pakstan"),
            ("\u{0643}\u{0627}\u{0628}\u{0644}", "kabl"),
            // Pashto ګډ, ځای, ښار; ہوئی with its hamza; مدرسة; شدّت
            ("\u{06AB}\u{0689}", "gd"),
            ("\u{0681}\u{0627}\u{06CC}", "dzay"),
            ("\u{069A}\u{0627}\u{0631}", "shar"),
            ("\u{06C1}\u{0648}\u{0626}\u{06CC}", "hwyy"),
            ("\u{0645}\u{062F}\u{0631}\u{0633}\u{0629}", "mdrsa"),
            ("\u{0634}\u{062F}\u{0651}\u{062A}", "shdt"),
            // Digits of every kind; nothing to spell at all.
            ("\u{06F2}\u{06F0}\u{06F2}\u{06F5} \u{0662}\u{0660}", "2025-20"),
            ("\u{1F54A}", "dove"),
            ("\u{E000}", ""),
        ] {
            assert_eq!(latin_slug(text), slug, "{text}");
            assert!(slug.is_empty() || is_valid_slug(slug));
        }
    }
}
