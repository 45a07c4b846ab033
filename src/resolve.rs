//! Resolving a text in one language: picking the language's string and
//! filling its placeholders from the records and the locale.

use std::ops::Range;

use toml::Spanned;

use crate::diag::Diagnostic;
use crate::index::{Index, KINDS, Record, TextRef, Value};
use crate::locale::Locale;
use crate::placeholder::{self, Hole, Piece};
use crate::source::{Loaded, SourceFile, Span, Text};

/// How deep placeholders may lead through texts that hold placeholders.
const MAX_DEPTH: usize = 16;

/// How many placeholders resolving one text may fill, counting those of
/// every text it leads to: texts that name texts several times multiply.
const MAX_HOLES: usize = 10_000;

/// How many bytes the texts that one text's placeholders lead to may add up
/// to (a count that includes each nested text once per level).
const MAX_NESTED_BYTES: usize = 1 << 20;

/// The state of resolving one text: the texts being resolved, what has been
/// spent against [`MAX_HOLES`] and [`MAX_NESTED_BYTES`], and why resolving
/// failed inside a nested text.
#[derive(Default)]
struct Walk {
    /// The texts being resolved, outermost first, with the placeholder
    /// that led to each (none for the text itself).
    chain: Vec<(*const Text, Option<String>)>,
    holes: usize,
    bytes: usize,
    /// Why a nested text failed, with a hint: set where it happens, then
    /// reported at the placeholder of the outermost text.
    failure: Option<(String, Option<String>)>,
}

impl Walk {
    /// Counts one placeholder; false once past the limit.
    fn hole(&mut self) -> bool {
        self.holes += 1;
        if self.holes > MAX_HOLES {
            self.fail(
                format!("leads to more than {MAX_HOLES} placeholders"),
                multiply_help(),
            );
        }
        self.failure.is_none()
    }

    /// Counts the bytes of a nested text; false once past the limit.
    fn bytes(&mut self, n: usize) -> bool {
        self.bytes = self.bytes.saturating_add(n);
        if self.bytes > MAX_NESTED_BYTES {
            self.fail(
                format!("expands to more than {MAX_NESTED_BYTES} bytes of nested text"),
                multiply_help(),
            );
        }
        self.failure.is_none()
    }

    /// Records the first failure.
    fn fail(&mut self, reason: String, help: String) {
        self.failure.get_or_insert((reason, Some(help)));
    }

    /// The error of placeholder `name`, once something failed.
    fn error(&self, name: &str) -> (String, Option<String>) {
        let (reason, help) = self.failure.clone().unwrap_or_default();
        (format!("`{{{name}}}` {reason}"), help)
    }
}

fn multiply_help() -> String {
    "each placeholder that names a text repeats all of that text's placeholders; write the words out or name fewer texts".into()
}

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
        let mut walk = Walk::default();
        walk.chain.push((std::ptr::from_ref(text.text), None));
        self.resolve(text, &mut walk)
    }

    fn resolve(&self, text: TextRef<'_>, walk: &mut Walk) -> Result<String, Diagnostic> {
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
                    let filled = if walk.hole() {
                        self.hole(&hole, text.scope, walk)
                    } else {
                        Err(walk.error(&hole.source()))
                    };
                    let filled = filled.map_err(|(message, help)| {
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
        walk: &mut Walk,
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
        self.value(value, hole, walk)
    }

    fn value(
        &self,
        value: Value<'_>,
        hole: &Hole<'_>,
        walk: &mut Walk,
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
                let key = std::ptr::from_ref(text);
                if let Some(at) = walk.chain.iter().position(|(t, _)| *t == key) {
                    let mut names: Vec<String> = walk.chain[at + 1..]
                        .iter()
                        .filter_map(|(_, n)| n.clone())
                        .collect();
                    names.push(format!("`{{{name}}}`"));
                    walk.fail(
                        "leads to a cycle of placeholders".into(),
                        format!(
                            "{} leads back to where it started; a text cannot contain itself, directly or through other texts",
                            names.join(" → ")
                        ),
                    );
                    return Err(walk.error(&name));
                }
                if walk.chain.len() > MAX_DEPTH {
                    walk.fail(
                        format!("leads through more than {MAX_DEPTH} nested texts"),
                        "name the text you mean directly".into(),
                    );
                    return Err(walk.error(&name));
                }
                let inner = TextRef {
                    file: self.index.file_of(record),
                    text,
                    scope: Some(record),
                };
                walk.chain.push((key, Some(format!("`{{{name}}}`"))));
                let resolved = self.resolve(inner, walk);
                walk.chain.pop();
                match resolved {
                    Ok(nested) if walk.bytes(nested.len()) => Ok(nested),
                    Ok(_) => Err(walk.error(&name)),
                    Err(diag) => {
                        if walk.failure.is_none() {
                            let at = diag
                                .span
                                .as_ref()
                                .map(|(s, _)| s.location())
                                .unwrap_or_default();
                            walk.failure = Some((
                                format!(
                                    "names a text that cannot be resolved: {} at {at}",
                                    diag.message
                                ),
                                None,
                            ));
                        }
                        Err(walk.error(&name))
                    }
                }
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
