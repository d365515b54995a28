//! chronicle: a static site generator for relations chronicles.
//!
//! A build is a pipeline, and the tree shows it, one folder per stage:
//!
//! 1. [`content`] finds the Markdown files under `content/` ([`content::load`]),
//!    splits their front matter ([`content::frontmatter`]), reads it key by
//!    key ([`content::fields`], through [`content::yaml`]) and checks each
//!    document on its own ([`content::parse`]);
//! 2. [`model`] links the documents into one [`model::Chronicle`]: references
//!    resolved, Markdown rendered ([`model::markdown`]), indexes computed;
//! 3. [`render`] feeds plain views ([`render::views`]) to the Tera templates
//!    of a [`render::theme`], with charts drawn as SVG ([`render::charts`]);
//! 4. [`output`] writes the files, replacing the previous site atomically.
//!
//! [`site`] runs the stages in order for `build` and `check`; [`serve`] runs
//! the same stage functions for the live preview, recomputing only what a
//! change touches. [`import`] writes a chronicle's files from a spreadsheet
//! or a TimelineJS timeline. [`external`] is `check --external`: the chronicle's
//! external addresses, asked about over the network (nothing else is). Every site URL and output path comes from [`paths`];
//! every content problem becomes a [`diagnostics::Diagnostic`] with its
//! file, line and column. Imports point down the pipeline only: nothing
//! imports `serve`, and `model` never imports `render`.

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod external;
pub mod html;
pub mod import;
pub mod language;
pub mod model;
pub mod output;
pub mod paths;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod site;
