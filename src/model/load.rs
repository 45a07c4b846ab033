//! Loading `sources/` into the model: every file read safely, parsed with
//! spans, and read field by field against the schema, with every error in
//! the user's words (the key, what it must be, an example, a suggestion).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::source::Dir;

use toml::Spanned;
use toml::value::Datetime;

use super::{
    Block, BlockBody, Column, FRONT_PARTS, FieldValue, FrontPart, ListItems, Meta, Model,
    Numbering, Numbers, Record, Report, Row, Section, TableSpec, Text,
};
use crate::chars::{ascii_look_alike, describe_char};
use crate::diag::{self, Diagnostic, Diagnostics};
use crate::schema::{self, BLOCKS, Field, FieldType, Kind, LIST_STYLES, REPORT_FILE, SECTIONS_DIR};
use crate::source::table::Node;
use crate::source::{self, Table, Value, parse_toml};
use crate::span::SourceFile;

/// Reads the fields of one TOML table: each read is checked against its
/// type, and [`Fields::finish`] reports the keys nobody asked for.
struct Fields<'a, 'd> {
    file: &'a SourceFile,
    table: &'a Table,
    /// "an initiative", "a para block".
    what: String,
    /// The keys this table may have.
    allowed: Vec<&'static str>,
    diags: &'d mut Diagnostics,
}

impl<'a, 'd> Fields<'a, 'd> {
    fn new(
        file: &'a SourceFile,
        table: &'a Table,
        what: String,
        allowed: Vec<&'static str>,
        diags: &'d mut Diagnostics,
    ) -> Self {
        Fields {
            file,
            table,
            what,
            allowed,
            diags,
        }
    }

    fn node(&self, name: &str) -> Option<&'a Node> {
        self.table.get(name)
    }

    fn wrong(&mut self, name: &str, node: &Node, expected: &str, help: Option<String>) {
        let mut d = Diagnostic::error(format!("`{name}` must be {expected}")).at(
            self.file.span(node.span.clone()),
            format!("this is {}", node.value.type_name()),
        );
        if let Some(help) = help {
            d = d.with_help(help);
        }
        self.diags.push(d);
    }

    fn missing(&mut self, name: &str, example: &str) {
        // A misspelt key is reported once, as unknown, with the suggestion.
        let misspelt = self.table.entries.iter().any(|(k, _)| {
            !self.allowed.contains(&k.get_ref().as_str())
                && diag::closest(k.get_ref(), [name]).is_some()
        });
        if misspelt {
            return;
        }
        self.diags.push(
            Diagnostic::error(format!("{} without `{name}`", self.what))
                .at(
                    self.file.span(self.table.span.clone()),
                    format!("this needs `{name}`"),
                )
                .with_help(format!("add {example}")),
        );
    }

    /// A required field: reports it missing.
    fn required<T>(&mut self, name: &str, value: Option<T>, example: &str) -> Option<T> {
        if value.is_none() && self.node(name).is_none() {
            self.missing(name, example);
        }
        value
    }

    fn string(&mut self, name: &str) -> Option<Spanned<String>> {
        let node = self.node(name)?;
        match &node.value {
            Value::Str(s) => Some(Spanned::new(node.span.clone(), s.clone())),
            _ => {
                self.wrong(
                    name,
                    node,
                    "a string in quotes",
                    Some(format!("write {name} = \"…\"")),
                );
                None
            }
        }
    }

    fn choice(&mut self, name: &str, words: &[&'static str]) -> Option<Spanned<String>> {
        let value = self.string(name)?;
        if words.contains(&value.get_ref().as_str()) {
            return Some(value);
        }
        let mut help = diag::suggestion(value.get_ref(), words, &format!("the values of `{name}`"));
        if help.starts_with("did you mean") {
            help = format!("{help} `{name}` is one of {}", diag::list(words));
        }
        self.diags.push(
            Diagnostic::error(format!(
                "`{name}` must be one of {}, not `{}`",
                diag::list(words),
                value.get_ref()
            ))
            .at(self.file.span(value.span()), "unknown value")
            .with_help(help),
        );
        None
    }

    fn int(&mut self, name: &str, year: bool) -> Option<Spanned<i64>> {
        let node = self.node(name)?;
        let what = if year { "a year" } else { "a whole number" };
        match &node.value {
            Value::Int(Ok(n)) => Some(Spanned::new(node.span.clone(), *n)),
            Value::Str(s) if s.trim().parse::<i64>().is_ok() => {
                let n = s.trim();
                self.diags.push(
                    Diagnostic::error(format!("`{name}` is {what}: write {n} without quotes"))
                        .at(
                            self.file.span(node.span.clone()),
                            "a number in quotes is text",
                        )
                        .with_help(format!("write {name} = {n}")),
                );
                None
            }
            _ => {
                let example = if year { "2027" } else { "40" };
                self.wrong(name, node, &format!("{what} such as {example}"), None);
                None
            }
        }
    }

    fn bool(&mut self, name: &str) -> Option<Spanned<bool>> {
        let node = self.node(name)?;
        match &node.value {
            Value::Bool(b) => Some(Spanned::new(node.span.clone(), *b)),
            _ => {
                self.wrong(
                    name,
                    node,
                    "true or false",
                    Some(format!("write {name} = true")),
                );
                None
            }
        }
    }

    /// A text: a table of language codes and strings.
    fn text(&mut self, name: &str) -> Option<Text> {
        let node = self.node(name)?;
        let span = self.table.key_span(name).unwrap_or(node.span.clone());
        self.text_of(name, node, span)
    }

    fn text_of(&mut self, name: &str, node: &Node, span: std::ops::Range<usize>) -> Option<Text> {
        let Value::Table(table) = &node.value else {
            let help = format!(
                "a text gives each language its own string: {name}.zh = \"…\" and {name}.en = \"…\""
            );
            self.wrong(name, node, "a text in every language", Some(help));
            return None;
        };
        let mut values = Vec::new();
        for (lang, value) in &table.entries {
            match &value.value {
                Value::Str(s) => {
                    values.push((lang.clone(), Spanned::new(value.span.clone(), s.clone())))
                }
                _ => self.wrong(
                    &format!("{name}.{}", lang.get_ref()),
                    value,
                    "a string in quotes",
                    None,
                ),
            }
        }
        Some(Text {
            file: self.file.clone(),
            span,
            values,
        })
    }

    /// An array of tables (`[[block.item]]` or inline tables).
    fn tables(&mut self, name: &str) -> Option<Vec<&'a Table>> {
        let node = self.node(name)?;
        match &node.value {
            Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    match &item.value {
                        Value::Table(t) => out.push(t),
                        _ => self.wrong(
                            name,
                            item,
                            "a list of tables",
                            Some(format!("write each one as [[…{name}]]")),
                        ),
                    }
                }
                Some(out)
            }
            Value::Table(_) => {
                let start = self
                    .table
                    .key_span(name)
                    .map_or(node.span.start, |s| s.start);
                self.diags.push(source::table::single_bracket(
                    self.file,
                    node.span.start.min(start)..node.span.end.max(start),
                    name,
                ));
                None
            }
            _ => {
                self.wrong(name, node, "a list of tables", None);
                None
            }
        }
    }

    /// A list of texts: tables of languages.
    fn texts(&mut self, name: &str) -> Option<Vec<Text>> {
        let node = self.node(name)?;
        let Value::Array(items) = &node.value else {
            self.wrong(
                name,
                node,
                "a list of texts",
                Some(format!(
                    "write each one as [[…{name}]] with zh = \"…\", en = \"…\""
                )),
            );
            return None;
        };
        Some(
            items
                .iter()
                .filter_map(|item| self.text_of(name, item, item.span.clone()))
                .collect(),
        )
    }

    /// A list of strings.
    fn strings(&mut self, name: &str) -> Option<Spanned<Vec<Spanned<String>>>> {
        let node = self.node(name)?;
        let Value::Array(items) = &node.value else {
            self.wrong(
                name,
                node,
                "a list of strings",
                Some(format!("write {name} = [\"…\", \"…\"]")),
            );
            return None;
        };
        let mut out = Vec::new();
        for item in items {
            match &item.value {
                Value::Str(s) => out.push(Spanned::new(item.span.clone(), s.clone())),
                _ => self.wrong(name, item, "a list of strings", None),
            }
        }
        Some(Spanned::new(node.span.clone(), out))
    }

    /// Reports every key that is not allowed, with a suggestion.
    fn finish(self) {
        for (key, _) in &self.table.entries {
            let name = key.get_ref();
            if self.allowed.contains(&name.as_str()) {
                continue;
            }
            self.diags
                .push(unknown_key(self.file, key, &self.what, &self.allowed));
        }
    }
}

/// The error for a key a table does not have.
fn unknown_key(
    file: &SourceFile,
    key: &Spanned<String>,
    what: &str,
    allowed: &[&str],
) -> Diagnostic {
    let name = key.get_ref();
    let keys = format!("the keys of {what} are {}", diag::list(allowed));
    let mut d = Diagnostic::error(format!("unknown key `{name}` in {what}"))
        .at(file.span(key.span()), format!("not a key of {what}"));
    if let Some(c) = name.chars().find(|c| !c.is_ascii()) {
        let skeleton: String = name
            .chars()
            .map(|c| ascii_look_alike(c).unwrap_or_else(|| c.to_string()))
            .collect();
        let looks = if allowed.contains(&skeleton.as_str()) {
            format!("; it looks like `{skeleton}`: type that in plain ASCII")
        } else {
            String::new()
        };
        return d.with_help(format!(
            "the key contains {}{looks}; {keys}",
            describe_char(c)
        ));
    }
    match diag::closest(name, allowed.iter().copied()) {
        Some(best) => d = d.with_help(format!("did you mean `{best}`? {keys}")),
        None => d = d.with_help(keys),
    }
    d
}

fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}

/// Reads and parses a file; errors go to `diags`.
fn read(dir: &Dir, rel: &Path, diags: &mut Diagnostics) -> Option<(SourceFile, Table)> {
    let file = match dir.read(rel) {
        Ok(file) => file,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    match parse_toml(&file) {
        Ok(table) => Some((file, table)),
        Err(errors) => {
            diags.extend(errors);
            None
        }
    }
}

/// A record of `kind` from its table.
fn record(
    file: &SourceFile,
    table: &Table,
    kind: &'static Kind,
    diags: &mut Diagnostics,
) -> Option<Record> {
    let what = format!("{} {}", article(kind.what), kind.what);
    let mut f = Fields::new(file, table, what, kind.field_names(), diags);
    let example_id = match kind.id {
        schema::IdPattern::Slug => "id = \"my-id\"",
        _ => "id = \"…\"",
    };
    let id = f.string("id");
    let id = f.required("id", id, example_id);
    let mut fields = Vec::new();
    for field in kind.fields {
        let value = field_value(&mut f, field);
        if let Some(value) = value {
            fields.push((field, value));
        } else if field.required && f.node(field.name).is_none() {
            f.missing(field.name, &example(field));
        }
    }
    f.finish();
    Some(Record {
        kind,
        file: file.clone(),
        span: table.span.clone(),
        id: id?,
        fields,
    })
}

fn example(field: &Field) -> String {
    match field.ty {
        FieldType::Text => format!("{0}.zh = \"…\" and {0}.en = \"…\"", field.name),
        FieldType::Year => format!("{} = 2027", field.name),
        FieldType::Int => format!("{} = 1", field.name),
        FieldType::Choice(words) => format!("{} = \"{}\"", field.name, words[0]),
        _ => format!("{} = …", field.name),
    }
}

/// Reads one field of the schema.
fn field_value(f: &mut Fields<'_, '_>, field: &Field) -> Option<Spanned<FieldValue>> {
    let name = field.name;
    let span = f.node(name)?.span.clone();
    let value = match field.ty {
        FieldType::Text => FieldValue::Text(f.text(name)?),
        FieldType::Texts => FieldValue::Texts(f.texts(name)?),
        FieldType::Year | FieldType::Int => {
            FieldValue::Int(*f.int(name, field.ty == FieldType::Year)?.get_ref())
        }
        FieldType::Bool => FieldValue::Bool(*f.bool(name)?.get_ref()),
        FieldType::Ref(_) => FieldValue::Str(f.string(name)?.into_inner()),
        FieldType::Choice(words) => FieldValue::Str(f.choice(name, words)?.into_inner()),
        FieldType::Refs(_) => FieldValue::Strs(f.strings(name)?.into_inner()),
        FieldType::Titles => {
            let node = f.node(name)?;
            let Value::Table(table) = &node.value else {
                f.wrong(name, node, "a table of texts", None);
                return None;
            };
            let mut titles = Vec::new();
            for (key, value) in &table.entries {
                if let Some(text) = f.text_of(key.get_ref(), value, key.span()) {
                    titles.push((key.clone(), text));
                }
            }
            FieldValue::Titles(titles)
        }
    };
    Some(Spanned::new(span, value))
}

/// A record file: its arrays of records and its own fields.
#[allow(clippy::type_complexity)]
fn record_file(
    dir: &Dir,
    name: &'static str,
    diags: &mut Diagnostics,
    records: &mut Vec<Record>,
    file_fields: &mut Vec<(
        &'static str,
        &'static Field,
        Spanned<FieldValue>,
        SourceFile,
    )>,
) -> Option<SourceFile> {
    let (file, table) = read(dir, Path::new(name), diags)?;
    let kinds = schema::kinds_in(name);
    let own: Vec<&'static Field> = schema::file_fields(name).collect();
    let allowed: Vec<&'static str> = kinds
        .iter()
        .map(|k| k.name)
        .chain(own.iter().map(|f| f.name))
        .collect();
    for (key, node) in &table.entries {
        let name_here = key.get_ref().as_str();
        if allowed.contains(&name_here) {
            continue;
        }
        if let Some(kind) = schema::kind_named(name_here) {
            diags.push(
                Diagnostic::error(format!(
                    "[[{name_here}]] records belong in sources/{}",
                    kind.file
                ))
                .at(file.span(key.span()), format!("not a record of {name}"))
                .with_help(format!("move them to sources/{}", kind.file)),
            );
            continue;
        }
        let _ = node;
        diags.push(unknown_key(
            &file,
            key,
            &format!("sources/{name}"),
            &allowed,
        ));
    }
    let mut f = Fields::new(
        &file,
        &table,
        format!("sources/{name}"),
        allowed.clone(),
        diags,
    );
    for field in &own {
        match field_value(&mut f, field) {
            Some(value) => file_fields.push((name, field, value, file.clone())),
            None if f.node(field.name).is_none() => f.missing(field.name, &example(field)),
            None => {}
        }
    }
    let mut tables_of = Vec::new();
    for kind in &kinds {
        if let Some(tables) = f.tables(kind.name) {
            tables_of.push((kind, tables));
        }
    }
    drop(f);
    for (kind, tables) in tables_of {
        for table in tables {
            if let Some(r) = record(&file, table, kind, diags) {
                records.push(r);
            }
        }
    }
    Some(file)
}

/// A block of a section or of the front matter: its `kind` first, then the
/// fields that kind allows.
fn block(file: &SourceFile, table: &Table, diags: &mut Diagnostics) -> Option<Block> {
    let kind = block_kind(file, table, diags)?;
    let allowed = BLOCKS
        .iter()
        .find(|(k, _)| *k == kind.get_ref())
        .map_or(&[][..], |(_, fields)| fields)
        .to_vec();
    let what = format!("{} {} block", article(kind.get_ref()), kind.get_ref());
    let mut f = Fields::new(file, table, what, allowed, diags);
    let id = f.string("id");
    let body = match kind.get_ref().as_str() {
        "para" => para_block(&mut f),
        "heading" => heading_block(&mut f),
        "list" => list_block(&mut f),
        "entries" => entries_block(&mut f),
        "table" => table_block(&mut f).map(BlockBody::Table),
        "figure" => {
            let figure = f.string("figure");
            f.required("figure", figure, "figure = \"<id of figures.toml>\"")
                .map(|figure| BlockBody::Figure { figure })
        }
        _ => None,
    };
    f.finish();
    Some(Block {
        file: file.clone(),
        span: table.span.clone(),
        kind,
        id,
        body: body?,
    })
}

/// A block's `kind`, one of [`BLOCKS`].
fn block_kind(
    file: &SourceFile,
    table: &Table,
    diags: &mut Diagnostics,
) -> Option<Spanned<String>> {
    let kinds: Vec<&'static str> = BLOCKS.iter().map(|(k, _)| *k).collect();
    let mut f = Fields::new(file, table, "a block".into(), vec!["kind"], diags);
    let kind = f.choice("kind", &kinds);
    f.required("kind", kind, "kind = \"para\"")
}

/// `numbered` and `number` of a paragraph or heading.
fn numbering(f: &mut Fields<'_, '_>) -> Numbering {
    Numbering {
        numbered: f.bool("numbered"),
        number: f.string("number"),
    }
}

/// The `text` that paragraphs and headings need.
fn block_text(f: &mut Fields<'_, '_>) -> Option<Text> {
    let text = f.text("text");
    f.required("text", text, "text.zh = \"…\" and text.en = \"…\"")
}

/// The body of a `para` block.
fn para_block(f: &mut Fields<'_, '_>) -> Option<BlockBody> {
    let numbering = numbering(f);
    let lead = f.text("lead");
    block_text(f).map(|text| BlockBody::Para {
        numbering,
        lead,
        text,
    })
}

/// The body of a `heading` block.
fn heading_block(f: &mut Fields<'_, '_>) -> Option<BlockBody> {
    let numbering = numbering(f);
    let level = f.int("level", false);
    block_text(f).map(|text| BlockBody::Heading {
        numbering,
        level,
        text,
    })
}

/// The body of a `list` block: its style and either written-out items or
/// the records of a collection.
fn list_block(f: &mut Fields<'_, '_>) -> Option<BlockBody> {
    let (file, table) = (f.file, f.table);
    let style = f.choice("style", LIST_STYLES);
    let style = f.required("style", style, "style = \"bullet\"");
    let items = f.texts("item");
    let from = f.string("from");
    let field = f.string("field");
    let items = match (items, from) {
        (Some(items), None) => Some(ListItems::Texts(items)),
        (None, Some(from)) => Some(ListItems::Records { from, field }),
        (Some(_), Some(from)) => {
            f.diags.push(
                Diagnostic::error("a list takes either `item` or `from`, not both")
                    .at(file.span(from.span()), "remove this or the items"),
            );
            None
        }
        (None, None) => {
            if f.node("item").is_none() {
                f.diags.push(Diagnostic::error("list without items").at(
                    file.span(table.span.clone()),
                    "add [[block.item]] texts or `from = \"…\"`",
                ));
            }
            None
        }
    };
    match (style, items) {
        (Some(style), Some(items)) => Some(BlockBody::List { style, items }),
        _ => None,
    }
}

/// The body of an `entries` block.
fn entries_block(f: &mut Fields<'_, '_>) -> Option<BlockBody> {
    let of = f.string("of");
    let of = f.required("of", of, "of = \"priorities\"");
    let heading = f.string("heading");
    let text = f.string("text");
    let text = f.required("text", text, "text = \"description\"");
    match (of, text) {
        (Some(of), Some(text)) => Some(BlockBody::Entries { of, heading, text }),
        _ => None,
    }
}

/// The body of a `table` block: caption, the records it lists and how,
/// and rows written out.
fn table_block(f: &mut Fields<'_, '_>) -> Option<TableSpec> {
    let id = f.string("id");
    let id = f.required("id", id, "id = \"my-table\"");
    let caption = f.text("caption");
    let caption = f.required(
        "caption",
        caption,
        "caption.zh = \"…\" and caption.en = \"…\"",
    );
    let of = f.string("of");
    let filter = table_filter(f);
    let mut columns = named_columns(f);
    columns.extend(column_tables(f));
    let group_by = f.string("group_by");
    let rows = table_rows(f);
    Some(TableSpec {
        id: id?,
        caption: caption?,
        of,
        filter,
        columns,
        group_by,
        rows,
    })
}

/// A table's `where = { field = "value", … }`.
fn table_filter(f: &mut Fields<'_, '_>) -> Vec<(Spanned<String>, Spanned<String>)> {
    let mut filter = Vec::new();
    let Some(node) = f.node("where") else {
        return filter;
    };
    match &node.value {
        Value::Table(t) => {
            for (key, value) in &t.entries {
                match &value.value {
                    Value::Str(s) => {
                        filter.push((key.clone(), Spanned::new(value.span.clone(), s.clone())))
                    }
                    _ => f.wrong(key.get_ref(), value, "a string in quotes", None),
                }
            }
        }
        _ => f.wrong(
            "where",
            node,
            "a table such as where = { study_group = \"SG1\" }",
            None,
        ),
    }
    filter
}

/// A table's `columns = [fields]`, with their `widths` if given.
fn named_columns(f: &mut Fields<'_, '_>) -> Vec<Column> {
    let mut columns: Vec<Column> = Vec::new();
    if let Some(names) = f.strings("columns") {
        columns.extend(names.into_inner().into_iter().map(|name| Column {
            span: name.span(),
            field: Some(name),
            header: None,
            width: None,
        }));
    }
    let Some(widths) = f.node("widths") else {
        return columns;
    };
    match &widths.value {
        Value::Array(items) if items.len() == columns.len() => {
            for (column, item) in columns.iter_mut().zip(items) {
                match item.value {
                    Value::Int(Ok(w)) => column.width = Some(Spanned::new(item.span.clone(), w)),
                    _ => f.wrong(
                        "widths",
                        item,
                        "a list of percentages such as [14, 50, 36]",
                        None,
                    ),
                }
            }
        }
        _ => f.diags.push(
            Diagnostic::error("`widths` must give one percentage per column").at(
                f.file.span(widths.span.clone()),
                format!("{} columns", columns.len()),
            ),
        ),
    }
    columns
}

/// A table's `[[block.column]]` tables.
fn column_tables(f: &mut Fields<'_, '_>) -> Vec<Column> {
    let file = f.file;
    let mut columns = Vec::new();
    for t in f.tables("column").unwrap_or_default() {
        let mut c = Fields::new(
            file,
            t,
            "a table column".into(),
            vec!["field", "header", "width"],
            f.diags,
        );
        let column = Column {
            span: t.span.clone(),
            field: c.string("field"),
            header: c.text("header"),
            width: c.int("width", false),
        };
        c.finish();
        columns.push(column);
    }
    columns
}

/// A table's `[[block.row]]` rows written out.
fn table_rows(f: &mut Fields<'_, '_>) -> Vec<Row> {
    let file = f.file;
    let mut rows = Vec::new();
    for t in f.tables("row").unwrap_or_default() {
        let mut r = Fields::new(file, t, "a table row".into(), vec!["cells"], f.diags);
        let cells = r.texts("cells");
        let cells = r.required("cells", cells, "cells = [{ zh = \"…\", en = \"…\" }, …]");
        r.finish();
        if let Some(cells) = cells {
            rows.push(Row {
                span: t.span.clone(),
                cells,
            });
        }
    }
    rows
}

fn blocks(file: &SourceFile, f: &mut Fields<'_, '_>, name: &str) -> Vec<Block> {
    let tables = f.tables(name).unwrap_or_default();
    tables
        .into_iter()
        .filter_map(|t| block(file, t, f.diags))
        .collect()
}

fn report(dir: &Dir, diags: &mut Diagnostics) -> Option<Report> {
    let (file, table) = read(dir, Path::new(REPORT_FILE), diags)?;
    let allowed = [
        "languages",
        "order",
        "meta",
        "summary",
        "action",
        "references",
    ];
    let mut f = Fields::new(
        &file,
        &table,
        "sources/report.toml".into(),
        allowed.to_vec(),
        diags,
    );
    let languages = f.strings("languages");
    let languages = f.required("languages", languages, "languages = [\"zh\", \"en\"]");
    let order = f.strings("order");
    let front: Vec<FrontPart> = FRONT_PARTS
        .iter()
        .map(|name| FrontPart {
            name,
            blocks: blocks(&file, &mut f, name),
        })
        .collect();
    let meta_node = f.node("meta");
    let meta = match meta_node.map(|n| &n.value) {
        Some(Value::Table(t)) => meta(&file, t, f.diags),
        Some(_) => {
            f.wrong("meta", meta_node?, "a table [meta]", None);
            None
        }
        None => {
            f.missing(
                "meta",
                "a [meta] table with document, date, original, group, meeting, source and title",
            );
            None
        }
    };
    f.finish();
    Some(Report {
        file,
        languages: languages?,
        order,
        meta: meta?,
        front,
    })
}

fn meta(file: &SourceFile, table: &Table, diags: &mut Diagnostics) -> Option<Meta> {
    let allowed = vec![
        "document", "date", "original", "revision", "author", "group", "meeting", "source", "title",
    ];
    let mut f = Fields::new(file, table, "[meta]".into(), allowed, diags);
    let document = f.string("document");
    let document = f.required("document", document, "document = \"TDAG-23/XX\"");
    let date = match f.node("date") {
        Some(node) => match &node.value {
            Value::Datetime(d) => Some(Spanned::new(node.span.clone(), *d)),
            Value::Str(s) => {
                let help = match s.parse::<Datetime>() {
                    Ok(_) => format!("write date = {s} without quotes"),
                    Err(_) => {
                        "write the date as year-month-day without quotes: date = 2023-04-28".into()
                    }
                };
                f.wrong("date", node, "a date such as 2023-04-28", Some(help));
                None
            }
            _ => {
                f.wrong("date", node, "a date such as 2023-04-28", None);
                None
            }
        },
        None => {
            f.missing("date", "date = 2023-04-28");
            None
        }
    };
    let original = f.string("original");
    let original = f.required("original", original, "original = \"en\"");
    let revision = f.int("revision", false);
    let author = f.string("author");
    let text = |f: &mut Fields<'_, '_>, name: &str| {
        let t = f.text(name);
        f.required(name, t, &format!("{name}.zh = \"…\" and {name}.en = \"…\""))
    };
    let group = text(&mut f, "group");
    let meeting = text(&mut f, "meeting");
    let source = text(&mut f, "source");
    let title = text(&mut f, "title");
    f.finish();
    Some(Meta {
        document: document?,
        date: date?,
        original: original?,
        revision,
        author,
        group: group?,
        meeting: meeting?,
        source: source?,
        title: title?,
    })
}

/// The id a section file gets from its name: `3-kigali-action-plan.toml`
/// is `kigali-action-plan`.
fn section_id_from_name(name: &str) -> String {
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    let rest = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    match rest.strip_prefix(['-', '_', ' ']) {
        Some(rest) if rest.len() < stem.len() && !rest.is_empty() => rest.to_string(),
        _ => stem.to_string(),
    }
}

/// The number a section file's name starts with, if any.
fn leading_number(name: &str) -> Option<u64> {
    let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn section(dir: &Dir, name: &str, diags: &mut Diagnostics) -> Option<Section> {
    let rel = PathBuf::from(SECTIONS_DIR).join(name);
    let (file, table) = read(dir, &rel, diags)?;
    let allowed = vec!["id", "number", "title", "block"];
    let mut f = Fields::new(&file, &table, "a section file".into(), allowed, diags);
    let id = f.string("id");
    let number = f.string("number");
    let title = f.text("title");
    let title = f.required("title", title, "title.zh = \"…\" and title.en = \"…\"");
    let blocks = blocks(&file, &mut f, "block");
    f.finish();
    Some(Section {
        id: id.map_or_else(|| section_id_from_name(name), Spanned::into_inner),
        file,
        number,
        title: title?,
        blocks,
    })
}

/// The `.toml` files of `sources/sections/`, ordered by the number their
/// name starts with, then by name.
fn section_names(dir: &Dir, diags: &mut Diagnostics) -> Vec<String> {
    let sections = dir.show(SECTIONS_DIR);
    let entries = match std::fs::read_dir(dir.real.join(SECTIONS_DIR)) {
        Ok(entries) => entries,
        Err(err) => {
            diags.push(
                Diagnostic::error(format!(
                    "cannot read the section directory: {}",
                    source::describe_io(&err)
                ))
                .in_file(&sections),
            );
            return Vec::new();
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml") && !n.starts_with('.'))
        .collect();
    names.sort_by(|a, b| {
        (leading_number(a).unwrap_or(u64::MAX), a).cmp(&(leading_number(b).unwrap_or(u64::MAX), b))
    });
    if names.is_empty() {
        diags.push(
            Diagnostic::error("no section files")
                .in_file(&sections)
                .with_help("each section is a file such as sources/sections/1-introduction.toml"),
        );
    }
    let mut by_number: HashMap<u64, &String> = HashMap::new();
    for name in &names {
        if let Some(n) = leading_number(name)
            && let Some(first) = by_number.insert(n, name)
        {
            diags.push(
                Diagnostic::error(format!(
                    "two section files start with the number {n}: `{first}` and `{name}`"
                ))
                .in_file(sections.join(name))
                .with_help(format!(
                    "sections are ordered by the number their file name starts with; rename or remove `{name}` (a copy left behind?)"
                )),
            );
        }
    }
    names
}

/// Errors for `.toml` files of `sources/` that no kind reads.
fn unknown_files(dir: &Dir, diags: &mut Diagnostics) {
    let Ok(entries) = std::fs::read_dir(&dir.real) else {
        return;
    };
    let mut known = schema::record_files();
    known.push(REPORT_FILE);
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml") && !known.contains(&n.as_str()))
        .collect();
    names.sort();
    for name in names {
        let help = match diag::closest(&name, known.iter().copied()) {
            Some(best) => format!(
                "did you mean `{best}`? The files of sources/ are {} and sections/*.toml",
                known.join(", ")
            ),
            None => format!(
                "the files of sources/ are {} and sections/*.toml",
                known.join(", ")
            ),
        };
        diags.push(
            Diagnostic::error("not a known source file")
                .in_file(dir.show(&name))
                .with_help(help),
        );
    }
}

/// Orders the sections by `order` in `report.toml`, if given.
fn order_sections(
    report: &Report,
    sections: Vec<Section>,
    diags: &mut Diagnostics,
) -> Vec<Section> {
    let Some(order) = &report.order else {
        return sections;
    };
    let ids: Vec<String> = sections.iter().map(|s| s.id.clone()).collect();
    let id_refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut slots: Vec<Option<Section>> = sections.into_iter().map(Some).collect();
    let mut ordered = Vec::new();
    for id in order.get_ref() {
        match id_refs.iter().position(|s| *s == id.get_ref()) {
            Some(i) => match slots[i].take() {
                Some(s) => ordered.push(s),
                None => diags.push(
                    Diagnostic::error(format!(
                        "section `{}` is listed twice in `order`",
                        id.get_ref()
                    ))
                    .at(report.file.span(id.span()), "listed again"),
                ),
            },
            None => diags.push(
                Diagnostic::error(format!("no section has the id `{}`", id.get_ref()))
                    .at(report.file.span(id.span()), "unknown section")
                    .with_help(diag::suggestion(id.get_ref(), &id_refs, "the sections")),
            ),
        }
    }
    for left in slots.into_iter().flatten() {
        diags.push(
            Diagnostic::error(format!("section `{}` is not listed in `order`", left.id))
                .at(report.file.span(order.span()), "the order of the sections")
                .with_help(format!(
                    "add \"{}\" to `order` (from {}), or remove the file",
                    left.id,
                    left.file.path().display()
                )),
        );
    }
    ordered
}

/// Numbers the sections, numbered paragraphs and headings, figures and
/// tables, in document order.
fn number(report: &Report, sections: &[Section]) -> Numbers {
    let mut n = Numbers::default();
    let place = |n: &mut Numbers, block: &Block| match &block.body {
        BlockBody::Figure { figure } => {
            let next = n.figures.len() + 1;
            n.figures.entry(figure.get_ref().clone()).or_insert(next);
        }
        BlockBody::Table(t) => {
            let next = n.tables.len() + 1;
            n.tables.entry(t.id.get_ref().clone()).or_insert(next);
        }
        _ => {}
    };
    for part in &report.front {
        for block in &part.blocks {
            place(&mut n, block);
        }
    }
    for (si, section) in sections.iter().enumerate() {
        let number = match &section.number {
            Some(explicit) => explicit.get_ref().clone(),
            None => (si + 1).to_string(),
        };
        n.ids
            .insert(("section", section.id.clone()), number.clone());
        let mut counters: Vec<u32> = Vec::new();
        for (bi, block) in section.blocks.iter().enumerate() {
            place(&mut n, block);
            let (numbering, level) = match &block.body {
                BlockBody::Para { numbering, .. } => (numbering, None),
                BlockBody::Heading {
                    numbering, level, ..
                } => (numbering, level.as_ref().map(|l| *l.get_ref())),
                _ => continue,
            };
            if !numbering.is_numbered() {
                continue;
            }
            let depth = usize::try_from(level.unwrap_or(2).clamp(2, 6) - 1).unwrap_or(1);
            counters.truncate(depth);
            while counters.len() < depth {
                counters.push(0);
            }
            if let Some(last) = counters.last_mut() {
                *last = last.saturating_add(1);
            }
            let auto = std::iter::once(number.clone())
                .chain(counters.iter().map(u32::to_string))
                .collect::<Vec<_>>()
                .join(".");
            let shown = numbering
                .number
                .as_ref()
                .map_or(auto, |explicit| explicit.get_ref().clone());
            if let Some(id) = &block.id {
                n.ids.insert(("para", id.get_ref().clone()), shown.clone());
            }
            n.blocks.insert((si, bi), shown);
        }
        n.sections.push(number);
    }
    n
}

/// Reads and parses every file under `dir` into the model, reporting all
/// errors found.
pub fn load(dir: &Dir) -> Result<Model, Diagnostics> {
    let mut diags = Diagnostics::new();
    if !dir.real.is_dir() {
        return Err(vec![
            Diagnostic::error("no sources directory")
                .in_file(&dir.shown)
                .with_help("run inside a project (a folder with sources/report.toml), or pass --project DIR"),
        ]);
    }
    unknown_files(dir, &mut diags);
    let report = report(dir, &mut diags);
    let mut records = Vec::new();
    let mut file_fields = Vec::new();
    let mut files = Vec::new();
    for name in schema::record_files() {
        if let Some(file) = record_file(dir, name, &mut diags, &mut records, &mut file_fields) {
            files.push(file);
        }
    }
    // Kind by kind in schema order, so that lists and tables follow it.
    records.sort_by_key(|r| schema::KINDS.iter().position(|k| k.name == r.kind.name));
    let sections: Vec<Section> = section_names(dir, &mut diags)
        .iter()
        .filter_map(|name| section(dir, name, &mut diags))
        .collect();
    let Some(report) = report else {
        return Err(diags);
    };
    let sections = order_sections(&report, sections, &mut diags);
    if !diags.is_empty() {
        return Err(diags);
    }
    files.insert(0, report.file.clone());
    files.extend(sections.iter().map(|s| s.file.clone()));
    let mut by_id = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        by_id
            .entry((r.kind.name, r.id.get_ref().clone()))
            .or_insert(i);
    }
    let numbers = number(&report, &sections);
    Ok(Model {
        dir: dir.real.clone(),
        report,
        records,
        file_fields,
        sections,
        files,
        numbers,
        by_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_ids_come_from_file_names() {
        assert_eq!(
            section_id_from_name("3-kigali-action-plan.toml"),
            "kigali-action-plan"
        );
        assert_eq!(section_id_from_name("annex.toml"), "annex");
        assert_eq!(section_id_from_name("12.toml"), "12");
        assert_eq!(leading_number("10-x.toml"), Some(10));
    }

    #[test]
    fn unknown_keys_suggest_the_closest() {
        let file = SourceFile::new("a.toml", "regoin = 1\n".into());
        let key = Spanned::new(0..6, "regoin".to_string());
        let d = unknown_key(&file, &key, "an initiative", &["id", "region", "title"]);
        assert_eq!(d.message, "unknown key `regoin` in an initiative");
        assert!(d.help.unwrap().starts_with("did you mean `region`?"));
        let key = Spanned::new(0..6, "tіtle".to_string());
        let d = unknown_key(&file, &key, "an initiative", &["id", "region", "title"]);
        assert!(d.help.unwrap().contains("it looks like `title`"));
    }
}
