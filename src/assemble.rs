//! Assembling one edition: the model, a locale and the layout in, a
//! [`Doc`] out. Every block kind has its own function; nothing is dropped
//! silently: whatever cannot be resolved is reported.

use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{
    self, Bar, Block, Column, Doc, Drawing, Figure, Group, HeaderLine, Inline, Inlines, Item, Lang,
    Mark, Meta, Part, Row, Table,
};
use crate::layout::Layout;
use crate::locale::LocaleFile;
use crate::model::{
    self, BlockBody, FieldValue, ListItems, Model, Record, TableSpec, Text, TextRef,
};
use crate::resolve::Resolver;
use crate::schema::{self, FieldType, Kind};

/// Builds the document of one language. The model must have passed
/// `check`; anything unresolvable is still reported, never panicked on.
pub fn assemble(model: &Model, locale: &LocaleFile, layout: &Layout) -> Result<Doc, Diagnostics> {
    let mut a = Assembler {
        model,
        resolver: Resolver { model, locale },
        locale,
        diags: Vec::new(),
    };
    let doc = a.doc(layout);
    if a.diags.is_empty() {
        Ok(doc)
    } else {
        Err(a.diags)
    }
}

struct Assembler<'a> {
    model: &'a Model,
    resolver: Resolver<'a>,
    locale: &'a LocaleFile,
    diags: Diagnostics,
}

impl<'a> Assembler<'a> {
    /// Resolves a text; errors are recorded and nothing returned.
    fn text(&mut self, text: &Text, scope: Option<&Record>) -> Inlines {
        match self.resolver.text(TextRef { text, scope }) {
            Ok(inlines) => inlines,
            Err(diags) => {
                self.diags.extend(diags);
                Vec::new()
            }
        }
    }

    /// A text as plain text (figure labels, alt texts, properties).
    fn plain(&mut self, text: &Text, scope: Option<&Record>) -> String {
        doc::plain(&self.text(text, scope))
    }

    /// A record's field as inline content: texts resolved in the record's
    /// scope, numbers and ids as they are, the id with its mark.
    fn field(&mut self, record: &Record, field: &str) -> Inlines {
        if field == "id" {
            let mark = record
                .kind
                .id_mark
                .filter(|(flag, _)| record.flag(flag))
                .map_or("", |(_, mark)| mark);
            return doc::text(format!("{}{mark}", record.id.get_ref()));
        }
        match record.get(field) {
            Some(FieldValue::Text(t)) => self.text(t, Some(record)),
            Some(FieldValue::Int(n)) => doc::text(n.to_string()),
            Some(FieldValue::Str(s)) => {
                match record.kind.field(field).map(|f| f.ty) {
                    // A reference shows the record it names.
                    Some(FieldType::Ref(kind)) => match self.model.record(kind, s) {
                        Some(target) => self.field(target, target.kind.label),
                        None => doc::text(s.clone()),
                    },
                    _ => doc::text(s.clone()),
                }
            }
            _ => Vec::new(),
        }
    }

    /// A locale pattern filled with inline values.
    fn pattern(&self, pattern: &str, values: &[(&str, Inlines)]) -> Inlines {
        let mut out = Vec::new();
        let Ok(pieces) = crate::placeholder::parse(pattern) else {
            return doc::text(pattern);
        };
        for piece in pieces {
            match piece {
                crate::placeholder::Piece::Lit(s) => doc::push_runs(&mut out, [Inline::plain(s)]),
                crate::placeholder::Piece::Hole(h) => {
                    if let Some((_, v)) = values.iter().find(|(k, _)| *k == h.source()) {
                        doc::push_runs(&mut out, v.iter().cloned());
                    }
                }
                crate::placeholder::Piece::Markup { .. } => {}
            }
        }
        out
    }

    fn doc(&mut self, layout: &Layout) -> Doc {
        let report = &self.model.report;
        let labels = &self.locale.value.labels;
        let mut front = Vec::new();
        for part in &report.front {
            if part.blocks.is_empty() {
                continue;
            }
            let label = match part.name {
                "summary" => &labels.summary,
                "action" => &labels.action,
                _ => &labels.references,
            }
            .clone();
            let mut blocks = Vec::new();
            for block in &part.blocks {
                blocks.extend(self.block(block, None));
            }
            front.push(Part { label, blocks });
        }
        let mut body = Vec::new();
        for (si, section) in self.model.sections.iter().enumerate() {
            body.push(Block::Heading {
                level: 1,
                number: self.model.numbers.sections.get(si).cloned().map(doc::text),
                text: self.text(&section.title, None),
                mark: Mark::None,
            });
            for (bi, block) in section.blocks.iter().enumerate() {
                let number = self.model.numbers.blocks.get(&(si, bi)).cloned();
                body.extend(self.block(block, number));
            }
        }
        Doc {
            lang: self.lang(),
            layout: layout.clone(),
            meta: self.meta(layout),
            front,
            body,
            draft: None,
            revised_by: None,
        }
    }

    fn lang(&self) -> Lang {
        let l = &self.locale.value;
        let page = l.patterns.page.get_ref();
        let (before, after) = page.split_once("{page}").unwrap_or((page.as_str(), ""));
        let tag = l.tag.get_ref();
        let mut parts = tag.split('-');
        let typst_lang = parts.next().unwrap_or("en").to_string();
        let typst_region = parts
            .find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_uppercase()))
            .map(str::to_string);
        Lang {
            code: l.code.get_ref().clone(),
            tag: tag.clone(),
            letter: l.letter.get_ref().clone(),
            typst_lang,
            typst_region,
            dir: l.dir,
            justify: l.justify,
            word_script: l.word_script,
            fonts: l.fonts.pdf.clone(),
            docx_latin: l.fonts.docx_latin.clone(),
            docx_east_asia: l.fonts.docx_east_asia.clone(),
            docx_complex: l.fonts.docx_complex.clone(),
            leading: *l.fonts.leading.get_ref(),
            page_before: before.to_string(),
            page_after: after.to_string(),
        }
    }

    fn meta(&mut self, layout: &Layout) -> Meta {
        let report = &self.model.report;
        let meta = &report.meta;
        let patterns = &self.locale.value.patterns;
        let number = format!(
            "{}-{}",
            meta.document.get_ref(),
            self.locale.value.letter.get_ref()
        );
        let (date, date_iso) = match meta.date.get_ref().date {
            Some(d) => (
                self.locale.date(d.year, d.month, d.day),
                format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
            ),
            None => {
                self.diags.push(
                    Diagnostic::error("the document date must be a date")
                        .at(report.file.span(meta.date.span()), "no date here"),
                );
                (String::new(), String::new())
            }
        };
        let language = self
            .locale
            .value
            .language_names
            .get(meta.original.get_ref())
            .cloned()
            .unwrap_or_else(|| meta.original.get_ref().clone());
        let document = match &meta.revision {
            Some(rev) => self.locale.fill(
                &patterns.revision,
                &[
                    ("revision", &rev.get_ref().to_string()),
                    ("number", &number),
                ],
            ),
            None => self.locale.fill(&patterns.document, &[("number", &number)]),
        };
        let group = self.text(&meta.group, None);
        let meeting = self.text(&meta.meeting, None);
        let original = self
            .locale
            .fill(&patterns.original, &[("language", &language)]);
        let line = |field: &str| -> HeaderLine {
            let text = match field {
                "group" => group.clone(),
                "meeting" => meeting.clone(),
                "document" => doc::text(document.clone()),
                "date" => doc::text(date.clone()),
                _ => doc::text(original.clone()),
            };
            HeaderLine {
                field: field.to_string(),
                text,
            }
        };
        let left = layout.header_block.left.iter().map(|f| line(f)).collect();
        let right = layout.header_block.right.iter().map(|f| line(f)).collect();
        let source = self.text(&meta.source, None);
        let author = match &meta.author {
            Some(author) => author.get_ref().clone(),
            None => doc::plain(&source),
        };
        Meta {
            left,
            right,
            number,
            date_iso,
            source_label: self.locale.value.labels.source.clone(),
            source,
            title_label: self.locale.value.labels.title.clone(),
            title: self.text(&meta.title, None),
            group: doc::plain(&group),
            author,
        }
    }

    /// The blocks of one block of the sources (an `entries` block gives
    /// two per record; a table or figure that is not placed, none).
    fn block(&mut self, block: &model::Block, number: Option<String>) -> Vec<Block> {
        match &block.body {
            BlockBody::Para { lead, text, .. } => vec![self.para(lead.as_ref(), text, number)],
            BlockBody::Heading { level, text, .. } => {
                vec![self.heading(level.as_ref().map(|l| *l.get_ref()), text, number)]
            }
            BlockBody::List { style, items } => vec![self.list(style.get_ref(), items)],
            BlockBody::Entries { of, heading, text } => self.entries(
                of.get_ref(),
                heading.as_ref().map(|h| h.get_ref().as_str()),
                text.get_ref(),
            ),
            BlockBody::Table(spec) => self.table(spec).map(Block::Table).into_iter().collect(),
            BlockBody::Figure { figure } => self
                .figure(figure.get_ref())
                .map(Block::Figure)
                .into_iter()
                .collect(),
        }
    }

    /// A paragraph, its lead followed by the locale's separator.
    fn para(&mut self, lead: Option<&Text>, text: &Text, number: Option<String>) -> Block {
        let lead = lead.map(|t| {
            let mut inlines = self.text(t, None);
            let sep = self.locale.value.labels.lead_separator.clone();
            doc::push_runs(&mut inlines, [Inline::plain(sep)]);
            inlines
        });
        Block::Para {
            number: number.map(doc::text),
            lead,
            text: self.text(text, None),
            mark: Mark::None,
        }
    }

    /// A heading: its level as given, or from the depth of its number, or 3.
    fn heading(&mut self, level: Option<i64>, text: &Text, number: Option<String>) -> Block {
        let level = match (level, &number) {
            (Some(l), _) => l,
            (None, Some(n)) => i64::try_from(n.split('.').count()).unwrap_or(2),
            (None, None) => 3,
        };
        Block::Heading {
            level: u8::try_from(level.clamp(2, 6)).unwrap_or(3),
            number: number.map(doc::text),
            text: self.text(text, None),
            mark: Mark::None,
        }
    }

    /// A list with the locale's marker for its style.
    fn list(&mut self, style: &str, items: &ListItems) -> Block {
        let labels = &self.locale.value.labels;
        let marker = if style == "bullet" {
            &labels.bullet
        } else {
            &labels.dash
        }
        .clone();
        let items = match items {
            ListItems::Texts(texts) => texts
                .iter()
                .map(|t| Item {
                    text: self.text(t, None),
                    key: String::new(),
                    mark: Mark::None,
                })
                .collect(),
            ListItems::Records { from, field } => {
                self.list_items(from.get_ref(), field.as_ref().map(|f| f.get_ref().as_str()))
            }
        };
        Block::List { marker, items }
    }

    /// `entries`: for each record of a collection, a heading (its `heading`
    /// field, or the kind's label) and a paragraph (its `text` field).
    fn entries(&mut self, of: &str, heading: Option<&str>, text: &str) -> Vec<Block> {
        let Some(kind) = schema::kind_of_plural(of) else {
            return Vec::new();
        };
        let heading = heading.unwrap_or(kind.label);
        let mut blocks = Vec::new();
        for record in self.model.of_kind(kind.name) {
            blocks.push(Block::Heading {
                level: 3,
                number: None,
                text: self.field(record, heading),
                mark: Mark::None,
            });
            blocks.push(Block::Para {
                number: None,
                lead: None,
                text: self.field(record, text),
                mark: Mark::None,
            });
        }
        blocks
    }

    /// One item per record: the locale's item pattern for the kind, or the
    /// given field, or the kind's label.
    fn list_items(&mut self, plural: &str, field: Option<&str>) -> Vec<Item> {
        let Some(kind) = schema::kind_of_plural(plural) else {
            return Vec::new();
        };
        let pattern = self
            .locale
            .value
            .items
            .get(kind.name)
            .map(|p| p.get_ref().clone());
        let records: Vec<&Record> = self.model.of_kind(kind.name).collect();
        records
            .into_iter()
            .map(|record| {
                let text = match (field, &pattern) {
                    (None, Some(pattern)) => {
                        let values: Vec<(&str, Inlines)> = kind
                            .field_names()
                            .into_iter()
                            .map(|f| (f, self.field(record, f)))
                            .collect();
                        self.pattern(pattern, &values)
                    }
                    (field, _) => self.field(record, field.unwrap_or(kind.label)),
                };
                Item {
                    text,
                    key: record.key(),
                    mark: Mark::None,
                }
            })
            .collect()
    }

    fn caption(
        &mut self,
        pattern: &toml::Spanned<String>,
        number: usize,
        caption: Inlines,
    ) -> Inlines {
        let pattern = pattern.get_ref().clone();
        self.pattern(
            &pattern,
            &[
                ("number", doc::text(number.to_string())),
                ("caption", caption),
            ],
        )
    }

    fn table(&mut self, spec: &TableSpec) -> Option<Table> {
        let id = spec.id.get_ref();
        let number = *self.model.numbers.tables.get(id)?;
        let caption_text = self.text(&spec.caption, None);
        let caption = self.caption(
            &self.locale.value.patterns.table_caption.clone(),
            number,
            caption_text,
        );
        let kind = spec
            .of
            .as_ref()
            .and_then(|of| schema::kind_of_plural(of.get_ref()));
        let columns = self.columns(spec, kind);
        let rows = match kind {
            Some(kind) => self.record_rows(spec, kind),
            None => spec
                .rows
                .iter()
                .map(|row| Row {
                    group: false,
                    cells: row.cells.iter().map(|c| self.text(c, None)).collect(),
                    key: String::new(),
                    mark: Mark::None,
                })
                .collect(),
        };
        Some(Table {
            id: id.clone(),
            caption,
            columns,
            rows,
            mark: Mark::None,
        })
    }

    /// Headers from the block or the locale; widths given, or an id column
    /// of 14 % and the rest shared.
    fn columns(&mut self, spec: &TableSpec, kind: Option<&Kind>) -> Vec<Column> {
        let given: u32 = spec
            .columns
            .iter()
            .filter_map(|c| c.width.as_ref())
            .map(|w| u32::try_from(*w.get_ref()).unwrap_or(0))
            .sum();
        let unsized_count = spec.columns.iter().filter(|c| c.width.is_none()).count();
        let ids = spec
            .columns
            .iter()
            .filter(|c| c.width.is_none() && c.field.as_ref().is_some_and(|f| f.get_ref() == "id"))
            .count();
        let id_width = if ids > 0 && unsized_count > ids {
            14
        } else {
            0
        };
        let rest = 100u32
            .saturating_sub(given)
            .saturating_sub(id_width * u32::try_from(ids).unwrap_or(0));
        let share = rest
            / u32::try_from((unsized_count - if id_width > 0 { ids } else { 0 }).max(1))
                .unwrap_or(1);
        let mut columns = Vec::new();
        for column in &spec.columns {
            let field = column.field.as_ref().map(|f| f.get_ref().as_str());
            let header = match (&column.header, kind, field) {
                (Some(h), _, _) => self.text(h, None),
                (None, Some(kind), Some(field)) => match self.locale.header(kind.name, field) {
                    Some(h) => doc::text(h),
                    None => {
                        self.diags.push(
                            Diagnostic::error(format!("no column header for `{}.{field}` in the `{}` locale", kind.name, self.locale.code()))
                                .at(column.field.as_ref().map_or(spec.caption.whole(), |f| spec.caption.file.span(f.span())), "this column")
                                .with_help(format!(
                                    "add \"{}.{field}\" = \"…\" to [headers] in {}, or give the column a header: [[block.column]] with field and header",
                                    kind.name,
                                    self.locale.file.path().display()
                                )),
                        );
                        Vec::new()
                    }
                },
                _ => Vec::new(),
            };
            let width = match &column.width {
                Some(w) => u32::try_from(*w.get_ref()).unwrap_or(0),
                None if field == Some("id") && id_width > 0 => id_width,
                None => share,
            };
            columns.push(Column { header, width });
        }
        columns
    }

    fn record_rows(&mut self, spec: &TableSpec, kind: &Kind) -> Vec<Row> {
        let fields: Vec<String> = spec
            .columns
            .iter()
            .filter_map(|c| c.field.as_ref().map(|f| f.get_ref().clone()))
            .collect();
        let selected: Vec<&Record> = self
            .model
            .of_kind(kind.name)
            .filter(|r| {
                spec.filter.iter().all(|(f, v)| {
                    r.str(f.get_ref()) == Some(v.get_ref().as_str())
                        || (f.get_ref() == "id" && r.id.get_ref() == v.get_ref())
                })
            })
            .collect();
        let cells = |a: &mut Self, r: &Record| -> Row {
            Row {
                group: false,
                cells: fields.iter().map(|f| a.field(r, f)).collect(),
                key: r.key(),
                mark: Mark::None,
            }
        };
        let Some(group_by) = &spec.group_by else {
            return selected.into_iter().map(|r| cells(self, r)).collect();
        };
        let Some(FieldType::Ref(parent_kind)) = kind.field(group_by.get_ref()).map(|f| f.ty) else {
            return Vec::new();
        };
        let mut rows = Vec::new();
        let parents: Vec<&Record> = self.model.of_kind(parent_kind).collect();
        for parent in parents {
            let members: Vec<&&Record> = selected
                .iter()
                .filter(|r| r.str(group_by.get_ref()) == Some(parent.id.get_ref().as_str()))
                .collect();
            if members.is_empty() {
                continue;
            }
            rows.push(Row {
                group: true,
                cells: vec![self.field(parent, parent.kind.label)],
                key: parent.key(),
                mark: Mark::None,
            });
            for member in members {
                rows.push(cells(self, member));
            }
        }
        rows
    }

    fn figure(&mut self, id: &str) -> Option<Figure> {
        let model = self.model;
        let figure = model.record("figure", id)?;
        let number = *model.numbers.figures.get(id)?;
        let caption_text = self.text(figure.text("caption")?, Some(figure));
        let caption = self.caption(
            &self.locale.value.patterns.figure_caption.clone(),
            number,
            caption_text,
        );
        let drawing = match figure.str("draw")? {
            "timeline" => Drawing::Timeline {
                from: figure.int("from")?,
                to: figure.int("to")?,
                bars: match figure.get("outputs") {
                    Some(FieldValue::Strs(ids)) => ids
                        .iter()
                        .filter_map(|id| model.record("output", id.get_ref()))
                        .map(|o| Bar {
                            label: o
                                .text("name")
                                .map(|t| self.plain(t, Some(o)))
                                .unwrap_or_default(),
                            start: o.int("start").unwrap_or_default(),
                            end: o.int("end"),
                            until: o.text("until").map(|t| self.plain(t, Some(o))),
                        })
                        .collect(),
                    _ => Vec::new(),
                },
            },
            "kap-structure" => Drawing::KapStructure {
                top: self.plain(figure.text("top")?, Some(figure)),
                groups: self.kap_groups(),
            },
            _ => Drawing::Links {
                groups: self.kap_groups(),
                targets: match figure.get("target") {
                    Some(FieldValue::Texts(targets)) => targets
                        .iter()
                        .map(|t| self.plain(t, Some(figure)))
                        .collect(),
                    _ => Vec::new(),
                },
            },
        };
        Some(Figure {
            id: id.to_string(),
            caption,
            alt: self.plain(figure.text("alt")?, Some(figure)),
            drawing,
            mark: Mark::None,
        })
    }

    /// Priorities, products and services, enablers, with their titles.
    fn kap_groups(&mut self) -> Vec<Group> {
        ["priorities", "products", "enablers"]
            .into_iter()
            .filter_map(|plural| {
                let kind = schema::kind_of_plural(plural)?;
                let title = self
                    .model
                    .group_title(plural)
                    .map(|t| self.plain(t, None))
                    .unwrap_or_default();
                let records: Vec<&Record> = self.model.of_kind(kind.name).collect();
                let items = records
                    .into_iter()
                    .map(|r| doc::plain(&self.field(r, kind.label)))
                    .collect();
                Some(Group { title, items })
            })
            .collect()
    }
}
