//! Stage 1, content: from the files under `content/` to checked documents.
//!
//! [`load`] walks the folder and reads the files; [`frontmatter`] splits
//! each into its YAML header and its body; [`fields`] reads the header key
//! by key through [`yaml`], the one place that parses YAML; [`parse`] turns
//! the keys into typed documents whose own fields are valid. References
//! between documents are checked later, by [`crate::model`].

pub mod date;
pub mod fields;
pub mod frontmatter;
pub mod load;
pub mod parse;
pub mod weburl;
pub mod yaml;
