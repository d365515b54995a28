//! Stage 3, render: the linked chronicle through Tera templates into pages.
//!
//! [`renderer`] turns each page of the site into bytes, from plain views
//! ([`views`]) and the templates of a [`theme`]; [`charts`] draws the SVG
//! charts from plain data; [`export`] writes the machine-readable files.

pub mod calendar;
pub mod chart_data;
pub mod charts;
pub mod cite;
pub mod explore;
pub mod export;
pub mod i18n;
pub mod pages;
pub mod paging;
pub mod renderer;
pub mod search;
pub mod tables;
pub mod templates;
pub mod theme;
pub mod timelinejs;
pub mod views;

pub use pages::PageId;
pub use paging::List;
pub use renderer::Renderer;
pub use templates::REQUIRED_TEMPLATES;
