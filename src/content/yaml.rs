//! The one place that parses YAML.
//!
//! serde_yaml is archived upstream; keeping every call behind this module means
//! a maintained drop-in fork can replace it in one commit.

use serde::de::DeserializeOwned;

/// A YAML error located inside the YAML text (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Deserializes `text` into `T`, turning serde_yaml's errors into plain,
/// located messages.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|e| {
        let (line, column) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
        YamlError {
            line,
            column,
            message: clean_message(&e.to_string()),
        }
    })
}

/// Parses `text` as a YAML value of any shape, with syntax errors located and
/// explained in the words a writer needs (see [`explain_syntax`]).
pub fn parse_value(text: &str) -> Result<Value, YamlError> {
    serde_yaml::from_str::<Value>(text).map_err(|e| {
        let raw = e.to_string();
        let (line, column) = e.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
        let marks = marks(&raw);
        let (message, at) = explain_syntax(&raw, text, line, column, &marks);
        let (line, column) = at.unwrap_or((line, column));
        YamlError { line, column, message }
    })
}

/// Deserializes an already parsed value into `T`; the error is serde's
/// message without location (the caller knows where the value sits).
pub fn from_value<T: DeserializeOwned>(v: Value) -> Result<T, String> {
    serde_yaml::from_value(v).map_err(|e| strip_locations(&e.to_string()))
}

/// Every " at line L column C" mark of a libyaml message, in order.
fn marks(msg: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let l = digits(after);
        let col = after[l..].strip_prefix(" column ").map(|t| (digits(t), t));
        if let (true, Some((c, t))) = (l > 0, col) {
            if let (Ok(line), Ok(column)) = (after[..l].parse(), t[..c].parse()) {
                out.push((line, column));
            }
        }
        rest = after;
    }
    out
}

/// Turns libyaml's wording for the mistakes writers make into advice, and
/// says where to look when that is not where the parser gave up. Returns
/// the message and, when better, the place (1-based line and column).
fn explain_syntax(
    raw: &str,
    text: &str,
    line: usize,
    column: usize,
    marks: &[(usize, usize)],
) -> (String, Option<(usize, usize)>) {
    let line_text = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let at_char = line_text.chars().nth(column.saturating_sub(1));
    let context = marks.get(1).copied();
    if raw.contains("tab character") || (raw.contains("cannot start any token") && line_text.contains('\t')) {
        let col = line_text
            .find('\t')
            .map_or(column, |b| line_text[..b].chars().count() + 1);
        return (
            "YAML needs spaces for indentation, not tabs: replace the tab on this line with spaces".into(),
            Some((line, col)),
        );
    }
    if raw.contains("cannot start any token") {
        if let Some(c @ ('@' | '`' | '%')) = at_char {
            return (
                format!("a value cannot start with `{c}` in YAML: put the whole value in quotes, for example \"{c}…\""),
                None,
            );
        }
    }
    if raw.starts_with("mapping values are not allowed") {
        // `title: Talks: a new start` — a second `: ` on a key's line.
        let before = line_text.chars().take(column.saturating_sub(1)).collect::<String>();
        if let Some((key, _)) = before.split_once(": ") {
            let key = key.trim().trim_start_matches("- ");
            return (
                format!(
                    "this value contains `: `, which YAML reads as the start of another key; put the whole value in quotes, for example `{key}: \"…\"`"
                ),
                None,
            );
        }
        return (
            "this line is indented as if it belonged to the line above; line up keys of the same level, or put a value that runs over several lines in quotes".into(),
            None,
        );
    }
    if raw.contains("while scanning a quoted scalar") && raw.contains("end of stream") {
        return (
            "this quoted value is never closed: add the closing quote".into(),
            context,
        );
    }
    if raw.contains("while parsing a flow sequence") {
        return (
            "this list in `[ ]` is not closed with `]`, or one of its items needs quotes (an item containing `,`, `:` or `#`, say)".into(),
            context,
        );
    }
    if raw.contains("while parsing a flow mapping") {
        return (
            "this `{ }` mapping is not closed with `}`, or one of its values needs quotes".into(),
            context,
        );
    }
    if raw.contains("unknown anchor") || raw.contains("while scanning an alias") {
        return (
            "a value starting with `*` is read by YAML as a reference to an anchor: put the value in quotes".into(),
            None,
        );
    }
    if raw.contains("while scanning an anchor") {
        return (
            "a value starting with `&` is read by YAML as an anchor: put the value in quotes".into(),
            None,
        );
    }
    let before: String = line_text.chars().take(column.saturating_sub(1)).collect();
    if raw.contains("did not find expected") && before.matches('"').count() % 2 == 1 {
        // The quote that ends here opened on an earlier line.
        let opened = (1..line)
            .rev()
            .find(|&l| text.lines().nth(l - 1).is_some_and(|t| t.matches('"').count() % 2 == 1));
        if let Some(l) = opened {
            let t = text.lines().nth(l - 1).unwrap_or("");
            let col = t.find('"').map_or(1, |b| t[..b].chars().count() + 1);
            return (
                "this quoted value is not closed on its own line: add the closing quote (or, for text over several lines, start it with `|`)".into(),
                Some((l, col)),
            );
        }
    }
    if raw.contains("did not find expected") && before.trim_end().ends_with(['"', '\'']) && before.contains(':') {
        return (
            "there is text after the closing quote of this value: put the whole value inside the quotes".into(),
            None,
        );
    }
    if raw.contains("block sequence entries are not allowed")
        || raw.contains("did not find expected key")
        || raw.contains("did not find expected '-' indicator")
    {
        return (
            "the indentation here does not match the lines around it: items of one list start with `- ` at the same indentation, and keys of one level line up".into(),
            None,
        );
    }
    if raw.contains(" as u128") || raw.contains(" as i128") {
        let number = raw.split('`').nth(1).unwrap_or("this number");
        return (
            format!("the number `{number}` is too large to read; put it in quotes if it is meant as text"),
            None,
        );
    }
    if raw.contains("control characters are not allowed") {
        return (
            "a control character (an invisible byte such as ESC or NUL) is not allowed here: delete it".into(),
            None,
        );
    }
    (clean_message(raw), None)
}

/// A YAML value of unknown shape (for free-form `extra` settings).
pub type Value = serde_yaml::Value;

/// Converts a free-form YAML value into JSON for templates.
pub fn to_json(v: &Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// serde_yaml appends " at line L column C" to messages; we report location
/// separately, so strip it, and say the common cases in plainer words.
fn clean_message(msg: &str) -> String {
    let m = strip_locations(msg);
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        return format!("wrong kind of value: {rest}");
    }
    m
}

/// `msg` without libyaml's " at line L column C" marks.
fn strip_locations(msg: &str) -> String {
    // libyaml's own locations count lines inside the front matter, not the
    // file; we report the file position separately, so drop every
    // " at line L column C" but keep the context ("while parsing a block mapping").
    let mut m = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        m.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let l = digits(after);
        let tail = &after[l..];
        match tail.strip_prefix(" column ") {
            Some(t) if l > 0 && digits(t) > 0 => rest = &t[digits(t)..],
            _ => {
                m.push_str(" at line ");
                rest = after;
            }
        }
    }
    m.push_str(rest);
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        title: String,
    }

    #[test]
    fn unknown_field_is_located() {
        let e = from_str::<T>("title: x\nbogus: 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e.message.contains("unknown field `bogus`"), "{}", e.message);
        assert!(!e.message.contains("at line"));
    }

    #[test]
    fn syntax_error_is_located() {
        let e = from_str::<T>("title: [unclosed\n").unwrap_err();
        assert!(e.line >= 1, "{e:?}");
    }
}
