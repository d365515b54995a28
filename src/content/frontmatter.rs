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

/// A top-level key written a second (or later) time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    pub key: String,
    /// 0-based line of the YAML where the key is first written.
    pub first_line: usize,
    /// 0-based line of this repeat, and the line after its block.
    pub line: usize,
    pub end: usize,
}

/// Every repeat of a top-level key, with the lines of its block.
pub fn duplicate_keys(split: &Split<'_>) -> Vec<DuplicateKey> {
    let lines: Vec<&str> = split.yaml.lines().collect();
    let starts: Vec<(usize, &str)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| top_level_key(l).map(|k| (i, k)))
        .collect();
    let mut out = Vec::new();
    for (n, &(i, key)) in starts.iter().enumerate() {
        if let Some(&(first, _)) = starts[..n].iter().find(|(_, k)| *k == key) {
            let end = starts.get(n + 1).map_or(lines.len(), |&(j, _)| j);
            out.push(DuplicateKey {
                key: key.to_string(),
                first_line: first,
                line: i,
                end,
            });
        }
    }
    out
}

/// `text` with the given 0-based lines emptied (kept as empty lines, so
/// every other line keeps its number).
pub fn blank_lines(text: &str, lines: impl IntoIterator<Item = usize>) -> String {
    let blank: std::collections::HashSet<usize> = lines.into_iter().collect();
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if blank.contains(&i) {
            out.push('\n');
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The 0-based YAML lines of the block under top-level `key`: its own line
/// and the lines after it up to the next top-level key.
fn block(lines: &[&str], key: &str) -> Option<(usize, usize)> {
    let start = lines.iter().position(|l| top_level_key(l) == Some(key))?;
    let end = lines[start + 1..]
        .iter()
        .position(|l| top_level_key(l).is_some())
        .map_or(lines.len(), |j| start + 1 + j);
    Some((start, end))
}

/// The lines of the `index`-th `- ` item of the list under `key`.
fn item_lines(lines: &[&str], key: &str, index: usize) -> Option<(usize, usize)> {
    let (start, end) = block(lines, key)?;
    let is_item = |l: &str| {
        let t = l.trim_start();
        t == "-" || t.starts_with("- ")
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let level = lines[start + 1..end]
        .iter()
        .filter(|l| is_item(l))
        .map(|l| indent(l))
        .min()?;
    let items: Vec<usize> = (start + 1..end)
        .filter(|&i| is_item(lines[i]) && indent(lines[i]) == level)
        .collect();
    let first = *items.get(index)?;
    let last = items.get(index + 1).copied().unwrap_or(end);
    Some((first, last))
}

/// File position of the `index`-th item of the list under `key`.
pub fn item_position(split: &Split<'_>, key: &str, index: usize) -> Option<(usize, usize)> {
    let lines: Vec<&str> = split.yaml.lines().collect();
    let (first, _) = item_lines(&lines, key, index)?;
    let col = lines[first].len() - lines[first].trim_start().len() + 1;
    Some((split.yaml_line + first, col))
}

/// File position of `sub:` inside the `index`-th item of the list under `key`.
pub fn item_key_position(split: &Split<'_>, key: &str, index: usize, sub: &str) -> Option<(usize, usize)> {
    let lines: Vec<&str> = split.yaml.lines().collect();
    let (first, last) = item_lines(&lines, key, index)?;
    for (i, line) in lines.iter().enumerate().take(last).skip(first) {
        let t = line.trim_start();
        let t2 = t.strip_prefix("- ").map(str::trim_start).unwrap_or(t);
        if t2.strip_prefix(sub).is_some_and(|r| r.trim_start().starts_with(':')) {
            let col = line[..line.len() - t2.len()].chars().count() + 1;
            return Some((split.yaml_line + i, col));
        }
    }
    item_position(split, key, index)
}

/// File position of `value` on the line of `sub:` in the `index`-th item of
/// the list under `key`.
pub fn item_value_position(
    split: &Split<'_>,
    key: &str,
    index: usize,
    sub: &str,
    value: &str,
) -> Option<(usize, usize)> {
    let (line, col) = item_key_position(split, key, index, sub)?;
    let text = split.yaml.lines().nth(line - split.yaml_line)?;
    let from = text.char_indices().nth(col - 1).map_or(text.len(), |(b, _)| b) + sub.len();
    match text.get(from..).and_then(|rest| rest.find(value)) {
        Some(at) => Some((line, text[..from + at].chars().count() + 1)),
        None => Some((line, col)),
    }
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

    #[test]
    fn finds_keys_inside_list_items() {
        let s =
            split("---\nsources:\n  - title: A\n    url: u\n  - title: B\n    publsher: P\nnext: 1\n---\n").unwrap();
        assert_eq!(item_position(&s, "sources", 1), Some((5, 3)));
        assert_eq!(item_key_position(&s, "sources", 1, "publsher"), Some((6, 5)));
        assert_eq!(item_key_position(&s, "sources", 0, "title"), Some((3, 5)));
        assert_eq!(item_value_position(&s, "sources", 0, "url", "u"), Some((4, 10)));
        assert_eq!(item_position(&s, "sources", 2), None);
    }

    #[test]
    fn finds_duplicate_keys() {
        let s = split("---\ntitle: a\nactors:\n  - x\ntitle: b\n  more\ntone: 1\n---\n").unwrap();
        let d = duplicate_keys(&s);
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].first_line, d[0].line, d[0].end), (0, 3, 5));
        assert_eq!(blank_lines(s.yaml, 3..5), "title: a\nactors:\n  - x\n\n\ntone: 1\n");
    }
}
