//! The document model: one language of the report, as both writers read
//! it. It knows nothing of TOML, Typst or Word; every string in it is final
//! text (placeholders resolved, labels and numbers filled in).

use serde::Serialize;

use crate::locale::{PdfFont, TypstLang, WordScript};

/// One edition of the report.
#[derive(Clone, Debug, Serialize)]
pub struct Doc {
    /// The edition's language.
    pub lang: Lang,
    /// The header block.
    pub meta: Meta,
    /// Summary, action required, references.
    pub front: Vec<Part>,
    /// Numbered sections, flattened into blocks.
    pub body: Vec<Block>,
}

/// Language settings of an edition.
#[derive(Clone, Debug, Serialize)]
pub struct Lang {
    /// Code, e.g. `zh`.
    pub code: String,
    /// BCP 47 tag, e.g. `zh-CN`.
    pub tag: String,
    /// ITU language letter.
    pub letter: String,
    /// Typst's language settings.
    pub typst: TypstLang,
    /// Word's language slot for the edition's language.
    pub word_script: WordScript,
    /// Typst font fallback list.
    pub fonts: Vec<PdfFont>,
    /// Word font for Latin text.
    pub docx_latin: String,
    /// Word font for East Asian text.
    pub docx_east_asia: String,
    /// Running header page number: text before and after the number.
    pub page_before: String,
    /// See `page_before`.
    pub page_after: String,
}

/// The header block.
#[derive(Clone, Debug, Serialize)]
pub struct Meta {
    /// The group, e.g. "Telecommunication Development Advisory Group (TDAG)".
    pub group: String,
    /// The meeting line.
    pub meeting: String,
    /// Document number with language letter, e.g. `TDAG-23/XX-E`.
    pub number: String,
    /// The document line, e.g. "Document TDAG-23/XX-E".
    pub document: String,
    /// Formatted date.
    pub date: String,
    /// Date as `YYYY-MM-DD`.
    pub date_iso: String,
    /// "Original: English".
    pub original: String,
    /// "Source:".
    pub source_label: String,
    /// Who submits it.
    pub source: String,
    /// "Title:".
    pub title_label: String,
    /// The title.
    pub title: String,
    /// Author for document properties (the source).
    pub author: String,
}

/// A labelled part of the front matter.
#[derive(Clone, Debug, Serialize)]
pub struct Part {
    /// "Summary:".
    pub label: String,
    /// Its content.
    pub blocks: Vec<Block>,
}

/// A block of content.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Block {
    /// A heading: level 1 for sections.
    Heading {
        /// 1 for sections, 2 for numbered subsections, 3 below.
        level: u8,
        /// "3.3", if numbered.
        number: Option<String>,
        /// The heading text.
        text: String,
    },
    /// A paragraph.
    Para {
        /// "1.1", if numbered.
        number: Option<String>,
        /// Bold run-in label.
        lead: Option<String>,
        /// The text.
        text: String,
    },
    /// A list.
    List {
        /// Item marker.
        marker: String,
        /// The items.
        items: Vec<String>,
    },
    /// A table.
    Table(Table),
    /// A figure.
    Figure(Figure),
}

/// A table with a caption above it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Table {
    /// Id from the sources.
    pub id: String,
    /// Full caption, e.g. "Table 1 – Study Group 1".
    pub caption: String,
    /// The columns.
    pub columns: Vec<Column>,
    /// Body rows (the header row comes from the columns).
    pub rows: Vec<Row>,
}

/// A table column.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Column {
    /// Header cell.
    pub header: String,
    /// Share of the table width, in percent.
    pub width: u32,
}

/// A table row.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Row {
    /// A row spanning all columns that heads a group (a region).
    Group {
        /// The group's name.
        text: String,
    },
    /// Ordinary cells.
    Cells {
        /// One string per column.
        cells: Vec<String>,
    },
}

/// A figure with a caption below it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Figure {
    /// Id from the sources.
    pub id: String,
    /// Full caption, e.g. "Figure 1 – Work cycles of the WTDC-22 outputs".
    pub caption: String,
    /// Description for readers who cannot see it.
    pub alt: String,
    /// What to draw.
    pub drawing: Drawing,
}

/// What a figure draws, with its data.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[serde(tag = "draw", rename_all = "kebab-case")]
pub enum Drawing {
    /// Bars of work cycles on a year axis.
    Timeline {
        /// First year shown.
        from: i64,
        /// Last year shown.
        to: i64,
        /// One bar per output.
        bars: Vec<Bar>,
    },
    /// The KAP's parts feeding the Strategic Plan.
    KapStructure {
        /// What the KAP feeds.
        top: String,
        /// Priorities, products and services, enablers.
        groups: Vec<Group>,
    },
    /// The KAP's parts linked to resolutions, WSIS and SDGs.
    Links {
        /// Priorities, products and services, enablers.
        groups: Vec<Group>,
        /// What they link to.
        targets: Vec<String>,
    },
}

/// A bar of the timeline.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Bar {
    /// The output's name.
    pub label: String,
    /// First year.
    pub start: i64,
    /// Last year, or open-ended.
    pub end: Option<i64>,
    /// For open-ended bars: until when.
    pub until: Option<String>,
}

/// A named group of items in a figure.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Group {
    /// The group's name.
    pub title: String,
    /// Its items.
    pub items: Vec<String>,
}

impl Doc {
    /// Every figure, in order.
    pub fn figures(&self) -> Vec<&Figure> {
        self.front
            .iter()
            .flat_map(|p| p.blocks.iter())
            .chain(self.body.iter())
            .filter_map(|b| match b {
                Block::Figure(f) => Some(f),
                _ => None,
            })
            .collect()
    }
}
