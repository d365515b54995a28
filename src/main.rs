//! The command line: parse arguments, call the library, print the outcome.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

/// Builds allocate and free millions of small strings across threads;
/// mimalloc handles that far better than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use chronicle::diagnostics::Diagnostic;
use chronicle::external::{self, cache::parse_duration};
use chronicle::scaffold;
use chronicle::site::{self, Error, Options};

#[derive(Parser)]
#[command(
    name = "chronicle",
    version,
    about = "Build a cross-linked website from a relations chronicle"
)]
struct Cli {
    /// The chronicle's folder (the one holding chronicle.yaml).
    #[arg(short, long, global = true, default_value = ".")]
    root: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (default: site/).
    Build {
        /// Output folder.
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Base URL to use instead of chronicle.yaml's, e.g. https://example.org/chronicle/.
        #[arg(long)]
        base_url: Option<String>,
        /// Include entries and pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Validate content, templates and links without writing anything.
    Check {
        /// Include entries and pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Fail when a URL of FILE (a sitemap.xml saved from the live site,
        /// or a list of URLs, one per line) is no longer served by a page or
        /// a `redirect_from:`.
        #[arg(long, value_name = "FILE")]
        published: Option<PathBuf>,
        /// Then ask over the network about every source URL, archived copy and
        /// external link, and report the dead and moved ones.
        #[arg(long)]
        external: bool,
        /// With --external: a dead link is an error (and the check fails), not a warning.
        #[arg(long, requires = "external")]
        strict: bool,
        /// Print the diagnostics only: no progress line, no closing line.
        #[arg(short, long)]
        quiet: bool,
        /// With --external: use cached answers younger than this (7d, 12h, 30m; 0 asks again).
        #[arg(long, value_name = "AGE", requires = "external", value_parser = parse_duration)]
        cache_age: Option<Duration>,
        /// With --external: how long to wait for a connection, and for an answer (10s, 500ms).
        #[arg(long, value_name = "TIME", requires = "external", value_parser = parse_duration)]
        timeout: Option<Duration>,
    },
    /// Preview the chronicle: build in memory, serve it, rebuild and reload on every change.
    Serve {
        /// Port to listen on (default 1111, or a free port if that is taken; 0 for any free port).
        #[arg(short, long)]
        port: Option<u16>,
        /// Address to listen on. On a loopback address (the default) only requests
        /// for localhost, 127.0.0.1 or [::1] are answered, which guards against DNS
        /// rebinding; any other address (0.0.0.0, a LAN IP) exposes the preview to
        /// the network and answers any Host.
        #[arg(short, long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include entries and pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Create a new content file from the command line.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Create a new chronicle in DIR with the default theme and a first entry.
    Init {
        /// Folder to create (must not exist, or be empty).
        dir: PathBuf,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A new entry: content/entries/<slug>.md.
    Entry {
        title: String,
        /// YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// Actors (slugs, names or aliases), separated by `,` or `،`.
        #[arg(long, value_delimiter = ',', required = true)]
        actors: Vec<String>,
        /// Topics (slugs or names), separated by `,` or `،`.
        #[arg(long, value_delimiter = ',')]
        topics: Vec<String>,
        /// File name (slug) to use instead of one made from the date and title.
        #[arg(long)]
        slug: Option<String>,
    },
    /// A new actor: content/actors/<slug>.md.
    Actor {
        name: String,
        /// state, person, organization or group.
        #[arg(long)]
        kind: Option<String>,
        /// File name (slug) to use instead of one made from the name.
        #[arg(long)]
        slug: Option<String>,
    },
    /// A new topic: content/topics/<slug>.md.
    Topic {
        name: String,
        /// File name (slug) to use instead of one made from the name.
        #[arg(long)]
        slug: Option<String>,
    },
}

fn print_diagnostics(ds: &[Diagnostic]) {
    for d in ds {
        eprintln!("{d}");
    }
}

/// Why a command failed: one type for every command, turned into one exit
/// code by `main`.
#[derive(Debug, thiserror::Error)]
enum Failure {
    /// `build` or `check`, with the noun its closing line uses.
    #[error("{noun} failed")]
    Site {
        noun: &'static str,
        #[source]
        error: site::Error,
    },
    #[error(transparent)]
    Serve(#[from] chronicle::serve::Error),
    #[error(transparent)]
    Scaffold(#[from] scaffold::Error),
    /// Already said: nothing more to print.
    #[error("")]
    Reported,
}

/// Prints a successful build's or check's warnings and closing line.
fn report(summary: site::Summary, verb: &str) {
    print_diagnostics(&summary.warnings);
    println!("{}", summary.line(verb));
}

/// Prints why a command failed: content problems as located diagnostics
/// and one closing line; anything else as `error:` with its causes.
fn print_failure(failure: &Failure) {
    if let Failure::Reported = failure {
        return;
    }
    if let Failure::Site {
        noun,
        error: Error::Content(ds),
    } = failure
    {
        print_diagnostics(ds);
        let errors = ds.iter().filter(|d| d.is_error()).count();
        eprintln!(
            "{noun} failed: {errors} error{}; nothing was written",
            if errors == 1 { "" } else { "s" }
        );
        return;
    }
    let mut message = match failure {
        Failure::Site { error, .. } => error.to_string(),
        other => other.to_string(),
    };
    let mut cause = match failure {
        Failure::Site { error, .. } => std::error::Error::source(error),
        other => std::error::Error::source(other),
    };
    while let Some(c) = cause {
        let text = c.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        cause = c.source();
    }
    eprintln!("error: {message}");
}

/// A length of time from the environment (`CHRONICLE_LINK_DELAY=50ms`).
fn env_duration(name: &str) -> Option<Duration> {
    std::env::var(name).ok().and_then(|v| parse_duration(&v).ok())
}

/// `check`, and then with `--external` the network pass, which runs even
/// when the check found errors (only an unreadable `chronicle.yaml` stops
/// it), so one run reports everything. `--quiet` prints the diagnostics only.
fn check(opts: &Options, ext: Option<&external::Options>, quiet: bool) -> Result<(), Failure> {
    let mut failed = false;
    match site::check(opts) {
        Ok(summary) if quiet => print_diagnostics(&summary.warnings),
        Ok(summary) => report(summary, "checked"),
        Err(error) => {
            let failure = Failure::Site { noun: "check", error };
            match &failure {
                Failure::Site {
                    error: Error::Content(ds),
                    ..
                } if quiet => print_diagnostics(ds),
                _ => print_failure(&failure),
            }
            if ext.is_none() {
                return Err(Failure::Reported);
            }
            failed = true;
        }
    }
    let Some(ext) = ext else { return Ok(()) };
    // An unreadable chronicle.yaml was reported by the check above.
    if let Ok(report) = external::run(&opts.root, ext) {
        print_diagnostics(&report.diagnostics);
        if !quiet {
            println!("{}", report.summary.line());
        }
        if report.has_errors() {
            if !quiet {
                let dead = report.summary.dead;
                eprintln!(
                    "check failed: {dead} dead link{} (--strict)",
                    if dead == 1 { "" } else { "s" }
                );
            }
            failed = true;
        }
    }
    if failed {
        Err(Failure::Reported)
    } else {
        Ok(())
    }
}

/// Runs the command the user asked for.
fn run(cli: Cli) -> Result<(), Failure> {
    let site_failure = |noun| move |error| Failure::Site { noun, error };
    match cli.command {
        Command::Build { out, base_url, drafts } => {
            let opts = Options {
                root: cli.root,
                out,
                base_url,
                drafts,
                published: None,
            };
            report(site::build(&opts).map_err(site_failure("build"))?, "built");
        }
        Command::Check {
            drafts,
            published,
            external,
            strict,
            quiet,
            cache_age,
            timeout,
        } => {
            let opts = Options {
                drafts,
                published,
                ..Options::new(cli.root)
            };
            let external = external.then(|| {
                let mut ext = external::Options {
                    drafts,
                    strict,
                    progress: !quiet && std::io::stderr().is_terminal(),
                    ..external::Options::default()
                };
                ext.cache_age = cache_age.unwrap_or(ext.cache_age);
                let s = &mut ext.settings;
                s.timeout = timeout.unwrap_or(s.timeout);
                s.host_delay = env_duration("CHRONICLE_LINK_DELAY").unwrap_or(s.host_delay);
                s.backoff = env_duration("CHRONICLE_LINK_BACKOFF").unwrap_or(s.backoff);
                ext
            });
            check(&opts, external.as_ref(), quiet)?;
        }
        Command::Serve {
            port,
            bind,
            open,
            drafts,
        } => chronicle::serve::run(chronicle::serve::ServeOptions {
            root: cli.root,
            bind,
            port,
            open,
            drafts,
            header_timeout: chronicle::serve::HEADER_TIMEOUT,
            max_connections: chronicle::serve::MAX_CONNECTIONS,
        })?,
        Command::New { what } => {
            let path = match what {
                NewCommand::Entry {
                    title,
                    date,
                    actors,
                    topics,
                    slug,
                } => scaffold::new_entry(
                    &cli.root,
                    &scaffold::NewEntry {
                        title: &title,
                        date: &date,
                        actors: &actors,
                        topics: &topics,
                        slug: slug.as_deref(),
                    },
                )?,
                NewCommand::Actor { name, kind, slug } => {
                    scaffold::new_actor(&cli.root, &name, kind.as_deref(), slug.as_deref())?
                }
                NewCommand::Topic { name, slug } => scaffold::new_topic(&cli.root, &name, slug.as_deref())?,
            };
            println!("created {}", path.display());
        }
        Command::Init { dir } => {
            scaffold::init(&dir)?;
            println!(
                "created a new chronicle in {0}\nnext: chronicle --root {0} build",
                dir.display()
            );
        }
    }
    Ok(())
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            print_failure(&failure);
            ExitCode::FAILURE
        }
    }
}
