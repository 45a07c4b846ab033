//! Texts: one string per language, with spans.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

/// A text of the report in every configured language (`title.zh = …`,
/// `title.en = …`), as written in a record.
#[derive(Clone, Debug, Deserialize)]
#[serde(transparent)]
pub struct Text(Spanned<BTreeMap<Spanned<String>, Spanned<String>>>);

impl Text {
    /// The string for a language, if given.
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.0.get_ref().get(lang).map(|s| s.get_ref().as_str())
    }

    /// The string for a language with the span of its TOML value.
    pub fn get_spanned(&self, lang: &str) -> Option<&Spanned<String>> {
        self.0.get_ref().get(lang)
    }

    /// Every (language key, string) pair as written.
    pub fn entries(&self) -> impl Iterator<Item = (&Spanned<String>, &Spanned<String>)> {
        self.0.get_ref().iter()
    }

    /// Span of the whole text (the table or the first dotted key).
    pub fn span(&self) -> Range<usize> {
        self.0.span()
    }
}
