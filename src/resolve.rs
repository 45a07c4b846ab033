//! Resolving a text in one language: picking the language's string and
//! filling its placeholders from the records and the locale.

use std::ops::Range;

use toml::Spanned;

use crate::diag::Diagnostic;
use crate::index::{Index, KINDS, Record, TextRef, Value};
use crate::locale::Locale;
use crate::placeholder::{self, Hole, Piece};
use crate::source::{Loaded, SourceFile, Span};

/// How deep placeholders may refer to texts that hold placeholders.
const MAX_DEPTH: usize = 8;

/// Resolves texts for one language.
pub struct Resolver<'a> {
    /// The records.
    pub index: &'a Index<'a>,
    /// The language's locale.
    pub locale: &'a Loaded<Locale>,
}

/// The span of bytes `range` of a string value whose TOML literal is at
/// `literal`: exact when the literal has no escapes, else the literal.
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

impl<'a> Resolver<'a> {
    /// The language code.
    pub fn lang(&self) -> &str {
        self.locale.value.code.get_ref()
    }

    /// Resolves a text of the sources.
    pub fn text(&self, text: TextRef<'_>) -> Result<String, Diagnostic> {
        self.resolve(text, 0)
    }

    fn resolve(&self, text: TextRef<'_>, depth: usize) -> Result<String, Diagnostic> {
        let lang = self.lang();
        let Some(value) = text.text.get_spanned(lang) else {
            return Err(Diagnostic::error(format!("missing `{lang}` text")).at(
                text.file.span(text.text.span()),
                format!("no `{lang}` key here"),
            ));
        };
        let pieces = placeholder::parse(value.get_ref()).map_err(|err| {
            Diagnostic::error("malformed placeholder")
                .at(value_span(text.file, value, err.range), err.message)
        })?;
        let mut out = String::with_capacity(value.get_ref().len());
        for piece in pieces {
            match piece {
                Piece::Lit(lit) => out.push_str(&lit),
                Piece::Hole(hole) => {
                    let filled =
                        self.hole(&hole, text.scope, depth)
                            .map_err(|(message, help)| {
                                let diag = Diagnostic::error(message).at(
                                    value_span(text.file, value, hole.range.clone()),
                                    format!("in the `{lang}` text"),
                                );
                                match help {
                                    Some(help) => diag.with_help(help),
                                    None => diag,
                                }
                            })?;
                    out.push_str(&filled);
                }
            }
        }
        Ok(out)
    }

    fn hole(
        &self,
        hole: &Hole<'_>,
        scope: Option<Record<'_>>,
        depth: usize,
    ) -> Result<String, (String, Option<String>)> {
        let name = hole.source();
        let unknown = |help: String| (format!("unknown placeholder `{{{name}}}`"), Some(help));
        let value = match hole.path.as_slice() {
            [field] => match scope {
                Some(record) => record.field(field).ok_or_else(|| {
                    let names: Vec<String> = record
                        .fields()
                        .iter()
                        .map(|(n, _)| format!("{{{n}}}"))
                        .collect();
                    unknown(format!(
                        "in a {} record, {} name its own fields",
                        record.kind(),
                        names.join(", ")
                    ))
                })?,
                None => return Err(unknown(general_help())),
            },
            [collection, "count"] => {
                let n = self
                    .index
                    .count(collection)
                    .ok_or_else(|| unknown(general_help()))?;
                Value::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
            ["resolutions", "revised"] => {
                Value::Number(*self.index.sources.resolutions.value.revised.get_ref())
            }
            ["figure", id] | ["table", id] => {
                let (number, pattern) = if hole.path[0] == "figure" {
                    (
                        self.index.figure_number(id),
                        &self.locale.value.patterns.figure_ref,
                    )
                } else {
                    (
                        self.index.table_number(id),
                        &self.locale.value.patterns.table_ref,
                    )
                };
                let number = number.ok_or_else(|| {
                    (
                        format!("no {} `{id}` is placed in the report", hole.path[0]),
                        Some(format!(
                            "a {} is placed by a block with kind = \"{}\"",
                            hole.path[0], hole.path[0]
                        )),
                    )
                })?;
                if hole.format.is_some() {
                    return Err((format!("`{{{name}}}` takes no format"), None));
                }
                return Ok(self
                    .locale
                    .fill(pattern, &[("number", &number.to_string())]));
            }
            [kind, id, field] => {
                if !KINDS.iter().any(|(k, _)| k == kind) && *kind != "figure" {
                    return Err(unknown(general_help()));
                }
                let record = self
                    .index
                    .record(kind, id)
                    .ok_or_else(|| (format!("no {kind} with id `{id}`"), None))?;
                record.field(field).ok_or_else(|| {
                    let names: Vec<String> =
                        record.fields().iter().map(|(n, _)| n.to_string()).collect();
                    (
                        format!("a {kind} has no field `{field}`"),
                        Some(format!("its fields are {}", names.join(", "))),
                    )
                })?
            }
            _ => return Err(unknown(general_help())),
        };
        self.value(value, hole, depth)
    }

    fn value(
        &self,
        value: Value<'_>,
        hole: &Hole<'_>,
        depth: usize,
    ) -> Result<String, (String, Option<String>)> {
        let name = hole.source();
        match (value, hole.format) {
            (Value::Number(n), None) => Ok(n.to_string()),
            (Value::Number(n), Some("words")) => self
                .locale
                .number_word(n)
                .map(str::to_owned)
                .ok_or_else(|| {
                    (
                        format!("no number word for {n} in the `{}` locale", self.lang()),
                        Some(format!(
                            "add words to number_words in {}, or write {{{}}} for digits",
                            self.locale.file.path().display(),
                            hole.path.join(".")
                        )),
                    )
                }),
            (Value::Number(_), Some(format)) => Err((
                format!("unknown format `:{format}` in `{{{name}}}`"),
                Some("the only format is `:words`".into()),
            )),
            (_, Some(format)) => Err((
                format!(
                    "`:{format}` applies to numbers, and `{{{}}}` is not one",
                    hole.path.join(".")
                ),
                None,
            )),
            (Value::Str(s), None) => Ok(s.to_owned()),
            (Value::Text(text, record), None) => {
                if depth >= MAX_DEPTH {
                    return Err((
                        format!("`{{{name}}}` leads to a cycle of placeholders"),
                        Some(
                            "a text cannot contain itself, directly or through other texts".into(),
                        ),
                    ));
                }
                let inner = TextRef {
                    file: self.index.file_of(record),
                    text,
                    scope: Some(record),
                };
                self.resolve(inner, depth + 1).map_err(|diag| {
                    let at = diag
                        .span
                        .as_ref()
                        .map(|(s, _)| s.location())
                        .unwrap_or_default();
                    (
                        format!(
                            "`{{{name}}}` names a text that cannot be resolved: {} at {at}",
                            diag.message
                        ),
                        None,
                    )
                })
            }
        }
    }
}

fn general_help() -> String {
    let counts: Vec<String> = KINDS
        .iter()
        .map(|(_, c)| format!("{{{c}.count}}"))
        .collect();
    format!(
        "placeholders are {}, {{resolutions.revised}}, {{figure.<id>}}, {{table.<id>}}, {{<kind>.<id>.<field>}}, and a record's own fields such as {{name}}",
        counts.join(", ")
    )
}
