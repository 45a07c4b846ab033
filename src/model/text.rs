//! Texts: one string per language, each with the span of its TOML literal.

use std::ops::Range;

use toml::Spanned;

use crate::span::{SourceFile, Span};

/// A text of the report in every language (`title.zh = …`, `title.en = …`),
/// as written in a record.
#[derive(Clone, Debug)]
pub struct Text {
    /// The file it is written in.
    pub file: SourceFile,
    /// The text's key (or the table of a list item).
    pub span: Range<usize>,
    /// Language codes and strings, in the order written.
    pub values: Vec<(Spanned<String>, Spanned<String>)>,
}

impl Text {
    /// The string of a language, if given.
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.get_spanned(lang).map(|s| s.get_ref().as_str())
    }

    /// The string of a language with the span of its literal.
    pub fn get_spanned(&self, lang: &str) -> Option<&Spanned<String>> {
        self.values
            .iter()
            .find(|(l, _)| l.get_ref() == lang)
            .map(|(_, v)| v)
    }

    /// The text as a whole.
    pub fn whole(&self) -> Span {
        self.file.span(self.span.clone())
    }

    /// Where bytes `range` of the string of `lang` are: exact when the
    /// literal has no escapes, else the whole literal.
    pub fn span_in(&self, lang: &str, range: Range<usize>) -> Span {
        match self.get_spanned(lang) {
            Some(value) => value_span(&self.file, value, range),
            None => self.whole(),
        }
    }
}

/// The span of bytes `range` of a string value whose TOML literal is at
/// `value.span()`, through the literal's escapes (`\u00A0`, `\"`) and
/// line-ending backslashes; the whole literal if it cannot be followed.
pub fn value_span(file: &SourceFile, value: &Spanned<String>, range: Range<usize>) -> Span {
    let literal = value.span();
    let raw = file.text().get(literal.clone()).unwrap_or("");
    for quote in ["\"\"\"", "'''", "\"", "'"] {
        if raw.len() >= 2 * quote.len() && raw.starts_with(quote) && raw.ends_with(quote) {
            let inner = &raw[quote.len()..raw.len() - quote.len()];
            let start = literal.start + quote.len();
            let at = |offset, start| raw_offset(inner, quote, value.get_ref(), offset, start);
            if let (Some(from), Some(to)) = (at(range.start, true), at(range.end, false)) {
                return file.span(start + from..start + to);
            }
            break;
        }
    }
    file.span(literal)
}

/// The byte offset in a literal's raw text `inner` (between its quotes) of
/// byte `offset` of its decoded string, if the decoding can be followed;
/// at the `start` of a range, past line-ending backslashes there.
fn raw_offset(
    inner: &str,
    quote: &str,
    decoded: &str,
    offset: usize,
    start: bool,
) -> Option<usize> {
    if !decoded.is_char_boundary(offset) {
        return None;
    }
    let escapes = quote.starts_with('"');
    let mut raw = if quote.len() == 3 {
        // A newline right after the opening quotes is not part of the value.
        inner
            .strip_prefix("\r\n")
            .or_else(|| inner.strip_prefix('\n'))
            .map_or(0, |rest| inner.len() - rest.len())
    } else {
        0
    };
    let mut out = 0;
    loop {
        let rest = inner.get(raw..)?;
        let step = match rest.chars().next() {
            Some('\\') if escapes => escape(rest),
            Some(c) => Some((c.len_utf8(), c.len_utf8())),
            None => None,
        };
        match step {
            Some((raw_len, decoded_len))
                if out < offset || (start && decoded_len == 0 && out == offset) =>
            {
                raw += raw_len;
                out += decoded_len;
            }
            _ => break,
        }
    }
    (out == offset).then_some(raw)
}

/// The raw and decoded lengths of the escape at the start of `rest`.
fn escape(rest: &str) -> Option<(usize, usize)> {
    let after = &rest[1..];
    let hex = |n: usize| {
        let code = u32::from_str_radix(after.get(1..1 + n)?, 16).ok()?;
        Some((2 + n, char::from_u32(code)?.len_utf8()))
    };
    match after.chars().next()? {
        'u' => hex(4),
        'U' => hex(8),
        'x' => hex(2),
        'b' | 't' | 'n' | 'f' | 'r' | 'e' | '"' | '\\' => Some((2, 1)),
        // A line-ending backslash: it and the white space after it decode
        // to nothing.
        c if c.is_whitespace() => Some((1 + after.len() - after.trim_start().len(), 0)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The source text the span of `needle` in value `t` covers.
    fn located(toml_text: &str, needle: &str) -> String {
        #[derive(serde::Deserialize)]
        struct T {
            t: Spanned<String>,
        }
        let file = SourceFile::new("t.toml", toml_text.to_string());
        let value = toml::from_str::<T>(toml_text).unwrap().t;
        let at = value.get_ref().find(needle).unwrap();
        let span = value_span(&file, &value, at..at + needle.len());
        file.text()[span.range].to_string()
    }

    #[test]
    fn spans_follow_escapes() {
        assert_eq!(located(r#"t = "a\u00A0b Кот""#, "Кот"), "Кот");
        assert_eq!(located(r#"t = "\"q\" x""#, "x"), "x");
        assert_eq!(located(r#"t = "2\u00A0152""#, "2\u{a0}152"), r"2\u00A0152");
        assert_eq!(located("t = \"\"\"\nab \\\n   cd\"\"\"", "cd"), "cd");
        assert_eq!(located(r"t = 'a\b x'", "x"), "x");
        assert_eq!(located(r#"t = "a\U0001F600 x""#, "x"), "x");
    }
}
