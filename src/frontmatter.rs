//! Front matter: split a Markdown file into its YAML header and its body,
//! and find where a key or value sits in the header for error messages.

/// A file split at its `---` fences. Line numbers are 1-based file lines.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    pub yaml: &'a str,
    /// File line of the first YAML line (the line after the opening `---`).
    pub yaml_line: usize,
    pub body: &'a str,
    /// File line of the body's first line.
    pub body_line: usize,
}

/// Splits `text` into front matter and body.
///
/// The file must open with a `---` line and the header must be closed by a
/// second `---` (or `...`) line. Errors are `(line, column, message)`.
pub fn split(text: &str) -> Result<Split<'_>, (usize, usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err((
            1,
            1,
            "the file must start with front matter: a `---` line, YAML settings, and a closing `---` line".into(),
        ));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    let mut line_no = 1;
    for line in lines {
        line_no += 1;
        let t = line.trim_end();
        if t == "---" || t == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err((
        1,
        1,
        "the front matter opened on line 1 is never closed: add a `---` line after it".into(),
    ))
}

/// Is this a top-level `key:` line? Returns the key.
fn top_level_key(line: &str) -> Option<&str> {
    let first = line.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return None;
    }
    let colon = line.find(':')?;
    let key = &line[..colon];
    key.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        .then_some(key.trim())
}

/// File position (line, column) of the top-level `key:` in the front matter.
pub fn key_position(split: &Split<'_>, key: &str) -> Option<(usize, usize)> {
    split
        .yaml
        .lines()
        .position(|l| top_level_key(l) == Some(key))
        .map(|i| (split.yaml_line + i, 1))
}

/// File position of `value` written under the top-level `key` (on the key's
/// line or in its block below), matched as a whole word.
pub fn value_position(split: &Split<'_>, key: &str, value: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = split.yaml.lines().collect();
    let start = lines.iter().position(|l| top_level_key(l) == Some(key))?;
    for (i, line) in lines.iter().enumerate().skip(start) {
        if i > start && top_level_key(line).is_some() {
            break;
        }
        let from = if i == start { key.len() + 1 } else { 0 };
        let mut search = from.min(line.len());
        while let Some(found) = line[search..].find(value) {
            let at = search + found;
            let before = line[..at].chars().next_back();
            let after = line[at + value.len()..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-' || c == '_');
            if !word(before) && !word(after) {
                return Some((split.yaml_line + i, line[..at].chars().count() + 1));
            }
            search = at + value.len();
        }
    }
    key_position(split, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: x\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: x\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn crlf_and_bom() {
        let s = split("\u{feff}---\r\ntitle: x\r\n---\r\nB").unwrap();
        assert_eq!(s.yaml, "title: x\r\n");
        assert_eq!(s.body, "B");
    }

    #[test]
    fn missing_fences() {
        assert!(split("title: x\n").unwrap_err().2.contains("must start"));
        assert!(split("---\ntitle: x\n").unwrap_err().2.contains("never closed"));
    }

    #[test]
    fn finds_values() {
        let s = split("---\ntitle: x\nactors: [pakistan, pak]\ntopics:\n  - trade\n  - pak\n---\n").unwrap();
        assert_eq!(value_position(&s, "actors", "pak"), Some((3, 20)));
        assert_eq!(value_position(&s, "topics", "pak"), Some((6, 5)));
        assert_eq!(key_position(&s, "topics"), Some((4, 1)));
    }
}
