//! `chronicle serve`: live preview while writing.
//!
//! [`session`] keeps the chronicle built in memory and rebuilds what a
//! change touches; [`http`] serves it, watches the files and tells open
//! pages to reload.

pub mod host;
pub mod http;
pub mod pages;
pub mod plan;
pub mod session;
pub mod watch;

pub use http::{run, ServeOptions, HEADER_TIMEOUT, MAX_CONNECTIONS};
