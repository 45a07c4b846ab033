//! The glyph check: some font must have a glyph for every character the
//! editions print (record texts in every language, the locales' words),
//! else the PDF would show empty boxes. Missing characters are reported
//! once each, where they first occur, in the order of the text.

use crate::diag::{Diagnostic, Diagnostics};
use crate::locale::LocaleFile;
use crate::model::{Model, value_span};
use crate::span::{SourceFile, Span};

/// What fonts are available, as the glyph check sees them.
pub trait Coverage {
    /// Whether some font has a glyph for `c`.
    fn covers(&self, c: char) -> bool;
}

/// Every string value of a TOML file with its span (the locales' words).
fn string_values(file: &SourceFile) -> Vec<toml::Spanned<String>> {
    use crate::source::{Value, parse_toml};
    fn walk(node: &crate::source::table::Node, out: &mut Vec<toml::Spanned<String>>) {
        match &node.value {
            Value::Str(s) => out.push(toml::Spanned::new(node.span.clone(), s.clone())),
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            Value::Table(t) => t.entries.iter().for_each(|(_, v)| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(table) = parse_toml(file) {
        table.entries.iter().for_each(|(_, v)| walk(v, &mut out));
    }
    out
}

/// Checks that the fonts can print every character of the texts in the
/// given languages and of their locales.
pub fn check_glyphs(model: &Model, locales: &[&LocaleFile], fonts: &dyn Coverage) -> Diagnostics {
    let mut missing: Vec<(char, Span)> = Vec::new();
    let mut look = |file: &SourceFile, value: &toml::Spanned<String>| {
        for (i, c) in value.get_ref().char_indices() {
            if c.is_whitespace()
                || c.is_control()
                || fonts.covers(c)
                || missing.iter().any(|(m, _)| *m == c)
            {
                continue;
            }
            missing.push((c, value_span(file, value, i..i + c.len_utf8())));
        }
    };
    let langs: Vec<&str> = locales.iter().map(|l| l.code()).collect();
    for item in model.texts() {
        let text = item.text.text;
        for (lang, value) in &text.values {
            if langs.contains(&lang.get_ref().as_str()) {
                look(&text.file, value);
            }
        }
    }
    for locale in locales {
        for value in string_values(&locale.file) {
            look(&locale.file, &value);
        }
    }
    let all: String = missing.iter().map(|(c, _)| *c).collect();
    missing
        .into_iter()
        .map(|(c, span)| {
            Diagnostic::error(format!("no font has a glyph for {}", crate::chars::describe_char(c)))
                .at(span, "cannot be printed")
                .with_help(format!(
                    "put a font that has it in templates/fonts/ (for the pinned Chinese and Arabic subsets: run `python3 templates/fonts/subset.py`, which adds every character of sources/ to them), or pass --font-path DIR; characters missing: {all}"
                ))
        })
        .collect()
}
