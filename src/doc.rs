//! The document model: one language of the report, as both writers read
//! it. It knows nothing of TOML, Typst or Word; every string in it is final
//! text (placeholders resolved, labels and numbers filled in). Revisions
//! mark runs, blocks, rows and figures as inserted or deleted.

use serde::Serialize;

use crate::layout::Layout;
use crate::locale::{Direction, PdfFont, WordScript};

/// Whether a piece of the document was inserted or deleted by a revision.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    /// Unchanged (or not a revision).
    #[default]
    None,
    /// Added since the baseline.
    Ins,
    /// Removed since the baseline.
    Del,
}

impl Mark {
    /// Whether unmarked.
    pub fn is_none(&self) -> bool {
        *self == Mark::None
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A run of text with one style: the unit of inline content.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Inline {
    /// The text (empty for a footnote reference).
    #[serde(rename = "t")]
    pub text: String,
    /// Bold.
    #[serde(rename = "b", skip_serializing_if = "is_false")]
    pub strong: bool,
    /// Italic.
    #[serde(rename = "i", skip_serializing_if = "is_false")]
    pub emph: bool,
    /// A hyperlink's address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// A footnote: its content; the run is the reference mark.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Vec<Inline>>,
    /// Revision mark.
    #[serde(skip_serializing_if = "Mark::is_none")]
    pub mark: Mark,
}

impl Inline {
    /// Plain text.
    pub fn plain(text: impl Into<String>) -> Self {
        Inline {
            text: text.into(),
            ..Inline::default()
        }
    }

    /// Whether two runs differ only in their text.
    pub fn same_style(&self, other: &Inline) -> bool {
        self.strong == other.strong
            && self.emph == other.emph
            && self.link == other.link
            && self.mark == other.mark
            && self.note.is_none()
            && other.note.is_none()
    }
}

/// Inline content.
pub type Inlines = Vec<Inline>;

/// The text of inline content without footnotes.
pub fn plain(inlines: &[Inline]) -> String {
    inlines
        .iter()
        .filter(|i| i.note.is_none())
        .map(|i| i.text.as_str())
        .collect()
}

/// Inline content of one plain run (none when empty).
pub fn text(s: impl Into<String>) -> Inlines {
    let s = s.into();
    if s.is_empty() {
        Vec::new()
    } else {
        vec![Inline::plain(s)]
    }
}

/// Appends runs, merging neighbours of the same style.
pub fn push_runs(out: &mut Inlines, runs: impl IntoIterator<Item = Inline>) {
    for run in runs {
        if run.text.is_empty() && run.note.is_none() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.same_style(&run) => last.text.push_str(&run.text),
            _ => out.push(run),
        }
    }
}

/// One edition of the report.
#[derive(Clone, Debug, Serialize)]
pub struct Doc {
    /// The edition's language.
    pub lang: Lang,
    /// The page and text layout.
    pub layout: Layout,
    /// The header block.
    pub meta: Meta,
    /// Summary, action required, references.
    pub front: Vec<Part>,
    /// Numbered sections, flattened into blocks.
    pub body: Vec<Block>,
    /// The stamp of a draft edition, if it is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<Draft>,
    /// Who made the changes of a revision edition (Word's tracked changes).
    #[serde(skip)]
    pub revised_by: Option<String>,
}

/// The watermark and stamp of a draft edition.
#[derive(Clone, Debug, Serialize)]
pub struct Draft {
    /// "DRAFT".
    pub watermark: String,
    /// "Draft built 2026-11-28 10:15 UTC".
    pub stamp: String,
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
    /// Typst's `lang`.
    pub typst_lang: String,
    /// Typst's `region`, if the tag has one.
    pub typst_region: Option<String>,
    /// Text direction.
    pub dir: Direction,
    /// Whether paragraphs are justified.
    pub justify: bool,
    /// Word's language slot for the edition's language.
    pub word_script: WordScript,
    /// Typst font fallback list.
    pub fonts: Vec<PdfFont>,
    /// Word font for Latin text.
    pub docx_latin: String,
    /// Word font for East Asian text.
    pub docx_east_asia: String,
    /// Word font for complex scripts.
    pub docx_complex: String,
    /// Typst's paragraph leading, in em.
    pub leading: f64,
    /// Running header page number: text before and after the number.
    pub page_before: String,
    /// See `page_before`.
    pub page_after: String,
}

/// A line of the header block.
#[derive(Clone, Debug, Serialize)]
pub struct HeaderLine {
    /// What it shows: `group`, `meeting`, `document`, `revision`, `date`, `original`.
    pub field: String,
    /// Its text.
    pub text: Inlines,
}

/// The header block and the document's identity.
#[derive(Clone, Debug, Serialize)]
pub struct Meta {
    /// The left column of the header block, top to bottom.
    pub left: Vec<HeaderLine>,
    /// The right column.
    pub right: Vec<HeaderLine>,
    /// Document number with language letter, e.g. `TDAG-23/XX-E`.
    pub number: String,
    /// Date as `YYYY-MM-DD`.
    pub date_iso: String,
    /// "Source:".
    pub source_label: String,
    /// Who submits it.
    pub source: Inlines,
    /// "Title:".
    pub title_label: String,
    /// The title.
    pub title: Inlines,
    /// The group, for document properties.
    pub group: String,
    /// Author for document properties and tracked changes.
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

/// A list item.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Item {
    /// Its text.
    pub text: Inlines,
    /// Identity for revisions: the record it shows, if any.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    /// Revision mark of the whole item.
    #[serde(skip_serializing_if = "Mark::is_none")]
    pub mark: Mark,
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
        number: Option<Inlines>,
        /// The heading text.
        text: Inlines,
        /// Revision mark of the whole block.
        #[serde(skip_serializing_if = "Mark::is_none")]
        mark: Mark,
    },
    /// A paragraph.
    Para {
        /// "1.1", if numbered.
        number: Option<Inlines>,
        /// Bold run-in label, with its separator.
        lead: Option<Inlines>,
        /// The text.
        text: Inlines,
        /// Revision mark of the whole block.
        #[serde(skip_serializing_if = "Mark::is_none")]
        mark: Mark,
    },
    /// A list.
    List {
        /// Item marker.
        marker: String,
        /// The items.
        items: Vec<Item>,
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
    pub caption: Inlines,
    /// The columns.
    pub columns: Vec<Column>,
    /// Body rows (the header row comes from the columns).
    pub rows: Vec<Row>,
    /// Revision mark of the whole table.
    #[serde(skip_serializing_if = "Mark::is_none")]
    pub mark: Mark,
}

/// A table column.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Column {
    /// Header cell.
    pub header: Inlines,
    /// Share of the table width, in percent.
    pub width: u32,
}

/// A table row.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Row {
    /// A row spanning all columns that heads a group (a region).
    pub group: bool,
    /// The cells; a group row has one.
    pub cells: Vec<Inlines>,
    /// Identity for revisions: the record it shows, if any.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub key: String,
    /// Revision mark of the whole row.
    #[serde(skip_serializing_if = "Mark::is_none")]
    pub mark: Mark,
}

/// A figure with a caption below it.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Figure {
    /// Id from the sources.
    pub id: String,
    /// Full caption, e.g. "Figure 1 – Work cycles of the WTDC-22 outputs".
    pub caption: Inlines,
    /// Description for readers who cannot see it.
    pub alt: String,
    /// What to draw.
    pub drawing: Drawing,
    /// Revision mark: a changed figure is its old drawing deleted and the
    /// new one inserted.
    #[serde(skip_serializing_if = "Mark::is_none")]
    pub mark: Mark,
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
    /// Every block: the front matter's, then the body's.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.front
            .iter()
            .flat_map(|p| p.blocks.iter())
            .chain(self.body.iter())
    }

    /// Every figure, in order.
    pub fn figures(&self) -> Vec<&Figure> {
        self.blocks()
            .filter_map(|b| match b {
                Block::Figure(f) => Some(f),
                _ => None,
            })
            .collect()
    }
}
