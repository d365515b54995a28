//! Where a build may write: no output folder overlapping the chronicle's
//! inputs, and builds that survive being killed or run twice at once.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{read_tree, Site, BIN};

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
    Command::new(BIN)
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
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
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
        let mut child = spawn_build(&site, &out);
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
        let (run, built) = site.build_to("out", &[]);
        run.assert_ok();
        assert!(built.exists("index.html"));
        assert!(built.exists("entries/gen-02999/index.html"));
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
// What `init` makes.

#[test]
fn init_ignores_the_output_and_what_builds_leave_beside_it() {
    let site = crate::util::Site::empty();
    let dir = site.path("new");
    crate::util::run_in(&site.path(""), &["init", dir.to_str().unwrap()]).assert_ok();
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/site/"), "{ignore}");
    assert!(ignore.lines().any(|l| l == "/.site.chronicle-*"), "{ignore}");
}
