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

/// mimalloc keeps the pages freed on a thread for the thread to reuse;
/// between the stages of a build they are given back (a quarter of the
/// peak memory at 10,000 entries).
fn give_back_memory() {
    // SAFETY: `mi_collect` only returns free pages of the calling thread's
    // heap to the system; it touches no memory still allocated.
    unsafe { libmimalloc_sys::mi_collect(true) }
}

use chronicle::diagnostics::Diagnostic;
use chronicle::external::{self, cache::parse_duration};
use chronicle::import;
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
        /// Print the diagnostics only: no progress line, no closing line.
        #[arg(short, long)]
        quiet: bool,
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
    /// Import entries (with their actors and topics) from a spreadsheet or a
    /// TimelineJS timeline; existing files are never replaced.
    Import {
        #[command(subcommand)]
        what: ImportCommand,
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

#[derive(Subcommand)]
enum ImportCommand {
    /// A CSV file with a header row, or chronicle's own entries.csv export.
    Csv(Box<ImportArgs>),
    /// TimelineJS JSON, or TimelineJS's Google Sheets template saved as CSV.
    Timelinejs(Box<ImportArgs>),
}

#[derive(clap::Args)]
struct ImportArgs {
    /// The file to import.
    file: PathBuf,
    /// The chronicle to write into (default: --root); made when missing.
    #[arg(long, value_name = "DIR")]
    into: Option<PathBuf>,
    /// Column of the entries' titles (default: title or headline).
    #[arg(long, value_name = "NAME")]
    title_column: Option<String>,
    /// Column of the dates (default: date, start or start date).
    #[arg(long, value_name = "NAME")]
    date_column: Option<String>,
    /// Column of the end dates (default: end or end date).
    #[arg(long, value_name = "NAME")]
    end_column: Option<String>,
    /// Column of the summaries (default: summary).
    #[arg(long, value_name = "NAME")]
    summary_column: Option<String>,
    /// Column of the Markdown bodies (default: body, text or description).
    #[arg(long, value_name = "NAME")]
    body_column: Option<String>,
    /// Column of the statuses (default: status).
    #[arg(long, value_name = "NAME")]
    status_column: Option<String>,
    /// Column of the places (default: location, locations or place).
    #[arg(long, value_name = "NAME")]
    location_column: Option<String>,
    /// Column of the source URLs (default: url, source, link or source url).
    #[arg(long, value_name = "NAME")]
    url_column: Option<String>,
    /// Column of the source titles (default: source title).
    #[arg(long, value_name = "NAME")]
    source_title_column: Option<String>,
    /// Column of the source publishers (default: publisher).
    #[arg(long, value_name = "NAME")]
    publisher_column: Option<String>,
    /// Column of the actors, split on `;`, `,` or `|` (default: actors or actor).
    #[arg(long, value_name = "NAME")]
    actors_column: Option<String>,
    /// Column of the topics, split on `;`, `,` or `|` (default: topics, topic or tags).
    #[arg(long, value_name = "NAME")]
    topics_column: Option<String>,
    /// What a TimelineJS group becomes.
    #[arg(long, value_enum, default_value = "actor")]
    group_as: GroupAs,
    /// The actor (slug or name) of the rows that name none.
    #[arg(long, value_name = "NAME")]
    default_actor: Option<String>,
    /// Leave out a row with the same date and title as an earlier one.
    #[arg(long)]
    skip_duplicates: bool,
    /// Write nothing if any row has an error.
    #[arg(long)]
    strict: bool,
    /// chronicle's sources.csv, when it is not beside FILE.
    #[arg(long, value_name = "FILE")]
    sources: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum GroupAs {
    Actor,
    Topic,
}

impl ImportArgs {
    fn options(self, format: import::Format, root: PathBuf) -> import::Options {
        import::Options {
            format,
            into: self.into.unwrap_or(root),
            columns: import::Columns {
                title: self.title_column,
                date: self.date_column,
                end: self.end_column,
                summary: self.summary_column,
                body: self.body_column,
                status: self.status_column,
                location: self.location_column,
                url: self.url_column,
                source_title: self.source_title_column,
                publisher: self.publisher_column,
                actors: self.actors_column,
                topics: self.topics_column,
            },
            group_as: match self.group_as {
                GroupAs::Actor => import::GroupAs::Actor,
                GroupAs::Topic => import::GroupAs::Topic,
            },
            default_actor: self.default_actor,
            skip_duplicates: self.skip_duplicates,
            strict: self.strict,
            sources: self.sources,
            file: self.file,
        }
    }
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
    #[error("import failed")]
    Import(#[from] import::Error),
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
    if let Failure::Import(import::Error::Located(ds)) = failure {
        print_diagnostics(ds);
        eprintln!("import failed: nothing was written");
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
        Failure::Import(error) => error.to_string(),
        other => other.to_string(),
    };
    let mut cause = match failure {
        Failure::Site { error, .. } => std::error::Error::source(error),
        Failure::Import(error) => std::error::Error::source(error),
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
        Command::Build {
            out,
            base_url,
            drafts,
            quiet,
        } => {
            let opts = Options {
                root: cli.root,
                out,
                base_url,
                drafts,
                published: None,
            };
            // A long build on a terminal shows its stage and pages written.
            if site::progress::wanted(quiet) {
                site::progress::start();
            }
            let built = site::build(&opts);
            site::progress::finish();
            let summary = built.map_err(site_failure("build"))?;
            if quiet {
                print_diagnostics(&summary.warnings);
            } else {
                report(summary, "built");
            }
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
        Command::Import { what } => {
            let opts = match what {
                ImportCommand::Csv(args) => args.options(import::Format::Csv, cli.root),
                ImportCommand::Timelinejs(args) => args.options(import::Format::TimelineJs, cli.root),
            };
            let report = import::run(&opts)?;
            print_diagnostics(&report.diagnostics);
            for skip in &report.skipped {
                eprintln!("{skip}");
            }
            println!("{}", report.line(&opts.into));
            if report.errors() > 0 {
                return Err(Failure::Reported);
            }
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
    site::stages::set_give_back(give_back_memory);
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            print_failure(&failure);
            ExitCode::FAILURE
        }
    }
}
