//! The report as records and sections: every kind of record in one generic
//! shape (declared in [`crate::schema`]), sections of typed blocks, and the
//! lookups the rest of the program needs (records by kind and id, counts,
//! the numbers of sections, paragraphs, figures and tables, every text).

mod load;
mod text;

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use toml::Spanned;
use toml::value::Datetime;

pub use load::load;
pub use text::{Text, value_span};

use crate::schema::{Field, Kind};
use crate::span::{SourceFile, Span};

/// A field's value.
#[derive(Clone, Debug)]
pub enum FieldValue {
    /// A text.
    Text(Text),
    /// A list of texts.
    Texts(Vec<Text>),
    /// A year or a number.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// An id or a word.
    Str(String),
    /// A list of ids.
    Strs(Vec<Spanned<String>>),
    /// Titles by collection.
    Titles(Vec<(Spanned<String>, Text)>),
}

/// A record of any kind.
#[derive(Clone, Debug)]
pub struct Record {
    /// Its kind.
    pub kind: &'static Kind,
    /// The file it is written in.
    pub file: SourceFile,
    /// Its `[[kind]]` header.
    pub span: Range<usize>,
    /// Its id.
    pub id: Spanned<String>,
    /// The fields given, in schema order.
    pub fields: Vec<(&'static Field, Spanned<FieldValue>)>,
}

impl Record {
    /// A field's value.
    pub fn get(&self, name: &str) -> Option<&FieldValue> {
        self.get_spanned(name).map(Spanned::get_ref)
    }

    /// A field's value with its span.
    pub fn get_spanned(&self, name: &str) -> Option<&Spanned<FieldValue>> {
        self.fields
            .iter()
            .find(|(f, _)| f.name == name)
            .map(|(_, v)| v)
    }

    /// A text field.
    pub fn text(&self, name: &str) -> Option<&Text> {
        match self.get(name) {
            Some(FieldValue::Text(t)) => Some(t),
            _ => None,
        }
    }

    /// A number field.
    pub fn int(&self, name: &str) -> Option<i64> {
        match self.get(name) {
            Some(FieldValue::Int(n)) => Some(*n),
            _ => None,
        }
    }

    /// A string field (an id or a word).
    pub fn str(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(FieldValue::Str(s)) => Some(s),
            _ => None,
        }
    }

    /// A boolean field, false when absent.
    pub fn flag(&self, name: &str) -> bool {
        matches!(self.get(name), Some(FieldValue::Bool(true)))
    }

    /// The span of a field's value, or of the record.
    pub fn span_of(&self, name: &str) -> Span {
        match (name, self.get_spanned(name)) {
            ("id", _) => self.file.span(self.id.span()),
            (_, Some(v)) => self.file.span(v.span()),
            _ => self.file.span(self.span.clone()),
        }
    }

    /// `initiative/AFR1`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.kind.name, self.id.get_ref())
    }
}

/// The metadata of `report.toml`.
#[derive(Clone, Debug)]
pub struct Meta {
    /// Document number without the language letter, e.g. `TDAG-23/XX`.
    pub document: Spanned<String>,
    /// Date of the document.
    pub date: Spanned<Datetime>,
    /// Language code of the original.
    pub original: Spanned<String>,
    /// Revision number, if this is a revision.
    pub revision: Option<Spanned<i64>>,
    /// Author of tracked changes, if not the source.
    pub author: Option<Spanned<String>>,
    /// The group's name.
    pub group: Text,
    /// The meeting line.
    pub meeting: Text,
    /// Who submits the document.
    pub source: Text,
    /// Title of the document.
    pub title: Text,
}

/// `report.toml`.
#[derive(Clone, Debug)]
pub struct Report {
    /// The file.
    pub file: SourceFile,
    /// Language codes, in edition order.
    pub languages: Spanned<Vec<Spanned<String>>>,
    /// Section order by section id, if given.
    pub order: Option<Spanned<Vec<Spanned<String>>>>,
    /// Metadata.
    pub meta: Meta,
    /// The front matter: summary, action required, references.
    pub front: Vec<FrontPart>,
}

/// A part of the front matter.
#[derive(Clone, Debug)]
pub struct FrontPart {
    /// `summary`, `action` or `references`.
    pub name: &'static str,
    /// Its blocks.
    pub blocks: Vec<Block>,
}

/// The front matter's parts, in order.
pub const FRONT_PARTS: [&str; 3] = ["summary", "action", "references"];

/// Explicit numbering of a paragraph or heading.
#[derive(Clone, Debug, Default)]
pub struct Numbering {
    /// `numbered = true`: numbered by the tool.
    pub numbered: Option<Spanned<bool>>,
    /// `number = "3.1a"`: the exceptional hand-written number.
    pub number: Option<Spanned<String>>,
}

impl Numbering {
    /// Whether the block is numbered at all.
    pub fn is_numbered(&self) -> bool {
        self.number.is_some() || self.numbered.as_ref().is_some_and(|n| *n.get_ref())
    }
}

/// A column of a table.
#[derive(Clone, Debug)]
pub struct Column {
    /// Where it is written.
    pub span: Range<usize>,
    /// The record field it shows.
    pub field: Option<Spanned<String>>,
    /// Its header, if not the locale's.
    pub header: Option<Text>,
    /// Its share of the width in percent.
    pub width: Option<Spanned<i64>>,
}

/// A hand-written table row.
#[derive(Clone, Debug)]
pub struct Row {
    /// Its `[[block.row]]` header.
    pub span: Range<usize>,
    /// One text per column.
    pub cells: Vec<Text>,
}

/// A table block.
#[derive(Clone, Debug)]
pub struct TableSpec {
    /// Its id, for `{table.<id>}`.
    pub id: Spanned<String>,
    /// Its caption.
    pub caption: Text,
    /// The collection it lists, for a table of records.
    pub of: Option<Spanned<String>>,
    /// Only records whose field has this value.
    pub filter: Vec<(Spanned<String>, Spanned<String>)>,
    /// The columns.
    pub columns: Vec<Column>,
    /// A reference field that groups the rows under its records.
    pub group_by: Option<Spanned<String>>,
    /// Rows written out.
    pub rows: Vec<Row>,
}

/// The items of a list.
#[derive(Clone, Debug)]
pub enum ListItems {
    /// Written out.
    Texts(Vec<Text>),
    /// One per record of a collection.
    Records {
        /// The collection.
        from: Spanned<String>,
        /// The field shown, if not the locale's item pattern or the label.
        field: Option<Spanned<String>>,
    },
}

/// What a block is.
#[derive(Clone, Debug)]
pub enum BlockBody {
    /// A paragraph.
    Para {
        /// Its number.
        numbering: Numbering,
        /// Bold run-in label.
        lead: Option<Text>,
        /// The text.
        text: Text,
    },
    /// A subheading.
    Heading {
        /// Its number.
        numbering: Numbering,
        /// Its level, when not given by its number.
        level: Option<Spanned<i64>>,
        /// The text.
        text: Text,
    },
    /// A list.
    List {
        /// `dash` or `bullet`.
        style: Spanned<String>,
        /// The items.
        items: ListItems,
    },
    /// The records of a collection, each as a subheading and a paragraph.
    Entries {
        /// The collection.
        of: Spanned<String>,
        /// The field of the subheading.
        heading: Option<Spanned<String>>,
        /// The field of the paragraph.
        text: Spanned<String>,
    },
    /// A table.
    Table(TableSpec),
    /// A figure of `figures.toml`.
    Figure {
        /// Its id.
        figure: Spanned<String>,
    },
}

/// A block of a section or of the front matter.
#[derive(Clone, Debug)]
pub struct Block {
    /// The file.
    pub file: SourceFile,
    /// Its `[[block]]` header.
    pub span: Range<usize>,
    /// Its `kind` value.
    pub kind: Spanned<String>,
    /// Its id, for `{para.<id>}`.
    pub id: Option<Spanned<String>>,
    /// What it is.
    pub body: BlockBody,
}

impl Block {
    /// Every text of the block, with its path below the block.
    pub fn texts(&self) -> Vec<(Vec<Seg>, &Text)> {
        let key = |k: &str| vec![Seg::Key(k.into())];
        match &self.body {
            BlockBody::Para { lead, text, .. } => lead
                .iter()
                .map(|t| (key("lead"), t))
                .chain([(key("text"), text)])
                .collect(),
            BlockBody::Heading { text, .. } => vec![(key("text"), text)],
            BlockBody::List {
                items: ListItems::Texts(items),
                ..
            } => items
                .iter()
                .enumerate()
                .map(|(i, t)| (vec![Seg::Key("item".into()), Seg::Index(i)], t))
                .collect(),
            BlockBody::Table(table) => {
                let mut out = vec![(key("caption"), &table.caption)];
                for (i, c) in table.columns.iter().enumerate() {
                    if let Some(h) = &c.header {
                        let path = vec![
                            Seg::Key("column".into()),
                            Seg::Index(i),
                            Seg::Key("header".into()),
                        ];
                        out.push((path, h));
                    }
                }
                for (r, row) in table.rows.iter().enumerate() {
                    for (c, cell) in row.cells.iter().enumerate() {
                        let path = vec![
                            Seg::Key("row".into()),
                            Seg::Index(r),
                            Seg::Key("cells".into()),
                            Seg::Index(c),
                        ];
                        out.push((path, cell));
                    }
                }
                out
            }
            _ => Vec::new(),
        }
    }
}

/// A section file.
#[derive(Clone, Debug)]
pub struct Section {
    /// The file.
    pub file: SourceFile,
    /// Its id: `id` in the file, or the file name without its number.
    pub id: String,
    /// The exceptional hand-written section number.
    pub number: Option<Spanned<String>>,
    /// Its heading.
    pub title: Text,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// A step of a path to a value in a TOML file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    /// A key.
    Key(String),
    /// An index in an array.
    Index(usize),
}

/// A text with what it belongs to.
#[derive(Clone, Copy, Debug)]
pub struct TextRef<'a> {
    /// The text.
    pub text: &'a Text,
    /// The record whose fields `{name}` placeholders name, if any.
    pub scope: Option<&'a Record>,
}

/// A text of the sources with its stable id and its path in the file.
#[derive(Clone, Debug)]
pub struct TextItem<'a> {
    /// Stable id, e.g. `initiative/AFR1/title` or `section/introduction/3/text`.
    pub id: String,
    /// The text and its scope.
    pub text: TextRef<'a>,
    /// The keys leading to it in its file.
    pub path: Vec<Seg>,
}

/// Numbers given to sections, paragraphs, figures and tables.
#[derive(Clone, Debug, Default)]
pub struct Numbers {
    /// Each section's number, in order.
    pub sections: Vec<String>,
    /// Paragraph and heading numbers by (section, block).
    pub blocks: HashMap<(usize, usize), String>,
    /// Numbers by id: `para` and `section` ids.
    pub ids: HashMap<(&'static str, String), String>,
    /// Figure numbers by id, in order of placement.
    pub figures: HashMap<String, usize>,
    /// Table numbers by id, in order of placement.
    pub tables: HashMap<String, usize>,
}

/// The whole report as loaded.
#[derive(Debug)]
pub struct Model {
    /// The sources directory.
    pub dir: PathBuf,
    /// `report.toml`.
    pub report: Report,
    /// Every record of every kind, kind by kind in schema order, each kind
    /// in file order.
    pub records: Vec<Record>,
    /// Fields of record files outside their records.
    pub file_fields: Vec<(
        &'static str,
        &'static Field,
        Spanned<FieldValue>,
        SourceFile,
    )>,
    /// The sections, in document order.
    pub sections: Vec<Section>,
    /// Every file read.
    pub files: Vec<SourceFile>,
    /// Numbers of sections, paragraphs, figures and tables.
    pub numbers: Numbers,
    by_id: HashMap<(&'static str, String), usize>,
}

impl Model {
    /// The configured languages.
    pub fn languages(&self) -> Vec<&str> {
        self.report
            .languages
            .get_ref()
            .iter()
            .map(|l| l.get_ref().as_str())
            .collect()
    }

    /// A record by kind name and id.
    pub fn record(&self, kind: &str, id: &str) -> Option<&Record> {
        let kind = crate::schema::kind_named(kind)?;
        self.by_id
            .get(&(kind.name, id.to_string()))
            .map(|&i| &self.records[i])
    }

    /// The records of a kind, in file order.
    pub fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Record> {
        self.records.iter().filter(move |r| r.kind.name == kind)
    }

    /// The number of records of a collection (`regions`, `questions` …).
    pub fn count(&self, plural: &str) -> Option<usize> {
        let kind = crate::schema::kind_of_plural(plural)?;
        Some(self.of_kind(kind.name).count())
    }

    /// A field of a record file outside its records.
    pub fn file_field(&self, file: &str, name: &str) -> Option<(&FieldValue, Span)> {
        self.file_fields
            .iter()
            .find(|(f, field, _, _)| *f == file && field.name == name)
            .map(|(_, _, v, src)| (v.get_ref(), src.span(v.span())))
    }

    /// The title of a collection, from its file's `[groups]`.
    pub fn group_title(&self, plural: &str) -> Option<&Text> {
        let kind = crate::schema::kind_of_plural(plural)?;
        match self.file_field(kind.file, "groups")?.0 {
            FieldValue::Titles(titles) => titles
                .iter()
                .find(|(k, _)| k.get_ref() == plural)
                .map(|(_, t)| t),
            _ => None,
        }
    }

    /// Every block: the front matter's, then each section's, with the
    /// section's index.
    pub fn blocks(&self) -> impl Iterator<Item = (Option<usize>, &Block)> {
        self.report
            .front
            .iter()
            .flat_map(|p| p.blocks.iter().map(|b| (None, b)))
            .chain(
                self.sections
                    .iter()
                    .enumerate()
                    .flat_map(|(i, s)| s.blocks.iter().map(move |b| (Some(i), b))),
            )
    }

    /// Every text of the sources, with its stable id, scope and path: the
    /// metadata, the front matter, the group titles, the records, then the
    /// sections.
    pub fn texts(&self) -> Vec<TextItem<'_>> {
        let mut out = self.meta_texts();
        for part in &self.report.front {
            let prefix = format!("report/{}", part.name);
            block_texts(&mut out, &prefix, key(part.name), &part.blocks);
        }
        self.group_texts(&mut out);
        self.record_texts(&mut out);
        for section in &self.sections {
            out.push(TextItem {
                id: format!("section/{}/title", section.id),
                text: TextRef {
                    text: &section.title,
                    scope: None,
                },
                path: vec![key("title")],
            });
            let prefix = format!("section/{}", section.id);
            block_texts(&mut out, &prefix, key("block"), &section.blocks);
        }
        out
    }

    /// The texts of `report.toml`'s `[meta]`.
    fn meta_texts(&self) -> Vec<TextItem<'_>> {
        let meta = &self.report.meta;
        [
            ("group", &meta.group),
            ("meeting", &meta.meeting),
            ("source", &meta.source),
            ("title", &meta.title),
        ]
        .into_iter()
        .map(|(name, text)| TextItem {
            id: format!("report/meta/{name}"),
            text: TextRef { text, scope: None },
            path: vec![key("meta"), key(name)],
        })
        .collect()
    }

    /// The titles of the record files' `[groups]`.
    fn group_texts<'a>(&'a self, out: &mut Vec<TextItem<'a>>) {
        for (file, field, value, _) in &self.file_fields {
            if let FieldValue::Titles(titles) = value.get_ref() {
                for (name, text) in titles {
                    out.push(TextItem {
                        id: format!(
                            "{}/{}/{}",
                            file.trim_end_matches(".toml"),
                            field.name,
                            name.get_ref()
                        ),
                        text: TextRef { text, scope: None },
                        path: vec![key(field.name), key(name.get_ref())],
                    });
                }
            }
        }
    }

    /// The texts of every record, each in the record's scope.
    fn record_texts<'a>(&'a self, out: &mut Vec<TextItem<'a>>) {
        let mut index_in_file: HashMap<&str, usize> = HashMap::new();
        for record in &self.records {
            let n = index_in_file.entry(record.kind.name).or_default();
            let base = vec![key(record.kind.name), Seg::Index(*n)];
            *n += 1;
            for (field, value) in &record.fields {
                let scope = Some(record);
                match value.get_ref() {
                    FieldValue::Text(text) => out.push(TextItem {
                        id: format!("{}/{}", record.key(), field.name),
                        text: TextRef { text, scope },
                        path: [base.clone(), vec![key(field.name)]].concat(),
                    }),
                    FieldValue::Texts(texts) => {
                        for (i, text) in texts.iter().enumerate() {
                            out.push(TextItem {
                                id: format!("{}/{}/{}", record.key(), field.name, i + 1),
                                text: TextRef { text, scope },
                                path: [base.clone(), vec![key(field.name), Seg::Index(i)]].concat(),
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// The texts of a list of blocks: ids below `prefix`, paths below `array`
/// (the blocks' key in their file).
fn block_texts<'a>(out: &mut Vec<TextItem<'a>>, prefix: &str, array: Seg, blocks: &'a [Block]) {
    for (i, block) in blocks.iter().enumerate() {
        for (path, text) in block.texts() {
            out.push(TextItem {
                id: format!("{prefix}/{}/{}", block_key(block, i), path_id(&path)),
                text: TextRef { text, scope: None },
                path: [vec![array.clone(), Seg::Index(i)], path].concat(),
            });
        }
    }
}

/// A key in a text's path.
fn key(k: &str) -> Seg {
    Seg::Key(k.to_string())
}

/// A block's part of a text id: its id, or its position from 1.
fn block_key(block: &Block, index: usize) -> String {
    match &block.id {
        Some(id) => id.get_ref().clone(),
        None => (index + 1).to_string(),
    }
}

/// A path below a block as part of a text id: `item/2`, `text`.
fn path_id(path: &[Seg]) -> String {
    path.iter()
        .map(|s| match s {
            Seg::Key(k) => k.clone(),
            Seg::Index(i) => (i + 1).to_string(),
        })
        .collect::<Vec<_>>()
        .join("/")
}
