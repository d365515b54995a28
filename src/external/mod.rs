//! `check --external`: every source URL, archived copy and external link
//! of the chronicle asked about over the network, and the dead or moved
//! ones reported where they are written.
//!
//! Three parts: [`collect`] finds the addresses and their places (no
//! network), [`probe`] asks about one address, and this module runs the
//! probes on a few threads, keeps the answers in the [`cache`] and turns
//! them into diagnostics and one closing line. Nothing here runs during
//! `build` or a plain `check`.

pub mod cache;
pub mod collect;
pub mod probe;

use std::collections::{BTreeSet, HashMap, VecDeque};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::config::{Config, CONFIG_FILE};
use crate::content::load;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::stages;

use cache::{Cache, Record};
use collect::{Kind, Target};
use probe::{Outcome, Prober, Settings, Status};

/// How to run the external check.
#[derive(Debug, Clone)]
pub struct Options {
    /// Include entries and pages marked `draft: true`.
    pub drafts: bool,
    /// Dead links are errors, not warnings.
    pub strict: bool,
    /// Cached answers younger than this are used without asking; zero asks
    /// about every address again.
    pub cache_age: Duration,
    pub settings: Settings,
    /// Show a progress line on stderr (a terminal's).
    pub progress: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            drafts: false,
            strict: false,
            cache_age: Duration::from_secs(7 * 86_400),
            settings: Settings::default(),
            progress: false,
        }
    }
}

/// What the external check found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Dead, moved and unchecked addresses, at each place they are written.
    pub diagnostics: Vec<Diagnostic>,
    pub summary: Summary,
}

impl Report {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// The counts of the closing line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Distinct addresses.
    pub links: usize,
    pub hosts: usize,
    pub ok: usize,
    pub moved: usize,
    pub dead: usize,
    pub not_checked: usize,
    /// Answers taken from the cache.
    pub from_cache: usize,
    /// Requests sent.
    pub requests: usize,
    pub elapsed: Duration,
}

impl Summary {
    /// `checked 412 links on 97 hosts: 398 ok, 6 moved, 5 dead, 3 not
    /// checked (1.9 s, 120 from cache)`.
    pub fn line(&self) -> String {
        let n = |count: usize, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
        format!(
            "checked {} on {}: {} ok, {} moved, {} dead, {} not checked ({:.1} s, {} from cache)",
            n(self.links, "link", "links"),
            n(self.hosts, "host", "hosts"),
            self.ok,
            self.moved,
            self.dead,
            self.not_checked,
            self.elapsed.as_secs_f64(),
            self.from_cache
        )
    }
}

/// Checks every external address of the chronicle at `root`. Fails only
/// when `chronicle.yaml` cannot be read (with its errors); content with
/// errors is checked as far as it could be read.
pub fn run(root: &Path, opts: &Options) -> Result<Report, Vec<Diagnostic>> {
    let start = Instant::now();
    let config = Config::load(root)?;
    let config_text = std::fs::read(root.join(CONFIG_FILE))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let (found, _) = load::scan(root);
    let parsed = stages::read_and_parse(found);
    // Their diagnostics are the plain check's, already reported.
    let docs = stages::documents(parsed.into_iter().map(|(_, p)| p), &mut Diagnostics::new());
    let targets = collect::collect(&docs, &config.intro, &config_text, opts.drafts);

    let mut cache = Cache::load(root);
    let now = cache::now();
    let mut outcomes: Vec<Option<Outcome>> = targets
        .iter()
        .map(|t| cache.fresh(&t.url, opts.cache_age, now))
        .collect();
    let from_cache = outcomes.iter().filter(|o| o.is_some()).count();
    let todo: Vec<usize> = (0..targets.len()).filter(|&i| outcomes[i].is_none()).collect();
    let prober = Prober::new(opts.settings.clone());
    let progress = opts.progress.then(|| progress_bar(targets.len(), from_cache));
    for (i, outcome) in ask_all(&prober, &targets, todo, progress.as_ref()) {
        if let Some(r) = Record::of(&outcome, now) {
            cache.links.insert(targets[i].url.clone(), r);
        }
        outcomes[i] = Some(outcome);
    }
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }

    let mut diags = Diagnostics::new();
    if let Err(e) = cache.save(targets.iter().map(|t| t.url.as_str())) {
        diags.push(Diagnostic::warning(
            format!("{}/{}", cache::STATE_DIR, cache::CACHE_FILE),
            0,
            0,
            format!("the link cache could not be written ({e}); the next run asks about every link again"),
        ));
    }
    let archives = known_archives(&targets);
    let mut summary = Summary {
        links: targets.len(),
        hosts: targets.iter().map(Target::host).collect::<BTreeSet<_>>().len(),
        from_cache,
        requests: prober.requests(),
        ..Summary::default()
    };
    for (t, o) in targets.iter().zip(&outcomes) {
        let Some(o) = o else { continue };
        match &o.status {
            Status::Ok => summary.ok += 1,
            Status::Moved(_) => summary.moved += 1,
            Status::Dead(_) => summary.dead += 1,
            Status::NotChecked(_) => summary.not_checked += 1,
        }
        diags.extend(diagnostics(t, &o.status, opts.strict, &archives));
    }
    summary.elapsed = start.elapsed();
    Ok(Report {
        diagnostics: diags.into_sorted(),
        summary,
    })
}

/// Source addresses with an archived copy: a body link to one of them is
/// pointed at that copy when it is dead.
fn known_archives(targets: &[Target]) -> HashMap<&str, &str> {
    targets
        .iter()
        .filter_map(|t| {
            let archive = t.places.iter().find_map(|p| p.archive.as_deref())?;
            Some((t.url.as_str(), archive))
        })
        .collect()
}

/// What `status` means at each place of `target`.
pub fn diagnostics(target: &Target, status: &Status, strict: bool, archives: &HashMap<&str, &str>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &target.places {
        let what = format!("{} {}", p.kind.noun(), p.written);
        let at = |message: String, error: bool| {
            let d = if error { Diagnostic::error } else { Diagnostic::warning };
            d(&p.path, p.line, p.column, message)
        };
        match status {
            Status::Ok => {}
            Status::Moved(to) => out.push(at(format!("{what} moved permanently to {to}: update the link"), false)),
            Status::Dead(why) => {
                let archive = p
                    .archive
                    .as_deref()
                    .or_else(|| archives.get(target.url.as_str()).copied());
                let hint = match (p.kind, archive) {
                    (Kind::Archive, _) => "give another archived copy, or remove `archive_url`".to_string(),
                    (_, Some(a)) => format!("its archived copy: {a}"),
                    (Kind::Source, None) => "add an archived copy (archive_url:), e.g. from the Wayback Machine".into(),
                    (Kind::Link, None) => "link an archived copy instead, e.g. from the Wayback Machine".into(),
                };
                out.push(at(format!("{what} is dead ({why}); {hint}"), strict));
            }
            Status::NotChecked(why) => out.push(at(format!("{what} could not be checked ({why})"), false)),
        }
    }
    out
}

/// The order to ask in: hosts taken in turn, so the threads start on
/// different hosts and one host's pauses hold up only its own addresses.
fn interleaved(targets: &[Target], todo: Vec<usize>) -> VecDeque<(usize, String)> {
    let mut by_host: Vec<(String, VecDeque<usize>)> = Vec::new();
    for i in todo {
        let host = targets[i].host();
        match by_host.iter_mut().find(|(h, _)| *h == host) {
            Some((_, q)) => q.push_back(i),
            None => by_host.push((host, VecDeque::from([i]))),
        }
    }
    let mut out = VecDeque::new();
    while by_host.iter().any(|(_, q)| !q.is_empty()) {
        for (host, q) in &mut by_host {
            if let Some(i) = q.pop_front() {
                out.push_back((i, host.clone()));
            }
        }
    }
    out
}

/// The work left, and the hosts being asked now.
struct Queue {
    items: VecDeque<(usize, String)>,
    busy: HashMap<String, usize>,
}

impl Queue {
    /// The next address whose host is free (or the next of all, when
    /// every host left is being asked: its thread then waits its turn).
    fn take(&mut self) -> Option<(usize, String)> {
        let at = self
            .items
            .iter()
            .position(|(_, h)| !self.busy.contains_key(h))
            .unwrap_or(0);
        let item = self.items.remove(at)?;
        *self.busy.entry(item.1.clone()).or_default() += 1;
        Some(item)
    }

    fn done(&mut self, host: &str) {
        if let Some(n) = self.busy.get_mut(host) {
            *n -= 1;
            if *n == 0 {
                self.busy.remove(host);
            }
        }
    }
}

/// Asks about `todo` on a few threads; returns each index's outcome.
fn ask_all(
    prober: &Prober,
    targets: &[Target],
    todo: Vec<usize>,
    progress: Option<&indicatif::ProgressBar>,
) -> Vec<(usize, Outcome)> {
    let workers = prober.settings().workers.clamp(1, todo.len().max(1));
    let queue = Mutex::new(Queue {
        items: interleaved(targets, todo),
        busy: HashMap::new(),
    });
    let results = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let Some((i, host)) = queue.lock().unwrap_or_else(|e| e.into_inner()).take() else {
                    break;
                };
                if let Some(bar) = progress {
                    bar.set_message(host.clone());
                }
                let outcome = prober.check(&targets[i].url);
                queue.lock().unwrap_or_else(|e| e.into_inner()).done(&host);
                if let Some(bar) = progress {
                    bar.inc(1);
                }
                results.lock().unwrap_or_else(|e| e.into_inner()).push((i, outcome));
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// `⠋ 120/412 links  news.example.org`, on stderr, without colour when
/// `NO_COLOR` is set.
fn progress_bar(total: usize, done: usize) -> indicatif::ProgressBar {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let template = if no_color {
        "{spinner} checking links {pos}/{len}  {wide_msg}"
    } else {
        "{spinner:.cyan} checking links {pos}/{len}  {wide_msg:.dim}"
    };
    let bar = indicatif::ProgressBar::with_draw_target(Some(total as u64), indicatif::ProgressDrawTarget::stderr());
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.set_position(done as u64);
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

#[cfg(test)]
mod tests {
    use super::collect::Place;
    use super::*;

    fn target(url: &str, places: &[(Kind, Option<&str>)]) -> Target {
        Target {
            url: url.into(),
            places: places
                .iter()
                .enumerate()
                .map(|(i, (kind, archive))| Place {
                    path: "content/entries/e.md".into(),
                    line: i + 1,
                    column: 3,
                    kind: *kind,
                    written: url.into(),
                    archive: archive.map(str::to_string),
                })
                .collect(),
        }
    }

    #[test]
    fn dead_links_say_where_an_archived_copy_is_or_ask_for_one() {
        let t = target(
            "https://x.example/a",
            &[
                (Kind::Source, Some("https://web.archive.org/web/1/x")),
                (Kind::Link, None),
            ],
        );
        let archives = known_archives(std::slice::from_ref(&t));
        let ds = diagnostics(&t, &Status::Dead("404 Not Found".into()), false, &archives);
        let lines: Vec<String> = ds.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "content/entries/e.md:1:3: warning: source URL https://x.example/a is dead (404 Not Found); its archived copy: https://web.archive.org/web/1/x",
                "content/entries/e.md:2:3: warning: link https://x.example/a is dead (404 Not Found); its archived copy: https://web.archive.org/web/1/x",
            ]
        );
        let bare = target("https://y.example/", &[(Kind::Source, None), (Kind::Archive, None)]);
        let ds = diagnostics(&bare, &Status::Dead("410 Gone".into()), true, &HashMap::new());
        assert!(ds.iter().all(Diagnostic::is_error));
        assert!(ds[0]
            .message
            .ends_with("; add an archived copy (archive_url:), e.g. from the Wayback Machine"));
        assert!(ds[1]
            .message
            .starts_with("archived copy https://y.example/ is dead (410 Gone)"));
        let moved = diagnostics(
            &bare,
            &Status::Moved("https://z.example/".into()),
            true,
            &HashMap::new(),
        );
        assert_eq!(
            moved[0].to_string(),
            "content/entries/e.md:1:3: warning: source URL https://y.example/ moved permanently to https://z.example/: update the link"
        );
        assert!(diagnostics(&bare, &Status::Ok, true, &HashMap::new()).is_empty());
    }

    #[test]
    fn hosts_take_turns_and_a_busy_host_waits() {
        let ts: Vec<Target> = ["https://a.example/1", "https://a.example/2", "https://b.example/1"]
            .iter()
            .map(|u| target(u, &[]))
            .collect();
        let order: Vec<usize> = interleaved(&ts, vec![0, 1, 2]).into_iter().map(|(i, _)| i).collect();
        assert_eq!(order, [0, 2, 1]);
        let mut q = Queue {
            items: interleaved(&ts, vec![0, 1, 2]),
            busy: HashMap::new(),
        };
        assert_eq!(q.take().map(|x| x.0), Some(0));
        q.items.rotate_left(1); // a.example/2 first, b.example/1 after
        assert_eq!(
            q.take().map(|x| x.0),
            Some(2),
            "a.example is busy: b.example goes first"
        );
        q.done("a.example");
        assert_eq!(q.take().map(|x| x.0), Some(1));
        assert_eq!(q.take(), None);
    }

    #[test]
    fn the_closing_line() {
        let s = Summary {
            links: 412,
            hosts: 97,
            ok: 398,
            moved: 6,
            dead: 5,
            not_checked: 3,
            from_cache: 120,
            requests: 300,
            elapsed: Duration::from_millis(1900),
        };
        assert_eq!(
            s.line(),
            "checked 412 links on 97 hosts: 398 ok, 6 moved, 5 dead, 3 not checked (1.9 s, 120 from cache)"
        );
        let one = Summary {
            links: 1,
            hosts: 1,
            ok: 1,
            ..Summary::default()
        };
        assert!(one.line().starts_with("checked 1 link on 1 host: 1 ok"));
    }
}
