//! Assembling one edition: records and a locale in, a [`Doc`] out.

use crate::diag::{Diagnostic, Diagnostics};
use crate::doc::{Bar, Block, Column, Doc, Drawing, Figure, Group, Lang, Meta, Part, Row, Table};
use crate::index::{Index, Record, TextRef};
use crate::locale::Locale;
use crate::resolve::Resolver;
use crate::source::{
    self, BlockKind, Draw, ListFrom, ListStyle, Loaded, SourceFile, TableOf, Text,
};

/// Builds the document of one language. The sources must have passed
/// `check`; anything unresolvable is still reported, never panicked on.
pub fn assemble(index: &Index<'_>, locale: &Loaded<Locale>) -> Result<Doc, Diagnostics> {
    let mut a = Assembler {
        index,
        resolver: Resolver { index, locale },
        locale: &locale.value,
        diags: Vec::new(),
    };
    let doc = a.doc();
    if a.diags.is_empty() {
        Ok(doc)
    } else {
        Err(a.diags)
    }
}

struct Assembler<'a> {
    index: &'a Index<'a>,
    resolver: Resolver<'a>,
    locale: &'a Locale,
    diags: Diagnostics,
}

impl<'a> Assembler<'a> {
    /// Resolves a text; an error is recorded and an empty string returned.
    fn text(&mut self, file: &SourceFile, text: &Text, scope: Option<Record<'_>>) -> String {
        match self.resolver.text(TextRef { file, text, scope }) {
            Ok(s) => s,
            Err(diag) => {
                self.diags.push(diag);
                String::new()
            }
        }
    }

    /// Resolves a text of a record in the record's own scope.
    fn field(&mut self, record: Record<'_>, text: &Text) -> String {
        let file = self.index.file_of(record);
        self.text(file, text, Some(record))
    }

    fn fill(&self, pattern: &toml::Spanned<String>, values: &[(&str, &str)]) -> String {
        self.resolver.locale.fill(pattern, values)
    }

    fn doc(&mut self) -> Doc {
        let sources = self.index.sources;
        let report = &sources.report;
        let labels = &self.locale.labels;
        let front = [
            (&labels.summary, &report.value.summary),
            (&labels.action, &report.value.action),
            (&labels.references, &report.value.references),
        ]
        .into_iter()
        .filter(|(_, blocks)| !blocks.is_empty())
        .map(|(label, blocks)| Part {
            label: label.clone(),
            blocks: blocks
                .iter()
                .flat_map(|b| self.block(&report.file, b))
                .collect(),
        })
        .collect();
        let mut body = Vec::new();
        for section in self.index.sections() {
            body.push(Block::Heading {
                level: 1,
                number: Some(section.value.number.get_ref().clone()),
                text: self.text(&section.file, &section.value.title, None),
            });
            for block in &section.value.block {
                body.extend(self.block(&section.file, block));
            }
        }
        Doc {
            lang: self.lang(),
            meta: self.meta(),
            front,
            body,
        }
    }

    fn lang(&self) -> Lang {
        let l = self.locale;
        let page = l.patterns.page.get_ref();
        let (before, after) = page.split_once("{page}").unwrap_or((page.as_str(), ""));
        Lang {
            code: l.code.get_ref().clone(),
            tag: l.tag.get_ref().clone(),
            letter: l.letter.get_ref().clone(),
            typst: l.typst.clone(),
            word_script: l.word_script,
            fonts: l.fonts.pdf.clone(),
            docx_latin: l.fonts.docx_latin.clone(),
            docx_east_asia: l.fonts.docx_east_asia.clone(),
            page_before: before.to_string(),
            page_after: after.to_string(),
        }
    }

    fn meta(&mut self) -> Meta {
        let report = &self.index.sources.report;
        let meta = &report.value.meta;
        let file = &report.file;
        let number = format!(
            "{}-{}",
            meta.document.get_ref(),
            self.locale.letter.get_ref()
        );
        let (date, date_iso) = match meta.date.get_ref().date {
            Some(d) => (
                self.resolver
                    .locale
                    .date(d.year, d.month, d.day)
                    .unwrap_or_default(),
                format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
            ),
            None => {
                self.diags.push(
                    Diagnostic::error("the document date must be a date")
                        .at(report.span(&meta.date), "no date here"),
                );
                (String::new(), String::new())
            }
        };
        let language = self
            .locale
            .language_names
            .get(meta.original.get_ref())
            .cloned()
            .unwrap_or_else(|| meta.original.get_ref().clone());
        let source = self.text(file, &meta.source, None);
        Meta {
            group: self.text(file, &meta.group, None),
            meeting: self.text(file, &meta.meeting, None),
            document: self.fill(&self.locale.patterns.document, &[("number", &number)]),
            number,
            date,
            date_iso,
            original: self.fill(&self.locale.patterns.original, &[("language", &language)]),
            source_label: self.locale.labels.source.clone(),
            author: source.clone(),
            source,
            title_label: self.locale.labels.title.clone(),
            title: self.text(file, &meta.title, None),
        }
    }

    fn block(&mut self, file: &SourceFile, block: &source::Block) -> Vec<Block> {
        let number = block.number.as_ref().map(|n| n.get_ref().clone());
        match block.kind.get_ref() {
            BlockKind::Para => vec![Block::Para {
                number,
                lead: block
                    .lead
                    .as_ref()
                    .map(|t| self.text(file, t, None) + &self.locale.labels.lead_separator),
                text: block
                    .text
                    .as_ref()
                    .map(|t| self.text(file, t, None))
                    .unwrap_or_default(),
            }],
            BlockKind::Heading => {
                let level = number.as_ref().map_or(3, |n| n.split('.').count().min(6));
                vec![Block::Heading {
                    level: u8::try_from(level).unwrap_or(6),
                    number,
                    text: block
                        .text
                        .as_ref()
                        .map(|t| self.text(file, t, None))
                        .unwrap_or_default(),
                }]
            }
            BlockKind::List => {
                let marker = match block.style.as_ref().map(|s| *s.get_ref()) {
                    Some(ListStyle::Bullet) => &self.locale.labels.bullet,
                    _ => &self.locale.labels.dash,
                }
                .clone();
                let items = match (&block.item, &block.from) {
                    (Some(items), _) => items
                        .get_ref()
                        .iter()
                        .map(|t| self.text(file, t, None))
                        .collect(),
                    (None, Some(from)) => self.list_from(*from.get_ref()),
                    (None, None) => Vec::new(),
                };
                vec![Block::List { marker, items }]
            }
            BlockKind::Priorities => {
                let mut blocks = Vec::new();
                for p in &self.index.sources.kap.value.priority {
                    let record = Record::Priority(p);
                    blocks.push(Block::Heading {
                        level: 3,
                        number: None,
                        text: self.field(record, &p.title),
                    });
                    blocks.push(Block::Para {
                        number: None,
                        lead: None,
                        text: self.field(record, &p.description),
                    });
                }
                blocks
            }
            BlockKind::Table => self
                .table(file, block)
                .map(Block::Table)
                .into_iter()
                .collect(),
            BlockKind::Figure => self.figure(block).map(Block::Figure).into_iter().collect(),
        }
    }

    fn list_from(&mut self, from: ListFrom) -> Vec<String> {
        let s = self.index.sources;
        match from {
            ListFrom::Outputs => s
                .outputs
                .value
                .output
                .iter()
                .map(|o| self.field(Record::Output(o), &o.text))
                .collect(),
            ListFrom::Products => s
                .kap
                .value
                .product
                .iter()
                .map(|p| self.field(Record::Product(p), &p.title))
                .collect(),
            ListFrom::Enablers => s
                .kap
                .value
                .enabler
                .iter()
                .map(|e| self.field(Record::Enabler(e), &e.title))
                .collect(),
            ListFrom::Resolutions => s
                .resolutions
                .value
                .resolution
                .iter()
                .map(|r| {
                    let record = Record::Resolution(r);
                    let place = self.field(record, &r.place);
                    let purpose = self.field(record, &r.purpose);
                    self.fill(
                        &self.locale.patterns.resolution_item,
                        &[
                            ("id", r.id.get_ref()),
                            ("place", &place),
                            ("year", &r.year.get_ref().to_string()),
                            ("purpose", &purpose),
                        ],
                    )
                })
                .collect(),
        }
    }

    fn table(&mut self, file: &SourceFile, block: &source::Block) -> Option<Table> {
        let id = block.id.as_ref()?.get_ref();
        let number = self.index.table_number(id)?;
        let caption_text = self.text(file, block.caption.as_ref()?, None);
        let caption = self.fill(
            &self.locale.patterns.table_caption,
            &[("number", &number.to_string()), ("caption", &caption_text)],
        );
        let labels = &self.locale.labels;
        let s = self.index.sources;
        let (columns, rows) = match block.of.as_ref()?.get_ref() {
            TableOf::Questions => {
                let sg = block.study_group.as_ref()?.get_ref();
                let columns = vec![
                    Column {
                        header: labels.question_number.clone(),
                        width: 14,
                    },
                    Column {
                        header: labels.question_title.clone(),
                        width: 50,
                    },
                    Column {
                        header: labels.question_origin.clone(),
                        width: 36,
                    },
                ];
                let rows = s
                    .questions
                    .value
                    .question
                    .iter()
                    .filter(|q| q.study_group.get_ref() == sg)
                    .map(|q| {
                        let record = Record::Question(q);
                        let mark = if q.marked { "*" } else { "" };
                        Row::Cells {
                            cells: vec![
                                format!("{}{mark}", q.id.get_ref()),
                                self.field(record, &q.title),
                                self.field(record, &q.origin),
                            ],
                        }
                    })
                    .collect();
                (columns, rows)
            }
            TableOf::Initiatives => {
                let columns = vec![
                    Column {
                        header: labels.initiative_code.clone(),
                        width: 12,
                    },
                    Column {
                        header: labels.initiative_title.clone(),
                        width: 88,
                    },
                ];
                let mut rows = Vec::new();
                for region in &s.regions.value.region {
                    rows.push(Row::Group {
                        text: self.field(Record::Region(region), &region.name),
                    });
                    for initiative in s
                        .initiatives
                        .value
                        .initiative
                        .iter()
                        .filter(|i| i.region.get_ref() == region.id.get_ref())
                    {
                        rows.push(Row::Cells {
                            cells: vec![
                                initiative.id.get_ref().clone(),
                                self.field(Record::Initiative(initiative), &initiative.title),
                            ],
                        });
                    }
                }
                (columns, rows)
            }
        };
        Some(Table {
            id: id.clone(),
            caption,
            columns,
            rows,
        })
    }

    fn figure(&mut self, block: &source::Block) -> Option<Figure> {
        let id = block.figure.as_ref()?.get_ref();
        let Some(Record::Figure(figure)) = self.index.record("figure", id) else {
            return None;
        };
        let record = Record::Figure(figure);
        let number = self.index.figure_number(id)?;
        let caption_text = self.field(record, &figure.caption);
        let caption = self.fill(
            &self.locale.patterns.figure_caption,
            &[("number", &number.to_string()), ("caption", &caption_text)],
        );
        let drawing = match figure.draw.get_ref() {
            Draw::Timeline => Drawing::Timeline {
                from: *figure.from.as_ref()?.get_ref(),
                to: *figure.to.as_ref()?.get_ref(),
                bars: figure
                    .outputs
                    .iter()
                    .flat_map(|o| o.get_ref())
                    .filter_map(|id| match self.index.record("output", id.get_ref()) {
                        Some(Record::Output(o)) => Some(o),
                        _ => None,
                    })
                    .map(|o| {
                        let record = Record::Output(o);
                        Bar {
                            label: self.field(record, &o.name),
                            start: *o.start.get_ref(),
                            end: o.end.as_ref().map(|e| *e.get_ref()),
                            until: o.until.as_ref().map(|u| self.field(record, u)),
                        }
                    })
                    .collect(),
            },
            Draw::KapStructure => Drawing::KapStructure {
                top: self.field(record, figure.top.as_ref()?),
                groups: self.kap_groups(),
            },
            Draw::Links => Drawing::Links {
                groups: self.kap_groups(),
                targets: figure
                    .target
                    .iter()
                    .flat_map(|t| t.get_ref())
                    .map(|t| self.field(record, t))
                    .collect(),
            },
        };
        Some(Figure {
            id: id.clone(),
            caption,
            alt: self.field(record, &figure.alt),
            drawing,
        })
    }

    /// Priorities, products and services, enablers, with their names.
    fn kap_groups(&mut self) -> Vec<Group> {
        let kap = &self.index.sources.kap;
        let file = &kap.file;
        let priorities = Group {
            title: self.text(file, &kap.value.groups.priorities, None),
            items: kap
                .value
                .priority
                .iter()
                .map(|p| self.field(Record::Priority(p), &p.title))
                .collect(),
        };
        let products = Group {
            title: self.text(file, &kap.value.groups.products, None),
            items: kap
                .value
                .product
                .iter()
                .map(|p| self.field(Record::Product(p), &p.title))
                .collect(),
        };
        let enablers = Group {
            title: self.text(file, &kap.value.groups.enablers, None),
            items: kap
                .value
                .enabler
                .iter()
                .map(|e| self.field(Record::Enabler(e), &e.title))
                .collect(),
        };
        vec![priorities, products, enablers]
    }
}
