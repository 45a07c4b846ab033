//! Lookups over the loaded records: records by kind and id, counts, the
//! numbering of figures and tables, and every text with its context.

use std::collections::HashMap;

use crate::source::{
    Block, BlockKind, Figure, Initiative, Loaded, Output, Priority, Question, Region, Resolution,
    SectionFile, SourceFile, Sources, StudyGroup, Text, Titled,
};

/// A record that placeholders can name.
#[derive(Clone, Copy, Debug)]
pub enum Record<'a> {
    /// An output of WTDC-22.
    Output(&'a Output),
    /// An ITU-D priority.
    Priority(&'a Priority),
    /// A category of products and services.
    Product(&'a Titled),
    /// An enabler.
    Enabler(&'a Titled),
    /// A region.
    Region(&'a Region),
    /// A regional initiative.
    Initiative(&'a Initiative),
    /// A study group.
    StudyGroup(&'a StudyGroup),
    /// A Question.
    Question(&'a Question),
    /// A new resolution.
    Resolution(&'a Resolution),
    /// A figure.
    Figure(&'a Figure),
}

/// A field value a placeholder can print.
#[derive(Clone, Copy, Debug)]
pub enum Value<'a> {
    /// A text, itself resolved in its record's scope.
    Text(&'a Text, Record<'a>),
    /// A number.
    Number(i64),
    /// A plain string (ids).
    Str(&'a str),
}

/// Record kinds as placeholders name them, with their collections' names.
pub const KINDS: [(&str, &str); 9] = [
    ("output", "outputs"),
    ("priority", "priorities"),
    ("product", "products"),
    ("enabler", "enablers"),
    ("region", "regions"),
    ("initiative", "initiatives"),
    ("study_group", "study_groups"),
    ("question", "questions"),
    ("resolution", "resolutions"),
];

impl<'a> Record<'a> {
    /// The kind's name, as in `{region.AFR.name}`.
    pub fn kind(&self) -> &'static str {
        match self {
            Record::Output(_) => "output",
            Record::Priority(_) => "priority",
            Record::Product(_) => "product",
            Record::Enabler(_) => "enabler",
            Record::Region(_) => "region",
            Record::Initiative(_) => "initiative",
            Record::StudyGroup(_) => "study_group",
            Record::Question(_) => "question",
            Record::Resolution(_) => "resolution",
            Record::Figure(_) => "figure",
        }
    }

    /// The record's id.
    pub fn id(&self) -> &'a str {
        match self {
            Record::Output(r) => r.id.get_ref(),
            Record::Priority(r) => r.id.get_ref(),
            Record::Product(r) | Record::Enabler(r) => r.id.get_ref(),
            Record::Region(r) => r.id.get_ref(),
            Record::Initiative(r) => r.id.get_ref(),
            Record::StudyGroup(r) => r.id.get_ref(),
            Record::Question(r) => r.id.get_ref(),
            Record::Resolution(r) => r.id.get_ref(),
            Record::Figure(r) => r.id.get_ref(),
        }
    }

    /// The fields placeholders may name, with their values.
    pub fn fields(self) -> Vec<(&'static str, Value<'a>)> {
        let text = |t: &'a Text| Value::Text(t, self);
        let mut fields = vec![("id", Value::Str(self.id()))];
        match self {
            Record::Output(r) => {
                fields.extend([
                    ("name", text(&r.name)),
                    ("start", Value::Number(*r.start.get_ref())),
                ]);
                if let Some(end) = &r.end {
                    fields.push(("end", Value::Number(*end.get_ref())));
                }
                if let Some(until) = &r.until {
                    fields.push(("until", text(until)));
                }
                fields.push(("text", text(&r.text)));
            }
            Record::Priority(r) => fields.extend([
                ("title", text(&r.title)),
                ("description", text(&r.description)),
            ]),
            Record::Product(r) | Record::Enabler(r) => fields.push(("title", text(&r.title))),
            Record::Region(r) => fields.push(("name", text(&r.name))),
            Record::Initiative(r) => {
                fields.extend([
                    ("region", Value::Str(r.region.get_ref())),
                    ("title", text(&r.title)),
                ]);
            }
            Record::StudyGroup(r) => {
                fields.extend([("name", text(&r.name)), ("scope", text(&r.scope))])
            }
            Record::Question(r) => fields.extend([
                ("study_group", Value::Str(r.study_group.get_ref())),
                ("title", text(&r.title)),
                ("origin", text(&r.origin)),
            ]),
            Record::Resolution(r) => fields.extend([
                ("year", Value::Number(*r.year.get_ref())),
                ("place", text(&r.place)),
                ("title", text(&r.title)),
                ("purpose", text(&r.purpose)),
            ]),
            Record::Figure(r) => {
                fields.extend([("caption", text(&r.caption)), ("alt", text(&r.alt))])
            }
        }
        fields
    }

    /// One field by name.
    pub fn field(self, name: &str) -> Option<Value<'a>> {
        self.fields()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }
}

/// A text of the sources with what it belongs to.
#[derive(Clone, Copy, Debug)]
pub struct TextRef<'a> {
    /// The file it is written in.
    pub file: &'a SourceFile,
    /// The text.
    pub text: &'a Text,
    /// The record whose fields `{name}` placeholders name, if any.
    pub scope: Option<Record<'a>>,
}

/// A block with the file it is in and, in sections, the section.
#[derive(Clone, Copy, Debug)]
pub struct BlockRef<'a> {
    /// The file.
    pub file: &'a SourceFile,
    /// The section, or `None` in the front matter.
    pub section: Option<&'a Loaded<SectionFile>>,
    /// The block.
    pub block: &'a Block,
}

/// Lookups over the sources.
pub struct Index<'a> {
    /// The sources.
    pub sources: &'a Sources,
    records: HashMap<(&'static str, &'a str), Record<'a>>,
    figure_numbers: HashMap<&'a str, usize>,
    table_numbers: HashMap<&'a str, usize>,
}

/// Numeric sort key of a section number; unparsable numbers sort last.
fn section_key(section: &Loaded<SectionFile>) -> u32 {
    section.value.number.get_ref().parse().unwrap_or(u32::MAX)
}

impl<'a> Index<'a> {
    /// Builds the lookups. Duplicate ids keep their first record; `check`
    /// reports them.
    pub fn new(sources: &'a Sources) -> Self {
        let mut index = Index {
            sources,
            records: HashMap::new(),
            figure_numbers: HashMap::new(),
            table_numbers: HashMap::new(),
        };
        for record in index.all_records() {
            index
                .records
                .entry((record.kind(), record.id()))
                .or_insert(record);
        }
        for block in index.blocks() {
            let b = block.block;
            match b.kind.get_ref() {
                BlockKind::Figure => {
                    if let Some(id) = &b.figure {
                        let next = index.figure_numbers.len() + 1;
                        index.figure_numbers.entry(id.get_ref()).or_insert(next);
                    }
                }
                BlockKind::Table => {
                    if let Some(id) = &b.id {
                        let next = index.table_numbers.len() + 1;
                        index.table_numbers.entry(id.get_ref()).or_insert(next);
                    }
                }
                _ => {}
            }
        }
        index
    }

    /// Every record, in file order, kind by kind.
    pub fn all_records(&self) -> Vec<Record<'a>> {
        let s = self.sources;
        let mut all = Vec::new();
        all.extend(s.outputs.value.output.iter().map(Record::Output));
        all.extend(s.kap.value.priority.iter().map(Record::Priority));
        all.extend(s.kap.value.product.iter().map(Record::Product));
        all.extend(s.kap.value.enabler.iter().map(Record::Enabler));
        all.extend(s.regions.value.region.iter().map(Record::Region));
        all.extend(
            s.initiatives
                .value
                .initiative
                .iter()
                .map(Record::Initiative),
        );
        all.extend(
            s.study_groups
                .value
                .study_group
                .iter()
                .map(Record::StudyGroup),
        );
        all.extend(s.questions.value.question.iter().map(Record::Question));
        all.extend(
            s.resolutions
                .value
                .resolution
                .iter()
                .map(Record::Resolution),
        );
        all.extend(s.figures.value.figure.iter().map(Record::Figure));
        all
    }

    /// The file a record is written in.
    pub fn file_of(&self, record: Record<'_>) -> &'a SourceFile {
        let s = self.sources;
        match record {
            Record::Output(_) => &s.outputs.file,
            Record::Priority(_) | Record::Product(_) | Record::Enabler(_) => &s.kap.file,
            Record::Region(_) => &s.regions.file,
            Record::Initiative(_) => &s.initiatives.file,
            Record::StudyGroup(_) => &s.study_groups.file,
            Record::Question(_) => &s.questions.file,
            Record::Resolution(_) => &s.resolutions.file,
            Record::Figure(_) => &s.figures.file,
        }
    }

    /// A record by kind name and id.
    pub fn record(&self, kind: &str, id: &str) -> Option<Record<'a>> {
        let kind = KINDS
            .iter()
            .map(|(k, _)| *k)
            .chain(["figure"])
            .find(|k| *k == kind)?;
        self.records.get(&(kind, id)).copied()
    }

    /// The number of records of a collection (`regions`, `questions` …).
    pub fn count(&self, collection: &str) -> Option<usize> {
        let s = self.sources;
        Some(match collection {
            "outputs" => s.outputs.value.output.len(),
            "priorities" => s.kap.value.priority.len(),
            "products" => s.kap.value.product.len(),
            "enablers" => s.kap.value.enabler.len(),
            "regions" => s.regions.value.region.len(),
            "initiatives" => s.initiatives.value.initiative.len(),
            "study_groups" => s.study_groups.value.study_group.len(),
            "questions" => s.questions.value.question.len(),
            "resolutions" => s.resolutions.value.resolution.len(),
            _ => return None,
        })
    }

    /// The figure's number, by order of placement.
    pub fn figure_number(&self, id: &str) -> Option<usize> {
        self.figure_numbers.get(id).copied()
    }

    /// The table's number, by order of placement.
    pub fn table_number(&self, id: &str) -> Option<usize> {
        self.table_numbers.get(id).copied()
    }

    /// The sections in order of their numbers.
    pub fn sections(&self) -> Vec<&'a Loaded<SectionFile>> {
        let mut sections: Vec<_> = self.sources.sections.iter().collect();
        sections.sort_by_key(|s| section_key(s));
        sections
    }

    /// Every block in document order: summary, action, references, sections.
    pub fn blocks(&self) -> Vec<BlockRef<'a>> {
        let report = &self.sources.report;
        let front = [
            &report.value.summary,
            &report.value.action,
            &report.value.references,
        ];
        let mut blocks: Vec<BlockRef<'a>> = front
            .into_iter()
            .flatten()
            .map(|block| BlockRef {
                file: &report.file,
                section: None,
                block,
            })
            .collect();
        for section in self.sections() {
            blocks.extend(section.value.block.iter().map(|block| BlockRef {
                file: &section.file,
                section: Some(section),
                block,
            }));
        }
        blocks
    }

    /// Every text of the sources with its file and scope.
    pub fn texts(&self) -> Vec<TextRef<'a>> {
        let mut texts = Vec::new();
        let meta = &self.sources.report.value.meta;
        let report = &self.sources.report.file;
        for text in [&meta.group, &meta.meeting, &meta.source, &meta.title] {
            texts.push(TextRef {
                file: report,
                text,
                scope: None,
            });
        }
        let kap = &self.sources.kap;
        let groups = &kap.value.groups;
        for text in [&groups.priorities, &groups.products, &groups.enablers] {
            texts.push(TextRef {
                file: &kap.file,
                text,
                scope: None,
            });
        }
        for section in &self.sources.sections {
            texts.push(TextRef {
                file: &section.file,
                text: &section.value.title,
                scope: None,
            });
        }
        for block in self.blocks() {
            let b = block.block;
            let items = b.item.iter().flat_map(|items| items.get_ref().iter());
            for text in [&b.lead, &b.text, &b.caption]
                .into_iter()
                .flatten()
                .chain(items)
            {
                texts.push(TextRef {
                    file: block.file,
                    text,
                    scope: None,
                });
            }
        }
        for record in self.all_records() {
            let file = self.file_of(record);
            for (_, value) in record.fields() {
                if let Value::Text(text, scope) = value {
                    texts.push(TextRef {
                        file,
                        text,
                        scope: Some(scope),
                    });
                }
            }
            if let Record::Figure(figure) = record {
                let extra = figure
                    .top
                    .iter()
                    .chain(figure.target.iter().flat_map(|t| t.get_ref().iter()));
                texts.extend(extra.map(|text| TextRef {
                    file,
                    text,
                    scope: Some(record),
                }));
            }
        }
        texts
    }
}
