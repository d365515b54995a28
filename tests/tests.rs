//! chronicle's integration tests: one binary (as in ripgrep), one module per
//! area, each test building a small chronicle with the real `chronicle`
//! binary and looking at what it wrote or said.

mod util;

mod build;
mod cli;
mod errors;
mod explore;
mod fuzz;
mod hostile;
mod incremental;
mod languages;
mod linkcheck;
mod lists;
mod output;
mod publish;
mod relations;
mod search;
mod serve;
mod shipped;
mod sources;
