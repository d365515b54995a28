//! chronicle's integration tests: one binary (as in ripgrep), one module per
//! area, each test building a small chronicle with the real `chronicle`
//! binary and looking at what it wrote or said.

mod util;

mod arabic_script;
mod build;
mod cli;
mod errors;
mod explore;
mod exports;
mod fuzz;
mod hostile;
mod import;
mod incremental;
mod languages;
mod linkcheck;
mod lists;
mod messy;
mod output;
mod publish;
mod relations;
mod search;
mod serve;
mod shipped;
mod sources;
