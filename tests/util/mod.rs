//! Shared helpers: a chronicle copied into a temporary folder, the real binary
//! run against it, and the output read back as files and parsed HTML.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_chronicle");

/// How long one run of the binary may take before the test fails (a hang is
/// a bug: a symlink loop must give an error, not spin).
const TIMEOUT: Duration = Duration::from_secs(60);

/// The folder of a fixture site under `tests/fixtures/`.
pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Copies a folder recursively (regular files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by path relative to it (with `/`), with its bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).unwrap();
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn success(&self) -> bool {
        self.code == Some(0)
    }

    /// Panics with the output unless the run exited 0.
    pub fn assert_ok(&self) -> &Self {
        assert!(self.success(), "expected success, got {self}");
        self
    }

    /// Panics unless the run exited with code 1.
    pub fn assert_fails(&self) -> &Self {
        assert_eq!(self.code, Some(1), "expected exit code 1, got {self}");
        self
    }

    /// Panics unless stderr has a line containing `needle`; returns that line.
    pub fn stderr_line(&self, needle: &str) -> &str {
        self.stderr
            .lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no stderr line contains {needle:?}; {self}"))
    }

    /// The `error:` lines on stderr.
    pub fn errors(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.contains(": error: ")).collect()
    }

    /// The `warning:` lines on stderr.
    pub fn warnings(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.contains(": warning: ")).collect()
    }
}

impl std::fmt::Display for Run {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "exit code {:?}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs the binary in `cwd` with `args`, failing the test if it takes longer
/// than [`TIMEOUT`].
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    run_in_with(cwd, args, &[])
}

/// [`run_in`] with these variables set in the binary's environment.
pub fn run_in_with(cwd: &Path, args: &[&str], env: &[(&str, &Path)]) -> Run {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(cwd)
        .envs(env.iter().copied())
        .env_remove("CHRONICLE_TIMINGS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start the chronicle binary");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut s = String::new();
            pipe.read_to_string(&mut s).unwrap();
            s
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("chronicle {args:?} did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// A chronicle copied into a fresh temporary folder: the source in `root()`,
/// builds going to folders beside it.
pub struct Site {
    tmp: TempDir,
}

impl Site {
    /// A copy of `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> Site {
        let tmp = tempfile::Builder::new().prefix("chronicle-test-").tempdir().unwrap();
        copy_dir(&fixture_path(name), &tmp.path().join("root"));
        Site { tmp }
    }

    /// An empty temporary folder (for `init`).
    pub fn empty() -> Site {
        let tmp = tempfile::Builder::new().prefix("chronicle-test-").tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("root")).unwrap();
        Site { tmp }
    }

    /// The chronicle's root folder.
    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("root")
    }

    /// A path beside the root, in the temporary folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.tmp.path().join(name)
    }

    /// Writes (or replaces) a file under the root, creating folders.
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    /// Replaces the first `from` in the file `rel` by `to` (it must be
    /// there), and returns the file's full path.
    pub fn edit(&self, rel: &str, from: &str, to: &str) -> PathBuf {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no `{from}`");
        self.write(rel, &text.replacen(from, to, 1));
        self.root().join(rel)
    }

    pub fn remove(&self, rel: &str) {
        std::fs::remove_file(self.root().join(rel)).unwrap();
    }

    /// Runs `chronicle --root ROOT ARGS...` from the temporary folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// [`Site::run`] with these variables set in the binary's environment.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &Path)]) -> Run {
        let root = self.root();
        let mut all = vec!["--root", root.to_str().unwrap()];
        all.extend_from_slice(args);
        run_in_with(self.tmp.path(), &all, env)
    }

    /// `chronicle build --out OUT EXTRA...`, where OUT is `name` beside the root.
    pub fn build_to(&self, name: &str, extra: &[&str]) -> (Run, Output) {
        let out = self.path(name);
        let mut args = vec!["build", "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        (self.run(&args), Output { dir: out })
    }

    /// A successful build into `out/`.
    pub fn build(&self) -> Output {
        self.build_with(&[])
    }

    /// A successful build into `out/` with extra flags.
    pub fn build_with(&self, extra: &[&str]) -> Output {
        let (run, out) = self.build_to("out", extra);
        run.assert_ok();
        out
    }

    /// `chronicle check`.
    pub fn check(&self) -> Run {
        self.run(&["check"])
    }
}

/// A built site.
pub struct Output {
    pub dir: PathBuf,
}

impl Output {
    pub fn exists(&self, rel: &str) -> bool {
        self.dir.join(rel).is_file()
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.dir.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Parses an output file as an HTML document.
    pub fn html(&self, rel: &str) -> Page {
        Page {
            path: rel.to_string(),
            doc: Html::parse_document(&self.read(rel)),
        }
    }

    /// The page at a site URL path such as `/entries/x/` (default root `/`).
    pub fn page(&self, url: &str) -> Page {
        self.html(&url_to_file(url.trim_start_matches('/')))
    }

    /// Every file of the output.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        read_tree(&self.dir)
    }

    /// The paths of every `.html` file of the output.
    pub fn html_files(&self) -> Vec<String> {
        self.files().into_keys().filter(|p| p.ends_with(".html")).collect()
    }
}

/// `entries/x/` → `entries/x/index.html`; `` → `index.html`.
pub fn url_to_file(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"))
}

/// Text of an element, whitespace collapsed.
pub fn text_of(e: ElementRef<'_>) -> String {
    e.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// One parsed HTML page of the output.
pub struct Page {
    pub path: String,
    pub doc: Html,
}

impl Page {
    /// Elements matching `css`, in document order.
    pub fn all(&self, css: &str) -> Vec<ElementRef<'_>> {
        self.doc.select(&sel(css)).collect()
    }

    /// The only element matching `css`.
    pub fn one(&self, css: &str) -> ElementRef<'_> {
        let v = self.all(css);
        assert_eq!(v.len(), 1, "{}: expected one `{css}`, found {}", self.path, v.len());
        v[0]
    }

    /// Texts of the elements matching `css`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.all(css).into_iter().map(text_of).collect()
    }

    /// Text of the only element matching `css`.
    pub fn text(&self, css: &str) -> String {
        text_of(self.one(css))
    }

    /// The `attr` values of the elements matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.all(css)
            .into_iter()
            .filter_map(|e| e.attr(attr).map(str::to_string))
            .collect()
    }

    /// The hrefs of the links inside elements matching `css`.
    pub fn hrefs(&self, css: &str) -> Vec<String> {
        self.attrs(&format!("{css} a[href]"), "href")
    }

    /// Whether an element has this id.
    pub fn has_id(&self, id: &str) -> bool {
        self.doc.select(&sel("[id]")).any(|e| e.value().attr("id") == Some(id))
    }
}

/// The entry slugs of `/entries/SLUG/` links, in order, each once.
pub fn entry_slugs(hrefs: &[String], root: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let prefix = format!("{root}entries/");
    for h in hrefs {
        if let Some(rest) = h.strip_prefix(&prefix) {
            let slug = rest.split(['/', '#']).next().unwrap_or_default().to_string();
            if !out.contains(&slug) {
                out.push(slug);
            }
        }
    }
    out
}

/// Checks that every internal `href` and `src` of every HTML file resolves to
/// an output file, and its `#fragment` to an id in it. `root` is the site's
/// URL path. Returns how many links were checked.
pub fn check_links(out: &Output, root: &str) -> usize {
    let files = out.files();
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let mut ids_of = |file: &str| -> HashSet<String> {
        ids.entry(file.to_string())
            .or_insert_with(|| {
                let doc = Html::parse_document(&String::from_utf8_lossy(&files[file]));
                doc.select(&sel("[id]"))
                    .filter_map(|e| e.value().attr("id").map(str::to_string))
                    .collect()
            })
            .clone()
    };
    let mut broken = Vec::new();
    let mut checked = 0;
    for path in out.html_files() {
        let page = out.html(&path);
        let links: Vec<String> = page
            .attrs("[href]", "href")
            .into_iter()
            .chain(page.attrs("[src]", "src"))
            .collect();
        for link in links {
            if link.starts_with("https://") || link.starts_with("http://") || link.starts_with("mailto:") {
                continue;
            }
            checked += 1;
            let (target, fragment) = match link.split_once('#') {
                Some((t, f)) => (t, Some(f)),
                None => (link.as_str(), None),
            };
            let file = if target.is_empty() {
                path.clone()
            } else if let Some(rest) = target.strip_prefix(root) {
                url_to_file(rest)
            } else {
                broken.push(format!("{path}: {link} is outside the site root {root}"));
                continue;
            };
            if !files.contains_key(&file) {
                broken.push(format!("{path}: {link} (no file {file})"));
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                // As a browser reads it: `#%DA%AF...` is the id `گ...`.
                let f = percent_encoding::percent_decode_str(f).decode_utf8_lossy();
                if !ids_of(&file).contains(f.as_ref()) {
                    broken.push(format!("{path}: {link} (no id `{f}` in {file})"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    checked
}
