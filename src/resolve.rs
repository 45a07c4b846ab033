//! Resolving a text in one language: picking the language's string,
//! filling its placeholders from the records and the locale, and turning
//! its markup into styled runs.

use crate::diag::{self, Diagnostic, Diagnostics};
use crate::doc::{Inline, Inlines, push_runs};
use crate::locale::LocaleFile;
use crate::model::{FieldValue, Model, Record, Text, TextRef};
use crate::placeholder::{self, Hole, Markup, Piece};
use crate::schema::{self, KINDS};

/// How deep placeholders may lead through texts that hold placeholders.
const MAX_DEPTH: usize = 16;

/// How many placeholders resolving one text may fill, counting those of
/// every text it leads to: texts that name texts several times multiply.
const MAX_HOLES: usize = 10_000;

/// How many bytes the texts that one text's placeholders lead to may add up
/// to (a count that includes each nested text once per level).
const MAX_NESTED_BYTES: usize = 1 << 20;

/// Why a placeholder could not be filled, with a hint.
type Failure = (String, Option<String>);

/// The state of resolving one text: the texts being resolved, what has been
/// spent against the limits, and why resolving failed inside a nested text.
#[derive(Default)]
struct Walk {
    chain: Vec<(*const Text, Option<String>)>,
    holes: usize,
    bytes: usize,
    failure: Option<Failure>,
}

impl Walk {
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

    /// Steps into the text a placeholder `{name}` names, unless that closes
    /// a cycle or goes deeper than [`MAX_DEPTH`].
    fn enter(&mut self, text: &Text, name: &str) -> Result<(), Failure> {
        let key = std::ptr::from_ref(text);
        if let Some(at) = self.chain.iter().position(|(t, _)| *t == key) {
            let mut names: Vec<String> = self.chain[at + 1..]
                .iter()
                .filter_map(|(_, n)| n.clone())
                .collect();
            names.push(format!("`{{{name}}}`"));
            self.fail(
                "leads to a cycle of placeholders".into(),
                format!(
                    "{} leads back to where it started; a text cannot contain itself, directly or through other texts",
                    names.join(" → ")
                ),
            );
            return Err(self.error(name));
        }
        if self.chain.len() > MAX_DEPTH {
            self.fail(
                format!("leads through more than {MAX_DEPTH} nested texts"),
                "name the text you mean directly".into(),
            );
            return Err(self.error(name));
        }
        self.chain.push((key, Some(format!("`{{{name}}}`"))));
        Ok(())
    }

    /// Records why a nested text could not be resolved, unless a limit
    /// failed first.
    fn nested_failed(&mut self, diags: &Diagnostics) {
        if self.failure.is_none() {
            let d = &diags[0];
            let at = d
                .span
                .as_ref()
                .map(|(s, _)| s.location())
                .unwrap_or_default();
            self.failure = Some((
                format!(
                    "names a text that cannot be resolved: {} at {at}",
                    d.message
                ),
                None,
            ));
        }
    }

    fn fail(&mut self, reason: String, help: String) {
        self.failure.get_or_insert((reason, Some(help)));
    }

    fn error(&self, name: &str) -> Failure {
        let (reason, help) = self.failure.clone().unwrap_or_default();
        (format!("`{{{name}}}` {reason}"), help)
    }
}

fn multiply_help() -> String {
    "each placeholder that names a text repeats all of that text's placeholders; write the words out or name fewer texts".into()
}

/// Style inherited from enclosing markup.
#[derive(Clone, Default)]
struct Style {
    strong: bool,
    emph: bool,
    link: Option<String>,
}

impl Style {
    fn run(&self, text: String) -> Inline {
        Inline {
            text,
            strong: self.strong,
            emph: self.emph,
            link: self.link.clone(),
            ..Inline::default()
        }
    }

    fn apply(&self, mut run: Inline) -> Inline {
        run.strong |= self.strong;
        run.emph |= self.emph;
        if run.link.is_none() {
            run.link.clone_from(&self.link);
        }
        run
    }
}

/// Resolves texts for one language.
pub struct Resolver<'a> {
    /// The records.
    pub model: &'a Model,
    /// The language's locale.
    pub locale: &'a LocaleFile,
}

/// A value a placeholder names.
enum Found<'a> {
    /// Text to print as it is: no format applies and the format was checked.
    Final(String),
    Text(&'a Text, &'a Record),
    Number(i64),
    Str(String),
}

impl<'a> Resolver<'a> {
    /// The language code.
    pub fn lang(&self) -> &str {
        self.locale.code()
    }

    /// Resolves a text of the sources; every error of the text is reported.
    pub fn text(&self, text: TextRef<'_>) -> Result<Inlines, Diagnostics> {
        let mut walk = Walk::default();
        walk.chain.push((std::ptr::from_ref(text.text), None));
        self.resolve(text, &mut walk, &Style::default())
    }

    /// Resolves a text to plain text (markup dropped, footnotes left out).
    pub fn plain(&self, text: TextRef<'_>) -> Result<String, Diagnostics> {
        self.text(text).map(|inlines| crate::doc::plain(&inlines))
    }

    fn resolve(
        &self,
        text: TextRef<'_>,
        walk: &mut Walk,
        style: &Style,
    ) -> Result<Inlines, Diagnostics> {
        let lang = self.lang().to_string();
        let Some(value) = text.text.get_spanned(&lang) else {
            return Err(vec![
                Diagnostic::error(format!("missing `{lang}` text"))
                    .at(text.text.whole(), format!("no `{lang}` key here")),
            ]);
        };
        let pieces = placeholder::parse(value.get_ref()).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| {
                    Diagnostic::error(e.message)
                        .at(text.text.span_in(&lang, e.range), format!("in the `{lang}` text"))
                        .with_help("placeholders are {name}; markup is {**strong**}, {*emphasis*}, {[text](https://…)} and {^footnote}; {{ and }} are literal braces")
                })
                .collect::<Vec<_>>()
        })?;
        let mut out = Vec::new();
        let mut errors = Vec::new();
        self.pieces(&pieces, text, walk, style, &mut out, &mut errors);
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    fn pieces(
        &self,
        pieces: &[Piece<'_>],
        text: TextRef<'_>,
        walk: &mut Walk,
        style: &Style,
        out: &mut Inlines,
        errors: &mut Diagnostics,
    ) {
        for piece in pieces {
            match piece {
                Piece::Lit(lit) => push_runs(out, [style.run(lit.clone())]),
                Piece::Markup { kind, inner, .. } => match kind {
                    Markup::Note => {
                        let mut note = Vec::new();
                        self.pieces(inner, text, walk, &Style::default(), &mut note, errors);
                        out.push(Inline {
                            note: Some(note),
                            ..Inline::default()
                        });
                    }
                    _ => {
                        let mut inner_style = style.clone();
                        match kind {
                            Markup::Strong => inner_style.strong = true,
                            Markup::Emph => inner_style.emph = true,
                            Markup::Link(url) => inner_style.link = Some(url.clone()),
                            Markup::Note => {}
                        }
                        self.pieces(inner, text, walk, &inner_style, out, errors);
                    }
                },
                Piece::Hole(hole) => {
                    let filled = if walk.hole() {
                        self.hole(hole, text.scope, walk, style)
                    } else {
                        Err(walk.error(&hole.source()))
                    };
                    match filled {
                        Ok(runs) => push_runs(out, runs),
                        Err((message, help)) => {
                            let mut d = Diagnostic::error(message).at(
                                text.text.span_in(self.lang(), hole.range.clone()),
                                format!("in the `{}` text", self.lang()),
                            );
                            if let Some(help) = help {
                                d = d.with_help(help);
                            }
                            errors.push(d);
                            if walk.failure.is_some() {
                                return;
                            }
                        }
                    }
                }
            }
        }
    }

    fn hole(
        &self,
        hole: &Hole<'_>,
        scope: Option<&'a Record>,
        walk: &mut Walk,
        style: &Style,
    ) -> Result<Inlines, Failure> {
        let found = self.find(hole, scope)?;
        self.value(found, hole, walk, style)
    }

    /// What a placeholder names, by the shape of its path.
    fn find(&self, hole: &Hole<'_>, scope: Option<&'a Record>) -> Result<Found<'a>, Failure> {
        match hole.path.as_slice() {
            [field] => self.own_field(hole, scope, field),
            [what @ ("figure" | "table"), id] => {
                no_format(hole)?;
                self.label(what, id).map(Found::Final)
            }
            [what @ ("para" | "section"), id] => {
                no_format(hole)?;
                self.number_of_id(what, id).map(Found::Final)
            }
            [plural, rest @ ..] if schema::kind_of_plural(plural).is_some() && !rest.is_empty() => {
                self.of_collection(hole, plural, rest)
            }
            [kind, what @ ("count" | "list"), ..] if schema::kind_named(kind).is_some() => {
                let plural = schema::kind_named(kind).map_or("", |k| k.plural);
                Err(unknown(
                    hole,
                    format!(
                        "did you mean `{{{plural}.{what}}}`? Counts and lists are of a collection, named in the plural"
                    ),
                ))
            }
            [kind, id, field] => self.record_field(hole, kind, id, field),
            [first, ..] => Err(unknown(hole, general_help(first))),
            [] => Err(unknown(hole, general_help(""))),
        }
    }

    /// `{name}`: a field of the record the text belongs to, or a timeline
    /// figure's `{rows}`.
    fn own_field(
        &self,
        hole: &Hole<'_>,
        scope: Option<&'a Record>,
        field: &str,
    ) -> Result<Found<'a>, Failure> {
        let Some(record) = scope else {
            return Err(unknown(hole, general_help(field)));
        };
        if field == "rows" && record.kind.name == "figure" {
            no_format(hole)?;
            return self.timeline_rows(record).map(Found::Final);
        }
        self.field(record, field)
    }

    /// `{figure.<id>}`, `{table.<id>}`: the label and number of a figure or
    /// table placed in the report.
    fn label(&self, what: &str, id: &str) -> Result<String, Failure> {
        let patterns = &self.locale.value.patterns;
        let (numbers, pattern) = if what == "figure" {
            (&self.model.numbers.figures, &patterns.figure_ref)
        } else {
            (&self.model.numbers.tables, &patterns.table_ref)
        };
        let Some(number) = numbers.get(id) else {
            // Sorted: the numbers are a hash map, and messages must not
            // change from run to run.
            let mut placed: Vec<&str> = numbers.keys().map(String::as_str).collect();
            placed.sort_unstable();
            return Err((
                format!("no {what} `{id}` is placed in the report"),
                Some(diag::suggestion(
                    id,
                    &placed,
                    &format!("the {what}s placed"),
                )),
            ));
        };
        Ok(self
            .locale
            .fill(pattern, &[("number", &number.to_string())]))
    }

    /// `{para.<id>}`, `{section.<id>}`: the number of a paragraph, heading
    /// or section that has an id.
    fn number_of_id(&self, what: &str, id: &str) -> Result<String, Failure> {
        let key = if what == "para" { "para" } else { "section" };
        let ids = &self.model.numbers.ids;
        if let Some(n) = ids.get(&(key, id.to_string())) {
            return Ok(n.clone());
        }
        let mut known: Vec<&str> = ids
            .keys()
            .filter(|(k, _)| *k == key)
            .map(|(_, id)| id.as_str())
            .collect();
        known.sort_unstable();
        let (what, ids) = if key == "para" {
            (
                "numbered paragraph or heading",
                "the ids of numbered paragraphs and headings",
            )
        } else {
            ("section", "the ids of sections")
        };
        Err((
            format!("no {what} has the id `{id}`"),
            Some(diag::suggestion(id, &known, ids)),
        ))
    }

    /// `{<collection>.count}`, `{<collection>.list}`, `{<collection>.list.<field>}`
    /// and a number field of the collection's file such as
    /// `{resolutions.revised}`.
    fn of_collection(
        &self,
        hole: &Hole<'_>,
        plural: &str,
        rest: &[&str],
    ) -> Result<Found<'a>, Failure> {
        let model = self.model;
        let kind = schema::kind_of_plural(plural).expect("checked by the caller");
        match rest {
            ["count"] => Ok(Found::Number(
                i64::try_from(model.count(plural).unwrap_or(0)).unwrap_or(i64::MAX),
            )),
            ["list"] | ["list", _] => {
                no_format(hole)?;
                let field = rest.get(1).copied().unwrap_or(kind.label);
                self.list(kind.name, field).map(Found::Final)
            }
            [field] => match model.file_field(kind.file, field) {
                Some((FieldValue::Int(n), _)) => Ok(Found::Number(*n)),
                _ => {
                    let mut names = vec!["count", "list"];
                    names.extend(
                        schema::file_fields(kind.file)
                            .filter(|f| f.ty == schema::FieldType::Int)
                            .map(|f| f.name),
                    );
                    Err((
                        format!("unknown placeholder `{{{}}}`", hole.source()),
                        Some(format!(
                            "{}; after `{plural}.` come {}",
                            diag::suggestion(field, &names, "the names").trim_end_matches('?'),
                            diag::list(&names)
                        )),
                    ))
                }
            },
            _ => Err(unknown(hole, general_help(plural))),
        }
    }

    /// `{<kind>.<id>.<field>}`: a field of another record.
    fn record_field(
        &self,
        hole: &Hole<'_>,
        kind: &str,
        id: &str,
        field: &str,
    ) -> Result<Found<'a>, Failure> {
        let model = self.model;
        let Some(k) = schema::kind_named(kind) else {
            return Err(unknown(hole, general_help(kind)));
        };
        let Some(record) = model.record(kind, id) else {
            let ids: Vec<&str> = model
                .of_kind(k.name)
                .map(|r| r.id.get_ref().as_str())
                .collect();
            return Err((
                format!("no {} has the id `{id}`", k.what),
                Some(diag::suggestion(
                    id,
                    &ids,
                    &format!("the ids of the {}", k.plural.replace('_', " ")),
                )),
            ));
        };
        self.field(record, field)
    }

    /// A field of a record, or an error naming the fields it has.
    fn field(&self, record: &'a Record, field: &str) -> Result<Found<'a>, Failure> {
        if field == "id" {
            return Ok(Found::Str(record.id.get_ref().clone()));
        }
        match record.get(field) {
            Some(FieldValue::Text(t)) => Ok(Found::Text(t, record)),
            Some(FieldValue::Int(n)) => Ok(Found::Number(*n)),
            Some(FieldValue::Str(s)) => Ok(Found::Str(s.clone())),
            Some(_) => Err((
                format!(
                    "the field `{field}` of {} `{}` is a list, which a placeholder cannot print",
                    record.kind.what,
                    record.id.get_ref()
                ),
                None,
            )),
            None => {
                let names = record.kind.field_names();
                let given = record.kind.field(field).is_some();
                if given {
                    Err((
                        format!(
                            "{} `{}` has no `{field}`",
                            record.kind.what,
                            record.id.get_ref()
                        ),
                        Some("the field is optional and not given in this record".into()),
                    ))
                } else {
                    Err((
                        format!("{} has no field `{field}`", record.kind.what),
                        Some(diag::suggestion(field, &names, "its fields")),
                    ))
                }
            }
        }
    }

    /// `{priorities.list}`: a field of every record of a kind, joined.
    fn list(&self, kind: &str, field: &str) -> Result<String, Failure> {
        let mut items = Vec::new();
        for record in self.model.of_kind(kind) {
            let found = self.field(record, field)?;
            let text = match found {
                Found::Text(t, scope) => self.plain_in(t, scope)?,
                Found::Number(n) => n.to_string(),
                Found::Final(s) | Found::Str(s) => s,
            };
            items.push(text);
        }
        Ok(items.join(&self.locale.value.list_separator))
    }

    /// A text as plain text in its record's scope, for a list or a row.
    fn plain_in(&self, text: &Text, scope: &Record) -> Result<String, Failure> {
        self.plain(TextRef {
            text,
            scope: Some(scope),
        })
        .map_err(|d| {
            (
                format!("names a text that cannot be resolved: {}", d[0].message),
                None,
            )
        })
    }

    /// `{rows}` of a timeline figure: one entry per output it draws.
    fn timeline_rows(&self, figure: &Record) -> Result<String, Failure> {
        let patterns = &self.locale.value.patterns;
        let mut rows = Vec::new();
        for id in match figure.get("outputs") {
            Some(FieldValue::Strs(ids)) => ids.as_slice(),
            _ => &[],
        } {
            let Some(output) = self.model.record("output", id.get_ref()) else {
                continue;
            };
            let text = |name: &str| -> Result<String, Failure> {
                match output.text(name) {
                    Some(t) => self.plain_in(t, output),
                    None => Ok(String::new()),
                }
            };
            let name = text("name")?;
            let start = output.int("start").unwrap_or_default().to_string();
            rows.push(match output.int("end") {
                Some(end) => self.locale.fill(
                    &patterns.timeline_row,
                    &[
                        ("name", &name),
                        ("start", &start),
                        ("end", &end.to_string()),
                    ],
                ),
                None => self.locale.fill(
                    &patterns.timeline_row_open,
                    &[
                        ("name", &name),
                        ("start", &start),
                        ("until", &text("until")?),
                    ],
                ),
            });
        }
        Ok(rows.join(&self.locale.value.list_separator))
    }

    /// Prints what a placeholder names, in the format it asks for.
    fn value(
        &self,
        found: Found<'a>,
        hole: &Hole<'_>,
        walk: &mut Walk,
        style: &Style,
    ) -> Result<Inlines, Failure> {
        match (found, hole.format) {
            (Found::Final(s) | Found::Str(s), None) => Ok(vec![style.run(s)]),
            (Found::Number(n), format) => Ok(vec![style.run(self.number(n, format, hole)?)]),
            (_, Some(format)) => Err((
                format!(
                    "`:{format}` applies to numbers, and `{{{}}}` is not one",
                    hole.path.join(".")
                ),
                None,
            )),
            (Found::Text(text, record), None) => self.nested(text, record, hole, walk, style),
        }
    }

    /// A number in digits, or with `:words` in the locale's words.
    fn number(&self, n: i64, format: Option<&str>, hole: &Hole<'_>) -> Result<String, Failure> {
        match format {
            None => Ok(n.to_string()),
            Some("words") => match self.locale.number_word(n) {
                Some(word) => Ok(word.to_string()),
                None => Err((
                    format!("no number word for {n} in the `{}` locale", self.lang()),
                    Some(format!(
                        "add words to number_words in {}, or write {{{}}} for digits",
                        self.locale.file.path().display(),
                        hole.path.join(".")
                    )),
                )),
            },
            Some(format) => Err((
                format!("unknown format `:{format}` in `{{{}}}`", hole.source()),
                Some("the only format is `:words`".into()),
            )),
        }
    }

    /// A text that a placeholder names, resolved in its own record's scope
    /// and given the placeholder's style; cycles, depth and size are checked
    /// against the walk.
    fn nested(
        &self,
        text: &'a Text,
        record: &'a Record,
        hole: &Hole<'_>,
        walk: &mut Walk,
        style: &Style,
    ) -> Result<Inlines, Failure> {
        let name = hole.source();
        walk.enter(text, &name)?;
        let resolved = self.resolve(
            TextRef {
                text,
                scope: Some(record),
            },
            walk,
            &Style::default(),
        );
        walk.chain.pop();
        match resolved {
            Ok(nested) => {
                let bytes: usize = nested.iter().map(|i| i.text.len()).sum();
                if walk.bytes(bytes) {
                    Ok(nested.into_iter().map(|run| style.apply(run)).collect())
                } else {
                    Err(walk.error(&name))
                }
            }
            Err(diags) => {
                walk.nested_failed(&diags);
                Err(walk.error(&name))
            }
        }
    }
}

/// The error for a placeholder that names nothing known, with a hint.
fn unknown(hole: &Hole<'_>, help: String) -> Failure {
    (
        format!("unknown placeholder `{{{}}}`", hole.source()),
        Some(help),
    )
}

/// An error if the placeholder asks for a format: only numbers take one.
fn no_format(hole: &Hole<'_>) -> Result<(), Failure> {
    match hole.format {
        Some(_) => Err((format!("`{{{}}}` takes no format", hole.source()), None)),
        None => Ok(()),
    }
}

/// What placeholders there are, with a suggestion for a misspelt first name.
fn general_help(first: &str) -> String {
    let mut names: Vec<&str> = KINDS.iter().flat_map(|k| [k.name, k.plural]).collect();
    names.extend(["figure", "table", "para", "section"]);
    let near = match diag::closest(first, names.iter().copied()) {
        Some(best) if best != first => format!("did you mean `{best}`? "),
        _ => String::new(),
    };
    format!(
        "{near}placeholders are {{<collection>.count}} (such as {{initiatives.count}}), {{<collection>.list}}, {{resolutions.revised}}, {{figure.<id>}}, {{table.<id>}}, {{para.<id>}}, {{section.<id>}}, {{<kind>.<id>.<field>}} (such as {{output.kap.start}}), and in a record its own fields such as {{name}}"
    )
}
