//! chronicle: a static site generator for relations chronicles.
//!
//! A build is a pipeline, one module per stage:
//!
//! 1. [`load`] walks `content/` and reads the Markdown files;
//! 2. [`parse`] splits front matter ([`frontmatter`]), reads it through
//!    [`yaml`] into typed documents and validates each one;
//! 3. [`model`] links the documents into one [`model::Chronicle`]: references
//!    resolved, Markdown rendered ([`markdown`]), indexes computed;
//! 4. [`render`] feeds plain views ([`view`]) to the Tera templates of a
//!    [`theme`];
//! 5. [`output`] writes the files, replacing the previous site atomically.
//!
//! [`site`] runs the stages in order; every content problem becomes a
//! [`diagnostics::Diagnostic`] with its file, line and column.

pub mod charts;
pub mod config;
pub mod date;
pub mod diagnostics;
pub mod export;
pub mod fields;
pub mod frontmatter;
pub mod incremental;
pub mod linkcheck;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod parse;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod theme;
pub mod view;
pub mod yaml;
