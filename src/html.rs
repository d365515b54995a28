//! HTML escaping: the one module the renderer, the charts and the dev
//! server escape text with.

/// Escapes text for HTML and XML, in text and attribute values alike
/// (`&`, `<`, `>`, `"` and `'`), leaving `/` alone so URLs stay readable.
/// This is the escape function of every template.
pub fn escape_to(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut last = 0;
    for (i, b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[last..i])?;
        out.write_all(rep)?;
        last = i + 1;
    }
    out.write_all(&bytes[last..])
}

/// `input` escaped as by [`escape_to`], as a string.
pub fn escape(input: &str) -> String {
    let mut out = Vec::with_capacity(input.len() + 8);
    // Writing to a Vec cannot fail.
    let _ = escape_to(input, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_both_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>/"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;/"
        );
        assert_eq!(escape("پاکستان"), "پاکستان");
    }
}
