//! What a build may read and where it may write: nothing from outside the
//! chronicle, no output folder overlapping its inputs, no static file in
//! place of a generated page, and builds that survive being killed, run
//! twice at once, or a full disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chronicle::serve::session::Session;
use chronicle::site::Options;

use crate::util::{read_tree, Site, BIN};

/// A file outside the chronicle's root (beside it, in the temporary folder).
fn secret_beside(site: &Site, name: &str, text: &str) -> PathBuf {
    let p = site.path(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[cfg(unix)]
fn link(target: &Path, at: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// The names beside the root in the temporary folder, but the root.
fn beside(site: &Site) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(site.path(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "root")
        .collect();
    v.sort();
    v
}

fn contains(files: &BTreeMap<String, Vec<u8>>, needle: &str) -> Vec<String> {
    files
        .iter()
        .filter(|(_, b)| String::from_utf8_lossy(b).contains(needle))
        .map(|(p, _)| p.clone())
        .collect()
}

const ENTRY: &str = "---\ntitle: \"Linked in\"\ndate: 2025-06-01\nactors: [pakistan]\nsources:\n  - title: \"S\"\n---\nTOP-SECRET-BODY\n";

#[cfg(unix)]
#[test]
fn a_static_link_to_a_file_outside_the_chronicle_is_not_published() {
    let site = Site::fixture("basic");
    let secret = secret_beside(&site, "secret.txt", "TOP-SECRET-VALUE\n");
    link(&secret, &site.root().join("static/leak.txt"));
    link(Path::new("/etc/passwd"), &site.root().join("static/passwd"));
    link(Path::new("/proc/self/environ"), &site.root().join("static/env.txt"));
    // A whole folder linked from outside.
    std::fs::create_dir(site.path("shared")).unwrap();
    std::fs::write(site.path("shared/more.txt"), "TOP-SECRET-VALUE\n").unwrap();
    link(&site.path("shared"), &site.root().join("static/shared"));
    let (run, out) = site.build_to("out", &[]);
    run.assert_ok();
    let files = out.files();
    for p in ["leak.txt", "passwd", "env.txt", "shared/more.txt"] {
        assert!(!files.contains_key(p), "{p} was published");
    }
    assert!(contains(&files, "TOP-SECRET-VALUE").is_empty());
    run.stderr_line(
        "static/leak.txt:1:1: warning: skipped: `static/leak.txt` is a link to a file outside the chronicle",
    );
    run.stderr_line("skipped: `static/env.txt` is a link to a file outside the chronicle");
    run.stderr_line("skipped: `static/passwd` is a link");
    run.stderr_line("skipped: `static/shared` is a link to a folder outside the chronicle");
    assert!(run.stdout.contains("(4 warnings)"), "{run}");
    // `check` says the same.
    let check = site.check();
    check.assert_ok();
    check.stderr_line("skipped: `static/leak.txt` is a link");
}

#[cfg(unix)]
#[test]
fn a_content_entry_linked_from_outside_is_skipped() {
    let site = Site::fixture("basic");
    let secret = secret_beside(&site, "leak.md", ENTRY);
    link(&secret, &site.root().join("content/entries/leak.md"));
    std::fs::create_dir(site.path("more")).unwrap();
    std::fs::write(site.path("more/other.md"), ENTRY).unwrap();
    link(&site.path("more"), &site.root().join("content/entries/more"));
    let (run, out) = site.build_to("out", &[]);
    run.assert_ok();
    assert!(!out.exists("entries/leak/index.html"));
    assert!(!out.exists("entries/other/index.html"));
    assert!(contains(&out.files(), "TOP-SECRET-BODY").is_empty());
    run.stderr_line("content/entries/leak.md:1:1: warning: skipped: `content/entries/leak.md` is a link to a file outside the chronicle");
    run.stderr_line("skipped: `content/entries/more` is a link to a folder outside the chronicle");
}

#[cfg(unix)]
#[test]
fn a_template_or_theme_linked_from_outside_is_skipped() {
    let site = Site::fixture("basic");
    let secret = secret_beside(
        &site,
        "evil.html",
        "{% extends \"base.html\" %}{% block content %}TOP-SECRET-TEMPLATE{% endblock content %}",
    );
    link(&secret, &site.root().join("templates/entry.html"));
    let (run, out) = site.build_to("out", &[]);
    run.assert_ok();
    assert!(contains(&out.files(), "TOP-SECRET-TEMPLATE").is_empty());
    run.stderr_line("skipped: `templates/entry.html` is a link to a file outside the chronicle");

    // A theme folder that is a link to outside the chronicle is not read.
    let site = Site::fixture("basic");
    let theme = site.path("outside-theme");
    crate::util::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"), &theme);
    std::fs::write(theme.join("static/secret.txt"), "TOP-SECRET-THEME\n").unwrap();
    link(&theme, &site.root().join("themes/outside"));
    site.edit("chronicle.yaml", "theme: default", "theme: outside");
    let (run, out) = site.build_to("out", &[]);
    assert!(!out.exists("secret.txt"));
    run.stderr_line("skipped: `themes/outside/static` is a link to a folder outside the chronicle");
}

#[cfg(unix)]
#[test]
fn links_that_stay_inside_the_chronicle_keep_working() {
    let site = Site::fixture("basic");
    site.write("assets/logo.txt", "inside logo\n");
    link(Path::new("../assets/logo.txt"), &site.root().join("static/logo.txt"));
    link(Path::new("../assets"), &site.root().join("static/assets"));
    let (run, out) = site.build_to("out", &[]);
    run.assert_ok();
    assert_eq!(run.warnings(), Vec::<&str>::new(), "{run}");
    assert_eq!(out.read("logo.txt"), "inside logo\n");
    assert_eq!(out.read("assets/logo.txt"), "inside logo\n");
}

#[cfg(unix)]
#[test]
fn special_files_are_skipped_not_read() {
    let site = Site::fixture("basic");
    for fifo in ["static/pipe.txt", "content/entries/pipe.md", "templates/pipe.html"] {
        let p = site.root().join(fifo);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        let made = Command::new("mkfifo").arg(&p).status().expect("run mkfifo");
        assert!(made.success());
    }
    link(Path::new("/dev/zero"), &site.root().join("static/zero.bin"));
    let (run, out) = site.build_to("out", &[]);
    run.assert_ok();
    assert!(!out.exists("pipe.txt"));
    assert!(!out.exists("zero.bin"));
    run.stderr_line(
        "static/pipe.txt:1:1: warning: skipped: `static/pipe.txt` is a named pipe (FIFO), not a regular file",
    );
    run.stderr_line("skipped: `content/entries/pipe.md` is a named pipe");
    run.stderr_line("skipped: `templates/pipe.html` is a named pipe");
    // /dev is outside the chronicle, and a device besides.
    run.stderr_line("skipped: `static/zero.bin` is a link to a file outside the chronicle");
}

#[cfg(unix)]
#[test]
fn serve_reads_nothing_from_outside_the_chronicle() {
    let site = Site::fixture("basic");
    let secret = secret_beside(&site, "secret.txt", "TOP-SECRET-VALUE\n");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    // Links appearing while serving.
    link(&secret, &site.root().join("static/leak.txt"));
    let md = secret_beside(&site, "leak.md", ENTRY);
    link(&md, &site.root().join("content/entries/leak.md"));
    let r = s
        .apply(&[
            site.root().join("static/leak.txt"),
            site.root().join("content/entries/leak.md"),
        ])
        .expect("rebuild");
    let files = s.files();
    assert!(!files.contains_key("leak.txt"));
    assert!(!files.contains_key("entries/leak/index.html"));
    assert!(files
        .values()
        .all(|b| !String::from_utf8_lossy(b).contains("TOP-SECRET")));
    assert!(
        r.warnings.iter().any(|w| w
            .message
            .contains("`content/entries/leak.md` is a link to a file outside")),
        "{:?}",
        r.warnings
    );
    // And from the start.
    let (s, first) = Session::new(Options::new(site.root()));
    first.expect("build with links");
    assert!(!s.files().contains_key("leak.txt"));
}

#[cfg(unix)]
#[test]
fn serve_does_not_follow_a_known_file_that_became_a_link_out() {
    // serve reads a file it already knows without walking the folder again:
    // that read must refuse a link out of the chronicle too.
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let known = site.root().join("content/entries/torkham-reopens.md");
    let md = secret_beside(&site, "leak.md", ENTRY);
    std::fs::remove_file(&known).unwrap();
    link(&md, &known);
    let _ = s.apply(std::slice::from_ref(&known));
    assert!(
        s.files()
            .values()
            .all(|b| !String::from_utf8_lossy(b).contains("TOP-SECRET")),
        "serve published a file from outside the chronicle"
    );
}

#[cfg(unix)]
#[test]
fn a_configuration_linked_from_outside_is_refused() {
    let site = Site::fixture("basic");
    let config = secret_beside(&site, "outside.yaml", &site.read("chronicle.yaml"));
    std::fs::remove_file(site.root().join("chronicle.yaml")).unwrap();
    link(&config, &site.root().join("chronicle.yaml"));
    let (run, out) = site.build_to("out", &[]);
    run.assert_fails();
    assert!(!out.dir.exists());
    assert!(
        run.stderr
            .contains("chronicle.yaml: error: `chronicle.yaml` is a link to a file outside the chronicle")
            || run
                .stderr
                .contains("`chronicle.yaml` is a link to a file outside the chronicle"),
        "{run}"
    );
}

// ---------------------------------------------------------------------------
// Interrupted and concurrent builds.

/// A chronicle of `n` generated entries (on the basic fixture's actors).
fn large(n: usize) -> Site {
    let site = Site::fixture("basic");
    for i in 0..n {
        site.write(
            &format!("content/entries/gen-{i:05}.md"),
            &format!(
                "---\ntitle: \"Generated entry {i}\"\ndate: 20{:02}-{:02}-{:02}\nactors: [pakistan, afghanistan]\ntopics: [diplomacy]\nsources:\n  - title: \"Source {i}\"\n---\n\nBody of generated entry {i}, with [Pakistan](actor:pakistan).\n",
                10 + i % 15,
                1 + i % 12,
                1 + i % 28
            ),
        );
    }
    site
}

fn spawn_build(site: &Site, out: &Path) -> Child {
    spawn_build_with(site, out, &[])
}

fn spawn_build_with(site: &Site, out: &Path, env: &[(&str, &str)]) -> Child {
    build_command(site, out, BIN, &[])
        .envs(env.iter().copied())
        .spawn()
        .unwrap()
}

/// A build of a large chronicle, on one thread and at the lowest priority
/// (through `nice`, where there is one): slow enough to be killed midway,
/// and leaving the CPU to the other tests, some of which are timed.
fn spawn_background_build(site: &Site, out: &Path) -> Child {
    let nice = Command::new("nice").arg("true").status().is_ok_and(|s| s.success());
    let ionice = Command::new("ionice")
        .args(["-c", "3", "true"])
        .status()
        .is_ok_and(|s| s.success());
    let mut cmd = if nice && ionice {
        build_command(site, out, "ionice", &["-c", "3", "nice", "-n", "19", BIN])
    } else if nice {
        build_command(site, out, "nice", &["-n", "19", BIN])
    } else {
        build_command(site, out, BIN, &[])
    };
    cmd.env("RAYON_NUM_THREADS", "1").spawn().unwrap()
}

fn build_command(site: &Site, out: &Path, program: &str, before: &[&str]) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(before)
        .args([
            "--root",
            site.root().to_str().unwrap(),
            "build",
            "--out",
            out.to_str().unwrap(),
        ])
        .env_remove("CHRONICLE_TIMINGS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn wait_output(child: Child) -> crate::util::Run {
    let out = child.wait_with_output().unwrap();
    crate::util::Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// How many files the staging folders beside the output hold so far
/// (folders may go while they are counted).
fn staged_files(site: &Site) -> usize {
    fn count(dir: &Path) -> usize {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        entries
            .flatten()
            .map(|e| match e.file_type() {
                Ok(t) if t.is_dir() => count(&e.path()),
                _ => 1,
            })
            .sum()
    }
    beside(site)
        .iter()
        .filter(|n| n.contains("chronicle-staging"))
        .map(|n| count(&site.path(n)))
        .sum()
}

#[test]
fn leftovers_of_killed_builds_are_cleared() {
    let site = Site::fixture("basic");
    site.build();
    // What builds killed at various points leave: the old fixed-name old
    // output (which blocked every later build), staging folders, old outputs.
    for dir in [
        ".out.old",
        ".out.chronicle-staging-4242",
        ".out.chronicle-staging-77-1234abcd-0",
        ".out.chronicle-old-77-1234abcd-1",
    ] {
        crate::util::copy_dir(&site.path("out"), &site.path(dir));
    }
    std::fs::write(site.path(".out.chronicle-lock"), "").unwrap();
    let (run, out) = site.build_to("out", &[]);
    run.assert_ok();
    assert!(out.exists("index.html"));
    assert_eq!(beside(&site), ["out"], "{run}");
    run.stderr_line("note: removed");
}

#[test]
fn a_missing_output_is_put_back_from_the_old_one() {
    let site = Site::fixture("basic");
    let out = site.build();
    std::fs::write(out.dir.join("index.html"), "THE PREVIOUS SITE").unwrap();
    // Killed between moving the output away and moving the new one in.
    std::fs::rename(&out.dir, site.path(".out.old")).unwrap();
    // This build fails while rendering, after taking the lock: the output
    // it would have replaced is back, untouched.
    site.write("templates/entry.html", "{{ no_such_variable.field }}");
    let (run, _) = site.build_to("out", &[]);
    run.assert_fails();
    run.stderr_line("note: put back");
    assert_eq!(out.read("index.html"), "THE PREVIOUS SITE");
    assert_eq!(beside(&site), ["out"], "{run}");
    // With the new naming too, and then a good build.
    std::fs::rename(&out.dir, site.path(".out.chronicle-old-1-0-0")).unwrap();
    site.remove("templates/entry.html");
    let (run, _) = site.build_to("out", &[]);
    run.assert_ok();
    assert_ne!(out.read("index.html"), "THE PREVIOUS SITE");
    assert_eq!(beside(&site), ["out"], "{run}");
}

#[cfg(unix)]
#[test]
fn a_build_killed_midway_does_not_block_the_next() {
    let site = large(3000);
    let out = site.path("out");
    for round in 0..2 {
        let mut child = spawn_background_build(&site, &out);
        // Kill it once it has written part of the site.
        let start = Instant::now();
        while staged_files(&site) < 200 {
            if child.try_wait().unwrap().is_some() || start.elapsed() > Duration::from_secs(120) {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        let left = beside(&site);
        if status.success() {
            eprintln!("round {round}: the build finished before it could be killed");
        } else {
            assert!(
                left.iter().any(|n| n.contains(".out.chronicle-")),
                "round {round}: nothing left to clear: {left:?}"
            );
        }
        let run = wait_output(spawn_background_build(&site, &out));
        run.assert_ok();
        assert!(out.join("index.html").is_file());
        assert!(out.join("entries/gen-02999/index.html").is_file());
        assert_eq!(beside(&site), ["out"], "round {round}: {run}");
    }
}

#[test]
fn two_builds_at_once_both_succeed() {
    let site = Site::fixture("basic");
    let (reference, ref_out) = site.build_to("ref", &[]);
    reference.assert_ok();
    let out = site.path("out");
    for _ in 0..3 {
        let a = spawn_build(&site, &out);
        let b = spawn_build(&site, &out);
        let (a, b) = (wait_output(a), wait_output(b));
        a.assert_ok();
        b.assert_ok();
        assert_eq!(read_tree(&out), ref_out.files());
        assert_eq!(beside(&site), ["out", "ref"]);
    }
}

#[test]
fn a_build_waits_for_the_one_holding_the_lock() {
    let site = Site::fixture("basic");
    let lock = std::fs::File::create(site.path(".out.chronicle-lock")).unwrap();
    lock.lock().unwrap();
    let mut child = spawn_build(&site, &site.path("out"));
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "the build did not wait");
    assert!(!site.path("out").exists());
    lock.unlock().unwrap();
    let run = wait_output(child);
    run.assert_ok();
    run.stderr_line("waiting for another build of");
    assert!(site.path("out/index.html").is_file());
}

// ---------------------------------------------------------------------------
// Output folders overlapping the inputs.

#[test]
fn an_output_folder_inside_or_around_an_input_is_refused() {
    let site = Site::fixture("basic");
    site.write("static/robots-extra.txt", "x\n");
    let before = read_tree(&site.root());
    let root = site.root();
    for out in [
        "templates",
        "static/x",
        "static",
        "content/entries",
        "themes/default",
        "chronicle.yaml",
    ] {
        let out = root.join(out);
        let run = site.run(&["build", "--out", out.to_str().unwrap()]);
        run.assert_fails();
        let line = run.stderr_line("refusing to build into");
        assert!(line.contains("choose another --out"), "{line}");
        assert_eq!(read_tree(&site.root()), before, "{run}");
    }
    let run = site.run(&["build", "--out", root.join("templates").to_str().unwrap()]);
    run.stderr_line("it is inside the chronicle's templates/");
    // A folder holding an input, through a link: static/ kept elsewhere.
    let site = Site::fixture("basic");
    std::fs::create_dir_all(site.path("shared/static")).unwrap();
    std::fs::write(site.path("shared/static/x.txt"), "x\n").unwrap();
    #[cfg(unix)]
    {
        link(&site.path("shared/static"), &site.root().join("static"));
        let run = site.run(&["build", "--out", site.path("shared").to_str().unwrap()]);
        run.assert_fails();
        run.stderr_line("it contains the chronicle's static/");
    }
    // The usual place is fine.
    site.run(&["build"]).assert_ok();
}

// ---------------------------------------------------------------------------
// Static files in place of generated ones.

#[test]
fn a_static_file_may_not_replace_a_generated_page() {
    let site = Site::fixture("basic");
    site.write("static/index.html", "<p>mine</p>");
    site.write("static/search/manifest.json", "[]");
    let (run, out) = site.build_to("out", &[]);
    run.assert_fails();
    assert!(!out.dir.exists());
    run.stderr_line(
        "static/index.html:1:1: error: static/index.html would replace the generated home page (`index.html`); rename or remove it",
    );
    run.stderr_line("static/search/manifest.json would replace the generated search index");
    let check = site.check();
    check.assert_fails();
    check.stderr_line("static/index.html would replace the generated home page");
    // A file where pages need a folder.
    let site = Site::fixture("basic");
    site.write("static/entries", "x");
    let (run, _) = site.build_to("out", &[]);
    run.assert_fails();
    run.stderr_line("static/entries is a file where the site needs the folder `entries/`");
}

#[test]
fn a_theme_static_file_may_not_replace_a_generated_page() {
    let site = Site::fixture("basic");
    crate::util::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &site.root().join("themes/mine"),
    );
    site.write("themes/mine/static/feed.xml", "<feed/>");
    site.edit("chronicle.yaml", "theme: default", "theme: mine");
    let (run, _) = site.build_to("out", &[]);
    run.assert_fails();
    run.stderr_line("themes/mine/static/feed.xml would replace the generated feed (`feed.xml`)");
}

#[test]
fn serve_reports_a_static_file_in_place_of_a_page() {
    let site = Site::fixture("basic");
    let (mut s, first) = Session::new(Options::new(site.root()));
    first.expect("first build");
    let home = s.files()["index.html"].clone();
    site.write("static/index.html", "<p>mine</p>");
    let errors = s.apply(&[site.root().join("static/index.html")]).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|d| d.path == "static/index.html" && d.message.contains("would replace the generated home page")),
        "{errors:?}"
    );
    // The last good site stays.
    assert_eq!(s.files()["index.html"], home);
    let (_, fresh) = Session::new(Options::new(site.root()));
    assert!(fresh.is_err());
    // Removing it builds again.
    site.remove("static/index.html");
    s.apply(&[site.root().join("static/index.html")]).expect("fixed");
}

// ---------------------------------------------------------------------------
// A full disk.

/// A tiny tmpfs mounted for one test, unmounted when dropped.
struct Tmpfs(PathBuf);

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(dir.to_path_buf()))
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_reported_once() {
    let site = Site::fixture("basic");
    let Some(disk) = Tmpfs::mount(&site.path("disk"), "64k") else {
        eprintln!("skipped: cannot mount a tmpfs here");
        return;
    };
    let out = disk.0.join("out");
    let run = site.run(&["build", "--out", out.to_str().unwrap()]);
    run.assert_fails();
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{run}");
    let line = lines[0];
    assert!(
        line.starts_with(&format!(
            "error: cannot write the site to {}: No space left on device (os error 28), ",
            out.display()
        )),
        "{line}"
    );
    assert!(line.ends_with(" files not written"), "{line}");
    assert!(!out.exists());
    // Nothing is left on the disk but the (unlocked) lock's absence.
    assert_eq!(std::fs::read_dir(&disk.0).unwrap().count(), 0);
}

// ---------------------------------------------------------------------------
// Messages.

#[test]
fn check_says_it_wrote_nothing() {
    let site = Site::fixture("basic");
    let run = site.check();
    run.assert_ok();
    let line = run.stdout.trim_end();
    let rest = line
        .strip_prefix("checked 9 entries, 6 actors, 3 topics: ")
        .unwrap_or_else(|| panic!("{line}"));
    assert!(rest.ends_with(" ms, nothing written"), "{line}");
    assert!(rest.contains(" pages rendered in "), "{line}");
    assert!(!line.contains("written in"), "{line}");
}

#[test]
fn a_misspelt_section_folder_gets_a_suggestion() {
    let site = Site::fixture("basic");
    site.write("content/entrys/x.md", ENTRY);
    let (run, _) = site.build_to("out", &[]);
    run.assert_ok();
    run.stderr_line("content/entrys/x.md:1:1: warning: ignored: Markdown files belong in content/entries, content/actors, content/topics or content/pages; did you mean `content/entries/`?");
}

// ---------------------------------------------------------------------------
// What `init` makes.

#[test]
fn init_ignores_the_output_and_what_builds_leave_beside_it() {
    let site = crate::util::Site::empty();
    let dir = site.path("new");
    crate::util::run_in(&site.path(""), &["init", dir.to_str().unwrap()]).assert_ok();
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/site/"), "{ignore}");
    assert!(ignore.lines().any(|l| l == "/.site.chronicle-*"), "{ignore}");
    assert!(ignore.lines().any(|l| l == "/.chronicle/"), "the link cache: {ignore}");
}
