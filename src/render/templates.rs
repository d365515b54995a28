//! The theme's templates, compiled: every syntax error reported with its
//! own file, and Tera's errors turned into located diagnostics.

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
