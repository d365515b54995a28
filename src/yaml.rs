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

/// A YAML value of unknown shape (for free-form `extra` settings).
pub type Value = serde_yaml::Value;

/// Converts a free-form YAML value into JSON for templates.
pub fn to_json(v: &Value) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// serde_yaml appends " at line L column C" to messages; we report location
/// separately, so strip it, and say the common cases in plainer words.
fn clean_message(msg: &str) -> String {
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
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        return format!("wrong kind of value: {rest}");
    }
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
