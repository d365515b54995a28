//! `chronicle serve`: live preview while writing.
//!
//! [`session`] keeps the chronicle built in memory and rebuilds what a
//! change touches; [`http`] serves it, watches the files and tells open
//! pages to reload.

pub mod host;
pub mod http;
mod layered;
pub mod live;
pub mod pages;
pub mod plan;
pub mod session;
mod state;
pub mod watch;

pub use http::{run, ServeOptions, HEADER_TIMEOUT, MAX_CONNECTIONS};

use std::net::IpAddr;
use std::path::PathBuf;

/// Why `serve` could not start or keep running.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{} has no {}; run serve from a chronicle's folder or pass --root", .0.display(), crate::config::CONFIG_FILE)]
    NotAChronicle(PathBuf),
    #[error("port {port} on {addr} is already in use; choose another with --port, or --port 0 for any free port")]
    PortInUse { addr: IpAddr, port: u16 },
    #[error("cannot listen on {addr}:{port}")]
    Listen {
        addr: IpAddr,
        port: u16,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot watch {path} for changes")]
    Watch {
        path: PathBuf,
        #[source]
        source: notify::Error,
    },
    #[error("cannot start the server")]
    Start(#[source] std::io::Error),
    #[error("the first build stopped unexpectedly")]
    FirstBuild(#[source] tokio::task::JoinError),
}
