//! Themes: where templates and static files come from.
//!
//! A theme is `templates/` (Tera) plus `static/` (copied as is). The default
//! theme is compiled into the binary; a chronicle may carry its own copy in
//! `themes/NAME/`, and its own `templates/` and `static/` folders replace
//! theme files of the same name.

use std::collections::BTreeMap;
use std::path::Path;

use crate::content::load::{self, rel_path};
use crate::diagnostics::Diagnostic;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// One template: its name (path under `templates/`), its text, and the file
/// it came from (for messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateFile {
    pub name: String,
    pub text: String,
    pub origin: String,
}

/// A language file of the interface (`i18n/ur.yaml`): its text and the
/// file it came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationFile {
    pub text: String,
    pub origin: String,
}

/// The folder of language files, in a theme and beside `chronicle.yaml`.
pub const I18N_DIR: &str = "i18n";

/// The templates and static files a site renders with.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub templates: BTreeMap<String, TemplateFile>,
    /// The theme's language files, by name (`en`, `ur`, `fa-AF`).
    pub i18n: BTreeMap<String, TranslationFile>,
    /// The chronicle's own (`i18n/` beside `chronicle.yaml`), which replace
    /// the theme's strings key by key.
    pub site_i18n: BTreeMap<String, TranslationFile>,
    /// Static files by output path.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Where each static file came from (`static/x`, `themes/NAME/static/x`),
    /// by output path, for messages.
    pub static_origins: BTreeMap<String, String>,
    /// Files skipped while loading (links leading outside the chronicle,
    /// special files): warnings, not errors.
    pub warnings: Vec<Diagnostic>,
}

/// The default theme's files, as compiled in: `(path in theme, bytes)`.
pub fn default_theme_files() -> &'static [(&'static str, &'static [u8])] {
    embedded::FILES
}

impl Theme {
    /// Loads the theme named in the config, then the site's overrides.
    pub fn load(root: &Path, theme_name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut theme = Theme::default();
        let mut diags = Vec::new();
        let dir = root.join("themes").join(theme_name);
        if dir.is_dir() {
            theme.add_dir(root, &dir.join("templates"), &dir.join("static"), &mut diags);
            theme.i18n = translations(root, &dir.join(I18N_DIR), &mut diags);
        } else if theme_name == "default" {
            for (path, bytes) in default_theme_files() {
                if let Some(name) = path.strip_prefix("templates/") {
                    theme.templates.insert(
                        name.to_string(),
                        TemplateFile {
                            name: name.to_string(),
                            text: String::from_utf8_lossy(bytes).into_owned(),
                            origin: format!("(built-in default theme)/{path}"),
                        },
                    );
                } else if let Some(name) = path.strip_prefix("i18n/").and_then(|n| n.strip_suffix(".yaml")) {
                    theme.i18n.insert(
                        name.to_string(),
                        TranslationFile {
                            text: String::from_utf8_lossy(bytes).into_owned(),
                            origin: format!("(built-in default theme)/{path}"),
                        },
                    );
                } else if let Some(name) = path.strip_prefix("static/") {
                    theme.statics.insert(name.to_string(), bytes.to_vec());
                    theme
                        .static_origins
                        .insert(name.to_string(), format!("(built-in default theme)/{path}"));
                }
            }
        } else {
            diags.push(Diagnostic::error(
                "chronicle.yaml",
                0,
                0,
                format!("theme `{theme_name}` not found: there is no folder themes/{theme_name}"),
            ));
        }
        theme.add_dir(root, &root.join("templates"), &root.join("static"), &mut diags);
        theme.site_i18n = translations(root, &root.join(I18N_DIR), &mut diags);
        if diags.iter().any(Diagnostic::is_error) {
            Err(diags)
        } else {
            theme.warnings = diags;
            Ok(theme)
        }
    }

    fn add_dir(&mut self, root: &Path, templates: &Path, statics: &Path, diags: &mut Vec<Diagnostic>) {
        for (name, path) in files_under(templates, diags, root) {
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    let origin = rel_path(root, &path);
                    self.templates.insert(name.clone(), TemplateFile { name, text, origin });
                }
                Err(e) => diags.push(Diagnostic::error(
                    rel_path(root, &path),
                    0,
                    0,
                    format!("cannot read template: {e}"),
                )),
            }
        }
        for (name, path) in files_under(statics, diags, root) {
            match std::fs::read(&path) {
                Ok(bytes) => {
                    self.static_origins.insert(name.clone(), rel_path(root, &path));
                    self.statics.insert(name, bytes);
                }
                Err(e) => diags.push(Diagnostic::error(
                    rel_path(root, &path),
                    0,
                    0,
                    format!("cannot read: {e}"),
                )),
            }
        }
    }
}

/// The language files (`LANG.yaml`) of the folder `dir`, by language.
fn translations(root: &Path, dir: &Path, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, TranslationFile> {
    let mut out = BTreeMap::new();
    for (name, path) in files_under(dir, diags, root) {
        let origin = rel_path(root, &path);
        let Some(lang) = name.strip_suffix(".yaml").filter(|n| !n.contains('/')) else {
            diags.push(Diagnostic::warning(
                origin,
                0,
                0,
                "ignored: a language file is named after its language, such as `i18n/ur.yaml`",
            ));
            continue;
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                out.insert(lang.to_string(), TranslationFile { text, origin });
            }
            Err(e) => diags.push(Diagnostic::error(origin, 0, 0, format!("cannot read: {e}"))),
        }
    }
    out
}

/// Files below `dir` as `(path relative to dir, full path)`, skipping editor
/// leftovers; a missing folder is simply empty. Links leading outside the
/// chronicle's `root` and special files are skipped with a warning.
fn files_under(dir: &Path, diags: &mut Vec<Diagnostic>, root: &Path) -> Vec<(String, std::path::PathBuf)> {
    let (files, walk_diags) = load::walk(root, dir);
    diags.extend(walk_diags);
    files.into_iter().map(|p| (rel_path(dir, &p), p)).collect()
}
