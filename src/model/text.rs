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
/// `value.span()`: exact when the literal has no escapes, else the literal.
pub fn value_span(file: &SourceFile, value: &Spanned<String>, range: Range<usize>) -> Span {
    let literal = value.span();
    let raw = file.text().get(literal.clone()).unwrap_or("");
    for quote in ["\"\"\"", "'''", "\"", "'"] {
        if raw.len() >= 2 * quote.len() && raw.starts_with(quote) && raw.ends_with(quote) {
            let inner = &raw[quote.len()..raw.len() - quote.len()];
            if inner == value.get_ref() {
                let start = literal.start + quote.len();
                return file.span(start + range.start..start + range.end);
            }
            break;
        }
    }
    file.span(literal)
}
