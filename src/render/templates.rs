//! The theme's templates, compiled: every syntax error reported with its
//! own file, and Tera's errors turned into located diagnostics.

use tera::Tera;

use crate::diagnostics::Diagnostic;
use crate::render::theme::Theme;

/// Templates every theme must have.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "index.html",
    "entry.html",
    "year.html",
    "actors.html",
    "actor.html",
    "topics.html",
    "topic.html",
    "sources.html",
    "page.html",
    "404.html",
    "search.html",
    "partials/card.html",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
];

/// A Tera error as a diagnostic in the template file it concerns.
pub(super) fn tera_diagnostic(e: &tera::Error, theme: &Theme, what: &str) -> Diagnostic {
    let origin = |name: &str| {
        theme
            .templates
            .get(name)
            .map_or_else(|| format!("templates/{name}"), |t| t.origin.clone())
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            Diagnostic::error(
                origin(r.filename()),
                span.start_line,
                span.start_col + 1,
                format!("{what}{}", r.message()),
            )
        }
        _ => {
            // Errors found when templates are loaded together (an unknown
            // filter, say) carry their place only in the report text:
            // ` --> entry.html:2:15`.
            let report = e.to_string();
            let located = report.lines().find_map(|l| {
                let rest = l.trim_start().strip_prefix("--> ")?;
                let mut parts = rest.rsplitn(3, ':');
                let col: usize = parts.next()?.trim().parse().ok()?;
                let line: usize = parts.next()?.trim().parse().ok()?;
                Some((parts.next()?.to_string(), line, col))
            });
            let mut msg = report
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ")
                .to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                msg.push_str(": ");
                msg.push_str(&s.to_string());
                source = s.source();
            }
            if let Some((name, line, col)) = located {
                return Diagnostic::error(origin(&name), line, col, format!("{what}{msg}"));
            }
            Diagnostic::error("templates", 0, 0, format!("{what}{msg}"))
        }
    }
}

/// The theme's templates compiled together, escaping HTML, XML and SVG
/// output with [`crate::html::escape_to`]. Every missing required template
/// and every syntax error is reported, each in its own file.
pub fn compile(theme: &Theme, ui: &crate::render::i18n::Ui) -> Result<Tera, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    for name in REQUIRED_TEMPLATES {
        if !theme.templates.contains_key(*name) {
            diags.push(Diagnostic::error(
                format!("templates/{name}"),
                0,
                0,
                format!("the theme has no template `{name}`, which every theme needs"),
            ));
        }
    }
    let mut tera = Tera::new();
    // The language's filters (`fill`, `num`) first: Tera checks every
    // filter a template names as it loads it.
    ui.register_filters(&mut tera);
    tera.autoescape_on([".html", ".htm", ".xml", ".svg"]);
    tera.set_escape_fn(crate::html::escape_to);
    // All together, for inheritance; when that fails or a template is
    // missing, each on its own too, so that every syntax error is reported
    // with its own file (a theme that loads, the common case, is parsed
    // once).
    let all = tera.add_raw_templates(theme.templates.values().map(|t| (t.name.as_str(), t.text.as_str())));
    if all.is_ok() && diags.is_empty() {
        return Ok(tera);
    }
    for t in theme.templates.values() {
        let mut probe = Tera::new();
        ui.register_filters(&mut probe);
        if let Err(e) = probe.add_raw_template(&t.name, &t.text) {
            if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                diags.push(tera_diagnostic(&e, theme, "template syntax error: "));
            }
        }
    }
    match all {
        Err(e) if diags.is_empty() => Err(vec![tera_diagnostic(&e, theme, "")]),
        _ => Err(diags),
    }
}
